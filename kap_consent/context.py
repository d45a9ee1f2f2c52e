"""build_context(...): the one typed contract every clause and layout reads from."""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

from .facts import checked_references, checked_sources
from .models import Calls, Client, Clinician, License, Practice, Prescriber
from .rules.licensure import client_states, covering_licenses, psypact_states
from .rules.minors import is_minor

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
    """The client, plus `name` (legal name), `call_name` (preferred or legal name) and
    `is_minor` (under 18 when treatment starts)."""
    plan: dict[str, Any]
    """The plan, plus `has_home`, `has_office`, `is_remote`, `where`, `form_plural`, `office`
    (the office it uses), `states` (every state the plan puts the client in),
    `video_states_all` (the states of its video sessions, home dosing included),
    `states_dosing` (where the client takes doses), `home_session_address` and the same on
    one line, `home_session_address_line`."""
    therapist: dict[str, Any]
    """The plan's clinician, plus `licenses_here`: only the licenses (and PSYPACT authority)
    that cover the states this client's sessions put them in; `video_licenses`: the same for
    the states of video sessions only."""
    prescriber: dict[str, Any]
    """The plan's prescriber, including `protocol`, plus `licenses_here` (the licenses for the
    states where the client takes doses)."""
    protocol: dict[str, Any]
    """Shortcut to `prescriber.protocol`; every value may be None (prescriber decides)."""
    references: list[str]
    """Selected studies: the practice's own list, or the packaged checked references."""
    sources: list[str]
    """The checked regulatory and label sources behind the packet's facts."""
    crisis_steps: list[str]
    """The practice's crisis plan for home sessions, each step with the numbers it calls."""
    today: date
    """Generation date (SOURCE_DATE_EPOCH when set)."""


def build_context(practice: Practice, client: Client, today: date) -> Context:
    """Return the template context for one client; models were validated at loading."""
    plan = client.plan
    therapist = practice.clinician(plan.therapist)
    prescriber = practice.prescriber(plan.prescriber)
    assert therapist is not None and prescriber is not None, "checked by loading.check_client"
    states = client_states(practice, client)
    video_states = client_states(practice, client, by_video=True)
    psypact = _psypact(therapist, psypact_states(therapist, practice, client))
    prescriber_data = prescriber.model_dump()
    office = practice.office(plan.office)
    assert office is not None, "checked by rules.licensure"
    return Context(
        practice=practice.model_dump(),
        client={
            **client.model_dump(exclude={"plan"}),
            "name": client.legal_name,
            "call_name": client.preferred_name or client.legal_name,
            "is_minor": is_minor(client, today),
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
            "office": office.model_dump(),
            "states": states,
            "video_states_all": video_states,
            "states_dosing": client_states(practice, client, dosing=True),
            "home_session_address": plan.home_address or client.address,
            "home_session_address_line": ", ".join(
                (plan.home_address or client.address).splitlines()
            ),
        },
        therapist={
            **therapist.model_dump(),
            "licenses_here": _licenses(covering_licenses(therapist, states)) + psypact,
            "video_licenses": _licenses(covering_licenses(therapist, video_states)) + psypact,
        },
        prescriber={
            **prescriber_data,
            "licenses_here": _licenses(
                covering_licenses(prescriber, client_states(practice, client, dosing=True))
            ),
        },
        protocol=prescriber_data["protocol"],
        references=list(practice.references) if practice.references else checked_references(),
        sources=checked_sources(),
        crisis_steps=[
            f"Step {n}: {step.action} {_numbers(step.calls, client, prescriber)}"
            for n, step in enumerate(practice.crisis_plan or [], start=1)
        ],
        today=today,
    )


def _licenses(licenses: list[License]) -> list[str]:
    return [f"{lic.type}, {lic.state} license {lic.number}" for lic in licenses]


def _psypact(therapist: Clinician, states: list[str]) -> list[str]:
    if not states or therapist.psypact is None:
        return []
    return [
        "PSYPACT Authority to Practice Interjurisdictional Telepsychology "
        f"{therapist.psypact.apit_number}, for video sessions in {', '.join(states)}"
    ]


def _numbers(calls: list[Calls], client: Client, prescriber: Prescriber) -> str:
    """Return who a crisis step calls, with their numbers, as one printed sentence."""
    support, contact = client.support_person, client.emergency_contact
    named = {
        "client": f"your phone, {client.phone}",
        "support_person": f"your support person, {support.name}, {support.phone}"
        if support
        else "your support person",
        "emergency_contact": f"your emergency contact, {contact.name}, {contact.phone}",
        "prescriber_on_call": f"your prescriber's on-call line, {prescriber.on_call_phone}",
        "911": "911",
    }
    return "Numbers called: " + "; ".join(named[c] for c in calls) + "."
