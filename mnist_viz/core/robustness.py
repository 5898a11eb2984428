"""Generalisation test sets: digits unlike the ones a model trained on, and its accuracy on each.

A model that reads MNIST's test digits is not yet a model that reads anyone's
handwriting. These sets measure the gap, each built reproducibly (a fixed seed) from
what the project has: MNIST's *test* digits (never trained on) pushed through
transformations that the training recipes (:data:`mnist_viz.core.augment.RECIPES`) never
use, or stronger than their range (tests/core/test_robustness.py checks it), and digits
drawn as a mouse draws them, through the canvas's own preprocessing
(:func:`mnist_viz.core.preprocess.to_mnist`). So a model that
does well here has learnt something that carries over, not the recipe itself.

==================  =====================================================================
set                 what it is (the canvas recipe's range, for comparison)
==================  =====================================================================
mnist-test          MNIST's test digits as they are (the reference)
rotated             rotated by 20-30 degrees either way (training: at most 12)
scaled              shrunk to 0.62-0.72 or enlarged to 1.22-1.32 (training: 0.85-1.12)
thick-pen           strokes 2.5-3.5 px wider (training: at most 1.5 wider)
thin-pen            strokes 1.2-1.6 px narrower, peak brightness kept (training: at most 0.8)
low-res-8           resampled at 8 x 8 pixels and enlarged bilinearly (training: 14 or 10)
blurred             a Gaussian blur of sigma 1.3-1.7 px (training: 0.4-0.9)
elastic-fine        an elastic field twice as fine, sigma 2 px, RMS 0.8 px (training: sigma 4)
faint-soft          faint ink (peak 0.25-0.4) with soft edges, gamma 0.4-0.5 (training: 0.6+, 0.7+)
drawn               all ten digits drawn as polylines with a round pen (two or three styles
                    per digit: crossed 7s, flagged 1s, open 4s...), each stroke wobbling
                    (a hand's slow drift plus jitter at each mouse sample), slanted, pens
                    2-15 % of the digit's height, then through the canvas's preprocessing
==================  =====================================================================

:func:`build_sets` makes them all (or the named ones); :func:`evaluate` gives a
predictor's accuracy on each; :func:`through_canvas` gives a set as the canvas would feed
it to the model (through ``to_mnist``, which undoes size, position, faint ink and very
thick pens); ``scripts/eval_robustness.py`` prints the table for the
shipped models and any checkpoint. :func:`canvas_set` turns any bright-ink drawings
(the tests' ``tests/drawn_digits.py`` among them) into a set the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import torch

    from .inference import Predictor

#: The seed every set is built from (each set adds its own index to it).
SEED = 20


@dataclass(frozen=True)
class TestSet:
    """Images ``(N, 28, 28)`` float32 in [0, 1] (bright ink) with their labels ``(N,)``."""

    __test__ = False  # not a pytest class

    name: str
    description: str
    images: np.ndarray
    labels: np.ndarray

    def __len__(self) -> int:
        return int(self.labels.shape[0])


# ------------------------------------------------------------ sets from MNIST's test digits
def _either_way(generator: torch.Generator, n: int, low: float, high: float) -> torch.Tensor:
    """Uniform magnitudes in [low, high] with a random sign."""
    import torch

    magnitude = low + (high - low) * torch.rand(n, generator=generator)
    sign = torch.where(torch.rand(n, generator=generator) < 0.5, -1.0, 1.0)
    return magnitude * sign


def _uniform(generator: torch.Generator, n: int, low: float, high: float) -> torch.Tensor:
    import torch

    return low + (high - low) * torch.rand(n, generator=generator)


def _rotated(x, g):
    from . import augment as A

    n = len(x)
    return A.warp(x, A.affine_matrices(_either_way(g, n, 20.0, 30.0), 1.0, 0.0, 0.0, 0.0))


def _scaled(x, g):
    import torch

    from . import augment as A

    n = len(x)
    small = torch.rand(n, generator=g) < 0.5
    scale = torch.where(small, _uniform(g, n, 0.62, 0.72), _uniform(g, n, 1.22, 1.32))
    return A.warp(x, A.affine_matrices(torch.zeros(n), scale, 0.0, 0.0, 0.0))


def _thick(x, g):
    from . import augment as A

    return A.stroke_width(x, _uniform(g, len(x), 2.5, 3.5))


def _thin(x, g):
    from . import augment as A

    return A.stroke_width(x, -_uniform(g, len(x), 1.2, 1.6))


def _low_res(x, g):
    from . import augment as A

    return A.low_resolution(x, 8)


def _blurred(x, g):
    from . import augment as A

    return A.blur(x, _uniform(g, len(x), 1.3, 1.7))


def _elastic_fine(x, g):
    import torch

    from . import augment as A

    n = len(x)
    noise = torch.rand((n, 2, 28, 28), generator=g) * 2 - 1
    field = A.elastic_field(noise, torch.full((n,), 0.8), sigma=2.0)
    return A.warp(x, A.affine_matrices(torch.zeros(n), 1.0, 0.0, 0.0, 0.0), field)


def _faint_soft(x, g):
    from . import augment as A

    n = len(x)
    return A.contrast(x, _uniform(g, n, 0.25, 0.4), _uniform(g, n, 0.4, 0.5))


#: name -> (description, transformation of a float batch (N, 1, 28, 28) given a generator)
MNIST_SETS: dict[str, tuple[str, Callable | None]] = {
    "mnist-test": ("MNIST's test digits as they are", None),
    "rotated": ("rotated 20-30 degrees either way (training: at most 12)", _rotated),
    "scaled": ("shrunk to 0.62-0.72 or enlarged to 1.22-1.32 (training: 0.85-1.12)", _scaled),
    "thick-pen": ("strokes 2.5-3.5 px wider (training: at most 1.5)", _thick),
    "thin-pen": ("strokes 1.2-1.6 px narrower (training: at most 0.8)", _thin),
    "low-res-8": ("resampled at 8x8 px, enlarged bilinearly (training: 14 or 10)", _low_res),
    "blurred": ("Gaussian blur, sigma 1.3-1.7 px (training: 0.4-0.9)", _blurred),
    "elastic-fine": ("elastic field of sigma 2 px, RMS 0.8 px (training: sigma 4)", _elastic_fine),
    "faint-soft": ("faint ink (peak 0.25-0.4), gamma 0.4-0.5 (training: 0.6-1, 0.7-1.4)", _faint_soft),
}


def mnist_set(name: str, images_uint8: torch.Tensor, labels: torch.Tensor, seed: int = SEED) -> TestSet:
    """MNIST test digits (uint8 ``(N, 28, 28)``) through the transformation called ``name``."""
    import torch

    from .data import to_float

    if name not in MNIST_SETS:
        raise ValueError(f"unknown test set {name!r}; choose one of {', '.join(list(MNIST_SETS) + ['drawn'])}")
    description, transform = MNIST_SETS[name]
    x = to_float(images_uint8)
    if transform is not None:
        generator = torch.Generator().manual_seed(seed + list(MNIST_SETS).index(name))
        with torch.inference_mode():
            x = transform(x, generator).clamp(0.0, 1.0)
    return TestSet(name, description, x[:, 0].numpy().astype(np.float32), labels.numpy().astype(np.int64))


# ------------------------------------------------------------------------- drawn digits
def _circle(cx: float, cy: float, rx: float, ry: float, start: float = 0.0, turn: float = 1.0,
            points: int = 28) -> list[tuple[float, float]]:
    t = start + np.linspace(0, 2 * np.pi * turn, points)
    return [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in t]


#: Each digit's styles, each a list of strokes, each stroke a polyline in a unit box (x, y), y down.
DIGIT_STYLES: dict[int, list[list[list[tuple[float, float]]]]] = {
    0: [[_circle(0.5, 0.5, 0.42, 0.5, -np.pi / 2, 1.05)],
        [_circle(0.5, 0.5, 0.35, 0.5, -np.pi / 3, 1.0)]],
    1: [[[(0.5, 0.0), (0.5, 1.0)]],
        [[(0.2, 0.25), (0.55, 0.0), (0.55, 1.0)]],
        [[(0.25, 0.2), (0.55, 0.0), (0.55, 1.0)], [(0.25, 1.0), (0.85, 1.0)]]],
    2: [[[(0.1, 0.25), (0.3, 0.04), (0.6, 0.0), (0.88, 0.18), (0.85, 0.42), (0.1, 1.0), (0.95, 1.0)]],
        [[(0.12, 0.2), (0.5, 0.0), (0.85, 0.2), (0.7, 0.55), (0.2, 0.9), (0.1, 1.0), (0.4, 0.92), (0.9, 1.0)]]],
    3: [[[(0.1, 0.1), (0.5, 0.0), (0.85, 0.15), (0.85, 0.35), (0.45, 0.5), (0.9, 0.65), (0.9, 0.85),
          (0.5, 1.0), (0.1, 0.9)]],
        [[(0.1, 0.0), (0.9, 0.0), (0.45, 0.4), (0.85, 0.55), (0.9, 0.8), (0.55, 1.0), (0.1, 0.9)]]],
    4: [[[(0.7, 1.0), (0.7, 0.0), (0.05, 0.7), (0.95, 0.7)]],
        [[(0.2, 0.0), (0.08, 0.6), (0.95, 0.6)], [(0.72, 0.25), (0.72, 1.0)]]],
    5: [[[(0.85, 0.0), (0.2, 0.0), (0.15, 0.45), (0.55, 0.36), (0.88, 0.58), (0.85, 0.85), (0.5, 1.0),
          (0.1, 0.9)]],
        [[(0.25, 0.0), (0.18, 0.45), (0.6, 0.38), (0.9, 0.62), (0.8, 0.9), (0.45, 1.0), (0.1, 0.88)],
         [(0.25, 0.02), (0.9, 0.0)]]],
    6: [[[(0.75, 0.0), (0.35, 0.25), (0.12, 0.6), (0.2, 0.9), (0.5, 1.0), (0.8, 0.85), (0.8, 0.62),
          (0.5, 0.5), (0.18, 0.65)]],
        [[(0.6, 0.0), (0.25, 0.45), (0.15, 0.75)] + _circle(0.45, 0.75, 0.3, 0.25, np.pi, 1.0)]],
    7: [[[(0.1, 0.05), (0.9, 0.05), (0.4, 1.0)]],
        [[(0.1, 0.05), (0.9, 0.05), (0.4, 1.0)], [(0.3, 0.5), (0.8, 0.5)]],
        [[(0.05, 0.15), (0.1, 0.0), (0.9, 0.02), (0.6, 0.5), (0.5, 1.0)]]],
    8: [[[(0.5 + 0.35 * np.sin(2 * t), 0.5 - 0.5 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 40)]],
        [_circle(0.5, 0.24, 0.28, 0.24, np.pi / 2, 1.0), _circle(0.5, 0.73, 0.38, 0.27, -np.pi / 2, 1.0)]],
    9: [[_circle(0.5, 0.3, 0.35, 0.3, 0.0, 1.0), [(0.85, 0.3), (0.8, 1.0)]],
        [_circle(0.45, 0.28, 0.35, 0.28, 0.0, 1.0) + [(0.8, 0.6), (0.65, 0.9), (0.4, 1.0)]]],
}


def draw_strokes(strokes: Sequence[Sequence[tuple[float, float]]], size: int = 200, box: float = 120,
                 left: float = 40, top: float = 40, width: float = 10, aspect: float = 0.75,
                 slant: float = 0.0) -> np.ndarray:
    """Strokes in a unit box drawn with a round pen, as the canvas draws a mouse's path:
    a float32 ``(size, size)`` canvas, bright ink, anti-aliased (drawn at twice the size
    and area-averaged). ``slant`` shifts the top of the digit right by that fraction of its height."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (2 * size, 2 * size), 0)
    pen = ImageDraw.Draw(image)
    for line in strokes:
        points = [(2 * (left + (x + slant * (1 - y)) * box * aspect), 2 * (top + y * box)) for x, y in line]
        pen.line(points, fill=255, width=max(1, round(2 * width)), joint="curve")
        for px, py in (points[0], points[-1]):  # round caps
            pen.ellipse([px - width, py - width, px + width, py + width], fill=255)
    return np.asarray(image.resize((size, size), Image.Resampling.BOX), dtype=np.float32) / 255.0


def canvas_set(name: str, description: str, drawings: Iterable[np.ndarray], labels: Iterable[int]) -> TestSet:
    """Bright-ink drawings of any size through the canvas's preprocessing (``to_mnist``);
    drawings it finds empty are left out."""
    from .preprocess import to_mnist

    images, kept = [], []
    for drawing, label in zip(drawings, labels):
        digit = to_mnist(drawing)
        if digit is not None:
            images.append(digit)
            kept.append(int(label))
    return TestSet(name, description, np.asarray(images, dtype=np.float32).reshape(-1, 28, 28),
                   np.asarray(kept, dtype=np.int64))


def through_canvas(test_set: TestSet) -> TestSet:
    """``test_set`` as the canvas and ``mnist-viz predict`` would feed it to a model: each
    image through :func:`mnist_viz.core.preprocess.to_mnist` (ink box scaled to 20 pixels,
    stroke width brought into MNIST's range, centred by mass, peak brightness 1). A digit
    drawn or opened that way never reaches the model shrunk, enlarged, faint or very thick,
    so this view measures what a user of the app meets; the sets as they are measure the
    model alone. Images it finds empty are left out (the app asks for more ink instead)."""
    if test_set.name == "drawn" or test_set.name.endswith("(canvas)"):
        return test_set  # drawn through to_mnist already
    made = canvas_set(f"{test_set.name} (canvas)", f"{test_set.description}; through to_mnist",
                      test_set.images, test_set.labels)
    return TestSet(made.name, made.description, made.images, made.labels)


def wobble(line: Sequence[tuple[float, float]], rng: np.random.Generator, drift: float = 0.035,
           jitter: float = 0.012, samples: int = 6) -> list[tuple[float, float]]:
    """A stroke as a hand and a mouse draw it: each segment sampled ``samples`` times, the
    whole stroke drifting smoothly (two slow sinusoids of amplitude up to ``drift``, in box
    units) and every sample jittered a little (``jitter``)."""
    points = np.asarray(line, dtype=np.float64)
    if len(points) > 1:
        t = np.linspace(0.0, 1.0, (len(points) - 1) * samples + 1)
        s = np.linspace(0.0, 1.0, len(points))
        points = np.stack([np.interp(t, s, points[:, 0]), np.interp(t, s, points[:, 1])], 1)
    t = np.linspace(0.0, 1.0, len(points))[:, None]
    drift_xy = sum(rng.uniform(-drift, drift, 2) * np.sin(2 * np.pi * (k * t + rng.uniform(0, 1, 2)))
                   for k in (0.5, 1.5))
    points = points + drift_xy + rng.normal(0.0, jitter, points.shape)
    return [tuple(p) for p in points]


def drawn_set(per_digit: int = 60, seed: int = SEED) -> TestSet:
    """``per_digit`` drawings of each digit: a style picked at random, its corners moved
    (3 % of the box), every stroke wobbling (:func:`wobble`), a random slant
    (-0.25..0.25), width/height 0.55-0.95, pen 2-15 % of the digit's height, box and place
    random; through the canvas's preprocessing."""
    rng = np.random.default_rng(seed)
    drawings, labels = [], []
    for digit, styles in DIGIT_STYLES.items():
        for _ in range(per_digit):
            style = styles[rng.integers(len(styles))]
            strokes = [wobble([(x + rng.normal(0, 0.03), y + rng.normal(0, 0.03)) for x, y in line], rng)
                       for line in style]
            box = rng.uniform(60, 130)
            drawings.append(draw_strokes(strokes, size=200, box=box, left=rng.uniform(5, 190 - box),
                                         top=rng.uniform(5, 195 - box), width=box * rng.uniform(0.02, 0.15) / 2,
                                         aspect=rng.uniform(0.55, 0.95), slant=rng.uniform(-0.25, 0.25)))
            labels.append(digit)
    return canvas_set("drawn", "ten digits in 2-3 styles drawn as wobbly polylines, slanted, any pen, "
                               "through the canvas's preprocessing", drawings, labels)


SET_NAMES = tuple(MNIST_SETS) + ("drawn",)


def build_sets(test_images: torch.Tensor, test_labels: torch.Tensor, names: Iterable[str] | None = None,
               count: int | None = 2000, per_digit: int = 60, seed: int = SEED) -> list[TestSet]:
    """The sets called ``names`` (all of :data:`SET_NAMES` by default), those from MNIST on
    its first ``count`` test digits (None: all 10,000)."""
    names = list(names) if names is not None else list(SET_NAMES)
    unknown = [name for name in names if name not in SET_NAMES]
    if unknown:
        raise ValueError(f"unknown test set {unknown[0]!r}; choose from {', '.join(SET_NAMES)}")
    images, labels = (test_images, test_labels) if count is None else (test_images[:count], test_labels[:count])
    return [drawn_set(per_digit, seed) if name == "drawn" else mnist_set(name, images, labels, seed)
            for name in names]


# ---------------------------------------------------------------------------- measuring
def accuracy(predictor: Predictor, test_set: TestSet) -> float:
    """The fraction of ``test_set`` that ``predictor`` reads right."""
    if len(test_set) == 0:
        return float("nan")
    return float((predictor.predict_batch(test_set.images) == test_set.labels).mean())


def evaluate(predictor: Predictor, sets: Iterable[TestSet]) -> dict[str, float]:
    """Accuracy on each set, by name, in order."""
    return {test_set.name: accuracy(predictor, test_set) for test_set in sets}
