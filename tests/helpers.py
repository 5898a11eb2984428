"""Small helpers shared by the command-line tests."""

from __future__ import annotations

from mnist_viz import cli


def run_main(argv: list[str]) -> int:
    """cli.main's exit code, whether it returns it or argparse exits with it."""
    try:
        return cli.main(argv)
    except SystemExit as exit_:
        return exit_.code


def one_line(stderr: str) -> str:
    """The one line a user's mistake prints, checked to be one line and no traceback."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert "Traceback" not in stderr
    return lines[0]
