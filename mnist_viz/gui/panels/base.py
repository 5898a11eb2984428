"""What every panel is: a QWidget that draws the core's events, and says what it needs.

A panel knows nothing of torch or of the Trainer. The window puts each panel in a dock
where its :attr:`Panel.placement` says; the panel hub (:mod:`mnist_viz.gui.hub`) calls
the hooks declared here (and only these) and asks each visible panel which snapshot parts
it needs (:meth:`Panel.parts`), so that what a hidden panel would show is never computed.

Every hook a panel may implement is declared below with a default that does nothing, so
that the window never has to ask whether a panel has one. A panel that takes part in
something optional says so with a class attribute (:attr:`Panel.draws_history`,
:attr:`Panel.opens_checkpoints`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QGraphicsView, QMenu, QMessageBox, QWidget

from ...core import events as ev
from ...core.config import Network

#: Where a panel sits in the default layout (:mod:`mnist_viz.gui.layout` reads it):
#: the top of the middle column (the loss), below it (a network's learned weights, tabbed
#: together), beside those (the probe's activations), the right-hand column, under the
#: training controls if there is room, or a tab behind the top panel.
PLACEMENTS = ("top", "weights", "maps", "side", "under-controls", "tabbed")


class Panel(QWidget):
    #: Stable identifier (used for dock object names, settings and the screenshot command).
    panel_id: str = ""
    #: Title of the dock.
    title: str = ""
    #: "What am I looking at?": rich text for a newcomer who has just read the tutorials.
    help_text: str = ""
    #: Where the panel sits in the default layout (one of :data:`PLACEMENTS`).
    placement: str = "tabbed"
    #: True if the panel draws over time from every snapshot, so that a replay hands it the
    #: recorded history (:meth:`on_snapshot_history`) as well as the shown snapshot.
    draws_history: bool = False
    #: True if File > Open model... shows the opened checkpoint in this panel (:meth:`load_checkpoint`).
    opens_checkpoints: bool = False
    #: The data set's class names, index = label, and shorter ones for tight spaces
    #: (MNIST's digits until the window calls :meth:`set_class_names`).
    class_names: tuple[str, ...] = tuple(str(digit) for digit in range(10))
    short_class_names: tuple[str, ...] = class_names
    dataset: str = "mnist"

    #: Emitted when the panel's needs (``parts``) change, e.g. the user picked another layer.
    parts_changed = Signal()
    #: Emitted when the panel asks for a test image to become the probe (index into test set).
    probe_requested = Signal(int)
    #: Emitted when the panel offers its own image (28x28 float numpy array) as the probe.
    probe_image_requested = Signal(object)
    #: The same for an image whose true class is known (a training image): (image, label).
    labelled_probe_requested = Signal(object, int)
    #: Emitted when the user chooses, in the panel, which weights to show (the canvas's model
    #: box): ("pretrained", model), ("live",) or ("file", path, model).
    weights_chosen = Signal(object)
    #: Emitted when the user picks a layer in the panel (the Network panel's blocks): its
    #: activation part ("conv1", "pool2", "fc1", "probabilities"...); the hub hands it to
    #: every other panel's :meth:`on_layer_chosen`.
    layer_chosen = Signal(str)

    #: Folder the last "Export as PNG..." went to (the next one starts there).
    last_export_folder: Path = Path.home()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Right-click anywhere that has no menu of its own: the panel's actions ("Export as PNG...").
        self.export_action = QAction(QCoreApplication.translate("Panel", "Export as PNG..."), self)
        self.export_action.setStatusTip(QCoreApplication.translate("Panel", "Save a picture of this panel as it is now"))
        self.export_action.triggered.connect(lambda: self.export_png_dialog())
        self.addAction(self.export_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_context_menu)

    def _show_context_menu(self, pos: QPoint) -> None:
        """The panel's actions, unless the click is on a pyqtgraph plot that shows its own menu."""
        view = self.childAt(pos)
        while view is not None and view is not self and not isinstance(view, QGraphicsView):
            view = view.parentWidget()
        if isinstance(view, QGraphicsView) and view.scene() is not None:
            scene_pos = view.mapToScene(view.mapFrom(self, pos))
            if any(isinstance(item, pg.ViewBox) and item.menuEnabled() for item in view.scene().items(scene_pos)):
                return  # pyqtgraph's menu (the loss panel adds these actions to it)
        menu = QMenu(self)
        menu.addActions(self.actions())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.mapToGlobal(pos))

    # ------------------------------------------------------------- export
    def export_file_name(self, step: int | None = None) -> str:
        """A file name for a picture of this panel, e.g. ``convolution-filters-step-1200.png``."""
        slug = re.sub(r"[^a-z0-9]+", "-", (self.title or self.panel_id or "panel").lower()).strip("-")
        return f"{slug or 'panel'}{'' if step is None else f'-step-{step}'}.png"

    def export_png(self, path: str | Path) -> bool:
        """Save the panel as shown, at its size on screen, as a PNG. False if it cannot be written."""
        return self.grab().save(str(path), "PNG")

    def export_png_dialog(self, step: int | None = None) -> Path | None:
        """Ask where to save a PNG of the panel (named after the step shown) and save it."""
        if step is None:
            shown_step = getattr(self.window(), "shown_step", None)  # the main window knows the step
            step = shown_step() if callable(shown_step) else None
        suggestion = Panel.last_export_folder / self.export_file_name(step)
        chosen, _ = QFileDialog.getSaveFileName(self, f"Export {self.title} as PNG", str(suggestion),
                                                "PNG images (*.png)")
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        Panel.last_export_folder = path.parent
        if not self.export_png(path):
            QMessageBox.warning(self, "Export failed", f"Could not write {path}: check that the folder exists "
                                "and that you may write to it, or choose another place.")
            return None
        return path

    @classmethod
    def shows(cls, network: Network) -> bool:
        """True if this panel has something to show for ``network`` (its layers, not its name)."""
        return True

    def parts(self, model: str) -> set[str]:
        """Snapshot part names this panel needs for ``model`` (see core.models)."""
        return set()

    def on_torch_ready(self) -> None:
        """PyTorch has been imported (the window imports it in the background once shown).
        A panel that computes with torch on its own may start preparing now."""

    def on_model_selected(self, model: str) -> None:
        """The model chosen in the controls, while no run has been shown yet."""

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

    def on_snapshot_history(self, events: list[ev.Snapshot]) -> None:
        """Replay: every recorded snapshot up to the shown step, oldest first (if :attr:`draws_history`)."""

    def set_test_set(self, images_uint8, labels) -> None:
        """The loaded data set's test images (N x 28 x 28 uint8) and labels, for panels that show them."""

    def set_live_weights_source(self, source) -> None:
        """For panels that compute on their own: a function (called off the GUI thread) that returns
        ``(model name, state dict)`` of the run being trained, or None when there is none."""

    def on_weights_shown(self, weights) -> None:
        """The weights every panel shows changed (a :class:`mnist_viz.core.state.Weights`, or None
        before any): ``origin`` "live", "replay", "checkpoint" or "shipped", ``model``, ``step``,
        ``label``, ``path``. Their parts arrive as snapshots; panels that compute on their own
        (the canvas) follow the choice here."""

    @staticmethod
    def needs_all_weights_text(weights) -> str:
        """The line a panel that computes from all the weights (embedding, units) shows at a
        replayed step where the recording keeps only the parts it recorded: where it keeps
        them all (its keyframes), or that it keeps none."""
        kept = tuple(getattr(weights, "full_steps", ()))
        if not kept:
            return QCoreApplication.translate(
                "Panel", "This recording keeps only the parts it recorded (it was made before recordings kept "
                         "all the weights at some steps); this panel needs all of them: go back to Live, or open "
                         "a checkpoint of the run.")
        step = int(getattr(weights, "step", 0) or 0)
        nearest = min(kept, key=lambda s: (abs(s - step), s))
        listed = ", ".join(f"{s:,}" for s in kept[:10]) + (", …" if len(kept) > 10 else "")
        return QCoreApplication.translate(
            "Panel", "The recording keeps all the weights at steps {0}: this panel is computed there. "
                     "Drag the timeline to one of them (the nearest is step {1:,}).").format(listed, nearest)

    def on_screen_changed(self, on_screen: bool) -> None:
        """The panel's dock came in front of its tab group (True) or went behind another tab, was
        closed or floated away (False). A panel that draws only what is on screen (see
        :meth:`on_screen`) draws what it kept for later now."""

    def draw_pending(self, _payload: object = None) -> None:
        """Draw now what the panel would draw at its next redraw (the replay calls this before it
        counts a frame as shown, so that one timeline move is one complete picture)."""

    def on_screen(self) -> bool:
        """Whether the panel can be seen: shown, and not in a dock tabbed behind another (Qt moves
        such a dock off the window but leaves it shown, so ``isVisible()`` alone says True)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def on_layer_chosen(self, part: str) -> None:
        """Another panel asks to see layer ``part`` (an activation part such as "conv2"): a panel
        that shows that layer brings it forward (selects it, shows it if it was switched off)."""

    def set_overlays(self, runs) -> None:
        """File > Runs...: recorded runs to draw over this panel's own run, replacing those drawn
        before: a list of :class:`mnist_viz.core.runs.RunCurves` (numpy arrays: ``step``,
        ``loss``, ``eval_step``, ``test_accuracy``; ``name`` and ``label``), [] for none. A
        panel that draws curves over the steps (the loss panel) draws them."""

    def load_checkpoint(self, path) -> None:
        """File > Open model...: show the checked checkpoint at ``path`` (if :attr:`opens_checkpoints`)."""
        raise NotImplementedError(f"the {self.panel_id} panel does not open checkpoints")

    def shutdown(self) -> None:
        """The window closes: end any work of the panel's own (its threads must finish)."""

    def set_class_names(self, names, short_names=None, dataset: str = "mnist") -> None:
        """The data set changed (MNIST, Fashion-MNIST, KMNIST): label classes with these names.

        Panels that print class labels override this to redraw them (calling super first).
        """
        self.class_names = tuple(names)
        self.short_class_names = tuple(short_names or names)
        self.dataset = dataset
