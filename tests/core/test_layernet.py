"""The playground's network (core.layernet): the tutorial texts are the tutorial models (same
initial weights, logits and training losses), every layer kind trains, and the parts the
panels draw have the names and shapes core.arch promises."""

from __future__ import annotations

import math

import pytest
import torch
from torch.nn import functional as F

from mnist_viz.core import levers
from mnist_viz.core.arch import SOFTMAX, TUTORIAL_CNN, ArchError
from mnist_viz.core.layernet import INIT_CHOICES, LayerNet, initialise
from mnist_viz.core.models import DeepMnistCNN, SoftmaxRegression, build_model
from mnist_viz.core.training import PRESETS, Trainer

from .test_arch import MIXED


def seeded(seed: int = 7) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


@pytest.fixture
def images() -> torch.Tensor:
    return torch.rand(6, 1, 28, 28, generator=seeded(3))


# ------------------------------------------------------------------ the tutorial texts are the tutorial models

def test_the_tutorial_cnn_text_draws_the_tutorial_cnns_initial_weights(images):
    tutorial = DeepMnistCNN(init="tutorial", generator=seeded())
    net = LayerNet(TUTORIAL_CNN, init="tutorial", generator=seeded())
    ours, theirs = net.state_dict(), tutorial.state_dict()
    assert list(ours) == list(theirs)  # conv1.weight ... fc2.bias: checkpoints load either way
    assert all(torch.equal(ours[key], theirs[key]) for key in theirs)
    tutorial.eval(), net.eval()
    with torch.no_grad():
        # as the Trainer computes them (through the CPU levers), and as the tutorial writes them
        assert torch.equal(levers.forward(net, images), levers.forward(tutorial, images))
        torch.testing.assert_close(net(images), tutorial(images))
        a, b = net.activations(images), tutorial.activations(images)
    assert list(a) == list(net.activation_parts) and set(a) == set(b)
    assert all(torch.equal(a[name], b[name]) for name in b)
    assert all(torch.equal(net.weights()[name], tutorial.weights()[name]) for name in tutorial.weights())


def test_another_seed_draws_other_weights():
    a = LayerNet(TUTORIAL_CNN, init="tutorial", generator=seeded(1))
    b = LayerNet(TUTORIAL_CNN, init="tutorial", generator=seeded(2))
    assert not torch.equal(a.conv1.weight, b.conv1.weight)


@pytest.mark.parametrize("init", ["tutorial", "kaiming", "constant", "zeros"])
def test_fc_10_starts_as_the_softmax_regression(init, images):
    tutorial = SoftmaxRegression(init=init, generator=seeded())
    net = LayerNet(SOFTMAX, init=init, generator=seeded())
    assert torch.equal(net.fc1.weight, tutorial.W.T) and torch.equal(net.fc1.bias, tutorial.b)
    with torch.no_grad():
        a, b = net.activations(images), tutorial.activations(images)
    assert list(a) == list(b) == ["input", "evidence", "probabilities"]
    assert torch.equal(a["evidence"], b["evidence"]) and torch.equal(a["input"], b["input"])
    torch.testing.assert_close(a["probabilities"], b["probabilities"])
    assert torch.equal(net.weights()["softmax_weights"], tutorial.weights()["softmax_weights"])


def losses(config, model, train, test, steps):
    trainer = Trainer(config, train, test, model=model)  # seeds torch's dropout draws itself
    return [trainer.train_step().loss for _ in range(steps)], trainer.evaluate().test_accuracy


def test_the_tutorial_cnn_text_trains_to_the_same_losses_as_the_tutorial_cnn(real_mnist):
    """Run one after the other (dropout draws from torch's global generator, which each
    Trainer seeds), on the levers' CPU path the Trainer takes, on the tutorial's settings."""
    steps = 200
    config = PRESETS["tutorial-cnn"].replace(steps=steps, device="cpu", eval_every=0)
    train, test = real_mnist.train.subset(12_000), real_mnist.test.subset(500)
    tutorial, tutorial_accuracy = losses(config, build_model("cnn", init="tutorial", seed=config.seed),
                                         train, test, steps)
    ours, accuracy = losses(config, LayerNet(TUTORIAL_CNN, init="tutorial", generator=seeded(config.seed)),
                            train, test, steps)
    assert tutorial[-1] < tutorial[0] / 5  # it learned: the comparison is of a real run
    assert ours == pytest.approx(tutorial, rel=1e-5, abs=1e-6)
    assert accuracy == tutorial_accuracy


def test_fc_10_trains_to_the_same_losses_as_the_softmax_regression(real_mnist):
    steps = 300
    config = PRESETS["tutorial-softmax"].replace(steps=steps, device="cpu", eval_every=0)
    train, test = real_mnist.train.subset(20_000), real_mnist.test.subset(1000)
    tutorial, tutorial_accuracy = losses(config, build_model("softmax", init="tutorial", seed=config.seed),
                                         train, test, steps)
    ours, accuracy = losses(config, LayerNet(SOFTMAX, init="tutorial", generator=seeded(config.seed)),
                            train, test, steps)
    assert tutorial[-1] < tutorial[0] / 3
    assert ours == pytest.approx(tutorial, rel=1e-5, abs=1e-6)
    assert accuracy == pytest.approx(tutorial_accuracy, abs=2 / 1000)


# ------------------------------------------------------------------ every layer kind

def test_a_network_of_every_layer_kind_trains_and_every_layer_learns(real_mnist):
    net = LayerNet(MIXED, generator=seeded())
    before = {name: p.detach().clone() for name, p in net.named_parameters()}
    config = PRESETS["fast-cnn"].replace(optimizer="adam", learning_rate=1e-2, batch_size=50, steps=60,
                                         schedule="constant", device="cpu", eval_every=0, loss_reduction="mean")
    trainer = Trainer(config, real_mnist.train.subset(4000), real_mnist.test.subset(500), model=net)
    run = [trainer.train_step().loss for _ in range(config.steps)]
    assert all(math.isfinite(loss) for loss in run)
    assert sum(run[-10:]) / 10 < run[0] * 0.7
    moved = {name for name, p in net.named_parameters() if not torch.equal(p.detach(), before[name])}
    assert moved == set(before)
    assert trainer.evaluate().test_accuracy > 0.5  # chance: 0.1 (measured: 0.82)
    assert net.bn3.running_mean.abs().sum() > 0  # batch norm learned its statistics while training


@pytest.mark.parametrize("text", ["conv3x3-4,sigmoid,conv3x3-4,sigmoid,conv3x3-4,sigmoid,fc-10",
                                  "conv2x2-3,tanh,avgpool-2,fc-10", "bn,gelu,fc-32,leakyrelu,fc-10",
                                  "dropout-0.3,fc-10"])
def test_each_kind_gives_a_finite_loss_and_gradients(text, images):
    net = LayerNet(text, generator=seeded()).train()
    loss = F.cross_entropy(net(images), torch.arange(6) % 10)
    loss.backward()
    assert math.isfinite(loss.item())
    assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in net.parameters())


def test_an_even_kernel_pads_as_tensorflows_same(images):
    """SAME with an even kernel pads (K-1)/2 before and K/2 after, as TensorFlow does."""
    net = LayerNet("conv4x4-2,fc-10", generator=seeded()).eval()
    conv = net.conv1
    want = F.conv2d(F.pad(images, (1, 2, 1, 2)), conv.weight, conv.bias)
    with torch.no_grad():
        got = net.activations(images)["conv1"]
    assert got.shape == (6, 2, 28, 28)
    torch.testing.assert_close(got, want)


# ------------------------------------------------------------------ the parts

@pytest.mark.parametrize("text", [TUTORIAL_CNN, MIXED, SOFTMAX, "bn,sigmoid,fc-10", "conv3x3-4,conv3x3-4,fc-10"])
def test_the_parts_have_the_names_and_shapes_arch_promises(text, images):
    net = LayerNet(text, generator=seeded())
    with torch.no_grad():
        activations, weights = net.activations(images), net.weights()
    assert tuple(activations) == net.activation_parts == net.arch.activation_parts
    assert {name: tuple(a.shape[1:]) for name, a in activations.items()} == net.arch.part_shapes
    assert tuple(weights) == net.weight_parts
    assert {name: tuple(w.shape) for name, w in weights.items()} == net.arch.weight_shapes
    torch.testing.assert_close(activations["probabilities"].sum(1), torch.ones(6))
    assert net.name == net.arch.text and net.network == net.arch.network


def test_the_filters_are_the_convolutions_weights(images):
    net = LayerNet("conv3x3-4,sigmoid,conv3x3-5,sigmoid,conv3x3-6,sigmoid,fc-10", generator=seeded())
    filters = net.weights()
    assert torch.equal(filters["conv1_filters"], net.conv1.weight[:, 0])
    assert torch.equal(filters["conv2_filters"], net.conv2.weight) and filters["conv3_filters"].shape == (6, 5, 3, 3)
    with torch.no_grad():
        parts = net.activations(images)
        conv1 = torch.sigmoid(net.conv1(images))
    torch.testing.assert_close(parts["conv1"], conv1)
    torch.testing.assert_close(parts["conv2"], torch.sigmoid(net.conv2(conv1)))


def test_the_evidence_adds_up_to_the_logits(images):
    net = LayerNet("bn,sigmoid,fc-10", generator=seeded()).eval()
    with torch.no_grad():
        parts = net.activations(images)
        logits = net(images)
    torch.testing.assert_close(parts["evidence"].sum((2, 3)) + net.fc1.bias, logits)
    torch.testing.assert_close(parts["probabilities"], logits.softmax(1))


def test_looking_inside_shows_the_test_time_network_and_changes_nothing(images):
    """A probe of one image, during training: no dropout, bn on its running statistics
    (one image could not be normalised by itself), and the statistics stay as they were."""
    net = LayerNet("conv3x3-4,bn,relu,dropout-0.5,fc-16,bn,relu,fc-10", generator=seeded()).train()
    net(images)  # the running statistics move off their start
    state = {k: v.clone() for k, v in net.state_dict().items()}
    with torch.no_grad():
        one = net.activations(images[:1])
        again = net.activations(images[:1])
        net.eval()
        tested = net(images[:1])
    assert all(torch.equal(one[k], again[k]) for k in one)
    torch.testing.assert_close(one["probabilities"], tested.softmax(1))
    assert all(torch.equal(state[k], v) for k, v in net.state_dict().items())


# ------------------------------------------------------------------ settings

def test_keep_prob_sets_every_dropout():
    net = LayerNet("dropout-0.2,fc-100,dropout-0.3,fc-10", keep_prob=0.9)
    assert [m.p for m in net.modules() if isinstance(m, torch.nn.Dropout)] == pytest.approx([0.1, 0.1])
    net.set_keep_prob(0.5)
    assert [m.p for m in net.modules() if isinstance(m, torch.nn.Dropout)] == [0.5, 0.5]
    assert [m.p for m in LayerNet("dropout-0.2,fc-100,dropout-0.3,fc-10").modules()
            if isinstance(m, torch.nn.Dropout)] == pytest.approx([0.2, 0.3])
    with pytest.raises(ValueError, match="keep probability must be in"):
        net.set_keep_prob(0)


def test_auto_init_scales_each_layer_for_the_activation_it_feeds():
    net = LayerNet("conv5x5-64,bn,relu,conv5x5-64,maxpool-2,tanh,fc-512,sigmoid,fc-10", generator=seeded())
    fan_in = {"conv1": 25, "conv2": 64 * 25, "fc1": 64 * 14 * 14, "fc2": 512}
    std = {name: getattr(net, name).weight.std().item() for name in fan_in}
    assert std["conv1"] == pytest.approx(math.sqrt(2 / 25), rel=0.1)                     # He, for relu
    conv2_fans = 64 * 25 + 64 * 25
    assert std["conv2"] == pytest.approx(5 / 3 * math.sqrt(2 / conv2_fans), rel=0.05)  # Xavier, tanh gain
    assert std["fc1"] == pytest.approx(math.sqrt(2 / (fan_in["fc1"] + 512)), rel=0.05)  # Xavier, sigmoid
    assert std["fc2"] == pytest.approx(math.sqrt(2 / (512 + 10)), rel=0.15)              # the last layer
    assert all(getattr(net, name).bias.abs().sum() == 0 for name in fan_in)


def test_tutorial_init_is_the_truncated_normal_with_biases_of_0_1():
    net = LayerNet("conv3x3-8,sigmoid,fc-10", init="tutorial", generator=seeded())
    assert net.conv1.weight.abs().max() <= 0.2 and 0.07 < net.fc1.weight.std() < 0.1
    assert torch.all(net.conv1.bias == 0.1) and torch.all(net.fc1.bias == 0.1)


def test_unknown_init_and_bad_architectures_are_refused():
    with pytest.raises(ValueError, match="unknown init 'he'; choose one of auto, tutorial"):
        LayerNet("fc-10", init="he")
    with pytest.raises(ArchError, match="layer 2 'conv3x3-4' comes after a fully connected layer"):
        LayerNet("fc-100,conv3x3-4,fc-10")
    assert INIT_CHOICES[0] == "auto"


def test_initialise_again_gives_the_same_weights():
    net = LayerNet(MIXED, generator=seeded())
    first = {k: v.clone() for k, v in net.state_dict().items()}
    initialise(net, "auto", seeded())
    assert all(torch.equal(first[k], v) for k, v in net.state_dict().items())


# ------------------------------------------------------------------ the CPU levers

@pytest.mark.parametrize("text", [TUTORIAL_CNN, MIXED, "conv3x3-8,relu,maxpool-3,conv3x3-8,maxpool-2,fc-10",
                                  "conv3x3-8,bn,conv3x3-4,relu,maxpool-2,fc-2048,relu,fc-10"])
def test_the_levers_compute_the_same_network(text, images, monkeypatch):
    """Outputs and gradients with the CPU levers on equal those of the plain loop."""
    def run(on: bool):
        monkeypatch.setattr(levers, "CPU_LEVERS", dict.fromkeys(levers.CPU_LEVERS, on))
        net = LayerNet(text, generator=seeded()).eval()  # eval: no dropout draws to compare
        out = net(images)
        out.square().sum().backward()
        return out.detach(), {n: p.grad for n, p in net.named_parameters()}

    (fast, fast_grads), (plain, plain_grads) = run(True), run(False)
    torch.testing.assert_close(fast, plain, rtol=1e-5, atol=1e-5)
    for name in plain_grads:
        torch.testing.assert_close(fast_grads[name], plain_grads[name], rtol=1e-4, atol=1e-5)


def test_the_tutorial_cnn_text_runs_the_same_kernels_as_the_tutorial_cnn(images):
    """The same training work, op for op (what makes it as fast; no timing here): the
    profiler sees the same torch operations, as many times, in a forward and backward
    through levers.forward."""
    from torch.profiler import ProfilerActivity, profile

    def ops(model):
        model.train()
        levers.forward(model, images)  # warm-up
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            levers.forward(model, images).logsumexp(1).sum().backward()
        return {event.key: event.count for event in prof.key_averages() if event.key.startswith("aten::")}

    tutorial = ops(DeepMnistCNN(init="tutorial", generator=seeded()))
    ours = ops(LayerNet(TUTORIAL_CNN, init="tutorial", generator=seeded()))
    assert "aten::adaptive_max_pool2d" in tutorial  # the levers are in the comparison
    assert ours == tutorial


def test_deskew_shows_the_straightened_image_and_the_templates_see_it(images):
    from mnist_viz.core.deskew import deskew

    model = LayerNet("deskew,fc-10", init="kaiming", generator=seeded())
    assert list(model.state_dict()) == ["fc1.weight", "fc1.bias"]
    parts = model.activations(images)
    straightened = deskew(images, size=True)  # the layer sizes too
    assert torch.allclose(parts["deskew"], straightened)
    assert not torch.allclose(parts["deskew"], images)
    # the evidence is the deskewed image times the templates: it adds up to the logits
    logits = model(images)
    assert torch.allclose(parts["evidence"].flatten(2).sum(2) + model.fc1.bias, logits, atol=1e-5)
    assert torch.allclose(logits, model.fc1(straightened.flatten(1)), atol=1e-6)
    assert model.weights()["softmax_weights"].shape == (10, 28, 28)
