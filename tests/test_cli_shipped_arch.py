"""predict --arch names a network: the shipped file that holds it answers (fc-10 and deskew,fc-10 are two)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mnist_viz import cli
from mnist_viz.core import checkpoints
from mnist_viz.core.inference import Predictor
from mnist_viz.core.preprocess import load_image, to_mnist
from tests.shipped import require_pretrained


@pytest.fixture
def digit(tmp_path):
    from PIL import Image

    image = np.zeros((280, 280), np.uint8)
    image[60:220, 130:150] = 255  # a 1
    image[60:80, 100:150] = 255
    path = tmp_path / "one.png"
    Image.fromarray(image).save(path)
    return path


@pytest.mark.parametrize("arch, slot", [("fc-10", "softmax-plain"), ("deskew,fc-10", "softmax")])
def test_predict_arch_answers_with_the_shipped_file_of_that_network(digit, capsys, arch, slot):
    require_pretrained(slot)
    assert cli.main(["predict", str(digit), "--arch", arch, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    expected = Predictor.from_checkpoint(checkpoints.pretrained_path(slot)).predict(to_mnist(load_image(digit)))
    assert np.allclose(answer["probabilities"], expected.probabilities, atol=1e-5)


def test_predict_arch_of_a_network_not_shipped_says_which_are(digit, capsys):
    assert cli.main(["predict", str(digit), "--arch", "conv3x3-8,relu,fc-10"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "is shipped (only deskew,fc-10" in err and "fc-10)" in err and "Traceback" not in err
