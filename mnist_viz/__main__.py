"""``python -m mnist_viz`` is the same as the ``mnist-viz`` command."""

import sys

from .cli import main

sys.exit(main())
