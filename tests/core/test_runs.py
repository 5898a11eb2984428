"""Listing the recordings in a folder (core.runs, issue 14 item 4): three real softmax runs that
differ in their learning rate and seed, and folders from anywhere, none of which makes the
listing raise.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from mnist_viz.core import runs
from mnist_viz.core.recording import Recorder, Recording, RecordingError
from mnist_viz.core.runs import BROKEN, FINISHED, STALLED, WRITING, RunsFolder, list_runs, load_curves
from mnist_viz.core.training import Trainer, TrainConfig

BASE = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=50,
                   steps=60, eval_every=30, device="cpu", seed=1)
#: The three runs: one setting at a time changed from BASE.
THREE = {"base": {}, "seed2": {"seed": 2}, "slow": {"learning_rate": 0.001}}


def record_run(folder: Path, mnist, **changes) -> Path:
    """Train BASE (with ``changes``) on ``mnist`` and record it into ``folder``."""
    config = BASE.replace(**changes)
    trainer = Trainer(config, mnist.train, mnist.test)
    recorder = Recorder(folder, config, every_steps=20)
    recorder.attach(trainer)
    for _ in trainer.run():
        pass
    recorder.close()
    return folder


def record_three(folder: Path, mnist) -> Path:
    for name, changes in THREE.items():
        record_run(folder / name, mnist, **changes)
    return folder


@pytest.fixture(scope="module")
def three_runs(real_mnist, tmp_path_factory) -> Path:
    """Three real recorded softmax runs (2,000 training, 500 test images) in one folder."""
    import torch

    from mnist_viz.core import data

    torch.set_num_threads(1)
    small = data.Mnist(train=real_mnist.train.subset(2000), test=real_mnist.test.subset(500), root=real_mnist.root)
    return record_three(tmp_path_factory.mktemp("runs"), small)


def copy_run(source: Path, target: Path, **manifest_changes) -> Path:
    shutil.copytree(source, target)
    if manifest_changes:
        path = target / "manifest.json"
        manifest = json.loads(path.read_text())
        manifest.update(manifest_changes)
        path.write_text(json.dumps(manifest))
    return target


def test_three_runs_are_listed_with_what_differs(three_runs):
    listing = list_runs(three_runs)
    assert not listing.problem and listing.left_out == 0
    assert [run.name for run in listing.runs] == ["base", "seed2", "slow"]
    assert listing.differing == ("learning_rate", "seed")  # exactly the settings changed
    for run in listing.runs:
        recording = Recording.open(run.path)
        assert run.state == FINISHED and run.ended == "completed"
        assert (run.model, run.dataset, run.steps, run.total_steps) == ("softmax", "mnist", 60, 60)
        assert run.test_accuracy == pytest.approx(float(recording.evaluations["test_accuracy"][-1]))
        assert run.duration_s == pytest.approx(recording.manifest["final"]["wall_s"])
    labels = {run.name: listing.label(run) for run in listing.runs}
    assert labels == {"base": "lr 0.01, seed 1", "seed2": "lr 0.01, seed 2", "slow": "lr 0.001, seed 1"}
    # the slower learning rate learns less in 60 steps: the listing shows the real results
    accuracy = {run.name: run.test_accuracy for run in listing.runs}
    assert accuracy["slow"] < accuracy["base"]


def test_curves_are_the_recorded_metrics(three_runs):
    curves = load_curves(three_runs / "slow", label="lr 0.001")
    recording = Recording.open(three_runs / "slow")
    np.testing.assert_array_equal(curves.step, recording.metrics["step"])
    np.testing.assert_array_equal(curves.loss, recording.metrics["loss"])
    np.testing.assert_array_equal(curves.eval_step, recording.evaluations["step"])
    np.testing.assert_array_equal(curves.test_accuracy, recording.evaluations["test_accuracy"])
    assert (curves.name, curves.label) == ("slow", "lr 0.001")


def test_the_chosen_folder_may_be_a_recording_itself(three_runs):
    listing = list_runs(three_runs / "base")
    assert [(run.name, run.state) for run in listing.runs] == [("base", FINISHED)]
    assert listing.differing == ()


def one_line(text: str) -> bool:
    return bool(text) and "\n" not in text and "Traceback" not in text and len(text) < 400


def test_hostile_folders_are_listed_broken_with_their_reason(three_runs, tmp_path):
    good = three_runs / "base"
    folder = tmp_path / "hostile"
    folder.mkdir()
    copy_run(good, folder / "good")
    copy_run(good, folder / "half-written")
    data = (folder / "half-written" / "manifest.json").read_bytes()
    (folder / "half-written" / "manifest.json").write_bytes(data[:len(data) // 2])
    copy_run(good, folder / "manifest-is-a-folder")
    (folder / "manifest-is-a-folder" / "manifest.json").unlink()
    (folder / "manifest-is-a-folder" / "manifest.json").mkdir()
    copy_run(good, folder / "no-manifest")
    (folder / "no-manifest" / "manifest.json").unlink()
    last_chunk = json.loads((good / "manifest.json").read_text())["chunks"][-1]["file"]
    copy_run(good, folder / "missing-chunk")
    (folder / "missing-chunk" / last_chunk).unlink()
    copy_run(good, folder / "chunk-is-a-folder")
    (folder / "chunk-is-a-folder" / "chunk-0000.npz").unlink()
    (folder / "chunk-is-a-folder" / "chunk-0000.npz").mkdir()
    manifest = json.loads((good / "manifest.json").read_text())
    copy_run(good, folder / "escapes", chunks=[{"file": "../../etc/passwd", "steps": [0]}] + manifest["chunks"][1:])
    copy_run(good, folder / "newer", format_version=99)
    copy_run(good, folder / "not-a-model", model="resnet")
    copy_run(good, folder / "hostile-config", config={"learning_rate": "fast", "model": "softmax"})
    copy_run(good, folder / "odd-final", final={"test_accuracy": 7, "wall_s": "soon"})
    (folder / "garbage").mkdir()
    (folder / "garbage" / "manifest.json").write_bytes(b"\xff\xfe\x00 not json" * 100)
    (folder / "deep").mkdir()
    (folder / "deep" / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "loop").mkdir()
    os.symlink("manifest.json", folder / "loop" / "manifest.json")
    (folder / "other-stuff").mkdir()  # no recording at all: not listed
    (folder / "other-stuff" / "notes.txt").write_text("hello")
    (folder / "a-file-where-a-run-would-be").write_text("not a folder")

    listing = list_runs(folder)
    states = {run.name: run.state for run in listing.runs}
    assert "other-stuff" not in states and "a-file-where-a-run-would-be" not in states
    assert states.pop("good") == FINISHED
    # values the reader does not check are not trusted: the last evaluation's accuracy, the manifest's times
    odd = next(run for run in listing.runs if run.name == "odd-final")
    assert states.pop("odd-final") == FINISHED
    assert odd.test_accuracy == pytest.approx(Recording.open(good).evaluations["test_accuracy"][-1])
    assert odd.duration_s is not None and odd.duration_s >= 0
    assert states == {name: BROKEN for name in ("hostile-config", "half-written", "manifest-is-a-folder", "no-manifest",
                                                "missing-chunk", "chunk-is-a-folder", "escapes", "newer",
                                                "not-a-model", "garbage", "deep", "loop")}
    reasons = {run.name: run.problem for run in listing.runs if run.state == BROKEN}
    assert all(one_line(reason) for reason in reasons.values()), reasons
    assert f"{last_chunk} is missing" in reasons["missing-chunk"]
    assert "newer mnist-viz" in reasons["newer"]
    assert "leaves the recording folder" in reasons["escapes"]
    assert "no manifest.json" in reasons["no-manifest"]
    assert listing.differing == ()  # broken runs have no settings to compare
    with pytest.raises(RecordingError):
        load_curves(folder / "half-written")


def test_a_run_being_written_and_a_stalled_one(three_runs, tmp_path):
    good = three_runs / "base"
    folder = tmp_path / "live"
    folder.mkdir()
    copy_run(good, folder / "writing", finished=None, final=None)
    copy_run(good, folder / "stalled", finished=None, final=None)
    copy_run(good, folder / "disk-full", finished=None, final=None, error="the disk is full")
    old = time.time() - 120
    os.utime(folder / "stalled" / "manifest.json", (old, old))
    watcher = RunsFolder(folder, stall_s=30)
    listing = watcher.scan()
    states = {run.name: run.state for run in listing.runs}
    assert states == {"disk-full": STALLED, "stalled": STALLED, "writing": WRITING}
    assert listing.writing
    disk_full = next(run for run in listing.runs if run.name == "disk-full")
    assert disk_full.problem == "the disk is full"
    stalled = next(run for run in listing.runs if run.name == "stalled")
    # worth listing again: a stalled writer may come back; one that gave up, saying why, will not
    assert runs.RunsListing(folder, (stalled,)).may_grow and not runs.RunsListing(folder, (disk_full,)).may_grow
    # the writer comes back: its manifest changes, and the next listing sees it written again
    path = folder / "stalled" / "manifest.json"
    path.write_text(path.read_text().replace('"steps_recorded": 60', '"steps_recorded": 61'))
    os.utime(path, (old, old))  # even with a writer's clock far behind ours
    assert {run.name: run.state for run in watcher.scan().runs}["stalled"] == WRITING
    # and a writer that finishes says so
    copy_run(good, folder / "done")
    assert {run.name: run.state for run in watcher.scan().runs}["done"] == FINISHED


def test_a_folder_that_is_not_there_or_is_a_file_says_so(tmp_path):
    missing = list_runs(tmp_path / "nope")
    assert missing.runs == () and "does not exist" in missing.problem
    (tmp_path / "file").write_text("x")
    file = list_runs(tmp_path / "file")
    assert file.runs == () and "is a file" in file.problem
    empty = list_runs(tmp_path)
    assert empty.runs == () and empty.problem == ""


def test_thousands_of_folders_list_at_most_max_runs(three_runs, tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "MAX_RUNS", 50)
    manifest = json.loads((three_runs / "base" / "manifest.json").read_text())
    manifest.update(chunks=[], metric_files=[])
    text = json.dumps(manifest)
    for k in range(3000):
        (tmp_path / f"empty-{k:04d}").mkdir()  # not recordings: skipped
    for k in range(80):
        (tmp_path / f"run-{k:03d}").mkdir()
        (tmp_path / f"run-{k:03d}" / "manifest.json").write_text(text)
    listing = list_runs(tmp_path)
    assert len(listing.runs) == 50 and listing.left_out > 0
    assert all(run.state == FINISHED for run in listing.runs)


def test_a_run_whose_files_arrive_after_its_manifest_is_listed_again(three_runs, tmp_path):
    """A sync brings the manifest first: broken (a file missing) until the file arrives, the
    manifest unchanged all along."""
    good = three_runs / "base"
    last_chunk = json.loads((good / "manifest.json").read_text())["chunks"][-1]["file"]
    copy_run(good, tmp_path / "arriving")
    (tmp_path / "arriving" / last_chunk).unlink()
    watcher = RunsFolder(tmp_path)
    assert watcher.scan().runs[0].state == BROKEN
    shutil.copy(good / last_chunk, tmp_path / "arriving" / last_chunk)
    run = watcher.scan().runs[0]
    assert run.state == FINISHED and run.problem == ""
