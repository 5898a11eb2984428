"""``mnist-viz bench``: how much does watching cost? Ratios measured side by side.

These machines are shared and noisy, so every figure that matters is a ratio of two
things measured in the same run, interleaved (A B A B ...) and summarised by the median.
Absolute times are reported too, but only as context. Nothing here is a test: a missed
target is reported, never raised.

Each measurement is a function returning one or more :class:`Result` rows
(:mod:`mnist_viz.bench_rows`); ``run()`` picks the quick or the full set, the GUI's
figures (:mod:`mnist_viz.gui.bench`) included when Qt is importable.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict

import torch
from torch.nn import functional as F

from . import bench_profile
from .bench_layernet import bench_layernet
from .bench_rows import Result, rss_mb  # noqa: F401  (rss_mb: still reachable as bench.rss_mb)
from .core import data as mdata
from .core import levers as cpu_levers
from .core import precision as mixed
from .core import networks, stats
from .core.config import DEFAULT_SNAPSHOT_RATE
from .core.inference import Predictor
from .core.levers import CPU_LEVERS
from .core.models import build_model, training_flops_per_sample
from .core.training import BATCH_PART, PRESETS, Trainer, resolve_device, training_threads


def machine_info() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
            "python": platform.python_version(), "torch": torch.__version__,
            "platform": platform.platform(), "cuda": torch.cuda.is_available()}


def interleaved(functions: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """Run each function ``rounds`` times in turn (A B A B ...); median of each."""
    values: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            gc.collect()
            values[name].append(function())
    return {name: statistics.median(v) for name, v in values.items()}


# --------------------------------------------------------------------- training loops
def trainer_throughput(config, mnist, steps: int, parts: frozenset[str] = frozenset(),
                       rate: float = 15.0, augment: str | None = None) -> Callable[[], float]:
    """samples/s of the app's Trainer for ``steps`` steps (optionally observed; ``augment``:
    the training batches' augmentation recipe, None: the config's)."""
    def measure() -> float:
        trainer = Trainer(config.replace(steps=steps + 3, eval_every=0), mnist.train, mnist.test,
                          augment=augment)
        if parts:
            trainer.set_probe_from_test(0)
            trainer.observe(parts, rate)
        events = trainer.run()
        for _ in range(4):  # warm-up: RunStarted + 3 steps
            next(events)
        started = time.perf_counter()
        done = 0
        last_step_at = previous = started
        snapshot_s = 0.0
        for event in events:
            if type(event).__name__ == "StepDone":
                done += 1
                last_step_at = time.perf_counter()
                if done == steps:
                    break  # the final evaluation of the test set is not training throughput
            elif type(event).__name__ == "Snapshot":
                snapshot_s += time.perf_counter() - previous  # the Trainer's time on it
                # what a consumer does: read every array once
                for array in event.arrays.values():
                    float(array.sum())
            previous = time.perf_counter()
        events.close()
        measure.snapshot_shares.append(snapshot_s / (last_step_at - started))
        return done * config.batch_size / (last_step_at - started)
    #: Per call, the fraction of the timed run the Trainer spent taking snapshots: the
    #: overhead counted directly, which a busy machine disturbs far less than the ratio.
    measure.snapshot_shares = []
    return measure


def bare_loop_throughput(config, mnist, steps: int, fused: bool = False, channels_last: bool = False,
                         threads: int | None = None, levers: dict[str, bool] | None = None,
                         flush_denormal: bool = False, onednn: bool = True,
                         median_step: bool = False) -> Callable[[], float]:
    """The simplest PyTorch loop on the same model and the same batches, its forward the
    Trainer's (``core.levers.forward``: the CNN through the CPU levers that are on).

    The keyword arguments switch on one lever each, to measure what it is worth:
    ``levers`` sets the CNN's ``levers.CPU_LEVERS`` for the run (None: as they are, all on
    by default), ``channels_last`` converts the whole model and its input to NHWC,
    ``onednn=False`` turns oneDNN off (PyTorch's own im2col + GEMM convolutions).
    ``median_step`` reports the batch size over the median step time instead of over the
    whole run's time: a moment's load from elsewhere then spoils one step, not the run.
    """
    def measure() -> float:
        previous = torch.get_num_threads()
        saved_levers = dict(CPU_LEVERS)
        saved_onednn = torch.backends.mkldnn.enabled
        if threads:
            torch.set_num_threads(threads)
        if levers is not None:
            CPU_LEVERS.update(levers)
        torch.set_flush_denormal(flush_denormal)
        torch.backends.mkldnn.enabled = onednn
        torch.manual_seed(config.seed)
        model = build_model(config.model, init=config.init, keep_prob=config.keep_prob, seed=config.seed).train()
        if channels_last:
            model = model.to(memory_format=torch.channels_last)
        extra = {"fused": True} if fused else {}
        optimizer = (torch.optim.Adam(model.parameters(), lr=config.learning_rate, **extra)
                     if config.optimizer == "adam"
                     else torch.optim.SGD(model.parameters(), lr=config.learning_rate))
        generator = torch.Generator().manual_seed(config.seed)
        batches = mdata.iterate_batches(len(mnist.train), config.batch_size, generator)
        images_all, labels_all = mnist.train.images, mnist.train.labels
        started = None
        step_seconds = []
        try:
            for step in range(steps + 3):
                if step == 3:
                    started = time.perf_counter()
                step_started = time.perf_counter()
                indices = next(batches)
                images = images_all[indices].unsqueeze(1).float() / 255
                if channels_last:
                    images = images.contiguous(memory_format=torch.channels_last)
                labels = labels_all[indices]
                loss = F.cross_entropy(cpu_levers.forward(model, images), labels,
                                       reduction=config.loss_reduction)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                loss.item()
                if step >= 3:
                    step_seconds.append(time.perf_counter() - step_started)
            if median_step:
                return config.batch_size / statistics.median(step_seconds)
            return steps * config.batch_size / (time.perf_counter() - started)
        finally:
            torch.set_num_threads(previous)
            CPU_LEVERS.update(saved_levers)
            torch.set_flush_denormal(False)
            torch.backends.mkldnn.enabled = saved_onednn
    return measure


def lever_settings(on: bool = True, **overrides: bool) -> dict[str, bool]:
    """Every CPU lever of the CNN on (or off), but for the ones named."""
    return {**{name: on for name in CPU_LEVERS}, **overrides}


def sgemm_gflops(size: int = 2048, repeats: int = 5) -> float:
    a = torch.randn(size, size)
    b = torch.randn(size, size)
    a @ b
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - started)
    return 2 * size**3 / best / 1e9


# ------------------------------------------------------------------- measurements
def panel_parts(model: str) -> frozenset[str]:
    """What the window streams for ``model`` while it trains with every panel visible: the
    weight and activation parts (weights, filters, network, feature maps panels), the
    ``distributions`` statistics (the Distributions panel keeps its history: observed during
    any run) and the last training batch (the Data panel)."""
    return (frozenset(networks.weight_parts(model)) | frozenset(networks.activation_parts(model))
            | {stats.PART, BATCH_PART})


def streaming_groups(model: str) -> dict[str, frozenset[str]]:
    """:func:`panel_parts` in the groups whose costs differ: the weight copies, the probe's
    activations (a forward of one image), the histograms and gradient norms, the batch."""
    return {"weight copies": frozenset(networks.weight_parts(model)),
            "probe activations": frozenset(networks.activation_parts(model)),
            "distributions": frozenset({stats.PART}), "batch": frozenset({BATCH_PART})}


def load_average() -> str:
    """The 1-minute load average now, for a row's detail (these machines are shared)."""
    try:
        return f"load {os.getloadavg()[0]:.1f}"
    except OSError:
        return "load unknown"


def bench_streaming(mnist, quick: bool) -> list[Result]:
    """The Trainer's samples/s streaming everything the panels draw (:func:`panel_parts`, at
    the window's default rate) against nothing observed, interleaved; the full run adds each
    group of parts alone (:func:`bench_streaming_parts`, ``--only streaming-parts``)."""
    rows = []
    for name in ("tutorial-cnn", "tutorial-softmax"):
        config = PRESETS[name]
        parts = panel_parts(config.model)
        steps = (30 if quick else 150) if config.model == "cnn" else (1500 if quick else 6000)
        started_load = load_average()
        streamed = trainer_throughput(config, mnist, steps, parts, DEFAULT_SNAPSHOT_RATE)
        medians = interleaved({"plain": trainer_throughput(config, mnist, steps), "streamed": streamed},
                              rounds=3 if quick else 5)
        ratio = medians["streamed"] / medians["plain"]
        share = statistics.median(streamed.snapshot_shares)
        rows.append(Result(f"streaming overhead {config.model}: throughput streamed / unobserved", round(ratio, 3),
                           "ratio", ">= 0.95", ratio >= 0.95,
                           f"{medians['streamed']:.0f} vs {medians['plain']:.0f} samples/s; every panel's parts "
                           f"at {DEFAULT_SNAPSHOT_RATE:g}/s; snapshots took {share:.1%} of the streamed run's time; "
                           f"{started_load} -> {load_average()}"))
    return rows


def snapshot_seconds(trainer: Trainer, parts: frozenset[str], calls: int) -> float:
    """Median seconds of one ``trainer.snapshot(parts)`` (the statistics recomputed each
    time), read once as a consumer does, a training step between calls."""
    seconds = []
    for _ in range(calls):
        trainer.train_step()
        trainer.distribution_monitor._last = None  # recompute: the cost of a fresh one
        started = time.perf_counter()
        for array in trainer.snapshot(parts).arrays.values():
            float(array.sum())
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def bench_streaming_parts(mnist, quick: bool, steps: int | None = None, rounds: int | None = None,
                          calls: int | None = None) -> list[Result]:
    """What the CNN's streamed run pays for, one group of parts at a time
    (:func:`streaming_groups`): the Trainer's samples/s observing that group alone against
    nothing observed (interleaved rounds), and the time of one snapshot of the group alone,
    with how many the run took per second."""
    config = PRESETS["tutorial-cnn"]
    steps = steps or (30 if quick else 100)
    groups = streaming_groups(config.model)
    loops = {"unobserved": trainer_throughput(config, mnist, steps)}
    for name, parts in groups.items():
        loops[name] = trainer_throughput(config, mnist, steps, parts, DEFAULT_SNAPSHOT_RATE)
    started_load = load_average()
    medians = interleaved(loops, rounds=rounds or (2 if quick else 3))
    trainer = Trainer(config.replace(steps=10**6, eval_every=0), mnist.train, mnist.test)
    trainer.set_probe_from_test(0)
    trainer.train_step()
    costs = {name: [] for name in groups}
    for _ in range(rounds or 3):
        for name, parts in groups.items():
            costs[name].append(snapshot_seconds(trainer, parts, calls or 5))
    step_s = config.batch_size / medians["unobserved"]
    load = f"{started_load} -> {load_average()}"
    rows = []
    for name in groups:
        ratio = medians[name] / medians["unobserved"]
        cost = statistics.median(costs[name])
        rows.append(Result(f"streaming part cnn: {name} alone, throughput / unobserved", round(ratio, 3), "ratio",
                           "", None, f"{medians[name]:.0f} vs {medians['unobserved']:.0f} samples/s; one snapshot "
                           f"{cost * 1e3:.2f} ms = {cost / step_s:.2f} steps; {load}"))
    return rows


def bench_trainer_vs_bare(mnist, quick: bool) -> list[Result]:
    rows = []
    for name in ("tutorial-cnn", "tutorial-softmax"):
        config = PRESETS[name]
        steps = (30 if quick else 150) if config.model == "cnn" else (1500 if quick else 6000)
        medians = interleaved({
            "trainer": trainer_throughput(config, mnist, steps),
            "bare": bare_loop_throughput(config, mnist, steps),
        }, rounds=2 if quick else 3)
        ratio = medians["trainer"] / medians["bare"]
        rows.append(Result(f"trainer vs bare loop {config.model}", round(ratio, 3), "ratio", ">= 1.0",
                           ratio >= 0.98,  # within noise of equal
                           f"{medians['trainer']:.0f} vs {medians['bare']:.0f} samples/s"))
    return rows


#: Issue 18's target for the CNN's training FLOP rate over the sgemm rate (batch 50).
CPU_EFFICIENCY_TARGET = 0.85


def bench_cpu_efficiency(mnist, quick: bool, steps: int | None = None, rounds: int = 3) -> list[Result]:
    """The CNN's training FLOP rate as a fraction of the machine's sgemm rate, each round
    measuring both back to back (so a busy moment hits both), the ceiling the libraries
    allow (:mod:`mnist_viz.bench_profile`: the step's products and convolutions timed alone
    at their shapes), and what each lever is worth."""
    config = PRESETS["tutorial-cnn"]
    steps = steps or (30 if quick else 150)
    flops = training_flops_per_sample(build_model("cnn"))
    measure = trainer_throughput(config, mnist, steps)
    gflops, samples, fractions = [], [], []
    started_load = load_average()
    for _ in range(rounds):
        gflops.append(sgemm_gflops())
        samples.append(measure())
        fractions.append(samples[-1] * flops / 1e9 / gflops[-1])
    fraction = statistics.median(fractions)
    load = f"{started_load} -> {load_average()}"
    profile = bench_profile.profile_step(mnist, steps=min(steps, 10 if quick else 20))
    ceiling = profile.library_ceiling
    slowest = sorted(profile.compute_rows, key=lambda row: -(row.alone_ms or 0))[:3]
    where = "; ".join(f"{row.name.removeprefix('aten::')} {row.shapes.split(' ')[0]} {row.alone_gflops:.0f} GFLOP/s "
                      f"alone" for row in slowest if row.alone_gflops)
    note = (f"{load}" if fraction >= CPU_EFFICIENCY_TARGET else
            f"missed: the products and convolutions alone at these shapes (MKL, oneDNN) allow at most "
            f"{ceiling:.2f} of sgemm even with everything else free ({where}); per op: "
            f"scripts/profile_cnn_step.py; {load}")
    rows = [
        Result("sgemm rate (2048x2048 float32 matmul)", round(statistics.median(gflops), 1), "GFLOP/s", "", None,
               f"{torch.get_num_threads()} threads"),
        Result("CNN training FLOP rate (batch 50, the app's Trainer)",
               round(statistics.median(samples) * flops / 1e9, 1), "GFLOP/s", "", None,
               f"{statistics.median(samples):.0f} samples/s x {flops / 1e6:.1f} MFLOP"),
        Result("CPU efficiency: CNN training rate / sgemm rate", round(fraction, 3), "ratio",
               f">= {CPU_EFFICIENCY_TARGET}", fraction >= CPU_EFFICIENCY_TARGET, note),
        Result("CPU efficiency ceiling: the step's products and convolutions as fast as alone, the rest free",
               round(ceiling, 3), "ratio", "", None,
               f"of sgemm ({profile.sgemm_gflops:.0f} GFLOP/s in the profile); in the step {profile.compute_ms:.1f} "
               f"ms, alone {profile.alone_ms:.1f} ms; the rest {profile.memory_ms:.1f} ms of {profile.profiled_ms:.1f}"),
    ]
    if not quick:
        rows += profile_rows(profile)
    rows += bench_cpu_levers(config, mnist, steps, quick)
    return rows


def profile_rows(profile) -> list[Result]:
    """One row per operator of a :class:`bench_profile.StepProfile` (its time per step)."""
    rows = []
    for row in profile.rows:
        if row.alone_gflops:
            detail = (f"{row.gflops:.1f} GFLOP/s in the step, {row.alone_gflops:.1f} alone "
                      f"({row.alone_gflops / profile.sgemm_gflops:.2f} of sgemm)")
        elif row.gbytes:
            detail = f"{row.gbytes:.1f} GB/s (a large copy: {profile.bandwidth_gbs:.1f})"
        else:
            detail = ""
        rows.append(Result(f"cpu profile: {row.name} {row.shapes}".strip(), round(row.ms, 2), "ms/step", "",
                           None, f"{row.calls:.0f} calls; {detail}".rstrip("; ")))
    return rows


def bench_cpu_levers(config, mnist, steps: int, quick: bool) -> list[Result]:
    """What each lever is worth, side by side on the bare loop: the levers in use against
    a plain loop, each CPU lever against all of them but that one, and the rejected ones
    against the levers in use, each from its median step time (the levers are worth 5-30 %,
    less than a busy moment on a shared machine). ``--quick`` keeps the plain, fused and
    all-levers runs."""
    off, on = lever_settings(False), lever_settings(True)

    def loop(**switches) -> Callable[[], float]:
        return bare_loop_throughput(config, mnist, steps, median_step=True, **switches)

    loops = {
        "plain": loop(levers=off),
        "fused Adam": loop(fused=True, levers=off),
        "in use": loop(fused=True, levers=on),
    }
    if not quick:
        for name in CPU_LEVERS:
            loops["without " + name] = loop(fused=True, levers=lever_settings(True, **{name: False}))
        loops["oneDNN off"] = loop(fused=True, levers=on, onednn=False)
        loops["flush denormals"] = loop(fused=True, levers=on, flush_denormal=True)
        loops["whole model channels_last"] = loop(fused=True, levers=off, channels_last=True)
    threads = torch.get_num_threads()
    if threads > 1:
        loops["1 thread"] = loop(fused=True, levers=on, threads=1)
    medians = interleaved(loops, rounds=2 if quick else 3)

    def row(name: str, a: str, b: str, verdict: str) -> Result:
        return Result(f"lever: {name}", round(medians[a] / medians[b], 3), "ratio", "", None,
                      f"{medians[a]:.0f} vs {medians[b]:.0f} samples/s; {verdict}")

    rows = [row("fused Adam vs a plain loop (CNN samples/s)", "fused Adam", "plain", "used"),
            row("all CPU levers + fused Adam (the Trainer's path) vs a plain loop", "in use", "plain", "used")]
    for name in CPU_LEVERS:
        if "without " + name in medians:
            rows.append(row(f"{name.replace('_', ' ')} (all levers vs all but this one)", "in use",
                            "without " + name, "used"))
    for name, what in (("oneDNN off", "oneDNN off (PyTorch's own convolutions) vs on"),
                       ("flush denormals", "torch.set_flush_denormal(True) vs not"),
                       ("whole model channels_last", "whole model channels_last + fused Adam vs the levers in use")):
        if name in medians:
            rows.append(row(what, name, "in use", "not used"))
    if "1 thread" in medians:
        rows.append(row(f"1 torch thread instead of {threads} (headless)", "1 thread", "in use", "not used"))
    return rows


#: A child process's CNN training throughput (the Trainer, tutorial-cnn): OpenMP reads its
#: settings when torch loads, so each setting needs a process of its own.
_CHILD_THROUGHPUT = """
import sys, time
from mnist_viz.core import data
from mnist_viz.core.training import PRESETS, Trainer
mnist = data.load(data.resolve_root(sys.argv[1] or None))
trainer = Trainer(PRESETS["tutorial-cnn"].replace(steps=10**6, eval_every=0), mnist.train, mnist.test)
for _ in range(3):
    trainer.train_step()
steps = int(sys.argv[2])
started = time.perf_counter()
for _ in range(steps):
    trainer.train_step()
print(steps * trainer.config.batch_size / (time.perf_counter() - started))
"""

#: The OpenMP settings measured against torch's default (threads spin at every barrier).
OMP_SETTINGS = {"OMP_WAIT_POLICY=PASSIVE": {"OMP_WAIT_POLICY": "PASSIVE"},
                "GOMP_SPINCOUNT=10000": {"GOMP_SPINCOUNT": "10000"}}


def bench_omp_wait(root, quick: bool, steps: int | None = None, rounds: int | None = None) -> list[Result]:
    """The Trainer's CNN samples/s with OpenMP's threads sleeping at barriers (passive) or
    spinning briefly, against the default (spinning), each a fresh process, interleaved. On
    a machine whose cores are busy with other work a spinning thread burns the time slice the
    thread it waits for needs: at load 6-9 on 2 cores passive trained 5.5x faster (347 vs 63
    samples/s, medians of 3), but at load 1.6 it cost 11 % (755 vs 845; GOMP_SPINCOUNT=10000:
    0.96x), so the app leaves OpenMP as it is."""
    steps = steps or (8 if quick else 30)

    def child(env: dict[str, str]) -> Callable[[], float]:
        def measure() -> float:
            done = subprocess.run([sys.executable, "-c", _CHILD_THROUGHPUT, str(root or ""), str(steps)],
                                  env={**os.environ, **env}, capture_output=True, text=True, check=True)
            return float(done.stdout.strip().splitlines()[-1])
        return measure

    started_load = load_average()
    loops = {"default": child({})} | {name: child(env) for name, env in OMP_SETTINGS.items()}
    medians = interleaved(loops, rounds=rounds or (2 if quick else 3))
    load = f"{started_load} -> {load_average()}"
    return [Result(f"lever: {name} vs OpenMP's default (CNN samples/s, a process each)",
                   round(medians[name] / medians["default"], 3), "ratio", "", None,
                   f"{medians[name]:.0f} vs {medians['default']:.0f} samples/s; not used (set before torch "
                   f"loads); {load}") for name in OMP_SETTINGS]


def bench_augmentation(mnist, quick: bool, steps: int | None = None) -> list[Result]:
    """What augmenting the training batches costs (core.augment's "canvas" recipe: affine +
    elastic in one grid_sample, stroke width, low resolution, blur, contrast): the Trainer's
    samples/s with and without, interleaved in one run. The CNN (canvas-cnn's settings, the
    preset that augments: fast-cnn's in fp32, batch 100) has a target; the softmax, whose step
    is far cheaper than the augmentation, is reported for context."""
    rows = []
    for name, target in (("canvas-cnn", 0.8), ("tutorial-softmax", None)):
        config = PRESETS[name]
        count = steps or ((20 if quick else 100) if config.model == "cnn" else (200 if quick else 1000))
        medians = interleaved({
            "none": trainer_throughput(config, mnist, count, augment="none"),
            "canvas": trainer_throughput(config, mnist, count, augment="canvas"),
        }, rounds=2 if quick else 3)
        ratio = medians["canvas"] / medians["none"]
        cost_ms = (1 / medians["canvas"] - 1 / medians["none"]) * config.batch_size * 1e3
        rows.append(Result(f"augmentation throughput {config.model}: canvas / none ({name}, batch "
                           f"{config.batch_size}, the Trainer)", round(ratio, 3), "ratio",
                           f">= {target}" if target else "", (ratio >= target) if target else None,
                           f"{medians['canvas']:.0f} vs {medians['none']:.0f} samples/s; augmentation "
                           f"{cost_ms:.1f} ms per batch"))
    return rows


def bench_insight(mnist, quick: bool) -> list[Result]:
    """What the insight computations cost for the shipped models (issue 16): each explanation
    method per image (median), and the embedding of a class-balanced test sample (features and
    PCA), on the torch threads the process has. Reported, without targets: the panels compute
    them on demand or at evaluations, and say so."""
    from .core import embedding, explain

    rows = []
    images = mdata.to_float(mnist.test.images[:5 if quick else 20])
    for name in ("softmax", "cnn"):
        model = Predictor.pretrained(name).model.eval()
        for method in explain.METHODS:
            if method == "gradcam" and name == "softmax":
                continue  # no convolution layer: not offered
            explain.attribute(model, images[:1], method, 0)  # warm-up
            seconds = []
            for image in images:
                started = time.perf_counter()
                explain.attribute(model, image[None], method, 0)
                seconds.append(time.perf_counter() - started)
            rows.append(Result(f"insight: explain {method}, {name}, per image", round(statistics.median(seconds) * 1e3, 1),
                               "ms", "", None, f"median of {len(seconds)} test images"))
        count = 500 if quick else embedding.DEFAULT_COUNT
        started = time.perf_counter()
        embedding.embed(model, mnist.test.images.numpy(), mnist.test.labels.numpy(), count=count)
        rows.append(Result(f"insight: embedding of {count:,} test images, {name}",
                           round((time.perf_counter() - started) * 1e3, 1), "ms", "", None,
                           "penultimate features and the PCA"))
    return rows


def bf16_note(device: torch.device) -> str:
    """What the device has for bf16, for the bf16 rows' detail."""
    if device.type == "cuda":
        return ("native bf16 on this GPU (TF32 for the float32 rest)" if mixed.cuda_native_bf16()
                else "this GPU lacks native bf16: auto trains in fp32")
    if device.type == "cpu":
        return mixed.cpu_bf16_note()
    return f"bf16 on {device.type}: not native as far as mnist-viz knows; auto trains in fp32"


def predictor_latency(predictor: Predictor, images, calls: int) -> Callable[[], float]:
    """Median seconds of ``predictor.probabilities`` on one image, over ``calls`` calls
    cycling through ``images`` (what the canvas does at each stroke), on as many torch
    threads as the window uses (it leaves a core to the GUI)."""
    def measure() -> float:
        previous = torch.get_num_threads()
        torch.set_num_threads(training_threads(gui=True))
        try:
            predictor.probabilities(images[0])  # warm-up
            seconds = []
            for index in range(calls):
                started = time.perf_counter()
                predictor.probabilities(images[index % len(images)])
                seconds.append(time.perf_counter() - started)
            return statistics.median(seconds)
        finally:
            torch.set_num_threads(previous)
    return measure


def bench_bf16(mnist, quick: bool, steps: int | None = None, calls: int | None = None) -> list[Result]:
    """bf16 autocast against fp32, measured interleaved in one run: the CNN's training
    throughput (the Trainer on fast-cnn's settings, ``steps`` timed steps a round) and the
    canvas's prediction latency (the core Predictor on one image, ``calls`` a round). The
    device is the one ``auto`` picks."""
    device = resolve_device("auto")
    native = mixed.native_bf16(device.type)
    note = bf16_note(device)
    rows = [Result(f"bf16: native bf16 on this {'GPU' if device.type == 'cuda' else device.type.upper()}",
                   1.0 if native else 0.0, "yes/no", "", None,
                   f"{note}; precision auto here: {mixed.resolve('auto', device)}")]
    # samples/s of each precision, a few steps each (bf16 emulated on a CPU is ~10x slower)
    steps = steps or (8 if quick else 40)
    configs = {"fast-cnn": (PRESETS["fast-cnn"], steps)}
    if not quick:
        configs["tutorial-cnn"] = (PRESETS["tutorial-cnn"], steps)
    for name, (config, steps) in configs.items():
        medians = interleaved({
            "fp32": trainer_throughput(config.replace(precision="fp32"), mnist, steps),
            "bf16": trainer_throughput(config.replace(precision="bf16"), mnist, steps),
        }, rounds=2 if quick else 3)
        ratio = medians["bf16"] / medians["fp32"]
        rows.append(Result(f"bf16: CNN training throughput bf16 / fp32 ({name}, batch {config.batch_size}, "
                           "the Trainer)", round(ratio, 3), "ratio", ">= 1.5", ratio >= 1.5,
                           f"{medians['bf16']:.0f} vs {medians['fp32']:.0f} samples/s on {device.type}; {note}"))
    model = build_model("cnn", init="kaiming", seed=1)
    images = [mdata.to_float(mnist.test.images[i:i + 1])[0, 0].numpy() for i in range(8)]
    calls = calls or (20 if quick else 60)
    medians = interleaved({
        "fp32": predictor_latency(Predictor(model, precision="fp32"), images, calls),
        "bf16": predictor_latency(Predictor(model, precision="bf16"), images, calls),
    }, rounds=2 if quick else 3)
    ratio = medians["bf16"] / medians["fp32"]
    rows.append(Result("bf16: canvas prediction latency bf16 / fp32 (CNN, one image, p50)", round(ratio, 3),
                       "ratio", "", None,
                       f"{medians['bf16'] * 1e3:.2f} vs {medians['fp32'] * 1e3:.2f} ms on the CPU, "
                       f"{training_threads(gui=True)} thread(s) as in the window; the canvas predicts in fp32 "
                       "(bf16 would pay off below 1)"))
    return rows


def bench_data(root, quick: bool) -> list[Result]:
    started = time.perf_counter()
    mnist = mdata.load(root)
    load_s = time.perf_counter() - started
    rows = [Result("load full MNIST (70,000 images) into tensors", round(load_s, 3), "s", "<= 1", load_s <= 1.0)]

    def ours() -> float:
        generator = torch.Generator().manual_seed(0)
        batches = mdata.iterate_batches(len(mnist.train), 50, generator)
        started = time.perf_counter()
        for _ in range(len(mnist.train) // 50):
            images, labels = mnist.train.batch(next(batches))
        return time.perf_counter() - started

    limit = 5000 if quick else len(mnist.train)

    def torchvision_loader() -> float:
        from torchvision import datasets, transforms

        dataset = datasets.MNIST(str(root), train=True, download=False, transform=transforms.ToTensor())
        subset = torch.utils.data.Subset(dataset, range(limit))
        loader = torch.utils.data.DataLoader(subset, batch_size=50, shuffle=True)
        started = time.perf_counter()
        for images, labels in loader:
            pass
        return (time.perf_counter() - started) * len(mnist.train) / limit

    ours_s = ours()
    theirs_s = torchvision_loader()
    rows.append(Result("one epoch of batches: torchvision DataLoader+ToTensor time / ours", round(theirs_s / ours_s, 1),
                       "x faster", "", None, f"{ours_s:.3f} s vs {theirs_s:.2f} s"
                       + (" (extrapolated from 5,000 images)" if quick else "")))
    return rows


def bench_time_to_accuracy(mnist) -> list[Result]:
    config = PRESETS["fast-cnn"]
    trainer = Trainer(config.replace(eval_every=100), mnist.train, mnist.test)
    reached = None
    started = time.perf_counter()
    for event in trainer.run():
        if type(event).__name__ == "Evaluated" and event.test_accuracy >= 0.992 and reached is None:
            reached = (event.step * config.batch_size, time.perf_counter() - started)
    final = trainer.last_evaluation.test_accuracy
    samples = reached[0] if reached else float("inf")
    return [Result("fast-cnn: samples to reach 99.2% test accuracy", samples, "samples", "<= 180000",
                   samples <= 180_000, f"final {final:.4f}; wall {reached[1] if reached else float('nan'):.0f} s "
                   "(evaluation time included)")]


def startup_seconds(timeout_s: float = 60.0) -> dict[str, float]:
    """Seconds from launching ``python -m mnist_viz`` to its splash, to its main window and
    to being ready to train (torch and MNIST loaded in the background); and ``stall_ms``,
    the longest the GUI thread was blocked meanwhile.

    The child prints a line when the splash is up, when the first event-loop pass after
    the main window's ``show()`` runs, and when the data is in; the clock stops when each
    line arrives, so closing the window is not counted.
    """
    env = dict(os.environ, MNIST_VIZ_EXIT_AFTER_SHOW="1")
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen: the window is drawn off screen
    started = time.perf_counter()
    seen: dict[str, float] = {}
    child = subprocess.Popen([sys.executable, "-m", "mnist_viz"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        for line in child.stdout:
            if "splash shown" in line:
                seen["splash"] = time.perf_counter() - started
            if "window shown" in line:
                seen["window"] = time.perf_counter() - started
            if "ready to train" in line:
                seen["ready"] = time.perf_counter() - started
                seen["stall_ms"] = float(line.split(" blocked ")[1].split(" ms")[0])
                if "first paint: " in line:
                    seen["paint_ms"] = float(line.split("first paint: ")[1].split(" ms")[0])
                return seen
            if time.perf_counter() - started > timeout_s:
                break
        child.wait(timeout=timeout_s)
        message = child.stderr.read().strip().splitlines()
        raise RuntimeError(message[-1] if message else f"the app exited with status {child.returncode}")
    finally:
        if child.poll() is None:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        child.stdout.close()
        child.stderr.close()


def bench_startup(quick: bool) -> list[Result]:
    runs = []
    for _ in range(2 if quick else 4):
        try:
            runs.append(startup_seconds())
        except (RuntimeError, OSError, subprocess.SubprocessError) as err:
            return [Result("start-up: command to window shown", float("nan"), "s", "<= 3", False, str(err))]
    # the best run: the first one warms the disk cache
    window = min(run["window"] for run in runs)
    splash = min(run.get("splash", float("nan")) for run in runs)
    ready = min(run["ready"] for run in runs)
    stall = max(run["stall_ms"] for run in runs)
    paint = max(run.get("paint_ms", 0.0) for run in runs)
    return [
        Result("start-up: command to splash shown (warm cache)", round(splash, 2), "s", "", None,
               "Qt only; says what is loading"),
        Result("start-up: command to main window shown (warm cache)", round(window, 2), "s", "<= 3", window <= 3.0,
               f"runs: {', '.join(format(run['window'], '.2f') for run in runs)}; torch is imported after this"),
        Result("start-up: command to ready to train (torch and MNIST loaded)", round(ready, 2), "s", "<= 3",
               ready <= 3.0, f"import torch alone: {import_seconds('torch'):.2f} s"),
        Result("start-up: longest gui block while torch loads in the background", round(stall), "ms", "<= 100",
               stall <= 100, "worst of the runs: a 10 ms timer's lateness from the loading's start to ready; "
               f"the first paint: {paint:.0f} ms"),
    ]


def import_seconds(module: str) -> float:
    """Seconds a fresh interpreter takes to import ``module`` (minus a bare start)."""
    def timed(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        return time.perf_counter() - started
    return min(timed(f"import {module}") for _ in range(2)) - min(timed("pass") for _ in range(2))


#: What ``--quick`` leaves out unless ``--only`` names it.
FULL_RUN_ONLY = frozenset({"streaming-parts", "omp"})


def run(quick: bool = False, data_dir: str | None = None, only: set[str] | None = None,
        report: Callable[[Result], None] | None = None) -> dict:
    root = mdata.resolve_root(data_dir)
    mnist = mdata.load(root)
    results: list[Result] = []

    def add(rows: list[Result]) -> None:
        for row in rows:
            results.append(row)
            if report:
                report(row)

    plan: list[tuple[str, Callable[[], list[Result]]]] = [
        ("data", lambda: bench_data(root, quick)),
        ("bare", lambda: bench_trainer_vs_bare(mnist, quick)),
        ("streaming", lambda: bench_streaming(mnist, quick)),
        ("streaming-parts", lambda: bench_streaming_parts(mnist, quick)),
        ("cpu", lambda: bench_cpu_efficiency(mnist, quick)),
        ("omp", lambda: bench_omp_wait(root, quick)),
        ("bf16", lambda: bench_bf16(mnist, quick)),
        ("augment", lambda: bench_augmentation(mnist, quick)),
        ("insight", lambda: bench_insight(mnist, quick)),
        ("startup", lambda: bench_startup(quick)),
        ("playground", lambda: bench_layernet(mnist, quick)),
    ]
    try:  # the one direction: bench imports gui.bench, never the other way (both share bench_rows)
        from .gui import bench as gui_bench

        from .gui import bench_replay

        plan += [(name, (lambda f=f: f(mnist, quick))) for name, f in gui_bench.BENCHES]
        plan.append(("replay", lambda: bench_replay.bench_replay(mnist, quick)
                     + bench_replay.bench_loss_history(mnist, quick)))
    except ImportError as err:  # the GUI is optional for the core figures
        add([Result("GUI benchmarks", float("nan"), "", "", None, f"skipped: {err}")])
    if not quick:
        plan.append(("accuracy", lambda: bench_time_to_accuracy(mnist)))
    for name, function in plan:
        if only and name not in only:
            continue
        if quick and not only and name in FULL_RUN_ONLY:
            continue
        add(function())
    return {"machine": machine_info(), "results": [asdict(r) for r in results]}


def format_row(row: Result) -> str:
    verdict = {True: "ok", False: "MISSED", None: ""}[row.ok]
    target = f"(target {row.target})" if row.target else ""
    detail = f"  [{row.detail}]" if row.detail else ""
    return f"{row.name:<70} {row.value:>10} {row.unit:<8} {target:<16} {verdict}{detail}"


def main(quick: bool, as_json: bool, data_dir: str | None, only: set[str] | None = None) -> int:
    report = None if as_json else (lambda row: print(format_row(row), flush=True))
    if not as_json:
        print(json.dumps(machine_info()))
    outcome = run(quick=quick, data_dir=data_dir, only=only, report=report)
    if as_json:
        print(json.dumps(outcome))
    return 0



