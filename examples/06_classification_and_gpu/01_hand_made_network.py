r"""
.. _classification_hand_made:

A classifier from bare tensors, and how to start its weights
============================================================

This page writes the notes' three-layer network, 784 → 200 → 200 → 10, with nothing but
tensors that require gradients and a ``forward`` function, and trains it on MNIST with
cross-entropy and SGD. Written as in the notes, it does not learn at all. The page measures
why (its initial weights are far too large, and a ReLU clips its output scores), fixes both,
and compares the result with the same network built from ``nn.Linear``. Afterwards you can
write a network by hand, choose the scale of its initial weights, and recognise from the
numbers at the start of training a network that cannot learn. You should know
cross-entropy (:ref:`first_network_cross_entropy`) and the training loop of
:ref:`first_network_mse`.

Cut for speed: 5 epochs per run on ``TRAIN_SIZE = 4000`` training images. 4,000 is the whole training set of the offline sample and a fifteenth of full MNIST, so the
page takes the same steps whichever data the "Data:" line below names; set
``TRAIN_SIZE = None`` to train on every training image.

Time budget: under 30 seconds on a 2-core CPU.
"""

# %%
# Data
# ----
#
# The MNIST tensors of :ref:`chapter_first_network`. Every run on this page trains for 5
# epochs on the same batches in the same order: ``make_loader()`` returns a training loader
# whose shuffling generator is seeded afresh. ``get_device()`` picks the GPU when there is
# one; :ref:`classification_device` explains devices in detail.

import math

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader

from tutorial_utils import evaluate, fit, get_device, load_mnist, seed_everything

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
# start at 0. Note the order: first scale, then ``requires_grad_()``. The notes'
# ``torch.randn(200, 784, requires_grad=True)`` cannot be scaled afterwards, because the
# product of a tensor that requires gradients is no longer a *leaf* tensor, and an optimizer
# refuses to update anything but leaves. ``make_params`` seeds the generator first, so every
# call draws the same random numbers and only the scale differs.

SIZES = [(784, 200), (200, 200), (200, 10)]


def make_params(std_of):
    seed_everything(0)
    params = []
    for fan_in, fan_out in SIZES:
        w = torch.randn(fan_out, fan_in, device=device) * std_of(fan_in)
        b = torch.zeros(fan_out, device=device)
        params += [w.requires_grad_(), b.requires_grad_()]
    return params


def notes_std(fan_in):
    return 1.0


def kaiming_std(fan_in):
    return math.sqrt(2 / fan_in)


params = make_params(notes_std)
print([tuple(p.shape) for p in params])
assert all(p.is_leaf and p.requires_grad for p in params)
assert sum(p.numel() for p in params) == 784 * 200 + 200 + 200 * 200 + 200 + 200 * 10 + 10

# %%
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
# Its output :math:`z`, ten unbounded scores per image, are the *logits* that
# cross-entropy expects. The notes apply one more ReLU to the logits,
# :math:`\operatorname{ReLU}(z)`; ``forward_notes`` keeps that for the comparison below.


def forward(x, params):
    w1, b1, w2, b2, w3, b3 = params
    x = x.view(x.size(0), 28 * 28)
    x = F.relu(x @ w1.T + b1)
    x = F.relu(x @ w2.T + b2)
    return x @ w3.T + b3


def forward_notes(x, params):
    return F.relu(forward(x, params))


x, y = next(iter(make_loader()))
x, y = x.to(device), y.to(device)
print(x.shape, "->", forward(x, params).shape)
assert forward(x, params).shape == (256, 10)

# %%
# Training the notes' network
# ---------------------------
#
# The loop is written out in full: forward, cross-entropy, ``zero_grad()``, ``backward()``,
# ``step()``. The optimizer gets the list of the six tensors, since there is no module to
# ask for its ``parameters()``. The notes use plain SGD; momentum 0.9, as in
# :ref:`first_network_mse`, lets 5 epochs go further. ``test_accuracy`` counts the test
# images whose highest score is the right digit. For an image of the digit :math:`y`,
# cross-entropy turns the logits into probabilities with a softmax and takes the negative
# log of the right one:
#
# .. math::
#
#    L = -\ln \operatorname{softmax}(z)_{y} = -z_{y} + \ln \sum_{k=0}^{9} e^{z_{k}} .


def test_accuracy(forward_fn, params):
    correct = 0
    with torch.no_grad():
        for x, y in test_loader:
            x, y = x.to(device), y.to(device)
            correct += (forward_fn(x, params).argmax(dim=1) == y).sum().item()
    return correct / len(test_loader.dataset)


optimizer = torch.optim.SGD(params, lr=0.01, momentum=0.9)
train_loader = make_loader()
notes_losses = []
for epoch in range(5):
    for x, y in train_loader:
        x, y = x.to(device), y.to(device)
        loss = F.cross_entropy(forward_notes(x, params), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        notes_losses.append(loss.item())
    print(f"epoch {epoch + 1}: loss {notes_losses[-1]:.4f}")
notes_acc = test_accuracy(forward_notes, params)
accuracy = {"notes: randn, ReLU on logits": notes_acc}
frozen_from = len(notes_losses)
while frozen_from > 0 and abs(notes_losses[frozen_from - 1] - math.log(10)) < 1e-4:
    frozen_from -= 1
print(f"first loss {notes_losses[0]:.1f}, largest {max(notes_losses):.1f}, "
      f"at 2.3026 from step {frozen_from} on; test accuracy {notes_acc:.3f}")

# %%
# The loss starts in the thousands, climbs even higher, and within the first epochs (the
# step is printed above) freezes at 2.3026, which is :math:`\ln 10`: the loss of a network
# that gives all ten digits the same probability, :math:`L = -\ln \frac{1}{10} = \ln 10`.
# That is what happened. On every test
# image all ten outputs are exactly 0, so the softmax is uniform, and ``argmax`` of ten
# equal scores returns the first index: the network answers "0" for every image, and its
# accuracy is the share of zeros in the test set.

with torch.no_grad():
    outputs = torch.cat([forward_notes(x.to(device), params) for x, _ in test_loader])
all_zero = (outputs == 0).all(dim=1).float().mean().item()
share_of_zeros = (data.test.tensors[1] == 0).float().mean().item()
print(f"ln 10: {math.log(10):.4f} | all outputs 0: {all_zero:.1%} | "
      f"share of 0s in test set: {share_of_zeros:.3f}")
assert notes_losses[0] > 100 and frozen_from < len(notes_losses) / 2 and all_zero > 0.99
assert abs(notes_acc - share_of_zeros) < 0.01

# %%
# Worse, it can never recover. The ReLU at the output passes no gradient where its input is
# negative, so once every logit is negative for every image, no gradient reaches any
# weight (momentum may carry the weights on for a few steps, but with no new gradient it
# dies out). One more backward pass on a batch shows it (the notes' commented-out
# ``print(w1 .grad.norm(), ...)`` would show the same; the space in ``w1 .grad`` is legal
# Python, but it reads like a typo).

optimizer.zero_grad()
F.cross_entropy(forward_notes(x, params), y).backward()
grad_norms = [p.grad.norm().item() for p in params]
print("gradient norms:", grad_norms)
assert all(g == 0 for g in grad_norms)

# %%
# Two things went wrong: the scale of the initial weights, and the ReLU on the logits. The
# next sections take them one at a time.
#
# What ``randn`` does to the signal
# ---------------------------------
#
# Each pre-activation sums :math:`n_{\text{in}}` products of a weight and an input, where
# :math:`n_{\text{in}}` is the fan-in. With independent weights of mean 0 and standard
# deviation :math:`\sigma`, the variances add up:
#
# .. math::
#
#    z = \sum_{i=1}^{n_{\text{in}}} w_i x_i + b, \qquad
#    \operatorname{Var}(z) = n_{\text{in}} \, \sigma^{2} \, \mathbb{E}[x^{2}] .
#
# The inputs are normalised (mean square about 1), so with the notes' :math:`\sigma = 1` the
# first layer's outputs have a standard deviation of about :math:`\sqrt{784} = 28`. ReLU
# zeroes about half of them, which halves the mean square, and the next layer multiplies
# the scale again by :math:`\sqrt{200 / 2} = 10`: about 280, then about 2,800 for
# the logits. Logits in the thousands make the softmax give probability 1 to one digit, and
# the loss of a wrong answer is about the gap between two such logits.
#
# Kaiming He's initialisation (He et al., 2015) chooses
# :math:`\sigma = \sqrt{\frac{2}{n_{\text{in}}}}` instead, which makes
# :math:`n_{\text{in}} \, \sigma^{2} = 2` and exactly cancels the halving by the ReLU: the scale
# stays about the same, layer after layer. ``layer_scales`` measures the standard deviation
# of each layer's pre-activations on one batch.


def layer_scales(params, x):
    h, scales = x.view(x.size(0), 28 * 28), []
    for w, b in zip(params[0::2], params[1::2]):
        z = h @ w.T + b
        scales.append(z.std().item())
        h = F.relu(z)
    return scales


x, y = next(iter(make_loader()))
x, y = x.to(device), y.to(device)
mean_square = (x**2).mean().item()
predicted = [math.sqrt(784 * mean_square), math.sqrt(784 * mean_square * 200 / 2),
             math.sqrt(784 * mean_square * (200 / 2) ** 2)]
print("predicted for randn:", [round(s) for s in predicted])

# %%
# The table puts the measured scales, the loss of the untrained network and the norm of
# the gradient of the first weight matrix side by side, for the notes' :math:`\sigma = 1` and
# for Kaiming's :math:`\sigma = \sqrt{\frac{2}{n_{\text{in}}}}`. Both rows come from the same
# random numbers; only the
# scale differs.

print(f"{'init':<8}{'layer 1':>9}{'layer 2':>9}{'logits':>9}{'loss':>9}{'|grad w1|':>11}")
start = {}
for name, std_of in [("randn", notes_std), ("Kaiming", kaiming_std)]:
    p = make_params(std_of)
    loss = F.cross_entropy(forward(x, p), y)
    loss.backward()
    start[name] = layer_scales(p, x) + [loss.item(), p[0].grad.norm().item()]
    row = "".join(f"{v:>9.2f}" for v in start[name][:4])
    print(f"{name:<8}{row}{start[name][4]:>11.2f}")

# %%
# The measured scales of the notes' weights follow the prediction (within a factor of 1.5
# either way), the initial loss is in the thousands instead of near
# :math:`\ln 10 \approx 2.3` for a network that has not yet decided anything, and the gradient is
# more than a hundred times as large. With Kaiming's scale every layer stays of order 1
# (the prediction is :math:`\sqrt{2} \approx 1.4`), and the loss starts close to :math:`\ln 10`.

randn_start, kaiming_start = start["randn"], start["Kaiming"]
assert all(p / 1.5 < m < p * 1.5 for p, m in zip(predicted, randn_start[:3]))
assert randn_start[2] > 1000 and randn_start[3] > 100
assert all(0.7 < s < 3 for s in kaiming_start[:3]) and kaiming_start[3] < 10
assert randn_start[4] > 100 * kaiming_start[4]

# %%
# ``torch.nn.init.kaiming_normal_`` fills a tensor in place with exactly this distribution;
# for a weight of shape ``[n_out, n_in]`` its default ``mode="fan_in"`` reads ``n_in`` from
# the second dimension. The standard deviation of a large sample matches
# :math:`\sqrt{\frac{2}{784}}`.

w = torch.empty(200, 784, device=device)
nn.init.kaiming_normal_(w, nonlinearity="relu")
print(f"std {w.std().item():.4f}, √(2/784) = {math.sqrt(2 / 784):.4f}")
assert abs(w.std().item() - math.sqrt(2 / 784)) < 0.02 * math.sqrt(2 / 784)

# %%
# Why the logits must stay unbounded
# ----------------------------------
#
# Cross-entropy reads the logits through a softmax, which accepts any real numbers: a
# negative logit is how the network says "unlikely". A ReLU after the last layer replaces
# every negative logit by 0, so the network can no longer say it, and, worse, a clipped
# logit gets no gradient at all. Already at the start, with Kaiming's weights, a large part
# of the logits are negative (the share printed below); the gradient that reaches them
# through the ReLU is exactly 0. Since the biases start at 0 and the two initialisations
# differ only by a positive factor, the notes' weights clip exactly the same logits.

p = make_params(kaiming_std)
logits = forward(x, p)
logits.retain_grad()
F.cross_entropy(F.relu(logits), y).backward()
clipped = logits <= 0
print(f"clipped logits: {clipped.float().mean().item():.1%}; "
      f"largest gradient reaching them: {logits.grad[clipped].abs().max().item()}")
agreement = ((forward(x, make_params(notes_std)) <= 0) == clipped).float().mean().item()
print(f"same logits clipped with the notes' weights: {agreement:.1%}")
assert 0.2 < clipped.float().mean().item() < 0.8
assert logits.grad[clipped].abs().max().item() == 0
assert agreement > 0.99

# %%
# The clipping is not spread evenly. Each logit is a weighted sum of 200 ReLU outputs,
# none of them negative, so its sign depends mostly on its weight row and little on the
# image: some digits start with a negative score on most images, others on few (the extremes
# lie more than 50 percentage points apart). The share of
# clipped logits, per digit:

per_digit = clipped.float().mean(dim=0)
print([round(v, 2) for v in per_digit.tolist()])
assert per_digit.max() - per_digit.min() > 0.5

# %%
# Four runs and a reference
# -------------------------
#
# ``train`` is the loop above as a function that returns the losses. It trains the three
# other combinations of initialisation and output layer, from the same random numbers and
# on the same batches as the notes' run.


def train(forward_fn, params):
    optimizer = torch.optim.SGD(params, lr=0.01, momentum=0.9)
    train_loader, losses = make_loader(), []
    for epoch in range(5):
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            loss = F.cross_entropy(forward_fn(x, params), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses


curves = {"notes: randn, ReLU on logits": notes_losses}
runs = {}
for name, std_of, forward_fn in [
    ("randn, plain logits", notes_std, forward),
    ("Kaiming, ReLU on logits", kaiming_std, forward_notes),
    ("Kaiming, plain logits", kaiming_std, forward),
]:
    runs[name] = make_params(std_of), forward_fn
    curves[name] = train(forward_fn, runs[name][0])
    accuracy[name] = test_accuracy(forward_fn, runs[name][0])

# %%
# As a reference, the same network built from ``nn.Linear`` layers in an ``nn.Sequential``
# (see :ref:`module_containers`), trained with ``fit`` from ``tutorial_utils``, which runs
# the same loop. ``list(model.parameters())`` lists ``w1, b1, w2, b2, w3, b3`` in the same
# order as the hand-made list (``nn.Flatten`` has none), so ``forward`` would run it too.


def make_model():
    seed_everything(0)
    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 200), nn.ReLU(),
        nn.Linear(200, 200), nn.ReLU(),
        nn.Linear(200, 10),
    )
    return model.to(device)


model = make_model()
torch.testing.assert_close(forward(x, list(model.parameters())), model(x))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
history = fit(model, make_loader(), F.cross_entropy, optimizer, epochs=5, device=device)
curves["nn.Linear (default init)"] = history["train_loss"]
accuracy["nn.Linear (default init)"] = evaluate(model, test_loader, device)

# %%
# The results
# -----------
#
# Test accuracy after 5 epochs, all runs from the same random numbers (the ``nn.Linear``
# model draws its own) on the same batches:

for name, acc in accuracy.items():
    print(f"{name:<30}{acc:>7.3f}")
randn_acc = accuracy["randn, plain logits"]
kaiming_relu_acc = accuracy["Kaiming, ReLU on logits"]
kaiming_acc = accuracy["Kaiming, plain logits"]
linear_acc = accuracy["nn.Linear (default init)"]

# %%
# Removing the ReLU alone does not rescue the notes' weights: with :math:`\sigma = 1` the network
# still ends far below the Kaiming run (at least 20 percentage points below). The huge first
# steps leave many ReLU units *dead*: they output 0 for every test
# image, so they pass no gradient and never recover. The share of dead units in the two
# hidden layers, after training:


def dead_units(params):
    w1, b1, w2, b2, _, _ = params
    with torch.no_grad():
        h1 = F.relu(data.test.tensors[0].to(device).view(-1, 784) @ w1.T + b1)
        h2 = F.relu(h1 @ w2.T + b2)
    return [(h == 0).all(dim=0).float().mean().item() for h in (h1, h2)]


dead_randn = dead_units(runs["randn, plain logits"][0])
dead_kaiming = dead_units(runs["Kaiming, plain logits"][0])
print("dead units, layer 1 and 2:  randn", [f"{v:.0%}" for v in dead_randn],
      "  Kaiming", [f"{v:.0%}" for v in dead_kaiming])
assert kaiming_acc > randn_acc + 0.2 and kaiming_acc > notes_acc + 0.5
assert sum(dead_randn) > sum(dead_kaiming) + 0.1

# %%
# With Kaiming's weights, the ReLU on the logits cost the run above the number of
# percentage points printed below. How many depends on the random start, which decides
# which digits begin with negative scores: after a lucky start no digit gets stuck and the
# cost is close to 0, but the ReLU does not help (up to one point of noise either way). A
# digit whose logit is still clipped on more than 90 % of its own test images is stuck: its
# score is 0 on those images, and they send no gradient to its weights.

with torch.no_grad():
    test_x, test_y = data.test.tensors[0].to(device), data.test.tensors[1].to(device)
    own_logit = forward(test_x, runs["Kaiming, ReLU on logits"][0]).gather(1, test_y[:, None])[:, 0]
stuck = [d for d in range(10) if (own_logit[test_y == d] <= 0).float().mean() > 0.9]
print(f"lost: {100 * (kaiming_acc - kaiming_relu_acc):.1f} points; stuck digits: {stuck}")
assert kaiming_relu_acc <= kaiming_acc + 0.01

# %%
# Finally, ``nn.Linear``: its default initialisation is also scaled by the fan-in. It draws
# weights and biases uniformly from
# :math:`\left[-\frac{1}{\sqrt{n_{\text{in}}}}, \frac{1}{\sqrt{n_{\text{in}}}}\right]` (for the
# weights, PyTorch calls ``kaiming_uniform_`` with ``a=math.sqrt(5)``, which works out to this
# range, see :ref:`module_custom_layers`). A uniform distribution on :math:`[-B, B]` has
# variance :math:`\frac{B^{2}}{3}`, so the standard deviation is
# :math:`\frac{1}{\sqrt{3 n_{\text{in}}}}`, :math:`\sqrt{6} \approx 2.4` times smaller than
# Kaiming's normal. The measured weight scales match. By the variance rule above, each layer
# then keeps a third of the mean square, and the ReLU halves it: the signal shrinks by
# about :math:`\sqrt{6}` per layer
# instead of growing by 10 or more, which over three layers does no harm. The measured scales
# follow that prediction, within a factor of 1.5 either way.

fresh = make_model()
for layer in [m for m in fresh if isinstance(m, nn.Linear)]:
    fan_in = layer.in_features
    std, expected = layer.weight.std().item(), 1 / math.sqrt(3 * fan_in)
    print(f"fan_in {fan_in}: std {std:.4f}, 1/√(3·fan_in) = {expected:.4f}")
    assert abs(std - expected) < 0.1 * expected
    assert max(layer.weight.abs().max().item(), layer.bias.abs().max().item()) <= 1 / math.sqrt(fan_in)
linear_scales = layer_scales(list(fresh.parameters()), x)
linear_predicted = [math.sqrt(mean_square / 3 / 6**k) for k in range(3)]
print("measured:", [round(s, 3) for s in linear_scales], " predicted:", [round(s, 3) for s in linear_predicted])
assert all(p / 1.5 < m < p * 1.5 for p, m in zip(linear_predicted, linear_scales))

# %%
# Its accuracy lands with the fan-in-scaled runs, far above the :math:`\sigma = 1` run (at
# least 20 points above it, as for Kaiming). Whether it is a little above or below the
# hand-made Kaiming network depends on the data and the random start: its weights start
# :math:`\sqrt{6}` times smaller, so its first steps change the outputs less.

print(f"σ = 1: {randn_acc:.3f}   hand-made Kaiming: {kaiming_acc:.3f}   nn.Linear: {linear_acc:.3f}")
assert linear_acc > randn_acc + 0.2

# %%
# The loss curves tell the same story. The notes' network starts in the thousands and then
# sits flat at :math:`\ln 10`. The :math:`\sigma = 1` network without the output ReLU starts
# just as high
# and falls, but stalls far above the others (its last loss is more than twice that of the
# Kaiming network with plain logits), with many of its units dead. The three fan-in-scaled
# networks start near :math:`\ln 10` and keep
# falling. The mean loss of the last epoch, per run:

last_epoch = {name: sum(losses[-per_epoch:]) / per_epoch for name, losses in curves.items()}
for name, value in last_epoch.items():
    print(f"{name:<30}{value:>7.3f}")
for name in ["Kaiming, ReLU on logits", "Kaiming, plain logits", "nn.Linear (default init)"]:
    assert curves[name][0] < 10 and last_epoch[name] < 0.8 * curves[name][0]
assert last_epoch["randn, plain logits"] > 2 * last_epoch["Kaiming, plain logits"]

# %%
# On a logarithmic axis, losses in the thousands and losses below 1 fit in one picture:

fig, ax = plt.subplots(figsize=(7, 4))
for name, losses in curves.items():
    ax.plot(losses, label=name)
ax.axhline(math.log(10), color="gray", linestyle=":", label="ln 10")
ax.set_yscale("log")
ax.set_xlabel("step (batch of 256)")
ax.set_ylabel("cross-entropy")
ax.set_title("784-200-200-10 on MNIST: training loss")
ax.legend(fontsize="small")
fig.tight_layout()

# %%
# Summary
# -------
#
# - A network needs no module: tensors with ``requires_grad`` and a ``forward`` function
#   train with any optimizer that is handed the list of tensors. Scale first, then call
#   ``requires_grad_()``, so the weights stay leaf tensors.
# - Initial weights of standard deviation 1 (plain ``torch.randn``) multiply the scale of
#   the signal by about :math:`\sqrt{n_{\text{in}}}` per layer; the loss starts in the
#   thousands and the network trains badly. Kaiming's
#   :math:`\sigma = \sqrt{\frac{2}{n_{\text{in}}}}` (``nn.init.kaiming_normal_``)
#   keeps the scale near 1 in ReLU networks; ``nn.Linear``'s default is scaled by the
#   fan-in too.
# - The last layer of a classifier gives logits, which cross-entropy needs unbounded: no
#   ReLU there. The notes' ReLU on the logits, together with their ``randn`` weights, left a
#   network that output 0 for every image and could not recover.
#
# .. seealso::
#
#    - `torch.nn.init.kaiming_normal_ <https://docs.pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_normal_>`__
#    - `torch.nn.init <https://docs.pytorch.org/docs/stable/nn.init.html>`__
#    - `torch.Tensor.requires_grad_ <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.requires_grad_.html>`__
#    - `torch.Tensor.is_leaf <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html>`__
#    - `torch.Tensor.retain_grad <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.retain_grad.html>`__
#    - `torch.nn.functional.cross_entropy <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.cross_entropy.html>`__
#    - `torch.nn.functional.relu <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.relu.html>`__
#    - `torch.nn.Linear <https://docs.pytorch.org/docs/stable/generated/torch.nn.Linear.html>`__
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
