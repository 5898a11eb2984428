"""The GUI's benchmark figures can be measured (their values are never judged here)."""

from __future__ import annotations

import math

from mnist_viz import bench
from mnist_viz.gui import bench as gui_bench


def test_gui_benches_are_registered_for_the_bench_command():
    benches = dict(gui_bench.BENCHES)
    assert {"gui", "canvas", "memory"} <= set(benches)
    assert all(callable(run) for run in benches.values())


def test_canvas_latency_is_measured_with_the_real_panel(qtbot, mnist_small):
    rows = gui_bench.bench_canvas_latency(mnist_small, quick=True)
    by_name = {row.name: row for row in rows}
    p50 = next(row for name, row in by_name.items() if name.endswith("p50") and "overlay" not in name)
    p99 = next(row for name, row in by_name.items() if name.endswith("p99"))
    assert math.isfinite(p50.value) and 0 < p50.value <= p99.value
    assert p99.target == "<= 30" and p99.ok == (p99.value <= 30)  # "met" says what the figure says


def test_startup_is_timed_to_the_splash_the_main_window_and_ready_to_train(real_mnist, monkeypatch, tmp_path):
    monkeypatch.setenv("MNIST_VIZ_DATA", str(real_mnist.root))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # the child must not touch the user's settings
    seen = bench.startup_seconds(timeout_s=120)
    assert 0 < seen["splash"] < seen["window"] < seen["ready"]
    assert seen["stall_ms"] >= 0


def test_the_idle_probe_change_is_measured_in_the_real_window(qtbot, mnist_small):
    rows = gui_bench.bench_idle_probe(mnist_small, quick=True)
    assert [row.name for row in rows] == ["idle probe change to every map drawn, softmax, p95",
                                          "idle probe change to every map drawn, cnn, p95"]
    for row in rows:
        assert math.isfinite(row.value) and row.value > 0 and row.ok == (row.value <= 150)
        assert "over 15 probes" in row.detail
