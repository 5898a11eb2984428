"""`mnist-viz bench` runs and reports in the documented JSON shape (never judged on timings)."""

import ast
import json
import os
from pathlib import Path

import pytest

from mnist_viz import bench, bench_rows, cli
from mnist_viz.core import data


def test_bench_json_has_machine_and_results(capsys):
    root = data.resolve_root(None)
    if data.missing_files(root):
        pytest.skip(f"real MNIST is not in {root} (set MNIST_VIZ_DATA)")
    assert cli.main(["bench", "--quick", "--json", "--only", "data"]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["machine"]["cores"] == os.cpu_count()
    names = [row["name"] for row in report["results"]]
    assert any("load full MNIST" in name for name in names)
    for row in report["results"]:
        assert set(row) >= {"name", "value", "unit", "target", "ok"}


def test_bench_without_data_is_one_line(tmp_path: Path, capsys):
    assert cli.main(["--data-dir", str(tmp_path), "bench", "--quick"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(tmp_path) in err


def imported_names(path: Path) -> set[str]:
    """Every module (and module.name) a file imports, anywhere in it; relative ones keep their dots."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            names.add(module)
            names.update(module + ("." if node.module else "") + alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_bench_modules_import_one_way():
    """bench imports gui.bench (to add the GUI's figures); gui.bench never imports bench,
    not even inside a function: both take their row type from the Qt-free bench_rows."""
    package = Path(bench.__file__).parent
    gui_imports = imported_names(package / "gui" / "bench.py")
    assert not gui_imports & {"..bench", "mnist_viz.bench"}
    assert "..bench_rows" in gui_imports
    assert ".gui.bench" in imported_names(package / "bench.py")
    rows_imports = imported_names(package / "bench_rows.py")
    assert not {name for name in rows_imports if name.startswith((".", "torch", "PySide6", "mnist_viz"))}
    assert bench.Result is bench_rows.Result and bench.rss_mb is bench_rows.rss_mb


def test_bench_has_the_augmentation_row_well_formed(real_mnist, monkeypatch):
    """The augmentation row: samples/s with and without augmentation, measured side by side,
    and their ratio (its value is never judged here); `bench --only augment` runs it."""
    rows = bench.bench_augmentation(real_mnist, quick=True, steps=2)
    cnn = next(row for row in rows if row.name.startswith("augmentation throughput cnn"))
    assert cnn.unit == "ratio" and cnn.value > 0 and cnn.target == ">= 0.8" and cnn.ok == (cnn.value >= 0.8)
    assert "samples/s" in cnn.detail and " vs " in cnn.detail
    assert any(row.name.startswith("augmentation throughput softmax") for row in rows)
    monkeypatch.setattr(bench, "bench_augmentation", lambda mnist, quick: rows)
    report = bench.run(quick=True, only={"augment"})
    assert [row["name"] for row in report["results"] if row["name"].startswith("augmentation")] == \
        [row.name for row in rows]


def test_bench_times_every_explanation_and_the_embedding_of_the_shipped_models(real_mnist):
    """Issue 16: each method's time per image for both shipped models (Grad-CAM for the CNN
    only: softmax regression has no convolution layer), and the embedding's."""
    rows = {row.name: row for row in bench.bench_insight(real_mnist, quick=True)}
    for model in ("softmax", "cnn"):
        for method in ("saliency", "integrated-gradients", "occlusion"):
            row = rows[f"insight: explain {method}, {model}, per image"]
            assert row.unit == "ms" and row.value > 0
        assert rows[f"insight: embedding of 500 test images, {model}"].value > 0
    assert "insight: explain gradcam, cnn, per image" in rows
    assert "insight: explain gradcam, softmax, per image" not in rows


def test_the_lever_rows_switch_the_levers_the_trainer_uses(real_mnist, monkeypatch):
    """The bench's lever rows (bare loop, ``levers=...``) compute through core.levers, as the
    Trainer does: with a lever on its function runs at each step, off it does not, and the
    switches are as they were afterwards. A bare loop on model(x) would time the same
    forward for "all levers" and "all but one", and its rows would say nothing."""
    from mnist_viz.core import levers
    from mnist_viz.core.training import PRESETS

    calls = []
    original = levers.TransposedLinear.apply
    monkeypatch.setattr(levers.TransposedLinear, "apply", lambda *a: calls.append(1) or original(*a))
    pools = []
    original_pool = levers.max_pool
    monkeypatch.setattr(levers, "max_pool", lambda x, kernel=2, nhwc=True: pools.append(nhwc)
                        or original_pool(x, kernel, nhwc))
    small = data.Mnist(train=real_mnist.train.subset(500), test=real_mnist.test.subset(100), root=real_mnist.root)
    saved = dict(levers.CPU_LEVERS)
    config = PRESETS["tutorial-cnn"]
    rate = bench.bare_loop_throughput(config, small, steps=1, levers=bench.lever_settings(True))()
    assert rate > 0 and len(calls) == 4 and set(pools) == {True}  # 3 warm-up steps + 1
    calls.clear(), pools.clear()
    bench.bare_loop_throughput(config, small, steps=1, levers=bench.lever_settings(True, fc1_transposed=False,
                                                                                   channels_last=False))()
    assert calls == [] and set(pools) == {False}
    assert levers.CPU_LEVERS == saved


def test_met_says_what_the_figure_shown_says():
    """A p99 of 30.04 ms is shown as 30.0 and meets '<= 30' (CI once printed 30.0 MISSED)."""
    from mnist_viz.bench_rows import Result

    assert Result("p99", round(30.04, 1), "ms", "<= 30", 30.04 <= 30).ok is True
    assert Result("p99", 30.1, "ms", "<= 30", True).ok is False
    assert Result("ratio", 0.95, "ratio", ">= 0.95", False).ok is True
    assert Result("open", float("nan"), "s", "<= 1", False).ok is False  # not measured: not met
    assert Result("sgemm", 118.9, "GFLOP/s", "", None).ok is None  # no target: no verdict
