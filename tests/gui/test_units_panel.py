"""The units panel: the layers the model really has, a unit's 9 images are the real top 9 of
its activation over the test set with the real receptive field outlined, and the image
optimised for it, shown as it forms, excites it over 3x what the mean test image does."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnist_viz.core import checkpoints, units
from mnist_viz.core.embedding import as_batch
from mnist_viz.core.models import build_model
from mnist_viz.core.state import Weights
from mnist_viz.gui.panels.units import TOP_COUNT, UnitsPanel
from tests.shipped import require_pretrained

TIMEOUT_MS = 180_000


def shipped(name: str):
    require_pretrained(name)
    model, checkpoint = checkpoints.load_model(checkpoints.shipped_path(name))  # "softmax": the plain fc-10
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    fresh = build_model(name)
    fresh.load_state_dict(state)
    return Weights("shipped", name, "mnist", checkpoint.step, "x", reader=lambda: state), fresh.eval()


@pytest.fixture
def panel(qtbot, real_mnist):
    widget = UnitsPanel()
    qtbot.addWidget(widget)
    widget.resize(760, 520)
    widget.set_test_set(real_mnist.test.images.numpy(), real_mnist.test.labels.numpy())
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def wait_until_done(qtbot, panel):
    qtbot.waitUntil(lambda: panel.frame is not None and panel.frame.frame.done and not panel.busy,
                    timeout=TIMEOUT_MS)


def by_hand(model, layer: str, unit: int, images) -> tuple[np.ndarray, np.ndarray | None]:
    """The unit's activation on every image (max over the map) and where, without core.units' maxima."""
    with torch.inference_mode():
        out = units.layer_output(model, layer, as_batch(images))[:, unit]
    if out.dim() == 3:
        values, where = out.flatten(1).max(1)
        return values.numpy(), where.numpy()
    return out.numpy(), None


def test_the_layers_offered_are_the_models(qtbot, panel):
    weights, _ = shipped("cnn")
    panel.on_weights_shown(weights)
    qtbot.waitUntil(lambda: panel.layer_combo.count() == 4, timeout=TIMEOUT_MS)
    assert [panel.layer_combo.itemData(i) for i in range(4)] == ["conv1", "conv2", "fc1", "output"]
    panel.choose("conv2", 0)
    assert panel.unit_spin.maximum() == 63
    weights, _ = shipped("softmax")
    panel.on_weights_shown(weights)
    qtbot.waitUntil(lambda: panel.layer_combo.count() == 1, timeout=TIMEOUT_MS)
    assert panel.layer_combo.itemData(0) == "output" and panel.unit_spin.maximum() == 9
    assert not panel.busy  # listing the layers computes nothing


@pytest.mark.parametrize("name, layer, unit", [("cnn", "conv2", 5), ("cnn", "fc1", 3), ("softmax", "output", 7)])
def test_the_nine_images_are_the_top_9_and_the_favourite_input_beats_3x_the_mean_image(
        qtbot, panel, real_mnist, name, layer, unit):
    weights, model = shipped(name)
    panel.on_weights_shown(weights)
    qtbot.waitUntil(lambda: panel.layer_combo.findData(layer) >= 0, timeout=TIMEOUT_MS)
    panel.choose(layer, unit)  # a change while shown computes
    wait_until_done(qtbot, panel)
    assert (panel.top.layer, panel.top.unit) == (layer, unit)

    images = real_mnist.test.images.numpy()
    values, where = by_hand(model, layer, unit, images)
    expected = np.argsort(-values, kind="stable")[:TOP_COUNT]
    assert np.allclose(np.sort(values[panel.top.top.indices])[::-1], values[expected], rtol=1e-4, atol=1e-4)
    printed = [entry.split(" ") for entry in panel.values_label.text().split(": ")[1].split(", ")]
    assert [int(number[1:]) for number, _ in printed] == panel.top.top.indices.tolist()
    assert np.allclose([float(value) for _, value in printed], np.sort(values[expected])[::-1], atol=0.006)
    for k, index in enumerate(panel.top.top.indices):
        assert np.array_equal(panel.top_items[k].image, images[index].astype(np.float32) / 255)
        assert f"#{int(index)}" in panel.top_labels[k].toPlainText()
        field = panel.field_items[k]
        if where is None:
            assert not field.isVisible()  # a fully connected unit sees the whole image
        else:
            width = units.layer_output(model, layer, as_batch(images[:1])).shape[-1]
            row, column = divmod(int(where[index]), width)
            top, left, bottom, right = units.receptive_fields(model)[layer].box(row, column)
            rect = field.rect()
            assert field.isVisible()
            assert (rect.left(), rect.top(), rect.width(), rect.height()) == (
                left, top, right - left + 1, bottom - top + 1)

    # the favourite input as shown: its activation, computed here, beats 3x the mean image's
    shown = np.asarray(panel.best_item.image, dtype=np.float32)
    achieved = float(units.unit_activation(model, layer, unit, shown[None])[0])
    mean_image = images.astype(np.float32).mean(0) / 255
    baseline = float(units.unit_activation(model, layer, unit, mean_image[None])[0])
    assert achieved > 0 and achieved >= 3 * baseline, (achieved, baseline)
    assert f"step {units_steps()} of" in panel.best_caption.text()
    assert f"{baseline:.2f}" in panel.best_caption.text()
    assert "Optimising" not in panel.status_label.text()  # it has ended


def units_steps() -> int:
    from mnist_viz.gui.panels.units import MAXIMISE_STEPS

    return MAXIMISE_STEPS


def test_the_image_is_shown_forming_and_a_new_choice_supersedes_it(qtbot, panel):
    weights, _ = shipped("cnn")
    panel.on_weights_shown(weights)
    qtbot.waitUntil(lambda: panel.layer_combo.findData("output") >= 0, timeout=TIMEOUT_MS)
    panel.choose("output", 2)
    steps_seen = []
    qtbot.waitUntil(lambda: panel.frame is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: steps_seen.append(panel.frame.frame.step) or panel.frame.frame.step >= 32,
                    timeout=TIMEOUT_MS)
    assert not panel.frame.frame.done and len(set(steps_seen)) >= 2  # frames arrive as it forms
    panel.choose("output", 8)  # the one in flight is stopped, the newest one is shown
    wait_until_done(qtbot, panel)
    assert (panel.top.layer, panel.top.unit) == ("output", 8)
    assert (panel.frame.layer, panel.frame.unit) == ("output", 8)


def test_nothing_is_computed_until_asked_and_a_replay_says_why_not(qtbot, panel):
    weights, _ = shipped("softmax")
    panel.on_weights_shown(weights)
    qtbot.waitUntil(lambda: panel.layer_combo.count() == 1, timeout=TIMEOUT_MS)
    qtbot.wait(400)
    assert panel.top is None and not panel.busy
    assert "Computed when asked" in panel.status_label.text()
    panel.on_weights_shown(Weights("replay", "softmax", "mnist", 100, "run"))  # a recording without keyframes
    assert "keeps only the parts it recorded" in panel.status_label.text()
    assert not panel.find_button.isEnabled()
    panel.on_weights_shown(Weights("replay", "softmax", "mnist", 100, "run", full_steps=(0, 80, 200)))
    assert "nearest is step 80" in panel.status_label.text()
    assert not panel.find_button.isEnabled()


def test_the_test_set_pass_says_how_far_it_is_and_a_newer_choice_stops_it(qtbot, panel):
    weights, _ = shipped("cnn")
    panel.on_weights_shown(weights)
    qtbot.waitUntil(lambda: panel.layer_combo.findData("conv2") >= 0, timeout=TIMEOUT_MS)
    panel.choose("conv2", 1)
    panel.find()
    qtbot.waitUntil(lambda: "of 10,000 test images" in panel.status_label.text(), timeout=TIMEOUT_MS)
    assert panel.top is None  # still on its way
    panel.choose("conv1", 4)  # another layer: the conv2 pass is given up at its next slice
    panel.find()
    wait_until_done(qtbot, panel)
    assert (panel.top.layer, panel.top.unit) == ("conv1", 4)
    panel.choose("conv2", 1)
    panel.find()
    qtbot.waitUntil(lambda: "of 10,000 test images" in panel.status_label.text(), timeout=TIMEOUT_MS)
    assert panel.shutdown(), "the worker did not stop at the end of its slice"
    assert not panel.busy
