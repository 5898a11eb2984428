"""Fixtures for the core tests: tiny MNIST files written on the spot, and the real MNIST.

Tests that need the real data set use ``real_mnist`` and skip, saying why, when
$MNIST_VIZ_DATA does not hold it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mnist_files import TinyMnist, write_tiny_mnist


@pytest.fixture
def tiny_mnist(tmp_path: Path) -> TinyMnist:
    """64 training and 32 test images of random noise, as valid MNIST files."""
    return write_tiny_mnist(tmp_path / "data")


@pytest.fixture(autouse=True)
def _core_tests_on_one_thread(one_torch_thread):
    """Every core test runs on one intra-op thread (see tests/conftest.py)."""
