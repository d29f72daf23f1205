"""Diagrams of convolution and pooling, drawn from real tensors (chapter 9).

Each function takes the tensors a page computed with ``F.conv2d`` or a pooling function and
draws what happened: the window on the input, the kernel, the output, and the numbers of one
worked sum. The functions check that the tensors they are given agree with what they draw (the
worked sum equals the output cell, the number of window positions equals the output's size), so
a diagram cannot show a convolution that did not happen.

Used by :ref:`cnn_conv2d` (``examples/09_convolutional_networks/01_conv2d.py``), :ref:`cnn_edge_filters`
and :ref:`cnn_pooling_relu` (``examples/09_convolutional_networks/03_pooling_and_relu.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from torch.nn import functional as F

__all__ = [
    "draw_channel_sum",
    "draw_conv_window",
    "draw_padding_stride",
    "draw_pointwise",
    "draw_pooling",
    "draw_shift",
    "number",
    "worked_sum",
]

#: Okabe-Ito colours (colour-blind safe): orange, sky blue, bluish green, yellow, blue, vermillion.
COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00"]
_LIGHT = "#f2f2f2"
_PAD = "#d9d9d9"
_FONT = 12


def number(value: float) -> str:
    """A cell's number as the diagrams print it: integers without a point, a true minus sign.

    >>> [number(v) for v in (3.0, -2.0, 0.5, -1.25)]
    ['3', '−2', '0.5', '−1.25']
    """
    value = float(value)
    text = f"{value:.0f}" if value == round(value) else f"{value:.3g}"
    return text.replace("-", "−")


def worked_sum(patch: torch.Tensor, kernel: torch.Tensor, per_line: int | None = None) -> str:
    """The sum of products of a window and a kernel, written out with the real numbers.

    One line per kernel row (or ``per_line`` terms per line); negative numbers in brackets.

    >>> print(worked_sum(torch.tensor([[1.0, 2.0], [0.0, 3.0]]), torch.tensor([[2.0, -1.0], [1.0, 1.0]])))
    1·2 + 2·(−1)
    + 0·1 + 3·1 = 3
    """
    if patch.shape != kernel.shape:
        raise ValueError(f"the window {tuple(patch.shape)} and the kernel {tuple(kernel.shape)} differ in shape")
    per_line = per_line or (kernel.shape[-1] if kernel.dim() > 1 else len(kernel))

    def bracket(v: float) -> str:
        return f"({number(v)})" if v < 0 else number(v)

    terms = [f"{bracket(a)}·{bracket(b)}" for a, b in zip(patch.flatten().tolist(), kernel.flatten().tolist())]
    lines = [" + ".join(terms[i : i + per_line]) for i in range(0, len(terms), per_line)]
    total = (patch.double() * kernel.double()).sum().item()
    return "\n+ ".join(lines) + f" = {number(total)}"


def _grid(ax: Axes, values: torch.Tensor | None, x0: float, y0: float, shape: tuple[int, int] | None = None,
          colours: dict[tuple[int, int], str] | None = None, fill: str = "white", fontsize: int = _FONT,
          label: str | None = None) -> None:
    """Draw a grid of cells (row 0 at the top) with its numbers; ``(x0, y0)`` is its top-left corner."""
    rows, cols = tuple(values.shape) if values is not None else shape  # type: ignore[misc]
    colours = colours or {}
    for r in range(rows):
        for c in range(cols):
            colour = colours.get((r, c), fill)
            ax.add_patch(Rectangle((x0 + c, y0 - r - 1), 1, 1, facecolor=colour, edgecolor="#404040", lw=0.8))
            if values is not None:
                ax.text(x0 + c + 0.5, y0 - r - 0.5, number(values[r, c].item()), ha="center", va="center",
                        fontsize=fontsize)
    if label is not None:
        ax.text(x0 + cols / 2, y0 + 0.35, label, ha="center", va="bottom", fontsize=_FONT)


def _outline(ax: Axes, x0: float, y0: float, row: int, col: int, height: int, width: int, colour: str,
             lw: float = 3.0, ls: str = "-") -> None:
    ax.add_patch(Rectangle((x0 + col, y0 - row - height), width, height, fill=False, edgecolor=colour, lw=lw,
                           ls=ls))


def _diagram_axes(width: float, height: float, inches: float = 6.4) -> tuple[Figure, Axes]:
    """One axes in cell units, ``width`` cells wide and ``height`` cells below a label row, sized to fit."""
    x_span, y_span = width + 0.6, height + 1.5
    title = 0.45
    fig = plt.figure(figsize=(inches, inches * y_span / x_span + title))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0 - title / fig.get_figheight()))
    ax.set_xlim(-0.3, width + 0.3)
    ax.set_ylim(-height - 0.3, 1.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig, ax


def _plane(t: torch.Tensor, name: str) -> torch.Tensor:
    t = t.detach().cpu()
    while t.dim() > 2 and t.shape[0] == 1:
        t = t[0]
    if t.dim() != 2:
        raise ValueError(f"{name} must be one 2-D plane (leading dimensions of size 1 allowed), got {tuple(t.shape)}")
    return t


def draw_conv_window(x: torch.Tensor, kernel: torch.Tensor, out: torch.Tensor, row: int, col: int) -> Figure:
    """The kernel's window on the input, the output cell it gives, and the worked sum.

    ``x``, ``kernel`` and ``out`` are one plane each (stride 1, no padding, no bias), as returned by
    ``F.conv2d(x, kernel)``; ``(row, col)`` is the output cell to explain. Raises ``ValueError``
    when the written sum does not equal ``out[row, col]``, so the figure always shows a true sum.
    Used by :ref:`cnn_conv2d`.

    >>> x = torch.arange(16.0).reshape(4, 4)
    >>> k = torch.tensor([[1.0, 0.0], [0.0, -1.0]])
    >>> fig = draw_conv_window(x, k, F.conv2d(x[None, None], k[None, None])[0, 0], 1, 2)
    >>> fig.axes[0].texts[-1].get_text()
    '6·1 + 7·0\\n+ 10·0 + 11·(−1) = −5'
    """
    x, kernel, out = _plane(x, "x"), _plane(kernel, "kernel"), _plane(out, "out")
    kh, kw = kernel.shape
    if out.shape != (x.shape[0] - kh + 1, x.shape[1] - kw + 1):
        raise ValueError(f"out {tuple(out.shape)} is not the stride-1, unpadded output of {tuple(x.shape)} and "
                         f"{tuple(kernel.shape)}")
    patch = x[row : row + kh, col : col + kw]
    text = worked_sum(patch, kernel)
    total = (patch.double() * kernel.double()).sum().item()
    if abs(total - out[row, col].item()) > 1e-3 * max(1.0, abs(total)):
        raise ValueError(f"the worked sum {total} differs from out[{row}, {col}] = {out[row, col].item()}")
    H, W = x.shape
    oh, ow = out.shape
    gap = 1.6
    kx, ox = W + gap, W + gap + kw + gap
    width = ox + ow
    fig, ax = _diagram_axes(width, H + 0.4 + 0.75 * kh)
    window = {(row + r, col + c): COLOURS[0] for r in range(kh) for c in range(kw)}
    _grid(ax, x, 0, 0, colours=window, label="input")
    _outline(ax, 0, 0, row, col, kh, kw, COLOURS[5])
    _grid(ax, kernel, kx, 0, fill=COLOURS[1], label="kernel")
    _grid(ax, out, ox, 0, colours={(row, col): COLOURS[0]}, label="output")
    _outline(ax, ox, 0, row, col, 1, 1, COLOURS[5])
    ax.text(W + gap / 2, -kh / 2, "⋆", ha="center", va="center", fontsize=30)
    ax.text(kx + kw + gap / 2, -kh / 2, "=", ha="center", va="center", fontsize=20)
    ax.text(width / 2, -H - 0.5, text, ha="center", va="top", fontsize=_FONT, color="black")
    fig.suptitle("One output value: window times kernel, summed", fontsize=_FONT + 1)
    return fig


def _window_cells(r0: int, c0: int, k: int, d: int) -> list[tuple[int, int]]:
    return [(r0 + d * u, c0 + d * v) for u in range(k) for v in range(k)]


def draw_padding_stride(n: int, k: int, cases: Sequence[tuple[str, int, int, int, torch.Tensor]]) -> Figure:
    """Where the windows go for a few settings of padding, stride and dilation.

    ``cases`` holds ``(title, stride, padding, dilation, output)`` with the real output of a
    convolution of an ``n × n`` input and a ``k × k`` kernel. Each column shows the padded input
    (padding in grey) with the first window (orange) and the next one along the row (blue,
    dashed), a dot at the top-left tap of every window position, and under it the output grid with
    the real output's shape. Raises ``ValueError`` when the number of window positions differs from
    the output's size. Used by :ref:`cnn_conv2d`.

    >>> out = F.conv2d(torch.ones(1, 1, 5, 5), torch.ones(1, 1, 3, 3), stride=2, padding=1)
    >>> fig = draw_padding_stride(5, 3, [("stride 2", 2, 1, 1, out)])
    >>> len(fig.axes[0].lines[0].get_xdata())  # one dot per output value
    9
    """
    biggest = max(n + 2 * p for _, _, p, _, _ in cases)
    fig, axes = plt.subplots(1, len(cases), figsize=(2.2 * len(cases) + 0.2, 5.4), squeeze=False)
    for ax, (title, s, p, d, output) in zip(axes[0], cases):
        size = n + 2 * p
        span = d * (k - 1) + 1
        starts = list(range(0, size - span + 1, s))
        shape = tuple(output.shape[-2:])
        if shape != (len(starts), len(starts)):
            raise ValueError(f"{title}: {len(starts)} × {len(starts)} window positions, but the output is {shape}")
        colours = {(r, c): _PAD for r in range(size) for c in range(size)
                   if not (p <= r < p + n and p <= c < p + n)}
        for cell in _window_cells(0, 0, k, d):
            colours[cell] = COLOURS[0]
        _grid(ax, None, 0, 0, shape=(size, size), colours=colours, fill="white")
        if len(starts) > 1:
            for r, c in _window_cells(0, starts[1], k, d):
                _outline(ax, 0, 0, r, c, 1, 1, COLOURS[4], lw=2.0, ls="--")
        _outline(ax, 0, 0, 0, 0, span, span, COLOURS[5], lw=2.0)
        xs = [c + 0.5 for r in starts for c in starts]
        ys = [-r - 0.5 for r in starts for c in starts]
        ax.plot(xs, ys, "o", color="black", markersize=4)
        oy = -biggest - 1.6
        out_colours = {(0, 0): COLOURS[0]}
        if len(starts) > 1:
            out_colours[(0, 1)] = COLOURS[4]
        x0 = (size - shape[1]) / 2
        _grid(ax, None, x0, oy, shape=shape, colours=out_colours, fill=_LIGHT)
        ax.text(size / 2, oy + 0.2, f"{n}×{n} → {shape[0]}×{shape[1]}", ha="center", va="bottom", fontsize=_FONT)
        ax.set_title(title, fontsize=_FONT)
        ax.set_xlim(-0.3 - (biggest - size) / 2, size + 0.3 + (biggest - size) / 2)
        ax.set_ylim(-2 * biggest - 1.9, 0.3)
        ax.set_aspect("equal")
        ax.set_axis_off()
    fig.suptitle("Window positions and output size", fontsize=_FONT + 1)
    fig.tight_layout(rect=(0.0, 0.0, 1.0, 0.94))
    return fig


def draw_channel_sum(x: torch.Tensor, weight: torch.Tensor, out: torch.Tensor) -> Figure:
    """Several input channels, each convolved with its own kernel slice, summed into one map.

    ``x`` is ``[C, H, W]``, ``weight`` the ``[C, k, k]`` kernels of one output channel and ``out``
    the ``[H', W']`` map that ``F.conv2d`` returned for that channel (no bias). Each row shows
    an input channel, its kernel slice and its own result; the last column their sum. Raises
    ``ValueError`` when the per-channel results do not add up to ``out``. Used by :ref:`cnn_conv2d`.

    >>> x = torch.arange(18.0).reshape(2, 3, 3)
    >>> w = torch.ones(2, 2, 2)
    >>> fig = draw_channel_sum(x, w, F.conv2d(x[None], w[None])[0, 0])
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_position()[0] > 12][-5:]
    ['52', '60', '76', '84', 'output']
    """
    x, weight, out = x.detach().cpu(), weight.detach().cpu(), _plane(out, "out")
    if weight.dim() == 4 and weight.shape[0] == 1:
        weight = weight[0]
    C, H, W = x.shape
    if weight.shape[0] != C:
        raise ValueError(f"{C} input channels but {weight.shape[0]} kernel slices")
    k = weight.shape[-1]
    parts = [F.conv2d(x[c][None, None].double(), weight[c][None, None].double())[0, 0] for c in range(C)]
    total = torch.stack(parts).sum(0)
    if not torch.allclose(total, out.double(), atol=1e-3, rtol=1e-4):
        raise ValueError("the per-channel results do not add up to out")
    oh, ow = out.shape
    gap = 1.5
    kx, px = W + gap, W + gap + k + gap
    sx = px + ow + gap + 0.3
    row_height = max(H, oh) + 1.4
    height = C * row_height
    fig, ax = _diagram_axes(sx + ow, height - 1.2)
    for c in range(C):
        y0 = -c * row_height
        colour = COLOURS[c % len(COLOURS)]
        first = c == 0
        _grid(ax, x[c], 0, y0, fill=_LIGHT, label="input channel" if first else None, fontsize=_FONT - 1)
        _grid(ax, weight[c], kx, y0, fill=colour, label="kernel" if first else None, fontsize=_FONT - 1)
        _grid(ax, parts[c], px, y0, fill=_LIGHT, label="result" if first else None, fontsize=_FONT - 1)
        ax.text(W + gap / 2, y0 - k / 2, "⋆", ha="center", va="center", fontsize=28)
        ax.text(kx + k + gap / 2, y0 - k / 2, "=", ha="center", va="center", fontsize=18)
        if c > 0:
            ax.text(px + ow / 2, y0 + 0.7, "+", ha="center", va="center", fontsize=18)
    y_sum = -((C - 1) * row_height) / 2
    ax.text(px + ow + gap / 2 + 0.15, y_sum - oh / 2, "Σ", ha="center", va="center", fontsize=18)
    _grid(ax, out, sx, y_sum, fill=COLOURS[0], label="output", fontsize=_FONT - 1)
    fig.suptitle("Input channels summed into one output channel", fontsize=_FONT + 1)
    return fig


def draw_pointwise(x: torch.Tensor, weight: torch.Tensor, out: torch.Tensor, row: int, col: int) -> Figure:
    """A 1 × 1 convolution: at every pixel, a weighted sum across the channels.

    ``x`` is ``[C, H, W]``, ``weight`` the ``[1, C, 1, 1]`` (or ``[C]``) weights and ``out`` the
    ``[H, W]`` output of ``F.conv2d`` (no bias). The pixel ``(row, col)`` is marked in every channel
    and in the output, and its sum is written out. Raises ``ValueError`` when that sum differs from
    ``out[row, col]``. Used by :ref:`cnn_conv2d`.

    >>> x = torch.arange(12.0).reshape(3, 2, 2)
    >>> w = torch.tensor([1.0, -1.0, 2.0]).reshape(1, 3, 1, 1)
    >>> fig = draw_pointwise(x, w, F.conv2d(x[None], w)[0, 0], 0, 1)
    >>> fig.axes[0].texts[-1].get_text()
    '1·1 + 5·(−1) + 9·2 = 14'
    """
    x, out = x.detach().cpu(), _plane(out, "out")
    w = weight.detach().cpu().flatten()
    C, H, W = x.shape
    if w.numel() != C or out.shape != (H, W):
        raise ValueError(f"a 1 × 1 convolution of {tuple(x.shape)} needs {C} weights and an output of {(H, W)}")
    text = worked_sum(x[:, row, col], w, per_line=C)
    total = (x[:, row, col].double() * w.double()).sum().item()
    if abs(total - out[row, col].item()) > 1e-3 * max(1.0, abs(total)):
        raise ValueError(f"the worked sum {total} differs from out[{row}, {col}] = {out[row, col].item()}")
    gap = 1.2
    step = W + gap
    ox = C * step + 0.6
    width = ox + W
    fig, ax = _diagram_axes(width, H + 1.4)
    for c in range(C):
        _grid(ax, x[c], c * step, 0, fill=_LIGHT, colours={(row, col): COLOURS[c % len(COLOURS)]},
              label=f"× {number(w[c].item())}")
        _outline(ax, c * step, 0, row, col, 1, 1, COLOURS[5])
        if c > 0:
            ax.text(c * step - gap / 2, -H / 2, "+", ha="center", va="center", fontsize=18)
    ax.text(ox - 0.3, -H / 2, "=", ha="center", va="center", fontsize=18)
    _grid(ax, out, ox, 0, fill=_LIGHT, colours={(row, col): COLOURS[0]}, label="output")
    _outline(ax, ox, 0, row, col, 1, 1, COLOURS[5])
    ax.text(width / 2, -H - 0.6, text, ha="center", va="top", fontsize=_FONT)
    fig.suptitle("1×1 convolution: a weighted sum of the channels", fontsize=_FONT + 1)
    return fig


def draw_pooling(x: torch.Tensor, max_out: torch.Tensor, avg_out: torch.Tensor, size: int = 2) -> Figure:
    """Max and average pooling with non-overlapping ``size × size`` windows, each in its own colour.

    ``x`` is the input plane; ``max_out`` and ``avg_out`` the planes that ``F.max_pool2d`` and
    ``F.avg_pool2d`` returned with window and stride ``size``. The largest value of each window is
    drawn in bold. Raises ``ValueError`` when an output cell is not the maximum or the mean of its
    window. Used by :ref:`cnn_pooling_relu`.

    >>> x = torch.tensor([[1.0, 3.0], [2.0, 0.0]])
    >>> fig = draw_pooling(x, F.max_pool2d(x[None], 2)[0], F.avg_pool2d(x[None], 2)[0])
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_fontweight() == "bold"]
    ['3', '3']
    """
    x, max_out, avg_out = _plane(x, "x"), _plane(max_out, "max_out"), _plane(avg_out, "avg_out")
    H, W = x.shape
    oh, ow = H // size, W // size
    if max_out.shape != (oh, ow) or avg_out.shape != (oh, ow):
        raise ValueError(f"pooling {tuple(x.shape)} with windows of {size} gives {(oh, ow)}")
    blocks = x[: oh * size, : ow * size].reshape(oh, size, ow, size).permute(0, 2, 1, 3).reshape(oh, ow, -1)
    if not (torch.allclose(blocks.amax(-1), max_out) and torch.allclose(blocks.mean(-1), avg_out, atol=1e-5)):
        raise ValueError("max_out or avg_out is not the pooling of x")
    window_colour = {}
    for i in range(oh):
        for j in range(ow):
            colour = COLOURS[(i * ow + j) % 4]
            for u in range(size):
                for v in range(size):
                    window_colour[(i * size + u, j * size + v)] = colour
    gap = 1.6
    mx = W + gap
    ax_ = mx + ow + gap
    fig, ax = _diagram_axes(ax_ + ow, H)
    _grid(ax, x, 0, 0, colours=window_colour, label="input")
    for i in range(oh):
        for j in range(ow):
            block = x[i * size : (i + 1) * size, j * size : (j + 1) * size]
            u, v = divmod(int(block.argmax()), size)
            r, c = i * size + u, j * size + v
            ax.texts[r * W + c].set_fontweight("bold")
    top = -(H - oh) / 2
    cells = {(i, j): COLOURS[(i * ow + j) % 4] for i in range(oh) for j in range(ow)}
    _grid(ax, max_out, mx, top, colours=cells, label="max")
    for t in ax.texts[-oh * ow - 1 : -1]:
        t.set_fontweight("bold")
    _grid(ax, avg_out, ax_, top, colours=cells, label="average")
    ax.text(W + gap / 2, -H / 2, "→", ha="center", va="center", fontsize=18)
    fig.suptitle("2×2 pooling, stride 2", fontsize=_FONT + 1)
    return fig


def draw_shift(image: torch.Tensor, shifted: torch.Tensor, fmap: torch.Tensor, fmap_shifted: torch.Tensor,
               shift: tuple[int, int], border: int = 1) -> Figure:
    """Translation equivariance: a shifted input gives the same feature map, shifted.

    Four panels: the image, the image moved by ``shift = (down, right)`` pixels, and the
    same-size feature maps of both; dashed lines cross at the image's centre, moved by the shift
    in the shifted panels. Raises ``ValueError`` unless the second map is the first one moved by
    ``shift`` on every position at least ``border`` pixels (half the kernel) from the edges.
    Used by :ref:`cnn_edge_filters`.

    >>> img = torch.zeros(8, 8); img[2:4, 2:4] = 1
    >>> fig = draw_shift(img, torch.roll(img, (1, 2), (0, 1)), img, torch.roll(img, (1, 2), (0, 1)), (1, 2))
    >>> len(fig.axes)
    4
    """
    planes = [_plane(t, name) for t, name in ((image, "image"), (shifted, "shifted"), (fmap, "fmap"),
                                               (fmap_shifted, "fmap_shifted"))]
    dy, dx = shift
    H, W = planes[2].shape
    b = border
    if not torch.equal(planes[3][dy + b : H - b, dx + b : W - b], planes[2][b : H - dy - b, b : W - dx - b]):
        raise ValueError(f"fmap_shifted is not fmap moved by {shift}")
    titles = ["input", "shifted input", "map of input", "map of shifted input"]
    fig, axes = plt.subplots(2, 2, figsize=(6.0, 6.4))
    limit = max(planes[2].abs().max().item(), planes[3].abs().max().item()) or 1.0
    for ax, plane, title, i in zip(axes.flat, planes, titles, range(4)):
        if i < 2:
            ax.imshow(plane.numpy(), cmap="gray", interpolation="none")
        else:
            ax.imshow(plane.numpy(), cmap="PuOr", vmin=-limit, vmax=limit, interpolation="none")
        ax.set_title(title, fontsize=_FONT - 1)
        ax.set_xticks([])
        ax.set_yticks([])
    for ax, (oy, ox) in zip(axes.flat, [(0, 0), (dy, dx), (0, 0), (dy, dx)]):
        ax.axhline(oy + planes[0].shape[0] / 2 - 0.5, color=COLOURS[0], lw=1.2, ls="--")
        ax.axvline(ox + planes[0].shape[1] / 2 - 0.5, color=COLOURS[0], lw=1.2, ls="--")
    fig.suptitle("Shift the input, and the feature map shifts with it", fontsize=_FONT + 1)
    fig.tight_layout(h_pad=1.5)
    return fig
