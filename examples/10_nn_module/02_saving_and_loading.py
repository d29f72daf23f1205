"""
.. _module_saving:

Saving and loading models
=========================

This page saves a model's weights to a file and loads them into a fresh model, writes a
checkpoint that also holds the optimizer's state and the epoch, and resumes training from
it with exactly the result of a run that never stopped. It then explains why
``torch.load`` refuses arbitrary Python objects by default, and why that protects you.
Afterwards you can save and resume your own training runs safely. You should know the
containers and parameters of :ref:`module_containers`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# What a state_dict holds
# -----------------------
#
# The notes say save and load serve to keep the intermediate state of training. The
# state of a model is its ``state_dict()``: a dictionary from each parameter's (and
# buffer's) name to its tensor, the same names that ``named_parameters()`` gives. It
# holds numbers only, no code: layers without parameters, like ``nn.Tanh``, have no entry.

import pickle
import tempfile
from pathlib import Path

import torch
from torch import nn

from tutorial_utils import get_device, seed_everything

seed_everything(0)
device = get_device()


def make_model():
    return nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1)).to(device)


model = make_model()
state = model.state_dict()
for key, tensor in state.items():
    print(f"{key:<10} {tuple(tensor.shape)}")
assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias"]
assert state["0.weight"].shape == (16, 3)

# %%
# Saving and loading a state_dict
# -------------------------------
#
# ``torch.save(obj, path)`` writes the dictionary to a file; ``torch.load(path)`` reads it
# back, and ``load_state_dict`` copies the tensors into a model built by the same code.
# The files go into a temporary folder that is deleted at the end of the page.

tmp = tempfile.TemporaryDirectory()
folder = Path(tmp.name)
torch.save(model.state_dict(), folder / "weights.pt")

seed_everything(1)
fresh = make_model()
x = torch.randn(8, 3, device=device)
print("before loading, outputs equal:", torch.equal(fresh(x), model(x)))
assert not torch.equal(fresh(x), model(x))

# %%
# ``load_state_dict`` reports which keys matched; it raises an error when a key is
# missing, unexpected, or has the wrong shape. ``map_location`` puts the tensors on the
# device you name, so a file saved on a GPU machine also loads on a CPU-only one. After
# loading, the fresh model computes the same outputs as the original.

loaded = torch.load(folder / "weights.pt", map_location=device, weights_only=True)
print(fresh.load_state_dict(loaded))
torch.testing.assert_close(fresh(x), model(x))

# %%
# A checkpoint to resume training
# -------------------------------
#
# To continue an interrupted training run you need more than the weights. The optimizer
# has state of its own: Adam keeps running averages of each parameter's gradient and
# squared gradient. A checkpoint is therefore a dictionary with the model's
# ``state_dict``, the optimizer's ``state_dict`` and the epoch reached. The training here
# is full-batch: each epoch is one gradient step on the same 64 points, so training has
# no randomness left once the model is built.

seed_everything(0)
inputs = torch.randn(64, 3, device=device)
targets = torch.sin(inputs.sum(dim=1, keepdim=True))


def train(model, optimizer, first_epoch, last_epoch):
    for epoch in range(first_epoch, last_epoch):
        loss = nn.functional.mse_loss(model(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def make_run():
    seed_everything(0)
    model = make_model()
    return model, torch.optim.Adam(model.parameters(), lr=0.05)


# %%
# First the reference: 4 epochs without a break.

straight_model, straight_opt = make_run()
train(straight_model, straight_opt, 0, 4)

# %%
# Now the same run, stopped after 2 epochs. The checkpoint is saved and everything in
# memory is thrown away.

model, optimizer = make_run()
train(model, optimizer, 0, 2)
checkpoint = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 2}
torch.save(checkpoint, folder / "checkpoint.pt")
del model, optimizer, checkpoint

# %%
# To resume, build a new model and optimizer (here from a different seed, so that
# nothing is left over from before), load both states, and continue from the saved
# epoch to epoch 4.

seed_everything(123)
model = make_model()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
checkpoint = torch.load(folder / "checkpoint.pt", map_location=device, weights_only=True)
model.load_state_dict(checkpoint["model"])
optimizer.load_state_dict(checkpoint["optimizer"])
print("resuming at epoch", checkpoint["epoch"])
train(model, optimizer, checkpoint["epoch"], 4)

# %%
# The resumed run ends with the weights of the uninterrupted one. The largest difference
# between the two is printed; on the CPU, where these operations are deterministic, it is
# exactly 0.


def max_difference(a, b):
    return max((p - q).abs().max().item() for p, q in zip(a.parameters(), b.parameters()))


print("largest difference, resumed vs straight:", max_difference(model, straight_model))
for p, q in zip(model.parameters(), straight_model.parameters()):
    torch.testing.assert_close(p, q)
if device.type == "cpu":
    assert max_difference(model, straight_model) == 0.0

# %%
# The optimizer's state matters. Resuming with the saved weights but a fresh Adam, which
# restarts its running averages from zero, ends somewhere else.

model, optimizer = make_run()
model.load_state_dict(checkpoint["model"])
train(model, optimizer, checkpoint["epoch"], 4)
print("largest difference, fresh optimizer:", max_difference(model, straight_model))
assert max_difference(model, straight_model) > 1e-3

# %%
# When training uses randomness, shuffled batches or dropout, the checkpoint should also
# hold the random generator's state (``torch.get_rng_state()``, restored with
# ``torch.set_rng_state``) for the resumed run to draw the same numbers.
#
# Saving the whole model, and why weights_only exists
# ---------------------------------------------------
#
# ``torch.save(model, path)`` also works: it pickles the model object itself. Python's
# ``pickle`` stores an object as instructions for rebuilding it, such as "import this
# class from this module and call it". Such a file ties you to your code layout (the
# class must be importable under the same name when you load), and, worse, loading it
# runs whatever callables the file names. Since PyTorch 2.6, ``torch.load`` defaults to
# ``weights_only=True``: it only rebuilds tensors, numbers, strings and plain containers,
# which is everything a state_dict or the checkpoint above needs, and refuses the rest.
# A pickled ``nn.Sequential`` is refused.


def weights_only_error(path):
    try:
        torch.load(path, weights_only=True)
    except pickle.UnpicklingError as error:
        line = next(s for s in str(error).splitlines() if "Unsupported global" in s)
        return line.strip().split(" Please")[0]
    return None


torch.save(straight_model, folder / "whole_model.pt")
print(weights_only_error(folder / "whole_model.pt"))
assert "torch.nn.modules.container.Sequential" in weights_only_error(folder / "whole_model.pt")

# %%
# A file you made yourself is safe to load with ``weights_only=False``, and the whole
# model comes back. Prefer the state_dict anyway: it is smaller, readable with the safe
# default, and survives changes to your code.

whole = torch.load(folder / "whole_model.pt", map_location=device, weights_only=False)
print(type(whole).__name__)
torch.testing.assert_close(whole(x), straight_model(x))

# %%
# The danger, shown harmlessly
# ----------------------------
#
# An object controls how it is pickled through its ``__reduce__`` method, which returns a
# callable and its arguments; unpickling calls it. The class below names the harmless
# ``print``. A malicious file would name something like ``os.system`` with a shell command,
# and it would run the moment the file is loaded. ``weights_only=True``, and so the plain
# ``torch.load(path)``, refuses the file without calling anything.


class Harmless:
    def __reduce__(self):
        return (print, ("this line was printed by torch.load, while unpickling",))


torch.save(Harmless(), folder / "untrusted.pt")
print(weights_only_error(folder / "untrusted.pt"))
assert "GLOBAL print" in weights_only_error(folder / "untrusted.pt")
try:
    torch.load(folder / "untrusted.pt")
    refused_by_default = False
except pickle.UnpicklingError:
    refused_by_default = True
print("refused by default:", refused_by_default)
assert refused_by_default

# %%
# Only because we wrote this file ourselves and know it calls ``print``, here is what
# ``weights_only=False`` does with it: the call runs during loading, before your code sees
# any result, and what comes back is whatever that call returned (``print`` returns
# ``None``). Never load a file from an untrusted source with ``weights_only=False``.

result = torch.load(folder / "untrusted.pt", weights_only=False)
print("torch.load returned:", result)
assert result is None

# %%
# The temporary folder and its files are removed.

tmp.cleanup()
assert not folder.exists()

# %%
# Summary
# -------
#
# - ``model.state_dict()`` maps parameter and buffer names to tensors; save it with
#   ``torch.save`` and restore it with ``model.load_state_dict(torch.load(path))`` into a
#   model built by the same code.
# - To resume training, save a checkpoint dictionary with the model's and the optimizer's
#   state dicts and the epoch; the resumed run above ended with the weights of the
#   uninterrupted run, while a fresh optimizer did not.
# - ``torch.load`` uses ``weights_only=True`` by default since PyTorch 2.6 and refuses
#   pickled objects; loading a full pickle can run arbitrary code, so use
#   ``weights_only=False`` only for files you trust.
#
# .. seealso::
#
#    - `Saving and loading models <https://docs.pytorch.org/tutorials/beginner/saving_loading_models.html>`__
#    - `torch.save <https://docs.pytorch.org/docs/stable/generated/torch.save.html>`__
#    - `torch.load <https://docs.pytorch.org/docs/stable/generated/torch.load.html>`__
#    - `torch.nn.Module.state_dict <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.state_dict>`__
#    - `torch.nn.Module.load_state_dict <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.load_state_dict>`__
#    - `torch.optim.Optimizer.state_dict <https://docs.pytorch.org/docs/stable/generated/torch.optim.Optimizer.state_dict.html>`__
#    - `torch.optim.Adam <https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html>`__
#    - `Serialization semantics (weights_only) <https://docs.pytorch.org/docs/stable/notes/serialization.html>`__
