"""How much a layer's small filters look like pictures rather than noise: one number.

A freshly initialised conv1 filter is 25 independent random numbers: a weight says
nothing about its neighbour. A learned edge, stroke or blob detector is smooth: a weight
is much like the weights beside and below it. :func:`neighbour_correlation` measures
exactly that: for each filter, the Pearson correlation between every weight and its right
neighbour and between every weight and the one below it (a 5x5 filter has 20 + 20 such
pairs), averaged over the filters.

* about 0 for noise (slightly below 0 on average: a filter's own mean is subtracted);
* near 1 for smooth filters (blobs, ramps), and still clearly positive for edge
  detectors, whose weights change sign only once across the filter;
* negative for checkerboards (each weight the opposite of its neighbours).

A filter whose weights are all equal (all zeros, the "constant" start) has no spread, so
no correlation: it is left out, and a layer made only of such filters measures 0.

A deeper conv layer has one K x K kernel per (output filter, input channel): its
``(C_out, C_in, K, K)`` weights are measured over every K x K slice, each slice a filter
of its own here (the kernels the Filters panel draws, one input channel at a time or all
of them), so that the measure means the same in every layer: about 0 for the random
start, higher as training makes the kernels smooth. (The shipped CNN's conv2 measures
0.12, a fresh one about -0.04.) Kernels smaller than 2 x 2 have no neighbours:
:func:`kernel_structure` says None for them.

The measure of the change since the start (``filters - filters_at_step_0``) says whether
what training has added so far is structured, even while it is still too small to see
against the initial noise. No Qt and no torch here: numpy arrays in, a float out.
"""

from __future__ import annotations

import numpy as np

#: Below this spread (relative to the layer's largest |weight|) a filter counts as flat.
FLAT_TOLERANCE = 1e-9


def _as_tiles(filters) -> np.ndarray:
    """(N, h, w) float64 from (N, h, w), or (C_out, C_in, h, w) as its C_out * C_in slices
    (or (h, w): one filter)."""
    array = np.asarray(filters, dtype=np.float64)
    if array.ndim == 2:
        array = array[None]
    if array.ndim == 4:
        array = array.reshape(-1, *array.shape[2:])
    if array.ndim != 3 or array.shape[1] < 2 or array.shape[2] < 2:
        raise ValueError(f"expected filters of shape (N, h, w) or (N, C, h, w) with h, w >= 2, "
                         f"not {np.shape(filters)}")
    return array


def per_filter_neighbour_correlation(filters) -> np.ndarray:
    """Each filter's correlation of neighbouring weights (NaN for a flat filter)."""
    tiles = _as_tiles(filters)
    count = len(tiles)
    # Pairs (weight, right neighbour) and (weight, neighbour below), per filter.
    first = np.concatenate([tiles[:, :, :-1].reshape(count, -1), tiles[:, :-1, :].reshape(count, -1)], axis=1)
    second = np.concatenate([tiles[:, :, 1:].reshape(count, -1), tiles[:, 1:, :].reshape(count, -1)], axis=1)
    first = first - first.mean(axis=1, keepdims=True)
    second = second - second.mean(axis=1, keepdims=True)
    spread = np.sqrt((first ** 2).sum(axis=1) * (second ** 2).sum(axis=1))
    largest = float(np.abs(tiles).max()) if tiles.size else 0.0
    flat = spread <= (FLAT_TOLERANCE * max(largest, 1e-30)) ** 2 * first.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        result = (first * second).sum(axis=1) / spread
    result[flat] = np.nan
    return result


def neighbour_correlation(filters) -> float:
    """The mean over filters of :func:`per_filter_neighbour_correlation` (0 if all are flat)."""
    values = per_filter_neighbour_correlation(filters)
    values = values[np.isfinite(values)]
    return float(values.mean()) if values.size else 0.0


def kernel_structure(filters) -> float | None:
    """:func:`neighbour_correlation` of any conv layer's weights ((N, K, K) or (C_out, C_in,
    K, K)), None where the kernels have no neighbours (1 x 1, or 1 wide)."""
    shape = np.shape(filters)
    if len(shape) < 2 or shape[-1] < 2 or shape[-2] < 2:
        return None
    return neighbour_correlation(filters)
