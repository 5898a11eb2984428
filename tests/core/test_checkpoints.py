"""Checkpoints: what is saved comes back, a crash mid-save loses nothing, and a file that
is broken, foreign or malicious is refused without running anything from it."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
import torch

from mnist_viz.core import checkpoints, models
from mnist_viz.core.checkpoints import CheckpointError
from mnist_viz.core.training import PRESETS, TrainConfig


@pytest.fixture
def cnn():
    torch.manual_seed(0)
    return models.build_model("cnn", init="kaiming")


def payload_bytes(payload) -> bytes:
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return buffer.getvalue()


def valid_payload(model_name: str = "softmax", **changes) -> dict:
    model = models.build_model(model_name)
    payload = {
        "format": checkpoints.FORMAT, "format_version": checkpoints.FORMAT_VERSION, "model": model_name,
        "config": {}, "step": 0, "metrics": {}, "state_dict": dict(model.state_dict()),
    }
    payload.update(changes)
    return payload


def assert_refused(path: Path, *words: str, expect_model: str | None = None) -> str:
    with pytest.raises(CheckpointError) as err:
        checkpoints.load(path, expect_model=expect_model)
    message = str(err.value)
    assert str(path) in message and "\n" not in message, message
    for word in words:
        assert word in message, message
    return message


# -------------------------------------------------------------- round trip

def test_weights_config_step_and_metrics_come_back(tmp_path, cnn):
    config = PRESETS["tutorial-cnn"].replace(seed=5, steps=321)
    path = checkpoints.save(tmp_path / "run" / "cnn.pt", cnn, config, step=321,
                            metrics={"test_accuracy": 0.9876, "test_loss": 0.05})

    loaded = checkpoints.load(path, expect_model="cnn")

    assert loaded.model_name == "cnn" and loaded.step == 321
    assert loaded.metrics == {"test_accuracy": 0.9876, "test_loss": 0.05}
    assert TrainConfig(**loaded.config) == config
    original = cnn.state_dict()
    assert loaded.state_dict.keys() == original.keys()
    for name, tensor in original.items():
        assert torch.equal(loaded.state_dict[name], tensor), name


def test_a_loaded_model_predicts_exactly_as_the_saved_one(tmp_path, cnn):
    path = checkpoints.save(tmp_path / "cnn.pt", cnn, step=1)
    model, checkpoint = checkpoints.load_model(path)
    images = torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        assert torch.equal(model(images), cnn.eval()(images))
    assert not model.training and checkpoint.step == 1


def test_a_plain_torch_load_reads_the_documented_format(tmp_path):
    model = models.build_model("softmax")
    path = checkpoints.save(tmp_path / "softmax.pt", model, {"learning_rate": 0.01}, step=7)
    payload = torch.load(path, weights_only=True)
    assert payload["format"] == "mnist-viz-checkpoint" and payload["format_version"] == 1
    assert payload["model"] == "softmax" and payload["step"] == 7
    assert set(payload["state_dict"]) == {"W", "b"}


# ----------------------------------------------------------------- atomic

@pytest.mark.parametrize("crash", [OSError(28, "No space left on device"), RuntimeError("power cut")],
                         ids=["disk-full", "crash"])
def test_a_crash_during_save_keeps_the_previous_file(tmp_path, monkeypatch, crash):
    path = tmp_path / "model.pt"
    old_model = models.build_model("softmax")
    checkpoints.save(path, old_model, step=1)
    before = path.read_bytes()
    real_save = torch.save

    def half_then_crash(obj, stream, *args, **kwargs):
        whole = io.BytesIO()
        real_save(obj, whole)
        stream.write(whole.getvalue()[: len(whole.getvalue()) // 2])
        raise crash

    monkeypatch.setattr(torch, "save", half_then_crash)
    new_model = models.build_model("softmax", init="kaiming")
    with pytest.raises((CheckpointError, RuntimeError)) as err:
        checkpoints.save(path, new_model, step=2)
    if isinstance(crash, OSError):
        assert err.type is CheckpointError and str(path) in str(err.value)
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert checkpoints.load(path).step == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.pt"]  # no temporary file left


def test_saving_into_an_unwritable_place_is_a_checkpoint_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(CheckpointError) as err:
        checkpoints.save(blocker / "model.pt", models.build_model("softmax"))
    assert str(blocker / "model.pt") in str(err.value)


# ------------------------------------------------------------------ refused

def test_a_missing_file_or_a_folder_is_refused(tmp_path):
    assert_refused(tmp_path / "nothing.pt", "does not exist")
    assert_refused(tmp_path, "is a folder")


@pytest.mark.parametrize("content", [b"", b"hello, I am a text file", bytes(range(256)) * 4],
                         ids=["empty", "text", "garbage"])
def test_a_corrupt_file_is_refused(tmp_path, content):
    path = tmp_path / "broken.pt"
    path.write_bytes(content)
    assert_refused(path, "not a readable checkpoint")


def test_a_truncated_checkpoint_is_refused(tmp_path, cnn):
    path = checkpoints.save(tmp_path / "cnn.pt", cnn)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert_refused(path, "not a readable checkpoint")


def test_a_pytorch_file_that_is_not_a_checkpoint_is_refused(tmp_path):
    path = tmp_path / "weights.pt"
    torch.save({"fc.weight": torch.zeros(3, 3)}, path)
    assert_refused(path, "not an mnist-viz checkpoint")


def test_a_checkpoint_of_the_other_model_is_refused_when_a_model_is_expected(tmp_path):
    path = checkpoints.save(tmp_path / "softmax.pt", models.build_model("softmax"))
    message = assert_refused(path, expect_model="cnn")
    assert "softmax" in message and "cnn" in message
    assert checkpoints.load(path, expect_model="softmax").model_name == "softmax"


def test_a_newer_format_version_is_refused(tmp_path):
    path = tmp_path / "future.pt"
    path.write_bytes(payload_bytes(valid_payload(format_version=checkpoints.FORMAT_VERSION + 1)))
    assert_refused(path, "newer", "update mnist-viz")


def test_weights_that_do_not_fit_the_model_are_refused(tmp_path):
    path = tmp_path / "wrong-shape.pt"
    path.write_bytes(payload_bytes(valid_payload(state_dict={"W": torch.zeros(5, 5), "b": torch.zeros(10)})))
    with pytest.raises(CheckpointError, match="do not fit the softmax model"):
        checkpoints.load_model(path)


class Payload:
    """Unpickling this object creates a file: the stand-in for any code a crafted file runs."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.mark.parametrize("writer", ["torch.save", "pickle.dump"])
def test_a_malicious_file_is_refused_and_its_code_never_runs(tmp_path, writer):
    marker = tmp_path / "pwned"
    payload = valid_payload(metrics=Payload(marker))
    path = tmp_path / "evil.pt"
    if writer == "torch.save":
        torch.save(payload, path)
    else:
        with open(path, "wb") as stream:
            pickle.dump(payload, stream, protocol=2)
    assert not marker.exists()

    message = assert_refused(path, "refused")
    assert not marker.exists(), "loading the checkpoint ran code from the file"
    assert "run code" in message

    # The test's payload does work when unpickled without protection:
    pickle.loads(pickle.dumps(Payload(marker))).close()
    assert marker.exists()
