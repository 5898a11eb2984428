"""The Data panel: what the model trains on, the current training batch as the model sees it.

The Trainer's snapshot part ``batch`` (``batch/images`` (n <= 64, 28, 28) uint8, ``batch/labels``,
``batch/indices``, ``batch/step``) is the last training batch exactly as the model saw it:
augmented when the run augments (``TrainConfig.augment``). The panel shows it as a grid of
tiles (8 to a row), each with its label above it, and a caption: the step, how many of the
batch's images are shown, and the augmentation recipe in words.

* It redraws at most :data:`SHOW_INTERVAL_S` apart (snapshots may come 10 or 30 times a
  second: a person follows one or two batches a second); the newest batch received is
  always the one drawn next, and the run's last one when it ends. **Hold** keeps the batch
  on screen while training goes on (and asks for no more batches while it holds).
* It asks for the part only while it is on screen (the hub asks visible panels only) and
  while it does not hold: a hidden panel costs nothing.
* Clicking an image makes it the probe (``probe_image_requested``): the feature maps and
  prediction then show that augmented training image.
* It never shows a batch beside another state: a batch belongs to the run it came from,
  and is shown only while the weights shown are that run's (live, or the run that ended).
  A shipped model, a checkpoint, a replayed recording, another run or another network
  shows a one-line placeholder saying why there is no batch.

The panel knows neither torch nor the Trainer: it reads the part's arrays and the shown
weights' ``config`` (its batch size and augmentation recipe).
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import (QGraphicsRectItem, QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QToolButton,
                               QVBoxLayout, QWidget)

from ...core import augment
from ...core import events as ev
from ..widgets.info_button import info_button
from ..widgets.mosaic import GREY, MosaicView
from .base import Panel

#: The part the Trainer serves (core.training.BATCH_PART; the panel may not import core.training).
BATCH_PART = "batch"
#: The shortest time between two batches drawn (seconds): at most about two a second.
SHOW_INTERVAL_S = 0.6
#: Tiles to a row to choose from (64 images: 8 x 8, or 16 x 4 in a wide, short place, ...): the
#: one that draws the tiles largest in the panel's place.
COLUMN_CHOICES = (4, 8, 16, 32)
#: The label band above each tile and the gap between tiles (pixels of the 28-pixel tiles).
LABEL_BAND, GAP = 11, 2
#: Highlight of the tile that is the probe.
PROBE_COLOUR = QColor(255, 200, 0)

CONTEXT = "DataPanel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


#: The recipe's transformations in words: (short word, detail with the recipe's numbers).
_WORDS = {
    "rotation": (QT_TRANSLATE_NOOP("DataPanel", "rotation"), QT_TRANSLATE_NOOP("DataPanel", "rotation up to ±{0:g}°")),
    "scale": (QT_TRANSLATE_NOOP("DataPanel", "scale"), QT_TRANSLATE_NOOP("DataPanel", "scale {0:g}–{1:g}")),
    "aspect": (QT_TRANSLATE_NOOP("DataPanel", "squash"),
               QT_TRANSLATE_NOOP("DataPanel", "width/height up to {0:g}× either way")),
    "shear": (QT_TRANSLATE_NOOP("DataPanel", "slant"), QT_TRANSLATE_NOOP("DataPanel", "slant up to ±{0:g}°")),
    "shift": (QT_TRANSLATE_NOOP("DataPanel", "shift"), QT_TRANSLATE_NOOP("DataPanel", "shift up to ±{0:g} px")),
    "elastic": (QT_TRANSLATE_NOOP("DataPanel", "elastic warp"),
                QT_TRANSLATE_NOOP("DataPanel", "{0:g} % elastically warped (up to {1:g} px)")),
    "thin": (QT_TRANSLATE_NOOP("DataPanel", "thinner pen"),
             QT_TRANSLATE_NOOP("DataPanel", "{0:g} % with a thinner pen (up to {1:g} px)")),
    "thick": (QT_TRANSLATE_NOOP("DataPanel", "thicker pen"),
              QT_TRANSLATE_NOOP("DataPanel", "{0:g} % with a thicker pen (up to {1:g} px)")),
    "lowres": (QT_TRANSLATE_NOOP("DataPanel", "low resolution"),
               QT_TRANSLATE_NOOP("DataPanel", "{0:g} % scanned at 14 or 10 pixels and enlarged")),
    "blur": (QT_TRANSLATE_NOOP("DataPanel", "blur"), QT_TRANSLATE_NOOP("DataPanel", "{0:g} % blurred")),
    "contrast": (QT_TRANSLATE_NOOP("DataPanel", "faint ink"),
                 QT_TRANSLATE_NOOP("DataPanel", "{0:g} % with other ink (peak {1:g}–{2:g})")),
}


def _percent(p: float) -> float:
    return round(100 * p, 1)


def recipe_words(name: str) -> tuple[str, str]:
    """The augmentation recipe ``name`` in words: (one line for the caption, details for its tooltip)."""
    try:
        recipe = augment.get_recipe(name or "none")
    except ValueError:
        return QCoreApplication.translate("DataPanel", "Augmentation: {0} (unknown to this version)").format(name), ""
    if recipe.is_identity:
        return (QCoreApplication.translate("DataPanel", "Not augmented: the images exactly as they are in the data set"),
                QCoreApplication.translate("DataPanel", "The run trains on the images as they are (the Augment box in the training controls)."))
    used: list[tuple[str, tuple]] = []
    if recipe.rotate_deg:
        used.append(("rotation", (recipe.rotate_deg,)))
    if recipe.scale != (1.0, 1.0):
        used.append(("scale", recipe.scale))
    if recipe.aspect != 1.0:
        used.append(("aspect", (recipe.aspect,)))
    if recipe.shear_deg:
        used.append(("shear", (recipe.shear_deg,)))
    if recipe.translate_px:
        used.append(("shift", (recipe.translate_px,)))
    if recipe.elastic_p and recipe.elastic_px:
        used.append(("elastic", (_percent(recipe.elastic_p), recipe.elastic_px)))
    if recipe.thin_p and recipe.thin_px:
        used.append(("thin", (_percent(recipe.thin_p), recipe.thin_px)))
    if recipe.thick_p and recipe.thick_px:
        used.append(("thick", (_percent(recipe.thick_p), recipe.thick_px)))
    if recipe.lowres_p:
        used.append(("lowres", (_percent(recipe.lowres_p),)))
    if recipe.blur_p:
        used.append(("blur", (_percent(recipe.blur_p),)))
    if recipe.contrast_p and (recipe.ink != (1.0, 1.0) or recipe.gamma != (1.0, 1.0)):
        used.append(("contrast", (_percent(recipe.contrast_p), *recipe.ink)))
    words = QCoreApplication.translate("DataPanel", ", ").join(_tr(_WORDS[key][0]) for key, _ in used)
    line = QCoreApplication.translate("DataPanel", "Augmented ({0}): {1}").format(recipe.name, words)
    if recipe.clean_p:
        line += QCoreApplication.translate("DataPanel", "; {0:g} % left as they are").format(_percent(recipe.clean_p))
    details = [_tr(_WORDS[key][1]).format(*numbers) for key, numbers in used]
    tip = QCoreApplication.translate("DataPanel", "Each image of the batch is changed at random, anew every step:") + "<br>• " + "<br>• ".join(details)
    return line, tip


class DataPanel(Panel):
    panel_id = "data"
    placement = "tabbed"
    title = QT_TRANSLATE_NOOP("Panel", "Data")
    help_text = QT_TRANSLATE_NOOP(
        "Panel",
        "<b>What the model trains on, right now.</b> A training step does not look at the whole "
        "training set: it takes a <i>batch</i> (50 or 100 images, drawn at random) and nudges the "
        "weights so that the model does a little better on those. This panel shows the batch of the "
        "latest step (its first 64 images), each with the label the model is taught for it, "
        "exactly as the model saw it.<br>"
        "With <i>Augment</i> on (the training controls), every image is changed at random before the "
        "model sees it: turned, squashed, slanted, shifted, warped, drawn with a thinner or thicker "
        "pen, blurred or scanned at a low resolution. The model then meets digits written the way "
        "other people write them, not only MNIST's tidy ones, and learns to read a drawing on the "
        "canvas better; a new variation is drawn every step, so it never sees the same image twice.<br>"
        "Watch for: how varied the digits are; labels a person would doubt (MNIST has a few); and, "
        "with augmentation, whether a digit is still recognisable: if you cannot read it, the "
        "augmentation is too strong. <b>Hold</b> keeps one batch on screen; clicking an image makes it "
        "the probe, so that the feature maps and the prediction show what the network does with it.<br>"
        "The batch shows while a run trains, and the last one stays while that run is shown: the shipped "
        "models, checkpoints and recordings do not keep the batches they were trained on.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The weights shown (core.state.Weights) or None.
        self.weights = None
        #: The run the batch kept belongs to (the shown live weights' config, by identity).
        self._batch_run = None
        #: The newest batch received: dict of the part's arrays plus "step"; None when none is kept.
        self.batch: dict | None = None
        #: The batch drawn (what is on screen), or None when the placeholder is shown.
        self.shown: dict | None = None
        #: The probe chosen here: (training-set index, label, step), highlighted while its batch shows.
        self.probe: tuple[int, int, int] | None = None
        self._probe_image: np.ndarray | None = None  # its pixels (what the probe's input must be)
        self._probe_current = False  # True while the probe is still that image (not one chosen elsewhere)
        self._last_drawn = -1e9
        self._draw_timer = QTimer(self, singleShot=True)
        self._draw_timer.timeout.connect(self._draw_pending)

        self.hold = QToolButton()
        self.hold.setText(self.tr("Hold"))
        self.hold.setCheckable(True)
        self.hold.setToolTip(self.tr("Keep this batch on screen while training goes on"))
        self.hold.toggled.connect(self._on_hold_toggled)
        self.caption = QLabel("")
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.hold)
        top.addWidget(self.caption, 1)
        top.addWidget(info_button(self.help_text, self))

        self.mosaic = MosaicView("", colormap=GREY, columns=8, colorbar=False, enlarge_on_click=False,
                                 label_band=LABEL_BAND, gap=GAP, symmetric=False)
        self.mosaic.tile_clicked.connect(self._on_tile_clicked)
        self._probe_box = QGraphicsRectItem()
        self._probe_box.setPen(QPen(PROBE_COLOUR, 0))  # cosmetic: one pixel on screen, whatever the zoom
        self._probe_box.setZValue(10)
        self._probe_box.hide()
        self.mosaic.view.addItem(self._probe_box, ignoreBounds=True)
        self.placeholder = QLabel("")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMargin(12)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.mosaic)

        self.recipe_label = QLabel("")
        self.recipe_label.setWordWrap(True)
        self.probe_label = QLabel("")
        self.probe_label.setWordWrap(True)
        self.probe_label.setVisible(False)  # until a probe is chosen here (the tiles' tooltips say how)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.recipe_label)
        layout.addWidget(self.probe_label)
        self._show_placeholder()

    # =================================================================== needs
    def parts(self, model: str) -> set[str]:
        """The batch while a run trains, unless the panel holds one (the hub asks visible panels only)."""
        return {BATCH_PART} if self._training() and not self.hold.isChecked() else set()

    def _training(self) -> bool:
        """True while the weights shown are those of a run in progress (only such a run has batches)."""
        return self._run_of(self.weights) is not None and not self.weights.frozen

    def _on_hold_toggled(self, held: bool) -> None:
        self.hold.setToolTip(self.tr("Held: the batch of step {0:,} stays on screen; press again to follow "
                                     "the training").format(self.shown["step"]) if held and self.shown else
                             self.tr("Keep this batch on screen while training goes on"))
        self.parts_changed.emit()
        if not held:
            self._draw_pending()

    # ================================================================== events
    def on_weights_shown(self, weights) -> None:
        training = self._training()
        self.weights = weights
        if self._training() != training:
            self.parts_changed.emit()
        run = self._run_of(weights)
        if run is None or run is not self._batch_run:
            # (A RunStarted is no sign of a new run: a replay sends its recording's. A new run, or
            # the run after Reset weights, is a new live Weights with a config of its own.)
            if run is not None:  # a run of its own (a new one): the batch kept is another's
                self._forget_batch()
                if self.hold.isChecked():
                    self.hold.setChecked(False)  # what was held belongs to the run before
            self._show_placeholder()
            if run is None:
                return
        self._update_recipe()
        if self.batch is not None:
            self._draw(self.batch if not self.hold.isChecked() or self.shown is None else self.shown)

    def on_snapshot(self, event: ev.Snapshot) -> None:
        arrays = event.arrays
        if "input" in arrays and self.probe is not None:  # the probe's picture (for another panel)
            self._follow_probe(np.asarray(arrays["input"]))
        if "batch/images" not in arrays:
            return
        run = self._run_of(self.weights)
        if run is None:
            return  # a batch with no run in view (cannot happen: only a training run sends it)
        step = int(arrays["batch/step"]) if "batch/step" in arrays else int(event.step)
        if self.batch is not None and self._batch_run is run and step == self.batch["step"]:
            return  # the same batch again (a snapshot for another panel's sake)
        self._batch_run = run
        self.batch = {"images": np.asarray(arrays["batch/images"]), "labels": np.asarray(arrays["batch/labels"]),
                      "indices": np.asarray(arrays.get("batch/indices", np.full(len(arrays["batch/labels"]), -1))),
                      "step": step}
        if not self.hold.isChecked():
            self._schedule_draw()

    def on_finished(self, event: ev.Finished) -> None:
        """The run ended: its last batch received is drawn now (unless held)."""
        if not self.hold.isChecked():
            self._draw_pending()

    def set_class_names(self, names, short_names=None, dataset: str = "mnist") -> None:
        super().set_class_names(names, short_names, dataset)
        if self.shown is not None:
            self._draw(self.shown)

    def shutdown(self) -> None:
        self._draw_timer.stop()

    # ================================================================ drawing
    @staticmethod
    def _run_of(weights):
        """The run (its config object) whose batches may be shown with ``weights``, or None."""
        if weights is None or getattr(weights, "origin", None) != "live":
            return None
        return weights.config if weights.config is not None else weights

    def _forget_batch(self) -> None:
        self._draw_timer.stop()
        self.batch = self.shown = None
        self._batch_run = None
        self._probe_box.hide()  # (the probe stays: the worker keeps it for the next run)

    def _schedule_draw(self) -> None:
        wait = SHOW_INTERVAL_S - (time.monotonic() - self._last_drawn)
        if wait <= 0:
            self._draw_pending()
        elif not self._draw_timer.isActive():
            self._draw_timer.start(int(wait * 1000) + 1)

    def _draw_pending(self) -> None:
        self._draw_timer.stop()
        if self.batch is not None and self.batch is not self.shown and self._run_of(self.weights) is self._batch_run:
            self._draw(self.batch)

    def _batch_size(self) -> int | None:
        config = getattr(self.weights, "config", None)
        size = getattr(config, "batch_size", None)
        return int(size) if size else None

    def _draw(self, batch: dict, reschedule: bool = True) -> None:
        if reschedule:
            self._last_drawn = time.monotonic()
        self.shown = batch
        images, labels, indices, step = batch["images"], batch["labels"], batch["indices"], batch["step"]
        names = self.short_class_names
        text = [names[int(k)] if 0 <= int(k) < len(names) else str(int(k)) for k in labels]
        long_names = self.class_names

        def describe(k: int) -> str:
            label = int(labels[k])
            name = long_names[label] if 0 <= label < len(long_names) else str(label)
            return self.tr("training image #{0:,}, label {1}, as trained on at step {2:,}\nclick: make it the "
                           "probe").format(int(indices[k]), name, step)

        self.mosaic.set_tiles(images.astype(np.float32) / 255.0, levels=(0.0, 1.0), labels=text, describe=describe,
                              columns=self._columns(len(labels)))
        self.stack.setCurrentWidget(self.mosaic)
        self.hold.setEnabled(True)
        size = self._batch_size()
        count = len(labels)
        if size is None or size == count:
            shown = self.tr("the batch's {0} images").format(count)
        else:
            shown = self.tr("{0} of the batch's {1} images").format(count, size)
        self.caption.setText(self.tr("Step {0:,} · {1}, as the model saw them (click one to make it the probe)").format(step, shown))
        self.caption.setToolTip(self.caption.text())
        self._place_probe_box()

    def _columns(self, count: int) -> int:
        """The tiles to a row that draw ``count`` tiles largest in the mosaic's place now."""
        width, height = max(self.stack.width(), 1), max(self.stack.height(), 1)
        pitch_x, pitch_y = 28 + GAP, 28 + GAP + LABEL_BAND

        def scale(columns: int) -> float:
            columns = min(columns, count) or 1
            rows = -(-count // columns)
            return min(width / (columns * pitch_x), height / (rows * pitch_y))

        return max(COLUMN_CHOICES, key=scale)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.shown is not None and self.mosaic.layout_info is not None \
                and self._columns(len(self.shown["labels"])) != self.mosaic.layout_info.columns:
            self._draw(self.shown, reschedule=False)

    def _show_placeholder(self) -> None:
        self.shown = None
        self.caption.setText("")
        self.stack.setCurrentWidget(self.placeholder)
        self.hold.setEnabled(self.hold.isChecked())  # (a batch held stays releasable)
        self.placeholder.setText(self._placeholder_text())
        self._probe_box.hide()
        self._update_recipe()

    def _placeholder_text(self) -> str:
        weights = self.weights
        origin = getattr(weights, "origin", None)
        later = self.tr("The training batch shows here while a run trains (press Start).")
        if origin == "shipped":
            return self.tr("The shipped model is shown: the batches it was trained on are not kept. {0}").format(later)
        if origin == "checkpoint":
            return self.tr("A saved model is shown: a checkpoint does not keep the batches it was trained on. "
                           "{0}").format(later)
        if origin == "replay":
            return self.tr("A recording is shown: recordings do not keep training batches. {0}").format(later)
        if origin == "live":
            if not weights.frozen:
                return self.tr("Waiting for the first batch of this run...")
            return self.tr("This run ended while the panel was hidden: its batches were not kept. {0}").format(later)
        return later

    def _update_recipe(self) -> None:
        config = getattr(self.weights, "config", None) if self._run_of(self.weights) is not None else None
        if config is None:
            self.recipe_label.setText("")
            self.recipe_label.setToolTip("")
            self.recipe_label.setVisible(False)
            return
        line, tip = recipe_words(getattr(config, "augment", "none"))
        self.recipe_label.setText(line)
        self.recipe_label.setToolTip(tip)
        self.recipe_label.setVisible(True)

    # ================================================================= probe
    def _on_tile_clicked(self, k: int) -> None:
        """Image ``k`` of the batch on screen becomes the probe (its pixels, as trained on)."""
        batch = self.shown
        if batch is None or not 0 <= k < len(batch["labels"]):
            return
        image = batch["images"][k].astype(np.float32) / 255.0
        label, index = int(batch["labels"][k]), int(batch["indices"][k])
        self.probe, self._probe_image, self._probe_current = (index, label, batch["step"]), image, True
        self._show_probe_line()
        self._place_probe_box()
        self.labelled_probe_requested.emit(image, label)

    def _follow_probe(self, shown_input: np.ndarray) -> None:
        """The snapshot's probe is ``shown_input``: is it still the image chosen here?"""
        ours = shown_input.size == self._probe_image.size and np.allclose(
            shown_input.reshape(self._probe_image.shape), self._probe_image, atol=1e-6)
        if ours != self._probe_current:
            self._probe_current = ours
            self._show_probe_line()
            self._place_probe_box()

    def _show_probe_line(self) -> None:
        if self.probe is None or not self._probe_current:
            self.probe_label.setVisible(False)
            return
        index, label, step = self.probe
        names = self.class_names
        name = names[label] if 0 <= label < len(names) else str(label)
        self.probe_label.setText(self.tr("Probe: training image #{0:,}, label {1}, as trained on at step {2:,}: "
                                         "the feature maps and the prediction show it").format(index, name, step))
        self.probe_label.setVisible(True)

    def _place_probe_box(self) -> None:
        """Frame the probe's tile while the batch it came from is on screen."""
        layout, batch, probe = self.mosaic.layout_info, self.shown, self.probe
        if layout is None or batch is None or probe is None or not self._probe_current or batch["step"] != probe[2]:
            self._probe_box.hide()
            return
        matches = np.flatnonzero(batch["indices"] == probe[0])
        if not len(matches):
            self._probe_box.hide()
            return
        top, left = layout.tile_origin(int(matches[0]))
        self._probe_box.setRect(QRectF(left - 0.5, top - 0.5, layout.tile_width + 1, layout.tile_height + 1))
        self._probe_box.show()


PANEL = DataPanel
