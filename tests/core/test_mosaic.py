"""core.mosaic: where each tile lies in a mosaic, which tile a point hits, how a part becomes
tiles, and its colour levels; and that the export lays its frames out with the same rules."""

from __future__ import annotations

import numpy as np
import pytest

from mnist_viz.core import export, mosaic
from mnist_viz.core.mosaic import MosaicLayout, build_mosaic, part_layout, part_levels, part_tiles


def test_tile_k_sits_row_by_row_with_one_pixel_gaps_and_its_label_band():
    tiles = np.arange(7 * 3 * 4, dtype=np.float32).reshape(7, 3, 4)
    layout = MosaicLayout.for_tiles(tiles.shape, columns=3, gap=1, label_band=2)
    image = build_mosaic(tiles, layout)
    assert (layout.rows, layout.columns) == (3, 3)
    assert image.shape == layout.shape == (3 * (2 + 3 + 1) - 1, 3 * (4 + 1) - 1)
    for k in range(7):
        assert layout.cell(k) == divmod(k, 3)
        np.testing.assert_array_equal(image[layout.tile_slices(k)], tiles[k])
    # gaps, label bands and the two spare slots are NaN (drawn as the gap colour)
    assert np.isnan(image).sum() == image.size - tiles.size
    top, left = layout.tile_origin(4)
    assert np.isnan(image[top - 1, left]) and np.isnan(image[top, left - 1])


def test_tile_at_finds_the_tile_and_the_pixel_and_misses_gaps_and_bands():
    layout = MosaicLayout.for_tiles((7, 3, 4), columns=3, gap=1, label_band=2)
    for k in range(7):
        top, left = layout.tile_origin(k)
        assert layout.tile_at(left + 3.5, top + 2.2) == (k, 2, 3)
    top, left = layout.tile_origin(4)
    assert layout.tile_at(left - 0.5, top) is None       # the gap left of tile 4
    assert layout.tile_at(left, top - 1) is None          # its label band
    assert layout.tile_at(*reversed(layout.tile_origin(8))) is None  # a spare slot
    assert layout.tile_at(-1, 0) is None


def test_fewer_tiles_than_columns_make_one_row_of_them():
    assert MosaicLayout.for_tiles((3, 5, 5), columns=8).columns == 3
    assert MosaicLayout.for_tiles((0, 5, 5), columns=8).columns == 1


def test_levels_are_symmetric_for_signed_values_and_from_zero_for_activations():
    values = np.array([[-0.3, 0.1], [np.nan, 0.2]])
    assert mosaic.symmetric_levels(values) == (-0.3, 0.3)
    assert mosaic.symmetric_levels(values, floor=0.5) == (-0.5, 0.5)
    assert mosaic.symmetric_levels(np.zeros(4)) == (-1.0, 1.0)
    assert mosaic.positive_levels(np.array([0.0, 2.5, np.nan])) == (0.0, 2.5)
    assert mosaic.positive_levels(np.zeros(3)) == (0.0, 1.0)


def test_colour_indices_put_zero_in_the_middle_and_clip_beyond_the_levels():
    indices = mosaic.colour_indices(np.array([-2.0, -1.0, 0.0, 0.999, 1.0, 5.0]), (-1.0, 1.0))
    assert list(indices) == [0, 0, 128, 255, 255, 255]


def test_conv2_filters_show_one_input_channel_coloured_on_the_range_of_all_channels():
    rng = np.random.default_rng(1)
    conv2 = rng.normal(scale=0.05, size=(64, 32, 5, 5)).astype(np.float32)
    conv2[3, 17, 2, 2] = -0.9  # the largest weight is not in channel 0
    tiles = part_tiles("conv2_filters", conv2)
    np.testing.assert_array_equal(tiles, conv2[:, 0])
    np.testing.assert_array_equal(part_tiles("conv2_filters", conv2, channel=17), conv2[:, 17])
    assert part_levels("conv2_filters", conv2) == pytest.approx((-0.9, 0.9))
    layout = part_layout("conv2_filters", tiles.shape)
    assert (layout.columns, layout.rows) == (16, 4)


def test_the_other_parts_become_tiles_as_their_panels_draw_them():
    assert part_tiles("softmax_weights", np.zeros((10, 28, 28))).shape == (10, 28, 28)
    assert part_tiles("conv1_filters", np.zeros((32, 5, 5))).shape == (32, 5, 5)
    assert part_tiles("pool2", np.zeros((64, 7, 7))).shape == (64, 7, 7)
    fc1 = np.arange(1024, dtype=np.float32)
    tile = part_tiles("fc1", fc1)
    assert tile.shape == (1, 32, 32) and tile[0, 1, 0] == 32  # unit = 32 x row + column
    assert part_levels("conv1", np.array([0.0, 3.0])) == (0.0, 3.0)
    softmax = part_layout("softmax_weights", (10, 28, 28))
    assert (softmax.columns, softmax.rows, softmax.label_band) == (5, 2, 6)
    with pytest.raises(ValueError, match="not drawn as a mosaic"):
        part_tiles("loss", np.zeros(3))


@pytest.mark.parametrize("part, shape", [("softmax_weights", (10, 28, 28)), ("conv1_filters", (32, 5, 5)),
                                         ("conv2_filters", (64, 32, 5, 5))])
def test_an_export_frame_is_the_parts_mosaic_enlarged(part, shape):
    """Each frame pixel block is one weight of the mosaic the panel builds, in its place."""
    rng = np.random.default_rng(2)
    array = rng.normal(size=shape).astype(np.float32)
    tiles = part_tiles(part, array)
    layout = export.frame_layout(part, tiles.shape)
    assert layout.grid == part_layout(part, tiles.shape)  # the panel's layout, not a copy of it
    frame = export.render_frame(part, array, step=3)
    assert frame.shape[:2] == layout.shape
    expected = export.colourise(build_mosaic(tiles, layout.grid), part_levels(part, array))
    top, left = layout.title_band + layout.margin, layout.margin
    height, width = layout.grid.shape
    drawn = frame[top:top + height * layout.scale:layout.scale, left:left + width * layout.scale:layout.scale]
    if layout.grid.label_band:  # the digit labels are drawn over the bands: compare the tiles only
        for k in range(layout.count):
            rows, columns = layout.grid.tile_slices(k)
            np.testing.assert_array_equal(drawn[rows, columns], expected[rows, columns])
    else:
        np.testing.assert_array_equal(drawn, expected)


def test_a_change_of_the_layout_rule_reaches_the_export(monkeypatch):
    """The export lays its frames out through core.mosaic, not with rules of its own."""
    original = MosaicLayout.for_tiles.__func__

    def wider_gaps(cls, tile_shape, columns, gap=1, label_band=0):
        return original(cls, tile_shape, columns, gap + 1, label_band)

    monkeypatch.setattr(MosaicLayout, "for_tiles", classmethod(wider_gaps))
    monkeypatch.setitem(mosaic.PARTS, "conv1_filters", mosaic.PartMosaic(columns=4))
    layout = export.frame_layout("conv1_filters", (32, 5, 5))
    assert (layout.grid.gap, layout.columns, layout.rows) == (2, 4, 8)
