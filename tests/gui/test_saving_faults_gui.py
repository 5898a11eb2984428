"""Faults around saving, in the window (issue 19, parts 5 and 6).

File > Save model... that fails (a read-only folder, a full disk) keeps the trained weights
(in the window, and a copy in the autosave folder) and says what failed in a dialog whose
"Save elsewhere..." opens the file dialog again; saving on close that fails keeps the
window open. File > Open model... refuses a damaged checkpoint with one line naming what is
wrong. ``mnist-viz screenshot`` on a full disk leaves no partial PNG.

Training runs for real on 2,000 MNIST images; file dialogs are replaced by stand-ins.
"""

from __future__ import annotations

import math

import pytest
import torch
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mnist_viz.core import checkpoints
from mnist_viz.core.models import build_model
from mnist_viz.core.training import TrainConfig
from tests.helpers import one_line, run_main
from tests.mnist_files import write_tiny_mnist
from tests.test_saving_faults import DiskFull, leftovers, refuse_access
from tests.gui.test_reliability import train_then_stop as reliability_train_then_stop

TIMEOUT_MS = 60_000
ENDLESS = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=50,
                      steps=10_000_000, eval_every=0, device="cpu")


@pytest.fixture(autouse=True)
def no_question_on_close(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))


def train_then_stop(qtbot, window, steps: int = 20) -> int:
    """A real run of ``steps`` steps, stopped (the reliability tests' helper, with this file's settings)."""
    return reliability_train_then_stop(qtbot, window, ENDLESS, steps)


def answer_file_dialogs(monkeypatch, *answers) -> list[str]:
    """Save dialogs answer these paths in turn ("" cancels); returns the titles asked."""
    asked: list[str] = []
    pending = [str(answer) for answer in answers]

    def dialog(parent, title, *args, **kwargs):
        asked.append(title)
        return (pending.pop(0) if pending else ""), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return asked


def button(box: QMessageBox, text: str):
    return next((b for b in box.buttons() if b.text() == text), None)


# ======================================================================== Save model...
def test_saving_into_a_read_only_folder_keeps_the_weights_and_offers_another_place(qtbot, main_window, tmp_path,
                                                                                 monkeypatch):
    """Was a dialog with OK only (and, as root, the read-only folder was not noticed at all)."""
    window = main_window
    step = train_then_stop(qtbot, window)
    (tmp_path / "ro").mkdir()
    refuse_access(monkeypatch, tmp_path / "ro")
    good = tmp_path / "elsewhere" / "kept.pt"
    asked = answer_file_dialogs(monkeypatch, tmp_path / "ro" / "model.pt", good)

    window.save_model_action.trigger()
    box = window.last_message
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert box.windowTitle() == "The model was not saved"
    assert "ro is not writable" in box.text() and "\n" not in box.text()
    copy = window.keeper.last_autosave
    assert copy is not None and str(copy) in box.informativeText() and "kept" in box.informativeText()
    assert checkpoints.load(copy).step == step                # the weights are kept
    assert window.keeper.unsaved()
    again = button(box, "Save elsewhere...")
    assert again is not None and button(box, "Cancel") is not None

    again.click()
    qtbot.waitUntil(lambda: good.exists(), timeout=TIMEOUT_MS)
    assert len(asked) == 2                                    # the file dialog opened again
    assert checkpoints.load(good).step == step
    assert not window.keeper.unsaved()
    assert not (tmp_path / "ro" / "model.pt").exists() and leftovers(tmp_path / "ro") == []


def test_saving_on_a_full_disk_says_so_leaves_nothing_and_cancel_keeps_the_run_unsaved(qtbot, main_window,
                                                                                        tmp_path, monkeypatch):
    window = main_window
    step = train_then_stop(qtbot, window)
    (tmp_path / "disk").mkdir()
    DiskFull(monkeypatch, tmp_path / "disk", room=3_000)
    asked = answer_file_dialogs(monkeypatch, tmp_path / "disk" / "model.pt")
    assert window.keeper.save_model() is None
    box = window.last_message
    assert "No space left on device" in box.text() and str(tmp_path / "disk" / "model.pt") in box.text()
    assert not (tmp_path / "disk" / "model.pt").exists() and leftovers(tmp_path / "disk") == []
    assert checkpoints.load(window.keeper.last_autosave).step == step   # the copy in the autosave folder
    button(box, "Cancel").click()
    qtbot.wait(50)
    assert len(asked) == 1 and window.keeper.unsaved()


def test_saving_on_close_that_fails_keeps_the_window_open_with_the_offer(qtbot, main_window, tmp_path, monkeypatch):
    window = main_window
    window.keeper.ask = True
    train_then_stop(qtbot, window)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Save))
    (tmp_path / "a-file").write_text("x")
    answer_file_dialogs(monkeypatch, tmp_path / "a-file" / "model.pt")
    assert not window.close()
    assert window.isVisible()
    box = window.last_message
    assert "a-file is a file, not a folder" in box.text() and button(box, "Save elsewhere...") is not None
    window.keeper.ask = False


# ======================================================================== Open model...
@pytest.mark.parametrize("damage, words", [
    ("nan", "the tensor W holds 7,840 NaN values"),
    ("config", "has a damaged configuration"),
    ("shape", "W has the shape (10, 784), but the softmax model's is (784, 10)"),
])
def test_opening_a_damaged_checkpoint_says_what_is_wrong_in_one_line(qtbot, main_window, tmp_path, damage, words):
    model = build_model("softmax")
    path = checkpoints.save(tmp_path / "model.pt", model, step=5)
    payload = torch.load(path, weights_only=True)
    if damage == "nan":
        payload["state_dict"]["W"][:] = math.nan
    elif damage == "config":
        payload["config"] = ["not", "a", "dict"]
    else:
        payload["state_dict"]["W"] = payload["state_dict"]["W"].T.contiguous()
    torch.save(payload, path)
    assert not main_window.keeper.open_model(path)
    box = main_window.last_message
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert words in box.text() and str(path) in box.text() and "\n" not in box.text()



@pytest.mark.parametrize("damage", ["nan", "fashion"])
def test_predict_the_canvas_and_open_model_read_a_checkpoint_one_way(qtbot, main_window, tmp_path, damage):
    """Issue 12, item 5: one checkpoint-to-predictor path. The same bad file (weights that
    are not numbers, or a model trained on Fashion-MNIST asked about digits) is refused
    with the same one-line reason by `mnist-viz predict`, the Draw a digit panel and File >
    Open model..., and a good one gives the same answer in predict and the canvas."""
    import argparse

    from mnist_viz import cli
    from mnist_viz.gui.widgets.prediction import load_predictor

    model = build_model("softmax")
    dataset = "fashion" if damage == "fashion" else "mnist"
    path = checkpoints.save(tmp_path / "model.pt", model, step=5, dataset=dataset)
    if damage == "nan":
        payload = torch.load(path, weights_only=True)
        payload["state_dict"]["W"][:] = math.nan
        torch.save(payload, path)
    args = argparse.Namespace(checkpoint=str(path), model=None)
    reasons = []
    if damage == "nan":  # predict answers about any data set's checkpoint; the window asks for MNIST
        with pytest.raises(cli.UsageError) as raised:
            cli.load_cli_model(args)
        reasons.append(str(raised.value))
    predictor, why = load_predictor(str(path), dataset="mnist")
    assert predictor is None
    reasons.append(why)
    assert not main_window.keeper.open_model(path)
    reasons.append(main_window.last_message.text())
    assert len(set(reasons)) == 1 and "\n" not in reasons[0] and str(path) in reasons[0]


def test_a_good_checkpoint_answers_the_same_in_predict_and_the_canvas(tmp_path):
    import argparse

    import numpy as np

    from mnist_viz import cli
    from mnist_viz.gui.widgets.prediction import load_predictor

    model = build_model("softmax", init="kaiming", seed=3)
    path = checkpoints.save(tmp_path / "model.pt", model, step=5)
    cli_model, checkpoint, _ = cli.load_cli_model(argparse.Namespace(checkpoint=str(path), model=None))
    predictor, why = load_predictor(str(path), dataset="mnist")
    assert why == "" and checkpoint.step == predictor.checkpoint.step == 5
    image = np.random.default_rng(0).random((28, 28), dtype=np.float32)
    with torch.inference_mode():
        expected = cli_model(torch.from_numpy(image)[None, None]).softmax(1)[0].numpy()
    assert np.allclose(predictor.predict(image).probabilities, expected, atol=1e-6)


# ====================================================================== screenshot
def test_a_screenshot_on_a_full_disk_is_one_line_and_no_partial_png(qtbot, tmp_path, monkeypatch, capsys):
    """Qt wrote the PNG itself: on a full disk, a partial file. Now it is encoded in memory and
    written atomically."""
    root = write_tiny_mnist(tmp_path / "data").root
    (tmp_path / "disk").mkdir()
    out = tmp_path / "disk" / "shot.png"
    DiskFull(monkeypatch, tmp_path / "disk", room=10_000)
    status = run_main(["screenshot", str(out), "--steps", "2", "--size", "800x600", "--data-dir", str(root)])
    err = capsys.readouterr().err
    assert not out.exists() and leftovers(tmp_path / "disk") == []
    assert status == 2, err
    line = one_line(err)
    assert line == (f"mnist-viz: error: cannot write {out}: No space left on device; nothing was written; "
                    "free some space or choose another place")
