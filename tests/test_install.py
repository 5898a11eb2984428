"""Packaging: the wheel carries the shipped files, an installed copy finds them, the metadata holds.

The wheel is built here with setuptools' own backend (no network, no build isolation) from
a copy of the sources, unpacked into a folder that stands for site-packages, and imported
from there by a fresh Python in another working folder: the same layout ``pip install``
gives. scripts/check_wheel.sh (run by .ci/run) does the real thing with pip and a venv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import mnist_viz
from mnist_viz.core import checkpoints, resources
from tests.shipped import require_pretrained

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

#: What the wheel must carry, under mnist_viz/resources/.
SHIPPED = ["pretrained/cnn.pt", "pretrained/softmax.pt", "pretrained/softmax-plain.pt", "translations/mnist_viz_ja.qm",
           "icons/mnist-viz.svg", *(f"icons/mnist-viz-{n}.png" for n in (16, 24, 32, 48, 64, 128, 256)),
           "desktop/mnist-viz.desktop", "desktop/mnist-viz.metainfo.xml"]


def source_packages() -> set[str]:
    """Every package of the source tree: a folder under mnist_viz/ with an __init__.py."""
    return {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "mnist_viz").rglob("__init__.py")
            if "__pycache__" not in init.parts}


def test_the_checkout_holds_the_shipped_files():
    require_pretrained()
    for name in SHIPPED:
        assert (ROOT / "resources" / name).is_file(), f"resources/{name} is missing from the checkout"


def test_a_checkout_finds_resources_beside_the_package():
    assert resources.root() == ROOT / "resources"
    assert checkpoints.pretrained_path("cnn") == ROOT / "resources" / "pretrained" / "cnn.pt"


def test_every_package_is_listed_in_pyproject():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    missing = source_packages() - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml (or the wheel lacks it)"
    assert listed - source_packages() == {"mnist_viz.resources"}
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"mnist_viz.resources": "resources"}


def test_the_version_is_written_once():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "mnist_viz.__version__"}
    assert mnist_viz.__version__.count(".") == 2


def test_metadata():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert not any(c.startswith("License ::") for c in project["classifiers"])  # PEP 639: the expression only
    assert project["authors"] and project["keywords"]
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]
    assert project["scripts"] == {"mnist-viz": "mnist_viz.cli:main"}
    assert project["gui-scripts"] == {"mnist-viz-gui": "mnist_viz.cli:main_gui"}
    for requirement in project["dependencies"]:  # no cap that a newer, working release would hit
        name = requirement.split(">")[0].split("<")[0].split("=")[0].strip()
        if name in ("torch", "torchvision"):
            assert "<" not in requirement, requirement
        if "<" in requirement:
            assert "python_version" in requirement, f"{requirement}: a cap only where it was seen needed"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (setuptools.build_meta, in a subprocess)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "mnist_viz", src / "mnist_viz", ignore=ignore)
    shutil.copytree(ROOT / "resources", src / "resources", ignore=ignore)
    out = tmp_path_factory.mktemp("dist")
    build = ("import sys; from setuptools import build_meta; "
             "print(build_meta.build_wheel(sys.argv[1]))")
    result = subprocess.run([sys.executable, "-c", build, str(out)], cwd=src, capture_output=True, text=True,
                            timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return out / result.stdout.strip().splitlines()[-1]


def test_the_wheel_carries_the_shipped_files_and_every_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in SHIPPED:
        assert f"mnist_viz/resources/{name}" in names
    assert not [n for n in names if "screenshots" in n or n.endswith(".ts")]  # those stay in the repository
    for package in source_packages():
        assert package.replace(".", "/") + "/__init__.py" in names, f"the wheel lacks {package}"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert f"Version: {mnist_viz.__version__}\n" in text
    assert "License-Expression: MIT\n" in text
    entry_points = zipfile.ZipFile(wheel).read(metadata.replace("METADATA", "entry_points.txt")).decode()
    assert "[gui_scripts]\nmnist-viz-gui = mnist_viz.cli:main_gui" in entry_points


def test_an_installed_copy_finds_its_models_and_translation_from_any_folder(wheel, tmp_path):
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = """
import sys
from pathlib import Path
site = Path(sys.argv[1]).resolve()
import mnist_viz
from mnist_viz.core import checkpoints, resources
from mnist_viz.gui import desktop, i18n
from PySide6.QtCore import QCoreApplication, QTranslator
app = QCoreApplication([])
assert Path(mnist_viz.__file__).resolve().parent == site / "mnist_viz", mnist_viz.__file__
assert resources.root() == site / "mnist_viz" / "resources", resources.root()
for path in (checkpoints.pretrained_path("cnn"), checkpoints.pretrained_path("softmax"), i18n.qm_path("ja"),
             desktop.icon_path(), desktop.icon_path(48), desktop.desktop_entry_path(), desktop.metainfo_path()):
    assert path.is_file() and site in path.parents, path
translator = QTranslator()
assert translator.load(str(i18n.qm_path("ja")))
assert translator.translate("LanguageChoice", i18n.ENGLISH_NAMES["en"]) == "英語"
model, checkpoint = checkpoints.load_model(checkpoints.pretrained_path("cnn"))
print("ok", checkpoint.model_name)
"""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MNIST_VIZ_LANG")}
    env["PYTHONPATH"] = str(site)  # before site-packages, where the editable install points at the checkout
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = subprocess.run([sys.executable, "-c", probe, str(site)], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["ok", "cnn"]
