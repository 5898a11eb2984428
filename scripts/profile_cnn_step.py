"""Print where one CNN training step goes, op by op, against each op's own roofline.

The app's Trainer on tutorial-cnn (batch 50, the CPU levers as they are) under
torch.profiler: per operator and input shapes, its time per step, its GFLOP/s, the GFLOP/s
of the same product or convolution timed alone at the same shapes (MKL, oneDNN) and that as
a fraction of the 2048^2 sgemm rate, and for the rest its GB/s against a large copy's; then
the step's FLOP rate against sgemm, and the ceiling the libraries allow (see
mnist_viz/bench_profile.py for what each figure means).

Run with ``MNIST_VIZ_DATA=... python scripts/profile_cnn_step.py [--steps 20] [--threads N]
[--levers on|off] [--json out.json]``. On a shared machine, give the load with the numbers
(it is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="profiled steps (default 20)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's choice)")
    parser.add_argument("--levers", choices=("on", "off"), default="on", help="the CNN's CPU levers (default on)")
    parser.add_argument("--json", metavar="FILE", help="also write the rows and the summary as JSON")
    args = parser.parse_args(argv)
    if args.steps < 1 or args.threads < 0:
        parser.error("--steps must be at least 1 and --threads at least 0")

    import torch

    from mnist_viz import bench_profile
    from mnist_viz.core import data, levers

    root = data.resolve_root(None)
    missing = data.missing_files(root)
    if missing:
        print(f"error: real MNIST is not in {root}: set MNIST_VIZ_DATA to the folder with its files", file=sys.stderr)
        return 2
    if args.threads:
        torch.set_num_threads(args.threads)
    levers.CPU_LEVERS.update({name: args.levers == "on" for name in levers.CPU_LEVERS})
    before = os.getloadavg()[0]
    profile = bench_profile.profile_step(data.load(root), steps=args.steps)
    print(bench_profile.format_table(profile))
    print(f"load average {before:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; levers {args.levers}")
    if args.json:
        summary = {"step_ms": profile.step_ms, "profiled_ms": profile.profiled_ms,
                   "sgemm_gflops": profile.sgemm_gflops, "bandwidth_gbs": profile.bandwidth_gbs,
                   "fraction_of_sgemm": profile.fraction_of_sgemm, "library_ceiling": profile.library_ceiling,
                   "threads": profile.threads, "levers": args.levers, "load": [before, os.getloadavg()[0]]}
        Path(args.json).write_text(json.dumps({"summary": summary, "rows": [asdict(r) for r in profile.rows]},
                                              indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
