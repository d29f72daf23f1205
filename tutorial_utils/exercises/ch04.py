"""Checks for the exercises of chapter 4, *Gradients, activations, losses and backpropagation*
(``examples/04_gradients/08_gradient_exercises.py``).

The test inputs are made from ``torch.sin`` of a ramp rather than from a random generator, so
they, and every number in a ✗ line, are the same on the CPU and on a GPU.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from unittest import mock

import torch
import torch.nn.functional as F

from tutorial_utils.exercises import Feedback, Verdict, call, describe, expect_tensor, run_check

#: Autograd's entry points, refused where a gradient has to be worked out by hand.
AUTOGRAD = (("torch.Tensor.backward", "backward()"), ("torch.autograd.backward", "torch.autograd.backward"),
            ("torch.autograd.grad", "torch.autograd.grad"))


def _wave(*shape: int, phase: float = 0.0, scale: float = 1.0, dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """Irregular but reproducible test values: ``scale * sin(2.4 k + phase)`` for k = 0, 1, …"""
    return scale * torch.sin(torch.arange(math.prod(shape), dtype=dtype) * 2.4 + phase).reshape(shape)


@contextmanager
def _refusing(*targets: tuple[str, str]) -> Iterator[None]:
    """While the learner's code runs, each ``(dotted path, shown name)`` raises ``Feedback("calls <name>")``."""
    with ExitStack() as stack:
        for target, shown in targets:
            def refuse(*args: Any, _shown: str = shown, **kwargs: Any) -> Any:
                raise Feedback(f"calls {_shown}")

            stack.enter_context(mock.patch(target, refuse))
        yield


def _autograd_derivative(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """The element-wise derivative of ``f`` at ``x``, by autograd: the reference for the hand-made ones."""
    x = x.detach().clone().requires_grad_()
    f(x).sum().backward()
    return x.grad


def check_sigmoid_derivative(fn: Callable[[torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(x)``: the derivative of ``torch.sigmoid`` at every element of ``x``, by the formula.

    Compared with autograd's derivative; the check refuses ``backward()`` and ``torch.autograd.grad``.
    Builds on :ref:`gradients_activations`.

    >>> check_sigmoid_derivative(lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x)))
    ✓ sigmoid_derivative: 3 cases pass
    Verdict(passed=True)
    >>> check_sigmoid_derivative(lambda x: torch.sigmoid(x) * (1 - x))
    ✗ sigmoid_derivative: sigmoid_derivative(linspace(-6, 6, 13)) values: 13 of 13 differ (largest error 5)
    Verdict(passed=False)
    """
    cases = [("linspace(-6, 6, 13)", torch.linspace(-6, 6, 13)),
             ("a [2, 3] float64 tensor", _wave(2, 3, scale=4.0)),
             ("[-20, 0, 20]", torch.tensor([-20.0, 0.0, 20.0]))]

    def test() -> str:
        for name, x in cases:
            want = _autograd_derivative(torch.sigmoid, x)
            with _refusing(*AUTOGRAD):
                got = call(fn, x.clone())
            expect_tensor(got, want, f"sigmoid_derivative({name})")
        return f"{len(cases)} cases pass"

    return run_check("sigmoid_derivative", test)


def check_chain_derivative(fn: Callable[[torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(x)``: the derivative of ``f(x) = sigmoid(3 * tanh(x))`` at every element of ``x``, by hand.

    Compared with autograd's derivative; the check refuses ``backward()`` and ``torch.autograd.grad``.
    Builds on :ref:`gradients_backprop` (the chain rule) and :ref:`gradients_activations`.

    >>> def chain_derivative(x):
    ...     s = torch.sigmoid(3 * torch.tanh(x))
    ...     return s * (1 - s) * 3 * (1 - torch.tanh(x) ** 2)
    >>> check_chain_derivative(chain_derivative)
    ✓ chain_derivative: 2 cases pass
    Verdict(passed=True)
    >>> def forgot_the_inner_derivative(x):
    ...     s = torch.sigmoid(3 * torch.tanh(x))
    ...     return s * (1 - s) * 3
    >>> check_chain_derivative(forgot_the_inner_derivative)
    ✗ chain_derivative: chain_derivative(linspace(-3, 3, 13)) values: 12 of 13 differ (largest error 0.15)
    Verdict(passed=False)
    """
    cases = [("linspace(-3, 3, 13)", torch.linspace(-3, 3, 13)),
             ("a [3, 4] float64 tensor", _wave(3, 4, phase=1.0, scale=2.0))]

    def f(x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(3 * torch.tanh(x))

    def test() -> str:
        for name, x in cases:
            want = _autograd_derivative(f, x)
            with _refusing(*AUTOGRAD):
                got = call(fn, x.clone())
            expect_tensor(got, want, f"chain_derivative({name})")
        return f"{len(cases)} cases pass"

    return run_check("chain_derivative", test)


def check_softmax(fn: Callable[[torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(a)``: the softmax of ``a`` over its last dimension, safe for large scores, by hand.

    Compared with ``F.softmax``, which the check refuses (with ``torch.softmax`` and
    ``Tensor.softmax``) while ``fn`` runs. Builds on :ref:`gradients_softmax`.

    >>> def softmax(a):
    ...     e = torch.exp(a - a.max(dim=-1, keepdim=True).values)
    ...     return e / e.sum(dim=-1, keepdim=True)
    >>> check_softmax(softmax)
    ✓ softmax: 4 cases pass
    Verdict(passed=True)
    >>> check_softmax(lambda a: torch.exp(a) / torch.exp(a).sum(dim=-1, keepdim=True))
    ✗ softmax: softmax(scores near 1000) values: 3 of 3 differ (largest error nan)
    Verdict(passed=False)
    """
    cases = [("a vector", torch.tensor([2.0, 1.0, 0.1])),
             ("a [4, 5] batch", _wave(4, 5, scale=3.0, dtype=torch.float32)),
             ("scores near 1000", torch.tensor([1000.0, 999.0, 998.1])),
             ("rows far apart", torch.tensor([[1000.0, 999.0], [-1000.0, -1001.0]]))]
    refused = (("torch.nn.functional.softmax", "F.softmax"), ("torch.softmax", "torch.softmax"),
               ("torch.Tensor.softmax", "Tensor.softmax"))

    def test() -> str:
        for name, a in cases:
            want = F.softmax(a, dim=-1)
            with _refusing(*refused):
                got = call(fn, a.clone())
            expect_tensor(got, want, f"softmax({name})")
        return f"{len(cases)} cases pass"

    return run_check("softmax", test)


def check_cross_entropy(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(logits, labels)``: the mean cross-entropy as a 0-dim tensor, safe for large logits.

    Compared with ``F.cross_entropy``, which the check refuses (with ``F.log_softmax``,
    ``torch.log_softmax``, ``Tensor.log_softmax`` and ``F.nll_loss``) while ``fn`` runs. It then
    runs ``backward()`` through the result and compares the gradient of the logits with
    ``(softmax(logits) - onehot(labels)) / N``. Builds on :ref:`gradients_losses`.

    >>> def cross_entropy(logits, labels):
    ...     log_p = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    ...     return -log_p[torch.arange(len(labels)), labels].mean()
    >>> check_cross_entropy(cross_entropy)
    ✓ cross_entropy: 2 cases and the gradient pass
    Verdict(passed=True)
    >>> def log_of_softmax(logits, labels):
    ...     log_p = torch.log(torch.softmax(logits, dim=1))
    ...     return -log_p[torch.arange(len(labels)), labels].mean()
    >>> check_cross_entropy(log_of_softmax)
    ✗ cross_entropy: cross_entropy(large logits) values: 1 of 1 differ (largest error inf)
    Verdict(passed=False)
    """
    cases = [("4 rows, 3 classes", _wave(4, 3, scale=2.0, dtype=torch.float32), torch.tensor([0, 2, 1, 2])),
             ("large logits", torch.tensor([[0.0, 200.0, 0.0], [50.0, -50.0, 0.0]]), torch.tensor([0, 1]))]
    refused = (("torch.nn.functional.cross_entropy", "F.cross_entropy"), ("torch.nn.functional.nll_loss", "F.nll_loss"),
               ("torch.nn.functional.log_softmax", "F.log_softmax"), ("torch.log_softmax", "torch.log_softmax"),
               ("torch.Tensor.log_softmax", "Tensor.log_softmax"))

    def test() -> str:
        for name, logits, labels in cases:
            want = F.cross_entropy(logits, labels)
            with _refusing(*refused):
                got = call(fn, logits.clone(), labels.clone())
            expect_tensor(got, want, f"cross_entropy({name})")
        logits, labels = cases[0][1].clone().requires_grad_(), cases[0][2]
        with _refusing(*refused):
            loss = call(fn, logits, labels)
        if not loss.requires_grad:
            raise Feedback("result requires_grad: got False, want True")
        loss.backward()
        want_grad = (F.softmax(logits.detach(), dim=1) - F.one_hot(labels, 3)) / len(labels)
        expect_tensor(logits.grad, want_grad, "gradient of the logits")
        return f"{len(cases)} cases and the gradient pass"

    return run_check("cross_entropy", test)


def check_two_layer_grads(fn: Callable[..., Any]) -> Verdict:
    """Check ``fn(x, y, W1, b1, W2, b2)``: the gradients ``(dW1, db1, dW2, db2)`` of
    ``F.cross_entropy(relu(x @ W1.T + b1) @ W2.T + b2, y)``, computed by hand.

    Compared with autograd's gradients in ``float64``, for two networks of different sizes; the
    check refuses ``backward()`` and ``torch.autograd.grad`` while ``fn`` runs. Builds on
    :ref:`gradients_backprop`.

    >>> def two_layer_grads(x, y, W1, b1, W2, b2):
    ...     a1 = x @ W1.T + b1
    ...     h = torch.relu(a1)
    ...     z = h @ W2.T + b2
    ...     delta2 = (torch.softmax(z, dim=1) - F.one_hot(y, z.shape[1])) / len(y)
    ...     delta1 = (delta2 @ W2) * (a1 > 0)
    ...     return delta1.T @ x, delta1.sum(dim=0), delta2.T @ h, delta2.sum(dim=0)
    >>> check_two_layer_grads(two_layer_grads)
    ✓ two_layer_grads: 2 networks pass
    Verdict(passed=True)
    >>> def no_relu_mask(x, y, W1, b1, W2, b2):
    ...     h = torch.relu(x @ W1.T + b1)
    ...     z = h @ W2.T + b2
    ...     delta2 = (torch.softmax(z, dim=1) - F.one_hot(y, z.shape[1])) / len(y)
    ...     delta1 = delta2 @ W2
    ...     return delta1.T @ x, delta1.sum(dim=0), delta2.T @ h, delta2.sum(dim=0)
    >>> check_two_layer_grads(no_relu_mask)
    ✗ two_layer_grads: N=6, D=3, H=5, K=4: dW1 values: 15 of 15 differ (largest error 0.65)
    Verdict(passed=False)
    """
    sizes = [(6, 3, 5, 4), (2, 4, 3, 2)]

    def test() -> str:
        for n, d, h, k in sizes:
            x = _wave(n, d, phase=0.3, scale=2.0)
            y = torch.arange(n) % k
            params = [_wave(h, d, phase=1.1), _wave(h, phase=2.2, scale=0.5),
                      _wave(k, h, phase=3.3), _wave(k, phase=4.4, scale=0.5)]
            leaves = [p.clone().requires_grad_() for p in params]
            W1, b1, W2, b2 = leaves
            F.cross_entropy(torch.relu(x @ W1.T + b1) @ W2.T + b2, y).backward()
            where = f"N={n}, D={d}, H={h}, K={k}"
            with _refusing(*AUTOGRAD):
                got = call(fn, x.clone(), y.clone(), *(p.clone() for p in params))
            if not isinstance(got, (tuple, list)) or len(got) != 4:
                raise Feedback(f"{where}: got {describe(got)}, want 4 tensors (dW1, db1, dW2, db2)")
            for name, grad, leaf in zip(("dW1", "db1", "dW2", "db2"), got, leaves):
                expect_tensor(grad, leaf.grad, f"{where}: {name}", atol=1e-10, rtol=1e-7)
        return f"{len(sizes)} networks pass"

    return run_check("two_layer_grads", test)
