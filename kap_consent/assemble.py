"""Put packet.pdf together: every document in order, blank backs for duplex, the checklist last.

Each document keeps its own page numbers. With duplex printing every document starts on the
front of a sheet: a document with an odd number of pages is followed by a blank back page.
A standard packet joins the finished files; an archival or tagged one (PDF/A, PDF/UA) is
written from the laid-out pages, so it conforms the way each document does.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .checklist import build_checklist
from .compose import ComposedDocument
from .render import LayoutOptions
from .templating import TemplateSet

if TYPE_CHECKING:
    from .render.pdf import RenderedPdf


def page_count(pdf: bytes) -> int:
    """Return the number of pages of a PDF."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def assemble_packet(
    documents: Sequence[tuple[ComposedDocument, RenderedPdf]],
    templates: TemplateSet,
    options: LayoutOptions,
) -> bytes:
    """Return packet.pdf from each document's PDF, in packet order.

    For PDF/A and PDF/UA each `RenderedPdf` must keep its WeasyPrint document.
    """
    from .render.packet import combine_pdfs, packet_pdf
    from .render.pages import render_blank_page, render_checklist

    parts = []
    for composed, rendered in documents:
        parts.append(rendered)
        if options.duplex and page_count(rendered.pdf) % 2:
            parts.append(render_blank_page(composed, templates, options))
    checklist = build_checklist([composed for composed, _ in documents])
    parts.append(render_checklist(checklist, templates, options))
    if options.pdf_variant == "standard":
        return combine_pdfs([part.pdf for part in parts])
    title = f"Consent packet {checklist.client_id}"
    return packet_pdf([part.document for part in parts], options, title)
