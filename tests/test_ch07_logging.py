"""Tests for tutorial_utils.ch07_logging: the Matplotlib board draws what a Visdom board would show."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib
import matplotlib.pyplot as plt
import pytest
import torch

from tutorial_utils.ch07_logging import MatplotlibBoard

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _no_figures_left() -> Iterator[None]:
    plt.close("all")
    yield
    plt.close("all")


def test_each_window_becomes_one_figure_with_its_points_and_labels() -> None:
    board = MatplotlibBoard()
    for step, loss in enumerate([2.3, 1.2, 0.8]):
        board.line("train_loss", step, loss, "training loss", "step", "loss")
    board.line("test_acc", 1, 0.9, "test accuracy", "epoch", "accuracy")
    assert plt.get_fignums() == []  # curves are drawn at the end
    board.finish()
    axes = [plt.figure(n).axes[0] for n in plt.get_fignums()]
    assert [(ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) for ax in axes] == [
        ("training loss", "step", "loss"), ("test accuracy", "epoch", "accuracy")]
    x, y = axes[0].lines[0].get_data()
    assert list(x) == [0, 1, 2] and list(y) == [2.3, 1.2, 0.8]


def test_the_image_grid_is_drawn_at_once_in_rows_of_eight() -> None:
    board = MatplotlibBoard()
    board.images("digits", torch.rand(16, 1, 28, 28), title="16 digits")
    (ax,) = plt.figure(plt.get_fignums()[0]).axes
    height, width, _ = ax.images[0].get_array().shape
    assert ax.get_title() == "16 digits"
    assert (height, width) == (2 * 30 + 2, 8 * 30 + 2)  # 2 rows, 8 columns, 2-pixel padding


def test_text_is_printed_one_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    MatplotlibBoard().text("summary", ["model: 10 parameters", "test accuracy 0.9"])
    assert capsys.readouterr().out == "model: 10 parameters\ntest accuracy 0.9\n"
