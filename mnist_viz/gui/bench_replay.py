"""The replay's and the long loss history's figures for ``mnist-viz bench`` (issue 18 item 4).

* :func:`bench_replay`: a recorded 20,000-step tutorial-CNN run opened in the real main
  window (1366x768, the default layout) and scrubbed: the time from opening it to its
  first frame shown, and from a slider move to every visible panel repainted.
* :func:`bench_loss_history`: the 10 ms GUI timer's lateness while the Loss panel holds
  200,000 steps and new ones keep arriving at the rate a live run sends them.

The recording. Training the tutorial CNN for 20,000 steps takes about 15 minutes here,
too long for a benchmark, so :func:`replay_recording` makes one of the same size and shape
in about a minute and keeps it in the user cache folder (platformdirs), made once: the
real recorder (:class:`mnist_viz.core.recording.Recorder`, every 50 steps, its chunks,
keyframes and metrics files) fed by a real tutorial CNN on the real MNIST. The network
takes one real training step (Adam, batch 50) per recorded snapshot, and the recorder is
told the step numbers a 20,000-step run has: the snapshots (weights, the probe's
activations, the distributions), the evaluations (the whole test set, every 1,000 steps)
and the keyframes are real ones of that network; each step's loss and accuracy in the
metrics is that of the real training step taken last (so the loss curve falls in steps of
50). Every row says so.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from pathlib import Path

import numpy as np

from ..bench_rows import Result
from ..core import data as mdata

#: The recording replayed: the tutorial CNN's 20,000 steps, a snapshot every 50 as the window records.
REPLAY_STEPS = 20_000
REPLAY_EVERY = 50
#: Bumped when the recording made here changes (the cache then makes a new one).
RECORDING_VERSION = 1


def cache_folder() -> Path:
    """Where the benchmark keeps what it makes once: ``<user cache folder>/bench``."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mnist-viz", appauthor=False)) / "bench"


def describe_recording(steps: int, every: int) -> str:
    """What the replayed recording is, in one line (every row's detail says it)."""
    return (f"{steps:,}-step tutorial-CNN recording, a snapshot every {every} (the recorder fed by a real CNN on "
            f"MNIST taking one real step per snapshot, at a {steps:,}-step run's step numbers)")


def build_recording(mnist: mdata.Mnist, folder: Path, steps: int = REPLAY_STEPS, every: int = REPLAY_EVERY,
                    eval_every: int = 1000) -> Path:
    """Write a recording of ``steps`` tutorial-CNN steps into the new folder ``folder`` (see the
    module's docstring: the real recorder and a real network, one real step per snapshot)."""
    import torch

    from ..core import events as ev
    from ..core.recording import Recorder
    from ..core.training import PRESETS, Trainer

    config = PRESETS["tutorial-cnn"].replace(steps=steps, eval_every=eval_every, device="cpu")
    previous = torch.get_num_threads()
    torch.set_num_threads(1)  # made beside the rest of the benchmark's work: one core, no spinning threads
    trainer = Trainer(config, mnist.train, mnist.test)
    trainer.set_probe_from_test(0)
    recorder = Recorder(folder, config, every_steps=every, flush_seconds=None, heartbeat_seconds=None)
    started = time.perf_counter()
    try:
        recorder.on_event(trainer, trainer.run_started())
        real: ev.StepDone | None = None
        for step in range(1, steps + 1):
            snapshot_due = step == 1 or step % every == 0 or step == steps
            evaluation_due = eval_every and step % eval_every == 0
            if real is None or snapshot_due:
                real = trainer.train_step()
            elapsed = time.perf_counter() - started
            recorder.on_event(trainer, dataclasses.replace(
                real, step=step, epoch=step / trainer.steps_per_epoch, elapsed_s=elapsed, total_steps=steps))
            if evaluation_due or step == steps:
                recorder.on_event(trainer, dataclasses.replace(trainer.evaluate(), step=step))
        recorder.on_event(trainer, ev.Finished(step=steps, reason="completed",
                                               test_accuracy=trainer.last_evaluation.test_accuracy,
                                               wall_s=time.perf_counter() - started,
                                               samples_per_s=steps * config.batch_size / max(elapsed, 1e-9)))
    finally:
        recorder.close()
        torch.set_num_threads(previous)
    return folder


def replay_recording(mnist: mdata.Mnist, steps: int = REPLAY_STEPS, every: int = REPLAY_EVERY,
                     folder: Path | None = None) -> tuple[Path, float]:
    """The recording the benchmark replays, made once and kept in ``folder`` (default: the
    cache folder); (its path, seconds spent making it now: 0 when it was there)."""
    parent = Path(folder) if folder is not None else cache_folder()
    target = parent / f"replay-tutorial-cnn-{steps}-every{every}-v{RECORDING_VERSION}"
    try:
        manifest = json.loads((target / "manifest.json").read_text("utf-8"))
        if manifest.get("finished") == "completed":
            return target, 0.0
    except (OSError, ValueError):
        pass
    shutil.rmtree(target, ignore_errors=True)
    parent.mkdir(parents=True, exist_ok=True)
    building = parent / f"{target.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    started = time.perf_counter()
    build_recording(mnist, building, steps=steps, every=every)
    os.replace(building, target)
    return target, time.perf_counter() - started


# ==================================================================== replay
def _flush_paint() -> None:
    """Deliver what Qt has queued for the screen now: the plots' scene updates, then the
    repaint of every widget they and the panels marked (what the event loop does next)."""
    from PySide6.QtCore import QCoreApplication

    for _ in range(3):  # a scene's update posts the view's repaint, which posts the window's
        QCoreApplication.sendPostedEvents()


class _Frames:
    """The replay's frames as they are painted: (time, step) for each."""

    def __init__(self, window) -> None:
        self.shown: list[tuple[float, int]] = []
        self.cpu: list[float] = []  # the GUI thread's CPU time (s) at each frame
        window.replay.frame_shown.connect(self._on_frame)

    def _on_frame(self, step: int) -> None:
        _flush_paint()
        self.shown.append((time.perf_counter(), int(step)))
        self.cpu.append(time.thread_time())

    def wait_for(self, count: int, timeout_s: float = 10.0) -> bool:
        from .bench import _run_loop

        deadline = time.perf_counter() + timeout_s
        while len(self.shown) < count and time.perf_counter() < deadline:
            _run_loop(0.001)
        return len(self.shown) >= count


def _split(recording, window, steps: list[int]) -> dict[str, float]:
    """Median milliseconds of each part of a frame, measured one at a time for ``steps``:
    reading and decoding the snapshot (cache emptied), the step and evaluation events, and
    each visible panel's on_snapshot."""
    hub = window.hub
    panels = hub.panels_for(recording.model)
    visible = [panel for panel in hub.visible_panels() if panel in panels]
    times: dict[str, list[float]] = {"read the snapshot": [], "rebuild the step events": []}
    for step in steps:
        recording._cache.clear()
        started = time.perf_counter()
        snapshot = recording.snapshot(step)
        times["read the snapshot"].append(time.perf_counter() - started)
        started = time.perf_counter()
        recording.step_events(step)
        recording.evaluated_events(step)
        times["rebuild the step events"].append(time.perf_counter() - started)
        for panel in visible:
            started = time.perf_counter()
            hub.dispatch("on_snapshot", snapshot, [panel], replayed=True)
            _flush_paint()
            times.setdefault(f"{panel.panel_id} panel", []).append(time.perf_counter() - started)
    return {name: 1000 * float(np.median(values)) for name, values in times.items() if values}


def bench_replay(mnist: mdata.Mnist, quick: bool, recording: Path | None = None,
                 moves: int | None = None) -> list[Result]:
    """Open a recorded 20,000-step CNN run in the window, then scrub its timeline: single moves
    (random jumps, the loop idle between them) and a drag (a move every 16 ms, as a mouse
    sends them), each timed from the slider's move to every visible panel repainted.
    ``recording``: another recording folder to replay (the tests' small one); ``moves``: how
    many single moves (default 30, 120 for the full run)."""
    from PySide6.QtCore import QEventLoop, Qt, QThreadPool, QTimer

    from ..core.recording import Recording
    from ..core.training import PRESETS
    from .bench import _close, _run_loop, _window, percentile

    if recording is None:
        path, made_s = replay_recording(mnist)
        what = describe_recording(REPLAY_STEPS, REPLAY_EVERY) + (f"; made now in {made_s:.0f} s, then cached"
                                                                 if made_s else "; cached")
    else:
        path, what = Path(recording), f"the recording {Path(recording).name}"
    started, cpu = time.perf_counter(), time.thread_time()
    opened_recording = Recording.open(path)
    reader_s, reader_cpu = time.perf_counter() - started, time.thread_time() - cpu
    opened_recording.close()
    size = f"{opened_recording.last_step:,}-step {opened_recording.model.upper()}"
    window = _window(mnist, PRESETS["tutorial-cnn"])
    frames = _Frames(window)
    rows: list[Result] = []
    try:
        deadline = time.monotonic() + 90  # File > Open recording... in a window that is ready and idle
        while (not window.torch_loaded or QThreadPool.globalInstance().activeThreadCount()) \
                and time.monotonic() < deadline:
            _run_loop(0.05)
        _run_loop(0.5)
        started, cpu = time.perf_counter(), time.thread_time()
        opened = window.open_recording(path)
        if not opened or not frames.wait_for(1):
            return [Result(f"replay: open a {size} recording", float("nan"), "s", "<= 1", False,
                           f"the recording did not open: {path}")]
        open_s, open_cpu = frames.shown[0][0] - started, frames.cpu[0] - cpu
        rows.append(Result(f"replay: open a {size} recording to its first frame shown", round(open_s, 2), "s",
                           "<= 1", open_s <= 1.0, f"the GUI thread's CPU time {open_cpu:.2f} s; the reader alone "
                           f"{reader_s:.2f} s ({reader_cpu:.2f} s CPU); load average {os.getloadavg()[0]:.1f}; {what}"))
        slider = window.replay.timeline.slider
        positions = slider.maximum() + 1
        _run_loop(0.3)

        # Single moves: anywhere on the timeline (back and forth), the loop idle in between.
        rng = np.random.default_rng(0)
        jumps: list[float] = []
        jump_cpu: list[float] = []
        for index in rng.integers(0, positions, moves or (30 if quick else 120)).tolist():
            if index == slider.value():
                continue
            count = len(frames.shown)
            started, cpu = time.perf_counter(), time.thread_time()
            slider.setValue(int(index))
            if frames.wait_for(count + 1):
                jumps.append(1000 * (frames.shown[-1][0] - started))
                jump_cpu.append(1000 * (frames.cpu[-1] - cpu))
            _run_loop(0.05)
        # A drag: the slider moves one position every 16 ms (forward), as a mouse drag moves it.
        moves: list[tuple[float, int]] = []
        start = max(1, int(positions * 0.2))
        targets = list(range(start, min(positions, start + (120 if quick else 300))))
        count = len(frames.shown)
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        loop = QEventLoop()

        def move() -> None:
            if not targets:
                timer.stop()
                loop.quit()
                return
            index = targets.pop(0)
            moves.append((time.perf_counter(), window.replay.timeline.steps[index]))
            slider.setValue(index)

        timer.timeout.connect(move)
        if slider.value() != start - 1:
            slider.setValue(start - 1)
            frames.wait_for(count + 1)
        count = len(frames.shown)
        drag_cpu = time.thread_time()
        timer.start(16)
        loop.exec()
        frames.wait_for(count + 1, 5.0)
        _run_loop(0.3)
        drawn = frames.shown[count:]
        drag_cpu = 1000 * (frames.cpu[-1] - drag_cpu) / max(1, len(drawn))
        drag: list[float] = []
        for moved_at, step in moves:  # until a frame at that step or a later one is on screen
            shown = next((at for at, frame_step in drawn if at >= moved_at and frame_step >= step), None)
            if shown is not None:
                drag.append(1000 * (shown - moved_at))
        last_shown = bool(drawn) and drawn[-1][1] == moves[-1][1]
        split = _split(window.replay.recording, window, [window.replay.timeline.steps[i]
                                                         for i in range(0, positions, max(1, positions // 8))])
    finally:
        _close(window)
    parts = ", ".join(f"{name} {ms:.1f}" for name, ms in sorted(split.items(), key=lambda item: -item[1]))
    p99 = percentile(drag, 99)
    rows.append(Result("replay scrubbing: drag, slider move to every visible panel repainted, p99", round(p99, 1),
                       "ms", "<= 50", p99 <= 50 and last_shown,
                       f"{len(moves)} moves every 16 ms, {len(drawn)} frames drawn (coalesced), the last position "
                       f"{'shown' if last_shown else 'NOT shown'}; median {percentile(drag, 50):.1f} ms; the GUI thread's "
                       f"CPU time {drag_cpu:.1f} ms a frame; load average {os.getloadavg()[0]:.1f}; {what}"))
    p99 = percentile(jumps, 99)
    rows.append(Result("replay scrubbing: single moves anywhere (back and forth), to repainted, p99", round(p99, 1),
                       "ms", "<= 50", p99 <= 50,
                       f"{len(jumps)} moves; median {percentile(jumps, 50):.1f} ms; the GUI thread's CPU time a "
                       f"frame: median {percentile(jump_cpu, 50):.1f} ms, p99 {percentile(jump_cpu, 99):.1f} ms; "
                       f"a frame's parts (median ms): "
                       f"{parts}"))
    return rows


# ============================================================== loss history
#: The Loss panel's history in the long-run figure, and how fast new steps come.
LOSS_HISTORY_STEPS = 200_000
LOSS_STEPS_PER_SECOND = 1_500  # the tutorial softmax's pace in the window: 30 batches of 50 steps a second
LOSS_BATCHES_PER_SECOND = 30   # the worker's step events (gui.controllers.worker throttles them)


def synthetic_steps(start: int, count: int, total: int, rng: np.random.Generator) -> list:
    """``count`` StepDone events from step ``start`` on, with a loss that falls as a run's does
    (from ln 10, noisy) and a batch accuracy that rises."""
    from ..core import events as ev

    steps = np.arange(start, start + count)
    loss = 0.05 + 2.25 * np.exp(-steps / 3000.0) + rng.normal(0.0, 0.05, count).clip(-0.04)
    accuracy = np.clip(1.0 - loss / 2.5 + rng.normal(0.0, 0.02, count), 0.0, 1.0)
    return [ev.StepDone(step=int(s), epoch=s / 1200.0, loss=float(l), batch_accuracy=float(a), learning_rate=1e-4,
                        samples_per_s=1600.0, elapsed_s=s / 30.0, total_steps=total)
            for s, l, a in zip(steps.tolist(), loss.tolist(), accuracy.tolist())]


def bench_loss_history(mnist: mdata.Mnist, quick: bool, history: int = LOSS_HISTORY_STEPS,
                       seconds: float | None = None) -> list[Result]:
    """The 10 ms timer's lateness in the window (1366x768, the Loss panel in its dock) while
    the Loss panel holds 200,000 steps (``history``; a synthetic history: the events a run
    sends) and new steps arrive in the worker's batches, an evaluation every 1,000 steps,
    for ``seconds`` (default 8, 20 for the full run)."""
    from PySide6.QtCore import Qt, QTimer

    from ..core import events as ev
    from ..core.training import PRESETS
    from .bench import TIMER_MS, _close, _run_loop, _window, percentile

    seconds = seconds or (8.0 if quick else 20.0)
    total = history + int(LOSS_STEPS_PER_SECOND * seconds * 2)
    window = _window(mnist, PRESETS["tutorial-softmax"])
    panel = window.panels["loss"]
    rng = np.random.default_rng(0)
    lateness: list[float] = []
    last = [0.0]
    redraws = [0]

    def evaluated(step: int) -> ev.Evaluated:
        accuracy = min(0.99, 0.9 + step / total * 0.08)
        return ev.Evaluated(step=step, test_accuracy=accuracy, test_loss=1.0 - accuracy, seconds=0.5,
                            confusion=np.zeros((10, 10), np.int64), train_accuracy=accuracy + 0.004)

    def tick() -> None:
        now = time.perf_counter()
        if last[0]:
            lateness.append(max(0.0, (now - last[0]) * 1000 - TIMER_MS))
        last[0] = now

    per_batch = LOSS_STEPS_PER_SECOND // LOSS_BATCHES_PER_SECOND
    state = {"step": history}

    def new_steps() -> None:
        start = state["step"] + 1
        events = synthetic_steps(start, per_batch, total, rng)
        state["step"] = events[-1].step
        window.hub.dispatch("on_steps", events, [panel])
        for step in range(start, state["step"] + 1):
            if step % 1000 == 0:
                window.hub.dispatch("on_evaluated", evaluated(step), [panel])

    try:
        window.docks["loss"].show()
        window.docks["loss"].raise_()
        started = ev.RunStarted(model="softmax", preset="tutorial-softmax", total_steps=total, steps_per_epoch=1200,
                                batch_size=50, device="cpu", train_size=60000, test_size=10000, parameters=7850)
        window.hub.dispatch("on_run_started", started, [panel])
        for begin in range(1, history + 1, 20_000):
            window.hub.dispatch("on_steps", synthetic_steps(begin, min(20_000, history + 1 - begin), total, rng),
                                [panel])
        for step in range(1000, history + 1, 1000):
            window.hub.dispatch("on_evaluated", evaluated(step), [panel])
        _run_loop(1.0)
        feeder = QTimer()
        feeder.timeout.connect(new_steps)
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(tick)
        feeder.start(round(1000 / LOSS_BATCHES_PER_SECOND))
        _run_loop(1.0)  # warm-up
        first = panel.redraw_count
        timer.start(TIMER_MS)
        cpu = time.thread_time()
        _run_loop(seconds)
        cpu = time.thread_time() - cpu  # the GUI thread's own CPU time: what the load does not stretch
        timer.stop()
        feeder.stop()
        redraws[0] = panel.redraw_count - first
        held = len(panel.steps)
    finally:
        _close(window)
    p99 = percentile(lateness, 99)
    load = os.getloadavg()[0]
    return [Result(f"loss panel with {history:,} steps: 10 ms timer lateness p99 while steps arrive",
                   round(p99, 1), "ms", "<= 30", p99 <= 30,
                   f"{held:,} steps held (a synthetic history), {LOSS_STEPS_PER_SECOND:,} new steps/s in "
                   f"{LOSS_BATCHES_PER_SECOND} batches/s, {redraws[0]} redraws in {seconds:g} s; the GUI thread busy {100 * cpu / seconds:.0f} % "
                   f"of a core ({1000 * cpu / max(1, redraws[0]):.1f} ms CPU a redraw, steps taken in included); "
                   f"max {max(lateness, default=float('nan')):.1f} ms; load average {load:.1f}")]
