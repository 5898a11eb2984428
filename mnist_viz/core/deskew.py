"""Moment normalisation ("deskewing"): each digit straightened, centred and, optionally, sized.

A linear model (softmax regression) has one template per digit; a slanted, shifted or
differently sized digit puts its ink off that template. LeCun's MNIST table reports a
linear classifier going from 12 % to 8.4 % error on deskewed inputs. :func:`deskew` reads
each image's ink moments (mass, centroid, variances, x-y covariance; the pixel values are
the weights) and resamples the image through one affine map (``affine_grid`` and
``grid_sample``, bilinear, zeros outside) that

* shears it so that the ink's x-y covariance becomes 0 (the slant: ``x' = x - alpha (y - cy)``,
  ``alpha = cov_xy / var_y``, at most :data:`MAX_SLANT` either way);
* with ``size``, scales it (the same factor both ways) so that the ink's vertical standard
  deviation becomes :data:`MNIST_SPREAD_PX`, MNIST's typical one (at most
  :data:`SCALE_RANGE`); and
* moves the centroid to the image's centre.

It is vectorised over a batch ``(N, C, H, W)`` (the moments of the channels summed) and
differentiable. An image without ink (mass below :data:`MIN_MASS`) passes through
unchanged, never NaN. :class:`Deskew` is the parameter-free layer ``deskew`` of the
playground's architectures (:mod:`mnist_viz.core.arch`, built by
:mod:`mnist_viz.core.layernet`), with ``size``: the shipped softmax is ``deskew,fc-10``.

Measured (scripts/measure_deskew.py: the canvas-softmax recipe, normalised after the
augmentation; robustness sets of the held-out seed 100, 2,000 a set): fc-10 on the pixels
79.3 % unlike MNIST, 92.1 % MNIST test; deskew only 85.1 %, 95.2 %; deskew with size
89.9 %, 95.9 % (size undoes the scaled set: 60 % -> 94 %).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

#: The largest slant undone, in pixels of x per pixel of y (45 degrees); more is clipped.
MAX_SLANT = 1.0
#: MNIST's typical vertical ink spread: the median standard deviation of the ink's rows over
#: the 60,000 training digits, in pixels (5.54; scripts/measure_deskew.py measures it).
MNIST_SPREAD_PX = 5.5
#: The scaling ``size`` may apply (so that a one-row dash is not blown up to the frame).
SCALE_RANGE = (0.5, 2.0)
#: Less ink than this (sum of pixel values) counts as an empty image: it passes unchanged.
MIN_MASS = 1e-3


def moments(images: torch.Tensor) -> dict[str, torch.Tensor]:
    """Each image's ink moments in the normalised coordinates of ``affine_grid`` ([-1, 1],
    pixel centres, ``align_corners=False``): ``mass``, ``cx``, ``cy``, ``var_x``, ``var_y``,
    ``cov_xy``, each of shape (N,)."""
    n, _, height, width = images.shape
    ink = images.clamp(min=0).sum(dim=1)  # (N, H, W)
    ys = (torch.arange(height, dtype=ink.dtype, device=ink.device) * 2 + 1) / height - 1
    xs = (torch.arange(width, dtype=ink.dtype, device=ink.device) * 2 + 1) / width - 1
    mass = ink.sum(dim=(1, 2))
    safe = mass.clamp(min=MIN_MASS)
    rows, cols = ink.sum(dim=2), ink.sum(dim=1)  # (N, H), (N, W)
    cy = (rows * ys).sum(dim=1) / safe
    cx = (cols * xs).sum(dim=1) / safe
    dy = ys[None, :] - cy[:, None]  # (N, H)
    dx = xs[None, :] - cx[:, None]  # (N, W)
    var_y = (rows * dy * dy).sum(dim=1) / safe
    var_x = (cols * dx * dx).sum(dim=1) / safe
    cov_xy = torch.einsum("nhw,nh,nw->n", ink, dy, dx) / safe
    return {"mass": mass, "cx": cx, "cy": cy, "var_x": var_x, "var_y": var_y, "cov_xy": cov_xy}


def deskew_matrices(images: torch.Tensor, size: bool = False) -> torch.Tensor:
    """The (N, 2, 3) ``affine_grid`` matrices :func:`deskew` samples with (output -> input)."""
    n, _, height, width = images.shape
    m = moments(images)
    inked = m["mass"] >= MIN_MASS
    var_y = m["var_y"]
    tiny = (2.0 / height) ** 2 / 12  # one row of ink: the variance of a pixel's own width
    # the slant in normalised units (x per y), at most MAX_SLANT pixels of x per pixel of y
    limit = MAX_SLANT * height / width
    alpha = (m["cov_xy"] / var_y.clamp(min=tiny)).clamp(-limit, limit)
    if size:
        spread = var_y.clamp(min=tiny).sqrt() * (height / 2)  # in pixels
        scale = (MNIST_SPREAD_PX / spread).clamp(*SCALE_RANGE)
    else:
        scale = torch.ones_like(var_y)
    inverse = 1.0 / scale
    zero = torch.zeros_like(var_y)
    # input = [[1/s, alpha/s, cx], [0, 1/s, cy]] @ (x_out, y_out, 1): the output's centre is
    # the centroid, its rows are the input's rows shifted by alpha * (y - cy)
    theta = torch.stack([torch.stack([inverse, alpha * inverse, m["cx"]], dim=1),
                         torch.stack([zero, inverse, m["cy"]], dim=1)], dim=1)
    identity = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=theta.dtype, device=theta.device)
    return torch.where(inked[:, None, None], theta, identity.expand(n, 2, 3))


def deskew(images: torch.Tensor, size: bool = False) -> torch.Tensor:
    """The batch (N, C, H, W) with each image straightened and centred (and with ``size``
    scaled to MNIST's spread); images without ink come back unchanged."""
    if images.dim() != 4:
        raise ValueError(f"deskew takes a batch (N, C, H, W), not a tensor of shape {tuple(images.shape)}")
    if images.shape[0] == 0:
        return images
    theta = deskew_matrices(images, size)
    grid = F.affine_grid(theta.to(images.dtype), list(images.shape), align_corners=False)
    out = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    empty = (images.clamp(min=0).sum(dim=(1, 2, 3)) < MIN_MASS)[:, None, None, None]
    return torch.where(empty, images, out)


class Deskew(nn.Module):
    """The layer ``deskew``: :func:`deskew` on the batch, with ``size`` (measured the better:
    scripts/measure_deskew.py), no parameters."""

    def __init__(self, size: bool = True) -> None:
        super().__init__()
        self.size = size

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return deskew(x, self.size)

    def extra_repr(self) -> str:
        return f"size={self.size}"
