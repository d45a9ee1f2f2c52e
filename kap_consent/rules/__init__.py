"""The checks that decide whether a packet may exist, run on validated data.

Each rule is a function of the practice, the clients and the date, returning findings: an
error stops every packet (exit 2, nothing written); a warning is printed on every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..models import Client, Practice
from .crisis import check_crisis_plan
from .findings import Finding
from .home_dosing import check_home_protocols
from .licensure import check_licensure
from .minors import check_minors

__all__ = ["Finding", "review"]


def review(practice: Practice, clients: Sequence[Client], today: date) -> list[Finding]:
    """Return every finding for these clients: licensure, home dosing, minors, crisis plan."""
    findings: list[Finding] = []
    for client in clients:
        findings += check_licensure(practice, client)
        findings += check_minors(practice, client, today)
    findings += check_home_protocols(practice, clients)
    findings += check_crisis_plan(practice, clients)
    return findings
