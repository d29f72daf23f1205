"""
.. _tensors_statistics:

Norms and statistics
====================

This page reduces tensors to fewer numbers: vector and matrix norms, minimum, maximum,
sum, mean and product, the positions of extremes, the k largest or k-th smallest values,
and comparisons. Afterwards you will be able to reduce along any dimension, keep that
dimension when you need it for broadcasting, and read a classifier's predictions.
It assumes you know element-wise operations (see :ref:`tensors_math`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Vector norms
# ------------
#
# ``torch.linalg.vector_norm(x, ord)`` computes the :math:`p`-norm, with :math:`p` given as
# ``ord``:
#
# .. math::
#
#    \lVert x \rVert_p = \left( \sum_{i} |x_i|^{p} \right)^{1/p}.
#
# The 1-norm :math:`\lVert x \rVert_1 = \sum_{i} |x_i|` is the sum of the *absolute values*, the
# 2-norm :math:`\lVert x \rVert_2 = \sqrt{\sum_{i} x_i^{2}}` is the Euclidean length, and
# ``ord=float("inf")`` gives the largest absolute value,
# :math:`\lVert x \rVert_\infty = \max_{i} |x_i|`.
#
# .. in-the-notes::
#
#    The notes say the 1-norm is the sum of the entries. That is wrong as soon as an entry is
#    negative: it is the sum of their absolute values.

import torch

from tutorial_utils import seed_everything

seed_everything(0)

a = torch.tensor([[1.0, -2.0], [3.0, -4.0]])
l1 = torch.linalg.vector_norm(a, ord=1)
l2 = torch.linalg.vector_norm(a, ord=2)
print(l1, a.sum(), l2, torch.linalg.vector_norm(a, ord=float("inf")))
assert l1 == a.abs().sum() == 10 and a.sum() == -2
torch.testing.assert_close(l2, a.pow(2).sum().sqrt())
assert torch.linalg.vector_norm(a, ord=float("inf")) == 4

# %%
# Older code uses ``torch.norm(a, p, dim)`` or the method ``a.norm(p, dim)``. They are the
# same function: the method only calls ``torch.norm``, so both give the same results, and
# both are equally deprecated. PyTorch's documentation says ``torch.norm`` may be removed
# and recommends ``torch.linalg.vector_norm`` and ``torch.linalg.matrix_norm`` for new code.
# The cell compares all three.

for p, dim in [(1, None), (2, None), (1, 1), (2, 1)]:
    torch.testing.assert_close(a.norm(p, dim), torch.norm(a, p, dim))
    torch.testing.assert_close(torch.norm(a, p, dim), torch.linalg.vector_norm(a, ord=p, dim=dim))
print(a.norm(), torch.norm(a), torch.norm(a, 1, 1))

# %%
# With ``dim``, the norm is taken along that dimension, which disappears from the result:
# with ``dim=1`` each row gets its own length.

rows = torch.linalg.vector_norm(a, ord=2, dim=1)
print(rows)
assert rows.shape == (2,)
torch.testing.assert_close(rows, torch.tensor([5.0, 25.0]).sqrt())

# %%
# Matrix norms
# ------------
#
# ``torch.linalg.matrix_norm`` treats the last two dimensions as a matrix. Its default, the
# Frobenius norm :math:`\lVert A \rVert_F = \sqrt{\sum_{i, j} a_{ij}^{2}}`, equals the
# 2-norm of all entries; ``ord=2`` is the spectral norm :math:`\lVert A \rVert_2`, the largest
# singular value.

print(torch.linalg.matrix_norm(a), torch.linalg.matrix_norm(a, ord=2))
torch.testing.assert_close(torch.linalg.matrix_norm(a), l2)
torch.testing.assert_close(torch.linalg.matrix_norm(a, ord=2), torch.linalg.svdvals(a)[0])

# %%
# Reductions over everything
# --------------------------
#
# Without ``dim``, ``min``, ``max``, ``sum``, ``mean`` and ``prod`` reduce the whole tensor
# to one value; for :math:`n` elements the mean is :math:`\frac{1}{n} \sum_{i} x_i` and the
# product :math:`\prod_{i} x_i`. ``argmax`` and ``argmin`` without ``dim`` return a position in
# the *flattened* tensor; ``torch.unravel_index`` turns it back into coordinates.

x = torch.tensor([[1.0, 5.0, 2.0], [7.0, 0.5, 3.0]])
print(x.min(), x.max(), x.sum(), x.mean(), x.prod(), x.argmax(), x.argmin())
assert x.sum() == 18.5 and x.prod() == 105 and abs(x.mean().item() - 18.5 / 6) < 1e-6
assert x.argmax() == 3 and x.argmin() == 4
assert [int(i) for i in torch.unravel_index(x.argmax(), x.shape)] == [1, 0]

# %%
# Reductions along a dimension, and ``keepdim``
# ---------------------------------------------
#
# With ``dim``, the reduction runs along that dimension and removes it. ``max`` and ``min``
# then return two tensors, the values and their positions (the same positions ``argmax``
# gives). ``keepdim=True`` keeps the reduced dimension with size 1, so the result still
# broadcasts against the input, for example to subtract each row's maximum.

values, indices = x.max(dim=1)
kept = x.max(dim=1, keepdim=True)
print(values, indices, kept.values.shape, x - kept.values, sep="\n")
assert values.tolist() == [5.0, 7.0] and torch.equal(indices, x.argmax(dim=1))
assert kept.values.shape == (2, 1) and (x - kept.values).max(dim=1).values.tolist() == [0, 0]
assert x.sum(dim=0).shape == (3,) and x.mean(dim=1, keepdim=True).shape == (2, 1)

# %%
# ``topk`` and ``kthvalue``
# -------------------------
#
# ``topk(k, dim)`` returns the ``k`` largest values along ``dim`` and their positions, sorted;
# with ``largest=False`` it returns the ``k`` smallest. ``kthvalue(k, dim)`` returns the k-th
# *smallest* value (counting from 1) and its position. Here are 4 images scored for 10
# classes.

scores = torch.randn(4, 10)
top = scores.topk(3, dim=1)
low = scores.topk(5, dim=1, largest=False)
kth = scores.kthvalue(8, dim=1)
print(top.values, top.indices, kth.values, sep="\n")
assert top.values.shape == (4, 3) and torch.equal(top.values[:, 0], scores.max(dim=1).values)
assert torch.equal(low.values, scores.sort(dim=1).values[:, :5])
assert torch.equal(kth.values, scores.sort(dim=1).values[:, 7])
assert torch.equal(kth.values, top.values[:, 2])  # 8th smallest of 10 = 3rd largest

# %%
# Comparisons
# -----------
#
# ``>``, ``>=``, ``<``, ``<=``, ``==`` and ``!=`` compare element by element and return a
# ``bool`` tensor; ``torch.eq(a, b)`` is the same as ``a == b``. ``torch.equal(a, b)`` instead
# answers one question, "same shape and all elements equal?", with a Python ``bool``.
# The share of ``True`` values in ``pred == label`` is a classifier's accuracy;
# ``.float().mean()`` computes it.

pred = scores.argmax(dim=1)
label = torch.tensor([pred[0].item(), pred[1].item(), 9, 9])
print(pred, label, torch.eq(pred, label), torch.equal(pred, label))
assert torch.equal(torch.eq(pred, label), pred == label)
assert isinstance(torch.equal(pred, pred), bool) and torch.equal(pred, pred)
print("accuracy:", (pred == label).float().mean().item())
assert 0.5 <= (pred == label).float().mean().item() <= 1.0

# %%
# Summary
# -------
#
# - Use ``torch.linalg.vector_norm`` and ``torch.linalg.matrix_norm``; the 1-norm sums
#   absolute values. ``a.norm`` is ``torch.norm``, which is deprecated.
# - Reductions with ``dim`` remove that dimension unless ``keepdim=True``; ``argmax``
#   without ``dim`` indexes the flattened tensor.
# - ``topk`` gives the k largest (or smallest), ``kthvalue`` the k-th smallest.
# - ``torch.eq`` compares element-wise; ``torch.equal`` returns one ``bool``.
#
# .. seealso::
#
#    - `torch.linalg.vector_norm <https://docs.pytorch.org/docs/stable/generated/torch.linalg.vector_norm.html>`__,
#      `torch.linalg.matrix_norm <https://docs.pytorch.org/docs/stable/generated/torch.linalg.matrix_norm.html>`__
#    - `torch.max <https://docs.pytorch.org/docs/stable/generated/torch.max.html>`__,
#      `torch.argmax <https://docs.pytorch.org/docs/stable/generated/torch.argmax.html>`__,
#      `torch.unravel_index <https://docs.pytorch.org/docs/stable/generated/torch.unravel_index.html>`__,
#      `torch.prod <https://docs.pytorch.org/docs/stable/generated/torch.prod.html>`__
#    - `torch.topk <https://docs.pytorch.org/docs/stable/generated/torch.topk.html>`__,
#      `torch.kthvalue <https://docs.pytorch.org/docs/stable/generated/torch.kthvalue.html>`__
#    - `torch.eq <https://docs.pytorch.org/docs/stable/generated/torch.eq.html>`__,
#      `torch.equal <https://docs.pytorch.org/docs/stable/generated/torch.equal.html>`__
