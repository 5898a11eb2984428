"""MNIST on disk: where it is looked for, how it is read, what is refused, how it is fetched.

Everything here runs the real loading and downloading code on tiny IDX files that the
tests write themselves; downloads come from a web server on 127.0.0.1, never the internet.
"""

from __future__ import annotations

import gzip
import os
import socket
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from mnist_viz.core import data

from tests.mnist_files import TINY_TEST, TINY_TRAIN, idx_labels, tiny_idx_files, write_tiny_mnist

TRAIN_IMAGES, TRAIN_LABELS = data.SPLIT_FILES["train"]
TEST_IMAGES, TEST_LABELS = data.SPLIT_FILES["test"]


def assert_one_line_naming(err: pytest.ExceptionInfo, path: Path, *words: str) -> None:
    message = str(err.value)
    assert "\n" not in message, message
    assert str(path) in message, message
    for word in words:
        assert word in message, message


# ------------------------------------------------------------------ loading

def test_tiny_files_load_with_their_shapes_types_and_values(tiny_mnist):
    mnist = data.load(tiny_mnist.root)

    assert mnist.root == tiny_mnist.root
    assert len(mnist.train) == TINY_TRAIN and len(mnist.test) == TINY_TEST
    assert mnist.train.images.shape == (TINY_TRAIN, 28, 28)
    assert mnist.test.images.shape == (TINY_TEST, 28, 28)
    assert mnist.train.images.dtype == torch.uint8
    assert mnist.train.labels.dtype == torch.int64
    np.testing.assert_array_equal(mnist.train.images.numpy(), tiny_mnist.train_images)
    np.testing.assert_array_equal(mnist.train.labels.numpy(), tiny_mnist.train_labels)
    np.testing.assert_array_equal(mnist.test.images.numpy(), tiny_mnist.test_images)
    np.testing.assert_array_equal(mnist.test.labels.numpy(), tiny_mnist.test_labels)


def test_a_batch_is_float_images_in_0_1_with_their_labels(tiny_mnist):
    mnist = data.load(tiny_mnist.root)
    indices = torch.tensor([5, 0, 63])

    images, labels = mnist.train.batch(indices)

    assert images.shape == (3, 1, 28, 28) and images.dtype == torch.float32
    assert 0.0 <= images.min() and images.max() <= 1.0
    np.testing.assert_allclose(images[:, 0].numpy(), tiny_mnist.train_images[[5, 0, 63]] / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(labels.numpy(), tiny_mnist.train_labels[[5, 0, 63]])


def test_ensure_loads_files_that_are_already_there_without_downloading(tiny_mnist, monkeypatch):
    def no_download(*args, **kwargs):
        raise AssertionError("ensure() downloaded although the files were there")

    monkeypatch.setattr(data, "download", no_download)
    mnist = data.ensure(tiny_mnist.root, allow_download=True)
    assert len(mnist.train) == TINY_TRAIN


def test_real_mnist_has_60000_and_10000_digits(real_mnist):
    assert real_mnist.train.images.shape == (60_000, 28, 28)
    assert real_mnist.test.images.shape == (10_000, 28, 28)
    assert real_mnist.train.images.dtype == torch.uint8
    for split in (real_mnist.train, real_mnist.test):
        assert split.labels.min() == 0 and split.labels.max() == 9
        assert set(split.labels.unique().tolist()) == set(range(10))
        assert split.images.max() == 255  # ink is fully saturated somewhere


# ------------------------------------------------------------ refused files

def test_a_missing_folder_is_named(tmp_path):
    folder = tmp_path / "nowhere"
    with pytest.raises(data.DataError) as err:
        data.load(folder)
    assert_one_line_naming(err, folder, "does not exist")


def test_a_missing_file_is_named(tiny_mnist):
    tiny_mnist.file(TRAIN_LABELS).unlink()
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    assert_one_line_naming(err, tiny_mnist.file(TRAIN_LABELS), "missing")


def test_missing_files_without_download_name_the_folder(tiny_mnist):
    tiny_mnist.file(TEST_IMAGES).unlink()
    with pytest.raises(data.DataError) as err:
        data.ensure(tiny_mnist.root, allow_download=False)
    assert_one_line_naming(err, tiny_mnist.raw, "--no-download")


@pytest.mark.parametrize("keep_bytes", [3, 14, 16 + 28 * 28 * 10 + 5], ids=["no-header", "half-header", "half-data"])
def test_a_truncated_file_is_named(tiny_mnist, keep_bytes):
    path = tiny_mnist.file(TRAIN_IMAGES)
    path.write_bytes(path.read_bytes()[:keep_bytes])
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    assert_one_line_naming(err, path, "truncated")


def test_a_wrong_magic_number_is_named(tiny_mnist):
    path = tiny_mnist.file(TEST_IMAGES)
    content = bytearray(path.read_bytes())
    content[:4] = data.LABELS_MAGIC.to_bytes(4, "big")  # a label file's magic on an image file
    path.write_bytes(bytes(content))
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    assert_one_line_naming(err, path, "magic number", "0x00000801", "0x00000803")


def test_a_labels_file_of_another_length_is_a_count_mismatch(tiny_mnist):
    path = tiny_mnist.file(TEST_LABELS)
    path.write_bytes(idx_labels(tiny_mnist.test_labels[:-1]))
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    assert_one_line_naming(err, path, f"{TINY_TEST} images", f"{TINY_TEST - 1} labels")
    assert str(tiny_mnist.file(TEST_IMAGES)) in str(err.value)


def test_a_folder_where_a_file_should_be_is_named(tiny_mnist):
    path = tiny_mnist.file(TRAIN_IMAGES)
    path.unlink()
    path.mkdir()
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    assert_one_line_naming(err, path, "is a folder")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="needs POSIX permissions and a non-root user (root can read any file)")
def test_an_unreadable_file_is_named(tiny_mnist):
    path = tiny_mnist.file(TRAIN_LABELS)
    path.chmod(0)
    try:
        with pytest.raises(data.DataError) as err:
            data.load(tiny_mnist.root)
    finally:
        path.chmod(0o644)
    assert_one_line_naming(err, path, "cannot be read", "permissions")


def test_trailing_garbage_is_named(tiny_mnist):
    path = tiny_mnist.file(TRAIN_LABELS)
    path.write_bytes(path.read_bytes() + b"garbage")
    with pytest.raises(data.DataError) as err:
        data.load(tiny_mnist.root)
    assert_one_line_naming(err, path, "7 unexpected bytes")


# ------------------------------------------------------------ where data is

def test_data_dir_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "from-env"))
    assert data.resolve_root(tmp_path / "from-flag") == tmp_path / "from-flag"


def test_the_environment_wins_over_the_user_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "from-env"))
    assert data.resolve_root(None) == tmp_path / "from-env"


def test_without_flag_or_environment_the_user_data_folder_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    root = data.resolve_root(None)
    assert root == data.default_root()
    assert "mnist-viz" in root.parts
    if sys.platform.startswith("linux"):
        assert root == tmp_path / "xdg" / "mnist-viz" / "data"


def test_a_home_relative_data_dir_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data.resolve_root("~/mnist") == tmp_path / "mnist"


# --------------------------------------------------------------- download

def serve_gzipped(folder: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        (folder / f"{name}.gz").write_bytes(gzip.compress(content))


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def leftovers(root: Path) -> list[str]:
    """Everything under ROOT/MNIST except the (empty) raw folder itself."""
    mnist = root / "MNIST"
    if not mnist.exists():
        return []
    return sorted(str(p.relative_to(mnist)) for p in mnist.rglob("*") if p != mnist / "raw")


def test_download_fetches_the_four_files_and_they_load(mirror, tmp_path):
    folder, url = mirror
    files = tiny_idx_files()
    serve_gzipped(folder, files)
    root = tmp_path / "data"
    reports = []

    data.download(root, progress=lambda done, total, name: reports.append((done, total)), mirrors=[url])

    assert sorted(p.name for p in data.raw_folder(root).iterdir()) == sorted(files)
    assert leftovers(root) == sorted(f"raw/{name}" for name in files)  # no staging folder, no .gz
    for name, content in files.items():
        assert (data.raw_folder(root) / name).read_bytes() == content
    assert len(data.load(root).train) == TINY_TRAIN
    assert reports[0] == (0, 4) and reports[-1] == (4, 4)


def test_a_download_removes_staging_folders_abandoned_by_earlier_downloads(mirror, tmp_path):
    folder, url = mirror
    serve_gzipped(folder, tiny_idx_files())
    root = tmp_path / "data"
    abandoned = root / "MNIST" / ".download-old"
    (abandoned / "part").mkdir(parents=True)
    (abandoned / "part" / "train-images-idx3-ubyte.gz").write_bytes(b"half a file")
    two_hours_ago = time.time() - 7200
    for path in (abandoned / "part" / "train-images-idx3-ubyte.gz", abandoned / "part", abandoned):
        os.utime(path, (two_hours_ago, two_hours_ago))
    in_progress = root / "MNIST" / ".download-other-window"  # another download, writing right now
    in_progress.mkdir()

    data.download(root, mirrors=[url])

    assert not abandoned.exists()
    assert in_progress.is_dir()
    assert len(data.load(root).train) == TINY_TRAIN


def test_ensure_downloads_what_is_missing(mirror, tmp_path, monkeypatch):
    from torchvision.datasets import MNIST

    folder, url = mirror
    serve_gzipped(folder, tiny_idx_files())
    monkeypatch.setattr(MNIST, "mirrors", [url])
    monkeypatch.setattr(MNIST, "resources", [(name, None) for name, _ in MNIST.resources])

    mnist = data.ensure(tmp_path / "fresh", allow_download=True)
    assert len(mnist.test) == TINY_TEST


def test_an_unreachable_mirror_names_the_folder_and_leaves_nothing_behind(tmp_path):
    root = tmp_path / "data"
    with pytest.raises(data.DataError) as err:
        data.download(root, mirrors=[closed_port_url()])
    assert_one_line_naming(err, data.raw_folder(root), "Could not download")
    assert leftovers(root) == []


def test_a_mirror_missing_some_files_leaves_nothing_behind(mirror, tmp_path):
    folder, url = mirror
    files = tiny_idx_files()
    serve_gzipped(folder, {name: files[name] for name in (TRAIN_IMAGES, TRAIN_LABELS)})  # no test split
    root = tmp_path / "data"
    with pytest.raises(data.DataError) as err:
        data.download(root, mirrors=[url])
    assert_one_line_naming(err, data.raw_folder(root))
    assert leftovers(root) == []


def test_a_broken_download_is_not_kept(mirror, tmp_path):
    folder, url = mirror
    files = tiny_idx_files()
    files[TRAIN_IMAGES] = files[TRAIN_IMAGES][:1000]  # truncated at the source
    serve_gzipped(folder, files)
    root = tmp_path / "data"
    with pytest.raises(data.DataError) as err:
        data.download(root, mirrors=[url])
    assert_one_line_naming(err, data.raw_folder(root), "truncated")
    assert leftovers(root) == []


def test_a_failed_download_keeps_the_files_that_were_there(tmp_path):
    tiny = write_tiny_mnist(tmp_path / "data")
    tiny.file(TEST_LABELS).unlink()
    before = {p.name: p.read_bytes() for p in tiny.raw.iterdir()}
    with pytest.raises(data.DataError):
        data.download(tiny.root, mirrors=[closed_port_url()])
    assert {p.name: p.read_bytes() for p in tiny.raw.iterdir()} == before


# ------------------------------------------------------------------ batches

@pytest.mark.parametrize("count, batch_size", [(10, 4), (64, 64), (64, 100), (7, 3)])
def test_every_example_comes_exactly_once_per_epoch(count, batch_size):
    batches = data.iterate_batches(count, batch_size, torch.Generator().manual_seed(0))
    epochs = 6
    needed = -(-count * epochs // batch_size)  # ceil
    drawn = [next(batches) for _ in range(needed)]
    assert all(len(batch) == batch_size for batch in drawn)
    stream = torch.cat(drawn)[: count * epochs].reshape(epochs, count)
    for epoch in stream:
        assert sorted(epoch.tolist()) == list(range(count))
    assert len({tuple(epoch.tolist()) for epoch in stream}) > 1  # shuffled afresh each epoch


def test_batches_follow_the_seed():
    def first(seed):
        batches = data.iterate_batches(100, 10, torch.Generator().manual_seed(seed))
        return torch.cat([next(batches) for _ in range(5)]).tolist()

    assert first(3) == first(3)
    assert first(3) != first(4)
