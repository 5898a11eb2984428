"""Record a training run to a folder, and read it back: a run you can replay and share.

A *recording* is a folder holding

* ``manifest.json``: what was recorded (model, configuration, parts, which snapshot
  steps live in which chunk file, the evaluations, how the run ended), rewritten
  atomically (temporary file + ``os.replace``) at every flush;
* ``metrics.npz``: the loss, accuracy and learning rate of every step, and each
  evaluation's confusion matrix and predictions, also rewritten atomically;
* ``chunk-0000.npz``, ``chunk-0001.npz``, ...: snapshots of the weights and of the probe
  image's activations, a few dozen per file, written once and never changed.

Every file is an open format (JSON, and numpy's ``.npz``: a zip of ``.npy`` arrays), so a
recording can be read without mnist-viz; ``docs/recording-format.md`` describes it.

:class:`Recorder` listens to a :class:`~mnist_viz.core.training.Trainer`
(``trainer.add_listener``) and takes its own snapshots at exact steps, in the training
thread, independently of what the GUI happens to be watching. :class:`Recording` opens a
folder, also while it is still being written (call :meth:`Recording.refresh` to see new
steps), and hands back the same events the live trainer sends, so a panel can replay it.

No Qt in this module.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import functools
import io
import json
import math
import os
import re
import reprlib
import stat
import struct
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, NamedTuple, NoReturn

import numpy as np

from . import atomic
from . import events as ev
from .config import ACTIVATION_PARTS, WEIGHT_PARTS, TrainConfig
from .datasets import DATASETS
from . import stats
from .stats import PART as DISTRIBUTIONS
from .stats import PREFIX as DIST_PREFIX

FORMAT = "mnist-viz-recording"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
METRICS = "metrics.npz"
#: Snapshots per chunk file: a crash loses at most this many.
SNAPSHOTS_PER_CHUNK = 20
#: Metric arrays kept for every step, in metrics.npz.
STEP_FIELDS = ("step", "epoch", "loss", "batch_accuracy", "learning_rate", "samples_per_s", "elapsed_s")
#: Metric arrays kept for every evaluation (metrics.npz keys start with ``eval_``).
EVAL_FIELDS = ("step", "test_accuracy", "test_loss", "seconds")
#: Stored in a chunk next to a snapshot's parts: [probe label, probe test index], -1 for none.
PROBE_KEY = "_probe"


class RecordingError(Exception):
    """A recording cannot be written or read. The message names the folder or file and says
    how to fix it."""


def default_parts(model: str) -> tuple[str, ...]:
    """Every weight part and every activation part of the model (see ``core.models``)."""
    if model not in WEIGHT_PARTS:
        raise RecordingError(f"cannot record the unknown model {model!r}; choose one of {', '.join(WEIGHT_PARTS)}")
    return WEIGHT_PARTS[model] + ACTIVATION_PARTS[model] + (DISTRIBUTIONS,)


def check_new_folder(folder: str | os.PathLike, create: bool = False) -> Path:
    """Raise RecordingError unless ``folder`` can take a new recording (absent or empty)."""
    folder = Path(folder)
    try:
        if folder.exists() and not folder.is_dir():
            raise RecordingError(f"cannot record to {folder}: it is a file, not a folder; choose a new folder name")
        if folder.is_dir() and any(folder.iterdir()):
            raise RecordingError(f"cannot record to {folder}: the folder is not empty (a recording never "
                                 "overwrites files); choose a new folder or empty this one")
    except OSError as err:  # a name too long, a folder that may not be looked into
        raise RecordingError(f"cannot record to {folder}: {err.strerror or err}; choose another folder") from None
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise RecordingError(f"cannot create the recording folder {folder}: {err.strerror or err}") from None
    return folder


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _step_key(step: int) -> str:
    return f"s{step:06d}"


def _atomic_write(path: Path, write) -> None:
    """Call ``write(file)`` on a temporary file next to ``path``, then rename it over ``path``.

    core.atomic's writer: the file gets the user's usual permissions (not mkstemp's 0600: a
    recording is meant to be shared); a failure (a full disk) removes the temporary file.
    """
    atomic.write(path, write)


class _Buffered:
    """One snapshot taken but not written yet."""

    __slots__ = ("step", "arrays", "probe")

    def __init__(self, step: int, arrays: dict[str, np.ndarray], probe: tuple[int, int]) -> None:
        self.step, self.arrays, self.probe = step, arrays, probe

    @property
    def nbytes(self) -> int:
        return sum(array.nbytes for array in self.arrays.values())


class Recorder:
    """Records a run into ``run_dir``: a JSON manifest plus ``.npz`` chunks.

    ``every_steps``: a snapshot at step 0, step 1, every multiple of it, every evaluation
    and the last step. ``max_bytes``: the folder's size bound; when the run would need
    more, the recorder doubles ``every_steps`` (and drops the unwritten snapshots that
    no longer fall on it) and says so in the manifest (``"thinned": true``); once the
    bound is reached it stops taking snapshots, so the folder never exceeds it by more
    than one chunk. ``parts``: which snapshot parts to keep (default: every weight and
    activation part of the model). Weights are stored as float32, exactly; activations
    as float16 (about 3 significant digits: the picture is the same, half the bytes).

    Activation parts need a probe image: if the trainer has none when the recorder is
    attached, the recorder sets the first test image as the probe.

    A Recorder records one run: after the trainer resets its weights (a second
    ``RunStarted`` once steps were recorded) it stops, marking the run ``"reset"``.
    """

    def __init__(self, run_dir: str | os.PathLike, config: TrainConfig, every_steps: int = 50,
                 max_bytes: int = 200 * 2**20, parts: Sequence[str] | None = None, dataset: str = "mnist",
                 snapshots_per_chunk: int = SNAPSHOTS_PER_CHUNK, activation_dtype: str = "float16") -> None:
        self.run_dir = Path(run_dir)
        if int(every_steps) < 1:
            raise RecordingError(f"record every N steps: N must be at least 1, not {every_steps}")
        if int(max_bytes) < 1:
            raise RecordingError(f"the recording size bound must be positive, not {max_bytes} bytes")
        self.config = config
        self.every_steps = int(every_steps)
        self.max_bytes = int(max_bytes)
        self.snapshots_per_chunk = max(1, int(snapshots_per_chunk))
        self.activation_dtype = np.dtype(activation_dtype)
        known = default_parts(config.model)
        self.parts = frozenset(known if parts is None else parts)
        unknown = sorted(self.parts - set(known))
        if unknown:
            raise RecordingError(f"the {config.model} model has no part {unknown[0]!r} to record; "
                                 f"choose from {', '.join(known)}")
        self._activation_parts = set(ACTIVATION_PARTS[config.model])
        check_new_folder(self.run_dir, create=True)

        self._lock = threading.RLock()
        #: Why recording stopped early (a write failed), or None. Training goes on regardless.
        self.error: str | None = None
        self._trainer = None
        self._closed = False
        self._stopped_reason: str | None = None  # set when the run was reset: ignore the rest
        self._buffer: list[_Buffered] = []
        self._steps: set[int] = set()            # every snapshot step taken (written or buffered)
        self._last_step = -1
        self._metrics: dict[str, list] = {name: [] for name in STEP_FIELDS}
        self._evals: dict[str, list] = {name: [] for name in EVAL_FIELDS}
        self._confusions: list[np.ndarray] = []
        self._predictions: list[np.ndarray | None] = []
        self._misclassified: list[np.ndarray | None] = []
        self._chunk_bytes = 0
        self._bytes_per_snapshot: float | None = None  # measured from the chunks written
        #: What reached the disk: the snapshot steps of the chunks listed in the last manifest
        #: written, and the steps in the last metrics.npz written (a reader sees these).
        self._disk_steps: list[int] = []
        self._disk_metric_steps = 0
        self.manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": _app_version(),
            "created": _now(),
            "updated": _now(),
            "model": config.model,
            "dataset": dataset,
            "config": config.to_dict(),
            "run": None,
            "parts": sorted(self.parts),
            "arrays": {},
            "every_steps": self.every_steps,
            "requested_every_steps": self.every_steps,
            "max_bytes": self.max_bytes,
            "thinned": False,
            "snapshots_stopped_at": None,
            "chunks": [],
            "metrics": METRICS,
            "steps_recorded": 0,
            "evaluations": [],
            "diverged": None,
            "finished": None,
            "final": None,
        }
        with self._lock:
            try:
                self._write_metrics()
                self._write_manifest()
            except OSError as err:  # a full disk or a read-only folder before the first step
                raise RecordingError(f"cannot write the recording in {self.run_dir}: "
                                     f"{err.strerror or err}; free some space or choose another folder") from None

    # ------------------------------------------------------------------ set-up
    def attach(self, trainer) -> None:
        """Listen to ``trainer``'s events (``trainer.add_listener``) and take snapshots from it."""
        with self._lock:
            self._trainer = trainer
            if (self.parts & self._activation_parts) and getattr(trainer, "_probe", None) is None:
                trainer.set_probe_from_test(0)
            trainer.add_listener(self.on_event)

    # ----------------------------------------------------------------- events
    def on_event(self, trainer, event) -> None:
        """Called in the training thread for every event the trainer yields."""
        with self._lock:
            if self._closed or self._stopped_reason:
                return
            try:
                self._on_event(trainer, event)
            except Exception as err:  # noqa: BLE001 - a full disk must not end the training
                self._failed(err)

    def _failed(self, err: Exception) -> None:
        """A write failed: stop recording, keep why in .error and, if the disk allows, the manifest."""
        self._stopped_reason = "write-error"
        self._buffer = []  # never written: not counted as recorded
        reason = getattr(err, "strerror", None) or " ".join(str(err).split())[:200] or type(err).__name__
        self.error = f"recording to {self.run_dir} stopped at step {max(self._last_step, 0)}: {reason}"
        self.manifest["error"] = self.error
        try:
            self._write_manifest()
        except Exception:  # noqa: BLE001 - the disk may be full; the error is kept in .error
            pass
        self._steps = set(self._disk_steps)  # the snapshots not written are not recorded

    def _on_event(self, trainer, event) -> None:
        if isinstance(event, ev.RunStarted):
            if self._metrics["step"]:
                self._finish("reset")
                return
            self.manifest["run"] = asdict(event)
            self._take(trainer, event.step)
        elif isinstance(event, ev.StepDone):
            if self.manifest["finished"] is not None:  # the run goes on after a Finished
                self.manifest["finished"] = None
            for name in STEP_FIELDS:
                self._metrics[name].append(getattr(event, name))
            self._last_step = event.step
            if event.step == 1 or event.step % self.every_steps == 0:
                self._take(trainer, event.step)
        elif isinstance(event, ev.Evaluated):
            for name in EVAL_FIELDS:
                self._evals[name].append(getattr(event, name))
            self._confusions.append(np.asarray(event.confusion, dtype=np.int64).reshape(10, 10))
            self._predictions.append(None if event.predictions is None else np.asarray(event.predictions))
            self._misclassified.append(None if event.misclassified is None else np.asarray(event.misclassified))
            self.manifest["evaluations"].append({"step": event.step, "test_accuracy": _json_float(event.test_accuracy),
                                                 "test_loss": _json_float(event.test_loss)})
            self._take(trainer, event.step)
        elif isinstance(event, ev.Diverged):
            self.manifest["diverged"] = {"step": event.step, "loss": _json_float(event.loss),
                                         "message": event.message}
        elif isinstance(event, ev.Finished):
            self._take(trainer, event.step)
            accuracy = None if event.test_accuracy is None else _json_float(event.test_accuracy)
            self.manifest["final"] = {"step": event.step, "test_accuracy": accuracy,
                                      "wall_s": _json_float(event.wall_s),
                                      "samples_per_s": _json_float(event.samples_per_s)}
            self._finish(event.reason)

    def _finish(self, reason: str) -> None:
        self.manifest["finished"] = reason
        if reason == "reset":
            self._stopped_reason = reason
        self._flush(final=True)

    def _take(self, trainer, step: int) -> None:
        """Buffer a snapshot of ``step`` (once per step), flushing a full chunk."""
        if step in self._steps or self.manifest["snapshots_stopped_at"] is not None or trainer is None:
            return
        snapshot = trainer.snapshot(self.parts - {DISTRIBUTIONS})
        arrays = {}
        if DISTRIBUTIONS in self.parts:
            # Computed afresh for each recorded step (the trainer's own monitor would hand out
            # the last result again within half a second): small histograms and numbers, kept
            # as they are. They cost about 2 % of the training time at one snapshot per 50 steps.
            monitor = getattr(trainer, "distribution_monitor", None)
            fresh = stats.distributions(trainer.model, getattr(monitor, "relu_images", None), step=step)
            arrays.update((name, np.asarray(value)) for name, value in fresh.items())
            self.manifest["arrays"].setdefault(DISTRIBUTIONS, {"prefix": DIST_PREFIX})
        for name, value in snapshot.arrays.items():
            if name not in self.parts:
                continue
            dtype = self.activation_dtype if name in self._activation_parts else np.float32
            arrays[name] = np.asarray(value, dtype=dtype)
            if name not in self.manifest["arrays"]:
                self.manifest["arrays"][name] = {"shape": list(value.shape), "dtype": np.dtype(dtype).name}
        probe = (-1 if snapshot.probe_label is None else int(snapshot.probe_label),
                 -1 if snapshot.probe_index is None else int(snapshot.probe_index))
        self._buffer.append(_Buffered(step, arrays, probe))
        self._steps.add(step)
        if len(self._buffer) >= self.snapshots_per_chunk:
            self._flush()

    # ------------------------------------------------------------------ writing
    def flush(self) -> None:
        """Write buffered snapshots, the metrics and the manifest now."""
        with self._lock:
            if not self._closed:
                self._flush()

    def close(self) -> None:
        """Flush and write the manifest, then stop listening. Safe to call more than once."""
        with self._lock:
            if self._closed:
                return
            if self._stopped_reason != "write-error":
                try:
                    self._flush(final=True)
                except Exception as err:  # noqa: BLE001 - a full disk at the end: say so, no traceback
                    self._failed(err)
            self._closed = True
            if self._trainer is not None and hasattr(self._trainer, "remove_listener"):
                self._trainer.remove_listener(self.on_event)

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def bytes_on_disk(self) -> int:
        """The size of the recording folder's files right now."""
        total = 0
        try:
            for path in self.run_dir.iterdir():
                try:
                    total += path.stat().st_size if path.is_file() else 0
                except OSError:
                    pass  # a temporary file renamed or removed meanwhile
        except OSError:
            pass
        return total

    @property
    def snapshot_steps(self) -> list[int]:
        """Every snapshot step taken, written or still buffered (the live slider's steps)."""
        with self._lock:
            return sorted(self._steps)

    @property
    def written_steps(self) -> list[int]:
        """The snapshot steps that reached the disk: those the manifest on disk lists (what a
        reader of the folder will find; after a write error, fewer than snapshot_steps)."""
        with self._lock:
            return sorted(self._disk_steps)

    @property
    def metrics_written(self) -> int:
        """How many steps' metrics reached the disk (metrics.npz as last written)."""
        with self._lock:
            return self._disk_metric_steps

    def _estimate(self, snapshot: _Buffered) -> float:
        # Before the first chunk the uncompressed size is the (pessimistic) estimate.
        return self._bytes_per_snapshot if self._bytes_per_snapshot is not None else snapshot.nbytes

    def _thin_buffer(self, final: bool) -> None:
        """Double every_steps and drop unwritten snapshots off it until the chunk fits."""
        budget = self.max_bytes - self.bytes_on_disk
        buffer = self._buffer
        while len(buffer) > 1 and sum(self._estimate(s) for s in buffer) > budget:
            self.every_steps *= 2
            self.manifest["thinned"] = True
            keep_last = buffer[-1] if final else None  # the last step of a run is worth keeping
            kept = [s for s in buffer if s.step % self.every_steps == 0 or s is keep_last]
            buffer = kept or buffer[-1:]
        dropped_steps = {s.step for s in self._buffer} - {s.step for s in buffer}
        self._steps -= dropped_steps
        self._buffer = buffer

    def _flush(self, final: bool = False) -> None:
        if self._buffer:
            self._thin_buffer(final)
            self._write_chunk(self._buffer)
            self._buffer = []
            if self.bytes_on_disk >= self.max_bytes and not final:
                self.manifest["snapshots_stopped_at"] = self._last_step
                self.manifest["thinned"] = True
            elif not final:
                self._slow_down_for_the_rest()
        self._write_metrics()
        self._write_manifest()

    def _slow_down_for_the_rest(self) -> None:
        """Double every_steps while the snapshots still to come would not fit in max_bytes."""
        if self._bytes_per_snapshot is None:
            return
        remaining_steps = max(0, self.config.steps - max(self._last_step, 0))
        budget = self.max_bytes - self.bytes_on_disk
        while (self.every_steps < remaining_steps
               and self._bytes_per_snapshot * (remaining_steps / self.every_steps + 2) > budget):
            self.every_steps *= 2
            self.manifest["thinned"] = True

    def _write_chunk(self, buffer: list[_Buffered]) -> None:
        name = f"chunk-{len(self.manifest['chunks']):04d}.npz"
        arrays = {}
        for snapshot in buffer:
            prefix = _step_key(snapshot.step)
            for part, array in snapshot.arrays.items():
                arrays[f"{prefix}/{part}"] = array
            arrays[f"{prefix}/{PROBE_KEY}"] = np.asarray(snapshot.probe, dtype=np.int64)
        path = self.run_dir / name
        _atomic_write(path, lambda file: np.savez_compressed(file, **arrays))
        size = path.stat().st_size
        self._chunk_bytes += size
        count = sum(len(chunk["steps"]) for chunk in self.manifest["chunks"]) + len(buffer)
        self._bytes_per_snapshot = self._chunk_bytes / max(1, count)
        self.manifest["chunks"].append({"file": name, "steps": [s.step for s in buffer], "bytes": size})

    def _write_metrics(self) -> None:
        arrays: dict[str, np.ndarray] = {
            "step": np.asarray(self._metrics["step"], dtype=np.int64),
        }
        for name in STEP_FIELDS[1:]:
            arrays[name] = np.asarray(self._metrics[name], dtype=np.float64)
        arrays["eval_step"] = np.asarray(self._evals["step"], dtype=np.int64)
        for name in EVAL_FIELDS[1:]:
            arrays[f"eval_{name}"] = np.asarray(self._evals[name], dtype=np.float64)
        arrays["eval_confusion"] = (np.stack(self._confusions) if self._confusions
                                    else np.zeros((0, 10, 10), dtype=np.int64))
        # Predictions (uint8 per test image) and misclassified indices, concatenated with
        # offsets: evaluation k's are [offsets[k]:offsets[k+1]].
        for key, values, dtype in (("eval_predictions", self._predictions, np.uint8),
                                   ("eval_misclassified", self._misclassified, np.int32)):
            pieces = [np.zeros(0, dtype) if v is None else np.asarray(v, dtype).ravel() for v in values]
            arrays[key] = np.concatenate(pieces) if pieces else np.zeros(0, dtype)
            arrays[f"{key}_offsets"] = np.cumsum([0] + [len(p) for p in pieces]).astype(np.int64)
        _atomic_write(self.run_dir / METRICS, lambda file: np.savez_compressed(file, **arrays))
        self._disk_metric_steps = len(arrays["step"])

    def _write_manifest(self) -> None:
        self.manifest["updated"] = _now()
        self.manifest["every_steps"] = self.every_steps
        self.manifest["steps_recorded"] = len(self._metrics["step"])
        text = json.dumps(self.manifest, indent=1, allow_nan=False, default=_json_default)
        _atomic_write(self.run_dir / MANIFEST, lambda file: file.write(text.encode("utf-8")))
        self._disk_steps = [step for chunk in self.manifest["chunks"] for step in chunk["steps"]]


def _json_float(value: float) -> float | str:
    return value if math.isfinite(value) else str(value)


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in the manifest")


def _app_version() -> str:
    from .. import __version__

    return __version__


# ====================================================================== reading
# A recording is a file from elsewhere (shared, downloaded, edited by hand). The reader
# therefore trusts nothing in it: every path the manifest names stays inside the folder;
# every manifest field it uses is checked for its type and range; every array is checked
# against what the model's parts can be, from the .npy header, before a byte of it is
# allocated; and every bad case is a RecordingError of one line that names the file, says
# what is wrong and what to do. docs/recording-format.md ("What the reader checks") lists it.

#: The manifest is a few KB (a run with 100,000 evaluations: about 7 MB).
MAX_MANIFEST_BYTES = 8 * 2**20
#: How deep lists and objects may nest in the manifest (it needs 4).
MAX_JSON_DEPTH = 32
#: Steps are numbers a Qt widget can hold.
MAX_STEP = 2**31 - 1
MAX_CHUNKS = 100_000
#: Snapshot steps listed by the manifest, in all, and per chunk.
MAX_SNAPSHOTS = 1_000_000
MAX_STEPS_PER_CHUNK = 10_000
#: Arrays in one .npz (a chunk of 20 CNN snapshots holds about 700).
MAX_NPZ_MEMBERS = 60_000
#: Training steps in metrics.npz (7 float64 arrays: 560 MB at most).
MAX_METRIC_STEPS = 10_000_000
MAX_EVALUATIONS = 100_000
#: Entries of eval_predictions and of eval_misclassified, each (10,000 evaluations of 10,000 images).
MAX_EVAL_ITEMS = 100_000_000
#: What metrics.npz's arrays may take in memory, together (a 10-million-step run needs about 0.6 GB).
MAX_METRICS_BYTES = 1024 * 2**20
#: Longest manifest string used (preset, optimizer, finished, ...).
MAX_TEXT = 200
#: Values from a file quoted in a message are cut to about this many characters.
ECHO = 80

#: The shape of each snapshot part of each model (what core.models' ``weights`` and
#: ``activations`` give for one probe image; tests/core/test_recording_hostile.py checks it).
PART_SHAPES: dict[str, dict[str, tuple[int, ...]]] = {
    "softmax": {"softmax_weights": (10, 28, 28), "input": (28, 28), "evidence": (10, 28, 28),
                "probabilities": (10,)},
    "cnn": {"conv1_filters": (32, 5, 5), "conv2_filters": (64, 32, 5, 5), "input": (28, 28),
            "conv1": (32, 28, 28), "pool1": (32, 14, 14), "conv2": (64, 14, 14), "pool2": (64, 7, 7),
            "fc1": (1024,), "probabilities": (10,)},
}
#: The layers whose distributions core.stats records (``dist/<layer>/...``).
DIST_LAYERS = {"softmax": ("W",), "cnn": ("conv1", "conv2", "fc1", "fc2")}

_EDITED = "this folder was not written by mnist-viz, or was edited by hand"
_DAMAGED_FIX = "copy the recording again from where it was made"


def _echo(value: object) -> str:
    """``value`` quoted for a message: one line, cut to about ECHO characters."""
    if isinstance(value, str):  # the middle goes: the start and end of a path say the most
        return repr(value if len(value) <= ECHO else value[:ECHO // 2] + "…" + value[-(ECHO // 2 - 1):])
    text = _REPR.repr(value)
    return text if len(text) <= ECHO else text[:ECHO - 1] + "…"


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = ECHO
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3


def _short(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    line = text[0] if text else type(err).__name__
    return line if len(line) <= ECHO else line[:ECHO - 1] + "…"


class _Spec(NamedTuple):
    """What an array in a recording may be: numpy kinds ("f" floats, "iu" integers, "fiu"
    numbers), a shape (None: a free length) and, for a free length, a bound on the values."""

    kinds: str
    shape: tuple[int | None, ...]
    max_items: int = 0

    @property
    def limit(self) -> int:
        return self.max_items if None in self.shape else math.prod(self.shape)  # type: ignore[arg-type]

    def describe(self) -> str:
        kind = {"f": "float", "iu": "integer", "fiu": "number"}[self.kinds]
        dims = ", ".join("N" if d is None else str(d) for d in self.shape)
        return f"{kind} array of shape ({dims}{',' if len(self.shape) == 1 else ''})"


_DIST_SPECS = {"weight_counts": _Spec("iu", (stats.WEIGHT_BINS,)), "gradient_counts": _Spec("iu", (stats.GRADIENT_BINS,)),
               "weight_range": _Spec("f", ()), "gradient_norm": _Spec("f", ()), "dead_fraction": _Spec("f", ())}
_CHUNK_KEY = re.compile(r"s(\d{1,10})/(.+)", re.DOTALL)


def _chunk_spec(model: str, part: str) -> _Spec | None:
    """What the array of ``part`` in a chunk of a ``model`` recording may be (None: not one mnist-viz reads)."""
    if part == PROBE_KEY:
        return _Spec("iu", (2,))
    shape = PART_SHAPES[model].get(part)
    if shape is not None:
        return _Spec("f", shape)
    if part.startswith(DIST_PREFIX):
        rest = part[len(DIST_PREFIX):]
        if rest == "step":
            return _Spec("iu", ())
        layer, _, measure = rest.partition("/")
        if layer in DIST_LAYERS[model]:
            return _DIST_SPECS.get(measure)
    return None


def _dtype_words(dtype: np.dtype) -> str:
    if dtype.hasobject:
        return "Python objects"
    if dtype.kind in "US":
        return "text"
    if dtype.names is not None or dtype.kind == "V":
        return "records"
    return dtype.name


def _zip_entry_count(path: Path) -> int | None:
    """The entry count a zip file's end record declares (65535: that many or more), None if it has none."""
    with open(path, "rb") as file:
        size = file.seek(0, os.SEEK_END)
        tail = min(size, 22 + 0xFFFF)
        file.seek(size - tail)
        data = file.read(tail)
    at = data.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(data):
        return None
    return struct.unpack_from("<H", data, at + 10)[0]


@contextlib.contextmanager
def _npz(real: Path, shown: Path) -> Iterator[tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]]:
    """The .npz at ``real`` (named ``shown`` in messages) as a zip and its arrays by key; any
    failure to read it, in here or in the ``with`` body, is a RecordingError naming it."""
    try:
        count = _zip_entry_count(real)
        if count is not None and count > MAX_NPZ_MEMBERS:
            raise RecordingError(f"{shown} holds {count:,} or more arrays (a recording's files hold at most "
                                 f"{MAX_NPZ_MEMBERS:,}); {_EDITED}")
        with zipfile.ZipFile(real) as archive:
            members: dict[str, zipfile.ZipInfo] = {}
            for info in archive.infolist():
                if not info.filename.endswith(".npy"):
                    continue
                key = info.filename[:-4]
                if key in members:
                    raise RecordingError(f"{shown} holds the array {_echo(key)} twice; {_EDITED}")
                members[key] = info
            yield archive, members
    except RecordingError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError,
            struct.error, KeyError, OverflowError) as err:
        raise RecordingError(f"{shown} is damaged and cannot be read ({_short(err)}); {_DAMAGED_FIX}") from None


_MAX_NPY_HEADER = 10_000  # numpy's own bound (read_array_header_*'s max_header_size)


@functools.lru_cache(maxsize=512)
def _npy_header(start: bytes) -> tuple[tuple[int, ...], bool, np.dtype]:
    """(shape, Fortran order, dtype) of an .npy file that starts with ``start`` (magic, length
    and header), parsed by numpy's own reader, which never evaluates more than a literal.
    Cached: the arrays of one part have the same header at every step."""
    buffer = io.BytesIO(start)
    version = np.lib.format.read_magic(buffer)
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    return read(buffer, max_header_size=_MAX_NPY_HEADER)


def _read_array(archive: zipfile.ZipFile, info: zipfile.ZipInfo, spec: _Spec, shown: Path, key: str,
                data: bool = True, budget: list[int] | None = None) -> np.ndarray | None:
    """The array ``key`` of an .npz, checked against ``spec`` from its .npy header before
    anything is allocated (``data=False``: only the check). Never unpickles. ``budget``: a
    one-item list of the bytes still allowed, decreased by this array's."""
    def what() -> str:  # only when something is wrong: most arrays are fine
        return f"{shown}: the array {_echo(key)}"

    if info.flag_bits & 0x1:
        raise RecordingError(f"{what()} is encrypted; {_EDITED}")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise RecordingError(f"{what()} is compressed with a method numpy does not write (zip method "
                             f"{info.compress_type}); {_EDITED}")
    with archive.open(info) as file:
        magic = file.read(8)
        if len(magic) < 8 or magic[:6] != b"\x93NUMPY":
            raise RecordingError(f"{shown} is damaged: its array {_echo(key)} is not in numpy's .npy format; "
                                 f"{_DAMAGED_FIX}")
        version = (magic[6], magic[7])
        if version not in ((1, 0), (2, 0)):
            raise RecordingError(f"{what()} is in the .npy format {version[0]}.{version[1]}, which mnist-viz "
                                 f"does not read; {_EDITED}")
        length_field = file.read(2 if version == (1, 0) else 4)
        length = int.from_bytes(length_field, "little")
        if len(length_field) < (2 if version == (1, 0) else 4) or length > _MAX_NPY_HEADER:
            raise RecordingError(f"{what()} has a damaged .npy header ({length:,} bytes); {_DAMAGED_FIX}")
        header = file.read(length)
        if len(header) < length:
            raise RecordingError(f"{what()} has a .npy header cut short; {_DAMAGED_FIX}")
        shape, fortran, dtype = _npy_header(magic + length_field + header)
        offset = len(magic) + len(length_field) + length
        if (dtype.hasobject or dtype.names is not None or dtype.subdtype is not None or dtype.kind not in spec.kinds
                or dtype.itemsize > 8 or (dtype.kind == "f" and dtype.itemsize < 2)):
            raise RecordingError(f"{what()} holds {_echo(_dtype_words(dtype))} values, not the {spec.describe()} "
                                 f"mnist-viz writes; {_EDITED}")
        if (len(shape) != len(spec.shape)
                or any(d < 0 or (want is not None and d != want) for d, want in zip(shape, spec.shape))):
            raise RecordingError(f"{what()} has the shape {_echo(tuple(shape))}, not the {spec.describe()} "
                                 f"mnist-viz writes; {_EDITED}")
        items = math.prod(shape)
        if items > spec.limit:
            raise RecordingError(f"{what()} declares {items:,} values, more than the {spec.limit:,} mnist-viz "
                                 f"reads there; {_EDITED}")
        nbytes = items * dtype.itemsize
        if info.file_size != offset + nbytes:
            raise RecordingError(f"{shown} is damaged: the array {_echo(key)} takes {offset + nbytes:,} bytes "
                                 f"but the zip declares {info.file_size:,}; {_DAMAGED_FIX}")
        if budget is not None:
            if nbytes > budget[0]:
                raise RecordingError(f"{shown}: its arrays take more than {MAX_METRICS_BYTES // 2**20:,} MB in "
                                     f"memory, more than mnist-viz reads from a recording; {_EDITED}")
            budget[0] -= nbytes
        if not data:
            return None
        buffer = bytearray(nbytes)
        view, done = memoryview(buffer), 0
        while done < nbytes:
            got = file.readinto(view[done:])
            if not got:
                break
            done += got
        if done < nbytes or file.read(1):  # reading to the end also checks the CRC
            raise RecordingError(f"{shown} is damaged: the array {_echo(key)} is cut short; {_DAMAGED_FIX}")
    array = np.frombuffer(buffer, dtype=dtype)
    if not dtype.isnative:
        array = array.astype(dtype.newbyteorder("="))
    return array.reshape(shape, order="F" if fortran else "C")


def _require(ok: bool, shown: Path, key: str, array: np.ndarray, bad: np.ndarray | None, rule: str) -> None:
    """RecordingError naming the first entry of ``array`` where ``bad`` is true, unless ``ok``."""
    if ok:
        return
    flat = array.reshape(-1)
    where = int(np.flatnonzero(bad.reshape(-1))[0]) if bad is not None and bad.any() else 0
    value = flat[where].item() if flat.size else None
    raise RecordingError(f"{shown}: {key} holds {_echo(value)} (entry {where:,}); it must be {rule}; {_EDITED}")


def _check_range(array: np.ndarray, shown: Path, key: str, low: float | None = None, high: float | None = None,
                 finite: bool = True) -> None:
    """RecordingError naming the first entry of ``array`` outside [low, high] (or not finite)."""
    if not array.size:
        return
    floats = array.dtype.kind == "f"
    if array.size <= 4:  # a probe or a statistic: Python is quicker than numpy here
        values = array.reshape(-1).tolist()
        bad = np.array([(finite and floats and not math.isfinite(v)) or (low is not None and v < low)
                        or (high is not None and v > high) for v in values])
    else:
        bad = np.zeros(array.shape, dtype=bool)
        if finite and floats:
            bad |= ~np.isfinite(array)
        with np.errstate(invalid="ignore"):
            if low is not None:
                bad |= array < low
            if high is not None:
                bad |= array > high
    if not bad.any():
        return
    rule = ("a finite number" if finite and floats else "a number") + (
        f" from {low:,} to {high:,}" if low is not None and high is not None else
        f" of at least {low:,}" if low is not None else f" of at most {high:,}" if high is not None else "")
    _require(False, shown, key, array, bad, rule)


def _check_increasing(array: np.ndarray, shown: Path, key: str, strictly: bool = True) -> None:
    if len(array) < 2:
        return
    steps = np.diff(array)
    bad = np.concatenate([[False], steps <= 0 if strictly else steps < 0])
    _require(not bad.any(), shown, key, array, bad,
             "larger than the one before (steps increase)" if strictly else "at least the one before")


class _Fields:
    """Type and range checks of the manifest's fields, each failing with one line that names it."""

    def __init__(self, where: Path) -> None:
        self.where = where

    def fail(self, what: str, fix: str = _EDITED) -> NoReturn:
        raise RecordingError(f"{self.where}: {what}; {fix}")

    def integer(self, value: object, name: str, low: int = 0, high: int = MAX_STEP) -> int:
        if type(value) is not int:
            self.fail(f"{name} is {_echo(value)}, not a whole number")
        if not low <= value <= high:
            self.fail(f"{name} is {_echo(value)}, outside {low:,}..{high:,}")
        return value

    def number(self, value: object, name: str) -> float:
        if type(value) not in (int, float) or not math.isfinite(value):
            self.fail(f"{name} is {_echo(value)}, not a finite number")
        return float(value)

    def text(self, value: object, name: str) -> str:
        if not isinstance(value, str):
            self.fail(f"{name} is {_echo(value)}, not a text")
        if len(value) > MAX_TEXT:
            self.fail(f"{name} is {len(value):,} characters long ({_echo(value)}); mnist-viz writes at most {MAX_TEXT}")
        return value

    def kind(self, value: object, name: str, kinds: tuple[type, ...], words: str) -> None:
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.fail(f"{name} is {_echo(value)}, not {words}")


#: Ranges of TrainConfig's whole-number fields (the control panel's spin boxes take 32-bit numbers).
_CONFIG_RANGES = {"steps": (0, MAX_STEP), "batch_size": (1, MAX_STEP), "eval_every": (0, MAX_STEP),
                  "seed": (-2**31, 2**31 - 1)}


class _Parsed(NamedTuple):
    model: str
    config: dict
    run: dict | None
    arrays: dict
    chunks: list[tuple[str, tuple[int, ...]]]
    metrics: str


def _parse_manifest(manifest: object, where: Path) -> _Parsed:
    """The manifest's fields the reader uses, each checked; RecordingError otherwise."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RecordingError(f"{where} is not an mnist-viz recording manifest; give the folder "
                             "written by 'mnist-viz train --record'")
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise RecordingError(f"{where} has no valid format_version ({_echo(version)}); the recording is damaged")
    if version > FORMAT_VERSION:
        raise RecordingError(f"{where} was written by a newer mnist-viz (recording format "
                             f"{version}; this version reads up to {FORMAT_VERSION}); update mnist-viz")
    for key in ("model", "config", "chunks"):
        if key not in manifest:
            raise RecordingError(f"{where} lacks a required entry ({key!r}); the recording is damaged")
    f = _Fields(where)
    model = manifest["model"]
    if not isinstance(model, str) or model not in PART_SHAPES:
        f.fail(f"model is {_echo(model)}, not one this mnist-viz knows ({', '.join(PART_SHAPES)})",
               "it was written by another program or a newer mnist-viz: update mnist-viz")

    config = manifest["config"]
    f.kind(config, "config", (dict,), "an object of training settings")
    defaults = TrainConfig().to_dict()
    for name, value in config.items():
        if name not in defaults:
            continue  # a setting of a newer mnist-viz: not used here
        label = f"config.{name}"
        default = defaults[name]
        if isinstance(default, str):
            f.text(value, label)
        elif isinstance(default, int):
            f.integer(value, label, *_CONFIG_RANGES.get(name, (0, MAX_STEP)))
        else:
            f.number(value, label)
    if config.get("model", model) != model:
        f.fail(f"config.model is {_echo(config['model'])} but model is {model!r}")

    run = manifest.get("run")
    if run is not None:
        f.kind(run, "run", (dict,), "an object (the run's start) or null")
        known = {}
        for field in dataclasses.fields(ev.RunStarted):
            if field.name not in run:
                continue
            value, label = run[field.name], f"run.{field.name}"
            if field.name in ("model", "preset", "device"):
                known[field.name] = f.text(value, label)
            elif field.name == "steps_per_epoch":
                known[field.name] = f.number(value, label)
                if value <= 0:
                    f.fail(f"{label} is {_echo(value)}, not a positive number")
            else:
                known[field.name] = f.integer(value, label, 0, 2**53 if field.name == "parameters" else MAX_STEP)
        if known.get("model", model) != model:
            f.fail(f"run.model is {_echo(known['model'])} but model is {model!r}")
        required = {field.name for field in dataclasses.fields(ev.RunStarted)
                    if field.default is dataclasses.MISSING}
        run = known if required <= set(known) else None  # an older writer's: rebuilt from the config

    arrays = manifest.get("arrays") or {}
    f.kind(arrays, "arrays", (dict,), "an object")
    known_arrays = {}
    other_parts = {part for shapes in PART_SHAPES.values() for part in shapes} - set(PART_SHAPES[model])
    for part, entry in arrays.items():
        if part == DISTRIBUTIONS:
            f.kind(entry, f"arrays.{part}", (dict,), "an object")
            known_arrays[part] = entry
        elif part in PART_SHAPES[model]:
            f.kind(entry, f"arrays.{part}", (dict,), 'an object {"shape": [...], "dtype": "..."}')
            shape, dtype = entry.get("shape"), entry.get("dtype")
            if shape != list(PART_SHAPES[model][part]):
                f.fail(f"arrays.{part}.shape is {_echo(shape)}; the {model} model's {part} is "
                       f"{list(PART_SHAPES[model][part])}")
            if dtype not in ("float16", "float32", "float64"):
                f.fail(f"arrays.{part}.dtype is {_echo(dtype)}, not float16, float32 or float64")
            known_arrays[part] = entry
        elif part in other_parts:
            f.fail(f"arrays names the part {part!r}, which the {model} model does not have")
        # any other name: a part of a newer mnist-viz, not read here

    for key in ("every_steps", "requested_every_steps"):
        if manifest.get(key) is not None:
            f.integer(manifest[key], key, 1)
    if manifest.get("max_bytes") is not None:
        f.integer(manifest["max_bytes"], "max_bytes", 0, 2**63)
    if manifest.get("steps_recorded") is not None:
        f.integer(manifest["steps_recorded"], "steps_recorded")
    if manifest.get("snapshots_stopped_at") is not None:
        f.integer(manifest["snapshots_stopped_at"], "snapshots_stopped_at")
    if "thinned" in manifest:
        f.kind(manifest["thinned"], "thinned", (bool,), "true or false")
    for key in ("app_version", "created", "updated", "finished"):
        if manifest.get(key) is not None:
            f.text(manifest[key], key)
    if "error" in manifest:
        f.kind(manifest["error"], "error", (str,), "a text")
    for key in ("diverged", "final"):
        if manifest.get(key) is not None:
            f.kind(manifest[key], key, (dict,), "an object or null")
    for key in ("parts", "evaluations"):
        if key in manifest:
            f.kind(manifest[key], key, (list,), "a list")
    for k, part in enumerate(manifest.get("parts") or []):
        f.text(part, f"parts[{k}]")
    dataset = manifest.get("dataset")
    if dataset is not None:
        if not isinstance(dataset, str) or dataset not in DATASETS:
            f.fail(f"dataset is {_echo(dataset)}, not one this mnist-viz knows ({', '.join(DATASETS)})",
                   "it was written by another program or a newer mnist-viz: update mnist-viz")

    metrics = manifest.get("metrics")
    metrics = METRICS if metrics is None else metrics
    if not isinstance(metrics, str):
        f.fail(f"the metrics file name is {_echo(metrics)}, not a text")

    listed = manifest["chunks"]
    f.kind(listed, "chunks", (list,), "a list")
    if len(listed) > MAX_CHUNKS:
        f.fail(f"it lists {len(listed):,} chunks; mnist-viz reads at most {MAX_CHUNKS:,}")
    chunks, names, previous, total = [], set(), -1, 0
    for k, chunk in enumerate(listed):
        if not isinstance(chunk, dict) or "file" not in chunk or "steps" not in chunk:
            f.fail(f'chunks[{k}] is {_echo(chunk)}, not {{"file": ..., "steps": [...]}}')
        name, steps = chunk["file"], chunk["steps"]
        if not isinstance(name, str):
            f.fail(f"chunks[{k}].file is {_echo(name)}, not a file name")
        if name in names:
            f.fail(f"the chunk {_echo(name)} is listed twice")
        names.add(name)
        f.kind(steps, f"chunks[{k}].steps", (list,), "a list of steps")
        if len(steps) > MAX_STEPS_PER_CHUNK:
            f.fail(f"chunks[{k}] lists {len(steps):,} steps; a chunk holds at most {MAX_STEPS_PER_CHUNK:,}")
        total += len(steps)
        if total > MAX_SNAPSHOTS:
            f.fail(f"it lists more than {MAX_SNAPSHOTS:,} snapshots, more than mnist-viz reads")
        for step in steps:
            f.integer(step, f"a step of chunks[{k}]")
            if step <= previous:
                f.fail(f"chunks[{k}] lists the step {step:,} after the step {previous:,}; snapshot steps "
                       "increase, each listed once")
            previous = step
        chunks.append((name, tuple(steps)))
    return _Parsed(model, dict(config), run, known_arrays, chunks, metrics)


_JSON_SYNTAX = re.compile(r'\\.|["\[\]{}]', re.DOTALL)


def _json_depth(text: str, limit: int) -> int:
    """How deep ``text``'s lists and objects nest, brackets in strings aside (counting stops past ``limit``)."""
    depth = deepest = 0
    in_string = False
    for match in _JSON_SYNTAX.finditer(text):
        token = match.group()
        if token == '"':
            in_string = not in_string
        elif in_string or len(token) == 2:
            continue
        elif token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


class _Chunk(NamedTuple):
    """What a chunk file holds for the steps the manifest lists in it (checked when it was indexed)."""

    name: str
    steps: tuple[int, ...]
    members: dict[int, dict[str, tuple[str, _Spec]]]  # step -> part -> (array key, spec): read on demand
    probes: dict[int, tuple[int, int]]                # step -> (label, test index), -1 for none
    distributions: dict[int, dict[str, np.ndarray]]   # step -> "dist/..." arrays (small: read at once)


def _one_line_errors(method):
    """Whatever a damaged or hostile recording makes ``method`` raise comes out as one RecordingError."""
    @functools.wraps(method)
    def reading(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RecordingError:
            raise
        except MemoryError:
            raise RecordingError(f"{self.run_dir}: not enough memory to read this recording; close other "
                                 "programs and open it again") from None
        except Exception as err:  # noqa: BLE001 - a file from elsewhere: whatever it does, one line
            raise RecordingError(f"{self.run_dir} cannot be read ({type(err).__name__}: {_short(err)}); "
                                 f"{_EDITED}") from None
    return reading


class Recording:
    """A recorded run, read back. Works while the run is still being written: call
    :meth:`refresh` to see the steps recorded since it was opened.

    Nothing outside the folder is read, and nothing is allocated before the files' headers
    were checked against the recorded model; every problem is a RecordingError of one line."""

    run_dir: Path
    config: dict
    model: str
    manifest: dict
    snapshot_steps: np.ndarray          # int64, ascending
    metrics: dict[str, np.ndarray]      # "step", "loss", "batch_accuracy", "learning_rate", ...
    evaluations: dict[str, np.ndarray]  # "step", "test_accuracy", "test_loss", "seconds"

    CACHE_SIZE = 32  # snapshots kept in memory (a timeline slider goes back and forth)

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = Path(run_dir)
        self._root = self.run_dir
        self._cache: OrderedDict[int, ev.Snapshot] = OrderedDict()
        self._chunk_of_step: dict[int, str] = {}
        self._chunks: dict[str, _Chunk] = {}
        self._eval_extra: dict[str, np.ndarray] = {}
        self._run: dict | None = None
        self._arrays: dict = {}
        self.manifest, self.model, self.config = {}, "", {}
        self.snapshot_steps = np.zeros(0, np.int64)
        self.metrics, self.evaluations = {}, {}

    @classmethod
    def open(cls, run_dir: str | os.PathLike) -> Recording:
        """Open the recording in ``run_dir``; RecordingError says what is wrong if it is not one.

        The last snapshot (what a replay shows first) is read whole, so that damage there is
        reported now."""
        recording = cls(Path(run_dir))
        recording.refresh()
        if len(recording.snapshot_steps):
            recording.snapshot(int(recording.snapshot_steps[-1]))
        return recording

    # ---------------------------------------------------------------- loading
    @_one_line_errors
    def refresh(self) -> None:
        """Re-read the manifest and the metrics (to follow a recording still being written)."""
        folder = self.run_dir
        if not folder.exists():
            raise RecordingError(f"no recording at {folder}: the folder does not exist; "
                                 "give the folder written by 'mnist-viz train --record'")
        if not folder.is_dir():
            raise RecordingError(f"{folder} is a file, not a recording folder; give the folder written by "
                                 "'mnist-viz train --record'")
        root = folder.resolve()
        manifest_path = folder / MANIFEST
        manifest = self._read_manifest(root)
        parsed = _parse_manifest(manifest, manifest_path)

        chunk_of_step: dict[int, str] = {}
        chunks: dict[str, _Chunk] = {}
        files: dict[Path, str] = {}
        for name, steps in parsed.chunks:
            real = self._confine(root, name, "chunk")
            if real in files:
                raise RecordingError(f"{manifest_path}: the chunk {_echo(name)} is the file "
                                     f"{_echo(files[real])} listed twice; {_EDITED}")
            files[real] = name
            chunk = self._chunks.get(name)
            if chunk is None or chunk.steps != steps:  # chunks never change once listed
                chunk = self._index_chunk(root, name, steps, parsed.model)
            chunks[name] = chunk
            for step in steps:
                chunk_of_step[step] = name
        metrics = self._read_metrics(root, parsed.metrics)

        self._root = root
        self.manifest, self.model, self.config = manifest, parsed.model, parsed.config
        self._run, self._arrays, self._chunks = parsed.run, parsed.arrays, chunks
        for step in [s for s in self._cache if self._chunk_of_step.get(s) != chunk_of_step.get(s)]:
            del self._cache[step]
        self._chunk_of_step = chunk_of_step
        self.snapshot_steps = np.asarray(sorted(chunk_of_step), dtype=np.int64)
        self.metrics = {name: metrics[name] for name in STEP_FIELDS if name in metrics}
        self.evaluations = {name: metrics[f"eval_{name}"] for name in EVAL_FIELDS if f"eval_{name}" in metrics}
        self._eval_extra = {name: metrics[name] for name in metrics if name.startswith("eval_")}

    def _confine(self, root: Path, name: object, what: str) -> Path:
        """The real path of the file ``name`` that the manifest gives as its ``what``, checked
        to be a regular file inside the recording folder (links too)."""
        manifest = self.run_dir / MANIFEST
        if not isinstance(name, str) or not name.strip():
            raise RecordingError(f"{manifest}: the {what} file name {_echo(name)} is not a file name; {_EDITED}")
        if len(name) > 255 or "\\" in name or any(ord(c) < 32 or ord(c) == 127 for c in name):
            raise RecordingError(f"{manifest}: the {what} file name {_echo(name)} is not a plain file name "
                                 f"(backslashes, control characters or over 255 characters); {_EDITED}")
        if name.startswith("/") or PureWindowsPath(name).drive or PurePosixPath(name).is_absolute():
            raise RecordingError(f"{manifest}: the {what} path {_echo(name)} is absolute, and a recording only "
                                 f"names files in its own folder; {_EDITED}")
        if ".." in name.split("/"):
            raise RecordingError(f"{manifest}: the {what} path {_echo(name)} leaves the recording folder; {_EDITED}")
        path = self.run_dir / name
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            raise RecordingError(f"{path} is a link that cannot be followed (a loop of links); replace it "
                                 "with the file itself") from None
        if real != root and root not in real.parents:
            raise RecordingError(f"{path} is a link to {_echo(str(real))}, outside the recording folder, "
                                 "which mnist-viz does not follow; replace the link with a copy of the file")
        try:
            mode = os.stat(real).st_mode
        except FileNotFoundError:
            if what == "manifest":
                raise RecordingError(f"{self.run_dir} is not a recording: it has no {MANIFEST}; give the folder "
                                     "written by 'mnist-viz train --record'") from None
            listed = f" ({MANIFEST} lists it)" if what == "chunk" else ""
            raise RecordingError(f"{path} is missing{listed}; the recording is incomplete: "
                                 "copy the whole folder") from None
        except OSError as err:
            raise RecordingError(f"{path} cannot be read ({err.strerror or err}); check its permissions") from None
        if not stat.S_ISREG(mode):
            raise RecordingError(f"{path} is not a regular file (a folder, a device or a pipe); {_EDITED}")
        return real

    def _read_manifest(self, root: Path) -> object:
        path = self.run_dir / MANIFEST
        real = self._confine(root, MANIFEST, "manifest")
        try:
            with open(real, "rb") as file:
                data = file.read(MAX_MANIFEST_BYTES + 1)
        except OSError as err:
            raise RecordingError(f"{path} cannot be read ({err.strerror or err}); check its permissions") from None
        if len(data) > MAX_MANIFEST_BYTES:
            raise RecordingError(f"{path} is larger than {MAX_MANIFEST_BYTES // 2**20} MB, and a recording's "
                                 f"manifest takes a few KB; {_EDITED}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise RecordingError(f"{path} is damaged and cannot be read (it is not UTF-8 text); "
                                 "the recording cannot be opened") from None
        too_deep = (f"{path} nests lists and objects more than {MAX_JSON_DEPTH} levels deep (a manifest "
                    f"needs 4); {_EDITED}")
        if _json_depth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            raise RecordingError(too_deep)
        try:
            return json.loads(text, parse_constant=_no_constant)
        except RecursionError:
            raise RecordingError(too_deep) from None
        except ValueError as err:  # not JSON, NaN or Infinity, a number of thousands of digits
            raise RecordingError(f"{path} is damaged and cannot be read ({_short(err)}); "
                                 "the recording cannot be opened") from None

    def _index_chunk(self, root: Path, name: str, steps: tuple[int, ...], model: str) -> _Chunk:
        """Check every array of ``steps`` in chunk ``name`` from its header (reading the small
        ones, the probe and the distributions, whole)."""
        path = self.run_dir / name
        real = self._confine(root, name, "chunk")
        wanted = set(steps)
        members: dict[int, dict[str, tuple[str, _Spec]]] = {step: {} for step in steps}
        probes: dict[int, tuple[int, int]] = {}
        distributions: dict[int, dict[str, np.ndarray]] = {step: {} for step in steps}
        with _npz(real, path) as (archive, infos):
            for key, info in infos.items():
                match = _CHUNK_KEY.fullmatch(key)
                if match is None or int(match.group(1)) not in wanted:
                    continue  # not an array of a listed snapshot: never read
                step, part = int(match.group(1)), match.group(2)
                spec = _chunk_spec(model, part)
                if spec is None:
                    continue  # a part of a newer mnist-viz
                if part == PROBE_KEY:
                    probe = _read_array(archive, info, spec, path, key)
                    _check_range(probe[:1], path, key, -1, 9)
                    _check_range(probe[1:], path, key, -1, MAX_STEP)
                    probes[step] = (int(probe[0]), int(probe[1]))
                elif part.startswith(DIST_PREFIX):
                    array = _read_array(archive, info, spec, path, key)
                    distributions[step][part] = _checked_distribution(array, part, path, key)
                else:
                    _read_array(archive, info, spec, path, key, data=False)
                    members[step][part] = (key, spec)
        for step in steps:
            if step not in probes:
                raise RecordingError(f"{path} lacks the snapshot of step {step} that {MANIFEST} "
                                     "lists; the recording is damaged")
        return _Chunk(name, steps, members, probes, distributions)

    def _read_metrics(self, root: Path, name: str) -> dict[str, np.ndarray]:
        """metrics.npz's arrays, their shapes checked against each other and their values against
        what a run can record. The loss (and test loss) may be NaN or infinite: a run that
        diverged records that, and the replay shows it as the live run did."""
        path = self.run_dir / name
        real = self._confine(root, name, "metrics")
        budget = [MAX_METRICS_BYTES]
        out: dict[str, np.ndarray] = {}
        with _npz(real, path) as (archive, infos):
            def read(key: str, spec: _Spec) -> np.ndarray | None:
                info = infos.get(key)
                return None if info is None else _read_array(archive, info, spec, path, key, budget=budget)

            step = read("step", _Spec("iu", (None,), MAX_METRIC_STEPS))
            count = 0 if step is None else len(step)
            if step is not None:
                _check_range(step, path, "step", 0, MAX_STEP)
                _check_increasing(step, path, "step")
                out["step"] = step.astype(np.int64, copy=False)
            for field in STEP_FIELDS[1:]:
                values = read(field, _Spec("fiu", (count,)))
                if values is None:
                    continue
                values = values.astype(np.float64, copy=False)
                if field == "batch_accuracy":
                    _check_range(values, path, field, 0, 1)
                elif field != "loss":
                    _check_range(values, path, field, 0)
                out[field] = values

            eval_step = read("eval_step", _Spec("iu", (None,), MAX_EVALUATIONS))
            evaluations = 0 if eval_step is None else len(eval_step)
            if eval_step is not None:
                _check_range(eval_step, path, "eval_step", 0, MAX_STEP)
                _check_increasing(eval_step, path, "eval_step", strictly=False)
                out["eval_step"] = eval_step.astype(np.int64, copy=False)
            for field in EVAL_FIELDS[1:]:
                values = read(f"eval_{field}", _Spec("fiu", (evaluations,)))
                if values is None:
                    if evaluations and field != "seconds":
                        raise RecordingError(f"{path} lacks eval_{field} (it has {evaluations:,} evaluations); "
                                             f"{_EDITED}")
                    continue
                values = values.astype(np.float64, copy=False)
                if field == "test_accuracy":
                    _check_range(values, path, f"eval_{field}", 0, 1)
                elif field == "seconds":
                    _check_range(values, path, f"eval_{field}", 0)
                out[f"eval_{field}"] = values
            confusion = read("eval_confusion", _Spec("iu", (evaluations, 10, 10)))
            if confusion is not None:
                _check_range(confusion, path, "eval_confusion", 0)
                out["eval_confusion"] = confusion.astype(np.int64, copy=False)
            for key, top in (("eval_predictions", 9), ("eval_misclassified", MAX_STEP)):
                values = read(key, _Spec("iu", (None,), MAX_EVAL_ITEMS))
                offsets = read(f"{key}_offsets", _Spec("iu", (evaluations + 1,)))
                if values is None and offsets is None:
                    continue
                if values is None or offsets is None:
                    raise RecordingError(f"{path} has {key}{'' if values is None else '_offsets'} without "
                                         f"{key}{'_offsets' if values is None else ''}; {_EDITED}")
                _check_range(values, path, key, 0, top)
                _check_range(offsets, path, f"{key}_offsets", 0, len(values))
                _check_increasing(offsets, path, f"{key}_offsets", strictly=False)
                if offsets[0] != 0 or offsets[-1] != len(values):
                    raise RecordingError(f"{path}: {key}_offsets runs from {int(offsets[0]):,} to {int(offsets[-1]):,}, "
                                         f"not from 0 to the {len(values):,} entries of {key}; {_EDITED}")
                out[key] = values
                out[f"{key}_offsets"] = offsets.astype(np.int64, copy=False)
        return out

    # ---------------------------------------------------------------- queries
    @property
    def last_step(self) -> int:
        """The last training step recorded (metrics), or the last snapshot's step."""
        steps = self.metrics.get("step")
        last = int(steps[-1]) if steps is not None and len(steps) else 0
        if len(self.snapshot_steps):
            last = max(last, int(self.snapshot_steps[-1]))
        return last

    @property
    def parts(self) -> list[str]:
        """The snapshot parts this recording holds (e.g. ``softmax_weights``)."""
        return sorted(self._arrays)

    @property
    def finished(self) -> str | None:
        """How the run ended (``completed``, ``stopped``, ``diverged``, ``reset``), or None while
        it is still being recorded (or was cut off)."""
        return self.manifest.get("finished")

    @_one_line_errors
    def snapshot(self, step: int) -> ev.Snapshot:
        """The latest snapshot at or before ``step`` (the first one if ``step`` is earlier)."""
        steps = self.snapshot_steps
        if not len(steps):
            raise RecordingError(f"the recording in {self.run_dir} holds no snapshots yet")
        index = max(0, bisect.bisect_right(steps.tolist(), int(step)) - 1)
        return self._load(int(steps[index]))

    @_one_line_errors
    def _load(self, step: int) -> ev.Snapshot:
        cached = self._cache.get(step)
        if cached is not None:
            self._cache.move_to_end(step)
            return cached
        chunk = self._chunks[self._chunk_of_step[step]]
        path = self.run_dir / chunk.name
        real = self._confine(self._root, chunk.name, "chunk")
        arrays: dict[str, np.ndarray] = {}
        with _npz(real, path) as (archive, infos):
            for part, (key, spec) in chunk.members[step].items():
                info = infos.get(key)
                if info is None:
                    raise RecordingError(f"{path} changed after the recording was opened (its array {_echo(key)} "
                                         "is gone); open the recording again")
                arrays[part] = _read_array(archive, info, spec, path, key).astype(np.float32, copy=False)
        arrays.update(chunk.distributions[step])
        label, index = chunk.probes[step]
        snapshot = ev.Snapshot(step=step, arrays=ev.frozen_mapping(arrays),
                               probe_label=None if label < 0 else label, probe_index=None if index < 0 else index)
        self._cache[step] = snapshot
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)
        return snapshot

    @_one_line_errors
    def distribution_history(self, up_to_step: int) -> list[ev.Snapshot]:
        """Every recorded ``dist/...`` set (see core.stats) at or before ``up_to_step``, oldest
        first, each as a Snapshot holding only those arrays: what the distributions panel
        draws its heat maps over time from. Empty for a recording without them.

        Only those small arrays are read (a few KB a snapshot), when the chunk is first listed."""
        if DISTRIBUTIONS not in self.parts:
            return []
        history = []
        for step in self.snapshot_steps.tolist():
            if step > up_to_step:
                break
            arrays = self._chunks[self._chunk_of_step[step]].distributions.get(step)
            if arrays:
                history.append(ev.Snapshot(step=step, arrays=ev.frozen_mapping(arrays)))
        return history

    def frames(self, part: str) -> Iterator[tuple[int, np.ndarray]]:
        """(step, array) of ``part`` for every snapshot that holds it, in step order."""
        if part not in self.parts:
            raise RecordingError(self.missing_part_message(part))
        for step in self.snapshot_steps.tolist():
            array = self._load(step).arrays.get(part)
            if array is not None:
                yield step, array

    def missing_part_message(self, part: str) -> str:
        has = ", ".join(self.parts) or "no snapshots"
        return f"this recording of the {self.model} model has no {part}; it has: {has}"

    @_one_line_errors
    def step_events(self, up_to_step: int) -> list[ev.StepDone]:
        """StepDone events rebuilt from the metrics, for steps up to ``up_to_step``."""
        m = self.metrics
        steps = m.get("step", np.zeros(0, np.int64))
        count = int(np.searchsorted(steps, up_to_step, side="right"))
        total = int(self.config.get("steps", self.last_step))

        def column(name: str, default: float = 0.0) -> list[float]:
            values = m.get(name)
            return values[:count].tolist() if values is not None and len(values) >= count else [default] * count

        columns = {name: column(name) for name in STEP_FIELDS[1:]}
        return [ev.StepDone(step=int(step), epoch=columns["epoch"][i], loss=columns["loss"][i],
                            batch_accuracy=columns["batch_accuracy"][i], learning_rate=columns["learning_rate"][i],
                            samples_per_s=columns["samples_per_s"][i], elapsed_s=columns["elapsed_s"][i],
                            total_steps=total)
                for i, step in enumerate(steps[:count].tolist())]

    @_one_line_errors
    def evaluated_events(self, up_to_step: int) -> list[ev.Evaluated]:
        """Evaluated events up to ``up_to_step``, with the confusion matrix and predictions
        (empty arrays where they were not recorded)."""
        e, extra = self.evaluations, self._eval_extra
        steps = e.get("step", np.zeros(0, np.int64))
        confusion = extra.get("eval_confusion")
        seconds = e.get("seconds")
        result = []
        for k, step in enumerate(steps.tolist()):
            if step > up_to_step:
                break
            matrix = confusion[k] if confusion is not None and len(confusion) > k else np.zeros((10, 10), np.int64)
            result.append(ev.Evaluated(step=int(step), test_accuracy=float(e["test_accuracy"][k]),
                                       test_loss=float(e["test_loss"][k]), confusion=ev.frozen_array(matrix),
                                       seconds=float(seconds[k]) if seconds is not None and len(seconds) > k else 0.0,
                                       predictions=ev.frozen_array(self._piece("eval_predictions", k, np.uint8)),
                                       misclassified=ev.frozen_array(self._piece("eval_misclassified", k,
                                                                                 np.int32))))
        return result

    def _piece(self, key: str, k: int, dtype) -> np.ndarray:
        values, offsets = self._eval_extra.get(key), self._eval_extra.get(f"{key}_offsets")
        if values is None or offsets is None or len(offsets) <= k + 1:
            return np.zeros(0, dtype)
        return values[int(offsets[k]):int(offsets[k + 1])].astype(dtype, copy=False)

    @_one_line_errors
    def run_started(self) -> ev.RunStarted:
        """The run's RunStarted event (rebuilt from the configuration if it was not recorded)."""
        if self._run is not None:
            return ev.RunStarted(**self._run)
        c = self.config
        return ev.RunStarted(model=self.model, preset=str(c.get("preset", "custom")),
                             total_steps=int(c.get("steps", 0)),
                             steps_per_epoch=60000 / max(1, int(c.get("batch_size", 1))),
                             batch_size=int(c.get("batch_size", 0)), device="recording", train_size=60000,
                             test_size=10000, parameters=0)

    def __repr__(self) -> str:
        return (f"Recording({str(self.run_dir)!r}, model={self.model!r}, snapshots={len(self.snapshot_steps)}, "
                f"last_step={self.last_step}, finished={self.finished!r})")


def _checked_distribution(array: np.ndarray, part: str, path: Path, key: str) -> np.ndarray:
    """A ``dist/...`` array whose values are what core.stats can compute (NaN or infinite
    norms and ranges: a diverged layer)."""
    measure = part.rpartition("/")[2]
    if part == DIST_PREFIX + "step":
        _check_range(array, path, key, 0, MAX_STEP)
        return array.astype(np.int64, copy=False)
    if measure.endswith("_counts"):
        _check_range(array, path, key, 0)
        return array.astype(np.int64, copy=False)
    array = array.astype(np.float64, copy=False)
    value = float(array)
    if measure == "dead_fraction":
        _check_range(array, path, key, 0, 1)
    elif measure == "gradient_norm":
        _require(not value < 0, path, key, array, None, "at least 0 (or NaN: a diverged layer)")
    elif measure == "weight_range":
        power_of_two = (math.isfinite(value) and stats.MIN_WEIGHT_RANGE <= value <= 2.0 ** 128
                        and math.frexp(value)[0] == 0.5)
        _require(power_of_two or value == math.inf, path, key, array, None,
                 f"a power of two from {stats.MIN_WEIGHT_RANGE:g} (or inf: a diverged layer)")
    return array
