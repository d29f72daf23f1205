"""Small helpers for the PyTorch-from-zero tutorial.

Each helper is something a learner could write in a few lines; the chapters teach the
PyTorch API itself and use these only where the notes import them from a ``utils`` module.
"""

from tutorial_utils.data import MESSAGES as _DATA_MESSAGES
from tutorial_utils.data import MNISTData, data_dir, load_mnist, normalize_images
from tutorial_utils.device import get_device
from tutorial_utils.encoding import one_hot
from tutorial_utils.plotting import plot_curve, plot_image
from tutorial_utils.training import evaluate, fit, seed_everything

#: Templates of the lines the helpers print, so that a translated site can show them in its
#: language (``{0}``, ``{1}`` … stand for the values).
OUTPUT_MESSAGES: tuple[str, ...] = _DATA_MESSAGES

__all__ = [
    "OUTPUT_MESSAGES",
    "MNISTData",
    "data_dir",
    "evaluate",
    "fit",
    "get_device",
    "load_mnist",
    "normalize_images",
    "one_hot",
    "plot_curve",
    "plot_image",
    "seed_everything",
]
__version__ = "0.1.0"
