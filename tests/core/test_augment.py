"""Augmentation (core.augment): each transformation does what it says, a seed reproduces a
batch, "none" changes nothing, and the Trainer augments the training batch only."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnist_viz.core import augment as A
from mnist_viz.core import data, preprocess
from mnist_viz.core.training import PRESETS, Trainer
from tests.shipped import require_pretrained


def blob(row: float, col: float, radius: float = 2.0, n: int = 1) -> torch.Tensor:
    """A soft round dot of ink centred at (row, col), as an (n, 1, 28, 28) batch."""
    ys, xs = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    dot = torch.exp(-((ys - row) ** 2 + (xs - col) ** 2) / (2 * radius ** 2))
    return dot.expand(n, 1, 28, 28).clone()


def centre_of_mass(images: torch.Tensor) -> torch.Tensor:
    """(n, 2): row and column of each image's centre of mass."""
    ys, xs = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    mass = images[:, 0].sum((1, 2))
    return torch.stack([(images[:, 0] * ys).sum((1, 2)) / mass, (images[:, 0] * xs).sum((1, 2)) / mass], 1)


def high_frequency_energy(images: torch.Tensor) -> torch.Tensor:
    """Per image: the spectral energy above a third of the Nyquist frequency."""
    spectrum = torch.fft.fftshift(torch.fft.fft2(images[:, 0]), dim=(-2, -1)).abs() ** 2
    f = torch.arange(28.0) - 14
    radius = (f[:, None] ** 2 + f[None, :] ** 2).sqrt()
    return (spectrum * (radius > 14 / 3)).sum((1, 2))


@pytest.fixture(scope="module")
def digits(real_mnist) -> torch.Tensor:
    """The first 200 real MNIST training digits, float (200, 1, 28, 28)."""
    return data.to_float(real_mnist.train.images[:200])


def gen(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


# ------------------------------------------------------------------ the whole recipe
@pytest.mark.parametrize("recipe, changed_at_least", [("canvas", 0.6), ("canvas-light", 0.5)])
@pytest.mark.parametrize("batch_size", [50, 100])
def test_recipes_keep_shape_dtype_and_range_on_real_batches(real_mnist, batch_size, recipe, changed_at_least):
    generator = gen(3)
    batches = data.iterate_batches(len(real_mnist.train), batch_size, gen(1))
    for _ in range(3):
        images, labels = real_mnist.train.batch(next(batches))
        before, labels_before = images.clone(), labels.clone()
        out = A.augment(images, recipe, generator)
        assert out.shape == (batch_size, 1, 28, 28) and out.dtype == torch.float32
        assert torch.isfinite(out).all() and out.min() >= 0.0 and out.max() <= 1.0
        assert torch.equal(images, before), "the input batch was modified"
        assert torch.equal(labels, labels_before)
        changed = (out - images).abs().amax((1, 2, 3)) > 1e-4
        # 15 % (canvas-light: 30 %) clean: most samples change, some do not
        assert changed_at_least * batch_size < int(changed.sum()) < batch_size


def test_a_seed_reproduces_a_batch_exactly(digits):
    first = A.augment(digits, "canvas", gen(7))
    again = A.augment(digits, "canvas", gen(7))
    other = A.augment(digits, "canvas", gen(8))
    assert torch.equal(first, again)
    assert not torch.equal(first, other)


def test_none_is_the_identity_and_draws_nothing(digits):
    generator = gen(5)
    state = generator.get_state()
    assert A.augment(digits, "none", generator) is digits
    assert torch.equal(generator.get_state(), state)
    assert A.NONE.is_identity and not A.CANVAS.is_identity


def test_an_unknown_recipe_is_one_line_naming_the_choices():
    with pytest.raises(ValueError, match="unknown augmentation 'wobbly'; choose one of none, canvas, canvas-light"):
        A.get_recipe("wobbly")


def test_canvas_digits_are_still_their_labels(real_mnist):
    """Augmentation must not turn a 4 into a 9: the shipped CNN still reads the augmented
    test digits (it reads 99 % of the plain ones)."""
    require_pretrained("cnn")
    from mnist_viz.core.inference import Predictor

    images = data.to_float(real_mnist.test.images[:1000])
    labels = real_mnist.test.labels[:1000].numpy()
    augmented = A.augment(images, "canvas", gen(11))[:, 0].numpy()
    accuracy = float((Predictor.pretrained("cnn").predict_batch(augmented) == labels).mean())
    assert accuracy >= 0.9


def test_one_probability_leaves_the_other_draws_alone(digits):
    """The draws come in one fixed order: switching blur off changes only blurred samples."""
    base = A.Recipe(name="t", rotate_deg=10, blur_p=0.5, blur_sigma=(0.8, 0.8))
    without_blur = A.Recipe(name="t", rotate_deg=10)
    a = A.augment(digits, base, gen(2))
    b = A.augment(digits, without_blur, gen(2))
    same = (a - b).abs().amax((1, 2, 3)) < 1e-6
    assert 0.3 < float(same.float().mean()) < 0.7


# ------------------------------------------------------------ each transformation
def test_rotation_turns_anticlockwise_about_the_centre():
    right_of_centre = blob(14.0, 22.0)  # pixel centres: the image's centre is at 13.5
    quarter = A.warp(right_of_centre, A.affine_matrices(torch.tensor([90.0]), 1.0, 0.0, 0.0, 0.0))
    row, col = centre_of_mass(quarter)[0].tolist()
    # (row 14, col 22) is 8.5 right of and 0.5 below the centre -> 8.5 above and 0.5 right
    assert row == pytest.approx(13.5 - 8.5, abs=0.3) and col == pytest.approx(13.5 + 0.5, abs=0.3)


def test_translation_scale_and_shear_move_ink_as_documented():
    dot = blob(8.0, 13.5)  # above the centre
    shifted = A.warp(dot, A.affine_matrices(torch.tensor([0.0]), 1.0, 0.0, 3.0, -2.0))
    assert centre_of_mass(shifted)[0].tolist() == pytest.approx([6.0, 16.5], abs=0.2)
    bigger = A.warp(dot, A.affine_matrices(torch.tensor([0.0]), 1.5, 0.0, 0.0, 0.0))
    assert centre_of_mass(bigger)[0, 0] == pytest.approx(13.5 - 1.5 * 5.5, abs=0.3)
    slanted = A.warp(dot, A.affine_matrices(torch.tensor([0.0]), 1.0, 20.0, 0.0, 0.0))
    # the top of a digit slants to the right: x += tan(20 deg) * 5.5
    assert centre_of_mass(slanted)[0, 1] == pytest.approx(13.5 + np.tan(np.radians(20)) * 5.5, abs=0.3)


def test_random_rotations_stay_within_the_recipes_range():
    dots = blob(13.5, 22.0, n=400)  # straight right of the centre: at angle 0
    out = A.augment(dots, A.Recipe(name="rot", rotate_deg=30.0), gen(1))
    com = centre_of_mass(out)
    angles = torch.rad2deg(torch.atan2(-(com[:, 0] - 13.5), com[:, 1] - 13.5))
    assert angles.abs().max() <= 31.0
    assert angles.min() < -20 and angles.max() > 20  # spread over the range, both ways


def test_thicker_pens_add_ink_and_thinner_ones_remove_it(digits):
    n = len(digits)
    thicker = A.stroke_width(digits, torch.full((n,), 1.5))
    thinner = A.stroke_width(digits, torch.full((n,), -0.8))
    ink, ink_thick, ink_thin = (x.sum((1, 2, 3)) for x in (digits, thicker, thinner))
    assert (ink_thick > ink * 1.2).all()
    assert (ink_thin < ink).all() and (ink_thin / ink).median() < 0.8

    def width(batch):
        return np.median([preprocess.stroke_width(image[0].numpy()) for image in batch])

    assert width(thicker) == pytest.approx(width(digits) + 1.5, abs=0.6)
    # (the mass / half-outline estimate sees a thinned stroke's soft edges: it moves less)
    assert width(digits) - 0.8 - 0.2 < width(thinner) < width(digits) - 0.2
    # a thinned digit keeps its peak brightness
    assert torch.allclose(thinner.amax((1, 2, 3)), digits.amax((1, 2, 3)), atol=1e-5)
    assert torch.equal(A.stroke_width(digits, torch.zeros(n)), digits)


def test_low_resolution_and_blur_remove_fine_detail(digits):
    energy = high_frequency_energy(digits)
    for size in A.LOW_SIZES:
        assert (high_frequency_energy(A.low_resolution(digits, size)) < 0.6 * energy).all()
    coarse = A.low_resolution(digits, 10)
    assert (high_frequency_energy(coarse) < high_frequency_energy(A.low_resolution(digits, 14))).all()
    blocky = A.low_resolution(digits, 10, blocky=True)
    assert len(torch.unique(blocky[0])) <= 100  # at most 10 x 10 values
    blurred = A.blur(digits, torch.full((len(digits),), 1.0))
    assert (high_frequency_energy(blurred) < 0.5 * energy).all()
    # ink stays where it was
    assert (centre_of_mass(blurred) - centre_of_mass(digits)).abs().max() < 0.3


def test_contrast_sets_the_peak_and_gamma_the_edges(digits):
    n = len(digits)
    faint = A.contrast(digits, torch.full((n,), 0.6), torch.ones(n))
    assert torch.allclose(faint.amax((1, 2, 3)), 0.6 * digits.amax((1, 2, 3)), atol=1e-5)
    edges = (digits > 0.1) & (digits < 0.9)
    soft = A.contrast(digits, torch.ones(n), torch.full((n,), 0.7))
    hard = A.contrast(digits, torch.ones(n), torch.full((n,), 1.4))
    assert (soft[edges] > digits[edges]).all() and (hard[edges] < digits[edges]).all()
    assert (soft[digits == 0] == 0).all()


def test_the_elastic_field_is_smooth_and_as_large_as_asked():
    noise = torch.rand((64, 2, 14, 14), generator=gen(4)) * 2 - 1
    field = A.elastic_field(noise, torch.full((64,), 1.5), sigma=4.0)
    assert field.shape == (64, 28, 28, 2)
    rms = field.pow(2).mean((1, 2, 3)).sqrt()
    assert torch.allclose(rms, torch.full((64,), 1.5), atol=1e-4)
    # smooth: neighbouring pixels move nearly together, the more so the larger sigma
    def roughness(f):
        return float((f[:, 1:] - f[:, :-1]).abs().mean() / f.abs().mean())

    assert roughness(field) < 0.25
    assert roughness(A.elastic_field(noise, torch.full((64,), 1.5), sigma=2.0)) > 1.5 * roughness(field)


def test_elastic_distortion_bends_strokes_but_keeps_the_digit_in_place(digits):
    out = A.augment(digits, A.Recipe(name="elastic", elastic_p=1.0, elastic_px=1.5), gen(6))
    assert ((out - digits).abs().amax((1, 2, 3)) > 0.2).float().mean() > 0.9
    assert (centre_of_mass(out) - centre_of_mass(digits)).abs().max() < 2.0


def test_each_transformation_touches_only_the_fraction_it_says(digits):
    out = A.augment(digits, A.Recipe(name="half", lowres_p=0.5), gen(9))
    changed = (out - digits).abs().amax((1, 2, 3)) > 1e-6
    assert 0.35 < float(changed.float().mean()) < 0.65
    unchanged = ~changed
    assert torch.equal(out[unchanged], digits[unchanged])


# ----------------------------------------------------------------- in the Trainer
class Recording:
    """Stands in for the Trainer's augmenter: records what it is given, returns it as is."""

    def __init__(self) -> None:
        self.batches: list[torch.Tensor] = []

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        self.batches.append(images.clone())
        return images


def test_the_trainer_augments_training_batches_only(tiny_mnist):
    mnist = data.load(tiny_mnist.root)
    config = PRESETS["tutorial-softmax"].replace(steps=4, batch_size=16, eval_every=2, device="cpu")
    trainer = Trainer(config, mnist.train, mnist.test, augment="canvas")
    assert trainer.augmenter is not None and trainer.augmenter.recipe is A.CANVAS
    recording = Recording()
    trainer.augmenter = recording
    trainer.set_probe_from_test(0)
    trainer.observe({"input", "probabilities"})
    events = list(trainer.run())
    assert [type(e).__name__ for e in events].count("StepDone") == 4
    assert len(recording.batches) == 4  # one per step; never for evaluations or snapshots
    assert all(b.shape == (16, 1, 28, 28) for b in recording.batches)


def test_augmentation_keeps_the_batches_and_their_labels(tiny_mnist, monkeypatch):
    """Same seed, with and without augmentation: the loss sees the same labels in the same
    order (the augmenter has its own generator); only the images differ."""
    from mnist_viz.core import training

    mnist = data.load(tiny_mnist.root)
    config = PRESETS["tutorial-softmax"].replace(steps=3, batch_size=16, eval_every=0, device="cpu")
    cross_entropy = training.F.cross_entropy
    seen: dict[str, list] = {}

    def recording(logits, labels, **kwargs):
        seen[current].append(labels.clone())
        return cross_entropy(logits, labels, **kwargs)

    monkeypatch.setattr(training.F, "cross_entropy", recording)
    images = {}
    for current in ("none", "canvas"):
        seen[current] = []
        trainer = Trainer(config, mnist.train, mnist.test, augment=current)
        inputs = []
        forward = trainer.model.forward
        trainer.model.forward = lambda x, _f=forward, _i=inputs: (_i.append(x.clone()), _f(x))[1]
        for _ in range(3):
            trainer.train_step()
        images[current] = torch.cat(inputs)
    assert len(seen["none"]) == len(seen["canvas"]) == 3
    assert all(torch.equal(a, b) for a, b in zip(seen["none"], seen["canvas"]))
    assert not torch.equal(images["none"], images["canvas"])


def test_evaluation_is_the_same_with_or_without_augmentation(tiny_mnist):
    mnist = data.load(tiny_mnist.root)
    config = PRESETS["tutorial-softmax"].replace(steps=2, batch_size=16, device="cpu", init="kaiming")
    plain = Trainer(config, mnist.train, mnist.test, augment="none")
    augmented = Trainer(config, mnist.train, mnist.test, augment="canvas")
    augmented.model.load_state_dict(plain.model.state_dict())
    a, b = plain.evaluate(), augmented.evaluate()
    assert a.test_accuracy == b.test_accuracy and a.test_loss == pytest.approx(b.test_loss)


def test_an_augmented_step_trains_on_other_images(tiny_mnist):
    mnist = data.load(tiny_mnist.root)
    config = PRESETS["tutorial-softmax"].replace(steps=1, batch_size=16, device="cpu")
    plain = Trainer(config, mnist.train, mnist.test, augment="none")
    augmented = Trainer(config, mnist.train, mnist.test, augment="canvas")
    plain.train_step()
    augmented.train_step()
    assert not torch.equal(plain.model.W, augmented.model.W)


def test_an_unknown_recipe_stops_the_trainer_before_it_starts(tiny_mnist):
    mnist = data.load(tiny_mnist.root)
    with pytest.raises(ValueError, match="unknown augmentation"):
        Trainer(PRESETS["tutorial-softmax"].replace(device="cpu"), mnist.train, mnist.test, augment="wobbly")


def test_augmenting_leaves_torchs_thread_count_as_it_was(digits):
    previous = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        A.augment(digits, "canvas", gen(1))
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(previous)


def test_the_recipes_can_be_listed_without_torch():
    """The window may list the recipes before torch is loaded: importing the module and
    reading RECIPES imports no torch."""
    import subprocess
    import sys

    code = ("import sys, mnist_viz.core.augment as a; names = list(a.RECIPES); "
            "print(names, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['none', 'canvas', 'canvas-light'] False"
