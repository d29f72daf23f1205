r"""
.. _overfitting_regularisation:

L1 and L2 regularisation
========================

Regularisation adds a price on large weights to the loss, so the optimizer prefers simple
solutions that fit the training data slightly worse but generalise better. This page
trains a wide network on only 500 MNIST images until it overfits, then trains it again with
L2 regularisation (the optimizer's ``weight_decay``) and with an L1 penalty added to the
loss by hand, and compares weight norms, train/validation gaps and weight histograms. It
also shows which step sets weights exactly to zero.
Afterwards you can add either penalty to your own training. You should know the symptoms
of :ref:`overfitting_symptoms` and the training loop of :ref:`first_network_cross_entropy`.

Cut for speed: 500 training images, 1,000 validation images and 100 full-batch steps per
run; the images come from the offline sample when full MNIST cannot be downloaded (see the
"Data:" line below).

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# Penalties on the weights
# ------------------------
#
# Both kinds of regularisation add a term to the loss :math:`L`, with a strength
# :math:`\lambda`:
#
# - **L2**: :math:`L + \frac{\lambda}{2} \lVert w \rVert_2^2`, where
#   :math:`\lVert w \rVert_2^2 = \sum_i w_i^2`. Its gradient is :math:`\lambda w`: every
#   step shrinks each weight in proportion to its size, so weights become small but rarely
#   exactly zero.
# - **L1**: :math:`L + \lambda \lVert w \rVert_1`, where
#   :math:`\lVert w \rVert_1 = \sum_i \lvert w_i \rvert`. Its (sub)gradient is
#   :math:`\lambda \operatorname{sign}(w)`: every step pulls each weight towards zero by the
#   same amount, so the weights the data does not need end up close to zero.
#
# The sums run over the weight matrices. Biases are usually left out: they only shift a
# unit's output, and penalising them does not make the model simpler.
#
# .. in-the-notes::
#
#    The notes call regularisation 正规化; the usual Chinese term is 正则化.
#
# A small overfitting setup
# -------------------------
#
# 500 training images and 1,000 validation images, both cut from the MNIST training set
# with one random permutation (made on the CPU, where the images are). They are small
# enough to go through the network in one batch, so every step below is a full-batch step.

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F

from tutorial_utils import get_device, load_mnist, seed_everything
from tutorial_utils.ch08_toolbox import loss_and_accuracy, plot_weight_histograms

seed_everything(0)
device = get_device()

data = load_mnist()
images, labels = data.train.tensors
order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(0), device="cpu")
x_train, y_train = images[order[:500]].flatten(1).to(device), labels[order[:500]].to(device)
x_val, y_val = images[order[500:1500]].flatten(1).to(device), labels[order[500:1500]].to(device)
print(x_train.shape, x_val.shape)
assert x_train.shape == (500, 784) and x_val.shape == (1000, 784)

# %%
# The network has a hidden layer of 100 units, about 80,000 weights for 500 images: far
# more than it needs to memorise them. ``make_model()`` seeds the generators first, so
# every run starts from the same weights; ``weight_matrices()`` picks the parameters the
# penalties act on.


def make_model():
    seed_everything(0)
    return nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10)).to(device)


def weight_matrices(model):
    return [p for name, p in model.named_parameters() if name.endswith("weight")]


print(sum(w.numel() for w in weight_matrices(make_model())), "weights")

# %%
# One training function for all runs, SGD with momentum 0.9. L2 goes through the optimizer:
# ``weight_decay`` is set per *parameter group*, so the weights get ``weight_decay`` and the
# biases get 0. L1 has no optimizer switch; it is added to the loss by hand, and autograd
# adds its gradient. (``prox`` is used further down.)


def train(weight_decay=0.0, l1=0.0, prox=0.0, steps=100, lr=0.1):
    model = make_model()
    weights = weight_matrices(model)
    biases = [p for name, p in model.named_parameters() if name.endswith("bias")]
    groups = [{"params": weights, "weight_decay": weight_decay}, {"params": biases, "weight_decay": 0.0}]
    optimizer = torch.optim.SGD(groups, lr=lr, momentum=0.9)
    for step in range(steps):
        loss = F.cross_entropy(model(x_train), y_train)
        if l1 > 0:
            loss = loss + l1 * sum(w.abs().sum() for w in weights)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if prox > 0:
            with torch.no_grad():
                for w in weights:
                    w.copy_(w.sign() * (w.abs() - lr * prox).clamp(min=0))
    return model


runs = {"none": train(), "L2": train(weight_decay=1e-2), "L1": train(l1=5e-4)}

# %%
# Comparing the three runs
# ------------------------
#
# For each run: the cross-entropy on the training and validation images (without any
# penalty), the gap between them, the validation accuracy, the norm of all weights,
# :math:`\lVert w \rVert_2 = \sqrt{\sum_i w_i^2}`, and the fraction of weights with
# :math:`\lvert w_i \rvert < 0.001`.


def report(model):
    train_loss, _ = loss_and_accuracy(model, x_train, y_train)
    val_loss, val_acc = loss_and_accuracy(model, x_val, y_val)
    w = torch.cat([w.flatten() for w in weight_matrices(model)]).detach()
    return {"train": train_loss, "val": val_loss, "gap": val_loss - train_loss, "acc": val_acc,
            "norm": w.norm().item(), "small": (w.abs() < 1e-3).float().mean().item()}


stats = {name: report(model) for name, model in runs.items()}
print(f"{'':<6}{'train':>8}{'val':>8}{'gap':>8}{'val acc':>9}{'‖w‖':>8}{'|w|<1e-3':>10}")
for name, s in stats.items():
    print(f"{name:<6}{s['train']:>8.3f}{s['val']:>8.3f}{s['gap']:>8.3f}{s['acc']:>9.3f}"
          f"{s['norm']:>8.2f}{s['small']:>10.1%}")

# %%
# Without a penalty the network drives its training loss to almost zero, and its
# validation loss is far higher: it overfits. Both penalties cut the weight norm and the
# gap between training and validation loss, here each by about half (by at least a quarter
# wherever the page runs).
#
# The validation *accuracy* hardly moved in this run (it stays within 4 points either way).
# What the penalties removed is overconfidence: the unregularised network gives
# extreme probabilities, and the wrong answers among them cost a lot of cross-entropy.
# A penalty makes the network more modest; it does not replace the data it never saw.

none = stats["none"]
assert none["train"] < 0.01 and none["gap"] > 0.5
for name in ["L2", "L1"]:
    assert stats[name]["norm"] < 0.75 * none["norm"]
    assert stats[name]["gap"] < 0.75 * none["gap"]
    assert stats[name]["val"] < none["val"]
    assert abs(stats[name]["acc"] - none["acc"]) < 0.04

# %%
# L1 makes weights small
# ----------------------
#
# The last column of the table is where L1 differs: most of its weights end up below
# 0.001 in size, while without a penalty and with L2 only a few do.
#
# The histograms of the first layer's weights show the same thing. Without a penalty the
# weights spread widely around zero; L2 pulls them all closer to zero; L1 piles most of
# them into a spike around zero and leaves a thin spread of larger ones, the weights the
# data needs. The counts are on a logarithmic scale.

assert stats["L1"]["small"] > 0.5
assert none["small"] < 0.1 and stats["L2"]["small"] < 0.2
first_layers = {name: model[0].weight for name, model in runs.items()}
fig = plot_weight_histograms(first_layers, torch.linspace(-0.15, 0.15, 61).tolist(),
                             title="First-layer weights after training")

# %%
# Which weights did L1 remove? Each pixel feeds 100 hidden units; the map shows, for every
# pixel, the fraction of its 100 weights that ended below 0.001. The pixels near the
# border, which are blank in nearly every digit and carry no information, lost almost all
# their weights; the centre, where the strokes are, kept the most. The check compares a
# 4-pixel frame with the central 12 × 12 square.

dead = (runs["L1"][0].weight.detach().abs() < 1e-3).float().mean(dim=0).view(28, 28)
frame = torch.ones(28, 28, dtype=torch.bool, device=dead.device)
frame[4:-4, 4:-4] = False
border, centre = dead[frame].mean().item(), dead[8:20, 8:20].mean().item()
print(f"weights below 0.001: border pixels {border:.1%}, central pixels {centre:.1%}")
assert border > 0.9 and centre < border - 0.2

fig, ax = plt.subplots(figsize=(4, 3.6))
fig.colorbar(ax.imshow(dead.cpu().numpy(), cmap="viridis", vmin=0, vmax=1), ax=ax, label="fraction |w| < 1e-3")
ax.set(title="L1: removed weights per pixel", xticks=[], yticks=[])
fig.tight_layout()

# %%
# Small is not zero: the proximal step
# ------------------------------------
#
# "Below 0.001" is not "zero". A gradient step moves a weight by
# :math:`\eta \lambda \operatorname{sign}(w)` plus the data's gradient, and lands on
# exactly 0.0 only by chance: a weight near zero jumps from one side to the other and stays
# a little off it. Counted exactly, the L1 run above has (almost) no zero weights.
#
# The step that produces exact zeros is the *proximal* step of L1, also called soft
# thresholding. Train on the loss alone, and after each gradient step move every weight
# towards zero by :math:`\eta \lambda`, stopping at zero instead of crossing it:
#
# .. math::
#
#    w \leftarrow \operatorname{sign}(w) \cdot \max\left(\lvert w \rvert - \eta \lambda, 0\right)
#
# Every weight smaller than :math:`\eta \lambda` becomes exactly 0.0. ``train`` takes it as
# the option ``prox``, with the same :math:`\lambda` as the L1 run.

runs["L1 prox"] = train(prox=5e-4)
stats["L1 prox"] = report(runs["L1 prox"])
zeros = {name: torch.cat([w.flatten() for w in weight_matrices(runs[name])]).eq(0).float().mean().item()
         for name in ["L1", "L1 prox"]}
for name, z in zeros.items():
    print(f"{name:<8} w == 0: {z:.2%}   |w| < 1e-3: {stats[name]['small']:.1%}")
assert zeros["L1"] < 0.001
assert zeros["L1 prox"] > 0.05 and zeros["L1 prox"] > 50 * zeros["L1"]
assert stats["L1 prox"]["small"] < stats["L1"]["small"]

# %%
# The proximal run has fewer *small* weights than the subgradient run (the last column
# printed above) because with momentum 0.9 the L1 gradient adds up in the momentum buffer and
# pulls up to :math:`1 / (1 - \mu) = 10` times harder than one threshold of
# :math:`\eta \lambda`. But the weights it removes are removed exactly, which is what
# makes a sparse model smaller to store or faster to run. Libraries that promise exact
# zeros (the lasso solvers, for instance) use this kind of step.
#
# Summary
# -------
#
# - L2: ``weight_decay=λ`` in the optimizer (use parameter groups to leave the biases out).
# - L1: add :math:`\lambda \lVert w \rVert_1` over the weight matrices to the loss by
#   hand; it makes many weights small. Exact zeros need the proximal step, which moves each
#   weight towards zero by :math:`\eta \lambda` and stops at zero.
# - In the run above both cut the weight norm and the train/validation loss gap of an
#   overfitting network by about half; the accuracy on 1,000 validation images hardly
#   changed.
#
# What ``weight_decay`` does inside the optimizer, with and without momentum, and how
# ``AdamW`` differs from Adam is the topic of :ref:`overfitting_weight_decay`.
#
# .. seealso::
#
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
#    - `Per-parameter options (parameter groups) <https://docs.pytorch.org/docs/stable/optim.html#per-parameter-options>`__
#    - `torch.nn.Module.named_parameters <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.named_parameters>`__
