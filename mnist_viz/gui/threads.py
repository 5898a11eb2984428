"""Waiting for Qt's worker threads (closing the window, the benchmarks)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QThreadPool


def wait_for_threads(timeout_s: float, leave=lambda: False) -> bool:
    """Wait (handling events) until Qt's thread pool is idle. True if it is.

    While ``leave()`` is true, one thread may stay (an abandoned download).
    """
    pool = QThreadPool.globalInstance()
    deadline = time.monotonic() + timeout_s

    def done() -> bool:
        return pool.activeThreadCount() <= (1 if leave() else 0)

    while not done() and time.monotonic() < deadline:
        pool.waitForDone(50)
        QCoreApplication.processEvents()
    return done()
