"""How much memory a training run needs, against how much there is: refuse up front, in one line.

A CNN run with ``--batch-size 100000`` once grew to 23 GB and was killed by the kernel,
without a word. :func:`check_fits` estimates what a run will add to the process before
it starts, compares it with what the system (or the cgroup the process runs in) has
available, and raises :class:`MemoryBudgetError` with one line and the largest batch
that fits instead.

What a run adds (:func:`estimate`), in bytes:

* **the data set** in memory, unless it is loaded already: uint8 images and int64 labels
  (MNIST: 55 MB);
* **the parameters, their gradients and the optimiser's state**: none for SGD, one copy
  of the parameters for momentum, two for Adam and AdamW (the CNN: 3.27 M parameters, 13 MB
  each);
* **the activations of one training step**, per sample, from the model's layer shapes
  (see :data:`LAYERS`): what each layer keeps for the backward pass, plus what is alive
  while the step's largest backward runs (incoming and outgoing gradients, the
  convolution library's reordered copies). For the CNN on the CPU that peak is conv2's
  backward, 379 KB per sample (torch's profiler, torch 2.14 / oneDNN 3.12: 379,456
  bytes, equal to the table's sum); softmax regression needs 3.9 KB;
* **the evaluation batches**: :meth:`Trainer.evaluate` runs the test set in batches of
  :data:`EVAL_BATCH` without gradients, whose peak (conv1's output, its pooled copy and
  the pooling indices: 179 KB per sample) exceeds a small training batch's;
* **torch** when it is not imported yet, and what its first training step touches for
  the first time (library code, thread pools, buffers): measured constants.

The estimate is checked against real runs in tests/core/test_memory.py (the peak RSS of
a subprocess, VmHWM).

What is available (:func:`available_memory`): the kernel's ``MemAvailable`` (memory that
can be given out without swapping), and, when the process runs in a cgroup with a limit,
that limit minus the cgroup's usage (page cache it could drop counted as free): v2's
``memory.max`` or v1's ``memory.limit_in_bytes``, of the process's cgroup and its
parents. Elsewhere than Linux, psutil's figure when psutil is installed; else nothing
is checked.

Torch-free: the window can check before Start without importing torch, the command
line before the data set is read.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

from .config import TrainConfig

FLOAT = 4       # bytes of a float32
INDEX = 8       # bytes of an int64 (labels, batch indices, max-pooling's argmax indices)
MB = 1_000_000
GB = 1_000_000_000

#: The batch size :meth:`mnist_viz.core.training.Trainer.evaluate` runs the test set in.
EVAL_BATCH = 1000
#: MNIST and the data sets in its format: 60,000 training and 10,000 test images.
TRAIN_SIZE, TEST_SIZE = 60_000, 10_000
IMAGE_PIXELS = 28 * 28

#: Resident memory ``import torch`` adds (2.14 with CUDA libraries, on Linux: 497 MB
#: measured), counted when torch is not imported yet.
TORCH_IMPORT_BYTES = 500 * 2**20
#: What the first run in a process touches for the first time: library code paged in,
#: oneDNN/MKL buffers, thread pools (measured: 156 MB building the Trainer less its
#: parameters, 51 MB more in the first steps, on 2 cores of an AMD EPYC). Later runs in
#: the same process (the window) need less; over-counting them is on the safe side.
FIRST_RUN_BYTES = 224 * 2**20
#: The process's resident memory grows by 390 KB per sample of a CNN batch where the
#: tensors add 379 KB (measured between batches of 1,000, 4,000 and 8,000): the
#: convolution library's own scratch space. Applied to the activations.
KERNEL_OVERHEAD = 1.03
#: Headroom: the estimate times this, plus ``RESERVE_BYTES``, must fit in what is
#: available (the panels' copies of what they draw, a recording, the rest of the system).
SAFETY_FACTOR = 1.10
RESERVE_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Layer:
    """One step of a model's training pass, as memory sees it (bytes per sample).

    ``saved``: what the forward pass keeps for this layer's backward (freed when that
    backward has run); ``forward``: alive beyond the saved bytes so far (its own
    included) while it runs forward (outputs not kept, copies); ``backward``: alive beyond the saved bytes of this
    layer and those before it while its backward runs (gradients in and out, temporary
    copies); ``inference``: alive while it runs without gradients (evaluation), the batch
    itself included.
    """

    name: str
    saved: int = 0
    forward: int = 0
    backward: int = 0
    inference: int = 0


def _cnn_layers(levers: bool) -> tuple[Layer, ...]:
    """The CNN's layers: conv 5x5 (32) - pool - conv 5x5 (64) - pool - fc 1024 - dropout - fc 10.

    ``levers``: the CPU path :mod:`mnist_viz.core.levers` gives the tutorial CNN (channels-last
    conv1, adaptive max-pool before ReLU, the transposed fc1); else the plain path (the
    GPU, or the levers switched off). Sizes in values: X the image, C1/P1 conv1's output
    and its pooled form, C2/P2 conv2's, F the 1024 units, K the 10 classes.
    """
    x, c1, p1, c2, p2, f, k = IMAGE_PIXELS, 32 * 28 * 28, 32 * 14 * 14, 64 * 14 * 14, 64 * 7 * 7, 1024, 10
    batch = x * FLOAT + 2 * INDEX            # the float batch (conv1 keeps it), its indices and labels
    head = (Layer("relu3", saved=f * FLOAT, backward=2 * f * FLOAT),
            Layer("dropout", saved=f * FLOAT, backward=2 * f * FLOAT),   # the kept mask, as floats
            Layer("fc2", saved=f * FLOAT, backward=2 * f * FLOAT),       # its input
            Layer("loss", saved=2 * k * FLOAT, backward=2 * k * FLOAT))
    if levers:
        # conv1 -> adaptive max-pool (keeps conv1's output and int64 indices) -> NCHW copy -> ReLU;
        # conv2 -> NHWC copy (kept by the pool) -> pool -> copy -> ReLU. conv2's backward
        # (oneDNN) holds its gradient and three more of its size at its peak.
        return (Layer("conv1", saved=batch, forward=x, backward=c1 * FLOAT,
                      inference=batch + c1 * FLOAT + p1 * (FLOAT + INDEX)),
                Layer("pool1", saved=c1 * FLOAT + p1 * INDEX, forward=p1 * FLOAT,
                      backward=2 * p1 * FLOAT + c1 * FLOAT),
                Layer("relu1", saved=p1 * FLOAT, backward=2 * p1 * FLOAT),
                Layer("conv2", forward=2 * c2 * FLOAT, backward=4 * c2 * FLOAT,
                      inference=batch + p1 * FLOAT + 2 * c2 * FLOAT + p2 * (FLOAT + INDEX)),
                Layer("pool2", saved=c2 * FLOAT + p2 * INDEX, forward=p2 * FLOAT,
                      backward=2 * p2 * FLOAT + c2 * FLOAT),
                Layer("relu2", saved=p2 * FLOAT, backward=2 * p2 * FLOAT),
                Layer("fc1", forward=2 * f * FLOAT, backward=p2 * FLOAT + 2 * f * FLOAT),
                *head)
    # conv1 -> ReLU (keeps its output) -> max-pool (keeps int64 indices) -> conv2 (keeps its input)...
    return (Layer("conv1", saved=batch, forward=x + c1 * FLOAT, backward=c1 * FLOAT,
                  inference=batch + 2 * c1 * FLOAT + p1 * (FLOAT + INDEX)),
            Layer("relu1", saved=c1 * FLOAT, backward=2 * c1 * FLOAT),
            Layer("pool1", saved=p1 * INDEX, forward=p1 * FLOAT, backward=p1 * FLOAT + c1 * FLOAT),
            Layer("conv2", saved=p1 * FLOAT, forward=c2 * FLOAT, backward=3 * c2 * FLOAT + p1 * FLOAT,
                  inference=batch + p1 * FLOAT + 2 * c2 * FLOAT + p2 * (FLOAT + INDEX)),
            Layer("relu2", saved=c2 * FLOAT, backward=2 * c2 * FLOAT),
            Layer("pool2", saved=p2 * INDEX, forward=p2 * FLOAT, backward=p2 * FLOAT + c2 * FLOAT),
            Layer("fc1", saved=p2 * FLOAT, forward=f * FLOAT, backward=p2 * FLOAT + f * FLOAT),
            *head)


#: Per model and path ("cpu": the CNN's CPU levers; "plain": the GPU's path), its layers.
LAYERS: dict[tuple[str, str], tuple[Layer, ...]] = {
    ("cnn", "cpu"): _cnn_layers(levers=True),
    ("cnn", "plain"): _cnn_layers(levers=False),
    # x @ W + b on the flattened pixels: the float batch is made from a uint8 copy (both
    # alive a moment: the step's peak), and kept for W's gradient.
    **{("softmax", path): (Layer("fc", saved=IMAGE_PIXELS * FLOAT + 2 * INDEX, forward=IMAGE_PIXELS,
                                 backward=2 * 10 * FLOAT, inference=IMAGE_PIXELS * (1 + FLOAT) + 10 * FLOAT),
                           Layer("loss", saved=2 * 10 * FLOAT, backward=2 * 10 * FLOAT))
       for path in ("cpu", "plain")},
}
#: Parameters of each model: the CNN's conv1, conv2, fc1 and fc2; softmax's W and b.
PARAMETERS = {"cnn": (32 * 25 + 32) + (64 * 32 * 25 + 64) + (3136 * 1024 + 1024) + (1024 * 10 + 10),
              "softmax": 784 * 10 + 10}
#: Copies of the parameters each optimiser keeps (momentum buffer; Adam's two moments).
OPTIMIZER_COPIES = {"sgd": 0, "momentum": 1, "adam": 2, "adamw": 2}


def _layer_list(model: str) -> tuple[tuple[Layer, ...], int]:
    """(layers, parameters) of any other architecture, from its description (core.networks),
    a conservative rule where the two tutorial models are measured: every layer keeps its
    input for the backward pass (a max-pool its int64 indices too), its backward holds the
    gradients in and out, and evaluation holds a layer's input and output at once."""
    from . import networks

    description = networks.describe(model)
    batch = IMAGE_PIXELS * FLOAT + 2 * INDEX
    layers = []
    for info in description.layers:
        values_in = math.prod(info.in_shape) if info.in_shape else IMAGE_PIXELS
        values_out = math.prod(info.out_shape)
        indices = values_out * INDEX if info.layer.kind == "maxpool" else 0
        layers.append(Layer(info.name, saved=values_in * FLOAT + indices, forward=values_out * FLOAT,
                            backward=2 * (values_in + values_out) * FLOAT,
                            inference=batch + (values_in + values_out) * FLOAT))
    classes = description.layers[-1].out_shape[0]
    layers.append(Layer("loss", saved=2 * classes * FLOAT, backward=2 * classes * FLOAT))
    return tuple(layers), description.params


def training_peak_per_sample(layers: tuple[Layer, ...]) -> int:
    """Bytes per sample at a training step's peak: forward and backward, layer by layer."""
    peak = kept = 0
    for layer in layers:  # forward: what is kept piles up
        kept += layer.saved
        peak = max(peak, kept + layer.forward)
    for layer in reversed(layers):  # backward: each layer's backward runs, then frees what it kept
        peak = max(peak, kept + layer.backward)
        kept -= layer.saved
    return peak


def inference_peak_per_sample(layers: tuple[Layer, ...]) -> int:
    """Bytes per sample at the peak of a forward pass without gradients."""
    return max(layer.inference for layer in layers)


@dataclass(frozen=True)
class Estimate:
    """What a run adds to the process, in bytes, by part (see the module's docstring)."""

    model: str
    batch_size: int
    parts: dict[str, int]
    #: Bytes per sample of a training batch (activations, with ``KERNEL_OVERHEAD``).
    per_sample: int
    #: The activations of evaluation (a fixed batch), in bytes.
    evaluation: int

    @property
    def total(self) -> int:
        return sum(self.parts.values())

    @property
    def fixed(self) -> int:
        """Everything but the activations: what even a batch of one needs."""
        return self.total - self.parts["activations"]

    @property
    def with_margin(self) -> int:
        """What must be available for the run to start: the total with headroom."""
        return need_with_margin(self.total)

    def largest_batch(self, available: int) -> int:
        """The largest batch size whose run fits in ``available`` bytes (0: none)."""
        budget = (available - RESERVE_BYTES) / SAFETY_FACTOR - self.fixed
        if budget < self.evaluation or budget < self.per_sample:
            return 0
        if not self.per_sample:  # the activations are not in this memory (a CUDA GPU's)
            return sys.maxsize
        return int(budget // self.per_sample)

    def describe(self) -> str:
        """The parts, for a log line: "activations 38 GB, data set 55 MB, ..."."""
        return ", ".join(f"{name} {size(value)}" for name, value in
                         sorted(self.parts.items(), key=lambda item: -item[1]) if value)


def need_with_margin(total: int) -> int:
    return int(total * SAFETY_FACTOR) + RESERVE_BYTES


def resolved_device(device: str) -> str:
    """"cpu", "cuda" or "mps": where a run of ``device`` trains ("auto" asks torch, if imported)."""
    if device in ("cpu", "cuda", "mps"):
        return device
    torch = sys.modules.get("torch")  # "auto": only torch knows; without it, assume the CPU
    if torch is not None:
        try:
            if torch.cuda.is_available():
                return "cuda"
            if torch.backends.mps.is_available():
                return "mps"
        except (AttributeError, RuntimeError):
            pass
    return "cpu"


def estimate(config: TrainConfig, *, dataset_loaded: bool = False, train_size: int = TRAIN_SIZE,
             test_size: int = TEST_SIZE) -> Estimate:
    """What a run of ``config`` adds to this process, by part (see the module's docstring).

    ``dataset_loaded``: the data set is in memory already (the window), so it adds nothing.
    """
    device = resolved_device(config.device)
    if config.model in PARAMETERS:
        layers = LAYERS[(config.model, "cpu" if device == "cpu" else "plain")]
        parameter_count = PARAMETERS[config.model]
    else:  # a network of the user's own (the playground)
        layers, parameter_count = _layer_list(config.model)
    per_sample = math.ceil(training_peak_per_sample(layers) * KERNEL_OVERHEAD)
    evaluation = math.ceil(inference_peak_per_sample(layers) * KERNEL_OVERHEAD) * min(EVAL_BATCH, max(test_size, 1))
    parameters = parameter_count * FLOAT
    # On a CUDA GPU the model, its gradients, the optimiser and the activations live in the
    # GPU's memory, which this module does not check; the host keeps torch and the data set.
    # Apple's MPS shares the host's memory: everything counts.
    on_host = 0 if device == "cuda" else 1
    parts = {
        "torch": 0 if "torch" in sys.modules else TORCH_IMPORT_BYTES,
        "first run": FIRST_RUN_BYTES,
        "data set": 0 if dataset_loaded else (train_size + test_size) * (IMAGE_PIXELS + INDEX),
        "parameters": parameters * on_host,
        "gradients": parameters * on_host,
        "optimizer state": parameters * OPTIMIZER_COPIES.get(config.optimizer, 2) * on_host,
        "activations": max(per_sample * config.batch_size, evaluation) * on_host,
    }
    if not on_host:
        per_sample = evaluation = 0
    return Estimate(model=config.model, batch_size=config.batch_size, parts=parts, per_sample=per_sample,
                    evaluation=evaluation)


# ===================================================================== what is available
def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None


def _number(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _stat(path: Path, *keys: str) -> int:
    """The first of ``keys`` found in a cgroup's memory.stat (0 if none)."""
    values = {}
    for line in (_read(path) or "").splitlines():
        name, _, value = line.partition(" ")
        values[name] = value
    for key in keys:
        if _number(values.get(key)) is not None:
            return int(values[key])
    return 0


#: cgroup v1 reports "no limit" as a huge number (2**63 rounded down to a page).
_V1_UNLIMITED = 2**60


def _cgroup_dirs(mount: Path, relative: str) -> list[Path]:
    """The process's cgroup folder and its parents up to the mount (namespaced: the mount itself)."""
    own = mount / relative.lstrip("/")
    if not own.is_dir():
        own = mount
    folders = [own]
    while folders[-1] != mount and mount in folders[-1].parents:
        folders.append(folders[-1].parent)
    return folders


def cgroup_available(proc: Path = Path("/proc"), cgroups: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Bytes the process's cgroup limits still allow (v2 or v1), or None without a limit."""
    lines = (_read(proc / "self" / "cgroup") or "").splitlines()
    room = []
    for line in lines:
        _, controllers, relative = (line.split(":", 2) + ["", ""])[:3]
        if controllers == "" and (cgroups / "cgroup.controllers").exists():  # v2, unified
            for folder in _cgroup_dirs(cgroups, relative):
                limit = _number(_read(folder / "memory.max"))
                usage = _number(_read(folder / "memory.current"))
                if limit is not None and usage is not None:
                    room.append(limit - usage + _stat(folder / "memory.stat", "inactive_file"))
        elif "memory" in controllers.split(","):  # v1
            mount = next((m for m in (cgroups / "memory", cgroups / controllers) if m.is_dir()), None)
            if mount is None:
                continue
            for folder in _cgroup_dirs(mount, relative):
                limit = _number(_read(folder / "memory.limit_in_bytes"))
                usage = _number(_read(folder / "memory.usage_in_bytes"))
                if limit is not None and usage is not None and limit < _V1_UNLIMITED:
                    room.append(limit - usage + _stat(folder / "memory.stat", "total_inactive_file",
                                                      "inactive_file"))
    return max(0, min(room)) if room else None


def meminfo_available(proc: Path = Path("/proc")) -> int | None:
    """The kernel's MemAvailable in bytes (Linux), or None."""
    for line in (_read(proc / "meminfo") or "").splitlines():
        if line.startswith("MemAvailable:"):
            parts = line.split()
            value = _number(parts[1]) if len(parts) > 1 else None
            return None if value is None else value * 1024
    return None


def available_memory(proc: Path = Path("/proc"), cgroups: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Bytes this process can still get: the least of MemAvailable and the cgroup's room.

    None when it cannot be told (not Linux and no psutil): then nothing is checked.
    """
    figures = [value for value in (meminfo_available(proc), cgroup_available(proc, cgroups)) if value is not None]
    if not figures and not sys.platform.startswith("linux"):
        try:
            import psutil
        except ImportError:
            return None
        try:
            figures.append(int(psutil.virtual_memory().available))
        except (OSError, RuntimeError, AttributeError):
            return None
    return min(figures) if figures else None


# ======================================================================== the check
def size(value: float) -> str:
    """"23 GB", "8.6 GB", "850 MB": bytes for people (decimal units)."""
    if value >= 10 * GB:
        return f"{value / GB:,.0f} GB"
    if value >= GB:
        return f"{value / GB:.1f} GB"
    return f"{max(value, 0) / MB:,.0f} MB"


def suggested(batch: int) -> int:
    """A round batch size at most ``batch``: its first digit, then zeros (8,600 -> 8,000)."""
    if batch < 10:
        return max(batch, 1)
    scale = 10 ** (len(str(batch)) - 1)
    return batch // scale * scale


class MemoryBudgetError(ValueError):
    """A run would need more memory than is available. The message says what fits."""

    def __init__(self, message: str, estimate: Estimate, available: int, largest_batch: int) -> None:
        super().__init__(message)
        self.estimate = estimate
        self.available = available
        #: The largest batch that fits (0: none does) and a round one below it.
        self.largest_batch = largest_batch
        self.suggested_batch = suggested(largest_batch) if largest_batch else 0


MODEL_NAMES = {"cnn": "CNN", "softmax": "softmax regression"}


def check_fits(config: TrainConfig, *, dataset_loaded: bool = False, train_size: int = TRAIN_SIZE,
               test_size: int = TEST_SIZE, available: int | None = None,
               option: str | None = "--batch-size") -> Estimate:
    """Raise :class:`MemoryBudgetError` (one line) if a run of ``config`` would not fit.

    ``available``: bytes available (default: :func:`available_memory`; when that cannot be
    told, nothing is refused). ``option``: how the message names the batch size setting
    ("--batch-size 8000"; None: "try 8,000", for the window). Returns the estimate.
    """
    result = estimate(config, dataset_loaded=dataset_loaded, train_size=train_size, test_size=test_size)
    if available is None:
        available = available_memory()
    if available is None or result.with_margin <= available:
        return result
    largest = result.largest_batch(available)
    model = MODEL_NAMES.get(config.model, config.model)
    need, have = size(result.total), size(available)
    batch = f"a {model} batch of {config.batch_size:,}"
    if result.total <= available:
        what = f"{batch} needs about {need} of the {have} available, too close to be safe"
    else:
        what = f"{batch} needs about {need}, but {have} are available"
    if largest >= config.batch_size:  # only the margin is missing, at any batch size
        largest = 0
    if largest == 0:
        message = (f"a {model} run needs about {size(result.fixed + result.evaluation)} even with a batch of one, "
                   f"but {have} are available; close other programs or use a machine with more memory")
    else:
        round_batch = suggested(largest)
        hint = f"{option} {round_batch}" if option else f"try {round_batch:,}"
        message = f"{what}; the largest batch that fits is about {largest:,} ({hint})"
    raise MemoryBudgetError(message, result, available, largest)
