"""Architectures through the configuration, the Trainer, checkpoints, autosaves and recordings
(issue 15, items 1, 2 and 6): one model identifier ("softmax", "cnn" or an architecture's
canonical text) names a network everywhere, the tutorial texts are the tutorial models, a
bad architecture is one line naming the layer, files of a custom network open again, and the
L2 penalty shrinks the weights without touching the biases' gradients. Real MNIST."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn

from mnist_viz.core import arch, autosave, checkpoints, networks, recording, stats
from mnist_viz.core.arch import ArchError
from mnist_viz.core.config import ACTIVATION_PARTS, WEIGHT_PARTS, TrainConfig
from mnist_viz.core.inference import Predictor
from mnist_viz.core.layernet import LayerNet
from mnist_viz.core.builder import build_model
from mnist_viz.core.models import DeepMnistCNN, SoftmaxRegression
from mnist_viz.core.training import Trainer

pytestmark = pytest.mark.usefixtures("one_torch_thread")

SMALL = "conv3x3-4,bn,sigmoid,maxpool-2,fc-16,tanh,dropout-0.25,fc-10"


# ------------------------------------------------------------ identifiers, torch-free
def test_the_tutorial_texts_are_the_tutorial_models_and_others_are_written_canonically():
    assert networks.model_id(arch.TUTORIAL_CNN) == "cnn"
    assert networks.model_id(" FC-10 ") == "softmax"
    assert networks.model_id("Conv5x5-32, ReLU, MaxPool-2, conv5x5-64, relu, maxpool-2, fc-1024, relu, "
                             "dropout-0.5, fc-10") == "cnn"
    assert networks.model_id("Conv3x3-4, BN, Sigmoid, maxpool-2, FC-16, tanh, dropout-0.25, fc-10") == SMALL
    assert networks.architecture("softmax") == "fc-10" and networks.architecture("cnn") == arch.TUTORIAL_CNN
    config = TrainConfig(model=arch.TUTORIAL_CNN)
    assert (config.model, config.arch, config.is_tutorial) == ("cnn", arch.TUTORIAL_CNN, True)
    custom = TrainConfig(model=SMALL.upper().replace(",", ", "))
    assert (custom.model, custom.arch, custom.is_tutorial) == (SMALL, SMALL, False)


def test_the_parts_of_the_tutorial_models_are_as_before_and_any_other_network_has_its_own():
    for model in ("softmax", "cnn"):
        assert networks.weight_parts(model) == WEIGHT_PARTS[model]
        assert networks.activation_parts(model) == ACTIVATION_PARTS[model]
        assert networks.network(model).name == model
    assert networks.weight_parts(SMALL) == ("conv1_filters",)
    assert networks.activation_parts(SMALL) == ("input", "conv1", "pool1", "fc1", "probabilities")
    assert networks.network(SMALL).layers[:3] == ("conv", "bn", "sigmoid")
    assert networks.part_shapes(SMALL)["conv1_filters"] == (4, 3, 3)
    assert networks.part_shapes(SMALL)["pool1"] == (4, 14, 14)


@pytest.mark.parametrize("text, names", [
    ("conv3x3-8,relu,fc-11", "not fc-11"),
    ("conv3x3-8,relu,maxpool-2,maxpool-2,maxpool-2,maxpool-2,maxpool-2,fc-10", "layer 7 'maxpool-2'"),
    ("fc-64,relu,conv3x3-8,fc-10", "layer 3 'conv3x3-8'"),
    ("conv3x3-8,resnet,fc-10", "'resnet' (layer 2)"),
    ("conv3x3-8,relu", "add fc-10"),
])
def test_a_bad_architecture_is_one_line_naming_the_layer_in_the_configuration(text, names):
    with pytest.raises(ValueError) as caught:
        TrainConfig(model=text)
    message = str(caught.value)
    assert "\n" not in message and names in message, message


def test_other_bad_settings_are_refused():
    for changes, words in (({"l2": -1e-3}, "L2 penalty"), ({"l2": float("nan")}, "L2 penalty"),
                           ({"keep_prob": 0.0}, "keep probability"), ({"init": "orthogonal"}, "init must be")):
        with pytest.raises(ValueError, match=words):
            TrainConfig(**changes)
    assert TrainConfig(model=SMALL, keep_prob=None, init="auto", l2=1e-4).l2 == 1e-4


def test_a_script_that_imports_only_the_configuration_checks_architectures_without_torch():
    probe = ("import sys\nfrom mnist_viz.core.config import TrainConfig\n"
             "print(TrainConfig(model='Conv3x3-4, relu, fc-10').model)\n"
             "try:\n    TrainConfig(model='conv3x3-4,fc-64,conv3x3-4,fc-10')\nexcept ValueError as e:\n    print(e)\n"
             "print('torch' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    lines = out.stdout.splitlines()
    assert lines[0] == "conv3x3-4,relu,fc-10", out.stderr
    assert "layer 3 'conv3x3-4' comes after a fully connected layer" in lines[1]
    assert lines[2] == "False"


def test_the_defaults_of_a_network_of_ones_own_and_a_preset_applied_to_it():
    config = networks.default_config(SMALL)
    assert (config.optimizer, config.learning_rate, config.batch_size, config.loss_reduction, config.init,
            config.keep_prob) == ("adam", 1e-3, 50, "mean", "auto", None)
    assert networks.default_config("cnn") == networks.with_preset(arch.TUTORIAL_CNN, "tutorial-cnn")
    fast = networks.with_preset(SMALL, "fast-cnn")
    assert (fast.model, fast.optimizer, fast.learning_rate, fast.schedule, fast.init, fast.keep_prob) == \
        (SMALL, "adam", 3e-3, "onecycle", "kaiming", None)


# ------------------------------------------------------------ models
def test_build_model_gives_the_tutorial_classes_for_their_texts_and_a_layernet_otherwise():
    assert isinstance(build_model("softmax"), SoftmaxRegression)
    assert isinstance(build_model(arch.TUTORIAL_CNN), DeepMnistCNN)
    net = build_model(SMALL, keep_prob=None)
    assert isinstance(net, LayerNet) and net.name == SMALL
    assert [m.p for m in net.modules() if isinstance(m, nn.Dropout)] == [0.25]
    assert [m.p for m in build_model(SMALL, keep_prob=0.8).modules() if isinstance(m, nn.Dropout)] == \
        [pytest.approx(0.2)]
    with pytest.raises(ArchError, match="layer 3"):
        build_model("fc-64,relu,conv3x3-8,fc-10")


def test_init_auto_is_the_tutorial_init_for_the_tutorial_models_and_he_or_xavier_for_others():
    for model in ("softmax", "cnn"):
        auto, tutorial = build_model(model, init="auto", seed=3), build_model(model, init="tutorial", seed=3)
        assert all(torch.equal(a, b) for a, b in zip(auto.state_dict().values(), tutorial.state_dict().values()))
    sigmoid = build_model("fc-256,sigmoid,fc-10", init="auto", seed=3).fc1.weight.detach()
    relu = build_model("fc-256,relu,fc-10", init="auto", seed=3).fc1.weight.detach()
    assert float(sigmoid.std()) == pytest.approx((2 / (784 + 256)) ** 0.5, rel=0.05)  # Xavier
    assert float(relu.std()) == pytest.approx((2 / 784) ** 0.5, rel=0.05)  # He
    tutorial = build_model("fc-256,relu,fc-10", init="tutorial", seed=3)
    assert float(tutorial.fc1.weight.detach().abs().max()) <= 0.2 and torch.all(tutorial.fc1.bias == 0.1)


# ------------------------------------------------------------ the L2 penalty
def _first_step_gradients(real_mnist, l2: float) -> tuple[dict, dict]:
    # biases start at 0.1 (the tutorial init): a penalty on them would change their gradient
    config = TrainConfig(model="conv3x3-4,relu,maxpool-2,fc-32,relu,fc-10", optimizer="sgd", learning_rate=0.1,
                         batch_size=50, steps=10, init="tutorial", loss_reduction="mean", l2=l2, eval_every=0,
                         device="cpu")
    trainer = Trainer(config, real_mnist.train.subset(2000), real_mnist.test.subset(100))
    before = {name: p.detach().clone() for name, p in trainer.model.named_parameters()}
    trainer.train_step()
    return before, {name: p.grad.detach().clone() for name, p in trainer.model.named_parameters()}


def test_the_l2_penalty_adds_l2_times_w_to_the_weights_gradient_and_leaves_the_biases_alone(real_mnist):
    weights, plain = _first_step_gradients(real_mnist, 0.0)
    same_weights, penalised = _first_step_gradients(real_mnist, 0.5)
    for name in plain:
        assert torch.equal(weights[name], same_weights[name])  # the same start, the same batch
        if name.endswith("bias"):
            assert torch.equal(penalised[name], plain[name]), name
        else:
            torch.testing.assert_close(penalised[name], plain[name] + 0.5 * weights[name], rtol=1e-5, atol=1e-6)


def test_the_l2_penalty_shrinks_the_weights_with_any_optimiser_and_changes_live(real_mnist):
    def weight_norm(l2: float, optimizer: str, steps: int = 150, live: float | None = None) -> float:
        config = TrainConfig(model="conv3x3-4,relu,maxpool-2,fc-10", optimizer=optimizer,
                             learning_rate=0.1 if optimizer == "sgd" else 1e-2,
                             batch_size=50, steps=steps, init="auto", loss_reduction="mean", l2=l2, eval_every=0,
                             device="cpu")
        trainer = Trainer(config, real_mnist.train.subset(5000), real_mnist.test.subset(100))
        for step in range(steps):
            if live is not None and step == steps // 3:
                trainer.set_l2(live)
            trainer.train_step()
        return float(sum(w.detach().pow(2).sum() for w in trainer.model.layer_weights().values()))

    for optimizer in ("sgd", "adam"):
        plain, penalised = weight_norm(0.0, optimizer), weight_norm(0.1, optimizer)
        assert penalised < 0.8 * plain, (optimizer, plain, penalised)
    assert weight_norm(0.0, "adam", live=0.1) < 0.8 * weight_norm(0.0, "adam")
    trainer = Trainer(TrainConfig(model="softmax", device="cpu"), real_mnist.train.subset(100),
                      real_mnist.test.subset(10))
    with pytest.raises(ValueError, match="L2 penalty"):
        trainer.set_l2(-1.0)


# ------------------------------------------------------------ files
def test_a_checkpoint_of_a_network_of_ones_own_round_trips_and_predicts_the_same(real_mnist, tmp_path):
    config = networks.default_config(SMALL).replace(steps=30, eval_every=0, device="cpu")
    trainer = Trainer(config, real_mnist.train.subset(3000), real_mnist.test.subset(200))
    for _ in range(30):
        trainer.train_step()
    path = checkpoints.save(tmp_path / "net.pt", trainer.model, config, step=30, dataset="mnist")
    payload = torch.load(path, weights_only=True)
    assert (payload["model"], payload["arch"]) == (SMALL, SMALL)
    model, checkpoint = checkpoints.load_model(path)
    assert isinstance(model, LayerNet) and checkpoint.model_name == SMALL and checkpoint.arch == SMALL
    assert checkpoint.config["keep_prob"] is None
    images = real_mnist.test.images[:20].float()[:, None] / 255.0
    trainer.model.eval()
    with torch.no_grad():
        torch.testing.assert_close(model(images), trainer.model(images))
    predictor = Predictor.from_checkpoint(path, expect_model=SMALL.upper())
    digit = predictor.predict(images[0, 0].numpy()).digit
    assert digit == int(trainer.model(images[:1]).argmax())
    with pytest.raises(checkpoints.CheckpointError, match="holds a conv3x3-4,bn"):
        checkpoints.load(path, expect_model="cnn")
    softmax = checkpoints.save(tmp_path / "softmax.pt", build_model("softmax"), TrainConfig(), dataset="mnist")
    assert torch.load(softmax, weights_only=True)["arch"] == "fc-10"

    saved = autosave.autosave(trainer.state_copy(), config, 30, {}, folder=tmp_path / "auto")
    assert saved.name.startswith("net-") and "," not in saved.name
    assert checkpoints.load(saved).model_name == SMALL


def test_a_checkpoint_whose_model_and_arch_disagree_or_whose_arch_is_bad_is_refused(tmp_path):
    path = checkpoints.save(tmp_path / "net.pt", build_model(SMALL), networks.default_config(SMALL))
    payload = torch.load(path, weights_only=True)
    for changes, words in (({"arch": "fc-10"}, "its model is"),
                           ({"arch": "conv3x3-4,fc-64,conv3x3-4,fc-10", "model": "conv3x3-4,fc-64,conv3x3-4,fc-10"},
                            "layer 3 'conv3x3-4' comes after a fully connected layer"),
                           ({"arch": ["fc-10"]}, "damaged architecture")):
        bad = tmp_path / "bad.pt"
        torch.save({**payload, **changes}, bad)
        with pytest.raises(checkpoints.CheckpointError, match=words) as caught:
            checkpoints.load(bad)
        assert "\n" not in str(caught.value)


def test_a_recording_of_a_network_of_ones_own_says_its_arch_and_replays(real_mnist, tmp_path):
    config = networks.default_config(SMALL).replace(steps=40, eval_every=20, device="cpu")
    trainer = Trainer(config, real_mnist.train.subset(3000), real_mnist.test.subset(200))
    trainer.set_probe_from_test(0)
    recorder = recording.Recorder(tmp_path / "run", config, every_steps=10, dataset="mnist")
    recorder.attach(trainer)
    for _ in trainer.run():
        pass
    recorder.close()
    assert recorder.error is None
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert (manifest["model"], manifest["arch"], manifest["config"]["model"]) == (SMALL, SMALL, SMALL)
    replay = recording.Recording.open(tmp_path / "run")
    assert (replay.model, replay.arch) == (SMALL, SMALL)
    assert replay.run_started().model == SMALL
    assert list(replay.snapshot_steps) == [0, 1, 10, 20, 30, 40]
    last = replay.snapshot(40)
    shapes = networks.part_shapes(SMALL)
    for part in ("conv1_filters", "conv1", "pool1", "fc1", "probabilities"):
        assert last.arrays[part].shape == shapes[part], part
    np.testing.assert_allclose(last.arrays["conv1_filters"], trainer.model.weights()["conv1_filters"].numpy(),
                               rtol=1e-6)
    recorded = replay.distribution_history(40)[-1].arrays  # every layer's statistics came back
    fresh = stats.distributions(trainer.model, trainer.distribution_monitor.relu_images)
    assert {"dist/conv1/weight_counts", "dist/bn1/weight_counts", "dist/fc2/gradient_norm",
            "dist/conv1/saturated_fraction", "dist/fc1/saturated_fraction"} <= set(fresh)
    assert set(fresh) - {"dist/step"} <= set(recorded)
    assert recording.Recording.open(tmp_path / "run").model == SMALL  # opens again

    manifest["arch"] = "fc-10"
    (tmp_path / "run" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(recording.RecordingError, match="not the same network"):
        recording.Recording.open(tmp_path / "run")
