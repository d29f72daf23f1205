"""Checks for the exercises of chapter 8, *Overfitting and the training toolbox*
(``examples/08_overfitting_toolbox/11_overfitting_exercises.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from tutorial_utils.exercises import (Feedback, Verdict, call, describe, expect_close, expect_equal, expect_tensor,
                                      run_check)


def _index_list(part: object, where: str) -> list[int]:
    """The indices in one piece of a split, as a list of ints (from a list, a tensor or a ``Subset``)."""
    if isinstance(part, torch.Tensor):
        if part.dim() != 1 or part.is_floating_point():
            raise Feedback(f"{where}: got {describe(part)} of {part.dtype}, want a list of indices")
        return part.tolist()
    try:
        return [int(index) for index in part]  # type: ignore[attr-defined]
    except (TypeError, ValueError, RuntimeError):
        raise Feedback(f"{where}: got {describe(part)}, want a list of indices") from None


def check_split_indices(fn: Callable[[int, int, int, int], Any]) -> Verdict:
    """Check ``fn(n, n_val, n_test, seed)``: a shuffled split of ``range(n)`` into ``(train, val, test)``.

    The three pieces must have ``n - n_val - n_test``, ``n_val`` and ``n_test`` indices, hold every
    index once, come out the same for the same seed and differently for another seed. Builds on
    :ref:`overfitting_splits`.

    >>> def split_indices(n, n_val, n_test, seed):
    ...     generator = torch.Generator(device=torch.get_default_device()).manual_seed(seed)
    ...     order = torch.randperm(n, generator=generator).tolist()
    ...     n_train = n - n_val - n_test
    ...     return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
    >>> check_split_indices(split_indices)
    ✓ split_indices: 3 cases pass
    Verdict(passed=True)
    >>> def split_indices(n, n_val, n_test, seed):
    ...     order = torch.randperm(n).tolist()
    ...     n_train = n - n_val - n_test
    ...     return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]
    >>> check_split_indices(split_indices)
    ✗ split_indices: split_indices(100, 20, 10, seed=0) twice: results differ
    Verdict(passed=False)
    """
    cases = [(100, 20, 10, 0), (12, 3, 3, 5), (1000, 150, 250, 1)]

    def split(n: int, n_val: int, n_test: int, seed: int) -> tuple[list[int], ...]:
        where = f"split_indices({n}, {n_val}, {n_test}, seed={seed})"
        got = call(fn, n, n_val, n_test, seed)
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise Feedback(f"{where}: got {describe(got)}, want (train, val, test)")
        return tuple(_index_list(part, f"{where} {name}") for part, name in zip(got, ("train", "val", "test")))

    def test() -> str:
        torch.manual_seed(0)
        for n, n_val, n_test, seed in cases:
            where = f"split_indices({n}, {n_val}, {n_test}, seed={seed})"
            train, val, test_ = split(n, n_val, n_test, seed)
            expect_equal((len(train), len(val), len(test_)), (n - n_val - n_test, n_val, n_test), f"{where} sizes")
            missing = len(set(range(n)) - set(train + val + test_))
            if missing:
                raise Feedback(f"{where} indices: {missing} of range({n}) missing")
            if sorted(train) == list(range(len(train))):
                raise Feedback(f"{where} train: got range({len(train)}), want a shuffled choice")
            if split(n, n_val, n_test, seed) != (train, val, test_):
                raise Feedback(f"{where} twice: results differ")
            if split(n, n_val, n_test, seed + 1) == (train, val, test_):
                raise Feedback(f"{where} and seed={seed + 1}: same split")
        return f"{len(cases)} cases pass"

    return run_check("split_indices", test)


def _filled_model(*sizes: int) -> tuple[nn.Sequential, list[torch.Tensor], list[torch.Tensor]]:
    """A stack of ``nn.Linear`` layers with ReLUs between them and fixed, non-random parameters."""
    layers: list[nn.Module] = []
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        weight = torch.linspace(-1.0, 1.5, n_in * n_out).reshape(n_out, n_in)
        bias = torch.full((n_out,), 0.5)
        layer = nn.Linear(n_in, n_out)
        with torch.no_grad():
            layer.weight.copy_(weight)
            layer.bias.copy_(bias)
        layers += [layer, nn.ReLU()]
        weights.append(weight)
        biases.append(bias)
    return nn.Sequential(*layers[:-1]), weights, biases


def check_l2_penalty(fn: Callable[[nn.Module, float], torch.Tensor]) -> Verdict:
    """Check ``fn(model, lam)``: the L2 penalty ``(lam/2)·Σ w²`` over the model's weight matrices, biases
    left out, as a tensor that autograd can differentiate (its gradient is ``lam·w``).

    The check builds small ``nn.Linear`` stacks with fixed weights. Builds on
    :ref:`overfitting_regularisation`.

    >>> def l2_penalty(model, lam):
    ...     weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
    ...     return lam / 2 * sum(w.pow(2).sum() for w in weights)
    >>> check_l2_penalty(l2_penalty)
    ✓ l2_penalty: 3 cases pass
    Verdict(passed=True)
    >>> check_l2_penalty(lambda model, lam: lam / 2 * sum(p.pow(2).sum() for p in model.parameters()))
    ✗ l2_penalty: l2_penalty(Linear 3→4→2, lam=0.1): off by 0.075
    Verdict(passed=False)
    """
    cases = [((3, 4, 2), 0.1), ((3, 4, 2), 0.01), ((5, 2), 1.0)]

    def test() -> str:
        for sizes, lam in cases:
            where = f"l2_penalty(Linear {'→'.join(map(str, sizes))}, lam={lam})"
            model, weights, biases = _filled_model(*sizes)
            got = call(fn, model, lam)
            if not isinstance(got, torch.Tensor):
                raise Feedback(f"{where}: got {describe(got)}, want a Tensor")
            expect_equal(got.numel(), 1, f"{where} number of elements")
            expect_close(got, lam / 2 * sum(float((w.double() ** 2).sum()) for w in weights), where)
            if not got.requires_grad:
                raise Feedback(f"{where}: result has no gradient (requires_grad=False)")
            got.sum().backward()
            layers = [module for module in model if isinstance(module, nn.Linear)]
            for i, (layer, weight, bias) in enumerate(zip(layers, weights, biases)):
                grad_w = layer.weight.grad if layer.weight.grad is not None else torch.zeros_like(weight)
                grad_b = layer.bias.grad if layer.bias.grad is not None else torch.zeros_like(bias)
                expect_tensor(grad_w, lam * weight, f"{where} gradient of layer {i + 1}'s weight")
                expect_tensor(grad_b, torch.zeros_like(bias), f"{where} gradient of layer {i + 1}'s bias")
        return f"{len(cases)} cases pass"

    return run_check("l2_penalty", test)


def check_momentum_step(fn: Callable[..., Any]) -> Verdict:
    """Check ``fn(w, v, grad, lr, beta)``: one SGD step with momentum, returned as the new ``(w, v)``.

    The check runs four steps from ``v = 0`` with fixed gradients, once with a constant
    learning rate and once with one that changes between steps, and compares ``w`` and ``v``
    after each step with the weights and the ``momentum_buffer`` of ``torch.optim.SGD(momentum=beta)``.
    Builds on :ref:`overfitting_momentum_schedules`.

    >>> def momentum_step(w, v, grad, lr, beta):
    ...     v = beta * v + grad
    ...     return w - lr * v, v
    >>> check_momentum_step(momentum_step)
    ✓ momentum_step: 2 runs of 4 steps pass
    Verdict(passed=True)
    >>> def momentum_step(w, v, grad, lr, beta):
    ...     v = beta * v + (1 - beta) * grad
    ...     return w - lr * v, v
    >>> check_momentum_step(momentum_step)
    ✗ momentum_step: lr=0.1, beta=0.9, step 1 w values: 3 of 3 differ (largest error 0.18)
    Verdict(passed=False)
    """
    grads = [[0.5, -1.0, 2.0], [0.25, 0.5, -0.75], [-1.5, 0.25, 0.0], [1.0, 1.0, 1.0]]
    runs = [([0.1, 0.1, 0.1, 0.1], 0.9), ([0.1, 0.05, 0.05, 0.01], 0.5)]

    def test() -> str:
        for lrs, beta in runs:
            reference = nn.Parameter(torch.tensor([1.0, -2.0, 0.5]))
            optimizer = torch.optim.SGD([reference], lr=lrs[0], momentum=beta)
            w, v = reference.detach().clone(), torch.zeros(3)
            for step, (lr, grad) in enumerate(zip(lrs, grads), start=1):
                optimizer.param_groups[0]["lr"] = lr
                reference.grad = torch.tensor(grad)
                optimizer.step()
                lr_text = f"lr={lr}" if len(set(lrs)) == 1 else f"lr={lrs}"
                where = f"{lr_text}, beta={beta}, step {step}"
                got = call(fn, w.clone(), v.clone(), torch.tensor(grad), lr, beta)
                if not isinstance(got, (tuple, list)) or len(got) != 2:
                    raise Feedback(f"{where}: got {describe(got)}, want (w, v)")
                w, v = got
                expect_tensor(w, reference.detach(), f"{where} w")
                expect_tensor(v, optimizer.state[reference]["momentum_buffer"], f"{where} v")
        return f"{len(runs)} runs of {len(grads)} steps pass"

    return run_check("momentum_step", test)


def check_step_lr(fn: Callable[[int, float, int, float], float]) -> Verdict:
    """Check ``fn(epoch, lr, step_size, gamma)``: the learning rate that ``StepLR(optimizer, step_size,
    gamma)`` gives in epoch ``epoch`` (counted from 0) when the optimizer starts at ``lr``.

    The check runs ``torch.optim.lr_scheduler.StepLR`` for 12 epochs with two settings and
    compares every epoch. Builds on :ref:`overfitting_lr_schedules`.

    >>> check_step_lr(lambda epoch, lr, step_size, gamma: lr * gamma ** (epoch // step_size))
    ✓ step_lr: 2 settings × 12 epochs pass
    Verdict(passed=True)
    >>> check_step_lr(lambda epoch, lr, step_size, gamma: lr * gamma ** ((epoch + 1) // step_size))
    ✗ step_lr: step_lr(epoch=2, lr=0.1, step_size=3, gamma=0.5): off by 0.05
    Verdict(passed=False)
    """
    settings = [(0.1, 3, 0.5), (1.0, 4, 0.1)]
    epochs = 12

    def test() -> str:
        for lr, step_size, gamma in settings:
            optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=lr)
            scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=gamma)
            for epoch in range(epochs):
                got = call(fn, epoch, lr, step_size, gamma)
                expect_close(got, scheduler.get_last_lr()[0],
                             f"step_lr(epoch={epoch}, lr={lr}, step_size={step_size}, gamma={gamma})",
                             rel=1e-6, abs_=1e-12)
                optimizer.step()
                scheduler.step()
        return f"{len(settings)} settings × {epochs} epochs pass"

    return run_check("step_lr", test)


def check_dropout(fn: Callable[..., torch.Tensor]) -> Verdict:
    """Check ``fn(x, p, training)``: inverted dropout by hand, like ``nn.Dropout(p)``.

    In training mode each element becomes 0 with probability ``p``, drawn afresh at every call,
    and the others are multiplied by ``1 / (1 − p)``; with ``training=False`` the input comes back
    unchanged. The check uses 100,000 positive numbers, so the fraction of zeros must be within
    0.01 of ``p``. Builds on :ref:`overfitting_dropout`.

    >>> def dropout(x, p, training=True):
    ...     if not training:
    ...         return x
    ...     keep = (torch.rand_like(x) >= p).to(x.dtype)
    ...     return x * keep / (1 - p)
    >>> check_dropout(dropout)
    ✓ dropout: 3 cases pass
    Verdict(passed=True)
    >>> def dropout(x, p, training=True):
    ...     return x * (torch.rand_like(x) >= p) if training else x
    >>> check_dropout(dropout)
    ✗ dropout: dropout(x, p=0.5) survivors: scaled by 1, want 2
    Verdict(passed=False)
    """

    def test() -> str:
        torch.manual_seed(0)
        x = 1 + torch.rand(200, 500)
        got = call(fn, x.clone(), 0.5, training=False)
        if not isinstance(got, torch.Tensor):
            raise Feedback(f"dropout(x, p=0.5, training=False): got {describe(got)}, want a Tensor")
        if not torch.equal(got.detach(), x):
            raise Feedback("dropout(x, p=0.5, training=False): output differs from x")
        for p in (0.5, 0.2):
            where = f"dropout(x, p={p})"
            first = call(fn, x.clone(), p, training=True)
            if not isinstance(first, torch.Tensor):
                raise Feedback(f"{where}: got {describe(first)}, want a Tensor")
            expect_equal(tuple(first.shape), tuple(x.shape), f"{where} shape")
            expect_equal(first.dtype, x.dtype, f"{where} dtype")
            first = first.detach()
            zeros = (first == 0).float().mean().item()
            if abs(zeros - p) > 0.01:
                raise Feedback(f"{where} zeros: fraction {zeros:.1f}, want {p}")
            scale = first[first != 0] / x[first != 0]
            if not torch.allclose(scale, torch.full_like(scale, 1 / (1 - p)), rtol=1e-5):
                low, high = scale.min().item(), scale.max().item()
                shown = f"{low:.2g}" if f"{low:.2g}" == f"{high:.2g}" else f"{low:.2g} to {high:.2g}"
                raise Feedback(f"{where} survivors: scaled by {shown}, want {1 / (1 - p):.2g}")
            second = call(fn, x.clone(), p, training=True)
            if isinstance(second, torch.Tensor) and torch.equal(second.detach() == 0, first == 0):
                raise Feedback(f"{where} called twice: same zeros")
        return "3 cases pass"

    return run_check("dropout", test)


def check_early_stopping(fn: Callable[..., Any]) -> Verdict:
    """Check ``fn(model, train_step, validate, patience, max_epochs)``: early stopping with best-weight restore.

    ``fn`` calls ``train_step(model)`` and then ``validate(model)`` (a validation loss) once per
    epoch; an epoch improves when its loss is strictly below the best so far. It stops after
    ``patience`` epochs in a row without improvement, or after ``max_epochs``, loads the weights of
    the best epoch back into ``model`` and returns that epoch's number, counted from 0.

    The check's ``train_step`` adds 1 to every weight in place, as an optimizer step changes them,
    so the weights show which epoch they come from; ``validate`` returns a fixed sequence of losses.
    Three cases: a minimum and then a rise (patience 3), a loss that improves at every epoch
    (``max_epochs`` ends training), and equal losses (which are not improvements). Builds on
    :ref:`overfitting_early_stopping`.

    >>> import copy
    >>> def early_stopping(model, train_step, validate, patience, max_epochs):
    ...     best_loss, best_epoch, bad_epochs = float("inf"), -1, 0
    ...     for epoch in range(max_epochs):
    ...         train_step(model)
    ...         loss = validate(model)
    ...         if loss < best_loss:
    ...             best_loss, best_epoch, bad_epochs = loss, epoch, 0
    ...             best_state = copy.deepcopy(model.state_dict())
    ...         else:
    ...             bad_epochs += 1
    ...             if bad_epochs == patience:
    ...                 break
    ...     model.load_state_dict(best_state)
    ...     return best_epoch
    >>> check_early_stopping(early_stopping)
    ✓ early_stopping: 3 cases pass
    Verdict(passed=True)
    >>> def early_stopping(model, train_step, validate, patience, max_epochs):
    ...     best_loss, best_epoch, bad_epochs = float("inf"), -1, 0
    ...     for epoch in range(max_epochs):
    ...         train_step(model)
    ...         loss = validate(model)
    ...         if loss < best_loss:
    ...             best_loss, best_epoch, bad_epochs = loss, epoch, 0
    ...             best_state = model.state_dict()
    ...         else:
    ...             bad_epochs += 1
    ...             if bad_epochs == patience:
    ...                 break
    ...     model.load_state_dict(best_state)
    ...     return best_epoch
    >>> check_early_stopping(early_stopping)
    ✗ early_stopping: case 1 weights after return: from epoch 5, want epoch 2
    Verdict(passed=False)
    """
    # (losses, patience, max_epochs, epochs trained, best epoch)
    cases = [
        ([5.0, 4.0, 3.0, 3.5, 3.2, 3.1, 2.0, 1.0, 0.5, 0.2], 3, 10, 6, 2),
        ([8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0], 2, 8, 8, 7),
        ([1.0, 1.0, 1.0, 0.5, 0.25, 0.1], 2, 6, 3, 0),
    ]

    def test() -> str:
        for number, (losses, patience, max_epochs, want_epochs, want_best) in enumerate(cases, start=1):
            where = f"case {number}"
            model = nn.Linear(3, 2)
            with torch.no_grad():
                for parameter in model.parameters():
                    parameter.zero_()
            counts = {"train": 0, "validate": 0}

            def train_step(model: nn.Module) -> None:
                counts["train"] += 1
                with torch.no_grad():
                    for parameter in model.parameters():
                        parameter.add_(1.0)

            def validate(model: nn.Module) -> float:
                if counts["validate"] == len(losses):
                    raise Feedback(f"{where}: validate called more than max_epochs={max_epochs} times")
                counts["validate"] += 1
                return losses[counts["validate"] - 1]

            best = call(fn, model, train_step, validate, patience, max_epochs)
            expect_equal(counts["train"], want_epochs, f"{where} epochs trained")
            expect_equal(counts["validate"], want_epochs, f"{where} validate calls")
            if isinstance(best, torch.Tensor) and best.numel() == 1:
                best = best.item()
            expect_equal(best, want_best, f"{where} best epoch")
            values = torch.cat([parameter.detach().flatten() for parameter in model.parameters()])
            if not torch.equal(values, torch.full_like(values, values[0].item())):
                raise Feedback(f"{where} weights after return: not from one epoch")
            restored = round(values[0].item()) - 1
            if restored != want_best:
                raise Feedback(f"{where} weights after return: from epoch {restored}, want epoch {want_best}")
        return f"{len(cases)} cases pass"

    return run_check("early_stopping", test)
