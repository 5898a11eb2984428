"""Importing PyTorch behind the window without freezing it.

``import torch`` takes 2-4 s on two cores, and a plain import in a background thread still
stalls the GUI thread for up to half a second at a time, because the import holds Python's
GIL where the GUI thread needs it:

* the dynamic loader maps and initialises torch's shared libraries (libtorch_cpu.so alone
  is 426 MB, with thousands of operator registrations run as static initialisers) inside
  ``ctypes.CDLL`` and the import of ``torch._C``, both of which keep the GIL for the whole
  ``dlopen`` on CPython 3.11;
* the garbage collector's full passes over the hundreds of thousands of objects torch's
  modules create, also with the GIL, a third of the import's time.

So this module ``dlopen``s those libraries first, in torch's own order and with torch's own
flags, through a ctypes call of libc's ``dlopen`` (ctypes releases the GIL around foreign
calls): the loader's work then runs on the other core while the window paints, and torch's
own loads find the libraries already there. The Python part of the import then runs with
the collector paused (it creates no garbage worth collecting); once start-up is over, what
it built is moved out of the collector's sight (:func:`gc.freeze`), so that later full
passes, during training, do not walk it either.

Everything here is best-effort: where a library cannot be preloaded (another platform,
another torch build), the plain import does the work and reports the errors, as before.
It imports no Qt and no torch at module level (the window imports it at start-up).
"""

from __future__ import annotations

import ctypes
import gc
import glob
import importlib
import os
import re
import sys
import threading
import time
from pathlib import Path

from . import logs

#: torch's CUDA component libraries, in the order torch/__init__.py preloads them
#: (``_preload_cuda_deps``: "Order matters!"): (folder under nvidia/, file name pattern).
CUDA_LIBRARIES = [
    ("cublas", "libcublasLt.so.*[0-9]"), ("cublas", "libcublas.so.*[0-9]"), ("cudnn", "libcudnn.so.*[0-9]"),
    ("cuda_nvrtc", "libnvrtc.so.*[0-9]"), ("cuda_nvrtc", "libnvrtc-builtins.so.*[0-9]"),
    ("cuda_runtime", "libcudart.so.*[0-9]"), ("cuda_cupti", "libcupti.so.*[0-9]"), ("cufft", "libcufft.so.*[0-9]"),
    ("curand", "libcurand.so.*[0-9]"), ("nvjitlink", "libnvJitLink.so.*[0-9]"),
    ("cusparse", "libcusparse.so.*[0-9]"), ("cusparselt", "libcusparseLt.so.*[0-9]"),
    ("cusolver", "libcusolver.so.*[0-9]"), ("nccl", "libnccl.so.*[0-9]"), ("nvshmem", "libnvshmem_host.so.*[0-9]"),
    ("cufile", "libcufile.so.*[0-9]"), ("nvtx", "libnvToolsExt.so.*[0-9]"),
]
#: torch's own libraries below torch._C, dependencies first (what ``from torch._C import *`` loads).
TORCH_LIBRARIES = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so",
                   "libtorch_python.so"]

_lock = threading.Lock()
_thread: threading.Thread | None = None
_gc_pauses = 0
_gc_was_enabled = True
#: Whether the end of the last pause of the collector freezes what exists (the app's start-up).
_freeze_when_resumed = False
_window_pause = False
_startup_pause = False
#: The longest start-up keeps collection paused after the window is shown (a start that waits
#: on the data's download dialog must not go without collection for long).
STARTUP_PAUSE_MAX_S = 20.0
#: True once the GUI runs the collector itself, on its own thread (gui/collector.py): the end
#: of a pause then leaves automatic collection off.
_collected_by_gui = False
#: The GIL's switch interval while torch is imported (Python's default is 5 ms): the GUI
#: thread, which gives the GIL up around most Qt calls, waits at most this long to get it
#: back from the importing thread.
IMPORT_SWITCH_INTERVAL_S = 0.001
#: What the last preload did: seconds, how many libraries, and why it stopped early (or "").
report: dict[str, object] = {}


def torch_folder() -> Path | None:
    """The installed torch package's folder, found as ``import torch`` would (first on sys.path),
    without importing it or asking the import system (which would count as an import)."""
    for entry in sys.path:
        folder = Path(entry or ".") / "torch"
        if (folder / "__init__.py").is_file():
            return folder
    return None


def _cuda_major(folder: Path) -> str | None:
    """The CUDA major version torch was built for ("13"), read from torch/version.py; None for a CPU build."""
    try:
        found = re.search(r"^cuda\b[^=]*=\s*['\"](\d+)", (folder / "version.py").read_text(), re.MULTILINE)
    except OSError:
        return None
    return found.group(1) if found else None


def libraries(folder: Path) -> list[tuple[Path, int]]:
    """The shared libraries ``import torch`` loads and the dlopen flags it loads them with, in its order."""
    lib = folder / "lib"
    order: list[tuple[Path, int]] = []
    global_deps = lib / "libtorch_global_deps.so"
    if global_deps.is_file():
        order.append((global_deps, os.RTLD_NOW | os.RTLD_GLOBAL))
    major = _cuda_major(folder)
    if major is not None:  # torch's _get_cuda_dep_paths: nvidia/<folder>/lib, nvidia/cuNN/lib, <folder>/lib
        for lib_folder, pattern in CUDA_LIBRARIES:
            for entry in sys.path:
                base = Path(entry or ".")
                found = (glob.glob(str(base / "nvidia" / lib_folder / "lib" / pattern))
                         + glob.glob(str(base / "nvidia" / f"cu{major}" / "lib" / pattern))
                         + glob.glob(str(base / lib_folder / "lib" / pattern)))
                if found:
                    order.append((Path(found[0]), os.RTLD_NOW | os.RTLD_LOCAL))
                    break
    order += [(lib / name, os.RTLD_NOW | os.RTLD_LOCAL) for name in TORCH_LIBRARIES if (lib / name).is_file()]
    return order


def load_libraries() -> None:
    """dlopen torch's shared libraries with the GIL released (see the module's docstring).

    Stops at the first library that does not load: the import then loads it and says why."""
    started = time.perf_counter()
    report.clear()
    report.update(seconds=0.0, libraries=0, stopped="")
    folder = torch_folder()
    if not sys.platform.startswith("linux") or folder is None or "torch" in sys.modules:
        report["stopped"] = "not needed" if "torch" in sys.modules else "not Linux, or no torch found"
        return
    if os.environ.get("TORCH_USE_RTLD_GLOBAL"):  # torch then loads itself another way: leave it be
        report["stopped"] = "TORCH_USE_RTLD_GLOBAL is set"
        return
    libc = ctypes.CDLL(None)  # a CDLL (not a PyDLL): ctypes releases the GIL around each call
    libc.dlopen.restype = ctypes.c_void_p
    libc.dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
    libc.dlerror.restype = ctypes.c_char_p
    for path, flags in libraries(folder):
        if libc.dlopen(os.fsencode(path), flags) is None:
            error = libc.dlerror()
            report["stopped"] = f"{path.name}: {error.decode(errors='replace') if error else 'failed'}"
            break
        report["libraries"] = int(report["libraries"]) + 1  # (never dlclose'd: torch keeps them too)
    report["seconds"] = round(time.perf_counter() - started, 3)
    logs.get("gui").info("preloaded %s of torch's libraries in %.2f s%s", report["libraries"], report["seconds"],
                         f" (stopped: {report['stopped']})" if report["stopped"] else "")


def pause_collector() -> None:
    """No garbage collection until the matching :func:`resume_collector` (uses from any thread add up)."""
    global _gc_pauses, _gc_was_enabled
    with _lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1


def resume_collector(freeze: bool = False) -> None:
    """The end of one :func:`pause_collector`. With ``freeze``, where :func:`start` asked for
    it (the app's start-up, once), the last one out freezes the objects that exist then
    (modules, the window: they live as long as the app), so that no later pass walks them.
    The cyclic garbage the imports left (some 7,000 objects for torch) is kept with them:
    collecting it would take the GIL for half a second, the very stall this avoids."""
    global _gc_pauses, _freeze_when_resumed
    with _lock:
        if _gc_pauses == 0:
            return
        _gc_pauses -= 1
        if _gc_pauses == 0:
            if freeze and _freeze_when_resumed:
                _freeze_when_resumed = False
                gc.freeze()
            if _gc_was_enabled and not _collected_by_gui:
                gc.enable()


def collector_paused() -> bool:
    """True between a :func:`pause_collector` and its :func:`resume_collector` (any thread)."""
    return _gc_pauses > 0


def collected_by_gui() -> None:
    """The GUI thread collects garbage from now on (automatic collection stays off): a pause's
    end must not switch automatic collection back on."""
    global _collected_by_gui, _gc_was_enabled
    with _lock:
        _collected_by_gui = True
        _gc_was_enabled = False


def _preload() -> None:
    try:
        load_libraries()
    except Exception as err:  # noqa: BLE001 (best-effort: the import itself reports what is wrong)
        report["stopped"] = f"{type(err).__name__}: {err}"
        logs.get("gui").warning("could not preload torch's libraries: %s", err)


def start() -> None:
    """The app starts (the splash is up): begin loading torch's libraries on another thread
    (Linux; once), and pause the collector until :func:`window_shown`.

    That loading needs no GIL, so it overlaps the building of the window; :func:`import_torch`
    waits for it. The thread is not a daemon: a Ctrl+C meanwhile exits once it is done, never
    from inside the dynamic loader."""
    global _thread, _freeze_when_resumed, _window_pause, _startup_pause
    with _lock:
        if _thread is not None or "torch" in sys.modules:
            return
        _freeze_when_resumed = True
        _thread = threading.Thread(target=_preload, name="torch-preload")
        _thread.start()
    pause_collector()  # building the window makes tens of thousands of objects, none of them garbage
    _window_pause = True
    pause_collector()  # and so do torch's import and the data's loading: until startup_done()
    _startup_pause = True


def window_shown() -> None:
    """The window is on screen: the collector runs again (until torch's import pauses it)."""
    global _window_pause
    if _window_pause:
        _window_pause = False
        # The window's objects, made while collection was paused, live as long as the app: out of
        # the collector's sight, or the first pass after the pause walks them all (30-50 ms of
        # the GUI thread while torch loads, the longest block there).
        gc.freeze()
        resume_collector()


def startup_done() -> None:
    """Start-up is over (the data is loaded, or could not be, or STARTUP_PAUSE_MAX_S passed):
    what it made is frozen and the collector runs again. Until then no pass runs: each one,
    over the objects torch's import and the loading had just made, held the GUI thread for
    30-50 ms while the window waited for them."""
    global _startup_pause
    with _lock:
        if not _startup_pause:
            return
        _startup_pause = False
    gc.freeze()
    resume_collector()


def wait(timeout_s: float | None = None) -> None:
    """Let a preload started by :func:`start` end (the process must not exit inside dlopen)."""
    thread = _thread
    if thread is not None:
        thread.join(timeout_s)


def import_torch() -> None:
    """Worker side: import torch and the training code, preloading torch's libraries first
    (if :func:`start` has not), with the collector paused. Raises what the import raises."""
    if "mnist_viz.core.training" in sys.modules:
        return
    if _thread is None:
        _preload()
    else:
        wait()
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, IMPORT_SWITCH_INTERVAL_S))
    pause_collector()
    started = time.perf_counter()
    try:
        importlib.import_module("mnist_viz.core.training")
    finally:
        sys.setswitchinterval(switch_interval)
        resume_collector(freeze=True)
    report["import_seconds"] = round(time.perf_counter() - started, 3)
    logs.get("gui").info("imported torch in %.2f s (its libraries preloaded: %s)", report["import_seconds"],
                         report.get("libraries", 0))
