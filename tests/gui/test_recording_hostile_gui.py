"""Hostile and damaged recordings in the window: File > Open recording... (and ``mnist-viz
open``, which calls the same ``open_recording``) answers with a warning dialog of one line,
nothing is replayed, nothing outside the folder is read, and the window stays usable (a
good recording opens right after).

The recordings are copies of the one mnist-viz 0.1.0 wrote (tests/fixtures/v0_1_0),
damaged as tests/core/test_recording_hostile.py does (more cases there).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from tests.core.test_recording_hostile import CHUNK, MANIFEST, METRICS, edit_manifest, edit_npz, npy_bytes, \
    replace_member

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1_0"
TIMEOUT_MS = 60_000


def dotdot(folder: Path, tmp_path: Path) -> str:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(folder / CHUNK, outside / CHUNK)
    edit_manifest(folder, lambda m: m["chunks"][0].update(file=f"../outside/{CHUNK}"))
    return r"manifest\.json: the chunk path '\.\./outside/chunk-0000\.npz' leaves the recording folder"


def link_out(folder: Path, tmp_path: Path) -> str:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.move(folder / METRICS, outside / METRICS)
    (folder / METRICS).symlink_to(outside / METRICS)
    return r"metrics\.npz is a link to '.*', outside the recording folder, which mnist-viz does not follow"


def huge_shape(folder: Path, tmp_path: Path) -> str:
    replace_member(folder / CHUNK, "s000100/softmax_weights",
                   npy_bytes({"descr": "<f8", "fortran_order": False, "shape": (100_000, 100_000)}, bytes(64)))
    return r"the array 's000100/softmax_weights' has the shape \(100000, 100000\), not the float array"


def deep(folder: Path, tmp_path: Path) -> str:
    text = (folder / MANIFEST).read_text(encoding="utf-8")
    (folder / MANIFEST).write_text(text[:-1] + ', "x": ' + "[" * 10_000 + "]" * 10_000 + "}", encoding="utf-8")
    return r"manifest\.json nests lists and objects more than 32 levels deep"


def dataset_list(folder: Path, tmp_path: Path) -> str:
    edit_manifest(folder, lambda m: m.update(dataset=["mnist"]))
    return r"dataset is \['mnist'\], not one this mnist-viz knows"


def text_input(folder: Path, tmp_path: Path) -> str:
    edit_npz(folder / CHUNK, lambda a: a.update({"s000100/input": np.full((28, 28), "ink")}))
    return r"the array 's000100/input' holds 'text' values"


def probe_label(folder: Path, tmp_path: Path) -> str:
    edit_npz(folder / CHUNK, lambda a: a.update({"s000100/_probe": np.array([99, 0], np.int64)}))
    return r"s000100/_probe holds 99 \(entry 0\); it must be a number from -1 to 9"


def absurd_step(folder: Path, tmp_path: Path) -> str:
    edit_npz(folder / METRICS, lambda a: a["step"].__setitem__(-1, 2**40))
    return r"metrics\.npz: step holds 1099511627776 \(entry 99\); it must be a number from 0 to 2,147,483,647"


def absurd_config(folder: Path, tmp_path: Path) -> str:
    edit_manifest(folder, lambda m: m["config"].update(batch_size=10**20))
    return r"config\.batch_size is 100000000000000000000, outside 1\.\.2,147,483,647"


def empty_probe(folder: Path, tmp_path: Path) -> str:
    edit_npz(folder / CHUNK, lambda a: a.update({"s000100/_probe": np.zeros(0, np.int64)}))
    return r"'s000100/_probe' has the shape \(0,\)"


CASES: dict[str, Callable[[Path, Path], str]] = {
    "dotdot": dotdot, "link-out": link_out, "huge-shape": huge_shape, "deep": deep, "dataset-list": dataset_list,
    "text-input": text_input, "probe-label": probe_label, "absurd-step": absurd_step,
    "absurd-config": absurd_config, "empty-probe": empty_probe,
}


def copy_softmax(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(FIXTURES / "recording-softmax", tmp_path / name))


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_recording_gets_a_warning_and_the_window_stays_usable(qtbot, main_window, tmp_path, case):
    window = main_window
    folder = copy_softmax(tmp_path, "hostile")
    expected = CASES[case](folder, tmp_path)

    assert window.open_recording(folder) is False
    qtbot.waitUntil(lambda: window.last_message is not None, timeout=TIMEOUT_MS)
    box = window.last_message
    assert box.icon() == QMessageBox.Icon.Warning
    text = box.text()
    assert "\n" not in text and len(text) < 600, text
    assert re.search(expected, text), text
    assert not window.replay.replaying and window.replay.recording is None
    assert window.replay.timeline.steps == []
    assert window.panel_errors == []

    box.close()
    qtbot.waitUntil(lambda: window.last_message is None, timeout=TIMEOUT_MS)
    # Still usable: a good recording opens and replays at once.
    good = copy_softmax(tmp_path, "good")
    assert window.open_recording(good)
    weights = window.panels["softmax_weights"]
    qtbot.waitUntil(lambda: weights.step == 100, timeout=TIMEOUT_MS)
    assert window.replay.timeline.steps == [0, 1, 25, 50, 75, 100]
    assert window.actions["start"].isEnabled()
    assert window.panel_errors == []


def test_a_chunk_damaged_while_it_is_replayed_is_said_in_the_status_bar(qtbot, main_window, tmp_path):
    """Damage done after the recording was opened is found when a snapshot is read: the status
    bar names the file (the replay controller's recording_failed), no panel breaks."""
    window = main_window
    folder = copy_softmax(tmp_path, "rec")
    assert window.open_recording(folder)
    weights = window.panels["softmax_weights"]
    qtbot.waitUntil(lambda: weights.step == 100, timeout=TIMEOUT_MS)
    shown: list[str] = []
    window.status.messageChanged.connect(lambda message: shown.append(message) if message else None)
    replace_member(folder / CHUNK, "s000025/softmax_weights", b"not an npy file")
    timeline = window.replay.timeline
    timeline.slider.setValue(timeline.steps.index(25))
    qtbot.waitUntil(lambda: any("chunk-0000.npz is damaged" in message for message in shown), timeout=TIMEOUT_MS)
    assert weights.step != 25  # the damaged snapshot was not shown
    assert window.panel_errors == []
    timeline.slider.setValue(timeline.steps.index(50))
    qtbot.waitUntil(lambda: weights.step == 50, timeout=TIMEOUT_MS)
