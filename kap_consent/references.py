"""Client references to practice records (therapist and prescriber IDs), checked on raw data.

These checks also run when a client or the practice file has other problems, so a run
reports an unknown prescriber ID together with every field problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .models import Practice
from .suggest import with_suggestion


@dataclass(frozen=True)
class KnownIds:
    """The clinician and prescriber IDs a practice file defines."""

    clinicians: Sequence[str]
    prescribers: Sequence[str]

    @classmethod
    def of(cls, practice: Practice) -> KnownIds:
        """Return the IDs of a validated practice."""
        return cls([c.id for c in practice.clinicians], [p.id for p in practice.prescribers])

    @classmethod
    def from_data(cls, data: Any) -> KnownIds | None:
        """Return the IDs of a practice file that did not validate, when its lists are readable."""
        if not isinstance(data, dict):
            return None
        clinicians, prescribers = data.get("clinicians"), data.get("prescribers")
        if not isinstance(clinicians, list) or not isinstance(prescribers, list):
            return None
        return cls(_ids(clinicians), _ids(prescribers))


def _ids(items: list[Any]) -> list[str]:
    return [i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]


def unknown_id_message(kind: str, value: object, known: Sequence[str]) -> str:
    """Return the message for a plan naming a clinician or prescriber the practice lacks."""
    message = f"no {kind} with this id in the practice file (known: {', '.join(known)})"
    return with_suggestion(message, value, known)


def reference_problems(data: Any, known: KnownIds) -> list[tuple[tuple[str, ...], str]]:
    """Return (field location, reason) for each unknown ID in a raw client record."""
    plan = data.get("plan") if isinstance(data, dict) else None
    if not isinstance(plan, dict):
        return []
    problems: list[tuple[tuple[str, ...], str]] = []
    for field, kind, ids in (
        ("therapist", "clinician", known.clinicians),
        ("prescriber", "prescriber", known.prescribers),
    ):
        value = plan.get(field)
        if isinstance(value, str) and value not in ids:
            problems.append((("plan", field), unknown_id_message(kind, value, ids)))
    return problems
