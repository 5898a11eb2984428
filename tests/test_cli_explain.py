"""``mnist-viz explain IMAGE --out OUT.png`` with the shipped models: no training, no data set needed."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from mnist_viz.core.explain import METHODS
from tests.drawn_digits import draw_digit, save_png
from tests.helpers import one_line, run_main
from tests.shipped import require_pretrained


@pytest.fixture(autouse=True)
def shipped_models():
    require_pretrained()  # fails (never skips) where the checkout lacks them


@pytest.fixture
def seven(tmp_path):
    path = tmp_path / "seven.png"
    save_png(draw_digit(7, width=18), path, dark_on_light=True)  # a scan: dark ink on white paper
    return path


@pytest.mark.parametrize("method", METHODS)
def test_each_method_writes_a_png_of_the_right_size(tmp_path, capsys, seven, method):
    out = tmp_path / f"{method}.png"
    assert run_main(["explain", str(seven), "--method", method, "--out", str(out), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer["digit"] == 7 and answer["target"] == 7 and answer["method"] == method
    assert answer["model"] == "cnn" and len(answer["probabilities"]) == 10
    assert sum(answer["probabilities"]) == pytest.approx(1.0, abs=1e-4)
    assert answer["method_ms"] > 0 and answer["size"] == [280, 280]
    picture = np.asarray(Image.open(out))
    assert picture.shape == (280, 280, 3)
    reddish = (picture[..., 0].astype(int) - picture[..., 2]) > 60
    assert reddish.sum() > 100 * 100 // 10, "hardly any red: the map argues for nothing"


def test_the_default_is_integrated_gradients_and_its_colour_lies_on_the_ink(tmp_path, capsys, seven):
    out = tmp_path / "why.png"
    assert run_main(["explain", str(seven), "--model", "softmax", "--out", str(out), "--scale", "4"]) == 0
    line = capsys.readouterr().out.strip()
    assert "Integrated Gradients" in line and "7" in line and str(out) in line
    picture = np.asarray(Image.open(out))
    assert picture.shape == (112, 112, 3)
    from mnist_viz.core import preprocess

    ink = preprocess.to_mnist(preprocess.load_image(seven)) > 0
    coloured = (picture.max(axis=2) - picture.min(axis=2))[::4, ::4] > 10
    assert coloured.any() and not (coloured & ~ink).any()  # no colour off the ink, as on the canvas


def test_another_target_is_explained_when_asked(tmp_path, capsys, seven):
    out = tmp_path / "why-not-1.png"
    assert run_main(["explain", str(seven), "--target", "1", "--out", str(out), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["digit"] == 7 and answer["target"] == 1


def test_gradcam_on_softmax_says_why_not(tmp_path, capsys, seven):
    out = tmp_path / "cam.png"
    assert run_main(["explain", str(seven), "--model", "softmax", "--method", "gradcam", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert "not offered: the network has no convolution layer" in line and "softmax" in line
    assert captured.out == "" and not out.exists()


@pytest.mark.parametrize("content", [None, b"", b"%PDF-1.4 not a picture", b"\x89PNG\r\n\x1a\n truncated"])
def test_a_bad_image_is_one_line_and_exit_2(tmp_path, capsys, content):
    image = tmp_path / "digit.png"
    if content is not None:
        image.write_bytes(content)
    out = tmp_path / "out.png"
    assert run_main(["explain", str(image), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert line.startswith("mnist-viz: error:") and str(image) in line
    assert captured.out == "" and not out.exists()


def test_a_blank_page_is_one_line_and_exit_2(tmp_path, capsys):
    blank = tmp_path / "blank.png"
    save_png(draw_digit(1) * 0, blank)
    assert run_main(["explain", str(blank), "--out", str(tmp_path / "out.png")]) == 2
    assert "blank" in one_line(capsys.readouterr().err)


def test_an_unwritable_destination_is_refused_first(tmp_path, capsys, seven):
    out = tmp_path / "missing-folder" / "out.png"
    assert run_main(["explain", str(seven), "--out", str(out)]) == 2
    line = one_line(capsys.readouterr().err)
    assert "--out" in line and "does not exist" in line


def test_model_and_checkpoint_exclude_each_other(tmp_path, capsys, seven):
    argv = ["explain", str(seven), "--model", "cnn", "--checkpoint", "x.pt", "--out", str(tmp_path / "o.png")]
    assert run_main(argv) == 2
    assert "not allowed with argument" in one_line(capsys.readouterr().err)


def test_a_bad_checkpoint_is_one_line(tmp_path, capsys, seven):
    bogus = tmp_path / "bogus.pt"
    bogus.write_bytes(b"not a checkpoint")
    assert run_main(["explain", str(seven), "--checkpoint", str(bogus), "--out", str(tmp_path / "o.png")]) == 2
    assert str(bogus) in one_line(capsys.readouterr().err)


def test_the_help_lists_the_methods_and_the_default(capsys):
    assert run_main(["explain", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for method in ("saliency", "integrated-gradients", "gradcam", "occlusion"):
        assert method in out
    assert "(default: integrated-gradients)" in out
    assert "examples: mnist-viz explain" in out
    assert run_main(["explain", "x.png", "--method", "lime", "--out", "o.png"]) == 2
    assert "invalid choice: 'lime'" in one_line(capsys.readouterr().err)
