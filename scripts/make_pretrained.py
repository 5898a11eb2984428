"""Turn checkpoints trained with ``mnist-viz train`` into the shipped pretrained ones.

The app's canvas and ``mnist-viz predict --model ...`` use resources/pretrained/{softmax,cnn}.pt,
so that drawing works the moment the app opens, with no training and no data. They are
trained for handwriting unlike MNIST's (augmented batches, core/augment.py). To regenerate
them on the real MNIST, on one torch thread (the figures and files are reproduced exactly with the same
torch version and thread count)::

    export OMP_NUM_THREADS=1 MNIST_VIZ_DATA=/path/to/mnist
    mnist-viz train --preset canvas-softmax --checkpoint /tmp/softmax.pt   # deskew,fc-10
    mnist-viz train --preset canvas-cnn --checkpoint /tmp/cnn.pt
    python scripts/make_pretrained.py /tmp/softmax.pt /tmp/cnn.pt
    python scripts/measure_unsure.py --write     # the "not sure" thresholds of the new files

(resources/pretrained/README.md has the figures: steps, wall time, accuracies.)

Each file keeps the network's architecture ("arch") and the training config (preset,
augmentation, ...), and is saved with compact storage (large matrices as int8 with
per-row scales; see mnist_viz/core/checkpoints.py), which keeps the CNN under 5 MiB. When
MNIST is available ($MNIST_VIZ_DATA or --data-dir), the script measures the test accuracy
of the original and of the compact weights and refuses to write a file whose accuracy
moved by 0.1 point or more.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mnist_viz.core import checkpoints, data, networks  # noqa: E402
from mnist_viz.core.config import SHIPPED_SLOTS, shipped_model  # noqa: E402
from mnist_viz.core.inference import Predictor, shipped_model_ok  # noqa: E402

MAX_ACCURACY_CHANGE = 0.001  # 0.1 point
MAX_FILE_BYTES = 5 * 1024 * 1024


def accuracy(predictor: Predictor, test: data.Split) -> float:
    images = test.images.numpy().astype("float32") / 255.0
    labels = test.labels.numpy()
    return float((predictor.predict_batch(images) == labels).mean())


def slot(model_name: str) -> str | None:
    """The shipped file a model goes to ("softmax" for deskew,fc-10, "cnn", "softmax-plain" for
    the tutorial's fc-10), None if none (core.config.shipped_model)."""
    return next((name for name in SHIPPED_SLOTS if shipped_model_ok(name, model_name)), None)


def convert(source: Path, test: data.Split | None) -> int:
    try:
        checkpoint = checkpoints.load(source)
    except checkpoints.CheckpointError as err:
        print(f"make_pretrained: {err}", file=sys.stderr)
        return 2
    model = checkpoint.build()
    if slot(checkpoint.model_name) is None:
        shipped = ", ".join(f"{shipped_model(name)} ({name}.pt)" for name in SHIPPED_SLOTS)
        print(f"make_pretrained: {source} holds a {networks.title(checkpoint.model_name)} model; the shipped "
              f"ones are {shipped}", file=sys.stderr)
        return 2
    target = checkpoints.pretrained_path(slot(checkpoint.model_name))
    metrics = dict(checkpoint.metrics)
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / target.name
        checkpoints.save(trial, model, checkpoint.config, checkpoint.step, metrics, compact=True)
        if test is not None:
            before = accuracy(Predictor(model), test)
            after = accuracy(Predictor.from_checkpoint(trial), test)
            print(f"{checkpoint.model_name}: test accuracy {before:.4f} (float32) -> {after:.4f} (compact)")
            if abs(after - before) >= MAX_ACCURACY_CHANGE:
                print(f"make_pretrained: compact storage changed the accuracy by {abs(after - before):.2%}; "
                      "not written", file=sys.stderr)
                return 1
            metrics["test_accuracy"] = after
        else:
            print(f"{checkpoint.model_name}: MNIST not found, accuracy not checked", file=sys.stderr)
    checkpoints.save(target, model, checkpoint.config, checkpoint.step, metrics, compact=True)
    size = target.stat().st_size
    print(f"wrote {target} ({size / 1e6:.2f} MB, step {checkpoint.step}, preset {checkpoint.config.get('preset')}, "
          f"augment {checkpoint.config.get('augment', 'none')}, arch {checkpoint.arch})")
    if size > MAX_FILE_BYTES:
        print(f"make_pretrained: {target} is over 5 MiB; it cannot be committed", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoints", nargs="+", type=Path, help="checkpoints saved by 'mnist-viz train'")
    parser.add_argument("--data-dir", help="folder holding MNIST/raw/ (default: $MNIST_VIZ_DATA)")
    args = parser.parse_args(argv)
    root = data.resolve_root(args.data_dir)
    test = None if data.missing_files(root) else data.load(root).test
    status = 0
    for source in args.checkpoints:
        status = max(status, convert(source, test))
    return status


if __name__ == "__main__":
    sys.exit(main())
