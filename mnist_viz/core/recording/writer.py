"""Recording a training run to a folder, as the trainer runs: :class:`Recorder`.

The training thread only keeps what happened in memory (a step's metrics, an evaluation,
a snapshot taken at an exact step); a writer thread of the recorder's own puts it on disk:

* a chunk file (``chunk-NNNN.npz``, written once) as soon as ``snapshots_per_chunk``
  snapshots are waiting, and whatever waits at most ``flush_seconds`` (2 s) after it was
  recorded, so that a reader following the run sees it soon;
* the metrics in the last ``metrics-NNNNNN.npz``, rewritten with the new steps until it
  holds about ``METRIC_FILE_BYTES`` of arrays, then the next one: the cost of a flush
  grows with what is new, not with the length of the run;
* the manifest last, listing only files that are complete, and at least every
  ``HEARTBEAT_SECONDS`` while the run goes on.

Every file is written to a temporary name and renamed (``core.atomic``), so a reader
never sees half a file. The compression and the ``fsync`` happen outside the lock the
training thread takes (zlib and the file system release the GIL), so a flush does not
hold up training. The run's last flush (``Finished``) and :meth:`Recorder.close` write in
the calling thread: when they return, everything is on disk.

No Qt in this module.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from .. import events as ev
from .. import networks
from ..config import TrainConfig
from .format import (EVAL_FIELDS, FLUSH_SECONDS, FORMAT, FORMAT_VERSION, HEARTBEAT_SECONDS, MANIFEST, METRIC_FILE,
                     METRIC_FILE_BYTES, PROBE_KEY, SNAPSHOTS_PER_CHUNK, STEP_FIELDS, RecordingError, _app_version,
                     _atomic_write, _json_float, _now, _step_key, check_new_folder, default_parts, manifest_text,
                     metric_arrays)
from . import keyframes
from .snapshots import Buffered, take_snapshot


class _Batch(NamedTuple):
    """What one flush writes, taken under the lock: snapshot groups (one chunk each), the rows
    of the metrics file being rewritten, and the manifest's fields as they were then."""

    groups: list[list[Buffered]]
    metrics: tuple[int, int, int, int] | None   # rows and evaluations: (first, end, first, end)
    manifest: dict[str, Any]


class Recorder:
    """Records a run into ``run_dir``: a JSON manifest plus ``.npz`` chunks and metrics files.

    ``every_steps``: a snapshot at step 0, step 1, every multiple of it, every evaluation
    and the last step. ``max_bytes``: the folder's size bound; when the run would need
    more, the recorder doubles ``every_steps`` (and drops the unwritten snapshots that
    no longer fall on it) and says so in the manifest (``"thinned": true``); once the
    bound is reached it stops taking snapshots, so the folder never exceeds it by more
    than one chunk. ``parts``: which snapshot parts to keep (default: every weight and
    activation part of the model). Weights are stored as float32, exactly; activations
    as float16 (about 3 significant digits: the picture is the same, half the bytes).
    ``flush_seconds``: everything recorded is on disk at most this long after it happened
    (None: only when a chunk is full, at the end and on :meth:`flush`).

    Activation parts need a probe image: if the trainer has none when the recorder is
    attached, the recorder sets the first test image as the probe.

    A Recorder records one run: after the trainer resets its weights (a second
    ``RunStarted`` once steps were recorded) it stops, marking the run ``"reset"``.
    """

    def __init__(self, run_dir: str | Path, config: TrainConfig, every_steps: int = 50,
                 max_bytes: int = 200 * 2**20, parts: Sequence[str] | None = None, dataset: str = "mnist",
                 snapshots_per_chunk: int = SNAPSHOTS_PER_CHUNK, activation_dtype: str = "float16",
                 flush_seconds: float | None = FLUSH_SECONDS, heartbeat_seconds: float | None = HEARTBEAT_SECONDS,
                 metric_file_bytes: int = METRIC_FILE_BYTES) -> None:
        self.run_dir = Path(run_dir)
        if int(every_steps) < 1:
            raise RecordingError(f"record every N steps: N must be at least 1, not {every_steps}")
        if int(max_bytes) < 1:
            raise RecordingError(f"the recording size bound must be positive, not {max_bytes} bytes")
        if flush_seconds is not None and not flush_seconds > 0:
            raise RecordingError(f"the recording's flush interval must be a positive number of seconds, "
                                 f"not {flush_seconds}")
        self.config = config
        self.every_steps = int(every_steps)
        self.max_bytes = int(max_bytes)
        self.snapshots_per_chunk = max(1, int(snapshots_per_chunk))
        self.activation_dtype = np.dtype(activation_dtype)
        self.flush_seconds = None if flush_seconds is None else float(flush_seconds)
        self.heartbeat_seconds = None if not heartbeat_seconds else float(heartbeat_seconds)
        self.metric_file_bytes = max(1, int(metric_file_bytes))
        known = default_parts(config.model)
        self.parts = frozenset(known if parts is None else parts)
        unknown = sorted(self.parts - set(known))
        if unknown:
            raise RecordingError(f"the {networks.title(config.model)} model has no part {unknown[0]!r} to record; "
                                 f"choose from {', '.join(known)}")
        self._activation_parts = set(networks.activation_parts(config.model))
        check_new_folder(self.run_dir, create=True)

        # _lock guards what the training thread changes (held briefly); _write_lock makes the
        # writers (the writer thread, flush(), close(), the run's end) take turns. Always
        # _write_lock first, then _lock.
        self._lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self._write_lock = threading.Lock()
        #: Why recording stopped early (a write failed), or None. Training goes on regardless.
        self.error: str | None = None
        self._error_written = False
        self._trainer = None
        #: Which steps keep the full weights (created at the first event, from the network's size).
        self._keyframes: keyframes.KeyframePlan | None = None
        #: Why keyframes stopped being written (the recording goes on), or None.
        self.keyframe_error: str | None = None
        self._closed = False
        self._stopped_reason: str | None = None  # set when the run was reset: ignore the rest
        self._buffer: list[Buffered] = []
        self._steps: set[int] = set()            # every snapshot step taken (written or buffered)
        self._last_step = -1
        self._rows: list[tuple] = []             # one tuple of STEP_FIELDS per step
        self._evals: list[tuple] = []            # one tuple of EVAL_FIELDS per evaluation
        self._confusions: list[np.ndarray] = []
        self._predictions: list[np.ndarray | None] = []
        self._misclassified: list[np.ndarray | None] = []
        self._pending_since: float | None = None  # when the oldest metric or manifest change not on disk happened
        # Disk side (changed by the writer, under _lock).
        self._file_bytes: dict[str, int] = {}    # size of every file written, by name
        self._chunk_bytes = 0
        self._bytes_per_snapshot: float | None = None  # measured from the chunks written
        self._tail = (0, 0)                      # the metrics file being rewritten starts at (row, evaluation)
        self._rows_written = self._evals_written = 0
        self._last_write = time.monotonic()
        self._metrics_write_s = self._manifest_write_s = 0.0  # how long the last ones took
        #: What reached the disk: the snapshot steps of the chunks listed in the last manifest
        #: written, and the steps of the metrics it lists (a reader sees these).
        self._disk_steps: list[int] = []
        self._disk_metric_steps = 0
        self._last_manifest: dict[str, Any] | None = None
        #: Seconds each flush took in the writer (for the benchmarks), the last 1,000.
        self.flush_times: list[float] = []
        self.manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": _app_version(),
            "created": _now(),
            "updated": _now(),
            "model": config.model,
            "arch": networks.architecture(config.model),
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
            "flush_seconds": self.flush_seconds,
            "heartbeat_seconds": self.heartbeat_seconds,
            "steps_recorded": 0,
            "diverged": None,
            "finished": None,
            "final": None,
            "chunks": [],
            "metric_files": [],
            "evaluations": [],
        }
        try:
            self._write_manifest(self._header(self._fields()))
        except OSError as err:  # a full disk or a read-only folder before the first step
            raise RecordingError(f"cannot write the recording in {self.run_dir}: "
                                 f"{err.strerror or err}; free some space or choose another folder") from None
        self._closing = False
        self._thread = threading.Thread(target=_writer_loop, args=(weakref.ref(self), self._wake),
                                        name=f"recorder {self.run_dir.name}", daemon=True)
        self._thread.start()

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
        """Called in the training thread for every event the trainer yields. What the event
        says is kept first; a snapshot it calls for is taken after, outside the lock the writer
        thread needs, so that neither the step's metrics nor a flush wait for it (the run's
        end is kept after its last snapshot, so the manifest never says "finished" without it)."""
        with self._lock:
            if self._closed or self._stopped_reason:
                return
            step = self._wants_snapshot(trainer, event)
            last = isinstance(event, ev.Finished)
            ended = False if last else self._on_event(event)
        try:
            taken = None if step is None else self._snapshot(trainer, step)
        except Exception as err:  # noqa: BLE001 - whatever fails, the training goes on
            with self._lock:
                self._failed(err)
                self._wake.notify()
            return
        self._keyframe(trainer, event)
        with self._lock:
            if self._closed or self._stopped_reason == "write-error":
                return
            if taken is not None:
                self._keep(*taken)
            if last:
                ended = self._on_event(event)
        if ended:  # the run's end: everything to disk now, in this thread
            self._write_pending(final=True)

    def _keyframe(self, trainer, event) -> None:
        """In the training thread: the full weights at this event's step, when the plan wants
        them (core.recording.keyframes). A keyframe that cannot be written ends the keyframes,
        not the recording."""
        kind = {ev.RunStarted: "start", ev.Evaluated: "evaluation", ev.Finished: "end"}.get(type(event))
        if kind is None or trainer is None or self.keyframe_error is not None or self._stopped_reason:
            return
        if kind == "start" and self._rows:  # a reset's new start: the recording has ended
            return
        plan = self._keyframes
        if plan is None:
            parameters = sum(p.numel() for p in trainer.model.parameters())
            plan = self._keyframes = keyframes.KeyframePlan(parameters, self.max_bytes)
        if not plan.wanted(event.step, kind):
            return
        try:
            size = keyframes.write_keyframe(self.run_dir, event.step, trainer.model, self.config,
                                            self.manifest["dataset"])
        except Exception as err:  # noqa: BLE001 - the recording and the training go on without
            self.keyframe_error = " ".join(str(err).split())[:300] or type(err).__name__
            return
        with self._lock:
            plan.kept(event.step, size)
            self._file_bytes[keyframes.keyframe_path(self.run_dir, event.step).relative_to(self.run_dir)
                             .as_posix()] = size

    @property
    def keyframe_steps(self) -> list[int]:
        """The steps whose full weights this recording keeps (written so far)."""
        return [] if self._keyframes is None else list(self._keyframes.steps)

    def _wants_snapshot(self, trainer, event) -> int | None:
        """Under _lock: the step ``event`` calls for a snapshot of (once per step), or None."""
        if isinstance(event, ev.RunStarted):
            step = None if self._rows else event.step  # a second start: the reset ends the recording
        elif isinstance(event, ev.StepDone):
            step = event.step if event.step == 1 or event.step % self.every_steps == 0 else None
        elif isinstance(event, (ev.Evaluated, ev.Finished)):
            step = event.step
        else:
            step = None
        if step in self._steps or self.manifest["snapshots_stopped_at"] is not None or trainer is None:
            return None
        return step

    def _changed(self) -> None:  # under _lock: something new to write
        if self._pending_since is None:
            self._pending_since = time.monotonic()
            self._wake.notify()

    def _failed(self, err: BaseException) -> None:
        """Recording failed (a write, or a snapshot): stop, keep why in .error; the writer
        puts it in the manifest if the disk allows."""
        self._stopped_reason = "write-error"
        self._buffer = []  # never written: not counted as recorded
        reason = getattr(err, "strerror", None) or " ".join(str(err).split())[:200] or type(err).__name__
        self.error = f"recording to {self.run_dir} stopped at step {max(self._last_step, 0)}: {reason}"
        self._steps = set(self._disk_steps)  # the snapshots not written are not recorded

    def _on_event(self, event) -> bool:
        """Keep what ``event`` says; True when the run ended (write everything now)."""
        if isinstance(event, ev.RunStarted):
            if self._rows:
                self._finish("reset")
                return True
            self.manifest["run"] = asdict(event)
            self._changed()
        elif isinstance(event, ev.StepDone):
            if self.manifest["finished"] is not None:  # the run goes on after a Finished
                self.manifest["finished"] = None
            self._rows.append(tuple(getattr(event, name) for name in STEP_FIELDS))
            self._changed()
            self._last_step = event.step
        elif isinstance(event, ev.Evaluated):
            self._evals.append(tuple(getattr(event, name) for name in EVAL_FIELDS))
            self._confusions.append(np.asarray(event.confusion, dtype=np.int64).reshape(10, 10))
            self._predictions.append(None if event.predictions is None else np.asarray(event.predictions))
            self._misclassified.append(None if event.misclassified is None else np.asarray(event.misclassified))
            self.manifest["evaluations"].append({"step": event.step, "test_accuracy": _json_float(event.test_accuracy),
                                                 "test_loss": _json_float(event.test_loss)})
            self._changed()
        elif isinstance(event, ev.Diverged):
            self.manifest["diverged"] = {"step": event.step, "loss": _json_float(event.loss),
                                         "message": event.message}
            self._changed()
        elif isinstance(event, ev.Finished):
            accuracy = None if event.test_accuracy is None else _json_float(event.test_accuracy)
            self.manifest["final"] = {"step": event.step, "test_accuracy": accuracy,
                                      "wall_s": _json_float(event.wall_s),
                                      "samples_per_s": _json_float(event.samples_per_s)}
            self._finish(event.reason)
            return True
        return False

    def _finish(self, reason: str) -> None:
        self.manifest["finished"] = reason
        if reason == "reset":
            self._stopped_reason = reason
        self._changed()

    def _snapshot(self, trainer, step: int) -> tuple[Buffered, dict[str, dict]]:
        return take_snapshot(trainer, step, self.parts, self._activation_parts, self.activation_dtype)

    def _keep(self, snapshot: Buffered, entries: dict[str, dict]) -> None:
        """Under _lock: buffer a snapshot taken; wake the writer when a chunk is full."""
        if snapshot.step in self._steps or self.manifest["snapshots_stopped_at"] is not None:
            return
        for name, entry in entries.items():
            self.manifest["arrays"].setdefault(name, entry)
        self._buffer.append(snapshot)
        self._steps.add(snapshot.step)
        if len(self._buffer) == 1 or len(self._buffer) >= self.snapshots_per_chunk:
            self._wake.notify()

    # ------------------------------------------------------------------ writing
    def flush(self) -> None:
        """Write everything recorded so far (snapshots, metrics, manifest) now; returns when it
        is on disk."""
        if not self._closed:
            self._write_pending(everything=True)

    def close(self) -> None:
        """Write everything and the manifest, stop the writer thread, stop listening. Safe to
        call more than once; never raises (a write error is kept in .error)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._write_pending(everything=True, final=True, manifest=True)
        with self._lock:
            self._closing = True
            self._wake.notify_all()
        if self._thread is not threading.current_thread():
            self._thread.join()
        if self._trainer is not None and hasattr(self._trainer, "remove_listener"):
            self._trainer.remove_listener(self.on_event)

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def bytes_on_disk(self) -> int:
        """The size of the files the recorder wrote (as they are now)."""
        with self._lock:
            return sum(self._file_bytes.values())

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
        """How many steps' metrics reached the disk (those the manifest on disk lists)."""
        with self._lock:
            return self._disk_metric_steps

    def _due_in(self) -> float | None:
        """Seconds until the writer thread has something to write (0: now; None: nothing yet)."""
        if self._closing:
            return 0.0
        if self._stopped_reason == "write-error":
            return None if self._error_written else 0.0
        if len(self._buffer) >= self.snapshots_per_chunk:
            return 0.0
        now, waits = time.monotonic(), []
        if self.flush_seconds is not None:
            oldest = [t for t in (self._pending_since, self._buffer[0].taken if self._buffer else None)
                      if t is not None]
            if oldest:
                waits.append(min(oldest) + self._flush_after() - now)
        if self.heartbeat_seconds is not None and self.manifest["finished"] is None and not self._stopped_reason:
            waits.append(self._last_write + self.heartbeat_seconds - now)
        return max(0.0, min(waits)) if waits else None

    def _flush_after(self) -> float:
        """How old the oldest unwritten record may get before the writer starts: flush_seconds
        less what writing the metrics takes (at most half of it), so that they are on disk
        within flush_seconds."""
        return self.flush_seconds - min(self._metrics_write_s + self._manifest_write_s, self.flush_seconds / 2)

    def _write_pending(self, everything: bool = False, final: bool = False, manifest: bool = False) -> None:
        """Write what is due (``everything``: all that was recorded; ``final``: the run ended),
        then the manifest (``manifest``: also when nothing is new). Called by the writer thread,
        flush(), close() and at the run's end; failures go to .error, never out."""
        with self._write_lock:
            started = time.perf_counter()
            with self._lock:
                batch = None if self._stopped_reason == "write-error" else self._take_batch(everything, final,
                                                                                             manifest)
            try:
                if batch is not None:
                    self._write_batch(batch)
            except Exception as err:  # noqa: BLE001 - a full disk must not end the training
                with self._lock:
                    self._failed(err)
            finally:
                if batch is not None:
                    self.flush_times.append(time.perf_counter() - started)
                    del self.flush_times[:-1000]
            self._write_error_manifest()

    def _take_batch(self, everything: bool, final: bool, manifest: bool) -> _Batch | None:
        """Under _lock: what to write now, taken out of the buffers (None: nothing)."""
        now = time.monotonic()
        final = final or self.manifest["finished"] is not None
        due = everything or final or (self.flush_seconds is not None and any(
            t is not None and now - t >= self._flush_after() * 0.999
            for t in (self._pending_since, self._buffer[0].taken if self._buffer else None)))
        heartbeat = (self.heartbeat_seconds is not None and now - self._last_write >= self.heartbeat_seconds * 0.999)
        groups: list[list[Buffered]] = []
        size = self.snapshots_per_chunk
        if self._buffer and (due or len(self._buffer) >= size):
            self._thin_buffer(final)
            count = len(self._buffer) if due or len(self._buffer) < size else len(self._buffer) // size * size
            groups = [self._buffer[i:i + size] for i in range(0, count, size)]
            self._buffer = self._buffer[count:]
        metrics = None
        if due and (len(self._rows) > self._rows_written or len(self._evals) > self._evals_written):
            metrics = (self._tail[0], len(self._rows), self._tail[1], len(self._evals))
        if due:
            self._pending_since = None
        if not (groups or metrics or due or heartbeat or manifest):
            return None
        return _Batch(groups, metrics, self._fields())

    def _fields(self) -> dict[str, Any]:
        """The manifest's fields as they are now (lists copied: the training thread appends)."""
        copy = dict(self.manifest)
        copy["arrays"] = dict(copy["arrays"])
        copy["evaluations"] = list(copy["evaluations"])
        return copy

    def _header(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Under _lock: the manifest to write: ``fields`` (taken with the batch) with what is on
        disk now (chunks, metrics files and the evaluations they hold)."""
        header = dict(fields)
        header["updated"] = _now()
        header["every_steps"] = self.every_steps
        for key in ("thinned", "snapshots_stopped_at"):
            header[key] = self.manifest[key]
        header["steps_recorded"] = self._rows_written
        header["chunks"] = list(self.manifest["chunks"])
        header["metric_files"] = list(self.manifest["metric_files"])
        header["evaluations"] = fields["evaluations"][:self._evals_written]
        if self.error:
            header["error"] = self.error
        return header

    def _write_batch(self, batch: _Batch) -> None:
        """The metrics first (small: a follower sees the new steps without waiting for the
        snapshots to be compressed), then each chunk, the manifest after each; only the last
        manifest says how the run ended (a follower stops following there)."""
        if batch.metrics is not None:
            started = time.perf_counter()
            self._write_metrics(*batch.metrics)
            self._metrics_write_s = time.perf_counter() - started
            if batch.groups:
                self._write_manifest(self._locked_header(batch, last=False))
        for k, group in enumerate(batch.groups):
            if self.manifest["snapshots_stopped_at"] is not None:  # the size bound was reached
                with self._lock:
                    self._steps -= {s.step for rest in batch.groups[k:] for s in rest}
                break
            self._write_chunk(group)
            if k < len(batch.groups) - 1:  # a crash loses at most one chunk, as the count says
                self._write_manifest(self._locked_header(batch, last=False))
        self._write_manifest(self._locked_header(batch))

    def _locked_header(self, batch: _Batch, last: bool = True) -> dict[str, Any]:
        with self._lock:
            header = self._header(batch.manifest)
        return header if last else dict(header, finished=None, final=None)

    def _write_error_manifest(self) -> None:
        """After a failure: the last manifest written, with the error, if the disk allows (once)."""
        with self._lock:
            if self.error is None or self._error_written:
                return
            self._error_written = True
            header = dict(self._last_manifest or self._header(self._fields()), error=self.error)
        try:
            self._write_manifest(header)
        except Exception:  # noqa: BLE001 - the disk may be full; the error is kept in .error
            pass

    def _estimate(self, snapshot: Buffered) -> float:  # before the first chunk: the (pessimistic) raw size
        return self._bytes_per_snapshot if self._bytes_per_snapshot is not None else snapshot.nbytes

    def _thin_buffer(self, final: bool) -> None:
        """Double every_steps and drop unwritten snapshots off it until the buffer fits."""
        budget = self.max_bytes - sum(self._file_bytes.values())
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

    def _slow_down_for_the_rest(self) -> None:
        """Double every_steps while the snapshots still to come would not fit in max_bytes."""
        if self._bytes_per_snapshot is None:
            return
        remaining_steps = max(0, self.config.steps - max(self._last_step, 0))
        budget = self.max_bytes - sum(self._file_bytes.values())
        while (self.every_steps < remaining_steps
               and self._bytes_per_snapshot * (remaining_steps / self.every_steps + 2) > budget):
            self.every_steps *= 2
            self.manifest["thinned"] = True

    def _write_chunk(self, group: list[Buffered]) -> None:
        """Write one chunk file (outside _lock: the compression is the slow part), then list it."""
        name = f"chunk-{len(self.manifest['chunks']):04d}.npz"
        arrays = {}
        for snapshot in group:
            prefix = _step_key(snapshot.step)
            for part, array in snapshot.arrays.items():
                arrays[f"{prefix}/{part}"] = array
            arrays[f"{prefix}/{PROBE_KEY}"] = np.asarray(snapshot.probe, dtype=np.int64)
        path = self.run_dir / name
        _atomic_write(path, lambda file: np.savez_compressed(file, **arrays))
        size = path.stat().st_size
        with self._lock:
            self._file_bytes[name] = size
            self._chunk_bytes += size
            count = sum(len(chunk["steps"]) for chunk in self.manifest["chunks"]) + len(group)
            self._bytes_per_snapshot = self._chunk_bytes / max(1, count)
            self.manifest["chunks"].append({"file": name, "steps": [s.step for s in group], "bytes": size})
            finishing = self.manifest["finished"] is not None
            if sum(self._file_bytes.values()) >= self.max_bytes and not finishing:
                self.manifest["snapshots_stopped_at"] = self._last_step
                self.manifest["thinned"] = True
                self._steps -= {s.step for s in self._buffer}
                self._buffer = []
            elif not finishing:
                self._slow_down_for_the_rest()

    def _write_metrics(self, row: int, rows_end: int, evaluation: int, evals_end: int) -> None:
        """Rewrite the last metrics file with rows ``row:rows_end`` and evaluations
        ``evaluation:evals_end`` (taken under _lock; the lists only grow), then list it."""
        with self._lock:
            rows = self._rows[row:rows_end]
            evals = self._evals[evaluation:evals_end]
            confusions = self._confusions[evaluation:evals_end]
            pieces = {"eval_predictions": self._predictions[evaluation:evals_end],
                      "eval_misclassified": self._misclassified[evaluation:evals_end]}
            index = len(self.manifest["metric_files"]) - (1 if self._tail_listed() else 0)
        arrays = metric_arrays(rows, evals, confusions, pieces)
        name = METRIC_FILE.format(index)
        path = self.run_dir / name
        _atomic_write(path, lambda file: np.savez_compressed(file, **arrays))
        size = path.stat().st_size
        entry = {"file": name, "steps": len(rows), "evaluations": len(evals), "bytes": size}
        with self._lock:
            self._file_bytes[name] = size
            listed = self.manifest["metric_files"]
            if self._tail_listed():
                listed[-1] = entry
            else:
                listed.append(entry)
            self._rows_written, self._evals_written = rows_end, evals_end
            if sum(array.nbytes for array in arrays.values()) >= self.metric_file_bytes:
                self._tail = (rows_end, evals_end)  # full: the next flush starts the next file

    def _tail_listed(self) -> bool:
        """Whether the metrics file being rewritten is already in the manifest's list."""
        listed = self.manifest["metric_files"]
        return bool(listed) and (self._rows_written, self._evals_written) != self._tail

    def _write_manifest(self, header: dict[str, Any]) -> None:
        started = time.perf_counter()
        text = manifest_text(header)
        _atomic_write(self.run_dir / MANIFEST, lambda file: file.write(text.encode("utf-8")))
        self._manifest_write_s = time.perf_counter() - started
        with self._lock:
            self._file_bytes[MANIFEST] = len(text.encode("utf-8"))
            self._disk_steps = [step for chunk in header["chunks"] for step in chunk["steps"]]
            self._disk_metric_steps = header["steps_recorded"]
            self._last_manifest = header
            self._last_write = time.monotonic()


def _writer_loop(ref: weakref.ref, wake: threading.Condition) -> None:
    """The writer thread: waits until something is due, writes it, and ends when the recorder
    is closed or forgotten (it holds the recorder only while writing)."""
    while True:
        with wake:
            recorder = ref()
            if recorder is None or recorder._closing:
                return
            wait = recorder._due_in()
            del recorder
            if wait is None or wait > 0:
                wake.wait(5.0 if wait is None else min(wait, 5.0))
                continue
        recorder = ref()
        if recorder is None:
            return
        recorder._write_pending()
        del recorder
