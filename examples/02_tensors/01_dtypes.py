"""
.. _tensors_dtypes:

Data types and devices
======================

This page shows what a tensor is, which element types (``dtype``) PyTorch offers, and how to
read and change the type and the device (CPU or GPU) of a tensor. Afterwards you will be
able to tell a scalar from a vector from a matrix by its ``dim()``, and to pick the right
``dtype`` and device for your data.
You only need a working installation (see :ref:`chapter_installation`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Scalars, vectors, matrices
# --------------------------
#
# A tensor is an n-dimensional array of numbers of a single type. The number of dimensions
# is returned by ``dim()``: a scalar has 0 dimensions, a vector 1, a matrix 2, and a batch
# of colour images 4. All of these are tensors; a 1-D tensor is called a *vector*.
#
# .. in-the-notes::
#
#    The notes call a 1-D tensor simply "a tensor". Its proper name is a *vector*; every
#    array above is a tensor.

import torch

from tutorial_utils import seed_everything

seed_everything(0)

scalar = torch.tensor(3.0)
vector = torch.tensor([1.0, 2.0, 3.0])
matrix = torch.ones(2, 3)
images = torch.zeros(4, 3, 28, 28)
print(scalar.dim(), vector.dim(), matrix.dim(), images.dim())
assert (scalar.dim(), vector.dim(), matrix.dim(), images.dim()) == (0, 1, 2, 4)

# %%
# No string type
# --------------
#
# Tensors hold numbers only; there is no tensor of Python strings. Text is turned into
# numbers first: each word becomes an integer index, and the index becomes a one-hot
# vector or, for large vocabularies, a learned vector from an embedding table
# (`torch.nn.Embedding <https://docs.pytorch.org/docs/stable/generated/torch.nn.Embedding.html>`__,
# or pretrained ones such as word2vec and GloVe).

vocabulary = ["cat", "dog", "fish"]
words = torch.tensor([vocabulary.index(w) for w in ["dog", "fish", "dog"]])
one_hot = torch.nn.functional.one_hot(words, num_classes=len(vocabulary))
print(one_hot)
assert one_hot.tolist() == [[0, 1, 0], [0, 0, 1], [0, 1, 0]]

# %%
# The data types
# --------------
#
# Every element of a tensor has the same ``dtype``. The most common ones are listed below.
# The last two columns are the *legacy tensor types*: older code names a type and a device
# together, such as ``torch.cuda.FloatTensor``. Current code uses the ``dtype`` and a separate
# ``device`` instead.
#
# .. csv-table::
#    :header: "Data", "dtype", "CPU legacy type", "GPU legacy type"
#
#    "32-bit float", "``torch.float32`` or ``torch.float``", "``torch.FloatTensor``", "``torch.cuda.FloatTensor``"
#    "64-bit float", "``torch.float64`` or ``torch.double``", "``torch.DoubleTensor``", "``torch.cuda.DoubleTensor``"
#    "8-bit unsigned integer", "``torch.uint8``", "``torch.ByteTensor``", "``torch.cuda.ByteTensor``"
#    "32-bit integer", "``torch.int32`` or ``torch.int``", "``torch.IntTensor``", "``torch.cuda.IntTensor``"
#    "64-bit integer", "``torch.int64`` or ``torch.long``", "``torch.LongTensor``", "``torch.cuda.LongTensor``"
#    "Boolean", "``torch.bool``", "``torch.BoolTensor``", "``torch.cuda.BoolTensor``"
#
# ``torch.tensor`` infers the ``dtype`` from the data: Python floats give ``float32``, Python
# ints give ``int64``, and ``True``/``False`` give ``bool``. ``.to(dtype)`` converts.

print(torch.tensor([1.5]).dtype, torch.tensor([1]).dtype, torch.tensor([True]).dtype)
assert torch.tensor([1.5]).dtype == torch.float32
assert torch.tensor([1]).dtype == torch.int64
assert torch.tensor([True]).dtype == torch.bool

x = torch.tensor([1.7, -2.7])
print(x.to(torch.float64).dtype, x.to(torch.int64))
assert x.to(torch.int64).tolist() == [1, -2]  # float to int drops the fraction

# %%
# Reading the type and the device
# -------------------------------
#
# Use ``a.dtype`` and ``a.device``. The legacy ``a.type()`` returns a string that mixes both,
# and ``isinstance(a, torch.FloatTensor)`` is true only for a ``float32`` tensor *on the CPU*:
# the same check is false for a GPU tensor, which is an easy way to write a bug. Both still
# work but are discouraged.

a = torch.randn(2, 3)
print(a.dtype, a.device, a.type(), isinstance(a, torch.FloatTensor))
assert a.dtype == torch.float32
on_cpu = a.device.type == "cpu"
assert a.type() == ("torch.FloatTensor" if on_cpu else "torch.cuda.FloatTensor")
assert isinstance(a, torch.FloatTensor) == on_cpu

# %%
# Legacy constructors
# -------------------
#
# ``torch.FloatTensor(2, 3)`` and ``torch.Tensor(2, 3)`` still exist. They are ambiguous
# (integers mean a *shape*, a list means *data*), they leave the memory uninitialised, and
# they always build on the CPU whatever the default device. Prefer ``torch.empty(2, 3)``
# when you really want uninitialised memory (its name says so), ``torch.zeros(2, 3)`` when
# you need defined values, and ``torch.tensor([2.0, 8.3])`` for data.

legacy = torch.FloatTensor(2, 3)
from_data = torch.FloatTensor([2.0, 8.3])
print(legacy.shape, legacy.device, from_data)
assert legacy.shape == (2, 3) and legacy.device.type == "cpu"
assert from_data.shape == (2,)

# %%
# Default dtype and default device
# --------------------------------
#
# The default type of new tensors has two halves, set separately: ``torch.set_default_dtype`` chooses the floating type that
# new tensors get, and ``torch.set_default_device`` the device that factory functions such
# as ``torch.zeros`` use. Both change global state, so restore the dtype when done; for a
# device that is needed only for a few lines, ``with torch.device(...)`` sets it temporarily.
#
# .. in-the-notes::
#
#    The notes use ``torch.set_default_tensor_type(torch.DoubleTensor)``, which is deprecated.
#    Use ``torch.set_default_dtype(torch.float64)`` instead.

previous_dtype = torch.get_default_dtype()
torch.set_default_dtype(torch.float64)
try:
    with torch.device("cuda" if torch.cuda.is_available() else "cpu"):
        b = torch.zeros(2)
    print(b.dtype, b.device)
    assert b.dtype == torch.float64
    assert b.device.type == ("cuda" if torch.cuda.is_available() else "cpu")
finally:
    torch.set_default_dtype(previous_dtype)
assert torch.zeros(2).dtype == torch.float32

# %%
# Moving between devices
# ----------------------
#
# ``a.to("cuda")`` or ``a.cuda()`` returns a *new* tensor, a copy in GPU memory; it does
# not move ``a`` and it is not a reference to it, so write ``a = a.cuda()``. Changing the
# copy leaves the original alone. If the tensor is already on the requested device, the same
# tensor is returned without copying.

c = torch.zeros(3, device="cpu")
assert c.to("cpu") is c
if torch.cuda.is_available():
    g = c.cuda()
    g += 1
    print(c, g)
    assert c.sum().item() == 0 and g.device.type == "cuda"

# %%
# Summary
# -------
#
# - A tensor's ``dim()`` is 0 for a scalar, 1 for a vector, 2 for a matrix.
# - Read ``a.dtype`` and ``a.device``; avoid ``a.type()`` and ``isinstance`` checks.
# - Create with ``torch.tensor`` or ``torch.empty``, not ``torch.FloatTensor(...)``.
# - ``torch.set_default_dtype`` and ``torch.set_default_device`` replace
#   ``torch.set_default_tensor_type``.
# - ``.cuda()`` and ``.to(device)`` return a copy; assign the result.
#
# .. seealso::
#
#    - `Tensor attributes (dtype, device) <https://docs.pytorch.org/docs/stable/tensor_attributes.html>`__
#    - `torch.tensor <https://docs.pytorch.org/docs/stable/generated/torch.tensor.html>`__
#    - `Tensor.to <https://docs.pytorch.org/docs/stable/generated/torch.Tensor.to.html>`__
#    - `torch.set_default_dtype <https://docs.pytorch.org/docs/stable/generated/torch.set_default_dtype.html>`__
#    - `torch.set_default_device <https://docs.pytorch.org/docs/stable/generated/torch.set_default_device.html>`__
#    - `torch.nn.functional.one_hot <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.one_hot.html>`__
