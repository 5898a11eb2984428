"""Measure what the Distributions panel shows for small playground networks: the first
layer's gradient norm divided by the last layer's, and each activation layer's dead
(relu-like) or saturated (sigmoid, tanh) fraction, as ``core.stats`` computes them, at a
few steps of a plain training loop on the real MNIST, and the test accuracy at the end.

The numbers in the Distributions panel's help and the README come from its default run:

    MNIST_VIZ_DATA=/path/to/mnist .venv/bin/python scripts/measure_activation_stats.py

Adam 1e-3, batch 50, the playground's "auto" init, seed 0, 600 steps, one CPU thread;
accuracy on the first 2,000 test images. Give architectures as arguments to measure others.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import torch
from torch.nn import functional as F

from mnist_viz.core import data, stats
from mnist_viz.core.builder import build_model

DEFAULT = [f"conv3x3-8,{a},maxpool-2,conv3x3-16,{a},maxpool-2,conv3x3-16,{a},fc-10"
           for a in ("sigmoid", "tanh", "relu")]


def measure(arch: str, mnist: data.Mnist, steps: int, report_at: set[int]) -> None:
    torch.manual_seed(0)
    model = build_model(arch, init="auto", seed=0)
    optimiser = torch.optim.Adam(model.parameters(), 1e-3)
    generator = torch.Generator().manual_seed(0)
    probe = data.to_float(mnist.test.images[:stats.DEAD_RELU_IMAGES])
    for step in range(1, steps + 1):
        batch = torch.randint(0, len(mnist.train.images), (50,), generator=generator)
        optimiser.zero_grad()
        images, labels = data.to_float(mnist.train.images[batch]), mnist.train.labels[batch].long()
        F.cross_entropy(model(images), labels).backward()
        if step in report_at:
            arrays = stats.distributions(model, probe, step=step)
            layers = stats.weight_layer_names(arrays)
            ratio = float(arrays[f"dist/{layers[0]}/gradient_norm"]) / float(arrays[f"dist/{layers[-1]}/gradient_norm"])
            fractions = ", ".join(
                f"{name} {measure.split('_')[0]} {100 * float(arrays[f'dist/{name}/{measure}']):.1f} %"
                for name, measure in stats.activation_measures(arrays).items())
            print(f"{arch}  step {step}: {layers[0]} / {layers[-1]} gradient norm {ratio:.2g}; {fractions}", flush=True)
        optimiser.step()
    model.eval()
    with torch.no_grad():
        images, labels = data.to_float(mnist.test.images[:2000]), mnist.test.labels[:2000].long()
        accuracy = float((model(images).argmax(1) == labels).float().mean())
    print(f"{arch}  test accuracy (first 2,000 test images) {100 * accuracy:.1f} %", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("arch", nargs="*", default=DEFAULT)
    parser.add_argument("--steps", type=int, default=600)
    args = parser.parse_args()
    root = os.environ.get(data.ENV_VAR)
    if not root:
        parser.exit(2, f"set {data.ENV_VAR} to the folder that holds MNIST/raw/\n")
    torch.set_num_threads(1)
    mnist = data.load(Path(root))
    for arch in args.arch:
        measure(arch, mnist, args.steps, {1, 100, args.steps})


if __name__ == "__main__":
    main()
