"""
.. _exercises_installation:

Exercises: a first tensor, a first gradient
===========================================

Three short exercises on this chapter: a tensor with the right dtype, a derivative by
autograd, and a device choice that works with and without a GPU. Each exercise says what it
practises and which page it builds on, gives starter code with ``...`` where your code goes,
and ends with a check. You should have read the chapter's pages, from
:ref:`install_first_tensor` to :ref:`install_first_autograd`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# How the checks work
# -------------------
#
# Each check runs your code on a few cases and prints one line: ``✓`` and what passed, or
# ``✗`` and what is wrong (a shape, a dtype, how many values differ and by how much, or the
# error your code raised), without giving the answer away; ``got ...`` means that the ``...``
# is still there. On this page the checks run on the
# starter code, so they print ``✗``; replace each ``...`` in your own copy of the page (the
# download buttons at the bottom) until they print ``✓``. Each reference answer is folded
# under its exercise: try first, then open it.

import torch

from tutorial_utils.exercises.ch01 import check_derivative_at, check_float_tensor, check_pick_device

# %%
# Exercise 1: a float tensor from a list
# --------------------------------------
#
# Practises ``torch.tensor`` and dtypes (:ref:`install_first_tensor`). Write
# ``float_tensor(rows)``, which turns a nested Python list of numbers into a tensor of dtype
# ``float32``, whatever numbers the list holds. The check prints ``dtype: got …, want …`` when
# the values are right but their type is not.


def float_tensor(rows):
    return ...


check_float_tensor(float_tensor)

# %%
# .. answer-begin::
#
# ``torch.tensor`` infers the dtype from the data: a list of Python integers gives ``int64``,
# so integer input needs ``dtype=torch.float32`` to get the floats that models compute with.

def float_tensor(rows):
    return torch.tensor(rows, dtype=torch.float32)


assert check_float_tensor(float_tensor)

# %%
# .. answer-end::

# %%
# Exercise 2: a derivative by autograd
# ------------------------------------
#
# Practises ``requires_grad`` and ``backward()`` (:ref:`install_first_autograd`). Write
# ``derivative_at(f, x)``, which returns the derivative of the function ``f`` at the number
# ``x`` as a Python float, computed by autograd rather than by a formula. The check tries
# :math:`x^3` at 2, :math:`\sin x` at 0.5 and :math:`x e^{x}` at 0, and prints by how much your
# value is off.


def derivative_at(f, x):
    return ...


check_derivative_at(derivative_at)

# %%
# .. answer-begin::
#
# A leaf tensor with ``requires_grad=True`` records what ``f`` does to it; ``backward()`` on
# the single output then fills ``t.grad`` with the derivative, and ``.item()`` turns the
# one-element tensor into a float.

def derivative_at(f, x):
    t = torch.tensor(x, requires_grad=True)
    f(t).backward()
    return t.grad.item()


assert check_derivative_at(derivative_at)

# %%
# .. answer-end::

# %%
# Exercise 3: a device choice that works everywhere
# -------------------------------------------------
#
# Practises devices (:ref:`install_first_tensor`). Write ``pick_device()``, which returns
# ``torch.device("cuda")`` when PyTorch sees a GPU and ``torch.device("cpu")`` otherwise. The
# check runs it twice, pretending once that there is a GPU and once that there is none, so it
# tests both branches on any machine.


def pick_device():
    return ...


check_pick_device(pick_device)

# %%
# .. answer-begin::
#
# ``torch.cuda.is_available()`` is asked at call time, so the same code picks the GPU on a
# machine that has one and the CPU elsewhere; this is the idiom that
# ``tutorial_utils.get_device()`` wraps.

def pick_device():
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


assert check_pick_device(pick_device)

# %%
# .. answer-end::
