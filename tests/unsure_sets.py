"""Generated test sets for the canvas's "unsure" rule: digits, and things that are not digits.

Everything is made by code from a seed (nothing binary is stored): each image is drawn on a
280x280 canvas-like sheet (bright ink on black, 0..1) and pushed through
:func:`mnist_viz.core.preprocess.to_mnist`, exactly as the Draw a digit panel does. Images the
preprocessing refuses (too little ink) are dropped: the panel asks for more ink instead of
answering, so the rule never sees them.

Digits (the model should answer):

* ``mnist``: MNIST test digits, enlarged to the canvas's size;
* ``drawn``: all ten digits drawn as pen strokes (a round pen of random width, random
  slant, size, place and wobble), as a mouse draws them.

Not digits (the model should say it is unsure):

* ``letters``: Latin letters rendered from the system's fonts (DejaVu, Noto, ...; PIL's
  default font where none is found), minus the glyphs that *are* digits in someone's
  handwriting (O o I l i Z z S s B b g q G: see :data:`DIGIT_LIKE_LETTERS`);
* ``scribbles``: 2 to 5 random strokes of random pen widths;
* ``two_digits``: two MNIST test digits side by side (other digits than ``mnist``'s);
* ``noise``: blank-ish sheets (a few specks and dashes) and noise (uniform, blotches).

``make_sets(seed)`` returns {name: (N, 28, 28) float32}. The threshold is chosen on
seed 0 (:data:`CALIBRATION_SEED`) and checked on seed 1 (:data:`HELD_OUT_SEED`).
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from mnist_viz.core import preprocess

SIZE = 280
CALIBRATION_SEED, HELD_OUT_SEED = 0, 1
DIGIT_SETS = ("mnist", "drawn")
NOT_DIGIT_SETS = ("letters", "scribbles", "two_digits", "noise")
#: How many of each a set holds (before to_mnist drops the inkless ones).
COUNTS = {"mnist": 600, "drawn": 300, "letters": 300, "scribbles": 300, "two_digits": 200, "noise": 100}
#: Letters that are a digit in somebody's handwriting (O=0, I/l/i=1, Z/z=2, S/s=5, B=8, b=6,
#: g/q=9, G=6): a model that reads them as digits is right to, so they are not "not digits".
DIGIT_LIKE_LETTERS = set("OoIliZzSsBbgqG")
LETTERS = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" if c not in DIGIT_LIKE_LETTERS]
DIGIT_TEST_RANGE = (0, 5000)       # where the "mnist" digits come from
TWO_DIGITS_TEST_RANGE = (5000, 10000)  # and the pairs: other digits

#: Pen strokes of each digit in a unit box, (x, y) with y down.
_ARC = np.linspace(0, 1, 24)
DIGIT_STROKES: dict[int, list[list[tuple[float, float]]]] = {
    0: [[(0.5 + 0.45 * np.cos(t), 0.5 + 0.5 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]],
    1: [[(0.3, 0.2), (0.55, 0.0), (0.55, 1.0)]],
    2: [[(0.5 + 0.4 * np.cos(t), 0.3 + 0.3 * np.sin(t)) for t in np.linspace(-np.pi, 0.25 * np.pi, 16)]
        + [(0.05, 1.0), (0.95, 1.0)]],
    3: [[(0.1, 0.1), (0.5, 0.0), (0.85, 0.15), (0.85, 0.35), (0.45, 0.5), (0.9, 0.65), (0.9, 0.85),
         (0.5, 1.0), (0.1, 0.9)]],
    4: [[(0.7, 1.0), (0.7, 0.0), (0.05, 0.7), (0.95, 0.7)]],
    5: [[(0.9, 0.0), (0.2, 0.0), (0.15, 0.45)]
        + [(0.5 + 0.42 * np.cos(t), 0.7 + 0.3 * np.sin(t)) for t in np.linspace(-0.8 * np.pi, 0.85 * np.pi, 18)]],
    6: [[(0.8, 0.0), (0.35, 0.3)] + [(0.5 + 0.4 * np.cos(t), 0.7 + 0.3 * np.sin(t))
                                     for t in np.linspace(-0.9 * np.pi, 1.1 * np.pi, 24)]],
    7: [[(0.1, 0.05), (0.9, 0.05), (0.4, 1.0)]],
    8: [[(0.5 + 0.35 * np.sin(2 * np.pi * t), 0.25 - 0.25 * np.cos(2 * np.pi * t)) for t in _ARC]
        + [(0.5 - 0.45 * np.sin(2 * np.pi * t), 0.75 - 0.25 * np.cos(2 * np.pi * t)) for t in _ARC[1:]]],
    9: [[(0.5 + 0.4 * np.cos(t), 0.3 + 0.3 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 24)]
        + [(0.9, 0.3), (0.85, 1.0)]],
}


def render_strokes(strokes, widths) -> np.ndarray:
    """Polylines in canvas units drawn with a round pen, anti-aliased (rendered at 2x, area-averaged)."""
    image = Image.new("L", (2 * SIZE, 2 * SIZE), 0)
    pen = ImageDraw.Draw(image)
    for points, width in zip(strokes, widths):
        points = [(2 * x, 2 * y) for x, y in points]
        pen.line(points, fill=255, width=max(1, round(2 * width)), joint="curve")
        for px, py in (points[0], points[-1]):
            pen.ellipse([px - width, py - width, px + width, py + width], fill=255)
    return np.asarray(image.resize((SIZE, SIZE), Image.Resampling.BOX), dtype=np.float32) / 255.0


def drawn_digit(digit: int, rng: np.random.Generator) -> np.ndarray:
    """One digit as a hand on a mouse draws it: random size, place, slant, pen and wobble."""
    box = rng.uniform(140, 240)
    aspect = rng.uniform(0.55, 0.85)
    slant = rng.uniform(-0.25, 0.25)
    left = rng.uniform(10, SIZE - 10 - box * aspect - abs(slant) * box)
    top = rng.uniform(10, SIZE - 10 - box)
    strokes = []
    for line in DIGIT_STROKES[digit]:
        points = np.asarray(line, dtype=np.float64)
        points = points + rng.normal(0, 0.015, points.shape)     # the hand's wobble
        x = left + (points[:, 0] + slant * (1 - points[:, 1])) * box * aspect + max(0.0, -slant) * box
        y = top + points[:, 1] * box
        strokes.append(list(zip(x, y)))
    return render_strokes(strokes, [rng.uniform(10, 28)] * len(strokes))


def scribble(rng: np.random.Generator) -> np.ndarray:
    """2 to 5 random strokes (3 to 7 points each) anywhere on the sheet."""
    strokes = [list(map(tuple, rng.uniform(20, SIZE - 20, (rng.integers(3, 8), 2))))
               for _ in range(rng.integers(2, 6))]
    return render_strokes(strokes, rng.uniform(8, 26, len(strokes)))


@functools.cache
def font_files() -> tuple[str, ...]:
    """The system's TrueType/OpenType fonts with Latin letters (fc-list, else /usr/share/fonts)."""
    paths: set[str] = set()
    try:
        listing = subprocess.run(["fc-list", ":lang=en", "file"], capture_output=True, text=True,
                                 timeout=20, check=False).stdout
        paths = {line.split(":")[0].strip() for line in listing.splitlines() if line.strip()}
    except (OSError, subprocess.SubprocessError):
        pass
    if not paths:
        for folder in ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts")):
            paths |= {str(p) for p in Path(folder).rglob("*") if p.suffix.lower() in (".ttf", ".otf", ".ttc")}
    return tuple(sorted(p for p in paths if p.lower().endswith((".ttf", ".otf", ".ttc"))))


def letter(character: str, font_path: str | None, rng: np.random.Generator) -> np.ndarray:
    """``character`` in the font, large, at a random place and slight rotation."""
    size = int(rng.integers(150, 230))
    try:
        font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default(size)
    except (OSError, TypeError):
        font = ImageFont.load_default()
    image = Image.new("L", (SIZE, SIZE), 0)
    pen = ImageDraw.Draw(image)
    left, top, right, bottom = pen.textbbox((0, 0), character, font=font)
    x = rng.uniform(0, max(1.0, SIZE - (right - left))) - left
    y = rng.uniform(0, max(1.0, SIZE - (bottom - top))) - top
    pen.text((x, y), character, fill=255, font=font)
    image = image.rotate(rng.uniform(-12, 12), resample=Image.Resampling.BILINEAR)
    return np.asarray(image, dtype=np.float32) / 255.0


def enlarge(image: np.ndarray, width: int = SIZE, height: int = SIZE) -> np.ndarray:
    as_image = Image.fromarray(np.clip(image * 255, 0, 255).astype(np.uint8), mode="L")
    return np.asarray(as_image.resize((width, height), Image.Resampling.BILINEAR), dtype=np.float32) / 255.0


def noise_sheet(kind: int, rng: np.random.Generator) -> np.ndarray:
    """Blank-ish (0: a few specks and short dashes) or noise (1: uniform, 2: blotches)."""
    if kind == 0:
        strokes = []
        for _ in range(rng.integers(3, 9)):
            x, y = rng.uniform(20, SIZE - 20, 2)
            dx, dy = rng.normal(0, 8, 2)
            strokes.append([(x, y), (x + dx, y + dy)])
        return render_strokes(strokes, rng.uniform(4, 12, len(strokes)))
    if kind == 1:
        return rng.uniform(0, rng.uniform(0.3, 1.0), (SIZE, SIZE)).astype(np.float32)
    small = (rng.uniform(0, 1, (14, 14)) > rng.uniform(0.5, 0.8)).astype(np.float32)
    return enlarge(small)


@functools.cache
def _mnist_test():
    from mnist_viz.core import data

    test = data.load(data.resolve_root()).test
    return test.images.numpy().astype(np.float32) / 255.0, test.labels.numpy()


def _picked(rng: np.random.Generator, low: int, high: int, count: int) -> np.ndarray:
    return rng.choice(np.arange(low, high), size=count, replace=False)


def sheets(name: str, seed: int):
    """Yield (canvas-like sheet, digit label or -1) for set ``name``."""
    rng = np.random.default_rng([seed, list(COUNTS).index(name)])
    count = COUNTS[name]
    if name == "mnist":
        images, labels = _mnist_test()
        for index in _picked(rng, *DIGIT_TEST_RANGE, count):
            yield enlarge(images[index]), int(labels[index])
    elif name == "drawn":
        for index in range(count):
            yield drawn_digit(index % 10, rng), index % 10
    elif name == "letters":
        fonts = font_files() or (None,)
        for _ in range(count):
            yield letter(str(rng.choice(LETTERS)), fonts[rng.integers(len(fonts))], rng), -1
    elif name == "scribbles":
        for _ in range(count):
            yield scribble(rng), -1
    elif name == "two_digits":
        images, _ = _mnist_test()
        for _ in range(count):
            first, second = _picked(rng, *TWO_DIGITS_TEST_RANGE, 2)
            gap = int(rng.integers(-2, 6))
            pair = np.zeros((28, 56 + gap), dtype=np.float32)
            pair[:, :28] = images[first]
            pair[:, 28 + gap:] = np.maximum(pair[:, 28 + gap:], images[second])
            yield enlarge(pair, SIZE, SIZE // 2), -1
    elif name == "noise":
        for index in range(count):
            yield noise_sheet(index % 3, rng), -1
    else:
        raise KeyError(name)


@functools.cache
def make_set(name: str, seed: int = CALIBRATION_SEED) -> tuple[np.ndarray, np.ndarray]:
    """(images (N, 28, 28) float32 as the model receives them, labels (N,), -1 for not digits)."""
    images, labels = [], []
    for sheet, label in sheets(name, seed):
        image = preprocess.to_mnist(sheet)
        if image is not None:
            images.append(image)
            labels.append(label)
    return np.stack(images).astype(np.float32), np.asarray(labels, dtype=np.int64)


def make_sets(seed: int = CALIBRATION_SEED) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {name: make_set(name, seed) for name in COUNTS}
