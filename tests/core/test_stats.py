"""Distributions over time: the histograms, gradient norms and dead-ReLU fractions that the
distributions panel draws, and the Trainer handing them out with its snapshots."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from mnist_viz.core import data, stats
from mnist_viz.core.models import build_model
from mnist_viz.core.training import TrainConfig, Trainer


def random_images(count: int, seed: int = 0) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(count, 1, 28, 28, generator=generator)


def one_step(model, images: torch.Tensor, labels: torch.Tensor) -> None:
    """One backward pass, so that every weight has a gradient (as right after a training step)."""
    model.zero_grad(set_to_none=True)
    F.cross_entropy(model(images), labels, reduction="sum").backward()


@pytest.fixture(scope="module")
def cnn_after_a_step():
    torch.manual_seed(0)
    model = build_model("cnn", init="tutorial")
    images = random_images(8)
    one_step(model, images, torch.arange(8) % 10)
    return model, images


@pytest.mark.parametrize("model_name", ["softmax", "cnn"])
def test_histograms_count_every_weight_and_gradient(model_name, cnn_after_a_step):
    if model_name == "cnn":
        model, images = cnn_after_a_step
    else:
        model = build_model("softmax", init="kaiming")
        images = random_images(8)
        one_step(model, images, torch.arange(8) % 10)
    arrays = stats.distributions(model, relu_images=images, step=1)
    layers = stats.layer_weights(model)
    assert stats.layer_names(arrays) == list(layers) == (["W"] if model_name == "softmax"
                                                         else ["conv1", "conv2", "fc1", "fc2"])
    for name, weights in layers.items():
        weight_counts = arrays[f"dist/{name}/weight_counts"]
        gradient_counts = arrays[f"dist/{name}/gradient_counts"]
        assert weight_counts.shape == (stats.WEIGHT_BINS,)
        assert gradient_counts.shape == (stats.GRADIENT_BINS,)
        assert weight_counts.sum() == weights.numel()
        assert gradient_counts.sum() == weights.numel()
        # The range is the smallest power of two holding every weight.
        value_range = float(arrays[f"dist/{name}/weight_range"])
        largest = weights.detach().abs().max().item()
        assert value_range / 2 < largest <= value_range and np.log2(value_range) == int(np.log2(value_range))
        # The same counts as numpy's histogram on the documented edges.
        expected, _ = np.histogram(weights.detach().numpy(), bins=stats.weight_edges(value_range))
        np.testing.assert_array_equal(weight_counts, expected)
    assert int(arrays["dist/step"]) == 1


def reference_gradient_bin(value: float) -> int:
    """The documented bin of one gradient value, from the edges (negative bins mirror positive)."""
    edges = stats.gradient_edges()
    if abs(value) < edges[stats.GRADIENT_ZERO_BIN + 1]:
        return stats.GRADIENT_ZERO_BIN
    positive = int(np.clip(np.searchsorted(edges, abs(value), side="right") - 1, stats.GRADIENT_ZERO_BIN + 1,
                           stats.GRADIENT_BINS - 1))
    return positive if value > 0 else stats.GRADIENT_BINS - 1 - positive


def test_gradient_bins_are_signed_log_octaves_with_a_zero_bin():
    edges = stats.gradient_edges()
    assert len(edges) == stats.GRADIENT_BINS + 1 and np.all(np.diff(edges) > 0)
    zero = stats.GRADIENT_ZERO_BIN
    assert edges[zero] == -(2.0 ** -30) and edges[zero + 1] == 2.0 ** -30
    assert edges[-1] == 1024 and list(edges[zero + 1 + 60:zero + 1 + 65]) == [1, 1.5, 2, 3, 4]

    values = torch.tensor([0.0, -0.0, 5e-10, -5e-10, 1.5e-5, -1.5e-5, 2.5, -2.0, 2.9, 1e7, -1e7])
    counts = stats.gradient_histogram(values)
    assert counts.sum() == len(values)
    assert counts[zero] == 4  # zeros and |g| < 2^-30
    assert counts[reference_gradient_bin(2.5)] == 2  # 2.5 and 2.9 share the bin [2, 3)
    assert counts[0] == 1 and counts[-1] == 1  # beyond 2^10: counted in the outermost bins
    # Mirror images: g and -g land in mirrored bins.
    np.testing.assert_array_equal(counts, stats.gradient_histogram(-values)[::-1])

    # Many values over all the decades: each in its documented bin.
    generator = torch.Generator().manual_seed(2)
    many = torch.randn(3000, generator=generator) * 10.0 ** torch.randint(-11, 5, (3000,), generator=generator)
    expected = np.bincount([reference_gradient_bin(v) for v in many.tolist()], minlength=stats.GRADIENT_BINS)
    np.testing.assert_array_equal(stats.gradient_histogram(many), expected)


def test_gradient_norms_match_torch(cnn_after_a_step):
    model, images = cnn_after_a_step
    arrays = stats.distributions(model, images)
    for name, weights in stats.layer_weights(model).items():
        assert float(arrays[f"dist/{name}/gradient_norm"]) == pytest.approx(torch.linalg.norm(weights.grad).item(),
                                                                             rel=1e-5)


def test_no_gradient_entries_before_the_first_step():
    arrays = stats.distributions(build_model("cnn"), random_images(4))
    assert "dist/conv1/weight_counts" in arrays
    assert not [key for key in arrays if "gradient" in key]


def test_a_layer_with_zero_weights_and_negative_bias_is_all_dead():
    model = build_model("cnn", init="tutorial")
    images = random_images(stats.DEAD_RELU_IMAGES)
    assert stats.dead_relu_fractions(model, images)["conv2"] == 0.0
    with torch.no_grad():
        model.conv2.weight.zero_()
        model.conv2.bias.fill_(-0.1)
        model.fc1.bias[:256] = -1e6  # a quarter of fc1 can never fire
    arrays = stats.distributions(model, images)
    assert float(arrays["dist/conv1/dead_fraction"]) == 0.0
    assert float(arrays["dist/conv2/dead_fraction"]) == 1.0
    assert float(arrays["dist/fc1/dead_fraction"]) == pytest.approx(0.25)
    assert model.training, "measuring dead units must not leave the model in evaluation mode"
    assert not [key for key in stats.distributions(build_model("softmax")) if "dead" in key]


def test_a_histogram_on_a_smaller_range_rebins_exactly_onto_a_larger_one():
    generator = torch.Generator().manual_seed(3)
    weights = (torch.rand(5000, generator=generator) - 0.5) * 0.4  # within +-0.2: R = 0.25
    small, small_range = stats.weight_histogram(weights)
    assert small_range == 0.25
    for wider in (0.5, 1.0, 8.0, 2.0 ** 10):
        direct, _ = np.histogram(weights.numpy(), bins=stats.weight_edges(wider))
        np.testing.assert_array_equal(stats.rebin_weights(small, small_range, wider), direct)
    stacked = stats.rebin_weights(np.stack([small, small]), small_range, 1.0)
    np.testing.assert_array_equal(stacked[1], stats.rebin_weights(small, small_range, 1.0))
    with pytest.raises(ValueError):
        stats.rebin_weights(small, 1.0, 0.5)


def test_all_zero_weights_have_the_smallest_range():
    counts, value_range = stats.weight_histogram(torch.zeros(784, 10))
    assert value_range == stats.MIN_WEIGHT_RANGE
    assert counts.sum() == 7840 and counts[stats.WEIGHT_BINS // 2] == 7840


def test_trainer_snapshot_carries_the_distributions_and_reuses_them_between_updates():
    generator = torch.Generator().manual_seed(1)
    split = data.Split(torch.randint(0, 256, (80, 28, 28), dtype=torch.uint8, generator=generator),
                       torch.randint(0, 10, (80,), generator=generator))
    config = TrainConfig(model="cnn", optimizer="adam", learning_rate=1e-3, batch_size=8, steps=10, device="cpu",
                         eval_every=0, loss_reduction="mean")
    trainer = Trainer(config, split, split)
    assert "dist/conv1/weight_counts" not in trainer.snapshot({"conv1_filters"}).arrays  # only when asked

    trainer.distribution_monitor.min_interval_s = 1e9  # never recompute within this test
    trainer.train_step()
    first = trainer.snapshot({stats.PART})
    assert int(first.arrays["dist/step"]) == 1
    assert first.arrays["dist/fc1/weight_counts"].sum() == 1024 * 3136
    assert 0.0 <= float(first.arrays["dist/fc1/dead_fraction"]) <= 1.0
    trainer.train_step()
    again = trainer.snapshot({stats.PART})
    assert again.step == 2 and int(again.arrays["dist/step"]) == 1, "recomputed before the interval was over"
    assert trainer.distribution_monitor.computed == 1

    trainer.distribution_monitor.min_interval_s = 0.0
    trainer.distribution_monitor.max_cost_fraction = 0.0  # no cost limit either
    trainer.train_step()
    fresh = trainer.snapshot({stats.PART})
    assert int(fresh.arrays["dist/step"]) == 3
    expected = stats.gradient_histogram(trainer.model.conv2.weight.grad)
    np.testing.assert_array_equal(fresh.arrays["dist/conv2/gradient_counts"], expected)
    trainer.reset()
    assert trainer.distribution_monitor.computed == 0


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU here: the CPU tests cover the binning")
def test_histograms_on_the_gpu_equal_those_on_the_cpu():
    generator = torch.Generator().manual_seed(4)
    values = torch.randn(100_000, generator=generator) * 10.0 ** torch.randint(-10, 3, (100_000,), generator=generator)
    values[:1000] = 0.0
    on_gpu = values.cuda()
    np.testing.assert_array_equal(stats.gradient_histogram(on_gpu), stats.gradient_histogram(values))
    counts, value_range = stats.weight_histogram(on_gpu)
    np.testing.assert_array_equal(counts, stats.weight_histogram(values)[0])
    assert value_range == stats.weight_histogram(values)[1]


# ------------------------------------------------------------- any architecture (issue 15)
MIXED = ("conv3x3-8,relu,bn,maxpool-2,conv3x3-16,sigmoid,maxpool-2,conv3x3-16,tanh,dropout-0.3,gelu,"
         "fc-32,leakyrelu,bn,fc-10")


@pytest.fixture
def mixed_net():
    from mnist_viz.core.layernet import LayerNet

    model = LayerNet(MIXED, generator=torch.Generator().manual_seed(0))
    images = random_images(16)
    one_step(model, images, torch.arange(16) % 10)
    return model, images


def test_every_layer_with_a_parameter_of_a_mixed_network_has_its_histograms_and_norm(mixed_net):
    model, images = mixed_net
    arrays = stats.distributions(model, images, step=1)
    layers = ["conv1", "bn1", "conv2", "conv3", "fc1", "bn2", "fc2"]
    assert stats.weight_layer_names(arrays) == layers
    for name in layers:
        weight = getattr(model, name).weight
        assert arrays[f"dist/{name}/weight_counts"].sum() == weight.numel()
        assert arrays[f"dist/{name}/gradient_counts"].sum() == weight.numel()
        assert float(arrays[f"dist/{name}/gradient_norm"]) == pytest.approx(float(weight.grad.norm()), rel=1e-5)
    # Each activation layer: dead units for the ReLU-like ones, saturated outputs for sigmoid and tanh.
    assert stats.activation_measures(arrays) == {"conv1": stats.DEAD, "conv2": stats.SATURATED,
                                                 "conv3": stats.SATURATED, "gelu1": stats.DEAD,
                                                 "fc1": stats.DEAD}


def test_saturated_fractions_count_the_sigmoid_and_tanh_outputs_in_their_flat_tails(mixed_net):
    model, images = mixed_net
    model.eval()
    shown = model.activations(images)  # conv2 = sigmoid(conv2(x)), conv3 = tanh(conv3(x)) at test time
    model.train()
    arrays = stats.distributions(model, images)
    sigmoid, tanh = shown["conv2"], shown["conv3"]
    assert float(arrays["dist/conv2/saturated_fraction"]) == pytest.approx(
        float(((sigmoid < 0.03) | (sigmoid > 0.97)).float().mean()))
    assert float(arrays["dist/conv3/saturated_fraction"]) == pytest.approx(float((tanh.abs() > 0.97).float().mean()))
    with torch.no_grad():
        model.conv2.bias.fill_(50.0)   # every sigmoid of conv2 at 1
        model.conv3.weight.mul_(1e-6)  # tanh of conv3 near 0: none saturated
        model.conv3.bias.zero_()
        model.conv1.weight.zero_()     # conv1's ReLUs never fire
        model.conv1.bias.fill_(-0.1)
    arrays = stats.distributions(model, images)
    assert float(arrays["dist/conv2/saturated_fraction"]) == 1.0
    assert float(arrays["dist/conv3/saturated_fraction"]) == 0.0
    assert float(arrays["dist/conv1/dead_fraction"]) == 1.0
    assert model.training, "measuring must not leave the model in evaluation mode"
    assert "dist/conv2/dead_fraction" not in arrays, "a sigmoid is never 0: it has no dead fraction"


def test_the_tutorial_models_keep_their_statistics_names():
    cnn = stats.distributions(build_model("cnn"), random_images(4))
    assert stats.activation_measures(cnn) == {name: stats.DEAD for name in stats.RELU_LAYERS}
    assert stats.weight_layer_names(cnn) == ["conv1", "conv2", "fc1", "fc2"]
    assert stats.weight_layer_names(stats.distributions(build_model("softmax"), random_images(4))) == ["W"]


def test_a_trainer_of_a_custom_architecture_hands_out_its_statistics():
    generator = torch.Generator().manual_seed(1)
    split = data.Split(torch.randint(0, 256, (80, 28, 28), dtype=torch.uint8, generator=generator),
                       torch.randint(0, 10, (80,), generator=generator))
    config = TrainConfig(model="conv3x3-4,tanh,maxpool-2,bn,fc-16,sigmoid,fc-10", batch_size=8, steps=10,
                         device="cpu", eval_every=0)
    trainer = Trainer(config, split, split)
    trainer.train_step()
    arrays = trainer.snapshot({stats.PART}).arrays
    assert stats.weight_layer_names(arrays) == ["conv1", "bn1", "fc1", "fc2"]
    assert stats.activation_measures(arrays) == {"conv1": stats.SATURATED, "fc1": stats.SATURATED}
    assert "dist/fc1/gradient_norm" in arrays


def test_the_statistics_layers_of_a_model_identifier_are_those_the_network_hands_out(mixed_net):
    model, images = mixed_net
    arrays = stats.distributions(model, images, step=1)
    weights, activations = stats.statistics_layers(MIXED)
    assert list(weights) == stats.weight_layer_names(arrays)
    assert {name: stats.measure_of(kind) for name, kind in activations.items()} == stats.activation_measures(arrays)
    assert stats.statistics_layers("cnn") == (("conv1", "conv2", "fc1", "fc2"),
                                              dict.fromkeys(stats.RELU_LAYERS, "relu"))
