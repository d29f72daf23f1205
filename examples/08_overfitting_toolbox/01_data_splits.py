"""
.. _overfitting_splits:

Train, validation and test sets
===============================

A model's score on the images it was trained on says little about how it will do on new
ones. This page holds data back: it splits the MNIST training images into a training and a
validation set with ``random_split``, uses the validation set to choose a learning rate,
measures the test set once at the very end, and then writes 5-fold cross-validation by
hand. Afterwards you can split a dataset reproducibly and estimate how well a model
generalises. You should know the training loop of :ref:`first_network_cross_entropy`.

Cut for speed: the model is a linear classifier (softmax regression), each training run
lasts 3 epochs, and the runs share ``TRAIN_SIZE = 4000`` training images. 4,000 is the whole training set of the offline sample and a fifteenth of full MNIST, so the
page takes the same steps whichever data the "Data:" line below names; set
``TRAIN_SIZE = None`` to train on every training image.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# Three sets, three jobs
# ----------------------
#
# - The **training set** is what the optimizer sees: the weights are fitted to it.
# - The **validation set** is for the decisions made *around* training: which learning rate,
#   how many epochs, which model. Each decision taken by looking at it fits the model a
#   little to it, so its score becomes slightly optimistic.
# - The **test set** is kept out of every decision and measured once, at the end. Only then
#   is its score an honest estimate of the error on new data. If you go back and change the
#   model because of the test score, the test set has become a second validation set.
#
# MNIST comes with a training and a test split; the validation set is cut out of the
# training images.

import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader, Subset, random_split

from tutorial_utils import evaluate, fit, get_device, load_mnist, seed_everything
from tutorial_utils.diagrams.workflow import draw_folds, draw_split

seed_everything(0)
device = get_device()

TRAIN_SIZE = 4000  # None: train on every training image
data = load_mnist(train_size=TRAIN_SIZE)

# %%
# Splitting with ``random_split``
# -------------------------------
#
# ``random_split(dataset, lengths)`` shuffles the indices and cuts them into pieces of the
# given lengths. Lengths must add up to ``len(dataset)``, or it raises an error.
# Fractions such as ``[0.8, 0.2]`` fit any dataset; the lengths are computed from
# ``len(dataset)``. A seeded generator makes the split the same at every run.
#
# .. in-the-notes::
#
#    The notes write ``random_split(train_db, [50000, 10000])``. Those numbers only fit the
#    60,000 training images of full MNIST; fractions fit any dataset.
#
# ``random_split`` draws its permutation with ``torch.randperm`` on the default device, so
# the generator must live there too. On a normal setup that is simply
# ``torch.Generator()``, on the CPU; but with ``torch.set_default_device("cuda")`` in force,
# a CPU generator raises an error. Writing
# ``torch.Generator(device=torch.get_default_device())``, as below, works in both cases.

generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
train_set, val_set = random_split(data.train, [0.8, 0.2], generator=generator)
test_set = data.test
print(f"train {len(train_set)}, validation {len(val_set)}, test {len(test_set)}")
assert len(train_set) + len(val_set) == len(data.train)
assert len(val_set) == round(0.2 * len(data.train))

# %%
# Drawn to scale from the lengths of the three index lists, the sets look like this: the
# training and validation sets share the MNIST training images, and the test set is
# MNIST's own test split.

draw_split({"train": len(train_set.indices), "validation": len(val_set.indices), "test": len(test_set)})

# %%
# Each piece is a ``Subset``: the original dataset plus a list of indices into it. The two
# lists share no index, and together they hold every index once.

train_idx, val_idx = set(train_set.indices), set(val_set.indices)
print("first validation indices:", val_set.indices[:5])
assert not train_idx & val_idx
assert train_idx | val_idx == set(range(len(data.train)))

# %%
# Choosing a learning rate on the validation set
# ----------------------------------------------
#
# ``train(dataset, lr)`` trains a fresh linear classifier on ``dataset`` for 3 epochs with
# SGD and returns it. Seeding inside the function gives every run the same starting weights
# and the same batches, so runs differ only in what we change. ``fit`` from
# ``tutorial_utils`` is the training loop of :ref:`first_network_cross_entropy`, and
# ``evaluate`` returns the accuracy on a loader.


def train(dataset, lr, epochs=3):
    seed_everything(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    shuffle = torch.Generator(device=torch.get_default_device()).manual_seed(0)
    loader = DataLoader(dataset, batch_size=100, shuffle=True, generator=shuffle)
    fit(model, loader, F.cross_entropy, optimizer, epochs=epochs, device=device)
    return model


def accuracy(model, dataset):
    return evaluate(model, DataLoader(dataset, batch_size=500), device)


# %%
# Three learning rates, each judged on the validation set only. The test set is not used
# here.

models, val_acc = {}, {}
for lr in [0.001, 0.01, 0.1]:
    models[lr] = train(train_set, lr)
    val_acc[lr] = accuracy(models[lr], val_set)
    print(f"lr = {lr:<6} validation accuracy {val_acc[lr]:.3f}")
best_lr = max(val_acc, key=val_acc.get)
print("chosen learning rate:", best_lr)
assert val_acc[best_lr] > val_acc[0.001]

# %%
# The test set, once
# ------------------
#
# With the decision made, the chosen model is measured on the test set, once. Its accuracy
# is the number to report; it is printed next to the validation accuracy that chose it.
# The two agree within a few points, at most 5: neither set trained the model,
# so each is an honest estimate of how it does on new images.

test_acc = accuracy(models[best_lr], test_set)
print(f"validation {val_acc[best_lr]:.3f}, test {test_acc:.3f}")
assert abs(test_acc - val_acc[best_lr]) < 0.05

# %%
# k-fold cross-validation
# -----------------------
#
# With few images, one validation set (a fifth of the training images; its size is printed
# above) is a noisy judge, and 20 % of the data never trains the model. *k-fold
# cross-validation* uses every image for both jobs: cut the training data into :math:`k`
# equal folds; in run :math:`i`, fold :math:`i` is the validation set and the other
# :math:`k - 1` folds train the model. That is :math:`k` runs in all, each with a fresh
# model. The average of the :math:`k` validation scores is the estimate, and their spread
# shows how much one split can mislead.
#
# .. in-the-notes::
#
#    The notes say "n − 1 parts" and "run n times" without saying what n is: it is the
#    number of folds, :math:`k`.
#
# Written by hand, it needs a random permutation of the indices, cut into k pieces. The
# test set stays out of it.

k = 5
order = torch.randperm(len(data.train), generator=generator).tolist()
folds = [order[i::k] for i in range(k)]
print("fold sizes:", [len(fold) for fold in folds])
assert all(len(fold) == len(data.train) // k for fold in folds)

# %%
# The folds must not overlap, and together they must cover every image exactly once.

assert sum(len(fold) for fold in folds) == len(data.train)
assert set().union(*folds) == set(range(len(data.train)))
assert all(not set(folds[i]) & set(folds[j]) for i in range(k) for j in range(i + 1, k))

# %%
# The diagram draws the five runs from these folds, with the images grouped by fold: in each
# run one fold (orange, its size written in it) validates and the other four train. Across
# the five rows every image validates exactly once.

draw_folds(folds, len(data.train))

# %%
# Each run trains on four folds, wrapped in a ``Subset``, with the learning rate chosen
# above, and is scored on the fifth.

fold_acc = []
for i in range(k):
    train_indices = [index for j, fold in enumerate(folds) if j != i for index in fold]
    model = train(Subset(data.train, train_indices), best_lr)
    fold_acc.append(accuracy(model, Subset(data.train, folds[i])))
    print(f"fold {i}: trained on {len(train_indices)}, validation accuracy {fold_acc[-1]:.3f}")

# %%
# The estimate is the mean :math:`\bar{a}` of the five scores :math:`a_i`, with their
# standard deviation as the spread:
#
# .. math::
#
#    \bar{a} = \frac{1}{k} \sum_{i=1}^{k} a_i, \qquad
#    s = \sqrt{\frac{1}{k - 1} \sum_{i=1}^{k} \left(a_i - \bar{a}\right)^2}
#
# (``Tensor.std`` divides by :math:`k - 1` by default).

scores = torch.tensor(fold_acc)
mean, std = scores.mean().item(), scores.std().item()
print(f"5-fold validation accuracy: {mean:.3f} ± {std:.3f}")
torch.testing.assert_close(std, ((scores - mean).pow(2).sum() / (k - 1)).sqrt().item())
assert len(fold_acc) == k and 0.5 < mean < 1.0
assert std < 0.05
assert abs(mean - val_acc[best_lr]) < 0.05

# %%
# In the run above the five scores lie within a few points of each other (their standard
# deviation is under 0.05), and the mean is within 5 points of the single
# validation split's score. k-fold costs k trainings, so it is common
# for small datasets and classical models, and rare for large networks, where one fixed
# validation set is large enough to be trusted.

# %%
# Summary
# -------
#
# - Train on the training set, make decisions on the validation set, and measure the test
#   set once at the end.
# - ``random_split(dataset, [0.8, 0.2], generator=...)`` splits any dataset reproducibly;
#   fixed lengths like ``[50000, 10000]`` only fit one dataset size.
# - k-fold cross-validation trains :math:`k` models, each validated on a different fold and
#   trained on the other :math:`k - 1`; report the mean and the spread of the :math:`k`
#   scores.
#
# .. seealso::
#
#    - `torch.utils.data.random_split <https://docs.pytorch.org/docs/stable/data.html#torch.utils.data.random_split>`__
#    - `torch.utils.data.Subset <https://docs.pytorch.org/docs/stable/data.html#torch.utils.data.Subset>`__
#    - `torch.utils.data.DataLoader <https://docs.pytorch.org/docs/stable/data.html#torch.utils.data.DataLoader>`__
#    - `torch.Generator <https://docs.pytorch.org/docs/stable/generated/torch.Generator.html>`__
#    - `torch.randperm <https://docs.pytorch.org/docs/stable/generated/torch.randperm.html>`__
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
