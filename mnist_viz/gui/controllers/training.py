"""The training commands (Start, Pause, Step, Stop, Reset weights, the learning rate) and
the run's events on their way from the worker to the panels, the status bar and the banner.

The worker (:class:`~mnist_viz.gui.controllers.worker.TrainingController`) runs the
Trainer in a thread; this controller starts it with the control panel's settings, keeps
the shared :class:`~mnist_viz.core.state.RunState`, and hands every event to the panel hub.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from ... import logs
from ...core import events as ev
from ...core import memory
from ...core.state import RunState
from ..controls import ControlPanel
from ..feedback import Feedback
from ..hub import PanelHub
from ..widgets.plot_cache import cache_static_items
from .loading import DataController
from .worker import TrainingController


class RunController(QObject):
    """Starts, steers and follows the run; its events reach the panels through the hub."""

    def __init__(self, parent: QObject, worker: TrainingController, hub: PanelHub, run: RunState,
                 controls: ControlPanel, feedback: Feedback, loader: DataController,
                 actions: dict[str, QAction]) -> None:
        super().__init__(parent)
        self.worker = worker
        self.hub = hub
        self.run = run
        self.controls = controls
        self.feedback = feedback
        self.loader = loader
        self.actions = actions
        #: True while the panels show a replayed step (set once the replay controller exists).
        self.replaying: Callable[[], bool] = lambda: False
        #: Steps the live events already gave the panels from a recording (set by the replay controller).
        self.live_floor: Callable[[], int] = lambda: 0
        #: True if a run's weights are autosaved when it ends (set by the window).
        self.autosaving: Callable[[], bool] = lambda: False
        hub.shown_model = self.shown_model
        worker.run_started.connect(self._on_run_started)
        worker.steps.connect(self._on_steps)
        worker.evaluated.connect(self._on_evaluated)
        worker.snapshot.connect(hub.feed_snapshot)
        worker.finished.connect(self._on_finished)
        worker.diverged.connect(self._on_diverged)
        worker.errored.connect(self._on_errored)
        worker.state_changed.connect(self._on_state_changed)
        controls.learning_rate_changed.connect(self._on_learning_rate_changed)
        controls.l2_changed.connect(self._on_l2_changed)
        hub.parts_wanted.connect(worker.set_observed_parts)
        self._starting = False
        self._new_run_note = ""  # said when the new run has started (never silently replaced)
        hub.run_in_progress = lambda: self._starting or worker.running

    def shown_model(self) -> str:
        """The model whose panels are on screen: the run's while it trains, else the chosen one."""
        return self.run.model if self.worker.running and self.run.model else self.controls.current_model()

    # ============================================================ commands
    def start(self, paused: bool = False) -> bool:
        """Start a run with the control panel's settings. False (with a message) if it cannot."""
        if self.worker.running:
            return False
        mnist = self.loader.mnist
        if mnist is None:
            self.feedback.status.showMessage(self.tr("{0} is not loaded yet: File > Choose data folder... "
                                                     "to point at it.").format(self.loader.dataset_name))
            return False
        try:
            config = self.controls.config().replace(dataset=mnist.dataset)
        except ValueError as err:
            self.feedback.show_message(QMessageBox.Icon.Warning, self.tr("Cannot start training"), str(err))
            return False
        try:  # refused up front rather than killed by the kernel halfway
            memory.check_fits(config, dataset_loaded=True, train_size=len(mnist.train), test_size=len(mnist.test),
                              option=None)
        except memory.MemoryBudgetError as err:
            self.feedback.show_message(QMessageBox.Icon.Warning, self.tr("Not enough memory for this run"),
                                       str(err), self.tr("Lower the batch size, then press Start again."))
            return False
        self.feedback.banner.hide()
        previous = (self.run.last_step, self.run.finished) if self.run.model else None
        self.run.start(config.model, config.dataset)
        self.hub.clear_history()
        self.hub.forget_observed_parts()
        self._starting = True  # the run's history parts are observed from its first step
        self.hub.update_observed_parts()
        try:
            self.worker.start(config, mnist.train, mnist.test, paused=paused)
        except (ValueError, RuntimeError) as err:
            self._starting = False
            self.run.model = None
            self.feedback.show_message(QMessageBox.Icon.Warning, self.tr("Cannot start training"), str(err))
            return False
        self._starting = False
        if previous is not None and previous[0] > 0 and not self.run.restarting:
            # never silently: the run that ended is replaced (its weights were autosaved)
            self._new_run_note = (self.tr(
                "A new run from step 0: the previous one ({0:,} steps) is in File > Open model..., "
                "autosaved").format(previous[0]) if self.autosaving() else self.tr(
                "A new run from step 0: the previous one ({0:,} steps) was not saved").format(previous[0]))
        return True

    def toggle_pause(self) -> None:
        if self.worker.state == "running":
            self.worker.pause()
        elif self.worker.state == "paused":
            self.feedback.banner.hide()
            self.worker.resume()

    def step_once(self) -> None:
        """One batch. Without a run, starts one paused at step 0 and takes its first step."""
        if not self.worker.running:
            if not self.start(paused=True):
                return
        self.worker.step_once()

    def stop(self) -> None:
        self.run.restart_paused = None
        self.worker.stop()

    def reset_weights(self) -> None:
        """Start the run again from step 0 with fresh weights, keeping it running or paused."""
        if not self.worker.running:
            return
        self.feedback.banner.hide()
        self.run.restart_paused = self.worker.state == "paused"
        self.worker.stop()

    def _on_learning_rate_changed(self, lr: float) -> None:
        self._change_live(self.worker.set_learning_rate, lr, self.tr("Learning rate {0:g} from the next step on"))

    def _on_l2_changed(self, l2: float) -> None:
        self._change_live(self.worker.set_l2, l2, self.tr("L2 penalty {0:g} from the next step on"))

    def _change_live(self, setter, value: float, said: str) -> None:
        """A setting changed during a run: the run takes it from its next step, and says so."""
        if not self.worker.running:
            return
        try:
            setter(value)
        except ValueError as err:
            self.feedback.status.showMessage(str(err))
            return
        self.feedback.status.showMessage(said.format(value), 4000)

    # ============================================================== events
    def run_panels(self) -> list:
        return self.hub.panels_for(self.run.model) if self.run.model else []

    def _on_run_started(self, event: ev.RunStarted) -> None:
        self.run.model = event.model
        self.feedback.status.run_started(event)
        if self._new_run_note:
            self.feedback.status.showMessage(self._new_run_note, 8000)
            self._new_run_note = ""
        self.hub.dispatch("on_run_started", event, self.run_panels())
        for panel in self.run_panels():
            cache_static_items(panel)  # panels may have made new plots for this model

    def _on_steps(self, events: list[ev.StepDone]) -> None:
        if events:
            self.run.last_step = events[-1].step
        self.feedback.status.steps(events)
        floor = self.live_floor()
        if floor:  # the panels already have these steps from the recording
            events = [e for e in events if e.step > floor]
        if events:
            self.hub.dispatch("on_steps", events, self.run_panels())

    def _on_evaluated(self, event: ev.Evaluated) -> None:
        self.feedback.status.evaluated(event)
        self.hub.dispatch("on_evaluated", event, self.run_panels())

    def _on_finished(self, event: ev.Finished) -> None:
        self.hub.flush_snapshot()  # every panel shows the run's last state
        self.run.finished = True
        self.feedback.status.finished(event)
        self.hub.dispatch("on_finished", event, self.run_panels())

    def _on_diverged(self, event: ev.Diverged) -> None:
        logs.get("gui").warning("step %d: %s", event.step, event.message)
        self.feedback.banner.show_message(event.message, fix=self.actions["reset"])
        self.feedback.status.showMessage(
            self.tr("Training paused at step {0:,}: the loss diverged").format(event.step))

    def _on_errored(self, message: str, details: str) -> None:
        self.feedback.show_message(QMessageBox.Icon.Critical, self.tr("Training stopped"), message,
                                   self.tr("You can change the settings and start again."), details)

    def _on_state_changed(self, state: str) -> None:
        self.feedback.status.set_state(state)
        self.update_actions()  # idle: says "Replaying" or "Loading" instead where that is so
        if state != "idle":
            return
        if self.run.restart_paused is not None:
            paused, self.run.restart_paused = self.run.restart_paused, None
            if self.start(paused=paused):
                self.feedback.status.showMessage(
                    self.tr("Weights reset: step 0 (paused: Space resumes, F10 steps)") if paused
                    else self.tr("Weights reset: step 0"))
            return
        if not self.run.finished:
            self.feedback.status.showMessage(self.tr("Stopped at step {0:,}").format(self.run.last_step))
        self.hub.update_observed_parts()

    # ============================================================= actions
    def update_actions(self) -> None:
        """Enable the commands that make sense now; the status bar and Start's tooltip say why not."""
        running = self.worker.running
        state = self.worker.state
        has_data = self.loader.mnist is not None
        actions = self.actions
        actions["start"].setEnabled(not running and has_data)
        actions["pause"].setEnabled(running)
        actions["pause"].setText(self.tr("&Resume") if state == "paused" else self.tr("&Pause"))
        actions["step"].setEnabled(has_data)
        actions["stop"].setEnabled(running)
        actions["reset"].setEnabled(running)
        actions["choose_data"].setEnabled(not running)
        self.controls.set_running(running)
        loading = not has_data and self.loader.loading
        if state == "idle":
            self.feedback.status.set_state("loading" if loading else "replaying" if self.replaying() else "idle")
        name = self.loader.dataset_name
        if not has_data and loading:
            actions["start"].setToolTip(self.tr("Loading PyTorch and {0}...").format(name))
        elif not has_data:
            actions["start"].setToolTip(self.tr("{0} is not loaded: File > Choose data folder...").format(name))
        else:
            actions["start"].setToolTip(self.tr("Start training with these settings (Ctrl+Return, F5)"))
