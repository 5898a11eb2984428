"""Accuracy of the shipped models (and any checkpoint) on digits unlike MNIST's: a table.

    python scripts/eval_robustness.py                       # resources/pretrained/{cnn,softmax}.pt
    python scripts/eval_robustness.py /tmp/cnn.pt --count 10000 --json

The sets are mnist_viz/core/robustness.py's (MNIST test digits through transformations
the training recipe never uses, and digits drawn as a mouse draws them, through the
canvas's preprocessing), plus "test-drawings": tests/drawn_digits.py's canvas drawings
(digits 0, 1, 3, 4 and 7 with pens of 3 to 40 px, in several sizes and places). The
"unlike MNIST" column is the mean over every set but mnist-test. ``--through-canvas``
feeds the MNIST-derived sets through the canvas's preprocessing first (what the app does
with a drawing or an image file: robustness.through_canvas). MNIST is read from
$MNIST_VIZ_DATA or --data-dir.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mnist_viz.core import checkpoints, data, robustness  # noqa: E402


def test_drawings() -> robustness.TestSet:
    """tests/drawn_digits.py's digits as the canvas gets them: every pen, three sizes, two places."""
    from tests.drawn_digits import DIGIT_STROKES, draw_digit

    drawings, labels = [], []
    for digit in DIGIT_STROKES:
        for pen in (3, 8, 20, 40):
            for box, left, top in ((250, 75, 75), (120, 20, 30), (60, 300, 280)):
                drawings.append(draw_digit(digit, box=box, left=left, top=top, width=min(pen, box / 5)))
                labels.append(digit)
    return robustness.canvas_set("test-drawings", "tests/drawn_digits.py: 0 1 3 4 7, pens 3-40 px, "
                                 "three sizes and places", drawings, labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoints", nargs="*", type=Path,
                        help="checkpoints to evaluate (default: the shipped cnn and softmax)")
    parser.add_argument("--data-dir", help="folder holding MNIST/raw/ (default: $MNIST_VIZ_DATA)")
    parser.add_argument("--count", type=int, default=2000,
                        help="MNIST test digits per set (default 2000; 10000 for all)")
    parser.add_argument("--sets", help=f"comma-separated set names (default all: {', '.join(robustness.SET_NAMES)})")
    parser.add_argument("--through-canvas", action="store_true",
                        help="feed the MNIST-derived sets through the canvas's preprocessing (to_mnist), "
                             "as the app would: size, place, faint ink and very thick pens undone")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    args = parser.parse_args(argv)
    if not 1 <= args.count <= 10_000:
        print(f"eval_robustness: --count must be 1..10000, not {args.count}", file=sys.stderr)
        return 2
    root = data.resolve_root(args.data_dir)
    try:
        mnist = data.load(root)
    except data.DataError as err:
        print(f"eval_robustness: {err}", file=sys.stderr)
        return 2
    names = args.sets.split(",") if args.sets else None
    try:
        sets = robustness.build_sets(mnist.test.images, mnist.test.labels, names=names, count=args.count)
    except ValueError as err:
        print(f"eval_robustness: {err}", file=sys.stderr)
        return 2
    if names is None:
        sets.append(test_drawings())
    if args.through_canvas:
        sets = [robustness.through_canvas(s) if s.name in robustness.MNIST_SETS else s for s in sets]

    from mnist_viz.core.inference import Predictor

    paths = args.checkpoints or [checkpoints.pretrained_path("cnn"), checkpoints.pretrained_path("softmax")]
    results = {}
    for path in paths:
        try:
            predictor = Predictor.from_checkpoint(path)
        except checkpoints.CheckpointError as err:
            print(f"eval_robustness: {err}", file=sys.stderr)
            return 2
        scores = robustness.evaluate(predictor, sets)
        others = [value for name, value in scores.items() if not name.startswith("mnist-test")]
        scores["unlike MNIST (mean)"] = sum(others) / len(others) if others else float("nan")
        results[str(path)] = scores
    if args.json:
        print(json.dumps({"sizes": {s.name: len(s) for s in sets}, "results": results}))
        return 0
    columns = [s.name for s in sets] + ["unlike MNIST (mean)"]
    sizes = {s.name: len(s) for s in sets}
    print(f"{'set':<22}{'images':>7}" + "".join(f"{Path(p).name:>16}" for p in results))
    for name in columns:
        size = str(sizes.get(name, ""))
        print(f"{name:<22}{size:>7}" + "".join(f"{scores[name]:>15.2%} " for scores in results.values()))
    for s in sets:
        print(f"  {s.name}: {s.description}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
