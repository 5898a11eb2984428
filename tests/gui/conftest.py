"""Fixtures for the GUI tests: private QSettings, MNIST subsets, and a ready main window.

Every GUI test reads and writes QSettings in its own temporary folder, never the user's.
Tests that need the real MNIST use ``mnist_small`` (2,000 training and 500 test images,
loaded once per session) and skip, saying why, when $MNIST_VIZ_DATA does not hold it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from mnist_viz.core import data

SMALL_TRAIN, SMALL_TEST = 2000, 500


@pytest.fixture(autouse=True)
def garbage_collected_on_the_gui_thread(qapp) -> None:
    """As in the app (gui/app.ensure_application): cycles holding Qt objects left by one test
    must never be destroyed on another test's worker thread (that crashed the process)."""
    from mnist_viz.gui.collector import collect_on_gui_thread

    collect_on_gui_thread()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point QSettings (INI and native, user scope) at a fresh temporary folder."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(scope="session")
def mnist_full(real_mnist: data.Mnist) -> data.Mnist:
    """The real MNIST (tests/conftest.py loads it once and skips when it is absent)."""
    return real_mnist


@pytest.fixture(scope="session")
def mnist_small(mnist_full: data.Mnist) -> data.Mnist:
    """The first 2,000 training and 500 test images of the real MNIST, in memory."""
    return data.Mnist(train=mnist_full.train.subset(SMALL_TRAIN), test=mnist_full.test.subset(SMALL_TEST),
                      root=mnist_full.root)


@pytest.fixture
def main_window(qtbot, mnist_small):
    """A shown main window with the small MNIST subset; closed (and its thread checked) afterwards."""
    from mnist_viz.gui.main_window import MainWindow

    window = MainWindow(data=mnist_small)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.arranged)
    yield window
    window.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0, "a worker thread outlived the window"


@pytest.fixture
def canvas_panel(qtbot):
    """A Draw a digit panel on its own, shown at 760x420; no prediction may outlive the test."""
    from mnist_viz.gui.panels.canvas import CanvasPanel

    widget = CanvasPanel()
    qtbot.addWidget(widget)
    widget.resize(760, 420)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    assert widget.shutdown(), "a prediction was still running"
