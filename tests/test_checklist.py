"""The signing checklist: built from the composed documents, the last page of packet.pdf."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kap_consent import TemplateSet
from kap_consent.checklist import Checklist, ChecklistRow, build_checklist
from kap_consent.compose import ComposedDocument, SignatureLine
from kap_consent.errors import TemplateError
from kap_consent.extract import normalize, pdf_pages
from kap_consent.output import PACKET_PDF
from kap_consent.render import LayoutOptions, Paper
from kap_consent.render.html import render_layout
from kap_consent.render.pages import CHECKLIST_LAYOUT, render_checklist
from kap_consent.templating import longdate

from .packets import example_packets

REPRESENTATIVE = SignatureLine(
    "representative", "Parent or legal guardian (permission)", "Lena Bell"
)


def _composed(client_id: str) -> list[ComposedDocument]:
    return [d.composed for d in example_packets()[client_id].documents]


def test_rows_follow_the_packet_and_name_every_signer() -> None:
    docs = _composed("CP-0002")
    checklist = build_checklist(docs)
    assert [r.form_id for r in checklist.rows] == [d.form_id for d in docs]
    support = next(r for r in checklist.rows if r.form_id == "KAP-SUP")
    support_doc = next(d for d in docs if d.form_id == "KAP-SUP")
    assert support == ChecklistRow(
        support_doc.title,
        "KAP-SUP",
        support_doc.version,
        [f"{s.label.split(' (')[0]}: {s.printed_name}" for s in support_doc.signers],
    )
    assert support.signers[0] == "Support person: Tomas Ortega"
    first = docs[0]
    assert (checklist.client_name, checklist.client_id, checklist.client_dob) == (
        first.client_name,
        first.client_id,
        first.client_dob,
    )
    assert (checklist.practice_name, checklist.generated) == (first.practice_name, first.generated)


def test_personal_representative_and_unnamed_signers() -> None:
    doc = _composed("CP-0001")[0]
    signers = [
        *doc.signers,
        REPRESENTATIVE,
        SignatureLine("support_person", "Support person", None),
    ]
    row = build_checklist([replace(doc, signers=signers)]).rows[0]
    assert row.signers[-2:] == [
        "Parent or legal guardian: Lena Bell",
        "Support person",
    ]


def test_an_empty_packet_has_no_checklist() -> None:
    with pytest.raises(TemplateError) as error:
        build_checklist([])
    assert str(error.value) == "a signing checklist needs at least one document"


def test_two_tick_boxes_per_row_and_lines_for_staff() -> None:
    checklist = build_checklist(_composed("CP-0002"))
    html = render_layout(
        CHECKLIST_LAYOUT, TemplateSet(), LayoutOptions(), "test", checklist=checklist, logo_url=""
    )
    signed = [row for row in checklist.rows if row.signers]
    assert 0 < len(signed) < len(checklist.rows)  # the key-information page has no signers
    assert html.count('<span class="box"></span>') == len(checklist.rows) + len(signed)
    assert html.count("No signature") == len(checklist.rows) - len(signed)
    assert html.count('<td class="line') == 2
    for label in ("Signed", "Copy given", "Staff initials", "Date"):
        assert f">{label}<" in html


@pytest.mark.parametrize("client_id", ["CP-0001", "CP-0002", "CP-0003"])
def test_last_page_of_packet_pdf_is_the_checklist(client_id: str) -> None:
    packet = example_packets()[client_id]
    page = normalize(pdf_pages(packet.files()[PACKET_PDF])[-1])
    squashed = "".join(page.split())
    first = packet.documents[0].composed
    header = f"{first.client_name} DOB {longdate(first.client_dob)} · Client ID {first.client_id}"
    assert header in page and first.practice_name in page
    assert "Signing checklist" in page and "Page 1 of 1" in page
    for doc in packet.documents:
        c = doc.composed
        for text in (c.title, f"{c.form_id}v{c.version}", *(s.printed_name for s in c.signers)):
            assert "".join(str(text).split()) in squashed, f"{client_id}: {text!r} not listed"


def _fullest() -> Checklist:
    """CP-0002's packet (every document), with a parent or guardian signing beside the client."""
    docs = [
        replace(d, signers=[*d.signers, REPRESENTATIVE])
        if any(s.role == "client" for s in d.signers)
        else d
        for d in _composed("CP-0002")
    ]
    return build_checklist(docs)


@pytest.mark.parametrize(
    ("paper", "large_print"), [("letter", False), ("a4", False), ("letter", True)]
)
def test_the_fullest_checklist_fits_one_page(paper: Paper, large_print: bool) -> None:
    checklist = _fullest()
    assert len(checklist.rows) >= 10
    options = LayoutOptions(paper=paper, large_print=large_print)
    pages = pdf_pages(render_checklist(checklist, TemplateSet(), options).pdf)
    assert len(pages) == 1
    text = "".join(normalize(pages[0]).split())
    assert "".join(checklist.rows[-1].title.split()) in text and "Staffinitials" in text
