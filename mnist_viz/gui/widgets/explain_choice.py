"""The canvas's choice of explanation: "Why: Integrated Gradients / Saliency / Grad-CAM / Occlusion".

A small combo box over :data:`mnist_viz.core.explain.METHODS`, named in the interface's
language (``core.explain.TITLES``, without their brackets; the whole title is in the tooltip), each item's tooltip its "how to read it" paragraph
(``core.explain.HOW_TO_READ``) and the box's own tooltip that of the method chosen.
Grad-CAM needs a convolution layer: for a network without one (softmax regression) its
item is greyed out, its tooltip says why, and a box that had it chosen falls back to the
default method. Which network answers is said with :meth:`ExplainChoice.set_network`
(a model identifier; ``core.networks.network`` knows its layers without torch).

The language of the texts is the interface's: the translation of the marker string "en"
(context ``ExplainChoice``), which the Japanese translation renders "ja". (Asking
``gui.i18n`` would make the widgets import the settings, and through them the window: an
import cycle.)
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QWidget

from ...core.networks import network
from ...core.explain import DEFAULT_METHOD, HOW_TO_READ, METHODS, TITLES

#: The order in the box: today's method first, then the others.
ORDER = (DEFAULT_METHOD, *(method for method in METHODS if method != DEFAULT_METHOD))


def interface_language() -> str:
    """"en", or the code the installed translation gives the marker "en" ("ja")."""
    # For the translator: the language code of this translation ("ja" in the Japanese one).
    return QCoreApplication.translate("ExplainChoice", "en")


class ExplainChoice(QComboBox):
    #: The method chosen changed (a name of core.explain.METHODS).
    method_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, language: str | None = None) -> None:
        super().__init__(parent)
        self.language = language or interface_language()
        # narrow when it must be (the canvas's answer side), as wide as its row lets it otherwise
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        for method in ORDER:
            self.addItem(self.short_title(method), method)
            self.setItemData(self.count() - 1, self._text(HOW_TO_READ, method), Qt.ItemDataRole.ToolTipRole)
        self.network_name: str | None = None
        self.currentIndexChanged.connect(self._on_index_changed)
        self._update_tooltip()

    def short_title(self, method: str) -> str:
        """The method's name without its explanation in brackets ("Grad-CAM"), for the box."""
        return self._text(TITLES, method).split(" (")[0].split("（")[0]

    def _text(self, table: dict, method: str) -> str:
        texts = table[method]
        return texts.get(self.language, texts["en"])

    @property
    def method(self) -> str:
        return self.currentData() or DEFAULT_METHOD

    def choose(self, method: str) -> None:
        """Choose ``method`` (one of core.explain.METHODS) as a user would."""
        index = self.findData(method)
        if index < 0:
            raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
        if not self.offered(method):
            raise ValueError(self.why_not(method))
        self.setCurrentIndex(index)

    def offered(self, method: str) -> bool:
        item = self.model().item(self.findData(method)) if isinstance(self.model(), QStandardItemModel) else None
        return item is None or item.isEnabled()

    def why_not(self, method: str) -> str:
        """Why ``method`` is greyed out, in words ("" when it is offered)."""
        if method == "gradcam" and self.offered(method) is False:
            return QCoreApplication.translate(
                "ExplainChoice", "Grad-CAM is not offered: {0} has no convolution layer. Choose another method.").format(
                self.network_name or QCoreApplication.translate("ExplainChoice", "this network"))
        return ""

    def set_network(self, model: str | None) -> None:
        """The network that answers now (a model identifier: softmax, cnn or an architecture);
        Grad-CAM is offered if it has a conv layer."""
        self.network_name = model
        try:
            has_conv = model is None or network(model).conv_layers > 0
        except (KeyError, ValueError):
            has_conv = True  # an architecture not described: let core.explain decide (it falls back)
        index = self.findData("gradcam")
        item = self.model().item(index)
        item.setEnabled(has_conv)
        if has_conv:
            self.setItemData(index, self._text(HOW_TO_READ, "gradcam"), Qt.ItemDataRole.ToolTipRole)
        else:
            self.setItemData(index, self.why_not("gradcam"), Qt.ItemDataRole.ToolTipRole)
            if self.method == "gradcam":
                self.setCurrentIndex(self.findData(DEFAULT_METHOD))
        self._update_tooltip()

    def _on_index_changed(self, _index: int) -> None:
        self._update_tooltip()
        self.method_changed.emit(self.method)

    def _update_tooltip(self) -> None:
        how = QCoreApplication.translate("ExplainChoice", "How to read it")
        self.setToolTip(f"<b>{self._text(TITLES, self.method)}</b> · {how}<br>{self._text(HOW_TO_READ, self.method)}")
