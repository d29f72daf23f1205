r"""
.. _gradients_backprop:

The chain rule and backpropagation
==================================

This page checks the chain rule numerically on a function of two linear steps, then
computes by hand, layer by layer, every gradient of a small two-layer network (3 inputs,
4 hidden units, 2 outputs) and compares each one with autograd; nothing is trained.
Afterwards you will know what ``loss.backward()`` actually computes and be able to write
the backward pass of a layer yourself.
You should have worked through :ref:`gradients_perceptron`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# The chain rule on two steps
# ---------------------------
#
# If :math:`y_2` depends on :math:`y_1` and :math:`y_1` depends on :math:`w_1`, the
# derivative of the whole is the product of the local derivatives:
#
# .. math::
#
#    \frac{\partial y_2}{\partial w_1}
#    = \frac{\partial y_2}{\partial y_1} \cdot \frac{\partial y_1}{\partial w_1}
#
# Take :math:`y_1 = x w_1 + b_1` and :math:`y_2 = y_1 w_2 + b_2` with :math:`x = 1`,
# :math:`w_1 = w_2 = 2` and :math:`b_1 = b_2 = 1`, so
# :math:`\frac{\partial y_2}{\partial y_1} = w_2 = 2` and
# :math:`\frac{\partial y_1}{\partial w_1} = x = 1`, and their product is
# :math:`\frac{\partial y_2}{\partial w_1} = 2`. Autograd can differentiate with respect to the
# intermediate :math:`y_1` too. The graph is used three times, so every call but the last keeps
# it with ``retain_graph=True``.
#
# .. in-the-notes::
#
#    The notes call a bare ``autograd.grad`` without ``from torch import autograd``.

import torch
import torch.nn.functional as F

from tutorial_utils import seed_everything

seed_everything(0)

x = torch.tensor(1.0)
w1 = torch.tensor(2.0, requires_grad=True)
b1 = torch.tensor(1.0)
w2 = torch.tensor(2.0, requires_grad=True)
b2 = torch.tensor(1.0)
y1 = x * w1 + b1
y2 = y1 * w2 + b2
(dy2_dy1,) = torch.autograd.grad(y2, [y1], retain_graph=True)
(dy1_dw1,) = torch.autograd.grad(y1, [w1], retain_graph=True)
(dy2_dw1,) = torch.autograd.grad(y2, [w1])
print(f"dy2/dy1 · dy1/dw1 = {dy2_dy1.item()} · {dy1_dw1.item()}, dy2/dw1 = {dy2_dw1.item()}")
torch.testing.assert_close(dy2_dy1 * dy1_dw1, dy2_dw1)
assert dy2_dy1.item() == 2.0 and dy1_dw1.item() == 1.0 and dy2_dw1.item() == 2.0

# %%
# A small network
# ---------------
#
# Backpropagation is the chain rule applied to a whole network, organised so that nothing
# is computed twice. The network here has :math:`D = 3` inputs, :math:`H = 4` hidden units
# and :math:`K = 2` outputs in two sigmoid layers, and the loss :math:`E` is the mean squared
# error between the output :math:`o` and a target :math:`t`:
#
# .. math::
#
#    \begin{aligned}
#    z_1 &= x W_1^\top + b_1, & h &= \sigma(z_1) \\
#    z_2 &= h W_2^\top + b_2, & o &= \sigma(z_2) \\
#    E &= \frac{1}{NK} \sum_{n=1}^{N} \sum_{k=1}^{K} (o_{nk} - t_{nk})^2
#    \end{aligned}
#
# A batch of :math:`N = 5` samples keeps the shapes visible: :math:`x`, :math:`h`, :math:`o`
# and :math:`t` hold one sample per row (``[N, D]``, ``[N, H]``, ``[N, K]``, ``[N, K]``),
# :math:`W_1` is ``[H, D]`` and :math:`W_2` is ``[K, H]``; :math:`\sigma` acts on every
# element and each bias is added to every row. ``float64`` makes the comparison with
# autograd tight.

N, D, H, K = 5, 3, 4, 2
x = torch.randn(N, D, dtype=torch.float64)
t = torch.rand(N, K, dtype=torch.float64)
W1 = torch.randn(H, D, dtype=torch.float64, requires_grad=True)
b1 = torch.zeros(H, dtype=torch.float64, requires_grad=True)
W2 = torch.randn(K, H, dtype=torch.float64, requires_grad=True)
b2 = torch.zeros(K, dtype=torch.float64, requires_grad=True)

h = torch.sigmoid(x @ W1.T + b1)
o = torch.sigmoid(h @ W2.T + b2)
loss = F.mse_loss(o, t)
loss.backward()
print("h:", tuple(h.shape), " o:", tuple(o.shape), " loss:", loss.item())

# %%
# Autograd recorded this computation as a graph, and ``loss.backward()`` walked it from the
# loss back to the four parameters. ``draw_grad_graph`` draws the real record of ``loss``,
# with the page's names for the leaves. Read from the bottom up, it is the chain the next
# two sections compute by hand: ``MseLossBackward0`` gives
# :math:`\frac{\partial E}{\partial o}`, ``SigmoidBackward0`` turns it into :math:`\delta_2`,
# ``AddBackward0`` hands :math:`\delta_2` to :math:`b_2` and to the matrix product, and
# ``MmBackward0`` splits it between :math:`h` and :math:`W_2` (``PermuteBackward0`` is the
# transpose ``.T``); the same steps repeat down to :math:`W_1` and :math:`b_1`. The input
# :math:`x` and the target :math:`t` are not in the graph: they do not require gradients.

from tutorial_utils.diagrams.graphs import draw_grad_graph, grad_graph

names = {W1: "W1", b1: "b1", W2: "W2", b2: "b2"}
nodes, _ = grad_graph(loss, names)
labels = [node.label for node in nodes]
print(labels)
assert sorted(node.label for node in nodes if node.kind == "leaf") == ["W1", "W2", "b1", "b2"]
assert labels[-1] == "MseLossBackward0" and "PermuteBackward0" in labels
fig = draw_grad_graph(loss, names)

# %%
# Backward through the output layer
# ---------------------------------
#
# Work from the loss backwards. Each :math:`o_{nk}` appears in one term of :math:`E`, so
# :math:`\frac{\partial E}{\partial o}` is a matrix of the shape of :math:`o`. The sigmoid
# acts element by element and its derivative is
# :math:`\sigma^{\prime}(z) = \sigma(z) (1 - \sigma(z))`, so passing back through it
# multiplies by :math:`o \odot (1 - o)`; the result is the *delta* of the output layer,
# :math:`\delta_2 = \frac{\partial E}{\partial z_2}`. The weight :math:`(W_2)_{kj}` enters
# sample :math:`n` only through :math:`(z_2)_{nk}`, with the factor :math:`h_{nj}`, so its
# gradient is :math:`\sum_{n} (\delta_2)_{nk} h_{nj}`, the matrix product
# :math:`\delta_2^\top h` (as on the previous page). The bias is added to every sample, so
# its gradient is :math:`\delta_2` summed over the batch:
#
# .. math::
#
#    \begin{aligned}
#    \frac{\partial E}{\partial o} &= \frac{2}{NK} (o - t) \\
#    \delta_2 = \frac{\partial E}{\partial z_2} &= \frac{\partial E}{\partial o} \odot o \odot (1 - o) \\
#    \frac{\partial E}{\partial W_2} &= \delta_2^\top h \\
#    \frac{\partial E}{\partial (b_2)_k} &= \sum_{n=1}^{N} (\delta_2)_{nk}
#    \end{aligned}
#
# :math:`\odot` is the element-wise product, ``*`` in PyTorch.

with torch.no_grad():
    dE_do = 2 * (o - t) / (N * K)
    delta2 = dE_do * o * (1 - o)
    dW2 = delta2.T @ h
    db2 = delta2.sum(dim=0)
torch.testing.assert_close(dW2, W2.grad)
torch.testing.assert_close(db2, b2.grad)
print("dE/dW2 by hand:\n", dW2)

# %%
# Backward through the hidden layer
# ---------------------------------
#
# The error reaches the hidden units through :math:`W_2`: :math:`h_{nj}` feeds every output
# :math:`(z_2)_{nk}` with weight :math:`(W_2)_{kj}`, so
# :math:`\frac{\partial E}{\partial h_{nj}} = \sum_{k} (\delta_2)_{nk} (W_2)_{kj}`, one value
# per hidden unit and sample, summing the contributions of every output it feeds. Through
# the hidden sigmoid comes :math:`\delta_1`, and the first layer's gradients follow the same
# pattern as the second's:
#
# .. math::
#
#    \begin{aligned}
#    \frac{\partial E}{\partial h} &= \delta_2 W_2 \\
#    \delta_1 = \frac{\partial E}{\partial z_1} &= (\delta_2 W_2) \odot h \odot (1 - h) \\
#    \frac{\partial E}{\partial W_1} &= \delta_1^\top x \\
#    \frac{\partial E}{\partial (b_1)_j} &= \sum_{n=1}^{N} (\delta_1)_{nj}
#    \end{aligned}
#
# The step :math:`\delta_1 = (\delta_2 W_2) \odot h \odot (1 - h)` is the heart of
# backpropagation: each layer's delta is computed from the next layer's.

with torch.no_grad():
    dE_dh = delta2 @ W2
    delta1 = dE_dh * h * (1 - h)
    dW1 = delta1.T @ x
    db1 = delta1.sum(dim=0)
torch.testing.assert_close(dW1, W1.grad)
torch.testing.assert_close(db1, b1.grad)
print("dE/dW1 by hand:\n", dW1)

# %%
# All four hand-made gradients match autograd to ``float64`` precision. The largest
# difference, printed below, is at rounding level.

diffs = [(dW1 - W1.grad), (db1 - b1.grad), (dW2 - W2.grad), (db2 - b2.grad)]
largest = max(d.abs().max().item() for d in diffs)
print(f"largest difference: {largest:.1e}")
assert largest < 1e-12

# %%
# Summary
# -------
#
# - The chain rule multiplies local derivatives:
#   :math:`\frac{\partial y_2}{\partial w_1} = \frac{\partial y_2}{\partial y_1} \cdot \frac{\partial y_1}{\partial w_1}`.
# - Backpropagation computes each layer's delta from the next layer's,
#   :math:`\delta_1 = (\delta_2 W_2) \odot h \odot (1 - h)`, and from a delta the layer's
#   gradients: :math:`\delta^\top` times the layer's input for the weight (``delta.T @ x``),
#   :math:`\delta` summed over the batch for the bias (``delta.sum(dim=0)``).
# - This is what ``loss.backward()`` does for every operation in the graph; the hand
#   computation matched it for every weight and bias.
#
# .. seealso::
#
#    - `torch.autograd.grad <https://docs.pytorch.org/docs/stable/generated/torch.autograd.grad.html>`__
#    - `torch.Tensor.backward <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.backward.html>`__
#    - `torch.no_grad <https://docs.pytorch.org/docs/stable/generated/torch.no_grad.html>`__
#    - `torch.nn.functional.mse_loss <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.mse_loss.html>`__
#    - `Autograd mechanics <https://docs.pytorch.org/docs/stable/notes/autograd.html>`__
