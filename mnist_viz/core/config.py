"""What a training run is asked to do: the configuration and the tutorials' presets.

Kept free of torch (plain dataclasses and names) so that the window can be built and the
command line parsed before torch, which takes seconds to import, is loaded.
:mod:`mnist_viz.core.training` re-exports everything here.

A run's ``model`` is a model identifier: "softmax", "cnn" or an architecture's text (see
:mod:`mnist_viz.core.networks`, which checks and canonicalises it; this module cannot import
it, since :mod:`mnist_viz.core.arch` imports :class:`Network` from here, so networks hands its
rules over with :func:`use_model_rules` when the core is imported).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from .augment import RECIPES as AUGMENTATIONS
from .datasets import DATASETS

#: The tutorial models, by name; any other model is an architecture (core.networks).
MODEL_CHOICES = ("softmax", "cnn")
#: How the weights start (see ``models.initialise`` and ``layernet.initialise``):
#: ``tutorial``: as the tutorials: softmax regression at zero, any other network truncated
#: normal (std 0.1) with biases 0.1; ``auto``: the playground's default, He-normal for layers
#: feeding ReLU-like activations, Xavier-normal for sigmoid and tanh, biases 0; for the two
#: tutorial models it is their tutorial init (the init they were written with);
#: ``zeros``, ``kaiming`` (He-normal everywhere), ``constant`` (the symmetry that never breaks).
INIT_CHOICES = ("tutorial", "zeros", "kaiming", "constant", "auto")
#: What each model can hand out by name (see core.models): learned weights as images...
WEIGHT_PARTS = {"softmax": ("softmax_weights",), "cnn": ("conv1_filters", "conv2_filters")}
#: ...and what one input does inside it.
ACTIVATION_PARTS = {"softmax": ("input", "evidence", "probabilities"),
                    "cnn": ("input", "conv1", "pool1", "conv2", "pool2", "fc1", "probabilities")}
OPTIMIZERS = ("sgd", "momentum", "adam", "adamw")
SCHEDULES = ("constant", "onecycle")
DEVICES = ("auto", "cpu", "cuda", "mps")
#: Number formats a run can train in (see :mod:`mnist_viz.core.precision`): float32 throughout;
#: bf16 autocast (convolutions and matrix products in bfloat16, weights, optimiser and loss in
#: float32); or bf16 where the device computes it natively (AVX512-BF16 or AMX on a CPU, a GPU
#: with bf16), float32 elsewhere.
PRECISIONS = ("fp32", "bf16", "auto")
#: Snapshots (weights, activations for the panels) per second at most, until the user picks another rate.
DEFAULT_SNAPSHOT_RATE = 15.0


@dataclass(frozen=True)
class Network:
    """What a network is made of, as the panels need to know it (which views have something to show).

    ``layers`` names each layer's kind in order ("conv", "pool", "fc", "relu", "dropout").
    Panels decide from this, not from a model's name, whether they have something to
    show, so that any architecture can be described the same way.
    """

    name: str
    layers: tuple[str, ...]

    @property
    def conv_layers(self) -> int:
        return self.layers.count("conv")

    @property
    def fc_layers(self) -> int:
        return self.layers.count("fc")

    @property
    def is_single_fc(self) -> bool:
        """One fully connected layer straight from the pixels (besides it only layers that keep
        the image's shape: activations, bn, dropout, a first deskew, as ``deskew,fc-10``): its
        weights are one template per class. The one definition (core.arch uses it too)."""
        return single_fc_kinds(self.layers)


#: Layer kinds that keep the shape of what they get (besides a first ``deskew``).
SHAPE_KEEPING = ("relu", "sigmoid", "tanh", "leakyrelu", "gelu", "bn", "dropout")


def single_fc_kinds(kinds) -> bool:
    """Whether layers of these kinds are one fc layer straight from the pixels (see Network.is_single_fc)."""
    kinds = tuple(kinds)
    return kinds.count("fc") == 1 and all(kind in ("fc", "deskew", *SHAPE_KEEPING) for kind in kinds)


#: The two tutorial models' networks (any other: ``networks.network(model)``).
NETWORKS = {
    "softmax": Network("softmax", ("fc",)),
    "cnn": Network("cnn", ("conv", "relu", "pool", "conv", "relu", "pool", "fc", "relu", "dropout", "fc")),
}


def network(model: str) -> Network:
    """The description of the tutorial model ``model`` ("softmax" or "cnn"); for any model
    identifier, architectures included, use ``networks.network``."""
    try:
        return NETWORKS[model]
    except KeyError:
        raise ValueError(f"unknown model {model!r}; choose one of {', '.join(NETWORKS)}") from None


def _tutorial_models_only(model: str, dataset: str | None = None) -> str:
    """The rule until core.networks hands over its own (only while this module is imported)."""
    if model in MODEL_CHOICES:
        return model
    raise ValueError(f"model must be one of {', '.join(MODEL_CHOICES)}, not {model!r}")


#: How a model identifier is checked and canonicalised, and its architecture's text:
#: core.networks' model_id and architecture (see use_model_rules).
_model_rules = {"model_id": _tutorial_models_only, "architecture": None}


def use_model_rules(model_id, architecture) -> None:
    """Called by :mod:`mnist_viz.core.networks` when it is imported: ``model_id(text, dataset)``
    checks and canonicalises a model identifier (ValueError of one line), ``architecture(model)``
    gives its architecture's text."""
    _model_rules["model_id"], _model_rules["architecture"] = model_id, architecture


@dataclass(frozen=True)
class TrainConfig:
    """What a run is asked to do. ``model``: a model identifier, "softmax", "cnn" or an
    architecture (checked and written canonically: the tutorial CNN's text becomes "cnn");
    ``arch`` is its architecture's text either way."""

    model: str = "softmax"
    preset: str = "custom"
    optimizer: str = "sgd"
    learning_rate: float = 0.01
    batch_size: int = 100
    steps: int = 1000
    #: Every dropout layer's keep probability (1 - P); None: each keeps the P its architecture
    #: gives it (a tutorial CNN's 0.5).
    keep_prob: float | None = 0.5
    init: str = "tutorial"
    seed: int = 1
    device: str = "auto"
    eval_every: int = 100
    loss_reduction: str = "sum"  # "sum" over the batch, as the tutorials' reduce_sum, or "mean"
    schedule: str = "constant"
    #: "fp32", "bf16" or "auto" (PRECISIONS). Configs saved before this field existed have no
    #: "precision" key and load as "fp32", which is what they trained in.
    precision: str = "fp32"
    #: What the run learns (a key of core.datasets.DATASETS): its answers mean that data set's
    #: classes. Configs saved before this field existed have no "dataset" key and load as
    #: "mnist"; their files say the data set beside the config (checkpoints, recordings).
    dataset: str = "mnist"
    #: The training batches' augmentation (a recipe of core.augment: "none", "canvas",
    #: "canvas-light"); evaluations and probes always see the images as they are. Configs
    #: saved before this field existed load as "none", which is what they trained with.
    augment: str = "none"
    #: The L2 penalty on the weights (conv and fc weights, not biases or batch norm's scale
    #: and shift), added to the loss: l2 * sum(w ** 2) / 2, as TensorFlow's ``l2_loss``, for any
    #: optimiser (its gradient is l2 * w). 0: none. Configs saved before this field existed
    #: load as 0, which is what they trained with.
    l2: float = 0.0
    #: Train on the first N training images only (0: the whole training set); the same N
    #: images for every seed and every variant of a lesson (core.lessons' dropout lesson
    #: trains on 1,000 to show over-fitting). Configs saved before this field existed load
    #: as 0, which is what they trained on.
    train_subset: int = 0

    def __post_init__(self) -> None:
        problems = []
        try:
            model = _model_rules["model_id"](self.model, self.dataset if self.dataset in DATASETS else "mnist")
        except ValueError as err:
            text = str(err)
            problems.append(text if text.startswith("model must be") else
                            f"model must be one of softmax, cnn or an architecture: {text}")
        else:
            if model != self.model:
                object.__setattr__(self, "model", model)
        if self.init not in INIT_CHOICES:
            problems.append(f"init must be one of {', '.join(INIT_CHOICES)}, not {self.init!r}")
        if self.optimizer not in OPTIMIZERS:
            problems.append(f"optimizer must be one of {', '.join(OPTIMIZERS)}, not {self.optimizer!r}")
        if self.schedule not in SCHEDULES:
            problems.append(f"schedule must be one of {', '.join(SCHEDULES)}, not {self.schedule!r}")
        if self.precision not in PRECISIONS:
            problems.append(f"precision must be one of {', '.join(PRECISIONS)}, not {self.precision!r}")
        if self.augment not in AUGMENTATIONS:
            problems.append(f"augment must be one of {', '.join(AUGMENTATIONS)}, not {self.augment!r}")
        if self.dataset not in DATASETS:
            problems.append(f"dataset must be one of {', '.join(DATASETS)}, not {self.dataset!r}")
        if self.loss_reduction not in ("sum", "mean"):
            problems.append(f"loss_reduction must be 'sum' or 'mean', not {self.loss_reduction!r}")
        if not (math.isfinite(self.learning_rate) and self.learning_rate > 0):
            problems.append(f"learning rate must be a positive number, not {self.learning_rate}")
        if self.batch_size < 1:
            problems.append(f"batch size must be at least 1, not {self.batch_size}")
        if self.steps < 0:
            problems.append(f"steps must not be negative, not {self.steps}")
        if self.keep_prob is not None and not (isinstance(self.keep_prob, (int, float))
                                               and 0.0 < self.keep_prob <= 1.0):
            problems.append(f"dropout keep probability must be in (0, 1], not {self.keep_prob}")
        if not (isinstance(self.l2, (int, float)) and math.isfinite(self.l2) and self.l2 >= 0):
            problems.append(f"the L2 penalty must be a number of at least 0, not {self.l2}")
        if not (isinstance(self.train_subset, int) and not isinstance(self.train_subset, bool)
                and self.train_subset >= 0):
            problems.append(f"the training subset must be a whole number of images of at least 0 "
                            f"(0: the whole training set), not {self.train_subset!r}")
        if self.eval_every < 0:
            problems.append(f"evaluation interval must not be negative, not {self.eval_every}")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def arch(self) -> str:
        """The architecture's text: "fc-10" for softmax, the tutorial CNN's for cnn, else ``model``."""
        rule = _model_rules["architecture"]
        return rule(self.model) if rule is not None else self.model

    @property
    def is_tutorial(self) -> bool:
        """True for the two tutorial models (their classes, presets and init)."""
        return self.model in MODEL_CHOICES

    def replace(self, **changes) -> TrainConfig:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def _architecture(config: TrainConfig, model: str) -> TrainConfig:
    """``config`` for the architecture ``model`` (canonical text). The presets are made when
    this module is imported, before core.networks hands over the rule that checks an
    architecture (use_model_rules), so the model is set without it; tests/core/test_pretrained.py
    checks that it is the canonical text of a network core.networks accepts."""
    object.__setattr__(config, "model", model)
    return config


PRESETS: dict[str, TrainConfig] = {
    # "MNIST For ML Beginners": -reduce_sum(y_ * log(y)), GradientDescentOptimizer(0.01),
    # next_batch(100) for 1000 steps. Reported: about 91 %.
    "tutorial-softmax": TrainConfig(model="softmax", preset="tutorial-softmax", optimizer="sgd",
                                    learning_rate=0.01, batch_size=100, steps=1000, init="tutorial",
                                    eval_every=100, loss_reduction="sum"),
    # "Deep MNIST for Experts": AdamOptimizer(1e-4) on the summed cross-entropy,
    # next_batch(50) for 20,000 steps, keep_prob 0.5. Reported: about 99.2 %.
    "tutorial-cnn": TrainConfig(model="cnn", preset="tutorial-cnn", optimizer="adam", learning_rate=1e-4,
                                batch_size=50, steps=20_000, keep_prob=0.5, init="tutorial",
                                eval_every=1000, loss_reduction="sum"),
    # The same network in 3 epochs (180,000 samples): Adam with a one-cycle schedule
    # (warm-up, then cosine decay) and He initialisation. Precision "auto": bf16 where the
    # device has it natively, else fp32. Measured 2026-12-03 on a 2-core AMD EPYC with
    # AVX512-BF16 (`mnist-viz train --preset fast-cnn --precision fp32|bf16 --seed 1..3`):
    # test accuracy fp32 99.38 / 99.41 / 99.40 %, bf16 99.35 / 99.41 / 99.39 % (means 99.397
    # and 99.383: 0.013 points apart); `mnist-viz bench --only bf16`: 1.87x fp32's samples/s.
    "fast-cnn": TrainConfig(model="cnn", preset="fast-cnn", optimizer="adam", learning_rate=3e-3,
                            batch_size=100, steps=1800, keep_prob=0.5, init="kaiming",
                            eval_every=300, loss_reduction="mean", schedule="onecycle", precision="auto"),
    # Made for watching conv1's filters form. Measured with scripts/measure_watch_preset.py
    # (real MNIST, 300 steps, seeds 1 and 2, 2-core AMD EPYC): with Adam the filters themselves
    # still measure as noise at step 300 (core.filter_structure's neighbour correlation:
    # tutorial-cnn -0.05, fast-cnn 0.02, Adam 3e-3 or 1e-2 from the tutorial's start 0.01-0.02),
    # because Adam moves every weight by about the same amount, so the starting noise (spread
    # 0.1) stays on top. Momentum on the summed loss moves each weight with its gradient,
    # which is smooth because the images are. Plain momentum at 5e-4 diverged on one seed of
    # two (1e-3: diverged; 3e-4: 0.13, 95.3 %); a one-cycle warm-up (peak at step 150) keeps it
    # stable. This preset at step 300, seeds 1-3: structure 0.20 (0.21, 0.19, 0.19; tutorial-cnn
    # -0.05), test accuracy 97.1 % (97.06, 97.06, 97.16; tutorial-cnn 93.3 %).
    "watch-cnn": TrainConfig(model="cnn", preset="watch-cnn", optimizer="momentum", learning_rate=5e-4,
                             batch_size=50, steps=1000, keep_prob=0.5, init="tutorial", eval_every=100,
                             loss_reduction="sum", schedule="onecycle"),
    # Made for reading handwriting unlike MNIST's (the canvas): fast-cnn on augmented batches
    # (core.augment's "canvas": affine, elastic, stroke width, low resolution, blur, contrast).
    # Shipped as resources/pretrained/cnn.pt: 99.37 % on MNIST's test set, 97.2 % on the sets
    # unlike MNIST (scripts/eval_robustness.py, 2,000 a set; the unaugmented fast-cnn: 99.34 %, 92.8 %).
    "canvas-cnn": TrainConfig(model="cnn", preset="canvas-cnn", optimizer="adam", learning_rate=3e-3,
                              batch_size=100, steps=1800, keep_prob=0.5, init="kaiming", eval_every=300,
                              loss_reduction="mean", schedule="onecycle", augment="canvas"),
    # Softmax regression for the canvas, on deskewed digits (core.deskew: each batch, after the
    # augmentation, straightened, sized and centred by its ink's moments; then one fc layer, whose
    # weights are still ten 28x28 templates): Adam with a one-cycle schedule on lightly augmented
    # batches. Shipped as resources/pretrained/softmax.pt (see the README for its figures; on the
    # held-out robustness sets, seed 100: 95.9 % MNIST test, 89.9 % unlike MNIST, against 92.1 %
    # and 79.3 % for the same recipe on the plain pixels, fc-10, shipped until then).
    "canvas-softmax": _architecture(
        TrainConfig(model="softmax", preset="canvas-softmax", optimizer="adam", learning_rate=3e-3,
                    batch_size=100, steps=3000, init="tutorial", eval_every=500,
                    loss_reduction="mean", schedule="onecycle", augment="canvas-light"), "deskew,fc-10"),
}
DEFAULT_PRESET = {"softmax": "tutorial-softmax", "cnn": "tutorial-cnn"}
#: The presets the shipped checkpoints (resources/pretrained/{softmax,cnn}.pt) are trained with.
SHIPPED_PRESETS = {"softmax": "canvas-softmax", "cnn": "canvas-cnn"}


#: Shipped beside them: the tutorial softmax on plain pixels (``fc-10``), trained by
#: canvas-softmax's recipe without the deskew layer (``train --preset canvas-softmax --arch
#: fc-10``): what the panels and the canvas show for "Softmax regression" before anything
#: is trained, since the shipped softmax is another network.
PLAIN_SHIPPED = {"softmax-plain": "softmax"}
#: Every shipped file's name (resources/pretrained/<slot>.pt).
SHIPPED_SLOTS = (*SHIPPED_PRESETS, *PLAIN_SHIPPED)


def shipped_model(slot: str) -> str:
    """The network shipped as ``slot`` ("softmax", "cnn", "softmax-plain"): its preset's model.
    The shipped softmax is softmax regression on deskewed digits, ``deskew,fc-10``; the CNN
    is "cnn"; softmax-plain is the tutorial's "softmax"."""
    if slot in PLAIN_SHIPPED:
        return PLAIN_SHIPPED[slot]
    try:
        return PRESETS[SHIPPED_PRESETS[slot]].model
    except KeyError:
        raise ValueError(f"nothing is shipped as {slot!r}; the shipped models are {', '.join(SHIPPED_SLOTS)}") from None


def shipped_slot(model: str) -> str | None:
    """The shipped file ("softmax", "cnn", "softmax-plain") that holds the network ``model``, or None."""
    return next((slot for slot in SHIPPED_SLOTS if shipped_model(slot) == model), None)


def preset(name: str) -> TrainConfig:
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}") from None
