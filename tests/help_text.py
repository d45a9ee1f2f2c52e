"""The top-level help that `kap-consent --help` prints without loading Typer.

Regenerate the stored copy after changing a command's summary: `python -m tests.help_text`
(`make golden` runs it too).
"""

from __future__ import annotations

import os
import subprocess
import sys

from kap_consent.quick import HELP_FILE, PROGRAM, WIDEST

FULL_CLI = f"import sys; sys.argv[0] = {PROGRAM!r}; from kap_consent.cli import main; main()"
"""The command line without the quick path, named as the console script names itself."""


def full_help() -> str:
    """Return the help Typer prints in a fresh process on a terminal at its widest."""
    env = {**os.environ, "COLUMNS": str(WIDEST)}
    result = subprocess.run(
        [sys.executable, "-c", FULL_CLI, "--help"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def write_help() -> None:
    """Store the help text where the quick path reads it."""
    with open(HELP_FILE, "w", encoding="utf-8") as stored:
        stored.write(full_help())


if __name__ == "__main__":
    write_help()
