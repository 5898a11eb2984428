"""Does moment normalisation ("deskewing", core/deskew.py) let the softmax read digits unlike MNIST's?

Trains softmax regressions exactly as the canvas-softmax preset does (the app's Trainer,
its Adam one-cycle schedule, its canvas-light augmentation, seed 1, one torch thread),
with the normalisation applied to each batch *after* the augmentation (inside the model),
and measures each on core/robustness.py's sets (2,000 MNIST test digits a set) built from
another seed than the README's (``--set-seed``, default 100: the choice is made on sets
that are not the reported ones) and on all 10,000 MNIST test digits:

    plain         fc-10 on the pixels (the canvas-softmax shipped before)
    deskew        the slant undone and the centroid centred, then fc-10
    deskew-size   the same, and scaled to MNIST's vertical ink spread

It also prints MNIST's median vertical ink spread (core.deskew.MNIST_SPREAD_PX).

    OMP_NUM_THREADS=1 MNIST_VIZ_DATA=/path/to/mnist python scripts/measure_deskew.py [--variants plain,deskew]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mnist_viz.core import data, robustness  # noqa: E402

VARIANTS = {"plain": None, "deskew": False, "deskew-size": True}


def build(variant: str, config):
    """The variant's model: the preset's fc-10 (its init), normalised first where asked."""
    import torch

    from mnist_viz.core.builder import build_model
    from mnist_viz.core.deskew import deskew

    size = VARIANTS[variant]
    torch.manual_seed(config.seed)
    model = build_model("fc-10", init=config.init, keep_prob=config.keep_prob, seed=config.seed,
                        dataset=config.dataset)
    if size is None:
        return model
    plain_forward = model.forward
    model.forward = lambda x: plain_forward(deskew(x, size))  # after the Trainer's augmentation
    return model


def train(variant: str, mnist, steps: int | None):
    import torch

    from mnist_viz.core.config import preset
    from mnist_viz.core.training import Trainer

    config = preset("canvas-softmax")
    if steps:
        config = config.replace(steps=steps)
    trainer = Trainer(config, mnist.train, mnist.test, model=build(variant, config))
    started = time.process_time()
    while trainer.step < config.steps:
        trainer.train_step()
    seconds = time.process_time() - started
    trainer.model.eval()
    test = trainer.evaluate().test_accuracy
    torch.set_grad_enabled(True)
    return trainer.model, test, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, of {', '.join(VARIANTS)}")
    parser.add_argument("--set-seed", type=int, default=100, help="the robustness sets' seed (default 100, held out)")
    parser.add_argument("--count", type=int, default=2000, help="MNIST test digits per set (default 2000)")
    parser.add_argument("--steps", type=int, help="training steps (default: the preset's 3,000)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    variants = args.variants.split(",")
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        print(f"measure_deskew: unknown variant {unknown[0]!r}; choose from {', '.join(VARIANTS)}", file=sys.stderr)
        return 2
    import torch

    from mnist_viz.core.deskew import moments
    from mnist_viz.core.inference import Predictor

    torch.set_num_threads(1)
    try:
        mnist = data.load(data.resolve_root(None))
    except data.DataError as err:
        print(f"measure_deskew: {err}", file=sys.stderr)
        return 2
    images = mnist.train.images.reshape(-1, 1, 28, 28).float()
    spread = (moments(images / images.amax())["var_y"].sqrt() * 14).median().item()
    print(f"MNIST's median vertical ink spread: {spread:.2f} px (training set)", flush=True)
    sets = robustness.build_sets(mnist.test.images, mnist.test.labels, count=args.count, seed=args.set_seed)
    results = {}
    for variant in variants:
        model, test, seconds = train(variant, mnist, args.steps)
        scores = robustness.evaluate(Predictor(model, variant), sets)
        others = [v for k, v in scores.items() if k != "mnist-test"]
        scores["unlike MNIST (mean)"] = sum(others) / len(others)
        scores["mnist-test (all 10,000)"] = test
        results[variant] = {"scores": scores, "cpu_seconds": seconds}
        print(f"{variant}: MNIST test {test:.2%}, unlike MNIST {scores['unlike MNIST (mean)']:.2%} "
              f"({seconds:.0f} s of CPU)", flush=True)
    print(f"\n{'set':<26}" + "".join(f"{v:>13}" for v in results))
    for name in next(iter(results.values()))["scores"]:
        print(f"{name:<26}" + "".join(f"{r['scores'][name]:>12.2%} " for r in results.values()))
    if args.json:
        args.json.write_text(json.dumps({"set_seed": args.set_seed, "count": args.count, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
