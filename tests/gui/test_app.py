"""The main window, driven as a user would: buttons, shortcuts, docks, menus, settings.

Training runs for real (on 2,000 MNIST images and a few steps) through the controller's
worker thread; tests wait for signals, never sleep, and assert what a user would notice.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QPushButton

from mnist_viz import cli
from mnist_viz.core import data
from mnist_viz.core import events as ev
from mnist_viz.core.training import PRESETS, TrainConfig
from mnist_viz.gui.hub import shows
from mnist_viz.gui.main_window import MainWindow
from tests.mnist_files import write_tiny_mnist

from tests.conftest import real_mnist_root

TIMEOUT_MS = 60_000
SOFTMAX = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=50,
                      steps=60, eval_every=30, device="cpu")
CNN = TrainConfig(model="cnn", preset="custom", optimizer="adam", learning_rate=1e-3, batch_size=8, steps=6,
                  eval_every=3, device="cpu", loss_reduction="mean")
ENDLESS = SOFTMAX.replace(steps=10_000_000, eval_every=0)


class Recorder:
    """Collects what the controller sends (signals) during a test."""

    def __init__(self, window: MainWindow) -> None:
        self.steps: list[ev.StepDone] = []
        self.snapshots: list[ev.Snapshot] = []
        window.controller.steps.connect(self.steps.extend)
        window.controller.snapshot.connect(self.snapshots.append)

    @property
    def last_step(self) -> int:
        return self.steps[-1].step if self.steps else 0


def spy_on_panels(window: MainWindow, monkeypatch) -> dict[str, dict[str, int]]:
    """Count the calls each panel receives (wrapping its methods, which still run)."""
    calls: dict[str, dict[str, int]] = {}
    for pid, panel in window.panels.items():
        calls[pid] = {}
        for name in ("on_run_started", "on_steps", "on_evaluated", "on_snapshot", "on_finished"):
            original = getattr(panel, name)

            def wrapper(payload, _original=original, _name=name, _pid=pid):
                calls[_pid][_name] = calls[_pid].get(_name, 0) + 1
                return _original(payload)
            monkeypatch.setattr(panel, name, wrapper)
    return calls


def run_to_the_end(qtbot, window: MainWindow, config: TrainConfig) -> ev.Finished:
    window.controls.set_config(config)
    with qtbot.waitSignal(window.controller.finished, timeout=TIMEOUT_MS) as finished:
        window.actions["start"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    return finished.args[0]


# ------------------------------------------------------------------ training
@pytest.mark.parametrize("config", [SOFTMAX, CNN], ids=["softmax", "cnn"])
def test_every_visible_panel_receives_the_run(qtbot, main_window, monkeypatch, config):
    window = main_window
    window.controls.set_config(config)
    calls = spy_on_panels(window, monkeypatch)
    visible = {panel.panel_id for panel in window.visible_panels()}
    assert visible, "no panel is visible"

    finished = run_to_the_end(qtbot, window, config)

    assert finished.reason == "completed" and finished.step == config.steps
    for pid in visible:
        panel = window.panels[pid]
        received = calls[pid]
        assert received.get("on_run_started") and received.get("on_steps"), pid
        assert received.get("on_evaluated") and received.get("on_finished"), pid
        if panel.parts(config.model):
            assert received.get("on_snapshot"), f"{pid} needs {panel.parts(config.model)} but got no snapshot"
    for pid, panel in window.panels.items():
        if not shows(panel, config.model):
            assert window.docks[pid].isHidden(), f"{pid} has nothing for {config.model} but is shown"
            assert not calls[pid], f"{pid} was sent events for a model it does not show"
    assert window.panel_errors == []
    # The status bar tells where the run ended and how well it did.
    assert window.status.step_label.text() == f"step {config.steps} / {config.steps}"
    assert "test accuracy" in window.status.accuracy_label.text()
    assert window.status.progress.value() == window.status.progress.maximum()
    # Training ran in the worker thread, never on the GUI thread.
    assert window.controller.worker_thread_ids
    assert threading.get_ident() not in window.controller.worker_thread_ids


def test_controls_lock_during_a_run_and_the_learning_rate_changes_live(qtbot, main_window):
    window, controls = main_window, main_window.controls
    recorder = Recorder(window)
    window.controls.set_config(ENDLESS)
    assert controls.model.isEnabled() and window.actions["start"].isEnabled()
    assert not window.actions["stop"].isEnabled()

    window.controls.buttons["start"].click()
    qtbot.waitUntil(lambda: recorder.last_step > 0, timeout=TIMEOUT_MS)

    for widget in (controls.model, controls.preset, controls.batch_size, controls.steps, controls.optimizer,
                   controls.init, controls.seed, controls.device):
        assert not widget.isEnabled()
    assert controls.learning_rate.isEnabled()
    assert not window.actions["start"].isEnabled()
    assert window.actions["stop"].isEnabled() and window.actions["pause"].isEnabled()

    controls.learning_rate.setValue(0.05)
    qtbot.waitUntil(lambda: recorder.steps[-1].learning_rate == pytest.approx(0.05), timeout=TIMEOUT_MS)
    assert window.controller.running, "changing the learning rate must not end the run"

    window.controls.buttons["stop"].click()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    assert controls.model.isEnabled() and controls.batch_size.isEnabled()
    assert window.actions["start"].isEnabled() and not window.actions["stop"].isEnabled()
    assert window.status.currentMessage().startswith("Stopped at step")
    assert QThreadPool.globalInstance().waitForDone(TIMEOUT_MS)


def test_step_pause_and_resume(qtbot, main_window):
    window = main_window
    recorder = Recorder(window)
    window.controls.set_config(ENDLESS)

    # Step with no run: a run starts paused and takes exactly one step.
    window.controls.buttons["step"].click()
    qtbot.waitUntil(lambda: recorder.last_step == 1, timeout=TIMEOUT_MS)
    assert window.controller.state == "paused"
    assert window.actions["pause"].text().replace("&", "") == "Resume"

    qtbot.keyClick(window, Qt.Key.Key_F10)  # the Step shortcut
    qtbot.waitUntil(lambda: recorder.last_step == 2, timeout=TIMEOUT_MS)
    # A snapshot asked for now is taken while paused: it proves no further step was taken.
    with qtbot.waitSignal(window.controller.snapshot, timeout=TIMEOUT_MS) as snapshot:
        window.controller.request_snapshot()
    assert snapshot.args[0].step == 2
    assert [event.step for event in recorder.steps] == [1, 2]
    assert window.status.step_label.text().startswith("step 2 /")

    window.actions["pause"].trigger()  # resume
    qtbot.waitUntil(lambda: recorder.last_step > 5, timeout=TIMEOUT_MS)
    assert window.actions["pause"].text().replace("&", "") == "Pause"
    qtbot.keyClick(window, Qt.Key.Key_Space)  # pause
    qtbot.waitUntil(lambda: window.controller.state == "paused", timeout=TIMEOUT_MS)
    # (the first answer may be a snapshot taken by the step that was under way when Pause came)
    with qtbot.waitSignal(window.controller.snapshot, timeout=TIMEOUT_MS):
        window.controller.request_snapshot()
    with qtbot.waitSignal(window.controller.snapshot, timeout=TIMEOUT_MS) as snapshot:
        window.controller.request_snapshot()
    paused_at = snapshot.args[0].step
    qtbot.wait(300)
    with qtbot.waitSignal(window.controller.snapshot, timeout=TIMEOUT_MS) as snapshot:
        window.controller.request_snapshot()
    assert snapshot.args[0].step == paused_at, "training went on while paused"


def test_reset_weights_starts_again_from_step_zero(qtbot, main_window):
    window = main_window
    recorder = Recorder(window)
    window.controls.set_config(ENDLESS)
    window.step_once()
    qtbot.waitUntil(lambda: recorder.last_step == 1, timeout=TIMEOUT_MS)
    first_trainer = window.controller.trainer
    with qtbot.waitSignal(window.controller.run_started, timeout=TIMEOUT_MS) as started:
        window.actions["reset"].trigger()
    assert started.args[0].step == 0
    assert window.controller.trainer is not first_trainer
    assert window.controller.state == "paused"


def test_a_panel_can_choose_the_probe_image(qtbot, main_window):
    window = main_window
    # The panels that show the probe's activations (the feature maps) choose it.
    probe_panels = [panel for panel in window.visible_panels() if "input" in panel.parts("softmax")]
    assert probe_panels
    window.controls.set_config(ENDLESS)
    probe_panels[0].probe_requested.emit(3)  # e.g. the feature maps' "test #3"
    with qtbot.waitSignal(window.controller.snapshot, timeout=TIMEOUT_MS,
                          check_params_cb=lambda snapshot: snapshot.probe_index == 3):
        window.step_once()

    drawn = window.mnist.test.images[7].numpy() / 255.0  # a drawn digit, as the canvas offers it
    probe_panels[0].probe_image_requested.emit(drawn)
    with qtbot.waitSignal(window.controller.snapshot, timeout=TIMEOUT_MS,
                          check_params_cb=lambda snapshot: snapshot.probe_index is None) as shown:
        window.controller.request_snapshot()
    # The panel that asked shows the input, so the snapshot carries it: the drawn image itself.
    assert np.allclose(shown.args[0].arrays["input"], drawn, atol=1e-6)


def test_closing_the_window_during_training_ends_the_thread(qtbot, mnist_small):
    window = MainWindow(data=mnist_small)
    qtbot.addWidget(window)
    window.show()
    recorder = Recorder(window)
    window.controls.set_config(ENDLESS)
    window.start_training()
    qtbot.waitUntil(lambda: recorder.last_step > 0, timeout=TIMEOUT_MS)
    assert QThreadPool.globalInstance().activeThreadCount() == 1

    window.close()

    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert not window.controller.running


def test_a_diverging_run_pauses_with_a_message_that_says_what_to_do(qtbot, main_window):
    window = main_window
    window.controls.set_config(ENDLESS.replace(learning_rate=10.0))
    with qtbot.waitSignal(window.controller.diverged, timeout=TIMEOUT_MS):
        window.start_training()
    assert window.controller.state == "paused"
    assert window.banner.isVisible()
    assert "Lower the learning rate" in window.banner.label.text()
    # The banner's button resets the weights: a fresh run at step 0.
    with qtbot.waitSignal(window.controller.run_started, timeout=TIMEOUT_MS) as started:
        window.banner.fix_action.trigger()
    assert started.args[0].step == 0
    assert not window.banner.isVisible()


def test_an_internal_error_is_reported_and_training_can_start_again(qtbot, main_window, monkeypatch):
    from mnist_viz.core.training import Trainer

    def broken_step(self):
        raise RuntimeError("simulated failure")

    window = main_window
    window.controls.set_config(SOFTMAX)
    monkeypatch.setattr(Trainer, "_train_step", broken_step)
    with qtbot.waitSignal(window.controller.errored, timeout=TIMEOUT_MS):
        window.start_training()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    box = window.last_message
    assert box is not None and box.icon() == QMessageBox.Icon.Critical
    assert "simulated failure" in box.text() and "simulated failure" in box.detailedText()
    box.close()
    monkeypatch.undo()
    assert window.actions["start"].isEnabled()
    finished = run_to_the_end(qtbot, window, SOFTMAX)
    assert finished.reason == "completed"


# --------------------------------------------------------------------- docks
def test_hidden_panels_are_not_computed_and_panels_follow_the_model(qtbot, main_window):
    window = main_window
    recorder = Recorder(window)
    docks = window.docks
    if "softmax_weights" not in docks:
        pytest.skip("no softmax weights panel registered")
    window.controls.set_config(ENDLESS)
    docks["softmax_weights"].close()
    window.start_training()
    # The other visible panels still need their parts: snapshots go on, without the closed one's.
    qtbot.waitUntil(lambda: len(recorder.snapshots) >= 2, timeout=TIMEOUT_MS)
    assert all("softmax_weights" not in snapshot.arrays for snapshot in recorder.snapshots)
    assert all(snapshot.arrays for snapshot in recorder.snapshots)

    # Shown again: its part is computed again.
    docks["softmax_weights"].toggleViewAction().trigger()
    qtbot.waitUntil(lambda: any("softmax_weights" in s.arrays for s in recorder.snapshots), timeout=TIMEOUT_MS)
    window.stop_training()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)

    # Panels with nothing to show for a model hide themselves, and come back with it.
    window.controls.model.setCurrentIndex(window.controls.model.findData("cnn"))
    assert docks["softmax_weights"].isHidden()
    assert not docks["softmax_weights"].toggleViewAction().isEnabled()
    if "filters" in docks:
        assert not docks["filters"].isHidden()
    window.controls.model.setCurrentIndex(window.controls.model.findData("softmax"))
    assert not docks["softmax_weights"].isHidden()
    if "filters" in docks:
        assert docks["filters"].isHidden()


def test_a_dock_tabbed_behind_another_is_not_computed(qtbot, main_window):
    window = main_window
    if not {"loss", "softmax_weights"} <= set(window.docks):
        pytest.skip("needs the loss and softmax weights panels")
    window.tabifyDockWidget(window.docks["loss"], window.docks["softmax_weights"])
    window.docks["loss"].raise_()
    qtbot.waitUntil(lambda: window.panels["softmax_weights"] not in window.visible_panels())
    assert "softmax_weights" not in window.controller._parts
    window.docks["softmax_weights"].raise_()
    qtbot.waitUntil(lambda: "softmax_weights" in window.controller._parts)


def test_settings_and_layout_persist_across_windows(qtbot, mnist_small):
    first = MainWindow(data=mnist_small)
    qtbot.addWidget(first)
    first.show()
    first.controls.set_config(PRESETS["tutorial-cnn"].replace(learning_rate=2e-4, seed=7))
    first.set_snapshot_rate(5.0)
    first.docks["loss"].close()
    first.close()

    second = MainWindow(data=mnist_small)
    qtbot.addWidget(second)
    second.show()
    config = second.controls.config()
    assert (config.model, config.learning_rate, config.seed) == ("cnn", pytest.approx(2e-4), 7)
    assert second.controls.preset.currentData() == "custom"
    assert second.snapshot_rate == 5.0
    assert second.docks["loss"].isHidden()
    assert not second.docks["loss"].toggleViewAction().isChecked()
    if "softmax_weights" in second.docks:
        assert second.docks["softmax_weights"].isHidden()  # nothing to show for the CNN

    # Back to softmax: the panel hidden for the CNN returns; the one the user closed does not.
    second.controls.model.setCurrentIndex(second.controls.model.findData("softmax"))
    if "softmax_weights" in second.docks:
        assert not second.docks["softmax_weights"].isHidden()
    assert second.docks["loss"].isHidden()
    second.reset_layout_action.trigger()
    assert not second.docks["loss"].isHidden()
    second.close()


def test_help_lists_every_panel(qtbot, main_window):
    window = main_window
    window.show_panel_help()
    from mnist_viz.gui.help import HelpDialog

    dialog = window.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for panel in window.panels.values():
        assert panel.title in text
    dialog.close()
    for dock in window.docks.values():
        assert dock.titleBarWidget().help_button.toolTip() == window.panels[dock.objectName()].help_text


def test_each_docked_panel_has_one_help_button(qtbot, main_window):
    from PySide6.QtWidgets import QToolButton

    from mnist_viz.gui.widgets.info_button import INFO_NAME

    for pid, dock in main_window.docks.items():
        if not dock.isVisible():
            continue
        visible = [b for b in dock.findChildren(QToolButton) if b.accessibleName() == INFO_NAME and b.isVisible()]
        assert len(visible) == 1, f"{pid} shows {len(visible)} help buttons"


# ---------------------------------------------------------------------- data
def test_missing_mnist_offers_a_download_that_makes_training_possible(qtbot, tmp_path, monkeypatch):
    root = tmp_path / "data"
    downloads = []

    def fake_download(target, progress=None, mirrors=None):
        downloads.append(Path(target))
        for index in range(4):
            progress(index, 4, f"file-{index}")
        write_tiny_mnist(Path(target))
        progress(4, 4, "")

    monkeypatch.setattr(data, "download", fake_download)
    window = MainWindow(data_dir=str(root), persist=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_failed, timeout=TIMEOUT_MS):
        window.show()
    dialog = window.missing_data_dialog
    assert dialog is not None and dialog.isVisible()
    assert str(data.raw_folder(root)) in dialog.informativeText()
    assert not window.actions["start"].isEnabled()

    with qtbot.waitSignal(window.data_ready, timeout=TIMEOUT_MS):
        dialog.download_button.click()
    assert downloads == [root]
    assert len(window.mnist.train) == 64
    assert window.actions["start"].isEnabled()
    window.close()


def test_cancelling_the_download_keeps_nothing(qtbot, tmp_path, monkeypatch):
    root = tmp_path / "data"
    first_file_started, may_go_on = threading.Event(), threading.Event()
    went_on_after_cancel = []

    def slow_download(target, progress=None, mirrors=None):
        progress(0, 4, "train-images-idx3-ubyte.gz")
        first_file_started.set()
        may_go_on.wait(30)
        progress(1, 4, "train-labels-idx1-ubyte.gz")  # the next file: cancelled here
        went_on_after_cancel.append(True)
        write_tiny_mnist(Path(target))

    monkeypatch.setattr(data, "download", slow_download)
    window = MainWindow(data_dir=str(root), persist=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_failed, timeout=TIMEOUT_MS):
        window.show()
    window.missing_data_dialog.download_button.click()
    qtbot.waitUntil(first_file_started.is_set, timeout=TIMEOUT_MS)
    progress_dialog = window.download.dialog
    assert progress_dialog.isVisible()
    cancel = next(button for button in progress_dialog.findChildren(QPushButton) if button.text() == "Cancel")
    cancel.click()
    may_go_on.set()
    qtbot.waitUntil(lambda: not window.download.running, timeout=TIMEOUT_MS)
    assert not progress_dialog.isVisible()
    assert went_on_after_cancel == []
    assert window.mnist is None and data.missing_files(root)
    assert "cancelled" in window.status.currentMessage()
    assert not window.actions["start"].isEnabled()
    window.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_broken_mnist_is_reported_by_name_and_the_app_stays_usable(qtbot, tmp_path):
    tiny = write_tiny_mnist(tmp_path / "data")
    broken = tiny.file("t10k-images-idx3-ubyte")
    broken.write_bytes(broken.read_bytes()[:1000])
    window = MainWindow(data_dir=str(tiny.root), persist=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_failed, timeout=TIMEOUT_MS):
        window.show()
    box = window.last_message
    assert box is not None and "t10k-images-idx3-ubyte" in box.text() and "truncated" in box.text()
    assert not window.actions["start"].isEnabled()
    box.close()

    # Repaired and chosen again through the data-folder action's code path: it loads.
    write_tiny_mnist(tiny.root)
    with qtbot.waitSignal(window.data_ready, timeout=TIMEOUT_MS):
        window.set_data_root(data.raw_folder(tiny.root).parent.parent)
    assert window.actions["start"].isEnabled()
    window.close()


# ---------------------------------------------------------------- screenshot
def test_screenshot_command_saves_the_trained_window(qtbot, tmp_path, capsys):
    root = real_mnist_root()
    if root is None:
        pytest.skip(f"real MNIST not available; set {data.ENV_VAR} to a folder holding MNIST/raw/")
    out = tmp_path / "window.png"

    status = cli.main(["screenshot", str(out), "--steps", "20", "--size", "1000x640", "--data-dir", str(root)])

    assert status == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 640)
    colours = {image.pixel(x, y) for x in range(0, 1000, 7) for y in range(0, 640, 7)}
    assert len(colours) > 50, "the screenshot is (nearly) blank"
    assert "after 20 steps of softmax" in capsys.readouterr().out
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_screenshot_command_reports_bad_arguments(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["screenshot", str(tmp_path / "x.png"), "--size", "big"])
    assert exit_info.value.code == cli.EXIT_USAGE
    assert "1366x768" in capsys.readouterr().err
    assert cli.main(["screenshot", str(tmp_path / "missing" / "x.png"), "--data-dir", str(tmp_path)]) \
        == cli.EXIT_USAGE
    assert "does not exist" in capsys.readouterr().err


def test_feature_maps_show_the_chosen_models_layout_before_any_run(qtbot, main_window):
    panel = main_window.panels["feature_maps"]
    main_window.controls.set_config(main_window.controls.config().replace(model="softmax"))
    assert panel.model == "softmax" and not panel.evidence_view.isHidden() and panel.layers_row.isHidden()
    main_window.controls.set_config(main_window.controls.config().replace(model="cnn"))
    assert panel.model == "cnn" and panel.evidence_view.isHidden() and not panel.layers_row.isHidden()


def test_the_window_carries_the_app_icon_and_desktop_file_name(main_window):
    from mnist_viz.gui.app import ensure_application

    app = ensure_application()  # what run_app does first (pytest-qt made the QApplication here)
    assert app.desktopFileName() == "mnist-viz"  # the launcher's name: the desktop shows its icon
    pixmap = main_window.windowIcon().pixmap(64, 64)
    assert not pixmap.isNull() and pixmap.width() == 64
    image = pixmap.toImage()
    colours = {image.pixel(x, y) for x in range(0, 64, 4) for y in range(0, 64, 4)}
    assert len(colours) > 3  # a drawn icon, not Qt's blank default


def test_a_run_that_would_not_fit_in_memory_is_refused_before_it_starts(qtbot, main_window, monkeypatch):
    from mnist_viz.core import memory

    window = main_window
    monkeypatch.setattr(memory, "available_memory", lambda *args, **kwargs: 1200 * 2**20)  # 1.2 GB left
    window.controls.set_config(TrainConfig(model="cnn", optimizer="adam", learning_rate=1e-4, batch_size=5000,
                                           steps=10, device="cpu"))
    assert not window.start_training()
    assert not window.controller.running
    box = window.last_message
    assert box is not None and box.windowTitle() == "Not enough memory for this run"
    assert "batch of 5,000" in box.text() and "the largest batch that fits is about" in box.text()
    # The same settings with a batch that fits start at once.
    largest = int(box.text().split("about ")[-1].split()[0].replace(",", ""))
    box.close()
    window.controls.set_config(window.controls.config().replace(batch_size=max(1, largest // 2)))
    assert window.start_training()
    window.stop_training()
    qtbot.waitUntil(lambda: not window.controller.running, timeout=60_000)
