"""Growing numeric history for live curves, and TensorBoard's smoothing.

``History`` keeps rows of numbers (e.g. step, loss, accuracy) in one preallocated numpy
array that doubles when full, so appending a batch of steps costs no Python lists and
handing the curves to pyqtgraph costs no copies (the columns are views). Memory is
bounded: at ``max_rows`` the older half is thinned to every second row, so a very long
run keeps full detail for its recent past and a coarser picture of its beginning.

``smooth`` is TensorBoard's scalar smoothing: an exponential moving average that is
debiased at the start (so the curve does not begin at zero) and skips values that are
not finite.
"""

from __future__ import annotations

import functools

import numpy as np


class History:
    """Rows of ``columns`` floats, appended in batches; bounded by ``max_rows``."""

    def __init__(self, columns: int, capacity: int = 1024, max_rows: int = 1_000_000) -> None:
        self.max_rows = max(4, int(max_rows))
        self._data = np.empty((min(capacity, self.max_rows), columns), dtype=np.float64)
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def clear(self) -> None:
        self._length = 0

    def column(self, index: int) -> np.ndarray:
        """A view of one column (valid until the next append)."""
        return self._data[:self._length, index]

    @property
    def rows(self) -> np.ndarray:
        return self._data[:self._length]

    def append(self, rows: np.ndarray) -> None:
        rows = np.atleast_2d(np.asarray(rows, dtype=np.float64))
        while self._length + len(rows) > self.max_rows and self._length >= 2:
            self._thin_older_half()
        needed = self._length + len(rows)
        if needed > len(self._data):
            capacity = len(self._data)
            while capacity < needed:
                capacity *= 2
            grown = np.empty((min(capacity, max(self.max_rows, needed)), self._data.shape[1]))
            grown[:self._length] = self._data[:self._length]
            self._data = grown
        self._data[self._length:needed] = rows
        self._length = needed

    def _thin_older_half(self) -> None:
        half = self._length // 2
        kept = self._data[:half:2]
        count = len(kept)
        self._data[:count] = kept
        self._data[count:count + self._length - half] = self._data[half:self._length]
        self._length = count + self._length - half


#: Rows per block in :func:`smooth`: the block's weight matrix is block x block.
_BLOCK = 256


def smooth(values: np.ndarray, weight: float, state: tuple[float, int] = (0.0, 0)
           ) -> tuple[np.ndarray, tuple[float, int]]:
    """TensorBoard's debiased EMA of ``values``, continuing from ``state``.

    For each finite value y: ``last = weight * last + (1 - weight) * y``, ``n += 1``,
    smoothed = ``last / (1 - weight ** n)``. Values that are not finite are passed
    through and do not enter the average. Returns (smoothed, new state); feed the state
    back in to smooth the next values incrementally.
    """
    values = np.asarray(values, dtype=np.float64)
    out = values.copy()
    last, count = float(state[0]), int(state[1])
    weight = float(min(max(weight, 0.0), 0.9999))
    finite = np.isfinite(values)
    ys = values[finite]
    if not len(ys):
        return out, (last, count)
    if weight == 0.0:
        out[finite] = ys
        return out, (float(ys[-1]), count + len(ys))
    smoothed = np.empty_like(ys)
    exponents, lower = _block_weights(weight)
    for start in range(0, len(ys), _BLOCK):
        block = ys[start:start + _BLOCK]
        m = len(block)
        ema = weight ** (exponents[:m] + 1) * last + (1 - weight) * (lower[:m, :m] @ block)
        steps = count + start + 1 + exponents[:m]
        smoothed[start:start + m] = ema / (1 - weight ** steps)
        last = float(ema[-1])
    out[finite] = smoothed
    return out, (last, count + len(ys))


@functools.lru_cache(maxsize=8)
def _block_weights(weight: float) -> tuple[np.ndarray, np.ndarray]:
    """The exponents 0..BLOCK-1 and the block's weight matrix for ``weight``, made once per
    weight: within a block of m values, last_j = w^(j+1) last_in + (1 - w) sum_{i<=j} w^(j-i) y_i.
    (Made afresh at every call, the 256 x 256 matrix was most of the cost of smoothing a
    batch of 50 new steps.) Read-only: shared by every call."""
    exponents = np.arange(_BLOCK)
    lower = np.tril(weight ** np.maximum(exponents[:, None] - exponents[None, :], 0))
    exponents.setflags(write=False)
    lower.setflags(write=False)
    return exponents, lower
