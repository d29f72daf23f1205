"""The tensor tables of chapter 2 show the values PyTorch computes, coloured by where they come from."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pytest
import torch

from tutorial_utils.diagrams.tables import (draw_broadcast, draw_gather, draw_permute, draw_table, draw_tensor,
                                            read_table, table_colors)

matplotlib.use("Agg")


def as_numbers(rows: list[list[str]]) -> torch.Tensor:
    return torch.tensor([[float(cell) for cell in row] for row in rows])



def test_a_table_shows_every_value_in_place_with_two_decimals_for_floats():
    values = torch.tensor([[0.125, -1.5], [2.0, 3.25], [4.0, 0.0]])
    fig = draw_tensor(values, title="values")
    assert read_table(fig, "t") == [["0.12", "-1.50"], ["2.00", "3.25"], ["4.00", "0.00"]]
    assert fig._suptitle.get_text() == "values"


def test_a_1d_tensor_is_one_row_and_groups_colour_the_cells():
    fig = draw_tensor(torch.tensor([7, 8, 9]), groups=torch.tensor([2, 0, 2]))
    assert read_table(fig, "t") == [["7", "8", "9"]]
    assert table_colors(fig, "t") == [[2, 0, 2]]


def test_repeated_cells_are_hatched_and_stored_ones_are_not():
    fig, ax = plt.subplots()
    draw_table(ax, torch.tensor([[1, 1]]), name="r", repeated=torch.tensor([[False, True]]))
    hatches = {p.get_gid(): p.get_hatch() for p in ax.patches}
    assert hatches == {"r 0,0": None, "r 0,1": "///"}


def test_three_dimensional_tensors_are_refused_by_a_table():
    with pytest.raises(ValueError, match="1-D or 2-D"):
        draw_tensor(torch.zeros(1, 2, 3))
    with pytest.raises(KeyError, match="no table named 'x'"):
        read_table(draw_tensor(torch.zeros(2)), "x")


@pytest.mark.parametrize("a, b", [
    (torch.tensor([[0], [10], [20]]), torch.arange(4)),
    (torch.tensor([[1.5, -2.0]]), torch.tensor([[0.25], [1.0], [3.0]])),
])
def test_broadcast_draws_both_operands_expanded_and_their_sum(a, b):
    fig = draw_broadcast(a, b)
    torch.testing.assert_close(as_numbers(read_table(fig, "sum")), (a + b).float(), atol=0.006, rtol=0)
    shape = torch.broadcast_shapes(a.shape, b.shape)
    for name, operand in (("a", a), ("b", b)):
        torch.testing.assert_close(as_numbers(read_table(fig, name)), operand.expand(shape).float(), atol=0.006, rtol=0)


def test_broadcast_hatches_exactly_the_values_it_only_repeats():
    fig = draw_broadcast(torch.tensor([[0], [10], [20]]), torch.arange(4))
    hatched = {p.get_gid() for p in fig.axes[0].patches if p.get_hatch()}
    assert hatched == {f"a {r},{c}" for r in range(3) for c in range(1, 4)} | {f"b {r},{c}" for r in (1, 2)
                                                                              for c in range(4)}


def test_broadcast_refuses_shapes_that_do_not_broadcast():
    with pytest.raises(RuntimeError):
        draw_broadcast(torch.zeros(3, 1), torch.zeros(2, 4))


@pytest.mark.parametrize("shape, dims", [((3, 2, 2), (1, 2, 0)), ((2, 3, 4), (2, 0, 1)), ((2, 3), (1, 0))])
def test_permute_draws_the_permuted_values_and_each_keeps_its_colour(shape, dims):
    t = torch.arange(torch.Size(shape).numel()).view(shape)
    fig = draw_permute(t, dims)
    after = t.permute(*dims)
    slices = [after] if after.dim() == 2 else list(after)
    names = ["out"] if after.dim() == 2 else [f"out[{i}]" for i in range(len(slices))]
    for name, part in zip(names, slices):
        assert read_table(fig, name) == [[str(v) for v in row] for row in part.tolist()]
        # colour = index along dim 0 of the original tensor, found from the (distinct) value
        original_dim0 = [[v // (t.numel() // shape[0]) for v in row] for row in part.tolist()]
        assert table_colors(fig, name) == original_dim0


def test_permute_before_shows_the_original_slices():
    t = torch.arange(12).view(3, 2, 2)
    fig = draw_permute(t, (1, 2, 0))
    assert [read_table(fig, f"in[{i}]") for i in range(3)] == [[[str(v) for v in row] for row in s] for s in t.tolist()]


@pytest.mark.parametrize("dim", [0, 1])
def test_gather_draws_torch_gather_and_colours_each_output_by_its_source_position(dim):
    torch.manual_seed(0)
    source = torch.arange(20).view(4, 5) * 3
    index = torch.randint(0, source.shape[dim], (3, 4) if dim == 0 else (4, 3))
    fig = draw_gather(source, dim, index)
    out = torch.gather(source, dim, index)
    assert read_table(fig, "out") == [[str(v) for v in row] for row in out.tolist()]
    assert read_table(fig, "index") == [[str(v) for v in row] for row in index.tolist()]
    src_colours = table_colors(fig, "source")
    out_colours = table_colors(fig, "out")
    for i in range(index.shape[0]):
        for j in range(index.shape[1]):
            r, c = (int(index[i, j]), j) if dim == 0 else (i, int(index[i, j]))
            assert out_colours[i][j] == src_colours[r][c]
            assert read_table(fig, "source")[r][c] == read_table(fig, "out")[i][j]


def test_a_pickled_figure_keeps_its_values_and_colours_for_the_translated_build():
    import pickle

    fig = draw_permute(torch.arange(6).view(2, 3), (1, 0))
    copy = pickle.loads(pickle.dumps(fig))
    assert read_table(copy, "out") == read_table(fig, "out") == [["0", "3"], ["1", "4"], ["2", "5"]]
    assert table_colors(copy, "out") == [[0, 1], [0, 1], [0, 1]]
