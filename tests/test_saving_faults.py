"""Faults around saving (issue 19, part 6): a bad destination never costs a run, a full disk
is one line and the truth, and SIGTERM is handled like Ctrl+C.

* Before the first step, ``train --checkpoint`` / ``--record``, ``export --out`` and
  ``screenshot OUT.png`` check where they will write (the folder exists and is writable, the
  name fits the file system, the path is not a folder or a device); tests run as root, so a
  read-only place is simulated by patching ``os.access``.
* A full disk is simulated by :class:`DiskFull`, which patches ``open`` (and ``io.open``) so that
  writes to files under one folder fail with ENOSPC (after some room, from a given file, or
  from a given moment), and once for real with RLIMIT_FSIZE in a subprocess. Saving then
  exits 2 with one line, keeps the trained model in the autosave folder, says what the
  recording really holds, and leaves no partial or temporary file.
* SIGTERM is sent to a real ``mnist-viz train`` with ``os.kill``.

Also here: the memory check wired into ``train`` (core.memory), and core.atomic itself.
The window's side is tests/gui/test_saving_faults_gui.py.
"""

from __future__ import annotations

import builtins
import errno
import functools
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from mnist_viz import cli
from mnist_viz.core import checkpoints, recording
from mnist_viz.core.recording import Recording
from tests.helpers import one_line, run_main
from tests.mnist_files import write_tiny_mnist

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.usefixtures("one_torch_thread")


# ======================================================================= simulated faults
class DiskFull:
    """Writes to files under ``folder`` fail with ENOSPC, as on a full disk.

    ``room``: bytes that still fit (the write that crosses it writes what fits, then fails);
    ``from_name``: the disk fills when a file whose name contains it is opened; ``full``: set
    it to fill the disk from now on. Once full, it stays full.
    """

    def __init__(self, monkeypatch, folder: Path, room: int | None = None, from_name: str | None = None) -> None:
        self.folder = str(Path(folder).resolve())
        self.room = room
        self.from_name = from_name
        self.written = 0
        self.full = room == 0
        self.failures = 0
        real_open = builtins.open

        def fake_open(file, mode="r", *args, **kwargs):
            handle = real_open(file, mode, *args, **kwargs)
            if not any(flag in mode for flag in "wax+"):
                return handle
            path = os.readlink(f"/proc/self/fd/{file}") if isinstance(file, int) else os.path.abspath(file)
            if not path.startswith(self.folder + os.sep):
                return handle
            if self.from_name is not None and self.from_name in os.path.basename(path):
                self.full = True
            return _FullFile(handle, self)

        monkeypatch.setattr(builtins, "open", fake_open)
        monkeypatch.setattr(io, "open", fake_open)  # os.fdopen's

    def take(self, count: int) -> int:
        """How many of ``count`` bytes fit; raises ENOSPC (after the caller wrote them) when not all."""
        if self.full:
            return 0
        if self.room is None:
            self.written += count
            return count
        fits = max(0, min(count, self.room - self.written))
        self.written += fits
        if fits < count:
            self.full = True
        return fits


class _FullFile:
    def __init__(self, handle, disk: DiskFull) -> None:
        self._handle, self._disk = handle, disk

    def write(self, data) -> int:
        size = memoryview(data).nbytes
        fits = self._disk.take(size)
        if fits:
            self._handle.write(memoryview(data).cast("B")[:fits])
        if fits < size:
            self._disk.failures += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return size

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def __iter__(self):
        return iter(self._handle)


def refuse_access(monkeypatch, *paths: Path) -> None:
    """``os.access`` says no for writing to these paths (what a read-only folder or file says)."""
    refused = {str(Path(p).resolve()) for p in paths}
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if mode & os.W_OK and str(Path(os.fspath(path)).resolve()) in refused:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def no_data(monkeypatch) -> list[str]:
    """Loading the data fails the test: the check must come before it."""
    loaded: list[str] = []
    monkeypatch.setattr(cli, "load_data", lambda *a, **k: loaded.append("loaded") or pytest.fail(
        "the data was loaded before the destination was checked"))
    return loaded


def leftovers(*folders: Path) -> list[str]:
    """Temporary files left behind (anything named .*.tmp*)."""
    return sorted(p.name for folder in folders if folder.is_dir() for p in folder.iterdir() if ".tmp" in p.name)


@pytest.fixture
def tiny_root(tmp_path) -> Path:
    return write_tiny_mnist(tmp_path / "data").root


def tiny_train(root: Path, *extra: str, steps: int = 3) -> list[str]:
    return ["train", "--data-dir", str(root), "--steps", str(steps), "--batch-size", "8", "--device", "cpu",
            "--quiet", "--no-download", "--eval-every", "0", *extra]


# ================================================= (a) the destination, before the first step
@pytest.mark.parametrize("case", ["parent-is-a-file", "read-only-folder", "name-too-long", "is-a-folder",
                                  "read-only-file", "a-pipe", "path-too-long"])
def test_a_bad_checkpoint_path_is_refused_before_the_data_loads(tmp_path, monkeypatch, capsys, case):
    """Was found only after the whole run had trained (or, for a read-only place as root, not at all)."""
    target, words = tmp_path / "model.pt", []
    if case == "parent-is-a-file":
        (tmp_path / "a-file").write_text("x")
        target, words = tmp_path / "a-file" / "model.pt", ["a-file is a file, not a folder"]
    elif case == "read-only-folder":
        (tmp_path / "ro").mkdir()
        refuse_access(monkeypatch, tmp_path / "ro")
        target, words = tmp_path / "ro" / "model.pt", ["ro is not writable", "read-only file system"]
    elif case == "name-too-long":
        target, words = tmp_path / ("m" * 300 + ".pt"), ["303 bytes long", "more than the 255"]
    elif case == "is-a-folder":
        target.mkdir()
        words = ["it is a folder"]
    elif case == "read-only-file":
        target.write_bytes(b"an older model")
        refuse_access(monkeypatch, target)
        words = ["the file is read-only"]
    elif case == "a-pipe":
        os.mkfifo(target)
        words = ["not a regular file"]
    else:
        target = tmp_path.joinpath(*["d" * 200] * 25, "model.pt")
        words = ["bytes long, more than the 4096"]
    loaded = no_data(monkeypatch)
    assert run_main(["train", "--steps", "3", "--checkpoint", str(target)]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("mnist-viz: error: --checkpoint: cannot write"), line
    for word in words:
        assert word in line, line
    assert loaded == []
    assert leftovers(tmp_path, tmp_path / "ro") == []


def test_a_checkpoint_in_folders_still_to_be_made_is_fine(tiny_root, tmp_path, capsys):
    target = tmp_path / "new" / "deeper" / "model.pt"
    assert run_main(tiny_train(tiny_root, "--checkpoint", str(target))) == 0
    assert checkpoints.load(target).step == 3


@pytest.mark.parametrize("case", ["read-only-parent", "name-too-long", "parent-is-a-file"])
def test_a_bad_record_folder_is_refused_before_the_data_loads(tmp_path, monkeypatch, capsys, case):
    if case == "read-only-parent":
        (tmp_path / "runs").mkdir()
        refuse_access(monkeypatch, tmp_path / "runs")
        folder, word = tmp_path / "runs" / "softmax", "runs is not writable"
    elif case == "name-too-long":
        folder, word = tmp_path / ("r" * 256), "256 bytes long"
    else:
        (tmp_path / "a-file").write_text("x")
        folder, word = tmp_path / "a-file" / "run", "a-file is a file, not a folder"
    loaded = no_data(monkeypatch)
    assert run_main(["train", "--steps", "3", "--record", str(folder)]) == 2
    line = one_line(capsys.readouterr().err)
    assert "--record: cannot write" in line and word in line, line
    assert loaded == [] and not os.path.lexists(folder)


@pytest.fixture
def tiny_recording(tiny_root, tmp_path) -> Path:
    run_dir = tmp_path / "rec"
    assert run_main(tiny_train(tiny_root, "--record", str(run_dir), "--record-every", "2", steps=6)) == 0
    return run_dir


def test_export_into_a_read_only_folder_is_refused_before_a_frame_is_drawn(tiny_recording, tmp_path, monkeypatch,
                                                                           capsys):
    from mnist_viz.core import export

    capsys.readouterr()
    (tmp_path / "ro").mkdir()
    refuse_access(monkeypatch, tmp_path / "ro")
    monkeypatch.setattr(export, "render_frame", lambda *a: pytest.fail("a frame was drawn first"))
    assert run_main(["export", str(tiny_recording), "--panel", "softmax-weights",
                     "--out", str(tmp_path / "ro" / "w.gif")]) == 2
    line = one_line(capsys.readouterr().err)
    assert "cannot write" in line and "ro is not writable" in line


@pytest.mark.parametrize("case", ["read-only-folder", "is-a-folder"])
def test_a_bad_screenshot_path_is_refused_before_the_data_loads(tmp_path, monkeypatch, capsys, case):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    if case == "read-only-folder":
        (tmp_path / "ro").mkdir()
        refuse_access(monkeypatch, tmp_path / "ro")
        target, word = tmp_path / "ro" / "shot.png", "ro is not writable"
    else:
        target, word = tmp_path, "it is a folder"
    loaded = no_data(monkeypatch)
    assert run_main(["screenshot", str(target), "--steps", "2"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "cannot write" in line and word in line, line
    assert loaded == []


# ================================================================== (b) a full disk
def test_a_full_disk_when_saving_the_checkpoint_keeps_the_model_in_the_autosave_folder(
        tiny_root, tmp_path, monkeypatch, capsys):
    """Was a RuntimeError traceback from torch's writer (exit 1), and the trained model lost."""
    autosave_dir = tmp_path / "autosave"
    monkeypatch.setenv("MNIST_VIZ_AUTOSAVE_DIR", str(autosave_dir))
    (tmp_path / "disk").mkdir()
    old = tmp_path / "disk" / "model.pt"
    old.write_bytes(b"the previous model")
    DiskFull(monkeypatch, tmp_path / "disk", room=5_000)
    assert run_main(tiny_train(tiny_root, "--checkpoint", str(old))) == 2
    captured = capsys.readouterr()
    line = one_line(captured.err)
    kept = list(autosave_dir.glob("*.pt"))
    assert len(kept) == 1 and kept[0].name.startswith("softmax-tutorial-softmax-step3-")
    assert line == (f"mnist-viz: error: cannot write {old}: No space left on device; free some space or choose "
                    f"another place; the trained model was kept in {kept[0]} instead: copy it from there")
    assert checkpoints.load(kept[0]).step == 3
    assert old.read_bytes() == b"the previous model"           # the previous file is as it was
    assert leftovers(tmp_path / "disk") == []
    assert "test accuracy" in captured.out                     # the run's result is still reported


def test_when_the_autosave_folder_is_full_too_the_line_says_the_model_is_lost(tiny_root, tmp_path, monkeypatch,
                                                                               capsys):
    monkeypatch.setenv("MNIST_VIZ_AUTOSAVE_DIR", str(tmp_path / "disk" / "autosave"))
    (tmp_path / "disk").mkdir()
    DiskFull(monkeypatch, tmp_path / "disk", room=0)
    assert run_main(tiny_train(tiny_root, "--checkpoint", str(tmp_path / "disk" / "m.pt"), "--json")) == 2
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert "No space left on device" in line and "keeping it in the autosave folder failed too" in line
    summary = json.loads(captured.out.strip().splitlines()[-1])
    assert summary["checkpoint"] is None and len(summary["errors"]) == 1
    assert leftovers(tmp_path / "disk", tmp_path / "disk" / "autosave") == []


def test_a_file_size_limit_for_real_is_one_line_and_exit_2(tiny_root, tmp_path):
    """A real OS refusal in a real process (RLIMIT_FSIZE: 'File too large'): was a RuntimeError
    traceback and exit 1."""
    import resource

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (16_000, 16_000))

    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO),
           "MNIST_VIZ_AUTOSAVE_DIR": str(tmp_path / "autosave"), "MNIST_VIZ_LOG_DIR": str(tmp_path / "log")}
    target = tmp_path / "model.pt"
    result = subprocess.run([sys.executable, "-m", "mnist_viz", *tiny_train(tiny_root, "--checkpoint", str(target))],
                            capture_output=True, text=True, cwd=REPO, env=env, timeout=300, preexec_fn=limit)
    assert result.returncode == 2, result.stderr
    line = one_line(result.stderr)
    assert f"cannot write {target}: File too large" in line and "autosave folder failed too" in line
    assert not target.exists() and leftovers(tmp_path, tmp_path / "autosave") == []


def record_in_chunks_of(monkeypatch, count: int) -> None:
    monkeypatch.setattr(recording, "Recorder", functools.partial(recording.Recorder, snapshots_per_chunk=count))


def test_a_recording_on_a_disk_that_fills_up_says_what_reached_the_disk(tiny_root, tmp_path, monkeypatch, capsys):
    """Was 'recorded 41 snapshots (steps 0..40)' and exit 0 when 20 had reached the disk."""
    run_dir = tmp_path / "disk" / "run"
    (tmp_path / "disk").mkdir()
    record_in_chunks_of(monkeypatch, 5)
    DiskFull(monkeypatch, tmp_path / "disk", from_name="chunk-0004")
    assert run_main(tiny_train(tiny_root, "--record", str(run_dir), "--record-every", "1", steps=40)) == 2
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert "recorded" not in captured.out and "test accuracy" in captured.out
    on_disk = Recording.open(run_dir)
    assert on_disk.snapshot_steps.tolist() == list(range(20))
    assert line.startswith(f"mnist-viz: error: recording to {run_dir} stopped at step ")
    assert "No space left on device" in line
    assert f"the recording in {run_dir} holds 20 snapshots (steps 0..19) and the metrics of " in line
    metrics = int(line.rsplit("the metrics of ", 1)[1].split()[0].replace(",", ""))
    assert len(on_disk.metrics["step"]) == metrics
    assert leftovers(run_dir) == []


def test_a_disk_that_fills_as_the_run_ends_is_one_line_not_a_traceback(tiny_root, tmp_path, monkeypatch, capsys):
    """The recorder's last flush raised out of train's finally: an OSError traceback."""
    run_dir = tmp_path / "disk" / "run"
    (tmp_path / "disk").mkdir()
    disk = DiskFull(monkeypatch, tmp_path / "disk")
    real_close = recording.Recorder.close

    def close_on_a_full_disk(self):
        disk.full = True
        real_close(self)

    monkeypatch.setattr(recording.Recorder, "close", close_on_a_full_disk)
    assert run_main(tiny_train(tiny_root, "--record", str(run_dir), "--record-every", "2", steps=6, )) == 2
    line = one_line(capsys.readouterr().err)
    assert "No space left on device" in line and "holds 5 snapshots (steps 0..6)" in line
    assert Recording.open(run_dir).snapshot_steps.tolist() == [0, 1, 2, 4, 6]
    assert leftovers(run_dir) == []


@pytest.mark.parametrize("suffix", [".png", ".gif"])
def test_export_on_a_full_disk_leaves_no_partial_file_and_the_old_one_intact(tiny_recording, tmp_path, monkeypatch,
                                                                             capsys, suffix):
    """Pillow truncated the previous export, wrote part of the new one, then removed it (or left
    the part): now the frames go to a temporary file, renamed only when complete."""
    from PIL import ImageFile

    capsys.readouterr()
    out = tmp_path / f"weights{suffix}"
    out.write_bytes(b"the previous export")
    real_save = ImageFile._save

    def save_then_fill_the_disk(image, fp, tile, *args, **kwargs):
        fp.write(b"\x89PNG partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(ImageFile, "_save", save_then_fill_the_disk)
    assert run_main(["export", str(tiny_recording), "--panel", "softmax-weights", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert out.read_bytes() == b"the previous export"
    assert leftovers(tmp_path) == []
    assert one_line(err) == (f"mnist-viz: error: cannot write {out}: No space left on device; nothing was written; "
                             "free some space or choose another place")
    monkeypatch.setattr(ImageFile, "_save", real_save)
    assert run_main(["export", str(tiny_recording), "--panel", "softmax-weights", "--out", str(out)]) == 0
    assert out.read_bytes()[:4] in (b"\x89PNG", b"GIF8")


def test_a_full_disk_under_the_export_writer_itself(tiny_recording, tmp_path, monkeypatch, capsys):
    """The same with the disk full below Python's file objects (the GIF writer's own writes)."""
    capsys.readouterr()
    (tmp_path / "disk").mkdir()
    out = tmp_path / "disk" / "w.gif"
    DiskFull(monkeypatch, tmp_path / "disk", room=2_000)
    status = run_main(["export", str(tiny_recording), "--panel", "softmax-weights", "--out", str(out)])
    err = capsys.readouterr().err
    assert not out.exists() and leftovers(tmp_path / "disk") == []
    assert status == 2, err
    assert "nothing was written" in one_line(err)


# ==================================================================== (c) SIGTERM and Ctrl+C
def test_sigterm_during_train_cleans_up_says_the_step_and_exits_143(tiny_root, tmp_path):
    """Was killed where it stood: exit -15, no word, and a temporary file left mid-write."""
    run_dir, target = tmp_path / "run", tmp_path / "models" / "model.pt"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO),
           "MNIST_VIZ_AUTOSAVE_DIR": str(tmp_path / "autosave"), "MNIST_VIZ_LOG_DIR": str(tmp_path / "log")}
    argv = tiny_train(tiny_root, "--record", str(run_dir), "--record-every", "1", "--checkpoint", str(target),
                      steps=10_000_000)
    process = subprocess.Popen([sys.executable, "-m", "mnist_viz", *argv], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (run_dir / "chunk-0001.npz").exists():  # training, and writing snapshots
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no snapshots were written"
            time.sleep(0.05)
        held = len(Recording.open(run_dir).snapshot_steps)  # what the disk holds when the signal comes
        os.kill(process.pid, signal.SIGTERM)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 143, err
    line = one_line(err)
    assert line.startswith("mnist-viz: stopped by SIGTERM at step "), line
    step = int(line.split("at step ", 1)[1].split()[0].replace(",", ""))
    assert step >= 40 and "of 10,000,000" in line
    assert f"the recording in {run_dir} holds " in line and f"no checkpoint was written to {target}" in line
    assert "temporary files were removed" in line
    assert out == ""
    assert leftovers(run_dir, target.parent) == [] and not target.exists()
    recorded = Recording.open(run_dir)
    # Nothing written before the signal is lost (for 10,000,000 steps the recorder thins its
    # snapshots from the start, so how many there are depends on how far it got).
    assert recorded.snapshot_steps[-1] <= step and len(recorded.snapshot_steps) >= max(held, 2)
    assert recorded.finished == "stopped"


def test_sigterm_while_the_checkpoint_is_written_removes_the_temporary_file(tiny_root, tmp_path, monkeypatch, capsys):
    """The signal lands inside the atomic write (at its fsync): the temporary file goes, the
    previous checkpoint stays, exit 143."""
    target = tmp_path / "model.pt"
    target.write_bytes(b"the previous model")
    # Without mnist-viz's own handler the signal would end this test process: fail instead.
    previous = signal.signal(signal.SIGTERM, lambda *a: pytest.fail("mnist-viz did not handle SIGTERM"))
    real_fsync = os.fsync

    def fsync_then_sigterm(fd):
        real_fsync(fd)
        if ".tmp" in os.readlink(f"/proc/self/fd/{fd}"):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.5)  # the handler runs in the main thread at the next instruction

    monkeypatch.setattr(os, "fsync", fsync_then_sigterm)
    try:
        status = run_main(tiny_train(tiny_root, "--checkpoint", str(target)))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert status == 143
    line = one_line(capsys.readouterr().err)
    assert line.startswith("mnist-viz: stopped by SIGTERM at step 3 of 3;")
    assert target.read_bytes() == b"the previous model" and leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is previous


def test_ctrl_c_during_train_says_the_step_and_exits_130(tiny_root, tmp_path, monkeypatch, capsys):
    from mnist_viz.core.training import Trainer

    real_step = Trainer._train_step

    def interrupted_at_5(self, *args, **kwargs):
        if self.step == 5:
            raise KeyboardInterrupt
        return real_step(self, *args, **kwargs)

    monkeypatch.setattr(Trainer, "_train_step", interrupted_at_5)
    run_dir = tmp_path / "run"
    assert run_main(tiny_train(tiny_root, "--record", str(run_dir), "--record-every", "2", steps=100)) == 130
    line = one_line(capsys.readouterr().err)
    assert line.startswith("mnist-viz: interrupted (Ctrl+C) at step 5 of 100;"), line
    # the recording ends where the run stopped, and says so (it was left looking unfinished:
    # "being written", then "stalled", in File > Runs...)
    assert f"the recording in {run_dir} holds 5 snapshots (steps 0..5)" in line
    recorded = Recording.open(run_dir)
    assert recorded.snapshot_steps.tolist() == [0, 1, 2, 4, 5]
    assert recorded.finished == "stopped" and recorded.weight_steps()[-1] == 5


# ========================================================================== memory
def test_a_batch_that_would_not_fit_is_refused_before_the_data_loads(monkeypatch, capsys):
    from mnist_viz.core import memory

    monkeypatch.setattr(memory, "available_memory", lambda *a, **k: int(2e9))
    loaded = no_data(monkeypatch)
    assert run_main(["train", "--model", "cnn", "--batch-size", "100000", "--steps", "1"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "a CNN batch of 100,000 needs about" in line and "--batch-size" in line, line
    assert loaded == []


# ===================================================================== core.atomic
def test_an_atomic_write_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    from mnist_viz.core import atomic

    path = tmp_path / "shared.bin"
    atomic.write_bytes(path, b"one")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()   # the user's usual ones, not 0600
    path.chmod(0o640)
    atomic.write_bytes(path, b"two")
    assert path.read_bytes() == b"two" and stat.S_IMODE(path.stat().st_mode) == 0o640


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    from mnist_viz.core import atomic

    path = tmp_path / "data.bin"
    path.write_bytes(b"old")

    def half_then_crash(file):
        file.write(b"half of the new")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        atomic.write(path, half_then_crash)
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["data.bin"]
    with pytest.raises(RuntimeError):
        with atomic.replacing(path) as temp:
            temp.write_bytes(b"half")
            raise RuntimeError("the encoder failed")
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["data.bin"]


def test_a_name_near_the_limit_still_gets_a_temporary_file_that_fits(tmp_path):
    from mnist_viz.core import atomic

    path = tmp_path / ("n" * 250 + ".pt")
    atomic.write_bytes(path, b"fits")
    assert path.read_bytes() == b"fits"
    assert len(atomic.temp_path(path).name.encode()) <= 255 and atomic.temp_path(path).suffix == ".pt"


def test_the_probe_sees_what_os_access_cannot(tmp_path, monkeypatch):
    """A folder os.access calls writable but where nothing can be created (an immutable folder,
    a full inode table): the probe file is refused, and the line says why."""
    from mnist_viz.core import atomic

    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if str(path).startswith(str(tmp_path)) and flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    with pytest.raises(atomic.DestinationError, match="Read-only file system"):
        atomic.check_destination(tmp_path / "model.pt")
