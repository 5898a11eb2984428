"""The CNN's CPU levers (``models.CPU_LEVERS``) train the same model as the plain path.

Each lever, alone and all together, gives the same loss and the same gradients as the
tutorial's plain forward for a fixed batch and seed (up to float rounding), and
switching a lever off takes it out of the computation. Timings are the benchmark's job
(``mnist-viz bench --only cpu``), never a test's.
"""

from __future__ import annotations

import math

import pytest
import torch
from torch.nn import functional as F

from mnist_viz.core import data, models
from mnist_viz.core.models import CPU_LEVERS, DeepMnistCNN, build_model


@pytest.fixture
def levers():
    """CPU_LEVERS as the test leaves them: restored afterwards."""
    saved = dict(CPU_LEVERS)
    yield CPU_LEVERS
    CPU_LEVERS.clear()
    CPU_LEVERS.update(saved)


def batch(seed: int = 0, size: int = 50) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    images = torch.rand(size, 1, 28, 28, generator=generator)
    images[:, :, :6] = 0.0  # a blank band, as in MNIST: equal conv outputs, ties in the max-pool
    return images, torch.randint(0, 10, (size,), generator=generator)


def loss_and_gradients(model: DeepMnistCNN, forward) -> tuple[float, dict[str, torch.Tensor]]:
    images, labels = batch()
    model.zero_grad(set_to_none=True)
    torch.manual_seed(7)  # the same dropout mask on both paths
    loss = F.cross_entropy(forward(images), labels, reduction="sum")
    loss.backward()
    return loss.item(), {name: p.grad.clone() for name, p in model.named_parameters()}


def assert_same_model(model: DeepMnistCNN) -> None:
    plain_loss, plain_grads = loss_and_gradients(model, model.plain_forward)
    loss, grads = loss_and_gradients(model, model)
    assert math.isclose(loss, plain_loss, rel_tol=1e-5)
    for name, grad in grads.items():
        assert grad.shape == plain_grads[name].shape
        scale = plain_grads[name].abs().max().item()
        # float rounding: conv1's weight gradient sums 39,200 products, and the plain
        # path itself is off a float64 reference by about 1e-3 of the largest entry
        assert torch.allclose(grad, plain_grads[name], rtol=1e-3, atol=2e-3 * scale), name


@pytest.mark.parametrize("lever", sorted(CPU_LEVERS))
def test_each_lever_alone_keeps_loss_and_gradients(levers, lever):
    for name in levers:
        levers[name] = name == lever
    assert_same_model(build_model("cnn", seed=3).train())


def test_all_levers_together_keep_loss_and_gradients(levers):
    for name in levers:
        levers[name] = True
    assert_same_model(build_model("cnn", seed=4).train())


def test_levers_keep_outputs_in_eval_and_under_inference_mode(levers):
    model = build_model("cnn", seed=5).eval()
    images, _ = batch(1, size=7)
    with torch.inference_mode():
        plain = model.plain_forward(images)
        assert torch.allclose(model(images), plain, rtol=1e-5, atol=1e-5)
    # gradients with respect to the input (Integrated Gradients on the canvas)
    x = images.clone().requires_grad_()
    model(x)[:, 3].sum().backward()
    y = images.clone().requires_grad_()
    model.plain_forward(y)[:, 3].sum().backward()
    assert torch.allclose(x.grad, y.grad, rtol=1e-4, atol=1e-6)


def test_pool_before_relu_is_exact(levers):
    """relu(maxpool(x)) == maxpool(relu(x)): the same numbers, not just close ones."""
    for name in levers:
        levers[name] = name == "pool_before_relu"
    model = build_model("cnn", seed=6).eval()
    images, _ = batch(2, size=5)
    with torch.no_grad():
        assert torch.equal(model(images), model.plain_forward(images))


def test_nhwc_max_pool_equals_max_pool2d_with_ties():
    """The adaptive max-pool used on NHWC tensors: same maxima, same gradient on ties."""
    generator = torch.Generator().manual_seed(0)
    x = torch.zeros(4, 8, 6, 6)
    x[:, :, :2] = 0.1  # four equal values per window: the first one gets the gradient
    x[:, :, 2:] = torch.randn(4, 8, 4, 6, generator=generator).round()  # more ties
    grad = torch.randn(4, 8, 3, 3, generator=generator)
    a = x.clone().requires_grad_()
    b = x.clone().requires_grad_()
    pooled = models._max_pool(a, nhwc=True)
    pooled.backward(grad)
    F.max_pool2d(b, 2).backward(grad)
    assert torch.equal(pooled, F.max_pool2d(x, 2))
    assert torch.equal(a.grad, b.grad)


def test_switching_a_lever_off_takes_it_out(levers, monkeypatch):
    calls = []
    original = models._LinearTransposed.apply
    monkeypatch.setattr(models._LinearTransposed, "apply", lambda *a: calls.append(1) or original(*a))
    model = build_model("cnn", seed=1).train()
    images, _ = batch(size=4)
    levers["fc1_transposed"] = True
    model(images)
    assert calls == [1]
    levers["fc1_transposed"] = False
    model(images)
    assert calls == [1]


def test_features_show_the_post_relu_maps_whatever_the_levers(levers):
    """The GUI's feature maps are the conv outputs after ReLU, before pooling."""
    model = build_model("cnn", seed=2).eval()
    images, _ = batch(3, size=2)
    with torch.no_grad():
        parts = model.features(images)
        assert torch.equal(parts["conv1"], F.relu(model.conv1(images)))
        assert parts["conv1"].shape == (2, 32, 28, 28) and parts["conv2"].shape == (2, 64, 14, 14)
        assert parts["conv1"].is_contiguous()


def test_bench_cpu_efficiency_quick_gives_finite_rows(real_mnist):
    from mnist_viz.bench import bench_cpu_efficiency

    small = data.Mnist(train=real_mnist.train.subset(2000), test=real_mnist.test.subset(500), root=real_mnist.root)
    rows = bench_cpu_efficiency(small, quick=True)
    names = [row.name for row in rows]
    assert any(name.startswith("CPU efficiency") for name in names)
    assert any(name.startswith("lever: ") for name in names)
    for row in rows:
        assert math.isfinite(row.value), row
