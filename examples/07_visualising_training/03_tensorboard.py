"""
.. _visualisation_tensorboard:

Logging to TensorBoard
======================

This page trains the network of :ref:`visualising_visdom_training` again and logs the same things
with TensorBoard, the more common dashboard today: the training loss after every step, the
test accuracy after every epoch, a batch of digits, and the model's graph. TensorBoard
needs no server while the network trains: a ``SummaryWriter`` writes everything into
files, and the page then reads those files back in Python, checks that they hold exactly
the logged values, and plots them. Afterwards you can log a run to TensorBoard, open it in
a browser, and read the numbers back for your own analysis. Read
:ref:`visualising_visdom_training` first.

Cut for speed: 3 epochs on ``TRAIN_SIZE = 4000`` training images. 4,000 is the whole training set of the offline sample and a fifteenth of full MNIST, so the
page takes the same steps whichever data the "Data:" line below names; set
``TRAIN_SIZE = None`` to train on every training image.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# Event files instead of a server
# -------------------------------
#
# ``torch.utils.tensorboard.SummaryWriter`` appends each value you log, with its tag and
# step, to an *event file* in a log directory. The ``tensorboard`` program, installed with
# ``pip install tensorboard`` (``SummaryWriter`` needs that package too), reads such
# directories and shows them in a browser. The two never talk to each other, so you can
# start TensorBoard before, during or long after training, and a run logs the same whether
# or not anyone watches.
#
# This page writes into a temporary directory that is deleted at the end, or, when the
# environment variable ``TUTORIAL_TB_LOGDIR`` names a directory, into that one, which it
# keeps. Without a ``log_dir``, ``SummaryWriter()`` picks ``runs/<date>_<machine>`` in
# the current folder, one folder per run.

import os
import tempfile
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader
from torch.utils.tensorboard import SummaryWriter

from tutorial_utils import evaluate, get_device, load_mnist, seed_everything
from tutorial_utils.diagrams.workflow import draw_logging_pipeline

seed_everything(0)
device = get_device()

tmp = None if os.environ.get("TUTORIAL_TB_LOGDIR") else tempfile.TemporaryDirectory()
logdir = Path(os.environ.get("TUTORIAL_TB_LOGDIR") or tmp.name)
writer = SummaryWriter(log_dir=str(logdir))
print("log_dir:", "temporary directory" if tmp else "TUTORIAL_TB_LOGDIR")

# %%
# Data and model
# --------------
#
# The data, network and optimizer of :ref:`visualising_visdom_training`.

TRAIN_SIZE = 4000  # None: train on every training image
data = load_mnist(train_size=TRAIN_SIZE)
generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
train_loader = DataLoader(data.train, batch_size=128, shuffle=True, generator=generator)
test_loader = DataLoader(data.test, batch_size=512)

model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 128), nn.ReLU(), nn.Linear(128, 10)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
print(len(train_loader), "steps per epoch")

# %%
# Images
# ------
#
# ``add_images(tag, images, step)`` stores a batch ``[N, C, H, W]`` with values in [0, 1];
# TensorBoard shows it as a grid. The normalisation is undone first, as for Visdom. Unlike
# Visdom, ``SummaryWriter`` takes tensors directly.

x, y = next(iter(test_loader))
digits = x[:32] * 0.3081 + 0.1307
writer.add_images("digits", digits, global_step=0)
print(digits.shape)

# %%
# The model's graph
# -----------------
#
# ``add_graph(model, example_input)`` runs the model once on the example input and records
# the layers and operations the input passes through; TensorBoard's "Graphs" tab draws
# them. It builds that record with ``torch.jit.trace``, which recent PyTorch versions
# deprecate in favour of ``torch.compile`` and ``torch.export``; there each call warns
# that "``torch.jit.trace`` is deprecated" (and "``torch.jit.trace_method`` is
# deprecated"), as a ``DeprecationWarning`` in some versions and a ``FutureWarning`` in
# newer ones, whatever model or input you give it (evaluation mode and a real input do
# not help). ``SummaryWriter`` has no other way to record a graph, so this page ignores
# exactly those two messages, and only during this one call; any other warning still
# shows.

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", r"`torch\.jit\.trace(_method)?` is deprecated")
    writer.add_graph(model, x[:1].to(device))

# %%
# Logging while training
# ----------------------
#
# ``add_scalar(tag, value, global_step)`` is the counterpart of ``viz.line`` with
# ``update='append'``: one call per point, and the tag names the curve. A slash in the tag
# groups curves into sections of the page (``loss/...``, ``accuracy/...``).

losses, accuracies, step = [], [], 0
for epoch in range(1, 4):
    model.train()
    for x, y in train_loader:
        loss = F.cross_entropy(model(x.to(device)), y.to(device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        writer.add_scalar("loss/train", loss.item(), global_step=step)
        step += 1
    accuracies.append(evaluate(model, test_loader, device))
    writer.add_scalar("accuracy/test", accuracies[-1], global_step=epoch)
    print(f"epoch {epoch}  test accuracy {accuracies[-1]:.4f}")

# %%
# ``SummaryWriter`` writes from a background thread and flushes to disk at least every two
# minutes (its ``flush_secs=120``); ``close()`` writes what is left and ends that thread.
# ``flush()`` writes without closing, for instance once per epoch. The log directory now
# holds one file, named ``events.out.tfevents.<time>.<machine>.<process id>.0``.

writer.close()
event_files = list(logdir.glob("events.out.tfevents.*"))
print(len(event_files), "event file,", event_files[0].stat().st_size, "bytes")
assert len(event_files) == 1

# %%
# Reading the event file back
# ---------------------------
#
# To see the run, start ``tensorboard --logdir <directory>`` in a terminal and open
# ``http://localhost:6006``; ``--logdir runs`` shows every run below ``runs`` side by
# side. The same files can also be read in Python with ``EventAccumulator``, the loader
# TensorBoard itself uses. By default it keeps a sample of at most 10,000 points per
# scalar tag and 4 per image tag; ``size_guidance`` with 0 keeps them all. ``Reload()``
# reads the files, and ``Tags()`` lists what they hold.

events = EventAccumulator(str(logdir), size_guidance={"scalars": 0, "images": 0})
events.Reload()
tags = events.Tags()
print({kind: tags[kind] for kind in ("scalars", "images", "graph")})
assert sorted(tags["scalars"]) == ["accuracy/test", "loss/train"]
assert tags["images"] == ["digits"] and tags["graph"]

# %%
# The whole path of a logged number, with the scalar tags just read back and the number of
# points each holds: the training loop calls ``add_scalar``, the writer appends to the
# event file, and both TensorBoard and ``EventAccumulator`` read that file.

counts = {tag: len(events.Scalars(tag)) for tag in tags["scalars"]}
draw_logging_pipeline(counts)
print(counts)
assert counts == {"loss/train": 3 * len(train_loader), "accuracy/test": 3}

# %%
# ``Scalars(tag)`` returns one record per logged point, with its ``step``, ``value`` and
# ``wall_time`` (when it was logged). The steps are the ones logged, and the values are
# the logged ones stored as 32-bit floats: converted to ``float32``, the logged values
# match them exactly, and the largest difference from the original 64-bit Python numbers
# is tiny, as printed.

loss_events = events.Scalars("loss/train")
acc_events = events.Scalars("accuracy/test")
read_losses = [e.value for e in loss_events]
read_accuracies = [e.value for e in acc_events]
print(len(loss_events), "loss points,", len(acc_events), "accuracy points")
print("accuracies read back:", [round(a, 4) for a in read_accuracies])
print("largest difference:", max(abs(a - b) for a, b in zip(read_losses + read_accuracies, losses + accuracies)))
assert [e.step for e in loss_events] == list(range(len(losses)))
assert [e.step for e in acc_events] == [1, 2, 3]
torch.testing.assert_close(torch.tensor(read_losses), torch.tensor(losses), rtol=0, atol=0)
torch.testing.assert_close(torch.tensor(read_accuracies), torch.tensor(accuracies), rtol=0, atol=0)

# %%
# The curves from the file
# ------------------------
#
# Drawn from the values read back, the curves are the ones TensorBoard shows: the loss of
# every step, and the accuracy after each epoch. The run above reached the accuracies
# printed before, far above the 0.1 of guessing.

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.5))
ax_loss.plot([e.step for e in loss_events], read_losses)
ax_loss.set(title="loss/train", xlabel="step", ylabel="loss")
ax_acc.plot([e.step for e in acc_events], read_accuracies, marker="o")
ax_acc.set(title="accuracy/test", xlabel="epoch", ylabel="accuracy", xticks=[e.step for e in acc_events])
for ax in (ax_loss, ax_acc):
    ax.grid(alpha=0.3)
fig.tight_layout()
print(f"train loss: first {read_losses[0]:.4f}, last {read_losses[-1]:.4f}")
assert sum(read_losses[-10:]) < 0.5 * sum(read_losses[:10])
assert read_accuracies[-1] > 0.8

# %%
# The temporary directory is removed; a directory named by ``TUTORIAL_TB_LOGDIR`` stays.

if tmp is not None:
    tmp.cleanup()
print("log directory kept:", logdir.exists())
assert logdir.exists() == (tmp is None)

# %%
# Summary
# -------
#
# - ``SummaryWriter(log_dir)`` writes event files; ``add_scalar``, ``add_images`` and
#   ``add_graph`` log curves, image grids and the model's graph; ``close()`` flushes them.
# - ``tensorboard --logdir <directory>`` shows them at ``http://localhost:6006``, during
#   or after training.
# - ``EventAccumulator(directory).Reload()`` reads them back in Python; the values come
#   back as ``float32``.
# - ``add_graph`` relies on ``torch.jit.trace``, which recent PyTorch versions deprecate,
#   and then warns on every call.
#
# .. seealso::
#
#    - `torch.utils.tensorboard <https://docs.pytorch.org/docs/stable/tensorboard.html>`__
#    - `Visualizing models, data, and training with TensorBoard <https://docs.pytorch.org/tutorials/intermediate/tensorboard_tutorial.html>`__
#    - `How to use TensorBoard with PyTorch <https://docs.pytorch.org/tutorials/recipes/recipes/tensorboard_with_pytorch.html>`__
#    - `torch.jit.trace <https://docs.pytorch.org/docs/stable/generated/torch.jit.trace.html>`__
#    - `warnings.catch_warnings <https://docs.python.org/3/library/warnings.html#warnings.catch_warnings>`__
