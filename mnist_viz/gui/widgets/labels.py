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


class SteadyLabel(QLabel):
    """A word-wrapped label that keeps the height of its longest text so far (until its width
    changes): a text a line shorter at the next step of a replay must not move every picture
    below it up, then down again (the Filters panel's measures: 2 to 4 lines as the timeline
    moved, each time resizing its mosaics and redrawing their colour bars' axes)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._kept_for_width = -1

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        width = self.width()
        if width != self._kept_for_width:  # another width: the lines fall anew
            self._kept_for_width = width
            self.setMinimumHeight(0)
        if text:
            self.setMinimumHeight(max(self.minimumHeight(), self.heightForWidth(width)))
