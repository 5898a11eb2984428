"""The data sets the app can train on: MNIST and two drop-in replacements in the same format.

All three are 70,000 greyscale 28x28 images in ten classes (60,000 to train on, 10,000
to test with), stored as the same four IDX files, so the models, panels and batches work
on each of them unchanged. Only the pictures and the names of the ten classes differ:

* **MNIST**: hand-written digits 0-9 (LeCun, Cortes and Burges, 1998).
* **Fashion-MNIST**: photos of clothes from Zalando's catalogue (Xiao, Rasul and Vollgraf,
  2017), made as a harder stand-in for MNIST: softmax regression reaches about 84 %
  instead of 92 %.
* **KMNIST** (Kuzushiji-MNIST): ten hiragana in classical cursive Japanese script
  (Clanuwat et al., 2018); one class holds a character in many historical shapes.

Each entry names torchvision's dataset class, which knows the download mirrors and the
files' MD5 checksums (read from the class when needed, so tests can patch them), and
the folder torchvision keeps the files in (``ROOT/<folder>/raw/``). This module is plain
data; :mod:`mnist_viz.core.data` does the reading and downloading.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_DATASET = "mnist"


@dataclass(frozen=True)
class DatasetInfo:
    """What the app needs to know about one data set."""

    #: The key used on the command line and in settings (``--dataset fashion-mnist``).
    key: str
    #: The name people know it by, for titles and messages.
    name: str
    #: The class in ``torchvision.datasets`` that reads (and downloads) it.
    torchvision_class: str
    #: The folder under the data root, as torchvision names it: ``ROOT/<folder>/raw/``.
    folder: str
    #: The ten class names, index = label.
    class_names: tuple[str, ...]
    #: Shorter names where space is tight (tile titles, axis ticks).
    short_names: tuple[str, ...]
    #: Short names that never need a font beyond Latin letters (see ``class_names_for``).
    latin_names: tuple[str, ...]
    #: What one example shows, for sentences like "draw a digit".
    item: str
    #: About how many megabytes the four compressed files are.
    download_mb: int
    #: Where the data set's web page is.
    homepage: str
    #: Folders where an operating-system package installs the files (gzipped or not),
    #: read in place when the data root does not hold the data set.
    system_folders: tuple[str, ...] = ()
    #: The Debian/Ubuntu package that installs it into ``system_folders`` ("" if none).
    system_package: str = ""

    def torchvision_dataset(self) -> type:
        """The torchvision dataset class (imported on first use: torchvision is slow to import)."""
        import torchvision.datasets

        return getattr(torchvision.datasets, self.torchvision_class)

    def mirrors(self) -> list[str]:
        """torchvision's download mirrors for this data set (URL prefixes ending in ``/``)."""
        return list(self.torchvision_dataset().mirrors)

    def resources(self) -> list[tuple[str, str | None]]:
        """The four files to fetch, as (gzipped file name, MD5 or None)."""
        return list(self.torchvision_dataset().resources)


MNIST_INFO = DatasetInfo(
    key="mnist", name="MNIST", torchvision_class="MNIST", folder="MNIST",
    class_names=tuple(str(digit) for digit in range(10)),
    short_names=tuple(str(digit) for digit in range(10)),
    latin_names=tuple(str(digit) for digit in range(10)),
    item="digit", download_mb=11, homepage="http://yann.lecun.com/exdb/mnist/",
)

FASHION_MNIST_INFO = DatasetInfo(
    key="fashion-mnist", name="Fashion-MNIST", torchvision_class="FashionMNIST", folder="FashionMNIST",
    class_names=("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                 "Ankle boot"),
    short_names=("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"),
    latin_names=("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"),
    item="garment", download_mb=30, homepage="https://github.com/zalandoresearch/fashion-mnist",
    # Debian and Ubuntu: `apt install dataset-fashion-mnist` puts the four .gz files here.
    system_folders=("/usr/share/datasets/fashion-mnist",), system_package="dataset-fashion-mnist",
)

_HIRAGANA = ("お", "き", "す", "つ", "な", "は", "ま", "や", "れ", "を")
_ROMAJI = ("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo")

KMNIST_INFO = DatasetInfo(
    key="kmnist", name="KMNIST", torchvision_class="KMNIST", folder="KMNIST",
    class_names=tuple(f"{kana} ({romaji})" for kana, romaji in zip(_HIRAGANA, _ROMAJI)),
    short_names=_HIRAGANA,
    latin_names=_ROMAJI,
    item="character", download_mb=20, homepage="https://github.com/rois-codh/kmnist",
)

#: Every data set, in the order menus list them.
DATASETS: dict[str, DatasetInfo] = {info.key: info for info in (MNIST_INFO, FASHION_MNIST_INFO, KMNIST_INFO)}
DATASET_CHOICES = tuple(DATASETS)


def get(key: str | None) -> DatasetInfo:
    """The data set called ``key`` (None: MNIST); ValueError naming the choices otherwise."""
    key = DEFAULT_DATASET if key is None else str(key).strip().lower()
    try:
        return DATASETS[key]
    except KeyError:
        raise ValueError(f"unknown data set {key!r}; choose one of {', '.join(DATASETS)}") from None


def class_names_for(key: str | None, short: bool = False, latin_only: bool = False) -> list[str]:
    """The ten class names of data set ``key``.

    ``short`` gives the forms for tight spaces; ``latin_only`` avoids characters that need
    a Japanese font (KMNIST's hiragana become their romaji), for screens without one.
    """
    info = get(key)
    names = info.short_names if short else info.class_names
    if latin_only:
        return [latin if any(ord(ch) > 0x2FF for ch in name) else name
                for name, latin in zip(names, info.latin_names)]
    return list(names)
