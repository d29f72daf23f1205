r"""
.. _overfitting_augmentation_training:

Training with data augmentation
===============================

This page puts the augmentation pipeline of :ref:`overfitting_augmentation` into a
``Dataset``, so that every image gets its own random draw in every epoch, makes the draws
reproducible, and trains the same network with and without augmentation. Afterwards you
know where in the data path augmentation belongs and what to expect from it. You should
know the transforms of :ref:`overfitting_augmentation` and the validation and test sets of
:ref:`overfitting_splits`.

Cut for speed: the comparison trains a small fully connected network for 20 epochs on
500 training images and compares on 1,000 validation images.

Time budget: under 20 seconds on a 2-core CPU.
"""

# %%
# Setup
# -----
#
# The normalised MNIST images from ``load_mnist`` and the pipeline of
# :ref:`overfitting_augmentation`: small rotations, shifts, zooms and noise, with new pixels
# filled with the background value. Its geometric transforms draw their random parameters
# once per call, so the pipeline has to be called on each image separately.

import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader, Dataset
from torchvision.transforms import v2

from tutorial_utils import evaluate, get_device, load_mnist, seed_everything

seed_everything(0)
device = get_device()

data = load_mnist()
images, labels = (t.to(device) for t in data.train.tensors)
background = images.min().item()
augment = v2.Compose([
    v2.RandomRotation(10, fill=background),
    v2.RandomCrop(28, padding=2, fill=background),
    v2.RandomResizedCrop(28, scale=(0.8, 1.0), ratio=(0.9, 1.1)),
    v2.GaussianNoise(sigma=0.2, clip=False),
])

# %%
# Per-image augmentation in a Dataset
# -----------------------------------
#
# The usual place for the per-image call is the dataset's ``__getitem__``: the
# ``DataLoader`` asks for one image at a time and stacks the results into a batch, so
# every image gets its own draw, and a new one in every epoch. This is what the
# ``transform`` argument of the torchvision datasets does.


class AugmentedImages(Dataset):
    def __init__(self, images, labels, transform=None):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        image = self.images[i]
        if self.transform is not None:
            image = self.transform(image)
        return image, self.labels[i]


# %%
# Random, but reproducible
# ------------------------
#
# The v2 transforms draw their parameters from PyTorch's random generator, so
# ``seed_everything`` makes them reproducible: two runs from the same seed produce
# identical augmented batches.


def one_batch():
    generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
    dataset = AugmentedImages(images[:64], labels[:64], augment)
    return next(iter(DataLoader(dataset, batch_size=64, shuffle=True, generator=generator)))[0]


seed_everything(0)
first = one_batch()
seed_everything(0)
second = one_batch()
print(torch.equal(first, second), first.shape)
assert torch.equal(first, second)

# %%
# Training with and without augmentation
# --------------------------------------
#
# The comparison trains the same fully connected network (784 → 200 → 200 → 10, as on
# :ref:`overfitting_dropout`, without dropout) twice on the same 500 training images, from
# the same initial weights, with Adam for 20 epochs: once on the plain images, once
# through ``augment``. Both are then measured on the plain training images and on 1,000
# validation images, other images of the training split. Comparing the two runs is a
# decision, so it is made on the validation set; the test set waits until the end, as on
# :ref:`overfitting_splits`.

train_images, train_labels = images[:500], labels[:500]
val_loader = DataLoader(AugmentedImages(images[500:1500], labels[500:1500]), batch_size=1000)
print(len(train_labels), len(val_loader.dataset))
assert len(train_labels) == 500 and len(val_loader.dataset) == 1000


def train(transform):
    seed_everything(0)
    model = nn.Sequential(
        nn.Flatten(), nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10)
    ).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator(device=torch.get_default_device()).manual_seed(0)
    loader = DataLoader(AugmentedImages(train_images, train_labels, transform), batch_size=50,
                        shuffle=True, generator=generator)
    for _ in range(20):
        model.train()
        for x, y in loader:
            loss = F.cross_entropy(model(x.to(device)), y.to(device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return model


models = {"plain": train(None), "augmented": train(augment)}
plain_train = DataLoader(AugmentedImages(train_images, train_labels), batch_size=500)
results = {name: (evaluate(model, plain_train, device), evaluate(model, val_loader, device))
           for name, model in models.items()}

# %%
# Without augmentation the network learns the 500 images perfectly and the validation
# accuracy lags far behind. With augmentation it never sees exactly the same image twice,
# fits the training images less tightly, and the gap between training and validation
# accuracy is clearly smaller.
#
# The augmented network's validation accuracy is never more than a few points below the plain
# one's (at most 5), and it may be above it: the difference is printed
# below. Do not expect augmentation to win on accuracy in every run this short: the
# augmented images are harder to fit, as the lower training accuracy shows, and 20 epochs
# are few for that. What it does reliably is narrow the gap, which leaves room to train
# longer or use a larger network before overfitting sets in.

print(f"{'':<10}{'train acc':>10}{'val acc':>10}{'gap':>8}")
for name, (train_acc, val_acc) in results.items():
    print(f"{name:<10}{train_acc:>10.3f}{val_acc:>10.3f}{train_acc - val_acc:>8.3f}")
gap = {name: train_acc - val_acc for name, (train_acc, val_acc) in results.items()}
assert results["plain"][0] > 0.99 and results["augmented"][0] < results["plain"][0]
assert gap["augmented"] < gap["plain"] - 0.03
difference = results["augmented"][1] - results["plain"][1]
print(f"validation accuracy, augmented minus plain: {difference:+.3f}")
assert difference > -0.05

# %%
# The test set, once
# ------------------
#
# The run with the higher validation accuracy is the one we keep; only that model is
# measured on the test set, once, at the end. Its test accuracy is close to its validation
# accuracy (within 5 points), since neither set was used to train it.

chosen = max(results, key=lambda name: results[name][1])
test_acc = evaluate(models[chosen], DataLoader(data.test, batch_size=1000), device)
print(f"chosen: {chosen}, validation {results[chosen][1]:.3f}, test {test_acc:.3f}")
assert abs(test_acc - results[chosen][1]) < 0.05

# %%
# Summary
# -------
#
# - A geometric v2 transform draws one set of random parameters per call, for the whole
#   batch; apply it per image, in the dataset's ``__getitem__``, so that every image gets
#   its own.
# - The transforms use PyTorch's random generator: seeding makes them reproducible.
# - Compare runs on the validation set; measure the chosen model on the test set once.
#
# .. seealso::
#
#    - `Transforming images with torchvision.transforms.v2 <https://docs.pytorch.org/vision/stable/transforms.html>`__
#    - `torch.utils.data.Dataset <https://docs.pytorch.org/docs/stable/data.html#torch.utils.data.Dataset>`__
#    - `torch.utils.data.DataLoader <https://docs.pytorch.org/docs/stable/data.html#torch.utils.data.DataLoader>`__
#    - `torch.optim.Adam <https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html>`__
