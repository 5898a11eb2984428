"""Mixed precision: where bf16 is native, and the context a training step or a prediction runs in.

bfloat16 keeps float32's 8-bit exponent and drops the mantissa to 7 bits, so it covers the
same range: gradients do not underflow and, unlike float16, need no loss scaling. Under
``torch.autocast(device, dtype=torch.bfloat16)`` PyTorch runs the convolutions and matrix
products in bf16 and leaves the rest as it is; the parameters stay float32 (the "master
weights": the optimiser, fused Adam included, updates them in float32), and this package
computes the loss from the logits cast back to float32 (log-softmax and cross-entropy in
float32).

Whether bf16 is worth it depends on the hardware:

* CPU: native with AVX512-BF16 (``avx512_bf16`` in /proc/cpuinfo: AMD Zen 4 and later, Intel
  Cooper Lake, Sapphire Rapids) or AMX (``amx_bf16``: Intel Sapphire Rapids and later), where
  oneDNN has bf16 convolution and matrix kernels. Elsewhere PyTorch emulates it: convolutions
  fall back to its own im2col loop (``_slow_conv2d``) and matrix products to its portable
  bf16 gemm, several times slower than float32 (see ``mnist-viz bench --only bf16``).
* CUDA: native from compute capability 8.0 (Ampere). There the bf16 mode also lets the
  float32 products that autocast leaves alone use TF32 tensor cores; ``fp32`` keeps them
  IEEE float32.

``auto`` picks bf16 only where it is native. Nothing here imports torch until it is needed:
the detection of the CPU's flags runs before torch is loaded.
"""

from __future__ import annotations

import contextlib
import functools
import os
import platform
from collections.abc import Iterator

from .config import PRECISIONS

#: /proc/cpuinfo flags of a CPU that computes bf16 natively: AVX512-BF16 and AMX-BF16 (x86),
#: and "bf16" among the Features of an Armv8.6 core (aarch64).
BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16", "bf16")
CPUINFO = "/proc/cpuinfo"


def cpu_flags(cpuinfo: str | os.PathLike[str] = CPUINFO) -> frozenset[str] | None:
    """The first CPU's feature flags from /proc/cpuinfo (x86 "flags", aarch64 "Features"),
    or None where that file cannot be read (not Linux)."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key.strip() in ("flags", "Features"):
                    return frozenset(value.split())
    except OSError:
        return None
    return frozenset()


def cpu_bf16_features(cpuinfo: str | os.PathLike[str] = CPUINFO) -> tuple[str, ...]:
    """Which of the native bf16 features this CPU has ('avx512_bf16', 'amx_bf16', 'bf16'),
    from /proc/cpuinfo, else (not Linux) as torch's own CPU detection reports them."""
    flags = cpu_flags(cpuinfo)
    if flags is not None:
        return tuple(flag for flag in BF16_CPU_FLAGS if flag in flags)
    try:
        import torch

        found = []
        if torch.cpu._is_avx512_bf16_supported():
            found.append("avx512_bf16")
        if torch.cpu._is_amx_tile_supported():
            found.append("amx_bf16")
        return tuple(found)
    except (ImportError, AttributeError, RuntimeError):
        return ()


@functools.cache
def cpu_native_bf16() -> bool:
    """Does this machine's CPU compute bf16 natively (AVX512-BF16, AMX or Arm BF16)?"""
    return bool(cpu_bf16_features())


def cpu_bf16_note(cpuinfo: str | os.PathLike[str] = CPUINFO) -> str:
    """A line for the bench and the logs: what this CPU has for bf16."""
    features = cpu_bf16_features(cpuinfo)
    if features:
        return f"native bf16 on this CPU ({', '.join(features)})"
    flags = cpu_flags(cpuinfo)
    vector = ("AVX-512" if flags and "avx512f" in flags else "AVX2" if flags and "avx2" in flags
              else platform.machine() or "this CPU")
    return (f"this CPU lacks native bf16 (no avx512_bf16 or amx_bf16; {vector} only): "
            "PyTorch emulates bf16 here, and auto trains in fp32")


def cuda_native_bf16() -> bool:
    """A CUDA GPU that computes bf16 natively (compute capability 8.0 or later)?"""
    import torch

    if not torch.cuda.is_available():
        return False
    try:
        return bool(torch.cuda.is_bf16_supported(including_emulation=False))
    except TypeError:  # older torch: no emulation argument, and no emulation either
        return bool(torch.cuda.is_bf16_supported())


def native_bf16(device_type: str) -> bool:
    """Does ``device_type`` ("cpu", "cuda", "mps") compute bf16 natively?"""
    if device_type == "cpu":
        return cpu_native_bf16()
    if device_type == "cuda":
        return cuda_native_bf16()
    return False  # MPS: autocast to bf16 exists, but nothing was measured there


def _device_type(device) -> str:
    return device if isinstance(device, str) else device.type


def resolve(precision: str, device) -> str:
    """What ``precision`` means on ``device`` (a torch.device or its type): "fp32" or "bf16".

    ``bf16`` is bf16 wherever autocast supports it, native or not (asked for: given);
    ``auto`` is bf16 where the device has native bf16, else fp32.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}")
    device_type = _device_type(device)
    if precision == "auto":
        return "bf16" if native_bf16(device_type) else "fp32"
    if precision == "bf16":
        import torch

        if not torch.amp.is_autocast_available(device_type):
            raise ValueError(f"bf16 autocast is not available on {device_type}; use precision fp32")
    return precision


@contextlib.contextmanager
def float32_products(device, precision: str) -> Iterator[None]:
    """Around a whole step (forward and backward): on CUDA, the float32 products and
    convolutions in TF32 for ``precision`` "bf16" (what autocast leaves in float32) and in
    IEEE float32 for "fp32", torch's settings restored afterwards; elsewhere nothing."""
    if _device_type(device) != "cuda":
        yield
        return
    import torch

    allowed = precision == "bf16"
    matmul, conv = torch.backends.cuda.matmul, torch.backends.cudnn.conv
    if hasattr(matmul, "fp32_precision"):  # torch >= 2.9
        saved = matmul.fp32_precision, conv.fp32_precision
        matmul.fp32_precision = conv.fp32_precision = "tf32" if allowed else "ieee"
        try:
            yield
        finally:
            matmul.fp32_precision, conv.fp32_precision = saved
        return
    saved = matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = allowed
    try:
        yield
    finally:
        matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = saved


def autocast(device, precision: str):
    """The context a forward pass runs in: bf16 autocast for ``precision`` "bf16" (resolved:
    not "auto"); for "fp32" a null context (autocast is not entered at all)."""
    if precision == "fp32":
        return contextlib.nullcontext()
    if precision != "bf16":
        raise ValueError(f"resolve precision {precision!r} first (fp32 or bf16)")
    import torch

    return torch.autocast(device_type=_device_type(device), dtype=torch.bfloat16)

