"""``mnist-viz experiment NAME`` for every lesson, and ``train --train-subset``: exit codes,
the JSON lines a script reads, the table and verdict a person reads, one-line mistakes."""

from __future__ import annotations

import json

import pytest

from mnist_viz.core import lessons
from tests.helpers import one_line, run_main
from tests.mnist_files import write_tiny_mnist

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def experiment(real_mnist, name: str, *extra: str) -> list[str]:
    return ["experiment", name, "--data-dir", str(real_mnist.root), "--no-download", "--test-images", "10", *extra]


def test_experiment_without_a_name_or_with_list_lists_the_lessons_in_order(capsys):
    for argv in (["experiment"], ["experiment", "--list"]):
        assert run_main(argv) == 0
        lines = capsys.readouterr().out.splitlines()
        listed = [line.split()[0] for line in lines if line.split()[0] in lessons.LESSONS]
        assert listed == list(lessons.LESSON_ORDER)
        assert all(lessons.LESSONS[name].title in "\n".join(lines) for name in lessons.LESSON_ORDER)


def test_the_help_describes_every_lesson(capsys):
    assert run_main(["experiment", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for name in lessons.LESSON_ORDER:
        assert f"{name} ({lessons.LESSONS[name].title}):" in out
    assert '"diverged": true; the command still exits 0' in out


@pytest.mark.parametrize("argv, words", [
    (["experiment", "momentum"], ["unknown lesson 'momentum'", "learning-rate, optimizer, activation"]),
    (["experiment", "optimizer", "--inits", "zeros"], ["--inits applies to the init lesson only"]),
    (["experiment", "dropout", "--arch", "fc-10"], ["--arch applies to the init lesson only"]),
    (["experiment", "init", "--arch", "fc-64,relu,fc-10"], ["--arch", "no convolution layer"]),
    (["experiment", "init", "--steps", "0"], ["--steps", "at least 1"]),
])
def test_experiment_mistakes_exit_2_with_one_line(argv, words, capsys):
    assert run_main(argv) == 2
    line = one_line(capsys.readouterr().err)
    for word in words:
        assert word in line, line


@pytest.mark.parametrize("name", lessons.LESSON_ORDER)
def test_every_lesson_prints_a_json_line_per_variant_and_report(real_mnist, name, capsys):
    steps = 2 if name == "learning-rate" else 1  # the large rate diverges at step 2; one CNN step is enough
    assert run_main(experiment(real_mnist, name, "--steps", str(steps), "--every", "1", "--json")) == 0

    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    names = [variant.name for variant in lessons.LESSONS[name].variants()]
    assert [row["variant"] for row in rows] == names * (steps + 1)
    final = rows[-len(names):]
    for row in final:
        assert row["lesson"] == name and row["test_accuracy"] is not None and "diverged" in row
    live = [row for row in final if not row["diverged"]]
    assert live and all(row["step"] == steps for row in live)
    measure = {"init": "distinct", "activation": "grad_ratio", "dropout": "gap",
               "learning-rate": "largest_weight", "optimizer": "recent_loss"}[name]
    assert all(measure in row for row in final)
    if name == "learning-rate":
        large = next(row for row in final if row["variant"] == "large")
        assert large["diverged"] is True and large["diverged_at"] == 2  # on purpose: still exit 0
    if name == "init":  # the keys documented before the lessons
        assert {row["init"]: row["distinct"] for row in final} == {"zeros": 1, "constant": 1, "tutorial": 32,
                                                                   "kaiming": 32}


def test_without_json_a_table_per_report_and_the_verdict_from_the_numbers(real_mnist, capsys):
    assert run_main(experiment(real_mnist, "learning-rate", "--steps", "3", "--every", "3")) == 0

    out = capsys.readouterr().out
    table, verdict = out.rstrip().rsplit("\n\n", 1)
    assert "Too large: 1.0" in table and "DIVERGED at step 2" in table and "test accuracy" in table
    titles = [variant.title for variant in lessons.LESSONS["learning-rate"].variants()]
    accuracies = {title: float(line.rsplit("test accuracy ", 1)[1].split()[0])
                  for line in table.splitlines() for title in titles if title in line and "test accuracy" in line}
    best = max((title for title in titles if title != "Too large: 1.0"), key=accuracies.get)  # the first best
    assert verdict.startswith(f"{best} learned best: {100 * accuracies[best]:.1f} % test accuracy")
    assert "diverged at step 2" in verdict


def test_a_lesson_that_needs_more_training_images_than_there_are_says_so_in_one_line(tmp_path, capsys):
    root = write_tiny_mnist(tmp_path / "data").root  # 64 training images; the dropout lesson needs 1,000

    assert run_main(["experiment", "dropout", "--data-dir", str(root), "--no-download", "--steps", "1"]) == 2
    assert "larger than the training set (64 images)" in one_line(capsys.readouterr().err)


# ---------------------------------------------------------------- train --train-subset

def test_train_on_a_subset_reports_the_training_accuracy(real_mnist, capsys):
    argv = ["train", "--data-dir", str(real_mnist.root), "--no-download", "--model", "softmax", "--steps", "20",
            "--train-subset", "100", "--eval-every", "0", "--device", "cpu", "--quiet", "--json"]
    assert run_main(argv) == 0

    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert summary["train_subset"] == 100 and summary["train_accuracy_images"] == 100
    assert summary["train_accuracy"] > summary["test_accuracy"]  # 20 batches of 100 images it has seen 20 times


@pytest.mark.parametrize("subset, words", [("0", ["--train-subset", "at least 1"]),
                                           ("lots", ["--train-subset", "'lots'"]),
                                           ("70000", ["--train-subset 70000", "60,000 images"])])
def test_a_bad_training_subset_exits_2_with_one_line(real_mnist, subset, words, capsys):
    argv = ["train", "--data-dir", str(real_mnist.root), "--no-download", "--train-subset", subset, "--quiet"]
    assert run_main(argv) == 2
    line = one_line(capsys.readouterr().err)
    for word in words:
        assert word in line, line
