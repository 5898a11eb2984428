"""The two models of the TensorFlow tutorials, and the names of the parts worth showing.

``SoftmaxRegression`` is "MNIST For ML Beginners": y = softmax(xW + b), with W (784 x 10)
and b starting at zero. ``DeepMnistCNN`` is "Deep MNIST for Experts": two 5x5 SAME
convolutions (32 and 64 channels) each followed by ReLU and 2x2 max-pooling, a fully
connected layer of 1024 ReLUs, dropout, and a 10-way output.

Both return logits from ``forward`` (the softmax lives in the loss), and both can hand
out, by name, what the GUI draws:

* ``weights()``: learned parameters as images (``softmax_weights``, ``conv1_filters``,
  ``conv2_filters``);
* ``activations(x)``: what one input does inside the network (``input``, ``conv1``,
  ``pool1``, ``conv2``, ``pool2``, ``fc1``, ``evidence``, ``probabilities``).

A caller asks for names, never for attributes, so the panels need not know the models.
The Trainer computes the CNN faster on a CPU through :mod:`mnist_viz.core.levers`, the same
network by other means; here it is written as the tutorial writes it.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .config import ACTIVATION_PARTS, INIT_CHOICES, MODEL_CHOICES, WEIGHT_PARTS  # noqa: F401  (re-exported)


class SoftmaxRegression(nn.Module):
    """Multinomial logistic regression on the 784 raw pixels."""

    name = "softmax"
    weight_parts = WEIGHT_PARTS["softmax"]
    activation_parts = ACTIVATION_PARTS["softmax"]

    def __init__(self, init: str = "tutorial", generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.W = nn.Parameter(torch.zeros(784, 10))
        self.b = nn.Parameter(torch.zeros(10))
        initialise(self, init, generator)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], 784) @ self.W + self.b

    def weights(self) -> dict[str, torch.Tensor]:
        # Column k of W, reshaped to 28x28, is the template the model matches for digit k.
        return {"softmax_weights": self.W.detach().T.reshape(10, 28, 28)}

    def activations(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        flat = x.reshape(x.shape[0], 784)
        logits = flat @ self.W + self.b
        return {
            "input": x[:, 0],
            # Per-class evidence: each pixel's contribution x_i * W_ik to the logit of k.
            "evidence": (flat.unsqueeze(2) * self.W).permute(0, 2, 1).reshape(-1, 10, 28, 28),
            "probabilities": logits.softmax(dim=1),
        }


class DeepMnistCNN(nn.Module):
    """The 'Deep MNIST for Experts' network: conv-pool, conv-pool, fc 1024, dropout, fc 10."""

    name = "cnn"
    weight_parts = WEIGHT_PARTS["cnn"]
    activation_parts = ACTIVATION_PARTS["cnn"]

    def __init__(self, keep_prob: float = 0.5, init: str = "tutorial",
                 generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=5, padding=2)   # SAME: 28x28 stays 28x28
        self.conv2 = nn.Conv2d(32, 64, kernel_size=5, padding=2)  # 14x14 stays 14x14
        self.fc1 = nn.Linear(7 * 7 * 64, 1024)
        self.dropout = nn.Dropout(p=1.0 - keep_prob)
        self.fc2 = nn.Linear(1024, 10)
        initialise(self, init, generator)

    def set_keep_prob(self, keep_prob: float) -> None:
        self.dropout.p = 1.0 - keep_prob

    def features(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        conv1 = F.relu(self.conv1(x))
        pool1 = F.max_pool2d(conv1, 2)
        conv2 = F.relu(self.conv2(pool1))
        pool2 = F.max_pool2d(conv2, 2)
        fc1 = F.relu(self.fc1(pool2.flatten(1)))
        return {"conv1": conv1, "pool1": pool1, "conv2": conv2, "pool2": pool2, "fc1": fc1}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc2(self.dropout(x))

    def weights(self) -> dict[str, torch.Tensor]:
        return {
            "conv1_filters": self.conv1.weight.detach()[:, 0],  # (32, 5, 5)
            "conv2_filters": self.conv2.weight.detach(),        # (64, 32, 5, 5)
        }

    def activations(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        parts = self.features(x)
        parts["input"] = x[:, 0]
        parts["probabilities"] = self.fc2(parts["fc1"]).softmax(dim=1)  # no dropout at test time
        return parts


Model = SoftmaxRegression | DeepMnistCNN


def build_model(name: str, init: str = "tutorial", keep_prob: float | None = 0.5, seed: int | None = None) -> Model:
    """One of the two tutorial networks ("softmax", "cnn"), with fresh weights. With ``seed`` they
    are drawn from a generator of their own, so the same seed gives the same weights even while
    another thread is using torch's global random numbers (two trainings side by side, dropout).
    ``init`` "auto" is the tutorial init here (the init these networks were written with);
    ``keep_prob`` None is the CNN's 0.5.

    Any other architecture is built by :func:`mnist_viz.core.builder.build_model` (this module
    cannot import ``layernet``: it computes through ``levers``, which imports this module)."""
    if name not in MODEL_CHOICES:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_CHOICES)} "
                         "(core.builder.build_model builds any architecture)")
    generator = None if seed is None else torch.Generator().manual_seed(seed)
    init = "tutorial" if init == "auto" else init
    if name == "softmax":
        return SoftmaxRegression(init=init, generator=generator)
    return DeepMnistCNN(keep_prob=0.5 if keep_prob is None else keep_prob, init=init, generator=generator)


@torch.no_grad()
def initialise(model: nn.Module, init: str, generator: torch.Generator | None = None) -> None:
    """Set every parameter by the named scheme.

    * ``tutorial``: as the tutorials do it. Softmax regression starts at zero (its loss is
      convex, so there is no symmetry to break); the CNN draws weights from a normal
      distribution truncated at two standard deviations (stddev 0.1) and sets biases to
      0.1 so that ReLUs start active.
    * ``zeros``: everything zero. For the CNN every ReLU then receives exactly 0 and passes
      no gradient back, so only the output biases ever learn: the filters stay zero.
    * ``kaiming``: He-normal weights for ReLU layers, zero biases.
    * ``constant``: every weight of a layer the same value, 1 / (inputs per unit), so that
      activations keep their size; CNN biases 0.1 as in the tutorial, softmax biases 0.
      Every filter gets the same gradient and they move but stay identical copies: the
      classic demonstration of why symmetry must be broken (see ``core.experiments``).
    """
    if init not in INIT_CHOICES:
        raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INIT_CHOICES)}")
    if isinstance(model, SoftmaxRegression):
        if init == "kaiming":
            nn.init.kaiming_normal_(model.W.T, generator=generator)  # fan_in = 784
        elif init == "constant":
            nn.init.constant_(model.W, 1.0 / 784)
        else:
            model.W.zero_()
        model.b.zero_()
        return
    for module in model.modules():
        if not isinstance(module, (nn.Conv2d, nn.Linear)):
            continue
        if init == "tutorial":
            nn.init.trunc_normal_(module.weight, std=0.1, a=-0.2, b=0.2, generator=generator)
            nn.init.constant_(module.bias, 0.1)
        elif init == "zeros":
            nn.init.zeros_(module.weight)
            nn.init.zeros_(module.bias)
        elif init == "constant":
            nn.init.constant_(module.weight, 1.0 / module.weight[0].numel())  # 1 / fan_in
            nn.init.constant_(module.bias, 0.1)
        else:
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu", generator=generator)
            nn.init.zeros_(module.bias)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def training_flops_per_sample(model: nn.Module) -> float:
    """Floating-point operations of one training step per sample, from the layer shapes."""
    if isinstance(model, SoftmaxRegression):
        return 2.0 * (2 * 784 * 10)  # forward + weight gradient; no gradient for the input
    conv1 = 2 * 28 * 28 * 32 * 1 * 25
    forward = conv1 + 2 * (14 * 14 * 64 * 32 * 25 + 3136 * 1024 + 1024 * 10)
    # Backward costs two forwards (input and weight gradients), except that conv1 needs no
    # gradient with respect to the image: 3 x 27.8 - 1.25 = about 82 MFLOP per sample.
    return 3.0 * forward - conv1
