"""The canvas explains its answer four ways: the "Why" box's method is the map shown (equal to
core.explain's on the same model input), Integrated Gradients stays the default and is
today's map, each method's tooltip says how to read it, and Grad-CAM is greyed out, saying
why, for softmax regression, which has no convolution layer."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_viz.core import explain
from mnist_viz.core.inference import Predictor
from mnist_viz.gui.widgets.evidence_view import diverging_overlay
from tests.gui.test_canvas import SEVEN, draw, wait_for_answer
from tests.shipped import needs_pretrained


@pytest.fixture
def panel(canvas_panel):
    return canvas_panel


def wait_for_method(qtbot, panel, method: str):
    qtbot.waitUntil(lambda: not panel.busy and panel.last_result is not None and panel.last_result.complete
                    and panel.last_result.method == method, timeout=60_000)
    return panel.last_result


def shown_overlay(panel) -> np.ndarray:
    return np.asarray(panel.why_overlay.image)


@needs_pretrained
def test_integrated_gradients_is_the_default_and_todays_map(qtbot, panel):
    assert panel.method_choice.method == "integrated-gradients"
    panel.set_source(("pretrained", "cnn"))
    draw(panel, SEVEN)
    result = wait_for_answer(qtbot, panel)
    assert result.method == "integrated-gradients"
    predictor = Predictor.pretrained("cnn")
    expected = predictor.attribution(result.image, int(np.argmax(result.probabilities)))
    assert np.allclose(result.attribution, expected, atol=1e-5)


@needs_pretrained
@pytest.mark.parametrize("model, method", [("cnn", "saliency"), ("cnn", "gradcam"), ("cnn", "occlusion"),
                                           ("softmax", "saliency")])
def test_the_chosen_method_is_the_map_shown(qtbot, panel, model, method):
    panel.set_source(("pretrained", model))
    draw(panel, SEVEN)
    first = wait_for_answer(qtbot, panel)
    panel.method_choice.choose(method)  # the drawing is explained again, its answer unchanged
    result = wait_for_method(qtbot, panel, method)
    assert np.allclose(result.probabilities, first.probabilities, atol=1e-6)
    expected = explain.explain(Predictor.pretrained(model).model, result.image, method)
    assert expected.target == int(np.argmax(result.probabilities))
    assert np.allclose(result.attribution, expected.attribution, atol=1e-5)
    assert np.array_equal(shown_overlay(panel), diverging_overlay(expected.attribution))  # what is drawn
    assert not np.allclose(result.attribution, first.attribution, atol=1e-3)  # not the IG map
    english = explain.HOW_TO_READ[method]["en"]
    assert english[:40] in panel.method_choice.toolTip()


@needs_pretrained
def test_gradcam_is_greyed_out_for_softmax_and_comes_back_for_the_cnn(qtbot, panel):
    choice = panel.method_choice
    index = choice.findData("gradcam")
    panel.set_source(("pretrained", "cnn"))
    assert choice.model().item(index).isEnabled()
    choice.choose("gradcam")
    panel.set_source(("pretrained", "softmax"))
    assert not choice.model().item(index).isEnabled()  # greyed
    assert "no convolution layer" in choice.itemData(index, 3)  # its tooltip says why (Qt.ToolTipRole)
    assert choice.method == "integrated-gradients"  # a box that had it falls back to the default
    with pytest.raises(ValueError, match="no convolution layer"):
        choice.choose("gradcam")
    draw(panel, SEVEN)
    assert wait_for_answer(qtbot, panel).method == "integrated-gradients"
    panel.set_source(("pretrained", "cnn"))
    assert choice.model().item(index).isEnabled()


def test_every_method_has_its_how_to_read_in_the_interface_language(qtbot, panel):
    from mnist_viz.gui.widgets.explain_choice import ExplainChoice

    titles = [panel.method_choice.itemText(i) for i in range(panel.method_choice.count())]
    assert titles[0] == "Integrated Gradients" and len(titles) == 4
    japanese = ExplainChoice(language="ja")
    qtbot.addWidget(japanese)
    for i in range(japanese.count()):
        method = japanese.itemData(i)
        assert explain.TITLES[method]["ja"].startswith(japanese.itemText(i))
        japanese.setCurrentIndex(i)
        assert explain.TITLES[method]["ja"] in japanese.toolTip()
        assert japanese.itemData(i, 3) == explain.HOW_TO_READ[method]["ja"]
