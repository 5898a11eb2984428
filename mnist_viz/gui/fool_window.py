"""The window "Fool the network": change a digit, invisibly, until the model answers another.

Opened from the canvas panel's *Fool it…* button with the drawing (the 28x28 model input
after the canvas's preprocessing), or switched to the probe (the image the feature-map
panel shows). The user picks the digit the model is to answer and the largest change a
pixel may get (ε), and presses *Fool it*: :func:`mnist_viz.core.adversarial.fool` (FGSM,
then PGD) runs in a superqt worker, never on the GUI thread, on the model the canvas asks
(the shipped model, the one being trained, or a checkpoint). Shown side by side: the
original, the change (amplified, blue-white-red, its size written under it), the fooled
image, and the two probability charts; beside them a paragraph on what this teaches.

Closing the window while it computes asks the search to stop (it checks between steps)
and waits for the worker to end.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QPushButton, QRadioButton,
                               QSizePolicy, QTextBrowser, QVBoxLayout, QWidget)
from superqt import QLabeledDoubleSlider
from superqt.utils import create_worker

from ..core import adversarial
from ..core.checkpoints import CheckpointError
from .widgets.evidence_view import ImageView28, grey_image_item
from .widgets.mosaic import DIVERGING
from .widgets.probability_chart import ProbabilityChart

#: ``source()`` gives (the canvas's source key, its name in words).
Source = Callable[[], "tuple[tuple, str]"]
WAIT_MS = 3000


def known_probe(panel) -> tuple | None:
    """(image, test index or None, label or None) of the probe every panel shows, as far as the
    canvas ``panel`` knows it: the window's view state (``view_state.probe``: a test image, read
    from the panel's test set, or a drawn image), else the newest snapshot's "input" part
    (``panel.probe_input``, there while the feature maps show). None: not known."""
    state = getattr(panel.window(), "view_state", None)
    probe = getattr(state, "probe", None)
    if probe is not None and probe.kind == "image" and probe.image is not None:
        return np.asarray(probe.image, dtype=np.float32), None, None
    test_set = getattr(panel, "test_set", None)
    if probe is not None and probe.kind == "test" and probe.index is not None and test_set is not None:
        images, labels = test_set
        if 0 <= probe.index < len(images):
            image = np.asarray(images[probe.index], dtype=np.float32) / 255.0
            return image, int(probe.index), int(labels[probe.index])
    return getattr(panel, "probe_input", None)


def own_predictor(predictors, key: tuple):
    """Worker side: the predictor for ``key``; for the model being trained, one of its own
    (a copy of the live weights now), so the canvas swapping weights meanwhile changes nothing."""
    if key[0] != "live":
        return predictors.get(key)
    from ..core.inference import Predictor

    weights = predictors.live_source() if predictors.live_source is not None else None
    if weights is None:
        raise CheckpointError("no model is being trained yet: start training, or choose the pretrained model")
    model_name, state_dict = weights
    return Predictor.from_state_dict(model_name, state_dict, f"the {model_name} being trained")


def fool_job(predictors, key: tuple, image: np.ndarray, target: int, eps: float, stop: threading.Event):
    """Worker side: (FoolResult, whose answer) or (None, why not); None when stopped."""
    try:
        predictor = own_predictor(predictors, key)
        result = adversarial.fool(predictor, image, target, eps, should_stop=stop.is_set)
    except adversarial.Cancelled:
        return None
    except (adversarial.AdversarialError, CheckpointError) as err:
        return None, str(err)
    except RuntimeError as err:  # the model failed: say it in one line
        return None, f"the model failed: {str(err).splitlines()[0]}"
    return result, predictor.description


class FoolWindow(QWidget):
    """Fool the model the canvas asks, on the drawing or the probe."""

    #: The user asks for the fooled image (28x28 float array) as the probe of every panel.
    probe_image_requested = Signal(object)

    def __init__(self, predictors, source: Source, parent: QWidget | None = None,
                 probe: Callable[[], tuple | None] | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Fool the network"))
        self.predictors = predictors
        self._source = source
        self._probe_source = probe
        self.drawing: np.ndarray | None = None
        self.drawing_probabilities: np.ndarray | None = None
        self.probe: np.ndarray | None = None
        self.probe_text = ""
        self.result: adversarial.FoolResult | None = None
        self.class_names = tuple(str(digit) for digit in range(10))
        self.short_names = self.class_names
        self._workers: set = set()  # in flight: the newest, and any stopped one still ending
        self._stop = threading.Event()
        self._request = 0

        # --- what to fool, into what, by how much
        self.drawing_radio = QRadioButton(self.tr("the drawing"))
        self.probe_radio = QRadioButton(self.tr("the probe"))
        self.drawing_radio.setChecked(True)
        self.target_group = QButtonGroup(self)
        self.target_buttons: list[QPushButton] = []
        targets = QHBoxLayout()
        targets.setSpacing(2)
        for digit in range(10):
            button = QPushButton(str(digit))
            button.setCheckable(True)
            button.setFixedWidth(34)
            self.target_group.addButton(button, digit)
            self.target_buttons.append(button)
            targets.addWidget(button)
        self.target_buttons[8].setChecked(True)
        self.eps_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.eps_slider.setRange(*adversarial.EPS_RANGE)
        self.eps_slider.setDecimals(2)
        self.eps_slider.setSingleStep(0.01)
        self.eps_slider.setValue(adversarial.DEFAULT_EPS)
        self.eps_slider.setMinimumWidth(160)
        self.eps_slider.setToolTip(self.tr(
            "ε: how much any one pixel may change, as a fraction of full ink (0.20: a fifth of the way "
            "from black to white). Larger fools more often but shows more."))
        self.fool_button = QPushButton(self.tr("Fool it"))
        self.fool_button.setDefault(True)
        self.fool_button.setToolTip(self.tr("Search for the change (Ctrl+Return)"))

        row1 = QHBoxLayout()
        row1.addWidget(QLabel(self.tr("Fool the model on")))
        row1.addWidget(self.drawing_radio)
        row1.addWidget(self.probe_radio)
        row1.addSpacing(12)
        self.model_label = QLabel()
        self.model_label.setStyleSheet("color: gray;")
        self.model_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row1.addWidget(self.model_label, 1)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(self.tr("Make it answer")))
        row2.addLayout(targets)
        row2.addSpacing(12)
        row2.addWidget(QLabel(self.tr("largest change per pixel ε")))
        row2.addWidget(self.eps_slider, 1)
        row2.addWidget(self.fool_button)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_label.setMinimumHeight(40)

        # --- original | change | fooled, each with what it says below
        self.original_view = ImageView28(self.tr("original"))
        self.original_item = grey_image_item()
        self.original_view.view.addItem(self.original_item)
        self.change_view = ImageView28(self.tr("the change"))
        self.change_item = pg.ImageItem(axisOrder="row-major")
        self.change_item.setColorMap(pg.colormap.get(DIVERGING))
        self.change_view.view.addItem(self.change_item)
        self.fooled_view = ImageView28(self.tr("fooled"))
        self.fooled_item = grey_image_item()
        self.fooled_view.view.addItem(self.fooled_item)
        self.probe_button = QPushButton(self.tr("Use the fooled image as probe"))
        self.probe_button.setToolTip(self.tr("See in the feature-map panel what the fooled image does inside the "
                                             "network"))
        self.probe_button.setEnabled(False)
        self.before_chart, self.after_chart = ProbabilityChart(), ProbabilityChart()
        self.size_label = QLabel()
        self.size_label.setWordWrap(True)
        self.size_label.setTextFormat(Qt.TextFormat.RichText)
        self.size_label.setContentsMargins(6, 12, 6, 6)
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.size_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        grid = QGridLayout()
        grid.setSpacing(4)
        for column, view in enumerate((self.original_view, self.change_view, self.fooled_view)):
            grid.addWidget(view, 0, column)
            grid.setColumnStretch(column, 1)
        grid.addWidget(self.before_chart, 1, 0)
        grid.addWidget(self.size_label, 1, 1)
        grid.addWidget(self.after_chart, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)

        self.lesson = QTextBrowser()
        self.lesson.setOpenExternalLinks(True)
        self.lesson.setMinimumWidth(260)
        self.lesson.setHtml(self.lesson_html())

        left = QVBoxLayout()
        left.addLayout(row1)
        left.addLayout(row2)
        left.addWidget(self.status_label)
        left.addLayout(grid, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.probe_button)
        left.addLayout(bottom)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.lesson, 1)

        self.fool_button.clicked.connect(self.fool_it)
        self.probe_button.clicked.connect(
            lambda: self.result is not None and self.probe_image_requested.emit(self.result.fooled.copy()))
        self.drawing_radio.toggled.connect(lambda _checked: self._show_original())
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.fool_it)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.set_probe(None)
        self.resize(1180, 660)
        self._show_original()

    # ------------------------------------------------------------ public API
    def set_class_names(self, names, short_names=None) -> None:
        """Another data set: the target buttons and the bars name its classes."""
        self.class_names = tuple(names)
        self.short_names = tuple(short_names or names)
        for button, name in zip(self.target_buttons, self.short_names):
            button.setText(name)
            button.setToolTip(self.class_names[self.target_buttons.index(button)])
        for chart in (self.before_chart, self.after_chart):
            chart.set_class_names(self.short_names)

    def set_drawing(self, image: np.ndarray | None, probabilities: np.ndarray | None = None) -> None:
        """The canvas's current model input (None: nothing drawn) and, if known, its probabilities."""
        same = (image is None) == (self.drawing is None) and (image is None or np.array_equal(image, self.drawing))
        self.drawing = None if image is None else np.array(image, dtype=np.float32)
        self.drawing_probabilities = None if probabilities is None else np.asarray(probabilities)
        if self.drawing_radio.isChecked() and not same:
            self._show_original()

    def set_probe(self, image: np.ndarray | None, index: int | None = None, label: int | None = None) -> None:
        """The probe's image as the model sees it (None: not known: the feature maps are hidden)."""
        changed = not (image is None and self.probe is None) and (
            image is None or self.probe is None or not np.array_equal(image, self.probe))
        self.probe = None if image is None else np.array(image, dtype=np.float32).reshape(28, 28)
        if self.probe is None:
            self.probe_text = ""
        elif index is None:
            self.probe_text = self.tr("the probe (a drawn image)")
        else:
            label_text = "" if label is None else self.tr(", a {0}").format(self.class_names[int(label)])
            self.probe_text = self.tr("the probe (test image #{0}{1})").format(index, label_text)
        self.probe_radio.setText(self.probe_text or self.tr("the probe"))
        self.probe_radio.setEnabled(self.probe is not None)
        self.probe_radio.setToolTip("" if self.probe is not None else self.tr(
            "No probe yet: pick one in the feature-map panel (View > Feature maps)."))
        if self.probe is None and self.probe_radio.isChecked():
            self.drawing_radio.setChecked(True)
        elif changed and self.probe_radio.isChecked():
            self._show_original()

    def refresh_probe(self) -> None:
        """Ask again which probe the panels show (``probe``: (image, index, label) or None)."""
        if self._probe_source is not None:
            self.set_probe(*(self._probe_source() or (None,)))

    def use_drawing(self) -> None:
        self.drawing_radio.setChecked(True)

    def use_probe(self) -> None:
        self.refresh_probe()
        if self.probe is not None:
            self.probe_radio.setChecked(True)

    @property
    def image(self) -> np.ndarray | None:
        """The image to fool: the drawing or the probe, as chosen."""
        return self.probe if self.probe_radio.isChecked() else self.drawing

    @property
    def target(self) -> int:
        return self.target_group.checkedId()

    def set_target(self, digit: int) -> None:
        self.target_buttons[int(digit)].setChecked(True)

    @property
    def busy(self) -> bool:
        return bool(self._workers)

    def fool_it(self) -> None:
        """Search for the change, in a worker (a search in flight is stopped first)."""
        if self.probe_radio.isChecked():
            self.refresh_probe()  # the probe may have changed since (a click in another panel)
        image = self.image
        if image is None:
            self._say(self._nothing_to_fool(), error=True)
            return
        self._stop.set()  # a search in flight is stale now: it stops at its next step
        key, name = self._source()
        self.model_label.setText(self.tr("model: {0}").format(html.escape(name)))
        self._request += 1
        request, stop = self._request, threading.Event()
        self._stop = stop
        self._say(self.tr("Searching…"))
        worker = create_worker(fool_job, self.predictors, key, image.copy(), self.target,
                               round(float(self.eps_slider.value()), 2), stop,
                               _start_thread=False, _ignore_errors=True)
        worker.returned.connect(lambda outcome: self._on_done(request, outcome))
        worker.errored.connect(lambda error: self._on_done(request, (None, f"{type(error).__name__}: {error}")))
        worker.finished.connect(lambda: self._workers.discard(worker))
        self._workers.add(worker)
        worker.start()

    def shutdown(self, timeout_ms: int = WAIT_MS) -> bool:
        """Stop a search in flight and wait (up to ``timeout_ms``) for its worker to end."""
        self._stop.set()
        self._request += 1  # whatever it still returns is dropped
        deadline = time.monotonic() + timeout_ms / 1000
        while self._workers and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return not self._workers

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_probe()  # back from the main window: the probe may be another now
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.shutdown()
        super().closeEvent(event)

    # ------------------------------------------------------------- results
    def _on_done(self, request: int, outcome) -> None:
        if request != self._request or outcome is None:
            return  # stopped, or a newer search was asked for
        result, whose = outcome
        if result is None:
            self._say(html.escape(whose), error=True)
            return
        self.result = result
        self.probe_button.setEnabled(not result.already)
        self.model_label.setText(self.tr("model: {0}").format(html.escape(whose)))
        self._show_result(result)

    def _show_original(self) -> None:
        """A new image to fool: show it, and forget the change found for the previous one."""
        self.result = None
        image = self.image
        self.original_item.setImage(image if image is not None else np.zeros((28, 28), np.float32), levels=(0, 1))
        self.change_item.setImage(np.zeros((28, 28), np.float32), levels=(-1, 1))
        self.fooled_item.setImage(np.zeros((28, 28), np.float32), levels=(0, 1))
        known = self.drawing_probabilities if self.drawing_radio.isChecked() and image is not None else None
        self._chart(self.before_chart, self.original_view, self.tr("original"), known)
        self._chart(self.after_chart, self.fooled_view, self.tr("fooled"), None)
        self.change_view.title.setText(self.tr("the change"), size="9pt")
        self.size_label.setText("")
        self.probe_button.setEnabled(False)
        if known is not None and self.target == int(np.argmax(known)):
            self.set_target((self.target + 1) % len(self.target_buttons))
        if image is None:
            self._say(self._nothing_to_fool())
        else:
            self._say(self.tr("Pick the digit the model is to answer and press <b>Fool it</b>."))

    def _chart(self, chart: ProbabilityChart, view: ImageView28, what: str, probabilities) -> None:
        winner = chart.show_probabilities(probabilities)
        if winner is None:
            chart.set_title(self.tr("probabilities"))
            view.title.setText(what, size="9pt")
            return
        name, p = html.escape(self.short_names[winner]), float(probabilities[winner])
        chart.set_title(self.tr("probabilities · {0} wins").format(name))
        view.title.setText(self.tr("{0}: the model says {1} ({2:.0%})").format(what, name, p), size="9pt")

    def _show_result(self, result: adversarial.FoolResult) -> None:
        self.original_item.setImage(result.original, levels=(0, 1))
        self.fooled_item.setImage(result.fooled, levels=(0, 1))
        self._chart(self.before_chart, self.original_view, self.tr("original"), result.original_probabilities)
        self._chart(self.after_chart, self.fooled_view, self.tr("fooled"), result.fooled_probabilities)
        names = self.short_names
        target, before, after = names[result.target], names[result.original_digit], names[result.fooled_digit]
        if result.already:
            self.change_item.setImage(np.zeros((28, 28), np.float32), levels=(-1, 1))
            self.change_view.title.setText(self.tr("the change: none needed"), size="9pt")
            self.size_label.setText("")
            self._say(self.tr("The model already answers {0} for this image: pick another digit.").format(target))
            return
        linf = max(result.linf, 1e-6)
        self.change_item.setImage(result.perturbation, levels=(-linf, linf))
        self.change_view.title.setText(self.tr("the change, ×{0:.1f} · <span style='color:#f66'>more ink</span> / "
                                               "<span style='color:#6af'>less ink</span>").format(1 / linf),
                                       size="9pt")
        self.size_label.setText(self.tr(
            "<b>How big is the change?</b><br>At most <b>{0:.2f}</b> of full ink on any pixel (ε = {1:.2f})<br>"
            "{2} of the 784 pixels changed, by {3:.3f} on average<br>In all, as much change as {4:.1f} pixels "
            "going from black to full ink (L2 norm {5:.2f})").format(
                result.linf, result.eps, result.changed_pixels, result.mean_change, result.ink_pixels, result.l2))
        p_after = float(result.fooled_probabilities[result.fooled_digit])
        if result.success:
            self._say(self.tr("<b>Fooled</b> in {1:.0f} ms (gradient steps: {0}): the model now answers "
                              "<b>{2}</b> ({3:.0%}) for an image a person still reads as a {4}.").format(
                result.steps, result.ms, target, p_after, before))
        else:
            suggestion = min(adversarial.EPS_RANGE[1], round(result.eps * 1.5 + 0.005, 2))
            self._say(self.tr("<b>Not fooled</b> within ε = {0:.2f}: after all {1} gradient steps the model still "
                              "answers {2} ({3:.0%}). Try a larger ε (say {4:.2f}).").format(
                result.eps, result.steps, after, p_after, suggestion), error=True)

    def _nothing_to_fool(self) -> str:
        if self.drawing_radio.isChecked():
            return self.tr("Nothing to fool: draw a digit in the canvas first.")
        return self.tr("No probe yet: pick one in the feature-map panel (View > Feature maps).")

    def _say(self, text: str, error: bool = False) -> None:
        self.status_label.setText(f"<span style='color:#c0392b'>{text}</span>" if error else text)

    def lesson_html(self) -> str:
        return "".join((
            "<h3>{0}</h3>".format(self.tr("What this teaches")),
            "<p>{0}</p>".format(self.tr(
                "A change that a person reads as faint noise, not as a stroke, makes the network answer "
                "another digit. Its decision boundary, the surface where its answer switches from one digit "
                "to another, passes close to every image, in directions a person does not notice: in 784 "
                "dimensions, many tiny changes of single pixels add up to a large change of a score. The "
                "direction is what matters, not the size: random noise of ±0.2 changes none of the shipped "
                "CNN's answers on 200 test digits, while a change of at most 0.2 that follows the gradient "
                "turns every one of 100 into the digit asked for.")),
            "<p>{0}</p>".format(self.tr(
                "<b>Softmax regression</b> is linear: each digit's score is the sum of pixel × weight. So the "
                "change that helps the target most is, pixel by pixel, the sign of the target's weight "
                "template minus the original digit's (the templates of the softmax weights panel), wherever "
                "the pixel can still move that way: more ink off the strokes, less on them. The <b>CNN</b> is "
                "not linear, but close to one image it behaves almost linearly, and it is fooled the same "
                "way.")),
            "<p>{0}</p>".format(self.tr(
                "<b>Defences.</b> <i>Adversarial (robust) training</i> makes such images during training and "
                "teaches the network their right answer; it then needs much larger, visible changes, and its "
                "changes start to look like strokes of the target digit. It costs several times the training "
                "time and a little accuracy on clean digits.")),
            "<p style='color:gray'><small>{0}</small></p>".format(self.tr(
                "How: one FGSM step (every pixel moves by ε/2 in the direction that makes the target more "
                "likely: the sign of the gradient of the loss), then PGD steps of ε/4, each kept within ε of "
                "the original and within black..white, stopping as soon as the model answers the target "
                "(at most {0} steps).").format(adversarial.DEFAULT_STEPS)),
        ))
