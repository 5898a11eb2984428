"""The memory check before a run (core.memory) for networks of one's own (the playground):
no crash, and an estimate of the right size."""

from __future__ import annotations

from mnist_viz.core import arch, memory, networks
from mnist_viz.core.config import TrainConfig


def test_a_network_of_ones_own_gets_an_estimate_like_the_measured_tutorial_cnns():
    # the generic rule applied to the tutorial CNN's own layers, against its measured table
    layers, parameters = memory._layer_list(arch.TUTORIAL_CNN)
    measured = memory.training_peak_per_sample(memory.LAYERS[("cnn", "plain")])
    generic = memory.training_peak_per_sample(layers)
    assert parameters == memory.PARAMETERS["cnn"]
    assert 0.9 * measured <= generic <= 1.6 * measured  # conservative, not wildly so


def test_the_memory_check_answers_for_any_architecture():
    small = networks.model_id("conv3x3-8,sigmoid,maxpool-2,conv3x3-16,tanh,maxpool-2,fc-10")
    large = networks.model_id("conv5x5-256,relu,conv5x5-256,relu,fc-10")
    estimates = [memory.estimate(TrainConfig(model=model, optimizer="adam", batch_size=50, device="cpu"))
                 for model in (small, large)]
    assert estimates[0].per_sample < estimates[1].per_sample
    assert estimates[1].parts["parameters"] > estimates[0].parts["parameters"] > 0
