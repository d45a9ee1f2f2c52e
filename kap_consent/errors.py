"""The one error hierarchy: the CLI catches KapConsentError, prints it and exits 2."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class KapConsentError(Exception):
    """Base of every error the tool raises for a user to read and fix."""


@dataclass(frozen=True)
class Problem:
    """One input problem: where it is (file, roster row, field path) and what to do."""

    file: str | None
    location: str | None
    message: str
    client_id: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        where = [self.file] if self.file is not None else []
        if self.row is not None:
            shown = f" ({self.client_id})" if self.client_id else ""
            where.append(f"row {self.row}{shown}")
        if self.location is not None:
            where.append(self.location)
        return ": ".join([*where, self.message])

    def as_dict(self) -> dict[str, str | int | None]:
        """Return the problem as plain data for `--json`."""
        return {
            "file": self.file,
            "row": self.row,
            "client_id": self.client_id,
            "location": self.location,
            "message": self.message,
        }


class DataError(KapConsentError):
    """Input files are missing, unreadable or invalid."""

    def __init__(self, problems: Sequence[str | Problem]) -> None:
        self.details = [p if isinstance(p, Problem) else Problem(None, None, p) for p in problems]
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


class TemplateError(KapConsentError):
    """A template or clause cannot be rendered, or the result fails a check."""


class RecordError(KapConsentError):
    """The record of what was given cannot be found, read or written."""


class OutputError(KapConsentError):
    """Output cannot be written where the user asked."""
