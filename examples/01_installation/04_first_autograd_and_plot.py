r"""
.. _install_first_autograd:

A first gradient and a first plot
=================================

This page lets PyTorch differentiate :math:`y = x^2` and checks the answer against the rule
:math:`\frac{dy}{dx} = 2x`, then plots both curves with Matplotlib. Afterwards you can ask PyTorch for a
derivative and draw tensors. You should have read :ref:`install_first_tensor`.

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Asking for a gradient
# ---------------------
#
# ``requires_grad=True`` tells PyTorch to record every operation done with a tensor, so that
# ``.backward()`` can later apply the chain rule: this is *automatic differentiation*
# (autograd). ``torch.linspace`` gives evenly spaced points, here 41 points from -2 to 2.

import torch

from tutorial_utils import get_device

device = get_device()
x = torch.linspace(-2.0, 2.0, 41, device=device, requires_grad=True)
y = x**2
print(y[:5])

# %%
# The ``grad_fn`` in the output shows that PyTorch recorded how these values were made.
# ``backward()`` starts from a single number, so sum the outputs first. The record is a
# graph: ``draw_grad_graph`` follows ``grad_fn`` from the sum back to ``x`` and draws what it
# finds, the input on the left and the output on the right. The blue box is the *leaf*
# ``x`` with its shape; the orange boxes are the backward functions autograd recorded,
# ``PowBackward0`` for ``x**2`` and ``SumBackward0`` for the sum. ``backward()`` walks the
# arrows from right to left.

from tutorial_utils.diagrams.graphs import draw_grad_graph, grad_graph

total = y.sum()
nodes, _ = grad_graph(total, {x: "x"})
print([node.label for node in nodes])
assert [node.label for node in nodes] == ["x", "PowBackward0", "SumBackward0"]
fig = draw_grad_graph(total, {x: "x"})

# %%
# Each ``y[i]`` depends on ``x[i]`` alone, so the gradient of the sum with respect to
# ``x[i]`` is the derivative of ``y[i]``:
#
# .. math::
#
#    \frac{\partial}{\partial x_i} \sum_{j} x_j^2 = 2 x_i .
#
# The result is stored in ``x.grad``, which should therefore equal ``2 * x``.

total.backward()
print(x.grad[:5])
torch.testing.assert_close(x.grad, 2 * x.detach())

# %%
# Plotting
# --------
#
# Matplotlib draws NumPy arrays on the CPU, so ``.detach()`` leaves the autograd record,
# ``.cpu()`` moves the data, and ``.numpy()`` converts it. When you run the script yourself,
# add ``plt.show()`` at the end to open the window.

import matplotlib.pyplot as plt

xs = x.detach().cpu().numpy()
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(xs, y.detach().cpu().numpy(), label="y = x²")
ax.plot(xs, x.grad.cpu().numpy(), label="dy/dx")
ax.plot(xs, 2 * xs, "k:", label="2x")
ax.set_xlabel("x")
ax.legend()
ax.set_title("y = x², dy/dx = 2x")
fig.tight_layout()

# %%
# The autograd curve lies exactly on the dotted line :math:`2x`.
#
# Summary
# -------
#
# - ``requires_grad=True`` makes PyTorch record operations; ``.backward()`` on a single
#   number fills ``.grad`` of the tensors it came from.
# - ``torch.testing.assert_close`` confirmed that autograd's gradient of :math:`x^2` is :math:`2x`.
# - ``.detach().cpu().numpy()`` turns a tensor into an array Matplotlib can draw.
#
# The chapter :ref:`chapter_tensors` comes next.
#
# .. seealso::
#
#    - ``torch.linspace``, ``torch.Tensor.backward``, ``torch.Tensor.grad``,
#      ``torch.Tensor.detach``, ``torch.Tensor.numpy``
#    - ``torch.testing.assert_close``
#    - `A gentle introduction to torch.autograd <https://docs.pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html>`__
#    - `Matplotlib's pyplot tutorial <https://matplotlib.org/stable/tutorials/pyplot.html>`__
