"""Help > Concepts: one short paragraph for each idea of the tutorials, in the write-up's order.

The texts are documents, not Qt translation strings: ``resources/concepts/en.md`` and
``resources/concepts/ja.md`` (package data, read with :func:`mnist_viz.core.resources.read_text`).
Each concept is a second-level heading with an anchor, ``## Softmax {#softmax}``,
followed by its Markdown; both files hold the same anchors in the same order
(:data:`CONCEPTS`). The dialog shows the file of the interface's language
(:func:`mnist_viz.gui.i18n.current`), English for a file or a concept that is missing.

Every panel's help links here: :data:`PANEL_CONCEPTS` maps a panel id to the concepts it
shows; :func:`links_html` writes them as ``concept:KEY`` links for the F1 help page, whose
clicks :func:`open_link` follows (a ``lesson:NAME`` link, as the texts have, opens that
lesson's window through the main window's ``show_lesson``); :func:`link_panels` gives each dock's title bar a small
page icon whose menu lists the same concepts (called by the menus, once the docks exist:
the title bar is a widget and imports nothing of the GUI above it, so it is handed the
list instead of reading it here). :func:`show_concepts`
opens (or brings forward) the window's one dialog, at a concept if asked.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QDockWidget, QHBoxLayout, QListWidget, QListWidgetItem,
                               QTextBrowser, QVBoxLayout, QWidget)

from ..core import resources
from . import i18n
from .widgets.dock_title import DockTitleBar

#: The concepts, in the order of the tutorial write-up (and of the dialog's list).
CONCEPTS = ("softmax", "cross-entropy", "gradient-descent", "back-propagation", "convolution", "pooling", "relu",
            "dropout", "adam", "initialisation", "vanishing-gradients", "overfitting", "integrated-gradients")

#: Which concepts each panel shows (panel_id -> concept keys, the most useful first).
PANEL_CONCEPTS: dict[str, tuple[str, ...]] = {
    "loss": ("cross-entropy", "gradient-descent", "dropout", "overfitting"),
    "network": ("convolution", "pooling", "dropout", "softmax"),
    "softmax_weights": ("softmax", "gradient-descent", "initialisation"),
    "filters": ("convolution", "adam", "initialisation"),
    "feature_maps": ("convolution", "pooling", "relu", "softmax"),
    "canvas": ("integrated-gradients", "softmax"),
    "confusion": ("softmax", "overfitting"),
    "distributions": ("back-propagation", "vanishing-gradients", "relu", "initialisation"),
    "embedding": ("softmax", "relu", "overfitting"),
    "units": ("convolution", "pooling", "relu", "gradient-descent"),
    "data": ("gradient-descent", "overfitting"),
}

#: The fallback language, and the folder of the texts inside resources/.
FALLBACK = "en"
FOLDER = "concepts"
#: A link to a concept: ``concept:dropout``.
SCHEME = "concept"
#: A link to a lesson's experiment window: ``lesson:dropout`` (gui.lessons).
LESSON_SCHEME = "lesson"
HEADING = re.compile(r"^##[ \t]+(?P<title>.+?)[ \t]*\{#(?P<key>[a-z0-9-]+)\}[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Concept:
    key: str
    title: str
    #: The paragraph(s), Markdown, without the heading.
    body: str


def parse(text: str) -> dict[str, Concept]:
    """The concepts of one Markdown file, in its order (text before the first heading is left out)."""
    matches = list(HEADING.finditer(text))
    concepts = {}
    for match, following in zip(matches, [*matches[1:], None]):
        end = following.start() if following is not None else len(text)
        key = match["key"]
        concepts[key] = Concept(key, match["title"].strip(), text[match.end():end].strip())
    return concepts


def load(language: str | None = None) -> dict[str, Concept]:
    """The concepts in ``language`` (default: the interface's), in :data:`CONCEPTS` order.

    A concept (or the whole file) missing from that language comes from English; a
    concept missing from English too is left out.
    """
    language = language or i18n.current()
    english = parse(resources.read_text(FOLDER, f"{FALLBACK}.md") or "")
    chosen = english if language == FALLBACK else parse(resources.read_text(FOLDER, f"{language}.md") or "")
    return {key: chosen.get(key) or english[key] for key in CONCEPTS if key in chosen or key in english}


def panel_concepts(panel_id: str) -> tuple[str, ...]:
    """The concepts of a panel (none for a panel the mapping does not know)."""
    return PANEL_CONCEPTS.get(panel_id, ())


def link(key: str) -> str:
    return f"{SCHEME}:{key}"


def links_html(panel_id: str, concepts: dict[str, Concept] | None = None) -> str:
    """"Concepts: <a href=concept:softmax>Softmax</a>, ..." for a panel ("" if it has none)."""
    keys = panel_concepts(panel_id)
    if not keys:
        return ""
    concepts = load() if concepts is None else concepts
    names = [f"<a href='{link(key)}'>{html.escape(concepts[key].title)}</a>" for key in keys if key in concepts]
    if not names:
        return ""
    return QCoreApplication.translate("Concepts", "Concepts: {0}").format(
        QCoreApplication.translate("Concepts", ", ").join(names))


def concept_of(url: QUrl | str) -> str | None:
    """The concept a link names (``concept:dropout``, or ``#dropout`` inside the texts), else None."""
    url = QUrl(url) if isinstance(url, str) else url
    if url.scheme() == SCHEME:
        key = url.path()
    elif not url.scheme() and not url.path() and url.hasFragment():
        key = url.fragment()
    else:
        return None
    return key if key in CONCEPTS else None


def open_lesson(url: QUrl | str, parent: QWidget | None = None) -> bool:
    """Follow a ``lesson:NAME`` link: the main window above ``parent`` opens the lesson. True if it was one."""
    url = QUrl(url) if isinstance(url, str) else url
    if url.scheme() != LESSON_SCHEME:
        return False
    widget = parent
    while widget is not None and not hasattr(widget, "show_lesson"):
        widget = widget.parentWidget()
    if widget is not None:
        widget.show_lesson(url.path())
    return True


def open_link(url: QUrl | str, parent: QWidget | None = None) -> ConceptsDialog | None:
    """Follow a link clicked in a help text: a concept opens the dialog at it, a lesson its window,
    anything else goes to the desktop (a web page in the browser)."""
    key = concept_of(url)
    if key is not None:
        return show_concepts(parent, key)
    if open_lesson(url, parent):
        return None
    QDesktopServices.openUrl(QUrl(url) if isinstance(url, str) else url)
    return None


def link_panels(window: QWidget) -> int:
    """Give the title bar of each panel's dock a "Concepts" button listing the panel's concepts;
    choosing one opens Help > Concepts at it. Returns how many docks got one."""
    concepts = load()
    linked = 0
    for dock in window.findChildren(QDockWidget):
        bar = dock.titleBarWidget()
        keys = [key for key in panel_concepts(dock.objectName()) if key in concepts]
        if not isinstance(bar, DockTitleBar) or not keys:
            continue
        names = [concepts[key].title for key in keys]
        tip = QCoreApplication.translate("Concepts", "The ideas behind this panel, explained in Help > Concepts: {0}")
        bar.add_links(QCoreApplication.translate("Concepts", "Concepts"),
                      tip.format(QCoreApplication.translate("Concepts", ", ").join(names)),
                      [(concepts[key].title, key) for key in keys],
                      lambda key, dock=dock: show_concepts(dock, key))
        linked += 1
    return linked


class ConceptsDialog(QDialog):
    """The concepts' titles in a list (the write-up's order), the chosen one's text beside it."""

    def __init__(self, parent: QWidget | None = None, language: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("concepts_dialog")
        self.setWindowTitle(self.tr("Concepts"))
        self.concepts = load(language)
        self.list = QListWidget()
        self.list.setObjectName("concepts_list")
        self.list.setAccessibleName(self.tr("Concepts"))
        for concept in self.concepts.values():
            item = QListWidgetItem(concept.title)
            item.setData(Qt.ItemDataRole.UserRole, concept.key)
            self.list.addItem(item)
        self.browser = QTextBrowser()
        self.browser.setObjectName("concepts_text")
        self.browser.setOpenLinks(False)  # links to other concepts select them; web links open outside
        self.browser.anchorClicked.connect(self._follow)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        em = self.fontMetrics().height()
        widest = max((self.list.fontMetrics().horizontalAdvance(c.title) for c in self.concepts.values()), default=0)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFixedWidth(min(widest + 2 * em, em * 20))
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(em * 46, em * 26)
        self.list.currentRowChanged.connect(self._show_row)
        if self.concepts:
            self.list.setCurrentRow(0)
        else:
            self.browser.setPlainText(self.tr(
                "The concept texts are missing from this installation ({0}); reinstall mnist-viz.").format(
                resources.path(FOLDER, f"{FALLBACK}.md")))

    @property
    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def show_concept(self, key: str) -> None:
        """Select ``key`` in the list and show its text; an unknown key is a ValueError."""
        keys = list(self.concepts)
        if key not in keys:
            raise ValueError(f"unknown concept {key!r}; choose one of: {', '.join(keys)}")
        self.list.setCurrentRow(keys.index(key))
        self.list.scrollToItem(self.list.currentItem())

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.concepts):
            return
        keys = list(self.concepts)
        concept = self.concepts[keys[row]]
        text = f"## {concept.title}\n\n{concept.body}\n"
        if row + 1 < len(keys):
            following = self.concepts[keys[row + 1]]
            text += "\n" + self.tr("Next: {0}").format(f"[{following.title}](#{following.key})") + "\n"
        self.browser.setMarkdown(text)
        self.browser.verticalScrollBar().setValue(0)

    def _follow(self, url: QUrl) -> None:
        key = concept_of(url)
        if key is not None and key in self.concepts:
            self.show_concept(key)
        elif key is None and not open_lesson(url, self):
            QDesktopServices.openUrl(url)


def show_concepts(parent: QWidget | None = None, key: str | None = None) -> ConceptsDialog:
    """Open Help > Concepts (the window's one dialog, made on first use), at ``key`` if given."""
    window = parent.window() if parent is not None else None
    while isinstance(window, QDialog) and window.parentWidget() is not None:
        window = window.parentWidget().window()  # opened from the F1 page: belong to the main window
    dialog = window.findChild(ConceptsDialog, "concepts_dialog") if window is not None else None
    if dialog is None:
        dialog = ConceptsDialog(window)
    if key is not None:
        dialog.show_concept(key)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
