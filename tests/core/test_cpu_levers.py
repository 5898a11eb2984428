"""The CNN's CPU levers (``core.levers``) train the same model as the tutorial's forward.

Each lever, alone and all together, gives the same loss and the same gradients as
``DeepMnistCNN.forward`` (the tutorial's five lines) for a fixed batch and seed (up to
float rounding), and switching a lever off takes it out of the computation. The Trainer
computes through the levers; the model's own forward has none of them. Timings are the
benchmark's job (``mnist-viz bench --only cpu``), never a test's.
"""

from __future__ import annotations

import math

import pytest
import torch
from torch.nn import functional as F

from mnist_viz.core import data, levers as cpu_levers
from mnist_viz.core.config import TrainConfig
from mnist_viz.core.levers import CPU_LEVERS
from mnist_viz.core.models import DeepMnistCNN, build_model
from mnist_viz.core.training import Trainer


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
    plain_loss, plain_grads = loss_and_gradients(model, model)
    loss, grads = loss_and_gradients(model, lambda x: cpu_levers.forward(model, x))
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
        plain = model(images)
        assert torch.allclose(cpu_levers.forward(model, images), plain, rtol=1e-5, atol=1e-5)
    # gradients with respect to the input
    x = images.clone().requires_grad_()
    cpu_levers.forward(model, x)[:, 3].sum().backward()
    y = images.clone().requires_grad_()
    model(y)[:, 3].sum().backward()
    assert torch.allclose(x.grad, y.grad, rtol=1e-4, atol=1e-6)


def test_pool_before_relu_is_exact(levers):
    """relu(maxpool(x)) == maxpool(relu(x)): the same numbers, not just close ones."""
    for name in levers:
        levers[name] = name == "pool_before_relu"
    model = build_model("cnn", seed=6).eval()
    images, _ = batch(2, size=5)
    with torch.no_grad():
        assert torch.equal(cpu_levers.forward(model, images), model(images))


@pytest.mark.parametrize("kernel,channels", [(2, 8), (2, 1), (3, 8), (4, 3)])
def test_nhwc_max_pool_equals_max_pool2d_with_ties(kernel, channels):
    """The adaptive max-pool used on NHWC tensors: same maxima, same gradient on ties, for
    any kernel that divides the sizes (what the levers' docstring promises another network)."""
    generator = torch.Generator().manual_seed(kernel)
    size = 3 * kernel * 2 // 2 * 2  # a multiple of the kernel
    x = torch.zeros(4, channels, size, size)
    x[:, :, :kernel] = 0.1  # kernel^2 equal values per window: the first one gets the gradient
    x[:, :, kernel:] = torch.randn(4, channels, size - kernel, size, generator=generator).round()  # more ties
    grad = torch.randn(4, channels, size // kernel, size // kernel, generator=generator)
    a = x.clone().requires_grad_()
    b = x.clone().requires_grad_()
    pooled = cpu_levers.max_pool(a, kernel, nhwc=True)
    assert pooled.is_contiguous(memory_format=torch.channels_last)  # it did take the NHWC path
    pooled.backward(grad)
    F.max_pool2d(b, kernel).backward(grad)
    assert torch.equal(pooled, F.max_pool2d(x, kernel))
    assert torch.equal(a.grad, b.grad)


def test_nhwc_max_pool_falls_back_where_the_windows_would_differ():
    x = torch.randn(2, 4, 7, 7)
    assert torch.equal(cpu_levers.max_pool(x, 2, nhwc=True), F.max_pool2d(x, 2))  # 7 is odd


@pytest.mark.parametrize("channels", [1, 3])
def test_nhwc_input_keeps_the_values_and_makes_the_strides_channels_last(channels):
    x = torch.rand(5, channels, 28, 28)
    nhwc = cpu_levers.nhwc_input(x)
    assert torch.equal(nhwc, x) and nhwc.shape == x.shape
    assert nhwc.stride()[1] == 1  # channels innermost: a convolution on it runs NHWC
    conv = torch.nn.Conv2d(channels, 4, 5, padding=2)
    assert conv(nhwc).is_contiguous(memory_format=torch.channels_last)


def test_relu_max_pool_swaps_to_the_same_numbers_and_gradients():
    """relu(maxpool(x)) == maxpool(relu(x)) bit for bit, gradients too, with ties at zero."""
    x = torch.randn(3, 6, 8, 8, generator=torch.Generator().manual_seed(1))
    x[:, :, :4] = 0.0  # whole windows of zeros: neither order passes a gradient back
    grad = torch.randn(3, 6, 4, 4, generator=torch.Generator().manual_seed(2))
    a, b = x.clone().requires_grad_(), x.clone().requires_grad_()
    swapped = cpu_levers.relu_max_pool(a, 2, pool_before_relu=True, nhwc=False)
    swapped.backward(grad)
    F.max_pool2d(F.relu(b), 2).backward(grad)
    assert torch.equal(swapped, F.max_pool2d(F.relu(x), 2))
    assert torch.equal(a.grad, b.grad)


def test_switching_a_lever_off_takes_it_out(levers, monkeypatch):
    calls = []
    original = cpu_levers.TransposedLinear.apply
    monkeypatch.setattr(cpu_levers.TransposedLinear, "apply", lambda *a: calls.append(1) or original(*a))
    model = build_model("cnn", seed=1).train()
    images, _ = batch(size=4)
    levers["fc1_transposed"] = True
    cpu_levers.forward(model, images)
    assert calls == [1]
    levers["fc1_transposed"] = False
    cpu_levers.forward(model, images)
    assert calls == [1]


def test_the_transposed_fc1_stays_out_of_autocast_and_of_evaluation(levers, monkeypatch):
    """It saves float32 weights beside the input: under bf16 autocast, or with no gradient
    recorded, fc1 is the plain nn.Linear."""
    calls = []
    original = cpu_levers.TransposedLinear.apply
    monkeypatch.setattr(cpu_levers.TransposedLinear, "apply", lambda *a: calls.append(1) or original(*a))
    model = build_model("cnn", seed=1).train()
    images, _ = batch(size=4)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        logits = cpu_levers.forward(model, images)
    logits.float().sum().backward()
    with torch.no_grad():
        cpu_levers.forward(model, images)
    assert calls == []
    assert all(p.grad is not None and p.grad.dtype == torch.float32 for p in model.parameters())


LEVER_PIECES = ("TransposedLinear.apply", "linear", "nhwc_input", "max_pool", "relu_max_pool", "cnn_forward",
                "forward")


def refuse_the_levers(monkeypatch) -> None:
    """Every lever's function patched to raise, as if core.levers were gone."""
    def refuse(*args, **kwargs):
        raise AssertionError("a CPU lever was used")

    for piece in LEVER_PIECES:
        owner, _, name = piece.rpartition(".")
        monkeypatch.setattr(getattr(cpu_levers, owner) if owner else cpu_levers, name, refuse)
    monkeypatch.setattr(F, "adaptive_max_pool2d", refuse)  # the NHWC pool's kernel, however it is reached


def test_the_models_own_forward_has_no_lever_in_it(monkeypatch):
    """DeepMnistCNN.forward is the tutorial's network: it runs, training and evaluating, with
    every lever's function refusing to be called, and matches the levers' result."""
    model = build_model("cnn", seed=8).train()
    images, labels = batch(4, size=6)
    torch.manual_seed(3)
    expected = cpu_levers.forward(model, images).detach()
    refuse_the_levers(monkeypatch)
    torch.manual_seed(3)
    logits = model(images)
    F.cross_entropy(logits, labels).backward()
    assert torch.allclose(logits, expected, rtol=1e-4, atol=1e-5)
    with torch.inference_mode():
        model.eval()(images)


def test_the_trainer_computes_the_cnn_through_the_levers_on_the_cpu(monkeypatch):
    """Train steps (fp32 and bf16) and the evaluation go through levers.forward for the CNN
    on the CPU: with the levers refusing, the Trainer fails; unpatched, every call came from it."""
    generator = torch.Generator().manual_seed(0)
    split = data.Split(torch.randint(0, 256, (40, 28, 28), dtype=torch.uint8, generator=generator),
                       torch.randint(0, 10, (40,), generator=generator))
    seen = []
    original = cpu_levers.cnn_forward
    monkeypatch.setattr(cpu_levers, "cnn_forward", lambda model, x, levers=None: seen.append(x.shape[0])
                        or original(model, x, levers))
    for precision in ("fp32", "bf16"):
        config = TrainConfig(model="cnn", batch_size=8, steps=2, device="cpu", eval_every=0, seed=1,
                             precision=precision)
        trainer = Trainer(config, split, split)
        trainer.train_step()
        assert seen == [8], precision
        seen.clear()
        trainer.evaluate(batch_size=25)  # the evaluation too: faster through the NHWC pools
        assert seen == [25, 15, 25, 15], precision  # the test set, then the fixed training images
        seen.clear()
    refuse_the_levers(monkeypatch)
    with pytest.raises(AssertionError, match="a CPU lever was used"):
        Trainer(config.replace(precision="fp32"), split, split).train_step()


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
    rows = bench_cpu_efficiency(small, quick=True, steps=3, rounds=1)
    names = [row.name for row in rows]
    assert any(name.startswith("CPU efficiency") for name in names)
    assert any(name.startswith("lever: ") for name in names)
    for row in rows:
        assert math.isfinite(row.value), row
