"""The benchmark's replay and long-loss-history rows (mnist_viz.gui.bench_replay, issue 18
item 4), on a small recording: each row function returns its rows with their targets, and
the recording the benchmark makes is a real one. No timing is asserted."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_viz.core.recording import Recording
from mnist_viz.gui import bench_replay


@pytest.fixture(scope="module")
def small_recording(tmp_path_factory, mnist_small):
    """A 100-step tutorial-CNN recording made by the benchmark's builder (a snapshot every 50)."""
    folder = tmp_path_factory.mktemp("bench-replay") / "run"
    return bench_replay.build_recording(mnist_small, folder, steps=100, every=50, eval_every=50)


def test_the_benchmarks_recording_is_a_real_one_at_the_runs_step_numbers(small_recording):
    recording = Recording.open(small_recording)
    assert recording.finished == "completed" and recording.model == "cnn"
    assert recording.snapshot_steps.tolist() == [0, 1, 50, 100]
    assert len(recording.metrics["step"]) == 100 and list(recording.evaluations["step"]) == [50, 100]
    early, late = recording.snapshot(0).arrays["conv1_filters"], recording.snapshot(100).arrays["conv1_filters"]
    assert not np.array_equal(early, late)  # the network trained between snapshots
    assert 0 in recording.weight_steps() and 100 in recording.weight_steps()


def test_bench_replay_rows_have_targets_and_a_drag_ends_on_its_last_position(qapp, mnist_small, small_recording):
    rows = bench_replay.bench_replay(mnist_small, quick=True, recording=small_recording, moves=4)
    names = [row.name for row in rows]
    assert len(rows) == 3 and all("replay" in name for name in names), names
    assert all(row.target and row.ok is not None and np.isfinite(row.value) for row in rows), rows
    drag = next(row for row in rows if "drag" in row.name)
    assert "the last position shown" in drag.detail, drag.detail  # coalescing never drops the last one


def test_bench_loss_history_row_has_its_target(qapp, mnist_small):
    rows = bench_replay.bench_loss_history(mnist_small, quick=True, history=5_000, seconds=1.0)
    assert len(rows) == 1 and rows[0].target == "<= 30" and rows[0].ok is not None
    assert np.isfinite(rows[0].value) and "5,000 steps" in rows[0].name
