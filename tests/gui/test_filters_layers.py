"""The Filters panel follows the layer it shows (issue 15, item 5): the distinct/structure line
and Capture are of the conv layer chosen (the box beside Capture, the deeper-conv box or the
Network panel), whatever its depth, each layer keeps its own filmstrip, and switching layers
says where the other captures are. On real weights: the shipped CNN (trained on MNIST) and
freshly initialised networks; no training here."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from mnist_viz.core import checkpoints
from mnist_viz.core import events as ev
from mnist_viz.core.builder import build_model
from mnist_viz.core.filter_structure import kernel_structure
from mnist_viz.gui.panels.filters import FiltersPanel

ONE_BY_ONE = "conv3x3-8,relu,maxpool-2,conv3x3-16,relu,conv1x1-12,relu,fc-10"


def numpy_weights(model) -> dict[str, np.ndarray]:
    return {name: value.detach().cpu().numpy().copy() for name, value in model.weights().items()}


@pytest.fixture(scope="module")
def weights() -> dict[str, dict[str, np.ndarray]]:
    """The shipped CNN's conv weights, a fresh CNN's, an 'All equal' CNN's, and a network with a 1x1 conv."""
    shipped, _ = checkpoints.load_model(checkpoints.pretrained_path("cnn"))
    return {"shipped": numpy_weights(shipped), "fresh": numpy_weights(build_model("cnn", init="tutorial", seed=1)),
            "constant": numpy_weights(build_model("cnn", init="constant", seed=1)),
            "one_by_one": numpy_weights(build_model(ONE_BY_ONE, seed=1))}


@pytest.fixture
def panel(qtbot) -> FiltersPanel:
    panel = FiltersPanel()
    qtbot.addWidget(panel)
    panel.resize(683, 600)  # half of a 1366x768 screen
    panel.show()
    qtbot.waitExposed(panel)
    panel.on_model_selected("cnn")
    return panel


def shown_pictures(panel: FiltersPanel) -> list:
    return [label.pixmap() for label in panel.filmstrip.strip.findChildren(QLabel)
            if label.isVisibleTo(panel.filmstrip) and not label.pixmap().isNull()]


def test_the_line_measures_the_layer_chosen_in_the_panel_or_in_the_network_panel(panel, weights):
    shipped = weights["shipped"]
    panel.on_snapshot(ev.Snapshot(step=0, arrays=shipped))
    assert panel.focus.isVisible() and panel.focus.currentText() == "conv1"
    assert panel.measures.text().startswith("conv1: 32 filters, 32 distinct")
    panel.focus.setCurrentText("conv2")
    structure = kernel_structure(shipped["conv2_filters"])
    assert panel.measures.text() == \
        f"conv2: 64 filters, 64 distinct · structure {structure:.2f} (noise ≈ 0, smooth ≈ 1)"
    assert panel.diversity.count == 64
    assert panel.mosaics["conv2"].title_item.text.startswith("▶ ")
    assert not panel.mosaics["conv1"].title_item.text.startswith("▶ ")
    # the Network panel's block chooses it too, and the box follows
    panel.on_layer_chosen("conv1")
    assert panel.focus.currentText() == "conv1" and panel.measures.text().startswith("conv1: 32 filters")


def test_a_trained_conv2_and_a_fresh_one_read_differently(panel, weights):
    """What a user compares: the shipped CNN's conv2 measures as structure, a fresh one as noise;
    an 'All equal' start has 64 copies of one filter."""
    panel.focus.setCurrentText("conv2")
    lines = {}
    for name in ("shipped", "fresh", "constant"):
        panel.on_snapshot(ev.Snapshot(step=0, arrays=weights[name]))
        lines[name] = panel.measures.text()
    trained, fresh = (float(lines[name].split("structure ")[1].split()[0]) for name in ("shipped", "fresh"))
    assert trained > fresh + 0.1 and fresh < 0.05, lines
    assert lines["constant"].startswith("conv2: 64 filters, 1 distinct"), lines["constant"]
    assert lines["shipped"].startswith("conv2: 64 filters, 64 distinct")


def test_the_change_of_a_deeper_layer_is_measured_too(panel, weights):
    """Step 0 a fresh conv2, step 5 the trained one: the line gives the structure of the change of conv2."""
    panel.on_snapshot(ev.Snapshot(step=0, arrays=weights["fresh"]))
    panel.on_snapshot(ev.Snapshot(step=5, arrays=weights["shipped"]))
    panel.focus.setCurrentText("conv2")
    change = weights["shipped"]["conv2_filters"] - weights["fresh"]["conv2_filters"]
    assert f"of the change since step 0: {kernel_structure(change):.2f}" in panel.measures.text()
    assert panel.measures.text().startswith("conv2: ")


def test_each_layer_keeps_its_own_filmstrip_and_switching_says_where_the_others_are(panel, weights, tmp_path):
    panel.on_snapshot(ev.Snapshot(step=0, arrays=weights["fresh"]))
    panel.focus.setCurrentText("conv2")
    panel.capture_button.click()
    panel.on_snapshot(ev.Snapshot(step=40, arrays=weights["shipped"]))
    panel.capture_button.click()
    assert panel.filmstrip.frames == ["conv2 · step 0\nfilters", "conv2 · step 40\nfilters"]
    pictures = shown_pictures(panel)
    assert len(pictures) == 2
    # the picture is conv2's mosaic (64 tiles in 16 columns: wider than tall), not conv1's (8 x 4)
    conv2_shape = panel.mosaics["conv2"].graphics.grab()
    assert pictures[1].width() / pictures[1].height() == pytest.approx(conv2_shape.width() / conv2_shape.height(),
                                                                       rel=0.05)
    # conv1 shown: its strip (empty), and one line saying conv2's captures are kept
    panel.focus.setCurrentText("conv1")
    assert panel.filmstrip.frames == [] and panel.filmstrip.isVisible()
    assert shown_pictures(panel) == []
    assert panel.filmstrip.note.isVisible() and "conv2 (2)" in panel.filmstrip.note.text()
    assert not panel.clear_button.isEnabled()
    panel.capture_button.click()
    assert panel.filmstrip.frames == ["conv1 · step 40\nfilters"]
    panel.grab().save(str(tmp_path / "filters_conv1_strip.png"))
    # back to conv2: its two frames again; Clear strip clears conv2's only
    panel.on_layer_chosen("conv2")
    assert len(panel.filmstrip.frames) == 2 and len(shown_pictures(panel)) == 2
    panel.clear_button.click()
    assert panel.filmstrip.frames == [] and "conv1 (1)" in panel.filmstrip.note.text()
    panel.focus.setCurrentText("conv1")
    assert panel.filmstrip.frames == ["conv1 · step 40\nfilters"] and not panel.filmstrip.note.isVisible()
    panel.clear_button.click()
    assert not panel.filmstrip.isVisible()


def test_another_network_does_not_show_the_captures_of_this_one(panel, weights):
    """Another network's conv1 is another layer: its strips stay apart, and come back with the network."""
    panel.on_snapshot(ev.Snapshot(step=0, arrays=weights["shipped"]))
    panel.capture_button.click()
    assert panel.filmstrip.frames == ["conv1 · step 0\nfilters"]
    panel.on_model_selected(ONE_BY_ONE)
    panel.on_snapshot(ev.Snapshot(step=0, arrays=weights["one_by_one"]))
    assert panel.layers == ("conv1", "conv2", "conv3")
    assert panel.filmstrip.frames == [] and not panel.filmstrip.isVisible()
    panel.on_model_selected("cnn")
    assert panel.filmstrip.frames == ["conv1 · step 0\nfilters"] and panel.filmstrip.isVisible()


def test_a_1x1_conv_is_counted_and_says_it_has_no_structure(panel, weights):
    panel.on_model_selected(ONE_BY_ONE)
    panel.on_snapshot(ev.Snapshot(step=0, arrays=weights["one_by_one"]))
    panel.on_layer_chosen("conv3")
    assert panel.deep_layer.currentText() == "conv3" and panel.focus.currentText() == "conv3"
    assert panel.measures.text() == "conv3: 12 filters, 12 distinct · no structure to measure in 1×1 kernels"
    # the deeper-conv box chooses the layer shown too
    panel.deep_layer.setCurrentText("conv2")
    assert panel.focus.currentText() == "conv2" and panel.measures.text().startswith("conv2: 16 filters")
