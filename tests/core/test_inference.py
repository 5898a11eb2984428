"""The Predictor: the shipped models answer, live weights swap in, and the attribution explains."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnist_viz.core import checkpoints, preprocess
from mnist_viz.core.inference import Predictor
from mnist_viz.core.models import build_model
from tests.drawn_digits import draw_digit
from tests.shipped import needs_pretrained, require_pretrained  # fail, never skip, without the shipped models

@pytest.fixture(scope="module")
def cnn() -> Predictor:
    require_pretrained("cnn")
    return Predictor.pretrained("cnn")


def drawn(digit: int, **kwargs) -> np.ndarray:
    return preprocess.to_mnist(draw_digit(digit, **kwargs))


@needs_pretrained
@pytest.mark.parametrize("model_name", ["cnn", "softmax"])
def test_shipped_models_load_without_data_and_give_probabilities(model_name):
    from mnist_viz.core.config import shipped_model

    predictor = Predictor.pretrained(model_name)
    assert predictor.model_name == shipped_model(model_name)  # the softmax: deskew,fc-10
    assert "pretrained" in predictor.description
    probabilities = predictor.probabilities(drawn(1))
    assert probabilities.shape == (10,)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    # answer: the same probabilities, with the logits they are the softmax of (core.unsure's energy)
    answer = predictor.answer(drawn(1))
    np.testing.assert_allclose(answer.probabilities, probabilities, atol=1e-6)
    np.testing.assert_allclose(torch.from_numpy(answer.logits).softmax(0).numpy(), probabilities, atol=1e-6)
    assert predictor.predict(drawn(1)).logits is not None


def test_a_shipped_file_of_another_network_is_refused(tmp_path, monkeypatch):
    """The shipped softmax is deskew,fc-10: a plain fc-10 in its place is a one-line error."""
    path = tmp_path / "softmax.pt"
    checkpoints.save(path, build_model("softmax"), {"model": "softmax"}, 0, {})
    monkeypatch.setattr(checkpoints, "pretrained_path", lambda name: path)
    with pytest.raises(checkpoints.CheckpointError, match="not the shipped deskew,fc-10"):
        Predictor.pretrained("softmax")


@pytest.mark.parametrize("digit", [0, 1, 3, 4, 7])
@pytest.mark.parametrize("pen", [3, 20, 40])
def test_the_pretrained_cnn_reads_drawn_digits_whatever_the_pen(cnn, digit, pen):
    assert cnn.predict(drawn(digit, width=pen)).digit == digit


def test_small_digits_in_a_corner_are_read_too(cnn):
    assert cnn.predict(drawn(7, box=60, width=8, left=5, top=5)).digit == 7


def test_live_weights_swap_in_without_rebuilding():
    untrained = build_model("softmax")  # all zeros: no opinion
    predictor = Predictor.from_state_dict("softmax", untrained.state_dict())
    np.testing.assert_allclose(predictor.probabilities(drawn(1)), 0.1, atol=1e-6)
    model = predictor.model
    trained = build_model("softmax")
    with torch.no_grad():
        trained.b[1] = 5.0
    predictor.load_state_dict(trained.state_dict())
    assert predictor.model is model
    assert predictor.predict(drawn(1)).digit == 1


def test_weights_of_another_model_are_refused_clearly():
    predictor = Predictor.from_state_dict("softmax", build_model("softmax").state_dict())
    with pytest.raises(checkpoints.CheckpointError, match="do not fit the softmax model"):
        predictor.load_state_dict(build_model("cnn").state_dict())


def test_only_28x28_images_are_accepted():
    predictor = Predictor(build_model("softmax"))
    with pytest.raises(ValueError, match="28x28"):
        predictor.probabilities(np.zeros((20, 20)))


def test_softmax_attribution_is_the_tutorials_evidence():
    """For a linear model Integrated Gradients from black is exactly x_i * W[i, k]."""
    model = build_model("softmax", init="kaiming")
    predictor = Predictor(model)
    image = drawn(3)
    attribution = predictor.attribution(image, target=3)
    evidence = image * model.W.detach()[:, 3].reshape(28, 28).numpy()
    np.testing.assert_allclose(attribution, evidence, atol=1e-5)


def test_cnn_attribution_sits_on_the_ink_and_adds_up_to_the_logit(cnn):
    image = drawn(4)
    attribution = cnn.attribution(image, target=4)
    assert attribution.shape == (28, 28)
    assert np.all(attribution[image == 0] == 0)     # black baseline: nothing where there is no ink
    with torch.no_grad():
        logit = cnn.model(torch.from_numpy(image)[None, None])[0, 4]
        blank = cnn.model(torch.zeros(1, 1, 28, 28))[0, 4]
    # Completeness: the attributions sum to logit(image) - logit(black).
    assert attribution.sum() == pytest.approx(float(logit - blank), rel=0.05)
    assert attribution.sum() > 0


def test_a_bad_checkpoint_gives_a_readable_error(tmp_path):
    (tmp_path / "junk.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(checkpoints.CheckpointError, match="not a readable checkpoint"):
        Predictor.from_checkpoint(tmp_path / "junk.pt")
