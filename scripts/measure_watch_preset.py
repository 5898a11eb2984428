"""Which CNN recipe makes conv1's filters visibly structured within 300 steps? Measured.

    .venv/bin/python scripts/measure_watch_preset.py --seeds 1,2,3 --out watch-runs.jsonl

Trains each recipe 300 steps on the real MNIST (the core Trainer, as ``mnist-viz train``
does, on the CPU) and reports, at steps 100, 200 and 300, conv1's structure
(:func:`mnist_viz.core.filter_structure.neighbour_correlation`: about 0 for noise, near 1
for smooth filters), the same measure of the change since step 0, the number of distinct
filters and the largest change of a weight; at step 300 also the test accuracy on all
10,000 test images. Recipes: the tutorial-cnn and fast-cnn presets (fast-cnn as it runs:
its one-cycle schedule spans its own 1,800 steps, so step 300 is still in the warm-up),
the watch-cnn preset if it exists, and candidates that differ from the tutorial in the
initialisation (tutorial or He), Adam's learning rate and the batch size (``--recipes``
picks some by name). One JSON object per run is printed and appended to ``--out`` as it
finishes; runs already in ``--out`` are skipped, so a killed measurement resumes. At the
end, a table: each recipe's mean (and spread) over the seeds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mnist_viz.core import data as mdata  # noqa: E402
from mnist_viz.core.experiments import filter_diversity  # noqa: E402
from mnist_viz.core.filter_structure import neighbour_correlation  # noqa: E402
from mnist_viz.core.training import PRESETS, TrainConfig, Trainer  # noqa: E402

STEPS = 300
CHECKPOINTS = (100, 200, 300)
#: Recipes that no init choice expresses yet: the tutorial's start with conv1's weights
#: scaled by this factor (a smaller initial spread, so that what is learned is not drowned
#: in the starting noise). Measured to see whether a new init choice would be worth adding.
CONV1_SCALE: dict[str, float] = {}


def candidates() -> dict[str, TrainConfig]:
    """The recipes compared: the presets, then the tutorial with one or more things changed."""
    recipes = {name: PRESETS[name] for name in ("tutorial-cnn", "fast-cnn", "watch-cnn") if name in PRESETS}
    base = PRESETS["tutorial-cnn"]
    for init in ("tutorial", "kaiming"):
        for lr in (1e-3, 3e-3):
            for batch in (50, 100):
                name = f"{init}-adam{lr:g}-b{batch}"
                recipes[name] = base.replace(preset=name, init=init, learning_rate=lr, batch_size=batch,
                                             steps=1000, eval_every=100)
    # Larger steps still: Adam at 1e-2, and momentum on the summed loss (its steps grow
    # with the gradient, which is smooth because the images are).
    for init in ("tutorial", "kaiming"):
        name = f"{init}-adam0.01-b50"
        recipes[name] = base.replace(preset=name, init=init, learning_rate=1e-2, steps=1000, eval_every=100)
    for lr in (1e-4, 3e-4, 5e-4, 1e-3):
        name = f"tutorial-momentum{lr:g}-b50"
        recipes[name] = base.replace(preset=name, optimizer="momentum", learning_rate=lr, steps=1000,
                                     eval_every=100)
    # Momentum with a warm-up (one-cycle over 1,000 steps: the peak at step 150), so that
    # the large first gradients do not throw the run off.
    for lr in (5e-4, 1e-3):
        name = f"tutorial-momentum{lr:g}-onecycle-b50"
        recipes[name] = base.replace(preset=name, optimizer="momentum", learning_rate=lr, steps=1000,
                                     eval_every=100, schedule="onecycle")
    # The tutorial's start with conv1 at a tenth of its spread (truncated normal 0.01).
    for lr in (1e-4, 1e-3):
        name = f"conv1-spread0.01-adam{lr:g}-b50"
        recipes[name] = base.replace(preset=name, learning_rate=lr, steps=1000, eval_every=100)
        CONV1_SCALE[name] = 0.1
    return recipes


def measure(filters, start) -> dict:
    diversity = filter_diversity(filters)
    return {"structure": round(neighbour_correlation(filters), 4),
            "change_structure": round(neighbour_correlation(filters - start), 4),
            "distinct": diversity.distinct,
            "moved": round(float(abs(filters - start).max()), 5)}


def one_run(name: str, config: TrainConfig, seed: int, mnist) -> dict:
    config = config.replace(seed=seed, device="cpu")
    model = None
    if name in CONV1_SCALE:
        import torch

        from mnist_viz.core.models import build_model

        model = build_model("cnn", init=config.init, keep_prob=config.keep_prob, seed=seed)
        with torch.no_grad():
            model.conv1.weight.mul_(CONV1_SCALE[name])
    trainer = Trainer(config, mnist.train, mnist.test, model=model)
    start = trainer.model.weights()["conv1_filters"].numpy().copy()
    row: dict = {"recipe": name, "seed": seed, "optimizer": config.optimizer, "learning_rate": config.learning_rate,
                 "batch_size": config.batch_size, "init": config.init, "schedule": config.schedule,
                 "loss_reduction": config.loss_reduction, "conv1_scale": CONV1_SCALE.get(name, 1.0),
                 "at_step_0": measure(start, start)}
    started = time.perf_counter()
    for step in range(1, STEPS + 1):
        trainer.train_step()
        if step in CHECKPOINTS:
            row[f"at_step_{step}"] = measure(trainer.model.weights()["conv1_filters"].numpy(), start)
    row["train_s"] = round(time.perf_counter() - started, 1)
    row["test_accuracy"] = round(trainer.evaluate().test_accuracy, 4)
    return row


def summary(rows: list[dict]) -> str:
    by_recipe: dict[str, list[dict]] = {}
    for row in rows:
        by_recipe.setdefault(row["recipe"], []).append(row)

    def stat(values: list[float], digits: int = 3) -> str:
        mean = statistics.fmean(values)
        spread = f" ±{statistics.stdev(values):.{digits}f}" if len(values) > 1 else ""
        return f"{mean:.{digits}f}{spread}"

    lines = [f"{'recipe':<26} seeds  structure@100  structure@300  change-structure@300  distinct  "
             f"test-acc@300"]
    for name, group in by_recipe.items():
        lines.append(f"{name:<26} {len(group):>5}  {stat([r['at_step_100']['structure'] for r in group]):>13}  "
                     f"{stat([r['at_step_300']['structure'] for r in group]):>13}  "
                     f"{stat([r['at_step_300']['change_structure'] for r in group]):>20}  "
                     f"{stat([r['at_step_300']['distinct'] for r in group], 1):>8}  "
                     f"{stat([100 * r['test_accuracy'] for r in group], 2):>12} %")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds (default 1,2,3)")
    parser.add_argument("--recipes", default="", help="comma-separated recipe names (default: all)")
    parser.add_argument("--out", type=Path, default=None, help="append one JSON line per run here; skip runs in it")
    parser.add_argument("--data-dir", default=None, help="folder holding MNIST/raw (default $MNIST_VIZ_DATA)")
    args = parser.parse_args(argv)
    try:
        seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--seeds must be integers separated by commas, not {args.seeds!r}")
    recipes = candidates()
    if args.recipes:
        wanted = [r.strip() for r in args.recipes.split(",") if r.strip()]
        unknown = [r for r in wanted if r not in recipes]
        if unknown:
            parser.error(f"unknown recipe(s) {', '.join(unknown)}; choose from {', '.join(recipes)}")
        recipes = {name: recipes[name] for name in wanted}
    try:
        mnist = mdata.load(mdata.resolve_root(args.data_dir))
    except mdata.DataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    done: list[dict] = []
    if args.out is not None and args.out.exists():
        done = [json.loads(line) for line in args.out.read_text().splitlines() if line.strip()]
    have = {(row["recipe"], row["seed"]) for row in done}
    rows = [row for row in done if row["recipe"] in recipes and row["seed"] in seeds]
    for seed in seeds:  # seed by seed, so that a partial measurement covers every recipe
        for name, config in recipes.items():
            if (name, seed) in have:
                continue
            row = one_run(name, config, seed, mnist)
            print(json.dumps(row), flush=True)
            rows.append(row)
            if args.out is not None:
                with args.out.open("a") as out:
                    out.write(json.dumps(row) + "\n")
    print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
