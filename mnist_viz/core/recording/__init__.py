"""Record a training run to a folder, and read it back: a run you can replay and share.

A *recording* is a folder holding (format 2)

* ``manifest.json``: what was recorded (model, configuration, parts, which snapshot
  steps live in which chunk file, which metrics files hold which steps, the evaluations,
  how the run ended), rewritten atomically (temporary file + ``os.replace``) at every
  flush, and at least every 10 s while the run goes on;
* ``metrics-000000.npz``, ...: the loss, accuracy and learning rate of every step, and each
  evaluation's confusion matrix and predictions; the last one is rewritten at each flush
  until it is full (about 512 KB), then the next one starts;
* ``chunk-0000.npz``, ``chunk-0001.npz``, ...: snapshots of the weights and of the probe
  image's activations, up to 20 per file, written once and never changed.

The writer puts everything recorded on disk within 2 s (``FLUSH_SECONDS``), so that
another process, here or on another machine through a shared or synced folder, can follow
the run. Format 1 (mnist-viz 0.1.0: one ``metrics.npz`` rewritten whole) is still read.

Every file is an open format (JSON, and numpy's ``.npz``: a zip of ``.npy`` arrays), so a
recording can be read without mnist-viz; ``docs/recording-format.md`` describes it.

:class:`Recorder` (``writer``) listens to a :class:`~mnist_viz.core.training.Trainer`
(``trainer.add_listener``) and takes its own snapshots at exact steps, in the training
thread, independently of what the GUI happens to be watching. :class:`Recording`
(``reader``) opens a folder, also while it is still being written (:meth:`Recording.refresh`
reads only what is new), and hands back the same events the live trainer sends, so a panel
can replay it. ``format`` holds the names and limits both agree on; ``manifest``,
``validate`` and ``metrics`` the reader's checks of what it reads.

Everything public is re-exported here. No Qt in this package.
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - tests patch recording.np.savez_compressed

from .format import (DIST_LAYERS, ECHO, EVAL_FIELDS, FLUSH_SECONDS, FORMAT, FORMAT_VERSION, HEARTBEAT_SECONDS,
                    MANIFEST, MAX_CHUNKS, MAX_EVAL_ITEMS, MAX_EVALUATIONS, MAX_JSON_DEPTH, MAX_MANIFEST_BYTES,
                    MAX_METRIC_FILES, MAX_METRIC_STEPS, MAX_METRICS_BYTES, MAX_NPZ_MEMBERS, MAX_SNAPSHOTS,
                    MAX_STEP, MAX_STEPS_PER_CHUNK, MAX_TEXT, METRIC_FILE, METRIC_FILE_BYTES, METRICS, PART_SHAPES,
                    PROBE_KEY, SNAPSHOTS_PER_CHUNK, STALL_SECONDS, STEP_FIELDS, RecordingError, check_new_folder,
                    default_parts)
from .reader import Recording
from .writer import Recorder

__all__ = ["DIST_LAYERS", "ECHO", "EVAL_FIELDS", "FLUSH_SECONDS", "FORMAT", "FORMAT_VERSION", "HEARTBEAT_SECONDS",
           "MANIFEST", "MAX_CHUNKS", "MAX_EVALUATIONS", "MAX_EVAL_ITEMS", "MAX_JSON_DEPTH", "MAX_MANIFEST_BYTES",
           "MAX_METRICS_BYTES", "MAX_METRIC_FILES", "MAX_METRIC_STEPS", "MAX_NPZ_MEMBERS", "MAX_SNAPSHOTS",
           "MAX_STEP", "MAX_STEPS_PER_CHUNK", "MAX_TEXT", "METRICS", "METRIC_FILE", "METRIC_FILE_BYTES",
           "PART_SHAPES", "PROBE_KEY", "Recorder", "Recording", "RecordingError", "SNAPSHOTS_PER_CHUNK",
           "STALL_SECONDS", "STEP_FIELDS", "check_new_folder", "default_parts"]
