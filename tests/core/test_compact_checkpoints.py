"""Compact checkpoints (int8 + per-row scales): small files, same answers, still weights-only."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnist_viz.core import checkpoints
from mnist_viz.core.inference import Predictor
from mnist_viz.core.models import build_model
from tests.shipped import require_pretrained
from tests.shipped import require_pretrained

FIVE_MIB = 5 * 1024 * 1024


@pytest.fixture(scope="module")
def cnn_model():
    torch.manual_seed(0)
    return build_model("cnn", init="kaiming").eval()


def test_compact_cnn_is_small_and_loads_back_close(tmp_path, cnn_model):
    full = checkpoints.save(tmp_path / "full.pt", cnn_model)
    compact = checkpoints.save(tmp_path / "compact.pt", cnn_model, compact=True)
    assert compact.stat().st_size < full.stat().st_size / 3
    assert compact.stat().st_size < FIVE_MIB
    loaded = checkpoints.load(compact)
    original = cnn_model.state_dict()
    assert loaded.state_dict.keys() == original.keys()
    for name, tensor in original.items():
        restored = loaded.state_dict[name]
        assert restored.dtype == torch.float32 and restored.shape == tensor.shape
        # Rounding to the nearest of 255 levels per row: at most half a step off.
        step = tensor.reshape(tensor.shape[0], -1).abs().amax(dim=1) / 127
        error = (restored - tensor).reshape(tensor.shape[0], -1).abs().amax(dim=1)
        assert torch.all(error <= step / 2 + 1e-7), name
    images = torch.rand(64, 1, 28, 28)
    with torch.no_grad():
        before = cnn_model(images).argmax(1)
        after = loaded.build()(images).argmax(1)
    assert (before == after).float().mean() >= 0.95


def test_compact_files_are_plain_weights(tmp_path, cnn_model):
    path = checkpoints.save(tmp_path / "compact.pt", cnn_model, compact=True)
    payload = torch.load(path, weights_only=True)    # no code runs, nothing refused
    assert payload["format_version"] == 1
    assert payload["quantized"]["fc1.weight"]["int8"].dtype == torch.int8
    assert "fc1.weight" not in payload["state_dict"]


def test_small_models_and_plain_saves_are_stored_exactly(tmp_path):
    model = build_model("softmax", init="kaiming")
    for compact in (False, True):
        loaded = checkpoints.load(checkpoints.save(tmp_path / f"s{compact}.pt", model, compact=compact))
        for name, tensor in model.state_dict().items():
            assert torch.equal(loaded.state_dict[name], tensor)


def test_damaged_compact_weights_are_reported(tmp_path, cnn_model):
    path = checkpoints.save(tmp_path / "compact.pt", cnn_model, compact=True)
    payload = torch.load(path, weights_only=True)
    del payload["quantized"]["fc1.weight"]["scale"]
    torch.save(payload, path)
    with pytest.raises(checkpoints.CheckpointError, match="damaged compact weights"):
        checkpoints.load(path)


@pytest.mark.parametrize("model_name", ["softmax", "cnn", "softmax-plain"])
def test_shipped_checkpoints_fit_the_repository_and_keep_their_accuracy(model_name, real_mnist):
    from mnist_viz.core.config import shipped_model

    path = checkpoints.pretrained_path(model_name)
    require_pretrained(model_name)  # fails, never skips, where the checkout lacks it
    assert path.stat().st_size < FIVE_MIB
    checkpoint = checkpoints.load(path, expect_model=shipped_model(model_name))  # softmax.pt: deskew,fc-10
    predictor = Predictor.from_checkpoint(path)
    # scripts/make_pretrained.py measured the accuracy on the compact weights (and checked it
    # was within 0.1 point of the float32 weights) before writing the file.
    recorded = checkpoint.metrics["test_accuracy"]
    assert recorded > (0.99 if model_name == "cnn" else 0.9)
    # Softmax: the whole test set, exactly. CNN: every fifth image keeps it fast (its accuracy
    # varies by a tenth of a point between such subsets; softmax's by a whole point).
    stride = 5 if model_name == "cnn" else 1
    images = real_mnist.test.images[::stride].numpy().astype(np.float32) / 255.0
    accuracy = float((predictor.predict_batch(images) == real_mnist.test.labels[::stride].numpy()).mean())
    assert accuracy == pytest.approx(recorded, abs=0.003 if stride > 1 else 1e-4)
