"""`mnist-viz bench` runs and reports in the documented JSON shape (never judged on timings)."""

import json
import os
from pathlib import Path

import pytest

from mnist_viz import cli
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
