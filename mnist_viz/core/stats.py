"""Statistics of a model's insides over time: weight and gradient histograms, gradient
norms, dead and saturated units, as small numpy arrays a viewer can stack step after step.

:func:`distributions` looks at each layer with a parameter (softmax regression: ``W``; the
CNN: ``conv1``, ``conv2``, ``fc1``, ``fc2``; any other architecture, a
:class:`~mnist_viz.core.layernet.LayerNet`: every conv, fc and bn by its layer name; always
the weight tensor, i.e. a bn's scale, biases and shifts left out) and at each activation
layer (:func:`activation_layers`), and returns, under names starting with ``dist/``:

``dist/step``                   the training step the numbers belong to (set by the caller)
``dist/<layer>/weight_counts``  (bins,) histogram of the weights on ``[-R, R]``
``dist/<layer>/weight_range``   R, a power of two (see below)
``dist/<layer>/gradient_counts`` (GRADIENT_BINS,) histogram of the current gradients on
                                the fixed signed-log bins of :func:`gradient_edges`
``dist/<layer>/gradient_norm``  the L2 norm of the weight's gradient
``dist/<layer>/dead_fraction``  per ReLU-like activation (relu, leakyrelu, gelu): the
                                fraction of dead units
``dist/<layer>/saturated_fraction`` per sigmoid or tanh: the fraction of saturated outputs

An activation layer is named by the part that shows its output (``core.arch``): the
tutorial CNN's three ReLUs are ``conv1``, ``conv2`` and ``fc1`` as before; a sigmoid after
``conv3`` is ``conv3``; one that follows no conv, pool or fc has its own name (``tanh2``),
as has a second activation in the same run of layers.

Dead and saturated, measured on the fixed probe images (the first
:data:`DEAD_RELU_IMAGES` test images, the network as it is tested):

* *dead* (relu, leakyrelu, gelu): a unit whose output is <= 0 for every image (for a
  convolution a unit is one channel, dead when its whole map is). For all three that
  means its input is <= 0 everywhere, where relu passes no gradient, leakyrelu only its
  1 % slope and gelu almost none: the unit has stopped learning from these images.
* *saturated* (sigmoid, tanh): an output value (unit, position and image) in the flat
  tails: sigmoid below 0.03 or above 0.97 (its slope there is under 0.03, an eighth of
  its peak 0.25), |tanh| above 0.97 (slope under 0.06, a seventeenth of its peak 1).
  Gradients through saturated units all but vanish: the sigmoid and tanh networks'
  "vanishing gradients". (A sigmoid is never 0, so "dead" means nothing for it.)

The gradient entries are there only when the weight has a gradient (``p.grad``: right
after a training step; not before the first one); the dead and saturated fractions only
when a batch of images is given.

Bins that stay comparable over time
-----------------------------------
*Weights* keep their meaning in value units: ``bins`` equal bins on ``[-R, R]``, where R is
the smallest power of two that holds the largest |weight| (nothing is ever clamped). As a
layer's weights grow, R doubles; because every R is a power of two and ``bins`` is even,
a histogram taken on a smaller range falls exactly onto the bins of any larger one
(:func:`rebin_weights` merges groups of 2^k bins), so a history of histograms can always be
drawn on one common axis without approximation.

*Gradients* change by orders of magnitude during training (and by the batch size when the
loss is a sum), so their bins are logarithmic in |g| and the same for every layer and every
step: two bins per octave (edges at 1, 1.5, 2, 3, 4, 6, ... times powers of two) from
2^-30 (about 1e-9) to 2^10 (1024) on each side of zero, mirrored for negative values, plus
one bin in the middle for |g| < 2^-30 (exact zeros: the gradients of dead units and of
dropped-out ones). |g| beyond 2^10 is counted in the outermost bin. The bin of a float32
is read off its exponent and first mantissa bit, which is exact and far cheaper than a
logarithm. Vanishing gradients are then bands drifting towards the middle; exploding ones,
bands drifting out.

Cost: everything is computed on the model's device with torch (``bincount`` on the
tensors themselves, never numpy copies of a 3.2M-weight layer), and
:class:`DistributionMonitor` computes them at most every ``min_interval_s`` and never for
more than ``max_cost_fraction`` of the time, reusing the last result in between.
"""

from __future__ import annotations

import functools
import math
import time
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # torch is imported where it is used: the window is built before it is loaded
    import torch
    from torch import nn

    from .arch import Description
    from .models import DeepMnistCNN

PREFIX = "dist/"
#: The snapshot part name that asks the Trainer for these statistics.
PART = "distributions"


def is_statistic(name: str) -> bool:
    """True for the snapshot arrays this module computes (``dist/...``)."""
    return name.startswith(PREFIX)


WEIGHT_BINS = 64
#: Smallest weight range (all-zero weights, e.g. softmax regression at step 0).
MIN_WEIGHT_RANGE = 2.0 ** -16

GRADIENT_LOWEST_OCTAVE = -30   # |g| < 2^-30 counts as zero
GRADIENT_HIGHEST_OCTAVE = 10   # |g| >= 2^10 is counted in the outermost bins
GRADIENT_BINS_PER_OCTAVE = 2   # edges at 1 and 1.5 times each power of two
GRADIENT_SIDE_BINS = (GRADIENT_HIGHEST_OCTAVE - GRADIENT_LOWEST_OCTAVE) * GRADIENT_BINS_PER_OCTAVE
#: Negative side (most negative first), the zero bin, the positive side.
GRADIENT_BINS = 2 * GRADIENT_SIDE_BINS + 1
GRADIENT_ZERO_BIN = GRADIENT_SIDE_BINS
#: A float32's bits >> 22 are its exponent and first mantissa bit: this key starts bin 1.
_FIRST_GRADIENT_KEY = (127 + GRADIENT_LOWEST_OCTAVE) * GRADIENT_BINS_PER_OCTAVE

#: The tutorial CNN's layers whose units are ReLUs (a unit of a convolution is one channel,
#: i.e. one filter); any model's: :func:`activation_layers`.
RELU_LAYERS = ("conv1", "conv2", "fc1")
#: How many test images decide whether a unit is dead or saturated.
DEAD_RELU_IMAGES = 64
#: Activations whose units can die (output <= 0 for every image).
DYING = ("relu", "leakyrelu", "gelu")
#: Activations that saturate, and the output interval outside which a value is saturated.
SATURATING = {"sigmoid": (0.03, 0.97), "tanh": (-0.97, 0.97)}
DEAD, SATURATED = "dead_fraction", "saturated_fraction"


def measure_of(activation: str) -> str:
    """The statistic of an activation kind: :data:`DEAD` or :data:`SATURATED`."""
    return SATURATED if activation in SATURATING else DEAD


def _no_grad(function):
    """``torch.no_grad()`` as a decorator that imports torch only when the function is called."""
    @functools.wraps(function)
    def without_gradients(*args, **kwargs):
        import torch

        with torch.no_grad():
            return function(*args, **kwargs)
    return without_gradients


def _is_layer_net(model) -> bool:
    return hasattr(model, "arch") and hasattr(model, "_plan")


def layer_weights(model: nn.Module) -> dict[str, torch.Tensor]:
    """The weight tensor of each layer with a parameter, by layer name, input side first
    (a LayerNet's conv, fc and bn layers; a bn's weight is its scale)."""
    from .models import DeepMnistCNN, SoftmaxRegression

    if isinstance(model, SoftmaxRegression):
        return {"W": model.W}
    if isinstance(model, DeepMnistCNN):
        return {name: getattr(model, name).weight for name in ("conv1", "conv2", "fc1", "fc2")}
    if _is_layer_net(model):
        return {info.name: module.weight for info, module in model._plan
                if info.layer.kind in ("conv", "fc", "bn") and getattr(module, "weight", None) is not None}
    raise TypeError(f"no layer list for {type(model).__name__}")


def activation_layers(model: nn.Module) -> dict[str, str]:
    """Each activation layer's statistics name (see the module doc) -> its kind ("relu", ...).

    Softmax regression has none; the tutorial CNN ``conv1``, ``conv2``, ``fc1`` (ReLUs)."""
    from .models import DeepMnistCNN

    if isinstance(model, DeepMnistCNN):
        return {name: "relu" for name in RELU_LAYERS}
    if not _is_layer_net(model):
        return {}
    return description_activation_layers(model.arch)


def description_activation_layers(description: Description) -> dict[str, str]:
    """:func:`activation_layers` of a network described by ``core.arch`` (no torch needed)."""
    names: dict[str, str] = {}
    for info in description.layers:
        kind = info.layer.kind
        if kind in DYING or kind in SATURATING:
            name = info.part if info.part not in names and info.part not in ("input", "probabilities") else info.name
            names[name] = kind
    return names


def statistics_layers(model: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """For a model identifier, without torch: the layers :func:`distributions` gives weight
    histograms for, and its activation layers -> their kind (what a recording of ``model``
    may hold under ``dist/``)."""
    from . import networks

    if model == "softmax":
        return ("W",), {}
    if model == "cnn":
        return ("conv1", "conv2", "fc1", "fc2"), {name: "relu" for name in RELU_LAYERS}
    description = networks.describe(model)
    weights = tuple(info.name for info in description.layers if info.layer.kind in ("conv", "fc", "bn"))
    return weights, description_activation_layers(description)


def weight_range(max_abs: float) -> float:
    """The smallest power of two >= ``max_abs`` (at least MIN_WEIGHT_RANGE)."""
    if not math.isfinite(max_abs):
        return math.inf
    if max_abs <= MIN_WEIGHT_RANGE:
        return MIN_WEIGHT_RANGE
    return 2.0 ** math.ceil(math.log2(max_abs))


def weight_edges(value_range: float, bins: int = WEIGHT_BINS) -> np.ndarray:
    """The ``bins + 1`` edges of a weight histogram on ``[-value_range, value_range]``."""
    return np.linspace(-value_range, value_range, bins + 1)


def gradient_edges() -> np.ndarray:
    """The ``GRADIENT_BINS + 1`` edges of the gradient bins, in gradient units.

    The zero bin spans (-2^-30, 2^-30); the outermost edges are -2^10 and 2^10, but the
    outermost bins also hold everything beyond them.
    """
    keys = np.arange(_FIRST_GRADIENT_KEY, _FIRST_GRADIENT_KEY + GRADIENT_SIDE_BINS + 1)
    positive = np.ldexp(1.0 + 0.5 * (keys & 1), (keys >> 1) - 127)
    return np.concatenate([-positive[::-1], positive])


@_no_grad
def weight_histogram(weights: torch.Tensor, bins: int = WEIGHT_BINS) -> tuple[np.ndarray, float]:
    """(counts, R): ``bins`` equal bins on [-R, R], R the power of two of :func:`weight_range`."""
    import torch

    value_range = weight_range(float(weights.detach().abs().max()) if weights.numel() else 0.0)
    if not math.isfinite(value_range):  # a diverged layer: nothing sensible to bin
        return np.zeros(bins, dtype=np.int64), value_range
    # Bin i holds [-R + i w, -R + (i + 1) w), the last one also R itself (as numpy's
    # histogram). w = 2R / bins is a power of two (for a power-of-two ``bins``), so
    # x / w is exact in floating point and no value lands in a neighbouring bin by rounding,
    # which torch.histc's (x - min) * bins / (max - min) cannot promise.
    def count(values: torch.Tensor) -> torch.Tensor:
        index = values.flatten().float().mul(bins / (2 * value_range)).floor_().to(torch.int32)
        return torch.bincount(index.add_(bins // 2).clamp_(0, bins - 1), minlength=bins)

    return _counts_on_any_device(count, weights.detach()), value_range


@_no_grad
def gradient_histogram(gradient: torch.Tensor) -> np.ndarray:
    """Counts of ``gradient`` on the fixed signed-log bins (see :func:`gradient_edges`)."""
    import torch

    def count(values: torch.Tensor) -> torch.Tensor:
        bits = values.float().contiguous().flatten().view(torch.int32)
        # |g|'s exponent and first mantissa bit, counted from the first bin: 0 = the zero bin.
        key = torch.bitwise_and(bits, 0x7FFFFFFF).bitwise_right_shift_(22)
        key = key.sub_(_FIRST_GRADIENT_KEY - 1).clamp_(0, GRADIENT_SIDE_BINS)
        index = key.mul_(torch.sign(bits)).add_(GRADIENT_ZERO_BIN)  # negative g: to the left of zero
        return torch.bincount(index, minlength=GRADIENT_BINS)

    return _counts_on_any_device(count, gradient.detach())


def _counts_on_any_device(count, values: torch.Tensor) -> np.ndarray:
    """``count(values)`` where the values are; on the CPU if that device lacks an operation."""
    try:
        counts = count(values)
    except (NotImplementedError, RuntimeError):
        if values.device.type == "cpu":
            raise
        counts = count(values.cpu())
    return counts.cpu().numpy().astype(np.int64)


@_no_grad
def dead_relu_fractions(model: DeepMnistCNN, images: torch.Tensor) -> dict[str, float]:
    """For conv1, conv2 and fc1: the fraction of units that output 0 for every image.

    A unit of a convolution layer is one channel (one filter): dead if its whole feature
    map is zero for every image. A unit of fc1 is one of its 1,024 neurons. Dropout plays
    no part (evaluation mode).
    """
    was_training = model.training
    model.eval()
    try:
        features = model.features(images)
    finally:
        model.train(was_training)
    return {name: _unit_dead_fraction(features[name]) for name in RELU_LAYERS}


def _unit_dead_fraction(activations: torch.Tensor) -> float:
    per_unit = activations.amax(dim=(0, 2, 3)) if activations.dim() == 4 else activations.amax(dim=0)
    return float((per_unit <= 0).float().mean())


def _saturated_fraction(activations: torch.Tensor, kind: str) -> float:
    low, high = SATURATING[kind]
    return float(((activations < low) | (activations > high)).float().mean())


@_no_grad
def activation_fractions(model: nn.Module, images: torch.Tensor) -> dict[str, tuple[str, float]]:
    """Per activation layer (:func:`activation_layers`): (:data:`DEAD` or :data:`SATURATED`,
    the fraction), on ``images`` with the network as it is tested (dropout off, batch norm
    on its running statistics)."""
    from .models import DeepMnistCNN

    if isinstance(model, DeepMnistCNN):
        return {name: (DEAD, fraction) for name, fraction in dead_relu_fractions(model, images).items()}
    if not _is_layer_net(model):
        return {}
    from .layernet import _apply  # one layer as LayerNet.activations runs it

    names = iter(activation_layers(model).items())
    fractions = {}
    x = images
    for info, module in model._plan:
        x = _apply(info, module, x, testing=True)
        kind = info.layer.kind
        if kind in DYING or kind in SATURATING:
            name, _ = next(names)
            fractions[name] = ((SATURATED, _saturated_fraction(x, kind)) if kind in SATURATING
                               else (DEAD, _unit_dead_fraction(x)))
    return fractions


@_no_grad
def distributions(model: nn.Module, relu_images: torch.Tensor | None = None, bins: int = WEIGHT_BINS,
                  step: int | None = None) -> dict[str, np.ndarray]:
    """Histograms, gradient norms, dead and saturated fractions of ``model`` now (see the module doc).

    ``relu_images``: float (B, 1, 28, 28) images on the model's device, e.g. the first
    DEAD_RELU_IMAGES test images; without them (or for softmax regression) there are no
    dead or saturated fractions. ``bins`` (even) is the number of weight bins.
    """
    import torch

    if bins < 2 or bins % 2:
        raise ValueError(f"the number of weight bins must be even and at least 2, not {bins}")
    arrays: dict[str, np.ndarray] = {}
    if step is not None:
        arrays[f"{PREFIX}step"] = np.array(step, dtype=np.int64)
    for name, weights in layer_weights(model).items():
        counts, value_range = weight_histogram(weights, bins)
        arrays[f"{PREFIX}{name}/weight_counts"] = counts
        arrays[f"{PREFIX}{name}/weight_range"] = np.array(value_range)
        if weights.grad is not None:
            arrays[f"{PREFIX}{name}/gradient_counts"] = gradient_histogram(weights.grad)
            arrays[f"{PREFIX}{name}/gradient_norm"] = np.array(float(torch.linalg.vector_norm(weights.grad.float())))
    if relu_images is not None and len(relu_images):
        for name, (measure, fraction) in activation_fractions(model, relu_images).items():
            arrays[f"{PREFIX}{name}/{measure}"] = np.array(fraction)
    return arrays


def layer_names(arrays) -> list[str]:
    """The layer names in a mapping of ``dist/`` arrays, in their order."""
    names: dict[str, None] = {}
    for key in arrays:
        if key.startswith(PREFIX) and key.count("/") == 2:
            names[key.split("/")[1]] = None
    return list(names)


def weight_layer_names(arrays) -> list[str]:
    """The layers with weight histograms in a mapping of ``dist/`` arrays, in their order."""
    return [name for name in layer_names(arrays) if f"{PREFIX}{name}/weight_counts" in arrays]


def activation_measures(arrays) -> dict[str, str]:
    """The activation layers in a mapping of ``dist/`` arrays -> their measure (DEAD or SATURATED)."""
    found = {}
    for name in layer_names(arrays):
        for measure in (DEAD, SATURATED):
            if f"{PREFIX}{name}/{measure}" in arrays:
                found[name] = measure
    return found


def rebin_weights(counts: np.ndarray, from_range: float, to_range: float) -> np.ndarray:
    """A weight histogram on [-from_range, from_range] redrawn on [-to_range, to_range], exactly.

    Both ranges are powers of two with ``to_range >= from_range`` (as :func:`weight_range`
    makes them): each source bin then lies inside one target bin. Works on one histogram
    (bins,) or a stack (..., bins).
    """
    counts = np.asarray(counts)
    bins = counts.shape[-1]
    factor = to_range / from_range
    if not factor >= 1:
        raise ValueError(f"can only widen the range ({from_range} -> {to_range})")
    if factor == 1:
        return counts.copy()
    half = bins // 2
    target = half + np.floor((np.arange(bins) - half) / factor).astype(np.int64)
    merge = np.zeros((bins, bins), dtype=counts.dtype)  # merge[source bin, target bin] = 1
    merge[np.arange(bins), target] = 1
    return counts @ merge


class DistributionMonitor:
    """Computes :func:`distributions` for a Trainer's snapshots, but cheaply.

    A fresh result is computed at most every ``min_interval_s`` seconds, and never more
    often than keeps its cost under ``max_cost_fraction`` of the wall time (on a slow CPU
    the CNN's 3.3M weights take a noticeable fraction of a second); in between the last
    result is handed out again. ``dist/step`` says which step a result belongs to, so a
    viewer can tell a repeat from a new one.
    """

    def __init__(self, relu_images: torch.Tensor | None = None, min_interval_s: float = 0.5,
                 max_cost_fraction: float = 0.1, bins: int = WEIGHT_BINS) -> None:
        self.relu_images = relu_images
        self.min_interval_s = float(min_interval_s)
        self.max_cost_fraction = float(max_cost_fraction)
        self.bins = bins
        self.computed = 0  # how many times the statistics were really computed
        self._last: dict[str, np.ndarray] | None = None
        self._last_step: int | None = None
        self._last_time = -math.inf
        self._last_cost = 0.0

    @property
    def last_cost(self) -> float:
        """Seconds the last computation took."""
        return self._last_cost

    @property
    def interval_s(self) -> float:
        """The time between two computations now (it adapts to what they cost)."""
        limit = self._last_cost / self.max_cost_fraction if self.max_cost_fraction > 0 else 0.0
        return max(self.min_interval_s, limit)

    def arrays(self, model: nn.Module, step: int) -> dict[str, np.ndarray]:
        now = time.perf_counter()
        if self._last is not None and (step == self._last_step or now < self._last_time + self.interval_s):
            return self._last
        self._last = distributions(model, self.relu_images, self.bins, step=step)
        self._last_step = step
        self._last_time = now
        self._last_cost = time.perf_counter() - now
        self.computed += 1
        return self._last
