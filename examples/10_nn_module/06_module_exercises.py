"""
.. _exercises_nn_module:

Exercises: building, freezing, saving and switching modules
===========================================================

Five exercises on this chapter: a model assembled with ``nn.Sequential``, a model whose
parameters are frozen except for its last layer, a layer of your own that keeps its state
in buffers, a model saved and loaded again, and a prediction function that switches dropout
off and puts the model back as it found it. Each exercise says what it practises and which
page it builds on, gives starter code with ``...`` where your code goes, and ends with a
check. You should have read the chapter's pages, from :ref:`module_containers` to
:ref:`module_custom_layers`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# Each check runs your code on a few cases and prints one line: ``✓`` and what passed, or
# ``✗`` and what is wrong, without giving the answer away (see :ref:`exercises_installation`
# for the details). On this page the checks run on the starter code, so they print ``✗``;
# replace each ``...`` in your own copy of the page (the download buttons at the bottom)
# until they print ``✓``. Each reference answer is folded under its exercise.

import io

import torch
from torch import nn

from tutorial_utils.exercises.ch10 import (check_freeze_all_but_last, check_make_mlp, check_predict,
                                           check_save_and_load, check_standardize)

# %%
# Exercise 1: a model from a list of sizes
# ----------------------------------------
#
# Practises ``nn.Sequential`` (:ref:`module_containers`). Write ``make_mlp(sizes)``, which
# returns an ``nn.Sequential`` of ``nn.Linear`` layers, the ``i``-th from ``sizes[i]`` to
# ``sizes[i + 1]`` inputs and outputs, with an ``nn.ReLU()`` between each two linear layers
# and none after the last, so that the output can be any number. The check tries three lists
# of sizes, one of them with a single layer, and compares the kinds of the layers in order,
# their sizes, and the shape of the output.


def make_mlp(sizes):
    return ...


check_make_mlp(make_mlp)

# %%
# .. answer-begin::
#
# ``zip(sizes, sizes[1:])`` pairs each size with the next one. The loop adds a ReLU after
# every linear layer, and ``layers[:-1]`` drops the one after the last;
# ``nn.Sequential(*layers[:-1])`` registers the remaining modules in the list's order.

def make_mlp(sizes):
    layers = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


assert check_make_mlp(make_mlp)

# %%
# .. answer-end::

# %%
# Exercise 2: freeze everything but the last layer
# ------------------------------------------------
#
# Practises ``parameters()`` and counting them (:ref:`module_containers`). When a trained
# network is reused for a new task, often only its last layer is trained again. Write
# ``freeze_all_but_last(model)``, which sets ``requires_grad`` to ``False`` on every parameter
# of an ``nn.Sequential`` except those of its last entry ``model[-1]``, which stay trainable,
# and returns the number of numbers that are still trainable. The check builds three
# models, the last one with nested blocks, and compares each parameter's ``requires_grad``,
# then the number you return.


def freeze_all_but_last(model):
    return ...


check_freeze_all_but_last(freeze_all_but_last)

# %%
# .. answer-begin::
#
# ``requires_grad_(False)`` on a module sets the flag on all its parameters, however deeply
# nested; switching the last entry back on is simpler than listing the others. Counting
# must skip the frozen parameters: ``sum(p.numel() for p in model.parameters())`` would
# still count them all. An optimizer built from ``model.parameters()`` then leaves the frozen
# ones alone, since they get no gradient.

def freeze_all_but_last(model):
    model.requires_grad_(False)
    model[-1].requires_grad_(True)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


assert check_freeze_all_but_last(freeze_all_but_last)

# %%
# .. answer-end::

# %%
# Exercise 3: a layer whose state is a buffer
# -------------------------------------------
#
# Practises ``register_buffer`` (:ref:`module_custom_layers`). Write the class
# ``Standardize(mean, std)``, a layer whose ``forward`` returns :math:`\frac{x - \mu}{\sigma}` for
# given tensors :math:`\mu` (``mean``) and :math:`\sigma` (``std``) with one number per feature. These statistics come from
# the data, not from training, so they must be buffers named ``mean`` and ``std``: saved in
# the ``state_dict``, but not parameters. The check lists the layer's parameters and buffers,
# compares its output, then saves its ``state_dict`` into an ``io.BytesIO`` and loads it
# into a ``Standardize`` made with other statistics, which must then give the same output.


class Standardize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        ...

    def forward(self, x):
        return ...


check_standardize(Standardize)

# %%
# .. answer-begin::
#
# ``register_buffer`` puts the tensor into the ``state_dict`` and makes it follow
# ``.to()``, without handing it to an optimizer. Plain attributes (``self.mean = mean``)
# compute the right output too, but they are left out of the ``state_dict``, so a saved
# layer would come back with whatever statistics the new layer was made with;
# ``nn.Parameter`` would save them, but let the optimizer change them.

class Standardize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)

    def forward(self, x):
        return (x - self.mean) / self.std


assert check_standardize(Standardize)

# %%
# .. answer-end::

# %%
# Exercise 4: save and load a model
# ---------------------------------
#
# Practises ``torch.save``, ``torch.load`` and ``load_state_dict`` (:ref:`module_saving`).
# Write ``save_and_load(model, make_model)``, which saves the ``state_dict`` of ``model``
# with ``torch.save``, builds a new model with ``make_model()``, loads the saved state into
# it and returns the new model. Save into an ``io.BytesIO``, an in-memory file, or into a
# file in a ``tempfile.TemporaryDirectory()``. The check passes a linear layer followed by a
# batch norm whose running statistics have moved, so the buffers must come back too, and
# compares every ``state_dict`` entry of your result with the original's.


def save_and_load(model, make_model):
    return ...


check_save_and_load(save_and_load)

# %%
# .. answer-begin::
#
# ``torch.save`` writes to any file-like object. After writing, the position of an
# ``io.BytesIO`` is at its end: ``seek(0)`` rewinds it, or ``torch.load`` finds nothing
# left to read and raises ``EOFError``. The ``state_dict`` holds the buffers as well as the
# parameters, so the running statistics of the batch norm come back too.

def save_and_load(model, make_model):
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    buffer.seek(0)
    fresh = make_model()
    fresh.load_state_dict(torch.load(buffer))
    return fresh


assert check_save_and_load(save_and_load)

# %%
# .. answer-end::

# %%
# Exercise 5: predict, then put the mode back
# -------------------------------------------
#
# Practises ``train()``, ``eval()`` and ``torch.no_grad()`` (:ref:`module_train_eval`).
# Write ``predict(model, x)``, which returns the model's output for ``x`` with dropout
# switched off (evaluation mode) and nothing recorded by autograd, and leaves the model in
# the mode it was in before the call, so that training can go on after it. The check uses a
# model with ``nn.Dropout(0.5)``, calls ``predict`` once in training mode and once in
# evaluation mode, and compares the output, its ``requires_grad``, and every module's
# ``training`` flag afterwards.


def predict(model, x):
    return ...


check_predict(predict)

# %%
# .. answer-begin::
#
# ``model.training`` says which mode the model is in; ``model.train(was_training)`` puts it
# back, on every sub-module. ``eval()`` alone would still record the graph, and
# ``torch.no_grad()`` alone would leave dropout on: prediction needs both.

def predict(model, x):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.train(was_training)
    return out


assert check_predict(predict)

# %%
# .. answer-end::
