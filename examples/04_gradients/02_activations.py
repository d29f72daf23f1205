"""
.. _gradients_activations:

Activation functions: sigmoid, tanh and ReLU
============================================

This page plots the three classic activation functions and their derivatives, checks
autograd's derivatives against the textbook formulas (including the value PyTorch uses
for ReLU at 0), and measures how small the sigmoid's derivative becomes for large inputs.
Afterwards you will know what each function squashes its input into and why saturation
slows training down.
You should know how to read a gradient from autograd (:ref:`gradients_derivatives`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Why a non-linear function?
# --------------------------
#
# A layer computes ``x @ W.T + b``; two such layers in a row are still one linear map, so
# stacking them adds nothing. An *activation function* applied element by element between
# the layers breaks the linearity. PyTorch has them as ``torch.sigmoid``, ``torch.tanh``
# and ``torch.relu``; the notes' ``torch.sigmod`` is a typo. ``F.sigmoid`` and ``F.tanh``
# in ``torch.nn.functional`` are documented functions too, not deprecated ones: they give
# the same values and warn about nothing, as the cell below checks with every warning
# turned into an error. All three are then evaluated on one grid, with gradients, and a
# helper returns the element-wise derivative, as in :ref:`install_first_autograd`.

import warnings

import matplotlib.pyplot as plt
import torch

from tutorial_utils import seed_everything

seed_everything(0)

x = torch.linspace(-7, 7, 281)
with warnings.catch_warnings():
    warnings.simplefilter("error")
    torch.testing.assert_close(torch.nn.functional.sigmoid(x), torch.sigmoid(x))
    torch.testing.assert_close(torch.nn.functional.tanh(x), torch.tanh(x))


def value_and_derivative(fn, x):
    x = x.detach().clone().requires_grad_()
    y = fn(x)
    y.sum().backward()
    return y.detach(), x.grad


def plot_with_derivative(x, y, dy, name):
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(x.cpu().numpy(), y.cpu().numpy(), label=name)
    ax.plot(x.cpu().numpy(), dy.cpu().numpy(), "--", label=f"{name}'")
    ax.axhline(0, color="gray", linewidth=0.5)
    ax.set_xlabel("x")
    ax.set_title(f"{name}(x) and its derivative")
    ax.legend()
    fig.tight_layout()


# %%
# Sigmoid
# -------
#
# ``σ(x) = 1 / (1 + e^(−x))`` maps every real number into the *open* interval (0, 1), so
# its output can be read as a probability. Its derivative has a neat form in terms of the
# output itself: ``σ'(x) = σ(x) (1 − σ(x))``, largest at ``x = 0`` where it is 0.25.

s, ds = value_and_derivative(torch.sigmoid, x)
torch.testing.assert_close(ds, s * (1 - s))
print(f"min {s.min().item():.6f}, max {s.max().item():.6f}, largest derivative {ds.max().item()}")
assert 0 < s.min() and s.max() < 1
assert abs(ds.max().item() - 0.25) < 1e-6
plot_with_derivative(x, s, ds, "sigmoid")

# %%
# Mathematically 0 and 1 are never reached (the notes' "[0, 1]" should read (0, 1)). In
# ``float32``, though, ``σ(x)`` rounds to exactly 1.0 once ``x`` is above about 17,
# because ``1 + e^(−x)`` is then equal to 1 in single precision; at the other end
# ``σ(−100)`` prints as 0 (the exact value is about 4·10^(−44)). The notes' example shows
# both on the grid from −100 to 100.

a = torch.linspace(-100, 100, 10)
print(torch.sigmoid(a))
assert torch.sigmoid(a)[0].item() < 1e-30
assert torch.sigmoid(torch.tensor(20.0)).item() == 1.0
assert torch.sigmoid(torch.tensor(20.0, dtype=torch.float64)).item() < 1.0

# %%
# Saturation
# ----------
#
# Far from 0 the curve is flat, the sigmoid *saturates*, and its derivative is tiny:
# below 0.01 once ``|x| > 5``. A gradient passing backwards through a saturated sigmoid
# is multiplied by that tiny number, so the weights before it barely learn. Even at best
# the factor is 0.25: ten sigmoid layers in a row shrink a gradient at least
# ``4**10 ≈ 10⁶`` times. This *vanishing gradient* is why deep networks use ReLU.

for value in [0.0, 2.0, 5.0, 10.0]:
    _, d = value_and_derivative(torch.sigmoid, torch.tensor([value]))
    print(f"sigmoid'({value:4}) = {d.item():.2e}")
saturated = ds[x.abs() > 5]
print("largest sigmoid' for |x| > 5:", saturated.max().item())
assert saturated.max().item() < 0.01

# %%
# The bound for ten layers is easy to check: differentiate ten sigmoids applied one after
# the other, starting at the best possible point ``x = 0``.

z = torch.tensor(0.0, requires_grad=True)
out = z
for _ in range(10):
    out = torch.sigmoid(out)
out.backward()
print(f"derivative through 10 sigmoids: {z.grad.item():.2e}  (0.25**10 = {0.25**10:.2e})")
assert z.grad.item() <= 0.25**10

# %%
# Tanh
# ----
#
# ``tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))`` has the same S shape but maps into the open
# interval (−1, 1) and is centred on 0; in fact ``tanh(x) = 2σ(2x) − 1``. It is common in
# recurrent networks. Its derivative is ``1 − tanh²(x)``, largest (1) at 0, and it
# saturates like the sigmoid.

t, dt = value_and_derivative(torch.tanh, x)
torch.testing.assert_close(dt, 1 - t**2)
torch.testing.assert_close(t, 2 * torch.sigmoid(2 * x) - 1)
print(f"min {t.min().item():.8f}, max {t.max().item():.8f}, largest derivative {dt.max().item()}")
assert -1 < t.min() and t.max() < 1 and abs(dt.max().item() - 1.0) < 1e-6
plot_with_derivative(x, t, dt, "tanh")

# %%
# ReLU
# ----
#
# ``relu(x) = max(0, x)`` keeps positive inputs and sets negative ones to 0. Its derivative
# is 1 for ``x > 0`` and 0 for ``x < 0``: a gradient passes through unchanged or is
# stopped, never shrunk, which is why deep networks train well with it. It is also cheap to
# compute. ``torch.relu`` and ``F.relu`` are the same function.

import torch.nn.functional as F

r, dr = value_and_derivative(torch.relu, x)
torch.testing.assert_close(r, F.relu(x))
assert torch.equal(dr[x > 0], torch.ones_like(dr[x > 0]))
assert torch.equal(dr[x < 0], torch.zeros_like(dr[x < 0]))
plot_with_derivative(x, r, dr, "relu")

# %%
# At exactly 0 the derivative is not defined (the left slope is 0, the right slope 1).
# PyTorch has to return *some* number, and it returns 0.

_, d0 = value_and_derivative(torch.relu, torch.tensor([0.0]))
print("relu'(0) according to autograd:", d0.item())
assert d0.item() == 0.0

# %%
# Summary
# -------
#
# - ``torch.sigmoid`` maps into (0, 1) with ``σ' = σ(1 − σ) ≤ 0.25``; ``torch.tanh`` maps
#   into (−1, 1) with ``tanh' = 1 − tanh² ≤ 1``; both saturate, and the sigmoid's
#   derivative is below 0.01 for ``|x| > 5``.
# - ``torch.relu`` has derivative 1 for positive and 0 for negative inputs; PyTorch uses 0
#   at ``x = 0``.
# - In ``float32`` the sigmoid rounds to exactly 1.0 for inputs above about 17, although
#   mathematically it never reaches 1.
#
# .. seealso::
#
#    - `torch.sigmoid <https://docs.pytorch.org/docs/stable/generated/torch.sigmoid.html>`__
#    - `torch.tanh <https://docs.pytorch.org/docs/stable/generated/torch.tanh.html>`__
#    - `torch.relu <https://docs.pytorch.org/docs/stable/generated/torch.relu.html>`__
#    - `torch.nn.functional.relu <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.relu.html>`__
#    - `torch.linspace <https://docs.pytorch.org/docs/stable/generated/torch.linspace.html>`__
#    - `torch.Tensor.backward <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.backward.html>`__
