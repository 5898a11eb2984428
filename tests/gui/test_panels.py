"""The live training panels: what a user sees for real model states and synthetic events.

Each panel is fed what the controller would forward (RunStarted, lists of StepDone,
Evaluated, Snapshot) straight from a real core Trainer on a small subset of MNIST (or on
random images when MNIST is absent: what is drawn must equal the model's numbers either
way). Every panel is also rendered to a PNG ($MNIST_VIZ_PANEL_PNGS, else a temporary folder) for a human to look at.
"""

from __future__ import annotations

import os
import tempfile

from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from mnist_viz.core import data
from mnist_viz.core import events as ev
from mnist_viz.core.training import TrainConfig, Trainer
from mnist_viz.gui.hub import shows
from mnist_viz.gui.panels import panel_classes
from mnist_viz.gui.panels.feature_maps import FeatureMapsPanel
from mnist_viz.gui.panels.filters import FiltersPanel
from mnist_viz.gui.panels.loss import LossPanel
from mnist_viz.gui.panels.softmax_weights import SoftmaxWeightsPanel
from mnist_viz.gui.widgets.history import History, smooth
from mnist_viz.gui.widgets.mosaic import MosaicLayout, MosaicView, build_mosaic

#: Where the rendered panels go for a human to look at: $MNIST_VIZ_PANEL_PNGS, else a temporary folder.
PNG_DIR = Path(os.environ.get("MNIST_VIZ_PANEL_PNGS") or tempfile.mkdtemp(prefix="mnist-viz-panels-"))


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def splits(request) -> tuple[data.Split, data.Split]:
    """The small subset of real MNIST (conftest's ``mnist_small``), or random images without it.

    What a panel draws must equal the model's numbers whatever the images are, so these
    tests run either way; the PNGs are only worth looking at with the real digits.
    """
    try:
        mnist = request.getfixturevalue("mnist_small")
        return mnist.train, mnist.test
    except pytest.skip.Exception:
        pass
    generator = torch.Generator().manual_seed(0)

    def random_split(count: int) -> data.Split:
        return data.Split(torch.randint(0, 256, (count, 28, 28), dtype=torch.uint8, generator=generator),
                          torch.randint(0, 10, (count,), generator=generator))
    return random_split(1000), random_split(300)


def make_trainer(splits, model: str, **changes) -> Trainer:
    softmax = model == "softmax"
    settings = dict(model=model, optimizer="adam", learning_rate=0.01 if softmax else 2e-3,
                    batch_size=50 if softmax else 20, steps=1000, device="cpu", eval_every=0,
                    loss_reduction="mean")
    settings.update(changes)
    return Trainer(TrainConfig(**settings), *splits)


def train(trainer: Trainer, steps: int) -> list[ev.StepDone]:
    return [trainer.train_step() for _ in range(steps)]


def tile_of(mosaic: MosaicView, index: int) -> np.ndarray:
    """Tile ``index`` as it is in the ImageItem's data (what is on screen)."""
    rows, columns = mosaic.layout_info.tile_slices(index)
    return mosaic.image_item.image[rows, columns]


def viewport_point(mosaic: MosaicView, index: int) -> QPoint:
    return mosaic.tile_center_in_widget(index)


def send_mouse(widget, kind, pos: QPoint, button=Qt.MouseButton.NoButton) -> None:
    buttons = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseMove else button
    if kind == QMouseEvent.Type.MouseButtonPress:
        buttons = button
    event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def show(qtbot, panel, width=640, height=480):
    qtbot.addWidget(panel)
    panel.resize(width, height)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def save_png(panel, name: str) -> Path:
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    path = PNG_DIR / f"{name}.png"
    QApplication.processEvents()
    assert panel.grab().save(str(path))
    return path


# ----------------------------------------------------------------- mosaic
def test_mosaic_puts_each_tile_in_its_place_with_gaps():
    tiles = np.arange(7 * 3 * 4, dtype=np.float32).reshape(7, 3, 4)
    layout = MosaicLayout(7, 3, 4, columns=3, gap=1, label_band=2)
    image = build_mosaic(tiles, layout)
    assert image.shape == layout.shape == (3 * (2 + 3 + 1) - 1, 3 * 5 - 1)
    for k in range(7):
        rows, columns = layout.tile_slices(k)
        np.testing.assert_array_equal(image[rows, columns], tiles[k])
    assert np.isnan(image[:, 4]).all()          # gap column between tiles 0 and 1
    assert np.isnan(image[0:2]).all()           # label band above the first row
    assert np.isnan(image[-3:, 10:]).all()      # the unused slots of the last row
    top, left = layout.tile_origin(5)
    assert layout.tile_at(left + 0.5, top + 2.5) == (5, 2, 0)
    assert layout.tile_at(4.5, top) is None     # on a gap


# ---------------------------------------------------------- softmax weights
def test_softmax_panel_shows_column_k_of_W_as_digit_k(qtbot, splits):
    trainer = make_trainer(splits, "softmax")
    panel = show(qtbot, SoftmaxWeightsPanel())
    assert panel.parts("softmax") == {"softmax_weights"}
    panel.on_run_started(trainer.run_started())
    train(trainer, 5)
    panel.on_snapshot(trainer.snapshot(panel.parts("softmax")))
    W = trainer.model.W.detach().numpy()
    first = panel.mosaic.image_item.image.copy()
    for k in range(10):
        np.testing.assert_allclose(tile_of(panel.mosaic, k), W[:, k].reshape(28, 28), rtol=1e-6)
    m = np.abs(W).max()
    assert panel.mosaic.levels == pytest.approx((-m, m))
    assert panel.mosaic.colorbar.levels() == pytest.approx((-m, m))
    assert [item.text() for item in panel.mosaic._label_items] == [str(k) for k in range(10)]

    train(trainer, 20)
    panel.on_snapshot(trainer.snapshot(panel.parts("softmax")))
    assert not np.allclose(panel.mosaic.image_item.image, first, equal_nan=True), "the templates did not change"
    np.testing.assert_allclose(tile_of(panel.mosaic, 3), trainer.model.W.detach().numpy()[:, 3].reshape(28, 28),
                               rtol=1e-6)
    save_png(panel, "softmax_weights")


def test_softmax_panel_fixed_colour_range_holds(qtbot, splits):
    trainer = make_trainer(splits, "softmax")
    panel = show(qtbot, SoftmaxWeightsPanel())
    panel.on_run_started(trainer.run_started())
    train(trainer, 5)
    panel.on_snapshot(trainer.snapshot({"softmax_weights"}))
    panel.auto_range.setChecked(False)
    panel.fixed_range.setValue(0.5)
    train(trainer, 5)
    panel.on_snapshot(trainer.snapshot({"softmax_weights"}))
    assert panel.mosaic.levels == pytest.approx((-0.5, 0.5))
    panel.auto_range.setChecked(True)
    m = np.abs(trainer.model.W.detach().numpy()).max()
    assert panel.mosaic.levels == pytest.approx((-m, m))


def test_run_started_clears_the_panels(qtbot, splits):
    trainer = make_trainer(splits, "softmax")
    panel = show(qtbot, SoftmaxWeightsPanel())
    panel.on_snapshot(trainer.snapshot({"softmax_weights"}))
    assert panel.mosaic.image_item.image is not None
    panel.on_run_started(trainer.run_started())
    assert panel.mosaic.image_item.image is None


# ------------------------------------------------------------------ filters
def test_filters_panel_shows_conv1_and_conv2_weights(qtbot, splits):
    trainer = make_trainer(splits, "cnn")
    panel = show(qtbot, FiltersPanel())
    assert panel.parts("cnn") == {"conv1_filters", "conv2_filters"}
    panel.on_run_started(trainer.run_started())
    train(trainer, 1)
    panel.on_snapshot(trainer.snapshot(panel.parts("cnn")))
    conv1 = trainer.model.conv1.weight.detach().numpy()[:, 0]
    conv2 = trainer.model.conv2.weight.detach().numpy()
    assert panel.conv1_mosaic.layout_info.count == 32 and panel.conv1_mosaic.layout_info.columns == 8
    for k in (0, 7, 31):
        np.testing.assert_allclose(tile_of(panel.conv1_mosaic, k), conv1[k], rtol=1e-6)
    m1, m2 = np.abs(conv1).max(), np.abs(conv2).max()
    assert panel.conv1_mosaic.levels == pytest.approx((-m1, m1))
    # conv2, one input channel: the 64 filters' kernels for that channel, on the layer's range.
    panel.channel.setValue(5)
    for o in (0, 33, 63):
        np.testing.assert_allclose(tile_of(panel.conv2_mosaic, o), conv2[o, 5], rtol=1e-6)
    assert panel.conv2_mosaic.levels == pytest.approx((-m2, m2))
    save_png(panel, "filters")
    # conv2, all of them: row = input channel, column = filter.
    panel.conv2_mode.setCurrentIndex(1)
    assert not panel.channel.isEnabled()
    assert panel.conv2_mosaic.layout_info.count == 64 * 32
    np.testing.assert_allclose(tile_of(panel.conv2_mosaic, 3 * 64 + 40), conv2[40, 3], rtol=1e-6)
    assert "filter 40, input channel 3" in panel.conv2_mosaic.describe(3 * 64 + 40)
    save_png(panel, "filters_conv2_all")
    # Normalised: each tile reaches ±1, the tooltip still tells the true values.
    panel.normalise.setChecked(True)
    tile = tile_of(panel.conv1_mosaic, 4)
    np.testing.assert_allclose(tile, conv1[4] / np.abs(conv1[4]).max(), rtol=1e-5)
    assert panel.conv1_mosaic.levels == (-1.0, 1.0)
    assert f"{conv1[4].max():.3g}" in panel.conv1_mosaic.describe(4)

    before = tile_of(panel.conv1_mosaic, 0).copy()
    panel.normalise.setChecked(False)
    train(trainer, 2)
    panel.on_snapshot(trainer.snapshot(panel.parts("cnn")))
    after = tile_of(panel.conv1_mosaic, 0)
    np.testing.assert_allclose(after, trainer.model.conv1.weight.detach().numpy()[0, 0], rtol=1e-6)
    assert not np.allclose(after, before)


# ------------------------------------------------------------- feature maps
@torch.no_grad()
def expected_activations(trainer: Trainer, index: int) -> dict[str, np.ndarray]:
    trainer.model.eval()
    image = data.to_float(trainer.test_set.images[index:index + 1])
    return {name: value[0].numpy() for name, value in trainer.model.activations(image).items()}


def test_feature_maps_show_the_cnn_activations_of_the_probe(qtbot, splits):
    trainer = make_trainer(splits, "cnn")
    panel = show(qtbot, FeatureMapsPanel(), 720, 640)
    assert panel.parts("cnn") == {"input", "conv1", "pool1", "conv2", "pool2", "fc1", "probabilities"}
    panel.on_run_started(trainer.run_started())
    train(trainer, 4)
    trainer.set_probe_from_test(7)
    panel.on_snapshot(trainer.snapshot(panel.parts("cnn")))
    expected = expected_activations(trainer, 7)
    np.testing.assert_allclose(tile_of(panel.input_view, 0), expected["input"], rtol=1e-6)
    for name, count in (("conv1", 32), ("pool1", 32), ("conv2", 64), ("pool2", 64)):
        view = panel.layer_views[name]
        assert view.layout_info.count == count
        for k in (0, count // 2, count - 1):
            np.testing.assert_allclose(tile_of(view, k), expected[name][k], rtol=1e-5, atol=1e-6)
        assert view.levels == pytest.approx((0.0, expected[name].max()), rel=1e-5)
    np.testing.assert_allclose(tile_of(panel.layer_views["fc1"], 0), expected["fc1"].reshape(32, 32),
                               rtol=1e-5, atol=1e-6)
    chart = panel.probability_chart
    np.testing.assert_allclose(chart.probabilities, expected["probabilities"], rtol=1e-5)
    assert chart.winner == int(expected["probabilities"].argmax())
    true_label = int(trainer.test_set.labels[7])
    assert chart.true_label == true_label
    # The verdict is in the chart's tooltip (and in its title when the chart is wide enough).
    assert f"true {true_label}" in chart.toolTip()
    assert panel.probe_label.text().startswith(f"test #7: predicted {chart.winner}")
    save_png(panel, "feature_maps_cnn")

    before = tile_of(panel.layer_views["conv1"], 0).copy()
    trainer.set_probe_from_test(8)
    panel.on_snapshot(trainer.snapshot(panel.parts("cnn")))
    assert not np.allclose(tile_of(panel.layer_views["conv1"], 0), before), "a new probe changes the maps"


def test_feature_maps_show_the_softmax_evidence(qtbot, splits):
    trainer = make_trainer(splits, "softmax")
    panel = show(qtbot, FeatureMapsPanel(), 640, 480)
    panel.on_run_started(trainer.run_started())
    assert panel.evidence_view.isVisible() and not panel.layer_views["conv1"].isVisible()
    assert panel.parts("softmax") == {"input", "evidence", "probabilities"}
    train(trainer, 20)
    trainer.set_probe_from_test(2)
    panel.on_snapshot(trainer.snapshot(panel.parts("softmax")))
    image = data.to_float(trainer.test_set.images[2:3])[0, 0].numpy()
    W = trainer.model.W.detach().numpy()
    for k in (0, 4, 9):
        np.testing.assert_allclose(tile_of(panel.evidence_view, k), image * W[:, k].reshape(28, 28),
                                   rtol=1e-5, atol=1e-7)
    low, high = panel.evidence_view.levels
    assert low == pytest.approx(-high)
    save_png(panel, "feature_maps_softmax")


def test_feature_maps_of_a_deskewing_softmax_show_the_image_its_weights_see(qtbot, splits):
    """deskew,fc-10 (the shipped softmax) multiplies W with the deskewed image: the panel shows
    that image beside the input, and the evidence is x · W of it (the input alone, beside
    evidence of another image, was not the truth)."""
    trainer = make_trainer(splits, "deskew,fc-10")
    panel = show(qtbot, FeatureMapsPanel(), 640, 480)
    panel.on_run_started(trainer.run_started())
    assert panel.parts("deskew,fc-10") == {"input", "deskew", "evidence", "probabilities"}
    assert panel.deskew_view.isVisible() and panel.evidence_view.isVisible()
    train(trainer, 20)
    trainer.set_probe_from_test(2)
    snapshot = trainer.snapshot(panel.parts("deskew,fc-10"))
    panel.on_snapshot(snapshot)
    deskewed, raw = (np.asarray(snapshot.arrays[name]).reshape(28, 28) for name in ("deskew", "input"))
    assert not np.allclose(deskewed, raw)  # this test image is moved by the deskewing
    np.testing.assert_allclose(tile_of(panel.deskew_view, 0), deskewed, rtol=1e-6)
    np.testing.assert_allclose(tile_of(panel.input_view, 0), raw, rtol=1e-6)
    weights = np.asarray(trainer.snapshot({"softmax_weights"}).arrays["softmax_weights"])  # (10, 28, 28)
    np.testing.assert_allclose(tile_of(panel.evidence_view, 3), deskewed * weights[3], rtol=1e-4, atol=1e-6)
    # a new probe: the deskewed image of the old one is not left beside the new input
    panel.request_probe(5)
    assert panel.deskew_view.layout_info is None and panel.deskew_view.image_item.image is None
    # the tutorial's softmax has no such image
    panel.on_run_started(make_trainer(splits, "softmax").run_started())
    assert not panel.deskew_view.isVisible() and panel.parts("softmax") == {"input", "evidence", "probabilities"}


def test_hiding_a_layer_stops_asking_for_it(qtbot):
    panel = show(qtbot, FeatureMapsPanel())
    with qtbot.waitSignal(panel.parts_changed):
        panel.layer_toggles["conv2"].setChecked(False)
    assert "conv2" not in panel.parts("cnn") and "conv1" in panel.parts("cnn")
    assert not panel.layer_views["conv2"].isVisible()


def test_probe_controls_ask_for_valid_test_images(qtbot, splits):
    trainer = make_trainer(splits, "cnn", eval_every=0)
    panel = show(qtbot, FeatureMapsPanel())
    panel.on_run_started(trainer.run_started())
    test_size = len(trainer.test_set)
    with qtbot.waitSignal(panel.probe_requested) as signal:
        panel.index_spin.setValue(12)
    assert signal.args == [12]
    for _ in range(5):
        with qtbot.waitSignal(panel.probe_requested) as signal:
            qtbot.mouseClick(panel.random_button, Qt.MouseButton.LeftButton)
        assert 0 <= signal.args[0] < test_size
        assert panel.index_spin.value() == signal.args[0]

    assert not panel.misclassified_button.isEnabled(), "no evaluation yet"
    evaluation = trainer.evaluate()
    panel.on_evaluated(evaluation)
    wrong = sorted(int(i) for i in evaluation.misclassified)
    assert wrong, "an untrained network gets some test images wrong"
    assert panel.misclassified_button.isEnabled()
    panel.index_spin.blockSignals(True)
    panel.index_spin.setValue(wrong[0])
    panel.index_spin.blockSignals(False)
    seen = []
    for _ in range(min(3, len(wrong))):
        with qtbot.waitSignal(panel.probe_requested) as signal:
            qtbot.mouseClick(panel.misclassified_button, Qt.MouseButton.LeftButton)
        seen.append(signal.args[0])
    expected = [wrong[(1 + i) % len(wrong)] for i in range(len(seen))]
    assert seen == expected
    assert all(index in wrong for index in seen)


def test_the_chosen_probe_is_shown_before_any_training(qtbot, splits):
    _, test = splits
    panel = show(qtbot, FeatureMapsPanel())
    panel.set_test_set(test.images.numpy(), test.labels.numpy())
    # Test image 0 at once, with its label, and that its activations need a run.
    np.testing.assert_allclose(panel.input_view.tile(0), test.images[0].numpy() / 255.0)
    assert panel.probe_label.text().startswith(f"test #0, labelled {int(test.labels[0])}:")
    assert panel.index_spin.maximum() == len(test) - 1
    with qtbot.waitSignal(panel.probe_requested):
        panel.index_spin.setValue(7)
    np.testing.assert_allclose(panel.input_view.tile(0), test.images[7].numpy() / 255.0)
    assert panel.probe_label.text().startswith("test #7,")
    # Once a snapshot has come, the label is the model's answer again (not overwritten).
    trainer = make_trainer(splits, "cnn", eval_every=0)
    trainer.set_probe_from_test(7)
    panel.on_snapshot(trainer.snapshot(set(panel.parts("cnn"))))
    assert "labelled" not in panel.probe_label.text()
    with qtbot.waitSignal(panel.probe_requested):
        panel.index_spin.setValue(8)
    np.testing.assert_allclose(panel.input_view.tile(0), test.images[8].numpy() / 255.0)


# --------------------------------------------------------- hover and click
def test_hovering_a_tile_names_it(qtbot, splits):
    trainer = make_trainer(splits, "cnn")
    panel = show(qtbot, FiltersPanel())
    panel.on_snapshot(trainer.snapshot(panel.parts("cnn")))
    mosaic = panel.conv1_mosaic
    conv1 = trainer.model.conv1.weight.detach().numpy()[:, 0]
    send_mouse(mosaic.graphics.viewport(), QMouseEvent.Type.MouseMove, viewport_point(mosaic, 13))
    assert mosaic.hover_text.startswith("conv1 filter 13")
    assert f"{conv1[13].min():.3g}" in mosaic.hover_text and f"{conv1[13].max():.3g}" in mosaic.hover_text
    assert mosaic.toolTip() == mosaic.hover_text


def test_clicking_a_tile_enlarges_it(qtbot, splits):
    trainer = make_trainer(splits, "softmax")
    panel = show(qtbot, SoftmaxWeightsPanel())
    train(trainer, 5)
    panel.on_snapshot(trainer.snapshot({"softmax_weights"}))
    mosaic = panel.mosaic
    point = viewport_point(mosaic, 7)
    with qtbot.waitSignal(mosaic.tile_clicked) as signal:
        send_mouse(mosaic.graphics.viewport(), QMouseEvent.Type.MouseButtonPress, point, Qt.MouseButton.LeftButton)
        send_mouse(mosaic.graphics.viewport(), QMouseEvent.Type.MouseButtonRelease, point, Qt.MouseButton.LeftButton)
    assert signal.args == [7]
    dialog = mosaic.enlarged
    assert dialog is not None and dialog.isVisible()
    assert "digit 7" in dialog.windowTitle()
    W = trainer.model.W.detach().numpy()
    np.testing.assert_allclose(dialog.image, W[:, 7].reshape(28, 28), rtol=1e-6)
    # The enlarged tile follows the training.
    train(trainer, 5)
    panel.on_snapshot(trainer.snapshot({"softmax_weights"}))
    np.testing.assert_allclose(dialog.image, trainer.model.W.detach().numpy()[:, 7].reshape(28, 28), rtol=1e-6)
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(PNG_DIR / "enlarged_tile.png"))


# --------------------------------------------------------------------- loss
def steps(start: int, losses, accuracies, total: int = 1000) -> list[ev.StepDone]:
    return [ev.StepDone(step=start + i, epoch=0.0, loss=float(loss), batch_accuracy=float(acc),
                        learning_rate=0.01, samples_per_s=1000.0, elapsed_s=1.0, total_steps=total)
            for i, (loss, acc) in enumerate(zip(losses, accuracies))]


def debiased_ema(values, weight):
    last, out = 0.0, []
    for n, value in enumerate(values, 1):
        last = weight * last + (1 - weight) * value
        out.append(last / (1 - weight ** n))
    return np.array(out)


def points(curve) -> int:
    return 0 if curve.xData is None else len(curve.xData)


def test_loss_panel_draws_each_step_and_its_moving_average(qtbot):
    panel = show(qtbot, LossPanel())
    assert panel.parts("cnn") == set() and panel.parts("softmax") == set()
    panel.on_run_started(ev.RunStarted("softmax", "custom", 1000, 600.0, 100, "cpu", 60000, 10000, 7850))
    panel.set_smoothing(0.6)
    rng = np.random.default_rng(1)
    losses = 2.3 * np.exp(-np.arange(90) / 30) + rng.random(90) * 0.1
    accuracies = np.clip(np.linspace(0.1, 0.95, 90) + rng.normal(0, 0.03, 90), 0, 1)
    panel.on_steps(steps(1, losses[:30], accuracies[:30]))
    qtbot.waitUntil(lambda: points(panel.loss_curve) == 30)
    panel.on_steps(steps(31, losses[30:], accuracies[30:]))
    qtbot.waitUntil(lambda: points(panel.loss_curve) == 90)
    np.testing.assert_array_equal(panel.loss_curve.xData, np.arange(1, 91))
    np.testing.assert_allclose(panel.loss_curve.yData, losses)
    np.testing.assert_allclose(panel.loss_smoothed_curve.yData, debiased_ema(losses, 0.6), rtol=1e-9)
    np.testing.assert_allclose(panel.accuracy_curve.yData, 100 * debiased_ema(accuracies, 0.6), rtol=1e-9)

    # Moving the slider re-smooths the whole history.
    panel.set_smoothing(0.95)
    qtbot.waitUntil(lambda: np.allclose(panel.loss_smoothed_curve.yData, debiased_ema(losses, 0.95)))
    panel.set_smoothing(0.0)
    qtbot.waitUntil(lambda: np.allclose(panel.loss_smoothed_curve.yData, losses))

    panel.on_evaluated(ev.Evaluated(step=50, test_accuracy=0.9, test_loss=0.4, confusion=np.zeros((10, 10)),
                                    seconds=0.1))
    qtbot.waitUntil(lambda: points(panel.test_accuracy_curve) == 1)
    assert panel.test_accuracy_curve.yData[0] == pytest.approx(90.0)
    assert panel.test_loss_curve.yData[0] == pytest.approx(0.4)
    assert "test acc. 90.00 %" in panel.readout.text()
    assert points(panel.train_accuracy_curve) == 0  # not measured: nothing drawn, nothing said
    assert "training acc." not in panel.readout.text()
    # an evaluation that also measured the training images (dropout off): the over-fitting gap shows
    panel.on_evaluated(ev.Evaluated(step=90, test_accuracy=0.85, test_loss=0.5, confusion=np.zeros((10, 10)),
                                    seconds=0.1, train_accuracy=0.99))
    qtbot.waitUntil(lambda: points(panel.train_accuracy_curve) == 1)
    assert panel.train_accuracy_curve.xData[0] == 90 and panel.train_accuracy_curve.yData[0] == pytest.approx(99.0)
    assert "training acc. 99.00 %" in panel.readout.text()
    assert "training accuracy (dropout off)" in [label.text for _, label in panel.legend.items]
    panel.log_y.setChecked(True)
    assert panel.plot.ctrl.logYCheck.isChecked()
    save_png(panel, "loss")

    # A new run: the old curves are gone at the next redraw (not drawn empty first: a replay's
    # backward move hands over the new steps at once).
    panel.on_run_started(ev.RunStarted("cnn", "custom", 10, 600.0, 50, "cpu", 60000, 10000, 1))
    qtbot.waitUntil(lambda: points(panel.loss_curve) == 0 and points(panel.test_accuracy_curve) == 0)


def test_loss_panel_redraws_at_a_bounded_rate(qtbot):
    panel = show(qtbot, LossPanel())
    panel.on_run_started(ev.RunStarted("softmax", "custom", 1000, 600.0, 100, "cpu", 60000, 10000, 7850))
    redraws = panel.redraw_count
    for start in range(1, 300, 3):  # 100 batches arriving at once
        panel.on_steps(steps(start, [1.0, 0.9, 0.8], [0.5, 0.5, 0.5]))
    assert panel.redraw_count == redraws, "redrawn before the throttle interval"
    qtbot.waitUntil(lambda: panel.redraw_count > redraws)
    assert panel.redraw_count == redraws + 1
    assert points(panel.loss_curve) == 300


def test_a_200000_step_loss_curve_draws_a_few_thousand_points_and_keeps_its_spikes(qtbot):
    """Issue 18: with 200,000 steps each redraw handed pyqtgraph every point (0.9 s a redraw on
    the 2-core VM, the GUI timer 100+ ms late); now the curves hold the steps in view, at most
    a few thousand of them, the spikes kept, and zoomed in they are the exact steps."""
    from mnist_viz.gui.widgets import envelope

    panel = show(qtbot, LossPanel(), width=900, height=420)
    panel.on_run_started(ev.RunStarted("softmax", "custom", 200_000, 600.0, 100, "cpu", 60000, 10000, 7850))
    panel.set_smoothing(0.0)
    count = 200_000
    losses = 2.3 * np.exp(-np.arange(count) / 40_000) + 0.01
    losses[123_456] = 9.5  # one spike
    for start in range(0, count, 20_000):
        panel.on_steps(steps(start + 1, losses[start:start + 20_000], np.full(20_000, 0.5), total=count))
    panel.refresh()
    assert len(panel.steps) == count
    assert points(panel.loss_curve) <= envelope.MAX_POINTS + 2
    assert panel.loss_curve.yData.max() == 9.5 and panel.loss_curve.yData.min() == pytest.approx(losses.min())
    assert panel.loss_curve.xData[0] <= 1 and panel.loss_curve.xData[-1] == count

    panel.plot.setXRange(1000, 1100, padding=0)  # zoomed in: the exact steps, redrawn for the new view
    qtbot.waitUntil(lambda: points(panel.loss_curve) < 200)
    inside = (panel.loss_curve.xData >= 1000) & (panel.loss_curve.xData <= 1100)
    np.testing.assert_array_equal(panel.loss_curve.xData[inside], np.arange(1000, 1101))
    np.testing.assert_allclose(panel.loss_curve.yData[inside], losses[999:1100])


def test_the_envelope_keeps_each_buckets_extremes_in_order_and_survives_nan():
    from mnist_viz.gui.widgets.envelope import in_view

    x = np.arange(10_000, dtype=float)
    y = np.sin(x / 300)
    y[5_000] = 7.0
    y[7_000:7_050] = np.nan  # a diverged stretch
    kept_x, (kept_y,) = in_view(x, [y], None, max_points=1000)
    assert len(kept_x) <= 1000 and np.all(np.diff(kept_x) >= 0)
    assert np.nanmax(kept_y) == 7.0 and np.nanmin(kept_y) == pytest.approx(np.nanmin(y))
    cut_x, (cut_y,) = in_view(x, [y], (2000.5, 2100.5))
    assert cut_x[0] == 2000 and cut_x[-1] == 2101  # one point beyond each edge
    np.testing.assert_array_equal(cut_y, y[2000:2102])


def test_history_memory_is_bounded_and_keeps_the_recent_past():
    history = History(2, capacity=8, max_rows=1000)
    for start in range(0, 5000, 50):
        rows = np.stack([np.arange(start, start + 50), np.arange(start, start + 50) * 2.0], axis=1)
        history.append(rows)
    steps_kept = history.column(0)
    assert len(history) <= 1000
    assert steps_kept[-1] == 4999 and steps_kept[0] == 0
    assert np.all(np.diff(steps_kept) > 0)
    np.testing.assert_array_equal(steps_kept[-100:], np.arange(4900, 5000))  # recent rows untouched
    np.testing.assert_array_equal(history.column(1), steps_kept * 2)


def test_smoothing_continues_across_batches_and_skips_nan():
    values = np.array([1.0, 2.0, np.nan, 3.0, 4.0, 5.0])
    whole, _ = smooth(values, 0.7)
    first, state = smooth(values[:3], 0.7)
    rest, _ = smooth(values[3:], 0.7, state)
    np.testing.assert_allclose(np.r_[first, rest], whole, equal_nan=True)
    finite = values[np.isfinite(values)]
    np.testing.assert_allclose(whole[np.isfinite(values)], debiased_ema(finite, 0.7))
    assert np.isnan(whole[2])


# ----------------------------------------------------------- all together
def grabbed(panel) -> np.ndarray:
    """The panel as on screen: H x W x 3 uint8."""
    QApplication.processEvents()
    image = panel.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    array = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return array.reshape(image.height(), image.bytesPerLine())[:, :image.width() * 3].reshape(
        image.height(), image.width(), 3).copy()


def test_every_panel_renders_legibly_small_and_large(qtbot, splits):
    """Each panel at a docked size and a large one: all of it fits, its picture is drawn (not an
    empty frame), and the large one shows more than the small one (the PNGs are for human eyes)."""
    classes = panel_classes(("loss", "softmax_weights", "filters", "feature_maps"))
    for model in ("softmax", "cnn"):
        trainer = make_trainer(splits, model, eval_every=20)
        trainer.set_probe_from_test(0)
        panels = [show(qtbot, cls()) for cls in classes if shows(cls, model)]
        assert len(panels) == 3  # loss, the model's weights or filters, feature maps
        for panel in panels:
            assert panel.help_text and panel.title
            panel.on_run_started(trainer.run_started())
        parts = set().union(*(panel.parts(model) for panel in panels))
        for _ in range(3 if model == "softmax" else 2):
            batch = train(trainer, 10 if model == "softmax" else 3)
            evaluation = trainer.evaluate()
            snapshot = trainer.snapshot(parts)
            for panel in panels:
                panel.on_steps(batch)
                panel.on_evaluated(evaluation)
                panel.on_snapshot(snapshot)
        for panel in panels:
            if isinstance(panel, LossPanel):
                panel.refresh()
            drawn = {}
            for width, height, size in ((340, 260, "small"), (900, 640, "large")):
                panel.resize(width, height)
                minimum = panel.minimumSizeHint()
                image = grabbed(panel)
                save_png(panel, f"{model}_{panel.panel_id}_{size}")
                where = f"{model} {panel.panel_id} {size}"
                if size == "large":
                    assert minimum.width() <= width and minimum.height() <= height, f"{where}: cut off"
                # Drawn: many colours (weights, curves, text), and not one flat background.
                colours = len(np.unique(image.reshape(-1, 3), axis=0))
                background = np.bincount(image.reshape(-1, 3) @ np.array([65536, 256, 1])).max() / image[..., 0].size
                assert colours > 40 and background < 0.9, f"{where}: {colours} colours, {background:.0%} background"
                drawn[size] = image.shape
            assert drawn["large"][0] > drawn["small"][0] and drawn["large"][1] > drawn["small"][1]


def test_panels_follow_a_real_run_in_the_window(qtbot, mnist_small):
    """Wired by the window itself (hub, controllers): the panels end showing the final weights and curves."""
    from mnist_viz.gui.main_window import MainWindow

    window = MainWindow(data=mnist_small, persist=False, load_data=False,
                        panel_types=[LossPanel, SoftmaxWeightsPanel, FeatureMapsPanel])
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.arranged)
    loss, weights, maps = (window.panels[pid] for pid in ("loss", "softmax_weights", "feature_maps"))
    for pid in ("softmax_weights", "feature_maps"):  # on screen, not tabbed away
        window.docks[pid].raise_()
    qtbot.waitUntil(lambda: weights in window.visible_panels() and maps in window.visible_panels())
    maps.index_spin.setValue(4)  # the panel asks for test image 4 as the probe
    window.controls.set_config(TrainConfig(model="softmax", optimizer="sgd", learning_rate=0.5, batch_size=50,
                                           steps=30, device="cpu", eval_every=10, loss_reduction="mean"))
    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        assert window.start_training()
    trainer = window.controller.trainer
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=60_000)
    window.flush_snapshot()
    assert points(loss.loss_curve) == 30 and points(loss.test_accuracy_curve) == 3
    W = trainer.model.W.detach().numpy()
    np.testing.assert_allclose(tile_of(weights.mosaic, 9), W[:, 9].reshape(28, 28), rtol=1e-6)
    assert "test #4" in maps.probe_label.text()
    assert maps.misclassified_button.isEnabled() == bool(len(trainer.last_evaluation.misclassified))
    assert window.panel_errors == []
    window.close()
