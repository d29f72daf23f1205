"""Tensors drawn as tables of their real values (chapter 2, :ref:`chapter_tensors`).

A 1-D or 2-D tensor becomes a grid of cells that show its numbers; a cell can be coloured by a
group (the element's row, channel or source position) and drawn hatched when broadcasting only
repeats a value that is stored once. Every cell keeps its name as its Matplotlib ``gid``
(``"out 1,2"``), so :func:`read_table` and :func:`table_colors` read a drawn table back: the tests
compare that with what PyTorch computes.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

#: Matplotlib's colour-blind-friendly ``tab10`` cycle; a group's cells take its colour, tinted.
PALETTE: tuple[str, ...] = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                            "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
_CELL = 0.5  # inches per cell
_TOP = 0.5  # inches above the tables for the figure's title


def _tint(colour: str, amount: float) -> tuple[float, float, float]:
    """``colour`` mixed with white: ``amount`` 1 is the colour, 0 is white."""
    return tuple(amount * c + (1 - amount) for c in to_rgb(colour))  # type: ignore[return-value]


def _as_2d(values: torch.Tensor) -> torch.Tensor:
    if not isinstance(values, torch.Tensor):
        raise ValueError(f"values must be a torch.Tensor, got {type(values).__name__}")
    if values.dim() not in (1, 2):
        raise ValueError(f"can draw a 1-D or 2-D tensor as a table, got shape {tuple(values.shape)}")
    return values.detach().cpu().reshape(1, -1) if values.dim() == 1 else values.detach().cpu()


def _text(value: float | int, floating: bool) -> str:
    return f"{value:.2f}" if floating else str(int(value))


def draw_table(
    ax: Axes,
    values: torch.Tensor,
    *,
    name: str,
    origin: tuple[float, float] = (0.0, 0.0),
    groups: torch.Tensor | None = None,
    repeated: torch.Tensor | None = None,
    title: str | None = None,
) -> None:
    """Draw ``values`` (1-D: one row) as cells on ``ax``, whose y axis points down, at ``origin``.

    ``groups`` (same shape, integers) colours each cell with ``PALETTE[group]``; cells where
    ``repeated`` is true are drawn pale and hatched. ``title`` goes above the table.

    >>> fig, ax = plt.subplots()
    >>> draw_table(ax, torch.tensor([[1, 2], [3, 4]]), name="t", groups=torch.tensor([[0, 0], [1, 1]]))
    >>> read_table(fig, "t"), table_colors(fig, "t")[1]
    ([['1', '2'], ['3', '4']], [1, 1])
    >>> plt.close(fig)
    """
    table = _as_2d(values)
    shape = table.shape
    groups_2d = None if groups is None else _as_2d(groups).reshape(shape)
    repeated_2d = None if repeated is None else _as_2d(repeated).reshape(shape).bool()
    x0, y0 = origin
    floating = table.is_floating_point()
    for r in range(shape[0]):
        for c in range(shape[1]):
            group = None if groups_2d is None else int(groups_2d[r, c])
            faded = repeated_2d is not None and bool(repeated_2d[r, c])
            base = "#bbbbbb" if group is None else PALETTE[group % len(PALETTE)]
            cell = Rectangle((x0 + c, y0 + r), 1, 1, facecolor=_tint(base, 0.2 if faded else 0.55),
                             edgecolor="white" if not faded else "0.55", hatch="///" if faded else None,
                             linewidth=1.5 if not faded else 0.6, gid=f"{name} {r},{c}")
            cell.group = group  # type: ignore[attr-defined]
            ax.add_patch(cell)
            ax.text(x0 + c + 0.5, y0 + r + 0.5, _text(table[r, c].item(), floating), ha="center",
                    va="center", fontsize=11, color="0.45" if faded else "black", gid=f"{name} {r},{c}")
    if title is not None:
        ax.text(x0 + shape[1] / 2, y0 - 0.2, title, ha="center", va="bottom", fontsize=11)


def _canvas(width: float, height: float, title: str) -> tuple[Figure, Axes]:
    """A figure whose one axes spans ``width`` × ``height`` cells (y down), with ``title`` on top."""
    fig_height = height * _CELL + _TOP
    fig = plt.figure(figsize=(width * _CELL, fig_height))
    ax = fig.add_axes((0, 0, 1, height * _CELL / fig_height))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    fig.suptitle(title, y=1 - 0.08 / fig_height, va="top", fontsize=12)
    return fig, ax


def _cells(fig: Figure, name: str, kind: type) -> dict[tuple[int, int], object]:
    found = {}
    for artist in fig.findobj(kind):
        gid = artist.get_gid() or ""
        if gid.startswith(name + " ") and "," in gid:
            r, c = gid[len(name) + 1:].split(",")
            found[int(r), int(c)] = artist
    if not found:
        raise KeyError(f"the figure has no table named {name!r}")
    return found


def _grid(cells: dict[tuple[int, int], object], read: object) -> list[list]:
    rows = 1 + max(r for r, _ in cells)
    cols = 1 + max(c for _, c in cells)
    return [[read(cells[r, c]) for c in range(cols)] for r in range(rows)]  # type: ignore[operator]


def read_table(fig: Figure, name: str) -> list[list[str]]:
    """The numbers drawn in the table ``name`` of ``fig``, row by row, as the reader sees them."""
    from matplotlib.text import Text

    return _grid(_cells(fig, name, Text), lambda t: t.get_text())


def table_colors(fig: Figure, name: str) -> list[list[int | None]]:
    """The group (index into :data:`PALETTE`) each cell of the table ``name`` is coloured with."""
    return _grid(_cells(fig, name, Rectangle), lambda p: p.group)


def draw_tensor(values: torch.Tensor, *, groups: torch.Tensor | None = None, title: str = "tensor") -> Figure:
    """Draw a 1-D or 2-D tensor as a table of its values, optionally coloured by ``groups``.

    >>> fig = draw_tensor(torch.arange(6).view(2, 3), groups=torch.tensor([[0, 1, 2]] * 2))
    >>> read_table(fig, "t")
    [['0', '1', '2'], ['3', '4', '5']]
    >>> draw_tensor(torch.zeros(2, 2, 2))
    Traceback (most recent call last):
    ...
    ValueError: can draw a 1-D or 2-D tensor as a table, got shape (2, 2, 2)
    >>> plt.close("all")
    """
    rows, cols = _as_2d(values).shape
    fig, ax = _canvas(cols + 1, rows + 1, title)
    draw_table(ax, values, name="t", origin=(0.5, 0.5), groups=groups)
    return fig


def draw_broadcast(a: torch.Tensor, b: torch.Tensor) -> Figure:
    """``a + b`` for two tensors that broadcast to a 2-D shape (used in :ref:`tensors_broadcasting`).

    Both operands are drawn expanded to the common shape: the stored values in colour, the values
    broadcasting only repeats pale and hatched; then the sum. The tables are named ``"a"``,
    ``"b"`` and ``"sum"``.

    >>> fig = draw_broadcast(torch.tensor([[0], [10], [20]]), torch.arange(4))
    >>> read_table(fig, "sum")[2]
    ['20', '21', '22', '23']
    >>> read_table(fig, "a")[1]  # 10 is stored once and repeated along the row
    ['10', '10', '10', '10']
    >>> plt.close(fig)
    """
    shape = torch.broadcast_shapes(a.shape, b.shape)
    if len(shape) != 2:
        raise ValueError(f"draw_broadcast draws 2-D results, got shape {tuple(shape)}")
    rows, cols = shape
    fig, ax = _canvas(2 * cols + 2, 2 * rows + 2.5, "broadcasting a + b")
    for i, (tensor, name) in enumerate(((a, "a"), (b, "b"))):
        full = tensor.reshape((1,) * (2 - tensor.dim()) + tuple(tensor.shape))  # missing leading dims are 1
        repeated = torch.ones(shape, dtype=torch.bool)
        repeated[: full.shape[0], : full.shape[1]] = False  # the stored elements come first
        draw_table(ax, full.expand(shape), name=name, origin=(0.5 + i * (cols + 1), 0.8), repeated=repeated,
                   groups=torch.full(shape, i), title=f"{name}: {list(tensor.shape)}")
    ax.text(1 + cols, 0.8 + rows / 2, "+", ha="center", va="center", fontsize=16)
    below = 0.8 + rows + 1.0
    ax.text(0.5 + (cols + 1) / 2 - 0.5, below + rows / 2, "=", ha="center", va="center", fontsize=16)
    draw_table(ax, a + b, name="sum", origin=(0.5 + (cols + 1) / 2, below), title=f"a + b: {list(shape)}")
    return fig


def _slices(values: torch.Tensor) -> list[torch.Tensor]:
    return [values] if values.dim() == 2 else list(values.unbind(0))


def draw_permute(values: torch.Tensor, dims: Sequence[int], *, color_dim: int = 0) -> Figure:
    """A 2-D or 3-D tensor before and after ``permute(dims)`` (used in :ref:`tensors_reshaping`).

    Each element keeps the colour of its index along ``color_dim`` of the *original* tensor, so
    the reader sees where it moves. A 3-D tensor is drawn as its slices along dimension 0:
    ``"in[i]"`` before and ``"out[i]"`` after (a 2-D one as ``"in"`` and ``"out"``).

    >>> t = torch.arange(12).view(3, 2, 2)  # 3 channels of 2 × 2 pixels
    >>> fig = draw_permute(t, (1, 2, 0))  # channels last
    >>> read_table(fig, "out[0]")  # pixel (0, 0) holds its 3 channel values
    [['0', '4', '8'], ['1', '5', '9']]
    >>> table_colors(fig, "out[0]")[0]
    [0, 1, 2]
    >>> plt.close(fig)
    """
    if values.dim() not in (2, 3):
        raise ValueError(f"draw_permute draws 2-D or 3-D tensors, got shape {tuple(values.shape)}")
    after = values.permute(*dims)
    view = [1] * values.dim()
    view[color_dim] = -1
    groups = torch.arange(values.shape[color_dim]).view(view).expand(values.shape)
    moved = groups.permute(*dims)
    rows = [(values, groups, "in", "before"), (after, moved, "out", "after")]
    width = max(sum(s.shape[-1] + 1 for s in _slices(t)) for t, *_ in rows) + 0.5
    height = sum(_slices(t)[0].shape[0] + 1.4 for t, *_ in rows) + 0.2
    fig, ax = _canvas(width + 2.2, height, "where each element moves")
    y = 0.9
    for tensor, group, name, label in rows:
        middle = y + _slices(tensor)[0].shape[0] / 2
        ax.text(0.2, middle - 0.1, label, ha="left", va="bottom", fontsize=11)
        ax.text(0.2, middle + 0.1, str(list(tensor.shape)), ha="left", va="top", fontsize=11)
        x = 2.7
        for i, (part, part_groups) in enumerate(zip(_slices(tensor), _slices(group))):
            part_name = name if tensor.dim() == 2 else f"{name}[{i}]"
            draw_table(ax, part, name=part_name, origin=(x, y), groups=part_groups,
                       title=None if tensor.dim() == 2 else f"[{i}]")
            x += part.shape[-1] + 1
        y += _slices(tensor)[0].shape[0] + 1.4
    return fig


def draw_gather(source: torch.Tensor, dim: int, index: torch.Tensor) -> Figure:
    """``torch.gather(source, dim, index)`` for 2-D tensors (used in :ref:`tensors_where_gather`).

    The source is coloured by each cell's position along ``dim``; an index cell and the output
    cell it produces take the colour of the position it names, so each output cell has the
    colour of the source cell it came from. Tables: ``"source"``, ``"index"``, ``"out"``.

    >>> src = torch.tensor([[10, 11, 12], [20, 21, 22]])
    >>> fig = draw_gather(src, 1, torch.tensor([[2, 0], [1, 1]]))
    >>> read_table(fig, "out"), table_colors(fig, "out")
    ([['12', '10'], ['21', '21']], [[2, 0], [1, 1]])
    >>> plt.close(fig)
    """
    if source.dim() != 2 or index.dim() != 2:
        raise ValueError("draw_gather draws 2-D source and index tensors")
    out = torch.gather(source, dim, index)
    dim = dim % 2
    position = torch.arange(source.shape[dim]).view((-1, 1) if dim == 0 else (1, -1)).expand(source.shape)
    rows, cols = source.shape
    small_rows, small_cols = index.shape
    width = max(cols, 2 * small_cols + 2) + 1
    left = 1.0 if dim == 0 else 0.5  # room for the positions along dim: row numbers left, column numbers on top
    top = 1.3 if dim == 1 else 0.8
    fig, ax = _canvas(width + left - 0.5, rows + small_rows + 2.3 + top, f"gather along dim {dim}")
    draw_table(ax, source, name="source", origin=(left, top), groups=position, title="source" if dim == 0 else None)
    for p in range(source.shape[dim]):
        x, y = (left - 0.3, top + p + 0.5) if dim == 0 else (left + p + 0.5, top - 0.15)
        ax.text(x, y, str(p), ha="center", va="center" if dim == 0 else "bottom", fontsize=10, color="0.4")
    if dim == 1:
        ax.text(left + cols / 2, top - 0.6, "source", ha="center", va="bottom", fontsize=11)
    y = top + rows + 1.3
    draw_table(ax, index, name="index", origin=(left, y), groups=index, title="index")
    ax.text(left + small_cols + 0.5, y + small_rows / 2, "→", ha="center", va="center", fontsize=16)
    draw_table(ax, out, name="out", origin=(left + small_cols + 1, y), groups=index, title="output")
    return fig
