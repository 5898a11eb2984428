"""The window's saved settings: where they live, what is kept, and how a bad file is survived.

Window geometry, dock layout, the snapshot rate, the control panel's last training
settings and whether the first-run "Start here" page has been shown
(:func:`start_page_seen`) are kept with QSettings (INI format, organisation and application "mnist-viz";
tests point QSettings at a temporary folder). A file that cannot be read, one written by
another settings version, or a value of the wrong type is ignored: defaults are used and
one log line says what was left out (:attr:`WindowSettings.problems`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from .. import logs
from ..core.config import TrainConfig

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from .controls import ControlPanel
    from .hub import PanelHub
    from .layout import DockLayout

ORGANIZATION = APPLICATION = "mnist-viz"
#: Bump when the docks change so that an old saved layout is not applied to new docks.
DOCK_STATE_VERSION = 1
#: Bump when saved settings change meaning: a file of another version is ignored (defaults, one log line).
SETTINGS_VERSION = 1


def app_settings() -> QSettings:
    """The app's settings (an INI file in the user's config folder; tests redirect it)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


#: The key that remembers that the first-run "Start here" page has been shown.
START_PAGE_KEY = "help/start_page_seen"


def start_page_seen() -> bool:
    """True once the "Start here" page has been shown (it is shown by itself on the first run only)."""
    value = app_settings().value(START_PAGE_KEY, False)
    return value is True or str(value).strip().lower() in ("true", "1", "yes")


def mark_start_page_seen() -> None:
    settings = app_settings()
    settings.setValue(START_PAGE_KEY, True)
    settings.sync()


class WindowSettings:
    """Reads and writes what the window keeps between sessions."""

    def __init__(self, window: QMainWindow, controls: ControlPanel, hub: PanelHub, layout: DockLayout) -> None:
        self.window = window
        self.controls = controls
        self.hub = hub
        self.layout = layout
        #: What of the saved settings was unusable and left at its default (also in the log).
        self.problems: list[str] = []
        #: The device chosen last time (a GPU is selected once torch finds it).
        self.saved_device: str | None = None
        self.geometry_restored = False

    def restore(self) -> None:
        """Apply the saved settings; anything unreadable is left at its default, with one log line."""
        settings = app_settings()
        problems: list[str] = []
        try:
            if settings.status() != QSettings.Status.NoError:
                problems.append(f"the file could not be read ({settings.status().name})")
                return
            version = settings.value("settings/version")
            if version is not None and str(version).strip() != str(SETTINGS_VERSION):
                problems.append(f"it was written with settings version {version!r}, this version "
                                f"reads {SETTINGS_VERSION}: all of it")
                return
            geometry = settings.value("window/geometry")
            self.geometry_restored = isinstance(geometry, QByteArray) and self.window.restoreGeometry(geometry)
            if geometry is not None and not self.geometry_restored:
                problems.append("window/geometry (not a window position)")
            self.restore_training(settings, problems)
            state = settings.value("window/state")
            if isinstance(state, QByteArray):
                self.layout.restored = self.window.restoreState(state, DOCK_STATE_VERSION)
                if self.layout.restored:
                    self.layout.place_new_docks()
            if state is not None and not self.layout.restored:
                problems.append("window/state (not a panel layout of this version)")
            auto_hidden = settings.value("window/auto_hidden", "")
            names = auto_hidden if isinstance(auto_hidden, list) else str(auto_hidden or "").split(",")
            self.layout.auto_hidden = {name for name in names if name in self.hub.docks}
            rate = settings.value("view/snapshot_rate")
            try:
                if rate is not None and float(rate) > 0 and float(rate) != float("inf"):
                    self.hub.set_snapshot_rate(float(rate))
                elif rate is not None:
                    problems.append(f"view/snapshot_rate={rate!r}")
            except (TypeError, ValueError):
                problems.append(f"view/snapshot_rate={rate!r}")
            pace = settings.value("view/pace")  # steps a second at most; 0: as fast as possible
            try:
                if pace is not None and 0 <= float(pace) < float("inf"):
                    self.controls.set_pace(float(pace) or None)
                elif pace is not None:
                    problems.append(f"view/pace={pace!r}")
            except (TypeError, ValueError):
                problems.append(f"view/pace={pace!r}")
        except Exception as err:  # noqa: BLE001 - a settings file must never stop the app
            problems.append(f"{type(err).__name__}: {err}")
        finally:
            if problems:
                logs.get("gui").warning("settings in %s ignored, defaults used instead: %s",
                                        settings.fileName(), "; ".join(problems))
                self.problems = problems

    def restore_training(self, settings: QSettings, problems: list[str] | None = None) -> None:
        """The control panel's last settings; a value of the wrong type or out of range is skipped."""
        problems = [] if problems is None else problems
        defaults = TrainConfig().to_dict()
        values = {}
        settings.beginGroup("training")
        for name, default in defaults.items():
            value = settings.value(name)
            if value is None:
                continue
            try:
                values[name] = type(default)(value)
            except (TypeError, ValueError):
                problems.append(f"training/{name}={value!r}")
        settings.endGroup()
        if not values:
            return
        self.saved_device = values.get("device")
        base = self.controls.config()
        try:
            config = base.replace(**values)
        except (TypeError, ValueError):
            # Settings from another version, or edited by hand: keep what is valid on its own.
            config = base
            for name, value in values.items():
                try:
                    config = config.replace(**{name: value})
                except (TypeError, ValueError) as err:
                    problems.append(f"training/{name}={value!r} ({err})")
        try:
            self.controls.set_config(config)
        except (TypeError, ValueError) as err:
            problems.append(f"training ({err})")
            self.controls.set_config(base)

    def save(self) -> None:
        settings = app_settings()
        settings.setValue("settings/version", SETTINGS_VERSION)
        settings.setValue("window/geometry", self.window.saveGeometry())
        settings.setValue("window/state", self.window.saveState(DOCK_STATE_VERSION))
        settings.setValue("window/auto_hidden", ",".join(sorted(self.layout.auto_hidden)))
        settings.setValue("view/snapshot_rate", self.hub.snapshot_rate)
        settings.setValue("view/pace", self.controls.current_pace() or 0.0)
        try:
            config = self.controls.config()
        except ValueError:
            config = None
        if config is not None:
            settings.beginGroup("training")
            for name, value in config.to_dict().items():
                settings.setValue(name, value)
            settings.endGroup()
        settings.sync()
