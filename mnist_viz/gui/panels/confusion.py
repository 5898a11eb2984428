"""Where the model goes wrong: the test set's confusion matrix at each evaluation.

Row = the true digit, column = the model's prediction, each cell the number of test images.
The diagonal (the right answers) is drawn in a quiet green so that the errors stand out:
they glow on a logarithmic colour scale (black none, red a few, yellow and white many),
whose range is fixed by the size of the largest class. Beside the matrix, each digit's
accuracy (the diagonal divided by the row) as a bar, the worst one in orange.

Clicking an error cell lists its images in a gallery below (one image mosaic of up to
``GALLERY_LIMIT`` thumbnails); clicking the diagonal lists every misclassified image of that
digit. Clicking a thumbnail asks for that test image as the feature-map probe. The gallery
needs the test images: the window hands them over with :meth:`ConfusionPanel.set_test_set`
once MNIST is loaded.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from ...core import events as ev
from ..widgets.info_button import info_button
from ..widgets.mosaic import GREY, MosaicView
from .base import Panel

DIGITS = 10
#: Most thumbnails the gallery shows at once.
GALLERY_LIMIT = 100
GALLERY_COLUMNS = 10
#: Errors: black (none) - red - yellow - white (many), on log10(1 + count).
ERROR_COLOURS = pg.colormap.get("CET-L3")
CORRECT_COLOUR = QColor(40, 105, 60)
BAR_COLOUR = QColor(90, 150, 210)
WORST_BAR_COLOUR = QColor(255, 150, 40)
SELECTION_PEN = pg.mkPen((80, 200, 255), width=3)
#: Error cells brighter than this fraction of the colour range get dark text.
DARK_TEXT_ABOVE = 0.55


def cell_font() -> QFont:
    font = QFont()
    font.setPointSizeF(7.5)
    return font


#: Wider than this many times its height, the panel puts the gallery beside the matrix.
WIDE_RATIO = 2.0


class ConfusionPanel(Panel):
    panel_id = "confusion"
    placement = "under-controls"
    #: It shows the newest evaluation only: a replay hands it just that one (gui.controllers.replay).
    newest_evaluation_only = True
    title = QT_TRANSLATE_NOOP("Panel", "Confusion matrix")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>Which digits the model confuses with which</b>, on the 10,000 test images, updated at "
        "every evaluation. Row = the true digit, column = what the model predicted; each cell "
        "counts test images. The <span style='color:#5fbf7f'>green diagonal</span> holds the right "
        "answers; every other cell is a mistake, coloured on a logarithmic scale (black none, "
        "<span style='color:#e04040'>red</span> a few, yellow to white many) so that even a "
        "handful of errors shows.<br>"
        "The bars on the right are each digit's accuracy (diagonal ÷ row); the worst digit is "
        "orange.<br>"
        "<b>Click a cell</b> to see its images below (click the diagonal for every mistake on "
        "that digit); <b>click an image</b> to look at it in the Feature maps panel.<br>"
        "Watch for: the off-diagonal cells fading as training goes on; the errors that remain "
        "gathering in a few cells of similar shapes (4↔9, 3↔5, 7↔2); and how many of those "
        "images a person would also find hard.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confusion: np.ndarray | None = None
        self.predictions: np.ndarray | None = None
        self.test_images: np.ndarray | None = None
        self.test_labels: np.ndarray | None = None
        self.step: int | None = None
        self._accuracy = 0.0
        self._undrawn = False  # an evaluation arrived while the panel was not on screen
        #: The selected cell (true digit, predicted digit) and every test index it holds.
        self.selected: tuple[int, int] | None = None
        self.gallery_indices = np.empty(0, dtype=np.int64)
        self.hover_text = ""

        self.readout = QLabel(self.tr("no evaluation yet"))
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.readout, 1)
        controls.addWidget(info_button(self.help_text, self))

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.ci.layout.setContentsMargins(2, 2, 2, 2)
        self.graphics.setMinimumSize(160, 120)
        self._make_matrix()
        self._make_accuracy_bars()

        self.gallery = MosaicView("click a cell to see its images", colormap=GREY, columns=GALLERY_COLUMNS,
                                  colorbar=False, enlarge_on_click=False, symmetric=False)
        self.gallery.tile_clicked.connect(self._on_thumbnail_clicked)

        splitter = self.splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.graphics)
        splitter.addWidget(self.gallery)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)

        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.graphics.scene().sigMouseClicked.connect(self._on_mouse_clicked)

    # ------------------------------------------------------------- building
    def _make_matrix(self) -> None:
        plot = self.matrix_plot = self.graphics.addPlot(row=0, col=0)
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.invertY(True)
        plot.setAspectLocked(True)
        plot.showAxis("top")
        plot.hideAxis("bottom")
        ticks = [[(digit + 0.5, str(digit)) for digit in range(DIGITS)]]
        for name in ("top", "left"):
            axis = plot.getAxis(name)
            axis.setTicks(ticks)
            axis.setStyle(tickLength=0)
        plot.setLabel("top", "predicted digit")
        plot.setLabel("left", "true digit")
        plot.setRange(xRange=(0, DIGITS), yRange=(0, DIGITS), padding=0.01)
        plot.vb.setBackgroundColor(QColor(25, 25, 25))

        # One pixel per cell: cell (true, predicted) covers [predicted, +1] x [true, +1].
        self.error_image = pg.ImageItem(axisOrder="row-major")
        self.error_image.setColorMap(ERROR_COLOURS)
        self.correct_image = pg.ImageItem(axisOrder="row-major")
        self.correct_image.setColorMap(pg.ColorMap([0.0, 1.0], [CORRECT_COLOUR, CORRECT_COLOUR]))
        plot.addItem(self.error_image)
        plot.addItem(self.correct_image)
        # Thin lines between the cells.
        grid_pen = pg.mkPen(QColor(70, 70, 70), width=1)
        for k in range(1, DIGITS):
            plot.addItem(pg.InfiniteLine(pos=k, angle=90, pen=grid_pen, movable=False))
            plot.addItem(pg.InfiniteLine(pos=k, angle=0, pen=grid_pen, movable=False))
        self.cell_texts: list[list[pg.TextItem]] = []
        for true in range(DIGITS):
            row = []
            for predicted in range(DIGITS):
                text = pg.TextItem("", anchor=(0.5, 0.5))
                text.setFont(cell_font())
                text.setPos(predicted + 0.5, true + 0.5)
                plot.addItem(text)
                row.append(text)
            self.cell_texts.append(row)
        plot.vb.sigResized.connect(self._fit_cell_texts)
        # The selected cell's outline (a pyqtgraph item: a bare QGraphicsRectItem in the
        # scene is deleted twice, by the scene and by Python, when the panel goes).
        self.selection_box = pg.PlotCurveItem(pen=SELECTION_PEN)
        self.selection_box.setVisible(False)
        plot.addItem(self.selection_box)
        self.error_levels = (0.0, 3.0)

    def _make_accuracy_bars(self) -> None:
        plot = self.accuracy_plot = self.graphics.addPlot(row=0, col=1)
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setYLink(self.matrix_plot)
        plot.invertY(True)
        plot.hideAxis("left")
        plot.showAxis("top")
        plot.setLabel("top", self.tr("accuracy %"))
        plot.getAxis("top").setStyle(tickFont=cell_font())
        plot.setXRange(0, 100, padding=0)
        plot.hideAxis("bottom")
        plot.setMaximumWidth(150)
        plot.setMinimumWidth(70)
        self.graphics.ci.layout.setColumnStretchFactor(0, 4)
        self.graphics.ci.layout.setColumnStretchFactor(1, 1)
        self.accuracy_bars = pg.BarGraphItem(x0=np.zeros(DIGITS), y=np.arange(DIGITS) + 0.5, height=0.7,
                                             width=np.zeros(DIGITS), brush=BAR_COLOUR, pen=pg.mkPen(None))
        plot.addItem(self.accuracy_bars)
        self.accuracy_texts = []
        for digit in range(DIGITS):
            text = pg.TextItem("", anchor=(1.0, 0.5), color=(240, 240, 240))
            text.setFont(cell_font())
            text.setPos(100, digit + 0.5)
            plot.addItem(text)
            self.accuracy_texts.append(text)
        self.accuracy_floor = 0.0

    # ------------------------------------------------------------------ data
    def set_class_names(self, names, short_names=None, dataset: str = "mnist") -> None:
        """Label the axes with the data set's classes: "0 T-shirt" down the side, the index on top."""
        super().set_class_names(names, short_names, dataset)
        digits = self.dataset == "mnist"
        side = [(k + 0.5, str(k) if digits else f"{k} {name}") for k, name in enumerate(self.short_class_names)]
        self.matrix_plot.getAxis("left").setTicks([side])
        self.matrix_plot.getAxis("top").setTicks([[(k + 0.5, str(k)) for k in range(DIGITS)]])
        what = "digit" if digits else "class"
        self.matrix_plot.setLabel("top", f"predicted {what}")
        self.matrix_plot.setLabel("left", f"true {what}")
        self._show_gallery()

    def _label(self, k: int) -> str:
        """Class ``k`` in words: "7" for MNIST, "Sneaker" for Fashion-MNIST."""
        return str(k) if self.dataset == "mnist" else self.class_names[int(k)]

    def set_test_set(self, images_uint8: np.ndarray, labels: np.ndarray) -> None:
        """The test images (N, 28, 28) uint8 and their labels, for the gallery."""
        images = np.asarray(images_uint8)
        labels = np.asarray(labels).astype(np.int64).reshape(-1)
        if images.ndim != 3 or images.shape[1:] != (28, 28) or len(images) != len(labels):
            raise ValueError(f"expected images (N, 28, 28) and N labels, got {images.shape} and {labels.shape}")
        self.test_images, self.test_labels = images, labels
        self._show_gallery()

    @property
    def per_class_accuracy(self) -> np.ndarray | None:
        if self.confusion is None:
            return None
        totals = self.confusion.sum(axis=1)
        return np.divide(np.diag(self.confusion), totals, out=np.zeros(DIGITS), where=totals > 0)

    def cell_indices(self, true: int, predicted: int) -> np.ndarray | None:
        """Test indices of cell (true, predicted); on the diagonal: every mistake on ``true``.

        None when the last evaluation's predictions and the test set do not match (or one
        of them is missing).
        """
        predictions, labels = self.predictions, self.test_labels
        if predictions is None or labels is None or len(predictions) != len(labels):
            return None
        if true == predicted:
            return np.flatnonzero((labels == true) & (predictions != true))
        return np.flatnonzero((labels == true) & (predictions == predicted))

    # ---------------------------------------------------------------- events
    def on_run_started(self, event: ev.RunStarted) -> None:
        self.confusion = self.predictions = None
        self.step = None
        self.select_cell(None)
        # Cleared in the next pass of the event loop when on screen, else when it comes into
        # view: a replay's backward move starts the run anew and hands over its newest
        # evaluation at once (drawn then, see on_evaluated), so clearing first was wasted.
        self._undrawn = True
        if self.on_screen():
            QTimer.singleShot(0, self, self.draw_pending)

    def draw_pending(self, _payload: object = None) -> None:
        if self._undrawn and self.on_screen():
            self._draw_evaluation()

    def _clear_view(self) -> None:
        self.error_image.clear()
        self.correct_image.clear()
        for row in self.cell_texts:
            for text in row:
                _set_text(text, "")
        self.accuracy_bars.setOpts(width=np.zeros(DIGITS))
        for text in self.accuracy_texts:
            text.setText("")
        self.readout.setText("no evaluation yet")

    def on_evaluated(self, event: ev.Evaluated) -> None:
        self.confusion = np.asarray(event.confusion, dtype=np.int64)
        self.predictions = None if event.predictions is None else np.asarray(event.predictions, dtype=np.int64)
        self.step = event.step
        self._accuracy = event.test_accuracy
        # Drawn now when on screen, else when the panel comes into view: a replay hands over
        # every evaluation up to the step shown (20 for a 20,000-step run), and drawing each
        # one behind another tab cost a tenth of a second per move of the timeline.
        self._undrawn = True
        if self.on_screen():
            self._draw_evaluation()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._undrawn:
            self._draw_evaluation()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """The gallery goes beside the matrix in a wide, low dock (the top row of the window at
        1366x768: below it, the square matrix was squeezed to a strip 80 pixels high)."""
        super().resizeEvent(event)
        size = event.size()
        wide = size.width() > WIDE_RATIO * size.height()
        wanted = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)

    def on_screen_changed(self, on_screen: bool) -> None:
        if on_screen and self._undrawn:
            self._draw_evaluation()

    def _draw_evaluation(self) -> None:
        self._undrawn = False
        if self.confusion is None:
            self._clear_view()
            return
        self._show_matrix()
        self._show_accuracy()
        total = int(self.confusion.sum())
        wrong = total - int(np.trace(self.confusion))
        self.readout.setText(f"step {self.step:,} · {100 * self._accuracy:.2f} % of {total:,} test images "
                             f"right · {wrong:,} wrong")
        self._show_gallery()

    # --------------------------------------------------------------- drawing
    def _show_matrix(self) -> None:
        confusion = self.confusion
        diagonal = np.eye(DIGITS, dtype=bool)
        largest_class = max(1, int(confusion.sum(axis=1).max()))
        self.error_levels = (0.0, math.log10(1 + largest_class))
        errors = np.log10(1.0 + confusion.astype(np.float64))
        errors[diagonal] = np.nan
        self.error_image.setImage(errors, levels=self.error_levels, autoLevels=False)
        self.correct_image.setImage(np.where(diagonal, 1.0, np.nan), levels=(0.0, 1.0), autoLevels=False)
        bright = self.error_levels[0] + DARK_TEXT_ABOVE * (self.error_levels[1] - self.error_levels[0])
        for true in range(DIGITS):
            for predicted in range(DIGITS):
                count = int(confusion[true, predicted])
                text = self.cell_texts[true][predicted]
                if true == predicted:
                    _set_text(text, f"{count}", (235, 245, 235))
                else:
                    _set_text(text, f"{count}" if count else "",
                              (20, 20, 20) if errors[true, predicted] > bright else (235, 235, 235))
        self._fit_cell_texts()

    def _fit_cell_texts(self) -> None:
        """Hide the counts that are wider than their cell (a small dock); hovering still tells."""
        pixel_width = self.matrix_plot.vb.viewPixelSize()[0]
        cell = 1.0 / pixel_width if pixel_width > 0 else 0.0
        metrics = QFontMetrics(cell_font())
        for row in self.cell_texts:
            for text in row:
                fits = metrics.horizontalAdvance(text.toPlainText()) + 4 <= cell
                if fits != text.isVisible():
                    text.setVisible(fits)

    def _show_accuracy(self) -> None:
        accuracy = 100.0 * self.per_class_accuracy
        # Start the bars where the differences show: at the ten below the worst digit.
        self.accuracy_floor = floor = max(0.0, 10.0 * math.floor((accuracy.min() - 0.5) / 10.0))
        worst = int(np.argmin(accuracy))
        brushes = [pg.mkBrush(WORST_BAR_COLOUR if digit == worst else BAR_COLOUR) for digit in range(DIGITS)]
        self.accuracy_bars.setOpts(x0=np.full(DIGITS, floor), width=np.maximum(accuracy - floor, 0.0),
                                   brushes=brushes)
        self.accuracy_plot.setXRange(floor, 100, padding=0)
        for digit, text in enumerate(self.accuracy_texts):
            text.setText(f"{accuracy[digit]:.1f}")
            text.setPos(100, digit + 0.5)

    def _show_gallery(self) -> None:
        if self.selected is None:
            self.gallery_indices = np.empty(0, dtype=np.int64)
            self.gallery.clear()
            self.gallery.set_title("click a cell to see its images")
            return
        true, predicted = self.selected
        indices = self.cell_indices(true, predicted)
        if self.dataset == "mnist":
            what = (f"every {true} taken for another digit" if true == predicted
                    else f"{true}s taken for {predicted}s")
        else:
            what = (f"every {self._label(true)} taken for another class" if true == predicted
                    else f"{self._label(true)} taken for {self._label(predicted)}")
        if indices is None:
            self.gallery_indices = np.empty(0, dtype=np.int64)
            self.gallery.clear()
            reason = ("no evaluation yet" if self.predictions is None else
                      "the test images are not loaded" if self.test_labels is None else
                      "the test images do not match the evaluation")
            self.gallery.set_title(f"{what}: {reason}")
            return
        self.gallery_indices = indices
        if not len(indices):
            self.gallery.clear()
            self.gallery.set_title(f"{what}: none" + (f" at step {self.step:,}" if self.step is not None else ""))
            return
        shown = indices[:GALLERY_LIMIT]
        tiles = self.test_images[shown].astype(np.float32) / 255.0
        predictions, labels = self.predictions, self.test_labels
        self.gallery.set_tiles(tiles, levels=(0.0, 1.0), columns=GALLERY_COLUMNS,
                               describe=lambda k: (f"test #{shown[k]}: a {self._label(labels[shown[k]])} the model "
                                                   f"took for a {self._label(predictions[shown[k]])}"
                                                   "\nclick: show it in Feature maps"))
        count = (f"{len(indices):,} images" if len(indices) <= GALLERY_LIMIT
                 else f"the first {GALLERY_LIMIT} of {len(indices):,} images")
        self.gallery.set_title(f"{what}: {count} · click one to probe it")

    # ------------------------------------------------------------ interaction
    def select_cell(self, cell: tuple[int, int] | None) -> None:
        """Show the images of cell (true digit, predicted digit) in the gallery (None: none)."""
        self.selected = None if cell is None else (int(cell[0]), int(cell[1]))
        if self.selected is not None:
            true, predicted = self.selected
            self.selection_box.setData([predicted, predicted + 1, predicted + 1, predicted, predicted],
                                       [true, true, true + 1, true + 1, true])
        self.selection_box.setVisible(self.selected is not None)
        self._show_gallery()

    def cell_at_scene(self, scene_pos: QPointF) -> tuple[int, int] | None:
        view = self.matrix_plot.vb
        if not view.sceneBoundingRect().contains(scene_pos):
            return None
        point = view.mapSceneToView(scene_pos)
        true, predicted = math.floor(point.y()), math.floor(point.x())
        if 0 <= true < DIGITS and 0 <= predicted < DIGITS:
            return true, predicted
        return None

    def cell_center_in_widget(self, true: int, predicted: int):
        """Where cell (true, predicted)'s centre is in ``self.graphics.viewport()`` coordinates."""
        scene = self.matrix_plot.vb.mapViewToScene(QPointF(predicted + 0.5, true + 0.5))
        return self.graphics.mapFromScene(scene)

    def describe_cell(self, true: int, predicted: int) -> str:
        if self.confusion is None:
            return f"true {true}, predicted {predicted}: no evaluation yet"
        count = int(self.confusion[true, predicted])
        row = int(self.confusion[true].sum())
        if self.dataset != "mnist":
            name, other = self._label(true), self._label(predicted)
            share = f" ({100 * count / row:.1f} % of the {row:,} {name} images)" if row else ""
            if true == predicted:
                return (f"{count:,} × {name} recognised{share}\nclick: show the {row - count:,} "
                        f"taken for other classes")
            return f"{count:,} × {name} taken for {other}{share}" + ("\nclick: show them" if count else "")
        share = f" ({100 * count / row:.1f} % of the {row:,} {true}s)" if row else ""
        if true == predicted:
            return (f"{count:,} {true}s recognised{share}\nclick: show the {row - count:,} {true}s "
                    f"taken for other digits")
        return f"{count:,} {true}s taken for a {predicted}{share}" + ("\nclick: show them" if count else "")

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        cell = self.cell_at_scene(scene_pos)
        self.hover_text = "" if cell is None else self.describe_cell(*cell)
        self.graphics.setToolTip(self.hover_text)

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cell = self.cell_at_scene(event.scenePos())
        if cell is not None:
            event.accept()
            self.select_cell(cell)

    def _on_thumbnail_clicked(self, k: int) -> None:
        if 0 <= k < min(len(self.gallery_indices), GALLERY_LIMIT):
            self.probe_requested.emit(int(self.gallery_indices[k]))


def _set_text(item: pg.TextItem, text: str, colour: tuple[int, int, int] | None = None) -> None:
    """Set a cell's count (and its colour) only where it changed: most cells keep theirs from one
    evaluation to the next (an empty cell stays empty), and pyqtgraph lays out a text anew at
    every setText."""
    shown = getattr(item, "_mnist_viz_shown", None)
    if shown == (text, colour):
        return
    if shown is None or shown[0] != text:
        item.setText(text)
    if colour is not None and (shown is None or shown[1] != colour):
        item.setColor(colour)
    item._mnist_viz_shown = (text, colour if colour is not None else (shown[1] if shown else None))


PANEL = ConfusionPanel
