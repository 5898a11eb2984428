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
def one_torch_thread():
    """Run the core tests on one intra-op thread, then restore the setting.

    The tests' tensors are tiny, so a second thread buys nothing; on a machine whose cores
    are busy (CI runners, or other trainings) torch's spinning worker threads made the
    same steps up to ten times slower.
    """
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)
