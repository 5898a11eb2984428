"""A grid of small images (filters, weight templates, feature maps) drawn as ONE image.

``MosaicView`` shows N tiles of the same size in a grid with 1-pixel gaps, through a single
pyqtgraph ``ImageItem`` whose data is built with a numpy reshape/transpose, a fixed colour
map with fixed levels, and a colour bar. The layout, the mosaic array and the level rules
are ``core.mosaic``'s, which the export of recordings (``core.export``) uses too, so that an
exported GIF frame shows a part's tiles as its panel does. Gaps and unused slots are NaN,
which pyqtgraph draws transparent, so the view's background shows through as a thin grid.
Optional labels sit in a band above each tile and scale with the view. Hovering a tile
shows a tooltip saying what it is and its value range; clicking a tile emits
``tile_clicked`` and (by default) opens it enlarged in a small window that keeps following
the live data.

Colour conventions used by the panels:

* signed quantities (weights, filters, evidence): the diverging map ``DIVERGING``, levels
  symmetric around zero (:func:`symmetric_levels`), so white means 0, red positive,
  blue negative;
* ReLU activations (never negative): the sequential map ``SEQUENTIAL`` from 0 up;
* the input image: ``GREY`` from 0 to 1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont
from PySide6.QtWidgets import QDialog, QGraphicsSimpleTextItem, QLabel, QToolTip, QVBoxLayout, QWidget

# The layout, the mosaic image and the level rules live in core.mosaic, shared with the
# export of recordings; the panels import them from here as well.
from ...core.mosaic import (DIVERGING, GAP_RGB, GREY, SEQUENTIAL, MosaicLayout, build_mosaic, positive_levels,
                            symmetric_levels)

__all__ = ["DIVERGING", "GAP_COLOUR", "GREY", "SEQUENTIAL", "MosaicLayout", "MosaicView", "TileDialog",
           "build_mosaic", "positive_levels", "symmetric_levels", "update_colorbar"]

#: Colour of the 1-pixel gaps and of the widget's background (core.mosaic.GAP_RGB).
GAP_COLOUR = QColor(*GAP_RGB)


#: A colour bar follows its image's levels once they have moved by more than this
#: fraction of its range: redrawing a bar's axis (its tick labels) costs more than the
#: image itself, and a 2 % change of the numbers on it is invisible.
COLORBAR_TOLERANCE = 0.02


def update_colorbar(colorbar: pg.ColorBarItem, levels: tuple[float, float]) -> None:
    """Set ``colorbar``'s levels, unless they are already within the tolerance."""
    low, high = colorbar.levels()
    span = max(abs(high - low), 1e-12)
    if abs(levels[0] - low) > COLORBAR_TOLERANCE * span or abs(levels[1] - high) > COLORBAR_TOLERANCE * span:
        colorbar.setLevels(levels)


def _colormap(name_or_map: str | pg.ColorMap) -> pg.ColorMap:
    return pg.colormap.get(name_or_map) if isinstance(name_or_map, str) else name_or_map


def _format_value(value: float) -> str:
    return f"{value:.3g}"


class MosaicView(QWidget):
    """N equally sized tiles in a grid, one ImageItem, a colour bar, tooltips and click-to-enlarge.

    ``describe(k)`` (given to :meth:`set_tiles`) names tile k for the tooltip, e.g.
    "conv1 filter 7"; the tooltip adds the tile's value range (from ``raw`` if given,
    so that a normalised display still reports the true values) and the value under the
    cursor.
    """

    #: A tile was clicked (its index).
    tile_clicked = Signal(int)

    def __init__(self, title: str = "", colormap: str | pg.ColorMap = DIVERGING, columns: int = 8,
                 colorbar: bool = True, enlarge_on_click: bool = True, label_band: int = 0,
                 gap: int = 1, symmetric: bool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A QWidget holding the pyqtgraph widget (not a subclass of it: GraphicsLayoutWidget
        # shadows methods such as clear() with its layout's).
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(GAP_COLOUR)
        self.graphics.ci.layout.setContentsMargins(2, 2, 2, 2)
        self.graphics.ci.layout.setSpacing(2)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.graphics)
        self.setMinimumSize(60, 40)
        self.columns = columns
        self.label_band = label_band
        self.gap = gap
        self.enlarge_on_click = enlarge_on_click
        self.colormap = _colormap(colormap)
        #: Default levels: symmetric around zero (signed values) or (0, max) (activations).
        self.symmetric = (colormap == DIVERGING) if symmetric is None else symmetric
        self.layout_info: MosaicLayout | None = None
        self.levels: tuple[float, float] = (0.0, 1.0)
        self.hover_text = ""
        self._tiles: np.ndarray | None = None
        self._raw: np.ndarray | None = None
        self._describe: Callable[[int], str] = lambda index: f"tile {index}"
        self._labels: list[str] = []
        self._label_items: list[QGraphicsSimpleTextItem] = []
        self._dialog: TileDialog | None = None

        self.title_item = self.graphics.addLabel(title, row=0, col=0, colspan=2, size="9pt")
        if not title:
            self.title_item.setMaximumHeight(0)
        self.view = self.graphics.addViewBox(row=1, col=0, lockAspect=True, invertY=True,
                                             enableMouse=False, enableMenu=False, defaultPadding=0.0)
        self.view.setBackgroundColor(GAP_COLOUR)
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.image_item.setColorMap(self.colormap)
        self.view.addItem(self.image_item)
        self.colorbar: pg.ColorBarItem | None = None
        if colorbar:
            self.colorbar = pg.ColorBarItem(values=self.levels, colorMap=self.colormap, width=10,
                                            interactive=False, colorMapMenu=False)
            self.colorbar.axis.setWidth(34)
            self.colorbar.axis.setStyle(tickFont=_small_font(), tickTextOffset=2)
            self.colorbar.setImageItem(self.image_item)
            self.graphics.addItem(self.colorbar, row=1, col=1)
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.graphics.scene().sigMouseClicked.connect(self._on_mouse_clicked)

    # ----------------------------------------------------------------- data
    def set_title(self, title: str) -> None:
        self.title_item.setText(title, size="9pt")
        self.title_item.setMaximumHeight(10_000 if title else 0)

    def set_colormap(self, colormap: str | pg.ColorMap) -> None:
        self.colormap = _colormap(colormap)
        self.image_item.setColorMap(self.colormap)
        if self.colorbar is not None:
            self.colorbar.setColorMap(self.colormap)

    def set_tiles(self, tiles: np.ndarray, levels: tuple[float, float] | None = None,
                  labels: Sequence[str] | None = None, describe: Callable[[int], str] | None = None,
                  raw: np.ndarray | None = None, columns: int | None = None) -> None:
        """Show ``tiles`` (N, h, w) or one image (h, w).

        ``levels`` default to symmetric around zero for a diverging map, else (0, max).
        """
        tiles = np.asarray(tiles, dtype=np.float32)
        if tiles.ndim == 2:
            tiles = tiles[None]
        if columns is not None:
            self.columns = columns
        layout = MosaicLayout.for_tiles(tiles.shape, self.columns, self.gap, self.label_band)
        if levels is None:
            levels = symmetric_levels(tiles) if self.symmetric else positive_levels(tiles)
        if describe is not None:
            self._describe = describe
        self._tiles, self._raw = tiles, (tiles if raw is None else np.asarray(raw))
        self.levels = (float(levels[0]), float(levels[1]))
        self.image_item.setImage(build_mosaic(tiles, layout), levels=self.levels, autoLevels=False)
        if self.colorbar is not None:
            update_colorbar(self.colorbar, self.levels)
        if layout != self.layout_info:
            self.layout_info = layout
            height, width = layout.shape
            self.view.setRange(QRectF(0, 0, width, height), padding=0.0)
            self._place_labels()
        if labels is not None and list(labels) != self._labels:
            self._labels = list(labels)
            self._place_labels()
        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.refresh()

    def clear(self) -> None:
        """Show nothing (a new run has started)."""
        self._tiles = self._raw = None
        self.layout_info = None
        self.image_item.clear()
        self._labels = []
        self._place_labels()
        if self._dialog is not None:
            self._dialog.close()

    def tile(self, index: int) -> np.ndarray | None:
        """The displayed values of tile ``index`` (as given to set_tiles)."""
        return None if self._tiles is None else self._tiles[index]

    def describe(self, index: int) -> str:
        """Tooltip text for tile ``index``: what it is and its value range."""
        text = self._describe(index)
        if self._raw is not None:
            values = self._raw[index]
            text += f"\nvalues {_format_value(float(np.nanmin(values)))} … {_format_value(float(np.nanmax(values)))}"
        return text

    # --------------------------------------------------------------- labels
    def _place_labels(self) -> None:
        for item in self._label_items:
            self.view.removeItem(item)
        self._label_items = []
        layout = self.layout_info
        if layout is None or not self._labels or layout.label_band <= 0:
            return
        for index, text in enumerate(self._labels[:layout.count]):
            item = QGraphicsSimpleTextItem(text)
            item.setBrush(pg.mkBrush("w"))
            font = QFont()
            font.setPixelSize(100)  # drawn in data units, then scaled to fit the band
            item.setFont(font)
            bounds = item.boundingRect()
            scale = layout.label_band * 0.95 / max(bounds.height(), 1.0)
            item.setScale(scale)
            top, left = layout.tile_origin(index)
            item.setPos(left + (layout.tile_width - bounds.width() * scale) / 2,
                        top - layout.label_band + (layout.label_band - bounds.height() * scale) / 2)
            self.view.addItem(item, ignoreBounds=True)
            self._label_items.append(item)

    # ---------------------------------------------------------- mouse input
    def tile_at_scene(self, scene_pos: QPointF) -> tuple[int, int, int] | None:
        if self.layout_info is None or not self.view.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.view.mapSceneToView(scene_pos)
        return self.layout_info.tile_at(point.x(), point.y())

    def tile_center_in_widget(self, index: int) -> QPoint:
        """Where tile ``index``'s centre is in ``self.graphics.viewport()`` coordinates."""
        top, left = self.layout_info.tile_origin(index)
        centre = QPointF(left + self.layout_info.tile_width / 2, top + self.layout_info.tile_height / 2)
        return self.graphics.mapFromScene(self.view.mapViewToScene(centre))

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        hit = self.tile_at_scene(scene_pos)
        if hit is None or self._tiles is None:
            self.hover_text = ""
            self.setToolTip("")
            QToolTip.hideText()
            return
        index, row, column = hit
        value = float(self._raw[index][row, column])
        self.hover_text = f"{self.describe(index)}\nat ({row}, {column}): {_format_value(value)}"
        self.setToolTip(self.hover_text)
        if self.underMouse():
            QToolTip.showText(QCursor.pos(), self.hover_text, self)

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.tile_at_scene(event.scenePos())
        if hit is None:
            return
        event.accept()
        self.tile_clicked.emit(hit[0])
        if self.enlarge_on_click:
            self.enlarge(hit[0])

    def enlarge(self, index: int) -> TileDialog:
        """Show tile ``index`` large in a small window that follows the live data."""
        if self._dialog is None:
            self._dialog = TileDialog(self)
        self._dialog.show_tile(index)
        return self._dialog

    @property
    def enlarged(self) -> TileDialog | None:
        return self._dialog


def _small_font() -> QFont:
    font = QFont()
    font.setPointSizeF(7.5)
    return font


class TileDialog(QDialog):
    """One tile of a mosaic, large, with its own colour bar; updates with the mosaic."""

    def __init__(self, mosaic: MosaicView) -> None:
        super().__init__(mosaic)
        self.mosaic = mosaic
        self.index = 0
        self.setWindowFlag(Qt.WindowType.Tool)
        self.resize(320, 300)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget()
        self.view = self.graphics.addViewBox(row=0, col=0, lockAspect=True, invertY=True, enableMouse=True,
                                             defaultPadding=0.0)
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.view.addItem(self.image_item)
        self.colorbar = pg.ColorBarItem(width=12, interactive=False, colorMapMenu=False)
        self.colorbar.setImageItem(self.image_item)
        self.graphics.addItem(self.colorbar, row=0, col=1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.graphics, 1)

    def show_tile(self, index: int) -> None:
        self.index = index
        self.refresh(reset_view=True)
        self.show()
        self.raise_()

    def refresh(self, reset_view: bool = False) -> None:
        tile = self.mosaic.tile(self.index) if self.mosaic.layout_info and \
            self.index < self.mosaic.layout_info.count else None
        if tile is None:
            self.image_item.clear()
            self.caption.setText("(nothing to show)")
            return
        self.colorbar.setColorMap(self.mosaic.colormap)
        self.image_item.setImage(tile, levels=self.mosaic.levels, autoLevels=False)
        update_colorbar(self.colorbar, self.mosaic.levels)
        text = self.mosaic.describe(self.index)
        self.caption.setText(text.replace("\n", " · "))
        self.setWindowTitle(text.split("\n")[0])
        if reset_view:
            self.view.setRange(QRectF(0, 0, tile.shape[1], tile.shape[0]), padding=0.0)

    @property
    def image(self) -> np.ndarray | None:
        return self.image_item.image
