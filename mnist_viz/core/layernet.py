"""The playground's network: any architecture :mod:`mnist_viz.core.arch` describes, built in torch.

``LayerNet("conv3x3-16,sigmoid,maxpool-2,fc-10")`` is the network that text describes,
with the same interface as the two tutorial models of :mod:`mnist_viz.core.models`:
``forward`` returns logits, ``weights()`` and ``activations(x)`` hand out the parts the
panels draw, by the names :mod:`mnist_viz.core.arch` gives them, ``set_keep_prob`` sets
every dropout. Its layers are registered under their names (``conv1``, ``bn1``, ``fc2``),
so the tutorial CNN's text gives a model with exactly ``DeepMnistCNN``'s state-dict keys,
shapes and, with the ``tutorial`` init and the same generator, initial weights.

On a CPU, ``forward`` computes the same network faster with the pieces of
:mod:`mnist_viz.core.levers`, switched by the same ``levers.CPU_LEVERS`` as the tutorial
CNN, and only where they are exact:

* ``pool_before_relu``: a relu directly followed by a maxpool runs as the pool, then the
  relu (bit for bit the same, gradients too). Not for other activations (their gradients
  can differ where they saturate; gelu is not monotonic), avgpool, or anything between.
* ``channels_last``: a first layer that is an odd-kernel conv on a 1-channel image runs on
  NHWC (``levers.nhwc_input``; the convolution then sums in another order, equal up to
  float rounding), and every maxpool runs as the adaptive max-pool on NHWC
  (``levers.max_pool``: exact where the size divides the image, else ``max_pool2d``
  itself), handing back NCHW. The NHWC output of that first conv goes on only into a
  maxpool (directly or through its relu); before anything else it is made NCHW again.
* ``fc1_transposed``: an fc that is not the last, with at least :data:`WIDE_FC_WEIGHTS`
  weights, computes its products transposed (``levers.linear``; the same sums in another
  order, equal up to float rounding). Measured only on the tutorial CNN's fc1 (3136 x 1024
  at batch 50); smaller layers run as ``nn.Linear``.

For the tutorial CNN this is exactly ``levers.cnn_forward``'s sequence of operations, so
``levers.forward`` trains ``LayerNet(arch.TUTORIAL_CNN)`` and ``DeepMnistCNN`` to the
same losses bit for bit. Elsewhere (a GPU, or with every lever off) it is the plain loop.

``activations(x)`` always shows the network as it is tested: dropout passes its input
unchanged and batch norm uses its running statistics, whether the model is training or
not (a probe of one image could not be normalised by its own batch, and looking must not
change the running statistics).
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from . import levers
from .arch import LEAKY_SLOPE, Description, LayerInfo, describe
from .deskew import Deskew

#: An fc with at least this many weights (and not the last) computes its products transposed
#: on a CPU (the ``fc1_transposed`` lever); the tutorial CNN's fc1 has 3,211,264.
WIDE_FC_WEIGHTS = 1 << 20

#: The initialisation schemes (see :func:`initialise`); "auto" is the playground's default.
INIT_CHOICES = ("auto", "tutorial", "zeros", "kaiming", "constant")

_ACTIVATION = {
    "relu": F.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "leakyrelu": lambda x: F.leaky_relu(x, LEAKY_SLOPE),
    "gelu": F.gelu,
}


class LayerNet(nn.Module):
    """A network built from a list of layers (an architecture's text or :class:`arch.Description`).

    ``init``: one of :data:`INIT_CHOICES` (see :func:`initialise`); ``keep_prob``, when
    given, sets every dropout's keep probability (1 - P), otherwise each keeps its P.
    """

    def __init__(self, arch: str | Description, init: str = "auto", keep_prob: float | None = None,
                 generator: torch.Generator | None = None, input_shape: tuple[int, int, int] = (1, 28, 28),
                 classes: int = 10) -> None:
        super().__init__()
        description = arch if isinstance(arch, Description) else describe(arch, input_shape, classes)
        self.arch = description
        self.name = description.text
        self.network = description.network
        self.weight_parts = description.weight_parts
        self.activation_parts = description.activation_parts
        #: each layer with its module (None for those a function computes)
        self._plan: list[tuple[LayerInfo, nn.Module | None]] = []
        for info in description.layers:
            module = _module(info)
            if module is not None:
                self.add_module(info.name, module)
            self._plan.append((info, module))
        if keep_prob is not None:
            self.set_keep_prob(keep_prob)
        initialise(self, init, generator)

    # ------------------------------------------------------------------ the network
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """The logits of a batch (N, C, H, W), dropout and batch norm as the mode says; on a
        CPU with the levers that are on and exact (see the module docstring)."""
        if x.device.type == "cpu" and any(levers.CPU_LEVERS.values()):
            return self._cpu_forward(x, levers.CPU_LEVERS)
        for info, module in self._plan:
            x = _apply(info, module, x)
        return x

    def _cpu_forward(self, x: torch.Tensor, on: dict[str, bool]) -> torch.Tensor:
        nhwc, pool_first, transposed = on["channels_last"], on["pool_before_relu"], on["fc1_transposed"]
        plan, last = self._plan, len(self._plan) - 1
        first = plan[0][0].layer
        nhwc_conv = nhwc and first.kind == "conv" and first.kernel % 2 == 1 and x.dim() == 4 and x.shape[1] == 1
        if nhwc_conv:
            x = levers.nhwc_input(x)
        i = 0
        while i <= last:
            info, module = plan[i]
            kind = info.layer.kind
            after = plan[i + 1][0].layer if i < last else None
            if kind == "relu" and after is not None and after.kind == "maxpool":
                x = levers.relu_max_pool(x, after.size, pool_first, nhwc)
                i += 2
                continue
            if kind == "maxpool":
                x = levers.max_pool(x, info.layer.size, nhwc).contiguous()
            elif kind == "fc":
                wide = transposed and i < last and info.params - info.layer.size >= WIDE_FC_WEIGHTS
                x = levers.linear(x.flatten(1) if x.dim() > 2 else x, module, transposed=wide)
            else:
                x = _apply(info, module, x)
            if i == 0 and nhwc_conv and not (after is not None and (
                    after.kind == "maxpool" or (after.kind == "relu" and i + 2 <= last
                                                and plan[i + 2][0].layer.kind == "maxpool"))):
                x = x.contiguous()  # NHWC pays for the first conv and the pools only
            i += 1
        return x

    def set_keep_prob(self, keep_prob: float) -> None:
        """Every dropout keeps each value with probability ``keep_prob`` while training."""
        if not 0.0 < keep_prob <= 1.0:
            raise ValueError(f"dropout keep probability must be in (0, 1], not {keep_prob}")
        for module in self.modules():
            if isinstance(module, nn.Dropout):
                module.p = 1.0 - keep_prob

    def layer_weights(self) -> dict[str, torch.Tensor]:
        """The weight tensor of each conv and fc, by layer name, input side first (biases left out)."""
        return {info.name: module.weight for info, module in self._plan if info.layer.kind in ("conv", "fc")}

    # ------------------------------------------------------------------ the parts
    def weights(self) -> dict[str, torch.Tensor]:
        """``convI_filters`` for every conv ((C, K, K) on one input channel, else (C_out, C_in,
        K, K)), and ``softmax_weights`` (classes, H, W) for a single-fc network."""
        parts = {}
        for info, module in self._plan:
            if info.weight_part is None:
                continue
            weight = module.weight.detach()
            if info.layer.kind == "conv":
                parts[info.weight_part] = weight[:, 0] if weight.shape[1] == 1 else weight
            else:  # row k of the single fc, reshaped to the image, is the template of class k
                parts[info.weight_part] = weight.reshape(self.arch.weight_shapes[info.weight_part])
        return parts

    def activations(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        """What a batch does inside the network, by part (batch first), as at test time."""
        parts = {"input": x[:, 0] if x.shape[1] == 1 else x}
        for info, module in self._plan:
            if info.layer.kind == "dropout":
                continue  # passes its input at test time: its part is the one before it
            if info.part == "probabilities" and "evidence" in self.activation_parts:
                flat = x.reshape(x.shape[0], -1)
                # each input value's contribution x_i * W_ki to the logit of class k
                parts["evidence"] = (flat.unsqueeze(1) * module.weight).reshape(
                    x.shape[0], *self.arch.part_shapes["evidence"])
            x = _apply(info, module, x, testing=True)
            parts[info.part] = x.softmax(dim=1) if info.part == "probabilities" else x
        return {name: parts[name] for name in self.activation_parts}


def _module(info: LayerInfo) -> nn.Module | None:
    """The torch module of a layer with parameters or state, or ``deskew``'s (none of either,
    but its own module, core.deskew); None where a function does."""
    layer, in_shape = info.layer, info.in_shape
    if layer.kind == "conv":
        # SAME padding; an even kernel pads (K-1)/2 before and K/2 after, by hand (_apply)
        padding = layer.kernel // 2 if layer.kernel % 2 else 0
        return nn.Conv2d(in_shape[0], layer.channels, layer.kernel, padding=padding)
    if layer.kind == "fc":
        return nn.Linear(math.prod(in_shape), layer.size)
    if layer.kind == "bn":
        return nn.BatchNorm2d(in_shape[0]) if len(in_shape) == 3 else nn.BatchNorm1d(in_shape[0])
    if layer.kind == "dropout":
        return nn.Dropout(layer.p)
    if layer.kind == "deskew":
        return Deskew()
    return None


def _apply(info: LayerInfo, module: nn.Module | None, x: torch.Tensor, testing: bool = False) -> torch.Tensor:
    """One layer on a batch; ``testing``: dropout off and batch norm on its running statistics."""
    layer = info.layer
    kind = layer.kind
    if kind == "conv":
        if layer.kernel % 2 == 0:
            before, after = (layer.kernel - 1) // 2, layer.kernel // 2
            x = F.pad(x, (before, after, before, after))
        return module(x)
    if kind == "maxpool":
        return F.max_pool2d(x, layer.size)
    if kind == "avgpool":
        return F.avg_pool2d(x, layer.size)
    if kind == "fc":
        return module(x.flatten(1) if x.dim() > 2 else x)
    if kind == "bn":
        if not testing:
            return module(x)
        return F.batch_norm(x, module.running_mean, module.running_var, module.weight, module.bias,
                            training=False, eps=module.eps)
    if kind == "dropout":
        return x if testing else module(x)
    if kind == "deskew":
        return module(x)
    return _ACTIVATION[kind](x)


def _following_activation(model: LayerNet, index: int) -> str | None:
    """The activation a conv or fc feeds: the first one after it before the next conv or fc
    (batch norm, dropout and pools in between), or None."""
    for info, _ in model._plan[index + 1:]:
        kind = info.layer.kind
        if kind in ("conv", "fc"):
            return None
        if kind in _ACTIVATION:
            return kind
    return None


@torch.no_grad()
def initialise(model: LayerNet, init: str, generator: torch.Generator | None = None) -> None:
    """Set every conv and fc layer by the named scheme; batch norms start at scale 1, shift 0
    and fresh running statistics whatever the scheme.

    * ``tutorial``: as the tutorials do it. A single-fc network starts at zero, as the
      softmax regression of "MNIST For ML Beginners" (its loss is convex); any other draws
      weights from a normal distribution truncated at two standard deviations (std 0.1,
      at +-0.2) and sets biases to 0.1, as "Deep MNIST for Experts", layer by layer in
      order: for the tutorial CNN the same draws as ``models.DeepMnistCNN``.
    * ``auto``: the playground's default. He-normal (fan in) for a layer that feeds a
      relu, leakyrelu (its slope) or gelu (as a relu); Xavier-normal with the
      activation's gain (sigmoid 1, tanh 5/3) for one that feeds sigmoid or tanh; the
      last layer, and any layer that feeds no activation before the next conv or fc,
      Xavier-normal with gain 1. Biases 0. Pools, batch norm and dropout between a layer
      and its activation do not change which one it feeds.
    * ``zeros``: everything zero (only the last layer's biases can learn, see ``models.initialise``).
    * ``kaiming``: He-normal (ReLU gain) for every layer, biases 0; a single-fc network
      draws its weights as ``models.SoftmaxRegression`` does (the same numbers for a seed).
    * ``constant``: every weight 1 / (inputs per unit), biases 0.1 (a single-fc network: 0),
      as ``models.initialise``: the symmetry that never breaks.
    """
    if init not in INIT_CHOICES:
        raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INIT_CHOICES)}")
    single_fc = model.arch.single_fc
    for index, (info, module) in enumerate(model._plan):
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            module.reset_parameters()
        if info.layer.kind not in ("conv", "fc"):
            continue
        weight, bias = module.weight, module.bias
        if init == "zeros" or (init == "tutorial" and single_fc):
            weight.zero_()
            bias.zero_()
        elif init == "tutorial":
            nn.init.trunc_normal_(weight, std=0.1, a=-0.2, b=0.2, generator=generator)
            bias.fill_(0.1)
        elif init == "constant":
            weight.fill_(1.0 / weight[0].numel())  # 1 / fan_in
            bias.fill_(0.0 if single_fc else 0.1)
        elif init == "kaiming":
            if single_fc:  # drawn into the (inputs, classes) layout SoftmaxRegression's W has
                drawn = torch.empty(weight.shape[1], weight.shape[0], dtype=weight.dtype)
                nn.init.kaiming_normal_(drawn.T, generator=generator)
                weight.copy_(drawn.T)
            else:
                nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
            bias.zero_()
        else:  # auto
            activation = _following_activation(model, index)
            if activation in ("relu", "gelu"):
                nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
            elif activation == "leakyrelu":
                nn.init.kaiming_normal_(weight, a=LEAKY_SLOPE, nonlinearity="leaky_relu", generator=generator)
            elif activation in ("sigmoid", "tanh"):
                nn.init.xavier_normal_(weight, gain=nn.init.calculate_gain(activation), generator=generator)
            else:
                nn.init.xavier_normal_(weight, generator=generator)
            bias.zero_()
