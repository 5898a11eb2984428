"""What each unit looks for: the units panel.

Pick a layer (a convolution layer's channel, a hidden fully connected unit, or an output
class; for softmax regression only the classes) and a unit, and see:

* the 9 test images that excite it most (the largest activation over the test set; for a
  convolution channel the largest over its map), each with the part of the image that
  position sees, its receptive field, outlined (conv1 sees 5x5 pixels, conv2 14x14, a fully
  connected unit the whole image);
* activation maximisation: the input the unit likes best, optimised from noise in 256
  steps (jitter, blur, L2 and total-variation penalties: :func:`mnist_viz.core.units.maximise`),
  shown as it forms, with its activation beside the mean test image's.

The layers offered come from the model (``core.units.unit_layers``, asked in a worker).
Nothing is computed until asked: the Find button, or a change of layer or unit while the
panel is on screen. The work runs off the GUI thread, one job at a time; a newer request
stops the one in flight at its next frame (:mod:`mnist_viz.gui.widgets.insight`). The
layer's maxima over the test set are kept for the weights they were computed for, so
another unit of the same layer shows its images at once.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QComboBox, QGraphicsRectItem, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)
from superqt.utils import create_worker, qdebounced

from ...core import events as ev
from ..widgets.evidence_view import grey_image_item
from ..widgets.insight import FrameResult, ProgressResult, TopResult, UnitsCache, unit_layers_of, unit_steps
from ..widgets.labels import wrapping_label
from ..widgets.mosaic import GAP_COLOUR
from ..widgets.prediction_runner import PredictionRunner
from .base import Panel

TOP_COUNT = 9
SIDE = 28
GAP = 2
BAND = 7  # room above each top image for its number
CELL = SIDE + GAP  # a top image's width in the 3x3 grid, gap included
ROW = SIDE + BAND  # and its height, with the band for its number
FIELD_PEN = pg.mkPen("#ffcc00", width=2)
LABEL_ROOM_PX = 56  # a cell at least this wide on screen shows its image's number
LABEL_FONT = QFont()
LABEL_FONT.setPointSize(7)
MAXIMISE_STEPS = 256
CHANGE_DEBOUNCE_MS = 250

#: How each kind of layer is named in the layer box (translated where shown, context "UnitsPanel").
KIND_NAMES = {"conv": QT_TRANSLATE_NOOP("UnitsPanel", "{0} (conv channel)"),
              "fc": QT_TRANSLATE_NOOP("UnitsPanel", "{0} (fc unit)"),
              "output": QT_TRANSLATE_NOOP("UnitsPanel", "output (class)")}


class UnitsPanel(Panel):
    panel_id = "units"
    title = QT_TRANSLATE_NOOP("Panel", "Units")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>What each unit looks for.</b> Choose a layer and a unit: a channel of a convolution layer, "
        "a unit of the hidden fully connected layer, or an output class.<br>"
        "<b>Top 9</b>: the test images that excite the unit most. For a convolution channel the yellow "
        "box is the part of the image the most excited position sees (its receptive field: 5×5 pixels "
        "for conv1, 14×14 for conv2); fully connected units see the whole image.<br>"
        "<b>Its favourite input</b>: an image optimised from noise, step by step, to excite the unit as "
        "much as possible (activation maximisation, with jitter, blur and penalties that keep it smooth). "
        "Compare its activation with that of the mean test image.<br>"
        "Computed when asked (<i>Find</i>, or a change of unit): the top images pass the whole test set "
        "through the network (3 to 13 s for the CNN's conv2 on a 2-core machine), the image takes 256 optimisation "
        "steps.")
    placement = "tabbed"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weights = None
        self.layers: list = []                  # widgets.insight.LayerInfo of the model shown
        self.top: TopResult | None = None       # the top images shown
        self.frame: FrameResult | None = None   # the newest maximisation frame shown
        self._images: np.ndarray | None = None
        self._version = 0                       # bumped whenever the weights shown may have changed
        self._shown_version: int | None = None
        self._live_step: int | None = None
        self._layers_for: str | None = None
        self._cache = UnitsCache()

        self.layer_combo = QComboBox()
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer_combo.setToolTip(self.tr("The layer whose unit is shown"))
        self.unit_spin = QSpinBox()
        self.unit_spin.setToolTip(self.tr("The unit (a channel, a unit or a class) of that layer"))
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.setToolTip(self.tr("Find the unit's top test images and optimise its favourite input"))
        self.status_label = wrapping_label(grey=True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Layer")))
        row.addWidget(self.layer_combo)
        row.addWidget(QLabel(self.tr("Unit")))
        row.addWidget(self.unit_spin)
        row.addWidget(self.find_button)
        row.addStretch(1)

        # the nine top images, each with its receptive field, in one view (they scale together)
        self.grid = pg.GraphicsLayoutWidget()
        self.grid.setBackground(GAP_COLOUR)
        self.grid_title = self.grid.addLabel(self.tr("top 9 test images"), row=0, col=0, size="9pt")
        self.grid_view = self.grid.addViewBox(row=1, col=0, lockAspect=True, enableMouse=False, invertY=True)
        self.grid_view.setMenuEnabled(False)
        self.grid_view.setRange(xRange=(0, 3 * CELL - GAP), yRange=(0, 3 * ROW), padding=0.01)
        self.grid_view.disableAutoRange()
        self.grid_view.sigResized.connect(lambda _view: self._fit_labels())
        self.top_items, self.field_items, self.top_labels = [], [], []
        for k in range(TOP_COUNT):
            row_, column = divmod(k, 3)
            item = grey_image_item()
            item.setPos(column * CELL, row_ * ROW + BAND)
            field = QGraphicsRectItem()
            field.setPen(FIELD_PEN)
            field.setPos(column * CELL, row_ * ROW + BAND)
            field.setVisible(False)
            label = pg.TextItem("", color="#dddddd", anchor=(0, 1))
            label.setFont(LABEL_FONT)
            label.setPos(column * CELL, row_ * ROW + BAND)
            for part in (item, field, label):
                self.grid_view.addItem(part)
            self.top_items.append(item)
            self.field_items.append(field)
            self.top_labels.append(label)

        # the favourite input, as it forms
        self.best = pg.GraphicsLayoutWidget()
        self.best.setBackground(GAP_COLOUR)
        self.best_title = self.best.addLabel(self.tr("its favourite input"), row=0, col=0, size="9pt")
        self.best_view = self.best.addViewBox(row=1, col=0, lockAspect=True, enableMouse=False, invertY=True)
        self.best_view.setMenuEnabled(False)
        self.best_view.setRange(xRange=(0, SIDE), yRange=(0, SIDE), padding=0.02)
        self.best_view.disableAutoRange()
        self.best_item = grey_image_item()
        self.best_view.addItem(self.best_item)
        self.best_caption = wrapping_label()
        best_side = QVBoxLayout()
        best_side.setContentsMargins(0, 0, 0, 0)
        best_side.addWidget(self.best, 1)
        best_side.addWidget(self.best_caption)

        self.values_label = wrapping_label()
        grid_side = QVBoxLayout()
        grid_side.setContentsMargins(0, 0, 0, 0)
        grid_side.addWidget(self.grid, 1)
        grid_side.addWidget(self.values_label)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(grid_side, 3)
        body.addLayout(best_side, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        layout.addLayout(body, 1)

        self._runner = PredictionRunner(self._next_job, self)
        self._runner.yielded.connect(self._show_result)
        self._runner.errored.connect(lambda error: self._say(self.tr("The unit could not be shown: {0}").format(error)))
        self._changed = qdebounced(self._on_choice_changed, timeout=CHANGE_DEBOUNCE_MS, parent=self)
        self.find_button.clicked.connect(self.find)
        self.layer_combo.currentIndexChanged.connect(self._on_layer_changed)
        self.unit_spin.valueChanged.connect(lambda _value: self._changed())
        self._enable(False)
        self._describe()

    # ------------------------------------------------------------ state in
    def set_test_set(self, images_uint8, labels) -> None:
        self._images = np.asarray(images_uint8)
        self._version += 1
        self._describe()

    def on_weights_shown(self, weights) -> None:
        self.weights = weights
        self._version += 1
        if weights is not None and weights.origin == "live" and not weights.frozen:
            self._live_step = weights.step
        if weights is not None and weights.computable and weights.model != self._layers_for:
            self._ask_layers(weights)
        self._enable(weights is not None and weights.computable and bool(self.layers)
                     and weights.model == self._layers_for)
        self._describe()

    def on_run_started(self, event: ev.RunStarted) -> None:
        self._live_step = event.step

    def on_evaluated(self, event: ev.Evaluated) -> None:
        if self.weights is not None and self.weights.origin == "live" and not self.weights.frozen:
            self._live_step = event.step
            self._version += 1  # the run's weights have moved on: the kept maxima are stale
            self._describe()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop computing (a slice of the test set or a frame ends first) and wait for the worker."""
        self._changed.cancel()
        return self._runner.stop(timeout_ms)

    @property
    def busy(self) -> bool:
        """True while the top images or the maximisation are being computed."""
        return self._runner.busy

    # -------------------------------------------------------------- layers
    def _ask_layers(self, weights) -> None:
        model = weights.model
        worker = create_worker(unit_layers_of, weights, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(lambda layers: self._set_layers(model, layers))
        worker.errored.connect(lambda error: self._say(self.tr("The layers could not be listed: {0}").format(error)))
        worker.start()

    def _set_layers(self, model: str, layers: list) -> None:
        if self.weights is None or self.weights.model != model:
            return  # another model was chosen meanwhile
        chosen = self.layer_combo.currentData()
        self.layers, self._layers_for = list(layers), model
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for layer in self.layers:
            text = QCoreApplication.translate("UnitsPanel", KIND_NAMES[layer.kind]).format(layer.name)
            self.layer_combo.addItem(text, layer.name)
        index = self.layer_combo.findData(chosen)
        self.layer_combo.setCurrentIndex(index if index >= 0 else 0)
        self.layer_combo.blockSignals(False)
        self._fit_unit_range()
        self._enable(self.weights.computable)
        self._describe()

    def _fit_unit_range(self) -> None:
        layer = self.current_layer()
        self.unit_spin.blockSignals(True)
        self.unit_spin.setRange(0, max(0, (layer.units if layer else 1) - 1))
        self.unit_spin.blockSignals(False)

    def current_layer(self):
        name = self.layer_combo.currentData()
        return next((layer for layer in self.layers if layer.name == name), None)

    def choose(self, layer: str, unit: int) -> None:
        """Choose ``layer`` and ``unit`` as a user would in the boxes (a change computes when shown)."""
        index = self.layer_combo.findData(layer)
        if index < 0:
            raise ValueError(f"no layer {layer!r} here; the layers are "
                             f"{', '.join(info.name for info in self.layers) or 'not known yet'}")
        self.layer_combo.setCurrentIndex(index)
        self.unit_spin.setValue(int(unit))
        self._changed()

    def _on_layer_changed(self, _index: int) -> None:
        self._fit_unit_range()
        self._changed()

    def _on_choice_changed(self) -> None:
        if self.isVisible():
            self.find()

    def _enable(self, enabled: bool) -> None:
        for widget in (self.layer_combo, self.unit_spin, self.find_button):
            widget.setEnabled(enabled)

    # ----------------------------------------------------------- computing
    def find(self) -> None:
        """Find the chosen unit's top images, then optimise its favourite input (off the GUI thread)."""
        self._changed.cancel()
        self._runner.start()
        self._describe()

    def _next_job(self) -> tuple | None:
        weights, layer = self.weights, self.current_layer()
        if (weights is None or not weights.computable or self._images is None or layer is None
                or weights.model != self._layers_for):
            return None
        step = self._live_step if weights.origin == "live" and not weights.frozen else None
        return (unit_steps, weights, self._images, layer.name, int(self.unit_spin.value()), self._version,
                self._cache, step, MAXIMISE_STEPS)

    # ------------------------------------------------------------- drawing
    def _show_result(self, result) -> None:
        if isinstance(result, ProgressResult):
            self._say(self.tr("Finding the top images of {0} unit {1}: {2:,} of {3:,} test images…").format(
                result.layer, result.unit, result.done, result.total))
        elif isinstance(result, TopResult):
            self._show_top(result)
        else:
            self._show_frame(result)

    def _show_top(self, result: TopResult) -> None:
        if result.top is None:
            self._say(self.tr("Not shown: {0}").format(result.error))
            return
        self.top, self.frame = result, None
        self._shown_version = self._version
        top = result.top
        for k in range(TOP_COUNT):
            item, field, label = self.top_items[k], self.field_items[k], self.top_labels[k]
            if k >= len(top.indices):
                item.clear()
                field.setVisible(False)
                label.setText("")
                continue
            index = int(top.indices[k])
            item.setImage(self._images[index].astype(np.float32) / 255.0, levels=(0.0, 1.0))
            top_, left, bottom, right = top.boxes[k]
            field.setRect(QRectF(left, top_, right - left + 1, bottom - top_ + 1))
            field.setVisible(top.positions is not None)  # a fully connected unit sees the whole image
            label.setText(self.tr("#{0}").format(index))
        self.values_label.setText(self.tr("best first, test image and its largest activation: {0}").format(
            ", ".join(f"#{int(index)} {float(value):.2f}" for index, value in zip(top.indices, top.values))))
        self._fit_labels()
        self.best_item.clear()
        self.best_caption.setText("")
        self._describe(busy=True)  # the maximisation follows

    def _fit_labels(self) -> None:
        """The numbers over the images only where a cell is wide enough on screen to hold one."""
        pixel_width = self.grid_view.viewPixelSize()[0]
        roomy = pixel_width > 0 and CELL / pixel_width >= LABEL_ROOM_PX
        for label in self.top_labels:
            label.setVisible(roomy and bool(label.toPlainText()))

    def _show_frame(self, result: FrameResult) -> None:
        if self.top is None or (result.layer, result.unit) != (self.top.layer, self.top.unit):
            return
        self.frame = result
        frame = result.frame
        self.best_item.setImage(frame.image, levels=(0.0, 1.0))
        baseline = result.baseline
        text = self.tr("step {0} of {1}: activation {2:.2f}; the mean test image: {3:.2f}").format(
            frame.step, MAXIMISE_STEPS, frame.activation, baseline)
        if baseline > 0:
            text += " " + self.tr("({0:.1f}×)").format(frame.activation / baseline)
        if frame.done:
            text += " " + self.tr("· done in {0:.1f} s").format(frame.seconds)
        self.best_caption.setText(text)
        if frame.done:
            self._describe(busy=self._runner.pending)  # this job is over; a follow-up may wait

    def _describe(self, busy: bool | None = None) -> None:
        busy = self._runner.busy if busy is None else busy
        cost = self.tr("Computed when asked (Find, or a change of unit).")
        self.status_label.setToolTip(self.tr(
            "The top images pass the whole test set through the network up to the layer (3 to 13 s for the "
            "CNN's conv2 on a 2-core machine, depending on its load; another unit of the same layer is then "
            "free); the favourite input takes 256 optimisation steps (1 to 5 s)."))
        weights = self.weights
        if weights is not None and not weights.computable:
            self._say(self.needs_all_weights_text(weights))
            return
        if self._images is None:
            self._say(self.tr("Waiting for the test set to load…"))
            return
        if weights is None:
            self._say(self.tr("No weights to show yet: train a model, or choose the shipped one."))
            return
        if self.top is None:
            self._say((self.tr("Computing…") + " " if busy else "") + cost)
            return
        step = self.top.step
        where = self.tr("step {0}").format(step) if step is not None else self.tr("shipped")
        text = self.tr("{0} unit {1} at {2}, top images found in {3:.1f} s.").format(
            self.top.layer, self.top.unit, where, self.top.seconds)
        if self._shown_version != self._version:
            text += " " + self.tr("The weights have changed since: Find again to update.")
        if busy:
            text += " " + self.tr("Optimising…")
        self._say(text + " " + cost)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)


PANEL = UnitsPanel
