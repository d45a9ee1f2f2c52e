"""The documents a packet can hold, summarised for listing: versions, signers, initials boxes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .content import DocumentDef
from .wording import load_document_defs


@dataclass(frozen=True)
class InitialsCount:
    """How many clauses the client initials: always, and only when a `when` condition holds."""

    always: int
    conditional: int

    def __str__(self) -> str:
        total = self.always + self.conditional
        return f"up to {total}" if self.conditional else str(total)


@dataclass(frozen=True)
class DocumentEntry:
    """One document as `kap-consent documents` lists it."""

    form_id: str
    version: str
    facts_as_of: date
    title: str
    included_when: str | None
    """The condition that includes the document, or None when every packet holds it."""
    signers: tuple[str, ...]
    initials: InitialsCount

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as `kap-consent documents --json` prints it."""
        return {
            "form_id": self.form_id,
            "version": self.version,
            "facts_as_of": str(self.facts_as_of),
            "title": self.title,
            "included_when": self.included_when,
            "signers": list(self.signers),
            "initials": str(self.initials),
        }


def count_initials(doc: DocumentDef) -> InitialsCount:
    """Count the clauses with an initials box; a clause or section with `when` may not print."""
    always = conditional = 0
    for section in doc.sections:
        for clause in section.clauses:
            if not clause.initials:
                continue
            if section.when or clause.when:
                conditional += 1
            else:
                always += 1
    return InitialsCount(always, conditional)


def list_documents(templates_dir: Path | None = None) -> list[DocumentEntry]:
    """Return every document, overrides in `templates_dir` applied, in packet order."""
    return [
        DocumentEntry(
            form_id=d.form_id,
            version=d.version,
            facts_as_of=d.facts_as_of,
            title=d.title,
            included_when=d.include_when,
            signers=tuple(d.signers),
            initials=count_initials(d),
        )
        for d in load_document_defs(templates_dir)
    ]


def _people(signers: tuple[str, ...]) -> str:
    return ", ".join(s.replace("_", " ") for s in signers) or "no one"


def listing_text(entries: list[DocumentEntry]) -> str:
    """Return the documents as `kap-consent documents` prints them: a few short lines each.

    Plain lines rather than a table, so that nothing is cut at any width: a table squeezed into
    80 columns (or a pipe) cut the "facts as of" dates.
    """
    indent = " " * (max((len(e.form_id) for e in entries), default=0) + 2)
    blocks = [
        f"{e.form_id:<{len(indent) - 2}}  {e.title}\n"
        f"{indent}version {e.version}, facts as of {e.facts_as_of}\n"
        f"{indent}included: {e.included_when or 'always'}; "
        f"signed by: {_people(e.signers)}; initials boxes: {e.initials}\n"
        for e in entries
    ]
    count = len(entries)
    return f"{count} document{'s' if count != 1 else ''}, in packet order:\n\n" + "\n".join(blocks)
