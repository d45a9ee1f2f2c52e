"""The signing checklist: one row per document of a packet, made from the composed documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .compose import ComposedDocument, SignatureLine
from .errors import TemplateError

TITLE = "Signing checklist"


@dataclass(frozen=True)
class ChecklistRow:
    """One document: its title, form ID and version, and who signs it."""

    title: str
    form_id: str
    version: str
    signers: list[str]


@dataclass(frozen=True)
class Checklist:
    """The staff's last page of packet.pdf, with the running header every page carries."""

    rows: list[ChecklistRow]
    client_name: str
    client_id: str
    client_dob: date
    practice_name: str
    logo: str | None
    generated: date
    title: str = TITLE


def _signer(line: SignatureLine) -> str:
    """Return `Role: Name`; the role without its note in brackets keeps each on one line."""
    role = line.label.split(" (")[0]
    return f"{role}: {line.printed_name}" if line.printed_name else role


def build_checklist(documents: Sequence[ComposedDocument]) -> Checklist:
    """Return the checklist of a packet's documents, in packet order."""
    if not documents:
        raise TemplateError("a signing checklist needs at least one document")
    first = documents[0]
    return Checklist(
        rows=[
            ChecklistRow(d.title, d.form_id, d.version, [_signer(s) for s in d.signers])
            for d in documents
        ],
        client_name=first.client_name,
        client_id=first.client_id,
        client_dob=first.client_dob,
        practice_name=first.practice_name,
        logo=first.logo,
        generated=first.generated,
    )
