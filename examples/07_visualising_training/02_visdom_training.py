"""
.. _visualising_visdom_training:

Watching a training run in Visdom
=================================

This page trains a small network on MNIST and sends what happens to a Visdom server while
it trains: the training loss after every step, the test accuracy after every epoch, a grid
of digits and a short text note. A browser page shows each curve growing as the values
arrive; without a server, Matplotlib draws the same curves and the same grid. Afterwards
you can log your own training runs to Visdom. You should know :ref:`visualisation_visdom`
(the server, ``connect`` and the board), the training loop of
:ref:`first_network_cross_entropy` and ``train()`` / ``eval()`` from :ref:`module_train_eval`.

Cut for speed: 3 epochs on ``TRAIN_SIZE = 4000`` training images. 4,000 is the whole
training set of the offline sample and a fifteenth of full MNIST, so the page takes the same
steps whichever data the "Data:" line below names; set ``TRAIN_SIZE = None`` to train on
every training image.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# Connecting, and the board
# -------------------------
#
# ``connect`` and ``VisdomBoard`` are those of :ref:`visualisation_visdom`, repeated so that
# the page runs on its own. ``connect`` returns a Visdom client, or ``None`` when no server
# answers within about two seconds; ``VisdomBoard`` sends lines, images and text to the
# client, and without a server ``MatplotlibBoard`` takes its place, with the same methods.
#
# The cell prints ``connected: False`` when no server answered; the same plots are then drawn
# with Matplotlib instead. When it prints ``True``, open the server's address in a browser
# and choose the environment printed below it.

import logging
import os
import socket
import warnings
from urllib.parse import urlparse

import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader
from visdom import Visdom

from tutorial_utils import evaluate, get_device, load_mnist, seed_everything
from tutorial_utils.ch07_logging import MatplotlibBoard

seed_everything(0)
device = get_device()

server = os.environ.get("VISDOM_SERVER", "http://localhost")
port = int(os.environ.get("VISDOM_PORT", "8097"))
env = os.environ.get("VISDOM_ENV", "pytorch_from_zero")
print(f"Visdom server: {server}:{port}")


def connect(server, port, env):
    host = urlparse(server if "://" in server else f"http://{server}").hostname
    logging.getLogger("visdom").setLevel(logging.ERROR)
    try:
        socket.create_connection((host, port), timeout=1).close()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "The 'warn' method is deprecated", DeprecationWarning)
            viz = Visdom(server=server, port=port, env=env, use_incoming_socket=False, raise_exceptions=True)
    except OSError:  # nothing listens there; ConnectionError is an OSError too
        return None
    return viz if viz.check_connection(timeout_seconds=0.5) else None


viz = connect(server, port, env)
print("connected:", viz is not None)
if viz is not None:
    print("environment:", env)


class VisdomBoard:
    def __init__(self, viz, env):
        self.viz, self.env, self.windows = viz, env, set()

    def line(self, win, x, y, title, xlabel, ylabel):
        opts = dict(title=title, xlabel=xlabel, ylabel=ylabel)
        update = "append" if win in self.windows else None
        self.viz.line(Y=[y], X=[x], win=win, env=self.env, update=update, opts=opts)
        self.windows.add(win)

    def images(self, win, images, title):
        self.viz.images(images.detach().cpu().numpy(), nrow=8, win=win, env=self.env, opts=dict(title=title))

    def text(self, win, lines):
        self.viz.text("<br>".join(lines), win=win, env=self.env)

    def finish(self):
        self.viz.save([self.env])


board = VisdomBoard(viz, env) if viz is not None else MatplotlibBoard()
print("logging to", type(board).__name__)

# %%
# Data, model and a grid of digits
# ---------------------------------
#
# The data loaders of :ref:`first_network_data` with batches of 128, and a network with
# one hidden layer of 128 units, trained with cross-entropy and Adam. The board's first
# window is a grid of 32 test digits. ``viz.images`` expects pixel values in [0, 1] (or
# integers 0 to 255), and the loaded images are normalised with the mean 0.1307 and
# standard deviation 0.3081 of the MNIST pixels, so the grid first undoes that:
# ``x * 0.3081 + 0.1307``.

TRAIN_SIZE = 4000  # None: train on every training image
data = load_mnist(train_size=TRAIN_SIZE)
generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
train_loader = DataLoader(data.train, batch_size=128, shuffle=True, generator=generator)
test_loader = DataLoader(data.test, batch_size=512)

model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 128), nn.ReLU(), nn.Linear(128, 10)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
print(len(train_loader), "steps per epoch")
x, y = next(iter(test_loader))
digits = x[:32] * 0.3081 + 0.1307
print(digits.shape, round(digits.min().item(), 4), round(digits.max().item(), 4))
assert digits.min() >= -1e-6 and digits.max() <= 1 + 1e-6
board.images("digits", digits, title="32 test digits")

# %%
# Logging while training
# ----------------------
#
# The training loop of the earlier chapters, with two calls added: after every step the
# loss goes to the ``train_loss`` window, at x = the number of steps taken so far; after
# every epoch the test accuracy goes to the ``test_acc`` window. ``loss.item()`` turns the
# loss into a Python number, which also keeps the computation graph from being held on to.

losses, accuracies, step = [], [], 0
for epoch in range(1, 4):
    model.train()
    for x, y in train_loader:
        loss = F.cross_entropy(model(x.to(device)), y.to(device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        board.line("train_loss", step, loss.item(), "training loss", "step", "loss")
        if step % 16 == 0:
            print(f"step {step:3d}  loss {loss.item():.4f}")
        step += 1
    accuracies.append(evaluate(model, test_loader, device))
    board.line("test_acc", epoch, accuracies[-1], "test accuracy", "epoch", "accuracy")
    print(f"epoch {epoch}  test accuracy {accuracies[-1]:.4f}")

# %%
# The end of the run
# ------------------
#
# ``viz.text`` is handy for what a curve cannot show, such as the settings of a run and
# its result. Then ``finish`` saves the Visdom environment, or, without a server, draws the
# two curves: the loss of every step, and the accuracy after each epoch.

board.text("summary", [
    f"model: {sum(p.numel() for p in model.parameters())} parameters, Adam lr=1e-3, batch 128",
    f"after {len(accuracies)} epochs: test accuracy {accuracies[-1]:.4f}",
])
board.finish()

# %%
# The training loss window received one point per step, and the test accuracy window one
# per epoch. The run above ended with the numbers printed below: a last loss far below
# the first one (which is near :math:`\ln 10 \approx 2.30`, the loss of an untrained network that
# guesses), and a test accuracy far above the 0.1 of guessing.

print(f"train_loss: {len(losses)} points, first {losses[0]:.4f}, last {losses[-1]:.4f}")
print("test_acc:", [round(a, 4) for a in accuracies])
assert len(losses) == 3 * len(train_loader) and len(accuracies) == 3
assert abs(losses[0] - 2.30) < 0.3
assert sum(losses[-10:]) / 10 < 0.5 * sum(losses[:10]) / 10
assert accuracies[-1] > 0.8

# %%
# Summary
# -------
#
# - Send a value after every step (``board.line("train_loss", step, loss.item(), ...)``) and
#   after every epoch (the test accuracy); ``loss.item()`` turns the loss into a Python
#   number.
# - ``viz.text`` keeps the settings and result of a run next to its curves, and
#   ``viz.save([env])`` at the end keeps them on the server's disk.
#
# :ref:`visualisation_tensorboard` logs the same kind of run with TensorBoard, which
# writes files instead of talking to a server.
#
# .. seealso::
#
#    - `Visdom (GitHub, README with the full API) <https://github.com/fossasia/visdom>`__
#    - `torchvision.utils.make_grid <https://docs.pytorch.org/vision/stable/generated/torchvision.utils.make_grid.html>`__
#    - `torch.nn.functional.cross_entropy <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.cross_entropy.html>`__
#    - `torch.optim.Adam <https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html>`__
#    - `torch.Tensor.item <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.item.html>`__
