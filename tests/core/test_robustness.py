"""Generalisation test sets (core.robustness): reproducible, what they say they are, outside
the training recipe's range, and the shipped models measured on them."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnist_viz.core import augment as A
from mnist_viz.core import preprocess, robustness
from mnist_viz.core.inference import Predictor
from tests.drawn_digits import draw_digit
from tests.shipped import require_pretrained


@pytest.fixture(scope="module")
def small_sets(real_mnist) -> dict[str, robustness.TestSet]:
    sets = robustness.build_sets(real_mnist.test.images, real_mnist.test.labels, count=300, per_digit=12)
    return {s.name: s for s in sets}


def test_every_set_is_built_with_labels_and_mnist_shaped_images(small_sets, real_mnist):
    assert list(small_sets) == list(robustness.SET_NAMES)
    for test_set in small_sets.values():
        assert test_set.images.dtype == np.float32 and test_set.images.shape[1:] == (28, 28)
        assert test_set.images.min() >= 0 and test_set.images.max() <= 1
        assert len(test_set.labels) == len(test_set.images) and test_set.description
    for name in robustness.MNIST_SETS:  # the MNIST-derived sets keep MNIST's labels, in order
        assert np.array_equal(small_sets[name].labels, real_mnist.test.labels[:300].numpy())
    drawn = small_sets["drawn"]
    assert sorted(set(drawn.labels.tolist())) == list(range(10)) and len(drawn) == 120


def test_sets_are_reproducible(real_mnist, small_sets):
    again = robustness.build_sets(real_mnist.test.images, real_mnist.test.labels, count=300, per_digit=12,
                                  names=["rotated", "elastic-fine", "drawn"])
    for test_set in again:
        assert np.array_equal(test_set.images, small_sets[test_set.name].images)


def test_each_set_differs_from_mnist_the_way_it_says(small_sets):
    plain = small_sets["mnist-test"].images

    def ink(name):
        return small_sets[name].images.sum((1, 2)) / plain.sum((1, 2))

    assert np.median(ink("thick-pen")) > 1.6
    assert np.median(ink("thin-pen")) < 0.8
    assert small_sets["faint-soft"].images.max((1, 2)).max() <= 0.4 + 1e-6
    widths = {name: np.median([preprocess.stroke_width(image) for image in small_sets[name].images[:100]])
              for name in ("mnist-test", "thick-pen")}
    assert widths["thick-pen"] > widths["mnist-test"] + 2.0
    # thinner strokes keep their peak brightness (MNIST's is 1.0): thinner, not fainter
    assert np.median(small_sets["thin-pen"].images.max((1, 2))) == pytest.approx(1.0, abs=0.01)
    for name in ("rotated", "scaled", "low-res-8", "blurred", "elastic-fine"):
        change = np.abs(small_sets[name].images - plain).max((1, 2))
        assert (change > 0.2).mean() > 0.95, name


@pytest.mark.parametrize("recipe", [r for r in A.RECIPES.values() if not r.is_identity], ids=lambda r: r.name)
def test_the_sets_lie_outside_the_training_recipes(recipe):
    """What the sets test is never what a recipe trains on (or stronger than it)."""
    assert recipe.rotate_deg < 20  # rotated: 20-30
    assert recipe.scale[0] > 0.72 and recipe.scale[1] < 1.22  # scaled
    assert recipe.thick_px < 2.5 and recipe.thin_px < 1.2  # thick-pen, thin-pen
    assert min(A.LOW_SIZES) > 8  # low-res-8
    assert recipe.blur_sigma[1] < 1.3  # blurred
    assert recipe.elastic_sigma > 2.0  # elastic-fine
    assert recipe.ink[0] > 0.4 and recipe.gamma[0] > 0.5  # faint-soft


def test_drawn_digits_go_through_the_canvas_preprocessing():
    drawings = [draw_digit(7, width=pen) for pen in (3, 20)] + [np.zeros((100, 100), np.float32)]
    test_set = robustness.canvas_set("t", "two sevens and an empty canvas", drawings, [7, 7, 0])
    assert len(test_set) == 2 and test_set.labels.tolist() == [7, 7]  # the empty one is left out
    np.testing.assert_array_equal(test_set.images[0], preprocess.to_mnist(drawings[0]))


def test_unknown_set_names_are_one_line():
    with pytest.raises(ValueError, match="unknown test set 'sideways'; choose from mnist-test"):
        robustness.build_sets(torch.zeros((1, 28, 28), dtype=torch.uint8), torch.zeros(1, dtype=torch.int64),
                              names=["sideways"])


def test_the_shipped_models_on_the_sets(small_sets):
    """The shipped CNN reads MNIST and the drawn digits, and each harder set costs it
    accuracy; the softmax reads less of every set than the CNN does on the geometric ones.
    (Figures here are loose floors on 300 digits a set: the table is in the README.)"""
    require_pretrained()
    cnn = robustness.evaluate(Predictor.pretrained("cnn"), small_sets.values())
    softmax = robustness.evaluate(Predictor.pretrained("softmax"), small_sets.values())
    assert cnn["mnist-test"] >= 0.98 and cnn["drawn"] >= 0.9
    assert all(0.0 <= value <= 1.0 for value in [*cnn.values(), *softmax.values()])
    assert min(cnn.values()) < cnn["mnist-test"]  # the sets are harder than MNIST
    for name in ("rotated", "scaled", "thick-pen"):
        assert softmax[name] < cnn[name]


def test_the_script_prints_a_table(real_mnist, capsys):
    require_pretrained()
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "eval_robustness.py"
    spec = importlib.util.spec_from_file_location("eval_robustness", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--count", "50", "--data-dir", str(real_mnist.root)]) == 0
    out = capsys.readouterr().out
    assert "cnn.pt" in out and "softmax.pt" in out and "unlike MNIST (mean)" in out
    for name in (*robustness.SET_NAMES, "test-drawings"):
        assert name in out
    assert module.main(["--count", "0"]) == 2
    assert "--count must be 1..10000" in capsys.readouterr().err


def test_through_canvas_gives_every_set_as_the_canvas_feeds_it(small_sets):
    scaled = robustness.through_canvas(small_sets["scaled"])
    assert scaled.name == "scaled (canvas)" and len(scaled) == len(small_sets["scaled"])
    np.testing.assert_array_equal(scaled.images[0], preprocess.to_mnist(small_sets["scaled"].images[0]))
    assert robustness.through_canvas(small_sets["drawn"]) is small_sets["drawn"]  # drawn through it already
    # shrunk or enlarged digits come back to MNIST's 20-pixel box
    for image in scaled.images[:20]:
        rows, cols = np.flatnonzero(image.max(1) > 0.1), np.flatnonzero(image.max(0) > 0.1)
        assert max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 in range(18, 23)


def test_a_faint_ring_with_one_bright_pixel_goes_through_the_canvas():
    """Its stroke width is misjudged (few pixels reach half the peak), and the erosion that
    thins thick strokes wiped it out: to_mnist failed on an empty field (found by the
    thin-pen set through the canvas)."""
    image = np.zeros((28, 28), np.float32)
    yy, xx = np.mgrid[:28, :28]
    image[np.abs(np.hypot(yy - 14, xx - 14) - 8) < 0.7] = 0.45
    image[6, 14] = 1.0
    digit = preprocess.to_mnist(image)
    assert digit is not None and np.isfinite(digit).all() and digit.max() == pytest.approx(1.0)
    assert digit.sum() > 20  # the ring is there, not an empty field
