"""
.. _datasets_and_loaders:

The data pipeline, run
======================

``load_mnist()`` hides the usual ``torchvision`` pipeline; this page runs it piece by piece
on the same data: a ``Dataset`` of your own, the ``transforms.v2`` steps one at a time,
``ImageFolder`` over a folder of PNG files, ``torchvision.datasets.MNIST`` when full MNIST
is on disk, and the ``DataLoader`` options that matter, each one measured. Afterwards you
can load your own images and choose loader settings knowing what each costs. You should
know :ref:`first_network_data` and :ref:`first_network_cross_entropy`.

Cut for speed: the page works on the first ``SUBSET = 2000`` training images, and the image
folder holds 10 digits per class.

Time budget: under 30 seconds on a 2-core CPU.
"""

# %%
# The data, on the CPU
# --------------------
#
# Preparing data is CPU work, and the worker processes below must not touch the GPU, so the
# page makes the CPU the default device until its end (this matters only in a script that
# made the GPU the default); batches go to the GPU with ``.to(device)``.

import multiprocessing
import os
import tempfile

import torch
from PIL import Image
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader, Dataset, Subset
from torchvision import datasets
from torchvision.transforms import v2

from tutorial_utils import get_device, load_mnist, seed_everything
from tutorial_utils.ch05_pipeline import run_epoch, write_image_folder
from tutorial_utils.data import data_dir, normalize_images

seed_everything(0)
device = get_device()
old_default = torch.get_default_device()
torch.set_default_device("cpu")

SUBSET = 2000
data = load_mnist()
images, labels = data.train.tensors
print(data.source, tuple(images.shape), images.dtype)

# %%
# A dataset of your own
# ---------------------
#
# A ``Dataset`` needs two methods: ``__len__`` gives the number of samples and
# ``__getitem__(index)`` gives one. ``DigitDataset`` holds image and label tensors and, like
# torchvision's datasets, applies an optional ``transform`` to each image as it is read.
# Without one it returns exactly what ``TensorDataset`` returns.


class DigitDataset(Dataset):
    def __init__(self, images, labels, transform=None):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        image = self.images[index] if self.transform is None else self.transform(self.images[index])
        return image, self.labels[index]


digits = DigitDataset(images, labels)
print(len(digits), tuple(digits[0][0].shape), digits[0][1].item())
assert len(digits) == len(data.train) and all(torch.equal(a, b) for a, b in zip(digits[5], data.train[5]))

# %%
# Transforms, step by step
# ------------------------
#
# The files store each pixel as one byte :math:`p`, a grey level from 0 (black) to 255
# (white). ``load_mnist()`` has normalised them to :math:`x = \frac{p / 255 - 0.1307}{0.3081}`,
# and rounding :math:`255 \cdot (0.3081 \cdot x + 0.1307)` recovers the bytes of the first
# ``SUBSET`` images. ``transforms.v2`` splits the older ``ToTensor()`` in two: ``ToImage()``
# makes an image tensor ``[channels, height, width]`` and leaves the bytes alone,
# ``ToDtype(torch.float32, scale=True)`` converts to ``float32`` and divides by 255.
# ``Normalize((0.1307,), (0.3081,))`` then subtracts the mean and divides by the standard
# deviation, per channel. The table shows one digit after each step: shape, dtype, smallest
# and largest value. ``v2.Compose`` chains the steps into one transform; given to
# ``DigitDataset``, it turns the bytes back into the tensors above, every time an image is read.

pixels = ((images[:SUBSET] * 0.3081 + 0.1307) * 255).round().to(torch.uint8).squeeze(1)
torch.testing.assert_close(normalize_images(pixels), images[:SUBSET])
steps = [v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.1307,), (0.3081,))]
out = [pixels[0]]
for step in steps:
    out.append(step(out[-1]))
for name, t in zip(["bytes", "ToImage", "ToDtype", "Normalize"], out):
    print(f"{name:<10} {str(tuple(t.shape)):<12} {str(t.dtype):<14} {t.min().item():7.4f} {t.max().item():7.4f}")
assert out[1].shape == (1, 28, 28) and out[1].dtype == torch.uint8 and torch.equal(out[1][0], out[0])
assert out[2].dtype == torch.float32 and 0 <= out[2].min() and out[2].max() <= 1
torch.testing.assert_close(out[3], images[0])
pipeline = v2.Compose(steps)
raw_digits = DigitDataset(pixels, labels[:SUBSET], transform=pipeline)
for i in [0, 1, SUBSET - 1]:
    torch.testing.assert_close(raw_digits[i][0], images[i])

# %%
# Images in folders: ``ImageFolder``
# ----------------------------------
#
# Your own images usually come as files, one folder per class: ``write_image_folder`` (from
# ``tutorial_utils``) writes the first 10 digits of each class as PNG files into ``0/`` to
# ``9/``. ``ImageFolder`` sorts the folder names, numbers them 0, 1, 2, … (``class_to_idx``)
# and labels each file with the number of its folder. It converts images to RGB by default;
# this ``loader=`` keeps one grey channel (PIL's mode ``"L"``). The labels come back as the
# folders say, and as PNG keeps every byte, the images are the digits that were written.

folder = tempfile.TemporaryDirectory(prefix="digits-")
written = write_image_folder(folder.name, pixels, labels[:SUBSET], per_class=10)
folder_set = datasets.ImageFolder(folder.name, transform=pipeline, loader=lambda path: Image.open(path).convert("L"))
got = [folder_set[i] for i in range(len(folder_set))]
print(folder_set.classes, len(folder_set))
assert folder_set.class_to_idx == {str(d): d for d in range(10)}
assert [y for _, y in got] == labels[written].tolist() == [d for d in range(10) for _ in range(10)]
torch.testing.assert_close(torch.stack([x for x, _ in got]), images[written])
folder.cleanup()

# %%
# ``torchvision.datasets.MNIST``
# ------------------------------
#
# The usual call is ``datasets.MNIST(root, train=True, download=True, transform=...)``. This
# page never downloads: ``download=False`` reads the files in the data folder (``data_dir()``,
# moved by ``TUTORIAL_DATA_DIR``) and raises ``RuntimeError`` when they are not there, as the
# "Data:" line at the top tells. With full MNIST, the cell checks that torchvision's dataset
# with the pipeline gives ``load_mnist()``'s tensors; without it, the cell prints the error
# and the rest of the page reads ``raw_digits``, the same bytes through the same pipeline.

try:
    mnist = datasets.MNIST(data_dir(), train=True, download=False, transform=pipeline)
except RuntimeError as error:
    mnist = None
    print("RuntimeError:", error)
assert (mnist is not None) == (data.source == "full")
if mnist is not None:
    print("MNIST:", len(mnist), tuple(mnist.data.shape), mnist.data.dtype)
    for i in [0, 1, len(mnist) - 1]:
        torch.testing.assert_close(mnist[i][0], images[i])
        assert mnist[i][1] == labels[i].item()
subset = Subset(mnist if mnist is not None else raw_digits, range(SUBSET))

# %%
# Batch size
# ----------
#
# Each loader from here on reads ``subset``, transforming every image as it is read;
# ``run_epoch`` (from ``tutorial_utils``) times one pass. A batch of :math:`B` images of
# :math:`28 \times 28` ``float32`` pixels takes :math:`B \cdot 784 \cdot 4` bytes. The batch
# size sets that and the number of steps per epoch; every image is read once per epoch either
# way, as the counts confirm. The times are one epoch each, on the machine that built this page.

for batch_size in [32, 512]:
    seconds, batches = run_epoch(DataLoader(subset, batch_size=batch_size))
    n_bytes = batches[0][0].numel() * 4
    print(f"batch_size {batch_size:>3}: {len(batches):>2} batches, {n_bytes:>7} bytes each, {seconds:.2f} s")
    assert len(batches) == -(-SUBSET // batch_size) and n_bytes == batch_size * 784 * 4
    assert sum(len(y) for _, y in batches) == SUBSET

# %%
# Shuffling, reproducibly
# -----------------------
#
# ``shuffle=True`` draws a new order at the start of every epoch from the loader's
# ``generator``. Seeded, the orders repeat: two loaders seeded with 0 give the same first
# batch in epoch 1 and in epoch 2, the two epochs differ, and the seed 1 gives other orders.
# The indices come from loaders over ``range(SUBSET)``, which is also a dataset.

loaders = [DataLoader(range(SUBSET), batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(seed))
           for seed in [0, 0, 1]]
order, again, other = ([next(iter(loader)).tolist() for epoch in range(2)] for loader in loaders)
print("epoch 1:", order[0])
print("epoch 2:", order[1])
assert order == again and order[0] != order[1] and order != other

# %%
# Worker processes
# ----------------
#
# With ``num_workers=2``, two other processes read and transform images while the main
# process takes the finished batches. That pays when the work per image is heavy and cores
# are free; it costs starting the processes every epoch (``persistent_workers=True`` keeps
# them), sending each batch between processes, and memory per worker. So which is faster
# depends on the machine and its load: compare the two times printed, next to the number of
# cores. Both give the same batches. The workers start with ``fork`` (Linux, macOS), which
# copies the dataset into them; with ``spawn``, the only method on Windows, the dataset class
# must live in an importable module and the loop under ``if __name__ == "__main__":``.

fork = "fork" in multiprocessing.get_all_start_methods()
print("cores:", os.cpu_count(), " fork:", fork)
epochs = {}
for workers in [0, 2] if fork else [0]:
    loader = DataLoader(subset, batch_size=256, num_workers=workers,
                        multiprocessing_context="fork" if workers else None)
    seconds, epochs[workers] = run_epoch(loader)
    print(f"num_workers {workers}: {seconds:.2f} s")
assert all(torch.equal(a[1], b[1]) for a, b in zip(epochs[0], epochs[max(epochs)]))

# %%
# Pinned memory, and the last batch
# ---------------------------------
#
# ``pin_memory=True`` puts each batch in page-locked memory, from which a copy to a CUDA GPU
# is faster and can overlap with computation (``.to(device, non_blocking=True)``). It means
# something only with a CUDA device, so the page turns it on only then; the first line shows
# the device and whether the batch came out pinned.
#
# When the batch size :math:`B` does not divide the number of images :math:`N`, the last
# batch holds the :math:`N - B \left\lfloor N / B \right\rfloor` images left over.
# ``drop_last=True`` skips it, so every step sees a full batch (a small one gives a noisier
# step), at the cost of those images in each epoch. The counts use ``load_mnist()``'s
# ``TensorDataset``.

pin = device.type == "cuda"
x, y = next(iter(DataLoader(subset, batch_size=256, pin_memory=pin)))
print(f"device {device.type}, pin_memory {pin}, pinned {x.is_pinned()}")
assert x.is_pinned() == pin
x, y = x.to(device, non_blocking=pin), y.to(device, non_blocking=pin)
for drop_last in [False, True]:
    sizes = [len(y) for _, y in DataLoader(Subset(data.train, range(SUBSET)), batch_size=256, drop_last=drop_last)]
    print(f"drop_last {drop_last!s:<5}: {len(sizes)} batches, last {sizes[-1]}, images {sum(sizes)}")
    assert len(sizes) == (SUBSET // 256 if drop_last else -(-SUBSET // 256))
    assert sizes[-1] == (256 if drop_last or SUBSET % 256 == 0 else SUBSET % 256)

# %%
# ``nn.CrossEntropyLoss`` and ``F.cross_entropy``
# -----------------------------------------------
#
# A loss can also be a module, ``criterion = nn.CrossEntropyLoss()``, called as
# ``criterion(logits, y)``; :ref:`first_network_cross_entropy` called the function
# ``F.cross_entropy``. The module stores its options (``weight``, ``ignore_index``,
# ``label_smoothing``, ``reduction``) and calls the function, so the values are equal. Use the
# module when the loss is a setting handed to other code, the function when you call it in
# one place. The last line puts the default device back.

seed_everything(0)
logits = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10)).to(device)(x)
criterion = nn.CrossEntropyLoss()
print(criterion(logits, y).item(), F.cross_entropy(logits, y).item())
torch.testing.assert_close(criterion(logits, y), F.cross_entropy(logits, y))
smooth = nn.CrossEntropyLoss(label_smoothing=0.1)
torch.testing.assert_close(smooth(logits, y), F.cross_entropy(logits, y, label_smoothing=0.1))
torch.set_default_device(None if old_default.type == "cpu" else old_default)

# %%
# Summary
# -------
#
# - A ``Dataset`` is ``__len__`` plus ``__getitem__``; its ``transform`` converts each image
#   as it is read. ``ImageFolder`` labels files by their folder.
# - ``DataLoader``: ``batch_size`` sets steps and memory per batch, a seeded ``generator``
#   repeats the shuffle, ``num_workers`` trades process overhead for parallel reading,
#   ``pin_memory`` helps only copies to a CUDA GPU, ``drop_last`` skips a short last batch.
#
# .. seealso::
#
#    - `torch.utils.data <https://docs.pytorch.org/docs/stable/data.html>`__
#    - `torchvision.transforms.v2 <https://docs.pytorch.org/vision/stable/transforms.html>`__
#    - `ImageFolder <https://docs.pytorch.org/vision/stable/generated/torchvision.datasets.ImageFolder.html>`__
#    - `MNIST <https://docs.pytorch.org/vision/stable/generated/torchvision.datasets.MNIST.html>`__
#    - `torch.nn.CrossEntropyLoss <https://docs.pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html>`__
