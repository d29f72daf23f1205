"""Checks for the exercises of chapter 1, *Installation and first steps*
(``examples/01_installation/05_installation_exercises.py``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from unittest import mock

import torch

from tutorial_utils.exercises import (Feedback, Verdict, call, describe, expect_close, expect_equal, expect_tensor,
                                      run_check)


def check_float_tensor(fn: Callable[[list], torch.Tensor]) -> Verdict:
    """Check ``fn(rows)``: a ``float32`` tensor holding the numbers of the nested list ``rows``.

    Builds on :ref:`install_first_tensor`.

    >>> check_float_tensor(lambda rows: torch.tensor(rows, dtype=torch.float32))
    ✓ float_tensor: 3 cases pass
    Verdict(passed=True)
    >>> check_float_tensor(lambda rows: torch.tensor(rows))
    ✗ float_tensor: float_tensor([[1, 2, 3], [4, 5, 6]]) dtype: got torch.int64, want torch.float32
    Verdict(passed=False)
    """
    cases = [[[1, 2, 3], [4, 5, 6]], [0.5, -1.5], [[[1]], [[2]]]]

    def test() -> str:
        for rows in cases:
            want = torch.tensor(rows, dtype=torch.float32)
            expect_tensor(call(fn, rows), want, f"float_tensor({rows})")
        return f"{len(cases)} cases pass"

    return run_check("float_tensor", test)


def check_derivative_at(fn: Callable[[Callable[[torch.Tensor], torch.Tensor], float], float]) -> Verdict:
    """Check ``fn(f, x)``: the derivative of ``f`` at the number ``x``, found by autograd, as a float.

    Builds on :ref:`install_first_autograd`.

    >>> def derivative_at(f, x):
    ...     t = torch.tensor(x, requires_grad=True)
    ...     f(t).backward()
    ...     return t.grad.item()
    >>> check_derivative_at(derivative_at)
    ✓ derivative_at: 3 functions pass
    Verdict(passed=True)
    >>> check_derivative_at(lambda f, x: f(torch.tensor(x)).item())
    ✗ derivative_at: derivative_at(x**3, 2.0): off by 4
    Verdict(passed=False)
    """
    cases = [("x**3", lambda t: t**3, 2.0, 12.0), ("sin(x)", torch.sin, 0.5, math.cos(0.5)),
             ("x*exp(x)", lambda t: t * torch.exp(t), 0.0, 1.0)]

    def test() -> str:
        for name, f, x, want in cases:
            got = call(fn, f, x)
            if isinstance(got, torch.Tensor):
                expect_equal(got.numel(), 1, f"derivative_at({name}, {x}) number of elements")
                got = got.item()
            expect_close(got, want, f"derivative_at({name}, {x})")
        return f"{len(cases)} functions pass"

    return run_check("derivative_at", test)


def check_pick_device(fn: Callable[[], torch.device]) -> Verdict:
    """Check ``fn()``: ``torch.device("cuda")`` when PyTorch sees a GPU, ``torch.device("cpu")`` otherwise.

    The check pretends both machines by patching ``torch.cuda.is_available``, so it tests both
    branches wherever it runs. Builds on :ref:`install_first_tensor`.

    >>> check_pick_device(lambda: torch.device("cuda" if torch.cuda.is_available() else "cpu"))
    ✓ pick_device: both cases pass
    Verdict(passed=True)
    >>> check_pick_device(lambda: torch.device("cpu"))
    ✗ pick_device: with torch.cuda.is_available() == True: got device(type='cpu'), want device(type='cuda')
    Verdict(passed=False)
    """

    def test() -> str:
        for available, want in ((True, torch.device("cuda")), (False, torch.device("cpu"))):
            with mock.patch("torch.cuda.is_available", return_value=available):
                got = call(fn)
            where = f"with torch.cuda.is_available() == {available}"
            if not isinstance(got, torch.device):
                raise Feedback(f"{where}: got {describe(got)}, want a torch.device")
            if got.type != want.type:
                raise Feedback(f"{where}: got {got!r}, want {want!r}")
        return "both cases pass"

    return run_check("pick_device", test)
