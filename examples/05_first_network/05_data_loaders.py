"""
.. _first_network_loaders:

Data loaders, measured
======================

A ``DataLoader`` turns a dataset into batches. This page measures the options that matter:
the batch size, a reproducible shuffle, worker processes, pinned memory and the short last
batch, and ends with the loss as a module, ``nn.CrossEntropyLoss``. Afterwards you can
choose loader settings knowing what each costs. You should know :ref:`datasets_and_loaders`,
whose dataset and transforms the loaders read, and :ref:`first_network_cross_entropy`.

Cut for speed: the page works on the first ``SUBSET = 2000`` training images.

Time budget: under 30 seconds on a 2-core CPU.
"""

# %%
# The data, on the CPU
# --------------------
#
# Preparing data is CPU work, and the worker processes below must not touch the GPU, so the
# page makes the CPU the default device until its end (this matters only in a script that
# made the GPU the default); batches go to the GPU with ``.to(device)``.
#
# ``subset`` is the dataset of :ref:`datasets_and_loaders`, repeated so that the page runs on
# its own: the bytes of the first ``SUBSET`` images in a ``DigitDataset`` whose
# ``transforms.v2`` pipeline turns each one back into a normalised tensor as it is read.

import multiprocessing
import os

import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader, Dataset, Subset
from torchvision.transforms import v2

from tutorial_utils import get_device, load_mnist, seed_everything
from tutorial_utils.ch05_pipeline import run_epoch

seed_everything(0)
device = get_device()
old_default = torch.get_default_device()
torch.set_default_device("cpu")

SUBSET = 2000
data = load_mnist()
images, labels = data.train.tensors
print(data.source, tuple(images.shape), images.dtype)


class DigitDataset(Dataset):
    def __init__(self, images, labels, transform=None):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        image = self.images[index] if self.transform is None else self.transform(self.images[index])
        return image, self.labels[index]


pixels = ((images[:SUBSET] * 0.3081 + 0.1307) * 255).round().to(torch.uint8).squeeze(1)
pipeline = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.1307,), (0.3081,))])
subset = DigitDataset(pixels, labels[:SUBSET], transform=pipeline)
torch.testing.assert_close(subset[SUBSET - 1][0], images[SUBSET - 1])

# %%
# Batch size
# ----------
#
# Each loader from here on reads ``subset``, transforming every image as it is read;
# ``run_epoch`` (from ``tutorial_utils``) times one pass. A batch of :math:`B` images of
# :math:`28 \times 28` ``float32`` pixels takes :math:`B \cdot 784 \cdot 4` bytes. The batch
# size sets that and the number of steps per epoch; every image is read once per epoch either
# way, as the counts confirm. The times are one epoch each, on the machine that built this page.

for batch_size in [32, 512]:
    seconds, batches = run_epoch(DataLoader(subset, batch_size=batch_size))
    n_bytes = batches[0][0].numel() * 4
    print(f"batch_size {batch_size:>3}: {len(batches):>2} batches, {n_bytes:>7} bytes each, {seconds:.2f} s")
    assert len(batches) == -(-SUBSET // batch_size) and n_bytes == batch_size * 784 * 4
    assert sum(len(y) for _, y in batches) == SUBSET

# %%
# Shuffling, reproducibly
# -----------------------
#
# ``shuffle=True`` draws a new order at the start of every epoch from the loader's
# ``generator``. Seeded, the orders repeat: two loaders seeded with 0 give the same first
# batch in epoch 1 and in epoch 2, the two epochs differ, and the seed 1 gives other orders.
# The indices come from loaders over ``range(SUBSET)``, which is also a dataset.

loaders = [DataLoader(range(SUBSET), batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(seed))
           for seed in [0, 0, 1]]
order, again, other = ([next(iter(loader)).tolist() for epoch in range(2)] for loader in loaders)
print("epoch 1:", order[0])
print("epoch 2:", order[1])
assert order == again and order[0] != order[1] and order != other

# %%
# Worker processes
# ----------------
#
# With ``num_workers=2``, two other processes read and transform images while the main
# process takes the finished batches. That pays when the work per image is heavy and cores
# are free; it costs starting the processes every epoch (``persistent_workers=True`` keeps
# them), sending each batch between processes, and memory per worker. So which is faster
# depends on the machine and its load: compare the two times printed, next to the number of
# cores. Both give the same batches. The workers start with ``fork`` (Linux, macOS), which
# copies the dataset into them; with ``spawn``, the only method on Windows, the dataset class
# must live in an importable module and the loop under ``if __name__ == "__main__":``.

fork = "fork" in multiprocessing.get_all_start_methods()
print("cores:", os.cpu_count(), " fork:", fork)
epochs = {}
for workers in [0, 2] if fork else [0]:
    loader = DataLoader(subset, batch_size=256, num_workers=workers,
                        multiprocessing_context="fork" if workers else None)
    seconds, epochs[workers] = run_epoch(loader)
    print(f"num_workers {workers}: {seconds:.2f} s")
assert all(torch.equal(a[1], b[1]) for a, b in zip(epochs[0], epochs[max(epochs)]))

# %%
# Pinned memory, and the last batch
# ---------------------------------
#
# ``pin_memory=True`` puts each batch in page-locked memory, from which a copy to a CUDA GPU
# is faster and can overlap with computation (``.to(device, non_blocking=True)``). It means
# something only with a CUDA device, so the page turns it on only then; the first line shows
# the device and whether the batch came out pinned.
#
# When the batch size :math:`B` does not divide the number of images :math:`N`, the last
# batch holds the :math:`N - B \left\lfloor N / B \right\rfloor` images left over.
# ``drop_last=True`` skips it, so every step sees a full batch (a small one gives a noisier
# step), at the cost of those images in each epoch. The counts use ``load_mnist()``'s
# ``TensorDataset``.

pin = device.type == "cuda"
x, y = next(iter(DataLoader(subset, batch_size=256, pin_memory=pin)))
print(f"device {device.type}, pin_memory {pin}, pinned {x.is_pinned()}")
assert x.is_pinned() == pin
x, y = x.to(device, non_blocking=pin), y.to(device, non_blocking=pin)
for drop_last in [False, True]:
    sizes = [len(y) for _, y in DataLoader(Subset(data.train, range(SUBSET)), batch_size=256, drop_last=drop_last)]
    print(f"drop_last {drop_last!s:<5}: {len(sizes)} batches, last {sizes[-1]}, images {sum(sizes)}")
    assert len(sizes) == (SUBSET // 256 if drop_last else -(-SUBSET // 256))
    assert sizes[-1] == (256 if drop_last or SUBSET % 256 == 0 else SUBSET % 256)

# %%
# ``nn.CrossEntropyLoss`` and ``F.cross_entropy``
# -----------------------------------------------
#
# A loss can also be a module, ``criterion = nn.CrossEntropyLoss()``, called as
# ``criterion(logits, y)``; :ref:`first_network_cross_entropy` called the function
# ``F.cross_entropy``. The module stores its options (``weight``, ``ignore_index``,
# ``label_smoothing``, ``reduction``) and calls the function, so the values are equal. Use the
# module when the loss is a setting handed to other code, the function when you call it in
# one place. The last line puts the default device back.

seed_everything(0)
logits = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 10)).to(device)(x)
criterion = nn.CrossEntropyLoss()
print(criterion(logits, y).item(), F.cross_entropy(logits, y).item())
torch.testing.assert_close(criterion(logits, y), F.cross_entropy(logits, y))
smooth = nn.CrossEntropyLoss(label_smoothing=0.1)
torch.testing.assert_close(smooth(logits, y), F.cross_entropy(logits, y, label_smoothing=0.1))
torch.set_default_device(None if old_default.type == "cpu" else old_default)

# %%
# Summary
# -------
#
# - ``DataLoader``: ``batch_size`` sets steps and memory per batch, a seeded ``generator``
#   repeats the shuffle, ``num_workers`` trades process overhead for parallel reading,
#   ``pin_memory`` helps only copies to a CUDA GPU, ``drop_last`` skips a short last batch.
# - ``nn.CrossEntropyLoss()`` is the loss as a module: it keeps its options and gives the
#   values of ``F.cross_entropy``.
#
# .. seealso::
#
#    - `torch.utils.data <https://docs.pytorch.org/docs/stable/data.html>`__
#    - `torch.nn.CrossEntropyLoss <https://docs.pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html>`__
