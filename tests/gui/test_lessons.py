"""Help > Lessons, the first-run "Start here" page and the links to the lessons (issue 17 item 3)."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import QThreadPool, QUrl

from mnist_viz.core import lessons, resources
from mnist_viz.gui import concepts, settings
from mnist_viz.gui.experiment_window import ExperimentWindow
from mnist_viz.gui.init_experiment import InitExperimentWindow
from mnist_viz.gui.lessons import START_ITEMS

LESSON_LINK = re.compile(r"\]\(lesson:([a-z0-9-]+)\)")


@pytest.fixture(scope="module")
def window(qapp, mnist_small, tmp_path_factory):
    """One main window for the module, on its first run (its own fresh settings folder): it
    shows the Start-here page by itself. (Each test then gets fresh settings of its own.)"""
    from PySide6.QtCore import QSettings

    from mnist_viz.gui.main_window import MainWindow

    folder = tmp_path_factory.mktemp("first-run")
    for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))
    assert not settings.start_page_seen()
    win = MainWindow(data=mnist_small, persist=False, start_page=True)
    win.resize(1366, 768)
    win.show()
    deadline = time.monotonic() + 30
    while not (win.arranged and win.lessons.start_page is not None) and time.monotonic() < deadline:
        qapp.processEvents()
    win.first_run_seen = settings.start_page_seen()
    yield win
    win.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def shown_in_front(window, panel_id: str) -> bool:
    """The panel's dock is on screen and is the front tab of its group."""
    return window.docks[panel_id].isVisible()


def test_the_start_page_opens_once_with_the_concepts_in_the_tutorials_order(qtbot, window):
    page = window.lessons.start_page
    assert page is not None and page.isVisible() and window.first_run_seen  # by itself, on the first run
    assert list(page.buttons) == ["softmax", "cross-entropy", "gradient-descent", "convolution", "pooling", "relu",
                                  "dropout", "adam", "back-propagation", "initialisation"]
    assert set(page.buttons) <= set(concepts.CONCEPTS)  # each links to its paragraph in Help > Concepts
    # Once: the first start shows it and remembers; the next start does not.
    assert not settings.start_page_seen()  # (this test's own fresh settings)
    assert window.lessons.show_start_page_once() and settings.start_page_seen()
    assert not window.lessons.show_start_page_once()
    page.close()
    window.menus.start_here_action.trigger()  # Help > Start here brings it back
    assert page.isVisible() and window.lessons.start_page is page


def test_a_concepts_button_loads_its_preset_and_brings_its_panel_to_the_front(qtbot, window):
    page = window.lessons.show_start_page()
    page.buttons["convolution"].click()

    assert window.controls.config().preset == "watch-cnn" and window.controls.current_model() == "cnn"
    assert shown_in_front(window, "filters")
    siblings = [dock for dock in window.tabifiedDockWidgets(window.docks["filters"]) if not dock.isHidden()]
    assert all(not dock.isVisible() for dock in siblings)  # behind it in its tab group
    assert not page.isVisible()  # out of the way of the panel
    assert "watch-cnn" in page.buttons["convolution"].text()

    page = window.lessons.show_start_page()
    page.buttons["softmax"].click()
    assert window.controls.config().preset == "tutorial-softmax" and window.controls.current_model() == "softmax"
    assert shown_in_front(window, "softmax_weights")


def test_a_lesson_button_opens_the_lessons_window(qtbot, window, mnist_small):
    page = window.lessons.show_start_page()

    page.buttons["adam"].click()
    optimizer = window.lessons.windows["optimizer"]
    qtbot.waitExposed(optimizer)
    assert isinstance(optimizer, ExperimentWindow) and optimizer.isVisible() and optimizer.mnist is mnist_small
    assert [column.name for column in optimizer.columns] == ["sgd", "momentum", "adam"]

    page.buttons["initialisation"].click()
    assert isinstance(window.init_experiment, InitExperimentWindow) and window.init_experiment.isVisible()
    page.buttons["adam"].click()  # again: the same window comes forward
    assert window.lessons.windows["optimizer"] is optimizer


def test_help_lessons_lists_every_lesson_in_the_tutorials_order(qtbot, window):
    menu = window.menus.lessons_menu
    menu.aboutToShow.emit()
    titles = [action.text() for action in menu.actions()]
    assert titles == [lessons.LESSONS[name].title for name in lessons.LESSON_ORDER]
    assert all(action.statusTip() for action in menu.actions())  # each says what it shows

    menu.actions()[lessons.LESSON_ORDER.index("dropout")].trigger()
    assert window.lessons.windows["dropout"].isVisible()
    menu.actions()[lessons.LESSON_ORDER.index("init")].trigger()
    assert window.init_experiment.isVisible()  # the init lesson is Help > Experiment's window


def test_the_help_texts_point_to_the_lessons_and_their_links_work(qtbot, window):
    from mnist_viz.gui.help import HelpDialog

    for code in ("en", "ja"):
        named = set(LESSON_LINK.findall(resources.read_text("concepts", f"{code}.md")))
        assert named and named <= set(lessons.LESSONS), f"{code}.md links to a lesson that does not exist"
    assert {item.lesson for item in START_ITEMS if item.lesson} <= set(lessons.LESSONS)

    dialog = HelpDialog(list(window.panels.values()), "cnn", window)  # F1
    qtbot.addWidget(dialog)
    assert "lesson:init" in dialog.browser.toHtml()
    dialog.browser.anchorClicked.emit(QUrl("lesson:init"))
    assert window.init_experiment is not None and window.init_experiment.isVisible()
    # Help > Concepts: Adam's paragraph links to the optimiser lesson, and the link opens it.
    concepts_dialog = concepts.show_concepts(window, "adam")
    assert "lesson:optimizer" in concepts_dialog.browser.toHtml()
    concepts_dialog.browser.anchorClicked.emit(QUrl("lesson:optimizer"))
    assert window.lessons.windows["optimizer"].isVisible()
    concepts_dialog.close()


def test_every_text_of_the_lessons_is_marked_for_translation():
    """lupdate reads only mnist_viz/gui: gui/lesson_texts.py repeats core.lessons' texts (titles,
    texts, variant titles, verdict templates) for it, so that their Japanese is kept."""
    from mnist_viz.gui import lesson_texts

    marked, shown = set(lesson_texts.TEXTS), lesson_texts.lesson_texts()
    missing = [text for text in shown if text not in marked]
    assert not missing, (f"core.lessons shows {len(missing)} text(s) not marked for translation, e.g. "
                         f"{missing[0][:80]!r}: run python -m mnist_viz.gui.lesson_texts")
    assert set(shown) == marked, "gui/lesson_texts.py marks texts core.lessons no longer has: regenerate it"
