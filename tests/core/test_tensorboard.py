"""Handing a run to TensorBoard: the event files read back with TensorBoard's own reader.

Two short real runs on the real MNIST, each recorded (Recorder) and written live
(TensorBoardListener) by the same trainer at once: softmax regression for 300 steps
(snapshots every 50, evaluations at 150 and 300) and the CNN for 30 steps (snapshots every 10,
evaluations every 15 on the first 1,000 test images). Each recording is then exported
with :func:`export_recording`. The event files are read with
``tensorboard.backend.event_processing.event_accumulator.EventAccumulator``, as
TensorBoard itself reads them.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from mnist_viz.core import data, export, stats
from mnist_viz.core import events as ev
from mnist_viz.core import tensorboard as tb
from mnist_viz.core.recording import Recorder, Recording, RecordingError
from mnist_viz.core.training import Trainer, preset

# tensorboard is in the test extra (pip install -e ".[test]"): these tests must run in CI, not be skipped.
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.plugins.hparams import plugin_data_pb2

from mnist_viz import cli
from tests.helpers import one_line


class Run:
    """A finished run: its recording, the live event files, the export of the recording, the events."""

    def __init__(self, run_dir: Path, live: Path, exported: Path, trainer: Trainer, events: list,
                 listener: tb.TensorBoardListener, summary: tb.TensorBoardExport) -> None:
        self.run_dir, self.live, self.exported, self.trainer, self.events = run_dir, live, exported, trainer, events
        self.listener, self.summary = listener, summary
        self.recording = Recording.open(run_dir)


def train_both_ways(folder: Path, config, train: data.Split, test: data.Split, every_steps: int) -> Run:
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        trainer = Trainer(config, train, test)
        recorder = Recorder(folder / "run", config, every_steps=every_steps)
        recorder.attach(trainer)
        listener = tb.TensorBoardListener(folder / "live", config, every_steps=every_steps)
        listener.attach(trainer)
        events = list(trainer.run())
        recorder.close()
        listener.close()
    finally:
        torch.set_num_threads(previous)
    assert recorder.error is None and listener.error is None
    summary = tb.export_recording(folder / "run", folder / "exported")
    return Run(folder / "run", folder / "live", folder / "exported", trainer, events, listener, summary)


@pytest.fixture(scope="module")
def softmax_run(real_mnist, tmp_path_factory) -> Run:
    config = preset("tutorial-softmax").replace(steps=300, eval_every=150, device="cpu")
    return train_both_ways(tmp_path_factory.mktemp("tb-softmax"), config, real_mnist.train, real_mnist.test, 50)


@pytest.fixture(scope="module")
def cnn_run(real_mnist, tmp_path_factory) -> Run:
    config = preset("tutorial-cnn").replace(steps=30, batch_size=50, eval_every=15, device="cpu")
    test = data.Split(real_mnist.test.images[:1000], real_mnist.test.labels[:1000])
    return train_both_ways(tmp_path_factory.mktemp("tb-cnn"), config, real_mnist.train, test, 10)


@pytest.fixture(params=["softmax", "cnn"])
def run(request) -> Run:
    return request.getfixturevalue(f"{request.param}_run")


def read(logdir: Path):
    """The event files in ``logdir`` as TensorBoard reads them (every event kept)."""
    accumulator = event_accumulator.EventAccumulator(
        str(logdir), size_guidance={"scalars": 0, "histograms": 0, "images": 0, "tensors": 0})
    accumulator.Reload()
    return accumulator


def scalars(accumulator, tag: str) -> tuple[list[int], np.ndarray]:
    events = accumulator.Scalars(tag)
    return [event.step for event in events], np.array([event.value for event in events], dtype=np.float32)


def f32(values) -> np.ndarray:
    """What a TensorBoard scalar keeps of a number (its simple_value is a float32)."""
    return np.asarray(values, dtype=np.float64).astype(np.float32)


# ------------------------------------------------------------------ scalars
def test_the_scalars_are_the_recordings_metrics_step_for_step(run):
    events, metrics, evaluations = read(run.exported), run.recording.metrics, run.recording.evaluations
    steps = metrics["step"].tolist()
    assert steps == list(range(1, run.trainer.config.steps + 1))
    for tag, field in (("loss/train", "loss"), ("accuracy/train_batch", "batch_accuracy"),
                       ("learning_rate", "learning_rate")):
        written_steps, values = scalars(events, tag)
        assert written_steps == steps, tag
        np.testing.assert_array_equal(values, f32(metrics[field]), err_msg=tag)
    for tag, field in (("accuracy/test", "test_accuracy"), ("loss/test", "test_loss")):
        written_steps, values = scalars(events, tag)
        assert written_steps == evaluations["step"].tolist() and len(written_steps) == 2, tag
        np.testing.assert_array_equal(values, f32(evaluations[field]), err_msg=tag)
    # The loss falls, as the loss panel shows it.
    loss = scalars(events, "loss/train")[1]
    assert loss[-20:].mean() < loss[:5].mean()


def test_gradient_norms_and_dead_relus_come_from_the_recorded_distributions(cnn_run, softmax_run):
    events, recording = read(cnn_run.exported), cnn_run.recording
    history = recording.distribution_history(recording.last_step)
    for layer in ("conv1", "conv2", "fc1", "fc2"):
        steps, values = scalars(events, f"gradient_norm/{layer}")
        assert steps == [s.step for s in history if s.step > 0]  # no gradient before the first step
        np.testing.assert_array_equal(values, f32([s.arrays[f"dist/{layer}/gradient_norm"]
                                                   for s in history if s.step > 0]))
    assert scalars(events, "dead_relu/fc1")[0] == [s.step for s in history]
    assert "dead_relu/W" not in read(softmax_run.exported).Tags()["scalars"]


# --------------------------------------------------------------- histograms
def test_every_layer_has_weight_and_gradient_histograms_at_every_snapshot(run):
    events, recording = read(run.exported), run.recording
    snapshot_steps = recording.snapshot_steps.tolist()
    layers = stats.layer_weights(run.trainer.model)
    assert set(events.Tags()["histograms"]) == {f"{kind}/{layer}" for kind in ("weights", "gradients")
                                                for layer in layers}
    for layer, weights in layers.items():
        histograms = events.Histograms(f"weights/{layer}")
        assert [h.step for h in histograms] == snapshot_steps
        for histogram in histograms:
            value = histogram.histogram_value
            assert value.num == sum(value.bucket) == weights.numel()  # every weight counted once
            recorded = recording.snapshot(histogram.step).arrays[f"dist/{layer}/weight_counts"]
            used = np.flatnonzero(recorded)  # the recorded bins, from the first to the last non-empty one
            assert list(value.bucket) == recorded[used[0]:used[-1] + 1].tolist()
        gradients = events.Histograms(f"gradients/{layer}")
        assert [h.step for h in gradients] == snapshot_steps[1:]  # step 0 has no gradient yet
        assert all(h.histogram_value.num == weights.numel() for h in gradients)
    # The weights the recording keeps whole give exact statistics: the last W or conv1 filters.
    part, layer = ("softmax_weights", "W") if "W" in layers else ("conv1_filters", "conv1")
    last = events.Histograms(f"weights/{layer}")[-1]
    array = recording.snapshot(last.step).arrays[part]
    assert last.histogram_value.min == pytest.approx(float(array.min()))
    assert last.histogram_value.max == pytest.approx(float(array.max()))
    assert last.histogram_value.sum == pytest.approx(float(array.astype(np.float64).sum()))


def test_the_softmax_weights_spread_out_in_the_histograms(softmax_run):
    histograms = read(softmax_run.exported).Histograms("weights/W")
    first, last = histograms[0].histogram_value, histograms[-1].histogram_value
    assert first.min == first.max == 0.0  # the tutorial starts W at zero
    assert last.max - last.min > 0.01


# ------------------------------------------------------------------- images
@pytest.mark.parametrize("model, part", [("softmax", "softmax_weights"), ("cnn", "conv1_filters")])
def test_the_images_are_the_apps_drawing_at_every_recorded_step(request, model, part):
    run = request.getfixturevalue(f"{model}_run")
    images = read(run.exported).Images(f"images/{part}")
    assert [image.step for image in images] == run.recording.snapshot_steps.tolist()
    for image in images:
        pixels = np.asarray(Image.open(io.BytesIO(image.encoded_image_string)).convert("RGB"))
        drawn = export.render_frame(part, run.recording.snapshot(image.step).arrays[part], image.step)
        np.testing.assert_array_equal(pixels, drawn, err_msg=f"{part} at step {image.step}")
    assert not np.array_equal(*(np.asarray(Image.open(io.BytesIO(images[k].encoded_image_string)))
                                for k in (0, -1))), "the weights were learned: the first and last differ"


# ------------------------------------------------------------------ hparams
def test_the_hyper_parameters_are_the_runs_config_with_its_final_accuracy(run):
    events = read(run.exported)
    content = events.PluginTagToContent("hparams")
    start = plugin_data_pb2.HParamsPluginData.FromString(content["_hparams_/session_start_info"])
    values = {key: value.number_value if value.HasField("number_value") else value.string_value
              for key, value in start.session_start_info.hparams.items()}
    config = run.trainer.config
    assert values["model"] == config.model and values["optimizer"] == config.optimizer
    assert values["learning_rate"] == pytest.approx(config.learning_rate)
    assert values["batch_size"] == config.batch_size and values["steps"] == config.steps
    experiment = plugin_data_pb2.HParamsPluginData.FromString(content["_hparams_/experiment"]).experiment
    assert {m.name.tag for m in experiment.metric_infos} == {"hparam/test_accuracy", "hparam/test_loss"}
    steps, accuracy = scalars(events, "hparam/test_accuracy")
    final = [e for e in run.events if isinstance(e, ev.Finished)][0]
    assert steps == [final.step] and accuracy[0] == f32(final.test_accuracy)
    assert "_hparams_/session_end_info" in content  # the run completed


# --------------------------------------------------------------------- live
def test_the_live_listener_writes_the_runs_own_events(run):
    events = read(run.live)
    steps = [e for e in run.events if isinstance(e, ev.StepDone)]
    written_steps, loss = scalars(events, "loss/train")
    assert written_steps == [e.step for e in steps]
    np.testing.assert_array_equal(loss, f32([e.loss for e in steps]))
    np.testing.assert_array_equal(scalars(events, "accuracy/train_batch")[1], f32([e.batch_accuracy for e in steps]))
    evaluated = [e for e in run.events if isinstance(e, ev.Evaluated)]
    assert scalars(events, "accuracy/test")[0] == [e.step for e in evaluated]
    np.testing.assert_array_equal(scalars(events, "accuracy/test")[1], f32([e.test_accuracy for e in evaluated]))


def test_the_live_files_hold_what_the_export_of_the_same_run_holds(run):
    live, exported = read(run.live), read(run.exported)
    assert live.Tags()["scalars"] and sorted(live.Tags()["scalars"]) == sorted(exported.Tags()["scalars"])
    for tag in live.Tags()["scalars"]:
        assert scalars(live, tag)[0] == scalars(exported, tag)[0], tag
        np.testing.assert_array_equal(scalars(live, tag)[1], scalars(exported, tag)[1], err_msg=tag)
    assert sorted(live.Tags()["histograms"]) == sorted(exported.Tags()["histograms"])
    for tag in live.Tags()["histograms"]:
        assert ([(h.step, h.histogram_value) for h in live.Histograms(tag)]
                == [(h.step, h.histogram_value) for h in exported.Histograms(tag)]), tag
    assert live.Tags()["images"] == exported.Tags()["images"] != []
    for tag in live.Tags()["images"]:
        assert ([(i.step, i.encoded_image_string) for i in live.Images(tag)]
                == [(i.step, i.encoded_image_string) for i in exported.Images(tag)]), tag
    assert live.PluginTagToContent("hparams") == exported.PluginTagToContent("hparams")


def test_a_failing_disk_stops_the_event_files_not_the_training(real_mnist, tmp_path, monkeypatch):
    def disk_full(self, *args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tb._EventWriter, "snapshot", disk_full)
    config = preset("tutorial-softmax").replace(steps=60, eval_every=0, device="cpu")
    trainer = Trainer(config, real_mnist.train, real_mnist.test)
    with tb.TensorBoardListener(tmp_path / "live", config, every_steps=20) as listener:
        listener.attach(trainer)
        finished = [e for e in trainer.run() if isinstance(e, ev.Finished)]
    assert finished[0].reason == "completed" and trainer.step == 60
    assert listener.error == f"the TensorBoard event files in {tmp_path / 'live'} stopped: No space left on device"


def test_snapshots_the_writer_had_no_time_for_are_written_at_the_end(real_mnist, tmp_path):
    """A writer thread that may hardly work (a thousandth of the time) falls behind the
    training; the run's end writes what it left, so nothing is missing."""
    config = preset("tutorial-softmax").replace(steps=80, eval_every=0, device="cpu")
    trainer = Trainer(config, real_mnist.train, real_mnist.test)
    listener = tb.TensorBoardListener(tmp_path / "live", config, every_steps=10, max_cost_fraction=0.001)
    listener.attach(trainer)
    list(trainer.run())
    listener.close()
    events = read(tmp_path / "live")
    expected = [0, 1, *range(10, 81, 10)]
    assert [image.step for image in events.Images("images/softmax_weights")] == expected
    assert [h.step for h in events.Histograms("weights/W")] == expected
    assert scalars(events, "loss/train")[0] == list(range(1, 81))


def test_a_reset_ends_the_live_files(real_mnist, tmp_path):
    config = preset("tutorial-softmax").replace(steps=20, eval_every=0, device="cpu")
    trainer = Trainer(config, real_mnist.train, real_mnist.test)
    listener = tb.TensorBoardListener(tmp_path / "live", config, every_steps=10)
    listener.attach(trainer)
    run = trainer.run()
    for event in run:
        if isinstance(event, ev.StepDone) and event.step == 5:
            break
    trainer.reset()
    list(trainer.run())  # a second run of 20 steps, on fresh weights
    listener.close()
    assert scalars(read(tmp_path / "live"), "loss/train")[0] == [1, 2, 3, 4, 5]


# ------------------------------------------------------------ what goes wrong
def test_a_bad_logdir_is_one_line_before_anything_is_written(softmax_run, tmp_path):
    config = preset("tutorial-softmax")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    with pytest.raises(tb.TensorBoardError) as raised:
        tb.TensorBoardListener(a_file, config)
    assert str(raised.value) == f"cannot write into {a_file}: it is a file, not a folder; choose a new folder name"
    with pytest.raises(tb.TensorBoardError, match=r"notes\.txt is a file, not a folder; choose another place$"):
        tb.export_recording(softmax_run.run_dir, a_file / "logs")
    with pytest.raises(tb.TensorBoardError, match="more than the 255 this file system allows"):
        tb.TensorBoardListener(tmp_path / ("x" * 300), config)
    # A folder that already holds another run's event files: the runs would be mixed.
    with pytest.raises(tb.TensorBoardError) as raised:
        tb.export_recording(softmax_run.run_dir, softmax_run.live)
    message = str(raised.value)
    assert message.startswith(f"{softmax_run.live} already holds TensorBoard event files (events.out.tfevents.")
    assert message.endswith("give each run a folder of its own (e.g. "
                            f"{softmax_run.live / 'run-2'}) or delete them")
    assert len(os.listdir(softmax_run.live)) == 1
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]
    assert "\n" not in message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write into any folder")
def test_an_unwritable_logdir_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(tb.TensorBoardError, match="is not writable"):
            tb.TensorBoardListener(locked / "logs", preset("tutorial-softmax"))
    finally:
        locked.chmod(0o700)


def test_without_tensorboard_the_message_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", None)  # as if it could not be imported
    with pytest.raises(tb.TensorBoardError) as raised:
        tb.TensorBoardListener(tmp_path / "logs", preset("tutorial-softmax"))
    assert "\n" not in str(raised.value)
    assert str(raised.value).endswith("install it: pip install 'mnist-viz[tensorboard]'")
    assert not (tmp_path / "logs").exists()


def test_a_missing_recording_is_one_line_and_writes_nothing(tmp_path):
    with pytest.raises(RecordingError, match="the folder does not exist"):
        tb.export_recording(tmp_path / "no-such-run", tmp_path / "logs")
    assert not (tmp_path / "logs").exists()


def test_an_export_that_fails_half_way_leaves_no_event_files(softmax_run, tmp_path, monkeypatch):
    def disk_full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "render_frame", disk_full)
    with pytest.raises(tb.TensorBoardError) as raised:
        tb.export_recording(softmax_run.run_dir, tmp_path / "logs")
    assert str(raised.value) == (f"cannot write into {tmp_path / 'logs'}: No space left on device; nothing was kept; "
                                 "free some space or choose another place")
    assert not (tmp_path / "logs").exists()


# ------------------------------------------------------------ the command line
def _cli_has_tensorboard() -> bool:
    """True once cli.py has the option: 'mnist-viz export --help' mentions it."""
    import argparse

    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return "--tensorboard" in commands.choices["export"].format_help()


@pytest.mark.skipif(not _cli_has_tensorboard(), reason="'mnist-viz export --tensorboard' is not wired into cli.py yet")
def test_the_command_line_exports_and_trains_into_tensorboard(softmax_run, tmp_path):
    command = [sys.executable, "-m", "mnist_viz"]
    done = subprocess.run([*command, "export", str(softmax_run.run_dir), "--tensorboard", str(tmp_path / "tb")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"tensorboard --logdir {tmp_path / 'tb'}" in done.stdout
    assert scalars(read(tmp_path / "tb"), "loss/train")[0] == list(range(1, 301))
    bad = subprocess.run([*command, "export", str(softmax_run.run_dir), "--tensorboard", str(tmp_path / "tb")],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "already holds TensorBoard event files" in one_line(bad.stderr)
    env = {**os.environ, "MNIST_VIZ_THREADS": "1"}
    trained = subprocess.run([*command, "train", "--model", "softmax", "--steps", "40", "--device", "cpu", "--quiet",
                              "--no-download", "--tensorboard", str(tmp_path / "live"), "--record-every", "20"],
                             capture_output=True, text=True, timeout=300, env=env)
    assert trained.returncode == 0, trained.stderr
    live = read(tmp_path / "live")
    assert scalars(live, "loss/train")[0] == list(range(1, 41))
    assert [i.step for i in live.Images("images/softmax_weights")] == [0, 1, 20, 40]
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    refused = subprocess.run([*command, "train", "--model", "softmax", "--steps", "40", "--quiet", "--no-download",
                              "--tensorboard", str(notes)], capture_output=True, text=True, timeout=300, env=env)
    assert refused.returncode == 2
    assert one_line(refused.stderr) == (f"mnist-viz: error: --tensorboard: cannot write into {notes}: it is a file, "
                                        "not a folder; choose a new folder name")


def test_sigmoid_and_tanh_layers_get_their_saturated_fraction_tag():
    """A network of one's own with sigmoid layers: the saturated fraction the Distributions panel
    shows reaches TensorBoard too (it exported dead_relu only)."""
    arrays = {f"{stats.PREFIX}conv1/gradient_norm": np.float32(0.5),
              f"{stats.PREFIX}sigmoid1/{stats.SATURATED}": np.float32(0.25),
              f"{stats.PREFIX}relu1/{stats.DEAD}": np.float32(0.125)}
    scalars = tb.snapshot_scalars(arrays)
    assert scalars["saturated/sigmoid1"] == 0.25
    assert scalars["dead_relu/relu1"] == 0.125 and scalars["gradient_norm/conv1"] == 0.5
