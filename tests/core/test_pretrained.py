"""The shipped checkpoints (resources/pretrained/): trained for handwriting unlike MNIST's.

Issue 20's targets, measured on the project's own sets (core.robustness, seed 20, the
sets the README reports, on the first PER_SET MNIST test digits: enough for a mean that
moves by a few tenths of a point at most): the CNN keeps >= 99.3 % on MNIST's whole test
set and reads >= 96 % of the digits unlike MNIST's; the softmax, softmax regression on
deskewed digits (``deskew,fc-10``: core.deskew straightens, sizes and centres each digit
before its one fc layer), reads >= 85 % of them and keeps MNIST test accuracy at least the
tutorial softmax's (about 92 %). The files carry their architecture and how they were
trained, and checkpoints written before the "arch" field still load.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from mnist_viz.core import checkpoints, networks, robustness
from mnist_viz.core.inference import Predictor
from tests.shipped import require_pretrained

ROOT = Path(__file__).resolve().parents[2]
OLD_FIXTURES = ROOT / "tests" / "fixtures" / "v0_1_0"
PER_SET = 1000
#: Issue 20's targets for the CNN.
CNN_MNIST, CNN_UNLIKE = 0.993, 0.96
#: Issue 20's target for the softmax, and the tutorial softmax's MNIST test accuracy (91.7 %-92 %).
SOFTMAX_UNLIKE, SOFTMAX_MNIST = 0.85, 0.92
#: The shipped networks: the softmax slot holds softmax regression on deskewed digits.
SHIPPED_ARCH = {"softmax": "deskew,fc-10", "cnn": networks.architecture("cnn")}


def test_the_shipped_networks_are_what_their_presets_train():
    from mnist_viz.core.config import shipped_model, shipped_slot

    assert {name: networks.architecture(shipped_model(name)) for name in SHIPPED_ARCH} == SHIPPED_ARCH
    assert networks.model_id("deskew,fc-10") == shipped_model("softmax")  # the canonical text core.networks accepts
    assert (shipped_slot("deskew,fc-10"), shipped_slot("cnn"), shipped_slot("softmax")) == ("softmax", "cnn", "softmax-plain")
    assert shipped_slot("conv3x3-8,relu,fc-10") is None


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shipped() -> dict[str, checkpoints.Checkpoint]:
    require_pretrained()
    return {name: checkpoints.load(checkpoints.pretrained_path(name)) for name in ("softmax", "cnn")}


@pytest.fixture(scope="module")
def predictors(shipped) -> dict[str, Predictor]:
    return {name: Predictor.pretrained(name) for name in shipped}


@pytest.fixture(scope="module")
def sets(real_mnist) -> list[robustness.TestSet]:
    """The README's sets (seed 20) on PER_SET digits each, and tests/drawn_digits.py's drawings."""
    made = robustness.build_sets(real_mnist.test.images, real_mnist.test.labels, count=PER_SET)
    return [s for s in made if s.name != "mnist-test"] + [_script("eval_robustness").test_drawings()]


def unlike_mnist(predictor: Predictor, sets) -> dict[str, float]:
    scores = robustness.evaluate(predictor, sets)
    return {**scores, "mean": float(np.mean(list(scores.values())))}


def test_the_files_carry_their_architecture_and_how_they_were_trained(shipped):
    import torch

    for name, checkpoint in shipped.items():
        path = checkpoints.pretrained_path(name)
        assert path.stat().st_size < 5 * 1024 * 1024, f"{path} is over the repository's 5 MiB limit"
        payload = torch.load(path, weights_only=True, map_location="cpu")
        assert payload["arch"] == SHIPPED_ARCH[name], f"{path} does not say its architecture"
        assert payload["dataset"] == "mnist"
        assert checkpoint.arch == payload["arch"]
    cnn, softmax = shipped["cnn"].config, shipped["softmax"].config
    assert (cnn["preset"], cnn["augment"]) == ("canvas-cnn", "canvas")
    assert (softmax["preset"], softmax["augment"]) == ("canvas-softmax", "canvas-light")
    assert cnn["steps"] == shipped["cnn"].step - int(shipped["cnn"].metrics.get("outlier_exposure_steps", 0))


@pytest.mark.parametrize("name, floor", [("cnn", CNN_MNIST), ("softmax", SOFTMAX_MNIST)])
def test_the_shipped_models_keep_mnist_test_accuracy(real_mnist, predictors, name, floor):
    images = real_mnist.test.images.numpy().astype(np.float32) / 255.0
    accuracy = float((predictors[name].predict_batch(images) == real_mnist.test.labels.numpy()).mean())
    assert accuracy >= floor, f"the shipped {name} reads {accuracy:.2%} of MNIST's test set"


def test_the_shipped_cnn_reads_handwriting_unlike_mnist(predictors, sets):
    scores = unlike_mnist(predictors["cnn"], sets)
    assert scores["mean"] >= CNN_UNLIKE, f"the shipped CNN reads {scores['mean']:.2%} unlike MNIST: {scores}"
    assert min(scores.values()) >= 0.9, scores  # no set it gives up on


def test_the_shipped_softmax_reads_85_percent_of_handwriting_unlike_mnist(predictors, sets):
    """Issue 20 asks for 85 %. On the plain pixels softmax regression stopped at 81.6 % (the
    unaugmented one: 75.7 %): a slant or a change of size moves the ink off its one template
    per digit. Deskewed (and sized) first, the same recipe reads about 90 %."""
    scores = unlike_mnist(predictors["softmax"], sets)
    assert scores["mean"] >= SOFTMAX_UNLIKE, f"the shipped softmax reads {scores['mean']:.2%} unlike MNIST: {scores}"


@pytest.mark.parametrize("name", ["softmax.pt", "cnn-compact.pt"])
def test_checkpoints_from_before_the_arch_field_still_load(name, real_mnist):
    import torch

    path = OLD_FIXTURES / name
    assert "arch" not in torch.load(path, weights_only=True, map_location="cpu")
    checkpoint = checkpoints.load(path)
    predictor = Predictor.from_checkpoint(path)
    images = real_mnist.test.images[:200].numpy().astype(np.float32) / 255.0
    accuracy = float((predictor.predict_batch(images) == real_mnist.test.labels[:200].numpy()).mean())
    assert checkpoint.model_name in ("softmax", "cnn") and accuracy > 0.85


def test_the_plain_softmax_is_the_tutorial_network_with_the_same_recipe(real_mnist):
    """softmax-plain.pt: what "Softmax regression" shows before a run (the shipped softmax is deskew,fc-10)."""
    require_pretrained()
    checkpoint = checkpoints.load(checkpoints.pretrained_path("softmax-plain"))
    assert checkpoint.model_name == "softmax" and checkpoints.shipped_path("softmax").name == "softmax-plain.pt"
    assert (checkpoint.config["preset"], checkpoint.config["augment"]) == ("canvas-softmax", "canvas-light")
    predictor = Predictor.pretrained("softmax-plain")
    images = real_mnist.test.images.numpy().astype(np.float32) / 255.0
    accuracy = float((predictor.predict_batch(images) == real_mnist.test.labels.numpy()).mean())
    assert accuracy >= 0.92, f"the plain shipped softmax reads {accuracy:.2%} of MNIST's test set"
