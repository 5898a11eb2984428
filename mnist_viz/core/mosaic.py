"""How a grid of small images (filters, weight templates, feature maps) is laid out and coloured.

One set of rules, shared by the window's mosaics (``gui/widgets/mosaic.py``'s
``MosaicView``) and the pictures exported from a recording (``core/export.py``), so that a
GIF frame of a part shows its tiles where the panel shows them, with the same colours:

* the layout (:class:`MosaicLayout`): N tiles of h x w pixels, ``columns`` to a row, row
  by row, a 1-pixel gap between tiles and an optional band above each tile for its label;
  where tile k lies and which tile a point hits;
* the mosaic image (:func:`build_mosaic`): the tiles put into one float32 array with a
  numpy reshape/transpose, gaps and spare slots NaN (drawn as the gap colour);
* the colour levels: symmetric around zero for signed values (weights, filters, evidence:
  white is 0), from 0 up for activations after a ReLU (:func:`symmetric_levels`,
  :func:`positive_levels`), and how a value picks one of a colour map's 256 colours
  (:func:`colour_indices`, pyqtgraph's rule);
* for each part a panel shows (:data:`PARTS`): how its array becomes tiles
  (:func:`part_tiles`), its columns and label band (:func:`part_layout`) and its levels
  (:func:`part_levels`).

numpy only: no Qt, no torch.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

# Colour maps, by pyqtgraph's names (the window reads them with pyqtgraph, the export from
# pyqtgraph's CSV files).
DIVERGING = "CET-D1A"   # blue - white - red, perceptually uniform
SEQUENTIAL = "inferno"  # black - purple - yellow
GREY = "CET-L1"         # black - white
#: RGB of the gaps between tiles and of a mosaic's background: a dark grey, distinct from
#: the diverging map's white and blue and from the sequential map's black.
GAP_RGB = (64, 64, 64)
#: Colours in a colour map's lookup table (pyqtgraph's ImageItem uses 256).
LUT_SIZE = 256


# ------------------------------------------------------------------ levels
def symmetric_levels(values: np.ndarray, floor: float = 0.0) -> tuple[float, float]:
    """(-m, m) with m = max(max |values|, floor): zero always maps to the middle of the colour map.

    All-zero (or empty, or all-NaN) values with no floor give (-1, 1).
    """
    values = np.asarray(values)
    finite = np.abs(values[np.isfinite(values)]) if values.size else np.empty(0)
    m = float(finite.max()) if finite.size else 0.0
    m = max(m, floor)
    return (-m, m) if m > 0 else (-1.0, 1.0)


def positive_levels(values: np.ndarray) -> tuple[float, float]:
    """(0, max): for activations after a ReLU (all-zero values give (0, 1))."""
    values = np.asarray(values)
    finite = values[np.isfinite(values)] if values.size else np.empty(0)
    m = float(finite.max()) if finite.size else 0.0
    return (0.0, m) if m > 0 else (0.0, 1.0)


def colour_indices(values: np.ndarray, levels: tuple[float, float], size: int = LUT_SIZE) -> np.ndarray:
    """Which of a colour map's ``size`` colours each value gets on ``levels``, as pyqtgraph's ImageItem picks it.

    floor((value - low) * size / (high - low)), clipped to [0, size - 1]; NaN gets the middle
    colour (the caller paints NaN pixels, the gaps, in :data:`GAP_RGB`).
    """
    low, high = float(levels[0]), float(levels[1])
    span = high - low if high != low and math.isfinite(high - low) else 1.0
    scaled = (np.asarray(values, dtype=np.float64) - low) * (size / span)
    scaled = np.nan_to_num(scaled, nan=size / 2, posinf=size - 1, neginf=0.0)
    return np.clip(np.floor(scaled), 0, size - 1).astype(np.intp)


# ------------------------------------------------------------------ layout
@dataclass(frozen=True)
class MosaicLayout:
    """Where tile k lies in the mosaic image (rows and columns of data pixels)."""

    count: int
    tile_height: int
    tile_width: int
    columns: int
    gap: int = 1
    label_band: int = 0  # rows above each tile kept free for its label

    @classmethod
    def for_tiles(cls, tile_shape: tuple[int, ...], columns: int, gap: int = 1,
                  label_band: int = 0) -> MosaicLayout:
        """The layout of tiles (N, h, w) at most ``columns`` to a row (fewer tiles: one row of them)."""
        count, tile_height, tile_width = (int(side) for side in tile_shape)
        return cls(count, tile_height, tile_width, min(columns, count) or 1, gap, label_band)

    @property
    def rows(self) -> int:
        return max(1, math.ceil(self.count / self.columns))

    @property
    def pitch(self) -> tuple[int, int]:
        """Rows and columns from one tile's top-left corner to the next one's."""
        return self.label_band + self.tile_height + self.gap, self.tile_width + self.gap

    @property
    def shape(self) -> tuple[int, int]:
        pitch_y, pitch_x = self.pitch
        return self.rows * pitch_y - self.gap, self.columns * pitch_x - self.gap

    def cell(self, index: int) -> tuple[int, int]:
        """(row, column) of tile ``index`` in the grid: row by row, left to right."""
        return divmod(index, self.columns)

    def tile_origin(self, index: int) -> tuple[int, int]:
        """(top row, left column) of tile ``index``'s first pixel."""
        pitch_y, pitch_x = self.pitch
        row, column = self.cell(index)
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


# ------------------------------------------------------------------- parts
@dataclass(frozen=True)
class PartMosaic:
    """How the panels draw one part: tiles per row, a label band above each tile, colours."""

    columns: int
    label_band: int = 0
    colormap: str = DIVERGING
    signed: bool = True  # levels symmetric around 0; else (0, max)
    gap: int = 1


#: The parts drawn as mosaics, as the panels draw them (softmax_weights.py, filters.py,
#: feature_maps.py): the weights, and the probe's activations and evidence.
PARTS: dict[str, PartMosaic] = {
    "softmax_weights": PartMosaic(columns=5, label_band=6),  # ten 28x28 templates, labelled
    "conv1_filters": PartMosaic(columns=8),                  # 32 5x5 filters
    "conv2_filters": PartMosaic(columns=16),                 # 64 filters' kernels for one conv1 channel
    "evidence": PartMosaic(columns=5, label_band=6),         # x * W[:, k], ten 28x28
    "conv1": PartMosaic(columns=8, colormap=SEQUENTIAL, signed=False),
    "pool1": PartMosaic(columns=8, colormap=SEQUENTIAL, signed=False),
    "conv2": PartMosaic(columns=8, colormap=SEQUENTIAL, signed=False),
    "pool2": PartMosaic(columns=8, colormap=SEQUENTIAL, signed=False),
    "fc1": PartMosaic(columns=1, colormap=SEQUENTIAL, signed=False),  # 1,024 units as one 32x32 tile
}


#: A deeper conv layer's filters (conv3_filters, ...: the playground), drawn as conv2's.
_DEEP_FILTERS = re.compile(r"conv([2-9]|[1-9][0-9]+)_filters")


def _part(part: str) -> PartMosaic:
    try:
        return PARTS[part]
    except KeyError:
        if _DEEP_FILTERS.fullmatch(part):
            return PARTS["conv2_filters"]
        raise ValueError(f"{part!r} is not drawn as a mosaic; parts that are: {', '.join(PARTS)}") from None


def part_tiles(part: str, array: np.ndarray, channel: int = 0) -> np.ndarray:
    """The (N, h, w) tiles the panel shows for ``part``'s array.

    softmax_weights (10, 28, 28), conv1_filters (32, 5, 5) and the feature maps (C, h, w)
    are their own tiles; conv2_filters (64, 32, 5, 5) shows each filter's kernel for one
    input channel (``channel``, the panel's default 0); fc1's 1,024 units are one 32x32 tile.
    """
    _part(part)
    array = np.asarray(array, dtype=np.float32)
    if _DEEP_FILTERS.fullmatch(part):
        if array.ndim != 4 or not 0 <= channel < array.shape[1]:
            raise ValueError(f"{part} must be (filters, channels, h, w) and channel within it; "
                             f"got shape {array.shape} and channel {channel}")
        return array[:, channel]
    if part == "fc1":
        side = math.isqrt(array.size)
        if side * side != array.size:
            raise ValueError(f"fc1 must have a square number of units to be drawn as a square, not {array.size}")
        return array.reshape(1, side, side)
    if array.ndim == 2:
        return array[None]
    return array.reshape(-1, *array.shape[-2:])


def part_layout(part: str, tile_shape: tuple[int, ...]) -> MosaicLayout:
    """The layout of ``part``'s tiles (N, h, w), as its panel lays them out."""
    style = _part(part)
    return MosaicLayout.for_tiles(tile_shape, style.columns, style.gap, style.label_band)


def part_levels(part: str, array: np.ndarray) -> tuple[float, float]:
    """``part``'s automatic colour levels, as its panel takes them: from the whole array.

    For conv2_filters that is all 32 input channels, not only the one shown: one range per
    layer, so that colours of different channels compare.
    """
    return symmetric_levels(array) if _part(part).signed else positive_levels(array)
