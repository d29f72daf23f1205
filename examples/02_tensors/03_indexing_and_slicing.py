"""
.. _tensors_indexing:

Indexing and slicing
====================

This page picks parts out of a batch of images: single elements, ranges with steps,
arbitrary positions with ``index_select``, elements that pass a test with
``masked_select``, and positions in the flattened tensor with ``take``.
Afterwards you will be able to predict the shape of every selection before you run it.
It assumes you can create tensors (see :ref:`tensors_creating`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Indexing with integers
# ----------------------
#
# Think of ``a`` as a batch of 4 colour images with 3 channels of 28 by 28 pixels. Each
# integer index removes one dimension: image, then channel, then one pixel value, which is a
# 0-dimensional tensor.

import torch

from tutorial_utils import seed_everything

seed_everything(0)

a = torch.rand(4, 3, 28, 28)
print(a[0].shape, a[0, 0].shape, a[0, 0, 2, 4])
assert a[0].shape == (3, 28, 28) and a[0, 0].shape == (28, 28)
assert a[0, 0, 2, 4].dim() == 0

# %%
# Slicing with ranges and steps
# -----------------------------
#
# A slice ``start:end:step`` keeps the dimension (even when it selects a single element),
# includes ``start``, excludes ``end``, and may use negative positions counted from the end.
# Only an integer index lowers the dimension.
#
# .. in-the-notes::
#
#    The notes say that indexing always lowers the dimension. That holds for integer indices
#    only; a slice keeps the dimension.

print(a[:2].shape, a[:2, :1].shape, a[:2, 1:].shape, a[:2, -1:].shape)
assert a[:2].shape == (2, 3, 28, 28)
assert a[:2, :1, :, :].shape == (2, 1, 28, 28)
assert a[:2, 1:, :, :].shape == (2, 2, 28, 28)
assert a[:2, -1:, :, :].shape == (2, 1, 28, 28)

half = a[:, :, 0:28:2, ::2]  # every second row and column
print(half.shape)
assert half.shape == (4, 3, 14, 14)
assert torch.equal(half[0, 0, 1, 1], a[0, 0, 2, 2])

# %%
# Unlike Python lists, a tensor does not accept a negative step; use ``torch.flip``.

x = torch.arange(5)
try:
    x[::-1]
except ValueError as err:
    print("ValueError:", err)
print(torch.flip(x, dims=[0]))
assert torch.flip(x, dims=[0]).tolist() == [4, 3, 2, 1, 0]

# %%
# ``index_select``
# ----------------
#
# ``a.index_select(dim, index)`` takes the positions listed in ``index`` along dimension
# ``dim``. ``index`` is a 1-D integer tensor of positions, in any order and with repeats
# allowed; it is not a range: ``torch.tensor([0, 2])`` selects the two positions 0 and 2.
# For a range, pass ``torch.arange``.
#
# .. in-the-notes::
#
#    The notes read ``torch.tensor([0, 2])`` as the closed range 0 to 2. It selects the two
#    positions 0 and 2.

picked = a.index_select(0, torch.tensor([0, 2]))
print(picked.shape)
assert picked.shape == (2, 3, 28, 28)
assert torch.equal(picked[1], a[2])

channels = a.index_select(1, torch.tensor([2, 0, 0]))
print(channels.shape, a.index_select(2, torch.arange(8)).shape)
assert channels.shape == (4, 3, 28, 28) and torch.equal(channels[:, 1], a[:, 0])
assert a.index_select(2, torch.arange(8)).shape == (4, 3, 8, 28)

# %%
# The ellipsis ``...``
# --------------------
#
# ``...`` stands for as many ``:`` as needed to cover the remaining dimensions, so you can
# address the first or last dimensions without counting the others.

print(a[...].shape, a[0, ...].shape, a[:, 1, ...].shape, a[..., :2].shape)
assert a[...].shape == (4, 3, 28, 28) and a[0, ...].shape == (3, 28, 28)
assert a[:, 1, ...].shape == (4, 28, 28) and a[..., :2].shape == (4, 3, 28, 2)
assert torch.equal(a[..., :2], a[:, :, :, :2])

# %%
# ``masked_select``
# -----------------
#
# A boolean mask of the same shape picks the elements where it is ``True``. The positions
# can differ from row to row, so the result is always flattened to 1-D, with one element per
# ``True``. ``x[mask]`` does the same.

x = torch.randn(3, 4)
mask = x.ge(0.5)  # True where x >= 0.5
selected = torch.masked_select(x, mask)
print(mask, selected, sep="\n")
assert selected.dim() == 1 and selected.numel() == mask.sum()
assert bool((selected >= 0.5).all()) and torch.equal(selected, x[mask])

# %%
# ``take``
# --------
#
# ``torch.take`` treats the input as if it were flattened to 1-D and picks positions in that
# order.
#
# .. in-the-notes::
#
#    The notes write ``torch.tensor([4, 3, 5], [6, 7, 8])``, which is an error: the rows need
#    an outer pair of brackets, and the index must be a tensor, not ``torch.tensor[...]``.

src = torch.tensor([[4, 3, 5], [6, 7, 8]])
taken = torch.take(src, torch.tensor([0, 2, 5]))
print(taken)
assert taken.tolist() == [4, 5, 8]
assert torch.equal(taken, src.flatten()[torch.tensor([0, 2, 5])])

# %%
# Summary
# -------
#
# - An integer index removes a dimension; a slice ``start:end:step`` keeps it.
# - ``index_select`` takes a tensor of positions; ``...`` fills in the other dimensions.
# - ``masked_select`` and ``take`` return 1-D results.
#
# .. seealso::
#
#    - `Indexing, slicing, joining, mutating ops <https://docs.pytorch.org/docs/stable/torch.html#indexing-slicing-joining-mutating-ops>`__
#    - `torch.index_select <https://docs.pytorch.org/docs/stable/generated/torch.index_select.html>`__
#    - `torch.masked_select <https://docs.pytorch.org/docs/stable/generated/torch.masked_select.html>`__
#    - `torch.take <https://docs.pytorch.org/docs/stable/generated/torch.take.html>`__
#    - `torch.flip <https://docs.pytorch.org/docs/stable/generated/torch.flip.html>`__
