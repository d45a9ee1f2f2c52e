"""The documents a packet can hold, summarised for listing: versions, signers, initials boxes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

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
    included_when: str
    signed_by: str
    initials: InitialsCount


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
            included_when=d.include_when or "always",
            signed_by=", ".join(d.signers),
            initials=count_initials(d),
        )
        for d in load_document_defs(templates_dir)
    ]
