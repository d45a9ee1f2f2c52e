"""PDF output: names and disclosures in the text, exact escaping, locked-down fetching, fonts."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from kap_consent import TemplateSet
from kap_consent.errors import TemplateError
from kap_consent.extract import normalize, pdf_body_text, pdf_pages, pdf_text
from kap_consent.render import LayoutOptions
from kap_consent.render.pdf import render_pdf

from .conftest import RecordingHandler
from .packets import example_packets

HOSTILE = "O'Brien & <Sons>"


def _doc(client_id: str = "CP-0001", form_id: str = "KAP-MED"):
    packet = example_packets()[client_id]
    return next(d for d in packet.documents if d.composed.form_id == form_id)


@pytest.mark.parametrize("client_id", ["CP-0001", "CP-0002", "CP-0003"])
def test_every_pdf_names_client_practice_and_prescriber(client_id: str) -> None:
    packet = example_packets()[client_id]
    for doc in packet.documents:
        text = normalize(pdf_text(doc.pdf or b""))
        assert doc.composed.client_name in text
        assert "Cedar Path Therapy" in text
        assert not any(bad in text for bad in ("{{", "}}", "{%", "None", "undefined"))
    informed = normalize(pdf_text(_doc(client_id, "KAP-IC").pdf or b""))
    prescriber = "Erik Lindqvist" if client_id == "CP-0001" else "Adaeze Okafor"
    assert prescriber in informed


def test_required_disclosures_in_medication_pdf() -> None:
    text = normalize(pdf_body_text(_doc().pdf or b"", "Cedar Path Therapy"))
    for phrase in ("esketamine", "Spravato", "off-label", "Schedule III", "anesthetic"):
        assert phrase.lower() in text.lower(), phrase


def test_every_page_identifies_client_document_and_page_number() -> None:
    doc = _doc("CP-0002", "KAP-IC")
    pages = pdf_pages(doc.pdf or b"")
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        text = normalize(page)
        assert "Priya Raman" in text
        assert f"KAP-IC v{doc.composed.version}" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "Facts as of" in text and doc.composed.doc_id in text


def test_hostile_name_prints_exactly() -> None:
    composed = replace(_doc().composed, client_name=HOSTILE)
    text = normalize(pdf_text(render_pdf(composed, TemplateSet(), LayoutOptions())))
    assert HOSTILE in text
    assert "&amp;" not in text and "&lt;" not in text


def test_metadata_title_and_author() -> None:
    reader = PdfReader(io.BytesIO(_doc().pdf or b""))
    assert reader.metadata is not None
    assert reader.metadata.title == "Medication and Regulatory Disclosure"
    assert reader.metadata.author == "Cedar Path Therapy"


def test_fonts_embedded_and_subset() -> None:
    reader = PdfReader(io.BytesIO(_doc().pdf or b""))
    fonts = []
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        for ref in resources.values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.append((str(font["/BaseFont"]), "/FontFile2" in descriptor))
    assert fonts and all(embedded for _, embedded in fonts)
    # "KAP Sans" is the name print.css gives the packaged DejaVu files: no system font is used.
    assert all(re.fullmatch(r"/[A-Z]{6}\+KAP-Sans.*", name) for name, _ in fonts), fonts


def _override_css(tmp_path: Path, rule: str) -> TemplateSet:
    layout = tmp_path / "layout"
    layout.mkdir(parents=True)
    packaged = TemplateSet().find("layout/print.css").read_text()
    (layout / "print.css").write_text(packaged + "\n" + rule)
    return TemplateSet(tmp_path)


REFUSED = "the layout asks for a file or web address that is not allowed"
"""The refusal does not quote the address, which could hold client data."""


def test_no_network_request_is_ever_made(tmp_path: Path, server: str) -> None:
    templates = _override_css(tmp_path, f"body {{ background: url({server}/track.png); }}")
    with pytest.raises(TemplateError, match=re.escape(REFUSED)):
        render_pdf(_doc().composed, templates, LayoutOptions())
    assert RecordingHandler.hits == []


def test_local_files_outside_assets_are_refused(tmp_path: Path) -> None:
    templates = _override_css(tmp_path, "body { background: url(file:///etc/passwd); }")
    with pytest.raises(TemplateError, match=re.escape(REFUSED)):
        render_pdf(_doc().composed, templates, LayoutOptions())


def test_a4_and_large_print() -> None:
    composed = _doc().composed
    a4 = PdfReader(io.BytesIO(render_pdf(composed, TemplateSet(), LayoutOptions(paper="a4"))))
    width, height = float(a4.pages[0].mediabox.width), float(a4.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)
    letter = PdfReader(io.BytesIO(_doc().pdf or b""))
    assert round(float(letter.pages[0].mediabox.width)) == 612
    large = render_pdf(composed, TemplateSet(), LayoutOptions(large_print=True))
    assert len(PdfReader(io.BytesIO(large)).pages) > len(letter.pages)
