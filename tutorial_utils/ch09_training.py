"""Helpers for chapter 9's pages, which build, train and look inside convolutional networks.

:ref:`cnn_lenet5` and :ref:`cnn_small_resnet` split the data the same way, the small ResNet
reuses the residual block written out in :ref:`cnn_residual`, and :ref:`cnn_edge_filters`
and :ref:`cnn_lenet5` draw kernels and feature maps side by side. Each helper is the code of
those pages, written once; the layers and training loops they teach stay on the pages.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader, random_split

from tutorial_utils.data import MNISTData


def split_loaders(
    data: MNISTData, *, batch_size: int = 64, val_fraction: float = 0.1, seed: int = 0
) -> tuple[DataLoader, DataLoader, DataLoader]:
    """Hold out ``val_fraction`` of ``data.train`` for validation and return three loaders.

    The loaders are ``(train, validation, test)``: the training one shuffles batches of
    ``batch_size``, the other two read 500 images at a time in order. The split and the
    shuffling use one generator seeded with ``seed``, so a run is repeatable (as in
    :ref:`overfitting_splits`). Defined for :ref:`cnn_lenet5`.

    >>> import torch
    >>> from torch.utils.data import TensorDataset
    >>> images, labels = torch.zeros(100, 1, 28, 28), torch.zeros(100, dtype=torch.long)
    >>> data = MNISTData(TensorDataset(images, labels), TensorDataset(images[:30], labels[:30]), "sample")
    >>> train, val, test = split_loaders(data, batch_size=10)
    >>> len(train.dataset), len(val.dataset), len(test.dataset), len(train)
    (90, 10, 30, 9)
    >>> split_loaders(data, val_fraction=1.5)
    Traceback (most recent call last):
    ...
    ValueError: val_fraction must lie strictly between 0 and 1, got 1.5
    """
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must lie strictly between 0 and 1, got {val_fraction}")
    generator = torch.Generator(device=torch.get_default_device()).manual_seed(seed)
    train_set, val_set = random_split(data.train, [1 - val_fraction, val_fraction], generator=generator)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True, generator=generator)
    return train_loader, DataLoader(val_set, batch_size=500), DataLoader(data.test, batch_size=500)


def plot_kernels(rows: dict[str, torch.Tensor], title: str) -> Figure:
    """Draw kernels side by side, one row per entry of ``rows`` (its key labels the row).

    Each value has shape ``[K, k, k]``: ``K`` kernels of ``k × k`` weights, drawn in red
    (positive) and blue (negative) on a scale symmetric about 0, kernel by kernel. Defined
    for :ref:`cnn_lenet5`, which compares the first-layer kernels before and after training.

    >>> import torch
    >>> fig = plot_kernels({"start": torch.randn(6, 5, 5), "trained": torch.randn(6, 5, 5)}, "kernels")
    >>> len(fig.axes), fig.axes[0].get_title(), fig.axes[6].get_ylabel()
    (12, 'kernel 0', 'trained')
    >>> plot_kernels({"a": torch.zeros(2, 3, 3), "b": torch.zeros(3, 3, 3)}, "mismatch")
    Traceback (most recent call last):
    ...
    ValueError: every row needs the same number of kernels, got [2, 3]
    """
    sizes = [weights.shape[0] for weights in rows.values()]
    if not rows or len(set(sizes)) != 1:
        raise ValueError(f"every row needs the same number of kernels, got {sizes}")
    fig, axes = plt.subplots(len(rows), sizes[0], figsize=(10, 1.9 * len(rows)), squeeze=False)
    for row, (label, weights) in enumerate(rows.items()):
        weights = weights.detach().cpu()
        for k, ax in enumerate(axes[row]):
            limit = weights[k].abs().max().item() or 1.0
            ax.imshow(weights[k].numpy(), cmap="bwr", vmin=-limit, vmax=limit)
            if row == 0:
                ax.set_title(f"kernel {k}")
            if k == 0:
                ax.set_ylabel(label)
            ax.set_xticks([])
            ax.set_yticks([])
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_maps(panels: Sequence[tuple[torch.Tensor, str, str]], title: str) -> Figure:
    """Draw 2-D tensors in one row, each panel given as ``(values, title, cmap)``.

    With ``cmap="bwr"`` the colour scale is symmetric about 0 (red positive, blue negative),
    as suits kernels and feature maps; other colour maps (``"gray"`` for an image) use the
    values' range. Axes are labelled row and column, with about four ticks. Defined for
    :ref:`cnn_edge_filters`, which shows a digit, two edge kernels and their feature maps.

    >>> import torch
    >>> fig = plot_maps([(torch.rand(28, 28), "digit", "gray"), (torch.randn(3, 3), "kernel", "bwr")], "maps")
    >>> [ax.get_title() for ax in fig.axes], fig.axes[1].get_xlabel()
    (['digit', 'kernel'], 'column')
    >>> plot_maps([(torch.zeros(2, 3, 3), "batch", "gray")], "bad")
    Traceback (most recent call last):
    ...
    ValueError: panel 'batch' must be a 2-D tensor, got shape (2, 3, 3)
    """
    fig, axes = plt.subplots(1, len(panels), figsize=(2.6 * len(panels), 3), squeeze=False)
    for ax, (values, label, cmap) in zip(axes[0], panels):
        if values.dim() != 2:
            raise ValueError(f"panel {label!r} must be a 2-D tensor, got shape {tuple(values.shape)}")
        values = values.detach().cpu()
        limit = (values.abs().max().item() or 1.0) if cmap == "bwr" else None
        ax.imshow(values.numpy(), cmap=cmap, vmin=-limit if limit else None, vmax=limit, interpolation="none")
        ax.set_title(label, fontsize=9)
        ax.set_xticks(range(0, values.shape[1], max(1, values.shape[1] // 3)))
        ax.set_yticks(range(0, values.shape[0], max(1, values.shape[0] // 3)))
        ax.set_xlabel("column")
        ax.set_ylabel("row")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


class ResidualBlock(nn.Module):
    """The residual block of :ref:`cnn_residual`: :math:`\\operatorname{ReLU}(F(x) + S(x))`.

    :math:`F` is conv 3 × 3 (with ``stride``) → batch norm → ReLU → conv 3 × 3 → batch norm;
    the shortcut :math:`S` is the identity, or a 1 × 1 convolution with the same stride and a
    batch norm when the shape changes. :ref:`cnn_small_resnet` stacks three of them.

    >>> import torch
    >>> block = ResidualBlock(16, 32, stride=2)
    >>> tuple(block(torch.zeros(2, 16, 28, 28)).shape), type(block.shortcut).__name__
    ((2, 32, 14, 14), 'Sequential')
    >>> type(ResidualBlock(16, 16).shortcut).__name__
    'Identity'
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))
