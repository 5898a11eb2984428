"""The panels' ids: one vocabulary for the screenshot command, export and the settings.

A panel's id names its module under ``mnist_viz/gui/panels`` and its dock in saved
layouts (``softmax_weights``, ``feature_maps``). People and the export command also write
them with hyphens (``softmax-weights``): both spellings are accepted everywhere and mean
the same panel. No Qt here, so that ``--help`` can list the ids without loading a GUI.
"""

from __future__ import annotations

#: Every panel, in the window's default dock order.
PANEL_IDS = ("loss", "network", "softmax_weights", "filters", "feature_maps", "canvas", "confusion",
             "distributions", "embedding", "units", "data")


def normalise(name: str) -> str:
    """``Softmax-Weights`` -> ``softmax_weights`` (known or not: see :func:`panel_id`)."""
    return name.strip().lower().replace("-", "_")


def panel_id(name: str) -> str:
    """The id of the panel ``name`` names; ValueError (one line, listing the ids) if none."""
    pid = normalise(name)
    if pid not in PANEL_IDS:
        raise ValueError(f"unknown panel {name.strip()!r}; the panels are {', '.join(PANEL_IDS)} "
                         "(hyphens or underscores)")
    return pid


def panel_id_list(text: str) -> tuple[str, ...]:
    """Comma-separated panel names -> their ids (ValueError on the first unknown one)."""
    return tuple(panel_id(part) for part in text.split(",") if part.strip())
