"""The empty roster: every client column, a note per column, drop-down lists in XLSX."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kap_consent.clock import today
from kap_consent.errors import DataError, OutputError
from kap_consent.loading import load_clients
from kap_consent.models import Client
from kap_consent.roster import columns
from kap_consent.roster_template import (
    column_note,
    roster_csv,
    roster_xlsx,
    write_roster_template,
)
from kap_consent.shape import choices, is_bool

NAMES = [c.name for c in columns(Client)]


def test_csv_template_has_every_column_and_a_note_row(tmp_path: Path) -> None:
    path = write_roster_template(tmp_path / "roster.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    header, notes = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == NAMES
    assert notes[0] == (
        "# Client ID; names the output folder and files, so it holds no personal data. Required."
    )
    assert not [note for note in notes if "\n" in note]  # docstrings joined into one line
    by_name = dict(zip(header, notes, strict=True))
    assert by_name["plan.settings"] == (
        "Where dosing happens: `office`, `home` (therapist by video), or `both`. Required. "
        "One of: office, home, both."
    )
    assert by_name["support_person.name"] == ("Full name. Optional; leave empty if not needed.")
    assert by_name["plan.video_sessions"].endswith("One of: true, false.")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_template_reads_back_as_a_roster_without_clients(tmp_path: Path) -> None:
    for name in ("roster.csv", "roster.xlsx"):
        path = write_roster_template(tmp_path / name)
        with pytest.raises(DataError) as info:
            load_clients(path, None, today())
        assert info.value.problems == [f"{path}: no clients in the file; add at least one"]


def test_xlsx_template_notes_and_choices(tmp_path: Path) -> None:
    path = write_roster_template(tmp_path / "roster.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.title == "Clients"
    header = [cell.value for cell in sheet[1]]
    assert header == NAMES
    comments = {cell.value: cell.comment.text for cell in sheet[1] if cell.comment}
    assert set(comments) == set(NAMES)
    assert comments["plan.medication_form"] == column_note(
        next(c for c in columns(Client) if c.name == "plan.medication_form")
    )
    rules = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}
    letter = {name: cell.column_letter for name, cell in zip(header, sheet[1], strict=True)}
    expected = {}
    for column in columns(Client):
        allowed = ("TRUE", "FALSE") if is_bool(column.annotation) else choices(column.annotation)
        if allowed:
            cells = f"{letter[column.name]}2:{letter[column.name]}1001"
            expected[cells] = '"' + ",".join(allowed) + '"'
    assert rules == expected
    settings, form, video = (
        letter[name] for name in ("plan.settings", "plan.medication_form", "plan.video_sessions")
    )
    assert rules[f"{settings}2:{settings}1001"] == '"office,home,both"'
    assert rules[f"{form}2:{form}1001"] == '"troche,lozenge,rapid-dissolving tablet"'
    assert rules[f"{video}2:{video}1001"] == '"TRUE,FALSE"'
    assert sheet.freeze_panes == "A2"


def test_template_refuses_to_replace_without_force(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("mine")
    with pytest.raises(OutputError) as info:
        write_roster_template(path)
    assert str(info.value) == f"{path}: already exists; use --force to replace it"
    assert path.read_text() == "mine"
    write_roster_template(path, force=True)
    assert path.read_bytes() == roster_csv(Client)
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


def test_template_needs_a_roster_extension(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        write_roster_template(tmp_path / "roster.xls")
    assert info.value.problems == [
        f"{tmp_path / 'roster.xls'}: a roster is a .xlsx or .csv file; change the extension"
    ]


def test_xlsx_rows_keep_client_text_as_text(tmp_path: Path, client_data: dict[str, Any]) -> None:
    client_data["legal_name"] = '=HYPERLINK("http://example.invalid","x")'
    client_data["plan"]["video_sessions"] = True
    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster_xlsx(Client, [client_data]))
    sheet = load_workbook(path).active
    assert sheet is not None
    values = {head.value: cell for head, cell in zip(sheet[1], sheet[2], strict=True)}
    assert values["legal_name"].data_type == "s"
    assert values["legal_name"].value == client_data["legal_name"]
    assert values["plan.video_sessions"].value is True
    (client,) = load_clients(path, None, today())
    assert client.legal_name == client_data["legal_name"]
    assert client.plan.video_sessions is True
