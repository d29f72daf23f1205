"""
.. _cnn_classic_networks:

Classic networks: VGG, GoogLeNet, ResNet
========================================

After LeNet-5, three ideas shaped the convolutional networks that won the ImageNet
competition: VGG's stacks of small 3 × 3 convolutions, GoogLeNet's parallel branches, and
ResNet's shortcut connections. This page writes each idea as a small block, checks what it
claims (receptive fields, channel counts, shapes, parameter counts), and then builds the
full ``torchvision`` versions, without downloading any weights, to count their parameters.
Afterwards you can read the code of these architectures and write their building blocks
yourself. You should know the layers of :ref:`cnn_conv2d`, :ref:`cnn_pooling_relu` and
:ref:`cnn_batchnorm`.

Time budget: under 20 seconds on a 2-core CPU.
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

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F
from torchvision import models

from tutorial_utils import seed_everything
from tutorial_utils.diagrams.arch import draw_inception_block, draw_residual_block

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
# ResNet: shortcut connections
# ----------------------------
#
# More layers should never hurt in principle (they could learn to pass their input through
# unchanged), yet the ResNet paper (He et al., 2015) reports that very deep plain networks
# trained worse than shallower ones. ResNet makes "pass the input through" the default: a
# *residual block* computes a correction :math:`F(x)` and adds its input back,
# :math:`y = \operatorname{ReLU}(F(x) + x)`, with :math:`F` = conv 3 × 3 → batch norm → ReLU →
# conv 3 × 3 → batch norm. When the block changes the shape (more channels, or stride 2),
# the *shortcut* becomes a 1 × 1 convolution with the same stride, followed by batch norm:
# :math:`y = \operatorname{ReLU}(F(x) + \operatorname{BN}(\operatorname{conv}_{1 \times 1}(x)))`.
# The convolutions have no bias, because the batch norm after them adds one anyway.


class ResidualBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


# %%
# A block that keeps the shape uses the identity as shortcut; one from 64 to 128 channels
# with stride 2 uses the 1 × 1 convolution. The picture draws both from their ``forward``
# (the branch :math:`F` left, the shortcut right). They have exactly the parameters of
# ResNet-18's blocks ``layer1[0]`` and ``layer2[0]`` in ``torchvision``.

x = torch.randn(2, 64, 56, 56)
same, down = ResidualBlock(64, 64), ResidualBlock(64, 128, stride=2)
print(tuple(same(x).shape), type(same.shortcut).__name__)
print(tuple(down(x).shape), type(down.shortcut).__name__)
assert same(x).shape == x.shape and isinstance(same.shortcut, nn.Identity)
assert down(x).shape == (2, 128, 28, 28) and isinstance(down.shortcut, nn.Sequential)
fig = draw_residual_block([same, down], ["identity shortcut", "1×1 shortcut"], "Residual blocks")

resnet18 = models.resnet18(weights=None)
print(f"{count(same):,} = {count(resnet18.layer1[0]):,}   {count(down):,} = {count(resnet18.layer2[0]):,}")
assert count(same) == count(resnet18.layer1[0]) and count(down) == count(resnet18.layer2[0])

# %%
# A block can become the identity easily: if the last batch norm's scale :math:`\gamma` is
# 0, :math:`F(x) = 0` and the block returns :math:`\operatorname{ReLU}(x)`, which is
# :math:`x` itself for the non-negative inputs that a previous block's ReLU produces.
# Training can start this way, so that a deep network first behaves like a shallow one:
# torchvision's ResNets offer it as ``zero_init_residual=True``.

nn.init.zeros_(same.bn2.weight)
x = torch.relu(torch.randn(2, 64, 56, 56))
print("block with γ = 0 returns its input:", torch.equal(same(x), x))
torch.testing.assert_close(same(x), x)
zero_init = models.resnet18(weights=None, zero_init_residual=True)
assert all(block.bn2.weight.abs().max() == 0 for block in [zero_init.layer1[0], zero_init.layer4[1]])

# %%
# The full networks
# -----------------
#
# ``torchvision.models`` builds the complete ImageNet networks (1,000 classes, 224 × 224
# colour images). With ``weights=None`` they have random weights and nothing is
# downloaded; ``weights="DEFAULT"`` would fetch trained ones. Their parameter counts, and
# one forward pass each (in evaluation mode, because of the batch norms):

vgg16 = models.vgg16(weights=None)
networks = {"VGG-16": vgg16, "GoogLeNet": googlenet, "ResNet-18": resnet18}
image = torch.randn(1, 3, 224, 224)
counts = {}
with torch.no_grad():
    for name, model in networks.items():
        counts[name] = count(model)
        logits = model.eval()(image)
        print(f"{name:<10} {counts[name]:>12,} parameters   output {tuple(logits.shape)}")
        assert logits.shape == (1, 1000)
assert counts == {"VGG-16": 138_357_544, "GoogLeNet": 6_624_904, "ResNet-18": 11_689_512}

# %%
# These are the well-known counts (GoogLeNet without its two auxiliary classifiers, which
# only help in training). Most of VGG-16 is its first linear layer, from the
# :math:`512 \cdot 7 \cdot 7 = 25088` numbers of the last feature maps to 4,096 units;
# GoogLeNet and ResNet end with a global average pooling (one number per channel), so their
# linear layer is small. VGG-16 has over ten times ResNet-18's parameters, although ResNet-18
# has more layers (18 against 16); LeNet-5 (:ref:`cnn_lenet5`) would be a bar a hundred
# times lower than GoogLeNet's.

first_linear = count(vgg16.classifier[0])
print(f"VGG-16 first linear layer: {first_linear:,} parameters, {first_linear / counts['VGG-16']:.0%} of the network")
assert first_linear == 25_088 * 4_096 + 4_096 and first_linear > 0.7 * counts["VGG-16"]
for model in (googlenet, resnet18):
    assert isinstance(model.avgpool, nn.AdaptiveAvgPool2d) and count(model.fc) < 0.01 * first_linear
print(f"last linear layer: GoogLeNet {count(googlenet.fc):,}, ResNet-18 {count(resnet18.fc):,} parameters")
kinds = [type(m) for m in vgg16.modules()]
assert kinds.count(nn.Conv2d) == 13 and kinds.count(nn.Linear) == 3
weighted = [m for m in resnet18.modules() if isinstance(m, nn.Linear) or
            (isinstance(m, nn.Conv2d) and m.kernel_size != (1, 1))]
print("ResNet-18 layers with weights (1 × 1 shortcuts not counted):", len(weighted))
assert len(weighted) == 18 and counts["VGG-16"] > 10 * counts["ResNet-18"]
assert counts["GoogLeNet"] > 100 * 61_706

fig, ax = plt.subplots(figsize=(6, 3.5))
bars = ax.bar(list(counts), list(counts.values()), color=["tab:blue", "tab:orange", "tab:green"])
ax.bar_label(bars, labels=[f"{n / 1e6:.1f} M" for n in counts.values()])
ax.set(yscale="log", ylim=(1e5, 1e9), ylabel="parameters", title="Parameters of classic ImageNet networks")
fig.tight_layout()

# %%
# Summary
# -------
#
# - VGG: stacks of 3 × 3 convolutions; two see a 5 × 5 window with :math:`18 C^{2}` instead
#   of :math:`25 C^{2}` weights.
# - GoogLeNet: parallel 1 × 1, 3 × 3, 5 × 5 convolutions and a pooling, concatenated on the
#   channels; 1 × 1 convolutions reduce the channels first.
# - ResNet: :math:`\operatorname{ReLU}(F(x) + x)`, with a 1 × 1 convolution when the shape
#   changes, so each block can start close to the identity.
# - ``torchvision.models`` with ``weights=None`` builds the full networks without downloads.
#
# .. seealso::
#
#    - `torchvision.models <https://docs.pytorch.org/vision/stable/models.html>`__
#    - `torchvision.models.vgg16 <https://docs.pytorch.org/vision/stable/models/generated/torchvision.models.vgg16.html>`__
#    - `torchvision.models.googlenet <https://docs.pytorch.org/vision/stable/models/generated/torchvision.models.googlenet.html>`__
#    - `torchvision.models.resnet18 <https://docs.pytorch.org/vision/stable/models/generated/torchvision.models.resnet18.html>`__
#    - `torch.cat <https://docs.pytorch.org/docs/stable/generated/torch.cat.html>`__
#    - `torch.nn.Identity <https://docs.pytorch.org/docs/stable/generated/torch.nn.Identity.html>`__
#    - `torch.nn.init <https://docs.pytorch.org/docs/stable/nn.init.html>`__
#    - `torch.nn.BatchNorm2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.BatchNorm2d.html>`__
