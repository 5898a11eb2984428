"""core.explain: each method's map is captum's (called directly here) or the textbook formula
computed by hand, on the shipped models; Grad-CAM is refused for softmax with the reason."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from mnist_viz.core import checkpoints, explain
from mnist_viz.core.inference import IG_STEPS, Predictor
from tests.shipped import require_pretrained


@pytest.fixture(scope="module")
def shipped():
    require_pretrained()
    # the tutorial networks (the softmax: the plain fc-10, softmax-plain.pt)
    return {name: checkpoints.load_model(checkpoints.shipped_path(name))[0].eval() for name in ("softmax", "cnn")}


@pytest.fixture(scope="module")
def digits(real_mnist):
    """Three test images (a 7, a 2, a 1) as 28x28 float arrays, and their labels."""
    images = real_mnist.test.images[:3].float().div(255).numpy()
    return images, real_mnist.test.labels[:3].tolist()


def as_input(image: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(image.copy())[None, None].requires_grad_(True)


def test_methods_offered_and_the_reason_for_the_one_that_is_not(shipped, digits):
    assert explain.methods_for(shipped["cnn"]) == list(explain.METHODS)
    assert explain.methods_for(shipped["softmax"]) == ["saliency", "integrated-gradients", "occlusion"]
    assert "not offered: the network has no convolution layer" in explain.why_not(shipped["softmax"], "gradcam")
    with pytest.raises(explain.ExplainError, match="not offered: the network has no convolution layer"):
        explain.explain(shipped["softmax"], digits[0][0], "gradcam")
    with pytest.raises(explain.ExplainError, match="unknown method 'lime'; choose one of saliency"):
        explain.explain(shipped["cnn"], digits[0][0], "lime")


@pytest.mark.parametrize("name", ["softmax", "cnn"])
def test_the_target_is_the_answer_unless_asked_and_the_mode_is_kept(shipped, digits, name):
    model = shipped[name].train()
    try:
        images, labels = digits
        result = explain.explain(model, images[0], "saliency")
        assert model.training
        assert result.target == labels[0] == int(np.argmax(result.probabilities))
        assert result.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
        assert explain.explain(model, images[0], "saliency", target=3).target == 3
        with pytest.raises(explain.ExplainError, match="class 0..9, not 10"):
            explain.explain(model, images[0], "saliency", target=10)
        with pytest.raises(explain.ExplainError, match="28x28"):
            explain.explain(model, images[0][:20], "saliency")
    finally:
        model.eval()


@pytest.mark.parametrize("name", ["softmax", "cnn"])
def test_saliency_and_occlusion_are_captums(shipped, digits, name):
    from captum.attr import Occlusion, Saliency

    model = shipped[name]
    for image, label in zip(*digits):
        ours = explain.explain(model, image, "saliency", target=label).attribution
        theirs = Saliency(model).attribute(as_input(image), target=label, abs=False)[0, 0].detach().numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-7)
        ours = explain.explain(model, image, "occlusion", target=label).attribution
        theirs = Occlusion(model).attribute(as_input(image).detach(), sliding_window_shapes=(1, 4, 4),
                                            strides=(1, 2, 2), baselines=0.0, target=label)[0, 0].numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", ["softmax", "cnn"])
def test_integrated_gradients_is_what_the_canvas_shows(shipped, digits, name):
    from captum.attr import IntegratedGradients

    model = shipped[name]
    predictor = Predictor(model)
    for image, label in zip(*digits):
        ours = explain.explain(model, image, "integrated-gradients", target=label)
        np.testing.assert_allclose(ours.attribution, predictor.attribution(image, label), rtol=1e-5, atol=1e-6)
        x = as_input(image)
        theirs = IntegratedGradients(model).attribute(x, baselines=torch.zeros_like(x), target=label,
                                                      n_steps=IG_STEPS)[0, 0].detach().numpy()
        np.testing.assert_allclose(ours.attribution, theirs, rtol=1e-4, atol=1e-5)
        assert (ours.attribution[image == 0] == 0).all()  # nothing off the ink
        with torch.inference_mode():  # completeness: the map adds up to logit(image) - logit(black)
            gain = float(model(x.detach())[0, label] - model(torch.zeros_like(x))[0, label])
        assert ours.attribution.sum() == pytest.approx(gain, rel=0.05)


def test_for_softmax_the_maps_are_the_tutorials_formulas(shipped, digits):
    softmax = shipped["softmax"]
    weights = softmax.W.detach().numpy()  # (784, 10)
    for image, label in zip(*digits):
        template = weights[:, label].reshape(28, 28)
        saliency = explain.explain(softmax, image, "saliency", target=label).attribution
        np.testing.assert_allclose(saliency, template, rtol=1e-5, atol=1e-7)   # the gradient of x.W + b
        evidence = explain.explain(softmax, image, "integrated-gradients", target=label).attribution
        np.testing.assert_allclose(evidence, image * template, rtol=1e-4, atol=1e-6)  # x_i * W_ik


def test_gradcam_is_the_textbook_formula_on_the_rectified_last_conv_maps(shipped, digits):
    """alpha_k = mean gradient of the logit over feature map A_k = relu(conv2); cam = relu(sum alpha_k A_k),
    upsampled bilinearly from 14x14 to 28x28; computed by hand. The network is written as the
    model runs it on the CPU (pool, then ReLU: the same values; ReLU's gradient at 0 is 0, so a
    pooling window of zeros passes no gradient back, as in the model's own backward pass)."""
    cnn = shipped["cnn"]
    for image, label in zip(*digits):
        x = torch.from_numpy(image.copy())[None, None]
        maps = F.relu(cnn.conv2(F.max_pool2d(F.relu(cnn.conv1(x)), 2)))
        logits = cnn.fc2(F.relu(cnn.fc1(F.relu(F.max_pool2d(maps, 2)).flatten(1))))
        (gradient,) = torch.autograd.grad(logits[0, label], maps)
        cam = F.relu((gradient.mean(dim=(2, 3), keepdim=True) * maps).sum(dim=1, keepdim=True))
        expected = F.interpolate(cam, size=(28, 28), mode="bilinear")[0, 0].detach().numpy()
        ours = explain.explain(cnn, image, "gradcam", target=label).attribution
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-6 * float(np.abs(expected).max()))
        assert ours.max() > 0 and ours.min() >= 0
    assert not any(module._forward_hooks for module in cnn.modules())  # the hook went away


def test_occlusion_is_zero_where_no_window_meets_ink(shipped, digits):
    image, label = digits[0][0], digits[1][0]
    ink_rows, ink_columns = np.nonzero(image)
    occlusion = explain.explain(shipped["cnn"], image, "occlusion", target=label).attribution
    # a pixel whose every 4x4 window (stride 2) is blank: more than 4 pixels away from the ink
    far = np.ones((28, 28), bool)
    for r, c in zip(ink_rows, ink_columns):
        far[max(0, r - 4):r + 5, max(0, c - 4):c + 5] = False
    assert far.any() and (occlusion[far] == 0).all()


def test_every_method_has_a_title_and_a_paragraph_in_english_and_japanese():
    for method in explain.METHODS:
        for language in ("en", "ja"):
            assert explain.TITLES[method][language]
            text = explain.HOW_TO_READ[method][language]
            assert len(text) > 150
        assert any("\u3040" <= ch <= "\u30ff" for ch in explain.HOW_TO_READ[method]["ja"])  # kana
        assert "red" in explain.HOW_TO_READ[method]["en"].lower() and "赤" in explain.HOW_TO_READ[method]["ja"]


def test_the_overlay_is_red_for_blue_against_and_white_elsewhere():
    image = np.zeros((28, 28), np.float32)
    image[10:18, 12:15] = 1.0                                       # a stroke of ink
    attribution = np.zeros((28, 28), np.float32)
    attribution[10:14, 12:15] = 1.0                                 # its top argues for
    attribution[14:18, 12:15] = -1.0                                # its bottom against
    rgb = explain.overlay_rgb(image, attribution, scale=3)
    assert rgb.shape == (84, 84, 3) and rgb.dtype == np.uint8
    red, blue, paper = rgb[11 * 3, 13 * 3], rgb[16 * 3, 13 * 3], rgb[2 * 3, 2 * 3]
    assert int(red[0]) > int(red[2]) + 80 and int(red[0]) > int(red[1]) + 80, red       # CET-D1A's dark red end
    assert int(blue[2]) > int(blue[0]) + 80, blue
    assert paper.tolist() == [255, 255, 255]
    plain = explain.overlay_rgb(image, np.zeros_like(attribution), scale=1)  # no map: light-grey ink on white
    assert plain[12, 13].tolist() == [178, 178, 178] and plain[0, 0].tolist() == [255, 255, 255]
