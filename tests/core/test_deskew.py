"""Moment normalisation (core.deskew, the layer ``deskew``): a slanted digit comes out upright
and centred, the same for every image of a batch as alone, and an empty image unchanged."""

from __future__ import annotations

import torch
from torch.nn import functional as F

from mnist_viz.core import augment
from mnist_viz.core.deskew import Deskew, deskew, moments


def bar(slant: float = 0.0, shift: tuple[int, int] = (0, 0)) -> torch.Tensor:
    """A vertical stroke 3 px wide and 16 px tall, leaning ``slant`` px of x per px of y (a 1)."""
    image = torch.zeros(1, 1, 28, 28)
    for row in range(6, 22):
        centre = 14 + slant * (row - 14) + shift[0]
        for col in range(28):
            image[0, 0, row + shift[1], col] = max(0.0, 1.5 - abs(col - centre))
    return image


def slope(images: torch.Tensor) -> torch.Tensor:
    m = moments(images)
    return m["cov_xy"] / m["var_y"]


def test_a_slanted_stroke_comes_out_upright_and_centred():
    slanted = torch.cat([bar(0.4, (3, 1)), bar(-0.3, (-4, 2))])
    assert slope(slanted).abs().min() > 0.25
    straight = deskew(slanted)
    assert slope(straight).abs().max() < 0.02
    m = moments(straight)
    assert m["cx"].abs().max() * 14 < 0.1 and m["cy"].abs().max() * 14 < 0.1  # in pixels
    upright = deskew(bar())  # an upright stroke, centred (the bar itself is half a pixel off)
    # the ink lands where an upright stroke's is (resampling blurs it a little); before, it did not
    assert F.cosine_similarity(straight.flatten(1), upright.flatten(1)).min() > 0.9
    assert F.cosine_similarity(slanted.flatten(1), upright.flatten(1)).max() < 0.5


def test_size_makes_small_and_large_digits_the_same_height(real_mnist):
    digits = real_mnist.test.images[:50].float().div(255).reshape(-1, 1, 28, 28)
    small = augment.warp(digits, augment.affine_matrices(torch.zeros(50), torch.full((50,), 0.65), torch.zeros(50),
                                                         torch.zeros(50), torch.zeros(50)))
    spread = moments(deskew(small, size=True))["var_y"].sqrt() * 14
    plain = moments(deskew(digits, size=True))["var_y"].sqrt() * 14
    assert (spread - plain).abs().median() < 0.3, (spread.median(), plain.median())
    assert (moments(small)["var_y"].sqrt() * 14).median() < 0.75 * plain.median()


def test_a_batch_is_normalised_image_by_image_and_empty_images_pass_unchanged():
    batch = torch.cat([bar(0.4), torch.zeros(1, 1, 28, 28), bar(-0.2, (2, 0)), torch.full((1, 1, 28, 28), 1e-6)])
    batch.requires_grad_(True)
    out = Deskew()(batch)  # the layer: deskew with size
    assert torch.isfinite(out).all()
    for i in range(len(batch)):
        assert torch.allclose(out[i], deskew(batch[i:i + 1].detach(), size=True)[0], atol=1e-6)
    assert torch.equal(out[1], batch[1].detach()) and torch.equal(out[3], batch[3].detach())
    out.sum().backward()
    assert torch.isfinite(batch.grad).all()
    assert list(Deskew().parameters()) == []
