"""Augmentation as a setting (issue 20, item 3): the config field, the presets, the command line."""

from __future__ import annotations

import pytest

from mnist_viz.core.config import PRESETS, TrainConfig
from tests.helpers import run_main


def test_the_tutorial_presets_train_unaugmented_and_the_canvas_presets_augmented():
    assert all(PRESETS[name].augment == "none" for name in ("tutorial-softmax", "tutorial-cnn", "fast-cnn"))
    assert PRESETS["canvas-cnn"].augment == "canvas" and PRESETS["canvas-softmax"].augment == "canvas-light"
    assert TrainConfig().augment == "none"  # a config saved before the field existed trained unaugmented


def test_an_unknown_recipe_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match="augment must be one of none, canvas, canvas-light"):
        TrainConfig(augment="wobbly")


def test_train_augment_reaches_the_trainer(monkeypatch, real_mnist):
    from mnist_viz.core import training

    seen = []
    original = training.Trainer.__init__

    def spy(self, config, *args, **kwargs):
        seen.append(config.augment)
        original(self, config, *args, **kwargs)

    monkeypatch.setattr(training.Trainer, "__init__", spy)
    code = run_main(["train", "--model", "softmax", "--steps", "3", "--eval-every", "0", "--augment", "canvas-light",
                     "--json", "--quiet", "--no-download"])
    assert code == 0
    assert seen == ["canvas-light"]
