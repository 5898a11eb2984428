"""When to say "not sure": the rule that tells a digit from something that is not one.

A classifier trained on digits answers a digit for anything, a letter or a scribble too,
often with a high probability. The Draw a digit panel therefore asks this module whether
an answer deserves to be stated: :func:`verdict` takes the model's ten probabilities (or
logits) and gives the digit, its probability, whether the model is *unsure*, and why.

Two rules, both measured: with the **logits** (the canvas and ``mnist-viz predict`` pass
them, :meth:`mnist_viz.core.inference.Predictor.answer`), each shipped model has its own
best score and threshold (:data:`LOGIT_RULES`, :data:`LOGIT_THRESHOLDS`: the energy score
for the CNN); with the probabilities only (older callers), or for a model that is not
shipped (its logits' scale is its own), :data:`RULE` and :data:`THRESHOLDS`.

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
the softmax model by its probability, which misreads about 1 digit in 20, about 97 %). It
prints the table and the constants below; rerun it when the shipped checkpoints change (a
test fails when the measured rates drift away from these).

No Qt, no torch at import: numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SCORES = ("max_probability", "energy", "margin")
KEEP_DIGITS = 0.98  # the share of each digit set (read right) that must stay confident

# --- written by `python scripts/measure_unsure.py --write` (calibration sets, seed 0) -----
# Measured 2026-12-01 on the shipped checkpoints trained for handwriting unlike MNIST's
# (canvas-softmax, now deskew,fc-10: softmax regression on deskewed digits; canvas-cnn). AUROC
# digits vs non-digits, max probability / energy / margin: softmax 0.759 / 0.806 / 0.764, cnn
# 0.942 / 0.956 / 0.941. With the logits (LOGIT_RULES below) both are judged by the energy
# score: the softmax at 1.93 keeps 99.2 % of digits (held-out seed 1: 99.4) and flags 24.9 %
# of non-digits (24.2); the CNN at 6.53 keeps 98.4 % (99.2) and flags 66.9 % (67.7), against
# 19.0 % (18.9) and 43.4 % (41.4) by the highest probability at the same rule for digits.
# Outlier exposure (scripts/outlier_exposure.py) raised the CNN's share to 90 % but cost MNIST
# test accuracy (99.37 % -> 99.04 %): not shipped.
#: The rule for callers that pass the probabilities only (and for any model not shipped, with
#: DEFAULT_THRESHOLD), and its threshold per shipped model (below it: unsure).
RULE = "max_probability"
THRESHOLDS = {"softmax": 0.5763, "cnn": 0.7610}
#: What the threshold gave on the calibration sets: share of digits kept confident and of
#: non-digits flagged unsure (the drift test compares a fresh measurement with these).
MEASURED = {"softmax": {"digits_kept": 0.9733, "not_digits_flagged": 0.1900},
            "cnn": {"digits_kept": 0.9889, "not_digits_flagged": 0.4344}}
#: For a model that is not shipped (one being trained, a checkpoint file): the lower of the
#: shipped thresholds (a model still learning is often unsure of real digits too, and
#: should not be called unsure for that alone).
DEFAULT_THRESHOLD = min(THRESHOLDS.values())
# The rule with the logits, per shipped model: the score that flags the most non-digits at
# the threshold that keeps 98 % of the digits it reads right (any of SCORES):
LOGIT_RULES = {"softmax": "energy", "cnn": "energy"}
LOGIT_THRESHOLDS = {"softmax": 1.9305, "cnn": 6.5289}
LOGIT_MEASURED = {"softmax": {"digits_kept": 0.9922, "not_digits_flagged": 0.2489},
                  "cnn": {"digits_kept": 0.9844, "not_digits_flagged": 0.6689}}
# -----------------------------------------------------------------------------------------

#: Each score in words, as the reasons say it.
SCORE_WORDS = {"max_probability": "the highest probability",
               "energy": "the energy score (logsumexp of the logits: how strongly the model answers at all)",
               "margin": "the winner's lead over the runner-up"}


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
    rule: str = RULE    # the score compared with it (one of SCORES)
    score: float = float("nan")  # that score's value for this answer

    def __iter__(self):  # digit, confidence, unsure, reason = verdict(...)
        return iter((self.digit, self.confidence, self.unsure, self.reason))


def threshold_for(model: str | None) -> float:
    """The probabilities-only rule's threshold for ``model`` (the default one for a model not shipped)."""
    return THRESHOLDS.get(model or "", DEFAULT_THRESHOLD)


def rule_for(model: str | None, with_logits: bool) -> tuple[str, float]:
    """(score, threshold) :func:`verdict` uses for ``model``: the shipped model's logit rule
    when the logits are there, else :data:`RULE` with :func:`threshold_for`."""
    if with_logits and model in LOGIT_RULES:
        return LOGIT_RULES[model], LOGIT_THRESHOLDS[model]
    return RULE, threshold_for(model)


def verdict(probabilities: np.ndarray | None = None, model: str | None = None, *,
            logits: np.ndarray | None = None) -> Verdict:
    """(digit, confidence, unsure, reason) for one answer of ``model`` ("softmax", "cnn", other).

    Give the ten ``probabilities`` (they sum to 1), the ten ``logits``, or both (the
    probabilities are then taken as given). With logits, a shipped model is judged by its
    own measured rule (:func:`rule_for`: the energy score for the CNN); without, by
    :data:`RULE`."""
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
    if logits is not None:
        logits = np.asarray(logits, dtype=np.float64).reshape(-1)
        if logits.shape != (10,) or not np.all(np.isfinite(logits)):
            raise ValueError(f"expected ten finite logits, got {logits!r}")
    rule, threshold = rule_for(model, logits is not None)
    if rule not in values:  # a rule needing logits (energy) was written for RULE: not computable
        rule = "max_probability"
    score = float(np.asarray(values[rule]).reshape(-1)[0])
    unsure = score < threshold
    words = SCORE_WORDS[rule]
    if unsure:
        reason = (f"{words} {score:.2f} is below {threshold:.2f}, the threshold measured "
                  f"for {model or 'this model'}: it does not look like any digit it knows")
    else:
        reason = f"{words} {score:.2f} reaches {threshold:.2f}"
    return Verdict(digit, confidence, unsure, reason, threshold, rule, score)
