"""Screenshots of Draw a digit saying "Not sure" (two wavy lines) and stating a digit (a 7).

The real window at 1366x768 on the real MNIST ($MNIST_VIZ_DATA; no training: the shipped CNN, chosen in the
model box, is what every panel shows and what answers), strokes drawn on the
canvas with mouse events as in tests/gui/test_canvas_unsure.py; for each drawing it saves
the whole window and the Draw a digit dock alone::

    QT_QPA_PLATFORM=offscreen python scripts/screenshot_unsure.py /tmp/unsure

Writes canvas-unsure.png, canvas-unsure-panel.png, canvas-digit.png, canvas-digit-panel.png
(and the Japanese interface with MNIST_VIZ_LANG=ja: the file names get a -ja).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mnist_viz.gui import i18n  # noqa: E402
from mnist_viz.gui.app import ensure_application  # noqa: E402
from mnist_viz.gui.main_window import MainWindow  # noqa: E402
from mnist_viz.gui.widgets.drawing_canvas import CANVAS_SIZE  # noqa: E402
from tests.gui.test_canvas_unsure import WAVES  # noqa: E402
from tests.gui.test_canvas import SEVEN  # noqa: E402

DRAWINGS = {"unsure": WAVES, "digit": SEVEN}


def point(canvas, x: float, y: float) -> QPoint:
    square = canvas._square()
    return QPoint(round(square.left() + x * square.width() / CANVAS_SIZE),
                  round(square.top() + y * square.height() / CANVAS_SIZE))


def draw(canvas, strokes) -> None:
    for stroke in strokes:
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point(canvas, *stroke[0]))
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            for step in range(1, 8):
                t = step / 7
                QTest.mouseMove(canvas, point(canvas, x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           point(canvas, *stroke[-1]))


def wait_for_answer(panel, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        result = panel.last_result
        if not panel.busy and result is not None and result.complete and result.probabilities is not None:
            return
        time.sleep(0.02)
    sys.exit("the canvas gave no answer in time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    suffix = "-ja" if os.environ.get("MNIST_VIZ_LANG", "").startswith("ja") else ""
    app = ensure_application()
    i18n.install(app, choice=os.environ.get("MNIST_VIZ_LANG") or i18n.SOURCE_LANGUAGE)
    from mnist_viz.core import data

    mnist = data.load(os.environ.get(data.ENV_VAR))  # the real MNIST: every panel shows the shipped CNN
    window = MainWindow(data=mnist, persist=False)
    window.resize(1366, 768)
    window.show()
    deadline = time.monotonic() + 120
    while not window.torch_loaded and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    window.controls.select_model("cnn")  # the model box: the panels and the canvas show the shipped CNN
    panel = window.hub.panels["canvas"]
    for name, strokes in DRAWINGS.items():
        panel.canvas.clear()
        QApplication.processEvents()
        draw(panel.canvas, strokes)
        wait_for_answer(panel)
        for _ in range(20):  # let the plots repaint
            QApplication.processEvents()
            time.sleep(0.02)
        window.grab().save(str(args.folder / f"canvas-{name}{suffix}.png"))
        window.hub.docks["canvas"].grab().save(str(args.folder / f"canvas-{name}-panel{suffix}.png"))
        print(f"{name}: {panel.last_result.verdict}")
    panel.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
