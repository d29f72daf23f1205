"""
.. _exercises_cnn:

Exercises: convolution sizes, weights and blocks
================================================

Five exercises on this chapter: the output-size formula as a function, the parameters of a
convolution, the shapes of a stack worked out before running it, a convolution computed by
hand, and a residual block whose shortcut adapts to a change of shape. Each says what it
practises and which page it builds on, gives starter code with ``...`` where your code goes,
and ends with a check. Read the chapter's pages first, :ref:`cnn_conv2d` to :ref:`cnn_small_resnet`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# Each check runs your code on a few cases and prints ``✓`` and what passed, or ``✗`` and
# what is wrong, without giving the answer away (:ref:`exercises_installation`). Here they
# run on the starter code and print ``✗``; replace each ``...`` in your own copy (the
# download buttons at the bottom) until they print ``✓``. Answers are folded below each.

import torch
from torch import nn
from torch.nn import functional as F

from tutorial_utils.exercises.ch09 import (check_conv2d_by_hand, check_conv_out, check_conv_params,
                                           check_residual_block, check_stack_shapes)

# %%
# Exercise 1: the output-size formula
# -----------------------------------
#
# Practises the output size of a convolution (:ref:`cnn_conv2d`). Write
# ``conv_out(n, k, s=1, p=0, d=1)``, which returns, as an ``int``, how many positions a
# kernel of size :math:`k` with stride :math:`s`, padding :math:`p` and dilation :math:`d`
# takes along a dimension of size :math:`n`. The check tries the defaults and nine settings
# (uneven strides, dilations) against a loop that counts the positions, and says so if your
# result is a float.


def conv_out(n, k, s=1, p=0, d=1):
    return ...


check_conv_out(conv_out)

# %%
# .. answer-begin::
#
# A dilated kernel covers :math:`d (k - 1) + 1` pixels, so it fits
# :math:`n + 2p - d (k - 1) - 1` pixels past its first position; each step moves it by
# :math:`s`, which gives
#
# .. math::
#
#    n_{\text{out}} = \left\lfloor \frac{n + 2p - d (k - 1) - 1}{s} \right\rfloor + 1
#
# Integer division ``//`` is the floor of the formula and keeps the result an ``int``, where
# ``/`` would give a float.

def conv_out(n, k, s=1, p=0, d=1):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


assert check_conv_out(conv_out)

# %%
# .. answer-end::

# %%
# Exercise 2: the parameters of a convolution
# -------------------------------------------
#
# Practises the shapes of a convolution's weight and bias (:ref:`cnn_conv2d`,
# :ref:`cnn_lenet5`). Write ``conv_params(in_channels, out_channels, kernel_size,
# bias=True)``, the number of parameters of ``nn.Conv2d(in_channels, out_channels,
# kernel_size, bias=bias)`` from a formula, without building the layer; ``kernel_size`` is an
# ``int`` or a pair ``(kh, kw)``. The check compares with the layers PyTorch builds.


def conv_params(in_channels, out_channels, kernel_size, bias=True):
    return ...


check_conv_params(conv_params)

# %%
# .. answer-begin::
#
# The weight has the shape ``[out_channels, in_channels, kh, kw]`` and the bias one number
# per output channel: :math:`C_{\text{out}} \cdot C_{\text{in}} \cdot k_h \cdot k_w + C_{\text{out}}`
# parameters. The image size does not appear: the same kernels slide over every position.

def conv_params(in_channels, out_channels, kernel_size, bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return out_channels * in_channels * kh * kw + (out_channels if bias else 0)


assert check_conv_params(conv_params)

# %%
# .. answer-end::

# %%
# Exercise 3: the shapes of a stack, before running it
# ----------------------------------------------------
#
# Practises reading a stack of layers (:ref:`cnn_lenet5`, :ref:`cnn_pooling_relu`).
# Write ``stack_shapes(layers, shape)``: ``layers`` is a list of ``nn.Conv2d``,
# ``nn.MaxPool2d`` and layers that keep the shape (``nn.ReLU``, ``nn.BatchNorm2d``),
# ``shape`` is the input's ``(N, C, H, W)``; return the shapes after each layer, as tuples,
# worked out from the attributes ``kernel_size``, ``stride``, ``padding``, ``dilation`` and
# ``out_channels`` (a convolution stores pairs, a pooling layer often ints; pooling uses the
# convolution's formula). The check refuses to run any layer while your function works, then
# compares with real runs: LeNet-5's features, non-square shapes, overlapping pooling.


def stack_shapes(layers, shape):
    return ...


check_stack_shapes(stack_shapes)

# %%
# .. answer-begin::
#
# Only convolutions and pooling change the height and width, each dimension by the formula
# of exercise 1; only convolutions change the number of channels. Turning every setting into
# a pair first handles the ints of pooling layers and the non-square kernels alike.

def stack_shapes(layers, shape):
    n, c, h, w = shape
    shapes = []
    for layer in layers:
        if isinstance(layer, (nn.Conv2d, nn.MaxPool2d)):
            settings = [layer.kernel_size, layer.stride, layer.padding, layer.dilation]
            (kh, kw), (sh, sw), (ph, pw), (dh, dw) = [v if isinstance(v, tuple) else (v, v) for v in settings]
            h, w = conv_out(h, kh, sh, ph, dh), conv_out(w, kw, sw, pw, dw)
            if isinstance(layer, nn.Conv2d):
                c = layer.out_channels
        shapes.append((n, c, h, w))
    return shapes


assert check_stack_shapes(stack_shapes)

# %%
# .. answer-end::

# %%
# Exercise 4: a convolution by hand
# ---------------------------------
#
# Practises what a convolution computes (:ref:`cnn_conv2d`). Write
# ``conv2d_by_hand(x, weight, bias, stride=1, padding=0)``, which returns what
# ``F.conv2d(x, weight, bias, stride=stride, padding=padding)`` returns, for an input
# ``[N, C_in, H, W]``, a weight ``[C_out, C_in, kh, kw]`` and a bias ``[C_out]``, in the
# dtype of ``x``. Loop over the output positions, or use ``F.unfold``, but not ``F.conv2d``:
# the check refuses it, and compares four ``float64`` cases with ``F.conv2d``.


def conv2d_by_hand(x, weight, bias, stride=1, padding=0):
    return ...


check_conv2d_by_hand(conv2d_by_hand)

# %%
# .. answer-begin::
#
# After zero padding, output position :math:`(i, j)` sees the patch that starts at row
# :math:`i s` and column :math:`j s`, where :math:`s` is the stride. Each output channel is
# the sum of the patch times that channel's kernel, over the input channels and the
# kernel's rows and columns, plus the bias; the kernel is not flipped:
#
# .. math::
#
#    \text{out}[c_{\text{out}}, i, j] = b[c_{\text{out}}] + \sum_{c_{\text{in}}} \sum_{u=0}^{k_h-1} \sum_{v=0}^{k_w-1} W[c_{\text{out}}, c_{\text{in}}, u, v] \cdot x[c_{\text{in}}, i s + u, j s + v]
#
# The loop runs over positions only: one broadcast product handles the batch and all output
# channels at once. ``F.unfold`` gathers all patches as columns: one matrix product.

def conv2d_by_hand(x, weight, bias, stride=1, padding=0):
    c_out, _, kh, kw = weight.shape
    x = F.pad(x, (padding, padding, padding, padding))
    h = (x.shape[2] - kh) // stride + 1
    w = (x.shape[3] - kw) // stride + 1
    out = x.new_zeros(x.shape[0], c_out, h, w)
    for i in range(h):
        for j in range(w):
            patch = x[:, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[:, :, i, j] = (patch.unsqueeze(1) * weight).sum(dim=(2, 3, 4)) + bias
    return out


assert check_conv2d_by_hand(conv2d_by_hand)

# %%
# .. answer-end::

# %%
# Exercise 5: a residual block with a shortcut that fits
# ------------------------------------------------------
#
# Practises residual blocks (:ref:`cnn_residual`, :ref:`cnn_small_resnet`). Write
# the class ``ResidualBlock(in_channels, out_channels, stride=1)``, a block without batch
# normalisation, with two attributes:
#
# - ``branch``: conv 3 × 3 from ``in_channels`` to ``out_channels`` with the given stride
#   and padding 1 → ReLU → conv 3 × 3 from ``out_channels`` to ``out_channels`` with
#   padding 1, both convolutions with a bias;
# - ``shortcut``: ``nn.Identity()`` when the block keeps the shape, and otherwise (more or
#   fewer channels, or a stride other than 1) a 1 × 1 convolution with bias and the same
#   stride.
#
# ``forward`` returns :math:`\operatorname{ReLU}(\text{branch}(x) + \text{shortcut}(x))`.
# The check builds five blocks, counts their parameters, looks at their convolutions'
# settings, and recomputes each output with ``F.conv2d`` from the block's own weights.


class ResidualBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.branch = ...
        self.shortcut = ...

    def forward(self, x):
        return ...


check_residual_block(ResidualBlock)

# %%
# .. answer-begin::
#
# The addition needs ``branch(x)`` and ``shortcut(x)`` to have the same shape. The branch
# changes the channels and, with its stride, the size; a 1 × 1 convolution with the same
# stride makes the same change to :math:`x` at the cost of :math:`C_{\text{in}} \cdot C_{\text{out}}`
# weights and :math:`C_{\text{out}}` biases. The identity adds no parameters at all.

class ResidualBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.branch = nn.Sequential(nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1),
                                    nn.ReLU(), nn.Conv2d(out_channels, out_channels, 3, padding=1))
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Conv2d(in_channels, out_channels, 1, stride=stride)

    def forward(self, x):
        return F.relu(self.branch(x) + self.shortcut(x))


assert check_residual_block(ResidualBlock)

# %%
# .. answer-end::
