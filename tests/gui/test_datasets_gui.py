"""Choosing MNIST, Fashion-MNIST or KMNIST in the window, as a user would.

The data sets are small stand-in IDX files written per test (tests/mnist_files.py), so
that these tests run where no data set is installed; "offline" is a download mirror on
a closed local port. The screenshot test uses the real Fashion-MNIST where Debian's
package dataset-fashion-mnist has installed it, and is skipped, saying so, elsewhere.
"""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from mnist_viz import cli
from mnist_viz.core import checkpoints, data, datasets
from mnist_viz.core.models import build_model
from mnist_viz.core.training import TrainConfig
from mnist_viz.gui.main_window import MainWindow
from tests.mnist_files import tiny_idx_files

TIMEOUT_MS = 60_000
TINY_SOFTMAX = TrainConfig(model="softmax", preset="custom", optimizer="sgd", learning_rate=0.01, batch_size=8,
                           steps=6, eval_every=3, device="cpu")
FASHION_SYSTEM_FOLDER = Path("/usr/share/datasets/fashion-mnist")


@pytest.fixture(autouse=True)
def no_system_copies(monkeypatch):
    """Pretend no OS package installed any data set (this machine may have Fashion-MNIST)."""
    for key, info in list(datasets.DATASETS.items()):
        monkeypatch.setitem(datasets.DATASETS, key, dataclasses.replace(info, system_folders=()))


def write_stand_in(root: Path, dataset: str, seed: int = 0) -> None:
    raw = data.raw_folder(root, dataset)
    raw.mkdir(parents=True, exist_ok=True)
    for name, content in tiny_idx_files(seed=seed).items():
        (raw / name).write_bytes(content)


def open_window(qtbot, root: Path) -> MainWindow:
    """A window on ``root`` that remembers its settings (in the test's private folder), once loaded."""
    window = MainWindow(data_dir=str(root))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    with qtbot.waitSignal(window.data_ready, timeout=TIMEOUT_MS):
        window.show()
    qtbot.waitUntil(lambda: window.arranged, timeout=TIMEOUT_MS)
    return window


def choose(window: MainWindow, dataset: str) -> None:
    """Pick ``dataset`` in the control panel's data-set box, as a user does."""
    combo = window.controls.dataset
    combo.setCurrentIndex(combo.findData(dataset))


def close(window: MainWindow) -> None:
    window.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0, "a worker thread outlived the window"


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def tick_texts(axis) -> list[str]:
    return [text for _, text in axis._tickLevels[0]]


def test_choosing_fashion_mnist_loads_it_names_its_classes_and_is_remembered(qtbot, tmp_path):
    root = tmp_path / "data"
    write_stand_in(root, "mnist", seed=0)
    write_stand_in(root, "fashion-mnist", seed=1)
    window = open_window(qtbot, root)
    assert window.mnist.dataset == "mnist" and window.windowTitle().endswith("MNIST")

    with qtbot.waitSignal(window.data_ready, timeout=TIMEOUT_MS):
        choose(window, "fashion-mnist")

    assert window.mnist.dataset == "fashion-mnist"
    assert "Fashion-MNIST" in window.windowTitle()
    assert "Fashion-MNIST" in window.status.currentMessage()
    assert window.actions["start"].isEnabled()
    # The drawing panel asks for a garment now, not a digit.
    assert window.docks["canvas"].windowTitle() == "Draw a garment"
    assert window.panels["canvas"].canvas.hint_text == "Draw here"
    # Train a few steps: the softmax weights are titled with the clothes, not the digits.
    window.controls.set_config(TINY_SOFTMAX)
    with qtbot.waitSignal(window.controller.finished, timeout=TIMEOUT_MS):
        window.actions["start"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    weights = window.panels["softmax_weights"]
    qtbot.waitUntil(lambda: len(weights.mosaic._label_items) == 10, timeout=TIMEOUT_MS)
    assert [item.text() for item in weights.mosaic._label_items] == list(datasets.get("fashion-mnist").short_names)
    assert "T-shirt" in weights.mosaic._label_items[0].text()
    confusion = window.panels["confusion"]
    assert tick_texts(confusion.matrix_plot.getAxis("left"))[9] == "9 Boot"
    assert confusion.describe_cell(7, 5).split(" taken for ")[0].endswith("Sneaker")
    chart = window.panels["feature_maps"].probability_chart
    assert chart.class_names == datasets.class_names_for("fashion-mnist")
    # The data set cannot change in the middle of a run; after it, the choice is kept.
    close(window)

    again = open_window(qtbot, root)
    assert again.controls.current_dataset() == "fashion-mnist"
    assert again.mnist.dataset == "fashion-mnist" and "Fashion-MNIST" in again.windowTitle()
    close(again)


def test_kmnist_offline_offers_a_download_that_fails_with_a_clear_message(qtbot, tmp_path, monkeypatch):
    from torchvision.datasets import KMNIST

    monkeypatch.setattr(KMNIST, "mirrors", [closed_port_url()])  # no network: nothing answers
    root = tmp_path / "data"
    write_stand_in(root, "mnist")
    window = open_window(qtbot, root)

    with qtbot.waitSignal(window.data_failed, timeout=TIMEOUT_MS):
        choose(window, "kmnist")
    dialog = window.missing_data_dialog
    assert dialog is not None and dialog.isVisible()
    assert "KMNIST" in dialog.windowTitle() and str(root / "KMNIST" / "raw") in dialog.informativeText()
    assert not window.actions["start"].isEnabled()
    assert "KMNIST is not loaded" in window.actions["start"].toolTip()

    with qtbot.waitSignal(window.data_failed, timeout=TIMEOUT_MS) as failed:
        dialog.download_button.click()
    message = failed.args[0]
    assert message.startswith("Could not download KMNIST into " + str(root / "KMNIST" / "raw"))
    assert "\n" not in message
    box = window.last_message
    assert box is not None and box.windowTitle() == "KMNIST could not be downloaded" and box.text() == message
    assert window.mnist is None and not window.actions["start"].isEnabled()
    box.close()

    # MNIST is still there: choosing it again makes the app usable again.
    assert window.docks["canvas"].windowTitle() == "Draw a character"
    with qtbot.waitSignal(window.data_ready, timeout=TIMEOUT_MS):
        choose(window, "mnist")
    assert window.actions["start"].isEnabled()
    assert window.docks["canvas"].windowTitle() == "Draw a digit"
    close(window)


def test_the_canvas_never_answers_fashion_mnist_with_the_mnist_pretrained_model(qtbot, tmp_path):
    root = tmp_path / "data"
    write_stand_in(root, "mnist")
    write_stand_in(root, "fashion-mnist", seed=2)
    window = open_window(qtbot, root)
    canvas = window.panels["canvas"]
    qtbot.waitUntil(lambda: window.torch_loaded, timeout=TIMEOUT_MS)
    # the panels show the shipped model of the network chosen, and the canvas answers with it
    from mnist_viz.core.config import shipped_slot

    # ("softmax", the tutorial's fc-10, is shipped as softmax-plain; the canvas's softmax.pt is deskew,fc-10)
    assert canvas.source_key == ("pretrained", shipped_slot(window.controls.current_model()))

    with qtbot.waitSignal(window.data_ready, timeout=TIMEOUT_MS):
        choose(window, "fashion-mnist")
    assert canvas.source_key == ("live",)
    for row, key in enumerate(canvas.source_combo.keys):
        if key[0] == "pretrained":  # every shipped model, the plain softmax too
            pretrained = canvas.source_combo.model().item(row)
            assert not pretrained.isEnabled() and "MNIST" in pretrained.toolTip()
    canvas.set_source(("pretrained", "cnn"))  # e.g. chosen by code: refused, saying why
    assert canvas.source_key == ("live",) and "MNIST digits only" in canvas.message_label.text()

    # A checkpoint trained on MNIST is refused while Fashion-MNIST is in use.
    path = checkpoints.save(tmp_path / "digits.pt", build_model("softmax"), dataset="mnist")
    canvas.load_checkpoint(path)
    qtbot.waitUntil(lambda: "trained on MNIST" in canvas.message_label.text(), timeout=TIMEOUT_MS)
    assert canvas.source_key == ("live",)

    # Back to MNIST: the pretrained model answers again.
    with qtbot.waitSignal(window.data_ready, timeout=TIMEOUT_MS):
        choose(window, "mnist")
    from mnist_viz.core.config import shipped_slot

    # ("softmax", the tutorial's fc-10, is shipped as softmax-plain; the canvas's softmax.pt is deskew,fc-10)
    assert canvas.source_key == ("pretrained", shipped_slot(window.controls.current_model()))
    assert canvas.source_combo.model().item(0).isEnabled()
    close(window)


def test_the_data_set_cannot_change_during_a_run(qtbot, tmp_path):
    root = tmp_path / "data"
    write_stand_in(root, "mnist")
    write_stand_in(root, "fashion-mnist", seed=1)
    window = open_window(qtbot, root)
    window.controls.set_config(TINY_SOFTMAX.replace(steps=10_000_000, eval_every=0))
    with qtbot.waitSignal(window.controller.run_started, timeout=TIMEOUT_MS):
        window.actions["start"].trigger()
    assert not window.controls.dataset.isEnabled()
    window.set_dataset("fashion-mnist")  # e.g. from code: refused while training runs
    assert window.mnist.dataset == "mnist" and window.controls.current_dataset() == "mnist"
    window.actions["stop"].trigger()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=TIMEOUT_MS)
    assert window.controls.dataset.isEnabled()
    close(window)


@pytest.mark.skipif(not FASHION_SYSTEM_FOLDER.is_dir(),
                    reason="the real Fashion-MNIST is not installed (apt install dataset-fashion-mnist)")
def test_screenshot_of_softmax_learning_the_real_fashion_mnist(qtbot, tmp_path, capsys, monkeypatch):
    info = datasets.get("fashion-mnist")
    monkeypatch.setitem(datasets.DATASETS, "fashion-mnist",
                        dataclasses.replace(info, system_folders=(str(FASHION_SYSTEM_FOLDER),)))
    out = tmp_path / "fashion.png"

    status = cli.main(["screenshot", str(out), "--dataset", "fashion-mnist", "--steps", "100", "--size",
                       "1000x640", "--data-dir", str(tmp_path / "empty-root")])

    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "on Fashion-MNIST" in captured.out and out.stat().st_size > 10_000
    accuracy = float(captured.out.rsplit("test accuracy ", 1)[1])
    assert accuracy > 0.5  # chance is 0.1; plain gradient descent after 100 steps: about 0.58



@pytest.mark.parametrize("argv", [["--dataset", "kmnist"], ["app", "--dataset", "kmnist"]])
def test_the_app_opens_on_the_data_set_named_on_the_command_line(monkeypatch, argv):
    from mnist_viz.gui import app, splash

    opened = []
    monkeypatch.setattr(splash, "show_splash", lambda: None)
    monkeypatch.setattr(app, "run_app", lambda data_dir=None, dataset=None: opened.append(dataset) or 0)
    assert cli.opens_app(argv)
    assert cli.main(argv) == 0
    assert opened == ["kmnist"]


def test_a_window_opened_for_a_data_set_uses_it_over_the_remembered_one(qtbot, tmp_path):
    root = tmp_path / "data"
    write_stand_in(root, "mnist")
    write_stand_in(root, "kmnist", seed=4)
    window = MainWindow(data_dir=str(root), dataset="kmnist")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.data_ready, timeout=TIMEOUT_MS):
        window.show()
    assert window.mnist.dataset == "kmnist" and window.controls.current_dataset() == "kmnist"
    names = window.panels["softmax_weights"].short_class_names
    assert names[0] in ("お", "o") and names[3] in ("つ", "tsu")  # kana where a Japanese font exists
    close(window)
