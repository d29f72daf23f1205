"""
.. _module_train_eval:

train(), eval() and no_grad()
=============================

Some layers behave differently while training and while predicting. This page shows what
``model.train()`` and ``model.eval()`` switch in dropout and batch normalisation, how the
switch reaches every sub-module, and what ``torch.no_grad()`` and
``torch.inference_mode()`` do instead: they stop autograd from recording, and nothing
else. Afterwards you will know which of the two to use where, and why evaluation code
uses both. You should know autograd (:ref:`chapter_gradients`) and the containers of
:ref:`module_containers`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Dropout in training mode
# ------------------------
#
# ``nn.Dropout(p)`` fights overfitting by setting each input element to zero with
# probability :math:`p` during training, so that the network cannot rely on any single unit.
# The elements it keeps are multiplied by :math:`\frac{1}{1 - p}`, so that the expected value of
# each element is unchanged. A new module starts in training mode. On a tensor of ones,
# with :math:`p = 0.25`, the output holds only zeros and :math:`\frac{1}{0.75} \approx 1.333`.

import torch
from torch import nn

from tutorial_utils import get_device, seed_everything

seed_everything(0)
device = get_device()

p = 0.25
dropout = nn.Dropout(p)
ones = torch.ones(10_000, device=device)
out = dropout(ones)
print(dropout.training, torch.unique(out))
print(f"fraction of zeros: {(out == 0).float().mean().item():.3f}, mean: {out.mean().item():.3f}")
kept = out[out != 0]
torch.testing.assert_close(kept, torch.full_like(kept, 1 / (1 - p)))
assert dropout.training and abs((out == 0).float().mean().item() - p) < 0.02 and abs(out.mean().item() - 1) < 0.03

# %%
# Dropout in evaluation mode
# --------------------------
#
# ``eval()`` switches the module to evaluation mode, and dropout becomes the identity: a
# prediction should not be random, and training already scaled the kept units.

dropout.eval()
out = dropout(ones)
print(dropout.training, torch.unique(out))
assert not dropout.training and torch.equal(out, ones)

# %%
# Batch normalisation in training mode
# ------------------------------------
#
# ``nn.BatchNorm1d(num_features)`` normalises each feature over the batch: it subtracts
# the batch mean and divides by the batch standard deviation (then applies a learned scale
# and shift, 1 and 0 at the start). In training mode it uses the statistics of the
# current batch, so each output column has mean 0 and variance 1 (up to the small ``eps``
# that the layer adds to the variance to avoid dividing by zero).

seed_everything(0)
bn = nn.BatchNorm1d(3).to(device)
x = torch.randn(64, 3, device=device) * torch.tensor([1.0, 2.0, 3.0], device=device) + 5
y = bn(x)
print("output mean:", y.mean(dim=0).detach())
print("output variance:", y.var(dim=0, unbiased=False).detach())
torch.testing.assert_close(y.mean(dim=0), torch.zeros(3, device=device), atol=1e-5, rtol=0)
torch.testing.assert_close(y.var(dim=0, unbiased=False), torch.ones(3, device=device), atol=1e-3, rtol=0)

# %%
# On the way, each training-mode call updates the layer's *running* statistics, an
# exponential moving average of the batch statistics. For the running mean
# :math:`\hat{\mu}` and a batch whose mean is :math:`\mu_{\text{batch}}`:
#
# .. math::
#
#    \hat{\mu} \leftarrow (1 - m) \, \hat{\mu} + m \, \mu_{\text{batch}},
#
# with :math:`m = 0.1` (``momentum``), starting from :math:`\hat{\mu} = 0`. The running
# variance :math:`\hat{\sigma}^{2}` starts from 1 and follows the same rule with the
# unbiased batch variance. These are buffers, not parameters: they are saved in the
# ``state_dict`` but never trained.

m = bn.momentum
print("running mean:", bn.running_mean)
torch.testing.assert_close(bn.running_mean, m * x.mean(dim=0))
torch.testing.assert_close(bn.running_var, (1 - m) * 1 + m * x.var(dim=0, unbiased=True))

# %%
# Batch normalisation in evaluation mode
# --------------------------------------
#
# In evaluation mode the layer uses the running statistics instead, and leaves them
# alone. The output of each sample then depends on that sample only, not on the rest of
# its batch: :math:`\frac{x - \hat{\mu}}{\sqrt{\hat{\sigma}^{2} + \epsilon}}` here, with
# :math:`\epsilon` = ``eps``, since the scale and shift are still 1 and 0.

bn.eval()
before = bn.running_mean.clone()
y = bn(x)
by_hand = (x - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
torch.testing.assert_close(y, by_hand)
torch.testing.assert_close(bn(x[:1]), y[:1])
assert torch.equal(bn.running_mean, before)

# %%
# Forgetting ``eval()`` before predicting one sample is a classic mistake: in training
# mode a batch of one has no spread to normalise by, and the layer refuses it.

bn.train()
try:
    bn(x[:1])
except ValueError as error:
    message = str(error)
print("ValueError:", message)
assert "Expected more than 1 value per channel when training" in message

# %%
# The switch reaches every sub-module
# -----------------------------------
#
# Each module has a Boolean attribute ``training``. ``model.train()`` and ``model.eval()``
# (which is ``model.train(False)``) set it on the model and on every module inside it,
# however deeply nested, so one call switches all dropout and batch-norm layers at once.

seed_everything(0)
model = nn.Sequential(
    nn.Linear(10, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.5),
    nn.Sequential(nn.Linear(32, 32), nn.ReLU(), nn.Dropout(0.5)),
    nn.Linear(32, 2),
).to(device)
model.eval()
print("after eval(): ", {m.training for m in model.modules()})
assert not any(m.training for m in model.modules())
model.train()
print("after train():", {m.training for m in model.modules()})
assert all(m.training for m in model.modules())

# %%
# Assigning the attribute by hand does not propagate: only the model itself changes, and
# its dropout layers stay in training mode. Use the methods; ``model.train()`` puts
# everything back.

model.training = False
print(model.training, model[3].training)
assert not model.training and model[3].training
assert model.train().training and model[3].training

# %%
# no_grad() and inference_mode()
# ------------------------------
#
# Autograd records every operation on tensors that require gradients, to be able to run
# ``backward()``. When you only need outputs, that record costs time and memory. Inside
# ``with torch.no_grad():`` nothing is recorded: the output has no ``grad_fn`` and does
# not require gradients, although the parameters still do.

inputs = torch.randn(16, 10, device=device)
with torch.no_grad():
    out = model(inputs)
print(out.requires_grad, out.grad_fn, model[0].weight.requires_grad)
assert not out.requires_grad and out.grad_fn is None and model[0].weight.requires_grad

# %%
# ``torch.inference_mode()`` goes one step further and skips some bookkeeping that
# ``no_grad`` keeps, which makes it a little faster. Its outputs are *inference tensors*.

with torch.inference_mode():
    features = model[0](inputs)
print(features.requires_grad, features.is_inference())
assert not features.requires_grad and features.is_inference()

# %%
# The price is that inference tensors can never take part in autograd afterwards. Here
# the features computed above are fed to a layer whose weight requires gradients, outside
# inference mode; the layer must save its input for the backward pass, and cannot.

head = nn.Linear(32, 2).to(device)
try:
    head(features)
except RuntimeError as error:
    message = str(error)
print("RuntimeError:", message.split(". ")[0] + ".")
assert "Inference tensors cannot be saved for backward" in message

# %%
# A ``clone()`` made outside inference mode is an ordinary tensor, and the same call
# works. When the outputs may be used for training later, prefer ``no_grad()``.

out = head(features.clone())
print(out.requires_grad)
assert out.requires_grad

# %%
# Two switches, two different jobs
# ---------------------------------
#
# The two switches are independent, and each is easy to mistake for the other. First,
# ``eval()`` does not stop gradients: in evaluation mode the output is still recorded and
# ``backward()`` still works.

model.eval()
out = model(inputs)
print(model.training, out.requires_grad)
assert not model.training and out.requires_grad and out.grad_fn is not None
out.sum().backward()
assert model[0].weight.grad is not None

# %%
# Second, ``no_grad()`` does not switch dropout off: in training mode, two calls on the
# same input still differ, because each call drops different units.

model.train()
with torch.no_grad():
    a, b = model(inputs), model(inputs)
print(model.training, torch.equal(a, b))
assert model.training and not torch.equal(a, b)

# %%
# So evaluation code uses both: ``model.eval()`` for deterministic, batch-independent
# outputs, and ``torch.no_grad()`` to skip the record. That is exactly what ``evaluate``
# from ``tutorial_utils`` does. Calling ``model.train()`` again before the next training
# step is your job.

with torch.no_grad():
    model.eval()
    a, b = model(inputs), model(inputs)
print(torch.equal(a, b), a.requires_grad)
assert torch.equal(a, b) and not a.requires_grad
assert all(m.training for m in model.train().modules())

# %%
# Summary
# -------
#
# - ``model.train()`` and ``model.eval()`` set the ``training`` flag on every sub-module.
#   In training mode dropout zeroes elements with probability :math:`p` and scales the rest by
#   :math:`\frac{1}{1 - p}`, and batch norm uses batch statistics and updates its running ones; in
#   evaluation mode dropout is the identity and batch norm uses the running statistics.
# - ``torch.no_grad()`` and ``torch.inference_mode()`` stop autograd from recording;
#   inference tensors cannot be used in autograd later.
# - ``eval()`` does not stop gradients, and ``no_grad()`` does not switch modes: to
#   evaluate, use both.
#
# .. seealso::
#
#    - `torch.nn.Module.train <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.train>`__
#    - `torch.nn.Module.eval <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval>`__
#    - `torch.nn.Dropout <https://docs.pytorch.org/docs/stable/generated/torch.nn.Dropout.html>`__
#    - `torch.nn.BatchNorm1d <https://docs.pytorch.org/docs/stable/generated/torch.nn.BatchNorm1d.html>`__
#    - `torch.no_grad <https://docs.pytorch.org/docs/stable/generated/torch.no_grad.html>`__
#    - `torch.inference_mode <https://docs.pytorch.org/docs/stable/generated/torch.inference_mode.html>`__
#    - `Autograd mechanics: grad modes <https://docs.pytorch.org/docs/stable/notes/autograd.html#locally-disabling-gradient-computation>`__
