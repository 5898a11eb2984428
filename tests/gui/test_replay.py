"""Replaying recorded runs in the real window: the timeline slider, Live, opening recordings,
the loss panel's comparison overlay, and exporting panels as PNG.

The recordings are real: softmax regression (and a few CNN steps) trained on real MNIST
and recorded by ``core.recording.Recorder``. Tests wait for signals or conditions, never
sleep, and compare what the panels show with the recording's own arrays.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from mnist_viz.core.recording import Recorder, Recording
from mnist_viz.core.training import TrainConfig, Trainer
from mnist_viz.gui.controllers.replay import recording_steps

TIMEOUT_MS = 60_000
SOFTMAX = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=50,
                      steps=200, eval_every=80, device="cpu", seed=3)
CNN = TrainConfig(model="cnn", preset="custom", optimizer="adam", learning_rate=1e-3, batch_size=8, steps=6,
                  eval_every=3, device="cpu", loss_reduction="mean")


def record(folder, config: TrainConfig, mnist, every_steps: int = 50):
    """Train ``config`` headless on ``mnist`` and record it into ``folder``."""
    trainer = Trainer(config, mnist.train, mnist.test)
    recorder = Recorder(folder, config, every_steps=every_steps)
    recorder.attach(trainer)
    for _ in trainer.run():
        pass
    recorder.close()
    return folder


@pytest.fixture(scope="module")
def softmax_recording(tmp_path_factory, mnist_small):
    return record(tmp_path_factory.mktemp("rec") / "softmax-run", SOFTMAX, mnist_small)


def loss_steps(window) -> np.ndarray:
    return window.panels["loss"].steps.column(0).astype(int)


def wait_for_weights_step(qtbot, window, step: int) -> None:
    qtbot.waitUntil(lambda: window.panels["softmax_weights"].step == step, timeout=TIMEOUT_MS)


def slide_to(window, step: int) -> None:
    timeline = window.replay.timeline
    timeline.slider.setValue(timeline.steps.index(step))


# ------------------------------------------------------------------ opening files
def test_slider_replays_the_recorded_weights_and_curves(qtbot, main_window, softmax_recording):
    window = main_window
    recording = Recording.open(softmax_recording)
    weights_panel = window.panels["softmax_weights"]
    assert window.open_recording(softmax_recording)

    timeline = window.replay.timeline
    assert window.replay.toolbar.isVisible()
    assert timeline.steps == recording_steps(recording) and timeline.steps[-1] == SOFTMAX.steps
    assert window.controls.current_model() == "softmax"
    assert not window.docks["softmax_weights"].isHidden() and window.docks["filters"].isHidden()
    assert window.status.state_label.text() == "Replaying"  # not "Idle": the panels show a recording
    # Opened at the end of the run: the last recorded weights, the whole loss curve.
    wait_for_weights_step(qtbot, window, SOFTMAX.steps)
    assert np.array_equal(loss_steps(window), np.arange(1, SOFTMAX.steps + 1))

    shown = {}
    for step in (50, 150):
        slide_to(window, step)
        wait_for_weights_step(qtbot, window, step)
        expected = recording.snapshot(step).arrays["softmax_weights"]
        assert np.allclose(weights_panel.weights, expected)
        assert np.allclose(weights_panel.mosaic.tile(7), np.asarray(expected).reshape(10, 28, 28)[7])
        shown[step] = weights_panel.mosaic.image_item.image.copy()
        # The loss curve stops at the replayed step; evaluations after it are not shown.
        assert loss_steps(window)[-1] == step
        evaluations = window.panels["loss"].evaluations.column(0)
        assert list(evaluations) == [s for s in recording.evaluations["step"].tolist() if s <= step]
        assert f"Replaying step {step:,} of {SOFTMAX.steps:,}" in timeline.label.text()
    # What the user sees changed between the two steps.
    assert not np.allclose(shown[50], shown[150])
    # Back to an earlier step: the panels are rebuilt, not appended to.
    slide_to(window, 100)
    wait_for_weights_step(qtbot, window, 100)
    assert np.array_equal(loss_steps(window), np.arange(1, 101))
    assert not timeline.live_button.isEnabled()  # nothing is training
    assert window.panel_errors == []


def test_each_timeline_move_is_one_whole_picture(qtbot, main_window, softmax_recording):
    """When a move's frame is shown, the loss curve already ends at that step (it was drawn
    empty first on a backward move, its curve only 50 ms later), and it is drawn once."""
    window = main_window
    loss = window.panels["loss"]
    assert window.open_recording(softmax_recording)
    wait_for_weights_step(qtbot, window, SOFTMAX.steps)
    seen: list[tuple[int, float, int]] = []

    def on_frame(step: int) -> None:
        drawn = loss.loss_curve.xData
        seen.append((step, float(drawn[-1]) if drawn is not None and len(drawn) else -1.0, loss.redraw_count))

    window.replay.frame_shown.connect(on_frame)
    for step in (150, 50, 100):  # forward, back, forward
        before = loss.redraw_count
        slide_to(window, step)
        qtbot.waitUntil(lambda: bool(seen) and seen[-1][0] == step, timeout=TIMEOUT_MS)
        assert seen[-1][1] == step, f"at step {step}'s frame the loss curve ended at {seen[-1][1]}"
        assert seen[-1][2] == before + 1  # one redraw for the move
    window.replay.frame_shown.disconnect(on_frame)


def test_a_panel_tabbed_behind_draws_when_it_comes_in_front(qtbot, main_window, softmax_recording):
    """A dock behind another tab stays shown for Qt (isVisible()): the confusion matrix there
    is not redrawn at every timeline move, and shows the replayed step's evaluation once its
    tab is chosen."""
    window = main_window
    panel = window.panels["confusion"]
    window.docks["loss"].raise_()
    qtbot.waitUntil(lambda: not window.hub.on_screen("confusion"))
    assert panel.isVisible() and not panel.on_screen()
    recording = Recording.open(softmax_recording)
    assert window.open_recording(softmax_recording)
    draws: list[int] = []
    real_draw = panel._draw_evaluation
    panel._draw_evaluation = lambda: (draws.append(1), real_draw())
    slide_to(window, 150)
    wait_for_weights_step(qtbot, window, 150)
    slide_to(window, 100)  # back: the run is rebuilt up to step 100, its newest evaluation step 80
    wait_for_weights_step(qtbot, window, 100)
    qtbot.wait(50)
    assert draws == []
    window.docks["confusion"].raise_()
    evaluated = [s for s in recording.evaluations["step"].tolist() if s <= 100][-1]
    qtbot.waitUntil(lambda: f"step {evaluated:,}" in panel.readout.text(), timeout=TIMEOUT_MS)
    assert draws
    assert window.panel_errors == []


def test_the_distributions_heat_maps_replay_the_recorded_history(qtbot, main_window, softmax_recording):
    window = main_window
    recording = Recording.open(softmax_recording)
    panel = window.panels["distributions"]
    window.docks["distributions"].raise_()
    assert window.open_recording(softmax_recording)
    recorded = recording.snapshot_steps.tolist()

    def shown_steps() -> list[int]:
        return panel.ring.ordered_steps().tolist() if panel.ring is not None else []

    # At the end: one heat-map column per recorded snapshot, the whole run.
    qtbot.waitUntil(lambda: shown_steps() == recorded, timeout=TIMEOUT_MS)
    assert panel.shown_weight_counts.shape[1] == len(recorded)
    assert panel.shown_weight_counts[:, -1].sum() == 784 * 10  # every weight of W, counted once
    # Back to step 100: the history stops there; forward again: it grows back.
    slide_to(window, 100)
    qtbot.waitUntil(lambda: shown_steps() == [s for s in recorded if s <= 100], timeout=TIMEOUT_MS)
    slide_to(window, 150)
    qtbot.waitUntil(lambda: shown_steps() == [s for s in recorded if s <= 150], timeout=TIMEOUT_MS)
    assert window.panel_errors == []


def test_play_walks_through_the_recording(qtbot, main_window, softmax_recording):
    window = main_window
    assert window.open_recording(softmax_recording)
    timeline = window.replay.timeline
    slide_to(window, timeline.steps[-2])
    timeline.play_button.click()  # near the end: plays to the end, then stops by itself
    qtbot.waitUntil(lambda: not timeline.playing, timeout=TIMEOUT_MS)
    wait_for_weights_step(qtbot, window, SOFTMAX.steps)


def test_opening_a_cnn_recording_shows_the_cnn_panels(qtbot, main_window, tmp_path, mnist_small):
    window = main_window
    folder = record(tmp_path / "cnn-run", CNN, mnist_small, every_steps=2)
    assert window.controls.current_model() == "softmax"
    assert window.open_recording(folder)
    assert window.controls.current_model() == "cnn"
    assert not window.docks["filters"].isHidden() and window.docks["softmax_weights"].isHidden()
    filters = window.panels["filters"]
    recording = Recording.open(folder)
    qtbot.waitUntil(lambda: filters.step == CNN.steps, timeout=TIMEOUT_MS)
    assert np.allclose(filters.conv1, recording.snapshot(CNN.steps).arrays["conv1_filters"])
    slide_to(window, 2)
    qtbot.waitUntil(lambda: filters.step == 2, timeout=TIMEOUT_MS)
    assert np.allclose(filters.conv1, recording.snapshot(2).arrays["conv1_filters"])
    assert not np.allclose(filters.conv1, recording.snapshot(CNN.steps).arrays["conv1_filters"])
    assert window.panel_errors == []


def test_a_bad_recording_is_named_and_the_app_stays_usable(qtbot, main_window, tmp_path):
    window = main_window
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json", encoding="utf-8")
    assert not window.open_recording(broken)
    assert window.last_message is not None and "manifest.json" in window.last_message.text()
    assert "damaged" in window.last_message.text()
    window.last_message.close()
    assert not window.open_recording(tmp_path / "nowhere")
    assert "does not exist" in window.last_message.text()
    assert not window.replay.replaying and window.actions["start"].isEnabled()


def test_opening_while_training_is_refused_with_a_reason(qtbot, main_window, softmax_recording):
    window = main_window
    window.controls.set_config(SOFTMAX.replace(steps=10_000_000, eval_every=0))
    window.start_training()
    qtbot.waitUntil(lambda: window.run_state.last_step > 0, timeout=TIMEOUT_MS)
    assert not window.open_recording(softmax_recording)
    assert "Stop training first" in window.last_message.windowTitle() + window.last_message.text() \
        or "while a run is training" in window.last_message.text()
    assert not window.replay.replaying
    window.stop_training()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)


def slow_open(monkeypatch, seconds: float, during=None):
    """Recording.open made ``seconds`` slower (as on a slow share), ``during()`` called on the GUI
    thread's event loop while it reads; returns the threads it ran on."""
    import threading
    import time

    from PySide6.QtCore import QTimer

    real_open = Recording.open.__func__
    threads: list[int] = []

    def opening(cls, path, *args, **kwargs):
        threads.append(threading.get_ident())
        time.sleep(seconds)
        return real_open(cls, path, *args, **kwargs)

    monkeypatch.setattr(Recording, "open", classmethod(opening))
    if during is not None:
        QTimer.singleShot(100, during)
    return threads


def test_opening_a_recording_reads_it_off_the_gui_thread(qtbot, main_window, softmax_recording, monkeypatch):
    """A recording that takes a second to read (a 20,000-step CNN run) leaves the window
    repainting meanwhile: the reading runs in a worker thread, the event loop goes on."""
    import threading

    from PySide6.QtCore import QTimer

    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded, timeout=TIMEOUT_MS)  # (its end clears the status bar)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    seen: list[str] = []
    threads = slow_open(monkeypatch, 0.6, during=lambda: seen.append(window.status.currentMessage()))
    try:
        assert window.open_recording(softmax_recording)
    finally:
        timer.stop()
    assert threads and threads[0] != threading.get_ident()
    assert len(ticks) >= 10  # the GUI thread's timers kept firing while it read
    assert seen and "Opening the recording softmax-run" in seen[0]
    assert window.replay.replaying and window.replay.recording.last_step == 200
    assert "Replaying softmax-run" in window.status.currentMessage()


def test_a_run_started_while_a_recording_is_read_wins(qtbot, main_window, softmax_recording, monkeypatch):
    """Start pressed while the recording is still being read: the run trains, the recording is
    not laid over it, and the user is told why."""
    window = main_window
    window.controls.set_config(SOFTMAX.replace(steps=10_000_000, eval_every=0))
    slow_open(monkeypatch, 0.8, during=window.start_training)
    assert not window.open_recording(softmax_recording)
    assert "while a run is training" in window.last_message.text()
    assert not window.replay.replaying and window.replay.recording is None
    qtbot.waitUntil(lambda: window.run_state.last_step > 0, timeout=TIMEOUT_MS)
    window.stop_training()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)


def test_a_second_opening_while_one_is_read_is_ignored(qtbot, main_window, softmax_recording, monkeypatch):
    window = main_window
    second: list[bool] = []
    slow_open(monkeypatch, 0.6, during=lambda: second.append(window.open_recording(softmax_recording)))
    assert window.open_recording(softmax_recording)
    assert second == [False]
    assert window.replay.recording.last_step == 200


# ------------------------------------------------------------------ the live run
def test_recorded_live_run_can_be_replayed_and_followed_again(qtbot, main_window, tmp_path):
    window = main_window
    weights_panel = window.panels["softmax_weights"]
    window.record_runs_to(tmp_path)
    window.controls.set_config(SOFTMAX.replace(steps=10_000_000, eval_every=100))
    assert window.start_training()
    timeline = window.replay.timeline
    qtbot.waitUntil(lambda: 100 in timeline.steps and window.run_state.last_step > 120, timeout=TIMEOUT_MS)
    assert timeline.live and timeline.live_button.isEnabled()

    slide_to(window, 100)  # the snapshot may still be in the recorder's memory: it is written first
    wait_for_weights_step(qtbot, window, 100)
    assert window.replay.replaying
    assert "Replaying step 100" in timeline.label.text() and "Live" in timeline.label.text()
    run_dir = window.replay.recorder.run_dir
    recorded = Recording.open(run_dir).snapshot(100).arrays["softmax_weights"]
    assert np.allclose(weights_panel.weights, recorded)
    assert loss_steps(window)[-1] == 100

    # Training goes on; the panels stay on step 100.
    frozen_at = window.run_state.last_step
    qtbot.waitUntil(lambda: window.run_state.last_step > frozen_at + 60, timeout=TIMEOUT_MS)
    assert weights_panel.step == 100 and loss_steps(window)[-1] == 100

    timeline.live_button.click()
    qtbot.waitUntil(lambda: not window.replay.replaying, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: weights_panel.step is not None and weights_panel.step > frozen_at + 60,
                    timeout=TIMEOUT_MS)
    # The loss curve is whole again: every step once, in order, up to the live one.
    qtbot.waitUntil(lambda: loss_steps(window)[-1] > frozen_at + 60, timeout=TIMEOUT_MS)
    steps = loss_steps(window)
    assert np.array_equal(steps, np.arange(1, len(steps) + 1))
    assert timeline.live

    window.stop_training()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["finished"] == "stopped" and manifest["model"] == "softmax"
    assert window.panel_errors == []


def test_starting_a_run_leaves_an_opened_recording(qtbot, main_window, softmax_recording):
    window = main_window
    assert window.open_recording(softmax_recording)
    window.controls.set_config(SOFTMAX.replace(steps=20, eval_every=0))
    with qtbot.waitSignal(window.controller.finished, timeout=TIMEOUT_MS):
        window.start_training()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    assert not window.replay.replaying
    assert window.status.state_label.text() == "Idle"
    qtbot.waitUntil(lambda: len(loss_steps(window)) and loss_steps(window)[-1] == 20, timeout=TIMEOUT_MS)
    assert np.array_equal(loss_steps(window), np.arange(1, 21))


# ------------------------------------------------------------------ compare, export
def test_loss_panel_overlays_a_recording_and_removes_it(qtbot, main_window, softmax_recording):
    loss = main_window.panels["loss"]
    recording = Recording.open(softmax_recording)
    assert not loss.comparing
    assert loss.compare_with(softmax_recording)
    assert loss.comparing and loss.compare_loss_curve in loss.plot.items
    x, y = loss.compare_loss_curve.getData()
    assert np.array_equal(x, recording.metrics["step"]) and len(y) == len(recording.metrics["loss"])
    ex, ey = loss.compare_accuracy_curve.getData()
    assert np.array_equal(ex, recording.evaluations["step"])
    assert np.allclose(ey, 100 * recording.evaluations["test_accuracy"])
    labels = [label.text for _, label in loss.legend.items]
    assert any("softmax-run" in text for text in labels)
    assert loss.remove_comparison_action.isEnabled()

    loss.remove_comparison_action.trigger()
    assert not loss.comparing and loss.compare_loss_curve not in loss.plot.items
    assert not any("softmax-run" in label.text for _, label in loss.legend.items)


def test_loss_comparison_with_a_bad_folder_says_why(qtbot, main_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    assert not main_window.panels["loss"].compare_with(tmp_path / "missing")
    assert said and "does not exist" in said[0]
    assert not main_window.panels["loss"].comparing


def test_export_panel_as_png(qtbot, main_window, softmax_recording, tmp_path, monkeypatch):
    window = main_window
    assert window.open_recording(softmax_recording)
    slide_to(window, 150)
    wait_for_weights_step(qtbot, window, 150)
    panel = window.panels["softmax_weights"]
    assert panel.export_action in panel.actions()  # in its right-click menu

    offered = []

    def save_dialog(parent, caption, suggestion, filters):
        offered.append(suggestion)
        return str(tmp_path / "weights"), filters
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    path = panel.export_png_dialog()
    assert offered and offered[0].endswith("softmax-weights-step-150.png")
    assert path == tmp_path / "weights.png"
    image = QImage(str(path))
    assert not image.isNull() and path.stat().st_size > 1000
    ratio = panel.devicePixelRatioF()
    assert (image.width(), image.height()) == (round(panel.width() * ratio), round(panel.height() * ratio))
    # File > Export panel as PNG lists the panels on screen.
    window.menus.fill_export_menu()
    titles = [action.text() for action in window.export_menu.actions()]
    assert panel.title in titles and window.panels["loss"].title in titles


def test_right_click_offers_export_and_compare(qtbot, main_window):
    from PySide6.QtWidgets import QMenu

    weights = main_window.panels["softmax_weights"]
    mosaic_centre = weights.mosaic.mapTo(weights, weights.mosaic.rect().center())
    weights._show_context_menu(mosaic_centre)
    menus = [menu for menu in weights.findChildren(QMenu) if menu.isVisible()]
    assert menus and weights.export_action in menus[-1].actions()
    menus[-1].close()
    loss = main_window.panels["loss"]
    # On the plot itself pyqtgraph's menu opens; it carries the panel's actions too.
    assert {loss.compare_action, loss.export_action} <= set(loss.plot.vb.menu.actions())
    plot_centre = loss.plot_widget.mapTo(loss, loss.plot_widget.rect().center())
    loss._show_context_menu(plot_centre)
    assert not [menu for menu in loss.findChildren(QMenu) if menu.isVisible() and menu.parent() is loss]


def test_mnist_viz_open_replays_the_recording_in_the_app(softmax_recording, tmp_path):
    """``mnist-viz open RUN_DIR`` starts the app on the recording (the window closes once shown)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MNIST_VIZ_EXIT_AFTER_SHOW="1",
               MNIST_VIZ_LOG_DIR=str(tmp_path / "log"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "mnist_viz", "open", str(softmax_recording)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "window shown" in done.stdout
    log = (tmp_path / "log" / "mnist-viz.log").read_text(encoding="utf-8")
    assert f"replaying the recording {softmax_recording}" in log


def test_dragging_the_slider_replays_only_some_positions_and_ends_on_the_last(qtbot, main_window, softmax_recording,
                                                                              monkeypatch):
    window = main_window
    assert window.open_recording(softmax_recording)
    timeline = window.replay.timeline
    slide_to(window, 0)
    wait_for_weights_step(qtbot, window, 0)
    resets = []
    loss = window.panels["loss"]
    original = loss.on_run_started
    monkeypatch.setattr(loss, "on_run_started", lambda event: (resets.append(event), original(event)))
    # A drag: every position in turn, with no time for the event loop in between.
    for index in range(len(timeline.steps)):
        timeline.slider.setValue(index)
    assert "Replaying step 200" in timeline.label.text()  # the label follows at once
    wait_for_weights_step(qtbot, window, SOFTMAX.steps)
    assert len(resets) == 0  # moving forward only appends the new steps
    assert np.array_equal(loss_steps(window), np.arange(1, SOFTMAX.steps + 1))
    feeds = []
    monkeypatch.setattr(window.hub, "dispatch",
                        lambda method, payload, panels, replayed=False: feeds.append((method, payload)))
    for index in reversed(range(len(timeline.steps))):
        timeline.slider.setValue(index)
    qtbot.waitUntil(lambda: window.replay.shown_step == 0 and window.replay._wanted_step is None,
                    timeout=TIMEOUT_MS)
    snapshots = [payload.step for method, payload in feeds if method == "on_snapshot"]
    assert snapshots[-1] == 0 and len(set(snapshots)) < len(timeline.steps) - 1  # not every position was drawn


def test_the_canvas_says_whose_answer_it_gives_during_a_replay(qtbot, main_window, softmax_recording):
    """A recording keeps only the parts it recorded: the Draw a digit panel cannot answer with
    the replayed step, and says so (it used to keep its own model without a word); the note
    goes when the replay ends."""
    window = main_window
    canvas = window.panels["canvas"]
    assert window.open_recording(softmax_recording)
    qtbot.waitUntil(lambda: not canvas.replay_note.isHidden(), timeout=5000)
    assert canvas.source_combo.currentText() in canvas.replay_note.text()
    assert "not the replayed step's" in canvas.replay_note.text()
    window.controls.set_config(SOFTMAX.replace(steps=20, eval_every=0))
    with qtbot.waitSignal(window.controller.finished, timeout=TIMEOUT_MS):
        window.start_training()
    qtbot.waitUntil(lambda: canvas.replay_note.isHidden(), timeout=5000)
