"""Every free-text field and every list has a limit, and a value over it a clear message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kap_consent.clock import today
from kap_consent.errors import DataError
from kap_consent.loading import load_clients, load_practice
from kap_consent.models import Practice
from kap_consent.types import CITATION_MAX

from .test_roster import row, write_csv


def _problems(load: Callable[[], object]) -> list[str]:
    with pytest.raises(DataError) as info:
        load()
    return info.value.problems


PRACTICE_CASES = [
    ("legal_name", "L" * 201, "201 characters is too long; at most 200 (shorten it)"),
    ("display_name", "D" * 121, "121 characters is too long; at most 120 (shorten it)"),
    ("address", "A" * 2001, "2,001 characters is too long; at most 2,000 (shorten it)"),
    ("email", "e" * 243 + "@example.com", "255 characters is too long; at most 254 (shorten it)"),
    ("states", ["OR"] * 57, "57 entries are too many; at most 56 (remove some)"),
]


@pytest.mark.parametrize(("field", "value", "message"), PRACTICE_CASES, ids=lambda v: str(v)[:12])
def test_a_practice_field_over_its_limit_names_the_limit_and_the_length(
    tmp_path: Path, write: Any, practice_data: dict[str, Any], field: str, value: Any, message: str
) -> None:
    path = write(tmp_path, "practice.yaml", {**practice_data, field: value})
    assert _problems(lambda: load_practice(path)) == [f"{path}: {field}: {message}"]


def test_nested_texts_and_lists_name_their_path(
    tmp_path: Path, write: Any, practice_data: dict[str, Any]
) -> None:
    clinician = practice_data["clinicians"][0]
    clinicians = [{**clinician, "id": f"c{n}"} for n in range(51)]
    prescribers = [{**practice_data["prescribers"][0], "name": "N" * 121}]
    citation = "C" * (CITATION_MAX + 1)
    data = {**practice_data, "clinicians": clinicians, "prescribers": prescribers}
    data["references"] = [citation]
    path = write(tmp_path, "practice.yaml", data)
    assert _problems(lambda: load_practice(path)) == [
        f"{path}: clinicians: 51 entries are too many; at most 50 (remove some)",
        f"{path}: prescribers[0].name: 121 characters is too long; at most 120 (shorten it)",
        f"{path}: references[0]: 501 characters is too long; at most 500 (shorten it)",
    ]


def test_a_client_name_of_a_thousand_characters_is_refused(
    tmp_path: Path, write: Any, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice = Practice.model_validate(practice_data)
    path = write(tmp_path, "clients.yaml", {"clients": [{**client_data, "legal_name": "x" * 1000}]})
    assert _problems(lambda: load_clients(path, practice, today())) == [
        f"{path}: clients[0].legal_name: 1,000 characters is too long; at most 120 (shorten it)"
    ]


def test_a_roster_cell_over_its_limit_names_row_and_column(
    tmp_path: Path, practice_data: dict[str, Any]
) -> None:
    practice = Practice.model_validate(practice_data)
    path = write_csv(tmp_path / "roster.csv", [row(emergency_contact__relationship="r" * 300)])
    assert _problems(lambda: load_clients(path, practice, today())) == [
        f"{path}: row 2 (CP-0001): emergency_contact.relationship: "
        "300 characters is too long; at most 200 (shorten it)"
    ]
