"""Tiny MNIST files for tests: valid IDX files in torchvision's layout (ROOT/MNIST/raw/...).

They are small enough that loading and training on them takes milliseconds, so tests can
exercise the real loading code without the 55 MB of MNIST.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mnist_viz.core import data

TINY_TRAIN = 64
TINY_TEST = 32


@dataclass(frozen=True)
class TinyMnist:
    """Where the tiny files are and what they hold (to compare against what is loaded)."""

    root: Path
    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray

    @property
    def raw(self) -> Path:
        return data.raw_folder(self.root)

    def file(self, name: str) -> Path:
        return self.raw / name


def idx_images(images: np.ndarray) -> bytes:
    """IDX3 bytes: magic 0x803, count, rows, columns, then the pixels."""
    count, rows, columns = images.shape
    header = b"".join(int(v).to_bytes(4, "big") for v in (data.IMAGES_MAGIC, count, rows, columns))
    return header + images.astype(np.uint8).tobytes()


def idx_labels(labels: np.ndarray) -> bytes:
    """IDX1 bytes: magic 0x801, count, then one byte per label."""
    header = b"".join(int(v).to_bytes(4, "big") for v in (data.LABELS_MAGIC, len(labels)))
    return header + labels.astype(np.uint8).tobytes()


def tiny_idx_files(train: int = TINY_TRAIN, test: int = TINY_TEST, seed: int = 0) -> dict[str, bytes]:
    """The four MNIST files (name -> bytes) with random images and labels 0..9."""
    files, _ = _tiny_arrays(train, test, seed)
    return files


def _tiny_arrays(train: int, test: int, seed: int):
    rng = np.random.default_rng(seed)
    arrays = {
        "train_images": rng.integers(0, 256, size=(train, 28, 28), dtype=np.uint8),
        # Every digit appears, in a shuffled order.
        "train_labels": rng.permutation(np.arange(train) % 10).astype(np.uint8),
        "test_images": rng.integers(0, 256, size=(test, 28, 28), dtype=np.uint8),
        "test_labels": rng.permutation(np.arange(test) % 10).astype(np.uint8),
    }
    (train_images, train_labels), (test_images, test_labels) = data.SPLIT_FILES.values()
    files = {
        train_images: idx_images(arrays["train_images"]),
        train_labels: idx_labels(arrays["train_labels"]),
        test_images: idx_images(arrays["test_images"]),
        test_labels: idx_labels(arrays["test_labels"]),
    }
    return files, arrays


def write_tiny_mnist(root: Path, train: int = TINY_TRAIN, test: int = TINY_TEST, seed: int = 0) -> TinyMnist:
    """Write the four tiny IDX files into ``root/MNIST/raw`` and describe them."""
    files, arrays = _tiny_arrays(train, test, seed)
    raw = data.raw_folder(root)
    raw.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (raw / name).write_bytes(content)
    return TinyMnist(root=Path(root), **arrays)
