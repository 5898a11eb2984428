"""The panels, one module each. A new panel is a module here plus its id in mnist_viz.panel_ids.PANEL_IDS.

Each module defines ``PANEL``, a :class:`~mnist_viz.gui.panels.base.Panel` subclass that
declares where it sits (``placement``), which networks it has something for (``shows``),
the snapshot parts it needs (``parts``) and the hooks it implements (see ``base``). The
window gives it a dock, a View menu entry and its events; nothing else needs changing.
"""

from __future__ import annotations

import importlib

from ...panel_ids import PANEL_IDS
from .base import Panel

#: Order = default dock order in the window (the ids' one list, Qt-free: mnist_viz.panel_ids).
PANEL_MODULES = PANEL_IDS


def panel_classes(names: tuple[str, ...] | None = None) -> list[type[Panel]]:
    """The panel classes of ``names`` (default: every registered panel, in registry order)."""
    return [importlib.import_module(f"{__name__}.{name}").PANEL for name in (PANEL_MODULES if names is None else names)]
