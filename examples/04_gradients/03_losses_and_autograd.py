"""
.. _gradients_losses:

Losses and how autograd delivers their gradients
================================================

This page computes the two losses used most, mean squared error and cross-entropy, and
takes their gradients in the two ways PyTorch offers: ``torch.autograd.grad``, which
returns them, and ``.backward()``, which stores them in ``.grad``. It shows the real
errors behind three common mistakes (no ``requires_grad``, an integer tensor, a second
``backward`` through a freed graph) and that ``.grad`` accumulates rather than resets.
Afterwards you will know why every training loop calls ``optimizer.zero_grad()``.
You should know what a gradient is (:ref:`gradients_derivatives`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Mean squared error
# ------------------
#
# For predictions :math:`\hat{y}` and targets :math:`y` with :math:`n` elements,
#
# .. math::
#
#    \operatorname{MSE}(\hat{y}, y) = \frac{1}{n} \sum_{i=1}^{n} (\hat{y}_i - y_i)^{2}.
#
# ``F.mse_loss(input, target)`` computes it; by convention the prediction comes first and
# the target second. For MSE the order does not change the value, because the difference is
# squared, but other losses are not symmetric, so keep the convention.
#
# .. in-the-notes::
#
#    The notes pass the target first and the prediction second.

import torch
import torch.nn.functional as F

from tutorial_utils import seed_everything

seed_everything(0)

pred = torch.tensor([2.5, 0.0, 2.0])
target = torch.tensor([3.0, -0.5, 2.0])
mse = F.mse_loss(pred, target)
print("MSE:", mse.item())
torch.testing.assert_close(mse, ((pred - target) ** 2).mean())
torch.testing.assert_close(mse, F.mse_loss(target, pred))

# %%
# Asking for a gradient without ``requires_grad``
# -----------------------------------------------
#
# Take a one-weight model :math:`\hat{y} = x w` with :math:`x = 1`, :math:`w = 2` and
# target 1. Autograd only records operations on tensors that require gradients, and ``w``
# was created without ``requires_grad=True``, so the loss has no record and asking for its
# gradient with ``torch.autograd.grad`` fails. Three sections show such an error, so a small
# function ``show_error`` runs a call, prints the ``RuntimeError`` and returns its message.
#
# .. in-the-notes::
#
#    The notes call a bare ``autograd.grad`` without ``from torch import autograd``.


def show_error(call):
    try:
        call()
    except RuntimeError as err:
        print("RuntimeError:", err)
        return str(err)
    return "no error"


x = torch.ones(1)
w = torch.full([1], 2.0)
mse = F.mse_loss(x * w, torch.ones(1))
message = show_error(lambda: torch.autograd.grad(mse, [w]))
assert "does not require grad" in message

# %%
# ``w.requires_grad_()`` switches recording on, in place. The graph is built while the
# forward computation runs, so the loss must be *computed again* afterwards.
# ``torch.autograd.grad(outputs, inputs)`` returns a tuple with one gradient per input. By
# hand: :math:`\frac{\partial}{\partial w} (x w - 1)^{2} = 2 (x w - 1) \, x = 2`.

w.requires_grad_()
mse = F.mse_loss(x * w, torch.ones(1))
grads = torch.autograd.grad(mse, [w])
print(grads)
assert isinstance(grads, tuple)
torch.testing.assert_close(grads[0], torch.tensor([2.0]))
assert w.grad is None

# %%
# ``torch.autograd.grad`` leaves ``w.grad`` untouched (still ``None``, as the last line
# checked). ``.backward()`` is the other way: it returns nothing and *stores* the gradient
# in the ``.grad`` attribute of every leaf tensor that requires it, which is what
# optimizers read.

mse = F.mse_loss(x * w, torch.ones(1))
mse.backward()
print("w.grad:", w.grad)
torch.testing.assert_close(w.grad, torch.tensor([2.0]))

# %%
# Only floating-point tensors can require gradients
# -------------------------------------------------
#
# ``torch.full([4], 2)`` has dtype ``int64``, because the fill value 2 is an integer, and
# integer tensors cannot require gradients: ``requires_grad_`` raises an error.
#
# .. in-the-notes::
#
#    The notes show ``torch.full([4], 2).requires_grad_()`` giving ``tensor[2.]``; it raises.

w_int = torch.full([4], 2)
print(w_int.dtype)
message = show_error(w_int.requires_grad_)
assert w_int.dtype == torch.int64 and "floating point" in message

# %%
# With ``2.0`` the tensor is ``float32`` and everything works. There are four weights now
# and the loss averages four squared errors, so each gradient is
# :math:`\frac{2 (x w_i - 1) \, x}{4} = 0.5`, one value per weight: the gradient has the
# shape of ``w``.

w4 = torch.full([4], 2.0, requires_grad=True)
mse = F.mse_loss(x * w4, torch.ones(4))
mse.backward()
print("w4.grad:", w4.grad)
torch.testing.assert_close(w4.grad, torch.full([4], 0.5))

# %%
# ``retain_graph``: backward frees the graph
# ------------------------------------------
#
# ``backward()`` frees the *graph*, the intermediate values saved during the forward pass,
# to save memory. A second ``backward`` through the same graph therefore fails:
#
# .. in-the-notes::
#
#    The notes say that ``backward()`` "clears the gradient information"; it frees the graph.

w = torch.tensor([2.0], requires_grad=True)
loss = torch.sigmoid(x * w).sum()
loss.backward()
message = show_error(loss.backward)
assert "backward through the graph a second time" in message

# %%
# Gradients accumulate
# --------------------
#
# With ``retain_graph=True`` the graph is kept and a second ``backward`` works. Its result
# is *added* to ``.grad``: after two calls ``.grad`` holds twice the gradient. Gradients are
# never cleared by ``backward``; that is deliberate, because it lets several losses (or
# several small batches) contribute to one update.

w = torch.tensor([2.0], requires_grad=True)
loss = torch.sigmoid(x * w).sum()
loss.backward(retain_graph=True)
first = w.grad.clone()
loss.backward()
print("after one backward:", first, " after two:", w.grad)
torch.testing.assert_close(w.grad, 2 * first)

# %%
# In ordinary training every step must use the gradient of *its own* batch, so the old
# values are removed before each ``backward``: ``optimizer.zero_grad()`` does it for all the
# parameters it manages (by default it sets ``.grad`` to ``None``); for a single tensor,
# ``w.grad = None`` or ``w.grad.zero_()`` does the same.

optimizer = torch.optim.SGD([w], lr=0.1)
optimizer.zero_grad()
print("after zero_grad:", w.grad)
assert w.grad is None
loss = torch.sigmoid(x * w).sum()
loss.backward()
torch.testing.assert_close(w.grad, first)

# %%
# Cross-entropy
# -------------
#
# For classification the model outputs one raw score, a *logit*, per class.
# ``F.cross_entropy(logits, labels)`` turns each row :math:`z` into probabilities
# :math:`p = \operatorname{softmax}(z)` and averages :math:`-\log p_y`, the negative
# log-probability of the true class :math:`y`, over the :math:`N` rows:
#
# .. math::
#
#    L = -\frac{1}{N} \sum_{i=1}^{N} \log \operatorname{softmax}(z_i)_{y_i},
#    \qquad
#    \operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_{k} e^{z_k}}.
#
# It is exactly ``F.log_softmax`` followed by ``F.nll_loss`` (negative log-likelihood, which picks out and negates the log-probability
# of the true class); computing the log-softmax in one step is more accurate than
# ``torch.log(torch.softmax(...))``. Pass logits, not probabilities.

logits = torch.randn(4, 3, requires_grad=True)
labels = torch.tensor([0, 2, 1, 2])
ce = F.cross_entropy(logits, labels)
log_p = F.log_softmax(logits, dim=1)
print("cross-entropy:", ce.item())
torch.testing.assert_close(ce, F.nll_loss(log_p, labels))
torch.testing.assert_close(ce, -log_p[torch.arange(4), labels].mean())

# %%
# Its gradient with respect to the logits is remarkably simple: for a batch of :math:`N`
# rows, with :math:`e_{y_i}` the one-hot vector of the true class,
#
# .. math::
#
#    \frac{\partial L}{\partial z_i} = \frac{1}{N} \bigl( \operatorname{softmax}(z_i) - e_{y_i} \bigr).
#
# The model is pushed to raise the logit of the true class and lower the others, in
# proportion to how wrong the probabilities are.

ce.backward()
expected = (torch.softmax(logits, dim=1) - F.one_hot(labels, 3)) / 4
print(logits.grad)
torch.testing.assert_close(logits.grad, expected.detach())

# %%
# With two classes one logit :math:`z` per sample is enough: :math:`p = \sigma(z)`, and
# ``F.binary_cross_entropy_with_logits`` computes
# :math:`-\bigl[ y \log p + (1 - y) \log (1 - p) \bigr]`, averaged, in a numerically safe
# way (:ref:`regression_logistic`).

z = torch.tensor([1.5, -0.3, 0.2])
y = torch.tensor([1.0, 0.0, 1.0])
bce = F.binary_cross_entropy_with_logits(z, y)
p = torch.sigmoid(z)
print("binary cross-entropy:", bce.item())
torch.testing.assert_close(bce, -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean())

# %%
# Summary
# -------
#
# - ``F.mse_loss(input, target)`` and ``F.cross_entropy(logits, labels)`` are the basic regression
#   and classification losses; cross-entropy equals ``log_softmax`` followed by ``nll_loss``,
#   and its gradient is :math:`\frac{1}{N} \bigl( \operatorname{softmax}(z_i) - e_{y_i} \bigr)`.
# - Only floating-point tensors can require gradients; set ``requires_grad`` *before* the
#   forward pass.
# - ``torch.autograd.grad`` returns gradients; ``.backward()`` adds them into ``.grad``.
# - ``backward`` frees the graph (keep it with ``retain_graph=True``) and accumulates into
#   ``.grad``, so clear the gradients with ``optimizer.zero_grad()`` before each step.
#
# .. seealso::
#
#    - `torch.nn.functional.mse_loss <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.mse_loss.html>`__
#    - `torch.nn.functional.cross_entropy <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.cross_entropy.html>`__
#    - `torch.nn.functional.log_softmax <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.log_softmax.html>`__
#    - `torch.nn.functional.nll_loss <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.nll_loss.html>`__
#    - `torch.nn.functional.binary_cross_entropy_with_logits <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.binary_cross_entropy_with_logits.html>`__
#    - `torch.autograd.grad <https://docs.pytorch.org/docs/stable/generated/torch.autograd.grad.html>`__
#    - `torch.Tensor.backward <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.backward.html>`__
#    - `torch.Tensor.requires_grad_ <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.requires_grad_.html>`__
#    - `torch.optim.Optimizer.zero_grad <https://docs.pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html>`__
