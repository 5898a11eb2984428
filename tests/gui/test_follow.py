"""Following a run that another trainer is still recording (issue 14, item 1), in the real window.

A trainer in a thread of its own writes a recording slowly (as a run on another machine
would, through a synced folder); the window opens it while it is written and must show it
live: the timeline grows, the panels move on to the newest step, a step dragged back to
stays, and following ends, saying so, when the run finishes or nothing is written.
"""

from __future__ import annotations

import threading
import time

from mnist_viz.core.recording import Recorder, Recording
from mnist_viz.core.training import Trainer, TrainConfig

TIMEOUT_MS = 60_000
SLOW = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=50,
                   steps=300, eval_every=100, device="cpu", seed=5)


def record_slowly(folder, mnist, config: TrainConfig = SLOW, seconds_per_step: float = 0.02) -> threading.Thread:
    """Record ``config`` into ``folder`` in a thread, about ``seconds_per_step`` a step."""
    trainer = Trainer(config, mnist.train, mnist.test)
    recorder = Recorder(folder, config, every_steps=10, flush_seconds=0.5)
    recorder.attach(trainer)

    def train() -> None:
        for event in trainer.run():
            time.sleep(seconds_per_step if type(event).__name__ == "StepDone" else 0)
        recorder.close()

    thread = threading.Thread(target=train, name="remote-trainer", daemon=True)
    thread.start()
    return thread


def wait_until_readable(folder, qtbot) -> None:
    def readable() -> bool:
        try:
            return Recording.open(folder).last_step > 0
        except Exception:  # noqa: BLE001 (not written yet)
            return False
    qtbot.waitUntil(readable, timeout=TIMEOUT_MS)


def test_an_opened_recording_that_is_still_written_is_followed_live(qtbot, main_window, mnist_small, tmp_path):
    window = main_window
    folder = tmp_path / "remote-run"
    thread = record_slowly(folder, mnist_small)
    wait_until_readable(folder, qtbot)
    assert window.open_recording(folder)
    replay = window.replay
    first = replay.timeline.steps[-1]
    assert replay.follower.following
    assert "following" in replay.timeline.label.text()
    # new steps arrive: the timeline grows and the panels show the newest one
    qtbot.waitUntil(lambda: replay.timeline.steps[-1] > first + 20, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: replay.shown_step == replay.timeline.steps[-1], timeout=5000)
    loss = window.panels["loss"]
    assert int(loss.steps.column(0)[-1]) > first
    # a step dragged back to stays while the run goes on
    early = replay.timeline.steps[1]
    replay.timeline.slider.setValue(1)
    qtbot.waitUntil(lambda: replay.shown_step == early, timeout=5000)
    grown = replay.timeline.steps[-1]
    qtbot.waitUntil(lambda: replay.timeline.steps[-1] > grown, timeout=TIMEOUT_MS)
    assert replay.shown_step == early
    # the end of the slider follows again; the run finishes and following ends, saying so
    replay.timeline.slider.setValue(len(replay.timeline.steps) - 1)
    thread.join(TIMEOUT_MS / 1000)
    qtbot.waitUntil(lambda: not replay.follower.following, timeout=TIMEOUT_MS)
    assert "finished" in replay.timeline.label.text()
    qtbot.waitUntil(lambda: replay.timeline.steps[-1] == SLOW.steps, timeout=5000)


def test_following_ends_when_nothing_is_written(qtbot, main_window, mnist_small, tmp_path):
    window = main_window
    folder = tmp_path / "stalled-run"
    trainer = Trainer(SLOW, mnist_small.train, mnist_small.test)
    recorder = Recorder(folder, SLOW, every_steps=10, flush_seconds=0.2, heartbeat_seconds=None)
    recorder.attach(trainer)
    run = trainer.run()
    for event in run:  # a run cut off mid-way (its machine went down): no Finished is written
        if getattr(event, "step", 0) >= 30:
            break
    recorder.flush()
    window.replay.follower.stall_s = 1.0
    assert window.open_recording(folder)
    assert window.replay.follower.following
    qtbot.waitUntil(lambda: not window.replay.follower.following, timeout=TIMEOUT_MS)
    assert "Nothing was written" in window.replay.timeline.label.text()
    recorder.close()
