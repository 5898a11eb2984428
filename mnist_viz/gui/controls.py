"""The control panel: which model, how to train it, and the buttons that run it.

The panel edits one :class:`~mnist_viz.core.training.TrainConfig`. Choosing a preset fills
every field with the preset's values; editing a field afterwards turns the preset into
"custom" (settings the panel does not show, such as the loss reduction and the learning
rate schedule, stay those of the last preset). While a run exists, everything that
cannot change mid-run is disabled; the learning rate and the speed (steps a second, so that
a person can watch) stay editable and are applied live.

The buttons are bound to the window's actions, so their text, enabled state and
shortcuts are those of the Training menu.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QValidator
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout, QLabel, QSizePolicy,
                               QSpinBox, QToolButton, QVBoxLayout, QWidget)

from ..core import arch, networks
from ..core.datasets import DATASETS, DEFAULT_DATASET
from ..core.config import (AUGMENTATIONS, DEFAULT_PRESET, DEVICES, INIT_CHOICES, MODEL_CHOICES, OPTIMIZERS,
                           PRECISIONS, PRESETS, TrainConfig)
from ..core.pace import PACE_CHOICES
from .widgets.arch_editor import ArchEditor

CUSTOM = "custom"
#: The model box's entry for an architecture of the user's own (edited in the network editor).
OWN_NETWORK = "own"
#: What the network editor's preset box offers.
NETWORK_PRESETS = {QT_TRANSLATE_NOOP("ControlPanel", "softmax"): arch.SOFTMAX,
                   QT_TRANSLATE_NOOP("ControlPanel", "tutorial CNN"): arch.TUTORIAL_CNN}
# The labels are translated where the combo boxes are filled (context "ControlPanel").
MODEL_LABELS = {"softmax": QT_TRANSLATE_NOOP("ControlPanel", "Softmax regression"),
                "cnn": QT_TRANSLATE_NOOP("ControlPanel", "Convolutional network"),
                OWN_NETWORK: QT_TRANSLATE_NOOP("ControlPanel", "Your own network")}
OPTIMIZER_LABELS = {"sgd": QT_TRANSLATE_NOOP("ControlPanel", "Gradient descent"),
                    "momentum": QT_TRANSLATE_NOOP("ControlPanel", "Momentum (Nesterov)"), "adam": "Adam",
                    "adamw": "AdamW"}
INIT_LABELS = {"tutorial": QT_TRANSLATE_NOOP("ControlPanel", "As in the tutorial"),
               "zeros": QT_TRANSLATE_NOOP("ControlPanel", "All zeros"),
               "kaiming": QT_TRANSLATE_NOOP("ControlPanel", "He (Kaiming)"),
               "constant": QT_TRANSLATE_NOOP("ControlPanel", "All equal (constant)")}
PRECISION_LABELS = {"fp32": QT_TRANSLATE_NOOP("ControlPanel", "fp32 (full precision)"),
                    "bf16": QT_TRANSLATE_NOOP("ControlPanel", "bf16 (mixed precision)"),
                    "auto": QT_TRANSLATE_NOOP("ControlPanel", "Auto (bf16 where native)")}
AUGMENT_LABELS = {"none": QT_TRANSLATE_NOOP("ControlPanel", "None (as the tutorials)"),
                  "canvas": QT_TRANSLATE_NOOP("ControlPanel", "For handwriting (strong)"),
                  "canvas-light": QT_TRANSLATE_NOOP("ControlPanel", "For handwriting (light)")}
PACE_FASTEST = QT_TRANSLATE_NOOP("ControlPanel", "As fast as possible")
PACE_LABEL = QT_TRANSLATE_NOOP("ControlPanel", "{0} steps a second")
#: The fields of TrainConfig that the panel shows (the rest come from the last preset).
SHOWN_FIELDS = ("model", "optimizer", "learning_rate", "batch_size", "steps", "eval_every", "keep_prob",
                "init", "seed", "device", "precision", "augment")


#: What the device box offers before torch is loaded (the window is built first).
ALWAYS_AVAILABLE_DEVICES = ("auto", "cpu")


def available_devices() -> list[str]:
    """``auto`` and ``cpu``, plus the accelerators this machine has (imports torch)."""
    import torch

    devices = list(ALWAYS_AVAILABLE_DEVICES)
    if torch.cuda.is_available():
        devices.append("cuda")
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        devices.append("mps")
    return [d for d in DEVICES if d in devices]


class LogSpinBox(QDoubleSpinBox):
    """A spin box for quantities spanning decades (learning rates): ``1e-4`` or ``0.01``.

    The arrows multiply or divide by 10^0.1 (ten steps a decade), rounded to two
    significant digits, instead of adding a fixed amount.
    """

    def __init__(self, minimum: float = 1e-7, maximum: float = 10.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(12)
        self.setRange(minimum, maximum)
        self.setKeyboardTracking(False)  # apply when typing is done, not at every key
        self.setAccelerated(True)

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt's name)
        return f"{value:.3g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        stripped = text.strip()
        try:
            value = float(stripped)
        except ValueError:
            # Allow the intermediate states of typing a number such as "1e-" or "0."
            allowed = set("0123456789.eE-+")
            state = (QValidator.State.Intermediate if stripped == "" or set(stripped) <= allowed
                     else QValidator.State.Invalid)
            return state, text, pos
        if math.isfinite(value) and self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:  # noqa: N802
        value = self.value() * 10 ** (steps / 10)
        digits = 1 - int(math.floor(math.log10(value)))
        self.setValue(min(self.maximum(), max(self.minimum(), round(value, digits))))


def _combo(items: dict[str, str] | list[str]) -> QComboBox:
    combo = QComboBox()
    # Narrow by default (the popup still shows whole names), so the panel fits small screens.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    pairs = items.items() if isinstance(items, dict) else ((item, item) for item in items)
    for data, label in pairs:
        combo.addItem(QCoreApplication.translate("ControlPanel", label), data)
    return combo


def _select(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


class ControlPanel(QWidget):
    """Edits the training configuration; holds the run buttons."""

    #: The chosen model changed (before a run starts): the window shows and hides panels.
    model_changed = Signal(str)
    #: The user chose another data set (its key): the window loads it.
    dataset_changed = Signal(str)
    #: The learning rate was edited (applied live while a run exists).
    learning_rate_changed = Signal(float)
    #: The L2 penalty edited (0: none), live during a run.
    l2_changed = Signal(float)
    #: Any field changed.
    config_changed = Signal()
    #: The speed was chosen: steps a second at most (float), or None for as fast as possible.
    #: Applied live; never locked during a run.
    pace_changed = Signal(object)

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = PRESETS[DEFAULT_PRESET["softmax"]]
        self._updating = False
        self._shown_model = self._base.model

        # The data set sits above the model: it is what the model learns, chosen before the how.
        self.dataset = _combo({key: info.name for key, info in DATASETS.items()})
        self.dataset.setToolTip(self.tr("What to learn: MNIST's hand-written digits, Fashion-MNIST's clothes "
                                        "(harder), or KMNIST's cursive hiragana.\nAll three are 28×28 greyscale "
                                        "images in ten classes, 60,000 to train on and 10,000 to test with."))
        self.model = _combo({name: MODEL_LABELS.get(name, name) for name in (*MODEL_CHOICES, OWN_NETWORK)})
        self.network = ArchEditor()
        self.network.set_presets({self.tr(name): text for name, text in NETWORK_PRESETS.items()})
        self.network.set_expanded(False)  # the line, the totals and any error; the table on demand
        self.network.setToolTip(self.tr("The network's layers: edit them, or type the whole line"))
        self.model.setToolTip(self.tr("Softmax regression: 'MNIST For ML Beginners', one layer of 7,850 weights.\n"
                                      "Convolutional network: 'Deep MNIST for Experts', two conv-pool layers, "
                                      "1024 ReLUs, dropout."))
        self.preset = _combo([*PRESETS, CUSTOM])
        self.preset.setToolTip(self.tr("Named settings; the tutorial presets reproduce the TensorFlow tutorials."))
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        self.preset_note.setEnabled(False)  # drawn greyed: a note, not a control
        self.learning_rate = LogSpinBox()
        self.learning_rate.setToolTip(self.tr("Step size of the optimiser. Can be changed while training runs: "
                                              "type a number such as 1e-4, or use the arrows (10 steps a decade)."))
        self.l2 = LogSpinBox(minimum=1e-7, maximum=1.0)
        self.l2.setSpecialValueText(self.tr("none"))  # the minimum stands for 0
        self.l2.setToolTip(self.tr("L2 penalty on the weights (not the biases), added to the loss as "
                                   "l2 × Σw²/2, for any optimiser: it pulls the weights towards 0. Can be "
                                   "changed while training runs; the loss curve shows the cross-entropy alone."))
        self.optimizer = _combo({name: OPTIMIZER_LABELS.get(name, name) for name in OPTIMIZERS})
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 10_000)
        self.batch_size.setToolTip(self.tr("Training examples per step (next_batch(n) in the tutorials)."))
        self.steps = QSpinBox()
        self.steps.setRange(1, 10_000_000)
        self.steps.setGroupSeparatorShown(True)
        self.steps.setToolTip(self.tr("Optimisation steps in the run."))
        self.eval_every = QSpinBox()
        self.eval_every.setRange(0, 10_000_000)
        self.eval_every.setGroupSeparatorShown(True)
        self.eval_every.setSpecialValueText(self.tr("end only"))
        self.eval_every.setSuffix(self.tr(" steps"))
        self.eval_every.setToolTip(self.tr("Measure accuracy on the test set every this many steps "
                                           "(and at the end)."))
        self.keep_prob = QDoubleSpinBox()
        self.keep_prob.setRange(0.0, 1.0)  # 0: "as written", each dropout layer keeps its own 1 - P
        self.keep_prob.setSpecialValueText(self.tr("as written"))
        self.keep_prob.setSingleStep(0.05)
        self.keep_prob.setDecimals(2)
        self.keep_prob.setToolTip(self.tr("Dropout keep probability of the CNN's 1024-unit layer during training "
                                          "(1 = no dropout). Softmax regression has no dropout."))
        self.init = _combo({name: INIT_LABELS.get(name, name) for name in INIT_CHOICES})
        self.init.setToolTip(self.tr("How the weights start. On the CNN, 'All equal' shows why symmetry must be "
                                     "broken: filters that start equal get equal gradients and stay copies of "
                                     "one another. 'All zeros' fails for another reason: a ReLU at 0 passes no "
                                     "gradient back, so no weight before the output layer ever moves.\n"
                                     "The lesson Help > Lessons > Why small random weights? (also Help > "
                                     "Experiment) trains them side by side on the same batches."))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip(self.tr("Seeds the initial weights, the batch order and dropout: same seed, same run."))
        self.device = _combo(list(ALWAYS_AVAILABLE_DEVICES))  # accelerators: add_devices()
        self.device.setToolTip(self.tr("Where training runs; 'auto' picks a GPU when there is one."))
        self.pace = QComboBox()
        self.pace.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pace.setMinimumContentsLength(10)
        for rate in PACE_CHOICES:
            self.pace.addItem(QCoreApplication.translate("ControlPanel", PACE_FASTEST) if rate is None else
                               QCoreApplication.translate("ControlPanel", PACE_LABEL).format(f"{rate:g}"), rate)
        self.pace.setToolTip(self.tr("How fast training goes: as fast as this computer can, or at most 50, 10 or 2 "
                                     "steps a second, so that you can watch the weights change (softmax's 1,000 "
                                     "steps take about 8 minutes at 2 a second).\nCan be changed while training runs. "
                                     "Step (F10) trains one batch at a time."))
        self.precision = _combo({name: PRECISION_LABELS.get(name, name) for name in PRECISIONS})
        self.precision.setToolTip(self.tr(
            "The number format training computes in. bf16 (mixed precision) runs the convolutions and matrix "
            "products in bfloat16, which has float32's range but fewer digits; the weights, the optimiser and "
            "the loss stay in float32.\nIt is faster only on hardware with native bf16 (CPUs with AVX512-BF16 "
            "or AMX, recent GPUs); elsewhere it is emulated and much slower. 'Auto' uses bf16 only where it is "
            "native.\nThe tutorial presets train in fp32."))

        self.augment = _combo({name: AUGMENT_LABELS.get(name, name) for name in AUGMENTATIONS})
        self.augment.setToolTip(self.tr(
            "Change each training batch a little before the network sees it: rotated, scaled, slanted, moved, "
            "distorted, with thinner or thicker strokes, at a lower resolution, blurred, fainter. The network "
            "then reads handwriting that does not look like MNIST's (your drawings) much better.\n"
            "Strong for the CNN, light for softmax regression (it cannot learn every variation). The test "
            "set and the probe are never changed. The tutorial presets train without it."))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Dat&a set"), self.dataset)
        form.addRow(self.tr("&Model"), self.model)
        form.addRow(self.network)
        form.addRow(self.tr("&Preset"), self.preset)
        form.addRow("", self.preset_note)
        form.addRow(self.tr("&Learning rate"), self.learning_rate)
        form.addRow(self.tr("L&2 penalty"), self.l2)
        form.addRow(self.tr("&Optimiser"), self.optimizer)
        form.addRow(self.tr("&Batch size"), self.batch_size)
        form.addRow(self.tr("S&teps"), self.steps)
        form.addRow(self.tr("Test e&very"), self.eval_every)
        form.addRow(self.tr("&Keep probability"), self.keep_prob)
        form.addRow(self.tr("&Init"), self.init)
        form.addRow(self.tr("See&d"), self.seed)
        form.addRow(self.tr("De&vice"), self.device)
        form.addRow(self.tr("Pre&cision"), self.precision)
        form.addRow(self.tr("A&ugment"), self.augment)
        form.addRow(self.tr("Sp&eed"), self.pace)

        self.buttons: dict[str, QToolButton] = {}
        grid = QGridLayout()
        grid.setSpacing(4)
        order = ("start", "pause", "step", "stop", "reset")
        for index, name in enumerate(order):
            button = QToolButton()
            button.setDefaultAction(actions[name])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setObjectName(f"{name}_button")
            self.buttons[name] = button
            if name == "start":
                grid.addWidget(button, 0, 0, 1, 2)
            else:
                grid.addWidget(button, 1 + (index - 1) // 2, (index - 1) % 2)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(grid)
        layout.addStretch(1)

        self._locked_widgets = (self.dataset, self.model, self.network, self.preset, self.optimizer, self.batch_size, self.steps,
                                self.eval_every, self.keep_prob, self.init, self.seed, self.device, self.precision,
                                self.augment)
        self.set_config(self._base)

        self.model.currentIndexChanged.connect(self._on_model_edited)
        self.network.arch_changed.connect(self._on_network_edited)
        self.dataset.currentIndexChanged.connect(
            lambda: None if self._updating else self.dataset_changed.emit(self.current_dataset()))
        self.preset.currentIndexChanged.connect(self._on_preset_chosen)
        self.learning_rate.valueChanged.connect(self._on_learning_rate_edited)
        self.l2.valueChanged.connect(self._on_l2_edited)
        self.pace.currentIndexChanged.connect(lambda: self.pace_changed.emit(self.current_pace()))
        for combo in (self.optimizer, self.init, self.device, self.precision, self.augment):
            combo.currentIndexChanged.connect(self._on_field_edited)
        for spin in (self.batch_size, self.steps, self.eval_every, self.keep_prob, self.seed):
            spin.valueChanged.connect(self._on_field_edited)

    # ------------------------------------------------------------- the config
    def config(self) -> TrainConfig:
        """The configuration the fields describe (raises ValueError if it is not valid)."""
        preset = self.preset.currentData()
        return self._base.replace(
            model=self.current_model(strict=True), preset=preset, optimizer=self.optimizer.currentData(),
            learning_rate=self.learning_rate.value(), l2=self._l2(), batch_size=self.batch_size.value(),
            steps=self.steps.value(), eval_every=self.eval_every.value(), keep_prob=self._keep_prob(),
            init=self.init.currentData(), seed=self.seed.value(), device=self.device.currentData(),
            precision=self.precision.currentData(), augment=self.augment.currentData(),
            dataset=self.current_dataset())

    def add_devices(self, devices: Sequence[str], wanted: str | None = None) -> None:
        """Offer the accelerators torch found (it is loaded after the window is shown), and
        select ``wanted`` (the saved choice) if it is one of them."""
        for device in DEVICES:
            if device in devices and self.device.findData(device) < 0:
                self.device.addItem(QCoreApplication.translate("ControlPanel", device), device)
        if wanted and self.device.findData(wanted) >= 0 and self.device.isEnabled():
            _select(self.device, wanted)

    def set_config(self, config: TrainConfig) -> None:
        """Show ``config`` in the fields (its preset, when it still matches one)."""
        self._updating = True
        try:
            if config.preset in PRESETS:
                self._base = PRESETS[config.preset]
            else:
                self._base = config
            _select(self.model, config.model if networks.is_tutorial(config.model) else OWN_NETWORK)
            self.network.set_arch(config.arch)
            _select(self.optimizer, config.optimizer)
            self.learning_rate.setValue(config.learning_rate)
            self.l2.setValue(max(config.l2, self.l2.minimum()))
            self.batch_size.setValue(config.batch_size)
            self.steps.setValue(max(1, config.steps))
            self.eval_every.setValue(config.eval_every)
            self.keep_prob.setValue(0.0 if config.keep_prob is None else config.keep_prob)
            _select(self.init, config.init)
            self.seed.setValue(config.seed)
            _select(self.device, config.device if self.device.findData(config.device) >= 0 else "auto")
            _select(self.precision, config.precision)
            _select(self.augment, config.augment)
            # Hidden fields (schedule, loss) come with the config itself.
            self._base = self._base.replace(schedule=config.schedule, loss_reduction=config.loss_reduction)
            _select(self.preset, config.preset if self._matches_preset(config.preset) else CUSTOM)
        finally:
            self._updating = False
        self._update_note()
        self._update_model_specific()
        self.config_changed.emit()
        if self.current_model() != self._shown_model:
            self._shown_model = self.current_model()
            self.model_changed.emit(self._shown_model)

    def _keep_prob(self) -> float | None:
        """The keep probability box: None at its special value ("as written")."""
        value = self.keep_prob.value()
        return None if value <= self.keep_prob.minimum() else value

    def current_pace(self) -> float | None:
        """Steps a second at most, or None (as fast as possible)."""
        return self.pace.currentData()

    def set_pace(self, steps_per_s: float | None) -> None:
        """Show (and emit) the speed closest to ``steps_per_s`` among those offered."""
        rates = [self.pace.itemData(i) for i in range(self.pace.count())]
        if steps_per_s is None:
            self.pace.setCurrentIndex(rates.index(None))
            return
        limited = [(abs(rate - steps_per_s), i) for i, rate in enumerate(rates) if rate is not None]
        self.pace.setCurrentIndex(min(limited)[1])

    def current_model(self, strict: bool = False) -> str:
        """The model identifier chosen: "softmax", "cnn", or the network editor's architecture
        (while the editor's text is not valid: the last valid one; ``strict``: a ValueError of
        one line saying what is wrong)."""
        chosen = self.model.currentData()
        if chosen != OWN_NETWORK:
            return chosen
        text = self.network.arch()
        if text is None:
            if strict:
                raise ValueError(self.network.error)
            return self._shown_model
        return networks.model_id(text, self.current_dataset())

    def select_model(self, model: str) -> None:
        """Show ``model`` (any model identifier) as if the user had chosen it: a tutorial model
        with its tutorial preset, any other architecture in the network editor with the
        playground's settings (nothing changes if it is shown already)."""
        if model == self.current_model():
            return
        device = self.device.currentData()
        if networks.is_tutorial(model):
            self.set_config(PRESETS[DEFAULT_PRESET[model]].replace(device=device))
        else:
            self.set_config(networks.default_config(model, self.current_dataset()).replace(device=device))

    def current_dataset(self) -> str:
        return self.dataset.currentData() or DEFAULT_DATASET

    def set_dataset(self, key: str) -> None:
        """Show data set ``key`` as chosen (without emitting ``dataset_changed``)."""
        self._updating = True
        try:
            _select(self.dataset, key)
        finally:
            self._updating = False

    def set_running(self, running: bool) -> None:
        """Lock what cannot change during a run (the learning rate stays live)."""
        for widget in self._locked_widgets:
            widget.setEnabled(not running)
        self._update_model_specific()

    # ---------------------------------------------------------------- editing
    def _matches_preset(self, name: str) -> bool:
        if name not in PRESETS:
            return False
        preset, shown = PRESETS[name], self._shown_values()
        return all(getattr(preset, field) == shown[field] for field in SHOWN_FIELDS if field != "device") and \
            (preset.schedule, preset.loss_reduction) == (self._base.schedule, self._base.loss_reduction)

    def _shown_values(self) -> dict:
        return {"model": self.current_model(), "optimizer": self.optimizer.currentData(),
                "learning_rate": self.learning_rate.value(), "batch_size": self.batch_size.value(),
                "steps": self.steps.value(), "eval_every": self.eval_every.value(),
                "keep_prob": self._keep_prob(), "init": self.init.currentData(),
                "seed": self.seed.value(), "device": self.device.currentData(),
                "precision": self.precision.currentData(), "augment": self.augment.currentData()}

    def _on_preset_chosen(self) -> None:
        if self._updating:
            return
        name = self.preset.currentData()
        if name in PRESETS:
            self.set_config(PRESETS[name].replace(device=self.device.currentData()))
        else:
            self.config_changed.emit()

    def _on_model_edited(self) -> None:
        if self._updating:
            return
        model = self.model.currentData()
        if model == OWN_NETWORK:
            # The editor opens on the network shown; it becomes the user's own with the first
            # edit (the tutorial texts are the tutorial models, with their presets).
            self.network.set_expanded(True)
            self.network.text.setFocus()
            return
        # A preset belongs to one model: switching the model loads that model's tutorial;
        # set_config emits model_changed.
        self.set_config(PRESETS[DEFAULT_PRESET[model]].replace(device=self.device.currentData()))

    def _on_network_edited(self, text: str) -> None:
        """The user edited the network: the tutorial texts are the tutorial models (their presets);
        any other keeps the shown settings, or takes the playground's when it was a tutorial."""
        if self._updating:
            return
        model = networks.model_id(text, self.current_dataset())
        device = self.device.currentData()
        if networks.is_tutorial(model):
            self.set_config(PRESETS[DEFAULT_PRESET[model]].replace(device=device))
        elif self.model.currentData() == OWN_NETWORK:
            shown = {**self._shown_values(), "model": model, "keep_prob": self._keep_prob()}
            self.set_config(self._base.replace(**shown, preset=CUSTOM, dataset=self.current_dataset()))
        else:
            self.set_config(networks.default_config(model, self.current_dataset()).replace(device=device))

    def _l2(self) -> float:
        """The L2 box: 0 at its special value ("none")."""
        value = self.l2.value()
        return 0.0 if value <= self.l2.minimum() else value

    def _on_l2_edited(self, _value: float) -> None:
        if self._updating:
            return
        self._on_field_edited()
        self.l2_changed.emit(self._l2())

    def _on_learning_rate_edited(self, value: float) -> None:
        if self._updating:
            return
        self._on_field_edited()
        self.learning_rate_changed.emit(value)

    def _on_field_edited(self) -> None:
        if self._updating:
            return
        name = self.preset.currentData()
        if name != CUSTOM and not self._matches_preset(name):
            self._updating = True
            _select(self.preset, CUSTOM)
            self._updating = False
        self.config_changed.emit()

    def _update_note(self) -> None:
        loss = (self.tr("loss summed over the batch") if self._base.loss_reduction == "sum"
                else self.tr("loss averaged over the batch"))
        schedule = (self.tr("constant learning rate") if self._base.schedule == "constant"
                    else self.tr("one-cycle schedule"))
        self.preset_note.setText(self.tr("{0}, {1}").format(loss, schedule))

    def _update_model_specific(self) -> None:
        running = not self.model.isEnabled()
        model = self.current_model()
        dropout = model == "cnn" or (model != "softmax" and "dropout" in networks.network(model).layers)
        self.keep_prob.setEnabled(not running and dropout)
