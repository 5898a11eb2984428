"""Fool the network: a targeted adversarial example for one 28x28 image.

:func:`fool` changes an image, by at most ``eps`` of full ink on any pixel, until the model
answers a digit the user picked (the *target*). It works for any model a
:class:`~mnist_viz.core.inference.Predictor` serves (softmax regression, the CNN, a network
of one's own), on the image as the model sees it: the 28x28 input after the canvas's
preprocessing (bright ink, 0..1), which is what ``Predictor.probabilities`` takes.

The method is the textbook one (Goodfellow et al. 2015, "FGSM"; Madry et al. 2018, "PGD"):

1. **FGSM**: one step against the sign of the gradient of the cross-entropy loss *towards
   the target* with respect to the pixels: each pixel moves by ``eps / 2`` in the direction
   that makes the target more likely. (Classic FGSM steps by the whole ``eps``; half of it,
   then PGD, fools as many test digits and finds smaller changes: measured on 50 test
   digits at eps 0.2, the same 50/50 for the CNN and 43/50 for softmax regression, the
   median L2 norm of the change 3.2 instead of 3.6 and 2.6 instead of 4.1.)
2. **PGD**: up to ``steps - 1`` further steps of size ``eps / 4``, each projected back onto
   the L-infinity ball of radius ``eps`` around the original (no pixel moves more than
   ``eps``) and onto [0, 1] (a pixel cannot be blacker than black nor whiter than white).

It stops as soon as the model answers the target, checked after every step with the
Predictor's own ``probabilities`` (the same call, input path and precision the canvas
uses), so the answer reported is the one the canvas would give for the fooled image.
Gradients are taken in float32 with ``torch.autograd.grad`` with respect to the image
only: the model's weights and their ``.grad`` are not touched, so a model shared with
the canvas can be fooled while it answers there. Everything is deterministic (no random
start): the same image, target and ``eps`` give the same result.

Its size is reported in terms a person can picture: the L-infinity norm is "at most 0.12 of
full ink on any pixel"; the squared L2 norm is the number of pixels that would have to go
from black to full ink to change the image as much (``ink_pixels``).

torch is imported inside the functions (the window imports this module before torch loads).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .inference import Predictor

SIDE = 28
#: The default radius: 0.2 of full ink per pixel fools the shipped CNN on every one of 100 test
#: digits (each to another digit) and softmax regression on 85 of them.
DEFAULT_EPS = 0.2
EPS_RANGE = (0.01, 0.5)
#: The FGSM step and the PGD steps together.
DEFAULT_STEPS = 40
#: The FGSM step and the PGD steps, as fractions of eps.
FGSM_STEP_FRACTION = 0.5
PGD_STEP_FRACTION = 0.25
#: An image whose brightest pixel is below this holds no ink.
EMPTY_BELOW = 1e-3
#: A pixel counts as changed when it moved by more than this (1/100 of full ink).
CHANGED_ABOVE = 0.01


class AdversarialError(ValueError):
    """Bad input for :func:`fool`; the message is one line saying what is wrong and how to fix it."""


class Cancelled(Exception):
    """:func:`fool` was asked to stop (``should_stop`` returned True)."""


@dataclass(frozen=True)
class FoolResult:
    """What :func:`fool` found. Images are (28, 28) float32 in [0, 1]."""

    original: np.ndarray
    fooled: np.ndarray
    #: ``fooled - original``: in [-eps, eps], and keeps ``original + perturbation`` in [0, 1].
    perturbation: np.ndarray
    target: int
    eps: float
    #: Gradient steps taken (FGSM included); 0 when the model answered the target already.
    steps: int
    #: True when the model answers ``target`` for ``fooled``.
    success: bool
    #: The ten probabilities for the original and for the fooled image (the Predictor's).
    original_probabilities: np.ndarray
    fooled_probabilities: np.ndarray
    #: How long the search took, in milliseconds.
    ms: float = 0.0

    @property
    def original_digit(self) -> int:
        return int(np.argmax(self.original_probabilities))

    @property
    def fooled_digit(self) -> int:
        return int(np.argmax(self.fooled_probabilities))

    @property
    def already(self) -> bool:
        """The model answered the target before anything was changed."""
        return self.original_digit == self.target

    @property
    def linf(self) -> float:
        """The largest change of any pixel, as a fraction of full ink (0..1)."""
        return float(np.abs(self.perturbation).max())

    @property
    def l2(self) -> float:
        """The Euclidean length of the change over the 784 pixels."""
        return float(np.sqrt(np.square(self.perturbation, dtype=np.float64).sum()))

    @property
    def ink_pixels(self) -> float:
        """As much change as this many pixels going from black to full ink (``l2 ** 2``)."""
        return self.l2 ** 2

    @property
    def mean_change(self) -> float:
        """The average change of a pixel, as a fraction of full ink."""
        return float(np.abs(self.perturbation).mean())

    @property
    def changed_pixels(self) -> int:
        """How many of the 784 pixels moved by more than 1/100 of full ink."""
        return int((np.abs(self.perturbation) > CHANGED_ABOVE).sum())


def check_image(image) -> np.ndarray:
    """The image as a (28, 28) float32 array in [0, 1], or :class:`AdversarialError`."""
    if image is None:
        raise AdversarialError("there is no image to fool: draw a digit or choose a probe first")
    try:
        array = np.asarray(image, dtype=np.float32)
    except (TypeError, ValueError):
        raise AdversarialError("the image must be a 28x28 array of numbers in 0..1") from None
    if array.shape == (1, SIDE, SIDE) or array.shape == (1, 1, SIDE, SIDE):
        array = array.reshape(SIDE, SIDE)
    if array.shape != (SIDE, SIDE):
        raise AdversarialError(f"the image must be 28x28 (as the model sees it), not {'x'.join(map(str, array.shape))}")
    if not np.isfinite(array).all():
        raise AdversarialError("the image holds NaN or infinite values: give pixel values in 0..1")
    if array.min() < -1e-6 or array.max() > 1 + 1e-6:
        raise AdversarialError(f"pixel values must be in 0..1 (bright ink on black), not "
                               f"{array.min():.3g}..{array.max():.3g}")
    if array.max() < EMPTY_BELOW:
        raise AdversarialError("the image is empty (no ink): draw a digit or choose a probe first")
    return np.clip(array, 0.0, 1.0).copy()


def check_target(target, classes: int = 10) -> int:
    """The target as an int in 0..classes-1, or :class:`AdversarialError`."""
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)) or not 0 <= int(target) < classes:
        raise AdversarialError(f"the target must be a class 0..{classes - 1}, not {target!r}")
    return int(target)


def check_eps(eps) -> float:
    """``eps`` as a float in (0, 1], or :class:`AdversarialError`."""
    try:
        value = float(eps)
    except (TypeError, ValueError):
        value = float("nan")
    if not 0 < value <= 1:
        raise AdversarialError(f"eps is the largest change of a pixel, a fraction of full ink in (0, 1], not {eps!r}")
    return value


def fool(predictor: Predictor, image, target, eps: float = DEFAULT_EPS, steps: int = DEFAULT_STEPS,
         should_stop: Callable[[], bool] | None = None) -> FoolResult:
    """A targeted adversarial example: FGSM, then PGD, until ``predictor`` answers ``target``.

    ``image``: the 28x28 model input (0..1). ``eps``: the largest change of any pixel (a
    fraction of full ink). ``steps``: at most this many gradient steps (FGSM included).
    ``should_stop``: asked between steps; True raises :class:`Cancelled`.
    Bad input raises :class:`AdversarialError` (one line).
    """
    import torch
    import torch.nn.functional as F

    started = time.perf_counter()
    original = check_image(image)
    eps = check_eps(eps)
    steps = int(steps)
    if steps < 1:
        raise AdversarialError(f"steps must be at least 1, not {steps}")
    before = predictor.probabilities(original)
    target = check_target(target, len(before))

    def result(fooled: np.ndarray, probabilities: np.ndarray, taken: int) -> FoolResult:
        fooled = fooled.astype(np.float32)
        return FoolResult(original, fooled, (fooled - original).astype(np.float32), target, eps, taken,
                          int(np.argmax(probabilities)) == target, before, probabilities,
                          (time.perf_counter() - started) * 1000)

    if int(np.argmax(before)) == target:
        return result(original.copy(), before, 0)

    model = predictor.model
    x0 = torch.from_numpy(original)[None, None]
    low, high = (x0 - eps).clamp(min=0.0), (x0 + eps).clamp(max=1.0)
    labels = torch.tensor([target])
    x = x0.clone()
    probabilities = before
    for step in range(1, steps + 1):
        if should_stop is not None and should_stop():
            raise Cancelled()
        x.requires_grad_(True)
        with torch.enable_grad():
            loss = F.cross_entropy(model(x).float(), labels)
            (gradient,) = torch.autograd.grad(loss, x)
        size = eps * (FGSM_STEP_FRACTION if step == 1 else PGD_STEP_FRACTION)
        with torch.no_grad():
            # towards the target: down the target's loss; then back into the ball and [0, 1]
            x = torch.minimum(torch.maximum(x.detach() - size * gradient.sign(), low), high)
        candidate = x[0, 0].numpy().copy()
        probabilities = predictor.probabilities(candidate)
        if int(np.argmax(probabilities)) == target:
            return result(candidate, probabilities, step)
    return result(x[0, 0].numpy().copy(), probabilities, steps)
