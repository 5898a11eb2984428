"""The training worker: runs the core Trainer off the GUI thread and forwards its events.

The Trainer's ``run()`` generator is driven by a superqt ``GeneratorWorker`` (a QRunnable
in Qt's thread pool): every value it yields arrives on the GUI thread as a signal.
Between the two sits a little traffic control, so that the GUI never drowns:

* step events are gathered and sent as one list at most ``STEP_FLUSH_HZ`` times a second
  (and at once when training pauses or ends);
* a snapshot is put in a one-place mailbox; a signal is sent only if the GUI has taken
  the previous one. A slow GUI therefore skips stale frames instead of queueing them,
  memory stays flat, and what is drawn is always the newest state;
* at a chosen pace (``set_pace``: at most N steps a second, see :mod:`mnist_viz.core.pace`)
  each step is held back until its turn, so that a person can watch; pausing, stopping
  or a new pace ends the wait at once.

The GUI thread never runs a training step. ``TrainingController`` is the one object the
window talks to: start, pause, resume, step, stop, reset, live learning rate, which parts
to observe and which probe image to show.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from superqt.utils import GeneratorWorker, create_worker

from ...core import events as ev
from ...core.config import DEFAULT_SNAPSHOT_RATE, TrainConfig
from ...core.pace import Pacer

if TYPE_CHECKING:
    from ...core.data import Split
    from ...core.training import Trainer

STEP_FLUSH_HZ = 30.0


class TrainingController(QObject):
    """Owns the Trainer and its worker; emits the core's events on the GUI thread."""

    run_started = Signal(object)   # ev.RunStarted
    steps = Signal(list)           # list[ev.StepDone], oldest first
    evaluated = Signal(object)     # ev.Evaluated
    snapshot = Signal(object)      # ev.Snapshot, the newest one only
    diverged = Signal(object)      # ev.Diverged (training has paused itself)
    finished = Signal(object)      # ev.Finished
    errored = Signal(str, str)     # one-line message, details (traceback)
    state_changed = Signal(str)    # "idle" | "running" | "paused"
    #: A new Trainer was built, before its thread starts: a listener may attach to it here
    #: (``trainer.add_listener``, e.g. a recording). Emitted on the GUI thread, synchronously.
    trainer_created = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.trainer: Trainer | None = None
        self._worker: GeneratorWorker | None = None
        self._mailbox_lock = threading.Lock()
        self._latest_snapshot: ev.Snapshot | None = None
        self._snapshot_signalled = False
        self._parts: frozenset[str] = frozenset()
        self._snapshot_rate = DEFAULT_SNAPSHOT_RATE
        self._probe_index: int | None = 0
        self._probe_image = None
        self._probe_image_label: int | None = None
        self._pacer = Pacer()  # no limit until set_pace
        self.state = "idle"
        self.worker_thread_ids: set[int] = set()  # for tests and diagnostics
        self._drive_done = threading.Event()  # set when the worker's generator has ended
        self._drive_done.set()

    # ----------------------------------------------------------------- queries
    @property
    def running(self) -> bool:
        return self._worker is not None

    @property
    def snapshot_rate(self) -> float:
        return self._snapshot_rate

    @property
    def pace(self) -> float | None:
        """Steps per second at most, or None (as fast as the machine goes)."""
        return self._pacer.steps_per_s

    # ---------------------------------------------------------------- controls
    def start(self, config: TrainConfig, train: Split, test: Split, paused: bool = False) -> Trainer:
        """Build a fresh Trainer for ``config`` and start it in a worker thread."""
        if self.running:
            raise RuntimeError("a run is already in progress; stop it first")
        from ...core.training import Trainer  # torch: by now loaded with the data

        trainer = Trainer(config, train, test)
        trainer.observe(self._parts, self._snapshot_rate)
        self._apply_probe(trainer)
        if paused:
            trainer.pause()
        self.trainer = trainer
        self.trainer_created.emit(trainer)
        self._drive_done = threading.Event()
        worker = create_worker(self._drive, trainer, self._drive_done, _start_thread=False,
                               _ignore_errors=True)
        worker.yielded.connect(self._on_yielded)
        worker.errored.connect(self._on_errored)
        worker.finished.connect(self._on_worker_finished)
        self._worker = worker
        self._set_state("paused" if paused else "running")
        worker.start()
        return trainer

    def pause(self) -> None:
        if self.trainer is not None and self.running:
            self.trainer.pause()
            self._pacer.wake()  # a step waiting for its turn goes now, then the run pauses
            self._set_state("paused")

    def resume(self) -> None:
        if self.trainer is not None and self.running:
            self.trainer.resume()
            self._set_state("running")

    def step_once(self) -> None:
        """One batch; pauses first if the run was going."""
        if self.trainer is not None and self.running:
            if not self.trainer.paused:
                self.pause()
            self.trainer.step_once()

    def stop(self) -> None:
        """Ask the run to end after the current step (returns at once).

        The trainer then yields its Finished event (reason "stopped") and its generator
        ends, so the window hears how the run ended before the worker thread does."""
        if self.trainer is not None:
            self.trainer.stop()
            self._pacer.wake()
        elif self._worker is not None:
            self._worker.quit()

    def shutdown(self, timeout_ms: int = 15000) -> bool:
        """Stop and wait for the training thread to end. True if it ended in time.

        The wait is for this controller's own worker (the step or evaluation under way
        ends first, which on a busy machine can take seconds), not for the whole thread
        pool, whose other tasks (an insight computation, the loader) have their own
        owners; it usually returns within one step."""
        self.stop()
        if self._worker is not None:
            self._worker.quit()  # closing: nothing after the current step is wanted
        if self._worker is None:
            return True
        done = self._drive_done
        deadline = time.monotonic() + timeout_ms / 1000
        from PySide6.QtCore import QCoreApplication

        while not done.wait(0.05) and time.monotonic() < deadline:
            QCoreApplication.processEvents()
        QCoreApplication.processEvents()
        return done.is_set()

    def set_learning_rate(self, lr: float) -> None:
        if self.trainer is not None:
            self.trainer.set_learning_rate(lr)

    def set_l2(self, l2: float) -> None:
        if self.trainer is not None:
            self.trainer.set_l2(l2)

    def set_pace(self, steps_per_s: float | None) -> None:
        """Train at most ``steps_per_s`` steps a second (None: as fast as possible), live."""
        self._pacer.set_rate(steps_per_s)

    def set_observed_parts(self, parts: set[str] | frozenset[str], max_rate: float | None = None) -> None:
        """Which snapshot parts the visible panels need; nothing else is computed."""
        self._parts = frozenset(parts)
        if max_rate is not None:
            self._snapshot_rate = max(0.1, float(max_rate))
        if self.trainer is not None:
            self.trainer.observe(self._parts, self._snapshot_rate)

    def set_probe_index(self, index: int) -> None:
        """Show the activations of test image ``index``."""
        self._probe_index, self._probe_image = int(index), None
        if self.trainer is not None:
            self._apply_probe(self.trainer)

    def set_probe_image(self, image, label: int | None = None) -> None:
        """Show the activations of a 28x28 float image (e.g. a drawn digit; ``label``: its true
        class when known, as for a training image)."""
        self._probe_index, self._probe_image, self._probe_image_label = None, image, label
        if self.trainer is not None:
            self._apply_probe(self.trainer)

    def request_snapshot(self) -> None:
        if self.trainer is not None:
            self.trainer.request_snapshot()

    # ------------------------------------------------------------ worker side
    def _apply_probe(self, trainer: Trainer) -> None:
        import torch

        if self._probe_image is not None:
            trainer.set_probe(torch.as_tensor(self._probe_image, dtype=torch.float32),
                              self._probe_image_label)
        elif self._probe_index is not None and len(trainer.test_set):
            trainer.set_probe_from_test(self._probe_index)

    def _drive(self, trainer: Trainer, done: threading.Event) -> Iterator[tuple[str, object]]:
        """Runs in the worker thread: the trainer's events, and any error as an item."""
        try:
            yield from self._drive_events(trainer)
        except Exception as error:  # noqa: BLE001
            # superqt's GeneratorWorker takes a RuntimeError (which most torch errors are)
            # for a deleted worker and drops it silently; hand every error over instead.
            yield "error", error
        finally:
            done.set()

    def _drive_events(self, trainer: Trainer) -> Iterator[tuple[str, object]]:
        """Iterate the trainer, batch steps, mailbox snapshots."""
        self.worker_thread_ids.add(threading.get_ident())
        pending: list[ev.StepDone] = []
        last_flush = time.perf_counter()
        self._pacer.restart()
        for event in trainer.run():
            if isinstance(event, ev.StepDone):
                # At a chosen pace the step waits for its turn (not while paused: single steps go
                # at once); the steps before it are shown first.
                if pending and self._pacer.delay() > 0:
                    yield "steps", pending
                    pending, last_flush = [], time.perf_counter()
                self._pacer.wait_turn(interrupted=lambda: trainer.paused or trainer.stopping)
                pending.append(event)
                now = time.perf_counter()
                if now - last_flush >= 1.0 / STEP_FLUSH_HZ or trainer.paused or trainer.stopping:
                    yield "steps", pending
                    pending, last_flush = [], now
                continue
            if pending:
                yield "steps", pending
                pending, last_flush = [], time.perf_counter()
            if isinstance(event, ev.Snapshot):
                with self._mailbox_lock:
                    self._latest_snapshot = event
                    signal_needed = not self._snapshot_signalled
                    self._snapshot_signalled = True
                if signal_needed:
                    yield "snapshot", None
                continue
            yield type(event).__name__, event
        if pending:
            yield "steps", pending

    # -------------------------------------------------------------- GUI side
    def take_snapshot(self) -> ev.Snapshot | None:
        """The newest snapshot (the GUI thread calls this when signalled)."""
        with self._mailbox_lock:
            snapshot, self._latest_snapshot = self._latest_snapshot, None
            self._snapshot_signalled = False
        return snapshot

    def _on_yielded(self, item: tuple[str, object]) -> None:
        kind, payload = item
        if kind == "steps":
            self.steps.emit(payload)
        elif kind == "snapshot":
            snapshot = self.take_snapshot()
            if snapshot is not None:
                self.snapshot.emit(snapshot)
        elif kind == "RunStarted":
            self.run_started.emit(payload)
        elif kind == "Evaluated":
            self.evaluated.emit(payload)
        elif kind == "Diverged":
            self._set_state("paused")
            self.diverged.emit(payload)
        elif kind == "Finished":
            self.finished.emit(payload)
        elif kind == "error":
            self._on_errored(payload)

    def _on_errored(self, error: BaseException) -> None:
        details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        self.errored.emit(f"Training stopped because of an internal error: {error}", details)

    def _on_worker_finished(self) -> None:
        self._worker = None
        self._set_state("idle")

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)
