"""Answer `kap-consent --help` and `--version` without loading the command framework.

Importing Typer alone takes about five bare Python starts; these two answers need none of it.
The help text is the one Typer prints at its widest (a terminal of 80 columns or more), kept
equal to it by a test; a narrower terminal, or any other command, goes to the full CLI.
"""

from __future__ import annotations

import os
import sys

HELP_FILE = os.path.join(os.path.dirname(__file__), "help.txt")
PROGRAM = "kap-consent"
WIDEST = 80
"""Typer wraps help text to the terminal's width, up to this many columns."""


def quick_answer(args: list[str], program: str, columns: int) -> str | None:
    """Return the text to print for `args`, or None when the full command line must answer."""
    if args == ["--version"]:
        from . import __version__

        return f"{PROGRAM} {__version__}\n"
    if args == ["--help"] and program == PROGRAM and columns >= WIDEST:
        with open(HELP_FILE, encoding="utf-8") as text:
            return text.read()
    return None


def terminal_columns() -> int:
    """Return the terminal's width as `shutil.get_terminal_size` does, without importing it."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or WIDEST  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return WIDEST


def main() -> None:
    """Entry point of the `kap-consent` console script."""
    program = os.path.basename(sys.argv[0])
    answer = quick_answer(sys.argv[1:], program, terminal_columns())
    if answer is None:
        from .cli import main as full_main

        full_main()
        return
    sys.stdout.write(answer)
