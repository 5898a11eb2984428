"""Sweeps: every combination of some training settings, each run a real ``mnist-viz train --record``.

``mnist-viz sweep --lr 1e-4 1e-3 1e-2 --seed 1 2 --record-dir DIR`` plans six runs
(:func:`plan`), each recorded into ``DIR/<name>``, the name saying what differs between them
(``lr=1e-3,seed=2``; settings given one value are common to all and not in the names), and
runs them

* locally (:class:`LocalEngine`): each run a child process of this Python,
  ``python -m mnist_viz train ... --record DIR/<name> --json --quiet``, several at a time,
  each with its share of the CPU cores as torch threads (``OMP_NUM_THREADS``);
* or on a Ray cluster (:class:`RayEngine`, ``--ray ADDRESS``): the same command, each run a
  Ray task that starts it on a worker (Ray is an optional extra, imported only here, only then).

A child process per run rather than a worker that trains in-process: each run is exactly
the ``train`` command a user would type (its checks, messages, exit codes, recording and
Ctrl+C handling), its threads are set before torch starts, its memory is given back when it
ends, and a run that crashes takes only itself down. What it costs, torch's import per run
(a few seconds), is small beside a run of any use.

Progress comes from the recordings themselves (:func:`progress`: the manifests, which the
writer rewrites every 2 s), so it reads the same locally and from Ray workers that write into
a shared folder. Ctrl+C stops every run under way with SIGTERM, which train handles as
Ctrl+C (:data:`STOP_SIGNAL`; on Ray, each task does it when the :class:`StopFlag` actor is
set), waits for them and raises :class:`Interrupted` with every run's outcome. No Qt in this
module; torch is not imported here.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import itertools
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

#: How a run ended (:attr:`Outcome.status`).
FINISHED, SKIPPED, DIVERGED, FAILED, INTERRUPTED, NOT_STARTED = (
    "finished", "skipped", "diverged", "failed", "interrupted", "not started")
#: train's exit codes (mnist_viz/cli.py) and what they mean for a run.
_STATUS_OF_CODE = {0: FINISHED, 3: DIVERGED, 130: INTERRUPTED, 143: INTERRUPTED}
#: A folder name longer than this (bytes) is cut, and ends in a hash of the whole.
MAX_NAME_BYTES = 120
#: Characters a run's folder name keeps; any other becomes "_" (the commas of an --arch: "+").
_UNSAFE = re.compile(r"[^A-Za-z0-9._+\-=]")
#: Seconds a stopped run is given to write what it has and end, after Ctrl+C, before it is killed.
STOP_GRACE_S = 60.0


class SweepError(Exception):
    """A problem the user can fix; one line."""


@dataclasses.dataclass(frozen=True)
class Axis:
    """One swept option: ``--lr`` with the values given (as typed, and as train reads them)."""

    option: str                 # "--lr"
    texts: tuple[str, ...]      # ("1e-4", "1e-3")
    values: tuple = ()          # (0.0001, 0.001): what tells two values apart (default: the texts)
    flag: bool = False          # a flag (--no-download): given, no values

    @property
    def key(self) -> str:
        """The option in a run's name: "lr", "batch-size"."""
        return self.option.lstrip("-")


@dataclasses.dataclass(frozen=True)
class SweepRun:
    """One run of a sweep."""

    name: str
    folder: Path
    #: train's arguments (after "train"): the common settings, the swept ones, then --record FOLDER.
    argv: tuple[str, ...]
    #: The swept options' values in this run, as typed ({"lr": "1e-3", "seed": "2"}).
    values: Mapping[str, str]
    #: With --tensorboard LOGDIR: this run's event folder, LOGDIR/<name>.
    tensorboard: Path | None = None

    def command(self, python: str = "python") -> list[str]:
        """The command line that runs it."""
        return [python, "-m", "mnist_viz", "train", *self.argv]


@dataclasses.dataclass
class Outcome:
    """How a run ended: its status, train's JSON summary (None if it printed none), a message."""

    run: SweepRun
    status: str
    code: int | None = None
    summary: dict | None = None
    #: train's last line on stderr (why it failed or stopped), or what the sweep says.
    message: str = ""
    #: Seconds of the whole process (start-up included).
    seconds: float | None = None
    #: Where it ran (Ray: the worker's host name).
    host: str = ""

    @property
    def test_accuracy(self) -> float | None:
        return (self.summary or {}).get("test_accuracy")

    @property
    def steps(self) -> int | None:
        return (self.summary or {}).get("steps")

    @property
    def wall_s(self) -> float | None:
        """Seconds it trained (train's own wall time; else the process's)."""
        wall = (self.summary or {}).get("wall_s")
        return wall if wall is not None else self.seconds


# ------------------------------------------------------------------ planning
def plan(axes: Sequence[Axis], common: Sequence[str], record_dir: str | os.PathLike,
         tensorboard_dir: str | os.PathLike | None = None) -> list[SweepRun]:
    """Every combination of the ``axes``' values (the first axis varies slowest), each with the
    ``common`` train arguments. Options given one value are in every run and not in the names.
    Raises SweepError when one option gives the same value twice."""
    for axis in axes:
        values = axis.values or axis.texts
        for k, value in enumerate(values):
            if value in values[:k]:
                first = axis.texts[values.index(value)]
                same = f"{first} and {axis.texts[k]} are the same value" if first != axis.texts[k] else (
                    f"{first} is given twice")
                raise SweepError(f"{axis.option}: {same}; give each value once")
    record_dir = Path(record_dir)
    differing = [axis for axis in axes if len(axis.texts) > 1]
    runs, names = [], set()
    for choice in itertools.product(*(axis.texts for axis in axes)):
        argv: list[str] = list(common)
        for axis, text in zip(axes, choice):
            argv += [axis.option] if axis.flag else [axis.option, text]
        values = {axis.key: text for axis, text in zip(axes, choice) if axis in differing}
        name = run_name(values)
        if name in names:  # two values that read the same once made safe for a folder name
            name = _cut(name, force_hash=json.dumps(values, sort_keys=True))
        names.add(name)
        folder = record_dir / name
        events = Path(tensorboard_dir) / name if tensorboard_dir is not None else None
        argv += ["--record", str(folder)] + (["--tensorboard", str(events)] if events is not None else [])
        runs.append(SweepRun(name, folder, tuple(argv), values, events))
    return runs


def run_name(values: Mapping[str, str]) -> str:
    """A run's folder name from what differs: "lr=1e-3,seed=2" ("run" when nothing does)."""
    if not values:
        return "run"
    parts = [f"{key}={_UNSAFE.sub('_', text.replace(',', '+'))}" for key, text in values.items()]
    return _cut(",".join(parts))


def _cut(name: str, force_hash: str | None = None) -> str:
    """``name``, cut to :data:`MAX_NAME_BYTES` with a hash of the whole when too long (or asked)."""
    if force_hash is None and len(name.encode()) <= MAX_NAME_BYTES:
        return name
    digest = hashlib.sha1((force_hash or name).encode()).hexdigest()[:8]
    return f"{name[:MAX_NAME_BYTES - 9].rstrip(',')}-{digest}"


def usable_cpus() -> int:
    """The CPU cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def share(runs: int, jobs: int | None, threads: int | None, cpus: int | None = None) -> tuple[int, int]:
    """(runs at a time, torch threads per run): by default as many runs at a time as there are
    cores (never more than the runs), and the cores shared fairly between them."""
    cpus = cpus or usable_cpus()
    if jobs is None:
        jobs = max(1, min(runs, cpus // threads if threads else cpus))
    jobs = max(1, min(jobs, max(runs, 1)))
    if threads is None:
        threads = max(1, cpus // jobs)
    return jobs, threads


# ------------------------------------------------------------------ running one
def _environment(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "MNIST_VIZ_THREADS"):
        env[name] = str(threads)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


#: What stops a run: train handles SIGTERM as Ctrl+C (it writes what it recorded, removes its
#: temporary files and ends), and unlike SIGINT it cannot have been left ignored (a Ray worker's
#: children inherit its ignored SIGINT; Python then never turns SIGINT into KeyboardInterrupt).
STOP_SIGNAL = signal.SIGTERM


def run_train(argv: Sequence[str], threads: int, started: Callable[[subprocess.Popen], None] | None = None,
              should_stop: Callable[[], bool] | None = None) -> dict:
    """Run ``mnist-viz train ARGV --json --quiet`` in a child process of this Python with
    ``threads`` torch threads; wait for it. Returns {"code", "summary", "message", "seconds",
    "host"}. Used for local runs and in the Ray task. The run is stopped (:func:`stop_process`)
    when ``should_stop()`` says so (asked every second), and on an interruption here (Ctrl+C,
    Ray cancelling the task), which is raised again once the run has ended."""
    import socket

    command = [sys.executable, "-m", "mnist_viz", "train", *argv, "--json", "--quiet"]
    begin = time.monotonic()
    # Its own session: Ctrl+C in the terminal reaches the sweep, which passes it on once.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               env=_environment(threads), text=True, encoding="utf-8", errors="replace",
                               start_new_session=True)
    if started is not None:
        started(process)
    stopping = False
    try:
        while True:  # in short waits: an interruption that arrives without a signal (Ray's) is seen
            try:
                out, err = process.communicate(timeout=1.0)
                break
            except subprocess.TimeoutExpired:
                if not stopping and should_stop is not None and should_stop():
                    stopping = True
                    _signal(process)
    except BaseException:
        stop_process(process)
        raise
    return {"code": process.returncode, "summary": _summary(out), "message": _last_message(err),
            "seconds": round(time.monotonic() - begin, 3), "host": socket.gethostname()}


def _signal(process: subprocess.Popen) -> None:
    try:
        process.send_signal(STOP_SIGNAL)
    except OSError:
        pass


def stop_process(process: subprocess.Popen, grace_s: float = STOP_GRACE_S) -> None:
    """Stop a run as Ctrl+C stops train (:data:`STOP_SIGNAL`), and wait for it; SIGKILL if it
    has not ended in ``grace_s``."""
    if process.poll() is not None:
        return
    _signal(process)
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _summary(stdout: str) -> dict | None:
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                found = json.loads(line)
            except ValueError:
                return None
            return found if isinstance(found, dict) else None
    return None


def _last_message(stderr: str) -> str:
    lines = [" ".join(line.split()) for line in stderr.splitlines() if line.strip()]
    said = [line for line in lines if line.startswith("mnist-viz")]
    text = (said or lines or [""])[-1]
    return text.removeprefix("mnist-viz: ").removeprefix("error: ")[:400]


def outcome(run: SweepRun, result: Mapping) -> Outcome:
    code = result.get("code")
    status = _STATUS_OF_CODE.get(code, FAILED)
    message = result.get("message", "")
    summary = result.get("summary")
    if status == FINISHED and (summary or {}).get("errors"):
        status = FAILED  # trained, but its recording or event files could not all be written
    if status == INTERRUPTED:
        ended, recorded = recorded_summary(run)
        if ended == "completed":  # stopped after its last step: its recording is whole, it finished
            status, summary = FINISHED, summary or recorded
        elif summary is None:
            summary = recorded  # the steps it trained
    return Outcome(run, status, code, summary, message if status != FINISHED else "",
                   result.get("seconds"), result.get("host", ""))


def recorded_summary(run: SweepRun) -> tuple[str | None, dict | None]:
    """(how the run ended, what its recording says of it: steps, test accuracy, seconds), from its
    recording; (None, None) when nothing readable is there."""
    from .runs import read_run

    try:
        info = read_run(run.folder)
    except Exception:  # noqa: BLE001 - nothing readable there
        return None, None
    return info.ended, {"test_accuracy": info.test_accuracy, "steps": info.steps, "wall_s": info.duration_s}


# ------------------------------------------------------------------ progress
def progress(run: SweepRun) -> tuple[int, int | None, float | None]:
    """(steps recorded so far, steps asked, last test accuracy) of a run, from its recording on disk."""
    from .runs import read_run

    try:
        info = read_run(run.folder)
    except Exception:  # noqa: BLE001 - not written yet, or being replaced: nothing to say yet
        return 0, None, None
    return info.steps, info.total_steps, info.test_accuracy


class Engine:
    """Runs a sweep's runs, calling ``started(run)`` and ``finished(outcome)`` as they go (in the
    calling thread) and ``tick()`` about every second; :meth:`run` returns every outcome, in the
    runs' order. Ctrl+C (KeyboardInterrupt) stops the runs under way as Ctrl+C stops train
    (what they recorded stays, readable), starts no more, and raises :class:`Interrupted`
    with the outcomes so far."""

    def run(self, runs: Sequence[SweepRun], started: Callable[[SweepRun], None],
            finished: Callable[[Outcome], None], tick: Callable[[], None]) -> list[Outcome]:
        raise NotImplementedError


class Interrupted(KeyboardInterrupt):
    """The sweep was stopped; ``outcomes``: every run's, the unfinished ones INTERRUPTED or NOT_STARTED."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        super().__init__()
        self.outcomes = outcomes


class LocalEngine(Engine):
    """``jobs`` child processes at a time on this machine, ``threads`` torch threads each.

    The processes are waited for by a thread pool (concurrent.futures), one thread per run
    under way; the calling thread reports progress and takes Ctrl+C."""

    def __init__(self, jobs: int, threads: int) -> None:
        self.jobs, self.threads = jobs, threads
        self._lock = threading.Lock()
        self._processes: dict[str, subprocess.Popen] = {}
        self._stopping = threading.Event()
        self._interrupted: set[int] = set()

    def _one(self, run: SweepRun) -> dict | None:
        if self._stopping.is_set():
            return None  # not started: the sweep is being stopped

        def register(process):
            with self._lock:
                self._processes[run.name] = process
            if self._stopping.is_set():
                self._interrupt(process)

        try:
            return run_train(run.argv, self.threads, register)
        finally:
            with self._lock:
                self._processes.pop(run.name, None)

    def run(self, runs, started, finished, tick):
        results: dict[str, Outcome] = {}
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="sweep") as pool:
            futures: dict[concurrent.futures.Future, SweepRun] = {}
            queue = list(runs)
            try:
                while queue or futures:
                    while queue and len(futures) < self.jobs:
                        run = queue.pop(0)
                        started(run)
                        futures[pool.submit(self._one, run)] = run
                    done, _ = concurrent.futures.wait(futures, timeout=1.0,
                                                      return_when=concurrent.futures.FIRST_COMPLETED)
                    for future in done:
                        run = futures.pop(future)
                        results[run.name] = _finish(run, future, finished)
                    tick()
            except KeyboardInterrupt:
                self._stopping.set()
                self._stop_all(futures)
                for future, run in futures.items():
                    results[run.name] = _finish(run, future, finished, interrupted=True)
                outcomes = [results.get(run.name) or Outcome(run, NOT_STARTED) for run in runs]
                raise Interrupted(outcomes) from None
            except BaseException:  # anything else ends the sweep too: never leave a run training on its own
                self._stopping.set()
                self._stop_all(futures)
                raise
        return [results[run.name] for run in runs]

    def _interrupt(self, process: subprocess.Popen) -> None:
        """Stop ``process`` (:data:`STOP_SIGNAL`), once: a second signal would cut its clean-up short."""
        with self._lock:
            if process.pid in self._interrupted or process.poll() is not None:
                return
            self._interrupted.add(process.pid)
        _signal(process)

    def _stop_all(self, futures) -> None:
        """Stop every run under way, and wait for them (a second Ctrl+C: kill them)."""
        with self._lock:
            processes = list(self._processes.values())
        for process in processes:
            self._interrupt(process)
        try:
            concurrent.futures.wait(futures, timeout=STOP_GRACE_S)
        except KeyboardInterrupt:
            pass
        with self._lock:
            processes = list(self._processes.values())
        for process in processes:
            if process.poll() is None:
                process.kill()
        concurrent.futures.wait(futures)


def _finish(run: SweepRun, future: concurrent.futures.Future, finished, interrupted: bool = False) -> Outcome:
    try:
        result = future.result()
    except Exception as err:  # noqa: BLE001 - the process could not be started: say why, on its line
        result = {"code": None, "message": f"could not start: {' '.join(str(err).split())[:300]}"}
    if result is None:
        return Outcome(run, NOT_STARTED)
    done = outcome(run, result)
    if interrupted and done.status == FAILED and done.code in (-STOP_SIGNAL, -signal.SIGKILL):
        done.status = INTERRUPTED
    finished(done)
    return done


# ------------------------------------------------------------------ Ray
RAY_MISSING = "--ray needs Ray, an optional extra: pip install 'mnist-viz[ray]'"


def import_ray():
    """Ray, imported now; SweepError (one line: how to install it) when it is missing."""
    try:
        import ray
    except ImportError:
        raise SweepError(RAY_MISSING) from None
    return ray


class StopFlag:
    """A Ray actor the tasks ask whether to stop (set on Ctrl+C)."""

    def __init__(self) -> None:
        self.stop = False

    def set(self) -> None:
        self.stop = True

    def get(self) -> bool:
        return self.stop


def ray_task(argv: Sequence[str], threads: int, flag) -> dict:
    """One run as a Ray task: :func:`run_train` on the worker, stopped when ``flag`` (a
    :class:`StopFlag` actor) is set."""
    import ray

    def should_stop() -> bool:
        try:
            return bool(ray.get(flag.get.remote(), timeout=5))
        except ray.exceptions.GetTimeoutError:  # a busy cluster: ask again in a second
            return False
        except Exception:  # noqa: BLE001 - the flag is gone with the driver: stop the run, keep what it recorded
            return True

    return run_train(argv, threads, should_stop=should_stop)


class RayEngine(Engine):
    """The runs as Ray tasks (``run_train`` on a worker, ``threads`` CPUs each), at most ``jobs``
    under way at a time (None: as many as the cluster's CPUs take). ``address``: "local" starts
    a Ray instance on this machine (``num_cpus`` CPUs, default all), "auto" connects to the
    cluster this machine is part of (``ray start``), else a cluster's address (``ray://HOST:10001``).
    The recordings are written by the workers into the runs' folders: on a cluster, a folder
    every node mounts at the same path."""

    def __init__(self, address: str, jobs: int | None, threads: int, num_cpus: int | None = None) -> None:
        self.address, self.jobs, self.threads, self.num_cpus = address, jobs, threads, num_cpus
        self.cluster_cpus: float | None = None
        self._started = False

    def connect(self):
        ray = import_ray()
        options = {"num_cpus": self.num_cpus} if self.address == "local" and self.num_cpus else {}
        try:
            if not ray.is_initialized():  # (one already started in this process, e.g. by a test, is used as it is)
                self._started = True
                ray.init(address=self.address, include_dashboard=False, log_to_driver=False,
                         logging_level=logging.ERROR, **options)
        except (ConnectionError, RuntimeError, ValueError) as err:
            raise SweepError(f"--ray {self.address}: could not reach Ray ({' '.join(str(err).split())[:240]}); "
                             "start a cluster with 'ray start --head', or use --ray local") from None
        if self.cluster_cpus is None:
            self.cluster_cpus = ray.cluster_resources().get("CPU")
        return ray

    def run(self, runs, started, finished, tick):
        ray = self.connect()
        task = ray.remote(num_cpus=self.threads, max_retries=0)(ray_task)
        flag = ray.remote(num_cpus=0)(StopFlag).remote()  # set on Ctrl+C: the tasks stop their runs
        limit = self.jobs or max(1, int((self.cluster_cpus or 1) // self.threads))
        queue, under_way, results = list(runs), {}, {}

        def collect(ref, run):
            try:
                result = ray.get(ref)
            except Exception as err:  # noqa: BLE001 - the worker died, or Ray lost the task
                result = {"code": None, "message": f"the Ray task failed: {' '.join(str(err).split())[:300]}"}
            results[run.name] = done = outcome(run, result)
            finished(done)

        try:
            while queue or under_way:
                while queue and len(under_way) < limit:
                    run = queue.pop(0)
                    started(run)
                    under_way[task.remote(list(run.argv), self.threads, flag)] = run
                ready, _ = ray.wait(list(under_way), num_returns=1, timeout=1.0)
                for ref in ready:
                    collect(ref, under_way.pop(ref))
                tick()
        except KeyboardInterrupt:
            flag.set.remote()  # each task stops its run as Ctrl+C stops train, and returns what it said
            ready, late = ray.wait(list(under_way), num_returns=len(under_way), timeout=STOP_GRACE_S + 10)
            for ref in late:
                ray.cancel(ref, force=True)
            for ref, run in under_way.items():
                if ref in ready:
                    collect(ref, run)
                else:
                    results[run.name] = outcome(run, {"code": None, "message": "did not stop in time: killed"})
                    finished(results[run.name])
            raise Interrupted([results.get(run.name) or Outcome(run, NOT_STARTED) for run in runs]) from None
        return [results[run.name] for run in runs]

    def shutdown(self) -> None:
        ray = sys.modules.get("ray")
        if ray is not None and self._started and ray.is_initialized():
            ray.shutdown()
