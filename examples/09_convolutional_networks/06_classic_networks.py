"""
.. _cnn_classic_networks:

Classic networks: VGG and GoogLeNet
===================================

After LeNet-5, two ideas shaped the convolutional networks that won the ImageNet
competition in 2014: VGG's stacks of small 3 × 3 convolutions and GoogLeNet's parallel
branches. This page writes each idea as a small block, checks what it claims (receptive
fields, channel counts, shapes, parameter counts) and compares it with the ``torchvision``
version, built without downloading any weights. Afterwards you can read the code of these
architectures and write their building blocks yourself; :ref:`cnn_residual` adds ResNet's
shortcut connections. You should know the layers of :ref:`cnn_conv2d`,
:ref:`cnn_pooling_relu` and :ref:`cnn_batchnorm`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# VGG: stacks of 3 × 3 convolutions
# ---------------------------------
#
# VGG (Simonyan and Zisserman, 2014) uses only 3 × 3 convolutions with padding 1, two or
# three in a row, followed by a 2 × 2 max pooling that halves the size. Why not larger
# kernels? Each output of a second 3 × 3 convolution sees a 3 × 3 window of the first one's
# output, each of which sees 3 × 3 input pixels: together a 5 × 5 window, the *receptive
# field* of one 5 × 5 convolution. Autograd can show it: the gradient of one output value
# with respect to the input is non-zero exactly on the pixels that value depends on. (The
# weights are set to 1 so that no contribution cancels by chance.)

import torch
from torch import nn
from torchvision import models

from tutorial_utils import seed_everything
from tutorial_utils.diagrams.arch import draw_inception_block

seed_everything(0)


def receptive_field(*layers):
    for layer in layers:
        nn.init.ones_(layer.weight)
    x = torch.zeros(1, 1, 15, 15, requires_grad=True)
    nn.Sequential(*layers)(x)[0, 0, 7, 7].backward()
    seen = x.grad[0, 0] != 0
    return seen.any(dim=1).sum().item(), seen.any(dim=0).sum().item()


def conv(k):
    return nn.Conv2d(1, 1, kernel_size=k, padding=k // 2, bias=False)


for name, layers in [("one 3×3", [conv(3)]), ("two 3×3", [conv(3), conv(3)]),
                     ("three 3×3", [conv(3), conv(3), conv(3)]), ("one 5×5", [conv(5)])]:
    print(f"{name:<10} receptive field {receptive_field(*layers)}")
assert receptive_field(conv(3), conv(3)) == receptive_field(conv(5)) == (5, 5)
assert receptive_field(conv(3), conv(3), conv(3)) == (7, 7)

# %%
# The small kernels need fewer weights. From :math:`C` to :math:`C` channels (no bias), two
# 3 × 3 layers have :math:`18 C^{2}` weights, one 5 × 5 layer :math:`25 C^{2}` (with
# :math:`C = 64`, 73,728 against 102,400); three 3 × 3 against one 7 × 7: :math:`27 C^{2}`
# against :math:`49 C^{2}`. Each extra layer also brings an extra ReLU. A VGG *block* is such
# a stack followed by pooling; VGG-16 chains five blocks (64 to 512 channels), 13
# convolutions, then three linear layers: 16 layers with weights, hence the name.


def count(model):
    return sum(p.numel() for p in model.parameters())


def vgg_block(in_channels, out_channels, n_convs):
    layers = []
    for i in range(n_convs):
        layers += [nn.Conv2d(in_channels if i == 0 else out_channels, out_channels, 3, padding=1), nn.ReLU()]
    return nn.Sequential(*layers, nn.MaxPool2d(2))


C = 64
two_3x3 = nn.Sequential(nn.Conv2d(C, C, 3, padding=1, bias=False), nn.ReLU(),
                        nn.Conv2d(C, C, 3, padding=1, bias=False))
one_5x5 = nn.Conv2d(C, C, 5, padding=2, bias=False)
print(f"two 3×3: {count(two_3x3):,}   one 5×5: {count(one_5x5):,}")
assert count(two_3x3) == 2 * 9 * C * C < count(one_5x5) == 25 * C * C
x = torch.randn(1, C, 32, 32)
assert two_3x3(x).shape == one_5x5(x).shape == (1, C, 32, 32)
out = vgg_block(3, 64, 2)(torch.randn(1, 3, 32, 32))
print(out.shape)
assert out.shape == (1, 64, 16, 16)

# %%
# GoogLeNet: parallel branches
# ----------------------------
#
# Which kernel size is best at a given layer? GoogLeNet (Szegedy et al., 2014) does not
# choose: its *Inception* block runs a 1 × 1, a 3 × 3 and a 5 × 5 convolution and a 3 × 3
# max pooling side by side, all keeping the height and width, and concatenates their
# outputs along the channels (``torch.cat(..., dim=1)``). To keep the cost down, 1 × 1
# convolutions reduce the channels before the 3 × 3 and 5 × 5 convolutions and after the
# pooling. The sizes are those of GoogLeNet's block "3a": 192 channels in,
# :math:`64 + 128 + 32 + 32 = 256` out. The picture is traced from ``inception``'s
# ``forward`` by ``torch.fx``; each box shows its channels in and out.


def conv_relu(in_channels, out_channels, k):
    return nn.Sequential(nn.Conv2d(in_channels, out_channels, k, padding=k // 2), nn.ReLU())


class Inception(nn.Module):
    def __init__(self, in_channels, c1, c3, c5, c_pool):
        super().__init__()
        self.branch1 = conv_relu(in_channels, c1, 1)
        self.branch3 = nn.Sequential(conv_relu(in_channels, c3[0], 1), conv_relu(c3[0], c3[1], 3))
        self.branch5 = nn.Sequential(conv_relu(in_channels, c5[0], 1), conv_relu(c5[0], c5[1], 5))
        self.branch_pool = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), conv_relu(in_channels, c_pool, 1))

    def forward(self, x):
        branches = [self.branch1, self.branch3, self.branch5, self.branch_pool]
        return torch.cat([branch(x) for branch in branches], dim=1)


inception = Inception(192, 64, (96, 128), (16, 32), 32)
x = torch.randn(2, 192, 28, 28)
out = inception(x)
print([tuple(branch(x).shape) for branch in inception.children()], "->", tuple(out.shape))
assert out.shape == (2, 64 + 128 + 32 + 32, 28, 28)
fig = draw_inception_block(inception, "Inception block (GoogLeNet 3a)")

# %%
# The 1 × 1 reduction is what makes the 5 × 5 branch affordable: going from 192 to 32
# channels with a 5 × 5 kernel directly costs :math:`192 \cdot 32 \cdot 5^{2} = 153600`
# weights, reducing to 16 channels first costs
# :math:`192 \cdot 16 + 16 \cdot 32 \cdot 5^{2} = 15872`, about a tenth.
#
# ``torchvision``'s GoogLeNet has the same block (with batch norms) and output shape, but
# the kernel of its "5 × 5" branch is 3 × 3, a known slip kept so that its published weights
# still fit (`vision issue 906 <https://github.com/pytorch/vision/issues/906>`__).
# ``weights=None`` downloads nothing; ``init_weights=False`` avoids a warning about a future
# change of GoogLeNet's default initialisation.

direct = nn.Conv2d(192, 32, 5, padding=2, bias=False)
reduced = nn.Sequential(nn.Conv2d(192, 16, 1, bias=False), nn.Conv2d(16, 32, 5, padding=2, bias=False))
print(f"direct 5×5: {count(direct):,}   1×1 then 5×5: {count(reduced):,}   ratio {count(direct) / count(reduced):.1f}")
assert count(direct) == 192 * 32 * 5**2 == 153_600 and count(reduced) == 192 * 16 + 16 * 32 * 5**2 == 15_872
assert count(direct) > 9 * count(reduced)

googlenet = models.googlenet(weights=None, init_weights=False, aux_logits=False)
reference = googlenet.inception3a.eval()
print(tuple(reference(x).shape), reference.branch3[1].conv.kernel_size)
assert reference(x).shape == out.shape and reference.branch3[1].conv.kernel_size == (3, 3)

# %%
# Summary
# -------
#
# - VGG: stacks of 3 × 3 convolutions; two see a 5 × 5 window with :math:`18 C^{2}` instead
#   of :math:`25 C^{2}` weights.
# - GoogLeNet: parallel 1 × 1, 3 × 3, 5 × 5 convolutions and a pooling, concatenated on the
#   channels; 1 × 1 convolutions reduce the channels first.
# - ``torchvision.models`` with ``weights=None`` builds the full networks without downloads.
#
# .. seealso::
#
#    - `torchvision.models <https://docs.pytorch.org/vision/stable/models.html>`__
#    - `torchvision.models.vgg16 <https://docs.pytorch.org/vision/stable/models/generated/torchvision.models.vgg16.html>`__
#    - `torchvision.models.googlenet <https://docs.pytorch.org/vision/stable/models/generated/torchvision.models.googlenet.html>`__
#    - `torch.cat <https://docs.pytorch.org/docs/stable/generated/torch.cat.html>`__
