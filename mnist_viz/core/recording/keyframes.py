"""A recording's *keyframes*: all the weights at a few steps, so that replay can compute anything there.

A recording's snapshots keep the parts it recorded (filters, templates, the probe's
activations); what needs the whole network (the embedding of 2,000 test images, a unit's
top images, the canvas's answer) cannot be computed from them. So the recorder also keeps
the full weights, as ordinary mnist-viz checkpoints, in ``weights/step-00000100.pt``, ...,
at these steps:

* step 0 (the initial weights) and the run's last step (its end, however it ended);
* at evaluations, for a small network (at most :data:`EVERY_EVALUATION_PARAMETERS`
  parameters: the softmax's 7,850, a few conv layers of one's own): every evaluation;
  for a large one (the tutorial CNN's 3.3 million): the evaluations at which the step has
  at least doubled since the last keyframe (100, 200, 400, 800, ...), so that a 20,000-step
  run keeps about ten of them whatever its length;
* never more than :data:`KEYFRAME_SHARE` of the recording's size bound in all.

Large matrices are stored compactly (int8 with one scale per row, as the shipped models:
``checkpoints.save(compact=True)``; the test accuracy moves by about 0.01 point), so a CNN
keyframe is about 3.5 MB instead of 13 MB. Each file is written atomically (a temporary
file, then a rename), so a reader following a run never sees half of one; a reader lists
the folder afresh (:func:`keyframe_steps`) and reads one with :func:`read_keyframe`,
which checks it as any checkpoint (it never runs code from the file).

Recordings made before keyframes existed have no ``weights/`` folder and open as before:
their replayed steps have no full weights. No Qt in this module.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The run folder's sub-folder of keyframes, and the name of one.
KEYFRAME_DIR = "weights"
KEYFRAME_NAME = "step-{:08d}.pt"
_NAME = re.compile(r"step-(\d{8})\.pt")
#: A network this small is kept at every evaluation.
EVERY_EVALUATION_PARAMETERS = 250_000
#: The keyframes together take at most this share of the recording's size bound.
KEYFRAME_SHARE = 0.25
#: At most this many keyframes are listed (a hostile folder cannot make a reader list millions).
MAX_KEYFRAMES = 10_000


def keyframe_path(run_dir: str | Path, step: int) -> Path:
    return Path(run_dir) / KEYFRAME_DIR / KEYFRAME_NAME.format(int(step))


def keyframe_steps(run_dir: str | Path) -> list[int]:
    """The steps whose full weights ``run_dir`` keeps, ascending (none for an older recording)."""
    folder = Path(run_dir) / KEYFRAME_DIR
    try:
        names = [entry.name for entry in folder.iterdir() if entry.is_file()]
    except OSError:
        return []
    steps = sorted({int(match.group(1)) for name in names if (match := _NAME.fullmatch(name))})
    return steps[:MAX_KEYFRAMES]


class KeyframePlan:
    """Which steps get a keyframe (the rules of the module's docstring), for one run."""

    def __init__(self, parameters: int, max_bytes: int) -> None:
        self.every_evaluation = parameters <= EVERY_EVALUATION_PARAMETERS
        self.budget = int(max_bytes * KEYFRAME_SHARE)
        self.bytes = 0
        self.steps: list[int] = []

    def wanted(self, step: int, kind: str) -> bool:
        """``kind``: "start" (step 0), "evaluation" or "end"."""
        if step in self.steps or self.bytes >= self.budget:
            return False
        if kind in ("start", "end") or self.every_evaluation:
            return True
        last = max((s for s in self.steps if s > 0), default=0)
        return step >= 2 * last

    def kept(self, step: int, size: int) -> None:
        self.steps.append(step)
        self.bytes += size


def write_keyframe(run_dir: str | Path, step: int, model, config, dataset: str) -> int:
    """Write the full weights of ``model`` at ``step``; the file's size in bytes.
    Raises checkpoints.CheckpointError (one line) when it cannot be written."""
    from .. import checkpoints

    path = keyframe_path(run_dir, step)
    checkpoints.save(path, model, config, step=step, compact=True, dataset=dataset)
    return path.stat().st_size


def read_keyframe(run_dir: str | Path, step: int, model: str) -> dict:
    """The state dict (name -> CPU tensor) kept at ``step``; checkpoints.CheckpointError (one
    line) when the file is missing, damaged or holds another network."""
    from .. import checkpoints

    network, _ = checkpoints.load_model(keyframe_path(run_dir, step), expect_model=model)
    return {name: value.detach().to("cpu", copy=True) for name, value in network.state_dict().items()}
