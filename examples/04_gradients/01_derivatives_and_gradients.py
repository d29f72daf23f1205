"""
.. _gradients_derivatives:

Derivatives, partial derivatives and gradients
==============================================

This page goes from the derivative of a function of one variable to the gradient of a
function of two variables, checks autograd's gradient against the formula and against a
finite-difference estimate, and draws the gradient as arrows on a contour plot.
Afterwards you will know why training steps *against* the gradient and how to check any
gradient numerically.
You should have seen a first autograd derivative (:ref:`install_first_autograd`) and
gradient descent with a hand-derived derivative (:ref:`chapter_regression`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# The derivative: a rate of change
# --------------------------------
#
# The derivative :math:`f'(x)` says how fast :math:`f` changes when :math:`x` moves a
# little: :math:`f(x + h) \approx f(x) + f'(x) \, h` for small :math:`h`. For
# :math:`f(x) = x^{3}` the rule gives :math:`f'(x) = 3x^{2}`, so :math:`f'(2) = 12`. The
# *central difference*
#
# .. math::
#
#    f'(x) \approx \frac{f(x + h) - f(x - h)}{2h}
#
# estimates the same number without any calculus; it is computed in ``float64`` because
# subtracting two nearly equal numbers loses digits.

import torch

from tutorial_utils import seed_everything

seed_everything(0)

x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
y = x**3
y.backward()
h = 1e-5
with torch.no_grad():
    finite_diff = ((x + h) ** 3 - (x - h) ** 3) / (2 * h)
print(f"autograd: {x.grad.item()}, formula: {3 * 2.0**2}, finite diff: {finite_diff.item():.8f}")
assert x.grad.item() == 12.0
assert abs(finite_diff.item() - 12.0) < 1e-6

# %%
# Partial derivatives and the gradient
# ------------------------------------
#
# A function of two variables, here :math:`f(x, y) = x^{2} + xy + 2y^{2}`, has one *partial
# derivative* per variable: differentiate with respect to one variable while treating the
# other as a constant.
#
# .. math::
#
#    \frac{\partial f}{\partial x} = 2x + y, \qquad \frac{\partial f}{\partial y} = x + 4y
#
# The *gradient*
# :math:`\nabla f = \left(\frac{\partial f}{\partial x}, \frac{\partial f}{\partial y}\right)`
# collects them in a vector with one entry per input. Autograd computes it for a tensor
# ``p`` holding :math:`(x, y)` in one ``backward`` call.


def f(p):
    x, y = p[..., 0], p[..., 1]
    return x**2 + x * y + 2 * y**2


def grad_formula(p):
    x, y = p[..., 0], p[..., 1]
    return torch.stack([2 * x + y, x + 4 * y], dim=-1)


p = torch.tensor([2.0, -1.0], requires_grad=True)
f(p).backward()
print("autograd:", p.grad, " formula:", grad_formula(p.detach()))
torch.testing.assert_close(p.grad, grad_formula(p.detach()))

# %%
# A finite-difference check works for every input separately: nudge one coordinate by
# :math:`\pm h`, keep the others fixed, and take the central difference. This is how one tests a
# hand-written gradient (and how ``torch.autograd.gradcheck`` tests autograd itself).

p64 = p.detach().double()
numeric = torch.zeros(2, dtype=torch.float64)
for i in range(2):
    step = torch.zeros(2, dtype=torch.float64)
    step[i] = h
    numeric[i] = (f(p64 + step) - f(p64 - step)) / (2 * h)
print("finite differences:", numeric)
torch.testing.assert_close(numeric, grad_formula(p64), atol=1e-6, rtol=0)

# %%
# The gradient points uphill
# --------------------------
#
# Among all directions of the same length, the gradient is the one in which :math:`f`
# increases fastest, and :math:`-\nabla f` the one in which it decreases fastest. A small
# step along :math:`\nabla f` therefore raises :math:`f` and a small step against it lowers
# :math:`f`.

with torch.no_grad():
    g = p.grad
    lr = 0.05
    up, down = f(p + lr * g), f(p - lr * g)
    print(f"f(p - lr*g) = {down:.4f} < f(p) = {f(p):.4f} < f(p + lr*g) = {up:.4f}")
    assert up > f(p) > down

# %%
# The "fastest" part can be checked too. The rate of change of :math:`f` along a unit
# vector :math:`u` is the dot product :math:`\nabla f \cdot u`, at most
# :math:`\lVert \nabla f \rVert_2`. Trying 360 directions around the circle, the best one is
# the gradient's own direction, and the rate there is the gradient's length.

angles = torch.linspace(0, 2 * torch.pi, 361)[:-1]
units = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
rates = units @ p.grad
best = units[rates.argmax()]
length = torch.linalg.vector_norm(p.grad)
print("best direction:", best, " gradient direction:", p.grad / length)
print(f"best rate {rates.max().item():.4f}, |∇f| = {length.item():.4f}")
torch.testing.assert_close(best, p.grad / length, atol=0.01, rtol=0)
assert rates.max() <= length + 1e-6

# %%
# Repeating the downhill step is gradient descent, the rule from
# :ref:`chapter_regression`, now with one learning rate :math:`\eta` for a whole vector:
#
# .. math::
#
#    p_{k+1} = p_k - \eta \, \nabla f(p_k).
#
# The minimum of this :math:`f` is 0, at the origin; the loop uses :math:`\eta = 0.2`.

q = torch.tensor([1.0, -2.0], requires_grad=True)
for step in range(50):
    loss = f(q)
    (g,) = torch.autograd.grad(loss, [q])
    with torch.no_grad():
        q -= 0.2 * g
print(f"after 50 steps: q = {q.tolist()}, f(q) = {f(q).item():.2e}")
assert f(q).item() < 1e-6

# %%
# The gradient as a field of arrows
# ---------------------------------
#
# Each point of the plane has its own gradient. With a grid of points in one
# ``[..., 2]`` tensor, ``f(points).sum().backward()`` gives them all at once: each term of
# the sum depends on its own point only. The arrows are drawn with ``quiver``: they cross
# the contour lines at right angles and point away from the minimum, uphill.

import matplotlib.pyplot as plt

xs = torch.linspace(-3, 3, 13)
gx, gy = torch.meshgrid(xs, xs, indexing="xy")
points = torch.stack([gx, gy], dim=-1).requires_grad_()
f(points).sum().backward()
torch.testing.assert_close(points.grad, grad_formula(points.detach()))

fine = torch.linspace(-3, 3, 121)
fx, fy = torch.meshgrid(fine, fine, indexing="xy")
fz = f(torch.stack([fx, fy], dim=-1))
fig, ax = plt.subplots(figsize=(5.5, 5))
cs = ax.contour(fx.cpu().numpy(), fy.cpu().numpy(), fz.cpu().numpy(), levels=12, cmap="viridis")
ax.clabel(cs, fontsize=7)
grads = points.grad.cpu().numpy()
ax.quiver(gx.cpu().numpy(), gy.cpu().numpy(), grads[..., 0], grads[..., 1], color="tab:red")
ax.plot(0, 0, "k*", markersize=10)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title("f(x, y) = x² + xy + 2y²  and  ∇f")
ax.set_aspect("equal")
fig.tight_layout()

# %%
# Summary
# -------
#
# - A partial derivative holds the other variables fixed; the gradient stacks the partial
#   derivatives into a vector with the shape of the input.
# - The gradient points in the direction of steepest ascent, so gradient descent steps
#   against it: :math:`p_{k+1} = p_k - \eta \, \nabla f(p_k)`.
# - Autograd's gradient matched the formula and a central-difference estimate; a
#   finite-difference check is the standard test for any hand-derived gradient.
#
# .. seealso::
#
#    - `torch.Tensor.backward <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.backward.html>`__
#    - `torch.autograd.grad <https://docs.pytorch.org/docs/stable/generated/torch.autograd.grad.html>`__
#    - `torch.autograd.gradcheck <https://docs.pytorch.org/docs/stable/generated/torch.autograd.gradcheck.gradcheck.html>`__
#    - `torch.no_grad <https://docs.pytorch.org/docs/stable/generated/torch.no_grad.html>`__
#    - `torch.meshgrid <https://docs.pytorch.org/docs/stable/generated/torch.meshgrid.html>`__
#    - `torch.testing.assert_close <https://docs.pytorch.org/docs/stable/testing.html>`__
#    - `matplotlib.axes.Axes.quiver <https://matplotlib.org/stable/api/_as_gen/matplotlib.axes.Axes.quiver.html>`__
