"""What each unit looks for: the test images that excite it most, and the input it likes best.

A *unit* is one channel of a convolution layer, one unit of a hidden fully connected
layer, or one output class (its logit). :func:`unit_layers` lists the layers a model
offers (the CNN: conv1, conv2, fc1, output; softmax regression: output only), found from
its modules, so any architecture built of ``nn.Conv2d`` and ``nn.Linear`` works the same.
A unit's activation is its layer module's output (for a convolution, before the ReLU and
the pooling that follow it; ReLU and max-pooling do not change which image or position
is largest), caught with ``register_forward_hook``; the forward pass stops right there, so
asking about conv1 costs only conv1.

Two questions, each a pure function of (model, inputs) with numpy out:

* :func:`all_maxima` runs the whole test set once (batched, under ``inference_mode``)
  and keeps, for every layer, image and unit, its largest activation and where (the
  maximum over the spatial map for a convolution channel); :func:`layer_maxima` does it
  for one layer, stopping there. :func:`top_images` then
  picks a unit's 9 best images from that at no cost, with the **receptive field** of the
  maximal position: the box of input pixels that position sees, from the layer list
  (:func:`receptive_fields`: 5x5 SAME convolutions and 2x2 pools; conv1 sees 5x5 pixels,
  conv2 14x14; a fully connected unit the whole image).
* :func:`maximise` is **activation maximisation**: an input optimised from noise by Adam
  to raise the unit's activation (for a convolution channel, its value at the centre of
  the map, Lucid's "neuron" objective: the pattern appears inside the centre's receptive
  field, where a panel can outline it), with the usual regularisers: random jitter (a shift
  of up to ``jitter`` pixels each step), a Gaussian blur every few steps, an L2 and a
  total-variation penalty (jitter and blur sized by the receptive field:
  :func:`regularisers_for`), and pixels kept in 0..1 as MNIST's are. It is a generator of
  :class:`Frame`\\ s, so a panel can show the image forming. With gradients on, the CNN
  runs its plain forward (the CPU-lever forward computes fc1 without calling the module,
  which a hook would miss); the two give the same values.

The model must not be used by another thread during a call (pass a copy of the live
weights): hooks are added and removed, and eval mode is set for the call.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .config import NETWORKS
from .embedding import as_batch, eval_mode

if TYPE_CHECKING:  # torch is imported where used: the window is built before torch loads
    import torch
    from torch import nn

OUTPUT = "output"
CENTRE = "centre"
#: Receptive fields narrower than this get no jitter and no blur (see regularisers_for).
SMALL_FIELD = 10
BATCH_SIZE = 500
TOP_COUNT = 9
SIDE = 28


class UnitError(ValueError):
    """A unit that does not exist, or a question that cannot be asked; the message says why."""


@dataclass(frozen=True)
class UnitLayer:
    """A layer whose units can be chosen: "conv1" (kind "conv"), "fc1" ("fc"), "output"."""

    name: str
    kind: str
    units: int


@dataclass(frozen=True)
class ReceptiveField:
    """Where a layer's map position looks in the input: position p sees the pixels
    centred on ``start + p * jump``, ``size`` wide (clipped to the image)."""

    size: int
    jump: int
    start: float

    def box(self, row: int, column: int) -> tuple[int, int, int, int]:
        """(top, left, bottom, right) in input pixels, inclusive, clipped to 0..27."""
        half = (self.size - 1) / 2
        edges = []
        for position in (row, column):
            centre = self.start + position * self.jump
            edges.append((max(0, math.ceil(centre - half - 1e-9)), min(SIDE - 1, math.floor(centre + half + 1e-9))))
        (top, bottom), (left, right) = edges
        return top, left, bottom, right


WHOLE_IMAGE = ReceptiveField(size=SIDE, jump=1, start=(SIDE - 1) / 2)


# -------------------------------------------------------------------- layers
def _modules(model: nn.Module) -> list[tuple[str, nn.Module]]:
    from torch import nn

    return [(name, module) for name, module in model.named_modules() if isinstance(module, (nn.Conv2d, nn.Linear))]


def unit_layers(model: nn.Module) -> list[UnitLayer]:
    """The layers whose units can be asked about, in forward order; the last is the output."""
    from torch import nn

    modules = _modules(model)
    layers = []
    linears = [module for _, module in modules if isinstance(module, nn.Linear)]
    for name, module in modules:
        if isinstance(module, nn.Conv2d):
            layers.append(UnitLayer(name, "conv", module.out_channels))
        elif module is not linears[-1]:
            layers.append(UnitLayer(name, "fc", module.out_features))
    layers.append(UnitLayer(OUTPUT, "output", 10))
    return layers


def find_layer(model: nn.Module, name: str) -> UnitLayer:
    for layer in unit_layers(model):
        if layer.name == name:
            return layer
    names = ", ".join(layer.name for layer in unit_layers(model))
    raise UnitError(f"the {getattr(model, 'name', 'model')} model has no layer {name!r}; choose one of {names}")


def check_unit(model: nn.Module, name: str, unit: int) -> UnitLayer:
    layer = find_layer(model, name)
    if not 0 <= int(unit) < layer.units:
        raise UnitError(f"{name} has units 0..{layer.units - 1}, not {unit}")
    return layer


def receptive_fields(model: nn.Module) -> dict[str, ReceptiveField]:
    """Each convolution layer's receptive field, from the network's layer list
    (a LayerNet's architecture, with each pool's size; the tutorial CNN's
    ``core.config.NETWORKS``: which convolutions are followed by a 2x2 pool) and each
    ``nn.Conv2d``'s kernel, stride and padding; fully connected layers see the whole image.

    The usual recurrence (Araujo et al., "Computing receptive fields of CNNs", 2019):
    through a layer of kernel k, stride s and padding p, size += (k - 1) * jump,
    start += ((k - 1) / 2 - p) * jump, jump *= s."""
    from torch import nn

    convs = [(name, module) for name, module in _modules(model) if isinstance(module, nn.Conv2d)]
    description = getattr(model, "arch", None)  # a LayerNet: its layers, with each pool's size
    if description is not None and hasattr(description, "layers"):
        steps = [(info.layer.kind if info.layer.kind == "conv" else "pool", info.layer)
                 for info in description.layers if info.layer.kind == "conv" or info.layer.network_kind == "pool"]
    else:
        network = NETWORKS.get(getattr(model, "name", ""))
        steps = [(kind, None) for kind in (network.layers if network is not None else ["conv"] * len(convs))]
    if [kind for kind, _ in steps].count("conv") != len(convs):  # a description that does not fit: no pooling
        steps = [("conv", None)] * len(convs)
    fields: dict[str, ReceptiveField] = {}
    size, jump, start = 1, 1, 0.0
    conv_iter = iter(convs)
    for kind, layer in steps:
        if kind == "conv":
            name, conv = next(conv_iter)
            k, s = conv.kernel_size[0], conv.stride[0]
            # SAME padding: a LayerNet pads an even kernel (K - 1) / 2 before, by hand
            p = (k - 1) // 2 if layer is not None else conv.padding[0]
        elif kind == "pool":
            k = s = layer.size if layer is not None else 2
            p = 0
        else:
            continue
        size += (k - 1) * jump
        start += ((k - 1) / 2 - p) * jump
        jump *= s
        if kind == "conv":
            fields[name] = ReceptiveField(size, jump, start)
    for layer in unit_layers(model):
        fields.setdefault(layer.name, WHOLE_IMAGE)
    return fields


# ------------------------------------------------------------ activations
class _Enough(Exception):
    """Raised by the hook once the layer's output is caught: the rest of the network is skipped."""


def layer_output(model: nn.Module, name: str, x: torch.Tensor) -> torch.Tensor:
    """The output of layer ``name`` for the batch ``x``: (B, C, H, W) for a convolution,
    (B, units) for a fully connected layer, (B, 10) logits for ``output``. Keeps the autograd
    graph when gradients are on."""
    forward = model  # the plain forward: every layer is called as a module, so the hook fires
    if name == OUTPUT:
        return forward(x)
    module = dict(_modules(model)).get(name)
    if module is None:
        find_layer(model, name)  # raises, naming the layers there are
    caught = []

    def hook(_module, _inputs, output):
        caught.append(output)
        raise _Enough

    handle = module.register_forward_hook(hook)
    try:
        forward(x)
    except _Enough:
        pass
    finally:
        handle.remove()
    return caught[0]


@dataclass(frozen=True)
class LayerMaxima:
    """For every image and unit of one layer: the largest activation and where it is."""

    layer: str
    values: np.ndarray            # (N, units) float32
    positions: np.ndarray | None  # (N, units) int64 flat index into the map, None for fc/output
    map_shape: tuple[int, int] | None
    seconds: float


def layer_maxima(model: nn.Module, name: str, images, batch_size: int = BATCH_SIZE) -> LayerMaxima:
    """:class:`LayerMaxima` of layer ``name`` over ``images`` (the test set: 10,000); the
    forward pass stops at that layer."""
    return all_maxima(model, images, batch_size, layers=(name,))[name]


def all_maxima(model: nn.Module, images, batch_size: int = BATCH_SIZE, layers: tuple[str, ...] | None = None
               ) -> dict[str, LayerMaxima]:
    """:class:`LayerMaxima` of several layers (default: every layer of :func:`unit_layers`)
    from one pass over ``images``: after it, any unit of any layer is a :func:`top_images`
    away. The pass stops after the last layer asked for."""
    import torch

    wanted = [layer.name for layer in unit_layers(model)] if layers is None else list(layers)
    for name in wanted:
        find_layer(model, name)
    modules = dict(_modules(model))
    order = [layer.name for layer in unit_layers(model) if layer.name in wanted]
    last = order[-1]
    started = time.perf_counter()
    batch = as_batch(images)
    found: dict[str, tuple[list, list]] = {name: ([], []) for name in order}
    shapes: dict[str, tuple[int, int] | None] = dict.fromkeys(order)

    def keep(name: str, out: torch.Tensor) -> None:
        out = out.float()
        values, positions = found[name]
        if out.dim() == 4:
            shapes[name] = tuple(out.shape[-2:])
            best, where = out.flatten(2).max(dim=2)
            values.append(best.numpy())
            positions.append(where.numpy())
        else:
            values.append(out.numpy())

    def hook_for(name: str):
        def hook(_module, _inputs, output):
            keep(name, output)
            if name == last:
                raise _Enough
        return hook

    handles = [modules[name].register_forward_hook(hook_for(name)) for name in order if name != OUTPUT]
    try:
        with eval_mode(model), torch.inference_mode():
            for begin in range(0, len(batch), batch_size):
                try:
                    logits = model(batch[begin:begin + batch_size])
                except _Enough:
                    continue
                if OUTPUT in found:
                    keep(OUTPUT, logits)
    finally:
        for handle in handles:
            handle.remove()
    seconds = time.perf_counter() - started
    return {name: LayerMaxima(name, np.concatenate(found[name][0]) if found[name][0] else np.zeros((0, 0), np.float32),
                              np.concatenate(found[name][1]) if found[name][1] else None, shapes[name], seconds)
            for name in order}


@dataclass(frozen=True)
class TopImages:
    """A unit's most exciting images, best first, with what part of each the unit sees."""

    layer: str
    unit: int
    indices: np.ndarray                        # (k,) int64 into the images asked about
    values: np.ndarray                         # (k,) float32: the unit's largest activation on each
    positions: list[tuple[int, int]] | None    # (row, column) in the layer's map; None for fc/output
    boxes: list[tuple[int, int, int, int]]     # receptive field (top, left, bottom, right), inclusive


def top_images(model: nn.Module, maxima: LayerMaxima, unit: int, count: int = TOP_COUNT) -> TopImages:
    """The ``count`` images on which ``unit`` of ``maxima.layer`` is largest (ties: lower index first)."""
    check_unit(model, maxima.layer, unit)
    column = maxima.values[:, unit]
    order = np.lexsort((np.arange(len(column)), -column))[:count]  # stable: highest value, then lowest index
    field = receptive_fields(model)[maxima.layer]
    positions = None
    if maxima.positions is not None and maxima.map_shape is not None:
        width = maxima.map_shape[1]
        positions = [divmod(int(p), width) for p in maxima.positions[order, unit]]
        boxes = [field.box(row, col) for row, col in positions]
    else:
        boxes = [WHOLE_IMAGE.box(0, 0)] * len(order)
    return TopImages(maxima.layer, int(unit), order.astype(np.int64), column[order].astype(np.float32),
                     positions, boxes)


def unit_activation(model: nn.Module, name: str, unit: int, images, reduce: str = "max") -> np.ndarray:
    """(N,) float32: the unit's activation on each image; for a convolution channel the
    ``max`` over its map (as :func:`top_images` ranks), or its value at the map's ``centre``
    (what :func:`maximise` raises)."""
    import torch

    check_unit(model, name, unit)
    with eval_mode(model), torch.inference_mode():
        return _objective(layer_output(model, name, as_batch(images)), unit, reduce).float().numpy()


def _objective(out: torch.Tensor, unit: int, reduce: str = "max") -> torch.Tensor:
    value = out[:, unit]
    if value.dim() == 3:
        if reduce == "centre":
            return value[:, value.shape[1] // 2, value.shape[2] // 2]
        return value.flatten(1).amax(1)
    return value


# ------------------------------------------------------- activation maximisation
@dataclass(frozen=True)
class Frame:
    """One picture of an activation maximisation on its way."""

    step: int
    image: np.ndarray   # (28, 28) float32 in 0..1
    activation: float   # the unit's activation on ``image`` (without jitter; max over a channel's map)
    done: bool = False
    seconds: float = 0.0


@dataclass(frozen=True)
class Regularisers:
    """The regularisers of :func:`maximise` (defaults: for a unit that sees the whole image)."""

    jitter: int = 2            # random shift of up to this many pixels, each step
    blur_every: int = 4        # a Gaussian blur of the image every this many steps (0: never)
    blur_sigma: float = 0.5    # pixels
    l2: float = 0.02           # weight of the mean squared pixel value, relative to the unit's scale
    tv: float = 0.05           # weight of the mean absolute difference between neighbouring pixels


def regularisers_for(field_size: int) -> Regularisers:
    """The regularisers for a unit whose receptive field is ``field_size`` pixels wide, as
    tuned on the shipped CNN (readable images that beat its best test image on every unit
    tried): none of jitter or blur for a field under ``SMALL_FIELD`` (conv1's 5x5: they
    would average its pattern away); a shift of at most 1 pixel for a part of the image
    (conv2's 14x14: 2 pixels cost two thirds of the activation; with a blur of 0.25 pixel
    instead of 0.5 the 2x2 pooling left a checkerboard); the defaults for the whole image
    (fc1, the output), where a blur of 1 pixel cost half the activation."""
    if field_size < SMALL_FIELD:
        return Regularisers(jitter=0, blur_every=0)
    if field_size < SIDE:
        return Regularisers(jitter=1)
    return Regularisers()


def _gaussian_kernel(sigma: float):
    import torch

    radius = max(1, math.ceil(2 * sigma))
    offsets = torch.arange(-radius, radius + 1, dtype=torch.float32)
    line = torch.exp(-(offsets ** 2) / (2 * sigma ** 2))
    line = line / line.sum()
    return (line[:, None] * line[None, :])[None, None], radius


def maximise(model: nn.Module, name: str, unit: int, steps: int = 256, lr: float = 0.05, seed: int = 0,
             regularisers: Regularisers | None = None, every: int = 16) -> Iterator[Frame]:
    """Activation maximisation of ``unit`` of layer ``name``: yields a :class:`Frame` every
    ``every`` steps (step 0 is the starting noise) and a last one with ``done=True``.

    The loss is ``-activation / scale + l2 * mean(x^2) + tv * TV(x)``, where ``scale`` is the
    spread of the unit's activation over a few random inputs (so that one set of penalty
    weights suits units whose activations differ a hundredfold). Noise, jitter and start come
    from a private generator seeded with ``seed``: the same call gives the same images, and
    torch's global random numbers (a training's dropout) are left alone."""
    import torch
    from torch.nn import functional as F

    check_unit(model, name, unit)
    reg = regularisers or regularisers_for(receptive_fields(model)[name].size)
    jitter, sigma, blur_every = reg.jitter, reg.blur_sigma, reg.blur_every
    generator = torch.Generator().manual_seed(seed)
    kernel, radius = _gaussian_kernel(sigma) if blur_every and sigma > 0 else (None, 0)
    started = time.perf_counter()
    with eval_mode(model):
        with torch.no_grad():
            probes = torch.rand((16, 1, SIDE, SIDE), generator=generator)
            spread = _objective(layer_output(model, name, probes), unit, CENTRE).std()
            scale = float(spread) if math.isfinite(float(spread)) and float(spread) > 1e-6 else 1.0
        x = (0.1 + 0.1 * torch.rand((1, 1, SIDE, SIDE), generator=generator)).requires_grad_(True)
        optimiser = torch.optim.Adam([x], lr=lr)

        def frame(step: int, done: bool = False) -> Frame:
            with torch.no_grad():
                value = float(_objective(layer_output(model, name, x), unit)[0])  # max over the map
            return Frame(step, x.detach()[0, 0].numpy().copy(), value, done, time.perf_counter() - started)

        yield frame(0)
        for step in range(1, steps + 1):
            shift = torch.randint(-jitter, jitter + 1, (2,), generator=generator).tolist() if jitter else [0, 0]
            shifted = torch.roll(x, shifts=shift, dims=(2, 3))
            activation = _objective(layer_output(model, name, shifted), unit, CENTRE)[0]
            tv = (x[..., 1:, :] - x[..., :-1, :]).abs().mean() + (x[..., :, 1:] - x[..., :, :-1]).abs().mean()
            loss = -activation / scale + reg.l2 * (x ** 2).mean() + reg.tv * tv
            (gradient,) = torch.autograd.grad(loss, x)
            x.grad = gradient
            optimiser.step()
            with torch.no_grad():
                if kernel is not None and step % blur_every == 0:
                    x.copy_(F.conv2d(F.pad(x, (radius,) * 4, mode="replicate"), kernel))
                x.clamp_(0.0, 1.0)
            if step % every == 0 and step < steps:
                yield frame(step)
        yield frame(steps, done=True)


def maximised_image(model: nn.Module, name: str, unit: int, **options) -> Frame:
    """The last frame of :func:`maximise` (for a caller that does not show the way there)."""
    last = None
    for last in maximise(model, name, unit, **options):
        pass
    return last
