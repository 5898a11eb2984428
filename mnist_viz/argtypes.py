"""Argument types shared by the command line's parsers (mnist_viz.cli and mnist_viz.sweep_cli,
which may not import cli: cli imports it). Each raises argparse's ArgumentTypeError with the
one-line reason argparse prints after the option's name."""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value
