"""
.. _module_weights_only:

Saving whole models, and why weights_only exists
================================================

This page saves a whole model object instead of its ``state_dict``, shows why
``torch.load`` refuses such a file by default, and shows harmlessly how loading a pickled
file can run code. Afterwards you know when ``weights_only=False`` is acceptable and why a
state_dict is the better file. You should know how to save and load a state_dict
(:ref:`module_saving`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Saving the whole model
# ----------------------
#
# ``torch.save(model, path)`` also works: it pickles the model object itself. Python's
# ``pickle`` stores an object as instructions for rebuilding it, such as "import this class
# from this module and call it". Such a file ties you to your code layout, and, worse,
# loading it runs whatever callables the file names. Since PyTorch 2.6, ``torch.load``
# defaults to ``weights_only=True``: it only rebuilds tensors, numbers, strings and plain
# containers, all that a state_dict or a checkpoint needs, and refuses the rest, such as a
# pickled ``nn.Sequential``.
#
# A file you made yourself is safe to load with ``weights_only=False``, and the whole
# model comes back. Prefer the state_dict anyway: it is smaller, readable with the safe
# default, and survives changes to your code. The files go into a temporary folder that is
# deleted at the end of the page.

import pickle
import tempfile
from pathlib import Path

import torch
from torch import nn

from tutorial_utils import get_device, seed_everything

seed_everything(0)
device = get_device()
model = nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1)).to(device)
x = torch.randn(8, 3, device=device)
tmp = tempfile.TemporaryDirectory()
folder = Path(tmp.name)


def weights_only_error(path):
    try:
        torch.load(path, weights_only=True)
    except pickle.UnpicklingError as error:
        line = next(s for s in str(error).splitlines() if "Unsupported global" in s)
        return "UnpicklingError: " + line.strip().split(" Please")[0]
    return None


torch.save(model, folder / "whole_model.pt")
print(weights_only_error(folder / "whole_model.pt"))
assert "torch.nn.modules.container.Sequential" in weights_only_error(folder / "whole_model.pt")
whole = torch.load(folder / "whole_model.pt", map_location=device, weights_only=False)
print(type(whole).__name__)
torch.testing.assert_close(whole(x), model(x))

# %%
# The danger, shown harmlessly
# ----------------------------
#
# An object controls how it is pickled through its ``__reduce__`` method, which returns a
# callable and its arguments; unpickling calls it. The class below names the harmless
# ``print``. A malicious file would name something like ``os.system`` with a shell command,
# and it would run the moment the file is loaded. ``weights_only=True``, and so the plain
# ``torch.load(path)``, refuses the file without calling anything.
#
# Only because we wrote this file ourselves and know it calls ``print``, here is what
# ``weights_only=False`` does with it: the call runs during loading, before your code sees
# any result, and what comes back is whatever that call returned (``print`` returns
# ``None``). Never load a file from an untrusted source with ``weights_only=False``.


class Harmless:
    def __reduce__(self):
        return (print, ("print() called while unpickling",))


torch.save(Harmless(), folder / "untrusted.pt")
print(weights_only_error(folder / "untrusted.pt"))
assert "GLOBAL print" in weights_only_error(folder / "untrusted.pt")
try:
    torch.load(folder / "untrusted.pt")
    refused_by_default = False
except pickle.UnpicklingError:
    refused_by_default = True
print("refused by default:", refused_by_default)
assert refused_by_default
result = torch.load(folder / "untrusted.pt", weights_only=False)
print("torch.load returned:", result)
assert result is None
tmp.cleanup()  # the temporary folder and its files
assert not folder.exists()

# %%
# Summary
# -------
#
# - ``torch.save(model, path)`` pickles the whole model; loading it needs
#   ``weights_only=False`` and the same code layout. Prefer saving the ``state_dict``.
# - ``torch.load`` uses ``weights_only=True`` by default since PyTorch 2.6; loading a full
#   pickle can run arbitrary code, so use ``weights_only=False`` only for files you trust.
#
# .. seealso::
#
#    - `Saving and loading models <https://docs.pytorch.org/tutorials/beginner/saving_loading_models.html>`__
#    - `torch.save <https://docs.pytorch.org/docs/stable/generated/torch.save.html>`__
#    - `torch.load <https://docs.pytorch.org/docs/stable/generated/torch.load.html>`__
#    - `Serialization semantics (weights_only) <https://docs.pytorch.org/docs/stable/notes/serialization.html>`__
