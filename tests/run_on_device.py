"""Run one gallery script as ``__main__`` with ``torch.set_default_device`` in force.

Usage: ``python tests/run_on_device.py {cpu,cuda} path/to/example.py``. The device goes
through :func:`tutorial_utils.get_device`, so asking for ``cuda`` without a GPU fails loudly.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

import matplotlib
import torch

from tutorial_utils import get_device


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: python tests/run_on_device.py {cpu,cuda} path/to/example.py")
    device = get_device(argv[0])
    script = Path(argv[1]).resolve()
    if not script.is_file():
        raise SystemExit(f"no such example: {script}")
    matplotlib.use("Agg")
    os.environ["TUTORIAL_DEVICE"] = device.type
    torch.set_default_device(device)
    sys.argv = [str(script)]
    os.chdir(script.parent)
    runpy.run_path(str(script), run_name="__main__")
    print(f"ok: {script.name} on {device}")


if __name__ == "__main__":
    main(sys.argv[1:])
