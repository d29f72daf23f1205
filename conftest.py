"""Make every doctest and test run with the device that TUTORIAL_DEVICE names in force.

``nox -s "doctest(cuda)"`` sets TUTORIAL_DEVICE=cuda, so each tensor a snippet makes lives on
the GPU and device mistakes surface; without a GPU that fails loudly in get_device.
"""

from __future__ import annotations

import os

import pytest
import torch


def pytest_configure(config: pytest.Config) -> None:
    if "TUTORIAL_DEVICE" in os.environ:
        from tutorial_utils import get_device

        torch.set_default_device(get_device())
