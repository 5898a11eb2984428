"""Draw a digit and see what a model makes of it, and why.

Left (or on top, when the dock is tall): the drawing canvas with its tools. Right (or
below): the 28x28 image the model actually receives after MNIST-style preprocessing
(:mod:`mnist_viz.core.preprocess`), the same image with an attribution overlay (red pixels
argue for the answer, blue against) by the method chosen in the "Why" box (Integrated
Gradients by default, Saliency, Grad-CAM where the network has a convolution layer, or
Occlusion: :mod:`mnist_viz.core.explain`), and the ten probabilities with the winner
highlighted.

Whose answer: the shipped pretrained CNN or softmax model (works at once, no training,
no data), the model being trained right now (its live weights, refreshed about once a
second while it learns), or a checkpoint file.

Nothing slow runs on the GUI thread: every change of the drawing (re)starts a short
debounce timer; when it fires, the drawing is rendered (cheap) and handed to a superqt
worker that preprocesses, predicts and explains. One worker runs at a time; requests
that arrive meanwhile are folded into one follow-up, and a result that is no longer the
newest is dropped.

The pieces live in :mod:`mnist_viz.gui.widgets`: ``drawing_canvas`` (the canvas),
``model_choice`` (who answers), ``explain_choice`` (the "Why" box), ``evidence_view`` (the 28x28 views, the overlay),
``probability_chart`` (the bars), ``prediction`` (the worker side: predictors, the
prediction's steps; Qt-free) and ``prediction_runner`` (one worker at a time). This
module is the panel: its layout, its wiring, and what it shows when.
"""

from __future__ import annotations

import html
import os
import threading
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QBoxLayout, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)
from superqt import QLabeledSlider
from superqt.utils import create_worker, qdebounced

from ...core import events as ev
from ...core import config, preprocess
from ...core.datasets import get as dataset_info
from ..widgets.drawing_canvas import DEFAULT_PEN_WIDTH, PEN_WIDTH_RANGE, DrawingCanvas
from ..widgets.evidence_view import EvidenceView, ImageView28, grey_image_item
from ..widgets.explain_choice import ExplainChoice
from ..widgets.model_choice import ModelChoice
from ..widgets.prediction import (LiveWeightsSource, PredictionResult, Predictors, load_predictor,
                                  prediction_steps, warm_up)
from ..widgets.prediction_runner import PredictionRunner
from ..widgets.probability_chart import OTHER_BRUSH, WINNER_BRUSH, ProbabilityChart  # noqa: F401  (tests use them)
from .base import Panel

DEBOUNCE_MS = 80
LIVE_REFRESH_MS = 1000


class CanvasPanel(Panel):
    panel_id = "canvas"
    placement = "side"
    opens_checkpoints = True
    title = QT_TRANSLATE_NOOP("Panel", "Draw a digit")
    #: The title for each data set's kind of item (core.datasets.DatasetInfo.item).
    TITLES = {"digit": QT_TRANSLATE_NOOP("Panel", "Draw a digit"),
              "garment": QT_TRANSLATE_NOOP("Panel", "Draw a garment"),
              "character": QT_TRANSLATE_NOOP("Panel", "Draw a character")}
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>Test the model on your own handwriting.</b> Draw a digit with the mouse, a pen or a "
        "finger (<i>Esc</i> clears, <i>Ctrl+Z</i> undoes a stroke), or load a picture.<br>"
        "<b>Model input</b>: what the network really receives. Like MNIST, the ink's bounding box is "
        "scaled to 20 pixels (aspect kept), centred by its centre of mass in 28×28, bright ink on black. "
        "So where and how large you draw does not matter; very thin or very fat pens are evened out.<br>"
        "<b>Why</b>: which pixels made the winning digit, four ways (the box above the picture; its "
        "tooltip says how to read each): Integrated Gradients (the default: red ink pushes the model "
        "towards its answer, blue ink away from it; for softmax regression exactly x·W, the tutorial's "
        "evidence), Saliency (the gradient), Grad-CAM (the last convolution layer's regions; CNN only) "
        "and Occlusion (patches blacked out in turn).<br>"
        "<b>Probabilities</b>: from the shipped pretrained model, the model being trained (watch it "
        "improve as it learns), or a checkpoint file. <i>Use as probe</i> shows your digit in the "
        "feature-map panel. <i>Fool it…</i> changes your digit, barely visibly, until the model answers a "
        "digit you pick (an adversarial example).<br><b>Not sure</b>: when the model's score is below a "
        "threshold measured for it (on real digits against letters, scribbles and pairs of digits), the panel "
        "says so and gives its best guess instead of stating a digit. The score is a shipped model's energy "
        "score (the logsumexp of its outputs before the softmax: how strongly it answers at all, whichever "
        "digit), any other model's highest probability; the tooltip says which. The CNN is unsure of most "
        "scribbles but not of every letter; softmax regression is sure of almost anything: a network "
        "trained on digits only has no answer for \"none of these\".")

    #: Emitted on the GUI thread after a prediction (or an empty canvas) has been shown.
    prediction_shown = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.predictors = Predictors()
        self.current_image: np.ndarray | None = None
        self.last_result: PredictionResult | None = None
        self._live_dirty = False

        # --- the canvas and its tools
        self.canvas = DrawingCanvas()
        self.pen_slider = QLabeledSlider(Qt.Orientation.Horizontal)
        self.pen_slider.setRange(*PEN_WIDTH_RANGE)
        self.pen_slider.setValue(DEFAULT_PEN_WIDTH)
        self.pen_slider.setToolTip(self.tr("Pen width (in canvas pixels; the canvas is 280 wide)"))
        self.pen_slider.setMinimumWidth(90)
        self.undo_button = self._button(self.tr("Undo"), self.tr("Take back the last stroke (Ctrl+Z)"))
        self.clear_button = self._button(self.tr("Clear"), self.tr("Start again (Esc)"))
        self.load_button = self._button(self.tr("Load image…"),
                                        self.tr("Put a PNG or JPEG picture of a digit on the canvas"))
        self.save_button = self._button(self.tr("Save…"), self.tr("Save the drawing as a PNG (dark ink on white)"))
        self.probe_button = self._button(self.tr("Use as probe"), self.tr("Show this digit in the feature-map panel"))
        self.fool_button = self._button(self.tr("Fool it…"), self.tr(
            "Change this digit, barely visibly, until the model answers a digit you pick"))
        #: The probe as the model sees it, from the newest snapshot that has it: (image, index, label).
        self.probe_input: tuple | None = None
        self.test_set = None  # (images uint8, labels): a test-image probe's picture (gui.fool_window.known_probe)
        self.fool_window = None  # made on first use (gui.fool_window)

        pen_row = QHBoxLayout()
        pen_row.setContentsMargins(0, 0, 0, 0)
        pen_row.addWidget(QLabel(self.tr("Pen")))
        pen_row.addWidget(self.pen_slider, 1)
        pen_row.addWidget(self.undo_button)
        pen_row.addWidget(self.clear_button)
        file_row = QHBoxLayout()
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.load_button)
        file_row.addWidget(self.save_button)
        file_row.addWidget(self.probe_button)
        file_row.addStretch(1)
        drawing_side = QVBoxLayout()
        drawing_side.setContentsMargins(0, 0, 0, 0)
        drawing_side.setSpacing(3)
        drawing_side.addWidget(self.canvas, 1)
        drawing_side.addLayout(pen_row)
        drawing_side.addLayout(file_row)

        # --- what the model sees and says
        self.source_combo = ModelChoice()
        self.verdict_label = QLabel()
        self.verdict_label.setTextFormat(Qt.TextFormat.RichText)
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.verdict_label.setMinimumHeight(36)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message_label.setStyleSheet("color: #c0392b;")
        self.message_label.hide()
        #: Said while the timeline shows a recorded step: whose answer this is.
        self.replay_note = QLabel()
        self.replay_note.setWordWrap(True)
        self.replay_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.replay_note.setStyleSheet("color: gray;")
        self.replay_note.hide()

        self.input_widget = ImageView28(self.tr("model input 28×28"))
        self.input_view = self.input_widget.view
        self.input_item = grey_image_item()
        self.input_view.addItem(self.input_item)
        self.why_widget = EvidenceView(self.tr("why"))
        self.why_view = self.why_widget.view
        self.why_base, self.why_overlay = self.why_widget.base, self.why_widget.overlay
        self.bar_widget = ProbabilityChart()
        self.bar_plot = self.bar_widget.getPlotItem()
        self.bars = self.bar_widget.bars
        self.bar_widget.set_title(self.tr("probabilities"))
        self.method_choice = ExplainChoice()
        method_row = QHBoxLayout()
        method_row.setContentsMargins(0, 0, 0, 0)
        method_row.addWidget(QLabel(self.tr("Why:")))
        method_row.addWidget(self.method_choice, 1)
        images_row = QHBoxLayout()
        images_row.setContentsMargins(0, 0, 0, 0)
        images_row.setSpacing(2)
        images_row.addWidget(self.input_widget, 1)
        images_row.addWidget(self.why_widget, 1)

        answer_side = QVBoxLayout()
        answer_side.setContentsMargins(0, 0, 0, 0)
        answer_side.setSpacing(3)
        answer_side.addWidget(self.source_combo)
        answer_side.addWidget(self.replay_note)
        verdict_row = QHBoxLayout()  # "Fool it…" beside the answer: it adds nothing to the panel's least width
        verdict_row.addWidget(self.verdict_label, 1)
        verdict_row.addWidget(self.fool_button, 0, Qt.AlignmentFlag.AlignTop)
        answer_side.addLayout(verdict_row)
        answer_side.addWidget(self.message_label)
        answer_side.addLayout(method_row)
        answer_side.addLayout(images_row, 3)
        answer_side.addWidget(self.bar_widget, 2)

        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.split.setContentsMargins(3, 3, 3, 3)
        self.split.setSpacing(6)
        self.split.addLayout(drawing_side, 3)
        self.split.addLayout(answer_side, 2)

        # --- wiring
        self._runner = PredictionRunner(self._next_job, self)
        self._runner.yielded.connect(self._show_result)
        self._runner.errored.connect(self._on_error)
        self._debounced_start = qdebounced(self._start_prediction, timeout=DEBOUNCE_MS, parent=self)
        self._scheduled = False
        self.live_timer = QTimer(self)
        self.live_timer.setInterval(LIVE_REFRESH_MS)
        self.live_timer.timeout.connect(self._refresh_live)
        self.canvas.changed.connect(self._on_canvas_changed)
        self.pen_slider.valueChanged.connect(self.canvas.set_pen_width)
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.load_button.clicked.connect(self.choose_image)
        self.save_button.clicked.connect(self.choose_save_path)
        self.probe_button.clicked.connect(self.use_as_probe)
        self.fool_button.clicked.connect(self.open_fool_window)
        self.source_combo.activated.connect(self._on_source_activated)
        self.method_choice.method_changed.connect(lambda _method: self._on_method_changed())
        for keys, slot in ((QKeySequence(Qt.Key.Key_Escape), self.canvas.clear),
                           (QKeySequence(QKeySequence.StandardKey.Undo), self.canvas.undo)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._show_result(PredictionResult(0, None))
        self._warm_up: threading.Thread | None = None  # started by on_torch_ready()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        return button

    # ------------------------------------------------------------ public API
    def set_live_weights_source(self, source: LiveWeightsSource | None) -> None:
        """``source()`` returns (model name, state dict) of the run in progress, or None.

        It is only ever called off the GUI thread (it may wait for a training step).
        """
        self.predictors.live_source = source
        if self.source_key == ("live",):
            self._live_dirty = True
            self._schedule_prediction()

    @property
    def source_key(self) -> tuple:
        return self.source_combo.chosen_key

    def set_source(self, key: tuple, label: str | None = None) -> bool:
        """Choose who answers: ("pretrained", "cnn"|"softmax"), ("live",) or ("file", path).
        False (with a message) if that model cannot answer for this data set."""
        if key[0] == "pretrained" and self.dataset != "mnist":
            self.source_combo.show_chosen()
            self._show_message("The shipped pretrained models read MNIST digits only; train a model on "
                               "this data set, or load a checkpoint trained on it.")
            return False
        self.source_combo.choose(key, label)
        if key[0] == "pretrained":
            self.method_choice.set_network(key[1])
        if key == ("live",):
            self._live_dirty = True
            self.live_timer.start()
        else:
            self.live_timer.stop()
        self._start_prediction()
        return True

    def on_weights_shown(self, weights) -> None:
        """Answer with the weights every panel shows (chosen anywhere: the model box, File >
        Open model, a run starting); a replayed step has no full weights: the choice stays."""
        replayed = weights is not None and weights.origin == "replay"
        self.replay_note.setText(self.tr(
            "A recording keeps only what it recorded, not the whole network: the answer is {0}'s, "
            "not the replayed step's").format(self.source_combo.currentText()) if replayed else "")
        self.replay_note.setVisible(replayed)
        if weights is None or replayed:
            return
        self.method_choice.set_network(weights.model)
        if weights.origin == "shipped":  # by its file: the shipped softmax is deskew,fc-10
            self.set_source(("pretrained", config.shipped_slot(weights.model) or weights.model))
        elif weights.origin == "live":
            self.set_source(("live",))
        elif weights.origin == "checkpoint" and weights.path:
            key = ("file", weights.path)
            if key in self.source_combo.keys:
                self.set_source(key)
            else:
                self.load_checkpoint(weights.path)

    def set_class_names(self, names, short_names=None, dataset: str = "mnist") -> None:
        """Another data set: name the bars after its classes, and stop asking models made for another.

        The shipped pretrained models know MNIST's digits only, so for Fashion-MNIST or
        KMNIST they are greyed out and the model being trained answers instead (and
        the pretrained one again when MNIST comes back).
        """
        previous = self.dataset
        super().set_class_names(names, short_names, dataset)
        self.title = self.TITLES.get(dataset_info(dataset).item, self.TITLES["digit"])  # the dock's title
        self.canvas.hint_text = (self.tr("Draw a digit here") if dataset == "mnist" else self.tr("Draw here"))
        self.canvas.update()
        self.bar_widget.set_class_names(self.short_class_names)
        self.source_combo.enable_pretrained(dataset == "mnist", "" if dataset == "mnist" else
                                            "Trained on MNIST's digits: it cannot answer "
                                            f"for {dataset_info(dataset).name}")
        if dataset == previous:
            self._show_result(self.last_result or PredictionResult(0, None))
            return
        key = self.source_key
        if key[0] == "pretrained" and dataset != "mnist":
            self._source_before_switch = key
            self.set_source(("live",))
        elif key[0] == "file":
            self._source_before_switch = None
            self.set_source(("live",))  # a checkpoint is checked against the data set when loaded
        elif dataset == "mnist" and getattr(self, "_source_before_switch", None) and key == ("live",):
            self.set_source(self._source_before_switch)
            self._source_before_switch = None
        else:
            self._live_dirty = True
            self._start_prediction()
        self._show_result(self.last_result or PredictionResult(0, None))

    def on_torch_ready(self) -> None:
        """Import captum and load the model in the background before the first stroke.

        Started only once the window has imported torch: started earlier, it would compete
        with building and painting the window."""
        if self._warm_up is not None:
            return
        # Not a Qt worker: it touches no Qt object. shutdown() joins it, because a process
        # that exits while this thread is inside torch aborts.
        self._warm_up = threading.Thread(target=warm_up, args=(self.predictors, self.source_key),
                                         name="canvas-warm-up", daemon=True)
        self._warm_up.start()

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop predicting and wait (up to ``timeout_ms``) for a computation in flight to end."""
        self._runner.pending = self._scheduled = False
        self._debounced_start.cancel()
        self.live_timer.stop()
        if self.fool_window is not None:
            self.fool_window.shutdown(timeout_ms)
        if self._warm_up is not None:
            self._warm_up.join(timeout_ms / 1000)
        return self._runner.stop(timeout_ms)

    @property
    def busy(self) -> bool:
        """True while a prediction is being computed or waits to be."""
        return self._runner.busy or self._scheduled

    # ---------------------------------------------------- panel life cycle
    def on_run_started(self, event: ev.RunStarted) -> None:
        self._live_dirty = True

    def on_steps(self, events: list[ev.StepDone]) -> None:
        self._live_dirty = True

    def on_finished(self, event: ev.Finished) -> None:
        self._live_dirty = True
        if self.source_key == ("live",):
            self._refresh_live()

    # -------------------------------------------------------------- actions
    def choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load a picture of a digit", "",
                                              "Images (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp);;"
                                              "All files (*)")
        if path:
            self.load_image(path)

    def load_image(self, path: str | os.PathLike[str]) -> bool:
        """Put a picture on the canvas (dark-on-light pictures are inverted). False on error."""
        try:
            grey = preprocess.load_image(path)
        except preprocess.ImageError as err:
            self._show_message(str(err))
            return False
        self._show_message("")
        self.canvas.set_background(grey)
        return True

    def choose_save_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the drawing", "digit.png", "PNG image (*.png)")
        if path:
            self.save_drawing(path)

    def save_drawing(self, path: str | os.PathLike[str]) -> bool:
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(path.suffix + ".png") if path.suffix else path.with_suffix(".png")
        if not self.canvas.paper_image().save(str(path), "PNG"):
            self._show_message(f"could not save {path}: check that the folder exists and is writable")
            return False
        self._show_message("")
        return True

    def use_as_probe(self) -> None:
        if self.current_image is not None:
            self.probe_image_requested.emit(self.current_image.copy())

    def open_fool_window(self):
        """The window "Fool the network" on the drawing (else the probe); this panel's model answers there."""
        from ..fool_window import FoolWindow, known_probe

        if self.fool_window is None:
            self.fool_window = FoolWindow(self.predictors, lambda: (self.source_key, self.source_combo.currentText()),
                                          self, probe=lambda: known_probe(self))
            self.fool_window.probe_image_requested.connect(self.probe_image_requested)
        window = self.fool_window
        window.set_class_names(self.class_names, self.short_class_names)
        window.refresh_probe()
        result = self.last_result
        window.set_drawing(self.current_image, result.probabilities if result is not None else None)
        window.use_drawing() if self.current_image is not None else window.use_probe()  # Help menu, nothing drawn
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def set_test_set(self, images_uint8, labels) -> None:
        self.test_set = (images_uint8, labels)

    def on_snapshot(self, event: ev.Snapshot) -> None:
        """Keep the probe's picture (the "input" part, there while the feature maps show) for the fool window."""
        image = event.arrays.get("input")
        if image is not None and np.size(image) == 28 * 28:
            self.probe_input = (np.asarray(image, dtype=np.float32).reshape(28, 28), event.probe_index,
                                event.probe_label)
            if self.fool_window is not None:
                self.fool_window.refresh_probe()

    def _on_source_activated(self, index: int) -> None:
        key = self.source_combo.key_at(index)
        if key is not None:
            if self.set_source(key):
                predictor = self.predictors.cached(key) if key[0] == "file" else None
                self.weights_chosen.emit(key if predictor is None else (*key, predictor.model_name))
            return
        self.source_combo.show_chosen()  # "Load checkpoint…" is an action
        path, _ = QFileDialog.getOpenFileName(self, "Load a checkpoint", "",
                                              "mnist-viz checkpoints (*.pt);;All files (*)")
        if path:
            self.load_checkpoint(path, chosen_here=True)

    def load_checkpoint(self, path: str | os.PathLike[str], chosen_here: bool = False) -> None:
        """Read a checkpoint in a worker; on success it becomes the source, else the error shows.

        ``chosen_here``: the user picked it in this panel, so every panel is to show it
        (``weights_chosen``); otherwise the window chose it already (File > Open model)."""
        path = os.fspath(path)
        worker = create_worker(load_predictor, path, self.dataset, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(lambda outcome: self._on_checkpoint_loaded(path, *outcome, chosen_here=chosen_here))
        worker.errored.connect(
            lambda error: self._on_checkpoint_loaded(path, None, f"{type(error).__name__}: {error}"))
        worker.start()

    def _on_checkpoint_loaded(self, path: str, predictor, error: str, chosen_here: bool = False) -> None:
        if predictor is None:
            self._show_message(f"Checkpoint not loaded: {error}")
            return
        key = ("file", path)
        self.predictors.put(key, predictor)
        self._show_message("")
        self.set_source(key, f"Checkpoint: {Path(path).name}")
        if chosen_here:
            self.weights_chosen.emit((*key, predictor.model_name))

    # ----------------------------------------------------------- prediction
    def _on_canvas_changed(self) -> None:
        self.undo_button.setEnabled(self.canvas.can_undo)
        self._show_message("")  # the user has moved on
        if self.canvas.empty:
            # Nothing to compute: show the empty state at once and drop what is in flight.
            request = self._runner.drop()
            self._scheduled = False
            self._debounced_start.cancel()
            self._show_result(PredictionResult(request, None))
            return
        self._schedule_prediction()

    def _schedule_prediction(self) -> None:
        self._scheduled = True
        self._debounced_start()

    def _refresh_live(self) -> None:
        if self._live_dirty and not self.canvas.empty and self.source_key == ("live",):
            self._live_dirty = False
            self._start_prediction()

    def _start_prediction(self) -> None:
        """Predict the drawing now (one worker at a time: see PredictionRunner)."""
        self._scheduled = False
        self._runner.start()

    def _next_job(self) -> tuple | None:
        """What the runner is to run when it can start: the drawing as it is then, if any."""
        self._scheduled = False  # a follow-up run answers a scheduled request too
        if self.canvas.empty:
            return None
        return prediction_steps, self.canvas.ink_array(), self.source_key, self.predictors, self.method_choice.method

    def _on_method_changed(self) -> None:
        """Another explanation asked for: explain the drawing again (the answer does not change)."""
        if not self.canvas.empty:
            self._schedule_prediction()

    def _on_error(self, error: BaseException) -> None:
        self._show_message(f"Prediction failed: {type(error).__name__}: {error}")
        self.prediction_shown.emit(None)

    # ------------------------------------------------------------- display
    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _show_result(self, result: PredictionResult) -> None:
        self.last_result = result
        if result.model:
            self.method_choice.set_network(result.model)  # the network that answered (live, a file)
        if result.note:
            self._show_message(result.note)
        self.current_image = result.image
        self.probe_button.setEnabled(result.image is not None)
        self.fool_button.setEnabled(result.image is not None)
        if self.fool_window is not None and self.fool_window.isVisible():
            self.fool_window.set_drawing(result.image, result.probabilities)
        self.save_button.setEnabled(not self.canvas.empty)
        self.undo_button.setEnabled(self.canvas.can_undo)
        image = result.image if result.image is not None else np.zeros((28, 28), dtype=np.float32)
        self.input_item.setImage(image, levels=(0.0, 1.0))
        self.why_widget.show_evidence(image, result.attribution)
        if result.attribution is not None:
            digit = self.short_class_names[int(np.argmax(result.probabilities))]
            self.why_widget.title.setText(self.tr("why {0}? <span style='color:#f66'>for</span> / "
                                                  "<span style='color:#6af'>against</span>").format(digit),
                                          size="9pt")
        else:
            self.why_widget.title.setText(self.tr("why"), size="9pt")
        self.verdict_label.setToolTip("")
        if result.probabilities is None:
            self.bar_widget.show_probabilities(None)
            self.bar_widget.set_title(self.tr("probabilities"))
            if result.image is None:
                if self.dataset == "mnist":
                    hint = (self.tr("Draw a digit to see the model's answer.") if self.canvas.empty
                            else self.tr("Too little ink to read: draw the whole digit."))
                else:
                    hint = (self.tr("Draw a picture to see the model's answer.") if self.canvas.empty
                            else self.tr("Too little ink to read: draw the whole picture."))
                self.verdict_label.setText(f"<span style='color:gray'>{hint}</span>")
            else:
                self.verdict_label.setText("<span style='color:gray'>{}</span>".format(
                    self.tr("No answer: {0}").format(result.error)))
        else:
            self._show_answer(result)
        self.prediction_shown.emit(result)

    def _show_answer(self, result: PredictionResult) -> None:
        """The digit, big, with its probability; or, when core.unsure says the model is
        unsure, "Not sure" in words with the best guess (the bars stay, the guess paler)."""
        probabilities = np.asarray(result.probabilities, dtype=np.float64)
        unsure = result.verdict is not None and result.verdict.unsure
        winner = self.bar_widget.show_probabilities(probabilities, unsure=unsure)
        name = html.escape(self.class_names[winner])
        source = f"<span style='color:gray; font-size:8pt'>{result.source}</span>"
        if unsure:
            self.bar_widget.set_title(self.tr("probabilities · best guess {0}").format(
                html.escape(self.short_class_names[winner])))
            explanation = (self.tr("this does not look like any digit it knows (best guess {0}, {1:.0%})")
                           if self.dataset == "mnist" else
                           self.tr("this does not look like anything it knows (best guess {0}, {1:.0%})"))
            self.verdict_label.setText(
                "<span style='font-size:12pt; color:#b9770e'><b>{0}</b></span> {1}<br>{2}".format(
                    self.tr("Not sure:"), explanation.format(name, probabilities[winner]), source))
            verdict = result.verdict
            self.verdict_label.setToolTip((self.tr(
                "The energy score, {0:.2f} (the logsumexp of the model's outputs before the softmax: how "
                "strongly it answers at all, whichever digit), is below {1:.2f}: the threshold measured for this "
                "model on real digits against letters, scribbles and pairs of digits (see the README).")
                if verdict.rule == "energy" else self.tr(
                "The highest probability, {0:.0%}, is below {1:.0%}: the threshold measured for this "
                "model on real digits against letters, scribbles and pairs of digits (see the README).")
                ).format(verdict.score if verdict.rule == "energy" else probabilities[winner], verdict.threshold))
            return
        sure = self.tr("{0:.0%} sure").format(probabilities[winner])
        self.bar_widget.set_title(self.tr("probabilities · {0} wins").format(
            html.escape(self.short_class_names[winner])))
        self.verdict_label.setText(f"<span style='font-size:16pt'><b>{name}</b></span> &nbsp;{sure}<br>{source}")

    def resizeEvent(self, event) -> None:  # noqa: N802
        # Side by side in a wide dock, stacked in a tall one.
        wide = self.width() >= 1.1 * self.height()
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)


PANEL = CanvasPanel
