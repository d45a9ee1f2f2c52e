"""build_context(...): the one typed contract every clause and layout reads from."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

from .facts import checked_references
from .models import Client, Practice

_FORM_PLURAL = {
    "troche": "troches",
    "lozenge": "lozenges",
    "rapid-dissolving tablet": "rapid-dissolving tablets",
}
_SETTING_WORDS = {
    "office": "in the office",
    "home": "at home, with your therapist joining by video",
    "both": "in the office or at home, with your therapist joining by video for home sessions",
}


class Context(TypedDict):
    """What templates see. Each model appears as a plain mapping of its fields."""

    practice: dict[str, Any]
    """The practice file, with `clinicians` and `prescribers`."""
    client: dict[str, Any]
    """The client, plus `name` (legal name) and `call_name` (preferred or legal name)."""
    plan: dict[str, Any]
    """The plan, plus `has_home`, `has_office`, `is_remote`, `where` and `form_plural`."""
    therapist: dict[str, Any]
    """The plan's clinician."""
    prescriber: dict[str, Any]
    """The plan's prescriber, including `protocol`."""
    protocol: dict[str, Any]
    """Shortcut to `prescriber.protocol`; every value may be None (prescriber decides)."""
    references: list[str]
    """The reference list: the practice's own, or the packaged checked references."""
    today: date
    """Generation date (SOURCE_DATE_EPOCH when set)."""


def build_context(practice: Practice, client: Client, today: date) -> Context:
    """Return the template context for one client; models were validated at loading."""
    plan = client.plan
    therapist = practice.clinician(plan.therapist)
    prescriber = practice.prescriber(plan.prescriber)
    assert therapist is not None and prescriber is not None, "checked by loading.check_client"
    prescriber_data = prescriber.model_dump()
    return Context(
        practice=practice.model_dump(),
        client={
            **client.model_dump(exclude={"plan"}),
            "name": client.legal_name,
            "call_name": client.preferred_name or client.legal_name,
        },
        plan={
            **plan.model_dump(),
            "has_home": plan.has_home,
            "has_office": plan.has_office,
            "is_remote": plan.is_remote,
            "where": _SETTING_WORDS[plan.settings],
            "form_plural": _FORM_PLURAL[plan.medication_form],
            "total_sessions": plan.preparation_sessions
            + plan.dosing_sessions
            + plan.integration_sessions,
        },
        therapist=therapist.model_dump(),
        prescriber=prescriber_data,
        protocol=prescriber_data["protocol"],
        references=list(practice.references) if practice.references else checked_references(),
        today=today,
    )
