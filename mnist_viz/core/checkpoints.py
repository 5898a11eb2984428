"""Checkpoints: a model's weights plus what is needed to trust and reuse them.

Format (version 1), a ``torch.save`` of a plain dict of tensors, strings and numbers::

    {
      "format": "mnist-viz-checkpoint",
      "format_version": 1,
      "model": "softmax" | "cnn",
      "config": {...TrainConfig fields...},
      "step": int,
      "metrics": {"test_accuracy": float, ...},
      "state_dict": {parameter name: tensor},
    }

Saving writes a temporary file in the same folder and renames it over the target, so a
crash mid-save leaves the previous file intact. Loading uses
``torch.load(weights_only=True)``: a file that tries to run code while being unpickled
is refused, not executed.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import torch

from .models import MODEL_CHOICES, Model, build_model
from .training import TrainConfig

FORMAT = "mnist-viz-checkpoint"
FORMAT_VERSION = 1


class CheckpointError(Exception):
    """A checkpoint could not be written or read. The message says what to do."""


@dataclass(frozen=True)
class Checkpoint:
    model_name: str
    state_dict: dict
    config: dict = field(default_factory=dict)
    step: int = 0
    metrics: dict = field(default_factory=dict)

    def build(self) -> Model:
        """A model (in eval mode, on the CPU) carrying these weights."""
        keep_prob = float(self.config.get("keep_prob", 0.5))
        model = build_model(self.model_name, keep_prob=keep_prob)
        try:
            model.load_state_dict(self.state_dict)
        except RuntimeError as err:
            raise CheckpointError(f"the weights do not fit the {self.model_name} model: "
                                  f"{str(err).splitlines()[0]}") from err
        return model.eval()


def save(path: str | os.PathLike[str], model: Model, config: TrainConfig | dict | None = None,
         step: int = 0, metrics: dict | None = None) -> Path:
    """Write a checkpoint atomically (temporary file, then rename)."""
    path = Path(path)
    if isinstance(config, TrainConfig):
        config = config.to_dict()
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model": model.name,
        "config": dict(config or {}),
        "step": int(step),
        "metrics": {k: float(v) for k, v in (metrics or {}).items()},
        "state_dict": {k: v.detach().cpu().clone() for k, v in model.state_dict().items()},
    }
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise CheckpointError(f"cannot write {path}: {err.strerror or err}; choose a writable folder") from err
    try:
        with os.fdopen(handle, "wb") as stream:
            torch.save(payload, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp_name, path)
    except BaseException as err:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise CheckpointError(f"cannot write {path}: {err.strerror or err}") from err
        raise
    return path


def load(path: str | os.PathLike[str], expect_model: str | None = None) -> Checkpoint:
    """Read and check a checkpoint; never runs code from the file."""
    path = Path(path)
    if not path.exists():
        raise CheckpointError(f"{path} does not exist; check the path")
    if path.is_dir():
        raise CheckpointError(f"{path} is a folder, not a checkpoint file")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        raise CheckpointError(f"{path} was refused: it holds objects other than weights (it may try to "
                              "run code when loaded). Only load checkpoints saved by mnist-viz.") from err
    except (RuntimeError, EOFError, zipfile.BadZipFile, ValueError, OSError) as err:
        raise CheckpointError(f"{path} is not a readable checkpoint (corrupt or truncated: "
                              f"{str(err).splitlines()[0] if str(err) else type(err).__name__}); "
                              "save it again or choose another file") from err
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path} is a PyTorch file but not an mnist-viz checkpoint")
    version = payload.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise CheckpointError(f"{path} has checkpoint format version {version}, newer than this mnist-viz "
                              f"reads ({FORMAT_VERSION}); update mnist-viz")
    name = payload.get("model")
    if name not in MODEL_CHOICES:
        raise CheckpointError(f"{path} holds an unknown model {name!r}")
    if expect_model is not None and name != expect_model:
        raise CheckpointError(f"{path} holds a {name} model, but a {expect_model} model was asked for; "
                              f"choose a {expect_model} checkpoint or switch the model to {name}")
    state = payload.get("state_dict")
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise CheckpointError(f"{path} has no valid weights")
    return Checkpoint(model_name=name, state_dict=state, config=dict(payload.get("config") or {}),
                      step=int(payload.get("step") or 0), metrics=dict(payload.get("metrics") or {}))


def load_model(path: str | os.PathLike[str], expect_model: str | None = None) -> tuple[Model, Checkpoint]:
    checkpoint = load(path, expect_model)
    return checkpoint.build(), checkpoint


RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def pretrained_path(model_name: str) -> Path:
    """The checkpoint shipped with mnist-viz for ``model_name``."""
    return RESOURCES / "pretrained" / f"{model_name}.pt"
