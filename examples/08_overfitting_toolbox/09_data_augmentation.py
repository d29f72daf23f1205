r"""
.. _overfitting_augmentation:

Data augmentation
=================

When there are few training images, you can make more: every epoch, show each image
slightly rotated, shifted, zoomed or noisy, so that the network has to learn what these
changes leave alone, the digit itself. This page builds such transforms with
``torchvision.transforms.v2``, shows them on MNIST digits (and why a mirror image is not
one of them), and shows how often a transform draws its random parameters. Afterwards you
can write an augmentation pipeline for images. You should know the symptoms of
:ref:`overfitting_symptoms`, which augmentation counters.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Transforms for tensors
# ----------------------
#
# The augmentation methods live in torchvision, in ``torchvision.transforms.v2``, and work
# directly on image tensors of shape ``[..., C, H, W]``. The images from ``load_mnist`` are
# normalised, so their background is not 0 but :math:`(0 - 0.1307) / 0.3081 \approx -0.42`:
# every transform that fills in new pixels must be told that value.
#
# .. in-the-notes::
#
#    The notes say that ``nn`` provides the augmentation methods; it does not, torchvision
#    does.

import torch
from torchvision.transforms import v2

from tutorial_utils import get_device, load_mnist, seed_everything
from tutorial_utils.ch08_toolbox import show_image_rows

seed_everything(0)
device = get_device()

data = load_mnist()
images, labels = (t.to(device) for t in data.train.tensors)
background = images.min().item()
print(f"background value: {background:.4f}")
assert abs(background - (0 - 0.1307) / 0.3081) < 1e-4

# %%
# Six digits from the training set serve as examples, the first 2, 3, 4, 5, 7 and 9.
# ``show_image_rows`` from ``tutorial_utils.ch08_toolbox`` draws one row of them per entry
# of a dict, all on the same grey scale.

digits = [2, 3, 4, 5, 7, 9]
examples = torch.stack([images[labels == d][0] for d in digits])
print(examples.shape)
assert examples.shape == (6, 1, 28, 28)

# %%
# No horizontal flips for digits
# ------------------------------
#
# For photos of cats or cars a mirror image is still a cat or a car, and
# ``v2.RandomHorizontalFlip()`` is a standard augmentation there. A mirrored 2, 3, 4, 5, 7
# or 9 is not a digit at all: the test set never contains one, and a network trained on
# them learns to accept shapes no one writes. So flips stay out of the pipeline for digits.
# With ``p=1.0`` the flip always happens, which shows what it would produce.
#
# .. in-the-notes::
#
#    The notes list flips first among the augmentations, without saying that they do not
#    suit digits.

flipped = v2.RandomHorizontalFlip(p=1.0)(examples)
assert torch.equal(flipped, examples.flip(-1))
fig = show_image_rows({"original": examples, "flipped": flipped}, "horizontal flip", vmin=background, vmax=2.8)

# %%
# Transforms that keep a digit a digit
# ------------------------------------
#
# Handwriting varies in slant, position, size and stroke, and each of these has a transform:
#
# - ``v2.RandomRotation(10, fill=background)`` rotates by an angle drawn from
#   :math:`-10^\circ` to :math:`10^\circ`.
# - ``v2.RandomCrop(28, padding=2, fill=background)`` pads the image by 2 pixels on each
#   side and cuts a random :math:`28 \times 28` window out of it: a shift of up to 2 pixels.
# - ``v2.RandomResizedCrop(28, scale=(0.8, 1.0), ratio=(0.9, 1.1))`` cuts out a window
#   of 80 % to 100 % of the area and resizes it back to :math:`28 \times 28`: a mild zoom.
# - ``v2.GaussianNoise(sigma=0.2, clip=False)`` adds noise with standard deviation
#   :math:`\sigma = 0.2`.

rotate = v2.RandomRotation(10, fill=background)
shift = v2.RandomCrop(28, padding=2, fill=background)
zoom = v2.RandomResizedCrop(28, scale=(0.8, 1.0), ratio=(0.9, 1.1))
noise = v2.GaussianNoise(sigma=0.2, clip=False)

# %%
# Both arguments that look optional matter here. Without ``fill``, new pixels are 0,
# which for normalised images is a grey, not the background: the corner of a rotated
# image shows it. And ``GaussianNoise`` clips its output to :math:`[0, 1]` by default, which
# is right for raw pixels but would wipe out the negative background of normalised ones.

corner = v2.RandomRotation((10, 10))(examples)[:, 0, 0, 0]
corner_filled = v2.RandomRotation((10, 10), fill=background)(examples)[:, 0, 0, 0]
clipped = v2.GaussianNoise(sigma=0.2)(examples)
print(corner.tolist(), round(corner_filled[0].item(), 4), clipped.min().item())
assert torch.all(corner == 0) and torch.allclose(corner_filled, torch.full_like(corner_filled, background))
assert clipped.min().item() >= 0

# %%
# ``v2.Compose`` chains transforms into one; each is applied in turn. The grid shows each
# transform alone and the composed pipeline, each image drawn with its own random
# parameters (the next section explains why the loop is needed).

augment = v2.Compose([rotate, shift, zoom, noise])


def per_image(transform, batch):
    return torch.stack([transform(image) for image in batch])


rows = {"original": examples}
for name, transform in [("rotate", rotate), ("shift", shift), ("zoom", zoom), ("noise", noise)]:
    rows[name] = per_image(transform, examples)
for i in range(3):
    rows[f"all {i + 1}"] = per_image(augment, examples)
fig = show_image_rows(rows, "augmented digits", vmin=background, vmax=2.8)
assert all(r.shape == examples.shape for r in rows.values())

# %%
# One draw per call
# -----------------
#
# A v2 transform treats all leading dimensions as a batch, but the geometric ones draw
# their random parameters (angle, crop position, zoom) once per call: a whole batch is
# rotated by the *same* angle. Eight copies of one digit show it. Calling the transform on
# each image separately gives eight different rotations. (``GaussianNoise`` is the
# exception: it draws a new value for every pixel, so its noise differs between images
# anyway.)

copies = examples[:1].expand(8, 1, 28, 28)
same = rotate(copies)
separate = per_image(rotate, copies)
print("batch call, all equal:", all(torch.equal(same[0], s) for s in same))
print("per image, all equal: ", all(torch.equal(separate[0], s) for s in separate))
assert all(torch.equal(same[0], s) for s in same)
assert not all(torch.equal(separate[0], s) for s in separate)
#
# Summary
# -------
#
# - Augmentation transforms live in ``torchvision.transforms.v2``, not in ``torch.nn``;
#   they work on tensors and combine with ``v2.Compose``.
# - Choose transforms that keep the label: small rotations, shifts, zooms and noise for
#   digits, but no mirror images. For normalised images, set ``fill`` to the background
#   value and turn off the clipping of ``GaussianNoise``.
# - A geometric v2 transform draws one set of random parameters per call, for the whole
#   batch; apply it per image, in the dataset's ``__getitem__``, so that every image gets
#   its own.
#
# Where that per-image call goes, and what augmentation does to training, is the topic of
# :ref:`overfitting_augmentation_training`.
#
# .. seealso::
#
#    - `Transforming images with torchvision.transforms.v2 <https://docs.pytorch.org/vision/stable/transforms.html>`__
#    - `v2.RandomRotation <https://docs.pytorch.org/vision/stable/generated/torchvision.transforms.v2.RandomRotation.html>`__
#    - `v2.RandomCrop <https://docs.pytorch.org/vision/stable/generated/torchvision.transforms.v2.RandomCrop.html>`__
#    - `v2.RandomResizedCrop <https://docs.pytorch.org/vision/stable/generated/torchvision.transforms.v2.RandomResizedCrop.html>`__
#    - `v2.GaussianNoise <https://docs.pytorch.org/vision/stable/generated/torchvision.transforms.v2.GaussianNoise.html>`__
#    - `v2.RandomHorizontalFlip <https://docs.pytorch.org/vision/stable/generated/torchvision.transforms.v2.RandomHorizontalFlip.html>`__
#    - `v2.Compose <https://docs.pytorch.org/vision/stable/generated/torchvision.transforms.v2.Compose.html>`__
