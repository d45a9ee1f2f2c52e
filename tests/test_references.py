"""Therapist and prescriber IDs checked on raw data, so they are reported with field problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kap_consent.clock import today
from kap_consent.errors import DataError
from kap_consent.loading import load_inputs
from kap_consent.references import KnownIds, reference_problems


def test_known_ids_from_an_invalid_practice_file(practice_data: dict[str, Any]) -> None:
    practice_data["clinicians"].append({"id": "chen", "name": 3})
    practice_data["prescribers"].append("not a record")
    assert KnownIds.from_data(practice_data) == KnownIds(["rivera", "chen"], ["okafor"])
    assert KnownIds.from_data({"clinicians": "none"}) is None
    assert KnownIds.from_data(["a list"]) is None


def test_reference_problems_on_raw_client(client_data: dict[str, Any]) -> None:
    known = KnownIds(["rivera"], ["okafor", "lindqvist"])
    client_data["plan"].update(therapist="Rivera", prescriber="lindquist")
    assert reference_problems(client_data, known) == [
        (
            ("plan", "therapist"),
            "no clinician with this id in the practice file (known: rivera); did you mean rivera?",
        ),
        (
            ("plan", "prescriber"),
            "no prescriber with this id in the practice file (known: okafor, lindqvist); "
            "did you mean lindqvist?",
        ),
    ]
    assert reference_problems({"plan": "office"}, known) == []
    assert reference_problems("text", known) == []


def test_every_problem_of_both_files_in_one_run(
    tmp_path: Path, write: Any, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice_data["prescribers"][0]["npi"] = "123"
    bad = {**client_data, "id": "CP-0002", "phone": "none"}
    bad["plan"] = {**client_data["plan"], "therapist": "rivra", "medication_form": "Troche"}
    practice = write(tmp_path, "practice.yaml", practice_data)
    clients = write(tmp_path, "clients.yaml", {"clients": [client_data, bad]})
    with pytest.raises(DataError) as info:
        load_inputs(practice, clients, today())
    assert info.value.problems == [
        f"{practice}: prescribers[0].npi: is not an NPI; an NPI is exactly 10 digits",
        f"{clients}: clients[1].phone: is not a 10-digit US phone number; "
        "write it like 555-123-4567",
        f"{clients}: clients[1].plan.therapist: no clinician with this id in the practice "
        "file (known: rivera); did you mean rivera?",
    ]
    assert [p.client_id for p in info.value.details] == [None, "CP-0002", "CP-0002"]
