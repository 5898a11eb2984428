"""Watching the filters evolve (issue 17, items 4 and 5): the filters panel's change since
step 0, its distinct-filter count and structure line, its fixed colour range, and the
speed control (the control panel's Speed box, and the worker holding steps to its pace)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from mnist_viz.core.config import TrainConfig
from mnist_viz.core.filter_structure import neighbour_correlation
from mnist_viz.core.pace import Pacer
from mnist_viz.core.training import Trainer
from mnist_viz.gui.controllers.worker import TrainingController
from mnist_viz.gui.controls import ControlPanel
from mnist_viz.gui.panels.filters import FiltersPanel

TIMEOUT_MS = 60_000


def cnn_trainer(mnist, **changes) -> Trainer:
    settings = dict(model="cnn", optimizer="adam", learning_rate=2e-3, batch_size=20, steps=1000, device="cpu",
                    eval_every=0, loss_reduction="mean", init="kaiming")
    settings.update(changes)
    return Trainer(TrainConfig(**settings), mnist.train, mnist.test)


def shown_panel(qtbot) -> FiltersPanel:
    panel = FiltersPanel()
    qtbot.addWidget(panel)
    panel.resize(640, 560)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def tile_of(mosaic, index: int) -> np.ndarray:
    rows, columns = mosaic.layout_info.tile_slices(index)
    return mosaic.image_item.image[rows, columns]


def snapshot(panel: FiltersPanel, trainer: Trainer) -> None:
    panel.on_snapshot(trainer.snapshot(panel.parts("cnn")))


def conv1_of(trainer: Trainer) -> np.ndarray:
    return trainer.model.conv1.weight.detach().numpy()[:, 0].copy()


# ------------------------------------------------------------ change since step 0
def five_steps_shown(qtbot, mnist):
    """A filters panel that has shown a CNN's step 0 and step 5: (trainer, panel, conv1 at step 0)."""
    trainer = cnn_trainer(mnist)
    panel = shown_panel(qtbot)
    panel.on_run_started(trainer.run_started())
    snapshot(panel, trainer)
    start = conv1_of(trainer)
    for _ in range(5):
        trainer.train_step()
    snapshot(panel, trainer)
    return trainer, panel, start


def test_show_change_draws_each_weight_minus_its_value_at_step_0(qtbot, mnist_small):
    trainer, panel, start = five_steps_shown(qtbot, mnist_small)
    now = conv1_of(trainer)
    # Off: the weights themselves, as before.
    np.testing.assert_allclose(tile_of(panel.conv1_mosaic, 3), now[3], rtol=1e-6)
    panel.show_change.setChecked(True)
    for k in (0, 3, 31):
        np.testing.assert_allclose(tile_of(panel.conv1_mosaic, k), now[k] - start[k], atol=1e-7)
    m = np.abs(now - start).max()
    assert panel.conv1_mosaic.levels == pytest.approx((-m, m), rel=1e-5)  # the change's own range
    assert "change since step 0" in panel.conv1_mosaic.title_item.text
    assert "change since step 0" in panel.conv1_mosaic.describe(3)
    # conv2 too.
    conv2_change = trainer.model.conv2.weight.detach().numpy() - panel.baseline["conv2"][1]
    np.testing.assert_allclose(tile_of(panel.conv2_mosaic, 7), conv2_change[7, 0], atol=1e-7)
    # The line under the controls: the distinct filters and the structure of both.
    text = panel.measures.text()
    assert "32 filters, 32 distinct" in text
    assert f"structure {neighbour_correlation(now):.2f}" in text
    assert f"of the change since step 0: {neighbour_correlation(now - start):.2f}" in text
    panel.show_change.setChecked(False)
    np.testing.assert_allclose(tile_of(panel.conv1_mosaic, 3), now[3], rtol=1e-6)


def test_a_baseline_after_step_0_is_named_and_a_new_run_starts_a_new_one(qtbot, mnist_small):
    """A panel that first hears of the run at step 3 measures the change from step 3, and says so."""
    trainer = cnn_trainer(mnist_small)
    panel = shown_panel(qtbot)
    panel.show_change.setChecked(True)
    panel.on_run_started(trainer.run_started())
    for _ in range(3):
        trainer.train_step()
    snapshot(panel, trainer)
    at_3 = conv1_of(trainer)
    assert panel.baseline_step() == 3
    assert panel.show_change.text() == "Show change since step 3"
    assert np.abs(tile_of(panel.conv1_mosaic, 0)).max() == 0.0  # no change yet
    trainer.train_step()
    snapshot(panel, trainer)
    assert "change since step 3" in panel.conv1_mosaic.title_item.text
    np.testing.assert_allclose(tile_of(panel.conv1_mosaic, 9), conv1_of(trainer)[9] - at_3[9], atol=1e-7)
    # Reset (a new RunStarted): the next snapshot is the new baseline.
    fresh = cnn_trainer(mnist_small, seed=2)
    panel.on_run_started(fresh.run_started())
    assert panel.baseline_step() is None
    snapshot(panel, fresh)
    assert panel.baseline_step() == 0
    assert panel.show_change.text() == "Show change since step 0"
    np.testing.assert_allclose(panel.baseline["conv1"][1], conv1_of(fresh))


def test_all_equal_filters_count_as_one_distinct(qtbot, mnist_small):
    """The count is core.experiments.filter_diversity's: the 'All equal' start is 32 copies."""
    trainer = cnn_trainer(mnist_small, init="constant")
    panel = shown_panel(qtbot)
    panel.on_run_started(trainer.run_started())
    snapshot(panel, trainer)
    assert "32 filters, 1 distinct" in panel.measures.text()
    assert panel.diversity.distinct == 1


# ------------------------------------------------------------------- colours
def test_a_fixed_colour_range_keeps_colours_comparable_over_time(qtbot, mnist_small):
    trainer = cnn_trainer(mnist_small, learning_rate=1e-2)
    panel = shown_panel(qtbot)
    panel.on_run_started(trainer.run_started())
    snapshot(panel, trainer)
    auto = panel.conv1_mosaic.levels
    assert not panel.fixed_range["conv1"].isEnabled()
    panel.auto_range.setChecked(False)
    assert panel.fixed_range["conv1"].isEnabled() and panel.fixed_range["conv2"].isEnabled()
    assert panel.conv1_mosaic.levels == pytest.approx(auto, rel=1e-3)  # starts where auto was
    fixed1, fixed2 = panel.conv1_mosaic.levels, panel.conv2_mosaic.levels
    for _ in range(20):
        trainer.train_step()
    snapshot(panel, trainer)
    grown = np.abs(conv1_of(trainer)).max()
    assert grown != pytest.approx(fixed1[1], rel=1e-2)  # the weights' range has moved...
    assert panel.conv1_mosaic.levels == fixed1 and panel.conv2_mosaic.levels == fixed2  # ...the colours have not
    assert "fixed colours" in panel.conv1_mosaic.title_item.text
    # A replay (or Reset) starts with on_run_started: the fixed range stays.
    panel.on_run_started(trainer.run_started())
    snapshot(panel, trainer)
    assert panel.conv1_mosaic.levels == fixed1
    # The user types a range.
    panel.fixed_range["conv1"].setValue(0.05)
    assert panel.conv1_mosaic.levels == pytest.approx((-0.05, 0.05))
    # Per-tile range overrides it (and greys the boxes out); Auto range follows the weights again.
    panel.normalise.setChecked(True)
    assert not panel.fixed_range["conv1"].isEnabled() and panel.conv1_mosaic.levels == (-1.0, 1.0)
    panel.normalise.setChecked(False)
    panel.auto_range.setChecked(True)
    assert panel.conv1_mosaic.levels == pytest.approx((-grown, grown), rel=1e-5)


def test_switching_to_the_change_restarts_a_fixed_range_from_the_change(qtbot, mnist_small):
    """The weights (~0.3) and their change (~0.01) differ by far: a fixed range is taken from what is shown."""
    trainer, panel, start = five_steps_shown(qtbot, mnist_small)
    panel.auto_range.setChecked(False)
    panel.show_change.setChecked(True)
    m = np.abs(conv1_of(trainer) - start).max()
    assert panel.conv1_mosaic.levels == pytest.approx((-m, m), rel=1e-3)


# ------------------------------------------------------------------ the speed
def make_controls(qtbot) -> ControlPanel:
    actions = {name: QAction(name) for name in ("start", "pause", "step", "stop", "reset")}
    controls = ControlPanel(actions)
    controls._test_actions = actions  # keep them alive
    qtbot.addWidget(controls)
    return controls


def test_the_speed_box_offers_max_50_10_2_and_stays_live_during_a_run(qtbot):
    controls = make_controls(qtbot)
    rates = [controls.pace.itemData(i) for i in range(controls.pace.count())]
    assert rates == [None, 50.0, 10.0, 2.0]
    assert controls.current_pace() is None
    controls.set_running(True)
    assert controls.pace.isEnabled() and not controls.batch_size.isEnabled()
    with qtbot.waitSignal(controls.pace_changed) as blocker:
        controls.pace.setCurrentIndex(3)
    assert blocker.args == [2.0]
    with qtbot.waitSignal(controls.pace_changed) as blocker:
        controls.set_pace(None)
    assert blocker.args == [None]
    controls.set_pace(12.0)
    assert controls.current_pace() == 10.0  # the nearest offered


class FakeClock:
    """Thread-safe fake time for the worker's pacer: a wait moves the clock, nobody sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.lock = threading.Lock()
        self.released: list[float] = []

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def wait(self, timeout: float) -> bool:
        with self.lock:
            self.now += timeout
        return False


def test_the_worker_holds_each_step_to_the_chosen_pace(qtbot, mnist_small):
    """Speed 2 steps a second, chosen in the control panel: the worker releases step k at k/2 s
    (on a fake clock: the test takes no wall-clock time for it)."""
    controls = make_controls(qtbot)
    worker = TrainingController()
    clock = FakeClock()
    worker._pacer = Pacer(clock=clock, wait=clock.wait)
    controls.pace_changed.connect(worker.set_pace)
    controls.pace.setCurrentIndex(controls.pace.findData(2.0))
    assert worker.pace == 2.0
    releases: list[float] = []
    original = worker._pacer.wait_turn

    def noting(interrupted=lambda: False):
        releases.append(original(interrupted))
        return releases[-1]

    worker._pacer.wait_turn = noting
    config = TrainConfig(model="softmax", steps=12, batch_size=50, device="cpu", eval_every=0)
    with qtbot.waitSignal(worker.finished, timeout=TIMEOUT_MS) as finished:
        worker.start(config, mnist_small.train, mnist_small.test)
    qtbot.waitUntil(lambda: not worker.running, timeout=TIMEOUT_MS)
    assert finished.args[0].step == 12 and len(releases) == 12
    # Step k released k/2 s (of the fake clock) after the first.
    assert releases == pytest.approx([k / 2 for k in range(12)])


def test_pausing_or_stopping_does_not_wait_out_a_slow_pace(qtbot, mnist_small):
    """At one step a minute, Pause lets the waiting step through at once and Stop ends the run at once."""
    worker = TrainingController()
    worker.set_pace(1 / 60)
    seen: list[int] = []
    worker.steps.connect(lambda events: seen.extend(e.step for e in events))
    config = TrainConfig(model="softmax", steps=1000, batch_size=50, device="cpu", eval_every=0)
    worker.start(config, mnist_small.train, mnist_small.test)
    qtbot.waitUntil(lambda: 1 in seen, timeout=TIMEOUT_MS)  # the first step goes at once
    qtbot.wait(200)
    assert 2 not in seen  # step 2 waits for its turn, a minute later
    worker.pause()
    qtbot.waitUntil(lambda: 2 in seen, timeout=20_000)  # ...but not once paused
    worker.step_once()  # single steps are never held back
    qtbot.waitUntil(lambda: 3 in seen, timeout=20_000)
    worker.resume()
    worker.set_pace(1 / 60)
    with qtbot.waitSignal(worker.finished, timeout=20_000) as finished:
        worker.stop()
    assert finished.args[0].reason == "stopped"
    assert finished.args[0].step < 10
    assert worker.shutdown()


# ------------------------------------------------------------------ filmstrip
def test_capture_keeps_the_filters_of_chosen_steps_in_a_filmstrip(qtbot, mnist_small):
    trainer = cnn_trainer(mnist_small)
    panel = shown_panel(qtbot)
    assert not panel.capture_button.isEnabled()  # nothing to capture yet
    panel.on_run_started(trainer.run_started())
    snapshot(panel, trainer)
    assert not panel.filmstrip.isVisible()
    panel.capture_button.click()
    for _ in range(5):
        trainer.train_step()
    snapshot(panel, trainer)
    panel.show_change.setChecked(True)
    panel.capture_button.click()
    assert panel.filmstrip.isVisible()
    assert panel.filmstrip.frames == ["conv1 · step 0\nfilters", "conv1 · step 5\nchange since step 0"]
    pictures = [label.pixmap() for label in panel.filmstrip.strip.findChildren(QLabel) if not label.pixmap().isNull()]
    assert len(pictures) == 2 and all(p.height() == panel.filmstrip.THUMBNAIL_HEIGHT for p in pictures)
    # The two pictures differ (the filters at step 0, then their change).
    assert pictures[0].toImage() != pictures[1].toImage()
    # A replay's seek (on_run_started) keeps the strip; Clear strip empties it.
    panel.on_run_started(trainer.run_started())
    assert len(panel.filmstrip.frames) == 2
    panel.clear_button.click()
    assert panel.filmstrip.frames == [] and not panel.filmstrip.isVisible()


def test_watch_cnn_is_in_the_preset_box_and_fills_its_settings(qtbot):
    controls = make_controls(qtbot)
    index = controls.preset.findData("watch-cnn")
    assert index >= 0
    controls.preset.setCurrentIndex(index)
    config = controls.config()
    assert (config.model, config.optimizer, config.learning_rate, config.batch_size, config.schedule) == \
        ("cnn", "momentum", 5e-4, 50, "onecycle")
    assert controls.preset.currentData() == "watch-cnn"
