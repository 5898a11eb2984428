"""The Network panel (issue 15, item 4), in the real window with the shipped models: one block
per activation part, labelled with its name and shape as core.arch.describe gives them;
thumbnails that are the probe's real activations and follow the probe; a click on a block
makes the feature maps (and, for a conv, the filters) show that layer."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from mnist_viz.core import arch
from mnist_viz.core.inference import Predictor
from mnist_viz.core.training import DEFAULT_PRESET, preset

TIMEOUT_MS = 60_000
CNN_LABELS = ["input 1×28×28", "conv1 32×28×28", "pool1 32×14×14", "conv2 64×14×14", "pool2 64×7×7", "fc1 1024",
              "probabilities 10"]


def show_model(qtbot, window, model: str):
    """Choose ``model`` in the controls (idle: its shipped weights are shown) and bring the Network
    panel to the front; the panel once every block has its picture."""
    window.controls.set_config(preset(DEFAULT_PRESET[model]))
    qtbot.waitUntil(lambda: window.torch_loaded and window.view_state.weights is not None
                    and window.view_state.weights.model == model, timeout=TIMEOUT_MS)
    for pid in ("network", "feature_maps"):
        window.docks[pid].show()
        window.docks[pid].raise_()
    panel = window.panels["network"]
    qtbot.waitUntil(lambda: panel in window.visible_panels() and window.panels["feature_maps"] in window.visible_panels(),
                    timeout=5000)
    qtbot.waitUntil(lambda: set(panel.diagram.thumbnails) == {b.part for b in panel.diagram.blocks}, timeout=TIMEOUT_MS)
    return panel


def probe_image(window, index: int) -> np.ndarray:
    return window.mnist.test.images[index].numpy().astype(np.float32) / 255.0


def activations(model: str, image: np.ndarray) -> dict[str, np.ndarray]:
    import torch

    network = Predictor.pretrained("softmax-plain" if model == "softmax" else model).model  # the window shows the plain fc-10
    with torch.inference_mode():
        return {name: value[0].numpy() for name, value in
                network.activations(torch.as_tensor(image).reshape(1, 1, 28, 28)).items()}


def strongest(maps: np.ndarray) -> tuple[int, np.ndarray]:
    channel = int(np.argmax(maps.reshape(len(maps), -1).mean(axis=1)))
    return channel, maps[channel]


def shows(panel, expected: dict[str, np.ndarray]) -> bool:
    """Every block's picture is the probe's activation there (the strongest channel of a stack)."""
    thumbnails = panel.diagram.thumbnails
    for block in panel.diagram.blocks:
        thumb, values = thumbnails.get(block.part), expected[block.part]
        if thumb is None:
            return False
        if values.ndim == 3:
            channel, values = strongest(values)
            if thumb.channel != channel:
                return False
        if thumb.values.shape != values.shape or not np.allclose(thumb.values, values, atol=1e-5):
            return False
    return True


@pytest.mark.parametrize("model, architecture", [("softmax", arch.SOFTMAX), ("cnn", arch.TUTORIAL_CNN)])
def test_a_block_per_part_labelled_with_its_name_and_shape(qtbot, main_window, model, architecture):
    panel = show_model(qtbot, main_window, model)
    description = arch.describe(architecture)
    parts = [part for part in description.activation_parts if part != "evidence"]
    assert [block.part for block in panel.diagram.blocks] == parts
    expected = ["input 1×28×28"] + [f"{part} {'×'.join(map(str, description.part_shapes[part]))}" for part in parts[1:]]
    assert panel.block_labels() == expected
    if model == "cnn":
        assert panel.block_labels() == CNN_LABELS
    else:
        assert panel.block_labels() == ["input 1×28×28", "probabilities 10"]
    # left to right, apart, and inside the panel (nothing cut off at the window's size)
    rects = [panel.diagram.block_rect(part) for part in parts]
    assert all(a.right() < b.left() for a, b in zip(rects, rects[1:]))
    assert all(panel.diagram.rect().contains(rect.toAlignedRect()) for rect in rects)
    assert f"{description.params:,} parameters" in panel.legend.text()
    # what the numbers mean
    assert ("channels × height × width" if model == "cnn" else "1 channel of 28×28 pixels") in panel.legend.text()
    # the layers that turn one block into the next are named on the arrows
    assert panel.diagram.blocks[-1].ops[-2:] == ("fc-10", "softmax")
    assert main_window.panel_errors == []


@pytest.mark.parametrize("model", ["softmax", "cnn"])
def test_the_thumbnails_are_the_probes_activations_and_follow_the_probe(qtbot, main_window, model):
    window = main_window
    panel = show_model(qtbot, window, model)
    maps = window.panels["feature_maps"]
    first = int(maps.probe_index)
    qtbot.waitUntil(lambda: shows(panel, activations(model, probe_image(window, first))), timeout=10_000)
    before = {part: thumb.values.copy() for part, thumb in panel.diagram.thumbnails.items()}

    labels = window.mnist.test.labels.numpy()
    new = int(np.flatnonzero(labels != labels[first])[0])  # another digit
    maps.index_spin.setValue(new)  # the user picks another test image
    expected = activations(model, probe_image(window, new))
    qtbot.waitUntil(lambda: shows(panel, expected), timeout=10_000)
    for part, thumb in panel.diagram.thumbnails.items():
        assert not np.array_equal(thumb.values, before[part]), part
    assert f"predicted {int(np.argmax(expected['probabilities']))}" in panel.diagram.describe("probabilities")
    assert window.panel_errors == []


def click_block(qtbot, panel, part: str) -> None:
    centre = panel.diagram.block_rect(part).center().toPoint()
    qtbot.mouseClick(panel.diagram, Qt.MouseButton.LeftButton, pos=centre)


def test_a_click_on_a_block_makes_the_feature_maps_show_that_layer(qtbot, main_window):
    window = main_window
    panel = show_model(qtbot, window, "cnn")
    maps, filters = window.panels["feature_maps"], window.panels["filters"]
    maps.layer_toggles["conv2"].setChecked(False)  # the user had switched conv2 off
    assert maps.layer_views["conv2"].isHidden()
    labels = window.mnist.test.labels.numpy()
    new = int(np.flatnonzero(labels != labels[int(maps.probe_index)])[0])
    maps.index_spin.setValue(new)  # and picked another image since

    click_block(qtbot, panel, "conv2")
    assert maps.layer_toggles["conv2"].isChecked() and maps.layer_views["conv2"].isVisible()
    assert maps.chosen_layer == "conv2" and maps.layer_views["conv2"].title_item.text.startswith("▶")
    assert filters.chosen_layer == "conv2"  # its filters get the room
    assert panel.diagram.chosen == "conv2"  # and the block is marked
    # conv2's maps are those of the probe now shown
    expected = activations("cnn", probe_image(window, new))["conv2"]
    qtbot.waitUntil(lambda: maps.layer_views["conv2"].tile(0) is not None
                    and np.allclose(maps.layer_views["conv2"].tile(9), expected[9], atol=1e-5), timeout=10_000)

    click_block(qtbot, panel, "pool1")  # not a conv: the filters keep their choice
    assert maps.chosen_layer == "pool1" and not maps.layer_views["conv2"].title_item.text.startswith("▶")
    assert filters.chosen_layer == "conv2"
    assert window.panel_errors == []


DEEP = ("conv3x3-16,bn,relu,conv3x3-16,relu,maxpool-2,conv3x3-32,tanh,maxpool-2,conv3x3-64,relu,maxpool-2,"
        "fc-256,relu,dropout-0.3,fc-128,sigmoid,fc-10")


def label_boxes(diagram) -> list[tuple[float, float]]:
    from PySide6.QtGui import QFontMetricsF

    metrics = QFontMetricsF(diagram.label_font)
    boxes = []
    for block in diagram.blocks:
        centre = diagram.block_rect(block.part).center().x()
        for text in (block.part, block.label.split(" ", 1)[1]):
            half = metrics.horizontalAdvance(text) / 2
            boxes.append((block.part, centre - half, centre + half))
    return boxes


@pytest.mark.parametrize("width", [800, 420])
def test_a_long_network_stays_legible_and_scrolls_when_the_panel_is_narrow(qtbot, width):
    from mnist_viz.gui.panels.network import NetworkPanel
    from mnist_viz.gui.widgets.network_diagram import MIN_UNIT

    panel = NetworkPanel()
    qtbot.addWidget(panel)
    panel.resize(width, 230)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_model(DEEP)
    diagram = panel.diagram
    assert len(diagram.blocks) == 11 and diagram.blocks[-1].part == "probabilities"
    rects = [diagram.block_rect(block.part) for block in diagram.blocks]
    assert all(a.right() < b.left() for a, b in zip(rects, rects[1:]))
    assert all(diagram.rect().contains(rect.toAlignedRect()) for rect in rects)
    assert diagram.block_rect("input").height() >= MIN_UNIT  # never shrunk to a speck
    boxes = label_boxes(diagram)  # name, shape, name, shape...
    for row in (boxes[::2], boxes[1::2]):
        for (part_a, _, right_a), (part_b, left_b, _) in zip(row, row[1:]):
            assert right_a < left_b, (part_a, part_b)  # the names and shapes do not run into each other
    scrolls = panel.scroll.horizontalScrollBar().maximum() > 0
    assert scrolls == (width == 420)


def test_an_architecture_it_cannot_draw_says_why(qtbot):
    from mnist_viz.gui.panels.network import NetworkPanel

    panel = NetworkPanel()
    qtbot.addWidget(panel)
    panel.set_model("conv5x5-32,fc-1024,maxpool-2,fc-10")
    assert panel.diagram.blocks == [] and panel.parts("conv5x5-32,fc-1024,maxpool-2,fc-10") == set()
    assert "Cannot draw the network" in panel.diagram.message and "layer 3" in panel.diagram.message
    panel.grab()  # paints the message, no exception
    panel.set_model("cnn")
    assert panel.block_labels() == CNN_LABELS
