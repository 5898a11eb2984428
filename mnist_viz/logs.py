"""The log file: ``<user log folder>/mnist-viz.log``, rotated (1 MB x 3).

Everything worth knowing after the fact goes here (runs started and finished, data and
checkpoint errors with their tracebacks, settings that were reset), so that a message
box can stay short and the details are still somewhere. Help > About shows the path.
``MNIST_VIZ_LOG_DIR`` overrides the folder (tests use it).
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER_NAME = "mnist_viz"
_handler: RotatingFileHandler | None = None


def log_dir() -> Path:
    override = os.environ.get("MNIST_VIZ_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("mnist-viz", appauthor=False))


def log_path() -> Path:
    return log_dir() / "mnist-viz.log"


def setup(level: int = logging.INFO) -> Path | None:
    """Attach the rotating file handler once; returns the log file (None if unwritable)."""
    global _handler
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    if _handler is not None:
        return Path(_handler.baseFilename)
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None  # a read-only home must not stop the app
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(_handler)
    return path


def get(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)
