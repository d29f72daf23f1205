"""
.. _exercises_tensors:

Exercises: tensors without loops
================================

Five exercises on this chapter: lay out a batch of images with ``permute`` and ``reshape``,
compute all pairwise distances by broadcasting, measure a top-k accuracy, rewrite a loop with
``torch.where``, and pick one row per sequence with ``gather``. Each exercise says what it
practises and which page it builds on, gives starter code with ``...`` where your code goes,
and ends with a check. You should have read the chapter's pages, from :ref:`tensors_dtypes`
to :ref:`tensors_where_gather`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# Each check runs your code on a few cases and prints one line: ``✓`` and what passed, or
# ``✗`` and what is wrong, without giving the answer away. On this page the checks run on the
# starter code, so they print ``✗`` (``got ...`` means that the ``...`` is still there);
# replace each ``...`` in your own copy of the page until they print ``✓``.
# :ref:`exercises_installation` explains the checks in more detail.

import torch

from tutorial_utils.exercises.ch02 import (check_image_strip, check_last_step, check_pairwise_distances,
                                           check_prelu, check_top_k_accuracy)

# %%
# Exercise 1: a batch of images as one strip
# ------------------------------------------
#
# Practises ``permute`` and ``reshape`` (:ref:`tensors_reshaping`). To show a batch of images
# next to each other, Matplotlib's ``imshow`` wants a single image of shape
# ``[height, width, channels]``. Write ``image_strip(batch)``, which turns a batch of shape
# ``[N, C, H, W]`` into one strip of shape ``[H, N·W, C]``: image 0 on the left, then image
# 1, and so on, with the channels last. The check fills its batches with ``0, 1, 2, …`` and
# compares every value, so a reshape that runs but scrambles the pixels shows up as
# ``values: … differ``.


def image_strip(batch):
    return ...


check_image_strip(image_strip)

# %%
# .. answer-begin::
#
# In the strip, the height is the first axis, and the second axis runs over the images and,
# within each image, over its columns. ``permute(2, 0, 3, 1)`` puts the axes in that order,
# ``[H, N, W, C]``; then ``N`` and ``W`` are neighbours, and ``reshape`` merges them. The
# permuted tensor is not contiguous, so ``reshape`` copies where ``view`` would refuse. A
# ``reshape`` straight from ``[N, C, H, W]`` keeps the order of the values in memory and mixes
# channels with pixels: the ``view`` pitfall of :ref:`tensors_reshaping`.

def image_strip(batch):
    n, c, h, w = batch.shape
    return batch.permute(2, 0, 3, 1).reshape(h, n * w, c)


assert check_image_strip(image_strip)

# %%
# .. answer-end::

# %%
# Exercise 2: pairwise distances by broadcasting
# ----------------------------------------------
#
# Practises broadcasting (:ref:`tensors_broadcasting`) and norms along a dimension
# (:ref:`tensors_statistics`). Write ``pairwise_distances(a, b)``: for ``N`` points ``a`` of
# shape ``[N, D]`` and ``M`` points ``b`` of shape ``[M, D]``, the ``[N, M]`` tensor whose
# element ``[i, j]`` is the Euclidean distance :math:`\lVert a_i - b_j \rVert_2` between
# ``a[i]`` and ``b[j]``. Use no Python
# loop: give the two tensors size-1 dimensions so that their difference broadcasts to
# ``[N, M, D]``. The check compares with a Python loop over all pairs; its cases have
# :math:`N \neq M`, so a plain ``a - b`` fails.


def pairwise_distances(a, b):
    return ...


check_pairwise_distances(pairwise_distances)

# %%
# .. answer-begin::
#
# ``a.unsqueeze(1)`` has shape ``[N, 1, D]`` and ``b.unsqueeze(0)`` has shape ``[1, M, D]``.
# Right-aligned, each pair of sizes is equal or contains a 1, so the difference broadcasts to
# ``[N, M, D]`` with ``diff[i, j] = a[i] - b[j]``. The 2-norm along ``dim=2`` removes the
# last dimension. The difference tensor has :math:`N \cdot M \cdot D` elements; for large
# sets of points, PyTorch's ``torch.cdist`` computes the same distances with less memory.

def pairwise_distances(a, b):
    return torch.linalg.vector_norm(a.unsqueeze(1) - b.unsqueeze(0), dim=2)


torch.manual_seed(0)
a, b = torch.randn(5, 3), torch.randn(7, 3)
torch.testing.assert_close(pairwise_distances(a, b), torch.cdist(a, b))
assert check_pairwise_distances(pairwise_distances)

# %%
# .. answer-end::

# %%
# Exercise 3: top-k accuracy
# --------------------------
#
# Practises ``topk``, comparisons and reductions (:ref:`tensors_statistics`). A classifier's
# answer counts as correct in the top ``k`` when the true class is among the ``k`` classes it
# scored highest; classifiers with many classes are often compared by their top-5 accuracy. Write
# ``top_k_accuracy(scores, target, k)``: for scores of shape ``[N, C]`` (one row per sample,
# one column per class) and the true classes ``target`` of shape ``[N]``, the share of rows
# whose true class is among the row's ``k`` highest scores, as a number or a one-element
# tensor. The check tries ``k`` = 1, 2 and 5 on a small table of scores and ``k = 3`` on
# random ones; with ``k = 1`` this is the accuracy of :ref:`tensors_statistics`.


def top_k_accuracy(scores, target, k):
    return ...


check_top_k_accuracy(top_k_accuracy)

# %%
# .. answer-begin::
#
# ``topk(k, dim=1).indices`` holds the ``k`` best classes of each row, shape ``[N, k]``.
# ``target.unsqueeze(1)`` has shape ``[N, 1]``, so the comparison broadcasts each row's true
# class along that row's ``k`` classes. ``any(dim=1)`` says whether a row had a match, and
# ``.float().mean()`` turns the ``bool`` tensor into the share of ``True`` values.

def top_k_accuracy(scores, target, k):
    best = scores.topk(k, dim=1).indices
    return (best == target.unsqueeze(1)).any(dim=1).float().mean()


assert check_top_k_accuracy(top_k_accuracy)

# %%
# .. answer-end::

# %%
# Exercise 4: a loop rewritten with ``torch.where``
# -------------------------------------------------
#
# Practises ``torch.where`` (:ref:`tensors_where_gather`) together with broadcasting
# (:ref:`tensors_broadcasting`). The loop below computes a *parametric ReLU*: a positive value
# passes unchanged, any other value is multiplied by the slope of its channel (its column).
# Write ``prelu(x, slope)``, which computes the same without a Python loop. ``slope`` has one
# value per channel, shape ``[C]``; ``x`` has shape ``[..., C]``, with any number of leading
# dimensions, which the loop cannot handle. The check flattens the leading dimensions into
# rows, runs the loop on them and compares, on inputs of shape ``[2, 3]``, ``[4, 5]`` and
# ``[2, 3, 4]``.


def prelu_loop(x, slope):
    out = x.clone()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            if x[i, j] <= 0:
                out[i, j] = slope[j] * x[i, j]
    return out


def prelu(x, slope):
    return ...


check_prelu(prelu)

# %%
# .. answer-begin::
#
# The ``if`` becomes the condition ``x > 0``; the two branches become the two tensors that
# ``torch.where`` chooses between. ``slope`` of shape ``[C]`` is right-aligned with the last
# dimension of ``x``, so ``slope * x`` multiplies every column by its own slope, whatever the
# leading dimensions are. For a matrix, PyTorch's ``torch.nn.functional.prelu`` gives the same
# result, and so does the loop.

def prelu(x, slope):
    return torch.where(x > 0, x, slope * x)


torch.manual_seed(0)
x, slope = torch.randn(4, 3), torch.rand(3)
torch.testing.assert_close(prelu(x, slope), torch.nn.functional.prelu(x, slope))
torch.testing.assert_close(prelu(x, slope), prelu_loop(x, slope))
assert check_prelu(prelu)

# %%
# .. answer-end::

# %%
# Exercise 5: the last real step of padded sequences
# --------------------------------------------------
#
# Practises ``gather`` (:ref:`tensors_where_gather`) with an index shaped by ``view`` and
# ``expand`` (:ref:`tensors_reshaping`). Sequences of different lengths are stored in one
# tensor by padding them all to the same length ``T``: ``x`` has shape ``[N, T, D]`` (``N``
# sequences of ``T`` steps with ``D`` features each), and ``lengths`` (shape ``[N]``, dtype
# ``int64``) says how many steps of each sequence are real. Write ``last_step(x, lengths)``,
# which returns the last real step of every sequence, ``out[i] = x[i, lengths[i] - 1]``, with
# shape ``[N, D]`` and without a Python loop. The check compares with a loop over the
# sequences.


def last_step(x, lengths):
    return ...


check_last_step(last_step)

# %%
# .. answer-begin::
#
# ``gather`` needs an index with as many dimensions as ``x`` and returns the index's shape.
# The index of shape ``[N, 1, D]`` below holds ``lengths[i] - 1`` at every position of row
# ``i``, so along dimension 1 the result reads step ``lengths[i] - 1`` for each of the ``D``
# features; ``squeeze(1)`` then drops the size-1 dimension. The plain index
# ``x[:, lengths - 1]`` would read every sequence at all ``N`` positions, shape ``[N, N, D]``;
# indexing with one index tensor per dimension, ``x[torch.arange(N), lengths - 1]``, pairs
# them up and gives the same result as ``gather``.

def last_step(x, lengths):
    index = (lengths - 1).view(-1, 1, 1).expand(-1, 1, x.shape[2])
    return x.gather(1, index).squeeze(1)


torch.manual_seed(0)
x, lengths = torch.randn(4, 5, 2), torch.tensor([5, 1, 3, 2])
assert x[:, lengths - 1].shape == (4, 4, 2)
assert torch.equal(last_step(x, lengths), x[torch.arange(4), lengths - 1])
assert check_last_step(last_step)

# %%
# .. answer-end::
