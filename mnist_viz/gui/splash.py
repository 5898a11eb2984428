"""The start-up splash: something on screen while PyTorch loads.

Importing torch alone takes two to four seconds on a laptop's CPU, longer than the rest
of the start-up together. So the ``mnist-viz`` command shows this splash first, using
nothing but Qt (no torch, no pyqtgraph), then imports the rest and builds the main
window; the splash closes when the window appears. It says what is happening, so that a
slow start never looks like a hang.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSplashScreen

_splash: QSplashScreen | None = None

WIDTH, HEIGHT = 460, 220


def _pixmap(ratio: float) -> QPixmap:
    pixmap = QPixmap(int(WIDTH * ratio), int(HEIGHT * ratio))
    pixmap.setDevicePixelRatio(ratio)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, WIDTH, HEIGHT)
    gradient.setColorAt(0.0, QColor("#1d2b44"))
    gradient.setColorAt(1.0, QColor("#2f4f7f"))
    painter.fillRect(QRect(0, 0, WIDTH, HEIGHT), gradient)
    # A little 5x5 "filter" mosaic, the app's motif.
    cell = 10
    for row in range(5):
        for col in range(5):
            value = (row * 7 + col * 3) % 11 / 10.0
            painter.fillRect(24 + col * (cell + 2), 28 + row * (cell + 2), cell, cell,
                             QColor.fromRgbF(0.9, 0.35 + 0.5 * value, 0.25 + 0.1 * value))
    title = QFont()
    title.setPointSize(22)
    title.setBold(True)
    painter.setFont(title)
    painter.setPen(QColor("white"))
    painter.drawText(QRect(100, 22, WIDTH - 110, 40), Qt.AlignmentFlag.AlignVCenter, "mnist-viz")
    body = QFont()
    body.setPointSize(10)
    painter.setFont(body)
    painter.setPen(QColor("#c9d6ea"))
    painter.drawText(QRect(100, 62, WIDTH - 120, 60), Qt.TextFlag.TextWordWrap,
                     "Watch the inside of MNIST training, live.")
    painter.end()
    return pixmap


def show_splash() -> QSplashScreen | None:
    """Create the QApplication if needed and show the splash. None where it cannot be shown."""
    global _splash
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):
        return None
    ratio = app.primaryScreen().devicePixelRatio() if app.primaryScreen() else 1.0
    _splash = QSplashScreen(_pixmap(ratio))
    _splash.setObjectName("startup-splash")
    message("Loading PyTorch...")
    _splash.show()
    QCoreApplication.processEvents()
    if os.environ.get("MNIST_VIZ_EXIT_AFTER_SHOW"):  # `mnist-viz bench` times start-up with this
        print("mnist-viz: splash shown", flush=True)
    return _splash


def message(text: str) -> None:
    """Show what start-up is doing now (no-op without a splash)."""
    if _splash is not None:
        _splash.showMessage(text, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, QColor("white"))
        QCoreApplication.processEvents()


def finish(window) -> None:
    """Close the splash once ``window`` is shown."""
    global _splash
    if _splash is not None:
        _splash.finish(window)
        _splash.deleteLater()
        _splash = None
