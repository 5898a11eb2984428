"""When to say "not sure": the rule that tells a digit from something that is not one.

A classifier trained on digits answers a digit for anything, a letter or a scribble too,
often with a high probability. The Draw a digit panel therefore asks this module whether
an answer deserves to be stated: :func:`verdict` takes the model's ten probabilities (or
logits) and gives the digit, its probability, whether the model is *unsure*, and why.

Three scores were compared (higher = looks more like a digit):

* ``max_probability``: the winner's softmax probability (Hendrycks & Gimpel 2017);
* ``energy``: logsumexp of the logits, i.e. minus the energy score (Liu et al. 2020); it
  needs logits, which the softmax throws away;
* ``margin``: the winner's probability minus the runner-up's.

``scripts/measure_unsure.py`` measures them on generated sets (tests/unsure_sets.py:
MNIST test digits and digits drawn as pen strokes, against letters from the system's
fonts, random scribbles, two digits side by side, specks and noise; all through
:func:`mnist_viz.core.preprocess.to_mnist`, as the canvas does), and picks for each shipped
model the threshold that keeps at least 98 % of the digits it reads *right* confident, in
each digit set, and flags as many non-digits as that allows. Right ones only, because a
digit the model misreads is better called unsure too: a wrong digit stated with
confidence is the very failure this is about (so all digits kept is a little lower: for
the softmax model, which misreads about 1 digit in 10, about 95 %). It prints the table
and the constants below; rerun it when the shipped checkpoints change (a test fails when
the measured rates drift away from these).

No Qt, no torch at import: numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SCORES = ("max_probability", "energy", "margin")
KEEP_DIGITS = 0.98  # the share of each digit set (read right) that must stay confident

# --- written by `python scripts/measure_unsure.py --write` (calibration sets, seed 0) -----
# Measured 2026-12-01 on the shipped checkpoints trained for handwriting unlike MNIST's
# (canvas-softmax, canvas-cnn; AUROC digits vs non-digits; held-out seed 1 in brackets):
# softmax max_probability 0.697, energy 0.628, margin 0.697: at 0.450 it keeps 95.4 % of
# digits (95.4) and flags 13.1 % of non-digits (14.0): softmax regression is confident
# about anything. cnn max_probability 0.942, energy 0.956, margin 0.941: at 0.761 it keeps
# 98.9 % (99.0) and flags 43.4 % (41.4). The augmented CNN is less sure of hard digits than
# the unaugmented one was (threshold 0.909, 62 % flagged), so the threshold that keeps 98 %
# of them is lower. Energy would flag 66.9 % (67.7) for the CNN but needs the logits, which
# the canvas and `mnist-viz predict` do not pass (they give the probabilities), so
# max_probability for both. Outlier exposure (scripts/outlier_exposure.py) raised the CNN's
# share to 90 % but cost MNIST test accuracy (99.37 % -> 99.04 %): not shipped.
#: The rule the app uses, and its threshold per shipped model (below it: unsure).
RULE = "max_probability"
THRESHOLDS = {"softmax": 0.4503, "cnn": 0.7610}
#: What the threshold gave on the calibration sets: share of digits kept confident and of
#: non-digits flagged unsure (the drift test compares a fresh measurement with these).
MEASURED = {"softmax": {"digits_kept": 0.9544, "not_digits_flagged": 0.1311},
            "cnn": {"digits_kept": 0.9889, "not_digits_flagged": 0.4344}}
#: For a model that is not shipped (one being trained, a checkpoint file): the lower of the
#: shipped thresholds (a model still learning is often unsure of real digits too, and
#: should not be called unsure for that alone).
DEFAULT_THRESHOLD = min(THRESHOLDS.values())
# -----------------------------------------------------------------------------------------


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float64)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


def logsumexp(logits: np.ndarray) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float64)
    top = logits.max(axis=-1, keepdims=True)
    return (top + np.log(np.exp(logits - top).sum(axis=-1, keepdims=True)))[..., 0]


def scores(logits: np.ndarray | None = None, probabilities: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Every score for (N, 10) or (10,) logits or probabilities; ``energy`` needs logits."""
    if probabilities is None:
        probabilities = softmax(logits)
    probabilities = np.asarray(probabilities, dtype=np.float64)
    ranked = np.sort(probabilities, axis=-1)
    result = {"max_probability": ranked[..., -1], "margin": ranked[..., -1] - ranked[..., -2]}
    if logits is not None:
        result["energy"] = logsumexp(logits)
    return result


def auroc(digit_scores: np.ndarray, other_scores: np.ndarray) -> float:
    """The chance that a random digit scores above a random non-digit (ties count half).

    The Mann-Whitney U statistic over the product of the two counts, from average ranks
    (numpy only: scikit-learn's roc_auc_score is not worth a dependency for six lines)."""
    digit_scores = np.asarray(digit_scores, dtype=np.float64).ravel()
    other_scores = np.asarray(other_scores, dtype=np.float64).ravel()
    both = np.concatenate([digit_scores, other_scores])
    order = np.argsort(both, kind="mergesort")
    ranks = np.empty(len(both))
    ranks[order] = np.arange(1, len(both) + 1)
    sorted_values = both[order]
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(both)]
    for start, end in zip(starts, ends):  # ties: their average rank
        if end - start > 1:
            ranks[order[start:end]] = (start + 1 + end) / 2
    n_digits, n_others = len(digit_scores), len(other_scores)
    u = ranks[:n_digits].sum() - n_digits * (n_digits + 1) / 2
    return float(u / (n_digits * n_others))


def choose_threshold(digit_sets: list[np.ndarray], keep: float = KEEP_DIGITS) -> float:
    """The highest threshold that keeps at least ``keep`` of *each* digit set at or above it."""
    candidates = []
    for values in digit_sets:
        values = np.sort(np.asarray(values, dtype=np.float64).ravel())
        allowed = int(np.floor((1 - keep) * len(values)))  # how many may fall below
        candidates.append(values[allowed])
    return float(min(candidates))


def rates(digit_scores: np.ndarray, other_scores: np.ndarray, threshold: float) -> dict[str, float]:
    """Share of digits kept confident (score >= threshold) and of non-digits flagged unsure."""
    return {"digits_kept": float(np.mean(np.asarray(digit_scores) >= threshold)),
            "not_digits_flagged": float(np.mean(np.asarray(other_scores) < threshold))}


@dataclass(frozen=True)
class Verdict:
    digit: int          # the best guess, index of the highest probability
    confidence: float   # its probability
    unsure: bool        # True: do not state the digit as the answer
    reason: str         # why, in words (English; the panel words it for people itself)
    threshold: float = DEFAULT_THRESHOLD  # the threshold it was compared with

    def __iter__(self):  # digit, confidence, unsure, reason = verdict(...)
        return iter((self.digit, self.confidence, self.unsure, self.reason))


def threshold_for(model: str | None) -> float:
    return THRESHOLDS.get(model or "", DEFAULT_THRESHOLD)


def verdict(probabilities: np.ndarray | None = None, model: str | None = None, *,
            logits: np.ndarray | None = None) -> Verdict:
    """(digit, confidence, unsure, reason) for one answer of ``model`` ("softmax", "cnn", other).

    Give the ten ``probabilities`` (they sum to 1) or the ten ``logits``."""
    if probabilities is None and logits is None:
        raise ValueError("verdict needs the probabilities or the logits")
    values = scores(logits, probabilities)
    if probabilities is None:
        probabilities = softmax(logits)
    probabilities = np.asarray(probabilities, dtype=np.float64).reshape(-1)
    if probabilities.shape != (10,) or not np.all(np.isfinite(probabilities)):
        raise ValueError(f"expected ten finite probabilities, got {probabilities!r}")
    digit = int(np.argmax(probabilities))
    confidence = float(probabilities[digit])
    threshold = threshold_for(model)
    rule = RULE if RULE in values else "max_probability"
    score = float(np.asarray(values[rule]).reshape(-1)[0])
    unsure = score < threshold
    if unsure:
        reason = (f"{rule.replace('_', ' ')} {score:.2f} is below {threshold:.2f}, the threshold measured "
                  f"for {model or 'this model'}: it does not look like any digit it knows")
    else:
        reason = f"{rule.replace('_', ' ')} {score:.2f} reaches {threshold:.2f}"
    return Verdict(digit, confidence, unsure, reason, threshold)
