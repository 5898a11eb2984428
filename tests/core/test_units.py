"""core.units: a unit's top images are the real arg-max over the test set, its receptive field
is what the network really sees, and activation maximisation beats the mean test image (3x)
and the best test image, for several units of both shipped models."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from mnist_viz.core import checkpoints, units
from mnist_viz.core.embedding import as_batch
from tests.shipped import require_pretrained


@pytest.fixture(scope="module")
def shipped():
    require_pretrained()
    return {name: checkpoints.load_model(checkpoints.pretrained_path(name))[0].eval() for name in ("softmax", "cnn")}


def cnn_layer(cnn, images, layer: str) -> torch.Tensor:
    """One of the CNN's layers before its ReLU, computed here by hand from its weights."""
    with torch.inference_mode():
        out = F.conv2d(as_batch(images), cnn.conv1.weight, cnn.conv1.bias, padding=2)
        if layer == "conv1":
            return out
        out = F.conv2d(F.max_pool2d(F.relu(out), 2), cnn.conv2.weight, cnn.conv2.bias, padding=2)
        if layer == "conv2":
            return out
        out = F.linear(F.max_pool2d(F.relu(out), 2).flatten(1), cnn.fc1.weight, cnn.fc1.bias)
        if layer == "fc1":
            return out
        return F.linear(F.relu(out), cnn.fc2.weight, cnn.fc2.bias)


def test_the_layers_each_model_offers(shipped):
    assert [(layer.name, layer.kind, layer.units) for layer in units.unit_layers(shipped["cnn"])] == [
        ("conv1", "conv", 32), ("conv2", "conv", 64), ("fc1", "fc", 1024), ("output", "output", 10)]
    assert [layer.name for layer in units.unit_layers(shipped["softmax"])] == ["output"]
    with pytest.raises(units.UnitError, match="no layer 'conv1'; choose one of output"):
        units.check_unit(shipped["softmax"], "conv1", 0)
    with pytest.raises(units.UnitError, match="units 0..31, not 32"):
        units.check_unit(shipped["cnn"], "conv1", 32)


def test_receptive_fields_from_the_layer_list(shipped):
    fields = units.receptive_fields(shipped["cnn"])
    assert (fields["conv1"].size, fields["conv1"].jump) == (5, 1)
    assert (fields["conv2"].size, fields["conv2"].jump) == (14, 2)
    assert fields["conv1"].box(0, 0) == (0, 0, 2, 2)          # clipped at the border
    assert fields["conv1"].box(10, 20) == (8, 18, 12, 22)
    assert fields["conv2"].box(6, 6) == (6, 6, 19, 19)
    assert fields["fc1"].box(0, 0) == fields["output"].box(0, 0) == (0, 0, 27, 27)
    assert units.receptive_fields(shipped["softmax"])["output"].box(0, 0) == (0, 0, 27, 27)


@pytest.mark.parametrize("layer, position", [("conv1", (9, 17)), ("conv2", (6, 6)), ("conv2", (3, 10))])
def test_a_receptive_field_is_where_the_gradient_reaches(shipped, layer, position):
    """The pixels that can change a map position lie inside its box and fill most of it."""
    cnn = shipped["cnn"]
    x = torch.rand((1, 1, 28, 28), generator=torch.Generator().manual_seed(0)) * 0.5 + 0.5
    x.requires_grad_(True)
    out = units.layer_output(cnn, layer, x)
    row, column = position
    (grad,) = torch.autograd.grad(out[0, :, row, column].sum(), x)
    reached = grad[0, 0].abs() > 0
    top, left, bottom, right = units.receptive_fields(cnn)[layer].box(row, column)
    inside = torch.zeros_like(reached)
    inside[top:bottom + 1, left:right + 1] = True
    assert not (reached & ~inside).any(), "the gradient reaches pixels outside the box"
    rows, columns = torch.nonzero(reached, as_tuple=True)
    assert (int(rows.min()), int(columns.min()), int(rows.max()), int(columns.max())) == (top, left, bottom, right)


def test_asking_about_conv1_runs_only_conv1(shipped):
    cnn = shipped["cnn"]
    calls = []
    handle = cnn.conv2.register_forward_hook(lambda *args: calls.append(1))
    try:
        units.layer_maxima(cnn, "conv1", np.zeros((5, 28, 28), np.uint8))
    finally:
        handle.remove()
    assert calls == []


@pytest.mark.parametrize("layer, unit", [("conv1", 21), ("conv2", 5), ("fc1", 100), ("output", 4)])
def test_the_top_images_are_the_real_argmax(shipped, real_mnist, layer, unit):
    cnn = shipped["cnn"]
    images = real_mnist.test.images[:5000 if layer == "conv1" else 1000]
    maxima = units.layer_maxima(cnn, layer, images, batch_size=300)
    top = units.top_images(cnn, maxima, unit)
    expected = cnn_layer(cnn, images, layer)[:, unit]
    flat = expected.flatten(1) if expected.dim() == 3 else expected[:, None]
    best, where = flat.max(dim=1)
    order = torch.argsort(best, descending=True, stable=True)[:9].numpy()
    np.testing.assert_array_equal(top.indices, order)
    np.testing.assert_allclose(top.values, best[order].numpy(), rtol=1e-4, atol=1e-5)
    assert len(top.boxes) == 9
    if expected.dim() == 3:
        width = expected.shape[-1]
        assert top.positions == [divmod(int(where[i]), width) for i in order]
        field = units.receptive_fields(cnn)[layer]
        assert top.boxes == [field.box(*p) for p in top.positions]
    else:
        assert top.positions is None and top.boxes == [(0, 0, 27, 27)] * 9


def test_softmax_top_images_of_a_class_are_that_class(shipped, real_mnist):
    softmax = shipped["softmax"]
    maxima = units.layer_maxima(softmax, "output", real_mnist.test.images)
    assert maxima.values.shape == (10_000, 10)
    for digit in (0, 3, 7):
        top = units.top_images(softmax, maxima, digit)
        with torch.inference_mode():
            logits = softmax(as_batch(real_mnist.test.images))[:, digit]
        np.testing.assert_array_equal(top.indices, torch.argsort(logits, descending=True, stable=True)[:9].numpy())
        assert (real_mnist.test.labels.numpy()[top.indices] == digit).all()


# ------------------------------------------------------- activation maximisation
UNITS = [("softmax", "output", 3), ("softmax", "output", 8), ("cnn", "conv1", 0), ("cnn", "conv2", 0),
         ("cnn", "conv2", 7), ("cnn", "fc1", 3), ("cnn", "output", 0), ("cnn", "output", 7)]


@pytest.mark.parametrize("name, layer, unit", UNITS)
def test_the_optimised_image_excites_the_unit_far_more_than_the_mean_image(shipped, real_mnist, name, layer,
                                                                             unit):
    model = shipped[name]
    frames = list(units.maximise(model, layer, unit))
    first, last = frames[0], frames[-1]
    assert first.step == 0 and last.done and last.step == 256 and not any(f.done for f in frames[:-1])
    assert [f.step for f in frames[:-1]] == list(range(0, 256, 16))
    assert last.image.shape == (28, 28) and 0 <= last.image.min() and last.image.max() <= 1
    achieved = float(units.unit_activation(model, layer, unit, last.image[None])[0])
    assert achieved == pytest.approx(last.activation, rel=1e-4, abs=1e-5)
    mean_image = real_mnist.test.images.float().mean(0) / 255
    baseline = float(units.unit_activation(model, layer, unit, mean_image[None].numpy())[0])
    best_test = float(units.unit_activation(model, layer, unit, real_mnist.test.images[:2000]).max())
    assert achieved > 0 and achieved >= 3 * baseline, (achieved, baseline)
    assert achieved > best_test, (achieved, best_test)  # it also beats every one of 2,000 test images
    assert last.activation > first.activation


def test_the_mean_image_baselines_of_some_units_are_positive(shipped, real_mnist):
    """So that the 3x above is not only met by units the mean image leaves negative."""
    mean_image = (real_mnist.test.images.float().mean(0) / 255)[None].numpy()
    positive = [(name, layer, unit) for name, layer, unit in UNITS
                if units.unit_activation(shipped[name], layer, unit, mean_image)[0] > 0]
    assert len(positive) >= 4, positive


def test_maximisation_is_repeatable_and_leaves_torchs_random_numbers_alone(shipped):
    cnn = shipped["cnn"]
    state = torch.get_rng_state()
    one = units.maximised_image(cnn, "conv2", 3, steps=24, every=8)
    two = units.maximised_image(cnn, "conv2", 3, steps=24, every=8)
    assert torch.equal(torch.get_rng_state(), state)
    np.testing.assert_array_equal(one.image, two.image)
    other = units.maximised_image(cnn, "conv2", 3, steps=24, every=8, seed=1)
    assert not np.array_equal(one.image, other.image)


def test_one_pass_gives_every_layer_what_one_layer_at_a_time_gives(shipped, real_mnist):
    cnn = shipped["cnn"]
    images = real_mnist.test.images[:400]
    together = units.all_maxima(cnn, images, batch_size=150)
    assert list(together) == ["conv1", "conv2", "fc1", "output"]
    for name, maxima in together.items():
        alone = units.layer_maxima(cnn, name, images, batch_size=150)
        assert maxima.values.shape == (400, units.find_layer(cnn, name).units)
        np.testing.assert_allclose(maxima.values, alone.values, rtol=1e-5, atol=1e-6)
        if alone.positions is None:
            assert maxima.positions is None
        else:
            np.testing.assert_array_equal(maxima.positions, alone.positions)
            assert maxima.map_shape == alone.map_shape == {"conv1": (28, 28), "conv2": (14, 14)}[name]
    assert list(units.all_maxima(shipped["softmax"], images)) == ["output"]
