"""
.. _tensors_broadcasting:

Broadcasting, merging and splitting
===================================

This page states the broadcasting rule that lets tensors of different shapes be combined,
then joins tensors with ``cat`` and ``stack`` and cuts them with ``split`` and ``chunk``.
Afterwards you will be able to predict whether two shapes broadcast, and what shape a join
or split returns.
It assumes you know ``view``, ``unsqueeze`` and ``expand`` (see :ref:`tensors_reshaping`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# The broadcasting rule
# ---------------------
#
# When an element-wise operation gets two tensors of different shapes, PyTorch compares the
# shapes *from the last dimension backwards*, as if both were right-aligned; a missing
# leading dimension counts as size 1. Each pair of sizes must be equal, or one of them must
# be 1. The result takes the larger size of each pair, and a size-1 dimension is expanded
# (without copying) to match. A typical case: adding a per-channel bias of shape
# ``[32, 1, 1]`` to a batch of feature maps ``[4, 32, 14, 14]``.

import torch

from tutorial_utils import seed_everything

seed_everything(0)

features = torch.rand(4, 32, 14, 14)
bias = torch.rand(32, 1, 1)
out = features + bias
print(out.shape, torch.broadcast_shapes((4, 32, 14, 14), (32, 1, 1)))
assert out.shape == (4, 32, 14, 14)
assert torch.equal(out, features + bias.unsqueeze(0).expand(4, 32, 14, 14))
assert torch.equal(out[1, 5], features[1, 5] + bias[5, 0, 0])

# %%
# The rule in a picture
# ---------------------
#
# A small case shows every value: a column ``a`` of shape ``[3, 1]`` plus a row ``b`` of
# shape ``[4]``. Right-aligned, ``[3, 1]`` and ``[4]`` (read as ``[1, 4]``) give ``[3, 4]``.
# In the figure, the coloured cells are the values each tensor really stores; the pale,
# hatched cells are the same values repeated by broadcasting, which are never copied in
# memory. Each cell of the sum adds the two cells at the same place.

from tutorial_utils.diagrams.tables import draw_broadcast

a = torch.tensor([[0], [10], [20]])
b = torch.arange(4)
fig = draw_broadcast(a, b)
print(a + b)
assert (a + b).shape == (3, 4) and torch.equal(a + b, a.expand(3, 4) + b.expand(3, 4))

# %%
# When broadcasting fails
# -----------------------
#
# The alignment matters as much as the sizes. A bias of shape ``[32]`` is aligned with the *last* dimension (14), not with
# the channels, so the addition below fails. Reshape it to ``[32, 1, 1]`` first.
#
# .. in-the-notes::
#
#    The notes phrase the rule as "each dimension must be equal or 1" and leave out that the
#    shapes are right-aligned first.

message = ""
try:
    features + torch.rand(32)
except RuntimeError as err:
    message = str(err)
print("RuntimeError:", message)
assert "must match" in message

# %%
# ``cat``: join along an existing dimension
# -----------------------------------------
#
# ``torch.cat`` puts tensors one after the other along dimension ``dim``; all other sizes
# must agree. Below, two batches of 4 and 5 sequences give one batch of 9.

a = torch.rand(4, 32, 8)
b = torch.rand(5, 32, 8)
joined = torch.cat([a, b], dim=0)
print(joined.shape)
assert joined.shape == (9, 32, 8) and torch.equal(joined[4:], b)

# %%
# ``stack``: join along a new dimension
# -------------------------------------
#
# ``torch.stack`` needs tensors of exactly the same shape and inserts a new dimension whose
# size is the number of tensors. ``cat`` on the same two tensors gives a different shape.
#
# .. in-the-notes::
#
#    The notes' ``stack`` example calls ``cat``; the two give different shapes, as printed
#    below.

a = torch.rand(32, 8)
b = torch.rand(32, 8)
c = torch.stack([a, b], dim=0)
print(c.shape, torch.cat([a, b], dim=0).shape)
assert c.shape == (2, 32, 8) and torch.cat([a, b], dim=0).shape == (64, 8)
assert torch.equal(c[1], b)

# %%
# ``split``: cut by length
# ------------------------
#
# ``split`` takes either one length per piece (a list) or one length for all pieces (the last
# may be shorter), and returns a tuple of views.

aa, bb = c.split([1, 1], dim=0)
print(aa.shape, bb.shape)
assert aa.shape == bb.shape == (1, 32, 8)
aa, bb = c.split(1, dim=0)
assert torch.equal(bb[0], b)

# %%
# Splitting the length-2 dimension in pieces of length 2 is *not* an error in itself: it
# returns a tuple with a single piece. It is the unpacking into two names that fails, with
# Python's ``ValueError``.

pieces = c.split(2, dim=0)
print(len(pieces), pieces[0].shape)
assert len(pieces) == 1 and pieces[0].shape == (2, 32, 8)
try:
    aa, bb = c.split(2, dim=0)
except ValueError as err:
    message = str(err)
print("ValueError:", message)
assert "not enough values to unpack" in message

# %%
# ``chunk``: cut into a number of pieces
# --------------------------------------
#
# ``chunk(n, dim)`` asks for :math:`n` pieces: each has length
# :math:`\left\lceil \frac{\text{size}}{n} \right\rceil` and the last may be shorter. That can give fewer than ``n`` pieces: asking for 4 chunks of 5 elements
# gives pieces of length 2, so only 3 of them.

aa, bb = c.chunk(2, dim=0)
print(aa.shape, [p.tolist() for p in torch.arange(5).chunk(4)])
assert aa.shape == bb.shape == (1, 32, 8)
assert len(torch.arange(5).chunk(4)) == 3

# %%
# Summary
# -------
#
# - Broadcasting right-aligns the shapes; each pair of sizes must be equal or contain a 1.
# - ``cat`` joins along an existing dimension, ``stack`` creates a new one.
# - ``split`` cuts by length, ``chunk`` by number of pieces; both return tuples.
#
# .. seealso::
#
#    - `Broadcasting semantics <https://docs.pytorch.org/docs/stable/notes/broadcasting.html>`__
#    - `torch.broadcast_shapes <https://docs.pytorch.org/docs/stable/generated/torch.broadcast_shapes.html>`__
#    - `torch.cat <https://docs.pytorch.org/docs/stable/generated/torch.cat.html>`__,
#      `torch.stack <https://docs.pytorch.org/docs/stable/generated/torch.stack.html>`__
#    - `torch.split <https://docs.pytorch.org/docs/stable/generated/torch.split.html>`__,
#      `torch.chunk <https://docs.pytorch.org/docs/stable/generated/torch.chunk.html>`__
