"""The GUI's figures for ``mnist-viz bench``: responsiveness, canvas latency, memory.

Each function takes the in-memory MNIST and the ``quick`` flag and returns
:class:`mnist_viz.bench_rows.Result` rows; ``BENCHES`` lists them for ``bench.run``
(this module never imports :mod:`mnist_viz.bench`: that one imports this). They use
the real main window (off screen when there is no display) with the real panels, the
real training worker and real MNIST: what a user's machine does, not a model of it.
"""

from __future__ import annotations

import gc
import os
import time

import numpy as np
import torch
from PySide6.QtCore import QEventLoop, Qt, QThreadPool, QTimer

from ..bench_rows import Result, rss_mb
from ..core import data as mdata
from ..core import events as ev
from ..core.training import PRESETS, TrainConfig, training_threads
from .app import ensure_application
from .main_window import MainWindow
from .threads import wait_for_threads

TIMER_MS = 10

if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen: draw the window off screen


def _run_loop(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _window(mnist: mdata.Mnist, config: TrainConfig) -> MainWindow:
    ensure_application()
    window = MainWindow(data=mnist, persist=False, load_data=False)
    window.controls.set_config(config)
    window.resize(1366, 768)
    window.show()
    _run_loop(0.5)  # the first show arranges the docks
    return window


def _close(window: MainWindow) -> None:
    window.controller.stop()
    window.close()
    window.deleteLater()
    wait_for_threads(10.0)
    _run_loop(0.2)
    gc.collect()


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def timer_lateness_while_training(mnist: mdata.Mnist, config: TrainConfig, threads: int,
                                  seconds: float) -> tuple[list[float], float]:
    """Lateness (ms) of every tick of a 10 ms timer while the window trains ``config``
    with ``threads`` torch threads, and the training throughput (samples/s) meanwhile."""
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    window = _window(mnist, config)
    steps: list[ev.StepDone] = []
    window.controller.steps.connect(steps.extend)
    lateness: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        if last[0]:
            lateness.append(max(0.0, (now - last[0]) * 1000 - TIMER_MS))
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    try:
        window.start_training()
        _run_loop(1.5)  # warm-up: first steps, first snapshots, layouts settle
        lateness.clear()
        first = len(steps)
        timer.start(TIMER_MS)
        started = time.perf_counter()
        _run_loop(seconds)
        elapsed = time.perf_counter() - started
        timer.stop()
        samples = (len(steps) - first) * config.batch_size
        return lateness, samples / elapsed
    finally:
        _close(window)
        torch.set_num_threads(previous)


def bench_gui_responsiveness(mnist: mdata.Mnist, quick: bool) -> list[Result]:
    config = PRESETS["tutorial-cnn"]
    seconds = 8.0 if quick else 20.0
    chosen = training_threads(gui=True)
    every = os.cpu_count() or 1
    settings = sorted({chosen, every})
    measured = {}
    for threads in settings:
        measured[threads] = timer_lateness_while_training(mnist, config, threads, seconds)
    lateness, throughput = measured[chosen]
    p99, worst = percentile(lateness, 99), max(lateness, default=float("nan"))
    rows = [
        Result("GUI under load: 10 ms timer lateness p99 (CNN training, all panels)", round(p99, 1), "ms", "<= 30",
               p99 <= 30, f"{chosen} torch thread(s); {len(lateness)} ticks in {seconds:g} s"),
        Result("GUI under load: 10 ms timer lateness max", round(worst, 1), "ms", "<= 100", worst <= 100),
    ]
    if every != chosen:
        other_lateness, other_throughput = measured[every]
        rows.append(Result(f"thread choice: training throughput with {chosen} vs {every} torch threads (GUI open)",
                           round(throughput / other_throughput, 3), "ratio", "", None,
                           f"{throughput:.0f} vs {other_throughput:.0f} samples/s; with {every} threads the timer's "
                           f"p99 is {percentile(other_lateness, 99):.1f} ms, max "
                           f"{max(other_lateness, default=float('nan')):.1f} ms"))
    else:
        rows.append(Result(f"training throughput in the window ({chosen} torch threads)", round(throughput), "samples/s",
                           "", None))
    return rows


def bench_canvas_latency(mnist: mdata.Mnist, quick: bool) -> list[Result]:
    """Drawing to probabilities with the pretrained CNN: from the moment the (debounced)
    prediction starts to the probabilities drawn; the attribution follows separately."""
    from .panels.canvas import DEBOUNCE_MS, CanvasPanel

    ensure_application()
    panel = CanvasPanel()
    panel.resize(700, 400)
    panel.show()
    panel.set_source(("pretrained", "cnn"))
    first: list[float] = []
    complete: list[float] = []
    state: dict = {}
    loop = QEventLoop()

    def shown(result) -> None:
        if result is None or result.probabilities is None or "started" not in state:
            return
        elapsed = (time.perf_counter() - state["started"]) * 1000
        if "first" not in state:
            state["first"] = elapsed
        if result.complete:
            state["complete"] = elapsed
            loop.quit()

    panel.prediction_shown.connect(shown)
    count = 30 if quick else 100
    images = mnist.test.images[:count + 3].numpy().astype(np.float32) / 255.0
    try:
        for index, image in enumerate(images):
            panel.canvas.set_background(np.kron(image, np.ones((10, 10), dtype=np.float32)))
            panel._debounced_start.cancel()  # time the work, not the deliberate pause for the pen
            state.clear()
            QThreadPool.globalInstance().waitForDone(5000)
            state["started"] = time.perf_counter()
            panel._start_prediction()
            QTimer.singleShot(10_000, loop.quit)
            loop.exec()
            if index >= 3 and "first" in state:  # the first ones load the model
                first.append(state["first"])
                complete.append(state.get("complete", float("nan")))
    finally:
        panel.shutdown()
        panel.close()
        panel.deleteLater()
        _run_loop(0.1)
    p50, p99 = percentile(first, 50), percentile(first, 99)
    return [
        Result("canvas: drawing to probabilities, CNN, p50", round(p50, 1), "ms", "", None,
               f"{len(first)} digits; plus the {DEBOUNCE_MS} ms pause that waits for the pen to stop"),
        Result("canvas: drawing to probabilities, CNN, p99", round(p99, 1), "ms", "<= 30", p99 <= 30),
        Result("canvas: ... and the Integrated Gradients overlay too, p50", round(percentile(complete, 50), 1), "ms", "",
               None),
    ]


def bench_memory(mnist: mdata.Mnist, quick: bool) -> list[Result]:
    """RSS growth over a long softmax run streamed at the fastest snapshot rate."""
    from .hub import SNAPSHOT_RATES

    steps = 5_000 if quick else 20_000
    config = PRESETS["tutorial-softmax"].replace(steps=steps + 500, eval_every=500)
    window = _window(mnist, config)
    window.set_snapshot_rate(max(SNAPSHOT_RATES))
    done: list[int] = [0]
    marks: dict[str, float] = {}

    def on_steps(events: list[ev.StepDone]) -> None:
        done[0] = events[-1].step
        if "start" not in marks and done[0] >= 500:
            gc.collect()
            marks["start"] = rss_mb()

    window.controller.steps.connect(on_steps)
    loop = QEventLoop()
    window.controller.state_changed.connect(lambda state: loop.quit() if state == "idle" else None)
    started = time.perf_counter()
    try:
        window.start_training()
        QTimer.singleShot(600_000, loop.quit)
        loop.exec()
        _run_loop(0.3)
        gc.collect()
        growth = rss_mb() - marks.get("start", float("nan"))
    finally:
        _close(window)
    return [Result(f"memory: RSS growth over {steps:,} softmax steps streamed at {max(SNAPSHOT_RATES):g}/s",
                   round(growth, 1), "MB", "<= 50", growth <= 50,
                   f"{done[0]:,} steps in {time.perf_counter() - started:.0f} s, all panels visible")]


def bench_idle_probe(mnist: mdata.Mnist, quick: bool) -> list[Result]:
    """Nothing trains: a new probe typed into the feature maps' spin box, to the maps and the
    probabilities drawn for it (the view state's inspector, off the GUI thread), for a run
    that has ended, each model in the window at 1366x768."""
    rows: list[Result] = []
    changes = 15 if quick else 40
    for model, config in (("softmax", PRESETS["tutorial-softmax"].replace(steps=50, eval_every=0)),
                          ("cnn", PRESETS["fast-cnn"].replace(steps=5, eval_every=0))):
        window = _window(mnist, config.replace(device="cpu"))
        try:
            window.start_training()
            deadline = time.monotonic() + 120
            while (window.controller.running or window.view_state.weights is None
                   or not window.view_state.weights.frozen) and time.monotonic() < deadline:
                _run_loop(0.05)
            dock = window.docks["feature_maps"]
            dock.show()
            dock.raise_()
            _run_loop(0.3)
            panel = window.panels["feature_maps"]
            times: list[float] = []
            for k in range(changes):
                index = 1 + 97 * k % (len(mnist.test) - 1)
                started = time.perf_counter()
                panel.index_spin.setValue(index)
                label = f"test #{index}:"
                while label not in panel.probe_label.text() and time.perf_counter() - started < 10:
                    _run_loop(0.002)
                times.append((time.perf_counter() - started) * 1000)
        finally:
            _close(window)
        p95 = percentile(times, 95)
        rows.append(Result(f"idle probe change to every map drawn, {model}, p95", round(p95, 1), "ms", "<= 150",
                           p95 <= 150, f"median {percentile(times, 50):.1f} ms over {len(times)} probes"))
    return rows


BENCHES = [
    ("gui", bench_gui_responsiveness),
    ("canvas", bench_canvas_latency),
    ("probe", bench_idle_probe),
    ("memory", bench_memory),
]
