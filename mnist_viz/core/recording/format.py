"""The recording format's names, limits and shared helpers: what the writer and the reader agree on.

See the package's docstring (``mnist_viz.core.recording``) and ``docs/recording-format.md``.
No Qt in this module.
"""

from __future__ import annotations

import json
import math
import os
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .. import atomic, networks
from .. import stats
from ..stats import PART as DISTRIBUTIONS

FORMAT = "mnist-viz-recording"
#: 2: the metrics are in files ``metrics-000000.npz``, ... listed by the manifest's
#: ``metric_files`` (1: one ``metrics.npz`` rewritten whole at each flush; still read).
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
#: Format 1's single metrics file.
METRICS = "metrics.npz"
#: Format 2's metrics files: the last one is rewritten at each flush until it holds about
#: METRIC_FILE_BYTES of arrays, then the next one starts (so a flush costs what is new,
#: at most that much more, however long the run).
METRIC_FILE = "metrics-{:06d}.npz"
METRIC_FILE_BYTES = 512 * 2**10
#: Snapshots per chunk file: a chunk is written when this many wait (or FLUSH_SECONDS passed).
SNAPSHOTS_PER_CHUNK = 20
#: The writer puts everything recorded on disk at most this many seconds after it happened.
FLUSH_SECONDS = 2.0
#: While a run is going on, the writer rewrites the manifest (its "updated" time) at least
#: this often, also when nothing new happened (a long evaluation): a reader can tell a
#: slow run from a writer that is gone.
HEARTBEAT_SECONDS = 10.0
#: A reader following a run calls it stalled after this many seconds without a write
#: (three missed heartbeats).
STALL_SECONDS = 30.0
#: Metric arrays kept for every step, in the metrics files.
STEP_FIELDS = ("step", "epoch", "loss", "batch_accuracy", "learning_rate", "samples_per_s", "elapsed_s")
#: Metric arrays kept for every evaluation (metrics.npz keys start with ``eval_``).
EVAL_FIELDS = ("step", "test_accuracy", "test_loss", "seconds")
#: Stored in a chunk next to a snapshot's parts: [probe label, probe test index], -1 for none.
PROBE_KEY = "_probe"


class RecordingError(Exception):
    """A recording cannot be written or read. The message names the folder or file and says
    how to fix it."""


def default_parts(model: str) -> tuple[str, ...]:
    """Every weight part and every activation part of the model (any model identifier, see
    ``core.networks``), and the distributions statistics."""
    try:
        parts = networks.weight_parts(model) + networks.activation_parts(model)
    except ValueError as err:
        raise RecordingError(f"cannot record the model {_short(model)}: {' '.join(str(err).split())}") from None
    return parts + (DISTRIBUTIONS,)


def part_shapes(model: str) -> dict[str, tuple[int, ...]]:
    """The shape of each snapshot part of ``model`` for one probe image (:data:`PART_SHAPES`
    for the tutorial models, the architecture's description for any other)."""
    shapes = PART_SHAPES.get(model)
    return dict(shapes) if shapes is not None else networks.part_shapes(model)


def dist_layers(model: str) -> tuple[str, ...]:
    """The layers whose distributions core.stats records for ``model`` (``dist/<layer>/...``):
    for a LayerNet its conv, fc and bn layers (weights) and its activation layers (dead or
    saturated fractions), as ``stats.statistics_layers`` names them."""
    layers = DIST_LAYERS.get(model)
    if layers is not None:
        return layers
    weights, activations = stats.statistics_layers(model)
    return tuple(dict.fromkeys((*weights, *activations)))


def _short(text: object) -> str:
    text = repr(text)
    return text if len(text) <= ECHO else text[:ECHO // 2] + "…" + text[-(ECHO // 2 - 1):]


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
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def manifest_text(manifest: dict) -> str:
    """The manifest as JSON: one key per line, and one line per entry of the lists that grow
    (chunks, metric files, evaluations), so that it stays small and readable."""
    lines = []
    for key, value in manifest.items():
        name = json.dumps(key)
        if isinstance(value, list) and value and all(isinstance(entry, dict) for entry in value):
            entries = ",\n  ".join(_dumps(entry) for entry in value)
            lines.append(f"{name}: [\n  {entries}\n ]")
        else:
            lines.append(f"{name}: {_dumps(value)}")
    return "{\n " + ",\n ".join(lines) + "\n}\n"


def _dumps(value) -> str:
    return json.dumps(value, allow_nan=False, default=_json_default, ensure_ascii=False)


def metric_arrays(rows: list[tuple], evals: list[tuple], confusions: list[np.ndarray],
                  pieces: dict[str, list[np.ndarray | None]]) -> dict[str, np.ndarray]:
    """The arrays of a metrics file (format 1's metrics.npz, format 2's metrics-NNNNNN.npz):
    one entry per step, one per evaluation; predictions and misclassified indices concatenated
    with offsets (evaluation k's are ``[offsets[k]:offsets[k+1]]``)."""
    columns = list(zip(*rows)) if rows else [()] * len(STEP_FIELDS)
    arrays: dict[str, np.ndarray] = {"step": np.asarray(columns[0], dtype=np.int64)}
    for name, values in zip(STEP_FIELDS[1:], columns[1:]):
        arrays[name] = np.asarray(values, dtype=np.float64)
    eval_columns = list(zip(*evals)) if evals else [()] * len(EVAL_FIELDS)
    arrays["eval_step"] = np.asarray(eval_columns[0], dtype=np.int64)
    for name, values in zip(EVAL_FIELDS[1:], eval_columns[1:]):
        arrays[f"eval_{name}"] = np.asarray(values, dtype=np.float64)
    arrays["eval_confusion"] = np.stack(confusions) if confusions else np.zeros((0, 10, 10), dtype=np.int64)
    for key, dtype in (("eval_predictions", np.uint8), ("eval_misclassified", np.int32)):
        parts = [np.zeros(0, dtype) if v is None else np.asarray(v, dtype).ravel() for v in pieces[key]]
        arrays[key] = np.concatenate(parts) if parts else np.zeros(0, dtype)
        arrays[f"{key}_offsets"] = np.cumsum([0] + [len(p) for p in parts]).astype(np.int64)
    return arrays



def _step_key(step: int) -> str:
    return f"s{step:06d}"


def _atomic_write(path: Path, write) -> None:
    """Call ``write(file)`` on a temporary file next to ``path``, then rename it over ``path``.

    core.atomic's writer: the file gets the user's usual permissions (not mkstemp's 0600: a
    recording is meant to be shared); a failure (a full disk) removes the temporary file.
    """
    atomic.write(path, write)


def _json_float(value: float) -> float | str:
    return value if math.isfinite(value) else str(value)


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in the manifest")


def _app_version() -> str:
    from ... import __version__

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
#: Metrics files listed by a format-2 manifest (a 10-million-step run needs about 1,200).
MAX_METRIC_FILES = 100_000
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
#: Longest architecture text read (model, arch, config.model): a few hundred layers.
MAX_ARCH_TEXT = 4000
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
