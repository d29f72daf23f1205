"""The gradient-descent step of chapter 3 is drawn with the slope and step length the update rule gives."""

from __future__ import annotations

import matplotlib
import pytest
import torch

from tutorial_utils.diagrams.descent import draw_descent_step

matplotlib.use("Agg")


def f(x):
    return (x - 3) ** 2 + 1


def df(x):
    return 2 * (x - 3)


def run(x0: float, lr: float, steps: int) -> torch.Tensor:
    path = [torch.tensor(x0)]
    for _ in range(steps):
        path.append(path[-1] - lr * df(path[-1]))
    return torch.stack(path)


def by_gid(fig, gid):
    found = [a for a in fig.axes[0].get_children() if a.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]



@pytest.mark.parametrize("x0, lr, steps", [(0.0, 0.3, 1), (0.0, 0.3, 3), (5.5, 0.1, 2), (0.0, 0.02, 1)])
def test_each_arrow_is_as_long_as_lr_times_the_slope_and_points_downhill(x0, lr, steps):
    path = run(x0, lr, steps)
    fig = draw_descent_step(f, df, path, lr, steps=steps)
    for k in range(steps):
        arrow = by_gid(fig, f"step {k}")
        (start, y0), (end, y1) = arrow.xyann, arrow.xy
        assert y0 == y1  # along the x axis
        assert start == pytest.approx(path[k].item())
        assert abs(end - start) == pytest.approx(lr * abs(df(path[k]).item()), rel=1e-5)
        assert (end - start) * df(path[k]).item() < 0  # against the derivative


@pytest.mark.parametrize("x0", [0.0, 4.0])
def test_the_tangent_touches_the_curve_with_the_slope_f_prime(x0):
    path = run(x0, 0.3, 1)
    fig = draw_descent_step(f, df, path, 0.3)
    xs, ys = by_gid(fig, "tangent 0").get_data()
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(df(path[0]).item())
    middle = (xs[0] + xs[1]) / 2
    assert middle == pytest.approx(x0) and (ys[0] + ys[1]) / 2 == pytest.approx(f(path[0]).item())


def test_the_slope_and_the_step_are_written_with_their_values():
    fig = draw_descent_step(f, df, run(0.0, 0.3, 1), 0.3)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "$f'(x_0) = -6$" in texts and "$-\\eta\\,f'(x_0) = 1.8$" in texts
    assert fig.axes[0].get_title() == "one step of gradient descent"


def test_a_path_that_is_not_the_update_rule_is_refused():
    with pytest.raises(ValueError, match=r"path\[1\]"):
        draw_descent_step(f, df, torch.tensor([0.0, 1.0]), 0.3)
    with pytest.raises(ValueError, match="steps must be between 1 and 1"):
        draw_descent_step(f, df, torch.tensor([0.0, 1.8]), 0.3, steps=2)
