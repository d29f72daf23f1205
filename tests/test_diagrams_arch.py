"""The architecture diagrams draw what the module really is: its shapes, its layers, its channels."""

from __future__ import annotations

import pickle

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.image import AxesImage
from torch import nn
from torch.nn import functional as F
from torchvision.models.googlenet import Inception as TorchvisionInception

from tutorial_utils.diagrams.arch import (
    draw_feature_maps,
    draw_inception_block,
    draw_layer_stack,
    draw_residual_block,
    layer_shapes,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def lenet5(padding: int = 2) -> nn.Module:
    """The LeNet-5 of chapter 9 (``04_lenet5.py``), with its two Sequentials."""

    class LeNet5(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(1, 6, kernel_size=5, padding=padding), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),
            )
            n = 16 * ((28 + 2 * padding - 4) // 2 - 4) ** 2 // 4
            self.classifier = nn.Sequential(
                nn.Flatten(), nn.Linear(n, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
            )

        def forward(self, x):
            return self.classifier(self.features(x))

    return LeNet5()


def conv_relu(in_channels, out_channels, k):
    return nn.Sequential(nn.Conv2d(in_channels, out_channels, k, padding=k // 2), nn.ReLU())


class Inception(nn.Module):
    """The Inception block of chapter 9 (``06_classic_networks.py``)."""

    def __init__(self, in_channels, c1, c3, c5, c_pool):
        super().__init__()
        self.branch1 = conv_relu(in_channels, c1, 1)
        self.branch3 = nn.Sequential(conv_relu(in_channels, c3[0], 1), conv_relu(c3[0], c3[1], 3))
        self.branch5 = nn.Sequential(conv_relu(in_channels, c5[0], 1), conv_relu(c5[0], c5[1], 5))
        self.branch_pool = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), conv_relu(in_channels, c_pool, 1))

    def forward(self, x):
        branches = [self.branch1, self.branch3, self.branch5, self.branch_pool]
        return torch.cat([branch(x) for branch in branches], dim=1)


class ResidualBlock(nn.Module):
    """The residual block of chapter 9 (``07_residual_connections.py``, ``08_small_resnet.py``)."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


def texts(fig):
    return [t for t in fig.axes[0].texts if t.get_text()]


def shape_texts(fig):
    """The shapes a layer stack drew: its right-aligned column."""
    return [t.get_text() for t in texts(fig) if t.get_horizontalalignment() == "right"]


def expected_shapes(model, x):
    """Each shape the model produces, found by running through its Sequentials by hand."""
    shapes = [tuple(x.shape[1:])]
    h = x
    for layer in [*model.features, *model.classifier]:
        h = layer(h)
        if not isinstance(layer, nn.ReLU):
            shapes.append(tuple(h.shape[1:]))
    return ["@".join([str(s[0]), "×".join(map(str, s[1:]))]) if len(s) == 3 else str(s[0]) for s in shapes]


def test_layer_stack_draws_the_shapes_lenet_produces():
    model, x = lenet5(), torch.zeros(1, 1, 28, 28)
    fig = draw_layer_stack(model, x, "LeNet-5")
    drawn = shape_texts(fig)
    assert drawn == expected_shapes(model, x)
    assert drawn == ["1@28×28", "6@28×28", "6@14×14", "16@10×10", "16@5×5", "400", "120", "84", "10"]


def test_layer_stack_follows_the_model_not_a_fixed_picture():
    model, x = lenet5(padding=0), torch.zeros(1, 1, 28, 28)
    drawn = shape_texts(draw_layer_stack(model, x, "LeNet-5"))
    assert drawn == expected_shapes(model, x)
    assert drawn[1:5] == ["6@24×24", "6@12×12", "16@8×8", "16@4×4"]


def test_layer_stack_names_each_layer_and_folds_activations_into_it():
    fig = draw_layer_stack(lenet5(), torch.zeros(1, 1, 28, 28), "LeNet-5")
    codes = [t.get_text() for t in texts(fig) if t.get_fontweight() == "bold"]
    assert codes == ["C1", "S2", "C3", "S4", "F5", "F6", "F7"]
    words = [t.get_text() for t in texts(fig) if t.get_position()[0] == pytest.approx(2.45)]
    assert words == ["input", "conv 5×5, ReLU", "max pool 2×2", "conv 5×5, ReLU", "max pool 2×2", "flatten",
                     "linear, ReLU", "linear, ReLU", "linear"]


def test_layer_shapes_removes_its_hooks_and_rejects_a_batch():
    model = lenet5()
    assert len(layer_shapes(model, torch.zeros(1, 1, 28, 28))) == 12
    assert all(not m._forward_hooks for m in model.modules())
    with pytest.raises(ValueError, match="batch dimension of 1"):
        draw_layer_stack(model, torch.zeros(2, 1, 28, 28), "LeNet-5")


def test_feature_maps_show_the_image_and_each_channel_values():
    torch.manual_seed(0)
    image = torch.rand(1, 28, 28)
    maps = torch.randn(6, 28, 28)
    fig = draw_feature_maps(image, maps, "maps")
    shown = [ax.get_images()[0] for ax in fig.axes]
    assert all(isinstance(im, AxesImage) for im in shown) and len(shown) == 7
    torch.testing.assert_close(torch.as_tensor(shown[0].get_array().data), image[0])
    for c in range(6):
        torch.testing.assert_close(torch.as_tensor(shown[1 + c].get_array().data), maps[c])
        low, high = shown[1 + c].get_clim()
        assert low == -high == -maps[c].abs().max().item()  # centred on 0: the sign of a response shows
    assert [ax.get_title() for ax in fig.axes[1:]] == [f"channel {c}" for c in range(6)]


def test_feature_maps_reject_wrong_shapes():
    with pytest.raises(ValueError, match="image must have shape"):
        draw_feature_maps(torch.zeros(3, 28, 28), torch.zeros(6, 28, 28), "maps")
    with pytest.raises(ValueError, match="1 to 8 channels"):
        draw_feature_maps(torch.zeros(28, 28), torch.zeros(16, 10, 10), "maps")


def column(fig, x):
    """The texts of the boxes drawn at ``x``, top to bottom (the first line of each)."""
    found = [t for t in texts(fig) if t.get_position()[0] == pytest.approx(x) and t.get_fontsize() == 11]
    return [t.get_text() for t in sorted(found, key=lambda t: -t.get_position()[1])]


def test_residual_block_draws_branch_shortcut_and_sum_from_the_forward():
    same, down = ResidualBlock(64, 64), ResidualBlock(64, 128, stride=2)
    fig = draw_residual_block([same, down], ["same", "down"], "Residual blocks")
    assert column(fig, 1.05) == ["conv 3×3", "BN", "ReLU", "conv 3×3", "BN", "ReLU"]
    assert column(fig, 3.3 + 1.05) == ["conv 3×3", "BN", "ReLU", "conv 3×3", "BN", "ReLU"]
    assert column(fig, 2.55) == []
    assert column(fig, 3.3 + 2.55) == ["conv 1×1", "BN"]
    words = [t.get_text() for t in texts(fig)]
    assert words.count("identity") == 1 and words.count("+") == 2
    assert "64→128, stride 2" in words and "128→128" in words and "64→64" in words


def test_residual_block_follows_the_call_order_not_the_attribute_order():
    class PreActivation(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(4, 4, 3, padding=1)
            self.bn = nn.BatchNorm2d(4)

        def forward(self, x):
            return self.conv(F.relu(self.bn(x))) + x

    fig = draw_residual_block([PreActivation()], ["pre-activation"], "Pre-activation")
    assert column(fig, 1.05) == ["BN", "ReLU", "conv 3×3"]
    assert [t.get_text() for t in texts(fig)].count("identity") == 1


def test_residual_block_needs_a_sum():
    with pytest.raises(ValueError, match="has no add"):
        draw_residual_block([nn.Sequential(nn.Conv2d(1, 1, 3))], ["plain"], "No shortcut")


@pytest.mark.parametrize("block", [Inception(192, 64, (96, 128), (16, 32), 32),
                                   Inception(256, 128, (128, 192), (32, 96), 64),
                                   TorchvisionInception(192, 64, 96, 128, 16, 32, 32)],
                         ids=["3a", "3b", "torchvision-3a"])
def test_inception_channels_drawn_are_the_branches_and_sum_to_the_output(block):
    in_channels = next(m for m in block.modules() if isinstance(m, nn.Conv2d)).in_channels
    x = torch.randn(1, in_channels, 8, 8)
    branches = list(block.children())  # both blocks have their four branches as children, in order
    fig = draw_inception_block(block.eval(), "Inception")
    drawn = [int(t.get_text()) for t in texts(fig) if t.get_fontweight() == "bold"]
    with torch.no_grad():
        assert drawn == [branch(x).shape[1] for branch in branches]
        assert sum(drawn) == block(x).shape[1]
    assert texts(fig)[-1].get_text() == " + ".join(map(str, drawn)) + f" = {block(x).shape[1]} channels"
    assert texts(fig)[0].get_text() == f"input, {x.shape[1]} channels"


def test_inception_boxes_show_the_reductions():
    fig = draw_inception_block(Inception(192, 64, (96, 128), (16, 32), 32), "Inception")
    words = [t.get_text() for t in texts(fig)]
    for reduction in ["192→64", "192→96", "96→128", "192→16", "16→32", "192→32"]:
        assert reduction in words
    assert words.count("conv 1×1, ReLU") == 4 and "max pool 3×3" in words and "conv 5×5, ReLU" in words


def test_diagrams_survive_the_scrapers_pickle():
    block = ResidualBlock(16, 32, stride=2)
    figures = [
        draw_layer_stack(lenet5(), torch.zeros(1, 1, 28, 28), "LeNet-5"),
        draw_feature_maps(torch.zeros(28, 28), torch.zeros(6, 28, 28), "maps"),
        draw_residual_block([block], ["down"], "Residual block"),
        draw_inception_block(Inception(192, 64, (96, 128), (16, 32), 32), "Inception"),
    ]
    for fig in figures:
        copy = pickle.loads(pickle.dumps(fig))
        assert [t.get_text() for t in copy.findobj(matplotlib.text.Text)] == [
            t.get_text() for t in fig.findobj(matplotlib.text.Text)]
