"""Hand a run to TensorBoard: a recording exported as event files, or a run written live.

TensorBoard is where many users go next, so a run of mnist-viz can be read there:
:func:`export_recording` turns a recording folder (``mnist-viz train --record``) into
TensorBoard event files (``mnist-viz export RUN_DIR --tensorboard LOGDIR``), and
:class:`TensorBoardListener` writes the same while a trainer trains
(``mnist-viz train --tensorboard LOGDIR``). Both write with the writer torch provides,
``torch.utils.tensorboard.SummaryWriter``, which needs the ``tensorboard`` package (the
optional extra: ``pip install 'mnist-viz[tensorboard]'``); it is imported only when asked
for, and a missing package is a one-line :class:`TensorBoardError`.

What is written, under these tags:

* scalars, every step: ``loss/train`` (the mean cross-entropy per example of the batch, as
  the loss panel shows it), ``accuracy/train_batch``, ``learning_rate``; every evaluation:
  ``accuracy/test``, ``loss/test``; at every snapshot step, from the recorded
  distributions: ``gradient_norm/<layer>`` and, for the CNN, ``dead_relu/<layer>`` (the
  fraction of dead ReLU units, as the Distributions panel shows it);
* histograms, at every snapshot step: ``weights/<layer>`` and ``gradients/<layer>`` for
  each layer the Distributions panel shows (softmax regression: ``W``; the CNN:
  ``conv1``, ``conv2``, ``fc1``, ``fc2``). They are the recording's own histograms
  (``core.stats``: 64 equal bins on [-R, R] for the weights, the fixed signed-log bins for
  the gradients), handed to TensorBoard bin for bin, so TensorBoard shows what the panel
  shows. A recording keeps every weight of W, conv1 and conv2 (their snapshot parts), so
  their min, max, sum and sum of squares are exact; fc1's and fc2's weights (3.2 million
  of them) and every gradient are kept only as those bin counts, so for them min and max
  are the outer edges of the outermost non-empty bins and the sum and sum of squares are
  taken at the bins' centres (what TensorBoard draws, the bins, is exact). A gradient
  histogram is missing at step 0 (no gradient yet), and a recording made before the
  distributions were recorded has weight histograms only for the parts it keeps, on the
  same bins, and no gradients at all;
* images, at every snapshot step: ``images/softmax_weights`` (the ten templates) and
  ``images/conv1_filters`` (the 32 filters), each drawn exactly as ``mnist-viz export``
  draws a frame (``core.export.render_frame``: the panel's mosaic, gaps, colour map and
  colour range, with its title band), losslessly as PNG;
* hyper-parameters (TensorBoard's HParams tab): the run's ``TrainConfig``, with
  ``hparam/test_accuracy`` and ``hparam/test_loss`` of the last evaluation as metrics.

LOGDIR is the run's own folder (as ``SummaryWriter(log_dir)``): to compare runs, give
each its own folder under one parent and start ``tensorboard --logdir PARENT``. A folder
that already holds event files is refused, so that two runs are never mixed into one.

The live listener runs in the training thread (``Trainer.add_listener``, as the
recorder does) and only keeps what happened there: a step's numbers, and at each snapshot
step a copy of the weights drawn and the distributions computed afresh for that step
(``core.stats``); a writer thread of its own draws the images, builds the summaries and
hands them to TensorBoard's writer, whose own thread writes the file. A write that fails
(a full disk) stops the event files, never the training (:attr:`TensorBoardListener.error`).

No Qt in this module; torch is imported only when the writer is made.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from . import atomic, export, networks, stats
from . import events as ev
from .config import INIT_CHOICES, MODEL_CHOICES, OPTIMIZERS, PRECISIONS, SCHEDULES

INSTALL = "pip install 'mnist-viz[tensorboard]'"
#: Scalars of every step: StepDone field -> tag.
STEP_TAGS = {"loss": "loss/train", "batch_accuracy": "accuracy/train_batch", "learning_rate": "learning_rate"}
#: Scalars of every evaluation: Evaluated field -> tag.
EVALUATION_TAGS = {"test_accuracy": "accuracy/test", "test_loss": "loss/test"}
#: The hyper-parameters' metrics (the last evaluation): Evaluated field -> tag.
METRIC_TAGS = {"test_accuracy": "hparam/test_accuracy", "test_loss": "hparam/test_loss"}
#: The parts drawn as images, as the app draws them.
IMAGE_PARTS = ("softmax_weights", "conv1_filters")
#: The snapshot parts that hold every weight of a layer (core.stats's layer names).
EXACT_WEIGHTS = {"softmax_weights": "W", "conv1_filters": "conv1", "conv2_filters": "conv2"}
#: The choices of the string settings, for TensorBoard's HParams filters.
_DOMAINS = {"model": MODEL_CHOICES, "optimizer": OPTIMIZERS, "init": INIT_CHOICES, "schedule": SCHEDULES,
            "precision": PRECISIONS, "loss_reduction": ("sum", "mean")}
_EVENT_FILE = "events.out.tfevents."


class TensorBoardError(ValueError):
    """Event files cannot be written; the message (one line) says why and what to do."""


def summary_writer_class():
    """``torch.utils.tensorboard.SummaryWriter``, or a one-line TensorBoardError without tensorboard."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError as err:  # torch raises ImportError("TensorBoard logging requires TensorBoard ...")
        raise TensorBoardError(f"writing TensorBoard event files needs the tensorboard package, which is not "
                               f"installed ({_one_line(err)}); install it: {INSTALL}") from None
    return SummaryWriter


def check_logdir(logdir: str | os.PathLike) -> Path:
    """Raise TensorBoardError (one line) unless event files can be written into ``logdir``:
    a folder that exists or can be created (core.atomic), holding no event files yet."""
    try:
        folder = atomic.check_folder_destination(logdir)
    except atomic.DestinationError as err:
        raise TensorBoardError(str(err)) from None
    if folder.is_dir():
        try:
            old = sorted(name for name in os.listdir(folder) if name.startswith(_EVENT_FILE))
        except OSError as err:
            raise TensorBoardError(f"cannot read the folder {folder}: {err.strerror or err}; "
                                   "choose another place") from None
        if old:
            raise TensorBoardError(f"{folder} already holds TensorBoard event files ({old[0]}); give each run a "
                                   f"folder of its own (e.g. {folder / 'run-2'}) or delete them")
    return Path(folder)


def check_ready(logdir: str | os.PathLike) -> Path:
    """Everything ``--tensorboard LOGDIR`` needs, checked before any data loads or step runs:
    the folder (:func:`check_logdir`) and the tensorboard package. One-line TensorBoardError."""
    folder = check_logdir(logdir)
    summary_writer_class()
    return folder


# --------------------------------------------------------------- histograms
def _histogram(counts: np.ndarray, edges: np.ndarray, values: np.ndarray | None = None) -> dict | None:
    """``add_histogram_raw``'s arguments for ``counts`` on ``edges`` (len(counts) + 1),
    trimmed to the non-empty bins; min, max, sum and sum of squares exact from ``values``
    when given (all finite), else from the bins. None when nothing was counted."""
    counts = np.asarray(counts, dtype=np.float64)
    total = float(counts.sum())
    if not total > 0:
        return None
    nonzero = np.flatnonzero(counts)
    first, last = int(nonzero[0]), int(nonzero[-1])
    kept = counts[first:last + 1]
    left, right = np.asarray(edges[first:last + 1], np.float64), np.asarray(edges[first + 1:last + 2], np.float64)
    if values is not None and values.size == total and np.isfinite(values).all():
        flat = values.astype(np.float64).ravel()
        low, high, total_sum, squares = float(flat.min()), float(flat.max()), float(flat.sum()), float(flat @ flat)
    else:
        centres = (left + right) / 2
        low, high = float(left[0]), float(right[-1])
        total_sum, squares = float(kept @ centres), float(kept @ (centres * centres))
    return {"min": low, "max": high, "num": total, "sum": total_sum, "sum_squares": squares,
            "bucket_limits": right.tolist(), "bucket_counts": kept.tolist()}


def snapshot_histograms(arrays: Mapping[str, np.ndarray]) -> dict[str, dict]:
    """The histograms of one snapshot, by tag (``weights/<layer>``, ``gradients/<layer>``):
    the recorded ``dist/`` bins, exact statistics where the snapshot keeps the weights
    themselves; without ``dist/`` arrays, the weight parts binned as core.stats bins them."""
    exact = {layer: np.asarray(arrays[part]) for part, layer in EXACT_WEIGHTS.items() if part in arrays}
    histograms: dict[str, dict] = {}
    layers = stats.layer_names(arrays)
    for layer in layers:
        counts = arrays.get(f"{stats.PREFIX}{layer}/weight_counts")
        value_range = float(arrays.get(f"{stats.PREFIX}{layer}/weight_range", math.inf))
        if counts is not None and math.isfinite(value_range):
            histogram = _histogram(counts, stats.weight_edges(value_range, len(counts)), exact.get(layer))
            if histogram:
                histograms[f"weights/{layer}"] = histogram
        gradients = arrays.get(f"{stats.PREFIX}{layer}/gradient_counts")
        if gradients is not None:
            histogram = _histogram(gradients, stats.gradient_edges())
            if histogram:
                histograms[f"gradients/{layer}"] = histogram
    for layer, values in exact.items():  # a recording made before the distributions were recorded
        if layer in layers or not values.size or not np.isfinite(values).all():
            continue
        value_range = stats.weight_range(float(np.abs(values).max()))
        edges = stats.weight_edges(value_range)
        counts, _ = np.histogram(values, bins=edges)
        histogram = _histogram(counts, edges, values)
        if histogram:
            histograms[f"weights/{layer}"] = histogram
    return histograms


def snapshot_scalars(arrays: Mapping[str, np.ndarray]) -> dict[str, float]:
    """``gradient_norm/<layer>``, ``dead_relu/<layer>`` (ReLU-like layers) and
    ``saturated/<layer>`` (sigmoid and tanh layers) of one snapshot's ``dist/`` arrays."""
    scalars = {}
    for layer in stats.layer_names(arrays):
        for name, tag in (("gradient_norm", "gradient_norm"), (stats.DEAD, "dead_relu"),
                          (stats.SATURATED, "saturated")):
            value = arrays.get(f"{stats.PREFIX}{layer}/{name}")
            if value is not None:
                scalars[f"{tag}/{layer}"] = float(value)
    return scalars


def _image_summary(tag: str, frame: np.ndarray):
    """An RGB uint8 frame as TensorBoard's image summary, a PNG of exactly its pixels.

    Encoded here with Pillow at zlib level 1 rather than by ``SummaryWriter.add_image``,
    which converts the frame to float and back and compresses at level 6: the same pixels
    in about half the time (the writer thread's cost decides how much a live run slows)."""
    import io

    from PIL import Image
    from tensorboard.compat.proto.summary_pb2 import Summary

    png = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(frame, dtype=np.uint8)).save(png, format="PNG", compress_level=1)
    image = Summary.Image(height=frame.shape[0], width=frame.shape[1], colorspace=3,
                          encoded_image_string=png.getvalue())
    return Summary(value=[Summary.Value(tag=tag, image=image)])


def hyper_parameters(config: Mapping) -> dict[str, float | int | str]:
    """The settings of ``config`` (a TrainConfig's dict) that TensorBoard can show: numbers and texts."""
    return {key: value for key, value in config.items()
            if isinstance(value, (int, float, str)) and not isinstance(value, bool)}


# ------------------------------------------------------------------ writing
class _EventWriter:
    """One run's event files: a SummaryWriter and what mnist-viz writes with it."""

    def __init__(self, logdir: Path) -> None:
        SummaryWriter = summary_writer_class()
        self.logdir = logdir
        before = set(os.listdir(logdir)) if logdir.is_dir() else set()
        # A large queue: the writer's thread computes each record's CRC in Python, and the
        # default queue of 10 would make the caller wait for it.
        self.writer = SummaryWriter(log_dir=str(logdir), max_queue=10_000, flush_secs=2)
        self.files = sorted(logdir / name for name in set(os.listdir(logdir)) - before)
        self.counts = {"steps": 0, "evaluations": 0, "snapshots": 0, "images": 0, "histograms": 0}
        self.histogram_tags: set[str] = set()
        self.image_tags: set[str] = set()
        self._config: dict | None = None

    def start(self, config: Mapping) -> None:
        """The hyper-parameters (TensorBoard's Experiment and SessionStartInfo)."""
        from torch.utils.tensorboard.summary import hparams

        values = hyper_parameters(config)
        domains = {key: list(choices) for key, choices in _DOMAINS.items() if values.get(key) in choices}
        experiment, start, _ = hparams(values, {tag: 0.0 for tag in METRIC_TAGS.values()}, domains)
        self._config = values
        self.writer.file_writer.add_summary(experiment)
        self.writer.file_writer.add_summary(start)

    def steps(self, rows: Iterable[tuple[int, float, float, float, float | None]]) -> None:
        """Each (step, loss, batch accuracy, learning rate, wall time) as one event of three scalars."""
        from tensorboard.compat.proto.summary_pb2 import Summary

        add = self.writer.file_writer.add_summary
        tags = tuple(STEP_TAGS.values())
        count = 0
        for step, *values, wall in rows:
            add(Summary(value=[Summary.Value(tag=tag, simple_value=value) for tag, value in zip(tags, values)]),
                int(step), wall)
            count += 1
        self.counts["steps"] += count

    def evaluation(self, step: int, test_accuracy: float, test_loss: float, wall: float | None) -> None:
        self.writer.add_scalar(EVALUATION_TAGS["test_accuracy"], test_accuracy, step, walltime=wall)
        self.writer.add_scalar(EVALUATION_TAGS["test_loss"], test_loss, step, walltime=wall)
        self.counts["evaluations"] += 1

    def snapshot(self, step: int, arrays: Mapping[str, np.ndarray], wall: float | None) -> None:
        """The histograms, distribution scalars and images of one snapshot."""
        for tag, value in snapshot_scalars(arrays).items():
            self.writer.add_scalar(tag, value, step, walltime=wall)
        for tag, histogram in snapshot_histograms(arrays).items():
            self.writer.add_histogram_raw(tag, global_step=step, walltime=wall, **histogram)
            self.histogram_tags.add(tag)
            self.counts["histograms"] += 1
        for part in IMAGE_PARTS:
            if part in arrays:
                tag = f"images/{part}"
                self.writer.file_writer.add_summary(_image_summary(tag, export.render_frame(part, arrays[part], step)),
                                                    step, wall)
                self.image_tags.add(tag)
                self.counts["images"] += 1
        self.counts["snapshots"] += 1

    def finish(self, step: int, last: tuple[float, float] | None, completed: bool) -> None:
        """The hyper-parameters' metrics (the last evaluation's) and the session's end."""
        from torch.utils.tensorboard.summary import hparams

        if last is not None:
            for tag, value in zip(METRIC_TAGS.values(), last):
                self.writer.add_scalar(tag, value, step)
        if completed and self._config is not None:  # torch's SessionEndInfo says STATUS_SUCCESS
            _, _, end = hparams(self._config, {tag: 0.0 for tag in METRIC_TAGS.values()})
            self.writer.file_writer.add_summary(end, step)

    def flush(self) -> None:
        self.writer.flush()

    def close(self) -> None:
        self.writer.close()


@dataclass(frozen=True)
class TensorBoardExport:
    """What :func:`export_recording` wrote."""

    logdir: Path
    files: tuple[Path, ...]
    steps: int
    evaluations: int
    snapshots: int
    histogram_tags: tuple[str, ...]
    image_tags: tuple[str, ...]
    images: int
    notes: tuple[str, ...] = field(default=())

    def report(self) -> str:
        """One line for the command line."""
        what = [f"{self.steps:,} steps", f"{self.evaluations} evaluations", f"{self.snapshots} snapshots"]
        if self.histogram_tags:
            what.append(f"{len(self.histogram_tags)} histograms ({', '.join(self.histogram_tags)})")
        if self.images:
            what.append(f"{self.images} images ({', '.join(self.image_tags)})")
        notes = "".join(f"; {note}" for note in self.notes)
        return (f"wrote TensorBoard event files to {self.logdir}: {', '.join(what)}, the hyper-parameters"
                f"{notes}; view them with: tensorboard --logdir {self.logdir}")


def _created(manifest: Mapping) -> float:
    """The recording's start as a POSIX time (its manifest's ``created``), or now."""
    try:
        when = datetime.fromisoformat(str(manifest.get("created")))
    except ValueError:
        return time.time()
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()


def export_recording(run_dir: str | os.PathLike, logdir: str | os.PathLike) -> TensorBoardExport:
    """Write the recording in ``run_dir`` as TensorBoard event files into ``logdir``.

    Wall times are the recording's start plus each step's training time (``elapsed_s``),
    so TensorBoard's "relative" axis shows how long the run trained. Everything is checked
    first (``logdir``, the tensorboard package, the recording: a RecordingError or a
    TensorBoardError of one line); if writing fails half-way, the event files begun are
    removed and TensorBoardError says why."""
    from .recording import Recording, RecordingError

    folder = check_ready(logdir)
    recording = Recording.open(run_dir)
    existed = folder.is_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        writer = _EventWriter(folder)
    except OSError as err:
        raise TensorBoardError(f"cannot write into {folder}: {err.strerror or err}; choose another place") from None
    try:
        _write_recording(recording, writer)
        writer.close()
    except (OSError, RecordingError, ValueError, RuntimeError) as err:
        writer.close()
        for path in writer.files:
            path.unlink(missing_ok=True)
        if not existed:
            try:
                folder.rmdir()
            except OSError:
                pass
        if isinstance(err, OSError):
            raise TensorBoardError(f"cannot write into {folder}: {err.strerror or err}; nothing was kept; free "
                                   "some space or choose another place") from None
        raise TensorBoardError(f"{_one_line(err)}; nothing was written to {folder}") from None
    notes = []
    if stats.PART not in recording.parts:
        notes.append("this recording has no weight and gradient distributions (recorded before mnist-viz kept "
                     "them, or without the 'distributions' part): only the weights it keeps are histogrammed")
    return TensorBoardExport(folder, tuple(writer.files), writer.counts["steps"], writer.counts["evaluations"],
                             writer.counts["snapshots"], tuple(sorted(writer.histogram_tags)),
                             tuple(sorted(writer.image_tags)), writer.counts["images"], tuple(notes))


def _write_recording(recording, writer: _EventWriter) -> None:
    metrics, evaluations = recording.metrics, recording.evaluations
    start = _created(recording.manifest)
    steps = np.asarray(metrics.get("step", np.zeros(0, np.int64)), np.int64)
    elapsed = np.asarray(metrics.get("elapsed_s", np.zeros(len(steps))), np.float64)

    def wall(step: int) -> float:
        index = int(np.searchsorted(steps, step, side="right")) - 1
        return start + (float(elapsed[index]) if index >= 0 else 0.0)

    writer.start(recording.config)
    columns = [np.asarray(metrics.get(name, np.zeros(len(steps))), np.float64).tolist() for name in STEP_TAGS]
    writer.steps(zip(steps.tolist(), *columns, (start + elapsed).tolist()))
    eval_steps = np.asarray(evaluations.get("step", np.zeros(0, np.int64))).tolist()
    accuracies = np.asarray(evaluations.get("test_accuracy", np.zeros(0))).tolist()
    losses = np.asarray(evaluations.get("test_loss", np.zeros(0))).tolist()
    for step, accuracy, loss in zip(eval_steps, accuracies, losses):
        writer.evaluation(int(step), accuracy, loss, wall(int(step)))
    for step in recording.snapshot_steps.tolist():
        writer.snapshot(step, recording.snapshot(step).arrays, wall(step))
    last = (accuracies[-1], losses[-1]) if accuracies else None
    writer.finish(recording.last_step, last, recording.finished == "completed")


# --------------------------------------------------------------------- live
class TensorBoardListener:
    """Writes a run's event files while it trains: ``listener.attach(trainer)``, train,
    ``listener.close()``. ``every_steps``: histograms and images at step 0, step 1, every
    multiple of it, every evaluation and the last step (the recorder's snapshot steps).

    ``logdir`` is checked and the event file made when the listener is made, before any
    step (a TensorBoardError of one line). Like the recorder, it listens to one run: after
    the weights are reset (a second RunStarted once steps were written) it stops.

    What the writer thread costs the training: the scalars are handed to TensorBoard every
    ``flush_seconds``; a snapshot (drawing its images, encoding them as PNG, TensorBoard's
    writer computing each record's CRC in Python) takes tens of milliseconds of Python,
    which holds the interpreter lock that a small model's training steps need too. So the
    writer thread draws snapshots for at most ``max_cost_fraction`` of the time (a
    twentieth: it rests after each one in proportion to what it took, TensorBoard's writer
    thread writing it included), and what it could not draw yet waits (a few KB a
    snapshot; the CNN's conv2 weights, 200 KB, for exact statistics) and is drawn at the
    run's end. For the CNN the snapshots come slower than that, so they appear live;
    softmax regression trains so fast (hundreds of steps per second) that most of its
    images are drawn at the end. Measured side by side (``scripts/measure_tensorboard_listener.py``,
    2-core VM): 0.98 of the speed without the listener for both models."""

    def __init__(self, logdir: str | os.PathLike, config, every_steps: int = 50,
                 flush_seconds: float = 1.0, max_cost_fraction: float = 0.05) -> None:
        if int(every_steps) < 1:
            raise TensorBoardError(f"TensorBoard images every N steps: N must be at least 1, not {every_steps}")
        folder = check_ready(logdir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._writer = _EventWriter(folder)
        except OSError as err:
            raise TensorBoardError(f"cannot write into {folder}: {err.strerror or err}; "
                                   "choose another place") from None
        self.logdir = folder
        self.config = config
        self.every_steps = int(every_steps)
        self.flush_seconds = float(flush_seconds)
        self.max_cost_fraction = float(max_cost_fraction)
        #: Why the event files stopped early (a write failed), or None. Training goes on regardless.
        self.error: str | None = None
        try:
            weight_parts = set(networks.weight_parts(config.model))
        except ValueError:  # a network this mnist-viz cannot describe: scalars and histograms only
            weight_parts = set()
        self._parts = frozenset(weight_parts & (set(IMAGE_PARTS) | set(EXACT_WEIGHTS)))
        # Appended in the training thread, taken by the writer thread: the numbers (cheap to
        # write, in order) and the snapshots (dear to draw).
        self._pending: deque = deque()
        self._snapshots: deque = deque()
        self._rest_until = 0.0  # the writer thread draws no snapshot before this (time.monotonic)
        self._wake = threading.Condition()
        self._write_lock = threading.Lock()
        self._trainer = None
        self._taken: set[int] = set()
        self._steps_seen = False
        self._stopped = False
        self._closed = False
        self._last: tuple[float, float] | None = None
        self._thread = threading.Thread(target=self._loop, name=f"tensorboard {folder.name}", daemon=True)
        self._thread.start()

    def attach(self, trainer) -> None:
        """Listen to ``trainer``'s events (``trainer.add_listener``)."""
        self._trainer = trainer
        trainer.add_listener(self.on_event)

    # ------------------------------------------------ in the training thread
    def on_event(self, trainer, event) -> None:
        """Called in the training thread for every event: keep it (a step costs an append)."""
        if self._stopped:
            return
        now = time.time()
        if isinstance(event, ev.StepDone):
            self._steps_seen = True
            self._pending.append(("step", (event.step, event.loss, event.batch_accuracy, event.learning_rate, now)))
            if event.step == 1 or event.step % self.every_steps == 0:
                self._take(trainer, event.step, now)
        elif isinstance(event, ev.RunStarted):
            if self._steps_seen:  # the weights were reset: this run's files end here
                self._stopped = True
                return
            self._pending.append(("start", self.config.to_dict()))
            self._take(trainer, event.step, now)
        elif isinstance(event, ev.Evaluated):
            self._last = (event.test_accuracy, event.test_loss)
            self._pending.append(("evaluation", (event.step, event.test_accuracy, event.test_loss, now)))
            self._take(trainer, event.step, now)
        elif isinstance(event, ev.Finished):
            self._take(trainer, event.step, now)
            self._pending.append(("finish", (event.step, self._last, event.reason == "completed")))
            self._write_pending()  # the run's end: everything to disk now, in this thread
            self._flush()

    def _take(self, trainer, step: int, wall: float) -> None:
        """A copy of the weights drawn and the distributions of ``step``, once per step."""
        if step in self._taken or trainer is None:
            return
        self._taken.add(step)
        try:
            arrays = dict(trainer.snapshot(self._parts).arrays) if self._parts else {}
            monitor = getattr(trainer, "distribution_monitor", None)
            try:
                arrays.update(stats.distributions(trainer.model, getattr(monitor, "relu_images", None), step=step))
            except TypeError:  # a network core.stats has no layer list for: no histograms, the rest goes on
                pass
        except Exception as err:  # noqa: BLE001 - whatever fails, the training goes on
            self._failed(err)
            return
        self._snapshots.append((step, arrays, wall))

    # ----------------------------------------------------- the writer thread
    def _loop(self) -> None:
        while True:
            with self._wake:
                if not self._closed:
                    due = self._rest_until - time.monotonic() if self._snapshots else self.flush_seconds
                    self._wake.wait(min(self.flush_seconds, max(0.0, due)))
                if self._closed:
                    return  # close() writes the rest
            self._write_pending(everything=False)

    def _write_pending(self, everything: bool = True) -> None:
        """Hand what was kept to TensorBoard's writer: the numbers, then the snapshots (all of
        them, or in the writer thread one if its rest is over). The writer thread, and the
        run's end and close() (everything)."""
        with self._write_lock:
            self._write_numbers()
            while self._snapshots and self.error is None:
                if not everything and time.monotonic() < self._rest_until:
                    break
                started = time.monotonic()
                try:
                    self._writer.snapshot(*self._snapshots.popleft())
                    if not everything:
                        self._writer.flush()  # waits for TensorBoard's writer thread: its CRCs count too
                except Exception as err:  # noqa: BLE001 - a full disk must not end the training
                    self._failed(err)
                cost = time.monotonic() - started
                self._rest_until = time.monotonic() + cost * (1 / max(self.max_cost_fraction, 1e-3) - 1)
                self._write_numbers()  # the steps trained meanwhile
            if self.error is not None:
                self._pending.clear()
                self._snapshots.clear()

    def _write_numbers(self) -> None:
        """The steps', evaluations' and hyper-parameters' events kept so far, in order."""
        while self._pending and self.error is None:
            rows = []
            while self._pending and self._pending[0][0] == "step":
                rows.append(self._pending.popleft()[1])
            try:
                if rows:
                    self._writer.steps(rows)
                    continue
                kind, item = self._pending.popleft()
                if kind == "start":
                    self._writer.start(item)
                elif kind == "evaluation":
                    self._writer.evaluation(*item)
                elif kind == "finish":
                    self._writer.finish(*item)
            except Exception as err:  # noqa: BLE001 - a full disk must not end the training
                self._failed(err)

    def _flush(self) -> None:
        try:
            self._writer.flush()
        except Exception as err:  # noqa: BLE001
            self._failed(err)

    def _failed(self, err: BaseException) -> None:
        if self.error is None:
            reason = getattr(err, "strerror", None) or _one_line(err)
            self.error = f"the TensorBoard event files in {self.logdir} stopped: {reason}"
        self._stopped = True

    def close(self) -> None:
        """Write everything kept, close the event files, stop the writer thread and stop
        listening. Safe to call more than once; never raises (a failure is kept in .error)."""
        if self._closed:
            return
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join()
        self._write_pending()
        try:
            self._writer.close()
        except Exception as err:  # noqa: BLE001
            self._failed(err)
        if self._trainer is not None and hasattr(self._trainer, "remove_listener"):
            self._trainer.remove_listener(self.on_event)

    def __enter__(self) -> TensorBoardListener:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def files(self) -> tuple[Path, ...]:
        """The event files this listener writes."""
        return tuple(self._writer.files)


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 160 else text[:159] + "…"
