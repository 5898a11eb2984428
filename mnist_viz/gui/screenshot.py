"""``mnist-viz screenshot``: train a configuration in the real window and save a PNG of it.

The destination is checked before training starts; the PNG is encoded in memory and
written under a temporary name in the same folder, then renamed (``core.atomic``), so a
full disk leaves no partial PNG.
"""

from __future__ import annotations

import errno
from pathlib import Path

from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, QTimer

from ..core import atomic, data
from ..core import events as ev
from ..core.config import TrainConfig
from . import i18n
from .app import ensure_application
from .main_window import MainWindow


class ScreenshotError(Exception):
    """The screenshot run could not finish (the message says why)."""


def take_screenshot(mnist: data.Mnist, path: str | Path, config: TrainConfig,
                    size: tuple[int, int] = (1366, 768),
                    settle_ms: int = 400, front: tuple[str, ...] = ()) -> tuple[ev.Finished | None, tuple[int, int]]:
    """Train ``config`` in the real window, wait until the panels show the end, save a PNG.

    Uses default layout and settings (nothing is read from or written to the user's
    settings). Returns the run's Finished event and the PNG's size in pixels (larger than
    ``size`` if the panels cannot be made that small); the panels of ``front`` are brought to
    the front of their tabs first. In English, unless $MNIST_VIZ_LANG
    names another language (``MNIST_VIZ_LANG=ja`` for the Japanese interface).
    """
    try:
        atomic.check_destination(path)
    except atomic.DestinationError as err:
        raise ScreenshotError(str(err)) from None
    i18n.install(ensure_application(), choice=i18n.SOURCE_LANGUAGE)
    window = MainWindow(data=mnist, persist=False, load_data=False)
    finished: list[ev.Finished] = []
    problems: list[str] = []
    loop = QEventLoop()
    window.controller.finished.connect(finished.append)
    window.controller.diverged.connect(lambda e: (problems.append(e.message), window.controller.stop()))
    window.controller.errored.connect(lambda message, details: problems.append(message))
    window.controller.state_changed.connect(lambda state: loop.quit() if state == "idle" else None)
    try:
        window.controls.set_config(config)
        window.resize(*size)
        window.show()  # the first show arranges the docks for this size
        if not window.start_training():
            raise ScreenshotError("training could not start: "
                                  + (window.last_message.text() if window.last_message else "no data"))
        if window.controller.running:
            loop.exec()
        if problems:
            raise ScreenshotError(problems[0])
        for pid in front:  # brought to the front of their tabs (the view state then draws them)
            dock = window.docks.get(pid)
            if dock is not None:
                dock.show()
                dock.raise_()
        # The final snapshot arrived before Finished; let throttled panels redraw it.
        QTimer.singleShot(settle_ms, loop.quit)
        loop.exec()
        window.resize(*size)
        pixmap = window.grab()
        save_png(pixmap, path)
        return (finished[-1] if finished else None), (pixmap.width(), pixmap.height())
    finally:
        window.close()
        window.deleteLater()


def save_png(pixmap, path: str | Path) -> Path:
    """Encode ``pixmap`` as PNG in memory, then write it atomically: ScreenshotError (one line)
    on failure, and no partial file."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        raise ScreenshotError(f"could not encode the {pixmap.width()}x{pixmap.height()} window as PNG; "
                              f"nothing was written to {path}")
    encoded = bytes(buffer.data())
    buffer.close()
    try:
        return atomic.write_bytes(path, encoded)
    except OSError as err:
        fix = ("free some space or choose another place" if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
               else "choose another place")
        raise ScreenshotError(f"cannot write {path}: {err.strerror or err}; nothing was written; {fix}") from None
