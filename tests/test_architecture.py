"""The shape of the code, checked: the layering (import-linter's contracts in .importlinter),
the size of the GUI's modules, and that a new panel is one module plus one line."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: No module of the GUI may grow past this many lines: split it along its jobs instead.
MAX_GUI_MODULE_LINES = 600


def lint_imports() -> str:
    here = Path(sys.executable).parent / "lint-imports"
    found = str(here) if here.exists() else shutil.which("lint-imports")
    if found is None:
        pytest.fail("lint-imports is not installed: pip install -e '.[test]' brings import-linter")
    return found


def test_the_import_contracts_hold():
    """core imports no Qt; panels import neither torch nor the trainer nor the worker; no cycles."""
    result = subprocess.run([lint_imports(), "--config", str(ROOT / ".importlinter")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "4 kept, 0 broken" in result.stdout


def test_a_broken_layering_is_caught(tmp_path):
    """The contracts can fail: a core module that imports Qt breaks them."""
    copy = tmp_path / "mnist_viz"
    shutil.copytree(ROOT / "mnist_viz", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "core" / "leak.py").write_text("from PySide6.QtCore import QObject\n")
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    result = subprocess.run([lint_imports()], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "mnist_viz.core is not allowed to import PySide6" in result.stdout


def test_no_gui_module_is_a_god_object():
    long = {str(path.relative_to(ROOT)): n for path in (ROOT / "mnist_viz" / "gui").rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_GUI_MODULE_LINES}
    assert long == {}, f"split these along their jobs: {long}"


def test_only_the_worker_hands_out_its_trainer():
    """Data flows one way: the window's parts learn a run from the view state's live weights
    and the worker's events (issue 12, item 4), never by reaching for ``worker.trainer``
    (autosave and File > Save model... once read the trainer's step, config and weights)."""
    pattern = re.compile(r"\.trainer\b(?!_)")
    readers = {str(path.relative_to(ROOT)): [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                                             if pattern.search(line)]
               for path in (ROOT / "mnist_viz" / "gui").rglob("*.py")
               if path.name != "worker.py"}
    assert {path: lines for path, lines in readers.items() if lines} == {}
