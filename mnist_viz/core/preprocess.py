"""Turn a drawing or an image file into a 28x28 input that looks like an MNIST digit.

MNIST's digits were made like this (LeCun et al.): the ink's bounding box was scaled,
keeping its aspect ratio, so that its longer side is 20 pixels, with anti-aliasing; the
result was placed in a 28x28 field so that the centre of mass of the ink sits at the
centre. Ink is bright (1.0) on a dark (0.0) background.

:func:`to_mnist` does exactly that to any grey-scale array (bright ink on dark, values
0..1); :func:`load_image` reads a file, converts it to grey, and inverts dark-on-light
images (scans, photos of paper) so that the ink is bright. An empty or nearly empty
drawing gives ``None`` rather than a guess.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

INK_THRESHOLD = 0.1      # a pixel brighter than this is ink
MIN_INK_PIXELS = 4       # fewer ink pixels than this: treat the canvas as empty
MAX_IMAGE_PIXELS = 40_000_000
TARGET_BOX = 20
FIELD = 28


class ImageError(Exception):
    """An image file could not be used. The message says what is wrong."""


def to_mnist(grey: np.ndarray) -> np.ndarray | None:
    """28x28 float32 MNIST-style image from bright-ink-on-dark ``grey`` (H, W) in 0..1.

    Returns ``None`` when there is (almost) no ink.
    """
    from PIL import Image

    grey = np.asarray(grey, dtype=np.float32)
    if grey.ndim != 2:
        raise ValueError(f"expected a 2-D grey-scale image, got shape {grey.shape}")
    ink = grey > INK_THRESHOLD
    if ink.sum() < MIN_INK_PIXELS:
        return None
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    box = grey[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    height, width = box.shape
    scale = TARGET_BOX / max(height, width)
    new_h = max(1, round(height * scale))
    new_w = max(1, round(width * scale))
    resized = Image.fromarray(box, mode="F").resize((new_w, new_h), Image.Resampling.LANCZOS
                                                    if scale < 1 else Image.Resampling.BILINEAR)
    digit = np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)
    # Centre of mass of the scaled digit, then shift it to the centre of the 28x28 field.
    total = digit.sum()
    ys, xs = np.indices(digit.shape)
    cy = (ys * digit).sum() / total
    cx = (xs * digit).sum() / total
    top = int(round(FIELD / 2 - 0.5 - cy))
    left = int(round(FIELD / 2 - 0.5 - cx))
    field = np.zeros((FIELD, FIELD), dtype=np.float32)
    # Paste with clipping: a very lopsided digit may not fit entirely once centred.
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(FIELD, top + new_h), min(FIELD, left + new_w)
    field[y0:y1, x0:x1] = digit[y0 - top:y1 - top, x0 - left:x1 - left]
    peak = field.max()
    return field / peak if peak > 0 else field


def load_image(path: str | os.PathLike[str]) -> np.ndarray:
    """Grey-scale bright-ink-on-dark array in 0..1 from an image file (dark-on-light is inverted)."""
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    if not path.exists():
        raise ImageError(f"{path} does not exist; check the path")
    if path.is_dir():
        raise ImageError(f"{path} is a folder, not an image")
    try:
        with Image.open(path) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ImageError(f"{path} is {image.width}x{image.height} pixels, too large "
                                 f"(limit {MAX_IMAGE_PIXELS // 1_000_000} megapixels); scale it down first")
            image.seek(0)  # first frame of an animation
            if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                rgba = image.convert("RGBA")
                background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                image = Image.alpha_composite(background, rgba)
            grey = np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    except UnidentifiedImageError as err:
        raise ImageError(f"{path} is not an image that can be read (PNG, JPEG, BMP, GIF...)") from err
    except Image.DecompressionBombError as err:
        raise ImageError(f"{path} is too large to open safely; scale it down first") from err
    except OSError as err:
        raise ImageError(f"{path} cannot be read: {err}") from err
    return normalise_polarity(grey)


def normalise_polarity(grey: np.ndarray) -> np.ndarray:
    """Invert images whose background is light, so that ink is always bright.

    The background is judged from the border pixels, where a digit rarely reaches.
    """
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    if np.median(border) > 0.5:
        grey = 1.0 - grey
    return grey
