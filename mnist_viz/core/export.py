"""Turn a recording into pictures: a GIF or MP4 of the weights learning, or a PNG.

Each snapshot of a part becomes one RGB frame laid out like the app's panels
(``gui/widgets/mosaic.py``): tiles in a grid separated by thin dark-grey gaps, the
diverging colour map CET-D1A (blue negative, white zero, red positive) with a range
symmetric around zero taken from the frame itself, and a title band saying the part and
the step. Parts that can be exported:

* ``softmax_weights``: the ten 28x28 templates W[:, k], five to a row, each labelled
  with its digit;
* ``conv1_filters``: conv1's 32 5x5 filters, eight to a row, enlarged to 40 px each;
* ``conv2_filters``: conv2's 64 filters' kernels for conv1's channel 0 (the panel's
  default view), sixteen to a row.

GIFs are written with Pillow, MP4 with imageio's ffmpeg plugin (the optional
``imageio-ffmpeg`` package: ``pip install 'mnist-viz[video]'``). The destination is checked
before any frame is drawn (``core.atomic.check_destination``), and the file is written under
a temporary name in the same folder, then renamed: a full disk or a failing encoder leaves
no partial GIF, PNG or MP4 (and an older file of that name as it was).

No Qt in this module: the colour map is read from pyqtgraph's data file without
importing pyqtgraph (which would import Qt), with a built-in fallback.
"""

from __future__ import annotations

import errno
import importlib.util
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import atomic
from .recording import Recording, RecordingError

#: Names the CLI accepts (``--panel``), and the recording part each one exports.
PANEL_PARTS = {"softmax-weights": "softmax_weights", "conv1": "conv1_filters", "conv2": "conv2_filters"}
#: File types export_animation writes.
SUFFIXES = (".gif", ".mp4", ".png")
GAP_COLOUR = (64, 64, 64)  # as the app's mosaics (gui/widgets/mosaic.py GAP_COLOUR)
TEXT_COLOUR = (235, 235, 235)
COLORMAP = "CET-D1A"       # as the app's DIVERGING


class ExportError(ValueError):
    """An export cannot be made; the message says why and what to do instead."""


@dataclass(frozen=True)
class PartStyle:
    """How one part is laid out: tiles per row, tile size in pixels, gap, labels."""

    title: str
    columns: int
    tile_pixels: int   # the longer side of a tile after nearest-neighbour enlargement
    gap: int = 2
    digit_labels: bool = False


STYLES = {
    "softmax_weights": PartStyle("softmax weights W[:, k] as 28x28", columns=5, tile_pixels=112, gap=2,
                                 digit_labels=True),
    "conv1_filters": PartStyle("conv1 · 32 filters", columns=8, tile_pixels=40, gap=2),
    "conv2_filters": PartStyle("conv2 · 64 filters' kernels for conv1 channel 0", columns=16, tile_pixels=30),
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    frames: int
    first_step: int
    last_step: int


def part_for_panel(name: str) -> str:
    """``softmax-weights`` -> ``softmax_weights`` (part names are accepted as they are)."""
    if name in PANEL_PARTS:
        return PANEL_PARTS[name]
    if name in STYLES:
        return name
    raise ExportError(f"cannot export the panel {name!r}; choose one of {', '.join(PANEL_PARTS)}")


# ------------------------------------------------------------------- colours
def _fallback_lut() -> np.ndarray:
    """Blue - white - red in 256 steps, for when pyqtgraph's map file cannot be found."""
    t = np.linspace(-1.0, 1.0, 256)[:, None]
    blue, white, red = np.array([33, 80, 200.0]), np.array([255, 255, 255.0]), np.array([200, 30, 40.0])
    lut = np.where(t < 0, white + (blue - white) * -t, white + (red - white) * t)
    return lut.round().astype(np.uint8)


@lru_cache(maxsize=1)
def diverging_lut() -> np.ndarray:
    """(256, 3) uint8: the app's diverging colour map, CET-D1A, from pyqtgraph's CSV file."""
    spec = importlib.util.find_spec("pyqtgraph")  # finds the package without importing it (and Qt)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "colors" / "maps" / f"{COLORMAP}.csv"
        try:
            values = np.loadtxt(path, delimiter=",", dtype=np.float64, comments="#")
        except (OSError, ValueError):
            continue
        if values.ndim == 2 and values.shape[1] >= 3 and len(values) >= 2:
            positions = np.linspace(0.0, 1.0, len(values))
            target = np.linspace(0.0, 1.0, 256)
            lut = np.stack([np.interp(target, positions, values[:, c]) for c in range(3)], axis=1)
            return (lut * 255).round().clip(0, 255).astype(np.uint8)
    return _fallback_lut()


def colourise(values: np.ndarray, limit: float) -> np.ndarray:
    """Values -> RGB uint8 with the diverging map on [-limit, limit] (white = 0)."""
    limit = limit if limit > 0 and math.isfinite(limit) else 1.0
    scaled = np.nan_to_num((values + limit) / (2 * limit), nan=0.5).clip(0.0, 1.0)
    return diverging_lut()[(scaled * 255).round().astype(np.intp)]


def symmetric_limit(values: np.ndarray) -> float:
    finite = np.abs(values[np.isfinite(values)])
    return float(finite.max()) if finite.size and finite.max() > 0 else 1.0


# -------------------------------------------------------------------- frames
def tiles_of(part: str, array: np.ndarray) -> np.ndarray:
    """The (N, h, w) tiles the panel shows for a snapshot array of ``part``."""
    array = np.asarray(array, dtype=np.float32)
    if part == "conv2_filters":
        return array[:, 0]  # (64, 32, 5, 5) -> each filter's kernel for input channel 0
    return array.reshape(-1, *array.shape[-2:])


def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: a fixed-size bitmap font
        return ImageFont.load_default()


@dataclass(frozen=True)
class FrameLayout:
    """Where things lie in an exported frame, in pixels (rows down, columns right)."""

    count: int
    columns: int
    tile_height: int   # after enlargement
    tile_width: int
    scale: int
    gap: int
    label_band: int    # above each tile, for its digit
    title_band: int = 24

    @property
    def rows(self) -> int:
        return math.ceil(self.count / self.columns)

    @property
    def shape(self) -> tuple[int, int]:
        width = self.columns * self.tile_width + (self.columns + 1) * self.gap
        height = self.title_band + self.rows * (self.label_band + self.tile_height) + (self.rows + 1) * self.gap
        return height, width

    def tile_box(self, index: int) -> tuple[int, int, int, int]:
        """(top, left, height, width) of tile ``index``."""
        row, column = divmod(index, self.columns)
        top = self.title_band + self.gap + row * (self.label_band + self.tile_height + self.gap) + self.label_band
        left = self.gap + column * (self.tile_width + self.gap)
        return top, left, self.tile_height, self.tile_width


def frame_layout(part: str, tile_shape: tuple[int, int, int]) -> FrameLayout:
    """The layout of a frame of ``part`` whose tiles are (N, h, w)."""
    style = STYLES[part]
    count, tile_h, tile_w = tile_shape
    scale = max(1, round(style.tile_pixels / max(tile_h, tile_w)))
    return FrameLayout(count=count, columns=min(style.columns, count), tile_height=tile_h * scale,
                       tile_width=tile_w * scale, scale=scale, gap=style.gap,
                       label_band=18 if style.digit_labels else 0)


def render_frame(part: str, array: np.ndarray, step: int) -> np.ndarray:
    """One snapshot of ``part`` as an RGB uint8 image (H, W, 3), with a title and step band."""
    from PIL import Image, ImageDraw

    style = STYLES[part]
    tiles = tiles_of(part, array)
    layout = frame_layout(part, tiles.shape)
    image = np.empty((*layout.shape, 3), dtype=np.uint8)
    image[:] = GAP_COLOUR
    # One symmetric range for the whole frame, as the panels use one per layer.
    coloured = colourise(tiles, symmetric_limit(tiles))
    enlarged = coloured.repeat(layout.scale, axis=1).repeat(layout.scale, axis=2)
    for k in range(layout.count):
        top, left, height, width = layout.tile_box(k)
        image[top:top + height, left:left + width] = enlarged[k]
    picture = Image.fromarray(image)
    draw = ImageDraw.Draw(picture)
    draw.text((layout.gap + 4, layout.title_band // 2), f"{style.title} · step {step:,}", fill=TEXT_COLOUR,
              font=_font(14), anchor="lm")
    if style.digit_labels:
        font = _font(13)
        for k in range(layout.count):
            top, left, _, width = layout.tile_box(k)
            draw.text((left + width // 2, top - layout.label_band // 2), str(k), fill=TEXT_COLOUR, font=font,
                      anchor="mm")
    return np.asarray(picture)


def mosaic_frames(recording: Recording, part: str) -> list[np.ndarray]:
    """Every snapshot of ``part`` rendered as an RGB uint8 frame, in step order."""
    return [frame for _, frame in _stepped_frames(recording, part)]


def _stepped_frames(recording: Recording, part: str) -> list[tuple[int, np.ndarray]]:
    if part not in STYLES:
        raise ExportError(f"cannot export {part!r}; exportable parts: {', '.join(STYLES)}")
    if part not in recording.parts:
        panels = {value: key for key, value in PANEL_PARTS.items()}
        can = [f"{p} (--panel {panels[p]})" for p in recording.parts if p in panels]
        raise ExportError(f"{recording.run_dir} records the {recording.model} model and has no {part}; "
                          f"it can export: {', '.join(can) or 'nothing'}")
    try:
        return [(step, render_frame(part, array, step)) for step, array in recording.frames(part)]
    except RecordingError as err:
        raise ExportError(str(err)) from None


# ----------------------------------------------------------------- animation
def export_animation(recording: Recording, part: str, out_path: str | os.PathLike, fps: float = 8) -> ExportResult:
    """Write the snapshots of ``part`` as ``.gif`` (looping), ``.mp4``, or ``.png`` (the last frame)."""
    out = Path(out_path)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"cannot export to {out.name}: the file name must end in {', '.join(SUFFIXES)}")
    if not (fps > 0 and math.isfinite(fps)):
        raise ExportError(f"frames per second must be a positive number, not {fps}")
    check_destination(out)
    if suffix == ".mp4" and importlib.util.find_spec("imageio_ffmpeg") is None:
        raise ExportError("MP4 export needs imageio-ffmpeg: pip install 'mnist-viz[video]'; or export a .gif")
    stepped = _stepped_frames(recording, part)
    if not stepped:
        raise ExportError(f"the recording in {recording.run_dir} has no snapshots of {part} yet")
    frames = [frame for _, frame in stepped]
    try:
        with atomic.replacing(out) as temp:  # a failure removes the temporary file: no partial output
            if suffix == ".png":
                from PIL import Image

                Image.fromarray(frames[-1]).save(temp, format="PNG")
            elif suffix == ".gif":
                from PIL import Image

                # Pillow directly (as imageio's plugin does, without its writer retrying a failed
                # flush when garbage-collected). duration is per frame in ms; loop=0 repeats forever.
                pictures = [Image.fromarray(frame) for frame in frames]
                pictures[0].save(temp, format="GIF", save_all=True, append_images=pictures[1:],
                                 duration=round(1000 / fps), loop=0)
            else:
                _write_mp4(temp, frames, fps)
    except OSError as err:
        fix = ("free some space or choose another place" if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
               else "choose another place")
        raise ExportError(f"cannot write {out}: {err.strerror or _one_line(err)}; nothing was written; {fix}") from None
    except (RuntimeError, ValueError) as err:  # an encoder failing (ffmpeg, Pillow)
        raise ExportError(f"cannot write {out}: the {suffix[1:].upper()} encoder failed ({_one_line(err)}); "
                          "nothing was written") from None
    return ExportResult(out, len(frames), stepped[0][0], stepped[-1][0])


def check_destination(out: str | os.PathLike) -> Path:
    """Raise ExportError (one line) unless ``out`` can be written (see core.atomic)."""
    try:
        return atomic.check_destination(out)
    except atomic.DestinationError as err:
        raise ExportError(str(err)) from None


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def _write_mp4(out: Path, frames: list[np.ndarray], fps: float) -> None:
    """H.264 in yuv420p (plays everywhere): frame sides padded to multiples of 16."""
    import imageio.v2 as iio2

    height, width = frames[0].shape[:2]
    pad_h, pad_w = -height % 16, -width % 16
    with iio2.get_writer(out, format="FFMPEG", mode="I", fps=fps, codec="libx264", quality=8,
                         pixelformat="yuv420p", macro_block_size=16) as writer:
        for frame in frames:
            if pad_h or pad_w:
                padded = np.empty((height + pad_h, width + pad_w, 3), np.uint8)
                padded[:] = GAP_COLOUR
                padded[:height, :width] = frame
                frame = padded
            writer.append_data(frame)
