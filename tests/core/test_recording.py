"""Recording a real run to disk and reading it back, as a user replaying or sharing it would.

The runs are real and short: softmax regression for 300 steps and the CNN for 40 steps on
the real MNIST (the CNN evaluates on the first 1,000 test images to stay quick).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from mnist_viz.core import data
from mnist_viz.core import events as ev
from mnist_viz.core.recording import FORMAT_VERSION, Recorder, Recording, RecordingError
from mnist_viz.core.training import Trainer, preset


class Recorded:
    """A finished recorded run: the folder, the live trainer, and the events it sent."""

    def __init__(self, run_dir: Path, trainer: Trainer, recorder: Recorder, events: list) -> None:
        self.run_dir, self.trainer, self.recorder, self.events = run_dir, trainer, recorder, events


def record_run(run_dir: Path, config, train: data.Split, test: data.Split, **recorder_options) -> Recorded:
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        trainer = Trainer(config, train, test)
        recorder = Recorder(run_dir, config, **recorder_options)
        recorder.attach(trainer)
        events = list(trainer.run())
        recorder.close()
    finally:
        torch.set_num_threads(previous)
    return Recorded(run_dir, trainer, recorder, events)


def first(split: data.Split, count: int) -> data.Split:
    return data.Split(split.images[:count], split.labels[:count])


@pytest.fixture(scope="module")
def softmax_run(real_mnist, tmp_path_factory) -> Recorded:
    config = preset("tutorial-softmax").replace(steps=300, device="cpu")
    return record_run(tmp_path_factory.mktemp("rec") / "softmax", config, real_mnist.train, real_mnist.test,
                      every_steps=50)


@pytest.fixture(scope="module")
def cnn_run(real_mnist, tmp_path_factory) -> Recorded:
    config = preset("tutorial-cnn").replace(steps=40, batch_size=50, eval_every=0, device="cpu")
    return record_run(tmp_path_factory.mktemp("rec") / "cnn", config, real_mnist.train,
                      first(real_mnist.test, 1000), every_steps=10)


@pytest.fixture
def softmax_copy(softmax_run, tmp_path) -> Path:
    """A copy of the softmax recording that a test may damage."""
    return Path(shutil.copytree(softmax_run.run_dir, tmp_path / "copy"))


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())  # keyframes in weights/ too


# ------------------------------------------------------------- what is written

def test_the_manifest_says_what_was_recorded(softmax_run):
    manifest = json.loads((softmax_run.run_dir / "manifest.json").read_text())
    assert manifest["format"] == "mnist-viz-recording"
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"] == "softmax" and manifest["config"]["steps"] == 300
    assert manifest["every_steps"] == 50 and manifest["thinned"] is False
    assert manifest["finished"] == "completed"
    assert manifest["steps_recorded"] == 300 and "metrics" not in manifest
    assert sum(entry["steps"] for entry in manifest["metric_files"]) == 300
    for entry in manifest["metric_files"]:
        assert (softmax_run.run_dir / entry["file"]).stat().st_size == entry["bytes"]
    assert {"softmax_weights", "evidence", "probabilities", "input"} <= set(manifest["parts"])
    assert manifest["arrays"]["softmax_weights"] == {"shape": [10, 28, 28], "dtype": "float32"}
    assert [e["step"] for e in manifest["evaluations"]] == [100, 200, 300]
    for chunk in manifest["chunks"]:
        assert (softmax_run.run_dir / chunk["file"]).stat().st_size == chunk["bytes"]
    # the files are open formats: numpy alone reads a chunk
    with np.load(softmax_run.run_dir / manifest["chunks"][0]["file"]) as npz:
        assert npz["s000050/softmax_weights"].shape == (10, 28, 28)


def test_snapshots_at_step_0_step_1_every_n_steps_and_the_end(softmax_run):
    recording = Recording.open(softmax_run.run_dir)
    assert recording.snapshot_steps.dtype == np.int64
    assert recording.snapshot_steps.tolist() == [0, 1, 50, 100, 150, 200, 250, 300]
    assert recording.last_step == 300 and recording.model == "softmax"
    assert recording.config["preset"] == "tutorial-softmax"


def test_snapshot_returns_the_latest_at_or_before_a_step(softmax_run):
    recording = Recording.open(softmax_run.run_dir)
    assert recording.snapshot(120).step == 100
    assert recording.snapshot(150).step == 150
    assert recording.snapshot(-5).step == 0
    assert recording.snapshot(10**6).step == 300
    weights = recording.snapshot(0).arrays["softmax_weights"]
    assert not weights.any(), "the tutorial starts from W = 0"
    learned = recording.snapshot(300).arrays["softmax_weights"]
    assert np.abs(learned).max() > 0.1, "after 300 steps the weights have become templates"


def test_the_last_snapshot_is_what_the_live_trainer_shows(softmax_run):
    recording = Recording.open(softmax_run.run_dir)
    live = softmax_run.trainer.snapshot(softmax_run.recorder.parts)
    replayed = recording.snapshot(300)
    assert set(replayed.arrays) == set(live.arrays)
    assert (replayed.probe_label, replayed.probe_index) == (live.probe_label, live.probe_index)
    for name, array in live.arrays.items():
        assert replayed.arrays[name].shape == array.shape, name
        # parts come back as float32; the distributions' counts and numbers as they were
        assert replayed.arrays[name].dtype == (array.dtype if name.startswith("dist/") else np.float32), name
    # weights are stored exactly; activations as float16, which keeps the picture
    np.testing.assert_array_equal(replayed.arrays["softmax_weights"], live.arrays["softmax_weights"])
    for name in ("evidence", "probabilities", "input"):
        scale = float(np.abs(live.arrays[name]).max())
        assert np.abs(replayed.arrays[name] - live.arrays[name]).max() <= 1e-3 * scale, name


def test_metrics_of_every_step_match_the_live_events(softmax_run):
    recording = Recording.open(softmax_run.run_dir)
    live_steps = [e for e in softmax_run.events if isinstance(e, ev.StepDone)]
    assert len(recording.metrics["step"]) == 300
    assert recording.metrics["step"].tolist() == list(range(1, 301))
    np.testing.assert_array_equal(recording.metrics["loss"], [e.loss for e in live_steps])
    np.testing.assert_array_equal(recording.metrics["learning_rate"], [e.learning_rate for e in live_steps])
    replayed = recording.step_events(100)
    assert len(replayed) == 100 and all(isinstance(e, ev.StepDone) for e in replayed)
    assert replayed[-1].step == 100 and replayed[-1].loss == live_steps[99].loss
    assert replayed[-1].batch_accuracy == live_steps[99].batch_accuracy
    assert replayed[-1].total_steps == 300


def test_evaluations_come_back_with_their_confusion_matrix(softmax_run):
    recording = Recording.open(softmax_run.run_dir)
    live = [e for e in softmax_run.events if isinstance(e, ev.Evaluated)]
    assert recording.evaluations["step"].tolist() == [100, 200, 300]
    np.testing.assert_array_equal(recording.evaluations["test_accuracy"], [e.test_accuracy for e in live])
    replayed = recording.evaluated_events(250)
    assert [e.step for e in replayed] == [100, 200]
    last = recording.evaluated_events(300)[-1]
    np.testing.assert_array_equal(last.confusion, live[-1].confusion)
    assert last.confusion.sum() == 10_000 and last.test_accuracy > 0.8
    np.testing.assert_array_equal(last.misclassified, live[-1].misclassified)
    np.testing.assert_array_equal(last.predictions, live[-1].predictions)
    assert len(last.misclassified) == 10_000 - np.trace(last.confusion)


def test_run_started_is_the_live_one(softmax_run):
    recording = Recording.open(softmax_run.run_dir)
    assert recording.run_started() == softmax_run.events[0]


def test_frames_give_every_snapshot_of_a_part(softmax_run):
    recording = Recording.open(softmax_run.run_dir)
    frames = list(recording.frames("softmax_weights"))
    assert [step for step, _ in frames] == recording.snapshot_steps.tolist()
    assert all(array.shape == (10, 28, 28) for _, array in frames)
    with pytest.raises(RecordingError, match="conv1_filters.*softmax_weights"):
        list(recording.frames("conv1_filters"))


def test_a_cnn_recording_has_the_live_parts_and_shapes(cnn_run):
    recording = Recording.open(cnn_run.run_dir)
    assert recording.snapshot_steps.tolist() == [0, 1, 10, 20, 30, 40]
    assert len(recording.metrics["loss"]) == 40
    assert recording.evaluations["step"].tolist() == [40]
    assert recording.evaluated_events(40)[0].confusion.sum() == 1000
    live = cnn_run.trainer.snapshot(cnn_run.recorder.parts)
    replayed = recording.snapshot(40)
    assert {"conv1_filters", "conv2_filters", "conv1", "pool2", "fc1", "probabilities"} <= set(replayed.arrays)
    for name, array in live.arrays.items():
        assert replayed.arrays[name].shape == array.shape, name
    assert replayed.arrays["conv1_filters"].shape == (32, 5, 5)
    np.testing.assert_array_equal(replayed.arrays["conv1_filters"], live.arrays["conv1_filters"])
    np.testing.assert_array_equal(replayed.arrays["conv2_filters"], live.arrays["conv2_filters"])
    moved = np.abs(replayed.arrays["conv1_filters"] - recording.snapshot(0).arrays["conv1_filters"]).max()
    assert moved > 0, "40 Adam steps change conv1's filters"


def test_each_snapshot_keeps_the_weight_and_gradient_distributions_of_its_step(cnn_run, softmax_run):
    recording = Recording.open(cnn_run.run_dir)
    assert "distributions" in recording.parts
    history = recording.distribution_history(30)
    assert [snapshot.step for snapshot in history] == [0, 1, 10, 20, 30]
    for snapshot in history:  # computed afresh at each recorded step, not a stale repeat
        assert int(snapshot.arrays["dist/step"]) == snapshot.step
    layers = cnn_run.trainer.model
    last = history[-1].arrays
    assert int(last["dist/fc1/weight_counts"].sum()) == layers.fc1.weight.numel()
    assert int(last["dist/conv2/gradient_counts"].sum()) == layers.conv2.weight.numel()
    assert float(last["dist/fc1/gradient_norm"]) > 0
    assert 0 <= float(last["dist/conv1/dead_fraction"]) <= 1
    assert "dist/W/gradient_counts" not in history[0].arrays  # step 0: no gradient yet
    # Softmax regression's W starts at zero and spreads out as it learns.
    softmax = Recording.open(softmax_run.run_dir).distribution_history(300)
    assert float(softmax[0].arrays["dist/W/weight_range"]) < float(softmax[-1].arrays["dist/W/weight_range"])


# ---------------------------------------------------------------- size bound

def test_a_small_size_bound_thins_the_snapshots_and_holds(real_mnist, tmp_path):
    config = preset("tutorial-softmax").replace(steps=200, eval_every=0, device="cpu")
    max_bytes = 250_000
    run = record_run(tmp_path / "small", config, real_mnist.train, first(real_mnist.test, 1000),
                     every_steps=5, max_bytes=max_bytes)
    recording = Recording.open(run.run_dir)
    assert recording.manifest["thinned"] is True
    assert recording.manifest["every_steps"] > 5
    unthinned = 2 + 200 // 5  # steps 0, 1 and every 5th
    assert 2 <= len(recording.snapshot_steps) < unthinned
    assert np.all(np.diff(recording.snapshot_steps) > 0)
    largest_chunk = max(chunk["bytes"] for chunk in recording.manifest["chunks"])
    assert folder_bytes(run.run_dir) <= max_bytes + largest_chunk
    assert len(recording.metrics["step"]) == 200, "metrics are never thinned"


# ---------------------------------------------------------- damaged recordings

def test_a_missing_folder_or_one_without_manifest_is_refused(tmp_path):
    with pytest.raises(RecordingError, match="does not exist"):
        Recording.open(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(RecordingError, match="no manifest.json"):
        Recording.open(tmp_path / "empty")


def test_a_corrupt_manifest_is_named(softmax_copy):
    (softmax_copy / "manifest.json").write_text('{"format": "mnist-viz-rec')
    with pytest.raises(RecordingError, match="manifest.json is damaged"):
        Recording.open(softmax_copy)


def test_a_newer_format_asks_for_an_update(softmax_copy):
    path = softmax_copy / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["format_version"] = FORMAT_VERSION + 1
    path.write_text(json.dumps(manifest))
    with pytest.raises(RecordingError, match="newer mnist-viz.*update"):
        Recording.open(softmax_copy)


def test_a_missing_chunk_is_named(softmax_copy):
    (softmax_copy / "chunk-0000.npz").unlink()
    with pytest.raises(RecordingError, match="chunk-0000.npz is missing"):
        Recording.open(softmax_copy)


def test_a_truncated_chunk_is_named(softmax_copy):
    path = softmax_copy / "chunk-0000.npz"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(RecordingError, match="chunk-0000.npz is damaged"):
        Recording.open(softmax_copy)


def test_the_recorder_never_overwrites_a_folder(softmax_run, tmp_path):
    with pytest.raises(RecordingError, match="not empty"):
        Recorder(softmax_run.run_dir, preset("tutorial-softmax"))
    (tmp_path / "file").write_text("x")
    with pytest.raises(RecordingError, match="not a folder"):
        Recorder(tmp_path / "file", preset("tutorial-softmax"))
    with pytest.raises(RecordingError, match="no part 'conv1_filters'"):
        Recorder(tmp_path / "new", preset("tutorial-softmax"), parts=["conv1_filters"])


# ------------------------------------------------------ reading while recording

def test_a_recording_can_be_read_while_it_is_written(real_mnist, tmp_path):
    torch.set_num_threads(1)
    config = preset("tutorial-softmax").replace(steps=100, eval_every=50, device="cpu")
    trainer = Trainer(config, real_mnist.train, first(real_mnist.test, 1000))
    recorder = Recorder(tmp_path / "live", config, every_steps=10, snapshots_per_chunk=3)
    recorder.attach(trainer)
    events = trainer.run()
    recording = Recording.open(tmp_path / "live")  # before the first step: an empty recording
    assert len(recording.snapshot_steps) == 0 and recording.finished is None
    with pytest.raises(RecordingError, match="no snapshots yet"):
        recording.snapshot(0)
    for event in events:  # snapshots 0, 1, 10 fill the first chunk; 20, 30, 40 the second
        if isinstance(event, ev.StepDone) and event.step == 45:
            break
    recorder.flush()  # the writer thread would within 2 s: the test does not wait
    assert recording.refresh() is True
    assert recording.snapshot_steps.tolist() == [0, 1, 10, 20, 30, 40]
    assert recording.finished is None
    assert recording.snapshot(45).step == 40
    assert len(recording.metrics["step"]) >= 40
    for _ in events:
        pass
    recorder.close()
    recording.refresh()
    assert recording.finished == "completed"
    assert recording.snapshot_steps[-1] == 100 and len(recording.metrics["step"]) == 100
    assert [e.step for e in recording.evaluated_events(100)] == [50, 100]


def test_the_core_modules_import_no_qt():
    code = ("import sys, mnist_viz.core.recording, mnist_viz.core.export; "
            "print([m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'superqt'))])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------- robustness of a live run

def test_a_failing_disk_stops_the_recording_not_the_training(real_mnist, tmp_path, monkeypatch):
    from mnist_viz.core import recording as recording_module

    torch.set_num_threads(1)
    config = preset("tutorial-softmax").replace(steps=30, eval_every=0, device="cpu")
    trainer = Trainer(config, real_mnist.train, first(real_mnist.test, 500))
    recorder = Recorder(tmp_path / "full", config, every_steps=5, snapshots_per_chunk=2)
    recorder.attach(trainer)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recording_module.np, "savez_compressed", disk_full)
    events = list(trainer.run())
    recorder.close()
    assert isinstance(events[-1], ev.Finished) and events[-1].reason == "completed" and trainer.step == 30
    assert recorder.error is not None and "No space left on device" in recorder.error
    assert "full" in recorder.error


def test_a_weight_reset_ends_the_recording(real_mnist, tmp_path):
    torch.set_num_threads(1)
    config = preset("tutorial-softmax").replace(steps=20, eval_every=0, device="cpu")
    trainer = Trainer(config, real_mnist.train, first(real_mnist.test, 500))
    recorder = Recorder(tmp_path / "reset", config, every_steps=10)
    recorder.attach(trainer)
    run = trainer.run()
    for event in run:
        if isinstance(event, ev.StepDone) and event.step == 12:
            break
    run.close()
    trainer.reset()
    for _ in trainer.run():
        pass
    recorder.close()
    recording = Recording.open(tmp_path / "reset")
    assert recording.finished == "reset"
    assert recording.metrics["step"].tolist() == list(range(1, 13)), "only the first run is recorded"
    assert recording.snapshot_steps.tolist() == [0, 1, 10]
