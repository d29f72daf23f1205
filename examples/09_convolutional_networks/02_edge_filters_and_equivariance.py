"""
.. _cnn_edge_filters:

Edge filters and translation equivariance
=========================================

A convolution's kernel can be written by hand. This page builds two Sobel edge filters,
applies them with ``F.conv2d`` to a digit from MNIST, and shows what locality and weight
sharing buy: moving the digit moves its feature map by the same amount. Afterwards you can
read a feature map as a map of where a local pattern occurs. You should know ``nn.Conv2d``
and ``F.conv2d`` from :ref:`cnn_conv2d`, and the MNIST loader of :ref:`chapter_first_network`.

Time budget: under 10 seconds on a 2-core CPU.
"""

import torch
from torch.nn import functional as F

from tutorial_utils import get_device, load_mnist, seed_everything
from tutorial_utils.ch09_training import plot_maps
from tutorial_utils.diagrams.conv import draw_shift

seed_everything(0)

# %%
# Edge filters on a real digit
# ----------------------------
#
# A trained network learns its kernels, but a kernel can also be written by hand. The Sobel
# kernel below is negative on the left and positive on the right, so it responds where the
# brightness changes from left to right, at *vertical* edges; its transpose responds at
# *horizontal* edges. Stacked into a ``[2, 1, 3, 3]`` weight, they form a convolution with two
# output channels. On an image whose only edge is vertical (dark left half, bright right
# half), the vertical filter fires along the edge, the horizontal one gives exactly zero.
#
# Now a digit from MNIST, with a border of one pixel to keep its 28 × 28 size. Zeros would
# draw a false edge (the normalised background is about −0.42, not 0), so
# ``F.pad(..., mode="replicate")`` repeats the outermost pixels. In the feature maps, red
# marks where the brightness rises (left to right, or top to bottom), blue where it falls:
# a convolution turns an image into a map of where a local pattern occurs, and a network
# stacks layers of learned kernels to detect patterns made of earlier patterns.

sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
kernels = torch.stack([sobel_x, sobel_x.T]).unsqueeze(1)
step = torch.zeros(1, 1, 8, 8)
step[..., 4:] = 1.0
edges = F.conv2d(step, kernels)
print(kernels.shape, edges[0, 0], sep="\n")
assert edges[0, 0].abs().max() == 4 and edges[0, 1].abs().max() == 0
device = get_device()
data = load_mnist()
image, label = data.train[0]
image = image.to(device).unsqueeze(0)
print("background value:", image[0, 0, 0, 0].item())
maps = F.conv2d(F.pad(image, (1, 1, 1, 1), mode="replicate"), kernels.to(device))
print(image.shape, "->", maps.shape)
assert maps.shape == (1, 2, 28, 28)
assert maps[..., 0, :].abs().max() < 1e-4 and maps[..., :, 0].abs().max() < 1e-4
panels = [(image[0, 0], f"digit {label.item()}", "gray"), (kernels[0, 0], "kernel: vertical", "bwr"),
          (kernels[1, 0], "kernel: horizontal", "bwr"), (maps[0, 0], "map: vertical edges", "bwr"),
          (maps[0, 1], "map: horizontal edges", "bwr")]
fig = plot_maps(panels, "Sobel filters applied with F.conv2d")

# %%
# Shift the digit, shift the map
# ------------------------------
#
# Each output value looks only at a 3 × 3 neighbourhood (*locality*), and every position
# uses the same kernel (*weight sharing*). Together they make a convolution *translation
# equivariant*: moving the input moves the feature map by the same amount. Here the digit,
# strokes 1 and background 0, is moved 3 pixels down and 2 to the right; its vertical-edge
# map equals the original's map, moved the same way, wherever the border does not reach
# (whole numbers make the sums exact, so the check is ``torch.equal``).

digit = (image > image.min()).float()
moved = F.pad(digit, (2, 0, 3, 0))[..., :28, :28]
edge_maps = [F.conv2d(t, kernels[:1].to(device), padding=1) for t in (digit, moved)]
assert torch.equal(edge_maps[1][..., 3:27, 2:27], edge_maps[0][..., :24, :25])
fig = draw_shift(digit, moved, edge_maps[0], edge_maps[1], shift=(3, 2))


# %%
# Summary
# -------
#
# - A hand-made kernel such as Sobel's finds vertical or horizontal edges; ``F.conv2d`` applies
#   it, and ``F.pad(..., mode="replicate")`` keeps the size without drawing a false edge.
# - Locality and weight sharing make a convolution translation equivariant.
#
# .. seealso::
#
#    - `torch.nn.functional.conv2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.conv2d.html>`__
#    - `torch.nn.functional.pad <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.pad.html>`__
#    - `torch.stack <https://docs.pytorch.org/docs/stable/generated/torch.stack.html>`__
