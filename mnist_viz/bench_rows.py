"""What every ``mnist-viz bench`` measurement returns, shared by the CLI-level benches
(:mod:`mnist_viz.bench`) and the GUI's (:mod:`mnist_viz.gui.bench`).

A module of its own so that the dependency runs one way: ``bench`` imports
``gui.bench`` (to add its figures to the plan), and both import this; ``gui.bench``
never imports ``bench``. No torch, no Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Result:
    """One row of the report: a figure, its unit, and its target (``ok`` None: no target)."""

    name: str
    value: float
    unit: str
    target: str
    ok: bool | None
    detail: str = ""


def rss_mb() -> float:
    """This process's resident set size in MiB (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
