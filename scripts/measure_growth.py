"""How the costs grow with a run's length (issue 18, item 5): the README's growth table.

Measured, in one process, on the real MNIST and the real classes:

* **recording**: a tutorial-softmax run trained for ``--steps`` steps (default 20,000) by the
  app's Trainer, recorded by the app's Recorder (every 50 steps, keyframes included); at each
  quarter: the folder's size, the writer thread's time so far (its flushes), the process's
  resident memory, and the time ``Recording.open`` takes on the folder as it is then (what
  File > Open recording costs a user at that length);
* **loss plot**: the Loss panel fed ``N`` synthetic steps (1,000 to 200,000), then the time of
  one full redraw (``refresh()`` and a paint of the widget into a pixmap), median of 5; and,
  with 200,000 steps in the panel, the lateness of a 10 ms timer while 100 new steps a second
  stream in and the panel redraws (p99 and maximum over ``--timer-s`` seconds).

Run with ``QT_QPA_PLATFORM=offscreen MNIST_VIZ_DATA=... python scripts/measure_growth.py``
(``--json out.json`` keeps the numbers). Timings are upper bounds on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure_recording(steps: int, data_dir: str | None) -> list[dict]:
    import torch

    from mnist_viz.core import data
    from mnist_viz.core.recording import Recorder, Recording
    from mnist_viz.core.training import Trainer, preset

    torch.set_num_threads(1)
    mnist = data.load(data_dir)
    config = preset("tutorial-softmax").replace(steps=steps, device="cpu")
    trainer = Trainer(config, mnist.train, mnist.test)
    run_dir = Path(tempfile.mkdtemp(prefix="growth-")) / "run"
    recorder = Recorder(run_dir, config, every_steps=50)
    recorder.attach(trainer)
    quarters = {steps * k // 4 for k in range(1, 5)}
    rows = []
    started = time.perf_counter()
    for event in trainer.run():
        step = getattr(event, "step", None)
        if type(event).__name__ == "StepDone" and step in quarters:
            recorder.flush()
            opened = time.perf_counter()
            recording = Recording.open(run_dir, partial=True)
            open_s = time.perf_counter() - opened
            rows.append({"steps": step, "bytes": folder_bytes(run_dir), "writer_s": sum(recorder.flush_times),
                         "rss_mb": round(rss_mb(), 1), "open_s": open_s, "snapshots": len(recording.snapshot_steps),
                         "keyframes": len(recording.weight_steps()), "wall_s": time.perf_counter() - started})
            print(json.dumps(rows[-1]), flush=True)
    recorder.close()
    return rows


def measure_loss_plot(counts: list[int], timer_s: float) -> dict:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from mnist_viz.core import events as ev
    from mnist_viz.gui.panels.loss import LossPanel

    app = QApplication.instance() or QApplication([])
    rng = np.random.default_rng(0)

    def fed(count: int) -> LossPanel:
        panel = LossPanel()
        panel.resize(900, 420)
        panel.show()
        losses = 2.3 * np.exp(-np.arange(count) / (count / 5)) + 0.05 * rng.random(count)
        for start in range(0, count, 10_000):
            panel.on_steps([ev.StepDone(step=s + 1, epoch=(s + 1) / 600, loss=float(losses[s]), batch_accuracy=0.9,
                                        learning_rate=0.01, samples_per_s=1000.0, elapsed_s=s / 1000,
                                        total_steps=count)
                            for s in range(start, min(count, start + 10_000))])
        panel.refresh()
        app.processEvents()
        return panel

    draws = {}
    for count in counts:
        panel = fed(count)
        times = []
        for _ in range(5):
            began = time.perf_counter()
            panel.refresh()
            panel.grab()  # paints the plot with every item, as a repaint on screen does
            times.append(time.perf_counter() - began)
        draws[count] = statistics.median(times)
        print(json.dumps({"loss_plot_points": count, "redraw_ms": round(1000 * draws[count], 1)}), flush=True)
        panel.close()
        panel.deleteLater()
        app.processEvents()

    panel = fed(max(counts))
    lateness, clock, last = [], QElapsedTimer(), [None]
    clock.start()
    next_step = [max(counts)]

    def tick():
        now = clock.nsecsElapsed() / 1e6
        if last[0] is not None:
            lateness.append(max(0.0, now - last[0] - 10.0))
        last[0] = now

    def stream():  # 100 steps a second, in tens, as the worker hands them over
        events = [ev.StepDone(step=next_step[0] + k, epoch=1.0, loss=0.1, batch_accuracy=0.95, learning_rate=0.01,
                              samples_per_s=1000.0, elapsed_s=1.0, total_steps=10**6) for k in range(1, 11)]
        next_step[0] += 10
        panel.on_steps(events)

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    feeder = QTimer()
    feeder.timeout.connect(stream)
    timer.start(10)
    feeder.start(100)
    ends = time.perf_counter() + timer_s
    while time.perf_counter() < ends:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    feeder.stop()
    result = {"redraw_s": {str(k): v for k, v in draws.items()},
              "timer_p99_ms": float(np.percentile(lateness, 99)) if lateness else None,
              "timer_max_ms": float(max(lateness)) if lateness else None, "ticks": len(lateness)}
    print(json.dumps({"timer_with_points": max(counts), "p99_ms": round(result["timer_p99_ms"], 1),
                      "max_ms": round(result["timer_max_ms"], 1), "ticks": len(lateness)}), flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--data-dir", default=os.environ.get("MNIST_VIZ_DATA"))
    parser.add_argument("--points", type=int, nargs="+", default=[1_000, 10_000, 50_000, 200_000])
    parser.add_argument("--timer-s", type=float, default=10.0)
    parser.add_argument("--skip-recording", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    results = {"loss_plot": measure_loss_plot(args.points, args.timer_s)}
    if not args.skip_recording:
        results["recording"] = measure_recording(args.steps, args.data_dir)
    results["load_average_after"] = os.getloadavg()[0]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
