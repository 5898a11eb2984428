"""The window "Fool the network": opened from the canvas with the drawing, it makes the model
the canvas asks answer the digit picked, shows original, change and fooled image with both
charts, and closes without hanging while it computes."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt, QThreadPool

from mnist_viz.core import events as ev
from mnist_viz.gui.fool_window import FoolWindow
from mnist_viz.gui.widgets.prediction import Predictors
from tests.shipped import needs_pretrained

WAIT_MS = 60_000  # the first answer imports torch and captum: slow on a busy machine


@pytest.fixture(scope="module")
def test_digits(real_mnist):
    test = real_mnist.test.subset(8)
    return test.images.numpy().astype(np.float32) / 255.0, test.labels.numpy()


def drawn(qtbot, panel, image: np.ndarray, model: str = "cnn"):
    """Put ``image`` on the canvas, answered by the shipped ``model``; the canvas's answer."""
    panel.set_source(("pretrained", model))
    panel.canvas.set_background(image)
    qtbot.waitUntil(lambda: not panel.busy and panel.last_result is not None and panel.last_result.complete
                    and panel.last_result.probabilities is not None, timeout=WAIT_MS)
    return panel.last_result


def fool(qtbot, window: FoolWindow, target: int, eps: float | None = None):
    window.set_target(target)
    if eps is not None:
        window.eps_slider.setValue(eps)
    qtbot.mouseClick(window.fool_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.busy, timeout=WAIT_MS)
    return window.result


def heights(chart) -> np.ndarray:
    return np.asarray(chart.bars.opts["height"], dtype=float)


@needs_pretrained
def test_fool_it_from_the_canvas_makes_the_model_answer_the_target(qtbot, canvas_panel, test_digits, one_torch_thread):
    panel = canvas_panel
    images, labels = test_digits
    answer = drawn(qtbot, panel, images[0])  # a 7
    seven = int(np.argmax(answer.probabilities))
    assert seven == labels[0]

    qtbot.mouseClick(panel.fool_button, Qt.MouseButton.LeftButton)
    window = panel.fool_window
    assert window is not None and window.isVisible()
    # it opens with the drawing as the model sees it, and the canvas's answer for it
    np.testing.assert_array_equal(window.image, panel.current_image)
    np.testing.assert_array_equal(window.original_item.image, panel.current_image)
    assert int(np.argmax(heights(window.before_chart))) == seven
    assert window.target != seven  # a target other than the answer is offered

    result = fool(qtbot, window, 3)
    assert result is not None and result.success and result.target == 3
    # the three images: the original, the change, and the fooled image
    np.testing.assert_array_equal(window.original_item.image, panel.current_image)
    np.testing.assert_allclose(window.change_item.image, result.fooled - panel.current_image, atol=1e-6)
    np.testing.assert_array_equal(window.fooled_item.image, result.fooled)
    assert np.abs(window.change_item.image).max() <= window.eps_slider.value() + 1e-6
    # the charts: the original's winner is the 7; on the fooled image the target is highest
    assert int(np.argmax(heights(window.before_chart))) == seven
    assert int(np.argmax(heights(window.after_chart))) == 3
    # and the Predictor the canvas uses agrees
    predictor = panel.predictors.get(panel.source_key)
    assert predictor.predict(window.fooled_item.image).digit == 3
    assert "Fooled" in window.status_label.text() and "0." in window.size_label.text()

    # far too small an ε: it says so and suggests a larger one
    failed = fool(qtbot, window, 3, eps=0.01)
    assert not failed.success
    assert "Not fooled" in window.status_label.text() and "larger ε" in window.status_label.text()
    # the digit it answers already: nothing to change
    same = fool(qtbot, window, seven, eps=0.2)
    assert same.already and "already answers" in window.status_label.text()


@needs_pretrained
def test_closing_while_it_computes_does_not_hang(qtbot, canvas_panel, test_digits, one_torch_thread):
    panel = canvas_panel
    images, labels = test_digits
    drawn(qtbot, panel, images[1])
    window = panel.open_fool_window()
    window.set_target((int(labels[1]) + 1) % 10)
    window.eps_slider.setValue(0.01)  # too small: it would search its 40 steps to the end
    qtbot.mouseClick(window.fool_button, Qt.MouseButton.LeftButton)
    assert window.busy
    window.set_target((int(labels[1]) + 2) % 10)
    qtbot.mouseClick(window.fool_button, Qt.MouseButton.LeftButton)  # asked again: the first one is stale
    window.close()
    assert not window.busy, "the search outlived the window"
    assert not window.isVisible() and window.result is None  # the stopped search shows nothing
    qtbot.wait(50)
    assert window.result is None
    assert QThreadPool.globalInstance().waitForDone(5000)


def test_the_probe_can_be_fooled_and_nothing_drawn_is_said(qtbot, canvas_panel, test_digits):
    panel = canvas_panel
    images, _labels = test_digits
    window = panel.open_fool_window()
    assert not window.probe_radio.isEnabled()  # no probe known yet
    qtbot.mouseClick(window.fool_button, Qt.MouseButton.LeftButton)
    assert not window.busy and "draw a digit" in window.status_label.text()
    assert "\n" not in window.status_label.text()

    # a snapshot shows the probe (test image #4, a 4): the window offers it
    panel.on_snapshot(ev.Snapshot(step=0, arrays={"input": images[4][None]}, probe_index=4, probe_label=4))
    assert window.probe_radio.isEnabled() and "#4" in window.probe_radio.text()
    # opened again (Help > Fool the network...) with nothing drawn: on the probe
    assert panel.open_fool_window() is window and window.probe_radio.isChecked()
    np.testing.assert_array_equal(window.image, images[4])
    np.testing.assert_array_equal(window.original_item.image, images[4])


@needs_pretrained
def test_the_window_alone_fools_the_softmax_probe(qtbot, test_digits, one_torch_thread):
    images, labels = test_digits
    window = FoolWindow(Predictors(), lambda: (("pretrained", "softmax"), "pretrained softmax"))
    qtbot.addWidget(window)
    window.show()
    window.set_probe(images[2], 2, int(labels[2]))  # a 1
    window.use_probe()
    result = fool(qtbot, window, 7, eps=0.3)
    assert result.success and int(np.argmax(heights(window.after_chart))) == 7
    assert window.shutdown()


def test_the_probe_is_the_one_the_view_state_shows(real_mnist):
    """In the window, the probe is the view state's (a test image by number, or a drawn image),
    whichever panel chose it; without a view state, the newest snapshot's."""
    from mnist_viz.core.state import Probe, ViewState
    from mnist_viz.gui.fool_window import known_probe

    test = real_mnist.test.subset(8)
    state = ViewState()

    class Host:
        view_state = state

    class CanvasLike:
        test_set = (test.images.numpy(), test.labels.numpy())
        probe_input = None

        def window(self):
            return Host

    state.set_probe(Probe.test(3))
    image, index, label = known_probe(CanvasLike())
    np.testing.assert_allclose(image, test.images[3].numpy() / 255.0, atol=1e-6)
    assert (index, label) == (3, int(test.labels[3]))
    drawing = np.zeros((28, 28), np.float32)
    drawing[5:20, 12:15] = 1.0
    state.set_probe(Probe.drawn(drawing))
    image, index, label = known_probe(CanvasLike())
    np.testing.assert_array_equal(image, drawing)
    assert index is None


@needs_pretrained
def test_the_model_being_trained_is_fooled_on_a_copy_of_its_weights(qtbot, test_digits, one_torch_thread):
    from mnist_viz.core.inference import Predictor

    images, labels = test_digits
    predictors = Predictors()
    window = FoolWindow(predictors, lambda: (("live",), "Model being trained"))
    qtbot.addWidget(window)
    window.set_drawing(images[3])  # a 0
    fool(qtbot, window, 6)
    assert window.result is None and "no model is being trained yet" in window.status_label.text()

    shipped = Predictor.pretrained("softmax-plain")  # a "softmax" being trained is the plain fc-10
    live = {name: value.clone() for name, value in shipped.model.state_dict().items()}
    predictors.live_source = lambda: ("softmax", live)
    result = fool(qtbot, window, 6, eps=0.3)
    assert result.success and shipped.predict(result.fooled).digit == 6
    assert predictors.cached(("live", "softmax")) is None  # its own predictor, not the canvas's
    assert window.shutdown()


def test_help_menu_opens_the_window_on_the_probe(qtbot, main_window):
    window = main_window
    window.menus.fool_action.trigger()
    fool = window.panels["canvas"].fool_window
    assert fool is not None
    qtbot.waitUntil(fool.isVisible, timeout=5000)
    assert fool.probe_radio.isChecked()  # nothing drawn yet: the probe
    fool.close()
