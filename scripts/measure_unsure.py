"""Measure the canvas's "unsure" rule on generated sets and (re)choose its thresholds.

For each shipped model (resources/pretrained/{softmax,cnn}.pt) and each score of
:mod:`mnist_viz.core.unsure` (max probability, energy, margin) it prints

* the AUROC of digits against non-digits (1.0: every digit scores above every non-digit);
* the threshold that keeps >= 98 % of the digits the model reads right confident (in each
  digit set), chosen on the calibration sets (seed 0), and at that threshold the share of
  digits kept and of non-digits flagged, overall and per set, on the calibration sets and
  on held-out sets (seed 1).

Two rules are chosen. With the logits (the canvas and ``mnist-viz predict`` pass them):
for each model, the score that flags the most non-digits at its threshold (ties: AUROC),
any of the three (``LOGIT_RULES``). With the probabilities only (older callers, and models
that are not shipped): the score that does so summed over the two models among those the
probabilities give (max probability, margin: the energy needs logits) (``RULE``).

The sets are made by tests/unsure_sets.py (MNIST test digits and pen-stroke digits; letters
from the system's fonts, random scribbles, two digits side by side, specks and noise; all
through preprocess.to_mnist as the canvas does). Needs MNIST ($MNIST_VIZ_DATA or the default
data folder). ``--write`` puts the chosen rules, thresholds and rates into
mnist_viz/core/unsure.py (run it after the shipped checkpoints change)::

    MNIST_VIZ_DATA=/path/to/mnist python scripts/measure_unsure.py [--write]

``--cnn PATH`` / ``--softmax PATH`` measure a candidate checkpoint in place of a shipped one
(to compare before shipping; the constants are then printed, never written).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mnist_viz.core import unsure  # noqa: E402
from tests import unsure_sets  # noqa: E402

MODELS = ("softmax", "cnn")


#: Checkpoints measured instead of the shipped ones (--cnn, --softmax: candidates before shipping).
SOURCES: dict[str, Path] = {}


def logits_of(model_name: str, images: np.ndarray) -> np.ndarray:
    """The shipped model's (or its --cnn/--softmax stand-in's) logits for (N, 28, 28) images."""
    import torch

    from mnist_viz.core.inference import Predictor

    source = SOURCES.get(model_name)
    model = (Predictor.from_checkpoint(source, expect_model=model_name) if source
             else Predictor.pretrained(model_name)).model
    with torch.inference_mode():
        return model(torch.from_numpy(np.ascontiguousarray(images))[:, None]).double().numpy()


def measure(model_name: str, sets: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, dict[str, np.ndarray]]:
    """{set name: {score name: (N,) scores, "correct": (N,) bool}} for one model ("correct":
    the digit was read right; always False for the non-digits)."""
    measured = {}
    for name, (images, labels) in sets.items():
        logits = logits_of(model_name, images)
        measured[name] = {**unsure.scores(logits=logits), "correct": logits.argmax(axis=1) == labels}
    return measured


def pooled(measured: dict, names, score: str) -> np.ndarray:
    return np.concatenate([measured[name][score] for name in names])


def evaluate(calibration: dict, held_out: dict) -> dict:
    """Per score: AUROC, threshold chosen on calibration, rates on both."""
    results = {}
    for score in unsure.SCORES:
        # Chosen on the digits the model reads right: a misread digit is better called unsure.
        threshold = unsure.choose_threshold([calibration[name][score][calibration[name]["correct"]]
                                             for name in unsure_sets.DIGIT_SETS])
        row = {"threshold": threshold,
               "auroc": unsure.auroc(pooled(calibration, unsure_sets.DIGIT_SETS, score),
                                     pooled(calibration, unsure_sets.NOT_DIGIT_SETS, score))}
        for label, measured in (("calibration", calibration), ("held_out", held_out)):
            row[label] = unsure.rates(pooled(measured, unsure_sets.DIGIT_SETS, score),
                                      pooled(measured, unsure_sets.NOT_DIGIT_SETS, score), threshold)
            correct = pooled(measured, unsure_sets.DIGIT_SETS, "correct")
            row[label]["correct_kept"] = float(np.mean(pooled(measured, unsure_sets.DIGIT_SETS, score)[correct]
                                                       >= threshold))
            row[label + "_per_set"] = {
                name: float(np.mean(measured[name][score] >= threshold) if name in unsure_sets.DIGIT_SETS
                            else np.mean(measured[name][score] < threshold))
                for name in unsure_sets.COUNTS}
        results[score] = row
    return results


#: The scores a caller that passes only the ten probabilities can be judged by ("energy"
#: needs the logits): the candidates for RULE.
APP_SCORES = ("max_probability", "margin")


def merit(results: dict, score: str) -> tuple[float, float]:
    """Non-digits flagged on the calibration sets, then AUROC: what a rule is chosen by."""
    return results[score]["calibration"]["not_digits_flagged"], results[score]["auroc"]


def best_logit_scores(results_by_model: dict) -> dict[str, str]:
    """Per model, of every score (the logits give them all), the one that flags the most
    non-digits on the calibration sets, ties broken by AUROC."""
    return {m: max(unsure.SCORES, key=lambda score: merit(results, score)) for m, results in results_by_model.items()}


def best_score(results_by_model: dict) -> str:
    """Of the scores the probabilities give (:data:`APP_SCORES`), the one with the most
    non-digits flagged on the calibration sets (over both models), ties broken by AUROC."""
    def summed(score):
        return tuple(sum(parts) for parts in zip(*(merit(results, score) for results in results_by_model.values())))
    return max(APP_SCORES, key=summed)


def constants_block(rule: str, results_by_model: dict) -> str:
    thresholds = ", ".join(f'"{m}": {results_by_model[m][rule]["threshold"]:.4f}' for m in MODELS)
    measured = ",\n            ".join(
        f'"{m}": {{"digits_kept": {results_by_model[m][rule]["calibration"]["digits_kept"]:.4f}, '
        f'"not_digits_flagged": {results_by_model[m][rule]["calibration"]["not_digits_flagged"]:.4f}}}'
        for m in MODELS)
    return (f'RULE = "{rule}"\n'
            f"THRESHOLDS = {{{thresholds}}}\n"
            "#: What the threshold gave on the calibration sets: share of digits kept confident and of\n"
            "#: non-digits flagged unsure (the drift test compares a fresh measurement with these).\n"
            f"MEASURED = {{{measured}}}\n")


def logit_block(rules: dict[str, str], results_by_model: dict) -> str:
    names = ", ".join(f'"{m}": "{rules[m]}"' for m in MODELS)
    thresholds = ", ".join(f'"{m}": {results_by_model[m][rules[m]]["threshold"]:.4f}' for m in MODELS)
    measured = ",\n                  ".join(
        f'"{m}": {{"digits_kept": {results_by_model[m][rules[m]]["calibration"]["digits_kept"]:.4f}, '
        f'"not_digits_flagged": {results_by_model[m][rules[m]]["calibration"]["not_digits_flagged"]:.4f}}}'
        for m in MODELS)
    return (f"LOGIT_RULES = {{{names}}}\n"
            f"LOGIT_THRESHOLDS = {{{thresholds}}}\n"
            f"LOGIT_MEASURED = {{{measured}}}\n")


BLOCKS = {"RULE/THRESHOLDS/MEASURED": re.compile(r'RULE = ".*?"\nTHRESHOLDS = .*?\nMEASURED = \{.*?\}\}\n', re.S),
          "LOGIT_RULES/LOGIT_THRESHOLDS/LOGIT_MEASURED": re.compile(
              r'LOGIT_RULES = .*?\nLOGIT_THRESHOLDS = .*?\nLOGIT_MEASURED = \{.*?\}\}\n', re.S)}


def write_constants(*blocks: str) -> None:
    path = ROOT / "mnist_viz" / "core" / "unsure.py"
    text = path.read_text()
    for (name, pattern), block in zip(BLOCKS.items(), blocks):
        if not pattern.search(text):
            sys.exit(f"could not find the {name} block in {path}: edit it by hand")
        text = pattern.sub(lambda _match, block=block: block, text, count=1)
    path.write_text(text)
    print(f"wrote the constants into {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the chosen constants into core/unsure.py")
    for name in MODELS:
        parser.add_argument(f"--{name}", type=Path, metavar="CHECKPOINT",
                            help=f"measure this checkpoint instead of the shipped {name} (not with --write)")
    args = parser.parse_args(argv)
    SOURCES.clear()
    SOURCES.update({name: getattr(args, name) for name in MODELS if getattr(args, name)})
    if args.write and SOURCES:
        sys.exit("measure_unsure: --write measures the shipped checkpoints only: leave out --cnn/--softmax")
    for name, path in SOURCES.items():
        if not path.is_file():
            sys.exit(f"measure_unsure: --{name} {path}: no such file")
    try:
        calibration_sets = unsure_sets.make_sets(unsure_sets.CALIBRATION_SEED)
        held_out_sets = unsure_sets.make_sets(unsure_sets.HELD_OUT_SEED)
    except Exception as err:  # noqa: BLE001 (a one-line message, not a traceback)
        sys.exit(f"could not make the test sets: {type(err).__name__}: {err}")
    sizes = ", ".join(f"{name} {len(images)}" for name, (images, _) in calibration_sets.items())
    print(f"sets (calibration seed {unsure_sets.CALIBRATION_SEED}; held-out seed {unsure_sets.HELD_OUT_SEED} "
          f"the same sizes): {sizes}")
    print(f"fonts for letters: {len(unsure_sets.font_files())}")
    results_by_model = {m: evaluate(measure(m, calibration_sets), measure(m, held_out_sets)) for m in MODELS}
    per_set = list(unsure_sets.COUNTS)
    print("\n| model | score | AUROC | threshold | digits read right kept | all digits kept | non-digits flagged "
          "| held-out: all digits kept | held-out: non-digits flagged | " + " | ".join(per_set) + " |")
    print("|" + "---|" * (9 + len(per_set)))
    for m in MODELS:
        for score, row in results_by_model[m].items():
            cells = [m, score, f"{row['auroc']:.3f}", f"{row['threshold']:.3f}",
                     f"{row['calibration']['correct_kept']:.1%}",
                     f"{row['calibration']['digits_kept']:.1%}", f"{row['calibration']['not_digits_flagged']:.1%}",
                     f"{row['held_out']['digits_kept']:.1%}", f"{row['held_out']['not_digits_flagged']:.1%}"]
            cells += [f"{row['held_out_per_set'][name]:.0%}" for name in per_set]
            print("| " + " | ".join(cells) + " |")
    print("\n(per-set columns, held out: digit sets = share kept confident, the others = share flagged unsure)")
    rule = best_score(results_by_model)
    block = constants_block(rule, results_by_model)
    rules = best_logit_scores(results_by_model)
    logits = logit_block(rules, results_by_model)
    print(f"\nbest rule from the probabilities only: {rule}; with the logits: "
          + ", ".join(f"{m} {rules[m]}" for m in MODELS))
    print("\nwith the logits, held out (all digits kept / non-digits flagged; per set):")
    for m in MODELS:
        row = results_by_model[m][rules[m]]
        print(f"  {m} {rules[m]} >= {row['threshold']:.3f}: {row['held_out']['digits_kept']:.1%} / "
              f"{row['held_out']['not_digits_flagged']:.1%}; "
              + ", ".join(f"{name} {row['held_out_per_set'][name]:.0%}" for name in per_set))
    print(f"\n{block}{logits}")
    if args.write:
        write_constants(block, logits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
