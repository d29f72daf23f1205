"""Checks for the exercises of chapter 5, *Your first network: handwritten digits*
(``examples/05_first_network/06_first_network_exercises.py``).

No MNIST here: every check builds its own small synthetic case. The training check gives its
network weights from ``torch.sin`` of a ramp rather than from a random generator, so the
numbers in its ✗ lines are the same on the CPU and on a GPU.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from unittest import mock

import torch
import torch.nn.functional as F
from torch import nn

from tutorial_utils.exercises import Feedback, Verdict, call, describe, expect_close, expect_tensor, run_check


def check_one_hot(fn: Callable[[torch.Tensor, int], torch.Tensor]) -> Verdict:
    """Check ``fn(labels, depth)``: a ``float32`` tensor ``[N, depth]`` with a 1 in each label's column.

    Compared with ``F.one_hot(labels, depth).float()``; the check refuses ``F.one_hot`` while
    ``fn`` runs. Builds on :ref:`first_network_mse`.

    >>> check_one_hot(lambda labels, depth: torch.eye(depth)[labels])
    ✓ one_hot: 3 cases pass
    Verdict(passed=True)
    >>> check_one_hot(lambda labels, depth: labels[:, None] == torch.arange(depth))
    ✗ one_hot: one_hot(tensor([0, 2, 1]), 3) dtype: got torch.bool, want torch.float32
    Verdict(passed=False)
    """
    cases = [([0, 2, 1], 3), ([3, 3, 0, 9, 5], 10), ([1], 2)]

    def refuse(*args: object, **kwargs: object) -> None:
        raise Feedback("calls F.one_hot")

    def test() -> str:
        for values, depth in cases:
            labels = torch.tensor(values)
            want = F.one_hot(labels, depth).float()
            with mock.patch("torch.nn.functional.one_hot", refuse):
                got = call(fn, labels.clone(), depth)
            expect_tensor(got, want, f"one_hot(tensor({values}), {depth})")
        return f"{len(cases)} cases pass"

    return run_check("one_hot", test)


def check_accuracy(fn: Callable[[torch.Tensor, torch.Tensor], float]) -> Verdict:
    """Check ``fn(logits, labels)``: the fraction of rows whose largest logit is at the label, a number in [0, 1].

    The reference counts the hits with a Python loop. Builds on :ref:`first_network_mse`.

    >>> check_accuracy(lambda logits, labels: (logits.argmax(dim=1) == labels).float().mean().item())
    ✓ accuracy: 3 cases pass
    Verdict(passed=True)
    >>> check_accuracy(lambda logits, labels: (logits.argmax(dim=1) == labels).sum().item())
    ✗ accuracy: accuracy(4 rows, 3 classes): off by 2.2
    Verdict(passed=False)
    """
    cases = [("4 rows, 3 classes", [[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 4.0], [5.0, 0.0, 2.0]], [0, 1, 1, 0]),
             ("5 rows, 2 negative classes", [[-1.0, -2.0], [-3.0, -0.5], [-0.1, -0.2], [-4.0, -5.0], [-2.0, -1.0]],
              [0, 1, 1, 0, 1]),
             ("3 rows, none right", [[0.0, 1.0, 2.0, 3.0], [3.0, 2.0, 1.0, 0.0], [0.0, 5.0, 0.0, 0.0]], [0, 1, 2])]

    def test() -> str:
        for name, rows, labels in cases:
            hits = sum(row.index(max(row)) == label for row, label in zip(rows, labels))
            got = call(fn, torch.tensor(rows), torch.tensor(labels))
            expect_close(got, hits / len(labels), f"accuracy({name})")
        return f"{len(cases)} cases pass"

    return run_check("accuracy", test)


def _tiny_problem() -> tuple[nn.Module, torch.Tensor, torch.Tensor]:
    """Three clusters of 2-D points and a 2 → 8 → 3 network with reproducible weights."""
    centres = torch.tensor([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    k = torch.arange(30)
    x = centres[k % 3] + 0.4 * torch.stack([torch.sin(1.7 * k), torch.cos(2.3 * k)], dim=1)
    y = k % 3
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 3))
    with torch.no_grad():
        for i, p in enumerate(model.parameters()):
            p.copy_(0.5 * torch.sin(torch.arange(p.numel()) * 2.4 + i).reshape(p.shape))
    return model, x, y


def check_train_step(fn: Callable[[nn.Module, torch.optim.Optimizer, torch.Tensor, torch.Tensor], float]) -> Verdict:
    """Check ``fn(model, optimizer, x, y)``: one training step with cross-entropy, returning the loss as a float.

    On three clusters of 2-D points and a 2 → 8 → 3 network, the check compares the returned loss
    and the parameters after each of two steps with a step computed by ``torch.autograd.grad``
    and ``p - lr * grad``, then takes 100 steps and wants the loss below 0.1. Builds on
    :ref:`first_network_mse` and :ref:`first_network_cross_entropy`.

    >>> def train_step(model, optimizer, x, y):
    ...     loss = F.cross_entropy(model(x), y)
    ...     optimizer.zero_grad()
    ...     loss.backward()
    ...     optimizer.step()
    ...     return loss.item()
    >>> check_train_step(train_step)
    ✓ train_step: 2 exact steps pass, loss below 0.1 after 100 steps
    Verdict(passed=True)
    >>> def no_zero_grad(model, optimizer, x, y):
    ...     loss = F.cross_entropy(model(x), y)
    ...     loss.backward()
    ...     optimizer.step()
    ...     return loss.item()
    >>> check_train_step(no_zero_grad)
    ✗ train_step: step 2: 0.weight values: 16 of 16 differ (largest error 0.081)
    Verdict(passed=False)
    """
    lr = 0.5

    def test() -> str:
        torch.manual_seed(0)
        model, x, y = _tiny_problem()
        reference = copy.deepcopy(model)
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        for step in (1, 2):
            loss = F.cross_entropy(reference(x), y)
            grads = torch.autograd.grad(loss, list(reference.parameters()))
            with torch.no_grad():
                for p, g in zip(reference.parameters(), grads):
                    p -= lr * g
            got = call(fn, model, optimizer, x, y)
            if not isinstance(got, float):
                raise Feedback(f"step {step} returned {describe(got)}, want a float")
            expect_close(got, loss.item(), f"step {step} loss", rel=1e-4)
            for (name, p), want in zip(model.named_parameters(), reference.parameters()):
                expect_tensor(p, want, f"step {step}: {name}")
        for _ in range(98):
            call(fn, model, optimizer, x, y)
        final = F.cross_entropy(model(x), y).item()
        if not math.isfinite(final) or final > 0.1:
            raise Feedback(f"loss after 100 steps: got {final:.2g}, want below 0.1")
        return "2 exact steps pass, loss below 0.1 after 100 steps"

    return run_check("train_step", test)


def check_count_parameters(fn: Callable[[Sequence[int]], int]) -> Verdict:
    """Check ``fn(sizes)``: the number of weights and biases of an MLP of ``nn.Linear`` layers with these sizes.

    ``sizes = [784, 256, 64, 10]`` is the network of :ref:`first_network_mse`. The reference builds
    the layers and counts their elements; the message says whether a count is too small or too
    large, not by how much.

    >>> check_count_parameters(lambda sizes: sum((a + 1) * b for a, b in zip(sizes, sizes[1:])))
    ✓ count_parameters: 4 networks pass
    Verdict(passed=True)
    >>> check_count_parameters(lambda sizes: sum(a * b for a, b in zip(sizes, sizes[1:])))
    ✗ count_parameters: count_parameters([784, 256, 64, 10]): got 217728, too small
    Verdict(passed=False)
    """
    cases = [[784, 256, 64, 10], [2, 3], [10, 1, 1, 1], [3, 100, 100, 100, 2]]

    def test() -> str:
        for sizes in cases:
            layers = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
            want = sum(p.numel() for layer in layers for p in layer.parameters())
            got = call(fn, list(sizes))
            what = f"count_parameters({sizes})"
            if isinstance(got, bool) or not isinstance(got, int):
                raise Feedback(f"{what}: got {describe(got)}, want an int")
            if got != want:
                raise Feedback(f"{what}: got {got}, too {'small' if got < want else 'large'}")
        return f"{len(cases)} networks pass"

    return run_check("count_parameters", test)
