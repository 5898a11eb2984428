"""The main window, assembled: the control panel, one dock per panel, the menus, the status
bar and the banner, wired to the controllers. It holds no logic of its own.

The parts, each with one job:

* :class:`~mnist_viz.gui.hub.PanelHub`: dispatch to the panels, what the visible ones
  need, the snapshot scheduler;
* :class:`~mnist_viz.gui.controllers.training.RunController`: the training commands and
  the run's events (the worker, :mod:`~mnist_viz.gui.controllers.worker`, runs the Trainer);
* :class:`~mnist_viz.gui.controllers.loading.DataController`: torch, then the data set;
* :class:`~mnist_viz.gui.controllers.replay.ReplayController` and
  :class:`~mnist_viz.gui.controllers.recordings.RecordingFiles`: recordings and the timeline;
* :class:`~mnist_viz.gui.controllers.model_files.RunKeeper`: autosave, Save / Open model;
* :class:`~mnist_viz.gui.layout.DockLayout`: where the docks go;
  :class:`~mnist_viz.gui.settings.WindowSettings`: what is kept between sessions;
  :class:`~mnist_viz.gui.menus.WindowMenus`: the commands and menus;
* :class:`~mnist_viz.gui.lessons.LessonLauncher`: the lesson windows, Help > Lessons and
  the first-run "Start here" page.

Data flows one way: worker -> controllers -> hub -> panels.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QScrollArea, QToolButton, QWidget

from ..core import data, datasets
from ..core.state import ViewState
from . import i18n
from .collector import collect_on_gui_thread
from .controllers.loading import DataController
from .controllers.model_files import RunKeeper
from .controllers.recordings import RecordingFiles
from .controllers.replay import ReplayController
from .controllers.training import RunController
from .controllers.view import ViewController
from .controllers.worker import TrainingController
from .controls import ControlPanel
from .feedback import BANNER, Feedback, MessageBanner
from .help import DISPLAY_NAME, HelpDialog, show_about
from .hub import PanelHub
from .layout import DockLayout
from .lessons import LessonLauncher
from .menus import WindowMenus
from .panels import panel_classes
from .panels.base import Panel
from .settings import WindowSettings
from .status import TrainingStatusBar
from .threads import wait_for_threads
from .widgets.dock_title import DockTitleBar
from .widgets.info_button import INFO_NAME

#: How long closing the window waits for worker threads (training stops within a step).
THREAD_WAIT_S = 30.0
CONTROLS_DOCK = "controls"


class MainWindow(QMainWindow):
    """The app's window. ``data`` (in-memory MNIST) skips loading; ``persist`` uses QSettings.

    ``start_page``: show the "Start here" page on the first run (default: when ``persist``
    and on a real screen, not offscreen as in tests and screenshots).
    """

    #: The data set is loaded and training can start.
    data_ready = Signal(object)
    #: The data set could not be loaded (the message says why and what to do).
    data_failed = Signal(str)
    #: PyTorch has been imported (in the background, after the window was shown).
    torch_ready = Signal()

    def __init__(self, data: data.Mnist | None = None, data_dir: str | Path | None = None,
                 panel_types: Sequence[type[Panel]] | None = None, persist: bool = True,
                 load_data: bool = True, parent: QWidget | None = None, dataset: str | None = None,
                 start_page: bool | None = None) -> None:
        super().__init__(parent)
        collect_on_gui_thread()  # (the app did already; a window built on its own too)
        self.setWindowTitle(DISPLAY_NAME)
        self.persist = persist
        #: True once the docks are placed for the window's real size (after the first show).
        self.arranged = False
        self._shown_once = False
        self._close_confirmed = False
        self.start_page = (persist and QGuiApplication.platformName() not in ("offscreen", "minimal")
                           if start_page is None else start_page)
        central = QWidget()  # QMainWindow needs one; hidden, so the docks share all the room
        self.setCentralWidget(central)
        central.hide()
        self.setDockNestingEnabled(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)

        self.hub = PanelHub(self)
        #: The training worker (runs the Trainer in a thread).
        self.controller = TrainingController(self)
        #: What every panel is a view of: the weights shown, the probe, the data set (core.state).
        self.view_state = ViewState()
        self.run_state = self.view_state.run
        self.menus = WindowMenus(self)
        #: The lessons' windows, Help > Lessons and the Start-here page.
        self.lessons = LessonLauncher(self)
        self.actions = self.menus.actions
        self.controls = ControlPanel(self.actions)
        self.banner = MessageBanner(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.status = TrainingStatusBar(self)
        self.setStatusBar(self.status)
        self.feedback = Feedback(self, self.status, self.banner)
        self.loader = DataController(self, self.controller, self.hub, self.controls, self.feedback, data, data_dir,
                                     dataset, persist, load_when_ready=load_data and data is None)
        self.controls.set_dataset(self.loader.dataset)
        self._make_docks(panel_types if panel_types is not None else panel_classes())
        #: Replaying recordings, recording runs, the timeline bar.
        self.replay = ReplayController(self, self.controller, self.hub, self.run_state, lambda: self.loader.dataset)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.replay.toolbar)
        self.recordings = RecordingFiles(self, self.controller, self.replay, self.controls, self.loader,
                                         self.feedback, persist)
        # Autosave and "Save the trained model?"; no questions where nobody could answer them.
        # (Made before the run controller: a "Reset weights" restart must find the old run saved.)
        self.keeper = RunKeeper(self, self.controller, self.run_state, self.feedback, self.hub, self.controls,
                                lambda: self.loader.dataset, None, enabled=persist,
                                ask=persist and QGuiApplication.platformName() not in ("offscreen", "minimal"))
        self.run = RunController(self, self.controller, self.hub, self.run_state, self.controls, self.feedback,
                                 self.loader, self.actions)
        self.run.replaying = self.hub.replaying = lambda: self.replay.replaying
        self.run.live_floor = lambda: self.replay.live_floor
        self.run.autosaving = lambda: self.keeper.enabled
        #: Keeps the view state and feeds the panels from it whenever nothing trains.
        self.view = ViewController(self, self.view_state, self.controller, self.hub, self.controls.current_model,
                                   self._test_arrays)
        self.view.replaying = lambda: self.replay.replaying
        self.view.reshow_replayed = self.replay.reshow
        self.replay.on_replayed = self.view.replayed
        self.keeper.show_checkpoint = lambda path, checkpoint: self.view.show_checkpoint(
            path, checkpoint, self._select_model)
        self.view.run_created.connect(self.keeper.on_run_created)
        self.menus.build()
        self.keeper.save_action = self.menus.save_model_action
        self.recordings.record_action = self.menus.record_action
        self.dock_layout = DockLayout(self, self.controls_dock, self.controls, self.hub,
                                      nothing_trained=lambda: self.run_state.model is None)
        self.settings = WindowSettings(self, self.controls, self.hub, self.dock_layout)
        self._connect()
        self.dock_layout.default_size()
        # The docks are placed when the window is first shown, for the size it has then
        # (placed now, their minimum sizes could stop the window from being made smaller).
        if persist:
            self.settings.restore()
            self.menus.check_snapshot_rate(self.hub.snapshot_rate)
            self.loader.saved_device = self.settings.saved_device
        self.dock_layout.apply_model_visibility()
        self.run.update_actions()
        self.controller.set_pace(self.controls.current_pace())
        self.hub.set_live_weights_source(self._live_weights)
        self._apply_dataset()
        if self.loader.mnist is not None:
            self.loader.give_panels_data()
            self.loader.describe_data()
        elif load_data:
            # Normally started once the window is on screen (see showEvent); this is for a
            # window that is never shown (tests, scripts).
            QTimer.singleShot(0, lambda: None if self.isVisible() else self.loader.start_loading())

    # ================================================================ building
    def _make_docks(self, panel_types: Sequence[type[Panel]]) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.controls)
        self.controls_dock = QDockWidget(self.tr("Training"), self)
        self.controls_dock.setObjectName(CONTROLS_DOCK)
        self.controls_dock.setWidget(scroll)
        self.controls_dock.toggleViewAction().setText(self.tr("&Training controls"))
        self.controls_dock.setMinimumWidth(self.controls.minimumSizeHint().width()
                                           + scroll.verticalScrollBar().sizeHint().width())
        for panel_type in panel_types:
            panel = panel_type()
            pid = panel.panel_id
            if not pid or pid in self.hub.panels or pid in (CONTROLS_DOCK, BANNER):
                raise ValueError(f"panel {panel_type.__name__} needs a unique panel_id (got {pid!r})")
            dock = QDockWidget(i18n.panel_title(panel) or pid, self)
            dock.setObjectName(pid)
            dock.setWidget(panel)
            dock.setTitleBarWidget(DockTitleBar(dock, i18n.panel_help(panel)))
            for button in panel.findChildren(QToolButton):  # one "what am I looking at?" is enough
                if button.accessibleName() == INFO_NAME:
                    button.hide()
            dock.toggleViewAction().setStatusTip(self.tr("Show or hide the {0} panel").format(
                i18n.panel_title(panel)))
            # Shown from the View menu: bring it to the front of its tab group too.
            dock.toggleViewAction().triggered.connect(
                lambda *_, dock=dock: dock.raise_() if dock.toggleViewAction().isChecked() else None)
            self.hub.add(panel, dock)

    def _connect(self) -> None:
        self.controls.model_changed.connect(self._on_model_changed)
        self.controls.dataset_changed.connect(self.loader.set_dataset)
        self.controls.pace_changed.connect(self.controller.set_pace)  # live, and for the next run
        self.loader.changed.connect(self.run.update_actions)
        self.loader.dataset_changed.connect(lambda _key: self._apply_dataset())
        self.loader.data_ready.connect(self.data_ready)
        self.loader.data_ready.connect(lambda _data: self.view.refresh())
        self.loader.data_failed.connect(self.data_failed)
        self.loader.torch_ready.connect(self.torch_ready)
        self.loader.torch_ready.connect(self.view.on_torch_ready)
        self.loader.torch_ready.connect(self.lessons.fill_menu)  # core.lessons trains: read once torch is in
        self.view.showing_changed.connect(self.status.set_showing)
        self.view.message.connect(lambda text: self.status.showMessage(text, 8000))
        self.hub.weights_requested.connect(self._on_weights_requested)
        self.replay.state_changed.connect(self.run.update_actions)
        self.replay.recording_failed.connect(lambda text: self.status.showMessage(text, 10000))
        self.hub.panel_failed.connect(self.status.showMessage)

    def _on_model_changed(self, model: str) -> None:
        self.dock_layout.apply_model_visibility()
        self.view.choose_for_model(model)

    def _on_weights_requested(self, key: tuple) -> None:
        """A panel (the canvas's model box) chose the weights to show."""
        if not self.view.choose_key(key, self._select_model):
            self.status.showMessage(self.tr("The panels keep showing the run being trained; "
                                            "the Draw panel answers with the model chosen there"), 8000)

    def _select_model(self, model: str) -> None:
        """Choose ``model`` in the control panel (its panels come on screen)."""
        self.controls.select_model(model)  # as the user would: a tutorial model's preset, or the editor

    def _test_arrays(self):
        mnist = self.loader.mnist
        return None if mnist is None else (mnist.test.images.numpy(), mnist.test.labels.numpy())

    def _live_weights(self):
        """For the canvas (off the GUI thread): (model, state dict) of this window's last run, from
        the view state; None without one or with one of another data set."""
        run = self.view.last_run
        if run is None or run.dataset != self.loader.dataset:
            return None
        return run.model, run.read()

    def _apply_dataset(self) -> None:
        """Name the data set in the title and give the panels its class names."""
        self.setWindowTitle(f"{DISPLAY_NAME} · {self.dataset_name}")
        # Without a Japanese font KMNIST's kana would be empty boxes: use their romaji then.
        latin = not QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)
        names = datasets.class_names_for(self.dataset, latin_only=latin)
        short = datasets.class_names_for(self.dataset, short=True, latin_only=latin)
        for pid, panel in self.panels.items():
            panel.set_class_names(names, short, self.dataset)
            self.docks[pid].setWindowTitle(i18n.panel_title(panel) or pid)  # "Draw a garment"...
        self.view.set_dataset(self.dataset)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self.dock_layout.restored:
                self.arranged = True
            else:
                self.dock_layout.apply_default()
                self.dock_layout.apply_model_visibility()
                QTimer.singleShot(0, lambda: setattr(self, "arranged", True))  # after the layout is finished
            QTimer.singleShot(0, self.hub.update_observed_parts)
            if self.loader.load_when_ready or self.loader.mnist is not None:
                QTimer.singleShot(0, self.loader.start_loading)  # posted after the first paint's request
            if self.start_page:
                self.lessons.show_start_page_once()

    # ========================================================= the parts' doors
    # (what scripts, the CLI and the tests use; each is one line into the part that does it)
    panels = property(lambda self: self.hub.panels)
    docks = property(lambda self: self.hub.docks)
    panel_errors = property(lambda self: self.hub.errors)
    mnist = property(lambda self: self.loader.mnist)
    dataset = property(lambda self: self.loader.dataset)
    dataset_name = property(lambda self: self.loader.dataset_name)
    download = property(lambda self: self.loader.download)
    missing_data_dialog = property(lambda self: self.loader.missing_data_dialog)
    torch_loaded = property(lambda self: self.loader.torch_loaded)
    last_message = property(lambda self: self.feedback.last_message)
    settings_problems = property(lambda self: self.settings.problems)
    snapshot_rate = property(lambda self: self.hub.snapshot_rate)
    open_model_action = property(lambda self: self.menus.open_model_action)
    save_model_action = property(lambda self: self.menus.save_model_action)
    open_recording_action = property(lambda self: self.menus.open_recording_action)
    record_action = property(lambda self: self.menus.record_action)
    runs_action = property(lambda self: self.menus.runs_action)
    export_menu = property(lambda self: self.menus.export_menu)
    language_menu = property(lambda self: self.menus.language_menu)
    init_experiment_action = property(lambda self: self.menus.init_experiment_action)
    init_experiment = property(lambda self: self.lessons.windows.get("init"))
    reset_layout_action = property(lambda self: self.menus.reset_layout_action)

    def start_training(self, paused: bool = False) -> bool:
        return self.run.start(paused)

    def step_once(self) -> None:
        self.run.step_once()

    def stop_training(self) -> None:
        self.run.stop()

    def visible_panels(self) -> list[Panel]:
        return self.hub.visible_panels()

    def flush_snapshot(self) -> None:
        self.hub.flush_snapshot()

    def set_snapshot_rate(self, rate: float) -> None:
        self.hub.set_snapshot_rate(rate)
        self.menus.check_snapshot_rate(rate)

    def set_dataset(self, key: str) -> None:
        self.loader.set_dataset(key)

    def set_data_root(self, root: str | Path) -> None:
        self.loader.set_data_root(root)

    def start_loading(self) -> None:
        self.loader.start_loading()

    def open_recording(self, path: str | Path | None = None) -> bool:
        return self.recordings.open_recording(path)

    def show_runs(self, folder: str | Path | None = None):
        return self.recordings.show_runs(folder)

    def record_runs_to(self, folder: str | Path | None) -> None:
        self.recordings.record_runs_to(folder)

    def show_message(self, icon: QMessageBox.Icon, title: str, text: str, informative: str = "",
                     details: str = "") -> QMessageBox:
        return self.feedback.show_message(icon, title, text, informative, details)

    def shown_step(self) -> int:
        """The step the panels show: the replayed one, or the live run's newest."""
        return self.replay.shown_step if self.replay.replaying and self.replay.shown_step is not None \
            else self.run_state.last_step

    def reset_layout(self) -> None:
        self.dock_layout.reset()

    def save_settings(self) -> None:
        self.settings.save()

    def show_panel_help(self) -> None:
        dialog = HelpDialog(list(self.panels.values()), self.controls.current_model(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_about(self) -> QMessageBox:
        return show_about(self.feedback)

    def show_init_experiment(self) -> None:
        """Help > Experiment: the init lesson (the symmetry-breaking experiment), with the loaded data set."""
        self.lessons.show_lesson("init")

    def show_lesson(self, name: str):
        """Open (or bring forward) lesson ``name``'s window (core.lessons.LESSON_ORDER)."""
        return self.lessons.show_lesson(name)

    # ============================================================= lifecycle
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._close_confirmed:
            if not self.keeper.confirm_close():  # "Save the trained model?" answered Cancel
                event.ignore()
                return
            self._close_confirmed = True  # asked once: quitting the app closes again, silently
        self.view.shutdown()  # nothing more is inspected (the run's end would ask for it)
        # Importing torch or reading the data set cannot be interrupted: let them end (a few
        # seconds at most) before anything is torn down, so that no thread is inside torch
        # when the process exits (that aborts it). A download is cancelled.
        self.loader.shutdown(THREAD_WAIT_S)
        if self.persist:
            self.settings.save()
        self.run_state.restart_paused = None
        self.lessons.shutdown()  # the lesson windows stop their training threads
        if not self.controller.shutdown():
            print("mnist-viz: the training thread did not end in time", file=sys.stderr)
        self.replay.shutdown()  # finish the live run's recording
        self.keeper.autosave_now()  # a run cut short by closing keeps its weights
        self.hub.shutdown()
        # Panels may have workers of their own (the canvas predicts off the GUI thread):
        # let them finish, so that no thread outlives the window.
        # A download cannot be interrupted in the middle of a file (torchvision reads it to
        # the end): it is not waited for; run_app ends the process without it.
        if not wait_for_threads(THREAD_WAIT_S, leave=lambda: self.loader.downloading):
            print("mnist-viz: a worker thread is still running", file=sys.stderr)
        super().closeEvent(event)
