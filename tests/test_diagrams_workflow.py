"""The workflow diagrams draw what the objects really hold: split sizes, folds, devices, tags, the module tree."""

from __future__ import annotations

import sys

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
import torch  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from paths import DOCS  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import TensorDataset, random_split  # noqa: E402

sys.path.insert(0, str(DOCS / "sphinxext"))
from figure_i18n import messages  # noqa: E402
from tutorial_utils.diagrams.workflow import (
    draw_devices,
    draw_folds,
    draw_logging_pipeline,
    draw_module_tree,
    drawn,
    draw_split,
)



def _inside(inner, outer) -> bool:
    a, b = inner.get_window_extent(), outer.get_window_extent()
    return a.x0 >= b.x0 and a.x1 <= b.x1 and a.y0 >= b.y0 and a.y1 <= b.y1


def test_split_segments_are_as_wide_as_the_real_splits():
    data = TensorDataset(torch.arange(1003))
    train, val = random_split(data, [0.8, 0.2], generator=torch.Generator().manual_seed(0))
    fig = draw_split({"train": len(train.indices), "validation": len(val.indices), "test": 250})
    segments = drawn(fig, "segment:")
    assert {name: bar.get_width() for name, bar in segments.items()} == {
        "train": len(train), "validation": len(val), "test": 250}
    # side by side, in order, without a gap
    assert segments["train"].get_x() == 0
    assert segments["validation"].get_x() == len(train)
    assert segments["test"].get_x() == len(train) + len(val)
    assert fig.axes[0].get_xlim() == (0, 1003 + 250)


def test_split_refuses_an_empty_part():
    with pytest.raises(ValueError, match="positive size"):
        draw_split({"train": 10, "validation": 0})


def test_every_index_validates_in_exactly_one_run():
    n, k = 103, 5
    order = torch.randperm(n, generator=torch.Generator().manual_seed(0)).tolist()
    folds = [order[i::k] for i in range(k)]
    fig = draw_folds(folds, n)
    segments = drawn(fig, "fold:")
    assert len(segments) == k * k
    highlight = segments["0:0"].get_facecolor()
    validates = {index: 0 for index in range(n)}
    for run in range(k):
        row = [segments[f"{run}:{j}"] for j in range(k)]
        assert [bar.get_width() for bar in row] == [len(fold) for fold in folds]
        assert sum(bar.get_width() for bar in row) == n
        highlighted = [j for j, bar in enumerate(row) if bar.get_facecolor() == highlight]
        assert highlighted == [run]
        for index in folds[run]:
            validates[index] += 1
    assert set(validates.values()) == {1}


@pytest.mark.parametrize("folds", [[[0, 1], [1, 2]], [[0, 1], [2, 2]], [[0], [1], [2, 3]]])
def test_folds_must_cover_every_index_once(folds):
    with pytest.raises(ValueError, match="exactly once"):
        draw_folds(folds, 3)


def test_each_tensor_is_drawn_in_the_box_of_its_device():
    x = torch.arange(6.0).reshape(2, 3)
    moved = x.to("meta")
    fig = draw_devices({"x": x, "moved": moved}, copies=[("x", "moved")])
    fig.canvas.draw()
    devices, tensors = drawn(fig, "device:"), drawn(fig, "tensor:")
    assert _inside(tensors["x"], devices["cpu"]) and not _inside(tensors["x"], devices["meta"])
    assert _inside(tensors["moved"], devices["meta"]) and not _inside(tensors["moved"], devices["cpu"])
    # the copy arrow goes from the source, which stays, to the new tensor
    arrow = drawn(fig, "copy:")["x:moved"]
    span, source, result = (a.get_window_extent() for a in (arrow, tensors["x"], tensors["moved"]))
    assert source.x1 <= span.x0 + 1 and span.x1 <= result.x0 + 1
    assert source.y0 <= (span.y0 + span.y1) / 2 <= source.y1
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert all(f"{v:g}" in texts for v in x.flatten().tolist())  # the real values of x
    assert texts.count("?") == moved.numel()  # a meta tensor has no values to show


def test_device_names_are_not_figure_messages():
    x = torch.ones(1, 2)
    fig = draw_devices({"x": x, "y": x.to("meta")}, copies=[("x", "y")])
    assert not any("cpu" in m or "meta" in m for m in messages(fig))


def test_copy_must_name_drawn_tensors():
    with pytest.raises(ValueError, match="not drawn"):
        draw_devices({"x": torch.ones(2)}, copies=[("x", "y")])


def test_pipeline_writes_each_tag_with_its_count():
    fig = draw_logging_pipeline({"loss/train": 96, "accuracy/test": 3})
    lines = drawn(fig, "tag:")
    assert lines["loss/train"].get_text() == "loss/train: 96 points"
    assert lines["accuracy/test"].get_text() == "accuracy/test: 3 points"
    fig.canvas.draw()
    assert all(_inside(line, drawn(fig, "stage:")["1"]) for line in lines.values())


def test_every_parameter_appears_once_with_its_shape():
    model = nn.Sequential(
        nn.Sequential(nn.Linear(4, 8), nn.ReLU()),
        nn.ModuleDict({"head": nn.Linear(8, 3), "act": nn.Tanh()}),
        nn.Conv2d(1, 2, 3, bias=False),
    )
    fig = draw_module_tree(model)
    params = drawn(fig, "param:")
    assert sorted(params) == sorted(name for name, _ in model.named_parameters())
    for name, p in model.named_parameters():
        assert params[name].get_text() == f"{name.rsplit('.', 1)[-1]} {list(p.shape)}"
    gids = [artist.get_gid() for artist in fig.findobj() if str(artist.get_gid()).startswith("param:")]
    assert len(gids) == len(set(gids)) == len(list(model.parameters()))


def test_module_boxes_nest_like_the_module_tree():
    model = nn.Sequential(nn.Sequential(nn.Linear(4, 8), nn.ReLU()), nn.Linear(8, 3))
    fig = draw_module_tree(model)
    fig.canvas.draw()
    boxes = drawn(fig, "module:")
    assert sorted(boxes) == sorted(name for name, _ in model.named_modules())
    for name in boxes:
        if name:
            parent = name.rsplit(".", 1)[0] if "." in name else ""
            assert _inside(boxes[name], boxes[parent])
    # a parameter's line is inside its own module's box, not in a sibling's
    params = drawn(fig, "param:")
    assert _inside(params["0.0.weight"], boxes["0.0"]) and not _inside(params["0.0.weight"], boxes["1"])
    assert _inside(params["1.bias"], boxes["1"]) and not _inside(params["1.bias"], boxes["0"])
