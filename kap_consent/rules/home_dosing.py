"""Home dosing needs the prescriber's own numbers: no client initials a limit nobody set."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Client, Practice
from .findings import Finding


def check_home_protocols(practice: Practice, clients: Sequence[Client]) -> list[Finding]:
    """Return an error for each prescriber with home-dosing clients whose protocol lacks numbers."""
    found = []
    for index, prescriber in enumerate(practice.prescribers):
        home_clients = [
            c.id for c in clients if c.plan.has_home and c.plan.prescriber == prescriber.id
        ]
        missing = prescriber.protocol.missing_for_home()
        if home_clients and missing:
            found.append(
                Finding(
                    f"prescribers[{index}].protocol",
                    f"prescriber {prescriber.id} has home-dosing clients "
                    f"({', '.join(home_clients)}) but the protocol does not give "
                    f"{', '.join(missing)}; add them from the prescriber's written protocol",
                )
            )
    return found
