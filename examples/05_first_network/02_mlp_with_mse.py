"""
.. _first_network_mse:

A three-layer network trained with MSE
======================================

This page builds a network of three linear layers of sizes 784 → 256 → 64 → 10 with ReLU
between them, and trains it with mean-squared error against one-hot targets, SGD with
momentum, batches of 512, three epochs. The training loop is written out
in full; afterwards you can train and evaluate a classifier by hand. You should know
autograd, losses and gradient descent (:ref:`chapter_gradients`, :ref:`chapter_regression`)
and the data loaders of :ref:`first_network_data`.

Cut for speed: only 3 epochs on ``TRAIN_SIZE = 4000`` training images,
which makes 8 batches per epoch, 24 gradient steps in all. 4,000 is the whole training set
of the offline sample and a fifteenth of full MNIST, so the page takes the same steps
whichever data the "Data:" line below names; set ``TRAIN_SIZE = None`` to train on every
training image.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# Data
# ----
#
# The same data and loaders as on the previous page. ``get_device()`` picks the GPU when
# there is one; the batches are moved there inside the loop.

import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader

from tutorial_utils import get_device, load_mnist, one_hot, plot_curve, plot_image, seed_everything

seed_everything(0)
device = get_device()

TRAIN_SIZE = 4000  # None: train on every training image
data = load_mnist(train_size=TRAIN_SIZE)
generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
train_loader = DataLoader(data.train, batch_size=512, shuffle=True, generator=generator)
test_loader = DataLoader(data.test, batch_size=512)
print(len(train_loader), "batches per epoch")

# %%
# The network
# -----------
#
# A network is a subclass of ``nn.Module``: ``__init__`` creates the layers, ``forward`` says
# how an input flows through them. Each ``nn.Linear(n_in, n_out)`` computes :math:`x W^\top + b`
# with its own weight :math:`W` and bias :math:`b`; ``F.relu`` between the layers makes the whole
# thing more than one big linear map. The last layer gives 10 numbers per image, one score
# per digit, with no activation. ``super().__init__()`` sets up the ``nn.Module`` machinery
# before the layers are assigned.
#
# .. in-the-notes::
#
#    The notes write ``super(Net, self).__init__()``, the old Python 2 spelling; in Python 3
#    ``super().__init__()`` does the same.


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 256)
        self.fc2 = nn.Linear(256, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net = Net().to(device)
print(net)

# %%
# ``draw_network`` draws the network from its own ``nn.Linear`` layers: ``layer_sizes(net)``
# reads the input size of the first layer and the output size of every layer. Each unit of a
# layer is connected to each unit of the next, which is what *fully connected* means. A layer
# of more than six units is drawn as a few units and a ⋮, with its real size underneath.

from tutorial_utils.diagrams.graphs import draw_network, layer_sizes

sizes = layer_sizes(net)
print(sizes)
assert sizes == [28 * 28, 256, 64, 10]
fig = draw_network(sizes)

# %%
# ``net.parameters()`` yields the six tensors :math:`W_1, b_1, W_2, b_2, W_3, b_3` that training will
# change. Counting their elements gives the size of the network.

n_params = sum(p.numel() for p in net.parameters())
print(n_params)
assert n_params == (784 * 256 + 256) + (256 * 64 + 64) + (64 * 10 + 10)

# %%
# The linear layers expect one row of 784 numbers per image, so each batch
# ``[512, 1, 28, 28]`` is flattened first with ``x.view(x.size(0), 28 * 28)``
# (``nn.Flatten()`` is the same as a layer). The output has one row of 10 scores per image.

x, y = next(iter(test_loader))
x = x.to(device)
out = net(x.view(x.size(0), 28 * 28))
print(x.shape, "->", out.shape)
assert out.shape == (512, 10)

# %%
# One-hot targets
# ---------------
#
# The loss compares the 10 scores with the label written as a *one-hot* vector: 1 at the
# label's position, 0 elsewhere, so the digit 3 becomes ``[0, 0, 0, 1, 0, 0, 0, 0, 0, 0]``.
# The core of ``one_hot`` from ``tutorial_utils`` is two lines, a tensor of zeros and a
# ``scatter_`` of ones. PyTorch's own ``F.one_hot(y, 10).float()`` gives the same tensor.
#
# .. in-the-notes::
#
#    The notes train with this loss, mean-squared error against one-hot targets. It works, but
#    it is not the usual loss for classification: :ref:`first_network_cross_entropy` shows why.

targets = one_hot(y[:4])
print(y[:4].tolist())
print(targets)
torch.testing.assert_close(targets, F.one_hot(y[:4], 10).float())

# %%
# The training loop
# -----------------
#
# Training repeats six steps for each batch: flatten the images, run the network forward,
# compute the loss (``F.mse_loss`` averages the squared differences between the 10 scores
# and the one-hot target), clear the old gradients with ``optimizer.zero_grad()``, compute
# new ones with ``loss.backward()``, and let ``optimizer.step()`` update every parameter
# :math:`w` with the learning rate :math:`\eta = 0.01`:
#
# .. math::
#
#    v \leftarrow 0.9 \cdot v + \frac{\partial L}{\partial w}, \qquad w \leftarrow w - \eta \cdot v.
#
# The *momentum* :math:`v` is a running sum of recent gradients in which older ones count
# less and less. One pass
# over the training set is an *epoch*. ``net.train()`` puts the network in training mode
# (it matters only for layers such as dropout, but it is a good habit). The loss of every
# batch goes into ``train_loss``.

optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
train_loss = []
net.train()
for epoch in range(3):
    for batch_idx, (x, y) in enumerate(train_loader):
        x, y = x.to(device), y.to(device)
        out = net(x.view(x.size(0), 28 * 28))
        loss = F.mse_loss(out, one_hot(y))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        train_loss.append(loss.item())
        if batch_idx % 10 == 0:
            print(f"epoch {epoch}  batch {batch_idx}  loss {loss.item():.4f}")
print(len(train_loss), "steps")
assert len(train_loss) == 3 * len(train_loader)

# %%
# The loss curve
# --------------
#
# ``plot_curve`` (from ``tutorial_utils``, a few lines of Matplotlib) draws the loss of each
# batch. The curve is noisy, because every batch holds different images, but it goes down:
# the mean of the last three batches, printed below, is lower than that of the first three.

fig = plot_curve(train_loss, xlabel="batch", ylabel="MSE loss", title="training loss")
first, last = sum(train_loss[:3]) / 3, sum(train_loss[-3:]) / 3
print(f"first 3 batches: {first:.4f}   last 3 batches: {last:.4f}")
assert last < 0.95 * first

# %%
# Test accuracy
# -------------
#
# The network's answer for an image is the digit with the largest score, ``out.argmax(dim=1)``.
# The accuracy is the fraction of test images where that answer equals the label.
# ``torch.no_grad()`` tells autograd not to record the operations (no ``backward()``
# follows, so recording would only waste memory and time), ``net.eval()`` switches to
# evaluation mode, the counterpart of ``net.train()``, and ``(pred == y).sum().item()``
# counts the hits.
#
# .. in-the-notes::
#
#    The notes' test loop records the operations (no ``torch.no_grad()``), skips
#    ``net.eval()``, and counts the hits with the longer ``pred.eq(y).sum().float().item()``.

net.eval()
correct = 0
with torch.no_grad():
    for x, y in test_loader:
        x, y = x.to(device), y.to(device)
        pred = net(x.view(x.size(0), 28 * 28)).argmax(dim=1)
        correct += (pred == y).sum().item()
acc = correct / len(test_loader.dataset)
print(f"test accuracy: {acc:.3f}")
assert acc > 0.2

# %%
# A guess would be right for about one image in ten. The accuracy printed above is well
# above that, at least twice chance. On 4,000 training images, 24
# gradient steps leave the network far from trained; the next page shows that the choice of
# loss is part of the reason.
#
# Predictions on test images
# --------------------------
#
# The grid shows the first six test images with the network's predictions over them. Compare
# them with the true labels printed below it.

x, y = next(iter(test_loader))
with torch.no_grad():
    pred = net(x.to(device).view(x.size(0), 28 * 28)).argmax(dim=1)
fig = plot_image(x, pred, "pred")
print("predicted:", pred[:6].tolist())
print("true:     ", y[:6].tolist())
assert pred.shape == y.shape == (512,)

# %%
# Summary
# -------
#
# - A network is an ``nn.Module`` whose ``__init__`` creates layers and whose ``forward``
#   chains them; ``net.parameters()`` hands its weights to the optimizer.
# - The training loop: flatten, forward, loss, ``zero_grad()``, ``backward()``, ``step()``,
#   once per batch, for each epoch.
# - Evaluate under ``torch.no_grad()`` after ``net.eval()``; the accuracy is
#   ``(pred == y).sum().item()`` summed over the test set, divided by its size.
# - After three epochs with MSE the network beats chance clearly; after 24 steps it is still
#   far from trained.
#
# :ref:`first_network_cross_entropy` trains the same network with the usual loss for
# classification.
#
# .. seealso::
#
#    - `torch.nn.Module <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html>`__
#    - `torch.nn.Linear <https://docs.pytorch.org/docs/stable/generated/torch.nn.Linear.html>`__
#    - `torch.nn.functional.relu <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.relu.html>`__
#    - `torch.nn.functional.mse_loss <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.mse_loss.html>`__
#    - `torch.nn.functional.one_hot <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.one_hot.html>`__
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
#    - `torch.no_grad <https://docs.pytorch.org/docs/stable/generated/torch.no_grad.html>`__
#    - `torch.nn.Flatten <https://docs.pytorch.org/docs/stable/generated/torch.nn.Flatten.html>`__
#    - `Build the neural network tutorial <https://docs.pytorch.org/tutorials/beginner/basics/buildmodel_tutorial.html>`__
