"""Checks for the exercises of chapter 2, *Tensors* (``examples/02_tensors/09_tensor_exercises.py``)."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from tutorial_utils.exercises import Verdict, call, expect_close, expect_tensor, run_check


def _shape(t: torch.Tensor) -> str:
    return "[" + ", ".join(str(n) for n in t.shape) + "]"


def check_image_strip(fn: Callable[[torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(batch)``: a batch ``[N, C, H, W]`` laid out as one strip ``[H, N·W, C]``, the
    images side by side from left to right, channels last.

    The reference joins the images with ``torch.cat`` and then moves the channels. The batches
    hold ``0, 1, 2, …`` so that every misplaced value shows. Builds on :ref:`tensors_reshaping`.

    >>> check_image_strip(lambda batch: batch.permute(2, 0, 3, 1).reshape(batch.shape[2], -1, batch.shape[1]))
    ✓ image_strip: 3 batches pass
    Verdict(passed=True)
    >>> check_image_strip(lambda batch: batch.reshape(batch.shape[2], -1, batch.shape[1]))
    ✗ image_strip: image_strip(batch [4, 3, 2, 5]) values: 118 of 120 differ (largest error 63)
    Verdict(passed=False)
    """
    shapes = [(4, 3, 2, 5), (1, 3, 4, 4), (2, 1, 3, 2)]

    def test() -> str:
        for shape in shapes:
            batch = torch.arange(math.prod(shape), dtype=torch.float32).reshape(shape)
            want = torch.cat(list(batch), dim=2).permute(1, 2, 0)
            expect_tensor(call(fn, batch.clone()), want, f"image_strip(batch {_shape(batch)})")
        return f"{len(shapes)} batches pass"

    return run_check("image_strip", test)


def check_pairwise_distances(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(a, b)``: for points ``a`` of shape ``[N, D]`` and ``b`` of shape ``[M, D]``, the
    ``[N, M]`` tensor of Euclidean distances, ``out[i, j] = ‖a[i] − b[j]‖``.

    The reference is a Python loop over the pairs; the cases have ``N ≠ M``. Builds on
    :ref:`tensors_broadcasting` and :ref:`tensors_statistics`.

    >>> check_pairwise_distances(lambda a, b: torch.linalg.vector_norm(a.unsqueeze(1) - b.unsqueeze(0), dim=2))
    ✓ pairwise_distances: 3 cases pass
    Verdict(passed=True)
    >>> check_pairwise_distances(lambda a, b: ((a.unsqueeze(1) - b.unsqueeze(0)) ** 2).sum(dim=2))
    ✗ pairwise_distances: pairwise_distances(a [3, 2], b [2, 2]) values: 5 of 6 differ (largest error 90)
    Verdict(passed=False)
    """

    def test() -> str:
        torch.manual_seed(0)
        cases = [(torch.tensor([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]]), torch.tensor([[0.0, 0.0], [6.0, 8.0]])),
                 (torch.randn(4, 3), torch.randn(5, 3)),
                 (torch.randn(1, 6), torch.randn(3, 6))]
        for a, b in cases:
            want = torch.tensor([[math.dist(p, q) for q in b.tolist()] for p in a.tolist()])
            got = call(fn, a.clone(), b.clone())
            expect_tensor(got, want, f"pairwise_distances(a {_shape(a)}, b {_shape(b)})")
        return f"{len(cases)} cases pass"

    return run_check("pairwise_distances", test)


def check_top_k_accuracy(fn: Callable[[torch.Tensor, torch.Tensor, int], float]) -> Verdict:
    """Check ``fn(scores, target, k)``: the share of rows of ``scores`` (``[N, C]``) whose target
    class (``target[i]``) is among the ``k`` highest scores of the row, as a number.

    The reference counts, for each row, the scores above the target's score. Builds on
    :ref:`tensors_statistics`.

    >>> def top_k_accuracy(scores, target, k):
    ...     top = scores.topk(k, dim=1).indices
    ...     return (top == target.unsqueeze(1)).any(dim=1).float().mean()
    >>> check_top_k_accuracy(top_k_accuracy)
    ✓ top_k_accuracy: 4 cases pass
    Verdict(passed=True)
    >>> check_top_k_accuracy(lambda scores, target, k: (scores.argmax(dim=1) == target).float().mean())
    ✗ top_k_accuracy: top_k_accuracy(scores [4, 5], k=2): off by 0.5
    Verdict(passed=False)
    """

    def test() -> str:
        scores = torch.tensor([[0.1, 0.9, 0.3, 0.2, 0.0], [0.5, 0.1, 0.4, 0.0, 0.2],
                               [0.2, 0.3, 0.1, 0.8, 0.6], [0.7, 0.0, 0.1, 0.2, 0.9]])
        target = torch.tensor([1, 2, 4, 1])
        torch.manual_seed(0)
        cases = [(scores, target, 1), (scores, target, 2), (scores, target, 5),
                 (torch.randn(16, 10), torch.randint(0, 10, (16,)), 3)]
        for s, t, k in cases:
            rows, labels = s.tolist(), t.tolist()
            want = sum(sum(v > row[c] for v in row) < k for row, c in zip(rows, labels)) / len(rows)
            expect_close(call(fn, s.clone(), t.clone(), k), want, f"top_k_accuracy(scores {_shape(s)}, k={k})")
        return f"{len(cases)} cases pass"

    return run_check("top_k_accuracy", test)


def check_prelu(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(x, slope)``: ``x`` where it is positive and ``slope * x`` elsewhere, with one
    slope per channel (the last dimension of ``x``), for any number of leading dimensions.

    The reference is the loop of the exercise, run over every row. Builds on
    :ref:`tensors_where_gather` and :ref:`tensors_broadcasting`.

    >>> check_prelu(lambda x, slope: torch.where(x > 0, x, slope * x))
    ✓ prelu: 3 cases pass
    Verdict(passed=True)
    >>> check_prelu(lambda x, slope: torch.where(x > 0, x, slope))
    ✗ prelu: prelu(x [2, 3], slope [3]) values: 3 of 6 differ (largest error 2.1)
    Verdict(passed=False)
    """

    def test() -> str:
        torch.manual_seed(0)
        cases = [(torch.tensor([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]]), torch.tensor([0.1, 0.2, 0.3])),
                 (torch.randn(4, 5), torch.rand(5)),
                 (torch.randn(2, 3, 4), torch.rand(4))]
        for x, slope in cases:
            s = slope.tolist()
            rows = [[v if v > 0 else s[j] * v for j, v in enumerate(row)] for row in x.reshape(-1, len(s)).tolist()]
            want = torch.tensor(rows).reshape(x.shape)
            expect_tensor(call(fn, x.clone(), slope.clone()), want, f"prelu(x {_shape(x)}, slope {_shape(slope)})")
        return f"{len(cases)} cases pass"

    return run_check("prelu", test)


def check_last_step(fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(x, lengths)``: for padded sequences ``x`` of shape ``[N, T, D]`` and their true
    lengths (``[N]``, ``int64``, between 1 and ``T``), the last real step of each sequence,
    ``out[i] = x[i, lengths[i] − 1]``, of shape ``[N, D]``.

    The reference is a loop over the sequences; after the first case some sequences have full length.
    Builds on :ref:`tensors_where_gather` and :ref:`tensors_reshaping`.

    >>> def last_step(x, lengths):
    ...     index = (lengths - 1).view(-1, 1, 1).expand(-1, 1, x.shape[2])
    ...     return x.gather(1, index).squeeze(1)
    >>> check_last_step(last_step)
    ✓ last_step: 3 cases pass
    Verdict(passed=True)
    >>> check_last_step(lambda x, lengths: x[:, lengths - 1])
    ✗ last_step: last_step(x [3, 4, 2], lengths [3]) shape: got (3, 3, 2), want (3, 2)
    Verdict(passed=False)
    """

    def test() -> str:
        torch.manual_seed(0)
        cases = [(torch.arange(24, dtype=torch.float32).reshape(3, 4, 2), torch.tensor([2, 1, 3])),
                 (torch.randn(5, 6, 3), torch.tensor([6, 1, 4, 2, 5])),
                 (torch.randn(1, 3, 7), torch.tensor([3]))]
        for x, lengths in cases:
            want = torch.stack([x[i, n - 1] for i, n in enumerate(lengths.tolist())])
            got = call(fn, x.clone(), lengths.clone())
            expect_tensor(got, want, f"last_step(x {_shape(x)}, lengths {_shape(lengths)})")
        return f"{len(cases)} cases pass"

    return run_check("last_step", test)
