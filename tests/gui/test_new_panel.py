"""A new panel is one module plus one line: a throwaway panel module, registered with one
line, gets a dock, a View menu entry, the run's events and the snapshot parts it asks for."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest
from PySide6.QtCore import QThreadPool

from mnist_viz.core.training import TrainConfig
from mnist_viz.gui import panels as registry

THROWAWAY = '''
from mnist_viz.gui.panels.base import Panel


class ThrowawayPanel(Panel):
    panel_id = "throwaway"
    title = "Throwaway"
    help_text = "A panel made by a test."
    placement = "tabbed"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.calls = {}
        self.snapshots = []

    def parts(self, model):
        return {"softmax_weights"} if model == "softmax" else set()

    def _called(self, name):
        self.calls[name] = self.calls.get(name, 0) + 1

    def on_run_started(self, event):
        self._called("on_run_started")

    def on_steps(self, events):
        self._called("on_steps")

    def on_evaluated(self, event):
        self._called("on_evaluated")

    def on_snapshot(self, event):
        self._called("on_snapshot")
        self.snapshots.append(event)

    def on_finished(self, event):
        self._called("on_finished")

    def set_test_set(self, images, labels):
        self.test_set = (images, labels)


PANEL = ThrowawayPanel
'''


@pytest.fixture
def throwaway_panel(tmp_path, monkeypatch):
    path = tmp_path / "throwaway.py"
    path.write_text(THROWAWAY)
    name = f"{registry.__name__}.throwaway"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(registry, "PANEL_MODULES", registry.PANEL_MODULES + ("throwaway",))  # the one line
    return module


def test_a_throwaway_panel_module_gets_a_dock_a_menu_entry_events_and_its_parts(qtbot, mnist_small,
                                                                                  throwaway_panel):
    from mnist_viz.gui.main_window import MainWindow

    window = MainWindow(data=mnist_small, persist=False, load_data=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.arranged)
    panel = window.panels["throwaway"]
    assert isinstance(panel, throwaway_panel.ThrowawayPanel)
    dock = window.docks["throwaway"]
    assert dock.widget() is panel and dock.windowTitle() == "Throwaway"
    view = next(menu for menu in window.menuBar().findChildren(type(window.export_menu))
                if menu.title() == "&View")
    assert dock.toggleViewAction() in view.actions()
    assert panel.test_set[0].shape == (len(mnist_small.test), 28, 28)
    dock.toggleViewAction().trigger() if dock.isHidden() else None
    dock.raise_()  # tabbed behind the loss panel: bring it to the front
    qtbot.waitUntil(lambda: panel in window.visible_panels())

    window.controls.set_config(TrainConfig(model="softmax", steps=40, batch_size=50, eval_every=20, device="cpu"))
    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        assert window.start_training()
    qtbot.waitUntil(lambda: window.controller.state == "idle", timeout=60_000)
    window.flush_snapshot()
    assert {"on_run_started", "on_steps", "on_evaluated", "on_snapshot", "on_finished"} <= set(panel.calls)
    last = panel.snapshots[-1]
    trained = window.controller.trainer.model.W.detach().numpy()
    weights = np.asarray(last.arrays["softmax_weights"])
    assert weights.size == trained.size and np.allclose(np.sort(weights.ravel()), np.sort(trained.ravel()), atol=1e-5)
    assert window.panel_errors == []
    window.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0
