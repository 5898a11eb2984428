"""Turn a drawing or an image file into a 28x28 input that looks like an MNIST digit.

MNIST's digits were made like this (LeCun et al.): the ink's bounding box was scaled,
keeping its aspect ratio, so that its longer side is 20 pixels, with anti-aliasing; the
result was placed in a 28x28 field so that the centre of mass of the ink sits at the
centre. Ink is bright (1.0) on a dark (0.0) background.

:func:`to_mnist` does exactly that to any grey-scale array (bright ink on dark, values
0..1), in these steps:

1. **Find the ink.** Pixels brighter than ``INK_THRESHOLD`` are ink. Too little ink (a
   few pixels, or a speck much smaller than the image) means "no digit": the result is
   ``None``, never a guess.
2. **Crop** to the ink's bounding box.
3. **Normalise the stroke width.** MNIST's pens are 1.5 to 4 pixels wide once the digit
   is 20 pixels tall (measured on the test set as ink mass divided by half the outline
   length). A digit drawn with a hair-thin pen, or tiny with a fat one, would otherwise
   look unlike anything the model has seen. Strokes outside that range are thickened
   (grey-level dilation) or thinned (erosion) towards a typical width; strokes inside it
   are left alone, so real MNIST digits pass through unchanged.
4. **Scale** the box so that its longer side is 20 pixels, keeping the aspect ratio, with
   area averaging (anti-aliasing) when shrinking. A "1" stays a narrow bar.
5. **Centre** the digit in 28x28 by its centre of mass (an integer shift, as in MNIST;
   MNIST's mean centre of mass is pixel (14.0, 14.0) in 0-based row/column indices).
6. **Normalise the brightness** so that the brightest pixel is 1.0, as in MNIST.

Where and how large the user draws therefore does not matter (steps 2 and 4), nor,
within reason, how thick the pen is (step 3).

:func:`load_image` reads a file, converts it to grey, and makes the ink bright: images
with a light background (scans, photos of paper, a drawing saved by the app) are
inverted, and a grey paper background is subtracted. Only the raster formats of
:data:`READABLE_FORMATS` are decoded, the size is checked before any pixel is, and every
problem (a damaged file too) is one :class:`ImageError` line naming the file.
"""

from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path

import numpy as np

INK_THRESHOLD = 0.1       # a pixel brighter than this is ink
MIN_INK_PIXELS = 4        # fewer ink pixels than this: the canvas is empty
MIN_EXTENT_FRACTION = 0.03  # ink whose box is smaller than 3 % of the image is a speck, not a digit
MAX_IMAGE_PIXELS = 40_000_000
TARGET_BOX = 20
FIELD = 28
CENTRE = 14.0             # where MNIST puts the centre of mass (0-based pixel index)

# Stroke width in 28x28 pixels (ink mass / half the outline), measured on MNIST digits
# enlarged 4-10x: 3rd percentile 1.5, median 2.4, 97th percentile 4.0.
STROKE_THIN, STROKE_THICK = 1.5, 4.0
STROKE_THIN_TARGET, STROKE_THICK_TARGET = 2.2, 3.2
WORK_FACTOR = 4           # the width is adjusted at 4x the final resolution (80 px boxes)


class ImageError(Exception):
    """An image file could not be used. The message says what is wrong."""


def to_mnist(grey: np.ndarray) -> np.ndarray | None:
    """28x28 float32 MNIST-style image from bright-ink-on-dark ``grey`` (H, W) in 0..1.

    Returns ``None`` when there is (almost) no ink.
    """
    grey = np.asarray(grey, dtype=np.float32)
    if grey.ndim != 2:
        raise ValueError(f"expected a 2-D grey-scale image, got shape {grey.shape}")
    grey = np.nan_to_num(np.clip(grey, 0.0, 1.0))
    box = ink_box(grey)
    if box is None:
        return None
    digit = _scale_to_box(box)
    field = _centre(digit)
    peak = field.max()
    return field / peak if peak > 0 else field


def ink_box(grey: np.ndarray) -> np.ndarray | None:
    """The part of ``grey`` inside the ink's bounding box, or None for (almost) no ink."""
    ink = grey > INK_THRESHOLD
    if ink.sum() < MIN_INK_PIXELS:
        return None
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    extent = max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
    if extent < MIN_EXTENT_FRACTION * max(grey.shape):
        return None
    return grey[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def stroke_width(box: np.ndarray) -> float:
    """Mean stroke width of the ink in ``box``, in its own pixels.

    A stroke of width w and length L has mass w*L and an outline about 2*L long, so
    mass / (outline / 2) estimates w whatever the shape of the digit.
    """
    mask = box > 0.5 * box.max()
    padded = np.pad(mask, 1)
    interior = (padded[1:-1, 1:-1] & padded[:-2, 1:-1] & padded[2:, 1:-1]
                & padded[1:-1, :-2] & padded[1:-1, 2:])
    outline = np.count_nonzero(mask & ~interior)
    return float(box.sum() / max(outline / 2, 1.0))


def _resize(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Resample a float image; area averaging when shrinking (anti-aliased), bilinear when growing."""
    from PIL import Image

    shrinking = width < image.shape[1] or height < image.shape[0]
    method = Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
    resized = Image.fromarray(np.ascontiguousarray(image, dtype=np.float32), mode="F").resize(
        (width, height), method)
    return np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)


def _fit(height: int, width: int, longest: int) -> tuple[int, int]:
    scale = longest / max(height, width)
    return max(1, round(height * scale)), max(1, round(width * scale))


def _scale_to_box(box: np.ndarray) -> np.ndarray:
    """Scale the ink box to a longest side of 20 px, normalising the stroke width on the way."""
    height, width = box.shape
    width_28 = stroke_width(box) * TARGET_BOX / max(height, width)
    if STROKE_THIN <= width_28 <= STROKE_THICK:
        new_h, new_w = _fit(height, width, TARGET_BOX)
        return _resize(box, new_w, new_h)
    # Work at 4x the final size: fine enough for the morphology, small enough to be cheap.
    work_h, work_w = _fit(height, width, TARGET_BOX * WORK_FACTOR)
    work = _resize(box, work_w, work_h)
    if width_28 < STROKE_THIN:
        # Dilating by r adds 2r to the width; faint hair lines stay faint here but are
        # brought to full brightness at the end (peak normalisation).
        radius = round((STROKE_THIN_TARGET - width_28) * WORK_FACTOR / 2)
        work = _morph(np.pad(work, radius), radius, np.maximum)
    else:
        radius = round((width_28 - STROKE_THICK_TARGET) * WORK_FACTOR / 2)
        work = _morph(work, radius, np.minimum)
    cropped = ink_box(work)
    if cropped is None:
        # Erosion wiped the ink out: a faint or hair-thin stroke whose width was misjudged
        # (a few bright pixels make a short outline). Scale the box as it is instead of
        # feeding the model an empty field (whose centre of mass is not a number).
        new_h, new_w = _fit(height, width, TARGET_BOX)
        return _resize(box, new_w, new_h)
    new_h, new_w = _fit(*cropped.shape, TARGET_BOX)
    return _resize(cropped, new_w, new_h)


def _morph(image: np.ndarray, radius: int, op) -> np.ndarray:
    """Grey-level dilation (op=np.maximum) or erosion (np.minimum) by a roughly round disk.

    Alternating 3x3 square and cross steps grow an octagon, close enough to a pen's tip.
    """
    fill = 0.0 if op is np.maximum else 1.0
    for step in range(max(0, radius)):
        padded = np.pad(image, 1, constant_values=fill)
        result = op(padded[1:-1, 1:-1], op(op(padded[:-2, 1:-1], padded[2:, 1:-1]),
                                           op(padded[1:-1, :-2], padded[1:-1, 2:])))
        if step % 2 == 0:
            result = op(result, op(op(padded[:-2, :-2], padded[:-2, 2:]), op(padded[2:, :-2], padded[2:, 2:])))
        image = result
    return image


def _centre(digit: np.ndarray) -> np.ndarray:
    """Paste ``digit`` into a 28x28 field with its centre of mass at MNIST's centre."""
    total = digit.sum()
    ys, xs = np.indices(digit.shape)
    cy = (ys * digit).sum() / total
    cx = (xs * digit).sum() / total
    top = int(np.floor(CENTRE - cy + 0.5))
    left = int(np.floor(CENTRE - cx + 0.5))
    height, width = digit.shape
    field = np.zeros((FIELD, FIELD), dtype=np.float32)
    # Paste with clipping: a very lopsided digit may not fit entirely once centred.
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(FIELD, top + height), min(FIELD, left + width)
    field[y0:y1, x0:x1] = digit[y0 - top:y1 - top, x0 - left:x1 - left]
    return field


#: What :func:`load_image` decodes, by Pillow's format names, and how messages list them.
#: The raster formats people save digits in (screenshots, scans, phone photos, drawings,
#: the netpbm files of image tools), each with a magic number Pillow checks first. Nothing
#: else is handed to a decoder: Pillow would otherwise pick one of about forty from the
#: content, PostScript among them (run by Ghostscript, a program interpreter: a two-line
#: file loops forever), and rarely used decoders (PSD, FITS, SGI, PCX, ICO, TGA, whose
#: header has no magic and matches random bytes...) are where damaged files misbehave.
#: JPEG 2000 and AVIF are left out too: large codec libraries for formats nobody draws in.
READABLE_FORMATS = ("PNG", "JPEG", "BMP", "GIF", "TIFF", "PPM", "WEBP")
READABLE_NAMES = "PNG, JPEG, BMP, GIF, TIFF, PPM/PGM/PBM, WebP"
#: An error detail from a decoder is cut to this many characters in a message.
DETAIL_CHARS = 120

#: Magic numbers of the formats above and of files often mistaken for images, for messages
#: that say what a file really is: (offset, bytes, name).
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG"), (0, b"\xff\xd8\xff", "JPEG"), (0, b"BM", "BMP"),
    (0, b"GIF87a", "GIF"), (0, b"GIF89a", "GIF"), (0, b"II*\x00", "TIFF"), (0, b"MM\x00*", "TIFF"),
    (0, b"II+\x00", "TIFF"), (0, b"MM\x00+", "TIFF"),
    *((0, b"P" + bytes([digit]), kind) for digits, kind in ((b"14", "PBM"), (b"25", "PGM"), (b"36", "PPM"),
                                                           (b"fF", "PFM")) for digit in digits),
    (8, b"WEBP", "WebP"),
    (0, b"%!PS", "PostScript"), (0, b"\xc5\xd0\xd3\xc6", "PostScript (EPS)"), (0, b"%PDF", "PDF"),
    (0, b"8BPS", "Photoshop (PSD)"), (0, b"\x00\x00\x01\x00", "Windows icon (ICO)"),
    (0, b"\x00\x00\x02\x00", "Windows cursor (CUR)"), (0, b"icns", "Apple icon (ICNS)"),
    (0, b"\x00\x00\x00\x0cjP  ", "JPEG 2000"), (0, b"\xff\x4f\xff\x51", "JPEG 2000"),
    (4, b"ftypavif", "AVIF"), (4, b"ftypheic", "HEIC"), (4, b"ftypheix", "HEIC"), (4, b"ftypmif1", "HEIF"),
    (4, b"ftyp", "MP4/QuickTime"), (0, b"qoif", "QOI"), (0, b"SIMPLE  =", "FITS"), (0, b"DDS ", "DDS"),
    (0, b"\x01\xda", "SGI"), (0, b"/* XPM */", "XPM"), (0, b"#define", "XBM"),
    (0, b"PK\x03\x04", "ZIP (or office document)"), (0, b"\x1f\x8b", "gzip"), (0, b"BZh", "bzip2"),
    (0, b"\xfd7zXZ\x00", "xz"), (0, b"7z\xbc\xaf\x27\x1c", "7-Zip"), (0, b"Rar!", "RAR"),
    (0, b"\x7fELF", "program (ELF)"), (0, b"MZ", "Windows program"), (0, b"#!", "script"),
    (0, b"SQLite format 3\x00", "SQLite database"), (0, b"\x1aE\xdf\xa3", "video (WebM/Matroska)"),
    (0, b"OggS", "Ogg"), (0, b"ID3", "MP3"), (0, b"fLaC", "FLAC"), (0, b"\x80\x02", "pickle"),
)
_READABLE_KINDS = {"PNG", "JPEG", "BMP", "GIF", "TIFF", "PBM", "PGM", "PPM", "PFM", "WebP"}


def file_kind(head: bytes) -> str | None:
    """What the first bytes of a file say it is ("PNG", "PostScript", "text"...), or None."""
    for offset, magic, name in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            if name == "WebP" and not head.startswith(b"RIFF"):
                continue
            return name
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    lowered = text[:256].lower()
    if lowered.startswith(b"<svg") or (lowered.startswith(b"<?xml") and b"<svg" in lowered):
        return "SVG"
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "HTML"
    if lowered.startswith(b"<?xml"):
        return "XML"
    if head.startswith(b"RIFF"):
        return "RIFF (sound or video)"
    if _is_text(head):
        return "text"
    return None


def _is_text(head: bytes) -> bool:
    """UTF-8 (or ASCII) text without control characters; the last character may be cut."""
    for cut in range(min(4, len(head))):
        try:
            text = head[:len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return all(char.isprintable() or char in "\t\n\r\f" for char in text)
    return False


#: The kinds of file whose name is spoken starting with a vowel ("an SVG file").
_AN = {"Apple icon (ICNS)", "AVIF", "MP4/QuickTime", "SGI", "XPM", "XBM", "xz", "SQLite database", "Ogg",
       "MP3", "SVG", "HTML", "XML"}


def _a(kind: str) -> str:
    return f"{'an' if kind in _AN else 'a'} {kind}"


def _detail(err: BaseException) -> str:
    """A decoder's error as a short, single-line detail."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= DETAIL_CHARS else text[:DETAIL_CHARS - 3] + "..."


def _readable_formats() -> list[str]:
    """The formats of READABLE_FORMATS this Pillow has (WebP support is optional)."""
    from PIL import (BmpImagePlugin, GifImagePlugin, Image, JpegImagePlugin,  # noqa: F401  (registers them)
                     PngImagePlugin, PpmImagePlugin, TiffImagePlugin)

    try:
        from PIL import WebPImagePlugin  # noqa: F401
    except ImportError:
        pass
    _quiet_libtiff()
    return [name for name in READABLE_FORMATS if name in Image.OPEN]


_libtiff_quieted = False


def _quiet_libtiff() -> None:
    """Stop libtiff printing its errors and warnings to stderr (best effort, once).

    A damaged TIFF makes libtiff write lines such as "TIFFFillStrip: Read error on strip
    0" straight to the process's stderr, past Python: the one line a user is promised
    would come with others. Pillow raises an error for the same problem, which is what
    the message says. Found through /proc/self/maps (Linux) or Pillow's bundled library
    (macOS); elsewhere libtiff stays as it is.
    """
    global _libtiff_quieted
    if _libtiff_quieted:
        return
    _libtiff_quieted = True
    try:
        import ctypes
        import sys

        import PIL
        from PIL import _imaging  # noqa: F401  (loads libtiff)

        library = None
        if sys.platform.startswith("linux"):
            with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
                library = next((line.split()[-1] for line in maps if "libtiff" in line.rsplit("/", 1)[-1]), None)
        elif sys.platform == "darwin":
            library = next((str(p) for p in (Path(PIL.__file__).parent / ".dylibs").glob("libtiff*.dylib")), None)
        if library is None:
            return
        libtiff = ctypes.CDLL(library)
        for name in ("TIFFSetErrorHandler", "TIFFSetWarningHandler"):
            setter = getattr(libtiff, name)
            setter.restype, setter.argtypes = ctypes.c_void_p, [ctypes.c_void_p]
            setter(None)
    except Exception:  # noqa: BLE001  (cosmetic: a TIFF still gives its one error, with libtiff's lines)
        pass


def load_image(path: str | os.PathLike[str], notes: list[str] | None = None) -> np.ndarray:
    """Grey-scale bright-ink-on-dark array in 0..1 from an image file (dark-on-light is inverted).

    Only the formats of :data:`READABLE_FORMATS` are decoded, whatever the file's name
    says; the image's size is checked (at most :data:`MAX_IMAGE_PIXELS`) before any
    pixel is decoded. Every problem, a damaged file included, raises :class:`ImageError`
    with one line naming the file; nothing else escapes.

    Of an animation (GIF, APNG, WebP) the first frame is used; ``notes``, when given, gets a
    sentence saying so, for the caller to show.
    """
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ImageError(f"{path} is a folder, not an image")
        if not stat.S_ISREG(info.st_mode):
            raise ImageError(f"{path} is not a regular file (a device, pipe or socket), not an image")
        handle = open(path, "rb")  # noqa: SIM115  (closed below)
    except FileNotFoundError:
        raise ImageError(f"{path} does not exist; check the path") from None
    except OSError as err:
        raise ImageError(f"{path} cannot be read ({err.strerror or _detail(err)}); check the path and "
                         "its permissions") from None
    with handle:
        try:
            head = handle.read(256)
            handle.seek(0)
        except OSError as err:
            raise ImageError(f"{path} cannot be read ({err.strerror or _detail(err)})") from None
        if not head:
            raise ImageError(f"{path} is empty (0 bytes), not an image")
        kind = file_kind(head)
        if kind is not None and kind not in _READABLE_KINDS:
            raise ImageError(f"{path} is {_a(kind)} file, not an image this app reads ({READABLE_NAMES})")
        return _decode(handle, path, kind, notes)


def _decode(handle, path: Path, kind: str | None, notes: list[str] | None) -> np.ndarray:
    """Decode an open image file with the chosen decoders only; every failure an ImageError."""
    from PIL import Image, UnidentifiedImageError

    formats = _readable_formats()
    if kind == "WebP" and "WEBP" not in formats:
        raise ImageError(f"{path} is a WebP file, but this installation's Pillow was built without WebP; "
                         "convert it to PNG first")
    what = f"{kind} file" if kind else "image"
    try:
        with warnings.catch_warnings():
            # Pillow warns (multi-line Python warnings) above ~89 megapixels and about damaged
            # metadata; the checks below refuse what cannot be used with one clear line instead.
            warnings.simplefilter("ignore")
            with Image.open(handle, formats=formats) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ImageError(f"{path} is {width}x{height} pixels, too large "
                                     f"(limit {MAX_IMAGE_PIXELS // 1_000_000} megapixels); scale it down first")
                if width < 1 or height < 1:
                    raise ImageError(f"{path} is {width}x{height} pixels: an image with no pixels")
                frames = getattr(image, "n_frames", 1)
                image.seek(0)  # first frame of an animation
                grey = _to_grey(image)
    except ImageError:
        raise
    except UnidentifiedImageError:
        if kind is None:
            raise ImageError(f"{path} is not an image this app reads ({READABLE_NAMES})") from None
        raise ImageError(f"{path} is a damaged {kind} file (its header cannot be read)") from None
    except Image.DecompressionBombError:
        raise ImageError(f"{path} is too large to open safely; scale it down first") from None
    except MemoryError:
        raise ImageError(f"{path} needs more memory to decode than is free; scale it down first") from None
    except Exception as err:  # noqa: BLE001  (a decoder fed a damaged file raises anything)
        # OSError, SyntaxError, ValueError, TypeError, struct.error, IndexError, EOFError,
        # ZeroDivisionError...: all seen from Pillow on damaged files (tests/core/test_hostile_images.py)
        raise ImageError(f"{path} is a damaged or unsupported {what} ({_detail(err)})") from err
    if grey.size == 0:
        raise ImageError(f"{path} is an image with no pixels")
    if frames > 1 and notes is not None:
        notes.append(f"{path} is animated ({frames} frames); the first frame was used")
    return normalise_polarity(grey)


def image_to_grey(image) -> np.ndarray:
    """A PIL image as grey float32 in 0..1; transparency is composited onto white paper.

    Raises :class:`ImageError` (one line) when the pixels cannot be decoded.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _to_grey(image)
    except MemoryError:
        raise ImageError("the image needs more memory to decode than is free; scale it down first") from None
    except Exception as err:  # noqa: BLE001  (see _decode)
        name = getattr(image, "filename", "") or "the image"
        raise ImageError(f"{name} cannot be decoded ({_detail(err)})") from err


def _to_grey(image) -> np.ndarray:
    from PIL import Image

    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # 16-bit and float greys: scale by range
        values = np.asarray(image, dtype=np.float32)
        top = float(np.nanmax(values)) if values.size else 0.0
        limit = 65535.0 if image.mode.startswith("I;16") or top > 255 else 255.0
        if image.mode == "F" and top <= 1.0:
            limit = 1.0
        return np.nan_to_num(np.clip(values / limit, 0.0, 1.0))
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0


def normalise_polarity(grey: np.ndarray) -> np.ndarray:
    """Make the ink bright and the background black.

    The background is judged from the border pixels, where a digit rarely reaches:
    a light border means dark ink on paper, which is inverted. Then the background level
    (grey paper, a dim scan) is subtracted and the range stretched, so that the paper is
    0 and the ink reaches 1.
    """
    grey = np.asarray(grey, dtype=np.float32)
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    background = float(np.median(border))
    if background > 0.5:
        grey = 1.0 - grey
        background = 1.0 - background
    peak = float(grey.max())
    if peak - background < 0.05:  # no contrast at all: a blank page
        return np.zeros_like(grey)
    return np.clip((grey - background) / (peak - background), 0.0, 1.0)
