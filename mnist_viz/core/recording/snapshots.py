"""Taking a snapshot of a run as a recording keeps it: the parts asked for, weights as
float32, activations in the recording's activation dtype (float16), the weight and gradient
distributions computed afresh for the step, and the probe image's label and index.

No Qt in this module.
"""

from __future__ import annotations

import time

import numpy as np

from .. import stats
from ..stats import PART as DISTRIBUTIONS
from ..stats import PREFIX as DIST_PREFIX


class Buffered:
    """One snapshot taken but not written yet."""

    __slots__ = ("step", "arrays", "probe", "taken")

    def __init__(self, step: int, arrays: dict[str, np.ndarray], probe: tuple[int, int]) -> None:
        self.step, self.arrays, self.probe = step, arrays, probe
        self.taken = time.monotonic()

    @property
    def nbytes(self) -> int:
        return sum(array.nbytes for array in self.arrays.values())


def take_snapshot(trainer, step: int, parts: frozenset[str], activation_parts: set[str],
                  activation_dtype: np.dtype) -> tuple[Buffered, dict[str, dict]]:
    """A snapshot of ``step`` from ``trainer``, and the manifest's entries of its arrays
    (``{"shape", "dtype"}`` by part). Called in the training thread, outside the recorder's
    lock: a CNN snapshot takes milliseconds."""
    snapshot = trainer.snapshot(parts - {DISTRIBUTIONS})
    arrays, entries = {}, {}
    if DISTRIBUTIONS in parts:
        # Computed afresh for each recorded step (the trainer's own monitor would hand out
        # the last result again within half a second): small histograms and numbers, kept
        # as they are. They cost about 2 % of the training time at one snapshot per 50 steps.
        monitor = getattr(trainer, "distribution_monitor", None)
        fresh = stats.distributions(trainer.model, getattr(monitor, "relu_images", None), step=step)
        arrays.update((name, np.asarray(value)) for name, value in fresh.items())
        entries[DISTRIBUTIONS] = {"prefix": DIST_PREFIX}
    for name, value in snapshot.arrays.items():
        if name not in parts:
            continue
        dtype = activation_dtype if name in activation_parts else np.float32
        arrays[name] = np.asarray(value, dtype=dtype)
        entries[name] = {"shape": list(value.shape), "dtype": np.dtype(dtype).name}
    probe = (-1 if snapshot.probe_label is None else int(snapshot.probe_label),
             -1 if snapshot.probe_index is None else int(snapshot.probe_index))
    return Buffered(step, arrays, probe), entries
