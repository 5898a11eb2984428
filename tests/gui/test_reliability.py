"""What a user meets when things go wrong in the window: the log, autosave, saving and
opening models, "Save the trained model?" on close, broken settings, and a CNN that
diverges.

Training runs for real on 2,000 MNIST images. Dialogs that would block (the question on
close, file pickers) are replaced by stand-ins that answer as a user would.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import torch
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mnist_viz import logs
from mnist_viz.core import checkpoints
from mnist_viz.core.models import build_model
from mnist_viz.core.training import TrainConfig
from mnist_viz.gui.controllers import model_files as autosave
from mnist_viz.gui.main_window import MainWindow
from mnist_viz.gui.settings import SETTINGS_VERSION, app_settings

TIMEOUT_MS = 60_000
ENDLESS = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=50,
                      steps=10_000_000, eval_every=0, device="cpu")


@pytest.fixture(autouse=True)
def private_folders(tmp_path, monkeypatch):
    """Autosaves and the log go to this test's folder; the log handler is detached afterwards."""
    monkeypatch.setenv(autosave.AUTOSAVE_ENV, str(tmp_path / "autosave"))
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "log"))
    # A real question on close would block the test: by default it is answered "Discard".
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    logs.shutdown()
    yield tmp_path
    logs.shutdown()


def train_then_stop(qtbot, window: MainWindow, config: TrainConfig = ENDLESS, steps: int = 20) -> int:
    """Start a real run, let it take ``steps`` steps, stop it; returns the step it stopped at."""
    seen = []
    window.controller.steps.connect(lambda events: seen.extend(events))
    window.controls.set_config(config)
    assert window.start_training()
    qtbot.waitUntil(lambda: bool(seen) and seen[-1].step >= steps, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.controller.state_changed, timeout=TIMEOUT_MS,
                          check_params_cb=lambda state: state == "idle"):
        window.stop_training()
    return window.controller.trainer.step


def answer_question(monkeypatch, answer: QMessageBox.StandardButton) -> list[str]:
    """Replace QMessageBox.question with one that records the question and gives ``answer``."""
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(f"{title}: {text}")
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


# ====================================================================== the log
def test_about_shows_the_log_file_that_errors_are_written_to(qtbot, main_window, monkeypatch):
    from mnist_viz.core.training import Trainer

    log_file = logs.setup()
    window = main_window

    def broken_step(self):
        raise RuntimeError("simulated failure inside a training step")

    monkeypatch.setattr(Trainer, "_train_step", broken_step)
    window.controls.set_config(ENDLESS)
    with qtbot.waitSignal(window.controller.errored, timeout=TIMEOUT_MS):
        window.start_training()
    qtbot.waitUntil(lambda: not window.controller.running, timeout=TIMEOUT_MS)
    monkeypatch.undo()
    monkeypatch.setenv(autosave.AUTOSAVE_ENV, str(log_file.parent.parent / "autosave"))

    text = log_file.read_text(encoding="utf-8")
    assert "simulated failure inside a training step" in text
    assert "Traceback" in text and "broken_step" in text   # the details the dialog only folds away

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    box = window.show_about()
    assert str(log_file) in box.informativeText()
    assert box.log_file == log_file and log_file.is_file()
    button = next(b for b in box.buttons() if b.text() == "Open log folder")
    button.click()
    assert [url.toLocalFile() for url in opened] == [str(log_file.parent)]


def test_about_says_so_when_no_log_is_written(qtbot, main_window):
    box = main_window.show_about()
    assert "No log file" in box.informativeText()
    assert all(b.text() != "Open log folder" for b in box.buttons())


# ================================================================= autosave
def test_a_stopped_run_is_autosaved_with_its_weights_and_saving_is_offered(qtbot, main_window, private_folders):
    window = main_window
    window.keeper.ask = True
    step = train_then_stop(qtbot, window)

    files = autosave.autosaves()
    assert len(files) == 1
    assert files[0].parent == private_folders / "autosave"
    assert files[0].name.startswith(f"softmax-custom-step{step}-")
    saved = checkpoints.load(files[0], expect_model="softmax")
    assert saved.step == step
    weights = window.controller.trainer.state_copy()
    for name, tensor in weights.items():
        assert torch.equal(saved.state_dict[name], tensor), name
    assert saved.state_dict["W"].abs().sum() > 0           # trained, not the zero start
    # The banner says where it went and offers to save it elsewhere.
    assert window.banner.isVisible()
    assert str(files[0]) in window.banner.label.text()
    assert window.banner.fix_action.text() == "Save model..."
    # The window heard how the run ended (the worker lets the trainer say it).
    assert window.status.currentMessage() == f"Stopped at step {step:,}"


def test_a_run_cut_short_by_closing_the_window_is_autosaved(qtbot, mnist_small):
    window = MainWindow(data=mnist_small)
    qtbot.addWidget(window)
    window.show()
    seen = []
    window.controller.steps.connect(lambda events: seen.extend(events))
    window.controls.set_config(ENDLESS)
    window.start_training()
    qtbot.waitUntil(lambda: bool(seen) and seen[-1].step >= 10, timeout=TIMEOUT_MS)
    window.close()
    files = autosave.autosaves()
    assert len(files) == 1
    assert checkpoints.load(files[0]).step == window.controller.trainer.step


def test_save_model_writes_a_checkpoint_the_canvas_can_open(qtbot, main_window, tmp_path, monkeypatch):
    window = main_window
    step = train_then_stop(qtbot, window)
    target = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.save_model_action.trigger()
    path = target.with_suffix(".pt")
    assert checkpoints.load(path).step == step
    assert not window.keeper.unsaved()
    assert str(path) in window.status.currentMessage()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.open_model_action.trigger()
    canvas = window.panels["canvas"]
    qtbot.waitUntil(lambda: canvas.source_key == ("file", str(path)), timeout=TIMEOUT_MS)
    assert window.last_message is None


@pytest.mark.parametrize("problem", ["not a checkpoint", "missing"])
def test_opening_a_bad_model_file_says_what_is_wrong(qtbot, main_window, tmp_path, problem):
    window = main_window
    path = tmp_path / "model.pt"
    if problem == "not a checkpoint":
        path.write_bytes(b"this is not a model")
        expected = "not a readable checkpoint"
    else:
        expected = "does not exist"
    assert window.controls.current_model() == "softmax"
    assert not window.keeper.open_model(path)
    box = window.last_message
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert expected in box.text() and str(path) in box.text()
    assert window.panels["canvas"].source_key != ("file", str(path))


def test_save_model_before_any_training_says_there_is_nothing(qtbot, main_window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: pytest.fail("no file dialog without a trained model")))
    assert main_window.keeper.save_model() is None
    assert "Nothing to save" in main_window.status.currentMessage()


# ====================================================== "Save the trained model?"
def test_closing_with_an_unsaved_run_asks_and_cancel_keeps_the_window_open(qtbot, main_window, monkeypatch):
    window = main_window
    window.keeper.ask = True
    train_then_stop(qtbot, window)

    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    assert len(asked) == 1 and asked[0].startswith("Save the trained model?")

    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Discard)
    assert window.close()
    assert not window.isVisible() and len(asked) == 1
    assert len(autosave.autosaves()) == 1     # discarded from the question, still autosaved


def test_choosing_save_on_close_saves_then_closes(qtbot, main_window, tmp_path, monkeypatch):
    window = main_window
    window.keeper.ask = True
    step = train_then_stop(qtbot, window)
    answer_question(monkeypatch, QMessageBox.StandardButton.Save)
    target = tmp_path / "kept.pt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.close()
    assert checkpoints.load(target).step == step


def test_cancelling_the_file_dialog_of_save_on_close_keeps_the_window_open(qtbot, main_window, monkeypatch):
    window = main_window
    window.keeper.ask = True
    train_then_stop(qtbot, window)
    # the panels are redrawn for the run's final weights in a worker; the window stays open, so
    # nothing waits for it there (the fixture checks no thread outlives the test)
    qtbot.waitUntil(lambda: not window.view.busy, timeout=30_000)
    answer_question(monkeypatch, QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert not window.close()
    assert window.isVisible()


def test_no_question_without_training_or_after_saving(qtbot, main_window, tmp_path, monkeypatch):
    window = main_window
    window.keeper.ask = True
    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Cancel)
    train_then_stop(qtbot, window)
    window.keeper.save_model(tmp_path / "saved.pt")
    assert window.close()
    assert asked == []


# ================================================================== settings
def write_settings(text: str) -> None:
    path = Path(app_settings().fileName())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def reference_window(qtbot, mnist_small) -> MainWindow:
    window = MainWindow(data=mnist_small, persist=False)
    qtbot.addWidget(window)
    return window


BROKEN_SETTINGS = {
    "garbage values": ("[training]\nlearning_rate=banana\nbatch_size=lots\nmodel=abacus\noptimizer=42\n"
                       "[view]\nsnapshot_rate=-3\n", ["learning_rate", "batch_size", "model", "snapshot_rate"]),
    "wrong types": ("[training]\nsteps=1.5\nseed=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x10garbage)\n"
                    "keep_prob=@ByteArray(\\x1\\x2)\n[window]\ngeometry=a string, not geometry\n",
                    ["steps", "geometry"]),
    "old version": (f"[settings]\nversion={SETTINGS_VERSION - 1}\n[training]\nlearning_rate=0.5\nseed=99\n",
                    ["settings version"]),
    "rubbish window state": ("[window]\nstate=@ByteArray(rubbish\\0\\x1\\x2\\x3 that is no layout)\n"
                             "geometry=@ByteArray(junk, not a window position)\n",
                             ["window/state", "window/geometry"]),
    "not an INI file": ("\x00\x01\x02 PK\x03\x04 [[[ ===\n\xff\xfe binary \x00 junk ]]]\n=\n", []),
}


@pytest.mark.parametrize("case", sorted(BROKEN_SETTINGS))
def test_broken_settings_fall_back_to_defaults_with_one_log_line(qtbot, mnist_small, caplog, case):
    text, named = BROKEN_SETTINGS[case]
    reference = reference_window(qtbot, mnist_small)
    write_settings(text)
    with caplog.at_level(logging.WARNING, logger="mnist_viz"):
        window = MainWindow(data=mnist_small)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitUntil(lambda: window.arranged)
    assert window.controls.config() == reference.controls.config()
    assert window.snapshot_rate == reference.snapshot_rate
    assert not window.dock_layout.restored
    assert all(not window.docks[pid].isHidden() for pid in ("loss", "canvas"))   # the default layout
    lines = [record for record in caplog.records if record.name.startswith("mnist_viz")]
    if named:
        assert len(lines) == 1, [r.getMessage() for r in lines]
        message = lines[0].getMessage()
        assert "defaults used" in message
        for name in named:
            assert name in message
    else:
        assert len(lines) <= 1
    # Closing writes good settings again: the next window starts without complaint.
    window.close()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mnist_viz"):
        again = MainWindow(data=mnist_small)
        qtbot.addWidget(again)
    assert not [r for r in caplog.records if r.name.startswith("mnist_viz")]
    assert again.settings_problems == []
    again.close()


def test_valid_values_survive_next_to_broken_ones(qtbot, mnist_small, caplog):
    write_settings(f"[settings]\nversion={SETTINGS_VERSION}\n[training]\nlearning_rate=0.05\nseed=banana\n")
    with caplog.at_level(logging.WARNING, logger="mnist_viz"):
        window = MainWindow(data=mnist_small)
        qtbot.addWidget(window)
    assert window.controls.config().learning_rate == pytest.approx(0.05)
    assert window.settings_problems == ["training/seed='banana'"]
    window.close()


# ============================================================== divergence
def test_the_cnn_at_learning_rate_1_pauses_itself_with_a_message(qtbot, main_window):
    window = main_window
    window.controls.set_config(TrainConfig(model="cnn", preset="custom", optimizer="adam", learning_rate=1.0,
                                           batch_size=50, steps=400, eval_every=0, device="cpu"))
    with qtbot.waitSignal(window.controller.diverged, timeout=120_000) as diverged:
        window.start_training()
    assert window.controller.state == "paused"
    assert window.banner.isVisible()
    assert "learning rate 1" in window.banner.label.text() and "Lower the learning rate" in diverged.args[0].message
    assert diverged.args[0].step < 400


# ==================================================================== canvas
@pytest.mark.parametrize("problem", ["folder", "huge", "missing"])
def test_a_bad_picture_for_the_canvas_shows_a_message_and_keeps_the_drawing_empty(qtbot, main_window, tmp_path,
                                                                                  problem):
    from PIL import Image

    panel = main_window.panels["canvas"]
    if problem == "folder":
        path, expected = tmp_path, "is a folder"
    elif problem == "huge":
        path, expected = tmp_path / "huge.png", "too large"
        Image.new("1", (10_000, 10_000), 1).save(path)
    else:
        path, expected = tmp_path / "gone.png", "does not exist"
    assert not panel.load_image(path)
    assert panel.message_label.isVisibleTo(panel)
    assert expected in panel.message_label.text()
    assert panel.canvas.empty
    assert "Draw a digit" in panel.verdict_label.text()      # it asks for a drawing, no made-up answer
