"""Evaluate a document's wording against one client's context: the text both layouts print."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .content import Clause, DocumentDef
from .context import Context
from .fingerprint import printed_version
from .templating import TemplateSet

SIGNER_LABELS = {
    "client": "Client",
    "therapist": "Therapist",
    "support_person": "Support person",
    "representative": "Personal representative (signing for the client)",
}
MINOR_SIGNER_LABELS = {
    **SIGNER_LABELS,
    "client": "Client, under 18 (assent)",
    "representative": "Parent or legal guardian (permission)",
}
"""A minor assents and a parent or guardian gives permission; both sign."""


@dataclass(frozen=True)
class ComposedRow:
    """A form row; `value` None means a line to write on."""

    label: str
    value: str | None


@dataclass(frozen=True)
class ComposedClause:
    """One clause as printed."""

    id: str
    paragraphs: list[str]
    items: list[str]
    rows: list[ComposedRow]
    initials: bool
    emphasis: bool


@dataclass(frozen=True)
class ComposedSection:
    """One section as printed."""

    id: str
    heading: str
    clauses: list[ComposedClause]


@dataclass(frozen=True)
class SignatureLine:
    """One signer: role label and the printed name when the data knows it."""

    role: str
    label: str
    printed_name: str | None


@dataclass(frozen=True)
class ComposedDocument:
    """Everything a layout needs to print one document for one client."""

    form_id: str
    stem: str
    title: str
    version: str
    facts_as_of: date
    generated: date
    intro: list[str]
    sections: list[ComposedSection]
    attestation: list[str]
    signers: list[SignatureLine]
    client_name: str
    client_id: str
    client_dob: date
    practice_name: str
    logo: str | None
    doc_id: str = field(default="")

    def body_text(self) -> list[str]:
        """Return the document's body as a list of printed strings, in reading order."""
        out = [self.title, *self.intro]
        for section in self.sections:
            out.append(section.heading)
            for clause in section.clauses:
                out += clause.paragraphs + clause.items
                for row in clause.rows:
                    out += [row.label] + ([row.value] if row.value is not None else [])
        return out + self.attestation


def paragraph_sources(source: str) -> list[tuple[int, str]]:
    """Split wording at blank lines into paragraphs: (line offset in `source`, text as written).

    Each paragraph is a template of its own, so a tag cannot span a blank line.
    """
    paragraphs, line = [], 0
    for chunk in source.split("\n\n"):
        if chunk.strip():
            paragraphs.append((line, chunk))
        line += chunk.count("\n") + 2
    return paragraphs


def _paragraphs(templates: TemplateSet, source: str, ctx: dict[str, Any], where: str) -> list[str]:
    # Collapse the wording file's line wrapping; values keep their own line breaks.
    rendered = [
        templates.render_text(" ".join(chunk.split()), ctx, where)
        for _, chunk in paragraph_sources(source)
    ]
    return [r for r in rendered if r]


def _clause(
    templates: TemplateSet, clause: Clause, ctx: dict[str, Any], where: str
) -> ComposedClause:
    return ComposedClause(
        id=clause.id,
        paragraphs=_paragraphs(templates, clause.text, ctx, where),
        items=[
            templates.render_text(i, ctx, f"{where} item {n + 1}")
            for n, i in enumerate(clause.items)
        ]
        + (templates.evaluate_list(clause.items_from, ctx, where) if clause.items_from else []),
        rows=[
            ComposedRow(
                label=templates.render_text(r.label, ctx, where),
                value=None if r.value is None else templates.render_text(r.value, ctx, where),
            )
            for r in clause.rows
            if not r.when or templates.evaluate(r.when, ctx, where)
        ],
        initials=clause.initials,
        emphasis=clause.emphasis,
    )


def is_included(templates: TemplateSet, doc: DocumentDef, context: Context) -> bool:
    """Return whether this document belongs in this client's packet."""
    if doc.include_when is None:
        return True
    return templates.evaluate(doc.include_when, dict(context), f"{doc.form_id} include_when")


def compose_document(
    templates: TemplateSet, doc: DocumentDef, context: Context
) -> ComposedDocument:
    """Render every clause of `doc` for this client, skipping parts whose `when` is false."""
    ctx: dict[str, Any] = {**context, "document": {"form_id": doc.form_id, "title": doc.title}}
    sections = []
    for section in doc.sections:
        where = f"{doc.form_id} section {section.id}"
        if section.when and not templates.evaluate(section.when, ctx, where):
            continue
        clauses = [
            _clause(templates, c, ctx, f"{where} clause {c.id}")
            for c in section.clauses
            if not c.when or templates.evaluate(c.when, ctx, f"{where} clause {c.id}")
        ]
        if clauses:
            heading = templates.render_text(section.heading, ctx, f"{where} heading")
            sections.append(ComposedSection(section.id, heading, clauses))
    composed = ComposedDocument(
        form_id=doc.form_id,
        stem=doc.stem,
        title=doc.title,
        version=printed_version(templates, doc),
        facts_as_of=doc.facts_as_of,
        generated=context["today"],
        intro=_paragraphs(templates, doc.intro, ctx, f"{doc.form_id} intro"),
        sections=sections,
        attestation=_paragraphs(templates, doc.attestation, ctx, f"{doc.form_id} attestation"),
        signers=_signers(doc, context),
        client_name=context["client"]["name"],
        client_id=context["client"]["id"],
        client_dob=context["client"]["date_of_birth"],
        practice_name=context["practice"]["display_name"],
        logo=str(context["practice"]["logo"]) if context["practice"]["logo"] else None,
    )
    return _with_doc_id(composed)


def _signers(doc: DocumentDef, context: Context) -> list[SignatureLine]:
    names = {
        "client": context["client"]["name"],
        "therapist": f"{context['therapist']['name']}, {context['therapist']['credentials']}",
        "support_person": (context["client"]["support_person"] or {}).get("name"),
    }
    labels = MINOR_SIGNER_LABELS if context["client"]["is_minor"] else SIGNER_LABELS
    lines = [SignatureLine(s, labels[s], names[s]) for s in doc.signers]
    rep = context["client"]["personal_representative"]
    if rep and "client" in doc.signers:
        lines.append(SignatureLine("representative", labels["representative"], rep["name"]))
    return lines


def _with_doc_id(doc: ComposedDocument) -> ComposedDocument:
    """Return `doc` with a short ID derived from a hash of its printed content."""
    digest = hashlib.sha256()
    for part in [doc.form_id, doc.version, doc.client_id, *doc.body_text()]:
        digest.update(part.encode("utf-8") + b"\x00")
    code = digest.hexdigest()[:10].upper()
    return ComposedDocument(**{**doc.__dict__, "doc_id": f"{code[:5]}-{code[5:]}"})
