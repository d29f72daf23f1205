"""The graph diagrams draw what autograd recorded and what a dropout mask removed."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402
from torch import nn  # noqa: E402

from tutorial_utils.diagrams.graphs import draw_grad_graph, draw_network, grad_graph, layer_sizes  # noqa: E402



def _backprop_network():
    """The 3-4-2 network of the backpropagation page, with its loss."""
    torch.manual_seed(0)
    x = torch.randn(5, 3, dtype=torch.float64)
    t = torch.rand(5, 2, dtype=torch.float64)
    W1 = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    b1 = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    W2 = torch.randn(2, 4, dtype=torch.float64, requires_grad=True)
    b2 = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    h = torch.sigmoid(x @ W1.T + b1)
    loss = F.mse_loss(torch.sigmoid(h @ W2.T + b2), t)
    return loss, {W1: "W1", b1: "b1", W2: "W2", b2: "b2"}


def _walk(output):
    """Every node autograd recorded, found independently of the module: a plain recursive walk."""
    found = {}

    def visit(fn):
        if fn is None or id(fn) in found:
            return
        found[id(fn)] = fn
        for child, _ in fn.next_functions:
            visit(child)

    visit(output.grad_fn)
    return list(found.values())


def test_grad_graph_has_the_nodes_autograd_recorded():
    loss, names = _backprop_network()
    nodes, edges = grad_graph(loss, names)
    recorded = _walk(loss)
    assert len(nodes) == len(recorded) == 13
    functions = sorted(fn.name() for fn in recorded if not hasattr(fn, "variable"))
    assert sorted(n.label for n in nodes if n.kind == "function") == functions
    assert sorted(n.label for n in nodes if n.kind == "leaf") == ["W1", "W2", "b1", "b2"]
    assert {n.shape for n in nodes if n.kind == "leaf"} == {(4, 3), (4,), (2, 4), (2,)}
    assert nodes[-1].label == "MseLossBackward0"
    n_recorded_edges = sum(f is not None for fn in recorded for f, _ in fn.next_functions)
    assert len(edges) == n_recorded_edges == 12


def test_grad_graph_edges_point_forward_from_inputs_to_output():
    loss, names = _backprop_network()
    nodes, edges = grad_graph(loss, names)
    assert all(source < target for source, target in edges)  # inputs first, output last
    label = {i: n.label for i, n in enumerate(nodes)}
    assert ("b1", "AddBackward0") in {(label[s], label[t]) for s, t in edges}
    assert ("SigmoidBackward0", "MseLossBackward0") in {(label[s], label[t]) for s, t in edges}
    # the input x and the target t need no gradient, so autograd did not record them
    assert all(n.shape != (5, 3) for n in nodes)


def test_an_unnamed_leaf_and_a_tensor_used_twice():
    a = torch.ones(2, requires_grad=True)
    nodes, edges = grad_graph(a * a)
    assert [(n.label, n.kind) for n in nodes] == [("", "leaf"), ("MulBackward0", "function")]
    assert edges == [(0, 1)]  # the two uses of a are one arrow


def test_grad_graph_of_a_tensor_without_history_is_an_error():
    with pytest.raises(ValueError, match="no grad_fn"):
        grad_graph(torch.ones(3))


def test_draw_grad_graph_draws_a_box_per_node_left_to_right():
    loss, names = _backprop_network()
    nodes, edges = grad_graph(loss, names)
    fig = draw_grad_graph(loss, names, vertical=False)
    ax = fig.axes[0]
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(boxes) == len(nodes) and len(arrows) == len(edges)
    texts = [t.get_text() for t in ax.texts]
    assert "W1\n[4, 3]" in texts and "MseLoss\nBackward0" in texts
    centre = {t.get_text(): t.get_position() for t in ax.texts}
    assert centre["W1\n[4, 3]"][0] < centre["Permute\nBackward0"][0] < centre["MseLoss\nBackward0"][0]
    assert max(x for x, _ in centre.values()) == centre["MseLoss\nBackward0"][0]  # the output is rightmost
    for arrow in arrows:  # every arrow goes from left to right
        (x0, _), (x1, _) = arrow._posA_posB
        assert x0 < x1
    assert ax.get_title() == "computational graph"


def test_a_long_graph_runs_top_to_bottom_and_fits_a_phone():
    loss, names = _backprop_network()
    nodes, edges = grad_graph(loss, names)
    fig = draw_grad_graph(loss, names)  # 9 steps, more than MAX_ACROSS: drawn top to bottom
    ax = fig.axes[0]
    centre = {t.get_text(): t.get_position() for t in ax.texts}
    assert centre["W1\n[4, 3]"][1] > centre["Permute\nBackward0"][1] > centre["MseLoss\nBackward0"][1]
    assert min(y for _, y in centre.values()) == centre["MseLoss\nBackward0"][1]  # the output is lowest
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == len(edges)
    for arrow in arrows:  # every arrow goes down
        (_, y0), (_, y1) = arrow._posA_posB
        assert y0 > y1
    width, height = fig.get_size_inches()
    assert width < 4 < height  # shown at its own size in a 390-pixel column, text at 10 points
    short = draw_grad_graph((torch.ones(2, requires_grad=True) ** 2).sum())
    assert short.get_size_inches()[0] > short.get_size_inches()[1]  # a short graph stays side by side


def test_layer_sizes_read_from_the_linear_layers():
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.Linear(64, 10))
    assert layer_sizes(model) == [784, 256, 64, 10]


def test_draw_network_shows_the_real_sizes_and_an_ellipsis_for_large_layers():
    fig = draw_network([784, 256, 64, 10], max_units=6)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert [t for t in texts if t != "⋮"] == ["784", "256", "64", "10"]
    assert texts.count("⋮") == 4
    units = [p for p in ax.patches if isinstance(p, Circle)]
    assert len(units) == 4 * 5
    assert sum(line.get_gid() == "edge" for line in ax.lines) == 3 * 5 * 5


def _units(ax):
    """The drawn units as {(x, y): dropped?}."""
    crosses = {(line.get_xdata()[0], line.get_ydata()[0]) for line in ax.lines if line.get_gid() == "dropped"}
    return {p.center: p.center in crosses for p in ax.patches if isinstance(p, Circle)}


def test_the_crossed_out_units_are_exactly_the_zeros_of_a_real_dropout_mask():
    torch.manual_seed(0)
    dropout = nn.Dropout(0.5)
    masks = dropout(torch.ones(2, 8)) == 0
    assert masks.any() and not masks.all()
    fig = draw_network([6, 8, 8, 3], dropped=[None, *masks, None], max_units=8)
    ax = fig.axes[0]
    units = _units(ax)
    assert len(units) == 6 + 8 + 8 + 3
    for layer, mask in ((1, masks[0]), (2, masks[1])):
        column = sorted((centre for centre in units if abs(centre[0] - 2.2 * layer) < 1e-9), key=lambda c: -c[1])
        assert [units[c] for c in column] == mask.tolist()
    assert sum(units.values()) == int(masks.sum())
    for layer in (0, 3):
        assert not any(d for c, d in units.items() if abs(c[0] - 2.2 * layer) < 1e-9)
    kept = (~masks).sum(dim=1).tolist()
    assert sum(line.get_gid() == "edge" for line in ax.lines) == 6 * kept[0] + kept[0] * kept[1] + kept[1] * 3
    for line in ax.lines:  # no edge starts or ends at a dropped unit
        if line.get_gid() == "edge":
            for x, y in ((line.get_xdata()[0] - 0.25, line.get_ydata()[0]),
                         (line.get_xdata()[1] + 0.25, line.get_ydata()[1])):
                (cx, cy), dropped = min(units.items(), key=lambda u: abs(u[0][0] - x) + abs(u[0][1] - y))
                assert abs(cx - x) < 1e-9 and abs(cy - y) < 1e-9 and not dropped


def test_in_evaluation_mode_no_unit_is_crossed_out():
    dropout = nn.Dropout(0.5).eval()
    masks = dropout(torch.ones(2, 8)) == 0
    fig = draw_network([6, 8, 8, 3], dropped=[None, *masks, None], max_units=8)
    assert not any(_units(fig.axes[0]).values())
    assert sum(line.get_gid() == "edge" for line in fig.axes[0].lines) == 6 * 8 + 8 * 8 + 8 * 3


def test_draw_network_into_given_axes_and_bad_masks():
    fig, axes = plt.subplots(1, 2)
    assert draw_network([2, 2], ax=axes[1], title="evaluation mode") is fig
    assert axes[1].get_title() == "evaluation mode" and not axes[0].patches
    with pytest.raises(ValueError, match="dropped has 1 masks for 2 layers"):
        draw_network([2, 2], dropped=[None])
