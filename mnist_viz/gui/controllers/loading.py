"""Loading what training needs: PyTorch (imported in the background once the window is
painted), then the chosen data set from its folder, or a download of it.

Importing torch takes 2-4 s on two cores: the window is built and painted without it, and
Start stays disabled until both torch and the data are in. :mod:`mnist_viz.preload` does the
import so that it does not stall the window; the panels hear that torch is there once the
data is in (their own preparations would otherwise slow the load). A data set that is missing is
offered for download (or a folder picker); the app stays usable without it (the canvas
draws with the shipped models).
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from superqt.utils import create_worker

from ... import preload
from ...core import data, datasets
from ..controls import ControlPanel, available_devices
from ..data_dialog import DataDownload, MissingDataDialog, root_from_chosen_folder
from ..feedback import Feedback
from ..hub import PanelHub
from ..settings import app_settings
from .worker import TrainingController


def load_torch() -> list[str]:
    """Worker side: import torch and the training code (seconds); the devices it can use."""
    preload.import_torch()  # without freezing the window: see mnist_viz.preload
    return available_devices()


class DataController(QObject):
    """Owns the loaded data set and the loading of torch and of the data."""

    #: The data set is loaded and training can start (the data.Mnist).
    data_ready = Signal(object)
    #: The data set could not be loaded (the message says why and what to do).
    data_failed = Signal(str)
    #: PyTorch has been imported (in the background, after the window was shown), and the
    #: data set loaded or found missing: listeners may start their own preparations.
    torch_ready = Signal()
    #: Another data set was chosen (its key); the window renames itself and the panels' classes.
    dataset_changed = Signal(str)
    #: Something Start's availability depends on changed (loading began or ended).
    changed = Signal()

    def __init__(self, parent: QWidget, worker: TrainingController, hub: PanelHub, controls: ControlPanel,
                 feedback: Feedback, mnist: data.Mnist | None, data_dir: str | Path | None, dataset: str | None,
                 persist: bool, load_when_ready: bool) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.worker = worker
        self.hub = hub
        self.controls = controls
        self.feedback = feedback
        self.persist = persist
        self.mnist = mnist
        self.data_root = self._initial_root(data_dir)
        #: The chosen data set's key ("mnist", "fashion-mnist", "kmnist"; see core.datasets).
        self.dataset = self._initial_dataset(dataset)
        self.load_when_ready = load_when_ready
        self.torch_loaded = False
        #: A GPU chosen last time, selected once torch finds it.
        self.saved_device: str | None = None
        self.missing_data_dialog: MissingDataDialog | None = None
        self.download: DataDownload | None = None
        self.closing = False
        self._loader = None
        self._torch_loader = None
        self._reload_wanted = False
        self._torch_announced = False

    # ================================================================ where
    def _initial_root(self, data_dir: str | Path | None) -> Path:
        """--data-dir, then $MNIST_VIZ_DATA, then the folder chosen last time, then the user folder."""
        if data_dir or os.environ.get(data.ENV_VAR):
            return data.resolve_root(data_dir)
        saved = app_settings().value("data/root") if self.persist else None
        return Path(str(saved)) if saved else data.default_root()

    def _initial_dataset(self, dataset: str | None) -> str:
        """--dataset, then the data handed in, then the data set chosen last time, then MNIST."""
        if dataset:
            return datasets.get(dataset).key
        if self.mnist is not None:
            return self.mnist.dataset
        saved = app_settings().value("data/dataset") if self.persist else None
        return str(saved) if saved in datasets.DATASETS else datasets.DEFAULT_DATASET

    @property
    def dataset_name(self) -> str:
        """The chosen data set's name: "MNIST", "Fashion-MNIST" or "KMNIST"."""
        return datasets.get(self.dataset).name

    @property
    def loading(self) -> bool:
        """True while torch or the data set is being loaded."""
        return self._torch_loader is not None or self._loader is not None

    def set_dataset(self, key: str) -> None:
        """Train on data set ``key`` from now on: load it (remembered for the next start)."""
        key = datasets.get(key).key
        if self.worker.running:
            self.controls.set_dataset(self.dataset)
            self.feedback.status.showMessage(self.tr("Stop training before choosing another data set"), 5000)
            return
        self.controls.set_dataset(key)
        if key == self.dataset and self.mnist is not None:
            return
        self.dataset = key
        self.mnist = None
        if self.persist:
            app_settings().setValue("data/dataset", key)
        self.dataset_changed.emit(key)
        self.changed.emit()
        self.load_data()

    def set_data_root(self, root: str | Path) -> None:
        """Use the data set from ``root`` (remembered for the next start) and load it."""
        if self.worker.running:
            return
        self.data_root = Path(root)
        self.mnist = None
        self.changed.emit()
        if self.persist:
            app_settings().setValue("data/root", str(self.data_root))
        self.load_data()

    def choose_data_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.parent_widget, self.tr("Choose the folder that holds {0}/raw/").format(
                datasets.get(self.dataset).folder), str(self.data_root))
        if folder:
            self.set_data_root(root_from_chosen_folder(folder, self.dataset))

    # ================================================================ torch
    def start_loading(self) -> None:
        """Import PyTorch in a worker thread, then load the data set (each once)."""
        if self.torch_loaded or self._torch_loader is not None or self.closing:
            return
        self.feedback.status.showMessage(self.tr("Loading PyTorch..."))
        worker = create_worker(load_torch, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(self._on_torch_loaded)
        worker.errored.connect(self._on_torch_error)
        self._torch_loader = worker
        self.changed.emit()
        worker.start()

    def wait(self, timeout_s: float) -> None:
        """Let a running import or load end (neither can be interrupted), handling events meanwhile."""
        deadline = time.monotonic() + timeout_s
        # (superqt starts a worker's thread 10 ms after start(): the pool may be idle meanwhile)
        while self.loading and time.monotonic() < deadline:
            QThreadPool.globalInstance().waitForDone(20)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def _on_torch_loaded(self, devices: list[str]) -> None:
        self._torch_loader = None
        self.torch_loaded = True
        if self.closing:
            return
        self.controls.add_devices(devices, wanted=self.saved_device)
        if self.mnist is None and self.load_when_ready:
            self.load_data()
        else:
            self.feedback.status.clearMessage()
        if self._loader is None:
            self._announce_torch()
        # else: once the data is in (see _on_data_loaded), so that what torch_ready starts
        # (the shipped model's views, the canvas's captum: workers of the same two-thread
        # pool) neither delays nor slows the load that Start waits for
        self.changed.emit()

    def _announce_torch(self) -> None:
        """The panels and torch_ready's listeners hear that torch is loaded (once)."""
        if self.torch_loaded and not self._torch_announced and not self.closing:
            self._torch_announced = True
            self.hub.torch_ready()
            self.torch_ready.emit()

    def _on_torch_error(self, error: BaseException) -> None:
        self._torch_loader = None
        self.changed.emit()
        text = f"PyTorch could not be imported: {error}"
        self.feedback.show_message(QMessageBox.Icon.Critical, self.tr("PyTorch could not be loaded"), text,
                                   self.tr("Reinstall it as the README says (pip install torch==2.14.1 "
                                           "torchvision==0.29.1); the log has the details."),
                                   "".join(traceback.format_exception(type(error), error, error.__traceback__)))
        self.feedback.status.showMessage(self.tr("PyTorch is not loaded"))
        self.data_failed.emit(text)

    # ================================================================= data
    def load_data(self) -> None:
        """Load the chosen data set from ``data_root`` in a worker thread (or offer to download it)."""
        root = self.data_root
        if self._loader is not None:
            self._reload_wanted = True  # another data set or folder was chosen meanwhile
            return
        if not data.is_available(root, self.dataset):
            self._offer_download(root)
            return
        self.feedback.status.showMessage(self.tr("Loading {0} from {1}...").format(self.dataset_name, root))
        worker = create_worker(data.load, root, self.dataset, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(self._on_data_loaded)
        worker.errored.connect(self._on_data_error)
        worker.finished.connect(self._on_loader_finished)
        self._loader = worker
        worker.start()
        self.changed.emit()

    def _on_loader_finished(self) -> None:
        self._loader = None
        self._announce_torch()
        self.changed.emit()
        if self._reload_wanted:
            self._reload_wanted = False
            if self.mnist is None or self.mnist.dataset != self.dataset or self.mnist.root != self.data_root:
                self.mnist = None
                self.load_data()

    def give_panels_data(self) -> None:
        """Panels that show test images themselves (the confusion gallery) get the test set."""
        if self.mnist is not None:
            self.hub.set_test_set(self.mnist.test.images.numpy(), self.mnist.test.labels.numpy())

    def _on_data_loaded(self, mnist: data.Mnist) -> None:
        if self._reload_wanted:
            return  # the user has chosen another data set or folder meanwhile
        self.mnist = mnist
        self.give_panels_data()
        self.describe_data()
        self._announce_torch()  # (in the same event as data_ready: Start cannot come in between)
        self.changed.emit()
        self.data_ready.emit(mnist)

    def describe_data(self) -> None:
        self.feedback.status.showMessage(self.tr("{0}: {1:,} training and {2:,} test images from {3}").format(
            self.mnist.name, len(self.mnist.train), len(self.mnist.test), self.mnist.folder), 8000)

    def _on_data_error(self, error: BaseException) -> None:
        show = self.feedback.show_message
        if isinstance(error, data.DataError):
            text = str(error)
            show(QMessageBox.Icon.Warning, self.tr("{0} could not be loaded").format(self.dataset_name),
                 text, self.tr("The drawing canvas works without it. File > Choose data folder... "
                               "picks another folder."))
        else:
            text = f"{self.dataset_name} could not be loaded from {self.data_root}: {error}"
            show(QMessageBox.Icon.Critical, self.tr("{0} could not be loaded").format(self.dataset_name),
                 text, self.tr("File > Choose data folder... picks another folder."),
                 "".join(traceback.format_exception(type(error), error, error.__traceback__)))
        self.feedback.status.showMessage(self.tr("{0} is not loaded").format(self.dataset_name))
        self._announce_torch()
        self.data_failed.emit(text)

    def _offer_download(self, root: Path) -> None:
        where = data.raw_folder(root, self.dataset)
        self.feedback.status.showMessage(self.tr("{0} is not in {1}").format(self.dataset_name, where))
        dialog = MissingDataDialog(root, self.parent_widget, dataset=self.dataset)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.download_chosen.connect(self.download_data)
        dialog.choose_folder_chosen.connect(lambda: QTimer.singleShot(0, self.choose_data_folder))
        self.missing_data_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "missing_data_dialog", None))
        dialog.open()
        self.data_failed.emit(f"{self.dataset_name} is not in {where}")

    def download_data(self) -> None:
        """Fetch the data set into ``data_root`` in a worker thread, behind a progress dialog."""
        if self.download is not None and self.download.running:
            return
        download = DataDownload(self.data_root, self.parent_widget, dataset=self.dataset)
        download.succeeded.connect(self._on_downloaded)
        download.failed.connect(lambda text: (
            self.feedback.show_message(QMessageBox.Icon.Warning,
                                       self.tr("{0} could not be downloaded").format(download.name), text),
            self.data_failed.emit(text)))
        download.cancelled.connect(
            lambda: self.feedback.status.showMessage(self.tr("Download cancelled; nothing was kept.")))
        self.download = download
        download.start()

    @property
    def downloading(self) -> bool:
        return self.download is not None and self.download.running

    def _on_downloaded(self, root: Path) -> None:
        self.feedback.status.showMessage(self.tr("{0} downloaded into {1}").format(
            self.dataset_name, data.raw_folder(root, self.dataset)))
        self.data_root = Path(root)
        self.load_data()

    def shutdown(self, timeout_s: float) -> None:
        """The window closes: start nothing new, let a load end, cancel a download."""
        self.closing = True
        self.wait(timeout_s)
        if self.downloading:
            self.download.cancel()
