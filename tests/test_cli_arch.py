"""``mnist-viz train --arch ...`` and friends (issue 15, items 1 and 2): the command line trains
networks of one's own built of every layer kind, says their architecture in --json, refuses
a bad one in one line naming the layer before anything loads, and --arch of the tutorial
CNN with its preset is --model cnn. Real MNIST ($MNIST_VIZ_DATA), a few steps each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from torch import nn

from mnist_viz import cli
from mnist_viz.core import arch, recording
from mnist_viz.core.builder import build_model
from mnist_viz.core.training import Trainer
from tests.conftest import real_mnist_root
from tests.helpers import one_line, run_main

pytestmark = pytest.mark.usefixtures("one_torch_thread")

#: Every layer kind: conv, bn, sigmoid, avgpool, tanh, maxpool, fc, leakyrelu, dropout, gelu, relu.
MIXED = ("conv3x3-8,bn,sigmoid,avgpool-2,conv3x3-16,tanh,maxpool-2,fc-64,leakyrelu,dropout-0.3,"
         "fc-32,gelu,fc-16,relu,fc-10")


@pytest.fixture
def mnist_root() -> Path:
    root = real_mnist_root()
    if root is None:
        pytest.skip("real MNIST not available: set MNIST_VIZ_DATA to a folder holding MNIST/raw/")
    return root


def train_args(root: Path, *extra: str) -> list[str]:
    return ["train", "--data-dir", str(root), "--device", "cpu", "--quiet", "--no-download", *extra]


def summary(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_train_trains_a_network_of_every_layer_kind_and_says_its_arch(mnist_root, capsys):
    argv = train_args(mnist_root, "--arch", MIXED.upper().replace(",", ", "), "--steps", "40", "--eval-every", "0",
                      "--json")
    assert run_main(argv) == 0, capsys.readouterr().err
    result = summary(capsys.readouterr().out)
    assert (result["model"], result["arch"], result["steps"]) == (MIXED, MIXED, 40)
    assert (result["optimizer"], result["learning_rate"], result["batch_size"]) == ("adam", 0.001, 50)
    assert result["test_accuracy"] > 0.3  # 2,000 images seen: well above a guess's 10 %


def test_the_json_says_the_arch_of_the_tutorial_models_too(mnist_root, capsys):
    assert run_main(train_args(mnist_root, "--model", "softmax", "--steps", "5", "--json")) == 0
    result = summary(capsys.readouterr().out)
    assert (result["model"], result["arch"], result["l2"]) == ("softmax", "fc-10", 0.0)


def test_the_tutorial_cnn_as_arch_with_its_preset_is_model_cnn_step_for_step(real_mnist):
    """The same class, the same initial weights and the same losses for 200 steps."""
    given = cli.build_parser().parse_args(["train", "--arch", arch.TUTORIAL_CNN.replace(",", ", "),
                                           "--preset", "tutorial-cnn", "--steps", "200", "--device", "cpu"])
    named = cli.build_parser().parse_args(["train", "--model", "cnn", "--steps", "200", "--device", "cpu"])
    from_arch, from_model = cli.train_config_from_args(given), cli.train_config_from_args(named)
    assert from_arch == from_model and from_arch.model == "cnn"
    classes, starts, losses = [], [], []
    for config in (from_arch, from_model):  # one after the other: dropout draws from torch's global generator
        trainer = Trainer(config, real_mnist.train.subset(10_000), real_mnist.test.subset(100))
        classes.append(type(trainer.model))
        starts.append(trainer.state_copy())
        losses.append([trainer.train_step().loss for _ in range(200)])
    assert classes[0] is classes[1]
    assert starts[0].keys() == starts[1].keys()
    assert all(torch.equal(starts[0][name], starts[1][name]) for name in starts[0])
    assert losses[0] == losses[1]
    assert sum(losses[0][-20:]) < sum(losses[0][:20]) / 3


@pytest.mark.parametrize("text, named", [
    ("conv3x3-8,relu,maxpool-2,fc-11", "the last layer must be fc-10"),
    ("conv3x3-8,relu,maxpool-16,maxpool-2,fc-10", "layer 4 'maxpool-2': the image is 1x1 here"),
    ("conv3x3-8,fc-64,conv3x3-8,fc-10", "layer 3 'conv3x3-8' comes after a fully connected layer"),
    ("conv3x3-8,softmax,fc-10", "unknown layer 'softmax' (layer 2)"),
    ("conv3x3-8,relu,dropout-1,fc-10", "layer 3 'dropout-1'"),
    ("conv3x3-8,,fc-10", "layer 2 is empty"),
    ("conv3x3-8,relu", "not relu; add fc-10"),
])
def test_a_bad_architecture_is_one_line_naming_the_layer_before_anything_loads(text, named, tmp_path, capsys):
    # a data folder that holds nothing: the architecture is refused before the data is looked for
    assert run_main(train_args(tmp_path / "no-data", "--arch", text, "--checkpoint", str(tmp_path / "x.pt"))) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("mnist-viz: error: --arch: ") and named in line, line
    assert not (tmp_path / "x.pt").exists()


@pytest.mark.parametrize("command", [["train"], ["screenshot", "x.png"], ["predict", "x.png"],
                                     ["experiment", "init"]])
def test_every_command_that_takes_arch_refuses_a_bad_one_in_one_line(command, tmp_path, capsys):
    if command[0] == "screenshot":
        pytest.importorskip("PySide6")
    argv = [*command, "--arch", "conv3x3-8,fc-64,conv3x3-8,fc-10"]
    if command[0] in ("train", "screenshot", "experiment"):
        argv += ["--data-dir", str(tmp_path)]
    assert run_main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert "layer 3 'conv3x3-8' comes after a fully connected layer" in line, line


def test_arch_and_model_exclude_each_other(capsys):
    assert run_main(["train", "--model", "cnn", "--arch", "fc-10", "--steps", "1"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "--arch" in line and "--model" in line


def test_keep_prob_sets_every_dropout_layer_and_without_it_each_keeps_its_own():
    def dropouts(*extra: str) -> list[float]:
        args = cli.build_parser().parse_args(["train", "--arch", "fc-64,dropout-0.3,fc-32,dropout-0.1,fc-10", *extra])
        config = cli.train_config_from_args(args)
        model = build_model(config.model, keep_prob=config.keep_prob)
        return [round(m.p, 6) for m in model.modules() if isinstance(m, nn.Dropout)]

    assert dropouts() == [0.3, 0.1]
    assert dropouts("--keep-prob", "0.75") == [0.25, 0.25]
    assert dropouts("--preset", "tutorial-cnn") == [0.3, 0.1]  # a preset's keep_prob is for the CNN's dropout


def test_a_preset_applies_its_settings_to_the_given_architecture():
    args = cli.build_parser().parse_args(["train", "--arch", "conv3x3-8,relu,maxpool-2,fc-10", "--preset",
                                          "fast-cnn", "--l2", "1e-4"])
    config = cli.train_config_from_args(args)
    assert (config.model, config.preset, config.optimizer, config.learning_rate, config.schedule, config.init,
            config.l2) == ("conv3x3-8,relu,maxpool-2,fc-10", "fast-cnn", "adam", 3e-3, "onecycle", "kaiming", 1e-4)
    assert run_main(["train", "--l2", "-1"]) == 2


def test_a_custom_network_trained_with_a_checkpoint_predicts_and_records(mnist_root, tmp_path, capsys):
    net = "conv3x3-8,relu,maxpool-2,fc-10"
    ckpt, run = tmp_path / "net.pt", tmp_path / "run"
    assert run_main(train_args(mnist_root, "--arch", net, "--steps", "60", "--eval-every", "30", "--checkpoint",
                               str(ckpt), "--record", str(run), "--record-every", "20", "--json")) == 0
    result = summary(capsys.readouterr().out)
    assert result["checkpoint"] == str(ckpt)
    replay = recording.Recording.open(run)
    assert (replay.model, replay.arch, replay.manifest["arch"]) == (net, net, net)
    assert result["snapshots_recorded"] == len(replay.snapshot_steps) and replay.snapshot_steps[-1] == 60
    assert replay.snapshot(60).arrays["conv1_filters"].shape == (8, 3, 3)

    from PIL import Image

    from mnist_viz.core import data

    digit = data.load(mnist_root).test.images[0].numpy()
    Image.fromarray(255 - digit).save(tmp_path / "digit.png")
    assert run_main(["predict", "--checkpoint", str(ckpt), "--arch", net.upper(), str(tmp_path / "digit.png"),
                     "--json"]) == 0
    answer = json.loads(capsys.readouterr().out.strip())
    assert 0 <= answer["digit"] <= 9
    assert run_main(["predict", "--checkpoint", str(ckpt), "--arch", "fc-10", str(tmp_path / "digit.png")]) == 2
    assert "holds a conv3x3-8,relu,maxpool-2,fc-10 model, but a softmax model" in one_line(capsys.readouterr().err)
    assert run_main(["predict", "--arch", net, str(tmp_path / "digit.png")]) == 2
    assert "no model of the architecture" in one_line(capsys.readouterr().err)


def test_the_init_experiment_runs_on_an_architecture_with_a_convolution(mnist_root, capsys):
    assert run_main(["experiment", "init", "--arch", "conv3x3-6,sigmoid,maxpool-2,fc-10", "--inits",
                     "constant,auto", "--steps", "10", "--every", "10", "--data-dir", str(mnist_root),
                     "--no-download"]) == 0
    out = capsys.readouterr().out
    assert "conv1 has 6 filters" in out
    assert " 1 distinct of 6" in out and " 6 distinct of 6" in out
    assert run_main(["experiment", "init", "--arch", "fc-64,relu,fc-10", "--data-dir", str(mnist_root)]) == 2
    assert "has no convolution layer" in one_line(capsys.readouterr().err)


def test_screenshot_trains_a_network_of_ones_own_in_the_window(mnist_root, tmp_path, capsys):
    pytest.importorskip("PySide6")
    net = "conv3x3-8,sigmoid,maxpool-2,conv3x3-8,tanh,maxpool-2,fc-10"
    out = tmp_path / "net.png"
    assert run_main(["screenshot", str(out), "--arch", net, "--steps", "5", "--data-dir", str(mnist_root)]) == 0, \
        capsys.readouterr().err
    assert f"after 5 steps of {net} on MNIST" in capsys.readouterr().out
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
