"""A Matplotlib stand-in for a Visdom dashboard, for runs without a server.

Introduced in the chapter on visualising training (``examples/07_visualising_training``, page
*Live training curves with Visdom*). The page logs through a small "board" with four methods;
with a Visdom server that board sends to it, without one :class:`MatplotlibBoard` draws the
same windows as Matplotlib figures, so the training code is the same either way.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch
from torchvision.utils import make_grid


class MatplotlibBoard:
    """Collect each window's points and draw them at the end; draw images and print text at once.

    It has the methods of the Visdom board on the page, with the same arguments.

    >>> board = MatplotlibBoard()
    >>> for step, loss in enumerate([2.3, 1.1, 0.7]):
    ...     board.line("train_loss", step, loss, "training loss", "step", "loss")
    >>> board.curves["train_loss"][:2]
    ([0, 1, 2], [2.3, 1.1, 0.7])
    >>> board.text("summary", ["3 steps", "last loss 0.7"])
    3 steps
    last loss 0.7
    >>> board.finish()
    >>> [plt.figure(n).axes[0].get_title() for n in plt.get_fignums()]
    ['training loss']
    >>> plt.close("all")
    """

    def __init__(self) -> None:
        self.curves: dict[str, tuple[list[float], list[float], dict[str, str]]] = {}

    def line(self, win: str, x: float, y: float, title: str, xlabel: str, ylabel: str) -> None:
        """Add the point ``(x, y)`` to the curve of window ``win`` (created at its first point)."""
        self.curves.setdefault(win, ([], [], dict(title=title, xlabel=xlabel, ylabel=ylabel)))
        self.curves[win][0].append(x)
        self.curves[win][1].append(y)

    def images(self, win: str, images: torch.Tensor, title: str) -> None:
        """Draw a batch ``[N, C, H, W]`` with values in [0, 1] as a grid, 8 images per row."""
        grid = make_grid(images.detach().cpu(), nrow=8, padding=2, pad_value=1.0)
        fig, ax = plt.subplots(figsize=(6, 3.4))
        ax.imshow(grid.permute(1, 2, 0).numpy())
        ax.set(title=title, xticks=[], yticks=[])
        fig.tight_layout()

    def text(self, win: str, lines: list[str]) -> None:
        """Print the lines (Visdom would show them as HTML in window ``win``)."""
        print("\n".join(lines))

    def finish(self) -> None:
        """Draw one figure per window of curves."""
        for xs, ys, labels in self.curves.values():
            fig, ax = plt.subplots(figsize=(6, 3.5))
            ax.plot(xs, ys, marker="o" if len(xs) < 10 else None)
            ax.set(**labels)
            ax.locator_params(axis="x", integer=True)
            ax.grid(alpha=0.3)
            fig.tight_layout()
