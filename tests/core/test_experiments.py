"""The symmetry-breaking experiment: counting distinct filters, and what real training shows."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnist_viz.core import experiments, models


# ------------------------------------------------------------ filter_diversity

def test_identical_filters_count_as_one_even_with_float_rounding():
    filters = np.tile(np.linspace(-0.1, 0.1, 25).reshape(1, 5, 5), (32, 1, 1))
    filters[7] += 3e-8  # what float rounding leaves between "identical" filters

    diversity = experiments.filter_diversity(filters)

    assert (diversity.count, diversity.distinct) == (32, 1)
    assert diversity.mean_distance < 1e-6
    assert diversity.describe() == "32 filters, 1 distinct"


def test_random_filters_are_all_distinct():
    filters = np.random.default_rng(0).normal(0, 0.1, (32, 5, 5))

    diversity = experiments.filter_diversity(torch.as_tensor(filters))

    assert diversity.distinct == 32
    assert diversity.mean_distance > 0.5  # sqrt(2 * 25) * 0.1 = 0.71 expected


def test_groups_of_equal_filters_are_counted_once_each():
    a, b = np.full((5, 5), 0.1), np.full((5, 5), -0.1)
    filters = np.stack([a, b, a, a, b])

    assert experiments.filter_diversity(filters).distinct == 2


def test_an_all_zero_layer_is_one_filter_with_nothing_in_it():
    diversity = experiments.filter_diversity(np.zeros((32, 5, 5)))

    assert diversity.distinct == 1
    assert diversity.largest_weight == 0.0


# ------------------------------------------------------------ initialisations

def test_constant_init_gives_every_weight_of_a_layer_the_same_value():
    model = models.build_model("cnn", init="constant")

    for layer in (model.conv1, model.conv2, model.fc1, model.fc2):
        fan_in = layer.weight[0].numel()
        assert torch.all(layer.weight == 1.0 / fan_in)
        assert torch.allclose(layer.bias, torch.full_like(layer.bias, 0.1))
    assert experiments.filter_diversity(model.weights()["conv1_filters"]).distinct == 1


def test_initial_filters_are_the_ones_the_trainer_starts_from(real_mnist):
    from mnist_viz.core.training import Trainer

    config = experiments.experiment_config("tutorial", steps=1, seed=3, device="cpu")
    trainer = Trainer(config, real_mnist.train.subset(100), real_mnist.test.subset(10))

    np.testing.assert_array_equal(experiments.initial_filters("tutorial", seed=3),
                                  trainer.model.weights()["conv1_filters"].numpy())


def test_bad_experiment_settings_are_refused_with_a_message(real_mnist):
    with pytest.raises(ValueError, match="unknown init 'gaussian'"):
        experiments.experiment_config("gaussian")
    with pytest.raises(ValueError, match="steps must be at least 1"):
        experiments.run_init_experiment(real_mnist, steps=0)


# ------------------------------------------------------------ the experiment itself

@pytest.fixture(scope="module")
def reports(real_mnist):
    """Three CNNs, 20 steps each on the same real MNIST batches (about 15 s on 2 cores)."""
    return experiments.run_init_experiment(real_mnist, steps=20, inits=("zeros", "constant", "tutorial"),
                                           report_every=10, test_images=500, device="cpu")


def test_reports_come_at_step_0_every_interval_and_at_the_end(reports):
    assert [[row.step for row in report] for report in reports] == [[0] * 3, [10] * 3, [20] * 3]
    assert [row.init for row in reports[-1]] == ["zeros", "constant", "tutorial"]
    assert all(row.test_accuracy is None for report in reports[:-1] for row in report)


def test_zero_initialised_filters_never_move(reports):
    zeros = reports[-1][0]

    assert zeros.diversity.describe() == "32 filters, 1 distinct"
    assert zeros.diversity.largest_weight == 0.0 and zeros.moved == 0.0
    # Only the output biases learn (how common each digit is): about chance.
    assert zeros.test_accuracy < 0.2


def test_constant_initialised_filters_move_but_stay_identical(reports):
    for report in reports[1:]:
        constant = report[1]
        assert constant.moved > 1e-3
        assert constant.diversity.distinct == 1


def test_tutorial_filters_stay_distinct_and_the_network_learns(reports):
    tutorial, zeros = reports[-1][2], reports[-1][0]

    assert tutorial.diversity.describe() == "32 filters, 32 distinct"
    assert tutorial.moved > 1e-3
    assert tutorial.test_accuracy > zeros.test_accuracy + 0.2


# ------------------------------------------------------------ the command

def test_experiment_command_prints_distinct_filters_per_init(real_mnist, capsys):
    import json

    from mnist_viz import cli

    status = cli.main(["--data-dir", str(real_mnist.root), "experiment", "init", "--steps", "4", "--every", "2",
                       "--inits", "zeros,tutorial", "--json"])

    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == cli.EXIT_OK
    assert [(row["step"], row["init"]) for row in rows] == [
        (0, "zeros"), (0, "tutorial"), (2, "zeros"), (2, "tutorial"), (4, "zeros"), (4, "tutorial")]
    assert {row["init"]: row["distinct"] for row in rows[-2:]} == {"zeros": 1, "tutorial": 32}
    assert rows[-1]["test_accuracy"] is not None and rows[0]["test_accuracy"] is None


def test_experiment_command_refuses_an_unknown_init_in_one_line(capsys):
    from mnist_viz import cli

    status = cli.main(["experiment", "init", "--inits", "zeros,gaussian"])

    err = capsys.readouterr().err
    assert status == cli.EXIT_USAGE
    assert err.count("\n") == 1 and "unknown init 'gaussian'" in err and "constant" in err


def test_a_layer_as_large_as_fc1_is_counted_without_running_out_of_memory():
    rows = np.random.default_rng(1).normal(0, 0.01, (1024, 3136)).astype(np.float32)
    rows[512:] = rows[0]  # half the units are copies of the first

    assert experiments.filter_diversity(rows).distinct == 512
