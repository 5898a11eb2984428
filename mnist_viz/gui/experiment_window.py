"""A lesson's experiment window: two to four variants of one setting, trained side by side.

``core.lessons.run`` trains every variant of a lesson in lockstep on the same batches and
yields one report per variant every few steps; here it runs off the GUI thread
(:class:`LessonRun`, a superqt ``GeneratorWorker`` in Qt's thread pool) and each list of
reports reaches the window by a signal. The window shows:

* one column per variant (:class:`~.widgets.variant_column.VariantColumn`): its key panel live (the lesson's
  ``key_panel``: conv1's filters or the softmax templates as a mosaic drawn from the
  report's arrays, or a small plot of the lesson's measures, e.g. each layer's gradient
  norm), its numbers, and "diverged" in red when its loss blew up (that variant stops, the
  others go on);
* one plot overlaying every variant's loss (or batch accuracy), one colour and legend
  entry per variant;
* beside them the lesson's texts (what to watch, why, the tutorial's line), and, when the
  run has ended, the verdict ``core.lessons.verdict`` writes from the measured numbers.

Closing the window stops the run and waits for its thread. The lesson "init" has its own
window (:mod:`.init_experiment`); :class:`~.lessons.LessonLauncher` picks the right one.
The lesson's texts come from ``core.lessons`` in English and are translated with the
context "Lesson"; the window's own strings are marked with ``self.tr``.
"""

from __future__ import annotations

import html
import threading
import time
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                               QTextBrowser, QVBoxLayout, QWidget)
from superqt.utils import create_worker

from .widgets.variant_column import VariantColumn, plot_widget

if TYPE_CHECKING:
    from ..core.data import Mnist

#: One colour per variant (colour-blind safe: Okabe and Ito), in the lesson's order.
VARIANT_COLOURS = ((0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167))
#: About this many reports per run: enough to watch the curves grow, cheap to draw; fewer for a
#: lesson that measures both accuracies at every report (the dropout lesson: an evaluation each).
REPORTS_PER_RUN = 60
EVALUATED_REPORTS_PER_RUN = 16
#: Test accuracy is measured on at most this many test images (core.experiments' choice).
TEST_IMAGES = 2000
#: Which concepts of Help > Concepts each lesson is about (links under its texts).
LESSON_CONCEPTS = {"init": ("initialisation",), "optimizer": ("adam", "gradient-descent"),
                   "learning-rate": ("gradient-descent",), "activation": ("relu", "vanishing-gradients"),
                   "dropout": ("dropout", "overfitting"), "pooling": ("pooling", "convolution"),
                   "batch-size": ("gradient-descent",)}


def lesson_text(text: str) -> str:
    """A text of core.lessons in the interface's language."""
    return QCoreApplication.translate("Lesson", text) if text else text


class LessonRun(QObject):
    """Runs ``core.lessons.run`` in a worker thread; its reports arrive on the GUI thread."""

    #: list[core.lessons.VariantReport], one per variant
    reports = Signal(list)
    #: one line saying what went wrong
    failed = Signal(str)
    #: the run is over: True if it ran to its last step, False if it was stopped or failed
    ended = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._worker = None
        self._completed = False
        self._failed = False
        #: The threads that ran lessons (tests check that the GUI thread never did).
        self.thread_ids: set[int] = set()

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self, name: str, mnist: Mnist, steps: int, device: str = "cpu", report_every: int = 10) -> None:
        if self.running:
            raise RuntimeError("a lesson is already running")
        self._stop.clear()
        self._completed = self._failed = False
        options = dict(steps=steps, device=device, report_every=report_every,
                       test_images=min(TEST_IMAGES, len(mnist.test)))
        worker = create_worker(self._drive, name, mnist, options, _start_thread=False)
        worker.yielded.connect(self._on_yielded)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        worker.start()

    def stop(self) -> None:
        """Ask the run to end after its current step."""
        self._stop.set()
        if self._worker is not None:
            self._worker.quit()

    def wait(self, timeout_s: float = 10.0) -> bool:
        """Stop, and wait (handling events) until the thread has ended. True if it has."""
        self.stop()
        deadline = time.monotonic() + timeout_s
        while self.running and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if self.running:
                time.sleep(0.01)
        return not self.running

    # ------------------------------------------------------------ worker side
    def _drive(self, name: str, mnist: Mnist, options: dict):
        self.thread_ids.add(threading.get_ident())
        try:
            from ..core import lessons

            for reports in lessons.run(name, mnist, stop=self._stop.is_set, **options):
                yield "reports", reports
            yield "completed", not self._stop.is_set()
        except Exception as error:  # noqa: BLE001 - superqt drops a RuntimeError silently: hand it over
            from .. import logs

            logs.get("gui").exception("the lesson %s failed", name)  # the traceback goes to the log file
            yield "error", f"{type(error).__name__}: {error}".splitlines()[0]

    # --------------------------------------------------------------- GUI side
    def _on_yielded(self, item) -> None:
        kind, payload = item
        if kind == "reports":
            self.reports.emit(payload)
        elif kind == "completed":
            self._completed = bool(payload)
        else:
            self._failed = True
            self.failed.emit(payload)

    def _on_finished(self) -> None:
        self._worker = None
        self.ended.emit(self._completed and not self._failed)


class ExperimentWindow(QWidget):
    """A non-modal window: one lesson's variants side by side, one overlay plot, the texts and the verdict."""

    def __init__(self, name: str, mnist: Mnist | None = None, parent: QWidget | None = None,
                 device: str = "cpu") -> None:
        super().__init__(parent)
        from ..core import lessons

        self.setWindowFlag(Qt.WindowType.Window)
        self.name = name
        self.lesson = lessons.LESSONS[name]
        self.mnist = mnist
        self.device = device
        #: The newest report of every variant (core.lessons.VariantReport), in the lesson's order.
        self.last_reports: list = []
        self.verdict_text = ""
        self.stopped = False
        #: The error that ended the last run ("" if none).
        self.error = ""
        self.setWindowTitle(self.tr("Lesson: {0}").format(lesson_text(self.lesson.title)))
        self.run = LessonRun(self)

        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Train every variant from step 0 on the same batches"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("End the run after the current step (no verdict: it needs a whole run)"))
        self.steps = QSpinBox()
        self.steps.setRange(1, 20_000)
        self.steps.setSingleStep(50)
        self.steps.setValue(self.lesson.default_steps)
        self.steps.setSuffix(self.tr(" steps"))
        self.steps.setToolTip(self.tr("How many batches each variant trains on (the lesson's default: {0})").format(
            self.lesson.default_steps))
        self.status = QLabel()
        top = QHBoxLayout()
        for widget in (self.start_button, self.stop_button, self.steps):
            top.addWidget(widget)
        top.addSpacing(12)
        top.addWidget(self.status, 1)

        variants = self.lesson.variants(device=device)
        self.columns = [VariantColumn(v.name, lesson_text(v.title), self.lesson.key_panel,
                                      VARIANT_COLOURS[i % len(VARIANT_COLOURS)], self) for i, v in enumerate(variants)]
        row = QHBoxLayout()
        for index, column in enumerate(self.columns):
            if index:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.VLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                row.addWidget(line)
            row.addWidget(column, 1)

        self.overlay = plot_widget()
        self.overlay.setMinimumHeight(170)
        self.overlay.setLabel("bottom", self.tr("step"))
        self.overlay.addLegend(offset=(-6, 6), labelTextSize="9pt")
        self.curves = [self.overlay.plot([], [], pen=pg.mkPen(column.colour, width=2), name=column.title)
                       for column in self.columns]
        self.overlay_choice = QComboBox()
        self.overlay_choice.addItem(self.tr("Training loss at every step"), "loss")
        self.overlay_choice.addItem(self.tr("Batch accuracy at every report"), "batch_accuracy")
        if self.lesson.key_panel == "accuracy":  # measured at every report of this lesson
            self.overlay_choice.addItem(self.tr("Test accuracy"), "test_accuracy")
            self.overlay_choice.addItem(self.tr("Accuracy on the training images (dropout off)"), "train_accuracy")
        self.overlay_choice.setToolTip(self.tr("What the plot overlays for every variant"))
        self.log_y = QCheckBox(self.tr("Log scale"))
        self.log_y.setToolTip(self.tr("A logarithmic y axis: a loss that explodes and one near 0 on one plot"))
        self.log_y.setChecked(True)
        plot_bar = QHBoxLayout()
        plot_bar.addWidget(self.overlay_choice)
        plot_bar.addWidget(self.log_y)
        plot_bar.addStretch(1)

        self.texts = QTextBrowser()
        self.texts.setOpenLinks(False)
        self.texts.anchorClicked.connect(self._follow_link)
        self.texts.setFrameShape(QFrame.Shape.NoFrame)
        self.texts.setMinimumWidth(320)
        self.texts.setMaximumWidth(420)

        left = QVBoxLayout()
        left.addLayout(row, 3)
        left.addLayout(plot_bar)
        left.addWidget(self.overlay, 2)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.texts)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.resize(1280, 720)

        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.run.reports.connect(self._on_reports)
        self.run.failed.connect(self._on_failed)
        self.run.ended.connect(self._on_ended)
        self.overlay_choice.currentIndexChanged.connect(self._on_overlay_chosen)
        self.log_y.toggled.connect(self._set_log_y)
        self._set_log_y(True)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._show_texts()
        self._draw_overlay()
        self._update_buttons()

    # ---------------------------------------------------------------- queries
    @property
    def running(self) -> bool:
        return self.run.running

    # --------------------------------------------------------------- controls
    def set_data(self, mnist: Mnist | None) -> None:
        self.mnist = mnist
        self._update_buttons()

    def start(self) -> None:
        """Train every variant from step 0 (nothing happens without data or during a run)."""
        if self.mnist is None or self.running:
            return
        for column in self.columns:
            column.show_waiting()
        self.last_reports, self.verdict_text, self.stopped, self.error = [], "", False, ""
        self._draw_overlay()
        self._show_texts()
        steps = self.steps.value()
        reports = EVALUATED_REPORTS_PER_RUN if self.lesson.key_panel == "accuracy" else REPORTS_PER_RUN
        self.run.start(self.name, self.mnist, steps, self.device, report_every=max(1, steps // reports))
        self._update_buttons()

    def stop(self) -> None:
        if self.running:
            self.stopped = True
            self.run.stop()
            self._update_buttons()

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Stop the run and wait for its thread. True if it has ended."""
        if self.running:
            self.stopped = True
        return self.run.wait(timeout_s)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.shutdown():
            import sys
            print("mnist-viz: a lesson's thread did not end in time", file=sys.stderr)
        super().closeEvent(event)

    # ------------------------------------------------------------------ events
    def _on_reports(self, reports: list) -> None:
        by_name = {report.variant: report for report in reports}
        for column in self.columns:
            report = by_name.get(column.name)
            if report is not None:
                column.show_report(report)
        self.last_reports = [column.report for column in self.columns if column.report is not None]
        self._draw_overlay()
        self._update_buttons()

    def _on_failed(self, message: str) -> None:
        self.error = message
        self._update_buttons()

    def _on_ended(self, completed: bool) -> None:
        if completed and self.last_reports:
            from ..core import lessons

            self.verdict_text = lessons.verdict(self.name, self.last_reports, translate=lesson_text)
        self._show_texts()
        self._update_buttons()

    # ----------------------------------------------------------------- drawing
    def _set_log_y(self, on: bool) -> None:
        self.overlay.setLogMode(y=on)

    def _on_overlay_chosen(self) -> None:
        self.log_y.setChecked(self.overlay_choice.currentData() == "loss")  # accuracies read best on a linear axis
        self._draw_overlay()

    def _draw_overlay(self) -> None:
        key = self.overlay_choice.currentData()
        for column, curve in zip(self.columns, self.curves):
            if key == "loss":
                steps, values = column.loss_curve()
            else:
                steps = np.asarray(column.steps, dtype=float)
                values = np.asarray(column.history.get(key, []), dtype=float)
            keep = np.isfinite(values) & (values > 0)  # a log axis cannot draw 0 (or a NaN)
            curve.setData(steps[keep], values[keep])
        self.overlay.setTitle(self.overlay_choice.currentText(), size="10pt")

    def _show_texts(self) -> None:
        lesson = self.lesson
        parts = []
        if self.verdict_text:
            parts.append("<table width='100%' cellpadding='6' style='background:#eef6ee'><tr><td>"
                         "<b>{0}</b><br>{1}</td></tr></table>".format(
                             self.tr("Verdict, from the numbers measured in this run:"),
                             html.escape(self.verdict_text)))
        parts.append("<h3>{0}</h3><p>{1}</p>".format(lesson_text(lesson.title), lesson_text(lesson.summary)))
        for heading, text in ((self.tr("What to watch"), lesson.watch), (self.tr("Why"), lesson.why),
                              (self.tr("In the tutorial"), lesson.tutorial)):
            if text:
                parts.append("<p><b>{0}</b><br>{1}</p>".format(heading, lesson_text(text)))
        keys = LESSON_CONCEPTS.get(self.name, ())
        if keys:
            from . import concepts

            known = concepts.load()
            links = [f"<a href='{concepts.link(key)}'>{html.escape(known[key].title)}</a>"
                     for key in keys if key in known]
            parts.append("<p>{0}</p>".format(self.tr("Concepts: {0}").format(", ".join(links))))
        self.texts.setHtml("".join(parts))

    def _follow_link(self, url) -> None:
        from . import concepts

        concepts.open_link(url, self.parentWidget() or self)

    def _update_buttons(self) -> None:
        has_data = self.mnist is not None
        running = self.running
        self.start_button.setEnabled(has_data and not running)
        self.stop_button.setEnabled(running and not self.stopped)
        self.steps.setEnabled(not running)
        step = max((report.step for report in self.last_reports), default=0)
        if not has_data:
            self.status.setText(self.tr("Load MNIST in the main window first (File > Choose data folder)."))
        elif self.error:
            self.status.setText(self.tr("The lesson stopped with an error: {0}").format(self.error))
        elif running and self.stopped:
            self.status.setText(self.tr("Stopping after the current step…"))
        elif running:
            self.status.setText(self.tr("Training {0} networks on the same batches: step {1} of {2}…").format(
                len(self.columns), f"{step:,}", f"{self.steps.value():,}"))
        elif self.verdict_text:
            self.status.setText(self.tr("Done: {0} steps each. The verdict is beside the plot.").format(f"{step:,}"))
        elif self.stopped:
            self.status.setText(self.tr("Stopped at step {0}: no verdict without a whole run. Start begins "
                                        "again from step 0.").format(f"{step:,}"))
        else:
            self.status.setText(self.tr("Press Start to train the {0} networks on the same batches.").format(
                len(self.columns)))
