"""Tests for tutorial_utils.ch05_pipeline: the image folder that ImageFolder reads, and the timed epoch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

from tutorial_utils.ch05_pipeline import run_epoch, write_image_folder


def _digits(n: int = 12) -> tuple[torch.Tensor, torch.Tensor]:
    pixels = torch.randint(0, 256, (n, 28, 28), dtype=torch.uint8, generator=torch.Generator().manual_seed(0))
    labels = torch.arange(n) % 3
    return pixels, labels


def test_image_folder_reads_back_the_written_bytes_and_labels(tmp_path: Path) -> None:
    pixels, labels = _digits()
    written = write_image_folder(tmp_path, pixels, labels, per_class=2)
    folder = datasets.ImageFolder(str(tmp_path), loader=lambda path: Image.open(path).convert("L"))
    assert folder.class_to_idx == {"0": 0, "1": 1, "2": 2}
    assert written == [0, 3, 1, 4, 2, 5]
    for (image, label), index in zip(folder, written):
        assert label == labels[index].item()
        assert torch.equal(torch.from_numpy(np.array(image)), pixels[index])


def test_a_class_with_few_images_writes_what_it_has(tmp_path: Path) -> None:
    pixels, labels = _digits(4)  # classes 0, 1, 2, 0
    written = write_image_folder(tmp_path, pixels, labels, per_class=5)
    assert written == [0, 3, 1, 2]
    assert sorted(p.name for p in (tmp_path / "0").iterdir()) == ["0.png", "1.png"]


@pytest.mark.parametrize("bad", [torch.zeros(2, 28, 28), torch.zeros(2, 1, 28, 28, dtype=torch.uint8)])
def test_pixels_that_are_not_uint8_grey_images_are_refused(tmp_path: Path, bad: torch.Tensor) -> None:
    with pytest.raises(ValueError, match="uint8 tensor"):
        write_image_folder(tmp_path, bad, torch.zeros(2, dtype=torch.int64), per_class=1)


def test_labels_must_match_the_images(tmp_path: Path) -> None:
    pixels, labels = _digits()
    with pytest.raises(ValueError, match="12 images but 11 labels"):
        write_image_folder(tmp_path, pixels, labels[:-1], per_class=1)


def test_run_epoch_sees_every_sample_once_in_loader_order() -> None:
    data = TensorDataset(torch.zeros(10, 1, 28, 28), torch.arange(10))
    seconds, batches = run_epoch(DataLoader(data, batch_size=3))
    assert seconds >= 0
    assert [tuple(shape) for shape, _ in batches] == [(3, 1, 28, 28)] * 3 + [(1, 1, 28, 28)]
    assert torch.cat([y for _, y in batches]).tolist() == list(range(10))
