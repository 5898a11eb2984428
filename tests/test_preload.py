"""Loading PyTorch without freezing the window (mnist_viz/preload.py): torch's shared libraries
are loaded in torch's own order with the GIL released, then torch imports and works, and the
garbage collector runs again afterwards.

The test process imported torch long ago: the loading itself is watched in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mnist_viz import preload

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the preload is for Linux")

CHILD = textwrap.dedent("""
    import gc, json, threading, time
    from mnist_viz import preload
    planned = [path.name for path, _ in preload.libraries(preload.torch_folder())]
    preload.start()
    # While the libraries load on the other thread, this (main) thread keeps running Python:
    # it could not if the loading held the GIL (as ctypes.CDLL and an extension's import do).
    turns = 0
    while preload._thread.is_alive():
        turns += 1
        time.sleep(0.001)
    collector_paused_meanwhile = not gc.isenabled()
    preload.window_shown()
    collector_back_after_window = gc.isenabled()
    frozen_after_window = gc.get_freeze_count()
    preload.import_torch()
    collector_paused_until_startup_done = not gc.isenabled()
    preload.startup_done()  # the app calls it once the data is in
    import torch
    out = torch.nn.Conv2d(1, 2, 5)(torch.zeros(1, 1, 28, 28))
    maps = open("/proc/self/maps").read()
    print("REPORT " + json.dumps({
        "planned": planned, "report": preload.report, "turns": turns,
        "collector_paused_meanwhile": collector_paused_meanwhile,
        "collector_back_after_window": collector_back_after_window, "frozen_after_window": frozen_after_window,
        "collector_paused_until_startup_done": collector_paused_until_startup_done,
        "collector_enabled": gc.isenabled(), "frozen": gc.get_freeze_count(),
        "shape": list(out.shape), "cpu_copies": len({line.split()[-1] for line in maps.splitlines()
                                                     if line.endswith("libtorch_cpu.so")}),
    }), flush=True)
""")


def test_torchs_libraries_are_planned_in_torchs_order_with_its_flags():
    import torch

    folder = preload.torch_folder()
    assert folder == Path(torch.__file__).parent
    planned = preload.libraries(folder)
    names = [path.name for path, _ in planned]
    assert all(path.is_file() for path, _ in planned)
    # libtorch_global_deps first and global, as torch/__init__.py's _load_global_deps does
    assert names[0] == "libtorch_global_deps.so" and planned[0][1] & os.RTLD_GLOBAL
    assert all(not flags & os.RTLD_GLOBAL for _, flags in planned[1:])
    # dependencies before what needs them; torch's "Order matters!" for cuBLAS
    assert names.index("libc10.so") < names.index("libtorch_cpu.so") < names.index("libtorch.so") \
        < names.index("libtorch_python.so")
    if torch.version.cuda:
        cublas = [name for name in names if name.startswith("libcublas")]
        assert cublas[0].startswith("libcublasLt"), cublas


def test_the_libraries_load_with_the_gil_released_and_torch_then_works():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=240,
                          env=dict(os.environ, PYTHONFAULTHANDLER="1"))
    assert done.returncode == 0, done.stderr
    report = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("REPORT "))[7:])
    assert report["report"]["stopped"] == "", report["report"]
    assert report["report"]["libraries"] == len(report["planned"])
    # The main thread ran all along (a GIL held per library would allow about one turn each).
    assert report["turns"] > 3 * len(report["planned"]), report
    assert report["collector_paused_meanwhile"] is True
    # and stays paused through torch's import and the data's loading, until start-up is done
    assert report["collector_back_after_window"] is False
    assert report["collector_paused_until_startup_done"] is True
    # What was made while the window was built lives as long as the app: frozen, so that the
    # first pass after the pause does not walk it all on the GUI thread (30-50 ms while torch loads).
    assert report["frozen_after_window"] > 1_000, report
    # torch imported on top of the preloaded libraries (one libtorch_cpu, not a second copy) and works
    assert report["shape"] == [1, 2, 24, 24]
    assert report["cpu_copies"] == 1
    # The collector runs again; what start-up built is frozen out of its passes.
    assert report["collector_enabled"] is True
    assert report["frozen"] > 100_000
