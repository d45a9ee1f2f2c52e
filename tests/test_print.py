"""Print-ready pages: running header and footer, page numbers, signing blocks kept whole, page
counts, reproducible bytes, PDF variants, and Word output that LibreOffice opens and prints.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
from pypdf import PdfReader

from kap_consent import TemplateSet, build_packet, load_clients, load_practice
from kap_consent.clock import today
from kap_consent.compose import ComposedDocument
from kap_consent.extract import normalize, pdf_pages
from kap_consent.output import PACKET_PDF
from kap_consent.render import LayoutOptions, Paper, PdfVariant
from kap_consent.render.pdf import render_pdf
from kap_consent.templating import longdate

from .golden import PAGE_COUNTS, PAPERS, page_counts
from .packets import EXAMPLES, FIXED_EPOCH, example_packets, layout_packets
from .test_signature_page import check_not_alone

CLIENTS = ["CP-0001", "CP-0002", "CP-0003"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _squash(text: str) -> str:
    """Drop all whitespace, so text matches however the page wrapped its lines."""
    return "".join(normalize(text).split())


def _check_running_text(pages: list[str], doc: ComposedDocument, where: str) -> None:
    for number, page in enumerate(pages, start=1):
        text = normalize(page)
        assert doc.client_name in text, f"{where} page {number}: no client name"
        assert f"{doc.form_id} v{doc.version}" in text, f"{where} page {number}: no form ID"
        assert f"Page {number} of {len(pages)}" in text, f"{where} page {number}: page number"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("client_id", CLIENTS)
def test_every_page_names_client_form_and_page_of_pages(client_id: str, paper: Paper) -> None:
    packet = layout_packets(LayoutOptions(paper=paper))[client_id]
    combined = pdf_pages(packet.files()[PACKET_PDF])
    start = 0
    for doc in packet.documents:
        pages = pdf_pages(doc.pdf or b"")
        _check_running_text(pages, doc.composed, f"{doc.composed.stem}.pdf")
        # Inside packet.pdf each document keeps its own numbering, starting again at 1.
        inside = combined[start : start + len(pages)]
        _check_running_text(inside, doc.composed, f"{PACKET_PDF} ({doc.composed.form_id})")
        start += len(pages)
    # The signing checklist is the one page after the documents.
    assert start + 1 == len(combined)
    assert "Signing checklist" in combined[-1] and "Page 1 of 1" in normalize(combined[-1])


def test_page_counts_match_golden() -> None:
    expected = json.loads(PAGE_COUNTS.read_text(encoding="utf-8"))
    assert page_counts() == expected, "page breaks moved: look at `make samples`, `make golden`"


def test_fonts_in_every_packet_are_embedded() -> None:
    for client_id, packet in example_packets().items():
        reader = PdfReader(io.BytesIO(packet.files()[PACKET_PDF]))
        for number, page in enumerate(reader.pages, start=1):
            for ref in page["/Resources"]["/Font"].values():
                font = ref.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor, f"{client_id} page {number}: {font['/BaseFont']}"


# --- signing blocks and initialed clauses stay whole, in the PDF and in Word's layout ---


def _page_of(pages: list[str], needle: str) -> int:
    """Return the index of the first page that holds all of `needle` (whitespace ignored)."""
    found = [i for i, page in enumerate(pages) if _squash(needle) in _squash(page)]
    assert found, f"not on any single page: {needle[:70]!r}"
    return found[0]


def _check_signing(pages: list[str], doc: ComposedDocument, where: str) -> None:
    """Each signer's role, Signature and Date labels and printed name read as one block."""
    copy = "A copy of this signed document was given to the client. Staff initials Date given"
    if not doc.signers:  # a page the client only initials
        _page_of(pages, copy)
        return
    signed = []
    for signer in doc.signers:
        block = f"{signer.label} Signature Date Printed name: {signer.printed_name}"
        signed.append(_page_of(pages, block))
    assert _page_of(pages, copy) == signed[-1], f"{where}: copy line alone on a page"
    if doc.attestation and doc.signers:
        attestation = _page_of(pages, f"{doc.attestation[-1]} {doc.signers[0].label}")
        assert attestation == signed[0], f"{where}: attestation parted from the first signature"


def _check_initials(pages: list[str], doc: ComposedDocument, where: str) -> None:
    """Each initialed clause's opening text and an Initials box are on the same page."""
    expected = [0] * len(pages)
    for section in doc.sections:
        for clause in section.clauses:
            if clause.initials:
                expected[_page_of(pages, (clause.paragraphs or clause.items)[0])] += 1
    found = [page.count("Initials") for page in pages]
    assert found == expected, f"{where}: Initials boxes per page {found}, clauses {expected}"


@pytest.mark.parametrize("client_id", CLIENTS)
def test_signing_blocks_and_initials_stay_together_in_pdf(client_id: str) -> None:
    for doc in example_packets()[client_id].documents:
        pages = pdf_pages(doc.pdf or b"")
        _check_signing(pages, doc.composed, f"{doc.composed.stem}.pdf")
        _check_initials(pages, doc.composed, f"{doc.composed.stem}.pdf")


@pytest.mark.parametrize(
    ("rule", "check"),
    [
        (".signer-role { break-after: page; }", _check_signing),
        (".needs-initials .clause-body p { break-after: page; }", _check_initials),
    ],
)
def test_the_checks_catch_a_split(tmp_path: Path, rule: str, check: Callable[..., None]) -> None:
    """A layout that parts a signer's label from the lines, or a clause from its box, fails."""
    (tmp_path / "layout").mkdir()
    css = TemplateSet().find("layout/print.css").read_text(encoding="utf-8")
    (tmp_path / "layout" / "print.css").write_text(f"{css}\n{rule}\n", encoding="utf-8")
    doc = next(d for d in example_packets()["CP-0001"].documents if d.composed.form_id == "KAP-FEE")
    pages = pdf_pages(render_pdf(doc.composed, TemplateSet(tmp_path), LayoutOptions()))
    with pytest.raises(AssertionError):
        check(pages, doc.composed, "split on purpose")


def test_personal_representative_signs_in_a_block_of_their_own(
    tmp_path: Path,
    write: Callable[..., Path],
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
) -> None:
    minor = {
        **client_data,
        "date_of_birth": "2010-03-04",
        "personal_representative": {
            "name": "Lena Bell",
            "relationship": "mother",
            "phone": "503-555-0111",
            "authority": "parent of a minor",
        },
    }
    practice_data["minors"] = {"states": ["OR"]}
    practice = load_practice(write(tmp_path, "practice.yaml", practice_data))
    client = load_clients(write(tmp_path, "client.yaml", minor), practice, today())[0]
    templates = TemplateSet()
    packet = build_packet(practice, client, templates, templates.document_defs(), {"pdf"})
    for doc in packet.documents:
        roles = [s.role for s in doc.composed.signers]
        assert "representative" in roles or "client" not in roles, doc.composed.form_id
        _check_signing(pdf_pages(doc.pdf or b""), doc.composed, f"{doc.composed.stem}.pdf")


def _convert_with_libreoffice(workdir: Path) -> tuple[str | None, dict[str, bytes]]:
    """Convert every example DOCX to PDF in one LibreOffice run.

    Return a problem (None when all went well) and client_stem → PDF bytes.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return (
            "LibreOffice (soffice) is not installed, so the Word output cannot be checked; "
            "run `make system-deps` (apt-get install libreoffice-writer-nogui)",
            {},
        )
    sources = []
    for client_id, packet in example_packets().items():
        for doc in packet.documents:
            path = workdir / f"{client_id}_{doc.composed.stem}.docx"
            path.write_bytes(doc.docx or b"")
            sources.append(path)
    profile = (workdir / "profile").as_uri()  # private, so parallel runs never share one
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    run = subprocess.run(
        [*command, "--convert-to", "pdf", "--outdir", str(workdir / "pdf"), *map(str, sources)],
        capture_output=True,
        timeout=600,
        check=False,
    )
    pdfs = {p.stem: p.read_bytes() for p in (workdir / "pdf").glob("*.pdf")}
    if run.returncode != 0:
        return f"soffice exited with {run.returncode}: {run.stderr.decode()[-2000:]}", pdfs
    return None, pdfs


@pytest.fixture(scope="module")
def word_pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str | None, dict[str, bytes]]:
    """Return (problem, client_stem → PDF) of every example DOCX as LibreOffice lays it out."""
    return _convert_with_libreoffice(tmp_path_factory.mktemp("libreoffice"))


@pytest.mark.slow
def test_libreoffice_opens_and_converts_every_document_type(
    word_pdfs: tuple[str | None, dict[str, bytes]],
) -> None:
    problem, pdfs = word_pdfs
    assert problem is None, problem
    packet = example_packets()["CP-0002"]
    assert len(packet.documents) == 10, "CP-0002 should have every document type"
    for doc in packet.documents:
        data = pdfs.get(f"CP-0002_{doc.composed.stem}")
        assert data, f"LibreOffice made no PDF of {doc.composed.stem}.docx"
        pages = pdf_pages(data)
        assert pages and "Priya Raman" in normalize(pages[0]), doc.composed.stem
        assert "Page 1 of" in normalize(pages[0]), doc.composed.stem


@pytest.mark.slow
@pytest.mark.parametrize("client_id", CLIENTS)
def test_signing_blocks_and_initials_stay_together_in_word(
    client_id: str, word_pdfs: tuple[str | None, dict[str, bytes]]
) -> None:
    problem, pdfs = word_pdfs
    assert problem is None, problem
    for doc in example_packets()[client_id].documents:
        where = f"{doc.composed.stem}.docx"
        pages = pdf_pages(pdfs[f"{client_id}_{doc.composed.stem}"])
        _check_running_text(pages, doc.composed, where)
        _check_signing(pages, doc.composed, where)
        _check_initials(pages, doc.composed, where)
        check_not_alone(pages, doc.composed, where)


# --- reproducible bytes and PDF variants ---


def _render_cli(out: Path, hash_seed: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "PYTHONHASHSEED": hash_seed}
    practice, clients = str(EXAMPLES / "practice.yaml"), str(EXAMPLES / "clients.yaml")
    command = [sys.executable, "-m", "kap_consent", "render", "--format", "pdf"]
    return subprocess.Popen(
        [*command, "--practice", practice, "--client", clients, "--out", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.mark.slow
def test_same_input_and_date_give_byte_identical_pdfs(tmp_path: Path) -> None:
    runs = [_render_cli(tmp_path / f"run{n}", seed) for n, seed in ((1, "1"), (2, "2"))]
    for run in runs:
        output, _ = run.communicate(timeout=600)
        assert run.returncode == 0, output.decode()
    first = sorted(p.relative_to(tmp_path / "run1") for p in (tmp_path / "run1").rglob("*.pdf"))
    second = sorted(p.relative_to(tmp_path / "run2") for p in (tmp_path / "run2").rglob("*.pdf"))
    documents = sum(len(p.documents) for p in example_packets().values())
    assert first == second and len(first) == documents + len(CLIENTS)  # and each packet.pdf
    for name in first:
        same = (tmp_path / "run1" / name).read_bytes() == (tmp_path / "run2" / name).read_bytes()
        assert same, f"{name} differs between two runs"


def _variant(variant: PdfVariant) -> pikepdf.Pdf:
    doc = next(d for d in example_packets()["CP-0001"].documents if d.composed.form_id == "KAP-IC")
    data = render_pdf(doc.composed, TemplateSet(), LayoutOptions(pdf_variant=variant))
    return pikepdf.open(io.BytesIO(data))


def test_pdf_a_3b_markers() -> None:
    with _variant("pdf/a-3b") as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "B")
        intents = pdf.Root.OutputIntents
        assert len(intents) >= 1 and intents[0].S == pikepdf.Name.GTS_PDFA1
        assert "/DestOutputProfile" in intents[0]


def test_pdf_ua_1_markers() -> None:
    with _variant("pdf/ua-1") as pdf:
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang).startswith("en")


# --- Word structure: running parts, fields, styles, numbering ---


def _style_of(paragraph: object) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")  # type: ignore[attr-defined]
    return None if style is None else str(style.get(f"{W}val"))


def _text_of(paragraph: object) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("client_id", CLIENTS)
def test_docx_running_header_and_footer(client_id: str) -> None:
    for doc in example_packets()[client_id].documents:
        document = docx.Document(io.BytesIO(doc.docx or b""))
        section = document.sections[0]
        header = normalize(" ".join(p.text for p in section.header.paragraphs))
        c = doc.composed
        for part in (c.practice_name, c.client_name, longdate(c.client_dob), c.client_id):
            assert part in header, f"{c.stem}.docx header lacks {part!r}"
        footer = section.footer._element
        codes = [normalize(t.text or "") for t in footer.iter(f"{W}instrText")]
        assert codes == ["PAGE", "NUMPAGES"], f"{c.stem}.docx footer fields {codes}"
        assert len(list(footer.iter(f"{W}fldChar"))) == 6  # begin, separate, end for each
        text = normalize(" ".join(p.text for p in section.footer.paragraphs))
        for part in (c.title, f"{c.form_id} v{c.version}", c.doc_id, "Facts as of", "Page"):
            assert part in text, f"{c.stem}.docx footer lacks {part!r}"


@pytest.mark.parametrize("client_id", CLIENTS)
def test_docx_headings_and_word_numbered_clauses(client_id: str) -> None:
    for doc in example_packets()[client_id].documents:
        c = doc.composed
        body = docx.Document(io.BytesIO(doc.docx or b"")).element.body
        by_style: dict[str | None, list[str]] = {}  # style ID → texts, table cells included
        for paragraph in body.iter(f"{W}p"):
            by_style.setdefault(_style_of(paragraph), []).append(normalize(_text_of(paragraph)))
        assert by_style.get("Heading1") == [c.title], c.stem
        assert by_style.get("Heading2") == [s.heading for s in c.sections], c.stem
        firsts = [normalize(k.paragraphs[0]) for s in c.sections for k in s.clauses if k.paragraphs]
        assert by_style.get("ListNumber") == firsts, f"{c.stem}: clauses not in List Number"
        typed = [t for t in by_style.get("ListNumber", []) if re.match(r"\d+[.)]\s", t)]
        assert not typed, f"{c.stem}: typed clause numbers {typed}"
