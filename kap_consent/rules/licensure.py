"""Licensure by location: where each session puts the client, and who may serve them there.

The service is delivered where the client is. The therapist needs a license in each of those
states, or (for video only) PSYPACT authority there; the prescriber needs a license in each
state where the client takes a dose.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Client, Clinician, License, Practice, Prescriber
from .findings import Finding


@dataclass(frozen=True)
class Placement:
    """A kind of session and the state it puts the client in."""

    kind: str
    state: str
    by_video: bool
    dosing: bool


def placements(practice: Practice, client: Client) -> list[Placement]:
    """Return every (kind of session, state) the plan puts the client in; office first."""
    plan = client.plan
    found: list[Placement] = []
    office = practice.office(plan.office)
    if office is not None:
        kind = "office dosing and sessions" if plan.has_office else "office sessions"
        found.append(Placement(kind, office.state, by_video=False, dosing=plan.has_office))
    if plan.has_home and plan.home_state is not None:
        found.append(Placement("home dosing", plan.home_state, by_video=True, dosing=True))
    if plan.video_sessions:
        found += [
            Placement("video sessions", s, by_video=True, dosing=False) for s in plan.video_states
        ]
    return found


def client_states(
    practice: Practice, client: Client, *, by_video: bool = False, dosing: bool = False
) -> list[str]:
    """Return the states the plan puts the client in (only video, or only dosing, if asked)."""
    return list(
        dict.fromkeys(
            p.state
            for p in placements(practice, client)
            if (p.by_video or not by_video) and (p.dosing or not dosing)
        )
    )


def therapist_covers(therapist: Clinician, placement: Placement) -> bool:
    """Return whether the therapist may see the client in this placement."""
    if placement.state in therapist.license_states():
        return True
    psypact = therapist.psypact
    return placement.by_video and psypact is not None and placement.state in psypact.member_states


def covering_licenses(person: Clinician | Prescriber, states: list[str]) -> list[License]:
    """Return the licenses that apply in these states (never one that does not)."""
    return [lic for lic in person.licenses if lic.state in states]


def psypact_states(therapist: Clinician, practice: Practice, client: Client) -> list[str]:
    """Return the video states covered only by the therapist's PSYPACT authority."""
    if therapist.psypact is None:
        return []
    licensed, members = therapist.license_states(), therapist.psypact.member_states
    return [
        s
        for s in client_states(practice, client, by_video=True)
        if s not in licensed and s in members
    ]


def check_licensure(practice: Practice, client: Client) -> list[Finding]:
    """Return an error for each place the plan puts the client that a clinician cannot cover."""
    plan = client.plan
    found = _missing_places(practice, client)
    therapist = practice.clinician(plan.therapist)
    prescriber = practice.prescriber(plan.prescriber)
    assert therapist is not None and prescriber is not None, "checked by loading.check_client"
    for place in placements(practice, client):
        if place.state not in practice.states:
            found.append(
                _error(
                    client,
                    f"{place.kind} in {place.state}, but the practice file's "
                    f"states ({', '.join(practice.states)}) do not include it; add "
                    f"{place.state} to states, or change the plan",
                )
            )
        if not therapist_covers(therapist, place):
            found.append(_error(client, _therapist_message(therapist, place)))
        if place.dosing and place.state not in prescriber.license_states():
            found.append(
                _error(
                    client,
                    f"{place.kind} in {place.state}, but prescriber {prescriber.id} holds no "
                    f"{place.state} license (licensed in: {', '.join(prescriber.license_states())})"
                    "; add the license to the practice file, or choose a prescriber licensed there",
                )
            )
    return found


def _therapist_message(therapist: Clinician, place: Placement) -> str:
    held = f"licensed in: {', '.join(therapist.license_states())}"
    if place.by_video:
        lacks = f"no {place.state} license or PSYPACT authority"
    else:
        lacks = f"no {place.state} license"
        held += "; PSYPACT covers video sessions only" if therapist.psypact else ""
    return (
        f"{place.kind} in {place.state}, but therapist {therapist.id} holds {lacks} ({held}); "
        "add the license to the practice file, or choose a therapist who may practice there"
    )


def _missing_places(practice: Practice, client: Client) -> list[Finding]:
    plan = client.plan
    found = []
    if practice.office(plan.office) is None:
        known = ", ".join(o.id for o in practice.offices)
        why = (
            "the practice has several offices"
            if plan.office is None
            else "no office with this id in the practice file"
        )
        found.append(_error(client, f"{why} (known: {known}); name the office", "plan.office"))
    if plan.has_home and plan.home_state is None:
        found.append(
            _error(
                client,
                "required because the plan has home dosing; give the two-letter state of the "
                "home-session address",
                "plan.home_state",
            )
        )
    if plan.video_sessions and not plan.video_states:
        found.append(
            _error(
                client,
                "required because video_sessions is true; list the states the client will join "
                "video sessions from, e.g. [OR]",
                "plan.video_states",
            )
        )
    return found


def _error(client: Client, message: str, where: str = "plan") -> Finding:
    return Finding(where, message, client_id=client.id)
