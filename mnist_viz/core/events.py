"""What the trainer reports: small immutable records, safe to pass between threads.

Every array in an event is a private numpy copy marked read-only, never a live tensor,
so a consumer on another thread (the GUI) can hold on to it while training goes on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np


def frozen_array(array: Any) -> np.ndarray:
    """A read-only numpy copy of a tensor or array."""
    if hasattr(array, "detach"):
        array = array.detach().to("cpu").numpy()
    copy = np.array(array, copy=True)
    copy.setflags(write=False)
    return copy


def frozen_mapping(arrays: Mapping[str, Any]) -> Mapping[str, np.ndarray]:
    return MappingProxyType({name: frozen_array(value) for name, value in arrays.items()})


@dataclass(frozen=True)
class RunStarted:
    """Sent once when a run begins (and again after weights are reset)."""

    model: str
    preset: str
    total_steps: int
    steps_per_epoch: float
    batch_size: int
    device: str
    train_size: int
    test_size: int
    parameters: int
    step: int = 0


@dataclass(frozen=True)
class StepDone:
    """One optimisation step. ``loss`` is the mean cross-entropy per example of the batch."""

    step: int
    epoch: float
    loss: float
    batch_accuracy: float
    learning_rate: float
    samples_per_s: float
    elapsed_s: float
    total_steps: int


@dataclass(frozen=True)
class Evaluated:
    """The whole test set, evaluated without dropout."""

    step: int
    test_accuracy: float
    test_loss: float
    confusion: np.ndarray  # (10, 10) counts: row = true digit, column = prediction
    seconds: float
    predictions: np.ndarray | None = None   # (test size,) predicted digit of every test image
    misclassified: np.ndarray | None = None  # indices of the test images predicted wrongly
    #: Accuracy on a fixed subset of the training images, evaluated as the test set is (no
    #: dropout): beside test_accuracy it shows over-fitting (see Trainer.train_eval_images).
    #: None where it was not measured (recordings, older callers).
    train_accuracy: float | None = None

    @property
    def per_class_accuracy(self) -> np.ndarray:
        totals = self.confusion.sum(axis=1)
        return np.divide(np.diag(self.confusion), totals, out=np.zeros(10), where=totals > 0)


@dataclass(frozen=True)
class Snapshot:
    """Weights and probe activations by part name (see ``models``), as read-only arrays."""

    step: int
    arrays: Mapping[str, np.ndarray]
    probe_label: int | None = None
    probe_index: int | None = None


@dataclass(frozen=True)
class Diverged:
    """The loss stopped being a usable number; training pauses (GUI) or ends (CLI)."""

    step: int
    loss: float
    message: str


@dataclass(frozen=True)
class Finished:
    """The run ended: ``reason`` is ``completed``, ``stopped`` or ``diverged``."""

    step: int
    reason: str
    test_accuracy: float | None
    wall_s: float
    samples_per_s: float
    metrics: Mapping[str, float] = field(default_factory=dict)


Event = RunStarted | StepDone | Evaluated | Snapshot | Diverged | Finished
