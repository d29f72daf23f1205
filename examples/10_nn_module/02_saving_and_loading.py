"""
.. _module_saving:

Saving and loading models
=========================

This page saves a model's weights to a file and loads them into a fresh model, writes a
checkpoint that also holds the optimizer's state, the states of the random generators and
the epoch, and resumes a shuffled training run from it with exactly the result of a run
that never stopped. Afterwards you can save and resume your own training runs. You should
know the containers and parameters of :ref:`module_containers`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# What a state_dict holds
# -----------------------
#
# Saving and loading keep the intermediate state of training. The state of a model is its
# ``state_dict()``: a dictionary from each parameter's (and buffer's) name to its tensor,
# the names that ``named_parameters()`` gives. It holds numbers only, no code: layers
# without parameters, like ``nn.Tanh``, have no entry.

import pickle
import random
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from tutorial_utils import get_device, seed_everything

seed_everything(0)
device = get_device()


def make_model():
    return nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1)).to(device)


model = make_model()
state = model.state_dict()
for key, tensor in state.items():
    print(f"{key:<10} {tuple(tensor.shape)}")
assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias"] and state["0.weight"].shape == (16, 3)

# %%
# Saving and loading a state_dict
# -------------------------------
#
# ``torch.save(obj, path)`` writes the dictionary to a file; ``torch.load(path)`` reads it
# back, and ``load_state_dict`` copies the tensors into a model built by the same code.
# ``load_state_dict`` reports which keys matched; it raises an error when a key is
# missing, unexpected, or has the wrong shape. ``map_location`` puts the tensors on the
# device you name, so a file saved on a GPU machine also loads on a CPU-only one. After
# loading, the fresh model computes the same outputs as the original. (The files go into a
# temporary folder that is deleted at the end of the page.)

tmp = tempfile.TemporaryDirectory()
folder = Path(tmp.name)
torch.save(model.state_dict(), folder / "weights.pt")

seed_everything(1)
fresh = make_model()
x = torch.randn(8, 3, device=device)
print("before loading, outputs equal:", torch.equal(fresh(x), model(x)))
assert not torch.equal(fresh(x), model(x))
loaded = torch.load(folder / "weights.pt", map_location=device, weights_only=True)
print(fresh.load_state_dict(loaded))
torch.testing.assert_close(fresh(x), model(x))

# %%
# A checkpoint to resume training
# -------------------------------
#
# To continue an interrupted training run you need more than the weights. The optimizer
# has state of its own: Adam keeps running averages of each parameter's gradient and
# squared gradient. Training also draws random numbers: the ``DataLoader`` shuffles the
# examples anew every epoch, and ``nn.Dropout`` draws a new mask at every step. So the
# checkpoint holds the state of every random generator the training uses, next to the
# model's and the optimizer's ``state_dict`` and the epoch reached.
#
# The run below trains on 64 points in shuffled mini-batches of 16. The ``DataLoader`` gets
# a seeded ``torch.Generator`` of its own, whose state can be saved; Dropout draws from
# PyTorch's global generator, the CPU's (``torch.get_rng_state``) or a GPU's
# (``torch.cuda.get_rng_state_all``, which exists only where CUDA is available).

seed_everything(0)
inputs = torch.randn(64, 3)
dataset = TensorDataset(inputs, torch.sin(inputs.sum(dim=1, keepdim=True)))
EPOCHS = 4


def make_run(seed):
    seed_everything(seed)
    model = nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Dropout(0.2), nn.Linear(16, 1)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    generator = torch.Generator().manual_seed(seed)
    loader = DataLoader(dataset, batch_size=16, shuffle=True, generator=generator)
    return model, optimizer, generator, loader


def train(model, optimizer, loader, first_epoch, last_epoch):
    model.train()
    for epoch in range(first_epoch, last_epoch):
        for x_batch, y_batch in loader:
            x_batch, y_batch = x_batch.to(device), y_batch.to(device)
            loss = nn.functional.mse_loss(model(x_batch), y_batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


# %%
# First the reference, 4 epochs without a break (``straight_draws`` holds the next number
# each generator draws after it). Then the same run, stopped after 2 epochs. ``rng_states()`` collects the state of every
# generator: PyTorch's CPU generator, every GPU's generator when CUDA is available (an
# empty list otherwise), and Python's and NumPy's, which this training does not use but
# many training scripts do (data augmentation often draws from them). NumPy's state holds
# an array, which ``weights_only=True`` refuses to load, so its key is saved as a list of
# numbers. The checkpoint is saved, and everything in memory is thrown away.

straight_model, straight_opt, _, straight_loader = make_run(0)
train(straight_model, straight_opt, straight_loader, 0, EPOCHS)
straight_draws = (torch.rand(1, device=device).item(), random.random(), float(np.random.rand()))


def rng_states():
    name, key, pos, has_gauss, gauss = np.random.get_state()
    return {
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        "python": random.getstate(),
        "numpy": (name, key.tolist(), pos, has_gauss, gauss),
    }


def set_rng_states(states):
    torch.set_rng_state(states["torch"])
    if torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])
    random.setstate(states["python"])
    name, key, pos, has_gauss, gauss = states["numpy"]
    np.random.set_state((name, np.array(key, dtype=np.uint32), pos, has_gauss, gauss))


model, optimizer, generator, loader = make_run(0)
train(model, optimizer, loader, 0, 2)
checkpoint = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 2,
              "rng": rng_states(), "loader_generator": generator.get_state()}
torch.save(checkpoint, folder / "checkpoint.pt")
del model, optimizer, generator, loader, checkpoint

# %%
# The checkpoint is taken at the end of an epoch: a ``DataLoader``'s iterator cannot be
# saved halfway, and at an epoch boundary the generator's state decides the next order. (To
# stop mid-epoch you would save the generator's state from before the epoch began and skip
# the batches already trained on.) To resume, build new objects from another seed (123),
# load every state from the file and continue to epoch 4. ``map_location="cpu"`` keeps the
# generator states on the CPU, where they must be; ``load_state_dict`` copies the weights
# and Adam's averages onto the model's device. ``resume`` can leave out the optimizer's
# state or the random states, to show what each one is for.
#
# The resumed run ends with exactly the weights of the run that never stopped
# (``torch.equal`` compares every bit), and the generators continue where they were: the
# next number that PyTorch's, Python's and NumPy's generator draws is the same in both runs.


def resume(optimizer_state=True, random_states=True):
    checkpoint = torch.load(folder / "checkpoint.pt", map_location="cpu", weights_only=True)
    model, optimizer, generator, loader = make_run(123)
    model.load_state_dict(checkpoint["model"])
    if optimizer_state:
        optimizer.load_state_dict(checkpoint["optimizer"])
    if random_states:
        set_rng_states(checkpoint["rng"])
        generator.set_state(checkpoint["loader_generator"])
    train(model, optimizer, loader, checkpoint["epoch"], EPOCHS)
    return model


model = resume()
resumed_draws = (torch.rand(1, device=device).item(), random.random(), float(np.random.rand()))
equal = [torch.equal(p, q) for p, q in zip(model.parameters(), straight_model.parameters())]
print("weights equal:", equal)
print("next draws, straight:", straight_draws)
print("next draws, resumed: ", resumed_draws)
assert all(equal) and resumed_draws == straight_draws

# %%
# Each part of the checkpoint matters. Resuming with a fresh Adam, which restarts its
# running averages from zero, ends somewhere else, and so does resuming without the
# random states: the batches come in another order and Dropout drops other units. The
# largest difference from the uninterrupted run's weights:


def max_difference(a, b):
    return max((p - q).abs().max().item() for p, q in zip(a.parameters(), b.parameters()))


for label, kwargs in [("no optimizer state", {"optimizer_state": False}),
                      ("no random states", {"random_states": False})]:
    difference = max_difference(resume(**kwargs), straight_model)
    print(f"{label:<20} {difference:.4f}")
    assert difference > 1e-3

tmp.cleanup()  # the temporary folder and its files
assert not folder.exists()

# %%
# Summary
# -------
#
# - ``model.state_dict()`` maps parameter and buffer names to tensors; save it with
#   ``torch.save`` and restore it with ``model.load_state_dict(torch.load(path))``.
# - To resume training, save the model's and the optimizer's state dicts, the states of all
#   random generators and the epoch, at an epoch boundary: the resumed run then ends with
#   exactly the weights of the uninterrupted run.
#
# Why ``torch.load`` accepts only tensors and plain containers by default, and what a
# pickled whole model risks, is the topic of :ref:`module_weights_only`.
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
#    - `Reproducibility <https://docs.pytorch.org/docs/stable/notes/randomness.html>`__
#    - `torch.Generator <https://docs.pytorch.org/docs/stable/generated/torch.Generator.html>`__
