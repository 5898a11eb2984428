"""Small labels the panels share: a line of text that wraps and never widens its dock."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy


def wrapping_label(grey: bool = False) -> QLabel:
    """A word-wrapped label whose text never sets the panel's minimum width (grey: a note)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    if grey:
        label.setStyleSheet("color: gray;")
    return label
