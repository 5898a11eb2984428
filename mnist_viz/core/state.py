"""What the window shows, kept free of Qt: the state every panel is a view of.

napari's ``components`` are the pattern: plain objects that say what is on screen, with
signals (psygnal, Qt-free) that views listen to. Whoever changes the state (a run's
snapshot, the timeline, File > Open model, the canvas's choice of model, a probe picked
in any panel) changes it here, and every view redraws from it.

* :class:`RunState`: the bookkeeping of the run the panels show, or the one that trained last.
* :class:`Weights`: which weights are shown: the live run (its latest snapshot while it
  trains, its final weights once it has ended), a replayed step of a recording, an opened
  checkpoint, or a shipped model.
* :class:`Probe`: the image whose activations are shown: a test image by number, a
  training image, or any 28x28 image (a drawing).
* :class:`ViewState`: the three together with the data set, and their change signals.

The rule the window follows: while a run trains, the panels show the run (its snapshots
come from the training thread at the snapshot rate). When nothing trains, the user's
latest choice (the model box, File > Open model, the canvas's model) says which weights
are shown, and :mod:`mnist_viz.core.inspect` computes whatever a panel needs from them
for the current probe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from psygnal import Signal

#: What the weights shown are: the run trained in this window, a replayed recording, a
#: checkpoint file, or a model shipped with the app.
ORIGINS = ("live", "replay", "checkpoint", "shipped")


@dataclass
class RunState:
    """The run the panels show, or the one that trained last."""

    #: The run's model ("softmax", "cnn"); None until a run has started in this window.
    model: str | None = None
    #: The data set the run trains on (its answers mean that data set's classes).
    dataset: str | None = None
    #: The newest step the run has reported.
    last_step: int = 0
    #: True once the run has sent its Finished event.
    finished: bool = False
    #: Reset weights asked for a restart from step 0: paused (True) or running (False) once
    #: the old run has ended; None when no restart is pending.
    restart_paused: bool | None = None

    @property
    def restarting(self) -> bool:
        return self.restart_paused is not None

    def start(self, model: str, dataset: str) -> None:
        """A new run is starting."""
        self.model, self.dataset = model, dataset
        self.last_step, self.finished = 0, False


class Weights:
    """One set of weights the panels can show.

    ``reader`` returns the full state dict (name -> CPU tensor) when called off the GUI
    thread; a live run's reader waits for the current training step to end. ``frozen``
    weights never change again (a checkpoint, a shipped model, a run that has ended), so
    their state dict is read once and kept. A replayed step has a reader only where the
    recording keeps the full weights (its keyframes, ``full_steps``); elsewhere a recording
    keeps only the parts it recorded, and those are what its panels show.
    """

    def __init__(self, origin: str, model: str, dataset: str, step: int | None, label: str,
                 reader: Callable[[], Mapping[str, Any]] | None = None, frozen: bool = True,
                 path: str | None = None, config: Any = None,
                 progress: Callable[[], int] | None = None, full_steps: tuple[int, ...] = ()) -> None:
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
        self.origin, self.model, self.dataset, self.step = origin, model, dataset, step
        #: In words, for the status bar: "this run", "checkpoint best.pt", "the shipped CNN".
        self.label = label
        #: The checkpoint's file (origin "checkpoint"), else None.
        self.path = path
        #: The run's TrainConfig (origin "live"), for saving its weights; else None.
        self.config = config
        self.frozen = frozen
        #: A replayed recording's steps at which it keeps the full weights (its keyframes):
        #: where a panel that needs them can send the user. Empty otherwise.
        self.full_steps = tuple(full_steps)
        self._progress = progress
        self._reader = reader
        self._state: Mapping[str, Any] | None = None
        self._lock = threading.Lock()

    @property
    def computable(self) -> bool:
        """True if any part can be computed from these weights (a reader is known)."""
        return self._reader is not None

    def read(self) -> Mapping[str, Any]:
        """The full state dict (off the GUI thread). Raises LookupError without a reader."""
        if self._reader is None:
            raise LookupError(f"the weights of {self.label} are not known in full")
        if not self.frozen:
            return self._reader()
        with self._lock:
            if self._state is None:
                self._state = self._reader()
            return self._state

    def current_step(self) -> int | None:
        """The step these weights are at now: a live run's ``progress`` (its step count, read
        from any thread), else ``step``."""
        return self._progress() if self._progress is not None and not self.frozen else self.step

    def network(self, model=None):
        """A network holding these weights (off the GUI thread; imports torch): ``model`` reused
        when it is already a network of the same kind, else a fresh one. In eval mode."""
        from .builder import build_model

        state = self.read()
        if model is None or getattr(model, "name", None) != self.model:
            model = build_model(self.model)
        model.load_state_dict(dict(state))
        return model.eval()

    def ended(self) -> Weights:
        """These live weights once their run has ended: the same reader, frozen at the step reached."""
        return Weights(self.origin, self.model, self.dataset, self.current_step(), self.label, self._reader,
                       frozen=True, path=self.path, config=self.config)

    def __repr__(self) -> str:
        return f"Weights({self.origin}, {self.model}, step {self.step}, {self.label!r})"


@dataclass(frozen=True)
class Probe:
    """The image whose activations the panels show.

    ``kind`` "test" (test image ``index``), "train" (training image ``index``) or "image"
    (``image``: a (28, 28) float array in [0, 1], bright ink, such as a drawing).
    """

    kind: str = "test"
    index: int | None = 0
    image: np.ndarray | None = field(default=None, compare=False)
    label: int | None = None

    @classmethod
    def test(cls, index: int) -> Probe:
        return cls("test", int(index))

    @classmethod
    def drawn(cls, image: np.ndarray, label: int | None = None) -> Probe:
        """An image as the probe (a drawing; a training image as trained on, with its ``label``)."""
        array = np.array(image, dtype=np.float32, copy=True).reshape(28, 28)
        array.setflags(write=False)
        return cls("image", None, array, None if label is None else int(label))

    def describe(self) -> str:
        if self.kind == "image":
            return "a drawn image"
        return f"{'test' if self.kind == 'test' else 'training'} #{self.index}"


class ViewState:
    """Which weights, which probe, which data set: what every panel shows a function of.

    Setting a value that equals the current one emits nothing. Signals are emitted in the
    thread that sets the value (the window sets them on the GUI thread).
    """

    weights_changed = Signal(object)   # Weights | None
    probe_changed = Signal(object)     # Probe
    dataset_changed = Signal(str)

    def __init__(self, dataset: str = "mnist") -> None:
        self.run = RunState()
        self._weights: Weights | None = None
        self._probe = Probe()
        self._dataset = dataset

    @property
    def weights(self) -> Weights | None:
        return self._weights

    def set_weights(self, weights: Weights | None) -> None:
        if weights is not self._weights:
            self._weights = weights
            self.weights_changed.emit(weights)

    @property
    def probe(self) -> Probe:
        return self._probe

    def set_probe(self, probe: Probe) -> None:
        same = (probe == self._probe and (probe.image is None) == (self._probe.image is None)
                and (probe.image is None or np.array_equal(probe.image, self._probe.image)))
        if not same:
            self._probe = probe
            self.probe_changed.emit(probe)

    @property
    def dataset(self) -> str:
        return self._dataset

    def set_dataset(self, dataset: str) -> None:
        if dataset != self._dataset:
            self._dataset = dataset
            self.dataset_changed.emit(dataset)
