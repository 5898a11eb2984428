"""A recording's metrics, read without trusting them, and kept as they grow.

:func:`read_metrics_file` reads one metrics file (format 1's ``metrics.npz``, or one of
format 2's ``metrics-NNNNNN.npz``) with every array checked. :class:`MetricColumns` holds
the metrics of every file read so far in arrays that grow in place (a refresh that finds
100 new steps copies 100 steps, not the whole run) and hands out read-only views.

No Qt in this module.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .format import (_EDITED, EVAL_FIELDS, MAX_EVAL_ITEMS, MAX_EVALUATIONS, MAX_METRIC_STEPS, MAX_STEP, STEP_FIELDS,
                     RecordingError)
from .validate import _check_increasing, _check_range, _npz, _read_array, _Spec

#: The keys of the predictions and misclassified indices, each with ``<key>_offsets``.
PIECES = ("eval_predictions", "eval_misclassified")


def read_metrics_file(real: Path, path: Path, budget: list[int]) -> dict[str, np.ndarray]:
    """A metrics file's arrays, their shapes checked against each other and their values against
    what a run can record. The loss (and test loss) may be NaN or infinite: a run that
    diverged records that, and the replay shows it as the live run did. ``budget``: a
    one-item list of the bytes the arrays may still take, decreased by theirs."""
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
        for key, top in zip(PIECES, (9, MAX_STEP)):
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


def listed_part(arrays: dict[str, np.ndarray], steps: int, evaluations: int, path: Path,
                manifest: Path) -> dict[str, np.ndarray]:
    """The first ``steps`` steps and ``evaluations`` evaluations of a format-2 metrics file, as
    the manifest lists it (the file may already hold more: it is rewritten as the run goes on;
    fewer: it has not arrived yet, a copy or a sync under way)."""
    have = len(arrays.get("step", ()))
    have_evals = len(arrays.get("eval_step", ()))
    if have < steps or have_evals < evaluations:
        raise RecordingError(f"{path} holds {_count(have, 'step')} and {_count(have_evals, 'evaluation')}, but "
                             f"{manifest.name} lists {steps:,} and {evaluations:,}: it has not been brought up to "
                             "date (a copy or a sync still under way); copy the whole folder again")
    for name in STEP_FIELDS if steps else ():
        if name not in arrays:
            raise RecordingError(f"{path} lacks {name} (it has {have:,} steps); {_EDITED}")
    needed = [f"eval_{name}" for name in EVAL_FIELDS] + ["eval_confusion"]
    needed += [key + suffix for key in PIECES for suffix in ("", "_offsets")]
    for name in needed if evaluations else ():
        if name not in arrays:
            raise RecordingError(f"{path} lacks {name} (it has {have_evals:,} evaluations); {_EDITED}")
    out = {}
    for name, values in arrays.items():
        if name in STEP_FIELDS:
            out[name] = values[:steps]
        elif name.endswith("_offsets"):
            out[name] = values[:evaluations + 1]
        elif name in PIECES:
            out[name] = values[:int(arrays[f"{name}_offsets"][evaluations])]
        else:
            out[name] = values[:evaluations]
    return out


def follows(last_step: int | None, last_eval: int | None, arrays: dict[str, np.ndarray], path: Path) -> None:
    """RecordingError unless a metrics file's steps come after ``last_step`` and its evaluations
    not before ``last_eval`` (those of the file before)."""
    steps, evals = arrays.get("step"), arrays.get("eval_step")
    if steps is not None and len(steps) and last_step is not None and last_step >= int(steps[0]):
        raise RecordingError(f"{path} starts at step {int(steps[0]):,}, not after the step {last_step:,} of the "
                             f"metrics file before; {_EDITED}")
    if evals is not None and len(evals) and last_eval is not None and last_eval > int(evals[0]):
        raise RecordingError(f"{path} starts with an evaluation at step {int(evals[0]):,}, before the one at "
                             f"{last_eval:,} of the file before; {_EDITED}")


def last_of(arrays: dict[str, np.ndarray], last_step: int | None, last_eval: int | None) -> tuple[int | None, int | None]:
    """The last step and evaluation step once ``arrays`` follow those."""
    steps, evals = arrays.get("step"), arrays.get("eval_step")
    return (int(steps[-1]) if steps is not None and len(steps) else last_step,
            int(evals[-1]) if evals is not None and len(evals) else last_eval)


def _count(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class _Column:
    """A numpy array that grows in place (doubling), with a read-only view of what it holds."""

    def __init__(self, dtype, shape: tuple[int, ...] = ()) -> None:
        self.data = np.zeros((0, *shape), dtype)
        self.count = 0

    def put(self, start: int, values: np.ndarray) -> None:
        """Keep the first ``start`` entries, then ``values``."""
        end = start + len(values)
        if end > len(self.data):
            grown = np.empty((max(end, 2 * len(self.data), 256), *self.data.shape[1:]), self.data.dtype)
            grown[:start] = self.data[:start]
            self.data = grown
        self.data[start:end] = values
        self.count = end

    def view(self) -> np.ndarray:
        view = self.data[:self.count]
        view.flags.writeable = False
        return view


class MetricColumns:
    """Every step's and every evaluation's metrics from the files read so far, in file order."""

    def __init__(self) -> None:
        self.columns: dict[str, _Column] = {}
        self.pieces: dict[str, list[np.ndarray]] = {key: [] for key in PIECES}
        self.steps = self.evaluations = 0

    def put(self, row: int, evaluation: int, arrays: dict[str, np.ndarray]) -> None:
        """Keep ``row`` steps and ``evaluation`` evaluations, then add a file's ``arrays`` (as
        :func:`read_metrics_file` or :func:`listed_part` gave them, checked by :func:`follows`)."""
        steps, evals = arrays.get("step"), arrays.get("eval_step")
        new_steps = 0 if steps is None else len(steps)
        new_evals = 0 if evals is None else len(evals)
        for name, values in arrays.items():
            if name in PIECES or name.endswith("_offsets"):
                continue
            start = row if name in STEP_FIELDS else evaluation
            column = self.columns.get(name)
            if column is None:
                column = self.columns[name] = _Column(values.dtype, values.shape[1:])
            column.put(start, values)
        for key, pieces in self.pieces.items():
            del pieces[evaluation:]
            values, offsets = arrays.get(key), arrays.get(f"{key}_offsets")
            if values is not None and offsets is not None:
                pieces.extend(values[int(offsets[k]):int(offsets[k + 1])] for k in range(len(offsets) - 1))
        self.steps, self.evaluations = row + new_steps, evaluation + new_evals
        for name, column in self.columns.items():  # a field this file lacks stops where it was
            column.count = min(column.count, self.steps if name in STEP_FIELDS else self.evaluations)

    def ends(self, row: int, evaluation: int) -> tuple[int | None, int | None]:
        """The step of row ``row - 1`` and of evaluation ``evaluation - 1`` (None: none)."""
        step, evals = self.columns.get("step"), self.columns.get("eval_step")
        return (int(step.data[row - 1]) if row and step is not None and step.count >= row else None,
                int(evals.data[evaluation - 1]) if evaluation and evals is not None and evals.count >= evaluation
                else None)

    def metrics(self) -> dict[str, np.ndarray]:
        """Every step field (empty before the first step); a field a format-1 file lacks is left out."""
        return {name: self._view(name, self.steps) for name in STEP_FIELDS if name in self.columns or not self.steps}

    def evaluation_fields(self) -> dict[str, np.ndarray]:
        return {name: self._view(f"eval_{name}", self.evaluations) for name in EVAL_FIELDS
                if f"eval_{name}" in self.columns or not self.evaluations}

    def _view(self, name: str, count: int) -> np.ndarray:
        column = self.columns.get(name)
        if column is not None:
            return column.view()
        empty = np.zeros(0, np.int64 if name in ("step", "eval_step") else np.float64)
        empty.flags.writeable = False
        return empty

    def confusion(self) -> np.ndarray | None:
        column = self.columns.get("eval_confusion")
        return None if column is None else column.view()

    def piece(self, key: str, k: int) -> np.ndarray | None:
        pieces = self.pieces[key]
        return pieces[k] if k < len(pieces) else None
