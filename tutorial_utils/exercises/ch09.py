"""Checks for the exercises of chapter 9, *Convolutional networks*
(``examples/09_convolutional_networks/09_cnn_exercises.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import torch
from torch import nn
from torch.nn import functional as F

from tutorial_utils.exercises import Feedback, Verdict, call, describe, expect_equal, expect_tensor, run_check


def _wave(*shape: int, phase: float = 0.0) -> torch.Tensor:
    """Irregular float64 numbers in ``[-1, 1]`` that are the same on every device (no random generator)."""
    n = 1
    for size in shape:
        n *= size
    return torch.sin(torch.arange(n, dtype=torch.float64) * 2.3 + phase).reshape(shape)


def _expect_int(got: object, want: int, what: str) -> None:
    if isinstance(got, bool) or not isinstance(got, int):
        raise Feedback(f"{what}: got {describe(got)}, want an int")
    expect_equal(got, want, what)


def check_conv_out(fn: Callable[..., int]) -> Verdict:
    """Check ``fn(n, k, s=1, p=0, d=1)``: the output size of a convolution along one dimension, as an int.

    The reference counts the kernel's positions with a loop. Builds on :ref:`cnn_conv2d`.

    >>> check_conv_out(lambda n, k, s=1, p=0, d=1: (n + 2 * p - d * (k - 1) - 1) // s + 1)
    ✓ conv_out: 9 cases pass
    Verdict(passed=True)
    >>> check_conv_out(lambda n, k, s=1, p=0, d=1: (n + 2 * p - k) // s + 1)
    ✗ conv_out: conv_out(28, 3, 1, 0, 2): got 26, want 24
    Verdict(passed=False)
    """
    cases = [(28, 3, 1, 0, 1), (28, 3, 1, 1, 1), (28, 3, 2, 1, 1), (28, 5, 1, 2, 1), (28, 3, 1, 0, 2),
             (7, 2, 2, 0, 1), (10, 3, 3, 1, 1), (5, 5, 1, 0, 1), (32, 3, 2, 2, 3)]

    def positions(n: int, k: int, s: int, p: int, d: int) -> int:
        span = d * (k - 1) + 1  # pixels a dilated kernel covers
        return sum(1 for start in range(0, n + 2 * p, s) if start + span <= n + 2 * p)

    def test() -> str:
        _expect_int(call(fn, 28, 3), positions(28, 3, 1, 0, 1), "conv_out(28, 3) with the defaults")
        for args in cases:
            _expect_int(call(fn, *args), positions(*args), f"conv_out{args}")
        return f"{len(cases)} cases pass"

    return run_check("conv_out", test)


def check_conv_params(fn: Callable[..., int]) -> Verdict:
    """Check ``fn(in_channels, out_channels, kernel_size, bias=True)``: the parameters of an ``nn.Conv2d``.

    ``kernel_size`` is an int or a pair ``(kh, kw)``. The reference builds the layer and sums
    ``numel()`` over its parameters. Builds on :ref:`cnn_conv2d` and :ref:`cnn_lenet5`.

    >>> check_conv_params(lambda i, o, k, bias=True: o * i * (k * k if isinstance(k, int) else k[0] * k[1]) + o * bias)
    ✓ conv_params: 6 cases pass
    Verdict(passed=True)
    >>> check_conv_params(lambda i, o, k, bias=True: o * i * k * k)
    ✗ conv_params: conv_params(1, 6, 5): got 150, want 156
    Verdict(passed=False)
    """
    cases = [((1, 6, 5), {}), ((6, 16, 5), {}), ((3, 16, 3), {}), ((64, 64, 3), {"bias": False}),
             ((192, 32, 1), {}), ((3, 8, (1, 7)), {})]

    def test() -> str:
        for args, kwargs in cases:
            layer = nn.Conv2d(*args, **kwargs)
            want = sum(p.numel() for p in layer.parameters())
            shown = ", ".join([*map(str, args), *(f"{key}={value}" for key, value in kwargs.items())])
            _expect_int(call(fn, *args, **kwargs), want, f"conv_params({shown})")
        return f"{len(cases)} cases pass"

    return run_check("conv_params", test)


def check_stack_shapes(fn: Callable[[list[nn.Module], tuple[int, ...]], list[tuple[int, ...]]]) -> Verdict:
    """Check ``fn(layers, shape)``: the shape after each layer of a stack, from the layers' settings alone.

    ``layers`` holds ``nn.Conv2d``, ``nn.MaxPool2d`` and layers that keep the shape (``nn.ReLU``,
    ``nn.BatchNorm2d``); ``shape`` is the input's ``(N, C, H, W)``. While ``fn`` runs, calling
    any layer is refused; the reference then runs the stack on zeros. Builds on
    :ref:`cnn_conv2d`, :ref:`cnn_pooling_relu`, :ref:`cnn_batchnorm` and :ref:`cnn_lenet5`.

    >>> def conv_out(n, k, s, p, d):
    ...     return (n + 2 * p - d * (k - 1) - 1) // s + 1
    >>> def stack_shapes(layers, shape):
    ...     n, c, h, w = shape
    ...     shapes = []
    ...     for layer in layers:
    ...         if isinstance(layer, (nn.Conv2d, nn.MaxPool2d)):
    ...             k, s, p, d = (v if isinstance(v, tuple) else (v, v) for v in
    ...                           (layer.kernel_size, layer.stride, layer.padding, layer.dilation))
    ...             h, w = conv_out(h, k[0], s[0], p[0], d[0]), conv_out(w, k[1], s[1], p[1], d[1])
    ...             c = layer.out_channels if isinstance(layer, nn.Conv2d) else c
    ...         shapes.append((n, c, h, w))
    ...     return shapes
    >>> check_stack_shapes(stack_shapes)
    ✓ stack_shapes: 3 stacks pass
    Verdict(passed=True)
    >>> def forgets_channels(layers, shape):
    ...     n, c, h, w = shape
    ...     shapes = []
    ...     for layer in layers:
    ...         if isinstance(layer, (nn.Conv2d, nn.MaxPool2d)):
    ...             k, s, p, d = (v if isinstance(v, tuple) else (v, v) for v in
    ...                           (layer.kernel_size, layer.stride, layer.padding, layer.dilation))
    ...             h, w = conv_out(h, k[0], s[0], p[0], d[0]), conv_out(w, k[1], s[1], p[1], d[1])
    ...         shapes.append((n, c, h, w))
    ...     return shapes
    >>> check_stack_shapes(forgets_channels)
    ✗ stack_shapes: stack 1, after layer 0 (Conv2d): got (2, 1, 28, 28), want (2, 6, 28, 28)
    Verdict(passed=False)
    """
    stacks = [
        ([nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
          nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2)], (2, 1, 28, 28)),
        ([nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
          nn.Conv2d(8, 8, (3, 5), padding=(1, 2)), nn.MaxPool2d(3, stride=2),
          nn.Conv2d(8, 4, 3, dilation=2)], (1, 3, 32, 24)),
        ([nn.Conv2d(1, 4, 7, stride=3), nn.MaxPool2d(2, stride=1, padding=1), nn.Conv2d(4, 2, 1)], (3, 1, 17, 17)),
    ]

    def refuse(self: nn.Module, *args: Any, **kwargs: Any) -> None:
        raise Feedback(f"ran {type(self).__name__}, want no forward pass")

    def test() -> str:
        for number, (layers, shape) in enumerate(stacks, start=1):
            with mock.patch.object(nn.Module, "__call__", refuse):
                got = call(fn, layers, shape)
            if not isinstance(got, (list, tuple)):
                raise Feedback(f"stack {number}: got {describe(got)}, want a list")
            expect_equal(len(got), len(layers), f"stack {number}, number of shapes")
            h = torch.zeros(shape)
            with torch.no_grad():
                for index, layer in enumerate(layers):
                    h = layer.eval()(h)
                    shown = tuple(got[index]) if isinstance(got[index], (tuple, list, torch.Size)) else got[index]
                    expect_equal(shown, tuple(h.shape), f"stack {number}, after layer {index} ({type(layer).__name__})")
        return f"{len(stacks)} stacks pass"

    return run_check("stack_shapes", test)


def check_conv2d_by_hand(fn: Callable[..., torch.Tensor]) -> Verdict:
    """Check ``fn(x, weight, bias, stride=1, padding=0)``: ``F.conv2d`` computed without ``F.conv2d``.

    The check uses float64 tensors and compares with ``F.conv2d``; while ``fn`` runs,
    ``F.conv2d`` and ``torch.conv2d`` are refused. Builds on :ref:`cnn_conv2d`.

    >>> def conv2d_by_hand(x, weight, bias, stride=1, padding=0):
    ...     kh, kw = weight.shape[2:]
    ...     cols = F.unfold(x, (kh, kw), padding=padding, stride=stride)
    ...     h = (x.shape[2] + 2 * padding - kh) // stride + 1
    ...     w = (x.shape[3] + 2 * padding - kw) // stride + 1
    ...     out = weight.flatten(1) @ cols + bias.view(1, -1, 1)
    ...     return out.view(x.shape[0], weight.shape[0], h, w)
    >>> check_conv2d_by_hand(conv2d_by_hand)
    ✓ conv2d_by_hand: 4 cases pass
    Verdict(passed=True)
    >>> def no_padding(x, weight, bias, stride=1, padding=0):
    ...     kh, kw = weight.shape[2:]
    ...     cols = F.unfold(x, (kh, kw), stride=stride)
    ...     h, w = (x.shape[2] - kh) // stride + 1, (x.shape[3] - kw) // stride + 1
    ...     out = weight.flatten(1) @ cols + bias.view(1, -1, 1)
    ...     return out.view(x.shape[0], weight.shape[0], h, w)
    >>> check_conv2d_by_hand(no_padding)
    ✗ conv2d_by_hand: x[2, 3, 7, 7], w[4, 3, 3, 3], stride=1, padding=1 shape: got (2, 4, 5, 5), want (2, 4, 7, 7)
    Verdict(passed=False)
    """
    cases = [((1, 1, 5, 5), (1, 1, 3, 3), 1, 0), ((2, 3, 7, 7), (4, 3, 3, 3), 1, 1),
             ((2, 3, 8, 6), (5, 3, 3, 2), 2, 1), ((1, 2, 9, 9), (3, 2, 5, 5), 3, 2)]

    def test() -> str:
        for x_shape, w_shape, stride, padding in cases:
            x, weight, bias = _wave(*x_shape), _wave(*w_shape, phase=1.0), _wave(w_shape[0], phase=2.0)
            want = F.conv2d(x, weight, bias, stride=stride, padding=padding)
            refused = Feedback("called F.conv2d, want the sums by hand")
            with mock.patch("torch.nn.functional.conv2d", side_effect=refused), \
                    mock.patch("torch.conv2d", side_effect=refused):
                got = call(fn, x, weight, bias, stride=stride, padding=padding)
            where = f"x{list(x_shape)}, w{list(w_shape)}, stride={stride}, padding={padding}"
            expect_tensor(got, want, where, atol=1e-9, rtol=1e-9)
        return f"{len(cases)} cases pass"

    return run_check("conv2d_by_hand", test)


def check_residual_block(cls: Callable[..., nn.Module]) -> Verdict:
    """Check the class ``cls(in_channels, out_channels, stride=1)``: a residual block without batch norm.

    ``branch`` is conv 3 × 3 (stride, padding 1) → ReLU → conv 3 × 3 (padding 1), convolutions
    with bias; ``shortcut`` is ``nn.Identity()`` when the shape is kept and a 1 × 1 convolution
    with the same stride otherwise; the output is ``relu(branch(x) + shortcut(x))``. The check
    counts the parameters, and recomputes the output with ``F.conv2d`` from the block's own
    convolutions. Builds on :ref:`cnn_residual` and :ref:`cnn_small_resnet`.

    >>> class ResidualBlock(nn.Module):
    ...     def __init__(self, in_channels, out_channels, stride=1):
    ...         super().__init__()
    ...         self.branch = nn.Sequential(
    ...             nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1), nn.ReLU(),
    ...             nn.Conv2d(out_channels, out_channels, 3, padding=1))
    ...         self.shortcut = nn.Identity()
    ...         if stride != 1 or in_channels != out_channels:
    ...             self.shortcut = nn.Conv2d(in_channels, out_channels, 1, stride=stride)
    ...     def forward(self, x):
    ...         return F.relu(self.branch(x) + self.shortcut(x))
    >>> check_residual_block(ResidualBlock)
    ✓ residual_block: 5 blocks pass
    Verdict(passed=True)
    >>> class AlwaysConvShortcut(ResidualBlock):
    ...     def __init__(self, in_channels, out_channels, stride=1):
    ...         super().__init__(in_channels, out_channels, stride)
    ...         self.shortcut = nn.Conv2d(in_channels, out_channels, 1, stride=stride)
    >>> check_residual_block(AlwaysConvShortcut)
    ✗ residual_block: ResidualBlock(4, 4, stride=1) parameters: got 316, want 296
    Verdict(passed=False)
    """
    cases = [(4, 4, 1), (4, 8, 1), (4, 4, 2), (4, 8, 2), (8, 4, 2)]

    def conv(x: torch.Tensor, layer: nn.Conv2d) -> torch.Tensor:
        return F.conv2d(x, layer.weight, layer.bias, stride=layer.stride, padding=layer.padding)

    def test() -> str:
        for c_in, c_out, stride in cases:
            where = f"ResidualBlock({c_in}, {c_out}, stride={stride})"
            torch.manual_seed(0)
            block = call(cls, c_in, c_out, stride=stride)
            if not isinstance(block, nn.Module):
                raise Feedback(f"{where}: got {describe(block)}, want an nn.Module")
            for part in ("branch", "shortcut"):
                value = getattr(block, part, None)
                if not isinstance(value, nn.Module):
                    raise Feedback(f"{where}.{part}: got {describe(value)}, want a module")
            reshapes = stride != 1 or c_in != c_out
            want_count = (9 * c_in * c_out + c_out) + (9 * c_out * c_out + c_out) + (c_in * c_out + c_out) * reshapes
            expect_equal(sum(p.numel() for p in block.parameters()), want_count, f"{where} parameters")
            convs = [m for m in block.branch.modules() if isinstance(m, nn.Conv2d)]
            expect_equal(len(convs), 2, f"{where} convolutions in branch")
            expect_equal([(m.kernel_size, m.stride, m.padding) for m in convs],
                         [((3, 3), (stride, stride), (1, 1)), ((3, 3), (1, 1), (1, 1))],
                         f"{where} branch (kernel_size, stride, padding)")
            block.double()
            x = _wave(2, c_in, 6, 6)
            shortcut = [m for m in block.shortcut.modules() if isinstance(m, nn.Conv2d)]
            if reshapes:
                expect_equal([(m.kernel_size, m.stride) for m in shortcut], [((1, 1), (stride, stride))],
                             f"{where} shortcut (kernel_size, stride)")
            with torch.no_grad():
                skip = conv(x, shortcut[0]) if reshapes else x
                want = F.relu(conv(F.relu(conv(x, convs[0])), convs[1]) + skip)
                expect_tensor(call(block, x), want, f"{where} output", atol=1e-9, rtol=1e-9)
        return f"{len(cases)} blocks pass"

    return run_check("residual_block", test)
