"""A long run's Loss panel (issue 18 item 4): two points a pixel column, a y range that moves in
jumps, a linear accuracy axis under Log y; and a replay's steps handed over as arrays."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_viz.core import events as ev
from mnist_viz.core.recording.reader import RecordedSteps
from mnist_viz.gui.panels.loss import LossPanel, nice_range


def steps(start: int, losses) -> list[ev.StepDone]:
    return [ev.StepDone(step=start + k, epoch=0.0, loss=float(loss), batch_accuracy=0.5, learning_rate=0.1,
                        samples_per_s=1.0, elapsed_s=0.0, total_steps=200_000) for k, loss in enumerate(losses)]


@pytest.fixture
def long_panel(qtbot):
    panel = LossPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 360)
    panel.show()
    qtbot.waitExposed(panel)
    panel.on_run_started(ev.RunStarted("softmax", "custom", 200_000, 600.0, 100, "cpu", 60000, 10000, 7850))
    losses = 2.3 * np.exp(-np.arange(200_000) / 20_000) + 0.05
    losses[150_001] = 7.5  # a spike
    panel.on_steps(RecordedSteps({"step": np.arange(1, 200_001), "loss": losses,
                                  "batch_accuracy": np.full(200_000, 0.5), **{name: np.zeros(200_000) for name in
                                  ("epoch", "learning_rate", "samples_per_s", "elapsed_s")}}, 200_000))
    panel.refresh()
    return panel


def test_a_long_curve_is_two_points_a_pixel_column_and_keeps_its_spike(long_panel):
    width = long_panel.plot.vb.width()
    assert len(long_panel.loss_curve.xData) <= 2.2 * width  # (the last, partial bucket as it is)
    assert long_panel.loss_curve.yData.max() == 7.5  # the envelope keeps the spike
    assert len(long_panel.loss_smoothed_curve.xData) <= width + 4  # smooth already: one a column
    assert long_panel.loss_smoothed_curve.xData[-1] == 200_000  # and the last step


def test_following_the_y_range_moves_in_jumps_not_at_every_new_low(long_panel):
    before = long_panel.plot.vb.viewRange()[1]
    long_panel.on_steps(steps(200_001, [0.049]))  # a new lowest loss, inside the grid
    long_panel.refresh()
    assert long_panel.plot.vb.viewRange()[1] == before
    long_panel.on_steps(steps(200_002, [-1.0]))  # far outside: the range follows
    long_panel.refresh()
    assert long_panel.plot.vb.viewRange()[1][0] < before[0]
    assert nice_range(0.05, 2.35) == pytest.approx((0.0, 2.5))  # a grid of 0.5: at least a tenth of the span


def test_log_y_leaves_the_accuracy_axis_linear(long_panel):
    """pyqtgraph's setLogMode(y=True) turns both side axes to log: the accuracy axis read 10^80."""
    long_panel.log_y.setChecked(True)
    assert long_panel.plot.getAxis("left").logMode
    assert not long_panel.plot.getAxis("right").logMode


def test_recorded_steps_are_the_events_the_run_sent():
    columns = {"step": np.array([3, 4]), "epoch": np.array([0.1, 0.2]), "loss": np.array([2.0, 1.5]),
               "batch_accuracy": np.array([0.1, 0.3]), "learning_rate": np.array([1e-3, 1e-3]),
               "samples_per_s": np.array([5.0, 6.0]), "elapsed_s": np.array([1.0, 2.0])}
    recorded = RecordedSteps(columns, total_steps=10)
    expected = [ev.StepDone(3, 0.1, 2.0, 0.1, 1e-3, 5.0, 1.0, 10), ev.StepDone(4, 0.2, 1.5, 0.3, 1e-3, 6.0, 2.0, 10)]
    assert len(recorded) == 2 and list(recorded) == expected and recorded == expected
    assert recorded[-1] == expected[-1] and list(recorded[1:]) == expected[1:]
