"""Python's cyclic garbage collector runs on the GUI thread, never on a worker thread.

Python collects reference cycles in whichever thread happens to allocate when a
generation's threshold is passed. The window's worker threads (training, the Units
panel's layer listing, predictions, file readings) allocate all the time, so a cycle that
holds Qt objects (a closed dialog, a panel whose lambdas point back at it) would be
destroyed on one of them, and Qt objects destroyed off their own thread corrupt memory:
the process then dies, now or later, with a segmentation fault or an abort (widgets
left in cycles beside a thread that allocates crashed within seconds on PySide6 6.11;
the test suite's workers died this way about once a run). pyqtgraph ships the standard remedy, which this uses: automatic
collection off, and a timer on the GUI thread that collects each generation once its
threshold is passed (``pyqtgraph.util.garbage_collector.GarbageCollector``).

While :mod:`mnist_viz.preload` has the collector paused (torch's import behind the window,
the window's construction), the timer skips its passes, as automatic collection would.
"""

from __future__ import annotations

from pyqtgraph.util.garbage_collector import GarbageCollector

from .. import preload

#: How often the GUI thread looks at the collector's counts (pyqtgraph's default: 1 s). A
#: look costs microseconds; a pass only runs when a generation is due, as Python's own would.
INTERVAL_S = 0.5


class GuiThreadCollector(GarbageCollector):
    """pyqtgraph's timer-driven collector, holding back while the preload has collection paused."""

    def check(self) -> None:
        if not preload.collector_paused():
            super().check()


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread() -> GuiThreadCollector:
    """From now on, garbage is collected on the calling (GUI) thread only. Once per process;
    call it after the QApplication exists, from its thread."""
    global _collector
    if _collector is None:
        preload.collected_by_gui()
        _collector = GuiThreadCollector(interval=INTERVAL_S)
    return _collector


def collect_if_due() -> None:
    """One look now (what the timer does), where the GUI thread collects: for callers that do
    not run the event loop for a while."""
    if _collector is not None:
        _collector.check()
