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
from ..core import datasets

DOWNLOAD_SIZE_MB = 11


def root_from_chosen_folder(folder: str | Path, dataset: str = "mnist") -> Path:
    """The data root for a folder the user picked: the root itself, its MNIST/ or MNIST/raw/
    (FashionMNIST/, KMNIST/ for those data sets)."""
    folder = Path(folder)
    name = datasets.get(dataset).folder
    if data.raw_folder(folder, dataset).is_dir():
        return folder
    if folder.name == "raw" and folder.parent.name == name:
        return folder.parent.parent
    if folder.name == name and (folder / "raw").is_dir():
        return folder.parent
    return folder


class MissingDataDialog(QMessageBox):
    """MNIST is missing: Download / Choose folder... / Not now (non-modal; use ``open()``)."""

    download_chosen = Signal()
    choose_folder_chosen = Signal()

    def __init__(self, root: Path, parent: QWidget | None = None, dataset: str = "mnist") -> None:
        super().__init__(parent)
        info = datasets.get(dataset)
        self.setObjectName("missing_data_dialog")
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle(self.tr("{0} is not here yet").format(info.name))
        self.setText(self.tr("The {0} data set is needed to train the models.").format(info.name))
        package = (self.tr(" On Debian or Ubuntu, 'sudo apt install {0}' installs it for every user.").format(
            info.system_package) if info.system_package else "")
        self.setInformativeText(self.tr(
            "It was looked for in {0}.\n\n"
            "Download it there now (four files, about {1} MB), or choose a folder that "
            "already holds {2}/raw/ (File > Choose data folder...).{3} "
            "The drawing canvas works without it.").format(data.raw_folder(root, dataset), info.download_mb,
                                                           info.folder, package))
        self.download_button = self.addButton(self.tr("&Download"), QMessageBox.ButtonRole.AcceptRole)
        self.choose_button = self.addButton(self.tr("&Choose folder..."), QMessageBox.ButtonRole.ActionRole)
        self.later_button = self.addButton(self.tr("&Not now"), QMessageBox.ButtonRole.RejectRole)
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

    def __init__(self, root: Path, parent: QWidget | None = None, dataset: str = "mnist") -> None:
        super().__init__(parent)
        self.root = Path(root)
        self.dataset = dataset
        self.name = datasets.get(dataset).name
        self._cancel_requested = False
        self.dialog = QProgressDialog(self.tr("Downloading {0} into {1}...").format(self.name, self._raw()),
                                      self.tr("Cancel"), 0, 4, parent)
        self.dialog.setObjectName("download_progress")
        self.dialog.setWindowTitle(self.tr("Downloading {0}").format(self.name))
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
        self.dialog.setLabelText(self.tr("Cancelling after the current file..."))
        self.dialog.hide()
        self.cancelled.emit()

    def _raw(self) -> Path:
        return data.raw_folder(self.root, self.dataset)

    @property
    def running(self) -> bool:
        return self.worker is not None

    # ----------------------------------------------------- the worker thread
    def _download(self) -> Path:
        def progress(done: int, total: int, filename: str) -> None:
            if self._cancel_requested:
                raise _Cancelled()
            self._progress.emit(done, total, filename)

        extra = {} if self.dataset == "mnist" else {"dataset": self.dataset}
        data.download(self.root, progress=progress, **extra)  # looked up at call time (tests replace it)
        return self.root

    # ----------------------------------------------------------- GUI thread
    def _on_progress(self, done: int, total: int, filename: str) -> None:
        if self._cancel_requested:
            return
        self.dialog.setMaximum(max(1, total))
        self.dialog.setValue(done)
        if filename:
            self.dialog.setLabelText(self.tr("Downloading {0} ({1} of {2})\ninto {3}").format(
                filename, done + 1, total, self._raw()))

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
            self.failed.emit(self.tr("Downloading {0} into {1} failed: {2}. Check the network, or copy the "
                                     "four {0} files there and choose that folder.").format(
                                         self.name, self._raw(), error))
