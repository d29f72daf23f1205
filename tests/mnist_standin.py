"""Write a full-size MNIST stand-in, made from the offline sample, where torchvision looks for MNIST.

Usage: ``python tests/mnist_standin.py DATA_DIR``, then ``TUTORIAL_DATA_DIR=DATA_DIR``.

Full MNIST cannot be downloaded on the machines that build and test this site, yet readers,
hosted builds and learners at home get it, and ``load_mnist`` takes a different path then:
60,000 training and 10,000 test images from ``torchvision.datasets.MNIST``. This script writes
``DATA_DIR/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte`` in torchvision's raw
format, so ``MNIST(DATA_DIR, download=True)`` finds the files and never downloads.

The images are the sample's 4,000 training digits (15 copies each) and its 1,000 test digits
(10 copies each), split exactly as ``load_mnist`` splits the sample, so no test digit is a
training digit. Every copy but the first is shifted by one pixel in a random direction, and
the copies are shuffled: a page that trains on a subset of the 60,000 meets other digits, in
another order, than on the sample. Seeded, so every run writes the same bytes.
"""

from __future__ import annotations

import argparse
import struct
from pathlib import Path

import torch

from tutorial_utils.data import SAMPLE_TEST, SAMPLE_TRAIN, sample_digits

#: torchvision's file names and split sizes.
SPLITS = {"train": 60_000, "t10k": 10_000}
#: Every shift a copy can get: one pixel in any of the 8 directions.
SHIFTS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0)]


def _copies(images: torch.Tensor, labels: torch.Tensor, total: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``total`` images: each of ``images`` once as it is, then shifted copies, shuffled."""
    if total % len(images):
        raise ValueError(f"{total} is not a multiple of the {len(images)} digits it is made from")
    generator = torch.Generator().manual_seed(seed)
    repeats = total // len(images)
    out = images.repeat(repeats, 1, 1)
    shift = torch.randint(len(SHIFTS), (total,), generator=generator)
    for k, (dy, dx) in enumerate(SHIFTS):
        chosen = (shift == k) & (torch.arange(total) >= len(images))  # the first copy stays as it is
        out[chosen] = torch.roll(out[chosen], shifts=(dy, dx), dims=(1, 2))
    order = torch.randperm(total, generator=generator)
    return out[order], labels.repeat(repeats)[order]


def _write_idx(path: Path, data: torch.Tensor) -> None:
    """torchvision's raw format: magic (0, 0, dtype 0x08 = ubyte, ndim), big-endian sizes, bytes."""
    header = struct.pack(">BBBB", 0, 0, 0x08, data.dim()) + struct.pack(f">{data.dim()}I", *data.shape)
    path.write_bytes(header + data.to(torch.uint8).contiguous().numpy().tobytes())


def write_standin(root: Path, seed: int = 0) -> Path:
    """Write the stand-in under ``root/MNIST/raw`` and return that folder.

    ``seed`` picks the shifts and the order: another seed is another draw of the same kind of
    data, for measuring how much a page's numbers move with the data.
    """
    images, labels, train_idx, test_idx = sample_digits(root)
    assert len(train_idx) == SAMPLE_TRAIN and len(test_idx) == SAMPLE_TEST
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for offset, (name, total), idx in zip((1, 2), SPLITS.items(), (train_idx, test_idx)):
        split_images, split_labels = _copies(images[idx], labels[idx], total, 2 * seed + offset)
        _write_idx(raw / f"{name}-images-idx3-ubyte", split_images)
        _write_idx(raw / f"{name}-labels-idx1-ubyte", split_labels)
    return raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="the folder to use as TUTORIAL_DATA_DIR")
    parser.add_argument("--seed", type=int, default=0, help="another seed, another draw (default 0)")
    args = parser.parse_args()
    print(f"full-size MNIST stand-in written to {write_standin(args.data_dir, args.seed)}")


if __name__ == "__main__":
    main()
