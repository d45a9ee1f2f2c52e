"""The documents as data: document → sections → clauses, each clause a small Jinja text.

Wording lives in `templates/documents/*.yaml`, defined once and presented by both layouts.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .field_docs import describe_fields

Signer = Literal["client", "therapist", "support_person"]


class ContentModel(BaseModel):
    """Base for content definitions: unknown keys are errors so typos in wording files show."""

    # Described from the docstrings at the end of this module, then built on first use.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Row(ContentModel):
    """A labelled value in a form table; with no value the row prints a line to write on."""

    label: str
    """Row label (Jinja)."""
    value: str | None = None
    """Value (Jinja); leave out for a write-in line."""
    when: str | None = None
    """Jinja expression; the row prints only when it is true."""


class Clause(ContentModel):
    """The smallest unit of wording; it may need the client's initials."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable id; a practice overrides a clause by this id."""
    text: str = ""
    """Paragraphs (Jinja), separated by a blank line."""
    items: list[str] = []
    """Bullet points (Jinja), printed after the paragraphs."""
    items_from: str | None = None
    """Jinja expression giving a list (e.g. `references`); each entry prints as a bullet point."""
    rows: list[Row] = []
    """Form rows, printed after the bullet points."""
    initials: bool = False
    """True when the client initials this clause."""
    emphasis: bool = False
    """True to set the clause in bold (for the few statements that must stand out)."""
    when: str | None = None
    """Jinja expression; the clause prints only when it is true."""
    facts: list[str] = []
    """Ids in `templates/facts.yaml` of the facts this clause states; each must be `checked`."""

    @model_validator(mode="after")
    def _has_content(self) -> Clause:
        if not (self.text.strip() or self.items or self.items_from or self.rows):
            raise ValueError("a clause needs text, items or rows")
        return self


class Section(ContentModel):
    """A headed group of clauses."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable id."""
    heading: str
    """Heading (Jinja)."""
    clauses: list[Clause] = Field(min_length=1)
    """The clauses, in order."""
    when: str | None = None
    """Jinja expression; the section prints only when it is true."""


class DocumentDef(ContentModel):
    """One document of the packet, as its wording file defines it."""

    form_id: str = Field(pattern=r"^KAP-[A-Z]{2,5}$")
    """Stable form ID printed on every page, e.g. `KAP-IC`."""
    number: int = Field(ge=0, le=99)
    """Position in the packet (0 for the key-information page that opens it)."""
    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    """File name stem after the number, e.g. `informed-consent`."""
    title: str
    """Document title."""
    version: str = Field(pattern=r"^\d+\.\d+$")
    """Form version; raise it whenever the wording changes."""
    facts_as_of: date
    """Date the facts behind the wording were last checked."""
    include_when: str | None = None
    """Jinja expression; the document is in a client's packet only when it is true."""
    signers: list[Signer] = []
    """Who signs at the end (a personal representative is added when the client has one);
    empty for a page the client only initials."""
    intro: str = ""
    """Opening paragraphs (Jinja), before the first section."""
    sections: list[Section] = Field(min_length=1)
    """The sections, in order."""
    attestation: str = ""
    """Statement printed just above the signatures (Jinja)."""

    @property
    def stem(self) -> str:
        """File name stem shared by this document's PDF and DOCX."""
        return f"{self.number:02d}-{self.slug}"

    def clause_ids(self) -> list[str]:
        """Return every clause id as `section/clause`."""
        return [f"{s.id}/{c.id}" for s in self.sections for c in s.clauses]


describe_fields(__name__)
