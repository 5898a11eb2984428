"""The ``mnist-viz`` command: the desktop app by default, plus headless sub-commands.

Exit codes: 0 success; 2 bad arguments or bad input (one line on stderr); 3 training
diverged. A user's mistake never ends in a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_USAGE, EXIT_DIVERGED = 0, 2, 3


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + error
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
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


def build_parser() -> argparse.ArgumentParser:
    from .core.config import DEVICES, INIT_CHOICES, MODEL_CHOICES, OPTIMIZERS, PRESETS  # no torch: fast --help
    from .core.datasets import DATASET_CHOICES

    parser = Parser(prog="mnist-viz", description="Watch the inside of MNIST training, live. "
                    "Without a sub-command, opens the desktop app.")
    parser.add_argument("--data-dir", help="folder that holds MNIST/raw/ (default: $MNIST_VIZ_DATA, "
                        "then the user data folder)")
    dataset_help = ("data set: MNIST digits, Fashion-MNIST clothes or KMNIST hiragana, all 28x28 in ten "
                    "classes (default mnist)")
    parser.add_argument("--dataset", choices=DATASET_CHOICES, help=dataset_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    train = sub.add_parser("train", help="train a model headless and report its test accuracy")
    train.add_argument("--model", choices=MODEL_CHOICES, help="softmax regression or the CNN")
    train.add_argument("--preset", choices=sorted(PRESETS), help="named settings "
                       "(default: tutorial-softmax or tutorial-cnn, by model)")
    train.add_argument("--steps", type=int, help="number of optimisation steps")
    train.add_argument("--batch-size", type=positive_int)
    train.add_argument("--lr", type=positive_float, help="learning rate")
    train.add_argument("--optimizer", choices=OPTIMIZERS)
    train.add_argument("--keep-prob", type=float, help="dropout keep probability (CNN)")
    train.add_argument("--seed", type=int)
    train.add_argument("--init", choices=INIT_CHOICES)
    train.add_argument("--eval-every", type=int, help="evaluate on the test set every N steps (0: at the end)")
    train.add_argument("--data-dir", dest="data_dir_sub", help=argparse.SUPPRESS)
    train.add_argument("--no-download", action="store_true", help="fail instead of downloading MNIST")
    train.add_argument("--dataset", dest="dataset_sub", choices=DATASET_CHOICES, help=dataset_help)
    train.add_argument("--device", choices=DEVICES, default=None)
    train.add_argument("--checkpoint", metavar="OUT.pt", help="save the trained model here")
    train.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.add_argument("--record", metavar="RUN_DIR", help="record the run (weights, activations, metrics) "
                       "into this new folder, to replay with 'mnist-viz open' or export with 'mnist-viz export'")
    train.add_argument("--record-every", type=positive_int, default=50, metavar="N",
                       help="with --record: a snapshot every N steps (default 50)")

    predict = sub.add_parser("predict", help="classify image files of hand-written digits")
    predict.add_argument("images", nargs="+", metavar="IMAGE")
    source = predict.add_mutually_exclusive_group()
    source.add_argument("--checkpoint", metavar="CKPT.pt", help="a checkpoint saved by mnist-viz")
    source.add_argument("--model", choices=MODEL_CHOICES, help="use the shipped pretrained model")
    predict.add_argument("--json", action="store_true", help="one JSON object per image per line")

    shot = sub.add_parser("screenshot", help="train in the real window and save a PNG of it")
    shot.add_argument("out", metavar="OUT.png", help="where to write the PNG")
    shot.add_argument("--model", choices=MODEL_CHOICES, default="softmax",
                      help="which tutorial model to train (its tutorial preset; default softmax)")
    shot.add_argument("--steps", type=positive_int, default=300, help="steps to train first (default 300)")
    shot.add_argument("--size", type=window_size, default=(1366, 768), metavar="WxH",
                      help="window size in pixels (default 1366x768)")
    shot.add_argument("--data-dir", dest="data_dir_sub", help=argparse.SUPPRESS)
    shot.add_argument("--dataset", dest="dataset_sub", choices=DATASET_CHOICES, help=dataset_help)

    bench = sub.add_parser("bench", help="measure what watching costs, as side-by-side ratios")
    bench.add_argument("--quick", action="store_true", help="a reduced run (under a few minutes)")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--only", help="comma-separated subset: data,bare,streaming,cpu,startup,accuracy")
    bench.add_argument("--data-dir", dest="data_dir_sub", help=argparse.SUPPRESS)

    experiment = sub.add_parser("experiment", help="run a teaching experiment headless (init: why small "
                                "random weights?)")
    experiment.add_argument("name", choices=["init"], help="init: train the CNN from several "
                            "initialisations side by side and count conv1's distinct filters")
    experiment.add_argument("--steps", type=positive_int, default=300, help="steps per network (default 300)")
    experiment.add_argument("--every", type=positive_int, default=50, help="report every N steps (default 50)")
    experiment.add_argument("--inits", default="zeros,tutorial",
                            help=f"comma-separated, from {','.join(INIT_CHOICES)} (default zeros,tutorial)")
    experiment.add_argument("--seed", type=int, default=1)
    experiment.add_argument("--device", choices=DEVICES, default="cpu")
    experiment.add_argument("--no-download", action="store_true", help="fail instead of downloading MNIST")
    experiment.add_argument("--json", action="store_true", help="one JSON object per network and report")
    experiment.add_argument("--data-dir", dest="data_dir_sub", help=argparse.SUPPRESS)

    export = sub.add_parser("export", help="turn a recording into an animated GIF, an MP4 or a PNG")
    export.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'mnist-viz train --record'")
    export.add_argument("--panel", required=True, choices=["softmax-weights", "conv1", "conv2"],
                        help="what to draw: the softmax weights, or the CNN's conv1 or conv2 filters")
    export.add_argument("--out", required=True, metavar="FILE", help="FILE.gif, FILE.mp4 (needs imageio-ffmpeg) "
                        "or FILE.png (the last snapshot)")
    export.add_argument("--fps", type=positive_float, default=8.0, help="frames per second (default 8)")

    open_ = sub.add_parser("open", help="open a recording in the desktop app, to replay it")
    open_.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'mnist-viz train --record'")
    open_.add_argument("--data-dir", dest="data_dir_sub", help=argparse.SUPPRESS)

    app = sub.add_parser("app", help="open the desktop app (the default)")
    app.add_argument("--data-dir", dest="data_dir_sub", help=argparse.SUPPRESS)
    app.add_argument("--dataset", dest="dataset_sub", choices=DATASET_CHOICES, help=dataset_help)
    return parser


def opens_app(argv: Sequence[str]) -> bool:
    """True when these arguments open the desktop app (no sub-command, or ``app``)."""
    words, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--data-dir", "--dataset"):
            skip = True
        elif arg in ("-h", "--help"):
            return False
        elif not arg.startswith("-"):
            words.append(arg)
    return not words or words[0] == "app"


def main(argv: Sequence[str] | None = None) -> int:
    if opens_app(sys.argv[1:] if argv is None else argv):
        # Importing torch takes seconds: put a splash on screen first (Qt only).
        from .gui import splash

        splash.show_splash()
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir = getattr(args, "data_dir_sub", None) or args.data_dir
    args.dataset = getattr(args, "dataset_sub", None) or args.dataset
    try:
        if args.dataset and args.command in ("predict", "bench", "experiment"):
            raise UsageError(f"--dataset applies to train, screenshot and app, not {args.command}"
                             + (" (a checkpoint knows its data set)" if args.command == "predict" else ""))
        if args.command == "train":
            return command_train(args, data_dir)
        if args.command == "predict":
            return command_predict(args)
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
        return command_app(data_dir, args.dataset)
    except UsageError as err:
        print(f"mnist-viz: error: {err}", file=sys.stderr)
        log_error(args, str(err))
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mnist-viz: interrupted", file=sys.stderr)
        return 130


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

    from .core.training import DEFAULT_PRESET, preset

    out = Path(args.out)
    if not out.parent.is_dir():
        raise UsageError(f"cannot write {out}: the folder {out.parent} does not exist")
    mnist = load_data(data_dir, allow_download=False, dataset=args.dataset)
    config = preset(DEFAULT_PRESET[args.model]).replace(steps=args.steps)
    config = config.replace(eval_every=min(config.eval_every, max(1, args.steps // 2)))

    from .gui.screenshot import ScreenshotError, take_screenshot

    try:
        finished, (width, height) = take_screenshot(mnist, out, config, size=args.size)
    except ScreenshotError as err:
        raise UsageError(str(err)) from None
    accuracy = f", test accuracy {finished.test_accuracy:.4f}" if finished and finished.test_accuracy else ""
    print(f"{out}: {width}x{height} window after {config.steps} steps of {args.model} on {mnist.name}{accuracy}")
    return EXIT_OK


def load_data(data_dir: str | None, allow_download: bool, dataset: str | None = None):
    """MNIST (or ``dataset``) for the CLI: DataError becomes a one-line UsageError."""
    from .core import data

    root = data.resolve_root(data_dir)
    try:
        return data.ensure(root, allow_download=allow_download, dataset=dataset or "mnist")
    except data.DataError as err:
        raise UsageError(str(err)) from None


def train_config_from_args(args: argparse.Namespace):
    from .core.training import DEFAULT_PRESET, preset

    if args.preset:
        config = preset(args.preset)
        if args.model and args.model != config.model:
            raise UsageError(f"preset {args.preset} trains the {config.model} model, not {args.model}; "
                             f"drop --model or choose a {args.model} preset")
    else:
        config = preset(DEFAULT_PRESET[args.model or "softmax"])
    changes = {"steps": args.steps, "batch_size": args.batch_size, "learning_rate": args.lr,
               "optimizer": args.optimizer, "keep_prob": args.keep_prob, "seed": args.seed,
               "init": args.init, "eval_every": args.eval_every, "device": args.device}
    changes = {k: v for k, v in changes.items() if v is not None}
    try:
        return config.replace(**changes)
    except ValueError as err:
        raise UsageError(str(err)) from None


def command_train(args: argparse.Namespace, data_dir: str | None) -> int:
    from .core import checkpoints, events
    from .core.training import Trainer

    config = train_config_from_args(args)
    if args.record:
        from .core import recording

        try:
            recording.check_new_folder(args.record)  # before the data loads: fail fast
        except recording.RecordingError as err:
            raise UsageError(str(err)) from None
    mnist = load_data(data_dir, allow_download=not args.no_download, dataset=args.dataset)
    try:
        trainer = Trainer(config, mnist.train, mnist.test)
    except ValueError as err:
        raise UsageError(str(err)) from None
    recorder = None
    if args.record:
        try:
            recorder = recording.Recorder(args.record, config, every_steps=args.record_every,
                                          dataset=mnist.dataset)
        except recording.RecordingError as err:
            raise UsageError(str(err)) from None
        recorder.attach(trainer)
    progress = None
    if not args.quiet:
        from tqdm import tqdm

        progress = tqdm(total=config.steps, unit="step", file=sys.stderr, dynamic_ncols=True,
                        desc=f"{config.model} ({config.preset}) on {mnist.name}", mininterval=0.25)
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
            recorder.close()
    if diverged is not None:
        print(f"mnist-viz: {diverged.message.replace('reset the weights', 'train again')}", file=sys.stderr)
        log_error(args, diverged.message)
        return EXIT_DIVERGED
    accuracy = finished.test_accuracy
    if args.checkpoint:
        try:
            checkpoints.save(args.checkpoint, trainer.model, config, step=trainer.step,
                             metrics={"test_accuracy": accuracy}, dataset=mnist.dataset)
        except checkpoints.CheckpointError as err:
            raise UsageError(str(err)) from None
    summary = {
        "model": config.model, "dataset": mnist.dataset, "preset": config.preset, "steps": trainer.step,
        "batch_size": config.batch_size, "learning_rate": config.learning_rate,
        "optimizer": config.optimizer, "seed": config.seed, "test_accuracy": accuracy,
        "wall_s": round(finished.wall_s, 3), "samples_per_s": round(finished.samples_per_s, 1),
        "device": str(trainer.device), "checkpoint": args.checkpoint,
    }
    if recorder is not None:
        summary["recording"] = args.record
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{config.model} ({config.preset}) on {mnist.name}: test accuracy {accuracy:.4f} "
              f"after {trainer.step} steps "
              f"in {finished.wall_s:.1f} s ({finished.samples_per_s:.0f} samples/s on {trainer.device})")
        if recorder is not None:
            steps = recorder.snapshot_steps
            print(f"recorded {len(steps)} snapshots (steps {steps[0]}..{steps[-1]}) and every step's metrics "
                  f"to {args.record} ({recorder.bytes_on_disk / 2**20:.1f} MB)" if steps else
                  f"recorded every step's metrics to {args.record}")
    return EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    """``export RUN_DIR --panel P --out FILE``: a recording's snapshots as GIF, MP4 or PNG."""
    from .core import export, recording

    try:
        result = export.export_animation(recording.Recording.open(args.run_dir), export.part_for_panel(args.panel),
                                         args.out, fps=args.fps)
    except (recording.RecordingError, export.ExportError) as err:
        raise UsageError(str(err)) from None
    print(f"wrote {result.path} ({result.frames} frames, steps {result.first_step}..{result.last_step})")
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


def command_experiment(args: argparse.Namespace, data_dir: str | None) -> int:
    """``experiment init``: per report, how many of conv1's filters each init keeps distinct."""
    from .core import experiments
    from .core.config import INIT_CHOICES
    from .core.training import resolve_device

    inits = [name.strip() for name in args.inits.split(",") if name.strip()]
    unknown = [name for name in inits if name not in INIT_CHOICES]
    if unknown or not inits:
        raise UsageError(f"--inits: unknown init {unknown[0] if unknown else args.inits!r}; "
                         f"give a comma-separated list from {', '.join(INIT_CHOICES)}")
    try:
        resolve_device(args.device)
    except ValueError as err:
        raise UsageError(str(err)) from None
    mnist = load_data(data_dir, allow_download=not args.no_download)
    width = max(len(experiments.INIT_TITLES.get(name, name)) for name in inits)
    if not args.json:
        print(f"CNN, Adam {experiments.EXPERIMENT_LEARNING_RATE:g}, batch {experiments.EXPERIMENT_BATCH_SIZE}, "
              f"seed {args.seed}, the same batches for every init; conv1 has 32 filters")
    for report in experiments.init_experiment(mnist, args.steps, inits, args.every, args.seed, args.device):
        for row in report:
            d = row.diversity
            if args.json:
                print(json.dumps({"step": row.step, "init": row.init, "filters": d.count,
                                  "distinct": d.distinct, "mean_distance": round(d.mean_distance, 6),
                                  "moved": round(row.moved, 6), "loss": row.loss,
                                  "batch_accuracy": row.batch_accuracy, "test_accuracy": row.test_accuracy}))
                continue
            loss = "" if row.loss is None else f"  loss {row.loss:6.3f}"
            test = "" if row.test_accuracy is None else f"  test accuracy {row.test_accuracy:.4f}"
            print(f"step {row.step:5d}  {experiments.INIT_TITLES.get(row.init, row.init):<{width}}  "
                  f"{d.distinct:2d} distinct of {d.count}  moved {row.moved:<8.3g}{loss}{test}", flush=True)
    if not args.json:
        print(f"(test accuracy on the first {min(experiments.EXPERIMENT_TEST_IMAGES, len(mnist.test)):,} "
              "test images; 'moved': largest change of a conv1 weight since step 0)")
    return EXIT_OK


def command_predict(args: argparse.Namespace) -> int:
    import torch

    from .core import checkpoints, preprocess

    if args.checkpoint:
        path = args.checkpoint
    else:
        path = checkpoints.pretrained_path(args.model or "cnn")
        if not path.exists():
            raise UsageError(f"no pretrained {args.model or 'cnn'} checkpoint at {path}; "
                             "pass --checkpoint with one saved by 'mnist-viz train --checkpoint'")
    try:
        model, checkpoint = checkpoints.load_model(path)
    except checkpoints.CheckpointError as err:
        raise UsageError(str(err)) from None
    from .core.datasets import DATASETS, class_names_for

    if checkpoint.dataset not in DATASETS:
        raise UsageError(f"{path} was trained on an unknown data set {checkpoint.dataset!r}; "
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
            probabilities = model(torch.from_numpy(digit_image)[None, None]).softmax(1)[0].tolist()
        digit = max(range(10), key=probabilities.__getitem__)
        if args.json:
            print(json.dumps({"path": str(image_path), "digit": digit, "dataset": checkpoint.dataset,
                              "label": class_names[digit],
                              "probabilities": [round(p, 6) for p in probabilities]}))
        else:
            bars = "  ".join(f"{k}:{p:.2f}" for k, p in enumerate(probabilities))
            answer = str(digit) if class_names[digit] == str(digit) else f"{digit} {class_names[digit]}"
            print(f"{image_path}: {answer} ({probabilities[digit]:.1%})   {bars}")
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
