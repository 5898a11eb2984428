"""Where MNIST (or Fashion-MNIST, or KMNIST) lives, how it is read and checked, and batches.

Every function that touches files takes a ``dataset`` key from
:mod:`mnist_viz.core.datasets` (``"mnist"``, ``"fashion-mnist"``, ``"kmnist"``), MNIST by
default; the three share one file format, so everything below works on each. "MNIST" in
the rest of this docstring stands for whichever is chosen.

MNIST is kept in memory as two uint8 tensors per split (images ``N x 28 x 28`` and
labels ``N``); a batch is an index into them, turned into floats in [0, 1] only when it
is used. That is the whole data pipeline: no per-sample PIL transforms, no DataLoader.

The files are the four IDX files in torchvision's layout (``ROOT/MNIST/raw/...``). Their
headers and sizes are checked, so that a missing, truncated or foreign file is reported by
name with what is wrong, instead of as a stack trace from deep inside a parser, and then
they are read straight into numpy (the IDX format is a 16-byte header and raw bytes).
torchvision is not used for reading: importing it costs 1.5-3 s on two cores (it pulls in
torch._dynamo), which the app would pay at every start. Downloading goes through torchvision's own downloader into a temporary folder;
files are moved into place only once all of them have been fetched and checked, so an
interrupted or offline download never leaves a half-written file that could later be
taken for a valid one.

A data set that an operating-system package installed (Debian's ``dataset-fashion-mnist``
puts Fashion-MNIST's four ``.gz`` files in ``/usr/share/datasets/fashion-mnist``) is read
in place, gzipped, when the data root does not hold it: nothing needs to be copied or
downloaded, and a read-only data root still works.
"""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import socket
import tempfile
import time
import urllib.error
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from pathlib import Path

import numpy as np

from . import datasets
from .datasets import DEFAULT_DATASET, DatasetInfo

if TYPE_CHECKING:  # torch is imported where it is used: the window is built before it is loaded
    import torch

ENV_VAR = "MNIST_VIZ_DATA"
IMAGE_SIZE = 28
NUM_CLASSES = 10

#: Seconds a download waits for a silent server before trying the next mirror.
DOWNLOAD_TIMEOUT_S = 60.0
#: A download's staging folder untouched for this long was abandoned (the app was closed
#: mid-download, or the machine went down): the next download removes it.
ABANDONED_STAGING_S = 3600.0

#: The four files, their IDX magic number and how many items each split holds.
SPLIT_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
IMAGES_MAGIC = 0x00000803  # unsigned byte, 3 dimensions
LABELS_MAGIC = 0x00000801  # unsigned byte, 1 dimension


class DataError(Exception):
    """The data set could not be found, downloaded or read. The message says what to do."""


@dataclass(frozen=True)
class Split:
    """One split of MNIST in memory: ``images`` uint8 (N, 28, 28), ``labels`` int64 (N,)."""

    images: torch.Tensor
    labels: torch.Tensor

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def batch(self, indices: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Float images in [0, 1] shaped (B, 1, 28, 28) and their labels."""
        return to_float(self.images[indices]), self.labels[indices]

    def subset(self, count: int) -> Split:
        """The first ``count`` examples (for quick runs and tests)."""
        return Split(self.images[:count], self.labels[:count])


@dataclass(frozen=True)
class Mnist:
    """A whole data set in memory (MNIST or one in its format: see ``dataset``)."""

    train: Split
    test: Split
    #: The data root it was looked for in (see :func:`resolve_root`).
    root: Path
    #: Which data set this is: a key of :data:`mnist_viz.core.datasets.DATASETS`.
    dataset: str = DEFAULT_DATASET
    #: The folder the files were read from, when not ``root``'s own (a system package's).
    source: Path | None = None

    @property
    def info(self) -> DatasetInfo:
        return datasets.get(self.dataset)

    @property
    def name(self) -> str:
        """The data set's name for people: "MNIST", "Fashion-MNIST", "KMNIST"."""
        return self.info.name

    @property
    def class_names(self) -> list[str]:
        """The ten class names, index = label ("0"..."9" for MNIST)."""
        return list(self.info.class_names)

    @property
    def folder(self) -> Path:
        """Where the files were read from (the raw folder under ``root``, or a system folder)."""
        return self.source if self.source is not None else raw_folder(self.root, self.dataset)


def to_float(images_uint8: torch.Tensor) -> torch.Tensor:
    """uint8 (B, 28, 28) -> float32 (B, 1, 28, 28) in [0, 1], as the tutorials feed it."""
    import torch

    return images_uint8.unsqueeze(1).to(torch.float32).div_(255.0)


def default_root() -> Path:
    """The per-user data folder, e.g. ``~/.local/share/mnist-viz/data`` on Linux."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("mnist-viz", appauthor=False)) / "data"


def resolve_root(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data root: ``data_dir`` if given, else ``$MNIST_VIZ_DATA``, else the user folder."""
    if data_dir:
        return Path(data_dir).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_root()


def raw_folder(root: Path, dataset: str = DEFAULT_DATASET) -> Path:
    """Where torchvision keeps the data set's four files: ``ROOT/MNIST/raw`` (or FashionMNIST, KMNIST)."""
    return Path(root) / datasets.get(dataset).folder / "raw"


def _file_names() -> list[str]:
    return [name for pair in SPLIT_FILES.values() for name in pair]


def missing_files(root: Path, dataset: str = DEFAULT_DATASET) -> list[Path]:
    """The IDX files that are not in ``root`` (empty when the data set is all there)."""
    raw = raw_folder(root, dataset)
    return [raw / name for name in _file_names() if not _is_file(raw / name)]


def system_copy(dataset: str = DEFAULT_DATASET) -> Path | None:
    """A folder where an OS package installed all four files (plain or ``.gz``), or None."""
    for folder in datasets.get(dataset).system_folders:
        folder = Path(folder)
        try:
            if all((folder / name).is_file() or (folder / f"{name}.gz").is_file() for name in _file_names()):
                return folder
        except OSError:  # a folder this user may not look into holds nothing for it
            continue
    return None


def is_available(root: Path, dataset: str = DEFAULT_DATASET) -> bool:
    """True when :func:`load` will find the data set (in ``root`` or a system package's folder).

    Also True when that cannot be told (a folder that may not be looked into): then
    :func:`load` says what is wrong, instead of a download being offered.
    """
    try:
        return not missing_files(root, dataset) or system_copy(dataset) is not None
    except DataError:
        return True


def _where_to_get(dataset: str) -> str:
    """How to put a data set in place, for the end of messages."""
    info = datasets.get(dataset)
    package = (f" (on Debian or Ubuntu, 'apt install {info.system_package}' provides it)"
               if info.system_package else "")
    return f"download {info.name} (drop --no-download) or copy the four {info.name} files into that folder{package}"


def _a(name: str) -> str:
    """"an MNIST", "a Fashion-MNIST", "a KMNIST": the article as the name is spoken."""
    return f"{'an' if name.startswith('MNIST') else 'a'} {name}"


def _os_error(path: Path, err: OSError) -> DataError:
    """A DataError naming ``path`` and how to fix what the operating system refused."""
    reason = err.strerror or str(err)
    if isinstance(err, PermissionError):
        return DataError(f"{path} cannot be read ({reason}); check the permissions of it and of the folders "
                         f"above it (for example chmod -R u+rwX on the data folder), or pass --data-dir / set "
                         f"{ENV_VAR} to a folder you can read.")
    if isinstance(err, IsADirectoryError):
        return DataError(f"{path} is a folder, but it should be a data file; remove it and download again "
                         "(or copy the original file there).")
    return DataError(f"{path} cannot be read ({reason}); check the path and the disk, or pass --data-dir / "
                     f"set {ENV_VAR} to another folder.")


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; DataError when that cannot be told (no permission to look)."""
    try:
        return path.is_file()  # False for missing files and paths through a file
    except OSError as err:
        raise _os_error(path, err) from err


def _check_folders(root: Path, dataset: str) -> None:
    """The data root and its MNIST/raw folders are folders where they exist, and can be looked into."""
    info = datasets.get(dataset)
    for folder in (root, root / info.folder, raw_folder(root, dataset)):
        try:
            if folder.exists() and not folder.is_dir():
                if folder == root:
                    raise DataError(f"The data folder {root} is a file, not a folder; pass --data-dir / set "
                                    f"{ENV_VAR} to a folder (it holds {info.folder}/raw/).")
                raise DataError(f"{folder} is a file, but it should be the folder that holds the {info.name} "
                                f"files; move it away and {_where_to_get(dataset)}.")
        except OSError as err:
            raise _os_error(folder, err) from err


def _check_labels(path: Path, labels: np.ndarray, name: str) -> None:
    """Every label is a class, 0-9."""
    bad = np.flatnonzero(labels >= NUM_CLASSES)
    if bad.size:
        first = int(bad[0])
        others = f"; {bad.size - 1:,} more are outside 0-9 too" if bad.size > 1 else ""
        raise DataError(f"{path} holds the label {int(labels[first])} at item {first:,} of {labels.size:,}, but "
                        f"{name} labels are 0-9{others}; replace it with the original {name} file.")


def _check_header(path: Path, size: int, header: bytes, magic: int, item_shape: tuple[int, ...],
                  name: str = "MNIST") -> int:
    """Check an IDX header against the file's size in bytes; return its item count."""
    if len(header) < 8:
        raise DataError(f"{path} is truncated ({size} bytes, shorter than an IDX header); "
                        f"delete it and download {name} again.")
    found_magic = int.from_bytes(header[:4], "big")
    if found_magic != magic:
        raise DataError(f"{path} is not {_a(name)} {'image' if magic == IMAGES_MAGIC else 'label'} file "
                        f"(magic number 0x{found_magic:08x}, expected 0x{magic:08x}); "
                        "replace it with the original file.")
    if len(header) < 4 + 4 * (1 + len(item_shape)):
        raise DataError(f"{path} is truncated ({size} bytes, header incomplete); delete it and "
                        f"download {name} again.")
    count = int.from_bytes(header[4:8], "big")
    dims = tuple(int.from_bytes(header[8 + 4 * i: 12 + 4 * i], "big") for i in range(len(item_shape)))
    if dims != item_shape:
        raise DataError(f"{path} holds items of shape {dims}, expected {item_shape}; "
                        f"replace it with the original {name} file.")
    item_bytes = 1
    for dim in item_shape:
        item_bytes *= dim
    expected = len(header) + count * item_bytes
    if size < expected:
        raise DataError(f"{path} is truncated ({size} of {expected} bytes); delete it and "
                        f"download {name} again.")
    if size > expected:
        raise DataError(f"{path} has {size - expected} unexpected bytes after its {count} items; "
                        f"replace it with the original {name} file.")
    return count


def _header_length(item_shape: tuple[int, ...]) -> int:
    return 4 + 4 * (1 + len(item_shape))


def _check_idx(path: Path, magic: int, item_shape: tuple[int, ...], dataset: str = DEFAULT_DATASET) -> int:
    """Check one IDX file's header and size; return its item count."""
    name = datasets.get(dataset).name
    try:
        if path.is_dir():
            raise DataError(f"{path} is a folder, but it should be {_a(name)} data file; remove it and "
                            f"download {name} again (or copy the original file there).")
        if not path.exists():
            raise DataError(f"{path} is missing; {_where_to_get(dataset)}.")
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(_header_length(item_shape))
    except OSError as err:
        raise _os_error(path, err) from err
    return _check_header(path, size, header, magic, item_shape, name)


def validate(root: Path, dataset: str = DEFAULT_DATASET) -> None:
    """Raise :class:`DataError` naming the first file that is missing or broken."""
    root = Path(root)
    try:
        exists = root.exists()
    except OSError as err:
        raise _os_error(root, err) from err
    if not exists:
        info = datasets.get(dataset)
        raise DataError(f"The data folder {root} does not exist; download {info.name} (drop --no-download), "
                        f"or pass --data-dir / set {ENV_VAR} to a folder that holds {info.folder}/raw/.")
    _check_folders(root, dataset)
    validate_raw(raw_folder(root, dataset), dataset)


def validate_raw(raw: Path, dataset: str = DEFAULT_DATASET) -> None:
    """Check the four IDX files in the folder ``raw``."""
    for images_name, labels_name in SPLIT_FILES.values():
        images = _check_idx(raw / images_name, IMAGES_MAGIC, (IMAGE_SIZE, IMAGE_SIZE), dataset)
        labels = _check_idx(raw / labels_name, LABELS_MAGIC, (), dataset)
        if images != labels:
            raise DataError(f"{raw / images_name} holds {images} images but {raw / labels_name} holds "
                            f"{labels} labels; the files do not belong together. Replace them with the "
                            f"original {datasets.get(dataset).name} files.")


def _read_idx_anywhere(folder: Path, filename: str, magic: int, item_shape: tuple[int, ...],
                       dataset: str) -> np.ndarray:
    """One IDX file from ``folder``, plain or gzipped (``NAME.gz``), checked; uint8 (count, *item_shape)."""
    name = datasets.get(dataset).name
    path = folder / filename
    try:
        if not path.is_file():
            path = folder / f"{filename}.gz"
        raw_bytes = path.read_bytes()
        content = gzip.decompress(raw_bytes) if path.suffix == ".gz" else raw_bytes
    except (OSError, EOFError) as err:  # gzip.BadGzipFile is an OSError
        raise DataError(f"{path} cannot be read ({getattr(err, 'strerror', None) or err}); reinstall "
                        f"the package that put it there, or download {name} into your data folder.") from err
    header = content[:_header_length(item_shape)]
    count = _check_header(path, len(content), header, magic, item_shape, name)
    items = np.frombuffer(content, dtype=np.uint8, offset=len(header)).reshape(count, *item_shape).copy()
    if magic == LABELS_MAGIC:
        _check_labels(path, items, name)
    return items


def _load_folder(folder: Path, root: Path, dataset: str) -> Mnist:
    """Both splits from a folder of IDX files, plain or gzipped."""
    import torch

    splits = {}
    for split, (images_name, labels_name) in SPLIT_FILES.items():
        images = _read_idx_anywhere(folder, images_name, IMAGES_MAGIC, (IMAGE_SIZE, IMAGE_SIZE), dataset)
        labels = _read_idx_anywhere(folder, labels_name, LABELS_MAGIC, (), dataset)
        if len(images) != len(labels):
            raise DataError(f"{folder} holds {len(images)} {split} images but {len(labels)} labels; the files "
                            f"do not belong together. Reinstall the package that put them there.")
        splits[split] = Split(torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64)))
    return Mnist(train=splits["train"], test=splits["test"], root=Path(root), dataset=dataset, source=folder)


def load(root: Path, dataset: str = DEFAULT_DATASET) -> Mnist:
    """Read both splits into memory (after :func:`validate`).

    When ``root`` lacks the data set but an OS package installed it (see
    :func:`system_copy`), it is read from there instead.
    """
    info = datasets.get(dataset)
    root = Path(root)
    _check_folders(root, info.key)
    if missing_files(root, info.key):
        system = system_copy(info.key)
        if system is not None:
            return _load_folder(system, root, info.key)
    validate(root, info.key)
    return replace(_load_folder(raw_folder(root, info.key), root, info.key), source=None)


ProgressCallback = Callable[[int, int, str], None]


def remove_abandoned_downloads(folder: Path, older_than_s: float = ABANDONED_STAGING_S) -> list[Path]:
    """Delete ``.download-*`` staging folders in ``folder`` untouched for ``older_than_s``.

    A download in progress (another window, another process) writes into its staging
    folder all the time, so only abandoned ones are this old. Returns what was removed.
    """
    removed = []
    cutoff = time.time() - older_than_s
    for staging in Path(folder).glob(".download-*"):
        try:
            newest = max([staging.stat().st_mtime] + [p.stat().st_mtime for p in staging.rglob("*")])
            if staging.is_dir() and newest < cutoff:
                shutil.rmtree(staging)
                removed.append(staging)
        except OSError:
            pass  # gone meanwhile, or not ours to delete: leave it
    return removed


def download(root: Path, progress: ProgressCallback | None = None,
             mirrors: list[str] | None = None, dataset: str = DEFAULT_DATASET) -> None:
    """Fetch the data set's four files with torchvision's downloader, all or nothing.

    ``progress(done, total, filename)`` is called before and after each file.
    ``mirrors`` replaces torchvision's list of mirrors (tests point it at a local server).
    Files land in a temporary folder next to ``MNIST/raw`` (or ``FashionMNIST/raw``...)
    and are moved in only when all four are complete and valid.
    """
    from torchvision.datasets.utils import download_and_extract_archive

    info = datasets.get(dataset)
    name = info.name
    root = Path(root)
    raw = raw_folder(root, info.key)
    try:
        raw.mkdir(parents=True, exist_ok=True)
        remove_abandoned_downloads(raw.parent)
        staging = Path(tempfile.mkdtemp(prefix=".download-", dir=raw.parent))
    except OSError as err:
        raise DataError(f"Cannot write to {raw} ({err.strerror or err}); choose a writable data "
                        f"folder with --data-dir or {ENV_VAR}.") from err
    known_mirrors = info.mirrors()
    mirrors = mirrors or known_mirrors
    resources = info.resources()
    # torchvision opens URLs without a timeout; without one, a network that swallows
    # packets would hang the download forever instead of ending with a message.
    previous_timeout = socket.getdefaulttimeout()
    if previous_timeout is None:
        socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_S)
    try:
        for index, (filename, md5) in enumerate(resources):
            if progress:
                progress(index, len(resources), filename)
            errors = []
            for mirror in mirrors:
                try:
                    download_and_extract_archive(f"{mirror}{filename}", download_root=str(staging),
                                                 filename=filename, md5=md5 if mirror in known_mirrors else None)
                    break
                except (urllib.error.URLError, OSError, RuntimeError, EOFError, ValueError,
                        http.client.HTTPException) as err:
                    errors.append(f"{mirror}: {getattr(err, 'reason', err)}")
            else:
                raise DataError(f"Could not download {name} into {raw} ({errors[-1]}). Check the "
                                f"network, or copy the four {name} files into {raw} and try again.")
        if progress:
            progress(len(resources), len(resources), "")
        # Check the staged copy before anything touches the real folder.
        try:
            validate_raw(staging, info.key)
        except DataError as err:
            raise DataError(f"The {name} files downloaded for {raw} are broken, so nothing was saved "
                            f"({str(err).replace(str(staging), 'download')}). Try again later, or copy "
                            f"the four {name} files into {raw}.") from err
        try:
            for filename in _file_names():
                os.replace(staging / filename, raw / filename)
        except OSError as err:
            raise DataError(f"Cannot move the downloaded {name} files into {raw} ({err.strerror or err}); "
                            f"check that it is writable, or choose another data folder with --data-dir or "
                            f"{ENV_VAR}.") from err
    finally:
        socket.setdefaulttimeout(previous_timeout)
        shutil.rmtree(staging, ignore_errors=True)


def ensure(root: Path, allow_download: bool = True, progress: ProgressCallback | None = None,
           dataset: str = DEFAULT_DATASET) -> Mnist:
    """Load the data set from ``root``, downloading it first when it is missing and allowed."""
    info = datasets.get(dataset)
    root = Path(root)
    _check_folders(root, info.key)
    if missing_files(root, info.key) and system_copy(info.key) is None:
        if not allow_download:
            package = (f", or install the package {info.system_package}" if info.system_package else "")
            raise DataError(f"{info.name} is not in {raw_folder(root, info.key)}; run without --no-download to "
                            f"fetch it, or pass --data-dir / set {ENV_VAR} to a folder that holds "
                            f"{info.folder}/raw/{package}.")
        download(root, progress=progress, dataset=info.key)
    return load(root, info.key)


def iterate_batches(count: int, batch_size: int, generator: torch.Generator) -> Iterator[torch.Tensor]:
    """Endless index batches: a fresh permutation per epoch, as ``next_batch`` did.

    The tail of an epoch that does not fill a batch is carried into the next one, so
    every batch has exactly ``batch_size`` examples and every example is seen once per
    epoch.
    """
    if count < 1 or batch_size < 1:
        raise ValueError(f"need at least one example and a batch size of at least 1, "
                         f"not {count} examples in batches of {batch_size}")
    import torch

    carry = torch.empty(0, dtype=torch.int64)
    while True:
        order = torch.cat([carry, torch.randperm(count, generator=generator)])
        full = (len(order) // batch_size) * batch_size
        if full:  # a batch larger than the data set waits for the next epoch's examples
            yield from order[:full].split(batch_size)
        carry = order[full:]
