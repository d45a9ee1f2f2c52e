"""Spreadsheet cells as the text a CSV would hold, and column letters."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kap_consent.roster_cells import cell_text, column_letter


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (5035550110, "5035550110"),
        (3.0, "3"),
        (99.5, "99.5"),
        (datetime(2026, 12, 7), "2026-12-07"),
        (datetime(2026, 12, 7, 9, 30), "2026-12-07 09:30:00"),
        (date(1984, 6, 12), "1984-06-12"),
        (time(9, 30), "09:30:00"),
        ("  Marcus Bell \n", "Marcus Bell"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letter(index: int, letter: str) -> None:
    assert column_letter(index) == letter
