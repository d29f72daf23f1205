"""
.. _exercises_regression:

Exercises: gradient descent and regression
==========================================

Four exercises on this chapter: write gradient descent for functions of one or more
variables, find the learning rate at which it diverges, fit a line in closed form, and train
logistic regression on two clouds of points. Each exercise says what it practises and which
page it builds on, gives starter code with ``...`` where your code goes, and ends with a
check. You should have read the chapter's pages, from :ref:`regression_gradient_descent` to
:ref:`regression_logistic`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# Each check runs your code on a few cases and prints one line: ``✓`` and what passed, or
# ``✗`` and what is wrong, without giving the answer away. On this page the checks run on the
# starter code, so they print ``✗`` (``got ...`` means that the ``...`` is still there);
# replace each ``...`` in your own copy of the page until they print ``✓``.
# :ref:`exercises_installation` explains the checks in more detail.

import math

import torch

from tutorial_utils import seed_everything
from tutorial_utils.exercises.ch03 import (check_critical_lr, check_fit_line, check_gradient_descent,
                                           check_train_logistic)

seed_everything(0)

# %%
# Exercise 1: gradient descent for any function
# ---------------------------------------------
#
# Practises the update rule :math:`x_{k+1} = x_k - \eta \, f'(x_k)`
# (:ref:`regression_gradient_descent`), with the learning rate :math:`\eta` passed as ``lr``.
# Write ``gradient_descent(grad, x0, lr, steps)``, which starts at the tensor ``x0``, applies
# the update ``steps`` times and returns the point it reached. ``grad(x)`` returns the
# derivative at ``x``; for a function of several variables ``x0`` is a vector and ``grad``
# returns the vector of partial derivatives, and the same code must work for both. The check
# tries :math:`(x - 3)^{2}` from 0, :math:`\frac{x^{4}}{4} - x` from 2 and
# :math:`(x_1 - 1)^{2} + 10 (x_2 + 2)^{2}` from :math:`(0, 0)`, and compares with the same
# updates done on Python numbers.


def gradient_descent(grad, x0, lr, steps):
    return ...


check_gradient_descent(gradient_descent)

# %%
# .. answer-begin::
#
# ``x - lr * grad(x)`` is element-wise arithmetic, so for a vector every coordinate moves
# against its own partial derivative and the loop needs no change. In the two-variable case
# the two coordinates converge at different speeds: with :math:`\eta = 0.04` the offset of
# :math:`x_2` (curvature 20) shrinks by the factor :math:`1 - 0.04 \cdot 20 = 0.2` per step,
# that of :math:`x_1` (curvature 2) only by 0.92. After 50 steps :math:`x_2` has reached −2
# while :math:`x_1` is still more than 0.01 away from 1. The steep direction also limits the learning rate, which is the
# subject of the next exercise.

def gradient_descent(grad, x0, lr, steps):
    x = x0
    for _ in range(steps):
        x = x - lr * grad(x)
    return x


x = gradient_descent(lambda v: torch.stack([2 * (v[0] - 1), 20 * (v[1] + 2)]), torch.zeros(2), 0.04, 50)
print(x)
assert abs(x[1].item() + 2) < 1e-6 and abs(x[0].item() - 1) > 0.01
assert check_gradient_descent(gradient_descent)

# %%
# .. answer-end::

# %%
# Exercise 2: the learning rate that diverges
# -------------------------------------------
#
# Practises the convergence condition of :ref:`regression_gradient_descent`. Gradient descent
# on :math:`f(x) = a x^{2} + b x + c` (with :math:`a > 0`) converges for small learning rates and
# diverges for large ones. Write ``critical_lr(a, b, c)``, the learning rate where one turns
# into the other; work it out with pen and paper first. The check runs 20,000 steps, starting
# one unit away from the minimum, with your value times 0.999, which must converge, and times
# 1.001, which must diverge, on three quadratics of different curvature.


def critical_lr(a, b, c):
    return ...


check_critical_lr(critical_lr)

# %%
# .. answer-begin::
#
# :math:`f'(x) = 2ax + b`, so the curvature is :math:`f'' = 2a`, the same everywhere. With
# the minimiser :math:`x^{*} = -\frac{b}{2a}`, one step multiplies the offset by a constant
# factor:
#
# .. math::
#
#    x_{k+1} - x^{*} = (1 - 2a\eta)(x_k - x^{*}).
#
# The iterates converge exactly when :math:`|1 - 2a\eta| < 1`, that is
# :math:`0 < \eta < \frac{2}{f''} = \frac{1}{a}`. :math:`b` and :math:`c` only move the
# minimum and its height, not the curvature, so they do not appear. For :math:`a = 5` the
# bound is 0.2. With :math:`\eta = 0.19` the factor is −0.9: the iterates change sides at
# every step, but the distance shrinks. With :math:`\eta = 0.21`, 5 % above the bound, the
# factor is −1.1, and the distance grows to more than 10,000 in 100 steps (using
# ``gradient_descent`` from exercise 1).

def critical_lr(a, b, c):
    return 1 / a


def grad(x):  # f(x) = 5x² − 10x + 3, minimum at x = 1
    return 10 * x - 10


for lr in (0.19, 0.21):
    x = gradient_descent(grad, torch.tensor(0.0), lr, 100)
    print(f"lr = {lr}: |x_100 − 1| = {abs(x.item() - 1):.3g}")
assert abs(gradient_descent(grad, torch.tensor(0.0), 0.19, 100).item() - 1) < 1e-3
assert abs(gradient_descent(grad, torch.tensor(0.0), 0.21, 100).item() - 1) > 1e4
assert check_critical_lr(critical_lr)

# %%
# .. answer-end::

# %%
# Exercise 3: the least-squares line in closed form
# -------------------------------------------------
#
# Practises the exact solution of :ref:`regression_linear`. Write ``fit_line(x, y)``, which
# returns the least-squares line through the points ``(x[i], y[i])`` as the tensor
# ``[w, b]`` of shape ``[2]``, computed directly rather than by gradient descent. The check
# compares with the textbook formula for a line on three data sets: 4 points on the line
# :math:`y = 2x - 1`, 3 points that no line passes through, and 50 noisy points.


def fit_line(x, y):
    return ...


check_fit_line(fit_line)

# %%
# .. answer-begin::
#
# Stack ``x`` and a column of ones into ``X`` of shape ``[N, 2]``; then ``X @ [w, b]`` are the
# predictions, and ``torch.linalg.lstsq`` finds the ``[w, b]`` with the smallest squared
# error. It wants ``y`` as a column ``[N, 1]`` and returns the solution as a column ``[2, 1]``,
# so ``squeeze(1)`` gives the shape ``[2]``. Gradient descent on the mean squared error, with
# the gradient and learning rate of :ref:`regression_linear`, reaches the same line: below,
# 1,000 steps on 100 noisy points agree with ``fit_line`` to within :math:`10^{-4}`.

def fit_line(x, y):
    X = torch.stack([x, torch.ones_like(x)], dim=1)
    return torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)


x = 4 * torch.rand(100)
y = 2 * x - 1 + 0.5 * torch.randn(100)
w, b = torch.tensor(0.0), torch.tensor(0.0)
for _ in range(1000):
    error = w * x + b - y
    w, b = w - 0.05 * 2 * (error * x).mean(), b - 0.05 * 2 * error.mean()
print("gradient descent:", [w.item(), b.item()], " closed form:", fit_line(x, y).tolist())
torch.testing.assert_close(torch.stack([w, b]), fit_line(x, y), atol=1e-4, rtol=0)
assert check_fit_line(fit_line)

# %%
# .. answer-end::

# %%
# Exercise 4: logistic regression on two blobs
# --------------------------------------------
#
# Practises the training loop of :ref:`regression_logistic`. Write
# ``train_logistic(X, y, lr, steps)``: for points ``X`` of shape ``[N, 2]`` and labels ``y``
# (0.0 or 1.0, shape ``[N]``), start from ``w = 0`` (shape ``[2]``) and ``b = 0``, take
# ``steps`` gradient-descent steps on the mean binary cross-entropy with the gradient derived
# on that page, and return ``(w, b)``. The check trains on 200 points from two overlapping
# blobs, needs an accuracy of at least 0.9 on 400 new points from the same blobs, and
# compares ``w`` and ``b`` with its own run, whose gradient comes from autograd.


def train_logistic(X, y, lr, steps):
    return ...


check_train_logistic(train_logistic)

# %%
# .. answer-begin::
#
# For each point the derivative of the loss with respect to its logit is :math:`p_i - y_i`,
# so the gradient is :math:`\frac{1}{N} X^\top (p - y)` for :math:`w` and
# :math:`\frac{1}{N} \sum_{i} (p_i - y_i)` for :math:`b`, and each step moves against it. Below, the function trains on two new blobs drawn with ``torch.randn`` and
# classifies 1,000 further points from the same blobs; the accuracy comes within 0.03 of the
# best possible for this overlap, :math:`\Phi\left(\frac{d}{2}\right)` from
# :ref:`regression_logistic`.

def train_logistic(X, y, lr, steps):
    w, b = torch.zeros(2), torch.tensor(0.0)
    for _ in range(steps):
        error = torch.sigmoid(X @ w + b) - y
        w = w - lr * X.T @ error / len(y)
        b = b - lr * error.mean()
    return w, b


def blobs(n):
    centre = torch.tensor([1.5, 1.0])
    points = torch.cat([torch.randn(n, 2) - centre, torch.randn(n, 2) + centre])
    return points, torch.cat([torch.zeros(n), torch.ones(n)])


X, y = blobs(200)
w, b = train_logistic(X, y, 0.5, 300)
X_new, y_new = blobs(500)
accuracy = ((X_new @ w + b > 0).float() == y_new).float().mean().item()
best = 0.5 * math.erfc(-torch.linalg.vector_norm(torch.tensor([1.5, 1.0])).item() / math.sqrt(2))
print(f"accuracy: {accuracy:.3f}, Φ(d / 2): {best:.3f}")
assert abs(accuracy - best) < 0.03
assert check_train_logistic(train_logistic)

# %%
# .. answer-end::
