r"""
.. _classification_initialisation:

Why initialisation matters: weights that start too large
========================================================

This page starts the network of :ref:`classification_hand_made` (read it first) with
weights of standard deviation 1, as plain ``torch.randn`` draws them, and with a ReLU on the
logits, and measures what goes wrong: the scale of activations and gradients, clipped
logits, dead units, and the loss curves of every combination next to ``nn.Linear``'s
default. Afterwards you can tell from the first numbers of a run that a network cannot learn.

Cut for speed: 5 epochs per run on ``TRAIN_SIZE = 4000`` training images (``None``: all).

Time budget: under 30 seconds on a 2-core CPU.
"""

# %%
# Weights of standard deviation 1 and a ReLU on the logits
# --------------------------------------------------------
#
# ``tutorial_utils.ch06_scales`` holds the functions of :ref:`classification_hand_made`;
# ``make_params`` scales the same random numbers by ``sigma_one`` (:math:`\sigma = 1`) or
# ``kaiming``, and ``relu_on_logits`` is ``forward`` with one more ReLU. The first run
# changes both things at once and trains for 5 epochs; ``train`` returns every batch's loss.
#
# .. in-the-notes::
#
#    This is the network as the notes write it: weights from ``torch.randn(...,
#    requires_grad=True)``, standard deviation 1, and a ReLU on the logits.

import math

import torch
from torch.nn import functional as F
from torch.utils.data import DataLoader

from tutorial_utils import evaluate, fit, get_device, load_mnist, seed_everything
from tutorial_utils.ch06_scales import (accuracy, constant_from, dead_units, forward, kaiming, layer_scales,
                                        linear_model, make_params, plot_losses, relu_on_logits, seeded_loader,
                                        sigma_one, train)

seed_everything(0)
device = get_device()

TRAIN_SIZE = 4000  # None: train on every training image
data = load_mnist(train_size=TRAIN_SIZE)
test_loader = DataLoader(data.test, batch_size=1000)
test_x, test_y = data.test.tensors[0].to(device), data.test.tensors[1].to(device)
per_epoch = len(seeded_loader(data.train))
x, y = (t.to(device) for t in next(iter(seeded_loader(data.train))))
big_params = make_params(sigma_one, device)
big_losses = train(relu_on_logits, big_params, seeded_loader(data.train), device=device)
big_acc = accuracy(relu_on_logits, big_params, test_loader, device)
accuracies = {"randn, ReLU on logits": big_acc}
frozen_from = constant_from(big_losses, math.log(10))
print(f"first loss {big_losses[0]:.1f}, largest {max(big_losses):.1f}, "
      f"at 2.3026 from step {frozen_from} on; test accuracy {big_acc:.3f}")

# %%
# The loss starts in the thousands, climbs even higher, and within the first epochs (the
# step is printed above) freezes at 2.3026, which is :math:`\ln 10`: the loss of a network
# that gives all ten digits the same probability, :math:`L = -\ln \frac{1}{10} = \ln 10`. On
# every test image all ten outputs are exactly 0, so the softmax is uniform, and ``argmax``
# of ten equal scores returns the first index: the network answers "0" for every image, and
# its accuracy is the share of zeros in the test set.
#
# Worse, it can never recover. The ReLU at the output passes no gradient where its input is
# negative, so once every logit is negative for every image, no gradient reaches any
# weight (momentum may carry the weights on for a few steps, but with no new gradient it
# dies out). One more backward pass on a batch shows it.

all_zero = (relu_on_logits(test_x, big_params) == 0).all(dim=1).float().mean().item()
share_of_zeros = (test_y == 0).float().mean().item()
print(f"ln 10: {math.log(10):.4f} | all outputs 0: {all_zero:.1%} | "
      f"share of 0s in test set: {share_of_zeros:.3f}")
assert big_losses[0] > 100 and frozen_from < len(big_losses) / 2 and all_zero > 0.99
assert abs(big_acc - share_of_zeros) < 0.01
grads = torch.autograd.grad(F.cross_entropy(relu_on_logits(x, big_params), y), big_params)
grad_norms = [g.norm().item() for g in grads]
print("gradient norms:", grad_norms)
assert all(g == 0 for g in grad_norms)

# %%
# What ``randn`` does to the signal
# ---------------------------------
#
# Each layer multiplies the variance of its input by :math:`n_{\text{in}} \sigma^{2}`
# (:ref:`classification_hand_made`). The inputs are normalised (mean square about 1), so
# with :math:`\sigma = 1` the first layer's outputs have a standard deviation of about
# :math:`\sqrt{784} = 28`. ReLU zeroes about half of them, which halves the mean square, and
# the next layer multiplies the scale again by :math:`\sqrt{200 / 2} = 10`: about 280, then
# about 2,800 for the logits. Logits in the thousands make the softmax give probability 1 to
# one digit, and the loss of a wrong answer is about the gap between two such logits.
#
# The table puts the measured scales, the loss of the untrained network and the norm of the
# gradient of the first weight matrix side by side, for :math:`\sigma = 1` and for Kaiming's
# scale. Both rows come from the same random numbers; only the scale differs.

mean_square = (x**2).mean().item()
predicted = [math.sqrt(784 * mean_square * (200 / 2) ** k) for k in range(3)]
print("predicted for randn:", [round(s) for s in predicted])
print(f"{'init':<8}{'layer 1':>9}{'layer 2':>9}{'logits':>9}{'loss':>9}{'|grad w1|':>11}")
start = {}
for name, std_of in [("randn", sigma_one), ("Kaiming", kaiming)]:
    p = make_params(std_of, device)
    loss = F.cross_entropy(forward(x, p), y)
    grad_w1 = torch.autograd.grad(loss, p[0])[0]
    start[name] = layer_scales(p, x) + [loss.item(), grad_w1.norm().item()]
    print(f"{name:<8}" + "".join(f"{v:>9.2f}" for v in start[name][:4]) + f"{start[name][4]:>11.2f}")
randn_start, kaiming_start = start["randn"], start["Kaiming"]
assert all(p / 1.5 < m < p * 1.5 for p, m in zip(predicted, randn_start[:3])) and randn_start[2] > 1000
assert randn_start[3] > 100
assert all(0.7 < s < 3 for s in kaiming_start[:3]) and kaiming_start[3] < 10
assert randn_start[4] > 100 * kaiming_start[4]

# %%
# The measured scales of the :math:`\sigma = 1` weights follow the prediction (within a
# factor of 1.5 either way), the initial loss is in the thousands instead of near
# :math:`\ln 10`, and the gradient is more than a hundred times as large. With Kaiming's
# scale every layer stays of order 1, and the loss starts close to :math:`\ln 10`.
#
# Why the logits must stay unbounded
# ----------------------------------
#
# A ReLU after the last layer replaces every negative logit by 0: the network can no longer
# say "unlikely", and a clipped logit gets no gradient at all. Already at the start, with
# Kaiming's weights, a large part of the logits are negative (the share printed below), and
# the gradient that reaches them through the ReLU is exactly 0. The biases start at 0 and the
# two initialisations differ only by a positive factor, so weights of :math:`\sigma = 1`
# clip exactly the same logits.
#
# The clipping is not spread evenly. Each logit is a weighted sum of 200 ReLU outputs,
# none of them negative, so its sign depends mostly on its weight row and little on the
# image: some digits start with a negative score on most images, others on few (the extremes
# lie more than 50 percentage points apart). The share of clipped logits, per digit:

logits = forward(x, make_params(kaiming, device))
logit_grad = torch.autograd.grad(F.cross_entropy(F.relu(logits), y), logits)[0]
clipped = logits <= 0
print(f"clipped logits: {clipped.float().mean().item():.1%}; "
      f"largest gradient reaching them: {logit_grad[clipped].abs().max().item()}")
agreement = ((forward(x, make_params(sigma_one, device)) <= 0) == clipped).float().mean().item()
print(f"same logits clipped with σ = 1: {agreement:.1%}")
assert 0.2 < clipped.float().mean().item() < 0.8 and agreement > 0.99
assert logit_grad[clipped].abs().max().item() == 0
per_digit = clipped.float().mean(dim=0)
print([round(v, 2) for v in per_digit.tolist()])
assert per_digit.max() - per_digit.min() > 0.5

# %%
# Four runs and a reference
# -------------------------
#
# The three other combinations of initialisation and output layer train from the same
# random numbers on the same batches; as a reference, so does the same network built from
# ``nn.Linear`` layers (:ref:`module_containers`), with ``fit``, which runs the same loop.
# Test accuracy after 5 epochs (the ``nn.Linear`` model draws its own random numbers):

curves, runs = {"randn, ReLU on logits": big_losses}, {}
for name, std_of, forward_fn in [("randn, plain logits", sigma_one, forward),
                                 ("Kaiming, ReLU on logits", kaiming, relu_on_logits),
                                 ("Kaiming, plain logits", kaiming, forward)]:
    runs[name] = make_params(std_of, device)
    curves[name] = train(forward_fn, runs[name], seeded_loader(data.train), device=device)
    accuracies[name] = accuracy(forward_fn, runs[name], test_loader, device)
model = linear_model(device)
torch.testing.assert_close(forward(x, list(model.parameters())), model(x))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
history = fit(model, seeded_loader(data.train), F.cross_entropy, optimizer, epochs=5, device=device)
curves["nn.Linear (default init)"] = history["train_loss"]
accuracies["nn.Linear (default init)"] = evaluate(model, test_loader, device)
print(*(f"{name:<30}{acc:>7.3f}" for name, acc in accuracies.items()), sep="\n")
randn_acc, kaiming_acc = accuracies["randn, plain logits"], accuracies["Kaiming, plain logits"]
kaiming_relu_acc, linear_acc = accuracies["Kaiming, ReLU on logits"], accuracies["nn.Linear (default init)"]

# %%
# Removing the ReLU alone does not rescue weights of standard deviation 1: the network
# still ends far below the Kaiming run (at least 20 percentage points below). The huge first
# steps leave many ReLU units *dead*: they output 0 for every test image, so they pass no
# gradient and never recover. Printed below: the share of dead units in the two hidden
# layers, then the percentage points the ReLU on the logits cost the Kaiming run. That cost
# depends on the random start, which decides which digits begin with negative scores:
# after a lucky start no digit gets stuck and the cost is close to 0, but the ReLU does not
# help (up to one point of noise either way). A digit whose logit is still clipped on more
# than 90 % of its own test images is stuck: they send no gradient to its weights.

dead_randn, dead_kaiming = (dead_units(runs[n], test_x) for n in ["randn, plain logits", "Kaiming, plain logits"])
print("dead units, layer 1 and 2:  randn", [f"{v:.0%}" for v in dead_randn],
      "  Kaiming", [f"{v:.0%}" for v in dead_kaiming])
assert kaiming_acc > randn_acc + 0.2 and kaiming_acc > big_acc + 0.5
assert sum(dead_randn) > sum(dead_kaiming) + 0.1
with torch.no_grad():
    own_logit = forward(test_x, runs["Kaiming, ReLU on logits"]).gather(1, test_y[:, None])[:, 0]
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
# Kaiming's normal. By the variance rule, each layer then keeps a third of the mean square,
# and the ReLU halves it: the signal shrinks by about :math:`\sqrt{6}` per layer instead of
# growing by 10 or more, which over three layers does no harm. The measured weight and
# signal scales follow these predictions. Its accuracy lands with the fan-in-scaled runs,
# far above the :math:`\sigma = 1` run (at least 20 points above it, as for Kaiming), and a
# little above or below the hand-made Kaiming network, depending on the data and the random
# start: its weights start :math:`\sqrt{6}` times smaller, so its first steps change less.

fresh = linear_model(device)
for layer in [m for m in fresh if isinstance(m, torch.nn.Linear)]:
    std, expected = layer.weight.std().item(), 1 / math.sqrt(3 * layer.in_features)
    print(f"fan_in {layer.in_features}: std {std:.4f}, 1/√(3·fan_in) = {expected:.4f}")
    assert abs(std - expected) < 0.1 * expected
    assert max(layer.weight.abs().max().item(), layer.bias.abs().max().item()) <= 1 / math.sqrt(layer.in_features)
linear_scales = layer_scales(list(fresh.parameters()), x)
linear_predicted = [math.sqrt(mean_square / 3 / 6**k) for k in range(3)]
print("measured:", [round(s, 3) for s in linear_scales], " predicted:", [round(s, 3) for s in linear_predicted])
assert all(p / 1.5 < m < p * 1.5 for p, m in zip(linear_predicted, linear_scales))
print(f"σ = 1: {randn_acc:.3f}   hand-made Kaiming: {kaiming_acc:.3f}   nn.Linear: {linear_acc:.3f}")
assert linear_acc > randn_acc + 0.2

# %%
# The loss curves tell the same story. The first network starts in the thousands and then
# sits flat at :math:`\ln 10`. Without the output ReLU, the :math:`\sigma = 1` network starts
# just as high and falls, but stalls far above the others (its last loss is more than twice
# that of the Kaiming network with plain logits), with many of its units dead. The three
# fan-in-scaled networks start near :math:`\ln 10` and keep falling. The mean loss of the last epoch, per run, and the
# curves on a logarithmic axis, which fits losses in the thousands and below 1:

last_epoch = {name: sum(losses[-per_epoch:]) / per_epoch for name, losses in curves.items()}
print(*(f"{name:<30}{value:>7.3f}" for name, value in last_epoch.items()), sep="\n")
for name in ["Kaiming, ReLU on logits", "Kaiming, plain logits", "nn.Linear (default init)"]:
    assert curves[name][0] < 10 and last_epoch[name] < 0.8 * curves[name][0]
assert last_epoch["randn, plain logits"] > 2 * last_epoch["Kaiming, plain logits"]
plot_losses(curves)

# %%
# Summary
# -------
#
# - Weights of standard deviation 1 multiply the scale of the signal by about
#   :math:`\sqrt{n_{\text{in}}}` per layer: the loss starts in the thousands, ReLU units die
#   and the network trains badly. Fan-in-scaled weights (Kaiming's, ``nn.Linear``'s) do not.
# - A ReLU on the logits gives no gradient to a clipped score; with weights of standard
#   deviation 1 the network output 0 for every image and could not recover.
# - A first loss far above :math:`\ln 10`, or a loss stuck at exactly :math:`\ln 10`, says
#   that a network cannot learn.
#
# .. seealso::
#
#    - `torch.nn.init <https://docs.pytorch.org/docs/stable/nn.init.html>`__
#    - `torch.autograd.grad <https://docs.pytorch.org/docs/stable/generated/torch.autograd.grad.html>`__
#    - `torch.nn.functional.relu <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.relu.html>`__
#    - `torch.nn.Linear <https://docs.pytorch.org/docs/stable/generated/torch.nn.Linear.html>`__
