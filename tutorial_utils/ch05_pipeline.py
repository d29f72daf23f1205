"""Small chores of the data-pipeline page: an image folder on disk, and a timed epoch.

Introduced in the chapter on the first network (``examples/05_first_network``, page
*The data pipeline, run*). The page teaches ``ImageFolder`` and the ``DataLoader`` options;
these helpers only prepare the files and time the passes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import torch
from PIL import Image


def write_image_folder(root: str | Path, pixels: torch.Tensor, labels: torch.Tensor, per_class: int) -> list[int]:
    """Write the first ``per_class`` images of each class as PNG files, one folder per class.

    ``pixels`` is a ``uint8`` tensor ``[N, H, W]`` of grey levels and ``labels`` the ``N``
    class indices; class ``c`` goes to ``root/c/0.png``, ``root/c/1.png``, ... Returns the
    indices of the written images, class by class, in the order ``ImageFolder`` reads them.

    >>> import tempfile, torch
    >>> pixels = torch.arange(4 * 2 * 2, dtype=torch.uint8).reshape(4, 2, 2)
    >>> labels = torch.tensor([1, 0, 1, 0])
    >>> with tempfile.TemporaryDirectory() as root:
    ...     written = write_image_folder(root, pixels, labels, per_class=2)
    ...     files = sorted(p.relative_to(root).as_posix() for p in Path(root).rglob("*.png"))
    >>> written, files
    ([1, 3, 0, 2], ['0/0.png', '0/1.png', '1/0.png', '1/1.png'])
    """
    if pixels.dtype != torch.uint8 or pixels.dim() != 3:
        raise ValueError(f"pixels must be a uint8 tensor [N, H, W], got {pixels.dtype} {tuple(pixels.shape)}")
    if len(labels) != len(pixels):
        raise ValueError(f"{len(pixels)} images but {len(labels)} labels")
    written: list[int] = []
    for label in sorted(set(labels.tolist())):
        folder = Path(root) / str(label)
        folder.mkdir(parents=True, exist_ok=True)
        for n, index in enumerate((labels == label).nonzero().flatten()[:per_class].tolist()):
            Image.fromarray(pixels[index].cpu().numpy()).save(folder / f"{n}.png")
            written.append(index)
    return written


def run_epoch(loader: Iterable[tuple[torch.Tensor, torch.Tensor]]) -> tuple[float, list[tuple[torch.Size, torch.Tensor]]]:
    """Read every batch of ``loader`` once; return the seconds taken and each batch's shape and labels.

    >>> from torch.utils.data import DataLoader, TensorDataset
    >>> data = TensorDataset(torch.zeros(10, 1, 2, 2), torch.arange(10))
    >>> seconds, batches = run_epoch(DataLoader(data, batch_size=4))
    >>> [tuple(shape) for shape, _ in batches], batches[-1][1].tolist(), seconds >= 0
    ([(4, 1, 2, 2), (4, 1, 2, 2), (2, 1, 2, 2)], [8, 9], True)
    """
    start = time.perf_counter()
    batches = [(x.shape, y.clone()) for x, y in loader]
    return time.perf_counter() - start, batches
