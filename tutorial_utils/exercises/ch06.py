"""Checks for the exercises of chapter 6, *Multi-class classification and the GPU*
(``examples/06_classification_and_gpu/04_classification_exercises.py``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import torch
from torch.nn import functional as F
from torch.overrides import TorchFunctionMode

from tutorial_utils.exercises import Feedback, Verdict, call, describe, expect_equal, expect_tensor, run_check


def _wave(*shape: int, phase: float = 0.0) -> torch.Tensor:
    """Fixed numbers between -1 and 1 that look random but are the same on every device."""
    return torch.sin(torch.arange(math.prod(shape), dtype=torch.float32) * 1.3 + phase).reshape(shape)


def _call(where: str, fn: Any, *args: Any) -> Any:
    """:func:`call`, with ``where`` in front of the message of an error that ``fn`` raises."""
    try:
        return call(fn, *args)
    except Feedback as feedback:
        raise Feedback(f"{where}: {feedback}") from feedback


def check_forward(fn: Callable[[torch.Tensor, list[torch.Tensor]], torch.Tensor]) -> Verdict:
    """Check ``fn(x, params)``: a three-layer network from bare tensors, ``params = [w1, b1, w2, b2, w3, b3]``.

    Each weight has the layout ``[n_out, n_in]`` of ``nn.Linear``; ``fn`` flattens each example to
    one row, applies the three layers with a ReLU between them and returns the logits, with no
    ReLU after the last layer. The check tries an image-shaped and a flat input, with weights
    that require gradients. Builds on :ref:`classification_hand_made`.

    >>> def forward(x, params):
    ...     w1, b1, w2, b2, w3, b3 = params
    ...     x = x.view(x.size(0), -1)
    ...     x = F.relu(x @ w1.T + b1)
    ...     x = F.relu(x @ w2.T + b2)
    ...     return x @ w3.T + b3
    >>> check_forward(forward)
    ✓ forward: 2 inputs pass
    Verdict(passed=True)
    >>> check_forward(lambda x, params: F.relu(forward(x, params)))
    ✗ forward: forward(x of shape (3, 1, 4, 4)) values: 6 of 15 differ (largest error 0.79)
    Verdict(passed=False)
    """
    cases = [((3, 1, 4, 4), [16, 8, 6, 5]), ((2, 10), [10, 7, 7, 3])]

    def test() -> str:
        for shape, sizes in cases:
            x = _wave(*shape, phase=0.5) * 2
            params = []
            for k, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
                w = _wave(n_out, n_in, phase=k) * (1.5 / math.sqrt(n_in))
                b = _wave(n_out, phase=2.0 + k) * 0.3
                params += [w.requires_grad_(), b.requires_grad_()]
            h = x.reshape(shape[0], -1)
            with torch.no_grad():
                for k in range(3):
                    h = F.linear(h, params[2 * k], params[2 * k + 1])
                    if k < 2:
                        h = h.clamp(min=0)
            where = f"forward(x of shape {shape})"
            got = _call(where, fn, x, list(params))
            expect_tensor(got, h, where)
            if not got.requires_grad:
                raise Feedback(f"{where}: result does not require grad")
        return f"{len(cases)} inputs pass"

    return run_check("forward", test)


def check_kaiming_weight(fn: Callable[[int, int], torch.Tensor]) -> Verdict:
    """Check ``fn(n_out, n_in)``: a leaf weight ``[n_out, n_in]`` that requires gradients, drawn from
    a normal distribution with mean 0 and standard deviation ``√(2 / n_in)``.

    For each size the check looks at the shape, the dtype, ``requires_grad``, ``is_leaf``, the
    mean, the standard deviation, and the share of values within one standard deviation of 0
    (about 0.68 for a normal distribution, 0.58 for a uniform one). Builds on
    :ref:`classification_hand_made`.

    >>> check_kaiming_weight(lambda n_out, n_in: (torch.randn(n_out, n_in) * math.sqrt(2 / n_in)).requires_grad_())
    ✓ kaiming_weight: 3 sizes pass
    Verdict(passed=True)
    >>> check_kaiming_weight(lambda n_out, n_in: torch.randn(n_out, n_in, requires_grad=True) * math.sqrt(2 / n_in))
    ✗ kaiming_weight: kaiming_weight(200, 784): not a leaf tensor
    Verdict(passed=False)
    """
    sizes = [(200, 784), (1000, 200), (300, 300)]

    def test() -> str:
        torch.manual_seed(0)
        for n_out, n_in in sizes:
            where = f"kaiming_weight({n_out}, {n_in})"
            got = _call(where, fn, n_out, n_in)
            if not isinstance(got, torch.Tensor):
                raise Feedback(f"{where}: got {describe(got)}, want a Tensor")
            expect_equal(tuple(got.shape), (n_out, n_in), f"{where} shape")
            expect_equal(str(got.dtype), str(torch.float32), f"{where} dtype")
            if not got.requires_grad:
                raise Feedback(f"{where}: does not require grad")
            if not got.is_leaf:
                raise Feedback(f"{where}: not a leaf tensor")
            values = got.detach().double()
            std, want_std = values.std().item(), math.sqrt(2 / n_in)
            if abs(values.mean().item()) > 0.05 * want_std:
                raise Feedback(f"{where}: mean {values.mean().item():.2g}, want about 0")
            if abs(std / want_std - 1) > 0.05:
                raise Feedback(f"{where}: std got {std:.2g}, want {want_std:.2g}")
            share = (values.abs() < std).double().mean().item()
            if abs(share - 0.6827) > 0.02:
                raise Feedback(f"{where}: share within one std got {share:.2f}, want about 0.68")
        return f"{len(sizes)} sizes pass"

    return run_check("kaiming_weight", test)


class _CountCalls(TorchFunctionMode):
    """Counts the torch functions and tensor methods called while it is active."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def __torch_function__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        self.calls += 1
        return func(*args, **(kwargs or {}))


def check_confusion_matrix(fn: Callable[[torch.Tensor, torch.Tensor, int], torch.Tensor]) -> Verdict:
    """Check ``fn(predictions, targets, n_classes)``: an int64 tensor ``[n_classes, n_classes]`` whose
    entry ``[t, p]`` counts the samples of true class ``t`` predicted as ``p``, computed without a
    Python loop over the samples.

    The reference counts with a Python loop. Hand-made cases come first (one has a class that
    never occurs and one that is never predicted, one has classes absent altogether), then two
    seeded random ones, where the check also counts the tensor operations ``fn`` runs: a loop over
    the samples runs at least one per sample. Builds on :ref:`classification_hand_made` and
    ``torch.bincount`` (:ref:`first_network_data`).

    >>> def confusion_matrix(predictions, targets, n_classes):
    ...     counts = torch.bincount(targets * n_classes + predictions, minlength=n_classes * n_classes)
    ...     return counts.view(n_classes, n_classes)
    >>> check_confusion_matrix(confusion_matrix)
    ✓ confusion_matrix: 5 cases pass
    Verdict(passed=True)
    >>> def transposed(predictions, targets, n_classes):  # [p, t] instead of [t, p]
    ...     counts = torch.bincount(predictions * n_classes + targets, minlength=n_classes * n_classes)
    ...     return counts.view(n_classes, n_classes)
    >>> check_confusion_matrix(transposed)
    ✗ confusion_matrix: confusion_matrix(5 samples, 3 classes) values: 4 of 9 differ (largest error 1)
    Verdict(passed=False)
    """
    cases = [("5 samples, 3 classes", [0, 1, 1, 2, 0], [0, 1, 2, 2, 1], 3),
             ("class 2 never occurs, class 1 never predicted", [0, 2, 0, 2, 3, 2, 0], [0, 0, 1, 1, 3, 3, 3], 4),
             ("4 samples, classes 3 and 4 absent", [2, 2, 0, 1], [2, 0, 0, 1], 5)]
    random_cases = [(300, 2), (5000, 10)]

    def run(where: str, predictions: torch.Tensor, targets: torch.Tensor, n_classes: int) -> int:
        counts = [[0] * n_classes for _ in range(n_classes)]
        for p, t in zip(predictions.tolist(), targets.tolist()):
            counts[t][p] += 1
        want = torch.tensor(counts, dtype=torch.int64)
        given = (predictions.clone(), targets.clone())
        with _CountCalls() as counter:
            got = _call(where, fn, *given, n_classes)
        expect_tensor(got, want, where)
        if not (torch.equal(given[0], predictions) and torch.equal(given[1], targets)):
            raise Feedback(f"{where}: changed its inputs")
        return counter.calls

    def test() -> str:
        for name, predictions, targets, n_classes in cases:
            run(f"confusion_matrix({name})", torch.tensor(predictions), torch.tensor(targets), n_classes)
        torch.manual_seed(0)
        for n, n_classes in random_cases:
            targets = torch.randint(n_classes, (n,))
            right = torch.rand(n) < 0.7
            predictions = torch.where(right, targets, torch.randint(n_classes, (n,)))
            where = f"confusion_matrix({n} random samples, {n_classes} classes)"
            calls = run(where, predictions, targets, n_classes)
            if calls >= n // 10:
                raise Feedback(f"{where}: {calls} tensor operations, want under {n // 10}")
        return f"{len(cases) + len(random_cases)} cases pass"

    return run_check("confusion_matrix", test)


def _compare_moved(got: Any, original: Any, target: torch.device, where: str) -> None:
    """Raise :class:`Feedback` unless ``got`` is ``original`` with every tensor on ``target``."""
    if isinstance(original, torch.Tensor):
        if not isinstance(got, torch.Tensor):
            raise Feedback(f"{where}: got {describe(got)}, want a Tensor")
        if got.device.type != target.type:
            raise Feedback(f"{where}: on {got.device.type}, want {target.type}")
        expect_equal(tuple(got.shape), tuple(original.shape), f"{where} shape")
        expect_equal(str(got.dtype), str(original.dtype), f"{where} dtype")
    elif isinstance(original, (dict, list, tuple)):
        if type(got) is not type(original):
            raise Feedback(f"{where}: got {type(got).__name__}, want {type(original).__name__}")
        if isinstance(original, dict):
            expect_equal(list(got), list(original), f"{where} keys")
            for key in original:
                _compare_moved(got[key], original[key], target, f"{where}[{key!r}]")
        else:
            expect_equal(len(got), len(original), f"{where} length")
            for i, (item, item_original) in enumerate(zip(got, original)):
                _compare_moved(item, item_original, target, f"{where}[{i}]")
    elif got is not original:
        raise Feedback(f"{where}: got {describe(got)}, want it unchanged")


def check_to_device(fn: Callable[[Any, torch.device], Any]) -> Verdict:
    """Check ``fn(batch, device)``: the batch with every tensor moved to ``device``, whether it is
    one tensor, a tuple or list, a dict, or these nested; containers keep their type and keys,
    and anything that is not a tensor (a number, a string) is passed through unchanged.

    The check moves to the ``meta`` device, so it needs no GPU. Builds on
    :ref:`classification_device`.

    >>> def to_device(batch, device):
    ...     if isinstance(batch, torch.Tensor):
    ...         return batch.to(device)
    ...     if isinstance(batch, dict):
    ...         return {key: to_device(value, device) for key, value in batch.items()}
    ...     if isinstance(batch, (list, tuple)):
    ...         return type(batch)(to_device(item, device) for item in batch)
    ...     return batch
    >>> check_to_device(to_device)
    ✓ to_device: 5 batches pass
    Verdict(passed=True)
    >>> check_to_device(lambda batch, device: batch.to(device))
    ✗ to_device: to_device((x, y)): raised AttributeError: 'tuple' object has no attribute 'to'
    Verdict(passed=False)
    """
    target = torch.device("meta")
    x, y, mask = torch.ones(4, 3), torch.arange(4), torch.tensor([True, False, True, True])
    cases = [
        ("x", x),
        ("(x, y)", (x, y)),
        ("[x, y]", [x, y]),
        ("{'image': x, 'label': y, 'name': 'seven'}", {"image": x, "label": y, "name": "seven"}),
        ("{'inputs': (x, [y, y]), 'mask': mask, 'epoch': 3}", {"inputs": (x, [y, y]), "mask": mask, "epoch": 3}),
    ]

    def test() -> str:
        for label, batch in cases:
            where = f"to_device({label})"
            _compare_moved(_call(where, fn, batch, target), batch, target, where)
        return f"{len(cases)} batches pass"

    return run_check("to_device", test)
