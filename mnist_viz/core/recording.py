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
import json
import math
import os
import itertools
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from . import events as ev
from .config import ACTIVATION_PARTS, WEIGHT_PARTS, TrainConfig
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
    if folder.exists() and not folder.is_dir():
        raise RecordingError(f"cannot record to {folder}: it is a file, not a folder; choose a new folder name")
    if folder.is_dir() and any(folder.iterdir()):
        raise RecordingError(f"cannot record to {folder}: the folder is not empty (a recording never "
                             "overwrites files); choose a new folder or empty this one")
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


_temp_counter = itertools.count()


def _atomic_write(path: Path, write) -> None:
    """Call ``write(file)`` on a temporary file next to ``path``, then rename it over ``path``."""
    # A plain exclusive open (not mkstemp, which makes 0600 files) so the file gets the
    # user's usual permissions: a recording is meant to be shared.
    temp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}.{next(_temp_counter)}.tmp"
    try:
        with open(temp, "xb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


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
            self._write_metrics()
            self._write_manifest()

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
                self._stopped_reason = "write-error"
                self.error = (f"recording to {self.run_dir} stopped at step {max(self._last_step, 0)}: "
                              f"{getattr(err, 'strerror', None) or err}")
                self.manifest["error"] = self.error
                try:
                    self._write_manifest()
                except Exception:  # noqa: BLE001 - the disk may be full; the error is kept in .error
                    pass

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
                self._flush(final=True)
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
        return sum(path.stat().st_size for path in self.run_dir.iterdir() if path.is_file())

    @property
    def snapshot_steps(self) -> list[int]:
        with self._lock:
            return sorted(self._steps)

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

    def _write_manifest(self) -> None:
        self.manifest["updated"] = _now()
        self.manifest["every_steps"] = self.every_steps
        self.manifest["steps_recorded"] = len(self._metrics["step"])
        text = json.dumps(self.manifest, indent=1, allow_nan=False, default=_json_default)
        _atomic_write(self.run_dir / MANIFEST, lambda file: file.write(text.encode("utf-8")))


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
class Recording:
    """A recorded run, read back. Works while the run is still being written: call
    :meth:`refresh` to see the steps recorded since it was opened."""

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
        self._cache: OrderedDict[int, ev.Snapshot] = OrderedDict()
        self._chunk_of_step: dict[int, str] = {}
        self._chunk_keys: dict[str, set[str]] = {}
        self._eval_extra: dict[str, np.ndarray] = {}
        self._dist_cache: dict[str, dict[int, dict[str, np.ndarray]]] = {}

    @classmethod
    def open(cls, run_dir: str | os.PathLike) -> Recording:
        """Open the recording in ``run_dir``; RecordingError says what is wrong if it is not one."""
        recording = cls(Path(run_dir))
        recording.refresh()
        return recording

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        """Re-read the manifest and the metrics (to follow a recording still being written)."""
        folder = self.run_dir
        if not folder.exists():
            raise RecordingError(f"no recording at {folder}: the folder does not exist; "
                                 "give the folder written by 'mnist-viz train --record'")
        if not folder.is_dir():
            raise RecordingError(f"{folder} is a file, not a recording folder; give the folder written by "
                                 "'mnist-viz train --record'")
        manifest_path = folder / MANIFEST
        if not manifest_path.is_file():
            raise RecordingError(f"{folder} is not a recording: it has no {MANIFEST}; give the folder written "
                                 "by 'mnist-viz train --record'")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise RecordingError(f"{manifest_path} is damaged and cannot be read ({_short(err)}); "
                                 "the recording cannot be opened") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise RecordingError(f"{manifest_path} is not an mnist-viz recording manifest; give the folder "
                                 "written by 'mnist-viz train --record'")
        version = manifest.get("format_version")
        if not isinstance(version, int) or version < 1:
            raise RecordingError(f"{manifest_path} has no valid format_version; the recording is damaged")
        if version > FORMAT_VERSION:
            raise RecordingError(f"{manifest_path} was written by a newer mnist-viz (recording format "
                                 f"{version}; this version reads up to {FORMAT_VERSION}); update mnist-viz")
        try:
            chunks = [(str(chunk["file"]), [int(step) for step in chunk["steps"]]) for chunk in manifest["chunks"]]
            model, config = str(manifest["model"]), dict(manifest["config"])
        except (KeyError, TypeError, ValueError) as err:
            raise RecordingError(f"{manifest_path} lacks a required entry ({_short(err)}); "
                                 "the recording is damaged") from None

        chunk_of_step: dict[int, str] = {}
        for name, steps in chunks:
            if name not in self._chunk_keys:  # chunks never change once listed
                self._chunk_keys[name] = self._read_chunk_index(name)
            keys = self._chunk_keys[name]
            for step in steps:
                if f"{_step_key(step)}/{PROBE_KEY}" not in keys:
                    raise RecordingError(f"{folder / name} lacks the snapshot of step {step} that {MANIFEST} "
                                         "lists; the recording is damaged")
                chunk_of_step[step] = name
        metrics = self._read_metrics(str(manifest.get("metrics") or METRICS))

        self.manifest, self.model, self.config = manifest, model, config
        self._chunk_of_step = chunk_of_step
        self.snapshot_steps = np.asarray(sorted(chunk_of_step), dtype=np.int64)
        self.metrics = {name: metrics[name] for name in STEP_FIELDS if name in metrics}
        self.evaluations = {name: metrics[f"eval_{name}"] for name in EVAL_FIELDS if f"eval_{name}" in metrics}
        self._eval_extra = {name: metrics[name] for name in metrics if name.startswith("eval_")}

    def _read_chunk_index(self, name: str) -> set[str]:
        path = self.run_dir / name
        if not path.is_file():
            raise RecordingError(f"{path} is missing ({MANIFEST} lists it); the recording is incomplete: "
                                 "copy the whole folder")
        try:
            with np.load(path, allow_pickle=False) as npz:
                return {key for key in npz.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as err:
            raise RecordingError(f"{path} is damaged and cannot be read ({_short(err)})") from None

    def _read_metrics(self, name: str) -> dict[str, np.ndarray]:
        path = self.run_dir / name
        if not path.is_file():
            raise RecordingError(f"{path} is missing; the recording is incomplete: copy the whole folder")
        try:
            with np.load(path, allow_pickle=False) as npz:
                return {key: npz[key] for key in npz.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as err:
            raise RecordingError(f"{path} is damaged and cannot be read ({_short(err)})") from None

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
        return sorted(self.manifest.get("arrays") or {})

    @property
    def finished(self) -> str | None:
        """How the run ended (``completed``, ``stopped``, ``diverged``, ``reset``), or None while
        it is still being recorded (or was cut off)."""
        return self.manifest.get("finished")

    def snapshot(self, step: int) -> ev.Snapshot:
        """The latest snapshot at or before ``step`` (the first one if ``step`` is earlier)."""
        steps = self.snapshot_steps
        if not len(steps):
            raise RecordingError(f"the recording in {self.run_dir} holds no snapshots yet")
        index = max(0, bisect.bisect_right(steps.tolist(), int(step)) - 1)
        return self._load(int(steps[index]))

    def _load(self, step: int) -> ev.Snapshot:
        cached = self._cache.get(step)
        if cached is not None:
            self._cache.move_to_end(step)
            return cached
        name = self._chunk_of_step[step]
        path = self.run_dir / name
        prefix = _step_key(step) + "/"
        try:
            with np.load(path, allow_pickle=False) as npz:
                arrays = {key[len(prefix):]: npz[key] for key in npz.files if key.startswith(prefix)}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, KeyError) as err:
            raise RecordingError(f"{path} is damaged and cannot be read ({_short(err)})") from None
        probe = arrays.pop(PROBE_KEY, np.array([-1, -1]))
        label, index = (int(v) for v in probe[:2])
        arrays = {part: value if part.startswith(DIST_PREFIX) else value.astype(np.float32, copy=False)
                  for part, value in arrays.items()}
        snapshot = ev.Snapshot(step=step, arrays=ev.frozen_mapping(arrays),
                               probe_label=None if label < 0 else label, probe_index=None if index < 0 else index)
        self._cache[step] = snapshot
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)
        return snapshot

    def distribution_history(self, up_to_step: int) -> list[ev.Snapshot]:
        """Every recorded ``dist/...`` set (see core.stats) at or before ``up_to_step``, oldest
        first, each as a Snapshot holding only those arrays: what the distributions panel
        draws its heat maps over time from. Empty for a recording without them.

        Only those small arrays are read (a few KB a snapshot), once per chunk."""
        if DISTRIBUTIONS not in self.parts:
            return []
        history = []
        for step in self.snapshot_steps.tolist():
            if step > up_to_step:
                break
            arrays = self._distributions_of_chunk(self._chunk_of_step[step]).get(step)
            if arrays:
                history.append(ev.Snapshot(step=step, arrays=ev.frozen_mapping(arrays)))
        return history

    def _distributions_of_chunk(self, name: str) -> dict[int, dict[str, np.ndarray]]:
        cached = self._dist_cache.get(name)
        if cached is not None:
            return cached
        path = self.run_dir / name
        by_step: dict[int, dict[str, np.ndarray]] = {}
        try:
            with np.load(path, allow_pickle=False) as npz:
                for key in npz.files:
                    step_key, _, part = key.partition("/")
                    if part.startswith(DIST_PREFIX):
                        by_step.setdefault(int(step_key[1:]), {})[part] = npz[key]
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, KeyError) as err:
            raise RecordingError(f"{path} is damaged and cannot be read ({_short(err)})") from None
        self._dist_cache[name] = by_step  # a chunk never changes once the manifest lists it
        return by_step

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

    def evaluated_events(self, up_to_step: int) -> list[ev.Evaluated]:
        """Evaluated events up to ``up_to_step``, with the confusion matrix and predictions
        (empty arrays where they were not recorded)."""
        e, extra = self.evaluations, self._eval_extra
        steps = e.get("step", np.zeros(0, np.int64))
        confusion = extra.get("eval_confusion")
        result = []
        for k, step in enumerate(steps.tolist()):
            if step > up_to_step:
                break
            matrix = confusion[k] if confusion is not None and len(confusion) > k else np.zeros((10, 10), np.int64)
            seconds = e.get("seconds")
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

    def run_started(self) -> ev.RunStarted:
        """The run's RunStarted event (rebuilt from the configuration if it was not recorded)."""
        run = self.manifest.get("run")
        if isinstance(run, dict):
            try:
                return ev.RunStarted(**run)
            except TypeError:
                pass
        c = self.config
        return ev.RunStarted(model=self.model, preset=str(c.get("preset", "custom")),
                             total_steps=int(c.get("steps", 0)),
                             steps_per_epoch=60000 / max(1, int(c.get("batch_size", 1))),
                             batch_size=int(c.get("batch_size", 0)), device="recording", train_size=60000,
                             test_size=10000, parameters=0)

    def __repr__(self) -> str:
        return (f"Recording({str(self.run_dir)!r}, model={self.model!r}, snapshots={len(self.snapshot_steps)}, "
                f"last_step={self.last_step}, finished={self.finished!r})")


def _short(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
