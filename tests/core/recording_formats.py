"""Turning a recording of one format into the other, as the format's documentation describes
them (tests/core/test_recording_v2.py replays both; the hostile tests damage the result).

Format 1: one ``metrics.npz`` (``"metrics": "metrics.npz"`` in the manifest). Format 2:
``metrics-000000.npz``, ... listed in ``"metric_files"`` with their step and evaluation
counts, each with the same arrays as metrics.npz for its own steps and evaluations.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

STEP_KEYS = ("step", "epoch", "loss", "batch_accuracy", "learning_rate", "samples_per_s", "elapsed_s")
EVAL_KEYS = ("eval_step", "eval_test_accuracy", "eval_test_loss", "eval_seconds", "eval_confusion")
PIECES = ("eval_predictions", "eval_misclassified")


def load(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as npz:
        return {key: npz[key] for key in npz.files}


def save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    with open(path, "wb") as file:
        np.savez_compressed(file, **arrays)


def _pieces(arrays: dict, key: str) -> list[np.ndarray]:
    offsets = arrays[f"{key}_offsets"]
    return [arrays[key][offsets[k]:offsets[k + 1]] for k in range(len(offsets) - 1)]


def _join(parts: list[dict]) -> dict[str, np.ndarray]:
    out = {key: np.concatenate([p[key] for p in parts]) for key in STEP_KEYS + EVAL_KEYS}
    for key in PIECES:
        pieces = [piece for p in parts for piece in _pieces(p, key)]
        out[key] = np.concatenate(pieces) if pieces else parts[0][key][:0]
        out[f"{key}_offsets"] = np.cumsum([0] + [len(p) for p in pieces]).astype(np.int64)
    return out


def _cut(arrays: dict, steps: slice, evals: slice) -> dict[str, np.ndarray]:
    out = {key: arrays[key][steps] for key in STEP_KEYS}
    out.update({key: arrays[key][evals] for key in EVAL_KEYS})
    for key in PIECES:
        pieces = _pieces(arrays, key)[evals]
        out[key] = np.concatenate(pieces) if pieces else arrays[key][:0]
        out[f"{key}_offsets"] = np.cumsum([0] + [len(p) for p in pieces]).astype(np.int64)
    return out


def to_v1(v2: Path, out: Path) -> Path:
    """A format-1 copy of the format-2 recording ``v2``: the metrics files joined into metrics.npz."""
    manifest = json.loads((v2 / "manifest.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True)
    for chunk in manifest["chunks"]:
        shutil.copy(v2 / chunk["file"], out / chunk["file"])
    parts = [_cut(load(v2 / entry["file"]), slice(0, entry["steps"]), slice(0, entry["evaluations"]))
             for entry in manifest["metric_files"]]
    save(out / "metrics.npz", _join(parts))
    del manifest["metric_files"]
    manifest.update(format_version=1, metrics="metrics.npz")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return out


def to_v2(v1: Path, out: Path, files: int = 3) -> Path:
    """A format-2 copy of the format-1 recording ``v1``: metrics.npz cut into ``files`` files."""
    manifest = json.loads((v1 / "manifest.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True)
    for chunk in manifest["chunks"]:
        shutil.copy(v1 / chunk["file"], out / chunk["file"])
    arrays = load(v1 / manifest.get("metrics", "metrics.npz"))
    steps, evals = len(arrays["step"]), len(arrays["eval_step"])
    listed = []
    for k in range(files):
        rows = slice(steps * k // files, steps * (k + 1) // files)
        evaluations = slice(evals * k // files, evals * (k + 1) // files)
        name = f"metrics-{k:06d}.npz"
        save(out / name, _cut(arrays, rows, evaluations))
        listed.append({"file": name, "steps": rows.stop - rows.start, "evaluations": evaluations.stop - evaluations.start,
                       "bytes": (out / name).stat().st_size})
    manifest.pop("metrics", None)
    manifest.update(format_version=2, metric_files=listed)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return out
