"""A practice with home dosing says what it does when it cannot reach a client."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Client, Practice
from .findings import Finding


def check_crisis_plan(practice: Practice, clients: Sequence[Client]) -> list[Finding]:
    """Return an error when clients dose at home and the practice file has no crisis plan."""
    home = [c for c in clients if c.plan.has_home]
    if practice.crisis_plan is not None or not home:
        return []
    return [
        Finding(
            "crisis_plan",
            f"required because {', '.join(c.id for c in home)} "
            f"{'has' if len(home) == 1 else 'have'} home dosing; list the steps the practice "
            "takes, in order, when it cannot reach a client or support person during a home "
            "session (see examples/practice.yaml)",
        )
    ]
