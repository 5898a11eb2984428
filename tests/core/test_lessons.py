"""Lessons: variants of one setting trained side by side on real MNIST, and verdicts that
quote the measured numbers (and say so when a run disagrees with the lesson)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mnist_viz.core import data, lessons
from mnist_viz.core.lessons import VariantReport


@pytest.fixture(scope="module")
def small(real_mnist) -> data.Mnist:
    """The first 1,000 training images (the dropout lesson's subset) and 60 test images."""
    return dataclasses.replace(real_mnist, train=real_mnist.train.subset(1000), test=real_mnist.test.subset(60))


@pytest.fixture(scope="module")
def short_runs(small) -> dict[str, list[list[VariantReport]]]:
    """Every lesson, two steps, a report after each (about 10 s on 2 busy cores)."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return {name: lessons.run_all(name, small, steps=2, report_every=1, test_images=60)
                for name in lessons.LESSON_ORDER}
    finally:
        torch.set_num_threads(previous)


# ------------------------------------------------------------------ the registry

def test_every_lesson_is_in_the_order_and_says_what_to_watch_and_why():
    assert sorted(lessons.LESSON_ORDER) == sorted(lessons.LESSONS)
    assert lessons.LESSON_ORDER[0] == "learning-rate" and lessons.LESSON_ORDER[-1] == "init"
    for name, lesson in lessons.LESSONS.items():
        assert lesson.name == name
        for text in (lesson.title, lesson.summary, lesson.watch, lesson.why, lesson.tutorial):
            assert len(text) > 20 or text == lesson.title, (name, text)
        assert lesson.key_panel in lessons.KEY_PANELS
        variants = lesson.variants(steps=7, seed=3)
        assert 2 <= len(variants) <= 4
        assert len({variant.name for variant in variants}) == len(variants)
        assert {(v.config.steps, v.config.seed, v.config.batch_size) for v in variants} == {
            (7, 3, variants[0].config.batch_size)}  # same steps, seed and batches for every variant


def test_an_unknown_lesson_is_refused_with_the_names_in_one_line():
    with pytest.raises(ValueError) as err:
        lessons.get("momentum")
    assert "unknown lesson 'momentum'" in str(err.value) and "learning-rate, optimizer" in str(err.value)


def test_the_lessons_vary_what_they_say_they_vary():
    by = {name: {v.name: v.config for v in lessons.LESSONS[name].variants()} for name in lessons.LESSONS}
    assert {v.optimizer for v in by["optimizer"].values()} == {"sgd", "momentum", "adam"}
    assert by["learning-rate"]["large"].learning_rate == 100 * by["learning-rate"]["good"].learning_rate
    assert {v.init for v in by["init"].values()} == {"zeros", "constant", "tutorial", "kaiming"}
    assert [v.keep_prob for v in by["dropout"].values()] == [1.0, 0.5]
    assert {v.train_subset for v in by["dropout"].values()} == {1000}
    assert len({v.model for v in by["activation"].values()}) == 3  # the same network, three activations


# ------------------------------------------------------------------ the runner

@pytest.mark.parametrize("name", lessons.LESSON_ORDER)
def test_every_lesson_runs_reports_every_step_and_ends_with_test_accuracies(short_runs, name):
    reports = short_runs[name]
    lesson = lessons.LESSONS[name]
    names = [variant.name for variant in lesson.variants()]

    assert [[row.variant for row in report] for report in reports] == [names] * len(reports)
    final = reports[-1]
    for row in final:
        assert row.test_accuracy is not None and 0.0 <= row.test_accuracy <= 1.0
        assert row.train_accuracy is not None
        assert row.loss is not None and row.title
        assert len(row.arrays["losses"]) == len(row.arrays["loss_steps"])
    live = [row for row in final if not row.diverged]
    assert live and all(row.step == 2 for row in live)
    key = {"filters": "filters", "weights": "weights", "gradients": "gradient_norms"}.get(lesson.key_panel)
    if key is not None:
        assert all(key in row.arrays and row.arrays[key].size for row in final)
    assert lessons.verdict(name, final)  # a verdict for every lesson's run


def test_variants_that_share_the_init_see_the_same_first_batch(short_runs):
    first = short_runs["optimizer"][1]  # three optimisers, one CNN start, the same batch and dropout mask
    assert len({row.loss for row in first}) == 1
    assert len({row.loss for row in short_runs["optimizer"][2]}) == 3  # then their steps differ


def test_two_equal_variants_train_identically_on_the_same_batches(small):
    good = next(v for v in lessons.LESSONS["learning-rate"].variants() if v.name == "good")
    twins = [good, dataclasses.replace(good, name="twin")]

    reports = lessons.run_all("learning-rate", small, steps=5, report_every=5, test_images=20, variants=twins)

    a, b = reports[-1]
    np.testing.assert_array_equal(a.arrays["losses"], b.arrays["losses"])
    np.testing.assert_array_equal(a.arrays["weights"], b.arrays["weights"])


def test_the_largest_learning_rate_diverges_stops_and_the_others_go_on(short_runs):
    final = {row.variant: row for row in short_runs["learning-rate"][-1]}

    large = final["large"]
    assert large.diverged and large.diverged_at == large.step <= 2
    assert large.loss > lessons.DIVERGENCE_LOSS
    assert large.message.startswith("Training diverged: the loss reached")
    assert not final["good"].diverged and final["good"].step == 2


def test_sigmoids_first_layer_gets_a_vanishing_share_of_the_gradient(short_runs):
    final = {row.variant: row for row in short_runs["activation"][-1]}

    for row in final.values():
        layers = [key for key in row.measures if key.startswith("grad_norm/")]
        assert layers[0] == "grad_norm/conv1" and len(layers) == len(row.arrays["gradient_norms"]) == 5
    assert final["sigmoid"].measures["grad_ratio"] < 0.01 * final["relu"].measures["grad_ratio"]


def test_the_dropout_lesson_measures_training_and_test_accuracy_at_every_report(short_runs):
    for report in short_runs["dropout"]:
        for row in report:
            assert row.train_accuracy is not None and row.test_accuracy is not None
            assert row.measures["gap"] == pytest.approx(row.train_accuracy - row.test_accuracy)


def test_zero_filters_never_move_and_equal_ones_stay_one(short_runs):
    final = {row.variant: row for row in short_runs["init"][-1]}

    assert final["zeros"].measures["moved"] == 0.0
    assert final["constant"].measures["distinct"] == 1 and final["constant"].measures["moved"] > 0
    assert final["tutorial"].measures["distinct"] == 32 == final["tutorial"].arrays["filters"].shape[0]


def test_stop_ends_the_run_early(small):
    calls = []

    def stop() -> bool:
        calls.append(1)
        return len(calls) > 3

    reports = lessons.run_all("learning-rate", small, steps=50, report_every=1, test_images=20, stop=stop)

    assert [report[0].step for report in reports] == [0, 1, 2, 3]


# ------------------------------------------------------------------ the verdict

def row(variant: str, test: float | None, *, title: str = "", step: int = 300, train: float | None = None,
        diverged_at: int | None = None, loss: float = 0.3, **measures) -> VariantReport:
    return VariantReport(variant=variant, step=step if diverged_at is None else diverged_at, loss=loss,
                         batch_accuracy=None, test_accuracy=test, train_accuracy=train,
                         diverged=diverged_at is not None, measures=measures, arrays={},
                         title=title or variant.title(), diverged_at=diverged_at)


def test_the_optimizer_verdict_names_the_winner_and_its_numbers():
    text = lessons.verdict("optimizer", [row("sgd", 0.8123, title="Gradient descent 0.01"),
                                         row("momentum", 0.9345, title="Momentum 0.9, 0.01"),
                                         row("adam", 0.9712, title="Adam 0.001")])
    assert text.startswith("Adam 0.001 learned best: 97.1 % test accuracy after 300 steps.")
    assert "81.2 %" in text and "93.5 %" in text and "Unexpectedly" not in text


def test_the_optimizer_verdict_says_so_when_the_run_disagrees_with_the_lesson():
    text = lessons.verdict("optimizer", [row("sgd", 0.95, title="Gradient descent 0.01"),
                                         row("momentum", 0.90, title="Momentum 0.9, 0.01"),
                                         row("adam", 0.93, title="Adam 0.001")])
    assert "disagrees with the lesson: Gradient descent 0.01 came first, ahead of Adam (95.0 % against 93.0 %)" in text
    assert "momentum did not beat plain gradient descent" in text


def test_the_learning_rate_verdict_explains_a_divergence_or_its_absence():
    diverged = [row("small", 0.80), row("good", 0.91), row("large", 0.30, diverged_at=2, loss=122.6)]
    text = lessons.verdict("learning-rate", diverged)
    assert "diverged at step 2: the loss reached 123 per example" in text and "Training diverged" in text
    assert "learned too slowly: 80.0 %" in text

    tame = [row("small", 0.93), row("good", 0.91), row("large", 0.92)]
    text = lessons.verdict("learning-rate", tame)
    assert "did not diverge in this run: it reached 92.0 %" in text
    assert "Unexpectedly, Small did as well as Good: 93.0 % against 91.0 %" in text


def test_the_activation_verdict_quotes_the_gradient_ratios():
    reports = [row("relu", 0.90, grad_ratio=0.1), row("sigmoid", 0.11, grad_ratio=0.0003),
               row("tanh", 0.91, grad_ratio=0.13)]
    text = lessons.verdict("activation", reports)
    assert "Sigmoid's gradients vanished" in text and "shrank 333 times more than ReLU's" in text
    assert "0.0003 times the last layer's" in text and "11.0 %" in text

    reports[1] = row("sigmoid", 0.89, grad_ratio=0.09)
    assert "sigmoid's gradients did not vanish in this run" in lessons.verdict("activation", reports)


def test_the_dropout_verdict_quotes_the_gaps_and_says_when_dropout_did_not_help():
    helped = [row("keep-1.0", 0.90, train=1.0, gap=0.10), row("keep-0.5", 0.93, train=0.99, gap=0.06)]
    text = lessons.verdict("dropout", helped)
    assert "a gap of 10.0 points" in text and "dropout narrowed the gap by 4.0 points" in text

    no_help = [row("keep-1.0", 0.93, train=0.99, gap=0.06), row("keep-0.5", 0.90, train=1.0, gap=0.10)]
    assert "dropout did not narrow the gap in this run: 10.0 points with it against 6.0 without" in \
        lessons.verdict("dropout", no_help)


def test_the_init_verdict_says_what_each_start_did():
    reports = [row("zeros", 0.11, filters=32, distinct=1, moved=0.0),
               row("constant", 0.85, filters=32, distinct=1, moved=0.02),
               row("tutorial", 0.96, filters=32, distinct=32, moved=0.05)]
    text = lessons.verdict("init", reports)
    assert "Tutorial learned best: 96.0 %" in text and "stayed 32 copies of one filter" in text
    assert "never moved" in text and "Unexpectedly" not in text

    reports[1] = row("constant", 0.97, filters=32, distinct=5, moved=0.02)
    text = lessons.verdict("init", reports)
    assert "ended with 5 distinct filters of 32" in text and "a symmetric start (Constant) learned best" in text


def test_each_template_is_translated_before_it_is_formatted():
    seen = []

    def translate(template: str) -> str:
        seen.append(template)
        return "«" + template + "»"

    text = lessons.verdict("dropout", [row("keep-1.0", 0.9, train=1.0, gap=0.1, title="No dropout (keep 1.0)"),
                                       row("keep-0.5", 0.93, train=0.99, gap=0.06, title="Dropout (keep 0.5)")],
                           translate)
    templates = [t for t in seen if "{0}" in t]
    assert templates and all("%" not in t for t in templates)  # the numbers come after translation
    assert "No dropout (keep 1.0)" in seen  # titles are translated too
    assert text.count("«") == len(seen) and "««No dropout (keep 1.0)»" in text


def test_japanese_sentences_are_joined_without_spaces():
    japanese = {"{0} learned best: {1} test accuracy after {2} steps.": "{0} が最もよく学習しました：{1}。",
                "{0}: all {1} filters distinct, {2} test accuracy.": "{0}：{1} 個のフィルタはすべて異なります。"}
    text = lessons.verdict("init", [row("tutorial", 0.96, filters=32, distinct=32, moved=0.05)],
                           lambda s: japanese.get(s, s))
    assert text == "Tutorial が最もよく学習しました：96.0 %。Tutorial：32 個のフィルタはすべて異なります。"
