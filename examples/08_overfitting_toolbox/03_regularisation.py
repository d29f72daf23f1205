r"""
.. _overfitting_regularisation:

L1 and L2 regularisation
========================

Regularisation adds a price on large weights to the loss, so the optimizer prefers simple
solutions that fit the training data slightly worse but generalise better. This page
trains a wide network on only 500 MNIST images until it overfits, then trains it again with
L2 regularisation (the optimizer's ``weight_decay``) and with an L1 penalty added to the
loss by hand, and compares weight norms, train/validation gaps and weight histograms. It
also shows which step sets weights exactly to zero, checks when ``weight_decay`` equals
shrinking the weights, and how ``AdamW`` differs.
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
# ``weight_decay`` is L2 on the gradient
# --------------------------------------
#
# ``torch.optim.SGD(..., weight_decay=λ)`` does not touch the loss. Before each step it adds
# :math:`\lambda w` to the gradient of every parameter of its group, which is exactly the
# gradient of :math:`\frac{\lambda}{2} \lVert w \rVert_2^2`. So one step with
# ``weight_decay`` must equal one plain step on the loss plus that penalty. Here the
# optimizer has a single group, so the sum runs over *all* parameters, biases included,
# which is PyTorch's default when no groups are given.

lam, lr = 0.01, 0.1
model_a, model_b = make_model(), make_model()
x, y = x_train[:64], y_train[:64]
for model, decay, penalty in [(model_a, lam, 0.0), (model_b, 0.0, lam)]:
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, weight_decay=decay)
    optimizer.zero_grad()
    (F.cross_entropy(model(x), y) + penalty / 2 * sum(p.pow(2).sum() for p in model.parameters())).backward()
    optimizer.step()
for p_a, p_b in zip(model_a.parameters(), model_b.parameters()):
    torch.testing.assert_close(p_a, p_b)
print("SGD(weight_decay=lam) == SGD on loss + lam/2 * ||w||^2")

# %%
# Weight decay as shrinking, without momentum
# -------------------------------------------
#
# The name *weight decay* comes from plain SGD, where the penalty's gradient turns the step
# into a shrink of the weights followed by the ordinary step:
#
# .. math::
#
#    w \leftarrow w - \eta \left(\nabla L + \lambda w\right) = (1 - \eta \lambda)\, w - \eta \nabla L
#
# That equality holds for SGD *without* momentum. With momentum :math:`\mu`, PyTorch
# keeps a buffer :math:`v \leftarrow \mu v + \nabla L + \lambda w` and steps
# :math:`w \leftarrow w - \eta v`: the decay term goes into the buffer and is summed
# with the past ones, so the weights shrink more than :math:`1 - \eta \lambda` per step.
# The runs above used momentum 0.9. A tensor of four weights and a fixed gradient check both
# cases over five steps: ``steps_with(..., by_hand=True)`` multiplies the weights by
# :math:`1 - \eta \lambda` and then takes an SGD step without ``weight_decay``.

w_start, grad = torch.tensor([1.0, -2.0, 0.5, 3.0]), torch.tensor([0.1, 0.2, -0.3, 0.0])


def steps_with(momentum, by_hand, steps=5):
    w = w_start.clone().requires_grad_()
    optimizer = torch.optim.SGD([w], lr=lr, momentum=momentum, weight_decay=0.0 if by_hand else lam)
    for step in range(steps):
        if by_hand:
            with torch.no_grad():
                w.mul_(1 - lr * lam)
        w.grad = grad.clone()
        optimizer.step()
    return w.detach()


torch.testing.assert_close(steps_with(0.0, by_hand=False), steps_with(0.0, by_hand=True))
decayed, shrunk = steps_with(0.9, by_hand=False), steps_with(0.9, by_hand=True)
print(f"momentum 0.9: ||w|| with weight_decay {decayed.norm():.4f}, shrunk by hand {shrunk.norm():.4f}")
assert (decayed - shrunk).abs().max() > 1e-4 and decayed.norm() < shrunk.norm()

# %%
# AdamW decays the weights separately
# -----------------------------------
#
# Adam keeps two running averages per weight, of the gradient :math:`g` and of its
# square, corrects them for starting at zero, and divides one by the square root of the
# other (step :math:`t`, defaults :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`):
#
# .. math::
#
#    \begin{aligned}
#    m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, &
#    v &\leftarrow \beta_2 v + (1 - \beta_2)\, g^2, \\
#    \hat{m} &= \frac{m}{1 - \beta_1^t}, &
#    \hat{v} &= \frac{v}{1 - \beta_2^t}, \\
#    w &\leftarrow w - \eta \frac{\hat{m}}{\sqrt{\hat{v}} + \epsilon}
#    \end{aligned}
#
# (this :math:`v` is Adam's second moment, not the momentum buffer). ``Adam(...,
# weight_decay=λ)`` adds :math:`\lambda w` to :math:`g`, so the decay is divided by
# :math:`\sqrt{\hat{v}}` like the rest of the gradient: weights with large gradients are
# barely decayed. ``AdamW`` instead *decouples* the decay: it multiplies each weight by
# :math:`1 - \eta \lambda` and then takes the ordinary Adam step. One step of each checks
# it: AdamW's step equals a plain Adam step minus :math:`\eta \lambda w`, and Adam with
# ``weight_decay`` gives something else.


def one_step(optimizer_class, **options):
    model = make_model()
    optimizer = optimizer_class(model.parameters(), lr=1e-3, **options)
    F.cross_entropy(model(x), y).backward()
    optimizer.step()
    return model[0].weight.detach()


w0 = make_model()[0].weight.detach()
plain, adamw = one_step(torch.optim.Adam), one_step(torch.optim.AdamW, weight_decay=0.1)
adam_l2 = one_step(torch.optim.Adam, weight_decay=0.1)
torch.testing.assert_close(adamw, plain - 1e-3 * 0.1 * w0)
print("largest difference, AdamW vs Adam(weight_decay):", (adamw - adam_l2).abs().max().item())
assert (adamw - adam_l2).abs().max() > 1e-4

# %%
# Summary
# -------
#
# - L2: ``weight_decay=λ`` in the optimizer (use parameter groups to leave the biases out).
#   With SGD it is exactly the penalty :math:`\frac{\lambda}{2} \lVert w \rVert_2^2`;
#   without momentum it is also exactly a shrink by :math:`1 - \eta \lambda` per step.
# - L1: add :math:`\lambda \lVert w \rVert_1` over the weight matrices to the loss by
#   hand; it makes many weights small. Exact zeros need the proximal step, which moves each
#   weight towards zero by :math:`\eta \lambda` and stops at zero.
# - In the run above both cut the weight norm and the train/validation loss gap of an
#   overfitting network by about half; the accuracy on 1,000 validation images hardly
#   changed.
# - With Adam prefer ``AdamW``, whose decay acts on the weights directly instead of being
#   divided by :math:`\sqrt{\hat{v}}`.
#
# .. seealso::
#
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
#    - `Per-parameter options (parameter groups) <https://docs.pytorch.org/docs/stable/optim.html#per-parameter-options>`__
#    - `torch.optim.Adam <https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html>`__
#    - `torch.optim.AdamW <https://docs.pytorch.org/docs/stable/generated/torch.optim.AdamW.html>`__
#    - `torch.nn.Module.named_parameters <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.named_parameters>`__
#    - `torch.testing.assert_close <https://docs.pytorch.org/docs/stable/testing.html#torch.testing.assert_close>`__
