"""The network drawn as blocks left to right, one per activation part, with the probe's activations.

As CNN Explainer and the tensor-size figure of the tutorial write-up draw a network: a
block for a convolution or a pooling is a stack of maps (its face as tall as the maps are,
its depth growing with the number of channels), a fully connected layer is a bar, the
output is the probabilities' bars. Each block is labelled with its part's name and the
shape of what it hands on (``conv1`` over ``32×28×28``) and shows the probe's activation
there (:func:`make_thumbnail`); the arrows between blocks name the layers that turn one
into the next. :func:`blocks_of` makes the blocks from a ``core.arch.Description``.

Drawn with QPainter: a dozen boxes, arrows and labels need no plot items. Where the width
is short the blocks shrink, the arrows lose their texts (the tooltips keep them), the
labels take a small font, and below that the widget asks for a scroll bar (its minimum
width). A click on a block emits ``block_clicked`` with its part.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...core import mosaic
from .arch_editor import readable
from .arch_editor import shape_label as shape_text

INPUT_PART, OUTPUT_PART = "input", "probabilities"
WINNER_COLOUR, BAR_COLOUR = QColor(255, 150, 40), QColor(90, 130, 190)
CHOSEN_COLOUR = QColor(255, 200, 60)
#: The smallest height of a 28×28 block's face, in pixels (smaller pictures show nothing).
MIN_UNIT = 28.0


def op_lines(op: str) -> list[str]:
    """An arrow's lines for one layer: "dropout keep 0.5" takes two."""
    return op.split(" ", 1) if op.startswith("dropout ") else [op]


def op_text(layer_text: str) -> str:
    """How an arrow names a layer: dropout as the keep probability, as the rest of the window."""
    if layer_text.startswith("dropout-"):
        try:
            return f"dropout keep {1 - float(layer_text.split('-', 1)[1]):.2g}"
        except ValueError:
            pass
    return layer_text


@dataclass(frozen=True)
class Block:
    """One shown tensor: the activation ``part``, its shape, and the layers that made it."""

    part: str
    shape: tuple[int, ...]
    ops: tuple[str, ...] = ()
    params: int = 0
    flops: int = 0

    @property
    def label(self) -> str:
        return f"{self.part} {shape_text(self.shape)}"

    @property
    def spatial(self) -> bool:
        return len(self.shape) == 3


def blocks_of(description, input_shape: tuple[int, int, int] = (1, 28, 28)) -> list[Block]:
    """The input, then one block per activation part of ``description`` (an arch.Description),
    each with the layers since the block before it: a part shown after several layers (a conv
    and its relu under "conv1") takes the last one's shape. A dropout (shown under the part
    before it: at test time it changes nothing) is drawn on the arrow after that block, where
    it acts while training."""
    groups: list[tuple[str, list]] = []
    pending: list = []
    for info in description.layers:
        pending.append(info)
        if info.part in (None, INPUT_PART) or (info.layer.kind == "dropout" and info is not description.layers[-1]):
            continue
        if groups and groups[-1][0] == info.part:
            groups[-1] = (info.part, groups[-1][1] + pending)
        else:
            groups.append((info.part, pending))
        pending = []
    if pending and groups:  # nothing after them is shown: on the last arrow
        groups[-1] = (groups[-1][0], groups[-1][1] + pending)
    blocks = [Block(INPUT_PART, tuple(input_shape))]
    for part, infos in groups:
        shape = [info.out_shape for info in infos if info.part == part][-1]
        ops = tuple(op_text(info.layer.text) for info in infos) + (("softmax",) if part == OUTPUT_PART else ())
        blocks.append(Block(part, tuple(shape), ops,
                            sum(info.params for info in infos), sum(info.flops for info in infos)))
    return blocks


# ================================================================ thumbnails
_TABLES: dict[str, np.ndarray] = {}


def coloured(values: np.ndarray, levels: tuple[float, float], colormap: str) -> QImage:
    """A 2-D array as an RGB image through ``colormap`` on ``levels``, picking colours as the
    mosaics do (core.mosaic.colour_indices); NaN (spare slots) in the gap colour."""
    table = _TABLES.get(colormap)
    if table is None:
        table = _TABLES[colormap] = pg.colormap.get(colormap).getLookupTable(
            0.0, 1.0, mosaic.LUT_SIZE, alpha=False).astype(np.uint8)
    values = np.asarray(values, dtype=np.float64)
    rgb = table[mosaic.colour_indices(values, levels)]
    rgb[~np.isfinite(values)] = mosaic.GAP_RGB
    rgb = np.ascontiguousarray(rgb)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


@dataclass
class Thumbnail:
    """What a block shows of the probe: ``values`` (2-D map, or 1-D units), the picture, which
    channel, and the shown values' range."""

    values: np.ndarray
    image: QImage | None
    channel: int | None = None
    low: float = 0.0
    high: float = 0.0


def make_thumbnail(part: str, array: np.ndarray) -> Thumbnail:
    """The probe's activation ``array`` of ``part`` as a block draws it: the input in grey on
    0..1; a stack of maps by its strongest channel (the largest mean) and units as a strip,
    each on its own levels (a thumbnail must be readable at 40 pixels; the feature maps panel
    compares channels): from 0 with the sequential map when nothing is negative, else
    symmetric around 0 with the diverging one, as the mosaics colour (core.mosaic)."""
    values = np.asarray(array, dtype=np.float32)
    if part == OUTPUT_PART:
        return Thumbnail(values.reshape(-1), None, low=float(values.min(initial=0)), high=float(values.max(initial=0)))
    channel = None
    if values.ndim == 3 and values.shape[0] == 1:
        values = values[0]
    elif values.ndim == 3:
        channel = int(np.argmax(np.nan_to_num(values.reshape(len(values), -1).mean(axis=1), nan=-np.inf)))
        values = values[channel]
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
    if part == INPUT_PART:
        return Thumbnail(values, coloured(values, (0.0, 1.0), mosaic.GREY), None, low, high)
    signed = low < 0
    levels = mosaic.symmetric_levels(values) if signed else mosaic.positive_levels(values)
    colormap = mosaic.DIVERGING if signed else mosaic.SEQUENTIAL
    picture = values
    if values.ndim == 1:  # units: a strip a few units wide, read row by row
        width = max(1, math.ceil(math.sqrt(len(values) / 8)))
        picture = np.full(width * math.ceil(len(values) / width), np.nan, dtype=np.float32)
        picture[:len(values)] = values
        picture = picture.reshape(-1, width)
    return Thumbnail(values, coloured(picture, levels, colormap), channel, low, high)


# =================================================================== diagram
class NetworkDiagram(QWidget):
    """The blocks and arrows, drawn with QPainter (a dozen boxes: no plot items needed)."""

    #: A block was clicked: its part.
    block_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocks: list[Block] = []
        self.thumbnails: dict[str, Thumbnail] = {}
        self.class_names: tuple[str, ...] = tuple(str(digit) for digit in range(10))
        self.short_class_names = self.class_names  # drawn over the winning bar
        self.chosen: str | None = None
        self.message = ""
        self.show_ops = True  # the arrows name their layers (if there is room: see _fit)
        self.label_font = self.font()
        self._faces: dict[str, tuple[QRectF, float]] = {}
        self.setMouseTracking(True)
        self.setMinimumSize(240, 110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.small = QFont(self.font())
        self.small.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.85))
        self.label_font = self.font()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(640, 160)

    def set_blocks(self, blocks: list[Block]) -> None:
        self.blocks = list(blocks)
        parts = {block.part for block in blocks}
        self.thumbnails = {part: thumb for part, thumb in self.thumbnails.items() if part in parts}
        if self.chosen not in parts:
            self.chosen = None
        self.setMinimumWidth(max(240, self.needed_width()))  # a scroll bar rather than illegible blocks
        self._layout()
        self.update()

    def set_activation(self, part: str, array: np.ndarray) -> None:
        self.thumbnails[part] = make_thumbnail(part, array)
        self.update()

    def clear_activations(self, keep_input: bool = False) -> None:
        self.thumbnails = {part: thumb for part, thumb in self.thumbnails.items() if keep_input and part == INPUT_PART}
        self.update()

    # ----------------------------------------------------------------- layout
    def _natural(self, block: Block, unit: float) -> tuple[float, float, float]:
        """(face width, face height, depth) of ``block`` for a 28×28 face ``unit`` pixels high."""
        if block.spatial:
            channels, height, width = block.shape
            side = unit * math.sqrt(max(height, 1) / 28)
            depth = 0.0 if channels <= 1 else min(unit * 0.35, 3.0 * math.log2(channels))
            return side * max(width, 1) / max(height, 1), side, depth
        if block.part == OUTPUT_PART:
            return unit * 0.95, unit * 0.7, 0.0
        units = int(block.shape[0]) if block.shape else 1
        height = unit * min(1.0, 0.35 + 0.65 * math.log(max(units, 2)) / math.log(4096))
        return max(10.0, unit * 0.22), height, 0.0

    def _gap(self, block: Block, show_ops: bool) -> float:
        """Room for the arrow into ``block`` and (``show_ops``) the names of its layers."""
        if not show_ops:
            return 18.0
        small = QFontMetricsF(self.small)
        return max(28.0, max((small.horizontalAdvance(line) for op in block.ops for line in op_lines(op)),
                             default=0.0) + 10.0)

    def _centres(self, unit: float, labels: list[float], gaps: list[float]) -> list[float]:
        """Each block's centre, from 0, and last the right end: its arrow's text beside it, the
        labels (above and below the blocks, so beside no arrow) at least a space apart."""
        sizes = [face_w + depth for face_w, _, depth in (self._natural(b, unit) for b in self.blocks)]
        centres = [max(sizes[0], labels[0]) / 2]
        for i in range(1, len(self.blocks)):
            step = max(sizes[i - 1] / 2 + gaps[i] + sizes[i] / 2, (labels[i - 1] + labels[i]) / 2 + 8)
            centres.append(centres[-1] + step)
        centres.append(centres[-1] + max(sizes[-1], labels[-1]) / 2)  # the right end
        return centres

    def _fit(self, width: float, height: float):
        """(unit, show the arrows' texts, label font, centres): the largest blocks that fit
        ``width``; where even the smallest do not, the arrows lose their texts (the tooltips keep
        them), then the labels take the small font; the last try is returned if nothing fits."""
        for show_ops, font in ((True, self.font()), (False, self.font()), (False, self.small)):
            metrics = QFontMetricsF(font)
            labels = [max(metrics.horizontalAdvance(b.part), metrics.horizontalAdvance(shape_text(b.shape)))
                      for b in self.blocks]
            gaps = [0.0] + [self._gap(block, show_ops) for block in self.blocks[1:]]
            unit = max(MIN_UNIT, min(height - 2 * metrics.height() - 14, 6.0 * QFontMetricsF(self.font()).height()))
            centres = self._centres(unit, labels, gaps)
            while centres[-1] + 8 > width and unit > MIN_UNIT:
                unit = max(MIN_UNIT, unit * 0.92)
                centres = self._centres(unit, labels, gaps)
            if centres[-1] + 8 <= width:
                break
        return unit, show_ops, font, centres

    def _layout(self) -> None:
        """Place the blocks for the widget's size now."""
        self._faces = {}
        if not self.blocks:
            return
        unit, self.show_ops, self.label_font, centres = self._fit(self.width(), self.height())
        offset = 4.0 + max(0.0, self.width() - 8 - centres[-1]) / 2
        middle = self.height() / 2
        for block, centre in zip(self.blocks, centres):
            face_w, face_h, depth = self._natural(block, unit)
            left = offset + centre - (face_w + depth) / 2
            top = middle - (face_h + depth) / 2
            self._faces[block.part] = (QRectF(left, top + depth, face_w, face_h), depth)

    def needed_width(self) -> int:
        """The width the smallest drawing of the blocks takes (the panel scrolls below it)."""
        if not self.blocks:
            return 0
        return int(math.ceil(self._fit(0.0, self.height())[3][-1] + 8))

    def block_rect(self, part: str) -> QRectF | None:
        """Where ``part``'s block is drawn (its face and its depth), in widget coordinates."""
        if part not in self._faces:
            return None
        face, depth = self._faces[part]
        return QRectF(face.left(), face.top() - depth, face.width() + depth, face.height() + depth)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._layout()

    # ---------------------------------------------------------------- drawing
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_pen = QPen(palette.windowText().color())
        if not self.blocks:
            painter.setPen(text_pen)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            return
        painter.setFont(self.label_font)
        metrics = painter.fontMetrics()
        # the names on one row above the tallest block, the shapes on one row below it
        rects = [self.block_rect(block.part) for block in self.blocks]
        band_top = min(rect.top() for rect in rects if rect is not None)
        band_bottom = max(rect.bottom() for rect in rects if rect is not None)
        previous: QRectF | None = None
        for block in self.blocks:
            rect = self.block_rect(block.part)
            if rect is None:
                continue
            if previous is not None:
                self._draw_arrow(painter, previous, rect, block.ops if self.show_ops else (), text_pen)
            self._draw_block(painter, block, *self._faces[block.part])
            painter.setPen(text_pen)
            centre = rect.center().x()
            painter.drawText(QPointF(centre - metrics.horizontalAdvance(block.part) / 2, band_top - 4), block.part)
            shape = shape_text(block.shape)
            painter.drawText(QPointF(centre - metrics.horizontalAdvance(shape) / 2,
                                     band_bottom + metrics.ascent() + 3), shape)
            previous = rect
        painter.end()

    def _draw_arrow(self, painter: QPainter, start: QRectF, end: QRectF, ops: tuple[str, ...], pen: QPen) -> None:
        y = self.height() / 2
        x0, x1 = start.right() + 3, end.left() - 3
        grey = QPen(QColor(128, 128, 128), 1.2)
        painter.setPen(grey)
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        painter.setBrush(QColor(128, 128, 128))
        painter.drawPolygon(QPolygonF([QPointF(x1, y), QPointF(x1 - 5, y - 3), QPointF(x1 - 5, y + 3)]))
        painter.setFont(self.small)
        painter.setPen(pen)
        small = painter.fontMetrics()
        lines = [line for op in ops for line in op_lines(op)]
        above = (len(lines) + 1) // 2  # half the names above the arrow, half below
        for row, line in enumerate(lines):
            baseline = (y - 3 - small.descent() - (above - 1 - row) * small.height() if row < above
                        else y + 3 + small.ascent() + (row - above) * small.height())
            painter.drawText(QPointF((x0 + x1 - small.horizontalAdvance(line)) / 2, baseline), line)
        painter.setFont(self.label_font)

    def _draw_block(self, painter: QPainter, block: Block, face: QRectF, depth: float) -> None:
        outline = QPen(CHOSEN_COLOUR, 2.5) if block.part == self.chosen else QPen(QColor(40, 40, 40), 1)
        if depth > 0:  # the stack of channels behind the face: a top and a side
            back = face.translated(depth, -depth)
            top = QPolygonF([face.topLeft(), back.topLeft(), back.topRight(), face.topRight()])
            side = QPolygonF([face.topRight(), back.topRight(), back.bottomRight(), face.bottomRight()])
            painter.setPen(outline)
            painter.setBrush(QColor(150, 150, 160))
            painter.drawPolygon(top)
            painter.setBrush(QColor(110, 110, 120))
            painter.drawPolygon(side)
        thumb = self.thumbnails.get(block.part)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(*mosaic.GAP_RGB))
        painter.drawRect(face)
        if thumb is not None and block.part == OUTPUT_PART:
            self._draw_bars(painter, face, thumb.values)
        elif thumb is not None and thumb.image is not None:
            painter.drawImage(face, thumb.image)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(outline)
        painter.drawRect(face)

    def _draw_bars(self, painter: QPainter, face: QRectF, probabilities: np.ndarray) -> None:
        """The probabilities as upright bars (as the feature maps panel draws them), the
        prediction orange and named over its bar."""
        count = max(1, len(probabilities))
        winner = int(np.argmax(probabilities)) if probabilities.size and probabilities.any() else -1
        pitch = face.width() / count
        inner = face.adjusted(0, 2, 0, -1)
        for k, p in enumerate(probabilities):
            height = float(np.clip(p, 0, 1)) * inner.height()
            painter.setBrush(WINNER_COLOUR if k == winner else BAR_COLOUR)
            painter.drawRect(QRectF(face.left() + k * pitch + pitch * 0.12, inner.bottom() - height,
                                    pitch * 0.76, height))
        if winner >= 0:
            name = self.short_class_names[winner] if winner < len(self.short_class_names) else str(winner)
            painter.setFont(self.small)
            metrics = painter.fontMetrics()
            over_bar = probabilities[winner] * inner.height() > inner.height() - metrics.height() - 2
            painter.setPen(QPen(QColor(0, 0, 0) if over_bar else QColor(255, 255, 255)))
            x = face.left() + (winner + 0.5) * pitch - metrics.horizontalAdvance(name) / 2
            x = min(max(x, face.left() + 1), face.right() - metrics.horizontalAdvance(name) - 1)
            painter.drawText(QPointF(x, face.top() + metrics.ascent() + 1), name)
            painter.setFont(self.label_font)
            painter.setPen(Qt.PenStyle.NoPen)

    # ------------------------------------------------------------------ mouse
    def part_at(self, pos: QPointF) -> str | None:
        """The part of the block at ``pos`` (widget coordinates), or None."""
        return next((part for part in self._faces if self.block_rect(part).adjusted(-3, -3, 3, 3).contains(pos)),
                    None)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        part = self.part_at(event.position())
        if part is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.chosen = part
        self.update()
        self.block_clicked.emit(part)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        part = self.part_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if part else Qt.CursorShape.ArrowCursor)
        if part is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(part), self)
        else:
            QToolTip.hideText()

    def describe(self, part: str) -> str:
        """The tooltip of ``part``'s block: what it is, its layers, their cost, what the picture shows."""
        block = next((b for b in self.blocks if b.part == part), None)
        if block is None:
            return ""
        lines = [block.label]
        if block.ops:
            lines.append(self.tr("made by: {0}").format(", ".join(block.ops)))
            lines.append(self.tr("{0} parameters, {1} FLOPs per image").format(f"{block.params:,}",
                                                                               readable(block.flops)))
        thumb = self.thumbnails.get(part)
        if thumb is None:
            lines.append(self.tr("the probe's activation appears here once a model is shown"))
        elif part == OUTPUT_PART:
            winner = int(np.argmax(thumb.values))
            name = self.class_names[winner] if winner < len(self.class_names) else str(winner)
            lines.append(self.tr("predicted {0} ({1} %)").format(name, f"{100 * thumb.values[winner]:.1f}"))
        elif part == INPUT_PART:
            lines.append(self.tr("picture: the probe image (0 = black, 1 = ink)"))
        elif thumb.channel is not None:
            lines.append(self.tr("picture: channel {0}, the strongest for this image (values {1} to {2})").format(
                thumb.channel, f"{thumb.low:.3g}", f"{thumb.high:.3g}"))
        elif thumb.values.ndim == 1:
            lines.append(self.tr("picture: the {0} units, row by row (values {1} to {2})").format(
                len(thumb.values), f"{thumb.low:.3g}", f"{thumb.high:.3g}"))
        lines.append(self.tr("click: show this layer in the other panels"))
        return "\n".join(lines)
