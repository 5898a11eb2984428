"""A recording's arrays are read from their zip members with ``os.pread`` (validate._MemberFile),
not ZipFile.open: the same bytes, the same checks (the local header against the directory,
the CRC-32 once read to the end), one line for damage."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from mnist_viz.core.recording import Recording, RecordingError
from mnist_viz.core.recording.validate import _member, _MemberFile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1_0"


@pytest.fixture
def softmax(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURES / "recording-softmax", tmp_path / "rec"))


def test_members_read_as_zipfile_reads_them_stored_and_deflated(tmp_path):
    rng = np.random.default_rng(0)
    contents = {"empty": b"", "small": b"0123456789", "random": rng.bytes(300_000),
                "repetitive": bytes(range(256)) * 2_000, "ünïcode-name": b"x" * 70_000,
                # All its compressed bytes are in long before its data is out: zlib then holds
                # output with no input left (a metrics file of a sweep failed so, 'cut short').
                "zeros": bytes(5_000_000)}
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        path = tmp_path / f"m{method}.zip"
        with zipfile.ZipFile(path, "w", method) as archive:
            for name, data in contents.items():
                archive.writestr(name, data)
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                for size in (1, 7, 4096, 1 << 20):  # every split of the reads gives the same bytes
                    with _member(archive, info) as file:
                        assert isinstance(file, _MemberFile)
                        pieces = []
                        while piece := file.read(size):
                            pieces.append(piece)
                    assert b"".join(pieces) == contents[info.filename], (method, info.filename, size)
                with _member(archive, info) as file:
                    buffer = bytearray(info.file_size)
                    view, done = memoryview(buffer), 0
                    while done < len(buffer) and (got := file.readinto(view[done:])):
                        done += got
                    assert bytes(buffer) == contents[info.filename] and file.read(1) == b""


def _data_offset(path: Path, name: str) -> tuple[int, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    raw = path.read_bytes()
    name_length = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little")
    extra_length = int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    return info.header_offset + 30 + name_length + extra_length, info


def test_a_damaged_member_read_whole_at_opening_is_one_line(softmax):
    """A byte changed inside a small array's compressed data (the opening reads those whole):
    the CRC or the inflation fails, and the opening says which file is damaged."""
    chunk = softmax / "chunk-0000.npz"
    start, info = _data_offset(chunk, "s000001/dist/W/weight_counts.npy")
    raw = bytearray(chunk.read_bytes())
    raw[start + info.compress_size // 2] ^= 0x5A
    chunk.write_bytes(bytes(raw))
    with pytest.raises(RecordingError) as caught:
        Recording.open(softmax)
    text = str(caught.value)
    assert "\n" not in text and "chunk-0000.npz" in text and "damaged" in text, text


def test_a_local_header_naming_another_member_is_refused(softmax):
    chunk = softmax / "chunk-0000.npz"
    with zipfile.ZipFile(chunk) as archive:
        info = archive.getinfo("s000000/softmax_weights.npy")
    raw = bytearray(chunk.read_bytes())
    at = info.header_offset + 30 + len("s000000/")
    assert raw[at:at + 7] == b"softmax"
    raw[at:at + 7] = b"SOFTMAX"
    chunk.write_bytes(bytes(raw))
    with pytest.raises(RecordingError) as caught:
        Recording.open(softmax)
    text = str(caught.value)
    assert "\n" not in text and "chunk-0000.npz" in text and "File name in directory" in text, text


def test_the_fixture_reads_the_same_through_either_reader(softmax, monkeypatch):
    """Every snapshot of the 0.1.0 recording, read with pread and with ZipFile.open: equal arrays."""
    from mnist_viz.core.recording import validate

    fast = Recording.open(softmax)
    monkeypatch.setattr(validate, "_member", lambda archive, info: archive.open(info))
    plain = Recording.open(softmax)
    assert fast.snapshot_steps.tolist() == plain.snapshot_steps.tolist()
    for step in fast.snapshot_steps.tolist():
        a, b = fast.snapshot(step).arrays, plain.snapshot(step).arrays
        assert sorted(a) == sorted(b)
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])
