"""Files written by mnist-viz 0.1.0 still open in the window: models, an autosave, recordings
and the settings file.

The fixtures (tests/fixtures/v0_1_0/, written by the unchanged code of commit c894913 with
scripts/make_legacy_fixtures.py; its README lists them) are opened the way a user opens
them: File > Open model..., File > Open recording..., or by starting the app with the
settings file of 0.1.0 in place. When one of these fails, users' files have stopped
opening: fix the reader (or add a migration), never the fixture.

Only the window's public surface is used (MainWindow, its actions and menus, controls,
panels, open_recording), not its internals: those are being split up.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from mnist_viz.core.config import PRESETS, TrainConfig
from mnist_viz.core.recording import Recording

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1_0"
DIGITS = sorted((FIXTURES / "digits").glob("mnist-test-*.png"))   # real MNIST test images 0-4
LABELS = [int(path.stem.rsplit("-", 1)[1]) for path in DIGITS]    # 7, 2, 1, 0, 4
AUTOSAVE = next((FIXTURES / "autosave").glob("*.pt"))
TIMEOUT_MS = 60_000

#: What the window's controls showed when 0.1.0 wrote settings/mnist-viz.ini.
SAVED_CONFIG = TrainConfig(model="cnn", preset="custom", optimizer="adam", learning_rate=3e-4, batch_size=64,
                           steps=2500, keep_prob=0.75, init="tutorial", seed=7, device="auto", eval_every=250,
                           loss_reduction="sum", schedule="constant")


def copy_fixture(tmp_path: Path, name: str) -> Path:
    """A copy in tmp_path: nothing the window does may write next to the committed fixtures."""
    source = FIXTURES / name
    target = tmp_path / source.name
    return Path(shutil.copytree(source, target) if source.is_dir() else shutil.copy2(source, target))


def answer_file_dialog(monkeypatch, method: str, path: Path) -> dict:
    """Make QFileDialog.<method> answer ``path``; returns what the window asked (its start folder)."""
    asked: dict = {}

    def dialog(parent=None, caption="", directory="", *args, **kwargs):
        asked["directory"] = kwargs.get("dir", directory)
        return str(path) if method == "getExistingDirectory" else (str(path), "")

    monkeypatch.setattr(QFileDialog, method, staticmethod(dialog))
    return asked


def status_messages(window) -> list[str]:
    """Every message the status bar shows from now on (one may be replaced before it is read)."""
    shown: list[str] = []
    window.status.messageChanged.connect(lambda text: shown.append(text) if text else None)
    return shown


def open_model_from_the_menu(qtbot, window, monkeypatch, path: Path) -> dict:
    """File > Open model... answered with ``path``; waits until the Draw a digit panel uses it.
    Returns what the window asked the file dialog ("directory") and its status messages ("shown")."""
    asked = answer_file_dialog(monkeypatch, "getOpenFileName", path)
    asked["shown"] = status_messages(window)
    window.open_model_action.trigger()
    canvas = window.panels["canvas"]
    qtbot.waitUntil(lambda: canvas.source_key == ("file", str(path)), timeout=TIMEOUT_MS)
    assert window.last_message is None, window.last_message and window.last_message.text()
    return asked


def canvas_digits(qtbot, canvas, source_name: str) -> list[int]:
    """The Draw a digit panel's answer for each of the real MNIST test digits, loaded as pictures."""
    answers = []
    for png in DIGITS:
        def done(result) -> bool:
            return (result is not None and result.complete and result.probabilities is not None
                    and source_name in result.source)

        with qtbot.waitSignal(canvas.prediction_shown, timeout=TIMEOUT_MS, check_params_cb=done) as shown:
            assert canvas.load_image(png)
        answers.append(int(np.argmax(shown.args[0].probabilities)))
    return answers


# ------------------------------------------------------------------------ File > Open model...
@pytest.mark.parametrize(("name", "model", "step"), [("softmax.pt", "softmax", 300), ("cnn-compact.pt", "cnn", 300)])
def test_file_open_model_opens_a_0_1_0_checkpoint_and_it_reads_digits(qtbot, main_window, monkeypatch, tmp_path,
                                                                      name, model, step):
    window = main_window
    if model == "cnn":  # a checkpoint opens for the model chosen under Training
        window.controls.set_config(PRESETS["tutorial-cnn"])
    assert window.controls.current_model() == model
    path = copy_fixture(tmp_path, name)
    shown = open_model_from_the_menu(qtbot, window, monkeypatch, path)["shown"]
    assert any(name in text and f"step {step:,}" in text for text in shown), shown
    # Written with 88.6 % (softmax, 300 steps) and 99.0 % (CNN, 300 steps) on the first 500
    # test images; both answered these five right then.
    assert canvas_digits(qtbot, window.panels["canvas"], name) == LABELS
    assert window.panel_errors == []


def test_a_0_1_0_autosave_is_where_open_model_looks_and_it_opens(qtbot, main_window, monkeypatch):
    """The autosave folder is $MNIST_VIZ_AUTOSAVE_DIR (tests/conftest.py points it at a temporary
    folder); File > Open model... starts there, and the 0.1.0 autosave opens from it."""
    window = main_window
    folder = Path(os.environ["MNIST_VIZ_AUTOSAVE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(shutil.copy2(AUTOSAVE, folder / AUTOSAVE.name))
    asked = open_model_from_the_menu(qtbot, window, monkeypatch, path)
    assert Path(asked["directory"]) == folder and path in Path(asked["directory"]).glob("*.pt")
    assert any(AUTOSAVE.name in text and "step 1,000" in text for text in asked["shown"]), asked["shown"]
    # Written after the tutorial-softmax preset's 1,000 steps: 91.6 % on the first 500 test images.
    assert canvas_digits(qtbot, window.panels["canvas"], AUTOSAVE.name) == LABELS


# -------------------------------------------------------------------- File > Open recording...
def test_file_open_recording_replays_a_0_1_0_softmax_recording(qtbot, main_window, monkeypatch, tmp_path):
    window = main_window
    folder = copy_fixture(tmp_path, "recording-softmax")
    recording = Recording.open(folder)
    answer_file_dialog(monkeypatch, "getExistingDirectory", folder)
    shown = status_messages(window)
    window.open_recording_action.trigger()
    timeline = window.replay.timeline
    assert timeline.steps == [0, 1, 25, 50, 75, 100]
    assert window.controls.current_model() == "softmax"
    weights = window.panels["softmax_weights"]
    qtbot.waitUntil(lambda: weights.step == 100, timeout=TIMEOUT_MS)   # opened at the end of the run
    assert np.allclose(weights.weights, recording.snapshot(100).arrays["softmax_weights"])
    loss = window.panels["loss"]
    assert loss.steps.column(0).astype(int).tolist() == list(range(1, 101))
    assert loss.evaluations.column(0).astype(int).tolist() == [50, 100]
    assert any("89.18%" in text for text in shown), shown                 # the last evaluation
    # Back to step 25: the recorded weights of then.
    timeline.slider.setValue(timeline.steps.index(25))
    qtbot.waitUntil(lambda: weights.step == 25, timeout=TIMEOUT_MS)
    assert np.allclose(weights.weights, recording.snapshot(25).arrays["softmax_weights"])
    assert loss.steps.column(0).astype(int).tolist() == list(range(1, 26))
    assert window.panel_errors == []


def test_open_recording_shows_a_0_1_0_cnn_recording(qtbot, main_window, tmp_path):
    window = main_window
    folder = copy_fixture(tmp_path, "recording-cnn")
    recording = Recording.open(folder)
    assert window.open_recording(folder)
    assert window.controls.current_model() == "cnn"
    assert window.replay.timeline.steps == [0, 1]
    assert not window.docks["filters"].isHidden() and window.docks["softmax_weights"].isHidden()
    filters = window.panels["filters"]
    qtbot.waitUntil(lambda: filters.step == 1, timeout=TIMEOUT_MS)
    assert np.allclose(filters.conv1, recording.snapshot(1).arrays["conv1_filters"])
    assert window.panels["loss"].steps.column(0).astype(int).tolist() == [1]
    assert window.panel_errors == []


# ---------------------------------------------------------------------------- the settings file
def menu_action(window, text: str) -> QAction:
    """The action called ``text`` in the window's menus (submenus included)."""
    menus = [action.menu() for action in window.menuBar().actions() if action.menu()]
    while menus:
        menu = menus.pop()
        for action in menu.actions():
            if action.menu():
                menus.append(action.menu())
            elif action.text().replace("&", "") == text:
                return action
    pytest.fail(f"no menu item {text!r}")

@pytest.fixture
def settings_of_0_1_0(isolated_settings: Path) -> Path:
    """The INI of 0.1.0 where the app looks for it: <user config folder>/mnist-viz/mnist-viz.ini
    (QSettings, INI format, user scope, organisation and application "mnist-viz")."""
    target = isolated_settings / "mnist-viz" / "mnist-viz.ini"
    target.parent.mkdir(parents=True)
    shutil.copy2(FIXTURES / "settings" / "mnist-viz.ini", target)
    return target


def test_a_window_starts_with_the_settings_0_1_0_saved(qtbot, settings_of_0_1_0, main_window):
    """0.1.0 saved: the CNN with a custom learning rate, batch size..., 5 snapshots a second,
    Japanese (for the next start), and the confusion panel closed."""
    window = main_window
    assert window.settings_problems == []                            # nothing of the file was dropped
    assert window.controls.current_model() == "cnn"
    assert window.controls.config() == SAVED_CONFIG
    assert window.snapshot_rate == 5.0
    assert menu_action(window, "5 per second").isChecked()          # View > Snapshot rate
    assert window.findChild(QAction, "language_ja_action").isChecked()
    assert window.docks["confusion"].isHidden()                      # closed by the user
    assert window.docks["softmax_weights"].isHidden() and not window.docks["filters"].isHidden()  # the CNN's
    from mnist_viz.gui import i18n

    assert i18n.saved_choice() == "ja" and i18n.resolve() == "ja"    # what the next start uses


def test_a_window_remembers_the_data_set_0_1_0_saved(qtbot, settings_of_0_1_0):
    from mnist_viz.gui.app import MainWindow

    window = MainWindow(load_data=False)   # no data handed in: the saved data set is the one chosen
    qtbot.addWidget(window)
    assert window.dataset == "fashion-mnist"
    assert window.controls.current_dataset() == "fashion-mnist"
    assert window.controls.config() == SAVED_CONFIG.replace(dataset="fashion-mnist")  # the config says it too
    assert window.settings_problems == []
