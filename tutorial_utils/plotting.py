"""The two plotting helpers the notes import from a ``utils`` module they never show.

Both draw with Matplotlib and return the figure, so sphinx-gallery captures it on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure


def plot_image(images: torch.Tensor, labels: torch.Tensor | Sequence[int], title: str, *, count: int = 6) -> Figure:
    """Show the first ``count`` images in a grid, each captioned ``title: label``.

    ``images`` has shape ``[N, 1, H, W]`` or ``[N, H, W]``; ``labels`` holds ``N`` labels.

    >>> import torch
    >>> fig = plot_image(torch.zeros(8, 1, 28, 28), torch.arange(8), "sample")
    >>> len(fig.axes), fig.axes[0].get_title()
    (6, 'sample: 0')
    >>> fig.get_label()  # a description that does not depend on the labels (the page's alt text)
    '6 images captioned “sample: …”'
    >>> plot_image(torch.zeros(2, 3, 28, 28), [0, 1], "rgb")
    Traceback (most recent call last):
    ...
    ValueError: images must have shape [N, 1, H, W] or [N, H, W], got (2, 3, 28, 28)
    """
    if not isinstance(images, torch.Tensor):
        raise ValueError(f"images must be a torch.Tensor, got {type(images).__name__}")
    if images.dim() == 4 and images.size(1) == 1:
        images = images[:, 0]
    if images.dim() != 3:
        raise ValueError(f"images must have shape [N, 1, H, W] or [N, H, W], got {tuple(images.shape)}")
    labels = labels.tolist() if isinstance(labels, torch.Tensor) else list(labels)
    if len(labels) != images.size(0):
        raise ValueError(f"got {images.size(0)} images but {len(labels)} labels")
    if count <= 0:
        raise ValueError(f"count must be positive, got {count}")
    shown = min(count, images.size(0))
    cols = min(shown, 3)
    rows = -(-shown // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2.2 * cols, 2.4 * rows), squeeze=False)
    for ax in axes.flat[shown:]:
        ax.remove()
    for i, ax in enumerate(axes.flat[:shown]):
        ax.imshow(images[i].detach().cpu().numpy(), cmap="gray", interpolation="none")
        ax.set_title(f"{title}: {labels[i]}")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.set_label(f"{shown} images captioned “{title}: …”")
    fig.tight_layout()
    return fig


def plot_curve(
    values: Sequence[float] | Mapping[str, Sequence[float]],
    *,
    xlabel: str = "step",
    ylabel: str = "loss",
    title: str | None = None,
) -> Figure:
    """Draw one curve, or one per key of a history dict such as :func:`fit` returns.

    >>> fig = plot_curve([1.0, 0.5, 0.25])
    >>> fig.axes[0].get_xlabel(), len(fig.axes[0].lines)
    ('step', 1)
    >>> fig = plot_curve({"train": [1.0, 0.5], "test": [1.2, 0.7]}, xlabel="epoch")
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['train', 'test']
    >>> plot_curve([])
    Traceback (most recent call last):
    ...
    ValueError: nothing to plot: values is empty
    """
    series = dict(values) if isinstance(values, Mapping) else {ylabel: values}
    if not series or any(len(v) == 0 for v in series.values()):
        raise ValueError("nothing to plot: values is empty")
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for name, ys in series.items():
        ax.plot(range(len(ys)), [float(y) for y in ys], label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if len(series) > 1:
        ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
