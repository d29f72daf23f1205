"""
.. _tensors_creating:

Creating tensors
================

This page builds tensors from Python data, from NumPy arrays, from random number
generators and from fill values and ranges, and then reads their shape and size.
Afterwards you will be able to create any tensor the later chapters need and to know
exactly which values a random factory can produce.
It assumes you know what ``dtype`` and ``device`` mean (see :ref:`tensors_dtypes`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# From Python data
# ----------------
#
# ``torch.tensor`` copies the data you give it. A bare number gives a 0-dimensional tensor
# (a scalar); ``torch.full([], 7.0)`` is another way to write one.

import numpy as np
import torch

from tutorial_utils import seed_everything

seed_everything(0)

s = torch.tensor(2.2)
v = torch.tensor([2.2, 3.3])
m = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(s, v, m, torch.full([], 7.0), sep="\n")
assert s.dim() == 0 and v.shape == (2,) and m.shape == (2, 3)
assert torch.full([], 7.0).dim() == 0

# %%
# From NumPy: shared memory
# -------------------------
#
# ``torch.from_numpy`` does *not* copy: the tensor and the array share one block of CPU
# memory, so writing to one changes the other. It keeps NumPy's ``dtype`` (``float64`` for
# ``np.ones``) and always lives on the CPU. ``torch.tensor(array)`` makes an independent copy.

data = np.ones(3)
shared = torch.from_numpy(data)
copied = torch.tensor(data)
data[0] = 5.0
print(shared, copied)
assert shared.tolist() == [5.0, 1.0, 1.0] and copied.tolist() == [1.0, 1.0, 1.0]
assert shared.dtype == torch.float64 and shared.device.type == "cpu"

# %%
# Uninitialised memory
# --------------------
#
# ``torch.empty`` only allocates. Its values are whatever was in memory, so never read them
# before writing; it is useful when every element is about to be overwritten anyway.

e = torch.empty(2, 3)
e.fill_(0.5)
print(e.shape)
assert e.shape == (2, 3) and bool((e == 0.5).all())

# %%
# Random tensors
# --------------
#
# ``torch.rand`` draws uniformly from the half-open interval :math:`[0, 1)`: 0 can appear, 1
# never does. ``torch.randn`` draws from the *standard
# normal distribution* :math:`\mathcal{N}(0, 1)`, mean 0 and standard deviation 1, so it is
# not limited to :math:`[0, 1]` at all: negative values are as common as positive ones. ``rand_like`` copies the shape,
# ``dtype`` and device of another tensor.
#
# .. in-the-notes::
#
#    The notes give the interval of ``torch.rand`` as :math:`[0, 1]`. It is :math:`[0, 1)`:
#    1 is never drawn.

u = torch.rand(10_000)
n = torch.randn(10_000)
print(f"rand:  min {u.min():.4f}  max {u.max():.4f}")
print(f"randn: mean {n.mean():.3f}  std {n.std():.3f}  min {n.min():.2f}  max {n.max():.2f}")
assert u.min() >= 0 and u.max() < 1
assert abs(n.mean()) < 0.05 and abs(n.std() - 1) < 0.05
assert n.min() < -3 and n.max() > 3
like = torch.rand_like(v)
assert like.shape == v.shape and like.dtype == v.dtype and like.device == v.device

# %%
# ``torch.randint(low, high, size)`` draws integers from ``low`` up to but *excluding*
# ``high``. ``torch.randperm(n)`` returns the numbers 0 to :math:`n - 1` in random order, handy for
# shuffling several tensors the same way. Seeding makes all of these repeatable.

dice = torch.randint(1, 7, (1000,))
perm = torch.randperm(10)
print(dice[:10], perm)
assert dice.min() >= 1 and dice.max() <= 6 and dice.dtype == torch.int64
assert sorted(perm.tolist()) == list(range(10))

seed_everything(0)
first = torch.rand(3)
seed_everything(0)
assert torch.equal(first, torch.rand(3))

# %%
# Constant tensors
# ----------------
#
# ``ones``, ``zeros`` and ``full`` take a shape; ``eye`` builds an identity matrix (ones on the
# diagonal). ``full`` takes its ``dtype`` from the fill value. Each has a ``_like`` variant.

print(torch.ones(2, 3), torch.eye(3), torch.full([2, 3], 7), sep="\n")
assert torch.eye(3).trace() == 3 and torch.eye(2, 3).shape == (2, 3)
assert torch.full([2, 3], 7).dtype == torch.int64
assert torch.full([2, 3], 7.0).dtype == torch.float32
assert torch.zeros_like(m).sum() == 0

# %%
# Evenly spaced values
# --------------------
#
# ``torch.arange(start, end, step)`` steps from ``start`` and stops *before* ``end``;
# ``torch.linspace(start, end, steps)`` returns exactly ``steps`` points and includes ``end``.

r = torch.arange(0, 10, 2)
lin = torch.linspace(0, 10, steps=5)
print(r, lin)
assert r.tolist() == [0, 2, 4, 6, 8]
assert lin.tolist() == [0.0, 2.5, 5.0, 7.5, 10.0]

# %%
# Shape, size and number of elements
# ----------------------------------
#
# ``a.shape`` and ``a.size()`` are the same ``torch.Size`` (a tuple);
# ``a.size(i)`` and ``a.shape[i]`` give one dimension. ``a.numel()`` is the *number of
# elements*, not the memory. The memory in bytes is ``a.numel() * a.element_size()``.
#
# .. in-the-notes::
#
#    The notes describe ``a.numel()`` as the memory a tensor takes up. It counts elements;
#    multiply by ``a.element_size()`` for bytes.

a = torch.rand(1, 2, 3)
print(a.dim(), a.shape, a.size(1), list(a.shape), a.numel(), a.element_size())
assert a.shape == a.size() == (1, 2, 3) and a.size(1) == a.shape[1] == 2
assert a.numel() == 6
assert a.numel() * a.element_size() == 24  # six 4-byte float32 values
assert a.double().numel() * a.double().element_size() == 48

# %%
# Summary
# -------
#
# - ``torch.tensor`` copies; ``torch.from_numpy`` shares CPU memory with the array.
# - ``torch.rand`` is uniform on :math:`[0, 1)`; ``torch.randn`` is standard normal
#   :math:`\mathcal{N}(0, 1)`;
#   ``torch.randint`` and ``torch.arange`` exclude the upper end, ``torch.linspace`` includes it.
# - ``numel()`` counts elements; multiply by ``element_size()`` for bytes.
#
# .. seealso::
#
#    - `torch.tensor <https://docs.pytorch.org/docs/stable/generated/torch.tensor.html>`__
#    - `torch.from_numpy <https://docs.pytorch.org/docs/stable/generated/torch.from_numpy.html>`__
#    - `torch.empty <https://docs.pytorch.org/docs/stable/generated/torch.empty.html>`__
#    - `torch.rand <https://docs.pytorch.org/docs/stable/generated/torch.rand.html>`__,
#      `torch.randn <https://docs.pytorch.org/docs/stable/generated/torch.randn.html>`__,
#      `torch.randint <https://docs.pytorch.org/docs/stable/generated/torch.randint.html>`__,
#      `torch.randperm <https://docs.pytorch.org/docs/stable/generated/torch.randperm.html>`__,
#      `torch.rand_like <https://docs.pytorch.org/docs/stable/generated/torch.rand_like.html>`__
#    - `torch.full <https://docs.pytorch.org/docs/stable/generated/torch.full.html>`__,
#      `torch.eye <https://docs.pytorch.org/docs/stable/generated/torch.eye.html>`__,
#      `torch.arange <https://docs.pytorch.org/docs/stable/generated/torch.arange.html>`__,
#      `torch.linspace <https://docs.pytorch.org/docs/stable/generated/torch.linspace.html>`__
#    - `Tensor.numel <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.numel.html>`__,
#      `Tensor.element_size <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.element_size.html>`__
