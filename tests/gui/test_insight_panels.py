"""The insight panels: the confusion matrix (with its gallery of mistakes) and the
distributions over time, fed what a real Trainer on real MNIST reports.

Both panels are rendered to /tmp/panels_insight_*.png for a human to look at.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mnist_viz.core import data, stats  # noqa: E402
from mnist_viz.core.training import TrainConfig, Trainer  # noqa: E402
from mnist_viz.gui.panels import panel_classes  # noqa: E402
from mnist_viz.gui.panels.confusion import GALLERY_LIMIT, ConfusionPanel  # noqa: E402
from mnist_viz.gui.panels.distributions import DistributionsPanel  # noqa: E402

PNG_PREFIX = "/tmp/panels_insight_"


def make_trainer(mnist: data.Mnist, model: str) -> Trainer:
    config = TrainConfig(model=model, optimizer="adam", learning_rate=0.01 if model == "softmax" else 2e-3,
                         batch_size=50 if model == "softmax" else 20, steps=1000, device="cpu", eval_every=0,
                         loss_reduction="mean")
    return Trainer(config, mnist.train, mnist.test)


def show(qtbot, panel, width=560, height=640):
    qtbot.addWidget(panel)
    panel.resize(width, height)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def save_png(panel, name: str) -> Path:
    path = Path(f"{PNG_PREFIX}{name}.png")
    QApplication.processEvents()
    assert panel.grab().save(str(path))
    return path


def click(widget, pos: QPoint) -> None:
    for kind, buttons in ((QMouseEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QMouseEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, QPointF(pos), QPointF(widget.mapToGlobal(pos)), Qt.MouseButton.LeftButton,
                            buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)


def hover(widget, pos: QPoint) -> None:
    event = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_both_panels_are_registered(qtbot):
    ids = [panel.panel_id for panel in panel_classes()]
    assert {"confusion", "distributions"} <= set(ids)
    confusion, distributions = ConfusionPanel(), DistributionsPanel()
    qtbot.addWidget(confusion)
    qtbot.addWidget(distributions)
    assert confusion.parts("cnn") == set() == confusion.parts("softmax")
    assert distributions.parts("softmax") == {"distributions"} == distributions.parts("cnn")


# ------------------------------------------------------------------ confusion
@pytest.fixture(scope="module")
def evaluated(mnist_small):
    """A softmax model trained for a few steps, its evaluation and its own predictions."""
    trainer = make_trainer(mnist_small, "softmax")
    for _ in range(15):
        trainer.train_step()
    evaluation = trainer.evaluate()
    with torch.no_grad():
        images, labels = mnist_small.test.batch(torch.arange(len(mnist_small.test)))
        predictions = trainer.model(images).argmax(1).numpy()
    return trainer, evaluation, predictions, labels.numpy()


@pytest.fixture
def confusion_panel(qtbot, evaluated, mnist_small):
    trainer, evaluation, _, _ = evaluated
    panel = show(qtbot, ConfusionPanel())
    panel.set_test_set(mnist_small.test.images.numpy(), mnist_small.test.labels.numpy())
    panel.on_run_started(trainer.run_started())
    panel.on_evaluated(evaluation)
    return panel


def test_confusion_panel_shows_the_matrix_of_a_real_evaluation(confusion_panel, evaluated):
    panel = confusion_panel
    _, evaluation, predictions, labels = evaluated
    expected = np.zeros((10, 10), dtype=np.int64)
    np.add.at(expected, (labels, predictions), 1)
    np.testing.assert_array_equal(evaluation.confusion, expected)
    # Errors on a log colour scale, the diagonal left to its own (green) image.
    shown = panel.error_image.image
    off = ~np.eye(10, dtype=bool)
    np.testing.assert_allclose(shown[off], np.log10(1 + expected[off]))
    assert np.isnan(np.diag(shown)).all()
    assert (np.diag(panel.correct_image.image) == 1).all()
    assert panel.error_levels == pytest.approx((0.0, math.log10(1 + expected.sum(axis=1).max())))
    # Every count written in its cell (empty where there is no error).
    for true in range(10):
        for predicted in range(10):
            count = expected[true, predicted]
            text = panel.cell_texts[true][predicted].toPlainText()
            assert text == (str(count) if count or true == predicted else "")
    # Per-class accuracy bars end at each digit's accuracy.
    accuracy = 100 * np.diag(expected) / expected.sum(axis=1)
    bars = panel.accuracy_bars.opts
    np.testing.assert_allclose(np.asarray(bars["x0"]) + np.asarray(bars["width"]), accuracy)
    assert [text.toPlainText() for text in panel.accuracy_texts] == [f"{a:.1f}" for a in accuracy]
    assert f"{100 * evaluation.test_accuracy:.2f} %" in panel.readout.text()
    # Hovering a cell says what it holds.
    true, predicted = np.unravel_index(np.argmax(np.where(off, expected, -1)), expected.shape)
    hover(panel.graphics.viewport(), panel.cell_center_in_widget(true, predicted))
    assert panel.hover_text.startswith(f"{expected[true, predicted]:,} {true}s taken for a {predicted}")
    save_png(panel, "confusion_matrix")


def test_clicking_a_cell_lists_exactly_its_misclassified_images(confusion_panel, evaluated, mnist_small):
    panel = confusion_panel
    _, evaluation, predictions, labels = evaluated
    confusion = np.asarray(evaluation.confusion).copy()
    np.fill_diagonal(confusion, -1)
    true, predicted = (int(v) for v in np.unravel_index(np.argmax(confusion), confusion.shape))
    assert confusion[true, predicted] > 0, "a briefly trained model makes mistakes"

    click(panel.graphics.viewport(), panel.cell_center_in_widget(true, predicted))
    assert panel.selected == (true, predicted)
    expected = np.flatnonzero((labels == true) & (predictions == predicted))
    np.testing.assert_array_equal(panel.gallery_indices, expected)
    shown = min(len(expected), GALLERY_LIMIT)
    assert panel.gallery.layout_info.count == shown
    first = mnist_small.test.images[expected[0]].numpy() / 255.0
    np.testing.assert_allclose(panel.gallery.tile(0), first, rtol=1e-6)
    assert f"{true}s taken for {predicted}s" in panel.gallery.title_item.text
    save_png(panel, "confusion")

    # The diagonal: every image of that digit the model got wrong.
    click(panel.graphics.viewport(), panel.cell_center_in_widget(true, true))
    np.testing.assert_array_equal(panel.gallery_indices, np.flatnonzero((labels == true) & (predictions != true)))


def test_clicking_a_gallery_image_makes_it_the_probe(qtbot, confusion_panel, evaluated):
    panel = confusion_panel
    _, evaluation, predictions, labels = evaluated
    true = int(np.argmin(np.diag(evaluation.confusion) / evaluation.confusion.sum(axis=1)))  # the worst digit
    panel.select_cell((true, true))
    assert len(panel.gallery_indices) >= 3
    gallery = panel.gallery
    hover(gallery.graphics.viewport(), gallery.tile_center_in_widget(2))
    index = int(panel.gallery_indices[2])
    assert gallery.hover_text.startswith(f"test #{index}: a {true} the model took for a {predictions[index]}")
    with qtbot.waitSignal(panel.probe_requested) as signal:
        click(gallery.graphics.viewport(), gallery.tile_center_in_widget(2))
    assert signal.args == [index]


def test_the_gallery_says_why_it_is_empty(qtbot, evaluated):
    trainer, evaluation, _, _ = evaluated
    panel = show(qtbot, ConfusionPanel())
    panel.on_evaluated(evaluation)
    panel.select_cell((3, 5))
    assert "test images are not loaded" in panel.gallery.title_item.text
    assert len(panel.gallery_indices) == 0
    panel.on_run_started(trainer.run_started())  # cleared in the next pass of the event loop
    qtbot.waitUntil(lambda: panel.selected is None and panel.error_image.image is None)


def test_the_matrix_keeps_its_size_in_a_wide_low_dock(qtbot, evaluated):
    """In the window's top row at 1366x768 (about 600 x 250) the gallery under the matrix
    squeezed the square matrix into a strip; there it goes beside it, and back below in a
    tall dock."""
    _, evaluation, _, _ = evaluated
    panel = show(qtbot, ConfusionPanel(), width=610, height=250)
    panel.on_evaluated(evaluation)
    qtbot.waitUntil(lambda: panel.splitter.orientation() == Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: panel.matrix_plot.vb.height() > 140)
    panel.resize(420, 640)
    qtbot.waitUntil(lambda: panel.splitter.orientation() == Qt.Orientation.Vertical)
    assert panel.matrix_plot.vb.width() > 200


# -------------------------------------------------------------- distributions
def test_distributions_heat_map_grows_one_column_per_snapshot_with_the_core_histograms(qtbot, mnist_small):
    trainer = make_trainer(mnist_small, "softmax")
    monitor = trainer.distribution_monitor
    monitor.min_interval_s, monitor.max_cost_fraction = 0.0, 0.0  # fresh statistics for every snapshot
    panel = show(qtbot, DistributionsPanel())
    panel.on_run_started(trainer.run_started())
    snapshots = [trainer.snapshot(panel.parts("softmax"))]  # step 0: W = 0, no gradients yet
    panel.on_snapshot(snapshots[-1])
    assert [panel.layer_combo.itemText(i) for i in range(panel.layer_combo.count())] == ["W"]
    assert not panel.dead_plot.isVisible()
    for round_ in range(1, 6):
        for _ in range(3):
            trainer.train_step()
        snapshots.append(trainer.snapshot(panel.parts("softmax")))
        panel.on_snapshot(snapshots[-1])
        assert panel.weight_image.image.shape == (stats.WEIGHT_BINS, round_ + 1)
        assert panel.gradient_image.image.shape == (stats.GRADIENT_BINS, round_ + 1)

    # Each column is that snapshot's histogram, weights re-binned onto the common range.
    value_range = panel.shown_weight_range
    assert value_range == max(float(s.arrays["dist/W/weight_range"]) for s in snapshots)
    for column, snapshot in enumerate(snapshots):
        arrays = snapshot.arrays
        weights = stats.rebin_weights(arrays["dist/W/weight_counts"], float(arrays["dist/W/weight_range"]),
                                      value_range)
        np.testing.assert_array_equal(panel.shown_weight_counts[:, column], weights)
        if column:
            np.testing.assert_array_equal(panel.shown_gradient_counts[:, column], arrays["dist/W/gradient_counts"])
    assert np.isnan(panel.shown_gradient_counts[:, 0]).all(), "no gradients before the first step"
    last = snapshots[-1].arrays
    np.testing.assert_array_equal(panel.shown_weight_counts[:, -1], last["dist/W/weight_counts"])
    np.testing.assert_allclose(panel.weight_image.image, np.log10(1 + panel.shown_weight_counts))
    assert panel.weight_image.levels == pytest.approx((0, math.log10(1 + 784 * 10)))
    # The x axis names the steps; the norm curve follows the core's gradient norms.
    assert list(panel.weight_axis.steps) == [s.step for s in snapshots]
    x, y = panel.norm_curves["W"].getData()
    np.testing.assert_allclose(10 ** y, [float(s.arrays["dist/W/gradient_norm"]) for s in snapshots[1:]], rtol=1e-9)
    assert "W: 7,840 weights" in panel.readout.text()

    # A snapshot that repeats the same statistics adds no column.
    monitor.min_interval_s = 1e9
    trainer.train_step()
    repeat = trainer.snapshot(panel.parts("softmax"))
    assert int(repeat.arrays["dist/step"]) == snapshots[-1].step
    panel.on_snapshot(repeat)
    assert panel.weight_image.image.shape[1] == len(snapshots)

    # Linear colours show the counts themselves.
    panel.log_colours.setChecked(False)
    np.testing.assert_allclose(panel.weight_image.image, panel.shown_weight_counts)
    panel.log_colours.setChecked(True)
    save_png(panel, "distributions_softmax")

    panel.on_run_started(trainer.run_started())
    assert panel.weight_image.image is None and panel.layer_combo.count() == 0


def test_distributions_panel_shows_each_cnn_layer_and_the_dead_relus(qtbot, mnist_small):
    trainer = make_trainer(mnist_small, "cnn")
    trainer.distribution_monitor.min_interval_s = trainer.distribution_monitor.max_cost_fraction = 0.0
    panel = show(qtbot, DistributionsPanel(), height=720)
    panel.on_run_started(trainer.run_started())
    for _ in range(2):
        trainer.train_step()
        snapshot = trainer.snapshot(panel.parts("cnn"))
        panel.on_snapshot(snapshot)
    arrays = snapshot.arrays
    assert [panel.layer_combo.itemText(i) for i in range(panel.layer_combo.count())] == \
        ["conv1", "conv2", "fc1", "fc2"]
    assert panel.dead_plot.isVisible()
    for name, curve in panel.dead_curves.items():
        assert curve.getData()[1][-1] == pytest.approx(100 * float(arrays[f"dist/{name}/dead_fraction"]))
    panel.set_layer("fc1")
    np.testing.assert_array_equal(panel.shown_gradient_counts[:, -1], arrays["dist/fc1/gradient_counts"])
    assert panel.shown_weight_counts[:, -1].sum() == 1024 * 3136
    assert panel.weight_image.levels == pytest.approx((0, math.log10(1 + 1024 * 3136)))
    assert "fc1: 3,211,264 weights" in panel.readout.text() and "% dead" in panel.readout.text()
    # Hovering the heat map tells the count under the cursor.
    view = panel.weight_plot.vb
    zero_row = stats.WEIGHT_BINS // 2
    width = 2 * panel.shown_weight_range / stats.WEIGHT_BINS
    point = view.mapViewToScene(QPointF(1, -panel.shown_weight_range + (zero_row + 0.5) * width))
    hover(panel.graphics.viewport(), panel.graphics.mapFromScene(point))
    count = int(panel.shown_weight_counts[zero_row, 1])
    assert panel.hover_text.startswith(f"step {snapshot.step:,} · fc1: {count:,} weights in [0, ")
    save_png(panel, "distributions_cnn")
