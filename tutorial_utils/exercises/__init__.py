"""Checks for the exercises that end every chapter.

Each chapter's checks live in their own module (``ch01`` … ``ch10``), one function per
exercise. A check runs the learner's code on a few cases, prints one line and returns whether
it passed (a :class:`Verdict`, true when it passed)::

    ✓ pairwise_distances: 3 cases pass
    ✗ pairwise_distances: shape: got (4, 3), want (3, 4)

The ✗ line says what is wrong (a shape, a dtype, how many values differ and by how much, an
exception the code raised) without printing the answer. Exercise pages call a check on the
starter code, which fails, and ``assert`` it on the reference answer, which passes, so the
build proves both. The lines are short labels rather than sentences: the exercise page
explains them in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

__all__ = ["Feedback", "Verdict", "call", "expect_close", "expect_equal", "expect_tensor", "run_check"]

PASS, FAIL = "✓", "✗"


class Feedback(Exception):
    """What is wrong with the learner's answer: the message is the rest of the ✗ line."""


class Verdict:
    """What a check decided: true when the answer passed. The check has already printed its line,
    so a notebook shows nothing more for it and an exercise page hides its repr (conf.py's
    ``ignore_repr_types``); ``assert check(answer)`` stops a script at a wrong answer.

    >>> bool(Verdict(True, "✓ f: ok")), bool(Verdict(False, "✗ f: wrong"))
    (True, False)
    """

    def __init__(self, passed: bool, line: str) -> None:
        self.passed, self.line = passed, line

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"Verdict(passed={self.passed})"

    def _ipython_display_(self) -> None:  # the check printed its line already
        pass


def describe(value: object) -> str:
    """A short name for what the learner's code gave.

    >>> describe(None), describe(...), describe(torch.zeros(2, 3)), describe(2.5)
    ('None', '...', 'Tensor of shape (2, 3)', 'float 2.5')
    """
    if value is None:
        return "None"
    if value is Ellipsis:
        return "..."
    if isinstance(value, torch.Tensor):
        return f"Tensor of shape {tuple(value.shape)}"
    if isinstance(value, float):
        return f"float {value:.4g}"
    if isinstance(value, (bool, int)):
        return f"{type(value).__name__} {value!r}"
    return type(value).__name__


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call the learner's function; an exception it raises becomes :class:`Feedback`.

    >>> call(lambda x: x + 1, 1)
    2
    >>> call(lambda x: x / 0, 1)
    Traceback (most recent call last):
    ...
    tutorial_utils.exercises.Feedback: raised ZeroDivisionError: division by zero
    """
    if fn is Ellipsis or not callable(fn):
        raise Feedback(f"got {describe(fn)}, want a function")
    try:
        return fn(*args, **kwargs)
    except Feedback:
        raise
    except Exception as error:  # noqa: BLE001 - any error is feedback for the learner
        message = str(error).split("\n", 1)[0]
        raise Feedback(f"raised {type(error).__name__}" + (f": {message}" if message else "")[:160]) from error


def expect_tensor(got: object, want: torch.Tensor, what: str = "result", *, atol: float = 1e-5,
                  rtol: float = 1e-4, check_dtype: bool = True) -> None:
    """Raise :class:`Feedback` unless ``got`` is a tensor like ``want``: type, shape, dtype, values.

    The message for wrong values says how many differ and by how much, not what they should be.

    >>> want = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> expect_tensor(want.clone(), want)
    >>> expect_tensor(None, want)
    Traceback (most recent call last):
    ...
    tutorial_utils.exercises.Feedback: result: got None, want a Tensor
    >>> expect_tensor(want.T.reshape(4), want)
    Traceback (most recent call last):
    ...
    tutorial_utils.exercises.Feedback: result shape: got (4,), want (2, 2)
    >>> expect_tensor(want.long(), want)
    Traceback (most recent call last):
    ...
    tutorial_utils.exercises.Feedback: result dtype: got torch.int64, want torch.float32
    >>> expect_tensor(want.T, want)
    Traceback (most recent call last):
    ...
    tutorial_utils.exercises.Feedback: result values: 2 of 4 differ (largest error 1)
    """
    if not isinstance(got, torch.Tensor):
        raise Feedback(f"{what}: got {describe(got)}, want a Tensor")
    if tuple(got.shape) != tuple(want.shape):
        raise Feedback(f"{what} shape: got {tuple(got.shape)}, want {tuple(want.shape)}")
    if check_dtype and got.dtype != want.dtype:
        raise Feedback(f"{what} dtype: got {got.dtype}, want {want.dtype}")
    got_values = got.detach().to(device=want.device, dtype=torch.float64)
    want_values = want.detach().to(torch.float64)
    wrong = ~torch.isclose(got_values, want_values, rtol=rtol, atol=atol, equal_nan=True)
    if wrong.any():
        error = (got_values - want_values).abs()[wrong].max().item()
        raise Feedback(f"{what} values: {int(wrong.sum())} of {want.numel()} differ (largest error {error:.2g})")


def expect_close(got: object, want: float, what: str = "result", *, rel: float = 1e-4, abs_: float = 1e-6) -> None:
    """Raise :class:`Feedback` unless ``got`` is a number (or a one-element tensor) close to ``want``.

    >>> expect_close(torch.tensor(0.5), 0.5)
    >>> expect_close(0.7, 0.5, "slope")
    Traceback (most recent call last):
    ...
    tutorial_utils.exercises.Feedback: slope: off by 0.2
    >>> expect_close("0.5", 0.5)
    Traceback (most recent call last):
    ...
    tutorial_utils.exercises.Feedback: result: got str, want a number
    """
    if isinstance(got, torch.Tensor) and got.numel() == 1:
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        raise Feedback(f"{what}: got {describe(got)}, want a number")
    if abs(got - want) > max(abs_, rel * abs(want)):
        raise Feedback(f"{what}: off by {abs(got - want):.2g}")


def expect_equal(got: object, want: object, what: str = "result") -> None:
    """Raise :class:`Feedback` unless ``got == want`` (for shapes, counts, names: small exact things).

    >>> expect_equal((3, 4), (3, 4), "shape")
    >>> expect_equal(7, 8, "count")
    Traceback (most recent call last):
    ...
    tutorial_utils.exercises.Feedback: count: got 7, want 8
    """
    if isinstance(got, torch.Size):
        got = tuple(got)
    if got != want:
        shown = got if isinstance(got, (int, float, str, tuple, list, bool)) else describe(got)
        raise Feedback(f"{what}: got {shown}, want {want}")


def run_check(name: str, test: Callable[[], str]) -> Verdict:
    """Run ``test``; print ``✓ name: <what passed>`` or ``✗ name: <what is wrong>``; return the verdict.

    ``test`` raises :class:`Feedback` for a wrong answer and returns a short summary otherwise.
    Anything else it raises is a bug in the check itself and propagates.

    >>> run_check("double", lambda: "3 cases pass")
    ✓ double: 3 cases pass
    Verdict(passed=True)
    >>> def test():
    ...     expect_equal(5, 6, "double(3)")
    ...     return "done"
    >>> run_check("double", test)
    ✗ double: double(3): got 5, want 6
    Verdict(passed=False)
    """
    try:
        summary = test()
    except Feedback as feedback:
        verdict = Verdict(False, f"{FAIL} {name}: {feedback}")
    else:
        verdict = Verdict(True, f"{PASS} {name}: {summary}")
    print(verdict.line)
    return verdict
