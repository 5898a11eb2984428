"""The status bar: where the run is (step, epoch), how fast it goes, and how well it does."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from ..core import events as ev


#: What the training thread is doing, as the status bar names it (translated when shown).
STATE_NAMES = {"idle": QT_TRANSLATE_NOOP("TrainingStatusBar", "Idle"),
               # PyTorch or the data set is being loaded (at start-up, or another data set)
               "loading": QT_TRANSLATE_NOOP("TrainingStatusBar", "Loading"),
               "running": QT_TRANSLATE_NOOP("TrainingStatusBar", "Running"),
               "paused": QT_TRANSLATE_NOOP("TrainingStatusBar", "Paused"),
               # nothing is training; the panels show a recorded step (File > Open recording)
               "replaying": QT_TRANSLATE_NOOP("TrainingStatusBar", "Replaying")}


def format_duration(seconds: float) -> str:
    """``0:07``, ``12:34`` or ``1:02:03``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrainingStatusBar(QStatusBar):
    """Step/total, epoch, samples/s, ETA, loss, last test accuracy and a progress bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state_label = QLabel(self.tr("Idle"))
        #: Which weights the panels show, in words (see gui.controllers.view).
        self.showing_label = QLabel()
        # A gap between a long temporary message (drawn up to the first permanent label, cut
        # there) and "Showing: ...", so the two never read as one line.
        self.showing_label.setContentsMargins(self.fontMetrics().horizontalAdvance("0") * 2, 0, 0, 0)
        self.showing_label.setToolTip(self.tr("Which weights the panels show: the run, a checkpoint, "
                                              "the shipped model or a recorded step"))
        self.step_label = QLabel()
        self.epoch_label = QLabel()
        self.speed_label = QLabel()
        self.eta_label = QLabel()
        self.loss_label = QLabel()
        self.accuracy_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 18)
        self.state_label.setToolTip(self.tr("What the training thread is doing"))
        self.step_label.setToolTip(self.tr("Optimisation steps done / steps in the run"))
        self.epoch_label.setToolTip(self.tr("Passes over the training set"))
        self.speed_label.setToolTip(self.tr("Training examples per second (recent steps)"))
        self.eta_label.setToolTip(self.tr("Time left for the remaining steps at the current speed"))
        self.loss_label.setToolTip(self.tr("Mean cross-entropy per example of the last batch"))
        self.accuracy_label.setToolTip(self.tr("Accuracy on the test set at the last evaluation"))
        for widget in (self.showing_label, self.state_label, self.step_label, self.epoch_label, self.speed_label, self.eta_label,
                       self.loss_label, self.accuracy_label, self.progress):
            self.addPermanentWidget(widget)
        self._total = 0
        self._batch_size = 1
        self.clear_run()

    def clear_run(self) -> None:
        for label in (self.step_label, self.epoch_label, self.speed_label, self.eta_label, self.loss_label,
                      self.accuracy_label):
            label.clear()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%p %")

    def set_showing(self, text: str) -> None:
        self.showing_label.setText(text)
        self.showing_label.setVisible(bool(text))

    def set_state(self, state: str) -> None:
        self.state_label.setText(self.tr(STATE_NAMES[state]) if state in STATE_NAMES else state.capitalize())

    def run_started(self, event: ev.RunStarted) -> None:
        self.clearMessage()  # "Stopped at step 300" was the previous run's
        self.clear_run()
        self._total = max(0, event.total_steps)
        self._batch_size = max(1, event.batch_size)
        self.progress.setRange(0, max(1, self._total))
        self.progress.setValue(event.step)
        self.step_label.setText(self.tr("step {0:,} / {1:,}").format(event.step, self._total))

    def steps(self, events: list[ev.StepDone]) -> None:
        if not events:
            return
        last = events[-1]
        self._total = last.total_steps
        self.step_label.setText(self.tr("step {0:,} / {1:,}").format(last.step, last.total_steps))
        self.epoch_label.setText(self.tr("epoch {0:.2f}").format(last.epoch))
        self.speed_label.setText(self.tr("{0:,.0f} samples/s").format(last.samples_per_s))
        remaining = max(0, last.total_steps - last.step) * self._batch_size
        if last.samples_per_s > 0 and remaining:
            self.eta_label.setText(self.tr("ETA {0}").format(format_duration(remaining / last.samples_per_s)))
        else:
            self.eta_label.clear()
        self.loss_label.setText(self.tr("loss {0:.4g}").format(last.loss))
        self.progress.setMaximum(max(1, last.total_steps))
        self.progress.setValue(min(last.step, last.total_steps))

    def evaluated(self, event: ev.Evaluated) -> None:
        self.accuracy_label.setText(self.tr("test accuracy {0:.2%}").format(event.test_accuracy))

    def finished(self, event: ev.Finished) -> None:
        self.eta_label.clear()
        if event.reason == "completed":
            took = format_duration(event.wall_s)
            if event.test_accuracy is not None:
                self.showMessage(self.tr("Finished {0:,} steps in {1}: test accuracy {2:.2%}").format(
                    event.step, took, event.test_accuracy))
            else:
                self.showMessage(self.tr("Finished {0:,} steps in {1}").format(event.step, took))
        elif event.reason == "stopped":
            self.showMessage(self.tr("Stopped at step {0:,}").format(event.step))
