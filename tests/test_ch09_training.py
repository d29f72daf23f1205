"""tutorial_utils.ch09_training: the split, the figures and the residual block that chapter 9's pages share."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest
import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import TensorDataset

from tutorial_utils.ch09_training import ResidualBlock, plot_kernels, plot_maps, split_loaders
from tutorial_utils.data import MNISTData


def _data(n_train: int = 200, n_test: int = 50) -> MNISTData:
    images = torch.arange(n_train, dtype=torch.float32).view(-1, 1, 1, 1).expand(-1, 1, 28, 28)
    labels = torch.arange(n_train) % 10
    return MNISTData(TensorDataset(images, labels), TensorDataset(images[:n_test], labels[:n_test]), "sample")


def _first_pixels(loader) -> list[float]:
    return [x for batch, _ in loader for x in batch[:, 0, 0, 0].tolist()]


def test_split_holds_out_the_fraction_without_overlap():
    train, val, test = split_loaders(_data(), val_fraction=0.25)
    seen_train, seen_val = _first_pixels(train), _first_pixels(val)
    assert (len(seen_train), len(seen_val), len(test.dataset)) == (150, 50, 50)
    assert sorted(seen_train + seen_val) == list(range(200))


def test_split_is_repeatable_and_the_seed_changes_it():
    first, second = split_loaders(_data()), split_loaders(_data())
    assert _first_pixels(first[0]) == _first_pixels(second[0])
    assert _first_pixels(first[1]) == _first_pixels(second[1])
    assert _first_pixels(split_loaders(_data(), seed=1)[1]) != _first_pixels(first[1])


def test_split_shuffles_training_batches_only():
    train, val, test = split_loaders(_data(), batch_size=32)
    assert next(iter(train))[0].shape[0] == 32
    assert _first_pixels(test) == list(range(50))
    assert _first_pixels(val) == _first_pixels(val)


@pytest.mark.parametrize("fraction", [0, 1, -0.1, 2])
def test_split_refuses_a_fraction_outside_0_1(fraction):
    with pytest.raises(ValueError, match="val_fraction"):
        split_loaders(_data(), val_fraction=fraction)


def test_plot_kernels_draws_a_row_per_entry_on_a_symmetric_scale():
    kernels = torch.randn(4, 5, 5)
    fig = plot_kernels({"start": kernels, "trained": 2 * kernels}, "title")
    assert len(fig.axes) == 8 and fig.axes[4].get_ylabel() == "trained"
    assert [ax.get_title() for ax in fig.axes[:4]] == [f"kernel {k}" for k in range(4)]
    low, high = fig.axes[5].images[0].get_clim()
    assert low == -high == pytest.approx(-2 * kernels[1].abs().max().item())


def test_plot_kernels_accepts_all_zero_kernels():
    fig = plot_kernels({"zero": torch.zeros(2, 3, 3)}, "zeros")
    assert fig.axes[0].images[0].get_clim() == (-1.0, 1.0)


def test_plot_maps_scales_signed_panels_symmetrically_and_images_by_range():
    image = torch.rand(28, 28) + 1
    signed = torch.tensor([[-1.0, 0.0, 3.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    fig = plot_maps([(image, "digit", "gray"), (signed, "kernel", "bwr")], "maps")
    assert fig.axes[1].images[0].get_clim() == (-3.0, 3.0)
    assert fig.axes[0].images[0].get_clim() == pytest.approx((image.min().item(), image.max().item()))
    assert list(fig.axes[0].get_xticks()) == [0, 9, 18, 27] and list(fig.axes[1].get_xticks()) == [0, 1, 2]
    assert fig.texts[0].get_text() == "maps"


def test_plot_maps_refuses_a_batch():
    with pytest.raises(ValueError, match="2-D"):
        plot_maps([(torch.zeros(1, 28, 28), "digit", "gray")], "bad")


@pytest.mark.parametrize(("c_in", "c_out", "stride", "shortcut"), [(8, 8, 1, nn.Identity), (8, 16, 1, nn.Sequential),
                                                                     (8, 8, 2, nn.Sequential), (8, 16, 2, nn.Sequential)])
def test_residual_block_shapes_and_shortcut(c_in, c_out, stride, shortcut):
    block = ResidualBlock(c_in, c_out, stride)
    out = block(torch.randn(2, c_in, 14, 14))
    assert out.shape == (2, c_out, 14 // stride, 14 // stride) and isinstance(block.shortcut, shortcut)
    assert (out >= 0).all()


def test_residual_block_computes_relu_of_branch_plus_shortcut():
    torch.manual_seed(0)
    block = ResidualBlock(4, 8, stride=2).eval()
    x = torch.randn(3, 4, 10, 10)
    branch = block.bn2(block.conv2(F.relu(block.bn1(block.conv1(x)))))
    torch.testing.assert_close(block(x), F.relu(branch + block.shortcut(x)))


def test_residual_block_has_the_parameters_of_resnet18s_first_blocks():
    from torchvision import models

    resnet18 = models.resnet18(weights=None)

    def count(m: nn.Module) -> int:
        return sum(p.numel() for p in m.parameters())

    assert count(ResidualBlock(64, 64)) == count(resnet18.layer1[0])
    assert count(ResidualBlock(64, 128, 2)) == count(resnet18.layer2[0])
