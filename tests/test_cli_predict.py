"""``mnist-viz predict`` with the shipped pretrained models: no training, no data set needed."""

from __future__ import annotations

import json

import pytest

from mnist_viz import cli
from tests.drawn_digits import draw_digit, save_png
from tests.shipped import require_pretrained


@pytest.fixture(autouse=True)
def shipped_models():
    require_pretrained()  # fails (never skips) where the checkout lacks them


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("model", ["cnn", "softmax"])
def test_predict_a_drawing_on_paper_as_json(tmp_path, capsys, model):
    seven = tmp_path / "seven.png"
    save_png(draw_digit(7, width=18), seven, dark_on_light=True)   # a scan: dark ink, white paper
    assert cli.main(["predict", "--model", model, str(seven), "--json"]) == 0
    out = lines(capsys.readouterr().out)
    assert len(out) == 1
    answer = json.loads(out[0])
    assert answer["path"] == str(seven)
    assert answer["digit"] == 7
    assert len(answer["probabilities"]) == 10
    assert sum(answer["probabilities"]) == pytest.approx(1.0, abs=1e-4)


def test_predict_several_images_one_line_each(tmp_path, capsys):
    paths = []
    for digit in (0, 1, 4):
        path = tmp_path / f"{digit}.png"
        save_png(draw_digit(digit), path, dark_on_light=digit != 1)  # one screen-style (light ink)
        paths.append(str(path))
    assert cli.main(["predict", *paths]) == 0                          # default: the pretrained CNN
    out = lines(capsys.readouterr().out)
    assert [line.split(":")[1].split()[0] for line in out] == ["0", "1", "4"]


def test_predict_a_missing_file_exits_2_with_one_line(tmp_path, capsys):
    missing = tmp_path / "nothing-here.png"
    assert cli.main(["predict", "--model", "cnn", str(missing), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = lines(captured.err)
    assert len(err) == 1 and "does not exist" in err[0] and str(missing) in err[0]


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4 not a picture", b"\x89PNG\r\n\x1a\n truncated"])
def test_predict_a_file_that_is_not_an_image_exits_2(tmp_path, capsys, content):
    bogus = tmp_path / "digit.png"
    bogus.write_bytes(content)
    assert cli.main(["predict", "--model", "cnn", str(bogus)]) == 2
    err = lines(capsys.readouterr().err)
    assert len(err) == 1 and str(bogus) in err[0]


def test_predict_a_blank_page_exits_2(tmp_path, capsys):
    blank = tmp_path / "blank.png"
    save_png(draw_digit(1) * 0, blank)
    assert cli.main(["predict", "--model", "cnn", str(blank)]) == 2
    assert "blank" in lines(capsys.readouterr().err)[0]


def test_predict_says_when_a_drawing_is_not_a_digit(tmp_path, capsys):
    """The canvas's measured rule (core.unsure) in `predict` too: a scribble is 'not sure', a 7 is a 7.
    The scribble is one that only the logits' energy score catches (the highest probability
    would state a digit): predict judges the shipped CNN by its logits, as the canvas does."""
    import numpy as np
    from PIL import Image

    from mnist_viz.core import preprocess, unsure
    from mnist_viz.core.inference import Predictor
    from tests.unsure_sets import scribble

    predictor = Predictor.pretrained("cnn")
    for seed in range(50):  # the first scribble of these seeds that only the energy score calls unsure
        ink = scribble(np.random.default_rng(seed))
        answer = predictor.predict(preprocess.to_mnist(ink))
        if (unsure.verdict(answer.probabilities, "cnn", logits=answer.logits).unsure
                and not unsure.verdict(answer.probabilities, "cnn").unsure):
            break
    else:
        pytest.fail("no scribble of 50 made the shipped CNN unsure by its energy score and sure by its probability")
    path = tmp_path / "scribble.png"
    Image.fromarray((ink * 255).astype(np.uint8)).save(path)
    seven = tmp_path / "seven.png"
    save_png(draw_digit(7, width=18), seven, dark_on_light=True)
    assert cli.main(["predict", str(path), str(seven), "--json"]) == 0
    answers = [json.loads(line) for line in lines(capsys.readouterr().out)]
    assert [answer["unsure"] for answer in answers] == [True, False]
    assert cli.main(["predict", str(path)]) == 0
    assert "not sure" in capsys.readouterr().out
