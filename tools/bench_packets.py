"""Benchmark part: pages per second per core for each example client, and the raw engine.

Times are CPU seconds of this one process (`time.process_time`), so they are per core and do
not depend on what else the machine is doing; each figure is the best of a few rounds after a
warm-up packet. Pages are the documents' PDF pages (the signing checklist and blank backs of
packet.pdf are not counted); a DOCX-only packet counts the same documents' PDF pages.

"Raw engine" lays out the very same HTML with the same stylesheet and writes each document's
PDF, one layout per document, with nothing else: no wording, no DOCX, no checks, no packet.pdf.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kap_consent import TemplateSet, build_packet, load_clients, load_practice
from kap_consent.clock import today
from kap_consent.compose import compose_document, is_included
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
ROUNDS = 3


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


def best_cpu_seconds(work: Callable[[], object], rounds: int = ROUNDS) -> float:
    """Return the least CPU time `work` took over `rounds` runs."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def load_examples() -> tuple[Practice, list[Client]]:
    """Return the example practice and its clients, validated."""
    practice = load_practice(EXAMPLES / "practice.yaml")
    return practice, load_clients(EXAMPLES / "clients.yaml", practice, today())


def packet_rates(rounds: int = ROUNDS) -> list[PacketRate]:
    """Time every example client's whole packet (render and checks) in each format."""
    practice, clients = load_examples()
    templates = TemplateSet()
    defs = templates.document_defs()
    build_packet(practice, clients[0], templates, defs)  # fonts and caches load once per process
    settle_loaded()  # as a rendering process does after its first packet
    rates = []
    for client in clients:
        packet = build_packet(practice, client, templates, defs, FORMATS["pdf"])
        pages = sum(_pages(d.pdf) for d in packet.documents if d.pdf is not None)
        for fmt in FORMATS:
            seconds = best_cpu_seconds(
                lambda fmt=fmt, client=client: build_packet(
                    practice, client, templates, defs, FORMATS[fmt]
                ),
                rounds,
            )
            rates.append(PacketRate(client.id, fmt, pages, seconds))
    return rates


def raw_engine_rates(rounds: int = ROUNDS) -> list[PacketRate]:
    """Time the engine alone on each client's documents: same HTML and CSS, one layout each."""
    practice, clients = load_examples()
    templates = TemplateSet()
    defs = templates.document_defs()
    options = LayoutOptions()
    rates = []
    for client in clients:
        context = build_context(practice, client, today())
        docs = [
            compose_document(templates, d, context)
            for d in defs
            if is_included(templates, d, context)
        ]
        pages_of = [
            (
                render_html(c, templates, options),
                PdfInfo(c.title, "", c.generated, c.logo, c.form_id),
            )
            for c in docs
        ]

        def engine(jobs: list[tuple[str, PdfInfo]] = pages_of) -> list[bytes]:
            return [html_to_pdf(html, info, templates, options).pdf for html, info in jobs]

        pages = sum(_pages(pdf) for pdf in engine())
        settle_loaded()
        rates.append(PacketRate(client.id, "raw engine", pages, best_cpu_seconds(engine, rounds)))
    return rates
