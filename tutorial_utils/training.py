"""Seeding, and a short train / evaluate loop that returns a history dict.

The chapters write their first loops out in full; later ones call :func:`fit`, whose history
feeds :func:`tutorial_utils.plot_curve` directly.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader
from tqdm.auto import tqdm

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def seed_everything(seed: int = 0) -> None:
    """Seed Python's, NumPy's and PyTorch's random generators (CPU and every GPU).

    >>> import torch
    >>> seed_everything(0); a = torch.rand(3).tolist()
    >>> seed_everything(0); b = torch.rand(3).tolist()
    >>> a == b
    True
    """
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device


def _no_progress_bar() -> bool | None:
    """True where TQDM_DISABLE is set; None lets tqdm show the bar only on a terminal."""
    return True if os.environ.get("TQDM_DISABLE") else None


@torch.no_grad()
def evaluate(model: nn.Module, loader: DataLoader, device: torch.device | str = "cpu") -> float:
    """Return the classification accuracy of ``model`` on ``loader`` (a fraction in [0, 1]).

    >>> import torch
    >>> from torch.utils.data import DataLoader, TensorDataset
    >>> x = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    >>> model = torch.nn.Identity()  # predicts the larger coordinate
    >>> evaluate(model, DataLoader(TensorDataset(x, torch.tensor([0, 1]))))
    1.0
    """
    model.eval()
    correct = total = 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        correct += (model(x).argmax(dim=1) == y).sum().item()
        total += y.numel()
    if total == 0:
        raise ValueError("the loader is empty: nothing to evaluate")
    return correct / total


def fit(
    model: nn.Module,
    train_loader: DataLoader,
    loss_fn: LossFn,
    optimizer: torch.optim.Optimizer,
    *,
    epochs: int,
    device: torch.device | str = "cpu",
    test_loader: DataLoader | None = None,
    target_transform: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> dict[str, list[float]]:
    """Train ``model`` for ``epochs`` epochs and return its history.

    The history holds ``"train_loss"`` (one value per batch) and, with a ``test_loader``,
    ``"test_acc"`` (one value per epoch). ``target_transform`` turns the labels into what
    ``loss_fn`` expects (for example :func:`tutorial_utils.one_hot` for a mean-squared error).
    A progress bar shows in a terminal; it is off where stderr is not a terminal and wherever
    ``TQDM_DISABLE`` is set, as the docs build does, so it stays out of the built pages.

    >>> import torch
    >>> from torch.utils.data import DataLoader, TensorDataset
    >>> seed_everything(0)
    >>> x = torch.randn(256, 2)
    >>> y = (x[:, 0] > x[:, 1]).long()
    >>> model = torch.nn.Linear(2, 2)
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.5)
    >>> loader = DataLoader(TensorDataset(x, y), batch_size=32)
    >>> history = fit(model, loader, torch.nn.functional.cross_entropy, opt, epochs=5, test_loader=loader)
    >>> len(history["train_loss"]), len(history["test_acc"]), history["test_acc"][-1] > 0.95
    (40, 5, True)
    """
    if epochs <= 0:
        raise ValueError(f"epochs must be positive, got {epochs}")
    model.to(device)
    history: dict[str, list[float]] = {"train_loss": []}
    if test_loader is not None:
        history["test_acc"] = []
    for epoch in range(epochs):
        model.train()
        bar = tqdm(train_loader, desc=f"epoch {epoch + 1}/{epochs}", leave=False, disable=_no_progress_bar())
        for x, y in bar:
            x, y = x.to(device), y.to(device)
            target = target_transform(y) if target_transform is not None else y
            loss = loss_fn(model(x), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            history["train_loss"].append(loss.item())
        if test_loader is not None:
            history["test_acc"].append(evaluate(model, test_loader, device))
    return history
