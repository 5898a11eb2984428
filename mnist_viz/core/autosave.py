"""Autosave: the last weights of every run, kept in the user data folder.

When a run in the window finishes, is stopped, or is cut short by closing the window, the
window writes its model here (``gui/controllers/model_files.py``); ``mnist-viz train``
keeps its model here when the checkpoint it was asked for cannot be written. Files are
written through ``core.checkpoints.save`` (a temporary file, then a rename, so a crash
never leaves half a checkpoint). The file name says what it holds::

    <user data folder>/autosave/softmax-tutorial-softmax-step1000-20261128-214501.pt

Only the newest ``KEEP`` files are kept; older ones are deleted. ``MNIST_VIZ_AUTOSAVE_DIR``
overrides the folder (tests use it). No Qt in this module.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from . import checkpoints, networks
from .config import TrainConfig

AUTOSAVE_ENV = "MNIST_VIZ_AUTOSAVE_DIR"
KEEP = 10
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def autosave_dir() -> Path:
    """$MNIST_VIZ_AUTOSAVE_DIR, else ``<user data folder>/autosave`` (platformdirs)."""
    override = os.environ.get(AUTOSAVE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("mnist-viz", appauthor=False)) / "autosave"


def autosave_name(config: TrainConfig, step: int, when: float | None = None) -> str:
    """``<model>-<preset>-step<N>-<YYYYmmdd-HHMMSS>.pt`` (characters a file system dislikes dropped;
    a network other than the tutorial two is ``net-`` and 8 hex digits of its architecture,
    which the checkpoint holds in full)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if when is None else when))
    preset = _UNSAFE.sub("_", config.preset)[:64] or "custom"
    return f"{networks.file_name(config.model)}-{preset}-step{int(step)}-{stamp}.pt"


def autosaves(folder: Path | None = None) -> list[Path]:
    """The autosaved checkpoints in ``folder``, oldest first."""
    folder = autosave_dir() if folder is None else Path(folder)
    try:
        files = [path for path in folder.glob("*.pt") if path.is_file()]
        return sorted(files, key=lambda path: (path.stat().st_mtime, path.name))
    except OSError:
        return []


def autosave(state: dict, config: TrainConfig, step: int, metrics: dict | None = None,
             dataset: str = "mnist", folder: Path | None = None, keep: int = KEEP) -> Path:
    """Write the weights ``state`` (a state dict) as a checkpoint; keep the newest ``keep`` files.

    Raises ``checkpoints.CheckpointError`` (with a readable message) if it cannot be written.
    """
    folder = autosave_dir() if folder is None else Path(folder)
    from .builder import build_model  # torch: loaded after the window is shown

    model = build_model(config.model, keep_prob=config.keep_prob)
    model.load_state_dict(state)
    path = folder / autosave_name(config, step)
    if path.exists():  # two saves within one second: do not overwrite the first
        path = path.with_name(f"{path.stem}-{time.monotonic_ns() % 1_000_000}.pt")
    checkpoints.save(path, model, config, step=step, metrics=metrics, dataset=dataset)
    prune(folder, keep)
    return path


def prune(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` checkpoints in ``folder``; returns the deleted ones."""
    files = autosaves(folder)
    doomed = files[:max(0, len(files) - keep)]
    for path in doomed:
        try:
            path.unlink()
        except OSError:
            pass  # in use or already gone: try again next time
    return doomed
