"""One step of gradient descent, drawn on the page's own function (chapter 3, :ref:`regression_gradient_descent`).

The diagram shows the ingredients of :math:`x_{k+1} = x_k - \\eta f'(x_k)`: the point on the curve, the
tangent there with its slope :math:`f'(x_k)`, and the step :math:`-\\eta f'(x_k)` as an arrow along
the :math:`x` axis to the next iterate. The arrow of step ``k`` has the ``gid`` ``"step k"`` and its
tangent ``"tangent k"``, so a test can measure them.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure

Function = Callable[[torch.Tensor], torch.Tensor]
_COLOURS = ("#0072B2", "#D55E00", "#009E73")  # Okabe-Ito blue, vermillion, green


def draw_descent_step(f: Function, df: Function, path: torch.Tensor, lr: float, *, steps: int = 1) -> Figure:
    """Draw the first ``steps`` steps of the iterates ``path`` of gradient descent on ``f``.

    ``path`` holds :math:`x_0, x_1, \\ldots` as computed on the page; each drawn step is checked to
    be :math:`x_{k+1} = x_k - \\eta f'(x_k)` with ``lr`` as :math:`\\eta`, so the picture cannot
    show a step the page did not take.

    >>> f = lambda x: (x - 3) ** 2 + 1
    >>> df = lambda x: 2 * (x - 3)
    >>> path = torch.tensor([0.0, 1.8, 2.52])
    >>> fig = draw_descent_step(f, df, path, 0.3)
    >>> arrow = [a for a in fig.axes[0].texts if a.get_gid() == "step 0"][0]
    >>> round(arrow.xy[0] - arrow.xyann[0], 4)  # the step -lr * f'(x_0) = -0.3 * -6
    1.8
    >>> draw_descent_step(f, df, path, 0.1)
    Traceback (most recent call last):
    ...
    ValueError: path[1] = 1.8 is not path[0] - lr * df(path[0]) = 0.6
    >>> plt.close("all")
    """
    path = path.detach().cpu().double()
    if not 1 <= steps < len(path):
        raise ValueError(f"steps must be between 1 and {len(path) - 1}, got {steps}")
    xs = path[: steps + 1]
    slopes = df(xs[:-1])
    for k in range(steps):
        expected = xs[k] - lr * slopes[k]
        if abs(xs[k + 1].item() - expected.item()) > 1e-5 * (1 + abs(expected.item())):
            raise ValueError(f"path[{k + 1}] = {xs[k + 1].item():.4g} is not path[{k}] - lr * df(path[{k}]) "
                             f"= {expected.item():.4g}")
    lo, hi = xs.min().item(), xs.max().item()
    span = max(hi - lo, 1.0)
    grid = torch.linspace(lo - 0.35 * span, hi + 1.0 * span, 200, dtype=torch.float64)
    curve = f(grid)
    fig, ax = plt.subplots(figsize=(5.2, 3.9))
    ax.plot(grid.numpy(), curve.numpy(), color="0.55", linewidth=2)
    bottom = curve.min().item() - 0.25 * (curve.max().item() - curve.min().item())
    for k in range(steps):
        colour = _COLOURS[k % len(_COLOURS)]
        x, y, slope = xs[k].item(), f(xs[k]).item(), slopes[k].item()
        run = 0.4 * span
        tangent_x = torch.tensor([x - run, x + run], dtype=torch.float64)
        ax.plot(tangent_x.numpy(), (y + slope * (tangent_x - x)).numpy(), color=colour, linewidth=1.5,
                gid=f"tangent {k}")
        ax.annotate("tangent", (x + run, y + slope * run), xytext=(-2, -4), textcoords="offset points",
                    ha="right" if slope < 0 else "left", va="top", fontsize=11, color=colour)
        ax.plot([x, x + 1, x + 1], [y, y, y + slope], color=colour, linewidth=1, linestyle=":")
        ax.annotate(f"$f'(x_{k}) = {slope:.3g}$", (x + 1, y + slope / 2), xytext=(5, 0),
                    textcoords="offset points", va="center", fontsize=11, color=colour)
        ax.annotate("", xy=(xs[k + 1].item(), bottom), xytext=(x, bottom), gid=f"step {k}",
                    arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2, "shrinkA": 0, "shrinkB": 0})
        ax.annotate(f"$-\\eta\\,f'(x_{k}) = {-lr * slope:.3g}$", ((x + xs[k + 1].item()) / 2, bottom),
                    xytext=(0, 6), textcoords="offset points", ha="center", fontsize=11, color=colour)
    ax.annotate("step", (xs[0].item(), bottom), xytext=(-6 if slopes[0] < 0 else 6, 0), textcoords="offset points",
                ha="right" if slopes[0] < 0 else "left", va="center", fontsize=11)
    ax.plot(xs.numpy(), f(xs).numpy(), "o", color="black", markersize=5, zorder=3)
    for k, x in enumerate(xs.tolist()):
        ax.plot([x, x], [bottom, f(xs[k]).item()], color="0.6", linewidth=0.8, linestyle="--")
        ax.annotate(f"$x_{k}$", (x, f(xs[k]).item()), xytext=(-4 if k == 0 else 6, 4), textcoords="offset points",
                    ha="right" if k == 0 else "left", fontsize=12)
    ax.set_ylim(bottom - 0.1 * (curve.max().item() - bottom), None)
    ax.set_xlabel("x", fontsize=11)
    ax.set_ylabel("f(x)", fontsize=11)
    ax.set_title("one step of gradient descent" if steps == 1 else "steps of gradient descent", fontsize=12)
    fig.tight_layout()
    return fig
