"""Benchmark part: pages per second per core for each example client, and the raw engine.

Times are CPU seconds of this one process (`time.process_time`), so they are per core; each
figure is the best of a few rounds after a warm-up packet. CPU seconds still stretch when the
machine is busy (shared caches, a shared host), so the rounds of all variants alternate: a
slower stretch then slows the packet and the raw engine alike, and their ratio holds. Pages are
the documents' PDF pages (the signing checklist and blank backs of packet.pdf are not counted);
a DOCX-only packet counts the same documents' PDF pages.

"Raw engine" lays out the very same HTML with the same stylesheet and writes each document's
PDF, one layout per document, with nothing else: no wording, no DOCX, no checks, no packet.pdf.
"""

from __future__ import annotations

import functools
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kap_consent import TemplateSet, build_packet, load_clients, load_practice
from kap_consent.clock import today
from kap_consent.compose import compose_document, is_included
from kap_consent.content import DocumentDef
from kap_consent.context import build_context
from kap_consent.generate import ALL_FORMATS, OutputFormat
from kap_consent.heap import settle_loaded
from kap_consent.models import Client, Practice
from kap_consent.render import LayoutOptions
from kap_consent.render.html import render_html
from kap_consent.render.pdf import PdfInfo, html_to_pdf

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FORMATS: dict[str, frozenset[OutputFormat]] = {
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx"}),
    "both": ALL_FORMATS,
}
ROUNDS = 5
RAW = "raw engine"


@dataclass(frozen=True)
class PacketRate:
    """One client's packet in one format: pages and the best CPU seconds per packet."""

    client_id: str
    fmt: str
    pages: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def cpu_seconds(work: Callable[[], object]) -> float:
    """Return the CPU time one run of `work` took."""
    started = time.process_time()
    work()
    return time.process_time() - started


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def load_examples() -> tuple[Practice, list[Client]]:
    """Return the example practice and its clients, validated."""
    practice = load_practice(EXAMPLES / "practice.yaml")
    return practice, load_clients(EXAMPLES / "clients.yaml", practice, today())


def _engine_work(
    practice: Practice, client: Client, templates: TemplateSet, defs: list[DocumentDef]
) -> Callable[[], list[bytes]]:
    """Return the raw engine's work for one client: the same HTML and CSS, one layout each."""
    options = LayoutOptions()
    context = build_context(practice, client, today())
    docs = [
        compose_document(templates, d, context) for d in defs if is_included(templates, d, context)
    ]
    jobs = [
        (render_html(c, templates, options), PdfInfo(c.title, "", c.generated, c.logo, c.form_id))
        for c in docs
    ]
    return lambda: [html_to_pdf(html, info, templates, options).pdf for html, info in jobs]


def packet_and_engine_rates(rounds: int = ROUNDS) -> tuple[list[PacketRate], list[PacketRate]]:
    """Time every example client's whole packet in each format, and the raw engine beside it.

    Each round runs every variant once, in turn, so a machine that speeds up or slows down
    during the benchmark shifts all of them alike and the full-packet-to-engine ratio holds.
    """
    practice, clients = load_examples()
    templates = TemplateSet()
    defs = templates.document_defs()
    build_packet(practice, clients[0], templates, defs)  # fonts and caches load once per process
    settle_loaded()  # as a rendering process does after its first packet
    rates, raw = [], []
    for client in clients:
        packet = build_packet(practice, client, templates, defs, FORMATS["pdf"])
        pages = sum(_pages(d.pdf) for d in packet.documents if d.pdf is not None)
        work: dict[str, Callable[[], object]] = {
            fmt: functools.partial(build_packet, practice, client, templates, defs, formats)
            for fmt, formats in FORMATS.items()
        }
        work[RAW] = _engine_work(practice, client, templates, defs)
        best = dict.fromkeys(work, float("inf"))
        for _ in range(rounds):
            for name, run in work.items():
                best[name] = min(best[name], cpu_seconds(run))
        rates += [PacketRate(client.id, fmt, pages, best[fmt]) for fmt in FORMATS]
        raw.append(PacketRate(client.id, RAW, pages, best[RAW]))
    return rates, raw
