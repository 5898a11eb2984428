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
      "dataset": "mnist" | "fashion-mnist" | "kmnist",   # absent in older files: MNIST
    }

Compact storage (still version 1): ``save(..., compact=True)`` stores every float tensor of
at least ``COMPACT_MIN_ELEMENTS`` values as int8 with one float32 scale per row (the first
dimension; scale = largest magnitude in the row / 127), under an extra key, and leaves the
rest in ``"state_dict"``::

      "quantized": {parameter name: {"int8": int8 tensor (original shape),
                                     "scale": float32 tensor (rows,),
                                     "dtype": "torch.float32"}},

``load`` turns them back into float tensors, so callers never see the difference. This is
what keeps the shipped CNN (3.3 M parameters, 13 MB as float32) near 3.4 MB; its test
accuracy moves by far less than 0.1 point (checked by ``scripts/make_pretrained.py``).
A compact file is still a plain dict of tensors and strings, loadable with
``torch.load(weights_only=True)``. Readers from before compact storage see missing weights
and say so instead of loading a broken model.

Saving writes a temporary file in the same folder and renames it over the target, so a
crash mid-save leaves the previous file intact. Loading uses
``torch.load(weights_only=True)``: a file that tries to run code while being unpickled
is refused, not executed.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import resources
from . import resources
from .config import MODEL_CHOICES, TrainConfig

if TYPE_CHECKING:  # imported where used: the window is built before torch is loaded
    import torch

    from .models import Model

FORMAT = "mnist-viz-checkpoint"
FORMAT_VERSION = 1
COMPACT_MIN_ELEMENTS = 65_536  # only big matrices are worth quantising (the CNN's fc1: 3.2 M)


class CheckpointError(Exception):
    """A checkpoint could not be written or read. The message says what to do."""


@dataclass(frozen=True)
class Checkpoint:
    model_name: str
    state_dict: dict
    config: dict = field(default_factory=dict)
    step: int = 0
    metrics: dict = field(default_factory=dict)
    #: The data set it was trained on (a key of core.datasets.DATASETS).
    dataset: str = "mnist"

    def build(self) -> Model:
        """A model (in eval mode, on the CPU) carrying these weights."""
        from .models import build_model

        keep_prob = float(self.config.get("keep_prob", 0.5))
        model = build_model(self.model_name, keep_prob=keep_prob)
        try:
            model.load_state_dict(self.state_dict)
        except RuntimeError as err:
            raise CheckpointError(f"the weights do not fit the {self.model_name} model: "
                                  f"{str(err).splitlines()[0]}") from err
        return model.eval()


def quantize(tensor: torch.Tensor) -> dict:
    """int8 values with one float32 scale per row (first dimension): {"int8", "scale", "dtype"}."""
    import torch

    rows = tensor.detach().cpu().to(torch.float32).reshape(tensor.shape[0], -1)
    scale = rows.abs().amax(dim=1) / 127.0
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    values = torch.round(rows / scale[:, None]).clamp_(-127, 127).to(torch.int8)
    return {"int8": values.reshape(tensor.shape).clone(), "scale": scale.clone(), "dtype": str(tensor.dtype)}


def dequantize(entry: dict) -> torch.Tensor:
    """The float32 tensor that :func:`quantize` stored."""
    import torch

    values, scale = entry["int8"], entry["scale"]
    if not (isinstance(values, torch.Tensor) and isinstance(scale, torch.Tensor)):
        raise TypeError("int8 values and scales must be tensors")
    rows = values.reshape(values.shape[0], -1).to(torch.float32) * scale.to(torch.float32)[:, None]
    return rows.reshape(values.shape)


def save(path: str | os.PathLike[str], model: Model, config: TrainConfig | dict | None = None,
         step: int = 0, metrics: dict | None = None, compact: bool = False, dataset: str = "mnist") -> Path:
    """Write a checkpoint atomically (temporary file, then rename).

    ``dataset`` records what it was trained on, so that it is not later asked about another.

    ``compact=True`` stores large float tensors as int8 with per-row scales (see above).
    """
    import torch

    path = Path(path)
    if isinstance(config, TrainConfig):
        config = config.to_dict()
    state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    quantized = {}
    if compact:
        for name, tensor in list(state.items()):
            if tensor.is_floating_point() and tensor.dim() >= 2 and tensor.numel() >= COMPACT_MIN_ELEMENTS:
                quantized[name] = quantize(state.pop(name))
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model": model.name,
        "config": dict(config or {}),
        "step": int(step),
        "metrics": {k: float(v) for k, v in (metrics or {}).items()},
        "state_dict": state,
        "dataset": str(dataset),
    }
    if quantized:
        payload["quantized"] = quantized
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


def load(path: str | os.PathLike[str], expect_model: str | None = None,
         expect_dataset: str | None = None) -> Checkpoint:
    """Read and check a checkpoint; never runs code from the file.

    ``expect_dataset``: refuse a checkpoint trained on another data set (its ten outputs
    would mean other classes).
    """
    import torch

    path = Path(path)
    if not path.exists():
        raise CheckpointError(f"{path} does not exist; check the path")
    if path.is_dir():
        raise CheckpointError(f"{path} is a folder, not a checkpoint file")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as err:
        if "Unsupported global" not in str(err):  # garbage bytes, not a foreign object
            raise CheckpointError(f"{path} is not a readable checkpoint (corrupt or not a PyTorch file); "
                                  "save it again or choose another file") from err
        raise CheckpointError(f"{path} was refused: it holds objects other than weights (it may try to "
                              "run code when loaded). Only load checkpoints saved by mnist-viz.") from err
    except Exception as err:  # noqa: BLE001 - torch.load fails on garbage in many ways (KeyError, ...)
        first_line = str(err).splitlines()[0] if str(err) else ""
        raise CheckpointError(f"{path} is not a readable checkpoint (corrupt or truncated: "
                              f"{type(err).__name__}{': ' + first_line if first_line else ''}); "
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
    quantized = payload.get("quantized") or {}
    if quantized:
        try:
            state = {**state, **{key: dequantize(entry) for key, entry in quantized.items()}}
        except (KeyError, TypeError, AttributeError, RuntimeError) as err:
            raise CheckpointError(f"{path} has damaged compact weights ({err}); save it again") from err
    dataset = str(payload.get("dataset") or "mnist")
    if expect_dataset is not None and dataset != expect_dataset:
        from .datasets import DATASETS

        trained, wanted = (DATASETS[key].name if key in DATASETS else key for key in (dataset, expect_dataset))
        raise CheckpointError(f"{path} was trained on {trained}, but {wanted} is in use: its ten answers "
                              f"are {trained} classes; choose a checkpoint trained on {wanted}, or switch "
                              f"the data set to {trained}")
    return Checkpoint(model_name=name, state_dict=state, config=dict(payload.get("config") or {}),
                      step=int(payload.get("step") or 0), metrics=dict(payload.get("metrics") or {}),
                      dataset=dataset)


def load_model(path: str | os.PathLike[str], expect_model: str | None = None,
               expect_dataset: str | None = None) -> tuple[Model, Checkpoint]:
    checkpoint = load(path, expect_model, expect_dataset)
    return checkpoint.build(), checkpoint


RESOURCES = resources.root()  # resources/ of the checkout, or mnist_viz/resources/ when installed


def pretrained_path(model_name: str) -> Path:
    """The checkpoint shipped with mnist-viz for ``model_name``."""
    return RESOURCES / "pretrained" / f"{model_name}.pt"
