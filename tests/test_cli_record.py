"""``mnist-viz train --record``, ``mnist-viz export`` and ``mnist-viz open`` from the command line.

A real softmax run on the real MNIST is recorded and exported; the CNN's plumbing is
checked on the tiny IDX files (tests/mnist_files.py), where its evaluation is instant.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import numpy as np
import pytest
import torch

from mnist_viz.core.recording import Recording
from tests.helpers import one_line, run_main
from tests.mnist_files import write_tiny_mnist


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def real_data_dir() -> str:
    data_dir = os.environ.get("MNIST_VIZ_DATA")
    if not data_dir or not (Path(data_dir) / "MNIST" / "raw" / "train-images-idx3-ubyte").is_file():
        pytest.skip("real MNIST not available (set MNIST_VIZ_DATA to a folder holding MNIST/raw/)")
    return data_dir


@pytest.fixture(scope="module")
def softmax_recording(tmp_path_factory) -> tuple[Path, dict]:
    """``mnist-viz train --record`` of 200 softmax steps on the real MNIST, and its JSON summary."""
    data_dir = real_data_dir()
    run_dir = tmp_path_factory.mktemp("cli") / "run"
    argv = ["train", "--model", "softmax", "--steps", "200", "--data-dir", data_dir, "--device", "cpu",
            "--quiet", "--no-download", "--json", "--record", str(run_dir), "--record-every", "50"]
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert run_main(argv) == 0
    finally:
        torch.set_num_threads(previous)
    return run_dir, json.loads(out.getvalue().strip().splitlines()[-1])


def test_train_record_writes_a_recording(softmax_recording):
    run_dir, summary = softmax_recording
    assert summary["recording"] == str(run_dir) and summary["steps"] == 200
    recording = Recording.open(run_dir)
    assert recording.finished == "completed"
    assert recording.snapshot_steps.tolist() == [0, 1, 50, 100, 150, 200]
    assert len(recording.metrics["loss"]) == 200
    assert recording.evaluations["test_accuracy"][-1] == pytest.approx(summary["test_accuracy"])


def test_export_writes_a_gif_and_says_so(softmax_recording, tmp_path, capsys):
    import imageio.v3 as iio

    run_dir, _ = softmax_recording
    out = tmp_path / "weights.gif"
    assert run_main(["export", str(run_dir), "--panel", "softmax-weights", "--out", str(out), "--fps", "4"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == f"wrote {out} (6 frames, steps 0..200)"
    frames = iio.imread(out, index=None)
    assert frames.shape[0] == 6
    assert not np.array_equal(frames[0], frames[-1])


@pytest.mark.parametrize("problem", ["no-folder", "not-a-recording", "conv1-of-softmax", "bad-suffix"])
def test_export_errors_are_one_line_exit_2(problem, softmax_recording, tmp_path, capsys):
    run_dir, _ = softmax_recording
    argv = {"no-folder": ["export", str(tmp_path / "nope"), "--panel", "conv1", "--out", str(tmp_path / "x.gif")],
            "not-a-recording": ["export", str(tmp_path), "--panel", "conv1", "--out", str(tmp_path / "x.gif")],
            "conv1-of-softmax": ["export", str(run_dir), "--panel", "conv1", "--out", str(tmp_path / "x.gif")],
            "bad-suffix": ["export", str(run_dir), "--panel", "softmax-weights", "--out", str(tmp_path / "x.avi")],
            }[problem]
    assert run_main(argv) == 2
    line = one_line(capsys.readouterr().err)
    expected = {"no-folder": "does not exist", "not-a-recording": "no manifest.json",
                "conv1-of-softmax": "--panel softmax-weights", "bad-suffix": ".gif, .mp4, .png"}[problem]
    assert expected in line
    assert not (tmp_path / "x.gif").exists()


def test_train_refuses_a_non_empty_record_folder_before_loading_data(tmp_path, capsys):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "notes.txt").write_text("mine")
    # the data folder is empty: had the data been loaded first, the message would be about MNIST
    argv = ["train", "--steps", "3", "--data-dir", str(tmp_path / "no-data"), "--no-download", "--quiet",
            "--record", str(run_dir)]
    assert run_main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert "not empty" in line and str(run_dir) in line
    assert sorted(p.name for p in run_dir.iterdir()) == ["notes.txt"]


def test_record_every_must_be_positive(tmp_path, capsys):
    assert run_main(["train", "--record", str(tmp_path / "r"), "--record-every", "0"]) == 2
    assert "--record-every" in one_line(capsys.readouterr().err)


def test_cnn_record_and_conv1_export_on_tiny_files(tmp_path, capsys):
    import imageio.v3 as iio

    root = write_tiny_mnist(tmp_path / "data").root
    run_dir, out = tmp_path / "cnn-run", tmp_path / "conv1.gif"
    argv = ["train", "--model", "cnn", "--data-dir", str(root), "--steps", "6", "--batch-size", "8",
            "--device", "cpu", "--quiet", "--no-download", "--record", str(run_dir), "--record-every", "2"]
    assert run_main(argv) == 0
    assert "recorded 5 snapshots (steps 0..6)" in capsys.readouterr().out
    assert run_main(["export", str(run_dir), "--panel", "conv1", "--out", str(out)]) == 0
    assert "(5 frames, steps 0..6)" in capsys.readouterr().out
    frames = iio.imread(out, index=None)
    assert frames.shape[0] == 5
    assert not np.array_equal(frames[0], frames[-1]), "the filters moved"


@pytest.mark.parametrize("make", ["missing", "empty", "corrupt"])
def test_open_a_bad_folder_exits_2_with_one_line(make, tmp_path, capsys):
    folder = tmp_path / "rec"
    if make != "missing":
        folder.mkdir()
    if make == "corrupt":
        (folder / "manifest.json").write_text("{not json")
    assert run_main(["open", str(folder)]) == 2
    line = one_line(capsys.readouterr().err)
    assert str(folder) in line
    assert {"missing": "does not exist", "empty": "no manifest.json", "corrupt": "damaged"}[make] in line


def test_a_diverged_run_keeps_its_recording(tmp_path, capsys):
    root = write_tiny_mnist(tmp_path / "data").root
    run_dir = tmp_path / "diverged"
    argv = ["train", "--data-dir", str(root), "--steps", "300", "--batch-size", "8", "--lr", "10", "--device", "cpu",
            "--quiet", "--no-download", "--record", str(run_dir), "--record-every", "10"]
    assert run_main(argv) == 3
    assert "diverged" in one_line(capsys.readouterr().err)
    recording = Recording.open(run_dir)
    assert recording.finished == "diverged"
    assert recording.manifest["diverged"]["step"] == recording.last_step
    assert len(recording.snapshot_steps) >= 1


def test_record_flush_seconds_reaches_the_recording(tmp_path, real_mnist):
    import json as _json

    from tests.helpers import run_main

    folder = tmp_path / "run"
    assert run_main(["train", "--model", "softmax", "--steps", "5", "--eval-every", "0", "--quiet", "--no-download",
                     "--record", str(folder), "--record-flush-seconds", "0.5"]) == 0
    assert _json.loads((folder / "manifest.json").read_text())["flush_seconds"] == 0.5
