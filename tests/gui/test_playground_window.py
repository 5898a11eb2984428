"""The playground in the real window (issue 15): a network of one's own chosen in the control
panel's editor trains, and the window's parts follow it (the Network panel, the model files)."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_viz.core import checkpoints, networks
from mnist_viz.core.training import TrainConfig

TIMEOUT_MS = 120_000
THREE_SIGMOID_CONVS = "conv3x3-8,sigmoid,maxpool-2,conv3x3-8,sigmoid,maxpool-2,conv3x3-16,sigmoid,fc-10"


def choose_own_network(window, text: str) -> None:
    controls = window.controls
    controls.model.setCurrentIndex(controls.model.findData("own"))
    controls.network.set_arch(text)
    controls.network.arch_changed.emit(controls.network.arch())


def test_a_network_of_ones_own_trains_in_the_window(qtbot, main_window, tmp_path):
    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded, timeout=TIMEOUT_MS)
    choose_own_network(window, THREE_SIGMOID_CONVS)
    assert window.controls.current_model() == THREE_SIGMOID_CONVS
    config = window.controls.config()
    assert config.model == THREE_SIGMOID_CONVS and config.arch == THREE_SIGMOID_CONVS
    # the window shows this network's panels: filters (it has convolutions), no softmax templates
    assert not window.docks["filters"].isHidden() and window.docks["softmax_weights"].isHidden()
    network_panel = window.panels["network"]
    labels = network_panel.block_labels()
    assert [label.split()[0] for label in labels][:4] == ["input", "conv1", "pool1", "conv2"]

    window.controls.set_config(config.replace(steps=8, eval_every=4, batch_size=20, device="cpu"))
    assert window.controls.current_model() == THREE_SIGMOID_CONVS
    with qtbot.waitSignal(window.controller.finished, timeout=TIMEOUT_MS) as finished:
        window.actions["start"].trigger()
    assert finished.args[0].reason == "completed" and finished.args[0].step == 8
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    assert window.panel_errors == [] and window.last_message is None
    assert window.view_state.weights.model == THREE_SIGMOID_CONVS

    path = window.keeper.save_model(tmp_path / "mine.pt")
    model, checkpoint = checkpoints.load_model(path)
    assert checkpoint.model_name == THREE_SIGMOID_CONVS
    trained = window.controller.trainer.state_copy()
    assert all(np.array_equal(model.state_dict()[k].numpy(), v.numpy()) for k, v in trained.items())


def test_a_bad_network_is_explained_beside_the_editor_and_nothing_starts(qtbot, main_window):
    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded, timeout=TIMEOUT_MS)
    controls = window.controls
    controls.model.setCurrentIndex(controls.model.findData("own"))
    controls.network.set_arch("conv3x3-8,relu,maxpool-4,maxpool-4,maxpool-4,fc-10")
    assert controls.network.arch() is None
    error = controls.network.error
    assert "maxpool-4" in error and "\n" not in error
    with pytest.raises(ValueError):
        controls.config()
    assert not window.start_training()
    assert not window.controller.running


def test_the_l2_penalty_is_a_setting_that_applies_live(qtbot, main_window):
    """Issue 15 item 6: the L2 penalty in the window, into the run's config, changed live."""
    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded, timeout=TIMEOUT_MS)
    controls = window.controls
    assert controls.config().l2 == 0.0 and controls.l2.text() == "none"
    controls.set_config(TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01,
                                    batch_size=50, steps=10_000_000, eval_every=0, device="cpu", l2=1e-3))
    assert controls.config().l2 == pytest.approx(1e-3)
    with qtbot.waitSignal(window.controller.steps, timeout=TIMEOUT_MS):
        window.actions["start"].trigger()
    trainer = window.controller.trainer
    assert trainer.l2 == pytest.approx(1e-3)
    controls.l2.setValue(1e-2)  # while it trains: the box stays enabled and the run takes it
    assert controls.l2.isEnabled()
    qtbot.waitUntil(lambda: trainer.l2 == pytest.approx(1e-2), timeout=TIMEOUT_MS)
    window.actions["stop"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)


def test_open_model_shows_a_checkpoint_of_any_network_whichever_is_chosen(qtbot, main_window, tmp_path):
    """File > Open model with the softmax model chosen and a checkpoint of a network of one's own:
    it used to be refused ("choose that model under Training first": an architecture the user
    would have had to type); now the window switches to its network and every panel shows it."""
    from mnist_viz.core.builder import build_model

    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded and window.view_state.weights is not None, timeout=TIMEOUT_MS)
    assert window.controls.current_model() == "softmax"
    model = build_model(THREE_SIGMOID_CONVS, init="auto", seed=4)
    path = checkpoints.save(tmp_path / "mine.pt", model, step=9)
    assert window.keeper.open_model(str(path))
    assert window.view_state.weights.origin == "checkpoint"
    assert window.controls.current_model() == THREE_SIGMOID_CONVS
    assert window.controls.model.currentData() == "own" and window.controls.network.arch() == THREE_SIGMOID_CONVS
    assert "every panel shows it" in window.status.currentMessage()
    dock = window.docks["filters"]
    dock.show()
    dock.raise_()
    filters = window.panels["filters"]
    expected = model.weights()["conv3_filters"].numpy()
    qtbot.waitUntil(lambda: filters.filters.get("conv3") is not None
                    and np.allclose(filters.filters["conv3"], expected, atol=1e-6), timeout=TIMEOUT_MS)
    assert window.panel_errors == []
