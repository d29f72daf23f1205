"""Graphs of a computation: the ``grad_fn`` chain autograd recorded, and a layered network.

``draw_grad_graph`` walks the real record (``tensor.grad_fn`` and its ``next_functions``) and
draws it from the inputs on the left to the output on the right; ``draw_network`` draws the
units of a fully connected network layer by layer, with the units a dropout mask removed
crossed out. Both return the Matplotlib figure, so sphinx-gallery shows it on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Patch
from torch import nn

#: Okabe-Ito colours (colour-blind safe): leaf tensors, backward functions, the output's function.
LEAF_COLOR = "#56B4E9"
FUNCTION_COLOR = "#E69F00"
OUTPUT_COLOR = "#D55E00"
#: The most steps :func:`draw_grad_graph` draws side by side; a longer graph is drawn top to bottom.
MAX_ACROSS = 6
UNIT_COLOR = "#0072B2"
DROPPED_COLOR = "#BBBBBB"


@dataclass(frozen=True)
class GraphNode:
    """One node of a recorded graph: a leaf tensor (``kind="leaf"``) or a backward function."""

    label: str
    kind: str
    shape: tuple[int, ...] | None = None


def grad_graph(output: torch.Tensor, names: Mapping[torch.Tensor, str] | None = None
               ) -> tuple[list[GraphNode], list[tuple[int, int]]]:
    """The graph autograd recorded for ``output``: its nodes, inputs first, and its edges, forward.

    The walk starts at ``output.grad_fn`` and follows ``next_functions``. A leaf that requires a
    gradient appears as its ``AccumulateGrad`` node and is labelled with its name from ``names``
    (a dict ``{tensor: name}``; an unnamed leaf gets an empty label); every other node is
    labelled with its backward function's name, such as ``MulBackward0``. Tensors that need no
    gradient are not recorded, so they do not appear. Each edge ``(i, j)`` says that node ``i``
    feeds node ``j`` in the forward direction. Used in :ref:`install_first_autograd` and
    :ref:`gradients_backprop`.

    >>> import torch
    >>> a = torch.ones(3, requires_grad=True)
    >>> nodes, edges = grad_graph((a * 2).sum(), {a: "a"})
    >>> [(n.label, n.kind, n.shape) for n in nodes]
    [('a', 'leaf', (3,)), ('MulBackward0', 'function', None), ('SumBackward0', 'function', None)]
    >>> edges
    [(0, 1), (1, 2)]
    >>> grad_graph(torch.ones(2))
    Traceback (most recent call last):
    ...
    ValueError: the tensor has no grad_fn: autograd recorded nothing (does an input require grad?)
    """
    if output.grad_fn is None:
        raise ValueError("the tensor has no grad_fn: autograd recorded nothing (does an input require grad?)")
    known = {id(tensor): name for tensor, name in (names or {}).items()}
    order: list[Any] = []  # post-order of the walk: every node after the nodes that feed it
    seen: set[int] = set()
    inputs: dict[int, list[Any]] = {}
    stack: list[tuple[Any, bool]] = [(output.grad_fn, False)]
    while stack:
        fn, expanded = stack.pop()
        if expanded:
            order.append(fn)
            continue
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        feeders = [f for f, _ in fn.next_functions if f is not None]
        inputs[id(fn)] = list(dict.fromkeys(feeders))
        stack.append((fn, True))
        stack.extend((f, False) for f in reversed(inputs[id(fn)]) if id(f) not in seen)
    index = {id(fn): i for i, fn in enumerate(order)}
    nodes = []
    for fn in order:
        variable = getattr(fn, "variable", None)
        if isinstance(variable, torch.Tensor):
            nodes.append(GraphNode(known.get(id(variable), ""), "leaf", tuple(variable.shape)))
        else:
            nodes.append(GraphNode(fn.name(), "function"))
    edges = sorted((index[id(f)], index[id(fn)]) for fn in order for f in inputs[id(fn)])
    return nodes, edges


def _columns(count: int, edges: list[tuple[int, int]]) -> list[int]:
    """Each node's column: as far right as it can go, the output in the last column."""
    consumers: dict[int, list[int]] = {i: [] for i in range(count)}
    for source, target in edges:
        consumers[source].append(target)
    distance = [0] * count  # longest path to the output; nodes come inputs first, output last
    for i in reversed(range(count)):
        distance[i] = max((distance[j] + 1 for j in consumers[i]), default=0)
    last = max(distance)
    return [last - d for d in distance]


def _rows(columns: list[int], edges: list[tuple[int, int]]) -> list[float]:
    """Each node's row: under its consumers, the longest chain on the output's row, side inputs above."""
    count = len(columns)
    consumers: dict[int, list[int]] = {i: [] for i in range(count)}
    feeders: dict[int, list[int]] = {i: [] for i in range(count)}
    for source, target in edges:
        consumers[source].append(target)
        feeders[target].append(source)
    height = [0] * count  # longest path from an input
    for i in range(count):
        height[i] = max((height[j] + 1 for j in feeders[i]), default=0)
    rows = [0.0] * count
    for column in sorted(set(columns), reverse=True):
        members = [i for i in range(count) if columns[i] == column]
        wanted = {i: (sum(rows[j] for j in consumers[i]) / len(consumers[i]) if consumers[i] else 0.0)
                  for i in members}
        previous = None
        for i in sorted(members, key=lambda i: (wanted[i], -height[i], i)):
            rows[i] = wanted[i] if previous is None else max(wanted[i], previous + 1)
            previous = rows[i]
    return rows


def draw_grad_graph(output: torch.Tensor, names: Mapping[torch.Tensor, str] | None = None, *,
                    title: str = "computational graph", vertical: bool | None = None) -> Figure:
    """Draw the graph autograd recorded for ``output``, inputs first, arrows forward.

    A short graph runs from left to right; a long one (``vertical``: by default, more than
    :data:`MAX_ACROSS` steps) runs from top to bottom, so that its words stay readable on a
    phone's narrow column.

    Blue boxes are the leaf tensors that require a gradient (their name from ``names`` and their
    shape), orange boxes the backward functions autograd will call, the darker one the function
    that made ``output``. The nodes and edges are those of :func:`grad_graph`. Used in
    :ref:`install_first_autograd` (``y = x**2`` summed) and :ref:`gradients_backprop` (the
    3-4-2 network's loss).

    >>> import torch
    >>> x = torch.ones(4, requires_grad=True)
    >>> fig = draw_grad_graph((x**2).sum(), {x: "x"})
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['x\\n[4]', 'Pow\\nBackward0', 'Sum\\nBackward0']
    >>> len(fig.axes[0].patches)  # three boxes and two arrows
    5
    >>> plt.close(fig)
    """
    nodes, edges = grad_graph(output, names)
    columns = _columns(len(nodes), edges)
    rows = _rows(columns, edges)
    n_columns, top = max(columns) + 1, max(rows)
    if vertical is None:
        vertical = n_columns > MAX_ACROSS
    spacing, width, height = 1.25, 0.95, 0.62  # inches: a column, a box's width and height
    if vertical:  # the steps go down the page, side inputs to the right
        step = 0.85
        fig, ax = plt.subplots(figsize=(spacing * (top + 1) + 0.4, step * n_columns + 1.2))
        ax.set_xlim(-0.55 * spacing, (top + 0.55) * spacing)
        ax.set_ylim(-(n_columns - 0.45) * step, 0.55 * step)
        x = [spacing * r for r in rows]
        y = [-step * c for c in columns]
    else:
        fig, ax = plt.subplots(figsize=(spacing * n_columns + 0.2, 0.9 * (top + 1) + 1.1))
        ax.set_xlim(-0.55 * spacing, (n_columns - 0.45) * spacing)
        ax.set_ylim(-0.6, top + 0.6)
        x = [spacing * c for c in columns]
        y = list(rows)
    ax.set_axis_off()
    ax.set_title(title, fontsize=12)
    for i, node in enumerate(nodes):
        if node.kind == "leaf":
            text, color = f"{node.label}\n{list(node.shape or ())}".strip(), LEAF_COLOR
        else:
            name = node.label
            cut = name.find("Backward")
            text = f"{name[:cut]}\n{name[cut:]}" if cut > 0 else name
            color = OUTPUT_COLOR if i == len(nodes) - 1 else FUNCTION_COLOR
        ax.add_patch(FancyBboxPatch((x[i] - width / 2, y[i] - height / 2), width, height,
                                    boxstyle="round,pad=0.02,rounding_size=0.08", facecolor=color,
                                    edgecolor="black", linewidth=1.0, alpha=0.9))
        ax.text(x[i], y[i], text, ha="center", va="center", fontsize=10)
    for source, target in edges:
        if vertical:  # from the bottom of one box to the top of the next
            start, end = (x[source], y[source] - height / 2 - 0.02), (x[target], y[target] + height / 2 + 0.02)
        else:
            start, end = (x[source] + width / 2 + 0.02, y[source]), (x[target] - width / 2 - 0.02, y[target])
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, linewidth=1.2,
                                     color="black"))
    ax.legend(handles=[Patch(facecolor=LEAF_COLOR, edgecolor="black", label="leaf tensor"),
                       Patch(facecolor=FUNCTION_COLOR, edgecolor="black", label="backward function")],
              loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=1 if vertical else 2, frameon=False,
              fontsize=10)
    fig.tight_layout()
    return fig


def layer_sizes(model: nn.Module) -> list[int]:
    """The sizes of a stack of ``nn.Linear`` layers: the first layer's inputs, then each layer's outputs.

    Used in :ref:`first_network_mse` to draw the page's own network with :func:`draw_network`.

    >>> from torch import nn
    >>> layer_sizes(nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)))
    [784, 256, 10]
    >>> layer_sizes(nn.ReLU())
    Traceback (most recent call last):
    ...
    ValueError: the model has no nn.Linear layer
    """
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not linears:
        raise ValueError("the model has no nn.Linear layer")
    return [linears[0].in_features] + [m.out_features for m in linears]


def _shown(size: int, max_units: int) -> list[int | None]:
    """The units drawn for a layer: all of them, or the first few, a gap (``None``) and the last."""
    if size <= max_units:
        return list(range(size))
    return [*range(max_units - 2), None, size - 1]


def draw_network(sizes: Sequence[int], *, dropped: Sequence[torch.Tensor | None] | None = None,
                 max_units: int = 6, title: str = "fully connected network", ax: Axes | None = None) -> Figure:
    """Draw a fully connected network: one column of units per layer, edges between neighbours.

    A layer of more than ``max_units`` units shows its first ``max_units - 2`` units, a ⋮ and
    its last unit; its real size is written under it. ``dropped`` holds, per layer, ``None`` or a
    boolean mask (``True``: the unit was zeroed, e.g. ``dropout(ones) == 0``): those units are drawn
    grey and crossed out, without edges. ``ax`` draws into existing axes (two panels side by side);
    the figure is returned either way. Used in :ref:`first_network_mse` (the page's MLP) and
    :ref:`overfitting_dropout` (the units a real ``nn.Dropout`` removed).

    >>> import torch
    >>> fig = draw_network([784, 3, 2], dropped=[None, torch.tensor([False, True, False]), None])
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['⋮', '784', '3', '2']
    >>> lines = fig.axes[0].lines  # 5 drawn inputs · 2 kept hidden units, then 2 · 2 outputs
    >>> sum(line.get_gid() == "edge" for line in lines), sum(line.get_gid() == "dropped" for line in lines)
    (14, 1)
    >>> plt.close(fig)
    >>> draw_network([3, 2], dropped=[torch.ones(2, dtype=torch.bool), None])
    Traceback (most recent call last):
    ...
    ValueError: dropped[0] has 2 elements but its layer has 3 units
    """
    sizes = [int(s) for s in sizes]
    masks: list[list[bool] | None] = []
    for i, mask in enumerate(dropped if dropped is not None else [None] * len(sizes)):
        if mask is None:
            masks.append(None)
            continue
        flat = torch.as_tensor(mask).detach().cpu().reshape(-1).bool().tolist()
        if len(flat) != sizes[i]:
            raise ValueError(f"dropped[{i}] has {len(flat)} elements but its layer has {sizes[i]} units")
        masks.append(flat)
    if len(masks) != len(sizes):
        raise ValueError(f"dropped has {len(masks)} masks for {len(sizes)} layers")
    shown = [_shown(size, max_units) for size in sizes]
    tallest = max(len(units) for units in shown)
    gap = 2.2  # between layers, in units of the spacing of two units
    width, height = gap * (len(sizes) - 1) + 1.2, tallest + 0.9
    if ax is None:
        fig, ax = plt.subplots(figsize=(0.5 * width + 0.3, 0.5 * height + 0.6))
    else:
        fig = ax.figure
    ax.set_axis_off()
    ax.set_title(title, fontsize=12)
    ax.set_xlim(-0.6, width - 0.6)
    ax.set_ylim(-1.3, tallest - 0.4)
    ax.set_aspect("equal")
    radius = 0.25

    def y(layer: int, slot: int) -> float:
        return (tallest - 1) / 2 + (len(shown[layer]) - 1) / 2 - slot

    def is_dropped(layer: int, unit: int | None) -> bool:
        return unit is not None and masks[layer] is not None and masks[layer][unit]

    for layer in range(len(sizes) - 1):
        for a, unit_a in enumerate(shown[layer]):
            for b, unit_b in enumerate(shown[layer + 1]):
                if unit_a is None or unit_b is None or is_dropped(layer, unit_a) or is_dropped(layer + 1, unit_b):
                    continue
                ax.add_line(Line2D([gap * layer + radius, gap * (layer + 1) - radius], [y(layer, a), y(layer + 1, b)],
                                   color="0.55", linewidth=0.7, zorder=1, gid="edge"))
    for layer, units in enumerate(shown):
        for slot, unit in enumerate(units):
            if unit is None:
                ax.text(gap * layer, y(layer, slot), "⋮", ha="center", va="center", fontsize=16)
                continue
            gone = is_dropped(layer, unit)
            ax.add_patch(Circle((gap * layer, y(layer, slot)), radius, facecolor=DROPPED_COLOR if gone else UNIT_COLOR,
                                edgecolor="black", linewidth=1.0, zorder=2, alpha=1.0 if not gone else 0.8))
            if gone:
                ax.plot([gap * layer], [y(layer, slot)], marker="x", markersize=14, markeredgewidth=2.2,
                        color="black", zorder=3, gid="dropped")
        ax.text(gap * layer, -1.0, str(sizes[layer]), ha="center", va="center", fontsize=11)
    if ax.figure is fig and len(fig.axes) == 1:
        fig.tight_layout()
    return fig
