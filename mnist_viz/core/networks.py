"""Which network a model identifier means: the one place that answers it, for any model.

A model is named by one string (the *model identifier*), everywhere: in a
:class:`~mnist_viz.core.config.TrainConfig`, a checkpoint, an autosave, a recording, the
command line and the window's state:

* ``"softmax"``: "MNIST For ML Beginners" (:class:`models.SoftmaxRegression`, architecture ``fc-10``);
* ``"cnn"``: "Deep MNIST for Experts" (:class:`models.DeepMnistCNN`, architecture
  :data:`arch.TUTORIAL_CNN`);
* any other architecture, by its canonical text (:func:`arch.canonical`: lower case, no
  spaces), built as a :class:`layernet.LayerNet`.

:func:`model_id` turns what a user wrote into the identifier: the two tutorial texts
*are* the tutorial models (``--arch <the tutorial CNN's text> --preset tutorial-cnn`` is
``--model cnn``: the same class, the same initial weights for a seed, the same losses),
and any other text is checked for the data set (one line naming the layer and the fix,
an :class:`arch.ArchError`) and written canonically. :func:`architecture`, :func:`network`,
:func:`weight_parts`, :func:`activation_parts`, :func:`part_shapes` and :func:`describe`
answer for any identifier; :func:`default_config` gives the settings a model trains with
when nothing else is said.

Torch-free (the window imports it at start-up). ``core.config`` cannot import this module
(``core.arch`` imports ``config.Network``; import cycles are forbidden), so this module
hands its rules to ``config`` when it is imported (:func:`config.use_model_rules`), and
``mnist_viz/core/__init__.py`` imports it: whoever imports any part of the core finds
``TrainConfig`` checking architectures.
"""

from __future__ import annotations

import functools
import hashlib

from . import arch, config
from .arch import ArchError, Description
from .config import Network, TrainConfig
from .datasets import DATASETS

#: The tutorial models and their architectures.
TUTORIAL_ARCHITECTURES = {"softmax": arch.SOFTMAX, "cnn": arch.TUTORIAL_CNN}
_TUTORIAL_BY_TEXT = {text: name for name, text in TUTORIAL_ARCHITECTURES.items()}

#: What a network other than the two tutorial models trains with unless a preset or an
#: option says otherwise (issue 15): Adam 1e-3, batch 50, mean cross-entropy, the "auto"
#: initialisation (He for layers feeding ReLU-like activations, Xavier for sigmoid and
#: tanh), each dropout with its own P (``keep_prob`` None).
PLAYGROUND_SETTINGS = dict(preset="custom", optimizer="adam", learning_rate=1e-3, batch_size=50, steps=2000,
                           keep_prob=None, init="auto", eval_every=200, loss_reduction="mean",
                           schedule="constant")


def is_tutorial(model: str) -> bool:
    """True for "softmax" and "cnn" (the classes of ``core.models``, their presets and init)."""
    return model in TUTORIAL_ARCHITECTURES


def _dataset_name(dataset: str | None) -> str:
    info = DATASETS.get(dataset or "mnist")
    return info.name if info is not None else "MNIST"


def model_id(text: str, dataset: str | None = "mnist") -> str:
    """The identifier of the model ``text`` names: "softmax", "cnn" (also for their
    architectures' texts) or a checked canonical architecture. An :class:`ArchError` of one
    line says what is wrong (the layer and the fix) for the data set's images and classes."""
    if not isinstance(text, str):
        raise ArchError(f"a model is named by text (softmax, cnn or an architecture such as "
                        f"{arch.TUTORIAL_CNN}), not {type(text).__name__}")
    word = text.strip().lower()
    if word in TUTORIAL_ARCHITECTURES:
        return word
    canonical = describe_text(text, dataset).text
    return _TUTORIAL_BY_TEXT.get(canonical, canonical)


@functools.lru_cache(maxsize=256)
def describe_text(text: str, dataset: str | None = "mnist") -> Description:
    """:func:`arch.describe` for the data set's 1x28x28 images in ten classes (cached)."""
    return arch.describe(text, input_shape=(1, 28, 28), classes=10, dataset=_dataset_name(dataset))


def architecture(model: str) -> str:
    """The architecture text of a model identifier ("softmax" -> "fc-10")."""
    return TUTORIAL_ARCHITECTURES.get(model) or arch.canonical(model)


def describe(model: str, dataset: str | None = "mnist") -> Description:
    """The checked description of a model identifier: layers, shapes, parameters, FLOPs, parts."""
    return describe_text(architecture(model), dataset)


def network(model: str) -> Network:
    """What the model is made of, as the panels decide from (``config.NETWORKS`` for the
    two tutorial models, named "softmax" and "cnn" as before)."""
    if is_tutorial(model):
        return config.NETWORKS[model]
    return describe(model).network


def weight_parts(model: str) -> tuple[str, ...]:
    """The weight parts the model hands out (``conv1_filters``..., ``softmax_weights``)."""
    if is_tutorial(model):
        return config.WEIGHT_PARTS[model]
    return describe(model).weight_parts


def activation_parts(model: str) -> tuple[str, ...]:
    """The activation parts the model hands out (``input``, ``conv1``..., ``probabilities``)."""
    if is_tutorial(model):
        return config.ACTIVATION_PARTS[model]
    return describe(model).activation_parts


def part_shapes(model: str) -> dict[str, tuple[int, ...]]:
    """Each weight and activation part's shape for one probe image (what a recording holds)."""
    description = describe(model)
    return {**description.weight_shapes, **description.part_shapes}


def layer_weight_names(model: str) -> tuple[str, ...]:
    """The layers whose weights the distributions statistics name (``dist/<layer>/...``):
    softmax regression's ``W``, the CNN's conv1, conv2, fc1, fc2, a LayerNet's conv and fc
    layers by their names."""
    if model == "softmax":
        return ("W",)
    return tuple(info.name for info in describe(model).layers if info.layer.kind in ("conv", "fc"))


def file_name(model: str) -> str:
    """A short name for files and folders: "softmax", "cnn", or "net-" and 8 hex digits of the
    architecture (an architecture can be longer than a file name may be, and has commas)."""
    if is_tutorial(model):
        return model
    return "net-" + hashlib.sha1(model.encode()).hexdigest()[:8]


def title(model: str, limit: int = 60) -> str:
    """The model in words for a message or a progress bar: "softmax", "cnn", or its
    architecture, cut in the middle past ``limit`` characters."""
    if is_tutorial(model) or len(model) <= limit:
        return model
    return model[:limit // 2] + "…" + model[-(limit // 2 - 1):]


def default_config(model: str, dataset: str | None = None) -> TrainConfig:
    """The settings ``model`` trains with when nothing else is said: the tutorial preset
    of "softmax" and "cnn", :data:`PLAYGROUND_SETTINGS` for any other architecture."""
    model = model_id(model, dataset)
    if is_tutorial(model):
        base = config.preset(config.DEFAULT_PRESET[model])
    else:
        base = TrainConfig(model=model, **PLAYGROUND_SETTINGS)
    return base if dataset is None else base.replace(dataset=dataset)


def with_preset(model: str, preset_name: str) -> TrainConfig:
    """Preset ``preset_name``'s settings for ``model`` (``--arch ... --preset ...``). A tutorial
    model keeps the preset as it is; any other architecture takes every setting of the
    preset but its keep probability: each dropout layer keeps the P its text gives it."""
    chosen = config.preset(preset_name)
    model = model_id(model, chosen.dataset)
    if model == chosen.model:
        return chosen
    return chosen.replace(model=model, keep_prob=chosen.keep_prob if is_tutorial(model) else None)


config.use_model_rules(model_id, architecture)
