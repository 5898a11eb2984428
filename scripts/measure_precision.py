"""Full training runs in fp32 and in bf16 side by side: final accuracy and throughput.

    .venv/bin/python scripts/measure_precision.py --seeds 1,2,3 --out precision-runs.jsonl

Builds each run's TrainConfig from a preset (fast-cnn by default) with ``precision`` set,
and runs the core Trainer directly, as ``mnist-viz train --preset fast-cnn --seed N`` does.
Runs alternate (fp32 seed 1, bf16 seed 1, fp32 seed 2, ...) so that a busy spell on a
shared machine falls on both. One JSON object per run is printed and appended to ``--out``
as it finishes; at the end, a summary line: mean accuracy of each precision, the difference
in percentage points, and the throughput ratio. Run it in the background: a bf16 run on a
CPU without native bf16 takes many times as long as the fp32 one.

    .venv/bin/python scripts/measure_precision.py --levers       # bf16 variants, step times
    .venv/bin/python scripts/measure_precision.py --profile      # per-op times, fp32 and bf16

``--levers`` times one training step of the CNN (fast-cnn's batch of 100, fused Adam) in
each variant of where bf16 is used, interleaved, median of the step times: fp32 as the
Trainer runs it, bf16 autocast as the Trainer runs it, and the variants that might be
faster (whole-model channels_last, bf16 only in the convolutions or only in the matrix
products, element-wise ops in fp32, no CPU levers). ``--profile`` prints torch.profiler's
table of one step's operators for fp32 and for bf16, with the dtypes each ran in.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import statistics
import sys
import time
from pathlib import Path

import torch
from torch.nn import functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mnist_viz.core import data as mdata  # noqa: E402
from mnist_viz.core import levers  # noqa: E402
from mnist_viz.core import precision as mixed  # noqa: E402
from mnist_viz.core import models  # noqa: E402
from mnist_viz.core.training import PRESETS, Trainer  # noqa: E402


def one_run(preset: str, precision: str, seed: int, mnist, steps: int | None = None,
            state_dir: Path | None = None, save_every: int = 100) -> dict:
    """One full run, the Trainer's own steps and evaluations (as ``Trainer.run`` does them,
    without snapshots). With ``state_dir`` the run's state is saved every ``save_every``
    steps and a killed run resumes from it: the weights, Adam's and the schedule's state,
    the dropout random numbers and the batch order (replayed from the seed), so that the
    resumed run computes what the uninterrupted one would have."""
    config = PRESETS[preset].replace(precision=precision, seed=seed, device="cpu")
    if steps is not None:
        config = config.replace(steps=steps)
    trainer = Trainer(config, mnist.train, mnist.test)
    started = time.perf_counter()
    evaluations: list = []
    wall_before = 0.0
    state_path = state_dir / f"{preset}-{precision}-seed{seed}-{config.steps}.pt" if state_dir else None
    if state_path and state_path.exists():
        state = torch.load(state_path, weights_only=False)
        trainer.model.load_state_dict(state["model"])
        trainer.optimizer.load_state_dict(state["optimizer"])
        if trainer.scheduler is not None:
            trainer.scheduler.load_state_dict(state["scheduler"])
        for _ in range(state["step"]):
            next(trainer._batches)  # the same batches from the seed, and the generator with them
        trainer.step = state["step"]
        trainer._train_seconds = state["train_seconds"]
        torch.set_rng_state(state["rng"])
        evaluations, wall_before = state["evaluations"], state["wall_s"]
        print(json.dumps({"resumed": state_path.name, "step": trainer.step}), flush=True)

    def save() -> None:
        state = {"model": trainer.model.state_dict(), "optimizer": trainer.optimizer.state_dict(),
                 "scheduler": trainer.scheduler.state_dict() if trainer.scheduler is not None else None,
                 "step": trainer.step, "train_seconds": trainer._train_seconds, "rng": torch.get_rng_state(),
                 "evaluations": evaluations, "wall_s": wall_before + time.perf_counter() - started}
        torch.save(state, state_path.with_suffix(".tmp"))
        state_path.with_suffix(".tmp").replace(state_path)

    while trainer.step < config.steps:
        done = trainer.train_step()
        if not math.isfinite(done.loss):
            break
        if config.eval_every and trainer.step % config.eval_every == 0 and trainer.step < config.steps:
            evaluations.append((trainer.step, round(trainer.evaluate().test_accuracy, 4)))
        if state_path and trainer.step % save_every == 0:
            save()
    final = trainer.evaluate()
    evaluations.append((trainer.step, round(final.test_accuracy, 4)))
    if state_path and state_path.exists():
        state_path.unlink()
    return {"preset": preset, "precision": precision, "resolved": trainer.precision, "seed": seed,
            "steps": trainer.step, "test_accuracy": final.test_accuracy,
            "train_samples_per_s": round(trainer.step * config.batch_size / max(trainer._train_seconds, 1e-9), 1),
            "wall_s": round(wall_before + time.perf_counter() - started, 1), "evaluations": evaluations}


# ------------------------------------------------------------------ --levers, --profile
def _bf16(enabled: bool = True):
    return torch.autocast("cpu", dtype=torch.bfloat16, enabled=enabled)


def _features(model, x, nhwc: bool = True):
    """conv-pool-relu twice, as the Trainer's levers do it (NHWC pools, pool before ReLU)."""
    if nhwc:
        x = levers.nhwc_input(x)
    for conv in (model.conv1, model.conv2):
        x = levers.relu_max_pool(conv(x), 2, pool_before_relu=True, nhwc=nhwc)
    return x.flatten(1)


def _head(model, x):
    return model.fc2(model.dropout(F.relu(model.fc1(x))))


def variant_forwards() -> dict:
    """name -> forward(model, x) returning logits (cast to float32 by the caller)."""
    def trainer_fp32(model, x):
        return levers.forward(model, x)

    def trainer_bf16(model, x):
        with _bf16():
            return levers.forward(model, x)

    def plain_bf16(model, x):
        with _bf16():
            return model(x)

    def whole_nhwc_bf16(model, x):  # the model converted by the caller
        with _bf16():
            return model(x.contiguous(memory_format=torch.channels_last))

    def convs_only_bf16(model, x):
        with _bf16():
            features = _features(model, x)
        return _head(model, features.float())

    def products_only_bf16(model, x):
        features = _features(model, x)
        with _bf16():
            return _head(model, features)

    def elementwise_fp32(model, x):  # autocast for convs and matmuls only: every result back to fp32
        with _bf16():
            x = levers.nhwc_input(x)
            for conv in (model.conv1, model.conv2):
                x = F.relu(levers.max_pool(conv(x).float(), 2, nhwc=True).contiguous())
            x = F.relu(model.fc1(x.flatten(1)).float())
            return model.fc2(model.dropout(x)).float()

    return {"fp32 (the Trainer)": trainer_fp32, "bf16 autocast (the Trainer)": trainer_bf16,
            "bf16, no CPU levers (plain forward)": plain_bf16,
            "bf16, whole model channels_last": whole_nhwc_bf16,
            "bf16 in the convolutions only": convs_only_bf16,
            "bf16 in the matrix products only": products_only_bf16,
            "bf16 convs+matmuls, element-wise ops in fp32": elementwise_fp32}


def step_timer(name: str, forward, mnist, batch_size: int, steps: int):
    def measure() -> float:
        model = models.build_model("cnn", init="kaiming", seed=1).train()
        if "channels_last" in name:
            model = model.to(memory_format=torch.channels_last)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
        generator = torch.Generator().manual_seed(1)
        batches = mdata.iterate_batches(len(mnist.train), batch_size, generator)
        seconds = []
        for step in range(steps + 2):
            started = time.perf_counter()
            images, labels = mnist.train.batch(next(batches))
            loss = F.cross_entropy(forward(model, images).float(), labels)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss.item()
            if step >= 2:
                seconds.append(time.perf_counter() - started)
        return statistics.median(seconds)
    return measure


def compare_levers(mnist, batch_size: int, steps: int, rounds: int) -> None:
    timers = {name: step_timer(name, forward, mnist, batch_size, steps)
              for name, forward in variant_forwards().items()}
    values: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(rounds):
        for name, timer in timers.items():
            gc.collect()
            values[name].append(timer())
    fp32 = statistics.median(values["fp32 (the Trainer)"])
    for name, times in values.items():
        median = statistics.median(times)
        print(json.dumps({"variant": name, "step_ms": round(median * 1e3, 1),
                          "throughput_vs_fp32": round(fp32 / median, 3),
                          "samples_per_s": round(batch_size / median, 1)}), flush=True)


def profile(mnist, batch_size: int, steps: int) -> None:
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile as torch_profile

    forwards = variant_forwards()
    for name in ("fp32 (the Trainer)", "bf16 autocast (the Trainer)"):
        measure = step_timer(name, forwards[name], mnist, batch_size, 2)
        measure()  # warm
        with torch_profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
            step_timer(name, forwards[name], mnist, batch_size, steps)()
        print(f"== {name}: {steps + 2} steps of batch {batch_size}")
        print(prof.key_averages(group_by_input_shape=True).table(sort_by="self_cpu_time_total", row_limit=22,
                                                                 max_name_column_width=34,
                                                                 max_shapes_column_width=60), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="fast-cnn", choices=sorted(PRESETS))
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds (default: 1,2,3)")
    parser.add_argument("--precisions", default="fp32,bf16", help="comma-separated (default: fp32,bf16)")
    parser.add_argument("--steps", type=int, help="override the preset's steps (a shorter try)")
    parser.add_argument("--data-dir", help="MNIST folder (default: $MNIST_VIZ_DATA or the usual place)")
    parser.add_argument("--out", help="append one JSON line per run to this file; runs already in it are skipped")
    parser.add_argument("--state-dir", help="save each run's state here every 100 steps, and resume a run "
                                            "that was killed from it")
    parser.add_argument("--levers", action="store_true", help="time one step in each bf16 variant instead")
    parser.add_argument("--profile", action="store_true", help="per-op profile of fp32 and bf16 steps instead")
    parser.add_argument("--rounds", type=int, default=3, help="--levers: interleaved rounds (default: 3)")
    parser.add_argument("--batch-size", type=int, default=100, help="--levers/--profile: batch (default: 100)")
    args = parser.parse_args(argv)
    mnist = mdata.load(mdata.resolve_root(args.data_dir))
    if args.levers or args.profile:
        print(json.dumps({"cpu": mixed.cpu_bf16_note(), "threads": torch.get_num_threads(),
                          "batch_size": args.batch_size}), flush=True)
        if args.levers:
            compare_levers(mnist, args.batch_size, args.steps or 8, args.rounds)
        if args.profile:
            profile(mnist, args.batch_size, args.steps or 3)
        return 0
    seeds = [int(seed) for seed in args.seeds.split(",")]
    precisions = args.precisions.split(",")
    print(json.dumps({"cpu": mixed.cpu_bf16_note(), "preset": args.preset, "seeds": seeds,
                      "precisions": precisions}), flush=True)
    runs = []
    done = {}
    if args.out and Path(args.out).exists():
        for line in Path(args.out).read_text(encoding="utf-8").splitlines():
            if line.strip():
                run = json.loads(line)
                done[(run["preset"], run["precision"], run["seed"], run["steps"])] = run
    state_dir = Path(args.state_dir) if args.state_dir else None
    if state_dir:
        state_dir.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        for precision in precisions:
            steps = args.steps or PRESETS[args.preset].steps
            if (args.preset, precision, seed, steps) in done:
                runs.append(done[(args.preset, precision, seed, steps)])
                print(json.dumps({"already_done": runs[-1]}), flush=True)
                continue
            run = one_run(args.preset, precision, seed, mnist, args.steps, state_dir)
            runs.append(run)
            line = json.dumps(run)
            print(line, flush=True)
            if args.out:
                with open(args.out, "a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
    summary = {}
    for precision in precisions:
        mine = [run for run in runs if run["precision"] == precision]
        summary[precision] = {"mean_accuracy": round(statistics.fmean(r["test_accuracy"] for r in mine), 5),
                              "accuracies": [r["test_accuracy"] for r in mine],
                              "median_samples_per_s": statistics.median(r["train_samples_per_s"] for r in mine)}
    if "fp32" in summary and "bf16" in summary:
        summary["bf16_minus_fp32_points"] = round(
            100 * (summary["bf16"]["mean_accuracy"] - summary["fp32"]["mean_accuracy"]), 3)
        summary["throughput_bf16_over_fp32"] = round(
            summary["bf16"]["median_samples_per_s"] / summary["fp32"]["median_samples_per_s"], 3)
    print(json.dumps({"summary": summary}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
