"""The ``mnist-viz`` command line: exit codes, one-line messages, the JSON summary, checkpoints.

Exit codes: 0 success; 2 a bad argument or bad input, with one line on stderr; 3 the
training diverged, with one line. A user's mistake never ends in a traceback. Training
runs here use tiny IDX files (tests/mnist_files.py) passed with --data-dir.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from mnist_viz.core import checkpoints
from tests.helpers import one_line, run_main
from tests.mnist_files import TINY_TEST, write_tiny_mnist

REPO = Path(__file__).resolve().parents[1]
SUMMARY_KEYS = {"model", "preset", "steps", "batch_size", "test_accuracy", "wall_s", "samples_per_s", "device"}


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture
def tiny_root(tmp_path) -> Path:
    return write_tiny_mnist(tmp_path / "data").root


def tiny_train(root: Path, *extra: str) -> list[str]:
    return ["train", "--data-dir", str(root), "--steps", "3", "--batch-size", "8", "--device", "cpu",
            "--quiet", "--no-download", *extra]


# ---------------------------------------------------------------- success

def test_python_m_mnist_viz_train_prints_a_json_summary_last(tiny_root):
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "mnist_viz", "train", "--model", "softmax", "--steps", "5", "--batch-size", "16",
         "--data-dir", str(tiny_root), "--device", "cpu", "--no-download", "--json"],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=300)

    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert SUMMARY_KEYS <= set(summary)
    assert (summary["model"], summary["preset"]) == ("softmax", "tutorial-softmax")
    assert (summary["steps"], summary["batch_size"], summary["device"]) == (5, 16, "cpu")
    assert 0.0 <= summary["test_accuracy"] <= 1.0
    assert summary["wall_s"] > 0 and summary["samples_per_s"] > 0
    assert "Traceback" not in result.stderr
    assert "5/5" in result.stderr  # the progress bar reached the last step


def test_train_in_process_reports_the_test_accuracy(tiny_root, capsys):
    assert run_main(tiny_train(tiny_root, "--json")) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["steps"] == 3 and summary["batch_size"] == 8
    assert summary["test_accuracy"] * TINY_TEST == pytest.approx(round(summary["test_accuracy"] * TINY_TEST))


def test_train_without_json_ends_with_a_sentence(tiny_root, capsys):
    assert run_main(tiny_train(tiny_root)) == 0
    out = capsys.readouterr().out
    assert "test accuracy" in out and "after 3 steps" in out


def test_checkpoint_option_writes_a_loadable_checkpoint(tiny_root, tmp_path, capsys):
    out = tmp_path / "models" / "tiny.pt"
    assert run_main(tiny_train(tiny_root, "--json", "--checkpoint", str(out))) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    model, checkpoint = checkpoints.load_model(out, expect_model="softmax")
    assert checkpoint.step == 3
    assert checkpoint.config["batch_size"] == 8 and checkpoint.config["preset"] == "tutorial-softmax"
    assert checkpoint.metrics["test_accuracy"] == pytest.approx(summary["test_accuracy"])
    assert torch.count_nonzero(model.W) > 0  # trained, not the zero start


def test_help_exits_0(capsys):
    assert run_main(["--help"]) == 0
    assert "train" in capsys.readouterr().out


# ------------------------------------------------------------ bad arguments

@pytest.mark.parametrize("argv, words", [
    (["train", "--lr", "-1"], ["--lr", "positive"]),
    (["train", "--lr", "fast"], ["--lr", "number"]),
    (["train", "--batch-size", "0"], ["--batch-size", "at least 1"]),
    (["train", "--steps", "-3"], ["steps must not be negative"]),
    (["train", "--keep-prob", "2"], ["keep probability"]),
    (["train", "--preset", "fast-cnn", "--model", "softmax"], ["fast-cnn", "cnn", "softmax"]),
    (["train", "--model", "resnet"], ["--model", "resnet"]),
    (["train", "--preset", "turbo"], ["--preset", "turbo"]),
    (["train", "--no-such-option"], ["--no-such-option"]),
    (["frobnicate"], ["frobnicate"]),
])
def test_bad_arguments_exit_2_with_one_line(argv, words, tmp_path, capsys):
    code = run_main([*argv, "--data-dir", str(tmp_path / "empty"), "--no-download"] if argv[0] == "train" else argv)
    assert code == 2
    line = one_line(capsys.readouterr().err)
    for word in words:
        assert word in line, line


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_asking_for_a_missing_gpu_exits_2(tiny_root, capsys):
    argv = tiny_train(tiny_root)
    argv[argv.index("--device") + 1] = "cuda"
    assert run_main(argv) == 2
    assert "cuda" in one_line(capsys.readouterr().err)


# --------------------------------------------------------------- bad data

def test_missing_data_without_download_exits_2_naming_the_folder(tmp_path, capsys):
    root = tmp_path / "no-mnist-here"
    assert run_main(tiny_train(root)) == 2
    line = one_line(capsys.readouterr().err)
    assert str(root / "MNIST" / "raw") in line and "--no-download" in line


def test_offline_download_exits_2_naming_the_folder_and_leaves_no_file(tmp_path, capsys, monkeypatch):
    from torchvision.datasets import MNIST

    with socket.socket() as sock:  # a port nobody listens on: the network is "down"
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setattr(MNIST, "mirrors", [f"http://127.0.0.1:{port}/"])
    root = tmp_path / "fresh"
    argv = tiny_train(root)
    argv.remove("--no-download")

    assert run_main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert str(root / "MNIST" / "raw") in line
    assert [p for p in (root / "MNIST").rglob("*") if p.name != "raw"] == []


def test_a_broken_data_file_exits_2_naming_it(tiny_root, capsys):
    labels = tiny_root / "MNIST" / "raw" / "t10k-labels-idx1-ubyte"
    labels.write_bytes(labels.read_bytes()[:20])
    assert run_main(tiny_train(tiny_root)) == 2
    line = one_line(capsys.readouterr().err)
    assert str(labels) in line and "truncated" in line


# -------------------------------------------------------------- divergence

def test_divergence_exits_3_with_one_line(tiny_root, capsys):
    argv = tiny_train(tiny_root, "--lr", "10", "--json")
    argv[argv.index("--steps") + 1] = "300"
    assert run_main(argv) == 3
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert "diverged" in line and "learning rate" in line
    assert captured.out.strip() == ""  # no summary of a failed run


def test_divergence_on_real_mnist_exits_3(capsys):
    data_dir = os.environ.get("MNIST_VIZ_DATA")
    if not data_dir or not (Path(data_dir) / "MNIST" / "raw" / "train-images-idx3-ubyte").is_file():
        pytest.skip("real MNIST not available (set MNIST_VIZ_DATA to a folder holding MNIST/raw/)")
    argv = ["train", "--model", "softmax", "--lr", "10", "--steps", "300", "--data-dir", data_dir,
            "--device", "cpu", "--quiet", "--no-download"]
    assert run_main(argv) == 3
    assert "diverged" in one_line(capsys.readouterr().err)


# ------------------------------------------------------------------ predict

def test_predict_with_a_missing_checkpoint_exits_2(tmp_path, capsys):
    image = tmp_path / "digit.png"
    image.write_bytes(b"")
    missing = tmp_path / "nope.pt"
    assert run_main(["predict", str(image), "--checkpoint", str(missing)]) == 2
    assert str(missing) in one_line(capsys.readouterr().err)


def test_predict_a_missing_image_exits_2(tiny_root, tmp_path, capsys):
    model_path = tmp_path / "tiny.pt"
    assert run_main(tiny_train(tiny_root, "--checkpoint", str(model_path))) == 0
    capsys.readouterr()
    missing = tmp_path / "no-such-digit.png"
    assert run_main(["predict", str(missing), "--checkpoint", str(model_path)]) == 2
    assert str(missing) in one_line(capsys.readouterr().err)


def test_train_precision_is_chosen_on_the_command_line():
    from mnist_viz import cli

    args = cli.build_parser().parse_args(["train", "--model", "cnn", "--precision", "bf16"])
    assert cli.train_config_from_args(args).precision == "bf16"
    args = cli.build_parser().parse_args(["train", "--model", "cnn"])
    assert cli.train_config_from_args(args).precision == "fp32"  # the tutorial presets train in fp32
