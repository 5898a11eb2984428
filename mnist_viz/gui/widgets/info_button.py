"""A small information button that shows a panel's help text (as tooltip, and on click)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, QSize
from PySide6.QtWidgets import QStyle, QToolButton, QToolTip, QWidget


#: The accessible name of every info button (the main window hides a panel's own when
#: the panel's dock title bar has one).
INFO_NAME = "What am I looking at?"


def info_button(help_text: str, parent: QWidget | None = None) -> QToolButton:
    # A panel's help text is marked in the "Panel" context (gui.i18n.PANEL_CONTEXT): shown in
    # the interface's language (a text from elsewhere is returned as it is).
    help_text = QCoreApplication.translate("Panel", help_text) if help_text else help_text
    button = QToolButton(parent)
    button.setIcon(button.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation))
    button.setIconSize(QSize(16, 16))
    button.setAutoRaise(True)
    button.setToolTip(help_text)
    button.setAccessibleName(INFO_NAME)
    button.clicked.connect(
        lambda: QToolTip.showText(button.mapToGlobal(QPoint(0, button.height())), help_text, button))
    return button
