"""The status bar: where the run is (step, epoch), how fast it goes, and how well it does."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from ..core import events as ev


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
        self.state_label = QLabel("Idle")
        self.step_label = QLabel()
        self.epoch_label = QLabel()
        self.speed_label = QLabel()
        self.eta_label = QLabel()
        self.loss_label = QLabel()
        self.accuracy_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 18)
        self.state_label.setToolTip("What the training thread is doing")
        self.step_label.setToolTip("Optimisation steps done / steps in the run")
        self.epoch_label.setToolTip("Passes over the training set")
        self.speed_label.setToolTip("Training examples per second (recent steps)")
        self.eta_label.setToolTip("Time left for the remaining steps at the current speed")
        self.loss_label.setToolTip("Mean cross-entropy per example of the last batch")
        self.accuracy_label.setToolTip("Accuracy on the test set at the last evaluation")
        for widget in (self.state_label, self.step_label, self.epoch_label, self.speed_label, self.eta_label,
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

    def set_state(self, state: str) -> None:
        self.state_label.setText(state.capitalize())

    def run_started(self, event: ev.RunStarted) -> None:
        self.clear_run()
        self._total = max(0, event.total_steps)
        self._batch_size = max(1, event.batch_size)
        self.progress.setRange(0, max(1, self._total))
        self.progress.setValue(event.step)
        self.step_label.setText(f"step {event.step:,} / {self._total:,}")

    def steps(self, events: list[ev.StepDone]) -> None:
        if not events:
            return
        last = events[-1]
        self._total = last.total_steps
        self.step_label.setText(f"step {last.step:,} / {last.total_steps:,}")
        self.epoch_label.setText(f"epoch {last.epoch:.2f}")
        self.speed_label.setText(f"{last.samples_per_s:,.0f} samples/s")
        remaining = max(0, last.total_steps - last.step) * self._batch_size
        if last.samples_per_s > 0 and remaining:
            self.eta_label.setText(f"ETA {format_duration(remaining / last.samples_per_s)}")
        else:
            self.eta_label.clear()
        self.loss_label.setText(f"loss {last.loss:.4g}")
        self.progress.setMaximum(max(1, last.total_steps))
        self.progress.setValue(min(last.step, last.total_steps))

    def evaluated(self, event: ev.Evaluated) -> None:
        self.accuracy_label.setText(f"test accuracy {event.test_accuracy:.2%}")

    def finished(self, event: ev.Finished) -> None:
        self.eta_label.clear()
        if event.reason == "completed":
            accuracy = (f": test accuracy {event.test_accuracy:.2%}" if event.test_accuracy is not None else "")
            self.showMessage(f"Finished {event.step:,} steps in {format_duration(event.wall_s)}{accuracy}")
        elif event.reason == "stopped":
            self.showMessage(f"Stopped at step {event.step:,}")
