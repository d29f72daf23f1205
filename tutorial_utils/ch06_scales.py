"""The hand-made 784 → 200 → 200 → 10 network of chapter 6 as functions, and what to measure on it.

Defined in :ref:`classification_hand_made`, which writes ``make_params``, ``forward`` and the
training loop out in full; :ref:`classification_initialisation` imports them from here to
compare initial scales, and measures the network with :func:`layer_scales` and
:func:`dead_units`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader, Dataset

from tutorial_utils.training import seed_everything

SIZES: tuple[tuple[int, int], ...] = ((784, 200), (200, 200), (200, 10))
"""``(fan_in, fan_out)`` of each layer."""

StdOf = Callable[[int], float]
ForwardFn = Callable[[torch.Tensor, Sequence[torch.Tensor]], torch.Tensor]


def sigma_one(fan_in: int) -> float:
    """Standard deviation 1 whatever the fan-in: the scale of plain ``torch.randn``.

    >>> sigma_one(784)
    1.0
    """
    return 1.0


def kaiming(fan_in: int) -> float:
    """Kaiming He's standard deviation for ReLU networks, :math:`\\sqrt{2 / n_{\\text{in}}}`.

    >>> round(kaiming(200), 4)
    0.1
    """
    if fan_in <= 0:
        raise ValueError(f"fan_in must be positive, got {fan_in}")
    return math.sqrt(2 / fan_in)


def make_params(
    std_of: StdOf, device: torch.device | str = "cpu", sizes: Sequence[tuple[int, int]] = SIZES, seed: int = 0
) -> list[torch.Tensor]:
    """Return ``[w1, b1, w2, b2, ...]``: weights of shape ``[fan_out, fan_in]`` drawn from a normal
    distribution with standard deviation ``std_of(fan_in)``, biases 0, all leaf tensors that
    require gradients.

    The generator is seeded first, so calls with different ``std_of`` draw the same random
    numbers and differ only by the scale.

    >>> a, b = make_params(sigma_one), make_params(kaiming)
    >>> [tuple(p.shape) for p in a]
    [(200, 784), (200,), (200, 200), (200,), (10, 200), (10,)]
    >>> torch.allclose(a[0] * kaiming(784), b[0])
    True
    >>> all(p.is_leaf and p.requires_grad for p in b)
    True
    """
    if not sizes:
        raise ValueError("sizes is empty: a network needs at least one layer")
    seed_everything(seed)
    params = []
    for fan_in, fan_out in sizes:
        w = torch.randn(fan_out, fan_in, device=device) * std_of(fan_in)
        b = torch.zeros(fan_out, device=device)
        params += [w.requires_grad_(), b.requires_grad_()]
    return params


def forward(x: torch.Tensor, params: Sequence[torch.Tensor]) -> torch.Tensor:
    """Flatten each image and apply the layers, with a ReLU between them and none after the last:
    the result is the logits.

    >>> forward(torch.zeros(3, 1, 28, 28), make_params(kaiming)).shape
    torch.Size([3, 10])
    """
    h = x.reshape(x.size(0), -1)
    layers = list(zip(params[0::2], params[1::2]))
    for i, (w, b) in enumerate(layers):
        h = h @ w.T + b
        if i < len(layers) - 1:
            h = F.relu(h)
    return h


def relu_on_logits(x: torch.Tensor, params: Sequence[torch.Tensor]) -> torch.Tensor:
    """:func:`forward` with one more ReLU on the logits, which clips every negative score to 0.

    >>> (relu_on_logits(torch.randn(4, 784), make_params(kaiming)) >= 0).all().item()
    True
    """
    return F.relu(forward(x, params))


def layer_scales(params: Sequence[torch.Tensor], x: torch.Tensor) -> list[float]:
    """The standard deviation of each layer's pre-activations (the logits last) on the batch ``x``.

    >>> [round(s) for s in layer_scales([torch.eye(2), torch.zeros(2)], torch.tensor([[3.0, -3.0]]))]
    [4]
    """
    h, scales = x.reshape(x.size(0), -1), []
    with torch.no_grad():
        for w, b in zip(params[0::2], params[1::2]):
            z = h @ w.T + b
            scales.append(z.std().item())
            h = F.relu(z)
    return scales


def train(
    forward_fn: ForwardFn,
    params: Sequence[torch.Tensor],
    loader: DataLoader,
    *,
    epochs: int = 5,
    device: torch.device | str = "cpu",
) -> list[float]:
    """Train ``params`` with cross-entropy and SGD (learning rate 0.01, momentum 0.9); return
    the loss of every batch.

    >>> seed_everything(0)
    >>> x = torch.randn(64, 4); y = (x[:, 0] > 0).long()
    >>> params = make_params(kaiming, sizes=[(4, 8), (8, 2)])
    >>> losses = train(forward, params, DataLoader(list(zip(x, y)), batch_size=16), epochs=20)
    >>> len(losses), losses[-1] < losses[0]
    (80, True)
    """
    if epochs <= 0:
        raise ValueError(f"epochs must be positive, got {epochs}")
    optimizer = torch.optim.SGD(params, lr=0.01, momentum=0.9)
    losses = []
    for _ in range(epochs):
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss = F.cross_entropy(forward_fn(x, params), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return losses


@torch.no_grad()
def accuracy(
    forward_fn: ForwardFn, params: Sequence[torch.Tensor], loader: DataLoader, device: torch.device | str = "cpu"
) -> float:
    """The share of images in ``loader`` whose highest score is the right class.

    >>> w = [torch.eye(2), torch.zeros(2)]
    >>> accuracy(forward, w, DataLoader(list(zip(torch.eye(2), torch.tensor([0, 1])))))
    1.0
    """
    correct = total = 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        correct += (forward_fn(x, params).argmax(dim=1) == y).sum().item()
        total += y.numel()
    if total == 0:
        raise ValueError("the loader is empty: nothing to evaluate")
    return correct / total


@torch.no_grad()
def dead_units(params: Sequence[torch.Tensor], images: torch.Tensor) -> list[float]:
    """For each hidden layer, the share of its ReLU units that output 0 for every image.

    >>> w = [torch.tensor([[1.0], [-1.0]]), torch.zeros(2), torch.ones(1, 2), torch.zeros(1)]
    >>> dead_units(w, torch.tensor([[1.0], [2.0]]))
    [0.5]
    """
    h, shares = images.reshape(images.size(0), -1), []
    hidden = list(zip(params[0::2], params[1::2]))[:-1]
    for w, b in hidden:
        h = F.relu(h @ w.T + b)
        shares.append((h == 0).all(dim=0).float().mean().item())
    return shares


def seeded_loader(dataset: Dataset, batch_size: int = 256, seed: int = 0) -> DataLoader:
    """A shuffling loader whose generator is seeded afresh: every call gives the same batches in
    the same order, so runs that each call it train on identical data.

    >>> ds = list(range(6))
    >>> [b.tolist() for b in seeded_loader(ds, 3)] == [b.tolist() for b in seeded_loader(ds, 3)]
    True
    """
    generator = torch.Generator(device=torch.get_default_device()).manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, generator=generator)


def constant_from(losses: Sequence[float], value: float, tol: float = 1e-4) -> int:
    """The first step from which every loss equals ``value`` (within ``tol``); ``len(losses)`` if
    the last one does not.

    >>> constant_from([5.0, 3.0, 2.3026, 2.3026], math.log(10))
    2
    >>> constant_from([5.0, 3.0], math.log(10))
    2
    """
    step = len(losses)
    while step > 0 and abs(losses[step - 1] - value) < tol:
        step -= 1
    return step


def plot_losses(curves: dict[str, Sequence[float]], reference: float = math.log(10)) -> Figure:
    """Plot one training-loss curve per run on a logarithmic axis, with a dotted line at
    ``reference`` (:math:`\\ln 10`, the loss of a uniform guess among ten classes).

    >>> fig = plot_losses({"run": [3.0, 1.0, 0.5]})
    >>> fig.axes[0].get_yscale(), len(fig.axes[0].lines)
    ('log', 2)
    """
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, losses in curves.items():
        ax.plot(losses, label=name)
    ax.axhline(reference, color="gray", linestyle=":", label="ln 10")
    ax.set(yscale="log", xlabel="step (batch of 256)", ylabel="cross-entropy",
           title="784-200-200-10 on MNIST: training loss")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def linear_model(device: torch.device | str = "cpu", seed: int = 0) -> nn.Sequential:
    """The same 784 → 200 → 200 → 10 network from ``nn.Linear`` layers, with PyTorch's default
    initialisation drawn after seeding. Its ``parameters()`` come in the order of
    :func:`make_params`, so :func:`forward` runs it too.

    >>> model = linear_model()
    >>> x = torch.randn(2, 1, 28, 28)
    >>> torch.allclose(forward(x, list(model.parameters())), model(x))
    True
    """
    seed_everything(seed)
    layers = [nn.Flatten(), nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10)]
    return nn.Sequential(*layers).to(device)
