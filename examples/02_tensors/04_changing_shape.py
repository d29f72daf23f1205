"""
.. _tensors_reshaping:

Changing the shape
==================

This page changes the shape of tensors without changing their values: ``view`` and
``reshape``, adding and removing size-1 dimensions, ``expand`` and ``repeat``, and
reordering dimensions with ``t``, ``transpose`` and ``permute``.
Afterwards you will know which of these copy data, which only reinterpret it, and how to
avoid silently scrambling a tensor.
It assumes you can index tensors (see :ref:`tensors_indexing`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# ``view`` and ``reshape``
# ------------------------
#
# A tensor's elements sit in memory in row-major order (last index fastest). ``view``
# gives the same memory a new shape, without copying; ``-1`` lets PyTorch infer one size.

import torch

from tutorial_utils import seed_everything

seed_everything(0)

a = torch.rand(4, 1, 28, 28)
flat = a.view(4, 28 * 28)
print(flat.shape, a.view(4, 28, 28).shape, a.view(-1, 784).shape)
assert flat.shape == (4, 784) and a.view(4, 28, 28).shape == (4, 28, 28)
assert flat.data_ptr() == a.data_ptr()  # same memory, no copy

# %%
# The ``view`` pitfall
# --------------------
#
# A tensor does not remember what its axes mean, and ``view`` only re-reads the memory in order. Any
# shape with the right number of elements is accepted, so viewing an ``[N, C, H, W]`` batch
# as ``[N, H, W, C]`` runs without error but mixes channels and pixels. Moving an axis needs
# ``permute`` (below); a check against a known element catches the mistake.
#
# .. in-the-notes::
#
#    The notes say that ``view`` "loses the dimension information". There is none to lose:
#    ``view`` accepts any shape with the right number of elements.

img = torch.rand(4, 3, 28, 28)
wrong = img.view(4, 28, 28, 3)
right = img.permute(0, 2, 3, 1)
print(img[0, :, 0, 0], right[0, 0, 0], wrong[0, 0, 0], sep="\n")
assert torch.equal(right[0, 0, 0], img[0, :, 0, 0])
assert not torch.equal(wrong[0, 0, 0], img[0, :, 0, 0])

# %%
# ``view`` needs compatible strides; ``reshape`` copies when needed
# -----------------------------------------------------------------
#
# After ``transpose`` or ``permute`` the elements are no longer in row-major order in memory
# (the tensor is not *contiguous*), and ``view`` refuses to flatten it. ``reshape`` returns a
# view when it can and a copy when it must; ``.contiguous()`` makes the copy explicitly.

t = img.transpose(1, 3)
message = ""
try:
    t.view(4, -1)
except RuntimeError as err:
    message = str(err)
print(t.is_contiguous())
print("RuntimeError:", message)
assert not t.is_contiguous() and "view size is not compatible" in message
r = t.reshape(4, -1)
assert r.data_ptr() != t.data_ptr() and torch.equal(r, t.contiguous().view(4, -1))
assert img.reshape(4, -1).data_ptr() == img.data_ptr()

# %%
# ``unsqueeze`` and ``squeeze``
# -----------------------------
#
# ``unsqueeze(i)`` inserts a size-1 dimension so that it ends up at position ``i``; for a
# 4-D tensor ``i`` runs from -5 to 4, and negative positions count from the end.
# ``squeeze(i)`` removes dimension ``i`` if its size is 1 and does nothing otherwise;
# ``squeeze()`` removes every size-1 dimension.
#
# .. in-the-notes::
#
#    The notes spell the method ``squzzez``; it is ``squeeze``.

print(a.unsqueeze(0).shape, a.unsqueeze(-1).shape)
assert a.unsqueeze(0).shape == (1, 4, 1, 28, 28) and a.unsqueeze(-1).shape == (4, 1, 28, 28, 1)

bias = torch.rand(32)
b = bias.unsqueeze(1).unsqueeze(2).unsqueeze(0)
print(b.shape, b.squeeze().shape, b.squeeze(0).shape, b.squeeze(-1).shape, b.squeeze(1).shape)
assert b.shape == (1, 32, 1, 1) and b.squeeze().shape == (32,)
assert b.squeeze(0).shape == (32, 1, 1) and b.squeeze(-1).shape == (1, 32, 1)
assert b.squeeze(1).shape == (1, 32, 1, 1)

# %%
# ``expand`` and ``repeat``
# -------------------------
#
# ``expand`` stretches size-1 dimensions to a larger size, and ``-1`` keeps a size. It copies
# nothing: the stretched dimensions get stride 0, so every position reads the same memory.
# Only sizes of 1 can grow, and a negative size other than ``-1`` raises a ``RuntimeError``
# (its message, printed below, varies between PyTorch versions).
# ``repeat`` takes the number of *copies* per dimension, not the target size, and really
# copies; prefer ``expand`` when you only need to read the result.
#
# .. in-the-notes::
#
#    The notes say that ``expand(-1, 32, -1, -4)`` merely gives a meaningless size. It
#    raises a ``RuntimeError``.

e = b.expand(4, 32, 14, 14)
print(e.shape, e.stride(), b.expand(-1, 32, -1, -1).shape)
assert e.shape == (4, 32, 14, 14) and e.stride()[0] == 0 and e.data_ptr() == b.data_ptr()
assert b.expand(-1, 32, -1, -1).shape == (1, 32, 1, 1)
message = ""
try:
    b.expand(-1, 32, -1, -4)
except RuntimeError as err:
    message = str(err)
print("RuntimeError:", message)
assert message

print(b.repeat(4, 32, 1, 1).shape, b.repeat(4, 1, 32, 32).shape)
assert b.repeat(4, 32, 1, 1).shape == (4, 1024, 1, 1)
assert b.repeat(4, 1, 32, 32).shape == (4, 32, 32, 32)

# %%
# ``t``, ``transpose`` and ``permute``
# ------------------------------------
#
# ``t()`` transposes a matrix (it accepts at most 2 dimensions). ``transpose(i, j)`` swaps two
# dimensions and ``permute`` lists the new order of all of them. All three return views.
# To flatten and come back, undo the steps in reverse order; the round trip below (transpose,
# flatten, view, transpose back) restores the original exactly, while viewing straight back to ``[4, 3, 32, 32]``
# would scramble it.

m = torch.randn(3, 4)
x = torch.rand(4, 3, 32, 32)
flat = x.transpose(1, 3).contiguous().view(4, 3 * 32 * 32)
back = flat.view(4, 32, 32, 3).transpose(1, 3)
print(m.t().shape, x.transpose(1, 3).shape, x.permute(0, 2, 3, 1).shape)
assert m.t().shape == (4, 3) and x.permute(0, 2, 3, 1).shape == (4, 32, 32, 3)
assert torch.equal(back, x) and not torch.equal(flat.view(4, 3, 32, 32), x)

# %%
# The figure follows ``permute(1, 2, 0)`` on a tiny "image" of 3 channels of 2 × 2 pixels,
# the channels-last move of the pitfall above without the batch dimension. Each value keeps
# the colour of its channel. Before, each channel is one slice; after, each slice is one row
# of pixels, and each of its rows holds one pixel's 3 channel values, one of each colour.

from tutorial_utils.diagrams.tables import draw_permute

small = torch.arange(12).view(3, 2, 2)
moved = small.permute(1, 2, 0)
fig = draw_permute(small, (1, 2, 0))
print(moved.shape, moved[0, 0])
assert moved.shape == (2, 2, 3) and moved[0, 0].tolist() == [0, 4, 8]
assert all(torch.equal(moved[h, w], small[:, h, w]) for h in range(2) for w in range(2))

# %%
# Summary
# -------
#
# - ``view`` re-reads memory in order: it never moves axes, and it needs contiguous memory.
# - ``reshape`` works on any tensor, copying when needed; ``permute`` moves axes.
# - ``unsqueeze`` adds and ``squeeze`` removes size-1 dimensions.
# - ``expand`` stretches size-1 dimensions without copying; ``repeat`` copies.
#
# .. seealso::
#
#    - `Tensor.view <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.view.html>`__,
#      `torch.reshape <https://docs.pytorch.org/docs/stable/generated/torch.reshape.html>`__,
#      `Tensor views <https://docs.pytorch.org/docs/stable/tensor_view.html>`__
#    - `torch.squeeze <https://docs.pytorch.org/docs/stable/generated/torch.squeeze.html>`__,
#      `torch.unsqueeze <https://docs.pytorch.org/docs/stable/generated/torch.unsqueeze.html>`__
#    - `Tensor.expand <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.expand.html>`__,
#      `Tensor.repeat <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.repeat.html>`__
#    - `torch.t <https://docs.pytorch.org/docs/stable/generated/torch.t.html>`__,
#      `torch.transpose <https://docs.pytorch.org/docs/stable/generated/torch.transpose.html>`__,
#      `torch.permute <https://docs.pytorch.org/docs/stable/generated/torch.permute.html>`__,
#      `Tensor.contiguous <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.contiguous.html>`__
