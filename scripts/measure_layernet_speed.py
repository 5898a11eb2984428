"""Does the playground's LayerNet train as fast as the fixed class for the same layers? (issue 15, item 7)

Trains ``LayerNet(arch.TUTORIAL_CNN)`` and ``models.DeepMnistCNN`` side by side through the
app's Trainer (whose forward is ``levers.forward``), on real MNIST at the tutorial's
settings (Adam, batch 50), in interleaved rounds (A B, then B A, ...), and prints each
model's median step time, the median of the per-round ratios (of wall-clock time, and of
the process's CPU time, which a loaded machine disturbs far less), and a torch.profiler per-op
table of each; then the same for the softmax (``LayerNet("fc-10")`` against
``models.SoftmaxRegression`` at tutorial-softmax's settings: GD 0.01, batch 100, whose
steps are so short that a round is ``--softmax-steps`` of them). ``--only cnn|softmax``
measures one pair. ``--levers-off`` adds a layer-list network of other layers with the CPU
levers on and off (what they are worth there).

    MNIST_VIZ_DATA=... python scripts/measure_layernet_speed.py [--rounds 15] [--steps 10]
        [--softmax-steps 300] [--only cnn|softmax] [--profile]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import torch

from mnist_viz.core import arch, data, levers
from mnist_viz.core.layernet import LayerNet
from mnist_viz.core.models import build_model
from mnist_viz.core.training import PRESETS, Trainer


#: Per-step CPU seconds of this process for each block timed (filled by step_seconds).
CPU_TIMES: dict[int, list[float]] = {}


def step_seconds(trainer: Trainer, steps: int) -> float:
    """Wall-clock seconds per step; the process's CPU seconds per step go to CPU_TIMES
    (on a loaded machine the wall clock counts the other processes' turns too, CPU time does not)."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(steps):
        trainer.train_step()
    CPU_TIMES.setdefault(id(trainer), []).append((time.process_time() - cpu) / steps)
    return (time.perf_counter() - start) / steps


def interleaved(trainers: dict[str, Trainer], rounds: int, steps: int, switches: dict[str, dict] | None = None):
    """Per-step seconds of each trainer, ``rounds`` times, the order reversed every round."""
    times = {name: [] for name in trainers}
    for trainer in trainers.values():
        CPU_TIMES[id(trainer)] = []
    names = list(trainers)
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            if switches:
                levers.CPU_LEVERS.update(switches[name])
            times[name].append(step_seconds(trainers[name], steps))
    levers.CPU_LEVERS.update(dict.fromkeys(levers.CPU_LEVERS, True))
    return times, {name: list(CPU_TIMES[id(trainer)]) for name, trainer in trainers.items()}


def report(measured: tuple[dict[str, list[float]], dict[str, list[float]]], base: str) -> None:
    times, cpu = measured
    print(f"  load average {os.getloadavg()[0]:.2f}")
    for name, seconds in times.items():
        print(f"  {name:28s} median {statistics.median(seconds) * 1e3:7.2f} ms/step  "
              f"(min {min(seconds) * 1e3:.2f}, max {max(seconds) * 1e3:.2f}, {len(seconds)} rounds)")
    for name in times:
        if name != base:
            ratios = [a / b for a, b in zip(times[name], times[base])]
            print(f"  {name} / {base}: median of per-round ratios {statistics.median(ratios):.3f} "
                  f"(min {min(ratios):.3f}, max {max(ratios):.3f})")
            ratios = [a / b for a, b in zip(cpu[name], cpu[base])]
            print(f"  {name} / {base}, CPU time of this process: median of per-round ratios "
                  f"{statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}; "
                  f"{statistics.median(cpu[name]) * 1e3:.2f} vs {statistics.median(cpu[base]) * 1e3:.2f} ms/step)")


def profile(trainer: Trainer, steps: int, title: str) -> None:
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile as torch_profile

    step_seconds(trainer, 3)
    with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
        step_seconds(trainer, steps)
    print(f"\n--- {title}: {steps} steps, per-op (self CPU time) ---")
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=18))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--steps", type=int, default=10, help="steps per model per round")
    parser.add_argument("--softmax-steps", type=int, default=300, help="softmax steps per model per round")
    parser.add_argument("--only", choices=("cnn", "softmax"), help="measure one pair only")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--profile", action="store_true", help="also print a per-op table of each model")
    parser.add_argument("--levers-off", action="store_true",
                        help="also time another layer list with the CPU levers on and off")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    mnist = data.load(data.resolve_root())
    train, test = mnist.train, mnist.test.subset(100)
    config = PRESETS["tutorial-cnn"].replace(steps=10**6, device="cpu", eval_every=0)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, levers {levers.CPU_LEVERS}")
    pairs = []
    if args.only in (None, "cnn"):
        pairs.append(("tutorial CNN", config, args.steps, {
            "DeepMnistCNN": build_model("cnn", init="tutorial", seed=1),
            "LayerNet(TUTORIAL_CNN)": LayerNet(arch.TUTORIAL_CNN, init="tutorial",
                                               generator=torch.Generator().manual_seed(1))}))
    if args.only in (None, "softmax"):
        softmax = PRESETS["tutorial-softmax"].replace(steps=10**7, device="cpu", eval_every=0)
        pairs.append(("softmax", softmax, args.softmax_steps, {
            "SoftmaxRegression": build_model("softmax", init="tutorial", seed=1),
            "LayerNet(fc-10)": LayerNet("fc-10", init="tutorial", generator=torch.Generator().manual_seed(1))}))
    for title, pair_config, steps, models in pairs:
        print(f"\n{title}: batch {pair_config.batch_size}, {pair_config.optimizer} {pair_config.learning_rate}, "
              f"{steps} steps a round")
        trainers = {name: Trainer(pair_config, train, test, model=model) for name, model in models.items()}
        for trainer in trainers.values():
            step_seconds(trainer, max(5, steps // 10))  # warm-up: oneDNN primitives, allocator
        report(interleaved(trainers, args.rounds, steps), next(iter(trainers)))
        if args.profile:
            for name, trainer in trainers.items():
                profile(trainer, 2 * steps, name)
    if args.levers_off:
        text = "conv3x3-32,relu,maxpool-2,conv3x3-64,relu,maxpool-2,fc-1024,relu,dropout-0.5,fc-10"
        other = {name: Trainer(config, train, test, model=LayerNet(text, generator=torch.Generator().manual_seed(1)))
                 for name in ("levers on", "levers off")}
        for trainer in other.values():
            step_seconds(trainer, 5)
        print(f"\n{text}:")
        switches = {"levers on": dict.fromkeys(levers.CPU_LEVERS, True),
                    "levers off": dict.fromkeys(levers.CPU_LEVERS, False)}
        report(interleaved(other, args.rounds, args.steps, switches), "levers on")


if __name__ == "__main__":
    main()
