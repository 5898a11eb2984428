"""Failures a user can meet outside the window: odd images given to ``mnist-viz predict``,
a CNN that diverges, the log file (errors in it, rotation) and autosave's pruning.

Each ends in a sensible answer or one line on stderr with exit code 2 (3 for divergence),
never a traceback.
"""

from __future__ import annotations

import logging
import warnings

import pytest
from PIL import Image

from mnist_viz import cli, logs
from mnist_viz.core import checkpoints
from mnist_viz.core.models import build_model
from mnist_viz.core.training import TrainConfig
from mnist_viz.gui.controllers import model_files as autosave
from tests.conftest import real_mnist_root
from tests.drawn_digits import draw_digit
from tests.shipped import needs_pretrained  # fails, never skips, without the shipped models


@pytest.fixture(autouse=True)
def private_log(tmp_path, monkeypatch):
    """The log goes to this test's folder; the handler is detached afterwards."""
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "log"))
    logs.shutdown()
    yield tmp_path / "log" / "mnist-viz.log"
    logs.shutdown()


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def digit_image(digit: int) -> Image.Image:
    """A drawn digit as dark ink on white paper, 400x400."""
    return Image.fromarray(((1.0 - draw_digit(digit)) * 255).astype("uint8"), mode="L")


# ============================================================= predict edge cases
@needs_pretrained
@pytest.mark.parametrize("colour", [0, 255])
def test_a_one_pixel_image_is_blank_not_a_crash(tmp_path, capsys, colour):
    tiny = tmp_path / "dot.png"
    Image.new("L", (1, 1), colour).save(tiny)
    assert cli.main(["predict", str(tiny)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = lines(captured.err)
    assert len(err) == 1 and str(tiny) in err[0] and "blank" in err[0]


@needs_pretrained
def test_a_huge_image_is_refused_at_once_with_the_limit(tmp_path, capsys):
    huge = tmp_path / "huge.png"
    Image.new("1", (10_000, 10_000), 1).save(huge)  # 100 megapixels (1 bit each, so cheap to write)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert cli.main(["predict", str(huge)]) == 2
    assert not [w for w in caught if "pixels" in str(w.message)]   # no Python warning on stderr either
    err = lines(capsys.readouterr().err)
    assert len(err) == 1
    assert "10000x10000" in err[0] and "too large" in err[0] and "scale it down" in err[0]


@needs_pretrained
def test_an_animated_gif_uses_its_first_frame_and_says_so(tmp_path, capsys):
    gif = tmp_path / "anim.gif"
    seven, blank = digit_image(7), Image.new("L", (400, 400), 255)
    seven.save(gif, save_all=True, append_images=[blank, digit_image(1)], duration=100, loop=0)
    assert Image.open(gif).n_frames == 3
    assert cli.main(["predict", str(gif), "--json"]) == 0
    captured = capsys.readouterr()
    assert '"digit": 7' in captured.out
    err = lines(captured.err)
    assert len(err) == 1 and "first frame" in err[0] and "3 frames" in err[0]


@needs_pretrained
def test_a_folder_is_not_an_image(tmp_path, capsys):
    assert cli.main(["predict", str(tmp_path)]) == 2
    err = lines(capsys.readouterr().err)
    assert len(err) == 1 and "is a folder" in err[0]


@needs_pretrained
def test_good_images_are_answered_even_when_another_is_bad(tmp_path, capsys):
    good = tmp_path / "seven.png"
    digit_image(7).save(good)
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    assert cli.main(["predict", str(good), str(bad), "--json"]) == 2
    captured = capsys.readouterr()
    assert len(lines(captured.out)) == 1 and '"digit": 7' in captured.out
    err = lines(captured.err)
    assert len(err) == 1 and str(bad) in err[0]


# ==================================================================== divergence
@pytest.mark.skipif(real_mnist_root() is None, reason="needs the real MNIST in $MNIST_VIZ_DATA")
def test_the_cnn_at_learning_rate_1_exits_3_with_one_line(capsys, private_log):
    status = cli.main(["train", "--model", "cnn", "--lr", "1.0", "--steps", "300", "--eval-every", "0",
                       "--quiet", "--device", "cpu", "--data-dir", str(real_mnist_root())])
    assert status == 3
    err = lines(capsys.readouterr().err)
    assert len(err) == 1
    assert "diverged" in err[0] and "learning rate 1" in err[0] and "try 0.1" in err[0]
    assert "diverged" in private_log.read_text(encoding="utf-8")   # and it is in the log


# ========================================================================== log
def test_a_cli_error_is_written_to_the_log(tmp_path, capsys, private_log):
    missing = tmp_path / "nothing.png"
    assert cli.main(["predict", "--model", "softmax", str(missing)]) == 2
    assert str(missing) in lines(capsys.readouterr().err)[0]
    text = private_log.read_text(encoding="utf-8")
    assert "WARNING" in text and "predict" in text and str(missing) in text


def test_the_log_rotates_and_keeps_a_bounded_number_of_files(private_log):
    path = logs.setup(max_bytes=2_000, backup_count=2)
    assert path == private_log == logs.current_path()
    log = logs.get("test")
    for index in range(200):
        log.warning("line %03d %s", index, "x" * 60)
    logging.getLogger(logs.LOGGER_NAME).handlers[0].flush()
    files = sorted(path.parent.iterdir())
    assert [f.name for f in files] == ["mnist-viz.log", "mnist-viz.log.1", "mnist-viz.log.2"]
    assert all(f.stat().st_size <= 2_000 for f in files)
    assert "line 199" in path.read_text(encoding="utf-8")            # the newest is in the current file
    assert "line 000" not in "".join(f.read_text(encoding="utf-8") for f in files)  # the oldest went


def test_an_unwritable_log_folder_does_not_stop_anything(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(blocker / "log"))
    assert logs.setup() is None
    assert logs.current_path() is None
    logs.get("test").warning("goes nowhere, raises nothing")


# ===================================================================== autosave
def test_autosave_keeps_only_the_newest(tmp_path):
    config = TrainConfig(model="softmax", preset="tutorial-softmax")
    state = build_model("softmax").state_dict()
    written = [autosave.autosave(state, config, step, folder=tmp_path, keep=3) for step in range(1, 6)]
    kept = autosave.autosaves(tmp_path)
    assert kept == written[-3:]
    assert [checkpoints.load(path).step for path in kept] == [3, 4, 5]
    assert kept[-1].name.startswith("softmax-tutorial-softmax-step5-")
    assert not list(tmp_path.glob(".*.tmp"))   # atomic save left no temporary files


def test_autosave_into_an_unwritable_folder_says_so(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    config = TrainConfig(model="softmax")
    with pytest.raises(checkpoints.CheckpointError, match="cannot write"):
        autosave.autosave(build_model("softmax").state_dict(), config, 1, folder=blocker / "autosave")
