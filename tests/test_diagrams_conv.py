"""The convolution diagrams of chapter 9 show what ``F.conv2d`` and the pooling functions computed."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest
import torch
from torch.nn import functional as F

from tutorial_utils.diagrams.conv import (
    draw_channel_sum,
    draw_conv_window,
    draw_padding_stride,
    draw_pointwise,
    draw_pooling,
    draw_shift,
    worked_sum,
)



def _evaluate(text: str) -> float:
    """The value of a written-out sum such as ``1·2 + 3·(−1) = 5`` (left of the ``=``)."""
    expression = text.split("=")[0].replace("·", "*").replace("−", "-").replace("\n", " ")
    assert set(expression) <= set("0123456789.+-*() "), expression
    return eval(expression)  # noqa: S307 (digits and operators only, checked above)


def _cell_numbers(ax, x0: float, rows: int, cols: int, y0: float = 0.0) -> torch.Tensor:
    """The numbers written in the cells of a grid whose top-left corner is at ``(x0, y0)``."""
    found = {}
    for t in ax.texts:
        x, y = t.get_position()
        c, r = x - x0 - 0.5, y0 - y - 0.5
        if 0 <= c < cols and 0 <= r < rows and abs(c - round(c)) < 1e-6 and abs(r - round(r)) < 1e-6:
            found[(round(r), round(c))] = float(t.get_text().replace("−", "-"))
    assert len(found) == rows * cols
    return torch.tensor([[found[(r, c)] for c in range(cols)] for r in range(rows)])


def _integer_example(seed: int = 0):
    generator = torch.Generator().manual_seed(seed)
    x = torch.randint(0, 5, (1, 1, 5, 5), generator=generator).float()
    k = torch.randint(-2, 3, (1, 1, 3, 3), generator=generator).float()
    return x, k, F.conv2d(x, k)


@pytest.mark.parametrize("row, col", [(0, 0), (1, 2), (2, 1)])
def test_worked_sum_equals_the_convolution_output_at_its_cell(row, col):
    x, k, out = _integer_example()
    fig = draw_conv_window(x[0, 0], k[0, 0], out[0, 0], row, col)
    text = fig.axes[0].texts[-1].get_text()
    assert _evaluate(text) == out[0, 0, row, col].item()
    assert text.endswith("= " + f"{out[0, 0, row, col].item():.0f}".replace("-", "−"))
    assert text.count("·") == 9


def test_window_diagram_shows_the_input_kernel_and_output_values():
    x, k, out = _integer_example(1)
    fig = draw_conv_window(x[0, 0], k[0, 0], out[0, 0], 1, 1)
    ax = fig.axes[0]
    assert torch.equal(_cell_numbers(ax, 0, 5, 5), x[0, 0])
    assert torch.equal(_cell_numbers(ax, 5 + 1.6, 3, 3), k[0, 0])
    assert torch.equal(_cell_numbers(ax, 5 + 1.6 + 3 + 1.6, 3, 3), out[0, 0])


def test_window_diagram_refuses_an_output_that_is_not_the_convolution():
    x, k, out = _integer_example()
    wrong = out.clone()
    wrong[0, 0, 1, 1] += 1
    with pytest.raises(ValueError, match="differs from out"):
        draw_conv_window(x[0, 0], k[0, 0], wrong[0, 0], 1, 1)
    with pytest.raises(ValueError, match="not the stride-1"):
        draw_conv_window(x[0, 0], k[0, 0], F.conv2d(x, k, padding=1)[0, 0], 1, 1)


def test_worked_sum_writes_negative_numbers_in_brackets():
    assert worked_sum(torch.tensor([-1.0, 2.0]), torch.tensor([3.0, -0.5])) == "(−1)·3 + 2·(−0.5) = −4"
    with pytest.raises(ValueError, match="differ in shape"):
        worked_sum(torch.ones(2, 2), torch.ones(3, 3))


def test_padding_stride_dilation_draw_one_dot_per_output_value():
    x, w = torch.rand(1, 1, 6, 6), torch.rand(1, 1, 3, 3)
    settings = [("padding 1", 1, 1, 1), ("stride 2", 2, 1, 1), ("dilation 2", 1, 0, 2), ("stride 3", 3, 0, 1)]
    cases = [(t, s, p, d, F.conv2d(x, w, stride=s, padding=p, dilation=d)) for t, s, p, d in settings]
    fig = draw_padding_stride(6, 3, cases)
    for ax, (title, *_, out) in zip(fig.axes, cases):
        assert ax.get_title() == title
        assert len(ax.lines[0].get_xdata()) == out.shape[-1] * out.shape[-2]
        assert any(t.get_text() == f"6×6 → {out.shape[-2]}×{out.shape[-1]}" for t in ax.texts)


def test_padding_stride_refuses_an_output_of_another_size():
    x, w = torch.rand(1, 1, 6, 6), torch.rand(1, 1, 3, 3)
    with pytest.raises(ValueError, match="window positions"):
        draw_padding_stride(6, 3, [("stride 2", 2, 1, 1, F.conv2d(x, w, stride=2))])


def test_channel_sum_shows_per_channel_results_that_add_up_to_the_output():
    generator = torch.Generator().manual_seed(2)
    x = torch.randint(0, 4, (1, 3, 4, 4), generator=generator).float()
    w = torch.randint(-1, 2, (1, 3, 2, 2), generator=generator).float()
    out = F.conv2d(x, w)
    fig = draw_channel_sum(x[0], w[0], out[0, 0])
    ax = fig.axes[0]
    result_x = 4 + 1.5 + 2 + 1.5
    row_height = 4 + 1.4
    shown = [_cell_numbers(ax, result_x, 3, 3, y0=-c * row_height) for c in range(3)]
    for c in range(3):
        assert torch.equal(shown[c], F.conv2d(x[:, c : c + 1], w[:, c : c + 1])[0, 0])
    total = _cell_numbers(ax, result_x + 3 + 1.5 + 0.3, 3, 3, y0=-row_height)
    assert torch.equal(total, out[0, 0]) and torch.equal(sum(shown), total)


def test_channel_sum_refuses_a_wrong_total():
    x, w = torch.ones(3, 3, 3), torch.ones(3, 2, 2)
    with pytest.raises(ValueError, match="do not add up"):
        draw_channel_sum(x, w, torch.zeros(2, 2))


def test_pointwise_sum_equals_the_one_by_one_convolution():
    generator = torch.Generator().manual_seed(3)
    x = torch.randint(0, 4, (1, 3, 4, 4), generator=generator).float()
    w = torch.tensor([1.0, -1.0, 2.0]).reshape(1, 3, 1, 1)
    out = F.conv2d(x, w)
    for row, col in [(0, 0), (3, 1)]:
        fig = draw_pointwise(x[0], w, out[0, 0], row, col)
        text = fig.axes[0].texts[-1].get_text()
        assert _evaluate(text) == out[0, 0, row, col].item()
        assert text.count("·") == 3
    with pytest.raises(ValueError, match="differs from out"):
        draw_pointwise(x[0], w, out[0, 0] + 1, 0, 0)


def test_pooling_diagram_shows_the_real_max_and_mean_and_bolds_each_maximum():
    grid = torch.tensor([[1.0, 3.0, 2.0, 0.0], [4.0, 6.0, 5.0, 1.0], [8.0, 2.0, 0.0, 7.0], [3.0, 9.0, 4.0, 1.0]])
    max_out, avg_out = F.max_pool2d(grid[None], 2)[0], F.avg_pool2d(grid[None], 2)[0]
    fig = draw_pooling(grid, max_out, avg_out)
    ax = fig.axes[0]
    assert torch.equal(_cell_numbers(ax, 4 + 1.6, 2, 2, y0=-1), max_out)
    assert torch.equal(_cell_numbers(ax, 4 + 1.6 + 2 + 1.6, 2, 2, y0=-1), avg_out)
    bold_in_input = sorted(float(t.get_text()) for t in ax.texts[:16] if t.get_fontweight() == "bold")
    assert bold_in_input == sorted(max_out.flatten().tolist())
    with pytest.raises(ValueError, match="not the pooling"):
        draw_pooling(grid, avg_out, max_out)


def test_shift_diagram_has_the_four_panels_and_marks_the_shift():
    image = torch.zeros(10, 10)
    image[3:5, 3:6] = 1
    moved = F.pad(image, (2, 0, 1, 0))[:10, :10]
    fig = draw_shift(image, moved, image, moved, shift=(1, 2))
    assert [ax.get_title() for ax in fig.axes] == ["input", "shifted input", "map of input", "map of shifted input"]
    assert fig.axes[1].lines[1].get_xdata()[0] - fig.axes[0].lines[1].get_xdata()[0] == 2
    assert fig.axes[1].lines[0].get_ydata()[0] - fig.axes[0].lines[0].get_ydata()[0] == 1


def test_shift_diagram_refuses_maps_that_did_not_move_together():
    image = torch.zeros(10, 10)
    image[3:5, 3:6] = 1
    moved = F.pad(image, (2, 0, 1, 0))[:10, :10]
    sobel = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])[None, None]
    maps = [F.conv2d(t[None, None], sobel, padding=1)[0, 0] for t in (image, moved)]
    draw_shift(image, moved, maps[0], maps[1], shift=(1, 2))
    with pytest.raises(ValueError, match="not fmap moved"):
        draw_shift(image, moved, maps[0], maps[0], shift=(1, 2))
