"""The architecture editor: the playground's network as a table of layers and as one string.

One row per layer: its text (editable: ``conv5x5-32``, ``relu``, ``fc-10``...), the shape it
outputs (C×H×W or N), its parameters and its forward FLOPs per image, in readable units;
under the table the totals. Add (a menu of layer kinds with sensible defaults), Remove, Up
and Down edit the list; the line above the table holds the whole string, and typing there
rebuilds the table (and the other way round). A preset box fills both.

A bad architecture never raises: the line under the table says, in red, what
:func:`mnist_viz.core.arch.describe` says is wrong (one line naming the layer and the
fix), the bad row is marked and the rows after it show "?" for what they would output.
``arch_changed`` is emitted with the canonical text whenever the user makes the
architecture a valid one that differs from the last one emitted: at once for the table,
its buttons and the presets; for the line when typing is done (Return, or the focus
leaves it), not for every valid prefix typed on the way.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QMenu,
                               QSizePolicy, QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout, QWidget)

from ...core import arch
from .labels import wrapping_label

#: What Add offers: (menu text, the layer it inserts).
ADDABLE = (
    (QT_TRANSLATE_NOOP("ArchEditor", "Deskew: straighten, size and centre the digit (first layer only)"), "deskew"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Convolution 5×5, 32 channels"), "conv5x5-32"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Convolution 3×3, 16 channels"), "conv3x3-16"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Max-pool 2×2"), "maxpool-2"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Average-pool 2×2"), "avgpool-2"),
    (QT_TRANSLATE_NOOP("ArchEditor", "ReLU"), "relu"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Sigmoid"), "sigmoid"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Tanh"), "tanh"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Leaky ReLU (slope 0.01)"), "leakyrelu"),
    (QT_TRANSLATE_NOOP("ArchEditor", "GELU"), "gelu"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Batch normalisation"), "bn"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Dropout (drops half)"), "dropout-0.5"),
    (QT_TRANSLATE_NOOP("ArchEditor", "Fully connected, 128 units"), "fc-128"),
)
LAYER, OUTPUT, PARAMETERS, FLOPS = range(4)
UNKNOWN = "?"
#: The table grows with its rows up to this many, then scrolls.
MAX_ROWS_SHOWN = 14
#: An error longer than this (a pasted paragraph echoed back) is cut, whole in its tooltip.
ERROR_SHOWN = 240
ERROR_COLOUR = QColor(200, 30, 30)
BAD_ROW_BRUSH = QBrush(QColor(255, 200, 200))


def readable(count: float, space: str = " ") -> str:
    """3274634 -> '3.27 M', 25088 -> '25.1 k', 832 -> '832': counts in a few characters
    (``space=""`` for a table's narrow column: '3.27M')."""
    count = float(count)
    for limit, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(count) >= limit:
            return f"{count / limit:.3g}{space}{unit}"
    return f"{count:.0f}"


def shape_label(shape) -> str:
    """(32, 28, 28) -> '32×28×28'; (1024,) -> '1024'."""
    return "×".join(str(int(size)) for size in shape)


def tidy(token: str) -> str:
    """A layer the canonical way when it reads as one ("ReLU " -> "relu"), else as typed."""
    try:
        return arch.parse_layer(token).text
    except Exception:  # noqa: BLE001 (shown as typed; the error line says what is wrong)
        return token.strip()


def check(tokens: list[str], input_shape=(1, 28, 28), classes: int = 10):
    """Check the layers ``tokens`` (one text each): (description or None, the one-line error or "",
    the index of the first bad row or None, the LayerInfo of every row known to be good).

    The rows before the bad one are described by the longest prefix that fits (ended with the
    last fc for describe's sake), so that the table can show their shapes while the error stands."""
    layers = []
    try:
        for position, token in enumerate(tokens, 1):
            layers.append(arch.parse_layer(token, position))
        if not tokens:
            arch.parse("")
        description = arch.describe(layers, input_shape=input_shape, classes=classes)
        return description, "", None, list(description.layers)
    except arch.ArchError as err:
        error = str(err)
    except Exception as err:  # noqa: BLE001 (never a traceback in the editor)
        error = f"{type(err).__name__}: {err}"
    closing = arch.Layer("fc", size=classes)
    known: list = []
    for end in range(len(layers) + 1):
        try:
            described = arch.describe([*layers[:end], closing], input_shape=input_shape, classes=classes)
        except Exception:  # noqa: BLE001 (the first layer that does not fit: an ArchError)
            return None, error, end - 1 if end else 0, known
        known = list(described.layers[:end])
    bad = len(layers) if len(layers) < len(tokens) else None  # a layer that does not parse
    return None, error, bad, known


class ArchEditor(QWidget):
    """Edits one architecture: a table of layers, the whole string, presets, totals, errors."""

    #: The user made the architecture a valid one: its canonical text.
    arch_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, input_shape=(1, 28, 28), classes: int = 10) -> None:
        super().__init__(parent)
        self.input_shape, self.classes = tuple(input_shape), classes
        self.description = None
        self.error = ""
        self.bad_row: int | None = None
        self._presets: dict[str, str] = {}
        self._emitted: str | None = None
        self._updating = False

        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setText(self.tr("Layers"))
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip(self.tr("Show or hide the table of layers"))
        self.preset = QComboBox()
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.preset.setMinimumContentsLength(8)
        self.preset.setToolTip(self.tr("Fill the editor with a known network"))
        self.preset.addItem(self.tr("your own"), None)
        self.text = QLineEdit()
        self.text.setPlaceholderText(arch.TUTORIAL_CNN)
        self.text.setToolTip(self.tr(
            "The whole network as one line, layers separated by commas:\nconvKxK-C, maxpool-N, avgpool-N, relu, "
            "sigmoid, tanh, leakyrelu, gelu, bn, dropout-P, fc-N.\nThe last layer is fc with one output per "
            "class (fc-10)."))

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Output"), self.tr("Params"),
                                              self.tr("FLOPs")])
        self.table.horizontalHeaderItem(OUTPUT).setToolTip(self.tr(
            "What the layer hands on, for one image: channels × height × width, or units"))
        self.table.horizontalHeaderItem(PARAMETERS).setToolTip(self.tr("Weights and biases the layer learns"))
        self.table.horizontalHeaderItem(FLOPS).setToolTip(self.tr(
            "Floating-point operations of the layer's forward pass, per image"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LAYER, QHeaderView.ResizeMode.Stretch)
        for column in (OUTPUT, PARAMETERS, FLOPS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(24)
        rows = self.table.verticalHeader()
        rows.hide()  # the layers' names (conv1, relu1...) are in their tooltips: the column needs the room
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        small = self.table.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)  # four columns in the control panel's width
        self.table.setFont(small)
        self.table.horizontalHeader().setFont(small)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.add_button = self._tool_button(self.tr("Add"), self.tr("Insert a layer after the selected one"))
        self.add_menu = QMenu(self)
        for label, layer in ADDABLE:
            action = QAction(f"{QCoreApplication.translate('ArchEditor', label)}  ({layer})", self.add_menu)
            action.setData(layer)
            action.triggered.connect(lambda _checked=False, layer=layer: self.add_layer(layer))
            self.add_menu.addAction(action)
        self.add_button.setMenu(self.add_menu)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.remove_button = self._tool_button(self.tr("Remove"), self.tr("Remove the selected layer"))
        self.up_button = self._tool_button("↑", self.tr("Move the selected layer up"))
        self.down_button = self._tool_button("↓", self.tr("Move the selected layer down"))
        self.totals = wrapping_label()
        self.error_label = wrapping_label()
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR.name()};")
        self.error_label.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toggle)
        top.addWidget(self.preset, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.buttons_row = QWidget()
        self.buttons_row.setLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.text)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons_row)
        layout.addWidget(self.totals)
        layout.addWidget(self.error_label)

        self.toggle.toggled.connect(self.set_expanded)
        self.preset.activated.connect(self._on_preset_chosen)
        # the table follows every key; the network is taken (arch_changed) when typing is done,
        # so that the valid prefixes typed on the way (conv5x5-32,relu,fc-10 of fc-1024...) are not
        self.text.textEdited.connect(lambda text: self._apply(text, source=self.text, edited=False))
        self.text.editingFinished.connect(self._typing_done)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.remove_button.clicked.connect(self.remove_layer)
        self.up_button.clicked.connect(lambda: self.move_layer(-1))
        self.down_button.clicked.connect(lambda: self.move_layer(1))
        self.set_arch(arch.TUTORIAL_CNN)

    def _tool_button(self, text: str, tooltip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tooltip)
        return button

    # ================================================================== API
    def set_arch(self, text: str) -> None:
        """Show architecture ``text`` (valid or not) in the table and the line; emits nothing."""
        self._apply(str(text), source=None, edited=False)
        if self.description is not None:
            self._emitted = self.description.text

    def arch(self) -> str | None:
        """The canonical text of the architecture shown, or None while it is not valid."""
        return self.description.text if self.description is not None else None

    def set_presets(self, presets: dict[str, str]) -> None:
        """Offer ``presets`` (name -> architecture) in the preset box."""
        self._presets = {str(name): arch.canonical(text) for name, text in presets.items()}
        with QSignalBlocker(self.preset):
            self.preset.clear()
            self.preset.addItem(self.tr("your own"), None)
            for name in self._presets:
                self.preset.addItem(name, name)
        self._select_preset()

    def set_expanded(self, expanded: bool) -> None:
        """Show or hide the table and its buttons (the line, totals and errors stay)."""
        with QSignalBlocker(self.toggle):
            self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.table.setVisible(expanded)
        self.buttons_row.setVisible(expanded)

    def layer_texts(self) -> list[str]:
        """The table's layers as written in it, top to bottom."""
        return [self._text_at(row) for row in range(self.table.rowCount())]

    def row_cells(self, row: int) -> tuple[str, str, str, str]:
        """What row ``row`` shows: layer, output, parameters, FLOPs."""
        return tuple(self.table.item(row, column).text() if self.table.item(row, column) else ""
                     for column in range(4))

    # ============================================================ editing
    def add_layer(self, layer: str, row: int | None = None) -> None:
        """Insert ``layer`` after ``row`` (default: the selected row; before the final fc when the
        final fc or nothing is selected, so that the network still ends with it). ``deskew``,
        which works on the image itself, goes first wherever the selection is."""
        count = self.table.rowCount()
        if row is None:
            row = self.table.currentRow()
        at = row + 1 if 0 <= row < count - 1 else max(0, count - 1)
        texts = self.layer_texts()
        if layer == "deskew":
            at = 0
        texts.insert(at, layer)
        self._edit_rows(texts, at)

    def remove_layer(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < self.table.rowCount():
            return
        texts = self.layer_texts()
        del texts[row]
        self._edit_rows(texts, min(row, len(texts) - 1))

    def move_layer(self, offset: int) -> None:
        row = self.table.currentRow()
        other = row + offset
        if not (0 <= row < self.table.rowCount() and 0 <= other < self.table.rowCount()):
            return
        texts = self.layer_texts()
        texts[row], texts[other] = texts[other], texts[row]
        self._edit_rows(texts, other)

    def _edit_rows(self, texts: list[str], current: int) -> None:
        self._apply(",".join(texts), source=None, edited=True, tokens=texts)
        if 0 <= current < self.table.rowCount():
            self.table.setCurrentCell(current, LAYER)
        self._update_buttons()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating or item.column() != LAYER:
            return
        texts = self.layer_texts()
        texts[item.row()] = tidy(item.text())  # a layer that reads well is written the canonical way at once
        self._apply(",".join(texts), source=self.table, edited=True, tokens=texts)

    def _on_preset_chosen(self, index: int) -> None:
        name = self.preset.itemData(index)
        if name in self._presets:
            self._apply(self._presets[name], source=None, edited=True)

    def _typing_done(self) -> None:
        """Return or focus gone: a valid string is shown in its canonical form, and taken."""
        if self.description is None:
            return
        if self.text.text() != self.description.text:
            with QSignalBlocker(self.text):
                self.text.setText(self.description.text)
        self._emit_if_new()

    def _emit_if_new(self) -> None:
        if self.description is not None and self.description.text != self._emitted:
            self._emitted = self.description.text
            self.arch_changed.emit(self.description.text)

    # ============================================================= the check
    def _apply(self, text: str, source, edited: bool, tokens: list[str] | None = None) -> None:
        """Check ``text`` and show it everywhere but in ``source`` (where the user is typing)."""
        if tokens is None:
            tokens = [token.strip() for token in text.split(",")] if text.strip() else []
        description, error, bad, known = check(tokens, self.input_shape, self.classes)
        self.description, self.error, self.bad_row = description, error, bad
        self._updating = True
        try:
            if source is not self.text:
                with QSignalBlocker(self.text):
                    self.text.setText(description.text if description is not None else ",".join(tokens))
                    self.text.setCursorPosition(0)  # the network's start in view
            self._fill_rows([tidy(token) for token in tokens])
            self._show_info(known)
        finally:
            self._updating = False
        self._show_totals()
        self._select_preset()
        self._update_buttons()
        if edited:
            self._emit_if_new()

    def _fill_rows(self, tokens: list[str]) -> None:
        with QSignalBlocker(self.table):
            current = self.table.currentRow()
            self.table.setRowCount(len(tokens))
            for row, token in enumerate(tokens):
                item = self.table.item(row, LAYER)
                if item is None:
                    self.table.setItem(row, LAYER, QTableWidgetItem(token))
                else:
                    item.setText(token)
                for column in (OUTPUT, PARAMETERS, FLOPS):
                    if self.table.item(row, column) is None:
                        cell = QTableWidgetItem()
                        cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        alignment = Qt.AlignmentFlag.AlignRight if column != OUTPUT else Qt.AlignmentFlag.AlignLeft
                        cell.setTextAlignment(alignment | Qt.AlignmentFlag.AlignVCenter)
                        self.table.setItem(row, column, cell)
            if 0 <= current < len(tokens):
                self.table.setCurrentCell(current, LAYER)

    def _show_info(self, known: list) -> None:
        names = []
        with QSignalBlocker(self.table):
            for row in range(self.table.rowCount()):
                info = known[row] if row < len(known) else None
                cells = ((shape_label(info.out_shape), readable(info.params, ""), readable(info.flops, ""))
                         if info is not None else (UNKNOWN, UNKNOWN, UNKNOWN))
                tips = ((self.tr("{0} parameters").format(f"{info.params:,}"),
                         self.tr("{0} FLOPs per image").format(f"{info.flops:,}"))
                        if info is not None else ("", ""))
                for column, value in zip((OUTPUT, PARAMETERS, FLOPS), cells):
                    self.table.item(row, column).setText(value)
                self.table.item(row, PARAMETERS).setToolTip(tips[0])
                self.table.item(row, FLOPS).setToolTip(tips[1])
                bad = row == self.bad_row
                layer_item = self.table.item(row, LAYER)
                layer_item.setBackground(BAD_ROW_BRUSH if bad else QBrush())
                layer_item.setToolTip(self.error if bad else
                                      (f"{info.name}: {info.text}" if info is not None else ""))
                names.append(info.name if info is not None else str(row + 1))
        self.table.setVerticalHeaderLabels(names)  # hidden, but read by screen readers
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows (up to MAX_ROWS_SHOWN): the control panel scrolls, not the table."""
        rows = max(3, min(self.table.rowCount(), MAX_ROWS_SHOWN))
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                  + rows * self.table.verticalHeader().defaultSectionSize() + frame)

    def _show_totals(self) -> None:
        if self.description is not None:
            self.totals.setText(self.tr("Total: {0} parameters, {1} FLOPs per image").format(
                readable(self.description.params), readable(self.description.flops)))
            self.totals.setToolTip(self.tr("{0} parameters, {1} forward FLOPs per image").format(
                f"{self.description.params:,}", f"{self.description.flops:,}"))
            self.error_label.hide()
            self.error_label.setText("")
        else:
            self.totals.setText(self.tr("Total: unknown until the architecture is valid"))
            self.totals.setToolTip("")
            shown = self.error if len(self.error) <= ERROR_SHOWN else self.error[:ERROR_SHOWN - 1] + "…"
            self.error_label.setText(shown)
            self.error_label.setToolTip(self.error)
            self.error_label.show()

    def _select_preset(self) -> None:
        shown = self.arch()
        name = next((name for name, text in self._presets.items() if text == shown), None)
        with QSignalBlocker(self.preset):
            self.preset.setCurrentIndex(max(0, self.preset.findData(name)) if name else 0)

    def _update_buttons(self) -> None:
        row, count = self.table.currentRow(), self.table.rowCount()
        selected = 0 <= row < count
        self.remove_button.setEnabled(selected)
        self.up_button.setEnabled(selected and row > 0)
        self.down_button.setEnabled(selected and row < count - 1)

    def _text_at(self, row: int) -> str:
        item = self.table.item(row, LAYER)
        return item.text().strip() if item is not None else ""
