"""Many runs: the recordings in a folder, listed from their manifests, and their curves.

:class:`RunsFolder` lists the recordings in a folder (the folder itself and its
sub-folders, one level down), as the window's Runs dialog shows them: each run's folder
name, model, data set, steps, final test accuracy, duration and state (finished, being
written, stalled, or broken with the one-line reason), and the training settings that
differ between the runs listed (``learning_rate`` and ``seed`` when only those differ).

Listing reads the manifests only (a few KB each) and checks that the files they list are
there, so a folder of hundreds of runs lists in a fraction of a second; the metrics are
read only for the runs drawn (:func:`load_curves`). A folder from anywhere is trusted no
more than :class:`~mnist_viz.core.recording.Recording` trusts it (the manifest goes
through the reader's own checks): nothing in it makes the listing raise; a run that
cannot be read is listed as broken, with why.

A run is *stalled* when it has not finished and its manifest has not changed for
:data:`~mnist_viz.core.recording.STALL_SECONDS` (the writer rewrites it at least every
10 s while the run goes on). On first sight that is judged from the manifest's
modification time; later, from this machine's clock between two listings (the writer's
clock and ours need not agree).

No Qt, no torch in this module.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import re
import stat
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np

from .config import TrainConfig
from .recording import MANIFEST, STALL_SECONDS, Recording, RecordingError
from .recording.manifest import _parse_manifest
from .recording.validate import _short

#: The states a listed run can be in.
FINISHED, WRITING, STALLED, BROKEN = "finished", "being written", "stalled", "broken"
STATES = (FINISHED, WRITING, STALLED, BROKEN)
#: At most this many runs are listed (the first ones by folder name); the listing says how many were left out.
MAX_RUNS = 1000
#: Settings never listed as differing: the preset is a name for the others, which are compared themselves.
NOT_COMPARED = ("preset",)
#: Short names of the settings, for labels such as "lr 0.001, seed 2".
SHORT_NAMES = {"learning_rate": "lr", "batch_size": "batch", "keep_prob": "keep", "eval_every": "eval every",
               "loss_reduction": "loss", "optimizer": "", "model": "", "dataset": "", "schedule": "",
               "precision": "", "augment": "augment", "init": "init", "device": "", "steps": "steps",
               "seed": "seed"}
#: The file names the writer gives (checked by a plain stat); anything else goes through the reader's checks.
_PLAIN_NAME = re.compile(r"(chunk-\d{4,}|metrics(-\d{6,})?)\.npz")
_RECORDING_FILE = re.compile(r"(chunk-\d+|metrics(-\d+)?)\.npz")


@dataclasses.dataclass(frozen=True)
class RunInfo:
    """One listed recording, from its manifest."""

    path: Path
    #: The folder's name (the chosen folder's own name when it is a recording itself).
    name: str
    #: One of :data:`STATES`.
    state: str
    #: Why the run is broken (one line), or a note on a readable one (why its recording stopped early).
    problem: str = ""
    #: How it ended: "completed", "stopped", "diverged", "reset"; None while written or when cut off.
    ended: str | None = None
    model: str | None = None
    dataset: str | None = None
    #: Its training settings, every TrainConfig field (the defaults where an older writer left one out).
    config: Mapping[str, object] = dataclasses.field(default_factory=dict)
    #: Steps recorded, and the steps the run was asked for.
    steps: int = 0
    total_steps: int | None = None
    #: The last test accuracy (0..1): the final one, or the last evaluation while it trains.
    test_accuracy: float | None = None
    #: Seconds it trained (the Finished event's wall time; while it trains, since it started).
    duration_s: float | None = None
    #: (modification time, size) of its manifest when listed: changes when the writer writes.
    signature: tuple = ()

    @property
    def readable(self) -> bool:
        return self.state != BROKEN


@dataclasses.dataclass(frozen=True)
class RunsListing:
    """What :meth:`RunsFolder.scan` found."""

    folder: Path
    runs: tuple[RunInfo, ...] = ()
    #: The settings (TrainConfig field names) whose values are not the same in every readable run.
    differing: tuple[str, ...] = ()
    #: What is wrong with the folder itself (it does not exist, is a file, cannot be read), or "".
    problem: str = ""
    #: Folders not listed (beyond :data:`MAX_RUNS`).
    left_out: int = 0

    @property
    def writing(self) -> bool:
        """True while some listed run is being written."""
        return any(run.state == WRITING for run in self.runs)

    @property
    def may_grow(self) -> bool:
        """True while some listed run may still change: being written, or stalled (its writer may
        come back; one whose writer gave up, saying why, will not): worth listing again soon."""
        return any(run.state == WRITING or (run.state == STALLED and not run.problem) for run in self.runs)

    def differences(self, run: RunInfo, exclude: Sequence[str] = ()) -> dict[str, object]:
        """``run``'s values of the settings that differ between the runs listed."""
        return {name: run.config.get(name) for name in self.differing if name not in exclude and run.readable}

    def label(self, run: RunInfo) -> str:
        """What tells ``run`` apart from the others, e.g. "lr 0.001, seed 2" ("" when nothing does)."""
        return ", ".join(setting_text(name, value) for name, value in self.differences(run).items())


def setting_text(name: str, value: object) -> str:
    """A setting as a label shows it: "lr 0.001", "seed 2", "adam"."""
    short = SHORT_NAMES.get(name, name.replace("_", " "))
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{short} {text}" if short else text


class RunsFolder:
    """The recordings in ``folder``, listed again by each :meth:`scan` (which remembers when
    each manifest last changed, to tell a run being written from a stalled one)."""

    def __init__(self, folder: str | os.PathLike, stall_s: float = STALL_SECONDS) -> None:
        self.folder = Path(folder)
        self.stall_s = stall_s
        # path -> (manifest signature, monotonic time it was first seen, its age then in seconds)
        self._seen: dict[Path, tuple[tuple, float, float]] = {}
        # path -> the run read last time: a manifest not changed since is not read again
        self._known: dict[Path, RunInfo] = {}

    def scan(self) -> RunsListing:
        """List the recordings now. Never raises for what is in the folder."""
        folder = self.folder
        try:
            if not folder.exists():
                return RunsListing(folder, problem=f"{folder} does not exist; choose a folder that holds "
                                                   "recordings (written by 'mnist-viz train --record DIR')")
            if not folder.is_dir():
                return RunsListing(folder, problem=f"{folder} is a file, not a folder; choose the folder "
                                                   "that holds the recordings")
            with os.scandir(folder) as entries:
                names = sorted(entry.name for entry in entries if _is_dir(entry))
        except OSError as err:
            return RunsListing(folder, problem=f"{folder} cannot be read ({err.strerror or err}); "
                                               "check its permissions")
        candidates = [folder] + [folder / name for name in names]
        runs: list[RunInfo] = []
        left_out = 0
        for path in candidates:
            if len(runs) >= MAX_RUNS:
                left_out += 1
                continue
            run = self._look(path, path.name or str(path))
            if run is not None:
                runs.append(run)
        listed = {run.path for run in runs}
        self._seen = {path: seen for path, seen in self._seen.items() if path in listed}
        self._known = {run.path: run for run in runs if run.readable}
        return RunsListing(folder, tuple(runs), differing_settings(runs), "", left_out)

    def _look(self, path: Path, name: str) -> RunInfo | None:
        """The run in ``path``; None if the folder is no recording at all."""
        manifest = path / MANIFEST
        try:
            info = os.stat(manifest)
        except FileNotFoundError:
            return self._not_a_recording(path, name)
        except OSError as err:
            return RunInfo(path, name, BROKEN, f"{manifest} cannot be read ({err.strerror or err}); "
                                               "check its permissions")
        signature = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
        known = self._known.get(path)
        try:
            # Not changed since the last listing: the same run (a broken one is read again: the
            # files its manifest lists may have arrived since, as a sync brings the manifest first).
            run = known if known is not None and known.signature == signature else read_run(path, name)
        except RecordingError as err:
            return RunInfo(path, name, BROKEN, _one_line(str(err)), signature=signature)
        except Exception as err:  # noqa: BLE001 - a folder from anywhere: whatever it does, one line
            return RunInfo(path, name, BROKEN, f"{path} cannot be read ({type(err).__name__}: {_short(err)})",
                           signature=signature)
        if run.state == STALLED and not run.problem:
            run = dataclasses.replace(run, state=WRITING)  # judged again below
        run = dataclasses.replace(run, signature=signature)
        if run.state == WRITING and self._age(path, signature, info.st_mtime) > self.stall_s:
            run = dataclasses.replace(run, state=STALLED)
        return run

    def _not_a_recording(self, path: Path, name: str) -> RunInfo | None:
        """A folder without a manifest: broken if it holds a recording's files, else not listed."""
        try:
            with os.scandir(path) as entries:
                for k, entry in enumerate(entries):
                    if k >= 200:
                        break
                    if _RECORDING_FILE.fullmatch(entry.name):
                        return RunInfo(path, name, BROKEN, f"{path} holds recording files but no {MANIFEST}: "
                                                           "the recording is incomplete; copy the whole folder")
        except OSError as err:
            if path == self.folder:
                return None
            return RunInfo(path, name, BROKEN, f"{path} cannot be read ({err.strerror or err}); check its permissions")
        return None

    def _age(self, path: Path, signature: tuple, mtime: float) -> float:
        """Seconds since ``path``'s manifest last changed, as far as this machine can tell."""
        now = time.monotonic()
        seen = self._seen.get(path)
        if seen is None:  # first sight: the file's own time says how old it is
            self._seen[path] = (signature, now, max(0.0, time.time() - mtime))
        elif seen[0] != signature:  # it changed since the last listing: it is being written now
            self._seen[path] = (signature, now, 0.0)
        signature, since, age = self._seen[path]
        return age + (now - since)


def list_runs(folder: str | os.PathLike) -> RunsListing:
    """The recordings in ``folder`` (one listing; see :class:`RunsFolder`)."""
    return RunsFolder(folder).scan()


def read_run(path: Path, name: str | None = None) -> RunInfo:
    """The run recorded in ``path``, from its manifest; RecordingError (one line) if it cannot be read."""
    path = Path(path)
    recording = Recording(path)  # not opened: only its checks of the manifest and the files' names are used
    root = path.resolve()
    manifest_path = path / MANIFEST
    data = recording._read_manifest_bytes(root)
    manifest = recording._parse_json(data)
    parsed = _parse_manifest(manifest, manifest_path)
    listed = [chunk for chunk, _ in parsed.chunks] + [entry[0] for entry in parsed.metric_files]
    listed += [parsed.metrics] if parsed.metrics else []
    for file in listed:
        _check_listed(recording, root, path, file)
    config = {**_defaults(), **{k: v for k, v in parsed.config.items()
                                             if not isinstance(v, (dict, list))}}
    config["model"] = parsed.model
    dataset = manifest.get("dataset") or config.get("dataset") or "mnist"
    config["dataset"] = dataset
    finished = manifest.get("finished")
    final = manifest.get("final") if isinstance(manifest.get("final"), dict) else {}
    steps = manifest.get("steps_recorded")
    if steps is None:
        steps = sum(entry[1] for entry in parsed.metric_files) if parsed.metric_files else _whole(final.get("step"))
    total = config.get("steps")
    error = manifest.get("error")
    # A writer that failed (a full disk) wrote "error": nothing more will come, the run is not being written.
    state = FINISHED if finished else (STALLED if isinstance(error, str) else WRITING)
    return RunInfo(path=path, name=name if name is not None else path.name, state=state,
                   problem=_one_line(error) if isinstance(error, str) else "", ended=finished, model=parsed.model,
                   dataset=dataset, config=config, steps=int(steps or 0),
                   total_steps=total if type(total) is int else None,
                   test_accuracy=_accuracy(final, manifest.get("evaluations")),
                   duration_s=_duration(final, manifest, finished))


def _check_listed(recording: Recording, root: Path, path: Path, file: str) -> None:
    """The listed ``file`` is there, a regular file in the folder (the reader's checks for any odd name)."""
    if not _PLAIN_NAME.fullmatch(file):
        recording._confine(root, file, "listed")
        return
    try:
        mode = os.stat(path / file).st_mode
    except FileNotFoundError:
        raise RecordingError(f"{path / file} is missing ({MANIFEST} lists it); the recording is incomplete: "
                             "copy the whole folder") from None
    except OSError as err:
        raise RecordingError(f"{path / file} cannot be read ({err.strerror or err}); check its permissions") from None
    if not stat.S_ISREG(mode):
        recording._confine(root, file, "listed")  # a link inside the folder is fine; anything else is said


def differing_settings(runs: Sequence[RunInfo]) -> tuple[str, ...]:
    """The settings whose values differ between the readable ``runs``, in TrainConfig's order."""
    configs = [run.config for run in runs if run.readable]
    if len(configs) < 2:
        return ()
    names = list(_defaults())
    names += sorted({name for config in configs for name in config} - set(names))
    return tuple(name for name in names if name not in NOT_COMPARED
                 and len({_key(config.get(name)) for config in configs}) > 1)


@dataclasses.dataclass(frozen=True)
class RunCurves:
    """A run's loss and test accuracy, as the Loss panel draws them over its own run."""

    name: str
    #: What tells it apart from the other runs drawn ("lr 0.001, seed 2").
    label: str
    step: np.ndarray           # every training step (int64)
    loss: np.ndarray           # the batch loss of each (float64; NaN or inf where it diverged)
    eval_step: np.ndarray      # each evaluation's step
    test_accuracy: np.ndarray  # its test accuracy, 0..1


def load_curves(path: str | os.PathLike, name: str | None = None, label: str = "") -> RunCurves:
    """Read the metrics of the recording in ``path`` (not its snapshots): RecordingError (one line)
    if they cannot be read. A run still being written gives what is on disk now."""
    path = Path(path)
    try:
        recording = Recording(path)
        root = path.resolve()
        parsed = _parse_manifest(recording._parse_json(recording._read_manifest_bytes(root)), path / MANIFEST)
        if parsed.version == 1:
            columns, _, problem = recording._read_v1_metrics(root, parsed.metrics, True)
        else:
            _, problem = recording._read_metric_files(root, parsed.metric_files, True)
            columns = recording._columns
        metrics, evaluations = columns.metrics(), columns.evaluation_fields()
    except RecordingError:
        raise
    except MemoryError:
        raise RecordingError(f"{path}: not enough memory to read its metrics") from None
    except Exception as err:  # noqa: BLE001 - a folder from anywhere: whatever it does, one line
        raise RecordingError(f"{path} cannot be read ({type(err).__name__}: {_short(err)})") from None
    step = np.asarray(metrics.get("step", np.zeros(0)), dtype=np.int64)
    if not len(step) and problem:
        raise RecordingError(_one_line(problem))
    loss = np.asarray(metrics.get("loss", np.full(len(step), np.nan)), dtype=np.float64)
    return RunCurves(name=name or path.name, label=label, step=step, loss=loss[:len(step)],
                     eval_step=np.asarray(evaluations.get("step", np.zeros(0)), dtype=np.int64),
                     test_accuracy=np.asarray(evaluations.get("test_accuracy", np.zeros(0)), dtype=np.float64))


# ------------------------------------------------------------------ helpers
@functools.lru_cache(maxsize=1)
def _defaults() -> dict:
    """TrainConfig's fields and defaults (what a manifest of an older writer lacks)."""
    return TrainConfig().to_dict()


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= 300 else line[:299] + "…"


def _key(value: object) -> object:
    """A setting's value as a set member (1 and 1.0 alike; a list or object by its text)."""
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def _whole(value: object) -> int | None:
    return value if type(value) is int and value >= 0 else None


def _fraction(value: object) -> float | None:
    return float(value) if type(value) in (int, float) and math.isfinite(value) and 0 <= value <= 1 else None


def _accuracy(final: dict, evaluations: object) -> float | None:
    accuracy = _fraction(final.get("test_accuracy"))
    if accuracy is None and isinstance(evaluations, list) and evaluations and isinstance(evaluations[-1], dict):
        accuracy = _fraction(evaluations[-1].get("test_accuracy"))
    return accuracy


def _duration(final: dict, manifest: dict, finished: object) -> float | None:
    wall = final.get("wall_s")
    if finished and type(wall) in (int, float) and math.isfinite(wall) and wall >= 0:
        return float(wall)
    try:
        seconds = (datetime.fromisoformat(manifest["updated"]) - datetime.fromisoformat(manifest["created"]))
        seconds = seconds.total_seconds()
    except (KeyError, TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None
