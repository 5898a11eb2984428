"""A grid of small images (filters, weight templates, feature maps) drawn as ONE image.

``MosaicView`` shows N tiles of the same size in a grid with 1-pixel gaps, through a single
pyqtgraph ``ImageItem`` whose data is built with a numpy reshape/transpose
(:func:`build_mosaic`), a fixed colour map with fixed levels, and a colour bar. Gaps and
unused slots are NaN, which pyqtgraph draws transparent, so the view's background shows
through as a thin grid. Optional labels sit in a band above each tile and scale with the
view. Hovering a tile shows a tooltip saying what it is and its value range; clicking a
tile emits ``tile_clicked`` and (by default) opens it enlarged in a small window that
keeps following the live data.

Colour conventions used by the panels:

* signed quantities (weights, filters, evidence): the diverging map ``DIVERGING``, levels
  symmetric around zero (:func:`symmetric_levels`), so white means 0, red positive,
  blue negative;
* ReLU activations (never negative): the sequential map ``SEQUENTIAL`` from 0 up;
* the input image: ``GREY`` from 0 to 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont
from PySide6.QtWidgets import QDialog, QGraphicsSimpleTextItem, QLabel, QToolTip, QVBoxLayout, QWidget

DIVERGING = "CET-D1A"   # blue - white - red, perceptually uniform
SEQUENTIAL = "inferno"  # black - purple - yellow
GREY = "CET-L1"         # black - white
#: Colour of the 1-pixel gaps and of the widget's background: a dark grey, distinct from
#: the diverging map's white and blue and from the sequential map's black.
GAP_COLOUR = QColor(64, 64, 64)


def symmetric_levels(values: np.ndarray, floor: float = 0.0) -> tuple[float, float]:
    """(-m, m) with m = max |values|: zero always maps to the middle of the colour map."""
    finite = np.abs(values[np.isfinite(values)]) if values.size else np.empty(0)
    m = float(finite.max()) if finite.size else 0.0
    m = max(m, floor)
    return (-m, m) if m > 0 else (-1.0, 1.0)


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


def positive_levels(values: np.ndarray) -> tuple[float, float]:
    """(0, max): for activations after a ReLU."""
    finite = values[np.isfinite(values)] if values.size else np.empty(0)
    m = float(finite.max()) if finite.size else 0.0
    return (0.0, m) if m > 0 else (0.0, 1.0)


@dataclass(frozen=True)
class MosaicLayout:
    """Where tile k lies in the mosaic image (rows and columns of data pixels)."""

    count: int
    tile_height: int
    tile_width: int
    columns: int
    gap: int = 1
    label_band: int = 0  # rows above each tile kept free for its label

    @property
    def rows(self) -> int:
        return max(1, math.ceil(self.count / self.columns))

    @property
    def pitch(self) -> tuple[int, int]:
        return self.label_band + self.tile_height + self.gap, self.tile_width + self.gap

    @property
    def shape(self) -> tuple[int, int]:
        pitch_y, pitch_x = self.pitch
        return self.rows * pitch_y - self.gap, self.columns * pitch_x - self.gap

    def tile_origin(self, index: int) -> tuple[int, int]:
        """(top row, left column) of tile ``index``'s first pixel."""
        pitch_y, pitch_x = self.pitch
        row, column = divmod(index, self.columns)
        return row * pitch_y + self.label_band, column * pitch_x

    def tile_slices(self, index: int) -> tuple[slice, slice]:
        top, left = self.tile_origin(index)
        return slice(top, top + self.tile_height), slice(left, left + self.tile_width)

    def tile_at(self, x: float, y: float) -> tuple[int, int, int] | None:
        """(tile index, row, column inside the tile) at data coordinates (x right, y down)."""
        if x < 0 or y < 0:
            return None
        pitch_y, pitch_x = self.pitch
        row, inner_y = divmod(int(math.floor(y)), pitch_y)
        column, inner_x = divmod(int(math.floor(x)), pitch_x)
        inner_y -= self.label_band
        if column >= self.columns or not (0 <= inner_y < self.tile_height) or inner_x >= self.tile_width:
            return None
        index = row * self.columns + column
        return (index, inner_y, inner_x) if index < self.count else None


def build_mosaic(tiles: np.ndarray, layout: MosaicLayout) -> np.ndarray:
    """Tiles (N, h, w) -> one float32 image (rows x columns of tiles), gaps and spare slots NaN."""
    pitch_y, pitch_x = layout.pitch
    slots = layout.rows * layout.columns
    padded = np.full((slots, pitch_y, pitch_x), np.nan, dtype=np.float32)
    padded[:layout.count, layout.label_band:layout.label_band + layout.tile_height, :layout.tile_width] = tiles
    mosaic = padded.reshape(layout.rows, layout.columns, pitch_y, pitch_x).transpose(0, 2, 1, 3)
    mosaic = mosaic.reshape(layout.rows * pitch_y, layout.columns * pitch_x)
    height, width = layout.shape
    return mosaic[:height, :width]


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
        layout = MosaicLayout(len(tiles), tiles.shape[1], tiles.shape[2], min(self.columns, len(tiles)) or 1,
                              self.gap, self.label_band)
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
