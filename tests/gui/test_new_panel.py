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


def extra_panel_types(count: int) -> list[type]:
    """``count`` more panels, spread over every placement, each with a plot-sized minimum."""
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    from mnist_viz.gui.panels.base import PLACEMENTS, Panel

    def make(index: int) -> type:
        class Extra(Panel):
            panel_id = f"extra_{index}"
            title = f"Extra {index}"
            help_text = "One more panel."
            placement = PLACEMENTS[index % len(PLACEMENTS)]

            def __init__(self, parent=None):
                super().__init__(parent)
                label = QLabel(f"extra panel {index}")
                label.setMinimumSize(240, 160)
                QVBoxLayout(self).addWidget(label)

        return Extra

    return [make(index) for index in range(count)]


@pytest.mark.parametrize("model", ["softmax", "cnn"])
def test_the_default_layout_stays_usable_at_1366x768_with_twice_the_panels(qtbot, mnist_small, model):
    from mnist_viz.gui.main_window import MainWindow

    types = registry.panel_classes()
    window = MainWindow(data=mnist_small, persist=False, load_data=False,
                        panel_types=types + extra_panel_types(len(types)))
    qtbot.addWidget(window)
    window.controls.set_config(TrainConfig(model=model))
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.arranged)
    qtbot.wait(50)  # the layout's last pass (which tab is in front) runs after `arranged`
    assert window.width() <= 1366 and window.height() <= 768, window.size()
    shown = [dock for pid, dock in window.docks.items() if not dock.isHidden()]
    assert len(shown) >= 2 * len(types) - 1  # all but the other model's weights or filters
    in_front = {panel.panel_id for panel in window.visible_panels()}
    # Every panel is on screen or one click away (a tab behind one that is).
    for dock in shown:
        assert dock.objectName() in in_front or any(
            other.objectName() in in_front for other in window.tabifiedDockWidgets(dock)), dock.objectName()
    # What is on screen fits in the window, at a usable size; the model's own views are in front.
    assert {"loss", "feature_maps", "canvas", "softmax_weights" if model == "softmax" else "filters"} <= in_front
    frame = window.rect()
    for dock in [window.docks[pid] for pid in in_front] + [window.controls_dock]:
        geometry = dock.geometry()
        assert frame.contains(geometry), f"{dock.objectName()} sticks out: {geometry} in {frame}"
        assert geometry.width() >= 240 and geometry.height() >= 150, f"{dock.objectName()}: {geometry}"
    window.grab().save(str(registry_png_dir() / f"twice-the-panels-{model}.png"))
    window.close()


def registry_png_dir():
    import os
    import tempfile
    from pathlib import Path

    return Path(os.environ.get("MNIST_VIZ_PANEL_PNGS") or tempfile.mkdtemp(prefix="mnist-viz-layout-"))
