"""The window "Why small random weights?" (the lesson "init"): one CNN trained twice, side by side.

Each column trains one network from one initialisation (by default: all zeros on the
left, the tutorial's truncated normal on the right) in its own worker thread (one
``TrainingController`` each) and shows conv1's filters live, how many of them are still
distinct (``core.experiments.filter_diversity``), how far they have moved since step 0,
and the accuracy. A short explanation beside the columns says what the user is looking
at. Both networks use the same seed and batches and the settings of
``core.experiments.experiment_config``.

The network is the tutorial CNN, or any architecture with a convolution layer
(:meth:`InitExperimentWindow.set_model`: the main window hands over the network chosen in
its control panel; the window says which network it trains, and why when it falls back to
the tutorial CNN). Every text is marked for translation (contexts ``InitExperiment``,
``InitColumn`` and ``InitExperimentWindow``).

Closing the window stops both threads and waits for them to end.
"""

from __future__ import annotations

import html
import time

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEventLoop, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox, QTextBrowser,
                               QVBoxLayout, QWidget)

from ..core import events as ev
from ..core import experiments, networks
from ..core.data import Mnist
from .widgets.mosaic import DIVERGING, MosaicView, symmetric_levels
from .controllers.worker import TrainingController

#: Snapshots of conv1 per second and network: enough to watch, cheap to copy.
SNAPSHOT_RATE = 4.0
DEFAULT_STEPS = 300
#: The initialisations a column can show, in menu order.
COLUMN_INITS = ("zeros", "constant", "tutorial", "kaiming")
#: core.experiments.INIT_TITLES, marked for translation.
INIT_TITLES = {
    "zeros": QT_TRANSLATE_NOOP("InitExperiment", "All zeros"),
    "constant": QT_TRANSLATE_NOOP("InitExperiment", "All equal (constant)"),
    "tutorial": QT_TRANSLATE_NOOP("InitExperiment", "Tutorial: truncated normal"),
    "kaiming": QT_TRANSLATE_NOOP("InitExperiment", "He (Kaiming) normal"),
    "auto": QT_TRANSLATE_NOOP("InitExperiment", "Auto: He or Xavier by activation"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("InitExperiment", text)


def init_title(init: str) -> str:
    """An initialisation's name in the interface's language."""
    return _tr(INIT_TITLES.get(init, init))


#: The explanation's paragraphs (HTML), in order; the fourth names the "All equal" init, the
#: last the experiment's settings.
EXPLANATION = (
    QT_TRANSLATE_NOOP("InitExperiment", "Why start from small random weights?"),
    QT_TRANSLATE_NOOP(
        "InitExperiment", "<b>Symmetry.</b> Filters that start equal compute the same output and pass it on through "
        "equal weights, so they get the same gradient, so every step changes them in the same way: they stay copies "
        "of each other, and 32 filters do the work of one. Random starting values make each filter different; each "
        "then gets its own gradient and learns its own feature."),
    QT_TRANSLATE_NOOP(
        "InitExperiment", "<b>All zeros</b>: worse still, nothing moves at all. Every ReLU receives exactly 0, and a "
        "ReLU at 0 passes no gradient back, so no weight before the output layer ever changes. Only the ten output "
        "biases learn how common each digit is: about 11&nbsp;% accuracy."),
    QT_TRANSLATE_NOOP(
        "InitExperiment", "<b>All equal</b> (pick <i>{0}</i> above a column): the filters do move, but in lockstep "
        "and stay \"1 distinct\". Dropout switches each of the 1,024 fc1 units off at random on its own, so those "
        "units become different and the network still learns something; but every conv channel feeds fc1 through "
        "identical weights, so the filters never split."),
    QT_TRANSLATE_NOOP(
        "InitExperiment", "<b>The tutorial's choice</b>: <code>truncated_normal(stddev=0.1)</code> (a normal "
        "distribution cut off at &plusmn;0.2) and biases 0.1. <i>Random</i> breaks the symmetry. <i>Small</i>, "
        "because large weights make the activations, and so the first steps, explode. Bias <i>0.1</i> keeps every "
        "ReLU slightly on at the start, so gradients flow from the first step."),
    QT_TRANSLATE_NOOP(
        "InitExperiment", "Both networks: the same seed and the same batches of {0} images, dropout keep 0.5, Adam "
        "with learning rate {1}: ten times the tutorial's 1e-4, so that the filters change visibly within a few "
        "hundred steps. Test accuracy: the first {2} test images, every 100 steps. Two filters count as the same "
        "when no weight differs by more than {3} of the layer's largest weight."),
    QT_TRANSLATE_NOOP("InitExperiment", "Concepts: initialisation"),
)


def explanation_html() -> str:
    """The explanation beside the columns, in the interface's language."""
    title, symmetry, zeros, equal, tutorial, settings, link = (_tr(text) for text in EXPLANATION)
    settings = settings.format(experiments.EXPERIMENT_BATCH_SIZE, f"{experiments.EXPERIMENT_LEARNING_RATE:g}",
                               f"{experiments.EXPERIMENT_TEST_IMAGES:,}", f"{experiments.SAME_FILTER_TOLERANCE:.1%}")
    return (f"<h3>{title}</h3><p>{symmetry}</p><p>{zeros}</p><p>{equal.format(init_title('constant'))}</p>"
            f"<p>{tutorial}</p><p style='color:#666'><small>{settings}</small></p>"
            f"<p><a href='concept:initialisation'>{link}</a></p>")


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def choose_model(model: str | None) -> tuple[str, str]:
    """The network the experiment trains for the main window's ``model``, and a line saying which.

    Any architecture with a convolution layer is trained as it is; any other (softmax
    regression, a network of fc layers) falls back to the tutorial CNN, and the line says why.
    """
    if model is None or model == "cnn":
        return "cnn", QCoreApplication.translate("InitExperiment", "Network: the tutorial CNN.")
    try:
        chosen = experiments.experiment_model(model)
    except ValueError:
        name = (QCoreApplication.translate("InitExperiment", "softmax regression") if model == "softmax"
                else networks.title(model))
        return "cnn", QCoreApplication.translate(
            "InitExperiment", "Network: the tutorial CNN ({0}, chosen in the main window, has no convolution "
            "layer to compare).").format(html.escape(name))
    return chosen, QCoreApplication.translate("InitExperiment", "Network: {0} (chosen in the main window).").format(
        "<code>{0}</code>".format(html.escape(networks.title(chosen, 90))))


class InitColumn(QWidget):
    """One network of the experiment: its init, conv1's filters, and the readouts."""

    #: "idle" | "running" | "paused" (from the controller)
    state_changed = Signal(str)

    def __init__(self, init: str, parent: QWidget | None = None, model: str = "cnn") -> None:
        super().__init__(parent)
        self.model = model
        self.controller = TrainingController(self)
        self.controller.set_observed_parts({"conv1_filters"}, SNAPSHOT_RATE)
        self.start_filters: np.ndarray | None = None
        self.filters: np.ndarray | None = None
        self.diversity: experiments.FilterDiversity | None = None
        self.step = 0
        self.total_steps = 0
        self.test_accuracy: float | None = None
        self.test_step: int | None = None
        self.last_step: ev.StepDone | None = None
        self.show_change = False

        self.init_choice = QComboBox()
        for name in COLUMN_INITS:
            self.init_choice.addItem(init_title(name), name)
        self.init_choice.setCurrentIndex(COLUMN_INITS.index(init))
        self.init_choice.setToolTip(self.tr("How this network's weights start (change it while no run is going)"))
        self.mosaic = MosaicView("", colormap=DIVERGING, columns=8)
        self.mosaic.setMinimumSize(300, 190)
        self.headline = QLabel()
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.headline.setFont(font)
        self.verdict = QLabel()
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict.setWordWrap(True)
        self.details = QLabel()
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.init_choice)
        layout.addWidget(self.mosaic, 3)
        layout.addWidget(self.headline)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details)
        layout.addStretch(1)

        self.controller.snapshot.connect(self._on_snapshot)
        self.controller.steps.connect(self._on_steps)
        self.controller.evaluated.connect(self._on_evaluated)
        self.controller.state_changed.connect(self.state_changed)
        self.controller.errored.connect(lambda message, _details: self.details.setText(message))
        self.init_choice.currentIndexChanged.connect(lambda _: self.show_initial())
        self.show_initial()

    # ----------------------------------------------------------------- queries
    @property
    def init(self) -> str:
        return self.init_choice.currentData()

    @property
    def running(self) -> bool:
        return self.controller.running

    # ---------------------------------------------------------------- controls
    def show_initial(self, seed: int = 1) -> None:
        """Show the filters this init starts from (before any training)."""
        self._forget()
        self._show_filters(0, experiments.initial_filters(self.init, seed, model=self.model))

    def set_model(self, model: str) -> None:
        """Train ``model`` (an architecture with a convolution layer) from now on; not during a run."""
        if model != self.model and not self.running:
            self.model = model
            self.show_initial()

    def start(self, mnist: Mnist, steps: int) -> None:
        self._forget()
        config = experiments.experiment_config(self.init, steps, model=self.model)
        # the exact step-0 filters (the first snapshot to arrive may be a later step's)
        self.start_filters = experiments.initial_filters(self.init, config.seed, model=self.model)
        self.total_steps = steps
        test = mnist.test.subset(min(experiments.EXPERIMENT_TEST_IMAGES, len(mnist.test)))
        self.controller.start(config, mnist.train, test)
        self.init_choice.setEnabled(False)

    def pause(self) -> None:
        self.controller.pause()

    def resume(self) -> None:
        self.controller.resume()

    def stop(self) -> None:
        self.controller.stop()

    # ------------------------------------------------------------------ events
    def _forget(self) -> None:
        self.start_filters = self.filters = None
        self.diversity = None
        self.step = self.total_steps = 0
        self.test_accuracy = self.test_step = None
        self.last_step = None

    def _on_snapshot(self, snapshot: ev.Snapshot) -> None:
        filters = snapshot.arrays.get("conv1_filters")
        if filters is not None:
            self._show_filters(snapshot.step, filters)

    def _on_steps(self, steps: list[ev.StepDone]) -> None:
        if steps:
            self.last_step = steps[-1]
            self._update_details()

    def _on_evaluated(self, event: ev.Evaluated) -> None:
        self.test_accuracy, self.test_step = event.test_accuracy, event.step
        self._update_details()

    def on_idle(self) -> None:
        self.init_choice.setEnabled(True)

    def set_show_change(self, show_change: bool) -> None:
        """Draw the filters themselves, or how much each weight has changed since step 0."""
        self.show_change = show_change
        self._draw()

    # ----------------------------------------------------------------- drawing
    def _show_filters(self, step: int, filters: np.ndarray) -> None:
        if self.start_filters is None or step == 0:
            self.start_filters = np.array(filters, copy=True)
        self.filters, self.step = filters, step
        self.diversity = experiments.filter_diversity(filters)
        self._draw()
        distinct = self.diversity.distinct
        colour = "#c03030" if distinct == 1 else "#208040"
        text = self.tr("{0} filters, {1} distinct").format(self.diversity.count, distinct)
        if self.diversity.largest_weight == 0:
            text = self.tr("{0} (all exactly 0)").format(text)
        self.headline.setText(f"<span style='color:{colour}'>{text}</span>")
        self.verdict.setText(f"<i>{self._verdict()}</i>")
        self._update_details()

    def _draw(self) -> None:
        if self.filters is None:
            return
        tiles = self.filters
        count = len(tiles)
        init = init_title(self.init)
        if self.show_change and self.start_filters is not None:
            tiles = self.filters - self.start_filters
            title = self.tr("conv1 · change since step 0 · step {0}").format(f"{self.step:,}")
            describe = self.tr("conv1 change since step 0 of filter {0} ({1})")
        else:
            title = self.tr("conv1 · {0} filters · step {1}").format(count, f"{self.step:,}")
            describe = self.tr("conv1 filter {0} ({1})")
        self.mosaic.set_tiles(tiles, levels=symmetric_levels(tiles), raw=tiles,
                              describe=lambda k: describe.format(k, init))
        self.mosaic.set_title(title)

    def _verdict(self) -> str:
        """One plain sentence saying what the numbers mean."""
        d, moved = self.diversity, self.moved()
        if d.distinct == 1 and d.largest_weight == 0:
            return (self.tr("Every filter is exactly 0 and no gradient reaches it.") if self.step else
                    self.tr("Every filter starts at exactly 0."))
        if d.distinct == 1:
            return (self.tr("The filters have moved, but all {0} are still one and the same filter.") if moved else
                    self.tr("All {0} filters start identical.")).format(d.count)
        if not self.step:
            return self.tr("{0} different random filters: each will get its own gradient.").format(d.count)
        return self.tr("{0} different filters, each learning its own feature.").format(d.distinct)

    def moved(self) -> float:
        """Largest change of any conv1 weight since step 0."""
        if self.filters is None or self.start_filters is None:
            return 0.0
        return float(np.abs(self.filters - self.start_filters).max())

    def _update_details(self) -> None:
        if self.diversity is None:
            return
        lines = [self.tr("largest change of a weight since step 0: {0}").format(f"{self.moved():.3g}"),
                 self.tr("mean distance between two filters: {0}").format(f"{self.diversity.mean_distance:.3g}")]
        if self.last_step is not None:
            s = self.last_step
            lines.append(self.tr("step {0} of {1} · loss {2} · batch accuracy {3}").format(
                f"{s.step:,}", f"{self.total_steps:,}", f"{s.loss:.3f}", _percent(s.batch_accuracy)))
        if self.test_accuracy is not None:
            lines.append("<b>{0}</b>".format(self.tr("test accuracy {0} (step {1})").format(
                _percent(self.test_accuracy), f"{self.test_step:,}")))
        elif self.last_step is None:
            lines.append(self.tr("not trained yet: press Start"))
        self.details.setText("<br>".join(lines))


class InitExperimentWindow(QWidget):
    """A non-modal window: two networks, two initialisations, one explanation."""

    def __init__(self, mnist: Mnist | None = None, parent: QWidget | None = None,
                 inits: tuple[str, str] = experiments.DEFAULT_INITS, model: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Experiment: why small random weights?"))
        self.mnist = mnist
        self.model, network_line = choose_model(model)
        self.columns = [InitColumn(init, self, self.model) for init in inits]

        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Train both networks from their first step (or go on after Pause)"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Pause both networks"))
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Stop both and go back to the starting weights"))
        self.steps = QSpinBox()
        self.steps.setRange(10, 20_000)
        self.steps.setSingleStep(100)
        self.steps.setValue(DEFAULT_STEPS)
        self.steps.setSuffix(self.tr(" steps"))
        self.steps.setToolTip(self.tr("How many batches each network trains on"))
        self.show_change = QCheckBox(self.tr("Show change since step 0"))
        self.show_change.setToolTip(self.tr("Draw how much every weight has moved since the start instead of the "
                                            "weights themselves: what the filters have learned so far"))
        self.status = QLabel()
        top = QHBoxLayout()
        for widget in (self.start_button, self.pause_button, self.reset_button, self.steps, self.show_change):
            top.addWidget(widget)
        top.addSpacing(12)
        top.addWidget(self.status, 1)
        #: Which network both columns train (and why, when it is not the main window's).
        self.network_label = QLabel(network_line)
        self.network_label.setWordWrap(True)
        self.network_label.setToolTip(self.tr("The experiment trains the network chosen in the main window when it "
                                              "has a convolution layer, otherwise the tutorial CNN"))

        self.explanation = QTextBrowser()
        self.explanation.setHtml(explanation_html())
        self.explanation.setOpenLinks(False)  # concept: links open Help > Concepts
        self.explanation.anchorClicked.connect(self._follow_link)
        self.explanation.setFrameShape(QFrame.Shape.NoFrame)
        self.explanation.setMinimumWidth(330)
        self.explanation.setMaximumWidth(430)

        body = QHBoxLayout()
        for index, column in enumerate(self.columns):
            if index:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.VLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                body.addWidget(line)
            body.addWidget(column, 1)
        body.addWidget(self.explanation)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.network_label)
        layout.addLayout(body, 1)
        self.resize(1200, 600)

        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause)
        self.reset_button.clicked.connect(self.reset)
        self.show_change.toggled.connect(self._on_show_change)
        for column in self.columns:
            column.state_changed.connect(self._on_state_changed)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._update_buttons()

    # ---------------------------------------------------------------- queries
    @property
    def running(self) -> bool:
        """True while any network's worker thread is alive (running or paused)."""
        return any(column.running for column in self.columns)

    @property
    def paused(self) -> bool:
        return self.running and all(column.controller.state != "running" for column in self.columns
                                    if column.running)

    # --------------------------------------------------------------- controls
    def set_data(self, mnist: Mnist | None) -> None:
        self.mnist = mnist
        self._update_buttons()

    def set_model(self, model: str | None) -> None:
        """Train the main window's ``model`` if it has a convolution layer, else the tutorial CNN
        (the line above the columns says which); ignored while a run goes on."""
        if self.running:
            return
        self.model, line = choose_model(model)
        self.network_label.setText(line)
        for column in self.columns:
            column.set_model(self.model)

    def start(self) -> None:
        """Start both networks from step 0, or resume them if they are paused."""
        if self.mnist is None:
            return
        if self.running:
            for column in self.columns:
                column.resume()
        else:
            for column in self.columns:
                column.start(self.mnist, self.steps.value())
        self._update_buttons()

    def pause(self) -> None:
        for column in self.columns:
            column.pause()
        self._update_buttons()

    def reset(self) -> None:
        """Stop both networks and show their starting filters again."""
        self.shutdown()
        for column in self.columns:
            column.on_idle()
            column.show_initial()
        self._update_buttons()

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Stop both workers and wait (handling events) until they have ended. True if they did."""
        for column in self.columns:
            column.stop()
        deadline = time.monotonic() + timeout_s
        while self.running and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if self.running:
                time.sleep(0.01)  # the worker ends after its current step: let it work
        return not self.running

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.shutdown():
            import sys
            print("mnist-viz: an experiment thread did not end in time", file=sys.stderr)
        super().closeEvent(event)

    def _on_show_change(self, show_change: bool) -> None:
        for column in self.columns:
            column.set_show_change(show_change)

    def _follow_link(self, url) -> None:
        from . import concepts

        concepts.open_link(url, self.parentWidget() or self)

    # ----------------------------------------------------------------- state
    def _on_state_changed(self, _state: str) -> None:
        for column in self.columns:
            if not column.running:
                column.on_idle()
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_data = self.mnist is not None
        running = self.running
        paused = self.paused
        self.start_button.setEnabled(has_data and (not running or paused))
        self.start_button.setText(self.tr("Resume") if paused else self.tr("Start"))
        self.pause_button.setEnabled(running and not paused)
        self.reset_button.setEnabled(has_data)
        self.steps.setEnabled(not running)
        if not has_data:
            self.status.setText(self.tr("Load MNIST in the main window first (File > Choose data folder)."))
        elif paused:
            self.status.setText(self.tr("Paused."))
        elif running:
            self.status.setText(self.tr("Training both networks…"))
        elif any(column.last_step is not None for column in self.columns):
            steps = max(column.step for column in self.columns)
            self.status.setText(self.tr("Done: {0} steps each. Start trains both again from step 0.").format(
                f"{steps:,}"))
        else:
            self.status.setText(self.tr("Press Start to train both networks on the same batches."))
