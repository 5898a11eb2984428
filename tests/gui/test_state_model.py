"""The four symptoms of the state-model issue, driven through the real window.

Every panel shows a function of the state the user chose, whoever changed it:

1. with nothing training, a new probe (Random, a number, the confusion gallery, the canvas's
   "Use as probe") changes the probabilities, the verdict and every map, not just the picture;
2. a panel hidden (or tabbed away) while a run trained shows that run's state when it is shown;
3. View > Reset layout gives the same panels whichever model is selected when it is used;
4. the status bar describes the run in progress, and Start/Step after a run that ended say
   that a new run begins.

Each test checks the pictures against the model's own numbers (the finished run's weights,
read back from the trainer), so a stale picture fails it.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from mnist_viz.core.inference import Predictor
from mnist_viz.core.training import TrainConfig

TIMEOUT_MS = 60_000
SOFTMAX = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=50,
                      steps=60, eval_every=30, device="cpu")
CNN = TrainConfig(model="cnn", preset="custom", optimizer="adam", learning_rate=1e-3, batch_size=16, steps=12,
                  eval_every=6, device="cpu", loss_reduction="mean")


def run_to_the_end(qtbot, window, config: TrainConfig):
    window.controls.set_config(config)
    with qtbot.waitSignal(window.controller.finished, timeout=TIMEOUT_MS) as finished:
        window.actions["start"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    return finished.args[0]


def bring_to_front(qtbot, window, pid: str) -> None:
    dock = window.docks[pid]
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: window.panels[pid] in window.visible_panels(), timeout=5000)


def final_predictor(window) -> Predictor:
    trainer = window.controller.trainer
    return Predictor.from_state_dict(trainer.config.model, trainer.state_copy())


def feature_maps_after(qtbot, window, config: TrainConfig):
    """Train ``config`` to the end; the feature-map panel in front, and the run's final model."""
    run_to_the_end(qtbot, window, config)
    bring_to_front(qtbot, window, "feature_maps")
    return window.panels["feature_maps"], final_predictor(window)


def probe_image(window, index: int) -> np.ndarray:
    return window.mnist.test.images[index].numpy().astype(np.float32) / 255.0


def other_index(window, index: int) -> int:
    """A test image of another digit than test #index."""
    labels = window.mnist.test.labels.numpy()
    return int(np.flatnonzero(labels != labels[index])[0])


def shows_probe(panel, image: np.ndarray, probabilities: np.ndarray) -> bool:
    shown = panel.input_view.tile(0)
    return (shown is not None and np.allclose(shown, image, atol=1e-6)
            and np.allclose(panel.probability_chart.probabilities, probabilities, atol=1e-5))


# ================================================================ symptom 1
def test_an_idle_probe_change_updates_the_probabilities_the_verdict_and_the_evidence(qtbot, main_window):
    window = main_window
    panel, predictor = feature_maps_after(qtbot, window, SOFTMAX)
    first = int(panel.probe_index)
    qtbot.waitUntil(lambda: shows_probe(panel, probe_image(window, first),
                                        predictor.probabilities(probe_image(window, first))), timeout=5000)

    new = other_index(window, first)
    panel.index_spin.setValue(new)  # the user types another test image's number
    image = probe_image(window, new)
    expected = predictor.probabilities(image)
    qtbot.waitUntil(lambda: shows_probe(panel, image, expected), timeout=5000)
    names = panel.class_names
    assert f"test #{new}" in panel.probe_label.text()
    assert f"predicted {names[int(np.argmax(expected))]}" in panel.probe_label.text()
    # every evidence tile is x * W[:, k] of the new image, under the run's final weights
    weights = window.controller.trainer.state_copy()["W"].numpy()
    for k in range(10):
        assert np.allclose(panel.evidence_view.tile(k), (image.reshape(784) * weights[:, k]).reshape(28, 28),
                           atol=1e-6)


def test_an_idle_probe_change_updates_every_feature_map_of_the_cnn(qtbot, main_window):
    import torch

    window = main_window
    run_to_the_end(qtbot, window, CNN)
    bring_to_front(qtbot, window, "feature_maps")
    panel = window.panels["feature_maps"]
    panel.random_button.click()  # Random: some test image
    new = int(panel.probe_index)
    image = probe_image(window, new)
    model = final_predictor(window).model
    with torch.inference_mode():
        expected = {name: value[0].numpy() for name, value in
                    model.activations(torch.as_tensor(image).reshape(1, 1, 28, 28)).items()}
    qtbot.waitUntil(lambda: shows_probe(panel, image, expected["probabilities"]), timeout=5000)
    for layer in ("conv1", "pool1", "conv2", "pool2"):
        view = panel.layer_views[layer]
        for channel in (0, 7, view._tiles.shape[0] - 1):
            assert np.allclose(view.tile(channel), expected[layer][channel], atol=1e-5), (layer, channel)
    assert np.allclose(panel.layer_views["fc1"].tile(0), expected["fc1"].reshape(32, 32), atol=1e-5)


def test_the_confusion_gallery_and_the_canvas_choose_the_probe_when_idle(qtbot, main_window):
    window = main_window
    panel, predictor = feature_maps_after(qtbot, window, SOFTMAX)
    # a click on a misclassified image in the confusion gallery asks for it as the probe
    wrong = int(np.flatnonzero(predictor.predict_batch(window.mnist.test.images.numpy().astype(np.float32) / 255.0)
                               != window.mnist.test.labels.numpy())[0])
    window.panels["confusion"].probe_requested.emit(wrong)
    image = probe_image(window, wrong)
    qtbot.waitUntil(lambda: shows_probe(panel, image, predictor.probabilities(image)), timeout=5000)
    assert "✗" in panel.probe_label.text()  # it is a misclassified one, and the verdict says so
    # the canvas's "Use as probe" offers a drawing: its own probabilities follow
    drawn = np.zeros((28, 28), dtype=np.float32)
    drawn[6:22, 13:16] = 1.0  # a "1"
    window.panels["canvas"].probe_image_requested.emit(drawn)
    qtbot.waitUntil(lambda: shows_probe(panel, drawn, predictor.probabilities(drawn)), timeout=5000)
    assert "drawn" in panel.probe_label.text()


# ================================================================ symptom 2
def test_panels_shown_after_a_run_show_that_runs_state(qtbot, main_window):
    window = main_window
    for pid in ("softmax_weights", "distributions", "feature_maps"):
        window.docks[pid].hide()
    qtbot.waitUntil(lambda: not {"softmax_weights", "distributions"} & {p.panel_id for p in window.visible_panels()})
    run_to_the_end(qtbot, window, SOFTMAX)
    weights = window.controller.trainer.state_copy()["W"].numpy()

    bring_to_front(qtbot, window, "softmax_weights")
    templates = window.panels["softmax_weights"]
    qtbot.waitUntil(lambda: templates.mosaic.tile(0) is not None, timeout=5000)
    for k in range(10):
        assert np.allclose(templates.mosaic.tile(k), weights[:, k].reshape(28, 28), atol=1e-6)

    bring_to_front(qtbot, window, "distributions")
    distributions = window.panels["distributions"]
    # (the statistics are recomputed at most twice a second: the newest may be of an earlier step)
    newest = int(window.hub.history[-1].arrays["dist/step"])
    qtbot.waitUntil(lambda: distributions.last_step == newest, timeout=5000)
    steps = distributions.ring.ordered_steps()
    kept = [int(snapshot.arrays["dist/step"]) for snapshot in window.hub.history]
    assert steps[0] == 0 and list(steps) == sorted(set(kept))  # all of it from step 0, although hidden
    assert "waiting" not in distributions.readout.text()


# ================================================================ symptom 3
@pytest.mark.parametrize("reset_with, then", [("cnn", "softmax"), ("softmax", "cnn")])
def test_reset_layout_gives_the_panels_of_either_model(qtbot, main_window, reset_with, then):
    window = main_window
    own = {"softmax": "softmax_weights", "cnn": "filters"}
    window.docks[own[then]].close()  # closed by the user before
    window.controls.set_config(SOFTMAX.replace(model=reset_with))
    window.reset_layout_action.trigger()
    window.controls.set_config(SOFTMAX.replace(model=then))
    qtbot.waitUntil(lambda: not window.docks[own[then]].isHidden(), timeout=5000)
    assert window.docks[own[reset_with]].isHidden()   # nothing to show for this model
    assert window.docks[own[then]].toggleViewAction().isChecked()


# ================================================================ symptom 4
def test_the_status_bar_describes_the_new_run_not_the_stopped_one(qtbot, main_window):
    window = main_window
    window.controls.set_config(SOFTMAX.replace(steps=10_000_000, eval_every=0))
    with qtbot.waitSignal(window.controller.steps, timeout=TIMEOUT_MS):
        window.actions["start"].trigger()
    window.actions["stop"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    assert "Stopped at step" in window.status.currentMessage()
    with qtbot.waitSignal(window.controller.steps, timeout=TIMEOUT_MS):
        window.actions["start"].trigger()
    assert "Stopped at step" not in window.status.currentMessage()
    assert "new run" in window.status.currentMessage()
    window.actions["stop"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)


def test_step_after_a_finished_run_says_a_new_run_begins(qtbot, main_window):
    window = main_window
    finished = run_to_the_end(qtbot, window, SOFTMAX)
    old = window.controller.trainer
    window.actions["step"].trigger()
    qtbot.waitUntil(lambda: window.controller.trainer is not old and window.controller.trainer.step == 1,
                    timeout=TIMEOUT_MS)
    message = window.status.currentMessage()
    assert "new run" in message and f"{finished.step:,}" in message  # not silently
    window.actions["stop"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)


# ====================================================== what else the state says
def test_before_any_run_the_panels_show_the_shipped_model(qtbot, main_window):
    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.view_state.weights is not None, timeout=TIMEOUT_MS)
    assert window.view_state.weights.origin == "shipped"
    bring_to_front(qtbot, window, "softmax_weights")
    templates = window.panels["softmax_weights"]
    qtbot.waitUntil(lambda: templates.mosaic.tile(0) is not None, timeout=5000)
    # "Softmax regression" is the tutorial's network on plain pixels: its own shipped file
    # (the canvas's shipped softmax, deskew,fc-10, is another network)
    shipped = Predictor.pretrained("softmax-plain").model.W.detach().numpy()
    assert np.allclose(templates.mosaic.tile(3), shipped[:, 3].reshape(28, 28), atol=1e-6)
    assert "shipped" in window.status.showing_label.text()
    assert window.panels["canvas"].source_key == ("pretrained", "softmax-plain")  # the canvas answers with it


def test_open_model_while_idle_shows_it_everywhere_and_while_training_only_in_the_canvas(
        qtbot, main_window, tmp_path):
    from mnist_viz.core import checkpoints
    from mnist_viz.core.models import build_model

    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded, timeout=TIMEOUT_MS)
    model = build_model("softmax")
    with __import__("torch").no_grad():
        model.W.normal_(0, 0.05)
    path = checkpoints.save(tmp_path / "mine.pt", model, SOFTMAX, step=42)
    assert window.keeper.open_model(str(path))
    assert window.view_state.weights.origin == "checkpoint"
    bring_to_front(qtbot, window, "softmax_weights")
    templates = window.panels["softmax_weights"]
    W = model.W.detach().numpy()
    qtbot.waitUntil(lambda: templates.mosaic.tile(0) is not None
                    and np.allclose(templates.mosaic.tile(5), W[:, 5].reshape(28, 28), atol=1e-6), timeout=5000)
    qtbot.waitUntil(lambda: window.panels["canvas"].source_key == ("file", str(path)), timeout=10_000)

    # during a run the panels keep showing the run; the canvas answers with the checkpoint
    window.controls.set_config(SOFTMAX.replace(steps=10_000_000, eval_every=0))
    with qtbot.waitSignal(window.controller.steps, timeout=TIMEOUT_MS):
        window.actions["start"].trigger()
    assert window.keeper.open_model(str(path))
    assert window.view_state.weights.origin == "live"
    assert "keep showing the run" in window.status.currentMessage()
    window.actions["stop"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    trained = window.controller.trainer.state_copy()["W"].numpy()
    qtbot.waitUntil(lambda: np.allclose(templates.mosaic.tile(5), trained[:, 5].reshape(28, 28), atol=1e-6),
                    timeout=5000)


def test_the_canvas_model_choice_sets_what_every_panel_shows(qtbot, main_window):
    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded and window.view_state.weights is not None, timeout=TIMEOUT_MS)
    assert window.controls.current_model() == "softmax"
    canvas = window.panels["canvas"]
    combo = canvas.source_combo
    index = combo.keys.index(("pretrained", "cnn"))
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # the user picks "Pretrained CNN" in the canvas
    assert window.view_state.weights.origin == "shipped" and window.view_state.weights.model == "cnn"
    assert window.controls.current_model() == "cnn"  # the window shows the CNN's panels
    bring_to_front(qtbot, window, "filters")
    filters = window.panels["filters"]
    shipped = Predictor.pretrained("cnn").model.conv1.weight.detach().numpy()[:, 0]
    qtbot.waitUntil(lambda: filters.conv1_mosaic.tile(0) is not None
                    and np.allclose(filters.conv1_mosaic.tile(4), shipped[4], atol=1e-6), timeout=10_000)


def test_a_layer_switched_on_when_idle_is_drawn_for_the_runs_weights(qtbot, main_window):
    import torch

    window = main_window
    run_to_the_end(qtbot, window, CNN)
    bring_to_front(qtbot, window, "feature_maps")
    panel = window.panels["feature_maps"]
    panel.layer_toggles["conv2"].setChecked(False)
    panel.layer_views["conv2"].clear()
    panel.layer_toggles["conv2"].setChecked(True)  # switched on again: computed for the finished run
    model = final_predictor(window).model
    image = probe_image(window, int(panel.probe_index))
    with torch.inference_mode():
        conv2 = model.activations(torch.as_tensor(image).reshape(1, 1, 28, 28))["conv2"][0].numpy()
    qtbot.waitUntil(lambda: panel.layer_views["conv2"].tile(0) is not None, timeout=5000)
    assert np.allclose(panel.layer_views["conv2"].tile(5), conv2[5], atol=1e-5)


def test_the_speed_box_paces_the_run_in_the_window(qtbot, main_window):
    window = main_window
    index = window.controls.pace.findData(2.0)
    window.controls.pace.setCurrentIndex(index)  # "2 steps a second"
    assert window.controller.pace == 2.0
    window.controls.pace.setCurrentIndex(window.controls.pace.findData(None))
    assert window.controller.pace is None


def test_the_speed_is_kept_for_the_next_session(qtbot, mnist_small):
    from mnist_viz.gui.main_window import MainWindow

    first = MainWindow(data=mnist_small)
    qtbot.addWidget(first)
    first.show()
    first.controls.pace.setCurrentIndex(first.controls.pace.findData(10.0))
    first.close()
    second = MainWindow(data=mnist_small)
    qtbot.addWidget(second)
    second.show()
    assert second.controls.current_pace() == 10.0 and second.controller.pace == 10.0
    second.close()


def test_the_distributions_show_no_other_runs_history_beside_a_checkpoint(qtbot, main_window, tmp_path):
    """Distributions is a history of training: beside an opened checkpoint it is empty and says
    why (it used to keep the last run's curves there); back on the run, its history returns."""
    from mnist_viz.core import checkpoints
    from mnist_viz.core.models import build_model

    window = main_window
    distributions = window.panels["distributions"]
    assert "Shown while a run trains" in distributions.readout.text()  # before any run: what it is for
    run_to_the_end(qtbot, window, SOFTMAX)
    bring_to_front(qtbot, window, "distributions")
    qtbot.waitUntil(lambda: distributions.ring is not None and len(distributions.ring.ordered_steps()) > 0,
                    timeout=5000)
    kept = len(distributions.ring.ordered_steps())
    assert distributions.shown_weight_counts.shape[1] == kept

    path = checkpoints.save(tmp_path / "other.pt", build_model("softmax"), SOFTMAX, step=7)
    assert window.keeper.open_model(str(path))
    qtbot.waitUntil(lambda: distributions.ring is None, timeout=5000)
    assert "checkpoint keeps no training history" in distributions.readout.text()
    assert distributions.shown_weight_counts.shape[1] == 0

    assert window.view.choose_key(("live",), window._select_model)  # the canvas's model box: "This run"
    qtbot.waitUntil(lambda: distributions.ring is not None
                    and len(distributions.ring.ordered_steps()) == kept, timeout=5000)
    assert distributions.shown_weight_counts.shape[1] == kept


def test_the_probe_number_box_follows_a_probe_chosen_elsewhere(qtbot, main_window):
    """A probe chosen outside the feature maps (the confusion gallery, the embedding) used to leave
    the panel's number box on the old index beside the new image ("test #0" over a "1")."""
    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded and window.view_state.weights is not None, timeout=TIMEOUT_MS)
    bring_to_front(qtbot, window, "feature_maps")
    panel = window.panels["feature_maps"]
    window.view.set_probe_index(5)
    qtbot.waitUntil(lambda: panel.index_spin.value() == 5, timeout=10_000)
    assert "#5" in panel.probe_label.text()
    assert window.view_state.probe.index == 5  # following the box did not ask for another probe
