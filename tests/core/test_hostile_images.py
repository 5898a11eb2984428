"""Hostile and damaged image files: only the app's chosen decoders run, and every bad file
gives one ImageError line, never another exception, a hang or noise on stderr.

The corpus is built here from real files of every readable format (PNG, TIFF, BMP,
PPM/PGM/PBM, GIF, JPEG, WebP, in several modes and compressions): truncated at many
offsets, with bytes flipped, with lying headers and huge declared sizes; plus files that
are not images at all (PostScript named .png, PDF, SVG, text, archives, programs, an
empty file, a pipe).
"""

from __future__ import annotations

import io
import os
import random
import struct
import threading
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from mnist_viz.core import preprocess
from tests.drawn_digits import draw_digit


def digit_image(digit: int = 7, size: int = 64) -> Image.Image:
    """A small dark-on-light digit as an 8-bit grey PIL image."""
    grey = draw_digit(digit, size=size, box=size * 0.6, left=size * 0.2, top=size * 0.2)
    return Image.fromarray(((1.0 - grey) * 255).astype(np.uint8))


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def originals() -> dict[str, bytes]:
    """Valid files of every readable format, in the modes and compressions people meet."""
    grey = digit_image()
    rgb, rgba = grey.convert("RGB"), grey.convert("RGBA")
    frames = [digit_image(d) for d in (7, 3, 4)]  # the first frame is the one read
    animated = io.BytesIO()
    frames[0].save(animated, "GIF", save_all=True, append_images=frames[1:], duration=50)
    pages = io.BytesIO()
    frames[0].save(pages, "TIFF", save_all=True, append_images=frames[1:])
    deep = Image.fromarray((np.asarray(grey, dtype=np.uint16) * 257))
    return {
        "grey.png": encoded(grey, "PNG"), "rgba.png": encoded(rgba, "PNG"),
        "palette.png": encoded(grey.convert("P"), "PNG"), "deep.png": encoded(deep, "PNG"),
        "optimised.png": encoded(rgb, "PNG", optimize=True),
        "raw.tif": encoded(grey, "TIFF"), "lzw.tif": encoded(rgb, "TIFF", compression="tiff_lzw"),
        "deflate.tif": encoded(grey, "TIFF", compression="tiff_adobe_deflate"),
        "packbits.tif": encoded(grey, "TIFF", compression="packbits"),
        "jpeg.tif": encoded(rgb, "TIFF", compression="jpeg"), "pages.tif": pages.getvalue(),
        "rgb.bmp": encoded(rgb, "BMP"), "palette.bmp": encoded(grey.convert("P"), "BMP"),
        "colour.ppm": encoded(rgb, "PPM"), "grey.pgm": encoded(grey, "PPM"), "bits.pbm": encoded(grey.convert("1"), "PPM"),
        "still.gif": encoded(grey, "GIF"), "animated.gif": animated.getvalue(),
        "baseline.jpg": encoded(rgb, "JPEG"), "progressive.jpg": encoded(rgb, "JPEG", progressive=True),
        "lossless.webp": encoded(rgb, "WEBP", lossless=True), "lossy.webp": encoded(rgb, "WEBP"),
    }


def damaged(name: str, content: bytes, flips: int = 40) -> list[tuple[str, bytes]]:
    """Truncations at many offsets (every byte of the header, then spread out) and bit flips."""
    rng = random.Random(name)
    cuts = sorted(set(range(0, min(len(content), 64))) | {len(content) * k // 40 for k in range(1, 40)})
    cases = [(f"{name} cut at {cut}", content[:cut]) for cut in cuts if cut < len(content)]
    for index in range(flips):
        data = bytearray(content)
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(min(len(data), 200) if index % 2 else len(data))  # headers often
            data[position] = rng.randrange(256)
        cases.append((f"{name} flipped #{index}", bytes(data)))
    return cases


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png(width: int, height: int, pixels: bytes | None = None, colour: int = 0, depth: int = 8) -> bytes:
    """A PNG with any declared size (valid CRCs), by hand."""
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    data = zlib.compress(pixels if pixels is not None else b"\x00" * (width + 1) * min(height, 4))
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def tiff(width: int, height: int, next_ifd: int | None = 0, strip_bytes: int = 16) -> bytes:
    """A little-endian grey TIFF with any declared size; ``next_ifd`` may point anywhere (a loop)."""
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, strip_bytes)]
    ifd_offset = 8 + strip_bytes
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *entry) for entry in entries)
    ifd += struct.pack("<I", ifd_offset if next_ifd is None else next_ifd)
    return b"II*\x00" + struct.pack("<I", ifd_offset) + b"\x80" * strip_bytes + ifd


def bmp(width: int, height: int, bits: int = 24, pixels: bytes = b"\x00" * 64) -> bytes:
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, 0, len(pixels), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(header) + len(pixels), 0, 0, 14 + len(header)) + header + pixels


def gif(width: int, height: int) -> bytes:
    return (b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
            + b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x44\x01\x00;")


def jpeg_with_size(width: int, height: int) -> bytes:
    """A real JPEG whose frame header (SOF0) claims another size."""
    content = bytearray(encoded(digit_image().convert("RGB"), "JPEG"))
    sof = content.index(b"\xff\xc0")
    content[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(content)


#: Files with lying headers: (name, bytes, what the one line must say).
LYING = [
    ("huge.png", png(100_000, 100_000), "too large"),
    ("huge-but-under-pillows-own-limit.png", png(8000, 8000), "too large"),
    ("wide.png", png(2**31 - 1, 1), "too large"),
    ("zero-width.png", png(0, 10), ""),
    ("bad-depth.png", png(10, 10, depth=3), ""),
    ("bad-colour.png", png(10, 10, colour=5), ""),
    ("short-pixels.png", png(1000, 1000, pixels=b"\x00" * 10), ""),
    ("huge.tif", tiff(100_000, 100_000), "too large"),
    ("negative.tif", tiff(2**32 - 1, 2**32 - 1), ""),
    ("zero.tif", tiff(0, 0), ""),
    ("strip-past-the-end.tif", tiff(100, 100, strip_bytes=16), ""),
    ("huge.bmp", bmp(100_000, 100_000), "too large"),
    ("negative.bmp", bmp(-5, -5), ""),
    ("odd-bits.bmp", bmp(4, 4, bits=7), ""),
    ("zero.bmp", bmp(0, 0), ""),
    ("huge.gif", gif(65_535, 65_535), "too large"),
    ("huge.jpg", jpeg_with_size(65_000, 65_000), "too large"),
    ("huge.ppm", b"P6 1000000 1000000 255\n" + b"\x00" * 30, "too large"),
    ("zero.pgm", b"P5 0 0 255\n", ""),
    ("bad-maxval.pgm", b"P5 2 2 0\n\x00\x00\x00\x00", ""),
    ("text-in-header.pgm", b"P5 2 two 255\n\x00\x00\x00\x00", ""),
    ("endless-comment.pgm", b"P5 #" + b"x" * 100_000, ""),
    ("png-magic-jpeg-body.png", b"\x89PNG\r\n\x1a\n" + encoded(digit_image(), "JPEG")[2:], "PNG"),
    ("riff-not-webp.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "WebP"),
]

#: Files that are no raster image: (name, bytes, the kind the line names).
NOT_IMAGES = [
    ("looping.png", b"%!PS\n{} loop\n", "PostScript"),
    ("eps.png", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n{} loop\n", "PostScript"),
    ("binary-eps.png", b"\xc5\xd0\xd3\xc6" + b"\x00" * 40, "PostScript"),
    ("scan.png", b"%PDF-1.4\n1 0 obj\n", "PDF"),
    ("drawing.png", b"<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
    ("page.jpg", b"<!DOCTYPE html><html><body>7</body></html>", "HTML"),
    ("notes.png", "a seven, drawn by hand\n".encode(), "text"),
    ("archive.png", b"PK\x03\x04" + b"\x00" * 40, "ZIP"),
    ("program.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "program"),
    ("photo.heic.png", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "HEIC"),
    ("layers.png", b"8BPS\x00\x01" + b"\x00" * 40, "Photoshop"),
    ("icon.png", b"\x00\x00\x01\x00\x01\x00\x10\x10" + b"\x00" * 40, "icon"),
    ("tga-like.png", b"\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x10\x00\x10\x00\x18\x00" + b"\x80" * 768,
     ""),
    ("noise.png", bytes(random.Random(3).randrange(256) for _ in range(500)), ""),
    ("empty.png", b"", "empty"),
]


def assert_one_line(message: str, path: Path) -> None:
    assert "\n" not in message and str(path) in message and len(message) < 300 + len(str(path)), message
    assert "Traceback" not in message


def load(path: Path) -> str | None:
    """The ImageError message, or None when the file loaded; any other exception fails the test."""
    try:
        preprocess.load_image(path, [])
    except preprocess.ImageError as err:
        return str(err)
    return None


# ================================================================ one error type, one line
def test_every_damaged_file_gives_one_image_error_line_and_nothing_on_stderr(tmp_path, capfd):
    """Truncated and bit-flipped files of every format: ImageError or a clean load, nothing else.

    Also checks the process's stderr at the file-descriptor level: libtiff used to write
    its own lines there ("TIFFFillStrip: Read error on strip 0") past Python, and Pillow
    Python warnings about corrupt EXIF data.
    """
    target = tmp_path / "case.img"
    failures, refused, total = [], 0, 0
    for name, content in originals().items():
        target.write_bytes(content)
        assert load(target) is None, f"{name} should load"
        for case, data in damaged(name, content):
            target.write_bytes(data)
            total += 1
            try:
                message = load(target)
            except Exception as err:  # noqa: BLE001  (what the test is about)
                failures.append(f"{case}: {type(err).__name__}: {err}")
                continue
            if message is not None:
                refused += 1
                assert_one_line(message, target)
    assert not failures, f"{len(failures)} of {total} damaged files raised something else:\n" + "\n".join(failures[:20])
    assert refused > total // 2  # most damage is noticed (a flipped pixel byte may not be)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(("name", "content", "says"), LYING, ids=[case[0] for case in LYING])
def test_a_lying_header_gives_one_line_at_once(tmp_path, capfd, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    decoded = []
    original = Image.Image.load

    def counting_load(image, *args, **kwargs):
        decoded.append(image.size)
        return original(image, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Image.Image, "load", counting_load)
        message = load(path)
    assert message is not None, f"{name} was accepted"
    assert_one_line(message, path)
    assert says in message
    # the size is checked before any pixel is decoded: no giant image is ever allocated
    assert not [size for size in decoded if size[0] * size[1] > preprocess.MAX_IMAGE_PIXELS], decoded
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(("name", "content", "kind"), NOT_IMAGES, ids=[case[0] for case in NOT_IMAGES])
def test_a_file_that_is_no_raster_image_is_named_for_what_it_is(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_bytes(content)
    message = load(path)
    assert message is not None
    assert_one_line(message, path)
    assert kind in message
    assert "not an image this app reads (PNG, JPEG, BMP, GIF, TIFF, PPM/PGM/PBM, WebP)" in message or kind == "empty"


def test_an_image_of_any_readable_format_loads_whatever_its_name(tmp_path):
    reference = preprocess.to_mnist(preprocess.load_image(_write(tmp_path / "ref.png", originals()["grey.png"])))
    for name, content in originals().items():
        loaded = preprocess.to_mnist(preprocess.load_image(_write(tmp_path / f"{name}.png", content)))
        assert loaded is not None and np.corrcoef(loaded.ravel(), reference.ravel())[0, 1] > 0.8, name


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_a_tiff_whose_pages_loop_gives_its_first_page_at_once(tmp_path):
    path = _write(tmp_path / "looping-pages.tif", tiff(8, 2, next_ifd=None))
    loaded = []
    reader = threading.Thread(target=lambda: loaded.append(preprocess.load_image(path)), daemon=True)
    reader.start()
    reader.join(60)  # a hang detector, not a speed limit: following the page loop never returns
    assert not reader.is_alive(), "reading a TIFF whose pages loop never returned"
    assert loaded[0].shape == (2, 8)


def test_image_to_grey_raises_only_image_error_too(tmp_path):
    path = _write(tmp_path / "cut.png", originals()["grey.png"][:200])
    with Image.open(path) as image, pytest.raises(preprocess.ImageError) as caught:
        preprocess.image_to_grey(image)
    assert "\n" not in str(caught.value)


# =============================================================== decoders the app did not choose
def test_postscript_named_png_never_reaches_ghostscript(tmp_path, monkeypatch):
    """A PostScript file named .png was handed to Ghostscript (a two-line one loops forever):
    a fake ``gs`` on PATH records whether anything ran it."""
    from PIL import EpsImagePlugin

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    marker = tmp_path / "gs-was-run"
    fake = bin_dir / "gs"
    fake.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(EpsImagePlugin, "gs_binary", None)  # look for gs afresh
    path = _write(tmp_path / "digit.png",
                  b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\n/loop { loop } def {} loop\n")
    message = load(path)
    assert not marker.exists(), "Ghostscript was run on a file named .png"
    assert message == (f"{path} is a PostScript file, not an image this app reads "
                       "(PNG, JPEG, BMP, GIF, TIFF, PPM/PGM/PBM, WebP)")


@pytest.mark.parametrize("fmt", ["TGA", "PCX", "SGI", "ICO", "DDS", "QOI"])
def test_formats_outside_the_list_are_refused_even_when_pillow_could_read_them(tmp_path, fmt):
    try:
        content = encoded(digit_image(size=32).convert("RGB" if fmt != "IM" else "L"), fmt)
    except (KeyError, OSError, ValueError) as err:
        pytest.skip(f"this Pillow cannot write {fmt}: {err}")
    path = _write(tmp_path / "digit.png", content)
    message = load(path)
    assert message is not None and "not an image this app reads" in message
    assert_one_line(message, path)


# ============================================================================ files that are no file
def test_a_pipe_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "digit.png"
    os.mkfifo(pipe)
    result: list = []
    thread = threading.Thread(target=lambda: result.append(load(pipe)), daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # unblock the stuck open() so the test run can go on
        with open(pipe, "wb"):
            pass
        pytest.fail("opening a named pipe waited for a writer")
    assert result and result[0] is not None and "not a regular file" in result[0]


def test_an_unreadable_file_gives_one_line(tmp_path, monkeypatch):
    path = _write(tmp_path / "digit.png", originals()["grey.png"])

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(preprocess, "open", denied, raising=False)  # root reads anything: simulate
    message = load(path)
    assert message == f"{path} cannot be read (Permission denied); check the path and its permissions"


def test_a_path_through_a_file_gives_one_line(tmp_path):
    path = _write(tmp_path / "digit.png", originals()["grey.png"]) / "inside.png"
    message = load(path)
    assert message is not None and "cannot be read" in message
    assert_one_line(message, path)


# ========================================================================== the predict command
def test_predict_answers_every_good_image_and_gives_each_bad_one_its_own_line(tmp_path, capfd):
    """The images after a damaged one were never answered: the reader raised an error the
    loop did not catch (a TypeError from a TIFF without dimensions, a ValueError from a PPM
    header), with a traceback."""
    from mnist_viz import cli
    from mnist_viz.core import checkpoints

    if not checkpoints.pretrained_path("cnn").is_file():
        pytest.fail(f"{checkpoints.pretrained_path('cnn')} is missing: the shipped models are part of the checkout")
    good = [tmp_path / "seven.png", tmp_path / "seven.tif"]
    digit_image(7, size=200).save(good[0])
    digit_image(7, size=200).save(good[1])
    bad = {
        "no-dimensions.tif": tiff(0, 0),
        "broken-header.ppm": b"P6 1?0 10 255\n" + b"\x00" * 300,
        "cut.tif": originals()["lzw.tif"][:300],
        "cut.png": originals()["grey.png"][:100],
        "cut.bmp": originals()["rgb.bmp"][:80],
        "postscript.png": b"%!PS\n{} loop\n",
        "huge.png": png(100_000, 100_000),
    }
    paths = [str(good[0])]
    for name, content in bad.items():
        paths.append(str(_write(tmp_path / name, content)))
    paths.append(str(good[1]))
    code = cli.main(["predict", *paths])
    out, err = capfd.readouterr()
    assert code == 2
    answers = [line for line in out.splitlines() if line.strip()]
    assert [line.split(":")[0] for line in answers] == [str(path) for path in good]
    assert all(line.split(":")[1].split()[0] == "7" for line in answers)
    errors = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert len(errors) == len(bad), err
    for line, name in zip(errors, bad):
        assert line.startswith(f"mnist-viz: error: {tmp_path / name} "), line
