"""Loss and accuracy over the steps of a run, as TensorBoard draws scalars.

The training loss of every step is drawn faint, with an exponential moving average over
it (the smoothing slider, as in TensorBoard); the smoothed batch accuracy and the test
accuracy of each evaluation share a second axis on the right. Steps arrive up to 30 times
a second in batches: they are appended to preallocated arrays at once, and the curves are
redrawn at most 20 times a second.

"Compare" draws a second run from a recording (its smoothed loss and test accuracy, dashed)
over the current one, e.g. to see what another learning rate does. File > Runs... draws any
number of recorded runs over it (:meth:`LossPanel.set_overlays`), each in its own colour of
a colour-blind-safe cycle (Okabe and Ito's) with its own legend entry, named by the run and
by the settings that set it apart ("lr 0.001, seed 2").
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QLabel, QMenu, QMessageBox, QSizePolicy, QSlider,
                               QToolButton, QVBoxLayout, QWidget)

from ...core import events as ev
from ..widgets import envelope
from ..widgets.history import History, smooth
from ..widgets.info_button import info_button
from ..widgets.plot_cache import cache_static_items
from .base import Panel

#: Redraw at most this often (milliseconds between redraws).
REDRAW_INTERVAL_MS = 50

LOSS_COLOUR = (255, 150, 40)
ACCURACY_COLOUR = (90, 200, 90)
TEST_COLOUR = (90, 170, 255)
TRAIN_COLOUR = (200, 120, 255)
#: The overlaid runs' colours, in turn: Okabe and Ito's colour-blind-safe palette (sky blue,
#: vermillion, reddish purple, yellow, bluish green, blue, orange, grey), the orange that is
#: closest to this run's own loss last. A ninth run takes the first colour again, dotted.
OVERLAY_COLOURS = ((86, 180, 233), (213, 94, 0), (204, 121, 167), (240, 228, 66), (0, 158, 115),
                   (0, 114, 178), (230, 159, 0), (190, 190, 190))

# Columns of the step history.
STEP, LOSS, ACCURACY, LOSS_SMOOTHED, ACCURACY_SMOOTHED = range(5)


class LossPanel(Panel):
    panel_id = "loss"
    placement = "top"
    title = QT_TRANSLATE_NOOP("Panel", "Loss and accuracy")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>Loss and accuracy</b> per training step.<br>"
        "<b>Orange</b>: the cross-entropy of each batch, per image (faint), and its moving average "
        "(bold; the <i>Smoothing</i> slider sets how much, as in TensorBoard). It starts at "
        "ln 10 ≈ 2.30 when every digit gets probability 0.1. "
        "<b>Green</b>: the accuracy on the training batch (100 or 50 images), smoothed the same "
        "way; for the CNN it is measured with dropout on, so it runs below what the network scores "
        "on the same images with dropout off (after 600 steps of tutorial-cnn: about 91 % on the "
        "batches, 95 % on training and test images alike with dropout off). "
        "<b>Blue</b>: the accuracy (right axis) on the 10,000 test images at each evaluation; the "
        "orange squares are their loss (left axis). <b>Violet</b> diamonds: the accuracy on fixed "
        "training images with dropout off, measured at each evaluation beside the test set: the gap "
        "between violet and blue is over-fitting (see the dropout lesson, Help > Lessons).<br>"
        "Watch for: the loss falling fast, then slowly; test accuracy levelling off (about 92 % "
        "for softmax regression, about 99 % for the CNN); a loss that jumps up or becomes NaN "
        "(learning rate too high). A gap between green and blue is not over-fitting: one batch is "
        "noisy, and dropout lowers the green curve. Over-fitting shows as a test loss (squares) "
        "that rises while the training loss keeps falling. <i>Log y</i> shows the slow late "
        "progress better.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps = History(5)
        self.evaluations = History(4)  # step, test accuracy %, test loss, training accuracy % (NaN: not measured)
        self._smoothing_state = {LOSS: (0.0, 0), ACCURACY: (0.0, 0)}
        self._resmooth = False
        self._x_upper: float | None = None  # the step axis end while following
        self.total_steps = 0
        self.redraw_count = 0

        self.smoothing_slider = QSlider(Qt.Orientation.Horizontal)
        self.smoothing_slider.setRange(0, 999)
        self.smoothing_slider.setValue(900)
        self.smoothing_slider.setToolTip(self.tr("Smoothing of the bold curves: the weight of the moving average (0 = none)"))
        self.smoothing_slider.setMinimumWidth(50)
        self.smoothing_label = QLabel()
        self.smoothing_label.setMinimumWidth(28)
        self.log_y = QCheckBox(self.tr("Log y"))
        self.log_y.setToolTip(self.tr("Logarithmic loss axis: shows the slow progress late in training"))
        self.follow = QCheckBox(self.tr("Follow"))
        self.follow.setChecked(True)
        self.follow.setToolTip(self.tr("Keep the whole run in view (turns off when you pan or zoom)"))
        self.readout = QLabel(self.tr("no run yet"))
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel(self.tr("Smoothing")))
        controls.addWidget(self.smoothing_slider, 1)
        controls.addWidget(self.smoothing_label)
        controls.addWidget(self.log_y)
        controls.addWidget(self.follow)
        controls.addWidget(self._make_compare_button())
        controls.addWidget(info_button(self.help_text, self))

        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setMinimumSize(120, 80)
        plot = self.plot = self.plot_widget.getPlotItem()
        plot.setLabel("bottom", self.tr("step"))
        plot.setLabel("left", self.tr("loss"), color=pg.mkColor(LOSS_COLOUR).name())
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.showAxis("right")
        plot.setLabel("right", self.tr("accuracy %"), color=pg.mkColor(ACCURACY_COLOUR).name())
        for name in ("left", "right", "bottom"):
            plot.getAxis(name).enableAutoSIPrefix(False)
        # The accuracy curves live in a second ViewBox that shares the x axis.
        self.accuracy_view = pg.ViewBox()
        plot.scene().addItem(self.accuracy_view)
        plot.getAxis("right").linkToView(self.accuracy_view)
        self.accuracy_view.setXLink(plot)
        self.accuracy_view.setLimits(yMin=-1, yMax=101)
        plot.vb.sigResized.connect(self._align_views)

        # PlotItem.addItem gives every curve the plot's own downsampling and clipping (off: a
        # 200,000-step curve was drawn point by point, 0.9 s a redraw on the 2-core VM): the
        # plot's downsampling is on (_in_plot), and the run's curves are cut to the view by
        # widgets.envelope.
        plot.setDownsampling(auto=True, mode="peak")
        faint = pg.mkColor(*LOSS_COLOUR, 70)
        self.loss_curve = self._curve(plot.vb, pen=pg.mkPen(faint, width=1))
        self.loss_smoothed_curve = self._curve(plot.vb, pen=pg.mkPen(LOSS_COLOUR, width=2))
        self.test_loss_curve = pg.PlotDataItem(pen=None, symbol="s", symbolSize=6,
                                               symbolBrush=pg.mkBrush(LOSS_COLOUR), symbolPen=pg.mkPen("w"))
        for item in (self.loss_curve, self.loss_smoothed_curve, self.test_loss_curve):
            self._in_plot(item)
        self.accuracy_curve = self._curve(self.accuracy_view, pen=pg.mkPen(ACCURACY_COLOUR, width=2))
        self.test_accuracy_curve = pg.PlotDataItem(pen=pg.mkPen(TEST_COLOUR, width=1.5), symbol="o",
                                                   symbolSize=7, symbolBrush=pg.mkBrush(TEST_COLOUR),
                                                   symbolPen=pg.mkPen("w"))
        self.accuracy_view.addItem(self.accuracy_curve)
        self.accuracy_view.addItem(self.test_accuracy_curve)
        # The accuracy on fixed training images with dropout off, measured at each evaluation
        # (Evaluated.train_accuracy): its gap to the test accuracy is the over-fitting.
        self.train_accuracy_curve = pg.PlotDataItem(pen=pg.mkPen(TRAIN_COLOUR, width=1.5), symbol="d",
                                                    symbolSize=7, symbolBrush=pg.mkBrush(TRAIN_COLOUR),
                                                    symbolPen=pg.mkPen("w"), connect="finite")
        self.accuracy_view.addItem(self.train_accuracy_curve)

        legend = pg.LegendItem(offset=None, labelTextSize="8pt", brush=pg.mkBrush(0, 0, 0, 150))
        legend.setParentItem(plot.vb)
        legend.anchor(itemPos=(1, 0.5), parentPos=(1, 0.5), offset=(-8, 0))
        legend.addItem(self.loss_smoothed_curve, self.tr("training loss"))
        legend.addItem(self.test_loss_curve, self.tr("test loss"))
        legend.addItem(self.accuracy_curve, self.tr("batch accuracy"))
        legend.addItem(self.test_accuracy_curve, self.tr("test accuracy"))
        legend.addItem(self.train_accuracy_curve, self.tr("training accuracy (dropout off)"))
        self.legend = legend

        # A second run, from a recording, drawn dashed for comparison (see compare_with).
        self.comparison: dict[str, np.ndarray] | None = None
        self.comparison_name = ""
        self.compare_loss_curve = pg.PlotDataItem(pen=pg.mkPen(LOSS_COLOUR, width=2, style=Qt.PenStyle.DashLine))
        self.compare_accuracy_curve = pg.PlotDataItem(
            pen=pg.mkPen(TEST_COLOUR, width=1.5, style=Qt.PenStyle.DashLine), symbol="t", symbolSize=6,
            symbolBrush=pg.mkBrush(TEST_COLOUR))
        self.compare_loss_curve.setDownsampling(auto=True, method="peak")
        self.compare_loss_curve.setClipToView(True)
        # Any number of recorded runs drawn over this one (File > Runs...; see set_overlays).
        self.overlays: list = []
        self.overlay_curves: list[tuple[pg.PlotDataItem, pg.PlotDataItem]] = []  # (loss, test accuracy) each
        self._overlay_names: list[str] = []
        if plot.vb.menu is not None:  # right-click on the plot: pyqtgraph's menu, with ours added
            plot.vb.menu.addSeparator()
            plot.vb.menu.addActions([self.compare_action, self.remove_comparison_action,
                                     self.remove_overlays_action, self.export_action])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(self.readout)
        # Which colour is which overlaid run, in words, while the legend in the plot is hidden (a small dock).
        self.overlay_key = QLabel()
        self.overlay_key.setWordWrap(True)
        self.overlay_key.setTextFormat(Qt.TextFormat.RichText)
        self.overlay_key.hide()
        layout.addWidget(self.overlay_key)
        layout.addWidget(self.plot_widget, 1)

        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(REDRAW_INTERVAL_MS)
        self._redraw_timer.timeout.connect(self.refresh)

        self.smoothing_slider.valueChanged.connect(self._on_smoothing_changed)
        self.log_y.toggled.connect(self._on_log_y_toggled)
        self.follow.toggled.connect(self._on_follow_toggled)
        plot.vb.sigRangeChangedManually.connect(lambda *_: self.follow.setChecked(False))
        # A long run's curves hold only the steps in view (widgets.envelope): a new view redraws them.
        self._drawn_x_range: tuple[float, float] | None = None
        self._drawn_evaluations: tuple[int, bytes] | None = None  # (count, last row) drawn
        self._y_ranges: dict[int, tuple[float, float]] = {}  # id(view) -> its y range while following
        plot.vb.sigXRangeChanged.connect(self._on_x_range_changed)
        self._on_smoothing_changed()
        # Axes and labels from a cached pixmap, however the panel is fed (a live run, a replay,
        # a comparison): without it every redraw of a long run repainted the axes and the grid.
        cache_static_items(self.plot_widget)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        # In a small dock the legend would hide the curves; the axis colours and the help say it.
        self.legend.setVisible(self.width() >= 420 and self.height() >= 240)
        self.overlay_key.setVisible(bool(self._overlay_names) and not self.legend.isVisible())

    def _in_plot(self, item: pg.PlotDataItem) -> None:
        """Add ``item`` to the loss plot, drawn downsampled ("peak"). (Not clipped by pyqtgraph:
        an item removed and added again with clipping on and data fails in pyqtgraph's
        itemChange; the run's own curves are cut to the view by widgets.envelope instead.)"""
        self.plot.addItem(item)
        item.setDownsampling(auto=True, method="peak")

    @staticmethod
    def _curve(view: pg.ViewBox, pen) -> pg.PlotDataItem:
        curve = pg.PlotDataItem(pen=pen)
        curve.setDownsampling(auto=True, method="peak")
        curve.setClipToView(True)
        return curve

    def _align_views(self) -> None:
        self.accuracy_view.setGeometry(self.plot.vb.sceneBoundingRect())
        self.accuracy_view.linkedViewChanged(self.plot.vb, self.accuracy_view.XAxis)

    # ------------------------------------------------------------ comparison
    def _make_compare_button(self) -> QToolButton:
        self.compare_action = QAction(self.tr("Compare with a recording..."), self)
        self.compare_action.setStatusTip(self.tr("Draw another run's loss and test accuracy (dashed) over this one"))
        self.compare_action.triggered.connect(self.choose_comparison)
        self.remove_comparison_action = QAction(self.tr("Remove comparison"), self)
        self.remove_comparison_action.setEnabled(False)
        self.remove_comparison_action.triggered.connect(self.remove_comparison)
        self.remove_overlays_action = QAction(self.tr("Remove the runs drawn from File > Runs..."), self)
        self.remove_overlays_action.setEnabled(False)
        self.remove_overlays_action.triggered.connect(lambda: self.set_overlays([]))
        actions = [self.compare_action, self.remove_comparison_action, self.remove_overlays_action]
        self.addActions(actions)  # the right-click menu too
        menu = QMenu(self)
        menu.addActions(actions)
        button = QToolButton()
        button.setText(self.tr("Compare"))
        button.setToolTip(self.tr("Compare with another run: its loss and test accuracy, dashed, from a recording "
                                  "(a folder written by 'mnist-viz train --record' or File > Record runs to folder)"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(menu)
        self.compare_button = button
        return button

    def choose_comparison(self) -> bool:
        """Ask for a recording's folder and draw its curves over this run's."""
        folder = QFileDialog.getExistingDirectory(self, "Compare with a recorded run (its folder)", str(Path.home()))
        return bool(folder) and self.compare_with(folder)

    def compare_with(self, recording) -> bool:
        """Draw ``recording``'s (a folder or an open Recording) smoothed loss and test accuracy, dashed.

        False, after a message box naming the problem, if it cannot be read."""
        from ...core.recording import Recording, RecordingError

        try:
            if not isinstance(recording, Recording):
                recording = Recording.open(recording)
            metrics, evaluations = recording.metrics, recording.evaluations
            comparison = {
                "step": np.asarray(metrics.get("step", []), dtype=np.float64),
                "loss": np.asarray(metrics.get("loss", []), dtype=np.float64),
                "eval_step": np.asarray(evaluations.get("step", []), dtype=np.float64),
                "test_accuracy": 100.0 * np.asarray(evaluations.get("test_accuracy", []), dtype=np.float64),
            }
        except RecordingError as err:
            QMessageBox.warning(self, "Cannot compare with this recording", str(err))
            return False
        self.remove_comparison()
        self.comparison, self.comparison_name = comparison, recording.run_dir.name
        self._in_plot(self.compare_loss_curve)
        self.accuracy_view.addItem(self.compare_accuracy_curve)
        self.legend.addItem(self.compare_loss_curve, f"loss: {self.comparison_name}")
        self.legend.addItem(self.compare_accuracy_curve, f"test acc.: {self.comparison_name}")
        self.remove_comparison_action.setEnabled(True)
        self._draw_comparison()
        return True

    def remove_comparison(self) -> None:
        """Take the compared run's curves (and their legend entries) away."""
        if self.comparing:
            self.legend.removeItem(self.compare_loss_curve)
            self.legend.removeItem(self.compare_accuracy_curve)
            self.plot.removeItem(self.compare_loss_curve)
            self.accuracy_view.removeItem(self.compare_accuracy_curve)
        self.comparison, self.comparison_name = None, ""
        self.remove_comparison_action.setEnabled(False)

    @property
    def comparing(self) -> bool:
        """True while a recorded run is drawn over this one."""
        return self.compare_loss_curve.scene() is not None

    def _draw_comparison(self) -> None:
        if self.comparison is None or not self.comparing:
            return
        c = self.comparison
        self.compare_loss_curve.setData(c["step"], smooth(c["loss"], self.smoothing)[0] if len(c["loss"]) else [])
        self.compare_accuracy_curve.setData(c["eval_step"], c["test_accuracy"])

    # --------------------------------------------------------------- overlays
    def set_overlays(self, runs: Sequence) -> None:
        """Draw ``runs`` over this panel's own run, replacing those drawn before ([]: none).

        Each run is an object with ``name``, ``label`` (what sets it apart, e.g. "lr 0.001,
        seed 2"), ``step`` and ``loss`` (every step), ``eval_step`` and ``test_accuracy``
        (0..1, each evaluation): numpy arrays, such as :class:`mnist_viz.core.runs.RunCurves`.
        Its smoothed loss is drawn solid, its test accuracy dashed, both in its colour, with
        one legend entry. The plot items are kept and reused (pyqtgraph leaks when items are
        created on every update)."""
        self.overlays = list(runs)
        while len(self.overlay_curves) < len(self.overlays):
            self.overlay_curves.append(self._new_overlay_curves(len(self.overlay_curves)))
        names = [run.name + (f" ({run.label})" if run.label else "") for run in self.overlays]
        if names != self._overlay_names:  # the legend and the items shown change only when the runs do
            for k, (loss, accuracy) in enumerate(self.overlay_curves):
                if k < len(self._overlay_names):
                    self.legend.removeItem(loss)
                    self.plot.removeItem(loss)
                    self.accuracy_view.removeItem(accuracy)
            for k, name in enumerate(names):
                loss, accuracy = self.overlay_curves[k]
                self._in_plot(loss)
                self.accuracy_view.addItem(accuracy)
                self.legend.addItem(loss, name)
            self._overlay_names = names
            self._show_own_run_plain(bool(names))
            self.overlay_key.setText(self._overlay_key_text(names))
            self.overlay_key.setVisible(bool(names) and not self.legend.isVisible())
        self.remove_overlays_action.setEnabled(bool(self.overlays))
        self._draw_overlays()
        if self.follow.isChecked():
            self._follow_x()

    @staticmethod
    def _new_overlay_curves(k: int) -> tuple[pg.PlotDataItem, pg.PlotDataItem]:
        colour = OVERLAY_COLOURS[k % len(OVERLAY_COLOURS)]
        second_round = k >= len(OVERLAY_COLOURS)
        loss = pg.PlotDataItem(pen=pg.mkPen(colour, width=2, style=Qt.PenStyle.DotLine if second_round
                                            else Qt.PenStyle.SolidLine))
        loss.setDownsampling(auto=True, method="peak")
        loss.setClipToView(True)
        accuracy = pg.PlotDataItem(pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine), symbol="o",
                                   symbolSize=5, symbolBrush=pg.mkBrush(colour), symbolPen=None)
        return loss, accuracy

    def _show_own_run_plain(self, plain: bool) -> None:
        """While other runs are drawn over it, this run's curves turn white and grey (the colours
        are the other runs'); back to orange, green and blue without them."""
        white, grey = (235, 235, 235), (150, 150, 150)
        loss, accuracy, test = (white, grey, white) if plain else (LOSS_COLOUR, ACCURACY_COLOUR, TEST_COLOUR)
        self.loss_curve.setPen(pg.mkPen(pg.mkColor(*loss, 60 if plain else 70), width=1))
        self.loss_smoothed_curve.setPen(pg.mkPen(loss, width=2))
        self.test_loss_curve.setSymbolBrush(pg.mkBrush(loss))
        self.accuracy_curve.setPen(pg.mkPen(pg.mkColor(*accuracy, 140 if plain else 255), width=2))
        self.test_accuracy_curve.setPen(pg.mkPen(test, width=1.5))
        self.test_accuracy_curve.setSymbolBrush(pg.mkBrush(test))
        train = grey if plain else TRAIN_COLOUR
        self.train_accuracy_curve.setPen(pg.mkPen(train, width=1.5))
        self.train_accuracy_curve.setSymbolBrush(pg.mkBrush(train))

    def _overlay_key_text(self, names: list[str]) -> str:
        if not names:
            return ""
        entries = [self.tr("white: this run")]
        for k, name in enumerate(names):
            colour = pg.mkColor(OVERLAY_COLOURS[k % len(OVERLAY_COLOURS)]).name()
            entries.append(f'<span style="color:{colour}">&#9632;</span>&nbsp;{html.escape(name)}')
        return (self.tr("Loss solid, test accuracy dashed:") + " " + " &nbsp; ".join(entries))

    def _draw_overlays(self) -> None:
        for run, (loss, accuracy) in zip(self.overlays, self.overlay_curves):
            values = np.asarray(run.loss, dtype=np.float64)
            loss.setData(np.asarray(run.step, dtype=np.float64),
                         smooth(values, self.smoothing)[0] if len(values) else values)
            accuracy.setData(np.asarray(run.eval_step, dtype=np.float64),
                             100.0 * np.asarray(run.test_accuracy, dtype=np.float64))

    def _last_overlay_step(self) -> float:
        return max((float(run.step[-1]) for run in self.overlays if len(run.step)), default=0.0)

    # ---------------------------------------------------------------- settings
    @property
    def smoothing(self) -> float:
        return self.smoothing_slider.value() / 1000.0

    def set_smoothing(self, weight: float) -> None:
        self.smoothing_slider.setValue(round(weight * 1000))

    def _on_smoothing_changed(self) -> None:
        self.smoothing_label.setText(f"{self.smoothing:.3f}".rstrip("0").rstrip(".") or "0")
        self._resmooth = True
        self._schedule_redraw()
        self._draw_comparison()
        self._draw_overlays()

    def _on_follow_toggled(self, on: bool) -> None:
        if on:
            self.plot.enableAutoRange(y=True)
            self.accuracy_view.enableAutoRange(y=True)
            self._y_ranges.clear()
            self._follow_x()
            self._follow_y()

    def _on_log_y_toggled(self, on: bool) -> None:
        self.plot.setLogMode(y=on)
        self.plot.getAxis("right").setLogMode(False)  # the accuracy axis stays linear (pyqtgraph sets both)
        self._y_ranges.clear()  # the loss axis is in other units now
        if self.follow.isChecked():
            self._follow_y()

    def _follow_y(self) -> None:
        """Keep the curves in view vertically on ranges on a grid of a tenth of their span (as the
        step axis grows in jumps): a range changed at every redraw (each new lowest test loss)
        repainted the axis and its grid each time, the costliest part of a long run's frame."""
        for view in (self.plot.vb, self.accuracy_view):
            bounds = [item.dataBounds(1) for item in view.addedItems
                      if isinstance(item, pg.PlotDataItem) and item.isVisible()]
            bounds = [b for b in bounds if b is not None and b[0] is not None and np.isfinite(b).all()]
            if not bounds:
                continue
            wanted = nice_range(min(b[0] for b in bounds), max(b[1] for b in bounds))
            if self._y_ranges.get(id(view)) != wanted:
                self._y_ranges[id(view)] = wanted
                view.setYRange(*wanted, padding=0.02)

    def _on_x_range_changed(self, _view, x_range) -> None:
        if len(self.steps) > envelope.MAX_POINTS and tuple(x_range) != self._drawn_x_range:
            self._schedule_redraw()

    def _follow_x(self) -> None:
        """Keep the run in view with a step axis that grows in jumps (1, 1.2, 1.5, 2, 2.5, 3,
        4, 5, 6, 8 x 10^k): its tick labels and grid are then redrawn a few times per decade
        of steps instead of at every update, which was the costliest part of a frame."""
        last = float(self.steps.rows[-1][STEP]) if len(self.steps) else 0.0
        last = max(last, self._last_overlay_step())
        upper = nice_ceiling(max(last, 10.0))
        if upper != self._x_upper:
            self._x_upper = upper
            self.plot.setXRange(0, upper, padding=0.02)

    # ------------------------------------------------------------------ events
    def on_run_started(self, event: ev.RunStarted) -> None:
        self.steps.clear()
        self.evaluations.clear()
        self._drawn_evaluations = None
        self._smoothing_state = {LOSS: (0.0, 0), ACCURACY: (0.0, 0)}
        self.total_steps = event.total_steps
        if not self.follow.isChecked():  # the user had moved the view: the run is followed again
            self._x_upper, self._y_ranges = None, {}
            self.follow.setChecked(True)
        # drawn at the next redraw, with the first steps if they come at once (a replay's backward move)
        self._schedule_redraw()

    def draw_pending(self, _payload: object = None) -> None:
        if self._redraw_timer.isActive():
            self.refresh()

    def on_steps(self, events: Sequence[ev.StepDone]) -> None:
        if not len(events):
            return
        columns = getattr(events, "columns", None)  # a replay's steps, as arrays (core.recording.RecordedSteps)
        if columns is not None:
            raw = np.column_stack([columns["step"], columns["loss"], 100.0 * columns["batch_accuracy"]])
        else:
            raw = np.array([(e.step, e.loss, 100.0 * e.batch_accuracy) for e in events], dtype=np.float64)
        rows = np.empty((len(raw), 5))
        rows[:, :3] = raw
        for column, target in ((LOSS, LOSS_SMOOTHED), (ACCURACY, ACCURACY_SMOOTHED)):
            rows[:, target], self._smoothing_state[column] = smooth(raw[:, column], self.smoothing,
                                                                    self._smoothing_state[column])
        self.steps.append(rows)
        self.total_steps = events[-1].total_steps
        self._schedule_redraw()

    def on_evaluated(self, event: ev.Evaluated) -> None:
        train = getattr(event, "train_accuracy", None)
        self.evaluations.append([(event.step, 100.0 * event.test_accuracy, event.test_loss,
                                  np.nan if train is None else 100.0 * train)])
        self._schedule_redraw()

    def on_finished(self, event: ev.Finished) -> None:
        self.refresh()

    # ------------------------------------------------------------------ drawing
    def _schedule_redraw(self) -> None:
        if not self._redraw_timer.isActive():
            self._redraw_timer.start()

    def _resmooth_all(self) -> None:
        self._resmooth = False
        if not len(self.steps):
            return
        rows = self.steps.rows
        for column, target in ((LOSS, LOSS_SMOOTHED), (ACCURACY, ACCURACY_SMOOTHED)):
            rows[:, target], self._smoothing_state[column] = smooth(rows[:, column], self.smoothing)

    def refresh(self) -> None:
        """Redraw the curves now (normally done by the timer, at most 20 times a second)."""
        self._redraw_timer.stop()
        if self._resmooth:
            self._resmooth_all()
        self.redraw_count += 1
        if self.follow.isChecked():
            self._follow_x()  # (the step axis first: the curves are cut to what it shows)
        # The faint loss of every step as its envelope (its spikes stay); the moving averages,
        # smooth already, one point a pixel column (widgets.envelope).
        x_range = tuple(self.plot.vb.viewRange()[0]) if len(self.steps) > envelope.MAX_POINTS else None
        points = envelope.points_for_width(self.plot.vb.width())
        step_column = self.steps.column(STEP)
        steps, (loss,) = envelope.in_view(step_column, [self.steps.column(LOSS)], x_range, max_points=points)
        smooth_steps, (smoothed, accuracy) = envelope.smooth_in_view(
            step_column, [self.steps.column(LOSS_SMOOTHED), self.steps.column(ACCURACY_SMOOTHED)], x_range,
            max_points=points)
        self._drawn_x_range = tuple(self.plot.vb.viewRange()[0])
        self.loss_curve.setData(steps, loss)
        self.loss_smoothed_curve.setData(smooth_steps, smoothed)
        self.accuracy_curve.setData(smooth_steps, accuracy)
        self._draw_evaluations()
        if self.follow.isChecked():
            self._follow_y()
        self.readout.setText(self._readout_text())

    def _draw_evaluations(self) -> None:
        """The evaluations' curves, when they changed: their symbols cost pyqtgraph Python work
        per point (a 200,000-step run's 200 evaluations: milliseconds at every redraw)."""
        drawn = (len(self.evaluations), self.evaluations.rows[-1].tobytes() if len(self.evaluations) else b"")
        if drawn == self._drawn_evaluations:
            return
        self._drawn_evaluations = drawn
        eval_steps = self.evaluations.column(0)
        self.test_accuracy_curve.setData(eval_steps, self.evaluations.column(1))
        self.test_loss_curve.setData(eval_steps, self.evaluations.column(2))
        train = self.evaluations.column(3)
        known = np.isfinite(train)
        self.train_accuracy_curve.setData(eval_steps[known], train[known])

    def _readout_text(self) -> str:
        if not len(self.steps):
            return self.tr("no steps yet")
        last = self.steps.rows[-1]
        text = self.tr("step {0:,}").format(int(last[STEP]))
        if self.total_steps:
            text += f" / {self.total_steps:,}"
        text += self.tr(" · loss {0:.4g} · batch acc. {1:.1f} %").format(last[LOSS_SMOOTHED], last[ACCURACY_SMOOTHED])
        if len(self.evaluations):
            text += self.tr(" · test acc. {0:.2f} %").format(self.evaluations.rows[-1][1])
            if np.isfinite(self.evaluations.rows[-1][3]):
                text += self.tr(" · training acc. {0:.2f} %").format(self.evaluations.rows[-1][3])
        return text


def nice_range(low: float, high: float) -> tuple[float, float]:
    """``low`` and ``high`` widened to a grid of 1, 2 or 5 times a power of ten, about a tenth of
    their span: the range then changes only when a value crosses a line of that grid."""
    span = high - low
    if not span > 0:
        span = max(abs(high), 1e-6) * 0.1
    grid = 10.0 ** np.floor(np.log10(span / 10))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if factor * grid >= span / 10:
            grid *= factor
            break
    return float(np.floor(low / grid) * grid), float(np.ceil(high / grid) * grid)


NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is >= value."""
    if value <= 0:
        return 1.0
    scale = 10.0 ** np.floor(np.log10(value))
    for step in NICE_STEPS:
        if step * scale >= value * (1 - 1e-12):
            return float(step * scale)
    return float(10 * scale)


PANEL = LossPanel
