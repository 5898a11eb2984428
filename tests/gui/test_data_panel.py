"""The Data panel (issue 20, item 3): the training batch as the model sees it, in the real window.

A softmax run with the canvas augmentation (the augmentation does not depend on the network,
and the softmax trains fast): the panel shows the Trainer's augmented batch pixel for pixel
(checked against a Trainer driven by hand with the same config), with its labels; it follows
the training and Hold freezes it; a click makes the image the probe; hidden, it costs nothing;
it never shows a batch beside weights that are not the run's.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from mnist_viz.core.recording import Recorder
from mnist_viz.core.training import BATCH_PART, TrainConfig, Trainer

TIMEOUT_MS = 60_000
#: Augmented, 100 images a batch (the panel shows 64 of them); a long run, stopped by the tests.
LIVE = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=100,
                   steps=10_000_000, eval_every=0, device="cpu", seed=7, augment="canvas")


def tile_of(mosaic, index: int) -> np.ndarray:
    """Tile ``index`` as it is in the mosaic's ImageItem (what is on screen)."""
    rows, columns = mosaic.layout_info.tile_slices(index)
    return mosaic.image_item.image[rows, columns]


def reference_batch(config: TrainConfig, mnist, step: int) -> dict:
    """The batch part of a Trainer with ``config`` driven by hand to ``step``."""
    trainer = Trainer(config, mnist.train, mnist.test)
    for _ in range(step):
        trainer.train_step()
    return dict(trainer.snapshot({BATCH_PART}).arrays)


def bring_to_front(qtbot, window, pid: str = "data") -> None:
    dock = window.docks[pid]
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: window.panels[pid] in window.visible_panels(), timeout=5000)


def click_tile(qtbot, mosaic, index: int) -> None:
    qtbot.mouseClick(mosaic.graphics.viewport(), Qt.MouseButton.LeftButton, pos=mosaic.tile_center_in_widget(index))


def stop(qtbot, window) -> None:
    window.controller.stop()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)


def test_the_panel_shows_the_trainers_augmented_batch_follows_training_holds_and_picks_the_probe(
        qtbot, main_window, mnist_small):
    window = main_window
    panel = window.panels["data"]
    snapshots = []
    window.controller.snapshot.connect(snapshots.append)
    window.controls.set_config(LIVE)
    window.controller.set_pace(15.0)  # a run a person could follow, and few steps to replay by hand

    # Hidden (tabbed behind the loss): the batch is never asked for nor computed.
    assert panel not in window.visible_panels()
    with qtbot.waitSignal(window.controller.steps, timeout=TIMEOUT_MS):
        assert window.start_training()
    qtbot.waitUntil(lambda: len(snapshots) >= 2, timeout=TIMEOUT_MS)
    assert BATCH_PART not in window.controller.trainer._observe.parts
    assert not any("batch/images" in snap.arrays for snap in snapshots)
    assert panel.shown is None

    # Shown: the batch arrives and follows the training.
    bring_to_front(qtbot, window)
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=TIMEOUT_MS)
    first = panel.shown["step"]
    qtbot.waitUntil(lambda: panel.shown["step"] > first, timeout=TIMEOUT_MS)
    second = panel.shown["step"]
    qtbot.waitUntil(lambda: panel.shown["step"] > second, timeout=TIMEOUT_MS)
    assert "64 of the batch's 100 images" in panel.caption.text()
    assert "Augmented (canvas)" in panel.recipe_label.text() and "rotation" in panel.recipe_label.text()

    # Hold: the batch on screen stays while training goes on, and no more batches are computed.
    panel.hold.click()
    assert panel.hold.isChecked()
    held = panel.shown
    held_pixels = panel.mosaic.image_item.image.copy()
    qtbot.waitUntil(lambda: BATCH_PART not in window.controller.trainer._observe.parts, timeout=5000)
    qtbot.waitUntil(lambda: window.controller.trainer.step > held["step"] + 8, timeout=TIMEOUT_MS)
    assert panel.shown is held and np.array_equal(panel.mosaic.image_item.image, held_pixels, equal_nan=True)

    # The held batch is the Trainer's own for that step: pixels, labels, places in the training set.
    reference = reference_batch(LIVE, mnist_small, held["step"])
    assert int(reference["batch/step"]) == held["step"]
    assert np.array_equal(held["images"], reference["batch/images"])
    assert np.array_equal(held["labels"], reference["batch/labels"])
    assert np.array_equal(held["indices"], reference["batch/indices"])
    assert held["images"].shape == (64, 28, 28)
    unaugmented = mnist_small.train.images.numpy()[reference["batch/indices"]].reshape(64, 28, 28)
    assert not np.array_equal(held["images"], unaugmented)  # augmented, as the model saw it
    for k in (0, 9, 63):
        assert np.allclose(tile_of(panel.mosaic, k), reference["batch/images"][k] / 255.0, atol=1e-6)
    labels_on_screen = [item.text() for item in panel.mosaic._label_items]
    assert labels_on_screen == [str(int(label)) for label in reference["batch/labels"]]

    # A click makes that (augmented) image the probe: the feature maps show it.
    window.controller.pause()
    qtbot.waitUntil(lambda: window.controller.state == "paused", timeout=TIMEOUT_MS)
    k = 5
    click_tile(qtbot, panel.mosaic, k)
    clicked = held["images"][k].astype(np.float32) / 255.0
    assert window.view_state.probe.kind == "image" and np.allclose(window.view_state.probe.image, clicked)
    maps = window.panels["feature_maps"]
    qtbot.waitUntil(lambda: maps.input_view.tile(0) is not None and np.allclose(maps.input_view.tile(0), clicked),
                    timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: f"#{int(held['indices'][k]):,}" in panel.probe_label.text(), timeout=5000)
    assert panel._probe_box.isVisible()
    # its true class goes with it: the probe knows it, and the feature maps say it (not "a drawn image")
    label = int(held["labels"][k])
    assert window.view_state.probe.label == label
    qtbot.waitUntil(lambda: f"an image of class {label}" in maps.probe_label.text(), timeout=TIMEOUT_MS)

    # Released: it follows the training again.
    window.controller.resume()
    panel.hold.click()
    qtbot.waitUntil(lambda: panel.shown is not held and panel.shown["step"] > held["step"], timeout=TIMEOUT_MS)
    assert not panel._probe_box.isVisible()  # the probe's batch has left the screen
    stop(qtbot, window)
    assert window.panel_errors == []


@pytest.fixture(scope="module")
def recording(tmp_path_factory, mnist_small):
    config = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=50,
                         steps=20, eval_every=10, device="cpu", seed=3)
    folder = tmp_path_factory.mktemp("rec") / "softmax-run"
    trainer = Trainer(config, mnist_small.train, mnist_small.test)
    recorder = Recorder(folder, config, every_steps=10)
    recorder.attach(trainer)
    for _ in trainer.run():
        pass
    recorder.close()
    return folder


def test_a_batch_never_shows_beside_other_weights_than_its_runs_nor_after_a_new_run_or_reset(
        qtbot, main_window, recording):
    window = main_window
    panel = window.panels["data"]
    bring_to_front(qtbot, window)
    assert panel.stack.currentWidget() is panel.placeholder and "while a run trains" in panel.placeholder.text()
    window.controls.set_config(LIVE.replace(steps=12, augment="none"))
    with qtbot.waitSignal(window.controller.finished, timeout=TIMEOUT_MS):
        assert window.start_training()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown["step"] == 12, timeout=TIMEOUT_MS)
    assert panel.stack.currentWidget() is panel.mosaic
    assert "Not augmented" in panel.recipe_label.text()

    def shows_placeholder(*words: str) -> bool:
        return (panel.shown is None and panel.stack.currentWidget() is panel.placeholder
                and all(word in panel.placeholder.text() for word in words))

    # The shipped model of the same network: not its batch.
    qtbot.waitUntil(lambda: window.view.torch_loaded, timeout=TIMEOUT_MS)
    window.hub.weights_requested.emit(("pretrained", "softmax"))
    assert window.view_state.weights.origin == "shipped"
    assert shows_placeholder("shipped")
    # Back to the run: its last batch again.
    window.hub.weights_requested.emit(("live",))
    assert window.view_state.weights.origin == "live"
    assert panel.shown is not None and panel.shown["step"] == 12 and panel.stack.currentWidget() is panel.mosaic
    # Another network chosen: its weights are not the run's.
    window.controls.set_config(TrainConfig(model="cnn"))
    assert shows_placeholder()
    window.controls.set_config(LIVE.replace(steps=12, augment="none"))
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=5000)
    # A new run: the last run's batch goes the moment the run exists, before any step.
    window.controls.set_config(LIVE.replace(augment="canvas-light"))
    assert window.start_training(paused=True)
    assert panel.shown is None and "Waiting for the first batch" in panel.placeholder.text()
    assert "Augmented (canvas-light)" in panel.recipe_label.text()
    for _ in range(3):
        window.step_once()
    qtbot.waitUntil(lambda: window.controller.trainer.step == 3, timeout=TIMEOUT_MS)
    window.controller.request_snapshot()  # (single steps faster than the snapshot rate send none of their own)
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown["step"] == 3, timeout=TIMEOUT_MS)

    # Reset weights: the run starts again from step 0, and the batch of step 3 goes with the old weights.
    before = window.controller.trainer
    window.actions["reset"].trigger()
    qtbot.waitUntil(lambda: window.controller.trainer is not before and window.controller.state == "paused",
                    timeout=TIMEOUT_MS)
    assert panel.shown is None
    window.step_once()
    qtbot.waitUntil(lambda: window.controller.trainer.step == 1, timeout=TIMEOUT_MS)
    window.controller.request_snapshot()
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=TIMEOUT_MS)
    assert panel.shown["step"] == 1
    stop(qtbot, window)

    # A replayed recording: no batch, and it says why.
    assert window.open_recording(recording)
    qtbot.waitUntil(lambda: window.replay.replaying, timeout=TIMEOUT_MS)
    assert shows_placeholder("recording")
    # Closed: the run trained last is in view again, with its last batch.
    window.replay.close_file()
    qtbot.waitUntil(lambda: not window.replay.replaying, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown["step"] == 1, timeout=5000)
    assert window.panel_errors == []
