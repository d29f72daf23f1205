"""
.. _regression_gradient_descent:

Gradient descent
================

This page minimises a function of one variable by repeatedly stepping downhill, draws the
steps on the curve, and shows what the learning rate does: too small is slow, a good value
converges, too large oscillates and diverges. Afterwards you will be able to write the
update rule yourself and to predict, for a quadratic, which learning rates converge.
You should know basic tensor arithmetic (see :ref:`chapter_tensors`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# The function and its derivative
# -------------------------------
#
# Take :math:`f(x) = (x - 3)^{2} + 1`. Its smallest value is 1, reached at the *minimiser*
# :math:`x^{*} = 3`. Its derivative, worked out by hand, is :math:`f'(x) = 2(x - 3)`:
# negative left of 3, positive right of it, zero at the minimum. The sign of the derivative therefore
# says which way is uphill.

import torch

from tutorial_utils import seed_everything

seed_everything(0)


def f(x):
    return (x - 3) ** 2 + 1


def df(x):
    return 2 * (x - 3)


xs = torch.tensor([0.0, 3.0, 5.0])
print(f(xs), df(xs))
assert f(xs).tolist() == [10.0, 1.0, 5.0] and df(xs).tolist() == [-6.0, 0.0, 4.0]

# %%
# The update rule
# ---------------
#
# Gradient descent starts from a guess :math:`x_0` and moves a small step *against* the
# derivative:
#
# .. math::
#
#    x_{k+1} = x_k - \eta \, f'(x_k)
#
# The *learning rate* :math:`\eta` (``lr`` in the code) scales the step. Near the minimum
# :math:`f'(x)` is small, so the steps shrink by themselves. The function below returns every
# iterate :math:`x_0, x_1, \ldots, x_{\text{steps}}` so that we can draw them.


def gradient_descent(x0, lr, steps):
    x = torch.tensor(x0)
    path = [x]
    for _ in range(steps):
        x = x - lr * df(x)
        path.append(x)
    return torch.stack(path)


path = gradient_descent(0.0, lr=0.3, steps=20)
print(path[:5])
print(f"x after 20 steps: {path[-1].item():.6f}")
torch.testing.assert_close(path[-1], torch.tensor(3.0), atol=1e-4, rtol=0)

# %%
# Starting from :math:`x_0 = 0` with :math:`\eta = 0.3`, the iterates approach 3, and after
# 20 steps the distance to the minimiser is below :math:`10^{-4}`.
#
# One step in a picture
# ---------------------
#
# The figure draws the first step of this run. At :math:`x_0 = 0` the tangent to the curve
# has slope :math:`f'(x_0) = -6`: the curve falls to the right. The step
# :math:`-\eta \, f'(x_0) = -0.3 \cdot (-6) = 1.8` points the other way from the slope's
# sign, to the right and downhill, and lands on :math:`x_1 = 1.8`, where :math:`f` is lower.

from tutorial_utils.diagrams.descent import draw_descent_step

fig = draw_descent_step(f, df, path, lr=0.3)
print(df(path[0]), path[1] - path[0], f(path[:2]))
assert df(path[0]).item() == -6.0 and f(path[1]) < f(path[0])
torch.testing.assert_close(path[1], torch.tensor(1.8))

# %%
# Three learning rates
# --------------------
#
# Run the same 20 steps from the same start with a learning rate that is too small, one
# that is about right, and one that is too large.

steps = 20
rates = {"too small": 0.02, "about right": 0.3, "too large": 1.05}
paths = {name: gradient_descent(0.0, lr, steps) for name, lr in rates.items()}
for name, p in paths.items():
    print(f"{name:12s} lr={rates[name]:<5} x_20 = {p[-1].item():10.4f}")

# %%
# The figure draws each run on the curve: the numbers label the step.

import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
for ax, (name, p) in zip(axes, paths.items()):
    p = p.cpu()
    lo, hi = min(p.min().item(), 0.0) - 1, max(p.max().item(), 6.0) + 1
    grid = torch.linspace(lo, hi, 200, device="cpu")
    ax.plot(grid.numpy(), f(grid).numpy(), color="0.6")
    ax.plot(p.numpy(), f(p).numpy(), "o-", color="C3", markersize=4, linewidth=1)
    for k in (0, 1, 2, steps):
        ax.annotate(str(k), (p[k].item(), f(p[k]).item()), textcoords="offset points", xytext=(4, 4))
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(f"{name}: lr = {rates[name]}")
fig.tight_layout()

# %%
# - With :math:`\eta = 0.02` every step is tiny: after 20 steps the run is still far from 3.
# - With :math:`\eta = 0.3` it slides into the minimum within a few steps.
# - With :math:`\eta = 1.05` each step overshoots to the other side of the valley, farther
#   out than before: the iterates jump from side to side and :math:`|x|` grows without bound.
#
# The checks below confirm these three statements for the run above.

x_small, x_right, x_large = (paths[name] for name in rates)
assert abs(x_small[-1].item() - 3) > 1.0  # still far away after 20 steps
assert abs(x_right[-1].item() - 3) < 1e-4  # converged
distance = (x_large - 3).abs()
assert bool((distance[1:] > distance[:-1]).all())  # every step lands farther out
assert bool((x_large[1:] - 3).sign().ne((x_large[:-1] - 3).sign()).all())  # side to side
assert abs(x_large[-1].item()) > abs(x_large[0].item()) + 10  # |x| grows

# %%
# The exact condition for a quadratic
# -----------------------------------
#
# For this :math:`f` one step can be written in closed form. Subtracting 3 from both sides
# of :math:`x_{k+1} = x_k - 2\eta (x_k - 3)` gives
#
# .. math::
#
#    x_{k+1} - 3 = (1 - 2\eta)(x_k - 3),
#    \qquad \text{so} \qquad
#    x_k - 3 = (1 - 2\eta)^{k} (x_0 - 3).
#
# The offset from the minimiser, :math:`x - 3`, is multiplied by the same factor
# :math:`1 - 2\eta` at every step. The iterates converge exactly when
# :math:`|1 - 2\eta| < 1`, that is :math:`0 < \eta < 1`. The number 2 here is the second
# derivative :math:`f''`, so for any quadratic gradient descent converges exactly when
#
# .. math::
#
#    0 < \eta < \frac{2}{f''}.
#
# A negative factor (:math:`\eta > \frac{1}{f''}`) means the iterates jump from side to side,
# as in the third panel; at :math:`\eta = \frac{2}{f''} = 1` they bounce between two points
# forever. First check the closed form against the runs:

for name, lr in rates.items():
    k = torch.arange(steps + 1)
    predicted = 3 + (1 - 2 * lr) ** k * (0.0 - 3)
    torch.testing.assert_close(paths[name], predicted.to(paths[name].dtype), rtol=1e-4, atol=1e-4)
print("closed form matches all three runs")

# %%
# Then scan learning rates on both sides of :math:`\frac{2}{f''} = 1`, starting again from
# :math:`x_0 = 0` (distance 3): after 100 steps the distance has shrunk for every
# :math:`\eta` below 1, is still exactly 3 for :math:`\eta = 1`, and has grown for every
# :math:`\eta` above 1.

f2 = 2.0  # f''(x), the same everywhere for a quadratic
for lr in [0.05, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 1.5]:
    final = (gradient_descent(0.0, lr, 100)[-1] - 3).abs().item()
    print(f"lr = {lr:<5} |x_100 − 3| = {final:.3g}")
    if lr < 2 / f2:
        assert final < 3
    elif lr == 2 / f2:
        assert final == 3
    else:
        assert final > 3

# %%
# On a log scale the distance to the minimiser is a straight line whose slope is
# :math:`\log |1 - 2\eta|`: falling for :math:`\eta < 1`, rising for :math:`\eta > 1`.

fig, ax = plt.subplots(figsize=(6, 3.8))
for name, p in paths.items():
    ax.semilogy((p - 3).abs().cpu().numpy(), "o-", markersize=3, label=f"lr = {rates[name]}")
ax.set_xlabel("step k")
ax.set_ylabel("|x_k − 3|")
ax.set_title("distance to the minimiser")
ax.legend()
fig.tight_layout()

# %%
# Real loss functions are not quadratics, but near a minimum they look like one, with the
# curvature :math:`f''` replaced by the largest curvature in any direction. That is why a
# learning rate that is a little too large makes training blow up, and why a safe value
# depends on the problem.
#
# Summary
# -------
#
# - Gradient descent repeats :math:`x_{k+1} = x_k - \eta \, f'(x_k)`.
# - Too small a learning rate is slow; too large a one overshoots and can diverge.
# - For a quadratic, the offset from the minimiser is multiplied by :math:`1 - \eta f''` at
#   each step, so it converges exactly when :math:`0 < \eta < \frac{2}{f''}`.
#
# .. seealso::
#
#    - `torch.stack <https://docs.pytorch.org/docs/stable/generated/torch.stack.html>`__
#    - `torch.linspace <https://docs.pytorch.org/docs/stable/generated/torch.linspace.html>`__
#    - `torch.testing.assert_close <https://docs.pytorch.org/docs/stable/testing.html>`__
