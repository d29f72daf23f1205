"""Workflow diagrams: data splits and folds, devices, the TensorBoard pipeline, a module tree.

Each function draws from the page's own objects (the split's indices, the tensors' real
``.device``, the tags read back from the event file, the model's ``named_modules()``) and
returns the Matplotlib figure. Boxes and texts carry a ``gid`` (``"segment:train"``,
``"tensor:x"``, ``"param:0.0.weight"`` …) so tests can find what was drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle
from torch import nn

#: Okabe-Ito colours (colour-blind safe).
ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
FONT = 11


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], *, gid: str | None = None,
           style: str = "-|>", color: str = "black") -> FancyArrowPatch:
    arrow = FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=16, linewidth=1.6, color=color,
                            shrinkA=0, shrinkB=0)
    arrow.set_gid(gid)
    ax.add_patch(arrow)
    return arrow


def _box(ax: Axes, x: float, y: float, w: float, h: float, *, color: str, gid: str | None = None,
         fill: bool = True, alpha: float = 1.0) -> FancyBboxPatch:
    box = FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.08", linewidth=1.4,
                         edgecolor="black", facecolor=color if fill else "none", alpha=alpha)
    box.set_gid(gid)
    ax.add_patch(box)
    return box


def drawn(figure: Figure, prefix: str) -> dict[str, object]:
    """The artists of ``figure`` whose ``gid`` starts with ``prefix``, by the rest of the gid.

    >>> fig = draw_split({"train": 3, "test": 1})
    >>> sorted(drawn(fig, "segment:"))
    ['test', 'train']
    >>> plt.close(fig)
    """
    return {artist.get_gid()[len(prefix):]: artist for artist in figure.findobj()
            if isinstance(artist.get_gid(), str) and artist.get_gid().startswith(prefix)}


# --------------------------------------------------------------------------- chapter 8: splits


def draw_split(sizes: Mapping[str, int]) -> Figure:
    """One bar for the data, cut into segments as wide as the parts (``{"train": 3200, …}``).

    Used by :ref:`overfitting_splits` (chapter 8) for the train, validation and test sets;
    pass the real lengths of the split's index lists. Segment ``name`` has gid ``segment:name``.

    >>> fig = draw_split({"train": 3200, "validation": 800, "test": 1000})
    >>> {name: bar.get_width() for name, bar in drawn(fig, "segment:").items()}
    {'train': 3200, 'validation': 800, 'test': 1000}
    >>> plt.close(fig)
    >>> draw_split({"train": 0})
    Traceback (most recent call last):
    ...
    ValueError: every part needs a positive size, got {'train': 0}
    """
    if not sizes or any(size <= 0 for size in sizes.values()):
        raise ValueError(f"every part needs a positive size, got {dict(sizes)}")
    total = sum(sizes.values())
    colours = [BLUE, ORANGE, GREEN, PURPLE, SKY]
    fig, ax = plt.subplots(figsize=(7, 1.9))
    left = 0
    for (name, size), colour in zip(sizes.items(), colours):
        bar = Rectangle((left, 0), size, 1, facecolor=colour, edgecolor="white", linewidth=2)
        bar.set_gid(f"segment:{name}")
        ax.add_patch(bar)
        ax.text(left + size / 2, 0.5, f"{name}\n{size:,}", ha="center", va="center", fontsize=FONT + 1,
                color="white", fontweight="bold")
        left += size
    ax.set_xlim(0, total)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    ax.set_title("The images, split into three sets", fontsize=FONT + 1)
    fig.tight_layout()
    return fig


def draw_folds(folds: Sequence[Sequence[int]], n: int) -> Figure:
    """k rows, one per run of k-fold cross-validation; row ``i`` highlights fold ``i`` as validation.

    Used by :ref:`overfitting_splits` (chapter 8). ``folds`` are the real index lists; they must
    hold every index of ``range(n)`` exactly once. The images are drawn grouped by fold, so each
    fold is one segment as wide as its length; segment ``(i, j)`` has gid ``fold:i:j``.

    >>> fig = draw_folds([[0, 3], [1, 4], [2, 5]], 6)
    >>> folds = drawn(fig, "fold:")
    >>> len(folds), folds["1:1"].get_facecolor() == folds["0:0"].get_facecolor()
    (9, True)
    >>> plt.close(fig)
    >>> draw_folds([[0, 1], [1, 2]], 3)
    Traceback (most recent call last):
    ...
    ValueError: the folds must hold every index of range(3) exactly once
    """
    flat = [index for fold in folds for index in fold]
    if len(flat) != n or set(flat) != set(range(n)):
        raise ValueError(f"the folds must hold every index of range({n}) exactly once")
    k = len(folds)
    fig, ax = plt.subplots(figsize=(7, 0.55 * k + 1.2))
    for run in range(k):
        left = 0
        y = k - 1 - run
        for j, fold in enumerate(folds):
            validation = j == run
            bar = Rectangle((left, y + 0.1), len(fold), 0.8, facecolor=ORANGE if validation else BLUE,
                            edgecolor="white", linewidth=2)
            bar.set_gid(f"fold:{run}:{j}")
            ax.add_patch(bar)
            if validation:
                ax.text(left + len(fold) / 2, y + 0.5, f"{len(fold):,}", ha="center", va="center",
                        fontsize=FONT, color="black")
            left += len(fold)
        ax.text(-0.01 * n, y + 0.5, f"run {run + 1}", ha="right", va="center", fontsize=FONT)
    ax.set_xlim(-0.14 * n, n)
    ax.set_ylim(-0.1, k)
    ax.set_axis_off()
    handles = [Rectangle((0, 0), 1, 1, facecolor=BLUE), Rectangle((0, 0), 1, 1, facecolor=ORANGE)]
    ax.legend(handles, ["trains", "validates"], loc="upper center", bbox_to_anchor=(0.55, 0.0), ncol=2,
              fontsize=FONT, frameon=False)
    ax.set_title("k-fold cross-validation: one fold validates per run", fontsize=FONT + 1)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- chapter 6: devices


def _device_label(device: torch.device) -> str:
    # mathtext is shared between languages, so the device's type is no message to translate
    return rf"$\mathtt{{{device.type}}}$"


def draw_devices(tensors: Mapping[str, torch.Tensor], copies: Sequence[tuple[str, str]] = (),
                 devices: Sequence[torch.device] | None = None) -> Figure:
    """The memory of each device as a box, each tensor drawn in the box of its real ``.device``.

    Used by :ref:`classification_device` (chapter 6). ``copies`` names ``(source, result)``
    pairs made with ``.to``: an arrow from the source, which stays where it was, to the new
    tensor. A tensor with data shows its values; a ``meta`` tensor only its shape. Devices
    are boxes ``device:<type>``, tensors ``tensor:<name>``, arrows ``copy:<source>:<result>``.

    >>> x = torch.ones(2, 3)
    >>> fig = draw_devices({"x": x, "y": x.to("meta")}, copies=[("x", "y")])
    >>> sorted(drawn(fig, "device:")), sorted(drawn(fig, "tensor:")), list(drawn(fig, "copy:"))
    (['cpu', 'meta'], ['x', 'y'], ['x:y'])
    >>> plt.close(fig)
    """
    order = list(devices) if devices is not None else []
    for tensor in tensors.values():
        if tensor.device not in order:
            order.append(tensor.device)
    for source, result in copies:
        if source not in tensors or result not in tensors:
            raise ValueError(f"copy {source!r} -> {result!r} names a tensor that is not drawn")
    width, gap = 4.0, 1.6
    most = max(sum(t.device == device for t in tensors.values()) for device in order)
    height = 1.6 * max(most, 1) + 0.4
    fig, ax = plt.subplots(figsize=(2.2 * len(order) + 1.5, 0.45 * height + 1.6))
    places: dict[str, tuple[float, float, float, float]] = {}
    for d, device in enumerate(order):
        left = d * (width + gap)
        _box(ax, left, 0, width, height, color=[SKY, YELLOW, GREEN][d % 3], alpha=0.35,
             gid=f"device:{device.type}")
        ax.text(left + width / 2, height + 0.25, _device_label(device), ha="center", va="bottom", fontsize=FONT + 3)
        inside = [(name, t) for name, t in tensors.items() if t.device == device]
        for i, (name, tensor) in enumerate(inside):
            top = height - 0.5 - 1.6 * i
            places[name] = _draw_tensor(ax, name, tensor, left + 0.5, top, width - 1.0)
    for source, result in copies:
        sx, sy, sw, sh = places[source]
        rx, ry, rw, rh = places[result]
        _arrow(ax, (sx + sw + 0.1, sy + sh / 2), (rx - 0.1, ry + rh / 2), gid=f"copy:{source}:{result}")
        gap_centre = (sx // (width + gap)) * (width + gap) + width + gap / 2
        ax.text(gap_centre, max(sy, ry) + 0.25, ".to()\ncopy", ha="center", va="bottom", fontsize=FONT)
    ax.set_xlim(-0.2, len(order) * (width + gap) - gap + 0.2)
    ax.set_ylim(-0.2, height + 1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title("Each tensor lives on one device", fontsize=FONT + 1)
    fig.tight_layout()
    return fig


def _draw_tensor(ax: Axes, name: str, tensor: torch.Tensor, left: float, top: float,
                 width: float) -> tuple[float, float, float, float]:
    """A grid of the tensor's first values (``?`` where it has none); returns its box."""
    values = tensor.detach().reshape(-1, tensor.shape[-1]) if tensor.dim() >= 1 else tensor.reshape(1, 1)
    rows, cols = min(values.shape[0], 3), min(values.shape[1], 4)
    cell = min(width / cols, 0.55)
    height = rows * cell
    bottom = top - height
    frame = Rectangle((left, bottom), cols * cell, height, facecolor="white", edgecolor="black", linewidth=1.5)
    frame.set_gid(f"tensor:{name}")
    ax.add_patch(frame)
    known = tensor.device.type != "meta"
    shown = values[:rows, :cols].cpu().tolist() if known else None
    for r in range(rows):
        for c in range(cols):
            ax.add_patch(Rectangle((left + c * cell, top - (r + 1) * cell), cell, cell, facecolor="none",
                                   edgecolor="grey", linewidth=0.6))
            ax.text(left + (c + 0.5) * cell, top - (r + 0.5) * cell, f"{shown[r][c]:g}" if known else "?",
                    ha="center", va="center", fontsize=FONT - 1)
    ax.text(left, top + 0.12, f"{name}  {list(tensor.shape)}", ha="left", va="bottom", fontsize=FONT,
            family="monospace")
    return left, bottom, cols * cell, height


# --------------------------------------------------------------------------- chapter 7: TensorBoard


def draw_logging_pipeline(tags: Mapping[str, int]) -> Figure:
    """The path of a logged value: training loop → ``add_scalar`` → event file → TensorBoard / Python.

    Used by :ref:`visualisation_tensorboard` (chapter 7). ``tags`` maps each scalar tag read back
    from the event file to its number of points; the tags are written in the boxes. Boxes
    have gids ``stage:<i>``, the tag lines ``tag:<tag>``.

    >>> fig = draw_logging_pipeline({"loss/train": 96, "accuracy/test": 3})
    >>> sorted(drawn(fig, "tag:")), len(drawn(fig, "stage:")), len(drawn(fig, "arrow:"))
    (['accuracy/test', 'loss/train'], 5, 4)
    >>> plt.close(fig)
    """
    tag_lines = "\n".join(tags)
    fig, ax = plt.subplots(figsize=(6.4, 6.2))
    w = 6.0
    stages = [  # (text, x, y, width, height, colour)
        ("training loop\nloss, accuracy", 2.0, 8.6, w, 1.1, SKY),
        ("writer.add_scalar(tag, value, step)", 2.0, 6.2, w, 1.5 + 0.45 * len(tags), YELLOW),
        ("event file in log_dir\nevents.out.tfevents.*", 2.0, 4.0, w, 1.2, ORANGE),
        ("TensorBoard\nin the browser", 0.0, 1.2, 4.6, 1.2, GREEN),
        ("EventAccumulator\nread back in Python", 5.4, 1.2, 4.6, 1.2, PURPLE),
    ]
    stages[1] = (stages[1][0], 2.0, 6.0 - 0.45 * len(tags) + 0.45, w, 1.5 + 0.45 * len(tags), YELLOW)
    for i, (text, x, y, bw, bh, colour) in enumerate(stages):
        _box(ax, x, y, bw, bh, color=colour, alpha=0.45, gid=f"stage:{i}")
        if i == 1:
            ax.text(x + bw / 2, y + bh - 0.3, text, ha="center", va="top", fontsize=FONT, family="monospace")
            for t, (tag, count) in enumerate(tags.items()):
                line = ax.text(x + bw / 2, y + bh - 0.95 - 0.45 * t, f"{tag}: {count} points", ha="center",
                               va="top", fontsize=FONT)
                line.set_gid(f"tag:{tag}")
        else:
            ax.text(x + bw / 2, y + bh / 2, text, ha="center", va="center", fontsize=FONT)
    s = stages
    _arrow(ax, (5.0, s[0][2]), (5.0, s[1][2] + s[1][4]), gid="arrow:0")
    _arrow(ax, (5.0, s[1][2]), (5.0, s[2][2] + s[2][4]), gid="arrow:1")
    _arrow(ax, (3.5, s[2][2]), (2.3, s[3][2] + s[3][4]), gid="arrow:2")
    _arrow(ax, (6.5, s[2][2]), (7.7, s[4][2] + s[4][4]), gid="arrow:3")
    ax.set_xlim(-0.1, 10.1)
    ax.set_ylim(1.0, 9.9)
    ax.set_axis_off()
    ax.set_title("From the training loop to TensorBoard", fontsize=FONT + 1)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- chapter 10: module tree


def draw_module_tree(model: nn.Module) -> Figure:
    """The model as nested boxes: a container holds its children, a leaf lists its parameters' shapes.

    Used by :ref:`module_containers` (chapter 10); drawn from ``named_children()`` and each
    module's own ``named_parameters(recurse=False)``. Module boxes have gids ``module:<name>``
    (the root is ``module:``), parameter lines ``param:<full name>``.

    >>> model = nn.Sequential(nn.Sequential(nn.Linear(4, 8), nn.ReLU()), nn.Linear(8, 3))
    >>> fig = draw_module_tree(model)
    >>> sorted(drawn(fig, "module:"))
    ['', '0', '0.0', '0.1', '1']
    >>> drawn(fig, "param:")["0.0.weight"].get_text()
    'weight [8, 4]'
    >>> plt.close(fig)
    """
    line = 0.36  # height of a line of text, in data units (inches, too)
    pad = 0.22   # indentation of a child inside its container

    def lines(module: nn.Module) -> float:
        own = 1 + len(list(module.named_parameters(recurse=False)))
        return own * line + sum(lines(child) + 0.12 for _, child in module.named_children()) + (
            0.12 if next(module.children(), None) is not None else 0)

    total = lines(model)
    depth_colours = [SKY, YELLOW, GREEN, ORANGE]
    fig, ax = plt.subplots(figsize=(5.6, total + 0.7))

    def draw(name: str, local: str, module: nn.Module, depth: int, left: float, top: float, width: float) -> None:
        height = lines(module)
        leaf = next(module.children(), None) is None
        _box(ax, left, top - height, width, height, color=depth_colours[depth % 4], alpha=0.45 if leaf else 0.25,
             gid=f"module:{name}")
        title = type(module).__name__ if not local else f"{local}: {type(module).__name__}"
        ax.text(left + 0.12, top - line / 2, title, ha="left", va="center", fontsize=FONT,
                fontweight="bold")
        y = top - line
        for pname, p in module.named_parameters(recurse=False):
            text = ax.text(left + 0.35, y - line / 2, f"{pname} {list(p.shape)}", ha="left", va="center",
                           fontsize=FONT, family="monospace")
            text.set_gid(f"param:{name + '.' if name else ''}{pname}")
            y -= line
        for child_name, child in module.named_children():
            full = f"{name}.{child_name}" if name else child_name
            draw(full, child_name, child, depth + 1, left + pad, y - 0.06, width - 2 * pad)
            y -= lines(child) + 0.12

    draw("", "", model, 0, 0, total, 5.0)
    ax.set_xlim(-0.05, 5.05)
    ax.set_ylim(-0.05, total + 0.05)
    ax.set_axis_off()
    ax.set_title("The module tree and its parameters", fontsize=FONT + 1)
    fig.tight_layout()
    return fig
