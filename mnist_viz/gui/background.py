"""Reading files off the GUI thread while the caller waits for the answer.

File > Open model... and File > Runs... read files whose size and place the user chose: a
checkpoint on a slow network share or a folder of two hundred recordings takes from a
tenth of a second to many seconds. Read on the GUI thread, that time is a frozen window.
:func:`call_responsively` runs the reading in Qt's thread pool (a superqt worker) and
keeps handling the window's events until it has ended, then returns its result (or raises
its exception) in the caller, as if it had been called directly: the callers keep their
simple, synchronous shape and the window keeps repainting. A busy cursor says that
something is under way while it takes longer than a moment.

The caller must not start a second reading from the events handled meanwhile:
:class:`OneAtATime` says whether one is under way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from superqt.utils import create_worker

T = TypeVar("T")

#: After this long, the cursor turns busy (a quick read never flickers it).
BUSY_CURSOR_MS = 150


def call_responsively(function: Callable[..., T], *args) -> T:
    """``function(*args)`` in a worker thread; events are handled until it returns.

    Returns what it returned or raises what it raised (any exception, with its
    traceback), on the calling (GUI) thread."""
    outcome: list = []

    def guarded():
        try:
            return ("ok", function(*args))
        except BaseException as error:  # noqa: BLE001 (handed to the caller, who raises it)
            return ("error", error)

    loop = QEventLoop()
    worker = create_worker(guarded, _start_thread=False)
    worker.returned.connect(outcome.append)
    worker.finished.connect(loop.quit)
    busy = QTimer(singleShot=True, interval=BUSY_CURSOR_MS)
    cursor_set: list[bool] = []

    def set_busy() -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        cursor_set.append(True)

    busy.timeout.connect(set_busy)
    busy.start()
    worker.start()
    try:
        while not outcome:
            loop.exec()
    finally:
        busy.stop()
        if cursor_set:
            QGuiApplication.restoreOverrideCursor()
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


class OneAtATime:
    """Says whether a reading is under way: ``with guard:`` around it, ``guard.busy`` to ask
    (nested readings count: busy until the outermost has ended)."""

    def __init__(self) -> None:
        self._depth = 0

    @property
    def busy(self) -> bool:
        return self._depth > 0

    def __enter__(self) -> OneAtATime:
        self._depth += 1
        return self

    def __exit__(self, *exc) -> None:
        self._depth -= 1
