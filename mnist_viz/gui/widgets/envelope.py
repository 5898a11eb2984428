"""What a long curve hands pyqtgraph: the part in view, and at most a few thousand points of it.

A 200,000-step run's loss curve given whole to ``PlotDataItem.setData`` costs pyqtgraph's own
downsampling (``_getDisplayDataset``) about 40 ms per curve and redraw on the 2-core VM,
three curves per redraw: the 10 ms GUI timer then ran 100+ ms late at every redraw.
:func:`in_view` instead slices the points inside the visible step range (the steps are
ascending: two binary searches), keeps one point beyond each edge so the line reaches the
border, and, when that is still more than ``max_points``, keeps each bucket's minimum and
maximum in their order (the "peak" envelope: spikes stay visible, as pyqtgraph's own
``method="peak"`` keeps them). Its cost is a few numpy reductions over the points in view.

Zoomed in, the slice is small and drawn exactly; the panel redraws when the view moves.
No torch here; numpy only.
"""

from __future__ import annotations

import numpy as np

#: Below this many points in view, the points are handed over as they are.
MAX_POINTS = 4000


def in_view(x: np.ndarray, ys: list[np.ndarray], x_range: tuple[float, float] | None,
            max_points: int = MAX_POINTS) -> tuple[np.ndarray, list[np.ndarray]]:
    """``x`` ascending and the curves ``ys`` over it, cut to ``x_range`` (None: all) and, if
    longer than ``max_points``, reduced to each bucket's minimum and maximum (per curve; the
    x of a kept point is its bucket's first and last x)."""
    count = len(x)
    start, stop = 0, count
    if x_range is not None and count:
        low, high = x_range
        start = max(0, int(np.searchsorted(x, low, side="left")) - 1)
        stop = min(count, int(np.searchsorted(x, high, side="right")) + 1)
    x = x[start:stop]
    ys = [y[start:stop] for y in ys]
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
            low, high = np.fmin.reduce(shaped, axis=1), np.fmax.reduce(shaped, axis=1)  # NaN-blind, no warning
            missing = np.isnan(shaped)  # (a diverged run's NaN losses)
            first_is_low = (np.argmin(np.where(missing, np.inf, shaped), axis=1)
                            <= np.argmax(np.where(missing, -np.inf, shaped), axis=1))
            ys_out[k].append(np.where(first_is_low[:, None], np.column_stack([low, high]),
                                      np.column_stack([high, low])).ravel())
    if whole < len(x):  # the last, partial bucket: its points as they are
        xs_out.append(x[whole:])
        for k, y in enumerate(ys):
            ys_out[k].append(y[whole:])
    return np.concatenate(xs_out), [np.concatenate(parts) for parts in ys_out]
