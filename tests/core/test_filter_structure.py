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


# ------------------------------------------------------------ deeper conv layers
def test_a_deeper_conv_is_measured_over_every_kernel_and_1x1_kernels_have_no_structure():
    from mnist_viz.core.filter_structure import kernel_structure

    rng = np.random.default_rng(3)
    deep = rng.normal(size=(16, 8, 3, 3))
    slices = deep.reshape(-1, 3, 3)
    assert kernel_structure(deep) == pytest.approx(float(np.mean(per_filter_neighbour_correlation(slices))))
    assert kernel_structure(deep[:, :1]) == pytest.approx(neighbour_correlation(deep[:, 0]))  # one input channel
    assert kernel_structure(rng.normal(size=(16, 8, 1, 1))) is None
    first = rng.normal(size=(32, 5, 5))
    assert kernel_structure(first) == neighbour_correlation(first)  # a first conv, as before


@pytest.fixture(scope="module")
def trained_and_fresh_cnn():
    """The shipped CNN's conv weights (trained on MNIST) and those of fresh CNNs (three seeds)."""
    from mnist_viz.core import checkpoints
    from mnist_viz.core.builder import build_model

    trained, _ = checkpoints.load_model(checkpoints.pretrained_path("cnn"))
    fresh = [build_model("cnn", init=init, seed=seed).weights() for init, seed in
             (("tutorial", 1), ("tutorial", 2), ("kaiming", 3))]
    as_numpy = lambda weights: {name: value.detach().numpy().copy() for name, value in weights.items()}  # noqa: E731
    return as_numpy(trained.weights()), [as_numpy(weights) for weights in fresh]


def test_a_trained_conv2_measures_as_structure_where_a_fresh_one_measures_as_noise(trained_and_fresh_cnn):
    """The Filters panel's conv2 line: the shipped CNN's conv2 (64 x 32 kernels of 5x5) is
    clearly smoother than any freshly initialised conv2, which measures as noise."""
    from mnist_viz.core.filter_structure import kernel_structure

    trained, fresh = trained_and_fresh_cnn
    assert trained["conv2_filters"].shape == (64, 32, 5, 5)
    learned = kernel_structure(trained["conv2_filters"])
    starts = [kernel_structure(weights["conv2_filters"]) for weights in fresh]
    assert all(abs(start) < 0.08 for start in starts), starts
    assert learned > max(starts) + 0.1 and learned > 0.08, (learned, starts)


def test_distinct_counts_a_deeper_convs_output_filters_over_all_their_kernels(trained_and_fresh_cnn):
    """An 'All equal' start makes conv2's 64 filters copies of one another (1 distinct); a
    trained or random conv2 has 64; a filter differing in one input channel's kernel only differs."""
    from mnist_viz.core.builder import build_model
    from mnist_viz.core.experiments import filter_diversity

    trained, fresh = trained_and_fresh_cnn
    constant = build_model("cnn", init="constant", seed=1).weights()["conv2_filters"].numpy()
    assert filter_diversity(constant).describe() == "64 filters, 1 distinct"
    assert filter_diversity(trained["conv2_filters"]).distinct == 64
    assert filter_diversity(fresh[0]["conv2_filters"]).distinct == 64
    changed = constant.copy()
    changed[5, 31] += 0.5  # filter 5's kernel for the last input channel
    assert filter_diversity(changed).distinct == 2
