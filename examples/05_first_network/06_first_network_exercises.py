"""
.. _exercises_first_network:

Exercises: the pieces of a training loop
========================================

Four exercises on the pieces of this chapter's classifier: one-hot targets, the accuracy of a
batch of predictions, one training step, and the number of parameters of a network. They use
small synthetic tensors instead of MNIST, so the page needs no data and runs in seconds. Each
exercise says what it practises and which page it builds on, gives starter code with ``...``
where your code goes, and ends with a check. You should have read :ref:`first_network_mse`
and :ref:`first_network_cross_entropy`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# As in :ref:`exercises_installation`: each check runs your code on a few cases and prints
# ``✓`` and what passed, or ``✗`` and what is wrong, without giving the answer away. The
# check of exercise 1 refuses ``F.one_hot`` and prints ``calls F.one_hot`` if your code uses
# it. Replace each ``...`` in your own copy of the page until the checks print ``✓``; each
# reference answer is folded under its exercise.

import torch
import torch.nn.functional as F

from tutorial_utils.exercises.ch05 import check_accuracy, check_count_parameters, check_one_hot, check_train_step

# %%
# Exercise 1: one-hot targets by hand
# -----------------------------------
#
# Practises one-hot targets (:ref:`first_network_mse`). Write ``one_hot(labels, depth)``:
# for a 1-D tensor of ``N`` class indices, a ``float32`` tensor of shape ``[N, depth]`` with a
# 1 in each row at the label's position and 0 elsewhere, without ``F.one_hot``. The check
# tries ``[0, 2, 1]`` with depth 3, ``[3, 3, 0, 9, 5]`` with depth 10 and ``[1]`` with depth 2,
# and compares the shape, the dtype and the values with ``F.one_hot(labels, depth).float()``.


def one_hot(labels, depth):
    return ...


check_one_hot(one_hot)

# %%
# .. answer-begin::
#
# Start from zeros and write a 1 into each row at the column its label names.
# ``scatter_(1, index, 1.0)`` does that along dimension 1; its index must have as many
# dimensions as the tensor it writes into, so the labels become a column with
# ``labels[:, None]``. The zeros are ``float32`` by default, which is the dtype ``F.mse_loss``
# needs to compare them with a network's output. ``torch.eye(depth)[labels]``, picking rows of
# the identity matrix, gives the same tensor.

def one_hot(labels, depth):
    out = torch.zeros(len(labels), depth)
    return out.scatter_(1, labels[:, None], 1.0)


assert torch.equal(one_hot(torch.tensor([0, 2, 1]), 3), torch.eye(3)[torch.tensor([0, 2, 1])])
assert check_one_hot(one_hot)

# %%
# .. answer-end::

# %%
# Exercise 2: accuracy from logits
# --------------------------------
#
# Practises reading a prediction from a network's scores (:ref:`first_network_mse`, "Test
# accuracy"). Write ``accuracy(logits, labels)``: for logits of shape ``[N, C]``, one row of
# scores per sample, and ``N`` labels, the fraction of rows whose largest score is at the
# label's position, as a Python float between 0 and 1. The check tries three batches, one
# with negative scores and one in which no row is right, and prints by how much your value
# is off.


def accuracy(logits, labels):
    return ...


check_accuracy(accuracy)

# %%
# .. answer-begin::
#
# ``argmax(dim=1)`` gives each row's predicted class; comparing it with the labels gives one
# boolean per sample, and the mean of those, as floats, is the fraction of hits. The softmax is
# not needed: it does not change which score is largest, as the second-last line below checks.
# Taking ``argmax`` over ``dim=0`` instead compares columns with rows, and returning the
# ``sum`` gives the number of hits rather than the fraction.

def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean().item()


scores = torch.tensor([[2.0, 1.0, 0.0], [-3.0, -0.5, -1.0]])
assert torch.equal(torch.softmax(scores, dim=1).argmax(dim=1), scores.argmax(dim=1))
assert check_accuracy(accuracy)

# %%
# .. answer-end::

# %%
# Exercise 3: one training step
# -----------------------------
#
# Practises the training loop of :ref:`first_network_mse` with the loss of
# :ref:`first_network_cross_entropy`. Write ``train_step(model, optimizer, x, y)``, which
# performs one gradient step on the batch ``x`` with class indices ``y``, using
# ``F.cross_entropy``, and returns the loss *before* the step as a Python float. The check
# builds three clusters of 2-D points, a network ``2 → 8 → 3`` and an SGD optimizer with
# learning rate 0.5; it compares the loss you return and every parameter after the first and
# after the second step with a step it computes itself, and then wants the loss below 0.1
# after 100 steps. A step that leaves out a piece shows up as ``step 1: …`` or ``step 2: …``
# with the parameter that is wrong.


def train_step(model, optimizer, x, y):
    return ...


check_train_step(train_step)

# %%
# .. answer-begin::
#
# The order matters. ``zero_grad()`` must come before ``backward()``, because ``backward()``
# adds to ``.grad`` (:ref:`gradients_losses`): without it the second step uses the sum of two
# gradients, which the check reports as ``step 2``. ``step()`` must come after
# ``backward()``, or it uses no gradient or an old one. ``loss.item()`` returns a plain float,
# so a list of losses does not keep every step's graph alive.

def train_step(model, optimizer, x, y):
    loss = F.cross_entropy(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


assert check_train_step(train_step)

# %%
# .. answer-end::

# %%
# Exercise 4: the size of a network
# ---------------------------------
#
# Practises what ``nn.Linear`` stores (:ref:`first_network_mse`, "The network"). Write
# ``count_parameters(sizes)``, the number of weights and biases of a network of
# ``nn.Linear`` layers with the given sizes, from the sizes alone, without building it:
# ``[784, 256, 64, 10]`` is the chapter's network, ``nn.Linear(784, 256)`` then
# ``nn.Linear(256, 64)`` then ``nn.Linear(64, 10)``. The check tries four networks, counts
# their parameters by building them, and says whether your count is too small or too large.


def count_parameters(sizes):
    return ...


check_count_parameters(count_parameters)

# %%
# .. answer-begin::
#
# ``nn.Linear(a, b)`` holds a weight of shape ``[b, a]`` and a bias of ``b`` numbers, so
# :math:`a b + b = (a + 1) b` parameters; the network's count is the sum over consecutive pairs of
# sizes. ReLU has no parameters. For the chapter's network this is the number that
# :ref:`first_network_mse` got by summing ``p.numel()`` over ``net.parameters()``; the
# biases add only 330 of them.

def count_parameters(sizes):
    return sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))


print(count_parameters([784, 256, 64, 10]))
assert count_parameters([784, 256, 64, 10]) == (784 * 256 + 256) + (256 * 64 + 64) + (64 * 10 + 10)
assert check_count_parameters(count_parameters)

# %%
# .. answer-end::
