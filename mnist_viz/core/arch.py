"""Architectures as text: the playground's layer lists, parsed, checked and described.

An architecture is one string of comma-separated layers (issue 15), for example the
tutorial CNN ``conv5x5-32,relu,maxpool-2,conv5x5-64,relu,maxpool-2,fc-1024,relu,dropout-0.5,fc-10``:

* ``convKxK-C``: K x K convolution with C output channels, stride 1, SAME padding;
* ``maxpool-N``, ``avgpool-N``: N x N pooling with stride N, sizes rounded down as torch does;
* ``relu``, ``sigmoid``, ``tanh``, ``leakyrelu`` (slope 0.01), ``gelu``;
* ``bn``: batch normalisation (2-D on images, 1-D on vectors);
* ``dropout-P``: drops each value with probability P while training (torch's convention);
* ``fc-N``: fully connected with N outputs; the input is flattened before the first fc;
* ``deskew``: moment normalisation (:mod:`mnist_viz.core.deskew`), first layer only: each
  image sheared upright (its ink's x-y covariance made 0), scaled to MNIST's typical
  height of ink and centred on its centroid; no parameters, the output the shape of the
  image (the shipped softmax is ``deskew,fc-10``).

The last layer is an fc with one output per class. :func:`parse` reads the text (spaces
and upper case allowed), :func:`canonical` writes it back as it is saved (lower case, no
spaces), and :func:`describe` checks the whole network and says, layer by layer, what it
outputs, how many parameters it has and what its forward pass costs. Every mistake is an
:class:`ArchError` of one line naming the layer and the fix, raised before anything trains.

This module is free of torch (the window imports it at start-up, before torch has loaded);
:mod:`mnist_viz.core.layernet` builds the network it describes.

Parts: the panels ask a model for its insides by name (see :mod:`mnist_viz.core.models`).
A network described here hands out these *activation parts*:

* ``input``: the image;
* ``deskew``: the image as the ``deskew`` layer hands it on (straightened, sized, centred);
* ``convI``, ``poolI``, ``fcI`` (the I-th conv, pool or fc, max and avg pools counted
  together, the last fc not counted): the layer's output *after the run of bn and
  activation layers that directly follows it* (a dropout ends the run), so that in the
  tutorial CNN ``conv1`` is relu(conv(x)) and ``fc1`` is relu(fc(x)), as today;
* ``probabilities``: the softmax of the last fc's outputs;
* ``evidence`` (single-fc networks only, see :attr:`Description.single_fc`): each input
  value's contribution x_i * W_ki to the logit of class k, one image per class;
* a bn or activation layer that does not follow a conv, pool or fc directly (it comes
  first, or after a dropout or another such run) has a part of its own, by its layer
  name (``bn1``, ``sigmoid2``...).

Each :class:`LayerInfo` says under which part its output is shown (``part``): a conv,
pool or fc and the layers its part absorbs report that part; a dropout reports the part
before it (at test time, when activations are shown, it passes its input unchanged);
``input`` if nothing comes before it. *Weight parts*: ``convI_filters`` for every conv,
(C, K, K) when its input has one channel, else (C_out, C_in, K, K); ``softmax_weights``
(classes, H, W), one template per class, for a single-fc network. For the two tutorial
networks these are exactly the names of ``config.WEIGHT_PARTS`` and ``config.ACTIVATION_PARTS``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import config
from .config import Network

#: "MNIST For ML Beginners": softmax regression on the pixels.
SOFTMAX = "fc-10"
#: "Deep MNIST for Experts".
TUTORIAL_CNN = "conv5x5-32,relu,maxpool-2,conv5x5-64,relu,maxpool-2,fc-1024,relu,dropout-0.5,fc-10"

ACTIVATIONS = ("relu", "sigmoid", "tanh", "leakyrelu", "gelu")
POOLS = ("maxpool", "avgpool")
KINDS = ("conv", *POOLS, *ACTIVATIONS, "bn", "dropout", "fc", "deskew")
#: Layers that keep the shape of what they get (the activations, bn, dropout: one list, in core.config).
ELEMENTWISE = config.SHAPE_KEEPING
#: The negative slope of ``leakyrelu``.
LEAKY_SLOPE = 0.01
#: How each layer is written, as the error messages list them.
LAYER_FORMS = ("conv KxK-C, maxpool-N, avgpool-N, relu, sigmoid, tanh, leakyrelu, gelu, bn, dropout-P, fc-N, "
               "deskew (first only)")
#: Forward FLOPs of ``deskew`` per image value: its moments (mass, row and column sums, the
#: covariance's products: 6), the affine map of each output pixel (8) and its bilinear
#: sample (4 weights, 4 multiply-adds: 8).
DESKEW_FLOPS_PER_VALUE = 22
#: The playground's limits, so that a typo (fc-100000) is explained instead of filling the memory.
MAX_PARAMETERS = 50_000_000
#: Values one layer may output per image (conv3x3-1024 on 28x28 is 802,816).
MAX_VALUES_PER_IMAGE = 1_000_000

_HINTS = {
    "softmax": "the softmax is part of the loss, so the network ends with its fc-10",
    "linear": "a fully connected layer is fc-N, e.g. fc-1024",
    "dense": "a fully connected layer is fc-N, e.g. fc-1024",
    "batchnorm": "batch normalisation is bn",
    "flatten": "the input is flattened before the first fc by itself",
    "pool": "a pool is maxpool-N or avgpool-N, e.g. maxpool-2",
}


class ArchError(ValueError):
    """A bad architecture, in one line: which layer (position and text) and how to fix it."""


@dataclass(frozen=True)
class Layer:
    """One layer of an architecture; only the fields of its kind mean something.

    ``kernel`` and ``channels``: a conv's K and C; ``size``: a pool's N or an fc's N;
    ``p``: a dropout's drop probability.
    """

    kind: str
    kernel: int = 0
    channels: int = 0
    size: int = 0
    p: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ArchError(f"unknown layer kind {self.kind!r}; the kinds are {', '.join(KINDS)}")

    @property
    def text(self) -> str:
        """The canonical text: ``conv5x5-32``, ``maxpool-2``, ``dropout-0.5``, ``fc-10``, ``bn``..."""
        if self.kind == "conv":
            return f"conv{self.kernel}x{self.kernel}-{self.channels}"
        if self.kind in POOLS or self.kind == "fc":
            return f"{self.kind}-{self.size}"
        if self.kind == "dropout":
            return f"dropout-{_number(self.p)}"
        return self.kind

    @property
    def network_kind(self) -> str:
        """The kind as :class:`config.Network` names it (both pools are "pool")."""
        return "pool" if self.kind in POOLS else self.kind


def _a(number: int) -> str:
    """The article before a number as it is read: "an 8x8 pool", "a 5x5 kernel"."""
    return "an" if str(number).startswith("8") or number in (11, 18) or 11_000 <= number < 12_000 else "a"


def _number(value: float) -> str:
    """A probability as short as it reads and back again exactly: 0.5, 0.25, 0."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


_CONV = re.compile(r"conv(\d+)x(\d+)-(\d+)")
_CONV_NO_CHANNELS = re.compile(r"conv(\d+)x(\d+)")
_CONV_NO_KERNEL = re.compile(r"conv-?(\d+)")
_POOL = re.compile(r"(maxpool|avgpool)-(\d+)")
_DROPOUT = re.compile(r"dropout-((?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)")
_FC = re.compile(r"fc-(\d+)")
_PLAIN = (*ACTIVATIONS, "bn", "deskew")


def parse_layer(text: str, position: int | None = None) -> Layer:
    """One layer from its text (spaces and upper case allowed); ``position`` (1-based) names
    it in the error message."""
    where = "" if position is None else f"layer {position} "
    token = re.sub(r"\s+", "", str(text)).lower()
    shown = f"{where}'{token}'"
    if not token:
        raise ArchError(f"{where or 'a layer '}is empty (two commas in a row, or one at an end); "
                        "remove the extra comma")
    if token.startswith("conv"):
        if match := _CONV.fullmatch(token):
            kernel, kernel_2, channels = (int(g) for g in match.groups())
            if kernel != kernel_2:
                raise ArchError(f"{shown}: kernels are square; write conv{kernel}x{kernel}-{channels}")
            return _checked(Layer("conv", kernel=kernel, channels=channels), shown)
        if match := _CONV_NO_CHANNELS.fullmatch(token):
            raise ArchError(f"{shown}: a convolution needs its channels, e.g. {token}-32")
        if match := _CONV_NO_KERNEL.fullmatch(token):
            raise ArchError(f"{shown}: a convolution needs its kernel size, e.g. conv5x5-{match.group(1)}")
        raise ArchError(f"{shown}: write a convolution as convKxK-C, e.g. conv5x5-32")
    if token.startswith(POOLS):
        if match := _POOL.fullmatch(token):
            return _checked(Layer(match.group(1), size=int(match.group(2))), shown)
        if token in POOLS:
            raise ArchError(f"{shown}: a pool needs its size, e.g. {token}-2")
        raise ArchError(f"{shown}: write a pool as {token[:7]}-N, e.g. {token[:7]}-2")
    if token.startswith("dropout"):
        if match := _DROPOUT.fullmatch(token):
            return _checked(Layer("dropout", p=float(match.group(1))), shown)
        if token == "dropout":
            raise ArchError(f"{shown}: a dropout needs its drop probability, e.g. dropout-0.5 "
                            "(drops half of the values while training)")
        raise ArchError(f"{shown}: write a dropout as dropout-P, P the probability of dropping "
                        "from 0 to below 1, e.g. dropout-0.5")
    if token.startswith("fc"):
        if match := _FC.fullmatch(token):
            return _checked(Layer("fc", size=int(match.group(1))), shown)
        if token == "fc":
            raise ArchError(f"{shown}: a fully connected layer needs its number of outputs, e.g. fc-1024")
        raise ArchError(f"{shown}: write a fully connected layer as fc-N, N a whole number, e.g. fc-1024")
    if token in _PLAIN:
        return Layer(token)
    for plain in _PLAIN:
        if token.startswith(plain) and not token[len(plain):].isalpha():
            raise ArchError(f"{shown}: {plain} takes no number; write {plain}")
    name = f"unknown layer '{token}'" + ("" if position is None else f" (layer {position})")
    hint = _HINTS.get(token.split("-")[0])
    raise ArchError(f"{name}; " + (f"{hint}; " if hint else "") + f"the layers are {LAYER_FORMS}")


def _problem(layer: Layer) -> str | None:
    """What is wrong with a layer on its own (its numbers), or None."""
    if layer.kind == "conv":
        if layer.kernel < 1:
            return f"a convolution's kernel is at least 1x1, e.g. conv3x3-{max(layer.channels, 1)}"
        if layer.channels < 1:
            return f"a convolution needs at least 1 channel, e.g. conv{layer.kernel}x{layer.kernel}-32"
    elif layer.kind in POOLS or layer.kind == "fc":
        if layer.size < 1:
            return (f"a pool is at least 1x1, e.g. {layer.kind}-2" if layer.kind != "fc"
                    else "a fully connected layer needs at least 1 output, e.g. fc-1024")
    elif layer.kind == "dropout":
        if not (math.isfinite(layer.p) and 0.0 <= layer.p < 1.0):
            return ("the drop probability must be at least 0 and below 1 (dropout-1 would drop "
                    "everything), e.g. dropout-0.5")
    return None


def _checked(layer: Layer, shown: str) -> Layer:
    problem = _problem(layer)
    if problem:
        raise ArchError(f"{shown}: {problem}")
    return layer


def parse(text: str) -> tuple[Layer, ...]:
    """The layers of an architecture written as text; an :class:`ArchError` says what is wrong.

    Only the layers themselves are checked here; :func:`describe` checks how they fit together.
    """
    if not isinstance(text, str):
        raise ArchError(f"an architecture is text, e.g. {TUTORIAL_CNN}, not {type(text).__name__}")
    if not text.strip():
        raise ArchError(f"the architecture is empty; write its layers separated by commas, e.g. {TUTORIAL_CNN}")
    return tuple(parse_layer(token, position) for position, token in enumerate(text.split(","), 1))


def join(layers: Iterable[Layer]) -> str:
    """The canonical text of a list of layers."""
    return ",".join(layer.text for layer in layers)


def canonical(text: str) -> str:
    """The form an architecture is saved in: lower case, comma-separated, no spaces
    (``"Conv5x5-32, ReLU"`` -> ``"conv5x5-32,relu"``)."""
    return join(parse(text))


def shape_text(shape: Sequence[int]) -> str:
    """A shape as the panels write it: ``32x28x28`` (channels x height x width) or ``1024``."""
    return "x".join(str(n) for n in shape)


@dataclass(frozen=True)
class LayerInfo:
    """One layer of a described network: what it outputs and what it costs.

    ``flops``: forward floating-point operations per image. Convolutions and fc layers count
    2 per multiply-add (bias additions not counted), as torch's FlopCounterMode does;
    activations, bn and dropout 1 per output value; a pool 1 per value it reads (N x N per
    output value); deskew :data:`DESKEW_FLOPS_PER_VALUE` per value of the image.
    """

    index: int                       # 0-based
    layer: Layer
    name: str                        # conv1, pool2, fc1, relu3, bn1, dropout1...
    part: str | None                 # the activation part that shows this layer's output
    out_shape: tuple[int, ...]       # (C, H, W) or (N,)
    params: int
    flops: int
    in_shape: tuple[int, ...] = ()
    weight_part: str | None = None   # convI_filters, softmax_weights, or None

    @property
    def text(self) -> str:
        return self.layer.text

    @property
    def position(self) -> int:
        """1-based, as the error messages count."""
        return self.index + 1


@dataclass(frozen=True)
class Description:
    """A checked architecture: its layers with their shapes and costs, and the parts it shows."""

    layers: tuple[LayerInfo, ...]
    input_shape: tuple[int, int, int]
    classes: int
    weight_parts: tuple[str, ...]
    activation_parts: tuple[str, ...]
    #: Each part's shape for one image (activation parts; "input" is (H, W) for one channel).
    part_shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: Each weight part's shape.
    weight_shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The canonical text."""
        return join(info.layer for info in self.layers)

    @property
    def params(self) -> int:
        return sum(info.params for info in self.layers)

    @property
    def flops(self) -> int:
        """Forward floating-point operations per image (see :class:`LayerInfo`)."""
        return sum(info.flops for info in self.layers)

    @property
    def training_flops(self) -> int:
        """The products' FLOPs of one training step per image (conv and fc layers only, as
        ``models.training_flops_per_sample``): forward, input gradient and weight gradient,
        except that the first conv or fc needs no gradient for its input when nothing with
        parameters comes before it."""
        total, parameters_before = 0, False
        for info in self.layers:
            if info.layer.kind in ("conv", "fc"):
                total += 3 * info.flops - (0 if parameters_before else info.flops)
            parameters_before = parameters_before or info.params > 0
        return total

    @property
    def network(self) -> Network:
        return Network(self.text, tuple(info.layer.network_kind for info in self.layers))

    @property
    def single_fc(self) -> bool:
        """One fc layer straight from the pixels (besides it only layers that keep the shape:
        activations, bn, dropout, a first ``deskew``): its weights are one template per class."""
        return _single_fc([info.layer for info in self.layers])

    def layer(self, name: str) -> LayerInfo:
        """The layer named ``name`` (conv1, fc2, relu1...)."""
        for info in self.layers:
            if info.name == name:
                return info
        raise KeyError(f"no layer {name!r}; the layers are {', '.join(i.name for i in self.layers)}")


def _single_fc(layers: Sequence[Layer]) -> bool:
    return config.single_fc_kinds(layer.kind for layer in layers)


def _layer_names(layers: Sequence[Layer]) -> list[str]:
    """conv1, pool1, fc2, relu1...; the one deskew is plain ``deskew``."""
    counts: dict[str, int] = {}
    names = []
    for layer in layers:
        if layer.kind == "deskew":
            names.append("deskew")
            continue
        key = {"maxpool": "pool", "avgpool": "pool"}.get(layer.kind, layer.kind)
        counts[key] = counts.get(key, 0) + 1
        names.append(f"{key}{counts[key]}")
    return names


def _parts(layers: Sequence[Layer], names: Sequence[str]) -> list[str]:
    """The activation part each layer's output is shown under (see the module docstring)."""
    parts: list[str] = []
    current, absorbing = "input", False
    last = len(layers) - 1
    for i, (layer, name) in enumerate(zip(layers, names)):
        if layer.kind in ("conv", "fc") or layer.kind in POOLS:
            current = "probabilities" if i == last else name
            absorbing = True
        elif layer.kind == "dropout":
            absorbing = False
        elif not absorbing:  # bn or an activation that starts a run of its own
            current = name
        parts.append(current)
    return parts


def describe(text_or_layers: str | Iterable[Layer], input_shape: Sequence[int] = (1, 28, 28),
             classes: int = 10, dataset: str = "MNIST") -> Description:
    """Check an architecture for images of ``input_shape`` (C, H, W) in ``classes`` classes and
    describe it; an :class:`ArchError` names the first layer that does not fit and the fix.
    ``dataset`` is the data set's name as the message for a wrong last layer says it."""
    layers = parse(text_or_layers) if isinstance(text_or_layers, str) else tuple(text_or_layers)
    if not layers:
        raise ArchError(f"the architecture is empty; write its layers separated by commas, e.g. {TUTORIAL_CNN}")
    for position, layer in enumerate(layers, 1):
        if not isinstance(layer, Layer):
            raise ArchError(f"layer {position} is not a layer but {layer!r}; the layers are {LAYER_FORMS}")
        problem = _problem(layer)
        if problem:
            raise ArchError(f"layer {position} '{layer.text}': {problem}")
    input_shape = tuple(int(n) for n in input_shape)
    names = _layer_names(layers)
    shape: tuple[int, ...] = input_shape
    rows = []  # (out_shape, params, flops, in_shape)
    for position, layer in enumerate(layers, 1):
        shown = f"layer {position} '{layer.text}'"
        values_in = math.prod(shape)
        if layer.kind == "deskew":
            if position != 1:
                raise ArchError(f"{shown}: deskew straightens the image itself, so it must be the first "
                                f"layer; move it to the front (deskew,{join(lay for lay in layers if lay.kind != 'deskew')})")
            out, params, flops = shape, 0, DESKEW_FLOPS_PER_VALUE * values_in
        elif layer.kind == "conv" or layer.kind in POOLS:
            what = "convolutions" if layer.kind == "conv" else "pools"
            if len(shape) == 1:
                raise ArchError(f"{shown} comes after a fully connected layer; {what} must come before the first fc")
            channels, height, width = shape
            if layer.kind == "conv":
                k = layer.kernel
                if k > max(height, width):
                    side = max(height, width)
                    raise ArchError(f"{shown}: the image is {height}x{width} here, smaller than a {k}x{k} "
                                    f"kernel; use conv{side}x{side}-{layer.channels} or smaller")
                out: tuple[int, ...] = (layer.channels, height, width)
                params = layer.channels * channels * k * k + layer.channels
                flops = 2 * k * k * channels * math.prod(out)
            else:
                n = layer.size
                out = (channels, height // n, width // n)
                if out[1] < 1 or out[2] < 1:
                    side = min(height, width)
                    fix = f"use {layer.kind}-{side} or smaller, or remove it" if side > 1 else "remove it"
                    raise ArchError(f"{shown}: the image is {height}x{width} here; {_a(n)} {n}x{n} pool would leave "
                                    f"{out[1]}x{out[2]}; {fix}")
                params, flops = 0, n * n * math.prod(out)
        elif layer.kind == "fc":
            out, params = (layer.size,), layer.size * values_in + layer.size
            flops = 2 * values_in * layer.size
        else:
            out = shape
            params = 2 * shape[0] if layer.kind == "bn" else 0
            flops = values_in
        values = math.prod(out)
        if values > MAX_VALUES_PER_IMAGE:
            raise ArchError(f"{shown}: it outputs {values:,} values per image ({shape_text(out)}), more than the "
                            f"playground's {MAX_VALUES_PER_IMAGE:,}; use fewer channels or outputs, or pool first")
        rows.append((out, params, flops, shape))
        shape = out
    last = layers[-1]
    want = f"fc-{classes}"
    if last.kind != "fc" or last.size != classes:
        fix = f"make it {want}" if last.kind == "fc" else f"add {want}"
        raise ArchError(f"the last layer must be {want} (one output per class of {dataset}), "
                        f"not {last.text}; {fix}")
    total = sum(params for _, params, _, _ in rows)
    if total > MAX_PARAMETERS:
        biggest = max(range(len(rows)), key=lambda i: rows[i][1])
        raise ArchError(f"the network has {total:,} parameters, more than the playground's {MAX_PARAMETERS:,}; "
                        f"layer {biggest + 1} '{layers[biggest].text}' alone has {rows[biggest][1]:,}: "
                        "use fewer channels or outputs, or pool before the first fc")

    parts = _parts(layers, names)
    single_fc = _single_fc(layers)
    channels_in, height, width = input_shape
    image = (height, width) if channels_in == 1 else input_shape
    part_shapes: dict[str, tuple[int, ...]] = {"input": image}
    weight_shapes: dict[str, tuple[int, ...]] = {}
    infos = []
    for index, (layer, name, part, (out, params, flops, in_shape)) in enumerate(zip(layers, names, parts, rows)):
        weight_part = None
        if layer.kind == "conv":
            weight_part = f"{name}_filters"
            weight_shapes[weight_part] = ((layer.channels, layer.kernel, layer.kernel) if in_shape[0] == 1
                                          else (layer.channels, in_shape[0], layer.kernel, layer.kernel))
        elif layer.kind == "fc" and single_fc:
            weight_part = "softmax_weights"
            weight_shapes[weight_part] = (classes, *image)
        if single_fc and part == "probabilities":
            part_shapes["evidence"] = (classes, *image)
        part_shapes[part] = out if part != "input" else image
        infos.append(LayerInfo(index=index, layer=layer, name=name, part=part, out_shape=out, params=params,
                               flops=flops, in_shape=in_shape, weight_part=weight_part))
    activation_parts = tuple(part_shapes)
    return Description(layers=tuple(infos), input_shape=input_shape, classes=classes,
                       weight_parts=tuple(weight_shapes), activation_parts=activation_parts,
                       part_shapes=part_shapes, weight_shapes=weight_shapes)
