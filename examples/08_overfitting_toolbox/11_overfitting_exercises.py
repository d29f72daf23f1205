"""
.. _exercises_overfitting:

Exercises: splits, penalties, momentum, dropout and early stopping
==================================================================

Six exercises on this chapter's toolbox, each written by hand on small made-up numbers
instead of MNIST: a reproducible train, validation and test split, an L2 penalty, a momentum
step and a step learning-rate schedule that match PyTorch's, inverted dropout, and, as the
last and largest task, early stopping that restores the best weights. Each exercise says
what it practises and which page it builds on, gives starter code with ``...`` where your
code goes, and ends with a check. You should have read the chapter's pages, from
:ref:`overfitting_splits` to :ref:`overfitting_dropout`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# As in :ref:`exercises_installation`: each check runs your code on a few cases and prints
# one line, ``✓`` and what passed, or ``✗`` and what is wrong, without giving the answer
# away. On this page the checks run on the starter code, so they print ``✗``; replace each
# ``...`` in your own copy of the page (the download buttons at the bottom) until they
# print ``✓``. Each reference answer is folded under its exercise.

import copy

import torch

from tutorial_utils.exercises.ch08 import (check_dropout, check_early_stopping, check_l2_penalty,
                                           check_momentum_step, check_split_indices, check_step_lr)

# %%
# Exercise 1: a reproducible three-way split
# ------------------------------------------
#
# Practises seeded random splits (:ref:`overfitting_splits`). Write
# ``split_indices(n, n_val, n_test, seed)``, which shuffles the indices
# :math:`0, 1, \ldots, n - 1` and returns three lists ``(train, val, test)`` of
# ``n - n_val - n_test``, ``n_val`` and ``n_test`` indices. The same seed must give the same split at every call, and another
# seed another split. The check tries three sizes; its ``✗`` line names the first
# requirement your split breaks: the sizes, missing indices, a training set that was not
# shuffled, different results for the same seed, or the same split for another seed.


def split_indices(n, n_val, n_test, seed):
    return ...


check_split_indices(split_indices)

# %%
# .. answer-begin::
#
# One seeded permutation, cut into three consecutive pieces, gives pieces that share no
# index and together hold every index once. The generator, not the global random state,
# makes the split reproducible: nothing else the program draws can change it. It is created
# on the default device, as on :ref:`overfitting_splits`, so that ``torch.randperm`` also
# works with ``torch.set_default_device("cuda")``.

def split_indices(n, n_val, n_test, seed):
    generator = torch.Generator(device=torch.get_default_device()).manual_seed(seed)
    order = torch.randperm(n, generator=generator).tolist()
    n_train = n - n_val - n_test
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]


assert check_split_indices(split_indices)

# %%
# .. answer-end::

# %%
# Exercise 2: an L2 penalty
# -------------------------
#
# Practises the L2 penalty (:ref:`overfitting_regularisation`). Write
# ``l2_penalty(model, lam)``, which returns
# :math:`\frac{\lambda}{2} \lVert w \rVert_2^2 = \frac{\lambda}{2} \sum_i w_i^2`, with
# :math:`\lambda` = ``lam``, summed over the model's weight matrices (the parameters whose
# name ends in ``weight``), leaving the biases out. It must
# be a tensor that autograd can differentiate, so that ``loss + l2_penalty(model, lam)``
# trains with it. The check builds small stacks of ``nn.Linear`` layers with fixed weights,
# compares the value, then calls ``backward()`` and expects the gradient :math:`\lambda w`
# on every weight and 0 on every bias.


def l2_penalty(model, lam):
    return ...


check_l2_penalty(l2_penalty)

# %%
# .. answer-begin::
#
# ``named_parameters()`` gives each parameter with its name, so the biases are easy to leave
# out. The sum is built from tensor operations only (no ``.item()``), so autograd records it,
# and the gradient of :math:`\frac{\lambda}{2} w^2` is :math:`\lambda w`: exactly what
# ``weight_decay=lam`` adds to the gradient of the weights' parameter group.

def l2_penalty(model, lam):
    weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    return lam / 2 * sum(w.pow(2).sum() for w in weights)


assert check_l2_penalty(l2_penalty)

# %%
# .. answer-end::

# %%
# Exercise 3: a momentum step by hand
# -----------------------------------
#
# Practises the momentum update (:ref:`overfitting_momentum_schedules`). Write
# ``momentum_step(w, v, grad, lr, beta)``, which takes the weights ``w``, the momentum
# buffer ``v`` (zeros before the first step) and the gradient ``grad`` and returns the new
# ``(w, v)`` after one step of ``torch.optim.SGD(..., lr=lr, momentum=beta)``. The check runs
# four steps with fixed gradients, once with a constant learning rate and once with one that
# changes between steps, and compares both ``w`` and ``v`` after every step with the
# optimizer's weights and its ``momentum_buffer``.


def momentum_step(w, v, grad, lr, beta):
    return ...


check_momentum_step(momentum_step)

# %%
# .. answer-begin::
#
# PyTorch's form keeps in :math:`v` a decaying sum of the gradients, without the learning
# rate: :math:`v \leftarrow \mu v + \nabla f(w)`, then :math:`w \leftarrow w - \eta v`,
# with :math:`\mu` = ``beta`` and :math:`\eta` = ``lr``. The form
# :math:`v \leftarrow \mu v - \eta \nabla f(w)`, :math:`w \leftarrow w + v` keeps a
# different :math:`v` (:math:`-\eta` times this one) and, once the learning rate changes
# between steps, different weights too; the check compares :math:`v` as well as :math:`w`.

def momentum_step(w, v, grad, lr, beta):
    v = beta * v + grad
    return w - lr * v, v


assert check_momentum_step(momentum_step)

# %%
# .. answer-end::

# %%
# Exercise 4: a step schedule as a formula
# ----------------------------------------
#
# Practises ``StepLR`` (:ref:`overfitting_lr_schedules`). Write
# ``step_lr(epoch, lr, step_size, gamma)``, which returns the learning rate that
# ``StepLR(optimizer, step_size, gamma)`` sets in epoch ``epoch`` (counted from 0) when the
# optimizer was created with ``lr``. The check runs the real scheduler for 12 epochs with two
# settings and prints by how much your value is off in the first epoch where it is wrong.


def step_lr(epoch, lr, step_size, gamma):
    return ...


check_step_lr(step_lr)

# %%
# .. answer-begin::
#
# The rate is multiplied by ``gamma`` (:math:`\gamma`) once every ``step_size``
# (:math:`s`) epochs, so in epoch :math:`e` it has been multiplied
# :math:`\left\lfloor e / s \right\rfloor` times (``epoch // step_size``):
# :math:`\eta_e = \eta_0 \, \gamma^{\left\lfloor e / s \right\rfloor}`. The integer division matters: with
# ``epoch / step_size`` the rate would shrink a little every epoch, and with
# ``(epoch + 1) // step_size`` every cut would come one epoch early.

def step_lr(epoch, lr, step_size, gamma):
    return lr * gamma ** (epoch // step_size)


assert check_step_lr(step_lr)

# %%
# .. answer-end::

# %%
# Exercise 5: inverted dropout by hand
# ------------------------------------
#
# Practises what ``nn.Dropout`` does (:ref:`overfitting_dropout`). Write
# ``dropout(x, p, training=True)``: in training mode it sets each element of ``x`` to 0 with
# probability :math:`p`, drawn afresh at every call, and multiplies the others by
# :math:`\frac{1}{1 - p}`; with ``training=False`` it returns ``x`` unchanged. The check calls it on
# 100,000 positive numbers with :math:`p = 0.5` and :math:`p = 0.2` and looks at the
# fraction of zeros (which must be within 0.01 of :math:`p`), at the factor the survivors were scaled by,
# at whether two calls drop different elements, and at the evaluation mode.


def dropout(x, p, training=True):
    return ...


check_dropout(dropout)

# %%
# .. answer-begin::
#
# ``torch.rand_like(x)`` draws one uniform number in :math:`[0, 1)` per element, and an
# element survives when its number is at least :math:`p`, which happens with probability
# :math:`1 - p`. Each survivor is divided by :math:`1 - p` so that the expected value of
# every element stays :math:`x`, which is why evaluation mode can simply return the input.

def dropout(x, p, training=True):
    if not training:
        return x
    keep = (torch.rand_like(x) >= p).to(x.dtype)
    return x * keep / (1 - p)


assert check_dropout(dropout)

# %%
# .. answer-end::

# %%
# Exercise 6: early stopping with best-weight restore
# ---------------------------------------------------
#
# Practises the early-stopping loop (:ref:`overfitting_early_stopping`). Write
# ``early_stopping(model, train_step, validate, patience, max_epochs)``, which works with any
# model: in every epoch it calls ``train_step(model)`` and then ``validate(model)``, which
# returns a validation loss. An epoch improves when its loss is strictly below the best so
# far. After ``patience`` epochs in a row without improvement, or after ``max_epochs``
# epochs, it stops, loads the weights of the best epoch back into ``model`` and returns
# the number of that epoch, counted from 0.
#
# The check's ``train_step`` adds 1 to every weight in place, as an optimizer step does,
# so the weights tell which epoch they come from; its ``validate`` returns a fixed sequence
# of losses. Case 1 has a minimum at epoch 2 and a rise after it (patience 3), case 2 a loss
# that improves at every epoch, case 3 equal losses at first. The check counts the epochs
# trained and compares the returned epoch and the weights left in the model.


def early_stopping(model, train_step, validate, patience, max_epochs):
    return ...


check_early_stopping(early_stopping)

# %%
# .. answer-begin::
#
# The loop is the one of :ref:`overfitting_early_stopping`, with training and validation
# passed in as functions. The copy of the best weights must be a real copy:
# ``model.state_dict()`` alone shares memory with the parameters, so the in-place changes of
# the later epochs would reach it, and the "restored" weights would be the last ones.
# ``copy.deepcopy`` makes the copy independent.

def early_stopping(model, train_step, validate, patience, max_epochs):
    best_loss, best_epoch, bad_epochs = float("inf"), -1, 0
    for epoch in range(max_epochs):
        train_step(model)
        loss = validate(model)
        if loss < best_loss:
            best_loss, best_epoch, bad_epochs = loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad_epochs += 1
            if bad_epochs == patience:
                break
    model.load_state_dict(best_state)
    return best_epoch


assert check_early_stopping(early_stopping)

# %%
# .. answer-end::
