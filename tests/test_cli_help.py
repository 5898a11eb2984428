"""The command line's own surface: --version, --help of every sub-command, unknown options."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

import mnist_viz
from mnist_viz import cli
from tests.helpers import one_line, run_main

COMMANDS = ["train", "predict", "screenshot", "bench", "experiment", "export", "open", "app", "install-desktop", "explain", "sweep"]


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_version(capsys):
    assert run_main(["--version"]) == 0
    assert capsys.readouterr().out == f"mnist-viz {mnist_viz.__version__}\n"


def test_every_sub_command_is_in_the_help_and_has_one(capsys):
    assert sorted(subparsers(cli.build_parser())) == sorted(COMMANDS)
    assert run_main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert f"    {command} " in out, command


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_gives_every_option_its_default_examples_and_exit_codes(command, capsys):
    parser = cli.build_parser()
    target = parser if command is None else subparsers(parser)[command]
    assert run_main(["--help"] if command is None else [command, "--help"]) == 0
    out = capsys.readouterr().out
    for action in target._actions:
        if isinstance(action, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)):
            continue
        assert action.help and action.help != argparse.SUPPRESS, f"{action.option_strings or action.dest}: no help"
        if action.option_strings:
            assert action.option_strings[-1] in out
            takes_value = action.nargs != 0
            if takes_value:  # flags are off unless given; every option with a value says its default
                assert "default" in action.help or action.required, f"{action.option_strings}: no default"
    assert "examples:\n  mnist-viz" in out
    assert "exit codes:\n  0    success\n  2    " in out
    if command in (None, "train"):
        assert "\n  3    training diverged" in out


def test_preset_driven_defaults_say_so(capsys):
    assert run_main(["train", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--steps N number of optimisation steps (default from the preset: 1000 in tutorial-softmax, " \
           "20000 in tutorial-cnn)" in out
    assert "(default from the preset: 0.01 in tutorial-softmax, 0.0001 in tutorial-cnn)" in out


@pytest.mark.parametrize("argv", [["--frobnicate"], ["--frobnicate", "app"], ["app", "--frobnicate"],
                                  ["--dataset", "nope"]])
def test_an_unknown_top_level_option_is_one_line_and_no_window(argv, monkeypatch, capsys):
    from mnist_viz.gui import splash

    monkeypatch.setattr(splash, "show_splash", lambda: pytest.fail("the splash appeared"))
    assert run_main(argv) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("mnist-viz: error:") and "--help" in line


def test_an_unknown_option_loads_neither_qt_nor_torch():
    """In a process of its own: the mistake is reported before anything heavy is imported."""
    probe = ("import sys\n"
             "from mnist_viz import cli\n"
             "try:\n    cli.main(['--frobnicate'])\nexcept SystemExit as exit_:\n    code = exit_.code\n"
             "heavy = [m for m in ('PySide6', 'torch') if m in sys.modules]\n"
             "print(code, heavy)\n")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert result.stdout.strip() == "2 []", result.stderr
    assert "unrecognized arguments: --frobnicate" in result.stderr


def test_python_dash_m_has_the_same_version():
    result = subprocess.run([sys.executable, "-m", "mnist_viz", "--version"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stdout == f"mnist-viz {mnist_viz.__version__}\n"
