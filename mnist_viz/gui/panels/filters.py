"""The CNN's convolution filters: conv1's 32 5x5 kernels and conv2's 64 x 32 of them.

conv1 looks at the image itself, so its kernels can be read as little pictures (edge and
stroke detectors). conv2 has one 5x5 kernel per (output filter, input channel) pair: shown
either for one input channel at a time (64 kernels) or all 2,048 at once, one row per
input channel and one column per output filter. Colours are shared per layer (symmetric
around zero) unless each tile is normalised on its own.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QSpinBox, QSplitter, QVBoxLayout,
                               QWidget)

from ...core import events as ev
from ...core.config import Network
from ..widgets.info_button import info_button
from ..widgets.mosaic import DIVERGING, MosaicView, symmetric_levels
from .base import Panel

CONV2_ONE_CHANNEL, CONV2_ALL = 0, 1


def normalise_tiles(tiles: np.ndarray) -> np.ndarray:
    """Each tile divided by its own max |value| (all-zero tiles stay zero)."""
    peak = np.abs(tiles).reshape(len(tiles), -1).max(axis=1)
    peak[peak == 0] = 1.0
    return tiles / peak[:, None, None]


class FiltersPanel(Panel):
    panel_id = "filters"
    placement = "weights"
    title = QT_TRANSLATE_NOOP("Panel", "Convolution filters")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>The CNN's learned filters</b> (5×5 weights; <span style='color:#e04040'>red</span> "
        "positive, <span style='color:#4060e0'>blue</span> negative, white 0).<br>"
        "<b>conv1</b>: the 32 filters that slide over the image. Each responds where the image "
        "looks like it: a red stripe beside a blue one is an edge detector.<br>"
        "<b>conv2</b>: each of its 64 filters has one 5×5 kernel per conv1 channel (32); pick a "
        "channel, or show all 64×32 (row = input channel, column = filter).<br>"
        "Watch for: the random noise of the start turning into smooth edge, stroke and blob "
        "detectors in conv1 within a few hundred steps; conv2 changes more slowly and is harder "
        "to read. <i>Per-tile range</i> scales each tile to its own ±max, which makes weak filters visible; hover for the true values.")

    @classmethod
    def shows(cls, network: Network) -> bool:
        """A network with convolutions has filters to show."""
        return network.conv_layers > 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conv1: np.ndarray | None = None
        self.conv2: np.ndarray | None = None
        self.step: int | None = None

        self.conv2_mode = QComboBox()
        self.conv2_mode.addItems(["one channel", "all 64×32"])
        self.conv2_mode.setToolTip("conv2: the 64 filters' kernels for one conv1 channel, or all of them")
        self.channel = QSpinBox()
        self.channel.setRange(0, 31)
        self.channel.setPrefix("ch ")
        self.channel.setToolTip("Which conv1 output channel (input channel of conv2) to show")
        self.normalise = QCheckBox(self.tr("Per-tile range"))
        self.normalise.setToolTip("Scale every tile to its own ±max instead of one range per layer")
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel("conv2:"))
        controls.addWidget(self.conv2_mode)
        controls.addWidget(self.channel)
        controls.addWidget(self.normalise)
        controls.addStretch(1)
        controls.addWidget(info_button(self.help_text, self))

        self.conv1_mosaic = MosaicView("conv1 · 32 filters", colormap=DIVERGING, columns=8)
        self.conv2_mosaic = MosaicView("conv2", colormap=DIVERGING, columns=16)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.conv1_mosaic)
        splitter.addWidget(self.conv2_mosaic)
        # conv1 is 8 x 4 tiles, conv2 16 x 4 (one channel) or 64 x 32 (all): heights 2:1 or 1:1.
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)

        self.conv2_mode.currentIndexChanged.connect(self._on_mode_changed)
        self.channel.valueChanged.connect(lambda _: self._show_conv2())
        self.normalise.toggled.connect(lambda _: self._show())

    def parts(self, model: str) -> set[str]:
        return {"conv1_filters", "conv2_filters"} if model == "cnn" else set()

    def _on_mode_changed(self) -> None:
        one_channel = self.conv2_mode.currentIndex() == CONV2_ONE_CHANNEL
        self.channel.setEnabled(one_channel)
        total = sum(self.splitter.sizes()) or 300
        self.splitter.setSizes([total * 2 // 3, total // 3] if one_channel else [total // 3, total * 2 // 3])
        self._show_conv2()

    # ------------------------------------------------------------------ events
    def on_run_started(self, event: ev.RunStarted) -> None:
        self.conv1 = self.conv2 = None
        self.step = None
        self.conv1_mosaic.clear()
        self.conv2_mosaic.clear()

    def on_snapshot(self, event: ev.Snapshot) -> None:
        conv1, conv2 = event.arrays.get("conv1_filters"), event.arrays.get("conv2_filters")
        if conv1 is None and conv2 is None:
            return
        self.step = event.step
        if conv1 is not None:
            self.conv1 = conv1
        if conv2 is not None:
            self.conv2 = conv2
        self._show()

    # ------------------------------------------------------------------ drawing
    def _tiles(self, raw: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
        """What to draw and with which levels: shared per layer, or each tile on its own."""
        if self.normalise.isChecked():
            return normalise_tiles(raw), (-1.0, 1.0)
        return raw, None

    def _show(self) -> None:
        self._show_conv1()
        self._show_conv2()

    def _show_conv1(self) -> None:
        if self.conv1 is None:
            return
        tiles, levels = self._tiles(self.conv1)
        self.conv1_mosaic.set_tiles(tiles, levels=levels or symmetric_levels(self.conv1), raw=self.conv1,
                                    describe=lambda k: f"conv1 filter {k}")
        scale = " · per-tile range" if self.normalise.isChecked() else ""
        self.conv1_mosaic.set_title(f"conv1 · 32 filters on the image · step {self.step:,}{scale}")

    def _show_conv2(self) -> None:
        if self.conv2 is None:
            return
        layer_levels = symmetric_levels(self.conv2)  # one range for the whole layer
        scale = " · per-tile range" if self.normalise.isChecked() else ""
        if self.conv2_mode.currentIndex() == CONV2_ONE_CHANNEL:
            channel = self.channel.value()
            raw = self.conv2[:, channel]
            tiles, levels = self._tiles(raw)
            self.conv2_mosaic.set_tiles(tiles, levels=levels or layer_levels, raw=raw, columns=16,
                                        describe=lambda k: f"conv2 filter {k}, input channel {channel}")
            self.conv2_mosaic.set_title(f"conv2 · 64 filters' kernels for conv1 channel {channel}{scale}")
        else:
            # Row = input channel i, column = output filter o: tile i * 64 + o.
            raw = self.conv2.transpose(1, 0, 2, 3).reshape(-1, *self.conv2.shape[2:])
            tiles, levels = self._tiles(raw)
            filters = self.conv2.shape[0]
            self.conv2_mosaic.set_tiles(tiles, levels=levels or layer_levels, raw=raw, columns=filters,
                                        describe=lambda k: f"conv2 filter {k % filters}, "
                                                           f"input channel {k // filters}")
            self.conv2_mosaic.set_title(f"conv2 · all kernels (row = input channel, column = filter){scale}")


PANEL = FiltersPanel
