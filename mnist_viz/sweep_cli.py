"""``mnist-viz sweep``: train every combination of some settings, each run recorded, side by side.

``mnist-viz sweep --lr 1e-4 1e-3 1e-2 --seed 1 2 --record-dir runs/lr`` runs the six
combinations, each a real ``mnist-viz train ... --record runs/lr/<name>`` (see
:mod:`mnist_viz.core.sweep`), several at a time on this machine, or as Ray tasks with
``--ray ADDRESS``; File > Runs... on ``runs/lr`` then lists and overlays them.

The options are train's own, read off its parser (:func:`add_sweep_parser`), so that a new
train option is a sweep option too: each that takes one value in train takes one or more
here (each value is swept), flags stay flags; train's checks of each value apply, and every
combination goes through train's own reading of its options (``train_config``, handed in by
mnist_viz.cli) before the first run starts, so a bad value or a combination that train would
refuse is one line, and nothing has run.

This module does not import mnist_viz.cli (cli imports it: no cycles); it is wired there by
``add_sweep_parser(sub)`` in build_parser and ``command_sweep(args, data_dir, train_config=...)``
in main.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from .argtypes import positive_int

EXIT_OK, EXIT_USAGE, EXIT_DIVERGED, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 2, 3, 130, 143
#: train's options that a sweep does not take: it sets them itself (--record, --json, --quiet),
#: or they name one file for one run (--checkpoint); --tensorboard is the sweep's own (LOGDIR/<name>).
NOT_SWEPT = ("record", "json", "quiet", "checkpoint", "tensorboard", "help")
#: train's options that take one value in a sweep too (main reads it as one folder).
SINGLE = ("data_dir_sub",)
#: Without a terminal, a line on the runs under way this often (seconds).
STATUS_EVERY_S = 30.0

EPILOG = """examples:
  mnist-viz sweep --model softmax --lr 1e-3 3e-3 1e-2 --record-dir runs/lr
  mnist-viz sweep --preset fast-cnn --lr 1e-4 1e-3 --seed 1 2 --record-dir runs/cnn --jobs 2
  mnist-viz sweep --model softmax --optimizer sgd adam --steps 500 --record-dir runs/opt --json
  mnist-viz sweep --preset fast-cnn --lr 1e-4 3e-4 1e-3 --record-dir /shared/runs/cnn --ray auto

  Then File > Runs... on DIR lists the runs with the settings that differ and overlays them on
  the Loss panel; mnist-viz open DIR/<name> replays one. The same sweep again skips the runs
  already recorded; a folder holding anything else is never overwritten.

exit codes:
  0    success
  2    bad arguments or bad input (an unknown option, a bad value, a combination train would
       refuse, a run folder that is not empty): one line on stderr, nothing has run; or a run
       failed (the table says which and why)
  3    a run diverged (the loss became NaN, infinite or huge); the others ran to the end
  130  interrupted (Ctrl+C): every run under way stopped, their recordings kept; one line says
       which had finished
  143  stopped by SIGTERM, as Ctrl+C"""


class Typed(NamedTuple):
    """A value as train reads it, and as the user typed it (for the run's folder name)."""

    value: object
    text: str


def _keeping_text(convert: Callable[[str], object]) -> Callable[[str], Typed]:
    def typed(text: str) -> Typed:
        return Typed(convert(text), text)

    typed.__name__ = getattr(convert, "__name__", "value")  # argparse's "invalid int value: 'x'", as train
    return typed


def add_sweep_parser(sub) -> argparse.ArgumentParser:
    """The ``sweep`` sub-command, its options copied from ``train``'s (which must be added first)."""
    train = sub.choices["train"]
    sweep = sub.add_parser(
        "sweep", help="train every combination of some settings, each run recorded, to compare them",
        formatter_class=train.formatter_class, epilog=EPILOG,
        description="Train every combination of the values given, each run a 'mnist-viz train --record' into "
                    "DIR/<name>, the name saying what differs (lr=1e-3,seed=2). Every option of train is an "
                    "option here; each that takes one value there takes one or more here (each value is "
                    "swept; one value: the same in every run); flags stay flags. The runs train several at "
                    "a time on this machine (each with its share of the cores), or as Ray tasks with --ray.")
    groups = {}
    for group in train._mutually_exclusive_groups:  # --model or --arch
        mirror = sweep.add_mutually_exclusive_group()
        for action in group._group_actions:
            groups[action.dest] = mirror
    axes = []
    for action in train._actions:
        if action.dest in NOT_SWEPT or not action.option_strings:
            continue
        target = groups.get(action.dest, sweep)
        option = max(action.option_strings, key=len)
        if action.nargs == 0:  # a flag (store_true)
            target.add_argument(*action.option_strings, dest=action.dest, action="store_true", help=action.help)
            axes.append((action.dest, option, "flag"))
            continue
        kwargs = dict(dest=action.dest, metavar=action.metavar, choices=action.choices, help=action.help,
                      default=None)
        if action.choices is not None and action.metavar is None:  # "--preset NAME [NAME ...]", the names once
            kwargs["metavar"] = option.lstrip("-").upper().replace("-", "_")
            kwargs["help"] = f"{{{','.join(map(str, action.choices))}}}: {action.help}"
        if action.dest in SINGLE:
            target.add_argument(*action.option_strings, type=action.type, **kwargs)
            continue
        # A choice is its own text; any other value is kept with its text (train's type checks it).
        typed = None if action.type is None else _keeping_text(action.type)
        target.add_argument(*action.option_strings, nargs="+", type=typed, **kwargs)
        axes.append((action.dest, option, "values"))
    sweep.add_argument("--record-dir", required=True, metavar="DIR",
                       help="where the runs are recorded, each into DIR/<name> (required; on a Ray cluster, a "
                       "folder every node mounts at the same path)")
    sweep.add_argument("--jobs", type=positive_int, metavar="N",
                       help="runs at a time (default: one per CPU core, at most the number of runs; with --ray, "
                       "as many as the cluster's CPUs take)")
    sweep.add_argument("--threads", type=positive_int, metavar="N",
                       help="torch threads of each run (default: the cores shared between the runs at a time; "
                       "with --ray: 1, and each task asks Ray for that many CPUs)")
    sweep.add_argument("--ray", metavar="ADDRESS",
                       help="run the runs as Ray tasks: 'local' starts Ray on this machine, 'auto' joins the "
                       "cluster this machine belongs to ('ray start'), or a cluster's address such as "
                       "ray://head:10001; needs pip install 'mnist-viz[ray]' (default: child processes here)")
    sweep.add_argument("--tensorboard", metavar="LOGDIR",
                       help="also write each run's TensorBoard event files into LOGDIR/<name> (tensorboard "
                       "--logdir LOGDIR shows them together); needs pip install 'mnist-viz[tensorboard]' (default: not written)")
    sweep.add_argument("--dry-run", action="store_true",
                       help="list the runs (name and train command) and exit, without training")
    sweep.add_argument("--json", action="store_true",
                       help="one JSON object per run on stdout as it ends (train's summary, with the run's name, "
                       "status, the values swept and its folder) instead of the table")
    sweep.set_defaults(sweep_train_parser=train, sweep_axes=tuple(axes))
    return sweep


# ------------------------------------------------------------------ the command
def command_sweep(args: argparse.Namespace, data_dir: str | None, train_config: Callable | None = None) -> int:
    """Run the sweep ``args`` asks for. ``train_config``: train's reading of its options
    (mnist_viz.cli.train_config_from_args: a Namespace of train's -> TrainConfig, raising its
    one-line error), applied to every combination before anything runs. Its errors pass through
    (named by the run); the sweep's own are printed here as one line, exit code 2."""
    from .core import sweep

    try:
        runs, configs, skipped = _prepare(args, data_dir, train_config)
        engine, jobs, threads = _engine(args, runs, configs)
    except sweep.SweepError as err:
        return _error(str(err))
    if not args.dry_run and args.ray in (None, "local"):
        try:
            _check_data(args, data_dir, configs)
        except sweep.SweepError as err:
            return _error(str(err))
    if args.dry_run:
        for run in runs:
            status = "skipped, recorded before" if run.name in skipped else ""
            print(f"{run.name}\t{' '.join(['mnist-viz', 'train', *_quoted(run.argv)])}"
                  + (f"\t({status})" if status else ""))
        return EXIT_OK
    return _execute(args, runs, skipped, engine, jobs, threads)


def _error(message: str) -> int:
    print(f"mnist-viz: error: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_USAGE


def _quoted(words: Sequence[str]) -> list[str]:
    import shlex

    return [shlex.quote(word) for word in words]


def _prepare(args, data_dir, train_config):
    """(runs, their TrainConfigs, {name: Outcome} of those recorded before), every check done."""
    from .core import atomic, recording, sweep

    common: list[str] = []
    axes = []
    for dest, option, kind in args.sweep_axes:
        given = getattr(args, dest, None)
        if dest == "dataset_sub" and not given and isinstance(getattr(args, "dataset", None), str):
            given = [Typed(args.dataset, args.dataset)]  # mnist-viz --dataset X sweep ...
        if not given:
            continue
        if kind == "flag":
            common.append(option)
            continue
        texts = tuple(item.text if isinstance(item, Typed) else str(item) for item in given)
        values = tuple(item.value if isinstance(item, Typed) else item for item in given)
        if len(texts) == 1:
            common += [option, texts[0]]
        else:
            axes.append(sweep.Axis(option, texts, values))
    if data_dir:
        common += ["--data-dir", os.path.abspath(os.path.expanduser(data_dir))]
    record_dir = Path(os.path.abspath(os.path.expanduser(args.record_dir)))
    tensorboard = Path(os.path.abspath(os.path.expanduser(args.tensorboard))) if args.tensorboard else None
    try:
        atomic.check_folder_destination(record_dir)
    except atomic.DestinationError as err:
        raise sweep.SweepError(f"--record-dir: {err}") from None
    runs = sweep.plan(axes, common, record_dir, tensorboard)
    configs = {}
    for run in runs:
        configs[run.name] = _config(args, run, train_config, len(runs) > 1)
    skipped = {}
    for run in runs:
        done = _recorded_before(run, configs[run.name])
        if done is not None:
            skipped[run.name] = done
            continue
        try:
            recording.check_new_folder(run.folder)  # first: refused, and nothing is tried in it
            atomic.check_folder_destination(run.folder)
        except atomic.DestinationError as err:
            raise sweep.SweepError(f"--record-dir: {err}") from None
        except recording.RecordingError as err:
            raise sweep.SweepError(f"{err} (it holds no finished run of these settings: an interrupted one? "
                                   "remove it to run it again, or choose another --record-dir)") from None
        if run.tensorboard is not None:
            from .core import tensorboard as tb

            try:
                tb.check_ready(run.tensorboard)
            except tb.TensorBoardError as err:
                raise sweep.SweepError(f"--tensorboard: {err}") from None
    return runs, configs, skipped


def _config(args, run, train_config, named: bool):
    """train's reading of the run's options (its parser, then ``train_config``): its TrainConfig."""
    if train_config is None:
        return None
    namespace = args.sweep_train_parser.parse_args(list(run.argv))
    namespace.dataset = namespace.dataset_sub
    try:
        config = train_config(namespace)
    except Exception as err:
        if not named:
            raise
        try:
            renamed = type(err)(f"run {run.name}: {' '.join(str(err).split())}")
        except Exception:  # noqa: BLE001 - an error that takes other arguments: as it is
            raise err from None
        raise renamed from None
    from .core import memory, sweep

    try:
        memory.check_fits(config)  # as train checks it: a run that would not fit is refused now
    except memory.MemoryBudgetError as err:
        raise sweep.SweepError(f"run {run.name}: {err}" if named else str(err)) from None
    return config


def _check_data(args, data_dir, configs) -> None:
    """The data sets the runs train on are here (on this machine): else downloaded now, once for
    every run (not by each run at the same time), or, with --no-download, one line saying where."""
    from .core import data, datasets, sweep

    root = data.resolve_root(data_dir)
    wanted = sorted({config.dataset for config in configs.values() if config is not None} or {"mnist"})
    for dataset in wanted:
        if data.is_available(root, dataset):
            continue
        if not args.no_download:
            print(f"sweep: downloading {datasets.get(dataset).name} into {root}, once for every run", file=sys.stderr)
        try:
            data.ensure(root, allow_download=not args.no_download, dataset=dataset)
        except data.DataError as err:
            raise sweep.SweepError(str(err)) from None


def _recorded_before(run, config):
    """An Outcome (SKIPPED) when the run's folder holds a finished recording of these settings."""
    from .core import sweep
    from .core.runs import FINISHED, read_run

    if not (run.folder / "manifest.json").is_file():
        return None
    try:
        info = read_run(run.folder)
    except Exception:  # noqa: BLE001 - not a readable recording: check_new_folder says so
        return None
    if info.state != FINISHED or info.ended != "completed":
        return None
    if config is not None:
        wanted = config.to_dict()
        differ = [key for key in wanted if key != "device" and str(info.config.get(key)) != str(wanted[key])]
        if differ:
            key = differ[0]
            raise sweep.SweepError(f"{run.folder} holds a run of other settings ({key} {info.config.get(key)}, "
                                   f"not {wanted[key]}); choose another --record-dir, or remove that folder")
    summary = {"test_accuracy": info.test_accuracy, "steps": info.steps, "wall_s": info.duration_s}
    return sweep.Outcome(run, sweep.SKIPPED, 0, summary, "recorded before")


def _engine(args, runs, configs):
    """The engine and (runs at a time, threads per run); SweepError when they would not fit in memory."""
    from .core import sweep

    todo = max(1, len(runs))
    if args.ray:
        sweep.import_ray()  # missing: said now, before anything runs
        threads = args.threads or 1
        return sweep.RayEngine(args.ray, args.jobs, threads), args.jobs, threads
    jobs, threads = sweep.share(todo, args.jobs, args.threads)
    jobs = _fit_memory(jobs, [config for config in configs.values() if config is not None], args.jobs is not None)
    if args.threads is None:
        jobs, threads = sweep.share(todo, jobs, None)
    return sweep.LocalEngine(jobs, threads), jobs, threads


def _fit_memory(jobs: int, configs: list, asked: bool) -> int:
    """Fewer runs at a time when that many would not fit in this machine's memory together."""
    from .core import memory, sweep

    if not configs:
        return jobs
    available = memory.available_memory()
    if available is None:
        return jobs
    totals = sorted((memory.estimate(config).total for config in configs), reverse=True)
    fits = jobs
    while fits > 1 and memory.need_with_margin(sum(totals[:fits])) > available:
        fits -= 1
    if fits < jobs and asked:
        need = memory.need_with_margin(sum(totals[:jobs]))
        raise sweep.SweepError(f"--jobs {jobs}: {jobs} runs at a time would need about {memory.size(need)}, and "
                               f"{memory.size(available)} is available; try --jobs {fits}")
    return fits


# ------------------------------------------------------------------ running
def _execute(args, runs, skipped, engine, jobs, threads) -> int:
    from .core import sweep

    todo = [run for run in runs if run.name not in skipped]
    report = Report(args.json, len(runs))
    for run in runs:
        if run.name in skipped:
            report.finished(skipped[run.name])
    where = (f"as Ray tasks ({args.ray}), {threads} CPU each" if args.ray else
             f"{jobs} at a time, {threads} torch thread{'s' if threads > 1 else ''} each")
    if todo:
        report.say(f"sweep: {len(todo)} run{'s' if len(todo) > 1 else ''} into {args.record_dir}, {where}"
                   + (f" ({len(skipped)} recorded before, skipped)" if skipped else ""))
    begin = time.monotonic()
    if isinstance(engine, sweep.RayEngine) and todo:
        try:
            engine.connect()  # before the SIGTERM handler: ray.init installs one of its own
        except sweep.SweepError as err:
            return _error(str(err))
    terminated = []
    previous = _on_sigterm(terminated)
    try:
        outcomes = engine.run(todo, report.started, report.finished, report.tick) if todo else []
    except sweep.Interrupted as stop:
        report.close()
        return _interrupted(args, stop.outcomes, skipped, bool(terminated))
    except sweep.SweepError as err:
        report.close()
        return _error(str(err))
    finally:
        _restore_sigterm(previous)
        if isinstance(engine, sweep.RayEngine):
            engine.shutdown()
    report.close()
    every = [skipped.get(run.name) or next(o for o in outcomes if o.run.name == run.name) for run in runs]
    if not args.json:
        print_table(every, time.monotonic() - begin, args.record_dir)
    statuses = {outcome.status for outcome in every}
    if sweep.FAILED in statuses:
        return EXIT_USAGE
    return EXIT_DIVERGED if sweep.DIVERGED in statuses else EXIT_OK


def _on_sigterm(flag: list):
    """SIGTERM stops the sweep as Ctrl+C does (main thread only); returns the previous handler."""
    def handle(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        flag.append(signum)
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, handle)
    except (ValueError, OSError, AttributeError):
        return None


def _restore_sigterm(previous) -> None:
    if previous is not None:
        try:
            signal.signal(signal.SIGTERM, previous)
        except (ValueError, OSError):
            pass


def _interrupted(args, outcomes, skipped, terminated: bool) -> int:
    from .core import sweep

    outcomes = [skipped.get(o.run.name, o) for o in outcomes] if outcomes else list(skipped.values())
    done = [o.run.name for o in outcomes if o.status in (sweep.FINISHED, sweep.SKIPPED, sweep.DIVERGED)]
    stopped = [o.run.name for o in outcomes if o.status in (sweep.INTERRUPTED, sweep.FAILED)]
    waiting = [o.run.name for o in outcomes if o.status == sweep.NOT_STARTED]
    parts = [f"sweep {'stopped by SIGTERM' if terminated else 'interrupted (Ctrl+C)'}",
             f"finished: {', '.join(done) if done else 'none'}"]
    if stopped:
        parts.append(f"stopped: {', '.join(stopped)} (their recordings keep the steps trained)")
    if waiting:
        parts.append(f"not started: {', '.join(waiting)}")
    if stopped or waiting:
        parts.append("to run the rest, remove the stopped runs' folders and run the same command again "
                     "(the finished runs are skipped)")
    print(f"mnist-viz: {'; '.join(parts)}", file=sys.stderr)
    return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED


class Report:
    """Progress on stderr: a line as each run starts and ends, and while they run a bar per run
    (on a terminal) or a line on the runs under way every 30 s; --json: a JSON line per run as it ends."""

    def __init__(self, as_json: bool, total: int) -> None:
        self.as_json, self.total = as_json, total
        self.done = 0
        self.tty = sys.stderr.isatty()
        self.under_way: dict = {}   # name -> (run, bar or None)
        self.slots: dict[str, int] = {}  # name -> the line of its bar (on a terminal)
        self.last_status = time.monotonic()

    def say(self, line: str) -> None:
        if self.tty and self.under_way:
            from tqdm import tqdm

            tqdm.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)

    def started(self, run) -> None:
        bar = None
        if self.tty:
            from tqdm import tqdm

            taken = set(self.slots.values())
            self.slots[run.name] = slot = next(k for k in range(len(taken) + 1) if k not in taken)
            bar = tqdm(total=None, desc=run.name, unit="step", position=slot, leave=False, file=sys.stderr,
                       dynamic_ncols=True, mininterval=0.5, postfix="starting")
        else:
            self.say(f"started {run.name}")
        self.under_way[run.name] = (run, bar)

    def finished(self, outcome) -> None:
        from .core import sweep

        self.done += 1
        run, bar = self.under_way.pop(outcome.run.name, (outcome.run, None))
        self.slots.pop(run.name, None)
        if bar is not None:
            bar.close()
        self.say(f"[{self.done}/{self.total}] {run.name}: {outcome_text(outcome)}")
        if self.as_json and outcome.status != sweep.NOT_STARTED:
            record = {"run": run.name, "status": outcome.status, "values": dict(run.values),
                      **(outcome.summary or {}), "recording": str(run.folder)}
            if outcome.message:
                record["message"] = outcome.message
            if outcome.seconds is not None:
                record["process_s"] = outcome.seconds
            if outcome.host:
                record["host"] = outcome.host
            print(json.dumps(record, default=str), flush=True)

    def tick(self) -> None:
        from .core import sweep

        if self.tty:
            for run, bar in self.under_way.values():
                steps, total, accuracy = sweep.progress(run)
                if total and bar.total != total:  # training started: the clock and rate from now on
                    bar.reset(total=total)
                    bar.set_postfix_str("", refresh=False)
                if steps > bar.n:
                    bar.update(steps - bar.n)
                if accuracy is not None:
                    bar.set_postfix({"test": f"{accuracy:.4f}"}, refresh=False)
            return
        if self.under_way and time.monotonic() - self.last_status >= STATUS_EVERY_S:
            self.last_status = time.monotonic()
            parts = []
            for run, _ in self.under_way.values():
                steps, total, accuracy = sweep.progress(run)
                parts.append((f"{run.name} {steps:,}/{total:,} steps" if total else f"{run.name} starting")
                             + (f" (test {accuracy:.2%})" if accuracy is not None else ""))
            self.say("under way: " + "; ".join(parts))

    def close(self) -> None:
        for _, bar in self.under_way.values():
            if bar is not None:
                bar.close()
        self.under_way.clear()
        self.slots.clear()


def outcome_text(outcome) -> str:
    """'test accuracy 91.23 %, 1,000 steps in 12.3 s', or how it ended."""
    from .core import sweep

    if outcome.status in (sweep.FINISHED, sweep.SKIPPED):
        accuracy = outcome.test_accuracy
        text = (f"test accuracy {accuracy:.2%}" if accuracy is not None else "no test accuracy") + (
            f", {outcome.steps:,} steps" if outcome.steps is not None else "")
        if outcome.wall_s is not None:
            text += f" in {outcome.wall_s:.1f} s"
        return text + (" (recorded before, skipped)" if outcome.status == sweep.SKIPPED else "")
    return f"{outcome.status}" + (f": {outcome.message}" if outcome.message else "")


def print_table(outcomes, seconds: float, record_dir: str) -> None:
    """The summary table on stdout: run, test accuracy, steps, seconds, status; then the best run."""
    from .core import sweep

    rows = [("run", "test accuracy", "steps", "seconds", "status")]
    for outcome in outcomes:
        accuracy = outcome.test_accuracy
        rows.append((outcome.run.name, f"{accuracy:.2%}" if accuracy is not None else "-",
                     f"{outcome.steps:,}" if outcome.steps is not None else "-",
                     f"{outcome.wall_s:.1f}" if outcome.wall_s is not None else "-",
                     outcome.status + (f": {outcome.message}" if outcome.message and outcome.status not in
                                       (sweep.FINISHED, sweep.SKIPPED) else "")))
    widths = [max(len(row[k]) for row in rows) for k in range(4)]
    for row in rows:
        print("  ".join([row[0].ljust(widths[0])] + [row[k].rjust(widths[k]) for k in (1, 2, 3)] + [row[4]]).rstrip())
    scored = [o for o in outcomes if o.test_accuracy is not None and o.status in (sweep.FINISHED, sweep.SKIPPED)]
    finished = sum(o.status in (sweep.FINISHED, sweep.SKIPPED) for o in outcomes)
    line = f"{finished} of {len(outcomes)} runs finished in {seconds:.1f} s"
    if len(scored) > 1:
        best = max(scored, key=lambda o: o.test_accuracy)
        line += f"; best: {best.run.name} ({best.test_accuracy:.2%})"
    print(line)
    print(f"compare them: File > Runs... on {record_dir} (or mnist-viz open {record_dir}/<name> to replay one)")
