"""
.. _cnn_batchnorm:

Batch normalisation
===================

Batch normalisation keeps the numbers flowing through a network in a range where training
works well. This page shows why that range matters for a sigmoid, what ``nn.BatchNorm2d``
computes from a batch, the running statistics it keeps while training, and how it behaves in
evaluation mode. Each step is checked against its formula, so afterwards you can predict a
batch-norm layer's output in either mode, and you know why ``model.eval()`` comes before
testing. Read :ref:`cnn_conv2d` first; the sigmoid's derivative comes from
:ref:`chapter_gradients`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Why batch normalisation
# -----------------------
#
# Outside about [−4, 4] the sigmoid's *output* is close to 0 or 1, and its *derivative*
# :math:`\sigma'(x) = \sigma(x) (1 - \sigma(x))` is close to 0. The sigmoid *saturates*: a
# neuron whose input sits there passes almost no gradient back, and its weights barely
# change. The derivative at a few points:
#
# .. in-the-notes::
#
#    The notes say that the sigmoid "outputs values close to 0 outside [−4, 4]". There the
#    output is close to 0 *or 1*; it is the derivative that is close to 0.

import torch
from torch import nn

from tutorial_utils import seed_everything

seed_everything(0)

z = torch.tensor([0.0, 2.0, 4.0, 6.0, 8.0])
s = torch.sigmoid(z)
ds = s * (1 - s)
for zi, si, di in zip(z.tolist(), s.tolist(), ds.tolist()):
    print(f"x = {zi:3.0f}   σ(x) = {si:.4f}   σ'(x) = {di:.5f}")
print(f"σ'(0) / σ'(4) = {(ds[0] / ds[2]).item():.1f}")
assert ds[0] == 0.25 and ds[2] < 0.02 and 13 < ds[0] / ds[2] < 15

# %%
# At :math:`x = 4` the derivative is already only about 1/14 of its value at 0. If the inputs to
# a layer drift to, say, a mean of 6 and a standard deviation of 3, most of them land in the
# flat region. Shifting and scaling them to mean 0 and standard deviation 1 brings them back
# to where the derivative is large; the average derivative grows several-fold.


def mean_sigmoid_derivative(values):
    s = torch.sigmoid(values)
    return (s * (1 - s)).mean().item()


raw = 6 + 3 * torch.randn(10_000)
normalised = (raw - raw.mean()) / raw.std()
print(f"share beyond ±4  raw: {(raw.abs() > 4).float().mean().item():.2f}   normalised: {(normalised.abs() > 4).float().mean().item():.4f}")
assert (raw.abs() > 4).float().mean() > 0.5
print(f"average σ'  raw: {mean_sigmoid_derivative(raw):.4f}   normalised: {mean_sigmoid_derivative(normalised):.4f}")
assert mean_sigmoid_derivative(normalised) > 5 * mean_sigmoid_derivative(raw)

# %%
# Batch normalisation does this inside the network, for every layer it follows, and with the
# statistics of the current mini-batch. ``nn.BatchNorm2d(C)`` normalises each of the ``C``
# channels with the mean :math:`\mu_B` and variance :math:`\sigma_B^{2}` of that channel over
# the batch and all positions (the dimensions 0, 2 and 3: :math:`m = N H W` values
# :math:`x_1, \ldots, x_m` per channel), then applies a learnable scale ``weight``
# (:math:`\gamma`) and shift ``bias`` (:math:`\beta`), one per channel, so the network can
# still choose another range if that works better:
#
# .. math::
#
#    \begin{aligned}
#    \mu_B &= \frac{1}{m} \sum_{i=1}^{m} x_i, \qquad
#    \sigma_B^{2} = \frac{1}{m} \sum_{i=1}^{m} (x_i - \mu_B)^{2}, \\
#    \hat{x}_i &= \frac{x_i - \mu_B}{\sqrt{\sigma_B^{2} + \epsilon}}, \qquad
#    y_i = \gamma \hat{x}_i + \beta
#    \end{aligned}
#
# :math:`\gamma` starts at 1 and :math:`\beta` at 0, so a fresh layer only normalises. A batch of 8 inputs with 16
# channels and mean 5, standard deviation 3, comes out with mean about 0 and standard
# deviation about 1 in every channel.


def first_four(values):
    return " ".join(f"{v:7.4f}" for v in values[:4].tolist()) + "  ..."


bn = nn.BatchNorm2d(16)
print(bn.weight.shape, bn.bias.shape, bn.training)
x = 5 + 3 * torch.randn(8, 16, 7, 7)
y = bn(x)
mean, std = y.mean(dim=(0, 2, 3)), y.std(dim=(0, 2, 3), unbiased=False)
print("per-channel mean:", first_four(mean))
print("per-channel std: ", first_four(std))
torch.testing.assert_close(mean, torch.zeros(16), atol=1e-5, rtol=0)
torch.testing.assert_close(std, torch.ones(16), atol=1e-3, rtol=0)

# %%
# The formula can be checked directly, with :math:`\epsilon` = ``bn.eps``. Note that the
# normalisation uses the *biased* variance of the batch (divided by :math:`m`, not
# :math:`m - 1`).

batch_mean = x.mean(dim=(0, 2, 3), keepdim=True)
batch_var = x.var(dim=(0, 2, 3), keepdim=True, unbiased=False)
torch.testing.assert_close(y, (x - batch_mean) / torch.sqrt(batch_var + bn.eps), atol=1e-4, rtol=1e-4)
print("eps =", bn.eps)

# %%
# Running statistics
# ------------------
#
# At test time a prediction should not depend on which other images share the batch, and a
# batch may hold a single image. So in training mode the layer also keeps exponential moving
# averages of the batch statistics, ``running_mean`` and ``running_var`` (buffers, not
# parameters: the optimizer does not change them). They start at 0 and 1, and each training
# batch updates them with the weight :math:`\alpha` = ``momentum`` = 0.1:
#
# .. math::
#
#    \begin{aligned}
#    \mu_{\text{running}} &\leftarrow (1 - \alpha) \, \mu_{\text{running}} + \alpha \, \mu_B \\
#    \sigma_{\text{running}}^{2} &\leftarrow (1 - \alpha) \, \sigma_{\text{running}}^{2} + \alpha \, \frac{m}{m - 1} \sigma_B^{2}
#    \end{aligned}
#
# where, unlike in the normalisation itself, the batch variance is the *unbiased* one
# (divided by :math:`m - 1`). Note that this ``momentum`` is the weight of the *new* value,
# not of the old average as in the momentum of an optimizer. After the single batch above:

n = x.numel() // x.shape[1]
print("m:", n, "| momentum:", bn.momentum, "| batches seen:", bn.num_batches_tracked.item())
expected_mean = 0.9 * torch.zeros(16) + 0.1 * x.mean(dim=(0, 2, 3))
expected_var = 0.9 * torch.ones(16) + 0.1 * n / (n - 1) * x.var(dim=(0, 2, 3), unbiased=False)
print("running_mean:", first_four(bn.running_mean))
print("running_var: ", first_four(bn.running_var))
torch.testing.assert_close(bn.running_mean, expected_mean, atol=1e-4, rtol=1e-4)
torch.testing.assert_close(bn.running_var, expected_var, atol=1e-4, rtol=1e-4)

# %%
# Evaluation mode
# ---------------
#
# ``bn.eval()`` switches the layer to evaluation mode: it normalises with the running
# statistics instead of the batch's,
# :math:`\hat{x} = (x - \mu_{\text{running}}) / \sqrt{\sigma_{\text{running}}^{2} + \epsilon}`,
# and no longer updates them. (``model.eval()`` and
# ``model.train()`` switch every layer of a model at once.) After only one batch the running
# statistics are still far from the data's (mean 5, variance 9), so the same input now comes
# out quite differently:

bn.eval()
running_before = bn.running_mean.clone()
y_eval = bn(x)
assert torch.equal(bn.running_mean, running_before)
print("train mode: mean", round(y.mean().item(), 3), " std", round(y.std().item(), 3))
print("eval mode:  mean", round(y_eval.mean().item(), 3), " std", round(y_eval.std().item(), 3))
print("mean absolute difference:", round((y_eval - y).abs().mean().item(), 3))
by_formula = (x - bn.running_mean.view(1, -1, 1, 1)) / torch.sqrt(bn.running_var.view(1, -1, 1, 1) + bn.eps)
torch.testing.assert_close(y_eval, by_formula, atol=1e-4, rtol=1e-4)
assert (y_eval - y).abs().mean() > 1

# %%
# In evaluation mode each image is normalised on its own: one image alone gives the same
# output as inside the batch. In training mode a batch of one image would be normalised with
# its own statistics, a different result.

torch.testing.assert_close(bn(x[:1]), y_eval[:1], atol=1e-4, rtol=1e-4)
bn.train()
assert not torch.allclose(bn(x[:1]), y[:1], atol=1e-3)

# %%
# During training the running statistics follow the data. After 50 more training batches
# from the same distribution they are close to the true mean 5 and variance 9, and in
# evaluation mode a new batch now comes out with mean about 0 and standard deviation about 1,
# as in training.

with torch.no_grad():
    for _ in range(50):
        bn(5 + 3 * torch.randn(8, 16, 7, 7))
bn.eval()
y_new = bn(5 + 3 * torch.randn(8, 16, 7, 7))
print("running_mean ≈", round(bn.running_mean.mean().item(), 3), " running_var ≈", round(bn.running_var.mean().item(), 3))
print("eval output: mean", round(y_new.mean().item(), 3), " std", round(y_new.std().item(), 3))
assert abs(bn.running_mean.mean() - 5) < 0.2 and abs(bn.running_var.mean() - 9) < 1
assert abs(y_new.mean()) < 0.1 and abs(y_new.std() - 1) < 0.1

# %%
# Summary
# -------
#
# - The sigmoid's derivative is tiny for inputs beyond about ±4; batch normalisation keeps
#   each channel near mean 0, standard deviation 1, then lets :math:`\gamma` and
#   :math:`\beta` rescale it: :math:`y = \gamma \hat{x} + \beta`.
# - ``nn.BatchNorm2d`` uses the batch statistics in training mode and updates
#   ``running_mean`` and ``running_var`` with momentum 0.1 (unbiased variance); in
#   evaluation mode it uses those running statistics. Call ``model.eval()`` before testing.
#
# .. seealso::
#
#    - `torch.nn.BatchNorm2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.BatchNorm2d.html>`__
#    - `torch.nn.Module.eval <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.eval>`__
#    - `torch.sigmoid <https://docs.pytorch.org/docs/stable/generated/torch.sigmoid.html>`__
