"""Where the docks go: the default layout, read from each panel's declared placement
(:attr:`~mnist_viz.gui.panels.base.Panel.placement`), its sizes, View > Reset layout,
and which docks the chosen network has something for.

The default layout: the training controls on the left (small panels below them if there
is room), the top panel (the loss) in the middle with any tabbed panels behind it, the
learned weights (tabbed together) and the probe's activations below it, and the side
panel (the canvas) on the right. Where the window is too narrow for every column, the
lower panels become tabs, then the side panel joins them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QStyle

from .controls import ControlPanel
from .hub import PanelHub, shows

#: Width of the side column (the canvas) in the default layout, in font heights.
SIDE_EM = 20


class DockLayout(QObject):
    """Arranges one window's docks."""

    def __init__(self, window: QMainWindow, controls_dock: QDockWidget, controls: ControlPanel, hub: PanelHub,
                 nothing_trained: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window = window
        self.controls_dock = controls_dock
        self.controls = controls
        self.hub = hub
        #: True until a run has started: the panels then show the chosen model's empty state.
        self.nothing_trained = nothing_trained
        #: Docks hidden because the chosen model has nothing for them (shown again when it does).
        self.auto_hidden: set[str] = set()
        #: True when a saved layout was applied (the default one is then not).
        self.restored = False
        self._generation = 0

    def _placed(self, placement: str) -> list[QDockWidget]:
        return [self.hub.docks[pid] for pid, panel in self.hub.panels.items() if panel.placement == placement]

    # ============================================================== default
    def apply_default(self) -> None:
        """Place every dock where its panel's placement says, for the window's size now."""
        window = self.window
        target_size = window.size()  # re-adding docks may grow the window; arrange for this size
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        docks = list(self.hub.docks.values())
        # Start from nothing: Qt places docks that are already laid out unpredictably.
        closed = {dock for dock in (self.controls_dock, *docks)
                  if dock.isHidden() and window.dockWidgetArea(dock) != Qt.DockWidgetArea.NoDockWidgetArea}
        for dock in (self.controls_dock, *docks):
            dock.setFloating(False)
            window.removeDockWidget(dock)
        window.addDockWidget(left, self.controls_dock)
        tabbed = self._placed("tabbed")
        for dock in self._placed("under-controls"):  # small panels fill the room the controls leave, if any
            if (self.controls_height() + dock.minimumSizeHint().height() + 8
                    <= self.dock_room_height(target_size.height())):
                window.splitDockWidget(self.controls_dock, dock, vertical)
            else:
                tabbed.append(dock)
        tops, sides, weights, maps_list = (self._placed(p) for p in ("top", "side", "weights", "maps"))
        top = tops[0] if tops else None
        side = sides[0] if sides else None
        maps = maps_list[0] if maps_list else None
        others = [dock for dock in docks if dock in tops[1:] or dock in tabbed]  # in registry order
        first = top or (weights[0] if weights else None) or maps or side or (others[0] if others else None)
        if first is None:
            return
        window.addDockWidget(right, first)
        if side is not None and side is not first:
            window.splitDockWidget(first, side, horizontal)
        # Split first, tabify last: Qt misplaces a dock split off one that is already tabbed.
        weights = [dock for dock in weights if dock is not first]
        below = weights[0] if weights else None
        if below is not None:
            window.splitDockWidget(first, below, vertical)
        if maps is not None and maps is not first:
            window.splitDockWidget(below or first, maps, horizontal if below is not None else vertical)
        for dock in weights[1:]:
            window.tabifyDockWidget(below, dock)
        for dock in maps_list[1:]:
            window.tabifyDockWidget(maps, dock)
        for dock in sides[1:]:
            window.tabifyDockWidget(side, dock)
        for dock in others:  # any further panels: tabs behind the top one
            if dock is not first:
                window.tabifyDockWidget(first, dock)
        # Where the window is too narrow for every column, tab the lower panels together
        # (feature maps with the weights), then the side panel with them. The weights' width
        # is the widest of either model's, so that switching models does not overflow.
        width = target_size.width()
        separator = window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, window) + 2
        weights_width = max((dock.minimumSizeHint().width() for dock in weights), default=0)
        maps_width = maps.minimumSizeHint().width() if maps is not None and maps is not first else 0
        # The side panel gets SIDE_EM wide, or its minimum width if that is less: its hint may
        # still reflect the width it had before (a panel can adapt its layout to its width).
        side_width = (min(side.minimumSizeHint().width(), window.fontMetrics().height() * SIDE_EM) + separator
                      if side is not None and side is not first else 0)
        top_width = first.minimumSizeHint().width()
        fixed = self.controls_dock.minimumSizeHint().width() + separator + side_width

        def fits(lower_width: int) -> bool:
            return fixed + max(top_width, lower_width) <= width

        group = below or (maps if maps is not first else None)
        if below is not None and maps_width and not fits(weights_width + separator + maps_width):
            window.tabifyDockWidget(below, maps)
            weights_width = max(weights_width, maps_width)
            maps_width = 0
        lower_width = weights_width + (separator + maps_width if maps_width else 0)
        if side_width and group is not None and not fits(lower_width):
            window.tabifyDockWidget(group, side)

        for dock in (self.controls_dock, *docks):
            dock.setVisible(dock not in closed)
        window.layout().activate()
        window.resize(target_size)
        self.size_default_docks()
        # Which tab is in front can only be chosen once Qt has built the tab bars.
        self._generation += 1
        QTimer.singleShot(0, partial(self._finish, first, weights, target_size, self._generation))

    def _finish(self, top: QDockWidget, weights: list[QDockWidget], size: QSize, generation: int) -> None:
        if generation != self._generation:
            return  # a later arrangement (or a restored layout) replaced this one
        top.raise_()
        model = self.controls.current_model()
        # The weights (or filters) of the chosen model in front: the first registered that has any.
        front = next((dock for dock in weights if shows(self.hub.panels[dock.objectName()], model)), None)
        if front is not None:
            front.raise_()
        window = self.window
        window.layout().invalidate()  # Qt may keep the docks' old geometry otherwise
        window.layout().activate()
        window.resize(size)  # placing the docks may have grown the window
        self.size_default_docks()

    def controls_height(self) -> int:
        """Height the control panel's dock needs to show every control without scrolling."""
        return self.controls.sizeHint().height() + self.window.fontMetrics().height() * 3

    def dock_room_height(self, window_height: int) -> int:
        window = self.window
        return window_height - window.menuBar().sizeHint().height() - window.statusBar().sizeHint().height()

    def size_default_docks(self) -> None:
        # With the central widget hidden, the docks share the whole width: give resizeDocks
        # every column, the middle one taking what the side columns leave.
        window = self.window
        em = window.fontMetrics().height()
        side_width = em * SIDE_EM
        middle = next((dock for placement in ("top", "weights", "maps") for dock in self._placed(placement)
                       if not dock.isHidden()), None)
        sides = [self.controls_dock] + [dock for dock in self._placed("side")[:1] if not dock.isHidden()]
        widths = [max(side_width, dock.minimumSizeHint().width()) for dock in sides]
        columns = [(self.controls_dock, widths[0])]
        if middle is not None:
            columns.append((middle, max(em * 20, window.width() - sum(widths))))
        columns += list(zip(sides[1:], widths[1:]))
        window.resizeDocks([d for d, _ in columns], [w for _, w in columns], Qt.Orientation.Horizontal)
        under = [dock for dock in self._placed("under-controls") if not dock.isHidden()]
        if under and window.dockWidgetArea(under[0]) == window.dockWidgetArea(self.controls_dock):
            controls_height = self.controls_height()
            window.resizeDocks([self.controls_dock, under[0]],
                               [controls_height, self.dock_room_height(window.height()) - controls_height],
                               Qt.Orientation.Vertical)
        tops = self._placed("top")
        lower = self._placed("weights") + self._placed("maps")
        if tops and lower:
            window.resizeDocks([tops[0], lower[0]], [em * 14, em * 24], Qt.Orientation.Vertical)

    def default_size(self) -> None:
        """90 % of the screen, centred."""
        window = self.window
        screen = window.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        width, height = int(available.width() * 0.9), int(available.height() * 0.9)
        window.resize(width, height)
        window.move(available.x() + (available.width() - width) // 2,
                    available.y() + (available.height() - height) // 2)

    def reset(self) -> None:
        """Every panel back in its default place and on screen; those the chosen model has
        nothing for are hidden only for now (they come back with a model that has), so that
        the layout is the same whichever model is chosen."""
        self.auto_hidden.clear()
        model = self.controls.current_model()
        for pid, dock in self.hub.docks.items():
            if shows(self.hub.panels[pid], model):
                dock.show()
            else:
                dock.hide()
                self.auto_hidden.add(pid)
        self.controls_dock.show()
        self.apply_default()
        self.apply_model_visibility()

    def place_new_docks(self) -> None:
        """Docks a saved layout does not know (a panel added since): tabs behind the first panel."""
        window = self.window
        docks = list(self.hub.docks.values())
        placed = [dock for dock in docks if window.dockWidgetArea(dock) != Qt.DockWidgetArea.NoDockWidgetArea]
        for dock in docks:
            if dock in placed or dock.isFloating():
                continue
            if placed:
                window.tabifyDockWidget(placed[0], dock)
            else:
                window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            placed.append(dock)

    # ======================================================= model visibility
    def apply_model_visibility(self) -> None:
        """Hide the panels with nothing to show for the chosen model; bring back those hidden for that."""
        model = self.controls.current_model()
        if self.nothing_trained():  # nothing trained yet: show the chosen model's layout
            self.hub.dispatch("on_model_selected", model, list(self.hub.panels.values()), replayed=True)
        front_hidden = False  # a panel in front of its tab group was hidden for this model
        for pid, dock in self.hub.docks.items():
            supported = shows(self.hub.panels[pid], model)
            action = dock.toggleViewAction()
            action.setEnabled(supported)
            action.setToolTip("" if supported else self.tr("Nothing to show for the {0} model").format(model))
            if not supported and not dock.isHidden():
                front_hidden |= self.hub.on_screen(pid)
                self.auto_hidden.add(pid)
                dock.hide()
            elif supported and pid in self.auto_hidden:
                self.auto_hidden.discard(pid)
                dock.show()
        if front_hidden:
            # Qt brings the next tab forward (in a narrow window, the feature maps tabbed with
            # the weights): the new model's own weights or filters go in front instead, where
            # the old model's were.
            front = next((dock for dock in self._placed("weights")
                          if not dock.isHidden() and shows(self.hub.panels[dock.objectName()], model)), None)
            if front is not None:
                front.raise_()
        self.hub.update_observed_parts()
        QTimer.singleShot(0, self.keep_on_screen)  # once Qt has laid out the docks shown

    def keep_on_screen(self) -> None:
        """A window that grew past its screen's edge (the CNN's panels need more width than the
        softmax's: at 1366x768 the window grew from 1229 to 1311 px and its right edge left the
        screen) is moved back, as far as it fits."""
        window = self.window
        screen = window.screen() or QApplication.primaryScreen()
        if screen is None or not window.isVisible() or window.isMaximized() or window.isFullScreen():
            return
        available, frame = screen.availableGeometry(), window.frameGeometry()
        x = max(available.x(), min(frame.x(), available.x() + available.width() - frame.width()))
        y = max(available.y(), min(frame.y(), available.y() + available.height() - frame.height()))
        if (x, y) != (frame.x(), frame.y()):
            window.move(x + window.x() - frame.x(), y + window.y() - frame.y())
