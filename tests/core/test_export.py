"""Exporting a recording as pictures: what a user sees in the GIF, MP4 or PNG they made.

The recording is a real 300-step softmax run on the real MNIST, snapshots every 50 steps.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
import torch
from PIL import Image

from mnist_viz.core import export
from mnist_viz.core.export import ExportError, export_animation, frame_layout, mosaic_frames
from mnist_viz.core.recording import Recorder, Recording
from mnist_viz.core.training import Trainer, preset


@pytest.fixture(scope="module")
def recording(real_mnist, tmp_path_factory) -> Recording:
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        config = preset("tutorial-softmax").replace(steps=300, device="cpu")
        trainer = Trainer(config, real_mnist.train, real_mnist.test)
        run_dir = tmp_path_factory.mktemp("export") / "softmax"
        with Recorder(run_dir, config, every_steps=50) as recorder:
            recorder.attach(trainer)
            for _ in trainer.run():
                pass
    finally:
        torch.set_num_threads(previous)
    return Recording.open(run_dir)


def tile_centre(frame: np.ndarray, index: int) -> np.ndarray:
    """The mean RGB colour of the middle 6x6 pixels of digit ``index``'s template."""
    layout = frame_layout("softmax_weights", (10, 28, 28))
    top, left, height, width = layout.tile_box(index)
    middle = frame[top + height // 2 - 3:top + height // 2 + 3, left + width // 2 - 3:left + width // 2 + 3]
    return middle.reshape(-1, 3).mean(axis=0)


def test_frames_show_the_templates_as_the_app_colours_them(recording):
    frames = mosaic_frames(recording, "softmax_weights")
    assert len(frames) == len(recording.snapshot_steps)
    first, last = frames[0], frames[-1]
    assert first.dtype == np.uint8 and first.ndim == 3 and first.shape[2] == 3
    assert first.shape == last.shape
    layout = frame_layout("softmax_weights", (10, 28, 28))
    assert first.shape[:2] == layout.shape and layout.tile_height >= 100  # tiles enlarged, not 28 px
    # Step 0: W = 0, so every template is the map's middle colour (near white).
    top, left, height, width = layout.tile_box(3)
    assert np.ptp(first[top:top + height, left:left + width].reshape(-1, 3), axis=0).max() == 0
    assert first[top, left].min() > 200
    # After 300 steps: the "0" template is negative (blue) in its hole and the "1" template
    # positive (red) along its stroke, both in the middle of the image.
    zero, one = tile_centre(last, 0), tile_centre(last, 1)
    assert zero[2] > zero[0] + 40, f"centre of the 0 template should be blue, is {zero}"
    assert one[0] > one[2] + 40, f"centre of the 1 template should be red, is {one}"
    # the gaps between tiles are the app's dark grey
    assert tuple(last[top + height // 2, left - 1]) == export.GAP_COLOUR


def test_gif_has_a_frame_per_snapshot_and_loops(recording, tmp_path):
    import imageio.v3 as iio

    out = tmp_path / "weights.gif"
    result = export_animation(recording, "softmax_weights", out, fps=5)
    assert result.frames == len(recording.snapshot_steps) == 8
    assert (result.first_step, result.last_step) == (0, 300)
    frames = iio.imread(out, index=None)
    assert frames.shape[0] == 8
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).max() > 100, "the weights learned"
    with Image.open(out) as gif:
        assert gif.info.get("loop") == 0  # repeats forever
        assert gif.info.get("duration") == 200  # 5 frames per second


def test_png_is_the_last_frame(recording, tmp_path):
    out = tmp_path / "last.png"
    export_animation(recording, "softmax_weights", out)
    with Image.open(out) as png:
        np.testing.assert_array_equal(np.asarray(png.convert("RGB")), mosaic_frames(recording, "softmax_weights")[-1])


@pytest.mark.skipif(importlib.util.find_spec("imageio_ffmpeg") is None, reason="imageio-ffmpeg is not installed")
def test_mp4_has_a_frame_per_snapshot(recording, tmp_path):
    import imageio.v2 as iio2

    out = tmp_path / "weights.mp4"
    export_animation(recording, "softmax_weights", out, fps=4)
    with iio2.get_reader(out, format="FFMPEG") as reader:
        assert reader.count_frames() == len(recording.snapshot_steps)
        frame = reader.get_data(0)
    assert frame.shape[0] % 16 == 0 and frame.shape[1] % 16 == 0


def test_mp4_without_ffmpeg_says_what_to_install(recording, tmp_path, monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(export.importlib.util, "find_spec",
                        lambda name, *a: None if name == "imageio_ffmpeg" else real_find_spec(name, *a))
    with pytest.raises(ExportError, match=r"pip install 'mnist-viz\[video\]'; or export a \.gif"):
        export_animation(recording, "softmax_weights", tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


def test_an_unknown_file_type_lists_the_allowed_ones(recording, tmp_path):
    with pytest.raises(ValueError, match=r"\.gif, \.mp4, \.png"):
        export_animation(recording, "softmax_weights", tmp_path / "x.avi")


def test_asking_a_softmax_recording_for_conv1_names_what_it_has(recording, tmp_path):
    with pytest.raises(ExportError, match=r"softmax model and has no conv1_filters.*--panel softmax-weights"):
        export_animation(recording, "conv1_filters", tmp_path / "x.gif")


def test_panel_names_map_to_parts():
    assert export.part_for_panel("softmax-weights") == "softmax_weights"
    assert export.part_for_panel("conv1") == "conv1_filters"
    assert export.part_for_panel("conv2") == "conv2_filters"
    with pytest.raises(ExportError, match="softmax-weights, conv1, conv2"):
        export.part_for_panel("loss")


def test_conv1_frames_are_a_grid_of_enlarged_filters():
    rng = np.random.default_rng(0)
    filters = rng.normal(size=(32, 5, 5)).astype(np.float32)
    frame = export.render_frame("conv1_filters", filters, step=10)
    layout = frame_layout("conv1_filters", (32, 5, 5))
    assert layout.columns == 8 and layout.rows == 4 and layout.tile_width == 40
    assert frame.shape[:2] == layout.shape
    top, left, height, width = layout.tile_box(9)
    # each filter weight is an 8x8 block of one colour (nearest neighbour, no blur)
    block = frame[top:top + 8, left:left + 8].reshape(-1, 3)
    assert np.ptp(block, axis=0).max() == 0
    strongest = np.unravel_index(np.abs(filters[9]).argmax(), (5, 5))
    colour = frame[top + strongest[0] * 8 + 4, left + strongest[1] * 8 + 4].astype(int)
    assert (colour[0] > colour[2]) == (filters[9][strongest] > 0)


def test_every_conv_layer_of_a_network_of_ones_own_exports_titled_by_what_it_holds(real_mnist, tmp_path):
    """Issue 15 item 5: export works for any architecture: a third conv layer's filters too, and a
    frame's title counts the filters the network has (not the tutorial CNN's 32 and 64)."""
    from mnist_viz.core import mosaic, networks

    model = networks.model_id("conv3x3-8,relu,maxpool-2,conv3x3-12,relu,maxpool-2,conv3x3-6,relu,fc-10")
    config = networks.default_config(model).replace(steps=20, eval_every=0, device="cpu")
    trainer = Trainer(config, real_mnist.train, real_mnist.test)
    with Recorder(tmp_path / "run", config, every_steps=10) as recorder:
        recorder.attach(trainer)
        for _ in trainer.run():
            pass
    run = Recording.open(tmp_path / "run")
    assert export.part_for_panel("conv3") == "conv3_filters"
    weights = run.snapshot(int(run.snapshot_steps[-1])).arrays["conv3_filters"]  # (6, 12, 3, 3)
    frames = mosaic_frames(run, "conv3_filters")
    assert len(frames) == len(run.snapshot_steps)
    layout = frame_layout("conv3_filters", mosaic.part_tiles("conv3_filters", weights).shape)
    assert layout.count == 6 and frames[-1].shape[:2] == layout.shape
    assert export.style_of("conv1_filters", run.snapshot(0).arrays["conv1_filters"]).title == "conv1 · 8 filters"
    assert export.style_of("conv3_filters", weights).title.startswith("conv3 · 6 filters'")
    result = export_animation(run, export.part_for_panel("conv3"), tmp_path / "conv3.gif")
    assert result.frames == len(run.snapshot_steps)
    with pytest.raises(ExportError, match=r"conv3_filters \(--panel conv3\)"):
        export_animation(run, "conv7_filters", tmp_path / "conv7.gif")
