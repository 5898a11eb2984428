"""Start-up: the window is built and painted before PyTorch is imported, and torch is then
imported off the GUI thread; Start waits for it and the data; closing meanwhile is clean.

Importing torch takes 2-4 s on two cores; the window used to wait for it. These tests run
a fresh interpreter (the test process has imported torch long ago) and watch who imports
it, from which thread, and when.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from mnist_viz.gui.controls import ALWAYS_AVAILABLE_DEVICES, available_devices

CHILD = textwrap.dedent("""
    import json, sys, threading
    report = {"torch_imports": []}

    class WhoImportsTorch:
        def find_spec(self, name, path=None, target=None):
            if name == "torch":
                report["torch_imports"].append(
                    {"thread": threading.current_thread() is threading.main_thread() and "main" or "worker",
                     "window_painted": report.get("window_painted", False)})
            return None

    sys.meta_path.insert(0, WhoImportsTorch())
    from PySide6.QtCore import QTimer
    from mnist_viz.gui.app import ensure_application
    from mnist_viz.gui.main_window import MainWindow
    app = ensure_application()
    window = MainWindow(data_dir=sys.argv[1], persist=False)
    report["torch_loaded_when_built"] = "torch" in sys.modules
    window.torch_ready.connect(lambda: report.setdefault("data_in_when_torch_announced", window.mnist is not None))
    window.show()

    def painted():
        report["window_painted"] = True
        report["start_enabled_before_data"] = window.actions["start"].isEnabled()
        report["start_tip_before_data"] = window.actions["start"].toolTip()
        report["state_before_data"] = window.status.state_label.text()

    def ready(_mnist):
        report["start_enabled_when_ready"] = window.actions["start"].isEnabled()
        report["state_when_ready"] = window.status.state_label.text()
        report["torch_loaded"] = window.torch_loaded
        report["devices"] = [window.controls.device.itemData(i) for i in range(window.controls.device.count())]
        from mnist_viz import preload
        import gc
        report["preload"] = preload.report
        from mnist_viz.gui import collector
        report["collector"] = {"automatic": gc.isenabled(), "on_gui_thread": collector._collector is not None,
                               "paused": preload.collector_paused()}
        window.close()

    def failed(text):
        report["failed"] = text
        window.close()

    QTimer.singleShot(0, painted)
    window.data_ready.connect(ready)
    window.data_failed.connect(failed)
    QTimer.singleShot(120_000, window.close)
    if sys.argv[2] == "close-at-once":
        QTimer.singleShot(0, window.close)
    app.exec()
    print("REPORT " + json.dumps(report), flush=True)
""")


def run_child(root, mode: str = "wait") -> tuple[dict, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CHILD, str(root), mode], env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("REPORT "))
    return json.loads(line[len("REPORT "):]), done.stderr


def test_the_window_is_painted_before_torch_is_imported_off_the_gui_thread(real_mnist, isolated_settings):
    report, stderr = run_child(real_mnist.root)
    assert "failed" not in report, report.get("failed")
    assert report["torch_loaded_when_built"] is False
    # Painted with Start disabled and saying why; torch imported once, by a worker, after the paint.
    assert report["start_enabled_before_data"] is False
    assert "Loading PyTorch" in report["start_tip_before_data"]
    assert report["state_before_data"] == "Loading"
    assert report["torch_imports"] == [{"thread": "worker", "window_painted": True}]
    # Then the data came, and Start works.
    assert report["torch_loaded"] is True
    assert report["start_enabled_when_ready"] is True
    assert report["state_when_ready"] == "Idle"
    assert report["devices"][:2] == list(ALWAYS_AVAILABLE_DEVICES)
    assert "Traceback" not in stderr
    # torch_ready (what it starts fills the worker pool) came once the data was in, not before
    assert report["data_in_when_torch_announced"] is True
    # The worker loaded torch's libraries itself first (mnist_viz.preload), and the collector runs
    # again, on the GUI thread only (gui/collector.py).
    if sys.platform.startswith("linux"):
        assert report["preload"]["stopped"] == "" and report["preload"]["libraries"] > 3, report["preload"]
    assert report["collector"] == {"automatic": False, "on_gui_thread": True, "paused": False}


def test_closing_while_torch_is_still_loading_exits_cleanly(real_mnist, isolated_settings):
    report, stderr = run_child(real_mnist.root, "close-at-once")
    assert "Traceback" not in stderr and "terminate called" not in stderr, stderr
    assert "start_enabled_when_ready" not in report  # closed before the data was in


def test_the_device_box_offers_what_torch_finds_once_it_is_loaded(qtbot, isolated_settings, mnist_small):
    from mnist_viz.gui.main_window import MainWindow

    window = MainWindow(data=mnist_small, persist=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.torch_ready, timeout=60_000):
        pass
    offered = [window.controls.device.itemData(i) for i in range(window.controls.device.count())]
    assert offered == available_devices()
    # Adding them again (a second torch_ready) offers nothing twice.
    window.controls.add_devices(available_devices())
    assert window.controls.device.count() == len(offered)
    window.close()


@pytest.mark.parametrize("wanted", ["cuda", "mps"])
def test_a_saved_accelerator_is_selected_only_where_torch_finds_it(qtbot, wanted):
    from mnist_viz.gui.controls import ControlPanel
    from mnist_viz.gui.main_window import MainWindow

    window = MainWindow(persist=False, load_data=False)
    qtbot.addWidget(window)
    panel: ControlPanel = window.controls
    panel.add_devices(["auto", "cpu"], wanted=wanted)
    assert panel.device.currentData() == "auto"  # not available: the choice falls back to auto
    panel.add_devices(["auto", "cpu", wanted], wanted=wanted)
    assert panel.device.currentData() == wanted


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is a console event there, not SIGINT")
def test_ctrl_c_while_the_window_is_being_built_exits_cleanly(real_mnist, isolated_settings):
    """Ctrl+C once the splash is up (torch's libraries loading on another thread meanwhile):
    the app says it was interrupted and exits with 130, without a crash from inside the loader."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MNIST_VIZ_EXIT_AFTER_SHOW="1",
               MNIST_VIZ_DATA=str(real_mnist.root))
    # (a pytest-xdist worker ignores SIGINT, and a child would inherit that)
    child = subprocess.Popen([sys.executable, "-m", "mnist_viz"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for line in child.stdout:
            if "splash shown" in line:
                child.send_signal(signal.SIGINT)
                break
        _, stderr = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode in (130, 0), (child.returncode, stderr)  # 0: it landed once the window was up
    if child.returncode == 130:
        assert "mnist-viz: interrupted" in stderr
    assert "Traceback" not in stderr and "terminate called" not in stderr and "Fatal" not in stderr, stderr
