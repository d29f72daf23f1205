"""Choose the device the tutorial runs on.

Introduced in the chapter *Installation and first steps* (``examples/01_installation``).
"""

from __future__ import annotations

import os

import torch

#: The environment variable that picks the device: ``cpu``, ``cuda`` or ``auto``.
DEVICE_ENV = "TUTORIAL_DEVICE"
_CHOICES = ("auto", "cpu", "cuda")


def get_device(name: str | None = None) -> torch.device:
    """Return the device to run on.

    ``name`` (or, when it is ``None``, the environment variable ``TUTORIAL_DEVICE``,
    default ``"auto"``) is one of ``"cpu"``, ``"cuda"`` or ``"auto"``. ``"auto"``
    takes the GPU when PyTorch sees one and the CPU otherwise. ``"cuda"`` never
    falls back silently: without a usable GPU it raises, so a run that was meant
    to test the GPU cannot pass on the CPU by accident.

    >>> get_device("cpu")
    device(type='cpu')
    >>> get_device("auto").type in {"cpu", "cuda"}
    True
    >>> get_device("tpu")
    Traceback (most recent call last):
    ...
    ValueError: unknown device 'tpu': choose one of 'auto', 'cpu', 'cuda' (argument or TUTORIAL_DEVICE)
    """
    choice = (name if name is not None else os.environ.get(DEVICE_ENV, "auto")).strip().lower()
    if choice not in _CHOICES:
        raise ValueError(
            f"unknown device {choice!r}: choose one of 'auto', 'cpu', 'cuda' (argument or {DEVICE_ENV})"
        )
    if choice == "cuda":
        if not torch.cuda.is_available():
            raise RuntimeError(
                "a CUDA device was asked for but PyTorch sees none: install a CUDA build of torch "
                f"on a machine with an NVIDIA GPU, or set {DEVICE_ENV}=cpu"
            )
        return torch.device("cuda")
    if choice == "auto" and torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")
