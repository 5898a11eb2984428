"""The panels, one module each. A new panel is a module here plus one line in PANEL_MODULES.

Each module defines ``PANEL``, a :class:`~mnist_viz.gui.panels.base.Panel` subclass.
"""

from __future__ import annotations

import importlib

from .base import Panel

#: Order = default dock order in the window.
PANEL_MODULES = ("loss", "softmax_weights", "filters", "feature_maps", "canvas", "confusion", "distributions")


def panel_classes(names: tuple[str, ...] = PANEL_MODULES) -> list[type[Panel]]:
    return [importlib.import_module(f"{__name__}.{name}").PANEL for name in names]
