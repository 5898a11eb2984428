"""Mixed precision (``core.precision``): where bf16 is native, what ``auto`` resolves to, and
that a bf16 step computes the same step as fp32, up to bf16's rounding.

No timings here (the bench's bf16 rows measure speed), and no GPU: the CUDA path is
checked for what it asks torch to do.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from mnist_viz.core import checkpoints, data
from mnist_viz.core import precision as mixed
from mnist_viz.core.config import PRECISIONS, PRESETS, TrainConfig
from mnist_viz.core.inference import Predictor
from mnist_viz.core import levers
from mnist_viz.core.levers import CPU_LEVERS
from mnist_viz.core.models import build_model
from mnist_viz.core.recording import Recording
from mnist_viz.core.training import Trainer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1_0"

X86_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep sse sse2 ht syscall nx lm pni ssse3 fma cx16 "
             "sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand avx2 bmi1 bmi2 erms")


def cpuinfo(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cpuinfo"
    path.write_text(text)
    return path


def x86(tmp_path: Path, *extra: str) -> Path:
    flags = " ".join((X86_FLAGS, *extra))
    block = f"processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: {flags}\n\n"
    return cpuinfo(tmp_path, block + block.replace(": 0", ": 1", 1))


# ------------------------------------------------------------------------------- detection
def test_avx512_bf16_and_amx_are_native_bf16(tmp_path):
    zen4 = x86(tmp_path, "avx512f avx512bw avx512vl avx512_bf16")
    assert mixed.cpu_bf16_features(zen4) == ("avx512_bf16",)
    assert "native bf16 on this CPU (avx512_bf16)" in mixed.cpu_bf16_note(zen4)
    sapphire = x86(tmp_path, "avx512f avx512_bf16 amx_bf16 amx_tile amx_int8")
    assert mixed.cpu_bf16_features(sapphire) == ("avx512_bf16", "amx_bf16")


def test_a_cpu_without_the_flags_lacks_native_bf16_and_the_note_says_so(tmp_path):
    avx2 = x86(tmp_path)
    assert mixed.cpu_bf16_features(avx2) == ()
    note = mixed.cpu_bf16_note(avx2)
    assert "lacks native bf16" in note and "AVX2" in note and "auto trains in fp32" in note
    # AVX-512 alone (Skylake, Zen 3 has none) is not bf16: PyTorch would emulate it
    assert mixed.cpu_bf16_features(x86(tmp_path, "avx512f avx512bw avx512vl avx512dq")) == ()
    assert "AVX-512" in mixed.cpu_bf16_note(x86(tmp_path, "avx512f avx512bw"))


def test_an_arm_core_with_bf16_is_native(tmp_path):
    text = "processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes sha1 sha2 crc32 bf16 i8mm\n"
    assert mixed.cpu_bf16_features(cpuinfo(tmp_path, text)) == ("bf16",)


def test_without_proc_cpuinfo_torch_is_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: True)
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: False)
    assert mixed.cpu_bf16_features(tmp_path / "no-such-file") == ("avx512_bf16",)


# --------------------------------------------------------------------------------- resolving
@pytest.mark.parametrize("native, expected", [(True, "bf16"), (False, "fp32")])
def test_auto_is_bf16_only_where_the_cpu_has_it(monkeypatch, native, expected):
    monkeypatch.setattr(mixed, "cpu_native_bf16", lambda: native)
    assert mixed.resolve("auto", torch.device("cpu")) == expected
    assert mixed.resolve("auto", "cpu") == expected
    # asked for by name: given, native or not; fp32 is fp32
    assert mixed.resolve("bf16", "cpu") == "bf16"
    assert mixed.resolve("fp32", "cpu") == "fp32"


@pytest.mark.parametrize("native, expected", [(True, "bf16"), (False, "fp32")])
def test_auto_on_cuda_follows_the_gpu(monkeypatch, native, expected):
    monkeypatch.setattr(mixed, "cuda_native_bf16", lambda: native)
    monkeypatch.setattr(mixed, "cpu_native_bf16", lambda: not native)  # the CPU does not count
    assert mixed.resolve("auto", "cuda") == expected


def test_mps_auto_stays_fp32():
    assert mixed.resolve("auto", "mps") == "fp32"


def test_an_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="unknown precision 'fp16'"):
        mixed.resolve("fp16", "cpu")
    with pytest.raises(ValueError, match="resolve precision 'auto' first"):
        mixed.autocast("cpu", "auto")


# ------------------------------------------------------------------------------- the config
def test_precision_is_a_validated_setting_and_the_tutorials_train_in_fp32():
    assert PRECISIONS == ("fp32", "bf16", "auto")
    assert TrainConfig().precision == "fp32"
    for name in ("tutorial-softmax", "tutorial-cnn"):
        assert PRESETS[name].precision == "fp32"
    # fast-cnn takes bf16 where it is native (the same accuracy, 1.9x the speed there); the
    # recipes of the shipped models stay fp32, so that make_pretrained.py rebuilds them exactly
    assert PRESETS["fast-cnn"].precision == "auto"
    for name in ("canvas-cnn", "canvas-softmax", "watch-cnn"):
        assert PRESETS[name].precision == "fp32"
    for value in PRECISIONS:
        assert TrainConfig(precision=value).precision == value
    with pytest.raises(ValueError, match="precision must be one of fp32, bf16, auto, not 'half'"):
        TrainConfig(precision="half")
    assert TrainConfig(precision="bf16").to_dict()["precision"] == "bf16"


def test_a_checkpoint_and_a_recording_from_before_precision_still_load(tmp_path):
    """0.1.0's files have configs without "precision": they load, and train, in fp32."""
    for name in ("softmax.pt", "cnn-compact.pt"):
        saved = checkpoints.load(FIXTURES / name).config
        assert "precision" not in saved
        config = TrainConfig().replace(**saved)
        assert config.precision == "fp32" and config.preset == saved["preset"]
    folder = Path(shutil.copytree(FIXTURES / "recording-cnn", tmp_path / "recording-cnn"))
    recording = Recording.open(folder)
    assert "precision" not in recording.config
    assert TrainConfig().replace(**recording.config).precision == "fp32"


# --------------------------------------------------------------------------------- training
@pytest.fixture
def tiny(tiny_mnist) -> data.Mnist:
    return data.load(tiny_mnist.root)


def cnn_config(**changes) -> TrainConfig:
    settings = dict(model="cnn", optimizer="adam", learning_rate=1e-3, batch_size=8, steps=2, device="cpu",
                    eval_every=0, loss_reduction="mean", init="kaiming", seed=3)
    settings.update(changes)
    return TrainConfig(**settings)


def autocast_seen(trainer: Trainer) -> list[tuple[bool, torch.dtype]]:
    """Record, at each conv1 call, whether CPU autocast is on and the dtype conv1 returns."""
    seen = []
    trainer.model.conv1.register_forward_hook(
        lambda module, inputs, output: seen.append((torch.is_autocast_enabled("cpu"), output.dtype)))
    return seen


def test_fp32_never_enters_autocast(tiny, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("autocast entered for fp32")

    monkeypatch.setattr(torch, "autocast", refuse)
    trainer = Trainer(cnn_config(precision="fp32"), tiny.train, tiny.test)
    assert trainer.precision == "fp32"
    seen = autocast_seen(trainer)
    trainer.train_step()
    trainer.evaluate()
    assert seen and all(state == (False, torch.float32) for state in seen)


def test_auto_on_a_cpu_without_bf16_trains_in_fp32(tiny, monkeypatch):
    monkeypatch.setattr(mixed, "cpu_native_bf16", lambda: False)
    assert Trainer(cnn_config(precision="auto"), tiny.train, tiny.test).precision == "fp32"
    monkeypatch.setattr(mixed, "cpu_native_bf16", lambda: True)
    assert Trainer(cnn_config(precision="auto"), tiny.train, tiny.test).precision == "bf16"


def first_step(tiny, precision: str):
    trainer = Trainer(cnn_config(precision=precision), tiny.train, tiny.test)
    seen = autocast_seen(trainer)
    logits = []
    original = trainer._logits
    trainer._logits = lambda images: logits.append(original(images)) or logits[-1]
    done = trainer.train_step()
    return trainer, done, seen, logits[0]


@pytest.mark.parametrize("levers", [True, False])
def test_a_bf16_step_computes_the_fp32_step_up_to_rounding(tiny, levers):
    """The same batch, weights and dropout mask: the bf16 loss is within bf16's rounding of
    fp32's; the convolutions ran in bf16, the logits (and the loss) are float32, and the
    weights, their gradients and Adam's state stay float32 (the master weights)."""
    saved = dict(CPU_LEVERS)
    CPU_LEVERS.update({name: levers for name in CPU_LEVERS})
    try:
        fp32, fp32_step, fp32_seen, fp32_logits = first_step(tiny, "fp32")
        bf16, bf16_step, bf16_seen, bf16_logits = first_step(tiny, "bf16")
    finally:
        CPU_LEVERS.update(saved)
    assert fp32_seen == [(False, torch.float32)]
    assert bf16.precision == "bf16" and bf16_seen == [(True, torch.bfloat16)]
    assert bf16_logits.dtype == torch.float32 and fp32_logits.dtype == torch.float32
    assert math.isclose(bf16_step.loss, fp32_step.loss, rel_tol=2e-2)
    assert torch.allclose(bf16_logits, fp32_logits, rtol=5e-2, atol=5e-2)
    start = build_model("cnn", init="kaiming", seed=3).state_dict()
    agreeing = total = 0
    for (name, p32), (_, p16) in zip(fp32.model.named_parameters(), bf16.model.named_parameters()):
        assert p16.dtype == torch.float32 and p16.grad.dtype == torch.float32, name
        # Adam's first step moves each weight by about the learning rate, by the sign of its
        # gradient: the same sign for most (small gradients may round either way)
        same = torch.sign(p32.detach() - start[name]) == torch.sign(p16.detach() - start[name])
        assert same.float().mean() > 0.75, name
        agreeing, total = agreeing + int(same.sum()), total + same.numel()
    assert agreeing / total > 0.95
    for state in bf16.optimizer.state.values():
        assert all(value.dtype == torch.float32 for value in state.values() if value.numel() > 1)


def test_the_bf16_loss_is_computed_in_float32():
    """Logits cast back to float32 before the loss: log-softmax and cross-entropy in float32."""
    model = build_model("cnn", init="kaiming", seed=1).train()
    images = torch.rand(4, 1, 28, 28)
    with mixed.autocast("cpu", "bf16"):
        inner = levers.forward(model, images)
    assert inner.dtype == torch.bfloat16
    loss = F.cross_entropy(inner.float(), torch.tensor([0, 1, 2, 3]))
    assert loss.dtype == torch.float32
    loss.backward()
    assert all(p.grad is not None and p.grad.dtype == torch.float32 for p in model.parameters())


def test_the_bf16_forward_is_the_model(monkeypatch):
    """levers.forward under autocast computes the network of model.forward (same weights,
    same dropout mask), up to bf16 rounding; outside autocast too, up to float rounding."""
    model = build_model("cnn", init="kaiming", seed=2).train()
    images = torch.rand(6, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    torch.manual_seed(5)
    outside = levers.forward(model, images)
    torch.manual_seed(5)
    assert torch.allclose(outside, model(images), rtol=1e-4, atol=1e-5)
    with mixed.autocast("cpu", "bf16"):
        torch.manual_seed(5)
        ours = levers.forward(model, images).float()
        torch.manual_seed(5)
        plain = model(images).float()
    assert torch.allclose(ours, plain, rtol=3e-2, atol=3e-2)


def test_bf16_evaluation_agrees_with_fp32(tiny):
    fp32 = Trainer(cnn_config(precision="fp32"), tiny.train, tiny.test).evaluate()
    bf16 = Trainer(cnn_config(precision="bf16"), tiny.train, tiny.test).evaluate()
    assert math.isclose(bf16.test_loss, fp32.test_loss, rel_tol=3e-2)
    # the same weights: at most a few near-ties of the 32 test images flip
    assert (np.asarray(bf16.predictions) != np.asarray(fp32.predictions)).sum() <= 3


# ------------------------------------------------------------------------------------- CUDA
def test_cuda_bf16_asks_for_bf16_autocast_and_tf32_and_restores_torch_settings(monkeypatch):
    calls = []

    class Recorder:
        def __init__(self, device_type, dtype):
            calls.append((device_type, dtype))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(torch, "autocast", Recorder)
    with mixed.autocast(torch.device("cuda"), "bf16"):
        pass
    assert calls == [("cuda", torch.bfloat16)]

    matmul, conv = torch.backends.cuda.matmul, torch.backends.cudnn.conv
    before = (matmul.fp32_precision, conv.fp32_precision)
    with mixed.float32_products("cuda", "bf16"):
        assert (matmul.fp32_precision, conv.fp32_precision) == ("tf32", "tf32")
    assert (matmul.fp32_precision, conv.fp32_precision) == before
    with mixed.float32_products("cuda", "fp32"):
        assert (matmul.fp32_precision, conv.fp32_precision) == ("ieee", "ieee")
    assert (matmul.fp32_precision, conv.fp32_precision) == before
    with mixed.float32_products("cpu", "bf16"):  # the CPU: nothing changed
        assert (matmul.fp32_precision, conv.fp32_precision) == before


# -------------------------------------------------------------------------------- predicting
def test_the_predictor_in_bf16_gives_the_fp32_answer():
    model = build_model("cnn", init="kaiming", seed=4)
    images = torch.rand(5, 28, 28, generator=torch.Generator().manual_seed(1)).numpy()
    fp32 = Predictor(model)
    bf16 = Predictor(model, precision="bf16")
    assert fp32.precision == "fp32" and bf16.precision == "bf16"
    for image in images:
        p32, p16 = fp32.probabilities(image), bf16.probabilities(image)
        assert p16.dtype == np.float32 and math.isclose(float(p16.sum()), 1.0, rel_tol=1e-5)
        assert np.allclose(p16, p32, atol=3e-2)
    assert bf16.predict_batch(images).shape == (5,)
    with pytest.raises(ValueError, match="unknown precision"):
        fp32.set_precision("fp8")


def test_the_predictor_resolves_auto_for_the_cpu(monkeypatch):
    monkeypatch.setattr(mixed, "cpu_native_bf16", lambda: False)
    predictor = Predictor(build_model("softmax"), precision="auto")
    assert predictor.precision == "fp32"
    monkeypatch.setattr(mixed, "cpu_native_bf16", lambda: True)
    predictor.set_precision("auto")
    assert predictor.precision == "bf16"


# ------------------------------------------------------------------------------------ bench
def test_the_bench_measures_bf16_against_fp32_and_says_what_the_cpu_has(tiny, monkeypatch):
    """The rows' shape only (timings are never judged in a test): a detection row that says
    when the CPU lacks native bf16, the training ratio with its target, the canvas ratio."""
    from mnist_viz import bench

    monkeypatch.setattr(bench, "resolve_device", lambda name="auto": torch.device("cpu"))
    monkeypatch.setattr(mixed, "cpu_bf16_note", lambda cpuinfo=None: "this CPU lacks native bf16 (test)")
    monkeypatch.setitem(bench.PRESETS, "fast-cnn", PRESETS["fast-cnn"].replace(batch_size=4))
    rows = bench.bench_bf16(tiny, quick=True, steps=1, calls=2)
    assert [row.name.split(":")[0] for row in rows] == ["bf16"] * 3
    detected, training, canvas = rows
    assert detected.value in (0.0, 1.0) and "lacks native bf16" in detected.detail
    assert "throughput bf16 / fp32" in training.name and training.target == ">= 1.5"
    assert training.ok == (training.value >= 1.5) and training.value > 0
    assert "canvas prediction latency" in canvas.name and canvas.value > 0
