"""A dock's title bar: the panel's title, a "?" with the panel's help, float and close buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from .info_button import info_button


class DockTitleBar(QWidget):
    """A dock's title with a "?" (the panel's help), float and close buttons."""

    def __init__(self, dock: QDockWidget, help_text: str) -> None:
        super().__init__(dock)
        self.dock = dock
        self.label = QLabel(dock.windowTitle())
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.help_button = info_button(help_text, self)
        self.help_button.setObjectName("help_button")
        style = self.style()
        self.float_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarNormalButton),
                                         self.tr("Float or dock this panel"))
        self.close_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton),
                                         self.tr("Close this panel (View menu brings it back)"))
        layout = QHBoxLayout(self)
        margin = self.fontMetrics().height() // 4
        layout.setContentsMargins(margin * 2, margin, margin, margin)
        layout.setSpacing(margin)
        layout.addWidget(self.label)
        layout.addStretch(1)
        layout.addWidget(self.help_button)
        layout.addWidget(self.float_button)
        layout.addWidget(self.close_button)
        self.float_button.clicked.connect(lambda: dock.setFloating(not dock.isFloating()))
        self.close_button.clicked.connect(dock.close)
        dock.windowTitleChanged.connect(self.label.setText)

    def _button(self, icon, tooltip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)
        button.setAutoRaise(True)
        button.setToolTip(tooltip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button
