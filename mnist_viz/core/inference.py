"""Ask a model about one 28x28 image: what digit is it, and which pixels say so.

A :class:`Predictor` holds one model in eval mode on the CPU. It is built from a
checkpoint file, from the shipped pretrained checkpoint, or from a state dict (the live
weights of a run in progress, which :meth:`Predictor.load_state_dict` swaps in without
rebuilding the model). Its methods take and return numpy arrays, so callers (the canvas
panel, ``mnist-viz predict``) never touch torch.

Why this answer: :meth:`Predictor.attribution` uses **Integrated Gradients** (captum)
with a black baseline, on the logit of the asked-for class. We picked it over plain
Saliency because

* it is signed: red pixels push towards the class, blue ones away from it, which reads
  directly in a diverging colour map, whereas saliency's |gradient| only says "sensitive";
* with a black baseline it is zero off the ink and sums to logit(image) - logit(blank),
  so the overlay shows how the ink the user drew adds up to the answer;
* for softmax regression it is exactly x_i * W_ik, the "evidence" of the TensorFlow
  tutorial, so both models are explained in the same words;
* gradients of a ReLU network at one point are noisy; integrating along the path from
  black to the image smooths them. At 28x28 and 32 steps this costs a few
  milliseconds for softmax and a few tens for the CNN, well within a debounced update.

Precision: ``precision`` "fp32" (the default), "bf16" or "auto" (bf16 where the CPU has it
natively, see :mod:`mnist_viz.core.precision`) sets what the probabilities and batch
predictions are computed in: under bf16 autocast the convolutions and products run in
bf16, the probabilities come out as float32. The attribution always runs in float32 (its
path integral is the sum of 32 gradients and should add up to the logit difference).

Thread-safety: one Predictor may be used from a worker thread while another thread swaps
its weights; a lock keeps each call consistent.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import numpy as np
import torch

from . import checkpoints, levers, networks
from . import precision as mixed
from .builder import Model, build_model
from .config import shipped_model

IG_STEPS = 32


def shipped_model_ok(slot: str, model_name: str) -> bool:
    """Whether a checkpoint of ``model_name`` is what is shipped as ``slot`` ("softmax",
    "cnn"): its preset's model (``config.shipped_model``: the softmax is ``deskew,fc-10``)."""
    return model_name == shipped_model(slot)


@dataclass(frozen=True)
class Prediction:
    probabilities: np.ndarray  # (10,) float32, sums to 1
    #: (10,) float32, the model's outputs before the softmax (:meth:`Predictor.answer` and
    #: :meth:`Predictor.predict` give them; core.unsure's energy score needs them)
    logits: np.ndarray | None = None

    @property
    def digit(self) -> int:
        return int(np.argmax(self.probabilities))

    @property
    def confidence(self) -> float:
        return float(self.probabilities[self.digit])


class Predictor:
    """One model, ready to classify single 28x28 images and explain the answer."""

    def __init__(self, model: Model, description: str = "", precision: str = "fp32") -> None:
        self.model = model.eval()
        self.description = description or networks.title(model.name)
        #: The checkpoint it was read from (:meth:`from_checkpoint`, :meth:`pretrained`), else None.
        self.checkpoint: checkpoints.Checkpoint | None = None
        self._lock = threading.Lock()
        self.precision = "fp32"
        self.set_precision(precision)

    def set_precision(self, precision: str) -> None:
        """"fp32", "bf16" or "auto" (resolved for the CPU: ``self.precision`` is fp32 or bf16)."""
        resolved = mixed.resolve(precision, "cpu")
        with self._lock:
            self.precision = resolved

    @property
    def model_name(self) -> str:
        return self.model.name

    # ------------------------------------------------------------- building
    @classmethod
    def from_checkpoint(cls, path: str | os.PathLike[str], expect_model: str | None = None,
                        precision: str = "fp32", expect_dataset: str | None = None) -> Predictor:
        """The one way from a checkpoint file to a predictor (predict, explain, the canvas).

        Raises :class:`checkpoints.CheckpointError` with a one-line message on a bad file, one
        of another model than ``expect_model`` or trained on another data set than
        ``expect_dataset`` (its answers would name other classes). The predictor keeps the
        :class:`checkpoints.Checkpoint` (``.checkpoint``: step, metrics, data set)."""
        return cls._from_file(path, expect_model, shipped=False, precision=precision, expect_dataset=expect_dataset)

    @classmethod
    def _from_file(cls, path: str | os.PathLike[str], expect_model: str | None, shipped: bool,
                   precision: str = "fp32", expect_dataset: str | None = None) -> Predictor:
        model, checkpoint = checkpoints.load_model(path, expect_model, expect_dataset)
        name = networks.title(checkpoint.model_name)
        origin = f"pretrained {name}" if shipped else f"{name} from {os.path.basename(os.fspath(path))}"
        accuracy = checkpoint.metrics.get("test_accuracy")
        note = f", {accuracy:.1%} on the test set" if accuracy is not None else ""
        predictor = cls(model, origin + note, precision=precision)
        predictor.checkpoint = checkpoint
        return predictor

    @classmethod
    def pretrained(cls, model_name: str, precision: str = "fp32") -> Predictor:
        """The checkpoint shipped in resources/pretrained/ for ``model_name`` ("softmax", "cnn").

        The shipped softmax is softmax regression on deskewed digits (``deskew,fc-10``, see
        ``config.shipped_model``), not the tutorial's plain one."""
        path = checkpoints.pretrained_path(model_name)
        if not path.exists():
            raise checkpoints.CheckpointError(
                f"the pretrained {model_name} checkpoint is missing ({path}); "
                "regenerate it with scripts/make_pretrained.py")
        predictor = cls._from_file(path, None, shipped=True, precision=precision)
        if not shipped_model_ok(model_name, predictor.model_name):
            raise checkpoints.CheckpointError(
                f"{path} holds a {networks.title(predictor.model_name)} model, not the shipped "
                f"{networks.title(shipped_model(model_name))}; regenerate it with scripts/make_pretrained.py")
        return predictor

    @classmethod
    def from_state_dict(cls, model_name: str, state_dict: dict, description: str = "",
                        precision: str = "fp32") -> Predictor:
        model = build_model(model_name)
        predictor = cls(model, description, precision=precision)
        predictor.load_state_dict(state_dict)
        return predictor

    def load_state_dict(self, state_dict: dict) -> None:
        """Swap in new weights for the same architecture (e.g. the live weights of a run)."""
        with self._lock:
            try:
                self.model.load_state_dict(state_dict)
            except RuntimeError as err:
                raise checkpoints.CheckpointError(f"the weights do not fit the {networks.title(self.model_name)} model: "
                                                  f"{str(err).splitlines()[0]}") from err
            self.model.eval()

    # -------------------------------------------------------------- asking
    @staticmethod
    def _as_input(image: np.ndarray) -> torch.Tensor:
        array = np.asarray(image, dtype=np.float32)
        if array.shape != (28, 28):
            raise ValueError(f"expected a 28x28 image, got shape {array.shape}")
        return torch.from_numpy(array.copy())[None, None]

    def probabilities(self, image: np.ndarray) -> np.ndarray:
        """The ten class probabilities for a 28x28 image (bright ink, 0..1)."""
        return self.answer(image).probabilities

    def answer(self, image: np.ndarray) -> Prediction:
        """The ten probabilities and the ten logits they come from, of one forward pass
        (core.unsure judges the energy score from the logits)."""
        x = self._as_input(image)
        with self._lock, torch.inference_mode(), mixed.autocast("cpu", self.precision):
            logits = self.model(x).float()
            probabilities = logits.softmax(dim=1)[0].numpy().astype(np.float32)
        return Prediction(probabilities, logits[0].numpy().astype(np.float32))

    def predict(self, image: np.ndarray) -> Prediction:
        return self.answer(image)

    def predict_batch(self, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
        """Predicted digits for an (N, 28, 28) array."""
        images = np.asarray(images, dtype=np.float32)
        digits = []
        with self._lock, torch.inference_mode(), mixed.autocast("cpu", self.precision):
            for start in range(0, len(images), batch_size):
                batch = torch.from_numpy(images[start:start + batch_size].copy())[:, None]
                # through the CPU levers, as the Trainer's evaluation (0.72x the plain time at batch 1000)
                digits.append(levers.forward(self.model, batch).argmax(dim=1).numpy())
        return np.concatenate(digits) if digits else np.zeros(0, dtype=np.int64)

    def attribution(self, image: np.ndarray, target: int, steps: int = IG_STEPS) -> np.ndarray:
        """Integrated Gradients of the ``target`` logit, black baseline: a signed 28x28 map.

        Positive values: this ink makes the model more sure of ``target``; negative: less.
        """
        from captum.attr import IntegratedGradients

        if not 0 <= int(target) < 10:
            raise ValueError(f"target must be a digit 0..9, not {target}")
        x = self._as_input(image)
        with self._lock:
            attributions = IntegratedGradients(self.model).attribute(
                x, baselines=torch.zeros_like(x), target=int(target), n_steps=steps,
                internal_batch_size=steps)
        return attributions[0, 0].detach().numpy().astype(np.float32)
