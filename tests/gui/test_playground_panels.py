"""Every panel follows the architecture (issue 15, item 5): a three-conv sigmoid network's real
LayerNet, its real weights and the real activations of a real MNIST test image, handed to the
panels by the hub as a snapshot, the way a run or the inspector hands them out.

The filters panel must show every conv layer's kernels tile for tile, the feature maps every
layer's maps, the distributions every layer with a parameter and the saturated sigmoids; the
softmax templates appear for a single-fc network that is not the tutorial's.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow
from torch.nn import functional as F

from mnist_viz.core import events as ev
from mnist_viz.core import networks, stats
from mnist_viz.core.builder import build_model
from mnist_viz.core.data import to_float
from mnist_viz.gui.hub import PanelHub, shows
from mnist_viz.gui.panels.distributions import DistributionsPanel
from mnist_viz.gui.panels.feature_maps import FeatureMapsPanel
from mnist_viz.gui.panels.filters import FiltersPanel
from mnist_viz.gui.panels.softmax_weights import SoftmaxWeightsPanel

SIGMOID_3CONV = "conv3x3-8,sigmoid,maxpool-2,conv3x3-16,sigmoid,maxpool-2,conv3x3-16,sigmoid,fc-10"
PROBE = 7  # a real test image
PNG_PREFIX = "/tmp/panels_playground_"  # pictures of the panels, to look at


def tile_of(mosaic, index: int) -> np.ndarray:
    rows, columns = mosaic.layout_info.tile_slices(index)
    return mosaic.image_item.image[rows, columns]


class PanelsUnderHub:
    """Panels in docks of a shown window, registered with a hub showing ``model``."""

    def __init__(self, qtbot, model: str, panels) -> None:
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        self.hub = PanelHub(self.window)
        self.hub.shown_model = lambda: model
        self.panels = {}
        for panel in panels:
            dock = QDockWidget(panel.panel_id, self.window)
            dock.setWidget(panel)
            self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.hub.add(panel, dock)
            self.panels[panel.panel_id] = panel
        self.window.resize(1400, 1000)
        self.window.show()
        qtbot.waitExposed(self.window)
        for dock in self.hub.docks.values():
            dock.show()
        qtbot.waitUntil(lambda: len(self.hub.visible_panels()) == len(self.hub.panels_for(model)))
        self.hub.dispatch("on_model_selected", model, list(self.hub.panels.values()), replayed=True)

    def save_png(self, name: str) -> None:
        QApplication.processEvents()
        assert self.window.grab().save(f"{PNG_PREFIX}{name}.png")

    def feed(self, snapshot: ev.Snapshot) -> None:
        self.hub.feed_snapshot(snapshot)
        self.hub.flush_snapshot()
        assert not self.hub.errors, self.hub.errors


@pytest.fixture(scope="module")
def sigmoid_run(mnist_small):
    """The network with a seed, one real SGD step on real training images, and the
    parts a run hands out: every weight part, every activation part of test image PROBE, the
    statistics on the first 64 test images."""
    torch.manual_seed(0)
    model = build_model(SIGMOID_3CONV, init="auto", seed=3)
    images = to_float(mnist_small.train.images[:50])
    labels = mnist_small.train.labels[:50].long()
    model.zero_grad()
    F.cross_entropy(model(images), labels).backward()
    with torch.no_grad():
        for parameter in model.parameters():
            parameter -= 0.5 * parameter.grad
    model.zero_grad()
    F.cross_entropy(model(images), labels).backward()  # the gradients of step 1, as right after a step
    probe = to_float(mnist_small.test.images[PROBE:PROBE + 1])
    model.eval()
    with torch.no_grad():
        weights = {name: value.numpy().copy() for name, value in model.weights().items()}
        activations = {name: value[0].numpy().copy() for name, value in model.activations(probe).items()}
    model.train()
    distributions = stats.distributions(model, to_float(mnist_small.test.images[:stats.DEAD_RELU_IMAGES]), step=1)
    return model, weights, activations, distributions, int(mnist_small.test.labels[PROBE])


def test_the_architecture_hands_out_the_parts_the_panels_ask_for(qtbot):
    assert networks.weight_parts(SIGMOID_3CONV) == ("conv1_filters", "conv2_filters", "conv3_filters")
    assert FiltersPanel().parts(SIGMOID_3CONV) == {"conv1_filters", "conv2_filters", "conv3_filters"}
    assert FeatureMapsPanel().parts(SIGMOID_3CONV) == {"input", "conv1", "pool1", "conv2", "pool2", "conv3",
                                                       "probabilities"}
    assert not SoftmaxWeightsPanel.shows(networks.network(SIGMOID_3CONV))


def test_filters_and_feature_maps_show_every_layer_of_a_three_conv_sigmoid_network(qtbot, sigmoid_run):
    model, weights, activations, _, label = sigmoid_run
    under = PanelsUnderHub(qtbot, SIGMOID_3CONV, [FiltersPanel(), FeatureMapsPanel()])
    filters, maps = under.panels["filters"], under.panels["feature_maps"]
    parts = under.hub.visible_parts()
    assert parts == {"conv1_filters", "conv2_filters", "conv3_filters", "input", "conv1", "pool1", "conv2",
                     "pool2", "conv3", "probabilities"}
    arrays = {name: value for name, value in {**weights, **activations}.items() if name in parts}
    under.feed(ev.Snapshot(step=1, arrays=ev.frozen_mapping(arrays), probe_label=label, probe_index=PROBE))

    # Filters: conv1 as images (8 one-channel 3x3 kernels), conv2 and conv3 per input channel.
    assert filters.layers == ("conv1", "conv2", "conv3")
    conv = {name: getattr(model, name).weight.detach().numpy() for name in ("conv1", "conv2", "conv3")}
    conv1 = filters.mosaics["conv1"]
    assert conv1.layout_info.count == 8
    for k in range(8):
        np.testing.assert_allclose(tile_of(conv1, k), conv["conv1"][k, 0], rtol=1e-6)
    for layer, channel in (("conv2", 0), ("conv3", 0)):
        mosaic = filters.mosaics[layer]
        assert mosaic.layout_info.count == conv[layer].shape[0] == 16
        for o in range(16):
            np.testing.assert_allclose(tile_of(mosaic, o), conv[layer][o, channel], rtol=1e-6)
    under.save_png("filters_maps")
    # Another input channel of conv3 (its input is conv2's 16 channels), then all its kernels.
    filters.deep_layer.setCurrentText("conv3")
    assert filters.deep_layer.isVisible() and filters.channel.maximum() == 15
    filters.channel.setValue(11)
    for o in (0, 9, 15):
        np.testing.assert_allclose(tile_of(filters.mosaics["conv3"], o), conv["conv3"][o, 11], rtol=1e-6)
    np.testing.assert_allclose(tile_of(filters.mosaics["conv2"], 4), conv["conv2"][4, 0], rtol=1e-6)  # untouched
    filters.conv2_mode.setCurrentIndex(1)
    mosaic = filters.mosaics["conv3"]
    assert mosaic.layout_info.count == 16 * 16
    np.testing.assert_allclose(tile_of(mosaic, 5 * 16 + 12), conv["conv3"][12, 5], rtol=1e-6)
    assert "conv3 filter 12, input channel 5" in mosaic.describe(5 * 16 + 12)
    # The colours of each layer are its own.
    for layer in ("conv1", "conv2", "conv3"):
        m = np.abs(conv[layer]).max()
        assert filters.mosaics[layer].levels == pytest.approx((-m, m))
    assert filters.measures.text().startswith("conv3: 16 filters")  # the measures follow the layer shown

    # Feature maps: a switch and a view for every layer, in order, each the real activations.
    assert list(maps.layer_toggles) == ["conv1", "pool1", "conv2", "pool2", "conv3"]
    shapes = {"conv1": (8, 28, 28), "pool1": (8, 14, 14), "conv2": (16, 14, 14), "pool2": (16, 7, 7),
              "conv3": (16, 7, 7)}
    for name, shape in shapes.items():
        view = maps.layer_views[name]
        assert view.isVisible()
        assert activations[name].shape == shape and view.layout_info.count == shape[0]
        for k in range(shape[0]):
            np.testing.assert_allclose(tile_of(view, k), activations[name][k], rtol=1e-6)
        assert view.levels[0] == 0.0, "sigmoid outputs are never negative: coloured from 0"
    conv3 = activations["conv3"]
    assert 0 < conv3.min() and conv3.max() < 1  # the sigmoid's, after a real step
    np.testing.assert_allclose(maps.input_view.tile(0), activations["input"], rtol=1e-6)
    np.testing.assert_allclose(maps.probability_chart.probabilities, activations["probabilities"], rtol=1e-6)
    assert not maps.evidence_view.isVisible()
    # A switched-off layer is no longer asked for, nor shown.
    maps.layer_toggles["pool2"].setChecked(False)
    assert "pool2" not in maps.parts(SIGMOID_3CONV) and not maps.layer_views["pool2"].isVisible()
    # The Network panel's choice of a layer reaches both.
    under.hub.choose_layer("network", "conv3")
    assert filters.chosen_layer == "conv3" and filters.mosaics["conv3"].title_item.text.startswith("▶ ")
    assert maps.chosen_layer == "conv3"


def test_distributions_show_every_layer_with_a_parameter_and_the_saturated_sigmoids(qtbot, sigmoid_run):
    model, _, _, distributions, _ = sigmoid_run
    under = PanelsUnderHub(qtbot, SIGMOID_3CONV, [DistributionsPanel()])
    panel = under.panels["distributions"]
    assert under.hub.visible_parts() == {stats.PART}
    under.feed(ev.Snapshot(step=1, arrays=ev.frozen_mapping(distributions)))
    layers = ["conv1", "conv2", "conv3", "fc1"]
    assert [panel.layer_combo.itemText(i) for i in range(panel.layer_combo.count())] == layers
    for name in layers:
        panel.set_layer(name)
        weight = getattr(model, name).weight
        assert panel.shown_weight_counts[:, -1].sum() == weight.numel()
        np.testing.assert_array_equal(panel.shown_gradient_counts[:, -1], distributions[f"dist/{name}/gradient_counts"])
        _, y = panel.norm_curves[name].getData()
        assert 10 ** y[-1] == pytest.approx(float(weight.grad.norm()), rel=1e-5)
    # The three sigmoids: saturated fractions, not dead ones.
    assert panel.activation_layers == {"conv1": stats.SATURATED, "conv2": stats.SATURATED, "conv3": stats.SATURATED}
    assert panel.dead_plot.isVisible() and panel.dead_plot.titleLabel.text == "saturated units %"
    for name in ("conv1", "conv2", "conv3"):
        fraction = float(distributions[f"dist/{name}/saturated_fraction"])
        assert panel.dead_curves[name].getData()[1][-1] == pytest.approx(100 * fraction)
    panel.set_layer("conv2")
    assert "% saturated" in panel.readout.text() and "dead" not in panel.readout.text()
    under.save_png("distributions")


def test_softmax_templates_show_for_any_single_fc_network(qtbot, mnist_small):
    model_id = "bn,fc-10"
    assert SoftmaxWeightsPanel.shows(networks.network(model_id))
    model = build_model(model_id, init="auto", seed=1)
    templates = model.weights()["softmax_weights"].numpy()
    under = PanelsUnderHub(qtbot, model_id, [SoftmaxWeightsPanel(), FiltersPanel()])
    assert under.hub.panels_for(model_id) == [under.panels["softmax_weights"]]  # no conv: no filters
    assert under.hub.visible_parts() == {"softmax_weights"}
    under.feed(ev.Snapshot(step=0, arrays=ev.frozen_mapping({"softmax_weights": templates})))
    mosaic = under.panels["softmax_weights"].mosaic
    for k in (0, 4, 9):
        np.testing.assert_allclose(tile_of(mosaic, k), templates[k], rtol=1e-6)
    assert not shows(SoftmaxWeightsPanel, "cnn")


# ------------------------------------------------------------------ the real window
WINDOW_TIMEOUT_MS = 120_000


def test_a_three_conv_sigmoid_network_from_the_editor_trains_and_every_panel_follows_it(qtbot, main_window):
    window = main_window
    qtbot.waitUntil(lambda: window.torch_loaded, timeout=WINDOW_TIMEOUT_MS)
    controls = window.controls
    controls.model.setCurrentIndex(controls.model.findData("own"))
    controls.network.set_arch(SIGMOID_3CONV)
    controls.network.arch_changed.emit(controls.network.arch())
    assert controls.current_model() == SIGMOID_3CONV
    controls.set_config(controls.config().replace(steps=6, eval_every=0, batch_size=20, device="cpu"))
    for pid in ("filters", "feature_maps"):
        window.docks[pid].show()
        window.docks[pid].raise_()
    with qtbot.waitSignal(window.controller.finished, timeout=WINDOW_TIMEOUT_MS) as finished:
        window.actions["start"].trigger()
    assert finished.args[0].step == 6
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=WINDOW_TIMEOUT_MS)
    model = window.controller.trainer.model
    filters, maps = window.panels["filters"], window.panels["feature_maps"]
    conv = {name: getattr(model, name).weight.detach().cpu().numpy() for name in ("conv1", "conv2", "conv3")}
    probe_index = maps.probe_index
    model.eval()
    with torch.no_grad():
        probe = to_float(window.controller.trainer.test_set.images[probe_index:probe_index + 1].cpu())
        activations = {name: value[0].cpu().numpy() for name, value in model.activations(probe).items()}

    def panels_show_the_trained_network() -> None:
        assert filters.layers == ("conv1", "conv2", "conv3") and filters.step == 6
        for k in range(8):
            np.testing.assert_allclose(tile_of(filters.mosaics["conv1"], k), conv["conv1"][k, 0], rtol=1e-5,
                                       atol=1e-7)
        for layer in ("conv2", "conv3"):
            for o in range(conv[layer].shape[0]):
                np.testing.assert_allclose(tile_of(filters.mosaics[layer], o), conv[layer][o, 0], rtol=1e-5,
                                           atol=1e-7)
        assert list(maps.layer_views) == ["conv1", "pool1", "conv2", "pool2", "conv3"]
        for name, view in maps.layer_views.items():
            assert view.layout_info is not None and view.layout_info.count == activations[name].shape[0]
            for k in range(activations[name].shape[0]):
                np.testing.assert_allclose(tile_of(view, k), activations[name][k], rtol=1e-5, atol=1e-6)

    qtbot.waitUntil(panels_show_the_trained_network, timeout=WINDOW_TIMEOUT_MS)
    assert window.panel_errors == []
    # Distributions, shown after the run: its history of every layer and the saturated sigmoids.
    window.docks["distributions"].show()
    window.docks["distributions"].raise_()
    distributions = window.panels["distributions"]
    qtbot.waitUntil(lambda: distributions.layers == ["conv1", "conv2", "conv3", "fc1"], timeout=WINDOW_TIMEOUT_MS)
    assert distributions.activation_layers == dict.fromkeys(("conv1", "conv2", "conv3"), stats.SATURATED)
    assert distributions.dead_plot.titleLabel.text == "saturated units %"
    QApplication.processEvents()
    window.grab().save(f"{PNG_PREFIX}window.png")


MIXED = "bn,conv3x3-4,relu,maxpool-2,conv3x3-6,tanh,dropout-0.2,gelu,fc-29,leakyrelu,bn,fc-10"


def test_feature_maps_show_every_layer_of_a_mixed_network_signed_ones_around_zero(qtbot, mnist_small):
    model = build_model(MIXED, init="auto", seed=2)
    probe = to_float(mnist_small.test.images[PROBE:PROBE + 1])
    model.eval()
    with torch.no_grad():
        activations = {name: value[0].numpy().copy() for name, value in model.activations(probe).items()}
    under = PanelsUnderHub(qtbot, MIXED, [FeatureMapsPanel()])
    maps = under.panels["feature_maps"]
    # bn1 comes first (its own part), gelu1 follows a dropout (its own part), fc1 = bn(leakyrelu(fc)).
    assert list(maps.layer_views) == ["bn1", "conv1", "pool1", "conv2", "gelu1", "fc1"]
    parts = under.hub.visible_parts()
    under.feed(ev.Snapshot(step=0, arrays=ev.frozen_mapping({name: activations[name] for name in parts}),
                           probe_index=PROBE))
    for name in ("bn1", "conv1", "pool1", "conv2", "gelu1"):
        view = maps.layer_views[name]
        for k in range(len(activations[name])):
            np.testing.assert_allclose(tile_of(view, k), activations[name][k], rtol=1e-6)
    # after a ReLU (and its pool): from 0; bn, tanh, gelu and the leaky fc can go below 0: around 0
    assert [maps.layer_signs[name] for name in maps.layer_views] == [True, False, False, True, True, True]
    for name, signed in maps.layer_signs.items():
        low, high = maps.layer_views[name].levels
        assert (low == -high) if signed else low == 0.0
    # fc1's 29 units: one 6-wide tile, row by row, the last place empty (drawn as the gap)
    tile = tile_of(maps.layer_views["fc1"], 0)
    assert tile.shape == (5, 6)
    np.testing.assert_allclose(tile.reshape(-1)[:29], activations["fc1"], rtol=1e-6)
    assert np.isnan(tile[-1, -1])
    assert maps.layer_views["fc1"].describe(0).startswith("fc1: its 29 units as 5×6")


def test_back_to_the_tutorial_cnn_the_panels_look_as_before(qtbot, sigmoid_run):
    under = PanelsUnderHub(qtbot, SIGMOID_3CONV, [FiltersPanel(), FeatureMapsPanel()])
    filters, maps = under.panels["filters"], under.panels["feature_maps"]
    assert filters.deep_layer.isVisible() and not filters.deep_label.isVisible()
    under.hub.dispatch("on_model_selected", "cnn", list(under.hub.panels.values()), replayed=True)
    assert filters.layers == ("conv1", "conv2") and list(filters.fixed_range) == ["conv1", "conv2"]
    assert not filters.deep_layer.isVisible() and filters.deep_label.text() == "conv2:"
    assert filters.conv2_mode.itemText(1) == "all 64×32" and filters.channel.maximum() == 31
    assert filters.conv1_mosaic.columns == 8 and filters.conv2_mosaic.columns == 16
    assert list(maps.layer_toggles) == ["conv1", "pool1", "conv2", "pool2", "fc1"]
    # the tutorial's grid: fc1 beside the input, the probabilities beside it, conv/pool pairs under them
    assert maps.grid.getItemPosition(maps.grid.indexOf(maps.layer_views["fc1"])) == (0, 2, 1, 2)
    assert maps.grid.getItemPosition(maps.grid.indexOf(maps.probability_chart)) == (0, 4, 1, 2)
    assert maps.grid.getItemPosition(maps.grid.indexOf(maps.layer_views["pool2"])) == (2, 3, 1, 3)
    under.hub.dispatch("on_model_selected", "softmax", list(under.hub.panels.values()), replayed=True)
    assert maps.evidence_view.isVisible() and not maps.layers_row.isVisible()
