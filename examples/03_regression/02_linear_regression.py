"""
.. _regression_linear:

Linear regression from scratch
==============================

This page fits a straight line ``y = w·x + b`` to noisy data with gradient descent, using
a gradient derived by hand, and checks the result against the exact least-squares answer.
Afterwards you will be able to write a complete training loop without any help from
PyTorch's optimisers. You should have read :ref:`regression_gradient_descent`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# The data
# --------
#
# Draw 100 points :math:`x` uniformly from :math:`[0, 4)` and make :math:`y = 2x - 1` plus
# Gaussian noise with standard deviation 0.5. The model will see only :math:`x` and
# :math:`y`; the *true* :math:`w = 2` and :math:`b = -1` are what it should recover.

import torch

from tutorial_utils import seed_everything

seed_everything(0)

n = 100
true_w, true_b = 2.0, -1.0
x = 4 * torch.rand(n)
y = true_w * x + true_b + 0.5 * torch.randn(n)
print(x.shape, y.shape, x[:3], y[:3])
assert x.shape == y.shape == (n,)

# %%
# The loss and its gradient
# -------------------------
#
# For a guess :math:`(w, b)` the prediction for point :math:`i` is
# :math:`\hat{y}_i = w x_i + b` and the error is :math:`e_i = \hat{y}_i - y_i`. The *mean
# squared error* (MSE) averages the squared errors over the :math:`N` points:
#
# .. math::
#
#    L(w, b) = \frac{1}{N} \sum_{i=1}^{N} (w x_i + b - y_i)^{2}
#
# Differentiate one term with the chain rule: the derivative of :math:`e^{2}` is :math:`2e`
# times the derivative of :math:`e`, which is :math:`x_i` with respect to :math:`w` and 1 with
# respect to :math:`b`. Averaging over the points gives
#
# .. math::
#
#    \begin{aligned}
#    \frac{\partial L}{\partial w} &= \frac{2}{N} \sum_{i=1}^{N} (w x_i + b - y_i) \, x_i \\
#    \frac{\partial L}{\partial b} &= \frac{2}{N} \sum_{i=1}^{N} (w x_i + b - y_i)
#    \end{aligned}
#
# Both are one line of tensor code each.


def mse(w, b):
    return ((w * x + b - y) ** 2).mean()


def gradients(w, b):
    error = w * x + b - y
    return 2 * (error * x).mean(), 2 * error.mean()


w, b = torch.tensor(0.0), torch.tensor(0.0)
print("loss at w = b = 0:", mse(w, b).item())
print("dL/dw, dL/db:", [g.item() for g in gradients(w, b)])

# %%
# A hand-derived formula is easy to get wrong, so compare it once with PyTorch's automatic
# differentiation (``requires_grad`` and ``backward``, which the next chapter explains in
# depth). The two must agree.

w_auto = torch.tensor(0.5, requires_grad=True)
b_auto = torch.tensor(0.5, requires_grad=True)
mse(w_auto, b_auto).backward()
hand = gradients(w_auto.detach(), b_auto.detach())
print("hand:", [g.item() for g in hand], "autograd:", [w_auto.grad.item(), b_auto.grad.item()])
torch.testing.assert_close(torch.stack(hand), torch.stack([w_auto.grad, b_auto.grad]))

# %%
# The training loop
# -----------------
#
# Start from :math:`w = b = 0` and apply the update rule of the previous page to both
# parameters at once, recording the loss at every step. A learning rate of 0.05 with 1,000
# steps is plenty for 100 points.

lr, steps = 0.05, 1000
w, b = torch.tensor(0.0), torch.tensor(0.0)
losses = []
for step in range(steps):
    losses.append(mse(w, b).item())
    grad_w, grad_b = gradients(w, b)
    w = w - lr * grad_w
    b = b - lr * grad_b
print(f"w = {w.item():.4f}, b = {b.item():.4f}, final loss = {mse(w, b).item():.4f}")
assert mse(w, b).item() < losses[0] / 10

# %%
# The loss falls steeply at first and then levels off. It cannot reach 0: no straight line
# passes through noisy points. Its floor is roughly the noise variance :math:`0.5^{2} = 0.25`;
# the final loss of the run is printed above. The loss never goes up from one step to the
# next.

from tutorial_utils import plot_curve

fig = plot_curve(losses, xlabel="step", ylabel="MSE", title="training loss")
fig.axes[0].set_yscale("log")
assert all(later <= earlier + 1e-6 for earlier, later in zip(losses, losses[1:]))
assert 0.1 < losses[-1] < 0.4

# %%
# The exact answer
# ----------------
#
# Linear least squares also has a closed-form solution. Stack :math:`x` and a column of ones
# into a matrix :math:`X` of shape ``[N, 2]``; then :math:`(w, b)` is the solution of the
# *normal equations*
#
# .. math::
#
#    X^\top X \begin{pmatrix} w \\ b \end{pmatrix} = X^\top y.
#
# `torch.linalg.lstsq <https://docs.pytorch.org/docs/stable/generated/torch.linalg.lstsq.html>`__
# computes it in a numerically stabler way than forming :math:`X^\top X`.

X = torch.stack([x, torch.ones_like(x)], dim=1)
exact = torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
normal = torch.linalg.solve(X.T @ X, X.T @ y)
print("gradient descent:", [w.item(), b.item()])
print("lstsq:           ", exact.tolist())
print("normal equations:", normal.tolist())
torch.testing.assert_close(normal, exact, atol=1e-4, rtol=0)
torch.testing.assert_close(torch.stack([w, b]), exact, atol=1e-4, rtol=0)

# %%
# Gradient descent agrees with the exact answer to within :math:`10^{-4}` in both parameters.
# Both are close to, but not equal to, the true :math:`w = 2` and :math:`b = -1`: with 100 noisy
# points the best line for *this* sample differs a little from the line that generated it.

print(f"distance to the true line: |Δw| = {abs(w.item() - true_w):.3f}, |Δb| = {abs(b.item() - true_b):.3f}")
assert abs(w.item() - true_w) < 0.2 and abs(b.item() - true_b) < 0.4
assert mse(w, b).item() < mse(torch.tensor(true_w), torch.tensor(true_b)).item()

# %%
# The last check says that the fitted line has a *smaller* loss on this data than the
# true line: least squares fits the sample, noise included.
#
# The data with both lines
# ------------------------
#
# The fitted line and the least-squares line coincide; the true line is dashed.

import matplotlib.pyplot as plt

xs = torch.tensor([0.0, 4.0])
fig, ax = plt.subplots(figsize=(6, 4))
ax.scatter(x.cpu().numpy(), y.cpu().numpy(), s=12, alpha=0.6, label="data")
ax.plot(xs.cpu().numpy(), (w * xs + b).cpu().numpy(), color="C3", linewidth=3, label="gradient descent")
ax.plot(xs.cpu().numpy(), (exact[0] * xs + exact[1]).cpu().numpy(), color="k", linewidth=1, label="lstsq")
ax.plot(xs.cpu().numpy(), (true_w * xs + true_b).cpu().numpy(), "k--", linewidth=1, label="true: y = 2x − 1")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title("linear regression")
ax.legend()
fig.tight_layout()

# %%
# Why this learning rate?
# -----------------------
#
# The MSE is a quadratic in :math:`(w, b)`, so the rule of the previous page applies with
# the curvature :math:`f''` replaced by the largest eigenvalue :math:`\lambda_{\max}` of the
# second-derivative matrix (the *Hessian*) :math:`H = \frac{2}{N} X^\top X`: gradient descent
# converges for :math:`\eta < \frac{2}{\lambda_{\max}}`, with :math:`\eta` the learning rate
# (``lr``).

hessian = 2 * X.T @ X / n
eigenvalues = torch.linalg.eigvalsh(hessian)
print("eigenvalues of H:", eigenvalues.tolist(), " 2 / λ_max =", 2 / eigenvalues.max().item())
assert lr < 2 / eigenvalues.max().item()

# %%
# The chosen :math:`\eta = 0.05` is safely below the bound printed above. The *smallest*
# eigenvalue :math:`\lambda_{\min}` sets the slowest direction: the distance to the answer
# along it shrinks only by the factor :math:`1 - \eta \lambda_{\min}` per step, so shrinking
# it ten thousand times takes
#
# .. math::
#
#    \frac{\log 10^{-4}}{\log (1 - \eta \lambda_{\min})}
#
# steps, a few hundred rather than a few.

import math

factor = 1 - lr * eigenvalues.min().item()
needed = math.ceil(math.log(1e-4) / math.log(factor))
print(f"slowest factor per step: {factor:.4f}, steps to shrink 10,000 times: {needed}")
assert 100 < needed < steps

# %%
#
# Summary
# -------
#
# - Linear regression minimises the MSE :math:`\frac{1}{N} \sum_{i} (w x_i + b - y_i)^{2}`.
# - Its gradient is :math:`\frac{2}{N} \sum_{i} e_i x_i` for :math:`w` and
#   :math:`\frac{2}{N} \sum_{i} e_i` for :math:`b`, with :math:`e_i = w x_i + b - y_i`;
#   autograd gives the same numbers.
# - A hand-written loop of gradient steps reaches the closed-form least-squares solution.
#
# .. seealso::
#
#    - `torch.linalg.lstsq <https://docs.pytorch.org/docs/stable/generated/torch.linalg.lstsq.html>`__
#    - `torch.linalg.solve <https://docs.pytorch.org/docs/stable/generated/torch.linalg.solve.html>`__
#    - `torch.linalg.eigvalsh <https://docs.pytorch.org/docs/stable/generated/torch.linalg.eigvalsh.html>`__
#    - `torch.Tensor.backward <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.backward.html>`__
#    - `torch.testing.assert_close <https://docs.pytorch.org/docs/stable/testing.html>`__
