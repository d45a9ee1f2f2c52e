"""The answers `kap-consent` gives without loading Typer: help, JSON Schemas, document lists.

Regenerate the stored copies after changing a command's summary or an input model:
`python -m tests.quick_answers` (`make golden` runs it too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kap_consent.quick import (
    ANSWERS,
    DOCUMENT_LISTS,
    PROGRAM,
    SCHEMA_KINDS,
    WIDEST,
    WORDING_DIGEST,
    wording_digest,
)
from kap_consent.schema import json_schema

FULL_CLI = f"import sys; sys.argv[0] = {PROGRAM!r}; from kap_consent.cli import main; main()"
"""The command line without the quick path, named as the console script names itself."""


def full_output(*args: str) -> str:
    """Return what the full command line prints for `args` in a fresh process, at its widest."""
    env = {**os.environ, "COLUMNS": str(WIDEST)}
    result = subprocess.run(
        [sys.executable, "-c", FULL_CLI, *args], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def full_help() -> str:
    """Return the help Typer prints in a fresh process on a terminal at its widest."""
    return full_output("--help")


def schema_text(kind: str) -> str:
    """Return what `kap-consent schema KIND` prints."""
    return json.dumps(json_schema(kind), indent=2) + "\n"


def expected_answers() -> dict[str, str]:
    """Return each stored answer's file name and the text it must hold."""
    answers = {"help.txt": full_help()}
    answers.update({f"schema-{kind}.json": schema_text(kind) for kind in SCHEMA_KINDS})
    answers.update({name: full_output("documents", *opts) for opts, name in DOCUMENT_LISTS.items()})
    answers[WORDING_DIGEST] = wording_digest() + "\n"
    return answers


def write_answers() -> None:
    """Store the answers where the quick path reads them."""
    for name, text in expected_answers().items():
        with open(os.path.join(ANSWERS, name), "w", encoding="utf-8") as stored:
            stored.write(text)


if __name__ == "__main__":
    write_answers()
