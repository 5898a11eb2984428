"""What every panel is: a QWidget that draws the core's events, and says what it needs.

A panel knows nothing of torch or of the Trainer. The main window puts each panel in a
dock, forwards the controller's signals to the panels that are visible, and asks each
visible panel which snapshot parts it needs (``parts``), so that what a hidden panel
would show is never computed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...core import events as ev


class Panel(QWidget):
    #: Stable identifier (used for dock object names, settings and the screenshot command).
    panel_id: str = ""
    #: Title of the dock.
    title: str = ""
    #: "What am I looking at?": rich text for a newcomer who has just read the tutorials.
    help_text: str = ""
    #: Models this panel has something to show for.
    models: tuple[str, ...] = ("softmax", "cnn")

    #: Emitted when the panel's needs (``parts``) change, e.g. the user picked another layer.
    parts_changed = Signal()
    #: Emitted when the panel asks for a test image to become the probe (index into test set).
    probe_requested = Signal(int)
    #: Emitted when the panel offers its own image (28x28 float numpy array) as the probe.
    probe_image_requested = Signal(object)

    def parts(self, model: str) -> set[str]:
        """Snapshot part names this panel needs for ``model`` (see core.models)."""
        return set()

    def on_run_started(self, event: ev.RunStarted) -> None:
        """A new run (or a reset): forget everything shown so far."""

    def on_steps(self, events: list[ev.StepDone]) -> None:
        """A batch of steps, oldest first."""

    def on_evaluated(self, event: ev.Evaluated) -> None:
        """A test-set evaluation."""

    def on_snapshot(self, event: ev.Snapshot) -> None:
        """The newest weights / probe activations (only the parts asked for)."""

    def on_finished(self, event: ev.Finished) -> None:
        """The run ended."""
