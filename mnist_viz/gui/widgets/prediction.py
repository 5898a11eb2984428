"""The canvas's predictions, worker side: who answers, and the steps a prediction takes.

Everything here runs in worker threads (never on the GUI thread) and touches no Qt
object: :class:`Predictors` builds the predictors on demand, :func:`prediction_steps`
preprocesses, predicts (with :mod:`mnist_viz.core.unsure`'s verdict: sure or not) and
explains one drawing, :func:`load_predictor` reads a
checkpoint file, :func:`warm_up` imports torch and captum early. torch is imported only
inside these functions (through :mod:`mnist_viz.core.inference`), never when this module
is imported. The GUI side that runs them one at a time is
:mod:`mnist_viz.gui.widgets.prediction_runner`.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from ...core import preprocess, unsure
from ...core.checkpoints import CheckpointError

#: ``source()`` gives (model name, state dict) of the run in progress, or None.
LiveWeightsSource = Callable[[], "tuple[str, dict] | None"]


@dataclass(frozen=True)
class PredictionResult:
    request: int
    image: np.ndarray | None            # the 28x28 model input; None: nothing drawn
    probabilities: np.ndarray | None = None
    #: the ten logits the probabilities come from (core.unsure's energy score needs them)
    logits: np.ndarray | None = None
    attribution: np.ndarray | None = None
    source: str = ""                   # what answered, in words
    error: str = ""                    # why there is no answer, in words
    complete: bool = False             # False: the attribution is still to come
    method: str = "integrated-gradients"  # the attribution's method (core.explain.METHODS)
    model: str = ""                    # the network that answered ("softmax", "cnn")
    note: str = ""                     # why another method than the one asked for was used
    #: core.unsure's verdict on the logits (None without an answer): unsure = do not state the digit.
    verdict: unsure.Verdict | None = None


class Predictors:
    """Predictors by source key, built on demand in worker threads (never on the GUI thread).

    A key is ("pretrained", model), ("live",) or ("file", path)."""

    def __init__(self) -> None:
        self._cache: dict[tuple, object] = {}
        self._lock = threading.Lock()  # the warm-up thread and a prediction may ask at once
        self.live_source: LiveWeightsSource | None = None

    def get(self, key: tuple):
        from ...core.inference import Predictor

        if key[0] == "live":
            return self._live()
        with self._lock:
            predictor = self._cache.get(key)
            if predictor is None:
                if key[0] == "pretrained":
                    predictor = Predictor.pretrained(key[1])
                else:
                    predictor = Predictor.from_checkpoint(key[1])
                self._cache[key] = predictor
        return predictor

    def put(self, key: tuple, predictor) -> None:
        self._cache[key] = predictor

    def cached(self, key: tuple):
        """The predictor built for ``key`` already, or None."""
        return self._cache.get(key)

    def _live(self):
        from ...core.inference import Predictor

        source = self.live_source
        weights = source() if source is not None else None
        if weights is None:
            raise CheckpointError("no model is being trained yet: start training, "
                                  "or choose the pretrained model")
        model_name, state_dict = weights
        key = ("live", model_name)
        predictor = self._cache.get(key)
        if predictor is None:
            predictor = Predictor.from_state_dict(model_name, state_dict)
            self._cache[key] = predictor
        else:
            predictor.load_state_dict(state_dict)
        predictor.description = f"the {model_name} being trained"
        return predictor


def prediction_steps(request: int, ink: np.ndarray, key: tuple, predictors: Predictors,
                     method: str = "integrated-gradients") -> Iterator[PredictionResult]:
    """Worker side: preprocess and predict (first yield), then explain (second yield).

    The probabilities come first because the attribution costs a few dozen forward and
    backward passes; errors a user can fix become ``error``. ``method`` is one of
    ``core.explain.METHODS``: Integrated Gradients is the predictor's own (as before), the
    others are ``core.explain.explain`` on the predictor's model (the runner runs one
    prediction at a time, so nothing else uses it meanwhile). A method the network does
    not offer (Grad-CAM without a convolution layer) falls back to Integrated Gradients,
    saying why in ``note``.
    """
    image = preprocess.to_mnist(ink)
    if image is None:
        yield PredictionResult(request, None, complete=True)
        return
    try:
        predictor = predictors.get(key)
    except CheckpointError as err:
        yield PredictionResult(request, image, error=str(err), complete=True)
        return
    try:
        answer = predictor.answer(image)
        probabilities = answer.probabilities
        # The shipped models (by their slot, "softmax" or "cnn": the shipped softmax is
        # deskew,fc-10) have rules measured for them, on the logits; any other model (live,
        # a file) gets core.unsure's default rule and threshold.
        verdict = unsure.verdict(probabilities, key[1] if key[0] == "pretrained" else None, logits=answer.logits)
        result = PredictionResult(request, image, probabilities, answer.logits, source=predictor.description,
                                  method=method, model=predictor.model_name, verdict=verdict)
    except RuntimeError as err:  # superqt would swallow it: say it instead
        yield PredictionResult(request, image, error=f"the model failed: {err}", complete=True)
        return
    yield result
    yield replace(result, **explained(predictor, image, int(np.argmax(probabilities)), method), complete=True)


def explained(predictor, image: np.ndarray, target: int, method: str) -> dict:
    """Worker side: {"attribution", "method", "note"} of ``method``'s map for ``target``."""
    from ...core import explain

    note = ""
    if method != explain.DEFAULT_METHOD:
        reason = explain.why_not(predictor.model, method)
        if reason is None:
            try:
                return {"attribution": explain.explain(predictor.model, image, method, target).attribution,
                        "method": method, "note": ""}
            except (RuntimeError, explain.ExplainError) as err:
                reason = str(err).splitlines()[0]
        note, method = reason, explain.DEFAULT_METHOD
    try:
        attribution = predictor.attribution(image, target)
    except RuntimeError:
        attribution = None
    return {"attribution": attribution, "method": method, "note": note}


def load_predictor(path: str, dataset: str | None = None):
    """Worker side: (Predictor, "") for a good checkpoint file, (None, why not) otherwise.

    ``dataset``: refuse a checkpoint trained on another data set (its answers would be
    names of other classes).
    """
    from ...core.inference import Predictor

    try:
        return Predictor.from_checkpoint(path, expect_dataset=dataset), ""
    except CheckpointError as err:
        return None, str(err)


def warm_up(predictors: Predictors, key: tuple) -> None:
    """Worker side: import torch and captum and load the default model before the first stroke."""
    # captum takes seconds to import on a busy machine: better now than mid-drawing
    importlib.import_module("captum.attr")

    try:
        predictors.get(key)
    except CheckpointError:
        pass  # reported when a prediction is asked for
