r"""
.. _overfitting_momentum_schedules:

Momentum
========

Momentum is a setting of the optimizer that lets the steps build up speed along a
consistent direction. This page compares gradient descent with and without momentum on a
stretched bowl and checks PyTorch's momentum update against the formula by hand.
Afterwards you can add momentum to a training loop. You should know gradient descent
(:ref:`regression_gradient_descent`).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Gradient descent, and momentum
# ------------------------------
#
# Plain gradient descent with learning rate :math:`\eta` takes the step
#
# .. math::
#
#    w \leftarrow w - \eta \nabla f(w)
#
# Momentum keeps a running sum :math:`v` of past gradients, shrunk by a factor
# :math:`\mu` (typically 0.9) at every step, and steps along it:
#
# .. math::
#
#    v \leftarrow \mu v + \nabla f(w), \qquad w \leftarrow w - \eta v
#
# .. in-the-notes::
#
#    The notes' ``w{k+1}=wk-\alpha \bigtriangledown f(w^k)`` is the first formula, with
#    :math:`\alpha` for the learning rate and its LaTeX lost; their momentum formula is
#    missing.
#
# Where successive gradients agree, :math:`v` grows up to :math:`\frac{1}{1 - \mu}` times a
# single gradient (10 times for :math:`\mu = 0.9`); where they flip sign from step to step,
# they partly cancel in :math:`v`. A long, narrow valley is where this pays: along its floor
# the gradients are small but keep their direction, so the steps there grow.
#
# The bowl :math:`f(w) = \frac{1}{2}\left(w_1^2 + 100 w_2^2\right)` is such a valley: 100
# times steeper along :math:`w_2` than along :math:`w_1`.

import matplotlib.pyplot as plt
import torch

from tutorial_utils import seed_everything
from tutorial_utils.ch08_toolbox import plot_paths

seed_everything(0)


def f(w):
    return 0.5 * (w[0] ** 2 + 100 * w[1] ** 2)


def descend(momentum, lr=0.018, steps=150):
    w = torch.tensor([-2.0, 0.5], requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr, momentum=momentum)
    path, losses = [w.detach().clone()], []
    for step in range(steps):
        loss = f(w)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        path.append(w.detach().clone())
    return torch.stack(path), losses


# %%
# The learning rate cannot be raised much for plain gradient descent: along :math:`w_2`
# each step multiplies the error by :math:`1 - 100 \eta`. Above :math:`\eta = 0.01` that
# factor is negative, so the error flips sign at every step; above
# :math:`\eta = \frac{2}{100} = 0.02` it is also larger than 1 in size, so the error grows.
# Just above that limit, the loss explodes.
#
# So both runs below use :math:`\eta = 0.018`, just under the limit. Along :math:`w_1`
# plain gradient descent then shrinks the error only by a factor
# :math:`1 - 0.018 = 0.982` per step. With momentum :math:`\mu = 0.9` the same learning rate
# goes much further in 150 steps.

_, too_fast = descend(momentum=0.0, lr=0.021)
print(f"lr 0.021, no momentum: loss {too_fast[0]:.1f} -> {too_fast[-1]:.3g}")
assert too_fast[-1] > 100 * too_fast[0]
path_plain, loss_plain = descend(momentum=0.0)
path_momentum, loss_momentum = descend(momentum=0.9)
print(f"loss after 150 steps: plain {loss_plain[-1]:.2e}, momentum {loss_momentum[-1]:.2e}")
assert loss_momentum[-1] < loss_plain[-1] / 100

# %%
# The paths show why. Plain gradient descent zigzags across the valley for a few steps
# (:math:`\eta` is close to its limit) and then creeps along the floor. Momentum builds up speed along the
# floor; like a ball rolling into a bowl it overshoots and swings back and forth, across
# the valley and past the minimum, but every swing is smaller than the last.

fig = plot_paths(f, {"SGD": path_plain, "SGD + momentum 0.9": path_momentum}, w1=(-2.2, 0.6), w2=(-0.6, 0.6),
                 title="f(w) = (w1² + 100·w2²) / 2, lr = 0.018")

# %%
# On a logarithmic scale the difference in the loss is a difference in slope: momentum
# converges at a faster rate, not just by a constant factor. Its loss is not monotone, it
# rises and falls with the swings, but the peaks fall steadily.

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(loss_plain, label="SGD")
ax.semilogy(loss_momentum, label="SGD + momentum 0.9")
ax.set(xlabel="step", ylabel="f(w)", title="Loss on the stretched bowl")
ax.legend()
fig.tight_layout()

# %%
# The update rule, checked by hand
# --------------------------------
#
# ``torch.optim.SGD(params, lr=η, momentum=μ)`` implements the two formulas above (with
# the default ``dampening=0`` and ``nesterov=False``); its buffer :math:`v` starts at zero,
# so the first step is a plain gradient step. Two steps, once with the optimizer and once
# by hand with the gradient :math:`\nabla f(w) = (w_1, 100 w_2)`, must agree.

lr, mu = 0.018, 0.9
w = torch.tensor([-2.0, 0.5], requires_grad=True)
optimizer = torch.optim.SGD([w], lr=lr, momentum=mu)
w_hand, v = w.detach().clone(), torch.zeros(2)
for step in range(2):
    optimizer.zero_grad()
    f(w).backward()
    optimizer.step()
    v = mu * v + torch.stack([w_hand[0], 100 * w_hand[1]])
    w_hand = w_hand - lr * v
    print(f"step {step + 1}: SGD {w.detach().tolist()}, by hand {w_hand.tolist()}")
    torch.testing.assert_close(w.detach(), w_hand)

# %%
# Some texts write momentum as :math:`v \leftarrow \mu v - \eta \nabla f(w)`,
# :math:`w \leftarrow w + v`. With a constant learning rate that is the same method (their
# :math:`v` is :math:`-\eta` times ours), but when a schedule changes :math:`\eta` the two
# differ slightly; PyTorch uses the form above.
#
# Summary
# -------
#
# - Momentum: ``torch.optim.SGD(params, lr=η, momentum=0.9)`` computes
#   :math:`v \leftarrow \mu v + \nabla f(w)`, :math:`w \leftarrow w - \eta v`; on the
#   stretched bowl it beat plain gradient descent with the same learning rate by orders of
#   magnitude.
#
# The other setting of the optimizer that changes how far training gets, a learning rate
# that falls as training goes on, is the topic of :ref:`overfitting_lr_schedules`.
#
# .. seealso::
#
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
#    - `torch.meshgrid <https://docs.pytorch.org/docs/stable/generated/torch.meshgrid.html>`__
