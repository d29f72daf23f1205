"""
.. _visualisation_visdom:

Visdom: a server for live plots
===============================

Visdom is a small plotting server: a training script sends it values, and a browser page
shows each curve growing as the values arrive. This page starts a server, checks whether
one is running, and builds the board that :ref:`visualising_visdom_training` logs a
training run to: curves, a grid of digits and a short text note. When no server is running,
the page says so (``connected: False`` in its output), and the board draws the same plots
with Matplotlib instead. Afterwards you can start a Visdom server, tell whether one is
running, and create and extend its windows. You need only Python and a terminal.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# .. admonition:: Installing Visdom
#    :class: note
#
#    Visdom 0.2.4 comes only as source code, and building it needs ``pkg_resources``, which
#    setuptools removed in version 82. Install an older setuptools first (below 81, which
#    does not even warn) and build with it, not in a fresh build environment that would fetch
#    the newest one (this project's ``noxfile.py`` does the same)::
#
#        pip install "setuptools<81" wheel
#        pip install --no-build-isolation visdom==0.2.4
#
# .. in-the-notes::
#
#    The notes install Visdom with a plain ``pip install visdom``. That build now fetches the
#    newest setuptools and fails because ``pkg_resources`` is missing.
#
# Starting a server
# -----------------
#
# Visdom has two halves: a server, a small web application that keeps every plot, and a
# Python client that your training script uses to send data to it. Start the server in a
# terminal of its own and leave it running::
#
#     python -m visdom.server
#
# It prints ``You can navigate to http://localhost:8097``; open that address in a browser.
# The very first start downloads the JavaScript and CSS files that the browser page needs
# (Plotly, React, Bootstrap) into the Visdom package, so it needs the internet once.
# ``-port 8098`` picks another port; ``-bind_local`` refuses connections from other machines.
#
# This page finds the server through three environment variables: ``VISDOM_SERVER`` (the
# address, default ``http://localhost``), ``VISDOM_PORT`` (default ``8097``) and
# ``VISDOM_ENV``, the name of the Visdom *environment*, a separate tab of plots, that this
# run fills (default ``pytorch_from_zero``).

import logging
import os
import socket
import warnings
from urllib.parse import urlparse

from visdom import Visdom

from tutorial_utils.ch07_logging import MatplotlibBoard

server = os.environ.get("VISDOM_SERVER", "http://localhost")
port = int(os.environ.get("VISDOM_PORT", "8097"))
env = os.environ.get("VISDOM_ENV", "pytorch_from_zero")
print(f"Visdom server: {server}:{port}")

# %%
# Is a server running?
# --------------------
#
# Without a server, every call of a ``Visdom`` client prints a traceback. ``connect`` below
# checks first, within about two seconds, and returns ``None`` when nobody answers:
#
# - ``socket.create_connection`` with a 1-second timeout checks that something listens at
#   the address at all; the Visdom client itself waits without a time limit.
# - ``raise_exceptions=True`` makes a failed request raise ``ConnectionError`` instead of
#   printing a traceback and carrying on.
# - ``use_incoming_socket=False`` skips the back channel over which the browser reports
#   clicks and key presses; plotting does not need it, and no background thread is left
#   waiting for the server.
# - ``check_connection(timeout_seconds=0.5)`` asks whether it is a Visdom server that works.
#
# Two lines quiet Visdom 0.2.4 itself: its logger reports routine steps (such as "Setting up
# a new session...") as warnings, and, without the back channel, its constructor calls the
# deprecated ``warn`` method of the logger; that one ``DeprecationWarning`` is ignored.
#
# The cell prints ``connected: False`` when no server answered; the same plots are then drawn
# with Matplotlib instead. When it prints ``True``, open the server's address in a browser
# and choose the environment printed below it.
#
# .. in-the-notes::
#
#    The notes create ``Visdom()`` and start plotting without checking for a server.


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

# %%
# Windows, and appending to them
# ------------------------------
#
# Every plot in Visdom lives in a *window* named by the ``win`` argument. A call with a
# ``win`` that does not exist yet creates the window; a call with an existing ``win`` and
# no ``update`` replaces its content; ``update='append'`` adds the new points to the
# curve. ``VisdomBoard.line`` below creates the window from the first real point and
# appends every later one. Starting without ``update`` also clears the curve that an earlier
# run left in the same window; appending from the start would continue it.
#
# Visdom takes NumPy arrays or Python lists. It also accepts tensors, but version 0.2.4
# then checks for the ``Variable`` wrapper of PyTorch before 0.4 and issues a
# ``DeprecationWarning`` for every tensor, so ``images`` converts with ``.cpu().numpy()``.
# ``viz.images`` arranges a batch ``[N, 1, H, W]`` in a grid, ``nrow`` images per row, and
# ``viz.text`` shows a piece of HTML. ``viz.save([env])`` at the end asks the server to
# write the environment to disk (a JSON file in ``~/.visdom`` by default), so it is still
# there after the server restarts.
#
# Without a server, ``MatplotlibBoard`` from ``tutorial_utils`` takes its place. It has the
# same four methods: it draws one figure per window in ``finish``, draws the image grid at
# once with ``torchvision.utils.make_grid`` (rows of 8, as ``viz.images``), and prints the
# text. Whichever board the script gets, the training code calls the same methods.
#
# .. in-the-notes::
#
#    The notes first draw a made-up point ``viz.line([0.], [0.], win='train_loss')`` to
#    create the window, then append ``[loss.item()]`` at ``[global_step]``. That made-up loss
#    of 0 sits at the start of the curve.


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
# Summary
# -------
#
# - Start a server with ``python -m visdom.server`` (the first start needs the internet)
#   and open ``http://localhost:8097``; check for it before logging, as ``connect`` does.
# - ``Visdom(server=..., port=..., env=..., use_incoming_socket=False,
#   raise_exceptions=True)`` connects without a background thread and raises when the
#   server is gone.
# - ``viz.line(Y=[y], X=[x], win=name)`` creates or replaces a window, and with
#   ``update='append'`` adds points to it; ``viz.images`` and ``viz.text`` show pictures
#   and text; ``viz.save([env])`` keeps the environment on the server's disk.
# - Pass NumPy arrays or numbers, not tensors, to Visdom 0.2.4.
#
# :ref:`visualising_visdom_training` logs a training run to this board.
#
# .. seealso::
#
#    - `Visdom (GitHub, README with the full API) <https://github.com/fossasia/visdom>`__
#    - `torchvision.utils.make_grid <https://docs.pytorch.org/vision/stable/generated/torchvision.utils.make_grid.html>`__
