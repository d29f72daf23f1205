"""
.. _gradients_himmelblau:

Minimising the Himmelblau function with Adam
============================================

This page draws the Himmelblau function, a standard test function with four minima, as
a 3-D surface and as a contour plot, then lets the Adam optimiser descend from four
starting points at once and checks that every run ends in one of the four known minima.
Afterwards you will be able to use a ``torch.optim`` optimizer on any function of a
tensor and know how Adam's step differs from plain gradient descent.
You should know what a gradient is (:ref:`gradients_derivatives`) and have seen gradient
descent written by hand (:ref:`chapter_regression`). To keep the page fast, the runs take
1,500 Adam steps with learning rate 0.02.

Time budget: under 15 seconds on a 2-core CPU.
"""

# %%
# The function
# ------------
#
# The Himmelblau function
#
# .. math::
#
#    f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2
#
# is a sum of two squares, so it is never negative, and it is exactly 0 where both
# brackets vanish, :math:`x^2 + y = 11` and :math:`x + y^2 = 7`. That happens at four
# points, the four minima, one in each quadrant: :math:`(3, 2)` exactly and, to six
# decimals, :math:`(-2.805118, 3.131312)`, :math:`(-3.779310, -3.283186)` and
# :math:`(3.584428, -1.848126)`. The function below takes the coordinates in the last
# dimension, so it works on a NumPy grid for plotting and on a ``[K, 2]`` tensor of points
# alike.

import matplotlib.pyplot as plt
import numpy as np
import torch

from tutorial_utils import seed_everything

seed_everything(0)


def himmelblau(p):
    x, y = p[..., 0], p[..., 1]
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


minima = torch.tensor(
    [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]
)
print("f at the known minima:", himmelblau(minima))
assert (himmelblau(minima) < 1e-6).all()

# %%
# The surface
# -----------
#
# A 3-D plot needs axes with a 3-D projection: ``fig.add_subplot(projection="3d")``. The
# older ``fig.gca(projection='3d')`` no longer works: keyword arguments to ``gca`` were
# deprecated in Matplotlib 3.4 and removed in 3.6, so the call raises the error printed
# further below.
#
# .. in-the-notes::
#
#    The notes create the 3-D axes with ``fig.gca(projection='3d')``, which fails today.

grid = np.arange(-6, 6, 0.1)
X, Y = np.meshgrid(grid, grid)
Z = himmelblau(np.stack([X, Y], axis=-1))
print("grid:", X.shape, " f from", Z.min().round(3), "to", Z.max().round(1))
assert Z.shape == (120, 120) and Z.min() >= 0

fig = plt.figure(figsize=(6, 5))
message = ""
try:
    fig.gca(projection="3d")
except TypeError as err:
    message = str(err)
print("TypeError:", message)
assert "projection" in message
ax = fig.add_subplot(projection="3d")
ax.plot_surface(X, Y, Z, cmap="viridis", linewidth=0)
ax.view_init(60, -30)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_zlabel("f")
ax.set_title("Himmelblau function")
fig.tight_layout()

# %%
# What Adam does differently
# --------------------------
#
# Plain gradient descent (``torch.optim.SGD``) steps by the learning rate :math:`\eta`
# (``lr``) times the gradient :math:`g`: :math:`\theta_t = \theta_{t-1} - \eta\, g_t`.
# Adam keeps, for every single number it optimises, a running average of the gradient
# (:math:`m`, a momentum) and of the squared gradient (:math:`v`), with decay rates
# :math:`\beta_1` and :math:`\beta_2`, corrects both for their start at 0 and divides one by
# the square root of the other, with a tiny :math:`\epsilon` against division by 0:
#
# .. math::
#
#    \begin{aligned}
#    m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
#    v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
#    \hat{m}_t &= \frac{m_t}{1 - \beta_1^t}, \quad \hat{v}_t = \frac{v_t}{1 - \beta_2^t} \\
#    \theta_t &= \theta_{t-1} - \eta\, \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}
#    \end{aligned}
#
# The division makes each coordinate's step roughly :math:`\eta` in size whatever the scale
# of the gradient. On the very first step :math:`\hat{m}_1 = g_1` and :math:`\hat{v}_1 = g_1^2`,
# so :math:`\frac{\hat{m}_1}{\sqrt{\hat{v}_1}} = \frac{g_1}{\lvert g_1 \rvert}`: Adam moves
# each coordinate by :math:`\eta` (up to :math:`\epsilon`), while SGD moves by
# :math:`\eta\, g_1`.
#
# .. in-the-notes::
#
#    The notes describe ``torch.optim.Adam`` with the comment
#    :math:`x_1 = x - 0.001\, \Delta x`; that is plain gradient descent, not Adam.
#
# The gradient of :math:`f` has the components
#
# .. math::
#
#    \begin{aligned}
#    \frac{\partial f}{\partial x} &= 4x (x^2 + y - 11) + 2 (x + y^2 - 7) \\
#    \frac{\partial f}{\partial y} &= 2 (x^2 + y - 11) + 4y (x + y^2 - 7)
#    \end{aligned}
#
# and at :math:`(0, 0)` it is :math:`\nabla f = (-14, -22)`:


def first_step(optimizer_class, lr=0.02):
    p = torch.tensor([0.0, 0.0], requires_grad=True)
    optimizer = optimizer_class([p], lr=lr)
    himmelblau(p).backward()
    grad = p.grad.clone()
    optimizer.step()
    return grad, p.detach()


grad, after_sgd = first_step(torch.optim.SGD)
_, after_adam = first_step(torch.optim.Adam)
print("gradient:", grad, " SGD step:", after_sgd, " Adam step:", after_adam)
torch.testing.assert_close(grad, torch.tensor([-14.0, -22.0]))
torch.testing.assert_close(after_sgd, -0.02 * grad)
torch.testing.assert_close(after_adam, torch.tensor([0.02, 0.02]))

# %%
# Four runs in one tensor
# -----------------------
#
# Instead of one loop per starting point, all four starts go into one ``[4, 2]`` parameter
# and the loss is the *sum* of :math:`f` over the rows. The gradient of that sum with respect
# to row :math:`k` is the gradient of :math:`f` at row :math:`k` alone, and Adam works element by
# element, so the four runs do not influence each other: one optimiser does the work of
# four. The loop records every position for the plot.
#
# .. in-the-notes::
#
#    The notes run 20,000 Adam steps with learning rate 0.001; 1,500 steps with 0.02 reach
#    the minima too, as the checks below show, in a fraction of the time.

starts = torch.tensor([[0.0, 0.0], [-4.0, 0.0], [4.0, 0.0], [-2.0, 2.0]])


def run_adam(starts, steps=1500, lr=0.02):
    points = starts.clone().requires_grad_()
    optimizer = torch.optim.Adam([points], lr=lr)
    path = [points.detach().clone()]
    for step in range(steps):
        optimizer.zero_grad()
        loss = himmelblau(points).sum()
        loss.backward()
        optimizer.step()
        path.append(points.detach().clone())
    return points.detach(), torch.stack(path)


ends, path = run_adam(starts)
print("path:", tuple(path.shape))
for step in [0, 100, 250, 500, 1500]:
    print(f"step {step:4d}: f =", [f"{v:.1e}" for v in himmelblau(path[step]).tolist()])
assert (himmelblau(path[500]) < 1e-3).all()

# %%
# In every run :math:`f` falls from its starting value (step 0 above) to practically 0. By step
# 500 it is below 0.001 in all four runs, so the remaining steps only polish the digits.
#
# The independence claim can be tested directly: running the last start on its own, with
# a fresh optimiser, ends at the same point.

alone, _ = run_adam(starts[3:])
print("alone:", alone, " in the batch:", ends[3:])
torch.testing.assert_close(alone, ends[3:])

# %%
# Where the runs end
# ------------------
#
# Each end point is matched with the nearest known minimum. All four runs land on a
# minimum, each on a different one, with :math:`f` practically 0: which minimum you reach
# depends on where you start.

distances = torch.cdist(ends, minima)
nearest = distances.argmin(dim=1)
for k in range(len(starts)):
    print(
        f"start {starts[k].tolist()} -> ({ends[k, 0].item():.6f}, {ends[k, 1].item():.6f}), "
        f"f = {himmelblau(ends[k]).item():.1e}, minimum #{nearest[k].item()}"
    )
assert (distances.min(dim=1).values < 1e-3).all()
assert (himmelblau(ends) < 1e-6).all()
assert sorted(nearest.tolist()) == [0, 1, 2, 3]

# %%
# The paths on the contour plot
# -----------------------------
#
# :math:`f` ranges from 0 to over 2,000, so the contour levels are spaced logarithmically to
# show the valleys. The stars mark the four minima, the circles the starts.

fig, ax = plt.subplots(figsize=(6, 5.5))
cs = ax.contour(X, Y, Z, levels=np.logspace(-1, 3.3, 18), cmap="viridis", linewidths=0.8)
path_np = path.cpu().numpy()
for k in range(len(starts)):
    ax.plot(path_np[:, k, 0], path_np[:, k, 1], "-", linewidth=1.5, label=f"start {k}")
    ax.plot(path_np[0, k, 0], path_np[0, k, 1], "o", color="black")
minima_np = minima.cpu().numpy()
ax.plot(minima_np[:, 0], minima_np[:, 1], "r*", markersize=12, label="minima")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title("Adam paths on the Himmelblau function")
ax.set_aspect("equal")
ax.legend(loc="upper right", fontsize=8)
fig.tight_layout()

# %%
# Summary
# -------
#
# - Any function of a tensor can be minimised with ``torch.optim``: ``zero_grad``,
#   ``backward``, ``step`` in a loop.
# - Adam scales each coordinate's step by a running estimate of the gradient's size, so
#   its steps are about :math:`\eta` (``lr``) long; SGD's step is :math:`\eta` times the
#   gradient.
# - Independent problems can share one parameter tensor and one optimiser when the loss
#   is a sum and the optimiser works element by element, as Adam and SGD do.
# - The Himmelblau function has four minima; the four starting points reached all four.
#
# .. seealso::
#
#    - `torch.optim.Adam <https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html>`__
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
#    - `torch.cdist <https://docs.pytorch.org/docs/stable/generated/torch.cdist.html>`__
#    - `Matplotlib 3-D surface plots <https://matplotlib.org/stable/gallery/mplot3d/surface3d.html>`__
#    - `Himmelblau's function <https://en.wikipedia.org/wiki/Himmelblau%27s_function>`__
