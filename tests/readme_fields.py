"""Generate the README's field reference from the models' docstrings (one source of truth).

Regenerate with `make readme`; tests/test_readme.py fails when the README is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pydantic import BaseModel

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
        parts += [f"\n**{title}**\n", "| field | required | meaning |", "|---|---|---|"]
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else "no"
            meaning = " ".join((info.description or "").split())  # one table row per field
            parts.append(f"| `{name}` | {required} | {meaning} |")
    parts.append(END)
    return "\n".join(parts)


def updated_readme(text: str) -> str:
    """Return the README text with its field reference regenerated."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: field_reference(), text)


if __name__ == "__main__":
    README.write_text(updated_readme(README.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"updated {README}\n")
