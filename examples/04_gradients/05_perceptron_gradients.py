r"""
.. _gradients_perceptron:

Gradients of a perceptron, by hand and by autograd
==================================================

This page derives the gradient of the squared error of a single-layer perceptron with a
sigmoid output, first with one output and then with :math:`K` outputs, writes each formula as
a line of tensor code and checks it against autograd. Afterwards you will be able to turn
a hand derivation into a batched matrix expression and to test it.
You should know the sigmoid's derivative (:ref:`gradients_activations`) and
``F.mse_loss`` (:ref:`gradients_losses`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# One output, one sample
# ----------------------
#
# The perceptron takes an input :math:`x = (x_1, \ldots, x_D)`, forms the weighted sum
# :math:`z = \sum_{j} x_j w_j` and squashes it: :math:`o = \sigma(z)`. With target :math:`t`
# and error :math:`E = \frac{1}{2} (o - t)^2` (the :math:`\frac{1}{2}` cancels the 2 of the
# square), the chain rule gives
#
# .. math::
#
#    \frac{\partial E}{\partial w_j}
#    = (o - t)\, \frac{\partial o}{\partial z} \frac{\partial z}{\partial w_j}
#    = (o - t)\, o (1 - o)\, x_j
#
# using :math:`\sigma^{\prime}(z) = \sigma(z) (1 - \sigma(z))` and
# :math:`\frac{\partial z}{\partial w_j} = x_j`. Here ``x`` is a ``[1, 10]`` row,
# ``w`` a ``[1, 10]`` weight and :math:`o = \sigma(x w^\top)` a ``[1, 1]`` output, with
# target :math:`t = 1`.

import warnings

import torch
import torch.nn.functional as F

from tutorial_utils import seed_everything

seed_everything(0)

x = torch.randn(1, 10)
w = torch.randn(1, 10, requires_grad=True)
o = torch.sigmoid(x @ w.T)
E = 0.5 * ((o - 1) ** 2).sum()
E.backward()
by_hand = (o - 1) * o * (1 - o) * x
print("output:", o.item(), "\nautograd:", w.grad, "\nby hand: ", by_hand.detach())
torch.testing.assert_close(w.grad, by_hand.detach())

# %%
# One output, a batch, ``F.mse_loss``
# -----------------------------------
#
# ``F.mse_loss`` has no :math:`\frac{1}{2}` and averages over the :math:`N` samples, the rows
# :math:`x_n` of the ``[N, D]`` batch ``x``. The gradient is therefore the one above times
# :math:`\frac{2}{N}`, summed over the samples:
#
# .. math::
#
#    \begin{aligned}
#    E &= \frac{1}{N} \sum_{n=1}^{N} (o_n - t_n)^2 \\
#    \frac{\partial E}{\partial w_j} &= \frac{2}{N} \sum_{n=1}^{N} (o_n - t_n)\, o_n (1 - o_n)\, x_{nj}
#    \end{aligned}
#
# With :math:`\delta = (o - t) \odot o \odot (1 - o)`, a ``[N, 1]`` column with entries
# :math:`\delta_n`, the sum over :math:`n` is a matrix product: :math:`\frac{2}{N} \delta^\top x`
# has the ``[1, D]`` shape of :math:`w`.

N, D = 8, 10
x = torch.randn(N, D)
w = torch.randn(1, D, requires_grad=True)
o = torch.sigmoid(x @ w.T)
t = torch.ones_like(o)
E = F.mse_loss(o, t)
E.backward()
delta = (o - t) * o * (1 - o)
by_hand = 2 / N * delta.T @ x
print("autograd:", w.grad, "\nby hand: ", by_hand.detach())
assert by_hand.shape == w.shape
torch.testing.assert_close(w.grad, by_hand.detach())

# %%
# K outputs
# ---------
#
# With :math:`K` output nodes the weight becomes a ``[K, D]`` matrix :math:`W` and the
# outputs are :math:`o = \sigma(x W^\top)`, shape ``[N, K]``. :math:`W_{kj}` connects input
# :math:`j` to output :math:`k` and influences only the outputs :math:`o_{nk}`, so only that
# output's error appears in its gradient. With ``F.mse_loss`` averaging over all
# :math:`NK` entries:
#
# .. math::
#
#    \begin{aligned}
#    E &= \frac{1}{NK} \sum_{n=1}^{N} \sum_{k=1}^{K} (o_{nk} - t_{nk})^2 \\
#    \frac{\partial E}{\partial W_{kj}} &= \frac{2}{NK} \sum_{n=1}^{N} (o_{nk} - t_{nk})\, o_{nk} (1 - o_{nk})\, x_{nj}
#    \end{aligned}
#
# and in matrix form :math:`\frac{\partial E}{\partial W} = \frac{2}{NK} \delta^\top x`,
# with :math:`\delta = (o - t) \odot o \odot (1 - o)` now of shape ``[N, K]``.

K = 2
W = torch.randn(K, D, requires_grad=True)
o = torch.sigmoid(x @ W.T)
t = torch.ones_like(o)
E = F.mse_loss(o, t)
E.backward()
delta = (o - t) * o * (1 - o)
by_hand = 2 / (N * K) * delta.T @ x
print("o:", tuple(o.shape), " W.grad:", tuple(W.grad.shape))
assert o.shape == (N, K) and by_hand.shape == W.shape
torch.testing.assert_close(W.grad, by_hand.detach())

# %%
# The claim that row :math:`k` of the gradient depends only on output :math:`k` can be tested:
# changing the target of output 1 leaves row 0 of the gradient as it was.

W.grad = None
t2 = t.clone()
t2[:, 1] = 0.0
F.mse_loss(torch.sigmoid(x @ W.T), t2).backward()
torch.testing.assert_close(W.grad[0], by_hand[0].detach())
assert not torch.allclose(W.grad[1], by_hand[1].detach())

# %%
# Shapes of the target
# --------------------
#
# A ``[1, 1]`` target against a ``[1, 2]`` output gives the right value, because the target is
# broadcast, but PyTorch warns that the two shapes differ: a mismatch is far more often a bug
# (for example ``[N]`` against ``[N, 1]``, which broadcasts to ``[N, N]``) than intended. Give
# the target the shape of the prediction, as with ``torch.ones_like(o)`` above.
#
# .. in-the-notes::
#
#    The notes write ``F.mse_loss(torch.ones(1, 1), o)`` with ``o`` of shape ``[1, 2]``: the
#    target comes first, and its shape differs from the prediction's.

o = torch.sigmoid(torch.randn(1, 10) @ W.T)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    loss = F.mse_loss(o, torch.ones(1, 1))
print("UserWarning:", caught[0].message)
assert issubclass(caught[0].category, UserWarning)
torch.testing.assert_close(loss, F.mse_loss(o, torch.ones_like(o)))
assert (torch.zeros(N, 1) - torch.zeros(N)).shape == (N, N)

# %%
# Summary
# -------
#
# - For :math:`o = \sigma(\sum_{j} x_j w_j)` and :math:`E = \frac{1}{2} (o - t)^2`:
#   :math:`\frac{\partial E}{\partial w_j} = (o - t)\, o (1 - o)\, x_j`.
# - ``F.mse_loss`` drops the :math:`\frac{1}{2}` and averages, which multiplies the gradient
#   by :math:`\frac{2}{N}` (:math:`\frac{2}{NK}` for :math:`K` outputs); over a batch the
#   formula becomes the matrix product :math:`\delta^\top x`, with the shape of the weight.
# - Each output's weights get a gradient from that output's error only.
# - Keep prediction and target the same shape; ``F.mse_loss`` warns when they differ.
#
# .. seealso::
#
#    - `torch.sigmoid <https://docs.pytorch.org/docs/stable/generated/torch.sigmoid.html>`__
#    - `torch.nn.functional.mse_loss <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.mse_loss.html>`__
#    - `torch.ones_like <https://docs.pytorch.org/docs/stable/generated/torch.ones_like.html>`__
#    - `torch.Tensor.backward <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.backward.html>`__
#    - `torch.testing.assert_close <https://docs.pytorch.org/docs/stable/testing.html>`__
