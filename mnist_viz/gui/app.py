"""Starting the app: the QApplication, the log, the language, the splash, the window, the
event loop; and the start-up report ``mnist-viz bench`` reads.

The window itself is assembled in :mod:`mnist_viz.gui.main_window`.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .. import __version__, logs, preload
from . import desktop, i18n, splash
from .collector import collect_on_gui_thread
from .help import DISPLAY_NAME
from .main_window import MainWindow
from .settings import APPLICATION, ORGANIZATION


def ensure_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, created if there is none yet, with the app's names set."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    desktop.apply_identity(app)  # the desktop file name (the launcher's icon) and the window icon
    collect_on_gui_thread()  # never on a worker thread: see gui/collector.py
    return app


def report_startup(window: MainWindow) -> None:
    """For ``mnist-viz bench``: print when the window is shown, then, once torch and the data
    are loaded (Start enabled), how long the GUI thread was blocked at most while they loaded,
    how long the first paint took, and close.

    A 10 ms timer's lateness is the block. It counts for the loading from the first tick
    that finds the loading begun (the loading starts once the window is painted): the first
    paint's own time, torch or not, is reported apart."""
    # The first timer runs once the event loop has shown and painted the window.
    QTimer.singleShot(0, lambda: print("mnist-viz: window shown", flush=True))
    probe = QTimer(window, interval=10)
    state = {"last": time.perf_counter(), "worst": 0.0, "paint": 0.0, "loading": False}

    def tick() -> None:
        now = time.perf_counter()
        late = now - state["last"] - 0.010
        if state["loading"]:
            state["worst"] = max(state["worst"], late)
        else:
            state["paint"] = max(state["paint"], late)
            state["loading"] = window.loader.loading or window.torch_loaded
        state["last"] = now

    def ready(_what=None) -> None:
        probe.stop()
        print(f"mnist-viz: ready to train; the GUI thread was blocked {state['worst'] * 1000:.0f} ms at most "
              f"while torch and the data loaded (the first paint: {state['paint'] * 1000:.0f} ms)", flush=True)
        window.close()

    probe.timeout.connect(tick)
    probe.start()
    window.data_ready.connect(ready)
    window.data_failed.connect(ready)


def use_gui_threads() -> None:
    """Leave a core to the GUI thread (see core.training.training_threads)."""
    import torch

    from ..core.training import training_threads

    torch.set_num_threads(training_threads(gui=True))


def run_app(data_dir: str | None = None, dataset: str | None = None, recording: str | Path | None = None) -> int:
    """Open the window and run until it is closed. Returns the exit status.

    ``recording``: a recorded run's folder to replay (``mnist-viz open``)."""
    app = ensure_application()
    log_file = logs.setup()
    logs.get("gui").info("mnist-viz %s started (log: %s)", __version__, log_file)
    i18n.install(app)  # before any widget is made: $MNIST_VIZ_LANG, the saved choice, or the system's
    splash.message("Building the window...")
    window = MainWindow(data_dir=data_dir, dataset=dataset)
    window.torch_ready.connect(use_gui_threads)
    window.show()
    splash.finish(window)
    # Collection stays paused until the data is in (see preload.startup_done), at most STARTUP_PAUSE_MAX_S.
    window.data_ready.connect(lambda *_: preload.startup_done())
    window.data_failed.connect(lambda *_: preload.startup_done())
    QTimer.singleShot(int(preload.STARTUP_PAUSE_MAX_S * 1000), preload.startup_done)
    if recording is not None:
        QTimer.singleShot(0, lambda: window.open_recording(recording))
    # Ctrl+C in the terminal closes the window cleanly: Python only sees the signal when
    # it runs some bytecode, hence the idle timer.
    signal.signal(signal.SIGINT, lambda *_: window.close())
    if splash.interrupted():  # Ctrl+C while the window was being built (noted, not raised)
        window.close()
        # Out at once: tearing down Qt and the half-loaded torch libraries in the interpreter's
        # finalization crashed (SIGSEGV after "interrupted", about one start in ten under load).
        print("mnist-viz: interrupted", file=sys.stderr)
        _exit_now(130)
    tick = QTimer(window)
    tick.timeout.connect(lambda: None)
    tick.start(250)
    app.aboutToQuit.connect(window.close)  # however the app quits: save settings, end the thread
    train_ms = os.environ.get("MNIST_VIZ_TEST_TRAIN_MS", "")
    if train_ms.isdigit():  # tests: start training once the data is in, close the window N ms later
        def train_then_close(_mnist) -> None:
            print("mnist-viz: training started" if window.start_training() else "mnist-viz: did not start",
                  flush=True)
            QTimer.singleShot(int(train_ms), lambda: (print("mnist-viz: closing", flush=True), window.close()))

        window.data_ready.connect(train_then_close)
    if os.environ.get("MNIST_VIZ_EXIT_AFTER_SHOW"):  # `mnist-viz bench` measures start-up with this
        report_startup(window)
    status = app.exec()
    if window.download is not None and window.download.running:
        # Closed mid-download: the file in flight only ever lands in a staging folder, never
        # in MNIST/raw/, so nothing is lost by not waiting for it (which could take minutes).
        logs.get("gui").warning("closed during a download; the unfinished download was abandoned")
        _exit_now(status)
    return status


def _exit_now(status: int) -> None:
    """End the process with ``status`` without the interpreter's finalization: the log and the
    output flushed, the preload's thread out of the dynamic loader first."""
    preload.wait()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
