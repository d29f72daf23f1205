"""
.. _install_checking:

Checking the install
====================

This page asks PyTorch which version and which build it is, and whether it can see a GPU.
Afterwards you can tell a CPU build from a CUDA build and find out why a GPU is not used.
You should have installed ``torch`` and ``torchvision`` as in :ref:`install_virtual_environment`.

Most of this page's time is the first ``import torch``, which loads several hundred
megabytes of libraries: a few seconds usually, but more on the first run after a restart,
when those files are not yet in the disk cache.

Time budget: under 30 seconds on a 2-core CPU.
"""

# %%
# Versions
# --------
#
# ``torch.__version__`` and ``torchvision.__version__`` are strings such as ``2.7.1`` or
# ``2.7.1+cu126``. The part after ``+``, when there is one, names the build: ``cpu`` for a
# CPU-only build, ``cu126`` for one built against CUDA 12.6. ``torchvision`` must come from
# the same release as ``torch``, which is why both are installed with one command.

import torch
import torchvision

print("torch:      ", torch.__version__)
print("torchvision:", torchvision.__version__)

# %%
# Both versions should parse as numbers, and this course needs ``torch`` 2.4 or newer.
# Comparing the strings as text would get this wrong (``"2.10"`` sorts before ``"2.4"``), so
# compare the numbers.


def major_minor(version: str) -> tuple[int, int]:
    major, minor = version.split("+")[0].split(".")[:2]
    return int(major), int(minor)


print("torch (major, minor):", major_minor(torch.__version__))
print("torchvision (major, minor):", major_minor(torchvision.__version__))
assert major_minor(torch.__version__) >= (2, 4), "this course needs torch 2.4 or newer"

# %%
# CUDA and cuDNN
# --------------
#
# ``torch.version.cuda`` is the CUDA version this build of PyTorch was compiled against, or
# ``None`` for a CPU-only build. It says nothing about the machine: a CUDA build on a laptop
# without an NVIDIA GPU still reports its CUDA version. Whether a GPU can actually be used is
# what ``torch.cuda.is_available()`` answers; it needs a CUDA build, an NVIDIA GPU and a
# working driver. ``torch.backends.cudnn.is_available()`` says whether cuDNN, NVIDIA's
# library for neural-network layers, is part of the build.

print("built with CUDA:      ", torch.version.cuda)
print("CUDA available:       ", torch.cuda.is_available())
print("cuDNN in this build:  ", torch.backends.cudnn.is_available())

# %%
# The GPU, if there is one
# ------------------------
#
# When a GPU is available, ``torch.cuda.get_device_name`` and
# ``torch.cuda.get_device_properties`` describe it, and the output below gives their
# name and memory. Without one, the output names the kind of build instead: ``CUDA build,
# no usable GPU`` when ``torch.version.cuda`` names a CUDA version but no GPU can be used,
# ``CPU-only build`` when it is ``None``. Either way everything then runs on the CPU.

if torch.cuda.is_available():
    print("GPUs visible:", torch.cuda.device_count())
    props = torch.cuda.get_device_properties(0)
    print("GPU 0:", torch.cuda.get_device_name(0))
    print(f"memory: {props.total_memory / 1024**3:.1f} GiB")
elif torch.version.cuda is not None:
    print("GPU: none (CUDA build, no usable GPU)")
else:
    print("GPU: none (CPU-only build)")

# %%
# If you have an NVIDIA GPU and see ``False`` above, the usual causes are a CPU-only build
# (``torch.version.cuda`` is ``None``: reinstall from a CUDA index, see
# :ref:`install_virtual_environment`) or a missing or too old NVIDIA driver (``nvidia-smi``
# in a terminal should list the GPU).
#
# Apple silicon
# -------------
#
# On Macs with Apple silicon, PyTorch can use the GPU through Metal Performance Shaders
# (MPS). The check exists on every platform and is ``False`` everywhere else. This course
# runs on the CPU or on CUDA; MPS is shown here only so you know what your Mac offers.

print("MPS available:", torch.backends.mps.is_available())

# %%
# A quick sanity check
# --------------------
#
# A tiny computation confirms that the installed library actually works on the CPU.

ones = torch.ones(3, device="cpu")
print(ones.sum())
assert ones.sum().item() == 3.0

# %%
# Summary
# -------
#
# - ``torch.__version__`` gives the version; a ``+cpu`` or ``+cuXXX`` suffix names the build.
# - ``torch.version.cuda`` is the CUDA version of the build (``None`` for CPU-only);
#   ``torch.cuda.is_available()`` says whether a GPU can be used right now.
# - ``torch.cuda.get_device_name`` and ``torch.cuda.get_device_properties`` describe the
#   GPU; ``torch.backends.mps.is_available()`` covers Apple silicon.
#
# Next, :ref:`install_first_tensor` puts a tensor on the device you have.
#
# .. seealso::
#
#    - ``torch.__version__``, ``torchvision.__version__``, ``torch.version.cuda``
#    - ``torch.cuda.is_available``, ``torch.cuda.device_count``,
#      ``torch.cuda.get_device_name``, ``torch.cuda.get_device_properties``
#    - ``torch.backends.cudnn.is_available``, ``torch.backends.mps.is_available``
#    - `PyTorch's install selector <https://pytorch.org/get-started/locally/>`__
#    - `CUDA semantics in the PyTorch documentation <https://docs.pytorch.org/docs/stable/notes/cuda.html>`__
