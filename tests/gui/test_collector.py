"""Garbage holding Qt objects is collected on the GUI thread, never on a worker thread.

The suite's workers died about once a run (a segmentation fault or an abort inside Qt's
event loop or inside torch on a pool thread): Python collected cycles of closed widgets on
whichever thread allocated, and Qt objects destroyed off their own thread corrupt memory.
The script below makes such cycles on the GUI thread while another thread allocates; with
automatic collection it crashed within 1-3 s in every run (PySide6 6.11, two cores).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap

CYCLES_BESIDE_AN_ALLOCATING_THREAD = textwrap.dedent("""
    import gc, sys, threading, time
    import pyqtgraph as pg
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
    from mnist_viz.gui.app import ensure_application

    app = ensure_application()
    stop = False

    def allocate():  # what a training or listing thread does all the time
        while not stop:
            junk = [[i] for i in range(2000)]

    thread = threading.Thread(target=allocate)
    thread.start()
    started = time.monotonic()
    made = 0
    while time.monotonic() - started < float(sys.argv[1]):
        window = QWidget()
        layout = QVBoxLayout(window)
        button = QPushButton("close", window)
        layout.addWidget(button)
        plot = pg.PlotWidget()
        layout.addWidget(plot)
        plot.plot([1, 2, 3])
        window.itself = window  # a cycle, as a panel's lambdas pointing back at it make
        button.clicked.connect(lambda: window.close())
        window.show()
        app.processEvents()
        window.close()
        del window, layout, button, plot
        made += 1
        app.processEvents()
    stop = True
    thread.join()
    print("made", made, "automatic collection", gc.isenabled())
""")


def test_widgets_in_cycles_beside_an_allocating_thread_do_not_crash_the_app():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CYCLES_BESIDE_AN_ALLOCATING_THREAD, "6"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"the process died ({done.returncode}):\n{done.stderr[-3000:]}"
    made = int(done.stdout.split()[1])
    assert made >= 3, done.stdout  # (the allocating thread holds the GIL most of the time)
    assert "automatic collection False" in done.stdout


def test_the_collector_still_collects_cycles_on_the_gui_thread(qtbot):
    """Automatic collection is off, yet cyclic garbage does not pile up: the GUI's timer collects it."""
    import weakref

    from mnist_viz.gui.collector import collect_on_gui_thread

    collect_on_gui_thread()
    assert not gc.isenabled()

    class Node:
        pass

    first = Node()
    first.other = Node()
    first.other.other = first
    gone = weakref.ref(first)
    del first
    # Python's own rule, which the timer follows: a generation is collected once allocations
    # outnumber deallocations by its threshold. Other objects freed meanwhile (a previous
    # test's widgets deleted by the event loop) count against it, so keep allocating.
    kept: list = []

    def collected() -> bool:
        kept.append([[] for _ in range(200)])
        return gone() is None

    qtbot.waitUntil(collected, timeout=10_000)


def test_no_pass_while_the_preload_has_collection_paused(qtbot):
    """While torch is imported behind the window (the collector paused), the GUI thread does not collect either."""
    import weakref

    from mnist_viz import preload
    from mnist_viz.gui.collector import collect_on_gui_thread

    collector = collect_on_gui_thread()

    class Node:
        pass

    preload.pause_collector()
    try:
        first = Node()
        first.itself = first
        gone = weakref.ref(first)
        del first
        kept = [[[] for _ in range(gc.get_threshold()[0] + 100)]]
        for _ in range(10):  # a generation is due at every look, and none is collected
            kept.append([[] for _ in range(gc.get_threshold()[0] + 100)])
            collector.check()
            qtbot.wait(100)
        assert gone() is not None
    finally:
        preload.resume_collector()
    assert not gc.isenabled(), "the end of the pause switched automatic collection back on"

    def collected() -> bool:
        kept.append([[] for _ in range(200)])
        return gone() is None

    qtbot.waitUntil(collected, timeout=10_000)
