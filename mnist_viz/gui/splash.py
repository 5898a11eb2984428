"""The start-up splash: something on screen while the window is being built.

The ``mnist-viz`` command shows this splash first, using nothing but Qt (no torch, no
pyqtgraph), then imports the rest and builds the main window; the splash closes when the
window appears. It says what is happening, so that a slow start never looks like a hang.
Showing it also starts the loading of torch's shared libraries on the other core (see
:mod:`mnist_viz.preload`); torch itself is imported once the window is shown, in the
background (see ``MainWindow.start_loading``).

It is a plain frameless widget rather than a QSplashScreen: ``QSplashScreen.show()``
blocks for a fixed second on Qt 6.11 (measured here, offscreen), a third of the whole
start-up budget. This one waits only until the window system has exposed it (so that it
is really painted before the main thread goes on importing), at most a second.
"""

from __future__ import annotations

import os
import signal
import sys
import time

from PySide6.QtCore import QCoreApplication, QEventLoop, QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QLinearGradient, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from .. import preload

#: How long to wait for the window system to show the splash before going on regardless.
EXPOSE_TIMEOUT_S = 1.0


class Splash(QWidget):
    """A frameless picture with one line of text at the bottom (what is loading)."""

    def __init__(self, pixmap: QPixmap) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, False)
        self.pixmap = pixmap
        self.text = ""
        self.setFixedSize(WIDTH, HEIGHT)
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())

    def showMessage(self, text: str) -> None:  # noqa: N802 (QSplashScreen's name)
        self.text = text
        self.repaint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.pixmap)
        if self.text:
            painter.setPen(QColor("white"))
            painter.drawText(self.rect().adjusted(12, 0, -12, -10),
                             Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, self.text)
        painter.end()

    def show_now(self) -> None:
        """Show, and wait (handling events) until the window system has put it on screen."""
        self.show()
        deadline = time.monotonic() + EXPOSE_TIMEOUT_S
        handle = self.windowHandle()
        while handle is not None and not handle.isExposed() and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            time.sleep(0.005)
        self.repaint()
        QCoreApplication.processEvents()


_splash: Splash | None = None

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


#: Ctrl+C pressed while the window was being built (see :func:`defer_interrupts`).
_interrupts: list[int] = []


def defer_interrupts() -> None:
    """Until the window is up, Ctrl+C is noted instead of raised: a KeyboardInterrupt raised
    inside one of Qt's calls while the window is built surfaces as an unrelated error
    (an AttributeError from an enum lookup, an OverflowError) with a traceback. The app
    honours the note once the window is shown (gui.app.run_app: it closes and exits 130)."""
    signal.signal(signal.SIGINT, lambda *_: _interrupts.append(1))


def interrupted() -> bool:
    """Whether Ctrl+C was pressed while interrupts were deferred."""
    return bool(_interrupts)


def show_splash() -> Splash | None:
    """Create the QApplication if needed and show the splash. None where it cannot be shown."""
    global _splash
    defer_interrupts()
    preload.start()  # torch's libraries load on the other core meanwhile (see mnist_viz.preload)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):
        return None
    ratio = app.primaryScreen().devicePixelRatio() if app.primaryScreen() else 1.0
    _splash = Splash(_pixmap(ratio))
    _splash.setObjectName("startup-splash")
    _splash.text = "Loading the window..."
    _splash.show_now()
    if os.environ.get("MNIST_VIZ_EXIT_AFTER_SHOW"):  # `mnist-viz bench` times start-up with this
        print("mnist-viz: splash shown", flush=True)
    return _splash


def message(text: str) -> None:
    """Show what start-up is doing now (no-op without a splash)."""
    if _splash is not None:
        _splash.showMessage(text)
        QCoreApplication.processEvents()


def finish(window) -> None:
    """Close the splash once ``window`` is shown."""
    global _splash
    preload.window_shown()
    if _splash is not None:
        _splash.close()
        _splash.deleteLater()
        _splash = None
