"""
.. _cnn_residual:

Residual connections: ResNet
============================

Very deep plain networks train worse than shallower ones; ResNet's *shortcut connections*
fixed that and made networks of a hundred layers and more trainable. This page writes the
residual block, checks its shapes and parameter counts against ``torchvision``'s ResNet-18,
shows how a block can start as the identity, and then compares the full VGG-16, GoogLeNet
and ResNet-18, built without downloading any weights. Afterwards you can write a residual
block yourself and explain why ResNet-18 needs less than a tenth of VGG-16's parameters. You
should know the blocks of :ref:`cnn_classic_networks` and batch normalisation
(:ref:`cnn_batchnorm`).

Time budget: under 20 seconds on a 2-core CPU.
"""

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F
from torchvision import models

from tutorial_utils import seed_everything
from tutorial_utils.diagrams.arch import draw_residual_block

seed_everything(0)


def count(model):
    return sum(p.numel() for p in model.parameters())


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
googlenet = models.googlenet(weights=None, init_weights=False, aux_logits=False)
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
# - ResNet: :math:`\operatorname{ReLU}(F(x) + x)`, with a 1 × 1 convolution when the shape
#   changes, so each block can start close to the identity.
# - ``torchvision.models`` with ``weights=None`` builds the full networks without downloads;
#   VGG-16 spends most of its parameters on its first linear layer, GoogLeNet and ResNet end
#   with a global average pooling.
#
# .. seealso::
#
#    - `torchvision.models.resnet18 <https://docs.pytorch.org/vision/stable/models/generated/torchvision.models.resnet18.html>`__
#    - `torch.nn.Identity <https://docs.pytorch.org/docs/stable/generated/torch.nn.Identity.html>`__
#    - `torch.nn.init <https://docs.pytorch.org/docs/stable/nn.init.html>`__
#    - `torch.nn.BatchNorm2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.BatchNorm2d.html>`__
