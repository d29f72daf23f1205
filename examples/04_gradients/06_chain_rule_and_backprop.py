"""
.. _gradients_backprop:

The chain rule and backpropagation
==================================

This page checks the chain rule numerically on the notes' two-step function, then
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
# If ``y2`` depends on ``y1`` and ``y1`` depends on ``w1``, then
# ``dy2/dw1 = dy2/dy1 · dy1/dw1``. The notes' example has ``y1 = x·w1 + b1`` and
# ``y2 = y1·w2 + b2``, so ``dy2/dy1 = w2 = 2`` and ``dy1/dw1 = x = 1``. Autograd can
# differentiate with respect to the intermediate ``y1`` too. The graph is used three
# times, so every call but the last keeps it with ``retain_graph=True``. (The notes call
# ``autograd.grad`` without importing it; it is ``torch.autograd.grad``.)

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
# is computed twice. The network here has two sigmoid layers,
# ``h = σ(x @ W1.T + b1)`` and ``o = σ(h @ W2.T + b2)``, and the loss is the MSE between
# ``o`` and a target ``t``. A batch of ``N = 5`` samples keeps the shapes visible.
# ``float64`` makes the comparison with autograd tight.

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
# Backward through the output layer
# ---------------------------------
#
# Work from the loss backwards. ``E = (1/(N K)) Σ (o − t)²`` gives
# ``∂E/∂o = 2 (o − t) / (N K)``. Through the sigmoid, with ``z2 = h @ W2.T + b2``, the
# *delta* of the output layer is ``δ2 = ∂E/∂z2 = ∂E/∂o · o (1 − o)``. As on the previous
# page, the weight gradient is ``δ2ᵀ @ h``; the bias is added to every sample, so its
# gradient is ``δ2`` summed over the batch.

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
# The error reaches the hidden units through ``W2``: ``∂E/∂h = δ2 @ W2``, one value per
# hidden unit and sample, summing the contributions of every output it feeds. Through the
# hidden sigmoid, ``δ1 = ∂E/∂h · h (1 − h)``, and the first layer's gradients follow the
# same pattern as the second's: ``δ1ᵀ @ x`` and ``δ1`` summed over the batch. The step
# ``δ1 = (δ2 @ W2) · h (1 − h)`` is the heart of backpropagation: each layer's delta is
# computed from the next layer's.

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
# - The chain rule multiplies local derivatives: ``dy2/dw1 = dy2/dy1 · dy1/dw1``.
# - Backpropagation computes each layer's delta from the next layer's,
#   ``δ1 = (δ2 @ W2) · h (1 − h)``, and from a delta the layer's gradients
#   ``δᵀ @ input`` (weight) and ``δ.sum(0)`` (bias).
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
