"""The orchestration: load and validate, compose and render every packet, check, then write."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Literal

from .assemble import assemble_packet
from .batch import PacketWriter, write_as_rendered
from .clock import now as clock_now
from .clock import today as clock_today
from .compose import ComposedDocument, compose_document, is_included
from .content import DocumentDef
from .context import build_context
from .disclosures import check_rendered, required_disclosures
from .errors import DataError, TemplateError
from .extract import docx_text
from .facts import citation_problems
from .loading import plan_warnings
from .models import Client, Practice
from .output import check_out_dir, name_packet_files
from .readability import ReadabilityScore, score_document
from .record import RECORD_NAME, check_record, open_record
from .render import LayoutOptions
from .selection import select_clients, skip_existing
from .sources import load_sources
from .templating import TemplateSet
from .workers import RenderJob, render_packets

OutputFormat = Literal["pdf", "docx"]
"""A file format a document is rendered in."""
ALL_FORMATS: frozenset[OutputFormat] = frozenset({"pdf", "docx"})
DEFAULT_LAYOUT = LayoutOptions()


@dataclass(frozen=True)
class RenderedDocument:
    """One document for one client, in the formats asked for."""

    composed: ComposedDocument
    pdf: bytes | None = None
    docx: bytes | None = None


@dataclass(frozen=True)
class Packet:
    """Every rendered document of one client's packet."""

    client_id: str
    documents: list[RenderedDocument]
    not_applicable: list[str] = field(default_factory=list)
    folder: Path | None = None
    packet_pdf: bytes | None = field(default=None, repr=False)
    """Every document's PDF in order (blank backs when duplex), then the signing checklist."""

    def files(self) -> dict[str, bytes]:
        """Return file name → bytes: each document per format, plus the combined packet.pdf."""
        documents = [(d.composed.stem, d.pdf, d.docx) for d in self.documents]
        return name_packet_files(documents, self.packet_pdf)


def check_formats(formats: AbstractSet[str]) -> None:
    """Refuse anything but a non-empty set of known formats (such as the string "both")."""
    if isinstance(formats, str) or not formats or not formats <= ALL_FORMATS:
        raise ValueError(f"formats: {formats!r} is not a set of 'pdf' and 'docx'")


def select_documents(templates: TemplateSet, form_ids: Sequence[str] | None) -> list[DocumentDef]:
    """Return the documents to render: all, or the ones named (unknown names are an error).

    A document whose clauses cite a fact that is not `checked` is refused.
    """
    return choose_documents(templates.document_defs(), form_ids)


def choose_documents(defs: list[DocumentDef], form_ids: Sequence[str] | None) -> list[DocumentDef]:
    """Return the documents of `defs` to render, as `select_documents` does."""
    cited = citation_problems(defs)
    if cited:
        raise TemplateError("; ".join(cited))
    if not form_ids:
        return defs
    known = {d.form_id: d for d in defs}
    unknown = [f for f in form_ids if f.upper() not in known]
    if unknown:
        raise DataError(
            [f"--documents: unknown form ID {u}; {_form_hint(u, list(known))}" for u in unknown]
        )
    wanted = {f.upper() for f in form_ids}
    return [d for d in defs if d.form_id in wanted]


def _form_hint(form_id: str, known: list[str]) -> str:
    close = difflib.get_close_matches(form_id.upper(), known, n=1, cutoff=0.8)
    return f"did you mean {close[0]}?" if close else f"known: {', '.join(known)}"


def build_packet(
    practice: Practice,
    client: Client,
    templates: TemplateSet,
    defs: Sequence[DocumentDef],
    formats: AbstractSet[OutputFormat] = ALL_FORMATS,
    options: LayoutOptions = DEFAULT_LAYOUT,
    today: date | None = None,
) -> Packet:
    """Compose, render and check every applicable document for one client (nothing written)."""
    from .render.docx import render_docx
    from .render.pdf import render_pdf_drawn

    check_formats(formats)
    context = build_context(practice, client, today or clock_today())
    rendered, skipped, pdfs = [], [], []
    for doc in defs:
        if not is_included(templates, doc, context):
            skipped.append(doc.form_id)
            continue
        composed = compose_document(templates, doc, context)
        required = required_disclosures(doc, templates, dict(context))
        pdf = docx = None
        if "pdf" in formats:
            rendered_pdf = render_pdf_drawn(composed, templates, options)
            pdf = rendered_pdf.pdf
            check_rendered(doc.form_id, "pdf", rendered_pdf.drawn, required)
            if options.pdf_variant == "standard":  # packet.pdf joins the files: drop the pages
                rendered_pdf = replace(rendered_pdf, document=None)
            pdfs.append((composed, rendered_pdf))
        if "docx" in formats:
            docx = render_docx(composed, templates, options)
            check_rendered(doc.form_id, "docx", docx_text(docx), required)
        rendered.append(RenderedDocument(composed, pdf, docx))
    combined = assemble_packet(pdfs, templates, options) if pdfs else None
    return Packet(client.id, rendered, skipped, packet_pdf=combined)


def generate_packets(
    practice_file: Path,
    client_file: Path,
    out_dir: Path,
    *,
    formats: AbstractSet[OutputFormat] = ALL_FORMATS,
    documents: Sequence[str] | None = None,
    force: bool = False,
    templates_dir: Path | None = None,
    options: LayoutOptions = DEFAULT_LAYOUT,
    # Hears the client IDs whose leftovers of interrupted runs were removed before writing.
    on_cleared: Callable[[list[str]], None] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    registry: Path | None = None,
    only: Sequence[str] | None = None,
    on_skip: Callable[[str], None] | None = None,
    workers: int = 1,
) -> list[Packet]:
    """Render every client's packet and write each under `out_dir` as soon as it is ready.

    Every input is validated, and the output folder and the record checked, before the first
    render, so invalid input leaves the output folder untouched. `workers` processes render
    clients in parallel; the files are the same as with one. A client whose render or check
    fails gets no folder; the others are written, then one error names the failed clients.
    Rule warnings (such as a minor's state law to confirm) go to `on_warning` on every run.
    Each packet written is added to the record (`registry`, by default inside `out_dir`). With
    `only`, just those client IDs render (the whole file is still validated). Without `force`,
    a client whose packet exists is skipped and reported to `on_skip`.
    """
    sources = load_sources(practice_file, client_file, templates_dir)
    practice, day, clients = sources.practice, sources.day, sources.clients
    for warning in plan_warnings(practice, clients, day, client_file, practice_file):
        if on_warning:
            on_warning(warning)
    defs = choose_documents(sources.defs, documents)
    out_dir = Path(out_dir)
    check_out_dir(out_dir)
    clients, skipped = skip_existing(out_dir, select_clients(clients, only, client_file), force)
    for client_id in skipped:
        if on_skip:
            on_skip(client_id)
    record_path = registry or out_dir / RECORD_NAME
    check_record(record_path)
    job = RenderJob(practice, templates_dir, _tuple(documents), frozenset(formats), options, day)
    writer = PacketWriter(
        out_dir,
        force,
        {d.form_id: [f"{d.stem}.pdf", f"{d.stem}.docx"] for d in defs},
        on_written=lambda packet, files: record_packet(record_path, packet, files, defs),
        on_cleared=on_cleared,
    )
    with closing(render_packets(job, clients, workers)) as results:
        return write_as_rendered(clients, results, writer, on_progress)


def _tuple(values: Sequence[str] | None) -> tuple[str, ...] | None:
    return tuple(values) if values is not None else None


def record_packet(
    path: Path, packet: Packet, files: Mapping[str, bytes], defs: Sequence[DocumentDef]
) -> None:
    """Record a packet just written: its documents and the SHA-256 of exactly those bytes."""
    documents = [d.composed for d in packet.documents]
    with open_record(path, create=True) as record:
        record.add_packet(packet.client_id, documents, defs, files, clock_now())


def readability_report(
    practice_file: Path, client_file: Path, *, templates_dir: Path | None = None
) -> list[tuple[str, list[ReadabilityScore]]]:
    """Return each client's readability scores, document by document."""
    sources = load_sources(practice_file, client_file, templates_dir)
    scores: dict[str, list[ReadabilityScore]] = {c.id: [] for c in sources.clients}
    for client, composed in sources.each_composed():
        scores[client.id].append(score_document(composed))
    return list(scores.items())
