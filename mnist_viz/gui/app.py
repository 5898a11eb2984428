"""The main window: the control panel, one dock per panel, menus, status bar; and app start-up.

The window is the switchboard between the :class:`~mnist_viz.gui.worker.TrainingController`
and the panels (built from the registry in :mod:`mnist_viz.gui.panels`):

* run events (start, steps, evaluations, end) go to every panel that has something to
  show for the run's model, visible or not, so a panel shown later has the whole history;
* snapshots go to the visible panels only, and the controller is told the union of the
  parts the visible panels need (a dock tabbed behind another is not visible), so what
  nobody looks at is never computed;
* panels whose ``models`` exclude the chosen model are hidden, and come back when the
  model does; the user can rearrange, close and restore the others (View menu).

MNIST is loaded in a worker thread; if it is missing the user is offered a download or a
folder picker, and the app stays usable without it. Window geometry, dock layout and the
last training settings are kept with QSettings (INI format, organisation and application
"mnist-viz"). Closing the window stops training and waits for the worker thread.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
import time
import traceback
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import (QByteArray, QCoreApplication, QEventLoop, QSettings, QSize, Qt, QThreadPool, QTimer,
                            QUrl, Signal)
from PySide6.QtGui import (QAction, QActionGroup, QCloseEvent, QDesktopServices, QFontDatabase, QGuiApplication,
                           QKeySequence, QShowEvent)
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QDockWidget, QFileDialog, QHBoxLayout,
                               QLabel, QMainWindow, QMessageBox, QScrollArea, QSizePolicy, QStyle, QTextBrowser,
                               QToolBar, QToolButton, QVBoxLayout, QWidget)
from superqt.utils import create_worker

from .. import __version__, logs
from ..core import data
from ..core import datasets
from ..core import events as ev
from ..core.config import TrainConfig
from .autosave import RunKeeper
from .controls import ControlPanel, available_devices
from .data_dialog import DataDownload, MissingDataDialog, root_from_chosen_folder
from .panels import panel_classes
from .panels.base import Panel
from .status import TrainingStatusBar
from . import i18n, splash
from .widgets.info_button import INFO_NAME, info_button
from .widgets.plot_cache import cache_static_items
from .worker import DEFAULT_SNAPSHOT_RATE, TrainingController
from .replay import ReplayController

ORGANIZATION = APPLICATION = "mnist-viz"
DISPLAY_NAME = "MNIST viz"
#: Bump when the docks change so that an old saved layout is not applied to new docks.
DOCK_STATE_VERSION = 1
#: Bump when saved settings change meaning: a file of another version is ignored (defaults, one log line).
SETTINGS_VERSION = 1
#: How long closing the window waits for worker threads (training stops within a step).
THREAD_WAIT_S = 30.0
SNAPSHOT_RATES = (2.0, 5.0, 10.0, 15.0, 30.0, 60.0)
CONTROLS_DOCK = "controls"
#: Width of the side column (the canvas) in the default layout, in font heights.
SIDE_EM = 20
#: Panels placed below the control panel in the default layout.
UNDER_CONTROLS = ("confusion",)
BANNER = "banner"
DESCRIPTION = ("Trains the two MNIST models of the TensorFlow tutorials (softmax regression and the "
               "'Deep MNIST' convolutional network) in PyTorch, and shows what happens inside them "
               "while they learn: the loss, the weights, the filters, the activations of one image, "
               "and what the model makes of a digit you draw.")


def app_settings() -> QSettings:
    """The app's settings (an INI file in the user's config folder; tests redirect it)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def ensure_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, created if there is none yet, with the app's names set."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    return app


class DockTitleBar(QWidget):
    """A dock's title with a "?" (the panel's help), float and close buttons."""

    def __init__(self, dock: QDockWidget, help_text: str) -> None:
        super().__init__(dock)
        self.dock = dock
        self.label = QLabel(dock.windowTitle())
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.help_button = info_button(help_text, self)
        self.help_button.setObjectName("help_button")
        style = self.style()
        self.float_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarNormalButton),
                                         self.tr("Float or dock this panel"))
        self.close_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton),
                                         self.tr("Close this panel (View menu brings it back)"))
        layout = QHBoxLayout(self)
        margin = self.fontMetrics().height() // 4
        layout.setContentsMargins(margin * 2, margin, margin, margin)
        layout.setSpacing(margin)
        layout.addWidget(self.label)
        layout.addStretch(1)
        layout.addWidget(self.help_button)
        layout.addWidget(self.float_button)
        layout.addWidget(self.close_button)
        self.float_button.clicked.connect(lambda: dock.setFloating(not dock.isFloating()))
        self.close_button.clicked.connect(dock.close)
        dock.windowTitleChanged.connect(self.label.setText)

    def _button(self, icon, tooltip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)
        button.setAutoRaise(True)
        button.setToolTip(tooltip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button


class MessageBanner(QToolBar):
    """A non-modal strip across the top of the window: what happened and how to fix it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("MessageBanner", "Messages"), parent)
        self.setObjectName(BANNER)
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar the user manages
        icon = QLabel()
        size = self.fontMetrics().height() * 3 // 2
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.addWidget(icon)
        self.addWidget(self.label)
        self.fix_action = self.addAction("")
        self.dismiss_action = self.addAction(self.tr("Dismiss"), self.hide)
        self.hide()

    def show_message(self, text: str, fix: QAction | None = None) -> None:
        self.label.setText(text)
        if fix is not None:
            self.fix_action.setText(fix.text().replace("&", ""))
            try:
                self.fix_action.triggered.disconnect()
            except (RuntimeError, TypeError):
                pass
            self.fix_action.triggered.connect(fix.trigger)
        self.fix_action.setVisible(fix is not None)
        self.show()


class HelpDialog(QDialog):
    """Help > What am I looking at?: every panel's help, in one scrollable page."""

    def __init__(self, panels: Sequence[Panel], model: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What am I looking at?"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        sections = [self.tr("<p>Each panel shows one view of the model while it trains. Press <b>Start</b> "
                            "(Ctrl+Return), <b>Pause</b> (Space) or <b>Step</b> one batch at a time (F10). "
                            "Panels can be moved, tabbed, floated and closed; View brings them back.</p>")]
        for panel in panels:
            note = "" if model in panel.models else " <i>({})</i>".format(
                (self.tr("shown for the {0} models") if len(panel.models) > 1
                 else self.tr("shown for the {0} model")).format(", ".join(panel.models)))
            sections.append(f"<h3>{i18n.panel_title(panel)}{note}</h3><p>{i18n.panel_help(panel)}</p>")
        self.browser.setHtml("".join(sections))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        em = self.fontMetrics().height()
        self.resize(em * 40, em * 32)


class MainWindow(QMainWindow):
    """The app's window. ``data`` (in-memory MNIST) skips loading; ``persist`` uses QSettings."""

    #: MNIST is loaded and training can start.
    data_ready = Signal(object)
    #: MNIST could not be loaded (the message says why and what to do).
    data_failed = Signal(str)
    #: PyTorch has been imported (in the background, after the window was shown).
    torch_ready = Signal()

    def __init__(self, data: data.Mnist | None = None, data_dir: str | Path | None = None,
                 panel_types: Sequence[type[Panel]] | None = None, persist: bool = True,
                 load_data: bool = True, parent: QWidget | None = None, dataset: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(DISPLAY_NAME)
        self.persist = persist
        self.mnist = data
        self.data_root = self._initial_root(data_dir)
        #: The chosen data set's key ("mnist", "fashion-mnist", "kmnist"; see core.datasets).
        self.dataset = self._initial_dataset(dataset)
        self._run_dataset: str | None = None
        self._reload_wanted = False
        self.controller = TrainingController(self)
        self.panels: dict[str, Panel] = {}
        self.docks: dict[str, QDockWidget] = {}
        self.panel_errors: list[str] = []
        #: What of the saved settings was unusable and left at its default (also in the log).
        self.settings_problems: list[str] = []
        self.last_message: QMessageBox | None = None
        self.missing_data_dialog: MissingDataDialog | None = None
        self.download: DataDownload | None = None
        self._loader = None
        self._load_data_when_ready = load_data and data is None
        #: PyTorch takes seconds to import: the window is built without it, then imports it
        #: in a worker thread (start_loading) and loads the data set after it.
        self.torch_loaded = False
        self._torch_loader = None
        self._closing = False
        self._saved_device: str | None = None  # a GPU chosen last time, selected once torch finds it
        self._dock_visible: dict[str, bool] = {}
        self._auto_hidden: set[str] = set()
        self._observed: tuple[frozenset[str], float] | None = None
        self._snapshot_rate = DEFAULT_SNAPSHOT_RATE
        self._run_model: str | None = None
        self._run_finished = False
        self._last_step = 0
        self._restart_paused: bool | None = None
        self._layout_restored = False
        self._geometry_restored = False
        self._shown_once = False
        self._layout_generation = 0
        #: True once the docks are placed for the window's real size (after the first show).
        self.arranged = False
        self._snapshot_event: ev.Snapshot | None = None
        self._snapshot_panels: list[Panel] = []
        # 1 ms, not 0: a timer fires after Qt's pending repaints, so each panel paints alone
        self._snapshot_timer = QTimer(self, singleShot=True, interval=1)
        self._snapshot_timer.timeout.connect(self._feed_next_panel)

        central = QWidget()  # QMainWindow needs one; hidden, so the docks share all the room
        self.setCentralWidget(central)
        central.hide()
        self.setDockNestingEnabled(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)

        self._make_actions()
        self.controls = ControlPanel(self.actions)
        self.controls.set_dataset(self.dataset)
        self.banner = MessageBanner(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.status = TrainingStatusBar(self)
        self.setStatusBar(self.status)
        self._make_docks(panel_types if panel_types is not None else panel_classes())
        #: Replaying recordings (File > Open recording...), recording runs, the timeline bar.
        self.replay = ReplayController(self)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.replay.toolbar)
        self.replay.recording_failed.connect(lambda text: self.status.showMessage(text, 10000))
        self._make_menus()
        # Autosave and "Save the trained model?"; no questions where nobody could answer them.
        self.keeper = RunKeeper(self, enabled=persist,
                                ask=persist and QGuiApplication.platformName() not in ("offscreen", "minimal"))
        self._connect()
        self._default_size()
        # The docks are placed when the window is first shown, for the size it has then
        # (placed now, their minimum sizes could stop the window from being made smaller).
        if persist:
            self._restore_settings()
        self._apply_model_visibility()
        self._update_actions()
        self._connect_panel_sources()
        self._apply_dataset()
        if self.mnist is not None:
            self._give_panels_data(self.mnist)
            self._describe_data()
        elif load_data:
            # Normally started once the window is on screen (see showEvent); this is for a
            # window that is never shown (tests, scripts).
            QTimer.singleShot(0, lambda: None if self.isVisible() else self.start_loading())

    # ================================================================ building
    def _make_actions(self) -> None:
        def action(name: str, text: str, shortcuts: Sequence[str | QKeySequence.StandardKey], tip: str,
                   slot) -> QAction:
            act = QAction(text, self)
            act.setObjectName(f"{name}_action")
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
            keys = ", ".join(QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
            act.setToolTip(f"{tip} ({keys})" if keys else tip)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.actions = {
            "start": action("start", self.tr("&Start"), ["Ctrl+Return", "F5"],
                            self.tr("Start training with these settings"), lambda: self.start_training()),
            "pause": action("pause", self.tr("&Pause"), ["Space"], self.tr("Pause or resume training"),
                            self.toggle_pause),
            "step": action("step", self.tr("S&tep"), ["Ctrl+Right", "F10"],
                           self.tr("Train on one more batch, then pause"), self.step_once),
            "stop": action("stop", self.tr("St&op"), ["Shift+F5"], self.tr("End the run"), self.stop_training),
            "reset": action("reset", self.tr("&Reset weights"), ["Ctrl+Shift+R"],
                            self.tr("Start the run again from fresh weights (step 0)"), self.reset_weights),
        }

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
            if not pid or pid in self.panels or pid in (CONTROLS_DOCK, BANNER):
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
            dock.visibilityChanged.connect(partial(self._on_dock_visibility, pid))
            panel.parts_changed.connect(self._update_observed_parts)
            panel.probe_requested.connect(self.controller.set_probe_index)
            panel.probe_image_requested.connect(self.controller.set_probe_image)
            self.panels[pid] = panel
            self.docks[pid] = dock
            self._dock_visible[pid] = False

    def _make_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.choose_data_action = file_menu.addAction(self.tr("Choose &data folder..."), self.choose_data_folder)
        self.choose_data_action.setStatusTip(
            self.tr("Pick the folder that holds MNIST/raw/ (or where to download it)"))
        file_menu.addSeparator()
        self.open_model_action = file_menu.addAction(self.tr("&Open model..."), lambda: self.keeper.open_model())
        self.open_model_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.open_model_action.setStatusTip(self.tr("Open a saved checkpoint; the Draw a digit panel answers with it"))
        self.save_model_action = file_menu.addAction(self.tr("&Save model..."), lambda: self.keeper.save_model())
        self.save_model_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_model_action.setStatusTip(self.tr("Save the weights of the current run as a checkpoint file"))
        file_menu.addSeparator()
        self._make_recording_menu(file_menu)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"), self.close)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

        training = menu.addMenu(self.tr("&Training"))
        for name in ("start", "pause", "step", "stop"):
            training.addAction(self.actions[name])
        training.addSeparator()
        training.addAction(self.actions["reset"])

        view = menu.addMenu(self.tr("&View"))
        view.addAction(self.controls_dock.toggleViewAction())
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        rates = view.addMenu(self.tr("Snapshot &rate"))
        rates.setToolTipsVisible(True)
        self.snapshot_rate_group = QActionGroup(self)
        self.snapshot_rate_actions: dict[float, QAction] = {}
        for rate in SNAPSHOT_RATES:
            act = rates.addAction(self.tr("{0:g} per second").format(rate))
            act.setCheckable(True)
            act.setChecked(rate == self._snapshot_rate)
            act.setToolTip(self.tr("How often weights and activations are copied for the panels; lower it "
                                   "if drawing slows training down"))
            act.triggered.connect(partial(self.set_snapshot_rate, rate))
            self.snapshot_rate_group.addAction(act)
            self.snapshot_rate_actions[rate] = act
        self.language_menu = i18n.add_language_menu(view, self, save=self.persist)
        view.addSeparator()
        self.reset_layout_action = view.addAction(self.tr("Reset &layout"), self.reset_layout)
        self.reset_layout_action.setStatusTip(self.tr("Put every panel back where it started"))

        help_menu = menu.addMenu(self.tr("&Help"))
        what = help_menu.addAction(self.tr("&What am I looking at?"), self.show_panel_help)
        what.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self.tr("&About {0}").format(DISPLAY_NAME), self.show_about)
        help_menu.addSeparator()
        self.init_experiment_action = help_menu.addAction(self.tr("&Experiment: why small random weights?"),
                                                          self.show_init_experiment)
        self.init_experiment_action.setStatusTip(self.tr("Train the CNN from all-zero and from random weights "
                                                         "side by side, and see why the start must be random"))

    def _connect(self) -> None:
        c = self.controller
        c.run_started.connect(self._on_run_started)
        c.steps.connect(self._on_steps)
        c.evaluated.connect(self._on_evaluated)
        c.snapshot.connect(self._on_snapshot)
        c.finished.connect(self._on_finished)
        c.diverged.connect(self._on_diverged)
        c.errored.connect(self._on_errored)
        c.state_changed.connect(self._on_state_changed)
        self.controls.model_changed.connect(self._on_model_changed)
        self.controls.dataset_changed.connect(self.set_dataset)
        self.controls.learning_rate_changed.connect(self._on_learning_rate_changed)

    # ================================================================== layout
    def _apply_default_layout(self) -> None:
        """Controls left; loss on top (other panels tabbed with it); weights/filters and feature maps
        below it; canvas right. Where the window is narrow, the lower and side panels become tabs."""
        target_size = self.size()  # re-adding docks may grow the window; arrange for this size
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        # Start from nothing: Qt places docks that are already laid out unpredictably.
        closed = {dock for dock in (self.controls_dock, *self.docks.values())
                  if dock.isHidden() and self.dockWidgetArea(dock) != Qt.DockWidgetArea.NoDockWidgetArea}
        for dock in (self.controls_dock, *self.docks.values()):
            dock.setFloating(False)
            self.removeDockWidget(dock)
        self.addDockWidget(left, self.controls_dock)
        docks = dict(self.docks)
        for pid in UNDER_CONTROLS:  # small panels fill the room the controls leave, if there is some
            dock = docks.get(pid)
            if dock is not None and (self._controls_height() + dock.minimumSizeHint().height() + 8
                                     <= self._dock_room_height(target_size.height())):
                self.splitDockWidget(self.controls_dock, docks.pop(pid), vertical)
        top = docks.pop("loss", None)
        side = docks.pop("canvas", None)
        weights = [docks.pop(pid) for pid in ("softmax_weights", "filters") if pid in docks]
        maps = docks.pop("feature_maps", None)
        others = list(docks.values())
        first = top or (weights[0] if weights else None) or maps or side or (others[0] if others else None)
        if first is None:
            return
        self.addDockWidget(right, first)
        if side is not None and side is not first:
            self.splitDockWidget(first, side, horizontal)
        # Split first, tabify last: Qt misplaces a dock split off one that is already tabbed.
        weights = [dock for dock in weights if dock is not first]
        below = weights[0] if weights else None
        if below is not None:
            self.splitDockWidget(first, below, vertical)
        if maps is not None and maps is not first:
            self.splitDockWidget(below or first, maps, horizontal if below is not None else vertical)
        for dock in weights[1:]:
            self.tabifyDockWidget(below, dock)
        for dock in others:  # any further panels: tabs behind the top one
            if dock is not first:
                self.tabifyDockWidget(first, dock)
        # Where the window is too narrow for every column, tab the lower panels together
        # (feature maps with the weights), then the side panel with them. The weights' width
        # is the widest of either model's, so that switching models does not overflow.
        width = target_size.width()
        separator = self.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, self) + 2
        weights_width = max((dock.minimumSizeHint().width() for dock in weights), default=0)
        maps_width = maps.minimumSizeHint().width() if maps is not None and maps is not first else 0
        # The side panel gets SIDE_EM wide, or its minimum width if that is less: its hint may
        # still reflect the width it had before (a panel can adapt its layout to its width).
        side_width = (min(side.minimumSizeHint().width(), self.fontMetrics().height() * SIDE_EM) + separator
                      if side is not None and side is not first else 0)
        top_width = first.minimumSizeHint().width()
        fixed = self.controls_dock.minimumSizeHint().width() + separator + side_width

        def fits(lower_width: int) -> bool:
            return fixed + max(top_width, lower_width) <= width

        group = below or (maps if maps is not first else None)
        if below is not None and maps_width and not fits(weights_width + separator + maps_width):
            self.tabifyDockWidget(below, maps)
            weights_width = max(weights_width, maps_width)
            maps_width = 0
        lower_width = weights_width + (separator + maps_width if maps_width else 0)
        if side_width and group is not None and not fits(lower_width):
            self.tabifyDockWidget(group, side)

        for dock in (self.controls_dock, *self.docks.values()):
            dock.setVisible(dock not in closed)
        self.layout().activate()
        self.resize(target_size)
        self._size_default_docks()
        # Which tab is in front can only be chosen once Qt has built the tab bars.
        self._layout_generation += 1
        QTimer.singleShot(0, partial(self._finish_layout, first, weights, target_size, self._layout_generation))

    def _finish_layout(self, top: QDockWidget, weights: list[QDockWidget], size: QSize, generation: int) -> None:
        if generation != self._layout_generation:
            return  # a later arrangement (or a restored layout) replaced this one
        top.raise_()
        model = self.controls.current_model()
        for dock in weights:  # the weights (or filters) of the chosen model in front
            if model in self.panels[dock.objectName()].models:
                dock.raise_()
        self.layout().invalidate()  # Qt may keep the docks' old geometry otherwise
        self.layout().activate()
        self.resize(size)  # placing the docks may have grown the window
        self._size_default_docks()

    def _controls_height(self) -> int:
        """Height the control panel's dock needs to show every control without scrolling."""
        return self.controls.sizeHint().height() + self.fontMetrics().height() * 3

    def _dock_room_height(self, window_height: int) -> int:
        return window_height - self.menuBar().sizeHint().height() - self.statusBar().sizeHint().height()

    def _size_default_docks(self) -> None:
        # With the central widget hidden, the docks share the whole width: give resizeDocks
        # every column, the middle one taking what the side columns leave.
        em = self.fontMetrics().height()
        side_width = em * SIDE_EM
        middle = next((self.docks[pid] for pid in ("loss", "softmax_weights", "filters", "feature_maps")
                       if pid in self.docks and not self.docks[pid].isHidden()), None)
        sides = [self.controls_dock]
        if "canvas" in self.docks and not self.docks["canvas"].isHidden():
            sides.append(self.docks["canvas"])
        widths = [max(side_width, dock.minimumSizeHint().width()) for dock in sides]
        columns = [(self.controls_dock, widths[0])]
        if middle is not None:
            columns.append((middle, max(em * 20, self.width() - sum(widths))))
        columns += list(zip(sides[1:], widths[1:]))
        self.resizeDocks([d for d, _ in columns], [w for _, w in columns], Qt.Orientation.Horizontal)
        under = [self.docks[pid] for pid in UNDER_CONTROLS if pid in self.docks and not self.docks[pid].isHidden()]
        if under and self.dockWidgetArea(under[0]) == self.dockWidgetArea(self.controls_dock):
            controls_height = self._controls_height()
            self.resizeDocks([self.controls_dock, under[0]],
                             [controls_height, self._dock_room_height(self.height()) - controls_height],
                             Qt.Orientation.Vertical)
        if "loss" in self.docks:
            lower = [d for pid, d in self.docks.items() if pid in ("softmax_weights", "filters", "feature_maps")]
            if lower:
                self.resizeDocks([self.docks["loss"], lower[0]], [em * 14, em * 24], Qt.Orientation.Vertical)

    def _default_size(self) -> None:
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        width, height = int(available.width() * 0.9), int(available.height() * 0.9)
        self.resize(width, height)
        self.move(available.x() + (available.width() - width) // 2,
                  available.y() + (available.height() - height) // 2)

    def reset_layout(self) -> None:
        """Every panel back in its default place, shown if the model has something for it."""
        self._auto_hidden.clear()
        for pid, dock in self.docks.items():
            if self.controls.current_model() in self.panels[pid].models:
                dock.show()
        self.controls_dock.show()
        self._apply_default_layout()
        self._apply_model_visibility()

    def _apply_model_visibility(self) -> None:
        """Hide the panels with nothing to show for the chosen model; bring back those hidden for that."""
        model = self.controls.current_model()
        if self._run_model is None:  # nothing trained yet: show the chosen model's layout
            self._dispatch("on_model_selected", model, list(self.panels.values()), replayed=True)
        for pid, dock in self.docks.items():
            supported = model in self.panels[pid].models
            action = dock.toggleViewAction()
            action.setEnabled(supported)
            action.setToolTip("" if supported else self.tr("Nothing to show for the {0} model").format(model))
            if not supported and not dock.isHidden():
                self._auto_hidden.add(pid)
                dock.hide()
            elif supported and pid in self._auto_hidden:
                self._auto_hidden.discard(pid)
                dock.show()
        self._update_observed_parts()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self._layout_restored:
                self.arranged = True
            else:
                self._apply_default_layout()
                self._apply_model_visibility()
                QTimer.singleShot(0, lambda: setattr(self, "arranged", True))  # after the layout is finished
            QTimer.singleShot(0, self._update_observed_parts)
            if self._load_data_when_ready or self.mnist is not None:
                QTimer.singleShot(0, self.start_loading)  # posted after the first paint's request

    # =========================================================== observation
    def visible_panels(self) -> list[Panel]:
        """Panels on screen (not closed, not tabbed behind another) with something for the model."""
        model = self._run_model if self.controller.running and self._run_model else self.controls.current_model()
        return [panel for pid, panel in self.panels.items()
                if model in panel.models and self._dock_visible.get(pid) and not self.docks[pid].isHidden()]

    def _on_dock_visibility(self, pid: str, visible: bool) -> None:
        self._dock_visible[pid] = visible
        self._update_observed_parts()

    def _update_observed_parts(self) -> None:
        model = self._run_model if self.controller.running and self._run_model else self.controls.current_model()
        parts: set[str] = set()
        for panel in self.visible_panels():
            parts |= set(panel.parts(model))
        key = (frozenset(parts), self._snapshot_rate)
        if key != self._observed:
            self._observed = key
            self.controller.set_observed_parts(parts, self._snapshot_rate)

    def set_snapshot_rate(self, rate: float) -> None:
        """At most ``rate`` snapshots (weights, activations) a second."""
        self._snapshot_rate = float(rate)
        action = self.snapshot_rate_actions.get(float(rate))
        if action is not None:
            action.setChecked(True)
        self._update_observed_parts()

    @property
    def snapshot_rate(self) -> float:
        return self._snapshot_rate

    # ============================================================== training
    def start_training(self, paused: bool = False) -> bool:
        """Start a run with the control panel's settings. False (with a message) if it cannot."""
        if self.controller.running:
            return False
        if self.mnist is None:
            self.status.showMessage(self.tr("{0} is not loaded yet: File > Choose data folder... "
                                            "to point at it.").format(self.dataset_name))
            return False
        try:
            config = self.controls.config()
        except ValueError as err:
            self.show_message(QMessageBox.Icon.Warning, self.tr("Cannot start training"), str(err))
            return False
        self.banner.hide()
        self._run_model = config.model
        self._run_dataset = self.mnist.dataset
        self._run_finished = False
        self._last_step = 0
        self._observed = None
        self._update_observed_parts()
        try:
            self.controller.start(config, self.mnist.train, self.mnist.test, paused=paused)
        except (ValueError, RuntimeError) as err:
            self._run_model = None
            self.show_message(QMessageBox.Icon.Warning, self.tr("Cannot start training"), str(err))
            return False
        return True

    def toggle_pause(self) -> None:
        if self.controller.state == "running":
            self.controller.pause()
        elif self.controller.state == "paused":
            self.banner.hide()
            self.controller.resume()

    def step_once(self) -> None:
        """One batch. Without a run, starts one paused at step 0 and takes its first step."""
        if not self.controller.running:
            if not self.start_training(paused=True):
                return
        self.controller.step_once()

    def stop_training(self) -> None:
        self._restart_paused = None
        self.controller.stop()

    def reset_weights(self) -> None:
        """Start the run again from step 0 with fresh weights, keeping it running or paused."""
        if not self.controller.running:
            return
        self.banner.hide()
        self._restart_paused = self.controller.state == "paused"
        self.controller.stop()

    def _on_learning_rate_changed(self, lr: float) -> None:
        if self.controller.running:
            try:
                self.controller.set_learning_rate(lr)
            except ValueError as err:
                self.status.showMessage(str(err))
                return
            self.status.showMessage(self.tr("Learning rate {0:g} from the next step on").format(lr), 4000)

    def _on_model_changed(self, model: str) -> None:
        self._apply_model_visibility()

    # ------------------------------------------------------ controller events
    def _dispatch(self, method: str, payload, panels: Sequence[Panel], replayed: bool = False) -> None:
        if self.replay.replaying and not replayed:
            return  # the panels show a recorded step; the live run goes on without them
        for panel in panels:
            try:
                getattr(panel, method)(payload)
            except Exception:  # one broken panel must not starve the others
                details = traceback.format_exc()
                self.panel_errors.append(f"{panel.panel_id}.{method}: {details}")
                print(f"mnist-viz: the {panel.panel_id} panel failed in {method}:\n{details}", file=sys.stderr)
                self.status.showMessage(f"The {panel.title} panel failed to draw; see the terminal for details")

    def _run_panels(self) -> list[Panel]:
        return [p for p in self.panels.values() if self._run_model in p.models]

    def _on_run_started(self, event: ev.RunStarted) -> None:
        self._run_model = event.model
        self.status.run_started(event)
        self._dispatch("on_run_started", event, self._run_panels())
        for panel in self._run_panels():
            cache_static_items(panel)  # panels may have made new plots for this model

    def _on_steps(self, events: list[ev.StepDone]) -> None:
        if events:
            self._last_step = events[-1].step
        self.status.steps(events)
        if self.replay.live_floor:  # the panels already have these steps from the recording
            events = [e for e in events if e.step > self.replay.live_floor]
        if events:
            self._dispatch("on_steps", events, self._run_panels())

    def _on_evaluated(self, event: ev.Evaluated) -> None:
        self.status.evaluated(event)
        self._dispatch("on_evaluated", event, self._run_panels())

    def _on_snapshot(self, event: ev.Snapshot) -> None:
        # The panels draw one after another, each in its own pass of the event loop, so
        # that no single pass holds up the GUI for all of them together (a 10 ms timer
        # stays on time; see `mnist-viz bench`). A newer snapshot replaces the one being
        # handed out; the panels still waiting come first, so that every panel gets its
        # turn even when snapshots arrive faster than a round takes.
        idle = not self._snapshot_panels
        self._snapshot_event = event
        waiting = self._snapshot_panels
        self._snapshot_panels = waiting + [p for p in self.visible_panels() if p not in waiting]
        if idle:
            self._snapshot_timer.start()

    def _feed_next_panel(self) -> None:
        if self._snapshot_panels and self._snapshot_event is not None:
            self._dispatch("on_snapshot", self._snapshot_event, [self._snapshot_panels.pop(0)])
        if self._snapshot_panels:
            self._snapshot_timer.start()

    def flush_snapshot(self) -> None:
        """Give the newest snapshot to every panel still waiting for it, now."""
        self._snapshot_timer.stop()
        while self._snapshot_panels:
            self._feed_next_panel()

    def _on_finished(self, event: ev.Finished) -> None:
        self.flush_snapshot()  # every panel shows the run's last state
        self._run_finished = True
        self.status.finished(event)
        self._dispatch("on_finished", event, self._run_panels())

    def _on_diverged(self, event: ev.Diverged) -> None:
        logs.get("gui").warning("step %d: %s", event.step, event.message)
        self.banner.show_message(event.message, fix=self.actions["reset"])
        self.status.showMessage(self.tr("Training paused at step {0:,}: the loss diverged").format(event.step))

    def _on_errored(self, message: str, details: str) -> None:
        self.show_message(QMessageBox.Icon.Critical, self.tr("Training stopped"), message,
                          self.tr("You can change the settings and start again."), details)

    def _on_state_changed(self, state: str) -> None:
        self.status.set_state(state)
        self._update_actions()  # idle: says "Replaying" or "Loading" instead where that is so
        if state != "idle":
            return
        if self._restart_paused is not None:
            paused, self._restart_paused = self._restart_paused, None
            if self.start_training(paused=paused):
                self.status.showMessage(self.tr("Weights reset: step 0 (paused: Space resumes, F10 steps)")
                                        if paused else self.tr("Weights reset: step 0"))
            return
        if not self._run_finished:
            self.status.showMessage(self.tr("Stopped at step {0:,}").format(self._last_step))
        self._update_observed_parts()

    def _update_actions(self) -> None:
        running = self.controller.running
        state = self.controller.state
        has_data = self.mnist is not None
        self.actions["start"].setEnabled(not running and has_data)
        self.actions["pause"].setEnabled(running)
        self.actions["pause"].setText(self.tr("&Resume") if state == "paused" else self.tr("&Pause"))
        self.actions["step"].setEnabled(has_data)
        self.actions["stop"].setEnabled(running)
        self.actions["reset"].setEnabled(running)
        self.choose_data_action.setEnabled(not running)
        self.controls.set_running(running)
        loading = not has_data and (self._torch_loader is not None or self._loader is not None)
        if state == "idle":
            self.status.set_state("loading" if loading else "replaying" if self.replay.replaying else "idle")
        if not has_data and loading:
            self.actions["start"].setToolTip(self.tr("Loading PyTorch and {0}...").format(self.dataset_name))
        elif not has_data:
            self.actions["start"].setToolTip(
                self.tr("{0} is not loaded: File > Choose data folder...").format(self.dataset_name))
        else:
            self.actions["start"].setToolTip(self.tr("Start training with these settings (Ctrl+Return, F5)"))

    # ================================================================== data
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

    def set_dataset(self, key: str) -> None:
        """Train on data set ``key`` from now on: load it (remembered for the next start)."""
        key = datasets.get(key).key
        if self.controller.running:
            self.controls.set_dataset(self.dataset)
            self.status.showMessage(self.tr("Stop training before choosing another data set"), 5000)
            return
        self.controls.set_dataset(key)
        if key == self.dataset and self.mnist is not None:
            return
        self.dataset = key
        self.mnist = None
        if self.persist:
            app_settings().setValue("data/dataset", key)
        self._apply_dataset()
        self._update_actions()
        self.load_data()

    def start_loading(self) -> None:
        """Import PyTorch in a worker thread, then load the data set (each once).

        Importing torch takes 2-4 s on two cores: the window is built and painted first, so
        that it is on screen at once; Start stays disabled until the data is in."""
        if self.torch_loaded or self._torch_loader is not None or self._closing:
            return
        self.status.showMessage(self.tr("Loading PyTorch..."))
        worker = create_worker(load_torch, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(self._on_torch_loaded)
        worker.errored.connect(self._on_torch_error)
        self._torch_loader = worker
        self._update_actions()
        worker.start()

    def _wait_for_loaders(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        # (superqt starts a worker's thread 10 ms after start(): the pool may be idle meanwhile)
        while (self._torch_loader is not None or self._loader is not None) and time.monotonic() < deadline:
            QThreadPool.globalInstance().waitForDone(20)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def _on_torch_loaded(self, devices: list[str]) -> None:
        self._torch_loader = None
        self.torch_loaded = True
        if self._closing:
            return
        self.controls.add_devices(devices, wanted=self._saved_device)
        for panel in self.panels.values():
            panel.on_torch_ready()
        self.torch_ready.emit()
        if self.mnist is None and self._load_data_when_ready:
            self.load_data()
        else:
            self.status.clearMessage()
        self._update_actions()

    def _on_torch_error(self, error: BaseException) -> None:
        self._torch_loader = None
        self._update_actions()
        text = f"PyTorch could not be imported: {error}"
        self.show_message(QMessageBox.Icon.Critical, self.tr("PyTorch could not be loaded"), text,
                          self.tr("Reinstall it as the README says (pip install torch==2.14.1 "
                                  "torchvision==0.29.1); the log has the details."),
                          "".join(traceback.format_exception(type(error), error, error.__traceback__)))
        self.status.showMessage(self.tr("PyTorch is not loaded"))
        self.data_failed.emit(text)

    def load_data(self) -> None:
        """Load the chosen data set from ``data_root`` in a worker thread (or offer to download it)."""
        root = self.data_root
        if self._loader is not None:
            self._reload_wanted = True  # another data set or folder was chosen meanwhile
            return
        if not data.is_available(root, self.dataset):
            self._offer_download(root)
            return
        self.status.showMessage(self.tr("Loading {0} from {1}...").format(self.dataset_name, root))
        worker = create_worker(data.load, root, self.dataset, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(self._on_data_loaded)
        worker.errored.connect(self._on_data_error)
        worker.finished.connect(self._on_loader_finished)
        self._loader = worker
        worker.start()
        self._update_actions()

    def _on_loader_finished(self) -> None:
        self._loader = None
        self._update_actions()
        if self._reload_wanted:
            self._reload_wanted = False
            if self.mnist is None or self.mnist.dataset != self.dataset or self.mnist.root != self.data_root:
                self.mnist = None
                self.load_data()

    def _connect_panel_sources(self) -> None:
        """Panels that predict on their own (the canvas) may use the weights being trained."""
        def live_weights():  # called off the GUI thread by the panel's worker
            trainer = self.controller.trainer
            if trainer is None or self._run_dataset != self.dataset:
                return None  # no run, or one on another data set: its answers mean other classes
            return trainer.model.name, trainer.state_copy()

        for panel in self.panels.values():
            if hasattr(panel, "set_live_weights_source"):
                panel.set_live_weights_source(live_weights)

    def _give_panels_data(self, mnist: data.Mnist) -> None:
        """Panels that show test images themselves (the confusion gallery) get the test set."""
        for panel in self.panels.values():
            if hasattr(panel, "set_test_set"):
                panel.set_test_set(mnist.test.images.numpy(), mnist.test.labels.numpy())

    def _on_data_loaded(self, mnist: data.Mnist) -> None:
        if self._reload_wanted:
            return  # the user has chosen another data set or folder meanwhile
        self.mnist = mnist
        self._give_panels_data(mnist)
        self._describe_data()
        self._update_actions()
        self.data_ready.emit(mnist)

    def _describe_data(self) -> None:
        self.status.showMessage(self.tr("{0}: {1:,} training and {2:,} test images from {3}").format(
            self.mnist.name, len(self.mnist.train), len(self.mnist.test), self.mnist.folder), 8000)

    def _on_data_error(self, error: BaseException) -> None:
        if isinstance(error, data.DataError):
            text = str(error)
            self.show_message(QMessageBox.Icon.Warning, self.tr("{0} could not be loaded").format(self.dataset_name),
                              text, self.tr("The drawing canvas works without it. File > Choose data folder... "
                                            "picks another folder."))
        else:
            text = f"{self.dataset_name} could not be loaded from {self.data_root}: {error}"
            self.show_message(QMessageBox.Icon.Critical, self.tr("{0} could not be loaded").format(self.dataset_name),
                              text, self.tr("File > Choose data folder... picks another folder."),
                              "".join(traceback.format_exception(type(error), error, error.__traceback__)))
        self.status.showMessage(self.tr("{0} is not loaded").format(self.dataset_name))
        self.data_failed.emit(text)

    def _offer_download(self, root: Path) -> None:
        where = data.raw_folder(root, self.dataset)
        self.status.showMessage(self.tr("{0} is not in {1}").format(self.dataset_name, where))
        dialog = MissingDataDialog(root, self, dataset=self.dataset)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.download_chosen.connect(self.download_data)
        dialog.choose_folder_chosen.connect(lambda: QTimer.singleShot(0, self.choose_data_folder))
        self.missing_data_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "missing_data_dialog", None))
        dialog.open()
        self.data_failed.emit(f"{self.dataset_name} is not in {where}")

    def download_data(self) -> None:
        """Fetch MNIST into ``data_root`` in a worker thread, behind a progress dialog."""
        if self.download is not None and self.download.running:
            return
        download = DataDownload(self.data_root, self, dataset=self.dataset)
        download.succeeded.connect(self._on_downloaded)
        download.failed.connect(lambda text: (
            self.show_message(QMessageBox.Icon.Warning, self.tr("{0} could not be downloaded").format(download.name),
                              text),
            self.data_failed.emit(text)))
        download.cancelled.connect(lambda: self.status.showMessage(self.tr("Download cancelled; nothing was kept.")))
        self.download = download
        download.start()

    def _on_downloaded(self, root: Path) -> None:
        self.status.showMessage(self.tr("{0} downloaded into {1}").format(self.dataset_name,
                                                                          data.raw_folder(root, self.dataset)))
        self.data_root = Path(root)
        self.load_data()

    def choose_data_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder that holds {0}/raw/").format(
                                                  datasets.get(self.dataset).folder),
                                                  str(self.data_root))
        if folder:
            self.set_data_root(root_from_chosen_folder(folder, self.dataset))

    def set_data_root(self, root: str | Path) -> None:
        """Use MNIST from ``root`` (remembered for the next start) and load it."""
        if self.controller.running:
            return
        self.data_root = Path(root)
        self.mnist = None
        self._update_actions()
        if self.persist:
            app_settings().setValue("data/root", str(self.data_root))
        self.load_data()

    # ============================================================== messages
    def show_message(self, icon: QMessageBox.Icon, title: str, text: str, informative: str = "",
                     details: str = "") -> QMessageBox:
        """A non-blocking message box (the window stays usable; tests can read ``last_message``)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        if informative:
            box.setInformativeText(informative)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: setattr(self, "last_message", None) if self.last_message is box else None)
        self.last_message = box
        if icon in (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical):  # the details stay in the log
            logs.get("gui").log(30 if icon == QMessageBox.Icon.Warning else 40, "%s: %s%s%s", title, text,
                                f" ({informative})" if informative else "", f"\n{details}" if details else "")
        box.open()
        return box

    # ============================================================ recordings
    def _make_recording_menu(self, file_menu) -> None:
        """File > Open recording..., Record runs to folder..., Export panel as PNG."""
        self.open_recording_action = file_menu.addAction(self.tr("Open &recording..."), lambda: self.open_recording())
        self.open_recording_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_recording_action.setStatusTip(self.tr("Replay a recorded run (a folder written by 'mnist-viz train "
                                                        "--record' or by Record runs to folder)"))
        self.record_action = file_menu.addAction(self.tr("Record runs to &folder..."))
        self.record_action.setCheckable(True)
        self.record_action.setStatusTip(self.tr("Record every run from now on into its own folder, to replay it "
                                                "with the timeline (drag back while training goes on)"))
        self.record_action.triggered.connect(self._on_record_toggled)
        self.export_menu = file_menu.addMenu(self.tr("E&xport panel as PNG"))
        self.export_menu.setToolTipsVisible(True)
        self.export_menu.aboutToShow.connect(self._fill_export_menu)

    def open_recording(self, path: str | Path | None = None) -> bool:
        """Replay the recorded run in folder ``path`` (asks for it if None). False, with a message, if not."""
        from ..core.recording import Recording, RecordingError

        if self.controller.running:
            self.show_message(QMessageBox.Icon.Information, self.tr("Stop training first"),
                              self.tr("A recording cannot be opened while a run is training."),
                              self.tr("The panels show one run at a time, and the live run would keep "
                                      "drawing over the recording. Stop the run (Shift+F5), then open the "
                                      "recording. To look back at the run being trained, turn on File > Record "
                                      "runs to folder before starting it and drag the timeline."))
            return False
        if path is None:
            start = str(app_settings().value("recording/last_open", "") or Path.home()) if self.persist else ""
            path = QFileDialog.getExistingDirectory(self, self.tr("Open a recorded run (its folder)"), start)
            if not path:
                return False
        try:
            recording = Recording.open(path)
        except RecordingError as err:
            logs.get("gui").warning("cannot open the recording %s: %s", path, err)
            self.show_message(QMessageBox.Icon.Warning, self.tr("Cannot open the recording"), str(err))
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
        if dataset in datasets.DATASETS and dataset != self.dataset:
            self.set_dataset(dataset)
        try:
            self.replay.open_file(recording)
        except RecordingError as err:
            self.show_message(QMessageBox.Icon.Warning, self.tr("Cannot open the recording"), str(err))
            return False
        accuracy = recording.evaluations.get("test_accuracy")
        result = f", test accuracy {accuracy[-1]:.2%}" if accuracy is not None and len(accuracy) else ""
        logs.get("gui").info("replaying the recording %s (%s, %d steps)", recording.run_dir, recording.model,
                             recording.last_step)
        self.status.showMessage(f"Replaying {recording.run_dir.name}: {recording.model}, "
                                f"{recording.last_step:,} steps{result}. Start trains a new run.")
        return True

    def record_runs_to(self, folder: str | Path | None) -> None:
        """Record every run started from now on into a new folder inside ``folder`` (None: stop)."""
        self.replay.set_record_folder(folder)
        self.record_action.setChecked(folder is not None)
        self.record_action.setToolTip(f"Recording every run into {folder}" if folder else "")
        if folder is not None:
            note = " (the run going now is not recorded)" if self.controller.running else ""
            self.status.showMessage(f"Every run from now on is recorded into a new folder in {folder}{note}", 8000)

    def _on_record_toggled(self, checked: bool) -> None:
        if not checked:
            self.record_runs_to(None)
            return
        start = str(app_settings().value("recording/folder", "") or Path.home()) if self.persist else ""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Record every run into this folder"), start)
        if not folder:
            self.record_action.setChecked(False)
            return
        if self.persist:
            app_settings().setValue("recording/folder", folder)
        self.record_runs_to(folder)

    def shown_step(self) -> int:
        """The step the panels show: the replayed one, or the live run's newest."""
        return self.replay.shown_step if self.replay.replaying and self.replay.shown_step is not None \
            else self._last_step

    def _fill_export_menu(self) -> None:
        self.export_menu.clear()
        panels = self.visible_panels()
        for panel in panels:
            act = self.export_menu.addAction(panel.title, lambda panel=panel: panel.export_png_dialog())
            act.setToolTip(f"Save the {panel.title} panel as a PNG image")
        if not panels:
            self.export_menu.addAction(self.tr("No panel is shown")).setEnabled(False)

    def show_panel_help(self) -> None:
        dialog = HelpDialog(list(self.panels.values()), self.controls.current_model(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_init_experiment(self) -> None:
        """Open (or bring forward) the symmetry-breaking experiment, with the loaded MNIST."""
        from .init_experiment import InitExperimentWindow

        if getattr(self, "init_experiment", None) is None:
            self.init_experiment = InitExperimentWindow(self.mnist, parent=self)
        self.init_experiment.set_data(self.mnist)
        self.init_experiment.show()
        self.init_experiment.raise_()
        self.init_experiment.activateWindow()

    def show_about(self) -> QMessageBox:
        """Help > About: the version, what the app is, and where its log file is (with a button to open it)."""
        log_file = logs.current_path()
        where = (f"The log file (errors and their details) is {log_file}" if log_file is not None
                 else "No log file is being written in this session.")
        box = self.show_message(QMessageBox.Icon.Information, f"About {DISPLAY_NAME}",
                                f"{DISPLAY_NAME} {__version__}", f"{DESCRIPTION}\n\n{where}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
        box.log_file = log_file
        if log_file is not None:
            button = box.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
            button.setObjectName("open_log_folder")
            button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent))))
        return box

    # ============================================================== settings
    def _restore_settings(self) -> None:
        """Apply the saved settings; anything unreadable is left at its default, with one log line."""
        settings = app_settings()
        problems: list[str] = []
        try:
            if settings.status() != QSettings.Status.NoError:
                problems.append(f"the file could not be read ({settings.status().name})")
                return
            version = settings.value("settings/version")
            if version is not None and str(version).strip() != str(SETTINGS_VERSION):
                problems.append(f"it was written with settings version {version!r}, this version "
                                f"reads {SETTINGS_VERSION}: all of it")
                return
            geometry = settings.value("window/geometry")
            self._geometry_restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
            if geometry is not None and not self._geometry_restored:
                problems.append("window/geometry (not a window position)")
            self._restore_training_settings(settings, problems)
            state = settings.value("window/state")
            if isinstance(state, QByteArray):
                self._layout_restored = self.restoreState(state, DOCK_STATE_VERSION)
                if self._layout_restored:
                    self._place_new_docks()
            if state is not None and not self._layout_restored:
                problems.append("window/state (not a panel layout of this version)")
            auto_hidden = settings.value("window/auto_hidden", "")
            names = auto_hidden if isinstance(auto_hidden, list) else str(auto_hidden or "").split(",")
            self._auto_hidden = {name for name in names if name in self.docks}
            rate = settings.value("view/snapshot_rate")
            try:
                if rate is not None and float(rate) > 0 and float(rate) != float("inf"):
                    self.set_snapshot_rate(float(rate))
                elif rate is not None:
                    problems.append(f"view/snapshot_rate={rate!r}")
            except (TypeError, ValueError):
                problems.append(f"view/snapshot_rate={rate!r}")
        except Exception as err:  # noqa: BLE001 - a settings file must never stop the app
            problems.append(f"{type(err).__name__}: {err}")
        finally:
            if problems:
                logs.get("gui").warning("settings in %s ignored, defaults used instead: %s",
                                        settings.fileName(), "; ".join(problems))
                self.settings_problems = problems

    def _place_new_docks(self) -> None:
        """Docks a saved layout does not know (a panel added since): tabs behind the first panel."""
        placed = [dock for dock in self.docks.values()
                  if self.dockWidgetArea(dock) != Qt.DockWidgetArea.NoDockWidgetArea]
        for dock in self.docks.values():
            if dock in placed or dock.isFloating():
                continue
            if placed:
                self.tabifyDockWidget(placed[0], dock)
            else:
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            placed.append(dock)

    def _restore_training_settings(self, settings: QSettings, problems: list[str] | None = None) -> None:
        """The control panel's last settings; a value of the wrong type or out of range is skipped."""
        problems = [] if problems is None else problems
        defaults = TrainConfig().to_dict()
        values = {}
        settings.beginGroup("training")
        for name, default in defaults.items():
            value = settings.value(name)
            if value is None:
                continue
            try:
                values[name] = type(default)(value)
            except (TypeError, ValueError):
                problems.append(f"training/{name}={value!r}")
        settings.endGroup()
        if not values:
            return
        self._saved_device = values.get("device")
        base = self.controls.config()
        try:
            config = base.replace(**values)
        except (TypeError, ValueError):
            # Settings from another version, or edited by hand: keep what is valid on its own.
            config = base
            for name, value in values.items():
                try:
                    config = config.replace(**{name: value})
                except (TypeError, ValueError) as err:
                    problems.append(f"training/{name}={value!r} ({err})")
        try:
            self.controls.set_config(config)
        except (TypeError, ValueError) as err:
            problems.append(f"training ({err})")
            self.controls.set_config(base)

    def save_settings(self) -> None:
        settings = app_settings()
        settings.setValue("settings/version", SETTINGS_VERSION)
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(DOCK_STATE_VERSION))
        settings.setValue("window/auto_hidden", ",".join(sorted(self._auto_hidden)))
        settings.setValue("view/snapshot_rate", self._snapshot_rate)
        try:
            config = self.controls.config()
        except ValueError:
            config = None
        if config is not None:
            settings.beginGroup("training")
            for name, value in config.to_dict().items():
                settings.setValue(name, value)
            settings.endGroup()
        settings.sync()

    # ============================================================= lifecycle
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not getattr(self, "_close_confirmed", False):
            if not self.keeper.confirm_close():  # "Save the trained model?" answered Cancel
                event.ignore()
                return
            self._close_confirmed = True  # asked once: quitting the app closes again, silently
        self._closing = True  # nothing new is started (see start_loading)
        # Importing torch or reading the data set cannot be interrupted: let them end (a few
        # seconds at most) before anything is torn down, so that no thread is inside torch
        # when the process exits (that aborts it).
        self._wait_for_loaders(THREAD_WAIT_S)
        if self.persist:
            self.save_settings()
        if self.download is not None and self.download.running:
            self.download.cancel()
        self._restart_paused = None
        if getattr(self, "init_experiment", None) is not None:
            self.init_experiment.close()  # stops its two training threads
        if not self.controller.shutdown():
            print("mnist-viz: the training thread did not end in time", file=sys.stderr)
        self.replay.shutdown()  # finish the live run's recording
        self.keeper.autosave_now()  # a run cut short by closing keeps its weights
        for panel in self.panels.values():
            if hasattr(panel, "shutdown"):
                panel.shutdown()
        # Panels may have workers of their own (the canvas predicts off the GUI thread):
        # let them finish, so that no thread outlives the window.
        # A download cannot be interrupted in the middle of a file (torchvision reads it to
        # the end): it is not waited for; run_app ends the process without it.
        downloading = lambda: self.download is not None and self.download.running  # noqa: E731
        if not wait_for_threads(THREAD_WAIT_S, leave=downloading):
            print("mnist-viz: a worker thread is still running", file=sys.stderr)
        super().closeEvent(event)


def wait_for_threads(timeout_s: float, leave=lambda: False) -> bool:
    """Wait (handling events) until Qt's thread pool is idle. True if it is.

    While ``leave()`` is true, one thread may stay (an abandoned download).
    """
    pool = QThreadPool.globalInstance()
    deadline = time.monotonic() + timeout_s

    def done() -> bool:
        return pool.activeThreadCount() <= (1 if leave() else 0)

    while not done() and time.monotonic() < deadline:
        pool.waitForDone(50)
        QCoreApplication.processEvents()
    return done()


def report_startup(window: MainWindow) -> None:
    """For ``mnist-viz bench``: print when the window is shown, then, once torch and the data
    are loaded (Start enabled), how long the GUI thread was blocked at most meanwhile, and close."""
    # The first timer runs once the event loop has shown and painted the window.
    QTimer.singleShot(0, lambda: print("mnist-viz: window shown", flush=True))
    probe = QTimer(window, interval=10)
    state = {"last": time.perf_counter(), "worst": 0.0}

    def tick() -> None:
        now = time.perf_counter()
        state["worst"] = max(state["worst"], now - state["last"] - 0.010)
        state["last"] = now

    def ready(_what=None) -> None:
        probe.stop()
        print(f"mnist-viz: ready to train; the GUI thread was blocked {state['worst'] * 1000:.0f} ms at most",
              flush=True)
        window.close()

    probe.timeout.connect(tick)
    probe.start()
    window.data_ready.connect(ready)
    window.data_failed.connect(ready)


def load_torch() -> list[str]:
    """Worker side: import torch and the training code (seconds); the devices it can use."""
    importlib.import_module("mnist_viz.core.training")
    return available_devices()


def use_gui_threads() -> None:
    """Leave a core to the GUI thread (see core.training.training_threads)."""
    import torch

    from ..core.training import training_threads

    torch.set_num_threads(training_threads(gui=True))


def run_app(data_dir: str | None = None, dataset: str | None = None, recording: str | Path | None = None) -> int:
    """Open the window and run until it is closed. Returns the exit status.

    ``recording``: a recorded run's folder to replay (``mnist-viz open``)."""
    app = ensure_application()
    log_file = logs.setup()
    logs.get("gui").info("mnist-viz %s started (log: %s)", __version__, log_file)
    i18n.install(app)  # before any widget is made: $MNIST_VIZ_LANG, the saved choice, or the system's
    splash.message("Building the window...")
    window = MainWindow(data_dir=data_dir, dataset=dataset)
    window.torch_ready.connect(use_gui_threads)
    window.show()
    splash.finish(window)
    if recording is not None:
        QTimer.singleShot(0, lambda: window.open_recording(recording))
    # Ctrl+C in the terminal closes the window cleanly: Python only sees the signal when
    # it runs some bytecode, hence the idle timer.
    signal.signal(signal.SIGINT, lambda *_: window.close())
    tick = QTimer(window)
    tick.timeout.connect(lambda: None)
    tick.start(250)
    app.aboutToQuit.connect(window.close)  # however the app quits: save settings, end the thread
    train_ms = os.environ.get("MNIST_VIZ_TEST_TRAIN_MS", "")
    if train_ms.isdigit():  # tests: start training once the data is in, close the window N ms later
        def train_then_close(_mnist) -> None:
            print("mnist-viz: training started" if window.start_training() else "mnist-viz: did not start",
                  flush=True)
            QTimer.singleShot(int(train_ms), lambda: (print("mnist-viz: closing", flush=True), window.close()))

        window.data_ready.connect(train_then_close)
    if os.environ.get("MNIST_VIZ_EXIT_AFTER_SHOW"):  # `mnist-viz bench` measures start-up with this
        report_startup(window)
    status = app.exec()
    if window.download is not None and window.download.running:
        # Closed mid-download: the file in flight only ever lands in a staging folder, never
        # in MNIST/raw/, so nothing is lost by not waiting for it (which could take minutes).
        logs.get("gui").warning("closed during a download; the unfinished download was abandoned")
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    return status


class ScreenshotError(Exception):
    """The screenshot run could not finish (the message says why)."""


def take_screenshot(mnist: data.Mnist, path: str | Path, config: TrainConfig,
                    size: tuple[int, int] = (1366, 768),
                    settle_ms: int = 400) -> tuple[ev.Finished | None, tuple[int, int]]:
    """Train ``config`` in the real window, wait until the panels show the end, save a PNG.

    Uses default layout and settings (nothing is read from or written to the user's
    settings). Returns the run's Finished event and the PNG's size in pixels (larger than
    ``size`` if the panels cannot be made that small). In English, unless $MNIST_VIZ_LANG
    names another language (``MNIST_VIZ_LANG=ja`` for the Japanese interface).
    """
    i18n.install(ensure_application(), choice=i18n.SOURCE_LANGUAGE)
    window = MainWindow(data=mnist, persist=False, load_data=False)
    finished: list[ev.Finished] = []
    problems: list[str] = []
    loop = QEventLoop()
    window.controller.finished.connect(finished.append)
    window.controller.diverged.connect(lambda e: (problems.append(e.message), window.controller.stop()))
    window.controller.errored.connect(lambda message, details: problems.append(message))
    window.controller.state_changed.connect(lambda state: loop.quit() if state == "idle" else None)
    try:
        window.controls.set_config(config)
        window.resize(*size)
        window.show()  # the first show arranges the docks for this size
        if not window.start_training():
            raise ScreenshotError("training could not start: "
                                  + (window.last_message.text() if window.last_message else "no data"))
        if window.controller.running:
            loop.exec()
        if problems:
            raise ScreenshotError(problems[0])
        # The final snapshot arrived before Finished; let throttled panels redraw it.
        QTimer.singleShot(settle_ms, loop.quit)
        loop.exec()
        window.resize(*size)
        pixmap = window.grab()
        if not pixmap.save(str(path), "PNG"):
            raise ScreenshotError(f"could not write {path}; check that its folder exists and is writable")
        return (finished[-1] if finished else None), (pixmap.width(), pixmap.height())
    finally:
        window.close()
        window.deleteLater()
