"""
.. _tensors_where_gather:

Selecting with where and gather
===============================

This page shows two operations that build a new tensor by picking, element by element,
from other tensors: ``torch.where`` chooses between two tensors with a condition, and
``torch.gather`` looks values up by index along one dimension.
Afterwards you will be able to replace element-wise ``if`` statements and to turn predicted
class indices into labels without a Python loop.
It assumes you know ``topk`` and comparisons (see :ref:`tensors_statistics`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# ``torch.where``
# ---------------
#
# ``torch.where(condition, x, y)`` takes the element of ``x`` where ``condition`` is
# ``True`` and the element of ``y`` where it is ``False``. The three arguments broadcast,
# so ``x`` or ``y`` may also be a plain number.

import torch

from tutorial_utils import seed_everything

seed_everything(0)

cond = torch.tensor([[0.6, 0.7], [0.8, 0.4]])
a = torch.zeros(2, 2)
b = torch.ones(2, 2)
picked = torch.where(cond > 0.5, a, b)
print(picked)
assert picked.tolist() == [[0.0, 0.0], [0.0, 1.0]]

# %%
# With a number as the third argument, ``where`` writes
# :math:`\operatorname{ReLU}(x) = \max(0, x)`, the activation function of the next
# chapters, in one line.

x = torch.randn(3, 4)
relu = torch.where(x > 0, x, 0.0)
print(relu)
assert torch.equal(relu, torch.relu(x)) and bool((relu >= 0).all())

# %%
# With the condition alone, ``torch.where(condition)`` returns the coordinates of the
# ``True`` elements, one index tensor per dimension.

rows, cols = torch.where(cond > 0.5)
print(rows, cols)
assert rows.tolist() == [0, 0, 1] and cols.tolist() == [0, 1, 0]

# %%
# ``torch.gather``
# ----------------
#
# ``torch.gather(input, dim, index)`` returns a tensor of the same shape as ``index``. Along
# ``dim`` it reads the position given by ``index``, and along the other dimensions it stays
# where it is: for a 2-D input and ``dim=1``, ``out[i][j] = input[i][index[i][j]]``.
#
# A classifier gives 4 samples a score for each of 10 classes, and the classes have labels
# 100 to 109. ``topk`` returns the positions of the 3 best classes per sample; ``gather``
# looks up their labels. ``input`` and ``index`` must have the same number of dimensions, so
# the row of labels is expanded to 4 rows first (without copying). The indices ``topk``
# returns are already ``int64``, the type ``gather`` needs.
#
# .. in-the-notes::
#
#    The notes convert the indices with ``.long()`` first. That is not needed: ``topk``
#    already returns ``int64``.

prob = torch.randn(4, 10)
idx = prob.topk(3, dim=1).indices
label = torch.arange(10) + 100
top_labels = torch.gather(label.expand(4, 10), dim=1, index=idx)
print(idx, top_labels, sep="\n")
assert idx.dtype == torch.int64 and top_labels.shape == idx.shape
assert torch.equal(top_labels, idx + 100)
assert top_labels[2, 1] == label[idx[2, 1]]

# %%
# The figure draws these three tables with their real values. The source is coloured by its
# column, the position along ``dim=1`` (numbered above it). Each index cell takes the colour
# of the column it names, and so does the output cell it produces: output and source cells of
# one colour hold the same label, and each output cell stays in its own row.

from tutorial_utils.diagrams.tables import draw_gather

fig = draw_gather(label.expand(4, 10), 1, idx)

# %%
# The same pattern picks, for every sample, the probability that the model gave to its
# *true* class, the quantity a classification loss works with. The target has one index per
# row, so it gets a size-1 dimension with ``unsqueeze`` and loses it again with ``squeeze``.

probs = torch.nn.functional.softmax(prob, dim=1)
target = torch.tensor([3, 0, 9, 3])
p_true = probs.gather(1, target.unsqueeze(1)).squeeze(1)
print(p_true)
assert p_true.shape == (4,)
torch.testing.assert_close(p_true, probs[torch.arange(4), target])

# %%
# Summary
# -------
#
# - ``torch.where(cond, x, y)`` chooses element by element; ``torch.where(cond)`` returns
#   the coordinates of the ``True`` elements.
# - ``torch.gather(input, dim, index)`` returns the shape of ``index`` and reads
#   ``input`` at those positions along ``dim``.
#
# .. seealso::
#
#    - `torch.where <https://docs.pytorch.org/docs/stable/generated/torch.where.html>`__
#    - `torch.gather <https://docs.pytorch.org/docs/stable/generated/torch.gather.html>`__
#    - `torch.topk <https://docs.pytorch.org/docs/stable/generated/torch.topk.html>`__
#    - `torch.nn.functional.softmax <https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.softmax.html>`__
