"""Hostile and damaged checkpoints (issue 19, part 5): every field is checked, nothing is run.

A checkpoint is a file from elsewhere. Each case below writes one the way an attacker, a
buggy newer writer or a damaged disk would, and checks that ``checkpoints.load`` refuses it
with one CheckpointError of one line that names the file and says what is wrong (no
TypeError/ValueError/IndexError traceback, no NaN reaching ``predict``, no 50 MB message),
or, for what a newer writer may add, that it is ignored. ``predict --json`` is checked at
the end: its output is always valid JSON.
"""

from __future__ import annotations

import builtins
import io
import json
import math
import os
import pickle
import threading
import zipfile
from pathlib import Path

import pytest
import torch

from mnist_viz.core import checkpoints, models
from mnist_viz.core.checkpoints import CheckpointError
from mnist_viz.core.config import TrainConfig
from tests.helpers import one_line, run_main

#: A message quoting a value from the file stays about this short (besides the file's path).
SHORT = 400


# ------------------------------------------------------------------ helpers
def weights(model_name: str = "softmax") -> dict:
    torch.manual_seed(0)
    return {k: v.clone() for k, v in models.build_model(model_name, init="kaiming").state_dict().items()}


def payload(model_name: str = "softmax", **changes) -> dict:
    value = {
        "format": checkpoints.FORMAT, "format_version": checkpoints.FORMAT_VERSION, "model": model_name,
        "config": {"model": model_name, "preset": "custom", "keep_prob": 0.5}, "step": 12,
        "metrics": {"test_accuracy": 0.9}, "state_dict": weights(model_name), "dataset": "mnist",
    }
    value.update(changes)
    return {k: v for k, v in value.items() if v is not REMOVE}


REMOVE = object()


def write(tmp_path: Path, value, name: str = "hostile.pt", **save_options) -> Path:
    path = tmp_path / name
    with warnings_off():
        torch.save(value, path, **save_options)
    return path


class warnings_off:
    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        self._catch.__exit__(*exc)


def refused(path: Path, *words: str, build: bool = True) -> str:
    """The one-line CheckpointError that loading (and building) ``path`` gives, checked."""
    with pytest.raises(CheckpointError) as caught:
        checkpoint = checkpoints.load(path)
        if build:
            checkpoint.build()
    message = str(caught.value)
    assert "\n" not in message and str(path) in message, message
    assert len(message) - len(str(path)) < SHORT, f"{len(message):,} characters: {message[:300]}..."
    for word in words:
        assert word in message, message
    return message


def rezip(raw: bytes, compress: int = zipfile.ZIP_STORED, change=None) -> bytes:
    """The same torch zip with its members rewritten (compressed, or one changed)."""
    source, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if change is not None:
                data = change(info.filename, data)
            target.writestr(info.filename, data, compress_type=compress)
    return out.getvalue()


def torch_bytes(value, **options) -> bytes:
    buffer = io.BytesIO()
    with warnings_off():
        torch.save(value, buffer, **options)
    return buffer.getvalue()


# ============================================================= metadata of the wrong type
@pytest.mark.parametrize("step, words", [
    ("three hundred", ["step", "a text", "not a whole number"]),   # was a ValueError traceback
    ("300", ["step", "a text"]),                                    # was silently int("300")
    (3.5, ["step", "a number", "not a whole number"]),              # was silently 3
    (True, ["step", "true/false"]),                                 # was silently 1
    (-5, ["step", "-5", "outside 0..2,147,483,647"]),
    (2**80, ["step", "outside"]),
    ([1, 2, 3], ["step", "a list"]),
], ids=["words", "digits-as-text", "float", "bool", "negative", "huge", "list"])
def test_a_step_that_is_not_a_whole_number_in_range_is_refused(tmp_path, step, words):
    refused(write(tmp_path, payload(step=step)), *words)


@pytest.mark.parametrize("config, words", [
    ([("keep_prob", 0.5)], ["configuration", "a list", "not a dict"]),    # was a TypeError/ValueError
    ("lr=0.1", ["configuration", "a text"]),
    ({"keep_prob": "half"}, ["keep_prob", "a text", "not a number"]),     # was a ValueError in build()
    ({"keep_prob": 0.0}, ["keep probability", "(0, 1]"]),
    ({"keep_prob": 7}, ["keep probability"]),
    ({"keep_prob": float("nan")}, ["keep_prob", "nan", "not a finite number"]),
    ({"learning_rate": "fast"}, ["learning_rate", "a text"]),
    ({"learning_rate": -1.0}, ["learning rate", "positive"]),
    ({"batch_size": 10.5}, ["batch_size", "not a whole number"]),
    ({"steps": 2**70}, ["steps", "outside"]),
    ({"seed": "1"}, ["seed", "a text"]),
    ({"optimizer": ["sgd"]}, ["optimizer", "a list", "not a text"]),
    ({"optimizer": "o" * 10_000}, ["optimizer", "10,000 characters long"]),
    ({"model": "cnn"}, ["for the 'cnn' model", "softmax"]),
], ids=["list", "text", "keep-prob-text", "keep-prob-zero", "keep-prob-7", "keep-prob-nan", "lr-text",
        "lr-negative", "batch-float", "steps-huge", "seed-text", "optimizer-list", "optimizer-long", "other-model"])
def test_a_configuration_of_the_wrong_type_or_range_is_refused(tmp_path, config, words):
    refused(write(tmp_path, payload(config=config)), *words)


@pytest.mark.parametrize("metrics, words", [
    ([0.9], ["metrics", "a list", "not a dict"]),                          # was a TypeError
    ({"test_accuracy": "0.9"}, ["test_accuracy", "a text", "not a number"]),  # was a ValueError in predict
    ({"test_accuracy": 7.5}, ["test_accuracy", "7.5", "outside 0..1"]),
    ({"test_accuracy": None}, ["test_accuracy", "nothing"]),
    ({3: 0.5}, ["metrics", "a whole number"]),
], ids=["list", "text", "out-of-range", "none", "int-key"])
def test_metrics_that_are_not_numbers_are_refused(tmp_path, metrics, words):
    refused(write(tmp_path, payload(metrics=metrics)), *words)


def test_metrics_that_are_not_finite_are_dropped_not_shown(tmp_path):
    """A NaN loss (an evaluation that diverged) tells nothing: it is left out, the rest kept."""
    checkpoint = checkpoints.load(write(tmp_path, payload(metrics={"test_accuracy": 0.9, "test_loss": math.nan,
                                                                   "other": math.inf})))
    assert checkpoint.metrics == {"test_accuracy": 0.9}


@pytest.mark.parametrize("dataset, words", [
    ({"name": "mnist"}, ["data set", "a dict", "not a text"]),  # was str(dict), then "unknown data set {...}"
    (["mnist"], ["data set", "a list"]),
    (7, ["data set", "a whole number"]),
    ("emnist", ["unknown data set 'emnist'", "mnist, fashion-mnist, kmnist"]),
], ids=["dict", "list", "int", "unknown"])
def test_a_data_set_that_is_not_a_known_name_is_refused(tmp_path, dataset, words):
    refused(write(tmp_path, payload(dataset=dataset)), *words)


@pytest.mark.parametrize("version, words", [
    ("1", ["format version", "a text", "not a whole number"]),  # was "version 1, newer than ... reads (1)"
    (True, ["format version", "true/false"]),                   # was accepted as version 1
    (0, ["format version 0", "no mnist-viz wrote"]),
    (-3, ["format version -3"]),
    (2**300, ["newer", "an integer of 301 bits", "update mnist-viz"]),
], ids=["text", "bool", "zero", "negative", "huge"])
def test_a_format_version_that_is_not_a_whole_number_is_refused(tmp_path, version, words):
    refused(write(tmp_path, payload(format_version=version)), *words)


def test_unknown_keys_from_a_newer_writer_are_ignored(tmp_path):
    """New top-level fields and new settings must not stop an older mnist-viz from reading the
    weights; the settings it keeps are exactly TrainConfig's (so TrainConfig(**config) works)."""
    value = payload(config={"model": "softmax", "preset": "tutorial-softmax", "learning_rate": 0.01,
                            "future_knob": {"nested": [1, 2]}, "warmup": "cosine"},
                    future_field={"anything": [1, 2, 3]}, provenance="made by mnist-viz 9.0")
    checkpoint = checkpoints.load(write(tmp_path, value))
    assert checkpoint.config == {"model": "softmax", "preset": "tutorial-softmax", "learning_rate": 0.01}
    assert TrainConfig(**checkpoint.config).preset == "tutorial-softmax"
    assert checkpoint.step == 12 and checkpoint.metrics == {"test_accuracy": 0.9}
    checkpoint.build()


# ================================================================ long values are cut short
@pytest.mark.parametrize("field", ["model", "dataset"])
def test_a_very_long_name_is_quoted_cut_short(tmp_path, field):
    """A 1 MB model or data set name: the message quotes its start and end (it was echoed whole)."""
    long_name = "a" * 500_000 + "Z" * 500_000
    message = refused(write(tmp_path, payload(**{field: long_name})))
    assert "aaaa" in message and "ZZZZ" in message and "…" in message


def test_a_50_mb_string_is_refused_before_torch_reads_it(tmp_path):
    """The pickle of a checkpoint holds names and numbers: a 50 MB one is refused from the zip's
    directory, and the message does not quote it."""
    message = refused(write(tmp_path, payload(model="x" * 50_000_000)), "data.pkl", "MB")
    assert "xxxxxxxxxx" not in message


def test_a_long_model_given_as_a_big_list_is_quoted_cut_short(tmp_path):
    message = refused(write(tmp_path, payload(model=list(range(100_000)))), "unknown model")
    assert "99999" not in message


# ========================================================================== the weights
def test_nan_weights_are_refused_naming_the_tensor_and_the_count(tmp_path):
    """Were accepted: predict printed NaN probabilities (and --json wrote invalid JSON)."""
    state = weights("softmax")
    state["W"].view(-1)[:12] = math.nan
    message = refused(write(tmp_path, payload(state_dict=state)), "the tensor W holds 12 NaN values",
                      "diverged: train again")
    assert message == (f"{tmp_path / 'hostile.pt'}: the tensor W holds 12 NaN values; this checkpoint is damaged, "
                       "or was saved from a run that diverged: train again")


def test_infinite_cnn_weights_are_refused(tmp_path):
    state = weights("cnn")
    state["fc1.weight"][0, :3] = math.inf
    state["fc1.weight"][1, 0] = -math.inf
    state["fc1.weight"][2, 0] = math.nan
    refused(write(tmp_path, payload("cnn", state_dict=state)), "fc1.weight", "1 NaN and 4 infinite values")


def test_float64_weights_too_large_for_float32_are_refused(tmp_path):
    """1e300 is finite in float64 but infinite in the model's float32."""
    state = {k: v.double() for k, v in weights("softmax").items()}
    state["b"][3] = 1e300
    refused(write(tmp_path, payload(state_dict=state)), "the tensor b holds 1 infinite values")


def test_compact_weights_whose_scales_are_nan_are_refused(tmp_path):
    cnn = models.build_model("cnn", init="kaiming")
    path = checkpoints.save(tmp_path / "compact.pt", cnn, compact=True)
    value = torch.load(path, weights_only=True)
    value["quantized"]["fc1.weight"]["scale"][5] = math.nan
    refused(write(tmp_path, value), "the tensor fc1.weight holds 3,136 NaN values")


def test_a_wrong_shape_names_the_tensor_and_both_shapes(tmp_path):
    """Was torch's first line, 'Error(s) in loading state_dict for CNN:', naming nothing."""
    state = weights("cnn")
    state["conv1.weight"] = torch.zeros(16, 1, 5, 5)
    message = refused(write(tmp_path, payload("cnn", state_dict=state)))
    assert message.endswith("the weights do not fit the cnn model: conv1.weight has the shape (16, 1, 5, 5), "
                            "but the cnn model's is (32, 1, 5, 5)")


def test_a_tensor_of_a_thousand_dimensions_is_quoted_cut_short(tmp_path):
    state = weights("softmax")
    state["b"] = torch.zeros([1] * 1000)
    refused(write(tmp_path, payload(state_dict=state)), "b has the shape (1, 1, 1", "…")


@pytest.mark.parametrize("change, words", [
    (lambda s: s.pop("b"), ["the tensor b is missing"]),
    (lambda s: s.update({"extra" * 5000: torch.zeros(1)}), ["that the softmax model does not have", "…"]),
    (lambda s: s.update({"W": s["W"].to(torch.int64)}), ["W holds int64 values, not floating-point"]),
    (lambda s: s.update({"W": s["W"].to_sparse()}), ["W is not a plain tensor"]),
    (lambda s: s.update({"W": torch.zeros(784, 10, device="meta")}), ["W is not a plain tensor", "meta"]),
    (lambda s: s.update({7: torch.zeros(1)}), ["named by a whole number"]),
], ids=["missing", "extra-long-name", "integers", "sparse", "meta", "int-name"])
def test_weights_that_are_not_the_models_are_refused_by_load_itself(tmp_path, change, words):
    """load() checks the weights (the window opens a file with load(), then builds): an integer,
    sparse or meta tensor was copied into the model silently, an int key was a TypeError."""
    state = weights("softmax")
    change(state)
    refused(write(tmp_path, payload(state_dict=state)), *words, build=False)


@pytest.mark.parametrize("entry, words", [
    ({"int8": torch.tensor(3, dtype=torch.int8), "scale": torch.ones(1)}, ["damaged compact weights", "fc1.weight"]),
    ({"int8": torch.zeros(1024, 3136, dtype=torch.int8), "scale": torch.ones(7)}, ["damaged compact weights"]),
    ({"int8": torch.zeros(1024, 3136), "scale": torch.ones(1024)}, ["damaged compact weights", "not int8"]),
    ("int8", ["damaged compact weights", "a text"]),
], ids=["0-d", "wrong-scales", "float-values", "text"])
def test_damaged_compact_weights_are_one_line(tmp_path, entry, words):
    """A 0-d int8 tensor was an IndexError traceback."""
    cnn = models.build_model("cnn", init="kaiming")
    value = torch.load(checkpoints.save(tmp_path / "compact.pt", cnn, compact=True), weights_only=True)
    value["quantized"]["fc1.weight"] = entry
    refused(write(tmp_path, value), *words)


# ======================================================================= hostile files
def test_the_old_non_zip_torch_format_is_refused_not_read(tmp_path):
    """torch's pre-1.6 format allocates each storage at the size its pickle declares, before
    reading it: refused (mnist-viz never wrote it) instead of handed to torch."""
    path = tmp_path / "legacy.pt"
    path.write_bytes(torch_bytes(payload(), _use_new_zipfile_serialization=False))
    refused(path, "not a readable checkpoint", "not a PyTorch zip file")


def test_a_legacy_file_declaring_a_terabyte_storage_is_refused_without_allocating(tmp_path):
    raw = torch_bytes({"w": torch.zeros(10)}, _use_new_zipfile_serialization=False)
    at = raw.index(b"cpuq")
    raw = raw[:at] + raw[at:].replace(b"K\nN", b"\x8a\x05\x00\x00\x00\x00\x01N", 1)  # 10 -> 2**32 floats
    path = tmp_path / "terabyte.pt"
    path.write_bytes(raw)
    message = refused(path, "not a PyTorch zip file")
    assert "alloc" not in message


def test_a_zip_that_is_not_a_torch_file_is_named_as_such(tmp_path):
    """An .npz renamed .pt was 'corrupt or truncated: RuntimeError: [enforce fail at inline_container.cc...'."""
    path = tmp_path / "arrays.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("W.npy", b"\x93NUMPY not really")
    refused(path, "is a zip archive but not a PyTorch file")


def test_a_small_deflated_file_declaring_much_is_refused_before_torch_allocates_it(tmp_path, monkeypatch):
    """torch inflates what a zip member declares: a 13 KB file became a 12 MB tensor (a 4 MB one,
    gigabytes). Here the bound is lowered to 8 MB; the real one is MAX_CONTENT_BYTES (256 MB)."""
    monkeypatch.setattr(checkpoints, "MAX_CONTENT_BYTES", 8 * 2**20, raising=False)
    raw = rezip(torch_bytes(payload(state_dict={"W": torch.zeros(3_000_000), "b": torch.zeros(10)})),
                compress=zipfile.ZIP_DEFLATED)
    assert len(raw) < 100_000
    path = tmp_path / "bomb.pt"
    path.write_bytes(raw)
    refused(path, "was refused", "declares 11 MB of contents", "at most 8 MB")


def test_a_zip_with_a_million_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoints, "MAX_MEMBERS", 50, raising=False)
    raw = torch_bytes(payload())
    path = tmp_path / "many.pt"
    with zipfile.ZipFile(path, "w") as archive:
        source = zipfile.ZipFile(io.BytesIO(raw))
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        for index in range(60):
            archive.writestr(f"archive/junk/{index}", b"")
    refused(path, "files (a checkpoint holds a few dozen)")


class Code:
    """Unpickling this creates a file: the stand-in for any code a crafted file runs."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.mark.parametrize("how", ["torch-zip", "plain-pickle", "pickle-in-a-zip-member"])
def test_a_pickle_that_would_run_code_is_refused_and_never_run(tmp_path, monkeypatch, how):
    marker = tmp_path / "pwned"
    loads = []
    real_load = torch.load
    monkeypatch.setattr(torch, "load", lambda *a, **k: loads.append(k) or real_load(*a, **k))
    path = tmp_path / "evil.pt"
    if how == "torch-zip":
        torch.save(payload(metrics=Code(marker)), path)
    elif how == "plain-pickle":
        path.write_bytes(pickle.dumps(payload(metrics=Code(marker)), protocol=2))
    else:  # a torch zip whose data.pkl was replaced by a plain pickle that imports os.system
        evil = pickle.dumps({"format": checkpoints.FORMAT, "x": Code(marker)}, protocol=2)
        path.write_bytes(rezip(torch_bytes(payload()), change=lambda n, d: evil if n.endswith("data.pkl") else d))
    assert not marker.exists()
    message = refused(path, "was refused", "run code")
    assert not marker.exists(), "loading the checkpoint ran code from the file"
    assert all(k.get("weights_only") is True for k in loads), loads   # never weights_only=False
    assert "Weights only load failed" not in message


def test_a_fifo_is_refused_instead_of_blocking(tmp_path):
    """Opening a named pipe blocks until a writer comes: it was handed to torch.load."""
    fifo = tmp_path / "pipe.pt"
    os.mkfifo(fifo)
    outcome: list[BaseException | object] = []
    thread = threading.Thread(target=lambda: outcome.append(_load_or_error(fifo)), daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # unblock it so the test run can end
        with open(fifo, "wb"):
            pass
        thread.join(10)
        pytest.fail("loading a named pipe blocked")
    assert isinstance(outcome[0], CheckpointError) and "not a regular file" in str(outcome[0])


def _load_or_error(path):
    try:
        return checkpoints.load(path)
    except Exception as err:  # noqa: BLE001
        return err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused(tmp_path):
    assert "not a regular file" in str(_load_or_error(Path("/dev/zero")))


def test_a_file_larger_than_any_checkpoint_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "huge.pt"
    with open(path, "wb") as handle:
        handle.truncate(checkpoints.MAX_FILE_BYTES + 1 if hasattr(checkpoints, "MAX_FILE_BYTES") else 300 * 2**20)
    reads = []
    real_load = torch.load
    monkeypatch.setattr(torch, "load", lambda *a, **k: reads.append(a) or real_load(*a, **k))
    refused(path, "larger than any checkpoint")
    assert reads == []


def test_a_file_the_system_refuses_to_read_says_so(tmp_path, monkeypatch):
    """Was 'not a readable checkpoint (corrupt or truncated: PermissionError...)' (tests run as
    root, so the refusal is simulated)."""
    path = checkpoints.save(tmp_path / "locked.pt", models.build_model("softmax"))
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    message = refused(path, "Permission denied", "permissions")
    assert "corrupt" not in message


def test_a_torch_error_is_quoted_on_one_short_line(tmp_path):
    """A torch zip whose tensor record is missing: torch's message is cut to one short line."""
    raw = torch_bytes(payload())
    source, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if "/data/" not in info.filename:
                target.writestr(info.filename, source.read(info.filename))
    path = tmp_path / "no-data.pt"
    path.write_bytes(out.getvalue())
    refused(path, "not a readable checkpoint")


# ================================================================== predict --json
def test_predict_json_refuses_nan_weights_in_one_line(tmp_path, capsys):
    """predict printed 'NaN' in its JSON (invalid JSON) for a checkpoint of NaN weights."""
    from PIL import Image

    state = weights("softmax")
    state["W"][:] = math.nan
    path = write(tmp_path, payload(state_dict=state))
    image = tmp_path / "seven.png"
    Image.new("L", (28, 28), 0).save(image)
    assert run_main(["predict", "--checkpoint", str(path), str(image), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "the tensor W holds 7,840 NaN values" in one_line(captured.err)


def test_predict_json_is_valid_json_even_when_finite_weights_overflow(tmp_path, capsys):
    """Finite but huge weights overflow the logits to infinity and the softmax to NaN: that
    image gets its own error line; what is printed on stdout is always valid JSON."""
    from PIL import Image

    from tests.drawn_digits import draw_digit

    state = weights("softmax")
    state["W"][:] = 3e38
    state["W"][:, 3] = -3e38
    path = write(tmp_path, payload(state_dict=state))
    image = tmp_path / "seven.png"
    Image.fromarray(((1.0 - draw_digit(7)) * 255).astype("uint8"), mode="L").save(image)
    status = run_main(["predict", "--checkpoint", str(path), str(image), str(image), "--json"])
    captured = capsys.readouterr()
    for line in captured.out.splitlines():
        json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in the JSON output"))
    assert status == 2
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2 and all("not a number" in line and str(image) in line for line in errors)
    assert "Traceback" not in captured.err
