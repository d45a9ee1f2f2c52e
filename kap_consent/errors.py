"""The one error hierarchy: the CLI catches KapConsentError, prints it and exits 2."""

from __future__ import annotations


class KapConsentError(Exception):
    """Base of every error the tool raises for a user to read and fix."""


class DataError(KapConsentError):
    """Input files are missing, unreadable or invalid."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class TemplateError(KapConsentError):
    """A template or clause cannot be rendered, or the result fails a check."""


class RecordError(KapConsentError):
    """The record of what was given cannot be found, read or written."""


class OutputError(KapConsentError):
    """Output cannot be written where the user asked."""
