"""
.. _cnn_conv2d:

Convolution layers: nn.Conv2d
=============================

This page builds ``nn.Conv2d`` layers with different kernel sizes, strides and paddings,
checks the formula that predicts their output size, looks at the shapes of their weights,
and computes the same result with the functional ``F.conv2d``; :ref:`cnn_edge_filters` then
applies hand-made edge filters to a real digit. Afterwards you can choose a convolution's
settings to get the output size you want. You should know tensors and layers from
:ref:`chapter_first_network`.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# A first convolution layer
# -------------------------
#
# A fully connected layer connects every pixel to every output. A convolution instead slides
# a small *kernel* (here 3 × 3) over the image and, at each position, takes the weighted sum
# of the pixels under it plus a bias: the same few weights everywhere, each output looking at
# a small neighbourhood. ``nn.Conv2d(in_channels, out_channels, kernel_size, stride,
# padding)`` takes a ``[batch, channels, height, width]`` input. With one input channel (a
# grey image), three output channels, no padding and a step (*stride*) of 1, a 28 × 28 image
# gives three 26 × 26 *feature maps*.

import torch
from torch import nn
from torch.nn import functional as F

from tutorial_utils import seed_everything
from tutorial_utils.diagrams.conv import draw_channel_sum, draw_conv_window, draw_padding_stride
from tutorial_utils.diagrams.conv import draw_pointwise

seed_everything(0)

layer = nn.Conv2d(1, 3, kernel_size=3, stride=1, padding=0)
x = torch.rand(1, 1, 28, 28)
out = layer(x)
print(out.shape)
assert out.shape == (1, 3, 26, 26)

# %%
# With small whole numbers the window can be followed by hand: a 5 × 5 input, a 3 × 3
# kernel and the output of ``F.conv2d`` (the function form of the layer, see below; no
# bias). The orange window gives the orange output value, written out under the grids.

small = torch.randint(0, 4, (1, 1, 5, 5)).float()
kernel = torch.randint(-1, 2, (1, 1, 3, 3)).float()
small_out = F.conv2d(small, kernel)
fig = draw_conv_window(small[0, 0], kernel[0, 0], small_out[0, 0], row=1, col=2)
assert small_out[0, 0, 1, 2] == (small[0, 0, 1:4, 2:5] * kernel[0, 0]).sum()

# %%
# Call the layer, not ``forward``
# -------------------------------
#
# Call the module itself, ``layer(x)``, rather than ``layer.forward(x)``. Both compute the
# same numbers, but ``nn.Module.__call__`` runs the *hooks* registered on the module around
# ``forward``: functions that inspect or change its input and output, used by debugging and
# visualisation tools and by PyTorch itself (pruning with ``torch.nn.utils.prune``, for
# example, applies its mask to the weight in such a hook). Calling ``forward`` directly
# skips them silently. A hook that counts its calls shows the difference.
#
# .. in-the-notes::
#
#    The notes call ``layer.forward(x)``. Call ``layer(x)``, so that the hooks run.

calls = []
handle = layer.register_forward_hook(lambda module, inputs, output: calls.append(output.shape))
out_call, out_forward = layer(x), layer.forward(x)
handle.remove()
print("hook ran", len(calls), "time(s)")
torch.testing.assert_close(out_call, out_forward)
assert len(calls) == 1

# %%
# The output size
# ---------------
#
# Along each dimension, an input of size :math:`n` with padding :math:`p` (zeros added on each
# side), kernel size :math:`k` and stride :math:`s` gives
#
# .. math::
#
#    n_{\text{out}} = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1
#
# positions. A *dilated* kernel (``dilation=d``) leaves gaps of :math:`d - 1` pixels between
# its taps, so it covers :math:`d (k - 1) + 1` pixels and that number replaces :math:`k`:
#
# .. math::
#
#    n_{\text{out}} = \left\lfloor \frac{n + 2p - d (k - 1) - 1}{s} \right\rfloor + 1
#
# The function below is this formula; the loop builds a real layer for each setting and
# compares: a 3 × 3 kernel with padding 0 or 1 and stride 1 or 2, a 5 × 5 kernel, a
# dilation, and a non-square 28 × 20 input with a non-square 3 × 5 kernel.


def conv_out(n, k, s=1, p=0, d=1):
    return (n + 2 * p - (d * (k - 1) + 1)) // s + 1


settings = [  # (height, width), (kernel_h, kernel_w), stride, padding, dilation
    ((28, 28), (3, 3), 1, 0, 1), ((28, 28), (3, 3), 1, 1, 1), ((28, 28), (3, 3), 2, 1, 1),
    ((28, 28), (5, 5), 1, 2, 1), ((28, 28), (3, 3), 1, 0, 2), ((28, 20), (3, 5), 2, 1, 1),
]
print(f"{'input':>9} {'kernel':>7} {'s':>2} {'p':>2} {'d':>2} {'formula':>10} {'layer':>10}")
for (h, w), (kh, kw), s, p, d in settings:
    conv = nn.Conv2d(1, 3, kernel_size=(kh, kw), stride=s, padding=p, dilation=d)
    predicted = (conv_out(h, kh, s, p, d), conv_out(w, kw, s, p, d))
    actual = tuple(conv(torch.rand(1, 1, h, w)).shape[2:])
    print(f"{h:>4}×{w:<4} {kh:>3}×{kw:<3} {s:>2} {p:>2} {d:>2} {str(predicted):>10} {str(actual):>10}")
    assert predicted == actual

# %%
# The first three settings give 26, 28 and 14: :math:`k = 3, p = 1, s = 1` keeps the size
# (*same* padding, :math:`p = (k - 1) / 2` for an odd :math:`k`), and stride 2 halves it.
# The floor matters when the division is not exact: :math:`(28 + 2 - 3) / 2 = 13.5` rounds
# down to 13, plus 1 gives 14. The figure draws three settings on a 6 × 6 input: grey cells
# are the zero padding, the orange window is the first position and the dashed blue one the
# next, and dots mark where windows start, a grid of the output's size.

assert [conv_out(28, 3, 1, 0), conv_out(28, 3, 1, 1), conv_out(28, 3, 2, 1)] == [26, 28, 14]
cases = [("padding 1", 1, 1, 1), ("stride 2", 2, 1, 1), ("dilation 2", 1, 0, 2)]
w = torch.rand(1, 1, 3, 3)
outs = [F.conv2d(torch.rand(1, 1, 6, 6), w, stride=s, padding=p, dilation=d) for _, s, p, d in cases]
print([o.shape[-1] for o in outs])
assert [o.shape[-1] for o in outs] == [conv_out(6, 3, s, p, d) for _, s, p, d in cases] == [6, 3, 2]
fig = draw_padding_stride(6, 3, [(*case, o) for case, o in zip(cases, outs)])

# %%
# Weights and bias
# ----------------
#
# The weight of ``nn.Conv2d`` has the shape ``[out_channels, in_channels, k, k]``: one
# :math:`k \times k` kernel for every pair of input and output channels; the bias has one
# number per output channel. A layer from :math:`C_{\text{in}}` to :math:`C_{\text{out}}`
# channels therefore has :math:`C_{\text{out}} \cdot C_{\text{in}} \cdot k^{2} + C_{\text{out}}`
# parameters, whatever the size of the image, whereas a fully connected layer's size grows
# with the number of pixels. From 3 to 16 channels with :math:`k = 3` that is
# :math:`16 \cdot 3 \cdot 3^{2} + 16 = 448`.

conv16 = nn.Conv2d(3, 16, kernel_size=3)
n_params = sum(p.numel() for p in conv16.parameters())
print(layer.weight.shape, layer.bias.shape, conv16.weight.shape, n_params)
assert layer.weight.shape == (3, 1, 3, 3) and layer.bias.shape == (3,)
assert conv16.weight.shape == (16, 3, 3, 3) and n_params == 16 * 3 * 3**2 + 16 == 448

# %%
# With several input channels, each output channel has one kernel slice per input channel:
# every slice is slid over its own channel, and the results are added (plus the bias) into
# one map. The figure shows one output channel of ``F.conv2d`` with a ``[1, 3, 2, 2]`` weight.
#
# A 1 × 1 kernel has no neighbourhood: at every pixel it takes a weighted sum of the
# channels, with the same weights everywhere. It changes the number of channels without
# mixing neighbouring pixels; :ref:`cnn_classic_networks` and :ref:`cnn_residual` use it to
# make GoogLeNet and ResNet cheaper.

x3 = torch.randint(0, 4, (1, 3, 4, 4)).float()
w3 = torch.tensor([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [-1.0, 0.0]], [[1.0, 1.0], [0.0, -1.0]]]).unsqueeze(0)
out3 = F.conv2d(x3, w3)
assert torch.equal(out3, sum(F.conv2d(x3[:, c : c + 1], w3[:, c : c + 1]) for c in range(3)))
fig = draw_channel_sum(x3[0], w3[0], out3[0, 0])
w1 = torch.tensor([1.0, -1.0, 2.0]).reshape(1, 3, 1, 1)
out1 = F.conv2d(x3, w1)
assert torch.equal(out1, (x3 * w1).sum(dim=1, keepdim=True))
fig = draw_pointwise(x3[0], w1, out1[0, 0], row=1, col=2)

# %%
# The functional form
# -------------------
#
# ``torch.nn.functional.conv2d`` is the same operation as a plain function: you pass the
# weight and bias yourself. Given the layer's own parameters, stride and padding, it returns
# the same tensor. (``nn.Conv2d`` is the handy choice inside a network, because it creates
# and registers its parameters.) One output value can also be computed by hand: with stride
# :math:`s`, output position :math:`(i, j)` sees the :math:`k \times k` patch of the padded
# input :math:`x` that starts at row :math:`i s` and column :math:`j s`, and
#
# .. math::
#
#    \text{out}[c_{\text{out}}, i, j] = b[c_{\text{out}}] + \sum_{c_{\text{in}}} \sum_{u=0}^{k-1} \sum_{v=0}^{k-1} W[c_{\text{out}}, c_{\text{in}}, u, v] \cdot x[c_{\text{in}}, i s + u, j s + v]
#
# The kernel is not flipped: strictly speaking, PyTorch computes a *cross-correlation*,
# which is what deep learning calls convolution.

layer = nn.Conv2d(1, 3, kernel_size=3, stride=2, padding=1)
out = layer(x)
out_f = F.conv2d(x, layer.weight, layer.bias, stride=2, padding=1)
print(out.shape, out_f.shape)
torch.testing.assert_close(out, out_f)

padded = F.pad(x, (1, 1, 1, 1))
c, i, j = 2, 5, 7
patch = padded[0, 0, 2 * i : 2 * i + 3, 2 * j : 2 * j + 3]
by_hand = (patch * layer.weight[c, 0]).sum() + layer.bias[c]
print(out[0, c, i, j].item(), by_hand.item())
# a GPU may run convolutions in TF32, which is accurate to about 1e-3
torch.testing.assert_close(out[0, c, i, j], by_hand, atol=1e-3, rtol=1e-3)

# %%
# Summary
# -------
#
# - ``nn.Conv2d`` has a ``[out_ch, in_ch, k, k]`` weight and an ``[out_ch]`` bias:
#   :math:`C_{\text{out}} C_{\text{in}} k^{2} + C_{\text{out}}` parameters; call it as ``layer(x)``.
# - Each output dimension has size :math:`\left\lfloor (n + 2p - k) / s \right\rfloor + 1`;
#   :math:`k = 3, p = 1, s = 1` keeps the size, stride 2 halves it.
# - ``F.conv2d`` is the same operation with the weights passed in, handy for hand-made kernels.
# - Input channels are summed into each output channel; a 1 × 1 convolution mixes channels only.
#
# .. seealso::
#
#    - `torch.nn.Conv2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.Conv2d.html>`__
#    - `torch.nn.functional.conv2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.conv2d.html>`__
#    - `torch.nn.functional.pad <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.pad.html>`__
#    - `torch.nn.Module.register_forward_hook <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_forward_hook>`__
