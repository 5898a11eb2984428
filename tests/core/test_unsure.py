"""The canvas's "unsure" rule (core.unsure) on generated digits and non-digits.

The sets come from tests/unsure_sets.py (made from a seed, through preprocess.to_mnist as
the canvas does). The rates are checked on the held-out seed against the numbers measured
on the calibration seed and written in core/unsure.py, for both rules: with the logits
(what the canvas and ``mnist-viz predict`` pass: each shipped model's own score, the energy
score for the CNN) and with the probabilities only (older callers). The drift tests
re-measure the shipped checkpoints on the calibration sets and fail when they no longer
give the documented rates (retrained checkpoints: rerun scripts/measure_unsure.py --write).
"""

from __future__ import annotations

import numpy as np
import pytest

from mnist_viz.core import unsure
from tests import unsure_sets
from tests.shipped import require_pretrained

#: How far a re-measurement may stray from the documented rates before the constants are stale.
DRIFT_DIGITS, DRIFT_NOT_DIGITS = 0.015, 0.06
#: How far the held-out sets may stray from the calibration sets (a few hundred images each).
HELD_OUT_DIGITS, HELD_OUT_NOT_DIGITS = 0.02, 0.08


def shipped_logits(model_name: str, images: np.ndarray) -> np.ndarray:
    """The shipped model's logits for (N, 28, 28) images, in one batch (as Predictor.answer
    computes them one by one)."""
    import torch

    from mnist_viz.core.inference import Predictor

    model = Predictor.pretrained(model_name).model
    with torch.inference_mode():
        return model(torch.from_numpy(np.ascontiguousarray(images))[:, None]).float().numpy()


@pytest.fixture(scope="module")
def logit_sets(real_mnist):
    """{seed: {model: {set name: (N, 10) logits}}} for both shipped models."""
    require_pretrained()
    result = {}
    for seed in (unsure_sets.CALIBRATION_SEED, unsure_sets.HELD_OUT_SEED):
        made = unsure_sets.make_sets(seed)
        result[seed] = {model: {name: shipped_logits(model, images) for name, (images, _) in made.items()}
                        for model in ("softmax", "cnn")}
    return result


@pytest.fixture(scope="module")
def sets(logit_sets):
    """{seed: {model: {set name: probabilities}}}: what a caller without the logits has."""
    return {seed: {model: {name: unsure.softmax(logits).astype(np.float32) for name, logits in by_set.items()}
                   for model, by_set in by_model.items()} for seed, by_model in logit_sets.items()}


def unsure_share(probabilities: np.ndarray, model: str) -> float:
    return float(np.mean([unsure.verdict(p, model).unsure for p in probabilities]))


def unsure_share_by_logits(logits: np.ndarray, model: str) -> float:
    return float(np.mean([unsure.verdict(unsure.softmax(z), model, logits=z).unsure for z in logits]))


def pooled(by_set: dict, names) -> np.ndarray:
    return np.concatenate([by_set[name] for name in names])


# ------------------------------------------------------------------------ the rule itself
def test_a_flat_answer_is_unsure_and_a_sharp_one_is_not():
    flat = np.full(10, 0.1)
    sharp = np.full(10, 0.001)
    sharp[7] = 1 - 0.009
    for model in ("softmax", "cnn", "some checkpoint"):
        digit, confidence, is_unsure, reason = unsure.verdict(flat, model)
        assert is_unsure and confidence == pytest.approx(0.1) and "below" in reason
        assert tuple(unsure.verdict(sharp, model))[:3] == (7, pytest.approx(0.991), False)


def test_a_model_that_is_not_shipped_gets_the_probability_rule_with_or_without_logits():
    logits = np.array([0.1, 2.0, -1.0, 3.2, 0.0, 0.5, 1.0, 2.9, -2.0, 0.3])
    for model in (None, "some checkpoint"):
        with_logits = unsure.verdict(logits=logits, model=model)
        assert tuple(with_logits) == tuple(unsure.verdict(unsure.softmax(logits), model))
        assert with_logits.rule == unsure.RULE


def test_with_logits_the_cnn_is_judged_by_its_energy_score():
    """The same probabilities from logits shifted down: as sure by the highest probability,
    but the model answers weakly overall, which the energy score (logsumexp) sees."""
    assert unsure.LOGIT_RULES["cnn"] == "energy"
    strong = np.full(10, -2.0)
    strong[4] = unsure.LOGIT_THRESHOLDS["cnn"] + 8.0
    weak = strong - (unsure.logsumexp(strong) - unsure.LOGIT_THRESHOLDS["cnn"]) - 1.0
    assert np.allclose(unsure.softmax(strong), unsure.softmax(weak))
    by_probabilities = unsure.verdict(unsure.softmax(weak), "cnn")
    assert not by_probabilities.unsure and by_probabilities.rule == unsure.RULE
    sure, unsure_one = unsure.verdict(None, "cnn", logits=strong), unsure.verdict(None, "cnn", logits=weak)
    assert not sure.unsure and unsure_one.unsure and unsure_one.digit == 4
    assert unsure_one.rule == "energy" and unsure_one.score == pytest.approx(unsure.logsumexp(weak))
    assert "energy score" in unsure_one.reason and unsure_one.threshold == unsure.LOGIT_THRESHOLDS["cnn"]


def test_bad_input_says_what_is_wrong():
    with pytest.raises(ValueError, match="probabilities or the logits"):
        unsure.verdict(None, "cnn")
    with pytest.raises(ValueError, match="ten finite probabilities"):
        unsure.verdict(np.full(9, 1 / 9), "cnn")
    with pytest.raises(ValueError, match="ten finite logits"):
        unsure.verdict(np.full(10, 0.1), "cnn", logits=np.array([np.nan] * 10))


def test_auroc_and_threshold_choice():
    assert unsure.auroc([3, 4, 5], [0, 1, 2]) == 1.0
    assert unsure.auroc([0, 1], [0, 1]) == 0.5            # ties count half
    assert unsure.auroc([0, 1, 2], [3, 4, 5]) == 0.0
    values = np.arange(100) / 100
    threshold = unsure.choose_threshold([values, values + 0.5], keep=0.98)
    assert np.mean(values >= threshold) >= 0.98 and np.mean(values >= threshold + 0.011) < 0.98


def test_the_thresholds_are_those_of_the_rule_the_script_chose():
    assert unsure.RULE in unsure.SCORES
    assert set(unsure.THRESHOLDS) == {"softmax", "cnn"} == set(unsure.MEASURED)
    assert unsure.DEFAULT_THRESHOLD == min(unsure.THRESHOLDS.values())
    assert set(unsure.LOGIT_RULES) == set(unsure.LOGIT_THRESHOLDS) == set(unsure.LOGIT_MEASURED) == {"softmax", "cnn"}
    assert set(unsure.LOGIT_RULES.values()) <= set(unsure.SCORES)


# ------------------------------------------------------------------- on the generated sets
@pytest.mark.parametrize("model", ["softmax", "cnn"])
def test_shipped_models_keep_the_documented_rates_on_held_out_sets(sets, model):
    held_out = sets[unsure_sets.HELD_OUT_SEED][model]
    documented = unsure.MEASURED[model]
    kept = 1 - unsure_share(pooled(held_out, unsure_sets.DIGIT_SETS), model)
    flagged = unsure_share(pooled(held_out, unsure_sets.NOT_DIGIT_SETS), model)
    assert kept >= documented["digits_kept"] - HELD_OUT_DIGITS, f"{model}: only {kept:.1%} of digits confident"
    assert abs(flagged - documented["not_digits_flagged"]) <= HELD_OUT_NOT_DIGITS, (
        f"{model}: {flagged:.1%} of non-digits called unsure, documented {documented['not_digits_flagged']:.1%}")


def test_the_cnn_is_sure_of_digits_and_unsure_of_many_things_that_are_not(sets):
    """Floors a little under what the shipped (augmented) CNN measured on the held-out sets:
    scribbles 46 %, pairs 50 %, noise 65 %, letters 24 % (README, When the canvas is not sure)."""
    held_out = sets[unsure_sets.HELD_OUT_SEED]["cnn"]
    assert unsure_share(held_out["mnist"], "cnn") <= 0.05
    assert unsure_share(held_out["drawn"], "cnn") <= 0.03
    for name, at_least in (("scribbles", 0.38), ("two_digits", 0.4), ("noise", 0.55), ("letters", 0.17)):
        share = unsure_share(held_out[name], "cnn")
        assert share >= at_least, f"the CNN calls only {share:.0%} of the {name} unsure"


def test_unsure_flags_more_non_digits_than_digits_for_both_models(sets):
    """Even softmax regression, confident about almost anything, is unsure more often of a
    scribble than of a digit: the rule is not a coin toss."""
    for model in ("softmax", "cnn"):
        held_out = sets[unsure_sets.HELD_OUT_SEED][model]
        on_digits = unsure_share(pooled(held_out, unsure_sets.DIGIT_SETS), model)
        on_others = unsure_share(pooled(held_out, unsure_sets.NOT_DIGIT_SETS), model)
        assert on_others >= on_digits + 0.08, f"{model}: unsure of {on_others:.0%} non-digits, {on_digits:.0%} digits"


@pytest.mark.parametrize("model", ["softmax", "cnn"])
def test_shipped_checkpoint_has_not_drifted_from_the_documented_rates(sets, model):
    """Fails when the shipped checkpoint changed without scripts/measure_unsure.py --write."""
    calibration = sets[unsure_sets.CALIBRATION_SEED][model]
    documented = unsure.MEASURED[model]
    kept = 1 - unsure_share(pooled(calibration, unsure_sets.DIGIT_SETS), model)
    flagged = unsure_share(pooled(calibration, unsure_sets.NOT_DIGIT_SETS), model)
    advice = "the shipped checkpoint changed: rerun scripts/measure_unsure.py --write"
    assert abs(kept - documented["digits_kept"]) <= DRIFT_DIGITS, (
        f"{model}: {kept:.1%} of digits confident, documented {documented['digits_kept']:.1%}: {advice}")
    assert abs(flagged - documented["not_digits_flagged"]) <= DRIFT_NOT_DIGITS, (
        f"{model}: {flagged:.1%} of non-digits unsure, documented {documented['not_digits_flagged']:.1%}: {advice}")


# ------------------------------------------------------------- the rule with the logits
@pytest.mark.parametrize("model", ["softmax", "cnn"])
def test_with_logits_the_shipped_models_keep_the_documented_rates(logit_sets, model):
    """Held out against the documented (calibration) rates, and the calibration sets
    themselves against them (drift: the checkpoint changed without --write)."""
    documented = unsure.LOGIT_MEASURED[model]
    for seed, digits_slack, others_slack in ((unsure_sets.HELD_OUT_SEED, HELD_OUT_DIGITS, HELD_OUT_NOT_DIGITS),
                                             (unsure_sets.CALIBRATION_SEED, DRIFT_DIGITS, DRIFT_NOT_DIGITS)):
        by_set = logit_sets[seed][model]
        kept = 1 - unsure_share_by_logits(pooled(by_set, unsure_sets.DIGIT_SETS), model)
        flagged = unsure_share_by_logits(pooled(by_set, unsure_sets.NOT_DIGIT_SETS), model)
        assert kept >= documented["digits_kept"] - digits_slack, f"{model}, seed {seed}: {kept:.1%} of digits kept"
        assert abs(flagged - documented["not_digits_flagged"]) <= others_slack, (
            f"{model}, seed {seed}: {flagged:.1%} of non-digits unsure, documented "
            f"{documented['not_digits_flagged']:.1%}: rerun scripts/measure_unsure.py --write")


def test_with_logits_the_cnn_flags_more_non_digits_than_by_its_probabilities(logit_sets, sets):
    """What the energy score is for: at the same share of digits kept (98 % of those it reads
    right), it calls more scribbles, letters and pairs unsure than the highest probability."""
    held_out_logits, held_out = logit_sets[unsure_sets.HELD_OUT_SEED]["cnn"], sets[unsure_sets.HELD_OUT_SEED]["cnn"]
    by_logits = unsure_share_by_logits(pooled(held_out_logits, unsure_sets.NOT_DIGIT_SETS), "cnn")
    by_probabilities = unsure_share(pooled(held_out, unsure_sets.NOT_DIGIT_SETS), "cnn")
    assert by_logits >= by_probabilities + 0.1, (by_logits, by_probabilities)
