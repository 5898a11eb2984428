"""Synthetic hand-drawn digits for tests: polylines rendered with PIL (no Qt, no data set).

``draw_digit(7, box=250, width=20)`` gives a float32 canvas (bright ink on black, 0..1) with
a "7" whose bounding box is about ``box`` pixels tall, drawn with a round pen ``width``
pixels wide, its top-left corner at (``left``, ``top``).
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

#: Strokes in a unit box, (x, y) with y down.
DIGIT_STROKES: dict[int, list[list[tuple[float, float]]]] = {
    0: [[(0.5 + 0.45 * np.cos(t), 0.5 + 0.5 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]],
    1: [[(0.5, 0.0), (0.5, 1.0)]],
    3: [[(0.1, 0.1), (0.5, 0.0), (0.85, 0.15), (0.85, 0.35), (0.45, 0.5), (0.9, 0.65), (0.9, 0.85),
         (0.5, 1.0), (0.1, 0.9)]],
    4: [[(0.7, 1.0), (0.7, 0.0), (0.05, 0.7), (0.95, 0.7)]],
    7: [[(0.1, 0.05), (0.9, 0.05), (0.4, 1.0)]],
}


def draw_digit(digit: int, size: int = 400, box: float = 250, left: float = 75, top: float = 75,
               width: float = 20, aspect: float = 0.75) -> np.ndarray:
    """Render at twice the size and halve it (area average): anti-aliased, like the canvas."""
    image = Image.new("L", (2 * size, 2 * size), 0)
    pen = ImageDraw.Draw(image)
    for line in DIGIT_STROKES[digit]:
        points = [(2 * (left + x * box * aspect), 2 * (top + y * box)) for x, y in line]
        pen.line(points, fill=255, width=max(1, round(2 * width)), joint="curve")
        for px, py in points:  # round caps
            pen.ellipse([px - width, py - width, px + width, py + width], fill=255)
    return np.asarray(image.resize((size, size), Image.Resampling.BOX), dtype=np.float32) / 255.0


def save_png(grey: np.ndarray, path, dark_on_light: bool = True) -> None:
    """Save a bright-ink canvas as an 8-bit PNG, by default as dark ink on white paper."""
    values = 1.0 - grey if dark_on_light else grey
    Image.fromarray(np.clip(values * 255 + 0.5, 0, 255).astype(np.uint8), mode="L").save(path)
