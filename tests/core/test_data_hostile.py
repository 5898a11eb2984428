"""Hostile data folders: labels outside 0-9, folders and files the user may not read, files
where folders should be. Each is one DataError line naming the path and what to do, and
``mnist-viz train`` prints that line and exits 2, never a traceback.

The tests run as root, who may read anything: a permission problem is simulated by making
the operating system's calls (stat, open, listing) refuse the paths inside a folder, as
the kernel does for a folder without read and search permission.
"""

from __future__ import annotations

import builtins
import dataclasses
import errno
import gzip
import io
import os
from pathlib import Path

import numpy as np
import pytest

from mnist_viz.core import data, datasets
from tests.helpers import one_line, run_main
from tests.mnist_files import TinyMnist, idx_labels, tiny_idx_files

TRAIN_IMAGES, TRAIN_LABELS = data.SPLIT_FILES["train"]
TEST_IMAGES, TEST_LABELS = data.SPLIT_FILES["test"]


@pytest.fixture(autouse=True)
def no_system_copies(monkeypatch):
    """No data set installed by an OS package is found instead of the folders made here."""
    for key, info in list(datasets.DATASETS.items()):
        monkeypatch.setitem(datasets.DATASETS, key, dataclasses.replace(info, system_folders=()))


def one_line_naming(err: pytest.ExceptionInfo, *words: str) -> str:
    message = str(err.value)
    assert "\n" not in message and len(message) < 600, message
    for word in words:
        assert word in message, message
    return message


def train(capsys, root: Path, *extra: str) -> tuple[int, str]:
    """``mnist-viz train --data-dir ROOT --no-download`` in-process: its exit code and its one stderr line."""
    code = run_main(["train", "--data-dir", str(root), "--no-download", "--model", "softmax", "--steps", "2",
                     "--batch-size", "8", "--quiet", *extra])
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, one_line(captured.err)


def with_labels(tiny: TinyMnist, name: str, labels: np.ndarray) -> Path:
    path = tiny.file(name)
    path.write_bytes(idx_labels(labels))
    return path


# ================================================================ labels outside 0-9
@pytest.mark.parametrize(("name", "index", "value"), [(TRAIN_LABELS, 5, 12), (TRAIN_LABELS, 63, 10),
                                                      (TEST_LABELS, 0, 255)])
def test_a_label_outside_0_9_names_the_file_and_the_value(tiny_mnist, name, index, value):
    labels = (tiny_mnist.train_labels if name == TRAIN_LABELS else tiny_mnist.test_labels).copy()
    labels[index] = value
    path = with_labels(tiny_mnist, name, labels)
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    message = one_line_naming(err, str(path), f"label {value}", f"item {index}", "0-9", "original MNIST file")
    assert "more are outside" not in message


def test_many_bad_labels_are_counted_once(tiny_mnist):
    labels = tiny_mnist.train_labels.copy()
    labels[10:20] = 42
    with_labels(tiny_mnist, TRAIN_LABELS, labels)
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    one_line_naming(err, "label 42 at item 10", "9 more are outside 0-9")


def test_a_gzipped_copy_with_bad_labels_is_named_too(tmp_path, monkeypatch):
    files = tiny_idx_files()
    labels = bytearray(files[TRAIN_LABELS])
    labels[8 + 3] = 99
    files[TRAIN_LABELS] = bytes(labels)
    folder = tmp_path / "system"
    folder.mkdir()
    for name, content in files.items():
        (folder / f"{name}.gz").write_bytes(gzip.compress(content))
    info = datasets.get("fashion-mnist")
    monkeypatch.setitem(datasets.DATASETS, "fashion-mnist", dataclasses.replace(info, system_folders=(str(folder),)))
    with pytest.raises(data.DataError) as err:
        data.load(tmp_path / "root", "fashion-mnist")
    one_line_naming(err, str(folder / f"{TRAIN_LABELS}.gz"), "label 99", "Fashion-MNIST labels are 0-9")


def test_train_with_a_bad_label_prints_one_line_and_exits_2(tiny_mnist, capsys):
    """It was an IndexError traceback from the loss ("Target 12 is out of bounds")."""
    labels = tiny_mnist.train_labels.copy()
    labels[5] = 12
    path = with_labels(tiny_mnist, TRAIN_LABELS, labels)
    code, line = train(capsys, tiny_mnist.root)
    assert code == 2
    assert line.startswith(f"mnist-viz: error: {path} holds the label 12")


# ============================================================ what the system refuses
def denying(monkeypatch, inside: Path, error: int = errno.EACCES, calls: tuple[str, ...] = ("stat", "open")) -> None:
    """Make stat, open and listing refuse every path strictly inside ``inside`` with ``error``."""
    inside = Path(inside).resolve()

    def refused(path) -> bool:
        try:
            target = Path(os.fsdecode(path)).absolute()
        except TypeError:  # a file descriptor
            return False
        return inside in target.parents

    def guard(original):
        def guarded(path, *args, **kwargs):
            if refused(path):  # OSError(EACCES, ...) is a PermissionError, EISDIR an IsADirectoryError
                raise OSError(error, os.strerror(error), os.fsdecode(path))
            return original(path, *args, **kwargs)
        return guarded

    if "stat" in calls:
        monkeypatch.setattr(os, "stat", guard(os.stat))
        monkeypatch.setattr(os, "lstat", guard(os.lstat))
        monkeypatch.setattr(os, "scandir", guard(os.scandir))
        monkeypatch.setattr(os, "listdir", guard(os.listdir))
    if "open" in calls:
        monkeypatch.setattr(builtins, "open", guard(builtins.open))
        monkeypatch.setattr(io, "open", guard(io.open))


def test_a_data_folder_that_may_not_be_read_gives_one_line(tiny_mnist, monkeypatch):
    denying(monkeypatch, tiny_mnist.root)
    for action in (lambda: data.load(tiny_mnist.root), lambda: data.ensure(tiny_mnist.root, allow_download=False),
                   lambda: data.validate(tiny_mnist.root), lambda: data.missing_files(tiny_mnist.root)):
        with pytest.raises(data.DataError) as err:
            action()
        one_line_naming(err, str(tiny_mnist.root), "Permission denied", "permissions", "--data-dir")


def test_the_window_is_not_offered_a_download_for_a_folder_it_may_not_read(tiny_mnist, monkeypatch):
    """is_available is asked on the GUI thread: it says "go ahead and load", and load says why not."""
    denying(monkeypatch, tiny_mnist.root)
    assert data.is_available(tiny_mnist.root)
    with pytest.raises(data.DataError, match="Permission denied"):
        data.load(tiny_mnist.root)


def test_a_data_file_that_may_not_be_opened_gives_one_line(tiny_mnist, monkeypatch):
    denying(monkeypatch, tiny_mnist.raw, calls=("open",))
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    one_line_naming(err, str(tiny_mnist.raw), "cannot be read (Permission denied)", "permissions")


def test_a_data_file_that_turns_out_to_be_a_folder_gives_one_line(tiny_mnist, monkeypatch):
    denying(monkeypatch, tiny_mnist.raw, error=errno.EISDIR, calls=("open",))
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    one_line_naming(err, str(tiny_mnist.raw), "is a folder", "data file")


def test_a_disk_error_gives_one_line(tiny_mnist, monkeypatch):
    denying(monkeypatch, tiny_mnist.raw, error=errno.EIO)
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    one_line_naming(err, str(tiny_mnist.raw), "Input/output error", "disk")


def test_train_on_a_folder_it_may_not_read_prints_one_line_and_exits_2(tiny_mnist, capsys, monkeypatch):
    """It was a PermissionError traceback."""
    denying(monkeypatch, tiny_mnist.root)
    code, line = train(capsys, tiny_mnist.root)
    assert code == 2
    assert line.startswith("mnist-viz: error: ") and "Permission denied" in line and str(tiny_mnist.root) in line


def test_train_on_a_folder_it_may_not_read_without_no_download_does_not_try_to_download(tiny_mnist, capsys,
                                                                                          monkeypatch):
    denying(monkeypatch, tiny_mnist.root)
    monkeypatch.setattr(data, "download", lambda *args, **kwargs: pytest.fail("a download was attempted"))
    code = run_main(["train", "--data-dir", str(tiny_mnist.root), "--model", "softmax", "--steps", "2", "--quiet"])
    assert code == 2
    assert "Permission denied" in one_line(capsys.readouterr().err)


# ==================================================================== files where folders go
def test_a_data_folder_that_is_a_file_gives_one_line(tmp_path, capsys):
    root = tmp_path / "data"
    root.write_text("not a folder")
    for action in (lambda: data.load(root), lambda: data.ensure(root, allow_download=True)):
        with pytest.raises(data.DataError) as err:
            action()
        one_line_naming(err, f"The data folder {root} is a file, not a folder", "--data-dir")
    code, line = train(capsys, root)
    assert code == 2 and "is a file, not a folder" in line


def test_a_raw_folder_that_is_a_file_gives_one_line(tmp_path):
    root = tmp_path / "data"
    raw = data.raw_folder(root)
    raw.parent.mkdir(parents=True)
    raw.write_text("not a folder")
    with pytest.raises(data.DataError) as err:
        data.ensure(root, allow_download=False)
    one_line_naming(err, f"{raw} is a file, but it should be the folder that holds the MNIST files")


def test_downloaded_files_that_cannot_be_moved_into_place_give_one_line(mirror, tmp_path, monkeypatch):
    folder, url = mirror
    for name, content in tiny_idx_files().items():
        (folder / f"{name}.gz").write_bytes(gzip.compress(content))

    def refuse(source, target, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(target))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(data.DataError) as err:
        data.download(tmp_path / "data", mirrors=[url])
    one_line_naming(err, "Cannot move the downloaded MNIST files into", "Permission denied", "--data-dir")

