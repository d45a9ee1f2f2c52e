"""Minors only by the practice's choice, in the states it names, with a parent or guardian."""

from __future__ import annotations

from datetime import date

from ..models import Client, Practice
from .findings import Finding
from .licensure import client_states

ADULT_AGE = 18


def age_on(born: date, day: date) -> int:
    """Return the age in whole years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_minor(client: Client, today: date) -> bool:
    """Return whether the client is under 18 when treatment starts (or today, if later)."""
    return age_on(client.date_of_birth, max(today, client.plan.start_date)) < ADULT_AGE


def check_minors(practice: Practice, client: Client, today: date) -> list[Finding]:
    """Return errors for a minor the practice did not choose to treat, else a warning."""
    if client.date_of_birth > today or not is_minor(client, today):
        return []
    policy = practice.minors
    if policy is None:
        return [
            Finding(
                "date_of_birth",
                "the client is under 18 at the start date, and the practice file does not say "
                "it treats minors; check the date, or add `minors: {states: [...]}` to the "
                "practice file after counsel has reviewed your state's law",
                client.id,
            )
        ]
    states = client_states(practice, client)
    found = []
    outside = [s for s in states if s not in policy.states]
    if outside:
        found.append(
            Finding(
                "plan",
                f"the client is under 18 and the plan places them in {', '.join(outside)}, "
                f"but the practice treats minors only in {', '.join(policy.states)} "
                "(minors.states); change the plan or the practice's minors states",
                client.id,
            )
        )
    if client.personal_representative is None:
        found.append(
            Finding(
                "personal_representative",
                "required because the client is under 18; add the parent or guardian who "
                "gives permission and signs",
                client.id,
            )
        )
    return found or [
        Finding(
            "date_of_birth",
            f"the client is under 18; before you use this packet, confirm with counsel how "
            f"{', '.join(states)} law governs a minor's consent to this treatment and who may "
            "see the minor's records",
            client.id,
            warning=True,
        )
    ]
