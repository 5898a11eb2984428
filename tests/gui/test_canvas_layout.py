"""Draw a digit in the main window's default layout at 1366x768: the probability chart is whole.

The panel is stacked there (the dock is 287x693): its word-wrapped labels make the layout
size its rows by height-for-width from their size hints, and the chart's once Ignored
vertical policy made its hint 0, so the drawing took the room and the chart's bars and
digits were cut off at the bottom of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint

#: The canvas dock's panel in the default layout of a 1366x768 window (measured).
DOCK_PANEL = (287, 693)


def test_the_probability_chart_is_whole_in_the_default_dock_at_1366x768(qtbot, canvas_panel):
    canvas_panel.resize(*DOCK_PANEL)
    qtbot.waitUntil(lambda: canvas_panel.height() == DOCK_PANEL[1])
    qtbot.wait(50)  # the direction changes in resizeEvent; the layout settles after it
    chart = canvas_panel.bar_widget
    bottom = chart.mapTo(canvas_panel, QPoint(0, chart.height())).y()
    assert bottom <= canvas_panel.height(), f"the chart ends {bottom - canvas_panel.height()} px below the panel"
    assert chart.height() >= chart.minimumHeight()
    # and the drawing keeps a sheet large enough to draw on
    assert canvas_panel.canvas.height() >= 250
