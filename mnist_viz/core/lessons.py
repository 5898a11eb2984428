"""Lessons: controlled experiments that answer the tutorial's "why?" with runs side by side.

Each lesson trains two to four *variants* of one setting (the initialisation, the optimiser,
the learning rate, the activation, dropout) in lockstep: the same seed, so the same batches
in the same order and, where the variants share a network and an init, the same starting
weights; at every step each variant draws the same random numbers (the same dropout masks
where their networks have the same shape), so that they differ in their setting only.
Every few steps :func:`run` yields one :class:`VariantReport` per variant: the loss, the
lesson's own measures (distinct filters, gradient norms per layer, the gap between
training and test accuracy...) and the arrays its key panel draws (conv1's filters, the
softmax templates...). :func:`verdict` then writes what happened from the measured numbers:
the winner and its numbers, and, where a run disagrees with what the lesson expects, what
happened instead.

The lessons, in the order of the tutorial write-up (gradient descent first, the
initialisation it ends unsure about last):

* ``learning-rate``: softmax regression with the tutorial's gradient descent at 0.0001, 0.01
  (the tutorial's) and 1.0: too slow, right, and diverged (the run is stopped as the app's
  auto-pause would stop it).
* ``optimizer``: the tutorial CNN with plain gradient descent, momentum and Adam at their
  usual rates (0.01, 0.01 with momentum 0.9, 0.001) on the mean loss.
* ``activation``: four 3x3 convolutions with ReLU, sigmoid or tanh between them, plain
  gradient descent: the gradient norm of every layer, and how far the first layer's falls
  below the last's (vanishing gradients).
* ``dropout``: a network of two hidden layers of 800 units trained on 1,000 training images
  only, keep probability 1.0 against 0.5: the gap between the accuracy on those images
  (dropout off) and on the test set (over-fitting), and how much dropout narrows it.
* ``init``: the init experiment of :mod:`mnist_viz.core.experiments` (zeros, all equal, the
  tutorial's truncated normal, He): how many of conv1's filters stay distinct.

Torch-free at import (the window reads the registry at start-up); training goes through
:class:`mnist_viz.core.training.Trainer`, imported where it runs. No Qt: the window
(``gui``) and ``mnist-viz experiment NAME`` both use this module. Every text meant for
people is English here and is translated by the caller: :func:`verdict` passes each template
through ``translate`` before formatting it (the window gives ``QCoreApplication.translate``
with the context "Lesson"); the lessons' titles, summaries and texts use the same context.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import TrainConfig

if TYPE_CHECKING:  # numpy and torch load where they are used: the parser and the window import this early
    import numpy as np

#: The context every text of this module is translated in.
CONTEXT = "Lesson"

#: A loss above this per example (ln 10 = 2.3 is a random guess) counts as diverged, as the
#: Trainer's auto-pause counts it (core.training.DIVERGENCE_LOSS, repeated here: torch-free).
DIVERGENCE_LOSS = 100.0

#: The key panels a lesson's columns can show.
KEY_PANELS = ("filters", "weights", "loss", "gradients", "accuracy")


@dataclass(frozen=True)
class Variant:
    """One setting of a lesson: its name ("adam"), its title ("Adam 0.001") and its configuration."""

    name: str
    title: str
    config: TrainConfig


@dataclass(frozen=True)
class VariantReport:
    """One variant of a lesson after ``step`` steps."""

    variant: str
    step: int
    loss: float | None                  # the last batch's mean cross-entropy (None at step 0)
    batch_accuracy: float | None        # the last batch's, dropout on (None at step 0)
    test_accuracy: float | None         # on the first test_images test images (last report; every report of dropout)
    train_accuracy: float | None        # on fixed training images, dropout off (see Trainer.train_eval_set)
    diverged: bool
    measures: dict[str, float]          # the lesson's own numbers (see each lesson)
    arrays: dict[str, np.ndarray]       # "losses", "loss_steps" always; the key panel's array (see the module doc)
    title: str = ""                     # the variant's English title
    diverged_at: int | None = None      # the step whose loss diverged
    message: str | None = None          # core.training.divergence_message's text, when diverged


# ------------------------------------------------------------------ measures

class _Measure:
    """What a lesson measures of one variant: called after every step and at every report."""

    needs_accuracy_every_report = False

    def __init__(self, trainer) -> None:
        self.trainer = trainer

    def after_step(self) -> None:
        """Right after a training step (gradients are still there)."""

    def report(self, final: bool) -> tuple[dict[str, float], dict[str, np.ndarray]]:
        return {}, {}


class _Filters(_Measure):
    """conv1's filters: how many distinct (``distinct`` of ``filters``), how far they moved."""

    def __init__(self, trainer) -> None:
        super().__init__(trainer)
        self.start = self._filters().copy()

    def _filters(self):
        return self.trainer.model.weights()["conv1_filters"].detach().cpu().numpy()

    def report(self, final: bool):
        import numpy as np

        from .experiments import filter_diversity

        filters = self._filters()
        diversity = filter_diversity(filters)
        measures = {"filters": float(diversity.count), "distinct": float(diversity.distinct),
                    "mean_distance": diversity.mean_distance, "moved": float(np.abs(filters - self.start).max())}
        return measures, {"filters": filters.astype(np.float32, copy=True)}


class _Templates(_Measure):
    """Softmax regression's ten templates, and the largest |weight| (large rates blow them up)."""

    def report(self, final: bool):
        import numpy as np

        weights = self.trainer.model.weights()["softmax_weights"].detach().cpu().numpy()
        largest = float(np.abs(weights).max()) if np.isfinite(weights).all() else math.inf
        return {"largest_weight": largest}, {"weights": weights.astype(np.float32, copy=True)}


class _Gradients(_Measure):
    """Each layer's gradient norm, averaged over the steps since the last report; ``grad_ratio``
    is the first layer's over the last layer's (vanishing gradients: far below 1)."""

    def __init__(self, trainer) -> None:
        super().__init__(trainer)
        import numpy as np

        from . import stats

        self.layers = stats.layer_weights(trainer.model)
        self.sums = np.zeros(len(self.layers))
        self.count = 0

    def after_step(self) -> None:
        import torch

        norms = [float(torch.linalg.vector_norm(w.grad.float())) if w.grad is not None else 0.0
                 for w in self.layers.values()]
        self.sums += norms
        self.count += 1

    def report(self, final: bool):
        import numpy as np

        if not self.count:
            return {}, {"gradient_norms": np.zeros(0, dtype=np.float32)}
        norms = self.sums / self.count
        self.sums[:] = 0.0
        self.count = 0
        measures = {f"grad_norm/{name}": float(value) for name, value in zip(self.layers, norms)}
        if norms[-1] > 0:
            measures["grad_ratio"] = float(norms[0] / norms[-1])
        return measures, {"gradient_norms": norms.astype(np.float32)}


class _Gap(_Measure):
    """Training accuracy (dropout off, the images trained on) minus test accuracy, at every report."""

    needs_accuracy_every_report = True


# ------------------------------------------------------------------ lessons

@dataclass(frozen=True)
class Lesson:
    """One lesson: its texts, its key panel and how to build its variants."""

    name: str
    title: str
    summary: str
    watch: str
    why: str
    tutorial: str
    key_panel: str
    default_steps: int
    _build: Callable[[int, int, str], list[Variant]] = field(repr=False, compare=False)
    _measure: type[_Measure] = field(default=_Measure, repr=False, compare=False)
    #: Report every this many steps unless the caller says otherwise (the CLI's default --every).
    default_every: int = 50

    def variants(self, steps: int | None = None, seed: int = 1, device: str = "cpu") -> list[Variant]:
        """The variants trained side by side, each with ``steps`` (default: the lesson's) steps."""
        steps = self.default_steps if steps is None else steps
        return self._build(steps, seed, device)


def _config(steps: int, seed: int, device: str, preset: str, **settings) -> TrainConfig:
    return TrainConfig(preset=f"lesson-{preset}", steps=steps, seed=seed, device=device, eval_every=0, **settings)


#: The initialisations the init lesson compares by default, and their titles.
INIT_LESSON_INITS = ("zeros", "constant", "tutorial", "kaiming")


def init_variants(steps: int, seed: int = 1, device: str = "cpu", inits=INIT_LESSON_INITS,
                  model: str = "cnn") -> list[Variant]:
    """The init lesson's variants: one network per init with the init experiment's settings
    (:func:`core.experiments.experiment_config`: Adam 0.001, batch 50, summed loss); ``model``
    any architecture with a convolution layer. An unknown init or a model without a
    convolution layer is a one-line ValueError."""
    from .experiments import INIT_TITLES, experiment_config

    if not inits:
        raise ValueError("give at least one initialisation to compare")
    return [Variant(init, INIT_TITLES.get(init, init),
                    experiment_config(init, steps, seed, device, eval_every=0, model=model))
            for init in inits]


def _init(steps, seed, device):
    return init_variants(steps, seed, device)


def _optimizer(steps, seed, device):
    common = dict(model="cnn", batch_size=50, keep_prob=0.5, init="tutorial", loss_reduction="mean")
    return [Variant("sgd", "Gradient descent 0.01", _config(steps, seed, device, "optimizer-sgd", optimizer="sgd",
                                                            learning_rate=0.01, **common)),
            Variant("momentum", "Momentum 0.9, 0.01", _config(steps, seed, device, "optimizer-momentum",
                                                               optimizer="momentum", learning_rate=0.01, **common)),
            Variant("adam", "Adam 0.001", _config(steps, seed, device, "optimizer-adam", optimizer="adam",
                                                  learning_rate=1e-3, **common))]


#: The learning-rate lesson's rates for softmax regression's gradient descent on the summed
#: loss (the tutorial's 0.01): a hundredth of it, it, and a hundred times it.
LEARNING_RATES = {"small": 1e-4, "good": 0.01, "large": 1.0}


def _learning_rate(steps, seed, device):
    common = dict(model="softmax", optimizer="sgd", batch_size=100, init="tutorial", loss_reduction="sum")
    titles = {"small": "Too small: 0.0001", "good": "The tutorial's: 0.01", "large": "Too large: 1.0"}
    return [Variant(name, titles[name], _config(steps, seed, device, f"learning-rate-{name}",
                                                            learning_rate=rate, **common))
            for name, rate in LEARNING_RATES.items()]


#: The activation lesson's network: four 3x3 convolutions, the activation after each.
ACTIVATION_ARCH = "conv3x3-8,{0},conv3x3-8,{0},maxpool-2,conv3x3-16,{0},conv3x3-16,{0},maxpool-2,fc-10"
ACTIVATIONS = {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "tanh"}


def _activation(steps, seed, device):
    return [Variant(name, title, _config(steps, seed, device, f"activation-{name}", model=ACTIVATION_ARCH.format(name),
                                         optimizer="sgd", learning_rate=0.1, batch_size=50, keep_prob=None,
                                         init="auto", loss_reduction="mean"))
            for name, title in ACTIVATIONS.items()]


#: The dropout lesson trains on this many training images only, so that the network can learn them by heart.
DROPOUT_TRAIN_IMAGES = 1000
#: The dropout lesson's network: two hidden layers of 800 units, dropout on the input and after each
#: (Hinton et al.'s dropout network for MNIST, with one keep probability for all three). Measured
#: (2-core EPYC, seed 1, 1,000 images): the tutorial CNN, keep 1.0 against 0.5 on fc1, narrowed
#: the gap by 0.5 points after 400 steps (7.4 against 6.9) at 0.15 s a step; this network by 2.7
#: points after 1,000 steps at a hundredth of the cost.
DROPOUT_ARCH = "dropout-0.5,fc-800,relu,dropout-0.5,fc-800,relu,dropout-0.5,fc-10"


def _dropout(steps, seed, device):
    common = dict(model=DROPOUT_ARCH, optimizer="momentum", learning_rate=0.05, batch_size=50, init="auto",
                  loss_reduction="mean", train_subset=DROPOUT_TRAIN_IMAGES)
    return [Variant("keep-1.0", "No dropout (keep 1.0)", _config(steps, seed, device, "dropout-none", keep_prob=1.0,
                                                                 **common)),
            Variant("keep-0.5", "Dropout (keep 0.5)", _config(steps, seed, device, "dropout-half", keep_prob=0.5,
                                                              **common))]


def _lesson(**kwargs) -> Lesson:
    return Lesson(**kwargs)


LESSONS: dict[str, Lesson] = {lesson.name: lesson for lesson in (
    _lesson(
        name="learning-rate", title="How large a step? The learning rate",
        summary="Gradient descent moves every weight against its gradient, times the learning rate. "
                "Three softmax regressions on the same batches show a rate too small, the tutorial's, and one so "
                "large that the loss explodes.",
        watch="Watch the ten templates: at 0.0001 they barely take shape, at 0.01 each turns into a blurred digit, "
              "and at 1.0 the loss leaves the chart within a few steps and the run stops, marked diverged.",
        why="Each step changes a weight by the learning rate times its gradient. Too small a rate takes tiny steps "
            "and learns slowly; too large a one overshoots the minimum, so every step lands on a steeper slope than "
            "the last, the weights grow without bound and the loss per example passes 100 (a random guess costs "
            "2.3) or becomes NaN. The app watches for this: when a run's loss becomes NaN, infinite or larger than "
            "100 per example, it pauses the run and shows the banner \"Training diverged: the loss ... Lower the "
            "learning rate and reset the weights\", because nothing it learns after that point means anything.",
        tutorial="MNIST For ML Beginners: train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy) "
                 "(the 0.01 is the learning rate η)",
        key_panel="weights", default_steps=1000, _build=_learning_rate, _measure=_Templates, default_every=100),
    _lesson(
        name="optimizer", title="Plain gradient descent, momentum or Adam?",
        summary="The same CNN trained on the same batches by three optimisers at their usual rates. "
                "Adam, which the tutorial's CNN uses, scales each weight's step by its own gradient history.",
        watch="Watch the three loss curves: Adam's falls first, momentum's follows, and plain gradient descent's "
              "is still high when the others have flattened.",
        why="Plain gradient descent takes a step proportional to the gradient, so weights whose gradients are small "
            "barely move. Momentum adds up the steps that keep pointing the same way (a ball rolling downhill). "
            "Adam divides each weight's average gradient by its typical size (the square root of the average "
            "squared gradient): every weight moves by about the learning rate, early steps are large, and the "
            "steps shrink as the gradients become noisy near a minimum.",
        tutorial="Deep MNIST for Experts: train_step = tf.train.AdamOptimizer(1e-4).minimize(cross_entropy); the "
                 "write-up: Adam replaces the gradient by its mean over its standard deviation",
        key_panel="loss", default_steps=200, _build=_optimizer, default_every=25),
    _lesson(
        name="activation", title="Why ReLU? Vanishing gradients",
        summary="The same network of four convolutions with ReLU, sigmoid or tanh between them. "
                "Back-propagation multiplies the gradient by the activation's slope at every layer: sigmoid's is at "
                "most 0.25, so the first layers hardly learn.",
        watch="Watch each network's gradient norms, layer by layer: with sigmoid the first layer's is thousands of "
              "times smaller than the last layer's, and its loss stays near 2.3 (guessing).",
        why="Back-propagation sends the error from the output back to the input, multiplying it at every layer by "
            "the weights and by the slope of the activation. A sigmoid's slope is at most 0.25 (and near 0 where it "
            "saturates), so after four layers the gradient that reaches the first layer has shrunk by orders of "
            "magnitude: the vanishing gradient. ReLU's slope is 1 wherever it is active, so the gradient passes "
            "back undiminished; tanh's slope is 1 at 0, so it fares far better than sigmoid. A gradient that falls "
            "as the loss falls is convergence, not vanishing: vanishing is the early layers' gradients far below "
            "the late ones', the ratio shown here.",
        tutorial="Deep MNIST for Experts: h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1); the write-up: "
                 "ReLU's derivative is 1 where it is active, so back-propagation's gradients do not vanish",
        key_panel="gradients", default_steps=300, _build=_activation, _measure=_Gradients, default_every=25),
    _lesson(
        name="dropout", title="Dropout against over-fitting",
        summary="A network of two hidden layers of 800 units trained on only 1,000 training images, without "
                "dropout and with keep probability 0.5. Without dropout it learns those images by heart and does "
                "worse on images it has never seen.",
        watch="Watch each network's two accuracies: on its 1,000 training images (measured with dropout off) both "
              "reach about 100 %; on the test set they stay lower, and the difference is the over-fitting. With "
              "dropout the test accuracy goes on rising after the training accuracy has reached 100 %.",
        why="A network with over a million weights can memorise 1,000 images, noise included, instead of learning "
            "what makes a digit. Dropout switches off each input pixel and each hidden unit with probability 0.5 at "
            "every step, so no unit can rely on particular others being there: the network has to spread what it "
            "knows, which generalises better. At test time every unit is on. The training accuracy here is measured "
            "on the images trained on, with dropout off as for the test set: the batch accuracy the Loss panel shows "
            "is one batch with dropout on, which cannot show the gap.",
        tutorial="Deep MNIST for Experts: h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob), trained with keep_prob 0.5 "
                 "and tested with 1.0 (here in a fully connected network, where the effect shows within a minute)",
        key_panel="accuracy", default_steps=1000, _build=_dropout, _measure=_Gap, default_every=100),
    _lesson(
        name="init", title="Why small random weights? Initialisation and symmetry",
        summary="The same CNN started from all zeros, from all-equal weights, from the tutorial's small random "
                "numbers and from He's. Only random starts give 32 different filters.",
        watch="Watch conv1's filters: from zeros they never move; from equal weights they move but stay 32 copies "
              "of one filter (1 distinct); from random starts they stay distinct and the network learns.",
        why="All zeros fails because a ReLU whose input is 0 passes no gradient back: nothing before the output "
            "layer ever changes. All equal fails by symmetry: filters that start equal see the same input, get the "
            "same gradient and stay equal for ever, so 32 filters do the work of one. Small random numbers break "
            "the symmetry; He's initialisation scales them to each layer's size so that signals neither fade nor "
            "grow from layer to layer.",
        tutorial="Deep MNIST for Experts: initial = tf.truncated_normal(shape, stddev=0.1) (the write-up ends "
                 "asking why a little noise, and what symmetry breaking is)",
        key_panel="filters", default_steps=200, _build=_init, _measure=_Filters, default_every=50),
)}

#: The lessons in the order of the tutorial write-up: gradient descent and its learning
#: rate, Adam, back-propagation and ReLU, dropout, and the initialisation it ends unsure about.
LESSON_ORDER: tuple[str, ...] = ("learning-rate", "optimizer", "activation", "dropout", "init")


def get(name: str) -> Lesson:
    """The lesson called ``name``; a one-line ValueError listing the lessons otherwise."""
    try:
        return LESSONS[name]
    except KeyError:
        raise ValueError(f"unknown lesson {name!r}; the lessons are {', '.join(LESSON_ORDER)}") from None


# ------------------------------------------------------------------ the runner

def run(name: str, mnist, steps: int | None = None, seed: int = 1, device: str = "cpu",
        report_every: int = 50, test_images: int = 2000, stop: Callable[[], bool] | None = None,
        variants: list[Variant] | None = None) -> Iterator[list[VariantReport]]:
    """Train the lesson's variants in lockstep on the same batches; yield their reports.

    Yields one :class:`VariantReport` per variant (in the variants' order) at step 0, every
    ``report_every`` steps and after the last step; the last report carries each variant's
    test accuracy (on the first ``test_images`` test images) and its training accuracy (on
    fixed training images, dropout off). A variant whose loss becomes non-finite or exceeds
    DIVERGENCE_LOSS per example is marked diverged and trains no further; the others go on.
    ``stop()`` returning True (checked before every step) ends the run without a further
    report. ``variants`` replaces the lesson's own (``experiment init --inits``).
    """
    import numpy as np
    import torch

    from .training import Trainer, divergence_message

    lesson = get(name)
    steps = lesson.default_steps if steps is None else steps
    if steps < 1:
        raise ValueError(f"steps must be at least 1, not {steps}")
    if report_every < 1:
        raise ValueError(f"the report interval must be at least 1 step, not {report_every}")
    if test_images < 1:
        raise ValueError(f"test_images must be at least 1, not {test_images}")
    variants = list(variants) if variants is not None else lesson.variants(steps, seed, device)
    if not variants:
        raise ValueError("a lesson needs at least one variant")
    test = mnist.test.subset(min(test_images, len(mnist.test)))
    trainers = [Trainer(variant.config.replace(steps=steps), mnist.train, test) for variant in variants]
    measures = [lesson._measure(trainer) for trainer in trainers]
    last = [None] * len(trainers)
    diverged_at: list[int | None] = [None] * len(trainers)
    losses: list[list[tuple[int, float]]] = [[] for _ in trainers]

    def report(final: bool) -> list[VariantReport]:
        rows = []
        for index, (variant, trainer, measure) in enumerate(zip(variants, trainers, measures)):
            step_done = last[index]
            own, arrays = measure.report(final)
            test_accuracy = train_accuracy = None
            if final or measure.needs_accuracy_every_report:  # dropout: from step 0, the curves' start
                evaluation = trainer.evaluate()
                test_accuracy, train_accuracy = evaluation.test_accuracy, evaluation.train_accuracy
            if measure.needs_accuracy_every_report and train_accuracy is not None:
                own = {**own, "gap": train_accuracy - test_accuracy, "test_loss": evaluation.test_loss}
            recent = losses[index]
            arrays = {**arrays, "losses": np.asarray([loss for _, loss in recent], dtype=np.float32),
                      "loss_steps": np.asarray([step for step, _ in recent], dtype=np.int64)}
            finite = [loss for _, loss in recent if math.isfinite(loss)]
            if finite:
                own = {**own, "recent_loss": float(np.mean(finite))}
            losses[index] = []
            at = diverged_at[index]
            rows.append(VariantReport(
                variant=variant.name, step=trainer.step,
                loss=None if step_done is None else step_done.loss,
                batch_accuracy=None if step_done is None else step_done.batch_accuracy,
                test_accuracy=test_accuracy, train_accuracy=train_accuracy, diverged=at is not None,
                measures=own, arrays=arrays, title=variant.title, diverged_at=at,
                message=None if at is None else divergence_message(trainer.config, step_done.loss)))
        return rows

    cuda = any(trainer.device.type == "cuda" for trainer in trainers)
    yield report(final=False)
    for step in range(1, steps + 1):
        if stop is not None and stop():
            return
        # Every variant draws the same random numbers at this step (dropout's masks): the
        # variants differ in their setting only, not in their luck.
        shared = torch.get_rng_state()
        shared_cuda = torch.cuda.get_rng_state_all() if cuda else None
        for index, (trainer, measure) in enumerate(zip(trainers, measures)):
            if diverged_at[index] is not None:
                continue
            torch.set_rng_state(shared)
            if shared_cuda is not None:
                torch.cuda.set_rng_state_all(shared_cuda)
            done = trainer.train_step()
            last[index] = done
            losses[index].append((done.step, done.loss))
            if not math.isfinite(done.loss) or done.loss > DIVERGENCE_LOSS:
                diverged_at[index] = done.step
            else:
                measure.after_step()
        if all(at is not None for at in diverged_at) or step == steps:
            yield report(final=True)
            return
        if step % report_every == 0:
            yield report(final=False)


def run_all(name: str, mnist, **kwargs) -> list[list[VariantReport]]:
    """:func:`run` to the end: every report, oldest first."""
    return list(run(name, mnist, **kwargs))



# ------------------------------------------------------------------ the verdict

def _percent(value: float | None) -> str:
    return "?" if value is None else f"{100 * value:.1f} %"


def _points(value: float) -> str:
    return f"{100 * value:.1f}"


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else "inf"
    return f"{value:.3g}"


class _Verdict:
    """Builds a verdict from final reports, each sentence translated before it is formatted."""

    def __init__(self, lesson: Lesson, final: list[VariantReport], translate: Callable[[str], str]) -> None:
        self.lesson = lesson
        self.final = final
        self.translate = translate
        self.by_name = {row.variant: row for row in final}
        self.sentences: list[str] = []

    def title(self, row: VariantReport) -> str:
        return self.translate(row.title) if row.title else row.variant

    def say(self, template: str, *values) -> None:
        self.sentences.append(self.translate(template).format(*values))

    def winner(self) -> VariantReport | None:
        scored = [row for row in self.final if row.test_accuracy is not None and not row.diverged]
        if not scored:
            return None
        return max(scored, key=lambda row: row.test_accuracy)

    def say_winner(self) -> VariantReport | None:
        best = self.winner()
        if best is None:
            self.say("No variant finished with a test accuracy: every one diverged or the run was stopped.")
            return None
        self.say("{0} learned best: {1} test accuracy after {2} steps.", self.title(best),
                 _percent(best.test_accuracy), best.step)
        return best

    def say_diverged(self, skip: tuple[str, ...] = ()) -> None:
        for row in self.final:
            if row.diverged and row.variant not in skip:
                self.say("{0} diverged at step {1} (loss {2} per example) and stopped training.", self.title(row),
                         row.diverged_at, _number(row.loss))

    def text(self) -> str:
        """The sentences, a space between them, none after a Japanese full stop."""
        text = ""
        for sentence in self.sentences:
            text += sentence if not text or text.endswith("。") else " " + sentence
        return text


def _verdict_learning_rate(v: _Verdict) -> None:
    small, good, large = (v.by_name.get(name) for name in ("small", "good", "large"))
    v.say_winner()
    if large is not None:
        if large.diverged:
            v.say("{0} diverged at step {1}: the loss reached {2} per example, where a random guess costs 2.3. "
                  "Steps this large overshoot the minimum and the weights grow without bound; in the window the "
                  "run would pause with the banner \"Training diverged\".", v.title(large), large.diverged_at,
                  _number(large.loss))
        else:
            v.say("Unexpectedly, {0} did not diverge in this run: it reached {1} test accuracy (loss {2}).",
                  v.title(large), _percent(large.test_accuracy), _number(large.measures.get("recent_loss", large.loss)))
    if small is not None and good is not None and small.test_accuracy is not None and good.test_accuracy is not None:
        if small.test_accuracy < good.test_accuracy:
            v.say("{0} learned too slowly: {1} test accuracy against {2} for {3} in the same {4} steps.",
                  v.title(small), _percent(small.test_accuracy), _percent(good.test_accuracy), v.title(good),
                  small.step)
        else:
            v.say("Unexpectedly, {0} did as well as {1}: {2} against {3}.", v.title(small), v.title(good),
                  _percent(small.test_accuracy), _percent(good.test_accuracy))
    v.say_diverged(skip=("large",))


def _verdict_optimizer(v: _Verdict) -> None:
    best = v.say_winner()
    adam, sgd, momentum = (v.by_name.get(name) for name in ("adam", "sgd", "momentum"))
    if best is not None and adam is not None:
        if best.variant == "adam":
            v.say("As the lesson expects, Adam came first: it moves every weight by about the learning rate "
                  "whatever the size of its gradient, while plain gradient descent hardly moves the weights whose "
                  "gradients are small.")
        else:
            v.say("This run disagrees with the lesson: {0} came first, ahead of Adam ({1} against {2}).",
                  v.title(best), _percent(best.test_accuracy), _percent(adam.test_accuracy))
    if sgd is not None and momentum is not None and None not in (sgd.test_accuracy, momentum.test_accuracy):
        if momentum.test_accuracy > sgd.test_accuracy:
            v.say("Momentum beat plain gradient descent ({0} against {1}) by adding up the steps that keep "
                  "pointing the same way.", _percent(momentum.test_accuracy), _percent(sgd.test_accuracy))
        else:
            v.say("Unexpectedly, momentum did not beat plain gradient descent in this run ({0} against {1}).",
                  _percent(momentum.test_accuracy), _percent(sgd.test_accuracy))
    v.say_diverged()


#: The activation lesson's gradients count as vanished when sigmoid's first-to-last ratio is
#: below this fraction of ReLU's.
VANISHED_FRACTION = 0.1


def _verdict_activation(v: _Verdict) -> None:
    v.say_winner()
    for row in v.final:
        ratio = row.measures.get("grad_ratio")
        if ratio is not None:
            v.say("{0}: the first layer's gradient norm was {1} times the last layer's.", v.title(row),
                  _number(ratio))
    sigmoid, relu = v.by_name.get("sigmoid"), v.by_name.get("relu")
    if sigmoid is not None and relu is not None:
        s_ratio, r_ratio = sigmoid.measures.get("grad_ratio"), relu.measures.get("grad_ratio")
        if s_ratio is not None and r_ratio is not None:
            if s_ratio < VANISHED_FRACTION * r_ratio:
                v.say("Sigmoid's gradients vanished: on their way back to the first layer they shrank {0} times "
                      "more than ReLU's, so its first layers hardly learned ({1} test accuracy against ReLU's {2}).",
                      _number(r_ratio / s_ratio) if s_ratio > 0 else "inf", _percent(sigmoid.test_accuracy),
                      _percent(relu.test_accuracy))
            else:
                v.say("Unexpectedly, sigmoid's gradients did not vanish in this run: its first layer's gradient "
                      "was {0} times its last layer's, against {1} with ReLU.", _number(s_ratio), _number(r_ratio))
    v.say_diverged()


#: Below this gap (training minus test accuracy) the network without dropout did not over-fit.
OVERFIT_GAP = 0.02


def _verdict_dropout(v: _Verdict) -> None:
    v.say_winner()
    for row in v.final:
        if row.train_accuracy is not None and row.test_accuracy is not None:
            v.say("{0}: {1} on the training images it learned from, {2} on the test set: a gap of {3} points.",
                  v.title(row), _percent(row.train_accuracy), _percent(row.test_accuracy),
                  _points(row.train_accuracy - row.test_accuracy))
    without, with_ = v.by_name.get("keep-1.0"), v.by_name.get("keep-0.5")
    if without is None or with_ is None or "gap" not in without.measures or "gap" not in with_.measures:
        return
    gap, narrowed = without.measures["gap"], with_.measures["gap"]
    if gap < OVERFIT_GAP:
        v.say("Unexpectedly, the network without dropout hardly over-fitted in this run (a gap of {0} points).",
              _points(gap))
    elif narrowed < gap:
        v.say("Without dropout the network learned its training images by heart rather than the digits "
              "(over-fitting); dropout narrowed the gap by {0} points.", _points(gap - narrowed))
        loss, dropped = without.measures.get("test_loss"), with_.measures.get("test_loss")
        if loss is not None and dropped is not None and dropped < loss:
            v.say("The test loss tells the same story: {0} without dropout against {1} with it.", _number(loss),
                  _number(dropped))
    else:
        v.say("Unexpectedly, dropout did not narrow the gap in this run: {0} points with it against {1} "
              "without.", _points(narrowed), _points(gap))
    v.say_diverged()


#: The initialisations that start every filter the same.
SYMMETRIC_INITS = ("zeros", "constant")


def _verdict_init(v: _Verdict) -> None:
    best = v.say_winner()
    for row in v.final:
        count, distinct = int(row.measures.get("filters", 0)), int(row.measures.get("distinct", 0))
        moved = row.measures.get("moved", 0.0)
        if row.variant == "zeros":
            if moved == 0.0:
                v.say("{0} never moved: conv1's filters are all still 0, because a ReLU whose input is 0 passes "
                      "no gradient back ({1} test accuracy, about a guess).", v.title(row),
                      _percent(row.test_accuracy))
            else:
                v.say("Unexpectedly, {0} moved (conv1's largest change {1}) and ended with {2} distinct filters.",
                      v.title(row), _number(moved), distinct)
        elif row.variant == "constant":
            if distinct == 1:
                v.say("{0}: the filters moved (by up to {1}) but stayed {2} copies of one filter, 1 distinct: "
                      "filters that start equal get equal gradients (symmetry).", v.title(row), _number(moved),
                      count)
            else:
                v.say("Unexpectedly, {0} ended with {1} distinct filters of {2}: something broke the symmetry.",
                      v.title(row), distinct, count)
        elif count:
            if distinct == count:
                v.say("{0}: all {1} filters distinct, {2} test accuracy.", v.title(row), count,
                      _percent(row.test_accuracy))
            else:
                v.say("Unexpectedly, {0} kept only {1} of {2} filters distinct.", v.title(row), distinct, count)
    if best is not None and best.variant in SYMMETRIC_INITS:
        v.say("Unexpectedly, a symmetric start ({0}) learned best in this run.", v.title(best))
    v.say_diverged()


_VERDICTS = {"learning-rate": _verdict_learning_rate, "optimizer": _verdict_optimizer,
             "activation": _verdict_activation, "dropout": _verdict_dropout, "init": _verdict_init}


def verdict(name: str, final: list[VariantReport], translate: Callable[[str], str] = lambda s: s) -> str:
    """What the run showed, written from its final reports' numbers: the winner and its numbers,
    the lesson's effect, and where the run disagrees with what the lesson expects, what happened
    instead. Every English template goes through ``translate`` before it is formatted."""
    lesson = get(name)
    v = _Verdict(lesson, list(final), translate)
    _VERDICTS[name](v)
    return v.text()
