"""A line of measures that wraps to more or fewer lines from one step to the next must not
move what is below it (the Filters panel's mosaics jumped up and down while the replay's
timeline moved, and every colour bar's axes were redrawn each time)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from mnist_viz.gui.widgets.labels import SteadyLabel

LONG = "conv1: 32 filters, 32 distinct · structure -0.06, of the change since step 5,350: 0.62 (noise ≈ 0, smooth ≈ 1)"
SHORT = "conv1: 32 filters, 32 distinct · structure -0.06"


def below_after(qtbot, label: QLabel, texts: list[str], width: int = 260) -> tuple[list[int], QWidget]:
    """The y of a widget under ``label`` after each text, and the window holding them."""
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    layout.addWidget(label)
    below = QLabel("the mosaics")
    layout.addWidget(below)
    layout.addStretch(1)
    box.resize(width, 400)
    box.show()
    qtbot.waitExposed(box)
    ys = []
    for text in texts:
        label.setText(text)
        qtbot.wait(20)
        ys.append(below.y())
    return ys, box


def test_what_is_below_stays_put_when_the_text_gets_shorter(qtbot):
    ys, _ = below_after(qtbot, SteadyLabel(), [SHORT, LONG, SHORT, LONG, SHORT])
    assert ys[1] > ys[0]  # a longer text takes the room it needs...
    assert ys[1:] == [ys[1]] * 4  # ...and keeps it: nothing below moves back and forth


def test_a_plain_wrapping_label_moved_it(qtbot):
    """What SteadyLabel is for: a plain word-wrapped label moves the widget below at each change."""
    label = QLabel()
    label.setWordWrap(True)
    ys, _ = below_after(qtbot, label, [SHORT, LONG, SHORT])
    assert ys[0] == ys[2] != ys[1]


def test_a_new_width_lets_the_lines_fall_anew(qtbot):
    label = SteadyLabel()
    _, box = below_after(qtbot, label, [LONG], width=200)
    tall = label.minimumHeight()
    box.resize(900, 400)
    qtbot.wait(20)
    label.setText(SHORT)
    assert label.minimumHeight() < tall
