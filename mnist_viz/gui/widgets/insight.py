"""The embedding and units panels' computations, worker side (no Qt, torch imported lazily).

Everything here runs in worker threads started by a
:class:`~mnist_viz.gui.widgets.prediction_runner.PredictionRunner` (one at a time, the
newest request only), never on the GUI thread, and touches no Qt object. Each job takes a
:class:`mnist_viz.core.state.Weights` (read here: a live run's reader waits for the
current training step), builds the model with ``core.models.build_model`` and loads the
state dict into it, so the computation runs on a private copy that no training thread
uses, then calls the Qt-free core:

* :func:`embedding_steps`: :func:`mnist_viz.core.embedding.embed` of the class-balanced
  sample, one :class:`EmbeddingResult`;
* :func:`unit_layers_of`: the layers whose units can be chosen (``core.units.unit_layers``);
* :func:`unit_steps`: a unit's 9 top test images (:class:`TopResult`, from the layer's
  maxima over the whole test set, computed a slice at a time with a :class:`ProgressResult`
  after each, and kept in a :class:`UnitsCache` so that another unit of the same layer is
  free), then the activation-maximisation frames as they come (:class:`FrameResult`); a
  newer request stops the generator at its next yield.

Errors a user can act on (weights not known in full, diverged weights, a unit that does
not exist) become the result's ``error`` line instead of a traceback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

#: Test images per slice of a layer's maxima (see unit_steps).
SLICE = 1000
#: The mean cost measured on the 2-core machine (README), said in the panels.
EMBEDDING_COST_S = {"cnn": 1.4, "softmax": 0.2}


def model_from_weights(weights):
    """A fresh model of ``weights.model`` holding a copy of ``weights.read()`` (worker side)."""
    if weights is None:
        raise LookupError("no weights are shown yet: train a model, or choose the shipped one")
    return weights.network()


def weights_step(weights) -> int | None:
    """The step the weights were read at (the shipped models learn theirs once read)."""
    return getattr(weights, "step", None)


# ================================================================ embedding
@dataclass(frozen=True)
class EmbeddingResult:
    request: int
    embedding: object | None = None   # core.embedding.Embedding
    step: int | None = None           # the training step the weights were read at
    seconds: float = 0.0              # the whole job: reading, features, projection
    error: str = ""


def embedding_steps(request: int, weights, images: np.ndarray, labels: np.ndarray, method: str,
                    previous, step: int | None, count: int = 2000) -> Iterator[EmbeddingResult]:
    """Worker side: one :class:`EmbeddingResult` of ``count`` class-balanced test images for
    ``weights`` (``previous``, the picture before, keeps the axes)."""
    from ...core.embedding import EmbeddingError, embed

    started = time.perf_counter()
    try:
        model = model_from_weights(weights)
        embedding = embed(model, images, labels, method=method, previous=previous, count=count)
    except (LookupError, EmbeddingError, RuntimeError, ValueError) as err:
        yield EmbeddingResult(request, None, step, time.perf_counter() - started, str(err).splitlines()[0])
        return
    shown_step = step if step is not None else weights_step(weights)
    yield EmbeddingResult(request, embedding, shown_step, time.perf_counter() - started)


# ==================================================================== units
@dataclass(frozen=True)
class LayerInfo:
    name: str
    kind: str     # "conv", "fc", "output"
    units: int


def unit_layers_of(weights) -> list[LayerInfo]:
    """Worker side: the layers of ``weights``' model whose units can be chosen."""
    from ...core import units
    from ...core.builder import build_model

    model = build_model(weights.model)
    return [LayerInfo(layer.name, layer.kind, layer.units) for layer in units.unit_layers(model)]


class UnitsCache:
    """The layers' maxima over the test set for one version of the weights; a new version
    empties it. Shared by successive workers (one at a time: the runner's)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: object = None
        self._maxima: dict[str, object] = {}

    def get(self, version, layer: str):
        with self._lock:
            if version != self._version:
                self._version, self._maxima = version, {}
            return self._maxima.get(layer)

    def put(self, version, layer: str, maxima) -> None:
        with self._lock:
            if version == self._version:
                self._maxima[layer] = maxima


def joined_maxima(parts: list):
    """One ``core.units.LayerMaxima`` from those of consecutive slices of the images."""
    from ...core.units import LayerMaxima

    first = parts[0]
    positions = None if first.positions is None else np.concatenate([part.positions for part in parts])
    return LayerMaxima(first.layer, np.concatenate([part.values for part in parts]), positions, first.map_shape,
                       sum(part.seconds for part in parts))


@dataclass(frozen=True)
class ProgressResult:
    request: int
    layer: str
    unit: int
    done: int    # test images passed through so far
    total: int


@dataclass(frozen=True)
class TopResult:
    request: int
    layer: str
    unit: int
    top: object | None = None         # core.units.TopImages
    baseline: float | None = None     # the unit's activation on the mean test image
    step: int | None = None
    seconds: float = 0.0
    error: str = ""


@dataclass(frozen=True)
class FrameResult:
    request: int
    layer: str
    unit: int
    frame: object                     # core.units.Frame
    baseline: float


def unit_steps(request: int, weights, images: np.ndarray, layer: str, unit: int, version, cache: UnitsCache,
               step: int | None = None, steps: int = 256) -> Iterator[ProgressResult | TopResult | FrameResult]:
    """Worker side: the unit's top images first, then the activation maximisation's frames.

    The layer's maxima over the test set (kept in ``cache``) are computed a slice of
    ``SLICE`` images at a time, with a :class:`ProgressResult` after each: a newer request
    (or the window closing) stops the worker there rather than after the whole test set."""
    from ...core import units

    started = time.perf_counter()
    try:
        model = model_from_weights(weights)
        units.check_unit(model, layer, unit)
        maxima = cache.get(version, layer)
        if maxima is None:
            parts = []
            for begin in range(0, len(images), SLICE):
                parts.append(units.layer_maxima(model, layer, images[begin:begin + SLICE]))
                yield ProgressResult(request, layer, unit, min(begin + SLICE, len(images)), len(images))
            maxima = joined_maxima(parts)
            cache.put(version, layer, maxima)
        top = units.top_images(model, maxima, unit)
        mean_image = np.asarray(images, dtype=np.float32).mean(axis=0) / 255.0
        baseline = float(units.unit_activation(model, layer, unit, mean_image[None])[0])
    except (LookupError, units.UnitError, RuntimeError, ValueError) as err:
        yield TopResult(request, layer, unit, error=str(err).splitlines()[0], step=step)
        return
    shown_step = step if step is not None else weights_step(weights)
    yield TopResult(request, layer, unit, top, baseline, shown_step, time.perf_counter() - started)
    for frame in units.maximise(model, layer, unit, steps=steps):
        yield FrameResult(request, layer, unit, frame, baseline)
