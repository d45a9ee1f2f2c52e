"""Property: a plan is accepted exactly when every state it puts the client in is covered."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kap_consent.models import Client, Practice
from kap_consent.rules import review
from kap_consent.rules.minors import is_minor

from .conftest import CRISIS_PLAN, HOME_PROTOCOL, SUPPORT_PERSON
from .test_rules import TODAY

STATES = ["OR", "WA", "ID", "CA"]
some_states = st.sets(st.sampled_from(STATES), min_size=1, max_size=3)


def _licenses(states: set[str], kind: str) -> list[dict[str, str]]:
    return [{"type": kind, "number": f"{s}-1", "state": s} for s in sorted(states)]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    therapist_states=some_states,
    psypact_states=st.none() | some_states,
    prescriber_states=some_states,
    office_state=st.sampled_from(STATES),
    setting=st.sampled_from(["office", "home", "both"]),
    home_state=st.sampled_from(STATES),
    video_states=st.none() | some_states,
)
def test_accepted_only_when_both_clinicians_cover_every_state(
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
    therapist_states: set[str],
    psypact_states: set[str] | None,
    prescriber_states: set[str],
    office_state: str,
    setting: str,
    home_state: str,
    video_states: set[str] | None,
) -> None:
    assume(psypact_states is None or psypact_states & therapist_states)
    practice, client = copy.deepcopy(practice_data), copy.deepcopy(client_data)
    practice.update(
        states=STATES,
        offices=[{"id": "main", "address": "1 Main St", "state": office_state}],
        telehealth={"platform": "Doxy.me", "backup_phone": "503-555-0142"},
        crisis_plan=CRISIS_PLAN,
    )
    therapist = practice["clinicians"][0]
    therapist["licenses"] = _licenses(therapist_states, "Licensed Psychologist")
    if psypact_states:
        therapist["psypact"] = {"apit_number": "1", "member_states": sorted(psypact_states)}
    prescriber = practice["prescribers"][0]
    prescriber.update(
        licenses=_licenses(prescriber_states, "Physician (MD)"), protocol=HOME_PROTOCOL
    )
    client["support_person"] = SUPPORT_PERSON
    client["plan"].update(settings=setting, home_state=home_state)
    if video_states:
        client["plan"].update(video_sessions=True, video_states=sorted(video_states))
    loaded = Client.model_validate(client)
    assert not is_minor(loaded, TODAY)

    by_video = ({home_state} if setting != "office" else set()) | (video_states or set())
    dosing = ({office_state} if setting != "home" else set()) | (
        {home_state} if setting != "office" else set()
    )
    video_ok = therapist_states | (psypact_states or set())
    expected = (
        office_state in therapist_states and by_video <= video_ok and dosing <= prescriber_states
    )
    errors = [
        f for f in review(Practice.model_validate(practice), [loaded], TODAY) if not f.warning
    ]
    assert (not errors) == expected, errors
