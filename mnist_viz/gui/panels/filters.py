"""The convolution filters of every conv layer of the network shown.

The first conv looks at the image itself, so its kernels can be read as little pictures
(edge and stroke detectors): the tutorial CNN's conv1 has 32 of them. A deeper conv has one
kernel per (output filter, input channel) pair: shown either for one input channel at a
time (conv2 of the tutorial CNN: 64 kernels) or all of them at once, one row per input
channel and one column per output filter; a chooser picks which deeper conv the mode and
channel apply to when there are several (each keeps its own). Colours are shared per layer
(symmetric around zero) unless each tile is normalised on its own. Tiles per row come from
``core.mosaic.PARTS`` (the export draws with the same rule).

For watching the filters evolve (issue 17): *Show change since step 0* draws each weight
minus its value in the first snapshot the panel received after the run started (step 0,
or the step named in the title); *Auto range* unticked fixes each layer's colour range,
so that colours mean the same values from frame to frame, live and in a replay.

The layer the panel shows (▶ in its mosaic's title: chosen in the box beside *Capture*,
in the deeper-conv box, or by a block of the Network panel; the first conv until then)
is the one measured and captured: a line under the controls counts its distinct filters
(``core.experiments.filter_diversity``, a deeper conv's filters flattened) and gives
their structure (``core.filter_structure.kernel_structure``, over every K x K kernel:
about 0 for noise, near 1 for smooth filters), of the filters and of their change;
*Capture* keeps its mosaic as drawn now, with its step, in a filmstrip under the mosaics.
Each layer keeps its own strip: the strip shown is the shown layer's, and a layer without
captures says which layers have some (widgets.filter_pieces.Filmstrip).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox,
                               QSplitter, QVBoxLayout, QWidget)

from ...core import events as ev
from ...core.config import Network
from ..widgets.filter_pieces import (SUFFIX, Filmstrip, RangeBox, columns_for, filter_layers, measures_text,
                                     normalise_tiles, range_box)
from ..widgets.info_button import info_button
from ..widgets.labels import SteadyLabel
from ..widgets.mosaic import DIVERGING, MosaicView, symmetric_levels
from .base import Panel

__all__ = ["FiltersPanel", "Filmstrip", "RangeBox", "normalise_tiles", "filter_layers"]

CONV2_ONE_CHANNEL, CONV2_ALL = 0, 1
#: The tutorial CNN's conv layers (what the panel shows before it knows the model).
LAYERS = ("conv1", "conv2")


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
        "under the controls measures it for the layer shown (▶, chosen beside <i>Capture</i>): <i>structure</i> "
        "is the mean correlation of neighbouring weights in its kernels, about 0 for noise and near 1 for smooth "
        "filters. Measured here on conv1 at step 300:<br>"
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
        "conv2 changes more slowly and is harder to read (structure about −0.04 at the start, 0.12 in the "
        "shipped CNN; small 3×3 kernels measure about −0.1 as noise). <i>Per-tile range</i> scales each tile to "
        "its own ±max, which makes weak filters visible; hover for the true values. Untick "
        "<i>Auto range</i> to fix the colours, so that a colour means the same value from frame to "
        "frame; <i>Capture</i> keeps the shown layer's filters of the step shown in that layer's "
        "filmstrip, to compare steps side by side. <i>distinct</i> counts the filters that differ: 1 means "
        "they are all copies (the symmetry of an 'All equal' start; Help > Experiment).")

    @classmethod
    def shows(cls, network: Network) -> bool:
        """A network with convolutions has filters to show."""
        return network.conv_layers > 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The network shown (its model identifier, "" until known): each keeps its own filmstrips.
        self.model = ""
        #: The conv layers shown, input side first, and their newest weights.
        self.layers: tuple[str, ...] = ()
        self.filters: dict[str, np.ndarray] = {}
        self.step: int | None = None
        #: Per layer: (step, weights) of the first snapshot since the run started.
        self.baseline: dict[str, tuple[int, np.ndarray]] = {}
        #: The first conv's distinct filters in the newest snapshot (core.experiments.FilterDiversity).
        self.diversity = None
        #: The conv layer last chosen in another panel (the Network panel's blocks): it gets the
        #: larger share of the mosaics' height and a ▶ before its title.
        self.chosen_layer: str | None = None
        #: Each deeper conv's (mode, input channel), kept while another one is chosen.
        self.deep_settings: dict[str, tuple[int, int]] = {}
        self.mosaics: dict[str, MosaicView] = {}
        self.fixed_range: dict[str, RangeBox] = {}
        self._range_labels: list[QLabel] = []

        self.deep_layer = QComboBox()
        self.deep_layer.setToolTip(self.tr("Which deeper conv layer the mode and channel apply to"))
        self.deep_label = QLabel("conv2:")
        self.conv2_mode = QComboBox()
        self.conv2_mode.addItems([self.tr("one channel"), self.tr("all {0}×{1}").format(64, 32)])
        self.conv2_mode.setToolTip(self.tr("A deeper conv layer: its filters' kernels for one input channel, or all of them"))
        self.channel = QSpinBox()
        self.channel.setRange(0, 31)
        self.channel.setPrefix("ch ")
        self.channel.setToolTip(self.tr("Which input channel of the deeper conv layer (an output channel of the layer before) to show"))
        self.normalise = QCheckBox(self.tr("Per-tile range"))
        self.normalise.setToolTip(self.tr("Scale every tile to its own ±max instead of one range per layer"))
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
        layers_row.addWidget(self.deep_label)
        layers_row.addWidget(self.deep_layer)
        layers_row.addWidget(self.conv2_mode)
        layers_row.addWidget(self.channel)
        layers_row.addStretch(1)

        self.auto_range = QCheckBox(self.tr("Auto range"))
        self.auto_range.setChecked(True)
        self.auto_range.setToolTip(self.tr(
            "Colour range ±max|value| of each layer, following every frame. Untick to fix it, so that "
            "colours can be compared over time (the fixed range starts where the automatic one is)."))
        self.colours = QHBoxLayout()
        self.colours.setContentsMargins(0, 0, 0, 0)
        self.colours.addWidget(QLabel(self.tr("Colours:")))
        self.colours.addWidget(self.auto_range)
        self.colours.addStretch(1)
        self.capture_button = QPushButton(self.tr("Capture"))
        self.capture_button.setToolTip(self.tr(
            "Keep the filters of the layer shown (the box beside) as they are drawn now, with their step, in "
            "that layer's filmstrip under the mosaics, to compare steps side by side (fix the colours first, so "
            "that a colour means the same value in every picture)."))
        self.focus = QComboBox()
        self.focus.setToolTip(self.tr(
            "The layer shown (▶): the one the line below measures and Capture keeps. Each layer has its own "
            "filmstrip; switching layers shows that layer's and keeps the others."))
        self.clear_button = QPushButton(self.tr("Clear strip"))
        self.clear_button.setToolTip(self.tr("Remove the captured pictures of the layer shown"))
        self.capture_button.setEnabled(False)
        self.clear_button.setEnabled(False)
        # The layer shown, its capture and its measures on one row (beside the deeper-conv boxes
        # they made the panel too wide to sit beside the feature maps at 1280 wide, which the
        # default layout then tabbed behind the filters): the measures take what room is left.
        shown_row = QHBoxLayout()
        shown_row.setContentsMargins(0, 0, 0, 0)
        shown_row.addWidget(self.capture_button)
        shown_row.addWidget(self.focus)
        shown_row.addWidget(self.clear_button)
        self.filmstrip = Filmstrip()  # hidden until the first capture
        self.measures = SteadyLabel()
        shown_row.addWidget(self.measures, 1)
        self.measures.setToolTip(self.tr(
            "Of the layer shown. distinct: how many of its filters differ from one another (1: all copies, "
            "symmetry not broken; a deeper conv's filter is all its kernels together).\nstructure: the mean "
            "correlation of horizontally and vertically neighbouring weights within its K×K kernels (every "
            "input channel's): about 0 for random noise, near 1 for smooth filters."))

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addLayout(layers_row)
        layout.addLayout(self.colours)
        layout.addLayout(shown_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.filmstrip)
        self.set_layers(LAYERS)

        self.deep_layer.currentIndexChanged.connect(lambda _: self._on_deep_layer_changed())
        self.focus.currentIndexChanged.connect(lambda _: self.choose(self.focus.currentText()))
        self.conv2_mode.currentIndexChanged.connect(self._on_mode_changed)
        self.channel.valueChanged.connect(self._on_channel_changed)
        self.normalise.toggled.connect(self._on_normalise_toggled)
        self.show_change.toggled.connect(self._on_show_change_toggled)
        self.auto_range.toggled.connect(self._on_auto_range_toggled)
        self.capture_button.clicked.connect(self.capture)
        self.clear_button.clicked.connect(self.clear_filmstrip)

    # ------------------------------------------------------------------ layers
    @property
    def first_layer(self) -> str | None:
        return self.layers[0] if self.layers else None

    @property
    def deep_layers(self) -> tuple[str, ...]:
        return self.layers[1:]

    @property
    def shown_layer(self) -> str | None:
        """The layer measured and captured: the one last chosen, else the first conv."""
        return self.chosen_layer if self.chosen_layer in self.layers else self.first_layer

    @property
    def conv1_mosaic(self) -> MosaicView | None:
        return self.mosaics.get("conv1")

    @property
    def conv2_mosaic(self) -> MosaicView | None:
        return self.mosaics.get("conv2")

    @property
    def conv1(self) -> np.ndarray | None:
        return self.filters.get("conv1")

    @property
    def conv2(self) -> np.ndarray | None:
        return self.filters.get("conv2")

    def set_layers(self, layers) -> None:
        """Show the filters of conv layers ``layers`` (conv1, conv2, ...): a mosaic and a fixed
        colour range each, made once per network (not on every frame)."""
        layers = tuple(layers)
        if layers == self.layers:
            return
        for view in self.mosaics.values():
            view.setParent(None)
            view.deleteLater()
        for widget in (*self.fixed_range.values(), *self._range_labels):
            self.colours.removeWidget(widget)
            widget.setParent(None)
            widget.deleteLater()
        self.layers = layers
        self.filters = {name: w for name, w in self.filters.items() if name in layers}
        self.baseline = {name: b for name, b in self.baseline.items() if name in layers}
        self.mosaics, self.fixed_range, self._range_labels = {}, {}, []
        for index, name in enumerate(layers):
            title = f"{name} · 32 filters" if name == "conv1" else name
            view = MosaicView(title, colormap=DIVERGING, columns=columns_for(name, index == 0))
            self.mosaics[name] = view
            self.splitter.addWidget(view)
            # the first conv (8 x 4 tiles for the tutorial's 32) gets twice the height of each deeper one
            self.splitter.setStretchFactor(index, 2 if index == 0 else 1)
            box = range_box(self.tr("{0}'s fixed colour range: values beyond it saturate").format(name))
            box.valueChanged.connect(lambda _: self._show())
            label = QLabel(name)
            at = self.colours.count() - 1  # before the stretch
            self.colours.insertWidget(at, label)
            self.colours.insertWidget(at + 1, box)
            self.fixed_range[name] = box
            self._range_labels.append(label)
        self.deep_settings = {name: self.deep_settings.get(name, (CONV2_ONE_CHANNEL, 0)) for name in self.deep_layers}
        self.deep_layer.blockSignals(True)
        self.deep_layer.clear()
        self.deep_layer.addItems(list(self.deep_layers))
        self.deep_layer.blockSignals(False)
        many = len(self.deep_layers) > 1
        self.deep_layer.setVisible(many)
        self.deep_label.setVisible(bool(self.deep_layers) and not many)
        if self.deep_layers:
            self.deep_label.setText(f"{self.deep_layers[0]}:")
        for widget in (self.conv2_mode, self.channel):
            widget.setVisible(bool(self.deep_layers))
        self.focus.blockSignals(True)
        self.focus.clear()
        self.focus.addItems(list(layers))
        self.focus.setCurrentText(self.shown_layer or "")
        self.focus.blockSignals(False)
        self.focus.setVisible(len(layers) > 1)
        self._update_range_boxes()
        self._load_deep_settings()
        self._update_filmstrip()

    def parts(self, model: str) -> set[str]:
        return {layer + SUFFIX for layer in filter_layers(model)}

    def on_model_selected(self, model: str) -> None:
        self.model = model
        self.set_layers(filter_layers(model))
        self._update_filmstrip()

    def on_weights_shown(self, weights) -> None:
        """Another network's weights (a checkpoint, a replay): its conv layers' mosaics."""
        layers = filter_layers(weights.model) if weights is not None else ()
        if layers:
            self.model = weights.model
            self._update_filmstrip()
        if layers and layers != self.layers:
            self.set_layers(layers)
            self.filters, self.baseline, self.step = {}, {}, None

    def on_layer_chosen(self, part: str) -> None:
        """Select conv layer ``part``'s filters (any conv; other layers have none here)."""
        self.choose(part)

    def choose(self, part: str) -> None:
        """Show conv layer ``part``: the larger share of the height, ▶, the measures, Capture
        and its filmstrip; a deeper one also in the mode and channel controls."""
        if part not in self.layers or part == self.chosen_layer:
            return
        self.chosen_layer = part
        total = sum(self.splitter.sizes()) or 300
        others = max(1, len(self.layers) - 1)
        self.splitter.setSizes([total * 2 // 3 if name == part else total // 3 // others for name in self.layers])
        for box in (self.focus, *((self.deep_layer,) if part in self.deep_layers else ())):
            box.blockSignals(True)
            box.setCurrentText(part)
            box.blockSignals(False)
        self._load_deep_settings()
        self.capture_button.setEnabled(part in self.filters and self.step is not None)
        self._update_filmstrip()
        self._show()

    def _chosen_mark(self, layer: str) -> str:
        return "▶ " if layer == self.chosen_layer else ""

    @property
    def shown_deep_layer(self) -> str | None:
        """The deeper conv the mode and channel controls apply to."""
        if not self.deep_layers:
            return None
        return self.deep_layer.currentText() or self.deep_layers[0]

    def _load_deep_settings(self) -> None:
        """Put the chosen deeper conv's mode and channel into the controls."""
        layer = self.shown_deep_layer
        if layer is None:
            return
        mode, channel = self.deep_settings.get(layer, (CONV2_ONE_CHANNEL, 0))
        index = self.layers.index(layer)
        previous = self.layers[index - 1]
        weights = self.filters.get(layer)
        filters, channels = (weights.shape[0], weights.shape[1]) if weights is not None and weights.ndim == 4 else \
            ((64, 32) if layer == "conv2" else (None, None))
        for widget in (self.conv2_mode, self.channel):
            widget.blockSignals(True)
        self.conv2_mode.setItemText(CONV2_ALL, self.tr("all {0}×{1}").format(filters, channels) if filters else self.tr("all"))
        self.conv2_mode.setCurrentIndex(mode)
        self.conv2_mode.setToolTip(
            self.tr("{0}: the {1} filters' kernels for one {2} channel, or all of them").format(layer, filters, previous)
            if filters else self.tr("{0}: the filters' kernels for one {1} channel, or all of them").format(layer, previous))
        self.channel.setRange(0, max(0, (channels or 1) - 1))
        self.channel.setValue(min(channel, self.channel.maximum()))
        self.channel.setEnabled(mode == CONV2_ONE_CHANNEL)
        self.channel.setToolTip(self.tr("Which {0} output channel (input channel of {1}) to show").format(previous, layer))
        for widget in (self.conv2_mode, self.channel):
            widget.blockSignals(False)

    def _on_deep_layer_changed(self) -> None:
        """Choosing a deeper conv for the mode and channel shows it (measures, capture) too."""
        self._load_deep_settings()
        if self.shown_deep_layer is not None and self.shown_deep_layer != self.chosen_layer:
            self.choose(self.shown_deep_layer)
        else:
            self._show()

    def _on_channel_changed(self, _value: int) -> None:
        layer = self.shown_deep_layer
        if layer is not None:
            self.deep_settings[layer] = (self.conv2_mode.currentIndex(), self.channel.value())
            self._show_deep(layer)

    def _on_mode_changed(self) -> None:
        layer = self.shown_deep_layer
        if layer is None:
            return
        one_channel = self.conv2_mode.currentIndex() == CONV2_ONE_CHANNEL
        self.deep_settings[layer] = (self.conv2_mode.currentIndex(), self.channel.value())
        self.channel.setEnabled(one_channel)
        if len(self.layers) == 2:  # the tutorial CNN: the first conv 2:1 or 1:1 against the deeper one
            total = sum(self.splitter.sizes()) or 300
            self.splitter.setSizes([total * 2 // 3, total // 3] if one_channel else [total // 3, total * 2 // 3])
        self._show_deep(layer)

    # ------------------------------------------------------------ colour range
    def _seed_fixed_ranges(self) -> None:
        """Start the fixed ranges where the automatic ones are now (for what is shown)."""
        for layer in self.layers:
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
        """Put the shown layer's mosaic, as drawn now, into its filmstrip with the layer and step."""
        layer = self.shown_layer
        if layer is None or layer not in self.filters or self.step is None:
            return
        what = self._since(layer) if self.show_change.isChecked() else self.tr("filters")
        self.filmstrip.add(layer, self.mosaics[layer].graphics.grab(),
                           self.tr("{0} · step {1}\n{2}").format(layer, f"{self.step:,}", what))
        self._update_filmstrip()

    def clear_filmstrip(self) -> None:
        """Forget the shown layer's captures (the other layers keep theirs)."""
        if self.shown_layer is not None:
            self.filmstrip.clear_layer(self.shown_layer)
        self._update_filmstrip()

    def _update_filmstrip(self) -> None:
        self.filmstrip.show_layer(self.shown_layer, self.layers, self.model)
        self.clear_button.setEnabled(bool(self.filmstrip.frames))

    # ------------------------------------------------------------------ events
    def on_run_started(self, event: ev.RunStarted) -> None:
        self.model = event.model
        layers = filter_layers(event.model)
        if layers:
            self.set_layers(layers)
        self.filters = {}
        self.step = None
        self.baseline = {}
        self._update_change_label()
        self.measures.setText("")
        self.capture_button.setEnabled(False)
        self._update_filmstrip()
        for view in self.mosaics.values():
            view.clear()

    def on_snapshot(self, event: ev.Snapshot) -> None:
        found = {name[:-len(SUFFIX)]: value for name, value in event.arrays.items() if name.endswith(SUFFIX)}
        if not found:
            return
        if not set(found) <= set(self.layers):  # another network's filters (a replay, a checkpoint)
            self.set_layers(sorted(found, key=lambda name: int(name[4:]) if name[4:].isdigit() else 0))
        self.step = event.step
        for layer, weights in found.items():
            self.filters[layer] = weights
            if layer not in self.baseline or self.baseline[layer][1].shape != weights.shape:
                self.baseline[layer] = (event.step, weights)
        self.capture_button.setEnabled(self.shown_layer in self.filters)
        self._update_change_label()
        self._load_deep_settings()
        self._show()

    # ------------------------------------------------------------------ drawing
    def baseline_step(self, layer: str | None = None) -> int | None:
        """The step the change is measured from (None before the first snapshot)."""
        layer = layer or self.first_layer
        return self.baseline[layer][0] if layer in self.baseline else None

    def weights(self, layer: str) -> np.ndarray | None:
        return self.filters.get(layer)

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
        for layer in self.layers:
            values = self.shown_values(layer)
            if values is None:
                continue
            if values.ndim == 3:
                self._show_images(layer, values)
            else:
                self._show_deep(layer)
        self._show_measures()

    def _scale_note(self) -> str:
        if self.normalise.isChecked():
            return self.tr(" · per-tile range")
        return "" if self.auto_range.isChecked() else self.tr(" · fixed colours")

    def _show_images(self, layer: str, values: np.ndarray) -> None:
        """A conv on the image (one input channel): its kernels are pictures."""
        tiles, levels = self._tiles(values, layer)
        changed = self.show_change.isChecked()
        what = f"{self._since(layer)} of {layer} filter" if changed else f"{layer} filter"
        self.mosaics[layer].set_tiles(tiles, levels=levels, raw=values, describe=lambda k: f"{what} {k}")
        previous = self.layers[self.layers.index(layer) - 1] if layer != self.first_layer else None
        shown = (self._since(layer) if changed else self.tr("{0} filters on the image").format(len(values))
                 if previous is None else self.tr("{0} filters on {1}'s one channel").format(len(values), previous))
        self.mosaics[layer].set_title(self._chosen_mark(layer) + self.tr("{0} · {1} · step {2:,}").format(
            layer, shown, self.step) + self._scale_note())

    def _show_deep(self, layer: str) -> None:
        """A deeper conv: its kernels for one input channel, or all of them (row = input channel)."""
        values = self.shown_values(layer)
        if values is None or values.ndim != 4:
            return
        mosaic = self.mosaics[layer]
        change = f" · {self._since(layer)}" if self.show_change.isChecked() else ""
        scale = self._scale_note()
        mode, channel = self.deep_settings.get(layer, (CONV2_ONE_CHANNEL, 0))
        channel = min(channel, values.shape[1] - 1)
        filters = values.shape[0]
        previous = self.layers[self.layers.index(layer) - 1]
        if mode == CONV2_ONE_CHANNEL:
            raw = values[:, channel]
            tiles, levels = self._tiles(raw, layer)
            mosaic.set_tiles(tiles, levels=levels, raw=raw, columns=columns_for(layer, False),
                             describe=lambda k: f"{layer} filter {k}, input channel {channel}")
            mosaic.set_title(self._chosen_mark(layer) + self.tr("{0} · {1} filters' kernels for {2} channel {3}").format(
                layer, filters, previous, channel) + change + scale)
        else:
            # Row = input channel i, column = output filter o: tile i * filters + o.
            raw = values.transpose(1, 0, 2, 3).reshape(-1, *values.shape[2:])
            tiles, levels = self._tiles(raw, layer)
            mosaic.set_tiles(tiles, levels=levels, raw=raw, columns=filters,
                             describe=lambda k: f"{layer} filter {k % filters}, input channel {k // filters}")
            mosaic.set_title(self._chosen_mark(layer) + self.tr("{0} · all kernels (row = input channel, "
                                                                "column = filter)").format(layer) + change + scale)

    def _show_measures(self) -> None:
        """The line under the controls, for the layer shown (any conv)."""
        layer = self.shown_layer
        weights = self.filters.get(layer) if layer is not None else None
        if weights is None:
            return
        change = self.change(layer)
        moved = change is not None and self.step != self.baseline_step(layer)
        text, self.diversity = measures_text(layer, weights, change if moved else None, self._since(layer))
        self.measures.setText(text)


PANEL = FiltersPanel
