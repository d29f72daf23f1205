"""
.. _exercises_gradients:

Exercises: gradients by hand, checked by autograd
=================================================

Five exercises on this chapter: two derivatives worked out by hand, a softmax and a
cross-entropy that survive large scores, and the backward pass of a small two-layer network,
each with starter code and a check against what PyTorch computes. You should have read the
chapter, from :ref:`gradients_derivatives` to :ref:`gradients_backprop`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# As in :ref:`exercises_installation`: each check runs your code on a few cases and prints
# ``✓`` and what passed, or ``✗`` and what is wrong, without giving the answer away; it refuses
# the built-in that would do the work (autograd, ``F.softmax``, ``F.cross_entropy``) and prints
# ``calls …`` if your code uses it. Replace each ``...`` in your own copy of the page until the
# checks print ``✓``; the answers are folded under the exercises.

import torch
import torch.nn.functional as F

from tutorial_utils.exercises.ch04 import (check_chain_derivative, check_cross_entropy, check_sigmoid_derivative,
                                           check_softmax, check_two_layer_grads)

# %%
# Exercise 1: the sigmoid's derivative by hand
# --------------------------------------------
#
# Practises the sigmoid and its derivative (:ref:`gradients_activations`). Write
# ``sigmoid_derivative(x)``, the derivative of ``torch.sigmoid`` at every element of ``x``,
# from the formula rather than by autograd. The check compares it with autograd's on
# ``torch.linspace(-6, 6, 13)``, on a ``float64`` tensor of shape ``[2, 3]`` and on
# ``[-20, 0, 20]``, and prints ``calls backward()`` if your function uses autograd.


def sigmoid_derivative(x):
    return ...


check_sigmoid_derivative(sigmoid_derivative)

# %%
# .. answer-begin::
#
# The sigmoid's derivative can be written with its own output,
# :math:`\sigma^{\prime}(x) = \sigma(x) \bigl(1 - \sigma(x)\bigr)`. Computing :math:`\sigma(x)`
# once and reusing it is what autograd does too: it saves the sigmoid's output in the forward
# pass for the backward pass. Element-wise operations keep the shape and the dtype of ``x``, so
# the ``float64`` case stays ``float64``.

def sigmoid_derivative(x):
    s = torch.sigmoid(x)
    return s * (1 - s)


assert check_sigmoid_derivative(sigmoid_derivative)

# %%
# .. answer-end::

# %%
# Exercise 2: the chain rule through two activations
# --------------------------------------------------
#
# Practises the chain rule (:ref:`gradients_backprop`) with the derivatives of
# :ref:`gradients_activations`. Write ``chain_derivative(x)``, the derivative of
# :math:`f(x) = \sigma(3 \tanh x)` at every element of ``x``, by hand. The check compares it
# with autograd's on ``torch.linspace(-3, 3, 13)`` and on a ``float64`` tensor of shape
# ``[3, 4]``, and refuses autograd. A factor missing from the chain shows as ``values: … differ``.


def chain_derivative(x):
    return ...


check_chain_derivative(chain_derivative)

# %%
# .. answer-begin::
#
# Write :math:`f` as three steps, :math:`t = \tanh x`, :math:`u = 3t` and
# :math:`f = \sigma(u)`, and multiply their local derivatives:
#
# .. math::
#
#    \frac{\mathrm{d} f}{\mathrm{d} x} = \frac{\mathrm{d} f}{\mathrm{d} u} \cdot \frac{\mathrm{d} u}{\mathrm{d} t} \cdot \frac{\mathrm{d} t}{\mathrm{d} x} = \sigma^{\prime}(u) \cdot 3 \cdot (1 - t^2)
#
# with :math:`\sigma^{\prime}(u) = \sigma(u) \bigl(1 - \sigma(u)\bigr)` from exercise 1 and
# :math:`\tanh^{\prime}(x) = 1 - \tanh^2 x` from :ref:`gradients_activations`. Forgetting the
# innermost factor :math:`1 - t^2` is the typical slip; the values then agree only at
# :math:`x = 0`, where that factor is 1.

def chain_derivative(x):
    t = torch.tanh(x)
    s = torch.sigmoid(3 * t)
    return s * (1 - s) * 3 * (1 - t**2)


assert check_chain_derivative(chain_derivative)

# %%
# .. answer-end::

# %%
# Exercise 3: a softmax that does not overflow
# --------------------------------------------
#
# Practises the softmax and its stable computation (:ref:`gradients_softmax`). Write
# ``softmax(a)``, the softmax of ``a`` over its last dimension, without ``F.softmax``,
# ``torch.softmax`` or ``Tensor.softmax``. The check tries a vector, a ``[4, 5]`` batch (each
# row must sum to 1), the scores ``[1000, 999, 998.1]``, where ``exp`` overflows, and two rows
# far apart, one near 1000 and one near −1000.


def softmax(a):
    return ...


check_softmax(softmax)

# %%
# .. answer-begin::
#
# Subtracting a constant from every score of a row does not change its softmax, so subtracting
# the row's largest score :math:`m = \max_{j} a_j` is free:
#
# .. math::
#
#    \operatorname{softmax}(a)_i = \frac{e^{a_i}}{\sum_{j} e^{a_j}} = \frac{e^{a_i - m}}{\sum_{j} e^{a_j - m}}
#
# Afterwards every exponent is at most 0: ``exp`` cannot overflow, and the largest term is
# exactly 1, so the sum cannot be 0. The maximum and the sum are taken over the last dimension
# with ``keepdim=True``, so they broadcast back against their own row. One maximum for the
# whole tensor is not enough: the row near −1000 would be shifted to about −2000, every ``exp``
# in it would round to 0 and the row would become ``0 / 0 = nan``, as the first lines show.

rows = torch.tensor([[1000.0, 999.0], [-1000.0, -1001.0]])
e = torch.exp(rows - rows.max())
print("shift by rows.max():", e / e.sum(dim=-1, keepdim=True))
assert torch.isnan(e / e.sum(dim=-1, keepdim=True))[1].all()


def softmax(a):
    e = torch.exp(a - a.max(dim=-1, keepdim=True).values)
    return e / e.sum(dim=-1, keepdim=True)


print("softmax(rows):", softmax(rows))
assert check_softmax(softmax)

# %%
# .. answer-end::

# %%
# Exercise 4: cross-entropy from logits
# -------------------------------------
#
# Practises cross-entropy and its gradient (:ref:`gradients_losses`). Write
# ``cross_entropy(logits, labels)``: for logits of shape ``[N, C]`` and ``N`` class indices, the
# mean over the rows of :math:`-\log p_y`, where :math:`p` is the row's softmax and :math:`y` the
# row's label, as a 0-dim tensor that autograd can differentiate, without ``F.cross_entropy``,
# ``F.log_softmax`` or ``F.nll_loss``. The check tries a ``[4, 3]`` batch and logits that give a
# true class a probability of about :math:`e^{-200}`, and compares the gradient ``backward()``
# finds for the logits :math:`z` with
# :math:`\frac{1}{N} \bigl(\operatorname{softmax}(z) - \operatorname{onehot}(y)\bigr)`.


def cross_entropy(logits, labels):
    return ...


check_cross_entropy(cross_entropy)

# %%
# .. answer-begin::
#
# The log of a softmax simplifies, :math:`\log p_i = z_i - \log \sum_{j} e^{z_j}`, and
# ``torch.logsumexp`` computes the second term with the shift of exercise 3, so nothing overflows
# or rounds to 0 before the log. The first lines below show why: :math:`e^{-200}` is below the
# smallest ``float32`` number, so ``torch.softmax`` gives exactly 0 for that class and
# :math:`-\log` of it is ``inf``, while the true loss is about 200. Indexing with
# ``[torch.arange(N), labels]`` picks each row's true class; as the loss is built from tensor
# operations only, ``backward()`` reaches the logits.

big, label = torch.tensor([[0.0, 200.0, 0.0]]), torch.tensor([0])
print("-log(softmax):", -torch.log(torch.softmax(big, dim=1))[0, 0].item())
assert torch.isinf(torch.log(torch.softmax(big, dim=1))[0, 0])


def cross_entropy(logits, labels):
    log_p = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -log_p[torch.arange(len(labels)), labels].mean()


print("logsumexp:", cross_entropy(big, label).item())
assert abs(cross_entropy(big, label).item() - 200) < 1e-3
assert check_cross_entropy(cross_entropy)

# %%
# .. answer-end::

# %%
# Exercise 5: backpropagation through a two-layer network
# -------------------------------------------------------
#
# Practises the backward pass of :ref:`gradients_backprop`, for a ReLU hidden layer and a
# cross-entropy loss: :math:`h = \operatorname{ReLU}(x W_1^\top + b_1)`, :math:`z = h W_2^\top + b_2`
# and the loss ``F.cross_entropy(z, y)``, where ``x`` is ``[N, D]``, ``y`` holds ``N`` class
# indices, ``W1`` is ``[H, D]``, ``b1`` is ``[H]``, ``W2`` is ``[K, H]`` and ``b2`` is ``[K]``.
# Write ``two_layer_grads(x, y, W1, b1, W2, b2)``, returning the loss's gradients
# ``(dW1, db1, dW2, db2)`` by hand. The gradient with respect to ``z`` is the one exercise 4
# checked; ReLU's derivative is 1 where its input is positive, else 0. The check compares with
# autograd on two ``float64`` networks (``N=6, D=3, H=5, K=4`` and ``N=2, D=4, H=3, K=2``).


def two_layer_grads(x, y, W1, b1, W2, b2):
    return ...


check_two_layer_grads(two_layer_grads)

# %%
# .. answer-begin::
#
# The forward pass is repeated first, keeping the pre-activation :math:`a_1 = x W_1^\top + b_1`.
# The output layer's delta :math:`\delta_2` is the gradient of the loss :math:`L` with respect
# to :math:`z` that exercise 4 checked; as in :ref:`gradients_backprop` it gives the second
# layer's gradients. The error reaches the hidden units as :math:`\delta_2 W_2` and passes the
# ReLU only where :math:`a_1 > 0`: multiplying by that mask, :math:`[a_1 > 0]` (1 where true, 0
# elsewhere), is the ReLU's derivative, and leaving it out is the typical mistake (the check
# then reports ``dW1`` wrong). :math:`\delta_1` gives the first layer's gradients likewise:
#
# .. math::
#
#    \begin{aligned}
#    \delta_2 &= \frac{1}{N} \bigl(\operatorname{softmax}(z) - \operatorname{onehot}(y)\bigr) \\
#    \frac{\partial L}{\partial W_2} &= \delta_2^\top h, \quad \frac{\partial L}{\partial (b_2)_k} = \sum_{n=1}^{N} (\delta_2)_{nk} \\
#    \delta_1 &= (\delta_2 W_2) \odot [a_1 > 0] \\
#    \frac{\partial L}{\partial W_1} &= \delta_1^\top x, \quad \frac{\partial L}{\partial (b_1)_j} = \sum_{n=1}^{N} (\delta_1)_{nj}
#    \end{aligned}

def two_layer_grads(x, y, W1, b1, W2, b2):
    a1 = x @ W1.T + b1
    h = torch.relu(a1)
    z = h @ W2.T + b2
    delta2 = (torch.softmax(z, dim=1) - F.one_hot(y, z.shape[1])) / len(y)
    delta1 = (delta2 @ W2) * (a1 > 0)
    return delta1.T @ x, delta1.sum(dim=0), delta2.T @ h, delta2.sum(dim=0)


assert check_two_layer_grads(two_layer_grads)

# %%
# .. answer-end::
