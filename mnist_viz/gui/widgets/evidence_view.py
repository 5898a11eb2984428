"""28x28 image views for the canvas: the model's input, and the input with its evidence.

:class:`ImageView28` is a titled, fixed 28x28 view in its own widget (equal widths come
from the Qt layout around it). :class:`EvidenceView` shows the input as light-grey ink
on white under an attribution map (:func:`diverging_overlay`: red pixels argue for the
answer, blue against).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QSizePolicy

from .mosaic import DIVERGING, GAP_COLOUR, GREY

OVERLAY_MAX_ALPHA = 255
WHY_INK_SHADE = 0.3
SIDE = 28


def diverging_overlay(attribution: np.ndarray) -> np.ndarray:
    """RGBA (28, 28, 4) uint8: blue-white-red by sign, opacity growing with |value|."""
    # The 99th percentile, not the maximum: a few hot pixels must not wash out the rest.
    limit = float(np.percentile(np.abs(attribution), 99))
    if not limit > 0:
        return np.zeros((*attribution.shape, 4), dtype=np.uint8)
    scaled = np.clip(attribution / limit, -1.0, 1.0)
    colours = pg.colormap.get(DIVERGING).map((scaled + 1) / 2, mode=pg.ColorMap.BYTE)
    rgba = np.asarray(colours, dtype=np.uint8).reshape(*attribution.shape, 4).copy()
    rgba[..., 3] = np.clip(np.abs(scaled) ** 0.6 * OVERLAY_MAX_ALPHA, 0, 255).astype(np.uint8)
    return rgba


def grey_image_item() -> pg.ImageItem:
    """A row-major image item showing 0..1 as black..white."""
    item = pg.ImageItem(axisOrder="row-major")
    item.setColorMap(pg.colormap.get(GREY))
    item.setLevels((0.0, 1.0))
    return item


class ImageView28(pg.GraphicsLayoutWidget):
    """``title`` is the label above, ``view`` the ViewBox (fixed to 28x28, no mouse)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setBackground(GAP_COLOUR)
        self.setMinimumSize(80, 90)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # the stretch decides
        self.title = self.addLabel(title, row=0, col=0, size="9pt")
        self.view = self.addViewBox(row=1, col=0, lockAspect=True, enableMouse=False, invertY=True)
        self.view.setMenuEnabled(False)
        self.view.setRange(xRange=(0, SIDE), yRange=(0, SIDE), padding=0.02)
        self.view.disableAutoRange()


class EvidenceView(ImageView28):
    """The input (``base``) under its attribution map (``overlay``)."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.base = grey_image_item()
        self.overlay = pg.ImageItem(axisOrder="row-major")
        self.view.addItem(self.base)
        self.view.addItem(self.overlay)

    def show_evidence(self, image: np.ndarray, attribution: np.ndarray | None) -> None:
        """``image``: the 28x28 input (0..1); ``attribution``: its map, or None for none."""
        self.base.setImage(1.0 - WHY_INK_SHADE * image, levels=(0.0, 1.0))  # light-grey ink on white
        if attribution is not None:
            self.overlay.setImage(diverging_overlay(attribution))
        else:
            self.overlay.setImage(np.zeros((SIDE, SIDE, 4), dtype=np.uint8))
