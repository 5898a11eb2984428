"""The canvas's choice of who answers: a combo box of source keys.

A key is ("pretrained", model), ("live",) or ("file", path): the shipped models, the run
being trained, then the checkpoints loaded so far, each one item; the last item, "Load
checkpoint…", is an action, not a choice. The texts keep the translation context
"CanvasPanel" (where they were marked before this widget was split off the panel), so
the translations in resources/translations still apply.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

#: (label, source key); the labels are translated where the combo box is filled.
FIXED_SOURCES = (
    (QT_TRANSLATE_NOOP("CanvasPanel", "Pretrained CNN (shipped)"), ("pretrained", "cnn")),
    (QT_TRANSLATE_NOOP("CanvasPanel", "Pretrained softmax (shipped)"), ("pretrained", "softmax")),
    (QT_TRANSLATE_NOOP("CanvasPanel", "Pretrained softmax, plain pixels (shipped)"), ("pretrained", "softmax-plain")),
    (QT_TRANSLATE_NOOP("CanvasPanel", "Model being trained"), ("live",)),
)
LOAD_CHECKPOINT = QT_TRANSLATE_NOOP("CanvasPanel", "Load checkpoint…")


class ModelChoice(QComboBox):
    """``keys[i]`` is item i's source key; ``chosen`` the index of the key in use."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple] = []
        self.chosen = 0
        for label, key in FIXED_SOURCES:
            self.addItem(QCoreApplication.translate("CanvasPanel", label))
            self.keys.append(key)
        self.addItem(QCoreApplication.translate("CanvasPanel", LOAD_CHECKPOINT))
        self.setToolTip(QCoreApplication.translate("CanvasPanel", "Which model answers"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)

    @property
    def chosen_key(self) -> tuple:
        return self.keys[self.chosen]

    def key_at(self, index: int) -> tuple | None:
        """The key of item ``index``; None for "Load checkpoint…"."""
        return self.keys[index] if index < len(self.keys) else None

    def choose(self, key: tuple, label: str | None = None) -> None:
        """Make ``key`` the one in use; a new one (a file) is added before "Load checkpoint…",
        as ``label`` (default: "Checkpoint: " and the file's name)."""
        if key not in self.keys:
            self.insertItem(len(self.keys), label or f"Checkpoint: {Path(key[1]).name}")
            self.keys.append(key)
        self.chosen = self.keys.index(key)
        self.setCurrentIndex(self.chosen)

    def show_chosen(self) -> None:
        """Show the key in use again (after the user picked an action or a refused item)."""
        self.setCurrentIndex(self.chosen)

    def enable_pretrained(self, enabled: bool, tooltip: str = "") -> None:
        """Grey out (or back) the shipped models, saying why in their tooltip."""
        model = self.model()
        for index, key in enumerate(self.keys):
            if key[0] == "pretrained":
                item = model.item(index)
                item.setEnabled(enabled)
                item.setToolTip(tooltip)
