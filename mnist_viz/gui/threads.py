"""Waiting for Qt's worker threads (closing the window, the benchmarks)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QThreadPool


def wait_for_threads(timeout_s: float, leave=lambda: False) -> bool:
    """Wait (handling events) until Qt's thread pool is idle. True if it is.

    While ``leave()`` is true, one thread may stay (an abandoned download).

    A superqt worker started just before is not in the pool yet: its start is a 1 ms timer
    (``create_worker(...).start()`` from a thread with an event loop). So events are handled
    for :data:`SETTLE_S` before an idle pool counts as done; otherwise such a worker would
    start once this has returned, and a process exiting with it inside torch aborts
    ("terminate called without an active exception").
    """
    pool = QThreadPool.globalInstance()
    now = time.monotonic()
    deadline, settled = now + timeout_s, now + min(SETTLE_S, timeout_s)

    def done() -> bool:
        return pool.activeThreadCount() <= (1 if leave() else 0)

    while (not done() or time.monotonic() < settled) and time.monotonic() < deadline:
        pool.waitForDone(50 if time.monotonic() >= settled else 5)
        QCoreApplication.processEvents()
    return done()


#: How long :func:`wait_for_threads` handles events before an idle pool counts (workers
#: whose start is still a pending timer get into the pool meanwhile).
SETTLE_S = 0.03
