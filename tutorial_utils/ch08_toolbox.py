"""Helpers for the chapter on overfitting and the training toolbox (``examples/08_overfitting_toolbox``).

The pages of that chapter train small networks on tensors that fit in memory, indexed
directly without a ``DataLoader``, and measure them after every epoch. These helpers hold the
lines that repeat from page to page: one epoch of mini-batch training, the loss and accuracy
of a model in evaluation mode, and three figures. Each is something a learner could write in a
few lines: the training loop is written out in full in :ref:`first_network_cross_entropy`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from torch import nn
from torch.nn import functional as F

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def train_epoch(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    batch_size: int = 50,
    loss_fn: LossFn = F.cross_entropy,
) -> float:
    """Train ``model`` for one epoch on shuffled mini-batches of ``(x, y)``; return the mean batch loss.

    The order is drawn with ``torch.randperm`` on the device of ``y``, so seeding PyTorch makes
    it reproducible. The model is put in training mode first.
    Defined for :ref:`overfitting_lr_schedules`, :ref:`overfitting_early_stopping` and
    :ref:`overfitting_dropout`.

    >>> import torch
    >>> _ = torch.manual_seed(0)
    >>> x = torch.randn(200, 2)
    >>> y = (x[:, 0] > x[:, 1]).long()
    >>> model = torch.nn.Linear(2, 2)
    >>> optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    >>> losses = [train_epoch(model, optimizer, x, y, batch_size=20) for _ in range(5)]
    >>> losses[-1] < losses[0]
    True
    """
    if batch_size <= 0:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    if len(x) != len(y) or len(y) == 0:
        raise ValueError(f"x and y must hold the same, non-zero number of examples, got {len(x)} and {len(y)}")
    model.train()
    losses = []
    for idx in torch.randperm(len(y), device=y.device).split(batch_size):
        loss = loss_fn(model(x[idx]), y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)


@torch.no_grad()
def loss_and_accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Return the cross-entropy loss and the accuracy of ``model`` on ``(x, y)``, in evaluation mode.

    The model is left in evaluation mode: call ``model.train()`` before training on.
    Defined for :ref:`overfitting_regularisation`, :ref:`overfitting_early_stopping` and
    :ref:`overfitting_dropout`.

    >>> import torch
    >>> x = torch.tensor([[2.0, 0.0], [0.0, 2.0]])
    >>> model = torch.nn.Identity()  # the larger coordinate is the predicted class
    >>> loss, accuracy = loss_and_accuracy(model, x, torch.tensor([0, 0]))
    >>> round(loss, 3), accuracy
    (1.127, 0.5)
    """
    model.eval()
    logits = model(x)
    return F.cross_entropy(logits, y).item(), (logits.argmax(dim=1) == y).float().mean().item()


def plot_weight_histograms(weights: Mapping[str, torch.Tensor], bins: Sequence[float], *, title: str) -> Figure:
    """Draw one histogram of weights per entry of ``weights``, side by side, with logarithmic counts.

    Defined for :ref:`overfitting_regularisation`.

    >>> import torch
    >>> fig = plot_weight_histograms({"a": torch.randn(100), "b": torch.zeros(100)}, [-1, 0, 1], title="weights")
    >>> [ax.get_title() for ax in fig.axes]
    ['a', 'b']
    """
    if not weights:
        raise ValueError("weights is empty: nothing to draw")
    fig, axes = plt.subplots(1, len(weights), figsize=(3.4 * len(weights), 3.2), sharey=True, squeeze=False)
    for ax, (name, w) in zip(axes[0], weights.items()):
        ax.hist(w.detach().flatten().cpu().numpy(), bins=list(bins), log=True)
        ax.set_title(name)
        ax.set_xlabel("weight")
    axes[0, 0].set_ylabel("count")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_paths(
    f: Callable[[torch.Tensor], torch.Tensor],
    paths: Mapping[str, torch.Tensor],
    *,
    w1: tuple[float, float],
    w2: tuple[float, float],
    title: str,
    minimum: tuple[float, float] = (0.0, 0.0),
) -> Figure:
    """Draw the contour lines of ``f`` over a box and the optimisation paths on top, one per entry.

    ``f`` takes a ``[2, ...]`` tensor (the two coordinates stacked) and returns the heights;
    each path is a ``[steps, 2]`` tensor of points. ``w1`` and ``w2`` give the box, and a star
    marks ``minimum``. Defined for :ref:`overfitting_momentum_schedules`.

    >>> import torch
    >>> path = torch.tensor([[1.0, 1.0], [0.5, 0.2], [0.0, 0.0]])
    >>> fig = plot_paths(lambda w: w[0] ** 2 + w[1] ** 2, {"GD": path}, w1=(-1, 1), w2=(-1, 1), title="bowl")
    >>> fig.axes[0].get_title(), [line.get_label() for line in fig.axes[0].get_legend().get_lines()]
    ('bowl', ['GD'])
    """
    W1, W2 = torch.meshgrid(torch.linspace(*w1, 200), torch.linspace(*w2, 200), indexing="xy")
    fig, ax = plt.subplots(figsize=(7, 3.5))
    heights = f(torch.stack([W1, W2]))
    ax.contour(W1.cpu().numpy(), W2.cpu().numpy(), heights.cpu().numpy(), levels=15, colors="lightgray")
    for name, path in paths.items():
        ax.plot(*path.detach().cpu().numpy().T, ".-", markersize=3, label=name)
    ax.plot(*minimum, "k*", markersize=10)
    ax.set_xlabel("w1")
    ax.set_ylabel("w2")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return fig


def show_image_rows(rows: Mapping[str, torch.Tensor], title: str, *, vmin: float, vmax: float) -> Figure:
    """Draw one row of images per entry of ``rows`` (each a ``[n, 1, H, W]`` batch), named on the left.

    All images share one grey scale from ``vmin`` to ``vmax``, so that rows can be compared.
    Defined for :ref:`overfitting_augmentation`.

    >>> import torch
    >>> fig = show_image_rows({"a": torch.zeros(3, 1, 4, 4), "b": torch.ones(3, 1, 4, 4)}, "t", vmin=0, vmax=1)
    >>> len(fig.axes), fig.axes[3].get_ylabel()
    (6, 'b')
    """
    if not rows:
        raise ValueError("rows is empty: nothing to draw")
    columns = max(len(batch) for batch in rows.values())
    fig, axes = plt.subplots(len(rows), columns, figsize=(1.3 * columns, 1.4 * len(rows)), squeeze=False)
    for ax_row, (name, batch) in zip(axes, rows.items()):
        for ax, image in zip(ax_row, batch):
            ax.imshow(image[0].detach().cpu().numpy(), cmap="gray", vmin=vmin, vmax=vmax)
        for ax in ax_row:
            ax.set_xticks([])
            ax.set_yticks([])
        ax_row[0].set_ylabel(name)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
