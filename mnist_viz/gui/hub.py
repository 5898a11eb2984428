"""The panel hub: every panel's one door. It hands events to panels, knows which are on
screen, tells the training worker what those need, and paces the snapshots.

* Run events (start, steps, evaluations, end) go to every panel that has something to
  show for the run's network, visible or not, so that a panel shown later has the whole
  history (:meth:`PanelHub.dispatch`).
* Snapshots go to the visible panels only, one panel per pass of the event loop, so that
  no single pass holds up the GUI for all of them together (:meth:`PanelHub.feed_snapshot`).
* The union of the parts the visible panels need (a dock tabbed behind another is not
  visible) is what the worker computes (:attr:`PanelHub.parts_wanted`), plus, during a
  run, the parts of the panels that draw a history (Distributions), visible or not: their
  snapshots are kept here (bounded) from step 0, and a history panel brought into view
  gets the whole of it (:meth:`PanelHub.history`).
* The hooks a panel may implement are declared in :class:`~mnist_viz.gui.panels.base.Panel`;
  the hub calls them, and only them.

The hub knows panels and their docks, never torch, the trainer or the window.
"""

from __future__ import annotations

import sys
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from ..core import events as ev
from ..core import stats
from ..core.config import DEFAULT_SNAPSHOT_RATE
from ..core.networks import network
from .panels.base import Panel

#: The snapshot rates offered in View > Snapshot rate (per second).
SNAPSHOT_RATES = (2.0, 5.0, 10.0, 15.0, 30.0, 60.0)
#: The history snapshots kept for the panels that draw one (the Distributions panel keeps
#: 512 columns; statistics come at most twice a second: about 70 minutes of training).
HISTORY_KEPT = 8192


def shows(panel: Panel | type[Panel], model: str) -> bool:
    """True if ``panel`` has something to show for the network of model ``model``."""
    return panel.shows(network(model))


class PanelHub(QObject):
    """Dispatch to panels, what the visible panels need, and the snapshot scheduler."""

    #: The parts the visible panels need changed: (set of part names, snapshots per second at most).
    parts_wanted = Signal(object, float)
    #: A panel raised an exception while drawing (one line for the status bar).
    panel_failed = Signal(str)
    #: A panel's dock came into view (or went out of it): (panel id, visible).
    panel_visibility = Signal(str, bool)
    #: A panel asks for test image N to become the probe / offers its own 28x28 image.
    probe_index_requested = Signal(int)
    probe_image_requested = Signal(object)
    labelled_probe_requested = Signal(object, int)
    #: A panel lets the user choose the weights shown (the canvas's model box): its key.
    weights_requested = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panels: dict[str, Panel] = {}
        self.docks: dict[str, QDockWidget] = {}
        #: "panel_id.method: traceback" for every failure of a panel (tests read it).
        self.errors: list[str] = []
        #: The model whose panels are on screen (the run's while one trains, else the chosen one).
        self.shown_model: Callable[[], str] = lambda: "softmax"
        #: True while the panels show a replayed step: live events are then not dispatched.
        self.replaying: Callable[[], bool] = lambda: False
        self._dock_visible: dict[str, bool] = {}
        self._observed: tuple[frozenset[str], float] | None = None
        self._snapshot_rate = DEFAULT_SNAPSHOT_RATE
        self._snapshot_event: ev.Snapshot | None = None
        self._snapshot_panels: list[Panel] = []
        # 1 ms, not 0: a timer fires after Qt's pending repaints, so each panel paints alone
        self._snapshot_timer = QTimer(self, singleShot=True, interval=1)
        self._snapshot_timer.timeout.connect(self._feed_next_panel)
        #: True while a run is in progress: history panels' parts are computed, seen or not.
        self.run_in_progress: Callable[[], bool] = lambda: False
        #: The run's history snapshots (their history parts only), oldest first.
        self.history: deque[ev.Snapshot] = deque(maxlen=HISTORY_KEPT)

    # =============================================================== panels
    def add(self, panel: Panel, dock: QDockWidget) -> None:
        """Take ``panel`` (shown in ``dock``) in: its signals, its visibility."""
        pid = panel.panel_id
        self.panels[pid] = panel
        self.docks[pid] = dock
        self._dock_visible[pid] = False
        dock.visibilityChanged.connect(partial(self._on_dock_visibility, pid))
        panel.parts_changed.connect(self.update_observed_parts)
        panel.probe_requested.connect(self.probe_index_requested)
        panel.probe_image_requested.connect(self.probe_image_requested)
        panel.labelled_probe_requested.connect(self.labelled_probe_requested)
        panel.weights_chosen.connect(self.weights_requested)
        panel.layer_chosen.connect(partial(self.choose_layer, pid))

    def panels_for(self, model: str) -> list[Panel]:
        """The panels that have something to show for ``model``, in registry order."""
        return [panel for panel in self.panels.values() if shows(panel, model)]

    def visible_panels(self) -> list[Panel]:
        """Panels on screen (not closed, not tabbed behind another) with something for the model shown."""
        model = self.shown_model()
        return [panel for pid, panel in self.panels.items()
                if shows(panel, model) and self._dock_visible.get(pid) and not self.docks[pid].isHidden()]

    def on_screen(self, pid: str) -> bool:
        """Whether panel ``pid``'s dock is shown and in front of its tab group."""
        return bool(self._dock_visible.get(pid)) and not self.docks[pid].isHidden()

    def checkpoint_panel(self) -> Panel | None:
        """The panel File > Open model... shows a checkpoint in (see Panel.opens_checkpoints)."""
        return next((panel for panel in self.panels.values() if panel.opens_checkpoints), None)

    def _on_dock_visibility(self, pid: str, visible: bool) -> None:
        self._dock_visible[pid] = visible
        panel = self.panels[pid]
        self.dispatch("on_screen_changed", visible, [panel], replayed=True)
        if visible and panel.draws_history and self.history and shows(panel, self.shown_model()):
            self.dispatch("on_snapshot_history", list(self.history), [panel], replayed=True)
        self.update_observed_parts()
        self.panel_visibility.emit(pid, visible)

    # ================================================================ parts
    def visible_parts(self) -> set[str]:
        """The union of the parts the visible panels need for the model shown."""
        model = self.shown_model()
        parts: set[str] = set()
        for panel in self.visible_panels():
            parts |= set(panel.parts(model))
        return parts

    def update_observed_parts(self) -> None:
        """Tell the worker the parts the visible panels need (if they changed), and during a
        run those of the history panels too (their history is kept from step 0)."""
        model = self.shown_model()
        parts = self.visible_parts()
        if self.run_in_progress():
            for panel in self.panels_for(model):
                if panel.draws_history:
                    parts |= set(panel.parts(model))
        key = (frozenset(parts), self._snapshot_rate)
        if key != self._observed:
            self._observed = key
            self.parts_wanted.emit(parts, self._snapshot_rate)

    def forget_observed_parts(self) -> None:
        """The next update is sent whatever it is (a new run's worker knows nothing yet)."""
        self._observed = None

    def set_snapshot_rate(self, rate: float) -> None:
        """At most ``rate`` snapshots (weights, activations) a second."""
        self._snapshot_rate = float(rate)
        self.update_observed_parts()

    @property
    def snapshot_rate(self) -> float:
        return self._snapshot_rate

    # ============================================================= dispatch
    def dispatch(self, method: str, payload, panels: Sequence[Panel], replayed: bool = False) -> None:
        """Call hook ``method`` of each of ``panels`` with ``payload``; one failing panel never stops the others.

        Live events (``replayed`` False) are dropped while the panels show a replayed step."""
        if self.replaying() and not replayed:
            return  # the panels show a recorded step; the live run goes on without them
        for panel in panels:
            try:
                getattr(panel, method)(payload)
            except Exception:  # one broken panel must not starve the others
                details = traceback.format_exc()
                self.errors.append(f"{panel.panel_id}.{method}: {details}")
                print(f"mnist-viz: the {panel.panel_id} panel failed in {method}:\n{details}", file=sys.stderr)
                self.panel_failed.emit(f"The {panel.title} panel failed to draw; see the terminal for details")

    def feed_snapshot(self, event: ev.Snapshot) -> None:
        """Hand ``event`` to every visible panel, each in its own pass of the event loop.

        A newer snapshot replaces the one being handed out; the panels still waiting come
        first, so that every panel gets its turn even when snapshots arrive faster than a
        round takes (a 10 ms timer stays on time; see ``mnist-viz bench``)."""
        idle = not self._snapshot_panels
        self._snapshot_event = event
        waiting = self._snapshot_panels
        visible = self.visible_panels()
        self._snapshot_panels = waiting + [p for p in visible if p not in waiting]
        self._keep_history(event, visible)
        if idle and self._snapshot_panels:
            self._snapshot_timer.start()

    def _keep_history(self, event: ev.Snapshot, visible: list[Panel]) -> None:
        """Keep the history parts of ``event``; a hidden history panel is handed them when shown."""
        takers = [panel for panel in self.panels_for(self.shown_model()) if panel.draws_history]
        if not takers:
            return
        wanted = set().union(*(panel.parts(self.shown_model()) for panel in takers))
        statistics = stats.PART in wanted
        arrays = {name: value for name, value in event.arrays.items()
                  if name in wanted or (statistics and stats.is_statistic(name))}
        if arrays:
            self.history.append(ev.Snapshot(step=event.step, arrays=arrays))

    def clear_history(self) -> None:
        """A new run (or a recording) starts: the history kept is no longer the one shown."""
        self.history.clear()

    def _feed_next_panel(self) -> None:
        if self._snapshot_panels and self._snapshot_event is not None:
            self.dispatch("on_snapshot", self._snapshot_event, [self._snapshot_panels.pop(0)])
        if self._snapshot_panels:
            self._snapshot_timer.start()

    def flush_snapshot(self) -> None:
        """Give the newest snapshot to every panel still waiting for it, now."""
        self._snapshot_timer.stop()
        while self._snapshot_panels:
            self._feed_next_panel()

    # ======================================================== declared hooks
    def set_test_set(self, images_uint8, labels) -> None:
        for panel in self.panels.values():
            panel.set_test_set(images_uint8, labels)

    def set_live_weights_source(self, source) -> None:
        for panel in self.panels.values():
            panel.set_live_weights_source(source)

    def show_weights(self, weights) -> None:
        """The weights shown changed (a ``core.state.Weights`` or None): every panel hears it."""
        self.dispatch("on_weights_shown", weights, list(self.panels.values()), replayed=True)
        # Back to the run trained last (after a checkpoint was shown): its history comes back.
        if weights is not None and weights.origin == "live" and self.history:
            takers = [panel for panel in self.visible_panels() if panel.draws_history]
            if takers:
                self.dispatch("on_snapshot_history", list(self.history), takers, replayed=True)

    def choose_layer(self, source: str, part: str) -> None:
        """Panel ``source`` asks to see layer ``part``: every other panel hears it (a user's choice,
        so during a replay too)."""
        others = [panel for pid, panel in self.panels.items() if pid != source]
        self.dispatch("on_layer_chosen", part, others, replayed=True)

    def torch_ready(self) -> None:
        for panel in self.panels.values():
            panel.on_torch_ready()

    def shutdown(self) -> None:
        self._snapshot_timer.stop()
        for panel in self.panels.values():
            panel.shutdown()
