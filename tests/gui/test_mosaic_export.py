"""An exported GIF frame of a part shows what its panel shows (issue 12, item 5).

The shipped models' real weights are drawn by the real panels (filters, softmax weights)
and rendered by their ImageItems as on screen; the export's frame of the same array must
have the same tile grid (columns, rows, which filter in which cell, the 1-pixel gaps) and
the same colours, i.e. the same colour limits: pixel for pixel once the frame's
enlargement is undone.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage

from mnist_viz.core import checkpoints, export, mosaic
from mnist_viz.core import events as ev
from mnist_viz.core.mosaic import MosaicLayout
from mnist_viz.gui.panels.filters import FiltersPanel
from mnist_viz.gui.panels.softmax_weights import SoftmaxWeightsPanel
from mnist_viz.gui.widgets.mosaic import MosaicView

#: Colours may differ by this much per channel: one step of the 256-colour table (a value on
#: a step's edge may fall either side of it in float32 on screen and float64 in the export;
#: the two tables, pyqtgraph's ColorMap and the map's CSV file, differ by 1 at most). A
#: colour range that differs shows as differences of tens.
COLOUR_TOLERANCE = 4


def shipped_weights(model_name: str) -> dict[str, np.ndarray]:
    model, _ = checkpoints.load_model(checkpoints.pretrained_path(model_name))
    return {name: tensor.cpu().numpy().copy() for name, tensor in model.weights().items()}


@pytest.fixture(scope="module")
def cnn_weights() -> dict[str, np.ndarray]:
    return shipped_weights("cnn")


def shown(qtbot, panel):
    qtbot.addWidget(panel)
    panel.resize(700, 600)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def drawn_rgba(view: MosaicView) -> np.ndarray:
    """The mosaic as its ImageItem paints it: (H, W, 4) RGBA per data pixel, gaps transparent."""
    item = view.image_item
    item.render()  # what paint() draws on screen
    image = item.qimage.convertToFormat(QImage.Format.Format_RGBA8888)
    return pg.functions.ndarray_from_qimage(image).copy()


def frame_tile(frame: np.ndarray, layout: export.FrameLayout, index: int) -> np.ndarray:
    """Tile ``index`` of an exported frame at one pixel per weight (one pixel of each enlarged block)."""
    top, left, height, width = layout.tile_box(index)
    return frame[top:top + height:layout.scale, left:left + width:layout.scale]


def assert_frame_shows_the_panels_mosaic(view: MosaicView, part: str, array: np.ndarray, tiles: np.ndarray):
    frame = export.render_frame(part, array, step=0)
    layout = export.frame_layout(part, tiles.shape)
    grid = view.layout_info
    # the same grid: columns, rows, and the same gaps and label bands between the tiles
    assert (layout.columns, layout.rows) == (grid.columns, grid.rows)
    pitch_y, pitch_x = grid.pitch
    first, right, below = layout.tile_box(0), layout.tile_box(1), layout.tile_box(grid.columns)
    assert (right[1] - first[1], below[0] - first[0]) == (pitch_x * layout.scale, pitch_y * layout.scale)
    assert (layout.tile_height, layout.tile_width) == (grid.tile_height * layout.scale, grid.tile_width * layout.scale)
    # the same filter in the same cell, in the same colours (hence the same colour limits)
    on_screen = drawn_rgba(view)
    for k in range(len(tiles)):
        rows, columns = grid.tile_slices(k)
        np.testing.assert_array_equal(view.image_item.image[rows, columns], tiles[k])
        top, left, _, _ = layout.tile_box(k)
        cell_top, cell_left = grid.tile_origin(k)
        assert (top - first[0], left - first[1]) == ((cell_top - grid.tile_origin(0)[0]) * layout.scale,
                                                    cell_left * layout.scale)
        difference = np.abs(on_screen[rows, columns, :3].astype(int) - frame_tile(frame, layout, k).astype(int))
        assert difference.max() <= COLOUR_TOLERANCE, f"{part} tile {k}: colours differ by {difference.max()}"
        assert difference.mean() < 0.5, f"{part} tile {k}: colours differ by {difference.mean():.2f} on average"
    # the gap right of tile 0: transparent on screen (the grey background), the same grey in the frame
    top, left, height, width = layout.tile_box(0)
    assert (on_screen[grid.tile_slices(0)[0], grid.tile_width, 3] == 0).all()
    assert (frame[top:top + height, left + width:right[1]] == mosaic.GAP_RGB).all()


def test_conv1_frame_shows_the_shipped_filters_as_the_filters_panel(qtbot, cnn_weights):
    panel = shown(qtbot, FiltersPanel())
    panel.on_snapshot(ev.Snapshot(step=0, arrays=cnn_weights))
    conv1 = cnn_weights["conv1_filters"]
    assert (panel.conv1_mosaic.layout_info.columns, panel.conv1_mosaic.layout_info.rows) == (8, 4)
    assert_frame_shows_the_panels_mosaic(panel.conv1_mosaic, "conv1_filters", conv1, conv1)


def test_conv2_frame_shows_channel_0_coloured_on_the_whole_layers_range(qtbot, cnn_weights):
    panel = shown(qtbot, FiltersPanel())
    panel.on_snapshot(ev.Snapshot(step=0, arrays=cnn_weights))
    conv2 = cnn_weights["conv2_filters"]
    assert panel.channel.value() == 0
    # the panel's range is the layer's, wider than channel 0's alone: the export must use it too
    assert panel.conv2_mosaic.levels == pytest.approx(mosaic.symmetric_levels(conv2))
    assert np.abs(conv2[:, 0]).max() < 0.9 * np.abs(conv2).max()
    assert_frame_shows_the_panels_mosaic(panel.conv2_mosaic, "conv2_filters", conv2, conv2[:, 0])


def test_softmax_frame_shows_the_shipped_templates_as_the_softmax_panel(qtbot):
    weights = shipped_weights("softmax")
    panel = shown(qtbot, SoftmaxWeightsPanel())
    panel.on_snapshot(ev.Snapshot(step=0, arrays=weights))
    templates = weights["softmax_weights"]
    assert panel.mosaic.layout_info.label_band == mosaic.part_layout("softmax_weights", templates.shape).label_band
    assert_frame_shows_the_panels_mosaic(panel.mosaic, "softmax_weights", templates, templates)


def test_the_panel_and_the_export_lay_out_with_the_one_function(qtbot, cnn_weights, monkeypatch):
    """A change of core.mosaic's layout rule moves both pictures: neither has a copy of it."""
    original = MosaicLayout.for_tiles.__func__

    def wider_gaps(cls, tile_shape, columns, gap=1, label_band=0):
        return original(cls, tile_shape, columns, gap + 2, label_band)

    monkeypatch.setattr(MosaicLayout, "for_tiles", classmethod(wider_gaps))
    panel = shown(qtbot, FiltersPanel())
    panel.on_snapshot(ev.Snapshot(step=0, arrays=cnn_weights))
    conv1 = cnn_weights["conv1_filters"]
    assert panel.conv1_mosaic.layout_info.gap == 3
    assert_frame_shows_the_panels_mosaic(panel.conv1_mosaic, "conv1_filters", conv1, conv1)
