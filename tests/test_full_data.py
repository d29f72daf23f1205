"""Pages that hold on full MNIST: the stand-in, and the English build that ran every page on it.

Readers, hosted builds and learners at home get full MNIST (60,000 + 10,000 images), not the
offline sample this machine has. ``nox -s full_data`` (and ``nox -s tests``) writes a
full-size stand-in in torchvision's raw format (``tests/mnist_standin.py``) and builds the
English site on it in a scratch copy of the checkout, under ``-W``: an assert that fails on
that data, or an example over its time budget, fails that build. These tests check that the
build really took the full-MNIST path, and keep the figures it measured honest.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import torch
from bs4 import BeautifulSoup

from paths import DOCS, EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "tests"))
from mnist_standin import SPLITS, write_standin  # noqa: E402

sys.path.insert(0, str(DOCS / "sphinxext"))
from example_pages import BUDGET  # noqa: E402  (the regex the build's budget check uses)

from tutorial_utils import data as data_module  # noqa: E402
from tutorial_utils import load_mnist  # noqa: E402

FULL = DOCS / "_build" / "full-data" / "tree" / "docs"
MNIST_PAGES = [s for s in EXAMPLES if "load_mnist(" in s.read_text(encoding="utf-8")]
SIZE = re.compile(r"^(TRAIN_SIZE|TRAIN_SIZE, TEST_SIZE) = ([\d, ]+)", re.M)


def _id(script: Path) -> str:
    return f"{script.parent.name}/{script.stem}"


@pytest.fixture(scope="module")
def full_build() -> Path:
    if not (FULL / "_build" / "html" / "en" / "index.html").is_file():
        pytest.fail(f"no full-size MNIST build in {FULL}: run 'nox -s full_data' (or 'nox -s tests')")
    return FULL


def test_the_standin_is_full_size_mnist_as_torchvision_reads_it(tmp_path, monkeypatch):
    from torchvision.datasets import MNIST

    sample = data_module.sample_digits(data_module.data_dir())
    raw = write_standin(tmp_path)
    first = {path.name: path.read_bytes() for path in raw.iterdir()}
    assert sorted(first) == sorted(f"{name}-{kind}" for name in SPLITS
                                   for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"))
    for train, (name, total) in zip((True, False), SPLITS.items()):
        split = MNIST(str(tmp_path), train=train, download=False)
        assert tuple(split.data.shape) == (total, 28, 28) and split.data.dtype == torch.uint8
        # every digit of the sample's split, the same number of times: the label counts scale
        images, labels, *indices = sample
        base = labels[indices[0 if train else 1]]
        torch.testing.assert_close(torch.bincount(split.targets, minlength=10),
                                   torch.bincount(base, minlength=10) * (total // len(base)))
        # each digit of the split once as it is, the other copies shifted: many distinct images
        written = {bytes(image.numpy()) for image in split.data}
        assert all(bytes(image.numpy()) in written for image in images[indices[0 if train else 1]])
        assert len(written) > 5 * len(base), len(written)
        assert split.data.flatten(1).amax(1).min() > 0
    # seeded: a second write gives the same bytes, another seed does not
    assert {path.name: path.read_bytes() for path in write_standin(tmp_path).iterdir()} == first
    other = write_standin(tmp_path / "other", seed=1)
    assert (other / "train-images-idx3-ubyte").read_bytes() != first["train-images-idx3-ubyte"]


def test_load_mnist_takes_the_full_path_and_the_stated_subset(tmp_path, monkeypatch, capsys):
    write_standin(tmp_path)
    monkeypatch.setattr(data_module, "_LOADED", {})
    data = load_mnist(tmp_path, download=False, train_size=4000)
    out = capsys.readouterr().out.splitlines()
    assert data.source == "full" and (len(data.train), len(data.test)) == (4000, 10_000)
    assert out == [f"Data: full MNIST from torchvision (60000 training and 10000 test images), cached in {tmp_path}.",
                   "Using 4000 of the 60000 training images."]
    # a fixed choice, spread over every digit
    again = load_mnist(tmp_path, download=False, train_size=4000)
    torch.testing.assert_close(again.train.tensors[1], data.train.tensors[1])
    assert torch.bincount(data.train.tensors[1], minlength=10).min() > 300


@pytest.mark.parametrize("script", MNIST_PAGES, ids=_id)
def test_mnist_pages_ran_on_full_size_data(full_build, script):
    rst = (full_build / "chapters" / script.parent.name / f"{script.stem}.rst").read_text(encoding="utf-8")
    assert "Data: full MNIST from torchvision (60000 training and 10000 test images)" in rst
    assert "Data: full MNIST unavailable" not in rst
    html = full_build / "_build" / "html" / "en" / "chapters" / script.parent.name / f"{script.stem}.html"
    stamp = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("article .tutorial-stamp")
    assert stamp is not None and "data: full MNIST (70,000 images)" in " ".join(stamp.get_text().split())


@pytest.mark.parametrize("script", [s for s in MNIST_PAGES if SIZE.search(s.read_text(encoding="utf-8"))], ids=_id)
def test_training_pages_train_on_the_same_images_count_on_both_sources(full_build, script):
    """A page that states TRAIN_SIZE trains on that many images whichever data it gets."""
    source = script.read_text(encoding="utf-8")
    sizes = [int(n) for n in SIZE.search(source).group(2).split(",")]
    assert sizes[0] == data_module.SAMPLE_TRAIN, "the subset is the sample's training split, so both take the same steps"
    assert f"``TRAIN_SIZE = {sizes[0]}``" in source.split('"""')[1], "the intro states the subset"
    rst = (full_build / "chapters" / script.parent.name / f"{script.stem}.rst").read_text(encoding="utf-8")
    kept = f"Using {sizes[0]} of the 60000 training images"
    if len(sizes) > 1:
        kept += f" and {sizes[1]} of the 10000 test images"
    assert kept + "." in rst
    sample = (DOCS / "chapters" / script.parent.name / f"{script.stem}.rst").read_text(encoding="utf-8")
    assert "Using " not in sample or "Data: full MNIST from torchvision" in sample, "the sample is used whole"


@pytest.mark.parametrize("script", EXAMPLES, ids=_id)
def test_every_example_keeps_its_budget_on_full_size_data(full_build, script):
    budget = int(BUDGET.search(script.read_text(encoding="utf-8")).group(1))
    cost = json.loads((full_build / "chapters" / script.parent.name / f"{script.stem}.cost.json").read_text())
    assert cost["time"] <= budget, f"{_id(script)} ran {cost['time']:.1f} s on full-size MNIST, budget {budget} s"
