"""The two models of the TensorFlow tutorials, and the names of the parts worth showing.

``SoftmaxRegression`` is "MNIST For ML Beginners": y = softmax(xW + b), with W (784 x 10)
and b starting at zero. ``DeepMnistCNN`` is "Deep MNIST for Experts": two 5x5 SAME
convolutions (32 and 64 channels) each followed by ReLU and 2x2 max-pooling, a fully
connected layer of 1024 ReLUs, dropout, and a 10-way output.

Both return logits from ``forward`` (the softmax lives in the loss), and both can hand
out, by name, what the GUI draws:

* ``weights()``: learned parameters as images (``softmax_weights``, ``conv1_filters``,
  ``conv2_filters``);
* ``activations(x)``: what one input does inside the network (``input``, ``conv1``,
  ``pool1``, ``conv2``, ``pool2``, ``fc1``, ``evidence``, ``probabilities``).

A caller asks for names, never for attributes, so the panels need not know the models.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from .config import ACTIVATION_PARTS, INIT_CHOICES, MODEL_CHOICES, WEIGHT_PARTS  # noqa: F401  (re-exported)


class SoftmaxRegression(nn.Module):
    """Multinomial logistic regression on the 784 raw pixels."""

    name = "softmax"
    weight_parts = WEIGHT_PARTS["softmax"]
    activation_parts = ACTIVATION_PARTS["softmax"]

    def __init__(self, init: str = "tutorial", generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.W = nn.Parameter(torch.zeros(784, 10))
        self.b = nn.Parameter(torch.zeros(10))
        initialise(self, init, generator)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], 784) @ self.W + self.b

    def weights(self) -> dict[str, torch.Tensor]:
        # Column k of W, reshaped to 28x28, is the template the model matches for digit k.
        return {"softmax_weights": self.W.detach().T.reshape(10, 28, 28)}

    def activations(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        flat = x.reshape(x.shape[0], 784)
        logits = flat @ self.W + self.b
        return {
            "input": x[:, 0],
            # Per-class evidence: each pixel's contribution x_i * W_ik to the logit of k.
            "evidence": (flat.unsqueeze(2) * self.W).permute(0, 2, 1).reshape(-1, 10, 28, 28),
            "probabilities": logits.softmax(dim=1),
        }


#: CPU levers of the CNN's training ``forward``, each giving the same model (outputs and
#: gradients equal up to float rounding; see tests/core/test_cpu_levers.py) and each on
#: by default; set one to False to measure what it is worth (``mnist-viz bench``).
#:
#: * ``pool_before_relu``: max-pool, then ReLU. relu(maxpool(x)) == maxpool(relu(x))
#:   exactly, gradients too (ties at zero pass nothing back either way), and the ReLU and
#:   its backward touch a quarter of the values.
#: * ``fc1_transposed``: fc1's three matrix products at batch 50 (3136 x 1024, K or M =
#:   50) computed as the transposed products ``(W x^T)^T`` etc., a shape MKL runs faster
#:   on this kind of CPU (see :class:`_LinearTransposed`).
#: * ``channels_last``: conv1 and both max-pools on channels-last (NHWC) tensors, the
#:   2x2 max-pool as the (equal) adaptive max-pool, whose NHWC kernel is vectorised over
#:   channels: 3-6x faster than ``max_pool2d`` on NCHW, a scalar loop that cost as much
#:   as a convolution. conv1's weight gradient is 3x faster on NHWC too; conv2 stays NCHW
#:   (oneDNN ran it 1.4x slower on NHWC).
#:
#: ``features()`` and ``activations()`` (what the GUI draws) always take the plain path.
CPU_LEVERS: dict[str, bool] = {"pool_before_relu": True, "fc1_transposed": True, "channels_last": True}


class _LinearTransposed(torch.autograd.Function):
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
        # (1024, 50), copied to a plain (50, 1024) (0.2 MB): dropout draws its mask in
        # memory order, so a transposed view would get another mask from the same seed
        return torch.addmm(bias.unsqueeze(1), weight, x.t()).t().contiguous()

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        x, weight = ctx.saved_tensors
        grad_t = grad.t().contiguous()  # (1024, 50)
        grad_x = torch.mm(weight.t(), grad_t).t() if ctx.needs_input_grad[0] else None
        grad_w = torch.mm(grad_t, x) if ctx.needs_input_grad[1] else None
        grad_b = grad_t.sum(1) if ctx.needs_input_grad[2] else None
        return grad_x, grad_w, grad_b


def _max_pool(x: torch.Tensor, nhwc: bool) -> torch.Tensor:
    """``F.max_pool2d(x, 2)``; with ``nhwc``, on an NHWC copy by the adaptive max-pool.

    For even sizes the adaptive max-pool has the same 2x2 windows, the same maxima and,
    on ties, gives the gradient to the same (first) element of a window; its NHWC kernel
    is vectorised over channels and runs 3-6x faster than ``max_pool2d`` on NCHW.
    """
    height, width = x.shape[-2:]
    if not nhwc or height % 2 or width % 2:
        return F.max_pool2d(x, 2)
    return F.adaptive_max_pool2d(x.contiguous(memory_format=torch.channels_last), (height // 2, width // 2))


def linear_transposed(x: torch.Tensor, layer: nn.Linear) -> torch.Tensor:
    """``layer(x)``; while gradients are recorded, through :class:`_LinearTransposed`."""
    if torch.is_grad_enabled() and x.dim() == 2 and layer.bias is not None:
        return _LinearTransposed.apply(x, layer.weight, layer.bias)
    return layer(x)


class DeepMnistCNN(nn.Module):
    """The 'Deep MNIST for Experts' network: conv-pool, conv-pool, fc 1024, dropout, fc 10."""

    name = "cnn"
    weight_parts = WEIGHT_PARTS["cnn"]
    activation_parts = ACTIVATION_PARTS["cnn"]

    def __init__(self, keep_prob: float = 0.5, init: str = "tutorial",
                 generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, kernel_size=5, padding=2)   # SAME: 28x28 stays 28x28
        self.conv2 = nn.Conv2d(32, 64, kernel_size=5, padding=2)  # 14x14 stays 14x14
        self.fc1 = nn.Linear(7 * 7 * 64, 1024)
        self.dropout = nn.Dropout(p=1.0 - keep_prob)
        self.fc2 = nn.Linear(1024, 10)
        initialise(self, init, generator)

    def set_keep_prob(self, keep_prob: float) -> None:
        self.dropout.p = 1.0 - keep_prob

    def features(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        conv1 = F.relu(self.conv1(x))
        pool1 = F.max_pool2d(conv1, 2)
        conv2 = F.relu(self.conv2(pool1))
        pool2 = F.max_pool2d(conv2, 2)
        fc1 = F.relu(self.fc1(pool2.flatten(1)))
        return {"conv1": conv1, "pool1": pool1, "conv2": conv2, "pool2": pool2, "fc1": fc1}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        levers = CPU_LEVERS
        if x.device.type != "cpu":
            return self.plain_forward(x)
        nhwc = levers["channels_last"]
        if nhwc and x.shape[1] == 1:
            # One channel: .contiguous(channels_last) would keep the NCHW strides, and the
            # convolution follows the input's strides, so make them NHWC by hand.
            n, _, height, width = x.shape
            x = x.reshape(n, height, width, 1).permute(0, 3, 1, 2)
        for conv in (self.conv1, self.conv2):
            x = conv(x)
            if levers["pool_before_relu"]:
                # back to NCHW before the ReLU: conv2 runs faster on NCHW (oneDNN: 8 vs
                # 12 ms at batch 50), and ReLU's backward is slow on mixed layouts
                x = F.relu(_max_pool(x, nhwc).contiguous())
            else:
                x = _max_pool(F.relu(x), nhwc).contiguous()
        x = x.flatten(1)  # (channel, row, column) order, whatever the memory format
        x = linear_transposed(x, self.fc1) if levers["fc1_transposed"] else self.fc1(x)
        return self.fc2(self.dropout(F.relu(x)))

    def plain_forward(self, x: torch.Tensor) -> torch.Tensor:
        """The network as the tutorial writes it, with none of the CPU levers."""
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc2(self.dropout(x))

    def weights(self) -> dict[str, torch.Tensor]:
        return {
            "conv1_filters": self.conv1.weight.detach()[:, 0],  # (32, 5, 5)
            "conv2_filters": self.conv2.weight.detach(),        # (64, 32, 5, 5)
        }

    def activations(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        parts = self.features(x)
        parts["input"] = x[:, 0]
        parts["probabilities"] = self.fc2(parts["fc1"]).softmax(dim=1)  # no dropout at test time
        return parts


Model = SoftmaxRegression | DeepMnistCNN


def build_model(name: str, init: str = "tutorial", keep_prob: float = 0.5, seed: int | None = None) -> Model:
    """The named model with fresh weights. With ``seed`` they are drawn from a generator of
    their own, so the same seed gives the same weights even while another thread is
    using torch's global random numbers (two trainings side by side, dropout)."""
    generator = None if seed is None else torch.Generator().manual_seed(seed)
    if name == "softmax":
        return SoftmaxRegression(init=init, generator=generator)
    if name == "cnn":
        return DeepMnistCNN(keep_prob=keep_prob, init=init, generator=generator)
    raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_CHOICES)}")


@torch.no_grad()
def initialise(model: nn.Module, init: str, generator: torch.Generator | None = None) -> None:
    """Set every parameter by the named scheme.

    * ``tutorial``: as the tutorials do it. Softmax regression starts at zero (its loss is
      convex, so there is no symmetry to break); the CNN draws weights from a normal
      distribution truncated at two standard deviations (stddev 0.1) and sets biases to
      0.1 so that ReLUs start active.
    * ``zeros``: everything zero. For the CNN every ReLU then receives exactly 0 and passes
      no gradient back, so only the output biases ever learn: the filters stay zero.
    * ``kaiming``: He-normal weights for ReLU layers, zero biases.
    * ``constant``: every weight of a layer the same value, 1 / (inputs per unit), so that
      activations keep their size; CNN biases 0.1 as in the tutorial, softmax biases 0.
      Every filter gets the same gradient and they move but stay identical copies: the
      classic demonstration of why symmetry must be broken (see ``core.experiments``).
    """
    if init not in INIT_CHOICES:
        raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INIT_CHOICES)}")
    if isinstance(model, SoftmaxRegression):
        if init == "kaiming":
            nn.init.kaiming_normal_(model.W.T, generator=generator)  # fan_in = 784
        elif init == "constant":
            nn.init.constant_(model.W, 1.0 / 784)
        else:
            model.W.zero_()
        model.b.zero_()
        return
    for module in model.modules():
        if not isinstance(module, (nn.Conv2d, nn.Linear)):
            continue
        if init == "tutorial":
            nn.init.trunc_normal_(module.weight, std=0.1, a=-0.2, b=0.2, generator=generator)
            nn.init.constant_(module.bias, 0.1)
        elif init == "zeros":
            nn.init.zeros_(module.weight)
            nn.init.zeros_(module.bias)
        elif init == "constant":
            nn.init.constant_(module.weight, 1.0 / module.weight[0].numel())  # 1 / fan_in
            nn.init.constant_(module.bias, 0.1)
        else:
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu", generator=generator)
            nn.init.zeros_(module.bias)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def training_flops_per_sample(model: nn.Module) -> float:
    """Floating-point operations of one training step per sample, from the layer shapes."""
    if isinstance(model, SoftmaxRegression):
        return 2.0 * (2 * 784 * 10)  # forward + weight gradient; no gradient for the input
    conv1 = 2 * 28 * 28 * 32 * 1 * 25
    forward = conv1 + 2 * (14 * 14 * 64 * 32 * 25 + 3136 * 1024 + 1024 * 10)
    # Backward costs two forwards (input and weight gradients), except that conv1 needs no
    # gradient with respect to the image: 3 x 27.8 - 1.25 = about 82 MFLOP per sample.
    return 3.0 * forward - conv1
