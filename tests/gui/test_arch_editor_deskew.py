"""The editor offers the deskew layer and puts it where it works: first."""

from __future__ import annotations

from mnist_viz.gui.widgets.arch_editor import ArchEditor


def test_adding_deskew_puts_it_first_and_the_network_is_single_fc(qtbot):
    editor = ArchEditor()
    qtbot.addWidget(editor)
    editor.set_arch("fc-10")
    assert "deskew" in [action.data() for action in editor.add_menu.actions()]
    editor.table.setCurrentCell(0, 0)          # the final fc selected: a layer would go before it
    editor.add_layer("deskew")
    assert editor.layer_texts() == ["deskew", "fc-10"]
    assert editor.arch() == "deskew,fc-10"     # a valid network (None with an error line)
