"""
.. _regression_logistic:

Logistic regression
===================

This page separates two classes of points in the plane with logistic regression: the
sigmoid, the binary cross-entropy loss, its gradient derived by hand, a training loop, the
accuracy, and the decision boundary drawn over the data. Afterwards you will be able to
train a linear classifier from scratch and to know why PyTorch's ``..._with_logits`` loss
is the one to use. You should have read :ref:`regression_linear`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Classification, despite the name
# --------------------------------
#
# Logistic regression is a *classification* model: it answers "class 0 or class 1?". The
# name is historical. The model is linear regression for the *log-odds*
# ``log(p / (1 − p))`` of class 1; the probability ``p`` is then thresholded at 0.5 to pick
# a class.
#
# .. in-the-notes::
#
#    The notes list logistic regression under regression problems. It predicts a class, not
#    a number, so it belongs with the classifiers.
#
# The data
# --------
#
# Two Gaussian blobs of 200 points each, with standard deviation 1 around the centres
# (−1.5, −1) for class 0 and (1.5, 1) for class 1. The blobs overlap a little, so a few
# points will end up on the wrong side of any line we draw.

import math

import torch

from tutorial_utils import plot_curve, seed_everything

seed_everything(0)

n = 200
centre = torch.tensor([1.5, 1.0])
X = torch.cat([torch.randn(n, 2) - centre, torch.randn(n, 2) + centre])
y = torch.cat([torch.zeros(n), torch.ones(n)])
print(X.shape, y.shape, y.unique())
assert X.shape == (2 * n, 2) and y.shape == (2 * n,)

# %%
# The model: a line and a sigmoid
# --------------------------------
#
# For a point :math:`x = (x_1, x_2)` the model computes a score, the *logit*
# :math:`z = w \cdot x + b = w_1 x_1 + w_2 x_2 + b`, and squashes it into a probability with
# the *sigmoid*
#
# .. math::
#
#    \sigma(z) = \frac{1}{1 + e^{-z}}.
#
# :math:`\sigma(0) = 0.5`, large positive scores give probabilities near 1, large negative
# ones near 0. Its inverse, ``torch.logit``, computes the log-odds
# :math:`\log \frac{p}{1 - p}` and gives back :math:`z`.

z = torch.tensor([-10.0, -2.0, 0.0, 2.0, 10.0])
print(torch.sigmoid(z))
torch.testing.assert_close(torch.sigmoid(z), 1 / (1 + torch.exp(-z)))
assert torch.sigmoid(torch.tensor(0.0)).item() == 0.5
torch.testing.assert_close(torch.logit(torch.sigmoid(z[1:4])), z[1:4])

# %%
# The loss: binary cross-entropy
# ------------------------------
#
# With :math:`p_i = \sigma(z_i)` and labels :math:`y_i \in \{0, 1\}`, the *binary
# cross-entropy* (BCE) is
#
# .. math::
#
#    L = -\frac{1}{N} \sum_{i=1}^{N} \bigl[ y_i \log p_i + (1 - y_i) \log (1 - p_i) \bigr]
#
# For a point of class 1 only :math:`-\log p_i` counts, which is 0 when :math:`p_i = 1` and
# grows without bound as :math:`p_i \to 0`; class 0 is the mirror image. The formula is one
# line, and PyTorch also has it built in:
# `binary_cross_entropy_with_logits <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.binary_cross_entropy_with_logits.html>`__
# takes the logits :math:`z`, not the probabilities, and gives the same number.

import torch.nn.functional as F


def logits(w, b):
    return X @ w + b


def bce(w, b):
    p = torch.sigmoid(logits(w, b))
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


w, b = torch.tensor([0.5, -0.3]), torch.tensor(0.1)
builtin = F.binary_cross_entropy_with_logits(logits(w, b), y)
print("formula:", bce(w, b).item(), " built-in:", builtin.item())
torch.testing.assert_close(bce(w, b), builtin)

# %%
# Why the with-logits form is safer
# ---------------------------------
#
# In ``float32`` the sigmoid of 20 or more rounds to exactly 1. Then :math:`\log (1 - p)` is
# :math:`\log 0 = -\infty`, and a confidently wrong prediction gives an infinite loss. The
# with-logits form never computes :math:`p`: it uses the identity
# :math:`\log \sigma(z) = -\log (1 + e^{-z})` and evaluates the loss as
#
# .. math::
#
#    \max(z, 0) - z y + \log \bigl(1 + e^{-|z|}\bigr),
#
# where the exponential is at most 1 and nothing overflows. (``F.binary_cross_entropy``, which takes probabilities, clamps the logarithm
# at −100 instead: finite, but wrong.)

z_big, label = torch.tensor([40.0]), torch.tensor([0.0])
p_big = torch.sigmoid(z_big)
naive = -(label * torch.log(p_big) + (1 - label) * torch.log(1 - p_big))
safe = F.binary_cross_entropy_with_logits(z_big, label)
clamped = F.binary_cross_entropy(p_big, label)
print("p =", p_big.item(), " naive:", naive.item(), " with logits:", safe.item(), " clamped:", clamped.item())
assert torch.sigmoid(torch.tensor(20.0)).item() == 1.0
assert p_big.item() == 1.0 and torch.isinf(naive).all()
torch.testing.assert_close(safe, torch.tensor(40.0))
assert clamped.item() == 100.0

# %%
# The exact loss for :math:`z = 40, y = 0` is
# :math:`-\log (1 - \sigma(40)) = \log (1 + e^{40}) \approx 40`, which is what the
# with-logits form returned.
#
# The gradient by hand
# --------------------
#
# The sigmoid has the derivative :math:`\sigma'(z) = \sigma(z) \bigl(1 - \sigma(z)\bigr)`.
# Put it into the chain rule for one term :math:`L_i` of the BCE, and the factors :math:`p`
# and :math:`1 - p` cancel: the derivative with respect to the logit is simply
# :math:`\frac{\partial L_i}{\partial z_i} = p_i - y_i`. Since :math:`z_i = w \cdot x_i + b`,
#
# .. math::
#
#    \begin{aligned}
#    \frac{\partial L}{\partial w} &= \frac{1}{N} \sum_{i=1}^{N} (p_i - y_i) \, x_i \\
#    \frac{\partial L}{\partial b} &= \frac{1}{N} \sum_{i=1}^{N} (p_i - y_i)
#    \end{aligned}
#
# The first is a vector of length 2. It has the same shape as the linear-regression
# gradient: error times input. In code, the sum over points of :math:`(p_i - y_i) \, x_i`
# is the matrix product :math:`X^\top (p - y)`.


def gradients(w, b):
    error = torch.sigmoid(logits(w, b)) - y
    return X.T @ error / len(y), error.mean()


w_auto, b_auto = w.clone().requires_grad_(), b.clone().requires_grad_()
bce(w_auto, b_auto).backward()
grad_w, grad_b = gradients(w, b)
print("hand:", grad_w.tolist(), grad_b.item(), " autograd:", w_auto.grad.tolist(), b_auto.grad.item())
torch.testing.assert_close(grad_w, w_auto.grad)
torch.testing.assert_close(grad_b, b_auto.grad)

# %%
# Autograd (explained in the next chapter) agrees with the formula.
#
# Training
# --------
#
# The loop is the one from linear regression with the new gradient. The loss is computed
# with the numerically safe built-in. At the start, :math:`w = 0, b = 0`, every probability
# is 0.5 and the loss is :math:`\log 2 \approx 0.693`.

lr, steps = 0.5, 300
w, b = torch.zeros(2), torch.tensor(0.0)
losses = []
for step in range(steps):
    losses.append(F.binary_cross_entropy_with_logits(logits(w, b), y).item())
    grad_w, grad_b = gradients(w, b)
    w = w - lr * grad_w
    b = b - lr * grad_b
print(f"w = {w.tolist()}, b = {b.item():.4f}")
print(f"loss: {losses[0]:.4f} -> {losses[-1]:.4f}")
assert losses[-1] < 0.5 * losses[0]
assert abs(losses[0] - math.log(2)) < 1e-6
fig = plot_curve(losses, xlabel="step", ylabel="BCE", title="training loss")

# %%
# Accuracy
# --------
#
# Predict class 1 where :math:`p > 0.5`, which is the same as :math:`z > 0`, and count the
# matches. Because the blobs overlap, even the best line cannot reach 100 %. For two
# Gaussian blobs with equal spread the best possible accuracy has a formula,
# :math:`\Phi\left(\frac{d}{2}\right)`, where :math:`d` is the distance between the centres
# in units of the standard deviation and :math:`\Phi` is the standard normal distribution
# function.

predicted = (logits(w, b) > 0).float()
accuracy = (predicted == y).float().mean().item()
d = 2 * torch.linalg.vector_norm(centre).item()
best = 0.5 * math.erfc(-d / 2 / math.sqrt(2))
print(f"training accuracy: {accuracy:.3f}, best possible on average: {best:.3f}")
assert accuracy > 0.9 and accuracy < 1.0
assert abs(accuracy - best) < 0.03

# %%
# The decision boundary
# ---------------------
#
# The classifier changes its answer where :math:`z = 0`, that is on the line
# :math:`w_1 x_1 + w_2 x_2 + b = 0`, or :math:`x_2 = -\frac{w_1 x_1 + b}{w_2}`. On this line
# :math:`p = 0.5`. Drawn over the data, the line separates the blobs; the misclassified
# points are the ones on the wrong side of it.

import matplotlib.pyplot as plt

x1 = torch.linspace(-5.0, 5.0, 2)
x2 = -(w[0] * x1 + b) / w[1]
on_line = torch.stack([x1, x2], dim=1)
print(torch.sigmoid(on_line @ w + b))
torch.testing.assert_close(torch.sigmoid(on_line @ w + b), torch.full((2,), 0.5), atol=1e-5, rtol=0)

points, labels = X.cpu().numpy(), y.cpu().numpy()
fig, ax = plt.subplots(figsize=(5.5, 5))
ax.scatter(*points[labels == 0].T, s=12, alpha=0.6, label="class 0")
ax.scatter(*points[labels == 1].T, s=12, alpha=0.6, label="class 1")
ax.plot(x1.cpu().numpy(), x2.cpu().numpy(), "k-", label="w·x + b = 0")
ax.set(xlim=(-5, 5), ylim=(-5, 5), xlabel="x₁", ylabel="x₂", title=f"logistic regression, accuracy {accuracy:.2f}")
ax.legend()
fig.tight_layout()

# %%
# Summary
# -------
#
# - Logistic regression is a linear classifier: :math:`p = \sigma(w \cdot x + b)`, class 1
#   where :math:`p > 0.5`.
# - Its loss is the binary cross-entropy; its gradient is the mean of
#   :math:`(p_i - y_i) \, x_i` for :math:`w` and the mean of :math:`p_i - y_i` for :math:`b`.
# - Use ``F.binary_cross_entropy_with_logits`` on the logits: it equals the formula but
#   never takes :math:`\log 0`.
# - The decision boundary is the line :math:`w \cdot x + b = 0`.
#
# .. seealso::
#
#    - `torch.sigmoid <https://docs.pytorch.org/docs/stable/generated/torch.sigmoid.html>`__
#    - `torch.nn.functional.binary_cross_entropy_with_logits <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.binary_cross_entropy_with_logits.html>`__
#    - `torch.nn.functional.binary_cross_entropy <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.binary_cross_entropy.html>`__
#    - `torch.logit <https://docs.pytorch.org/docs/stable/generated/torch.logit.html>`__
#    - `torch.Tensor.requires_grad_ <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.requires_grad_.html>`__
#    - `torch.testing.assert_close <https://docs.pytorch.org/docs/stable/testing.html>`__
