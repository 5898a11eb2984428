"""Reading a recording back: :class:`Recording`, the same events the live trainer sent, also
while another process (here, or on another machine through a shared or synced folder) is
still writing it: :meth:`Recording.refresh` reads only what is new.

No Qt in this module.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import json
import os
import stat
import struct
import time
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import NamedTuple

import numpy as np

from .. import events as ev
from .. import networks
from ..stats import PART as DISTRIBUTIONS
from ..stats import PREFIX as DIST_PREFIX
from .format import (_DAMAGED_FIX, _EDITED, MANIFEST, MAX_JSON_DEPTH, MAX_MANIFEST_BYTES, MAX_METRICS_BYTES, MAX_STEP,
                     PROBE_KEY, STALL_SECONDS, STEP_FIELDS, RecordingError)
from . import keyframes
from .manifest import _json_depth, _no_constant, _parse_manifest
from .metrics import MetricColumns, follows, last_of, listed_part, read_metrics_file
from .validate import _CHUNK_KEY, _check_range, _checked_distribution, _chunk_spec, _echo, _npz, _read_array, _short, _Spec

#: The manifest's entries that say how the run stands: a change is news to a follower.
_STATUS = ("finished", "diverged", "final", "error")

@contextlib.contextmanager
def _damage_in(shown: Path) -> Iterator[None]:
    """What reading a kept-open chunk raises comes out as validate._npz says it for one opened
    afresh: one line naming the file (a zip member cut short, a failed CRC...)."""
    try:
        yield
    except RecordingError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError,
            struct.error, KeyError, OverflowError) as err:
        raise RecordingError(f"{shown} is damaged and cannot be read ({_short(err)}); {_DAMAGED_FIX}") from None


class RecordedSteps(Sequence):
    """Recorded steps as the StepDone events the live run sent, each made when it is asked for
    (``events[k]``, iterating): a 20,000-step replay makes no 20,000 objects for a panel that
    can take the steps as arrays. :attr:`columns` holds them so (read-only numpy arrays:
    ``step`` and each of STEP_FIELDS), as the Loss panel takes them."""

    __slots__ = ("columns", "total_steps")

    def __init__(self, columns: dict[str, np.ndarray], total_steps: int) -> None:
        self.columns = columns
        self.total_steps = int(total_steps)

    def __len__(self) -> int:
        return len(self.columns["step"])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return RecordedSteps({name: values[index] for name, values in self.columns.items()}, self.total_steps)
        c = self.columns
        return ev.StepDone(step=int(c["step"][index]), epoch=float(c["epoch"][index]), loss=float(c["loss"][index]),
                           batch_accuracy=float(c["batch_accuracy"][index]),
                           learning_rate=float(c["learning_rate"][index]),
                           samples_per_s=float(c["samples_per_s"][index]), elapsed_s=float(c["elapsed_s"][index]),
                           total_steps=self.total_steps)

    def __eq__(self, other: object) -> bool:  # as the list of events it stands for
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]  (a sequence of events, as a list is)

    def __repr__(self) -> str:
        return f"RecordedSteps({len(self)} steps)"


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
    """A recorded run, read back. Works while the run is still being written, here or on
    another machine through a shared or synced folder: :meth:`refresh` reads what was added
    since (only the new files), :attr:`finished`, :attr:`updated` and :meth:`stalled` say
    whether there is more to wait for.

    Nothing outside the folder is read, and nothing is allocated before the files' headers
    were checked against the recorded model; every problem is a RecordingError of one line."""

    run_dir: Path
    config: dict
    model: str
    manifest: dict
    snapshot_steps: np.ndarray          # int64, ascending
    metrics: dict[str, np.ndarray]      # "step", "loss", "batch_accuracy", "learning_rate", ... (read-only)
    evaluations: dict[str, np.ndarray]  # "step", "test_accuracy", "test_loss", "seconds" (read-only)
    #: Why the last refresh could not take in everything the manifest lists, in one line (a
    #: file listed but not arrived yet, as a sync under way leaves it; a file not readable),
    #: or None when it took in everything. What was read before is kept.
    incomplete: str | None

    CACHE_SIZE = 32  # snapshots kept in memory (a timeline slider goes back and forth)
    ARCHIVES_KEPT = 32  # chunk files kept open (each a file handle and its directory, ~0.3 MB)

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = Path(run_dir)
        self._root = self.run_dir
        self._cache: OrderedDict[int, ev.Snapshot] = OrderedDict()
        #: chunk name -> (its ExitStack, the open zip, its arrays by key, the file's identity)
        self._archives: OrderedDict[str, tuple[contextlib.ExitStack, object, dict, tuple]] = OrderedDict()
        self._chunk_of_step: dict[int, str] = {}
        self._chunks: dict[str, _Chunk] = {}
        self._chunk_files: dict[str, Path] = {}  # chunk name -> its real path, checked when first listed
        self._columns = MetricColumns()
        self._metric_files: list[tuple[str, int, int]] = []  # the format-2 files read: (file, steps, evaluations)
        self._run: dict | None = None
        self._arrays: dict = {}
        self._opened = False
        self._manifest_bytes: bytes | None = None
        self._last_change = time.monotonic()
        self.manifest, self.model, self.config = {}, "", {}
        self.snapshot_steps = np.zeros(0, np.int64)
        self.metrics, self.evaluations = {}, {}
        self.incomplete = None
        self._weight_steps: list[int] | None = None

    @classmethod
    def open(cls, run_dir: str | os.PathLike, partial: bool = False) -> Recording:
        """Open the recording in ``run_dir``; RecordingError says what is wrong if it is not one.

        ``partial``: a folder still arriving (listed files missing at the end, as a sync under
        way leaves it) opens with what is there, :attr:`incomplete` saying what is missing;
        otherwise that is an error. The last snapshot (what a replay shows first) is read
        whole, so that damage there is reported now."""
        recording = cls(Path(run_dir))
        recording._refresh(partial)
        recording._opened = True
        if len(recording.snapshot_steps):
            recording.snapshot(int(recording.snapshot_steps[-1]))
        return recording

    # ---------------------------------------------------------------- loading
    def refresh(self) -> bool:
        """Read what was written since the last refresh (to follow a run still being recorded):
        the manifest, and only the chunks and metrics files that are new or grew. True when
        anything new arrived (steps, snapshots, evaluations, the run's end).

        Never raises for what is in the folder once the recording is open: a file listed but
        not there yet (rsync brings the manifest first), a file being replaced, a damaged or
        hostile one: what was read before is kept, and :attr:`incomplete` says why in one
        line. (Before the recording is open, the same is a RecordingError.)"""
        self._weight_steps = None  # listed again when next asked
        if not self._opened:
            self._refresh(False)
            self._opened = True
            return True
        try:
            return self._refresh(True)
        except RecordingError as err:
            self.incomplete = str(err)
            return False

    @_one_line_errors
    def _refresh(self, partial: bool) -> bool:
        folder = self.run_dir
        if not folder.exists():
            raise RecordingError(f"no recording at {folder}: the folder does not exist; "
                                 "give the folder written by 'mnist-viz train --record'")
        if not folder.is_dir():
            raise RecordingError(f"{folder} is a file, not a recording folder; give the folder written by "
                                 "'mnist-viz train --record'")
        root = folder.resolve()
        manifest_path = folder / MANIFEST
        data = self._read_manifest_bytes(root)
        if data == self._manifest_bytes and self.incomplete is None:
            return False  # nothing was written since (a heartbeat changes "updated": the bytes differ)
        manifest = self._parse_json(data)
        parsed = _parse_manifest(manifest, manifest_path)
        if self._opened and parsed.model != self.model:
            raise RecordingError(f"{manifest_path} now describes another recording (of the {networks.title(parsed.model)} "
                                 "model); open it again")
        problem = None

        chunk_of_step: dict[int, str] = {}
        chunks: dict[str, _Chunk] = {}
        files: dict[Path, str] = {}
        for name, steps in parsed.chunks:
            chunk = self._chunks.get(name)
            real = self._chunk_files.get(name)
            if chunk is None or chunk.steps != steps:  # chunks never change once listed
                try:
                    real = self._confine(root, name, "chunk")
                    if real in files:
                        raise RecordingError(f"{manifest_path}: the chunk {_echo(name)} is the file "
                                             f"{_echo(files[real])} listed twice; {_EDITED}")
                    chunk = self._index_chunk(root, name, steps, parsed.model)
                except RecordingError as err:
                    if not partial:
                        raise
                    problem = str(err)
                    break  # the snapshots up to here
            files[real] = name
            chunks[name] = chunk
            for step in steps:
                chunk_of_step[step] = name

        if parsed.version == 1:
            columns, metric_files, metrics_problem = self._read_v1_metrics(root, parsed.metrics, partial)
        else:
            metric_files, metrics_problem = self._read_metric_files(root, parsed.metric_files, partial)
            columns = self._columns
        problem = problem or metrics_problem

        old = (len(self.snapshot_steps), self._columns.steps, self._columns.evaluations,
               *(self.manifest.get(key) for key in _STATUS))
        for name in [n for n in self._archives
                     if n not in chunks or (n in self._chunks and self._chunks[n] is not chunks[n])]:
            self._archives.pop(name)[0].close()  # a chunk no longer listed as it was
        self._root = root
        self.manifest, self.model, self.config = manifest, parsed.model, parsed.config
        self._run, self._arrays, self._chunks = parsed.run, parsed.arrays, chunks
        self._chunk_files = {name: real for real, name in files.items()}
        for step in [s for s in self._cache if self._chunk_of_step.get(s) != chunk_of_step.get(s)]:
            del self._cache[step]
        self._chunk_of_step = chunk_of_step
        self.snapshot_steps = np.asarray(sorted(chunk_of_step), dtype=np.int64)
        self._columns, self._metric_files = columns, metric_files
        self.metrics = columns.metrics()
        self.evaluations = columns.evaluation_fields()
        self._manifest_bytes = data
        self._last_change = time.monotonic()
        self.incomplete = problem
        new = (len(self.snapshot_steps), columns.steps, columns.evaluations,
               *(self.manifest.get(key) for key in _STATUS))
        return new != old

    def _read_v1_metrics(self, root: Path, name: str, partial: bool) -> tuple[MetricColumns, list, str | None]:
        """Format 1's metrics.npz, read whole (its writer rewrote it whole)."""
        try:
            real = self._confine(root, name, "metrics")
            arrays = read_metrics_file(real, self.run_dir / name, [MAX_METRICS_BYTES])
        except RecordingError as err:
            if not partial:
                raise
            return self._columns, self._metric_files, str(err)
        columns = MetricColumns()
        columns.put(0, 0, arrays)
        return columns, [], None

    def _read_metric_files(self, root: Path, listed: list[tuple[str, int, int]],
                           partial: bool) -> tuple[list[tuple[str, int, int]], str | None]:
        """Format 2's metrics files: read those that are new or grew since the last refresh (the
        last one is rewritten as the run goes on), then add them to the columns. Changes
        nothing when it raises."""
        known = self._metric_files
        manifest = self.run_dir / MANIFEST
        same = 0
        while same < min(len(known), len(listed)) and known[same] == listed[same]:
            same += 1
        for k in range(same, len(known)):  # only the last file may grow, and nothing goes away
            if k >= len(listed) or listed[k][0] != known[k][0] or listed[k][1] < known[k][1] \
                    or listed[k][2] < known[k][2]:
                raise RecordingError(f"{manifest} no longer lists the metrics it listed before (a recording "
                                     "was replaced by another); open it again")
        row = sum(entry[1] for entry in listed[:same])
        evaluation = sum(entry[2] for entry in listed[:same])
        last_step, last_eval = self._columns.ends(row, evaluation)
        budget = [MAX_METRICS_BYTES - 8 * len(STEP_FIELDS) * row]
        read, problem = [], None
        for name, steps, evaluations in listed[same:]:
            path = self.run_dir / name
            try:
                real = self._confine(root, name, "metrics file")
                arrays = listed_part(read_metrics_file(real, path, budget), steps, evaluations, path, manifest)
                follows(last_step, last_eval, arrays, path)
            except RecordingError as err:
                if not partial:
                    raise
                problem = str(err)
                break  # the metrics up to here
            last_step, last_eval = last_of(arrays, last_step, last_eval)
            read.append(((name, steps, evaluations), arrays))
        for entry, arrays in read:
            self._columns.put(row, evaluation, arrays)
            row, evaluation = row + entry[1], evaluation + entry[2]
        return listed[:same] + [entry for entry, _ in read], problem

    # ---------------------------------------------------------------- following
    @property
    def updated(self) -> datetime | None:
        """When the writer last wrote the manifest (its clock, UTC), or None if it does not say."""
        text = self.manifest.get("updated")
        try:
            when = datetime.fromisoformat(text) if isinstance(text, str) else None
        except ValueError:
            return None
        return when if when is None or when.tzinfo else when.replace(tzinfo=timezone.utc)

    def seconds_since_write(self) -> float:
        """Seconds since a refresh last found the manifest changed (or since the recording was
        opened), on this machine's clock: the two machines' clocks need not agree."""
        return time.monotonic() - self._last_change

    def stalled(self, after_s: float = STALL_SECONDS) -> bool:
        """True when the run is not finished but nothing was written for ``after_s`` seconds
        (default 30: the writer rewrites the manifest at least every 10 s while the run goes
        on, so three heartbeats were missed: the trainer was killed, or its machine or the
        sync is down). Call :meth:`refresh` before asking."""
        return self.finished is None and self.seconds_since_write() > after_s

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
            listed = f" ({MANIFEST} lists it)" if what in ("chunk", "metrics file") else ""
            raise RecordingError(f"{path} is missing{listed}; the recording is incomplete: "
                                 "copy the whole folder") from None
        except OSError as err:
            raise RecordingError(f"{path} cannot be read ({err.strerror or err}); check its permissions") from None
        if not stat.S_ISREG(mode):
            raise RecordingError(f"{path} is not a regular file (a folder, a device or a pipe); {_EDITED}")
        return real

    def _read_manifest_bytes(self, root: Path) -> bytes:
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
        return data

    def _parse_json(self, data: bytes) -> object:
        path = self.run_dir / MANIFEST
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
        wanted = set(steps)
        members: dict[int, dict[str, tuple[str, _Spec]]] = {step: {} for step in steps}
        probes: dict[int, tuple[int, int]] = {}
        distributions: dict[int, dict[str, np.ndarray]] = {step: {} for step in steps}
        archive, infos = self._archive(name, path, root)  # kept open: the snapshots are read from it
        with _damage_in(path):
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
        it is still being recorded (or was cut off), and while files the manifest lists have
        not all arrived (:attr:`incomplete`): a follower keeps waiting for them."""
        return None if self.incomplete is not None else self.manifest.get("finished")

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
        archive, infos = self._archive(chunk.name, path, self._root)
        arrays: dict[str, np.ndarray] = {}
        with _damage_in(path):
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

    def _archive(self, name: str, path: Path, root: Path):
        """The chunk ``name`` opened as a zip, and its arrays by key, kept open for the next
        snapshots (a timeline goes through a chunk's 20 in turn): opening one read its
        directory of about 600 entries, which took longer than the snapshot's own arrays. The
        file is confined and looked at (its inode, size and time) at every call: one replaced
        since is opened and checked afresh."""
        real = self._confine(root, name, "chunk")  # at every read: a link may have been put there since
        status = os.stat(real)
        identity = (str(real), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
        kept = self._archives.get(name)
        if kept is not None and kept[3] == identity:
            self._archives.move_to_end(name)
            return kept[1], kept[2]
        if kept is not None:  # the file was replaced since: read it afresh (and check it again)
            self._archives.pop(name)[0].close()
        stack = contextlib.ExitStack()
        archive, infos = stack.enter_context(_npz(real, path))
        self._archives[name] = (stack, archive, infos, identity)
        while len(self._archives) > self.ARCHIVES_KEPT:
            self._archives.popitem(last=False)[1][0].close()
        return archive, infos

    def close(self) -> None:
        """Close the chunk files kept open (they are opened again when needed)."""
        while self._archives:
            self._archives.popitem()[1][0].close()

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
        return f"this recording of the {networks.title(self.model)} model has no {part}; it has: {has}"

    @_one_line_errors
    def step_events(self, up_to_step: int, after_step: int = -1) -> RecordedSteps:
        """StepDone events rebuilt from the metrics, for the steps after ``after_step`` (a
        follower: the last one it has) up to ``up_to_step``: a sequence that makes each event
        when it is asked for, and hands out its columns whole (:class:`RecordedSteps`)."""
        m = self.metrics
        steps = m.get("step", np.zeros(0, np.int64))
        start = int(np.searchsorted(steps, after_step, side="right"))
        count = max(start, int(np.searchsorted(steps, up_to_step, side="right")))
        total = int(self.config.get("steps", self.last_step))

        def column(name: str, default: float = 0.0) -> np.ndarray:
            values = m.get(name)
            return (values[start:count] if values is not None and len(values) >= count
                    else np.full(count - start, default, dtype=np.float64))

        return RecordedSteps({"step": steps[start:count], **{name: column(name) for name in STEP_FIELDS[1:]}}, total)

    @_one_line_errors
    def evaluated_events(self, up_to_step: int, after: int = 0) -> list[ev.Evaluated]:
        """Evaluated events up to ``up_to_step``, with the confusion matrix and predictions
        (empty arrays where they were not recorded), from the ``after``-th on (a follower:
        the number it has; evaluations may share a step)."""
        e = self.evaluations
        steps = e.get("step", np.zeros(0, np.int64))
        confusion = self._columns.confusion()
        seconds = e.get("seconds")
        result = []
        for k, step in enumerate(steps.tolist()):
            if k < after:
                continue
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
        piece = self._columns.piece(key, k)
        return np.zeros(0, dtype) if piece is None else piece.astype(dtype, copy=False)

    def weight_steps(self) -> list[int]:
        """The steps at which this recording keeps the full weights (its keyframes, see
        core.recording.keyframes), ascending; listed when the recording is opened and at each
        :meth:`refresh` (a followed run's new ones appear); none for a recording made before
        keyframes existed."""
        if self._weight_steps is None:
            self._weight_steps = keyframes.keyframe_steps(self.run_dir)
        return list(self._weight_steps)

    def read_weights(self, step: int) -> dict:
        """The full state dict kept at ``step`` (off the GUI thread: it reads a file of up to a few
        MB). RecordingError (one line) when there is none, or it is damaged or not confined to
        the folder."""
        from .. import checkpoints

        name = f"{keyframes.KEYFRAME_DIR}/{keyframes.KEYFRAME_NAME.format(int(step))}"
        self._confine(self._root, name, "weights")
        try:
            return keyframes.read_keyframe(self.run_dir, step, self.model)
        except checkpoints.CheckpointError as err:
            raise RecordingError(f"the weights kept at step {int(step)}: {err}") from None

    @property
    def arch(self) -> str:
        """The recorded network's architecture text ("fc-10" for softmax regression; recordings
        written before architectures existed have no "arch" in their manifest: it follows from
        the model)."""
        return networks.architecture(self.model) if self.model else ""

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

