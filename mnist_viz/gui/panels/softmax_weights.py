"""Softmax regression's weights: column k of W, shown as a 28x28 image per digit.

The model's logit for digit k is the sum over pixels of x_i * W[i, k] (plus a bias), so
column k is a template the image is matched against: red pixels are evidence for k where
the ink is, blue pixels evidence against. Shown for any network whose one fc layer looks at
the pixels directly (``fc-10``, and with bn, activation or dropout layers beside it): its
``softmax_weights`` part.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core import events as ev
from ...core import networks
from ...core.config import Network
from ..widgets.info_button import info_button
from ..widgets.mosaic import DIVERGING, MosaicView, symmetric_levels
from .base import Panel

DIGIT_LABELS = [str(digit) for digit in range(10)]  # MNIST's; other data sets: set_class_names


def _weight_parts(model: str) -> tuple[str, ...]:
    try:
        return networks.weight_parts(model)
    except ValueError:  # not a model identifier (a network's name that is no architecture)
        return ()


class SoftmaxWeightsPanel(Panel):
    panel_id = "softmax_weights"
    placement = "weights"
    title = QT_TRANSLATE_NOOP("Panel", "Softmax weights")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>The weights W of softmax regression</b>, one 28×28 image per digit: column k of W "
        "reshaped to the image's shape. The evidence for digit k is the sum of pixel × weight, so "
        "each image is a <i>template</i>: <span style='color:#e04040'>red</span> pixels vote for k "
        "when they hold ink, <span style='color:#4060e0'>blue</span> pixels vote against, white "
        "is 0.<br>Watch for: the templates emerging from blank (W starts at zero) within the first "
        "hundred steps: a 0 as a red ring with a blue centre, a 1 as a red vertical bar, and blue "
        "where other digits put their ink. The colour range follows the largest |weight| "
        "unless you fix it, so you can also watch the weights grow.<br>"
        "With Fashion-MNIST or KMNIST (the <i>Data set</i> box), each image is the template of one "
        "class instead: a trouser's two legs, a sneaker's sole, a character's strokes.")

    @classmethod
    def shows(cls, network: Network) -> bool:
        """Only a single layer straight from the pixels has one weight image per class (besides
        it only layers that keep the shape, as ``core.arch`` says)."""
        return network.is_single_fc or "softmax_weights" in _weight_parts(network.name)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deskewed = False  # the network starts with deskew: templates of deskewed digits
        self.weights: np.ndarray | None = None
        self.step: int | None = None

        self.auto_range = QCheckBox(self.tr("Auto range"))
        self.auto_range.setChecked(True)
        self.auto_range.setToolTip(self.tr("Colour range ±max|W|, following the weights as they grow"))
        self.fixed_range = QDoubleSpinBox()
        self.fixed_range.setPrefix("± ")
        self.fixed_range.setDecimals(3)
        self.fixed_range.setRange(0.001, 100.0)
        self.fixed_range.setSingleStep(0.01)
        self.fixed_range.setValue(0.1)
        self.fixed_range.setEnabled(False)
        self.fixed_range.setToolTip(self.tr("Fixed colour range: weights beyond it saturate"))
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel(self.tr("Colours:")))
        controls.addWidget(self.auto_range)
        controls.addWidget(self.fixed_range)
        controls.addStretch(1)
        controls.addWidget(info_button(self.help_text, self))

        self.mosaic = MosaicView(self.tr("W[:, k] as 28×28, for each digit k"), colormap=DIVERGING, columns=5,
                                 label_band=6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(self.mosaic, 1)

        self.auto_range.toggled.connect(self._on_auto_range_toggled)
        self.fixed_range.valueChanged.connect(lambda _: self._show())

    def parts(self, model: str) -> set[str]:
        return {"softmax_weights"} if "softmax_weights" in _weight_parts(model) else set()

    def levels(self) -> tuple[float, float]:
        if self.auto_range.isChecked():
            return symmetric_levels(self.weights) if self.weights is not None else (-1.0, 1.0)
        return -self.fixed_range.value(), self.fixed_range.value()

    def _on_auto_range_toggled(self, on: bool) -> None:
        if not on and self.weights is not None:
            # Start the fixed range where the automatic one is now.
            self.fixed_range.blockSignals(True)
            self.fixed_range.setValue(float(symmetric_levels(self.weights)[1]))
            self.fixed_range.blockSignals(False)
        self.fixed_range.setEnabled(not on)
        self._show()

    def on_model_selected(self, model: str) -> None:
        self._set_deskewed(model)

    def on_weights_shown(self, weights) -> None:
        if weights is not None:
            self._set_deskewed(weights.model)

    def _set_deskewed(self, model: str) -> None:
        """A network that starts with ``deskew`` (the shipped softmax): its templates are of
        deskewed digits (straightened, sized, centred), which the title says."""
        self.deskewed = str(model).startswith("deskew,")
        self.mosaic.set_title(self._title())

    def on_run_started(self, event: ev.RunStarted) -> None:
        self.weights = None
        self.step = None
        self.mosaic.clear()
        self.mosaic.set_title(self._title())

    def set_class_names(self, names, short_names=None, dataset: str = "mnist") -> None:
        super().set_class_names(names, short_names, dataset)
        self.mosaic.set_title(self._title())
        self._show()

    def _title(self) -> str:
        step = "" if self.step is None else self.tr(" · step {0:,}").format(self.step)
        deskewed = self.tr(" · deskewed") if self.deskewed else ""
        return (self.tr("W[:, k] as 28×28, for each digit k") if self.dataset == "mnist"
                else self.tr("W[:, k] as 28×28, for each class k")) + deskewed + step

    def on_snapshot(self, event: ev.Snapshot) -> None:
        weights = event.arrays.get("softmax_weights")
        if weights is None:
            return
        self.weights, self.step = weights, event.step
        self._show()

    def _show(self) -> None:
        if self.weights is None:
            return
        names = self.class_names
        describe = ((lambda k: f"digit {k}: template W[:, {k}]") if self.dataset == "mnist" else
                    (lambda k: f"class {k}, {names[k]}: template W[:, {k}]"))
        self.mosaic.set_tiles(self.weights, levels=self.levels(), labels=list(self.short_class_names),
                              describe=describe)
        self.mosaic.set_title(self._title())


PANEL = SoftmaxWeightsPanel
