"""The window's commands (Start, Pause, Step, Stop, Reset weights) and its menu bar.

Every menu entry calls a controller, the hub or the layout; nothing here holds state of
its own beyond the actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow

from . import concepts, i18n
from .help import DISPLAY_NAME
from .hub import SNAPSHOT_RATES


class WindowMenus(QObject):
    """The training commands (:attr:`actions`), then File, Training, View and Help (:meth:`build`)."""

    def __init__(self, window: QMainWindow) -> None:
        """``window``: the MainWindow, whose parts the menu entries call."""
        super().__init__(window)
        self.window = window

        def action(name: str, text: str, shortcuts: Sequence[str], tip: str, slot) -> QAction:
            act = QAction(text, window)
            act.setObjectName(f"{name}_action")
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
            keys = ", ".join(QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
            act.setToolTip(f"{tip} ({keys})" if keys else tip)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            window.addAction(act)
            return act

        #: The training commands, with their shortcuts (also in the Training menu and as buttons).
        self.actions: dict[str, QAction] = {
            "start": action("start", self.tr("&Start"), ["Ctrl+Return", "F5"],
                            self.tr("Start training with these settings"), lambda: window.start_training()),
            "pause": action("pause", self.tr("&Pause"), ["Space"], self.tr("Pause or resume training"),
                            lambda: window.run.toggle_pause()),
            "step": action("step", self.tr("S&tep"), ["Ctrl+Right", "F10"],
                           self.tr("Train on one more batch, then pause"), lambda: window.step_once()),
            "stop": action("stop", self.tr("St&op"), ["Shift+F5"], self.tr("End the run"),
                           lambda: window.stop_training()),
            "reset": action("reset", self.tr("&Reset weights"), ["Ctrl+Shift+R"],
                            self.tr("Start the run again from fresh weights (step 0)"),
                            lambda: window.run.reset_weights()),
        }

    def build(self) -> None:
        """The menu bar (once the docks exist)."""
        window = self.window
        menu = window.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.choose_data_action = file_menu.addAction(self.tr("Choose &data folder..."),
                                                      lambda: window.loader.choose_data_folder())
        self.choose_data_action.setStatusTip(self.tr("Pick the folder that holds MNIST/raw/ (or where to download it)"))
        self.actions["choose_data"] = self.choose_data_action
        file_menu.addSeparator()
        self.open_model_action = file_menu.addAction(self.tr("&Open model..."), lambda: window.keeper.open_model())
        self.open_model_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.open_model_action.setStatusTip(self.tr("Open a saved checkpoint; the Draw a digit panel answers with it"))
        self.save_model_action = file_menu.addAction(self.tr("&Save model..."), lambda: window.keeper.save_model())
        self.save_model_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_model_action.setStatusTip(self.tr("Save the weights of the current run as a checkpoint file"))
        file_menu.addSeparator()
        self.open_recording_action = file_menu.addAction(self.tr("Open &recording..."),
                                                         lambda: window.recordings.open_recording())
        self.open_recording_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_recording_action.setStatusTip(self.tr("Replay a recorded run (a folder written by 'mnist-viz train "
                                                   "--record' or by Record runs to folder)"))
        self.runs_action = file_menu.addAction(self.tr("R&uns..."), lambda: window.recordings.show_runs())
        self.runs_action.setStatusTip(self.tr("List the recordings in a folder, draw any number of them on the "
                                              "Loss panel, replay one"))
        self.record_action = file_menu.addAction(self.tr("Record runs to &folder..."))
        self.record_action.setCheckable(True)
        self.record_action.setStatusTip(self.tr("Record every run from now on into its own folder, to replay it "
                                           "with the timeline (drag back while training goes on)"))
        self.record_action.triggered.connect(lambda checked: window.recordings.on_record_toggled(checked))
        self.export_menu = file_menu.addMenu(self.tr("E&xport panel as PNG"))
        self.export_menu.setToolTipsVisible(True)
        self.export_menu.aboutToShow.connect(self.fill_export_menu)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"), window.close)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

        training = menu.addMenu(self.tr("&Training"))
        for name in ("start", "pause", "step", "stop"):
            training.addAction(self.actions[name])
        training.addSeparator()
        training.addAction(self.actions["reset"])

        view = menu.addMenu(self.tr("&View"))
        view.addAction(window.controls_dock.toggleViewAction())
        for dock in window.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        rates = view.addMenu(self.tr("Snapshot &rate"))
        rates.setToolTipsVisible(True)
        self.snapshot_rate_group = QActionGroup(window)
        self.snapshot_rate_actions: dict[float, QAction] = {}
        for rate in SNAPSHOT_RATES:
            act = rates.addAction(self.tr("{0:g} per second").format(rate))
            act.setCheckable(True)
            act.setChecked(rate == window.hub.snapshot_rate)
            act.setToolTip(self.tr("How often weights and activations are copied for the panels; lower it "
                              "if drawing slows training down"))
            act.triggered.connect(partial(window.set_snapshot_rate, rate))
            self.snapshot_rate_group.addAction(act)
            self.snapshot_rate_actions[rate] = act
        self.language_menu = i18n.add_language_menu(view, window, save=window.persist)
        view.addSeparator()
        self.reset_layout_action = view.addAction(self.tr("Reset &layout"), window.reset_layout)
        self.reset_layout_action.setStatusTip(self.tr("Put every panel back where it started"))

        help_menu = menu.addMenu(self.tr("&Help"))
        what = help_menu.addAction(self.tr("&What am I looking at?"), window.show_panel_help)
        what.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.start_here_action = help_menu.addAction(self.tr("&Start here"), lambda: window.lessons.show_start_page())
        self.start_here_action.setObjectName("start_here_action")
        self.start_here_action.setStatusTip(self.tr("The tutorials' ideas in their order, each with a button that "
                                                    "sets the window up for it (the page shown on the first start)"))
        self.concepts_action = help_menu.addAction(self.tr("&Concepts"), lambda: concepts.show_concepts(window))
        self.concepts_action.setObjectName("concepts_action")
        self.concepts_action.setStatusTip(self.tr("Softmax, cross-entropy, back-propagation and the tutorials' other "
                                                  "ideas, a paragraph each, with where to see them in the app"))
        concepts.link_panels(window)  # each panel's title bar: a Concepts button with its own
        help_menu.addSeparator()
        #: Help > Lessons: one experiment per lesson, in the tutorial's order (filled by window.lessons).
        self.lessons_menu = help_menu.addMenu(self.tr("&Lessons"))
        self.lessons_menu.setObjectName("lessons_menu")
        window.lessons.attach_menu(self.lessons_menu)
        self.init_experiment_action = help_menu.addAction(self.tr("&Experiment: why small random weights?"),
                                                          window.show_init_experiment)
        self.init_experiment_action.setStatusTip(self.tr("The lesson on initialisation: train the CNN (or your "
                                                         "network, if it has a convolution layer) from all-zero "
                                                         "and from random weights side by side"))
        self.fool_action = help_menu.addAction(self.tr("&Fool the network..."),
                                               lambda: window.panels["canvas"].open_fool_window())
        self.fool_action.setStatusTip(self.tr("Change a digit, barely visibly, until the model answers a digit "
                                              "you pick: an adversarial example"))
        help_menu.addSeparator()
        help_menu.addAction(self.tr("&About {0}").format(DISPLAY_NAME), window.show_about)

    def check_snapshot_rate(self, rate: float) -> None:
        action = self.snapshot_rate_actions.get(float(rate))
        if action is not None:
            action.setChecked(True)

    def fill_export_menu(self) -> None:
        self.export_menu.clear()
        panels = self.window.hub.visible_panels()
        for panel in panels:
            act = self.export_menu.addAction(panel.title, lambda panel=panel: panel.export_png_dialog())
            act.setToolTip(f"Save the {panel.title} panel as a PNG image")
        if not panels:
            self.export_menu.addAction(self.tr("No panel is shown")).setEnabled(False)
