"""Writing rosters as bytes: an empty template with every column, or rows of client records.

The columns come from the client model, so a field added to the model appears here without
a change. Files are written by output.py.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import DataError
from .models import Client
from .output import write_file
from .roster import LIST_SEPARATOR, Column, columns
from .roster_cells import column_letter
from .shape import choices, is_bool

SHEET = "Clients"
VALIDATED_ROWS = 1000
"""Rows below the header that get drop-down lists in XLSX."""


def column_note(column: Column) -> str:
    """Return the help text for one column: meaning, whether required, allowed values."""
    parts = [" ".join(column.description.split()) or column.name]
    parts.append("Required." if column.required else "Optional; leave empty if not needed.")
    allowed = _allowed(column)
    if allowed:
        parts.append(f"One of: {', '.join(allowed)}.")
    if column.is_list:
        parts.append(f"Several values: separate them with '{LIST_SEPARATOR}'.")
    return " ".join(parts)


def _allowed(column: Column) -> tuple[str, ...] | None:
    return ("true", "false") if is_bool(column.annotation) else choices(column.annotation)


def flatten(record: dict[str, Any], cols: Sequence[Column]) -> list[Any]:
    """Return a client record (as in a YAML file) as one roster row, column by column."""
    row = []
    for column in cols:
        value: Any = record
        for part in column.loc:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                value = None
        if isinstance(value, list):
            value = f"{LIST_SEPARATOR} ".join(str(v) for v in value)
        if isinstance(value, str):
            value = value.rstrip("\n")  # a YAML block value ends with a line break
        row.append(value)
    return row


def roster_csv(model: type[BaseModel], records: Sequence[dict[str, Any]] = ()) -> bytes:
    """Return a CSV roster as Excel writes it (UTF-8 with BOM, CRLF); empty means a template.

    A template's second row holds each column's note; it starts with '#', so reading skips it.
    """
    cols = columns(model)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([c.name for c in cols])
    if not records:
        writer.writerow(["# " + column_note(cols[0]), *(column_note(c) for c in cols[1:])])
    for record in records:
        writer.writerow(["" if v is None else _csv_value(v) for v in flatten(record, cols)])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def roster_xlsx(model: type[BaseModel], records: Sequence[dict[str, Any]] = ()) -> bytes:
    """Return an XLSX roster: a note on each header cell, drop-down lists for fixed choices."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = columns(model)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([c.name for c in cols])
    for index, column in enumerate(cols):
        letter = column_letter(index)
        cell = sheet.cell(row=1, column=index + 1)
        cell.font = Font(bold=True)
        cell.comment = Comment(column_note(column), "kap-consent", width=300, height=150)
        sheet.column_dimensions[letter].width = max(14, len(column.name) + 2)
        allowed = ("TRUE", "FALSE") if is_bool(column.annotation) else choices(column.annotation)
        if allowed:  # Excel's own TRUE and FALSE, which it stores as true/false cells
            rule = DataValidation(type="list", formula1=f'"{",".join(allowed)}"')
            rule.error, rule.errorTitle = f"Use one of: {', '.join(allowed)}", column.name
            rule.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    for record in records:
        sheet.append(flatten(record, cols))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # client text is text, never a formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_roster_template(path: Path, *, force: bool = False) -> Path:
    """Write an empty roster (.xlsx or .csv, by the file's extension) with every client column."""
    path = Path(path)
    makers = {".xlsx": roster_xlsx, ".csv": roster_csv}
    make = makers.get(path.suffix.lower())
    if make is None:
        raise DataError([f"{path}: a roster is a .xlsx or .csv file; change the extension"])
    return write_file(path, make(Client), force=force)
