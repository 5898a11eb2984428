"""Recording format 2: what the writer puts on disk while a real run trains (on time as well as
on count, appending), and that format 1 and format 2 of the same run replay the same events.

The runs are real and short (softmax regression on the real MNIST). Waiting for the writer
thread is a wait with a generous deadline, never a timing assertion.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from mnist_viz.core import events as ev
from mnist_viz.core.recording import FORMAT_VERSION, Recorder, Recording, RecordingError
from mnist_viz.core.training import Trainer, preset
from tests.core.recording_formats import to_v1, to_v2
from tests.core.test_recording import first

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1_0"
DEADLINE_S = 60


def wait_for(condition, what: str):
    deadline = time.monotonic() + DEADLINE_S
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"the writer never wrote {what}"
        time.sleep(0.05)


def on_disk(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def trainer(real_mnist):
    torch.set_num_threads(1)
    config = preset("tutorial-softmax").replace(steps=60, eval_every=20, device="cpu")
    return Trainer(config, real_mnist.train, first(real_mnist.test, 500))


# ------------------------------------------------------------ flushing on time
def test_steps_reach_the_disk_on_time_without_a_full_chunk_or_the_end(trainer, tmp_path):
    """Was: the disk saw nothing until 20 snapshots filled a chunk (about 1,000 steps at
    --record-every 50) or the run ended."""
    recorder = Recorder(tmp_path / "run", trainer.config, every_steps=50, flush_seconds=0.2)
    recorder.attach(trainer)
    run = trainer.run()
    try:
        for event in run:
            if isinstance(event, ev.StepDone) and event.step == 25:
                break
        # Training is paused here (the generator waits): only the writer thread can write.
        def written():  # the metrics come first, then the chunk, each with a manifest
            manifest = on_disk(tmp_path / "run")
            steps = [step for chunk in manifest["chunks"] for step in chunk["steps"]]
            return manifest["steps_recorded"] >= 25 and 20 in steps and manifest

        manifest = wait_for(written, "step 25 and the snapshot of step 20")
        assert manifest["steps_recorded"] == 25
        assert [step for chunk in manifest["chunks"] for step in chunk["steps"]] == [0, 1, 20], \
            "the snapshots of steps 0, 1 and the evaluation at 20, in a chunk that is not full"
        assert [e["step"] for e in manifest["evaluations"]] == [20]
        recording = Recording.open(tmp_path / "run")
        assert recording.metrics["step"].tolist() == list(range(1, 26))
        assert recording.snapshot_steps.tolist() == [0, 1, 20] and recording.finished is None
        for _ in run:
            pass
    finally:
        run.close()
        recorder.close()
    assert Recording.open(tmp_path / "run").finished == "completed"


def test_a_heartbeat_rewrites_the_manifest_while_nothing_happens(trainer, tmp_path):
    recorder = Recorder(tmp_path / "run", trainer.config, flush_seconds=0.1, heartbeat_seconds=0.2)
    try:
        first_write = on_disk(tmp_path / "run")["updated"]
        wait_for(lambda: on_disk(tmp_path / "run")["updated"] != first_write, "a heartbeat")
    finally:
        recorder.close()


def test_without_a_flush_interval_only_full_chunks_and_the_end_are_written(trainer, tmp_path):
    recorder = Recorder(tmp_path / "run", trainer.config, every_steps=5, snapshots_per_chunk=4,
                        flush_seconds=None, heartbeat_seconds=None)
    recorder.attach(trainer)
    run = trainer.run()
    for event in run:
        if isinstance(event, ev.StepDone) and event.step == 12:
            break
    # 0, 1, 5, 10 fill a chunk: written by the writer thread; 12 steps of metrics are not due yet.
    manifest = wait_for(lambda: (m := on_disk(tmp_path / "run"))["chunks"] and m, "the full chunk")
    assert manifest["chunks"][0]["steps"] == [0, 1, 5, 10] and manifest["steps_recorded"] == 0
    run.close()
    recorder.close()
    assert on_disk(tmp_path / "run")["steps_recorded"] == 12


# ------------------------------------------------------------------ appending
def test_a_flush_rewrites_only_the_last_metrics_file_and_never_a_chunk(trainer, tmp_path):
    """Was: metrics.npz, the whole run's metrics, rewritten at every flush."""
    recorder = Recorder(tmp_path / "run", trainer.config, every_steps=10, snapshots_per_chunk=2,
                        flush_seconds=None, metric_file_bytes=1_500)  # a metrics file: about 25 steps
    recorder.attach(trainer)
    seen: dict[str, tuple[int, bytes]] = {}
    rewritten: list[str] = []   # files rewritten while they were the last metrics file: allowed
    wrong: list[str] = []       # any other file rewritten: the bug
    for event in trainer.run():
        if isinstance(event, ev.StepDone) and event.step % 7 == 0:
            before = on_disk(tmp_path / "run")
            recorder.flush()
            listed = on_disk(tmp_path / "run")
            tail = before["metric_files"][-1]["file"] if before["metric_files"] else None
            names = [c["file"] for c in listed["chunks"]] + [m["file"] for m in listed["metric_files"]]
            for name in names:
                path = tmp_path / "run" / name
                state = (os.stat(path).st_ino, path.read_bytes())
                if name in seen and seen[name] != state:
                    (rewritten if name == tail else wrong).append(name)
                seen[name] = state
    recorder.close()
    manifest = on_disk(tmp_path / "run")
    files = [entry["file"] for entry in manifest["metric_files"]]
    assert len(files) >= 3 and files == [f"metrics-{k:06d}.npz" for k in range(len(files))]
    assert wrong == [], "only the last metrics file is rewritten; chunks and earlier metrics files never"
    assert rewritten, "the last metrics file takes the new steps until it is full"
    assert sum(entry["steps"] for entry in manifest["metric_files"]) == 60
    recording = Recording.open(tmp_path / "run")
    assert recording.metrics["step"].tolist() == list(range(1, 61))
    assert recording.evaluations["step"].tolist() == [20, 40, 60]


def test_a_chunk_whose_write_fails_is_not_listed_and_training_goes_on(trainer, tmp_path, monkeypatch):
    recorder = Recorder(tmp_path / "run", trainer.config, every_steps=10, snapshots_per_chunk=2)
    recorder.attach(trainer)
    real_savez = np.savez_compressed
    calls = []

    def fail_the_third(file, **arrays):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_savez(file, **arrays)

    monkeypatch.setattr(np, "savez_compressed", fail_the_third)
    events = list(trainer.run())
    recorder.close()
    assert isinstance(events[-1], ev.Finished) and trainer.step == 60
    assert recorder.error is not None and "No space left on device" in recorder.error
    recording = Recording.open(tmp_path / "run")
    assert recording.manifest["error"] == recorder.error
    assert recording.snapshot_steps.tolist() == recorder.written_steps
    assert len(recording.metrics.get("step", [])) == recorder.metrics_written
    assert not [p for p in (tmp_path / "run").iterdir() if ".tmp" in p.name], "no temporary file is left"


# ----------------------------------------------------------- format 1 and 2
def replayed(recording: Recording) -> dict:
    """Every event a replay of ``recording`` hands the panels."""
    last = recording.last_step
    return {"run": recording.run_started(), "steps": recording.step_events(last),
            "evaluations": recording.evaluated_events(last), "history": recording.distribution_history(last),
            "snapshots": [recording.snapshot(s) for s in recording.snapshot_steps.tolist()],
            "finished": recording.finished, "last": last, "parts": recording.parts}


def assert_same_events(a: dict, b: dict) -> None:
    assert a["run"] == b["run"] and a["finished"] == b["finished"] and a["last"] == b["last"]
    assert a["parts"] == b["parts"]
    assert a["steps"] == b["steps"] and len(a["steps"]) == a["last"]
    assert len(a["evaluations"]) == len(b["evaluations"]) > 0
    for x, y in zip(a["evaluations"], b["evaluations"]):
        assert (x.step, x.test_accuracy, x.test_loss, x.seconds) == (y.step, y.test_accuracy, y.test_loss, y.seconds)
        for name in ("confusion", "predictions", "misclassified"):
            np.testing.assert_array_equal(getattr(x, name), getattr(y, name))
    for kind in ("history", "snapshots"):
        assert [s.step for s in a[kind]] == [s.step for s in b[kind]]
        for x, y in zip(a[kind], b[kind]):
            assert set(x.arrays) == set(y.arrays) and (x.probe_label, x.probe_index) == (y.probe_label, y.probe_index)
            for name in x.arrays:
                np.testing.assert_array_equal(x.arrays[name], y.arrays[name])


def test_a_run_written_as_format_2_replays_the_same_events_as_format_1(real_mnist, tmp_path):
    torch.set_num_threads(1)
    config = preset("tutorial-softmax").replace(steps=120, eval_every=40, device="cpu")
    trainer = Trainer(config, real_mnist.train, first(real_mnist.test, 1000))
    run_dir = tmp_path / "v2"
    recorder = Recorder(run_dir, config, every_steps=20, metric_file_bytes=2_000)
    recorder.attach(trainer)
    live_steps = []
    for event in trainer.run():
        if isinstance(event, ev.StepDone):
            live_steps.append(event)
            if event.step in (30, 45, 70):  # as the writer thread would, at whatever steps
                recorder.flush()
    recorder.close()
    assert on_disk(run_dir)["format_version"] == FORMAT_VERSION == 2
    assert len(on_disk(run_dir)["metric_files"]) >= 2
    v1 = to_v1(run_dir, tmp_path / "v1")
    assert_same_events(replayed(Recording.open(run_dir)), replayed(Recording.open(v1)))
    assert [e.loss for e in Recording.open(run_dir).step_events(120)] == [e.loss for e in live_steps]


@pytest.mark.parametrize("name", ["recording-softmax", "recording-cnn"])
def test_the_0_1_0_recordings_replay_the_same_events_as_format_2(name, tmp_path):
    v1 = FIXTURES / name
    v2 = to_v2(v1, tmp_path / "v2", files=3)
    assert_same_events(replayed(Recording.open(v1)), replayed(Recording.open(v2)))


def test_a_newer_format_is_refused_in_one_line_asking_for_an_update(tmp_path):
    folder = Path(shutil.copytree(FIXTURES / "recording-softmax", tmp_path / "rec"))
    manifest = on_disk(folder)
    manifest["format_version"] = FORMAT_VERSION + 1
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(RecordingError) as caught:
        Recording.open(folder)
    text = str(caught.value)
    assert "\n" not in text and f"recording format {FORMAT_VERSION + 1}" in text and "update mnist-viz" in text
