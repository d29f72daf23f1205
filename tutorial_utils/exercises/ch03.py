"""Checks for the exercises of chapter 3, *Regression and gradient descent*
(``examples/03_regression/04_regression_exercises.py``)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from tutorial_utils.exercises import Feedback, Verdict, call, describe, expect_close, expect_tensor, run_check


def _number(got: object, what: str) -> float:
    """``got`` as a float: a Python number or a one-element tensor."""
    if isinstance(got, torch.Tensor) and got.numel() == 1:
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        raise Feedback(f"{what}: got {describe(got)}, want a number")
    return float(got)


def check_gradient_descent(fn: Callable[[Callable[[torch.Tensor], torch.Tensor], torch.Tensor, float, int],
                                        torch.Tensor]) -> Verdict:
    """Check ``fn(grad, x0, lr, steps)``: the point reached from ``x0`` after ``steps`` updates
    ``x ← x − lr · grad(x)``, a tensor of the shape of ``x0`` (a number or a vector).

    The reference runs the same updates on Python floats, for two functions of one variable
    and one of two variables. Builds on :ref:`regression_gradient_descent`.

    >>> def gradient_descent(grad, x0, lr, steps):
    ...     x = x0
    ...     for _ in range(steps):
    ...         x = x - lr * grad(x)
    ...     return x
    >>> check_gradient_descent(gradient_descent)
    ✓ gradient_descent: 3 functions pass
    Verdict(passed=True)
    >>> def gradient_ascent(grad, x0, lr, steps):
    ...     x = x0
    ...     for _ in range(steps):
    ...         x = x + lr * grad(x)
    ...     return x
    >>> check_gradient_descent(gradient_ascent)
    ✗ gradient_descent: x after 20 steps on (x − 3)² with lr=0.1 values: 1 of 1 differ (largest error 1.1e+02)
    Verdict(passed=False)
    """
    cases = [("(x − 3)²", lambda x: 2 * (x - 3), lambda x: [2 * (x[0] - 3)], [0.0], 0.1, 20),
             ("x⁴/4 − x", lambda x: x**3 - 1, lambda x: [x[0] ** 3 - 1], [2.0], 0.1, 30),
             ("(x₁ − 1)² + 10·(x₂ + 2)²", lambda v: torch.stack([2 * (v[0] - 1), 20 * (v[1] + 2)]),
              lambda v: [2 * (v[0] - 1), 20 * (v[1] + 2)], [0.0, 0.0], 0.04, 50)]

    def test() -> str:
        for name, grad, grad_floats, start, lr, steps in cases:
            x = list(start)
            for _ in range(steps):
                x = [xi - lr * gi for xi, gi in zip(x, grad_floats(x))]
            want = torch.tensor(x if len(x) > 1 else x[0])
            x0 = torch.tensor(start if len(start) > 1 else start[0])
            got = call(fn, grad, x0, lr, steps)
            expect_tensor(got, want, f"x after {steps} steps on {name} with lr={lr}", atol=1e-4)
        return f"{len(cases)} functions pass"

    return run_check("gradient_descent", test)


def _distance_after(a: float, b: float, lr: float, steps: int) -> float:
    """Gradient descent on ``a·x² + b·x`` from one unit right of the minimiser: the final distance."""
    x_min = -b / (2 * a)
    x = x_min + 1.0
    for _ in range(steps):
        x = x - lr * (2 * a * x + b)
        if not abs(x - x_min) < 1e6:  # diverged (or overflowed to inf or nan)
            return math.inf
    return abs(x - x_min)


def check_critical_lr(fn: Callable[[float, float, float], float]) -> Verdict:
    """Check ``fn(a, b, c)``: for ``f(x) = a·x² + b·x + c`` with ``a > 0``, the learning rate at
    which gradient descent stops converging.

    The check runs 20,000 steps of gradient descent on ``f``, from one unit away from the
    minimiser, with the returned rate times 0.999, which must converge (end closer than 0.001),
    and times 1.001, which must diverge (end farther than 1,000), for three quadratics of
    different curvature. Builds on :ref:`regression_gradient_descent`.

    >>> check_critical_lr(lambda a, b, c: 1 / a)
    ✓ critical_lr: 3 quadratics pass
    Verdict(passed=True)
    >>> check_critical_lr(lambda a, b, c: 2 / a)
    ✗ critical_lr: critical_lr(1, 0, 0) = 2: lr 0.999 × 2 diverges
    Verdict(passed=False)
    """
    cases = [(1.0, 0.0, 0.0), (5.0, -10.0, 3.0), (0.25, 1.0, -2.0)]

    def test() -> str:
        for a, b, c in cases:
            label = f"critical_lr({a:g}, {b:g}, {c:g})"
            got = _number(call(fn, a, b, c), label)
            for factor, want in ((0.999, "converges"), (1.001, "diverges")):
                distance = _distance_after(a, b, factor * got, 20_000)
                outcome = ("diverges" if distance > 1e3 else "converges" if distance < 1e-3
                           else "neither converges nor diverges")
                if outcome != want:
                    raise Feedback(f"{label} = {got:.4g}: lr {factor} × {got:.4g} {outcome}")
        return f"{len(cases)} quadratics pass"

    return run_check("critical_lr", test)


def check_fit_line(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(x, y)``: the least-squares line through the points ``(x[i], y[i])`` as the tensor
    ``[w, b]`` of shape ``[2]``, computed in closed form.

    The reference is the textbook formula ``w = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)²``,
    ``b = ȳ − w·x̄`` on Python floats. Builds on :ref:`regression_linear`.

    >>> def fit_line(x, y):
    ...     X = torch.stack([x, torch.ones_like(x)], dim=1)
    ...     return torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
    >>> check_fit_line(fit_line)
    ✓ fit_line: 3 data sets pass
    Verdict(passed=True)
    >>> def fit_line(x, y):
    ...     X = torch.stack([x, torch.ones_like(x)], dim=1)
    ...     return torch.linalg.lstsq(X, y.unsqueeze(1)).solution
    >>> check_fit_line(fit_line)
    ✗ fit_line: fit_line(4 points on y = 2x − 1) shape: got (2, 1), want (2,)
    Verdict(passed=False)
    """

    def test() -> str:
        torch.manual_seed(0)
        noisy_x = 4 * torch.rand(50)
        cases = [("4 points on y = 2x − 1", torch.arange(4.0), 2 * torch.arange(4.0) - 1),
                 ("3 points", torch.tensor([0.0, 1.0, 2.0]), torch.tensor([1.0, 0.0, 2.0])),
                 ("50 noisy points", noisy_x, 3 - 0.5 * noisy_x + 0.3 * torch.randn(50))]
        for name, x, y in cases:
            xs, ys = x.tolist(), y.tolist()
            x_mean, y_mean = sum(xs) / len(xs), sum(ys) / len(ys)
            w = (sum((xi - x_mean) * (yi - y_mean) for xi, yi in zip(xs, ys))
                 / sum((xi - x_mean) ** 2 for xi in xs))
            want = torch.tensor([w, y_mean - w * x_mean])
            expect_tensor(call(fn, x.clone(), y.clone()), want, f"fit_line({name})", atol=1e-4)
        return f"{len(cases)} data sets pass"

    return run_check("fit_line", test)


def _blobs(n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` points per class around (−1.5, −1) (class 0) and (1.5, 1) (class 1), standard deviation 1.

    Drawn with Python's ``random`` so that the points are the same on every device.
    """
    rng = random.Random(seed)
    points = [[sign * 1.5 + rng.gauss(0, 1), sign * 1.0 + rng.gauss(0, 1)] for sign in (-1, 1) for _ in range(n)]
    return torch.tensor(points), torch.tensor([0.0] * n + [1.0] * n)


def check_train_logistic(fn: Callable[[torch.Tensor, torch.Tensor, float, int], Any]) -> Verdict:
    """Check ``fn(X, y, lr, steps)``: logistic regression trained by ``steps`` gradient-descent steps
    on the mean binary cross-entropy, starting from ``w = 0``, ``b = 0``; returns ``(w, b)``.

    The check trains on 200 points from two overlapping blobs, measures the accuracy on 400 new
    points from the same blobs (at least 0.9 is needed; the best possible is about 0.96), and
    compares ``w`` and ``b`` with its own run, whose gradient comes from autograd. It tries two
    learning rates and step counts. Builds on :ref:`regression_logistic`.

    >>> def train_logistic(X, y, lr, steps):
    ...     w, b = torch.zeros(2), torch.tensor(0.0)
    ...     for _ in range(steps):
    ...         error = torch.sigmoid(X @ w + b) - y
    ...         w, b = w - lr * X.T @ error / len(y), b - lr * error.mean()
    ...     return w, b
    >>> check_train_logistic(train_logistic)
    ✓ train_logistic: 2 runs pass
    Verdict(passed=True)
    >>> def train_logistic(X, y, lr, steps):
    ...     w, b = torch.zeros(2), torch.tensor(0.0)
    ...     for _ in range(steps):
    ...         error = y - torch.sigmoid(X @ w + b)
    ...         w, b = w - lr * X.T @ error / len(y), b - lr * error.mean()
    ...     return w, b
    >>> check_train_logistic(train_logistic)
    ✗ train_logistic: lr=0.5, 300 steps: accuracy on 400 new points got 0.04, want at least 0.9
    Verdict(passed=False)
    """
    X, y = _blobs(100, seed=0)
    X_new, y_new = _blobs(200, seed=1)

    def test() -> str:
        runs = [(0.5, 300), (0.1, 40)]
        for lr, steps in runs:
            label = f"lr={lr}, {steps} steps"
            got = call(fn, X.clone(), y.clone(), lr, steps)
            if not isinstance(got, (tuple, list)) or len(got) != 2:
                raise Feedback(f"{label}: got {describe(got)}, want a pair (w, b)")
            w, b = got
            if not isinstance(w, torch.Tensor) or tuple(w.shape) != (2,):
                raise Feedback(f"{label}: w got {describe(w)}, want a Tensor of shape (2,)")
            w, b = w.detach().float(), _number(b.detach() if isinstance(b, torch.Tensor) else b, f"{label}: b")
            accuracy = ((X_new @ w + b > 0).float() == y_new).float().mean().item()
            if lr == runs[0][0] and accuracy < 0.9:
                raise Feedback(f"{label}: accuracy on {len(y_new)} new points got {accuracy:.2g}, want at least 0.9")
            w_ref = torch.zeros(2, requires_grad=True)
            b_ref = torch.zeros((), requires_grad=True)
            for _ in range(steps):
                loss = F.binary_cross_entropy_with_logits(X @ w_ref + b_ref, y)
                grad_w, grad_b = torch.autograd.grad(loss, (w_ref, b_ref))
                with torch.no_grad():
                    w_ref -= lr * grad_w
                    b_ref -= lr * grad_b
            expect_tensor(w, w_ref.detach(), f"{label}: w", atol=1e-4, rtol=1e-3)
            expect_close(b, b_ref.item(), f"{label}: b", rel=1e-3, abs_=1e-4)
        return f"{len(runs)} runs pass"

    return run_check("train_logistic", test)
