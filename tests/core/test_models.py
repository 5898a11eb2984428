"""The tutorials' two models: the parts the GUI shows, their shapes, and how they start."""

from __future__ import annotations

import math

import pytest
import torch

from mnist_viz.core import models

BATCH = 3


@pytest.fixture
def images():
    return torch.rand(BATCH, 1, 28, 28, generator=torch.Generator().manual_seed(0))


# ------------------------------------------------------------------ softmax

def test_softmax_parts_have_the_shapes_the_gui_draws(images):
    model = models.build_model("softmax")

    weights = model.weights()
    activations = model.activations(images)

    assert set(weights) == set(model.weight_parts) == {"softmax_weights"}
    assert weights["softmax_weights"].shape == (10, 28, 28)
    assert set(activations) == set(model.activation_parts)
    assert activations["input"].shape == (BATCH, 28, 28)
    assert activations["evidence"].shape == (BATCH, 10, 28, 28)
    assert activations["probabilities"].shape == (BATCH, 10)
    assert model(images).shape == (BATCH, 10)


def test_softmax_starts_at_zero_and_so_is_undecided(images):
    model = models.build_model("softmax", init="tutorial")
    assert torch.count_nonzero(model.W) == 0 and torch.count_nonzero(model.b) == 0
    assert model.W.shape == (784, 10)
    probabilities = model.activations(images)["probabilities"]
    torch.testing.assert_close(probabilities, torch.full((BATCH, 10), 0.1))


def test_softmax_weight_image_k_is_column_k_of_w():
    model = models.build_model("softmax", init="kaiming")
    templates = model.weights()["softmax_weights"]
    for digit in (0, 7):
        torch.testing.assert_close(templates[digit], model.W[:, digit].reshape(28, 28))


def test_softmax_evidence_adds_up_to_the_logits(images):
    model = models.build_model("softmax", init="kaiming")
    with torch.no_grad():
        model.b.copy_(torch.arange(10.0))
        evidence = model.activations(images)["evidence"]
        logits = model(images)
    torch.testing.assert_close(evidence.sum(dim=(2, 3)) + model.b, logits, rtol=1e-5, atol=1e-5)


def test_softmax_kaiming_breaks_the_zero_start():
    model = models.build_model("softmax", init="kaiming")
    assert model.W.std().item() == pytest.approx(math.sqrt(2 / 784), rel=0.1)
    assert torch.count_nonzero(model.b) == 0


def test_softmax_has_7850_parameters():
    assert models.count_parameters(models.build_model("softmax")) == 784 * 10 + 10


# ---------------------------------------------------------------------- cnn

def test_cnn_parts_have_the_shapes_the_gui_draws(images):
    model = models.build_model("cnn").eval()

    weights = model.weights()
    activations = model.activations(images)

    assert set(weights) == set(model.weight_parts) == {"conv1_filters", "conv2_filters"}
    assert weights["conv1_filters"].shape == (32, 5, 5)
    assert weights["conv2_filters"].shape == (64, 32, 5, 5)
    assert set(activations) == set(model.activation_parts)
    expected = {
        "input": (BATCH, 28, 28),
        "conv1": (BATCH, 32, 28, 28),  # SAME padding: 28x28 stays 28x28
        "pool1": (BATCH, 32, 14, 14),
        "conv2": (BATCH, 64, 14, 14),  # and 14x14 stays 14x14
        "pool2": (BATCH, 64, 7, 7),
        "fc1": (BATCH, 1024),
        "probabilities": (BATCH, 10),
    }
    assert {name: tuple(value.shape) for name, value in activations.items()} == expected
    assert model(images).shape == (BATCH, 10)


def test_cnn_probabilities_are_the_softmax_of_its_output_without_dropout(images):
    model = models.build_model("cnn").eval()
    with torch.no_grad():
        probabilities = model.activations(images)["probabilities"]
        torch.testing.assert_close(probabilities, model(images).softmax(dim=1))
    torch.testing.assert_close(probabilities.sum(dim=1), torch.ones(BATCH))


def test_cnn_activations_after_relu_are_never_negative(images):
    model = models.build_model("cnn", init="kaiming").eval()
    with torch.no_grad():
        activations = model.activations(images)
    for name in ("conv1", "pool1", "conv2", "pool2", "fc1"):
        assert activations[name].min() >= 0, name


def test_cnn_tutorial_init_is_truncated_normal_weights_and_biases_of_0_1():
    torch.manual_seed(0)
    model = models.build_model("cnn", init="tutorial")
    layers = {"conv1": model.conv1, "conv2": model.conv2, "fc1": model.fc1, "fc2": model.fc2}
    for name, layer in layers.items():
        assert layer.weight.abs().max() <= 0.2, name  # truncated at two standard deviations
        assert torch.all(layer.bias == 0.1), name
    # A normal with stddev 0.1 cut at +-2 stddev keeps a standard deviation of 0.088,
    # as TensorFlow's truncated_normal(stddev=0.1) does; fc1 has 3.2 million weights.
    truncated_std = 0.1 * math.sqrt(1 - 2 * 2 * math.exp(-2) / math.sqrt(2 * math.pi) / math.erf(2 / math.sqrt(2)))
    assert model.fc1.weight.std().item() == pytest.approx(truncated_std, rel=0.01)
    assert model.fc1.weight.mean().item() == pytest.approx(0.0, abs=1e-3)


def test_cnn_zeros_init_sets_everything_to_zero():
    model = models.build_model("cnn", init="zeros")
    assert all(torch.count_nonzero(p) == 0 for p in model.parameters())


def test_cnn_kaiming_init_scales_weights_by_fan_in_and_zeroes_biases():
    torch.manual_seed(0)
    model = models.build_model("cnn", init="kaiming")
    assert model.fc1.weight.std().item() == pytest.approx(math.sqrt(2 / 3136), rel=0.02)
    assert model.conv2.weight.std().item() == pytest.approx(math.sqrt(2 / (32 * 25)), rel=0.05)
    for layer in (model.conv1, model.conv2, model.fc1, model.fc2):
        assert torch.count_nonzero(layer.bias) == 0


def test_cnn_dropout_keeps_half_while_training_and_nothing_is_dropped_in_eval(images):
    torch.manual_seed(0)
    model = models.build_model("cnn", keep_prob=0.5)
    assert model.dropout.p == pytest.approx(0.5)
    with torch.no_grad():
        model.train()
        assert not torch.equal(model(images), model(images))  # a different half is dropped each time
        model.eval()
        torch.testing.assert_close(model(images), model(images))
        model.set_keep_prob(1.0)
        model.train()
        torch.testing.assert_close(model(images), model(images))


def test_cnn_has_the_tutorials_parameter_count():
    expected = (25 * 32 + 32) + (25 * 32 * 64 + 64) + (3136 * 1024 + 1024) + (1024 * 10 + 10)
    assert models.count_parameters(models.build_model("cnn")) == expected == 3_274_634


def test_cnn_training_costs_about_82_megaflops_per_sample():
    assert models.training_flops_per_sample(models.build_model("cnn")) == pytest.approx(82e6, rel=0.01)
    assert models.training_flops_per_sample(models.build_model("softmax")) < 1e5


# ---------------------------------------------------------------- choices

def test_unknown_names_are_refused_with_the_choices():
    with pytest.raises(ValueError, match="softmax, cnn"):
        models.build_model("resnet")
    with pytest.raises(ValueError, match="tutorial, zeros, kaiming"):
        models.build_model("cnn", init="xavier")


def test_a_seeded_model_has_the_same_weights_while_another_thread_draws_random_numbers():
    """Two trainings side by side (the init experiment): one's dropout must not change the other's start."""
    import threading

    import torch

    from mnist_viz.core.models import build_model

    alone = build_model("cnn", init="tutorial", seed=1).state_dict()
    stop = threading.Event()

    def draw() -> None:
        while not stop.is_set():
            torch.rand(1000)

    thread = threading.Thread(target=draw)
    thread.start()
    try:
        busy = [build_model("cnn", init="tutorial", seed=1).state_dict() for _ in range(3)]
    finally:
        stop.set()
        thread.join()
    for state in busy:
        for name, value in alone.items():
            assert torch.equal(state[name], value), name
