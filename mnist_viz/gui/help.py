"""Help > What am I looking at? (every panel's help on one page, each with links to its
concepts in Help > Concepts, and the lessons to try, the init lesson first) and Help > About."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__, logs
from ..core.config import MODEL_CHOICES
from . import concepts, i18n
from .feedback import Feedback
from .hub import shows
from .panels.base import Panel

DISPLAY_NAME = "MNIST viz"
DESCRIPTION = ("Trains the two MNIST models of the TensorFlow tutorials (softmax regression and the "
               "'Deep MNIST' convolutional network) in PyTorch, and shows what happens inside them "
               "while they learn: the loss, the weights, the filters, the activations of one image, "
               "and what the model makes of a digit you draw.")


class HelpDialog(QDialog):
    """Help > What am I looking at?: every panel's help, in one scrollable page."""

    def __init__(self, panels: Sequence[Panel], model: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What am I looking at?"))
        self.browser = QTextBrowser()
        # concept:KEY links open Help > Concepts at KEY; web links open in the browser.
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(lambda url: concepts.open_link(url, self))
        known = concepts.load()
        sections = [self.tr("<p>Each panel shows one view of the model while it trains. Press <b>Start</b> "
                            "(Ctrl+Return), <b>Pause</b> (Space) or <b>Step</b> one batch at a time (F10). "
                            "Panels can be moved, tabbed, floated and closed; View brings them back.</p>"),
                    self.tr("<p>New here? <b>Help &gt; Start here</b> goes through the tutorials' ideas in their "
                            "order. <b>Help &gt; Lessons</b> trains networks side by side on the same batches, "
                            "starting with <a href='lesson:init'>why small random weights?</a> (what the "
                            "<i>Init</i> box of the Training controls changes).</p>")]
        for panel in panels:
            models = [name for name in MODEL_CHOICES if shows(panel, name)]
            note = "" if shows(panel, model) else " <i>({})</i>".format(
                (self.tr("shown for the {0} models") if len(models) > 1
                 else self.tr("shown for the {0} model")).format(", ".join(models)))
            links = concepts.links_html(panel.panel_id, known)
            sections.append(f"<h3>{i18n.panel_title(panel)}{note}</h3><p>{i18n.panel_help(panel)}</p>"
                            + (f"<p>{links}</p>" if links else ""))
        self.browser.setHtml("".join(sections))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        em = self.fontMetrics().height()
        self.resize(em * 40, em * 32)


def show_about(feedback: Feedback) -> QMessageBox:
    """Help > About: the version, what the app is, and where its log file is (with a button to open it)."""
    log_file = logs.current_path()
    where = (f"The log file (errors and their details) is {log_file}" if log_file is not None
             else "No log file is being written in this session.")
    box = feedback.show_message(QMessageBox.Icon.Information, f"About {DISPLAY_NAME}",
                                f"{DISPLAY_NAME} {__version__}", f"{DESCRIPTION}\n\n{where}")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
    box.log_file = log_file
    if log_file is not None:
        button = box.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
        button.setObjectName("open_log_folder")
        button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent))))
    return box
