"""How long after a step is trained a viewer following the recording sees it.

Two processes on this machine, as on a GPU box and a laptop sharing a folder: the first runs
``mnist-viz train --record DIR --record-every 50 ...`` (the real command line, its one
addition a note of the wall-clock time each step ended, kept in memory and written when it
exits); this one opens ``DIR`` as soon as the manifest appears and calls
``Recording.refresh()`` every ``--poll`` seconds, noting when each step first shows up.
The lag of a step is the time it was seen minus the time it was trained (one clock: the
same machine). Printed: median, 95th percentile and maximum, per model, plus the cost of a
refresh.

    python scripts/measure_follow_lag.py                      # softmax 3,000 steps, CNN 600 steps
    python scripts/measure_follow_lag.py --models cnn --cnn-steps 20000 --device cuda
    python scripts/measure_follow_lag.py --json lag.json
    python scripts/measure_follow_lag.py --rsync 1        # follow a copy an rsync loop keeps
    python scripts/measure_follow_lag.py --rsync 1 --rsync-flags=-a   # without --delay-updates

The lag is about the writer's flush interval (2 s: a step waits at most that long in
memory) plus the poll interval, plus the write; it does not grow with the run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import shlex
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mnist_viz.core.recording import Recording, RecordingError  # noqa: E402

#: The trainer process: mnist-viz's own main(), with each step's end time noted.
TRAINER = """
import atexit, json, sys, time
from mnist_viz.core import training
trained = {}
train_step = training.Trainer._train_step
def timed(self):
    event = train_step(self)
    trained[event.step] = time.time()
    return event
training.Trainer._train_step = timed
def save():
    with open(sys.argv[1], "w") as file:
        json.dump(trained, file)
atexit.register(save)
from mnist_viz.cli import main
sys.exit(main(sys.argv[2:]))
"""


def follow(model: str, steps: int, args: argparse.Namespace, work: Path) -> dict:
    run_dir, times_file = work / f"{model}-run", work / f"{model}-trained.json"
    command = [sys.executable, "-c", TRAINER, str(times_file), "train", "--model", model, "--steps", str(steps),
               "--record", str(run_dir), "--record-every", str(args.record_every), "--device", args.device,
               "--quiet", "--no-download"]
    if args.eval_every is not None:
        command += ["--eval-every", str(args.eval_every)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    trainer = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    followed, stop = run_dir, threading.Event()
    if args.rsync:  # as on a laptop that cannot mount the GPU box's folder: a copy kept by a loop
        followed = work / f"{model}-mirror"
        followed.mkdir()
        sync = [*shlex.split(f"rsync {args.rsync_flags}"), f"{run_dir}/", f"{followed}/"]

        def loop() -> None:
            while not stop.wait(args.rsync):
                if run_dir.exists():
                    subprocess.run(sync, capture_output=True)

        threading.Thread(target=loop, daemon=True).start()
    seen: dict[int, float] = {}
    refresh_s: list[float] = []
    problems: list[str] = []
    recording = None
    try:
        while recording is None:
            if trainer.poll() is not None:
                raise SystemExit(f"the trainer ended before recording: {trainer.communicate()[1].strip()[-500:]}")
            if (followed / "manifest.json").exists():
                try:
                    recording = Recording.open(followed, partial=True)
                except RecordingError as err:
                    problems.append(str(err))
            time.sleep(args.poll)
        count, gone_at = 0, time.monotonic()
        while True:
            gone = trainer.poll() is not None
            before = time.perf_counter()
            recording.refresh()
            refresh_s.append(time.perf_counter() - before)
            now = time.time()
            steps_now = recording.metrics.get("step")
            if steps_now is not None and len(steps_now) > count:
                for step in steps_now[count:].tolist():
                    seen[step] = now
                count = len(steps_now)
            if recording.incomplete:
                problems.append(recording.incomplete)
            if recording.finished is not None:
                break
            if gone and not recording.refresh():
                if not args.rsync or time.monotonic() - gone_at > 3 * args.rsync + 5:
                    break
            else:
                gone_at = time.monotonic()
            time.sleep(args.poll)
    finally:
        stop.set()
        if trainer.poll() is None:
            trainer.wait(timeout=600)
    _, err = trainer.communicate()
    if trainer.returncode != 0:
        raise SystemExit(f"mnist-viz train failed ({trainer.returncode}): {err.strip()[-500:]}")
    trained = {int(step): t for step, t in json.loads(times_file.read_text()).items()}
    steps_seen = [step for step in sorted(trained) if step in seen]
    lags = np.array([seen[step] - trained[step] for step in steps_seen])
    worst = [(steps_seen[k], round(float(lags[k]), 2)) for k in np.argsort(lags)[::-1][:5]]
    manifest = recording.manifest
    return {
        "model": model, "steps": steps, "record_every": args.record_every, "poll_s": args.poll,
        "device": args.device, "flush_seconds": manifest.get("flush_seconds"),
        "rsync": f"every {args.rsync} s: rsync {args.rsync_flags}" if args.rsync else None,
        "incomplete_seen": len(problems),
        "wall_s": round(time.monotonic() - started, 1),
        "steps_seen": len(seen), "steps_trained": len(trained),
        "lag_median_s": round(float(np.median(lags)), 3), "lag_p95_s": round(float(np.percentile(lags, 95)), 3),
        "lag_max_s": round(float(lags.max()), 3), "worst_steps": worst,
        "refresh_median_ms": round(1000 * float(np.median(refresh_s)), 2),
        "refresh_max_ms": round(1000 * float(np.max(refresh_s)), 2), "refreshes": len(refresh_s),
        "chunks": len(manifest["chunks"]), "metric_files": len(manifest.get("metric_files", [])),
        "problems": sorted(set(problems))[:5],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", nargs="+", default=["softmax", "cnn"], choices=["softmax", "cnn"])
    parser.add_argument("--softmax-steps", type=int, default=3000)
    parser.add_argument("--cnn-steps", type=int, default=600)
    parser.add_argument("--record-every", type=int, default=50)
    parser.add_argument("--eval-every", type=int, default=None, help="default: the preset's")
    parser.add_argument("--poll", type=float, default=0.25, help="seconds between refreshes (default 0.25)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--rsync", type=float, default=0, metavar="S",
                        help="follow a copy that `rsync` makes every S seconds instead of the folder itself")
    parser.add_argument("--rsync-flags", default="-a --delay-updates")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="follow-lag-") as work:
        for model in args.models:
            result = follow(model, args.softmax_steps if model == "softmax" else args.cnn_steps, args, Path(work))
            results.append(result)
            print(f"{model:7} {result['steps']:>6} steps in {result['wall_s']:6.1f} s: lag median "
                  f"{result['lag_median_s']:.2f} s, p95 {result['lag_p95_s']:.2f} s, max {result['lag_max_s']:.2f} s "
                  f"(poll {args.poll} s; refresh median {result['refresh_median_ms']:.1f} ms, max "
                  f"{result['refresh_max_ms']:.1f} ms; {result['chunks']} chunks, {result['metric_files']} metrics "
                  f"files{'; ' + result['rsync'] if result['rsync'] else ''}; {result['incomplete_seen']} refreshes "
                  f"found files missing){'; ' + result['problems'][0] if result['problems'] else ''}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
