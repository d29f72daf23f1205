"""
.. _install_first_tensor:

A first tensor on your device
=============================

This page chooses a device (the CPU or an NVIDIA GPU), creates a first tensor there,
multiplies two matrices, and brings the result back to plain Python numbers. Afterwards you
can write code that runs unchanged with or without a GPU. You should have a working install,
checked in :ref:`install_checking`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Choosing the device
# -------------------
#
# Every tensor lives on a *device*: the CPU or a GPU. The usual PyTorch idiom is to take the
# GPU when there is one and the CPU otherwise:

import torch

plain_device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print("plain PyTorch picks:", plain_device)

# %%
# This course wraps that line in ``tutorial_utils.get_device()``, which also reads the
# environment variable ``TUTORIAL_DEVICE``: ``cpu`` forces the CPU, ``cuda`` demands the GPU
# (and fails loudly without one, rather than silently running on the CPU), and ``auto``, the
# default, is exactly the idiom above. For example, ``TUTORIAL_DEVICE=cpu python
# 03_first_tensor.py`` runs this page on the CPU even on a GPU machine.

import os

from tutorial_utils import get_device

print("TUTORIAL_DEVICE:", os.environ.get("TUTORIAL_DEVICE", "(not set, so auto)"))
device = get_device()
print("get_device() returns:", device)
assert get_device("auto") == plain_device

# %%
# A first tensor and a matrix product
# -----------------------------------
#
# ``torch.tensor`` builds a tensor from nested Python lists; ``device=`` says where it lives.
# The ``@`` operator is matrix multiplication, and the result is on the same device as its
# inputs.

a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], device=device)
b = torch.tensor([[5.0, 6.0], [7.0, 8.0]], device=device)
c = a @ b
print(c)
print("device:", c.device, "| dtype:", c.dtype, "| shape:", tuple(c.shape))

# %%
# By hand, the first entry is :math:`1 \cdot 5 + 2 \cdot 7 = 19`. ``torch.testing.assert_close``
# compares two tensors and explains any difference; the expected tensor is created on the
# same device, since it also checks that both tensors live in the same place. It raises an
# error when they differ and says nothing when they agree. ``torch.equal``, printed below,
# asks the stricter question whether every element is exactly equal; with these small
# whole numbers it is.

expected = torch.tensor([[19.0, 22.0], [43.0, 50.0]], device=c.device)
torch.testing.assert_close(c, expected)
print("torch.equal(c, expected):", torch.equal(c, expected))
assert torch.equal(c, expected)

# %%
# Moving data between devices
# ---------------------------
#
# ``.to(device)`` returns a copy on another device (or the tensor itself if it is already
# there), and ``.cpu()`` is short for ``.to("cpu")``. Printing, NumPy and Matplotlib need
# data on the CPU.

c_cpu = c.cpu()
c_back = c_cpu.to(device)
print("c_cpu is on", c_cpu.device, "| c_back is on", c_back.device)
assert c_cpu.device.type == "cpu" and c_back.device == c.device

# %%
# To leave PyTorch altogether, ``.item()`` turns a one-element tensor into a Python number
# and ``.tolist()`` turns any tensor into nested Python lists. Both copy the data to the
# CPU first, wherever the tensor lives.

total = c.sum().item()
rows = c.tolist()
print("total:", total, type(total).__name__)
print("rows: ", rows, type(rows).__name__)
assert total == 134.0 and rows == [[19.0, 22.0], [43.0, 50.0]]

# %%
# Mistakes and their errors
# -------------------------
#
# A misspelt device name fails at once with a message listing the valid choices. In
# ``get_device`` that is a ``ValueError``:

try:
    get_device("gpu")
except ValueError as error:
    message = str(error)
else:
    raise AssertionError("get_device('gpu') should have raised ValueError")
print("ValueError:", message)

# %%
# Plain ``torch.device`` rejects the same name with a ``RuntimeError`` that lists every
# device type PyTorch knows; the GPU of an NVIDIA card is called ``cuda``, never ``gpu``.

try:
    torch.device("gpu")
except RuntimeError as error:
    message = str(error)
else:
    raise AssertionError("torch.device('gpu') should have raised RuntimeError")
print("RuntimeError:", message)

# %%
# One operation cannot mix tensors on different devices: adding a CPU tensor to a GPU tensor
# raises a ``RuntimeError``, and the fix is to move one of them with ``.to``. The cell
# first prints whether a GPU is available where the page ran. With a GPU it then shows
# that error and the sum after ``.to``; without one, every tensor is on the CPU, devices
# cannot be mixed, and the cell prints nothing more.

print("CUDA available:", torch.cuda.is_available())
if torch.cuda.is_available():
    on_cpu = torch.ones(3, device="cpu")
    on_gpu = torch.ones(3, device="cuda")
    try:
        on_cpu + on_gpu
    except RuntimeError as error:
        print("RuntimeError:", error)
    else:
        raise AssertionError("mixing devices should have raised RuntimeError")
    print("after .to:", (on_cpu.to("cuda") + on_gpu).tolist())

# %%
# Summary
# -------
#
# - ``torch.device("cuda" if torch.cuda.is_available() else "cpu")`` picks the GPU when
#   there is one; ``tutorial_utils.get_device()`` does the same and honours ``TUTORIAL_DEVICE``.
# - ``torch.tensor(..., device=device)`` creates a tensor on a device; operations keep it there.
# - ``.to(device)`` and ``.cpu()`` move tensors; ``.item()`` and ``.tolist()`` give Python values.
# - All tensors in one operation must be on the same device.
#
# The next page, :ref:`install_first_autograd`, takes a first derivative; the chapter
# :ref:`chapter_tensors` covers tensors in depth.
#
# .. seealso::
#
#    - ``torch.device``, ``torch.cuda.is_available``, ``torch.tensor``
#    - ``torch.Tensor.to``, ``torch.Tensor.cpu``, ``torch.Tensor.item``, ``torch.Tensor.tolist``
#    - ``torch.testing.assert_close``
#    - ``tutorial_utils.get_device``
#    - `Tensor attributes: torch.device <https://docs.pytorch.org/docs/stable/tensor_attributes.html>`__
