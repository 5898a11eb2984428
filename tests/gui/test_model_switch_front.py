"""Switching models: the new model's weights come forward where the old model's were.

Found when a CNN recording opened in a window showing the softmax left the Filters dock
off screen (so no panel drew the CNN's filters) while the softmax weights went away."""

from __future__ import annotations

from mnist_viz.core.training import TrainConfig

from .test_replay import record

CNN = TrainConfig(model="cnn", preset="custom", optimizer="adam", learning_rate=1e-3, batch_size=8, steps=4,
                  eval_every=2, device="cpu")


def test_the_filters_come_on_screen_when_a_cnn_recording_replaces_the_softmax(qtbot, main_window, tmp_path,
                                                                             mnist_small):
    window = main_window
    hub = window.hub
    folder = record(tmp_path / "cnn-run", CNN, mnist_small, every_steps=2)
    qtbot.waitUntil(lambda: hub.on_screen("softmax_weights"), timeout=10_000)
    assert window.open_recording(folder)
    qtbot.waitUntil(lambda: hub.on_screen("filters"), timeout=10_000)
    assert window.docks["softmax_weights"].isHidden()
    filters = window.panels["filters"]
    qtbot.waitUntil(lambda: filters.step == CNN.steps, timeout=30_000)


def test_the_filters_come_on_screen_after_choosing_the_cnn_in_a_narrow_window(qtbot, main_window):
    window = main_window
    hub = window.hub
    window.resize(1000, 700)  # the feature maps share a tab group with the weights here
    window.dock_layout.apply_default()
    qtbot.waitUntil(lambda: hub.on_screen("softmax_weights"), timeout=10_000)
    window.controls.select_model("cnn")
    qtbot.waitUntil(lambda: hub.on_screen("filters"), timeout=10_000)
    assert "filters" in [panel.panel_id for panel in hub.visible_panels()]


def test_a_window_that_grows_with_the_cnns_panels_stays_on_its_screen(qtbot, main_window):
    """At 1366x768 the window opens 1229 px wide, centred; the CNN's panels need 1311 px and it
    grew past the screen's right edge. Choosing a model moves it back as far as it fits."""
    window = main_window
    available = window.screen().availableGeometry()
    window.resize(min(window.width(), available.width() - 40), min(window.height(), available.height() - 40))
    window.move(available.x() + available.width() - window.frameGeometry().width() // 3, available.y() + 10)
    qtbot.waitUntil(lambda: window.frameGeometry().right() > available.right(), timeout=5_000)
    window.controls.select_model("cnn")

    def on_screen() -> bool:  # all of it, or, wider than the screen (offscreen's is 800 px), its left part
        frame = window.frameGeometry()
        if frame.width() <= available.width():
            return frame.left() >= available.left() and frame.right() <= available.right()
        return frame.left() == available.left()

    qtbot.waitUntil(on_screen, timeout=5_000)
