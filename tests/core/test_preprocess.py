"""MNIST-style preprocessing: a drawing anywhere, of any size and pen, becomes an MNIST-like 28x28."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from mnist_viz.core import preprocess
from tests.drawn_digits import draw_digit, save_png
from tests.shipped import require_pretrained


def ink_box(image: np.ndarray, threshold: float = 0.1) -> tuple[int, int]:
    rows = np.flatnonzero((image > threshold).any(axis=1))
    cols = np.flatnonzero((image > threshold).any(axis=0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(image.shape)
    return float((ys * image).sum() / image.sum()), float((xs * image).sum() / image.sum())


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def best_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation, allowing a one-pixel shift: centring is by whole pixels (as in MNIST), so a
    centre of mass that sits right between two pixels may round either way."""
    return max(similarity(np.roll(a, (dy, dx), axis=(0, 1)), b) for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def test_output_looks_like_an_mnist_digit():
    digit = preprocess.to_mnist(draw_digit(7))
    assert digit.shape == (28, 28) and digit.dtype == np.float32
    assert digit.min() >= 0.0 and digit.max() == pytest.approx(1.0)
    assert max(ink_box(digit)) in (20, 21)          # longest side scaled to 20 px
    cy, cx = centre_of_mass(digit)
    assert abs(cy - 14.0) <= 0.5 and abs(cx - 14.0) <= 0.5
    assert digit[0].max() == 0 and digit[:, 0].max() == 0  # a dark frame, as in MNIST


def test_where_the_digit_is_drawn_does_not_matter():
    a = preprocess.to_mnist(draw_digit(4, left=10, top=15))
    b = preprocess.to_mnist(draw_digit(4, left=180, top=120))
    np.testing.assert_allclose(a, b, atol=0.02)


@pytest.mark.parametrize("digit", [3, 4, 7, 0])
def test_how_large_the_digit_is_drawn_does_not_matter(digit):
    # The pen scales with the drawing, as when the same digit is photographed closer.
    small = preprocess.to_mnist(draw_digit(digit, box=70, width=6, left=30, top=40))
    large = preprocess.to_mnist(draw_digit(digit, box=340, width=29, left=20, top=20))
    assert best_similarity(small, large) > 0.9


@pytest.mark.parametrize("width", [2, 6, 45])
def test_pen_width_is_evened_out_towards_mnist_strokes(width):
    reference = preprocess.to_mnist(draw_digit(3, box=250, width=20))
    digit = preprocess.to_mnist(draw_digit(3, box=250, width=width))
    # MNIST's strokes are 1.5 to 4 px wide; hair-thin and fat pens land inside that range.
    assert preprocess.STROKE_THIN * 0.9 <= preprocess.stroke_width(digit) <= preprocess.STROKE_THICK * 1.1
    assert best_similarity(digit, reference) > 0.7


def test_a_one_keeps_its_aspect_ratio():
    bar = np.zeros((400, 400), dtype=np.float32)
    bar[50:350, 190:210] = 1.0                       # 300 x 20: a "1"
    digit = preprocess.to_mnist(bar)
    height, width = ink_box(digit)
    assert height == 20 and width <= 3               # not stretched into a blob
    assert abs(centre_of_mass(digit)[1] - 14.0) <= 0.5


def test_a_flat_stroke_does_not_break_anything():
    dash = np.zeros((300, 300), dtype=np.float32)
    dash[150:154, 20:280] = 1.0                      # 4 x 260: a minus sign
    digit = preprocess.to_mnist(dash)
    height, width = ink_box(digit)
    assert width == 20 and height <= 3
    assert np.isfinite(digit).all()


@pytest.mark.parametrize("canvas", [
    np.zeros((280, 280), np.float32),                                        # empty
    np.pad(np.ones((1, 2), np.float32), ((100, 177), (100, 178))),            # two pixels
    np.pad(np.ones((4, 4), np.float32), ((200, 196), (200, 196))),            # a speck in a big sheet
    np.full((280, 280), 0.05, np.float32),                                    # faint noise below ink level
], ids=["empty", "two-pixels", "speck", "faint"])
def test_an_empty_or_almost_empty_canvas_gives_no_digit(canvas):
    assert preprocess.to_mnist(canvas) is None


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="2-D"):
        preprocess.to_mnist(np.zeros((28, 28, 3)))


def test_real_mnist_digits_pass_through_almost_unchanged(real_mnist):
    originals = real_mnist.test.images[:200].numpy().astype(np.float32) / 255.0
    again = np.stack([preprocess.to_mnist(image) for image in originals])
    assert np.abs(again - originals).mean() < 0.03


# --------------------------------------------------------------- image files
def test_dark_on_light_images_are_inverted(tmp_path):
    canvas = draw_digit(7)
    save_png(canvas, tmp_path / "paper.png", dark_on_light=True)
    save_png(canvas, tmp_path / "screen.png", dark_on_light=False)
    paper = preprocess.load_image(tmp_path / "paper.png")
    screen = preprocess.load_image(tmp_path / "screen.png")
    np.testing.assert_allclose(paper, screen, atol=1 / 255 + 1e-6)
    np.testing.assert_allclose(preprocess.to_mnist(paper), preprocess.to_mnist(canvas), atol=0.02)


def test_grey_paper_and_transparency_are_handled(tmp_path):
    canvas = draw_digit(4)
    grey_paper = 0.75 - 0.6 * canvas                 # dark-grey ink on light-grey paper
    Image.fromarray((grey_paper * 255).astype(np.uint8)).save(tmp_path / "grey.jpg", quality=95)
    rgba = np.zeros((*canvas.shape, 4), np.uint8)
    rgba[..., 3] = (canvas * 255).astype(np.uint8)  # black ink on a transparent sheet
    Image.fromarray(rgba, mode="RGBA").save(tmp_path / "ink.png")
    expected = preprocess.to_mnist(canvas)
    for name in ("grey.jpg", "ink.png"):
        loaded = preprocess.load_image(tmp_path / name)
        assert loaded[0, 0] < 0.1, name              # the paper became black
        assert similarity(preprocess.to_mnist(loaded), expected) > 0.95, name


def test_sixteen_bit_images_are_read(tmp_path):
    canvas = draw_digit(1)
    Image.fromarray((canvas * 65535).astype(np.uint16)).save(tmp_path / "deep.png")
    assert similarity(preprocess.to_mnist(preprocess.load_image(tmp_path / "deep.png")),
                      preprocess.to_mnist(canvas)) > 0.95


def test_unreadable_files_raise_image_error(tmp_path):
    (tmp_path / "notes.png").write_text("not an image")
    with pytest.raises(preprocess.ImageError, match="not an image"):
        preprocess.load_image(tmp_path / "notes.png")
    with pytest.raises(preprocess.ImageError, match="does not exist"):
        preprocess.load_image(tmp_path / "missing.png")
    with pytest.raises(preprocess.ImageError, match="folder"):
        preprocess.load_image(tmp_path)


# ------------------------------------------------------------------ accuracy
def test_enlarged_mnist_digits_keep_the_pretrained_cnn_accuracy(real_mnist):
    """500 test digits, enlarged 4-10x at random places in a 400x400 canvas, then preprocessed:
    the shipped CNN's accuracy stays within one point of its accuracy on the originals."""
    from mnist_viz.core.inference import Predictor

    require_pretrained("cnn")  # fails, never skips, where the checkout lacks it
    predictor = Predictor.pretrained("cnn")
    rng = np.random.default_rng(4)
    count = 500
    originals = real_mnist.test.images[:count].numpy().astype(np.float32) / 255.0
    labels = real_mnist.test.labels[:count].numpy()
    drawn = []
    for image in originals:
        side = round(28 * rng.uniform(4, 10))
        big = np.asarray(Image.fromarray(image, mode="F").resize((side, side), Image.Resampling.BILINEAR))
        canvas = np.zeros((400, 400), dtype=np.float32)
        top, left = rng.integers(0, 400 - side + 1, size=2)
        canvas[top:top + side, left:left + side] = np.clip(big, 0, 1)
        drawn.append(preprocess.to_mnist(canvas))
    accuracy_original = (predictor.predict_batch(originals) == labels).mean()
    accuracy_drawn = (predictor.predict_batch(np.stack(drawn)) == labels).mean()
    assert accuracy_drawn >= accuracy_original - 0.01, (accuracy_original, accuracy_drawn)
