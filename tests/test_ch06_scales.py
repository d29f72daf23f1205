"""Tests for tutorial_utils.ch06_scales: the hand-made network of chapter 6 and its measurements."""

from __future__ import annotations

import math

import matplotlib
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from tutorial_utils import ch06_scales as scales
from tutorial_utils import seed_everything

matplotlib.use("Agg")


def test_make_params_draws_the_same_numbers_at_every_scale():
    small, big = scales.make_params(scales.kaiming), scales.make_params(scales.sigma_one)
    for s, b, (fan_in, _) in zip(small[0::2], big[0::2], scales.SIZES):
        torch.testing.assert_close(s, b * math.sqrt(2 / fan_in))
    assert all(bias.abs().sum() == 0 for bias in small[1::2])


def test_make_params_gives_leaves_an_optimizer_accepts():
    params = scales.make_params(scales.kaiming)
    assert all(p.is_leaf and p.requires_grad for p in params)
    torch.optim.SGD(params, lr=0.1)


def test_make_params_refuses_an_empty_network():
    with pytest.raises(ValueError, match="at least one layer"):
        scales.make_params(scales.kaiming, sizes=[])


def test_kaiming_refuses_a_non_positive_fan_in():
    with pytest.raises(ValueError, match="fan_in must be positive"):
        scales.kaiming(0)


def test_forward_matches_the_layers_written_out():
    params = scales.make_params(scales.kaiming)
    w1, b1, w2, b2, w3, b3 = params
    x = torch.randn(5, 1, 28, 28)
    h = torch.relu(x.view(5, 784) @ w1.T + b1)
    h = torch.relu(h @ w2.T + b2)
    torch.testing.assert_close(scales.forward(x, params), h @ w3.T + b3)


def test_relu_on_logits_clips_exactly_the_negative_logits():
    params, x = scales.make_params(scales.kaiming), torch.randn(8, 784)
    logits, clipped = scales.forward(x, params), scales.relu_on_logits(x, params)
    assert torch.equal(clipped == 0, logits <= 0)


def test_layer_scales_grow_with_sigma_one_and_stay_near_one_with_kaiming():
    x = torch.randn(256, 784, generator=torch.Generator().manual_seed(1))  # not make_params' numbers
    big = scales.layer_scales(scales.make_params(scales.sigma_one), x)
    small = scales.layer_scales(scales.make_params(scales.kaiming), x)
    assert big[0] > 20 and big[2] > 1000
    assert all(0.7 < s < 3 for s in small)


def test_train_returns_one_loss_per_batch_and_learns():
    seed_everything(0)
    x = torch.randn(128, 4)
    y = (x[:, 0] + x[:, 1] > 0).long()
    params = scales.make_params(scales.kaiming, sizes=[(4, 16), (16, 2)])
    loader = DataLoader(TensorDataset(x, y), batch_size=32)
    losses = scales.train(scales.forward, params, loader, epochs=10)
    assert len(losses) == 40 and losses[-1] < losses[0]
    assert scales.accuracy(scales.forward, params, loader) > 0.9


def test_train_refuses_zero_epochs():
    with pytest.raises(ValueError, match="epochs must be positive"):
        scales.train(scales.forward, [], [], epochs=0)


def test_accuracy_refuses_an_empty_loader():
    with pytest.raises(ValueError, match="empty"):
        scales.accuracy(scales.forward, scales.make_params(scales.kaiming), [])


def test_dead_units_counts_units_silent_on_every_image():
    params = [torch.tensor([[1.0], [-1.0], [0.0]]), torch.zeros(3), torch.ones(1, 3), torch.zeros(1)]
    assert scales.dead_units(params, torch.tensor([[1.0], [2.0]])) == [pytest.approx(2 / 3)]


def test_constant_from_finds_where_the_loss_freezes():
    assert scales.constant_from([9.0, math.log(10), 5.0, math.log(10), math.log(10)], math.log(10)) == 3
    assert scales.constant_from([math.log(10)] * 3, math.log(10)) == 0


def test_seeded_loader_repeats_its_batches():
    data = TensorDataset(torch.arange(20.0))
    first = [b[0].tolist() for b in scales.seeded_loader(data, 4)]
    assert first == [b[0].tolist() for b in scales.seeded_loader(data, 4)]
    assert first != [b[0].tolist() for b in scales.seeded_loader(data, 4, seed=1)]


def test_linear_model_runs_under_forward_and_is_fan_in_scaled():
    model = scales.linear_model()
    x = torch.randn(3, 1, 28, 28)
    torch.testing.assert_close(scales.forward(x, list(model.parameters())), model(x))
    assert model[1].weight.abs().max() <= 1 / math.sqrt(784)


def test_plot_losses_draws_every_run_and_the_reference():
    fig = scales.plot_losses({"a": [3.0, 2.0], "b": [2.0, 1.0]})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert [line.get_label() for line in ax.lines] == ["a", "b", "ln 10"]
