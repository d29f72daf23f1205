"""
.. _exercises_visualisation:

Exercises: smoothing, choosing and reading back training curves
===============================================================

Three exercises on this chapter, none of which needs a running server: smoothing a noisy
loss curve with a moving average, finding the best epoch in a training history, and
reading every point of a TensorBoard log back into Python. Each exercise says what it
practises and which page it builds on, gives starter code with ``...`` where your code
goes, and ends with a check. You should have read :ref:`visualising_visdom_training` and
:ref:`visualisation_tensorboard`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# Each check runs your code on a few cases of its own and prints one line: ``✓`` and what
# passed, or ``✗`` and what is wrong, without giving the answer away. On this page the checks
# run on the starter code, so they print ``✗``; :ref:`exercises_installation` explains the
# checks and the downloads in full.

import matplotlib.pyplot as plt
import torch
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from tutorial_utils.exercises.ch07 import check_best_epoch, check_read_scalars, check_smooth

# %%
# Exercise 1: a moving average of a noisy loss curve
# --------------------------------------------------
#
# Practises reading a training curve (:ref:`visualising_visdom_training`): the loss of every step
# jumps up and down from batch to batch, and an average over the last few steps shows the
# trend. Write ``smooth(values, window)``, which takes a 1-D tensor of losses and returns a
# tensor of the same length whose element ``i`` is the mean of ``values[i - window + 1]``
# to ``values[i]``; at the start, where fewer than ``window`` values came before, it is the
# mean of those there are. The check tries a window of 5, a window of 1 (which must leave
# the curve as it is) and a window longer than the curve, and compares with a loop of its
# own.


def smooth(values, window):
    return ...


check_smooth(smooth)

# %%
# .. answer-begin::
#
# ``max(0, i - window + 1)`` is where the window of step ``i`` starts: never before the
# first value, so the first windows are shorter, and ``.mean()`` divides by the number of
# values they hold. ``torch.stack`` turns the list of one-element means into a tensor. The
# plot shows a made-up noisy loss curve and its moving average over 20 steps, which
# changes far less from one step to the next.

def smooth(values, window):
    return torch.stack([values[max(0, i - window + 1):i + 1].mean() for i in range(len(values))])


torch.manual_seed(0)
steps = torch.arange(300)
noisy = 2.3 * torch.exp(-steps / 60) + 0.2 + 0.4 * torch.rand(300)
smoothed = smooth(noisy, 20)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(steps.tolist(), noisy.tolist(), alpha=0.4, label="every step")
ax.plot(steps.tolist(), smoothed.tolist(), label="moving average of 20")
ax.set(xlabel="step", ylabel="loss", title="A noisy loss curve and its moving average")
ax.legend()
fig.tight_layout()
assert smoothed.diff().abs().mean() < noisy.diff().abs().mean() / 5
assert check_smooth(smooth)

# %%
# .. answer-end::

# %%
# Exercise 2: the best epoch of a run
# -----------------------------------
#
# Practises the two kinds of curve of :ref:`visualising_visdom_training`: one point per step and
# one per epoch. ``tutorial_utils.fit`` returns such a history as a dict:
# ``history["train_loss"]`` holds the training loss of every step and
# ``history["test_acc"]`` the test accuracy after every epoch, each epoch having the same
# number of steps. Write ``best_epoch(history)``, which returns the pair ``(epoch, loss)``:
# the epoch with the highest test accuracy, counted from 1 as the chapter's pages log it
# (on a tie, the earlier epoch), and the mean training loss of that epoch's steps. The
# check tries three histories, one of them with a tie.


def best_epoch(history):
    return ...


check_best_epoch(best_epoch)

# %%
# .. answer-begin::
#
# ``list.index`` finds the first position of the highest accuracy, so a tie goes to the
# earlier epoch; adding 1 turns the position into the epoch number. The number of steps per
# epoch is the number of losses divided by the number of epochs, and epoch ``e`` owns the
# steps from ``(e - 1) * per_epoch`` up to ``e * per_epoch``.

def best_epoch(history):
    accuracies, losses = history["test_acc"], history["train_loss"]
    epoch = accuracies.index(max(accuracies)) + 1
    per_epoch = len(losses) // len(accuracies)
    epoch_losses = losses[(epoch - 1) * per_epoch:epoch * per_epoch]
    return epoch, sum(epoch_losses) / len(epoch_losses)


assert check_best_epoch(best_epoch)

# %%
# .. answer-end::

# %%
# Exercise 3: every point of a TensorBoard log
# --------------------------------------------
#
# Practises ``EventAccumulator`` (:ref:`visualisation_tensorboard`). Write
# ``read_scalars(logdir, tag)``, which reads the event files in the folder ``logdir`` and
# returns the pair ``(steps, values)``: two lists with the step and the value of every
# point logged under ``tag``, all of them, in order. The check writes a log of its own with
# ``SummaryWriter`` into a temporary folder, with 10,500 training losses under
# ``loss/train``, one per step, and three accuracies under ``accuracy/test`` at steps 1 to
# 3, and compares what your function reads with what it wrote. The check says how many
# points you read and how many there are when the two counts differ.


def read_scalars(logdir, tag):
    return ...


check_read_scalars(read_scalars)

# %%
# .. answer-begin::
#
# ``EventAccumulator`` keeps at most 10,000 points per scalar tag unless told otherwise:
# with more, it returns a sample of them, so the check would count 10,000 instead of 10,500.
# ``size_guidance={"scalars": 0}`` keeps them all. ``Reload()`` reads the files, and each
# record of ``Scalars(tag)`` has the ``step`` and ``value`` that were logged.

def read_scalars(logdir, tag):
    events = EventAccumulator(logdir, size_guidance={"scalars": 0})
    events.Reload()
    points = events.Scalars(tag)
    return [p.step for p in points], [p.value for p in points]


assert check_read_scalars(read_scalars)

# %%
# .. answer-end::
