"""The answers `kap-consent` gives without loading Typer: top-level help and JSON Schemas.

Regenerate the stored copies after changing a command's summary or an input model:
`python -m tests.quick_answers` (`make golden` runs it too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kap_consent.quick import ANSWERS, PROGRAM, SCHEMA_KINDS, WIDEST
from kap_consent.schema import json_schema

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


def schema_text(kind: str) -> str:
    """Return what `kap-consent schema KIND` prints."""
    return json.dumps(json_schema(kind), indent=2) + "\n"


def expected_answers() -> dict[str, str]:
    """Return each stored answer's file name and the text it must hold."""
    answers = {"help.txt": full_help()}
    answers.update({f"schema-{kind}.json": schema_text(kind) for kind in SCHEMA_KINDS})
    return answers


def write_answers() -> None:
    """Store the answers where the quick path reads them."""
    for name, text in expected_answers().items():
        with open(os.path.join(ANSWERS, name), "w", encoding="utf-8") as stored:
            stored.write(text)


if __name__ == "__main__":
    write_answers()
