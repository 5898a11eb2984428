"""Following a recording that another process is still writing, as `mnist-viz open` on a
laptop follows `mnist-viz train --record` on a GPU box through a shared or synced folder.

``Recording.refresh`` reads only what is new, says whether anything arrived, and never
raises once the recording is open: a file listed but not arrived yet (rsync brings the
manifest first), a metrics file not brought up to date, a damaged manifest: it keeps what
it had and says what is missing in one line. The last test runs the real trainer in a
second process and follows it. The lag itself is measured by scripts/measure_follow_lag.py,
not asserted here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from mnist_viz.core import events as ev
from mnist_viz.core.recording import STALL_SECONDS, Recorder, Recording, RecordingError
from mnist_viz.core.recording import metrics as metrics_module
from mnist_viz.core.recording import reader as reader_module
from mnist_viz.core.training import Trainer, preset
from tests.core.test_recording import first

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def live(real_mnist, tmp_path):
    """A softmax run being recorded, driven step by step: ``live.until(step)`` trains up to
    ``step`` and puts everything on disk (as the writer thread would within 2 s)."""
    torch.set_num_threads(1)
    config = preset("tutorial-softmax").replace(steps=80, eval_every=40, device="cpu")
    trainer = Trainer(config, real_mnist.train, first(real_mnist.test, 500))
    recorder = Recorder(tmp_path / "run", config, every_steps=10, snapshots_per_chunk=2, flush_seconds=None,
                        heartbeat_seconds=None, metric_file_bytes=3_000)
    recorder.attach(trainer)
    events = trainer.run()

    class Live:
        folder = tmp_path / "run"

        @staticmethod
        def until(step: int) -> None:
            for event in events:
                if isinstance(event, (ev.StepDone, ev.Finished)) and event.step >= step:
                    break
            recorder.flush()

        @staticmethod
        def finish() -> None:
            for _ in events:
                pass
            recorder.close()

    yield Live
    events.close()
    recorder.close()


def counting(monkeypatch) -> dict[str, list[str]]:
    """Record which chunk and metrics files the reader reads."""
    read: dict[str, list[str]] = {"chunks": [], "metrics": []}
    index_chunk = reader_module.Recording._index_chunk
    read_metrics = reader_module.read_metrics_file

    def indexing(self, root, name, steps, model):
        read["chunks"].append(name)
        return index_chunk(self, root, name, steps, model)

    def reading(real, path, budget):
        read["metrics"].append(path.name)
        return read_metrics(real, path, budget)

    monkeypatch.setattr(reader_module.Recording, "_index_chunk", indexing)
    monkeypatch.setattr(reader_module, "read_metrics_file", reading)
    assert metrics_module.read_metrics_file is read_metrics
    return read


def one_line(text: str | None) -> str:
    assert text is not None
    assert "\n" not in text and len(text) < 600, text
    return text


# ---------------------------------------------------------------- refreshing
def test_refresh_reads_only_the_new_files_and_says_when_something_arrived(live, monkeypatch):
    """Was: every refresh read every chunk's index again and the whole metrics.npz."""
    live.until(20)
    recording = Recording.open(live.folder)
    assert recording.snapshot_steps.tolist() == [0, 1, 10, 20] and recording.last_step == 20
    read = counting(monkeypatch)
    assert recording.refresh() is False, "nothing was written"
    assert read == {"chunks": [], "metrics": []}

    live.until(45)
    listed = json.loads((live.folder / "manifest.json").read_text())
    assert recording.refresh() is True
    new_chunks = [c["file"] for c in listed["chunks"]][2:]
    assert read["chunks"] == new_chunks, "only the chunks listed since"
    assert read["metrics"] == [listed["metric_files"][-1]["file"]], "only the last metrics file, which grew"
    assert recording.snapshot_steps.tolist() == [0, 1, 10, 20, 30, 40]
    assert recording.metrics["step"].tolist() == list(range(1, 46))
    assert recording.evaluations["step"].tolist() == [40] and recording.finished is None
    assert recording.incomplete is None
    new_steps = recording.step_events(45, after_step=20)  # what a follower feeds the panels
    assert [e.step for e in new_steps] == list(range(21, 46))
    assert new_steps == recording.step_events(45)[20:]

    live.finish()
    assert recording.refresh() is True
    assert recording.finished == "completed" and recording.last_step == 80
    assert recording.metrics["step"].tolist() == list(range(1, 81))
    fresh = Recording.open(live.folder)
    assert recording.step_events(80) == fresh.step_events(80)
    assert [e.step for e in recording.evaluated_events(80)] == [40, 80]
    assert [e.step for e in recording.evaluated_events(80, after=1)] == [80]
    assert recording.snapshot(80).step == 80


def test_a_chunk_listed_but_not_arrived_is_said_in_one_line_and_what_was_read_stays(live, tmp_path):
    """As rsync leaves a folder: the new manifest is there, the chunk it lists is not yet."""
    live.until(20)
    mirror = Path(shutil.copytree(live.folder, tmp_path / "mirror"))
    recording = Recording.open(mirror)
    live.until(60)
    listed = json.loads((live.folder / "manifest.json").read_text())
    missing = listed["chunks"][-1]["file"]
    for path in live.folder.iterdir():  # everything but the newest chunk has arrived
        if path.is_dir():  # the keyframes (weights/)
            shutil.copytree(path, mirror / path.name, dirs_exist_ok=True)
        elif path.name != missing:
            shutil.copy(path, mirror / path.name)

    assert recording.refresh() is True  # the chunks and metrics that did arrive
    assert missing in one_line(recording.incomplete) and "is missing" in recording.incomplete
    assert recording.snapshot_steps[-1] < listed["chunks"][-1]["steps"][0]
    assert recording.snapshot_steps.tolist()[:4] == [0, 1, 10, 20]
    assert recording.metrics["step"][-1] == 60
    assert recording.finished is None
    assert not recording.stalled(after_s=3600)

    with pytest.raises(RecordingError, match=f"{missing} is missing"):
        Recording.open(mirror)  # opening it whole is refused, in one line
    partial = Recording.open(mirror, partial=True)
    assert partial.snapshot_steps.tolist() == recording.snapshot_steps.tolist()
    assert missing in one_line(partial.incomplete)

    shutil.copy(live.folder / missing, mirror / missing)  # it arrives
    assert recording.refresh() is True
    assert recording.incomplete is None
    assert recording.snapshot_steps.tolist() == Recording.open(live.folder).snapshot_steps.tolist()


def test_a_metrics_file_not_yet_brought_up_to_date_keeps_the_steps_read(live, tmp_path):
    live.until(20)
    mirror = Path(shutil.copytree(live.folder, tmp_path / "mirror"))
    recording = Recording.open(mirror)
    live.until(30)
    shutil.copy(live.folder / "manifest.json", mirror / "manifest.json")  # the manifest first
    assert recording.refresh() is False or recording.metrics["step"][-1] <= 30
    text = one_line(recording.incomplete)
    assert "has not been brought up to date" in text or "is missing" in text, text
    assert recording.metrics["step"].tolist()[:20] == list(range(1, 21))
    for path in live.folder.iterdir():
        if path.is_dir():  # the keyframes (weights/)
            shutil.copytree(path, mirror / path.name, dirs_exist_ok=True)
        else:
            shutil.copy(path, mirror / path.name)
    assert recording.refresh() is True and recording.incomplete is None
    assert recording.metrics["step"].tolist() == list(range(1, 31))


@pytest.mark.parametrize("damage", ["not-json", "half", "another-model", "history-rewritten", "gone"])
def test_a_damaged_or_replaced_manifest_while_following_keeps_what_was_read(live, damage):
    live.until(40)
    recording = Recording.open(live.folder)
    before = (recording.snapshot_steps.tolist(), recording.metrics["step"].tolist())
    path = live.folder / "manifest.json"
    text = path.read_text()
    manifest = json.loads(text)
    if damage == "not-json":
        path.write_text("{ not json")
    elif damage == "half":
        path.write_text(text[: len(text) // 2])
    elif damage == "another-model":
        manifest["model"] = manifest["config"]["model"] = "cnn"
        manifest["arrays"], manifest["chunks"] = {}, []
        path.write_text(json.dumps(manifest))
    elif damage == "history-rewritten":
        manifest["metric_files"][0]["file"] = "metrics-999999.npz"
        path.write_text(json.dumps(manifest))
    else:
        shutil.rmtree(live.folder)
    assert recording.refresh() is False
    one_line(recording.incomplete)
    assert (recording.snapshot_steps.tolist(), recording.metrics["step"].tolist()) == before
    assert recording.snapshot(40).step == 40 or damage == "gone"
    assert recording.finished is None


# --------------------------------------------------------- finished, stalled
def test_updated_finished_and_stalled_say_how_the_run_stands(live):
    live.until(10)
    recording = Recording.open(live.folder)
    assert recording.updated is not None and recording.updated.tzinfo is not None
    assert recording.updated.isoformat(timespec="milliseconds").replace("+00:00", "") \
        == recording.manifest["updated"].replace("+00:00", "")
    assert recording.finished is None
    assert not recording.stalled()  # just written
    assert recording.stalled(after_s=0.0), "not finished, and nothing written for 0 s"
    assert STALL_SECONDS == 30
    live.finish()
    recording.refresh()
    assert recording.finished == "completed"
    assert not recording.stalled(after_s=0.0), "a finished run is never stalled"


def test_a_heartbeat_counts_as_a_write_but_not_as_news(real_mnist, tmp_path):
    config = preset("tutorial-softmax").replace(steps=5, device="cpu")
    recorder = Recorder(tmp_path / "run", config, flush_seconds=0.1, heartbeat_seconds=0.2)
    try:
        recording = Recording.open(tmp_path / "run")
        first_write = recording.manifest["updated"]
        deadline = time.monotonic() + 60
        while recording.manifest["updated"] == first_write:
            assert recording.refresh() is False, "a heartbeat brings nothing new"
            assert time.monotonic() < deadline, "no heartbeat"
            time.sleep(0.05)
        assert recording.seconds_since_write() < STALL_SECONDS
    finally:
        recorder.close()


# ---------------------------------------------------------------- two processes
TRAIN_AND_RECORD = """
import sys, time, torch
from pathlib import Path
from mnist_viz.core import data
from mnist_viz.core.recording import Recorder
from mnist_viz.core.training import Trainer, preset
torch.set_num_threads(1)
config = preset("tutorial-softmax").replace(steps=600, eval_every=200, device="cpu")
mnist = data.load(Path(sys.argv[2]))
trainer = Trainer(config, mnist.train, mnist.test)
recorder = Recorder(sys.argv[1], config, every_steps=20, flush_seconds=0.2)
recorder.attach(trainer)
for event in trainer.run():  # at most 250 steps a second: on a fast machine 600 softmax steps took
    if type(event).__name__ == "StepDone":  # 0.2 s, one flush, and the viewer saw no step during the run
        time.sleep(0.004)
recorder.close()
"""


def test_a_viewer_follows_a_run_another_process_is_training(real_mnist, tmp_path):
    """A real run recorded in a second process (as `mnist-viz train --record` does, with a
    short flush interval so that the test sees several flushes however fast the machine);
    this one follows it with refresh(): new steps arrive while the writer writes, and
    nothing fails while files are being replaced."""
    run_dir = tmp_path / "run"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-c", TRAIN_AND_RECORD, str(run_dir), str(real_mnist.root)], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[int] = []
    try:
        deadline = time.monotonic() + 600
        while not (run_dir / "manifest.json").exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        recording = Recording.open(run_dir, partial=True)
        while recording.finished is None:
            assert time.monotonic() < deadline, f"the run did not finish; seen {seen}"
            gone = process.poll() is not None
            arrived = recording.refresh()
            if gone and not arrived:
                break  # the writer is gone and nothing more came
            if arrived and len(recording.metrics["step"]):
                seen.append(int(recording.metrics["step"][-1]))
            assert recording.incomplete is None, recording.incomplete
            time.sleep(0.1)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert recording.finished == "completed" and recording.last_step == 600
    during = [step for step in seen if step < 600]
    assert len(set(during)) >= 2, f"steps arrived while the run trained: {seen}"
    assert during == sorted(during)
    fresh = Recording.open(run_dir)
    assert recording.step_events(600) == fresh.step_events(600)
    assert recording.snapshot_steps.tolist() == fresh.snapshot_steps.tolist()
    assert [e.step for e in recording.evaluated_events(600)] == [200, 400, 600]
