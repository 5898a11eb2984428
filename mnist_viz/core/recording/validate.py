"""Reading a recording's ``.npz`` files without trusting them: every array checked against
what mnist-viz writes, from its ``.npy`` header, before a byte of it is allocated.

No Qt in this module.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import os
import re
import reprlib
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, NoReturn

import numpy as np

from .. import stats
from ..stats import PREFIX as DIST_PREFIX
from .format import (_DAMAGED_FIX, _EDITED, ECHO, MAX_METRICS_BYTES, MAX_NPZ_MEMBERS, MAX_STEP, MAX_TEXT,
                     PROBE_KEY, RecordingError, dist_layers, part_shapes)

def _echo(value: object) -> str:
    """``value`` quoted for a message: one line, cut to about ECHO characters."""
    if isinstance(value, str):  # the middle goes: the start and end of a path say the most
        return repr(value if len(value) <= ECHO else value[:ECHO // 2] + "…" + value[-(ECHO // 2 - 1):])
    text = _REPR.repr(value)
    return text if len(text) <= ECHO else text[:ECHO - 1] + "…"


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = ECHO
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3


def _short(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    line = text[0] if text else type(err).__name__
    return line if len(line) <= ECHO else line[:ECHO - 1] + "…"


class _Spec(NamedTuple):
    """What an array in a recording may be: numpy kinds ("f" floats, "iu" integers, "fiu"
    numbers), a shape (None: a free length) and, for a free length, a bound on the values."""

    kinds: str
    shape: tuple[int | None, ...]
    max_items: int = 0

    @property
    def limit(self) -> int:
        return self.max_items if None in self.shape else math.prod(self.shape)  # type: ignore[arg-type]

    def describe(self) -> str:
        kind = {"f": "float", "iu": "integer", "fiu": "number"}[self.kinds]
        dims = ", ".join("N" if d is None else str(d) for d in self.shape)
        return f"{kind} array of shape ({dims}{',' if len(self.shape) == 1 else ''})"


_DIST_SPECS = {"weight_counts": _Spec("iu", (stats.WEIGHT_BINS,)), "gradient_counts": _Spec("iu", (stats.GRADIENT_BINS,)),
               "weight_range": _Spec("f", ()), "gradient_norm": _Spec("f", ()), "dead_fraction": _Spec("f", ()),
               "saturated_fraction": _Spec("f", ())}
_CHUNK_KEY = re.compile(r"s(\d{1,10})/(.+)", re.DOTALL)


@functools.lru_cache(maxsize=4096)  # the same few dozen parts at every step of a recording
def _chunk_spec(model: str, part: str) -> _Spec | None:
    """What the array of ``part`` in a chunk of a ``model`` recording may be (None: not one mnist-viz reads)."""
    if part == PROBE_KEY:
        return _Spec("iu", (2,))
    shape = part_shapes(model).get(part)
    if shape is not None:
        return _Spec("f", shape)
    if part.startswith(DIST_PREFIX):
        rest = part[len(DIST_PREFIX):]
        if rest == "step":
            return _Spec("iu", ())
        layer, _, measure = rest.partition("/")
        if layer in dist_layers(model):
            return _DIST_SPECS.get(measure)
    return None


def _dtype_words(dtype: np.dtype) -> str:
    if dtype.hasobject:
        return "Python objects"
    if dtype.kind in "US":
        return "text"
    if dtype.names is not None or dtype.kind == "V":
        return "records"
    return dtype.name


def _zip_entry_count(path: Path) -> int | None:
    """The entry count a zip file's end record declares (65535: that many or more), None if it has none."""
    with open(path, "rb") as file:
        size = file.seek(0, os.SEEK_END)
        tail = min(size, 22 + 0xFFFF)
        file.seek(size - tail)
        data = file.read(tail)
    at = data.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(data):
        return None
    return struct.unpack_from("<H", data, at + 10)[0]


@contextlib.contextmanager
def _npz(real: Path, shown: Path) -> Iterator[tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]]:
    """The .npz at ``real`` (named ``shown`` in messages) as a zip and its arrays by key; any
    failure to read it, in here or in the ``with`` body, is a RecordingError naming it."""
    try:
        count = _zip_entry_count(real)
        if count is not None and count > MAX_NPZ_MEMBERS:
            raise RecordingError(f"{shown} holds {count:,} or more arrays (a recording's files hold at most "
                                 f"{MAX_NPZ_MEMBERS:,}); {_EDITED}")
        with zipfile.ZipFile(real) as archive:
            members: dict[str, zipfile.ZipInfo] = {}
            for info in archive.infolist():
                if not info.filename.endswith(".npy"):
                    continue
                key = info.filename[:-4]
                if key in members:
                    raise RecordingError(f"{shown} holds the array {_echo(key)} twice; {_EDITED}")
                members[key] = info
            yield archive, members
    except RecordingError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError,
            struct.error, KeyError, OverflowError) as err:
        raise RecordingError(f"{shown} is damaged and cannot be read ({_short(err)}); {_DAMAGED_FIX}") from None


_MAX_NPY_HEADER = 10_000  # numpy's own bound (read_array_header_*'s max_header_size)


class _MemberFile:
    """One member of an open zip, read with ``os.pread`` from the archive's file.

    What ``ZipFile.open`` does for a member (the local header checked against the central
    directory's entry, the data inflated, its CRC-32 checked once read to the end) without
    its objects: opening a recording checks the header of each of its arrays, 12,000 for a
    20,000-step CNN run, and ``ZipFile.open`` took most of the second that took (about
    45 us a member, against 5 here). ``pread`` leaves the file's position alone, so the zip
    object's own readers are not disturbed. Errors are zipfile's and zlib's (the callers
    word them)."""

    READ_AHEAD = 256  # data bytes made at least per read
    BLOCK = 1 << 16  # the most compressed bytes read at a time (a header's few bytes need 1 KB)

    def __init__(self, fd: int, info: zipfile.ZipInfo) -> None:
        expected = info.orig_filename.encode("utf-8")
        local = os.pread(fd, 30 + len(expected) + 64, info.header_offset)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile("Bad magic number for file header")
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        name = local[30:30 + name_length]
        if len(name) < name_length:
            name = os.pread(fd, name_length, info.header_offset + 30)
        if name != expected and name.decode("utf-8" if info.flag_bits & 0x800 else "cp437") != info.orig_filename:
            raise zipfile.BadZipFile(f"File name in directory {info.orig_filename!r} and header {name!r} differ.")
        self._fd, self._at = fd, info.header_offset + 30 + name_length + extra_length
        self._raw_left = info.compress_size  # compressed bytes still to read
        self._left = info.file_size          # data bytes still to produce
        self._crc, self._expected_crc = 0, info.CRC
        self._inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        self._buffer = b""

    def __enter__(self) -> _MemberFile:
        return self

    def __exit__(self, *exc) -> None:
        self._buffer = b""

    def _produce(self, want: int) -> bytes:
        """Up to ``want`` (> 0) more bytes of the data; b"" at its end."""
        while self._left > 0:
            if self._inflate is None:
                raw = self._raw(min(want, self._left))
                data = raw
            else:
                tail = self._inflate.unconsumed_tail
                if not tail and self._raw_left > 0:
                    tail = self._raw(min(self.BLOCK, max(1024, want)))
                # With every compressed byte in, zlib may still hold output (a long run of
                # zeros): asked with no input, it hands that out; nothing at all is a cut.
                data = self._inflate.decompress(tail, want)
                if not data and not tail and not self._inflate.unconsumed_tail:
                    raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            if data:
                if len(data) > self._left:
                    raise zipfile.BadZipFile("a member holds more data than its entry declares")
                self._left -= len(data)
                self._crc = zlib.crc32(data, self._crc)
                if self._left == 0 and self._crc != self._expected_crc:
                    raise zipfile.BadZipFile(f"Bad CRC-32 for file {self!r}")
                return data
        return b""

    def _raw(self, size: int) -> bytes:
        size = min(size, self._raw_left)
        raw = os.pread(self._fd, size, self._at) if size > 0 else b""
        if not raw:
            raise EOFError("Compressed file ended before the end-of-stream marker was reached")
        self._at += len(raw)
        self._raw_left -= len(raw)
        return raw

    def read(self, size: int) -> bytes:
        while len(self._buffer) < size:  # (at least READ_AHEAD: an .npy header is read in three small reads)
            data = self._produce(max(size - len(self._buffer), self.READ_AHEAD))
            if not data:
                break
            self._buffer += data
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def readinto(self, view: memoryview) -> int:
        if self._buffer:
            size = min(len(view), len(self._buffer))
            view[:size], self._buffer = self._buffer[:size], self._buffer[size:]
            return size
        data = self._produce(min(len(view), 1 << 20))
        view[:len(data)] = data
        return len(data)


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The member ``info`` of ``archive`` opened for reading: a :class:`_MemberFile` where the
    archive is a file on disk, else what ``ZipFile.open`` gives."""
    handle = getattr(archive, "fp", None)
    try:
        fd = handle.fileno() if handle is not None else None
    except (AttributeError, OSError, ValueError):  # an archive in memory
        fd = None
    return archive.open(info) if fd is None else _MemberFile(fd, info)


@functools.lru_cache(maxsize=512)
def _npy_header(start: bytes) -> tuple[tuple[int, ...], bool, np.dtype]:
    """(shape, Fortran order, dtype) of an .npy file that starts with ``start`` (magic, length
    and header), parsed by numpy's own reader, which never evaluates more than a literal.
    Cached: the arrays of one part have the same header at every step."""
    buffer = io.BytesIO(start)
    version = np.lib.format.read_magic(buffer)
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    return read(buffer, max_header_size=_MAX_NPY_HEADER)


def _read_array(archive: zipfile.ZipFile, info: zipfile.ZipInfo, spec: _Spec, shown: Path, key: str,
                data: bool = True, budget: list[int] | None = None) -> np.ndarray | None:
    """The array ``key`` of an .npz, checked against ``spec`` from its .npy header before
    anything is allocated (``data=False``: only the check). Never unpickles. ``budget``: a
    one-item list of the bytes still allowed, decreased by this array's."""
    def what() -> str:  # only when something is wrong: most arrays are fine
        return f"{shown}: the array {_echo(key)}"

    if info.flag_bits & 0x1:
        raise RecordingError(f"{what()} is encrypted; {_EDITED}")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise RecordingError(f"{what()} is compressed with a method numpy does not write (zip method "
                             f"{info.compress_type}); {_EDITED}")
    with _member(archive, info) as file:
        magic = file.read(8)
        if len(magic) < 8 or magic[:6] != b"\x93NUMPY":
            raise RecordingError(f"{shown} is damaged: its array {_echo(key)} is not in numpy's .npy format; "
                                 f"{_DAMAGED_FIX}")
        version = (magic[6], magic[7])
        if version not in ((1, 0), (2, 0)):
            raise RecordingError(f"{what()} is in the .npy format {version[0]}.{version[1]}, which mnist-viz "
                                 f"does not read; {_EDITED}")
        length_field = file.read(2 if version == (1, 0) else 4)
        length = int.from_bytes(length_field, "little")
        if len(length_field) < (2 if version == (1, 0) else 4) or length > _MAX_NPY_HEADER:
            raise RecordingError(f"{what()} has a damaged .npy header ({length:,} bytes); {_DAMAGED_FIX}")
        header = file.read(length)
        if len(header) < length:
            raise RecordingError(f"{what()} has a .npy header cut short; {_DAMAGED_FIX}")
        shape, fortran, dtype = _npy_header(magic + length_field + header)
        offset = len(magic) + len(length_field) + length
        if (dtype.hasobject or dtype.names is not None or dtype.subdtype is not None or dtype.kind not in spec.kinds
                or dtype.itemsize > 8 or (dtype.kind == "f" and dtype.itemsize < 2)):
            raise RecordingError(f"{what()} holds {_echo(_dtype_words(dtype))} values, not the {spec.describe()} "
                                 f"mnist-viz writes; {_EDITED}")
        if (len(shape) != len(spec.shape)
                or any(d < 0 or (want is not None and d != want) for d, want in zip(shape, spec.shape))):
            raise RecordingError(f"{what()} has the shape {_echo(tuple(shape))}, not the {spec.describe()} "
                                 f"mnist-viz writes; {_EDITED}")
        items = math.prod(shape)
        if items > spec.limit:
            raise RecordingError(f"{what()} declares {items:,} values, more than the {spec.limit:,} mnist-viz "
                                 f"reads there; {_EDITED}")
        nbytes = items * dtype.itemsize
        if info.file_size != offset + nbytes:
            raise RecordingError(f"{shown} is damaged: the array {_echo(key)} takes {offset + nbytes:,} bytes "
                                 f"but the zip declares {info.file_size:,}; {_DAMAGED_FIX}")
        if budget is not None:
            if nbytes > budget[0]:
                raise RecordingError(f"{shown}: its arrays take more than {MAX_METRICS_BYTES // 2**20:,} MB in "
                                     f"memory, more than mnist-viz reads from a recording; {_EDITED}")
            budget[0] -= nbytes
        if not data:
            return None
        buffer = bytearray(nbytes)
        view, done = memoryview(buffer), 0
        while done < nbytes:
            got = file.readinto(view[done:])
            if not got:
                break
            done += got
        if done < nbytes or file.read(1):  # reading to the end also checks the CRC
            raise RecordingError(f"{shown} is damaged: the array {_echo(key)} is cut short; {_DAMAGED_FIX}")
    array = np.frombuffer(buffer, dtype=dtype)
    if not dtype.isnative:
        array = array.astype(dtype.newbyteorder("="))
    return array.reshape(shape, order="F" if fortran else "C")


def _require(ok: bool, shown: Path, key: str, array: np.ndarray, bad: np.ndarray | None, rule: str) -> None:
    """RecordingError naming the first entry of ``array`` where ``bad`` is true, unless ``ok``."""
    if ok:
        return
    flat = array.reshape(-1)
    where = int(np.flatnonzero(bad.reshape(-1))[0]) if bad is not None and bad.any() else 0
    value = flat[where].item() if flat.size else None
    raise RecordingError(f"{shown}: {key} holds {_echo(value)} (entry {where:,}); it must be {rule}; {_EDITED}")


def _check_range(array: np.ndarray, shown: Path, key: str, low: float | None = None, high: float | None = None,
                 finite: bool = True) -> None:
    """RecordingError naming the first entry of ``array`` outside [low, high] (or not finite)."""
    if not array.size:
        return
    floats = array.dtype.kind == "f"
    if array.size <= 4:  # a probe or a statistic: Python is quicker than numpy here
        values = array.reshape(-1).tolist()
        flags = [(finite and floats and not math.isfinite(v)) or (low is not None and v < low)
                 or (high is not None and v > high) for v in values]
        if not any(flags):
            return
        bad = np.array(flags)
    else:
        with np.errstate(invalid="ignore"):  # the common case, all good, without building the mask
            if (not (finite and floats) or np.isfinite(array).all()) and (low is None or not array.min() < low) \
                    and (high is None or not array.max() > high):
                return
        bad = np.zeros(array.shape, dtype=bool)
        if finite and floats:
            bad |= ~np.isfinite(array)
        with np.errstate(invalid="ignore"):
            if low is not None:
                bad |= array < low
            if high is not None:
                bad |= array > high
    if not bad.any():
        return
    rule = ("a finite number" if finite and floats else "a number") + (
        f" from {low:,} to {high:,}" if low is not None and high is not None else
        f" of at least {low:,}" if low is not None else f" of at most {high:,}" if high is not None else "")
    _require(False, shown, key, array, bad, rule)


def _check_increasing(array: np.ndarray, shown: Path, key: str, strictly: bool = True) -> None:
    if len(array) < 2:
        return
    steps = np.diff(array)
    bad = np.concatenate([[False], steps <= 0 if strictly else steps < 0])
    _require(not bad.any(), shown, key, array, bad,
             "larger than the one before (steps increase)" if strictly else "at least the one before")


class _Fields:
    """Type and range checks of the manifest's fields, each failing with one line that names it."""

    def __init__(self, where: Path) -> None:
        self.where = where

    def fail(self, what: str, fix: str = _EDITED) -> NoReturn:
        raise RecordingError(f"{self.where}: {what}; {fix}")

    def integer(self, value: object, name: str, low: int = 0, high: int = MAX_STEP) -> int:
        if type(value) is not int:
            self.fail(f"{name} is {_echo(value)}, not a whole number")
        if not low <= value <= high:
            self.fail(f"{name} is {_echo(value)}, outside {low:,}..{high:,}")
        return value

    def number(self, value: object, name: str) -> float:
        if type(value) not in (int, float) or not math.isfinite(value):
            self.fail(f"{name} is {_echo(value)}, not a finite number")
        return float(value)

    def text(self, value: object, name: str, limit: int = MAX_TEXT) -> str:
        if not isinstance(value, str):
            self.fail(f"{name} is {_echo(value)}, not a text")
        if len(value) > limit:
            self.fail(f"{name} is {len(value):,} characters long ({_echo(value)}); mnist-viz writes at most {limit}")
        return value

    def kind(self, value: object, name: str, kinds: tuple[type, ...], words: str) -> None:
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.fail(f"{name} is {_echo(value)}, not {words}")



def _checked_distribution(array: np.ndarray, part: str, path: Path, key: str) -> np.ndarray:
    """A ``dist/...`` array whose values are what core.stats can compute (NaN or infinite
    norms and ranges: a diverged layer)."""
    measure = part.rpartition("/")[2]
    if part == DIST_PREFIX + "step":
        _check_range(array, path, key, 0, MAX_STEP)
        return array.astype(np.int64, copy=False)
    if measure.endswith("_counts"):
        _check_range(array, path, key, 0)
        return array.astype(np.int64, copy=False)
    array = array.astype(np.float64, copy=False)
    value = float(array)
    if measure == "dead_fraction":
        _check_range(array, path, key, 0, 1)
    elif measure == "gradient_norm":
        _require(not value < 0, path, key, array, None, "at least 0 (or NaN: a diverged layer)")
    elif measure == "weight_range":
        power_of_two = (math.isfinite(value) and stats.MIN_WEIGHT_RANGE <= value <= 2.0 ** 128
                        and math.frexp(value)[0] == 0.5)
        _require(power_of_two or value == math.inf, path, key, array, None,
                 f"a power of two from {stats.MIN_WEIGHT_RANGE:g} (or inf: a diverged layer)")
    return array
