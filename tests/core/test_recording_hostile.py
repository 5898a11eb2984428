"""Hostile and damaged recordings: the reader stays inside the folder and within bounds.

A recording is a folder that may come from anywhere (shared, downloaded, edited by hand).
Each test below damages a copy of a recording that mnist-viz 0.1.0 wrote
(tests/fixtures/v0_1_0/recording-*) the way an attacker or a clumsy user would, and checks
that ``Recording.open`` (and what a replay or an export calls after it) refuses it with one
RecordingError of one line that names the file and says what is wrong, that nothing outside
the folder is read, and that nothing large is allocated on the word of a file header. The
command line (``mnist-viz open`` / ``export``) is checked at the end; the window is in
tests/gui/test_recording_hostile_gui.py.
"""

from __future__ import annotations

import io
import json
import math
import os
import pickle
import re
import shutil
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from mnist_viz.core import stats
from mnist_viz.core.recording import (DIST_LAYERS, MAX_JSON_DEPTH, MAX_MANIFEST_BYTES, MAX_METRIC_STEPS,
                                      PART_SHAPES, Recording, RecordingError)
from tests.helpers import one_line, run_main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1_0"
CHUNK, METRICS, MANIFEST = "chunk-0000.npz", "metrics.npz", "manifest.json"


# ------------------------------------------------------------------ helpers
@pytest.fixture
def softmax(tmp_path) -> Path:
    """A copy of the 0.1.0 softmax recording (steps 0, 1, 25, 50, 75, 100) that a test may damage."""
    return Path(shutil.copytree(FIXTURES / "recording-softmax", tmp_path / "rec"))


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder next to the recording, holding a valid chunk and metrics file a manifest must not reach."""
    folder = tmp_path / "outside"
    folder.mkdir()
    for name in (CHUNK, METRICS, MANIFEST):
        shutil.copy(FIXTURES / "recording-softmax" / name, folder / name)
    return folder


def edit_manifest(folder: Path, change: Callable[[dict], object]) -> None:
    path = folder / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def edit_npz(path: Path, change: Callable[[dict], object]) -> None:
    with np.load(path) as npz:
        arrays = {key: npz[key] for key in npz.files}
    change(arrays)
    with open(path, "wb") as file:
        np.savez_compressed(file, **arrays)


def npy_bytes(header: dict, payload: bytes = b"") -> bytes:
    """An .npy file with any header (a shape or dtype numpy would not write for the payload)."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue() + payload


def replace_member(path: Path, key: str, content: bytes | Callable[[zipfile.ZipFile], None]) -> None:
    """Rewrite the .npz at ``path`` with the member ``key`` replaced by raw ``content`` (or
    written by ``content(zip)``)."""
    with zipfile.ZipFile(path) as old:
        members = [(info.filename, old.read(info)) for info in old.infolist() if info.filename != key + ".npy"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members:
            new.writestr(name, data)
        if callable(content):
            content(new)
        else:
            new.writestr(key + ".npy", content)


def refused(folder: Path, pattern: str) -> str:
    """The one-line RecordingError opening ``folder`` gives, checked to match ``pattern``."""
    with pytest.raises(RecordingError) as caught:
        Recording.open(folder)
    text = str(caught.value)
    assert type(caught.value) is RecordingError
    assert "\n" not in text and "\r" not in text, f"not one line: {text!r}"
    assert len(text) < 600, f"{len(text)} characters: {text[:300]}..."
    assert re.search(pattern, text), f"{pattern!r} not in {text!r}"
    return text


def peak_bytes_while(action: Callable[[], object]) -> int:
    """The most memory (Python and numpy) allocated at once while ``action`` runs."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        try:
            action()
        except RecordingError:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def everything(recording: Recording) -> None:
    """What a replay and an export ask of a recording."""
    last = recording.last_step
    for step in recording.snapshot_steps.tolist():
        recording.snapshot(step)
    recording.step_events(last)
    recording.evaluated_events(last)
    recording.distribution_history(last)
    recording.run_started()
    for part in recording.parts:
        if part != "distributions":
            list(recording.frames(part))


# ------------------------------------------------------------ what is known
def test_the_part_shapes_the_reader_checks_are_the_models():
    """PART_SHAPES and DIST_LAYERS are what the live models give (else good recordings would be refused)."""
    import torch

    from mnist_viz.core.models import DeepMnistCNN, SoftmaxRegression

    for name, model in (("softmax", SoftmaxRegression()), ("cnn", DeepMnistCNN())):
        with torch.no_grad():
            shapes = {part: tuple(value.shape) for part, value in model.weights().items()}
            shapes.update({part: tuple(value.shape[1:])
                           for part, value in model.activations(torch.zeros(1, 1, 28, 28)).items()})
        assert shapes == PART_SHAPES[name]
        assert tuple(stats.layer_weights(model)) == DIST_LAYERS[name]


def test_recordings_as_mnist_viz_writes_them_still_open_whole(tmp_path):
    for name in ("recording-softmax", "recording-cnn"):
        everything(Recording.open(shutil.copytree(FIXTURES / name, tmp_path / name)))


# ------------------------------------------------------- paths stay inside
def test_a_chunk_path_with_dotdot_is_refused_not_followed(softmax, outside):
    edit_manifest(softmax, lambda m: m["chunks"][0].update(file=f"../outside/{CHUNK}"))
    (softmax / CHUNK).unlink()
    refused(softmax, rf"manifest\.json: the chunk path '\.\./outside/{CHUNK}' leaves the recording folder; "
                     "this folder was not written by mnist-viz, or was edited by hand$")


def test_a_metrics_path_with_dotdot_is_refused_not_followed(softmax, outside):
    edit_manifest(softmax, lambda m: m.update(metrics=f"sub/../../outside/{METRICS}"))
    refused(softmax, r"manifest\.json: the metrics path 'sub/\.\./\.\./outside/metrics\.npz' leaves the recording")


def test_an_absolute_chunk_path_is_refused(softmax, outside):
    edit_manifest(softmax, lambda m: m["chunks"][0].update(file=str(outside / CHUNK)))
    refused(softmax, r"manifest\.json: the chunk path '/.*'…? is absolute, and a recording "
                     "only names files in its own folder")


def test_an_absolute_metrics_path_is_refused(softmax, outside):
    edit_manifest(softmax, lambda m: m.update(metrics=str(outside / METRICS)))
    refused(softmax, r"the metrics path .* is absolute")


def test_a_windows_drive_path_is_refused(softmax):
    edit_manifest(softmax, lambda m: m["chunks"][0].update(file="C:/Users/someone/chunk-0000.npz"))
    refused(softmax, r"the chunk path 'C:/Users/someone/chunk-0000\.npz' is absolute")


def test_a_chunk_that_links_out_of_the_folder_is_refused(softmax, outside):
    (softmax / CHUNK).unlink()
    (softmax / CHUNK).symlink_to(outside / CHUNK)
    refused(softmax, rf"rec/{CHUNK} is a link to '/.*/outside/{CHUNK}', outside the recording folder, which "
                     "mnist-viz does not follow; replace the link with a copy of the file$")


def test_a_manifest_that_links_out_of_the_folder_is_refused(softmax, outside):
    (softmax / MANIFEST).unlink()
    (softmax / MANIFEST).symlink_to(outside / MANIFEST)
    refused(softmax, r"rec/manifest\.json is a link to .*outside the recording folder")


def test_a_link_inside_the_folder_is_followed(softmax):
    (softmax / CHUNK).rename(softmax / "real-chunk.npz")
    (softmax / CHUNK).symlink_to("real-chunk.npz")
    everything(Recording.open(softmax))


def test_a_chunk_name_with_a_newline_keeps_the_message_on_one_line(softmax):
    edit_manifest(softmax, lambda m: m["chunks"][0].update(file="chunk\n-0000.npz"))
    refused(softmax, r"the chunk file name 'chunk\\n-0000\.npz' is not a plain file name")


def test_a_chunk_name_of_10000_characters_is_cut_short_in_the_message(softmax):
    edit_manifest(softmax, lambda m: m["chunks"][0].update(file="../" + "a" * 10_000))
    text = refused(softmax, r"the chunk file name '\.\./a+…a+' is not a plain file name")
    assert "a" * 50 not in text


def test_a_chunk_that_is_a_pipe_is_refused_without_waiting_on_it(softmax):
    (softmax / CHUNK).unlink()
    os.mkfifo(softmax / CHUNK)
    refused(softmax, rf"rec/{CHUNK} is not a regular file")


# --------------------------------------------------- arrays within bounds
def test_a_huge_shape_in_a_chunk_header_is_refused_before_allocating(softmax):
    header = {"descr": "<f8", "fortran_order": False, "shape": (100_000, 100_000)}  # 80 GB declared, 1 KB there
    replace_member(softmax / CHUNK, "s000100/softmax_weights", npy_bytes(header, bytes(1024)))
    peak = peak_bytes_while(lambda: refused(softmax, r"chunk-0000\.npz: the array 's000100/softmax_weights' has "
                                                     r"the shape \(100000, 100000\), not the float array of shape "
                                                     r"\(10, 28, 28\) mnist-viz writes"))
    assert peak < 64 * 2**20


def test_a_huge_length_in_a_metrics_header_is_refused_before_allocating(softmax):
    header = {"descr": "<i8", "fortran_order": False, "shape": (3_000_000_000,)}  # 24 GB declared
    replace_member(softmax / METRICS, "step", npy_bytes(header, bytes(800)))
    peak = peak_bytes_while(lambda: refused(softmax, rf"metrics\.npz: the array 'step' declares 3,000,000,000 "
                                                     rf"values, more than the {MAX_METRIC_STEPS:,} mnist-viz reads"))
    assert peak < 64 * 2**20


def test_a_zip_bomb_is_refused_before_it_is_inflated(softmax):
    """160 MB of zeros in a 160 KB member: refused from its header, never decompressed."""
    count = 20_000_000

    def bomb(archive: zipfile.ZipFile) -> None:
        with archive.open("step.npy", "w", force_zip64=True) as member:
            np.lib.format.write_array_header_1_0(member, {"descr": "<i8", "fortran_order": False, "shape": (count,)})
            zeros = bytes(2**20)
            for _ in range(count * 8 // len(zeros)):
                member.write(zeros)

    replace_member(softmax / METRICS, "step", bomb)
    assert (softmax / METRICS).stat().st_size < 2 * 2**20
    peak = peak_bytes_while(lambda: refused(softmax, r"metrics\.npz: the array 'step' declares 20,000,000 values"))
    assert peak < 64 * 2**20


def test_a_0d_array_is_refused(softmax):
    edit_npz(softmax / CHUNK, lambda a: a.update({"s000100/softmax_weights": np.float32(1.0)}))
    refused(softmax, r"the array 's000100/softmax_weights' has the shape \(\), not the float array of shape "
                     r"\(10, 28, 28\)")


def test_a_wrong_ndim_is_refused(softmax):
    edit_npz(softmax / CHUNK, lambda a: a.update({"s000025/probabilities": np.zeros((10, 1), np.float16)}))
    refused(softmax, r"'s000025/probabilities' has the shape \(10, 1\), not the float array of shape \(10,\)")


def test_an_empty_probe_is_refused(softmax):
    edit_npz(softmax / CHUNK, lambda a: a.update({"s000050/_probe": np.zeros(0, np.int64)}))
    refused(softmax, r"'s000050/_probe' has the shape \(0,\), not the integer array of shape \(2,\)")


def test_a_probe_label_outside_0_to_9_is_refused(softmax):
    edit_npz(softmax / CHUNK, lambda a: a.update({"s000050/_probe": np.array([99, 3], np.int64)}))
    refused(softmax, r"chunk-0000\.npz: s000050/_probe holds 99 \(entry 0\); it must be a number from -1 to 9")


def test_text_in_place_of_an_activation_is_refused(softmax):
    edit_npz(softmax / CHUNK, lambda a: a.update({"s000100/input": np.full((28, 28), "ink")}))
    refused(softmax, r"the array 's000100/input' holds 'text' values, not the float array of shape \(28, 28\)")


def test_a_pickled_object_array_is_refused_and_never_unpickled(softmax, tmp_path):
    marker = tmp_path / "pickle-ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    edit_npz(softmax / METRICS, lambda a: a.update(loss=np.array([Payload()] * 100, dtype=object)))
    assert pickle.dumps(Payload())  # the payload would run if the array were unpickled
    refused(softmax, r"metrics\.npz: the array 'loss' holds 'Python objects' values, not the number array")
    assert not marker.exists()


def test_a_complex_dtype_is_refused(softmax):
    edit_npz(softmax / CHUNK, lambda a: a.update({"s000001/evidence": np.zeros((10, 28, 28), np.complex64)}))
    refused(softmax, r"'s000001/evidence' holds 'complex64' values")


def test_a_damaged_array_header_is_found_when_the_recording_is_opened(softmax):
    replace_member(softmax / CHUNK, "s000100/softmax_weights", b"\x93NUMPY\x01\x00\x10\x00{'descr': <<<}    \n")
    refused(softmax, r"chunk-0000\.npz is damaged and cannot be read \(.*\); copy the recording again")


def test_an_array_cut_short_inside_a_whole_zip_is_found_when_opened(softmax):
    header = {"descr": "<f4", "fortran_order": False, "shape": (10, 28, 28)}
    replace_member(softmax / CHUNK, "s000100/softmax_weights", npy_bytes(header, bytes(4 * 3920)))
    refused(softmax, r"chunk-0000\.npz is damaged: the array 's000100/softmax_weights' takes 31,488 bytes but the "
                     r"zip declares 15,808")


def test_a_weight_histogram_range_that_is_no_power_of_two_is_refused(softmax):
    edit_npz(softmax / CHUNK, lambda a: a.update({"s000025/dist/W/weight_range": np.float64(3.0)}))
    refused(softmax, r"s000025/dist/W/weight_range holds 3\.0 \(entry 0\); it must be a power of two")


def test_negative_histogram_counts_are_refused(softmax):
    def change(arrays):
        arrays["s000025/dist/W/weight_counts"] = arrays["s000025/dist/W/weight_counts"].copy()
        arrays["s000025/dist/W/weight_counts"][3] = -7
    edit_npz(softmax / CHUNK, change)
    refused(softmax, r"s000025/dist/W/weight_counts holds -7 \(entry 3\); it must be a number of at least 0")


# ------------------------------------------------------------------ metrics
def test_a_negative_step_in_the_metrics_is_refused(softmax):
    edit_npz(softmax / METRICS, lambda a: a["step"].__setitem__(0, -5))
    refused(softmax, r"metrics\.npz: step holds -5 \(entry 0\); it must be a number from 0 to 2,147,483,647")


def test_an_absurd_step_in_the_metrics_is_refused(softmax):
    edit_npz(softmax / METRICS, lambda a: a["step"].__setitem__(-1, 2**40))
    refused(softmax, r"step holds 1099511627776 \(entry 99\); it must be a number from 0 to 2,147,483,647")


def test_metrics_steps_that_go_back_are_refused(softmax):
    edit_npz(softmax / METRICS, lambda a: a["step"].__setitem__(50, 10))
    refused(softmax, r"step holds 10 \(entry 50\); it must be larger than the one before \(steps increase\)")


def test_metrics_of_unequal_lengths_are_refused(softmax):
    edit_npz(softmax / METRICS, lambda a: a.update(eval_test_accuracy=a["eval_test_accuracy"][:1]))
    refused(softmax, r"metrics\.npz: the array 'eval_test_accuracy' has the shape \(1,\), not the number array of "
                     r"shape \(2,\)")


def test_an_evaluation_without_its_test_loss_is_refused(softmax):
    edit_npz(softmax / METRICS, lambda a: a.pop("eval_test_loss"))
    refused(softmax, r"metrics\.npz lacks eval_test_loss \(it has 2 evaluations\)")


def test_text_in_place_of_the_loss_is_refused(softmax):
    edit_npz(softmax / METRICS, lambda a: a.update(loss=np.array(["low"] * 100)))
    refused(softmax, r"the array 'loss' holds 'text' values")


def test_a_nan_loss_is_shown_as_the_live_run_showed_it(softmax):
    """A run that diverged records NaN and infinite losses: the replay shows them (the live
    panels show a diverged run the same way), as it shows a diverged layer's histogram range."""
    def diverge(arrays):
        arrays["loss"][90:] = np.nan
        arrays["loss"][95] = np.inf
        arrays["eval_test_loss"][-1] = np.nan
    edit_npz(softmax / METRICS, diverge)
    edit_npz(softmax / CHUNK, lambda a: a.update({"s000100/dist/W/weight_range": np.float64(np.inf),
                                                   "s000100/dist/W/gradient_norm": np.float64(np.nan)}))
    recording = Recording.open(softmax)
    everything(recording)
    losses = [event.loss for event in recording.step_events(100)]
    assert all(math.isfinite(loss) for loss in losses[:90]) and math.isnan(losses[-1]) and losses[95] == math.inf
    assert math.isnan(recording.evaluated_events(100)[-1].test_loss)


def test_a_nan_batch_accuracy_is_refused(softmax):
    edit_npz(softmax / METRICS, lambda a: a["batch_accuracy"].__setitem__(4, np.nan))
    refused(softmax, r"batch_accuracy holds nan \(entry 4\); it must be a finite number from 0 to 1")


def test_offsets_that_do_not_cover_the_predictions_are_refused(softmax):
    edit_npz(softmax / METRICS, lambda a: a["eval_predictions_offsets"].__setitem__(-1, 15_000))
    refused(softmax, r"eval_predictions_offsets runs from 0 to 15,000, not from 0 to the 20,000 entries")


# ------------------------------------------------------------------ manifest
def test_a_manifest_of_100_mb_is_refused_without_reading_it_all(softmax):
    manifest = json.loads((softmax / MANIFEST).read_text(encoding="utf-8"))
    manifest["padding"] = "x" * (100 * 2**20)
    (softmax / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    del manifest
    peak = peak_bytes_while(lambda: refused(softmax, rf"manifest\.json is larger than {MAX_MANIFEST_BYTES // 2**20} "
                                                     "MB, and a recording's manifest takes a few KB"))
    assert peak < 3 * MAX_MANIFEST_BYTES


def test_a_manifest_nested_10000_deep_is_refused(softmax):
    text = (softmax / MANIFEST).read_text(encoding="utf-8")
    (softmax / MANIFEST).write_text(text[:-1] + ', "padding": ' + "[" * 10_000 + "]" * 10_000 + "}",
                                    encoding="utf-8")
    refused(softmax, rf"manifest\.json nests lists and objects more than {MAX_JSON_DEPTH} levels deep")


def test_brackets_inside_strings_are_not_nesting(softmax):
    edit_manifest(softmax, lambda m: m.update(note='[{"' * 1000 + '\\"[[['))
    Recording.open(softmax)


def test_nan_in_the_manifest_is_refused(softmax):
    text = (softmax / MANIFEST).read_text(encoding="utf-8")
    (softmax / MANIFEST).write_text(text.replace('"learning_rate": 0.01', '"learning_rate": NaN'), encoding="utf-8")
    refused(softmax, r"manifest\.json is damaged and cannot be read \(NaN is not a JSON number\)")


def test_a_number_too_large_for_a_float_is_refused(softmax):
    text = (softmax / MANIFEST).read_text(encoding="utf-8")
    (softmax / MANIFEST).write_text(text.replace('"learning_rate": 0.01', '"learning_rate": 1e999'), encoding="utf-8")
    refused(softmax, r"config\.learning_rate is inf, not a finite number")


def test_a_manifest_that_is_not_json_is_refused(softmax):
    (softmax / MANIFEST).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    refused(softmax, r"manifest\.json is damaged and cannot be read")


def test_a_chunk_listed_twice_is_refused(softmax):
    edit_manifest(softmax, lambda m: m["chunks"].append(dict(m["chunks"][0])))
    refused(softmax, rf"manifest\.json: the chunk '{CHUNK}' is listed twice")


def test_one_chunk_file_listed_under_two_names_is_refused(softmax):
    def split(manifest):
        first = manifest["chunks"][0]
        manifest["chunks"] = [dict(first, steps=[0, 1, 25]), dict(first, file=f"./{CHUNK}", steps=[50, 75, 100])]
    edit_manifest(softmax, split)
    refused(softmax, rf"the chunk '\./{CHUNK}' is the file '{CHUNK}' listed twice")


def test_chunk_steps_that_go_back_are_refused(softmax):
    edit_manifest(softmax, lambda m: m["chunks"][0].update(steps=[0, 25, 1, 50, 75, 100]))
    refused(softmax, r"chunks\[0\] lists the step 1 after the step 25; snapshot steps increase, each listed once")


WRONG_FIELDS = {
    "format_version true": (lambda m: m.update(format_version=True), r"has no valid format_version \(True\)"),
    "model a number": (lambda m: m.update(model=5), r"model is 5, not one this mnist-viz knows"),
    "model unknown": (lambda m: m.update(model="resnet"), r"model is 'resnet', not one this mnist-viz knows "
                                                          r"\(softmax, cnn\); .*update mnist-viz"),
    "config a text": (lambda m: m.update(config="abc"), r"config is 'abc', not an object of training settings"),
    "config.steps a text": (lambda m: m["config"].update(steps="many"), r"config\.steps is 'many', not a whole"),
    "config.steps absurd": (lambda m: m["config"].update(steps=10**30),
                            r"config\.steps is 1000000000000000000000000000000, outside 0\.\.2,147,483,647"),
    "config.batch_size a fraction": (lambda m: m["config"].update(batch_size=1.5),
                                     r"config\.batch_size is 1\.5, not a whole number"),
    "config.learning_rate a text": (lambda m: m["config"].update(learning_rate="fast"),
                                    r"config\.learning_rate is 'fast', not a finite number"),
    "config.model another model": (lambda m: m["config"].update(model="cnn"),
                                   r"config\.model is 'cnn' but model is 'softmax'"),
    "config.preset 10,000 characters": (lambda m: m["config"].update(preset="p" * 10_000),
                                        r"config\.preset is 10,000 characters long \('p+…p+'\)"),
    "run.total_steps a text": (lambda m: m["run"].update(total_steps="x"), r"run\.total_steps is 'x', not a whole"),
    "run.model another model": (lambda m: m["run"].update(model="cnn"), r"run\.model is 'cnn' but model is"),
    "run a list": (lambda m: m.update(run=[1, 2]), r"run is \[1, 2\], not an object"),
    "arrays shape": (lambda m: m["arrays"]["softmax_weights"].update(shape=[1]),
                     r"arrays\.softmax_weights\.shape is \[1\]; the softmax model's softmax_weights is \[10, 28, 28\]"),
    "arrays dtype": (lambda m: m["arrays"]["input"].update(dtype="object"),
                     r"arrays\.input\.dtype is 'object', not float16, float32 or float64"),
    "arrays of another model": (lambda m: m["arrays"].update(conv1={"shape": [32, 28, 28], "dtype": "float16"}),
                                r"arrays names the part 'conv1', which the softmax model does not have"),
    "dataset a list": (lambda m: m.update(dataset=["mnist"]), r"dataset is \['mnist'\], not one this mnist-viz"),
    "dataset unknown": (lambda m: m.update(dataset="evil"), r"dataset is 'evil', not one this mnist-viz knows"),
    "chunks an object": (lambda m: m.update(chunks={}), r"chunks is \{\}, not a list"),
    "a chunk a text": (lambda m: m.update(chunks=[CHUNK]), r"chunks\[0\] is 'chunk-0000\.npz', not \{\"file\""),
    "a chunk file a number": (lambda m: m["chunks"][0].update(file=7), r"chunks\[0\]\.file is 7, not a file name"),
    "a step a text": (lambda m: m["chunks"][0].update(steps=[0, "1"]), r"a step of chunks\[0\] is '1', not a whole"),
    "a step true": (lambda m: m["chunks"][0].update(steps=[0, True]), r"a step of chunks\[0\] is True, not a whole"),
    "a step negative": (lambda m: m["chunks"][0].update(steps=[-1, 0]), r"a step of chunks\[0\] is -1, outside 0"),
    "a step absurd": (lambda m: m["chunks"][0].update(steps=[10**12]),
                      r"a step of chunks\[0\] is 1000000000000, outside 0\.\.2,147,483,647"),
    "metrics a number": (lambda m: m.update(metrics=42), r"the metrics file name is 42, not a text"),
    "every_steps 0": (lambda m: m.update(every_steps=0), r"every_steps is 0, outside 1\.\.2,147,483,647"),
    "thinned a text": (lambda m: m.update(thinned="yes"), r"thinned is 'yes', not true or false"),
    "finished a list": (lambda m: m.update(finished=["x"]), r"finished is \['x'\], not a text"),
    "evaluations an object": (lambda m: m.update(evaluations={}), r"evaluations is \{\}, not a list"),
    "chunks missing": (lambda m: m.pop("chunks"), r"manifest\.json lacks a required entry \('chunks'\)"),
}


@pytest.mark.parametrize("case", list(WRONG_FIELDS))
def test_a_manifest_field_of_the_wrong_type_or_range_is_named(softmax, case):
    change, pattern = WRONG_FIELDS[case]
    edit_manifest(softmax, change)
    refused(softmax, pattern)


def test_unknown_manifest_keys_and_arrays_of_a_newer_writer_are_ignored(softmax):
    edit_manifest(softmax, lambda m: m.update(new_key={"a": [1, 2]}, arrays=dict(m["arrays"], new_part={"x": 1})))
    edit_npz(softmax / CHUNK, lambda a: a.update({"s000100/new_part": np.zeros(3)}))
    recording = Recording.open(softmax)
    assert "new_part" not in recording.parts and "new_part" not in recording.snapshot(100).arrays


# ------------------------------------------------------------- after opening
def test_a_chunk_replaced_after_opening_gives_one_line_not_a_traceback(softmax):
    recording = Recording.open(softmax)
    replace_member(softmax / CHUNK, "s000025/softmax_weights", b"not an npy file at all")
    with pytest.raises(RecordingError, match=r"chunk-0000\.npz is damaged: its array 's000025/softmax_weights' is "
                                             r"not in numpy's \.npy format"):
        recording.snapshot(25)
    (softmax / CHUNK).unlink()
    (softmax / CHUNK).symlink_to("/etc/hostname")
    with pytest.raises(RecordingError, match="outside the recording folder"):
        recording.snapshot(50)


# ------------------------------------------------------- the command line
def hostile(folder: Path, case: str) -> str:
    """Damage ``folder`` as ``case``; the message expected."""
    if case == "dotdot":
        edit_manifest(folder, lambda m: m["chunks"][0].update(file="../../../../etc/passwd"))
        return "leaves the recording folder"
    if case == "deep":
        (folder / MANIFEST).write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
        return "levels deep"
    if case == "huge-shape":
        replace_member(folder / CHUNK, "s000100/softmax_weights",
                       npy_bytes({"descr": "<f8", "fortran_order": False, "shape": (10**6, 10**6)}))
        return r"has the shape \(1000000, 1000000\)"
    if case == "text-input":
        edit_npz(folder / CHUNK, lambda a: a.update({"s000100/input": np.full((28, 28), "ink")}))
        return "holds 'text' values"
    if case == "0d-weights":
        edit_npz(folder / CHUNK, lambda a: a.update({"s000025/softmax_weights": np.float32(0)}))
        return r"has the shape \(\)"
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["dotdot", "deep", "huge-shape", "text-input"])
def test_mnist_viz_open_says_what_is_wrong_in_one_line(softmax, case, capsys, monkeypatch):
    import mnist_viz.gui.app

    started = []
    monkeypatch.setattr(mnist_viz.gui.app, "run_app", lambda **kwargs: started.append(kwargs) or 0)
    expected = hostile(softmax, case)
    assert run_main(["open", str(softmax)]) == 2
    assert not started, "the window was started on a hostile recording"
    line = one_line(capsys.readouterr().err)
    assert line.startswith("mnist-viz: error: ") and re.search(expected, line), line


@pytest.mark.parametrize("case", ["dotdot", "huge-shape", "0d-weights"])
def test_mnist_viz_export_says_what_is_wrong_in_one_line(softmax, case, tmp_path, capsys):
    expected = hostile(softmax, case)
    out = tmp_path / "x.gif"
    assert run_main(["export", str(softmax), "--panel", "softmax-weights", "--out", str(out)]) == 2
    line = one_line(capsys.readouterr().err)
    assert re.search(expected, line), line
    assert not out.exists()


def test_mnist_viz_open_starts_the_window_on_a_good_recording(softmax, monkeypatch):
    import mnist_viz.gui.app

    started = []
    monkeypatch.setattr(mnist_viz.gui.app, "run_app", lambda **kwargs: started.append(kwargs) or 0)
    assert run_main(["open", str(softmax)]) == 0
    assert started and started[0]["recording"] == str(softmax) and started[0]["dataset"] == "mnist"


# --------------------------------------------------- format 2's metrics files
@pytest.fixture
def softmax_v2(tmp_path) -> Path:
    """The 0.1.0 softmax recording in format 2: its metrics in three metrics files."""
    from tests.core.recording_formats import to_v2

    return to_v2(FIXTURES / "recording-softmax", tmp_path / "v2", files=3)


METRICS_1 = "metrics-000001.npz"

WRONG_METRIC_FILES = {
    "missing": (lambda m: m.pop("metric_files"), r"manifest\.json lacks a required entry \('metric_files'\)"),
    "an object": (lambda m: m.update(metric_files={}), r"metric_files is \{\}, not a list"),
    "an entry a text": (lambda m: m["metric_files"].__setitem__(0, METRICS_1),
                        r"metric_files\[0\] is 'metrics-000001\.npz', not \{\"file\""),
    "a file a number": (lambda m: m["metric_files"][0].update(file=3), r"metric_files\[0\]\.file is 3, not a file"),
    "steps true": (lambda m: m["metric_files"][0].update(steps=True), r"metric_files\[0\]\.steps is True, not a whole"),
    "steps negative": (lambda m: m["metric_files"][1].update(steps=-1), r"metric_files\[1\]\.steps is -1, outside"),
    "evaluations absurd": (lambda m: m["metric_files"][0].update(evaluations=10**9),
                           r"metric_files\[0\]\.evaluations is 1000000000, outside 0\.\.100,000"),
    "listed twice": (lambda m: m["metric_files"][2].update(file=METRICS_1),
                     r"the metrics file 'metrics-000001\.npz' is listed twice"),
    "dotdot": (lambda m: m["metric_files"][0].update(file=f"../outside/{METRICS}"),
               r"the metrics file path '\.\./outside/metrics\.npz' leaves the recording folder"),
    "absolute": (lambda m: m["metric_files"][0].update(file="/etc/passwd"), r"the metrics file path '/etc/passwd' "
                                                                           "is absolute"),
    "more steps than the file holds": (lambda m: m["metric_files"][1].update(steps=10_000),
                                       r"metrics-000001\.npz holds 33 steps and 1 evaluation, but manifest\.json "
                                       r"lists 10,000 and 1: it has not been brought up to date"),
    "a file that is not there": (lambda m: m["metric_files"].append({"file": "metrics-000003.npz", "steps": 1,
                                                                     "evaluations": 0}),
                                 r"metrics-000003\.npz is missing \(manifest\.json lists it\); the recording is "
                                 "incomplete: copy the whole folder"),
    "too many files": (lambda m: m.update(metric_files=[{"file": f"m{k}", "steps": 0, "evaluations": 0}
                                                        for k in range(100_001)]),
                       r"it lists 100,001 metrics files; mnist-viz reads at most 100,000"),
}


@pytest.mark.parametrize("case", list(WRONG_METRIC_FILES))
def test_a_wrong_metric_files_entry_is_named(softmax_v2, outside, case):
    change, pattern = WRONG_METRIC_FILES[case]
    edit_manifest(softmax_v2, change)
    refused(softmax_v2, pattern)


def test_metrics_files_whose_steps_go_back_are_refused(softmax_v2):
    edit_npz(softmax_v2 / METRICS_1, lambda a: a["step"].__setitem__(slice(None), a["step"] - 10))
    refused(softmax_v2, r"metrics-000001\.npz starts at step \d+, not after the step 33 of the metrics file before")


def test_a_metrics_file_that_links_out_of_the_folder_is_refused(softmax_v2, outside):
    (softmax_v2 / METRICS_1).unlink()
    (softmax_v2 / METRICS_1).symlink_to(outside / METRICS)
    refused(softmax_v2, r"metrics-000001\.npz is a link to '.*', outside the recording folder")


def test_a_damaged_metrics_file_while_following_keeps_what_was_read(softmax_v2):
    """Refresh never raises once the recording is open; it says what is wrong in one line."""
    recording = Recording.open(softmax_v2)
    steps = recording.metrics["step"].tolist()
    (softmax_v2 / METRICS_1).write_bytes(b"PK\x03\x04 half a zip")
    edit_manifest(softmax_v2, lambda m: m["metric_files"][1].update(steps=34))  # as if it grew
    assert recording.refresh() is False
    assert recording.incomplete is not None and "\n" not in recording.incomplete
    assert re.search(r"metrics-000001\.npz is damaged|holds", recording.incomplete), recording.incomplete
    assert recording.metrics["step"].tolist() == steps[:33] or recording.metrics["step"].tolist() == steps
    everything(recording)
