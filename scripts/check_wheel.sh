#!/usr/bin/env bash
# Install mnist-viz as a user would, and check that the installed copy works from anywhere.
#
#   scripts/check_wheel.sh            (.ci/run calls it; it also runs on its own)
#
# 1. Builds the sdist and, from the sdist, the wheel (python -m build), so that a file the
#    sdist lacks breaks the build here rather than for a packager; checks that the sdist
#    holds every file git tracks, and that the wheel holds the shipped models, the
#    translation, the icons and the desktop files but no screenshots, and every package.
# 2. Installs the wheel (not editable) into a fresh virtual environment (torch and
#    torchvision first, as in the README), then from an empty folder elsewhere runs
#    `mnist-viz --version`, `mnist-viz predict` with the shipped CNN on PNG images of real
#    MNIST test digits (drawn ones where MNIST is not at hand), loads the Japanese
#    translation through the app's own i18n code, opens the window in Japanese (both
#    offscreen), and installs and uninstalls the desktop launcher into a scratch
#    XDG_DATA_HOME. These runs get a scratch HOME: nothing is written to yours.
#
# Environment: PYTHON (default python3.11) makes the fresh venv; BUILD_PYTHON runs `build`
# (default: .venv/bin/python where it has `build`, else a scratch venv gets it from PyPI);
# MNIST_VIZ_DATA (default ../shared/mnist) is where real MNIST digits are taken from;
# KEEP=1 keeps the scratch folder; VENV=DIR installs into DIR (made if missing, kept, torch
# installed only if missing there) instead of a fresh venv, for trying the script again. Exit status 0 when everything holds, 1 otherwise.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
started=$SECONDS
python=${PYTHON:-python3.11}
builder=${BUILD_PYTHON:-}
if [[ -z "$builder" && -x .venv/bin/python ]] && .venv/bin/python -c "import build" 2>/dev/null; then
    builder=.venv/bin/python
fi
data=${MNIST_VIZ_DATA:-../shared/mnist}
[[ -d "$data" ]] && data=$(cd "$data" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/mnist-viz-wheel.XXXXXX")
if [[ "${KEEP:-}" == 1 ]]; then
    echo "check_wheel: keeping $work"
else
    trap 'rm -rf "$work"' EXIT
fi
fail() { echo "check_wheel: FAILED: $*" >&2; exit 1; }

# ----------------------------------------------------------------------------- 1. build
echo "--- building the sdist, and the wheel from it"
if [[ -z "$builder" ]]; then  # no python with `build` at hand: one in the scratch folder
    "$python" -m venv "$work/build-env"
    "$work/build-env/bin/pip" install --quiet build
    builder="$work/build-env/bin/python"
fi
"$builder" -m build --outdir "$work/dist" . > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; fail "the build failed"; }
sdist=$(ls "$work"/dist/*.tar.gz)
wheel=$(ls "$work"/dist/*.whl)
echo "sdist $(basename "$sdist") $(du -k "$sdist" | cut -f1) KB, wheel $(basename "$wheel") $(du -k "$wheel" | cut -f1) KB"

"$builder" - "$sdist" "$wheel" <<'EOF' || fail "the sdist or the wheel lacks something (above)"
import subprocess, sys, tarfile, zipfile
from pathlib import Path

sdist, wheel = sys.argv[1:]
problems = []
with tarfile.open(sdist) as tar:
    names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True).stdout.split()
for path in tracked:
    if Path(path).exists() and path not in names:
        problems.append(f"sdist lacks {path}")
problems += [f"sdist holds {name}" for name in names if "__pycache__" in name or name.endswith(".pyc")]

files = set(zipfile.ZipFile(wheel).namelist())
for needed in ["mnist_viz/resources/pretrained/cnn.pt", "mnist_viz/resources/pretrained/softmax.pt",
               "mnist_viz/resources/pretrained/softmax-plain.pt",
               "mnist_viz/resources/translations/mnist_viz_ja.qm", "mnist_viz/resources/icons/mnist-viz.svg",
               "mnist_viz/resources/icons/mnist-viz-256.png", "mnist_viz/resources/desktop/mnist-viz.desktop",
               "mnist_viz/resources/desktop/mnist-viz.metainfo.xml"]:
    if needed not in files:
        problems.append(f"wheel lacks {needed}")
problems += [f"wheel holds {name}" for name in files if "screenshots" in name or name.endswith(".ts")]
if not any(name.endswith("licenses/LICENSE") for name in files):
    problems.append("wheel lacks the LICENSE")
# Every package (a folder with __init__.py) that git tracks under mnist_viz/ is in the wheel.
for path in tracked:
    if path.startswith("mnist_viz/") and path.endswith("/__init__.py") and path not in files:
        problems.append(f"wheel lacks the package {path.rsplit('/', 1)[0]} (add it to pyproject.toml's packages)")
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
EOF
echo "sdist and wheel hold what they should"

# ----------------------------------------------------------------------------- 2. install
echo "--- installing the wheel (not editable) into a fresh venv"
install_started=$SECONDS
venv=${VENV:-$work/venv}
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
venv=$(cd "$venv" && pwd)
if ! "$venv/bin/python" -c "import torch, torchvision" 2>/dev/null; then
    "$venv/bin/pip" install --quiet torch==2.14.1 torchvision==0.29.1
fi
"$venv/bin/pip" install --quiet --force-reinstall --no-deps "$wheel"
"$venv/bin/pip" install --quiet "$wheel"
echo "installed in $((SECONDS - install_started)) s"

elsewhere="$work/elsewhere"   # an empty folder: nothing of the repository can be found from here
mkdir -p "$elsewhere"
cd "$elsewhere"
unset PYTHONPATH MNIST_VIZ_LANG MNIST_VIZ_LOG_DIR MNIST_VIZ_AUTOSAVE_DIR
export QT_QPA_PLATFORM=offscreen
# A home of its own: the settings, log and autosaves of these runs stay in the scratch folder.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.local/state" \
    XDG_DATA_HOME="$work/home/.local/share" XDG_CACHE_HOME="$work/home/.cache"
mkdir -p "$HOME"

echo "--- mnist-viz --version"
version=$("$venv/bin/python" -c "import mnist_viz; print(mnist_viz.__version__)")
out=$("$venv/bin/mnist-viz" --version)
echo "$out"
[[ "$out" == "mnist-viz $version" ]] || fail "--version printed '$out', not 'mnist-viz $version'"
"$venv/bin/python" - "$venv" <<'EOF' || fail "mnist_viz is not imported from the fresh venv"
import sys
from pathlib import Path
import mnist_viz
from mnist_viz.core import checkpoints
venv = Path(sys.argv[1]).resolve()
for path in (Path(mnist_viz.__file__), checkpoints.pretrained_path("cnn")):
    assert venv in path.resolve().parents, f"{path} is not inside {venv}"
print(f"imported from {Path(mnist_viz.__file__).parent}; models in {checkpoints.pretrained_path('cnn').parent}")
EOF

echo "--- mnist-viz predict with the shipped CNN"
"$venv/bin/python" - "$data" <<'EOF' || fail "could not make the test images"
import sys
from pathlib import Path
import numpy as np
from PIL import Image, ImageDraw

raw = Path(sys.argv[1]) / "MNIST" / "raw"
expected = []
if (raw / "t10k-images-idx3-ubyte").is_file():
    images = np.frombuffer((raw / "t10k-images-idx3-ubyte").read_bytes(), np.uint8, offset=16).reshape(-1, 28, 28)
    labels = np.frombuffer((raw / "t10k-labels-idx1-ubyte").read_bytes(), np.uint8, offset=8)
    for digit in range(10):  # the first test image of each digit, 10x larger, dark ink on white paper
        index = int(np.flatnonzero(labels == digit)[0])
        Image.fromarray(255 - images[index]).resize((280, 280), Image.BILINEAR).save(f"mnist-{digit}.png")
        expected.append((f"mnist-{digit}.png", digit))
else:  # no MNIST here: two digits drawn with lines
    for digit, strokes in ((1, [[(140, 40), (140, 240)]]), (7, [[(70, 50), (210, 50), (120, 240)]])):
        image = Image.new("L", (280, 280), 255)
        ImageDraw.Draw(image).line(strokes[0], fill=0, width=22, joint="curve")
        image.save(f"drawn-{digit}.png")
        expected.append((f"drawn-{digit}.png", digit))
Path("expected.txt").write_text("".join(f"{name} {digit}\n" for name, digit in expected))
print(f"{len(expected)} images from {'MNIST' if len(expected) == 10 else 'lines drawn here'}")
EOF
"$venv/bin/mnist-viz" predict --model cnn --json $(cut -d' ' -f1 expected.txt) > answers.jsonl \
    || fail "mnist-viz predict exited $?"
"$venv/bin/python" - <<'EOF' || fail "the shipped CNN gave wrong answers"
import json
from pathlib import Path
expected = dict(line.split() for line in Path("expected.txt").read_text().splitlines())
answers = [json.loads(line) for line in Path("answers.jsonl").read_text().splitlines()]
wrong = [f"{a['path']}: {a['digit']} (expected {expected[a['path']]})" for a in answers
         if str(a["digit"]) != expected[a["path"]]]
print(f"{len(answers) - len(wrong)} of {len(expected)} right: "
      + " ".join(f"{a['path']}={a['digit']}" for a in answers))
assert len(answers) == len(expected) and not wrong, wrong
EOF

echo "--- the Japanese translation"
"$venv/bin/python" - "$venv" <<'EOF' || fail "the Japanese translation did not load"
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from mnist_viz.gui import i18n

app = QApplication([])
qm = i18n.qm_path("ja")
assert Path(sys.argv[1]).resolve() in qm.resolve().parents, f"{qm} is not inside the venv"
assert i18n.install(app, "ja") == "ja", f"install() fell back to English ({qm})"
english = QCoreApplication.translate("LanguageChoice", i18n.ENGLISH_NAMES["en"])  # the View > Language menu's
assert english == "英語", english
print(f"ja loaded from {qm}: 'English' -> '{english}'")
EOF

echo "--- the window, in Japanese (offscreen; closes once the data set is loaded)"
MNIST_VIZ_LANG=ja MNIST_VIZ_EXIT_AFTER_SHOW=1 MNIST_VIZ_DATA="$data" timeout 180 "$venv/bin/mnist-viz" \
    > window.log 2>&1 || { cat window.log; fail "the window did not open and close (exit $?)"; }
grep -q "window shown" window.log || { cat window.log; fail "the window was not shown"; }
grep "mnist-viz:" window.log

echo "--- mnist-viz install-desktop, then --uninstall"
export XDG_DATA_HOME="$work/xdg"
"$venv/bin/mnist-viz" install-desktop
launcher="$XDG_DATA_HOME/applications/mnist-viz.desktop"
grep -q "^Exec=$venv/bin/mnist-viz$" "$launcher" || fail "the launcher does not start $venv/bin/mnist-viz: $(grep ^Exec "$launcher")"
[[ -f "$XDG_DATA_HOME/icons/hicolor/256x256/apps/mnist-viz.png" ]] || fail "no 256x256 icon installed"
[[ -x "$venv/bin/mnist-viz-gui" ]] || fail "no mnist-viz-gui script"
"$venv/bin/mnist-viz" install-desktop --uninstall
left=$(find "$XDG_DATA_HOME" -mindepth 1 2>/dev/null | head -5)
[[ -z "$left" ]] || fail "--uninstall left: $left"

echo "--- check_wheel: all good in $((SECONDS - started)) s"
