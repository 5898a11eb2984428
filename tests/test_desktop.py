"""Desktop integration: the launcher and icons, install-desktop / --uninstall, the app's identity,
and the one-line message when Qt's xcb platform cannot load."""

from __future__ import annotations

import configparser
import importlib.util
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mnist_viz.gui import desktop
from tests.helpers import one_line, run_main

ROOT = Path(__file__).resolve().parents[1]

linux_only = pytest.mark.skipif(sys.platform in ("win32", "cygwin", "darwin"),
                                reason="freedesktop launchers and xcb are Linux/BSD things")


def read_desktop_file(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# ----------------------------------------------------------------------------- shipped files
def test_the_shipped_launcher_metainfo_and_icons_agree():
    entry = read_desktop_file(desktop.desktop_entry_path())
    assert entry["Type"] == "Application" and entry["Name"] == "mnist-viz"
    assert entry["Exec"] == "mnist-viz" and entry["Icon"] == desktop.APP_ID and entry["Terminal"] == "false"
    assert "Education" in entry["Categories"].split(";")
    assert "Comment[ja]" in entry
    component = ET.parse(desktop.metainfo_path()).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == desktop.APP_ID
    assert component.findtext("launchable") == f"{desktop.APP_ID}.desktop"
    assert component.findtext("project_license") == "MIT"
    assert desktop.icon_path().read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in desktop.ICON_SIZES:
        assert png_size(desktop.icon_path(size)) == (size, size)


def test_the_icons_are_drawn_from_the_script():
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts" / "make_icons.py")
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)
    assert make_icons.SIZES == desktop.ICON_SIZES
    assert make_icons.main(["--check"]) == 0, "run scripts/make_icons.py"


def test_apply_identity_sets_the_desktop_file_name_and_the_icon(qapp):
    from PySide6.QtGui import QGuiApplication

    desktop.apply_identity(qapp)
    assert QGuiApplication.desktopFileName() == "mnist-viz"
    icon = qapp.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(48, 48).width() == 48


# ----------------------------------------------------------------------------- install-desktop
@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@linux_only
def test_install_desktop_puts_the_launcher_and_icons_in_xdg_data_home(data_home, capsys):
    assert run_main(["install-desktop"]) == 0
    out = capsys.readouterr().out
    launcher = data_home / "applications" / "mnist-viz.desktop"
    assert str(launcher) in out and "--uninstall" in out
    entry = read_desktop_file(launcher)
    command = desktop.launch_command()
    assert entry["Exec"] == " ".join(desktop.exec_quote(part) for part in command)
    assert entry["TryExec"] == command[0] and Path(command[0]).is_absolute()
    assert entry["Icon"] == "mnist-viz"
    hicolor = data_home / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / "mnist-viz.svg").read_bytes() == desktop.icon_path().read_bytes()
    for size in desktop.ICON_SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / "mnist-viz.png") == (size, size)


@linux_only
def test_uninstall_removes_exactly_what_install_wrote(data_home, capsys):
    # Someone else's files in the same folders, before and after the install.
    (data_home / "applications").mkdir(parents=True)
    other_launcher = data_home / "applications" / "other.desktop"
    other_launcher.write_text("[Desktop Entry]\nName=other\n")
    other_icon = data_home / "icons" / "hicolor" / "48x48" / "apps" / "other.png"
    other_icon.parent.mkdir(parents=True)
    other_icon.write_bytes(b"png")
    before = sorted(p for p in data_home.rglob("*"))

    assert run_main(["install-desktop"]) == 0
    assert run_main(["install-desktop"]) == 0  # again: replaces, still removable in one go
    late = data_home / "icons" / "hicolor" / "256x256" / "apps" / "later.png"
    late.write_bytes(b"png")  # written after the install into a folder install created
    capsys.readouterr()

    assert run_main(["install-desktop", "--uninstall"]) == 0
    assert "removed 9 files" in capsys.readouterr().out
    after = sorted(p for p in data_home.rglob("*"))
    assert after == sorted([*before, late, late.parent, late.parent.parent])  # only the now non-empty folders stay
    assert other_launcher.read_text().startswith("[Desktop Entry]") and other_icon.read_bytes() == b"png"


@linux_only
def test_uninstall_without_an_install_removes_nothing(data_home, capsys):
    launcher = data_home / "applications" / "mnist-viz.desktop"
    launcher.parent.mkdir(parents=True)
    launcher.write_text("[Desktop Entry]\nName=mine, by hand\n")
    assert run_main(["install-desktop", "--uninstall"]) == 0
    assert "nothing to remove" in capsys.readouterr().out
    assert launcher.exists()


@linux_only
def test_install_desktop_into_a_folder_it_cannot_write_is_one_line(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert run_main(["install-desktop"]) == 2
    assert "cannot write the launcher" in one_line(capsys.readouterr().err)


def test_a_relative_xdg_data_home_is_ignored_as_the_spec_says(monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert desktop.data_home() == Path.home() / ".local" / "share"


@pytest.mark.parametrize("argument, quoted", [
    ("/usr/bin/mnist-viz", "/usr/bin/mnist-viz"),
    ("/home/a b/venv/bin/mnist-viz", '"/home/a b/venv/bin/mnist-viz"'),
    ('/x/"q"/$HOME', r'"/x/\\"q\\"/\\$HOME"'),
    ("/opt/100%/mnist-viz", "/opt/100%%/mnist-viz"),
])
def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says(argument, quoted):
    assert desktop.exec_quote(argument) == quoted


def test_the_launcher_starts_the_script_beside_this_python_or_this_python_itself():
    command = desktop.launch_command()
    if len(command) == 1:
        assert Path(command[0]).name == "mnist-viz" and os.access(command[0], os.X_OK)
    else:
        assert command == [str(Path(sys.executable).absolute()), "-m", "mnist_viz"]


# ----------------------------------------------------------------------------- platform check
X11 = {"DISPLAY": ":0"}


@linux_only
def test_missing_xcb_libraries_are_named_with_their_debian_packages(monkeypatch):
    monkeypatch.setattr(desktop, "missing_libraries", lambda binary: ["libxcb-cursor.so.0", "libxcb-icccm.so.4"])
    problem = desktop.platform_problem(X11)
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in problem
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in problem
    assert "QT_QPA_PLATFORM=offscreen" in problem and "\n" not in problem


@linux_only
def test_a_library_without_a_known_package_is_still_named(monkeypatch):
    monkeypatch.setattr(desktop, "missing_libraries", lambda binary: ["libfoo.so.3", "libxcb-keysyms.so.1"])
    problem = desktop.platform_problem(X11)
    assert "libxcb-keysyms1" in problem and "the packages that provide libfoo.so.3" in problem


@linux_only
@pytest.mark.parametrize("environ", [
    {"QT_QPA_PLATFORM": "offscreen"},
    {"QT_QPA_PLATFORM": "wayland"},
    {"WAYLAND_DISPLAY": "wayland-0"},             # Qt may pick Wayland: the xcb libraries do not matter
    {"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"},
])
def test_no_check_where_qt_does_not_start_on_xcb(monkeypatch, environ):
    monkeypatch.setattr(desktop, "missing_libraries", lambda binary: pytest.fail("checked"))
    assert desktop.platform_problem(environ) is None


@linux_only
def test_no_display_is_said_in_one_line(monkeypatch):
    monkeypatch.setattr(desktop, "missing_libraries", lambda binary: [])
    assert desktop.platform_problem({"DISPLAY": ":0"}) is None
    assert "DISPLAY is not set" in desktop.platform_problem({})
    assert "DISPLAY is not set" in desktop.platform_problem({"QT_QPA_PLATFORM": "xcb"})


@linux_only
def test_the_app_says_what_is_missing_before_any_splash(monkeypatch, capsys, tmp_path):
    from mnist_viz import logs
    from mnist_viz.gui import splash

    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "log"))
    logs.shutdown()
    monkeypatch.setattr(desktop, "missing_libraries", lambda binary: ["libxcb-cursor.so.0"])
    monkeypatch.setattr(splash, "show_splash", lambda: pytest.fail("the splash came first"))
    for argv in ([], ["app"], ["open", "no-such-run"], ["screenshot", "out.png"]):
        assert run_main(argv) == 2
        line = one_line(capsys.readouterr().err)
        assert line.startswith("mnist-viz: error: Qt cannot open a window") and "libxcb-cursor0" in line
    logs.shutdown()


@linux_only
def test_ldd_output_is_read_for_every_missing_library(monkeypatch, tmp_path):
    import ctypes
    import subprocess

    def no_load(path):
        raise OSError("libxcb-icccm.so.4: cannot open shared object file: No such file or directory")

    ldd_out = ("\tlinux-vdso.so.1 (0x00007ffd)\n\tlibxcb-icccm.so.4 => not found\n"
               "\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f)\n\tlibxcb-keysyms.so.1 => not found\n")
    monkeypatch.setattr(ctypes, "CDLL", no_load)
    monkeypatch.setattr(desktop.shutil, "which", lambda name: "/usr/bin/ldd")
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, ldd_out, ""))
    assert desktop.missing_libraries(tmp_path / "libqxcb.so") == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    monkeypatch.setattr(desktop.shutil, "which", lambda name: None)  # no ldd: the loader's first complaint
    assert desktop.missing_libraries(tmp_path / "libqxcb.so") == ["libxcb-icccm.so.4"]


@linux_only
def test_the_offscreen_plugin_loads_here():
    """The real check on a real plugin: CI installs what the offscreen platform needs."""
    plugin = desktop.qt_platform_plugin("offscreen")
    assert plugin is not None and plugin.name == "libqoffscreen.so"
    assert desktop.missing_libraries(plugin) == []
