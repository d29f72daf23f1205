r"""
.. _classification_hand_made:

A classifier from bare tensors, and how to start its weights
============================================================

This page builds a three-layer network, 784 → 200 → 200 → 10, with nothing but tensors that
require gradients and a ``forward`` function, chooses the scale of its initial weights, and
trains it on MNIST with cross-entropy and SGD. Afterwards you can write a network by hand,
initialise its weights so that the signal keeps its scale from layer to layer, and check
that it learns; :ref:`classification_initialisation` then shows what goes wrong when the
weights start too large. You should know cross-entropy (:ref:`first_network_cross_entropy`)
and the training loop of :ref:`first_network_mse`.

Cut for speed: 5 epochs on ``TRAIN_SIZE = 4000`` training images, the whole offline sample
and a fifteenth of full MNIST, so the page takes the same steps whichever data the "Data:"
line below names; set ``TRAIN_SIZE = None`` to train on every training image.

Time budget: under 30 seconds on a 2-core CPU.
"""

# %%
# Data
# ----
#
# The MNIST tensors of :ref:`chapter_first_network`. ``make_loader()`` returns a training
# loader whose shuffling generator is seeded afresh. ``get_device()`` picks the GPU when
# there is one; :ref:`classification_device` explains devices in detail.

import math

import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader

from tutorial_utils import get_device, load_mnist, seed_everything

seed_everything(0)
device = get_device()

TRAIN_SIZE = 4000  # None: train on every training image
data = load_mnist(train_size=TRAIN_SIZE)
test_loader = DataLoader(data.test, batch_size=1000)


def make_loader():
    generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
    return DataLoader(data.train, batch_size=256, shuffle=True, generator=generator)


per_epoch = len(make_loader())
print(per_epoch, "batches per epoch")

# %%
# The network as plain tensors
# ----------------------------
#
# Each layer is a weight matrix of shape ``[n_out, n_in]`` and a bias of length ``n_out``,
# the layout ``nn.Linear`` uses, and computes :math:`x W^\top + b`. ``make_params(std_of)``
# draws every weight from a normal distribution whose standard deviation
# ``std_of(fan_in)`` may depend on the layer's number of inputs (its *fan-in*). The biases
# start at 0. Note the order: first scale, then ``requires_grad_()``: the product of a tensor
# that requires gradients is no longer a *leaf* tensor, and an optimizer updates only leaves.
# ``make_params`` seeds the generator first, so only the scale differs between calls.

SIZES = [(784, 200), (200, 200), (200, 10)]


def make_params(std_of):
    seed_everything(0)
    params = []
    for fan_in, fan_out in SIZES:
        w = torch.randn(fan_out, fan_in, device=device) * std_of(fan_in)
        b = torch.zeros(fan_out, device=device)
        params += [w.requires_grad_(), b.requires_grad_()]
    return params


# %%
# Choosing the scale of the weights
# ---------------------------------
#
# The scale matters because of what the weights do to the scale of the activations. Each
# pre-activation sums :math:`n_{\text{in}}` products of a weight and an input, where
# :math:`n_{\text{in}}` is the fan-in. With independent weights of mean 0 and standard
# deviation :math:`\sigma`, the variances add up:
#
# .. math::
#
#    z = \sum_{i=1}^{n_{\text{in}}} w_i x_i + b, \qquad
#    \operatorname{Var}(z) = n_{\text{in}} \, \sigma^{2} \, \mathbb{E}[x^{2}] .
#
# With :math:`\sigma = 1` (plain ``torch.randn``) the first layer would multiply the scale
# of the normalised inputs by :math:`\sqrt{784} = 28`, each later layer by about 10: logits
# in the thousands (:ref:`classification_initialisation` shows what that does to training).
#
# Kaiming He's initialisation (He et al., 2015) chooses
# :math:`\sigma = \sqrt{\frac{2}{n_{\text{in}}}}` instead, which makes
# :math:`n_{\text{in}} \, \sigma^{2} = 2` and exactly cancels the halving by the ReLU: the scale
# stays about the same, layer after layer. ``layer_scales`` measures the standard deviation
# of each layer's pre-activations on one batch.
#
# .. in-the-notes::
#
#    The notes create the weights with ``torch.randn(200, 784, requires_grad=True)``:
#    standard deviation 1, far too large, and, because they require gradients from the
#    start, they cannot be scaled afterwards without losing their leaf status.


def kaiming_std(fan_in):
    return math.sqrt(2 / fan_in)


def layer_scales(params, x):
    h, scales = x.view(x.size(0), 28 * 28), []
    for w, b in zip(params[0::2], params[1::2]):
        z = h @ w.T + b
        scales.append(z.std().item())
        h = F.relu(z)
    return scales


params = make_params(kaiming_std)
x, y = next(iter(make_loader()))
x, y = x.to(device), y.to(device)
scales = layer_scales(params, x)
print([tuple(p.shape) for p in params], "scales:", [round(s, 2) for s in scales])
assert all(p.is_leaf and p.requires_grad for p in params)
assert sum(p.numel() for p in params) == 784 * 200 + 200 + 200 * 200 + 200 + 200 * 10 + 10
assert all(0.7 < s < 3 for s in scales)

# %%
# Every layer stays of order 1 (the prediction is :math:`\sqrt{2} \approx 1.4`).
# ``torch.nn.init.kaiming_normal_`` fills a tensor in place with exactly this distribution;
# for a weight of shape ``[n_out, n_in]`` its default ``mode="fan_in"`` reads ``n_in`` from
# the second dimension: the standard deviation of a sample matches :math:`\sqrt{\frac{2}{784}}`.

w = torch.empty(200, 784, device=device)
nn.init.kaiming_normal_(w, nonlinearity="relu")
print(f"std {w.std().item():.4f}, √(2/784) = {math.sqrt(2 / 784):.4f}")
assert abs(w.std().item() - math.sqrt(2 / 784)) < 0.02 * math.sqrt(2 / 784)

# %%
# The forward pass
# ----------------
#
# ``forward`` flattens each image to 784 numbers :math:`x` and applies the three layers
# with a ReLU between them:
#
# .. math::
#
#    \begin{aligned}
#    h_1 &= \operatorname{ReLU}(x W_1^\top + b_1), \\
#    h_2 &= \operatorname{ReLU}(h_1 W_2^\top + b_2), \\
#    z &= h_2 W_3^\top + b_3 .
#    \end{aligned}
#
# Its output :math:`z`, ten unbounded scores per image, are the *logits* that cross-entropy
# expects: its softmax accepts any real numbers, and a negative logit is how the network
# says "unlikely". So no ReLU after the last layer.
#
# .. in-the-notes::
#
#    The notes apply one more ReLU to the logits, :math:`\operatorname{ReLU}(z)`. It turns
#    every negative score into 0, where no gradient passes; with their weights the network
#    ends up answering 0 for every image (:ref:`classification_initialisation`).


def forward(x, params):
    w1, b1, w2, b2, w3, b3 = params
    x = x.view(x.size(0), 28 * 28)
    x = F.relu(x @ w1.T + b1)
    x = F.relu(x @ w2.T + b2)
    return x @ w3.T + b3


print(x.shape, "->", forward(x, params).shape)
assert forward(x, params).shape == (256, 10)

# %%
# Training
# --------
#
# The loop is written out in full: forward, cross-entropy, ``zero_grad()``, ``backward()``,
# ``step()``. The optimizer gets the list of the six tensors, since there is no module to
# ask for its ``parameters()``; SGD with momentum 0.9, as in :ref:`first_network_mse`. For
# an image of the digit :math:`y`, cross-entropy turns the logits into probabilities with a
# softmax and takes the negative log of the right one:
#
# .. math::
#
#    L = -\ln \operatorname{softmax}(z)_{y} = -z_{y} + \ln \sum_{k=0}^{9} e^{z_{k}} .
#
# Giving all ten digits the same probability costs :math:`-\ln \frac{1}{10} = \ln 10
# \approx 2.3`; a well-initialised network starts near that.

optimizer = torch.optim.SGD(params, lr=0.01, momentum=0.9)
train_loader = make_loader()
losses = []
for epoch in range(5):
    for x, y in train_loader:
        x, y = x.to(device), y.to(device)
        loss = F.cross_entropy(forward(x, params), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    print(f"epoch {epoch + 1}: loss {losses[-1]:.4f}")
last_epoch = sum(losses[-per_epoch:]) / per_epoch
print(f"first loss {losses[0]:.2f}, ln 10 = {math.log(10):.2f}, last epoch {last_epoch:.3f}")
assert losses[0] < 10 and last_epoch < 0.8 * losses[0]

# %%
# Every weight received a gradient in the last step: the norms of the six gradients are all
# positive. ``test_accuracy`` counts the test images whose highest score is the right digit;
# after 5 short epochs, most of them are right.
#
# .. in-the-notes::
#
#    The notes print these norms with a commented-out ``print(w1 .grad.norm(), ...)``. The
#    space in ``w1 .grad`` is legal Python, but it reads like a typo: write ``w1.grad``.


def test_accuracy(forward_fn, params):
    correct = 0
    with torch.no_grad():
        for x, y in test_loader:
            x, y = x.to(device), y.to(device)
            correct += (forward_fn(x, params).argmax(dim=1) == y).sum().item()
    return correct / len(test_loader.dataset)


grad_norms = [p.grad.norm().item() for p in params]
accuracy = test_accuracy(forward, params)
print("gradient norms:", [round(g, 3) for g in grad_norms], f"test accuracy {accuracy:.3f}")
assert all(g > 0 for g in grad_norms) and accuracy > 0.75

# %%
# Summary
# -------
#
# - A network needs no module: tensors with ``requires_grad`` and a ``forward`` function
#   train with any optimizer that is handed the list of tensors. Scale first, then call
#   ``requires_grad_()``, so the weights stay leaf tensors.
# - Each layer multiplies the variance of the signal by :math:`n_{\text{in}} \sigma^{2}`.
#   Kaiming's :math:`\sigma = \sqrt{\frac{2}{n_{\text{in}}}}` (``nn.init.kaiming_normal_``)
#   keeps the scale near 1 in ReLU networks, and the loss starts near :math:`\ln 10`.
# - The last layer of a classifier gives logits, which cross-entropy needs unbounded: no
#   ReLU there.
#
# .. seealso::
#
#    - `torch.nn.init.kaiming_normal_ <https://docs.pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_normal_>`__
#    - `torch.nn.init <https://docs.pytorch.org/docs/stable/nn.init.html>`__
#    - `torch.Tensor.requires_grad_ <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.requires_grad_.html>`__
#    - `torch.Tensor.is_leaf <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html>`__
#    - `torch.nn.functional.cross_entropy <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.cross_entropy.html>`__
#    - `torch.nn.functional.relu <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.relu.html>`__
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
