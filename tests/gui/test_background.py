"""Reading files off the GUI thread: the window keeps handling events, the caller gets the answer."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from mnist_viz.gui.background import OneAtATime, call_responsively


def test_the_window_keeps_handling_events_while_a_slow_read_runs(qapp):
    ticks = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    gui_thread = threading.get_ident()
    threads = []

    def slow_read(path):
        threads.append(threading.get_ident())
        time.sleep(0.5)
        return f"read {path}"

    try:
        assert call_responsively(slow_read, "model.pt") == "read model.pt"
    finally:
        timer.stop()
    assert threads and threads[0] != gui_thread      # it ran in another thread
    assert len(ticks) >= 5                           # the GUI thread ticked meanwhile (frozen: 0)


def test_the_reading_s_error_reaches_the_caller(qapp):
    class Unreadable(Exception):
        pass

    def broken():
        raise Unreadable("not a checkpoint")

    with pytest.raises(Unreadable, match="not a checkpoint"):
        call_responsively(broken)
    with pytest.raises(RuntimeError, match="torch says no"):  # superqt must not swallow RuntimeErrors
        call_responsively(lambda: (_ for _ in ()).throw(RuntimeError("torch says no")))


def test_one_at_a_time_counts_nested_readings():
    guard = OneAtATime()
    assert not guard.busy
    with guard:
        with guard:
            assert guard.busy
        assert guard.busy
    assert not guard.busy


def test_open_model_reads_the_checkpoint_off_the_gui_thread(main_window, tmp_path, monkeypatch):
    from mnist_viz.core import checkpoints

    threads = []
    real = checkpoints.load_model

    def spy(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(checkpoints, "load_model", spy)
    path = checkpoints.RESOURCES / "pretrained" / "softmax.pt"
    assert main_window.keeper.open_model(str(path))
    assert threads and threads[0] != threading.get_ident()
