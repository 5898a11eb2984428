"""Training: the configuration, the tutorials' presets, and a step-by-step Trainer.

The Trainer is a plain loop over batches (pytorch/examples' ``train()``), cut into single
steps so that a caller can pause, resume, single-step and stop between them, and so
that each step can be reported as an event. ``Trainer.run()`` is a generator of events;
the CLI iterates it on the main thread, the GUI in a worker thread. Pause, resume,
step, stop, learning-rate changes and snapshot requests are thread-safe calls.

Snapshots (weights and the probe's activations as numpy copies) are produced only when
somebody asked for them with :meth:`Trainer.observe`, at most ``max_rate`` per second, and
only for the parts asked for: an unobserved run pays nothing for them. An observed run pays
little: snapshots come less often than ``max_rate`` where they would take more than
SNAPSHOT_COST_FRACTION of the time (a slow or busy machine), the statistics of the
"distributions" part more than STATISTICS_COST_FRACTION, and on a CPU they are computed on
one thread (a forward of one image gains nothing from a second thread, and on a busy
machine each of its operations waited for the other thread: 145 vs 8 ms a snapshot).

Precision: with ``config.precision`` "bf16" (or "auto" on a device with native bf16, see
:mod:`mnist_viz.core.precision`) each step's and each evaluation's forward runs under bf16
autocast, the loss in float32 from float32 logits, the weights and the optimiser in
float32; "fp32" never enters autocast. Snapshots (what the panels draw) stay float32.

Augmentation: with ``config.augment`` naming a recipe of :mod:`mnist_viz.core.augment`
other than "none", each training batch is transformed before the step sees it (random
affine, elastic, stroke width, low resolution, blur, contrast) by a generator of its own,
seeded from ``config.seed``, so that the batches (their order, their labels) are the same
with augmentation as without. Evaluations, snapshots and the probe always see the images
as they are. (Until TrainConfig has the field, a config without it trains unaugmented.)

The network: any model identifier of ``config.model`` ("softmax", "cnn" or an architecture's
text), built by :func:`mnist_viz.core.builder.build_model`. L2: with ``config.l2`` > 0 each
step's loss gains l2 * sum(w^2) / 2 over the conv and fc weights (never the biases or batch
norm's scale and shift), for any optimiser; :meth:`Trainer.set_l2` changes it live, as
:meth:`Trainer.set_learning_rate` the rate. The loss a StepDone reports is the cross-entropy
alone, comparable with and without the penalty.

Training subset: with ``config.train_subset`` N > 0 the Trainer trains on the first N
training images only (the same for every seed). Every evaluation also measures the accuracy
on fixed training images with dropout off (``Evaluated.train_accuracy``: the images trained
on with a subset, else the first TRAIN_EVAL_IMAGES), so that a gap between training and test
accuracy (over-fitting) can be seen; the batch accuracy of a StepDone is one batch with
dropout on and cannot show it.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from . import augment as augmentation
from . import events as ev
from . import levers
from . import precision as mixed
from . import stats
from .config import (DEFAULT_PRESET, DEVICES, INIT_CHOICES, MODEL_CHOICES, OPTIMIZERS, PRESETS,  # noqa: F401
                     SCHEDULES, TrainConfig, preset)
from .data import Split, iterate_batches, to_float
from .builder import Model, build_model, count_parameters, penalised_weights

#: Above this mean loss per example (a model guessing at random has ln 10 = 2.3) a run
#: is taking steps so large that it no longer learns.
DIVERGENCE_LOSS = 100.0
#: The throughput a StepDone reports is measured over this many recent steps.
RECENT_STEPS = 50
#: The snapshot part that carries the last training batch (see Trainer._batch_arrays), and how
#: many of its images it holds at most.
BATCH_PART = "batch"
BATCH_SHOWN = 64
#: Every evaluation also measures the accuracy on this many training images (the first
#: ones), evaluated as the test set is (no dropout), so that over-fitting shows as a gap:
#: with ``train_subset`` set, on the images trained on (at most TRAIN_EVAL_MAX of them); never
#: more than the test images evaluated (see train_eval_size). 1,000 images add a tenth to an
#: evaluation of the 10,000 test images.
TRAIN_EVAL_IMAGES = 1000
TRAIN_EVAL_MAX = 2000
#: The augmentation's generator is seeded with the run's seed plus this, apart from the
#: batch order's generator (seeded with the seed itself).
AUGMENT_SEED_OFFSET = 0x5EED
#: Snapshots take at most this fraction of a run's time (what ``mnist-viz bench`` calls the
#: streaming overhead): where one costs more than this fraction of 1 / max_rate, the next
#: comes later. The CNN's snapshot (one image through the network) takes about 2-3 ms, a
#: step at batch 50 about 40 ms: at 15 per second that is 1-3 %, so max_rate holds on an idle
#: machine. The "distributions" statistics are not counted here: they have their own share,
#: STATISTICS_COST_FRACTION (core.stats.DistributionMonitor).
SNAPSHOT_COST_FRACTION = 0.03
STATISTICS_COST_FRACTION = 0.01
#: Torch threads a snapshot is computed on (CPU; None: as many as training uses). One
#: thread made a snapshot much cheaper on a busy machine (145 vs 8 ms at load 10), but
#: torch's thread count is process-wide: switching it from the training thread while other
#: threads run torch (the canvas, the view's inspector) is the suspect of two test-worker
#: aborts in CI, so it is left alone until that is understood.
SNAPSHOT_THREADS: int | None = None


def resolve_device(name: str = "auto") -> torch.device:
    """``auto`` picks CUDA, then Apple's MPS, then the CPU."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name not in DEVICES:
        raise ValueError(f"unknown device {name!r}; choose one of {', '.join(DEVICES)}")
    if name == "cuda" and not torch.cuda.is_available():
        raise ValueError("device 'cuda' was asked for, but no CUDA GPU is available; use --device cpu")
    if name == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise ValueError("device 'mps' was asked for, but Apple's MPS is not available; use --device cpu")
    return torch.device(name)


_DEFAULT_THREADS = torch.get_num_threads()  # torch's choice: one per physical core


def training_threads(gui: bool = False) -> int:
    """How many threads torch should use for training.

    Headless: torch's default (one per core). With the window open, training leaves one
    core to the GUI thread: on two cores, measured side by side with ``mnist-viz bench``,
    one training thread trains about as fast inside the window as two (the GUI needs a
    core anyway) and keeps a 10 ms timer's p99 lateness lower. The environment variable
    ``MNIST_VIZ_THREADS`` overrides both.
    """
    override = os.environ.get("MNIST_VIZ_THREADS", "").strip()
    if override.isdigit() and int(override) > 0:
        return int(override)
    if gui and _DEFAULT_THREADS >= 2:
        return _DEFAULT_THREADS - 1
    return _DEFAULT_THREADS


def train_eval_size(train_images: int, train_subset: int = 0, test_images: int | None = None) -> int:
    """How many of the first training images each evaluation measures: the ``train_subset``
    trained on (at most TRAIN_EVAL_MAX), else TRAIN_EVAL_IMAGES; never more than the training
    set, nor than the ``test_images`` evaluated beside them (so that the training accuracy
    never costs more than the test accuracy: a tenth more for the whole test set)."""
    wanted = min(train_subset, TRAIN_EVAL_MAX) if train_subset else TRAIN_EVAL_IMAGES
    if test_images is not None:
        wanted = min(wanted, test_images)
    return max(0, min(wanted, train_images))


def make_optimizer(config: TrainConfig, model: Model) -> torch.optim.Optimizer:
    params = list(model.parameters())
    lr = config.learning_rate
    if config.optimizer == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if config.optimizer == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=True)
    # Adam's fused kernel updates every parameter in one pass instead of a dozen small
    # ops per tensor: the CNN trains about 20 % faster on a CPU (see ``mnist-viz bench``).
    fused = _fused_supported(params)
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=lr, **fused)
    return torch.optim.AdamW(params, lr=lr, weight_decay=1e-2, **fused)


def _fused_supported(params: list[torch.Tensor]) -> dict:
    devices = {p.device.type for p in params}
    if devices <= {"cpu", "cuda"} and all(p.dtype == torch.float32 for p in params):
        try:
            torch.optim.Adam([torch.zeros(1, device=next(iter(devices)))], fused=True)
        except (RuntimeError, TypeError, ValueError):  # older torch: no fused kernel for this device
            return {}
        return {"fused": True}
    return {}


@dataclass(frozen=True)
class ObserveRequest:
    """What a viewer wants to see: part names, at most ``max_rate`` snapshots per second."""

    parts: frozenset[str] = frozenset()
    max_rate: float = 15.0


class Trainer:
    """Trains one model on in-memory MNIST, one step at a time, reporting events."""

    def __init__(self, config: TrainConfig, train: Split, test: Split, model: Model | None = None,
                 augment: str | None = None) -> None:
        """``augment``: the training batches' augmentation recipe (a key of
        ``core.augment.RECIPES``); None takes ``config.augment`` ("none" for a config
        without it). An unknown name is a one-line ValueError."""
        self.config = config
        #: The name of the recipe the training batches go through ("none": as they are).
        self.augment = augment if augment is not None else getattr(config, "augment", "none")
        augmentation.get_recipe(self.augment)  # an unknown name fails here, before any data moves
        self.device = resolve_device(config.device)
        #: What the run trains in here: "fp32" or "bf16" (config.precision "auto" resolved
        #: for this device, see core.precision).
        self.precision = mixed.resolve(config.precision, self.device)
        subset = int(getattr(config, "train_subset", 0) or 0)
        if subset > len(train):
            raise ValueError(f"the training subset of {subset:,} images is larger than the training set "
                             f"({len(train):,} images); give at most {len(train):,}, or 0 for all of them")
        if subset:
            train = train.subset(subset)  # the first N: the same images for every seed and variant
        self.train_set = Split(train.images.to(self.device), train.labels.to(self.device))
        self.test_set = Split(test.images.to(self.device), test.labels.to(self.device))
        #: The fixed training images every evaluation also measures (no dropout), for the
        #: training accuracy beside the test accuracy (see :func:`train_eval_size`).
        self.train_eval_set = self.train_set.subset(train_eval_size(len(self.train_set), subset,
                                                                    len(self.test_set)))
        self._lock = threading.Condition()
        self._step_lock = threading.Lock()  # held while a step changes the weights
        self._paused = False
        self._stop = False
        self._single_steps = 0
        self._snapshot_now = False
        self._pending_lr: float | None = None
        #: The L2 penalty on the weights now (TrainConfig.l2 at first; set_l2 changes it live).
        self.l2 = float(config.l2)
        self._pending_l2: float | None = None
        self._observe = ObserveRequest()
        self._probe: torch.Tensor | None = None
        self._probe_label: int | None = None
        self._probe_index: int | None = None
        self._listeners: list = []
        self.reset(model)

    # ----------------------------------------------------------------- set-up
    def reset(self, model: Model | None = None) -> None:
        """Fresh weights (from the seed), optimiser state and batch order; step 0."""
        config = self.config
        torch.manual_seed(config.seed)
        self.model = (model or build_model(config.model, init=config.init, keep_prob=config.keep_prob,
                                          seed=config.seed, dataset=config.dataset))
        self._penalised = penalised_weights(self.model)
        self.model.to(self.device).train()
        self.optimizer = make_optimizer(config, self.model)
        self.scheduler = None
        if config.schedule == "onecycle" and config.steps > 0:
            self.scheduler = torch.optim.lr_scheduler.OneCycleLR(
                self.optimizer, max_lr=config.learning_rate, total_steps=config.steps, pct_start=0.15)
        self.generator = torch.Generator().manual_seed(config.seed)
        self._batches = iterate_batches(len(self.train_set), config.batch_size, self.generator)
        #: The training batches' augmentation (core.augment), None for recipe "none".
        recipe = augmentation.get_recipe(self.augment)
        self.augmenter = (None if recipe.is_identity
                          else augmentation.Augmenter(recipe, seed=config.seed + AUGMENT_SEED_OFFSET))
        self.step = 0
        #: The last training batch (images as trained on, labels, indices): the "batch" part.
        self._last_batch: tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None = None
        self.last_evaluation: ev.Evaluated | None = None
        self.diverged = False
        self._train_seconds = 0.0
        self._recent: deque[tuple[float, int]] = deque()
        self._recent_seconds = 0.0
        self._recent_samples = 0
        # Weight/gradient histograms, gradient norms, dead ReLUs: the "distributions" part.
        self.distribution_monitor = stats.DistributionMonitor(
            relu_images=to_float(self.test_set.images[:stats.DEAD_RELU_IMAGES]),
            max_cost_fraction=STATISTICS_COST_FRACTION)
        #: Seconds a snapshot took lately (a running mean, the statistics left out).
        self.snapshot_cost_s = 0.0

    @property
    def steps_per_epoch(self) -> float:
        return len(self.train_set) / self.config.batch_size

    def run_started(self) -> ev.RunStarted:
        c = self.config
        return ev.RunStarted(model=c.model, preset=c.preset, total_steps=c.steps,
                             steps_per_epoch=self.steps_per_epoch, batch_size=c.batch_size,
                             device=str(self.device), train_size=len(self.train_set),
                             test_size=len(self.test_set), parameters=count_parameters(self.model),
                             step=self.step)

    # --------------------------------------------------- thread-safe controls
    def pause(self) -> None:
        with self._lock:
            self._paused = True
            self._lock.notify_all()

    def resume(self) -> None:
        with self._lock:
            self._paused = False
            self._lock.notify_all()

    def stop(self) -> None:
        with self._lock:
            self._stop = True
            self._lock.notify_all()

    def step_once(self) -> None:
        """While paused: run exactly one more step."""
        with self._lock:
            self._single_steps += 1
            self._lock.notify_all()

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def stopping(self) -> bool:
        return self._stop

    def set_learning_rate(self, lr: float) -> None:
        """Change the learning rate from the next step on (ends any schedule)."""
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"learning rate must be a positive number, not {lr}")
        with self._lock:
            self._pending_lr = float(lr)

    def set_l2(self, l2: float) -> None:
        """Change the L2 penalty on the weights from the next step on (0: none); see ``TrainConfig.l2``."""
        if not (isinstance(l2, (int, float)) and math.isfinite(l2) and l2 >= 0):
            raise ValueError(f"the L2 penalty must be a number of at least 0, not {l2}")
        with self._lock:
            self._pending_l2 = float(l2)

    def observe(self, parts: set[str] | frozenset[str], max_rate: float = 15.0) -> None:
        """Ask for snapshots of these parts, at most ``max_rate`` per second (0 parts: none)."""
        with self._lock:
            self._observe = ObserveRequest(frozenset(parts), max(0.1, float(max_rate)))
            self._snapshot_now = True
            self._lock.notify_all()

    def set_probe(self, image: torch.Tensor | None, label: int | None = None, index: int | None = None) -> None:
        """The image whose activations snapshots show: float (28, 28) in [0, 1], bright ink."""
        with self._lock:
            self._probe = None if image is None else image.reshape(1, 1, 28, 28).to(torch.float32)
            self._probe_label, self._probe_index = label, index
            self._snapshot_now = True
            self._lock.notify_all()

    def set_probe_from_test(self, index: int) -> None:
        index = int(index) % len(self.test_set)
        image = to_float(self.test_set.images[index:index + 1].cpu())[0, 0]
        self.set_probe(image, int(self.test_set.labels[index]), index)

    def add_listener(self, listener) -> None:
        """Call ``listener(trainer, event)`` in the training thread for every event ``run()``
        yields, before the caller sees it (a recorder uses it to take snapshots at exact steps)."""
        self._listeners.append(listener)

    def remove_listener(self, listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def request_snapshot(self) -> None:
        with self._lock:
            self._snapshot_now = True
            self._lock.notify_all()

    # ---------------------------------------------------------------- the work
    def state_copy(self) -> dict[str, torch.Tensor]:
        """A consistent CPU copy of the weights, safe to call from another thread.

        Waits for the current step to finish (up to one step's time): call it off the GUI
        thread.
        """
        with self._step_lock:
            return {k: v.detach().to("cpu", copy=True) for k, v in self.model.state_dict().items()}

    def train_step(self) -> ev.StepDone:
        """One optimisation step on the next batch."""
        with self._step_lock:
            if self.device.type == "cpu":
                return self._train_step()
            with mixed.float32_products(self.device, self.precision):  # CUDA: TF32 with bf16
                return self._train_step()

    def _train_step(self) -> ev.StepDone:
        started = time.perf_counter()
        if self._pending_lr is not None:
            with self._lock:
                lr, self._pending_lr = self._pending_lr, None
            self.scheduler = None
            for group in self.optimizer.param_groups:
                group["lr"] = lr
        if self._pending_l2 is not None:
            with self._lock:
                self.l2, self._pending_l2 = self._pending_l2, None
        indices = next(self._batches)
        if self.device.type != "cpu":
            indices = indices.to(self.device)
        # index_select gathers a batch about twice as fast as indexing with a tensor
        images = to_float(self.train_set.images.index_select(0, indices))
        labels = self.train_set.labels.index_select(0, indices)
        if self.augmenter is not None:  # the training batch only: never evaluation or the probe
            images = self.augmenter(images)
        self._last_batch = (images, labels, indices)  # references (no copy) for the "batch" part
        if not self.model.training:
            self.model.train()
        logits = self._logits(images)
        loss = F.cross_entropy(logits, labels, reduction=self.config.loss_reduction)
        self.optimizer.zero_grad(set_to_none=True)
        if self.l2 > 0:  # l2 * sum(w^2) / 2 over the weights (not the biases): the gradient gains l2 * w
            penalty = torch.stack([w.pow(2).sum() for w in self._penalised]).sum() * (self.l2 / 2)
            (loss + penalty).backward()
        else:
            loss.backward()
        lr = self.optimizer.param_groups[0]["lr"]
        batch_size = labels.shape[0]
        mean_loss = loss.item() / (batch_size if self.config.loss_reduction == "sum" else 1)
        if math.isfinite(mean_loss):  # never apply a step computed from a broken loss
            self.optimizer.step()
            if self.scheduler is not None and self.scheduler.last_epoch + 1 < self.scheduler.total_steps:
                self.scheduler.step()
        correct = int((logits.detach().argmax(1) == labels).sum())
        self.step += 1
        now = time.perf_counter()
        seconds = now - started
        self._train_seconds += seconds
        # throughput over the last RECENT_STEPS steps, kept as running sums
        recent = self._recent
        recent.append((seconds, batch_size))
        self._recent_seconds += seconds
        self._recent_samples += batch_size
        if len(recent) > RECENT_STEPS:
            old_seconds, old_samples = recent.popleft()
            self._recent_seconds -= old_seconds
            self._recent_samples -= old_samples
        return ev.StepDone(step=self.step, epoch=self.step / self.steps_per_epoch, loss=mean_loss,
                           batch_accuracy=correct / batch_size, learning_rate=lr,
                           samples_per_s=self._recent_samples / max(self._recent_seconds, 1e-9),
                           elapsed_s=self._train_seconds, total_steps=self.config.steps)

    def _logits(self, images: torch.Tensor) -> torch.Tensor:
        """The model's float32 logits, the forward run in the run's precision.

        The forward is ``levers.forward``: ``self.model(images)``, for the CNN on a CPU
        through the CPU levers (the same network, faster). fp32: autocast not entered.
        bf16: the forward under bf16 autocast (convolutions and products in bf16, the
        float32 weights cast as they are used), its logits cast back to float32 so that the
        loss (log-softmax, cross-entropy) is computed in float32; the backward follows the
        forward's dtypes.
        """
        if self.precision == "fp32":
            return levers.forward(self.model, images)
        with mixed.autocast(self.device, self.precision):
            logits = levers.forward(self.model, images)
        return logits.float()

    def evaluate(self, batch_size: int = 1000) -> ev.Evaluated:
        """Accuracy, mean loss and confusion matrix on the whole test set (no dropout), and the
        accuracy on the fixed training images (``train_eval_set``, no dropout either), the
        forward in the run's precision."""
        with torch.inference_mode(), mixed.float32_products(self.device, self.precision):
            return self._evaluate(batch_size)

    def _evaluate(self, batch_size: int) -> ev.Evaluated:
        started = time.perf_counter()
        self.model.eval()
        confusion = torch.zeros(10 * 10, dtype=torch.int64, device=self.device)
        predictions = []
        total_loss = 0.0
        for start in range(0, len(self.test_set), batch_size):
            images, labels = self.test_set.batch(torch.arange(start, min(start + batch_size, len(self.test_set)),
                                                              device=self.device))
            logits = self._logits(images)
            total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
            predicted = logits.argmax(1)
            predictions.append(predicted.to(torch.uint8))
            confusion += torch.bincount(labels * 10 + predicted, minlength=100)
        train_accuracy = self._accuracy(self.train_eval_set, batch_size)
        self.model.train()
        confusion = confusion.reshape(10, 10).cpu().numpy()
        predicted_all = torch.cat(predictions) if predictions else torch.empty(0, dtype=torch.uint8)
        wrong = torch.nonzero(predicted_all.to(torch.int64) != self.test_set.labels).flatten()
        count = max(1, len(self.test_set))
        result = ev.Evaluated(step=self.step, test_accuracy=float(confusion.trace() / count),
                              test_loss=total_loss / count, confusion=ev.frozen_array(confusion),
                              seconds=time.perf_counter() - started,
                              predictions=ev.frozen_array(predicted_all),
                              misclassified=ev.frozen_array(wrong.to(torch.int32)),
                              train_accuracy=train_accuracy)
        self.last_evaluation = result
        return result

    def _accuracy(self, split: Split, batch_size: int) -> float | None:
        """The accuracy on ``split`` in eval mode (no dropout), None for an empty split."""
        if not len(split):
            return None
        correct = 0
        for start in range(0, len(split), batch_size):
            images, labels = split.batch(torch.arange(start, min(start + batch_size, len(split)), device=self.device))
            correct += int((self._logits(images).argmax(1) == labels).sum())
        return correct / len(split)

    def evaluate_training_images(self, batch_size: int = 1000) -> float | None:
        """The accuracy on the fixed training images (``train_eval_set``), without dropout, alone."""
        with torch.inference_mode(), mixed.float32_products(self.device, self.precision):
            was_training = self.model.training
            self.model.eval()
            try:
                return self._accuracy(self.train_eval_set, batch_size)
            finally:
                self.model.train(was_training)

    def snapshot_interval(self, max_rate: float) -> float:
        """Seconds from one snapshot to the next: 1 / ``max_rate``, longer where snapshots
        cost more than SNAPSHOT_COST_FRACTION of that (see :attr:`snapshot_cost_s`)."""
        return max(1.0 / max_rate, self.snapshot_cost_s / SNAPSHOT_COST_FRACTION)

    def snapshot(self, parts: frozenset[str] | set[str]) -> ev.Snapshot:
        """Numpy copies of the named weights and of the probe's named activations.

        The part ``"distributions"`` adds ``core.stats``'s histograms, gradient norms and
        dead-ReLU fractions (``dist/...``), recomputed at most every half second and for at
        most STATISTICS_COST_FRACTION of the time. Computed on SNAPSHOT_THREADS torch threads
        on a CPU; its time (the statistics left out) goes into :attr:`snapshot_cost_s`.
        """
        monitor = self.distribution_monitor
        computed = monitor.computed
        started = time.perf_counter()
        with torch.inference_mode(), _torch_threads(SNAPSHOT_THREADS if self.device.type == "cpu" else None):
            snapshot = self._snapshot(parts)
        cost = time.perf_counter() - started
        if monitor.computed != computed:
            cost = max(0.0, cost - monitor.last_cost)
        self.snapshot_cost_s = cost if not self.snapshot_cost_s else 0.7 * self.snapshot_cost_s + 0.3 * cost
        return snapshot

    def _snapshot(self, parts: frozenset[str] | set[str]) -> ev.Snapshot:
        arrays = {name: value for name, value in self.model.weights().items() if name in parts}
        wanted = set(parts) & set(self.model.activation_parts)
        probe = self._probe
        if wanted and probe is not None:
            was_training = self.model.training
            self.model.eval()
            activations = self.model.activations(probe.to(self.device))
            self.model.train(was_training)
            arrays.update({name: activations[name][0] for name in wanted})
        if stats.PART in parts:
            arrays.update(self.distribution_monitor.arrays(self.model, self.step))
        if BATCH_PART in parts and self._last_batch is not None:
            arrays.update(self._batch_arrays())
        return ev.Snapshot(step=self.step, arrays=ev.frozen_mapping(arrays),
                           probe_label=self._probe_label, probe_index=self._probe_index)

    def _batch_arrays(self) -> dict[str, np.ndarray]:
        """The last training batch as the model saw it (augmented), its first BATCH_SHOWN images:
        ``batch/images`` (n, 28, 28) uint8 0-255, ``batch/labels`` (n,) int64, ``batch/indices``
        (n,) int64 (their places in the training set), ``batch/step`` (the step that trained on it)."""
        images, labels, indices = self._last_batch
        count = min(BATCH_SHOWN, labels.shape[0])
        pixels = (images[:count, 0].float().clamp(0, 1) * 255).round().to(torch.uint8)
        return {"batch/images": pixels.cpu().numpy(), "batch/labels": labels[:count].cpu().numpy(),
                "batch/indices": indices[:count].cpu().numpy(), "batch/step": np.asarray(self.step)}

    def _wait_while_paused(self) -> str:
        """Block until there is something to do: 'stop', 'step', 'snapshot' or 'run'."""
        with self._lock:
            while True:
                if self._stop:
                    return "stop"
                if self._snapshot_now:
                    return "snapshot"
                if not self._paused:
                    return "run"
                if self._single_steps:
                    self._single_steps -= 1
                    return "step"
                self._lock.wait(timeout=0.5)

    def run(self) -> Iterator[ev.Event]:
        """Train until ``config.steps`` (or stop), yielding events as they happen."""
        for event in self._run():
            for listener in self._listeners:
                listener(self, event)
            yield event

    def _run(self) -> Iterator[ev.Event]:
        config = self.config
        wall_started = time.perf_counter()
        last_snapshot = -math.inf
        reason = "completed"
        yield self.run_started()
        while self.step < config.steps:
            action = self._wait_while_paused()
            if action == "stop":
                reason = "diverged" if self.diverged else "stopped"
                break
            request = self._observe
            if action == "snapshot":
                with self._lock:
                    self._snapshot_now = False
                if request.parts:
                    last_snapshot = time.perf_counter()
                    yield self.snapshot(request.parts)
                continue
            result = self.train_step()
            yield result
            self.diverged = not math.isfinite(result.loss) or result.loss > DIVERGENCE_LOSS
            if self.diverged:
                self.pause()
                yield ev.Diverged(step=self.step, loss=result.loss, message=divergence_message(config, result.loss))
                continue
            if config.eval_every and self.step % config.eval_every == 0 and self.step < config.steps:
                yield self.evaluate()
            # A single step (paused) always shows its weights: steps taken one at a time faster
            # than the snapshot rate left every panel on the step before.
            if request.parts and (action == "step" or time.perf_counter() - last_snapshot
                                  >= self.snapshot_interval(request.max_rate)):
                last_snapshot = time.perf_counter()
                yield self.snapshot(request.parts)
        if reason == "completed" and (self.last_evaluation is None or self.last_evaluation.step != self.step):
            yield self.evaluate()
        if self._observe.parts:
            yield self.snapshot(self._observe.parts)
        wall = time.perf_counter() - wall_started
        accuracy = self.last_evaluation.test_accuracy if self.last_evaluation else None
        yield ev.Finished(step=self.step, reason=reason, test_accuracy=accuracy, wall_s=wall,
                          samples_per_s=self.step * config.batch_size / max(self._train_seconds, 1e-9))


@contextmanager
def _torch_threads(count: int | None):
    """torch's intra-op threads set to ``count`` (None: as they are) for the block."""
    previous = torch.get_num_threads()
    if count is None or count == previous:
        yield
        return
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def divergence_message(config: TrainConfig, loss: float) -> str:
    what = "is not a number" if math.isnan(loss) else ("is infinite" if math.isinf(loss) else
                                                     f"reached {loss:.3g} per example")
    return (f"Training diverged: the loss {what} with learning rate {config.learning_rate:g}. "
            f"Lower the learning rate (try {config.learning_rate / 10:g}) and reset the weights.")
