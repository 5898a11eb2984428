"""The bench's streaming and CPU-efficiency rows (issue 18 items 2-3): what they measure and how
they report it (names, targets, notes). Timings are never judged: the work is faked where only the
report is under test, and the one real profile checks its accounting, not its speed."""

from __future__ import annotations

import pytest
import torch

from mnist_viz import bench, bench_profile
from mnist_viz.core import data, stats
from mnist_viz.core.models import build_model, training_flops_per_sample
from mnist_viz.core.training import BATCH_PART, PRESETS


def test_the_streamed_run_observes_what_every_visible_panel_draws(monkeypatch):
    """The streaming rows stream the weights, the probe's activations, the distributions (the
    history panel: observed during any run) and the batch (the Data panel), at the window's rate;
    the rows keep the names the README and the issue use."""
    observed = []

    def fake_throughput(config, mnist, steps, parts=frozenset(), rate=15.0, augment=None):
        observed.append((config.model, frozenset(parts), rate))

        def measure():
            measure.snapshot_shares.append(0.01)
            return 100.0 if not parts else 97.0
        measure.snapshot_shares = []
        return measure

    monkeypatch.setattr(bench, "trainer_throughput", fake_throughput)
    rows = bench.bench_streaming(None, quick=True)
    assert [row.name for row in rows] == ["streaming overhead cnn: throughput streamed / unobserved",
                                          "streaming overhead softmax: throughput streamed / unobserved"]
    assert all(row.target == ">= 0.95" and row.ok and row.value == 0.97 and "load" in row.detail
               and "snapshots took 1.0% of the streamed run's time" in row.detail for row in rows)
    streamed = {model: parts for model, parts, rate in observed if parts}
    cnn = build_model("cnn")
    assert streamed["cnn"] == set(cnn.weight_parts) | set(cnn.activation_parts) | {stats.PART, BATCH_PART}
    assert {"softmax_weights", "evidence", stats.PART, BATCH_PART} <= streamed["softmax"]
    assert {rate for _, parts, rate in observed if parts} == {15.0}


def test_each_group_of_streamed_parts_is_measured_alone(real_mnist, monkeypatch):
    """--only streaming-parts: one row per group (weight copies, probe activations, distributions,
    batch), each observed alone; together the groups are the whole streamed set."""
    groups = bench.streaming_groups("cnn")
    assert frozenset().union(*groups.values()) == bench.panel_parts("cnn")
    observed = []

    def fake_throughput(config, mnist, steps, parts=frozenset(), rate=15.0, augment=None):
        observed.append(frozenset(parts))
        return lambda: 100.0 - len(parts)

    monkeypatch.setattr(bench, "trainer_throughput", fake_throughput)
    small = data.Mnist(train=real_mnist.train.subset(300), test=real_mnist.test.subset(100), root=real_mnist.root)
    rows = bench.bench_streaming_parts(small, quick=True, steps=1, rounds=1, calls=1)
    assert observed == [frozenset()] + list(groups.values())
    assert [row.name for row in rows] == [f"streaming part cnn: {name} alone, throughput / unobserved"
                                          for name in groups]
    assert all(row.value > 0 and "one snapshot" in row.detail and "load" in row.detail for row in rows)
    assert "streaming-parts" in bench.FULL_RUN_ONLY


def fake_profile(ceiling_ms: float) -> bench_profile.StepProfile:
    rows = [bench_profile.OpRow("aten::convolution_backward", "50x64x14x14 50x32x14x14", 1, 20.0, flops=2e9,
                                alone_ms=ceiling_ms, kind="conv"),
            bench_profile.OpRow("aten::copy_", "50x64x7x7", 2, 2.0, bytes=1e6)]
    return bench_profile.StepProfile(rows=rows, step_ms=30.0, profiled_ms=22.0, sgemm_gflops=130.0,
                                     bandwidth_gbs=10.0, flops_per_step=2e9, threads=2)


@pytest.mark.parametrize("rate, met", [(80.0, False), (120.0, True)])
def test_the_cpu_efficiency_row_has_the_issues_target_and_says_why_when_missed(monkeypatch, rate, met):
    profile = fake_profile(ceiling_ms=17.0)
    monkeypatch.setattr(bench, "sgemm_gflops", lambda: 100.0)
    flops = training_flops_per_sample(build_model("cnn"))
    monkeypatch.setattr(bench, "trainer_throughput", lambda *a, **k: (lambda: rate * 1e9 / flops))
    monkeypatch.setattr(bench_profile, "profile_step", lambda mnist, steps: profile)
    monkeypatch.setattr(bench, "bench_cpu_levers", lambda *a: [])
    rows = {row.name: row for row in bench.bench_cpu_efficiency(None, quick=True)}
    row = rows["CPU efficiency: CNN training rate / sgemm rate"]
    assert row.target == ">= 0.85" and row.ok is met and row.value == pytest.approx(rate / 100, abs=1e-3)
    assert ("missed" in row.detail and "0.90 of sgemm" in row.detail) is not met
    ceiling = rows["CPU efficiency ceiling: the step's products and convolutions as fast as alone, the rest free"]
    assert ceiling.value == pytest.approx(2e9 / 17.0 / 1e6 / 130.0, abs=1e-3)
    assert {"sgemm rate (2048x2048 float32 matmul)", "CNN training FLOP rate (batch 50, the app's Trainer)"} <= set(rows)


def test_the_step_profile_counts_the_cnns_flops_op_by_op(real_mnist):
    """The profile's products and convolutions add up to the CNN's training FLOPs (82 MFLOP a
    sample): every one of them was found, given its shape and timed alone at that shape."""
    small = data.Mnist(train=real_mnist.train.subset(300), test=real_mnist.test.subset(100), root=real_mnist.root)
    profile = bench_profile.profile_step(small, steps=1, warmup=1)
    expected = training_flops_per_sample(build_model("cnn")) * PRESETS["tutorial-cnn"].batch_size
    # every product and convolution, however short (fc2's and conv1's fell into "the rest" now and then)
    assert sum(row.flops for row in profile.compute_rows) == pytest.approx(expected, rel=1e-6)
    kinds = {row.name: row.kind for row in profile.compute_rows}
    assert kinds.get("aten::convolution_backward") == "conv" and kinds.get("aten::mkldnn_convolution") == "conv"
    assert all(row.alone_ms and row.alone_ms > 0 for row in profile.compute_rows)
    assert 0 < profile.library_ceiling and profile.step_ms > 0 and profile.rows[-1].name == "the rest"
    table = bench_profile.format_table(profile)
    assert "library ceiling" in table and "convolution_backward" in table
    assert torch.get_num_threads() == profile.threads


def test_the_openmp_rows_run_each_setting_in_a_process_of_its_own(monkeypatch):
    """OpenMP reads its settings when torch loads: each setting is a fresh process with that
    environment, measured against one with none of them; `--quick` runs them only when asked."""
    import subprocess

    seen = []

    def fake_run(command, env, **kwargs):
        policy = env.get("OMP_WAIT_POLICY"), env.get("GOMP_SPINCOUNT")
        seen.append(policy)
        rate = {("PASSIVE", None): 300.0, (None, "10000"): 200.0}.get(policy, 100.0)
        return subprocess.CompletedProcess(command, 0, stdout=f"{rate}\n", stderr="")

    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    monkeypatch.setattr(bench.subprocess, "run", fake_run)
    rows = bench.bench_omp_wait(None, quick=True, steps=1, rounds=1)
    assert seen == [(None, None), ("PASSIVE", None), (None, "10000")]
    assert [(row.name, row.value) for row in rows] == [
        ("lever: OMP_WAIT_POLICY=PASSIVE vs OpenMP's default (CNN samples/s, a process each)", 3.0),
        ("lever: GOMP_SPINCOUNT=10000 vs OpenMP's default (CNN samples/s, a process each)", 2.0)]
    assert "omp" in bench.FULL_RUN_ONLY
