"""
.. _cnn_lenet5:

LeNet-5 on MNIST
================

LeNet-5 (LeCun et al., 1998) is the classic convolutional network for handwritten digit
recognition. This page builds it, follows the shape of a batch through its layers, counts its
parameters against the fully connected network of :ref:`chapter_first_network`, and trains
it on MNIST with the training loop written out, watching a validation set and measuring the
test set once, at the end. Afterwards you can assemble convolution,
pooling and linear layers into a working image classifier. You should know the layers of
:ref:`cnn_conv2d` and :ref:`cnn_pooling_relu`, and cross-entropy
(:ref:`first_network_cross_entropy`), and why the test set is kept for the end
(:ref:`overfitting_splits`).

Cut for speed: 5 epochs on ``TRAIN_SIZE = 4000`` training images (3,600 to train on, 400 to
validate). 4,000 is the whole training set of the offline sample and a fifteenth of full MNIST, so the
page takes the same steps whichever data the "Data:" line below names; set
``TRAIN_SIZE = None`` to train on every training image.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# The architecture
# ----------------
#
# LeNet-5 has two convolution stages followed by three fully connected layers:
#
# - a 5 × 5 convolution to 6 channels, then 2 × 2 pooling: 28 × 28 → 14 × 14;
# - a 5 × 5 convolution to 16 channels, then 2 × 2 pooling: 14 × 14 → 10 × 10 → 5 × 5;
# - the :math:`16 \cdot 5 \cdot 5 = 400` numbers, flattened, go through linear layers of
#   120, 84 and 10 units.
#
# .. in-the-notes::
#
#    The notes call the task "手写数组识别" (handwritten *array* recognition); it is
#    手写数字识别, handwritten *digit* recognition.
#
# The original took 32 × 32 images (the MNIST digits with a border); its first convolution
# without padding then gives 28 × 28 maps. Here the images stay 28 × 28 and the first
# convolution gets ``padding=2`` instead, which gives the same 28 × 28 maps without
# resizing anything. This version also uses the modern ingredients: ReLU instead of the
# original's scaled tanh, max pooling instead of its trainable averaging, every channel of
# the second convolution connected to all 6 input channels (the original used a sparse
# connection table), and a plain linear output read by cross-entropy.

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader, TensorDataset, random_split

from tutorial_utils import get_device, load_mnist, plot_curve, seed_everything
from tutorial_utils.diagrams.arch import draw_feature_maps, draw_layer_stack

seed_everything(0)
device = get_device()


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, 10),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


net = LeNet5().to(device)

# %%
# Following a batch through the layers
# ------------------------------------
#
# Feeding a dummy batch of two images through the layers one at a time shows each shape. The
# shapes follow from the formula of :ref:`cnn_conv2d`: :math:`(28 + 4 - 5) / 1 + 1 = 28`,
# then :math:`(14 - 5) / 1 + 1 = 10`, and each pooling halves the size.

h = torch.zeros(2, 1, 28, 28, device=device)
for layer in [*net.features, *net.classifier]:
    h = layer(h)
    print(f"{type(layer).__name__:<10} {tuple(h.shape)}")
    if isinstance(layer, nn.Flatten):
        assert h.shape == (2, 400)
assert h.shape == (2, 10)

# %%
# The same layers as a picture, drawn from ``net`` itself by running one image through it:
# each layer with the shape of its output (channels @ height × width), a ReLU written next to
# the layer it follows. The names are those of LeNet's paper: C for convolution, S for
# subsampling (pooling), F for fully connected, numbered from the input. The maps shrink from
# 28 × 28 to 5 × 5 while their number grows from 1 to 16.

fig = draw_layer_stack(net, torch.zeros(1, 1, 28, 28, device=device), "LeNet-5: layers and output shapes")

# %%
# Fewer parameters than the MLP
# -----------------------------
#
# Each convolution has :math:`C_{\text{out}} \cdot C_{\text{in}} \cdot 5^{2} + C_{\text{out}}`
# parameters, however large the image;
# most of LeNet's weights sit in its first linear layer. The network of
# :ref:`first_network_cross_entropy` (784 → 256 → 64 → 10) connects every pixel to each of
# its 256 first units. Built again here, it has several times as many parameters as LeNet-5.

mlp = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 256), nn.ReLU(),
    nn.Linear(256, 64), nn.ReLU(),
    nn.Linear(64, 10),
)


def count(model):
    return sum(p.numel() for p in model.parameters())


for name, part in net.named_modules():
    if isinstance(part, (nn.Conv2d, nn.Linear)):
        print(f"{name:<14} {count(part):>7,}")
print(f"LeNet-5 total  {count(net):>7,}")
print(f"MLP total      {count(mlp):>7,}   ({count(mlp) / count(net):.1f} times as many)")
assert count(net) == (6 * 25 + 6) + (16 * 6 * 25 + 16) + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10)
assert count(net) == 61_706 and count(net) < count(mlp)
assert count(mlp) > 3 * count(net)

# %%
# Data
# ----
#
# The MNIST tensors of :ref:`chapter_first_network`, in batches of 64. As in
# :ref:`overfitting_splits`, 10 % of the training images are held out as a validation set:
# it is what the page watches during training, while the test set is measured once, at the
# end. The split and the training loader use a seeded generator, so the run is repeatable.

TRAIN_SIZE = 4000  # None: train on every training image
data = load_mnist(train_size=TRAIN_SIZE)
generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
train_set, val_set = random_split(data.train, [0.9, 0.1], generator=generator)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True, generator=generator)
val_loader = DataLoader(val_set, batch_size=500)
test_loader = DataLoader(data.test, batch_size=500)
print(f"train {len(train_set)}, validation {len(val_set)}, test {len(data.test)}")
print(len(train_loader), "batches per epoch")
assert len(train_set) + len(val_set) == len(data.train)

# %%
# Training
# --------
#
# The loop is the one of :ref:`first_network_mse`, with cross-entropy and the Adam
# optimizer at its default learning rate of 0.001, which works well here. After each epoch the
# network is switched to evaluation mode and measured on the validation images without
# building a graph. LeNet has no Dropout or batch normalisation, so ``eval()`` changes
# nothing here, but it is the habit to keep (see :ref:`cnn_batchnorm`).


def accuracy(model, loader):
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            correct += (model(x).argmax(dim=1) == y).sum().item()
    return correct / len(loader.dataset)


def train_epoch(model, optimizer, losses):
    model.train()
    for x, y in train_loader:
        x, y = x.to(device), y.to(device)
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())


initial_kernels = net.features[0].weight.detach().cpu()[:, 0].clone()
assert not any(isinstance(m, (nn.Dropout, nn.BatchNorm2d)) for m in net.modules())
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
losses, accuracies = [], [accuracy(net, val_loader)]
for epoch in range(5):
    train_epoch(net, optimizer, losses)
    accuracies.append(accuracy(net, val_loader))
    print(f"epoch {epoch + 1}: last batch loss {losses[-1]:.3f}, validation accuracy {accuracies[-1]:.3f}")

# %%
# The untrained network guesses (about 10 % right on the validation set); after 5 epochs
# the run above reached the validation accuracy printed last. Training is over, so the test
# set is measured now, once: that is the number to report. The checks ask for more than
# 90 % on both sets, a bound with room to spare: runs with other seeds end up in the same
# range as this one.

test_acc = accuracy(net, test_loader)
print(f"validation accuracy: {accuracies[0]:.3f} -> {accuracies[-1]:.3f}")
print(f"test accuracy: {test_acc:.3f}")
assert accuracies[0] < 0.3
assert accuracies[-1] > 0.9 and test_acc > 0.9

# %%
# The same budget for the MLP
# ---------------------------
#
# Is the convolution worth it? The MLP built above gets the same loop, the same optimizer and
# the same 5 epochs of 64-image batches. On the test set as it is, the two end within a few
# points of each other at this small budget, although the MLP has several times as many
# parameters. The difference shows when the digits move: on test digits shifted 3 pixels to
# the right, a position neither network trained on, LeNet-5 is at least 10 points more
# accurate than the MLP. Each of its kernels looks at neighbouring pixels and is used at every
# position, so a shifted stroke still meets the same detectors; the MLP learned a separate
# weight for every pixel position.

mlp = mlp.to(device)
mlp_optimizer = torch.optim.Adam(mlp.parameters(), lr=1e-3)
for epoch in range(5):
    train_epoch(mlp, mlp_optimizer, [])
images, labels = data.test.tensors
shifted_loader = DataLoader(TensorDataset(torch.roll(images, shifts=3, dims=3), labels), batch_size=500)
results = {name: (count(model), accuracy(model, test_loader), accuracy(model, shifted_loader))
           for name, model in [("LeNet-5", net), ("MLP", mlp)]}
print(f"{'network':<10}{'parameters':>11}{'test':>8}{'shifted':>9}")
for name, (params, plain, moved) in results.items():
    print(f"{name:<10}{params:>11,}{plain:>8.3f}{moved:>9.3f}")
assert results["LeNet-5"][1] == test_acc and abs(results["LeNet-5"][1] - results["MLP"][1]) < 0.08
assert results["LeNet-5"][2] > results["MLP"][2] + 0.1

# %%
# The training loss per batch falls quickly during the first epoch and then keeps
# decreasing, noisily, since each batch holds only 64 images. The mean loss of each epoch
# shows the trend without the noise.

per_epoch = torch.tensor(losses).view(5, -1).mean(dim=1)
print("mean loss per epoch:", [round(v, 3) for v in per_epoch.tolist()])
assert all(per_epoch[1:] < per_epoch[:-1])
fig = plot_curve(losses, xlabel="batch", ylabel="cross-entropy", title="LeNet-5: training loss")

# %%
# What the first layer learned
# ----------------------------
#
# The six 5 × 5 kernels of the first convolution started as random numbers (top row, kept
# from before training). Training reshaped them (bottom row) into the local pattern
# detectors that the rest of the network found useful; compare them with the hand-made edge
# filters of :ref:`cnn_conv2d`, where red next to blue meant an edge. The relative change of
# the weights is printed below: training did not merely nudge the random start.

kernels = net.features[0].weight.detach().cpu()[:, 0]
change = (kernels - initial_kernels).norm() / initial_kernels.norm()
print(kernels.shape, f"relative change: {change.item():.2f}")
assert kernels.shape == (6, 5, 5) and change > 0.3

fig, axes = plt.subplots(2, 6, figsize=(10, 3.8))
for row, (weights, when) in enumerate([(initial_kernels, "start"), (kernels, "trained")]):
    for k in range(6):
        ax = axes[row, k]
        limit = weights[k].abs().max().item()
        ax.imshow(weights[k].numpy(), cmap="bwr", vmin=-limit, vmax=limit)
        if row == 0:
            ax.set_title(f"kernel {k}")
        if k == 0:
            ax.set_ylabel(when)
        ax.set_xticks([])
        ax.set_yticks([])
fig.suptitle("LeNet-5: first-layer kernels before and after training")
fig.tight_layout()

# %%
# Each kernel, slid over an image, gives one *feature map*. One forward pass of the trained
# first convolution over the first test digit gives six maps of 28 × 28, map :math:`k` from
# kernel :math:`k`. They are taken before the ReLU, so both signs show: red where the image
# matches the kernel's pattern, blue where it matches the opposite pattern.

digit, label = data.test[0]
with torch.no_grad():
    maps = net.features[0](digit.unsqueeze(0).to(device))[0].cpu()
print("label", label.item(), "maps", tuple(maps.shape))
assert maps.shape == (6, 28, 28) and maps.min() < 0 < maps.max()
fig = draw_feature_maps(digit, maps, "LeNet-5: first-layer feature maps")

# %%
# Summary
# -------
#
# - LeNet-5 is two stages of convolution, ReLU and pooling, then three linear layers; with
#   ``padding=2`` on its first convolution it takes 28 × 28 MNIST images directly.
# - Weight sharing makes it small: 61,706 parameters (checked above), a fraction of those of
#   the fully connected network of :ref:`first_network_cross_entropy`.
# - The training loop is the same as for any classifier: forward, cross-entropy,
#   ``zero_grad()``, ``backward()``, ``step()``; ``model.eval()`` and ``torch.no_grad()``
#   for measuring. A validation set carved from the training images follows the training;
#   the test set is measured once, at the end. In the run above, 5 epochs gave the test
#   accuracy printed there.
#
# .. seealso::
#
#    - `torch.nn.Conv2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.Conv2d.html>`__
#    - `torch.nn.MaxPool2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.MaxPool2d.html>`__
#    - `torch.nn.Sequential <https://docs.pytorch.org/docs/stable/generated/torch.nn.Sequential.html>`__
#    - `torch.nn.Flatten <https://docs.pytorch.org/docs/stable/generated/torch.nn.Flatten.html>`__
#    - `torch.nn.Module.named_modules <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.named_modules>`__
#    - `torch.optim.Adam <https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html>`__
#    - `torch.nn.functional.cross_entropy <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.cross_entropy.html>`__
#    - `torch.utils.data.DataLoader <https://docs.pytorch.org/docs/stable/generated/torch.utils.data.DataLoader.html>`__
#    - `torch.utils.data.random_split <https://docs.pytorch.org/docs/stable/data.html#torch.utils.data.random_split>`__
