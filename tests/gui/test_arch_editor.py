"""The architecture editor (issue 15, item 3): a table of layers and the whole string, kept in
step whichever the user edits; each layer's output shape, parameters and FLOPs as
core.arch.describe computes them; a bad architecture explained in one red line, the rows
after the bad layer unknown, and nothing emitted; presets fill it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mnist_viz.core import arch
from mnist_viz.gui.widgets.arch_editor import ArchEditor, readable, shape_label


@pytest.fixture
def editor(qtbot):
    widget = ArchEditor()
    qtbot.addWidget(widget)
    widget.resize(250, widget.sizeHint().height())  # the control panel's column at 1366x768
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def type_string(qtbot, editor: ArchEditor, text: str) -> None:
    """Replace the whole string as a user does: select all, type."""
    editor.text.setFocus()
    editor.text.selectAll()
    qtbot.keyClick(editor.text, Qt.Key.Key_Backspace)
    if text.isascii() and text.isprintable():
        qtbot.keyClicks(editor.text, text)
    else:  # QTest cannot type these: paste them
        editor.text.insert(text)
        editor.text.textEdited.emit(editor.text.text())


def test_the_table_and_the_string_stay_in_step(qtbot, editor):
    type_string(qtbot, editor, "conv3x3-8, ReLU, maxpool-2, fc-10")
    assert editor.layer_texts() == ["conv3x3-8", "relu", "maxpool-2", "fc-10"]
    assert editor.arch() == "conv3x3-8,relu,maxpool-2,fc-10"

    # a layer edited in the table rewrites the string (in canonical form)
    with qtbot.waitSignal(editor.arch_changed) as changed:
        editor.table.item(1, 0).setText("Sigmoid")
    assert changed.args == ["conv3x3-8,sigmoid,maxpool-2,fc-10"]
    assert editor.text.text() == "conv3x3-8,sigmoid,maxpool-2,fc-10"
    assert editor.layer_texts()[1] == "sigmoid"

    # Add (after the selected row), Up, Down, Remove: the string follows each
    editor.table.setCurrentCell(0, 0)
    editor.add_layer("bn")
    assert editor.text.text() == "conv3x3-8,bn,sigmoid,maxpool-2,fc-10"
    editor.up_button.click()
    assert editor.text.text() == "bn,conv3x3-8,sigmoid,maxpool-2,fc-10"
    editor.down_button.click()
    editor.down_button.click()
    assert editor.text.text() == "conv3x3-8,sigmoid,bn,maxpool-2,fc-10"
    assert editor.table.currentRow() == 2
    editor.remove_button.click()
    assert editor.text.text() == "conv3x3-8,sigmoid,maxpool-2,fc-10"
    # with the final fc selected, Add inserts before it: the network still ends with fc-10
    editor.table.setCurrentCell(editor.table.rowCount() - 1, 0)
    editor.add_menu.actions()[[a.data() for a in editor.add_menu.actions()].index("dropout-0.5")].trigger()
    assert editor.arch() == "conv3x3-8,sigmoid,maxpool-2,dropout-0.5,fc-10"


def test_the_tutorial_cnn_shows_the_shapes_parameters_and_flops_describe_computes(editor):
    editor.set_arch(arch.TUTORIAL_CNN)
    description = arch.describe(arch.TUTORIAL_CNN)
    assert editor.table.rowCount() == len(description.layers) == 10
    for row, info in enumerate(description.layers):
        assert editor.row_cells(row) == (info.text, shape_label(info.out_shape), readable(info.params, ""),
                                         readable(info.flops, ""))
    # what a reader of the tutorial can check by hand
    assert editor.row_cells(0)[:3] == ("conv5x5-32", "32×28×28", "832")  # 5*5*32 + 32
    assert editor.row_cells(2)[1] == "32×14×14"
    assert editor.row_cells(5)[1] == "64×7×7"
    assert editor.row_cells(6)[1:3] == ("1024", "3.21M")  # 7*7*64*1024 + 1024 = 3,212,288
    assert editor.row_cells(9)[1] == "10"
    assert f"{readable(description.params)} parameters" in editor.totals.text() == (
        "Total: 3.27 M parameters, 27.8 M FLOPs per image")
    assert editor.error_label.isHidden()
    assert not editor.table.horizontalScrollBar().isVisible()


def test_a_bad_string_shows_the_one_line_error_marks_the_rest_unknown_and_emits_nothing(qtbot, editor):
    editor.set_arch(arch.TUTORIAL_CNN)
    with qtbot.assertNotEmitted(editor.arch_changed):
        type_string(qtbot, editor, "conv5x5-32,relu,fc-1024,conv3x3-8,fc-10")
        qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    assert editor.arch() is None
    error = editor.error_label.text()
    assert editor.error_label.isVisible() and "\n" not in error
    assert "layer 4 'conv3x3-8'" in error and "before the first fc" in error  # which layer, and the fix
    assert error == editor.error
    with pytest.raises(arch.ArchError) as raised:
        arch.describe("conv5x5-32,relu,fc-1024,conv3x3-8,fc-10")
    assert error == str(raised.value)
    assert editor.row_cells(2)[1] == "1024"  # the good layers before it keep their shapes
    assert [editor.row_cells(row)[1:] for row in (3, 4)] == [("?", "?", "?")] * 2
    assert "unknown" in editor.totals.text()


@pytest.mark.parametrize("text", [
    "", ",", "conv", "fc-10,", "maxpool-2,maxpool-2,maxpool-2,maxpool-2,maxpool-2,fc-10", "relu",
    "x" * 2000, "fc-10000000,fc-10", "dropout-1,fc-10", "conv0x0-3,fc-10", "conv5x5-32,fc-3", "softmax",
    "conv99x99-1,fc-10", "fc-10,,fc-10", "  ,  ", "conv3x3-8\tRELU;fc-10", "🙂", "fc--1", "dropout-nan,fc-10"])
def test_no_input_crashes_the_editor_and_a_bad_one_emits_nothing(qtbot, editor, text):
    with qtbot.assertNotEmitted(editor.arch_changed):
        type_string(qtbot, editor, text)
        qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    assert editor.arch() is None
    assert editor.error_label.isVisible() and editor.error_label.text()
    assert len(editor.error_label.text()) <= 240


def test_a_valid_edit_emits_its_canonical_text_once(qtbot, editor):
    emitted = []
    editor.arch_changed.connect(emitted.append)
    type_string(qtbot, editor, "Conv3x3-4 , TANH, fc-10")
    assert editor.layer_texts() == ["conv3x3-4", "tanh", "fc-10"]  # the table follows every key...
    assert emitted == []  # ...but fc-1 and fc-10 of fc-100 are not networks to train
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    assert emitted == ["conv3x3-4,tanh,fc-10"]
    assert editor.text.text() == "conv3x3-4,tanh,fc-10"  # typing done: shown the canonical way
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    assert emitted == ["conv3x3-4,tanh,fc-10"]  # once
    editor.set_arch(arch.SOFTMAX)  # set by the program: not an edit
    assert emitted == ["conv3x3-4,tanh,fc-10"]


def test_the_presets_fill_the_editor(qtbot, editor):
    editor.set_presets({"softmax": arch.SOFTMAX, "tutorial CNN": arch.TUTORIAL_CNN,
                        "three sigmoid convs": "conv3x3-8,sigmoid,conv3x3-8,sigmoid,conv3x3-8,sigmoid,fc-10"})
    assert editor.preset.currentText() == "tutorial CNN"  # the editor starts with the tutorial CNN
    index = editor.preset.findText("softmax")
    with qtbot.waitSignal(editor.arch_changed) as changed:
        editor.preset.setCurrentIndex(index)
        editor.preset.activated.emit(index)  # the user picks it
    assert changed.args == ["fc-10"]
    assert editor.layer_texts() == ["fc-10"] and editor.text.text() == "fc-10"
    assert editor.row_cells(0) == ("fc-10", "10", "7.85k", "15.7k")  # 784*10 + 10 parameters
    index = editor.preset.findText("three sigmoid convs")
    editor.preset.setCurrentIndex(index)
    editor.preset.activated.emit(index)
    assert editor.table.rowCount() == 7 and editor.row_cells(4)[1] == "8×28×28"
    type_string(qtbot, editor, "conv3x3-8,relu,fc-10")
    assert editor.preset.currentText() == "your own"


def test_the_editor_fits_the_control_panels_column(editor):
    assert editor.minimumSizeHint().width() <= 250
    editor.set_arch(arch.TUTORIAL_CNN)
    column = editor.table.columnWidth(0)
    assert column >= editor.table.fontMetrics().horizontalAdvance("conv5x5-64")  # the layers are readable
    editor.set_expanded(False)
    assert editor.table.isHidden() and editor.text.isVisible() and editor.totals.isVisible()
