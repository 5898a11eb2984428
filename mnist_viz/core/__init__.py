"""The core: no Qt, importable and testable headless (see docs/architecture.md).

Importing any part of it imports :mod:`mnist_viz.core.networks` first (torch-free), which
hands ``core.config`` the rules by which a ``TrainConfig`` checks its model: "softmax",
"cnn" or an architecture's text. ``config`` cannot import it itself (``core.arch`` imports
``config``), so this is where the two meet.
"""

from . import networks  # noqa: F401  (see the docstring)
