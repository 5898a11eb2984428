"""What recording costs as a run gets long: a synthetic 20,000-step CNN run through the real
Recorder (format 2), and format 1's whole-metrics rewrite for comparison.

The run is synthetic so that only the recording is measured: the events are those a
Trainer sends (a step's metrics every step, an evaluation with its 10,000 predictions every
1,000 steps), paced at ``--steps-per-s``, and the snapshots are arrays of the CNN's shapes
(its weights as float32, its activations for one probe image, random). Printed:

* per flush (the writer thread's time, compression and fsync included), by quarter of the
  run: median and maximum. Flat quarters: a flush costs what is new, not the run's length;
* the training thread's time in ``Recorder.on_event`` (median, 99.9th percentile, maximum),
  for a plain step, a step with a snapshot (taking it: the synthetic trainer's arrays, the
  recorder's copy), an evaluation, and the run's end (the last flush, in that thread): what
  recording holds up training;
* what format 1 did instead: metrics.npz rewritten whole, at 1,000 .. 20,000 steps.

    python scripts/measure_recording_flush.py [--steps 20000] [--steps-per-s 500] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mnist_viz.core import atomic  # noqa: E402
from mnist_viz.core import events as ev  # noqa: E402
from mnist_viz.core.config import ACTIVATION_PARTS, WEIGHT_PARTS  # noqa: E402
from mnist_viz.core.recording import PART_SHAPES, Recorder  # noqa: E402
from mnist_viz.core.recording.format import metric_arrays  # noqa: E402
from mnist_viz.core.training import preset  # noqa: E402


class SyntheticTrainer:
    """What the Recorder asks of a trainer: snapshots of the CNN's shapes."""

    def __init__(self) -> None:
        self.rng = np.random.default_rng(0)
        self._probe = 0

    def snapshot(self, parts) -> ev.Snapshot:
        arrays = {part: self.rng.standard_normal(PART_SHAPES["cnn"][part]).astype(np.float32) for part in parts}
        return ev.Snapshot(step=0, arrays=arrays, probe_label=7, probe_index=0)

    def add_listener(self, listener) -> None:
        pass


def percentiles(values: list[float]) -> dict[str, float]:
    array = np.asarray(values) * 1000
    return {"median_ms": round(float(np.median(array)), 3), "p99_9_ms": round(float(np.percentile(array, 99.9)), 3),
            "max_ms": round(float(array.max()), 3), "count": len(values)}


def synthetic_run(folder: Path, steps: int, steps_per_s: float, every: int) -> dict:
    config = preset("tutorial-cnn").replace(steps=steps, device="cpu")
    parts = WEIGHT_PARTS["cnn"] + ACTIVATION_PARTS["cnn"]
    recorder = Recorder(folder, config, every_steps=every, parts=parts)
    flushes: list[tuple[int, float, int]] = []  # (rows on disk before, seconds, manifest bytes)
    write_batch = recorder._write_batch

    def timed(batch):
        rows = recorder._rows_written
        started = time.perf_counter()
        write_batch(batch)
        flushes.append((rows, time.perf_counter() - started, (folder / "manifest.json").stat().st_size))

    recorder._write_batch = timed
    parts: dict[str, list[tuple[int, float]]] = {"metrics file": [], "manifest": []}
    for name, method in (("metrics file", "_write_metrics"), ("manifest", "_write_manifest")):
        def timing(*args, _real=getattr(recorder, method), _name=name):
            rows = recorder._rows_written
            started = time.perf_counter()
            _real(*args)
            parts[_name].append((rows, time.perf_counter() - started))
        setattr(recorder, method, timing)
    trainer = SyntheticTrainer()
    recorder.attach(trainer)
    rng = np.random.default_rng(1)
    in_event: dict[str, list[float]] = {"step": [], "step with a snapshot": [], "evaluation": [], "end": []}

    def send(event) -> None:
        snapshots = len(recorder._steps)
        started = time.perf_counter()
        recorder.on_event(trainer, event)
        seconds = time.perf_counter() - started
        kind = ("end" if isinstance(event, ev.Finished) else "evaluation" if isinstance(event, ev.Evaluated)
                else "step with a snapshot" if len(recorder._steps) > snapshots else "step")
        in_event[kind].append(seconds)

    send(ev.RunStarted(model="cnn", preset="tutorial-cnn", total_steps=steps, steps_per_epoch=1200.0,
                       batch_size=50, device="cpu", train_size=60000, test_size=10000, parameters=3274634))
    started = time.perf_counter()
    for step in range(1, steps + 1):
        due = started + step / steps_per_s
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        send(ev.StepDone(step=step, epoch=step / 1200, loss=float(rng.random()), batch_accuracy=0.9,
                         learning_rate=1e-4, samples_per_s=5000.0, elapsed_s=step / steps_per_s, total_steps=steps))
        if step % 1000 == 0:
            predictions = rng.integers(0, 10, 10_000).astype(np.uint8)
            send(ev.Evaluated(step=step, test_accuracy=0.98, test_loss=0.05,
                              confusion=np.full((10, 10), 100, np.int64), seconds=3.0, predictions=predictions,
                              misclassified=np.flatnonzero(predictions == 3).astype(np.int32)))
    send(ev.Finished(step=steps, reason="completed", wall_s=time.perf_counter() - started, test_accuracy=0.98,
                     samples_per_s=5000.0))
    recorder.close()
    def by_quarter(samples: list[tuple[int, float]]) -> list[dict]:
        quarters = []
        for k in range(4):
            low, high = steps * k // 4, steps * (k + 1) // 4
            times = [s for rows, s in samples if low <= rows < high]
            if times:
                quarters.append({"steps": f"{low}..{high}", "writes": len(times),
                                 "median_ms": round(1000 * float(np.median(times)), 2),
                                 "max_ms": round(1000 * max(times), 2)})
        return quarters

    quarters = by_quarter([(rows, s) for rows, s, _ in flushes])
    manifest = json.loads((folder / "manifest.json").read_text())
    return {"steps": steps, "steps_per_s": steps_per_s, "record_every": every, "flushes": len(flushes),
            "flush_by_quarter": quarters,
            "metrics_file_by_quarter": by_quarter(parts["metrics file"]),
            "manifest_by_quarter": by_quarter(parts["manifest"]), "manifest_bytes_first_last": [flushes[0][2], flushes[-1][2]],
            "chunks": len(manifest["chunks"]), "metric_files": len(manifest["metric_files"]),
            "folder_mb": round(sum(p.stat().st_size for p in folder.iterdir()) / 2**20, 1),
            "on_event": {kind: percentiles(times) for kind, times in in_event.items() if times}}


def format1_rewrites(folder: Path, sizes: list[int]) -> list[dict]:
    """Format 1: the whole run's metrics.npz written (atomically) at every flush."""
    rng = np.random.default_rng(2)
    out = []
    for steps in sizes:
        rows = [(s, s / 1200, float(rng.random()), 0.9, 1e-4, 5000.0, s / 500) for s in range(1, steps + 1)]
        evals = steps // 1000
        arrays = metric_arrays(rows, [(1000 * (k + 1), 0.98, 0.05, 3.0) for k in range(evals)],
                               [np.full((10, 10), 100, np.int64)] * evals,
                               {"eval_predictions": [rng.integers(0, 10, 10_000).astype(np.uint8)] * evals,
                                "eval_misclassified": [np.arange(200, dtype=np.int32)] * evals})
        times = []
        for _ in range(3):
            started = time.perf_counter()
            atomic.write(folder / "metrics.npz", lambda file: np.savez_compressed(file, **arrays))
            times.append(time.perf_counter() - started)
        out.append({"steps": steps, "rewrite_ms": round(1000 * min(times), 2)})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--steps-per-s", type=float, default=500.0, help="the pace of the synthetic run")
    parser.add_argument("--record-every", type=int, default=50)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="flush-cost-") as work:
        result = synthetic_run(Path(work) / "run", args.steps, args.steps_per_s, args.record_every)
        result["format1_metrics_rewrite"] = format1_rewrites(Path(work), [1000, 5000, 10_000, 20_000])
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
