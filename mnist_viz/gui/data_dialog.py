"""When MNIST is not there: offer to download it or to point at a folder that has it.

``MissingDataDialog`` asks; ``DataDownload`` fetches the files with
:func:`mnist_viz.core.data.download` in a worker thread, behind a progress dialog.
Cancel takes effect at the next file boundary (torchvision's downloader cannot be
interrupted mid-file); core.data.download then removes its staging folder, so nothing
half-written is left behind.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from superqt.utils import create_worker

from ..core import data

DOWNLOAD_SIZE_MB = 11


def root_from_chosen_folder(folder: str | Path) -> Path:
    """The data root for a folder the user picked: the root itself, its MNIST/ or MNIST/raw/."""
    folder = Path(folder)
    if data.raw_folder(folder).is_dir():
        return folder
    if folder.name == "raw" and folder.parent.name == "MNIST":
        return folder.parent.parent
    if folder.name == "MNIST" and (folder / "raw").is_dir():
        return folder.parent
    return folder


class MissingDataDialog(QMessageBox):
    """MNIST is missing: Download / Choose folder... / Not now (non-modal; use ``open()``)."""

    download_chosen = Signal()
    choose_folder_chosen = Signal()

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("missing_data_dialog")
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle("MNIST is not here yet")
        self.setText("The MNIST data set is needed to train the models.")
        self.setInformativeText(
            f"It was looked for in {data.raw_folder(root)}.\n\n"
            f"Download it there now (four files, about {DOWNLOAD_SIZE_MB} MB), or choose a folder that "
            f"already holds MNIST/raw/ (File > Choose data folder...). The drawing canvas works without it.")
        self.download_button = self.addButton("&Download", QMessageBox.ButtonRole.AcceptRole)
        self.choose_button = self.addButton("&Choose folder...", QMessageBox.ButtonRole.ActionRole)
        self.later_button = self.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.download_button)
        self.setEscapeButton(self.later_button)
        self.buttonClicked.connect(self._on_clicked)

    def _on_clicked(self, button) -> None:
        if button is self.download_button:
            self.download_chosen.emit()
        elif button is self.choose_button:
            self.choose_folder_chosen.emit()


class _Cancelled(Exception):
    """Raised from the progress callback to abandon a download between files."""


class DataDownload(QObject):
    """Downloads MNIST into ``root`` off the GUI thread, with a progress dialog and Cancel."""

    succeeded = Signal(object)  # Path: the root that now holds MNIST
    failed = Signal(str)        # what went wrong and what to do
    cancelled = Signal()
    _progress = Signal(int, int, str)

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = Path(root)
        self._cancel_requested = False
        self.dialog = QProgressDialog(f"Downloading MNIST into {data.raw_folder(self.root)}...", "Cancel",
                                      0, 4, parent)
        self.dialog.setObjectName("download_progress")
        self.dialog.setWindowTitle("Downloading MNIST")
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)  # setValue would spin the event loop if modal
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.cancel)
        self._progress.connect(self._on_progress)
        self.worker = None

    def start(self) -> None:
        self.worker = create_worker(self._download, _start_thread=False, _ignore_errors=True)
        self.worker.returned.connect(self._on_done)
        self.worker.errored.connect(self._on_error)
        self.dialog.setValue(0)
        self.dialog.show()
        self.worker.start()

    def cancel(self) -> None:
        """Abandon the download: it ends after the file in flight; nothing is kept."""
        if self._cancel_requested:
            return
        self._cancel_requested = True
        self.dialog.setLabelText("Cancelling after the current file...")
        self.dialog.hide()
        self.cancelled.emit()

    @property
    def running(self) -> bool:
        return self.worker is not None

    # ----------------------------------------------------- the worker thread
    def _download(self) -> Path:
        def progress(done: int, total: int, filename: str) -> None:
            if self._cancel_requested:
                raise _Cancelled()
            self._progress.emit(done, total, filename)

        data.download(self.root, progress=progress)  # looked up at call time (tests replace it)
        return self.root

    # ----------------------------------------------------------- GUI thread
    def _on_progress(self, done: int, total: int, filename: str) -> None:
        if self._cancel_requested:
            return
        self.dialog.setMaximum(max(1, total))
        self.dialog.setValue(done)
        if filename:
            self.dialog.setLabelText(f"Downloading {filename} ({done + 1} of {total})\n"
                                     f"into {data.raw_folder(self.root)}")

    def _on_done(self, root: Path) -> None:
        self.worker = None
        self.dialog.hide()
        if not self._cancel_requested:
            self.succeeded.emit(root)

    def _on_error(self, error: BaseException) -> None:
        self.worker = None
        self.dialog.hide()
        if self._cancel_requested or isinstance(error, _Cancelled):
            return
        if isinstance(error, data.DataError):
            self.failed.emit(str(error))
        else:
            self.failed.emit(f"Downloading MNIST into {data.raw_folder(self.root)} failed: {error}. Check the "
                             "network, or copy the four MNIST files there and choose that folder.")
