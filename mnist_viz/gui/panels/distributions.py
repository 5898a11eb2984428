"""Distributions over time, as TensorBoard draws them: how each layer's weights and
gradients spread, step after step, with the gradient norms (and the ratio of the first
layer's to the last layer's, which is what "vanishing" is about), the dead ReLUs and the
saturated sigmoids and tanhs.

For the layer picked in the combo box, two heat maps: x = the snapshot (labelled with its
step), y = the value, colour = how many weights (or gradients) have that value, on a
logarithmic colour scale fixed by the layer's size. The histograms come from
``core.stats`` (the "distributions" snapshot part): weights on a power-of-two range in
value units (older columns are re-binned exactly onto the widest range in view), gradients
on fixed signed-log bins (the y axis reads ±10^k). Only the last ``HISTORY`` snapshots are
kept for the heat maps; the two line plots below (every layer's gradient norm, and per
activation layer the fraction of dead units, or of saturated outputs for sigmoid and tanh,
as ``core.stats`` defines them: the tutorial CNN's conv1, conv2 and fc1) cover the whole run.
The layers are whatever the statistics name: every conv, fc and bn of any architecture.

A snapshot that repeats the last statistics (the core recomputes them at most twice a
second, and less on a slow machine) adds nothing.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...core import events as ev
from ...core import stats
from ..widgets.history import History
from ..widgets.info_button import info_button
from ..widgets.mosaic import SEQUENTIAL
from .base import Panel

#: Snapshots kept for the heat maps (a ring buffer: the oldest drop out).
HISTORY = 300
LAYER_COLOURS = [(255, 150, 40), (90, 200, 90), (90, 170, 255), (230, 90, 200), (240, 230, 90)]
LEGEND_BRUSH = pg.mkBrush(0, 0, 0, 170)
SOLID, DASHED = Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine  # dead units, saturated ones
WEIGHTS, GRADIENTS = "weights", "gradients"


class StepAxis(pg.AxisItem):
    """An x axis over heat-map columns that labels each column with its training step."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.steps = np.empty(0, dtype=np.int64)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        labels = []
        for value in values:
            column = round(value)
            ok = abs(value - column) < 1e-6 and 0 <= column < len(self.steps)
            labels.append(f"{int(self.steps[column]):,}" if ok else "")
        return labels

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803
        # Whole columns only.
        levels = super().tickValues(minVal, maxVal, size)
        return [(max(spacing, 1.0), [v for v in ticks if float(v).is_integer()]) for spacing, ticks in levels]


class LogValueAxis(pg.AxisItem):
    """A y axis for log10(values) that labels plain values at 1, 2 and 5 times powers of ten.

    (pyqtgraph's own log mode labels every minor tick, which collides in a small plot.)
    """

    def tickValues(self, minVal, maxVal, size):  # noqa: N802,N803 (pyqtgraph's names)
        if not (math.isfinite(minVal) and math.isfinite(maxVal)) or maxVal <= minVal:
            return []
        room = max(2, int(size / 18))  # labels that fit, at about 18 px each
        margin = 0.04 * (maxVal - minVal)  # a label right at the edge is cut off
        if maxVal - minVal < 1:
            # Less than a decade: evenly spaced round values read best (0.8, 1, 1.2, 1.4).
            low, high = 10.0 ** (minVal + margin), 10.0 ** (maxVal - margin)
            rough = (high - low) / min(room, 5)
            power = 10.0 ** math.floor(math.log10(rough))
            step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
            values = np.arange(math.ceil(low / step) * step, high + step * 1e-9, step)
            return [(1.0, [math.log10(v) for v in values if v > 0])]
        decades = range(math.floor(minVal), math.ceil(maxVal) + 1)
        for mantissas, enough in (((1,), 2), ((1, 2, 5), 3), ((1, 2, 3, 4, 5, 6, 7, 8, 9), 0)):
            ticks = [math.log10(m) + k for k in decades for m in mantissas]
            ticks = [t for t in ticks if minVal + margin <= t <= maxVal - margin]
            if len(ticks) >= enough:
                if len(ticks) > room:  # too many: every n-th one
                    ticks = ticks[::math.ceil(len(ticks) / room)]
                return [(1.0, ticks)]
        return []

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [_value_label(10.0 ** v) for v in values]


def _value_label(value: float) -> str:
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.3g}"
    return f"{value:.0e}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")


class SnapshotRing:
    """The last ``capacity`` snapshots' histograms of every layer, oldest first on read."""

    def __init__(self, layers: list[str], capacity: int = HISTORY, weight_bins: int = stats.WEIGHT_BINS) -> None:
        self.layers = list(layers)
        self.capacity = capacity
        self.count = 0
        self._next = 0
        self.steps = np.zeros(capacity, dtype=np.int64)
        self.weight_counts = {name: np.zeros((capacity, weight_bins)) for name in layers}
        self.weight_ranges = {name: np.ones(capacity) for name in layers}
        self.gradient_counts = {name: np.full((capacity, stats.GRADIENT_BINS), np.nan) for name in layers}

    def __len__(self) -> int:
        return self.count

    def append(self, step: int, arrays) -> None:
        k = self._next
        self.steps[k] = step
        for name in self.layers:
            self.weight_counts[name][k] = arrays[f"dist/{name}/weight_counts"]
            self.weight_ranges[name][k] = float(arrays[f"dist/{name}/weight_range"])
            gradients = arrays.get(f"dist/{name}/gradient_counts")
            self.gradient_counts[name][k] = np.nan if gradients is None else gradients
        self._next = (k + 1) % self.capacity
        self.count = min(self.count + 1, self.capacity)

    def order(self) -> np.ndarray:
        """Buffer rows in time order."""
        if self.count < self.capacity:
            return np.arange(self.count)
        return (np.arange(self.capacity) + self._next) % self.capacity

    def ordered_steps(self) -> np.ndarray:
        return self.steps[self.order()]

    def weights(self, name: str) -> tuple[np.ndarray, float]:
        """(counts (snapshots, bins), R): every snapshot re-binned onto the widest range R."""
        order = self.order()
        counts, ranges = self.weight_counts[name][order], self.weight_ranges[name][order]
        finite = ranges[np.isfinite(ranges)]
        widest = float(finite.max()) if len(finite) else 1.0
        out = np.zeros_like(counts)
        for value_range in np.unique(finite):
            rows = ranges == value_range
            out[rows] = stats.rebin_weights(counts[rows], float(value_range), widest)
        return out, widest

    def gradients(self, name: str) -> np.ndarray:
        return self.gradient_counts[name][self.order()]


def log_counts(counts: np.ndarray) -> np.ndarray:
    """The colour scale of the heat maps: log10(1 + count) (NaN stays NaN: no data)."""
    return np.log10(1.0 + counts)


def gradient_axis_ticks() -> list[list[tuple[float, str]]]:
    """Tick positions (in gradient-bin units) for ±10^k and 0 on the gradient heat map."""
    edges = stats.gradient_edges()
    positive = edges[stats.GRADIENT_ZERO_BIN + 1:]
    first_bin = stats.GRADIENT_ZERO_BIN + 1

    def position(value: float) -> float:
        # Bin k spans [k, k + 1) on the axis; interpolate within it on a log scale.
        return first_bin + float(np.interp(math.log10(value), np.log10(positive), np.arange(len(positive))))

    major, minor = [(stats.GRADIENT_ZERO_BIN + 0.5, "0")], []
    # Decades within a few bins of the zero bin would print on top of its "0".
    low = math.ceil(math.log10(positive[0])) + 2
    high = math.floor(math.log10(positive[-1]))
    for decade in range(low, high + 1):
        centre = stats.GRADIENT_ZERO_BIN + 0.5
        up = position(10.0 ** decade)
        down = 2 * centre - up
        label = f"1e{decade}" if decade not in (0, 1, 2) else f"{10 ** decade:g}"
        target = major if decade % 2 == 0 else minor
        target += [(up, label), (down, "-" + label)]
    return [major, minor]


class DistributionsPanel(Panel):
    panel_id = "distributions"
    placement = "tabbed"
    draws_history = True
    title = QT_TRANSLATE_NOOP("Panel", "Distributions")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>How each layer's numbers spread, over time</b> (like TensorBoard's distributions). "
        "Pick a layer. In each heat map, x is the training step, y a value, and the brightness "
        "how many of the layer's weights (top) or gradients (middle) have that value, on a "
        "logarithmic scale: black none, yellow very many.<br>"
        "<b>Weights</b>: watch them spread out from their starting distribution (zero for "
        "softmax regression, narrow noise for the CNN). A layer whose band never moves is not "
        "learning.<br>"
        "<b>Gradients</b>: the y axis is logarithmic on both sides of 0 (±1e-6, ±1e-4, ...), "
        "because gradients shrink by orders of magnitude. Every band drifting inwards together "
        "while the loss falls is convergence: the model has less left to correct. Bands jumping "
        "outwards mean <i>exploding gradients</i> (the loss spikes; lower the learning rate). "
        "The bright line at 0 counts gradients that are exactly zero: a weight gets none when its "
        "input is 0 for every image of the batch, or its unit passes nothing back for any of them. "
        "For softmax regression these are the border pixels that no digit of the batch touches "
        "(about 270 of the 784 pixels in a batch of 100, a third of W); in the CNN, mostly the fc1 "
        "and fc2 weights of units whose ReLU was 0 for the whole batch. It is not dropout: dropout "
        "drops a unit for one image at a time, for all 50 images of a batch only with probability "
        "2<sup>-50</sup>.<br>"
        "<b>Gradient norm</b> (bottom left): the length of each layer's gradient, log scale; its "
        "title gives the first layer's norm divided by the last layer's. <i>Vanishing gradients</i> "
        "means that ratio is orders of magnitude below 1: the first layers barely learn. For the "
        "tutorial CNN it stays near 1. Norms that fall while the loss falls are convergence, not "
        "vanishing; a sudden jump is exploding.<br>"
        "<b>Dead ReLUs</b> (CNN, bottom right): the share of conv1 and conv2 filters and fc1 "
        "units that output 0 for every one of the first 64 test images. A dead unit gets "
        "no gradient, so it stays dead; a share that climbs during training usually means the "
        "learning rate is too high.<br>"
        "<b>Saturated units</b> (sigmoid and tanh, same plot): the share of their outputs on those 64 images "
        "in the flat tails (sigmoid below 0.03 or above 0.97, tanh beyond ±0.97), where the slope is under "
        "a tenth of its peak. A sigmoid or tanh never outputs exactly 0, so it does not die: it saturates, "
        "and gradients through saturated units all but vanish. A sigmoid passes at most a quarter of the "
        "gradient even where it is not saturated (its steepest slope is 0.25), so a stack of them makes "
        "gradients vanish with hardly a unit saturated: measured here, three sigmoid convs (3×3, 8-16-16 "
        "filters, Adam 1e-3) kept conv1's gradient norm between 1/1000 and 1/150 of the last layer's over 600 "
        "steps with under 7 % of any layer's outputs saturated, and recognised only 12 % of the test digits "
        "by then; the same network with tanh reached 95 %, with ReLU 94 %.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ring: SnapshotRing | None = None
        self.layers: list[str] = []
        self.last_step: int | None = None
        self.parameter_counts: dict[str, int] = {}
        #: The activation layers in the statistics -> stats.DEAD or stats.SATURATED.
        self.activation_layers: dict[str, str] = {}
        self.norms = History(1)     # step, then one column per layer
        self.dead = History(1)      # step, then one column per activation layer (percent)
        #: What the heat maps show now: counts (bins, snapshots), before the log colour scale.
        self.shown_weight_counts = np.zeros((stats.WEIGHT_BINS, 0))
        self.shown_gradient_counts = np.zeros((stats.GRADIENT_BINS, 0))
        self.shown_weight_range = 1.0
        self.hover_text = ""
        #: The newest gradient norm of the first layer divided by the last layer's (None if unknown).
        self.gradient_ratio: float | None = None

        self.layer_combo = QComboBox()
        self.layer_combo.setToolTip(self.tr("Which layer's weights and gradients the heat maps show"))
        self.log_colours = QCheckBox(self.tr("Log colours"))
        self.log_colours.setChecked(True)
        self.log_colours.setToolTip(self.tr("Colour by log(1 + count), so that rare values show too; off: by "
                                            "the count itself, which shows the shape of the bulk better"))
        self.readout = QLabel(self.tr("Shown while a run trains (F5) or a recording is replayed: how "
                                      "each layer's weights and gradients spread, step by step"))
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel(self.tr("Layer")))
        controls.addWidget(self.layer_combo)
        controls.addWidget(self.log_colours)
        controls.addWidget(self.readout, 1)
        controls.addWidget(info_button(self.help_text, self))

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.ci.layout.setContentsMargins(2, 2, 2, 2)
        self.graphics.ci.layout.setSpacing(6)
        self.graphics.setMinimumSize(200, 200)
        self._make_heat_maps()
        self._make_line_plots()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(self.graphics, 1)

        self.layer_combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.log_colours.toggled.connect(lambda _: self.refresh())
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)

    # ------------------------------------------------------------- building
    def _heat_map(self, row: int, label: str) -> tuple[pg.PlotItem, pg.ImageItem, StepAxis]:
        axis = StepAxis("bottom")
        plot = self.graphics.addPlot(row=row, col=0, axisItems={"bottom": axis})
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setLabel("left", label)
        plot.getAxis("left").setWidth(52)
        plot.getAxis("left").enableAutoSIPrefix(False)
        image = pg.ImageItem(axisOrder="row-major")
        image.setColorMap(pg.colormap.get(SEQUENTIAL))
        plot.addItem(image)
        return plot, image, axis

    def _make_heat_maps(self) -> None:
        self.weight_plot, self.weight_image, self.weight_axis = self._heat_map(0, "weight")
        self.gradient_plot, self.gradient_image, self.gradient_axis = self._heat_map(1, "gradient")
        self.gradient_plot.setXLink(self.weight_plot)
        self.gradient_plot.getAxis("left").setTicks(gradient_axis_ticks())
        self.weight_colorbar = self._colour_bar(self.weight_image, row=0)
        self.gradient_colorbar = self._colour_bar(self.gradient_image, row=1)

    def _colour_bar(self, image: pg.ImageItem, row: int) -> pg.ColorBarItem:
        colorbar = pg.ColorBarItem(values=(0, 1), colorMap=pg.colormap.get(SEQUENTIAL), width=10,
                                   interactive=False, colorMapMenu=False)
        colorbar.setImageItem(image)
        colorbar.axis.setWidth(40)
        self.graphics.addItem(colorbar, row=row, col=1)
        return colorbar

    def _make_line_plots(self) -> None:
        # Beside the heat maps, not under them: the panel's default place is wide and short
        # (about 790 x 200 at 1366x768), where three rows left the heat maps a few pixels tall.
        lines = self.graphics.addLayout(row=0, col=2, rowspan=2)
        self.norm_plot = lines.addPlot(row=0, col=0, axisItems={"left": LogValueAxis("left")})
        self.norm_plot.setTitle(self.tr("gradient norm"), size="9pt")  # with the ratio once known (_show_ratio)
        self.norm_plot.setLabel("bottom", self.tr("step"))
        self.norm_plot.showGrid(x=True, y=True, alpha=0.15)
        self.norm_plot.getAxis("left").setWidth(52)
        self.norm_legend = self.norm_plot.addLegend(offset=(-4, 4), labelTextSize="7pt", verSpacing=-6,
                                                   brush=LEGEND_BRUSH)
        self.norm_curves: dict[str, pg.PlotDataItem] = {}
        self.dead_plot = lines.addPlot(row=1, col=0)
        self.dead_plot.setTitle(self.tr("dead ReLUs %"), size="9pt")
        self.dead_plot.setLabel("bottom", self.tr("step"))
        self.dead_plot.setYRange(0, 100, padding=0.02)
        self.dead_plot.showGrid(x=True, y=True, alpha=0.15)
        self.dead_plot.setMouseEnabled(y=False)
        self.dead_legend = self.dead_plot.addLegend(offset=(-4, 4), labelTextSize="7pt", verSpacing=-6,
                                                    brush=LEGEND_BRUSH)
        self.dead_curves: dict[str, pg.PlotDataItem] = {}
        self.graphics.ci.layout.setRowStretchFactor(0, 1)
        self.graphics.ci.layout.setRowStretchFactor(1, 1)
        self.graphics.ci.layout.setColumnStretchFactor(0, 3)
        self.graphics.ci.layout.setColumnStretchFactor(2, 2)
        # The heat maps share the step axis: the lower one's labels serve both.
        self.weight_plot.getAxis("bottom").setStyle(showValues=False)
        self.weight_plot.getAxis("bottom").setHeight(4)

    # ------------------------------------------------------------------ needs
    def parts(self, model: str) -> set[str]:
        return {stats.PART}

    @property
    def layer(self) -> str | None:
        return self.layer_combo.currentText() or None

    def set_layer(self, name: str) -> None:
        self.layer_combo.setCurrentText(name)

    # ----------------------------------------------------------------- events
    def on_run_started(self, event: ev.RunStarted) -> None:
        self._reset([])
        self.readout.setText(self.tr("waiting for the first snapshot"))

    def on_weights_shown(self, weights) -> None:
        """A history of training exists for a run and a recording only: for the shipped model or
        an opened checkpoint (or before anything is shown) the panel is empty and says why,
        rather than keep showing another run's history beside those weights."""
        if weights is not None and weights.origin in ("live", "replay"):
            return  # the run's history is handed over by the hub, a recording's by the replay
        self._reset([])
        self.refresh()
        if weights is not None and weights.origin == "checkpoint":
            self.readout.setText(self.tr("A checkpoint keeps no training history: train, or replay a "
                                         "recording, to see how the weights spread step by step"))
        else:
            self.readout.setText(self.tr("Shown while a run trains (F5) or a recording is replayed: how "
                                         "each layer's weights and gradients spread, step by step"))

    def on_snapshot(self, event: ev.Snapshot) -> None:
        if self._take_in(event.arrays):
            self.refresh()

    def on_snapshot_history(self, events: list[ev.Snapshot]) -> None:
        """Many snapshots at once, oldest first (a replayed recording up to the shown step):
        drawn once at the end."""
        if any([self._take_in(event.arrays) for event in events]):
            self.refresh()

    def _take_in(self, arrays) -> bool:
        """Add one set of statistics to the history; False if there was nothing new."""
        if "dist/step" not in arrays:
            return False
        step = int(arrays["dist/step"])
        if self.last_step is not None and step <= self.last_step:
            return False  # the same statistics again (or older ones)
        layers = stats.weight_layer_names(arrays)
        activations = stats.activation_measures(arrays)
        if layers != self.layers or (activations and activations != self.activation_layers):
            self._reset(layers, activations)
        self.last_step = step
        self.ring.append(step, arrays)
        self.parameter_counts = {name: int(arrays[f"dist/{name}/weight_counts"].sum()) for name in layers}
        self.norms.append([[step, *[float(arrays.get(f"dist/{name}/gradient_norm", np.nan)) for name in layers]]])
        if activations:
            self.dead.append([[step, *[100.0 * float(arrays[f"dist/{name}/{measure}"])
                                       for name, measure in self.activation_layers.items()]]])
        return True

    def _reset(self, layers: list[str], activations: dict[str, str] | None = None) -> None:
        previous = self.layer
        self.layers = list(layers)
        self.activation_layers = dict(activations or {})
        self.ring = SnapshotRing(layers) if layers else None
        self.last_step = None
        self.norms = History(1 + len(layers))
        self.dead = History(1 + len(self.activation_layers))
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItems(layers)
        if previous in layers:
            self.layer_combo.setCurrentText(previous)
        self.layer_combo.blockSignals(False)
        for curve in self.norm_curves.values():
            self.norm_plot.removeItem(curve)
            self.norm_legend.removeItem(curve)
        self.norm_curves = {}
        for name, colour in zip(layers, LAYER_COLOURS):  # created once per model, not per update
            curve = pg.PlotDataItem(pen=pg.mkPen(colour, width=2))
            self.norm_plot.addItem(curve)
            self.norm_legend.addItem(curve, name)
            self.norm_curves[name] = curve
        for curve in self.dead_curves.values():
            self.dead_plot.removeItem(curve)
            self.dead_legend.removeItem(curve)
        self.dead_curves = {}
        measures = set(self.activation_layers.values())
        for index, (name, measure) in enumerate(self.activation_layers.items()):
            curve = pg.PlotDataItem(pen=pg.mkPen(LAYER_COLOURS[index % len(LAYER_COLOURS)], width=2,
                                                 style=DASHED if measure == stats.SATURATED else SOLID))
            self.dead_plot.addItem(curve)
            self.dead_legend.addItem(curve, name if len(measures) == 1 else f"{name} {_measure_word(measure)}")
            self.dead_curves[name] = curve
        self.dead_plot.setTitle(
            self.tr("dead ReLUs %") if measures == {stats.DEAD} else
            self.tr("saturated units %") if measures == {stats.SATURATED} else
            self.tr("dead or saturated units %"), size="9pt")
        self.dead_plot.setVisible(bool(self.activation_layers))
        self.refresh()

    # ---------------------------------------------------------------- drawing
    def refresh(self) -> None:
        name = self.layer
        steps = self.ring.ordered_steps() if self.ring is not None else np.empty(0, dtype=np.int64)
        self.weight_axis.steps = self.gradient_axis.steps = steps
        columns = len(steps)
        if self.ring is None or name is None or not columns:
            self.shown_weight_counts = np.zeros((stats.WEIGHT_BINS, 0))
            self.shown_gradient_counts = np.zeros((stats.GRADIENT_BINS, 0))
            self.weight_image.clear()
            self.gradient_image.clear()
            for curve in (*self.norm_curves.values(), *self.dead_curves.values()):
                curve.setData([], [])
            return
        # Weights: value units, on the widest range among the kept snapshots.
        weights, value_range = self.ring.weights(name)
        self.shown_weight_counts, self.shown_weight_range = weights.T, value_range
        # Gradients: bin units on the axis (labelled ±10^k), zoomed to the bins in use.
        gradients = self.ring.gradients(name)
        self.shown_gradient_counts = gradients.T
        if self.log_colours.isChecked():
            # Fixed by the layer's size: a bin can hold at most every weight.
            top = math.log10(1 + max(1, self.parameter_counts.get(name, 1)))
            weight_levels = gradient_levels = (0.0, top)
            ticks = [[(math.log10(1 + 10 ** k), _count_label(10 ** k)) for k in range(int(top) + 1)]]
            weight_data, gradient_data = log_counts(weights.T), log_counts(gradients.T)
            colour = self.tr("colour: how many, log scale")
        else:
            weight_levels = (0.0, max(1.0, float(weights.max())))
            # The zero bin (exact zeros) would swamp the rest: it saturates instead.
            without_zero = np.delete(np.nan_to_num(gradients), stats.GRADIENT_ZERO_BIN, axis=1)
            gradient_levels = (0.0, max(1.0, float(without_zero.max())))
            ticks = None
            weight_data, gradient_data = weights.T, gradients.T
            colour = self.tr("colour: how many")
        self.weight_plot.setTitle(self.tr("{0} weights ({1})").format(name, colour), size="9pt")
        self.gradient_plot.setTitle(self.tr("{0} gradients (y: log scale on both sides of 0)").format(name), size="9pt")
        self.weight_image.setImage(weight_data, levels=weight_levels, autoLevels=False)
        self.weight_image.setRect(QRectF(-0.5, -value_range, columns, 2 * value_range))
        self.weight_plot.setYRange(-value_range, value_range, padding=0)
        self.gradient_image.setImage(gradient_data, levels=gradient_levels, autoLevels=False)
        self.gradient_image.setRect(QRectF(-0.5, 0, columns, stats.GRADIENT_BINS))
        used = np.flatnonzero(np.nan_to_num(gradients).sum(axis=0) > 0)
        if len(used):
            low = min(used[0], stats.GRADIENT_ZERO_BIN) - 2
            high = max(used[-1], stats.GRADIENT_ZERO_BIN) + 3
            self.gradient_plot.setYRange(max(low, 0), min(high, stats.GRADIENT_BINS), padding=0)
        else:
            self.gradient_plot.setYRange(stats.GRADIENT_ZERO_BIN - 20, stats.GRADIENT_ZERO_BIN + 21, padding=0)
        self.weight_plot.setXRange(-0.5, columns - 0.5, padding=0)
        for colorbar, levels in ((self.weight_colorbar, weight_levels), (self.gradient_colorbar, gradient_levels)):
            colorbar.setLevels(levels)
            colorbar.axis.setTicks(ticks)
        # Lines over the whole run.
        norm_steps = self.norms.column(0)
        for index, (layer, curve) in enumerate(self.norm_curves.items()):
            values = self.norms.column(1 + index)
            keep = np.isfinite(values) & (values > 0)
            curve.setData(norm_steps[keep], np.log10(values[keep]))  # on a LogValueAxis
            curve.setPen(pg.mkPen(LAYER_COLOURS[index % len(LAYER_COLOURS)], width=3 if layer == name else 1.5))
        for index, curve in enumerate(self.dead_curves.values()):
            curve.setData(self.dead.column(0), self.dead.column(1 + index))
        self._show_ratio()
        self.readout.setText(self._readout_text(name))

    def _show_ratio(self) -> None:
        """The gradient-norm plot's title: the first layer's norm ÷ the last layer's, now."""
        self.gradient_ratio = None
        if len(self.layers) >= 2 and len(self.norms):
            first, last = self.norms.rows[-1][1], self.norms.rows[-1][len(self.layers)]
            if math.isfinite(first) and math.isfinite(last) and last > 0:
                self.gradient_ratio = first / last
        if self.gradient_ratio is None:
            self.norm_plot.setTitle(self.tr("gradient norm"), size="9pt")
            return
        self.norm_plot.setTitle(self.tr("gradient norm · {0} ÷ {1} = {2}").format(
            self.layers[0], self.layers[-1], f"{self.gradient_ratio:.2g}"), size="9pt")

    def _readout_text(self, name: str) -> str:
        text = self.tr("{0}: {1:,} weights · step {2:,}").format(name, self.parameter_counts.get(name, 0), self.last_step)
        if len(self.norms):
            norm = self.norms.rows[-1][1 + self.layers.index(name)]
            if math.isfinite(norm):
                text += self.tr(" · gradient norm {0:.3g}").format(norm)
        if name in self.activation_layers and len(self.dead):
            column = 1 + list(self.activation_layers).index(name)
            text += (self.tr(" · {0:.1f} % saturated") if self.activation_layers[name] == stats.SATURATED
                     else self.tr(" · {0:.1f} % dead")).format(self.dead.rows[-1][column])
        return text

    # ------------------------------------------------------------------ hover
    def describe_point(self, kind: str, x: float, y: float) -> str:
        """What a heat-map pixel at view coordinates (x, y) means (empty if none)."""
        counts = self.shown_weight_counts if kind == WEIGHTS else self.shown_gradient_counts
        column = round(x)
        if not 0 <= column < counts.shape[1]:
            return ""
        step = int(self.weight_axis.steps[column])
        if kind == WEIGHTS:
            bins = counts.shape[0]
            width = 2 * self.shown_weight_range / bins
            row = math.floor((y + self.shown_weight_range) / width)
            if not 0 <= row < bins:
                return ""
            low = -self.shown_weight_range + row * width
            where = f"weights in [{low:.3g}, {low + width:.3g})"
        else:
            row = math.floor(y)
            if not 0 <= row < counts.shape[0]:
                return ""
            edges = stats.gradient_edges()
            if row == stats.GRADIENT_ZERO_BIN:
                where = f"gradients with |g| < {edges[row + 1]:.2g} (zero)"
            else:
                where = f"gradients in [{edges[row]:.3g}, {edges[row + 1]:.3g})"
        count = counts[row, column]
        if not math.isfinite(count):
            return f"step {step:,}: no gradients yet"
        return f"step {step:,} · {self.layer}: {int(count):,} {where}"

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        self.hover_text = ""
        for kind, plot in ((WEIGHTS, self.weight_plot), (GRADIENTS, self.gradient_plot)):
            if plot.vb.sceneBoundingRect().contains(scene_pos):
                point = plot.vb.mapSceneToView(scene_pos)
                self.hover_text = self.describe_point(kind, point.x(), point.y())
        self.graphics.setToolTip(self.hover_text)


def _measure_word(measure: str) -> str:
    return "saturated" if measure == stats.SATURATED else "dead"


def _count_label(count: int) -> str:
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if count >= size:
            return f"{count // size}{suffix}"
    return str(count)


PANEL = DistributionsPanel
