"""Checks for the exercises of chapter 7, *Visualising training*
(``examples/07_visualising_training/04_visualisation_exercises.py``).

``check_read_scalars`` writes a TensorBoard log, so it needs the ``tensorboard`` package; it
imports it only when it runs, and the other checks need nothing beyond PyTorch.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from typing import Any

import torch

from tutorial_utils.exercises import (Feedback, Verdict, call, describe, expect_close, expect_equal, expect_tensor,
                                      run_check)


def _call(where: str, fn: Any, *args: Any) -> Any:
    """:func:`call`, with ``where`` in front of the message of an error that ``fn`` raises."""
    try:
        return call(fn, *args)
    except Feedback as feedback:
        raise Feedback(f"{where}: {feedback}") from feedback


def check_smooth(fn: Callable[[torch.Tensor, int], torch.Tensor]) -> Verdict:
    """Check ``fn(values, window)``: the trailing moving average of the 1-D tensor ``values``.

    Element ``i`` of the result is the mean of ``values[i - window + 1]`` to ``values[i]``; at the
    start, where fewer than ``window`` values came before, the mean of those there are. The
    result has as many elements as ``values``. The check tries windows of 5, 1 and one longer
    than the curve, and compares with a loop of its own. Builds on :ref:`visualising_visdom_training`.

    >>> def smooth(values, window):
    ...     return torch.stack([values[max(0, i - window + 1):i + 1].mean() for i in range(len(values))])
    >>> check_smooth(smooth)
    ✓ smooth: 3 cases pass
    Verdict(passed=True)
    >>> check_smooth(lambda values, window: values.unfold(0, window, 1).mean(dim=1))
    ✗ smooth: smooth(20 values, window=5) shape: got (16,), want (20,)
    Verdict(passed=False)
    """
    cases = [(20, 5), (20, 1), (7, 10)]

    def test() -> str:
        for n, window in cases:
            steps = torch.arange(n, dtype=torch.float32)
            values = 2.3 * torch.exp(-steps / 8) + 0.3 * torch.sin(2.1 * steps)
            numbers = values.tolist()
            want = [sum(numbers[max(0, i - window + 1):i + 1]) / (i + 1 - max(0, i - window + 1)) for i in range(n)]
            where = f"smooth({n} values, window={window})"
            got = _call(where, fn, values.clone(), window)
            expect_tensor(got, torch.tensor(want, dtype=torch.float32), where)
        return f"{len(cases)} cases pass"

    return run_check("smooth", test)


def check_best_epoch(fn: Callable[[dict[str, list[float]]], tuple[int, float]]) -> Verdict:
    """Check ``fn(history)``: the epoch with the highest test accuracy and the mean training loss
    of that epoch, as a pair ``(epoch, loss)``.

    ``history`` is what ``tutorial_utils.fit`` returns: ``"train_loss"`` holds one loss per step,
    ``"test_acc"`` one accuracy per epoch. Epochs count from 1, as the chapter's pages log them;
    on a tie the earlier epoch wins. The check tries three histories, one of them with a tie.
    Builds on :ref:`visualising_visdom_training`.

    >>> def best_epoch(history):
    ...     acc, losses = history["test_acc"], history["train_loss"]
    ...     epoch = acc.index(max(acc)) + 1
    ...     per_epoch = len(losses) // len(acc)
    ...     last = losses[(epoch - 1) * per_epoch:epoch * per_epoch]
    ...     return epoch, sum(last) / len(last)
    >>> check_best_epoch(best_epoch)
    ✓ best_epoch: 3 histories pass
    Verdict(passed=True)
    >>> check_best_epoch(lambda history: (history["test_acc"].index(max(history["test_acc"])), 0.0))
    ✗ best_epoch: best_epoch(test_acc=[0.8, 0.86, 0.91, 0.89]) epoch: got 2, want 3
    Verdict(passed=False)
    """
    cases = [([0.80, 0.86, 0.91, 0.89], 3), ([0.95, 0.90, 0.93], 2), ([0.70, 0.88, 0.88, 0.85], 2)]

    def test() -> str:
        for accuracies, per_epoch in cases:
            losses = [round(2.0 * 0.8**i + 0.1 * (i * 7 % 3), 4) for i in range(len(accuracies) * per_epoch)]
            best = max(range(len(accuracies)), key=lambda e: (accuracies[e], -e))
            want_loss = sum(losses[best * per_epoch:(best + 1) * per_epoch]) / per_epoch
            where = f"best_epoch(test_acc={accuracies})"
            got = _call(where, fn, {"train_loss": list(losses), "test_acc": list(accuracies)})
            if not isinstance(got, (tuple, list)) or len(got) != 2:
                raise Feedback(f"{where}: got {describe(got)}, want a pair (epoch, loss)")
            epoch, loss = got
            if isinstance(epoch, torch.Tensor) and epoch.numel() == 1 and not epoch.is_floating_point():
                epoch = epoch.item()
            if isinstance(epoch, bool) or not isinstance(epoch, int):
                raise Feedback(f"{where} epoch: got {describe(epoch)}, want an int")
            expect_equal(epoch, best + 1, f"{where} epoch")
            expect_close(loss, want_loss, f"{where} loss")
        return f"{len(cases)} histories pass"

    return run_check("best_epoch", test)


def _numbers(got: object, what: str) -> torch.Tensor:
    """``got`` (a list or a 1-D tensor of numbers) as a float64 tensor, or :class:`Feedback`."""
    try:
        numbers = torch.tensor(got.tolist() if isinstance(got, torch.Tensor) else list(got), dtype=torch.float64)
    except (TypeError, ValueError, RuntimeError):
        raise Feedback(f"{what}: got {describe(got)}, want a list of numbers") from None
    if numbers.dim() != 1:
        raise Feedback(f"{what}: got {describe(numbers)}, want a list of numbers")
    return numbers


def check_read_scalars(fn: Callable[[str, str], tuple[list[int], list[float]]]) -> Verdict:
    """Check ``fn(logdir, tag)``: every point logged under ``tag`` in the TensorBoard event files
    of the folder ``logdir``, as a pair ``(steps, values)`` of lists (or 1-D tensors).

    The check writes a log of its own with ``SummaryWriter`` into a temporary folder: 10,500
    training losses under ``loss/train``, one per step from 0, and 3 accuracies under
    ``accuracy/test`` at steps 1, 2 and 3. It compares what ``fn`` reads back with what it wrote,
    as the ``float32`` numbers that the file stores. Builds on :ref:`visualisation_tensorboard`.

    >>> from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    >>> def read_scalars(logdir, tag):
    ...     events = EventAccumulator(logdir, size_guidance={"scalars": 0})
    ...     events.Reload()
    ...     points = events.Scalars(tag)
    ...     return [p.step for p in points], [p.value for p in points]
    >>> check_read_scalars(read_scalars)
    ✓ read_scalars: 2 tags pass
    Verdict(passed=True)
    >>> def read_some_scalars(logdir, tag):
    ...     events = EventAccumulator(logdir)
    ...     events.Reload()
    ...     points = events.Scalars(tag)
    ...     return [p.step for p in points], [p.value for p in points]
    >>> check_read_scalars(read_some_scalars)
    ✗ read_scalars: read_scalars(logdir, 'loss/train') number of points: got 10000, want 10500
    Verdict(passed=False)
    """
    from torch.utils.tensorboard import SummaryWriter

    curves = {
        "loss/train": (list(range(10_500)), [2.3 * math.exp(-i / 2000) + 0.05 * math.sin(1.7 * i) + 0.05
                                             for i in range(10_500)]),
        "accuracy/test": ([1, 2, 3], [0.81, 0.87, 0.9]),
    }

    def test() -> str:
        with tempfile.TemporaryDirectory() as logdir:
            writer = SummaryWriter(log_dir=logdir)
            for tag, (steps, values) in curves.items():
                for step, value in zip(steps, values):
                    writer.add_scalar(tag, value, global_step=step)
            writer.close()
            for tag, (steps, values) in curves.items():
                where = f"read_scalars(logdir, {tag!r})"
                got = _call(where, fn, logdir, tag)
                if not isinstance(got, (tuple, list)) or len(got) != 2:
                    raise Feedback(f"{where}: got {describe(got)}, want a pair (steps, values)")
                got_steps, got_values = _numbers(got[0], f"{where} steps"), _numbers(got[1], f"{where} values")
                expect_equal(len(got_steps), len(steps), f"{where} number of points")
                expect_equal(len(got_values), len(steps), f"{where} number of values")
                wrong_steps = int((got_steps != torch.tensor(steps, dtype=torch.float64)).sum())
                if wrong_steps:
                    raise Feedback(f"{where} steps: {wrong_steps} of {len(steps)} differ")
                want = torch.tensor(values, dtype=torch.float32).double()
                expect_tensor(got_values, want, where, atol=1e-7, rtol=1e-6)
        return f"{len(curves)} tags pass"

    return run_check("read_scalars", test)
