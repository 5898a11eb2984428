"""Paint axes and labels from a cached pixmap instead of redrawing their text each frame.

Every snapshot repaints a panel's whole plot; without a cache pyqtgraph redraws every
axis (ticks and tick labels) each time, which was the largest single cost of a frame.
With Qt's device-coordinate cache an axis is redrawn only when it changes (pyqtgraph
calls ``update()`` on it then, which invalidates the cache).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem, QWidget

CACHED_TYPES = (pg.AxisItem, pg.LabelItem)


def cache_static_items(widget: QWidget) -> int:
    """Turn the cache on for the axes and labels of every plot inside ``widget``; returns
    how many items it turned on (items already cached are left alone)."""
    count = 0
    views = widget.findChildren(pg.GraphicsView)
    if isinstance(widget, pg.GraphicsView):
        views.append(widget)
    for view in views:
        for item in view.scene().items():
            if isinstance(item, CACHED_TYPES) and item.cacheMode() == QGraphicsItem.CacheMode.NoCache:
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                count += 1
    return count
