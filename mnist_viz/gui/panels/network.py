"""The Network panel: the whole network at a glance, one block per layer a panel can show.

Blocks go left to right, from the input image to the output probabilities, as CNN
Explainer and the tensor-size figure of the tutorial write-up draw them: a block for a
convolution or a pooling is a stack of maps (its face as tall as the maps are, its depth
growing with the number of channels), a fully connected layer is a bar, the output is the
probabilities' bars. Each block is labelled with its name and the shape of what it hands
on (``conv1 32×28×28``: 32 channels of 28×28) and shows the probe's activation there:
the strongest channel's map, the units as a strip, the probabilities. The arrows between
blocks name the layers that turn one into the next (``conv5x5-32``, ``relu``, ...).

It is a newcomer's first panel: the line above the blocks says what the numbers mean.
Clicking a block emits ``layer_chosen`` with its part: the other panels show that layer.

The shapes, parameters and FLOPs come from :func:`mnist_viz.core.arch.describe`; the
activations arrive with the snapshots (the parts named by the description). The drawing
is :class:`mnist_viz.gui.widgets.network_diagram.NetworkDiagram`.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from ...core import arch, networks
from ...core import events as ev
from ..widgets.arch_editor import readable
from ..widgets.labels import wrapping_label
from ..widgets.network_diagram import INPUT_PART, NetworkDiagram, blocks_of, make_thumbnail
from .base import Panel

def architecture_of(model: str, config=None) -> str:
    """The architecture text of model identifier ``model`` ("softmax" -> "fc-10", "cnn" -> the
    tutorial CNN's, an architecture -> itself; core.networks); a config's own ``arch`` wins.
    Raises ArchError when it names none."""
    return arch.canonical(getattr(config, "arch", None) or networks.architecture(model))


class NetworkPanel(Panel):
    panel_id = "network"
    placement = "tabbed"
    title = QT_TRANSLATE_NOOP("Panel", "Network")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>The whole network, from the image (left) to the answer (right).</b> Each block is what one "
        "layer hands on to the next, for the probe image.<br>"
        "<b>The numbers</b>: <i>channels × height × width</i> for a convolution or a pooling: 32×28×28 is "
        "32 maps (one per filter) of 28×28 pixels; pooling halves height and width. A fully connected "
        "layer's number is its units (1024); the output has one probability per class.<br>"
        "<b>The pictures</b>: for a stack of maps, its strongest channel for this image; for a fully "
        "connected layer, every unit as a strip (bright = active); the output's bars are the "
        "probabilities (orange = the prediction). The arrows name the layers in between.<br>"
        "<b>Click a block</b> to see that layer in the other panels (feature maps, filters). Hover for "
        "its parameters and its cost in floating-point operations (FLOPs).")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = "softmax"
        self.architecture = ""
        self.description = None
        self.legend = wrapping_label(grey=True)
        self.diagram = NetworkDiagram()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        self.scroll = QScrollArea()  # a long network scrolls rather than shrinking out of sight
        self.scroll.setWidget(self.diagram)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll, 1)
        self.diagram.block_clicked.connect(self.layer_chosen)
        self.set_model("softmax")

    # ------------------------------------------------------------------ model
    def set_model(self, model: str, config=None) -> None:
        """Draw the network of ``model`` (see :func:`architecture_of`)."""
        try:
            text = architecture_of(model, config)
            description = arch.describe(text)
        except arch.ArchError as err:
            self.model, self.architecture, self.description = model, "", None
            self.diagram.message = self.tr("Cannot draw the network: {0}").format(err)
            self.diagram.set_blocks([])
            self.legend.setText("")
            return
        if text == self.architecture:
            self.model = model
            return
        self.model, self.architecture, self.description = model, text, description
        self.diagram.set_blocks(blocks_of(description))
        self.diagram.clear_activations()
        blocks = self.diagram.blocks
        if any(block.spatial and block.shape[0] > 1 for block in blocks):
            legend = self.tr("Numbers: channels × height × width (one map per channel), or units. Pictures: the "
                             "probe's strongest channel. {0} parameters, {1} FLOPs per image. Click a block to "
                             "show that layer in the other panels.")
        else:
            legend = self.tr("Numbers: 1×28×28 is the image (1 channel of 28×28 pixels); the others count a "
                             "layer's units, and the output has one probability per class. {0} parameters, {1} "
                             "FLOPs per image.")
        self.legend.setText(legend.format(f"{description.params:,}", readable(description.flops)))

    def block_labels(self) -> list[str]:
        """What each block says, left to right ("conv1 32×28×28")."""
        return [block.label for block in self.diagram.blocks]

    def parts(self, model: str) -> set[str]:
        if model != self.model:
            try:
                description = arch.describe(architecture_of(model))
            except arch.ArchError:
                return set()
            return {INPUT_PART} | {b.part for b in blocks_of(description)}
        return {block.part for block in self.diagram.blocks}

    # ----------------------------------------------------------------- events
    def on_model_selected(self, model: str) -> None:
        self.set_model(model)

    def on_run_started(self, event: ev.RunStarted) -> None:
        self.set_model(event.model)
        self.diagram.clear_activations()

    def on_weights_shown(self, weights) -> None:
        if weights is not None:
            self.set_model(weights.model, weights.config)

    def on_snapshot(self, event: ev.Snapshot) -> None:
        arrays = event.arrays
        if INPUT_PART in arrays:  # a probe's activations: none of another image stays beside them
            self.diagram.thumbnails = {part: thumb for part, thumb in self.diagram.thumbnails.items()
                                       if part in arrays}
        shown = [block.part for block in self.diagram.blocks if block.part in arrays]
        for part in shown:
            self.diagram.thumbnails[part] = make_thumbnail(part, arrays[part])
        if shown:
            self.diagram.update()

    def on_layer_chosen(self, part: str) -> None:
        if any(block.part == part for block in self.diagram.blocks):
            self.diagram.chosen = part
            self.diagram.update()

    def set_class_names(self, names, short_names=None, dataset: str = "mnist") -> None:
        super().set_class_names(names, short_names, dataset)
        self.diagram.class_names = self.class_names
        self.diagram.short_class_names = self.short_class_names
        self.diagram.update()


PANEL = NetworkPanel
