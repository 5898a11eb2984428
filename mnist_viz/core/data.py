"""Where MNIST lives, how it is read and checked, and how batches are cut from it.

MNIST is kept in memory as two uint8 tensors per split (images ``N x 28 x 28`` and
labels ``N``); a batch is an index into them, turned into floats in [0, 1] only when it
is used. That is the whole data pipeline: no per-sample PIL transforms, no DataLoader.

The files are the four IDX files in torchvision's layout (``ROOT/MNIST/raw/...``). They
are checked before torchvision reads them, so that a missing, truncated or foreign file
is reported by name with what is wrong, instead of as a stack trace from deep inside a
parser. Downloading goes through torchvision's own downloader into a temporary folder;
files are moved into place only once all of them have been fetched and checked, so an
interrupted or offline download never leaves a half-written file that could later be
taken for a valid one.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import tempfile
import urllib.error
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import torch

ENV_VAR = "MNIST_VIZ_DATA"
IMAGE_SIZE = 28
NUM_CLASSES = 10

#: Seconds a download waits for a silent server before trying the next mirror.
DOWNLOAD_TIMEOUT_S = 60.0

#: The four files, their IDX magic number and how many items each split holds.
SPLIT_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
IMAGES_MAGIC = 0x00000803  # unsigned byte, 3 dimensions
LABELS_MAGIC = 0x00000801  # unsigned byte, 1 dimension


class DataError(Exception):
    """MNIST could not be found, downloaded or read. The message says what to do."""


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
    train: Split
    test: Split
    root: Path


def to_float(images_uint8: torch.Tensor) -> torch.Tensor:
    """uint8 (B, 28, 28) -> float32 (B, 1, 28, 28) in [0, 1], as the tutorials feed it."""
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


def raw_folder(root: Path) -> Path:
    return Path(root) / "MNIST" / "raw"


def missing_files(root: Path) -> list[Path]:
    """The IDX files that are not in ``root`` (empty when MNIST is all there)."""
    raw = raw_folder(root)
    names = [name for pair in SPLIT_FILES.values() for name in pair]
    return [raw / name for name in names if not (raw / name).is_file()]


def _check_idx(path: Path, magic: int, item_shape: tuple[int, ...]) -> int:
    """Check one IDX file's header and size; return its item count."""
    if path.is_dir():
        raise DataError(f"{path} is a folder, but it should be an MNIST data file; remove it and "
                        "download MNIST again (or copy the original file there).")
    if not path.exists():
        raise DataError(f"{path} is missing; download MNIST (drop --no-download) or copy the "
                        "four MNIST files into that folder.")
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(4 + 4 * (1 + len(item_shape)))
    except OSError as err:
        raise DataError(f"{path} cannot be read ({err.strerror or err}); check its permissions.") from err
    if len(header) < 8:
        raise DataError(f"{path} is truncated ({size} bytes, shorter than an IDX header); "
                        "delete it and download MNIST again.")
    found_magic = int.from_bytes(header[:4], "big")
    if found_magic != magic:
        raise DataError(f"{path} is not an MNIST {'image' if magic == IMAGES_MAGIC else 'label'} file "
                        f"(magic number 0x{found_magic:08x}, expected 0x{magic:08x}); "
                        "replace it with the original file.")
    if len(header) < 4 + 4 * (1 + len(item_shape)):
        raise DataError(f"{path} is truncated ({size} bytes, header incomplete); delete it and "
                        "download MNIST again.")
    count = int.from_bytes(header[4:8], "big")
    dims = tuple(int.from_bytes(header[8 + 4 * i: 12 + 4 * i], "big") for i in range(len(item_shape)))
    if dims != item_shape:
        raise DataError(f"{path} holds items of shape {dims}, expected {item_shape}; "
                        "replace it with the original MNIST file.")
    item_bytes = 1
    for dim in item_shape:
        item_bytes *= dim
    expected = len(header) + count * item_bytes
    if size < expected:
        raise DataError(f"{path} is truncated ({size} of {expected} bytes); delete it and "
                        "download MNIST again.")
    if size > expected:
        raise DataError(f"{path} has {size - expected} unexpected bytes after its {count} items; "
                        "replace it with the original MNIST file.")
    return count


def validate(root: Path) -> None:
    """Raise :class:`DataError` naming the first file that is missing or broken."""
    if not Path(root).exists():
        raise DataError(f"The data folder {root} does not exist; download MNIST (drop --no-download), "
                        f"or pass --data-dir / set {ENV_VAR} to a folder that holds MNIST/raw/.")
    validate_raw(raw_folder(root))


def validate_raw(raw: Path) -> None:
    """Check the four IDX files in the folder ``raw``."""
    for images_name, labels_name in SPLIT_FILES.values():
        images = _check_idx(raw / images_name, IMAGES_MAGIC, (IMAGE_SIZE, IMAGE_SIZE))
        labels = _check_idx(raw / labels_name, LABELS_MAGIC, ())
        if images != labels:
            raise DataError(f"{raw / images_name} holds {images} images but {raw / labels_name} holds "
                            f"{labels} labels; the files do not belong together. Replace them with the "
                            "original MNIST files.")


def load(root: Path) -> Mnist:
    """Read both splits into memory through torchvision (after :func:`validate`)."""
    from torchvision.datasets import MNIST

    root = Path(root)
    validate(root)
    splits = {}
    for name in SPLIT_FILES:
        try:
            dataset = MNIST(str(root), train=(name == "train"), download=False)
        except (RuntimeError, OSError, ValueError) as err:  # validated above; belt and braces
            raise DataError(f"MNIST in {raw_folder(root)} could not be read: {err}") from err
        splits[name] = Split(dataset.data.contiguous(), dataset.targets.to(torch.int64))
    return Mnist(train=splits["train"], test=splits["test"], root=root)


ProgressCallback = Callable[[int, int, str], None]


def download(root: Path, progress: ProgressCallback | None = None,
             mirrors: list[str] | None = None) -> None:
    """Fetch the four MNIST files with torchvision's downloader, all or nothing.

    ``progress(done, total, filename)`` is called before and after each file.
    ``mirrors`` replaces torchvision's list of mirrors (tests point it at a local server).
    Files land in a temporary folder next to ``MNIST/raw`` and are moved in only when
    all four are complete and valid.
    """
    from torchvision.datasets import MNIST
    from torchvision.datasets.utils import download_and_extract_archive

    root = Path(root)
    raw = raw_folder(root)
    try:
        raw.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".download-", dir=raw.parent))
    except OSError as err:
        raise DataError(f"Cannot write to {raw} ({err.strerror or err}); choose a writable data "
                        f"folder with --data-dir or {ENV_VAR}.") from err
    mirrors = mirrors or list(MNIST.mirrors)
    resources = list(MNIST.resources)
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
                                                 filename=filename, md5=md5 if mirror in MNIST.mirrors else None)
                    break
                except (urllib.error.URLError, OSError, RuntimeError, EOFError, ValueError,
                        http.client.HTTPException) as err:
                    errors.append(f"{mirror}: {getattr(err, 'reason', err)}")
            else:
                raise DataError(f"Could not download MNIST into {raw} ({errors[-1]}). Check the "
                                f"network, or copy the four MNIST files into {raw} and try again.")
        if progress:
            progress(len(resources), len(resources), "")
        # Check the staged copy before anything touches the real folder.
        try:
            validate_raw(staging)
        except DataError as err:
            raise DataError(f"The MNIST files downloaded for {raw} are broken, so nothing was saved "
                            f"({str(err).replace(str(staging), 'download')}). Try again later, or copy "
                            f"the four MNIST files into {raw}.") from err
        for name in (name for pair in SPLIT_FILES.values() for name in pair):
            os.replace(staging / name, raw / name)
    finally:
        socket.setdefaulttimeout(previous_timeout)
        shutil.rmtree(staging, ignore_errors=True)


def ensure(root: Path, allow_download: bool = True, progress: ProgressCallback | None = None) -> Mnist:
    """Load MNIST from ``root``, downloading it first when it is missing and allowed."""
    root = Path(root)
    if missing_files(root):
        if not allow_download:
            raise DataError(f"MNIST is not in {raw_folder(root)}; run without --no-download to fetch "
                            f"it, or pass --data-dir / set {ENV_VAR} to a folder that holds MNIST/raw/.")
        download(root, progress=progress)
    return load(root)


def iterate_batches(count: int, batch_size: int, generator: torch.Generator) -> Iterator[torch.Tensor]:
    """Endless index batches: a fresh permutation per epoch, as ``next_batch`` did.

    The tail of an epoch that does not fill a batch is carried into the next one, so
    every batch has exactly ``batch_size`` examples and every example is seen once per
    epoch.
    """
    if count < 1 or batch_size < 1:
        raise ValueError(f"need at least one example and a batch size of at least 1, "
                         f"not {count} examples in batches of {batch_size}")
    carry = torch.empty(0, dtype=torch.int64)
    while True:
        order = torch.cat([carry, torch.randperm(count, generator=generator)])
        full = (len(order) // batch_size) * batch_size
        if full:  # a batch larger than the data set waits for the next epoch's examples
            yield from order[:full].split(batch_size)
        carry = order[full:]
