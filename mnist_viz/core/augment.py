"""Data augmentation on whole training batches: digits the way other people write them.

The shipped models read MNIST's own digits almost perfectly but stumble on handwriting
from elsewhere: scanned at a lower resolution (blurrier, blockier), written with thicker
or thinner pens, slanted, squashed, wobblier. Augmentation shows the model such digits
while it trains. Everything here works on a whole batch tensor at once, ``(N, 1, 28, 28)``
float32 in [0, 1] with bright ink, on whatever device the batch lives on; nothing loops
over samples, no PIL, no torchvision (whose import costs seconds):

* :func:`warp`: a random **affine** map (rotation, scale, shear, translation) and an
  **elastic** distortion (Simard et al. 2003: random noise smoothed by a Gaussian, a
  displacement field in pixels) added to the same sampling grid, so that the batch is
  resampled once, by one ``F.grid_sample`` call;
* :func:`stroke_width`: **thinner or thicker strokes**, grey-scale erosion or dilation
  (the 3x3 minimum or maximum, what ``max_pool2d`` of ``-x`` or of ``x`` gives) worked at
  twice the resolution, so that a step is half a pixel on each side of a stroke, blended
  for widths in between;
* :func:`low_resolution`: **resampling** down to 14 or 10 pixels (area average) and back
  up (bilinear: blurry; nearest: blocky), as a digit scanned small and enlarged;
* :func:`blur`: a **Gaussian blur** of per-sample width;
* :func:`contrast`: **ink strength and gamma** (faint ink, soft or hard stroke edges).

On a CPU, at 28x28 and one channel, ``F.interpolate``, grouped convolutions and
``max_pool2d`` are slow kernels (``max_pool2d`` on NCHW is a scalar loop): resampling and
blurs are therefore written as batched matrix products ``M @ x @ M.T`` (separable
filters; the matrices are what ``F.interpolate`` does along one axis), and the 3x3
maxima as maxima of shifted copies. The whole canvas recipe took 8-30 ms for a batch
of 100 on one core of the project's 2-core VM (quiet to busy); see ``mnist-viz bench
--only augment`` for what it costs a training run.

Each of these takes explicit per-sample parameters (the tests call them directly);
:func:`augment` draws those parameters from a :class:`torch.Generator` and applies them,
each to the samples it picked, in the order above (the pen, then the geometry, then the
scan). A seed therefore reproduces a batch exactly (on the same device and torch
version). The random numbers are drawn in one fixed order whatever the recipe's
probabilities, so that changing one probability leaves the other draws alone.

A :class:`Recipe` says how strong each transformation is; :data:`RECIPES` names them:
``"none"`` (the tutorials: the batch as it is), ``"canvas"`` (for a CNN that reads
anyone's handwriting, strengths documented on :data:`CANVAS`) and ``"canvas-light"``
(its lighter variant for the softmax, :data:`CANVAS_LIGHT`). The Trainer applies a recipe to the
training batch only, never to evaluation or the probe (``core.training``).

This module imports torch only inside its functions: the recipes can be listed by the
window before torch is loaded.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

SIZE = 28
#: Where the low-resolution resampling goes down to (pixels), and back up from.
LOW_SIZES = (14, 10)


@dataclass(frozen=True)
class Recipe:
    """How strongly each transformation is drawn. Ranges are uniform unless said otherwise.

    A probability says which fraction of a batch's samples a transformation touches; the
    others pass through it unchanged. ``clean_p`` of the samples skip every transformation
    (the model keeps seeing MNIST as it is).
    """

    name: str
    #: samples left exactly as they are
    clean_p: float = 0.0
    #: rotation in degrees, uniform in [-rotate_deg, rotate_deg] (positive: anticlockwise)
    rotate_deg: float = 0.0
    #: scale factor, log-uniform in [scale[0], scale[1]] (both axes)
    scale: tuple[float, float] = (1.0, 1.0)
    #: extra horizontal squash or stretch: width / height ratio, log-uniform in [1/aspect, aspect]
    aspect: float = 1.0
    #: horizontal shear (slant) in degrees, uniform in [-shear_deg, shear_deg]
    shear_deg: float = 0.0
    #: translation in pixels, uniform in [-translate_px, translate_px] on each axis
    translate_px: float = 0.0
    #: fraction of samples with an elastic distortion
    elastic_p: float = 0.0
    #: its RMS displacement in pixels, uniform in [0, elastic_px]
    elastic_px: float = 0.0
    #: the smoothness of the field: the Gaussian's sigma in pixels (Simard et al.: 4)
    elastic_sigma: float = 4.0
    #: fraction of samples drawn with a thinner pen, and by how much at most (pixels of width)
    thin_p: float = 0.0
    thin_px: float = 0.0
    #: fraction drawn with a thicker pen, and by how much at most (pixels of width)
    thick_p: float = 0.0
    thick_px: float = 0.0
    #: fraction resampled to a lower resolution (one of LOW_SIZES, equally likely) and back
    lowres_p: float = 0.0
    #: of those, the fraction enlarged back with nearest neighbours (blocky) rather than bilinear (blurry)
    blocky_p: float = 0.0
    #: fraction blurred, and the blur's sigma in pixels, uniform in the range
    blur_p: float = 0.0
    blur_sigma: tuple[float, float] = (0.5, 1.0)
    #: fraction with other ink: brightness of the ink's peak in the range, gamma log-uniform in the range
    contrast_p: float = 0.0
    ink: tuple[float, float] = (1.0, 1.0)
    gamma: tuple[float, float] = (1.0, 1.0)

    @property
    def is_identity(self) -> bool:
        """True when the recipe changes nothing (the batch is passed through as it is)."""
        geometric = (self.rotate_deg or self.scale != (1.0, 1.0) or self.aspect != 1.0 or self.shear_deg
                     or self.translate_px or (self.elastic_p and self.elastic_px))
        others = ((self.thin_p and self.thin_px) or (self.thick_p and self.thick_px) or self.lowres_p
                  or self.blur_p or (self.contrast_p and (self.ink != (1.0, 1.0) or self.gamma != (1.0, 1.0))))
        return self.clean_p >= 1.0 or not (geometric or others)

    def describe(self) -> str:
        """The recipe's non-default settings in one line, for logs and the bench."""
        default = Recipe(name=self.name)
        changed = [f"{f.name}={getattr(self, f.name)}" for f in fields(self)
                   if f.name != "name" and getattr(self, f.name) != getattr(default, f.name)]
        return f"{self.name}: " + (", ".join(changed) if changed else "nothing (the batch as it is)")


NONE = Recipe(name="none")

#: What the shipped models train with. The strengths stay inside what a person writes and
#: what ``core.preprocess`` leaves of a canvas drawing (a 20-pixel box, centred by mass, pen
#: widths 1.5-4 px), and outside what ``core.robustness`` tests with, so that those sets
#: measure generalisation, not memory:
#:
#: * 15 % of the samples untouched;
#: * rotation up to +-12 degrees, scale 0.85-1.12, width/height up to 1.15x either way,
#:   slant up to +-15 degrees, shift up to 2 pixels;
#: * half of the samples elastically distorted, RMS displacement up to 1.2 pixels, sigma 4;
#: * 20 % a thinner pen (up to 0.8 px narrower), 25 % a thicker one (up to 1.5 px wider);
#: * 25 % resampled at 14 or 10 pixels and back (a third of those blocky);
#: * 15 % of the others blurred (sigma 0.4-0.9 px);
#: * 30 % with other ink: peak 0.6-1.0, gamma 0.7-1.4.
CANVAS = Recipe(name="canvas", clean_p=0.15, rotate_deg=12.0, scale=(0.85, 1.12), aspect=1.15,
                shear_deg=15.0, translate_px=2.0, elastic_p=0.5, elastic_px=1.2, elastic_sigma=4.0,
                thin_p=0.2, thin_px=0.8, thick_p=0.25, thick_px=1.5, lowres_p=0.25, blocky_p=0.33,
                blur_p=0.15, blur_sigma=(0.4, 0.9), contrast_p=0.3, ink=(0.6, 1.0), gamma=(0.7, 1.4))

#: The canvas recipe made lighter for the softmax model. A linear model matches one template
#: per digit against the pixels: large turns and size changes blur its templates (on the
#: softmax it cost MNIST accuracy and bought little), while pens and scans it can absorb.
#: Measured with Adam, one-cycle, 3,000 steps (see README, Results): 92.1 % on MNIST test
#: and 83.8 % on core.robustness's sets, against 90.1 % and 81.1 % with ``canvas``.
#:
#: * 30 % of the samples untouched;
#: * rotation up to +-6 degrees, scale 0.93-1.07, width/height up to 1.1x, slant up to +-10
#:   degrees, shift up to 1 pixel;
#: * 30 % elastically distorted, RMS up to 1 pixel, sigma 4;
#: * 5 % a thinner pen (up to 0.5 px), 35 % a thicker one (up to 2 px);
#: * 30 % resampled at 14 or 10 pixels and back (30 % of those blocky);
#: * 20 % of the others blurred (sigma 0.5-1.1 px);
#: * 10 % with other ink: peak 0.8-1.0, gamma 0.8-1.25.
CANVAS_LIGHT = Recipe(name="canvas-light", clean_p=0.3, rotate_deg=6.0, scale=(0.93, 1.07), aspect=1.1,
                      shear_deg=10.0, translate_px=1.0, elastic_p=0.3, elastic_px=1.0, elastic_sigma=4.0,
                      thin_p=0.05, thin_px=0.5, thick_p=0.35, thick_px=2.0, lowres_p=0.3, blocky_p=0.3,
                      blur_p=0.2, blur_sigma=(0.5, 1.1), contrast_p=0.1, ink=(0.8, 1.0), gamma=(0.8, 1.25))

RECIPES: dict[str, Recipe] = {"none": NONE, "canvas": CANVAS, "canvas-light": CANVAS_LIGHT}


def get_recipe(name: str) -> Recipe:
    """The recipe called ``name``; a one-line ValueError naming the choices otherwise."""
    try:
        return RECIPES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown augmentation {name!r}; choose one of {', '.join(RECIPES)}") from None


# ---------------------------------------------------------------- the transformations
def _check(images: torch.Tensor) -> None:
    if images.dim() != 4 or images.shape[1] != 1 or not images.is_floating_point():
        raise ValueError(f"expected a float batch shaped (N, 1, H, W), got {tuple(images.shape)} "
                         f"{images.dtype}")


def affine_matrices(angle_deg, scale, shear_deg, tx_px, ty_px, size: int = SIZE, aspect=None) -> torch.Tensor:
    """``(N, 2, 3)`` matrices for ``F.affine_grid``: where each output pixel samples the input.

    The forward map, in pixel units about the image's centre with y pointing down, is
    ``p' = scale * R(angle) @ diag(aspect, 1) @ Shear(shear) @ p + t``: positive angles turn
    the digit anticlockwise as it is seen, positive shear slants its top to the right,
    ``aspect`` > 1 widens it. ``affine_grid`` wants the inverse map in normalised
    coordinates (the image spans -1..1), which is what is returned.
    """
    import torch

    angle = torch.as_tensor(angle_deg, dtype=torch.float32) * (math.pi / 180)
    scale = torch.as_tensor(scale, dtype=torch.float32).expand_as(angle)
    shear = torch.tan(torch.as_tensor(shear_deg, dtype=torch.float32) * (math.pi / 180)).expand_as(angle)
    aspect = (torch.ones_like(angle) if aspect is None
              else torch.as_tensor(aspect, dtype=torch.float32).expand_as(angle))
    cos, sin = torch.cos(angle), torch.sin(angle)
    zero, one = torch.zeros_like(angle), torch.ones_like(angle)
    rotation = torch.stack([torch.stack([cos, sin], -1), torch.stack([-sin, cos], -1)], -2)
    # y down: the digit's top (negative y) moves right for a positive shear
    shearing = torch.stack([torch.stack([one, -shear], -1), torch.stack([zero, one], -1)], -2)
    widen = torch.stack([torch.stack([aspect, zero], -1), torch.stack([zero, one], -1)], -2)
    forward = scale[:, None, None] * rotation @ widen @ shearing
    inverse = torch.linalg.inv(forward)
    shift = torch.stack([torch.as_tensor(tx_px, dtype=torch.float32).expand_as(angle),
                         torch.as_tensor(ty_px, dtype=torch.float32).expand_as(angle)], -1) * (2.0 / size)
    offset = -(inverse @ shift.unsqueeze(-1))
    return torch.cat([inverse, offset], -1)


@functools.lru_cache(maxsize=32)
def _resize_matrix(source: int, target: int, mode: str) -> torch.Tensor:
    """``(target, source)``: what ``F.interpolate`` does along one axis, as a matrix.

    Resampling an image is separable, so ``M @ x @ M.T`` equals ``F.interpolate`` of ``x``
    (same modes, ``align_corners=False``): a batched matrix product, several times faster
    on a CPU than the interpolation kernels at these sizes.
    """
    import torch
    from torch.nn import functional as F

    linear = {"bilinear": "linear", "bicubic": "cubic"}.get(mode, mode)  # the 2-D mode's 1-D form
    extra = {} if linear in ("area", "nearest") else {"align_corners": False}
    basis = F.interpolate(torch.eye(source)[:, None, :], size=target, mode=linear, **extra)
    return basis[:, 0, :].T.contiguous()


def gaussian_matrices(sigma: torch.Tensor, size: int = SIZE) -> torch.Tensor:
    """``(N, size, size)`` matrices G with ``G @ x @ G.T`` a Gaussian blur of ``sigma[i]``
    pixels (truncated at 3 sigma, zero outside the image), one per sample."""
    import torch

    sigma = sigma.reshape(-1).to(torch.float32)
    radius = max(1, int(math.ceil(3.0 * float(sigma.max())))) if sigma.numel() else 1
    taps = torch.arange(-radius, radius + 1, dtype=torch.float32, device=sigma.device)
    kernels = torch.exp(-0.5 * (taps[None] / sigma.clamp_min(1e-3)[:, None]) ** 2)
    kernels = kernels / kernels.sum(1, keepdim=True)
    offset = (torch.arange(size, device=sigma.device)[None, :] - torch.arange(size, device=sigma.device)[:, None])
    inside = offset.abs() <= radius
    index = (offset + radius).clamp(0, 2 * radius)
    return kernels[:, index] * inside


def _both_axes(matrix: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """``matrix @ x @ matrix.T`` over the last two axes (matrix ``(a, b)`` or ``(N, a, b)``)."""
    if matrix.dim() == 3 and x.dim() == 4:
        matrix = matrix[:, None]
    return matrix @ x @ matrix.transpose(-1, -2)


def elastic_field(noise: torch.Tensor, rms_px: torch.Tensor, sigma: float, size: int = SIZE) -> torch.Tensor:
    """A smooth random displacement field ``(N, size, size, 2)`` in pixels from uniform noise.

    ``noise`` ``(N, 2, h, w)`` in [-1, 1] (drawn at half the resolution: a field this
    smooth has nothing finer) is smoothed by a Gaussian of ``sigma`` pixels of the final
    image (Simard et al.), enlarged bilinearly, and scaled so that each sample's RMS
    displacement is ``rms_px``.
    """
    import torch

    coarse = noise.shape[-1]
    factor = size / coarse
    smooth = gaussian_matrices(torch.tensor([sigma / factor], device=noise.device), coarse)[0]
    matrix = _resize_matrix(coarse, size, "bilinear").to(noise.device) @ smooth
    field = _both_axes(matrix, noise)
    rms = field.pow(2).mean(dim=(1, 2, 3), keepdim=True).sqrt().clamp_min(1e-8)
    return (field * (rms_px.reshape(-1, 1, 1, 1).to(field) / rms)).permute(0, 2, 3, 1)


def warp(images: torch.Tensor, theta: torch.Tensor, displacement_px: torch.Tensor | None = None) -> torch.Tensor:
    """Resample the batch through affine ``theta`` ``(N, 2, 3)`` plus an optional
    displacement field ``(N, H, W, 2)`` in pixels (x, y), in one ``F.grid_sample`` call.

    Bilinear, outside the image is black (no ink).
    """
    from torch.nn import functional as F

    _check(images)
    n, _, h, w = images.shape
    grid = F.affine_grid(theta.to(images.device, images.dtype), [n, 1, h, w], align_corners=False)
    if displacement_px is not None:
        scale = images.new_tensor([2.0 / w, 2.0 / h])
        grid = grid + displacement_px.to(images.dtype) * scale
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def stroke_width(images: torch.Tensor, change_px: torch.Tensor) -> torch.Tensor:
    """Thicker (``change_px`` > 0) or thinner (< 0) strokes by about ``|change_px|`` pixels of width.

    Grey-scale dilation (the 3x3 maximum, as ``max_pool2d`` of ``x``) or erosion (the 3x3
    minimum, ``-max_pool2d(-x)``) is worked at twice the resolution, where one step moves
    each edge by half a pixel: whole steps, then a blend towards the next one for the
    rest; square and plus-shaped steps alternate (an octagon, close to a round pen). A
    thinned digit's brightest pixel is brought back to its former peak (faint strokes are
    :func:`contrast`'s business). Samples with ``change_px`` 0 come back unchanged.
    """
    import torch

    _check(images)
    n, _, h, w = images.shape
    change = change_px.to(images.device, images.dtype).reshape(n)
    steps = int(math.ceil(float(change.abs().max()))) if n else 0
    if steps == 0:
        return images
    up = _resize_matrix(h, 2 * h, "bilinear").to(images)
    down = _resize_matrix(2 * h, h, "area").to(images)
    big = _both_axes(up, images)
    sign = torch.sign(change).reshape(n, 1, 1, 1)
    amount = change.abs().reshape(n, 1, 1, 1)
    # the maximum of sign * x: dilation (thicker) for +1, erosion (thinner) for -1
    current = big * sign
    result = big
    for step in range(steps):
        following = _max3(current, square=step % 2 == 0)
        result = result + (following - current) * sign * (amount - step).clamp(0.0, 1.0)
        current = following
    back = _both_axes(down, result)
    thinner = (change < 0).reshape(n, 1, 1, 1)
    peak = images.amax(dim=(2, 3), keepdim=True)
    back_peak = back.amax(dim=(2, 3), keepdim=True).clamp_min(1e-6)
    back = torch.where(thinner, back * (peak / back_peak), back)
    unchanged = (change == 0).reshape(n, 1, 1, 1)
    return torch.where(unchanged, images, back.clamp(0.0, 1.0))


def _max3(x: torch.Tensor, square: bool = True) -> torch.Tensor:
    """Each pixel's maximum over its 3x3 square (``max_pool2d(x, 3, 1, 1)``) or over its
    plus-shaped 4-neighbourhood, from shifted copies: on one channel this is 10-20x
    faster on a CPU than ``max_pool2d``, whose NCHW kernel is a scalar loop."""
    import torch
    from torch.nn import functional as F

    padded = F.pad(x, (1, 1, 1, 1), value=-math.inf)
    centre = padded[..., 1:-1, :]
    rows = torch.maximum(torch.maximum(padded[..., :-2, :], centre), padded[..., 2:, :])
    if square:
        return torch.maximum(torch.maximum(rows[..., :-2], rows[..., 1:-1]), rows[..., 2:])
    middle = centre[..., 1:-1]
    return torch.maximum(torch.maximum(rows[..., 1:-1], centre[..., :-2]), torch.maximum(centre[..., 2:], middle))


def low_resolution(images: torch.Tensor, size: int, blocky: bool = False) -> torch.Tensor:
    """Down to ``size`` x ``size`` (area average, as a scanner's sensor), back up to the
    original size: bilinear (blurry) or, with ``blocky``, nearest neighbours (blocky)."""
    from torch.nn import functional as F

    _check(images)
    h, w = images.shape[-2:]
    small = F.interpolate(images, size=(size, size), mode="area")
    if blocky:
        return F.interpolate(small, size=(h, w), mode="nearest")
    return F.interpolate(small, size=(h, w), mode="bilinear", align_corners=False).clamp(0.0, 1.0)


def blur(images: torch.Tensor, sigma_px: torch.Tensor) -> torch.Tensor:
    """A Gaussian blur of ``sigma_px`` ``(N,)`` pixels per sample (0: unchanged), each
    sample through its own blur matrix (one batched product per axis)."""
    import torch

    _check(images)
    sigma = sigma_px.to(images.device, torch.float32).reshape(-1)
    blurred = _both_axes(gaussian_matrices(sigma, images.shape[-1]).to(images.dtype), images)
    return torch.where((sigma > 0).reshape(-1, 1, 1, 1), blurred, images)


def contrast(images: torch.Tensor, ink: torch.Tensor, gamma: torch.Tensor) -> torch.Tensor:
    """``ink * x ** gamma`` per sample: a fainter peak (ink < 1), softer (gamma < 1) or
    harder (gamma > 1) stroke edges. Background (0) stays 0."""
    _check(images)
    ink = ink.to(images.device, images.dtype).reshape(-1, 1, 1, 1)
    gamma = gamma.to(images.device, images.dtype).reshape(-1, 1, 1, 1)
    return (images.clamp(0.0, 1.0) ** gamma) * ink


# ------------------------------------------------------------------------- together
def _uniform(generator: torch.Generator, n: int, low: float, high: float) -> torch.Tensor:
    import torch

    return low + (high - low) * torch.rand(n, generator=generator, device=generator.device)


def _log_uniform(generator: torch.Generator, n: int, low: float, high: float) -> torch.Tensor:
    return _uniform(generator, n, math.log(low), math.log(high)).exp()


def _apply(images: torch.Tensor, chosen: torch.Tensor, function) -> torch.Tensor:
    """``function`` applied to the chosen samples only (an index into the batch)."""
    if chosen.numel() == 0:
        return images
    if chosen.numel() == images.shape[0]:
        return function(images, chosen)
    result = images.clone()
    result[chosen] = function(images[chosen], chosen)
    return result


def augment(images: torch.Tensor, recipe: Recipe | str, generator: torch.Generator) -> torch.Tensor:
    """The batch ``(N, 1, 28, 28)`` float in [0, 1] transformed by ``recipe``, its random
    choices drawn from ``generator``; same shape, dtype and device, values in [0, 1].

    The input is never modified. With recipe "none" the very same tensor comes back and
    nothing is drawn from the generator. On a CPU the work runs on one torch thread (the
    thread count is set back afterwards): see the note inside.
    """
    import torch

    rec = recipe if isinstance(recipe, Recipe) else get_recipe(recipe)
    _check(images)
    if rec.is_identity or images.shape[0] == 0:
        return images
    # A few dozen small operations on a 28x28 batch: on a CPU each is split across torch's
    # threads, and where those threads share cores with other work, every split waits for
    # a thread the system has put aside. One thread did the whole batch in 16-29 ms where
    # two took 190-290 ms (2 shared cores, load 7; ``mnist-viz bench --only augment``).
    previous = torch.get_num_threads()
    if images.device.type == "cpu" and previous > 1:
        torch.set_num_threads(1)
    try:
        return _augment(images, rec, generator)
    finally:
        if images.device.type == "cpu" and previous > 1:
            torch.set_num_threads(previous)


def _augment(images: torch.Tensor, rec: Recipe, generator: torch.Generator) -> torch.Tensor:
    import torch

    n, device = images.shape[0], images.device
    g = generator

    def pick(p: float) -> torch.Tensor:
        return torch.rand(n, generator=g, device=g.device) < p

    # Every draw, in one fixed order, whatever the probabilities.
    clean = pick(rec.clean_p)
    angle = _uniform(g, n, -rec.rotate_deg, rec.rotate_deg)
    scale = _log_uniform(g, n, *rec.scale)
    aspect = _log_uniform(g, n, 1.0 / rec.aspect, rec.aspect)
    shear = _uniform(g, n, -rec.shear_deg, rec.shear_deg)
    tx = _uniform(g, n, -rec.translate_px, rec.translate_px)
    ty = _uniform(g, n, -rec.translate_px, rec.translate_px)
    elastic = pick(rec.elastic_p)
    elastic_rms = _uniform(g, n, 0.0, rec.elastic_px)
    noise = torch.rand((n, 2, SIZE // 2, SIZE // 2), generator=g, device=g.device) * 2 - 1
    pen = torch.rand(n, generator=g, device=g.device)
    pen_amount = torch.rand(n, generator=g, device=g.device)
    lowres = pick(rec.lowres_p)
    low_size = torch.randint(len(LOW_SIZES), (n,), generator=g, device=g.device)
    blocky = pick(rec.blocky_p)
    blurred = pick(rec.blur_p)
    sigma = _uniform(g, n, *rec.blur_sigma)
    inked = pick(rec.contrast_p)
    ink = _uniform(g, n, *rec.ink)
    gamma = _log_uniform(g, n, *rec.gamma)

    def on(mask: torch.Tensor) -> torch.Tensor:
        return torch.nonzero(mask & ~clean).flatten().to(device)

    x = images
    # the pen: thinner or thicker strokes
    thin = pen < rec.thin_p
    thick = (pen >= rec.thin_p) & (pen < rec.thin_p + rec.thick_p)
    change = (thick.to(pen.dtype) * rec.thick_px - thin.to(pen.dtype) * rec.thin_px) * pen_amount
    pen_index = on(change != 0)
    change = change.to(device)
    x = _apply(x, pen_index, lambda batch, index: stroke_width(batch, change[index]))
    # the geometry: affine and elastic, one resampling
    if rec.rotate_deg or rec.scale != (1.0, 1.0) or rec.aspect != 1.0 or rec.shear_deg or rec.translate_px \
            or (rec.elastic_p and rec.elastic_px):
        theta = affine_matrices(angle, scale, shear, tx, ty, aspect=aspect).to(device)
        field = elastic_field(noise.to(device), (elastic_rms * elastic.to(elastic_rms.dtype)).to(device),
                              rec.elastic_sigma) if rec.elastic_p and rec.elastic_px else None
        x = _apply(x, on(torch.ones_like(clean)),
                   lambda batch, index: warp(batch, theta[index], None if field is None else field[index]))
    # the scan: low resolution, blur
    for choice, size in enumerate(LOW_SIZES):
        for is_blocky in (False, True):
            chosen = on(lowres & (low_size == choice) & (blocky == is_blocky))
            x = _apply(x, chosen, lambda batch, index, s=size, b=is_blocky: low_resolution(batch, s, b))
    sigma = sigma.to(device)
    x = _apply(x, on(blurred & ~lowres), lambda batch, index: blur(batch, sigma[index]))
    # the ink
    ink, gamma = ink.to(device), gamma.to(device)
    x = _apply(x, on(inked), lambda batch, index: contrast(batch, ink[index], gamma[index]))
    return x.clamp(0.0, 1.0)


class Augmenter:
    """A recipe and its own random generator: ``augmenter(batch)`` gives the augmented batch.

    The Trainer holds one, seeded from the run's seed (apart from the batch order's
    generator, so that switching augmentation on leaves the batches the same).
    """

    def __init__(self, recipe: Recipe | str = "none", seed: int = 0) -> None:
        import torch

        self.recipe = recipe if isinstance(recipe, Recipe) else get_recipe(recipe)
        self.seed = int(seed)
        self.generator = torch.Generator().manual_seed(self.seed)

    @property
    def active(self) -> bool:
        return not self.recipe.is_identity

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        return augment(images, self.recipe, self.generator)
