r"""
.. _overfitting_weight_decay:

Weight decay in the optimizer
=============================

``weight_decay`` is the optimizer's switch for L2 regularisation. This page checks what it
does to a step: that it equals the L2 penalty added to the loss, when it equals shrinking
the weights by a constant factor and why momentum breaks that, and how ``AdamW`` decays the
weights differently from ``Adam(..., weight_decay=λ)``. Afterwards you can choose between
them and know what the number you pass means. You should know the L2 penalty from
:ref:`overfitting_regularisation`.

The checks take single optimizer steps on a small network and 64 MNIST images, or five
steps on a tensor of four weights; the images come from the offline sample when full MNIST
cannot be downloaded (see the "Data:" line below).

Time budget: under 10 seconds on a 2-core CPU.
"""

# %%
# Setup
# -----
#
# The network of :ref:`overfitting_regularisation`, a hidden layer of 100 units;
# ``make_model()`` seeds the generators first, so every call returns the same weights. A
# batch of 64 training images is enough for single steps.

import torch
from torch import nn
from torch.nn import functional as F

from tutorial_utils import get_device, load_mnist, seed_everything

seed_everything(0)
device = get_device()

images, labels = load_mnist().train.tensors
x, y = images[:64].flatten(1).to(device), labels[:64].to(device)


def make_model():
    seed_everything(0)
    return nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10)).to(device)


# %%
# ``weight_decay`` is L2 on the gradient
# --------------------------------------
#
# ``torch.optim.SGD(..., weight_decay=λ)`` does not touch the loss. Before each step it adds
# :math:`\lambda w` to the gradient of every parameter of its group, which is exactly the
# gradient of :math:`\frac{\lambda}{2} \lVert w \rVert_2^2`. So one step with
# ``weight_decay`` must equal one plain step on the loss plus that penalty. Here the
# optimizer has a single group, so the sum runs over *all* parameters, biases included,
# which is PyTorch's default when no groups are given.

lam, lr = 0.01, 0.1
model_a, model_b = make_model(), make_model()
for model, decay, penalty in [(model_a, lam, 0.0), (model_b, 0.0, lam)]:
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, weight_decay=decay)
    optimizer.zero_grad()
    (F.cross_entropy(model(x), y) + penalty / 2 * sum(p.pow(2).sum() for p in model.parameters())).backward()
    optimizer.step()
for p_a, p_b in zip(model_a.parameters(), model_b.parameters()):
    torch.testing.assert_close(p_a, p_b)
print("SGD(weight_decay=lam) == SGD on loss + lam/2 * ||w||^2")

# %%
# Weight decay as shrinking, without momentum
# -------------------------------------------
#
# The name *weight decay* comes from plain SGD, where the penalty's gradient turns the step
# into a shrink of the weights followed by the ordinary step:
#
# .. math::
#
#    w \leftarrow w - \eta \left(\nabla L + \lambda w\right) = (1 - \eta \lambda)\, w - \eta \nabla L
#
# That equality holds for SGD *without* momentum. With momentum :math:`\mu`, PyTorch
# keeps a buffer :math:`v \leftarrow \mu v + \nabla L + \lambda w` and steps
# :math:`w \leftarrow w - \eta v`: the decay term goes into the buffer and is summed
# with the past ones, so the weights shrink more than :math:`1 - \eta \lambda` per step.
# The runs of :ref:`overfitting_regularisation` used momentum 0.9. A tensor of four weights and a fixed gradient check both
# cases over five steps: ``steps_with(..., by_hand=True)`` multiplies the weights by
# :math:`1 - \eta \lambda` and then takes an SGD step without ``weight_decay``.

w_start, grad = torch.tensor([1.0, -2.0, 0.5, 3.0]), torch.tensor([0.1, 0.2, -0.3, 0.0])


def steps_with(momentum, by_hand, steps=5):
    w = w_start.clone().requires_grad_()
    optimizer = torch.optim.SGD([w], lr=lr, momentum=momentum, weight_decay=0.0 if by_hand else lam)
    for step in range(steps):
        if by_hand:
            with torch.no_grad():
                w.mul_(1 - lr * lam)
        w.grad = grad.clone()
        optimizer.step()
    return w.detach()


torch.testing.assert_close(steps_with(0.0, by_hand=False), steps_with(0.0, by_hand=True))
decayed, shrunk = steps_with(0.9, by_hand=False), steps_with(0.9, by_hand=True)
print(f"momentum 0.9: ||w|| with weight_decay {decayed.norm():.4f}, shrunk by hand {shrunk.norm():.4f}")
assert (decayed - shrunk).abs().max() > 1e-4 and decayed.norm() < shrunk.norm()

# %%
# AdamW decays the weights separately
# -----------------------------------
#
# Adam keeps two running averages per weight, of the gradient :math:`g` and of its
# square, corrects them for starting at zero, and divides one by the square root of the
# other (step :math:`t`, defaults :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`):
#
# .. math::
#
#    \begin{aligned}
#    m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, &
#    v &\leftarrow \beta_2 v + (1 - \beta_2)\, g^2, \\
#    \hat{m} &= \frac{m}{1 - \beta_1^t}, &
#    \hat{v} &= \frac{v}{1 - \beta_2^t}, \\
#    w &\leftarrow w - \eta \frac{\hat{m}}{\sqrt{\hat{v}} + \epsilon}
#    \end{aligned}
#
# (this :math:`v` is Adam's second moment, not the momentum buffer). ``Adam(...,
# weight_decay=λ)`` adds :math:`\lambda w` to :math:`g`, so the decay is divided by
# :math:`\sqrt{\hat{v}}` like the rest of the gradient: weights with large gradients are
# barely decayed. ``AdamW`` instead *decouples* the decay: it multiplies each weight by
# :math:`1 - \eta \lambda` and then takes the ordinary Adam step. One step of each checks
# it: AdamW's step equals a plain Adam step minus :math:`\eta \lambda w`, and Adam with
# ``weight_decay`` gives something else.


def one_step(optimizer_class, **options):
    model = make_model()
    optimizer = optimizer_class(model.parameters(), lr=1e-3, **options)
    F.cross_entropy(model(x), y).backward()
    optimizer.step()
    return model[0].weight.detach()


w0 = make_model()[0].weight.detach()
plain, adamw = one_step(torch.optim.Adam), one_step(torch.optim.AdamW, weight_decay=0.1)
adam_l2 = one_step(torch.optim.Adam, weight_decay=0.1)
torch.testing.assert_close(adamw, plain - 1e-3 * 0.1 * w0)
print("largest difference, AdamW vs Adam(weight_decay):", (adamw - adam_l2).abs().max().item())
assert (adamw - adam_l2).abs().max() > 1e-4

# %%
# Summary
# -------
#
# - ``weight_decay=λ`` in an SGD optimizer is exactly the penalty
#   :math:`\frac{\lambda}{2} \lVert w \rVert_2^2` on the loss; without momentum it is also
#   exactly a shrink by :math:`1 - \eta \lambda` per step.
# - With Adam prefer ``AdamW``, whose decay acts on the weights directly instead of being
#   divided by :math:`\sqrt{\hat{v}}`.
#
# .. seealso::
#
#    - `torch.optim.SGD <https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html>`__
#    - `torch.optim.Adam <https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html>`__
#    - `torch.optim.AdamW <https://docs.pytorch.org/docs/stable/generated/torch.optim.AdamW.html>`__
#    - `torch.testing.assert_close <https://docs.pytorch.org/docs/stable/testing.html#torch.testing.assert_close>`__
