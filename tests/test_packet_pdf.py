"""packet.pdf of an archival or tagged packet conforms as each document does: the same catalog
entries (XMP metadata with the conformance claim, output intent, structure tree, language),
a structure entry for every page, and each document's own page numbers.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from kap_consent import LayoutOptions, TemplateSet, build_packet, load_clients, load_practice
from kap_consent.clock import today
from kap_consent.extract import pdf_pages
from kap_consent.output import PACKET_PDF

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CLAIMS = {"pdf/a-3b": "pdfaid:part", "pdf/ua-1": "pdfuaid:part"}


def _packet(variant: str) -> dict[str, bytes]:
    practice = load_practice(EXAMPLES / "practice.yaml")
    client = load_clients(EXAMPLES / "clients.yaml", practice, today())[0]
    templates = TemplateSet()
    defs = [d for d in templates.document_defs() if d.form_id in ("KAP-MED", "KAP-FEE")]
    options = LayoutOptions(pdf_variant=variant)  # type: ignore[arg-type]
    return build_packet(practice, client, templates, defs, {"pdf"}, options).files()


def _catalog(data: bytes) -> tuple[set[str], str, str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        metadata = root.Metadata.read_bytes().decode() if "/Metadata" in root else ""
        return set(root.keys()), metadata, str(root.get("/Lang", ""))


@pytest.mark.parametrize("variant", CLAIMS)
def test_packet_keeps_what_each_document_conforms_with(variant: str) -> None:
    files = _packet(variant)
    documents = [data for name, data in files.items() if name != PACKET_PDF]
    keys, metadata, lang = _catalog(files[PACKET_PDF])
    for data in documents:
        doc_keys, doc_metadata, doc_lang = _catalog(data)
        assert doc_keys <= keys
        assert CLAIMS[variant] in doc_metadata
        assert doc_lang == lang
    assert CLAIMS[variant] in metadata
    assert lang == "en"
    assert {"/StructTreeRoot", "/MarkInfo", "/Metadata"} <= keys
    if variant == "pdf/a-3b":
        assert "/OutputIntents" in keys


@pytest.mark.parametrize("variant", CLAIMS)
def test_every_page_of_the_packet_is_in_the_structure_tree(variant: str) -> None:
    files = _packet(variant)
    with pikepdf.open(io.BytesIO(files[PACKET_PDF])) as pdf:
        parents = [int(page.obj["/StructParents"]) for page in pdf.pages]
        numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
        keys = {int(numbers[i]) for i in range(0, len(numbers), 2)}
        assert len(set(parents)) == len(parents)
        assert set(parents) <= keys
    pages = pdf_pages(files[PACKET_PDF])
    counts = [len(pdf_pages(data)) for name, data in files.items() if name != PACKET_PDF]
    assert len(pages) == sum(counts) + 1  # the signing checklist is the last page
    assert "Signing checklist" in pages[-1]
    assert f"Page 1 of {counts[0]}" in pages[0]
    assert f"Page 1 of {counts[1]}" in pages[counts[0]]
