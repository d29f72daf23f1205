r"""
.. _gradients_softmax:

Softmax and its Jacobian
========================

This page turns a vector of scores into probabilities with softmax, computes the matrix
of all its partial derivatives (the Jacobian) with autograd, first row by row and then in
one call, and checks it against the formula
:math:`\frac{\partial p_i}{\partial a_j} = p_i (\delta_{ij} - p_j)`.
Afterwards you will be able to differentiate a function with a vector output and to read
the structure of the softmax's derivative.
You should know ``torch.autograd.grad`` and ``retain_graph`` (:ref:`gradients_losses`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Softmax
# -------
#
# Softmax turns scores :math:`a_1, \ldots, a_n` into
#
# .. math::
#
#    p_i = \operatorname{softmax}(a)_i = \frac{e^{a_i}}{\sum_{j} e^{a_j}}
#
# Every output is positive and the outputs sum to 1, so they can be read as probabilities.
# Exponentiation makes the largest score take more than its proportional share.
# ``F.softmax`` needs the dimension to normalise over.

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

from tutorial_utils import seed_everything

seed_everything(0)

a = torch.tensor([2.0, 1.0, 0.1])
p = F.softmax(a, dim=0)
print("scores:", a, " probabilities:", p, " sum:", p.sum().item())
torch.testing.assert_close(p, torch.exp(a) / torch.exp(a).sum())
torch.testing.assert_close(p.sum(), torch.tensor(1.0))

# %%
# The scores 2 and 1 differ by a factor 2, the probabilities by a factor
# :math:`e \approx 2.718`: :math:`\frac{p_i}{p_j} = e^{a_i - a_j}` depends only on the
# *difference* of the scores, so adding the same constant to every score changes nothing.

print("p[0] / p[1] =", (p[0] / p[1]).item())
torch.testing.assert_close(p[0] / p[1], torch.exp(torch.tensor(1.0)))

# %%
# ``F.softmax`` uses that: it subtracts the largest score before exponentiating, so large
# scores do not overflow. The scores below are the small example plus 998; ``F.softmax``
# gives back the same three probabilities, while the plain formula computes
# ``inf / inf = nan``.

big = torch.tensor([1000.0, 999.0, 998.1])
naive = torch.exp(big) / torch.exp(big).sum()
print("naive:", naive, " F.softmax:", F.softmax(big, dim=0))
assert torch.isnan(naive).all()
torch.testing.assert_close(F.softmax(big, dim=0), p)

# %%
# The figure compares the scores with the probabilities for the small example.

fig, ax = plt.subplots(figsize=(5, 3.2))
idx = torch.arange(3).cpu().numpy()
ax.bar(idx - 0.2, a.cpu().numpy(), width=0.4, label="a (score)")
ax.bar(idx + 0.2, p.cpu().numpy(), width=0.4, label="p = softmax(a)")
ax.set_xticks(idx)
ax.set_xlabel("i")
ax.set_title("softmax: scores to probabilities")
ax.legend()
fig.tight_layout()

# %%
# The Jacobian, one row at a time
# -------------------------------
#
# Softmax has three inputs and three outputs, so its derivative is a :math:`3 \times 3` matrix
# :math:`J` with :math:`J_{ij} = \frac{\partial p_i}{\partial a_j}`. ``torch.autograd.grad``
# differentiates one number at a time, so it is asked for ``p[0]``, ``p[1]``, ``p[2]`` in turn:
# each call gives one row. All three share one graph, and each call would free it, so
# ``retain_graph=True`` keeps it for the next row (the last call may let it go).

a = torch.rand(3, requires_grad=True)
p = F.softmax(a, dim=0)
rows = []
for i in range(3):
    (row,) = torch.autograd.grad(p[i], [a], retain_graph=i < 2)
    rows.append(row)
J_rows = torch.stack(rows)
print(J_rows)

# %%
# The whole Jacobian at once
# --------------------------
#
# ``torch.autograd.functional.jacobian(fn, input)`` does the same loop for you and returns
# the full matrix.

from torch.autograd.functional import jacobian

J = jacobian(lambda v: F.softmax(v, dim=0), a.detach())
print(J)
torch.testing.assert_close(J, J_rows)

# %%
# The formula
# -----------
#
# Differentiate :math:`p_i` with the quotient rule. The numerator :math:`e^{a_i}` depends on
# :math:`a_j` only when :math:`i = j`, which the Kronecker delta :math:`\delta_{ij}` (1 if
# :math:`i = j`, 0 otherwise) expresses; the denominator depends on every score:
#
# .. math::
#
#    \begin{aligned}
#    \frac{\partial p_i}{\partial a_j}
#    &= \frac{\partial}{\partial a_j} \frac{e^{a_i}}{\sum_{k} e^{a_k}} \\
#    &= \frac{\delta_{ij}\, e^{a_i} \sum_{k} e^{a_k} - e^{a_i} e^{a_j}}{\left(\sum_{k} e^{a_k}\right)^2} \\
#    &= p_i \delta_{ij} - p_i p_j \\
#    &= p_i (\delta_{ij} - p_j)
#    \end{aligned}
#
# On the diagonal that is :math:`p_i (1 - p_i)`, off it :math:`-p_i p_j`. With :math:`p` as
# a column vector the whole matrix is :math:`J = \operatorname{diag}(p) - p p^\top`, which
# the next cell builds with ``torch.diag`` and ``torch.outer``. Raising a score raises its
# own probability and lowers all the others.

p = p.detach()
J_formula = torch.diag(p) - torch.outer(p, p)
torch.testing.assert_close(J, J_formula)
assert (J.diagonal() > 0).all() and (J - torch.diag(J.diagonal()) <= 0).all()

# %%
# Rows and columns sum to zero
# ----------------------------
#
# Each row of :math:`J` sums to 0, :math:`\sum_{j} J_{ij} = 0`: moving every score by the
# same amount does not change :math:`p_i`, and that combined move is the sum of the row.
# Each column sums to 0 as well, :math:`\sum_{i} J_{ij} = 0`: the probabilities always add
# up to 1, so no change of a score can change their total. (The matrix is symmetric,
# :math:`J = J^\top`, so the two facts agree.)

print("row sums:", J.sum(dim=1), " column sums:", J.sum(dim=0))
torch.testing.assert_close(J.sum(dim=1), torch.zeros(3), atol=1e-6, rtol=0)
torch.testing.assert_close(J.sum(dim=0), torch.zeros(3), atol=1e-6, rtol=0)
torch.testing.assert_close(J, J.T)

# %%
# Summary
# -------
#
# - ``F.softmax(a, dim=...)`` returns positive values that sum to 1 and depend only on the
#   differences between scores; it is computed stably for large scores.
# - Its Jacobian is :math:`\frac{\partial p_i}{\partial a_j} = p_i (\delta_{ij} - p_j)`,
#   i.e. :math:`\operatorname{diag}(p) - p p^\top`: symmetric, with rows and columns
#   summing to 0.
# - Autograd gives a Jacobian row by row with ``torch.autograd.grad(p[i], ...,
#   retain_graph=True)``, or in one call with ``torch.autograd.functional.jacobian``.
#
# .. seealso::
#
#    - `torch.nn.functional.softmax <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.softmax.html>`__
#    - `torch.autograd.grad <https://docs.pytorch.org/docs/stable/generated/torch.autograd.grad.html>`__
#    - `torch.autograd.functional.jacobian <https://docs.pytorch.org/docs/stable/generated/torch.autograd.functional.jacobian.html>`__
#    - `torch.diag <https://docs.pytorch.org/docs/stable/generated/torch.diag.html>`__
#    - `torch.outer <https://docs.pytorch.org/docs/stable/generated/torch.outer.html>`__
