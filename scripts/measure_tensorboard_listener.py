"""How much ``train --tensorboard`` slows training: steps/s with and without the live listener.

Runs alternate (without, with, without, with, ...) on the same data, so that a machine
whose load changes affects both alike; the medians and their ratio are printed. The rate is
measured from the caller's side, between the first and the last StepDone, so it includes
everything the listener costs the training thread (each step's append, the snapshot steps'
weight copies and distributions) and what its writer thread takes from it (the GIL, a core).
The end (after the last step: the final evaluation, and with the listener everything it has
not written yet, written in the caller's thread) is timed apart, with and without.

    MNIST_VIZ_DATA=/path/to/data python scripts/measure_tensorboard_listener.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch

from mnist_viz.core import data
from mnist_viz.core import events as ev
from mnist_viz.core.tensorboard import TensorBoardListener
from mnist_viz.core.training import Trainer, preset


def one_run(config, mnist, logdir: Path | None, every: int, inside: list[float]) -> tuple[float, float]:
    """(steps per second between the first and last step, seconds from the last step to the
    end: the final evaluation, and the listener's last writes and close). Adds to ``inside``
    the seconds the training thread spent in the listener before the run's end."""
    test = data.Split(mnist.test.images[:1000], mnist.test.labels[:1000])  # a short final evaluation
    trainer = Trainer(config, mnist.train, test)
    listener = None
    if logdir is not None:
        listener = TensorBoardListener(logdir, config, every_steps=every)
        on_event = listener.on_event

        def timed(trainer, event) -> None:
            started = time.perf_counter()
            on_event(trainer, event)
            if not isinstance(event, ev.Finished):
                inside.append(time.perf_counter() - started)

        listener.on_event = timed
        listener.attach(trainer)
    first = last = None
    for event in trainer.run():
        if isinstance(event, ev.StepDone):
            now = time.perf_counter()
            first = now if first is None else first
            last = now
    if listener is not None:
        listener.close()
        assert listener.error is None, listener.error
    return (config.steps - 1) / (last - first), time.perf_counter() - last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default: 1)")
    parser.add_argument("--every", type=int, default=50, help="images and histograms every N steps (default: 50)")
    parser.add_argument("--models", default="softmax,cnn", help="which runs (default: softmax,cnn)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    mnist = data.load(data.resolve_root())
    runs = {"softmax": preset("tutorial-softmax").replace(steps=1000, eval_every=0, device="cpu"),
            "cnn": preset("tutorial-cnn").replace(steps=100, eval_every=0, device="cpu")}
    # (the final evaluation is on the first 1,000 test images, to keep the end short)
    with tempfile.TemporaryDirectory() as folder:
        for name, config in runs.items():
            if name not in args.models.split(","):
                continue
            without, with_, ends, ends_with, inside, walls = [], [], [], [], [], []
            for k in range(args.rounds):
                rate, end = one_run(config, mnist, None, args.every, [])
                without.append(rate)
                ends.append(end)
                rate, end = one_run(config, mnist, Path(folder) / f"{name}-{k}", args.every, inside)
                walls.append((config.steps - 1) / rate)
                with_.append(rate)
                ends_with.append(end)
            a, b = statistics.median(without), statistics.median(with_)
            print(f"{name}: {config.steps} steps, batch {config.batch_size}, images and histograms every "
                  f"{args.every} steps, {args.threads} torch thread(s), {args.rounds} rounds alternating")
            print(f"  without listener: {a:8.1f} steps/s (median of {', '.join(f'{x:.1f}' for x in without)})")
            print(f"  with listener:    {b:8.1f} steps/s (median of {', '.join(f'{x:.1f}' for x in with_)})")
            print(f"  ratio with/without: {b / a:.3f}")
            print(f"  the training thread's time in the listener: {100 * sum(inside) / sum(walls):.2f} % of the "
                  f"training ({sorted(inside)[len(inside) // 2] * 1e6:.0f} us median per event, "
                  f"{max(inside) * 1000:.1f} ms at most: a snapshot step)")
            print(f"  after the last step: {statistics.median(ends) * 1000:.0f} ms without, "
                  f"{statistics.median(ends_with) * 1000:.0f} ms with the listener (medians)")


if __name__ == "__main__":
    main()
