"""The drawing canvas panel: strokes drawn with real mouse events update the preview and the answer."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from mnist_viz.core import checkpoints
from mnist_viz.core.models import build_model
from mnist_viz.gui.panels.canvas import WINNER_BRUSH, CanvasPanel
from mnist_viz.gui.widgets.drawing_canvas import CANVAS_SIZE
from tests.shipped import needs_pretrained  # fails, never skips, without the shipped models

WAIT_MS = 60_000  # the first answer imports torch and captum: slow on a busy machine

SEVEN = [[(70, 50), (140, 50), (210, 50)], [(210, 50), (180, 120), (150, 180), (120, 240)]]
ONE = [[(140, 40), (140, 140), (140, 240)]]


@pytest.fixture
def panel(canvas_panel):
    return canvas_panel


def widget_point(panel: CanvasPanel, x: float, y: float) -> QPoint:
    square = panel.canvas._square()
    return QPoint(round(square.left() + x * square.width() / CANVAS_SIZE),
                  round(square.top() + y * square.height() / CANVAS_SIZE))


def draw(panel: CanvasPanel, strokes) -> None:
    """Press, move through the points in small steps, release: as a hand on a mouse would."""
    canvas = panel.canvas
    for stroke in strokes:
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         widget_point(panel, *stroke[0]))
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            for t in np.linspace(0, 1, 8)[1:]:
                QTest.mouseMove(canvas, widget_point(panel, x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           widget_point(panel, *stroke[-1]))


def wait_for_answer(qtbot, panel: CanvasPanel):
    """Until the newest drawing has been predicted and explained."""
    qtbot.waitUntil(lambda: not panel.busy and panel.last_result is not None and panel.last_result.complete,
                    timeout=WAIT_MS)
    return panel.last_result


def shown_probabilities(panel: CanvasPanel) -> np.ndarray:
    return np.asarray(panel.bars.opts["height"], dtype=float)


def shown_preview(panel: CanvasPanel) -> np.ndarray:
    return np.asarray(panel.input_item.image, dtype=float)


@needs_pretrained
def test_drawing_updates_the_preview_and_the_prediction(qtbot, panel):
    assert shown_preview(panel).sum() == 0
    assert "Draw a digit" in panel.verdict_label.text()

    draw(panel, SEVEN[:1])                      # the bar of a 7 only
    first = wait_for_answer(qtbot, panel)
    first_preview = shown_preview(panel)
    assert first_preview.shape == (28, 28) and first_preview.max() == pytest.approx(1.0)

    draw(panel, SEVEN[1:])                      # now the whole 7
    result = wait_for_answer(qtbot, panel)
    assert result.request > first.request
    preview = shown_preview(panel)
    assert not np.allclose(preview, first_preview)
    probabilities = shown_probabilities(panel)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-4)
    assert int(np.argmax(probabilities)) == 7
    assert panel.bars.opts["brushes"][7] is WINNER_BRUSH
    assert panel.bars.opts["brushes"][1] is not WINNER_BRUSH
    assert "<b>7</b>" in panel.verdict_label.text()
    overlay = np.asarray(panel.why_overlay.image)
    assert overlay.shape == (28, 28, 4) and overlay[..., 3].max() > 0  # the "why" map is drawn
    assert panel.probe_button.isEnabled()


@needs_pretrained
def test_escape_clears_and_ctrl_z_takes_back_a_stroke(qtbot, panel):
    draw(panel, ONE)
    wait_for_answer(qtbot, panel)
    one_preview = shown_preview(panel)
    draw(panel, [[(80, 140), (200, 140)]])      # a cross-bar: no longer a 1
    wait_for_answer(qtbot, panel)
    assert not np.allclose(shown_preview(panel), one_preview)

    panel.canvas.setFocus()
    QTest.keyClick(panel.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_answer(qtbot, panel)
    np.testing.assert_allclose(shown_preview(panel), one_preview, atol=1e-6)
    assert int(np.argmax(shown_probabilities(panel))) == 1

    QTest.keyClick(panel.canvas, Qt.Key.Key_Escape)
    assert panel.canvas.empty
    assert shown_preview(panel).sum() == 0
    assert shown_probabilities(panel).sum() == 0
    assert not panel.probe_button.isEnabled()
    assert "Draw a digit" in panel.verdict_label.text()

    panel.undo_button.click()                   # the clear itself can be undone
    wait_for_answer(qtbot, panel)
    np.testing.assert_allclose(shown_preview(panel), one_preview, atol=1e-6)


def test_the_pen_width_slider_changes_the_ink(qtbot, panel):
    panel.pen_slider.setValue(6)
    draw(panel, ONE)
    thin = panel.canvas.ink_array().sum()
    panel.canvas.clear()
    panel.pen_slider.setValue(40)
    draw(panel, ONE)
    assert panel.canvas.ink_array().sum() > 4 * thin
    wait_for_answer(qtbot, panel)


def test_strokes_are_smooth_and_anti_aliased(qtbot, panel):
    draw(panel, [[(40, 40), (140, 200), (240, 60)]])
    ink = panel.canvas.ink_array()
    grey_levels = np.unique(np.round(ink * 255))
    assert len(grey_levels) > 20                # soft edges, not a jagged black-and-white line
    wait_for_answer(qtbot, panel)


def test_touch_draws_too(qtbot, panel):
    device = QTest.createTouchDevice()
    QTest.touchEvent(panel.canvas, device).press(0, widget_point(panel, 140, 40))
    for y in range(50, 250, 10):
        QTest.touchEvent(panel.canvas, device).move(0, widget_point(panel, 140, y))
    QTest.touchEvent(panel.canvas, device).release(0, widget_point(panel, 140, 240))
    assert len(panel.canvas.drawing.strokes) == 1
    assert panel.canvas.ink_array().sum() > 0
    wait_for_answer(qtbot, panel)


@needs_pretrained
def test_use_as_probe_offers_the_model_input(qtbot, panel):
    draw(panel, SEVEN)
    wait_for_answer(qtbot, panel)
    with qtbot.waitSignal(panel.probe_image_requested) as blocker:
        panel.probe_button.click()
    probe = blocker.args[0]
    assert probe.shape == (28, 28)
    np.testing.assert_allclose(probe, shown_preview(panel), atol=1e-6)


@needs_pretrained
def test_a_saved_drawing_loads_back_with_the_same_answer(qtbot, panel, tmp_path):
    draw(panel, SEVEN)
    answer = wait_for_answer(qtbot, panel)
    path = tmp_path / "my seven.png"
    assert panel.save_drawing(path)
    saved = np.asarray(Image.open(path).convert("L"))
    assert saved[0, 0] == 255 and saved.min() < 60   # dark ink on white paper, as drawn

    panel.canvas.clear()
    assert panel.load_image(path)
    again = wait_for_answer(qtbot, panel)
    assert int(np.argmax(again.probabilities)) == int(np.argmax(answer.probabilities)) == 7
    np.testing.assert_allclose(again.image, answer.image, atol=0.05)

    panel.canvas.undo()                          # loading can be undone like a stroke
    assert panel.canvas.empty


def test_a_file_that_is_not_an_image_is_reported(qtbot, panel, tmp_path):
    bogus = tmp_path / "digit.png"
    bogus.write_text("hello")
    assert not panel.load_image(bogus)
    assert panel.message_label.isVisibleTo(panel)
    assert "not an image" in panel.message_label.text()
    assert panel.canvas.empty


def softmax_favouring(digit: int) -> dict:
    model = build_model("softmax")
    with torch.no_grad():
        model.b[digit] = 8.0
    return model.state_dict()


def test_the_model_being_trained_answers_and_is_asked_off_the_gui_thread(qtbot, panel):
    calls: list[int] = []
    weights = {"state": softmax_favouring(3)}

    def live_weights():
        calls.append(threading.get_ident())
        return "softmax", weights["state"]

    draw(panel, ONE)
    panel.set_source(("live",))
    result = wait_for_answer(qtbot, panel)
    assert "no model is being trained" in panel.verdict_label.text()
    assert result.probabilities is None

    panel.set_live_weights_source(live_weights)
    qtbot.waitUntil(lambda: panel.last_result.probabilities is not None, timeout=WAIT_MS)
    assert int(np.argmax(shown_probabilities(panel))) == 3
    assert "being trained" in panel.verdict_label.text()

    weights["state"] = softmax_favouring(5)      # training moved on
    panel.on_steps([])
    qtbot.waitUntil(lambda: int(np.argmax(shown_probabilities(panel))) == 5, timeout=WAIT_MS)
    wait_for_answer(qtbot, panel)
    assert calls and threading.get_ident() not in calls


def test_a_checkpoint_file_can_answer(qtbot, panel, tmp_path):
    draw(panel, ONE)
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"junk")
    panel.load_checkpoint(junk)
    qtbot.waitUntil(lambda: "Checkpoint not loaded" in panel.message_label.text(), timeout=WAIT_MS)
    assert "junk.pt" in panel.message_label.text()

    model = build_model("softmax")
    model.load_state_dict(softmax_favouring(2))
    good = checkpoints.save(tmp_path / "mine.pt", model)
    panel.load_checkpoint(good)
    qtbot.waitUntil(lambda: panel.source_key == ("file", str(good)), timeout=WAIT_MS)
    assert panel.source_combo.currentText() == "Checkpoint: mine.pt"
    assert not panel.message_label.isVisibleTo(panel)
    qtbot.waitUntil(lambda: panel.last_result.complete and "mine.pt" in panel.last_result.source,
                    timeout=WAIT_MS)
    assert int(np.argmax(shown_probabilities(panel))) == 2


def test_a_pen_draws_thicker_when_pressed_harder(qtbot, panel):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtWidgets import QApplication

    stylus = QPointingDevice("test stylus", 4242, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                             QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)

    def pen(kind, x, y, pressure):
        where = QPointF(widget_point(panel, x, y))
        event = QTabletEvent(kind, stylus, where, panel.canvas.mapToGlobal(where), pressure, 0, 0, 0, 0, 0,
                             Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
        QApplication.sendEvent(panel.canvas, event)

    pen(QEvent.Type.TabletPress, 40, 140, 0.05)      # light on the left, hard on the right
    for step in range(1, 21):
        pen(QEvent.Type.TabletMove, 40 + 10 * step, 140, 0.05 + 0.045 * step)
    pen(QEvent.Type.TabletRelease, 240, 140, 0.95)
    assert len(panel.canvas.drawing.strokes) == 1
    ink = panel.canvas.ink_array()
    light, hard = ink[:, 50:90].sum(), ink[:, 190:230].sum()
    assert hard > 1.5 * light
    wait_for_answer(qtbot, panel)
