r"""
.. _overfitting_dropout:

Dropout
=======

Dropout switches off a random part of a layer's units at every training step, so that the
network cannot lean on any single one of them. This page shows what ``nn.Dropout`` does to
a tensor in training and in evaluation mode, trains a 784 → 200 → 200 → 10 network with
and without dropout on a small training set and compares the gap between training and validation
loss, and shows what goes wrong when a dropout network is evaluated without
``model.eval()``. Afterwards you can add dropout to a network and use it correctly. You
should know the validation set of :ref:`overfitting_splits` and the train and eval modes of
:ref:`module_train_eval`.

Cut for speed: each network trains for 15 epochs on 1,000 images; the validation set is
1,000 other training images.

Time budget: under 15 seconds on a 2-core CPU.
"""

# %%
# What nn.Dropout does while training
# -----------------------------------
#
# ``nn.Dropout(p)`` sets each element of its input to zero with probability ``p``, drawn
# afresh at every call. ``p`` is the probability of *dropping* an element, not of keeping
# it; it is 0.5 by default. The elements that survive are multiplied by
# :math:`\frac{1}{1 - p}`. On a tensor of ones with :math:`p = 0.5`, about half of the
# outputs are 0, every survivor is 2, and the mean stays close to 1.
#
# .. in-the-notes::
#
#    - The notes write ``torch.nn.Dropout(p=droup_prob)``, a typo for ``drop_prob``.
#    - Their ``tf.nn.dropout(keep_prob)`` is TensorFlow 1, whose argument was the
#      probability of *keeping*: ``keep_prob = 1 - p``. TensorFlow 2 takes ``rate``, the
#      probability of dropping, like PyTorch's ``p``.

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F

from tutorial_utils import get_device, load_mnist, seed_everything
from tutorial_utils.ch08_toolbox import loss_and_accuracy, train_epoch

seed_everything(0)
device = get_device()

p = 0.5
dropout = nn.Dropout(p)
ones = torch.ones(10_000, device=device)
out = dropout(ones)
survivors = out[out != 0]
zero_fraction = (out == 0).float().mean().item()
print(f"zeros: {zero_fraction:.3f}  survivors: {torch.unique(survivors).tolist()}  mean: {out.mean().item():.3f}")
assert abs(zero_fraction - p) < 0.02
torch.testing.assert_close(survivors, torch.full_like(survivors, 1 / (1 - p)))
assert abs(out.mean().item() - 1) < 0.04
assert nn.Dropout().p == 0.5

# %%
# Why scale the survivors
# -----------------------
#
# Without the scaling, the next layer would receive on average only :math:`1 - p` times its
# usual input during training, and the full input at test time. Scaling by
# :math:`\frac{1}{1 - p}` while training (*inverted dropout*) keeps the expected value of
# every element unchanged, so nothing needs rescaling at test time. With a mask element
# :math:`m_i` that is 1 with probability :math:`1 - p` and 0 otherwise:
#
# .. math::
#
#    \operatorname{dropout}(x)_i = \frac{m_i}{1 - p} \, x_i, \qquad
#    \mathbb{E}\left[\operatorname{dropout}(x)_i\right] = \frac{1 - p}{1 - p} \, x_i = x_i
#
# Evaluation mode: the identity
# -----------------------------
#
# At test time every unit and connection is used. In PyTorch that is ``model.eval()``: in
# evaluation mode ``nn.Dropout`` returns its input unchanged.

dropout.eval()
out = dropout(ones)
print(dropout.training, torch.equal(out, ones))
assert not dropout.training and torch.equal(out, ones)

# %%
# The picture shows what the two modes mean for a network. A small network of 6, 8, 8 and 3
# units stands in for the 784 → 200 → 200 → 10 network below, with dropout after each hidden layer;
# the masks of the two hidden layers are the zeros of one real ``nn.Dropout(0.5)`` call on a
# ``[2, 8]`` tensor of ones. In training mode the crossed-out units and all their connections are gone for this step (the
# next step draws a new mask); in evaluation mode every unit and connection is used.

from tutorial_utils.diagrams.graphs import draw_network

dropout.train()
train_masks = dropout(torch.ones(2, 8, device=device)) == 0
dropout.eval()
eval_masks = dropout(torch.ones(2, 8, device=device)) == 0
print(train_masks.sum().item(), eval_masks.sum().item())
assert train_masks.any() and not eval_masks.any()
fig, axes = plt.subplots(1, 2, figsize=(7, 3.4))
draw_network([6, 8, 8, 3], dropped=[None, *train_masks, None], max_units=8, title="training mode", ax=axes[0])
draw_network([6, 8, 8, 3], dropped=[None, *eval_masks, None], max_units=8, title="evaluation mode", ax=axes[1])
fig.tight_layout()

# %%
# A network with dropout
# ----------------------
#
# ``net_dropped`` is 784 → 200 → 200 → 10 with ``Dropout(0.5)`` after each
# hidden linear layer, and the same network without dropout for comparison. ``make_net``
# seeds the generators before creating the layers, and dropout has no parameters, so both
# networks start from exactly the same weights.


def make_net(p):
    seed_everything(0)
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 200), nn.Dropout(p), nn.ReLU(),
        nn.Linear(200, 200), nn.Dropout(p), nn.ReLU(),
        nn.Linear(200, 10),
    ).to(device)


net_plain, net_dropped = make_net(0.0), make_net(0.5)
print(net_dropped)
assert all(torch.equal(a, b) for a, b in zip(net_plain.parameters(), net_dropped.parameters()))

# %%
# Here the dropout comes *before* the ReLU. Either order gives the same result:
# dropout multiplies each element by 0 or by the positive :math:`\frac{1}{1 - p}`, and
# :math:`\operatorname{ReLU}(c z) = c \operatorname{ReLU}(z)` for every :math:`c \geq 0`. With the same random mask (same seed) the two orders agree.

z = torch.randn(4, 200, device=device)
torch.manual_seed(1)
before = F.relu(F.dropout(z, p=0.5))
torch.manual_seed(1)
after = F.dropout(F.relu(z), p=0.5)
print(torch.equal(before, after))
assert torch.equal(before, after)

# %%
# Data and training loop
# ----------------------
#
# 1,000 training images are few enough for a network of 200,000 weights to overfit; the
# validation set is 1,000 other images from the training split. ``train`` runs SGD with
# momentum for 15 epochs, in batches of 50 (``train_epoch`` from
# ``tutorial_utils.ch08_toolbox``), and after each epoch measures the loss on the whole
# training and validation sets in evaluation mode (``loss_and_accuracy``), so that both
# numbers are computed the same way.
#
# Both networks train on the same batches in the same order (``train`` seeds the
# generator before shuffling).

data = load_mnist()
images, labels = (t.to(device) for t in data.train.tensors)
order = torch.randperm(len(labels), device=device)
x_train, y_train = images[order[:1000]], labels[order[:1000]]
x_val, y_val = images[order[1000:2000]], labels[order[1000:2000]]
print(len(y_train), len(y_val))
assert len(y_train) == 1000 and len(y_val) == 1000


def train(model, epochs=15, batch_size=50):
    seed_everything(1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    history = {"train": [], "val": []}
    for _ in range(epochs):
        train_epoch(model, optimizer, x_train, y_train, batch_size=batch_size)
        history["train"].append(loss_and_accuracy(model, x_train, y_train))
        history["val"].append(loss_and_accuracy(model, x_val, y_val))
    return history


histories = {"no dropout": train(net_plain), "dropout 0.5": train(net_dropped)}

# %%
# A smaller gap
# -------------
#
# Both networks fit the training set almost perfectly (at least 97 % training accuracy),
# but the network without dropout ends with the larger gap between validation and training
# loss; dropout also gives the lower validation loss. The table shows the last epoch.
#
# The gap in accuracy, training accuracy minus validation accuracy, is smaller with
# dropout too.

print(f"{'':<12}{'train loss':>11}{'val loss':>10}{'gap':>7}{'train acc':>11}{'val acc':>9}")
gaps = {}
for name, h in histories.items():
    (train_loss, train_acc), (val_loss, val_acc) = h["train"][-1], h["val"][-1]
    gaps[name] = (val_loss - train_loss, train_acc - val_acc)
    print(f"{name:<12}{train_loss:>11.3f}{val_loss:>10.3f}{gaps[name][0]:>7.3f}{train_acc:>11.3f}{val_acc:>9.3f}")
assert all(h["train"][-1][1] >= 0.97 for h in histories.values())
assert gaps["dropout 0.5"][0] < gaps["no dropout"][0] - 0.03
assert histories["dropout 0.5"]["val"][-1][0] < histories["no dropout"]["val"][-1][0]
print({name: round(g[1], 3) for name, g in gaps.items()})
assert gaps["dropout 0.5"][1] < gaps["no dropout"][1]

# %%
# The curves show the loss of each network on the training set (solid) and on the
# validation set (dashed), per epoch.

fig, ax = plt.subplots(figsize=(6, 3.5))
for (name, h), color in zip(histories.items(), ["tab:blue", "tab:orange"]):
    epochs = range(1, len(h["train"]) + 1)
    ax.plot(epochs, [loss for loss, _ in h["train"]], color=color, label=f"{name}, train")
    ax.plot(epochs, [loss for loss, _ in h["val"]], color=color, linestyle="--", label=f"{name}, val")
ax.set(xlabel="epoch", ylabel="cross-entropy loss", title="with and without dropout")
ax.legend()
ax.grid(alpha=0.3)
fig.tight_layout()

# %%
# Forgetting model.eval()
# -----------------------
#
# A dropout network left in training mode keeps dropping units while it predicts. The
# same validation images then get different predictions at every call, and the accuracy
# is lower than in evaluation mode, since each prediction uses only half of the hidden
# units.

net_dropped.train()
with torch.no_grad():
    predictions = [net_dropped(x_val).argmax(dim=1) for _ in range(5)]
train_mode_acc = [(pred == y_val).float().mean().item() for pred in predictions]
changed = (predictions[0] != predictions[1]).float().mean().item()
eval_acc = loss_and_accuracy(net_dropped, x_val, y_val)[1]
print("training mode:", [round(a, 3) for a in train_mode_acc])
print(f"evaluation mode: {eval_acc:.3f}; predictions changed between two calls: {changed:.3f}")
assert changed > 0 and max(train_mode_acc) < eval_acc

# %%
# ``loss_and_accuracy`` calls ``model.eval()`` itself, as ``evaluate`` from
# ``tutorial_utils`` does. In a training loop that evaluates after each epoch, the next
# epoch must start with ``model.train()`` again, as ``train_epoch`` does; otherwise the
# rest of training runs without dropout.
#
# Summary
# -------
#
# - ``nn.Dropout(p)`` zeroes each element with probability :math:`p` in training mode and
#   scales the survivors by :math:`\frac{1}{1 - p}`; in evaluation mode it is the identity.
# - On 1,000 training images the 784 → 200 → 200 → 10 network with ``Dropout(0.5)`` ended with
#   a smaller gap between validation and training loss than the same network without it.
# - Call ``model.eval()`` before evaluating and ``model.train()`` before training: a
#   dropout network left in training mode gives random, less accurate predictions.
#
# .. seealso::
#
#    - `torch.nn.Dropout <https://docs.pytorch.org/docs/stable/generated/torch.nn.Dropout.html>`__
#    - `torch.nn.functional.dropout <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.dropout.html>`__
#    - `torch.nn.Module.train <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.train>`__
#    - `torch.nn.Module.eval <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval>`__
#    - `torch.nn.Sequential <https://docs.pytorch.org/docs/stable/generated/torch.nn.Sequential.html>`__
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
