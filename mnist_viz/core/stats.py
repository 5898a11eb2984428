"""Statistics of a model's insides over time: weight and gradient histograms, gradient
norms and dead ReLUs, as small numpy arrays a viewer can stack step after step.

:func:`distributions` looks at each layer worth showing (softmax regression: ``W``; the
CNN: ``conv1``, ``conv2``, ``fc1``, ``fc2``; always the weight tensor, biases are left out)
and returns, under names starting with ``dist/``:

``dist/step``                   the training step the numbers belong to (set by the caller)
``dist/<layer>/weight_counts``  (bins,) histogram of the weights on ``[-R, R]``
``dist/<layer>/weight_range``   R, a power of two (see below)
``dist/<layer>/gradient_counts`` (GRADIENT_BINS,) histogram of the current gradients on
                                the fixed signed-log bins of :func:`gradient_edges`
``dist/<layer>/gradient_norm``  the L2 norm of the weight's gradient
``dist/<layer>/dead_fraction``  (conv1, conv2, fc1) the fraction of dead ReLU units

The gradient entries are there only when the weight has a gradient (``p.grad``: right
after a training step; not before the first one); the dead fractions only when a batch of
images is given.

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

#: Layers whose units are ReLUs (a unit of a convolution is one channel, i.e. one filter).
RELU_LAYERS = ("conv1", "conv2", "fc1")
#: How many test images decide whether a unit is dead.
DEAD_RELU_IMAGES = 64


def _no_grad(function):
    """``torch.no_grad()`` as a decorator that imports torch only when the function is called."""
    @functools.wraps(function)
    def without_gradients(*args, **kwargs):
        import torch

        with torch.no_grad():
            return function(*args, **kwargs)
    return without_gradients


def layer_weights(model: nn.Module) -> dict[str, torch.Tensor]:
    """The weight tensor of each layer worth showing, by layer name, input side first."""
    from .models import DeepMnistCNN, SoftmaxRegression

    if isinstance(model, SoftmaxRegression):
        return {"W": model.W}
    if isinstance(model, DeepMnistCNN):
        return {name: getattr(model, name).weight for name in ("conv1", "conv2", "fc1", "fc2")}
    raise TypeError(f"no layer list for {type(model).__name__}")


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
    fractions = {}
    for name in RELU_LAYERS:
        activations = features[name]
        per_unit = activations.amax(dim=(0, 2, 3)) if activations.dim() == 4 else activations.amax(dim=0)
        fractions[name] = float((per_unit <= 0).float().mean())
    return fractions


@_no_grad
def distributions(model: nn.Module, relu_images: torch.Tensor | None = None, bins: int = WEIGHT_BINS,
                  step: int | None = None) -> dict[str, np.ndarray]:
    """Histograms, gradient norms and dead-ReLU fractions of ``model`` now (see the module doc).

    ``relu_images``: float (B, 1, 28, 28) images on the model's device, e.g. the first
    DEAD_RELU_IMAGES test images; without them (or for softmax regression) there are no
    dead fractions. ``bins`` (even) is the number of weight bins.
    """
    import torch

    from .models import DeepMnistCNN

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
    if relu_images is not None and len(relu_images) and isinstance(model, DeepMnistCNN):
        for name, fraction in dead_relu_fractions(model, relu_images).items():
            arrays[f"{PREFIX}{name}/dead_fraction"] = np.array(fraction)
    return arrays


def layer_names(arrays) -> list[str]:
    """The layer names in a mapping of ``dist/`` arrays, in their order."""
    names: dict[str, None] = {}
    for key in arrays:
        if key.startswith(PREFIX) and key.count("/") == 2:
            names[key.split("/")[1]] = None
    return list(names)


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
