"""Turn class labels into one-hot vectors.

Introduced in the chapter on the first network on MNIST, where the notes train with a
mean-squared error against one-hot targets.
"""

from __future__ import annotations

import torch


def one_hot(labels: torch.Tensor, depth: int = 10) -> torch.Tensor:
    """Return a float tensor of shape ``[N, depth]`` with a 1 in each label's column.

    ``labels`` is a 1-D integer tensor of class indices in ``[0, depth)``. The result
    lives on the same device as ``labels``. It is what :func:`torch.nn.functional.one_hot`
    gives, converted to ``float32`` so it can be compared with a network's output.

    >>> import torch
    >>> one_hot(torch.tensor([0, 2]), depth=3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    >>> one_hot(torch.tensor([3]), depth=3)
    Traceback (most recent call last):
    ...
    ValueError: label 3 is out of range for depth=3: labels must lie in [0, 3)
    """
    if not isinstance(labels, torch.Tensor):
        raise ValueError(f"labels must be a torch.Tensor, got {type(labels).__name__}")
    if labels.dtype.is_floating_point or labels.dtype.is_complex or labels.dtype == torch.bool:
        raise ValueError(f"labels must be an integer tensor, got dtype {labels.dtype}")
    if labels.dim() != 1:
        raise ValueError(f"labels must be 1-D (one class index per sample), got shape {tuple(labels.shape)}")
    if depth <= 0:
        raise ValueError(f"depth must be positive, got {depth}")
    if labels.numel() and (labels.min() < 0 or labels.max() >= depth):
        bad = labels.max().item() if labels.max() >= depth else labels.min().item()
        raise ValueError(f"label {bad} is out of range for depth={depth}: labels must lie in [0, {depth})")
    out = torch.zeros(labels.size(0), depth, device=labels.device)
    out.scatter_(1, labels.long().view(-1, 1), 1.0)
    return out
