"""Generate the README's field reference from the models' docstrings (one source of truth).

Regenerate with `make readme`; tests/test_readme.py fails when the README is out of date.
"""

from __future__ import annotations

import re
import sys
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from kap_consent import models

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- fields:start -->", "<!-- fields:end -->"
SECTIONS: list[tuple[str, type[BaseModel]]] = [
    ("Practice file (top level)", models.Practice),
    ("`clinicians[]`", models.Clinician),
    ("`prescribers[]`", models.Prescriber),
    ("`prescribers[].protocol`", models.Protocol),
    ("`prescribers[].protocol.avoid[]`", models.SubstanceRule),
    ("`sessions.preparation` / `.dosing` / `.integration`", models.SessionInfo),
    ("`other_fees[]`", models.OtherFee),
    ("`records_contact`", models.RecordsContact),
    ("`telehealth`", models.Telehealth),
    ("Client (one per client)", models.Client),
    ("`emergency_contact`", models.Person),
    ("`support_person`", models.SupportPerson),
    ("`personal_representative`", models.PersonalRepresentative),
    ("`primary_care`", models.PrimaryCare),
    ("`plan`", models.TreatmentPlan),
]


def field_reference() -> str:
    """Return the Markdown tables of every input field."""
    parts = [START]
    for title, model in SECTIONS:
        parts += [
            f"\n**{title}**\n",
            "| field | required | at most | meaning |",
            "|---|---|---|---|",
        ]
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else "no"
            meaning = " ".join((info.description or "").split())  # one table row per field
            parts.append(f"| `{name}` | {required} | {field_limit(info)} | {meaning} |")
    parts.append(END)
    return "\n".join(parts)


def field_limit(info: FieldInfo) -> str:
    """Return a field's length limit as the table prints it, or "" when it has none."""
    listed = _list_in(info.annotation)
    if listed is None:
        characters = _max_length(info.metadata, info.annotation)
        return f"{characters:,} characters" if characters is not None else ""
    entries, each = _max_length(info.metadata), _max_length([], typing.get_args(listed)[0])
    limit = f"{entries:,} entries" if entries is not None else ""
    return f"{limit} of {each:,} characters" if each is not None else limit


def _list_in(annotation: Any) -> Any:
    """Return the list type a field holds (`list[X]` or `list[X] | None`), if any."""
    if typing.get_origin(annotation) is list:
        return annotation
    return next((a for a in typing.get_args(annotation) if typing.get_origin(a) is list), None)


def _max_length(metadata: list[Any], annotation: Any = None) -> int | None:
    """Return the max_length of the constraints, or of the text type `annotation` names."""
    for constraint in [*metadata, *getattr(annotation, "__metadata__", ())]:
        if getattr(constraint, "max_length", None) is not None:
            return int(constraint.max_length)
    for argument in typing.get_args(annotation):
        if typing.get_origin(argument) is not list and (found := _max_length([], argument)):
            return found
    return None


def updated_readme(text: str) -> str:
    """Return the README text with its field reference regenerated."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: field_reference(), text)


if __name__ == "__main__":
    README.write_text(updated_readme(README.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"updated {README}\n")
