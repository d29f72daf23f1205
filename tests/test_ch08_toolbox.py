"""Tests for ``tutorial_utils.ch08_toolbox``, the helpers of the chapter on overfitting."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from tutorial_utils.ch08_toolbox import (loss_and_accuracy, plot_paths, plot_weight_histograms, show_image_rows,
                                         train_epoch)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _separable(n: int = 120) -> tuple[torch.Tensor, torch.Tensor]:
    torch.manual_seed(0)
    x = torch.randn(n, 2)
    return x, (x[:, 0] > x[:, 1]).long()


def test_train_epoch_returns_the_mean_batch_loss_and_learns():
    x, y = _separable()
    model = nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    first = train_epoch(model, optimizer, x, y, batch_size=40)
    for _ in range(10):
        last = train_epoch(model, optimizer, x, y, batch_size=40)
    assert last < first
    assert loss_and_accuracy(model, x, y)[1] > 0.9


def test_train_epoch_visits_every_example_once_in_a_shuffled_order():
    seen = []

    class Recorder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.w = nn.Parameter(torch.zeros(1))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            seen.extend(x[:, 0].long().tolist())
            return x * self.w

    x = torch.arange(10.0).unsqueeze(1)
    model = Recorder()
    torch.manual_seed(0)
    train_epoch(model, torch.optim.SGD(model.parameters(), lr=0.1), x, x, batch_size=3, loss_fn=F.mse_loss)
    assert sorted(seen) == list(range(10)) and seen != list(range(10))


def test_train_epoch_puts_the_model_in_training_mode():
    x, y = _separable()
    model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
    model.eval()
    train_epoch(model, torch.optim.SGD(model.parameters(), lr=0.1), x, y)
    assert model.training


def test_train_epoch_is_reproducible_with_a_seed():
    x, y = _separable()

    def run() -> float:
        torch.manual_seed(3)
        model = nn.Linear(2, 2)
        return train_epoch(model, torch.optim.SGD(model.parameters(), lr=0.1), x, y, batch_size=7)

    assert run() == run()


@pytest.mark.parametrize("batch_size", [0, -1])
def test_train_epoch_rejects_a_batch_size_that_is_not_positive(batch_size):
    x, y = _separable()
    model = nn.Linear(2, 2)
    with pytest.raises(ValueError, match="batch_size must be positive"):
        train_epoch(model, torch.optim.SGD(model.parameters(), lr=0.1), x, y, batch_size=batch_size)


def test_train_epoch_rejects_mismatched_or_empty_data():
    model = nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="same, non-zero number"):
        train_epoch(model, optimizer, torch.zeros(4, 2), torch.zeros(3, dtype=torch.long))
    with pytest.raises(ValueError, match="same, non-zero number"):
        train_epoch(model, optimizer, torch.zeros(0, 2), torch.zeros(0, dtype=torch.long))


def test_loss_and_accuracy_matches_cross_entropy_and_uses_evaluation_mode():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 3), nn.Dropout(0.5))
    x, y = torch.randn(50, 4), torch.randint(0, 3, (50,))
    loss, accuracy = loss_and_accuracy(model, x, y)
    assert not model.training
    with torch.no_grad():
        logits = model(x)
    assert loss == pytest.approx(F.cross_entropy(logits, y).item())
    assert accuracy == pytest.approx((logits.argmax(dim=1) == y).float().mean().item())
    assert loss_and_accuracy(model, x, y) == (loss, accuracy)


def test_loss_and_accuracy_records_no_graph():
    model = nn.Linear(2, 2)
    x, y = _separable(10)
    loss_and_accuracy(model, x, y)
    assert model.weight.grad is None


def test_plot_weight_histograms_draws_one_panel_per_entry():
    fig = plot_weight_histograms({"none": torch.randn(200), "L1": torch.zeros(200)}, [-1.0, 0.0, 1.0], title="w")
    assert [ax.get_title() for ax in fig.axes] == ["none", "L1"]
    assert fig.axes[0].get_yscale() == "log" and fig.axes[0].get_ylabel() == "count"
    assert fig._suptitle.get_text() == "w"


def test_plot_weight_histograms_rejects_no_weights():
    with pytest.raises(ValueError, match="nothing to draw"):
        plot_weight_histograms({}, [0.0, 1.0], title="w")


def test_plot_paths_draws_each_path_and_the_minimum():
    path = torch.tensor([[1.0, 1.0], [0.5, 0.5], [0.0, 0.0]])
    fig = plot_paths(lambda w: w[0] ** 2 + w[1] ** 2, {"a": path, "b": path / 2}, w1=(-1, 1), w2=(-1, 1), title="t")
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_legend().get_lines()]
    assert labels == ["a", "b"] and ax.get_title() == "t"
    assert ax.get_xlabel() == "w1" and ax.get_ylabel() == "w2"
    assert list(ax.lines[0].get_xdata()) == [1.0, 0.5, 0.0]


def test_show_image_rows_draws_a_grid_with_row_names():
    rows = {"original": torch.zeros(4, 1, 5, 5), "flipped": torch.ones(4, 1, 5, 5)}
    fig = show_image_rows(rows, "flip", vmin=-0.5, vmax=2.0)
    assert len(fig.axes) == 8
    assert [fig.axes[i].get_ylabel() for i in (0, 4)] == ["original", "flipped"]
    assert fig.axes[0].images[0].get_clim() == (-0.5, 2.0)


def test_show_image_rows_rejects_no_rows():
    with pytest.raises(ValueError, match="nothing to draw"):
        show_image_rows({}, "t", vmin=0, vmax=1)
