"""The files the checkout ships in resources/: a test that needs them fails without them.

The pretrained models (resources/pretrained/) and the Japanese translation
(resources/translations/) are part of every checkout, sdist and wheel. A test that uses
them must not pass by skipping where they are missing (that hid an installed copy without
them): it fails, saying which file is missing and how to get it back.
"""

from __future__ import annotations

import functools

import pytest

from mnist_viz.core import checkpoints

MISSING = ("{path} is missing: the shipped models are part of the checkout "
           "(restore resources/pretrained/ from git, or regenerate them with scripts/make_pretrained.py)")


def require_pretrained(*model_names: str) -> None:
    """Fail the running test when a shipped checkpoint (default: both) is missing."""
    for name in model_names or ("softmax", "cnn"):
        path = checkpoints.pretrained_path(name)
        if not path.is_file():
            pytest.fail(MISSING.format(path=path), pytrace=False)


def needs_pretrained(test):
    """Decorator: the test needs the shipped models, and fails (never skips) without them."""
    @functools.wraps(test)
    def checked(*args, **kwargs):
        require_pretrained()
        return test(*args, **kwargs)

    return checked
