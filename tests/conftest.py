"""Fixtures shared by every test folder: the real MNIST, loaded once per session.

Tests that need it use ``real_mnist`` and skip, saying why, when $MNIST_VIZ_DATA does
not hold the four MNIST files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mnist_viz.core import data


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
def private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosaves and the log go to a temporary folder, never the user's (subprocesses too)."""
    folder = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("MNIST_VIZ_AUTOSAVE_DIR", str(folder / "autosave"))
    monkeypatch.setenv("MNIST_VIZ_LOG_DIR", str(folder / "log"))
    monkeypatch.delenv("MNIST_VIZ_LANG", raising=False)
