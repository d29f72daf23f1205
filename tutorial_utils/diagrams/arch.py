"""Architecture diagrams: a network's layers, feature maps, residual and Inception blocks.

Each picture is read from the page's own module: the shapes come from running an input through
it, the boxes of a block from the graph that :func:`torch.fx.symbolic_trace` records of its
``forward`` (so a functional ``F.relu`` or the ``+`` of a shortcut is drawn, not guessed). The
figures are drawn in inches (the axes fill the figure, one data unit is one inch), with the
Okabe-Ito colours and text of at least 10 points.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle
from torch import fx, nn
from torch.nn import functional as F

__all__ = ["draw_feature_maps", "draw_inception_block", "draw_layer_stack", "draw_residual_block", "layer_shapes"]

# Okabe-Ito colours (colour-blind safe), by kind of layer.
COLOURS = {
    "conv": "#56B4E9",
    "pool": "#E69F00",
    "linear": "#009E73",
    "norm": "#F0E442",
    "act": "#CC79A7",
    "other": "#BBBBBB",
    "input": "#FFFFFF",
}
_ACTIVATIONS = (nn.ReLU, nn.Sigmoid, nn.Tanh, nn.GELU, nn.LeakyReLU)
_POOLS = (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)


def _size(value: int | tuple[int, ...]) -> str:
    sizes = value if isinstance(value, tuple) else (value, value)
    return "×".join(str(s) for s in sizes)


def _kind(module: nn.Module | None) -> str:
    if isinstance(module, nn.Conv2d):
        return "conv"
    if isinstance(module, _POOLS):
        return "pool"
    if isinstance(module, nn.Linear):
        return "linear"
    if isinstance(module, nn.BatchNorm2d):
        return "norm"
    if module is None or isinstance(module, _ACTIVATIONS):
        return "act"
    return "other"


def _describe(module: nn.Module) -> str:
    """A short name of a layer: ``conv 5×5``, ``max pool 2×2``, ``BN``, ``linear`` …"""
    if isinstance(module, nn.Conv2d):
        return f"conv {_size(module.kernel_size)}"
    if isinstance(module, nn.MaxPool2d):
        return f"max pool {_size(module.kernel_size)}"
    if isinstance(module, nn.AvgPool2d):
        return f"avg pool {_size(module.kernel_size)}"
    if isinstance(module, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
        return "global pool"
    if isinstance(module, nn.BatchNorm2d):
        return "BN"
    if isinstance(module, nn.Linear):
        return "linear"
    if isinstance(module, nn.Flatten):
        return "flatten"
    if isinstance(module, nn.Identity):
        return "identity"
    return type(module).__name__


def _canvas(width: float, height: float, title: str, label: str) -> tuple[Figure, Axes]:
    """A figure whose one axes fills it, in inches, with ``title`` at the top."""
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    fig.suptitle(title, y=1 - 0.1 / height, va="top", fontsize=12)
    fig.set_label(label)
    return fig, ax


def _box(ax: Axes, x: float, y: float, width: float, height: float, kind: str, lines: Sequence[str]) -> None:
    """A rounded box centred on ``(x, y)``, a first line in 11 points and further lines in 10."""
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, edgecolor="black",
                                boxstyle="round,pad=0,rounding_size=0.06", facecolor=COLOURS[kind], linewidth=1))
    step = 0.19
    top = y + step * (len(lines) - 1) / 2
    for i, line in enumerate(lines):
        ax.text(x, top - i * step, line, ha="center", va="center", fontsize=11 if i == 0 else 10)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops=dict(arrowstyle="-|>", color="black", linewidth=1.2, shrinkA=0, shrinkB=0))


# ----------------------------------------------------------------------------------------------
# A network's layers, each with its output shape
# ----------------------------------------------------------------------------------------------


def layer_shapes(model: nn.Module, example: torch.Tensor) -> list[tuple[str, nn.Module, tuple[int, ...]]]:
    """Run ``example`` through ``model`` and return each leaf layer's name, module and output shape.

    Forward hooks on the layers without children record them in the order they ran; the
    batch dimension is kept. Used by :func:`draw_layer_stack` (chapter 9, LeNet-5).

    >>> model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten())
    >>> [(name, shape) for name, _, shape in layer_shapes(model, torch.zeros(2, 1, 5, 5))]
    [('0', (2, 4, 3, 3)), ('1', (2, 4, 3, 3)), ('2', (2, 36))]
    """
    found: list[tuple[str, nn.Module, tuple[int, ...]]] = []
    names = {module: name for name, module in model.named_modules()}
    leaves = [module for module in model.modules() if not any(module.children())]

    def hook(module: nn.Module, inputs: object, output: torch.Tensor) -> None:
        found.append((names[module], module, tuple(output.shape)))

    handles = [leaf.register_forward_hook(hook) for leaf in leaves]
    try:
        with torch.no_grad():
            model(example)
    finally:
        for handle in handles:
            handle.remove()
    return found


def _shape_text(shape: tuple[int, ...]) -> str:
    """``6@28×28`` for feature maps (channels @ height × width), ``120`` for a vector."""
    if len(shape) == 3:
        return f"{shape[0]}@{shape[1]}×{shape[2]}"
    return "×".join(str(s) for s in shape)


def draw_layer_stack(model: nn.Module, example: torch.Tensor, title: str) -> Figure:
    """Draw ``model``'s layers from top to bottom, each with the shape of its output.

    ``example`` is one input with its batch dimension (``[1, C, H, W]``); the shapes are those
    that :func:`layer_shapes` records when it runs through the model, without the batch
    dimension. An activation is drawn with the layer before it (``conv 5×5, ReLU``). Each layer
    is named as in LeNet's paper: C for a convolution, S for subsampling (pooling), F for a
    fully connected layer, numbered from the input. Feature maps are drawn as a stack of
    squares (larger for larger maps), vectors as a bar (longer for more numbers); each kind of
    layer has its colour. Used in chapter 9, LeNet-5.

    >>> model = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    ...                       nn.Flatten(), nn.Linear(6 * 14 * 14, 10))
    >>> fig = draw_layer_stack(model, torch.zeros(1, 1, 28, 28), "A small network")
    >>> [t.get_text() for t in fig.axes[0].texts if "@" in t.get_text() or t.get_text().isdigit()]
    ['1@28×28', '6@28×28', '6@14×14', '1176', '10']
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_fontweight() == "bold"]
    ['C1', 'S2', 'F3']
    >>> plt.close(fig)
    """
    if example.dim() < 2 or example.size(0) != 1:
        raise ValueError(f"example must be one input with a batch dimension of 1, got {tuple(example.shape)}")
    rows: list[tuple[str, list[str], str, tuple[int, ...]]] = [("", ["input"], "input", tuple(example.shape[1:]))]
    number = 0
    for _, module, shape in layer_shapes(model, example):
        if isinstance(module, _ACTIVATIONS) and len(rows) > 1:
            rows[-1][1].append(type(module).__name__)
            continue
        kind = _kind(module)
        code = ""
        if kind in ("conv", "pool", "linear"):
            number += 1
            code = {"conv": "C", "pool": "S", "linear": "F"}[kind] + str(number)
        rows.append((code, [_describe(module)], kind, shape[1:]))

    row_height, top = 0.62, 0.55
    width, height = 5.6, top + row_height * len(rows) + 0.1
    fig, ax = _canvas(width, height, title, label=title)
    spatial = max((shape[-1] for *_, shape in rows if len(shape) == 3), default=1)
    longest = max((shape[0] for *_, shape in rows if len(shape) == 1), default=1)
    icon_x = 0.95
    for i, (code, words, kind, shape) in enumerate(rows):
        y = height - top - row_height * (i + 0.5)
        if len(shape) == 3:  # feature maps: a few offset squares, as wide as the maps
            side = 0.15 + 0.3 * shape[-1] / spatial
            layers = min(shape[0], 4)
            for j in reversed(range(layers)):
                offset = 0.045 * (j - (layers - 1) / 2)
                ax.add_patch(Rectangle((icon_x - side / 2 + offset, y - side / 2 - offset), side, side,
                                       facecolor=COLOURS[kind], edgecolor="black", linewidth=0.8))
            half = side / 2 + 0.045 * (layers - 1) / 2
        else:  # a vector: a bar as long as it
            length = 0.1 + 1.3 * shape[0] / longest if len(shape) == 1 else 1.0
            ax.add_patch(Rectangle((icon_x - length / 2, y - 0.06), length, 0.12,
                                   facecolor=COLOURS[kind], edgecolor="black", linewidth=0.8))
            half = 0.06
        if i + 1 < len(rows):
            _arrow(ax, (icon_x, y - max(half, 0.06) - 0.02), (icon_x, y - row_height + 0.2))
        if code:
            ax.text(1.9, y, code, ha="left", va="center", fontsize=11, fontweight="bold")
        ax.text(2.45, y, ", ".join(words), ha="left", va="center", fontsize=11)
        ax.text(width - 0.15, y, _shape_text(shape), ha="right", va="center", fontsize=11, family="monospace")
    return fig


# ----------------------------------------------------------------------------------------------
# Feature maps of one image
# ----------------------------------------------------------------------------------------------


def draw_feature_maps(image: torch.Tensor, maps: torch.Tensor, title: str) -> Figure:
    """Draw ``image`` and the feature maps ``maps`` a layer computed from it, one panel per channel.

    ``image`` has shape ``[H, W]`` or ``[1, H, W]``; ``maps`` has shape ``[C, H', W']`` (at most
    8 channels). The input is drawn in grey (as :func:`~tutorial_utils.plot_image` does), large, on the left; each map with a diverging
    colour map centred on 0 (red positive, blue negative), so that the sign of a response
    shows. Used in chapter 9, LeNet-5, for the first convolution's output.

    >>> fig = draw_feature_maps(torch.zeros(1, 28, 28), torch.randn(6, 28, 28), "Feature maps")
    >>> len(fig.axes), [ax.get_title() for ax in fig.axes[:3]]
    (7, ['input', 'channel 0', 'channel 1'])
    >>> plt.close(fig)
    """
    if image.dim() == 3 and image.size(0) == 1:
        image = image[0]
    if image.dim() != 2:
        raise ValueError(f"image must have shape [H, W] or [1, H, W], got {tuple(image.shape)}")
    if maps.dim() != 3 or not 1 <= maps.size(0) <= 8:
        raise ValueError(f"maps must have shape [C, H, W] with 1 to 8 channels, got {tuple(maps.shape)}")
    channels = maps.size(0)
    cols = -(-channels // 2) if channels > 3 else channels
    rows = -(-channels // cols)
    fig = plt.figure(figsize=(1.35 * (cols + rows) + 0.2, 1.5 * rows + 0.55))
    grid = fig.add_gridspec(rows, cols + rows, left=0.02, right=0.98, bottom=0.02, top=1 - 0.5 / (1.5 * rows + 0.55),
                            wspace=0.1, hspace=0.3)
    ax = fig.add_subplot(grid[:, :rows])
    ax.imshow(image.detach().cpu().numpy(), cmap="gray", interpolation="none")
    ax.set_title("input", fontsize=11)
    ax.set_axis_off()
    values = maps.detach().cpu()
    for c in range(channels):
        ax = fig.add_subplot(grid[c // cols, rows + c % cols])
        limit = max(values[c].abs().max().item(), 1e-12)
        ax.imshow(values[c].numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="none")
        ax.set_title(f"channel {c}", fontsize=10)
        ax.set_axis_off()
    fig.suptitle(title, fontsize=12)
    fig.set_label(title)
    return fig


# ----------------------------------------------------------------------------------------------
# Blocks that fork and merge: residual and Inception
# ----------------------------------------------------------------------------------------------


def _node_module(traced: fx.GraphModule, node: fx.Node) -> nn.Module | None:
    """The module a graph node calls, or None for a function such as ``F.relu``."""
    return traced.get_submodule(node.target) if node.op == "call_module" else None


def _node_name(traced: fx.GraphModule, node: fx.Node) -> str:
    module = _node_module(traced, node)
    if module is not None:
        return _describe(module)
    if node.target in (F.relu, torch.relu, "relu"):
        return "ReLU"
    return str(getattr(node.target, "__name__", node.target))


def _fork(module: nn.Module, merges: tuple[object, ...]) -> tuple[fx.GraphModule, list[list[fx.Node]], list[fx.Node]]:
    """Trace ``module``; return the chains of nodes from its input to the first merge, and the nodes after it.

    The merge is the first call of one of ``merges`` (``operator.add``, ``torch.cat``); each chain
    follows first arguments back to the input. The chains are in the merge's argument order.
    """
    traced = fx.symbolic_trace(module)
    merge = next((node for node in traced.graph.nodes if node.op == "call_function" and node.target in merges), None)
    if merge is None:
        raise ValueError(f"{type(module).__name__}.forward has no {' or '.join(getattr(m, '__name__', str(m)) for m in merges)}")
    inputs = merge.args[0] if merge.target is torch.cat else merge.args
    chains = []
    for node in inputs:
        chain = []
        while node.op != "placeholder":
            chain.append(node)
            node = next(arg for arg in node.args if isinstance(arg, fx.Node))
        chains.append(chain[::-1])
    tail = []
    node = merge
    while len(node.users) == 1 and next(iter(node.users)).op != "output":
        node = next(iter(node.users))
        tail.append(node)
    return traced, chains, tail


def _conv_detail(module: nn.Module | None) -> list[str]:
    if isinstance(module, nn.Conv2d):
        stride = module.stride[0]
        return [f"{module.in_channels}→{module.out_channels}" + (f", stride {stride}" if stride != 1 else "")]
    return []


def _draw_residual(ax: Axes, fork: tuple[fx.GraphModule, list[list[fx.Node]], list[fx.Node]], x0: float,
                   height: float, heading: str) -> None:
    traced, chains, tail = fork
    if len(chains) != 2:
        raise ValueError(f"a residual block adds two tensors, got {len(chains)}")
    branch, shortcut = sorted(chains, key=len, reverse=True)
    step = 0.62
    left, right = x0 + 1.05, x0 + 2.55
    y = height - 0.75
    ax.text(x0 + 1.6, y, heading, ha="center", va="center", fontsize=11)
    y -= 0.45
    ax.text(left, y, "x", ha="center", va="center", fontsize=12, fontweight="bold")
    fork_y = y - 0.22
    ys = [fork_y - 0.35 - step * (i + 0.5) for i in range(len(branch))]
    _arrow(ax, (left, y - 0.15), (left, ys[0] + 0.24))
    for i, node in enumerate(branch):
        module = _node_module(traced, node)
        _box(ax, left, ys[i], 1.5, 0.48, _kind(module), [_node_name(traced, node), *_conv_detail(module)])
        if i + 1 < len(branch):
            _arrow(ax, (left, ys[i] - 0.24), (left, ys[i + 1] + 0.24))
    plus_y = ys[-1] - step
    _arrow(ax, (left, ys[-1] - 0.24), (left, plus_y + 0.17))
    ax.add_patch(Circle((left, plus_y), 0.17, facecolor="white", edgecolor="black", linewidth=1.2))
    ax.text(left, plus_y, "+", ha="center", va="center", fontsize=14, fontweight="bold")
    # the shortcut: from the fork down the right column, then into the ⊕
    ax.plot([left, right], [fork_y, fork_y], color="black", linewidth=1.2)
    modules = [_node_module(traced, node) for node in shortcut]
    boxes = [(node, module) for node, module in zip(shortcut, modules) if not isinstance(module, nn.Identity)]
    if boxes:
        middle = (ys[0] + ys[-1]) / 2
        box_ys = [middle + step * ((len(boxes) - 1) / 2 - i) for i in range(len(boxes))]
        _arrow(ax, (right, fork_y), (right, box_ys[0] + 0.24))
        for i, (node, module) in enumerate(boxes):
            _box(ax, right, box_ys[i], 1.3, 0.48, _kind(module), [_node_name(traced, node), *_conv_detail(module)])
            if i + 1 < len(boxes):
                _arrow(ax, (right, box_ys[i] - 0.24), (right, box_ys[i + 1] + 0.24))
        ax.plot([right, right], [box_ys[-1] - 0.24, plus_y], color="black", linewidth=1.2)
    else:
        ax.plot([right, right], [fork_y, plus_y], color="black", linewidth=1.2)
        ax.text(right + 0.08, (fork_y + plus_y) / 2, "identity", ha="left", va="center", fontsize=10,
                rotation=90)
    _arrow(ax, (right, plus_y), (left + 0.17, plus_y))
    y = plus_y
    for node in tail:
        module = _node_module(traced, node)
        _arrow(ax, (left, y - (0.17 if y == plus_y else 0.24)), (left, y - step + 0.24))
        y -= step
        _box(ax, left, y, 1.5, 0.48, _kind(module), [_node_name(traced, node)])
    _arrow(ax, (left, y - 0.24), (left, y - 0.55))
    ax.text(left, y - 0.7, "y", ha="center", va="center", fontsize=12, fontweight="bold")


def draw_residual_block(blocks: Sequence[nn.Module], headings: Sequence[str], title: str) -> Figure:
    """Draw residual blocks side by side: the branch's layers, the shortcut, the ``+`` and what follows.

    Each block is read from the graph that :func:`torch.fx.symbolic_trace` records of its
    ``forward``: the first ``+`` is the sum, the longer of its two inputs the branch (a box per
    module or function, such as ``F.relu``), the other the shortcut (a line marked
    ``identity`` for ``nn.Identity``, else a box per layer); the layers after the sum follow.
    Convolutions show their channels and a stride other than 1. Used in chapter 9, classic
    networks.

    >>> class Block(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.conv, self.bn, self.shortcut = nn.Conv2d(4, 4, 3, padding=1), nn.BatchNorm2d(4), nn.Identity()
    ...     def forward(self, x):
    ...         return F.relu(self.bn(self.conv(x)) + self.shortcut(x))
    >>> fig = draw_residual_block([Block()], ["one block"], "A residual block")
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_text()]
    ['one block', 'x', 'conv 3×3', '4→4', 'BN', '+', 'identity', 'ReLU', 'y']
    >>> plt.close(fig)
    """
    if len(blocks) != len(headings):
        raise ValueError(f"got {len(blocks)} blocks but {len(headings)} headings")
    forks = [_fork(block, (operator.add, torch.add)) for block in blocks]
    depth = max(max(len(chain) for chain in chains) + len(tail) for _, chains, tail in forks)
    height = 2.4 + 0.62 * (depth + 1)
    fig, ax = _canvas(3.3 * len(blocks), height, title, label=title)
    for i, (fork, heading) in enumerate(zip(forks, headings)):
        _draw_residual(ax, fork, 3.3 * i, height, heading)
    return fig


def draw_inception_block(block: nn.Module, title: str) -> Figure:
    """Draw an Inception block: its parallel branches, with their channels, and their concatenation.

    The branches are read from the graph that :func:`torch.fx.symbolic_trace` records of the
    block's ``forward``: the inputs of its ``torch.cat``, in order. Each convolution or pooling is
    a box with its channels (``192→96``); an activation after a layer is written in that layer's
    box. Under each branch its number of output channels; the last box shows their sum, the
    channels of the concatenation. Used in chapter 9, classic networks (GoogLeNet).

    >>> class Two(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.a, self.b = nn.Conv2d(8, 3, 1), nn.Sequential(nn.MaxPool2d(3, 1, 1), nn.Conv2d(8, 5, 1))
    ...     def forward(self, x):
    ...         return torch.cat([self.a(x), self.b(x)], dim=1)
    >>> fig = draw_inception_block(Two(), "Two branches")
    >>> [t.get_text() for t in fig.axes[0].texts if t.get_fontweight() == "bold"]
    ['3', '5']
    >>> fig.axes[0].texts[-1].get_text()
    '3 + 5 = 8 channels'
    >>> plt.close(fig)
    """
    traced, chains, _ = _fork(block, (torch.cat,))
    first = next(m for m in traced.modules() if isinstance(m, nn.Conv2d))
    in_channels = first.in_channels
    columns: list[list[tuple[str, list[str]]]] = []
    outs = []
    for chain in chains:
        boxes: list[tuple[str, list[str]]] = []
        channels = in_channels
        for node in chain:
            module = _node_module(traced, node)
            name = _node_name(traced, node)
            if _kind(module) == "act" and boxes:
                boxes[-1][1][0] += f", {name}"
                continue
            if isinstance(module, nn.Conv2d):
                detail = f"{module.in_channels}→{module.out_channels}"
                channels = module.out_channels
            else:
                detail = str(channels)
            boxes.append((_kind(module), [name, detail]))
        columns.append(boxes)
        outs.append(channels)

    depth = max(len(boxes) for boxes in columns)
    col_width, step = 1.62, 0.78
    width = max(col_width * len(columns) + 0.2, 4.0)
    height = 2.35 + step * depth
    fig, ax = _canvas(width, height, title, label=title)
    centre = width / 2
    input_y = height - 0.8
    _box(ax, centre, input_y, 2.6, 0.42, "input", [f"input, {in_channels} channels"])
    concat_y = 0.4
    for c, boxes in enumerate(columns):
        x = (width - col_width * len(columns)) / 2 + col_width * (c + 0.5)
        y = input_y - 0.21 - 0.15 - 0.27 - step * (depth - len(boxes))
        _arrow(ax, (centre + (x - centre) * 0.3, input_y - 0.21), (x, y + 0.27))
        for i, (kind, lines) in enumerate(boxes):
            _box(ax, x, y, col_width - 0.12, 0.54, kind, lines)
            if i + 1 < len(boxes):
                _arrow(ax, (x, y - 0.27), (x, y - step + 0.27))
                y -= step
        _arrow(ax, (x, y - 0.27), (centre + (x - centre) * 0.3, concat_y + 0.27))
        side = -1 if x < centre else 1
        ax.text(x + 0.1 * side, y - 0.42, str(outs[c]), ha="right" if side < 0 else "left", va="center",
                fontsize=11, fontweight="bold")
    total = " + ".join(str(n) for n in outs) + f" = {sum(outs)} channels"
    _box(ax, centre, concat_y, 3.0, 0.54, "other", ["concatenate", total])
    return fig
