"""
.. _module_custom_layers:

Writing your own layers
=======================

A layer of your own is a subclass of ``nn.Module`` with an ``__init__`` that creates its
parameters and a ``forward`` that computes the output. This page writes two, a flatten
layer and a linear layer, checks each against the PyTorch original, shows how a module
tells parameters, buffers and plain tensor attributes apart, and trains a small MNIST
classifier built from the two layers. Afterwards you can write any layer that PyTorch does
not ship. You should know :ref:`module_containers` and the training loop of
:ref:`chapter_first_network`.

Cut for speed: the classifier trains for one epoch only, on ``TRAIN_SIZE = 4000`` training
images. 4,000 is the whole training set of the offline sample and a fifteenth of full MNIST, so the
page takes the same steps whichever data the "Data:" line below names; set
``TRAIN_SIZE = None`` to train on every training image.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# A flatten layer
# ---------------
#
# A linear layer needs each image as one row of numbers, so a batch ``[N, 1, 28, 28]``
# must become ``[N, 784]``. Written as a module of its own, its ``forward``
# keeps the batch dimension and lets ``view`` work out the rest with ``-1``. A layer
# without parameters only needs ``forward``.

import math

import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader

from tutorial_utils import evaluate, get_device, load_mnist, plot_curve, seed_everything

seed_everything(0)
device = get_device()


class Flatten(nn.Module):
    def forward(self, x):
        return x.view(x.size(0), -1)


images = torch.randn(4, 1, 28, 28, device=device)
flat = Flatten()(images)
print(flat.shape)
assert flat.shape == (4, 784)
assert torch.equal(flat, nn.Flatten()(images))

# %%
# PyTorch has had ``nn.Flatten`` since version 1.2, and it is what you should use. It
# calls ``torch.flatten``, which, unlike ``view``, also accepts a tensor whose memory is
# not in the order of its shape (see :ref:`tensors_reshaping`), such as a transposed one.

transposed = images.transpose(2, 3)
try:
    Flatten()(transposed)
    view_failed = False
except RuntimeError as error:
    print("RuntimeError:", str(error).split(" (")[0])
    view_failed = True
print(nn.Flatten()(transposed).shape)
assert view_failed and nn.Flatten()(transposed).shape == (4, 784)

# %%
# A linear layer from nn.Parameter
# --------------------------------
#
# A linear layer computes :math:`y = x W^\top + b`, with a weight :math:`W` of shape
# ``[out_features, in_features]`` and a bias :math:`b` of shape ``[out_features]``. Wrapping
# a tensor in ``nn.Parameter`` marks it as something to learn: it requires gradients, and
# assigning it as an attribute registers it in ``parameters()``. The starting values copy
# what ``nn.Linear`` does: ``kaiming_uniform_`` with :math:`a = \sqrt{5}` draws the weight
# uniformly from :math:`[-B, B]`, where :math:`n_{\text{in}}` (``fan_in``) is the number of
# inputs and
#
# .. math::
#
#    B = \sqrt{\frac{2}{1 + a^{2}}} \cdot \sqrt{\frac{3}{n_{\text{in}}}}
#      = \sqrt{\frac{2}{6}} \cdot \sqrt{\frac{3}{n_{\text{in}}}}
#      = \frac{1}{\sqrt{n_{\text{in}}}} .
#
# The bias is drawn from the same range. ``extra_repr`` is optional: it supplies the text
# shown between the parentheses when the layer is printed.


class Linear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.bias = nn.Parameter(torch.empty(out_features))
        self.reset_parameters()

    def reset_parameters(self):
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        bound = 1 / math.sqrt(self.weight.size(1))
        nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, x):
        return x @ self.weight.T + self.bias

    def extra_repr(self):
        return f"in_features={self.weight.size(1)}, out_features={self.weight.size(0)}"


mine = Linear(784, 10)
for name, p in mine.named_parameters():
    print(name, tuple(p.shape), p.requires_grad)
bound = 1 / math.sqrt(784)
print(f"largest |weight|: {mine.weight.abs().max().item():.4f}, bound 1/√784: {bound:.4f}")
assert mine.weight.abs().max() <= bound and mine.bias.abs().max() <= bound

# %%
# The same random draws in the same order give the same numbers, so with the same seed
# the layer starts exactly where ``nn.Linear`` starts.

seed_everything(0)
theirs = nn.Linear(784, 10)
seed_everything(0)
mine = Linear(784, 10)
same = torch.equal(mine.weight, theirs.weight) and torch.equal(mine.bias, theirs.bias)
print("initial weights equal:", same)
assert same

# %%
# Checking it against nn.Linear
# -----------------------------
#
# A fair test copies the weights of one ``nn.Linear`` into the new layer.
# ``load_state_dict`` does it, since both store their parameters under the names
# ``weight`` and ``bias``. The two layers must then agree on the output and on every
# gradient: of the weight, of the bias, and of the input.

seed_everything(1)
theirs = nn.Linear(784, 10).to(device)
mine = Linear(784, 10).to(device)
print(mine.load_state_dict(theirs.state_dict()))

x = flat.clone().requires_grad_()
out_mine, out_theirs = mine(x), theirs(x)
torch.testing.assert_close(out_mine, out_theirs)

grad_mine = torch.autograd.grad(out_mine.square().sum(), [mine.weight, mine.bias, x])
grad_theirs = torch.autograd.grad(out_theirs.square().sum(), [theirs.weight, theirs.bias, x])
for g_mine, g_theirs in zip(grad_mine, grad_theirs):
    torch.testing.assert_close(g_mine, g_theirs)
print("max |Δ| of output, weight, bias and input gradients:",
      [(a - b).abs().max().item() for a, b in zip((out_mine,) + grad_mine, (out_theirs,) + grad_theirs)])

# %%
# Parameters, buffers and plain tensors
# -------------------------------------
#
# A module sorts the tensors it holds into three kinds. An ``nn.Parameter`` is learned:
# it appears in ``parameters()`` and in the ``state_dict``. A *buffer*, declared with
# ``register_buffer``, is state that is not learned, like the running mean of batch
# normalisation (:ref:`module_train_eval`): it is in the ``state_dict`` and moves with
# ``.to()``, but an optimizer never sees it. Any other tensor attribute is invisible to
# the module, even with ``requires_grad=True``.


class Kinds(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(3))
        self.register_buffer("shift", torch.zeros(3))
        self.plain = torch.ones(3, requires_grad=True)

    def forward(self, x):
        return x * self.scale * self.plain + self.shift


kinds = Kinds()
print("parameters:", [name for name, _ in kinds.named_parameters()])
print("buffers:   ", [name for name, _ in kinds.named_buffers()])
print("state_dict:", list(kinds.state_dict()))
assert [name for name, _ in kinds.named_parameters()] == ["scale"] and list(kinds.state_dict()) == ["scale", "shift"]
assert [name for name, _ in kinds.named_buffers()] == ["shift"]

# %%
# ``.to()`` converts the parameter and the buffer, and leaves the plain tensor behind,
# so it would also stay on the CPU when the model moves to a GPU.

kinds.to(torch.float64)
print(kinds.scale.dtype, kinds.shift.dtype, kinds.plain.dtype)
assert kinds.scale.dtype == kinds.shift.dtype == torch.float64 and kinds.plain.dtype == torch.float32

# %%
# A small model from the two layers
# ---------------------------------
#
# The two layers slot into ``nn.Sequential`` like any built-in one. The classifier reads
# MNIST images, flattens them with the new ``Flatten``, and passes them through two of
# the new ``Linear`` layers with a ReLU between them.

TRAIN_SIZE = 4000  # None: train on every training image
data = load_mnist(train_size=TRAIN_SIZE)
generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
train_loader = DataLoader(data.train, batch_size=128, shuffle=True, generator=generator)
test_loader = DataLoader(data.test, batch_size=512)

seed_everything(0)
model = nn.Sequential(Flatten(), Linear(28 * 28, 64), nn.ReLU(), Linear(64, 10)).to(device)
print(model)
print(sum(p.numel() for p in model.parameters()), "parameters")
assert sum(p.numel() for p in model.parameters()) == (784 * 64 + 64) + (64 * 10 + 10)

# %%
# The training loop is the one of :ref:`chapter_first_network`, with cross-entropy and
# SGD with momentum, for one epoch.

optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
losses = []
model.train()
for images, labels in train_loader:
    images, labels = images.to(device), labels.to(device)
    loss = F.cross_entropy(model(images), labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
print(f"{len(losses)} steps, loss {losses[0]:.3f} -> {losses[-1]:.3f}")

# %%
# The loss went down: the average of the last five steps is at most half that of the first
# five. The test accuracy after this single epoch is above 75 %.

first, last = sum(losses[:5]) / 5, sum(losses[-5:]) / 5
accuracy = evaluate(model, test_loader, device)
print(f"first five: {first:.3f}, last five: {last:.3f}, test accuracy: {accuracy:.3f}")
assert last < 0.5 * first and accuracy > 0.75
fig = plot_curve(losses, xlabel="step", ylabel="loss", title="Flatten + Linear, written by hand")

# %%
# Summary
# -------
#
# - A layer is an ``nn.Module`` subclass: ``__init__`` creates the parameters (after
#   ``super().__init__()``), ``forward`` computes the output.
# - ``nn.Parameter`` registers a learned tensor; ``register_buffer`` registers state that
#   is saved and moved but not learned; other tensor attributes are ignored.
# - The hand-written ``Flatten`` and ``Linear`` matched ``nn.Flatten`` and ``nn.Linear``
#   (outputs and gradients) and trained an MNIST classifier. In practice use the built-in
#   layers, and write your own for what PyTorch does not have.
#
# .. seealso::
#
#    - `torch.nn.Parameter <https://docs.pytorch.org/docs/stable/generated/torch.nn.parameter.Parameter.html>`__
#    - `torch.nn.Module.register_buffer <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_buffer>`__
#    - `torch.nn.Linear <https://docs.pytorch.org/docs/stable/generated/torch.nn.Linear.html>`__
#    - `torch.nn.Flatten <https://docs.pytorch.org/docs/stable/generated/torch.nn.Flatten.html>`__
#    - `torch.nn.init <https://docs.pytorch.org/docs/stable/nn.init.html>`__
#    - `torch.Tensor.view <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.view.html>`__
#    - `torch.autograd.grad <https://docs.pytorch.org/docs/stable/generated/torch.autograd.grad.html>`__
