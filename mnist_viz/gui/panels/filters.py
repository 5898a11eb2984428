"""The CNN's convolution filters: conv1's 32 5x5 kernels and conv2's 64 x 32 of them.

conv1 looks at the image itself, so its kernels can be read as little pictures (edge and
stroke detectors). conv2 has one 5x5 kernel per (output filter, input channel) pair: shown
either for one input channel at a time (64 kernels) or all 2,048 at once, one row per
input channel and one column per output filter. Colours are shared per layer (symmetric
around zero) unless each tile is normalised on its own.

For watching the filters evolve (issue 17): *Show change since step 0* draws each weight
minus its value in the first snapshot the panel received after the run started (step 0,
or the step named in the title); *Auto range* unticked fixes each layer's colour range,
so that colours mean the same values from frame to frame, live and in a replay; a line
under the controls counts conv1's distinct filters (``core.experiments.filter_diversity``)
and gives their structure (``core.filter_structure.neighbour_correlation``: about 0 for
noise, near 1 for smooth filters), of the filters and of their change; *Capture* keeps
conv1's mosaic as it is drawn now, with its step, in a filmstrip under the mosaics.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ...core import events as ev
from ...core.config import Network
from ...core.filter_structure import neighbour_correlation
from ..widgets.info_button import info_button
from ..widgets.mosaic import DIVERGING, MosaicView, symmetric_levels
from .base import Panel

CONV2_ONE_CHANNEL, CONV2_ALL = 0, 1
LAYERS = ("conv1", "conv2")


def normalise_tiles(tiles: np.ndarray) -> np.ndarray:
    """Each tile divided by its own max |value| (all-zero tiles stay zero)."""
    peak = np.abs(tiles).reshape(len(tiles), -1).max(axis=1)
    peak[peak == 0] = 1.0
    return tiles / peak[:, None, None]


class RangeBox(QDoubleSpinBox):
    """A colour range: ``± 0.2`` or ``± 0.00985`` (three significant digits, however small)."""

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt's name)
        return f"{value:.3g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text.replace("±", "").strip())
        except ValueError:
            return self.value()


def _range_box(tooltip: str) -> QDoubleSpinBox:
    box = RangeBox()
    box.setPrefix("± ")
    box.setDecimals(6)  # a change since step 0 can be 1e-3 of the weights
    box.setRange(0.000001, 100.0)
    box.setSingleStep(0.001)
    box.setValue(0.2)
    box.setEnabled(False)
    box.setToolTip(tooltip)
    return box


class Filmstrip(QScrollArea):
    """A row of captured pictures of a mosaic, each with its caption (the step), oldest first."""

    THUMBNAIL_HEIGHT = 96

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frames: list[str] = []  # the captions, oldest first
        self.strip = QWidget()
        self.row = QHBoxLayout(self.strip)
        self.row.setContentsMargins(2, 2, 2, 2)
        self.row.addStretch(1)
        self.setWidget(self.strip)
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll_bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self.setFixedHeight(self.THUMBNAIL_HEIGHT + 2 * self.fontMetrics().height() + scroll_bar + 16)

    def add(self, picture, caption: str) -> None:
        frame = QLabel()
        frame.setPixmap(picture.scaledToHeight(self.THUMBNAIL_HEIGHT, Qt.TransformationMode.SmoothTransformation))
        text = QLabel(caption)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        box = QVBoxLayout()
        box.setSpacing(0)
        box.addWidget(frame)
        box.addWidget(text)
        holder = QWidget()
        holder.setLayout(box)
        holder.setToolTip(caption)
        self.row.insertWidget(self.row.count() - 1, holder)
        self.frames.append(caption)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().maximum())

    def clear(self) -> None:
        while self.row.count() > 1:
            item = self.row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.frames = []


class FiltersPanel(Panel):
    panel_id = "filters"
    placement = "weights"
    title = QT_TRANSLATE_NOOP("Panel", "Convolution filters")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>The CNN's learned filters</b> (5×5 weights; <span style='color:#e04040'>red</span> "
        "positive, <span style='color:#4060e0'>blue</span> negative, white 0).<br>"
        "<b>conv1</b>: the 32 filters that slide over the image. Each responds where the image "
        "looks like it: a red stripe beside a blue one is an edge detector.<br>"
        "<b>conv2</b>: each of its 64 filters has one 5×5 kernel per conv1 channel (32); pick a "
        "channel, or show all 64×32 (row = input channel, column = filter).<br>"
        "<b>What you see, and when.</b> Every filter starts as random noise. What training adds to it "
        "is smooth from the first steps (strokes, edges, blobs), but small against that noise. The line "
        "under the controls measures it: <i>structure</i> is the mean correlation of neighbouring weights "
        "in conv1's filters, about 0 for noise and near 1 for smooth filters. Measured here at step 300:<br>"
        "• <i>tutorial-cnn</i> (Adam 1e-4): a weight moves by at most about 1e-4 a step against a starting "
        "spread of 0.1, so the filters still look like the starting noise (structure about −0.05), although "
        "the network already recognises about 93 % of the test digits. Tick <i>Show change since step "
        "0</i> to see what it has learned: smooth strokes from the first hundred steps on (structure of "
        "the change about 0.65).<br>"
        "• <i>fast-cnn</i> (He start, spread about 0.28): the same; its filters measure as noise (about "
        "0.0) at step 300 and still at the end of its 1,800 steps, at 99.3 %.<br>"
        "• <i>watch-cnn</i>, made for watching (momentum with a warm-up): each weight moves with its "
        "gradient, which is smooth because the images are, so blotches and bars show in the filters "
        "themselves within 100 to 300 steps (structure about 0.2 at step 300; about 97 % of the test "
        "digits). They are not clean edge detectors yet: part of the starting noise is still there, and "
        "<i>Show change since step 0</i> shows the learned part alone.<br>"
        "conv2 changes more slowly and is harder to read. <i>Per-tile range</i> scales each tile to "
        "its own ±max, which makes weak filters visible; hover for the true values. Untick "
        "<i>Auto range</i> to fix the colours, so that a colour means the same value from frame to "
        "frame; <i>Capture</i> keeps the filters of the step shown in a filmstrip, to compare steps side "
        "by side. <i>distinct</i> counts the filters that differ: 1 means they are all copies (the "
        "symmetry of an 'All equal' start; Help > Experiment).")

    @classmethod
    def shows(cls, network: Network) -> bool:
        """A network with convolutions has filters to show."""
        return network.conv_layers > 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conv1: np.ndarray | None = None
        self.conv2: np.ndarray | None = None
        self.step: int | None = None
        #: Per layer: (step, weights) of the first snapshot since the run started.
        self.baseline: dict[str, tuple[int, np.ndarray]] = {}
        #: conv1's distinct filters in the newest snapshot (core.experiments.FilterDiversity).
        self.diversity = None
        #: The conv layer last chosen in another panel (the Network panel's blocks): it gets the
        #: larger share of the mosaics' height and a ▶ before its title.
        self.chosen_layer: str | None = None

        self.conv2_mode = QComboBox()
        self.conv2_mode.addItems(["one channel", "all 64×32"])
        self.conv2_mode.setToolTip("conv2: the 64 filters' kernels for one conv1 channel, or all of them")
        self.channel = QSpinBox()
        self.channel.setRange(0, 31)
        self.channel.setPrefix("ch ")
        self.channel.setToolTip("Which conv1 output channel (input channel of conv2) to show")
        self.normalise = QCheckBox(self.tr("Per-tile range"))
        self.normalise.setToolTip("Scale every tile to its own ±max instead of one range per layer")
        self.show_change = QCheckBox(self.tr("Show change since step 0"))
        self.show_change.setToolTip(self.tr(
            "Draw how much every weight has moved since the first snapshot of the run instead of the weights "
            "themselves: with a small learning rate what training adds is visible here long before it shows "
            "against the random start."))
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.show_change)
        controls.addWidget(self.normalise)
        controls.addStretch(1)
        controls.addWidget(info_button(self.help_text, self))
        # three short rows rather than two long ones: the panel fits beside the feature maps at 1366x768
        layers_row = QHBoxLayout()
        layers_row.setContentsMargins(0, 0, 0, 0)
        layers_row.addWidget(QLabel("conv2:"))
        layers_row.addWidget(self.conv2_mode)
        layers_row.addWidget(self.channel)
        layers_row.addStretch(1)

        self.auto_range = QCheckBox(self.tr("Auto range"))
        self.auto_range.setChecked(True)
        self.auto_range.setToolTip(self.tr(
            "Colour range ±max|value| of each layer, following every frame. Untick to fix it, so that "
            "colours can be compared over time (the fixed range starts where the automatic one is)."))
        self.fixed_range = {
            "conv1": _range_box(self.tr("conv1's fixed colour range: values beyond it saturate")),
            "conv2": _range_box(self.tr("conv2's fixed colour range: values beyond it saturate"))}
        colours = QHBoxLayout()
        colours.setContentsMargins(0, 0, 0, 0)
        colours.addWidget(QLabel(self.tr("Colours:")))
        colours.addWidget(self.auto_range)
        for layer in LAYERS:
            colours.addWidget(QLabel(layer))
            colours.addWidget(self.fixed_range[layer])
        colours.addStretch(1)
        self.capture_button = QPushButton(self.tr("Capture"))
        self.capture_button.setToolTip(self.tr(
            "Keep conv1's filters as they are drawn now, with their step, in a filmstrip under the mosaics, "
            "to compare steps side by side (fix the colours first, so that a colour means the same value in "
            "every picture)."))
        self.clear_button = QPushButton(self.tr("Clear strip"))
        self.clear_button.setToolTip(self.tr("Remove the captured pictures"))
        self.capture_button.setEnabled(False)
        self.clear_button.setEnabled(False)
        layers_row.addWidget(self.capture_button)
        layers_row.addWidget(self.clear_button)
        self.filmstrip = Filmstrip()
        self.filmstrip.hide()  # until the first capture
        self.measures = QLabel()
        self.measures.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.measures.setToolTip(self.tr(
            "distinct: how many of conv1's filters differ from one another (1: all copies, symmetry not "
            "broken).\nstructure: the mean correlation of horizontally and vertically neighbouring weights "
            "within conv1's 5×5 filters: about 0 for random noise, near 1 for smooth filters."))

        self.conv1_mosaic = MosaicView("conv1 · 32 filters", colormap=DIVERGING, columns=8)
        self.conv2_mosaic = MosaicView("conv2", colormap=DIVERGING, columns=16)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.conv1_mosaic)
        splitter.addWidget(self.conv2_mosaic)
        # conv1 is 8 x 4 tiles, conv2 16 x 4 (one channel) or 64 x 32 (all): heights 2:1 or 1:1.
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addLayout(layers_row)
        layout.addLayout(colours)
        layout.addWidget(self.measures)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.filmstrip)

        self.conv2_mode.currentIndexChanged.connect(self._on_mode_changed)
        self.channel.valueChanged.connect(lambda _: self._show_conv2())
        self.normalise.toggled.connect(self._on_normalise_toggled)
        self.show_change.toggled.connect(self._on_show_change_toggled)
        self.auto_range.toggled.connect(self._on_auto_range_toggled)
        for box in self.fixed_range.values():
            box.valueChanged.connect(lambda _: self._show())
        self.capture_button.clicked.connect(self.capture)
        self.clear_button.clicked.connect(self.clear_filmstrip)

    def parts(self, model: str) -> set[str]:
        return {"conv1_filters", "conv2_filters"} if model == "cnn" else set()

    def on_layer_chosen(self, part: str) -> None:
        """Select conv layer ``part``'s filters (conv1 or conv2; other layers have none here)."""
        if part not in LAYERS:
            return
        self.chosen_layer = part
        total = sum(self.splitter.sizes()) or 300
        self.splitter.setSizes([total * 2 // 3, total // 3] if part == "conv1" else [total // 3, total * 2 // 3])
        self._show()

    def _chosen_mark(self, layer: str) -> str:
        return "▶ " if layer == self.chosen_layer else ""

    def _on_mode_changed(self) -> None:
        one_channel = self.conv2_mode.currentIndex() == CONV2_ONE_CHANNEL
        self.channel.setEnabled(one_channel)
        total = sum(self.splitter.sizes()) or 300
        self.splitter.setSizes([total * 2 // 3, total // 3] if one_channel else [total // 3, total * 2 // 3])
        self._show_conv2()

    # ------------------------------------------------------------ colour range
    def _seed_fixed_ranges(self) -> None:
        """Start the fixed ranges where the automatic ones are now (for what is shown)."""
        for layer in LAYERS:
            values = self.shown_values(layer)
            if values is None:
                continue
            box = self.fixed_range[layer]
            box.blockSignals(True)
            box.setValue(max(box.minimum(), float(symmetric_levels(values)[1])))
            box.blockSignals(False)

    def _on_auto_range_toggled(self, on: bool) -> None:
        if not on:
            self._seed_fixed_ranges()
        self._update_range_boxes()
        self._show()

    def _on_normalise_toggled(self, _on: bool) -> None:
        self._update_range_boxes()
        self._show()

    def _on_show_change_toggled(self, _on: bool) -> None:
        # The weights and their change differ by orders of magnitude: a fixed range is
        # started again from what is now shown.
        if not self.auto_range.isChecked():
            self._seed_fixed_ranges()
        self._show()

    def _update_range_boxes(self) -> None:
        fixed = not self.auto_range.isChecked() and not self.normalise.isChecked()
        for box in self.fixed_range.values():
            box.setEnabled(fixed)

    def levels(self, layer: str) -> tuple[float, float]:
        """The colour range of ``layer`` for what is shown (before any per-tile scaling)."""
        if not self.auto_range.isChecked():
            value = self.fixed_range[layer].value()
            return -value, value
        values = self.shown_values(layer)
        return symmetric_levels(values) if values is not None else (-1.0, 1.0)

    # ---------------------------------------------------------------- filmstrip
    def capture(self) -> None:
        """Put conv1's mosaic, as drawn now, into the filmstrip with its step."""
        if self.conv1 is None or self.step is None:
            return
        what = self._since("conv1") if self.show_change.isChecked() else self.tr("filters")
        self.filmstrip.add(self.conv1_mosaic.graphics.grab(),
                           self.tr("step {0}\n{1}").format(f"{self.step:,}", what))
        self.filmstrip.show()
        self.clear_button.setEnabled(True)

    def clear_filmstrip(self) -> None:
        self.filmstrip.clear()
        self.filmstrip.hide()
        self.clear_button.setEnabled(False)

    # ------------------------------------------------------------------ events
    def on_run_started(self, event: ev.RunStarted) -> None:
        self.conv1 = self.conv2 = None
        self.step = None
        self.baseline = {}
        self._update_change_label()
        self.measures.setText("")
        self.capture_button.setEnabled(False)
        self.conv1_mosaic.clear()
        self.conv2_mosaic.clear()

    def on_snapshot(self, event: ev.Snapshot) -> None:
        conv1, conv2 = event.arrays.get("conv1_filters"), event.arrays.get("conv2_filters")
        if conv1 is None and conv2 is None:
            return
        self.step = event.step
        for layer, weights in (("conv1", conv1), ("conv2", conv2)):
            if weights is None:
                continue
            setattr(self, layer, weights)
            if layer not in self.baseline or self.baseline[layer][1].shape != weights.shape:
                self.baseline[layer] = (event.step, weights)
        self.capture_button.setEnabled(self.conv1 is not None)
        self._update_change_label()
        self._show()

    # ------------------------------------------------------------------ drawing
    def baseline_step(self, layer: str = "conv1") -> int | None:
        """The step the change is measured from (None before the first snapshot)."""
        return self.baseline[layer][0] if layer in self.baseline else None

    def weights(self, layer: str) -> np.ndarray | None:
        return self.conv1 if layer == "conv1" else self.conv2

    def change(self, layer: str) -> np.ndarray | None:
        """The weights minus those of the first snapshot since the run started."""
        weights = self.weights(layer)
        if weights is None or layer not in self.baseline:
            return None
        return weights - self.baseline[layer][1]

    def shown_values(self, layer: str) -> np.ndarray | None:
        """The layer's weights, or their change when *Show change* is ticked."""
        return self.change(layer) if self.show_change.isChecked() else self.weights(layer)

    def _update_change_label(self) -> None:
        """The box names the step the change is measured from when it is not step 0."""
        step = self.baseline_step()
        self.show_change.setText(self.tr("Show change since step 0") if not step else
                                 self.tr("Show change since step {0}").format(f"{step:,}"))

    def _since(self, layer: str) -> str:
        return self.tr("change since step {0}").format(f"{self.baseline_step(layer) or 0:,}")

    def _tiles(self, raw: np.ndarray, layer: str) -> tuple[np.ndarray, tuple[float, float]]:
        """What to draw and with which levels: per layer (auto or fixed), or each tile on its own."""
        if self.normalise.isChecked():
            return normalise_tiles(raw), (-1.0, 1.0)
        return raw, self.levels(layer)

    def _show(self) -> None:
        self._show_conv1()
        self._show_conv2()
        self._show_measures()

    def _scale_note(self) -> str:
        if self.normalise.isChecked():
            return " · per-tile range"
        return "" if self.auto_range.isChecked() else " · fixed colours"

    def _show_conv1(self) -> None:
        values = self.shown_values("conv1")
        if values is None:
            return
        tiles, levels = self._tiles(values, "conv1")
        changed = self.show_change.isChecked()
        what = f"{self._since('conv1')} of conv1 filter" if changed else "conv1 filter"
        self.conv1_mosaic.set_tiles(tiles, levels=levels, raw=values, describe=lambda k: f"{what} {k}")
        shown = self._since("conv1") if changed else "32 filters on the image"
        self.conv1_mosaic.set_title(f"{self._chosen_mark('conv1')}conv1 · {shown} · step {self.step:,}"
                                    f"{self._scale_note()}")

    def _show_conv2(self) -> None:
        values = self.shown_values("conv2")
        if values is None:
            return
        change = f" · {self._since('conv2')}" if self.show_change.isChecked() else ""
        scale = self._scale_note()
        if self.conv2_mode.currentIndex() == CONV2_ONE_CHANNEL:
            channel = self.channel.value()
            raw = values[:, channel]
            tiles, levels = self._tiles(raw, "conv2")
            self.conv2_mosaic.set_tiles(tiles, levels=levels, raw=raw, columns=16,
                                        describe=lambda k: f"conv2 filter {k}, input channel {channel}")
            self.conv2_mosaic.set_title(f"{self._chosen_mark('conv2')}conv2 · 64 filters' kernels for conv1 channel "
                                        f"{channel}{change}{scale}")
        else:
            # Row = input channel i, column = output filter o: tile i * 64 + o.
            raw = values.transpose(1, 0, 2, 3).reshape(-1, *values.shape[2:])
            tiles, levels = self._tiles(raw, "conv2")
            filters = values.shape[0]
            self.conv2_mosaic.set_tiles(tiles, levels=levels, raw=raw, columns=filters,
                                        describe=lambda k: f"conv2 filter {k % filters}, "
                                                           f"input channel {k // filters}")
            self.conv2_mosaic.set_title(f"{self._chosen_mark('conv2')}conv2 · all kernels (row = input channel, "
                                        f"column = filter){change}{scale}")

    def _show_measures(self) -> None:
        if self.conv1 is None:
            return
        from ...core.experiments import filter_diversity  # imports torch: loaded by the time snapshots come

        diversity = filter_diversity(self.conv1)
        structure = f"{neighbour_correlation(self.conv1):.2f}"
        change = self.change("conv1")
        if change is not None and self.step != self.baseline_step("conv1"):
            text = self.tr("conv1: {0} filters, {1} distinct · structure {2}, of the {3}: {4} "
                           "(noise ≈ 0, smooth ≈ 1)").format(diversity.count, diversity.distinct, structure,
                                                            self._since("conv1"), f"{neighbour_correlation(change):.2f}")
        else:
            text = self.tr("conv1: {0} filters, {1} distinct · structure {2} (noise ≈ 0, smooth ≈ 1)").format(
                diversity.count, diversity.distinct, structure)
        self.measures.setText(text)
        self.diversity = diversity


PANEL = FiltersPanel
