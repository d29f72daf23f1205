"""
.. _tensors_math:

Math operations
===============

This page covers element-wise arithmetic, matrix multiplication (including batches of
matrices), powers, roots, exponentials and logarithms, and rounding and clamping.
Afterwards you will know when ``*`` and ``@`` differ and which rounding function to use.
It assumes you know the broadcasting rule (see :ref:`tensors_broadcasting`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Element-wise arithmetic
# -----------------------
#
# ``+``, ``-``, ``*`` and ``/`` work element by element, broadcasting as needed, and are the
# same as ``torch.add``, ``torch.sub``, ``torch.mul`` and ``torch.div``. Note that ``a * b``
# is *not* a matrix product.

import torch

from tutorial_utils import seed_everything

seed_everything(0)

a = torch.rand(3, 4)
b = torch.rand(4)
print((a + b).shape)
assert torch.equal(a + b, torch.add(a, b)) and torch.equal(a - b, torch.sub(a, b))
assert torch.equal(a * b, torch.mul(a, b)) and torch.equal(a / b, torch.div(a, b))

# %%
# ``/`` is always true division, even for integers; ``//`` rounds down, and
# ``torch.div(..., rounding_mode="trunc")`` rounds toward zero.

n = torch.tensor([7, -7])
print(n / 2, n // 2, torch.div(n, 2, rounding_mode="trunc"))
assert (n / 2).tolist() == [3.5, -3.5]
assert (n // 2).tolist() == [3, -4]
assert torch.div(n, 2, rounding_mode="trunc").tolist() == [3, -3]

# %%
# Matrix multiplication
# ---------------------
#
# ``torch.mm`` multiplies two 2-D matrices only. ``torch.matmul`` and the ``@`` operator
# accept any number of dimensions: the last two are multiplied as matrices and the
# dimensions in front are *batch* dimensions, which follow the broadcasting rule. A linear
# layer is one such product: 4 inputs of 784 features times the transpose of a ``[512, 784]``
# weight, :math:`xW^\top` (``x @ w.t()`` in code), gives 512 features for each input.

x = torch.rand(4, 784)
w = torch.rand(512, 784)
print((x @ w.t()).shape)
assert (x @ w.t()).shape == (4, 512)
torch.testing.assert_close(torch.mm(x, w.t()), torch.matmul(x, w.t()))

# %%
# Below, ``[4, 3, 28, 64] @ [4, 3, 64, 32]`` multiplies 12 pairs of matrices; a second
# operand of ``[4, 1, 64, 32]`` is broadcast across the 3. A second operand of
# ``[4, 64, 32]`` fails, because its batch size 4 is aligned with the 3.

p = torch.rand(4, 3, 28, 64)
print((p @ torch.rand(4, 3, 64, 32)).shape, (p @ torch.rand(4, 1, 64, 32)).shape)
assert (p @ torch.rand(4, 1, 64, 32)).shape == (4, 3, 28, 32)
message = ""
try:
    p @ torch.rand(4, 64, 32)
except RuntimeError as err:
    message = str(err)
print("RuntimeError:", message)
assert "must match" in message

# %%
# Powers, roots, exponentials and logarithms
# ------------------------------------------
#
# ``pow`` (or ``**``) computes :math:`x^{p}`, ``sqrt`` :math:`\sqrt{x}` and ``rsqrt`` one over
# the square root, :math:`\frac{1}{\sqrt{x}}`, all element-wise. ``torch.exp`` computes
# :math:`e^{x}` for each element and ``torch.log`` the natural logarithm :math:`\ln x`
# (``log2`` and ``log10`` exist too).

s = torch.full([2, 2], 3.0)
print(s.pow(2), s.sqrt(), s.rsqrt(), sep="\n")
torch.testing.assert_close(s.pow(2), s**2)
torch.testing.assert_close(s.sqrt() ** 2, s)
torch.testing.assert_close(s.rsqrt(), 1 / s.sqrt())
torch.testing.assert_close(torch.log(torch.exp(s)), s)
torch.testing.assert_close(torch.log2(torch.tensor(8.0)), torch.tensor(3.0))

# %%
# Rounding
# --------
#
# ``floor`` rounds down, :math:`\lfloor x \rfloor`, and ``ceil`` rounds up,
# :math:`\lceil x \rceil`. ``trunc`` keeps the integer part, that is it
# rounds *toward zero*, so it differs from ``floor`` for negative numbers. ``frac`` is the
# rest, ``x - x.trunc()``, and keeps the sign. ``round`` rounds halves to the nearest even
# integer, so 2.5 becomes 2.

v = torch.tensor([-2.5, -1.7, 0.5, 1.5, 2.5, 3.7])
print(v.floor(), v.ceil(), v.trunc(), v.frac(), v.round(), sep="\n")
assert v.floor().tolist() == [-3, -2, 0, 1, 2, 3]
assert v.ceil().tolist() == [-2, -1, 1, 2, 3, 4]
assert v.trunc().tolist() == [-2, -1, 0, 1, 2, 3]
torch.testing.assert_close(v.frac(), v - v.trunc())
assert v.round().tolist() == [-2, -2, 0, 2, 2, 4]

# %%
# Clamping
# --------
#
# ``clamp(min)`` is a *lower* bound: every value below ``min`` is raised to it.
# ``clamp(min, max)`` limits both sides, and ``clamp(max=...)`` only the upper one. A common
# use is clipping large gradient values.

grad = torch.rand(2, 3) * 15
print(grad, grad.clamp(10), grad.clamp(0, 10), sep="\n")
assert grad.clamp(10).min() >= 10
assert grad.clamp(0, 10).max() <= 10 and grad.clamp(max=10).max() <= 10
assert torch.equal(grad.clamp(0, 10), torch.minimum(grad, torch.tensor(10.0)))

# %%
# Summary
# -------
#
# - ``+ - * /`` and ``add``, ``sub``, ``mul``, ``div`` are element-wise and broadcast.
# - ``@`` and ``matmul`` multiply the last two dimensions and broadcast the rest;
#   ``mm`` is for 2-D matrices only.
# - ``trunc`` rounds toward zero, ``floor`` down; ``clamp(min)`` is a lower bound.
#
# .. seealso::
#
#    - `torch.add <https://docs.pytorch.org/docs/stable/generated/torch.add.html>`__,
#      `torch.div <https://docs.pytorch.org/docs/stable/generated/torch.div.html>`__
#    - `torch.mm <https://docs.pytorch.org/docs/stable/generated/torch.mm.html>`__,
#      `torch.matmul <https://docs.pytorch.org/docs/stable/generated/torch.matmul.html>`__
#    - `torch.pow <https://docs.pytorch.org/docs/stable/generated/torch.pow.html>`__,
#      `torch.sqrt <https://docs.pytorch.org/docs/stable/generated/torch.sqrt.html>`__,
#      `torch.rsqrt <https://docs.pytorch.org/docs/stable/generated/torch.rsqrt.html>`__,
#      `torch.exp <https://docs.pytorch.org/docs/stable/generated/torch.exp.html>`__,
#      `torch.log <https://docs.pytorch.org/docs/stable/generated/torch.log.html>`__
#    - `torch.floor <https://docs.pytorch.org/docs/stable/generated/torch.floor.html>`__,
#      `torch.ceil <https://docs.pytorch.org/docs/stable/generated/torch.ceil.html>`__,
#      `torch.trunc <https://docs.pytorch.org/docs/stable/generated/torch.trunc.html>`__,
#      `torch.frac <https://docs.pytorch.org/docs/stable/generated/torch.frac.html>`__,
#      `torch.round <https://docs.pytorch.org/docs/stable/generated/torch.round.html>`__,
#      `torch.clamp <https://docs.pytorch.org/docs/stable/generated/torch.clamp.html>`__
