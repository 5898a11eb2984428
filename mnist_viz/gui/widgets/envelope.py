"""What a long curve hands pyqtgraph: the part in view, and at most a few thousand points of it.

A 200,000-step run's loss curve given whole to ``PlotDataItem.setData`` costs pyqtgraph's own
downsampling (``_getDisplayDataset``) about 40 ms per curve and redraw on the 2-core VM,
three curves per redraw: the 10 ms GUI timer then ran 100+ ms late at every redraw.
:func:`in_view` instead slices the points inside the visible step range (the steps are
ascending: two binary searches), keeps one point beyond each edge so the line reaches the
border, and, when that is still more than ``max_points``, keeps each bucket's minimum and
maximum in their order (the "peak" envelope: spikes stay visible, as pyqtgraph's own
``method="peak"`` keeps them). Its cost is a few numpy reductions over the points in view.

:func:`points_for_width` sizes the envelope to the plot: two points (a minimum and a maximum)
per pixel column draw the same picture as any more would, and every point costs painting
time (4,000 points for a 700-pixel plot made three curves take 18 ms to paint at load 10).

Zoomed in, the slice is small and drawn exactly; the panel redraws when the view moves.
No torch here; numpy only.
"""

from __future__ import annotations

import numpy as np

#: Below this many points in view, the points are handed over as they are.
MAX_POINTS = 4000
#: The fewest points an envelope keeps (a plot not laid out yet has no width).
MIN_POINTS = 400


def points_for_width(pixels: float) -> int:
    """How many points an envelope needs for a plot ``pixels`` wide: a minimum and a maximum
    per pixel column (within MIN_POINTS and MAX_POINTS)."""
    return int(min(MAX_POINTS, max(MIN_POINTS, 2 * round(pixels))))


def _cut(x: np.ndarray, ys: list[np.ndarray], x_range: tuple[float, float] | None
         ) -> tuple[np.ndarray, list[np.ndarray]]:
    """The points inside ``x_range`` (None: all), and one beyond each edge."""
    count = len(x)
    start, stop = 0, count
    if x_range is not None and count:
        low, high = x_range
        start = max(0, int(np.searchsorted(x, low, side="left")) - 1)
        stop = min(count, int(np.searchsorted(x, high, side="right")) + 1)
    return x[start:stop], [y[start:stop] for y in ys]


def smooth_in_view(x: np.ndarray, ys: list[np.ndarray], x_range: tuple[float, float] | None,
                   max_points: int = MAX_POINTS) -> tuple[np.ndarray, list[np.ndarray]]:
    """As :func:`in_view`, for curves that are smooth already (moving averages): every k-th
    point in view and the last one, at most about ``max_points / 2`` (one a pixel column:
    a smooth curve's minimum and maximum in a column are the same point), at half the
    envelope's cost to make and to paint."""
    x, ys = _cut(x, ys, x_range)
    wanted = max(2, max_points // 2)
    if len(x) <= wanted:
        return x, ys
    stride = -(-len(x) // wanted)
    index = np.arange(0, len(x), stride)
    if index[-1] != len(x) - 1:
        index = np.append(index, len(x) - 1)
    return x[index], [y[index] for y in ys]


def in_view(x: np.ndarray, ys: list[np.ndarray], x_range: tuple[float, float] | None,
            max_points: int = MAX_POINTS) -> tuple[np.ndarray, list[np.ndarray]]:
    """``x`` ascending and the curves ``ys`` over it, cut to ``x_range`` (None: all) and, if
    longer than ``max_points``, reduced to each bucket's minimum and maximum (per curve; the
    x of a kept point is its bucket's first and last x)."""
    x, ys = _cut(x, ys, x_range)
    if len(x) <= max_points:
        return x, ys
    buckets = max_points // 2
    size = -(-len(x) // buckets)  # ceiling
    whole = (len(x) // size) * size
    xs_out = []
    ys_out: list[list[np.ndarray]] = [[] for _ in ys]
    if whole:
        shaped_x = x[:whole].reshape(-1, size)
        xs_out.append(np.column_stack([shaped_x[:, 0], shaped_x[:, -1]]).ravel())
        for k, y in enumerate(ys):
            shaped = y[:whole].reshape(-1, size)
            if np.isnan(shaped).any():  # (a diverged run's NaN losses): NaN-blind, no warning
                low, high = np.fmin.reduce(shaped, axis=1), np.fmax.reduce(shaped, axis=1)
                missing = np.isnan(shaped)
                first_is_low = (np.argmin(np.where(missing, np.inf, shaped), axis=1)
                                <= np.argmax(np.where(missing, -np.inf, shaped), axis=1))
            else:  # the usual case: two passes, the values picked at the places found
                rows = np.arange(len(shaped))
                lowest, highest = np.argmin(shaped, axis=1), np.argmax(shaped, axis=1)
                low, high = shaped[rows, lowest], shaped[rows, highest]
                first_is_low = lowest <= highest
            ys_out[k].append(np.where(first_is_low[:, None], np.column_stack([low, high]),
                                      np.column_stack([high, low])).ravel())
    if whole < len(x):  # the last, partial bucket: its points as they are
        xs_out.append(x[whole:])
        for k, y in enumerate(ys):
            ys_out[k].append(y[whole:])
    return np.concatenate(xs_out), [np.concatenate(parts) for parts in ys_out]
