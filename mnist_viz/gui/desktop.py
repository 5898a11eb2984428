"""The app as a desktop citizen: its identity, its launcher, and whether a window can open.

* :func:`apply_identity` gives the QApplication its desktop file name (``mnist-viz``, so
  that Wayland compositors and task bars match windows with the launcher and its icon)
  and the app icon (every window without an icon of its own shows it).
* :func:`install_launcher` / :func:`uninstall_launcher` (``mnist-viz install-desktop
  [--uninstall]``) put the freedesktop launcher and the icons into the user's data folder
  (``$XDG_DATA_HOME``, by default ``~/.local/share``): ``applications/mnist-viz.desktop``
  and ``icons/hicolor/<N>x<N>/apps/mnist-viz.png``, ``icons/hicolor/scalable/apps/
  mnist-viz.svg``. What was written is listed in ``mnist-viz/desktop-install.json`` there,
  and ``--uninstall`` removes exactly that.
* :func:`platform_problem` tells, before any Qt window exists, whether Qt's xcb platform
  plugin can load; when shared libraries it needs are missing, it names the Debian
  packages that provide them (Qt itself only says "could not load the Qt platform plugin
  xcb" and aborts).

Only the standard library is imported at module level: ``install-desktop`` and the
platform check work without a display, and PySide6 is imported by :func:`apply_identity`
and :func:`app_icon` only.
"""

from __future__ import annotations

import ctypes
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from pathlib import Path

from ..core import atomic, resources

#: The desktop file's name without ``.desktop``, the icon's name and the AppStream id. Not a
#: reverse domain name: the project has no domain of its own to put there.
APP_ID = "mnist-viz"
#: The PNG renderings of the icon (scripts/make_icons.py).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: The file in the user data folder that lists what install-desktop wrote.
RECORD = Path("mnist-viz") / "desktop-install.json"


# ----------------------------------------------------------------------------- identity
def icon_path(size: int | None = None) -> Path:
    """The shipped icon: the SVG (``size=None``) or its ``size`` x ``size`` PNG."""
    name = f"{APP_ID}.svg" if size is None else f"{APP_ID}-{size}.png"
    return resources.path("icons", name)


def desktop_entry_path() -> Path:
    """The shipped freedesktop launcher (``Exec=mnist-viz``)."""
    return resources.path("desktop", f"{APP_ID}.desktop")


def metainfo_path() -> Path:
    """The shipped AppStream metadata (for software centres and distribution packages)."""
    return resources.path("desktop", f"{APP_ID}.metainfo.xml")


def app_icon():
    """The app icon as a QIcon: the SVG, with the PNGs for the sizes they were drawn at."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    icon = QIcon()
    if icon_path().exists():
        icon.addFile(str(icon_path()))
    for size in ICON_SIZES:
        if icon_path(size).exists():
            icon.addFile(str(icon_path(size)), QSize(size, size))
    return icon


def set_desktop_file_name() -> None:
    """The desktop file name, set before the QApplication exists, so that the first window has it."""
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.setDesktopFileName(APP_ID)


def apply_identity(app=None) -> None:
    """Give the application (``app``, else the running one) its desktop file name and icon.

    Call it where the QApplication is created, before the main window is shown. It can be
    called more than once.
    """
    from PySide6.QtGui import QGuiApplication

    set_desktop_file_name()
    app = app if app is not None else QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        app.setWindowIcon(app_icon())


# ----------------------------------------------------------------------------- launcher
class DesktopError(Exception):
    """install-desktop cannot do what was asked (one line for the user)."""


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME`` (when it is an absolute path, as the spec asks), else ``~/.local/share``."""
    environ = os.environ if environ is None else environ
    value = environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """How the launcher starts this installation: its ``mnist-viz`` script, else ``python -m mnist_viz``."""
    scripts = Path(sysconfig.get_path("scripts"))
    for folder in (scripts, Path(sys.executable).parent):
        script = folder / "mnist-viz"
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "mnist_viz"]


def exec_quote(argument: str) -> str:
    """One argument of a desktop file's Exec key (quoted and escaped as the spec says)."""
    if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", argument):
        quoted = argument
    else:
        quoted = '"' + re.sub(r'(["`$\\])', r"\\\1", argument) + '"'
    # Then the general escaping of a desktop file string value, and %% for a literal %.
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def launcher_text(command: list[str]) -> str:
    """The shipped .desktop file with Exec (and TryExec) pointing at ``command``."""
    lines = []
    for line in desktop_entry_path().read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            lines.append("Exec=" + " ".join(exec_quote(part) for part in command))
            lines.append("TryExec=" + command[0].replace("\\", "\\\\"))
        elif not line.startswith("TryExec="):
            lines.append(line)
    return "\n".join(lines) + "\n"


def launcher_targets(home: Path) -> dict[Path, Path | None]:
    """Where each installed file goes -> the shipped file it is copied from (None: the launcher)."""
    targets: dict[Path, Path | None] = {home / "applications" / f"{APP_ID}.desktop": None}
    hicolor = home / "icons" / "hicolor"
    targets[hicolor / "scalable" / "apps" / f"{APP_ID}.svg"] = icon_path()
    for size in ICON_SIZES:
        targets[hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = icon_path(size)
    return targets


def _check_platform() -> None:
    if sys.platform in ("win32", "cygwin", "darwin"):
        raise DesktopError("install-desktop adds a launcher to a freedesktop applications menu (Linux, BSD); "
                           "on Windows and macOS, start the app with mnist-viz-gui (or mnist-viz)")


def install_launcher(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the launcher and the icons under ``home`` (default: :func:`data_home`); returns the files.

    Files of an earlier install are replaced. The list of files (and of folders this
    created) is kept in ``home/mnist-viz/desktop-install.json`` for :func:`uninstall_launcher`.
    """
    _check_platform()
    home = data_home() if home is None else home
    command = launch_command() if command is None else command
    targets = launcher_targets(home)
    missing = [str(source) for source in targets.values() if source is not None and not source.is_file()]
    if not desktop_entry_path().is_file():
        missing.insert(0, str(desktop_entry_path()))
    if missing:
        raise DesktopError(f"this installation of mnist-viz lacks {missing[0]}; reinstall it")
    record_path = home / RECORD
    previous = _read_record(record_path)
    created: list[str] = list(previous.get("folders", [])) if previous else []
    written: list[Path] = []
    try:
        for target, source in targets.items():
            created += [str(folder) for folder in _make_folders(target.parent, home)]
            if source is None:
                atomic.write_bytes(target, launcher_text(command).encode("utf-8"))
                target.chmod(0o755)  # some desktops only trust executable launchers
            else:
                with open(source, "rb") as original:
                    atomic.write(target, lambda file, original=original: shutil.copyfileobj(original, file))
            written.append(target)
        created += [str(folder) for folder in _make_folders(record_path.parent, home)]
        files = sorted({*(str(path) for path in written), *(previous.get("files", []) if previous else [])})
        record = {"files": files, "folders": sorted(set(created)), "command": command}
        atomic.write_bytes(record_path, (json.dumps(record, indent=1) + "\n").encode("utf-8"))
    except OSError as err:
        raise DesktopError(f"cannot write the launcher under {home}: {err.strerror or err}") from None
    return written


def uninstall_launcher(home: Path | None = None) -> list[Path]:
    """Remove what :func:`install_launcher` wrote under ``home``; returns the files removed.

    Only the files listed in the record are removed (and the folders install created,
    when they are empty); without a record, nothing is.
    """
    _check_platform()
    home = data_home() if home is None else home
    record_path = home / RECORD
    record = _read_record(record_path)
    if record is None:
        return []
    removed = []
    try:
        for name in record.get("files", []):
            path = Path(name)
            if _inside(path, home) and (path.is_file() or path.is_symlink()):
                path.unlink()
                removed.append(path)
        record_path.unlink(missing_ok=True)
        folders = [Path(name) for name in record.get("folders", [])]
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            if _inside(folder, home) and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    except OSError as err:
        raise DesktopError(f"cannot remove the launcher under {home}: {err.strerror or err}") from None
    return removed


def _read_record(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _make_folders(folder: Path, home: Path) -> list[Path]:
    """mkdir -p ``folder``; returns the folders it created, outermost first."""
    new = []
    for parent in [*reversed(folder.parents), folder]:
        if _inside(parent, home) and not parent.exists():
            new.append(parent)
    folder.mkdir(parents=True, exist_ok=True)
    return new


def _inside(path: Path, home: Path) -> bool:
    try:
        return path.resolve().is_relative_to(home.resolve()) and path.resolve() != home.resolve()
    except OSError:
        return False


# ----------------------------------------------------------------------------- platform check
#: Shared libraries Qt's xcb plugin (and QtGui under it) needs -> the Debian/Ubuntu package.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libpng16.so.16": "libpng16-16",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}


def qt_platform_plugin(name: str = "xcb") -> Path | None:
    """The PySide6 wheel's platform plugin ``libq<name>.so`` (None where PySide6 has none)."""
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing Qt
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / f"libq{name}.so"
        if plugin.exists():
            return plugin
    return None


def first_platform(environ: Mapping[str, str]) -> str | None:
    """The platform plugin Qt will try first on this Linux/BSD system; None where not known."""
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return requested.split(";")[0].split(":")[0].strip().lower() or None
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return None  # Qt may choose Wayland here, which needs none of the xcb libraries
    return "xcb"


def missing_libraries(binary: Path) -> list[str]:
    """The shared libraries ``binary`` needs (directly or not) that cannot be found; [] if it loads."""
    try:
        ctypes.CDLL(str(binary))  # the fast answer: it loads (Qt would load it next anyway)
        return []
    except OSError as err:
        first = re.search(r"([^\s:]+\.so[.\d]*): cannot open shared object file", str(err))
    missing: list[str] = []
    ldd = shutil.which("ldd")
    if ldd:
        try:
            out = subprocess.run([ldd, str(binary)], capture_output=True, text=True, timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        missing = sorted({m.group(1) for m in re.finditer(r"^\s*(\S+)\s+=>\s+not found", out, re.MULTILINE)})
    if not missing and first:
        missing = [first.group(1)]
    return missing


def platform_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why Qt could not open a window here (one line for the user), or None when it should.

    Checked only where Qt will use its xcb platform (X11 on Linux and the BSDs): that the
    xcb plugin's shared libraries are installed, then that there is a display.
    """
    environ = os.environ if environ is None else environ
    if sys.platform in ("win32", "cygwin", "darwin") or first_platform(environ) != "xcb":
        return None
    plugin = qt_platform_plugin("xcb")
    if plugin is None:
        return None  # not a PySide6 wheel we know: let Qt speak for itself
    missing = missing_libraries(plugin)
    if missing:
        packages = sorted({DEBIAN_PACKAGES[lib] for lib in missing if lib in DEBIAN_PACKAGES})
        unknown = [lib for lib in missing if lib not in DEBIAN_PACKAGES]
        install = f"sudo apt-get install {' '.join(packages)}" if packages else ""
        if unknown:
            install += (" and " if install else "") + "the packages that provide " + ", ".join(unknown)
        return (f"Qt cannot open a window: its xcb platform plugin needs {', '.join(missing)}, "
                f"which {'is' if len(missing) == 1 else 'are'} not installed. On Debian or Ubuntu: {install} "
                "(without a screen, QT_QPA_PLATFORM=offscreen draws off screen)")
    if not environ.get("DISPLAY"):
        return ("there is no display to open the window on (DISPLAY is not set): start mnist-viz in a desktop "
                "session or over ssh -X; the sub-commands train, predict, export and experiment need no display")
    return None
