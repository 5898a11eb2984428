"""``mnist-viz sweep`` (issue 14 item 6): every combination of the values given, each run a real
``mnist-viz train --record DIR/<name>`` in a child process, several at a time; Ctrl+C stops
them all and says which had finished; a run already recorded is skipped, a folder holding
anything else is never overwritten; bad options fail in one line before anything runs; the
same runs as Ray tasks on a local Ray instance (skipped without Ray); File > Runs... lists a
sweep's runs with what differs, and overlays them.

The runs train softmax for a few dozen steps on a small part of the real MNIST (2,000
training and 500 test images, written as IDX files into a folder of their own).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from mnist_viz import cli, sweep_cli
from mnist_viz.core import sweep
from mnist_viz.core.recording import Recording
from mnist_viz.core.runs import FINISHED, list_runs, read_run
from tests.mnist_files import idx_images, idx_labels

#: A finished run, and one stopped by Ctrl+C part-way (it asks for a million steps).
SHORT, LONG = "steps=30", "steps=1000000"


def run_sweep(*argv: str) -> int:
    """``mnist-viz sweep ARGV`` in this process: through mnist_viz.cli's main once the sweep is
    wired into it; until then, wired here by the same lines."""
    parser = cli.build_parser()
    sub = parser._subparsers._group_actions[0]
    if "sweep" in sub.choices:
        return cli.main(["sweep", *argv])
    sweep_cli.add_sweep_parser(sub)
    args = parser.parse_args(["sweep", *argv])
    data_dir = getattr(args, "data_dir_sub", None) or args.data_dir
    args.dataset = getattr(args, "dataset_sub", None) or args.dataset
    try:
        return sweep_cli.command_sweep(args, data_dir, train_config=cli.train_config_from_args)
    except cli.UsageError as err:
        print(f"mnist-viz: error: {' '.join(str(err).split())}", file=sys.stderr)
        return cli.EXIT_USAGE


def error_line(capsys, *argv: str) -> str:
    """The one line of a sweep refused before it starts (exit code 2, nothing on stdout, no traceback)."""
    try:
        code = run_sweep(*argv)
    except SystemExit as exit_:  # argparse's own one-line error
        code = exit_.code
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture(scope="module")
def small_mnist(real_mnist, tmp_path_factory) -> Path:
    """A data folder holding the first 2,000 training and 500 test images of the real MNIST."""
    from mnist_viz.core import data

    root = tmp_path_factory.mktemp("small-mnist")
    raw = data.raw_folder(root)
    raw.mkdir(parents=True)
    for split, count in (("train", 2000), ("test", 500)):
        part = getattr(real_mnist, split).subset(count)
        images, labels = data.SPLIT_FILES[split]
        (raw / images).write_bytes(idx_images(part.images.numpy()))
        (raw / labels).write_bytes(idx_labels(part.labels.numpy()))
    return root


def settings(small_mnist: Path) -> list[str]:
    return ["--model", "softmax", "--optimizer", "sgd", "--eval-every", "10", "--record-every", "10",
            "--data-dir", str(small_mnist)]


@pytest.fixture(scope="module")
def interrupted_sweep(small_mnist, tmp_path_factory):
    """A sweep of two runs at a time (30 steps, and a million), Ctrl+C once the short one has
    finished and the long one has trained a while. Returns (folder, exit code, stdout, stderr)."""
    import contextlib
    import io

    folder = tmp_path_factory.mktemp("sweep") / "runs"

    out, err = io.StringIO(), io.StringIO()
    watcher = press_ctrl_c_when(lambda: f'"run": "{SHORT}"' in out.getvalue() and read_run(folder / LONG).steps >= 20)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run_sweep(*settings(small_mnist), "--lr", "0.05", "--steps", "30", "1000000", "--jobs", "2",
                             "--record-dir", str(folder), "--json")
    finally:
        watcher.join(5)
    return folder, code, out.getvalue(), err.getvalue()


class press_ctrl_c_when(threading.Thread):  # noqa: N801 - reads as what it does
    """SIGINT to this process, as the terminal sends it, once ``condition()`` holds (or after 4
    minutes), unless :meth:`join` (the sweep returned) comes first: then nothing is sent, so a
    sweep that failed early fails its test instead of interrupting the whole test session."""

    def __init__(self, condition) -> None:
        super().__init__(daemon=True)
        self.condition, self.done = condition, threading.Event()
        # SIGINT raises KeyboardInterrupt, as in a terminal: a pytest-xdist worker starts with
        # SIGINT ignored (its controller handles Ctrl+C), and the signal sent below would do nothing.
        self.previous_handler = signal.signal(signal.SIGINT, signal.default_int_handler)
        self.start()

    def run(self) -> None:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not self.done.is_set():
            try:
                if self.condition():
                    break
            except Exception:  # noqa: BLE001 - not written yet
                pass
            time.sleep(0.2)
        if not self.done.is_set():
            os.kill(os.getpid(), signal.SIGINT)

    def join(self, timeout: float | None = None) -> None:
        self.done.set()
        super().join(timeout)
        signal.signal(signal.SIGINT, self.previous_handler)


def test_ctrl_c_stops_every_run_and_says_which_had_finished(interrupted_sweep):
    folder, code, out, err = interrupted_sweep
    assert code == 130, err
    assert "2 at a time, 1 torch thread each" in err  # two cores: two runs side by side, a core each
    said = err.strip().splitlines()[-1]
    assert said.startswith("mnist-viz: sweep interrupted (Ctrl+C); finished: steps=30; stopped: steps=1000000 "
                            "(their recordings keep the steps trained); to run the rest, remove the stopped runs' "
                            "folders and run the same command again (the finished runs are skipped)")
    # --json: an object per run as it ends: train's summary, its folder, how it ended
    finished, stopped = [json.loads(line) for line in out.splitlines()]
    assert stopped["run"] == LONG and stopped["status"] == "interrupted" and stopped["values"] == {"steps": "1000000"}
    assert finished["run"] == SHORT and finished["status"] == "finished" and finished["values"] == {"steps": "30"}
    assert finished["recording"] == str(folder / SHORT) and finished["steps"] == 30
    # both recordings open with the reader; the stopped one keeps the steps it trained
    short, long = Recording.open(folder / SHORT), Recording.open(folder / LONG)
    assert finished["test_accuracy"] == pytest.approx(float(short.evaluations["test_accuracy"][-1]))
    assert short.manifest["finished"] == "completed" and len(short.metrics["step"]) == 30
    # (train --record, stopped by Ctrl+C, leaves "finished" unset: the recording says it did not complete)
    assert long.manifest["finished"] != "completed" and 20 <= len(long.metrics["step"]) < 1_000_000
    assert stopped["steps"] == len(long.metrics["step"]) and stopped["recording"] == str(folder / LONG)
    # stopped as train stops on Ctrl+C (not killed): its own last words
    assert stopped["message"].startswith("stopped by SIGTERM at step ") and "temporary files were removed" in stopped["message"]
    for recording, steps in ((short, 30), (long, 1_000_000)):
        config = recording.manifest["config"]
        assert (config["model"], config["optimizer"], config["learning_rate"], config["steps"]) == (
            "softmax", "sgd", 0.05, steps)


def test_the_same_sweep_again_skips_what_was_recorded_and_overwrites_nothing(interrupted_sweep, small_mnist,
                                                                            capsys, tmp_path):
    folder = tmp_path / "runs"
    shutil.copytree(interrupted_sweep[0], folder)
    before = {path: path.stat().st_mtime_ns for path in folder.rglob("*")}
    again = [*settings(small_mnist), "--lr", "0.05", "--steps", "30", "1000000", "--record-dir", str(folder)]
    # the stopped run's folder is not empty: refused, saying which folder and what to do
    line = error_line(capsys, *again)
    assert f"cannot record to {folder / LONG}: the folder is not empty" in line and "remove it to run it again" in line
    # settings other than those recorded: refused too (the names say only what differs in the sweep)
    line = error_line(capsys, *settings(small_mnist), "--lr", "0.01", "--steps", "30", "1000000",
                      "--record-dir", str(folder))
    assert f"{folder / SHORT} holds a run of other settings (learning_rate 0.05, not 0.01)" in line
    assert {path: path.stat().st_mtime_ns for path in folder.rglob("*")} == before
    # with the stopped run's folder removed, the same sweep runs only that one
    shutil.rmtree(folder / LONG)
    assert run_sweep(*again, "--dry-run") == 0
    out, _ = capsys.readouterr()
    lines = dict(line.split("\t", 1) for line in out.strip().splitlines())
    assert lines[SHORT].endswith("(skipped, recorded before)") and "skipped" not in lines[LONG]


def test_every_combination_is_planned_and_named_by_what_differs(capsys, tmp_path):
    code = run_sweep("--model", "softmax", "--lr", "1e-4", "1e-3", "--seed", "1", "2", "--optimizer", "adam",
                     "--no-download", "--record-dir", str(tmp_path / "runs"), "--dry-run")
    out, _ = capsys.readouterr()
    assert code == 0
    runs = [line.split("\t") for line in out.strip().splitlines()]
    assert [name for name, _ in runs] == ["lr=1e-4,seed=1", "lr=1e-4,seed=2", "lr=1e-3,seed=1", "lr=1e-3,seed=2"]
    for name, command in runs:
        lr, seed = (part.split("=")[1] for part in name.split(","))
        assert command == (f"mnist-viz train --model softmax --optimizer adam --no-download --lr {lr} --seed {seed} "
                           f"--record {shlex.quote(str(tmp_path / 'runs' / name))}")
    assert not (tmp_path / "runs").exists()  # nothing written
    # an architecture's commas do not end up in a name that separates settings by commas
    run_sweep("--arch", "fc-10", "fc-32,relu,fc-10", "--record-dir", str(tmp_path / "runs"), "--dry-run")
    out, _ = capsys.readouterr()
    assert [line.split("\t")[0] for line in out.strip().splitlines()] == ["arch=fc-10", "arch=fc-32+relu+fc-10"]


def test_bad_options_fail_in_one_line_before_anything_runs(capsys, tmp_path):
    where = ["--record-dir", str(tmp_path / "runs")]
    assert error_line(capsys, "--lr", "1e-3", "-1", *where).endswith(
        "argument --lr: must be a positive number, not -1 (see mnist-viz sweep --help)")
    assert "invalid int value: 'two'" in error_line(capsys, "--seed", "1", "two", *where)
    assert "invalid choice: 'adagrad'" in error_line(capsys, "--optimizer", "sgd", "adagrad", *where)
    assert "unrecognized arguments: --frobnicate" in error_line(capsys, "--frobnicate", "3", *where)
    assert "not allowed with argument --model" in error_line(capsys, "--model", "softmax", "--arch", "fc-10", *where)
    assert "the following arguments are required: --record-dir" in error_line(capsys, "--lr", "1e-3")
    assert error_line(capsys, "--lr", "1e-3", "0.001", *where) == (
        "mnist-viz: error: --lr: 1e-3 and 0.001 are the same value; give each value once")
    # a combination train itself would refuse: named, train's own words
    line = error_line(capsys, "--preset", "tutorial-cnn", "--model", "cnn", "softmax", *where)
    assert line == ("mnist-viz: error: run model=softmax: preset tutorial-cnn trains the cnn model, not softmax; "
                    "drop --model, choose a softmax preset, or give the network as --arch")
    assert error_line(capsys, "--arch", "fc-10", "bogus-3,fc-10", *where).startswith(
        "mnist-viz: error: run arch=bogus-3+fc-10: --arch: unknown layer 'bogus-3' (layer 1)")
    # a run that would not fit in memory, as train refuses it (a batch of five million CNN images: ~2 TB)
    assert error_line(capsys, "--model", "cnn", "--batch-size", "50", "5000000", *where).startswith(
        "mnist-viz: error: run batch-size=5000000: a CNN batch of 5,000,000 needs about")
    assert not (tmp_path / "runs").exists()


def test_ray_missing_says_how_to_install_it(capsys, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray fails, as without the extra
    line = error_line(capsys, "--lr", "1e-3", "1e-2", "--record-dir", str(tmp_path / "runs"), "--ray", "local")
    assert line == "mnist-viz: error: --ray needs Ray, an optional extra: pip install 'mnist-viz[ray]'"


def test_runs_share_the_cores():
    assert sweep.share(runs=6, jobs=None, threads=None, cpus=2) == (2, 1)
    assert sweep.share(runs=1, jobs=None, threads=None, cpus=8) == (1, 8)
    assert sweep.share(runs=3, jobs=None, threads=None, cpus=8) == (3, 2)
    assert sweep.share(runs=6, jobs=4, threads=None, cpus=16) == (4, 4)
    assert sweep.share(runs=6, jobs=None, threads=4, cpus=16) == (4, 4)


def test_the_runs_dialog_lists_a_sweep_with_what_differs_and_overlays_it(interrupted_sweep, qtbot):
    """File > Runs... on a sweep's folder: its runs, the swept setting as a column, both drawn."""
    from PySide6.QtCore import Qt

    from mnist_viz.gui.runs_dialog import RunsDialog

    folder = interrupted_sweep[0]
    listing = list_runs(folder)
    assert [run.name for run in listing.runs] == [LONG, SHORT] and listing.differing == ("steps",)
    assert listing.runs[1].state == FINISHED and listing.runs[0].readable
    drawn = []
    dialog = RunsDialog(None, overlay=drawn.append, replay=lambda path: True, persist=False)
    qtbot.addWidget(dialog)
    assert dialog.choose_folder(folder)
    model = dialog.sorted
    headers = [model.headerData(k, Qt.Orientation.Horizontal) for k in range(model.columnCount())]
    assert headers == ["Run", "Model", "Data set", "Steps asked", "Test accuracy", "Steps", "Duration", "State"]
    rows = {model.index(row, 0).data(): [model.index(row, k).data() for k in range(len(headers))]
            for row in range(model.rowCount())}
    assert rows[SHORT][3:6] == ["30", rows[SHORT][4], "30"] and rows[LONG][3] == "1000000"
    for row in range(model.rowCount()):
        model.setData(model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert sorted(curves.name for curves in drawn[-1]) == [LONG, SHORT]
    assert {curves.name: len(curves.step) for curves in drawn[-1]}[SHORT] == 30


def test_a_sweep_runs_as_ray_tasks_on_a_local_ray_instance(small_mnist, tmp_path, capsys):
    """--ray: the same runs as Ray tasks (here on a local instance of two CPUs), recorded into the folder."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'mnist-viz[ray]')")
    folder = tmp_path / "runs"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        code = run_sweep(*settings(small_mnist), "--steps", "30", "--lr", "0.05", "0.005", "--record-dir", str(folder),
                         "--ray", "local")
        out, err = capsys.readouterr()
        # Ctrl+C: the task stops its run as Ctrl+C stops train, and the sweep says so
        long = tmp_path / "long"
        watcher = press_ctrl_c_when(lambda: read_run(long / "run").steps >= 20)
        try:
            stopped = run_sweep(*settings(small_mnist), "--steps", "1000000", "--record-dir", str(long), "--ray",
                                "local", "--json")
        finally:
            watcher.join(5)
        last, said = capsys.readouterr()
    finally:
        ray.shutdown()
    assert stopped == 130 and said.strip().splitlines()[-1].startswith(
        "mnist-viz: sweep interrupted (Ctrl+C); finished: none; stopped: run (their recordings keep the steps trained)")
    assert json.loads(last)["message"].startswith("stopped by SIGTERM at step ")  # stopped as train stops, not killed
    assert 20 <= len(Recording.open(long / "run").metrics["step"]) < 1_000_000
    assert code == 0, err
    assert "2 runs into" in err and "as Ray tasks (local), 1 CPU each" in err
    table = out.splitlines()
    assert table[0].split() == ["run", "test", "accuracy", "steps", "seconds", "status"]
    listing = list_runs(folder)
    assert [run.name for run in listing.runs] == ["lr=0.005", "lr=0.05"] and listing.differing == ("learning_rate",)
    for run in listing.runs:
        recording = Recording.open(run.path)
        assert recording.manifest["finished"] == "completed" and len(recording.metrics["step"]) == 30
        assert recording.manifest["config"]["learning_rate"] == float(run.name.split("=")[1])
        (row,) = [line for line in table if line.startswith(run.name + " ")]
        assert row.split()[1:] == [f"{run.test_accuracy:.2%}", "30", row.split()[3], "finished"]
    assert table[-2].startswith("2 of 2 runs finished in ")
