"""A lesson's experiment window: its variants trained side by side off the GUI thread (real MNIST).

Kept cheap: a few steps of the learning-rate lesson (three softmax regressions) and of the
activation lesson (three small four-conv networks), on the 2,000-image training subset.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QThreadPool

from mnist_viz.core import lessons
from mnist_viz.gui.experiment_window import ExperimentWindow

RUN_TIMEOUT_MS = 120_000


def mosaic_tiles(mosaic) -> np.ndarray:
    """The tiles as drawn: cut out of the mosaic's one image, not taken from the reports."""
    image = mosaic.image_item.image
    layout = mosaic.layout_info
    return np.stack([image[layout.tile_slices(k)] for k in range(layout.count)])


def run_lesson(qtbot, window: ExperimentWindow, steps: int) -> list[list]:
    """Start the window's lesson for ``steps`` steps and wait for its end; every report list it received."""
    received: list[list] = []
    window.run.reports.connect(received.append)
    window.steps.setValue(steps)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS) as ended:
        window.start_button.click()
        assert window.running and not window.start_button.isEnabled() and window.stop_button.isEnabled()
    assert ended.args == [True]
    return received


@pytest.fixture
def make_window(qtbot, mnist_small):
    windows = []

    def make(name: str) -> ExperimentWindow:
        window = ExperimentWindow(name, mnist_small)
        qtbot.addWidget(window)
        window.resize(1366, 740)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        assert not window.running
    assert QThreadPool.globalInstance().activeThreadCount() == 0, "a lesson's thread outlived its window"


def test_the_learning_rate_lesson_shows_each_variants_templates_its_loss_and_the_verdict(qtbot, make_window):
    window = make_window("learning-rate")
    lesson = lessons.LESSONS["learning-rate"]
    titles = [variant.title for variant in lesson.variants()]
    assert [column.title for column in window.columns] == titles
    assert "Press Start" in window.status.text()

    received = run_lesson(qtbot, window, steps=6)
    final = received[-1]

    # Trained in a worker thread, never on the GUI thread.
    assert window.run.thread_ids and threading.get_ident() not in window.run.thread_ids
    # Every column draws its own variant's real softmax templates, from the last report.
    for column, report in zip(window.columns, final):
        assert column.name == report.variant and column.report is report
        np.testing.assert_allclose(mosaic_tiles(column.mosaic), report.arrays["weights"], atol=1e-6)
    drawn = [mosaic_tiles(column.mosaic) for column in window.columns]
    assert not np.allclose(drawn[0], drawn[1])  # three different rates: three different templates
    # Same batches: from the same all-zero start, every variant's first step has the same loss.
    first_losses = [column.loss_curve()[1][0] for column in window.columns]
    assert first_losses[0] == pytest.approx(first_losses[1]) == pytest.approx(first_losses[2])
    # One curve per variant on the overlay plot, each with its legend entry and its own losses.
    assert len(window.curves) == len(titles)
    legend = [label.text for _, label in window.overlay.plotItem.legend.items]
    assert legend == titles
    for column, curve in zip(window.columns, window.curves):
        steps, losses = column.loss_curve()
        keep = np.isfinite(losses) & (losses > 0)
        np.testing.assert_allclose(curve.getOriginalDataset()[1], losses[keep], rtol=1e-6)
        assert len(curve.getOriginalDataset()[0]) >= 1
    # The rate of 1.0 diverges and its column says so; the others train to the end.
    large = window.columns[[report.variant for report in final].index("large")]
    assert large.diverged and "Diverged at step" in large.status.text()
    assert all(not column.diverged for column in window.columns if column is not large)
    assert all(report.step == 6 for report in final if not report.diverged)
    # The verdict, written by the core from these very numbers, appears at the end.
    expected = lessons.verdict("learning-rate", final)
    assert window.verdict_text == expected and expected
    assert expected[:60] in window.texts.toPlainText()
    assert "test accuracy" in window.columns[1].status.text()
    assert "Done: 6 steps" in window.status.text() and window.start_button.isEnabled()


def test_the_activation_lesson_plots_every_layers_gradient_norm(qtbot, make_window):
    window = make_window("activation")
    received = run_lesson(qtbot, window, steps=2)

    for index, column in enumerate(window.columns):
        reports = [reports[index] for reports in received]
        layers = [key for key in reports[-1].measures if key.startswith("grad_norm/")]
        assert len(layers) == 5  # four convolutions and the fc layer, input side first
        assert set(column.curves) == set(layers)
        for key in layers:
            expected = [report.measures[key] for report in reports if key in report.measures]
            np.testing.assert_allclose(column.curves[key].getOriginalDataset()[1], expected, rtol=1e-6)
        assert column.plot.plotItem.getAxis("left").logMode
    assert "first ÷ last layer's gradient norm" in window.columns[0].status.text()


def test_closing_mid_run_stops_the_thread_without_hanging(qtbot, mnist_small):
    window = ExperimentWindow("learning-rate", mnist_small)
    qtbot.addWidget(window)
    window.show()
    window.steps.setValue(20_000)
    window.start()
    qtbot.waitUntil(lambda: all(c.report is not None for c in window.columns), timeout=RUN_TIMEOUT_MS)
    assert window.running  # the step-0 report is in, the thread is training

    window.close()

    assert not window.running
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert max(column.report.step for column in window.columns) < 20_000
    assert window.verdict_text == ""  # stopped: no verdict without a whole run


def test_without_data_start_is_disabled_and_says_why(qtbot):
    window = ExperimentWindow("optimizer", None)
    qtbot.addWidget(window)

    assert not window.start_button.isEnabled()
    assert "Load MNIST" in window.status.text()
    window.start()
    assert not window.running


def test_a_lesson_that_fails_says_why_in_one_line(qtbot, mnist_small, monkeypatch):
    def broken(*_args, **_kwargs):
        yield from ()
        raise RuntimeError("CUDA out of memory.\nTried to allocate 2 GiB")

    monkeypatch.setattr(lessons, "run", broken)  # superqt would drop a RuntimeError silently
    window = ExperimentWindow("learning-rate", mnist_small)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.run.ended, timeout=RUN_TIMEOUT_MS) as ended:
        window.start()

    assert ended.args == [False] and not window.running
    assert window.status.text() == "The lesson stopped with an error: RuntimeError: CUDA out of memory."
    assert window.verdict_text == "" and window.start_button.isEnabled()
