"""
.. _datasets_and_loaders:

Datasets and transforms
=======================

``load_mnist()`` hides the usual ``torchvision`` pipeline; this page runs its first half
piece by piece on the same data: a ``Dataset`` of your own, the ``transforms.v2`` steps one
at a time, ``ImageFolder`` over a folder of PNG files, and ``torchvision.datasets.MNIST``
when full MNIST is on disk. Afterwards you can load your own images into a dataset that
converts each one as it is read. You should know :ref:`first_network_data`.

Cut for speed: the page works on the first ``SUBSET = 2000`` training images, and the image
folder holds 10 digits per class.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# The data, on the CPU
# --------------------
#
# Preparing data is CPU work, so the page makes the CPU the default device until its end
# (this matters only in a script that made the GPU the default).

import tempfile

import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import datasets
from torchvision.transforms import v2

from tutorial_utils import load_mnist, seed_everything
from tutorial_utils.ch05_pipeline import write_image_folder
from tutorial_utils.data import data_dir, normalize_images

seed_everything(0)
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
# with the pipeline gives ``load_mnist()``'s tensors; without it, the cell prints the error.
# Either way ``raw_digits`` holds the same bytes through the same pipeline. The last line
# puts the default device back.

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
torch.set_default_device(None if old_default.type == "cpu" else old_default)

# %%
# Summary
# -------
#
# - A ``Dataset`` is ``__len__`` plus ``__getitem__``; its ``transform`` converts each image
#   as it is read. ``ImageFolder`` labels files by their folder.
# - ``v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize(...)])``
#   turns bytes into normalised ``float32`` tensors; ``datasets.MNIST`` with
#   ``download=False`` reads files already on disk, or raises ``RuntimeError``.
#
# :ref:`first_network_loaders` feeds such a dataset to a ``DataLoader`` and measures its options.
#
# .. seealso::
#
#    - `torch.utils.data <https://docs.pytorch.org/docs/stable/data.html>`__
#    - `torchvision.transforms.v2 <https://docs.pytorch.org/vision/stable/transforms.html>`__
#    - `ImageFolder <https://docs.pytorch.org/vision/stable/generated/torchvision.datasets.ImageFolder.html>`__
#    - `MNIST <https://docs.pytorch.org/vision/stable/generated/torchvision.datasets.MNIST.html>`__
