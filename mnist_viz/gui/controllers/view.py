"""What the panels show when nothing trains: the view state's controller.

The window's :class:`~mnist_viz.core.state.ViewState` says which weights are shown, which
probe, which data set. This controller keeps it, and keeps every panel a view of it:

* While a run trains (running or paused), the training thread sends the snapshots: a
  probe change or a panel coming into view goes to the worker, which answers with a
  snapshot of the run's weights.
* When nothing trains, the weights shown are the user's latest choice: the run that ended
  (its final weights), the model box's choice (the shipped model of that network, for
  MNIST), File > Open model, or the canvas's model. Any change (probe, weights, a panel
  shown, a layer switched on) asks the inspector (:mod:`mnist_viz.core.inspect`) for the
  parts the visible panels need, in a worker, newest request only, and the hub hands the
  result to the panels as a snapshot.
* While a recording is replayed, its snapshots are what the panels show: they hold the
  activations of the probe recorded with them only, so a probe change there re-shows the
  recorded probe and says so.

The inspection of one probe is measured in ``mnist-viz bench`` ("idle probe change").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from ...core import config
from ...core import events as ev
from ...core.inspect import Inspector
from ...core.state import Probe, ViewState, Weights
from ..hub import PanelHub
from ..widgets.prediction_runner import PredictionRunner
from .worker import TrainingController

#: Names of the shipped models, for the status bar.
SHIPPED_NAMES = {"cnn": "the shipped CNN", "softmax": "the shipped softmax model (plain pixels)",
                 config.shipped_model("softmax"): "the shipped softmax model"}


@dataclass(frozen=True)
class _Inspected:
    request: int
    snapshot: ev.Snapshot | None
    weights: Weights
    probe: Probe
    seconds: float
    error: str = ""


def _inspect(request: int, inspector: Inspector, weights: Weights, probe: Probe, parts: frozenset[str],
             test_images, test_labels) -> Iterator[_Inspected]:
    """Worker side: the parts for ``weights`` and ``probe``."""
    started = time.perf_counter()
    image, label, index = probe.image, probe.label, probe.index
    if probe.kind == "test" and test_images is not None and index is not None and len(test_images):
        index = int(index) % len(test_images)
        image = np.asarray(test_images[index], dtype=np.float32) / 255.0
        label = int(test_labels[index])
    try:
        snapshot = inspector.snapshot(weights, parts, image, label, index if probe.kind == "test" else None)
    except (LookupError, RuntimeError, ValueError, OSError) as err:
        yield _Inspected(request, None, weights, probe, time.perf_counter() - started, str(err))
        return
    yield _Inspected(request, snapshot, weights, probe, time.perf_counter() - started)


_SHIPPED: dict[str, Weights] = {}


def shipped_weights(model: str) -> Weights:
    """The shipped weights of the network ``model`` (MNIST only; see has_shipped), read when
    first needed, and once. The tutorial softmax ("softmax", plain pixels) and the canvas's
    shipped softmax ("deskew,fc-10") are two networks, each with its own file."""
    if model in _SHIPPED:
        return _SHIPPED[model]

    def read():
        from ...core import checkpoints

        network, checkpoint = checkpoints.load_model(checkpoints.shipped_path(model), expect_model=model)
        weights.step = checkpoint.step  # the step it was trained to, known once it is read
        return {k: v.detach().to("cpu", copy=True) for k, v in network.state_dict().items()}

    weights = _SHIPPED[model] = Weights("shipped", model, "mnist", None, SHIPPED_NAMES.get(model, model), read)
    return weights


def has_shipped(model: str) -> bool:
    """Whether a checkpoint of the network ``model`` is shipped with the app."""
    from ...core import checkpoints

    path = checkpoints.shipped_path(model)
    return path is not None and path.is_file()


class ViewController(QObject):
    """Keeps the view state and feeds the panels from it whenever nothing trains."""

    #: What the panels show, in words, for the status bar ("this run, step 1,000", ...).
    showing_changed = Signal(str)
    #: One line for the status bar (a probe a recording cannot show, an inspection that failed).
    message = Signal(str)
    #: A run was created: its live Weights (origin "live", its TrainConfig in ``config``, a
    #: reader of its full state dict that works during and after the run). Autosave and
    #: File > Save model... learn the run from this and the worker's events.
    run_created = Signal(object)

    def __init__(self, parent: QObject, state: ViewState, worker: TrainingController, hub: PanelHub,
                 current_model: Callable[[], str], test_set: Callable[[], tuple | None]) -> None:
        super().__init__(parent)
        self.state = state
        self.worker = worker
        self.hub = hub
        #: The model the control panel has chosen (the docks on screen are that model's).
        self.current_model = current_model
        #: (test images uint8 (N, 28, 28), labels) of the data set loaded, or None.
        self.test_set = test_set
        #: True while the panels show a replayed step (set once the replay controller exists).
        self.replaying: Callable[[], bool] = lambda: False
        #: Re-show the replayed step (set once the replay controller exists).
        self.reshow_replayed: Callable[[], None] = lambda: None
        self.inspector = Inspector()
        #: The weights of the run trained last in this window (None before the first run).
        self.last_run: Weights | None = None
        #: Seconds the newest inspection took (tests and the bench read it).
        self.last_seconds: float | None = None
        self.torch_loaded = False
        self._closed = False
        self._runner = PredictionRunner(self._next_job, self)
        self._runner.yielded.connect(self._on_inspected)
        self._runner.errored.connect(lambda error: self.message.emit(
            self.tr("The panels could not be updated: {0}").format(error)))
        state.weights_changed.connect(self._on_weights_changed)
        state.probe_changed.connect(self._on_probe_changed)
        hub.probe_index_requested.connect(self.set_probe_index)
        hub.probe_image_requested.connect(self.set_probe_image)
        hub.labelled_probe_requested.connect(self.set_probe_image)
        hub.panel_visibility.connect(lambda _pid, visible: self.refresh() if visible else None)
        hub.parts_wanted.connect(lambda *_: self.refresh())
        worker.trainer_created.connect(self._on_trainer_created)
        worker.state_changed.connect(self._on_worker_state)

    # ================================================================ choosing
    @property
    def training(self) -> bool:
        """True while a run is in progress (running or paused): the worker answers."""
        return self.worker.running

    def set_probe_index(self, index: int) -> None:
        self.state.set_probe(Probe.test(index))

    def set_probe_image(self, image, label: int | None = None) -> None:
        """``image`` (28x28 float in [0, 1]) becomes the probe; ``label``: its true class, when known."""
        self.state.set_probe(Probe.drawn(image, label))

    def show_weights(self, weights: Weights | None) -> bool:
        """Show ``weights`` in every panel (File > Open model, the canvas's model).

        While a run trains the panels keep showing the run: False then (the canvas
        still answers with what was chosen)."""
        if self.training:
            return False
        self.state.set_weights(weights)
        return True

    def choose_key(self, key: tuple, select_model: Callable[[str], None]) -> bool:
        """The canvas's model box chose ``key``: ("pretrained", model), ("live",) or ("file",
        path, model). Every panel shows it (and the control panel that model), unless a run
        trains: False then."""
        if self.training:
            return False
        if key[0] == "pretrained":  # (a shipped file: its network, config.shipped_model)
            weights = shipped_weights(config.shipped_model(key[1]) if key[1] in config.SHIPPED_SLOTS else key[1])
        elif key[0] == "live":
            weights = self.last_run
            if weights is None:
                return True  # nothing trained yet: the canvas says so itself
        else:
            path, model = key[1], key[2]
            weights = self._checkpoint_weights(path, model)
        self.state.set_weights(weights)
        select_model(weights.model)
        return True

    def show_checkpoint(self, path: str, checkpoint, select_model: Callable[[str], None]) -> bool:
        """File > Open model: every panel shows the checkpoint (a checked ``core.checkpoints``
        Checkpoint), and the control panel its network, whichever was chosen before (as the
        canvas's model box does), unless a run trains: False then (the canvas alone answers)."""
        if self.training:
            return False
        self.state.set_weights(self._checkpoint_weights(str(path), checkpoint.model_name, checkpoint.step))
        select_model(checkpoint.model_name)
        return True

    def _checkpoint_weights(self, path: str, model: str, step: int | None = None) -> Weights:
        def read():  # from the file, checked again (it may have changed since it was opened)
            from ...core import checkpoints

            network, _ = checkpoints.load_model(path, expect_model=model)
            return {k: v.detach().to("cpu", copy=True) for k, v in network.state_dict().items()}

        return Weights("checkpoint", model, self.state.dataset, step, Path(path).name, read, path=path)

    def replayed(self, recording, step: int | None) -> None:
        """The timeline shows ``recording`` at ``step`` (None: the panels left the replay)."""
        if recording is None:
            weights = self.last_run if self.training else None
            if weights is not None:
                self.state.set_weights(weights)
            else:
                self.state.set_weights(None)
                self.choose_for_model(self.current_model())
            self.refresh()
            return
        dataset = recording.manifest.get("dataset") or self.state.dataset
        kept = recording.weight_steps()
        read = None
        if step in kept:  # the recording keeps all the weights here: anything can be computed
            def read(recording=recording, step=step):
                from ...core.recording import RecordingError

                try:
                    return recording.read_weights(step)
                except RecordingError as err:  # a damaged keyframe: the panel says it, in one line
                    raise LookupError(str(err)) from None
        self.state.set_weights(Weights("replay", recording.model, str(dataset), step,
                                       recording.run_dir.name, read, full_steps=tuple(kept)))

    def choose_for_model(self, model: str) -> None:
        """The model box changed while nothing trains: show the newest weights of that network:
        the last run's, else the shipped model's (the two tutorial models, MNIST only), else none."""
        if self.training or self.replaying():
            return
        current = self.state.weights
        if current is not None and current.model == model and current.dataset == self.state.dataset:
            return
        run = self.last_run
        if run is not None and run.model == model and run.dataset == self.state.dataset:
            self.state.set_weights(run)
        elif self.state.dataset == "mnist" and self.torch_loaded and has_shipped(model):
            self.state.set_weights(shipped_weights(model))  # (a network of one's own has none shipped)
        else:
            self.state.set_weights(None)

    def set_dataset(self, dataset: str) -> None:
        self.state.set_dataset(dataset)
        weights = self.state.weights
        if weights is not None and weights.dataset != dataset:
            self.state.set_weights(None)
        self.choose_for_model(self.current_model())

    def on_torch_ready(self) -> None:
        self.torch_loaded = True
        if self.state.weights is None:
            self.choose_for_model(self.current_model())

    # ================================================================= the run
    def _on_trainer_created(self, trainer) -> None:
        # The one place of the window that reads a trainer: its weights and its step count.
        config = trainer.config
        self.last_run = Weights("live", config.model, config.dataset, 0, self.tr("this run"),
                                trainer.state_copy, frozen=False, config=config, progress=lambda: trainer.step)
        self.run_created.emit(self.last_run)
        self.state.set_weights(self.last_run)  # (the worker has the probe: see _on_probe_changed)

    def _on_worker_state(self, state: str) -> None:
        if self._closed:
            return  # the window is being torn down: its panels may be gone
        run = self.last_run
        # (A restart after "Reset weights" may already have started the next run: then the
        # worker is busy again and this run's end is that one's beginning.)
        if state != "idle" or self.worker.state != "idle" or run is None or run.frozen:
            self._describe()
            return
        # The run has ended: its weights will not change again.
        self.last_run = run.ended()
        self.state.set_weights(self.last_run)

    # ============================================================== reacting
    def _on_weights_changed(self, weights: Weights | None) -> None:
        if self._closed:
            return
        self.hub.show_weights(weights)
        self._describe()
        self.refresh()

    def _on_probe_changed(self, probe: Probe) -> None:
        # the worker keeps the probe for the run in progress and the next one
        if probe.kind == "image" and probe.image is not None:
            self.worker.set_probe_image(np.array(probe.image), probe.label)  # a copy torch may write to
        elif probe.index is not None:
            self.worker.set_probe_index(probe.index)
        if self.replaying():
            self.reshow_replayed()
            self.message.emit(self.tr("A recording holds the activations of the probe it was recorded with "
                                      "only: the panels show that one"))
            return
        self.refresh()

    def refresh(self) -> None:
        """Give the visible panels the right picture for the state, if nothing trains."""
        if self.training or self.replaying() or self._closed:
            return
        self._runner.start()

    def _next_job(self) -> tuple | None:
        weights = self.state.weights
        if weights is None or not weights.computable or self.training or self.replaying():
            return None
        if weights.origin == "live" and not weights.frozen:
            return None  # a run about to train: its snapshots come from the worker
        if weights.model != self.hub.shown_model():
            return None  # the docks on screen are another network's
        parts = frozenset(self.hub.visible_parts())
        if not parts:
            return None
        test = self.test_set()
        images, labels = test if test is not None else (None, None)
        return _inspect, self.inspector, weights, self.state.probe, parts, images, labels

    def _on_inspected(self, result: _Inspected) -> None:
        if result.weights is not self.state.weights or self.training or self.replaying():
            return  # the state moved on meanwhile
        self.last_seconds = result.seconds
        if result.snapshot is None:
            self.message.emit(self.tr("The panels could not be updated: {0}").format(result.error))
            return
        self.hub.feed_snapshot(result.snapshot)
        self.hub.flush_snapshot()

    def _describe(self) -> None:
        weights = self.state.weights
        if weights is None:
            text = ""
        elif weights.origin == "live":
            text = (self.tr("Showing: the run being trained") if self.training
                    else self.tr("Showing: the last run, step {0:,}").format(weights.step or 0))
        elif weights.origin == "checkpoint":
            text = self.tr("Showing: {0}").format(Path(weights.path or weights.label).name)
        elif weights.origin == "shipped":
            text = self.tr("Showing: the shipped model (trained for you; press Start to train your own)")
        else:
            text = self.tr("Showing: a recorded step")
        self.showing_changed.emit(text)

    @property
    def busy(self) -> bool:
        """True while an inspection runs or waits to (tests and the bench wait for it)."""
        return self._runner.busy

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """The window closes: nothing new is computed, and the inspection in flight is waited for."""
        self._closed = True
        return self._runner.stop(timeout_ms)
