"""Roster files (CSV, XLSX): one client a row, columns named by dotted field paths.

A row becomes the same nested record a YAML client file holds (`plan.therapist` → `plan:
therapist:`), so the client model validates both. Row numbers are the spreadsheet's own
(the header is row 1).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import DataError, Problem
from .roster_cells import cell_text, check_roster_file, column_letter, read_xlsx_cells
from .shape import as_model, list_item
from .suggest import did_you_mean

ROSTER_SUFFIXES = (".csv", ".xlsx")
LIST_SLOTS = 3
"""Column groups offered for a list of sections (`contacts.1.name` … `contacts.3.name`)."""
LIST_SEPARATOR = ";"
"""Separates the values of a list of plain values inside one cell."""
_CLIENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


@dataclass(frozen=True)
class Column:
    """One roster column: its name, where its value goes, its type and its help text."""

    name: str
    loc: tuple[str | int, ...]
    annotation: Any
    description: str
    required: bool
    is_list: bool = False


@dataclass(frozen=True)
class Roster:
    """The client rows of a roster, and the problems of its header row."""

    rows: list[RosterRow]
    problems: list[Problem]
    missing: frozenset[str] = frozenset()
    """Required columns the header lacks: reported once here, not again on every row."""


@dataclass(frozen=True)
class RosterRow:
    """One client's row: its number as the spreadsheet shows it, its ID and its record."""

    row: int
    client_id: str | None
    data: dict[str, Any]


def is_roster(path: Path) -> bool:
    """Return whether a client file is a roster (by its extension)."""
    return path.suffix.lower() in ROSTER_SUFFIXES


def columns(
    model: type[BaseModel], loc: tuple[str | int, ...] = (), required: bool = True
) -> list[Column]:
    """Return every column of a model, nested sections flattened with dots, in model order.

    A column is required when its field and every section around it are required.
    """
    found: list[Column] = []
    for name, info in model.model_fields.items():
        here = (*loc, name)
        nested, item = as_model(info.annotation), list_item(info.annotation)
        item_model = as_model(item) if item is not None else None
        if nested is not None:
            found += columns(nested, here, required and info.is_required())
        elif item_model is not None:
            for slot in range(LIST_SLOTS):
                found += columns(item_model, (*here, slot), required=False)
        else:
            found.append(
                Column(
                    column_name(here),
                    here,
                    item if item is not None else info.annotation,
                    info.description or "",
                    required and info.is_required(),
                    is_list=item is not None,
                )
            )
    return found


def column_name(loc: Sequence[str | int]) -> str:
    """Return a field location as its column name: `plan.therapist`, `contacts.1.name`."""
    return ".".join(str(part + 1) if isinstance(part, int) else part for part in loc)


def read_roster(path: Path, model: type[BaseModel]) -> Roster:
    """Read a CSV or XLSX roster into one nested record per non-blank row.

    Header problems (unknown or repeated columns) come back with the rows, so they are
    reported together with the rows' own problems; unknown columns are left out of the rows.
    """
    check_roster_file(path)
    table = read_xlsx_cells(path) if path.suffix.lower() == ".xlsx" else _read_csv_cells(path)
    if not table:
        raise DataError([Problem(str(path), None, "the file is empty; add a header row")])
    known = {c.name.casefold(): c for c in columns(model)}
    header, problems = _header(path, table[0], known)
    present = {column.name for column in header if column is not None}
    missing = [c.name for c in known.values() if c.required and c.name not in present]
    problems += [
        Problem(str(path), name, "column missing; add it (every client needs this field)")
        for name in missing
    ]
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        texts = [cell_text(cell) for cell in cells]
        if not any(texts) or texts[0].startswith("#"):
            continue  # blank rows and note rows (first cell starts with #) hold no client
        rows.append(_row(number, header, texts))
    return Roster(rows, problems, frozenset(missing))


def _header(
    path: Path, cells: Sequence[Any], known: dict[str, Column]
) -> tuple[list[Column | None], list[Problem]]:
    header: list[Column | None] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        name, letter = cell_text(cell), column_letter(index)
        column = known.get(name.casefold())
        header.append(column)
        if not name:
            continue
        where = f"column {letter} ({name})"
        if column is None:
            hint = did_you_mean(name, [c.name for c in known.values()])
            message = hint or "`kap-consent roster-template` writes every column"
            problems.append(Problem(str(path), where, f"unknown column; {message}"))
        elif column.name in seen:
            problems.append(
                Problem(str(path), where, f"repeats column {seen[column.name]}; remove one")
            )
        else:
            seen[column.name] = letter
    return header, problems


def _row(number: int, header: Sequence[Column | None], texts: Sequence[str]) -> RosterRow:
    record: dict[str, Any] = {}
    for column, text in zip(header, texts, strict=False):
        if column is None or not text:
            continue
        value: Any = text
        if column.is_list:
            value = [v.strip() for v in text.split(LIST_SEPARATOR) if v.strip()]
        _put(record, column.loc, value)
    client_id = record.get("id")
    shown = client_id if isinstance(client_id, str) and _CLIENT_ID.fullmatch(client_id) else None
    return RosterRow(number, shown, _pack_lists(record))


def _put(record: dict[str, Any], loc: Sequence[str | int], value: Any) -> None:
    """Set a value at a column's location; list slots are kept as dicts keyed by position."""
    target: dict[Any, Any] = record
    for part in loc[:-1]:
        target = target.setdefault(part, {})
    target[loc[-1]] = value


def _pack_lists(record: dict[Any, Any]) -> dict[str, Any]:
    """Turn slot dicts ({0: {...}, 2: {...}}) into lists, in slot order, skipping empty slots."""
    packed: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict) and value and all(isinstance(k, int) for k in value):
            packed[key] = [_pack_lists(value[k]) for k in sorted(value)]
        elif isinstance(value, dict):
            packed[key] = _pack_lists(value)
        else:
            packed[key] = value
    return packed


def _read_csv_cells(path: Path) -> list[list[str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, "file not found; check the path")]) from None
    except OSError as exc:
        message = f"cannot read the file ({type(exc).__name__}); check its permissions"
        raise DataError([Problem(str(path), None, message)]) from None
    except UnicodeDecodeError:
        message = "not UTF-8 text; in Excel use Save As, CSV UTF-8 (Comma delimited)"
        raise DataError([Problem(str(path), None, message)]) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # Excel in some regions writes ';'
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        message = "not a valid CSV file (a quote is not closed); save it again from the spreadsheet"
        raise DataError([Problem(str(path), None, message)]) from None
