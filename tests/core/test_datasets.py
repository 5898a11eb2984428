"""MNIST, Fashion-MNIST and KMNIST: where each is looked for, how it is read and fetched.

The three share one file format, so each is exercised with small stand-in IDX files that
the tests write themselves (tests/mnist_files.py); downloads come from a web server on
127.0.0.1 or fail against a closed port, never the internet. One test trains on the
real Fashion-MNIST where Debian's package dataset-fashion-mnist has installed it, and is
skipped, saying so, where it has not.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import socket
from pathlib import Path

import numpy as np
import pytest
import torch

from mnist_viz.core import checkpoints, data, datasets
from mnist_viz.core.models import build_model
from mnist_viz.core.training import Trainer, preset
from tests.helpers import run_main
from tests.mnist_files import TINY_TEST, TINY_TRAIN, tiny_idx_files

FASHION_SYSTEM_FOLDER = Path("/usr/share/datasets/fashion-mnist")
FASHION_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                 "Ankle boot"]


@pytest.fixture
def no_system_copies(monkeypatch):
    """Pretend no OS package installed any data set (this machine may have Fashion-MNIST)."""
    for key, info in list(datasets.DATASETS.items()):
        monkeypatch.setitem(datasets.DATASETS, key, dataclasses.replace(info, system_folders=()))


def write_stand_in(root: Path, dataset: str, seed: int) -> dict[str, bytes]:
    """Tiny IDX files for ``dataset`` in ROOT/<its folder>/raw; returns name -> bytes."""
    files = tiny_idx_files(seed=seed)
    raw = data.raw_folder(root, dataset)
    raw.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (raw / name).write_bytes(content)
    return files


def images_of(files: dict[str, bytes], name: str) -> np.ndarray:
    return np.frombuffer(files[name], dtype=np.uint8, offset=16).reshape(-1, 28, 28)


def one_line(message: str) -> str:
    assert "\n" not in message, message
    assert "Traceback" not in message
    return message


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


# ------------------------------------------------------------------ the registry

def test_the_three_data_sets_with_their_folders_and_class_names():
    assert list(datasets.DATASETS) == ["mnist", "fashion-mnist", "kmnist"]
    assert [info.folder for info in datasets.DATASETS.values()] == ["MNIST", "FashionMNIST", "KMNIST"]
    assert datasets.class_names_for("mnist") == [str(d) for d in range(10)]
    assert datasets.class_names_for("fashion-mnist") == FASHION_NAMES
    kmnist = datasets.class_names_for("kmnist")
    assert kmnist[0] == "お (o)" and kmnist[9] == "を (wo)" and len(set(kmnist)) == 10
    assert datasets.class_names_for("kmnist", short=True, latin_only=True)[3] == "tsu"
    for info in datasets.DATASETS.values():
        # torchvision knows where to fetch each one and the checksums of its four files.
        assert info.mirrors() and len(info.resources()) == 4
        assert all(md5 for _, md5 in info.resources())
        assert len(info.short_names) == len(info.class_names) == 10


def test_an_unknown_data_set_is_named_with_the_choices():
    with pytest.raises(ValueError) as err:
        datasets.get("cifar")
    assert "'cifar'" in str(err.value) and "fashion-mnist" in str(err.value)


# ------------------------------------------------------------------ loading

@pytest.mark.parametrize("dataset", ["mnist", "fashion-mnist", "kmnist"])
def test_each_data_set_loads_from_its_own_folder(tmp_path, dataset, no_system_copies):
    root = tmp_path / "data"
    # All three in one root, each with different pictures: loading one must not read another's.
    written = {key: write_stand_in(root, key, seed) for seed, key in enumerate(datasets.DATASETS)}
    train_images, _ = data.SPLIT_FILES["train"]

    loaded = data.load(root, dataset)

    assert loaded.dataset == dataset and loaded.name == datasets.get(dataset).name
    assert loaded.class_names == datasets.class_names_for(dataset)
    assert loaded.folder == root / datasets.get(dataset).folder / "raw"
    assert len(loaded.train) == TINY_TRAIN and len(loaded.test) == TINY_TEST
    np.testing.assert_array_equal(loaded.train.images.numpy(), images_of(written[dataset], train_images))


def test_default_is_still_mnist(tmp_path, no_system_copies):
    write_stand_in(tmp_path, "mnist", 0)
    assert data.load(tmp_path).dataset == "mnist"
    assert data.ensure(tmp_path, allow_download=False).name == "MNIST"


def test_a_missing_data_set_says_which_folder_and_how_to_get_it(tmp_path, no_system_copies):
    write_stand_in(tmp_path, "mnist", 0)  # MNIST is there, Fashion-MNIST is not
    with pytest.raises(data.DataError) as err:
        data.ensure(tmp_path, allow_download=False, dataset="fashion-mnist")
    message = one_line(str(err.value))
    assert str(tmp_path / "FashionMNIST" / "raw") in message
    assert "Fashion-MNIST" in message and "dataset-fashion-mnist" in message


def test_a_broken_file_names_the_data_set(tmp_path, no_system_copies):
    write_stand_in(tmp_path, "kmnist", 0)
    labels = data.raw_folder(tmp_path, "kmnist") / data.SPLIT_FILES["test"][1]
    labels.write_bytes(labels.read_bytes()[:-3])
    with pytest.raises(data.DataError) as err:
        data.load(tmp_path, "kmnist")
    assert str(labels) in one_line(str(err.value)) and "KMNIST" in str(err.value)


# ------------------------------------------------------- a system package's copy

def fake_system_copy(monkeypatch, folder: Path, files: dict[str, bytes]) -> None:
    """Fashion-MNIST 'installed by a package' into ``folder``, as gzipped files like Debian's."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / f"{name}.gz").write_bytes(gzip.compress(content))
    info = datasets.get("fashion-mnist")
    monkeypatch.setitem(datasets.DATASETS, "fashion-mnist", dataclasses.replace(info, system_folders=(str(folder),)))


def test_a_packaged_copy_is_read_in_place_when_the_root_lacks_it(tmp_path, monkeypatch):
    files = tiny_idx_files(seed=5)
    system = tmp_path / "usr-share" / "fashion-mnist"
    fake_system_copy(monkeypatch, system, files)
    root = tmp_path / "read-only-root"  # does not even exist: nothing is written anywhere

    loaded = data.ensure(root, allow_download=False, dataset="fashion-mnist")

    assert loaded.source == system and loaded.folder == system
    assert data.is_available(root, "fashion-mnist") and data.missing_files(root, "fashion-mnist")
    np.testing.assert_array_equal(loaded.test.images.numpy(), images_of(files, data.SPLIT_FILES["test"][0]))
    assert loaded.train.labels.dtype == torch.int64
    assert not root.exists()


def test_the_root_s_own_copy_wins_over_the_packaged_one(tmp_path, monkeypatch):
    fake_system_copy(monkeypatch, tmp_path / "system", tiny_idx_files(seed=5))
    own = write_stand_in(tmp_path / "root", "fashion-mnist", 6)
    loaded = data.load(tmp_path / "root", "fashion-mnist")
    assert loaded.source is None
    np.testing.assert_array_equal(loaded.train.images.numpy(), images_of(own, data.SPLIT_FILES["train"][0]))


def test_a_damaged_packaged_copy_is_reported_by_file(tmp_path, monkeypatch):
    files = tiny_idx_files(seed=5)
    name = data.SPLIT_FILES["train"][0]
    files[name] = files[name][:-100]
    system = tmp_path / "system"
    fake_system_copy(monkeypatch, system, files)
    with pytest.raises(data.DataError) as err:
        data.load(tmp_path / "root", "fashion-mnist")
    assert str(system / f"{name}.gz") in one_line(str(err.value)) and "truncated" in str(err.value)


# ------------------------------------------------------------------ downloading

def test_fashion_mnist_downloads_into_its_own_folder(mirror, tmp_path, no_system_copies):
    folder, url = mirror
    files = tiny_idx_files(seed=3)
    for name, content in files.items():
        (folder / f"{name}.gz").write_bytes(gzip.compress(content))
    root = tmp_path / "data"

    data.download(root, mirrors=[url], dataset="fashion-mnist")

    assert sorted(p.name for p in data.raw_folder(root, "fashion-mnist").iterdir()) == sorted(files)
    assert not (root / "MNIST").exists()
    assert len(data.load(root, "fashion-mnist").train) == TINY_TRAIN


def test_kmnist_offline_fails_with_one_line_and_leaves_nothing(tmp_path, monkeypatch, no_system_copies):
    from torchvision.datasets import KMNIST

    monkeypatch.setattr(KMNIST, "mirrors", [closed_port_url()])  # what "offline" looks like
    root = tmp_path / "data"
    with pytest.raises(data.DataError) as err:
        data.ensure(root, allow_download=True, dataset="kmnist")
    message = one_line(str(err.value))
    assert message.startswith("Could not download KMNIST into " + str(root / "KMNIST" / "raw"))
    assert "Check the network" in message
    assert [p for p in (root / "KMNIST").rglob("*") if p.name != "raw"] == []


# ------------------------------------------------------------------ checkpoints

def test_a_checkpoint_remembers_its_data_set_and_refuses_another(tmp_path):
    model = build_model("softmax")
    path = checkpoints.save(tmp_path / "fashion.pt", model, step=3, dataset="fashion-mnist")

    assert checkpoints.load(path).dataset == "fashion-mnist"
    assert checkpoints.load(path, expect_dataset="fashion-mnist").model_name == "softmax"
    with pytest.raises(checkpoints.CheckpointError) as err:
        checkpoints.load(path, expect_dataset="mnist")
    message = one_line(str(err.value))
    assert "trained on Fashion-MNIST" in message and "MNIST is in use" in message


def test_an_old_checkpoint_without_a_data_set_counts_as_mnist(tmp_path):
    path = checkpoints.save(tmp_path / "old.pt", build_model("softmax"))
    payload = torch.load(path, weights_only=True)
    del payload["dataset"]
    torch.save(payload, path)
    assert checkpoints.load(path).dataset == "mnist"
    with pytest.raises(checkpoints.CheckpointError):
        checkpoints.load(path, expect_dataset="kmnist")


# ------------------------------------------------------------------ the command line

def test_cli_trains_on_fashion_mnist_and_records_it(tmp_path, capsys, no_system_copies):
    write_stand_in(tmp_path / "data", "fashion-mnist", 1)
    out = tmp_path / "fashion.pt"
    code = run_main(["train", "--dataset", "fashion-mnist", "--data-dir", str(tmp_path / "data"), "--steps", "4",
                     "--batch-size", "8", "--device", "cpu", "--quiet", "--no-download", "--json",
                     "--checkpoint", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out.strip().splitlines()[-1])
    assert summary["dataset"] == "fashion-mnist" and summary["steps"] == 4
    assert checkpoints.load(out).dataset == "fashion-mnist"


def test_cli_without_the_data_set_says_where_it_looked(tmp_path, capsys, no_system_copies):
    write_stand_in(tmp_path, "mnist", 0)
    code = run_main(["--dataset", "fashion-mnist", "train", "--data-dir", str(tmp_path), "--steps", "1",
                     "--quiet", "--no-download"])
    err = capsys.readouterr().err
    assert code == 2
    line = one_line(err.strip())
    assert str(tmp_path / "FashionMNIST" / "raw") in line and "--no-download" in line


def test_cli_kmnist_offline_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, no_system_copies):
    from torchvision.datasets import KMNIST

    monkeypatch.setattr(KMNIST, "mirrors", [closed_port_url()])
    code = run_main(["train", "--dataset", "kmnist", "--data-dir", str(tmp_path), "--steps", "1", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert one_line(err.strip()).startswith("mnist-viz: error: Could not download KMNIST into")


def test_cli_refuses_an_unknown_data_set(capsys):
    assert run_main(["train", "--dataset", "cifar10"]) == 2
    assert "fashion-mnist" in one_line(capsys.readouterr().err.strip())


def test_cli_predict_names_the_classes_of_the_checkpoint_s_data_set(tmp_path, capsys):
    from PIL import Image

    model = build_model("softmax")
    with torch.no_grad():
        model.state_dict()["b"].copy_(torch.arange(10, dtype=torch.float32))  # always says class 9
    path = checkpoints.save(tmp_path / "boots.pt", model, dataset="fashion-mnist")
    image = np.full((40, 40), 255, dtype=np.uint8)
    image[10:30, 15:25] = 0
    Image.fromarray(image).save(tmp_path / "thing.png")

    assert run_main(["predict", str(tmp_path / "thing.png"), "--checkpoint", str(path)]) == 0
    assert ": 9 Ankle boot (" in capsys.readouterr().out
    assert run_main(["predict", str(tmp_path / "thing.png"), "--checkpoint", str(path), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out.strip())
    assert (answer["digit"], answer["label"], answer["dataset"]) == (9, "Ankle boot", "fashion-mnist")


# ------------------------------------------------------------------ the real Fashion-MNIST

@pytest.mark.skipif(not FASHION_SYSTEM_FOLDER.is_dir(),
                    reason="the real Fashion-MNIST is not installed (apt install dataset-fashion-mnist)")
def test_softmax_learns_the_real_fashion_mnist(tmp_path):
    fashion = data.ensure(tmp_path / "empty-root", allow_download=False, dataset="fashion-mnist")
    assert (len(fashion.train), len(fashion.test)) == (60_000, 10_000)
    assert fashion.source == FASHION_SYSTEM_FOLDER
    # The first training images are the well-known ankle boot, then two T-shirts.
    assert [fashion.class_names[k] for k in fashion.train.labels[:3].tolist()] == ["Ankle boot", "T-shirt/top",
                                                                                  "T-shirt/top"]
    config = preset("tutorial-softmax").replace(steps=300, eval_every=0, device="cpu")
    trainer = Trainer(config, fashion.train, fashion.test)
    finished = [event for event in trainer.run() if type(event).__name__ == "Finished"][-1]
    assert finished.test_accuracy > 0.7  # chance is 0.1; softmax regression ends near 0.84
