"""The "why small random weights?" window: two real CNNs in two worker threads, side by side."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QThreadPool

from mnist_viz.core import experiments
from mnist_viz.gui.init_experiment import InitExperimentWindow

RUN_TIMEOUT_MS = 120_000


@pytest.fixture
def window(qtbot, mnist_small):
    win = InitExperimentWindow(mnist_small)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    assert not win.running
    assert QThreadPool.globalInstance().activeThreadCount() == 0, "an experiment thread outlived the window"


def mosaic_tiles(column) -> np.ndarray:
    """The 32 tiles as drawn: cut out of the mosaic's one image, not taken from the model."""
    mosaic = column.mosaic
    image = mosaic.image_item.image
    layout = mosaic.layout_info
    return np.stack([image[layout.tile_slices(k)] for k in range(layout.count)])


def test_before_training_each_column_shows_the_filters_its_init_starts_from(window):
    zeros, tutorial = window.columns

    assert (zeros.init, tutorial.init) == ("zeros", "tutorial")
    assert np.all(mosaic_tiles(zeros) == 0)
    np.testing.assert_allclose(mosaic_tiles(tutorial), experiments.initial_filters("tutorial"), atol=1e-7)
    assert "32 filters, 1 distinct" in zeros.headline.text()
    assert "32 filters, 32 distinct" in tutorial.headline.text()
    assert window.start_button.isEnabled() and not window.pause_button.isEnabled()


def test_after_training_the_mosaics_show_what_the_core_counts(qtbot, window):
    window.steps.setValue(30)
    window.start_button.click()
    assert window.running and not window.steps.isEnabled()
    qtbot.waitUntil(lambda: not window.running, timeout=RUN_TIMEOUT_MS)
    zeros, tutorial = window.columns

    for column in window.columns:
        assert column.step == 30
        weights = column.controller.trainer.model.weights()["conv1_filters"].numpy()
        drawn = mosaic_tiles(column)
        np.testing.assert_allclose(drawn, weights, atol=1e-7)
        assert column.diversity == experiments.filter_diversity(weights)
    assert experiments.filter_diversity(mosaic_tiles(zeros)).distinct == 1
    assert np.all(mosaic_tiles(zeros) == 0) and zeros.moved() == 0.0
    assert experiments.filter_diversity(mosaic_tiles(tutorial)).distinct == 32
    assert tutorial.moved() > 1e-3
    assert "1 distinct (all exactly 0)" in zeros.headline.text()
    assert "32 distinct" in tutorial.headline.text()
    # The readouts: the zero network stays at chance, the tutorial one has learned.
    assert zeros.test_accuracy < 0.2 < tutorial.test_accuracy
    assert "test accuracy" in tutorial.details.text() and "step 30 of 30" in tutorial.details.text()
    assert "no gradient reaches it" in zeros.verdict.text()
    # Done: both inits can be changed again, and Start starts a new run.
    assert zeros.init_choice.isEnabled() and window.start_button.text() == "Start"
    assert "Done: 30 steps" in window.status.text()

    # "Show change since step 0": what each filter has learned, nothing for the zeros.
    window.show_change.setChecked(True)
    assert np.all(mosaic_tiles(zeros) == 0)
    learned = tutorial.controller.trainer.model.weights()["conv1_filters"].numpy() - \
        experiments.initial_filters("tutorial")
    np.testing.assert_allclose(mosaic_tiles(tutorial), learned, atol=1e-6)
    assert "change since step 0" in tutorial.mosaic.title_item.text


def test_constant_init_moves_the_filters_in_lockstep(qtbot, window):
    window.columns[0].init_choice.setCurrentIndex(window.columns[0].init_choice.findData("constant"))
    window.steps.setValue(20)
    window.start()
    qtbot.waitUntil(lambda: not window.running, timeout=RUN_TIMEOUT_MS)
    constant = window.columns[0]

    assert constant.init == "constant" and constant.step == 20
    assert constant.moved() > 1e-3
    assert experiments.filter_diversity(mosaic_tiles(constant)).distinct == 1


def test_pause_resume_and_reset(qtbot, window):
    window.steps.setValue(5000)
    window.start()
    qtbot.waitUntil(lambda: all(c.last_step is not None for c in window.columns), timeout=RUN_TIMEOUT_MS)

    window.pause_button.click()
    qtbot.waitUntil(lambda: all(c.controller.state == "paused" for c in window.columns))
    assert window.paused and window.start_button.text() == "Resume" and not window.pause_button.isEnabled()
    window.start_button.click()
    assert all(c.controller.state == "running" for c in window.columns)

    window.reset_button.click()
    assert not window.running
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert all(c.step == 0 and c.last_step is None for c in window.columns)
    assert "not trained yet" in window.columns[1].details.text()


def test_closing_the_window_while_training_ends_both_threads(qtbot, mnist_small):
    win = InitExperimentWindow(mnist_small)
    qtbot.addWidget(win)
    win.show()
    win.steps.setValue(5000)
    win.start()
    qtbot.waitUntil(lambda: all(c.last_step is not None for c in win.columns), timeout=RUN_TIMEOUT_MS)
    thread_ids = set().union(*(c.controller.worker_thread_ids for c in win.columns))
    assert len(thread_ids) == 2  # really two threads

    win.close()

    assert not win.running
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert all(c.controller.trainer.step < 5000 for c in win.columns)


def test_without_data_start_is_disabled_and_says_why(qtbot):
    win = InitExperimentWindow(None)
    qtbot.addWidget(win)

    assert not win.start_button.isEnabled()
    assert "Load MNIST" in win.status.text()
    win.start()  # a stray call does nothing
    assert not win.running


def test_the_help_menu_opens_the_experiment_with_the_apps_data(qtbot, main_window, mnist_small):
    main_window.init_experiment_action.trigger()

    experiment = main_window.init_experiment
    qtbot.waitExposed(experiment)
    assert experiment.isVisible() and experiment.mnist is mnist_small
    # The main window's softmax regression has no convolution: the tutorial CNN, and it says so.
    assert experiment.model == "cnn" and "no convolution layer" in experiment.network_label.text()
    experiment.steps.setValue(5000)
    experiment.start()
    qtbot.waitUntil(lambda: all(c.last_step is not None for c in experiment.columns), timeout=RUN_TIMEOUT_MS)
    # main_window's fixture closes the app and checks that no thread outlives it.


def test_the_experiment_trains_the_main_windows_network_when_it_has_a_convolution(qtbot, window):
    """Issue 15: Help > Experiment for any architecture; the window says which network it trains."""
    arch = "conv3x3-8,relu,maxpool-2,fc-10"
    window.set_model(arch)

    assert arch in window.network_label.text() and "chosen in the main window" in window.network_label.text()
    zeros, tutorial = window.columns
    np.testing.assert_allclose(mosaic_tiles(tutorial), experiments.initial_filters("tutorial", model=arch), atol=1e-7)
    assert mosaic_tiles(tutorial).shape == (8, 3, 3)
    assert "8 filters, 8 distinct" in tutorial.headline.text()
    window.steps.setValue(10)
    window.start()
    qtbot.waitUntil(lambda: not window.running, timeout=RUN_TIMEOUT_MS)
    for column in window.columns:
        assert column.step == 10
        weights = column.controller.trainer.model.weights()["conv1_filters"].numpy()
        np.testing.assert_allclose(mosaic_tiles(column), weights.reshape(8, 3, 3), atol=1e-7)
    assert np.all(mosaic_tiles(zeros) == 0) and tutorial.moved() > 0

    # A network without a convolution: the tutorial CNN, and the line says why.
    window.set_model("softmax")
    assert "tutorial CNN" in window.network_label.text() and "no convolution layer" in window.network_label.text()
    assert mosaic_tiles(tutorial).shape == (32, 5, 5)
