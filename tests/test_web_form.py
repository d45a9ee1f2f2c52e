"""The client form built from the model, the form as a roster, and where problems go."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kap_consent.errors import Problem
from kap_consent.loading import load_practice
from kap_consent.web.client_form import (
    Field,
    as_roster,
    form_sections,
    place_problems,
    values_from_row,
)

from .web_support import EXAMPLES, FORM


def _fields(practice_file: Path = EXAMPLES / "practice.yaml") -> dict[str, Field]:
    sections = form_sections(load_practice(practice_file))
    return {f.name: f for s in sections for f in s.fields}


def test_labels_help_choices_and_dates_come_from_the_model() -> None:
    fields = _fields()
    dob = fields["date_of_birth"]
    assert (dob.label, dob.kind, dob.required) == ("Date of birth", "date", True)
    assert dob.help.startswith("YYYY-MM-DD. Under 18 at the start date")
    settings = fields["plan.settings"]
    assert settings.kind == "select"
    assert settings.options == (("office", "office"), ("home", "home"), ("both", "both"))
    therapist = fields["plan.therapist"]
    assert therapist.options[0] == ("rivera", "Dana Rivera, PhD")
    assert fields["insured_for_kap"].options == (("", "(none)"), ("true", "yes"), ("false", "no"))
    assert fields["address"].kind == "textarea"
    assert fields["plan.dosing_sessions"].kind == "number"
    assert fields["plan.video_states"].help.endswith("Separate several with ;")


def test_support_person_is_shown_only_for_home_sessions() -> None:
    sections = {s.name: s for s in form_sections(None)}
    assert sections["support_person"].show_when == ("plan.settings", ("home", "both"))
    assert sections["plan"].show_when is None
    assert sections[""].title == "Client"


def test_the_form_is_a_one_row_roster() -> None:
    rows = list(csv.reader(io.StringIO(as_roster({**FORM, "legal_name": " =Robin, Q "}).decode())))
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["legal_name"] == "=Robin, Q"
    assert record["address"] == "12 Birch Lane\nPortland, OR 97202"
    assert record["support_person.name"] == ""


def test_values_from_a_record_fill_the_form_again() -> None:
    record = {"id": "CP-1", "plan": {"video_states": ["WA", "OR"], "video_sessions": True}}
    assert values_from_row(record) == {
        "id": "CP-1",
        "plan.video_states": "WA; OR",
        "plan.video_sessions": "true",
    }


def test_problems_go_beside_their_field_section_or_top() -> None:
    placed = place_problems(
        [
            Problem("c.csv", "date_of_birth", "is in the future", "CP-1", 2),
            Problem("c.csv", "support_person", "required because …", "CP-1", 2),
            Problem("p.yaml", "crisis_plan", "required because CP-1 …"),
            Problem("c.csv", None, "no clients in the file; add at least one"),
        ],
        "p.yaml",
    )
    assert placed.by_field == {"date_of_birth": ["is in the future"]}
    assert placed.by_section == {"support_person": ["required because …"]}
    assert placed.top == [
        "p.yaml: crisis_plan: required because CP-1 …",
        "no clients in the file; add at least one",
    ]
