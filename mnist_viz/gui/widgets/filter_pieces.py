"""Pieces of the Filters panel: per-tile scaling, the colour-range box and the filmstrip of captures."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget


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
