"""Checks for the exercises of chapter 10, *Building models with nn.Module*
(``examples/10_nn_module/06_module_exercises.py``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from unittest import mock

import torch
from torch import nn

from tutorial_utils.exercises import Feedback, Verdict, call, describe, expect_equal, expect_tensor, run_check


def _wave(*shape: int, phase: float = 0.0) -> torch.Tensor:
    """Irregular float32 numbers in ``[-1, 1]`` that are the same on every device (no random generator)."""
    n = 1
    for size in shape:
        n *= size
    return torch.sin(torch.arange(n, dtype=torch.float32) * 2.3 + phase).reshape(shape)


def _mlp(*sizes: int) -> nn.Sequential:
    """Linear layers of the given sizes with a ReLU between each two."""
    layers: list[nn.Module] = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


def check_make_mlp(fn: Callable[[list[int]], nn.Sequential]) -> Verdict:
    """Check ``fn(sizes)``: an ``nn.Sequential`` of ``nn.Linear`` layers from ``sizes[i]`` to
    ``sizes[i + 1]``, with an ``nn.ReLU`` between each two and none after the last.

    Builds on :ref:`module_containers`.

    >>> def make_mlp(sizes):
    ...     layers = []
    ...     for n_in, n_out in zip(sizes, sizes[1:]):
    ...         layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    ...     return nn.Sequential(*layers[:-1])
    >>> check_make_mlp(make_mlp)
    ✓ make_mlp: 3 cases pass
    Verdict(passed=True)
    >>> def relu_at_the_end(sizes):
    ...     layers = []
    ...     for n_in, n_out in zip(sizes, sizes[1:]):
    ...         layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    ...     return nn.Sequential(*layers)
    >>> check_make_mlp(relu_at_the_end)
    ✗ make_mlp: make_mlp([4, 8, 3]) layers: got ['Linear', 'ReLU', 'Linear', 'ReLU'], want ['Linear', 'ReLU', 'Linear']
    Verdict(passed=False)
    """
    cases = [[4, 8, 3], [5, 16, 16, 2], [3, 1]]

    def test() -> str:
        for sizes in cases:
            where = f"make_mlp({sizes})"
            got = call(fn, list(sizes))
            if not isinstance(got, nn.Sequential):
                raise Feedback(f"{where}: got {describe(got)}, want an nn.Sequential")
            want = _mlp(*sizes)
            expect_equal([type(m).__name__ for m in got], [type(m).__name__ for m in want], f"{where} layers")
            expect_equal([(m.in_features, m.out_features) for m in got if isinstance(m, nn.Linear)],
                         list(zip(sizes, sizes[1:])), f"{where} (in_features, out_features)")
            expect_equal(tuple(call(got, torch.zeros(2, sizes[0])).shape), (2, sizes[-1]), f"{where} output shape")
        return f"{len(cases)} cases pass"

    return run_check("make_mlp", test)


def check_freeze_all_but_last(fn: Callable[[nn.Sequential], int]) -> Verdict:
    """Check ``fn(model)``: freezes every parameter outside ``model[-1]``, leaves those of
    ``model[-1]`` trainable, and returns how many numbers are still trainable.

    The check builds three models, the last with nested blocks, and compares each parameter's
    ``requires_grad`` and the returned count with its own. Builds on :ref:`module_containers`.

    >>> def freeze_all_but_last(model):
    ...     model.requires_grad_(False)
    ...     model[-1].requires_grad_(True)
    ...     return sum(p.numel() for p in model.parameters() if p.requires_grad)
    >>> check_freeze_all_but_last(freeze_all_but_last)
    ✓ freeze_all_but_last: 3 models pass
    Verdict(passed=True)
    >>> def counts_everything(model):
    ...     for p in model[:-1].parameters():
    ...         p.requires_grad = False
    ...     return sum(p.numel() for p in model.parameters())
    >>> check_freeze_all_but_last(counts_everything)
    ✗ freeze_all_but_last: mlp(4, 8, 3) returned: got 67, want 27
    Verdict(passed=False)
    """
    cases = [("mlp(4, 8, 3)", lambda: _mlp(4, 8, 3)), ("mlp(5, 16, 16, 2)", lambda: _mlp(5, 16, 16, 2)),
             ("nested", lambda: nn.Sequential(nn.Sequential(nn.Linear(3, 4), nn.ReLU()), nn.Tanh(),
                                              nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 2))))]

    def test() -> str:
        for name, make in cases:
            model = make()
            last = len(model) - 1
            got = call(fn, model)
            for key, p in model.named_parameters():
                expect_equal(p.requires_grad, key.startswith(f"{last}."), f"{name} requires_grad of {key!r}")
            want = sum(p.numel() for key, p in model.named_parameters() if key.startswith(f"{last}."))
            if isinstance(got, torch.Tensor) and got.numel() == 1:
                got = got.item()
            expect_equal(got, want, f"{name} returned")
        return f"{len(cases)} models pass"

    return run_check("freeze_all_but_last", test)


def check_standardize(cls: Callable[[torch.Tensor, torch.Tensor], nn.Module]) -> Verdict:
    """Check the class ``cls(mean, std)``: a layer that returns ``(x - mean) / std`` and keeps
    ``mean`` and ``std`` as buffers of those names, not as parameters.

    The check saves a layer's ``state_dict`` to an ``io.BytesIO`` and loads it into a layer
    made with other statistics, which must then compute the same outputs. Builds on
    :ref:`module_custom_layers` and :ref:`module_saving`.

    >>> class Standardize(nn.Module):
    ...     def __init__(self, mean, std):
    ...         super().__init__()
    ...         self.register_buffer("mean", mean)
    ...         self.register_buffer("std", std)
    ...     def forward(self, x):
    ...         return (x - self.mean) / self.std
    >>> check_standardize(Standardize)
    ✓ standardize: buffers, forward, save and load pass
    Verdict(passed=True)
    >>> class PlainAttributes(Standardize):
    ...     def __init__(self, mean, std):
    ...         nn.Module.__init__(self)
    ...         self.mean, self.std = mean, std
    >>> check_standardize(PlainAttributes)
    ✗ standardize: buffers: got [], want ['mean', 'std']
    Verdict(passed=False)
    """

    def test() -> str:
        mean, std = torch.tensor([1.0, -2.0, 0.5]), torch.tensor([2.0, 0.5, 4.0])
        x = _wave(5, 3) * 3
        want = (x - mean) / std
        layer = call(cls, mean.clone(), std.clone())
        if not isinstance(layer, nn.Module):
            raise Feedback(f"Standardize(mean, std): got {describe(layer)}, want an nn.Module")
        expect_equal([name for name, _ in layer.named_parameters()], [], "parameters")
        expect_equal(sorted(name for name, _ in layer.named_buffers()), ["mean", "std"], "buffers")
        expect_equal(sorted(layer.state_dict()), ["mean", "std"], "state_dict keys")
        expect_tensor(call(layer, x), want, "Standardize(mean, std)(x)")
        buffer = io.BytesIO()
        torch.save(layer.state_dict(), buffer)
        buffer.seek(0)
        fresh = call(cls, torch.zeros(3), torch.ones(3))
        call(fresh.load_state_dict, torch.load(buffer, weights_only=True))
        expect_tensor(call(fresh, x), want, "after save and load, output")
        return "buffers, forward, save and load pass"

    return run_check("standardize", test)


def check_save_and_load(fn: Callable[[nn.Module, Callable[[], nn.Module]], nn.Module]) -> Verdict:
    """Check ``fn(model, make_model)``: saves ``model``'s ``state_dict`` with ``torch.save`` (to a file
    or an ``io.BytesIO``), loads it into a new ``make_model()`` and returns that new model.

    The model is a linear layer and a batch norm whose running statistics have moved, so the
    buffers must come along too; every ``state_dict`` entry of the result must equal the
    original's. Builds on :ref:`module_saving`.

    >>> def save_and_load(model, make_model):
    ...     buffer = io.BytesIO()
    ...     torch.save(model.state_dict(), buffer)
    ...     buffer.seek(0)
    ...     fresh = make_model()
    ...     fresh.load_state_dict(torch.load(buffer))
    ...     return fresh
    >>> check_save_and_load(save_and_load)
    ✓ save_and_load: 7 state_dict entries match
    Verdict(passed=True)
    >>> def never_loads(model, make_model):
    ...     buffer = io.BytesIO()
    ...     torch.save(model.state_dict(), buffer)
    ...     return make_model()
    >>> check_save_and_load(never_loads)
    ✗ save_and_load: state_dict['0.weight']: 12 of 12 values differ from the saved model
    Verdict(passed=False)
    """

    def make_model() -> nn.Module:
        return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))

    def test() -> str:
        torch.manual_seed(0)
        model = make_model()
        with torch.no_grad():
            for step in range(3):
                model(_wave(8, 3, phase=step) * 2 + 1)
        model.eval()
        saved = {key: value.clone() for key, value in model.state_dict().items()}
        torch.manual_seed(1)
        with mock.patch("torch.save", wraps=torch.save) as spy:
            got = call(fn, model, make_model)
        if not isinstance(got, nn.Module):
            raise Feedback(f"result: got {describe(got)}, want an nn.Module")
        if got is model:
            raise Feedback("result: got the saved model itself, want a new one")
        if spy.call_count == 0:
            raise Feedback("torch.save calls: got 0, want at least 1")
        state = got.state_dict()
        expect_equal(list(state), list(saved), "state_dict keys")
        for key, value in saved.items():
            if not isinstance(state[key], torch.Tensor) or state[key].shape != value.shape:
                raise Feedback(f"state_dict[{key!r}]: got {describe(state[key])}, want shape {tuple(value.shape)}")
            differ = int((state[key].to(value.device) != value).sum())
            if differ:
                raise Feedback(f"state_dict[{key!r}]: {differ} of {value.numel()} values differ from the saved model")
        return f"{len(saved)} state_dict entries match"

    return run_check("save_and_load", test)


def check_predict(fn: Callable[[nn.Module, torch.Tensor], torch.Tensor]) -> Verdict:
    """Check ``fn(model, x)``: the model's output for ``x`` in evaluation mode, not recorded by
    autograd, with the model left in the mode it was in before the call.

    The model has dropout with ``p = 0.5``. The check calls ``fn`` on it in training mode, then
    in evaluation mode. Builds on :ref:`module_train_eval`.

    >>> def predict(model, x):
    ...     was_training = model.training
    ...     model.eval()
    ...     with torch.no_grad():
    ...         out = model(x)
    ...     model.train(was_training)
    ...     return out
    >>> check_predict(predict)
    ✓ predict: training and evaluation mode pass
    Verdict(passed=True)
    >>> def stays_in_eval(model, x):
    ...     model.eval()
    ...     with torch.no_grad():
    ...         return model(x)
    >>> check_predict(stays_in_eval)
    ✗ predict: in training mode, model.training after predict: got False, want True
    Verdict(passed=False)
    """

    def test() -> str:
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 2))
        x = _wave(16, 4)
        model.eval()
        with torch.no_grad():
            want = model(x)
        for training in (True, False):
            where = f"in {'training' if training else 'evaluation'} mode"
            model.train(training)
            got = call(fn, model, x)
            expect_tensor(got, want, f"{where}, predict(model, x)")
            expect_equal(got.requires_grad, False, f"{where}, output requires_grad")
            for name, module in model.named_modules():
                shown = f"model[{name}]" if name else "model"
                expect_equal(module.training, training, f"{where}, {shown}.training after predict")
        return "training and evaluation mode pass"

    return run_check("predict", test)
