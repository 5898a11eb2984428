"""CPU levers: faster ways to compute the same network on a CPU, applied by the Trainer.

``core.models`` writes the networks as the tutorials do; this module computes the CNN's
training forward (and its evaluation) on a CPU in ways that give the same model, faster:
the outputs and gradients are equal to ``model(x)``'s up to float rounding (exactly, where
said below; see tests/core/test_cpu_levers.py). The Trainer calls :func:`forward`; the
bench switches each lever off in turn (:data:`CPU_LEVERS`, ``mnist-viz bench --only cpu``)
to measure what it is worth. Nothing that draws (``features()``, ``activations()``, the
panels, predictions) goes through here.

The pieces are written for any layer sequence, not only the CNN's, so that another
network can use them where they are exact. Each lever, and exactly when it is exact:

* ``pool_before_relu`` (:func:`relu_max_pool`): a ReLU directly followed by a max-pool
  computed as the max-pool followed by the ReLU. ReLU is non-decreasing, so
  ``relu(maxpool(x)) == maxpool(relu(x))`` bit for bit, for any max-pool (kernel, stride,
  padding, dilation); the gradients too, ties included: where a window's maximum is
  positive the same element wins both ways and gets the gradient, and where it is <= 0
  both orders pass nothing back (ReLU's gradient at 0 is 0 in PyTorch). The ReLU and its
  backward then touch 1/k^2 of the values. Not exact for average pooling (the ReLU of a
  mean is not the mean of ReLUs), nor with anything between the two (dropout, batch
  norm). Other non-decreasing activations (leaky ReLU, ReLU6, ELU, tanh, sigmoid) give
  the same outputs, and the same gradients except where the activation rounds two
  different inputs of a window to one value (saturation), where the gradient may go to
  another element; GELU and SiLU are not monotonic: never swap those.
* ``channels_last``: the convolution on 1-channel input, and the max-pools, on NHWC
  (channels-last) tensors.

  - :func:`nhwc_input`: the same tensor (shape and values) with NHWC strides, so that
    the convolution it feeds runs channels-last (PyTorch's convolutions follow their
    input's memory format). For one channel ``.contiguous(memory_format=channels_last)``
    would keep the NCHW strides (they are valid for both), hence a reshape and permute.
    The values are exact; the convolution then sums in another order (equal up to float
    rounding). Worth it for the first convolution of a 1-channel image (conv1's weight
    gradient ran 3x faster); the CNN's conv2 (32 -> 64 channels) ran 1.4x slower on NHWC
    (oneDNN: 12 vs 8 ms at batch 50), so :func:`relu_max_pool` hands back NCHW.
  - :func:`max_pool`: ``F.max_pool2d(x, k)`` (stride k, no padding, no dilation,
    ``ceil_mode`` off) computed as the adaptive max-pool on an NHWC copy, whose kernel is
    vectorised over channels: 3-6x faster than ``max_pool2d`` on NCHW, a scalar loop that
    cost as much as a convolution. Exact (values, and gradients on ties: the first
    element of a window in row-major order) when the height and width are multiples of
    k, where the adaptive windows are the same k x k windows; otherwise, or for another
    stride, padding or a 3-D input, it is ``max_pool2d`` itself.
* ``fc1_transposed`` (:func:`linear`): ``x @ W.T + b`` and its gradients computed as
  the transposed products (:class:`TransposedLinear`), for any ``nn.Linear`` with a bias
  on a 2-D input of the weight's dtype, while gradients are recorded and outside
  autocast (otherwise it is ``layer(x)``). The same sums in another loop order: equal up
  to float rounding, not bit for bit. The output is a plain contiguous (N, out) tensor,
  so a dropout after it draws the same mask from the same seed. The layer's forward
  hooks do not fire (the module is not called). It pays for wide layers at small batches
  (the CNN's fc1, 3136 -> 1024 at batch 50, where one dimension of each product is the
  batch); measure before using it on another layer.

Flattening an NHWC tensor with ``flatten(1)`` gives the (channel, row, column) order of
the NCHW one, so a linear layer after it keeps its weights' meaning.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .models import DeepMnistCNN

#: The CNN's CPU levers (see the module docstring), each on by default; the bench and the
#: tests switch them off one at a time to measure or check what each one does.
CPU_LEVERS: dict[str, bool] = {"pool_before_relu": True, "fc1_transposed": True, "channels_last": True}


class TransposedLinear(torch.autograd.Function):
    """``x @ W.T + b`` and its gradients, each product computed in its transposed form.

    For x (50, 3136) and W (1024, 3136), MKL's sgemm ran ``F.linear``'s forward and input
    gradient at about 50 GFLOP/s in isolation, ``W @ x.T`` (M = 1024, N = 50) and
    ``W.T @ g.T`` at 75-80: the same sums, another loop order. Inside a training step,
    where the weights are already in cache, the gain is smaller (fc1's three products:
    13.9 -> 12.9 ms per step on 2 cores of an AMD EPYC).
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x, weight)
        # (out, N), copied to a plain (N, out): dropout draws its mask in memory order, so a
        # transposed view would get another mask from the same seed
        return torch.addmm(bias.unsqueeze(1), weight, x.t()).t().contiguous()

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        x, weight = ctx.saved_tensors
        grad_t = grad.t().contiguous()  # (out, N)
        grad_x = torch.mm(weight.t(), grad_t).t() if ctx.needs_input_grad[0] else None
        grad_w = torch.mm(grad_t, x) if ctx.needs_input_grad[1] else None
        grad_b = grad_t.sum(1) if ctx.needs_input_grad[2] else None
        return grad_x, grad_w, grad_b


def linear(x: torch.Tensor, layer: nn.Linear, transposed: bool = True) -> torch.Tensor:
    """``layer(x)``; with ``transposed``, where it applies (2-D input of the weight's dtype,
    a bias, gradients recorded, no autocast), through :class:`TransposedLinear`."""
    if (transposed and torch.is_grad_enabled() and x.dim() == 2 and layer.bias is not None
            and x.dtype == layer.weight.dtype and not torch.is_autocast_enabled(x.device.type)):
        return TransposedLinear.apply(x, layer.weight, layer.bias)
    return layer(x)


def nhwc_input(x: torch.Tensor) -> torch.Tensor:
    """``x`` (N, C, H, W) with channels-last strides, so that the convolution it feeds runs
    on NHWC; other shapes as they are."""
    if x.dim() != 4:
        return x
    n, channels, height, width = x.shape
    if channels == 1:
        # .contiguous(channels_last) would keep the NCHW strides (valid for both layouts),
        # and the convolution follows the input's strides: make them NHWC by hand
        return x.reshape(n, height, width, 1).permute(0, 3, 1, 2)
    return x.contiguous(memory_format=torch.channels_last)


def max_pool(x: torch.Tensor, kernel: int = 2, nhwc: bool = True) -> torch.Tensor:
    """``F.max_pool2d(x, kernel)``; with ``nhwc``, where the sizes allow it, as the equal
    adaptive max-pool on an NHWC copy (the result is NHWC then)."""
    height, width = x.shape[-2:]
    if not nhwc or x.dim() != 4 or height % kernel or width % kernel:
        return F.max_pool2d(x, kernel)
    return F.adaptive_max_pool2d(x.contiguous(memory_format=torch.channels_last),
                                 (height // kernel, width // kernel))


def relu_max_pool(x: torch.Tensor, kernel: int = 2, pool_before_relu: bool = True,
                  nhwc: bool = True) -> torch.Tensor:
    """``F.max_pool2d(F.relu(x), kernel)``, as a contiguous NCHW tensor: with
    ``pool_before_relu`` the ReLU after the pool, with ``nhwc`` the pool on NHWC."""
    if pool_before_relu:
        # back to NCHW before the ReLU: the next convolution runs faster on NCHW, and
        # ReLU's backward is slow on mixed layouts
        return F.relu(max_pool(x, kernel, nhwc).contiguous())
    return max_pool(F.relu(x), kernel, nhwc).contiguous()


def cnn_forward(model: DeepMnistCNN, x: torch.Tensor, levers: dict[str, bool] | None = None) -> torch.Tensor:
    """``model(x)`` for the tutorial's CNN, with the ``levers`` that are on (default:
    :data:`CPU_LEVERS`): the same five lines as ``DeepMnistCNN.forward``."""
    levers = CPU_LEVERS if levers is None else levers
    nhwc, pool_first = levers["channels_last"], levers["pool_before_relu"]
    if nhwc:
        x = nhwc_input(x)
    x = relu_max_pool(model.conv1(x), 2, pool_first, nhwc)
    x = relu_max_pool(model.conv2(x), 2, pool_first, nhwc)
    x = F.relu(linear(x.flatten(1), model.fc1, transposed=levers["fc1_transposed"]))
    return model.fc2(model.dropout(x))


def forward(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """What the Trainer computes for a batch: ``model(x)``, for the CNN on a CPU with the
    CPU levers (under bf16 autocast without the transposed fc1, see :func:`linear`).

    The Trainer's evaluation goes through here too (no gradient: NHWC pools and the ReLU
    after the pool only): at batch 1000 it took 0.72x the plain forward's time, medians
    of 7 interleaved rounds on 2 shared cores of an AMD EPYC; for one image the two were
    within noise of each other (1.04x)."""
    if isinstance(model, DeepMnistCNN) and x.device.type == "cpu":
        return cnn_forward(model, x)
    return model(x)
