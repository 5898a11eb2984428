"""A recording keeps all the weights at a few steps (its keyframes), so that replay can compute
anything there: the embedding, a unit's top images (issue 16: "at every replayed step")."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import torch

from mnist_viz.core import data
from mnist_viz.core.recording import Recorder, Recording, RecordingError
from mnist_viz.core.recording import keyframes
from mnist_viz.core.training import Trainer, preset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1_0"


@pytest.fixture(scope="module")
def recorded(real_mnist, tmp_path_factory):
    """A softmax run of 60 steps, evaluated every 20, recorded; and its weights at each step
    the live trainer evaluated (taken by a listener, in the training thread)."""
    config = preset("tutorial-softmax").replace(steps=60, eval_every=20, device="cpu")
    test = data.Split(real_mnist.test.images[:500], real_mnist.test.labels[:500])
    trainer = Trainer(config, real_mnist.train, test)
    run_dir = tmp_path_factory.mktemp("keyframes") / "run"
    recorder = Recorder(run_dir, config, every_steps=20)
    live = {0: trainer.state_copy()}
    trainer.add_listener(lambda t, event: live.setdefault(event.step, t.state_copy())
                         if type(event).__name__ == "Evaluated" else None)
    recorder.attach(trainer)
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        list(trainer.run())
    finally:
        torch.set_num_threads(previous)
    recorder.close()
    return run_dir, live, trainer


def test_a_small_network_keeps_its_weights_at_the_start_every_evaluation_and_the_end(recorded):
    run_dir, live, _ = recorded
    recording = Recording.open(run_dir)
    assert recording.weight_steps() == [0, 20, 40, 60]
    for step in (0, 20, 40, 60):
        kept = recording.read_weights(step)
        assert kept.keys() == live[step].keys()
        for name, value in live[step].items():  # compact storage: int8 rows for the large matrices
            scale = float(value.abs().max()) or 1.0
            assert torch.allclose(kept[name], value, atol=scale / 100), (step, name)
    moved = recording.read_weights(20)
    assert any(not torch.allclose(moved[name], live[0][name]) for name in live[0]), "step 20 is step 0's weights"


def test_a_large_network_keeps_doubling_steps_so_a_long_run_keeps_about_ten():
    plan = keyframes.KeyframePlan(parameters=3_300_000, max_bytes=10**12)
    kept = []
    for step, kind in [(0, "start"), *[(s, "evaluation") for s in range(100, 20_001, 100)], (20_000, "end")]:
        if plan.wanted(step, kind):
            plan.kept(step, 3_500_000)
            kept.append(step)
    assert kept == [0, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 20000]


def test_keyframes_stay_within_their_share_of_the_size_bound():
    plan = keyframes.KeyframePlan(parameters=1000, max_bytes=100_000)  # budget: 25 kB
    written = []
    for step in range(0, 1000, 100):
        if plan.wanted(step, "evaluation"):
            plan.kept(step, 10_000)
            written.append(step)
    assert written == [0, 100, 200]  # the third one crossed the budget; no more after it


def test_a_damaged_keyframe_is_one_line_and_the_recording_still_opens(recorded, tmp_path):
    run_dir, _, _ = recorded
    copy = Path(shutil.copytree(run_dir, tmp_path / "copy"))
    (copy / "weights" / "step-00000020.pt").write_bytes(b"not a checkpoint")
    recording = Recording.open(copy)
    assert recording.weight_steps() == [0, 20, 40, 60]
    with pytest.raises(RecordingError) as caught:
        recording.read_weights(20)
    message = str(caught.value)
    assert "\n" not in message and "step 20" in message
    assert recording.read_weights(40)  # the others still read


def test_a_keyframe_linked_outside_the_folder_is_refused(recorded, tmp_path):
    run_dir, _, _ = recorded
    copy = Path(shutil.copytree(run_dir, tmp_path / "copy"))
    outside = tmp_path / "elsewhere.pt"
    shutil.copy(copy / "weights" / "step-00000040.pt", outside)
    target = copy / "weights" / "step-00000040.pt"
    target.unlink()
    os.symlink(outside, target)
    with pytest.raises(RecordingError, match="outside the recording folder"):
        Recording.open(copy).read_weights(40)


def test_a_recording_made_before_keyframes_opens_without_them():
    recording = Recording.open(FIXTURES / "recording-softmax")
    assert recording.weight_steps() == []
    with pytest.raises(RecordingError, match="missing"):
        recording.read_weights(0)
