"""Fixtures shared by every test folder: the real MNIST, loaded once per session.

Tests that need it use ``real_mnist`` and skip, saying why, when $MNIST_VIZ_DATA does
not hold the four MNIST files.

The suite runs in parallel with pytest-xdist (README: ``pytest -n 2 --dist loadfile``):
every worker is its own process with its own temporary folders, QSettings folder,
environment and QApplication, and takes its share of the cores as torch threads (below).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

import pytest


def _share_the_cores_among_xdist_workers() -> None:
    """Under ``pytest -n N`` each worker gets cores/N torch threads (at least one).

    torch otherwise starts one thread per core in every worker: two workers on two cores
    would run four spinning threads, and the same steps took several times longer (see
    ``one_torch_thread``). Set before torch is imported, so that the app's own choice of
    threads (core.training.training_threads) starts from the share, and subprocesses the
    tests start inherit it. A value the caller set is kept.
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 0)
    if workers < 2:
        return
    share = max(1, (os.cpu_count() or 1) // workers)
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(share))
    if "torch" in sys.modules:  # a plugin imported it first: too late for the variables
        sys.modules["torch"].set_num_threads(int(os.environ["OMP_NUM_THREADS"]))


_share_the_cores_among_xdist_workers()

from mnist_viz.core import data  # noqa: E402  (after the threads are set)


def real_mnist_root() -> Path | None:
    """The folder $MNIST_VIZ_DATA names, if it holds all four MNIST files."""
    env = os.environ.get(data.ENV_VAR)
    if not env:
        return None
    root = Path(env).expanduser()
    return None if data.missing_files(root) else root


@pytest.fixture(scope="session")
def real_mnist() -> data.Mnist:
    """The real MNIST, loaded once per test session (skips when it is not there)."""
    root = real_mnist_root()
    if root is None:
        env = os.environ.get(data.ENV_VAR)
        where = f"{data.ENV_VAR}={env}" if env else f"{data.ENV_VAR} is not set"
        pytest.skip(f"real MNIST not available ({where}); set {data.ENV_VAR} to a folder holding MNIST/raw/")
    return data.load(root)


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosaves and the log go to a temporary folder, never the user's (subprocesses too)."""
    folder = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("MNIST_VIZ_AUTOSAVE_DIR", str(folder / "autosave"))
    monkeypatch.setenv("MNIST_VIZ_LOG_DIR", str(folder / "log"))
    monkeypatch.delenv("MNIST_VIZ_LANG", raising=False)
    yield
    if "mnist_viz.gui.collector" in sys.modules:  # the GUI thread collects (after a GUI test):
        sys.modules["mnist_viz.gui.collector"].collect_if_due()  # tests that run no event loop too


@pytest.fixture
def one_torch_thread():
    """One intra-op thread for the test, then the previous setting.

    The tests' tensors are tiny, so a second thread buys nothing; on a machine whose cores
    are busy (CI runners, or other trainings) torch's spinning worker threads made the
    same steps up to ten times slower.
    """
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture
def mirror(tmp_path):
    """A web server on 127.0.0.1 serving a folder; yields (folder, url)."""
    folder = tmp_path / "mirror"
    folder.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
