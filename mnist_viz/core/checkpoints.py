"""Checkpoints: a model's weights plus what is needed to trust and reuse them.

Format (version 1), a ``torch.save`` of a plain dict of tensors, strings and numbers::

    {
      "format": "mnist-viz-checkpoint",
      "format_version": 1,
      "model": "softmax" | "cnn" | an architecture,   # the model identifier (core.networks)
      "arch": "fc-10" | "conv5x5-32,relu,..." | ...,  # its canonical architecture; absent in older files
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

Saving serialises in memory, then writes a temporary file in the same folder and renames
it over the target (``core.atomic``), so a crash or a full disk mid-save leaves the
previous file intact and no partial file; every failure is a one-line CheckpointError.

A checkpoint is a file from elsewhere (shared, downloaded, damaged): loading trusts
nothing in it. Before torch sees it, the file must be a regular file of at most
``MAX_FILE_BYTES``, a zip archive holding a PyTorch ``data.pkl`` whose members declare at
most ``MAX_CONTENT_BYTES`` in all (a small deflated file cannot make torch allocate
gigabytes); files in other formats (plain pickles, torch's pre-1.6 format) are refused,
and one whose pickle would build objects is refused as trying to run code. Then
``torch.load(weights_only=True)`` (never ``weights_only=False``), and every field is
checked for its type and range: ``format_version`` an int, ``model`` a known model (softmax,
cnn, or an architecture that fits the data set; ``arch``, when present, the same network),
``dataset`` a known data set, ``step`` an int in 0..2**31-1, ``config`` a dict whose known
fields have the type and range of ``TrainConfig`` (unknown ones, from a newer writer,
are ignored), ``metrics`` a dict of numbers (accuracy in 0..1; values that are not finite
are dropped), and the weights: every tensor the model has, with its shape, floating
point (batch norm's step count: whole numbers), on the CPU, dense, and finite (NaN or infinite values are refused, naming the
tensor and how many). Values from the file quoted in a message are cut to about
``ECHO`` characters. Any problem is one CheckpointError line naming the file.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import io
import math
import os
import pickle
import pickletools
import reprlib
import stat
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import atomic, networks, resources
from .config import MODEL_CHOICES, TrainConfig

if TYPE_CHECKING:  # imported where used: the window is built before torch is loaded
    import torch

    from .builder import Model

FORMAT = "mnist-viz-checkpoint"
FORMAT_VERSION = 1
COMPACT_MIN_ELEMENTS = 65_536  # only big matrices are worth quantising (the CNN's fc1: 3.2 M)
#: The largest checkpoint file read (the float32 CNN is 13 MB, a float64 one 26 MB).
MAX_FILE_BYTES = 256 * 2**20
#: What the members of a checkpoint's zip may declare, uncompressed, in all: torch allocates it.
MAX_CONTENT_BYTES = 256 * 2**20
#: The pickle (data.pkl) holds names, numbers and settings; the weights are other members.
MAX_PICKLE_BYTES = 4 * 2**20
MAX_MEMBERS = 10_000
#: Steps are numbers a Qt widget can hold (as in recordings).
MAX_STEP = 2**31 - 1
#: Longest text setting read from a checkpoint's configuration.
MAX_TEXT = 200
#: Longest architecture text read (its model and arch fields): a few hundred layers.
MAX_ARCH_TEXT = 4000
#: Values from a file quoted in a message are cut to about this many characters.
ECHO = 80


class CheckpointError(Exception):
    """A checkpoint could not be written or read. The message (one line) says what to do."""


def _echo(value: object) -> str:
    """``value`` quoted for a message: one line, cut to about ECHO characters."""
    if isinstance(value, str):  # the middle goes: the start and end of a name say the most
        return repr(value if len(value) <= ECHO else value[:ECHO // 2] + "…" + value[-(ECHO // 2 - 1):])
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of {value.bit_length():,} bits"  # str() of a huge int is slow, or refused
    try:
        text = _REPR.repr(value)
    except Exception:  # noqa: BLE001 - a foreign object's repr may fail: say what it is
        text = f"a {type(value).__name__}"
    text = " ".join(text.split())
    return text if len(text) <= ECHO else text[:ECHO - 1] + "…"


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = ECHO
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3


_KINDS = {"str": "a text", "int": "a whole number", "float": "a number", "bool": "a true/false value",
          "NoneType": "nothing", "list": "a list", "tuple": "a tuple", "dict": "a dict", "OrderedDict": "a dict",
          "bytes": "bytes", "Tensor": "a tensor", "Parameter": "a tensor", "set": "a set", "complex": "a complex number"}


def _kind(value: object) -> str:
    """'a text', 'a list', ... for a message."""
    name = type(value).__name__
    return _KINDS.get(name, f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}")


def _arch_line(err: BaseException) -> str:
    """An architecture's problem (core.arch: one line naming the layer and the fix), kept whole
    up to 3 x ECHO characters."""
    text = " ".join(str(err).split())
    return text if len(text) <= 3 * ECHO else text[:3 * ECHO - 1] + "…"


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= ECHO else line[:ECHO - 1] + "…"


def _shape(shape) -> str:
    text = str(tuple(shape))
    return text if len(text) <= ECHO else text[:ECHO - 1] + "…"


@dataclass(frozen=True)
class Checkpoint:
    model_name: str
    state_dict: dict
    config: dict = field(default_factory=dict)
    step: int = 0
    metrics: dict = field(default_factory=dict)
    #: The data set it was trained on (a key of core.datasets.DATASETS).
    dataset: str = "mnist"
    #: The file it was read from ("" when built otherwise), for messages.
    source: str = ""

    @property
    def arch(self) -> str:
        """The network's architecture text ("fc-10" for softmax regression)."""
        return networks.architecture(self.model_name)

    def build(self) -> Model:
        """A model (in eval mode, on the CPU) carrying these weights."""
        from .builder import build_model

        keep_prob = self.config.get("keep_prob", 0.5)
        if keep_prob is not None and not (isinstance(keep_prob, (int, float)) and not isinstance(keep_prob, bool)
                                          and 0.0 < float(keep_prob) <= 1.0):
            keep_prob = 0.5  # load() checked it; a Checkpoint built by hand may hold anything
        try:
            model = build_model(self.model_name, keep_prob=None if keep_prob is None else float(keep_prob))
        except ValueError as err:  # a Checkpoint built by hand with a bad architecture
            raise CheckpointError(f"{self.source + ': ' if self.source else ''}{_arch_line(err)}") from None
        where = f"{self.source}: " if self.source else ""
        problem = _weights_problem(self.model_name, self.state_dict)
        if problem:
            raise CheckpointError(f"{where}the weights do not fit the {self.model_name} model: {problem}")
        try:
            model.load_state_dict(self.state_dict)
        except (RuntimeError, TypeError, ValueError) as err:
            raise CheckpointError(f"{where}the weights do not fit the {self.model_name} model: "
                                  f"{_first_line(err)}") from None
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
    """The float32 tensor that :func:`quantize` stored (TypeError/ValueError if it is damaged)."""
    import torch

    if not isinstance(entry, dict):
        raise TypeError(f"an entry is {_kind(entry)}, not a dict of int8 values and scales")
    for key in ("int8", "scale"):
        if key not in entry:
            raise TypeError(f"the {key} part is missing")
    values, scale = entry["int8"], entry["scale"]
    if not (isinstance(values, torch.Tensor) and isinstance(scale, torch.Tensor)):
        raise TypeError("int8 values and scales must be tensors")
    if values.dtype != torch.int8 or values.dim() < 1 or values.layout != torch.strided:
        raise TypeError(f"the values are {values.dtype} of {values.dim()} dimensions, not int8 rows")
    if not scale.is_floating_point() or scale.dim() != 1 or scale.shape[0] != values.shape[0]:
        raise ValueError(f"{values.shape[0]:,} rows of values have scales of the shape {_shape(scale.shape)}")
    rows = values.reshape(values.shape[0], -1).to(torch.float32) * scale.to(torch.float32)[:, None]
    return rows.reshape(values.shape)


def check_destination(path: str | os.PathLike[str]) -> Path:
    """Raise CheckpointError (one line) unless a checkpoint can be written at ``path``:
    called before training, so that a bad path never costs a run (see core.atomic)."""
    try:
        return atomic.check_destination(path, create_folders=True)
    except atomic.DestinationError as err:
        raise CheckpointError(str(err)) from None


def save(path: str | os.PathLike[str], model: Model, config: TrainConfig | dict | None = None,
         step: int = 0, metrics: dict | None = None, compact: bool = False, dataset: str = "mnist") -> Path:
    """Write a checkpoint atomically (serialised in memory, a temporary file, then a rename).

    ``dataset`` records what it was trained on, so that it is not later asked about another.
    The model is saved under its identifier ("softmax", "cnn" or its architecture) with its
    architecture's text beside it (``"arch"``).
    ``compact=True`` stores large float tensors as int8 with per-row scales (see above).
    Every failure (a bad place, a full disk, torch failing to serialise) is a one-line
    CheckpointError, and leaves neither a partial file nor a temporary one.
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
    try:
        model_name = networks.model_id(model.name, dataset)
    except ValueError as err:
        raise CheckpointError(f"cannot write {path}: {_arch_line(err)}") from None
    payload = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model": model_name,
        "arch": networks.architecture(model_name),
        "config": dict(config or {}),
        "step": int(step),
        "metrics": {k: float(v) for k, v in (metrics or {}).items()},
        "state_dict": state,
        "dataset": str(dataset),
    }
    if quantized:
        payload["quantized"] = quantized
    check_destination(path)
    try:
        buffer = io.BytesIO()
        torch.save(payload, buffer)
        data = buffer.getvalue()
        del buffer
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(path, data)
    except OSError as err:
        fix = ("free some space or choose another place" if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
               else "choose a writable folder")
        raise CheckpointError(f"cannot write {path}: {err.strerror or _first_line(err)}; {fix}") from None
    except (RuntimeError, ValueError, TypeError, pickle.PicklingError) as err:
        raise CheckpointError(f"cannot write {path}: {type(err).__name__}: {_first_line(err)}") from None
    return path


# ------------------------------------------------------------------ reading
def _fail(path: Path, message: str) -> NoReturn:
    raise CheckpointError(f"{path} {message}")


_DAMAGED = "save it again or choose another file"
#: Messages of torch's weights-only unpickler that mean "this builds objects", not "garbage".
_REFUSED_MARKERS = ("Unsupported global", "unsupported GLOBAL", "Can only build", "Can only create new object",
                    "unrecognized function", "is blocked", "Unsupported class", "not an allowed global",
                    "must be imported to load")
#: Pickle opcodes that import or call something: a pickle with any of them is not plain data.
_CODE_OPCODES = {"GLOBAL", "STACK_GLOBAL", "INST", "OBJ", "REDUCE", "NEWOBJ", "NEWOBJ_EX", "BUILD",
                 "EXT1", "EXT2", "EXT4", "PERSID", "BINPERSID"}


def _refuse_code(path: Path) -> NoReturn:
    _fail(path, "was refused: it holds objects other than weights (it may try to run code when loaded). "
                "Only load checkpoints saved by mnist-viz.")


def _pickle_builds_objects(head: bytes) -> bool:
    """True if ``head`` starts with a pickle that imports or calls something (scanned, never run)."""
    builds = False
    try:
        for opcode, _, _ in pickletools.genops(io.BytesIO(head)):  # stops after STOP; raises on garbage
            builds = builds or opcode.name in _CODE_OPCODES
            if opcode.name == "STOP":
                return builds
    except Exception:  # noqa: BLE001 - not a pickle (or cut short): garbage, not code
        return False
    return False


def _check_archive(path: Path, stream) -> None:
    """The file is a zip holding a PyTorch pickle, of bounded declared size; else CheckpointError."""
    head = stream.read(4)
    stream.seek(0)
    if head[:2] != b"PK":
        if _pickle_builds_objects(stream.read(1 << 20)):
            _refuse_code(path)
        what = "it is empty" if not head else "it is not a PyTorch zip file: corrupt, truncated or another kind of file"
        _fail(path, f"is not a readable checkpoint ({what}); {_DAMAGED}")
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as err:
        _fail(path, f"is not a readable checkpoint (a damaged or truncated zip file: {_first_line(err)}); {_DAMAGED}")
    stream.seek(0)
    if len(members) > MAX_MEMBERS:
        _fail(path, f"is not a checkpoint: its zip holds {len(members):,} files (a checkpoint holds a few dozen)")
    pickles = [m for m in members if m.filename == "data.pkl" or m.filename.endswith("/data.pkl")]
    if not pickles:
        _fail(path, "is a zip archive but not a PyTorch file (it holds no data.pkl); choose a checkpoint "
                    "saved by mnist-viz")
    declared = sum(m.file_size for m in members)
    if declared > MAX_CONTENT_BYTES:
        _fail(path, f"was refused: its zip declares {declared / 2**20:,.0f} MB of contents, more than a checkpoint "
                    f"holds (at most {MAX_CONTENT_BYTES / 2**20:.0f} MB); it is damaged or not a checkpoint")
    if max(m.file_size for m in pickles) > MAX_PICKLE_BYTES:
        _fail(path, f"was refused: its data.pkl declares {max(m.file_size for m in pickles) / 2**20:,.1f} MB, "
                    f"more than a checkpoint's settings take (at most {MAX_PICKLE_BYTES / 2**20:.0f} MB)")


def _read_payload(path: Path) -> Any:
    import torch

    try:
        info = os.stat(path)
    except FileNotFoundError:
        _fail(path, "does not exist; check the path")
    except OSError as err:
        _fail(path, f"cannot be read: {err.strerror or _first_line(err)}")
    if stat.S_ISDIR(info.st_mode):
        raise CheckpointError(f"{path} is a folder, not a checkpoint file")
    if not stat.S_ISREG(info.st_mode):
        _fail(path, "is not a regular file (a device, pipe or socket); choose a checkpoint file")
    if info.st_size > MAX_FILE_BYTES:
        _fail(path, f"is {info.st_size / 2**20:,.0f} MB, larger than any checkpoint (at most "
                    f"{MAX_FILE_BYTES / 2**20:.0f} MB); choose a checkpoint saved by mnist-viz")
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as err:
        _fail(path, f"cannot be read: {err.strerror or _first_line(err)}; check its permissions")
    with stream:
        _check_archive(path, stream)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # torch's warnings (pickle protocol, ...) are not the user's concern
                return torch.load(stream, map_location="cpu", weights_only=True)
        except pickle.UnpicklingError as err:
            if any(marker in str(err) for marker in _REFUSED_MARKERS):
                _refuse_code(path)
            _fail(path, f"is not a readable checkpoint (corrupt or not a PyTorch file); {_DAMAGED}")
        except MemoryError:
            _fail(path, "is too large to load into the memory available; choose another file")
        except OSError as err:
            _fail(path, f"cannot be read: {err.strerror or _first_line(err)}")
        except Exception as err:  # noqa: BLE001 - torch.load fails on garbage in many ways (KeyError, ...)
            line = _first_line(err)
            _fail(path, f"is not a readable checkpoint (corrupt or truncated: {type(err).__name__}"
                        f"{': ' + line if line else ''}); {_DAMAGED}")


@functools.lru_cache(maxsize=256)
def expected_weights(model_name: str) -> dict[str, tuple[int, ...]]:
    """Each tensor the model has, and its shape (the model is built on torch's meta device: no memory)."""
    return {name: shape for name, (shape, _) in _expected_tensors(model_name).items()}


@functools.lru_cache(maxsize=256)
def _expected_tensors(model_name: str) -> dict[str, tuple[tuple[int, ...], bool]]:
    """Each tensor the model has: its shape, and whether it holds floating-point numbers
    (batch norm's ``num_batches_tracked`` counts steps in an int64)."""
    import torch

    from .builder import build_model

    with torch.device("meta"):
        model = build_model(model_name)
    return {name: (tuple(tensor.shape), tensor.is_floating_point()) for name, tensor in model.state_dict().items()}


def _weights_problem(model_name: str, state: object) -> str | None:
    """Why ``state`` cannot be the model's weights (names, types, shapes, values), or None."""
    import torch

    if not isinstance(state, dict):
        return f"the weights are {_kind(state)}, not a dict of tensors"
    expected = expected_weights(model_name)
    for name in state:
        if not isinstance(name, str):
            return f"a tensor is named by {_kind(name)} {_echo(name)}, not a text"
    unknown = [name for name in state if name not in expected]
    if unknown:
        return (f"it holds a tensor {_echo(unknown[0])} that the {model_name} model does not have "
                f"({len(unknown)} such)" if len(unknown) > 1 else
                f"it holds a tensor {_echo(unknown[0])} that the {model_name} model does not have")
    missing = [name for name in expected if name not in state]
    if missing:
        return f"the tensor {missing[0]} is missing" + (f" ({len(missing)} are)" if len(missing) > 1 else "")
    floating = {name: is_float for name, (_, is_float) in _expected_tensors(model_name).items()}
    for name, shape in expected.items():
        tensor = state[name]
        if not isinstance(tensor, torch.Tensor):
            return f"{name} is {_kind(tensor)}, not a tensor"
        if tensor.layout != torch.strided or tensor.is_quantized or tensor.device.type != "cpu":
            return f"{name} is not a plain tensor ({tensor.layout}, on {tensor.device.type})"
        if floating[name] and not tensor.is_floating_point():
            return f"{name} holds {str(tensor.dtype).replace('torch.', '')} values, not floating-point numbers"
        if not floating[name] and (tensor.is_floating_point() or tensor.is_complex() or tensor.dtype == torch.bool):
            return f"{name} holds {str(tensor.dtype).replace('torch.', '')} values, not whole numbers"
        if tuple(tensor.shape) != shape:
            return f"{name} has the shape {_shape(tensor.shape)}, but the {model_name} model's is {_shape(shape)}"
    return None


def _non_finite(path: Path, state: dict) -> None:
    import torch

    for name, tensor in state.items():
        values = tensor.detach().to(torch.float32)  # as the model will hold them (float64 may overflow)
        if bool(torch.isfinite(values).all()):
            continue
        nan = int(torch.isnan(values).sum())
        infinite = int(torch.isinf(values).sum())
        what = " and ".join(part for part in (f"{nan:,} NaN" if nan else "",
                                              f"{infinite:,} infinite" if infinite else "") if part)
        raise CheckpointError(f"{path}: the tensor {name} holds {what} values; this checkpoint is damaged, "
                              "or was saved from a run that diverged: train again")


_CONFIG_FIELDS = {f.name: f for f in dataclasses.fields(TrainConfig)}
#: The range of each whole-number setting (TrainConfig checks the rest of the ranges).
_INT_RANGES = {"batch_size": (1, 2**31 - 1), "steps": (0, MAX_STEP), "eval_every": (0, MAX_STEP),
               "seed": (-(2**63), 2**64 - 1)}


def _check_config(path: Path, config: object, model_name: str) -> dict:
    """The known TrainConfig fields of ``config``, checked; unknown keys (a newer writer's) dropped."""
    if config is None:
        return {}
    if not isinstance(config, dict):
        _fail(path, f"has a damaged configuration: it is {_kind(config)} {_echo(config)}, not a dict; {_DAMAGED}")
    known: dict[str, Any] = {}
    for key, value in config.items():
        if not isinstance(key, str) or key not in _CONFIG_FIELDS:
            continue  # written by a newer mnist-viz (or by hand): not needed here
        default = _CONFIG_FIELDS[key].default
        where = f"has a damaged configuration: {key} is"
        if key == "keep_prob" and value is None:  # every dropout kept its architecture's P
            known[key] = None
            continue
        if isinstance(default, str):
            if not isinstance(value, str):
                _fail(path, f"{where} {_kind(value)} {_echo(value)}, not a text; {_DAMAGED}")
            if len(value) > (MAX_ARCH_TEXT if key == "model" else MAX_TEXT):
                _fail(path, f"{where} {len(value):,} characters long ({_echo(value)}); {_DAMAGED}")
        elif isinstance(default, bool) or isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, int):
                _fail(path, f"{where} {_kind(value)} {_echo(value)}, not a whole number; {_DAMAGED}")
            low, high = _INT_RANGES.get(key, (-(2**63), 2**63 - 1))
            if not low <= value <= high:
                _fail(path, f"{where} {_echo(value)}, outside {low:,}..{high:,}; {_DAMAGED}")
        elif isinstance(default, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                _fail(path, f"{where} {_kind(value)} {_echo(value)}, not a number; {_DAMAGED}")
            try:
                number = float(value)
            except OverflowError:
                number = math.inf
            if not math.isfinite(number):
                _fail(path, f"{where} {_echo(value) if isinstance(value, float) else 'too large a number'}, "
                            f"not a finite number; {_DAMAGED}")
            value = number
        known[key] = value
    if "model" in known and known["model"] != model_name:
        try:  # written as the user typed it (older writers, by hand): the same network?
            same = networks.model_id(known["model"]) == model_name
        except ValueError:
            same = False
        if same:
            known["model"] = model_name
    if "model" in known and known["model"] != model_name:
        _fail(path, f"has a damaged configuration: it is for the {_echo(known['model'])} model, but its weights "
                    f"are the {model_name} model's; {_DAMAGED}")
    try:
        TrainConfig(**{"model": model_name, **known})
    except (ValueError, TypeError) as err:
        text = " ".join(str(err).split())
        _fail(path, f"has a damaged configuration: {text if len(text) <= 3 * ECHO else text[:3 * ECHO - 1] + '…'}; "
                    f"{_DAMAGED}")
    return known


#: Metrics mnist-viz writes, and the range each must lie in.
_METRIC_RANGES = {"test_accuracy": (0.0, 1.0), "test_loss": (0.0, math.inf), "batch_accuracy": (0.0, 1.0)}


def _check_metrics(path: Path, metrics: object) -> dict:
    """Metric name -> float. Values that are not finite are dropped (a diverged evaluation)."""
    if metrics is None:
        return {}
    if not isinstance(metrics, dict):
        _fail(path, f"has damaged metrics: they are {_kind(metrics)} {_echo(metrics)}, not a dict; {_DAMAGED}")
    kept: dict[str, float] = {}
    for key, value in metrics.items():
        if not isinstance(key, str):
            _fail(path, f"has damaged metrics: a metric is named by {_kind(key)} {_echo(key)}; {_DAMAGED}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if key in _METRIC_RANGES:
                _fail(path, f"has damaged metrics: {_echo(key)} is {_kind(value)} {_echo(value)}, not a number; "
                            f"{_DAMAGED}")
            continue  # a newer writer's richer metric: not used here
        try:
            number = float(value)
        except OverflowError:
            continue
        if not math.isfinite(number):
            continue
        low, high = _METRIC_RANGES.get(key, (-math.inf, math.inf))
        if not low <= number <= high:
            _fail(path, f"has damaged metrics: {key} is {number:g}, outside {low:g}..{high:g}; {_DAMAGED}")
        kept[key] = number
    return kept


def load(path: str | os.PathLike[str], expect_model: str | None = None,
         expect_dataset: str | None = None) -> Checkpoint:
    """Read and check a checkpoint (see the module's notes); never runs code from the file.

    ``expect_dataset``: refuse a checkpoint trained on another data set (its ten outputs
    would mean other classes). Raises only CheckpointError, with one line.
    """
    import torch

    from .datasets import DATASETS

    path = Path(path)
    payload = _read_payload(path)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(f"{path} is a PyTorch file but not an mnist-viz checkpoint")
    version = payload.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        _fail(path, f"has a damaged format version ({_kind(version)} {_echo(version)}, not a whole number); "
                    f"{_DAMAGED}")
    if version > FORMAT_VERSION:
        _fail(path, f"has checkpoint format version {_echo(version)}, newer than this mnist-viz reads "
                    f"({FORMAT_VERSION}); update mnist-viz")
    if version < 1:
        _fail(path, f"has the checkpoint format version {_echo(version)}, which no mnist-viz wrote; {_DAMAGED}")
    name = _model_of(path, payload.get("model"), payload.get("arch"), payload.get("dataset"))
    if expect_model is not None:
        try:
            expect_model = networks.model_id(expect_model)
        except ValueError:
            pass  # a name no network has: no checkpoint is of it
    if expect_model is not None and name != expect_model:
        held, asked = networks.title(name), networks.title(expect_model)
        raise CheckpointError(f"{path} holds a {held} model, but a {asked} model was asked for; "
                              f"choose a {asked} checkpoint or switch the model to {held}")
    dataset = payload.get("dataset")
    if dataset is None or dataset == "":
        dataset = "mnist"  # written before data sets other than MNIST existed
    if not isinstance(dataset, str):
        _fail(path, f"has a damaged data set name ({_kind(dataset)} {_echo(dataset)}, not a text); {_DAMAGED}")
    if dataset not in DATASETS:
        _fail(path, f"was trained on an unknown data set {_echo(dataset)}; use a checkpoint saved by this "
                    f"version of mnist-viz (it knows {', '.join(DATASETS)})")
    step = payload.get("step", 0)
    step = 0 if step is None else step
    if isinstance(step, bool) or not isinstance(step, int):
        _fail(path, f"has a damaged step ({_kind(step)} {_echo(step)}, not a whole number); {_DAMAGED}")
    if not 0 <= step <= MAX_STEP:
        _fail(path, f"has the step {_echo(step)}, outside 0..{MAX_STEP:,}; {_DAMAGED}")
    config = _check_config(path, payload.get("config"), name)
    metrics = _check_metrics(path, payload.get("metrics"))
    state = payload.get("state_dict")
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise CheckpointError(f"{path} has no valid weights (its state_dict is "
                              f"{'a dict holding something other than tensors' if isinstance(state, dict) else _kind(state)}); "
                              f"{_DAMAGED}")
    quantized = payload.get("quantized") or {}
    if quantized:
        if not isinstance(quantized, dict):
            _fail(path, f"has damaged compact weights (they are {_kind(quantized)}, not a dict); save it again")
        state = dict(state)
        for key, entry in quantized.items():
            if not isinstance(key, str):
                _fail(path, f"has damaged compact weights (one is named by {_kind(key)}); save it again")
            try:
                state[key] = dequantize(entry)
            except (KeyError, TypeError, ValueError, AttributeError, RuntimeError, IndexError) as err:
                _fail(path, f"has damaged compact weights for {_echo(key)} ({_first_line(err)}); save it again")
    problem = _weights_problem(name, state)
    if problem:
        raise CheckpointError(f"{path}: the weights do not fit the {networks.title(name)} model: {problem}")
    _non_finite(path, state)
    if expect_dataset is not None and dataset != expect_dataset:
        trained, wanted = (DATASETS[key].name if key in DATASETS else key for key in (dataset, expect_dataset))
        raise CheckpointError(f"{path} was trained on {trained}, but {wanted} is in use: its ten answers "
                              f"are {trained} classes; choose a checkpoint trained on {wanted}, or switch "
                              f"the data set to {trained}")
    return Checkpoint(model_name=name, state_dict=state, config=config, step=step, metrics=metrics,
                      dataset=dataset, source=str(path))


def _model_of(path: Path, name: object, arch_text: object, dataset: object) -> str:
    """The model identifier a checkpoint's ``model`` and ``arch`` fields name (older files have
    no ``arch``: "softmax" or "cnn"); a CheckpointError of one line otherwise."""
    dataset = dataset if isinstance(dataset, str) and dataset else "mnist"
    if arch_text is None:
        if name in MODEL_CHOICES:
            return name
        if not (isinstance(name, str) and "," in name):  # an architecture of one layer is fc-10: softmax
            raise CheckpointError(f"{path} holds an unknown model {_echo(name)}; choose a checkpoint of the "
                                  f"{' or '.join(MODEL_CHOICES)} model or of an architecture saved by mnist-viz")
        arch_text = name
    if not isinstance(arch_text, str) or len(arch_text) > MAX_ARCH_TEXT:
        what = f"{len(arch_text):,} characters long" if isinstance(arch_text, str) else f"{_kind(arch_text)} {_echo(arch_text)}"
        _fail(path, f"has a damaged architecture: it is {what}, not an architecture's text; {_DAMAGED}")
    try:
        model = networks.model_id(arch_text, dataset)
    except ValueError as err:
        _fail(path, f"holds an architecture this mnist-viz cannot build ({_echo(arch_text)}): {_arch_line(err)}")
    if name != model:
        try:
            same = isinstance(name, str) and len(name) <= MAX_ARCH_TEXT and networks.model_id(name, dataset) == model
        except ValueError:
            same = False
        if not same:
            _fail(path, f"has a damaged header: its model is {_echo(name)}, but its architecture is "
                        f"{_echo(arch_text)}; {_DAMAGED}")
    return model


def load_model(path: str | os.PathLike[str], expect_model: str | None = None,
               expect_dataset: str | None = None) -> tuple[Model, Checkpoint]:
    checkpoint = load(path, expect_model, expect_dataset)
    return checkpoint.build(), checkpoint


RESOURCES = resources.root()  # resources/ of the checkout, or mnist_viz/resources/ when installed


def pretrained_path(model_name: str) -> Path:
    """The checkpoint shipped with mnist-viz as ``model_name`` ("softmax", "cnn": the files the
    canvas and ``predict --model`` answer with; see config.shipped_model for their networks)."""
    return RESOURCES / "pretrained" / f"{model_name}.pt"


def shipped_path(network: str) -> Path | None:
    """The shipped checkpoint that holds the network ``network`` ("softmax", "cnn",
    "deskew,fc-10"), or None if none does (a network of one's own)."""
    from .config import shipped_slot

    slot = shipped_slot(network)
    return None if slot is None else pretrained_path(slot)
