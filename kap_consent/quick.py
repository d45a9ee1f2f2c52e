"""Answer `--help`, `--version`, `schema` and `documents` without loading the command framework.

Importing Typer alone takes about five bare Python starts, and pydantic as many again; these
answers need neither. The help text is the one Typer prints at its widest (a terminal of 80
columns or more), the schemas are what `schema` prints, and the document list is what
`documents` prints for the packaged wording; tests keep the stored copies equal to them. The
document list is used only while the packaged wording files are the ones it was made from (their
digest is stored beside it). A narrower terminal, or any other command, goes to the full
command line.
"""

from __future__ import annotations

import hashlib
import os
import sys

ANSWERS = os.path.join(os.path.dirname(__file__), "answers")
PROGRAM = "kap-consent"
WIDEST = 80
"""Typer wraps help text to the terminal's width, up to this many columns."""
SCHEMA_KINDS = ("practice", "client")
DOCUMENT_LISTS = {(): "documents.txt", ("--json",): "documents.json"}
"""The `documents` options answered from a stored list, and the list each prints."""
WORDING_DIGEST = "documents.sha256"
"""The digest of the packaged wording files the stored document lists were made from."""


def stored_answer(name: str) -> str:
    """Return a stored answer's text (`help.txt`, `schema-practice.json`, ...)."""
    with open(os.path.join(ANSWERS, name), encoding="utf-8") as text:
        return text.read()


def quick_answer(args: list[str], program: str, columns: int) -> str | None:
    """Return the text to print for `args`, or None when the full command line must answer."""
    if args == ["--version"]:
        from . import __version__

        return f"{PROGRAM} {__version__}\n"
    if args == ["--help"] and program == PROGRAM and columns >= WIDEST:
        return stored_answer("help.txt")
    if args[:1] == ["schema"] and args[1:] in ([], *([kind] for kind in SCHEMA_KINDS)):
        return stored_answer(f"schema-{(args[1:] or ['practice'])[0]}.json")
    listing = DOCUMENT_LISTS.get(tuple(args[1:])) if args[:1] == ["documents"] else None
    if listing and stored_answer(WORDING_DIGEST).strip() == wording_digest():
        return stored_answer(listing)
    return None


def wording_digest() -> str:
    """Return the SHA-256 (hex) of the packaged wording files: their names and bytes."""
    from .resources import packaged_dir

    digest = hashlib.sha256()
    for path in sorted((packaged_dir() / "documents").glob("*.yaml")):
        digest.update(path.name.encode() + b"\x00" + path.read_bytes() + b"\x00")
    return digest.hexdigest()


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
    try:
        sys.stdout.write(answer)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): no traceback, as in the CLI
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no 2nd error at exit
        sys.exit(1)
