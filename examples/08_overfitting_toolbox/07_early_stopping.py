r"""
.. _overfitting_early_stopping:

Early stopping
==============

A large network trained for long on few examples starts to memorise them: its training loss
keeps falling while its validation loss turns up. Early stopping watches the validation
loss after every epoch, keeps a copy of the best weights seen so far, stops once the loss
has not improved for a while, and puts the best weights back. This page writes that loop
out in full, plots where it stopped, and checks that the restored model really is the best
one. Afterwards you can add early stopping to any training loop. You should know the
train, validation and test split of :ref:`overfitting_splits` and the symptoms of
:ref:`overfitting_symptoms`.

Cut for speed: the network trains on only 300 images, a fifth of them with a wrong label,
which makes it overfit within a few dozen quick epochs; the validation set is 1,000 other
images from MNIST's training split, with their correct labels.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# A network that overfits
# -----------------------
#
# To see overfitting quickly, give a wide network few examples: 300 training images. The
# validation set is 1,000 other images from the training split. The test set stays aside until the very end.
# All tensors go to the device once; they are small enough to be indexed directly, without
# a ``DataLoader``.

import copy

import matplotlib.pyplot as plt
import torch
from matplotlib.ticker import MaxNLocator
from torch import nn
from torch.utils.data import DataLoader

from tutorial_utils import evaluate, get_device, load_mnist, seed_everything
from tutorial_utils.ch08_toolbox import loss_and_accuracy, train_epoch

seed_everything(0)
device = get_device()

data = load_mnist()
images, labels = (t.to(device) for t in data.train.tensors)
order = torch.randperm(len(labels), device=device)
x_train, y_train = images[order[:300]], labels[order[:300]]
x_val, y_val = images[order[300:1300]], labels[order[300:1300]]
print(len(y_train), "training and", len(y_val), "validation images")
assert len(y_train) == 300 and len(y_val) == 1000

# %%
# Real labels are never perfect, and a network that memorises its training set memorises
# the mistakes too. To make that happen within seconds, 20 % of the training images get a
# random digit as their label (a random digit can be the right one by chance, so slightly
# fewer labels end up wrong). The validation and test labels stay correct.

y_clean = y_train.clone()
noisy = torch.rand(len(y_train), device=device) < 0.2
y_train[noisy] = torch.randint(0, 10, (int(noisy.sum()),), device=device)
wrong = y_train != y_clean
print(f"wrong training labels: {wrong.sum().item()} of {len(y_train)}")
assert 0.1 < wrong.float().mean().item() < 0.3

# %%
# Keeping a real copy of the best weights
# ---------------------------------------
#
# Early stopping must remember the weights of the best epoch while training goes on. A
# trap: ``model.state_dict()`` does not copy anything. Its tensors share memory with the
# parameters, so the next ``optimizer.step()`` changes the "saved" weights too.
# ``copy.deepcopy`` makes an independent copy (``{k: v.clone() for k, v in ...items()}``
# does the same). The model is wide for its data: two hidden layers of 512 units, about
# 670,000 weights for 300 images.

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 512), nn.ReLU(),
    nn.Linear(512, 512), nn.ReLU(),
    nn.Linear(512, 10),
).to(device)
n_weights = sum(p.numel() for p in model.parameters())
print(n_weights, "weights")
assert 660_000 < n_weights < 680_000
view = model.state_dict()
snapshot = copy.deepcopy(model.state_dict())
print(view["1.weight"].data_ptr() == model[1].weight.data_ptr())
print(snapshot["1.weight"].data_ptr() == model[1].weight.data_ptr())
assert view["1.weight"].data_ptr() == model[1].weight.data_ptr()
assert snapshot["1.weight"].data_ptr() != model[1].weight.data_ptr()

# %%
# The loop with patience
# ----------------------
#
# After each epoch :math:`e` the validation loss :math:`L_e` is compared with the best so
# far. Epoch :math:`e` improves when
#
# .. math::
#
#    L_e < \min_{e' < e} L_{e'}
#
# An improvement stores a copy of the weights and resets the counter of bad epochs;
# anything else adds one to it. When ``patience`` epochs in a row brought no improvement,
# training stops. ``max_epochs`` is only an upper bound.
#
# Choosing the epoch is a decision, and decisions are made on the validation set: a test
# score used to pick the epoch is no longer an honest estimate. The validation *loss* is
# watched here because it changes smoothly from epoch to epoch, while the accuracy on 1,000
# images moves in steps of 0.1 % and often ties. To watch the validation accuracy instead,
# change one comparison: higher is better.
#
# .. in-the-notes::
#
#    The notes choose the model "when the **test** accuracy is highest". The epoch must be
#    chosen on the validation set; the test set is measured once, at the end.
#
# Two helpers from ``tutorial_utils.ch08_toolbox`` do the work of one epoch:
# ``train_epoch`` shuffles the 300 images into batches of 50 and takes one SGD step per
# batch; it returns the mean of the batch losses. ``loss_and_accuracy`` computes the loss
# and the accuracy on the whole validation set, in evaluation mode and without recording
# gradients.

optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
max_epochs, patience = 60, 10
history = {"train_loss": [], "val_loss": [], "val_acc": []}
best_loss, best_epoch, bad_epochs = float("inf"), -1, 0
for epoch in range(max_epochs):
    history["train_loss"].append(train_epoch(model, optimizer, x_train, y_train))
    val_loss, val_acc = loss_and_accuracy(model, x_val, y_val)
    history["val_loss"].append(val_loss)
    history["val_acc"].append(val_acc)
    if val_loss < best_loss:
        best_loss, best_epoch, bad_epochs = val_loss, epoch, 0
        best_state = copy.deepcopy(model.state_dict())
    else:
        bad_epochs += 1
        if bad_epochs == patience:
            break
stop_epoch = epoch

# %%
# The run stopped well before ``max_epochs``, exactly ``patience`` epochs after the best
# one, :math:`e_\text{stop} = e_\text{best} + \text{patience}` (epochs are counted from 1
# here).

print(f"best epoch: {best_epoch + 1}, stopped after epoch {stop_epoch + 1} of at most {max_epochs}")
print(f"validation loss  best: {best_loss:.3f}  last: {history['val_loss'][-1]:.3f}")
print(f"training loss    best: {history['train_loss'][best_epoch]:.3f}  last: {history['train_loss'][-1]:.3f}")
assert stop_epoch == best_epoch + patience and stop_epoch < max_epochs - 1
assert history["val_loss"][-1] > best_loss
assert history["train_loss"][-1] < history["train_loss"][best_epoch]
assert history["val_acc"][-1] < history["val_acc"][best_epoch]

# %%
# The curves
# ----------
#
# The training loss (left) keeps falling until the end, while the validation loss has its
# minimum at the best epoch and rises afterwards: from there on the network learns the 300
# training images by heart, wrong labels included, instead of what digits look like. The
# validation accuracy (right) falls at the same time: the network is overfitting.

epochs = range(1, len(history["val_loss"]) + 1)
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.5))
ax_loss.plot(epochs, history["train_loss"], label="train")
ax_loss.plot(epochs, history["val_loss"], label="validation")
ax_loss.set(xlabel="epoch", ylabel="cross-entropy loss", title="loss")
ax_acc.plot(epochs, history["val_acc"], color="tab:orange", label="validation")
ax_acc.set(xlabel="epoch", ylabel="accuracy", title="validation accuracy")
for ax in (ax_loss, ax_acc):
    ax.axvline(best_epoch + 1, color="tab:green", linestyle="--", label="best epoch")
    ax.axvline(stop_epoch + 1, color="tab:red", linestyle=":", label="stop")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend()
fig.tight_layout()

# %%
# Restoring the best weights
# --------------------------
#
# Stopping is only half of the job: the model now holds the weights of the *last* epoch,
# ``patience`` epochs past the best. ``load_state_dict`` copies the saved weights back.
# Validated again, the restored model reproduces the loss and the accuracy recorded at the
# best epoch, and both are better than the last epoch's.

last_state = copy.deepcopy(model.state_dict())
last_loss, last_acc = loss_and_accuracy(model, x_val, y_val)
model.load_state_dict(best_state)
restored_loss, restored_acc = loss_and_accuracy(model, x_val, y_val)
print(f"last epoch: loss {last_loss:.3f}, accuracy {last_acc:.3f}")
print(f"restored:   loss {restored_loss:.3f}, accuracy {restored_acc:.3f}")
torch.testing.assert_close(restored_loss, best_loss)
torch.testing.assert_close(restored_acc, history["val_acc"][best_epoch])
assert restored_loss < last_loss and restored_acc > last_acc

# %%
# What was memorised
# ------------------
#
# The wrong training labels show what the extra epochs did. ``repeats_wrong_labels``
# measures how often a model predicts the *wrong* label it was trained on, for the images
# whose label was corrupted. The last model repeats many more of them than the restored
# one: it spent its final epochs learning the mistakes by heart.


@torch.no_grad()
def repeats_wrong_labels(model):
    model.eval()
    return (model(x_train[wrong]).argmax(dim=1) == y_train[wrong]).float().mean().item()


restored_rate = repeats_wrong_labels(model)
model.load_state_dict(last_state)
last_rate = repeats_wrong_labels(model)
model.load_state_dict(best_state)
print(f"wrong labels repeated  last: {last_rate:.2f}  restored: {restored_rate:.2f}")
assert last_rate > restored_rate + 0.1

# %%
# The test set, once
# ------------------
#
# Only now, with the model chosen, is the test set used, once. Its accuracy is an honest
# estimate for new digits because nothing was decided by looking at it. Trained on just
# 300 images, the network reaches the accuracy printed below.

test_loader = DataLoader(data.test, batch_size=1000)
test_acc = evaluate(model, test_loader, device)
print(f"test accuracy of the restored model: {test_acc:.3f}")
assert 0.6 < test_acc < 1.0

# %%
# Summary
# -------
#
# - Early stopping watches a validation number (here the loss) after every epoch, keeps a
#   copy of the best weights, stops after ``patience`` epochs without improvement, and
#   restores the best weights with ``load_state_dict``.
# - ``model.state_dict()`` shares memory with the parameters: save the best weights with
#   ``copy.deepcopy`` (or ``clone()`` every tensor).
# - The epoch is chosen on the validation set, never on the test set; the test set is
#   measured once, at the end.
# - PyTorch has no built-in early stopping; the loop above is all it takes.
#
# .. seealso::
#
#    - `torch.nn.Module.state_dict <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.state_dict>`__
#    - `torch.nn.Module.load_state_dict <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.load_state_dict>`__
#    - `copy.deepcopy <https://docs.python.org/3/library/copy.html#copy.deepcopy>`__
#    - `torch.nn.functional.cross_entropy <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.cross_entropy.html>`__
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
#    - `torch.no_grad <https://docs.pytorch.org/docs/stable/generated/torch.no_grad.html>`__
