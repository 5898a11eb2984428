"""Recording a training run to a folder, as the trainer runs: :class:`Recorder`.

No Qt in this module.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from .. import events as ev
from .. import stats
from ..config import ACTIVATION_PARTS, TrainConfig
from ..stats import PART as DISTRIBUTIONS
from ..stats import PREFIX as DIST_PREFIX
from .format import (EVAL_FIELDS, FORMAT, FORMAT_VERSION, MANIFEST, METRICS, PROBE_KEY, SNAPSHOTS_PER_CHUNK,
                     STEP_FIELDS, RecordingError, _app_version, _atomic_write, _json_default, _json_float, _now,
                     _step_key, check_new_folder, default_parts)

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

