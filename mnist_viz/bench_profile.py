"""Where a CNN training step goes, op by op, against each op's own roofline (issue 18, item 2).

:func:`profile_step` runs the app's Trainer (tutorial-cnn: batch 50, Adam, the CPU levers of
:mod:`mnist_viz.core.levers` as they are) under ``torch.profiler`` and returns one
:class:`OpRow` per operator and input shapes: its self time per step, its floating-point
operations and the bytes its tensors hold, and what the same operator achieves at the same
shapes timed alone, outside the step:

* matrix products (``aten::mm``, ``aten::addmm``): ``torch.mm`` on contiguous matrices of
  the same shapes (MKL's sgemm at that shape), and the 2048 x 2048 sgemm rate of the bench;
* convolutions (``aten::mkldnn_convolution``, the forward, and ``aten::convolution_backward``):
  the same oneDNN convolution, same shapes, same memory format as the Trainer gives it
  (conv1's input NHWC with the ``channels_last`` lever), the same gradients (conv1: the
  weights' only, the image needs none), timed alone;
* everything else (element-wise ops, pools, layout copies, Adam, the loss): against the
  memory bandwidth of a large copy, from the bytes of its tensors (inputs, and an output the
  size of the largest input; Adam: 7 passes over the parameters).

The question it answers: how far below the sgemm rate the step is, and how much of that is
the libraries (MKL, oneDNN at these small shapes, alone) rather than this code (what the
step adds around them). ``scripts/profile_cnn_step.py`` prints the table;
``mnist-viz bench --only cpu`` reports the ceiling (the full bench: every operator's row too).

The profiler adds a few microseconds per operator; the step's own time is measured without
it. On a shared machine every figure is an upper bound: the alone timings are the median of
interleaved repeats, the step's the mean over the profiled steps.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch.nn import functional as F

from .core import levers
from .core.models import training_flops_per_sample
from .core.training import PRESETS, Trainer

MATMUL = ("aten::mm", "aten::addmm")
CONV_FORWARD = "aten::mkldnn_convolution"
CONV_BACKWARD = "aten::convolution_backward"
FUSED_ADAM = "aten::_fused_adam_"


@dataclass
class OpRow:
    """One operator at one set of input shapes, per training step."""

    name: str
    shapes: str
    calls: float          # per step
    ms: float             # self time per step
    flops: float = 0.0    # per step
    bytes: float = 0.0    # per step
    alone_ms: float | None = None   # the same work timed alone (compute ops)
    kind: str = "memory"  # "matmul", "conv" or "memory"
    extra: dict = field(default_factory=dict)

    @property
    def gflops(self) -> float | None:
        return self.flops / self.ms / 1e6 if self.flops and self.ms else None

    @property
    def alone_gflops(self) -> float | None:
        return self.flops / self.alone_ms / 1e6 if self.flops and self.alone_ms else None

    @property
    def gbytes(self) -> float | None:
        return self.bytes / self.ms / 1e6 if self.bytes and self.ms else None


@dataclass
class StepProfile:
    rows: list[OpRow]
    step_ms: float            # one step without the profiler (mean)
    profiled_ms: float        # the self times' sum per profiled step
    sgemm_gflops: float
    bandwidth_gbs: float
    flops_per_step: float
    threads: int

    @property
    def compute_rows(self) -> list[OpRow]:
        return [row for row in self.rows if row.kind != "memory"]

    @property
    def fraction_of_sgemm(self) -> float:
        """The step's FLOP rate over the sgemm rate (the bench's CPU efficiency)."""
        return self.flops_per_step / self.step_ms / 1e6 / self.sgemm_gflops

    @property
    def library_ceiling(self) -> float:
        """The fraction of sgemm the step would reach if its products and convolutions ran as
        fast as they do alone and everything else cost nothing: what MKL and oneDNN allow."""
        alone = sum(row.alone_ms for row in self.compute_rows if row.alone_ms)
        return self.flops_per_step / alone / 1e6 / self.sgemm_gflops if alone else float("nan")

    @property
    def compute_ms(self) -> float:
        return sum(row.ms for row in self.compute_rows)

    @property
    def alone_ms(self) -> float:
        return sum(row.alone_ms or row.ms for row in self.compute_rows)

    @property
    def memory_ms(self) -> float:
        return sum(row.ms for row in self.rows if row.kind == "memory")


def median_seconds(function: Callable[[], object], repeats: int = 9) -> float:
    function()  # warm-up: oneDNN builds its primitive, MKL its buffers
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def sgemm_rate(size: int = 2048, repeats: int = 5) -> float:
    a, b = torch.randn(size, size), torch.randn(size, size)
    return 2 * size**3 / median_seconds(lambda: a @ b, repeats) / 1e9


def copy_bandwidth(mbytes: int = 64) -> float:
    """GB/s of one large float32 copy (read + write)."""
    source = torch.randn(mbytes * 2**20 // 4)
    target = torch.empty_like(source)
    return 2 * source.numel() * 4 / median_seconds(lambda: target.copy_(source), 7) / 1e9


def _numel(shape) -> int:
    count = 1
    for size in shape:
        count *= size
    return count


def _conv_of(model, in_channels: int, out_channels: int, kernel: int):
    for module in model.modules():
        if (isinstance(module, torch.nn.Conv2d) and module.in_channels == in_channels
                and module.out_channels == out_channels and module.kernel_size[0] == kernel):
            return module
    return None


def _out_size(size: int, conv: torch.nn.Conv2d, axis: int) -> int:
    return (size + 2 * conv.padding[axis] - conv.dilation[axis] * (conv.kernel_size[axis] - 1) - 1) \
        // conv.stride[axis] + 1


def _conv_input(shape, conv) -> torch.Tensor:
    x = torch.randn(*shape)
    if levers.CPU_LEVERS["channels_last"] and conv.in_channels == 1:
        x = levers.nhwc_input(x)  # as levers.cnn_forward hands conv1 its input
    return x


def _annotate(row: OpRow, shapes: list, model, first_conv) -> None:
    """FLOPs and the alone timing of a product or a convolution; bytes of the rest."""
    tensors = [shape for shape in shapes if isinstance(shape, list) and shape]
    if row.name in MATMUL and len(tensors) >= 2:
        (m, k), (_, n) = tensors[-2][:2], tensors[-1][:2]
        row.kind, row.flops = "matmul", 2.0 * m * k * n * row.calls
        a, b = torch.randn(m, k), torch.randn(k, n)
        bias = torch.randn(*tensors[0]) if row.name == "aten::addmm" else None
        work = (lambda: torch.addmm(bias, a, b)) if bias is not None else (lambda: torch.mm(a, b))
        row.alone_ms = median_seconds(work) * 1e3 * row.calls
        return
    if row.name in (CONV_FORWARD, CONV_BACKWARD) and len(tensors) >= 2:
        if row.name == CONV_FORWARD:
            x_shape, w_shape = tensors[0], tensors[1]
        else:
            x_shape, w_shape = tensors[1], tensors[2]
        conv = _conv_of(model, x_shape[1], w_shape[0], w_shape[2])
        if conv is not None:
            n, c, h, w = x_shape
            oh, ow = _out_size(h, conv, 0), _out_size(w, conv, 1)
            one = 2.0 * n * conv.out_channels * oh * ow * c * conv.kernel_size[0] * conv.kernel_size[1]
            x = _conv_input(x_shape, conv)
            weight = torch.randn(*w_shape)
            bias = torch.randn(conv.out_channels)
            row.kind = "conv"
            if row.name == CONV_FORWARD:
                row.flops = one * row.calls
                with torch.no_grad():
                    seconds = median_seconds(lambda: F.conv2d(x, weight, bias, conv.stride, conv.padding))
            else:
                needs_input = conv is not first_conv  # the image needs no gradient
                row.flops = one * (2 if needs_input else 1) * row.calls
                with torch.no_grad():
                    grad = F.conv2d(x, weight, bias, conv.stride, conv.padding).contiguous()
                    seconds = median_seconds(lambda: torch.ops.aten.convolution_backward(
                        grad, x, weight, [conv.out_channels], list(conv.stride), list(conv.padding),
                        list(conv.dilation), False, [0, 0], 1, [needs_input, True, True]))
            row.alone_ms = seconds * 1e3 * row.calls
            return
    if row.name == FUSED_ADAM:
        parameters = sum(p.numel() for p in model.parameters())
        row.bytes = 7.0 * 4 * parameters * row.calls
        return
    if tensors:
        sizes = [_numel(shape) for shape in tensors]
        row.bytes = 4.0 * (sum(sizes) + max(sizes)) * row.calls


def profile_step(mnist, steps: int = 20, warmup: int = 5, min_share: float = 0.005) -> StepProfile:
    """Profile ``steps`` training steps of tutorial-cnn's Trainer (see the module doc).

    Operators other than products and convolutions under ``min_share`` of the step are merged
    into one row, "the rest"."""
    from torch.profiler import ProfilerActivity, profile

    config = PRESETS["tutorial-cnn"]
    trainer = Trainer(config.replace(steps=10**6, eval_every=0), mnist.train, mnist.test)
    for _ in range(warmup):
        trainer.train_step()
    started = time.perf_counter()
    for _ in range(steps):
        trainer.train_step()
    step_ms = (time.perf_counter() - started) / steps * 1e3
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as profiler:
        for _ in range(steps):
            trainer.train_step()
    events = [event for event in profiler.key_averages(group_by_input_shape=True)
              if event.self_cpu_time_total > 0]
    profiled_ms = sum(event.self_cpu_time_total for event in events) / 1e3 / steps
    model, rows, rest = trainer.model, [], OpRow("the rest", "", 0, 0.0)
    first_conv = next((m for m in model.modules() if isinstance(m, torch.nn.Conv2d)), None)
    for event in sorted(events, key=lambda e: -e.self_cpu_time_total):
        ms = event.self_cpu_time_total / 1e3 / steps
        # (a product or a convolution keeps its row however short: its FLOPs count, and conv1's
        # forward, 1 % of a fast step, fell into "the rest" now and then)
        compute = event.key in MATMUL or event.key in (CONV_FORWARD, CONV_BACKWARD)
        if ms < min_share * profiled_ms and not compute:
            rest.ms += ms
            rest.calls += event.count / steps
            continue
        shapes = [shape for shape in (event.input_shapes or []) if shape]
        row = OpRow(event.key, " ".join("x".join(map(str, s)) for s in shapes if isinstance(s, list)),
                    event.count / steps, ms)
        _annotate(row, list(event.input_shapes or []), model, first_conv)
        rows.append(row)
    rows.append(rest)
    return StepProfile(rows=rows, step_ms=step_ms, profiled_ms=profiled_ms, sgemm_gflops=sgemm_rate(),
                       bandwidth_gbs=copy_bandwidth(), flops_per_step=training_flops_per_sample(model)
                       * config.batch_size, threads=torch.get_num_threads())


def format_table(profile: StepProfile) -> str:
    """The profile as a text table, with the summary lines under it."""
    lines = [f"{'operator':<34} {'input shapes':<34} {'calls':>5} {'ms/step':>8} {'share':>6} "
             f"{'GFLOP/s':>8} {'alone':>8} {'of sgemm':>8} {'GB/s':>6}"]
    for row in profile.rows:
        share = row.ms / profile.profiled_ms
        gflops = f"{row.gflops:8.1f}" if row.gflops else " " * 8
        alone = f"{row.alone_gflops:8.1f}" if row.alone_gflops else " " * 8
        of_sgemm = f"{row.alone_gflops / profile.sgemm_gflops:8.2f}" if row.alone_gflops else " " * 8
        gbytes = f"{row.gbytes:6.1f}" if row.kind == "memory" and row.gbytes else " " * 6
        lines.append(f"{row.name[:34]:<34} {row.shapes[:34]:<34} {row.calls:5.1f} {row.ms:8.2f} {share:6.1%} "
                     f"{gflops} {alone} {of_sgemm} {gbytes}")
    lines += [
        "",
        f"step without the profiler: {profile.step_ms:.1f} ms ({profile.threads} threads); "
        f"self times under the profiler: {profile.profiled_ms:.1f} ms",
        f"sgemm 2048^2: {profile.sgemm_gflops:.1f} GFLOP/s; copy bandwidth: {profile.bandwidth_gbs:.1f} GB/s",
        f"CNN training: {profile.flops_per_step / profile.step_ms / 1e6:.1f} GFLOP/s = "
        f"{profile.fraction_of_sgemm:.3f} of sgemm",
        f"products and convolutions: {profile.compute_ms:.1f} ms in the step, {profile.alone_ms:.1f} ms alone "
        f"at the same shapes; everything else: {profile.memory_ms:.1f} ms",
        f"library ceiling (every product and convolution as fast as alone, the rest free): "
        f"{profile.library_ceiling:.3f} of sgemm",
    ]
    return "\n".join(lines)
