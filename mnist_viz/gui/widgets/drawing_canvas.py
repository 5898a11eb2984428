"""A square sheet to draw a digit on, with the mouse, a tablet pen or a finger.

The drawing is kept as strokes (lists of points in canvas units, 0..``CANVAS_SIZE``) plus
an optional background image (a loaded picture), never as screen pixels, so that it can
be drawn at any widget size and rendered for the model at a fixed size:

* on screen: dark ink on white paper, anti-aliased, round caps and joins, the points
  joined by quadratic curves through their midpoints (smooth even when the mouse is fast);
* for the model (:meth:`DrawingCanvas.ink_array`): bright ink on black,
  ``CANVAS_SIZE`` x ``CANVAS_SIZE``, values 0..1, the input that
  :func:`mnist_viz.core.preprocess.to_mnist` expects.

A tablet pen's pressure changes the width along the stroke. Every change (also while a
stroke is being drawn) emits ``changed``. ``undo`` steps back one stroke (or one load or
clear); ``clear`` empties the sheet. Esc and Ctrl+Z work while the canvas has focus.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QKeySequence, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

CANVAS_SIZE = 280            # canvas units (the model render is this many pixels square)
DEFAULT_PEN_WIDTH = 20       # in canvas units: a digit drawn across most of the sheet then
PEN_WIDTH_RANGE = (4, 48)    # has MNIST-like strokes (about 2 of its 20 pixels)
PAPER = QColor(252, 252, 250)
INK = QColor(25, 25, 30)
HINT = QColor(150, 150, 150)
EDGE = QColor(170, 170, 170)


@dataclass(frozen=True)
class Stroke:
    points: tuple[tuple[float, float, float], ...]  # (x, y, pressure 0..1) in canvas units
    width: float


@dataclass(frozen=True)
class Drawing:
    """One state of the sheet (immutable: undo keeps a list of them)."""

    strokes: tuple[Stroke, ...] = ()
    background: np.ndarray | None = None  # (CANVAS_SIZE, CANVAS_SIZE) float32, bright ink

    @property
    def empty(self) -> bool:
        return not self.strokes and self.background is None


def pressure_factor(pressure: float) -> float:
    """Mouse and touch report 1.0 (factor 1); a pen gets 0.4x (light) to 1.2x (hard)."""
    return 1.0 if pressure >= 1.0 else 0.4 + 0.8 * max(0.0, pressure)


def paint_stroke(painter: QPainter, points, width: float, colour: QColor) -> None:
    """Anti-aliased stroke through ``points`` (smoothed), width varying with pressure."""
    if not points:
        return
    if len(points) == 1:
        x, y, p = points[0]
        radius = width * pressure_factor(p) / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(QPointF(x, y), radius, radius)
        return
    pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    xy = [QPointF(x, y) for x, y, _ in points]
    pressures = [p for _, _, p in points]
    if max(pressures) - min(pressures) < 0.05:
        # One path: quadratic curves from midpoint to midpoint, the points as controls.
        path = QPainterPath(xy[0])
        for i in range(1, len(xy) - 1):
            path.quadTo(xy[i], (xy[i] + xy[i + 1]) / 2)
        path.lineTo(xy[-1])
        pen.setWidthF(width * pressure_factor(pressures[0]))
        painter.setPen(pen)
        painter.drawPath(path)
        return
    # Varying pressure: the same curve, one piece per point, each with its own width.
    start = xy[0]
    for i in range(1, len(xy)):
        end = (xy[i] + xy[i + 1]) / 2 if i < len(xy) - 1 else xy[i]
        path = QPainterPath(start)
        path.quadTo(xy[i], end)
        pen.setWidthF(width * pressure_factor(pressures[i]))
        painter.setPen(pen)
        painter.drawPath(path)
        start = end


def grey_to_qimage(grey: np.ndarray) -> QImage:
    """0..1 float array -> Grayscale8 QImage (owns its pixels)."""
    pixels = np.ascontiguousarray(np.clip(grey * 255.0 + 0.5, 0, 255).astype(np.uint8))
    height, width = pixels.shape
    return QImage(pixels.data, width, height, width, QImage.Format.Format_Grayscale8).copy()


def qimage_to_grey(image: QImage) -> np.ndarray:
    """Grayscale8 QImage -> float32 array in 0..1."""
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    height, width, stride = image.height(), image.width(), image.bytesPerLine()
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, :width].astype(np.float32) / 255.0


def fit_to_canvas(grey: np.ndarray) -> np.ndarray:
    """An image of any size, scaled to fit the sheet (aspect kept) and centred on it."""
    from PIL import Image

    height, width = grey.shape
    scale = CANVAS_SIZE / max(height, width)
    new_w, new_h = max(1, round(width * scale)), max(1, round(height * scale))
    method = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    resized = np.asarray(Image.fromarray(np.asarray(grey, dtype=np.float32), mode="F").resize(
        (new_w, new_h), method), dtype=np.float32)
    sheet = np.zeros((CANVAS_SIZE, CANVAS_SIZE), dtype=np.float32)
    top, left = (CANVAS_SIZE - new_h) // 2, (CANVAS_SIZE - new_w) // 2
    sheet[top:top + new_h, left:left + new_w] = np.clip(resized, 0.0, 1.0)
    return sheet


class DrawingCanvas(QWidget):
    """The sheet. ``changed`` fires on every change of the ink, also mid-stroke."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawing = Drawing()
        self.pen_width = float(DEFAULT_PEN_WIDTH)
        self._history: list[Drawing] = []
        self._current: list[tuple[float, float, float]] | None = None
        self._current_width = self.pen_width
        self._cache: QImage | None = None           # committed drawing at screen resolution
        self._background_display: QImage | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(140, 140)
        self.setToolTip(self.tr("Draw a digit: mouse, pen or finger. Esc clears, Ctrl+Z undoes the last stroke."))
        #: Shown on the empty sheet (the panel sets it in the interface's language).
        self.hint_text = "Draw a digit here"
        self.setAccessibleName("Drawing canvas")

    # ----------------------------------------------------------------- state
    @property
    def empty(self) -> bool:
        return self.drawing.empty and self._current is None

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def set_pen_width(self, width: float) -> None:
        self.pen_width = float(width)

    def clear(self) -> None:
        if self.empty:
            return
        self._current = None
        self._set_drawing(Drawing())

    def undo(self) -> None:
        if self._current is not None:   # undo while drawing drops the stroke being drawn
            self._current = None
            self.update()
            self.changed.emit()
            return
        if self._history:
            self._set_drawing(self._history.pop(), remember=False)

    def set_background(self, grey: np.ndarray) -> None:
        """Replace the sheet by a picture (bright ink on black, any size; it is fitted)."""
        self._current = None
        self._set_drawing(Drawing(background=fit_to_canvas(grey)))

    def _set_drawing(self, drawing: Drawing, remember: bool = True) -> None:
        if remember:
            self._history.append(self.drawing)
        if drawing.background is not self.drawing.background:
            self._background_display = None
        self.drawing = drawing
        self._cache = None
        self.update()
        self.changed.emit()

    # ---------------------------------------------------------------- output
    def ink_image(self) -> QImage:
        """The drawing for the model: white ink on black, CANVAS_SIZE square, Grayscale8."""
        image = QImage(CANVAS_SIZE, CANVAS_SIZE, QImage.Format.Format_Grayscale8)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self._paint_drawing(painter, QColor(255, 255, 255), for_screen=False)
        painter.end()
        return image

    def ink_array(self) -> np.ndarray:
        """(CANVAS_SIZE, CANVAS_SIZE) float32, bright ink 0..1 on black."""
        return qimage_to_grey(self.ink_image())

    def paper_image(self) -> QImage:
        """The drawing as a person sees it (dark ink on white), for saving as PNG."""
        image = self.ink_image()
        image.invertPixels()
        return image

    # --------------------------------------------------------------- drawing
    def _square(self) -> QRectF:
        side = max(1.0, min(self.width(), self.height()) - 2.0)
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _to_canvas(self, position: QPointF) -> tuple[float, float]:
        square = self._square()
        scale = CANVAS_SIZE / square.width()
        return (position.x() - square.left()) * scale, (position.y() - square.top()) * scale

    def _paint_drawing(self, painter: QPainter, colour: QColor, for_screen: bool, committed_only: bool = False
                       ) -> None:
        """Background and strokes in canvas units (the painter maps them to its device)."""
        background = self.drawing.background
        if background is not None:
            if for_screen:
                if self._background_display is None:
                    self._background_display = grey_to_qimage(1.0 - background)
                image = self._background_display
            else:
                image = grey_to_qimage(background)
            painter.drawImage(QRectF(0, 0, CANVAS_SIZE, CANVAS_SIZE), image)
        for stroke in self.drawing.strokes:
            paint_stroke(painter, stroke.points, stroke.width, colour)
        if self._current is not None and not committed_only:
            paint_stroke(painter, self._current, self._current_width, colour)

    def _rebuild_cache(self, square: QRectF) -> QImage:
        ratio = self.devicePixelRatioF()
        size = QSize(max(1, round(square.width() * ratio)), max(1, round(square.height() * ratio)))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(PAPER)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.scale(size.width() / CANVAS_SIZE, size.height() / CANVAS_SIZE)
        self._paint_drawing(painter, INK, for_screen=True, committed_only=True)
        painter.end()
        image.setDevicePixelRatio(ratio)
        return image

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        square = self._square()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._cache is None or self._cache.deviceIndependentSize().toSize() != square.size().toSize():
            self._cache = self._rebuild_cache(square)
        painter.drawImage(square.topLeft(), self._cache)
        if self._current is not None:
            painter.save()
            painter.setClipRect(square)
            painter.translate(square.topLeft())
            painter.scale(square.width() / CANVAS_SIZE, square.height() / CANVAS_SIZE)
            paint_stroke(painter, self._current, self._current_width, INK)
            painter.restore()
        painter.setPen(QPen(EDGE, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(square.adjusted(-0.5, -0.5, 0.5, 0.5))
        if self.empty:
            painter.setPen(HINT)
            painter.drawText(square, Qt.AlignmentFlag.AlignCenter, self.hint_text)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._cache = None
        super().resizeEvent(event)

    # ------------------------------------------------------------------ input
    def _begin(self, position: QPointF, pressure: float) -> None:
        x, y = self._to_canvas(position)
        self._current = [(x, y, pressure)]
        self._current_width = self.pen_width
        self.update()
        self.changed.emit()

    def _extend(self, position: QPointF, pressure: float) -> None:
        if self._current is None:
            return
        x, y = self._to_canvas(position)
        last_x, last_y, _ = self._current[-1]
        if (x - last_x) ** 2 + (y - last_y) ** 2 < 0.25:  # under half a canvas unit: skip
            return
        self._current.append((x, y, pressure))
        self.update()
        self.changed.emit()

    def _finish(self) -> None:
        if self._current is None:
            return
        stroke = Stroke(points=tuple(self._current), width=self._current_width)
        self._current = None
        self._set_drawing(replace(self.drawing, strokes=self.drawing.strokes + (stroke,)))

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._begin(event.position(), 1.0)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), 1.0)
            event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._finish()
            event.accept()

    def tabletEvent(self, event) -> None:  # noqa: N802
        kind = event.type()
        pressure = min(0.999, max(0.0, event.pressure()))
        if kind == QEvent.Type.TabletPress:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            self._finish()
        event.accept()  # no synthesised mouse events on top

    def event(self, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel):
            points = event.points()
            if kind == QEvent.Type.TouchCancel:
                self._current = None
                self.update()
                self.changed.emit()
            elif points:
                position = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(position, 1.0)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(position, 1.0)
                else:
                    self._extend(position, 1.0)
                    self._finish()
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        else:
            super().keyPressEvent(event)
