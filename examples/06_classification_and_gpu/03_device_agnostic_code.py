"""
.. _classification_device:

Device-agnostic code: one script for the CPU and the GPU
========================================================

This page shows how to name and choose a device, what ``.to`` returns for a tensor and for
a module, what PyTorch does when model and data sit on different devices (it refuses, with
an error shown below), and how to time a training step fairly on the CPU and, where there
is one, on the GPU. Afterwards you can write training code that runs unchanged on either,
and measure whether the GPU pays off. You should know the training loop of
:ref:`first_network_mse` and the network of :ref:`classification_hand_made`. Without a GPU,
the page prints ``GPU: none`` where the GPU timings would be.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# Naming a device
# ---------------
#
# A ``torch.device`` names where a tensor lives: a type (``"cpu"``, ``"cuda"`` for an NVIDIA
# GPU, and a few others) and, for GPUs, an index when the machine has several. Creating the
# name needs no GPU; only putting data there does.
#
# Choosing the device
# -------------------
#
# ``torch.cuda.is_available()`` says whether PyTorch sees a usable GPU; the common idiom is
# ``torch.device("cuda" if torch.cuda.is_available() else "cpu")``. This site's
# ``get_device()`` also reads the environment variable ``TUTORIAL_DEVICE`` (``cpu``,
# ``cuda`` or ``auto``) and raises for ``cuda`` without a GPU. Every later line uses
# ``device`` and never names ``"cuda"``: that makes the code device-agnostic.

import os

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from torch.utils import benchmark

from tutorial_utils import get_device, seed_everything
from tutorial_utils.diagrams.workflow import draw_devices

seed_everything(0)

gpu0 = torch.device("cuda", 0)
print(torch.device("cpu"), gpu0, gpu0.type, gpu0.index)
assert gpu0 == torch.device("cuda:0") and gpu0.index == 0
has_gpu = torch.cuda.is_available()
device = get_device()
print(f"GPU available: {has_gpu}; TUTORIAL_DEVICE={os.environ.get('TUTORIAL_DEVICE', '(unset)')}; "
      f"running on: {device}")
if has_gpu:
    print("GPU:", torch.cuda.get_device_name(0))
assert device.type in {"cpu", "cuda"} and (has_gpu or device.type == "cpu")
assert os.environ.get("TUTORIAL_DEVICE") != "cpu" or device.type == "cpu"

# %%
# Moving a tensor: ``.to`` returns a copy
# ---------------------------------------
#
# The examples below need a second device to move things to: ``cuda`` with a GPU, else the
# ``meta`` device, whose tensors have a shape and a dtype but no data: nothing is computed,
# but PyTorch checks devices exactly as it would for a GPU. For a tensor, ``.to(other)``
# returns a *new* tensor on the other device and leaves the original where it was; when the
# tensor is already there, it returns the tensor itself. A bare ``x.to(device)`` on its own
# line does nothing useful: write ``x = x.to(device)``. The drawing, made from the tensors'
# real ``.device``, shows each device's memory as a box: ``x`` stays in the CPU's, its copy
# sits in the other one (on ``meta`` without values: question marks).
#
# .. in-the-notes::
#
#    The notes sum up GPU training in one line: ``.to(device)`` puts the computation on the
#    GPU. It returns a copy of a tensor, which you must assign, and model and data must both move.

other = torch.device("cuda") if has_gpu else torch.device("meta")
print("second device for the examples:", other)
x = torch.ones(2, 3, device="cpu")
moved = x.to(other)
print(f"x on {x.device}, the result on {moved.device}, same object: {moved is x}")
print("x.to('cpu') is x:", x.to("cpu") is x)
assert x.device.type == "cpu" and moved.device.type == other.type and moved is not x and x.to("cpu") is x
draw_devices({"x": x, "moved": moved}, copies=[("x", "moved")])

# %%
# Moving a module: ``.to`` works in place
# ---------------------------------------
#
# For an ``nn.Module``, ``.to`` moves every parameter and buffer in place and returns the
# module itself, so ``model.to(device)`` alone is enough, and ``model = model.to(device)``
# does no harm. Move the model first, then create its optimizer, on the parameters where
# they will stay.
#
# When model and data disagree
# ----------------------------
#
# PyTorch never moves data behind your back. A model whose weights are on the CPU, given a
# batch on the other device, stops with a ``RuntimeError`` that names both devices (the
# genuine message, caught and printed below). The fix is to put both on the same device;
# then the call goes through.

layer = nn.Linear(3, 2, device="cpu")
returned = layer.to(other)
print(f"same object: {returned is layer}; weight on {layer.weight.device}")
assert returned is layer and layer.weight.device.type == other.type
model = nn.Linear(3, 2, device="cpu")
batch = torch.ones(4, 3, device=other)
message = None
try:
    model(batch)
except RuntimeError as error:
    message = str(error)
print(f"model on cpu, batch on {other.type}:\nRuntimeError:", message)
assert message is not None and "cpu" in message and other.type in message
out = model.to(other)(batch)
print(out.shape, out.device)
assert out.device.type == other.type and out.shape == (4, 2)

# %%
# The default device
# ------------------
#
# Factory functions such as ``torch.zeros`` and the layers that create parameters use the
# *default device* when no ``device=`` is given: the CPU, unless
# ``torch.set_default_device(...)`` changed it for the whole program, or a
# ``with torch.device(...):`` block for a few lines (this site's GPU check runs every page
# with ``torch.set_default_device("cuda")``). It is no substitute for ``.to(device)``:
# tensors that come from elsewhere (NumPy arrays, files) stay where they were made.
#
# A device-agnostic training step
# -------------------------------
#
# Put together: create the model on ``device`` (or anywhere, then ``.to(device)``), then
# the optimizer, and move each batch with ``x, y = x.to(device), y.to(device)`` inside the
# loop. ``make_mlp`` builds the 784 → 200 → 200 → 10 network of
# :ref:`classification_hand_made` directly on a given device. One step on a batch of 512:

before = torch.get_default_device()
with torch.device("meta"):
    made_here = torch.zeros(3)
    from_numpy = torch.from_numpy(np.zeros(3))
print(f"inside the block: zeros on {made_here.device}, from_numpy on {from_numpy.device}")
print("default after the block:", torch.get_default_device())
assert made_here.device.type == "meta" and from_numpy.device.type == "cpu"
assert torch.get_default_device() == before


def make_mlp(device):
    with torch.device(device):
        return nn.Sequential(nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10))


def training_step(model, optimizer, x, y):
    loss = F.cross_entropy(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


model = make_mlp(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
x, y = torch.randn(512, 784), torch.randint(0, 10, (512,))
x, y = x.to(device), y.to(device)
loss = training_step(model, optimizer, x, y)
print(f"loss {loss.item():.3f} on {loss.device}")
assert loss.device.type == device.type and all(p.device.type == device.type for p in model.parameters())

# %%
# Timing a step fairly
# --------------------
#
# Three things make a naive ``time.time()`` around one call misleading. The first calls are
# slower (memory is allocated, GPU kernels are loaded), so a few warm-up steps come first.
# One run is noisy, so the timer repeats the step and reports the median. And GPU calls are
# *asynchronous*: Python gets control back as soon as the work is queued, so the clock must
# wait with ``torch.cuda.synchronize()`` until the GPU has finished.
# ``torch.utils.benchmark.Timer`` does the last two: ``blocked_autorange`` repeats the
# statement for at least ``min_run_time`` seconds, synchronising the GPU around each block;
# ``num_threads`` gives it as many CPU threads as PyTorch uses. Each timing builds its own
# model and batch on an explicit device, even where the default device is the GPU.
#
# The same on the GPU, where there is one. A network this small on a batch of 512 gives a
# GPU little to do: much of each step is the fixed cost of launching one small computation
# after another, so the speed-up can be modest. A batch 16 times larger, with more work per
# launch, shows how the GPU's advantage changes with the batch size. Timings depend on the
# machine and its load, so the page prints them and checks nothing about their ratio.


def time_step(device, batch_size=512):
    seed_everything(0)
    model = make_mlp(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(batch_size, 784, device=device), torch.randint(0, 10, (batch_size,), device=device)
    for _ in range(5):
        training_step(model, optimizer, x, y)
    timer = benchmark.Timer(
        stmt="training_step(model, optimizer, x, y)", num_threads=torch.get_num_threads(),
        globals={"training_step": training_step, "model": model, "optimizer": optimizer, "x": x, "y": y})
    return timer.blocked_autorange(min_run_time=0.5)


def describe(measurement):
    return (f"median {measurement.median * 1e3:.3f} ms per step "
            f"(interquartile range {measurement.iqr * 1e3:.3f} ms, {len(measurement.times)} measurements)")


cpu_time = time_step(torch.device("cpu"))
print(f"CPU, {torch.get_num_threads()} threads: {describe(cpu_time)}")
assert cpu_time.median > 0
if has_gpu:
    gpu_time = time_step(torch.device("cuda"))
    print(f"GPU: {describe(gpu_time)}")
    print(f"speed-up, CPU median / GPU median: {cpu_time.median / gpu_time.median:.1f}")
    big_cpu, big_gpu = time_step(torch.device("cpu"), 8192), time_step(torch.device("cuda"), 8192)
    print(f"batch 8192  CPU: {describe(big_cpu)}")
    print(f"batch 8192  GPU: {describe(big_gpu)}")
    print(f"speed-up with batch 8192: {big_cpu.median / big_gpu.median:.1f}")
    assert gpu_time.median > 0 and big_gpu.median > 0
else:
    print("GPU: none")

# %%
# Getting batches to the GPU faster
# ---------------------------------
#
# When the data set lives on the CPU, every batch is copied to the GPU. Two options make
# those copies cheaper on a CUDA machine: ``DataLoader(..., pin_memory=True)`` puts each
# batch in *page-locked* CPU memory, from which the GPU copies faster, and
# ``x.to(device, non_blocking=True)`` lets the copy run while Python goes on queueing work.
# On a CPU-only machine leave them out. For data as small as the MNIST sample, the simplest
# speed-up is to move the whole data set to the GPU once.
#
# Summary
# -------
#
# - ``torch.device("cuda" if torch.cuda.is_available() else "cpu")`` (or this site's
#   ``get_device()``) picks the device once; everything else refers to ``device``.
# - ``tensor.to(device)`` returns a new tensor: reassign it. ``module.to(device)`` moves
#   the module in place and returns it; create the optimizer afterwards.
# - Model and data must be on the same device: PyTorch raises a ``RuntimeError`` naming
#   both devices instead of moving anything silently.
# - ``torch.set_default_device`` and ``with torch.device(...)`` change where new tensors are
#   created, not where existing ones are.
# - Time with warm-up, repetitions and GPU synchronisation (``torch.utils.benchmark.Timer``).
#
# .. seealso::
#
#    - `torch.device <https://docs.pytorch.org/docs/stable/tensor_attributes.html#torch.device>`__
#    - `torch.cuda.is_available <https://docs.pytorch.org/docs/stable/generated/torch.cuda.is_available.html>`__
#    - `torch.Tensor.to <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.to.html>`__
#    - `torch.nn.Module.to <https://docs.pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.to>`__
#    - `torch.set_default_device <https://docs.pytorch.org/docs/stable/generated/torch.set_default_device.html>`__
#    - `torch.get_default_device <https://docs.pytorch.org/docs/stable/generated/torch.get_default_device.html>`__
#    - `Meta device <https://docs.pytorch.org/docs/stable/meta.html>`__
#    - `torch.utils.benchmark.Timer <https://docs.pytorch.org/docs/stable/benchmark_utils.html>`__
#    - `torch.cuda.synchronize <https://docs.pytorch.org/docs/stable/generated/torch.cuda.synchronize.html>`__
#    - `CUDA semantics (pinned memory, non_blocking) <https://docs.pytorch.org/docs/stable/notes/cuda.html>`__
