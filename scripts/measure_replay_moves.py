"""How long a single move of the replay's timeline takes to a complete picture.

The benchmark's replay rows (``mnist-viz bench --only replay``) time a move until the replay
says its frame is shown. This script waits for more: the frame shown *and* the Loss panel's
curve ending at the new step, painted; so it also counts a panel that draws later than the
frame (as the Loss panel did, from its 50 ms redraw timer, until 2026-12-03). Run it on two
checkouts one after the other (``PYTHONPATH=<other checkout>``) to compare them.

    python scripts/measure_replay_moves.py                 # 40 random moves, seed 0
    python scripts/measure_replay_moves.py --moves 100 --seed 2

It opens the benchmark's cached 20,000-step CNN recording (made once by the bench, about
four minutes the first time) in the real main window at 1366x768, the default layout, and
prints the median, 90th percentile and maximum milliseconds, and the GUI thread's CPU time
a move (median), which a busy host stretches less.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="random slider moves (default 40)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the moves (default 0)")
    args = parser.parse_args()

    from PySide6.QtCore import QThreadPool

    from mnist_viz.core import data as mdata
    from mnist_viz.core.training import PRESETS
    from mnist_viz.gui.bench import _close, _run_loop, _window
    from mnist_viz.gui.bench_replay import _flush_paint, _Frames, replay_recording

    mnist = mdata.load(mdata.resolve_root(None))
    path, _ = replay_recording(mnist)
    window = _window(mnist, PRESETS["tutorial-cnn"])
    frames = _Frames(window)
    deadline = time.monotonic() + 90
    while (not window.torch_loaded or QThreadPool.globalInstance().activeThreadCount()) \
            and time.monotonic() < deadline:
        _run_loop(0.05)
    _run_loop(0.5)
    window.open_recording(path)
    frames.wait_for(1)
    _run_loop(0.5)
    loss = window.panels["loss"]
    slider, steps = window.replay.timeline.slider, window.replay.timeline.steps
    rng = np.random.default_rng(args.seed)
    wall: list[float] = []
    cpu: list[float] = []
    try:
        for index in rng.integers(0, slider.maximum() + 1, args.moves).tolist():
            if index == slider.value():
                continue
            step = steps[index]
            started, cpu_started = time.perf_counter(), time.thread_time()
            slider.setValue(int(index))
            give_up = started + 10
            while time.perf_counter() < give_up:
                _run_loop(0.001)
                drawn = loss.loss_curve.xData
                if drawn is not None and len(drawn) and drawn[-1] == step and frames.shown \
                        and frames.shown[-1][1] == step:
                    _flush_paint()
                    break
            wall.append(1000 * (time.perf_counter() - started))
            cpu.append(1000 * (time.thread_time() - cpu_started))
            _run_loop(0.1)
    finally:
        _close(window)
    print(f"{len(wall)} moves to a complete picture: median {np.median(wall):.1f} ms, "
          f"p90 {np.percentile(wall, 90):.1f} ms, max {max(wall):.1f} ms; "
          f"the GUI thread's CPU time a move: median {np.median(cpu):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
