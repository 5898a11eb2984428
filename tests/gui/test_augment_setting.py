"""The window can train with augmentation (issue 20, item 3): the Augment box, its presets, the run."""

from __future__ import annotations

TIMEOUT_MS = 60_000


def test_the_canvas_preset_shows_and_trains_with_augmentation(qtbot, main_window):
    from mnist_viz.core.config import PRESETS

    window = main_window
    controls = window.controls
    assert controls.augment.currentData() == "none"  # the tutorial presets train without it
    controls.set_config(PRESETS["canvas-softmax"])
    assert controls.augment.currentData() == "canvas-light"
    assert controls.preset.currentData() == "canvas-softmax"
    controls.set_config(PRESETS["canvas-softmax"].replace(steps=10_000_000, eval_every=0))
    with qtbot.waitSignal(window.controller.steps, timeout=TIMEOUT_MS):
        window.actions["start"].trigger()
    assert window.controller.trainer.augment == "canvas-light"
    assert not controls.augment.isEnabled()  # locked during the run, as the other settings
    window.actions["stop"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    controls.augment.setCurrentIndex(controls.augment.findData("canvas"))
    assert controls.config().augment == "canvas" and controls.preset.currentData() == "custom"
