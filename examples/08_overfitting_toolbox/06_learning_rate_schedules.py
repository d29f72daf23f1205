r"""
.. _overfitting_lr_schedules:

Learning-rate schedules
=======================

A learning-rate schedule starts training with large steps and makes them smaller later.
This page runs three schedulers: ``StepLR`` and ``CosineAnnealingLR``, which follow a fixed
timetable, and ``ReduceLROnPlateau``, which watches the validation loss. Afterwards you can
add a schedule to a training loop. You should know the optimizer with momentum
(:ref:`overfitting_momentum_schedules`) and the validation set (:ref:`overfitting_splits`).

Cut for speed: the schedulers run on small generated problems instead of MNIST.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Schedules on a fixed timetable
# ------------------------------
#
# A large learning rate makes fast progress early, but near a minimum its steps, made
# noisy by mini-batches, bounce around instead of settling. A *scheduler* changes the
# optimizer's learning rate as training goes on. It is created around the optimizer and
# stepped once per epoch, after the epoch's ``optimizer.step()`` calls.
#
# ``StepLR(optimizer, step_size, gamma)`` multiplies the learning rate by ``gamma``
# (:math:`\gamma`) every ``step_size`` (:math:`s`) epochs, so in epoch :math:`e`, counted
# from 0, it is
#
# .. math::
#
#    \eta_e = \eta_0 \, \gamma^{\left\lfloor e / s \right\rfloor}
#
# with :math:`\eta_0` the optimizer's ``lr``.
# ``scheduler.get_last_lr()`` returns the current value (one per parameter group). The
# loop below has no data; the empty ``optimizer.step()`` only keeps the required order.

import math

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.nn import functional as F

from tutorial_utils import seed_everything
from tutorial_utils.ch08_toolbox import train_epoch

seed_everything(0)

param = nn.Parameter(torch.zeros(1))
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)
for epoch in range(10):
    lr_now = scheduler.get_last_lr()[0]
    print(f"epoch {epoch}: lr {lr_now:.5f}")
    assert abs(lr_now - 0.1 * 0.5 ** (epoch // 3)) < 1e-12
    assert optimizer.param_groups[0]["lr"] == lr_now
    optimizer.step()
    scheduler.step()

# %%
# ``CosineAnnealingLR(optimizer, T_max)`` lowers the rate smoothly instead, along half a
# cosine from :math:`\eta_0` to ``eta_min`` (:math:`\eta_\text{min}`, default 0) in
# ``T_max`` (:math:`T`) epochs:
#
# .. math::
#
#    \eta_e = \eta_\text{min} + \frac{1}{2}\left(\eta_0 - \eta_\text{min}\right)
#    \left(1 + \cos\frac{\pi e}{T}\right)
#
# The same loop checks the formula for :math:`T = 10`.

optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)
cosine = []
for epoch in range(11):
    cosine.append(scheduler.get_last_lr()[0])
    assert abs(cosine[-1] - 0.5 * 0.1 * (1 + math.cos(math.pi * epoch / 10))) < 1e-9
    optimizer.step()
    scheduler.step()
print("cosine:", [f"{lr:.4f}" for lr in cosine])

# %%
# ``ReduceLROnPlateau``: cut when validation stalls
# -------------------------------------------------
#
# A fixed timetable has to be guessed in advance. ``ReduceLROnPlateau`` instead watches a
# number you pass to ``scheduler.step(value)``, here the validation loss: when it has not
# improved for more than ``patience`` epochs in a row, the learning rate is multiplied by
# ``factor``, :math:`\eta \leftarrow \text{factor} \cdot \eta`: "start with a large
# learning rate and lower it when the loss stops changing", done automatically.
#
# .. in-the-notes::
#
#    The notes' loop reads ``for epoch in xrange(...)``; ``xrange`` is Python 2, and in
#    Python 3 it is ``range``.
#
# Many older examples pass ``verbose=True`` to the scheduler; that argument was deprecated
# and then removed, so current PyTorch rejects it with a ``TypeError``, shown below. To see
# the learning rate, read
# ``scheduler.get_last_lr()`` or ``optimizer.param_groups[0]["lr"]``.

try:
    torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([torch.zeros(1)], lr=0.1), verbose=True)
except TypeError as error:
    print("TypeError:", error)
else:
    raise AssertionError("verbose=True was accepted")

# %%
#
# The problem: a small network learns :math:`y = \sin(3x)` from 256 noisy points, with
# mini-batches of 16 and SGD with momentum, validated on 256 other points.

x = 4 * torch.rand(512, 1) - 2
y = torch.sin(3 * x) + 0.1 * torch.randn(512, 1)
x_train, y_train, x_val, y_val = x[:256], y[:256], x[256:], y[256:]
model = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
patience = 3
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.2, patience=patience)

# %%
# Each epoch trains on shuffled mini-batches with ``train_epoch`` (from
# ``tutorial_utils.ch08_toolbox``), measures the validation loss without a graph, and hands
# it to the scheduler. The learning rate used in each epoch is recorded.

lrs, val_losses = [], []
for epoch in range(40):
    lrs.append(scheduler.get_last_lr()[0])
    train_epoch(model, optimizer, x_train, y_train, batch_size=16, loss_fn=F.mse_loss)
    model.eval()
    with torch.no_grad():
        val_losses.append(F.mse_loss(model(x_val), y_val).item())
    scheduler.step(val_losses[-1])
print("learning rates used:", [f"{lr:.2g}" for lr in sorted(set(lrs), reverse=True)])

# %%
# The scheduler cut the learning rate at least once, and the first cut came only after
# ``patience + 1`` epochs in a row without a new best validation loss. (A new best must be
# lower than the old one by the default ``threshold``, a relative 0.0001:
# :math:`L < L_\text{best} \cdot (1 - 10^{-4})`.)
#
# After the cut, with smaller steps, the validation loss went lower than it had ever been
# before the cut.

first_cut = next(e for e in range(1, 40) if lrs[e] < lrs[e - 1])
best, improved = float("inf"), []
for loss in val_losses:
    improved.append(loss < best * (1 - 1e-4))
    best = loss if improved[-1] else best
stalled = range(first_cut - patience - 1, first_cut)
print(f"first cut before epoch {first_cut}; epochs {list(stalled)} brought no new best")
assert lrs[-1] < lrs[0]
assert not any(improved[e] for e in stalled)
before, after = min(val_losses[:first_cut]), min(val_losses[first_cut:])
print(f"best validation loss before the first cut {before:.4f}, after {after:.4f}")
assert after < before

# %%
# The two curves together: each drop of the learning rate (bottom) follows a stretch where
# the validation loss (top) stopped improving.

fig, (ax_loss, ax_lr) = plt.subplots(2, 1, figsize=(7, 5), sharex=True)
ax_loss.semilogy(val_losses, "o-", markersize=3)
ax_loss.set(ylabel="validation MSE", title="ReduceLROnPlateau(factor=0.2, patience=3)")
ax_lr.semilogy(lrs, "o-", markersize=3, color="tab:orange")
ax_lr.set(ylabel="learning rate", xlabel="epoch")
for ax in (ax_loss, ax_lr):
    ax.axvline(first_cut, color="gray", linestyle="--")
fig.tight_layout()

# %%
# Summary
# -------
#
# - ``StepLR`` lowers the learning rate on a fixed timetable,
#   :math:`\eta_e = \eta_0 \, \gamma^{\left\lfloor e / s \right\rfloor}`.
# - ``CosineAnnealingLR`` lowers it along half a cosine,
#   :math:`\eta_e = \eta_\text{min} + \frac{1}{2}(\eta_0 - \eta_\text{min})(1 + \cos\frac{\pi e}{T})`.
# - ``ReduceLROnPlateau`` lowers it when the value passed to ``scheduler.step(value)`` stops
#   improving for more than ``patience`` epochs; pass the validation loss.
# - Step the scheduler once per epoch, after the optimizer; read the learning rate with
#   ``scheduler.get_last_lr()``.
#
# .. seealso::
#
#    - `torch.optim.lr_scheduler.StepLR <https://docs.pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.StepLR.html>`__
#    - `torch.optim.lr_scheduler.CosineAnnealingLR <https://docs.pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html>`__
#    - `torch.optim.lr_scheduler.ReduceLROnPlateau <https://docs.pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html>`__
#    - `How to adjust the learning rate <https://docs.pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate>`__
