"""The embedding panel shows the real projection of the real features, one colour per class,
rings round the real mistakes; hovering shows the image, clicking makes it the probe; it is
recomputed when a run is evaluated, and computed only while it is on screen."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mnist_viz.core import checkpoints, embedding
from mnist_viz.core.models import build_model
from mnist_viz.core.state import Weights
from mnist_viz.core.training import TrainConfig
from mnist_viz.gui.panels.embedding import CLASS_COLOURS, EmbeddingPanel
from tests.shipped import require_pretrained

TIMEOUT_MS = 120_000
SOFTMAX = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.05, batch_size=50,
                      steps=60, eval_every=30, device="cpu")


def shipped_weights(name: str) -> tuple[Weights, dict]:
    require_pretrained(name)
    model, checkpoint = checkpoints.load_model(checkpoints.shipped_path(name))  # "softmax": the plain fc-10
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return Weights("shipped", name, "mnist", checkpoint.step, "x", reader=lambda: state), state


def same_up_to_sign(shown: np.ndarray, expected: np.ndarray, atol: float) -> bool:
    """The same picture, each axis possibly flipped, the two possibly swapped (a redraw aligns
    its axes with the picture before: core.embedding flips, and swaps where that fits better)."""
    for axes in (shown, shown[:, ::-1]):
        signs = np.sign((axes * expected).sum(0))
        if np.allclose(axes * signs, expected, atol=atol):
            return True
    return False


def model_of(name: str, state: dict):
    model = build_model(name)
    model.load_state_dict(state)
    return model.eval()


@pytest.fixture
def panel(qtbot, real_mnist):
    widget = EmbeddingPanel()
    qtbot.addWidget(widget)
    widget.resize(700, 520)
    widget.set_test_set(real_mnist.test.images.numpy(), real_mnist.test.labels.numpy())
    yield widget
    widget.shutdown()


def show(qtbot, widget):
    widget.show()
    qtbot.waitExposed(widget)


def shown_colours(panel) -> list[str]:
    return [brush.color().name() for brush in panel.scatter.data["brush"]]


def hover(widget, pos: QPoint) -> None:
    """A mouse move with no button held, as a hand moving over the plot sends."""
    event = QMouseEvent(QMouseEvent.Type.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def screen_point(panel, x: float, y: float) -> QPoint:
    scene = panel.plot.vb.mapViewToScene(QPointF(x, y))
    return panel.plot_widget.mapFromScene(scene)


def loneliest_point(panel) -> int:
    """The index (in the scatter) of the point farthest, on screen, from every other one."""
    xy = np.array([[p.x(), p.y()] for p in (screen_point(panel, x, y) for x, y in
                                             zip(panel.scatter.data["x"], panel.scatter.data["y"]))], float)
    distances = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))
    np.fill_diagonal(distances, np.inf)
    inside = ((xy > 20) & (xy < [panel.plot_widget.width() - 20, panel.plot_widget.height() - 20])).all(1)
    return int(np.argmax(np.where(inside, distances.min(1), -1)))


@pytest.mark.parametrize("name", ["cnn", "softmax"])
def test_the_scatter_is_the_real_projection_of_2000_test_images_coloured_by_class(qtbot, panel, real_mnist, name):
    weights, state = shipped_weights(name)
    show(qtbot, panel)
    panel.on_weights_shown(weights)
    qtbot.waitUntil(lambda: panel.computations == 1 and not panel.busy, timeout=TIMEOUT_MS)

    images, labels = real_mnist.test.images.numpy(), real_mnist.test.labels.numpy()
    expected = embedding.embed(model_of(name, state), images, labels)
    x, y = panel.scatter.data["x"], panel.scatter.data["y"]
    assert len(x) == 2000
    assert np.allclose(np.c_[x, y], expected.points, atol=1e-3)
    shown_indices = np.array([int(d) for d in panel.scatter.data["data"]])
    assert np.array_equal(shown_indices, expected.indices)
    assert np.bincount(labels[shown_indices], minlength=10).tolist() == [200] * 10
    assert shown_colours(panel) == [CLASS_COLOURS[k] for k in labels[shown_indices]]
    # the rings are the images the model really gets wrong
    with __import__("torch").inference_mode():
        answers = model_of(name, state)(embedding.as_batch(images[shown_indices])).argmax(1).numpy()
    ringed = sorted(int(d) for d in panel.rings.data["data"])
    assert ringed == sorted(shown_indices[answers != labels[shown_indices]].tolist())
    assert len(ringed) > 0
    assert "computed in" in panel.status_label.text() and "each test evaluation" in panel.status_label.text()
    assert "on screen" in panel.status_label.toolTip()
    assert "Recomputing" not in panel.status_label.text()  # it has ended
    # the legend names the ten classes
    assert panel.legend_names[:10] == [str(k) for k in range(10)]
    assert all(colour in panel.legend.text() for colour in CLASS_COLOURS)


def test_hovering_shows_the_image_and_its_answer(qtbot, panel, real_mnist):
    weights, _ = shipped_weights("softmax")
    show(qtbot, panel)
    panel.on_weights_shown(weights)
    qtbot.waitUntil(lambda: panel.computations == 1 and not panel.busy, timeout=TIMEOUT_MS)
    k = loneliest_point(panel)
    index = int(panel.scatter.data["data"][k])
    hover(panel.plot_widget.viewport(), screen_point(panel, panel.scatter.data["x"][k], panel.scatter.data["y"][k]))
    qtbot.waitUntil(lambda: f"test #{index}<" in panel.inset_caption.text(), timeout=5000)
    shown = panel.inset.pixmap().toImage()
    scale = shown.width() // 28
    assert shown.width() == 28 * scale
    pixel = shown.pixelColor(14 * scale, 14 * scale).red()
    assert pixel == int(real_mnist.test.images[index, 14, 14])
    assert f"label {int(real_mnist.test.labels[index])}" in panel.inset_caption.text()


def test_a_hidden_panel_computes_nothing_until_it_is_shown(qtbot, panel):
    weights, _ = shipped_weights("softmax")
    panel.on_weights_shown(weights)  # not on screen
    qtbot.wait(300)
    assert panel.computations == 0 and not panel.busy and panel.stale
    show(qtbot, panel)
    qtbot.waitUntil(lambda: panel.computations == 1, timeout=TIMEOUT_MS)
    assert not panel.stale


def test_a_replayed_step_says_why_there_is_no_picture(qtbot, panel):
    show(qtbot, panel)
    panel.on_weights_shown(Weights("replay", "cnn", "mnist", 200, "run"))  # a recording without keyframes
    assert "keeps only the parts it recorded" in panel.status_label.text()
    assert not panel.busy
    panel.on_weights_shown(Weights("replay", "cnn", "mnist", 250, "run", full_steps=(0, 100, 200, 400)))
    text = panel.status_label.text()
    assert "steps 0, 100, 200, 400" in text and "nearest is step 200" in text
    assert not panel.busy and panel.computations == 0


def test_replay_computes_the_embedding_where_the_recording_keeps_all_the_weights(qtbot, main_window,
                                                                                 tmp_path, mnist_small):
    """Issue 16: the embedding at replayed steps: a recording keeps the full weights at its
    keyframes (step 0, every evaluation of a small network, the end); there the panel shows the
    projection of those very weights, and at a step between them it says where to go."""
    from mnist_viz.core.recording import Recorder, Recording
    from mnist_viz.core.training import Trainer

    config = TrainConfig(model="softmax", optimizer="sgd", learning_rate=0.01, batch_size=50, steps=60,
                         eval_every=30, device="cpu", seed=3)
    trainer = Trainer(config, mnist_small.train, mnist_small.test)
    recorder = Recorder(tmp_path / "run", config, every_steps=10)
    recorder.attach(trainer)
    list(trainer.run())
    recorder.close()
    recording = Recording.open(tmp_path / "run")
    assert recording.weight_steps() == [0, 30, 60]

    window = main_window
    panel = window.panels["embedding"]
    assert window.open_recording(tmp_path / "run")
    bring_to_front(qtbot, window, "embedding")
    window.replay.seek(30)
    qtbot.waitUntil(lambda: panel.shown_step == 30 and panel.embedding is not None and not panel.busy,
                    timeout=TIMEOUT_MS)
    images, labels = window.panels["embedding"]._images, window.panels["embedding"]._labels
    model = build_model("softmax")
    model.load_state_dict(recording.read_weights(30))
    expected = embedding.embed(model.eval(), images, labels, count=len(panel.embedding.indices))
    shown = np.c_[panel.scatter.data["x"], panel.scatter.data["y"]]
    assert same_up_to_sign(shown, expected.points, atol=1e-3)
    assert "step 30" in panel.status_label.text()

    window.replay.seek(40)  # a snapshot step between keyframes: the panel says where to go
    qtbot.waitUntil(lambda: "nearest is step 30" in panel.status_label.text(), timeout=TIMEOUT_MS)


# ============================================================ in the window
def bring_to_front(qtbot, window, pid: str) -> None:
    dock = window.docks[pid]
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: window.panels[pid] in window.visible_panels(), timeout=5000)


def test_clicking_a_point_makes_that_test_image_the_probe(qtbot, main_window):
    window = main_window
    qtbot.waitUntil(lambda: window.view_state.weights is not None, timeout=TIMEOUT_MS)
    bring_to_front(qtbot, window, "embedding")
    panel = window.panels["embedding"]
    qtbot.waitUntil(lambda: panel.computations >= 1 and not panel.busy, timeout=TIMEOUT_MS)
    assert len(panel.scatter.data) == len(window.mnist.test)  # the small test set: 500 < 2,000
    k = loneliest_point(panel)
    index = int(panel.scatter.data["data"][k])
    assert window.view_state.probe.index != index
    QTest.mouseClick(panel.plot_widget.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     screen_point(panel, panel.scatter.data["x"][k], panel.scatter.data["y"][k]))
    qtbot.waitUntil(lambda: window.view_state.probe.index == index, timeout=5000)
    assert window.view_state.probe.kind == "test"


def test_training_more_redraws_the_picture_for_the_new_weights(qtbot, main_window):
    window = main_window
    bring_to_front(qtbot, window, "embedding")
    panel = window.panels["embedding"]
    window.controls.set_config(SOFTMAX)
    with qtbot.waitSignal(window.controller.finished, timeout=TIMEOUT_MS):
        window.actions["start"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: panel.shown_step == 60 and not panel.busy and not panel.stale, timeout=TIMEOUT_MS)
    before = panel.computations
    trained = window.controller.trainer.state_copy()
    images, labels = window.mnist.test.images.numpy(), window.mnist.test.labels.numpy()
    expected = embedding.embed(model_of("softmax", trained), images, labels)
    assert same_up_to_sign(np.c_[panel.scatter.data["x"], panel.scatter.data["y"]], expected.points, 1e-3)
    assert "step 60" in panel.status_label.text()

    window.controls.set_config(SOFTMAX.replace(steps=30, eval_every=15))  # a new run, evaluated on the way
    with qtbot.waitSignal(window.controller.finished, timeout=TIMEOUT_MS):
        window.actions["start"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: panel.shown_step == 30 and not panel.busy and not panel.stale, timeout=TIMEOUT_MS)
    assert panel.computations > before
    retrained = window.controller.trainer.state_copy()
    expected = embedding.embed(model_of("softmax", retrained), images, labels)
    assert same_up_to_sign(np.c_[panel.scatter.data["x"], panel.scatter.data["y"]], expected.points, 1e-3)


def test_each_evaluation_of_a_run_redraws_the_picture_with_steady_axes(qtbot, panel, real_mnist):
    from mnist_viz.core import events as ev

    shipped_state = shipped_weights("cnn")[1]
    untrained = {k: v.detach().clone() for k, v in build_model("cnn", seed=3).state_dict().items()}
    current = {"state": untrained}
    live = Weights("live", "cnn", "mnist", 0, "this run", reader=lambda: current["state"], frozen=False)
    show(qtbot, panel)
    panel.on_run_started(ev.RunStarted("cnn", "custom", 100, 1.0, 50, "cpu", 60000, 10000, 1, step=0))
    panel.on_weights_shown(live)
    qtbot.waitUntil(lambda: panel.computations == 1 and not panel.busy, timeout=TIMEOUT_MS)
    assert panel.shown_step == 0 and "step 0" in panel.status_label.text()
    before = panel.embedding

    current["state"] = shipped_state  # the run has learned
    panel.on_evaluated(ev.Evaluated(step=1800, test_accuracy=0.99, test_loss=0.03,
                                    confusion=np.zeros((10, 10), int), seconds=1.0))
    qtbot.waitUntil(lambda: panel.computations == 2 and not panel.busy, timeout=TIMEOUT_MS)
    assert panel.shown_step == 1800 and "step 1800" in panel.status_label.text()
    images, labels = real_mnist.test.images.numpy(), real_mnist.test.labels.numpy()
    expected = embedding.embed(model_of("cnn", shipped_state), images, labels, previous=before)
    assert np.allclose(np.c_[panel.scatter.data["x"], panel.scatter.data["y"]], expected.points, atol=1e-3)
    # the axes keep the signs of the picture before (core.embedding's alignment was passed it)
    assert (before.projection.basis * panel.embedding.projection.basis).sum(0).min() > 0


def test_tsne_is_offered_only_with_its_package(qtbot, monkeypatch):
    import importlib.util

    from mnist_viz.gui.panels import embedding as module

    real_find_spec = importlib.util.find_spec
    for installed in (False, True):
        monkeypatch.setattr(importlib.util, "find_spec",
                            lambda name, *args, installed=installed: (object() if installed else None)
                            if name == "openTSNE" else real_find_spec(name, *args))
        widget = module.EmbeddingPanel()
        qtbot.addWidget(widget)
        offered = [widget.method_combo.itemData(i) for i in range(widget.method_combo.count())]
        assert offered == (["pca", "tsne"] if installed else ["pca"])
        widget.shutdown()


def test_the_sample_size_can_be_changed(qtbot, panel, real_mnist):
    weights, _ = shipped_weights("softmax")
    show(qtbot, panel)
    panel.on_weights_shown(weights)
    qtbot.waitUntil(lambda: panel.computations == 1 and not panel.busy, timeout=TIMEOUT_MS)
    panel.count_spin.setValue(1000)  # as typed in the box: redrawn once the typing stops
    qtbot.waitUntil(lambda: panel.computations == 2 and not panel.busy, timeout=TIMEOUT_MS)
    shown = np.array([int(d) for d in panel.scatter.data["data"]])
    assert len(shown) == 1000
    assert np.bincount(real_mnist.test.labels.numpy()[shown], minlength=10).tolist() == [100] * 10
    assert "1000 test images" in panel.status_label.text()
