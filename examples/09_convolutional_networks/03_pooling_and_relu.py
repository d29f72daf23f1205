"""
.. _cnn_pooling_relu:

Pooling and ReLU
================

A convolutional network rarely consists of convolutions alone. This page adds two layers
that usually sit between them: pooling, which shrinks the feature maps, and ReLU in its
in-place form, which saves memory but overwrites its input. Each one is checked against what
it is supposed to compute, so afterwards you know what these layers do to a tensor and when
an in-place operation is safe. Read :ref:`cnn_conv2d` first.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Pooling
# -------
#
# A pooling layer cuts each feature map into small windows and keeps one number per
# window: the largest (*max pooling*) or the mean (*average pooling*). With 2 × 2 windows
# and stride 2, it halves the height and the width and has no parameters. It works on each
# channel separately, so the number of channels does not change.
#
# The pooling layers are ``nn.MaxPool2d`` and ``F.avg_pool2d``. Their input here, of shape
# ``[1, 16, 14, 14]``, comes from a convolution from 1 to 16 channels with stride 2.
#
# .. in-the-notes::
#
#    - The notes pool a tensor of shape ``[1, 16, 14, 14]`` but take it from a convolution
#      with 3 output channels; a convolution from 1 to 16 channels with stride 2 produces
#      that shape for real.
#    - The notes spell the layers ``nn.MaxPoo12d`` and ``F.avg_poo12d``, with the digits 1
#      and 2: the names are ``nn.MaxPool2d`` and ``F.avg_pool2d``, with the letter l.

import torch
from torch import nn
from torch.nn import functional as F

from tutorial_utils import seed_everything
from tutorial_utils.diagrams.conv import draw_pooling

seed_everything(0)

conv = nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1)
x = conv(torch.rand(1, 1, 28, 28))
print(x.shape)
assert x.shape == (1, 16, 14, 14)

# %%
# Each pooling exists as a module (``nn.MaxPool2d``, ``nn.AvgPool2d``), to put into a
# network, and as a function (``F.max_pool2d``, ``F.avg_pool2d``). A window of size :math:`k`
# moved with stride :math:`s` fits as many times as a convolution's kernel does (without
# padding):
#
# .. math::
#
#    n_{\text{out}} = \left\lfloor \frac{n - k}{s} \right\rfloor + 1
#
# so :math:`\left\lfloor (14 - 2) / 2 \right\rfloor + 1 = 7`. Both forms give the same
# result, of shape ``[1, 16, 7, 7]``.

max_out = nn.MaxPool2d(2, stride=2)(x)
avg_out = nn.AvgPool2d(2, stride=2)(x)
print(max_out.shape, avg_out.shape)
assert max_out.shape == avg_out.shape == (1, 16, 7, 7)
assert max_out.shape[-1] == (x.shape[-1] - 2) // 2 + 1
torch.testing.assert_close(max_out, F.max_pool2d(x, 2, stride=2))
torch.testing.assert_close(avg_out, F.avg_pool2d(x, 2, stride=2))

# %%
# On a small 4 × 4 input the windows are easy to see: the four 2 × 2 blocks give four
# numbers. The figure gives each window and its two results one colour; the bold number
# is the window's maximum.

grid = torch.tensor([[1.0, 3.0, 2.0, 0.0], [4.0, 6.0, 5.0, 1.0], [8.0, 2.0, 0.0, 7.0], [3.0, 9.0, 4.0, 1.0]])
grid = grid.reshape(1, 1, 4, 4)
print("max:\n", F.max_pool2d(grid, 2)[0, 0])
print("average:\n", F.avg_pool2d(grid, 2)[0, 0])
assert F.max_pool2d(grid, 2).flatten().tolist() == [6.0, 5.0, 9.0, 7.0]
assert F.avg_pool2d(grid, 2).flatten().tolist() == [3.5, 2.0, 5.5, 3.0]
fig = draw_pooling(grid[0, 0], F.max_pool2d(grid, 2)[0, 0], F.avg_pool2d(grid, 2)[0, 0])

# %%
# The same can be written with a reshape: split each 14-pixel side into 7 blocks of 2, then
# take the maximum or the mean over the two block axes. (The stride defaults to the window
# size, which is why ``F.max_pool2d(grid, 2)`` above needed no ``stride``.)

blocks = x.reshape(1, 16, 7, 2, 7, 2)
torch.testing.assert_close(max_out, blocks.amax(dim=(3, 5)))
torch.testing.assert_close(avg_out, blocks.mean(dim=(3, 5)))

# %%
# ReLU in place
# -------------
#
# ``nn.ReLU(inplace=True)`` writes its result into its input tensor instead of allocating a
# new one, which saves memory in large networks. The returned tensor *is* the input: the
# negative numbers of ``x`` are gone afterwards. ``F.relu`` (and ``nn.ReLU()``) leave their
# input untouched.

x = torch.randn(1, 16, 7, 7)
before = x.clone()
out = F.relu(x)
print("F.relu changed x:", not torch.equal(x, before))
assert torch.equal(x, before) and out.data_ptr() != x.data_ptr()

out = nn.ReLU(inplace=True)(x)
print("in-place ReLU changed x:", not torch.equal(x, before), "| same memory:", out.data_ptr() == x.data_ptr())
assert out.data_ptr() == x.data_ptr() and x.min() == 0
torch.testing.assert_close(x, before.clamp(min=0))

# %%
# This is safe when nothing else needs the value before the ReLU. After a convolution or a
# batch normalisation it usually is: their backward pass does not need their own output. It
# is *not* safe when the input is used again later (for example by the shortcut of a
# residual block: :ref:`cnn_small_resnet` shows the wrong sum that results), or when
# autograd saved it to compute a gradient. :math:`\tanh` is such a case: its derivative is
# computed from its output, :math:`\tanh'(a) = 1 - \tanh^{2}(a)`, so overwriting that output
# breaks ``backward()``, and PyTorch says so instead of returning a wrong gradient.

image = torch.randn(2, 1, 5, 5, requires_grad=True)
features = nn.BatchNorm2d(2)(nn.Conv2d(1, 2, kernel_size=3, padding=1)(image))
nn.ReLU(inplace=True)(features).sum().backward()
print("conv, batch norm, then in-place ReLU: backward works")

a = torch.randn(5, requires_grad=True)
t = torch.tanh(a)
nn.ReLU(inplace=True)(t)
try:
    t.sum().backward()
    failed = False
except RuntimeError as error:
    print("tanh, then in-place ReLU:")
    print("RuntimeError:", str(error).split(":")[0])
    failed = True
assert failed

# %%
# Summary
# -------
#
# - ``nn.MaxPool2d(2, stride=2)`` and ``nn.AvgPool2d`` (functions ``F.max_pool2d``,
#   ``F.avg_pool2d``) keep the largest or the mean value of each 2 × 2 window, per channel:
#   ``[1, 16, 14, 14]`` becomes ``[1, 16, 7, 7]``.
# - ``nn.ReLU(inplace=True)`` overwrites its input; use it only where that value is not
#   needed again, neither by your code nor by autograd.
#
# The next page, :ref:`cnn_batchnorm`, adds the third layer that sits between convolutions.
#
# .. seealso::
#
#    - `torch.nn.MaxPool2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.MaxPool2d.html>`__
#    - `torch.nn.AvgPool2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.AvgPool2d.html>`__
#    - `torch.nn.functional.max_pool2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.max_pool2d.html>`__
#    - `torch.nn.functional.avg_pool2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.avg_pool2d.html>`__
#    - `torch.nn.ReLU <https://docs.pytorch.org/docs/stable/generated/torch.nn.ReLU.html>`__
