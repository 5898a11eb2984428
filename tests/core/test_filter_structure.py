"""The structure measure of conv1's filters (core.filter_structure), and the watch-cnn preset
that is made to show structured filters within 300 steps, trained on the real MNIST."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_viz.core.filter_structure import neighbour_correlation, per_filter_neighbour_correlation

Y, X = np.mgrid[0:5, 0:5].astype(float)


def test_noise_measures_about_zero():
    rng = np.random.default_rng(0)
    values = [neighbour_correlation(rng.normal(0, 0.1, size=(32, 5, 5))) for _ in range(20)]
    assert abs(np.mean(values)) < 0.08
    assert max(abs(v) for v in values) < 0.2


def test_smooth_filters_measure_high():
    blob = np.exp(-((X - 2) ** 2 + (Y - 2) ** 2) / 8)
    ramp = X + 0.5 * Y
    edge = np.tanh(X - 2)  # blue on the left, red on the right: an edge detector
    filters = np.stack([blob, ramp, -edge, edge.T])
    assert neighbour_correlation(filters) > 0.7
    assert (per_filter_neighbour_correlation(filters) > 0.5).all()  # a blob: 0.54, a ramp: 0.98


def test_noise_on_smooth_filters_lowers_the_measure():
    """What one sees early in a run: a faint picture under the noise of the start."""
    rng = np.random.default_rng(1)
    smooth = np.stack([np.tanh(X - 2 + k % 3 - 1) for k in range(32)])
    noise = rng.normal(0, 1, size=smooth.shape)
    values = [neighbour_correlation(smooth + scale * noise) for scale in (0.0, 0.1, 0.5, 2.0)]
    assert values == sorted(values, reverse=True)
    assert values[0] > 0.8 and values[-1] < 0.2


def test_a_checkerboard_is_negative_and_flat_filters_do_not_count():
    checker = np.where((X + Y) % 2 == 0, 1.0, -1.0)
    assert neighbour_correlation(checker[None]) == pytest.approx(-1.0)
    # All zeros and all equal (the 'zeros' and 'constant' starts): no spread, no correlation.
    assert neighbour_correlation(np.zeros((32, 5, 5))) == 0.0
    assert neighbour_correlation(np.full((32, 5, 5), 0.1)) == 0.0
    mixed = np.stack([np.zeros((5, 5)), X])
    assert neighbour_correlation(mixed) == pytest.approx(neighbour_correlation(X[None]))


def test_the_shapes_a_snapshot_or_a_model_gives_are_accepted():
    rng = np.random.default_rng(2)
    filters = rng.normal(size=(32, 5, 5))
    assert neighbour_correlation(filters[:, None]) == pytest.approx(neighbour_correlation(filters))
    with pytest.raises(ValueError, match="shape"):
        neighbour_correlation(np.zeros(25))


# ---------------------------------------------------------------- watch-cnn
#: As scripts/measure_watch_preset.py measures it: conv1's structure after 300 steps.
WATCH_STEPS = 300


def structure_after(preset_name: str, mnist, steps: int = WATCH_STEPS) -> tuple[float, float]:
    """(structure of conv1 at step 0, at step ``steps``) for a preset trained on the real MNIST."""
    from mnist_viz.core.training import PRESETS, Trainer

    trainer = Trainer(PRESETS[preset_name].replace(device="cpu", eval_every=0), mnist.train, mnist.test)
    start = neighbour_correlation(trainer.model.weights()["conv1_filters"].numpy())
    for _ in range(steps):
        result = trainer.train_step()
    assert np.isfinite(result.loss)
    return start, neighbour_correlation(trainer.model.weights()["conv1_filters"].numpy())


def test_watch_cnn_filters_are_structured_after_300_steps_where_the_tutorials_still_look_like_noise(real_mnist):
    """The preset made for watching: after 300 steps its conv1 filters are measurably smoother
    than the tutorial CNN's, which have moved by about 1e-4 a step and still measure as noise."""
    from mnist_viz.core.config import PRESETS

    assert "watch-cnn" in PRESETS and PRESETS["watch-cnn"].model == "cnn"
    tutorial_start, tutorial = structure_after("tutorial-cnn", real_mnist)
    watch_start, watch = structure_after("watch-cnn", real_mnist)
    assert abs(tutorial_start) < 0.1 and abs(watch_start) < 0.1  # both start as noise
    assert abs(tutorial) < 0.1  # the tutorial's filters: still noise after 300 steps
    assert watch > tutorial + 0.15 and watch > 0.1
