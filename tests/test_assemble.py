"""packet.pdf: documents in order, the checklist last, and blank back pages for duplex printing."""

from __future__ import annotations

import pytest

from kap_consent import TemplateSet
from kap_consent.assemble import assemble_packet, page_count
from kap_consent.extract import normalize, pdf_pages
from kap_consent.output import PACKET_PDF
from kap_consent.render import LayoutOptions
from kap_consent.render.pdf import RenderedPdf, render_pdf
from kap_consent.templating import longdate

from .packets import example_packets

BLANK = "This page is intentionally blank."


@pytest.mark.parametrize("client_id", ["CP-0001", "CP-0002"])
def test_duplex_starts_every_document_on_a_front_page(client_id: str) -> None:
    documents = example_packets()[client_id].documents
    parts = [(d.composed, RenderedPdf(d.pdf or b"", "", None)) for d in documents]
    pages = pdf_pages(assemble_packet(parts, TemplateSet(), LayoutOptions(duplex=True)))
    at, blanks = 0, 0
    for doc in documents:
        count = page_count(doc.pdf or b"")
        assert at % 2 == 0, f"{doc.composed.form_id} starts on page {at + 1}, a back page"
        assert "Page 1 of" in normalize(pages[at])
        at += count
        if count % 2:
            back = normalize(pages[at])
            c = doc.composed
            for part in (BLANK, c.client_name, f"DOB {longdate(c.client_dob)}", c.client_id):
                assert part in back, f"blank after {c.form_id} lacks {part!r}"
            assert c.practice_name in back and f"{c.form_id} v{c.version}" in back
            assert "Page" not in back
            at, blanks = at + 1, blanks + 1
    assert at % 2 == 0 and len(pages) == at + 1, "the checklist should be the last, front page"
    assert "Signing checklist" in pages[-1]
    assert blanks == sum(page_count(d.pdf or b"") % 2 for d in documents) > 0


def test_without_duplex_no_blank_pages() -> None:
    packet = example_packets()["CP-0001"]
    pages = pdf_pages(packet.files()[PACKET_PDF])
    assert not any(BLANK in page for page in pages)
    assert len(pages) == sum(page_count(d.pdf or b"") for d in packet.documents) + 1


def test_duplex_leaves_each_documents_own_pdf_unchanged() -> None:
    doc = example_packets()["CP-0001"].documents[0]
    assert page_count(doc.pdf or b"") % 2  # a document that gets a blank back in the packet
    duplex = render_pdf(doc.composed, TemplateSet(), LayoutOptions(duplex=True))
    assert duplex == doc.pdf
