"""Files written by mnist-viz 0.1.0 still open: checkpoints, an autosave, recordings.

The fixtures in tests/fixtures/v0_1_0/ were written by the unchanged code of commit c894913
(``scripts/make_legacy_fixtures.py``; tests/fixtures/v0_1_0/README.md lists them). Users
have files like these on disk: when one of these tests fails, a change has stopped reading
a format that is out there. Do not regenerate the fixtures to make it pass: make the
reader read them (a migration when the format version is bumped), and add a folder of
fixtures for the new version beside this one.

The window side (File > Open model..., File > Open recording..., the settings file) is in
tests/gui/test_legacy_gui.py.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from mnist_viz import cli
from mnist_viz.core import checkpoints
from mnist_viz.core.inference import Predictor
from mnist_viz.core.recording import Recording

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "v0_1_0"
#: digits/: real MNIST test images 0-4, as PNG (white ink on black), with their labels.
DIGITS = sorted((FIXTURES / "digits").glob("mnist-test-*.png"))
LABELS = [int(path.stem.rsplit("-", 1)[1]) for path in DIGITS]
AUTOSAVE = next((FIXTURES / "autosave").glob("*.pt"))

#: What each checkpoint fixture holds, as written (see the README). "first500": its accuracy on
#: the first 500 MNIST test images when it was written; "at_least": what the test demands.
CHECKPOINTS = {
    # mnist-viz train --preset tutorial-softmax --steps 300 --checkpoint softmax.pt (float32)
    "softmax.pt": dict(model="softmax", step=300, preset="tutorial-softmax", test_accuracy=0.8793,
                       first500=0.886, at_least=0.85, compact=False),
    # mnist-viz train --preset fast-cnn --steps 300, re-saved with compact=True (make_pretrained.py's way)
    "cnn-compact.pt": dict(model="cnn", step=300, preset="fast-cnn", test_accuracy=0.9859,
                           first500=0.990, at_least=0.97, compact=True),
    # the window's autosave after the tutorial-softmax preset (1,000 steps) ran to its end
    f"autosave/{AUTOSAVE.name}": dict(model="softmax", step=1000, preset="tutorial-softmax", test_accuracy=0.9172,
                                      first500=0.916, at_least=0.88, compact=False),
}


def autosave_module():
    """The module with autosave()/autosaves() (mnist_viz.gui.autosave in 0.1.0, now the window's model files)."""
    pytest.importorskip("PySide6")
    return importlib.import_module("mnist_viz.gui.controllers.model_files")


# ----------------------------------------------------------------- the fixtures themselves
def test_the_fixtures_are_the_files_0_1_0_wrote():
    """SHA256SUMS was written with the fixtures: they must never be rewritten by newer code."""
    listed = {}
    for line in (FIXTURES / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    present = {path.relative_to(FIXTURES).as_posix() for path in FIXTURES.rglob("*")
               if path.is_file() and path.name not in ("SHA256SUMS", "README.md")}
    assert present == set(listed), "files were added to or removed from tests/fixtures/v0_1_0/"
    for name, digest in listed.items():
        assert hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest() == digest, \
            f"{name} was changed: legacy fixtures are what 0.1.0 wrote; add a new version folder instead"
    assert sum((FIXTURES / name).stat().st_size for name in listed) < 5 * 2**20


# ------------------------------------------------------------------------- checkpoints
@pytest.mark.parametrize("name", list(CHECKPOINTS))
def test_a_0_1_0_checkpoint_loads_with_its_metadata(name):
    expected = CHECKPOINTS[name]
    checkpoint = checkpoints.load(FIXTURES / name)
    assert checkpoint.model_name == expected["model"]
    assert checkpoint.step == expected["step"]
    assert checkpoint.dataset == "mnist"
    assert checkpoint.config["model"] == expected["model"]
    assert checkpoint.config["preset"] == expected["preset"]
    assert checkpoint.metrics["test_accuracy"] == pytest.approx(expected["test_accuracy"])  # on all 10,000
    # Also with the checks the window makes (File > Open model... on MNIST).
    checkpoints.load(FIXTURES / name, expect_model=expected["model"], expect_dataset="mnist")
    model, _ = checkpoints.load_model(FIXTURES / name)
    assert sum(p.numel() for p in model.parameters()) == (7850 if expected["model"] == "softmax" else 3_274_634)


def test_the_compact_cnn_checkpoint_still_holds_int8_weights():
    """The fixture really is the compact storage (so the reader's int8 path stays covered)."""
    import torch

    payload = torch.load(FIXTURES / "cnn-compact.pt", map_location="cpu", weights_only=True)
    assert payload["format"] == "mnist-viz-checkpoint" and payload["format_version"] == 1
    assert set(payload["quantized"]) == {"fc1.weight"}
    assert payload["quantized"]["fc1.weight"]["int8"].dtype == torch.int8
    weights = checkpoints.load(FIXTURES / "cnn-compact.pt").state_dict["fc1.weight"]
    assert weights.dtype == torch.float32 and weights.shape == (1024, 3136)


@pytest.mark.parametrize("name", list(CHECKPOINTS))
def test_a_0_1_0_checkpoint_gives_the_probabilities_0_1_0_gave(name):
    """expected-outputs.json: what 0.1.0 computed from this file for the five digits (raw pixels):
    a weight read back wrongly anywhere (a dequantisation, a transposed matrix) changes them."""
    from PIL import Image

    expected = json.loads((FIXTURES / "expected-outputs.json").read_text(encoding="utf-8"))[name]
    predictor = Predictor(checkpoints.load(FIXTURES / name).build())
    assert sorted(expected) == [png.name for png in DIGITS]
    for png, label in zip(DIGITS, LABELS):
        probabilities = predictor.probabilities(np.asarray(Image.open(png), dtype=np.float32) / 255.0)
        assert np.allclose(probabilities, expected[png.name], atol=2e-6), png.name
        assert int(np.argmax(probabilities)) == label


@pytest.mark.parametrize("name", list(CHECKPOINTS))
def test_a_0_1_0_checkpoint_still_classifies_real_mnist(name, real_mnist):
    expected = CHECKPOINTS[name]
    predictor = Predictor(checkpoints.load(FIXTURES / name).build())
    images = real_mnist.test.images[:500].numpy().astype("float32") / 255.0
    labels = real_mnist.test.labels[:500].numpy()
    accuracy = float((predictor.predict_batch(images) == labels).mean())
    # Written with expected["first500"] (chance: 0.10); the weights are read back exactly, so
    # anything much lower means they were read wrongly (transposed, dequantised badly, ...).
    assert accuracy >= expected["at_least"], f"{name}: {accuracy:.3f} on 500 test images, was {expected['first500']}"
    assert accuracy == pytest.approx(expected["first500"], abs=0.005)


@pytest.mark.parametrize("name", list(CHECKPOINTS))
def test_mnist_viz_predict_reads_a_0_1_0_checkpoint(name, capsys):
    assert LABELS == [7, 2, 1, 0, 4]
    code = cli.main(["predict", "--checkpoint", str(FIXTURES / name), *map(str, DIGITS), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    answers = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    assert [answer["digit"] for answer in answers] == LABELS
    assert [answer["path"] for answer in answers] == list(map(str, DIGITS))


# ---------------------------------------------------------------------------- autosave
def test_a_0_1_0_autosave_is_listed_and_kept(tmp_path):
    """Its name pattern (<model>-<preset>-step<N>-<YYYYmmdd-HHMMSS>.pt) and folder are what the
    window lists (File > Open model... starts there); pruning keeps it among the newest."""
    module = autosave_module()
    assert AUTOSAVE.name.startswith("softmax-tutorial-softmax-step1000-")
    folder = tmp_path / "autosave"
    folder.mkdir()
    copy = shutil.copy2(AUTOSAVE, folder / AUTOSAVE.name)
    assert module.autosaves(folder) == [Path(copy)]
    assert module.prune(folder) == []
    assert checkpoints.load(module.autosaves(folder)[0]).step == 1000


# --------------------------------------------------------------------------- recordings
def copied(tmp_path, name: str) -> Path:
    """A copy of a fixture folder (a reader must never write next to the committed files)."""
    return Path(shutil.copytree(FIXTURES / name, tmp_path / name))


def test_a_0_1_0_softmax_recording_opens(tmp_path):
    # mnist-viz train --preset tutorial-softmax --steps 100 --eval-every 50 --record-every 25 --record DIR
    recording = Recording.open(copied(tmp_path, "recording-softmax"))
    assert recording.model == "softmax"
    assert recording.manifest["format_version"] == 1 and recording.manifest["app_version"] == "0.1.0"
    assert recording.config["preset"] == "tutorial-softmax" and recording.config["steps"] == 100
    assert recording.manifest["dataset"] == "mnist"
    assert recording.finished == "completed" and recording.last_step == 100
    assert recording.snapshot_steps.tolist() == [0, 1, 25, 50, 75, 100]
    assert recording.parts == ["distributions", "evidence", "input", "probabilities", "softmax_weights"]

    metrics = recording.metrics
    assert metrics["step"].tolist() == list(range(1, 101))
    assert np.isfinite(metrics["loss"]).all() and metrics["loss"][-10:].mean() < metrics["loss"][:10].mean()
    assert np.allclose(metrics["learning_rate"], 0.01)
    assert recording.evaluations["step"].tolist() == [50, 100]
    assert recording.evaluations["test_accuracy"].tolist() == pytest.approx([0.8682, 0.8918])

    snapshot = recording.snapshot(100)
    assert snapshot.step == 100 and snapshot.probe_index == 0 and snapshot.probe_label == 7
    shapes = {part: snapshot.arrays[part].shape for part in ("softmax_weights", "evidence", "input", "probabilities")}
    assert shapes == {"softmax_weights": (10, 28, 28), "evidence": (10, 28, 28), "input": (28, 28),
                      "probabilities": (10,)}
    assert float(np.sum(snapshot.arrays["probabilities"])) == pytest.approx(1.0, abs=0.01)
    assert int(np.argmax(snapshot.arrays["probabilities"])) == 7  # the probe, test image 0, is a 7
    # The weights moved between snapshots; the step-0 weights are the tutorial's zeros.
    assert not np.allclose(recording.snapshot(25).arrays["softmax_weights"], snapshot.arrays["softmax_weights"])
    assert np.count_nonzero(recording.snapshot(0).arrays["softmax_weights"]) == 0

    evaluations = recording.evaluated_events(100)
    assert [int(e.confusion.sum()) for e in evaluations] == [10000, 10000]
    assert len(evaluations[-1].predictions) == 10000
    assert len(recording.step_events(100)) == 100
    assert [s.step for s in recording.distribution_history(100)] == [0, 1, 25, 50, 75, 100]
    assert recording.run_started().total_steps == 100


def test_a_0_1_0_cnn_recording_opens(tmp_path):
    # mnist-viz train --preset tutorial-cnn --steps 1 --eval-every 1 --record DIR (2 snapshots)
    recording = Recording.open(copied(tmp_path, "recording-cnn"))
    assert recording.model == "cnn" and recording.manifest["format_version"] == 1
    assert recording.snapshot_steps.tolist() == [0, 1]
    assert recording.metrics["step"].tolist() == [1]
    assert recording.evaluations["step"].tolist() == [1]
    snapshot = recording.snapshot(1)
    shapes = {part: array.shape for part, array in snapshot.arrays.items() if not part.startswith("dist/")}
    assert shapes == {"conv1_filters": (32, 5, 5), "conv2_filters": (64, 32, 5, 5), "input": (28, 28),
                      "conv1": (32, 28, 28), "pool1": (32, 14, 14), "conv2": (64, 14, 14), "pool2": (64, 7, 7),
                      "fc1": (1024,), "probabilities": (10,)}
    assert all(array.dtype == np.float32 for part, array in snapshot.arrays.items() if not part.startswith("dist/"))
    assert float(np.sum(snapshot.arrays["probabilities"])) == pytest.approx(1.0, abs=0.01)
    assert len(recording.distribution_history(1)) == 2


@pytest.mark.parametrize(("name", "panel"), [("recording-softmax", "softmax-weights"), ("recording-cnn", "conv1")])
def test_mnist_viz_export_reads_a_0_1_0_recording(tmp_path, capsys, name, panel):
    out = tmp_path / f"{panel}.png"
    assert cli.main(["export", str(copied(tmp_path, name)), "--panel", panel, "--out", str(out)]) == 0, \
        capsys.readouterr().err
    from PIL import Image

    with Image.open(out) as image:
        assert image.width > 28 and image.height > 28
