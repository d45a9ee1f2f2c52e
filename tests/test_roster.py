"""Roster files: CSV as Excel writes it, XLSX from openpyxl, row numbers and IDs in problems."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from pydantic import BaseModel

from kap_consent.clock import today
from kap_consent.errors import DataError
from kap_consent.loading import load_clients, load_inputs, load_practice
from kap_consent.models import Client, Practice
from kap_consent.roster import LIST_SLOTS, columns, read_roster

HEADER = [
    "id",
    "legal_name",
    "date_of_birth",
    "address",
    "phone",
    "emergency_contact.name",
    "emergency_contact.relationship",
    "emergency_contact.phone",
    "plan.therapist",
    "plan.prescriber",
    "plan.settings",
    "plan.preparation_sessions",
    "plan.dosing_sessions",
    "plan.integration_sessions",
    "plan.medication_form",
    "plan.start_date",
]


def row(client_id: str = "CP-0001", **changes: Any) -> list[Any]:
    """Return one valid roster row (matching HEADER), with cells changed by column name."""
    cells: dict[str, Any] = dict(
        zip(
            HEADER,
            [
                client_id,
                "Marcus Bell",
                "1984-06-12",
                "415 NE Fremont Street\nPortland, OR 97212",
                "503-555-0110",
                "Lena Bell",
                "wife",
                "503-555-0111",
                "rivera",
                "okafor",
                "office",
                "2",
                "3",
                "3",
                "troche",
                "2026-12-07",
            ],
            strict=True,
        )
    )
    cells.update({name.replace("__", "."): value for name, value in changes.items()})
    return [cells[name] for name in HEADER]


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    """Write a CSV the way Excel's "CSV UTF-8" does: a byte-order mark and CRLF line ends."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)  # the csv module ends lines with CRLF
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    book.save(path)
    return path


@pytest.fixture
def practice(practice_data: dict[str, Any]) -> Practice:
    return Practice.model_validate(practice_data)


def problems(path: Path, practice: Practice | None) -> list[str]:
    with pytest.raises(DataError) as info:
        load_clients(path, practice, today())
    return info.value.problems


def test_csv_from_excel_loads_like_yaml(
    tmp_path: Path, practice: Practice, client_data: dict[str, Any]
) -> None:
    path = write_csv(tmp_path / "roster.csv", [row("CP-0001"), row("CP-0002")])
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,legal_name,")
    assert b"\r\n" in path.read_bytes()
    clients = load_clients(path, practice, today())
    assert clients[0] == Client.model_validate(client_data)
    assert [c.id for c in clients] == ["CP-0001", "CP-0002"]
    assert clients[0].address == "415 NE Fremont Street\nPortland, OR 97212"


def test_xlsx_with_typed_cells_loads_like_yaml(
    tmp_path: Path, practice: Practice, client_data: dict[str, Any]
) -> None:
    typed = row(
        date_of_birth=datetime(1984, 6, 12),
        phone=5035550110,
        plan__preparation_sessions=2,
        plan__dosing_sessions=3.0,
        plan__start_date=datetime(2026, 12, 7),
    )
    path = write_xlsx(tmp_path / "roster.xlsx", [typed])
    assert load_clients(path, practice, today()) == [Client.model_validate(client_data)]


def test_excel_booleans_and_semicolon_csv(tmp_path: Path, practice: Practice) -> None:
    header = [*HEADER, "plan.video_sessions"]
    path = tmp_path / "roster.csv"
    path.write_text(
        ";".join(header) + "\r\n" + ";".join([*row(address="Portland"), "TRUE"]) + "\r\n",
        encoding="utf-8",
    )
    practice = practice.model_copy(update={"telehealth": None})
    assert problems(path, practice) == [
        f"{path}: row 2 (CP-0001): plan.settings: has video sessions but the practice file "
        "has no telehealth section; add one"
    ]
    xlsx = write_xlsx(tmp_path / "roster.xlsx", [[*row(), False]], header)
    assert load_clients(xlsx, practice, today())[0].plan.video_sessions is False


def test_blank_rows_and_note_rows_are_skipped(tmp_path: Path, practice: Practice) -> None:
    notes = ["# Client ID", *(["note"] * (len(HEADER) - 1))]
    path = write_csv(tmp_path / "roster.csv", [notes, [""] * len(HEADER), row("CP-0009")])
    assert [c.id for c in load_clients(path, practice, today())] == ["CP-0009"]


def test_empty_optional_section_is_left_out(tmp_path: Path, practice: Practice) -> None:
    header = [*HEADER, "support_person.name", "support_person.phone"]
    path = write_csv(
        tmp_path / "roster.csv", [[*row("CP-0001"), "", ""], [*row("CP-0002"), "Tomas", ""]], header
    )
    assert problems(path, practice) == [
        f"{path}: row 3 (CP-0002): support_person.relationship: required field is missing; add it",
        f"{path}: row 3 (CP-0002): support_person.phone: required field is missing; add it",
    ]


def test_every_row_problem_names_row_and_client_id(tmp_path: Path, practice: Practice) -> None:
    rows = [
        row("CP-0001"),
        row("CP-0007", plan__prescriber="okafr", phone="call me"),
        row("Marcus Bell", plan__medication_form="Lozenges"),
        row("CP-0001"),
    ]
    for path in (write_csv(tmp_path / "r.csv", rows), write_xlsx(tmp_path / "r.xlsx", rows)):
        assert problems(path, practice) == [
            f"{path}: row 3 (CP-0007): phone: is not a 10-digit US phone number; "
            "write it like 555-123-4567",
            f"{path}: row 3 (CP-0007): plan.prescriber: no prescriber with this id in the "
            "practice file (known: okafor); did you mean okafor?",
            f"{path}: row 4: id: must be 1-64 letters, digits, '-' or '_', starting with a "
            "letter or digit (it names the output folder, so no spaces, dots or slashes)",
            f"{path}: row 4: plan.medication_form: Input should be 'troche', 'lozenge' or "
            "'rapid-dissolving tablet'; use one of those; did you mean lozenge?",
            f"{path}: row 5 (CP-0001): id: repeats the id of row 2; each client needs its own id",
        ]


def test_header_problems_are_reported_with_row_problems(tmp_path: Path, practice: Practice) -> None:
    header = [*HEADER[:-1], "plan.start_dat", "Plan.Therapist", "colour"]
    path = write_csv(tmp_path / "roster.csv", [[*row(phone="x"), "rivera", "red"]], header)
    assert problems(path, practice) == [
        f"{path}: column P (plan.start_dat): unknown column; did you mean plan.start_date?",
        f"{path}: column Q (Plan.Therapist): repeats column I; remove one",
        f"{path}: column R (colour): unknown column; "
        "`kap-consent roster-template` writes every column",
        f"{path}: plan.start_date: column missing; add it (every client needs this field)",
        f"{path}: row 2 (CP-0001): phone: is not a 10-digit US phone number; "
        "write it like 555-123-4567",
    ]


def test_row_problems_still_listed_when_header_is_fine(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roster.csv", [row(plan__start_date="")])
    assert problems(path, None) == [
        f"{path}: row 2 (CP-0001): plan.start_date: required field is missing; add it"
    ]


def test_unknown_prescriber_reported_with_field_problems_of_both_files(
    tmp_path: Path, write: Any, practice_data: dict[str, Any]
) -> None:
    practice_data["phone"] = "call us"
    practice_path = write(tmp_path, "practice.yaml", practice_data)
    path = write_csv(tmp_path / "roster.csv", [row(plan__prescriber="okafr", phone="x")])
    with pytest.raises(DataError) as info:
        load_inputs(practice_path, path, today())
    assert info.value.problems == [
        f"{practice_path}: phone: is not a 10-digit US phone number; write it like 555-123-4567",
        f"{path}: row 2 (CP-0001): phone: is not a 10-digit US phone number; "
        "write it like 555-123-4567",
        f"{path}: row 2 (CP-0001): plan.prescriber: no prescriber with this id in the "
        "practice file (known: okafor); did you mean okafor?",
    ]
    assert [(p.file, p.row, p.client_id, p.location) for p in info.value.details] == [
        (str(practice_path), None, None, "phone"),
        (str(path), 2, "CP-0001", "phone"),
        (str(path), 2, "CP-0001", "plan.prescriber"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.csv", b"", "the file is empty; add a header row"),
        (
            "r.csv",
            "id\r\nCP-0001\r\n".encode("cp1252") + b"\xe9",
            "not UTF-8 text; in Excel use Save As, CSV UTF-8 (Comma delimited)",
        ),
        (
            "r.xlsx",
            b"PK not a workbook",
            "not an Excel workbook (.xlsx); save it again from Excel as .xlsx",
        ),
        (
            "r.csv",
            ("\ufeff" + ",".join(HEADER) + "\r\n").encode(),
            "no clients in the file; add at least one",
        ),
    ],
)
def test_unreadable_rosters(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert problems(path, None) == [f"{path}: {message}"]


def test_missing_roster(tmp_path: Path) -> None:
    for name in ("nope.csv", "nope.xlsx"):
        path = tmp_path / name
        assert problems(path, None) == [f"{path}: file not found; check the path"]


def test_columns_follow_the_client_model() -> None:
    names = [c.name for c in columns(Client)]
    assert names[:3] == ["id", "legal_name", "preferred_name"]
    assert "emergency_contact.phone" in names and "plan.therapist" in names
    expected = []
    for field, info in Client.model_fields.items():
        nested = info.annotation if isinstance(info.annotation, type) else None
        sub = getattr(nested, "model_fields", None) or _optional_model_fields(info.annotation)
        expected += [f"{field}.{s}" for s in sub] if sub else [field]
    assert names == expected
    required = {c.name for c in columns(Client) if c.required}
    assert "plan.therapist" in required and "support_person.name" not in required


def _optional_model_fields(annotation: Any) -> list[str]:
    for arg in getattr(annotation, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return list(arg.model_fields)
    return []


class _Contact(BaseModel):
    name: str
    phone: str | None = None


class _WithLists(BaseModel):
    id: str
    tags: list[str] = []
    contacts: list[_Contact] = []


def test_list_fields_become_slots_and_separated_values(tmp_path: Path) -> None:
    names = [c.name for c in columns(_WithLists)]
    slots = [f"contacts.{n}.{f}" for n in range(1, LIST_SLOTS + 1) for f in ("name", "phone")]
    assert names == ["id", "tags", *slots]
    path = write_csv(
        tmp_path / "r.csv",
        [["A-1", "calm; quiet ;", "", "", "Bo", "555"]],
        [
            "id",
            "tags",
            "contacts.1.name",
            "contacts.1.phone",
            "contacts.2.name",
            "contacts.2.phone",
        ],
    )
    (only,) = read_roster(path, _WithLists).rows
    assert only.row == 2 and only.client_id == "A-1"
    assert only.data == {
        "id": "A-1",
        "tags": ["calm", "quiet"],
        "contacts": [{"name": "Bo", "phone": "555"}],
    }


def test_example_rosters_have_the_current_columns(examples: Path) -> None:
    """When this fails, run `.venv/bin/python tools/make_roster_examples.py`."""
    text = (examples / "roster.csv").read_bytes().decode("utf-8-sig")
    assert text.split("\r\n", 1)[0] == ",".join(c.name for c in columns(Client))
    sheet = load_workbook(examples / "roster.xlsx").active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == [c.name for c in columns(Client)]


def test_example_rosters_hold_the_example_clients(examples: Path) -> None:
    practice = load_practice(examples / "practice.yaml")
    expected = load_clients(examples / "clients.yaml", practice, today())
    for name in ("roster.csv", "roster.xlsx"):
        assert load_clients(examples / name, practice, today()) == expected, name


def test_missing_required_column_is_reported_once(tmp_path: Path) -> None:
    header = [name for name in HEADER if name != "phone"]
    rows = [[c for n, c in zip(HEADER, row(cid), strict=True) if n != "phone"] for cid in "ABC"]
    path = write_csv(tmp_path / "roster.csv", rows, header)
    assert problems(path, None) == [
        f"{path}: phone: column missing; add it (every client needs this field)"
    ]


def test_rule_findings_name_the_row(tmp_path: Path, practice: Practice) -> None:
    path = write_csv(
        tmp_path / "roster.csv", [row("CP-0001"), row("CP-0002", date_of_birth="2012-03-04")]
    )
    assert problems(path, practice) == [
        f"{path}: row 3 (CP-0002): date_of_birth: the client is under 18 at the start date, and "
        "the practice file does not say it treats minors; check the date, or add "
        "`minors: {states: [...]}` to the practice file after counsel has reviewed your "
        "state's law"
    ]


def test_xlsx_with_a_wrong_stored_size_is_read_in_full(tmp_path: Path, practice: Practice) -> None:
    """Some programs write a sheet size of A1; every row must still be read."""
    source = write_xlsx(tmp_path / "source.xlsx", [row("CP-0001"), row("CP-0002")])
    path = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
                assert count == 1
            new.writestr(item, data)
    assert [c.id for c in load_clients(path, practice, today())] == ["CP-0001", "CP-0002"]


def test_roster_that_is_not_a_saved_file_or_too_big(tmp_path: Path) -> None:
    folder = tmp_path / "roster.csv"
    folder.mkdir()
    assert problems(folder, None) == [
        f"{folder}: not a regular file; give the path of a saved file"
    ]
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK" + b"\0" * (5 * 1024 * 1024))
    assert problems(big, None) == [
        f"{big}: is 5.0 MB, larger than the 5 MB limit for an input file; "
        "check that it is the right file"
    ]
