"""Write tests/fixtures/v0_1_0/: files as mnist-viz 0.1.0 writes them, for the legacy-format tests.

The files users already have (checkpoints, autosaves, recordings, the settings file) must
keep opening after every later change; tests/test_legacy_formats.py and
tests/gui/test_legacy_gui.py open these fixtures with today's code. They were written by
the UNCHANGED code of commit c894913 (mnist-viz 0.1.0, the state before the GUI refactor),
never by a working tree that is being edited. To regenerate them (real MNIST needed,
about 5 minutes on two cores)::

    git worktree add /tmp/legacy-src c894913
    PYTHONPATH=/tmp/legacy-src QT_QPA_PLATFORM=offscreen MNIST_VIZ_DATA=/path/to/mnist \\
        .venv/bin/python scripts/make_legacy_fixtures.py
    git worktree remove /tmp/legacy-src

The script refuses to run when ``mnist_viz`` is not imported from a checkout of that commit
(``--any-source`` overrides, e.g. to write fixtures of a later version into another folder
with ``--out``). Do NOT regenerate v0_1_0 from newer code: the point of these files is that
they are old. A later format bump adds a new folder (and a migration), and leaves this one.

What it writes (see tests/fixtures/v0_1_0/README.md):

* ``softmax.pt``: ``mnist-viz train --preset tutorial-softmax --steps 300 --checkpoint ...``
  (float32 checkpoint, format version 1);
* ``cnn-compact.pt``: ``mnist-viz train --preset fast-cnn --steps 300 --checkpoint ...``,
  then re-saved with ``checkpoints.save(..., compact=True)`` exactly as
  scripts/make_pretrained.py does (int8 fc1; the float32 file is 13 MB);
* ``autosave/softmax-tutorial-softmax-step1000-<time>.pt``: a real MainWindow (offscreen)
  trains softmax (its tutorial preset, 1,000 steps); its RunKeeper autosaves when the run ends;
* ``settings/mnist-viz.ini``: the same window's QSettings INI, written on close after the
  controls were changed (model CNN, learning rate, batch size, ...), the snapshot rate set
  to 5/s, the language set to Japanese, a dock closed and the data set set to Fashion-MNIST;
* ``digits/``: five real MNIST test images as PNG (inputs for the tests, not an app format);
* ``expected-outputs.json``: each checkpoint's probabilities for those five images, as 0.1.0
  computes them;
* ``SHA256SUMS``: the checksums of all of it (a test checks them);
* ``recording-softmax/`` and ``recording-cnn/``: ``mnist-viz train --record DIR`` (softmax:
  100 steps, a snapshot every 25; CNN: 1 step, so 2 snapshots: one CNN snapshot is
  240 KB, mostly conv2's float32 filters and the float16 feature maps).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LEGACY_COMMIT = "c894913"
HERE = Path(__file__).resolve().parents[1]
DEFAULT_OUT = HERE / "tests" / "fixtures" / "v0_1_0"
#: Real MNIST test images the tests classify (index: label); checked here to be right.
PROBE_INDICES = (0, 1, 2, 3, 4)


def check_source(any_source: bool) -> Path:
    """The folder mnist_viz is imported from; exits unless it is a checkout of LEGACY_COMMIT."""
    import mnist_viz

    source = Path(mnist_viz.__file__).resolve().parents[1]
    try:
        head = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(source), "status", "--porcelain", "--", "mnist_viz"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        head, dirty = "unknown", ""
    print(f"mnist_viz {mnist_viz.__version__} from {source} (commit {head[:12]})")
    if not any_source and (not head.startswith(LEGACY_COMMIT) or dirty):
        sys.exit(f"make_legacy_fixtures: mnist_viz comes from {source} at {head[:12]}"
                 f"{' with local changes' if dirty else ''}, not from an unchanged checkout of {LEGACY_COMMIT}; "
                 f"run with PYTHONPATH=/tmp/legacy-src (git worktree add /tmp/legacy-src {LEGACY_COMMIT})")
    return source


def cli(*argv: str) -> dict:
    """Run ``mnist-viz ARGV --json`` in-process; its JSON summary."""
    import contextlib
    import io

    from mnist_viz import cli as mnist_cli

    print("mnist-viz", " ".join(argv))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = mnist_cli.main([*argv, "--json"])
    if code != 0:
        sys.exit(f"make_legacy_fixtures: mnist-viz {' '.join(argv)} exited {code}")
    return json.loads(out.getvalue().strip().splitlines()[-1])


def accuracy(path: Path, test, count: int = 500) -> tuple[float, list[int]]:
    """Accuracy of the checkpoint at ``path`` on the first ``count`` test images, and its
    answers for PROBE_INDICES."""
    from mnist_viz.core import checkpoints
    from mnist_viz.core.inference import Predictor

    predictor = Predictor(checkpoints.load(path).build())
    images = test.images[:count].numpy().astype("float32") / 255.0
    labels = test.labels[:count].numpy()
    answers = predictor.predict_batch(images)
    return float((answers == labels).mean()), [int(answers[i]) for i in PROBE_INDICES]


def make_checkpoints(out: Path, data_dir: str, mnist, scratch: Path, facts: dict) -> None:
    from mnist_viz.core import checkpoints

    softmax = out / "softmax.pt"
    summary = cli("--data-dir", data_dir, "train", "--preset", "tutorial-softmax", "--steps", "300",
                  "--device", "cpu", "--no-download", "--quiet", "--checkpoint", str(softmax))
    facts["softmax.pt"] = {"cli_test_accuracy": summary["test_accuracy"]}

    float_cnn = scratch / "cnn-float32.pt"
    summary = cli("--data-dir", data_dir, "train", "--preset", "fast-cnn", "--steps", "300", "--eval-every", "300",
                  "--device", "cpu", "--no-download", "--quiet", "--checkpoint", str(float_cnn))
    # As scripts/make_pretrained.py writes the shipped cnn.pt (plus the data set it was trained on).
    checkpoint = checkpoints.load(float_cnn)
    compact = out / "cnn-compact.pt"
    checkpoints.save(compact, checkpoint.build(), checkpoint.config, checkpoint.step, dict(checkpoint.metrics),
                     compact=True, dataset=checkpoint.dataset)
    facts["cnn-compact.pt"] = {"cli_test_accuracy": summary["test_accuracy"],
                               "float32_first500": accuracy(float_cnn, mnist.test)[0]}
    for path in (softmax, compact):
        first500, answers = accuracy(path, mnist.test)
        facts[path.name].update(first500=first500, probe_answers=answers, bytes=path.stat().st_size)


def make_recordings(out: Path, data_dir: str, facts: dict) -> None:
    for name, argv in (("recording-softmax", ["--preset", "tutorial-softmax", "--steps", "100", "--eval-every", "50",
                                              "--record-every", "25"]),
                       ("recording-cnn", ["--preset", "tutorial-cnn", "--steps", "1", "--eval-every", "1"])):
        folder = out / name
        summary = cli("--data-dir", data_dir, "train", *argv, "--device", "cpu", "--no-download", "--quiet",
                      "--record", str(folder))
        facts[name] = {"test_accuracy": summary["test_accuracy"],
                       "bytes": sum(p.stat().st_size for p in folder.iterdir())}


# ====================================================================== the window
def wait_until(condition, timeout_s: float = 300.0) -> None:
    """Run Qt's event loop until ``condition()`` is true (checked every 50 ms)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    poll = QTimer(interval=50)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    give_up = QTimer(singleShot=True, interval=int(timeout_s * 1000))
    give_up.timeout.connect(loop.quit)
    poll.start()
    give_up.start()
    if not condition():
        loop.exec()
    poll.stop()
    give_up.stop()
    if not condition():
        sys.exit(f"make_legacy_fixtures: gave up waiting after {timeout_s:.0f} s")


def make_window_files(out: Path, mnist, scratch: Path, facts: dict) -> None:
    """Train softmax in a real window (its autosave), change its settings, close it (the INI)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    autosave_folder = scratch / "autosave"
    os.environ["MNIST_VIZ_AUTOSAVE_DIR"] = str(autosave_folder)
    os.environ["MNIST_VIZ_LOG_DIR"] = str(scratch / "log")
    os.environ.pop("MNIST_VIZ_LANG", None)
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction

    settings_folder = scratch / "settings"
    # As tests/gui/conftest.py's isolated_settings: never the user's own settings.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(settings_folder))

    from mnist_viz.core.config import PRESETS
    from mnist_viz.gui import autosave
    from mnist_viz.gui.app import MainWindow, app_settings, ensure_application

    app = ensure_application()
    window = MainWindow(data=mnist)
    window.resize(1200, 760)
    window.show()
    wait_until(lambda: window.arranged and window.torch_loaded)

    # 1. Train softmax (the tutorial preset: 1,000 steps) with the Start action; the run's end autosaves.
    window.controls.set_config(PRESETS["tutorial-softmax"])
    window.actions["start"].trigger()
    wait_until(lambda: not window.controller.running and window.keeper.last_autosave is not None)
    saved = window.keeper.last_autosave
    files = autosave.autosaves()
    assert files == [saved], files
    (out / "autosave").mkdir()
    shutil.copy2(saved, out / "autosave" / saved.name)
    first500, answers = accuracy(saved, mnist.test)
    facts[f"autosave/{saved.name}"] = {"first500": first500, "probe_answers": answers,
                                       "bytes": saved.stat().st_size}

    # 2. Change the settings as a user would, then close the window (it writes the INI).
    controls = window.controls
    controls.model.setCurrentIndex(controls.model.findData("cnn"))   # loads the tutorial-cnn preset
    controls.learning_rate.setValue(3e-4)
    controls.batch_size.setValue(64)
    controls.steps.setValue(2500)
    controls.eval_every.setValue(250)
    controls.keep_prob.setValue(0.75)
    controls.seed.setValue(7)
    window.snapshot_rate_actions[5.0].trigger()
    window.findChild(QAction, "language_ja_action").trigger()
    window.docks["confusion"].toggleViewAction().trigger()             # close the confusion panel
    controls.dataset.setCurrentIndex(controls.dataset.findData("fashion-mnist"))  # not there: a dialog offers it
    facts["settings/mnist-viz.ini"] = {"config": controls.config().to_dict(), "snapshot_rate": window.snapshot_rate,
                                       "size": [window.width(), window.height()]}
    ini = Path(app_settings().fileName())
    window.close()
    wait_until(lambda: not window.isVisible())
    (out / "settings").mkdir()
    shutil.copy2(ini, out / "settings" / "mnist-viz.ini")
    facts["settings/mnist-viz.ini"]["relative_path"] = str(ini.relative_to(settings_folder))
    window.deleteLater()
    app.processEvents()


def write_digits(out: Path, mnist) -> list[int]:
    """digits/mnist-test-<index>-<label>.png: real MNIST test images (as they are: white ink on
    black) for the tests to classify without the data set. Inputs, not files mnist-viz writes."""
    from PIL import Image

    folder = out / "digits"
    folder.mkdir()
    labels = []
    for index in PROBE_INDICES:
        label = int(mnist.test.labels[index])
        Image.fromarray(mnist.test.images[index].numpy(), mode="L").save(folder / f"mnist-test-{index:05d}-{label}.png")
        labels.append(label)
    return labels


def predict_digits(checkpoint: Path, digits: Path) -> list[int]:
    """What ``mnist-viz predict --checkpoint CHECKPOINT digits/*.png`` answers, in file order."""
    import contextlib
    import io

    from mnist_viz import cli as mnist_cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = mnist_cli.main(["predict", "--checkpoint", str(checkpoint), *map(str, sorted(digits.glob("*.png"))),
                               "--json"])
    if code != 0:
        sys.exit(f"make_legacy_fixtures: mnist-viz predict --checkpoint {checkpoint} exited {code}")
    return [json.loads(line)["digit"] for line in out.getvalue().splitlines() if line.strip()]


def write_expected_outputs(out: Path) -> None:
    """expected-outputs.json: each checkpoint's ten probabilities for each digits/ image (the raw
    28x28 pixels / 255, no preprocessing), computed by this (0.1.0) code: a reader that gets any
    weight wrong changes them."""
    import numpy as np
    from PIL import Image

    from mnist_viz.core import checkpoints
    from mnist_viz.core.inference import Predictor

    expected = {}
    for checkpoint in [out / "softmax.pt", out / "cnn-compact.pt", *(out / "autosave").glob("*.pt")]:
        predictor = Predictor(checkpoints.load(checkpoint).build())
        expected[checkpoint.relative_to(out).as_posix()] = {
            png.name: [round(float(p), 7) for p in predictor.probabilities(
                np.asarray(Image.open(png), dtype=np.float32) / 255.0)]
            for png in sorted((out / "digits").glob("*.png"))}
    (out / "expected-outputs.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")


def write_checksums(out: Path) -> None:
    """SHA256SUMS (``sha256sum -c`` reads it): the tests check that nobody rewrote these files."""
    import hashlib

    lines = [f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(out).as_posix()}"
             for path in sorted(out.rglob("*")) if path.is_file() and path.name not in ("SHA256SUMS", "README.md")]
    (out / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"folder to write (default {DEFAULT_OUT})")
    parser.add_argument("--data-dir", default=os.environ.get("MNIST_VIZ_DATA"),
                        help="folder holding MNIST/raw/ (default: $MNIST_VIZ_DATA)")
    parser.add_argument("--any-source", action="store_true",
                        help=f"allow mnist_viz from elsewhere than a checkout of {LEGACY_COMMIT}")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = parser.parse_args(argv)
    check_source(args.any_source)
    if not args.data_dir:
        parser.error("give --data-dir or set MNIST_VIZ_DATA (real MNIST is needed)")
    out = args.out.resolve()
    readme = (out / "README.md").read_text(encoding="utf-8") if (out / "README.md").is_file() else None
    if out.exists():
        if not args.force:
            parser.error(f"{out} exists; pass --force to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True)

    from mnist_viz.core import data

    mnist = data.load(Path(args.data_dir))
    facts: dict = {}
    with tempfile.TemporaryDirectory(prefix="legacy-fixtures-") as scratch:
        scratch = Path(scratch)
        make_checkpoints(out, args.data_dir, mnist, scratch, facts)
        make_recordings(out, args.data_dir, facts)
        make_window_files(out, mnist, scratch, facts)
    labels = write_digits(out, mnist)
    facts["probe_labels"] = labels
    for checkpoint in [out / "softmax.pt", out / "cnn-compact.pt", *(out / "autosave").glob("*.pt")]:
        facts[str(checkpoint.relative_to(out))]["cli_predict_digits"] = predict_digits(checkpoint, out / "digits")
    print(json.dumps(facts, indent=1))
    for name, fact in facts.items():
        if not isinstance(fact, dict):
            continue
        for key in ("probe_answers", "cli_predict_digits"):
            if key in fact and fact[key] != labels:
                print(f"make_legacy_fixtures: warning: {name} answers {fact[key]} ({key}) for test images "
                      f"{PROBE_INDICES}, labelled {labels}", file=sys.stderr)
    write_expected_outputs(out)
    if readme is not None:  # hand-written: kept across a regeneration
        (out / "README.md").write_text(readme, encoding="utf-8")
    write_checksums(out)
    total = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    print(f"wrote {out} ({total / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
