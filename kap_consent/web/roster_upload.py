"""An uploaded roster: kept in a private temporary folder, checked row by row.

The rows without problems can be rendered while the others are being fixed: they are written
to a client file of their own, which then goes through the same loader and generator.
"""

from __future__ import annotations

import json
import secrets
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..clock import today
from ..errors import DataError, Problem
from ..loading import load_inputs
from ..models import Client
from ..output import write_file
from ..roster import ROSTER_SUFFIXES, read_roster
from .actions import WebSettings

MAX_ROSTER_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Checked:
    """A checked roster: its problems, and the client IDs of the rows that have none."""

    problems: list[Problem]
    valid: list[str]
    rows: int


class Uploads:
    """Uploaded rosters by a random token, each in its own owner-only temporary folder."""

    def __init__(self) -> None:
        self._paths: dict[str, Path] = {}
        self._lock = threading.Lock()

    def add(self, filename: str, data: bytes) -> tuple[str, Path]:
        """Keep an upload; its extension (.csv or .xlsx) says how it is read."""
        suffix = Path(filename).suffix.lower()
        if suffix not in ROSTER_SUFFIXES:
            raise DataError([Problem(None, None, "upload a .csv or .xlsx roster")])
        if len(data) > MAX_ROSTER_BYTES:
            raise DataError([Problem(None, None, "the roster is larger than 5 MB")])
        folder = Path(tempfile.mkdtemp(prefix="kap-consent-roster-"))  # mode 0700
        path = write_file(folder / f"roster{suffix}", data)
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._paths[token] = path
        return token, path

    def take(self, token: str) -> Path | None:
        """Hand over an upload (for one run); it is no longer kept here."""
        with self._lock:
            return self._paths.pop(token, None)


def check_roster(settings: WebSettings, roster: Path) -> Checked:
    """Check every row; a row is valid when no problem names it and the header is sound."""
    entries = read_roster(roster, Client)
    try:
        load_inputs(settings.practice_file, roster, today())
        problems: list[Problem] = []
    except DataError as error:
        problems = error.details
    if any(p.row is None for p in problems):
        return Checked(problems, [], len(entries.rows))
    bad = {p.row for p in problems}
    valid = [r.client_id for r in entries.rows if r.row not in bad and r.client_id]
    return Checked(problems, valid, len(entries.rows))


def valid_rows_file(roster: Path, valid: list[str]) -> Path:
    """Write the valid rows as a client file beside the upload; return its path."""
    rows = [r.data for r in read_roster(roster, Client).rows if r.client_id in set(valid)]
    data = json.dumps({"clients": rows}, ensure_ascii=False).encode("utf-8")
    return write_file(roster.parent / "valid.json", data, force=True)


__all__ = ["Checked", "Uploads", "check_roster", "valid_rows_file"]
