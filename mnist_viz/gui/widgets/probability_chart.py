"""A bar chart of ten class probabilities on a fixed 0..1 axis, the winner highlighted
(in a paler colour when the model is unsure: a best guess, not an answer)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QSizePolicy

from .mosaic import GAP_COLOUR

WINNER_BRUSH = pg.mkBrush(255, 150, 40)
OTHER_BRUSH = pg.mkBrush(90, 130, 190)
GUESS_BRUSH = pg.mkBrush(190, 165, 125)  # the best guess of an unsure model
CLASSES = 10


class ProbabilityChart(pg.PlotWidget):
    """``bars`` is the BarGraphItem (its ``opts`` hold the heights and brushes shown)."""

    def __init__(self) -> None:
        super().__init__(background=GAP_COLOUR)
        self.setMinimumSize(160, 110)
        # Not Ignored vertically: a layout with word-wrapped labels (the canvas panel's, stacked)
        # sizes its rows by height-for-width from their size hints, and an Ignored policy makes
        # this hint 0 there, so the chart was left without room and cut at the bottom at
        # 1366x768. The hint (sizeHint) is small, so that the drawing keeps the rest.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        plot = self.getPlotItem()
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setXRange(-0.6, CLASSES - 0.4, padding=0)
        plot.setYRange(0, 1, padding=0.02)
        plot.getAxis("bottom").setTicks([[(digit, str(digit)) for digit in range(CLASSES)]])
        plot.getAxis("left").setTicks([[(0, "0"), (0.5, ".5"), (1, "1")]])
        plot.getAxis("left").setWidth(22)
        self.bars = pg.BarGraphItem(x=np.arange(CLASSES), height=np.zeros(CLASSES), width=0.75, brush=OTHER_BRUSH,
                                    pen=pg.mkPen(None))
        plot.addItem(self.bars)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name); pyqtgraph's view asks for 640x480
        return QSize(200, 130)

    def set_title(self, text: str) -> None:
        self.getPlotItem().setTitle(text, size="9pt")

    def set_class_names(self, short_names: Sequence[str]) -> None:
        """Label the bars with the classes' short names, or their numbers where a name is longer than 3."""
        short = list(short_names)
        ticks = short if max(len(name) for name in short) <= 3 else [str(k) for k in range(len(short))]
        self.getPlotItem().getAxis("bottom").setTicks([list(enumerate(ticks))])

    def show_probabilities(self, probabilities: np.ndarray | None, unsure: bool = False) -> int | None:
        """Draw them (None: empty bars); the winner's index, or None. ``unsure``: the winner
        is only a best guess (drawn in GUESS_BRUSH)."""
        if probabilities is None:
            self.bars.setOpts(height=np.zeros(CLASSES), brushes=[OTHER_BRUSH] * CLASSES)
            return None
        probabilities = np.asarray(probabilities, dtype=np.float64)
        winner = int(np.argmax(probabilities))
        top = GUESS_BRUSH if unsure else WINNER_BRUSH
        brushes = [top if digit == winner else OTHER_BRUSH for digit in range(CLASSES)]
        self.bars.setOpts(height=probabilities, brushes=brushes)
        return winner
