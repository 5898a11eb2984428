"""Fixtures for the GUI tests: private QSettings, MNIST subsets, and a ready main window.

Every GUI test reads and writes QSettings in its own temporary folder, never the user's.
Tests that need the real MNIST use ``mnist_small`` (2,000 training and 500 test images,
loaded once per session) and skip, saying why, when $MNIST_VIZ_DATA does not hold it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from mnist_viz.core import data

SMALL_TRAIN, SMALL_TEST = 2000, 500


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point QSettings (INI and native, user scope) at a fresh temporary folder."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))
    return folder


def real_mnist_root() -> Path | None:
    """The folder $MNIST_VIZ_DATA names, if it holds all four MNIST files."""
    env = os.environ.get(data.ENV_VAR)
    if not env:
        return None
    root = Path(env).expanduser()
    return None if data.missing_files(root) else root


@pytest.fixture(scope="session")
def mnist_full() -> data.Mnist:
    """The real MNIST, loaded once per session (skips when it is not there)."""
    root = real_mnist_root()
    if root is None:
        env = os.environ.get(data.ENV_VAR)
        where = f"{data.ENV_VAR}={env}" if env else f"{data.ENV_VAR} is not set"
        pytest.skip(f"real MNIST not available ({where}); set {data.ENV_VAR} to a folder holding MNIST/raw/")
    return data.load(root)


@pytest.fixture(scope="session")
def mnist_small(mnist_full: data.Mnist) -> data.Mnist:
    """The first 2,000 training and 500 test images of the real MNIST, in memory."""
    return data.Mnist(train=mnist_full.train.subset(SMALL_TRAIN), test=mnist_full.test.subset(SMALL_TEST),
                      root=mnist_full.root)


@pytest.fixture
def main_window(qtbot, mnist_small):
    """A shown main window with the small MNIST subset; closed (and its thread checked) afterwards."""
    from mnist_viz.gui.app import MainWindow

    window = MainWindow(data=mnist_small)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.arranged)
    yield window
    window.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0, "a worker thread outlived the window"
