"""How the window tells the user something: the status bar, the banner across the top (what
happened and how to fix it), and non-blocking message boxes (logged when they warn)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox, QSizePolicy, QStyle, QToolBar, QWidget

from .. import logs
from .status import TrainingStatusBar

BANNER = "banner"


class MessageBanner(QToolBar):
    """A non-modal strip across the top of the window: what happened and how to fix it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("MessageBanner", "Messages"), parent)
        self.setObjectName(BANNER)
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar the user manages
        icon = QLabel()
        size = self.fontMetrics().height() * 3 // 2
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.addWidget(icon)
        self.addWidget(self.label)
        self.fix_action = self.addAction("")
        self.dismiss_action = self.addAction(self.tr("Dismiss"), self.hide)
        self.hide()

    def show_message(self, text: str, fix: QAction | None = None) -> None:
        self.label.setText(text)
        if fix is not None:
            self.fix_action.setText(fix.text().replace("&", ""))
            try:
                self.fix_action.triggered.disconnect()
            except (RuntimeError, TypeError):
                pass
            self.fix_action.triggered.connect(fix.trigger)
        self.fix_action.setVisible(fix is not None)
        self.show()


class Feedback:
    """The status bar, the banner and message boxes of one window."""

    def __init__(self, window: QWidget, status: TrainingStatusBar, banner: MessageBanner) -> None:
        self.window = window
        self.status = status
        self.banner = banner
        #: The newest message box still open (tests read it).
        self.last_message: QMessageBox | None = None

    def show_message(self, icon: QMessageBox.Icon, title: str, text: str, informative: str = "",
                     details: str = "") -> QMessageBox:
        """A non-blocking message box (the window stays usable; tests can read ``last_message``)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        if informative:
            box.setInformativeText(informative)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: setattr(self, "last_message", None) if self.last_message is box else None)
        self.last_message = box
        if icon in (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical):  # the details stay in the log
            logs.get("gui").log(30 if icon == QMessageBox.Icon.Warning else 40, "%s: %s%s%s", title, text,
                                f" ({informative})" if informative else "", f"\n{details}" if details else "")
        box.open()
        return box
