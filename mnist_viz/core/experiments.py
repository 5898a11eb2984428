"""Experiments that answer a newcomer's "why?" with a run instead of a sentence.

"Why do the tutorials start the weights as small random numbers?" The answer is
*symmetry*: filters that start equal see the same input and get the same gradient, so
they stay equal for ever. :func:`init_experiment` trains the tutorial's CNN (or any
architecture with a convolution layer, ``model``) several times side by side, from different initialisations but on the same batches, and reports after
every few steps how many of conv1's 32 filters are still distinct
(:func:`filter_diversity`). What one sees (measured on the real MNIST, Adam 1e-3, batch 50):

* ``zeros``: every filter stays exactly 0. Every ReLU receives 0 and passes no gradient
  back, so only the output biases learn; test accuracy stays near 11 %.
* ``constant`` (every weight of a layer the same value): the filters move, but remain 32
  identical copies ("1 distinct"). Dropout does make the 1024 fc1 units differ, so the
  network still learns (about 88 % after 300 steps), but every convolution channel feeds
  the next layer through identical weights and so gets an identical gradient.
* ``tutorial`` (truncated normal, stddev 0.1, biases 0.1): 32 distinct filters that turn
  from noise into stroke detectors; about 97 % after 300 steps.

The GUI's window (``gui/init_experiment.py``) and ``mnist-viz experiment init`` use this
module; it has no Qt in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from . import networks
from .data import Mnist
from .builder import build_model
from .config import INIT_CHOICES
from .training import TrainConfig, Trainer

#: The settings both networks of the experiment train with. Adam at 1e-3 is ten times the
#: tutorial's rate, so that conv1's filters visibly change within a few hundred steps.
EXPERIMENT_OPTIMIZER = "adam"
EXPERIMENT_LEARNING_RATE = 1e-3
EXPERIMENT_BATCH_SIZE = 50
#: Test accuracy is measured on this many test images (the whole 10,000 would take a
#: CNN on a laptop CPU several seconds each time).
EXPERIMENT_TEST_IMAGES = 2000
DEFAULT_INITS = ("zeros", "tutorial")

#: Two filters count as the same when no weight differs by more than this fraction of
#: the largest weight of the layer (float rounding leaves differences of about 1e-7).
SAME_FILTER_TOLERANCE = 1e-3

#: Short names for the initialisations, as the window and the command print them.
INIT_TITLES = {
    "zeros": "All zeros",
    "constant": "All equal (constant)",
    "tutorial": "Tutorial: truncated normal",
    "kaiming": "He (Kaiming) normal",
    "auto": "Auto: He or Xavier by activation",
}


@dataclass(frozen=True)
class FilterDiversity:
    """How different a layer's filters are from one another."""

    count: int                 # filters in the layer
    distinct: int              # groups of filters that are the same up to the tolerance
    mean_distance: float       # mean Euclidean distance between two filters (0: all equal)
    largest_weight: float      # max |w| over the layer (0: the layer is all zero)

    def describe(self) -> str:
        """E.g. ``"32 filters, 1 distinct"``."""
        return f"{self.count} filters, {self.distinct} distinct"


def filter_diversity(filters: np.ndarray | torch.Tensor, tolerance: float = SAME_FILTER_TOLERANCE
                     ) -> FilterDiversity:
    """Count the distinct filters of a layer: ``filters`` is (N, ...) (e.g. conv1's (32, 5, 5)).

    Any conv layer: a deeper conv's filter is all its kernels together (conv2's (64, 32, 5,
    5) is 64 filters of 32 x 5 x 5 weights each, compared flattened), so that "distinct"
    counts the output channels that compute different things, in every layer alike.

    Filter j joins the group of an earlier filter i when max |w_i - w_j| is at most
    ``tolerance`` times the layer's largest |w|; each group counts once.
    """
    if isinstance(filters, torch.Tensor):
        filters = filters.detach().cpu().numpy()
    flat = np.asarray(filters, dtype=np.float64).reshape(len(filters), -1)
    count = len(flat)
    if count == 0:
        return FilterDiversity(0, 0, 0.0, 0.0)
    largest = float(np.abs(flat).max())
    limit = tolerance * largest
    # Euclidean distances first: |a - b|^2 = |a|^2 + |b|^2 - 2 a.b needs no (N, N, size)
    # array, so that large layers (fc1: 1024 x 3136) fit in memory.
    squares = (flat ** 2).sum(axis=1)
    distances = np.sqrt(np.clip(squares[:, None] + squares[None, :] - 2.0 * flat @ flat.T, 0.0, None))
    np.fill_diagonal(distances, 0.0)
    # Two filters within the max-abs limit are within limit * sqrt(size) of each other
    # (plus the rounding of the formula above): only those candidates are compared exactly.
    reach = limit * np.sqrt(flat.shape[1]) + 1e-6 * np.sqrt(squares.max())
    representatives: list[int] = []
    for index, row in enumerate(flat):
        candidates = [other for other in representatives if distances[index, other] <= reach]
        if not any(np.abs(row - flat[other]).max() <= limit for other in candidates):
            representatives.append(index)
    pairs = count * (count - 1)
    mean_distance = float(distances.sum() / pairs) if pairs else 0.0
    return FilterDiversity(count, len(representatives), mean_distance, largest)


def experiment_model(model: str = "cnn") -> str:
    """The model identifier of an architecture the experiment can run: it needs a convolution
    layer (conv1's filters are what it counts). ValueError (one line) otherwise."""
    model = networks.model_id(model)
    if "conv1_filters" not in networks.weight_parts(model):
        raise ValueError(f"the init experiment counts conv1's distinct filters, but {networks.title(model)} "
                         "has no convolution layer; give an architecture that starts with one, e.g. "
                         "conv5x5-32,relu,maxpool-2,fc-10")
    return model


def experiment_config(init: str, steps: int = 300, seed: int = 1, device: str = "auto",
                      eval_every: int = 100, model: str = "cnn") -> TrainConfig:
    """The configuration of one network of the experiment: the tutorial CNN, or ``model``
    (any architecture with a convolution layer; each dropout keeps its own P)."""
    if init not in INIT_CHOICES:
        raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INIT_CHOICES)}")
    model = experiment_model(model)
    return TrainConfig(model=model, preset=f"init-experiment-{init}", optimizer=EXPERIMENT_OPTIMIZER,
                       learning_rate=EXPERIMENT_LEARNING_RATE, batch_size=EXPERIMENT_BATCH_SIZE,
                       steps=steps, keep_prob=0.5 if networks.is_tutorial(model) else None, init=init,
                       seed=seed, device=device, eval_every=eval_every, loss_reduction="sum")


def initial_filters(init: str, seed: int = 1, model: str = "cnn") -> np.ndarray:
    """conv1's filters ((32, 5, 5) for the CNN) exactly as a Trainer with this init and seed starts them."""
    return build_model(experiment_model(model), init=init, seed=seed).weights()["conv1_filters"].numpy().copy()


@dataclass(frozen=True)
class InitProgress:
    """One network of the experiment after ``step`` steps."""

    init: str
    step: int
    diversity: FilterDiversity
    moved: float                        # max |w - w at step 0| over conv1 (0: nothing changed)
    loss: float | None                  # mean cross-entropy of the last batch (None at step 0)
    batch_accuracy: float | None
    test_accuracy: float | None = None  # only on the last report


def init_experiment(mnist: Mnist, steps: int = 300, inits: Sequence[str] = DEFAULT_INITS,
                    report_every: int = 50, seed: int = 1, device: str = "cpu",
                    test_images: int = EXPERIMENT_TEST_IMAGES, model: str = "cnn") -> Iterator[list[InitProgress]]:
    """Train one CNN (or ``model``) per init in lockstep on the same batches; yield a report
    every few steps.

    Yields a list with one :class:`InitProgress` per init at step 0, every
    ``report_every`` steps and after the last step; the last report also carries the
    test accuracy on the first ``test_images`` test images.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, not {steps}")
    if report_every < 1:
        raise ValueError(f"the report interval must be at least 1 step, not {report_every}")
    if not inits:
        raise ValueError("give at least one initialisation to compare")
    test = mnist.test.subset(min(test_images, len(mnist.test)))
    trainers = [Trainer(experiment_config(init, steps, seed, device, eval_every=0, model=model), mnist.train, test)
                for init in inits]
    starts = [trainer.model.weights()["conv1_filters"].cpu().numpy().copy() for trainer in trainers]
    last = [None] * len(trainers)

    def report(final: bool) -> list[InitProgress]:
        rows = []
        for trainer, start, step_done in zip(trainers, starts, last):
            filters = trainer.model.weights()["conv1_filters"].cpu().numpy()
            rows.append(InitProgress(
                init=trainer.config.init, step=trainer.step, diversity=filter_diversity(filters),
                moved=float(np.abs(filters - start).max()),
                loss=None if step_done is None else step_done.loss,
                batch_accuracy=None if step_done is None else step_done.batch_accuracy,
                test_accuracy=trainer.evaluate().test_accuracy if final else None))
        return rows

    yield report(final=False)
    for step in range(1, steps + 1):
        for index, trainer in enumerate(trainers):
            last[index] = trainer.train_step()
        if step == steps:
            yield report(final=True)
        elif step % report_every == 0:
            yield report(final=False)


def run_init_experiment(mnist: Mnist, steps: int = 300, inits: Sequence[str] = DEFAULT_INITS,
                        report_every: int = 50, seed: int = 1, device: str = "cpu",
                        test_images: int = EXPERIMENT_TEST_IMAGES, model: str = "cnn") -> list[list[InitProgress]]:
    """:func:`init_experiment` run to the end: every report, oldest first."""
    return list(init_experiment(mnist, steps, inits, report_every, seed, device, test_images, model))
