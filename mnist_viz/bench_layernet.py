"""Bench rows for the playground (issue 15, item 7): does a layer-list network train as fast
as the fixed class for the same layers?

Two pairs, each trained through the app's Trainer on the real MNIST at its tutorial's
settings, the two models of a pair from the same seed:

* the tutorial CNN: ``LayerNet(TUTORIAL_CNN)`` against ``models.DeepMnistCNN`` (Adam 1e-4,
  batch 50, the CPU levers on for both, as the app trains them);
* the softmax: ``LayerNet("fc-10")`` against ``models.SoftmaxRegression`` (gradient descent
  0.01, batch 100).

Each round times a block of steps of each model, the order reversed every round (A B, then
B A), so that a busy moment of a shared machine hits both; the row is the median over the
rounds of the per-round throughput ratio (layer-list / fixed class; 1.0: as fast), target
>= 0.95. The detail gives each model's median step time, the same median ratio of the
process's CPU time (what a loaded machine disturbs least) and the load average when the row
was measured, since single ratios swing by 10 % on a loaded machine.
``scripts/measure_layernet_speed.py`` measures the same pairs with a per-op profile.
"""

from __future__ import annotations

import gc
import os
import statistics
import time

import torch

from .bench_rows import Result
from .core.layernet import LayerNet
from .core.models import build_model
from .core.training import PRESETS, Trainer

#: The two pairs: (row title, preset, fixed class's model, layer list). The layer lists are
#: written out, not taken from core.arch, so that they stay the layers the fixed classes have.
PAIRS = (
    ("cnn", "tutorial-cnn", "cnn",
     "conv5x5-32,relu,maxpool-2,conv5x5-64,relu,maxpool-2,fc-1024,relu,dropout-0.5,fc-10"),
    ("softmax", "tutorial-softmax", "softmax", "fc-10"),
)
TARGET = 0.95


def block_seconds(trainer: Trainer, steps: int) -> tuple[float, float]:
    """Wall-clock and process CPU seconds of ``steps`` training steps."""
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(steps):
        trainer.train_step()
    return time.perf_counter() - started, time.process_time() - cpu


def interleaved_ratios(fixed: Trainer, layered: Trainer, rounds: int, steps: int
                       ) -> tuple[list[float], list[float], list[float], list[float]]:
    """Per round, the order reversed every round: the fixed class's and the layer-list's
    wall-clock block times, and the throughput ratios (fixed / layer-list) of wall-clock
    and of CPU time (which the other processes of a loaded machine disturb far less)."""
    fixed_times, layered_times, cpu_ratios = [], [], []
    for index in range(rounds):
        if index % 2 == 0:
            (fixed_wall, fixed_cpu), (layered_wall, layered_cpu) = block_seconds(fixed, steps), \
                block_seconds(layered, steps)
        else:
            (layered_wall, layered_cpu), (fixed_wall, fixed_cpu) = block_seconds(layered, steps), \
                block_seconds(fixed, steps)
        fixed_times.append(fixed_wall)
        layered_times.append(layered_wall)
        cpu_ratios.append(fixed_cpu / layered_cpu)
    return fixed_times, layered_times, [f / b for f, b in zip(fixed_times, layered_times)], cpu_ratios


def pair_trainers(preset: str, fixed_model: str, layers: str, mnist, seed: int = 1) -> tuple[Trainer, Trainer]:
    """The fixed class and the layer-list network of one pair, each in a Trainer on CPU."""
    config = PRESETS[preset].replace(steps=10**9, device="cpu", eval_every=0, seed=seed)
    test = mnist.test.subset(100)
    fixed = Trainer(config, mnist.train, test, model=build_model(fixed_model, init=config.init, seed=seed))
    layered = Trainer(config, mnist.train, test,
                      model=LayerNet(layers, init=config.init, generator=torch.Generator().manual_seed(seed)))
    return fixed, layered


def bench_layernet(mnist, quick: bool) -> list[Result]:
    """One row per pair: layer-list throughput / fixed class throughput, median of interleaved rounds."""
    rows = []
    rounds = 5 if quick else 11
    for title, preset, fixed_model, layers in PAIRS:
        steps = (8 if quick else 20) if fixed_model == "cnn" else (300 if quick else 1000)
        fixed, layered = pair_trainers(preset, fixed_model, layers, mnist)
        warm_up = max(3, steps // 5)  # oneDNN primitives, the allocator
        block_seconds(fixed, warm_up)
        block_seconds(layered, warm_up)
        fixed_times, layered_times, ratios, cpu_ratios = interleaved_ratios(fixed, layered, rounds, steps)
        ratio = statistics.median(ratios)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        detail = (f"{statistics.median(layered_times) / steps * 1e3:.3g} vs "
                  f"{statistics.median(fixed_times) / steps * 1e3:.3g} ms/step, {rounds} rounds of {steps} steps, "
                  f"per-round ratios {min(ratios):.3f}..{max(ratios):.3f}, of CPU time "
                  f"{statistics.median(cpu_ratios):.3f}, load average {load:.1f}")
        rows.append(Result(f"playground: layer-list network / fixed class {title}", round(ratio, 3), "ratio",
                           f">= {TARGET}", ratio >= TARGET, detail))
    return rows
