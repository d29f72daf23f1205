"""Concept diagrams, drawn with Matplotlib from the page's own tensors and modules.

Each chapter draws at least one picture of an idea while its page runs, so the picture is true
to the numbers on the page, reproducible, and translated like every other figure. One module
per kind of picture; each function returns the ``Figure`` it drew and refuses data that
disagree with what it would draw.

* ``tables``: tensors as tables of their values: broadcasting, ``permute``, ``gather`` (chapter 2).
* ``descent``: one step of gradient descent on the page's function (chapter 3).
* ``graphs``: the graph autograd recorded (chapters 1, 4) and layered networks, with the units a
  real dropout mask removed (chapters 5, 8).
* ``workflow``: devices and copies (chapter 6), the logging pipeline (chapter 7), data splits
  and folds (chapter 8), a module tree (chapter 10).
* ``conv``: the convolution window with its worked sum, padding, stride, channels, pooling and
  a shifted digit (chapter 9).
* ``arch``: LeNet-5's layer stack and feature maps, residual and Inception blocks (chapter 9).
"""

from tutorial_utils.diagrams.arch import (draw_feature_maps, draw_inception_block, draw_layer_stack,
                                          draw_residual_block)
from tutorial_utils.diagrams.conv import (draw_channel_sum, draw_conv_window, draw_padding_stride, draw_pointwise,
                                          draw_pooling, draw_shift)
from tutorial_utils.diagrams.descent import draw_descent_step
from tutorial_utils.diagrams.graphs import draw_grad_graph, draw_network
from tutorial_utils.diagrams.tables import draw_broadcast, draw_gather, draw_permute, draw_tensor
from tutorial_utils.diagrams.workflow import (draw_devices, draw_folds, draw_logging_pipeline, draw_module_tree,
                                              draw_split)

__all__ = [
    "draw_broadcast", "draw_channel_sum", "draw_conv_window", "draw_descent_step", "draw_devices",
    "draw_feature_maps", "draw_folds", "draw_gather", "draw_grad_graph", "draw_inception_block",
    "draw_layer_stack", "draw_logging_pipeline", "draw_module_tree", "draw_network", "draw_padding_stride",
    "draw_permute", "draw_pointwise", "draw_pooling", "draw_residual_block", "draw_shift", "draw_split",
    "draw_tensor",
]
