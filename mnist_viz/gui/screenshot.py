"""``mnist-viz screenshot``: train a configuration in the real window and save a PNG of it.

With ``panel`` only that panel is saved: its dock is floated at the size asked, and the
panels that compute on demand (the embedding, the units) are waited for until they have
drawn the trained weights (``unit`` chooses the Units panel's layer and unit first), so
that a README picture of one panel is made by the app itself.

The destination is checked before training starts; the PNG is encoded in memory and
written under a temporary name in the same folder, then renamed (``core.atomic``), so a
full disk leaves no partial PNG.
"""

from __future__ import annotations

import errno
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QEventLoop, QIODevice, QTimer

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
                    settle_ms: int = 400, front: tuple[str, ...] = (), panel: str | None = None,
                    unit: tuple[str, int] | None = None,
                    panel_size: tuple[int, int] = (900, 600),
                    compute_timeout_s: float = 300.0) -> tuple[ev.Finished | None, tuple[int, int]]:
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
        if panel is not None:
            pixmap = _grab_panel(window, panel, unit, panel_size, settle_ms, compute_timeout_s)
        else:
            pixmap = window.grab()
        save_png(pixmap, path)
        return (finished[-1] if finished else None), (pixmap.width(), pixmap.height())
    finally:
        window.close()
        window.deleteLater()


def _wait(condition, timeout_s: float) -> bool:
    """Handle events until ``condition()`` holds; False after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
    return True


def _grab_panel(window: MainWindow, pid: str, unit: tuple[str, int] | None, size: tuple[int, int],
                settle_ms: int, timeout_s: float):
    """Float panel ``pid``'s dock at ``size``, let it draw (and compute), and grab it."""
    dock, widget = window.docks.get(pid), window.panels.get(pid)
    if dock is None or widget is None:
        raise ScreenshotError(f"there is no {pid} panel in this window")
    if dock.isHidden() and not dock.toggleViewAction().isEnabled():
        raise ScreenshotError(f"the {pid} panel has nothing to show for the {window.controls.current_model()} "
                              "model; choose another panel or model")
    dock.show()
    dock.setFloating(True)
    dock.resize(*size)
    dock.raise_()
    _wait(lambda: False, settle_ms / 1000)  # shown: it asks for what it draws
    if unit is not None and pid != "units":
        raise ScreenshotError("--unit is for --panel units")
    if pid == "units":
        if not _wait(lambda: bool(widget.layers), timeout_s):
            raise ScreenshotError("the Units panel did not list the network's layers")
        if unit is not None:
            layer, index = unit
            try:
                widget.choose(layer, index)
            except ValueError as err:
                raise ScreenshotError(str(err)) from None
            chosen = widget.current_layer()
            if chosen is not None and not 0 <= index < chosen.units:
                raise ScreenshotError(f"{layer} has units 0 to {chosen.units - 1}; "
                                      f"--unit {layer}:{index} is not one of them")
        widget.find()  # (its top images, then its favourite input)
    if hasattr(widget, "busy"):  # computed on demand: wait for the picture of these weights
        _wait(lambda: False, 0.2)
        if not _wait(lambda: not widget.busy, timeout_s):
            raise ScreenshotError(f"the {pid} panel was still computing after {timeout_s:.0f} s; nothing was written")
        _wait(lambda: False, settle_ms / 1000)
    return dock.grab()


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
