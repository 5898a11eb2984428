"""A dock's title bar: the panel's title, a "?" with the panel's help, float and close buttons,
and (:meth:`DockTitleBar.add_links`) a button whose menu links to further reading, e.g. the
panel's entries in Help > Concepts."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QMenu, QStyle, QToolButton, QWidget

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
        #: The button added by :meth:`add_links` (None until then).
        self.links_button: QToolButton | None = None
        self.links_menu: QMenu | None = None
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

    def add_links(self, text: str, tooltip: str, links: Sequence[tuple[str, str]],
                  follow: Callable[[str], object]) -> QToolButton:
        """A small button before the "?" (a page icon; ``text`` is its accessible name) whose menu
        lists ``links`` (label, target); choosing one calls ``follow(target)``. Called again, it
        replaces the menu. Icon-only, so that many docks side by side still fit a small screen."""
        if self.links_button is None:
            self.links_button = QToolButton(self)
            self.links_button.setObjectName("links_button")
            self.links_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
            self.links_button.setIconSize(self.help_button.iconSize())
            self.links_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            self.links_button.setAutoRaise(True)
            self.links_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # The menu pops up on click (not setMenu, whose arrow would widen every title bar).
            self.links_button.clicked.connect(
                lambda: self.links_menu.popup(self.links_button.mapToGlobal(self.links_button.rect().bottomLeft())))
            layout = self.layout()
            layout.insertWidget(layout.indexOf(self.help_button), self.links_button)
        button = self.links_button
        button.setText(text)
        button.setToolTip(tooltip)
        button.setAccessibleName(text)
        if self.links_menu is not None:
            self.links_menu.deleteLater()
        self.links_menu = QMenu(button)
        for label, target in links:
            self.links_menu.addAction(label, lambda target=target: follow(target))
        return button

    def _button(self, icon, tooltip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)
        button.setAutoRaise(True)
        button.setToolTip(tooltip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button
