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
# A layer computes :math:`xW^\top + b` (``x @ W.T + b`` in code); two such layers in a row
# are still one linear map, :math:`(xW_1^\top + b_1)W_2^\top + b_2 = x(W_2W_1)^\top + b'`,
# so stacking them adds nothing. An *activation function* applied element by element between
# the layers breaks the linearity. PyTorch has them as ``torch.sigmoid``, ``torch.tanh``
# and ``torch.relu``. ``F.sigmoid`` and ``F.tanh`` in ``torch.nn.functional`` are documented
# functions too, not deprecated ones: they give the same values and warn about nothing, as
# the cell below checks with every warning turned into an error. All three are then
# evaluated on one grid, with gradients, and a helper returns the element-wise derivative,
# as in :ref:`install_first_autograd`.
#
# .. in-the-notes::
#
#    The notes write ``torch.sigmod``, a typo for ``torch.sigmoid``.

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
# The sigmoid
#
# .. math::
#
#    \sigma(x) = \frac{1}{1 + e^{-x}}
#
# maps every real number into the *open* interval :math:`(0, 1)`, so its output can be read
# as a probability. Its derivative has a neat form in terms of the output itself:
#
# .. math::
#
#    \sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr),
#
# largest at :math:`x = 0`, where it is :math:`\frac{1}{4}`.

s, ds = value_and_derivative(torch.sigmoid, x)
torch.testing.assert_close(ds, s * (1 - s))
print(f"min {s.min().item():.6f}, max {s.max().item():.6f}, largest derivative {ds.max().item()}")
assert 0 < s.min() and s.max() < 1
assert abs(ds.max().item() - 0.25) < 1e-6
plot_with_derivative(x, s, ds, "sigmoid")

# %%
# Mathematically 0 and 1 are never reached. In ``float32``, though, both are.
# :math:`\sigma(x)` rounds to exactly 1.0 once :math:`x` is above about 16.6, because
# :math:`1 + e^{-x}` is then equal to 1 in single precision. At the other end :math:`\sigma(-100)` is exactly 0.0, although its true value is
# about :math:`3.7 \cdot 10^{-44}`: for :math:`x` below about :math:`-88.72`,
# :math:`e^{-x}` is larger than the largest ``float32`` number (about
# :math:`3.4 \cdot 10^{38}`), becomes ``inf``, and :math:`\frac{1}{1 + \infty} = 0`. The
# cell shows both ends on a grid from −100 to 100 and finds the smallest grid input whose
# sigmoid is still above 0; in ``float64`` the same inputs stay above 0.
#
# .. in-the-notes::
#
#    The notes give the sigmoid's range as :math:`[0, 1]`; mathematically it is the open
#    interval :math:`(0, 1)`, and only rounding in ``float32`` reaches the ends.

a = torch.linspace(-100, 100, 10)
print(torch.sigmoid(a))
assert torch.sigmoid(torch.tensor(-100.0)).item() == 0.0
assert torch.sigmoid(torch.tensor(-100.0, dtype=torch.float64)).item() > 0.0
assert torch.sigmoid(torch.tensor(20.0)).item() == 1.0
assert torch.sigmoid(torch.tensor(20.0, dtype=torch.float64)).item() < 1.0
assert torch.sigmoid(torch.tensor(16.5)).item() < 1.0 == torch.sigmoid(torch.tensor(16.7)).item()
grid = torch.linspace(-95, -85, 100_001)
lowest = grid[torch.sigmoid(grid) > 0].min()
print(f"smallest input with sigmoid > 0: {lowest.item():.4f}, exp(-x) there: {torch.exp(-lowest).item():.3e}")
assert -88.8 < lowest.item() < -88.6 and torch.sigmoid(lowest).item() > 0
assert torch.exp(-grid[grid < lowest]).isinf().all()

# %%
# Saturation
# ----------
#
# Far from 0 the curve is flat, the sigmoid *saturates*, and its derivative is tiny:
# below 0.01 once :math:`|x| > 5`. A gradient passing backwards through a saturated sigmoid
# is multiplied by that tiny number, so the weights before it barely learn. Even at best
# the factor is :math:`\sigma' \le \frac{1}{4}`, so ten sigmoids applied one after the
# other, with nothing in between, shrink a gradient at least :math:`4^{10} \approx 10^{6}`
# times. This *vanishing gradient* is why deep networks use ReLU.

for value in [0.0, 2.0, 5.0, 10.0]:
    _, d = value_and_derivative(torch.sigmoid, torch.tensor([value]))
    print(f"sigmoid'({value:4}) = {d.item():.2e}")
saturated = ds[x.abs() > 5]
print("largest sigmoid' for |x| > 5:", saturated.max().item())
assert saturated.max().item() < 0.01

# %%
# The bound for ten sigmoids is easy to check: differentiate
# :math:`\sigma(\sigma(\cdots\sigma(z)))`, starting at the best possible point
# :math:`z = 0`.

z = torch.tensor(0.0, requires_grad=True)
out = z
for _ in range(10):
    out = torch.sigmoid(out)
out.backward()
print(f"derivative through 10 sigmoids: {z.grad.item():.2e}  (0.25**10 = {0.25**10:.2e})")
assert z.grad.item() <= 0.25**10

# %%
# The bound assumes no weights between the sigmoids. In a network each layer computes
# :math:`h_k = \sigma(w h_{k-1} + b)`, and the chain rule multiplies the gradient by
# :math:`w \, \sigma'(w h_{k-1} + b)` per layer, which exceeds 1 when :math:`|w| > 4`. With
# :math:`w = 8`, :math:`b = -4` and :math:`h_0 = \frac{1}{2}`, every layer sees the input 0, so
# each factor is :math:`8 \cdot \frac{1}{4} = 2` and ten layers multiply the gradient by
# :math:`2^{10} = 1024` instead of shrinking it. Large weights do not cure vanishing gradients
# in practice, though: they push the inputs into the flat regions, where :math:`\sigma'` is
# tiny again.

h0 = torch.tensor(0.5, requires_grad=True)
out = h0
for _ in range(10):
    out = torch.sigmoid(8 * out - 4)
out.backward()
print(f"derivative through 10 layers with w = 8, b = -4: {h0.grad.item()}")
torch.testing.assert_close(h0.grad, torch.tensor(2.0**10))
assert h0.grad.item() > 0.25**10

# %%
# Tanh
# ----
#
# .. math::
#
#    \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}
#
# has the same S shape but maps into the open interval :math:`(-1, 1)` and is centred on 0;
# in fact :math:`\tanh(x) = 2\sigma(2x) - 1`. It is common in recurrent networks. Its
# derivative is :math:`\tanh'(x) = 1 - \tanh^{2}(x)`, largest (1) at 0, and it saturates
# like the sigmoid.

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
# :math:`\operatorname{ReLU}(x) = \max(0, x)` keeps positive inputs and sets negative ones
# to 0. Its derivative is 1 for :math:`x > 0` and 0 for :math:`x < 0`: a gradient passes
# through unchanged or is
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
# - ``torch.sigmoid`` maps into :math:`(0, 1)` with
#   :math:`\sigma' = \sigma(1 - \sigma) \le \frac{1}{4}`; ``torch.tanh`` maps into
#   :math:`(-1, 1)` with :math:`\tanh' = 1 - \tanh^{2} \le 1`; both saturate, and the
#   sigmoid's derivative is below 0.01 for :math:`|x| > 5`.
# - Ten sigmoids in a row shrink a gradient at least :math:`4^{10}` times only when no
#   weights sit between them; weights multiply each factor by :math:`w`.
# - ``torch.relu`` has derivative 1 for positive and 0 for negative inputs; PyTorch uses 0
#   at :math:`x = 0`.
# - In ``float32`` the sigmoid is exactly 1.0 for inputs above about 16.6 and exactly 0.0
#   below about :math:`-88.72`, although mathematically it reaches neither.
#
# .. seealso::
#
#    - `torch.sigmoid <https://docs.pytorch.org/docs/stable/generated/torch.sigmoid.html>`__
#    - `torch.tanh <https://docs.pytorch.org/docs/stable/generated/torch.tanh.html>`__
#    - `torch.relu <https://docs.pytorch.org/docs/stable/generated/torch.relu.html>`__
#    - `torch.nn.functional.relu <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.relu.html>`__
#    - `torch.linspace <https://docs.pytorch.org/docs/stable/generated/torch.linspace.html>`__
#    - `torch.Tensor.backward <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.backward.html>`__
