r"""
.. _overfitting_symptoms:

Underfitting and overfitting on curves
======================================

This page fits 15 noisy points with polynomials of degree 0 to 14, from a model too simple
for the data to one that passes through every point, and measures each on fresh validation
points. The fitted curves and a plot of training against validation error show the two
ways a model fails. Afterwards you can tell underfitting from overfitting by looking at
those two numbers. You should know the mean squared error and
:ref:`regression_linear`, and why a validation set is held back
(:ref:`overfitting_splits`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# A small noisy dataset
# ---------------------
#
# The truth is :math:`y = \sin(3x)` on :math:`[-1, 1]`; every measurement adds Gaussian
# noise with standard deviation :math:`\sigma = 0.2`. The model sees 15 training points,
# spread over the interval, and is judged on 200 validation points drawn the same way. The
# noise sets a floor: even the true curve has a mean squared error of about
# :math:`\sigma^2 = 0.2^2 = 0.04` on new points.
# The tensors are ``float64``, because high powers of ``x`` lose precision in ``float32``.

import matplotlib.pyplot as plt
import torch

from tutorial_utils import seed_everything

seed_everything(0)
f64 = torch.float64


def truth(x):
    return torch.sin(3 * x)


noise = 0.2
x_train = torch.linspace(-1, 1, 15, dtype=f64) + 0.03 * torch.randn(15, dtype=f64)
y_train = truth(x_train) + noise * torch.randn(15, dtype=f64)
x_val = 2 * torch.rand(200, dtype=f64) - 1
y_val = truth(x_val) + noise * torch.randn(200, dtype=f64)
print(x_train.shape, x_val.shape, x_train.dtype)
assert x_train.shape == (15,) and x_val.shape == (200,)

# %%
# Capacity: the degree of a polynomial
# ------------------------------------
#
# A polynomial of degree :math:`d`,
#
# .. math::
#
#    \hat{y} = c_0 + c_1 x + c_2 x^2 + \cdots + c_d x^d,
#
# has :math:`d + 1` coefficients. The larger :math:`d`, the more shapes it can take: its
# *capacity* grows. The model is linear in its
# coefficients, so the coefficients with the smallest training MSE can be computed exactly
# with ``torch.linalg.lstsq``, the least-squares solver; gradient descent would approach the
# same answer, only slowly. Each column of the feature matrix is one power of :math:`x`.


def powers(x, degree):
    return x.unsqueeze(1) ** torch.arange(degree + 1)


def fit_polynomial(degree):
    return torch.linalg.lstsq(powers(x_train, degree), y_train.unsqueeze(1)).solution


def mse(coefficients, x, y):
    degree = len(coefficients) - 1
    return ((powers(x, degree) @ coefficients).squeeze(1) - y).pow(2).mean().item()


print(powers(x_train, 3).shape)
assert powers(x_train, 3).shape == (15, 4)

# %%
# Training and validation error for every degree
# ----------------------------------------------
#
# With 15 points, degree 14 has as many coefficients as there are points: it can pass
# through every one of them.

degrees = range(15)
train_err, val_err = [], []
for degree in degrees:
    c = fit_polynomial(degree)
    train_err.append(mse(c, x_train, y_train))
    val_err.append(mse(c, x_val, y_val))
    print(f"degree {degree:>2}: train MSE {train_err[-1]:.4f}   validation MSE {val_err[-1]:.4f}")
best = min(degrees, key=lambda d: val_err[d])
print("lowest validation error at degree", best)

# %%
# The training error only goes down as the degree grows: a polynomial of degree
# :math:`d + 1` can copy any polynomial of degree :math:`d` (with :math:`c_{d+1} = 0`), so it
# never fits the training points worse. At degree 14 it reaches zero up to rounding.

assert all(a >= b - 1e-9 for a, b in zip(train_err, train_err[1:]))
assert train_err[-1] < 1e-8

# %%
# The three regimes
# -----------------
#
# - **Underfitting** (degree 0 or 1): a constant or a straight line cannot follow a sine.
#   Both errors are high, far above the noise floor, and close to each other. More data
#   would not help; more capacity would.
# - **A good fit** (around the degree printed above): the validation error comes down close
#   to the noise floor of 0.04 (at most 0.1).
# - **Overfitting** (the highest degrees): the training error keeps falling to zero, but the
#   validation error climbs again, here far above the best one. The model has learnt the
#   noise of these 15 points, not the sine.

assert min(train_err[1], val_err[1]) > 2.5 * noise**2
assert abs(train_err[1] - val_err[1]) < 0.5 * val_err[1]
assert 2 <= best <= 12 and val_err[best] < 0.1
assert val_err[-1] > 10 * val_err[best]
print(f"best validation MSE {val_err[best]:.3f}, degree 14: {val_err[-1]:.3f}")

# %%
# The fitted curves show why. Degree 1 misses the shape; the best degree follows the sine;
# degree 14 goes through every training point and swings wildly between them, most of all
# near the ends of the interval.

grid = torch.linspace(-1, 1, 400, dtype=f64)
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(grid.cpu().numpy(), truth(grid).cpu().numpy(), "k--", label="sin(3x)")
for degree in [1, best, 14]:
    curve = (powers(grid, degree) @ fit_polynomial(degree)).squeeze(1)
    ax.plot(grid.cpu().numpy(), curve.cpu().numpy(), label=f"degree {degree}")
ax.scatter(x_train.cpu().numpy(), y_train.cpu().numpy(), color="black", zorder=3, label="train")
ax.set_ylim(-2, 2)
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title("Polynomial fits to 15 noisy points")
ax.legend(loc="lower right")
fig.tight_layout()

# %%
# Reading the curves
# ------------------
#
# The plot of both errors against capacity is the one to remember: the training error falls
# steadily, while the validation error falls, reaches a minimum and rises again. Left of the
# minimum the model underfits; right of it, it overfits. The gap between the two curves is
# the sign of overfitting; two high curves close together are the sign of underfitting.
# (The training error of degree 14, zero up to rounding, lies below the bottom of the plot.)

fig, ax = plt.subplots(figsize=(7, 4))
ax.semilogy(list(degrees), train_err, "o-", label="train")
ax.semilogy(list(degrees), val_err, "o-", label="validation")
ax.axhline(noise**2, color="gray", linestyle=":", label="noise level 0.04")
ax.axvline(best, color="gray", linestyle="--")
ax.set_ylim(1e-4, 1e2)
ax.set_xlabel("polynomial degree (capacity)")
ax.set_ylabel("MSE")
ax.set_title("Train vs validation error")
ax.legend()
fig.tight_layout()

# %%
# The same shape appears along the epochs of a network's training, with the number of
# epochs in place of the degree: the longer a large network trains on few examples, the
# lower its training loss and, after some point, the higher its validation loss. Later
# pages of this chapter fight it: regularisation, early stopping, dropout and data
# augmentation.

# %%
# Summary
# -------
#
# - Underfitting: training and validation errors both high. Add capacity or features.
# - Overfitting: training error low (here zero), validation error high. Get more data,
#   reduce capacity, or regularise.
# - Choose the capacity where the validation error is lowest, never where the training
#   error is.
#
# .. seealso::
#
#    - `torch.linalg.lstsq <https://docs.pytorch.org/docs/stable/generated/torch.linalg.lstsq.html>`__
#    - `torch.linspace <https://docs.pytorch.org/docs/stable/generated/torch.linspace.html>`__
