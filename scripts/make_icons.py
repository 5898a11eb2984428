"""Draw the app icon: resources/icons/mnist-viz.svg and its PNG renderings.

Run from anywhere, with the project's virtual environment::

    .venv/bin/python scripts/make_icons.py            # rewrite the SVG, render the PNGs
    .venv/bin/python scripts/make_icons.py --check    # only say whether they are up to date

The picture is the first digit of MNIST's test set (a 7), averaged down from 28x28 to a
12x12 grid of rounded cells, the ink in the splash screen's warm colours (brighter where
the ink is darker), on the splash's blue: a digit as the network sees it, a grid of
numbers. The grid below is that 7 by hand-checked intensity (0 = paper, 9 = full ink), so
the icon needs neither MNIST nor torch to be redrawn.

The SVG is the source (the launcher's scalable icon; ``install-desktop`` copies it to
``icons/hicolor/scalable/apps``); the PNGs (``mnist-viz-<N>.png``, N = 16..256) are
rendered from it with Qt's QSvgRenderer, for window managers and menus that want bitmaps.
Commit all of them. Exit status: 0 done (or up to date); 1 with --check when a file is
missing or stale.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
NAME = "mnist-viz"
SIZES = (16, 24, 32, 48, 64, 128, 256)

#: MNIST test image 0 (a 7), 2x2-averaged, cropped to 12x12, intensity 0..9.
GRID = [
    "............",
    "..231.......",
    "..66888885..",
    ".....11155..",
    ".......191..",
    ".......64...",
    "......181...",
    "......74....",
    ".....47.....",
    "....191.....",
    "....691.....",
    "....32......",
]

CANVAS = 256
PITCH = 16   # grid step; 12 cells * 16 = 192 px, centred in 256
CELL = 14


def ink_colour(level: int) -> str:
    """The splash mosaic's palette: deep orange for faint ink up to warm yellow for full ink."""
    v = level / 9
    red, green, blue = 230, round(89 + 128 * v), round(64 + 25 * v)
    return f"#{red:02x}{green:02x}{blue:02x}"


def svg_text() -> str:
    offset = (CANVAS - PITCH * len(GRID)) // 2 + (PITCH - CELL) // 2
    cells = []
    for row, line in enumerate(GRID):
        for col, char in enumerate(line):
            x, y = offset + col * PITCH, offset + row * PITCH
            if char == ".":
                cells.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2.5" fill="#ffffff" '
                             'fill-opacity="0.07"/>')
            else:
                cells.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2.5" '
                             f'fill="{ink_colour(int(char))}"/>')
    body = "\n    ".join(cells)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- mnist-viz's icon: MNIST's first test digit on a 12x12 grid. Written by scripts/make_icons.py. -->
<svg xmlns="http://www.w3.org/2000/svg" width="{CANVAS}" height="{CANVAS}" viewBox="0 0 {CANVAS} {CANVAS}">
  <defs>
    <linearGradient id="paper" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1d2b44"/>
      <stop offset="1" stop-color="#2f4f7f"/>
    </linearGradient>
  </defs>
  <rect x="8" y="8" width="240" height="240" rx="44" fill="url(#paper)"/>
  <g>
    {body}
  </g>
</svg>
"""


def render(svg: bytes, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit("make_icons: Qt cannot read the SVG it wrote")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return (0, 0)
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when the SVG differs from the grid or a PNG is missing "
                        "or of the wrong size")
    args = parser.parse_args(argv)
    svg = svg_text().encode()
    svg_path = ICONS / f"{NAME}.svg"
    if args.check:
        stale = [] if svg_path.exists() and svg_path.read_bytes() == svg else [svg_path]
        for size in SIZES:
            path = ICONS / f"{NAME}-{size}.png"
            if not path.exists() or png_size(path.read_bytes()) != (size, size):
                stale.append(path)
        for path in stale:
            print(f"stale or missing: {path.relative_to(ROOT)}")
        print("icons up to date" if not stale else "run scripts/make_icons.py")
        return 1 if stale else 0

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage/QPainter need it)
    ICONS.mkdir(parents=True, exist_ok=True)
    svg_path.write_bytes(svg)
    print(f"wrote {svg_path.relative_to(ROOT)}")
    for size in SIZES:
        path = ICONS / f"{NAME}-{size}.png"
        path.write_bytes(render(svg, size))
        print(f"wrote {path.relative_to(ROOT)} ({size}x{size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
