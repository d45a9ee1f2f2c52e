"""Fixed choices ignore case and spacing; other values are left for validation to report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kap_consent.choices import match_choice, normalize_choices
from kap_consent.clock import today
from kap_consent.errors import DataError
from kap_consent.loading import load_clients, load_practice
from kap_consent.models import Client, Practice


def test_match_choice() -> None:
    allowed = ("troche", "lozenge", "rapid-dissolving tablet")
    assert match_choice("Troche", allowed) == "troche"
    assert match_choice("  Rapid-Dissolving   TABLET ", allowed) == "rapid-dissolving tablet"
    assert match_choice("lozenges", allowed) == "lozenges"
    assert match_choice(3, allowed) == 3


def test_normalize_reaches_nested_sections_and_lists() -> None:
    data = {"prescribers": [{"credentials": "md"}, {"credentials": "Np"}], "phone": "OFFICE"}
    assert normalize_choices(Practice, data) == {
        "prescribers": [{"credentials": "MD"}, {"credentials": "NP"}],
        "phone": "OFFICE",
    }
    assert normalize_choices(Client, "not a record") == "not a record"


def test_client_file_with_capitalised_choices_loads(
    tmp_path: Path, write: Any, client_data: dict[str, Any], practice_data: dict[str, Any]
) -> None:
    client_data["plan"].update(medication_form="Troche", settings="Office")
    practice_data["prescribers"][0]["credentials"] = "md"
    practice = load_practice(write(tmp_path, "practice.yaml", practice_data))
    (client,) = load_clients(write(tmp_path, "client.yaml", client_data), practice, today())
    assert (client.plan.medication_form, client.plan.settings) == ("troche", "office")
    assert practice.prescribers[0].credentials == "MD"


def test_a_wrong_choice_gets_a_suggestion(
    tmp_path: Path, write: Any, client_data: dict[str, Any]
) -> None:
    client_data["plan"]["settings"] = "hom"
    path = write(tmp_path, "client.yaml", client_data)
    with pytest.raises(DataError) as info:
        load_clients(path, None, today())
    assert info.value.problems == [
        f"{path}: plan.settings: Input should be 'office', 'home' or 'both'; use one of those; "
        "did you mean home?"
    ]
