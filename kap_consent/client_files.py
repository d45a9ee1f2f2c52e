"""The client records of one file (YAML, JSON, TOML or a CSV/XLSX roster) and their names.

A record's problems name a field path in a file, or a row and client ID in a roster.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .errors import Problem
from .models import Client
from .readers import read_data
from .reasons import field_path
from .roster import RosterRow, column_name, is_roster, read_roster
from .types import ClientId

_CLIENT_ID = TypeAdapter(ClientId)

Locate = Callable[[Sequence[int | str], str], Problem]
"""Turns a field location and a reason into a Problem naming the file (and row)."""


def in_file(path: Path, prefix: str = "", client_id: str | None = None) -> Locate:
    """Return a Locate for a record of a YAML, JSON or TOML file."""
    return lambda loc, why: Problem(str(path), field_path(loc, prefix), why, client_id)


def in_row(path: Path, row: RosterRow) -> Locate:
    """Return a Locate for a roster row: `roster.csv: row 3 (CP-0007): plan.prescriber: …`."""
    return lambda loc, why: Problem(
        str(path), column_name(loc) or None, why, row.client_id, row.row
    )


@dataclass(frozen=True)
class ClientEntry:
    """One client record of a file, how its problems name it, and how others refer to it."""

    data: Any
    locate: Locate
    label: str
    reported: frozenset[str] = frozenset()
    """Locations whose problems the file already reported once (a roster's missing columns)."""
    row: int | None = None
    """The spreadsheet row of a roster record."""


def client_items(data: Any) -> tuple[list[Any], str | None]:
    """Return the client records and the list's name in paths (None for a single client)."""
    if isinstance(data, dict) and set(data) == {"clients"}:
        data = data["clients"]
    if isinstance(data, list):
        return data, "clients"
    return [data], None


def client_entries(path: Path) -> tuple[list[ClientEntry], list[Problem]]:
    """Read a client file into its records.

    Also return the file's own problems (a roster's header), to report with the records'.
    """
    if is_roster(path):
        roster = read_roster(path, Client)
        rows = [
            ClientEntry(r.data, in_row(path, r), f"row {r.row}", roster.missing, r.row)
            for r in roster.rows
        ]
        return rows, roster.problems
    items, list_name = client_items(read_data(path))
    entries = []
    for index, item in enumerate(items):
        prefix = f"{list_name}[{index}]" if list_name else ""
        locate = in_file(path, prefix, shown_id(item))
        entries.append(ClientEntry(item, locate, prefix or "(top)"))
    return entries, []


def shown_id(item: Any) -> str | None:
    """Return a record's client ID when it is a valid one (anything else may be personal)."""
    value = item.get("id") if isinstance(item, dict) else None
    try:
        return _CLIENT_ID.validate_python(value) if isinstance(value, str) else None
    except ValidationError:
        return None
