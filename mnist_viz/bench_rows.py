"""What every ``mnist-viz bench`` measurement returns, shared by the CLI-level benches
(:mod:`mnist_viz.bench`) and the GUI's (:mod:`mnist_viz.gui.bench`).

A module of its own so that the dependency runs one way: ``bench`` imports
``gui.bench`` (to add its figures to the plan), and both import this; ``gui.bench``
never imports ``bench``. No torch, no Qt.
"""

from __future__ import annotations

import math
import operator
import os
import re
from dataclasses import dataclass

_TARGET = re.compile(r"\s*(<=|>=|<|>)\s*([0-9]+(?:\.[0-9]*)?)\s*")
_COMPARE = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}


@dataclass
class Result:
    """One row of the report: a figure, its unit, and its target (``ok`` None: no target)."""

    name: str
    value: float
    unit: str
    target: str
    ok: bool | None
    detail: str = ""

    def __post_init__(self) -> None:
        # "met" says what the figure shown says: a p99 of 30.04 ms shown as 30.0 meets "<= 30".
        found = _TARGET.fullmatch(self.target or "")
        if found and self.ok is not None and isinstance(self.value, (int, float)) and math.isfinite(self.value):
            self.ok = bool(_COMPARE[found.group(1)](self.value, float(found.group(2))))


def rss_mb() -> float:
    """This process's resident set size in MiB (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
