"""Turn a recording into pictures: a GIF or MP4 of the weights learning, or a PNG.

Each snapshot of a part becomes one RGB frame that shows the part as its panel does: the
tiles, the columns, their order and the 1-pixel gaps are the panel's mosaic
(``core.mosaic.part_tiles`` and ``part_layout``; the window's ``MosaicView`` lays its tiles
out with the same ``MosaicLayout.for_tiles``), enlarged by a whole number of pixels per weight; the colours are the diverging
map CET-D1A (blue negative, white zero, red positive) on the panel's automatic range
(``core.mosaic.part_levels``: symmetric around zero, from the frame's whole array), each
value picking its colour as pyqtgraph does; gaps are the window's dark grey. A title band
above says the part and the step. Parts that can be exported:

* ``softmax_weights``: the ten 28x28 templates W[:, k], five to a row, each labelled
  with its digit in the band above it;
* ``conv1_filters``: conv1's 32 5x5 filters, eight to a row, enlarged to 40 px each;
* ``conv2_filters``: conv2's 64 filters' kernels for conv1's channel 0 (the panel's
  default view), sixteen to a row, coloured on the range of all 32 channels as the panel.

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
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import atomic, mosaic
from .recording import Recording, RecordingError

#: Names the CLI accepts (``--panel``), and the recording part each one exports.
PANEL_PARTS = {"softmax-weights": "softmax_weights", "conv1": "conv1_filters", "conv2": "conv2_filters"}
#: File types export_animation writes.
SUFFIXES = (".gif", ".mp4", ".png")
GAP_COLOUR = mosaic.GAP_RGB   # as the app's mosaics
TEXT_COLOUR = (235, 235, 235)
COLORMAP = mosaic.DIVERGING   # as the app's weight panels


class ExportError(ValueError):
    """An export cannot be made; the message says why and what to do instead."""


@dataclass(frozen=True)
class PartStyle:
    """What an exported frame adds to the panel's mosaic (``core.mosaic.PARTS``): a title, a size."""

    title: str
    tile_pixels: int   # about the longer side of a tile after nearest-neighbour enlargement
    digit_labels: bool = False


STYLES = {
    "softmax_weights": PartStyle("softmax weights W[:, k] as 28x28", tile_pixels=112, digit_labels=True),
    "conv1_filters": PartStyle("conv1 · 32 filters", tile_pixels=40),
    "conv2_filters": PartStyle("conv2 · 64 filters' kernels for conv1 channel 0", tile_pixels=30),
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    frames: int
    first_step: int
    last_step: int


_CONV = re.compile(r"conv([1-9][0-9]*)")


def part_for_panel(name: str) -> str:
    """``softmax-weights`` -> ``softmax_weights``, ``conv3`` -> ``conv3_filters`` (any conv layer
    of a network of one's own; part names are accepted as they are). Panel ids are written
    with hyphens or underscores alike (``softmax_weights``), and ``filters`` is the Filters
    panel's first layer, ``conv1`` (see mnist_viz.panel_ids)."""
    name = name.strip().lower()
    if name.replace("_", "-") in PANEL_PARTS:
        return PANEL_PARTS[name.replace("_", "-")]
    if name == "filters":
        return PANEL_PARTS["conv1"]
    if _CONV.fullmatch(name):
        return f"{name}_filters"
    if name in STYLES or _CONV.fullmatch(name.removesuffix("_filters")):
        return name
    raise ExportError(f"cannot export the panel {name!r}; choose one of {', '.join(PANEL_PARTS)} "
                      "(or conv3, conv4... for a network with more conv layers)")


def style_of(part: str, array: np.ndarray) -> PartStyle:
    """The frame's style for ``part``: its title says what the array holds (how many filters,
    which layer), so that a network of one's own is not titled as the tutorial CNN."""
    if part == "softmax_weights":
        return STYLES[part]
    layer = part.removesuffix("_filters")
    if array.ndim == 3:
        return PartStyle(f"{layer} · {array.shape[0]} filters", tile_pixels=STYLES["conv1_filters"].tile_pixels)
    return PartStyle(f"{layer} · {array.shape[0]} filters' kernels for input channel 0",
                     tile_pixels=STYLES["conv2_filters"].tile_pixels)


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


def colourise(values: np.ndarray, levels: tuple[float, float]) -> np.ndarray:
    """Values -> RGB uint8 with the diverging map on ``levels``, each value's colour picked as
    the window's ImageItem picks it (``core.mosaic.colour_indices``); NaN (the gaps) -> GAP_COLOUR."""
    coloured = diverging_lut()[mosaic.colour_indices(values, levels, len(diverging_lut()))]
    coloured[np.isnan(values)] = GAP_COLOUR
    return coloured


# -------------------------------------------------------------------- frames
def _font(size: int):
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: a fixed-size bitmap font
        return ImageFont.load_default()


@dataclass(frozen=True)
class FrameLayout:
    """Where things lie in an exported frame, in pixels (rows down, columns right).

    The frame is the panel's mosaic (``grid``, in weights) enlarged ``scale`` times, inside
    a margin of the gap colour, under a title band.
    """

    grid: mosaic.MosaicLayout  # the panel's layout, in weights
    scale: int
    title_band: int = 24

    @property
    def margin(self) -> int:
        return self.scale * self.grid.gap

    @property
    def count(self) -> int:
        return self.grid.count

    @property
    def columns(self) -> int:
        return self.grid.columns

    @property
    def rows(self) -> int:
        return self.grid.rows

    @property
    def tile_height(self) -> int:
        return self.grid.tile_height * self.scale

    @property
    def tile_width(self) -> int:
        return self.grid.tile_width * self.scale

    @property
    def label_band(self) -> int:
        return self.grid.label_band * self.scale

    @property
    def shape(self) -> tuple[int, int]:
        height, width = self.grid.shape
        return self.title_band + height * self.scale + 2 * self.margin, width * self.scale + 2 * self.margin

    def tile_box(self, index: int) -> tuple[int, int, int, int]:
        """(top, left, height, width) of tile ``index``."""
        top, left = self.grid.tile_origin(index)
        return (self.title_band + self.margin + top * self.scale, self.margin + left * self.scale,
                self.tile_height, self.tile_width)


def frame_layout(part: str, tile_shape: tuple[int, int, int]) -> FrameLayout:
    """The layout of a frame of ``part`` whose tiles are (N, h, w): the panel's, enlarged."""
    layout = mosaic.part_layout(part, tile_shape)
    pixels = STYLES[part].tile_pixels if part in STYLES else STYLES["conv2_filters"].tile_pixels
    scale = max(1, round(pixels / max(layout.tile_height, layout.tile_width)))
    return FrameLayout(layout, scale)


def render_frame(part: str, array: np.ndarray, step: int) -> np.ndarray:
    """One snapshot of ``part`` as an RGB uint8 image (H, W, 3), with a title and step band."""
    from PIL import Image, ImageDraw

    style = style_of(part, array)
    tiles = mosaic.part_tiles(part, array)
    layout = frame_layout(part, tiles.shape)
    # The panel's mosaic and its automatic colour range, enlarged (nearest neighbour).
    picture = colourise(mosaic.build_mosaic(tiles, layout.grid), mosaic.part_levels(part, array))
    picture = picture.repeat(layout.scale, axis=0).repeat(layout.scale, axis=1)
    image = np.empty((*layout.shape, 3), dtype=np.uint8)
    image[:] = GAP_COLOUR
    top, left = layout.title_band + layout.margin, layout.margin
    image[top:top + picture.shape[0], left:left + picture.shape[1]] = picture
    frame = Image.fromarray(image)
    draw = ImageDraw.Draw(frame)
    draw.text((layout.margin + 4, layout.title_band // 2), f"{style.title} · step {step:,}", fill=TEXT_COLOUR,
              font=_font(14), anchor="lm")
    if style.digit_labels and layout.label_band:
        font = _font(max(8, round(layout.label_band * 0.75)))
        for k in range(layout.count):
            top, left, _, width = layout.tile_box(k)
            draw.text((left + width // 2, top - layout.label_band // 2), str(k), fill=TEXT_COLOUR, font=font,
                      anchor="mm")
    return np.asarray(frame)


def mosaic_frames(recording: Recording, part: str) -> list[np.ndarray]:
    """Every snapshot of ``part`` rendered as an RGB uint8 frame, in step order."""
    return [frame for _, frame in _stepped_frames(recording, part)]


def _stepped_frames(recording: Recording, part: str) -> list[tuple[int, np.ndarray]]:
    if part not in STYLES and not _CONV.fullmatch(part.removesuffix("_filters")):
        raise ExportError(f"cannot export {part!r}; exportable parts: {', '.join(STYLES)} (and conv3_filters... "
                          "of a network with more conv layers)")
    if part not in recording.parts:
        panels = {value: key for key, value in PANEL_PARTS.items()}
        panels.update({p: p.removesuffix("_filters") for p in recording.parts
                       if p.endswith("_filters") and _CONV.fullmatch(p.removesuffix("_filters"))})
        can = [f"{p} (--panel {panels[p]})" for p in sorted(recording.parts) if p in panels]
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
