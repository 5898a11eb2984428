"""Where the network puts each test image: the embedding panel (TensorBoard's projector, live).

2,000 test images (a fixed, class-balanced sample: 200 of each class; 500 to 10,000 on request) placed by the
network's penultimate-layer features (the CNN's fc1 after its ReLU; for softmax regression,
which has no hidden layer, its 10 logits), projected to 2-D by PCA (or t-SNE, offered when
the optional ``openTSNE`` package is installed), one colour per class, a ring round every
image the model gets wrong. Hovering a point shows the image with its label and the
model's answer; clicking it makes it the probe of every panel. The user watches the
classes' clusters form as training goes on.

The computation (:func:`mnist_viz.gui.widgets.insight.embedding_steps`, over
:mod:`mnist_viz.core.embedding`) costs about 1.4 s for the CNN on a 2-core machine, so it
runs off the GUI thread (one job at a time, the newest request only), and only when
needed: when the weights shown change, at each test evaluation of a run, on "Recompute",
and only while the panel is on screen (a panel shown after it went stale recomputes
then). A redraw passes the previous projection along, so the axes keep their signs.
"""

from __future__ import annotations

import html
import importlib.util

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox,
                               QVBoxLayout, QWidget)
from superqt.utils import qdebounced

from ...core import events as ev
from ..widgets.insight import EMBEDDING_COST_S, EmbeddingResult, embedding_steps
from ..widgets.labels import wrapping_label
from ..widgets.prediction_runner import PredictionRunner
from .base import Panel

#: One colour per class (matplotlib's "tab10", made for telling ten categories apart).
CLASS_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
POINT_SIZE = 6
RING_SIZE = 11
RING_PEN = pg.mkPen("#000000", width=1.4)
INSET_SCALE = 2
DEFAULT_COUNT = 2000
COUNT_RANGE = (500, 10_000)
COUNT_DEBOUNCE_MS = 400


def tsne_offered() -> bool:
    """True if the optional t-SNE package (core.embedding.TSNE_PACKAGE) can be imported."""
    return importlib.util.find_spec("openTSNE") is not None


class EmbeddingPanel(Panel):
    panel_id = "embedding"
    title = QT_TRANSLATE_NOOP("Panel", "Embedding")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>Where the network puts each test image.</b> 2,000 test images (200 of each class) are "
        "placed by what the network's last layer reads: the CNN's 1,024 fc1 values, or, for softmax "
        "regression, which has no hidden layer, its 10 scores. Those many numbers are projected onto "
        "the two directions along which the images differ most (PCA). One colour per class; a black ring "
        "marks an image the model gets wrong.<br>"
        "Before training the classes are mixed; as the network learns, each class gathers in a cluster "
        "of its own, and the rings sit where two clusters touch. Hover a point to see the image, click "
        "it to make it the probe of every panel.<br>"
        "It is recomputed at each test evaluation of a run (about 1.4 s for the CNN), when the weights "
        "shown change, or with <i>Recompute</i>.")
    placement = "tabbed"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weights = None
        self.embedding = None          # the core.embedding.Embedding shown
        self.shown_step: int | None = None
        self.stale = True              # the picture is not that of the weights shown
        self.computations = 0          # pictures shown so far (tests read it)
        self._model_shown: str | None = None
        self._live_step: int | None = None
        self._images: np.ndarray | None = None
        self._labels: np.ndarray | None = None
        self._seconds = 0.0
        self._brushes = [pg.mkBrush(colour) for colour in CLASS_COLOURS]  # shared by the points of a class

        self.method_combo = QComboBox()
        self.method_combo.addItem(self.tr("PCA"), "pca")
        if tsne_offered():
            self.method_combo.addItem(self.tr("t-SNE"), "tsne")
        self.method_combo.setToolTip(self.tr("PCA: the two directions of largest variance (fast, faithful to "
                                             "distances). t-SNE (with openTSNE installed): keeps neighbours "
                                             "together, slower"))
        self.count_spin = QSpinBox()
        self.count_spin.setRange(COUNT_RANGE[0], COUNT_RANGE[1])
        self.count_spin.setSingleStep(COUNT_RANGE[0])
        self.count_spin.setValue(DEFAULT_COUNT)
        self.count_spin.setGroupSeparatorShown(True)
        self.count_spin.setSuffix(self.tr(" images"))
        self.count_spin.setToolTip(self.tr("How many test images to place (the same number of each class); "
                                           "the cost grows with it"))
        self.recompute_button = QPushButton(self.tr("Recompute"))
        self.recompute_button.setToolTip(self.tr("Compute the picture again for the weights shown now"))
        self.status_label = wrapping_label(grey=True)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Projection")))
        row.addWidget(self.method_combo)
        row.addWidget(self.count_spin)
        row.addWidget(self.recompute_button)
        row.addStretch(1)
        # the legend: a line of coloured dots above the plot (inside it, it hid a fifth of the points)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setBackground("w")
        self.plot = self.plot_widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setMenuEnabled(False)
        self.scatter = pg.ScatterPlotItem(size=POINT_SIZE, pen=None, hoverable=True, hoverSize=POINT_SIZE + 5,
                                          hoverPen=pg.mkPen("k", width=1.5), tip=None)
        self.rings = pg.ScatterPlotItem(size=RING_SIZE, pen=RING_PEN, brush=None, symbol="o")
        self.plot.addItem(self.scatter)
        self.plot.addItem(self.rings)
        self._fill_legend()
        # the hovered image, in a small box over the plot's top right corner (no width of its own)
        self.inset_box = QFrame(self.plot_widget)
        self.inset_box.setStyleSheet("QFrame { background: rgba(255, 255, 255, 220); border: 1px solid #bbb; }"
                                     "QLabel { border: none; background: transparent; }")
        self.inset = QLabel()
        self.inset.setFixedSize(28 * INSET_SCALE, 28 * INSET_SCALE)
        self.inset_caption = QLabel()
        self.inset_caption.setTextFormat(Qt.TextFormat.RichText)
        self.inset_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QVBoxLayout(self.inset_box)
        box.setContentsMargins(4, 4, 4, 4)
        box.setSpacing(2)
        box.addWidget(self.inset, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.inset_caption)
        self.inset_box.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the points under it
        self.inset_box.hide()
        self.plot_widget.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot_widget, 1)

        self._runner = PredictionRunner(self._next_job, self)
        self._runner.yielded.connect(self._show_result)
        self._runner.errored.connect(lambda error: self._say(self.tr("The embedding failed: {0}").format(error)))
        self.recompute_button.clicked.connect(self.recompute)
        self.method_combo.activated.connect(lambda _index: self.recompute())
        self._count_changed = qdebounced(self.recompute, timeout=COUNT_DEBOUNCE_MS, parent=self)
        self.count_spin.valueChanged.connect(lambda _value: self._count_changed())
        self.scatter.sigHovered.connect(self._on_hovered)
        self.scatter.sigClicked.connect(self._on_clicked)
        self.rings.sigClicked.connect(self._on_clicked)
        self._describe()

    # ------------------------------------------------------------ state in
    def set_test_set(self, images_uint8, labels) -> None:
        self._images = np.asarray(images_uint8)
        self._labels = np.asarray(labels)
        self.embedding = None  # another data set: other images
        self._request()

    def set_class_names(self, names, short_names=None, dataset: str = "mnist") -> None:
        super().set_class_names(names, short_names, dataset)
        self._fill_legend()

    def on_weights_shown(self, weights) -> None:
        self.weights = weights
        if weights is not None and weights.origin == "live" and not weights.frozen:
            self._live_step = weights.step
        self._request()

    def on_run_started(self, event: ev.RunStarted) -> None:
        self._live_step = event.step

    def on_evaluated(self, event: ev.Evaluated) -> None:
        if self.weights is not None and self.weights.origin == "live" and not self.weights.frozen:
            self._live_step = event.step
            self._request()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Wait (up to ``timeout_ms``) for a picture in flight: it cannot be stopped half-way."""
        self._count_changed.cancel()
        return self._runner.stop(timeout_ms)

    @property
    def busy(self) -> bool:
        return self._runner.busy

    # ----------------------------------------------------------- computing
    def recompute(self) -> None:
        """Compute the picture again (the Recompute button, another projection)."""
        self.stale = True
        self._compute()

    def _request(self) -> None:
        """The weights shown have changed: compute now if on screen, else when shown."""
        self.stale = True
        if self.on_screen():
            self._compute()
        else:
            self._describe()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.stale:
            self._compute()

    def on_screen_changed(self, on_screen: bool) -> None:
        if on_screen and self.stale:
            self._compute()

    def _compute(self) -> None:
        if self._ready():
            self.stale = False
            self._runner.start()
        self._describe()

    def _ready(self) -> bool:
        weights = self.weights
        return (weights is not None and weights.computable and self._images is not None
                and len(self._images) >= 3)

    def _next_job(self) -> tuple | None:
        if not self._ready():
            return None
        weights = self.weights
        method = self.method_combo.currentData() or "pca"
        previous = self.embedding if (self.embedding is not None and self._model_shown == weights.model
                                      and self.embedding.method == method) else None
        step = self._live_step if weights.origin == "live" and not weights.frozen else None
        count = int(self.count_spin.value())  # (another count: the PCA's axes still follow the previous picture)
        return embedding_steps, weights, self._images, self._labels, method, previous, step, count

    # ------------------------------------------------------------- drawing
    def _show_result(self, result: EmbeddingResult) -> None:
        if result.embedding is None:
            self._say(self.tr("No embedding: {0}").format(result.error))
            return
        self.embedding = result.embedding
        self._model_shown = self.weights.model if self.weights is not None else None
        self.shown_step = result.step
        self.computations += 1
        embedding = result.embedding
        brushes = [self._brushes[int(label) % len(CLASS_COLOURS)] for label in embedding.labels]
        points = embedding.points
        self.scatter.setData(x=points[:, 0], y=points[:, 1], brush=brushes, data=embedding.indices)
        wrong = embedding.misclassified
        self.rings.setData(x=points[wrong, 0], y=points[wrong, 1], data=embedding.indices[wrong])
        if embedding.projection is not None:
            first, second = (100 * embedding.projection.explained).tolist()
            self.plot.setLabel("bottom", self.tr("PC 1 · {0:.0f}% of the variance").format(first))
            self.plot.setLabel("left", self.tr("PC 2 · {0:.0f}%").format(second))
        else:
            self.plot.setLabel("bottom", self.tr("t-SNE 1"))
            self.plot.setLabel("left", self.tr("t-SNE 2"))
        self._seconds = result.seconds
        self._describe(busy=self._runner.pending)  # this job has ended; a follow-up may wait

    def _fill_legend(self) -> None:
        names = self.short_class_names[:len(CLASS_COLOURS)]
        self.legend_names = [*names, self.tr("wrong")]  # (tests read it)
        dots = " ".join(f"<span style='color:{CLASS_COLOURS[k]}; font-size:13pt'>●</span>{html.escape(name)}"
                        for k, name in enumerate(names))
        self.legend.setText(f"{dots}&nbsp; <span style='font-size:13pt'>○</span>{html.escape(self.tr('wrong'))}")
        self.legend.setToolTip(", ".join(f"{k}: {name}" for k, name in enumerate(self.class_names)))

    def _describe(self, busy: bool | None = None) -> None:
        busy = self._runner.busy if busy is None else busy
        cost = EMBEDDING_COST_S.get(self.weights.model if self.weights is not None else "cnn", 1.4)
        when = self.tr("Recomputed at each test evaluation (about {0:.1f} s).").format(cost)
        self.status_label.setToolTip(self.tr(
            "The picture is computed off the screen's thread when the weights shown change, at each test "
            "evaluation of a run, and with Recompute, only while this panel is on screen: 2,000 forward "
            "passes and a PCA, about {0:.1f} s for this network on a 2-core machine.").format(cost))
        if self.weights is not None and not self.weights.computable:
            self._say(self.needs_all_weights_text(self.weights))
            return
        if self._images is None:
            self._say(self.tr("Waiting for the test set to load…"))
            return
        if self.weights is None:
            self._say(self.tr("No weights to show yet: train a model, or choose the shipped one."))
            return
        if self.embedding is None:
            self._say(self.tr("Computing…") + " " + when if busy else when)
            return
        embedding = self.embedding
        wrong = int(embedding.misclassified.sum())
        step = self.tr("step {0}").format(self.shown_step) if self.shown_step is not None else self.tr("shipped")
        text = self.tr("{0}, computed in {1:.1f} s: {2} test images, {3} wrong (ringed).").format(
            step, self._seconds, len(embedding.indices), wrong)
        if busy:
            text += " " + self.tr("Recomputing…")
        self._say(text + " " + when)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.plot_widget and event.type() == QEvent.Type.Resize:
            self._place_inset()
        elif watched is self.plot_widget and event.type() == QEvent.Type.Leave:
            self.inset_box.hide()  # the mouse has left the plot
        return super().eventFilter(watched, event)

    def _place_inset(self) -> None:
        self.inset_box.adjustSize()
        self.inset_box.move(self.plot_widget.width() - self.inset_box.width() - 8, 8)

    def _on_hovered(self, _item, points, _event) -> None:
        if len(points) == 0 or self._images is None or self.embedding is None:
            return
        index = int(points[0].data())
        self.show_inset(index)

    def show_inset(self, index: int) -> None:
        """The small picture at the top right: test image ``index``, its label and the answer."""
        image = np.ascontiguousarray(self._images[index], dtype=np.uint8)
        qimage = QImage(image.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
        self.inset.setPixmap(QPixmap.fromImage(qimage).scaled(
            28 * INSET_SCALE, 28 * INSET_SCALE, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation))
        where = np.flatnonzero(self.embedding.indices == index)
        answer = int(self.embedding.predictions[where[0]]) if len(where) else None
        label = int(self._labels[index])
        names = self.short_class_names
        text = self.tr("test #{0}<br>label {1}<br>answer {2}").format(
            index, names[label], "?" if answer is None else names[answer])
        if answer is not None and answer != label:
            text += "<br><span style='color:#c0392b'>{}</span>".format(self.tr("wrong"))
        self.inset_caption.setText(text)
        self.inset_box.show()
        self._place_inset()

    def _on_clicked(self, _item, points, _event) -> None:
        if len(points) > 0:
            self.probe_requested.emit(int(points[0].data()))


PANEL = EmbeddingPanel
