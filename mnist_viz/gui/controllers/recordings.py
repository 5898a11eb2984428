"""File > Open recording..., File > Runs... and File > Record runs to folder...: which
recording the replay controller shows, which recorded runs the Loss panel draws over its
own, and where the live runs are recorded to."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ... import logs
from ...core import datasets
from ...core.config import TrainConfig
from ..background import OneAtATime, call_responsively
from ..controls import ControlPanel
from ..feedback import Feedback
from ..settings import app_settings
from .loading import DataController
from .replay import ReplayController
from .worker import TrainingController


class RecordingFiles(QObject):
    """Opens recorded runs for the replay controller and turns recording of live runs on and off."""

    def __init__(self, window: QWidget, worker: TrainingController, replay: ReplayController,
                 controls: ControlPanel, loader: DataController, feedback: Feedback, persist: bool) -> None:
        super().__init__(window)
        self.window = window
        self.worker = worker
        self.replay = replay
        self.controls = controls
        self.loader = loader
        self.feedback = feedback
        self.persist = persist
        #: File > Record runs to folder... (checkable; set by the menus).
        self.record_action: QAction | None = None
        #: File > Runs... (made when first asked for, then kept: its ticks stay).
        self.runs_dialog = None
        #: A recording is being read (off the GUI thread: the window keeps repainting).
        self._opening = OneAtATime()

    def show_runs(self, folder: str | Path | None = None):
        """File > Runs...: the recordings in ``folder`` (the last one listed if None; asks if there is
        none), ticked ones drawn on the Loss panel. Returns the dialog."""
        from ..runs_dialog import RunsDialog

        if self.runs_dialog is None:
            hub = self.replay.hub
            self.runs_dialog = RunsDialog(self.window, replay=self.open_recording, persist=self.persist,
                                          overlay=lambda runs: hub.dispatch("set_overlays", runs,
                                                                            list(hub.panels.values()), replayed=True))
        dialog = self.runs_dialog
        if folder is not None:
            dialog.choose_folder(folder)
        elif dialog.runs_folder is None:
            last = dialog.last_folder()
            if last and Path(last).is_dir():
                dialog.choose_folder(last)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if dialog.runs_folder is None:
            dialog.choose_folder()
        return dialog

    def open_recording(self, path: str | Path | None = None) -> bool:
        """Replay the recorded run in folder ``path`` (asks for it if None). False, with a message, if not."""
        from ...core.recording import Recording, RecordingError

        show = self.feedback.show_message
        if self._opening.busy:  # (one is being read: it is shown first)
            return False
        if self.worker.running:
            self._refuse_while_training()
            return False
        if path is None:
            start = str(app_settings().value("recording/last_open", "") or Path.home()) if self.persist else ""
            path = QFileDialog.getExistingDirectory(self.window, self.tr("Open a recorded run (its folder)"), start)
            if not path:
                return False
        status = self.feedback.status
        try:
            # Read off the GUI thread (about a second for a 20,000-step CNN run): the window
            # keeps repainting and the cursor says it is busy.
            with self._opening:
                status.showMessage(self.tr("Opening the recording {0}…").format(Path(path).name))
                recording = call_responsively(Recording.open, path)
        except RecordingError as err:
            status.clearMessage()
            logs.get("gui").warning("cannot open the recording %s: %s", path, err)
            show(QMessageBox.Icon.Warning, self.tr("Cannot open the recording"), str(err))
            return False
        if self.worker.running:  # (a run was started while the recording was read)
            recording.close()
            status.clearMessage()
            self._refuse_while_training()
            return False
        if self.persist:
            app_settings().setValue("recording/last_open", str(Path(path).parent))
        # The control panel shows the recorded settings: the panels of its model appear.
        fields = set(TrainConfig().to_dict())
        try:
            config = TrainConfig().replace(**{k: v for k, v in recording.config.items() if k in fields})
        except (TypeError, ValueError):
            config = self.controls.config().replace(model=recording.model)
        self.controls.set_config(config)
        dataset = recording.manifest.get("dataset")
        if dataset in datasets.DATASETS and dataset != self.loader.dataset:
            self.loader.set_dataset(dataset)
        try:
            self.replay.open_file(recording)
        except RecordingError as err:
            show(QMessageBox.Icon.Warning, self.tr("Cannot open the recording"), str(err))
            return False
        accuracy = recording.evaluations.get("test_accuracy")
        result = self.tr(", test accuracy {0:.2%}").format(accuracy[-1]) if accuracy is not None and len(accuracy) else ""
        logs.get("gui").info("replaying the recording %s (%s, %d steps)", recording.run_dir, recording.model,
                             recording.last_step)
        status.showMessage(self.tr("Replaying {0}: {1}, {2:,} steps{3}. Start trains a new run.").format(
            recording.run_dir.name, recording.model, recording.last_step, result))
        return True

    def _refuse_while_training(self) -> None:
        self.feedback.show_message(
            QMessageBox.Icon.Information, self.tr("Stop training first"),
            self.tr("A recording cannot be opened while a run is training."),
            self.tr("The panels show one run at a time, and the live run would keep "
                    "drawing over the recording. Stop the run (Shift+F5), then open the "
                    "recording. To look back at the run being trained, turn on File > Record "
                    "runs to folder before starting it and drag the timeline."))

    def record_runs_to(self, folder: str | Path | None) -> None:
        """Record every run started from now on into a new folder inside ``folder`` (None: stop)."""
        self.replay.set_record_folder(folder)
        if self.record_action is not None:
            self.record_action.setChecked(folder is not None)
            self.record_action.setToolTip(f"Recording every run into {folder}" if folder else "")
        if folder is not None:
            note = " (the run going now is not recorded)" if self.worker.running else ""
            self.feedback.status.showMessage(f"Every run from now on is recorded into a new folder in {folder}{note}",
                                             8000)

    def on_record_toggled(self, checked: bool) -> None:
        if not checked:
            self.record_runs_to(None)
            return
        start = str(app_settings().value("recording/folder", "") or Path.home()) if self.persist else ""
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("Record every run into this folder"), start)
        if not folder:
            self.record_action.setChecked(False)
            return
        if self.persist:
            app_settings().setValue("recording/folder", folder)
        self.record_runs_to(folder)
