"""The interface's language: English (the source text) or Japanese, with Qt's translations.

How it works, for a newcomer to Qt's translation system:

* In the code every user-visible string is marked: ``self.tr("Start")`` inside a QObject
  subclass (the class name becomes the string's *context*),
  ``QCoreApplication.translate("Context", "...")`` elsewhere, and
  ``QT_TRANSLATE_NOOP("Panel", "...")`` for class attributes such as a panel's title,
  which are translated where they are shown (:func:`panel_title`, :func:`panel_help`).
* ``pyside6-lupdate`` collects the marked strings into
  ``resources/translations/mnist_viz_ja.ts`` (XML that translators edit in Qt Linguist);
  ``pyside6-lrelease`` compiles it to ``mnist_viz_ja.qm``. ``scripts/update_translations.py``
  does both.
* :func:`install` loads the ``.qm`` into a QTranslator before the window is built, and
  Qt's own ``qtbase_ja.qm`` so that standard buttons (OK, Cancel) are Japanese too.

Which language: the environment variable ``MNIST_VIZ_LANG`` (``en`` or ``ja``; handy
for tests and screenshots), else the saved setting ``language`` (``system``, ``en`` or
``ja``; View > Language), else the system's: Japanese when the user's preferred UI
language is Japanese, English otherwise. A missing or unreadable ``.qm`` falls back to
English without an error. A change of language takes effect at the next start.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QObject, QSettings, Qt, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from ..core import resources

#: The languages of the interface: code -> name written in that language.
LANGUAGES = {"en": "English", "ja": "日本語"}
#: The languages' names in English (translated where they are shown, in context "LanguageChoice").
ENGLISH_NAMES = {"en": QT_TRANSLATE_NOOP("LanguageChoice", "English"),
                 "ja": QT_TRANSLATE_NOOP("LanguageChoice", "Japanese")}
#: The language the code's strings are written in (needs no translation file).
SOURCE_LANGUAGE = "en"
#: The saved setting's key and its value that follows the system.
SETTING = "language"
SYSTEM = "system"
#: Overrides the setting (``en`` or ``ja``), e.g. ``MNIST_VIZ_LANG=ja mnist-viz``.
ENV_VAR = "MNIST_VIZ_LANG"
#: Where the compiled translations are (``mnist_viz_<code>.qm``), beside the pretrained models.
TRANSLATIONS = resources.path("translations")
#: The context of panel titles and help texts (marked with QT_TRANSLATE_NOOP("Panel", ...)).
PANEL_CONTEXT = "Panel"

_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE


def qm_path(language: str) -> Path:
    """The compiled translation file of ``language``."""
    return TRANSLATIONS / f"mnist_viz_{language}.qm"


def saved_choice(settings: QSettings | None = None) -> str:
    """The saved setting: ``"system"``, ``"en"`` or ``"ja"`` (``"system"`` if unset or unknown)."""
    if settings is None:
        from .settings import app_settings  # the app's QSettings (tests redirect them)
        settings = app_settings()
    value = str(settings.value(SETTING, SYSTEM) or SYSTEM)
    return value if value in LANGUAGES or value == SYSTEM else SYSTEM


def save_choice(choice: str, settings: QSettings | None = None) -> None:
    """Remember ``choice`` (``"system"``, ``"en"`` or ``"ja"``) for the next start."""
    if choice != SYSTEM and choice not in LANGUAGES:
        raise ValueError(f"unknown language {choice!r}; use one of: {', '.join([SYSTEM, *LANGUAGES])}")
    if settings is None:
        from .settings import app_settings
        settings = app_settings()
    settings.setValue(SETTING, choice)
    settings.sync()


def system_language(locale: QLocale | None = None) -> str:
    """The supported language the user prefers: the first of the locale's UI languages we have.

    ``locale`` defaults to ``QLocale()``, which is the system's locale unless a program
    (or a test) has called ``QLocale.setDefault``.
    """
    locale = QLocale() if locale is None else locale
    for name in [*locale.uiLanguages(), locale.name()]:
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def resolve(choice: str | None = None) -> str:
    """The language to use: $MNIST_VIZ_LANG, else ``choice`` (the saved setting if None),
    with ``"system"`` resolved by :func:`system_language`."""
    env = os.environ.get(ENV_VAR, "").strip().lower()
    if env:
        choice = env
    elif choice is None:
        choice = saved_choice()
    if choice in LANGUAGES:
        return choice
    return system_language()


def install(app: QCoreApplication | None = None, choice: str | None = None) -> str:
    """Load the translations of the chosen language into ``app``; returns the language in use.

    Translators installed by an earlier call are removed first, so calling it again
    switches language (widgets made afterwards use the new one). English needs no file;
    a missing or unreadable ``.qm`` leaves the interface in English.
    """
    global _current
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translations")
    uninstall(app)
    language = resolve(choice)
    if language != SOURCE_LANGUAGE:
        ours = QTranslator(app)
        if not ours.load(str(qm_path(language))):
            language = SOURCE_LANGUAGE  # not there (or broken): stay in English
        else:
            _installed.append(ours)
            # Qt's own strings (OK, Cancel, the file dialog), when Qt ships them.
            qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt_base = QTranslator(app)
            if qt_base.load(f"qtbase_{language}", qt_folder):
                _installed.append(qt_base)
            for translator in _installed:
                app.installTranslator(translator)
    _current = language
    return language


def uninstall(app: QCoreApplication | None = None) -> None:
    """Back to the source language (English): remove the translators :func:`install` added."""
    global _current
    app = app or QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    _current = SOURCE_LANGUAGE


def current() -> str:
    """The language installed by the last :func:`install` (``"en"`` before any)."""
    return _current


def panel_title(panel) -> str:
    """A panel's title in the interface's language (titles are marked in the "Panel" context)."""
    return QCoreApplication.translate(PANEL_CONTEXT, panel.title) if panel.title else panel.title


def panel_help(panel) -> str:
    """A panel's help text in the interface's language."""
    return QCoreApplication.translate(PANEL_CONTEXT, panel.help_text) if panel.help_text else panel.help_text


class LanguageChoice(QObject):
    """View > Language: System / English / 日本語 as radio items; a choice is saved for the next start."""

    def __init__(self, menu: QMenu, window: QWidget, save: bool = True) -> None:
        super().__init__(menu)
        self.menu = menu
        self.window = window
        self.save = save
        self.group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        chosen = saved_choice() if save else SYSTEM
        # Each language is named in itself, so that a user who cannot read the current one finds theirs.
        names = {SYSTEM: self.tr("System ({0})").format(LANGUAGES[system_language()]), **LANGUAGES}
        for choice, name in names.items():
            action = menu.addAction(name)
            action.setObjectName(f"language_{choice}_action")
            action.setCheckable(True)
            action.setChecked(choice == chosen)
            action.triggered.connect(lambda *_, choice=choice: self.choose(choice))
            self.group.addAction(action)
            self.actions[choice] = action
        #: The last "takes effect at the next start" message (tests read it).
        self.message: QMessageBox | None = None

    def choose(self, choice: str) -> None:
        """Save ``choice``; say that the next start uses it (if it differs from the language now)."""
        self.actions[choice].setChecked(True)
        if self.save:
            save_choice(choice)
        language = resolve(choice)
        if language == current():
            return
        # Said in the current language and in the chosen one: the user reads at least one.
        sentence = QT_TRANSLATE_NOOP("LanguageChoice", "The interface will be in {0} the next time the app starts.")
        text = self.tr(sentence).format(self.tr(ENGLISH_NAMES[language]))
        translator = QTranslator(self)
        if language != SOURCE_LANGUAGE and translator.load(str(qm_path(language))):
            other = translator.translate("LanguageChoice", sentence).format(
                translator.translate("LanguageChoice", ENGLISH_NAMES[language]) or ENGLISH_NAMES[language])
        else:
            other = sentence.format(ENGLISH_NAMES[language])
        if other and other != text:
            text = f"{text}\n{other}"
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Language"), text, QMessageBox.StandardButton.Ok,
                          self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: setattr(self, "message", None))
        self.message = box
        box.open()


def add_language_menu(parent_menu: QMenu, window: QWidget, save: bool = True) -> QMenu:
    """Add the Language submenu to ``parent_menu`` (its choice object is ``menu.choice``)."""
    menu = parent_menu.addMenu(QCoreApplication.translate("LanguageChoice", "&Language"))
    menu.setObjectName("language_menu")
    menu.choice = LanguageChoice(menu, window, save=save)
    return menu
