"""Replaying recorded runs in the window: the timeline bar, File > Open recording, and
recording the live run to a folder.

A recording (see :mod:`mnist_viz.core.recording`) hands back the very events the live
trainer sends, so replaying is feeding the panels the same calls a live run makes:
``on_run_started`` with the recording's RunStarted, ``on_steps`` with the steps up to
step S, ``on_evaluated`` for each evaluation up to S, and ``on_snapshot`` with the
snapshot recorded at (or just before) S. The panels cannot tell the difference.

Two sources:

* **a recording folder** opened from File > Open recording... (or ``mnist-viz open``): the
  timeline covers the whole recording;
* **the live run**, when File > Record runs to folder... is on: every run is recorded
  into its own sub-folder, and the timeline covers the steps recorded so far. Moving the
  slider freezes the panels on that step (training goes on; the status bar keeps counting);
  "Live" brings the panels back to the run being trained.

While the panels are frozen (``replaying``) the panel hub drops the live events meant for
them (:meth:`~mnist_viz.gui.hub.PanelHub.dispatch`); the ones that arrive are kept here, so that going Live
can rebuild the panels exactly: the recording's history, then what came after it.

Dragging the slider is kept smooth by coalescing: the slider's moves only note the step
wanted (the label follows at once), and the panels are fed at the next pass of the event
loop with the newest one (superqt's ``qthrottled``, trailing edge), so that a fast drag
never queues stale frames and its last position is always shown; going forward feeds only
the new steps. ``frame_shown`` says when the panels hold a step (the benchmark times it).
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QToolBar
from superqt.utils import create_worker, qthrottled

from ...core import events as ev
from ...core.recording import Recorder, Recording, RecordingError
from ..widgets.plot_cache import cache_static_items
from ..widgets.timeline import TimelineBar
from .follow import Follower

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ...core.state import RunState
    from ..hub import PanelHub
    from ..panels.base import Panel
    from .worker import TrainingController

#: The slider's moves are coalesced over this many milliseconds (0: until the next pass of the
#: event loop, after the moves already queued): the panels show the newest step as soon as the
#: GUI thread is free, never a stale one. (120 ms made a drag's every frame wait up to 120 ms.)
SEEK_INTERVAL_MS = 0
#: How often the timeline takes in the steps a live recording has added.
LIVE_REFRESH_MS = 1000
#: A snapshot every this many steps in the recordings the window makes.
RECORD_EVERY_STEPS = 50


def recording_steps(recording: Recording) -> list[int]:
    """The steps a timeline can go to: every snapshot, and the last step recorded."""
    steps = {int(step) for step in recording.snapshot_steps.tolist()}
    if recording.last_step or steps:
        steps.add(int(recording.last_step))
    return sorted(steps)


def new_run_folder(parent: Path, model: str) -> Path:
    """A new, unused folder in ``parent`` for one run: ``softmax-20261128-214501`` (``-2``, ...)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = parent / f"{re.sub(r'[^A-Za-z0-9_-]', '', model) or 'run'}-{stamp}"
    folder, number = base, 1
    while folder.exists():
        number += 1
        folder = base.with_name(f"{base.name}-{number}")
    return folder


class ReplayController(QObject):
    """Feeds the panels (through the hub) from a recording; owns the timeline bar and the live recorder."""

    #: Something a menu shows changed (replaying or not, recording or not).
    state_changed = Signal()
    #: The panels were fed recorded step ``step`` (its repaint is queued: the benchmark times it).
    frame_shown = Signal(int)
    #: A live run's recorder could not be created or failed (one-line message).
    recording_failed = Signal(str)

    def __init__(self, window: QWidget, worker: TrainingController, hub: PanelHub, run: RunState,
                 dataset: Callable[[], str]) -> None:
        super().__init__(window)
        self.worker = worker
        self.hub = hub
        self.run = run
        #: The data set chosen in the window (a recording made now is of it).
        self.dataset = dataset
        self.timeline = TimelineBar()
        self.toolbar = QToolBar(self.tr("Timeline"), window)
        self.toolbar.setObjectName("timeline")
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(self.timeline)
        self.toolbar.hide()
        self.toolbar.toggleViewAction().setVisible(False)  # shown when there is something to replay

        #: The recording the timeline covers (None: none yet).
        self.recording: Recording | None = None
        #: "file" (opened folder), "live" (the run being trained is recorded) or None.
        self.source: str | None = None
        #: Folder the window records every run into (File > Record runs to folder...), or None.
        self.record_folder: Path | None = None
        self.recorder: Recorder | None = None
        self._trainer = None
        self._trainer_started = 0.0
        self._recorder_closed = True
        #: True while the panels show a recorded step instead of the live run.
        self.replaying = False
        #: The recorded step the panels show (None when live).
        self.shown_step: int | None = None

        self._fed_recording: Recording | None = None  # the recording the panels were last reset from
        self._fed_step: int | None = None              # its step they show
        self._snapshot_step: dict[str, int] = {}       # panel id -> step of the snapshot it shows
        self._wanted_step: int | None = None
        self._live_wanted = False
        self._flushing = False
        self._frozen: list[tuple[str, object]] = []    # live events that arrived while replaying
        #: After "Live", the panels hold every step up to this one (from the recording, which
        #: runs ahead of the GUI): live step events up to it, still on their way, are dropped.
        self.live_floor = 0
        self._live_run_started: ev.RunStarted | None = None
        self._live_snapshot: ev.Snapshot | None = None
        self._live_finished: ev.Finished | None = None
        #: Told the recording, step and folder name shown (set by the window: the view state
        #: then says "a recorded step"), and told None when the panels leave the replay.
        self.on_replayed: Callable[[Recording | None, int | None], None] = lambda recording, step: None

        #: Follows an opened recording whose run is still being written (see .follow).
        self.follower = Follower(self, at_end=lambda: bool(self.timeline.steps) and
                                 self.shown_step is not None and self.shown_step >= self.timeline.steps[-1])
        self.follower.grown.connect(self._on_followed_growth)
        self.follower.ended.connect(self._on_follow_ended)
        self._follow_note = ""
        self._seek_later = qthrottled(self._seek_due, timeout=SEEK_INTERVAL_MS, leading=False, parent=self)
        self._label_style = ""
        self._live_timer = QTimer(self, interval=LIVE_REFRESH_MS)
        self._live_timer.timeout.connect(self._take_in_live_steps)

        controller = worker
        controller.trainer_created.connect(self._on_trainer_created)
        controller.run_started.connect(self._on_live_run_started)
        controller.steps.connect(lambda events: self._keep("on_steps", events))
        controller.evaluated.connect(lambda event: self._keep("on_evaluated", event))
        controller.snapshot.connect(self._on_live_snapshot)
        controller.finished.connect(self._on_live_finished)
        controller.state_changed.connect(self._on_live_state)
        self.timeline.step_chosen.connect(self.seek)
        self.timeline.live_requested.connect(self.go_live)
        hub.panel_visibility.connect(self._on_dock_shown)
        # A restored window layout may show the bar; it is shown only when there is something to replay.
        QTimer.singleShot(0, self._update_toolbar)

    # ================================================================ opening
    def open_file(self, path: str | Path | Recording) -> Recording:
        """Replay the recording in folder ``path`` (or an open one); RecordingError says what is wrong."""
        recording = path if isinstance(path, Recording) else Recording.open(path)
        if not recording_steps(recording):
            raise RecordingError(self.tr("the recording in {0} holds no steps yet; "
                                         "open it again once its run has trained a little").format(recording.run_dir))
        self.source = "file"
        self.recording = recording
        for panel in self._panels(recording.model):
            cache_static_items(panel)  # axes and labels from a pixmap (as a run's start does): not redrawn every frame
        self._fed_recording = None
        self.replaying = True
        self.timeline.set_live_available(False)
        self.timeline.set_live(False)
        self.timeline.set_steps(recording_steps(recording), follow_end=True)
        self.toolbar.show()
        self._follow_note = ""
        self.follower.follow(recording)  # a run still being written: shown live
        self._show(recording.last_step)
        self.state_changed.emit()
        return recording

    def _on_followed_growth(self, recording: Recording, at_end: bool) -> None:
        if recording is not self.recording or self.source != "file":
            return
        self.timeline.set_steps(recording_steps(recording), follow_end=at_end)
        if at_end:
            self._show(recording.last_step)
        else:
            self._describe()

    def _on_follow_ended(self, text: str) -> None:
        self._follow_note = text
        self.recording_failed.emit(text)
        self._describe()

    def close_file(self) -> None:
        """Stop replaying an opened recording (the panels keep what they show)."""
        if self.source == "file":
            self.follower.stop()
            self.source, self.recording, self.replaying, self.shown_step = None, None, False, None
            self._fed_recording = None
            self.on_replayed(None, None)
            self.timeline.set_steps([])
            self.timeline.set_text(self.tr("No recording"))
            self._update_toolbar()
            self.state_changed.emit()

    # ============================================================== recording
    def set_record_folder(self, folder: str | Path | None) -> None:
        """Record every run started from now on into a new sub-folder of ``folder`` (None: stop)."""
        self.record_folder = Path(folder) if folder else None
        self._update_toolbar()
        self._describe()
        self.state_changed.emit()

    def _on_trainer_created(self, trainer) -> None:
        """A run is about to start: leave any replay, and record it if asked to."""
        self._close_recorder()
        self.follower.stop()
        self._trainer, self._trainer_started = trainer, time.monotonic()
        if self.replaying or self.source == "file":
            self.replaying, self.shown_step = False, None
        self.source, self.recording, self._fed_recording = None, None, None
        self._frozen.clear()
        self._live_run_started = self._live_snapshot = self._live_finished = None
        self.timeline.set_steps([])
        self.timeline.set_live(True)
        if self.record_folder is not None:
            folder = new_run_folder(self.record_folder, trainer.config.model)
            try:
                recorder = Recorder(folder, trainer.config, every_steps=RECORD_EVERY_STEPS,
                                    dataset=self.dataset())
                recorder.attach(trainer)
            except (RecordingError, OSError) as err:
                self.recording_failed.emit(self.tr("This run is not recorded: {0}").format(err))
            else:
                self.recorder, self.source, self._recorder_closed = recorder, "live", False
                self._live_timer.start()
        self.timeline.set_live_available(self.source == "live")
        self.timeline.set_text(self.tr("Live · recording to {0}").format(self.recorder.run_dir) if self.recorder
                               else self.tr("Live"))
        self._update_toolbar()
        self.state_changed.emit()

    def _close_recorder(self) -> None:
        self._live_timer.stop()
        if self.recorder is not None and not self._recorder_closed:
            self._recorder_closed = True
            try:
                self.recorder.close()
            except OSError as err:  # a full disk: the run is over anyway, say so
                self.recording_failed.emit(self.tr("The recording could not be finished: {0}").format(err))

    def _on_live_state(self, state: str) -> None:
        if state != "idle" or self.recorder is None or self._recorder_closed:
            return
        # The run is over: write the rest, and let the timeline cover all of it.
        trainer = self._trainer
        if self.recorder.manifest.get("finished") is None and trainer is not None:
            # Closing the window ends the worker before the trainer yields its Finished: tell
            # the recorder (the training thread has ended, so reading the trainer is safe).
            evaluation = trainer.last_evaluation
            self.recorder.on_event(trainer, ev.Finished(
                step=trainer.step, reason="stopped", wall_s=time.monotonic() - self._trainer_started,
                test_accuracy=evaluation.test_accuracy if evaluation is not None else None, samples_per_s=0.0))
        self._close_recorder()
        try:
            self.recording = Recording.open(self.recorder.run_dir)
        except RecordingError as err:
            self.recording_failed.emit(str(err))
            return
        self.timeline.set_steps(recording_steps(self.recording))
        self._describe()

    def _take_in_live_steps(self) -> None:
        """While a recorded run trains: the slider covers the steps recorded so far."""
        if self.recorder is None or self.source != "live":
            return
        steps = self.recorder.snapshot_steps
        last = self.run.last_step
        if steps and last > steps[-1]:
            steps.append(last)
        self.timeline.set_steps(steps)
        self._describe()

    # ========================================================== the live side
    def _keep(self, method: str, payload) -> None:
        if self.replaying and self.source == "live":
            self._frozen.append((method, payload))

    def _on_live_run_started(self, event: ev.RunStarted) -> None:
        self._live_run_started = event
        self._live_finished = None
        self._frozen.clear()
        self.live_floor = 0

    def _on_live_snapshot(self, event: ev.Snapshot) -> None:
        self._live_snapshot = event

    def _on_live_finished(self, event: ev.Finished) -> None:
        self._live_finished = event
        self._keep("on_finished", event)

    # ================================================================ seeking
    def seek(self, step: int) -> None:
        """Show recorded ``step`` (the user moved the slider). The work is throttled."""
        if self.recording is None and self.source != "live":
            return
        if not self.replaying:
            self.replaying = True
            self._frozen.clear()
            self.state_changed.emit()
        self._wanted_step = int(step)
        self.shown_step = int(step)
        self._describe()
        self._seek_later()

    def _seek_due(self) -> None:
        step = self._wanted_step
        if step is None or not self.replaying:
            return
        recording = self.recording
        if self.source == "live" and not self._recorder_closed and (recording is None
                                                                    or step > recording.last_step):
            self._flush_then_show()  # the step is still in the recorder's memory
            return
        self._wanted_step = None
        self._show(step)

    def _flush_then_show(self) -> None:
        """Write what the recorder holds (off the GUI thread), reopen, then show the wanted step."""
        if self._flushing or self.recorder is None:
            return
        self._flushing = True
        self.timeline.set_text(self.tr("Reading the recording…"))
        worker = create_worker(_flush_and_open, self.recorder, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(self._on_flushed)
        worker.errored.connect(self._on_flush_failed)
        worker.finished.connect(lambda: setattr(self, "_flushing", False))
        worker.start()

    def _on_flushed(self, recording: Recording) -> None:
        self._flushing = False
        if self.source != "live":
            return  # another run or a file took over meanwhile
        self.recording = recording
        steps = recording_steps(recording)
        if self.timeline.steps and (not steps or self.timeline.steps[-1] > steps[-1]):
            steps.append(self.timeline.steps[-1])  # in memory still; the next flush has it
        self.timeline.set_steps(sorted(set(steps)))
        if self._live_wanted:
            self._live_wanted = False
            self._rebuild_live()
        elif self.replaying and self._wanted_step is not None:
            step = min(self._wanted_step, recording.last_step)
            self._wanted_step = None
            self._show(step)

    def _on_flush_failed(self, error: BaseException) -> None:
        self._flushing = False
        self.recording_failed.emit(self.tr("The recording could not be read back: {0}").format(error))
        self._live_wanted = False
        self._wanted_step = None
        self._describe()

    # ================================================================ showing
    def _panels(self, model: str) -> list[Panel]:
        return self.hub.panels_for(model)

    def _show(self, step: int) -> None:
        """Make the panels show ``recording`` at ``step`` (forward: only the new steps)."""
        recording = self.recording
        if recording is None:
            return
        hub, panels = self.hub, self._panels(recording.model)
        try:
            previous = self._fed_step if self._fed_recording is recording else None
            if previous is not None and step >= previous:
                # Only what is new (rebuilding every step up to here made each forward move costly).
                steps = recording.step_events(step, after_step=previous)
                eval_steps = recording.evaluations.get("step")
                done = 0 if eval_steps is None else int(np.searchsorted(eval_steps, previous, side="right"))
                evaluations = recording.evaluated_events(step, after=done)
            else:
                hub.dispatch("on_run_started", recording.run_started(), panels, replayed=True)
                self._snapshot_step.clear()
                steps = recording.step_events(step)
                evaluations = recording.evaluated_events(step)
            if len(steps):
                hub.dispatch("on_steps", steps, panels, replayed=True)
            self._feed_evaluations(evaluations, panels)
            forward = previous is not None and step >= previous
            self._feed_history(recording, step, panels, after=previous if forward else None)
            self._fed_recording, self._fed_step = recording, step
            self.shown_step = step
            self.on_replayed(recording, step)
            self.timeline.show_step(step)
            if len(recording.snapshot_steps):
                self._feed_snapshot(recording.snapshot(step), panels)
            # what waits for a panel's next redraw (the loss curve) is drawn now: one move, one whole picture
            hub.dispatch("draw_pending", None, [p for p in hub.visible_panels() if p in panels], replayed=True)
        except RecordingError as err:
            self.recording_failed.emit(str(err))
        self._describe()
        self.frame_shown.emit(step)

    def _feed_evaluations(self, evaluations: list[ev.Evaluated], panels: list[Panel]) -> None:
        """Every evaluation to the panels that draw them all (the loss curve), only the newest to
        those with ``newest_evaluation_only`` (the confusion matrix: 20 redraws per opening)."""
        if not evaluations:
            return
        newest = [panel for panel in panels if getattr(panel, "newest_evaluation_only", False)]
        every = [panel for panel in panels if panel not in newest]
        for evaluation in evaluations:
            self.hub.dispatch("on_evaluated", evaluation, every, replayed=True)
        self.hub.dispatch("on_evaluated", evaluations[-1], newest, replayed=True)

    def _feed_history(self, recording: Recording, step: int, panels: list[Panel], after: int | None = None) -> None:
        """Panels that draw over time from every snapshot (the distributions' heat maps) get
        all the recorded ones up to ``step`` (only those after ``after`` when going forward).
        Only those on screen: one behind another tab gets its history when it comes into view
        (``_on_dock_shown``; 400 snapshots' statistics at every backward move cost frames)."""
        visible = set(map(id, self.hub.visible_panels()))
        takers = [panel for panel in panels if panel.draws_history and id(panel) in visible]
        if not takers:
            return
        history = recording.distribution_history(step)
        if after is not None:
            history = [snapshot for snapshot in history if snapshot.step > after]
        if history:
            self.hub.dispatch("on_snapshot_history", history, takers, replayed=True)

    def _feed_snapshot(self, snapshot: ev.Snapshot, panels: list[Panel]) -> None:
        visible = set(map(id, self.hub.visible_panels()))
        shown = [panel for panel in panels if id(panel) in visible]
        self.hub.dispatch("on_snapshot", snapshot, shown, replayed=True)
        for panel in shown:
            self._snapshot_step[panel.panel_id] = snapshot.step

    def reshow(self) -> None:
        """Show the replayed step's snapshot again in the visible panels (a probe was chosen that
        the recording has no activations of: its own probe comes back)."""
        recording = self.recording
        if not (self.replaying and recording is not None and self.shown_step is not None
                and len(recording.snapshot_steps)):
            return
        try:
            snapshot = recording.snapshot(self.shown_step)
        except RecordingError as err:
            self.recording_failed.emit(str(err))
            return
        self._feed_snapshot(snapshot, self._panels(recording.model))

    def _on_dock_shown(self, pid: str, visible: bool) -> None:
        """A panel brought into view while replaying gets the replayed snapshot too."""
        if not (visible and self.replaying and self.recording is not None and self.shown_step is not None):
            return
        panel = self.hub.panels[pid]
        if panel not in self._panels(self.recording.model) or not len(self.recording.snapshot_steps):
            return
        try:
            snapshot = self.recording.snapshot(self.shown_step)
            history = self.recording.distribution_history(self.shown_step) if panel.draws_history else []
        except RecordingError:
            return
        if history:  # (the statistics it already holds are skipped)
            QTimer.singleShot(0, lambda: self.hub.dispatch("on_snapshot_history", history, [panel], replayed=True))
        if self._snapshot_step.get(pid) != snapshot.step:
            self._snapshot_step[pid] = snapshot.step
            QTimer.singleShot(0, lambda: self.hub.dispatch("on_snapshot", snapshot, [panel], replayed=True))

    # =================================================================== live
    def go_live(self) -> None:
        """Back to the run being trained: rebuild the panels from its recording and what came after."""
        if not self.replaying or self.source != "live":
            return
        self._seek_later.cancel()
        self._wanted_step = None
        self.timeline.set_text(self.tr("Back to the live run…"))
        if not self._recorder_closed:
            self._live_wanted = True
            self._flush_then_show()  # the recording must hold everything up to now
        else:
            self._rebuild_live()

    def _rebuild_live(self) -> None:
        recording = self.recording
        hub = self.hub
        self.replaying = False
        self.shown_step = None
        self._fed_recording = None
        self.on_replayed(None, None)
        if recording is None:
            self._describe()
            return
        panels = self._panels(recording.model)
        last = recording.last_step
        start = self._live_run_started or recording.run_started()
        hub.dispatch("on_run_started", start, panels, replayed=True)
        steps = recording.step_events(last)
        later: list[ev.StepDone] = []
        evaluations = recording.evaluated_events(last)
        recorded_evaluations = {e.step for e in evaluations}
        finished = None
        for method, payload in self._frozen:  # what arrived after the recording was written
            if method == "on_steps":
                later.extend(e for e in payload if e.step > last)
            elif method == "on_evaluated" and payload.step not in recorded_evaluations:
                evaluations.append(payload)
            elif method == "on_finished":
                finished = payload
        self._frozen.clear()
        self.live_floor = later[-1].step if later else (steps[-1].step if len(steps) else last)
        for batch in (steps, later):  # the recorded steps (as arrays), then the live ones after them
            if len(batch):
                hub.dispatch("on_steps", batch, panels, replayed=True)
        self._feed_evaluations(evaluations, panels)
        try:
            self._feed_history(recording, last, panels)
        except RecordingError as err:
            self.recording_failed.emit(str(err))
        snapshot = self._live_snapshot
        if snapshot is None and len(recording.snapshot_steps):
            snapshot = recording.snapshot(last)
        if snapshot is not None:
            self._feed_snapshot(snapshot, panels)
        finished = finished or self._live_finished
        if finished is not None:
            hub.dispatch("on_finished", finished, panels, replayed=True)
        self.worker.request_snapshot()  # the newest weights, if training goes on
        self.timeline.set_live(True)
        if self.timeline.steps:
            self.timeline.show_step(self.timeline.steps[-1])
        self._describe()
        self.state_changed.emit()

    # ================================================================ display
    def _describe(self) -> None:
        """The timeline's label: what the panels show, in words."""
        recording = self.recording
        last = self.timeline.steps[-1] if self.timeline.steps else (recording.last_step if recording else 0)
        if self.replaying and self.shown_step is not None:
            text = self.tr("Replaying step {0:,} of {1:,}").format(self.shown_step, last)
            if self.source == "live":
                text += self.tr(" (training goes on) — Live ▸ returns")
            elif recording is not None:
                text += f" · {recording.run_dir.name}"
                if self.follower.following:
                    text += self.tr(" · following: the run is still being written")
                elif self._follow_note:
                    text += f" · {self._follow_note}"
            self._style_label("color: #d08000; font-weight: bold;")
        elif self.source == "live":
            text = (self.tr("Live · {0:,} steps recorded to {1}").format(last, self.recorder.run_dir.name)
                    if self.recorder else self.tr("Live"))
            self._style_label("")
        elif self.record_folder is not None:
            text = self.tr("The next run is recorded into {0}").format(self.record_folder)
            self._style_label("")
        else:
            text = self.tr("No recording")
            self._style_label("")
        self.timeline.set_text(text)
        self.timeline.set_live(not self.replaying)
        self.state_changed.emit()  # the status bar says "Replaying" while nothing trains

    def _style_label(self, style: str) -> None:
        """Restyle the label only when its style changes (a new style sheet re-polishes the
        label: done at every move of a drag, it was a cost of every frame)."""
        if style != self._label_style:
            self._label_style = style
            self.timeline.label.setStyleSheet(style)

    def _update_toolbar(self) -> None:
        self.toolbar.setVisible(self.source is not None or self.record_folder is not None)

    def shutdown(self) -> None:
        """The window closes: finish the live recording."""
        self.follower.stop()
        self._seek_later.cancel()
        self._close_recorder()


def _flush_and_open(recorder: Recorder) -> Recording:
    """Worker thread: write the recorder's buffer, then open the folder afresh."""
    recorder.flush()
    return Recording.open(recorder.run_dir)


