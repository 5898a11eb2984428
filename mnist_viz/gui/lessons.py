"""The lessons: Help > Lessons, the first-run "Start here" page, and the lesson windows.

:class:`LessonLauncher` (one per main window, ``window.lessons``) opens a lesson's
experiment window (:meth:`~LessonLauncher.show_lesson`: the init lesson in the
"why small random weights?" window of :mod:`.init_experiment`, every other lesson of
``core.lessons`` in :class:`~.experiment_window.ExperimentWindow`), one window per lesson,
closed with the main window. :meth:`~LessonLauncher.fill_menu` lists the lessons in the
tutorial's order (``core.lessons.LESSON_ORDER``) in Help > Lessons: ``core.lessons`` is
imported only once torch is loaded or the menu is opened, since it trains.

:class:`StartHerePage` is the page a newcomer sees on the first run (shown once, by
:meth:`~LessonLauncher.show_start_page_once`; Help > Start here reopens it): the
tutorial's concepts in its order, two sentences each, and a button that sets the window
up for the concept (:data:`START_ITEMS`): it loads a preset in the control panel and
brings a panel to the front, or opens a lesson. Each also links to its paragraph in
Help > Concepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QGridLayout, QLabel, QMenu, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from ..core.config import PRESETS
from . import settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

#: The lesson that answers "why small random weights?" (Help > Experiment, the Init control's help).
INIT_LESSON = "init"


@dataclass(frozen=True)
class StartItem:
    """One concept of the Start-here page and what its button sets up."""

    concept: str          # a key of Help > Concepts (gui.concepts.CONCEPTS)
    title: str            # marked for translation (context "StartHerePage")
    text: str             # two sentences (same context)
    preset: str = ""      # a preset of core.config.PRESETS to load ...
    panel: str = ""       # ... and the panel to bring to the front
    lesson: str = ""      # or: the lesson to open
    button: str = ""      # the button's text for a lesson (a preset's says "Load P, show panel")


#: The concepts of the tutorial write-up, in its order.
START_ITEMS: tuple[StartItem, ...] = (
    StartItem("softmax", QT_TRANSLATE_NOOP("StartHerePage", "Softmax"), QT_TRANSLATE_NOOP(
        "StartHerePage", "Softmax turns the model's ten scores for an image into ten probabilities that add up to "
        "1; softmax regression, the first tutorial's model, scores each digit with one 28×28 template of weights. "
        "Press Start and watch the ten templates take the shape of the digits."),
        preset="tutorial-softmax", panel="softmax_weights"),
    StartItem("cross-entropy", QT_TRANSLATE_NOOP("StartHerePage", "Cross-entropy"), QT_TRANSLATE_NOOP(
        "StartHerePage", "The loss is −ln p, where p is the probability the model gives the right digit: 2.30 for "
        "an even guess among ten, near 0 when it is right and sure. The loss curve starts at 2.30 with "
        "tutorial-softmax and falls as the model learns."),
        preset="tutorial-softmax", panel="loss"),
    StartItem("gradient-descent", QT_TRANSLATE_NOOP("StartHerePage", "Gradient descent and the learning rate"),
              QT_TRANSLATE_NOOP(
        "StartHerePage", "Every step moves each weight a little downhill: the learning rate times the slope of the "
        "loss. The lesson trains a too small, a good and a too large rate on the same batches: one crawls, one "
        "learns, one overshoots until the loss explodes."),
        lesson="learning-rate", button=QT_TRANSLATE_NOOP("StartHerePage", "Lesson: three learning rates")),
    StartItem("convolution", QT_TRANSLATE_NOOP("StartHerePage", "Convolution"), QT_TRANSLATE_NOOP(
        "StartHerePage", "A convolution slides small filters over the image; each filter responds where the image "
        "looks like it, anywhere in the image. The preset watch-cnn is made for watching conv1's 32 filters "
        "form: blotches and bars within about 300 steps."),
        preset="watch-cnn", panel="filters"),
    StartItem("pooling", QT_TRANSLATE_NOOP("StartHerePage", "Pooling"), QT_TRANSLATE_NOOP(
        "StartHerePage", "Max pooling keeps the largest value of every 2×2 block: each feature map shrinks to a "
        "quarter, and a stroke moved by a pixel matters less. Compare conv1 with pool1 in the feature maps: the "
        "same patterns at half the resolution."),
        preset="tutorial-cnn", panel="feature_maps"),
    StartItem("relu", QT_TRANSLATE_NOOP("StartHerePage", "ReLU"), QT_TRANSLATE_NOOP(
        "StartHerePage", "ReLU is max(0, x): it passes a positive value and its gradient unchanged and stops a "
        "negative one. The lesson trains one deeper network with ReLU, sigmoid and tanh and shows each layer's "
        "gradient: with sigmoid the first layers' gradients fade away (vanishing gradients)."),
        lesson="activation", button=QT_TRANSLATE_NOOP("StartHerePage", "Lesson: ReLU, sigmoid, tanh")),
    StartItem("dropout", QT_TRANSLATE_NOOP("StartHerePage", "Dropout"), QT_TRANSLATE_NOOP(
        "StartHerePage", "In training, dropout switches off a random half of fc1's units for every image, so that "
        "no unit can rely on another. The lesson trains on only 1,000 images with and without dropout and "
        "measures the gap between training and test accuracy (over-fitting)."),
        lesson="dropout", button=QT_TRANSLATE_NOOP("StartHerePage", "Lesson: dropout and over-fitting")),
    StartItem("adam", QT_TRANSLATE_NOOP("StartHerePage", "Adam"), QT_TRANSLATE_NOOP(
        "StartHerePage", "Adam scales each weight's step by the size of its recent gradients, which makes it fast "
        "and forgiving of the learning rate. The lesson trains the CNN with plain gradient descent, momentum and "
        "Adam on the same batches."),
        lesson="optimizer", button=QT_TRANSLATE_NOOP("StartHerePage", "Lesson: three optimisers")),
    StartItem("back-propagation", QT_TRANSLATE_NOOP("StartHerePage", "Back-propagation"), QT_TRANSLATE_NOOP(
        "StartHerePage", "Back-propagation computes every weight's gradient in one backward sweep, from the loss "
        "down to the image, by the chain rule. The distributions show each layer's gradients and their size "
        "while the CNN trains."),
        preset="tutorial-cnn", panel="distributions"),
    StartItem("initialisation", QT_TRANSLATE_NOOP("StartHerePage", "Initialisation"), QT_TRANSLATE_NOOP(
        "StartHerePage", "The weights must start random: filters that start equal get equal gradients and stay "
        "copies of one another, and a start of all zeros cannot learn at all. The lesson trains the CNN from "
        "different starts side by side."),
        lesson=INIT_LESSON, button=QT_TRANSLATE_NOOP("StartHerePage", "Lesson: why small random weights?")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("StartHerePage", text)


def _panel_title(window, panel_id: str) -> str:
    panel = window.panels.get(panel_id)
    return QCoreApplication.translate("Panel", panel.title) if panel is not None else panel_id


class StartHerePage(QDialog):
    """The first-run page: the concepts in the tutorial's order, each with a button that sets the window up."""

    #: A button did its job (the item's concept key).
    item_done = Signal(str)

    def __init__(self, window: QMainWindow, launcher: LessonLauncher) -> None:
        super().__init__(window)
        self.setObjectName("start_here_page")
        self.setWindowTitle(self.tr("Start here"))
        self.window_ = window
        self.launcher = launcher
        #: concept key -> its button
        self.buttons: dict[str, QPushButton] = {}

        intro = QLabel(self.tr(
            "<h2>Start here</h2><p>The ideas of the two TensorFlow tutorials, in their order. Each button sets the "
            "window up for one: it loads a preset and shows the panel to watch (then press <b>Start</b>, "
            "Ctrl+Return), or opens a lesson: a small experiment that trains two to four networks side by side on "
            "the same batches. <i>More</i> opens the concept's paragraph in Help &gt; Concepts.</p>"))
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        heading_font = self.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.2)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        for row, item in enumerate(START_ITEMS):
            number = QLabel(str(row + 1))
            number.setFont(heading_font)
            number.setStyleSheet("color: #208040")
            number.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            text = QLabel("<big><b>{0}</b></big><br>{1} <a href='concept:{2}'>{3}</a>".format(
                _tr(item.title), _tr(item.text), item.concept, self.tr("More…")))
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setOpenExternalLinks(False)
            text.linkActivated.connect(self._open_concept)
            button = QPushButton(self.button_text(item))
            button.setObjectName(f"start_{item.concept}")
            button.setToolTip(self.button_tip(item))
            button.clicked.connect(lambda _=False, item=item: self.run_item(item))
            self.buttons[item.concept] = button
            if row:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                grid.addWidget(line, 2 * row - 1, 0, 1, 3)
            grid.addWidget(number, 2 * row, 0)
            grid.addWidget(text, 2 * row, 1)
            grid.addWidget(button, 2 * row, 2, Qt.AlignmentFlag.AlignVCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(grid_host)

        note = QLabel(self.tr("This page opens by itself on the first start only; Help > Start here brings it back."))
        note.setStyleSheet("color: #666")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        em = self.fontMetrics().height()
        self.resize(em * 52, em * 38)

    def button_text(self, item: StartItem) -> str:
        if item.lesson:
            return _tr(item.button)
        return self.tr("Load {0}, show {1}").format(item.preset, _panel_title(self.window_, item.panel))

    def button_tip(self, item: StartItem) -> str:
        if item.lesson:
            return self.tr("Opens the lesson's window; Start trains its networks side by side")
        return self.tr("Loads the preset {0} into the Training controls and brings the {1} panel to the front; "
                       "Start (Ctrl+Return) trains it").format(item.preset, _panel_title(self.window_, item.panel))

    def run_item(self, item: StartItem) -> None:
        """Do what the item's button says."""
        if item.lesson:
            self.launcher.show_lesson(item.lesson)
        else:
            self.launcher.set_up(item.preset, item.panel)
            self.hide()  # out of the way of the panel it has just brought to the front
        self.item_done.emit(item.concept)

    def _open_concept(self, link: str) -> None:
        from . import concepts

        concepts.open_link(link, self.window_)


class LessonLauncher(QObject):
    """Opens the lessons (one window each), fills Help > Lessons and shows the Start-here page."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: lesson name -> its open window (InitExperimentWindow for "init", ExperimentWindow otherwise)
        self.windows: dict[str, QWidget] = {}
        self.start_page: StartHerePage | None = None
        self.menu: QMenu | None = None

    # ------------------------------------------------------------------ menu
    def attach_menu(self, menu: QMenu) -> None:
        """Help > Lessons: filled once the lessons can be read (torch loaded, or the menu opened)."""
        self.menu = menu
        menu.setToolTipsVisible(True)
        menu.aboutToShow.connect(self.fill_menu)

    def fill_menu(self) -> None:
        """One entry per lesson, in the tutorial's order (done once)."""
        if self.menu is None or self.menu.actions():
            return
        from ..core import lessons

        for name in lessons.LESSON_ORDER:
            lesson = lessons.LESSONS[name]
            action = self.menu.addAction(QCoreApplication.translate("Lesson", lesson.title),
                                         lambda name=name: self.show_lesson(name))
            action.setObjectName(f"lesson_{name}_action")
            summary = QCoreApplication.translate("Lesson", lesson.summary)
            action.setStatusTip(summary)
            action.setToolTip(summary)

    # --------------------------------------------------------------- lessons
    def show_lesson(self, name: str) -> QWidget | None:
        """Open (or bring forward) lesson ``name``'s window with the window's data set."""
        window = self.window
        experiment = self.windows.get(name)
        if experiment is None:
            if name == INIT_LESSON:
                from .init_experiment import InitExperimentWindow

                experiment = InitExperimentWindow(window.mnist, parent=window, model=self._current_model())
            else:
                from ..core import lessons
                from .experiment_window import ExperimentWindow

                if name not in lessons.LESSONS:
                    window.status.showMessage(QCoreApplication.translate(
                        "LessonLauncher", "There is no lesson {0!r}; the lessons are: {1}").format(
                        name, ", ".join(lessons.LESSON_ORDER)), 10000)
                    return None
                experiment = ExperimentWindow(name, window.mnist, parent=window, device=self._device())
            self.windows[name] = experiment
        experiment.set_data(window.mnist)
        if name == INIT_LESSON:
            experiment.set_model(self._current_model())
        experiment.show()
        experiment.raise_()
        experiment.activateWindow()
        return experiment

    def _current_model(self) -> str:
        return self.window.controls.current_model()

    def _device(self) -> str:
        """The device chosen in the Training controls ("auto" picks an accelerator where torch finds one)."""
        try:
            return self.window.controls.config().device
        except ValueError:  # the network editor holds a text that is not a network
            return "auto"

    def set_up(self, preset: str, panel: str) -> None:
        """Load ``preset`` in the control panel (not during a run) and bring ``panel`` to the front."""
        window = self.window
        if window.controller.running:
            window.status.showMessage(QCoreApplication.translate(
                "LessonLauncher", "A run is going on: stop it first (Training > Stop) to load {0}").format(preset),
                10000)
        else:
            window.controls.set_config(PRESETS[preset].replace(device=self._device()))
            window.status.showMessage(QCoreApplication.translate(
                "LessonLauncher", "Loaded {0}: press Start (Ctrl+Return) to train").format(preset), 10000)
        dock = window.docks.get(panel)
        if dock is not None:
            dock.show()
            dock.raise_()
        window.raise_()
        window.activateWindow()

    # ------------------------------------------------------------ start page
    def show_start_page(self) -> StartHerePage:
        """Help > Start here: open (or bring forward) the page."""
        if self.start_page is None:
            self.start_page = StartHerePage(self.window, self)
        self.start_page.show()
        self.start_page.raise_()
        self.start_page.activateWindow()
        return self.start_page

    def show_start_page_once(self) -> bool:
        """On the first run only: show the page (and remember that it was shown). True if shown."""
        if settings.start_page_seen():
            return False
        settings.mark_start_page_seen()
        # after the window's first paint and layout, so that the page opens over a finished window
        QTimer.singleShot(0, self.show_start_page)
        return True

    # -------------------------------------------------------------- closing
    def shutdown(self) -> None:
        """Close every lesson window (each stops its training threads and waits for them)."""
        for experiment in self.windows.values():
            experiment.close()
        if self.start_page is not None:
            self.start_page.close()
