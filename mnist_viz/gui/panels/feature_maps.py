"""What one probe image does inside the network, layer by layer.

For the CNN: the input, the 32 conv1 maps (28x28), the 32 pool1 maps (14x14), the 64
conv2 maps (14x14), the 64 pool2 maps (7x7), the 1,024 fc1 units (drawn as 32x32), and
the output probabilities. For softmax regression (and any single-fc network): the input,
each class's evidence x_i * W[i, k] as an image, and the probabilities. For any other
architecture: every activation part of ``core.networks.activation_parts`` in order (conv,
pool, fc and the bn or activation layers that have a part of their own), each with its
switch: a map per channel, or a vector's units as one near-square tile; non-negative
layers (after a ReLU or sigmoid, and pools of them) black to yellow from 0, signed ones
blue-white-red around 0. The probe is picked here (a test image by number, a random one,
or the next one the model gets wrong) and asked for with ``probe_requested``; the
activations arrive with the snapshots.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox,
                               QVBoxLayout, QWidget)

import math

from ...core import events as ev
from ...core import mosaic as mosaic_rules
from ...core import networks
from ..widgets.info_button import info_button
from ..widgets.mosaic import DIVERGING, GAP_COLOUR, GREY, SEQUENTIAL, MosaicView, positive_levels, symmetric_levels
from .base import Panel

#: The CNN's hidden layers that can be switched off: name -> (tiles per row, what a tile is).
CNN_LAYERS = {
    "conv1": (8, "conv1 channel {k}: ReLU(conv 5×5) of the image, 28×28"),
    "pool1": (8, "pool1 channel {k}: 2×2 max-pool of conv1, 14×14"),
    "conv2": (8, "conv2 channel {k}: ReLU(conv 5×5 over 32 channels), 14×14"),
    "pool2": (8, "pool2 channel {k}: 2×2 max-pool of conv2, 7×7"),
    "fc1": (1, "fc1: the 1,024 ReLU units as 32×32 (unit = 32 × row + column)"),
}
#: Parts drawn beside the layers, not as layers of their own.
NOT_LAYERS = ("input", "probabilities", "evidence")
#: Layers whose outputs are never negative (and those that keep the sign of their input).
NON_NEGATIVE = ("relu", "sigmoid")
SIGN_KEEPING = ("maxpool", "avgpool", "dropout")
WINNER_BRUSH = pg.mkBrush(255, 150, 40)
OTHER_BRUSH = pg.mkBrush(90, 130, 190)
TRUE_PEN = pg.mkPen((255, 255, 255), width=2.5)


class ProbabilityChart(pg.PlotWidget):
    """Ten bars, the winner highlighted, the true digit (when known) outlined."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(80, 60)
        self.setBackground(GAP_COLOUR)  # as the mosaics beside it
        plot = self.getPlotItem()
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setXRange(-0.6, 9.6, padding=0)
        plot.setYRange(0, 1, padding=0.02)
        plot.getAxis("bottom").setTicks([[(digit, str(digit)) for digit in range(10)]])
        plot.getAxis("left").setTicks([[(0, "0"), (0.5, ".5"), (1, "1")]])
        plot.getAxis("left").setWidth(22)
        self.bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.75, brush=OTHER_BRUSH)
        plot.addItem(self.bars)
        self.probabilities = np.zeros(10)
        self.true_label: int | None = None
        self.summary = ""
        self.class_names: list[str] = [str(digit) for digit in range(10)]
        self._show_title()

    def set_class_names(self, names, short_names=None) -> None:
        """Name the bars: short names under them when they fit (digits, kana), else the class index."""
        self.class_names = [str(name) for name in names]
        short = [str(name) for name in (short_names or names)]
        ticks = short if max(len(name) for name in short) <= 3 else [str(k) for k in range(len(short))]
        self.getPlotItem().getAxis("bottom").setTicks([list(enumerate(ticks))])
        self.set_probabilities(self.probabilities, self.true_label)

    @property
    def winner(self) -> int | None:
        return int(np.argmax(self.probabilities)) if self.probabilities.any() else None

    def set_probabilities(self, probabilities: np.ndarray, true_label: int | None) -> None:
        self.probabilities = np.asarray(probabilities, dtype=np.float64)
        self.true_label = true_label
        winner = self.winner
        brushes = [WINNER_BRUSH if digit == winner else OTHER_BRUSH for digit in range(10)]
        pens = [TRUE_PEN if digit == true_label else pg.mkPen(None) for digit in range(10)]
        self.bars.setOpts(height=self.probabilities, brushes=brushes, pens=pens)
        names = self.class_names
        summary = (self.tr("predicted {0} ({1:.1f} %)").format(names[winner], 100 * self.probabilities[winner])
                   if winner is not None else "")
        if true_label is not None and winner is not None:
            summary += self.tr(" · true {0} {1}").format(names[true_label], "✓" if winner == true_label else "✗")
        self.summary = summary
        self.setToolTip(summary)
        self._show_title()

    def _show_title(self) -> None:
        # A title would squash the bars in a small dock, and a title wider than the chart
        # pushes the bars out of view; the panel's probe line says it too.
        small = self.height() < 110 or self.width() < 9 * len(self.summary or "probabilities")
        self.getPlotItem().setTitle(None if small else (self.summary or "probabilities"), size="9pt")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if hasattr(self, "summary"):  # Qt resizes once before __init__ has finished
            self._show_title()

    def clear_bars(self) -> None:
        self.set_probabilities(np.zeros(10), None)


def network_layers(model: str) -> dict[str, bool]:
    """The activation parts of ``model`` drawn as layers, in order -> whether they can be negative."""
    try:
        description = networks.describe(model)
    except ValueError:  # not a model identifier: nothing known
        return {}
    signed: dict[str, bool] = {}
    negative = False  # whether the current value can be negative (the image cannot)
    for info in description.layers:
        kind = info.layer.kind
        if kind in NON_NEGATIVE:
            negative = False
        elif kind not in SIGN_KEEPING:
            negative = True
        if info.part is not None and info.part not in NOT_LAYERS and kind != "dropout":
            signed[info.part] = negative  # the part shows the output of the last layer of its run
    return {part: signed[part] for part in description.activation_parts if part in signed}


def layer_tiles(values: np.ndarray) -> np.ndarray:
    """A layer's output as tiles: (C, h, w) maps as they are; N units as one near-square tile,
    row by row, the spare places NaN (drawn as the gap)."""
    values = np.asarray(values, dtype=np.float32)
    if values.ndim >= 2:
        return values.reshape(-1, *values.shape[-2:])
    count = values.size
    side = math.isqrt(count)
    if side * side == count:
        return values.reshape(1, side, side)
    width = side + 1
    padded = np.full(width * math.ceil(count / width), np.nan, dtype=np.float32)
    padded[:count] = values
    return padded.reshape(1, -1, width)


def layer_columns(name: str) -> int:
    """Tiles per row of a layer's maps: core.mosaic's rule for the part, else the tutorial's 8."""
    style = mosaic_rules.PARTS.get(name) or mosaic_rules.PARTS["conv1"]
    return style.columns


class FeatureMapsPanel(Panel):
    panel_id = "feature_maps"
    placement = "maps"
    #: It shows the newest evaluation only: a replay hands it just that one (gui.controllers.replay).
    newest_evaluation_only = True
    title = QT_TRANSLATE_NOOP("Panel", "Feature maps")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>What one image does inside the network.</b> Pick the probe: a test image by number, "
        "<i>Random</i>, or <i>Next misclassified</i> (after an evaluation). Or draw one.<br>"
        "<b>CNN</b>: every conv/pool tile is one channel's response to the image (black 0, "
        "yellow strong; ReLU makes everything ≥ 0). conv1 channels light up along edges and strokes "
        "of one orientation; pool1 is the same at half resolution; conv2 combines them into "
        "larger parts, pool2 shrinks again to 7×7; fc1's 1,024 units feed the output.<br>"
        "<b>Softmax</b>: the evidence images show each pixel's vote x·W[:, k] for each digit "
        "(red for, blue against); their sums (plus biases) go through softmax. A network that "
        "deskews first (the shipped softmax, deskew,fc-10) weighs the deskewed image, shown beside "
        "the input: x is that image.<br>"
        "Watch for: which channels stay dark for every image (dead units), how the winning "
        "probability grows during training, and what the misclassified images look like.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = "cnn"
        self.test_size = 10_000
        self.misclassified: np.ndarray | None = None
        self.rng = np.random.default_rng()
        self.probe_index: int | None = 0
        #: The test set (see set_test_set), to show a chosen probe's picture at once.
        self.test_images: np.ndarray | None = None
        self.test_labels: np.ndarray | None = None
        self._probe_from_snapshot = False  # what the views show came from the trainer
        self._weights_shown = False  # a model is shown: a chosen probe's activations are on their way
        #: The layer last chosen in another panel (the Network panel's blocks), marked ▶ here.
        self.chosen_layer: str | None = None

        # Probe choice.
        self.index_spin = QSpinBox()
        self.index_spin.setRange(0, self.test_size - 1)
        self.index_spin.setPrefix("test #")
        self.index_spin.setToolTip(self.tr("Number of the test image to look at"))
        self.random_button = QPushButton(self.tr("Random"))
        self.random_button.setToolTip(self.tr("A random test image"))
        self.misclassified_button = QPushButton(self.tr("Next misclassified"))
        self.misclassified_button.setEnabled(False)
        self.misclassified_button.setToolTip(self.tr("Available after the first evaluation on the test set"))
        self.probe_label = QLabel("")
        self.probe_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        probe_row = QHBoxLayout()
        probe_row.setContentsMargins(0, 0, 0, 0)
        probe_row.addWidget(self.index_spin)
        probe_row.addWidget(self.random_button)
        probe_row.addWidget(self.misclassified_button)
        probe_row.addWidget(self.probe_label, 1)
        probe_row.addWidget(info_button(self.help_text, self))

        # Which layers to show (hidden ones are not computed): a switch per layer of the network.
        self.layer_toggles: dict[str, QCheckBox] = {}
        #: Per layer of the network shown: whether its values can be negative (diverging colours).
        self.layer_signs: dict[str, bool] = {name: False for name in CNN_LAYERS}
        self.layers_row = QWidget()
        self.layers_layout = QHBoxLayout(self.layers_row)
        self.layers_layout.setContentsMargins(0, 0, 0, 0)
        self.layers_layout.addWidget(QLabel(self.tr("Show:")))
        self.layers_layout.addStretch(1)

        # The views, created once per network.
        self.input_view = MosaicView(self.tr("input"), colormap=GREY, columns=1, colorbar=False)
        # A single fc after deskew (the shipped softmax) weighs the deskewed image, not the input.
        self.deskew_view = MosaicView(self.tr("deskewed: the x of x · W"), colormap=GREY, columns=1,
                                      colorbar=False)
        self.layer_views: dict[str, MosaicView] = {}
        self.evidence_view = MosaicView(self.tr("evidence x · W[:, k] for each digit k"), colormap=DIVERGING, columns=5,
                                        label_band=6)
        self.probability_chart = ProbabilityChart()

        self.grid = grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        grid.addWidget(self.input_view, 0, 0, 1, 2)
        grid.addWidget(self.deskew_view, 0, 2, 1, 2)
        grid.addWidget(self.probability_chart, 0, 4, 1, 2)
        grid.addWidget(self.evidence_view, 1, 0, 2, 6)
        for column in range(6):
            grid.setColumnStretch(column, 1)
        self._set_layers(self.layer_signs)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(probe_row)
        layout.addWidget(self.layers_row)
        layout.addLayout(grid, 1)

        self.index_spin.valueChanged.connect(self.request_probe)
        self.random_button.clicked.connect(self.random_probe)
        self.misclassified_button.clicked.connect(self.next_misclassified)
        self._set_model("cnn")

    # ------------------------------------------------------------------ needs
    def visible_layers(self) -> list[str]:
        return [name for name, toggle in self.layer_toggles.items() if toggle.isChecked()]

    def parts(self, model: str) -> set[str]:
        """The input, the probabilities, and the evidence (a single-fc network) or every layer
        switched on (a layer of a network not shown yet counts as on)."""
        try:
            names = networks.activation_parts(model)
        except ValueError:
            return set()
        if "evidence" in names:
            return {"input", "evidence", "probabilities", *({"deskew"} & set(names))}
        wanted = [name for name in names if name not in NOT_LAYERS]
        switched_off = {name for name, toggle in self.layer_toggles.items() if not toggle.isChecked()}
        return {"input", "probabilities", *(name for name in wanted if name not in switched_off)}

    def _on_layers_toggled(self) -> None:
        self._update_visibility()
        self.parts_changed.emit()

    @property
    def single_fc(self) -> bool:
        """Softmax regression or another single-fc network: evidence images instead of layers."""
        return self._has_part("evidence")

    def _has_part(self, part: str) -> bool:
        try:
            return part in networks.activation_parts(self.model)
        except ValueError:
            return False

    def _set_model(self, model: str) -> None:
        self.model = model
        if model == "cnn":
            self._set_layers({name: False for name in CNN_LAYERS})
        elif model != "softmax":
            layers = network_layers(model)
            if layers or not self.single_fc:
                self._set_layers(layers)
        self._update_visibility()

    def _set_layers(self, signs: dict[str, bool]) -> None:
        """A view and a switch for each of these layers (made once per network), in order."""
        if list(signs) == list(self.layer_views) and signs == self.layer_signs:
            return
        for name in list(self.layer_views):
            view, toggle = self.layer_views.pop(name), self.layer_toggles.pop(name)
            self.grid.removeWidget(view)
            view.setParent(None)
            view.deleteLater()
            self.layers_layout.removeWidget(toggle)
            toggle.setParent(None)
            toggle.deleteLater()
        self.layer_signs = dict(signs)
        for name, signed in signs.items():
            self.layer_views[name] = MosaicView(name, colormap=DIVERGING if signed else SEQUENTIAL,
                                                columns=CNN_LAYERS[name][0] if name in CNN_LAYERS and
                                                list(signs) == list(CNN_LAYERS) else layer_columns(name))
            toggle = QCheckBox(name)
            toggle.setChecked(True)
            toggle.toggled.connect(self._on_layers_toggled)
            self.layers_layout.insertWidget(self.layers_layout.count() - 1, toggle)
            self.layer_toggles[name] = toggle
        tutorial = list(signs) == list(CNN_LAYERS)
        if tutorial:  # the tutorial CNN's own arrangement
            places = {"fc1": (0, 2, 1, 2), "conv1": (1, 0, 1, 3), "pool1": (1, 3, 1, 3),
                      "conv2": (2, 0, 1, 3), "pool2": (2, 3, 1, 3)}
        else:  # two layers a row, in order, under the input and the probabilities
            places = {name: (1 + index // 2, 3 * (index % 2), 1, 3) for index, name in enumerate(signs)}
        for name, place in places.items():
            self.grid.addWidget(self.layer_views[name], *place)
        rows = 3 if tutorial else 1 + math.ceil(len(signs) / 2)
        for row in range(max(rows, self.grid.rowCount())):
            self.grid.setRowStretch(row, 3 if row < rows else 0)

    def _update_visibility(self) -> None:
        layered = not self.single_fc and self.model != "softmax"
        has_fc1_beside = "fc1" in self.layer_views and list(self.layer_views) == list(CNN_LAYERS)
        deskewed = not layered and self._has_part("deskew")
        self.deskew_view.setVisible(deskewed)
        # Without the tutorial's fc1 (or the deskewed image) beside the input, the probabilities take its place.
        wide = not (layered and has_fc1_beside) and not deskewed
        self.grid.addWidget(self.probability_chart, 0, 2 if wide else 4, 1, 4 if wide else 2)
        self.layers_row.setVisible(layered)
        self.evidence_view.setVisible(not layered)
        for name, view in self.layer_views.items():
            view.setVisible(layered and self.layer_toggles[name].isChecked())

    def on_layer_chosen(self, part: str) -> None:
        """Show layer ``part`` (switched on if it was off) and mark its title with ▶."""
        views = {"input": self.input_view, **self.layer_views}
        if part not in views and part != "probabilities":
            return
        toggle = self.layer_toggles.get(part)
        if toggle is not None and not toggle.isChecked():
            toggle.setChecked(True)  # its maps are asked for (parts_changed) and drawn when they come
        self.chosen_layer = part
        for name, view in views.items():
            view.set_title(f"▶ {name}" if name == part else name)

    # ------------------------------------------------------------------ probe
    def request_probe(self, index: int) -> None:
        """Ask for test image ``index`` as the probe (and show its number)."""
        index = int(index) % max(1, self.test_size)
        self.probe_index = index
        self.index_spin.blockSignals(True)
        self.index_spin.setValue(index)
        self.index_spin.blockSignals(False)
        # What the views show belongs to the previous probe: cleared until the new one's arrive,
        # so that an image is never shown beside another image's activations.
        self._clear_activations()
        self._probe_from_snapshot = False
        self._show_test_probe()
        self.probe_requested.emit(index)

    def _clear_activations(self) -> None:
        for view in (self.evidence_view, self.deskew_view, *self.layer_views.values()):
            view.clear()
        self.probability_chart.clear_bars()

    def on_weights_shown(self, weights) -> None:
        if weights is not None and weights.model != self.model:
            self._set_model(weights.model)
        self._weights_shown = weights is not None and weights.origin != "replay"
        if not self._probe_from_snapshot:
            self._show_test_probe()

    def set_test_set(self, images_uint8: np.ndarray, labels: np.ndarray) -> None:
        """The test images (N, 28, 28) uint8 and labels: the chosen probe is shown at once,
        before any training too; its activations follow with the next snapshot."""
        self.test_images = np.asarray(images_uint8)
        self.test_labels = np.asarray(labels).reshape(-1)
        self.test_size = max(1, len(self.test_images))
        self.index_spin.blockSignals(True)
        self.index_spin.setRange(0, self.test_size - 1)
        self.index_spin.blockSignals(False)
        self._show_test_probe()

    def _show_test_probe(self) -> None:
        index = self.probe_index
        if self.test_images is None or index is None or not 0 <= index < len(self.test_images):
            return
        self.input_view.set_tiles(self.test_images[index].astype(np.float32) / 255.0, levels=(0.0, 1.0),
                                  describe=lambda k: "input image (0 = black, 1 = ink)")
        if not self._probe_from_snapshot:  # nothing computed for it yet: say what it is
            label = int(self.test_labels[index])
            name = self.class_names[label] if label < len(self.class_names) else str(label)
            self.probe_label.setText(
                self.tr("test #{0}, labelled {1}: computing…").format(index, name) if self._weights_shown else
                self.tr("test #{0}, labelled {1}: its activations appear once training runs").format(index, name))
            self.probe_label.setToolTip(self.probe_label.text())

    def random_probe(self) -> None:
        self.request_probe(int(self.rng.integers(self.test_size)))

    def next_misclassified(self) -> None:
        """The next test image (by number, wrapping round) that the last evaluation got wrong."""
        if self.misclassified is None or not len(self.misclassified):
            return
        current = self.index_spin.value()
        later = self.misclassified[self.misclassified > current]
        self.request_probe(int(later[0] if len(later) else self.misclassified[0]))

    def set_class_names(self, names, short_names=None, dataset: str = "mnist") -> None:
        super().set_class_names(names, short_names, dataset)
        self.probability_chart.set_class_names(self.class_names, self.short_class_names)
        self.evidence_view.set_title(self.tr("evidence x · W[:, k] for each digit k") if dataset == "mnist"
                                     else self.tr("evidence x · W[:, k] for each class k"))

    # ------------------------------------------------------------------ events
    def on_model_selected(self, model: str) -> None:
        self._set_model(model)

    def on_run_started(self, event: ev.RunStarted) -> None:
        self.test_size = max(1, event.test_size)
        self.index_spin.setRange(0, self.test_size - 1)
        self.misclassified = None
        self.misclassified_button.setEnabled(False)
        self.misclassified_button.setToolTip(self.tr("Available after the first evaluation on the test set"))
        self.probe_label.setText("")
        for view in (self.input_view, self.evidence_view, self.deskew_view, *self.layer_views.values()):
            view.clear()
        self.probability_chart.clear_bars()
        self._set_model(event.model)
        self._probe_from_snapshot = False
        self._show_test_probe()

    def on_evaluated(self, event: ev.Evaluated) -> None:
        if event.misclassified is None:
            return
        self.misclassified = np.sort(np.asarray(event.misclassified, dtype=np.int64))
        count = len(self.misclassified)
        self.misclassified_button.setEnabled(count > 0)
        self.misclassified_button.setToolTip(
            self.tr("{0:,} test images were misclassified at step {1:,}").format(count, event.step)
            if count else self.tr("No test image is misclassified"))

    def on_snapshot(self, event: ev.Snapshot) -> None:
        arrays = event.arrays
        if "evidence" in arrays and not self.single_fc:
            self._set_model("softmax")
        elif "conv1" in arrays and self.model == "softmax":
            self._set_model("cnn")
        if "input" in arrays:
            self.input_view.set_tiles(arrays["input"], levels=(0.0, 1.0),
                                      describe=lambda k: "input image (0 = black, 1 = ink)")
        tutorial = list(self.layer_views) == list(CNN_LAYERS)
        for name, view in self.layer_views.items():
            if name not in arrays:
                continue
            values = np.asarray(arrays[name])
            tiles = layer_tiles(values)
            if tutorial:
                what = CNN_LAYERS[name][1]
            elif values.ndim >= 2:
                what = f"{name} channel {{k}} of {len(tiles)}, {values.shape[-2]}×{values.shape[-1]}"
            else:
                what = (f"{name}: its {values.size:,} units as {tiles.shape[1]}×{tiles.shape[2]} "
                        f"(unit = {tiles.shape[2]} × row + column)")
            signed = self.layer_signs.get(name, False)
            view.set_tiles(tiles, levels=symmetric_levels(tiles) if signed else positive_levels(tiles),
                           describe=lambda k, what=what: what.format(k=k))
        if "deskew" in arrays and self.single_fc:
            self.deskew_view.set_tiles(arrays["deskew"], levels=(0.0, 1.0),
                                       describe=lambda k: "the input deskewed: straightened, sized and centred")
        if "evidence" in arrays:
            evidence = arrays["evidence"]
            sums = evidence.reshape(len(evidence), -1).sum(axis=1)
            self.evidence_view.set_tiles(evidence, levels=symmetric_levels(evidence),
                                         labels=list(self.short_class_names[:len(evidence)]),
                                         describe=lambda k: f"evidence for {self.class_names[k]}: "
                                                            f"x · W[:, {k}], sum {sums[k]:.3g}")
        if "probabilities" in arrays:
            self.probability_chart.set_probabilities(arrays["probabilities"], event.probe_label)
        if "input" in arrays or "probabilities" in arrays:
            self._probe_from_snapshot = True
            if event.probe_index is not None:
                what = self.tr("test #{0}").format(event.probe_index)
            elif event.probe_label is not None:  # a training image, as trained on (the Data panel)
                what = self.tr("an image of class {0}").format(event.probe_label)
            else:
                what = self.tr("a drawn image")
            predicted = self.probability_chart.summary if "probabilities" in arrays else ""
            self.probe_label.setText(f"{what}: {predicted}" if predicted else what)
            self.probe_label.setToolTip(self.probe_label.text())
            # The number box follows a probe chosen elsewhere (the confusion gallery, the embedding,
            # a replayed recording), without asking for it again.
            if event.probe_index is not None and self.index_spin.value() != event.probe_index \
                    and 0 <= event.probe_index <= self.index_spin.maximum():
                with QSignalBlocker(self.index_spin):
                    self.index_spin.setValue(event.probe_index)


PANEL = FeatureMapsPanel
