"""Fixtures for the core tests: tiny MNIST files written on the spot, and the real MNIST.

Tests that need the real data set use ``real_mnist`` and skip, saying why, when
$MNIST_VIZ_DATA does not hold it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mnist_viz.core import data
from tests.mnist_files import TinyMnist, write_tiny_mnist


@pytest.fixture
def tiny_mnist(tmp_path: Path) -> TinyMnist:
    """64 training and 32 test images of random noise, as valid MNIST files."""
    return write_tiny_mnist(tmp_path / "data")


def real_mnist_root() -> Path | None:
    """The folder $MNIST_VIZ_DATA names, if it holds all four MNIST files."""
    env = os.environ.get(data.ENV_VAR)
    if not env:
        return None
    root = Path(env).expanduser()
    return None if data.missing_files(root) else root


@pytest.fixture(scope="session")
def real_mnist() -> data.Mnist:
    """The real MNIST, loaded once per test session (skips when it is not there)."""
    root = real_mnist_root()
    if root is None:
        env = os.environ.get(data.ENV_VAR)
        where = f"{data.ENV_VAR}={env}" if env else f"{data.ENV_VAR} is not set"
        pytest.skip(f"real MNIST not available ({where}); set {data.ENV_VAR} to a folder holding MNIST/raw/")
    return data.load(root)


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
