"""File > Runs... in the real window (issue 14 item 4): three recorded runs listed with what
differs, all three drawn on the Loss panel (each its own curve and legend entry), one
replayed from the dialog, and a broken and a still-written run listed with their state.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PySide6.QtCore import Qt

from mnist_viz.core.recording import Recording
from mnist_viz.gui.panels.loss import LOSS_COLOUR, OVERLAY_COLOURS
from mnist_viz.gui.runs_dialog import RunsDialog
from mnist_viz.gui.widgets.history import smooth
from tests.core.test_runs import THREE, record_three


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory, real_mnist):
    import torch

    from mnist_viz.core import data

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    small = data.Mnist(train=real_mnist.train.subset(2000), test=real_mnist.test.subset(500), root=real_mnist.root)
    try:
        return record_three(tmp_path_factory.mktemp("runs"), small)
    finally:
        torch.set_num_threads(previous)


def headers(dialog: RunsDialog) -> list[str]:
    model = dialog.sorted
    return [model.headerData(k, Qt.Orientation.Horizontal) for k in range(model.columnCount())]


def cell(dialog: RunsDialog, run: str, header: str) -> str:
    model = dialog.sorted
    column = headers(dialog).index(header)
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == run:
            return model.index(row, column).data()
    raise KeyError(run)


def test_the_runs_dialog_lists_three_runs_and_overlays_them_on_the_loss_panel(qtbot, main_window, three_runs):
    window = main_window
    assert window.runs_action.text().replace("&", "") == "Runs..."
    dialog = window.show_runs(three_runs)
    assert dialog.isVisible()
    assert headers(dialog) == ["Run", "Model", "Data set", "Learning rate", "Seed", "Test accuracy", "Steps",
                               "Duration", "State"]
    assert [dialog.sorted.index(row, 0).data() for row in range(3)] == list(THREE)
    assert cell(dialog, "slow", "Learning rate") == "0.001" and cell(dialog, "seed2", "Seed") == "2"
    accuracy = Recording.open(three_runs / "slow").evaluations["test_accuracy"][-1]
    assert cell(dialog, "slow", "Test accuracy") == f"{accuracy:.2%}"
    assert cell(dialog, "base", "Steps") == "60" and cell(dialog, "base", "State") == "finished"
    assert cell(dialog, "base", "Model") == "softmax" and cell(dialog, "base", "Data set") == "MNIST"
    # sorting by test accuracy puts the slow learning rate first
    dialog.view.sortByColumn(headers(dialog).index("Test accuracy"), Qt.SortOrder.AscendingOrder)
    assert dialog.sorted.index(0, 0).data() == "slow"

    loss = window.panels["loss"]
    loss.set_smoothing(0.0)  # then the curves drawn are the recorded losses themselves
    # the user ticks all three check boxes
    for row in range(3):
        dialog.sorted.setData(dialog.sorted.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    drawn = [(curve, accuracy) for curve, accuracy in loss.overlay_curves if curve in loss.plot.items]
    assert len(drawn) == 3 and len(loss.overlays) == 3
    for run, (curve, accuracy_curve) in zip(loss.overlays, drawn):
        recording = Recording.open(three_runs / run.name)
        x, y = curve.getData()
        np.testing.assert_array_equal(x, recording.metrics["step"])
        np.testing.assert_allclose(y, recording.metrics["loss"])
        ex, ey = accuracy_curve.getData()
        np.testing.assert_array_equal(ex, recording.evaluations["step"])
        np.testing.assert_allclose(ey, 100 * recording.evaluations["test_accuracy"])
    colours = {curve.opts["pen"].color().getRgb()[:3] for curve, _ in drawn}
    assert colours == set(OVERLAY_COLOURS[:3])
    legend = [label.text for _, label in loss.legend.items]
    for name, text in (("base", "lr 0.01, seed 1"), ("seed2", "lr 0.01, seed 2"), ("slow", "lr 0.001, seed 1")):
        assert f"{name} ({text})" in legend
    assert len(legend) == 5 + 3  # the panel's own five entries stay (training accuracy too)
    # which colour is which, in words, where the dock is too small for the legend
    assert loss.overlay_key.isVisible() != loss.legend.isVisible()
    assert "slow (lr 0.001, seed 1)" in loss.overlay_key.text()
    assert loss.loss_smoothed_curve.opts["pen"].color().getRgb()[:3] == (235, 235, 235)  # its own run: white
    # smoothing applies to the overlaid runs too
    loss.set_smoothing(0.9)
    y = drawn[0][0].getData()[1]
    np.testing.assert_allclose(y, smooth(Recording.open(three_runs / loss.overlays[0].name).metrics["loss"], 0.9)[0])
    # unticking one takes it away; "Untick all" the rest
    dialog.set_checked([three_runs / "base", three_runs / "slow"])
    assert [run.name for run in loss.overlays] == ["base", "slow"]
    assert sum(curve in loss.plot.items for curve, _ in loss.overlay_curves) == 2
    assert len(loss.legend.items) == 5 + 2
    dialog.clear_button.click()
    assert loss.overlays == [] and not any(curve in loss.plot.items for curve, _ in loss.overlay_curves)
    assert len(loss.legend.items) == 5
    assert not loss.overlay_key.isVisible()
    assert loss.loss_smoothed_curve.opts["pen"].color().getRgb()[:3] == LOSS_COLOUR  # its colours come back


def test_replay_from_the_runs_dialog_shows_the_run_and_keeps_the_overlays(qtbot, main_window, three_runs):
    window = main_window
    dialog = window.show_runs(three_runs)
    dialog.set_checked([three_runs / "base", three_runs / "seed2"])
    dialog.select(three_runs / "slow")
    assert dialog.replay_button.isEnabled()
    dialog.replay_button.click()
    replay = window.replay
    assert replay.replaying and replay.recording.run_dir == three_runs / "slow"
    assert replay.timeline.steps[-1] == 60 and replay.shown_step == 60
    loss = window.panels["loss"]
    recording = Recording.open(three_runs / "slow")
    np.testing.assert_array_equal(loss.steps.column(0), recording.metrics["step"])  # the panel's own run
    assert [run.name for run in loss.overlays] == ["base", "seed2"]  # drawn over it still
    assert sum(curve in loss.plot.items for curve, _ in loss.overlay_curves) == 2


def test_a_broken_and_a_still_written_run_are_listed_with_their_state(qtbot, main_window, three_runs, tmp_path,
                                                                     mnist_small):
    from mnist_viz.core import events as ev
    from mnist_viz.core.recording import Recorder
    from mnist_viz.core.training import Trainer
    from tests.core.test_runs import BASE

    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copytree(three_runs / "base", folder / "good")
    shutil.copytree(three_runs / "base", folder / "broken")
    data = (folder / "broken" / "manifest.json").read_bytes()
    (folder / "broken" / "manifest.json").write_bytes(data[: len(data) // 3])
    # a real run, recorded while it trains: 40 of its 60 steps are on disk
    trainer = Trainer(BASE, mnist_small.train, mnist_small.test)
    recorder = Recorder(folder / "writing", BASE, every_steps=20, flush_seconds=None, heartbeat_seconds=None)
    recorder.attach(trainer)
    events = trainer.run()
    try:
        for event in events:
            if isinstance(event, ev.StepDone) and event.step >= 40:
                break
        recorder.flush()
        dialog = main_window.show_runs(folder)
        assert cell(dialog, "good", "State") == "finished"
        assert cell(dialog, "writing", "State") == "being written"
        assert cell(dialog, "writing", "Steps") == "40 / 60"
        broken = cell(dialog, "broken", "State")
        assert broken.startswith("broken: manifest.json is damaged") and "\n" not in broken
        assert dialog._timer.isActive()  # listed again every 2 s while a run is written
        assert "1 being written" in dialog.note.text() and "1 broken" in dialog.note.text()
        # the run being written can be drawn: what is on disk now
        dialog.set_checked([folder / "writing"])
        assert len(main_window.panels["loss"].overlays[0].step) == 40
        # a broken run cannot be ticked or replayed; selected, the note says why in full
        row = next(r for r in range(3) if dialog.sorted.index(r, 0).data() == "broken")
        assert not dialog.sorted.flags(dialog.sorted.index(row, 0)) & Qt.ItemFlag.ItemIsUserCheckable
        dialog.select(folder / "broken")
        assert not dialog.replay_button.isEnabled()
        assert dialog.note.text().startswith(str(folder / "broken" / "manifest.json"))
        dialog.select(folder / "good")
        assert "1 broken" in dialog.note.text()
        # the run finishes: the next listing says so, the curve drawn grows, the listing stops repeating
        for _ in events:
            pass
        recorder.close()
        qtbot.waitUntil(lambda: cell(dialog, "writing", "State") == "finished", timeout=30_000)
        assert not dialog._timer.isActive()
        assert len(main_window.panels["loss"].overlays[0].step) == 60
    finally:
        events.close()
        recorder.close()


def test_file_runs_asks_for_a_folder_once_then_remembers_it(qtbot, main_window, three_runs, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *args: asked.append(args) or str(three_runs)))
    main_window.runs_action.trigger()  # File > Runs...: no folder yet, so it asks
    dialog = main_window.recordings.runs_dialog
    assert len(asked) == 1 and dialog.isVisible() and dialog.table.rowCount() == 3
    dialog.close()
    main_window.recordings.runs_dialog = None  # a new dialog, as in the next session
    main_window.runs_action.trigger()
    dialog = main_window.recordings.runs_dialog
    assert len(asked) == 1  # not asked again: the folder listed last time
    assert dialog.runs_folder.folder == three_runs and dialog.table.rowCount() == 3
    dialog.choose_button.click()  # "Choose folder..." asks, starting from the folder shown
    assert len(asked) == 2 and asked[-1][2] == str(three_runs)
