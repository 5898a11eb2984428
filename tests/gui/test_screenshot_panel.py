"""`mnist-viz screenshot --panel ID`: one panel, saved after it has drawn the trained weights."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from mnist_viz import cli
from mnist_viz.gui.panels.units import UnitsPanel
from mnist_viz.panel_ids import PANEL_IDS, panel_id

from tests.conftest import real_mnist_root


def test_one_vocabulary_of_panel_ids_for_the_window_the_cli_and_export():
    from mnist_viz.core.export import part_for_panel
    from mnist_viz.gui.panels import PANEL_MODULES, panel_classes

    assert tuple(cls.panel_id for cls in panel_classes()) == PANEL_IDS == PANEL_MODULES
    assert panel_id("softmax-weights") == panel_id("Softmax_Weights") == "softmax_weights"
    assert part_for_panel("softmax_weights") == part_for_panel("softmax-weights") == "softmax_weights"
    assert part_for_panel("filters") == part_for_panel("conv1") == "conv1_filters"


def test_the_units_panel_is_saved_alone_after_it_computed_the_unit_asked_for(qtbot, tmp_path, capsys, monkeypatch):
    root = real_mnist_root()
    if root is None:
        pytest.skip("real MNIST not available")
    shown = []
    real_show_top = UnitsPanel._show_top

    def spy(self, result):
        shown.append((result.layer, result.unit, result.top is not None))
        real_show_top(self, result)

    monkeypatch.setattr(UnitsPanel, "_show_top", spy)
    out = tmp_path / "units.png"
    status = cli.main(["screenshot", str(out), "--steps", "20", "--panel", "units", "--unit", "output:3",
                       "--size", "700x500", "--data-dir", str(root)])
    assert status == 0, capsys.readouterr().err
    assert ("output", 3, True) in shown         # its top images of class 3 were drawn before the picture
    image = QImage(str(out))
    assert (image.width(), image.height()) != (1366, 768)       # the panel, not the window
    assert abs(image.width() - 700) <= 40 and abs(image.height() - 500) <= 60
    colours = {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
    assert len(colours) > 50, "the panel's picture is (nearly) blank"
    assert "units panel after 20 steps" in capsys.readouterr().out


@pytest.mark.parametrize("arguments, said", [
    (["--panel", "nope"], "unknown panel 'nope'; the panels are loss, network"),
    (["--unit", "conv1:3"], "--unit chooses the Units panel's unit"),
    (["--panel", "units", "--unit", "conv1"], "is not LAYER:INDEX"),
])
def test_bad_panel_choices_are_one_line(capsys, tmp_path, arguments, said):
    try:
        status = cli.main(["screenshot", str(tmp_path / "x.png"), *arguments, "--data-dir", str(tmp_path)])
    except SystemExit as exit_info:
        status = exit_info.code
    assert status == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
