"""Where the files shipped with mnist-viz are: the pretrained models, translations, icons, texts.

They live in ``resources/`` at the top of the repository. The build installs that folder
as package data *inside* the package, as ``mnist_viz/resources/`` (pyproject.toml maps
the package ``mnist_viz.resources`` to ``resources/``; screenshots stay out of the wheel).
So there are two layouts, and :func:`root` finds either:

* installed from a wheel: ``.../site-packages/mnist_viz/resources/``, found with
  :mod:`importlib.resources` from the package itself;
* a source checkout (an editable install, or ``python -m mnist_viz`` in a clone):
  ``<repository>/resources/``, beside the package.

No Qt and no torch here: the command line, the core and the window all use it.
"""

from __future__ import annotations

import atexit
import contextlib
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

#: The folder's name inside the installed package (``mnist_viz/resources``).
FOLDER = "resources"


@cache
def root() -> Path:
    """The folder that holds ``pretrained/``, ``translations/``, ``icons/`` and ``desktop/``."""
    installed = importlib_resources.files("mnist_viz").joinpath(FOLDER)
    if installed.is_dir():
        if isinstance(installed, Path):
            return installed
        # Imported from a zip file: Qt and torch need real files, so unpack it for the
        # lifetime of this process (an unusual set-up; a wheel installs real files).
        stack = contextlib.ExitStack()
        atexit.register(stack.close)
        return Path(stack.enter_context(importlib_resources.as_file(installed)))
    return checkout_root()


def checkout_root() -> Path:
    """``resources/`` of the source checkout that this package was imported from."""
    return Path(__file__).resolve().parents[2] / FOLDER


def path(*parts: str) -> Path:
    """A shipped file, e.g. ``path("pretrained", "cnn.pt")`` (it may not exist)."""
    return root().joinpath(*parts)


def read_text(*parts: str) -> str | None:
    """A shipped UTF-8 text file's contents, e.g. ``read_text("concepts", "en.md")``; None if
    it is not there or cannot be read."""
    try:
        return path(*parts).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
