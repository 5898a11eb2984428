"""The app's life cycle: many runs in a row leave nothing behind, and the app process ends
promptly when its window is closed, during training or during a download.

The subprocess tests start the real app (``python -m mnist_viz app``) offscreen with its
own settings, data, log and autosave folders, so nothing of the user's is touched.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from mnist_viz.core import data
from mnist_viz.core.training import TrainConfig
from mnist_viz.gui.controllers import model_files as autosave
from tests.conftest import real_mnist_root

TIMEOUT_MS = 60_000
#: What the app prints when a thread of its own outlived the closing window (its own
#: deadlines, a few seconds): the window would seem frozen while it waits. No wall-clock
#: assertion here (the machines are shared and noisy); a process that hangs fails after 30 s.
LATE_THREADS = ("did not end in time", "still running")
ENDLESS = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=50,
                      steps=10_000_000, eval_every=0, device="cpu")
REPO = Path(__file__).resolve().parents[2]


def test_fifty_starts_and_stops_leave_no_thread_behind(qtbot, main_window, qtlog, tmp_path, monkeypatch):
    monkeypatch.setenv(autosave.AUTOSAVE_ENV, str(tmp_path / "autosave"))
    window = main_window
    window.controls.set_config(ENDLESS)
    threads_before = set(threading.enumerate())
    seen = []
    window.controller.steps.connect(lambda events: seen.extend(events))
    for run in range(50):
        seen.clear()
        assert window.start_training(), f"run {run} did not start"
        qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT_MS)   # it really trains
        with qtbot.waitSignal(window.controller.state_changed, timeout=TIMEOUT_MS,
                              check_params_cb=lambda state: state == "idle"):
            window.stop_training()
        assert not window.controller.running
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=TIMEOUT_MS)
    extra = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    assert extra == [], f"threads left running: {extra}"
    messages = [record.message for record in qtlog.records]
    assert not [m for m in messages if "QThread" in m or "Destroyed while" in m], messages
    assert window.panel_errors == []
    assert window.last_message is None                       # no error dialog on the way
    assert len(autosave.autosaves()) == autosave.KEEP          # each run autosaved, only the newest kept


def app_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment for an app subprocess: offscreen, every folder of its own under ``tmp_path``."""
    env = dict(os.environ)
    env.update({
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "share"),
        "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "MNIST_VIZ_LOG_DIR": str(tmp_path / "log"), autosave.AUTOSAVE_ENV: str(tmp_path / "autosave"),
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra)
    return env


def wait_for_exit_after(process: subprocess.Popen, marker: str, timeout_s: float = 240.0) -> tuple[float, str]:
    """Read the process's output until ``marker``; returns (seconds from marker to exit, all output)."""
    output: list[str] = []
    deadline = time.monotonic() + timeout_s
    marked_at = None
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line)
        if marker in line:
            marked_at = time.monotonic()
            break
        if time.monotonic() > deadline:
            break
    if marked_at is None:
        process.kill()
        rest = process.communicate()[0]
        pytest.fail(f"the app never printed {marker!r}:\n{''.join(output)}{rest}")
    try:
        rest = process.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        rest = process.communicate()[0]
        pytest.fail(f"the app was still running 30 s after its window closed:\n{''.join(output)}{rest}")
    return time.monotonic() - marked_at, "".join(output) + rest


@pytest.mark.skipif(real_mnist_root() is None, reason="needs the real MNIST in $MNIST_VIZ_DATA")
def test_the_app_exits_promptly_when_closed_during_training(tmp_path):
    env = app_environment(tmp_path, MNIST_VIZ_DATA=str(real_mnist_root()), MNIST_VIZ_TEST_TRAIN_MS="1500")
    process = subprocess.Popen([sys.executable, "-m", "mnist_viz", "app"], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _, output = wait_for_exit_after(process, "mnist-viz: closing")
    assert "mnist-viz: training started" in output
    assert process.returncode == 0, output
    assert not [late for late in LATE_THREADS if late in output], output
    assert "Traceback" not in output and "QThread: Destroyed" not in output, output
    saved = autosave.autosaves(tmp_path / "autosave")
    assert len(saved) == 1, output                      # the run cut short by closing was kept
    assert "started" in (tmp_path / "log" / "mnist-viz.log").read_text(encoding="utf-8")


class TrickleHandler(http.server.BaseHTTPRequestHandler):
    """Serves every file as 10 MB that arrive a kilobyte at a time: a download that never ends."""

    requests: list[str] = []
    flag: Path | None = None   # touched at the first request: the app's driver waits for it

    def do_GET(self) -> None:  # noqa: N802
        type(self).requests.append(self.path)
        if self.flag is not None:
            self.flag.touch()
        self.send_response(200)
        self.send_header("Content-Length", str(10_000_000))
        self.end_headers()
        try:
            for _ in range(10_000):
                self.wfile.write(b"\x1f" * 1024)
                self.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args) -> None:
        pass


DOWNLOAD_DRIVER = textwrap.dedent("""
    import functools, os, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from mnist_viz.core import data
    from mnist_viz.gui.app import ensure_application, run_app
    from mnist_viz.gui.main_window import MainWindow

    data.download = functools.partial(data.download, mirrors=[sys.argv[2]])  # the slow local server
    ensure_application()

    def window():
        return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))

    def close():
        print("mnist-viz: closing", flush=True)
        window().close()

    def close_once_the_server_is_sending():
        if os.path.exists(sys.argv[3]):
            QTimer.singleShot(1000, close)   # a kilobyte every 50 ms meanwhile
        else:
            QTimer.singleShot(100, close_once_the_server_is_sending)

    def start():
        window().loader.download_data()
        print("mnist-viz: download started", flush=True)
        close_once_the_server_is_sending()

    QTimer.singleShot(500, start)
    sys.exit(run_app(data_dir=sys.argv[1]))   # the app's own start and end
""")


def test_closing_during_a_download_exits_promptly_and_keeps_no_partial_file(tmp_path):
    TrickleHandler.requests = []
    TrickleHandler.flag = tmp_path / "server-is-sending"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TrickleHandler)
    server.daemon_threads = True
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    root = tmp_path / "data"
    driver = tmp_path / "driver.py"
    driver.write_text(DOWNLOAD_DRIVER)
    try:
        process = subprocess.Popen(
            [sys.executable, str(driver), str(root), f"http://127.0.0.1:{server.server_address[1]}/",
             str(TrickleHandler.flag)],
            cwd=REPO, env=app_environment(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        _, output = wait_for_exit_after(process, "mnist-viz: closing")
    finally:
        server.shutdown()
        server.server_close()
    assert "download started" in output and TrickleHandler.requests, output
    assert not [late for late in LATE_THREADS if late in output], output
    assert "Traceback" not in output, output
    # Nothing half-written where MNIST is looked for, and nothing that would pass for it.
    raw = data.raw_folder(root)
    left = sorted(p.name for p in raw.iterdir()) if raw.exists() else []
    assert left == [], left
    assert data.missing_files(root)
    assert not data.is_available(root)
