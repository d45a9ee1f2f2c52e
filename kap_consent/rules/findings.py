"""What a rule reports: where the fix belongs, what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on the data.

    `client_id` set: the fix is in that client's record (its id leads the location);
    otherwise the fix is in the practice file at `where`.
    """

    where: str
    message: str
    client_id: str | None = None
    warning: bool = False
