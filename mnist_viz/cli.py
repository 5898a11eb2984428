"""The ``mnist-viz`` command: the desktop app by default, plus headless sub-commands.

Exit codes: 0 success; 2 bad arguments or bad input (one line on stderr); 3 training
diverged; 130 interrupted (Ctrl+C); 143 stopped by SIGTERM. A user's mistake never ends in
a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence

from .argtypes import positive_int
from .panel_ids import PANEL_IDS, panel_id, panel_id_list

EXIT_OK, EXIT_USAGE, EXIT_DIVERGED = 0, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that it unwinds like Ctrl+C: ``finally`` blocks
    and the atomic writers remove their temporary files on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + error
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


def non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not (value >= 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a number of at least 0, not {text}")
    return value


def window_size(text: str) -> tuple[int, int]:
    """``1366x768`` -> (1366, 768)."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must look like 1366x768, not {text!r}") from None
    if not (200 <= width <= 8192 and 200 <= height <= 8192):
        raise argparse.ArgumentTypeError(f"each side must be between 200 and 8192 pixels, not {text}")
    return width, height


#: The exit codes, as every --help lists them (the sub-commands list those they can end with).
EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_USAGE: "bad arguments or bad input (unknown option, unreadable file, missing data set, no display): "
                "one line on stderr, no traceback",
    EXIT_DIVERGED: "training diverged (the loss became NaN, infinite or huge)",
    130: "interrupted (Ctrl+C)",
    143: "stopped by SIGTERM (temporary files removed, one line saying at which step)",
}


def epilog(examples: Sequence[str], codes: Sequence[int] = (EXIT_OK, EXIT_USAGE, 130)) -> str:
    """The end of a --help: examples, then the exit codes (laid out here; the formatter keeps it)."""
    import textwrap

    lines = ["examples:", *(f"  {example}" for example in examples), "", "exit codes:"]
    for code in codes:
        lines += textwrap.wrap(EXIT_CODES[code], width=88, initial_indent=f"  {code:<4} ", subsequent_indent=" " * 7)
    return "\n".join(lines)


class HelpFormatter(argparse.HelpFormatter):
    """Wraps descriptions and option help; keeps text of several lines (the epilog) as written."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .core.config import DEVICES, INIT_CHOICES, MODEL_CHOICES, OPTIMIZERS, PRECISIONS, PRESETS  # no torch: fast --help
    from .core.config import AUGMENTATIONS, DEFAULT_PRESET
    from .core.arch import LAYER_FORMS as ARCH_LAYERS
    from .core.arch import SOFTMAX, TUTORIAL_CNN
    from .core.datasets import DATASET_CHOICES

    arch_help = ("a network of your own: comma-separated layers, e.g. conv3x3-16,relu,maxpool-2,fc-64,relu,fc-10 "
                 f"({ARCH_LAYERS}; the last is fc-10)")

    def from_preset(field: str) -> str:
        """'default from the preset: 1000 in tutorial-softmax, 20000 in tutorial-cnn' (one value if they agree)."""
        values = {name: getattr(PRESETS[name], field) for name in DEFAULT_PRESET.values()}
        if len(set(values.values())) == 1:
            return f"default from the preset: {next(iter(values.values()))}"
        return "default from the preset: " + ", ".join(f"{value} in {name}" for name, value in values.items())

    data_dir_help = ("folder that holds MNIST/raw/ (default: $MNIST_VIZ_DATA if set, else the user data folder, "
                     "e.g. ~/.local/share/mnist-viz/data)")
    dataset_help = ("data set: MNIST digits, Fashion-MNIST clothes or KMNIST hiragana, all 28x28 in ten "
                    "classes (default: mnist)")
    parser = Parser(prog="mnist-viz", formatter_class=HelpFormatter,
                    description="Watch the inside of MNIST training, live. Without a sub-command, opens the "
                    "desktop app; the sub-commands work without a window (except screenshot and open). "
                    "'mnist-viz COMMAND --help' describes each one.",
                    epilog=epilog(["mnist-viz                          open the app",
                                   "mnist-viz --dataset fashion-mnist  open the app on Fashion-MNIST",
                                   "mnist-viz train --model cnn --steps 2000 --checkpoint cnn.pt",
                                   "mnist-viz train --arch conv3x3-16,relu,maxpool-2,fc-10 --steps 500",
                                   "mnist-viz predict seven.png",
                                   "mnist-viz install-desktop          add the app to the applications menu"],
                                  (EXIT_OK, EXIT_USAGE, EXIT_DIVERGED, 130)))
    parser.add_argument("--version", action="version", version=f"mnist-viz {__version__}",
                        help="print the version and exit")
    parser.add_argument("--data-dir", metavar="DIR", help=data_dir_help)
    window_dataset_help = dataset_help.replace("(default: mnist)", "(default: the one the window used last; "
                                               "at first, mnist)")
    parser.add_argument("--dataset", choices=DATASET_CHOICES, help=window_dataset_help + "; also the data set "
                        "of train and screenshot")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_: str, examples: Sequence[str], codes: Sequence[int] = (EXIT_OK, EXIT_USAGE, 130),
                description: str | None = None) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_, description=description or help_[0].upper() + help_[1:] + ".",
                              formatter_class=HelpFormatter, epilog=epilog(examples, codes))

    train = command("train", "train a model headless and report its test accuracy", [
        "mnist-viz train --model softmax",
        "mnist-viz train --preset fast-cnn --checkpoint cnn.pt",
        "mnist-viz train --model cnn --steps 500 --lr 3e-4 --json",
        "mnist-viz train --model softmax --record runs/softmax",
        "mnist-viz train --arch conv3x3-16,sigmoid,maxpool-2,conv3x3-32,sigmoid,maxpool-2,fc-10 --steps 1000",
        "mnist-viz train --arch conv5x5-32,relu,maxpool-2,fc-1024,relu,dropout-0.5,fc-10 --preset fast-cnn --l2 1e-4"],
        (EXIT_OK, EXIT_USAGE, EXIT_DIVERGED, 130, 143),
        description="Train a model headless and report its test accuracy. The settings come from a preset "
                    "(by default the model's tutorial preset; for an --arch of your own: Adam 1e-3, batch 50, "
                    "mean cross-entropy, 2000 steps, init auto); each option below overrides one of them. "
                    f"An architecture is comma-separated layers: {ARCH_LAYERS}; it ends with fc-10. "
                    f"softmax is {SOFTMAX}; cnn is {TUTORIAL_CNN}.")
    train_model = train.add_mutually_exclusive_group()
    train_model.add_argument("--model", choices=MODEL_CHOICES,
                             help="softmax regression or the CNN, with their tutorial init (default: the preset's "
                             "model, else softmax)")
    train_model.add_argument("--arch", metavar="LAYERS", help=arch_help + " (default: --model's)")
    train.add_argument("--preset", choices=sorted(PRESETS), help="named settings; with --arch, applied to that "
                       f"network (default: {DEFAULT_PRESET['softmax']} or {DEFAULT_PRESET['cnn']}, by model)")
    train.add_argument("--steps", type=int, metavar="N", help=f"number of optimisation steps ({from_preset('steps')})")
    train.add_argument("--batch-size", type=positive_int, metavar="N",
                       help=f"images per step ({from_preset('batch_size')})")
    train.add_argument("--lr", type=positive_float, metavar="X",
                       help=f"learning rate ({from_preset('learning_rate')})")
    train.add_argument("--optimizer", choices=OPTIMIZERS, help=f"the optimiser ({from_preset('optimizer')})")
    train.add_argument("--keep-prob", type=float, metavar="P",
                       help="keep probability of every dropout layer, 1 - its P (default: the preset's, "
                       f"{PRESETS[DEFAULT_PRESET['cnn']].keep_prob} in {DEFAULT_PRESET['cnn']}; with --arch, "
                       "each dropout-P keeps its own)")
    train.add_argument("--l2", type=non_negative_float, metavar="X",
                       help="L2 penalty on the weights (not the biases) added to the loss: X * sum(w^2) / 2, "
                       "for any optimiser (default: 0, none)")
    train.add_argument("--seed", type=int, metavar="N",
                       help=f"random seed of the initial weights and the batches ({from_preset('seed')})")
    train.add_argument("--train-subset", type=positive_int, metavar="N",
                       help="train on the first N training images only, e.g. 1000 to see over-fitting: the "
                       "training accuracy (measured on those images, dropout off) pulls away from the test "
                       "accuracy (default: the whole training set)")
    train.add_argument("--init", choices=INIT_CHOICES, help="initial weights: tutorial (truncated normal 0.1, "
                       "biases 0.1; softmax: zeros), auto (He before ReLU-like activations, Xavier before sigmoid "
                       "and tanh; for softmax and cnn their tutorial init), zeros, kaiming, constant "
                       f"({from_preset('init')}; with --arch: auto)")
    train.add_argument("--eval-every", type=int, metavar="N",
                       help=f"evaluate on the test set every N steps, 0: at the end only ({from_preset('eval_every')})")
    train.add_argument("--data-dir", dest="data_dir_sub", metavar="DIR", help=data_dir_help)
    train.add_argument("--no-download", action="store_true",
                       help="fail instead of downloading the data set when it is missing (default: download)")
    train.add_argument("--dataset", dest="dataset_sub", choices=DATASET_CHOICES, help=dataset_help)
    train.add_argument("--device", choices=DEVICES, default=None,
                       help="where to train; auto picks CUDA, then MPS, then the CPU (default from the preset: auto)")
    train.add_argument("--precision", choices=PRECISIONS, default=None,
                       help="arithmetic of the training step: fp32, bf16 (autocast; faster only where the CPU or GPU "
                       "has native bf16) or auto (bf16 where native, else fp32) "
                       f"({from_preset('precision')})")
    train.add_argument("--augment", choices=tuple(AUGMENTATIONS), default=None,
                       help="augment the training batches (rotations, scaling, elastic distortion, thinner and "
                       "thicker strokes, low resolution, blur, contrast) so that the model reads handwriting "
                       f"unlike MNIST's: canvas for the CNN, canvas-light for softmax ({from_preset('augment')})")
    train.add_argument("--checkpoint", metavar="OUT.pt", help="save the trained model here (default: not saved)")
    train.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    train.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    train.add_argument("--record", metavar="RUN_DIR", help="record the run (weights, activations, metrics) "
                       "into this new folder, to replay with 'mnist-viz open' or export with 'mnist-viz export' "
                       "(default: not recorded)")
    train.add_argument("--record-every", type=positive_int, default=50, metavar="N",
                       help="with --record or --tensorboard: a snapshot every N steps (default: 50)")
    train.add_argument("--record-flush-seconds", type=positive_float, default=2.0, metavar="S",
                       help="with --record: everything recorded is on disk at most S seconds after it happened, "
                       "for a viewer following the run (default: 2)")
    train.add_argument("--tensorboard", metavar="LOGDIR",
                       help="also write the run live as TensorBoard event files into LOGDIR, a folder of its "
                       "own for this run (images and histograms at the --record-every steps); needs "
                       "pip install 'mnist-viz[tensorboard]' (default: not written)")

    predict = command("predict", "classify image files of hand-written digits", [
        "mnist-viz predict seven.png                      the shipped CNN",
        "mnist-viz predict --model softmax *.png --json   the shipped softmax regression",
        "mnist-viz predict --checkpoint cnn.pt scan.jpg   a model saved by 'mnist-viz train --checkpoint'",
        "mnist-viz predict --checkpoint net.pt --arch conv3x3-16,relu,maxpool-2,fc-10 scan.png"],
        description="Classify image files (PNG, JPEG, ...; dark ink on light paper or light on dark) with "
                    "a pretrained model shipped with mnist-viz or a checkpoint of your own. Each image is "
                    "cropped, centred and scaled to 28x28 the way MNIST was made.")
    predict.add_argument("images", nargs="+", metavar="IMAGE", help="image files to classify")
    source = predict.add_mutually_exclusive_group()
    source.add_argument("--checkpoint", metavar="CKPT.pt", help="a checkpoint saved by mnist-viz "
                        "(default: the shipped model, see --model)")
    source.add_argument("--model", choices=MODEL_CHOICES, help="use the shipped pretrained model (default: cnn)")
    predict.add_argument("--arch", metavar="LAYERS", help="the network's architecture: with --checkpoint, refuse "
                         "a checkpoint of another network; alone, the shipped model of that architecture (softmax's "
                         "or cnn's) (default: any)")
    predict.add_argument("--json", action="store_true", help="one JSON object per image per line")

    from .core.explain import DEFAULT_METHOD, METHODS  # no torch: fast --help

    explain = command("explain", "show why a model gives its answer for an image, as a PNG overlay", [
        "mnist-viz explain seven.png --out why.png                        Integrated Gradients, shipped CNN",
        "mnist-viz explain seven.png --method gradcam --out cam.png",
        "mnist-viz explain seven.png --model softmax --method occlusion --out occ.png --json",
        "mnist-viz explain scan.jpg --checkpoint cnn.pt --target 1 --out why-not-1.png"],
        description="Classify an image file as 'predict' does, then write the image with an attribution "
                    "map over it, as the canvas shows it: red pixels argue for the answer, blue ones "
                    "against it. Methods (all from captum): saliency, the signed gradient of the answer's "
                    "score; integrated-gradients, the gradient averaged from a black image to this one, "
                    "times the ink (the canvas's); gradcam, where the last convolution layer found "
                    "evidence (networks with a convolution layer only, so not softmax); occlusion, how "
                    "much the score falls when each 4x4 patch is blacked out.")
    explain.add_argument("image", metavar="IMAGE", help="the image file to explain (PNG, JPEG, ...)")
    explain_source = explain.add_mutually_exclusive_group()
    explain_source.add_argument("--checkpoint", metavar="CKPT.pt", help="a checkpoint saved by mnist-viz "
                                "(default: the shipped model, see --model)")
    explain_source.add_argument("--model", choices=MODEL_CHOICES, help="use the shipped pretrained model "
                                "(default: cnn)")
    explain.add_argument("--arch", metavar="LAYERS", help="the network's architecture: with --checkpoint, refuse "
                         "a checkpoint of another network; alone, the shipped model of that architecture "
                         "(default: any)")
    explain.add_argument("--method", choices=METHODS, default=DEFAULT_METHOD,
                         help=f"the attribution method: {', '.join(METHODS)} (default: {DEFAULT_METHOD})")
    explain.add_argument("--target", type=int, choices=range(10), metavar="K",
                         help="explain class K, 0..9 (default: the model's answer)")
    explain.add_argument("--out", required=True, metavar="OUT.png", help="where to write the PNG (required)")
    explain.add_argument("--scale", type=positive_int, default=10, metavar="N",
                         help="pixels per image pixel: the PNG is 28N x 28N (default: 10)")
    explain.add_argument("--json", action="store_true", help="print one JSON object: the answer, its "
                         "probabilities, the class explained and the method's time")

    shot = command("screenshot", "train in the real window and save a PNG of it", [
        "mnist-viz screenshot cnn.png --model cnn --steps 300",
        "mnist-viz screenshot net.png --arch conv3x3-8,sigmoid,maxpool-2,fc-10 --steps 300",
        "QT_QPA_PLATFORM=offscreen mnist-viz screenshot softmax.png --size 1920x1080"])
    shot.add_argument("out", metavar="OUT.png", help="where to write the PNG")
    shot_model = shot.add_mutually_exclusive_group()
    shot_model.add_argument("--model", choices=MODEL_CHOICES, default="softmax",
                            help="which tutorial model to train, with its tutorial preset (default: softmax)")
    shot_model.add_argument("--arch", metavar="LAYERS", help=arch_help + ", trained with the playground's "
                            "settings (Adam 1e-3, batch 50) (default: --model's)")
    shot.add_argument("--steps", type=positive_int, default=300, metavar="N", help="steps to train first (default: 300)")
    shot.add_argument("--size", type=window_size, default=None, metavar="WxH",
                      help="window size in pixels, or with --panel the panel's (default: 1366x768; "
                      "a panel 900x600)")
    shot.add_argument("--front", type=panel_ids, default=(), metavar="PANELS",
                      help="comma-separated panels to bring to the front of their tabs before the picture, "
                      "e.g. network,feature_maps (default: the default layout's)")
    shot.add_argument("--panel", type=one_panel_id, metavar="ID",
                      help="save just this panel, after it has drawn (and computed) the trained weights: "
                      + ", ".join(PANEL_IDS) + " (hyphens or underscores) (default: the whole window)")
    shot.add_argument("--unit", type=unit_choice, metavar="LAYER:INDEX",
                      help="with --panel units: the unit shown, e.g. conv1:3, fc1:12 or output:7 "
                      "(default: the panel's first)")
    shot.add_argument("--data-dir", dest="data_dir_sub", metavar="DIR", help=data_dir_help)
    shot.add_argument("--dataset", dest="dataset_sub", choices=DATASET_CHOICES, help=dataset_help)

    bench = command("bench", "measure what watching costs, as side-by-side ratios", [
        "mnist-viz bench --quick", "mnist-viz bench --only startup,cpu --json"])
    bench.add_argument("--quick", action="store_true", help="a reduced run, under a few minutes "
                       "(default: the full run)")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--only", metavar="PARTS", help="comma-separated subset of "
                       "data,bare,streaming,cpu,bf16,augment,insight,startup,playground,gui,canvas,probe,memory,replay,accuracy "
                       "and, in the full run only, streaming-parts,omp (default: all)")
    bench.add_argument("--data-dir", dest="data_dir_sub", metavar="DIR", help=data_dir_help)

    from .core import lessons  # no torch, no numpy: fast --help

    experiment = command("experiment", "run a lesson headless: variants of one setting trained side by side", [
        "mnist-viz experiment --list                      the lessons and their titles",
        "mnist-viz experiment optimizer                   gradient descent, momentum and Adam on the CNN",
        "mnist-viz experiment learning-rate --json        its too large rate diverges; the exit code is still 0",
        "mnist-viz experiment dropout --steps 600 --every 100",
        "mnist-viz experiment init --inits zeros,constant,tutorial --steps 600",
        "mnist-viz experiment init --arch conv3x3-16,sigmoid,maxpool-2,fc-10 --inits constant,auto"],
        description=experiment_description(lessons))
    experiment.add_argument("name", nargs="?", metavar="NAME",
                            help=f"the lesson, one of {', '.join(lessons.LESSON_ORDER)}, described above "
                            "(default: none, list the lessons)")
    experiment.add_argument("--list", action="store_true", help="list the lessons with their titles and exit")
    def per_lesson(field: str) -> str:
        return ", ".join(f"{name} {getattr(lessons.LESSONS[name], field)}" for name in lessons.LESSON_ORDER)

    experiment.add_argument("--steps", type=positive_int, metavar="N",
                            help=f"steps per variant (default: the lesson's: {per_lesson('default_steps')})")
    experiment.add_argument("--every", type=positive_int, metavar="N",
                            help=f"report every N steps (default: the lesson's: {per_lesson('default_every')})")
    experiment.add_argument("--seed", type=int, default=1, metavar="N",
                            help="random seed of the batches and weights (default: 1)")
    experiment.add_argument("--device", choices=DEVICES, default="cpu", help="where to train (default: cpu)")
    experiment.add_argument("--test-images", type=positive_int, default=2000, metavar="N",
                            help="measure the test accuracy on the first N test images (default: 2000)")
    experiment.add_argument("--inits", metavar="LIST",
                            help=f"init only: comma-separated, from {','.join(INIT_CHOICES)} "
                            f"(default: {','.join(lessons.INIT_LESSON_INITS)})")
    experiment.add_argument("--arch", metavar="LAYERS", help="init only: " + arch_help + "; it needs a convolution "
                            "layer, whose filters the lesson counts (default: the tutorial CNN)")
    experiment.add_argument("--no-download", action="store_true",
                            help="fail instead of downloading MNIST when it is missing (default: download)")
    experiment.add_argument("--json", action="store_true", help="one JSON object per variant and report; the "
                            "final ones carry test_accuracy, the lesson's measures and diverged")
    experiment.add_argument("--data-dir", dest="data_dir_sub", metavar="DIR", help=data_dir_help)

    export = command("export", "turn a recording into an animated GIF, an MP4 or a PNG, or into "
                     "TensorBoard event files", [
        "mnist-viz export runs/softmax --panel softmax-weights --out softmax.gif",
        "mnist-viz export runs/cnn --panel conv1 --out conv1.mp4 --fps 12",
        "mnist-viz export runs/cnn --tensorboard tb/cnn      then: tensorboard --logdir tb"])
    export.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'mnist-viz train --record'")
    export.add_argument("--panel", metavar="PANEL",
                        help="what to draw: softmax-weights, or a conv layer's filters: conv1, conv2 (conv3... "
                        "for a network with more conv layers) "
                        "(with --out; default: none, then --tensorboard is needed)")
    export.add_argument("--out", metavar="FILE", help="FILE.gif, FILE.mp4 (needs imageio-ffmpeg) "
                        "or FILE.png (the last snapshot) (with --panel; default: none)")
    export.add_argument("--fps", type=positive_float, default=8.0, metavar="X", help="frames per second (default: 8)")
    export.add_argument("--tensorboard", metavar="LOGDIR",
                        help="write the run as TensorBoard event files into LOGDIR, a folder of its own for "
                        "this run (scalars, weight and gradient histograms, the softmax templates or conv1 "
                        "filters at every snapshot, the hyper-parameters); needs "
                        "pip install 'mnist-viz[tensorboard]' (default: none)")

    open_ = command("open", "open a recording in the desktop app, to replay it", ["mnist-viz open runs/softmax"])
    open_.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'mnist-viz train --record'")
    open_.add_argument("--data-dir", dest="data_dir_sub", metavar="DIR", help=data_dir_help)

    app = command("app", "open the desktop app (the default)", ["mnist-viz app --dataset kmnist"])
    app.add_argument("--data-dir", dest="data_dir_sub", metavar="DIR", help=data_dir_help)
    app.add_argument("--dataset", dest="dataset_sub", choices=DATASET_CHOICES, help=window_dataset_help)

    desktop = command("install-desktop", "add mnist-viz to your desktop's applications menu", [
        "mnist-viz install-desktop", "mnist-viz install-desktop --uninstall"],
        description="Add mnist-viz to your desktop's applications menu (Linux and other freedesktop systems): "
                    "writes applications/mnist-viz.desktop, which starts this installation's mnist-viz, and the "
                    "icons (icons/hicolor/...) into $XDG_DATA_HOME (default: ~/.local/share). Nothing needs "
                    "root. Run it again after moving the installation.")
    desktop.add_argument("--uninstall", action="store_true",
                         help="remove what install-desktop wrote, and only that (default: install)")
    from .sweep_cli import add_sweep_parser

    add_sweep_parser(sub)  # after train: its options, each taking one or more values
    return parser


def experiment_description(lessons) -> str:
    """``experiment --help``'s description: what a lesson does, then each lesson in two sentences
    (wrapped here: text of several lines is kept as written)."""
    import textwrap

    intro = ("Run a lesson headless: two to four variants of one setting trained in lockstep on the same batches "
             "(the same seed, the same data order), a report every few steps and, at the end, a verdict written "
             "from the measured numbers. A variant that diverges (as learning-rate's largest rate does on purpose) "
             "stops training and is reported with \"diverged\": true; the command still exits 0. The lessons, in "
             "the tutorial's order:")
    lines = textwrap.wrap(intro, width=88)
    for name in lessons.LESSON_ORDER:
        lesson = lessons.LESSONS[name]
        lines += textwrap.wrap(f"{name} ({lesson.title}): {lesson.summary}", width=88, initial_indent="  ",
                               subsequent_indent="    ")
    return "\n".join(lines)


def opens_app(argv: Sequence[str]) -> bool:
    """True when these arguments open the desktop app (no sub-command, or ``app``)."""
    words, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--data-dir", "--dataset"):
            skip = True
        elif arg in ("-h", "--help", "--version"):
            return False
        elif not arg.startswith("-"):
            words.append(arg)
    return not words or words[0] == "app"


#: The sub-commands that open a window (None: no sub-command, the app).
WINDOW_COMMANDS = (None, "app", "open", "screenshot")


def main(argv: Sequence[str] | None = None) -> int:
    # Parse first (no torch, no Qt: a few milliseconds), so that a mistake is reported on the
    # terminal before anything appears on screen.
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir = getattr(args, "data_dir_sub", None) or args.data_dir
    args.dataset = getattr(args, "dataset_sub", None) or args.dataset
    try:
        if args.dataset and args.command in ("predict", "explain", "bench", "experiment", "install-desktop"):
            raise UsageError(f"--dataset applies to train, screenshot and app, not {args.command}"
                             + (" (a checkpoint knows its data set)" if args.command in ("predict", "explain")
                                else ""))
        if args.command in WINDOW_COMMANDS:
            check_display()
        if args.command in (None, "app"):
            # Importing torch takes seconds: put a splash on screen first (Qt only).
            from .gui import desktop, splash

            desktop.set_desktop_file_name()  # before the first window: Wayland reads it then
            splash.show_splash()
            desktop.apply_identity()  # the icon, now that the QApplication exists
        if args.command == "train":
            return command_train(args, data_dir)
        if args.command == "predict":
            return command_predict(args)
        if args.command == "explain":
            return command_explain(args)
        if args.command == "bench":
            from . import bench

            load_data(data_dir, allow_download=False)  # a clear message when MNIST is missing
            only = set(args.only.split(",")) if args.only else None
            return bench.main(quick=args.quick, as_json=args.json, data_dir=data_dir, only=only)
        if args.command == "screenshot":
            return command_screenshot(args, data_dir)
        if args.command == "export":
            return command_export(args)
        if args.command == "open":
            return command_open(args, data_dir)
        if args.command == "experiment":
            return command_experiment(args, data_dir)
        if args.command == "install-desktop":
            return command_install_desktop(args)
        if args.command == "sweep":
            from .sweep_cli import command_sweep

            return command_sweep(args, data_dir, train_config=train_config_from_args)
        return command_app(data_dir, args.dataset)
    except UsageError as err:
        message = " ".join(str(err).splitlines())  # one line, whatever a file name holds
        print(f"mnist-viz: error: {message}", file=sys.stderr)
        log_error(args, message)
        return EXIT_USAGE
    except Terminated:
        print("mnist-viz: stopped by SIGTERM", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("mnist-viz: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def main_gui() -> int:
    """The ``mnist-viz-gui`` command: the window, started without a console on Windows.

    Without a console, stdout and stderr are None there: they go nowhere instead, and
    errors still reach the log file (see mnist_viz/logs.py).
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (lives as long as the app)
    return main()


def check_display() -> None:
    """Before any window: say in one line why Qt could not open one (missing X11 libraries, no display)."""
    from .gui import desktop

    problem = desktop.platform_problem()
    if problem:
        raise UsageError(problem)


def command_install_desktop(args: argparse.Namespace) -> int:
    from .gui import desktop

    home = desktop.data_home()
    try:
        if args.uninstall:
            removed = desktop.uninstall_launcher(home)
            if not removed:
                print(f"nothing to remove: install-desktop has not installed anything under {home}")
            else:
                print(f"removed {len(removed)} files from {home}: the launcher and the icons")
            return EXIT_OK
        written = desktop.install_launcher(home)
    except desktop.DesktopError as err:
        raise UsageError(str(err)) from None
    launcher, icons = written[0], written[1:]
    print(f"installed the launcher {launcher} and {len(icons)} icons under {home / 'icons' / 'hicolor'}; "
          f"it starts {' '.join(desktop.launch_command())}")
    print("it appears in the applications menu at once on most desktops (else after logging in again); "
          "remove it with: mnist-viz install-desktop --uninstall")
    return EXIT_OK


def log_error(args: argparse.Namespace, message: str) -> None:
    """Put an error the user was shown into the log file (see mnist_viz/logs.py), with the command."""
    from . import logs

    logs.setup()  # only now: a successful headless run writes no log
    logs.get("cli").warning("%s: %s", args.command or "app", message)


def command_app(data_dir: str | None, dataset: str | None = None) -> int:
    from .gui.app import run_app

    return run_app(data_dir=data_dir, dataset=dataset)


def command_screenshot(args: argparse.Namespace, data_dir: str | None) -> int:
    """Train ``--steps`` in the real main window, then save a PNG of the whole window."""
    from pathlib import Path

    from .core import atomic, networks

    out = Path(args.out)
    if args.unit is not None and args.panel != "units":
        raise UsageError("--unit chooses the Units panel's unit: give it with --panel units")
    try:
        atomic.check_destination(out)  # before the data and the training: a bad path costs nothing
    except atomic.DestinationError as err:
        raise UsageError(str(err)) from None
    model = arch_model(args.arch, args.dataset) if args.arch is not None else args.model
    mnist = load_data(data_dir, allow_download=False, dataset=args.dataset)
    config = networks.default_config(model).replace(steps=args.steps)
    config = config.replace(eval_every=min(config.eval_every, max(1, args.steps // 2)))

    from .gui.screenshot import ScreenshotError, take_screenshot

    sizes = {"size": args.size} if args.panel is None else {"panel_size": args.size or (900, 600)}
    if args.panel is None and args.size is None:
        sizes = {}
    try:
        finished, (width, height) = take_screenshot(mnist, out, config, front=args.front, panel=args.panel,
                                                    unit=args.unit, **sizes)
    except ScreenshotError as err:
        raise UsageError(str(err)) from None
    accuracy = f", test accuracy {finished.test_accuracy:.4f}" if finished and finished.test_accuracy else ""
    what = "window" if args.panel is None else f"{args.panel} panel"
    print(f"{out}: {width}x{height} {what} after {config.steps} steps of {networks.title(config.model)} on "
          f"{mnist.name}{accuracy}")
    return EXIT_OK


def panel_ids(text: str) -> tuple[str, ...]:
    """--front's panels: known panel ids, comma-separated, either spelling (argparse says which
    is unknown)."""
    try:
        return panel_id_list(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def one_panel_id(text: str) -> str:
    """--panel's panel: a known id, either spelling."""
    try:
        return panel_id(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def unit_choice(text: str) -> tuple[str, int]:
    """--unit LAYER:INDEX -> (layer, index); the layer is checked against the network later."""
    layer, colon, index = text.strip().partition(":")
    if not colon or not layer or not index.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not LAYER:INDEX; write for example conv1:3 or output:7")
    return layer.strip().lower(), int(index)


def load_data(data_dir: str | None, allow_download: bool, dataset: str | None = None):
    """MNIST (or ``dataset``) for the CLI: DataError becomes a one-line UsageError."""
    from .core import data

    root = data.resolve_root(data_dir)
    try:
        return data.ensure(root, allow_download=allow_download, dataset=dataset or "mnist")
    except data.DataError as err:
        raise UsageError(str(err)) from None


def load_cli_model(args: argparse.Namespace):
    """(model, checkpoint, path) of --checkpoint, or of the shipped model of --model (default cnn)
    or --arch, for predict and explain, read as the canvas reads one (``Predictor.from_checkpoint``);
    with --checkpoint, --arch is the network the file must hold. A bad architecture, a missing
    or bad file is a one-line UsageError."""
    from .core import checkpoints, config, networks
    from .core.inference import Predictor

    expected = None
    arch = getattr(args, "arch", None)
    if arch is not None:
        expected = arch_model(arch)
        if args.model is not None and args.model != expected:
            raise UsageError(f"--arch {networks.title(expected)} and --model {args.model} name two networks; "
                             "give one of them")
        if not args.checkpoint and checkpoints.shipped_path(expected) is None:
            shipped_networks = ", ".join(networks.architecture(config.shipped_model(slot)) for slot in config.SHIPPED_SLOTS)
            raise UsageError(f"no model of the architecture {networks.title(expected)} is shipped (only "
                             f"{shipped_networks}); train one with 'mnist-viz train --arch "
                             "... --checkpoint net.pt' and pass --checkpoint net.pt")
    shipped = args.model or "cnn"
    # --arch names a network: the shipped file that holds it (fc-10: softmax-plain.pt;
    # deskew,fc-10: softmax.pt); --model names a shipped file ("softmax": deskew,fc-10)
    path = args.checkpoint or (checkpoints.shipped_path(expected) if expected else checkpoints.pretrained_path(shipped))
    if not args.checkpoint and not path.exists():
        raise UsageError(f"no pretrained {shipped} checkpoint at {path}; "
                         "pass --checkpoint with one saved by 'mnist-viz train --checkpoint'")
    try:
        predictor = Predictor.from_checkpoint(path, expect_model=expected if args.checkpoint else None)
    except checkpoints.CheckpointError as err:
        raise UsageError(str(err)) from None
    return predictor.model, predictor.checkpoint, path


def arch_model(text: str, dataset: str | None = None, option: str = "--arch") -> str:
    """The model identifier of ``--arch`` (torch-free): a bad architecture is a UsageError of
    one line naming the layer and the fix, before anything loads or trains."""
    from .core import networks

    try:
        return networks.model_id(text, dataset or "mnist")
    except ValueError as err:
        raise UsageError(f"{option}: {' '.join(str(err).split())}") from None


def train_config_from_args(args: argparse.Namespace):
    from .core import networks
    from .core.training import preset

    dataset = getattr(args, "dataset", None)
    arch = getattr(args, "arch", None)
    if arch is not None:
        model = arch_model(arch, dataset)
        config = networks.with_preset(model, args.preset) if args.preset else networks.default_config(model)
    elif args.preset:
        config = preset(args.preset)
        if args.model and args.model != config.model:
            raise UsageError(f"preset {args.preset} trains the {config.model} model, not {args.model}; "
                             f"drop --model, choose a {args.model} preset, or give the network as --arch")
    else:
        config = networks.default_config(args.model or "softmax")
    changes = {"steps": args.steps, "batch_size": args.batch_size, "learning_rate": args.lr,
               "optimizer": args.optimizer, "keep_prob": args.keep_prob, "seed": args.seed,
               "init": args.init, "eval_every": args.eval_every, "device": args.device, "precision": args.precision,
               "dataset": dataset, "augment": getattr(args, "augment", None), "l2": getattr(args, "l2", None),
               "train_subset": getattr(args, "train_subset", None)}
    changes = {k: v for k, v in changes.items() if v is not None}
    try:
        return config.replace(**changes)
    except ValueError as err:
        raise UsageError(str(err)) from None


class _SigtermAsException:
    """While active (in the main thread), SIGTERM raises :class:`Terminated` where the program
    is, once; a second SIGTERM during the clean-up is ignored. The previous handler comes back."""

    def __enter__(self):
        import signal

        self._previous = None
        try:
            self._previous = signal.signal(signal.SIGTERM, self._handle)
        except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM here
            self._previous = None
        return self

    @staticmethod
    def _handle(signum, frame):
        import signal

        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated(signum)

    def __exit__(self, *exc):
        import signal

        if self._previous is not None:
            try:
                signal.signal(signal.SIGTERM, self._previous)
            except (ValueError, OSError):
                pass
        return False


def check_train_destinations(args: argparse.Namespace) -> None:
    """--checkpoint and --record: that they can be written, before the data loads and the first step."""
    from .core import atomic, checkpoints

    if args.checkpoint:
        try:
            checkpoints.check_destination(args.checkpoint)
        except checkpoints.CheckpointError as err:
            raise UsageError(f"--checkpoint: {err}") from None
    if args.record:
        from .core import recording

        try:
            atomic.check_folder_destination(args.record)  # creatable, writable, names that fit
            recording.check_new_folder(args.record)  # absent or empty
        except (recording.RecordingError, atomic.DestinationError) as err:
            raise UsageError(f"--record: {err}") from None
    if args.tensorboard:
        from .core import tensorboard

        try:
            tensorboard.check_ready(args.tensorboard)  # a folder of its own, writable; tensorboard installed
        except tensorboard.TensorBoardError as err:
            raise UsageError(f"--tensorboard: {err}") from None


def keep_in_autosave(trainer, config, metrics: dict, dataset: str) -> str:
    """After the checkpoint could not be written: the model into the autosave folder; says where."""
    from .core import autosave, checkpoints

    try:
        path = autosave.autosave(trainer.state_copy(), config, trainer.step, metrics, dataset=dataset)
    except (checkpoints.CheckpointError, OSError, RuntimeError) as err:
        return f"keeping it in the autosave folder failed too ({' '.join(str(err).split())[:160]}): the model is lost"
    return f"the trained model was kept in {path} instead: copy it from there"


def recording_report(recorder, run_dir: str) -> str:
    """What a recording holds on disk, for a message: '60 snapshots (steps 0..1150) and the metrics
    of 1,200 steps'."""
    steps = recorder.written_steps
    snapshots = (f"{len(steps)} snapshots (steps {steps[0]}..{steps[-1]})" if steps else "no snapshots")
    return f"{run_dir} holds {snapshots} and the metrics of {recorder.metrics_written:,} steps"


def command_train(args: argparse.Namespace, data_dir: str | None) -> int:
    from .core import checkpoints, events, memory
    from .core.training import Trainer

    config = train_config_from_args(args)
    try:
        memory.check_fits(config)  # a run that would not fit is refused before the data loads
    except memory.MemoryBudgetError as err:
        raise UsageError(str(err)) from None
    check_train_destinations(args)
    state = {"trainer": None, "recorder": None, "tensorboard": None}
    with _SigtermAsException():
        try:
            return _train(args, data_dir, config, state, checkpoints, events, Trainer)
        except KeyboardInterrupt as err:
            return _stopped(args, config, state, err)


def _stopped(args: argparse.Namespace, config, state: dict, err: KeyboardInterrupt) -> int:
    """Ctrl+C or SIGTERM during train: what was done and what was kept, in one line."""
    terminated = isinstance(err, Terminated)
    trainer, recorder = state["trainer"], state["recorder"]
    step = trainer.step if trainer is not None else 0
    where = f"at step {step:,} of {config.steps:,}" if trainer is not None else "before training started"
    parts = [f"{'stopped by SIGTERM' if terminated else 'interrupted (Ctrl+C)'} {where}"]
    if recorder is not None:
        parts.append(f"the recording in {recording_report(recorder, args.record)}")
    if state.get("tensorboard") is not None:
        parts.append(f"the TensorBoard event files in {args.tensorboard} hold the steps trained")
    if args.checkpoint:
        parts.append(f"no checkpoint was written to {args.checkpoint}")
    parts.append("temporary files were removed")
    message = "; ".join(parts)
    print(f"mnist-viz: {message}", file=sys.stderr)
    log_error(args, message)
    return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED


def _record_stop(recorder, trainer) -> None:
    """Tell the recording that the run was stopped here (its manifest then says "stopped", with
    the last snapshot and weights of the steps trained), as the window's Stop does; an
    interrupted run otherwise looked, to a reader, like one still being written, then stalled."""
    from .core import events

    seconds = max(getattr(trainer, "_train_seconds", 0.0), 1e-9)
    try:
        recorder.on_event(trainer, events.Finished(step=trainer.step, reason="stopped", test_accuracy=None,
                                                   wall_s=seconds,
                                                   samples_per_s=trainer.step * trainer.config.batch_size / seconds))
    except Exception:  # noqa: BLE001 - the recording keeps what it had; the stop is reported anyway
        pass


def _train(args, data_dir, config, state, checkpoints, events, Trainer) -> int:
    from .core import networks

    mnist = load_data(data_dir, allow_download=not args.no_download, dataset=args.dataset)
    if config.train_subset > len(mnist.train):
        raise UsageError(f"--train-subset {config.train_subset}: the {mnist.name} training set has "
                         f"{len(mnist.train):,} images; give a number from 1 to {len(mnist.train):,}")
    try:
        trainer = Trainer(config, mnist.train, mnist.test)
    except ValueError as err:
        raise UsageError(str(err)) from None
    state["trainer"] = trainer
    recorder = None
    if args.record:
        from .core import recording

        try:
            recorder = recording.Recorder(args.record, config, every_steps=args.record_every,
                                          dataset=mnist.dataset, flush_seconds=args.record_flush_seconds)
        except recording.RecordingError as err:
            raise UsageError(str(err)) from None
        recorder.attach(trainer)
        state["recorder"] = recorder
    listener = None
    if args.tensorboard:
        from .core import tensorboard

        try:
            listener = tensorboard.TensorBoardListener(args.tensorboard, config, every_steps=args.record_every)
        except tensorboard.TensorBoardError as err:
            raise UsageError(f"--tensorboard: {err}") from None
        listener.attach(trainer)
        state["tensorboard"] = listener
    progress = None
    if not args.quiet:
        from tqdm import tqdm

        progress = tqdm(total=config.steps, unit="step", file=sys.stderr, dynamic_ncols=True,
                        desc=f"{networks.title(config.model, 40)} ({config.preset}) on {mnist.name}", mininterval=0.25)
    finished = diverged = None
    last_accuracy = None
    try:
        for event in trainer.run():
            if isinstance(event, events.StepDone):
                if progress is not None:
                    progress.update(1)
                    if event.step % 10 == 0 or event.step == config.steps:
                        postfix = {"loss": f"{event.loss:.3f}", "samples/s": f"{event.samples_per_s:.0f}"}
                        if last_accuracy is not None:
                            postfix["test"] = f"{last_accuracy:.4f}"
                        progress.set_postfix(postfix, refresh=False)
            elif isinstance(event, events.Evaluated):
                last_accuracy = event.test_accuracy
            elif isinstance(event, events.Diverged):
                diverged = event
                trainer.stop()
            elif isinstance(event, events.Finished):
                finished = event
    finally:
        if progress is not None:
            progress.close()
        if recorder is not None:
            if finished is None:  # Ctrl+C or SIGTERM: the run's generator never sent its end
                _record_stop(recorder, trainer)
            recorder.close()  # never raises: a write error is kept in recorder.error
        if listener is not None:
            listener.close()  # never raises: a write error is kept in listener.error
    if diverged is not None:
        print(f"mnist-viz: {diverged.message.replace('reset the weights', 'train again')}", file=sys.stderr)
        log_error(args, diverged.message)
        return EXIT_DIVERGED
    accuracy = finished.test_accuracy
    problems = []
    checkpoint = args.checkpoint
    if args.checkpoint:
        metrics = {"test_accuracy": accuracy} if accuracy is not None else {}
        try:
            checkpoints.save(args.checkpoint, trainer.model, config, step=trainer.step,
                             metrics=metrics, dataset=mnist.dataset)
        except checkpoints.CheckpointError as err:
            checkpoint = None
            problems.append(f"{err}; {keep_in_autosave(trainer, config, metrics, mnist.dataset)}")
    if recorder is not None and recorder.error:
        problems.append(f"{recorder.error}; the recording in {recording_report(recorder, args.record)}")
    if listener is not None and listener.error:
        problems.append(listener.error)
    summary = {
        "model": config.model, "arch": config.arch, "dataset": mnist.dataset, "preset": config.preset,
        "steps": trainer.step, "l2": config.l2,
        "batch_size": config.batch_size, "learning_rate": config.learning_rate,
        "optimizer": config.optimizer, "seed": config.seed, "train_subset": config.train_subset,
        "test_accuracy": accuracy,
        "wall_s": round(finished.wall_s, 3), "samples_per_s": round(finished.samples_per_s, 1),
        "device": str(trainer.device), "checkpoint": checkpoint,
    }
    train_accuracy = trainer.last_evaluation.train_accuracy if trainer.last_evaluation is not None else None
    if train_accuracy is not None:
        summary["train_accuracy"] = train_accuracy
        summary["train_accuracy_images"] = len(trainer.train_eval_set)
    if recorder is not None:
        summary["recording"] = args.record
        summary["snapshots_recorded"] = len(recorder.written_steps)
    if listener is not None:
        summary["tensorboard"] = args.tensorboard
    if problems:
        summary["errors"] = problems
    if args.json:
        print(json.dumps(summary, default=str))
    else:
        print(f"{networks.title(config.model)} ({config.preset}) on {mnist.name}: test accuracy {accuracy:.4f} "
              f"after {trainer.step} steps "
              f"in {finished.wall_s:.1f} s ({finished.samples_per_s:.0f} samples/s on {trainer.device})")
        if config.train_subset and train_accuracy is not None:
            print(f"trained on the first {config.train_subset:,} training images: training accuracy "
                  f"{train_accuracy:.4f} on {len(trainer.train_eval_set):,} of them (dropout off), "
                  f"{train_accuracy - accuracy:+.4f} above the test accuracy")
        if recorder is not None and not recorder.error:
            steps = recorder.written_steps
            print(f"recorded {len(steps)} snapshots (steps {steps[0]}..{steps[-1]}) and every step's metrics "
                  f"to {args.record} ({recorder.bytes_on_disk / 2**20:.1f} MB)" if steps else
                  f"recorded every step's metrics to {args.record}")
        if listener is not None and not listener.error:
            print(f"wrote TensorBoard event files to {args.tensorboard}; view them with: "
                  f"tensorboard --logdir {args.tensorboard}")
    for problem in problems:
        message = " ".join(problem.split())
        print(f"mnist-viz: error: {message}", file=sys.stderr)
        log_error(args, message)
    return EXIT_USAGE if problems else EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    """``export RUN_DIR --panel P --out FILE`` (GIF, MP4 or PNG) and/or ``--tensorboard LOGDIR``."""
    from .core import export, recording

    if args.tensorboard is None and (args.panel is None or args.out is None):
        raise UsageError("export needs --panel and --out (an animation or a PNG), or --tensorboard LOGDIR "
                         "(TensorBoard event files)")
    if (args.panel is None) != (args.out is None):
        raise UsageError("--panel and --out go together: --panel says what to draw, --out where")
    try:
        if args.tensorboard is not None:
            from .core import tensorboard

            tensorboard.check_ready(args.tensorboard)  # before anything is read or written
        if args.out is not None:
            export.check_destination(args.out)  # before the recording is read and the frames drawn
            result = export.export_animation(recording.Recording.open(args.run_dir),
                                             export.part_for_panel(args.panel), args.out, fps=args.fps)
            print(f"wrote {result.path} ({result.frames} frames, steps {result.first_step}..{result.last_step})")
        if args.tensorboard is not None:
            print(tensorboard.export_recording(args.run_dir, args.tensorboard).report())
    except (recording.RecordingError, export.ExportError) as err:
        raise UsageError(str(err)) from None
    except ValueError as err:  # tensorboard.TensorBoardError
        raise UsageError(f"--tensorboard: {err}") from None
    return EXIT_OK


def command_open(args: argparse.Namespace, data_dir: str | None) -> int:
    """``open RUN_DIR``: check the recording, then replay it in the app."""
    from .core import recording

    try:
        recorded = recording.Recording.open(args.run_dir)
    except recording.RecordingError as err:
        raise UsageError(str(err)) from None
    from .gui.app import run_app

    dataset = args.dataset or recorded.manifest.get("dataset")
    return run_app(data_dir=data_dir, dataset=dataset, recording=args.run_dir)


def experiment_network(variants) -> str:
    """The network(s) a lesson's variants train, in words, with conv1's filter count when it has one."""
    from .core import networks

    def said(model: str) -> str:
        text = "the tutorial CNN" if model == "cnn" else networks.title(model, 80)
        try:
            conv1 = networks.describe(model).layer("conv1")
        except (ValueError, KeyError, AttributeError):
            conv1 = None
        return f"{text} (conv1 has {conv1.layer.channels} filters)" if conv1 is not None else text

    models = list(dict.fromkeys(variant.config.model for variant in variants))
    return "; ".join(said(model) for model in models)


def command_experiment(args: argparse.Namespace, data_dir: str | None) -> int:
    """``experiment NAME``: a lesson's variants side by side, a report every few steps, the verdict."""
    from .core import lessons

    if args.list or args.name is None:
        width = max(len(name) for name in lessons.LESSON_ORDER)
        for name in lessons.LESSON_ORDER:
            lesson = lessons.LESSONS[name]
            print(f"{name:<{width}}  {lesson.title} ({lesson.default_steps} steps)")
        if not args.list:
            print("run one with: mnist-viz experiment NAME (see mnist-viz experiment --help)")
        return EXIT_OK
    try:
        lesson = lessons.get(args.name)
    except ValueError as err:
        raise UsageError(str(err)) from None
    steps = args.steps or lesson.default_steps
    every = args.every or lesson.default_every
    variants = experiment_variants(args, lesson, steps)
    from .core.training import resolve_device

    try:
        resolve_device(args.device)
    except ValueError as err:
        raise UsageError(str(err)) from None
    mnist = load_data(data_dir, allow_download=not args.no_download)
    if variants is None:
        variants = lesson.variants(steps, args.seed, args.device)
    width = max(len(variant.title) for variant in variants)
    if not args.json:
        print(f"{lesson.title}: {len(variants)} variants, {steps} steps each on the same batches (seed {args.seed}); "
              f"a report every {every} steps")
        print(f"the network: {experiment_network(variants)}")
    final = []
    try:
        for report in lessons.run(lesson.name, mnist, steps=steps, seed=args.seed, device=args.device,
                                  report_every=every, test_images=args.test_images, variants=variants):
            if final and not args.json:
                print()
            final = report
            for row in report:
                if args.json:
                    print(json.dumps(experiment_row(lesson.name, row), default=float), flush=True)
                else:
                    print(experiment_line(row, width), flush=True)
    except ValueError as err:  # e.g. the dropout lesson's 1,000 images in a smaller training set
        raise UsageError(f"{lesson.name}: {' '.join(str(err).split())}") from None
    if not args.json:
        tested = min(args.test_images, len(mnist.test))
        print(f"(test accuracy on the first {tested:,} test images; training accuracy on fixed training images, "
              "dropout off; loss: the last batch's mean cross-entropy)")
        print()
        print(lessons.verdict(lesson.name, final))
    return EXIT_OK


def experiment_variants(args: argparse.Namespace, lesson, steps: int):
    """``--inits`` and ``--arch`` (init only): the init lesson's variants for them; None otherwise."""
    from .core import lessons

    if lesson.name != "init":
        given = [option for option, value in (("--inits", args.inits), ("--arch", args.arch)) if value is not None]
        if given:
            raise UsageError(f"{given[0]} applies to the init lesson only, not {lesson.name}")
        return None
    if args.inits is None and args.arch is None:
        return None
    inits = lessons.INIT_LESSON_INITS
    if args.inits is not None:
        from .core.config import INIT_CHOICES

        inits = tuple(name.strip() for name in args.inits.split(",") if name.strip())
        unknown = [name for name in inits if name not in INIT_CHOICES]
        if unknown or not inits:
            raise UsageError(f"--inits: unknown init {unknown[0] if unknown else args.inits!r}; "
                             f"give a comma-separated list from {', '.join(INIT_CHOICES)}")
    model = arch_model(args.arch) if args.arch is not None else "cnn"
    try:
        return lessons.init_variants(steps, args.seed, args.device, inits, model)
    except ValueError as err:
        raise UsageError(f"--arch: {err}" if args.arch is not None else str(err)) from None


def _rounded(value):
    if isinstance(value, float) and math.isfinite(value):
        return round(value, 6)
    return None if isinstance(value, float) else value


def experiment_row(lesson: str, row) -> dict:
    """One variant's report as ``experiment --json`` prints it (non-finite numbers as null)."""
    out = {"lesson": lesson, "variant": row.variant, "step": row.step, "loss": _rounded(row.loss),
           "batch_accuracy": row.batch_accuracy, "test_accuracy": row.test_accuracy,
           "train_accuracy": row.train_accuracy, "diverged": row.diverged}
    if row.diverged:
        out["diverged_at"] = row.diverged_at
    if lesson == "init":  # the keys documented before the lessons: "init", "filters", "distinct", ...
        out["init"] = row.variant
    out.update({key: _rounded(value) for key, value in row.measures.items()})
    for key in ("filters", "distinct"):
        if key in out and out[key] is not None:
            out[key] = int(out[key])
    return out


def experiment_line(row, width: int) -> str:
    """One variant's report as a line of the readable table."""
    parts = [f"step {row.step:5d}  {row.title or row.variant:<{width}}"]
    if row.loss is not None:
        parts.append(f"loss {row.loss:8.3f}" if math.isfinite(row.loss) else f"loss {row.loss!s:>8}")
    measures = row.measures
    if "distinct" in measures:
        parts.append(f"{int(measures['distinct']):2d} distinct of {int(measures['filters'])}  "
                     f"moved {measures['moved']:<8.3g}")
    if "grad_ratio" in measures:
        parts.append(f"gradient first/last layer {measures['grad_ratio']:.2g}")
    if row.train_accuracy is not None:
        parts.append(f"training accuracy {row.train_accuracy:.4f}")
    if row.test_accuracy is not None:
        parts.append(f"test accuracy {row.test_accuracy:.4f}")
    if "gap" in measures:
        parts.append(f"gap {measures['gap']:+.4f}")
    if row.diverged:
        parts.append(f"DIVERGED at step {row.diverged_at}")
    return "  ".join(parts)

def command_predict(args: argparse.Namespace) -> int:
    import torch

    from .core import preprocess

    model, checkpoint, path = load_cli_model(args)
    from .core.datasets import DATASETS, class_names_for

    if checkpoint.dataset not in DATASETS:  # load() refuses these; kept for a Checkpoint built otherwise
        raise UsageError(f"{path} was trained on an unknown data set {checkpoint.dataset[:80]!r}; "
                         "use a checkpoint saved by this version of mnist-viz")
    class_names = class_names_for(checkpoint.dataset)
    status = EXIT_OK
    for image_path in args.images:
        try:
            notes: list[str] = []
            digit_image = preprocess.to_mnist(preprocess.load_image(image_path, notes))
            for note in notes:
                print(f"mnist-viz: note: {note}", file=sys.stderr)
        except preprocess.ImageError as err:
            print(f"mnist-viz: error: {err}", file=sys.stderr)
            log_error(args, str(err))
            status = EXIT_USAGE
            continue
        if digit_image is None:
            print(f"mnist-viz: error: {image_path} shows no digit (the image is blank)", file=sys.stderr)
            status = EXIT_USAGE
            continue
        with torch.inference_mode():
            logits = model(torch.from_numpy(digit_image)[None, None]).float()
            probabilities = logits.softmax(1)[0].tolist()
        # finite weights can still overflow
        if not all(math.isfinite(p) for p in probabilities + logits[0].tolist()):
            message = (f"{image_path}: the model's answer is not a number (its weights are so large that "
                       f"the sums overflow); {path} is damaged or from a run that diverged: train again")
            print(f"mnist-viz: error: {message}", file=sys.stderr)
            log_error(args, message)
            status = EXIT_USAGE
            continue
        digit = max(range(10), key=probabilities.__getitem__)
        # Not a digit? The canvas's measured rule (core.unsure) on the logits, for digit models:
        # the shipped model's own (by its slot, path.stem: "softmax" holds deskew,fc-10), a
        # checkpoint's the default one.
        unsure = (_unsure(probabilities, None if args.checkpoint else path.stem, logits[0].numpy())
                  if checkpoint.dataset == "mnist" else None)
        if args.json:
            answer_json = {"path": str(image_path), "digit": digit, "dataset": checkpoint.dataset,
                           "label": class_names[digit], "probabilities": [round(p, 6) for p in probabilities]}
            if unsure is not None:
                answer_json["unsure"] = unsure
            print(json.dumps(answer_json, allow_nan=False))
        else:
            bars = "  ".join(f"{k}:{p:.2f}" for k, p in enumerate(probabilities))
            answer = str(digit) if class_names[digit] == str(digit) else f"{digit} {class_names[digit]}"
            if unsure:
                print(f"{image_path}: not sure, it does not look like any digit the model knows "
                      f"(best guess {answer}, {probabilities[digit]:.1%})   {bars}")
            else:
                print(f"{image_path}: {answer} ({probabilities[digit]:.1%})   {bars}")
    return status


def _unsure(probabilities: list[float], model: str | None, logits=None) -> bool:
    """True when the answer is below the threshold measured for ``model`` (None: a checkpoint's),
    judged by its rule on the ``logits`` where given (core.unsure.verdict)."""
    import numpy as np

    from .core import unsure

    return unsure.verdict(np.asarray(probabilities), model, logits=logits).unsure


def command_explain(args: argparse.Namespace) -> int:
    """``explain IMAGE --out OUT.png``: the image under the chosen method's attribution map."""
    from .core import atomic, explain, preprocess
    from .core.datasets import DATASETS, class_names_for

    if args.scale > 100:
        raise UsageError(f"--scale must be at most 100 (a {28 * args.scale}-pixel PNG), not {args.scale}")
    try:
        atomic.check_destination(args.out)  # before the model loads: a bad path costs nothing
    except atomic.DestinationError as err:
        raise UsageError(f"--out: {err}") from None
    model, checkpoint, path = load_cli_model(args)
    reason = explain.why_not(model, args.method)
    if reason:
        raise UsageError(f"{reason}; the {model.name} model from {path}")
    try:
        notes: list[str] = []
        image = preprocess.to_mnist(preprocess.load_image(args.image, notes))
    except preprocess.ImageError as err:
        raise UsageError(str(err)) from None
    for note in notes:
        print(f"mnist-viz: note: {note}", file=sys.stderr)
    if image is None:
        raise UsageError(f"{args.image} shows no digit (the image is blank)")
    try:
        result = explain.explain(model, image, args.method, args.target)
    except explain.ExplainError as err:
        raise UsageError(str(err)) from None
    probabilities = [float(p) for p in result.probabilities]
    if not all(math.isfinite(p) for p in probabilities) or not math.isfinite(float(abs(result.attribution).sum())):
        raise UsageError(f"{args.image}: the model's answer is not a number (its weights are so large that the "
                         f"sums overflow); {path} is damaged or from a run that diverged: train again")
    rgb = explain.overlay_rgb(image, result.attribution, args.scale)
    try:
        explain.save_png(args.out, rgb)
    except OSError as err:
        raise UsageError(f"cannot write {args.out}: {err.strerror or err}; nothing was written") from None
    class_names = class_names_for(checkpoint.dataset if checkpoint.dataset in DATASETS else "mnist")
    digit = max(range(10), key=probabilities.__getitem__)
    if args.json:
        print(json.dumps({"path": str(args.image), "out": str(args.out), "model": model.name,
                          "dataset": checkpoint.dataset, "method": result.method, "digit": digit,
                          "label": class_names[digit], "target": result.target,
                          "probabilities": [round(p, 6) for p in probabilities],
                          "method_ms": round(result.seconds * 1000, 2),
                          "size": [rgb.shape[1], rgb.shape[0]]}, allow_nan=False))
    else:
        answer = str(digit) if class_names[digit] == str(digit) else f"{digit} {class_names[digit]}"
        explained = "the answer" if result.target == digit else f"class {result.target}"
        print(f"{args.image}: {answer} ({probabilities[digit]:.1%}); {explain.TITLES[result.method]['en']} "
              f"of {explained} ({result.seconds * 1000:.0f} ms) written to {args.out} "
              f"({rgb.shape[1]}x{rgb.shape[0]}; red: for, blue: against)")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
