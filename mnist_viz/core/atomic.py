"""Writing a file so that a failure never leaves half of it, and checking where it will go first.

:func:`write` and :func:`replacing` write into a temporary file in the target's own folder
(so that the rename is atomic: same file system), flush and ``fsync`` it, then rename it
over the target with ``os.replace``. If anything fails on the way (a full disk, a crash of
the writer, Ctrl+C or SIGTERM raised as an exception) the temporary file is removed and
the previous file, if there was one, is left as it was. The new file keeps the permission
bits of a file it replaces; a new file gets the user's usual ones (0666 less the umask).

:func:`check_destination` says, before any work is done, why a path could not be
written (its folder is missing, a file or not writable, the name is too long for the file
system, the path is a folder or a device), as one line naming the path: the command line
calls it before the first training step, so that a bad path never costs a run.

No Qt and no torch in this module.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

#: Used when the file system cannot say (``os.pathconf`` is missing, on Windows).
NAME_MAX = 255
PATH_MAX = 4096
_counter = itertools.count()


class DestinationError(ValueError):
    """A path that cannot be written. The message names it, says why and what to do (one line)."""


def _echo(text: str, limit: int = 80) -> str:
    """A name for a message, cut in the middle to about ``limit`` characters."""
    return text if len(text) <= limit else text[: limit // 2] + "…" + text[-(limit // 2 - 1):]


def _limit(folder: Path, name: str, fallback: int) -> int:
    try:
        value = os.pathconf(folder, name)
    except (OSError, ValueError, AttributeError):
        return fallback
    return value if isinstance(value, int) and value > 0 else fallback


def temp_path(path: Path) -> Path:
    """A temporary name next to ``path`` that ends in the same suffix (writers that choose a
    format from the name still choose it) and fits in the file system's name length."""
    suffix = path.suffix if len(path.suffix) <= 16 else ""
    tail = f".{os.getpid()}-{next(_counter)}.tmp{suffix}"
    room = max(1, _limit(path.parent if str(path.parent) else Path("."), "PC_NAME_MAX", NAME_MAX) - len(tail) - 1)
    stem = path.name
    if len(os.fsencode(stem)) > room:
        stem = os.fsencode(stem)[:room].decode("utf-8", "ignore") or "x"
    return path.with_name(f".{stem}{tail}")


def _mode_to_keep(path: Path) -> int | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform allows it (best effort)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _refuse_folder_or_device(path: Path) -> None:
    try:
        info = os.stat(path)
    except OSError:
        return
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a device, pipe or socket)", str(path))


def write(path: str | os.PathLike[str], writer: Callable[[BinaryIO], object]) -> Path:
    """Call ``writer(file)`` on a temporary binary file next to ``path``, then rename it over ``path``.

    Raises what the writer or the file system raised (OSError for a full disk), after
    removing the temporary file.
    """
    path = Path(path)
    _refuse_folder_or_device(path)
    mode = _mode_to_keep(path)
    temp = temp_path(path)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with open(fd, "wb") as file:
            if mode is not None:
                os.chmod(temp, mode)
            writer(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        raise
    _sync_folder(path.parent if str(path.parent) else Path("."))
    return path


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`write`)."""
    return write(path, lambda file: file.write(data))


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """For writers that take a file name (Pillow, imageio, ffmpeg, Qt): yields a temporary path
    next to ``path`` (same suffix) to write; when the block ends without an exception, the file
    is synced and renamed over ``path``; otherwise it is removed and the exception goes on.

    A writer that reports failure by returning False should raise inside the block.
    """
    path = Path(path)
    _refuse_folder_or_device(path)
    mode = _mode_to_keep(path)
    temp = temp_path(path)
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # the name is ours now
    try:
        yield temp
        if not os.path.isfile(temp):
            raise OSError(errno.ENOENT, "the writer left no file", str(temp))
        fd = os.open(temp, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        raise
    _sync_folder(path.parent if str(path.parent) else Path("."))


# ------------------------------------------------------------------ before writing
def check_destination(path: str | os.PathLike[str], *, create_folders: bool = False) -> Path:
    """Raise :class:`DestinationError` (one line) unless a file can be written at ``path``.

    Checked: the path names a file (not a folder, a device or a pipe), an existing file is
    writable, the folder exists (or, with ``create_folders``, the nearest existing one is a
    folder), every name fits the file system (``NAME_MAX``; the whole path ``PATH_MAX``) and a
    file can be created in the folder (permissions, read-only file systems). Nothing is left
    behind.
    """
    path = Path(path)
    text = os.fspath(path)
    shown = _echo(text, 200)
    if not text or text.endswith(("/", os.sep)) or path.name in ("", ".", ".."):
        raise DestinationError(f"cannot write {shown!r}: it names a folder, not a file; add a file name")
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise DestinationError(f"cannot write {shown}: it is a folder; give a file name inside it")
        if not stat.S_ISREG(info.st_mode):
            raise DestinationError(f"cannot write {shown}: it is not a regular file (a device, pipe or socket); "
                                   "choose a file name")
        if not os.access(path, os.W_OK):
            raise DestinationError(f"cannot write {shown}: the file is read-only; choose another name "
                                   "or make it writable")
    absolute = Path(os.path.abspath(path))
    existing, missing = _nearest_existing(absolute.parent)
    if missing and not create_folders:
        raise DestinationError(f"cannot write {shown}: the folder {_echo(str(path.parent), 200)} does not exist; "
                               "create it or choose another place")
    _check_creatable(shown, absolute, existing, missing + [absolute.name])
    return path


def check_folder_destination(folder: str | os.PathLike[str]) -> Path:
    """Raise :class:`DestinationError` unless ``folder`` exists and files can be created in it,
    or it can be created (its nearest existing parent is a writable folder, the names fit)."""
    folder = Path(folder)
    text = os.fspath(folder)
    shown = _echo(text, 200)
    if not text:
        raise DestinationError("cannot write into '': give a folder name")
    absolute = Path(os.path.abspath(folder))
    if os.path.lexists(absolute) and not os.path.isdir(absolute):
        raise DestinationError(f"cannot write into {shown}: it is a file, not a folder; choose a new folder name")
    if os.path.isdir(absolute):
        _check_creatable(shown, absolute, absolute, [])
        return folder
    existing, missing = _nearest_existing(absolute.parent)
    _check_creatable(shown, absolute, existing, missing + [absolute.name])
    return folder


def _nearest_existing(folder: Path) -> tuple[Path, list[str]]:
    """The nearest ancestor of ``folder`` (itself included) that exists, and the names below it."""
    missing: list[str] = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.insert(0, folder.name)
        folder = folder.parent
    return folder, missing


def _check_creatable(shown: str, absolute: Path, existing: Path, names: list[str]) -> None:
    """``names`` (folders, then possibly the file) can be created one inside the other in ``existing``."""
    if not os.path.isdir(existing):
        raise DestinationError(f"cannot write {shown}: {_echo(str(existing), 200)} is a file, not a folder; "
                               "choose another place")
    name_max = _limit(existing, "PC_NAME_MAX", NAME_MAX)
    for name in names:
        length = len(os.fsencode(name))
        if length > name_max:
            raise DestinationError(f"cannot write {shown}: the name {_echo(name)!r} is {length:,} bytes long, "
                                   f"more than the {name_max} this file system allows; choose a shorter name")
    path_max = _limit(existing, "PC_PATH_MAX", PATH_MAX)
    length = len(os.fsencode(str(absolute)))
    if length >= path_max:
        raise DestinationError(f"cannot write {shown}: the path is {length:,} bytes long, more than the "
                               f"{path_max} this system allows; choose a shorter one")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise DestinationError(f"cannot write {shown}: the folder {_echo(str(existing), 200)} is not writable "
                               "(permission denied or a read-only file system); choose another place")
    probe = temp_path(existing / (names[0] if names else "probe"))
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as err:
        raise DestinationError(f"cannot write {shown}: {err.strerror or err} (in the folder "
                               f"{_echo(str(existing), 200)}); choose another place") from None
    _remove(probe)
