"""Spreadsheet cells as text: XLSX reading (openpyxl) and the cell values Excel stores."""

from __future__ import annotations

import stat
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .errors import DataError, Problem
from .readers import MAX_INPUT_BYTES


def cell_text(value: Any) -> str:
    """Return a cell as the text a CSV would hold, so both formats validate the same way.

    Excel turns typed numbers, dates and TRUE/FALSE into typed cells; the model reads text,
    so a phone stored as a number or a date stored as a date still validates.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a zero-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def check_roster_file(path: Path) -> None:
    """Refuse what is not a saved file, or a roster larger than any other input file may be."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, "file not found; check the path")]) from None
    except OSError as exc:
        why = f"cannot read the file ({type(exc).__name__}); check its permissions"
        raise DataError([Problem(str(path), None, why)]) from None
    if not stat.S_ISREG(info.st_mode):
        why = "not a regular file; give the path of a saved file"
        raise DataError([Problem(str(path), None, why)])
    if info.st_size > MAX_INPUT_BYTES:
        why = (
            f"is {info.st_size / 1024 / 1024:.1f} MB, larger than the "
            f"{MAX_INPUT_BYTES // 1024 // 1024} MB limit for an input file; "
            "check that it is the right file"
        )
        raise DataError([Problem(str(path), None, why)])


def read_xlsx_cells(path: Path) -> list[list[Any]]:
    """Return the cell values of the workbook's first sheet, row by row."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, "file not found; check the path")]) from None
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        message = "not an Excel workbook (.xlsx); save it again from Excel as .xlsx"
        raise DataError([Problem(str(path), None, message)]) from None
    try:
        sheet = book.worksheets[0]
        reset = getattr(sheet, "reset_dimensions", None)  # on read-only sheets
        if reset is not None:
            reset()  # some programs store a wrong sheet size; read every row anyway
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
