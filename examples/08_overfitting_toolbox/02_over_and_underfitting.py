r"""
.. _overfitting_symptoms:

Underfitting and overfitting on curves
======================================

This page fits 15 noisy points with polynomials of degree 0 to 14, from a model too simple
for the data to one that passes through every point, and measures each on fresh validation
points. The fitted curves, a plot of training against validation error and a learning
curve against the number of training points show the two ways a model fails. Afterwards
you can tell underfitting from overfitting by looking at those two numbers, and whether
more data would help. You should know the mean squared error and
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
# More data: a learning curve
# ---------------------------
#
# Capacity is one axis; the amount of data is the other. A *learning curve* keeps the model
# fixed and plots both errors against the number of training points. Below, degree 9
# (enough capacity to overfit 15 points) and degree 1 (too little for a sine) are each fitted
# to training sets of 15 to 480 points, 20 fresh draws per size; the plot shows the median
# error of the 20 fits, measured on 2,000 validation points.

x_big = 2 * torch.rand(2000, dtype=f64) - 1
y_big = truth(x_big) + noise * torch.randn(2000, dtype=f64)


def median_errors(degree, n, draws=20):
    """Fit ``draws`` fresh training sets of ``n`` points at once; the median train and validation MSE."""
    x = 2 * torch.rand(draws, n, dtype=f64) - 1
    y = truth(x) + noise * torch.randn(draws, n, dtype=f64)
    features = x.unsqueeze(-1) ** torch.arange(degree + 1)  # [draws, n, degree + 1]
    c = torch.linalg.lstsq(features, y.unsqueeze(-1)).solution  # one fit per draw
    train = ((features @ c).squeeze(-1) - y).pow(2).mean(1)
    val = ((powers(x_big, degree) @ c).squeeze(-1) - y_big).pow(2).mean(1)
    return train.median().item(), val.median().item()


sizes = [15, 30, 60, 120, 240, 480]
curves = {}
for degree in (9, 1):
    curves[degree] = list(zip(*[median_errors(degree, n) for n in sizes]))
    for n, tr, va in zip(sizes, *curves[degree]):
        print(f"degree {degree}, {n:>3} points: train MSE {tr:.4f}   validation MSE {va:.4f}")

fig, ax = plt.subplots(figsize=(7, 4))
for degree, style in ((9, "-"), (1, "--")):
    ax.loglog(sizes, curves[degree][0], "o" + style, color="C0", label=f"train, degree {degree}")
    ax.loglog(sizes, curves[degree][1], "s" + style, color="C1", label=f"validation, degree {degree}")
ax.axhline(noise**2, color="gray", linestyle=":", label="noise level 0.04")
ax.set_xticks(sizes, labels=[str(n) for n in sizes])
ax.set_xticks([], minor=True)
ax.set_xlabel("training points")
ax.set_ylabel("MSE (median of 20 fits)")
ax.set_title("Learning curves")
ax.legend(fontsize=9)
fig.tight_layout()

# %%
# The two models answer "would more data help?" differently:
#
# - **Degree 9** overfits small training sets: with 15 points its validation error is more
#   than ten times what it is with 480. As the data grow, the training error *rises* to the
#   noise floor (the model can no longer memorise the noise), the validation error falls to
#   it, and the gap between them closes. More data is a cure for overfitting.
# - **Degree 1** underfits at every size: both errors settle together far above the noise
#   floor (more than 2.5 times it). More data does not help; only more capacity would.

train9, val9 = curves[9]
train1, val1 = curves[1]
assert val9[0] > 10 * val9[-1] and val9[-1] < 1.25 * noise**2
assert train9[0] < train9[-1] and train9[-1] > 0.8 * noise**2
assert val9[-1] - train9[-1] < 0.1 * (val9[0] - train9[0])
assert min(train1[-1], val1[-1]) > 2.5 * noise**2 and abs(val1[-1] - train1[-1]) < 0.1 * val1[-1]

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
# - A learning curve tells whether more data would help: it closes the gap of an
#   overfitting model, and does nothing for an underfitting one.
#
# .. seealso::
#
#    - `torch.linalg.lstsq <https://docs.pytorch.org/docs/stable/generated/torch.linalg.lstsq.html>`__
#    - `torch.linspace <https://docs.pytorch.org/docs/stable/generated/torch.linspace.html>`__
