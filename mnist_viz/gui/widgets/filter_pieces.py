"""Pieces of the Filters panel: which conv layers a network has, per-tile scaling, the
colour-range box, the filmstrip of captures (one strip per layer) and the measures line."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...core import mosaic as mosaic_rules
from ...core import networks


SUFFIX = "_filters"


def filter_layers(model: str) -> tuple[str, ...]:
    """The conv layers of ``model`` whose filters are shown (conv1, conv2, ...), input side first."""
    try:
        parts = networks.weight_parts(model)
    except ValueError:  # not a model identifier (an ArchError is a ValueError): nothing to show
        return ()
    return tuple(part[:-len(SUFFIX)] for part in parts if part.endswith(SUFFIX))


def columns_for(layer: str, first: bool) -> int:
    """Tiles per row of ``layer``'s mosaic: core.mosaic's rule for the part, or that of the
    tutorial layer of the same place (the first conv as conv1, a deeper one as conv2)."""
    style = mosaic_rules.PARTS.get(layer + SUFFIX) or mosaic_rules.PARTS["conv1_filters" if first else "conv2_filters"]
    return style.columns


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


def range_box(tooltip: str) -> QDoubleSpinBox:
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
    """Captured pictures of the Filters panel's mosaics, one strip per conv layer of each
    network, each picture with its caption (the layer and the step), oldest first.

    It shows the strip of one layer at a time (:meth:`show_layer`: the layer the panel
    shows); the others are kept, each network's apart (another network's conv1 is another
    layer), so that going back to a network brings its strips back. A layer without
    captures while others of its network have some says so in one line, so that switching
    layers never looks as if the captures were lost.
    """

    THUMBNAIL_HEIGHT = 96

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: Per (network, layer): (picture, caption), oldest first.
        self.kept: dict[tuple[str, str], list[tuple[object, str]]] = {}
        self.network = ""
        self.layer: str | None = None
        self.strip = QWidget()
        self.row = QHBoxLayout(self.strip)
        self.row.setContentsMargins(2, 2, 2, 2)
        self.note = QLabel()
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.row.addWidget(self.note)
        self.row.addStretch(1)
        self.setWidget(self.strip)
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll_bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self.full_height = self.THUMBNAIL_HEIGHT + 2 * self.fontMetrics().height() + scroll_bar + 16
        self.setFixedHeight(self.full_height)
        self.hide()  # until there is something to show

    @property
    def frames(self) -> list[str]:
        """The captions of the strip shown, oldest first."""
        return [caption for _, caption in self.kept.get((self.network, self.layer), [])]

    def count(self, layer: str) -> int:
        """How many captures of ``layer`` of the network shown are kept."""
        return len(self.kept.get((self.network, layer), []))

    def add(self, layer: str, picture, caption: str) -> None:
        """Keep ``picture`` in ``layer``'s strip (of the network shown), and show that strip."""
        frame = (picture.scaledToHeight(self.THUMBNAIL_HEIGHT, Qt.TransformationMode.SmoothTransformation), caption)
        self.kept.setdefault((self.network, layer), []).append(frame)
        if layer == self.layer:
            self._insert(frame)
        self.show_layer(layer, network=self.network)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().maximum())

    def clear_layer(self, layer: str) -> None:
        """Forget ``layer``'s captures (the other layers' stay)."""
        self.kept.pop((self.network, layer), None)
        if layer == self.layer:
            self.layer = None
            self.show_layer(layer, network=self.network)

    def show_layer(self, layer: str | None, available: tuple[str, ...] = (), network: str = "") -> None:
        """Show ``layer``'s strip of ``network``; the note names the layers of ``available``
        with captures; hidden when none has any."""
        if network != self.network:
            self.network, self.layer = network, None
        others = [(name, self.count(name)) for name in available if name != layer and self.count(name)]
        if layer != self.layer:
            self.layer = layer
            while self.row.count() > 2:  # the note and the stretch stay
                widget = self.row.takeAt(1).widget()
                if widget is not None:
                    widget.setParent(None)  # gone now, not at the next pass of the event loop
                    widget.deleteLater()
            for frame in self.kept.get((self.network, layer), []):
                self._insert(frame)
        if not self.frames and others:
            kept = ", ".join(QCoreApplication.translate("Filmstrip", "{0} ({1})").format(name, count)
                             for name, count in others)
            self.note.setText(QCoreApplication.translate(
                "Filmstrip", "No captures of {0} yet. Kept: {1}; choose that layer to see them.").format(layer, kept))
            self.note.show()
        else:
            self.note.hide()
        # the note alone takes one line, not a strip's height
        self.setFixedHeight(self.full_height if self.frames else self.fontMetrics().height() + 12)
        self.setVisible(bool(self.frames) or bool(others))

    def _insert(self, frame: tuple[object, str]) -> None:
        widget = _frame(*frame)
        self.row.insertWidget(self.row.count() - 1, widget)
        widget.show()  # now, not at the next pass of the event loop (a layout shows new children queued)


def _frame(picture, caption: str) -> QWidget:
    frame = QLabel()
    frame.setPixmap(picture)
    text = QLabel(caption)
    text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    box = QVBoxLayout()
    box.setSpacing(0)
    box.addWidget(frame)
    box.addWidget(text)
    holder = QWidget()
    holder.setLayout(box)
    holder.setToolTip(caption)
    return holder


def measures_text(layer: str, weights: np.ndarray, change: np.ndarray | None, since: str) -> tuple[str, object]:
    """The Filters panel's line for conv layer ``layer`` (any conv: its (N, K, K) or (C_out,
    C_in, K, K) weights): its distinct filters and structure, and the structure of
    ``change`` (the change ``since`` names) when given; with the FilterDiversity."""
    from ...core.experiments import filter_diversity  # imports torch: loaded by the time snapshots come
    from ...core.filter_structure import kernel_structure

    diversity = filter_diversity(weights)
    structure = kernel_structure(weights)
    if structure is None:
        text = QCoreApplication.translate(  # literal calls: lupdate reads them
            "FiltersPanel", "{2}: {0} filters, {1} distinct · no structure to measure in 1×1 kernels").format(
            diversity.count, diversity.distinct, layer)
    elif change is not None:
        text = QCoreApplication.translate(
            "FiltersPanel",
            "{5}: {0} filters, {1} distinct · structure {2}, of the {3}: {4} (noise ≈ 0, smooth ≈ 1)").format(
            diversity.count, diversity.distinct, f"{structure:.2f}", since, f"{kernel_structure(change):.2f}", layer)
    else:
        text = QCoreApplication.translate(
            "FiltersPanel", "{3}: {0} filters, {1} distinct · structure {2} (noise ≈ 0, smooth ≈ 1)").format(
            diversity.count, diversity.distinct, f"{structure:.2f}", layer)
    return text, diversity
