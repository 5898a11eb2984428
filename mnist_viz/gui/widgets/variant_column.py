"""One variant of a lesson in its experiment window (gui/experiment_window.py): a column.

:class:`VariantColumn` shows the variant's title in its colour, its key panel drawn from the
reports of ``core.lessons.run`` (a mosaic of the report's array, or a small plot of its
measures) and its numbers, "diverged" in red when its loss blew up. It only draws what it
is handed: the window's runner owns the training thread.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from .mosaic import DIVERGING, MosaicView, symmetric_levels


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def tiles_of(array: np.ndarray) -> np.ndarray:
    """A report's array as (N, h, w) tiles: conv filters (C, K, K) or (C, 1, K, K) as they are,
    a layer of 784 inputs (softmax's (10, 784) or (784, 10)) as 28x28 templates."""
    array = np.asarray(array, dtype=np.float32)
    if array.ndim == 4:
        return array.reshape(-1, *array.shape[-2:])
    if array.ndim == 2:
        if array.shape[0] == 784 and array.shape[1] != 784:
            array = array.T
        side = int(round(math.sqrt(array.shape[1])))
        if side * side == array.shape[1]:
            return array.reshape(len(array), side, side)
        return array[None]
    return array if array.ndim == 3 else array.reshape(1, 1, -1)


#: The lesson's measures, as the columns name them (core.lessons' keys; others are shown as they are).
MEASURE_LABELS = {
    "distinct": QT_TRANSLATE_NOOP("VariantColumn", "distinct filters"),
    "moved": QT_TRANSLATE_NOOP("VariantColumn", "largest change since step 0"),
    "largest_weight": QT_TRANSLATE_NOOP("VariantColumn", "largest |weight|"),
    "grad_ratio": QT_TRANSLATE_NOOP("VariantColumn", "first ÷ last layer's gradient norm"),
    "gap": QT_TRANSLATE_NOOP("VariantColumn", "training − test accuracy"),
}


class SparseLogAxis(pg.AxisItem):
    """A y axis whose log mode labels only decades (or 1, 2 and 5 within one decade): over less
    than two decades pyqtgraph labels every tick from 1 to 9, which pile up in a short plot."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph's names)
        levels = super().tickValues(minVal, maxVal, size)
        if not self.logMode:
            return levels
        values = sorted({float(v) for _, ticks in levels for v in ticks})
        labelled = [v for v in values if abs(v - round(v)) < 1e-6]
        if len(labelled) < 2:
            labelled = [v for v in values if round(10 ** (v - math.floor(v + 1e-6)), 3) in (1.0, 2.0, 5.0)]
        return [(None, labelled), (None, [v for v in values if v not in labelled])]


def plot_widget() -> pg.PlotWidget:
    """A plot for the lesson windows: grid, and a y axis that stays legible on a log scale."""
    plot = pg.PlotWidget(axisItems={"left": SparseLogAxis("left")})
    plot.getAxis("left").setStyle(maxTextLevel=0)
    plot.showGrid(x=True, y=True, alpha=0.25)
    return plot


class VariantColumn(QWidget):
    """One variant: its key panel, drawn from its reports, and its numbers.

    The key panel (the lesson's ``key_panel``): "filters" and "weights" draw the report's
    array of that name as a mosaic; "gradients" plots every layer's gradient norm
    (``grad_norm/<layer>``) over the steps, on a log axis; "accuracy" the accuracy on the
    training images (dropout off) and on the test images; "loss" every step's loss.
    """

    def __init__(self, name: str, title: str, key_panel: str, colour: tuple[int, int, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.title, self.key_panel, self.colour = name, title, key_panel, colour
        #: The newest report (core.lessons.VariantReport).
        self.report = None
        # The variant's colour (its curve on the overlay plot) beside its title, in plain labels.
        self.swatch = QLabel()
        self.swatch.setFixedSize(12, 12)
        self.swatch.setStyleSheet("background: rgb({0}, {1}, {2}); border-radius: 2px".format(*colour))
        self.heading = QLabel(title)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        title_row = QHBoxLayout()
        title_row.addStretch(1)
        title_row.addWidget(self.swatch)
        title_row.addWidget(self.heading)
        title_row.addStretch(1)
        self.mosaic: MosaicView | None = None
        self.plot: pg.PlotWidget | None = None
        self.curves: dict[str, pg.PlotDataItem] = {}
        if key_panel in ("filters", "weights"):
            self.mosaic = MosaicView("", colormap=DIVERGING, columns=8 if key_panel == "filters" else 5)
            self.mosaic.setMinimumSize(220, 150)
            view: QWidget = self.mosaic
        else:
            self.plot = plot_widget()
            self.plot.setMinimumSize(220, 150)
            self.plot.setLogMode(y=key_panel in ("gradients", "loss"))
            self.plot.addLegend(offset=(-4, 4), labelTextSize="8pt")
            self.plot.setLabel("bottom", self.tr("step"))
            self.plot.setTitle({"gradients": self.tr("gradient norm per layer"),
                                "accuracy": self.tr("accuracy"), "loss": self.tr("loss")}.get(key_panel, ""),
                               size="9pt")
            view = self.plot
        self.status = QLabel()
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setMinimumHeight(self.fontMetrics().height() * 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(view, 1)
        layout.addWidget(self.status)
        self.show_waiting()

    @property
    def diverged(self) -> bool:
        return self.report is not None and self.report.diverged

    def show_waiting(self) -> None:
        """Forget the last run: nothing trained yet."""
        self.report = None
        #: Every step's loss so far: steps and values (from the reports' "losses" arrays).
        self.loss_steps: list[np.ndarray] = []
        self.losses: list[np.ndarray] = []
        #: At every report: its step, and each measure, accuracy and the loss there.
        self.steps: list[int] = []
        self.history: dict[str, list[float]] = {}
        if self.mosaic is not None:
            self.mosaic.clear()
            self.mosaic.set_title(self.tr("press Start"))
        else:
            for curve in self.curves.values():
                self.plot.removeItem(curve)
            self.curves = {}
            self.plot.plotItem.legend.clear()
        self.status.setText(self.tr("not trained yet: press Start"))

    def show_report(self, report) -> None:
        self.report = report
        arrays = report.arrays
        if "losses" in arrays and len(arrays["losses"]):
            self.loss_steps.append(np.asarray(arrays["loss_steps"], dtype=float))
            self.losses.append(np.asarray(arrays["losses"], dtype=float))
        self.steps.append(report.step)
        values = {**report.measures, "loss": report.loss, "batch_accuracy": report.batch_accuracy,
                  "test_accuracy": report.test_accuracy, "train_accuracy": report.train_accuracy}
        for key, value in values.items():
            self.history.setdefault(key, [math.nan] * (len(self.steps) - 1)).append(
                float(value) if _finite(value) else math.nan)
        for series in self.history.values():  # a measure missing from this report
            if len(series) < len(self.steps):
                series.append(math.nan)
        if self.mosaic is not None:
            self._draw_mosaic(report)
        else:
            self._draw_plot()
        self.status.setText(self._describe(report))

    def loss_curve(self) -> tuple[np.ndarray, np.ndarray]:
        """Every step's training loss so far (steps, losses)."""
        if not self.losses:
            return np.zeros(0), np.zeros(0)
        return np.concatenate(self.loss_steps), np.concatenate(self.losses)

    # ----------------------------------------------------------------- drawing
    def drawn_array(self) -> tuple[str, np.ndarray] | None:
        """The report's array the mosaic draws (its name and values), if any."""
        if self.report is None or self.key_panel not in self.report.arrays:
            return None
        return self.key_panel, self.report.arrays[self.key_panel]

    def _draw_mosaic(self, report) -> None:
        drawn = self.drawn_array()
        if drawn is None:
            return
        name, array = drawn
        tiles = tiles_of(array)
        title = self.title
        what = self.tr("conv1 filter {0} ({1})") if name == "filters" else self.tr("template of digit {0} ({1})")
        self.mosaic.set_tiles(tiles, levels=symmetric_levels(tiles), raw=tiles,
                              describe=lambda k: what.format(k, title))
        label = self.tr("conv1 · {0} filters") if name == "filters" else self.tr("{0} templates")
        self.mosaic.set_title(self.tr("{0} · step {1}").format(label.format(len(tiles)), f"{report.step:,}"))

    def plotted(self) -> dict[str, tuple[str, np.ndarray, np.ndarray]]:
        """What the column's plot draws: curve key -> (legend name, steps, values)."""
        steps = np.asarray(self.steps, dtype=float)
        if self.key_panel == "gradients":
            return {key: (key.split("/", 1)[1], steps, np.asarray(values))
                    for key, values in self.history.items() if key.startswith("grad_norm/")}
        if self.key_panel == "accuracy":
            names = {"train_accuracy": self.tr("training images (dropout off)"), "test_accuracy": self.tr("test")}
            return {key: (names[key], steps, np.asarray(self.history.get(key, []))) for key in names}
        loss_steps, losses = self.loss_curve()
        return {"loss": (self.tr("loss"), loss_steps, losses)}

    def _draw_plot(self) -> None:
        plotted = self.plotted()
        for index, (key, (name, steps, values)) in enumerate(plotted.items()):
            curve = self.curves.get(key)
            if curve is None:
                colour = pg.intColor(index, hues=max(len(plotted), 3), maxValue=220) if len(plotted) > 1 \
                    else pg.mkColor(*self.colour)
                symbol = "o" if self.key_panel != "loss" else None
                curve = self.plot.plot([], [], pen=pg.mkPen(colour, width=2), name=name if len(plotted) > 1 else None,
                                       symbol=symbol, symbolSize=4, symbolBrush=colour, symbolPen=None)
                self.curves[key] = curve
            keep = np.isfinite(values) & ((values > 0) if self.key_panel in ("gradients", "loss") else True)
            curve.setData(steps[keep], values[keep])

    def _describe(self, report) -> str:
        lines = []
        if report.diverged:
            at = report.diverged_at if getattr(report, "diverged_at", None) is not None else report.step
            lines.append("<b style='color:#c03030'>{0}</b>".format(self.tr(
                "Diverged at step {0}: the loss became NaN, infinite or more than 100 per image, so this network "
                "stopped training (the others go on). In the main window such a run pauses itself, with a "
                "banner saying why.").format(f"{at:,}")))
        else:
            loss = f"{report.loss:.3f}" if _finite(report.loss) else "–"
            lines.append(self.tr("step {0} · loss {1} · batch accuracy {2}").format(
                f"{report.step:,}", loss, _percent(report.batch_accuracy)))
        accuracies = []
        if report.test_accuracy is not None:
            accuracies.append("<b>{0}</b>".format(self.tr("test accuracy {0}").format(_percent(report.test_accuracy))))
        if report.train_accuracy is not None:
            accuracies.append(self.tr("on the training images {0} (dropout off)").format(
                _percent(report.train_accuracy)))
        if accuracies:
            lines.append(" · ".join(accuracies))
        shown = []
        for key, label in MEASURE_LABELS.items():
            value = report.measures.get(key)
            if value is None:
                continue
            if key == "distinct":
                text = self.tr("{0} of {1} filters distinct").format(int(value), int(report.measures.get("filters", 0)))
            elif key == "gap":
                text = "{0} {1}".format(QCoreApplication.translate("VariantColumn", label), _points(value))
            else:
                text = "{0} {1}".format(QCoreApplication.translate("VariantColumn", label), f"{value:.3g}")
            shown.append(text)
        if shown:
            lines.append(" · ".join(shown))
        return "<br>".join(lines)


def _points(value: float) -> str:
    """An accuracy difference in percentage points, signed."""
    return QCoreApplication.translate("VariantColumn", "{0} points").format(f"{100 * value:+.1f}")
