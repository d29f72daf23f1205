"""
.. _exercises_classification_gpu:

Exercises: a network by hand, its initial weights, and any device
=================================================================

Four exercises on this chapter: the forward pass of a network written with bare tensors,
initial weights with Kaiming's scale, the confusion matrix of a classifier's predictions
and the accuracy of each class read from it, and a function that moves a whole batch (a
tensor, a tuple, a dict) to a device. Each exercise says what it practises and which page it builds on, gives
starter code with ``...`` where your code goes, and ends with a check. You should have read
:ref:`classification_hand_made` and :ref:`classification_device`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# Each check runs your code on a few cases of its own and prints one line: ``✓`` and what
# passed, or ``✗`` and what is wrong, without giving the answer away. On this page the checks
# run on the starter code, so they print ``✗``; :ref:`exercises_installation` explains the
# checks and the downloads in full.

import math

import torch
from torch.nn import functional as F

from tutorial_utils.exercises.ch06 import check_confusion_matrix, check_forward, check_kaiming_weight, check_to_device

# %%
# Exercise 1: the forward pass of a hand-made network
# ---------------------------------------------------
#
# Practises a network written with bare tensors (:ref:`classification_hand_made`). Write
# ``forward(x, params)``, where ``params`` is the list ``[w1, b1, w2, b2, w3, b3]`` and each
# weight has the layout ``[n_out, n_in]`` of ``nn.Linear``. It flattens each example of the
# batch ``x`` to one row, whatever the example's shape, applies the three layers with a ReLU
# between them, and returns the logits. The check tries a batch of 3 images of 4 × 4 pixels
# and a batch of 2 flat rows, with small weights of its own that require gradients, and
# compares your logits with its own; the result must still require gradients, so that an
# optimizer could train the weights.


def forward(x, params):
    w1, b1, w2, b2, w3, b3 = params
    return ...


check_forward(forward)

# %%
# .. answer-begin::
#
# ``x.view(x.size(0), -1)`` keeps the batch dimension and lets PyTorch work out the length
# of each row, so the same code takes images and flat rows. With the layout
# ``[n_out, n_in]``, a layer is ``x @ w.T + b``. The last layer has no ReLU: cross-entropy
# needs logits that can be negative, and a ReLU there would pass no gradient to the logits
# it clips. Every operation is recorded by autograd, so the result requires gradients.

def forward(x, params):
    w1, b1, w2, b2, w3, b3 = params
    x = x.view(x.size(0), -1)
    x = F.relu(x @ w1.T + b1)
    x = F.relu(x @ w2.T + b2)
    return x @ w3.T + b3


assert check_forward(forward)

# %%
# .. answer-end::

# %%
# Exercise 2: initial weights with Kaiming's scale
# ------------------------------------------------
#
# Practises the initialisation of :ref:`classification_hand_made`. Write
# ``kaiming_weight(n_out, n_in)``, which returns a weight of shape ``[n_out, n_in]`` drawn
# from a normal distribution with mean 0 and standard deviation
# :math:`\sqrt{\frac{2}{n_{\text{in}}}}`, where :math:`n_{\text{in}}` is ``n_in``, ready for an
# optimizer: it requires gradients and is a leaf tensor. The check draws three weights of
# different sizes and looks at their shape, dtype, ``requires_grad`` and ``is_leaf``, at the
# mean and the standard deviation of their values, and at the share of values within one
# standard deviation of 0, which tells a normal distribution from a uniform one.


def kaiming_weight(n_out, n_in):
    return ...


check_kaiming_weight(kaiming_weight)

# %%
# .. answer-begin::
#
# ``torch.randn`` draws from the standard normal distribution; multiplying by
# :math:`\sqrt{\frac{2}{n_{\text{in}}}}`
# scales its standard deviation. The order matters: the product of a tensor that already
# requires gradients is not a leaf, and an optimizer updates only leaves, so the weight is
# scaled first and ``requires_grad_()`` comes last. ``n_in`` is the second dimension, the
# fan-in that each output sums over.

def kaiming_weight(n_out, n_in):
    w = torch.randn(n_out, n_in) * math.sqrt(2 / n_in)
    return w.requires_grad_()


assert check_kaiming_weight(kaiming_weight)

# %%
# .. answer-end::

# %%
# Exercise 3: a confusion matrix
# ------------------------------
#
# Practises the predictions of a multi-class classifier (:ref:`classification_hand_made`,
# where ``argmax`` picks the predicted digit) and ``torch.bincount``
# (:ref:`first_network_data`). The accuracy is one number; a confusion matrix shows which
# classes are taken for which. Write ``confusion_matrix(predictions, targets, n_classes)``,
# which returns an ``int64`` tensor of shape ``[n_classes, n_classes]`` whose entry
# ``[t, p]`` counts the samples of true class ``t`` that were predicted as ``p``.
# ``predictions`` and ``targets`` are 1-D tensors of class indices. Write it without a Python
# loop over the samples. The check tries three small hand-made cases, then two random ones of
# 300 and 5,000 samples. In the second hand-made case one class is never the true class and
# another is never predicted; in the third, two classes appear nowhere. On the random cases
# the check also counts the tensor operations your function runs, since a loop over the
# samples runs at least one per sample.


def confusion_matrix(predictions, targets, n_classes):
    return ...


check_confusion_matrix(confusion_matrix)

# %%
# .. answer-begin::
#
# ``targets * n_classes + predictions`` numbers each pair ``(t, p)`` by its position in the
# matrix read row by row, so ``torch.bincount`` counts every pair in one call.
# ``minlength=n_classes * n_classes`` keeps the rows and columns of classes that appear
# nowhere, and ``view`` folds the counts into the matrix. Row ``t`` holds the samples of
# class ``t``, so the diagonal divided by the row sums is the accuracy of each class, and
# the trace divided by the total is the overall accuracy. In the small example below,
# class 2 never occurs, so its accuracy is ``0 / 0``, which is ``nan``.

def confusion_matrix(predictions, targets, n_classes):
    pairs = targets * n_classes + predictions
    counts = torch.bincount(pairs, minlength=n_classes * n_classes)
    return counts.view(n_classes, n_classes)


targets = torch.tensor([0, 0, 1, 1, 1, 3])
predictions = torch.tensor([0, 1, 1, 1, 0, 3])
matrix = confusion_matrix(predictions, targets, 4)
per_class = matrix.diag() / matrix.sum(dim=1)
print(matrix.tolist())
print("accuracy per class:", [round(a, 2) for a in per_class.tolist()])
for c in (0, 1, 3):
    assert torch.isclose(per_class[c], (predictions[targets == c] == c).float().mean())
assert per_class[2].isnan()
assert torch.isclose(matrix.trace() / matrix.sum(), (predictions == targets).float().mean())
assert check_confusion_matrix(confusion_matrix)

# %%
# .. answer-end::

# %%
# Exercise 4: moving a whole batch to a device
# --------------------------------------------
#
# Practises ``.to(device)`` (:ref:`classification_device`). A data loader does not always
# give a pair ``(x, y)``: a batch can be one tensor, a tuple or a list of tensors, a dict of
# them, or these nested, with numbers or strings in between. Write ``to_device(batch,
# device)``, which returns the same structure with every tensor moved to ``device``: tuples
# stay tuples, lists stay lists, dicts keep their keys, and anything that is not a tensor is
# passed through unchanged. The check moves five batches, from a single tensor to a nested
# dict, to the ``meta`` device, so it needs no GPU; it reports the first place where the
# structure or a device is wrong.


def to_device(batch, device):
    return ...


check_to_device(to_device)

# %%
# .. answer-begin::
#
# The function calls itself on the parts of each container, so it handles any depth of
# nesting. ``.to`` returns a new tensor and leaves the original where it was, which is why
# the result is built anew rather than changed in place. ``type(batch)(...)`` rebuilds a
# tuple as a tuple and a list as a list.

def to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, dict):
        return {key: to_device(value, device) for key, value in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(to_device(item, device) for item in batch)
    return batch


assert check_to_device(to_device)

# %%
# .. answer-end::
