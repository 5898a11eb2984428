"""File > Runs...: the recordings in a folder, side by side, drawn together on the Loss panel.

A dialog rather than a panel: it shows no part of the state the panels are a view of (the
weights shown, the probe), it acts on the window (opening a recording replaces what every
panel shows), and it is wanted now and then, not always on screen. It stays open beside
the window (not modal), so that runs can be ticked and compared while the panels replay.

The table (a :class:`QTableView` over :class:`RunsTable`, sortable by any column) lists what
:class:`mnist_viz.core.runs.RunsFolder` finds: name, model, data set, the settings that
differ between the runs, final test accuracy, steps, duration and state. The ticked runs
are drawn over the Loss panel's own run (their metrics are read when ticked, and again
when a run still being written has grown); "Replay" opens the selected one as File > Open
recording does. While a run is being written (or stalled: its writer may come back) the list
is read again every 2 s; a manifest that did not change is not read again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QSortFilterProxyModel, Qt, QTimer)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ..core import datasets
from ..core.recording import RecordingError
from ..core.runs import BROKEN, FINISHED, STALLED, WRITING, RunCurves, RunInfo, RunsFolder, RunsListing, load_curves
from .background import OneAtATime, call_responsively
from .settings import app_settings

#: How often the list is read again while a run in it is being written.
REFRESH_MS = 2000
#: The settings' names as column headers (any other setting: its field name, spaced).
SETTING_NAMES = {
    "optimizer": QT_TRANSLATE_NOOP("RunsTable", "Optimiser"),
    "learning_rate": QT_TRANSLATE_NOOP("RunsTable", "Learning rate"),
    "batch_size": QT_TRANSLATE_NOOP("RunsTable", "Batch size"),
    "steps": QT_TRANSLATE_NOOP("RunsTable", "Steps asked"),
    "keep_prob": QT_TRANSLATE_NOOP("RunsTable", "Keep prob."),
    "init": QT_TRANSLATE_NOOP("RunsTable", "Initial weights"),
    "seed": QT_TRANSLATE_NOOP("RunsTable", "Seed"),
    "device": QT_TRANSLATE_NOOP("RunsTable", "Device"),
    "eval_every": QT_TRANSLATE_NOOP("RunsTable", "Evaluate every"),
    "loss_reduction": QT_TRANSLATE_NOOP("RunsTable", "Loss reduction"),
    "schedule": QT_TRANSLATE_NOOP("RunsTable", "Schedule"),
    "precision": QT_TRANSLATE_NOOP("RunsTable", "Precision"),
    "augment": QT_TRANSLATE_NOOP("RunsTable", "Augmentation"),
}
STATE_NAMES = {
    FINISHED: QT_TRANSLATE_NOOP("RunsTable", "finished"),
    WRITING: QT_TRANSLATE_NOOP("RunsTable", "being written"),
    STALLED: QT_TRANSLATE_NOOP("RunsTable", "stalled"),
    BROKEN: QT_TRANSLATE_NOOP("RunsTable", "broken"),
}
#: The columns before and after the differing settings.
FIRST_COLUMNS = (QT_TRANSLATE_NOOP("RunsTable", "Run"), QT_TRANSLATE_NOOP("RunsTable", "Model"),
                 QT_TRANSLATE_NOOP("RunsTable", "Data set"))
LAST_COLUMNS = (QT_TRANSLATE_NOOP("RunsTable", "Test accuracy"), QT_TRANSLATE_NOOP("RunsTable", "Steps"),
                QT_TRANSLATE_NOOP("RunsTable", "Duration"), QT_TRANSLATE_NOOP("RunsTable", "State"))
#: Sort keys come back under this role (numbers as numbers; an unknown value sorts first).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("RunsTable", text)


def duration_text(seconds: float | None) -> str:
    """9.9 s, 2 min 05 s, 1 h 02 min."""
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class RunsTable(QAbstractTableModel):
    """The runs of a listing, one row each; the first column's check box says "draw it"."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.listing = RunsListing(Path())
        self.settings: tuple[str, ...] = ()
        #: The folders of the ticked runs.
        self.checked: set[Path] = set()

    def set_listing(self, listing: RunsListing) -> None:
        self.beginResetModel()
        self.listing = listing
        self.settings = tuple(name for name in listing.differing if name not in ("model", "dataset"))
        present = {run.path for run in listing.runs if run.readable}
        self.checked &= present  # a run gone (or broken now) is no longer drawn
        self.endResetModel()

    @property
    def runs(self) -> tuple[RunInfo, ...]:
        return self.listing.runs

    def checked_runs(self) -> list[RunInfo]:
        return [run for run in self.runs if run.path in self.checked]

    # ------------------------------------------------------------ the model
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's names)
        return 0 if parent.isValid() else len(self.runs)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(FIRST_COLUMNS) + len(self.settings) + len(LAST_COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        name = self.column_name(section)
        return _tr(SETTING_NAMES[name]) if name in SETTING_NAMES else (
            _tr(name) if name in FIRST_COLUMNS + LAST_COLUMNS else name.replace("_", " "))

    def column_name(self, section: int) -> str:
        """The column's source name: "Run", ..., a setting's field name ("learning_rate"), ..., "State"."""
        if section < len(FIRST_COLUMNS):
            return FIRST_COLUMNS[section]
        section -= len(FIRST_COLUMNS)
        if section < len(self.settings):
            return self.settings[section]
        return LAST_COLUMNS[section - len(self.settings)]

    def flags(self, index: QModelIndex):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.runs[index.row()].readable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        run = self.runs[index.row()]
        name = self.column_name(index.column())
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            if not run.readable:
                return None
            return Qt.CheckState.Checked if run.path in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(run, name)
        if role == SORT_ROLE:
            return self._sort_key(run, name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return run.problem or str(run.path)
        if role == Qt.ItemDataRole.ForegroundRole and not run.readable:
            return QColor(150, 150, 150)
        if role == Qt.ItemDataRole.TextAlignmentRole and name in LAST_COLUMNS[:3] + self.settings:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        run = self.runs[index.row()]
        if not run.readable:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(run.path)
        else:
            self.checked.discard(run.path)
        self.dataChanged.emit(index, index, [role])
        return True

    def _text(self, run: RunInfo, name: str) -> str:
        if name == "Run":
            return run.name
        if name == "Model":
            return run.model or ""
        if name == "Data set":
            return datasets.DATASETS[run.dataset].name if run.dataset in datasets.DATASETS else (run.dataset or "")
        if name == "Test accuracy":
            return "" if run.test_accuracy is None else f"{run.test_accuracy:.2%}"
        if name == "Steps":
            if not run.readable:
                return ""
            if run.state != FINISHED and run.total_steps:
                return f"{run.steps:,} / {run.total_steps:,}"
            return f"{run.steps:,}"
        if name == "Duration":
            return duration_text(run.duration_s)
        if name == "State":
            state = _tr(STATE_NAMES[run.state])
            if run.state == FINISHED and run.ended and run.ended != "completed":
                return f"{state} ({run.ended})"
            # the reason without the run's own folder, which the row already names (the tooltip has it all)
            reason = run.problem.replace(f"{run.path}{os.sep}", "").replace(str(run.path), self._text(run, "Run"))
            return f"{state}: {reason}" if reason else state
        value = run.config.get(name) if run.readable else None
        return "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))

    def _sort_key(self, run: RunInfo, name: str):
        key = {"Test accuracy": run.test_accuracy, "Steps": run.steps if run.readable else None,
               "Duration": run.duration_s}.get(name, ...)
        if key is ...:
            value = run.config.get(name) if name not in FIRST_COLUMNS + LAST_COLUMNS else None
            key = value if isinstance(value, (int, float)) and not isinstance(value, bool) else self._text(run, name)
        return -1e300 if key is None else key


class RunsDialog(QDialog):
    """The runs in a folder: tick them to draw them on the Loss panel, replay one."""

    def __init__(self, parent: QWidget | None, overlay: Callable[[list[RunCurves]], None],
                 replay: Callable[[Path], bool], persist: bool = True) -> None:
        """``overlay`` draws the ticked runs' curves (the Loss panel's ``set_overlays``, through the
        hub); ``replay`` opens a run's folder as File > Open recording does (False if it could not)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Runs"))
        self.overlay = overlay
        self.replay_run = replay
        self.persist = persist
        self.runs_folder: RunsFolder | None = None
        self._curves: dict[Path, tuple[tuple, RunCurves]] = {}  # folder -> (manifest signature, curves)
        self._drawn: list[RunCurves] = []
        self._summary = ""  # what the note says of the listing
        self._shown_problem: str | None = None  # the selected broken run's reason, while the note shows it

        self.folder_label = QLabel(self.tr("No folder chosen"))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("Choose folder..."))
        self.choose_button.setToolTip(self.tr("The folder that holds the recordings (each in a sub-folder), e.g. "
                                              "the one File > Record runs to folder writes into"))
        self.choose_button.clicked.connect(lambda: self.choose_folder())
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("List the folder's recordings again (done every 2 s on its own "
                                               "while a run in it is being written)"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.refresh_button)

        self.table = RunsTable(self)
        self.sorted = QSortFilterProxyModel(self)
        self.sorted.setSourceModel(self.table)
        self.sorted.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setModel(self.sorted)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)  # a broken run keeps the start of its reason
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(lambda index: self.replay_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.dataChanged.connect(lambda *_: self.draw_checked())

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Untick all"))
        self.clear_button.setToolTip(self.tr("Take every run off the Loss panel"))
        self.clear_button.clicked.connect(self.untick_all)
        self.replay_button = QPushButton(self.tr("Replay"))
        self.replay_button.setToolTip(self.tr("Open the selected run as File > Open recording does: every panel "
                                              "shows it, the timeline goes through its steps"))
        self.replay_button.clicked.connect(lambda: self.replay_selected())
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.replay_button)
        bottom.addWidget(close)

        hint = QLabel(self.tr("Tick runs to draw their loss (solid) and test accuracy (dashed) on the Loss panel, "
                              "each in its own colour; the columns between Data set and Test accuracy are the "
                              "settings that differ between the runs. Double-click a run to replay it."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self._reading = OneAtATime()  # a folder or a run's metrics is being read
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.resize(1000, 420)
        self._sized_for: tuple | None = None  # the columns the widths were last fitted to
        self._update_buttons()

    # ------------------------------------------------------------ the folder
    def choose_folder(self, folder: str | Path | None = None) -> bool:
        """List the recordings in ``folder`` (asks for it if None); remembered for the next time."""
        if folder is None:
            start = str(self.runs_folder.folder) if self.runs_folder else self.last_folder() or str(Path.home())
            folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the folder that holds the recordings"),
                                                      start)
            if not folder:
                return False
        self.runs_folder = RunsFolder(folder)
        self._curves.clear()
        self.table.checked.clear()
        if self.persist:
            app_settings().setValue("runs/folder", str(folder))
        self.folder_label.setText(str(folder))
        self.folder_label.setToolTip(str(folder))
        self.refresh()
        self.draw_checked()
        return True

    def last_folder(self) -> str:
        """The folder listed last time (kept between sessions), or ""."""
        return str(app_settings().value("runs/folder", "") or "") if self.persist else ""

    def refresh(self) -> RunsListing | None:
        """List the folder again; redraw the ticked runs that grew."""
        if self.runs_folder is None or self._reading.busy:  # (a listing under way answers first)
            return None
        selected = self.selected_run()
        with self._reading:  # read off the GUI thread: a folder on a slow share never freezes the window
            listing = call_responsively(self.runs_folder.scan)
        self.table.set_listing(listing)
        columns = (listing.folder, self.table.settings)
        if columns != self._sized_for and listing.runs:  # fitted once per folder and set of columns
            self._sized_for = columns
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            for column in range(self.table.columnCount() - 1):  # the state (last) takes the rest
                header.resizeSection(column, min(header.sectionSize(column) + 8, 260))
        if selected is not None:
            self.select(selected.path)
        self._describe(listing)
        if listing.may_grow:
            self._timer.start()
        else:
            self._timer.stop()
        if any(run.path in self._curves and self._curves[run.path][0] != run.signature
               for run in self.table.checked_runs()) or len(self.table.checked_runs()) != len(self._drawn):
            self.draw_checked()
        self._update_buttons()
        return listing

    def _describe(self, listing: RunsListing) -> None:
        self._summary = self._summary_text(listing)
        self.note.setText(self._summary)

    def _summary_text(self, listing: RunsListing) -> str:
        if listing.problem:
            return listing.problem
        counts = {state: sum(run.state == state for run in listing.runs) for state in STATE_NAMES}
        text = self.tr("{0} runs").format(len(listing.runs)) if listing.runs else \
            self.tr("No recordings in this folder (a recording is a folder written by 'mnist-viz train --record DIR' "
                    "or File > Record runs to folder)")
        extra = [f"{counts[state]} {_tr(STATE_NAMES[state])}" for state in (WRITING, STALLED, BROKEN) if counts[state]]
        if extra:
            text += " · " + ", ".join(extra)
        if listing.left_out:
            text += " · " + self.tr("{0} more folders not listed; choose a folder with fewer").format(listing.left_out)
        if listing.may_grow:
            text += " · " + self.tr("listed again every 2 s")
        return text

    # ------------------------------------------------------------ drawing
    def draw_checked(self) -> list[RunCurves]:
        """Read the ticked runs' metrics (those not read yet, or grown) and draw them on the Loss panel."""
        curves, problems = [], []
        for run in self.table.checked_runs():
            cached = self._curves.get(run.path)
            label = self.table.listing.label(run)
            if cached is None or cached[0] != run.signature:
                try:
                    with self._reading:
                        cached = (run.signature, call_responsively(load_curves, run.path, run.name, label))
                except RecordingError as err:
                    problems.append(str(err))
                    self.table.checked.discard(run.path)
                    continue
                self._curves[run.path] = cached
            drawn = cached[1]
            if drawn.label != label:  # what differs changed with the runs listed
                drawn = RunCurves(drawn.name, label, drawn.step, drawn.loss, drawn.eval_step, drawn.test_accuracy)
            curves.append(drawn)
        self._drawn = curves
        self.overlay(curves)
        if problems:
            self.note.setText(self.tr("Cannot draw a run: {0}").format(problems[0]))
        self._update_buttons()
        return curves

    def set_checked(self, paths) -> None:
        """Tick exactly the runs in ``paths`` (folders) and draw them."""
        self.table.checked = {Path(path) for path in paths} & {run.path for run in self.table.runs if run.readable}
        self.table.dataChanged.emit(self.table.index(0, 0), self.table.index(max(0, len(self.table.runs) - 1), 0))

    def untick_all(self) -> None:
        self.set_checked([])

    # ------------------------------------------------------------ replay
    def selected_run(self) -> RunInfo | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            return None
        row = self.sorted.mapToSource(rows[0]).row()
        return self.table.runs[row] if 0 <= row < len(self.table.runs) else None

    def select(self, path: str | Path) -> None:
        for row, run in enumerate(self.table.runs):
            if run.path == Path(path):
                self.view.selectRow(self.sorted.mapFromSource(self.table.index(row, 0)).row())
                return

    def replay_selected(self) -> bool:
        """Replay the selected run (as File > Open recording does)."""
        run = self.selected_run()
        if run is None or not run.readable:
            return False
        return self.replay_run(run.path)

    def _update_buttons(self) -> None:
        run = self.selected_run()
        self.replay_button.setEnabled(run is not None and run.readable)
        self.clear_button.setEnabled(bool(self.table.checked))
        if run is not None and not run.readable:
            self.note.setText(run.problem)  # the whole reason (the table's cell is too narrow for it)
        elif self.note.text() != self._summary and self.note.text() == self._shown_problem:
            self.note.setText(self._summary)
        self._shown_problem = run.problem if run is not None and not run.readable else None

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()  # shown again: what changed while it was closed
        if self.table.checked:
            self.draw_checked()  # the ticks say what is drawn (the Loss panel's menu may have taken them away)

    def closeEvent(self, event) -> None:  # noqa: N802
        self._timer.stop()  # the runs drawn stay on the Loss panel (its menu removes them)
        super().closeEvent(event)
