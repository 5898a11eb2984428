"""The log file: ``<user log folder>/mnist-viz.log``, rotated (1 MB x 3).

Everything worth knowing after the fact goes here (runs started and finished, data and
checkpoint errors with their tracebacks, settings that were reset, autosaves), so that a
message box can stay short and the details are still somewhere. Help > About shows the
path. ``MNIST_VIZ_LOG_DIR`` overrides the folder (tests use it).

Only the entry points (``mnist-viz`` and the app's ``run_app``) call :func:`setup`;
library code just logs to :func:`get`'s logger, which writes nowhere until then.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER_NAME = "mnist_viz"
LOG_DIR_ENV = "MNIST_VIZ_LOG_DIR"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
_handler: RotatingFileHandler | None = None


def log_dir() -> Path:
    """Where the log goes: $MNIST_VIZ_LOG_DIR, else the platform's user log folder."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("mnist-viz", appauthor=False))


def log_path() -> Path:
    return log_dir() / "mnist-viz.log"


def setup(level: int = logging.INFO, max_bytes: int = MAX_BYTES, backup_count: int = BACKUP_COUNT) -> Path | None:
    """Attach the rotating file handler once; returns the log file (None if unwritable).

    Calling it again returns the file already in use (call :func:`shutdown` first to
    start over, e.g. in a test that changes $MNIST_VIZ_LOG_DIR).
    """
    global _handler
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level)
    if _handler is not None:
        return Path(_handler.baseFilename)
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")
    except OSError:
        return None  # a read-only home must not stop the app
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(_handler)
    return path


def current_path() -> Path | None:
    """The log file being written, or None when :func:`setup` has not run (or failed)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def shutdown() -> None:
    """Detach and close the file handler (the next :func:`setup` opens the file again)."""
    global _handler
    if _handler is not None:
        logging.getLogger(LOGGER_NAME).removeHandler(_handler)
        _handler.close()
        _handler = None


def get(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)
