"""
.. _module_containers:

Containers and parameters
=========================

This page looks inside an ``nn.Module``: the three containers ``nn.Sequential``,
``nn.ModuleList`` and ``nn.ModuleDict``, the parameters a model owns and how to list and
count them, the difference between ``modules()`` and ``children()``, and how ``.to(device)``
moves a whole model at once. Afterwards you can assemble a model from parts and know for
sure which parameters the optimizer will see. You should have trained the first network of
:ref:`chapter_first_network`, which used ``nn.Linear`` and ``nn.Sequential``.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Ready-made layers
# -----------------
#
# ``torch.nn`` ships the common layers as classes: ``nn.Linear``, ``nn.ReLU``,
# ``nn.Sigmoid``, ``nn.Conv2d``, ``nn.ConvTranspose2d``, ``nn.Dropout`` and many more. Each
# one is a subclass of ``nn.Module``, and so is every model you write. When in doubt, ask
# Python whether a name exists.
#
# .. in-the-notes::
#
#    The notes spell the transposed convolution ``ConvTransposed2d``; the real name has no
#    "d" after "Transpose".

import torch
from torch import nn

from tutorial_utils import get_device, seed_everything
from tutorial_utils.diagrams.workflow import draw_module_tree

seed_everything(0)

names = ["Linear", "ReLU", "Sigmoid", "Conv2d", "ConvTranspose2d", "Dropout"]
for name in names:
    assert hasattr(nn, name) and issubclass(getattr(nn, name), nn.Module), name
print(all(hasattr(nn, name) for name in names), hasattr(nn, "ConvTransposed2d"))
assert not hasattr(nn, "ConvTransposed2d")

# %%
# nn.Sequential
# -------------
#
# ``nn.Sequential`` is the simplest container: it holds modules in order and its
# ``forward`` feeds the input through them one after the other, for any plain chain of
# layers like the network of :ref:`first_network_cross_entropy`; the layers have indices.

seed_everything(0)
mlp = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
x = torch.randn(5, 4)
print(mlp)
print(mlp(x).shape)
assert mlp(x).shape == (5, 3)
torch.testing.assert_close(mlp(x), mlp[2](mlp[1](mlp[0](x))))

# %%
# A plain list is not registered
# ------------------------------
#
# When a model needs its layers in a loop, the natural idea is a Python list. But a module
# finds its parameters only through attributes that are themselves modules (or
# ``nn.Parameter`` objects); a ``list`` is neither, so the layers inside it are invisible.
# The model below has no parameters at all, so an optimizer built from ``parameters()``
# would train nothing, and ``.to(device)`` or ``state_dict()`` would miss the layers too.
# The forward pass still works, which makes the mistake easy to miss: the layers exist,
# the model just does not know about them.


class ListNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(4, 4) for _ in range(3)]

    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return x


list_net = ListNet()
print(len(list(list_net.parameters())), "parameters,", len(list_net.state_dict()), "state_dict entries")
assert len(list(list_net.parameters())) == 0 and len(list_net.state_dict()) == 0
print(list_net(x).shape)
assert list_net(x).shape == (5, 4)

# %%
# nn.ModuleList
# -------------
#
# ``nn.ModuleList`` is a list that registers what it holds. Swapping it in is the whole
# fix: the three weight matrices and three bias vectors now appear in ``parameters()``.
# Unlike ``nn.Sequential``, a ``ModuleList`` has no ``forward`` of its own; you write the
# loop yourself, so it suits models whose layers are not a plain chain.


class ModuleListNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x):
        for layer in self.layers:
            x = torch.relu(layer(x))
        return x


module_list_net = ModuleListNet()
print(len(list(module_list_net.parameters())), "parameters")
assert len(list(module_list_net.parameters())) == 6

# %%
# nn.ModuleDict
# -------------
#
# ``nn.ModuleDict`` registers modules under string keys, handy when ``forward`` picks a part
# by name: one output head per task, say, or an activation chosen by an argument.


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(4, 8)
        self.heads = nn.ModuleDict({"digit": nn.Linear(8, 10), "parity": nn.Linear(8, 2)})

    def forward(self, x, task):
        return self.heads[task](torch.relu(self.body(x)))


two_heads = TwoHeads()
print(two_heads(x, "digit").shape, two_heads(x, "parity").shape)
assert two_heads(x, "digit").shape == (5, 10) and two_heads(x, "parity").shape == (5, 2)
assert len(list(two_heads.parameters())) == 6

# %%
# Listing and counting parameters
# -------------------------------
#
# ``parameters()`` yields the parameter tensors; ``named_parameters()`` yields
# ``(name, tensor)`` pairs, where the name is the path of attribute names (and indices)
# that leads to the tensor. A linear layer stores its weight with shape
# ``[out_features, in_features]`` and its bias with shape ``[out_features]``.

for name, p in two_heads.named_parameters():
    print(f"{name:<20} {tuple(p.shape)}")
shapes = {name: tuple(p.shape) for name, p in two_heads.named_parameters()}
assert shapes["body.weight"] == (8, 4) and shapes["heads.digit.weight"] == (10, 8) and shapes["heads.parity.bias"] == (2,)

# %%
# A ``nn.Linear(n_in, n_out)`` has :math:`n_{\text{out}} \cdot n_{\text{in}} + n_{\text{out}}`
# numbers to learn (the weights and the biases), so this model has
# :math:`(8 \cdot 4 + 8) + (10 \cdot 8 + 10) + (2 \cdot 8 + 2) = 148`. Summing ``numel()`` over
# ``parameters()`` gives the same count, and it works for any model.


def linear_count(n_in, n_out):
    return n_out * n_in + n_out


total = sum(p.numel() for p in two_heads.parameters())
print(total)
assert total == linear_count(4, 8) + linear_count(8, 10) + linear_count(8, 2) == 148

# %%
# modules() and children()
# ------------------------
#
# A model is a tree of modules. ``children()`` yields only the direct sub-modules, one
# level down. ``modules()`` walks the whole tree, and includes the model itself as the
# first item. On a nested model, the two counts differ.

seed_everything(0)
nested = nn.Sequential(
    nn.Sequential(nn.Linear(4, 8), nn.ReLU()),
    nn.Sequential(nn.Linear(8, 8), nn.ReLU()),
    nn.Linear(8, 3),
)
children = list(nested.children())
modules = list(nested.modules())
print(len(children), "children:", [type(m).__name__ for m in children])
print(len(modules), "modules:", [type(m).__name__ for m in modules])
assert len(children) == 3 and modules[0] is nested
assert len(modules) == 1 + 3 + 4  # the model, its 3 children, 4 layers inside the two blocks

# %%
# ``named_modules()`` gives the same walk with names, the prefixes that appear in
# ``named_parameters()``. ``modules()`` is the tool for "do something to every layer of a
# given kind", for instance count the linear layers wherever they sit.

for name, m in nested.named_modules():
    print(f"{name or '(the model)':<12} {type(m).__name__}")
assert sum(isinstance(m, nn.Linear) for m in nested.modules()) == 3

# %%
# Drawn from ``named_children()``, the same tree as nested boxes: each container holds its
# children, named by their key, and each leaf lists its parameters with their shapes. The
# path to a parameter is the chain of names from the outer box inwards (``0.0.weight``).

draw_module_tree(nested)
print([name for name, _ in nested.named_parameters()])
assert next(nested.named_parameters())[0] == "0.0.weight"

# %%
# Moving a model with .to(device)
# -------------------------------
#
# Choose the device rather than naming it, with
# ``torch.device("cuda" if torch.cuda.is_available() else "cpu")`` or with ``get_device()``
# from ``tutorial_utils``, which does the same. ``model.to(device)`` then moves every
# parameter and buffer of the whole tree. Unlike ``tensor.to``, which returns a new
# tensor, ``module.to`` changes the module in place and returns the same object.
#
# .. in-the-notes::
#
#    The notes move the network with ``device = torch.device('cuda')``, which fails on a
#    machine without a GPU.

device = get_device()
moved = nested.to(device)
print(device, {p.device.type for p in nested.parameters()})
assert moved is nested and all(p.device.type == device.type for p in nested.parameters())

# %%
# On a CPU-only machine that move changed nothing visible, since the parameters were on
# the CPU already. ``.to`` also converts the data type, which shows that every parameter
# follows the call, however deep in the tree.

nested.to(torch.float64)
print({p.dtype for p in nested.parameters()})
assert all(p.dtype == torch.float64 for p in nested.parameters())
nested.to(torch.float32)
out = nested(torch.randn(2, 4, device=device))
print(out.dtype, out.device.type)
assert out.dtype == torch.float32 and out.device.type == device.type

# %%
# Summary
# -------
#
# - ``nn.Sequential`` chains modules; ``nn.ModuleList`` and ``nn.ModuleDict`` hold modules
#   by index or by name and leave ``forward`` to you. A plain Python list or dict of layers
#   is not registered: its parameters are missing from ``parameters()``.
# - ``named_parameters()`` gives each parameter's path and tensor; the total count is
#   ``sum(p.numel() for p in model.parameters())``.
# - ``children()`` is one level down; ``modules()`` is the whole tree, the model included.
# - ``model.to(device)`` moves (or converts) every parameter in place; pick the device
#   with ``torch.cuda.is_available()`` rather than hard-coding ``"cuda"``.
#
# .. seealso::
#
#    - `torch.nn.Module <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html>`__
#    - `torch.nn.Sequential <https://docs.pytorch.org/docs/stable/generated/torch.nn.Sequential.html>`__
#    - `torch.nn.ModuleList <https://docs.pytorch.org/docs/stable/generated/torch.nn.ModuleList.html>`__
#    - `torch.nn.ModuleDict <https://docs.pytorch.org/docs/stable/generated/torch.nn.ModuleDict.html>`__
#    - `torch.nn.ConvTranspose2d <https://docs.pytorch.org/docs/stable/generated/torch.nn.ConvTranspose2d.html>`__
#    - `torch.cuda.is_available <https://docs.pytorch.org/docs/stable/generated/torch.cuda.is_available.html>`__
