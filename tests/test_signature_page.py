"""The signature block never stands alone: its page also carries the end of the last clause.

Checked on the example documents, and on a document whose last clause a practice override
lengthens step by step, so that with the old layout the block would fall alone on a new page.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kap_consent import LayoutOptions, TemplateSet, load_clients, load_practice
from kap_consent.clock import today
from kap_consent.compose import ComposedClause, ComposedDocument, compose_document, is_included
from kap_consent.content import DocumentDef
from kap_consent.context import Context, build_context
from kap_consent.extract import normalize, pdf_pages
from kap_consent.render.docx import render_docx
from kap_consent.render.pdf import render_pdf

from .packets import EXAMPLES, FIXED_EPOCH, layout_packets

FILLER = "This sentence is here only to make the clause longer, so that it reaches further down."
OLD_LAYOUT = ".signing { break-before: auto; } .clause.last-clause { break-inside: avoid; }"
"""The rules before this fix: the block moved to a new page on its own when it did not fit."""
STEPS = range(0, 32, 2)
"""Numbers of filler paragraphs: the clause grows by more than a page, in small steps."""


def _squash(text: str) -> str:
    return "".join(normalize(text).split())


def last_clause_tail(doc: ComposedDocument) -> str:
    """Return the last words the last clause prints (whitespace removed)."""
    clause = doc.sections[-1].clauses[-1]
    row = clause.rows[-1] if clause.rows else None
    texts = [*clause.paragraphs, *clause.items, *([row.value or row.label] if row else [])]
    return _squash(texts[-1])[-30:]


COPY_GIVEN = "A copy of this signed document was given to the client."


def signature_page(pages: list[str], doc: ComposedDocument) -> int:
    """Return the index of the page where the signing block starts (the copy line if no signer)."""
    if doc.signers:
        first = doc.signers[0]
        block = _squash(f"{first.label} Signature Date Printed name: {first.printed_name}")
    else:
        block = _squash(COPY_GIVEN)
    found = [i for i, page in enumerate(pages) if block in _squash(page)]
    assert found, f"{doc.form_id}: no page has the start of the signing block"
    return found[0]


def check_not_alone(pages: list[str], doc: ComposedDocument, where: str) -> None:
    """Fail when the page with the signature lines does not also end the last clause."""
    page = signature_page(pages, doc)
    assert last_clause_tail(doc) in _squash(pages[page]), (
        f"{where}: the signature lines are on page {page + 1} without the last clause"
    )


@pytest.mark.parametrize(
    "options",
    [LayoutOptions(), LayoutOptions(paper="a4"), LayoutOptions(large_print=True)],
    ids=["letter", "a4", "large-print"],
)
def test_every_example_signature_page_carries_clause_text(options: LayoutOptions) -> None:
    for client_id, packet in layout_packets(options).items():
        for doc in packet.documents:
            where = f"{client_id} {doc.composed.stem}.pdf"
            check_not_alone(pdf_pages(doc.pdf or b""), doc.composed, where)


@functools.cache
def _example() -> tuple[Context, DocumentDef, ComposedClause]:
    """Return the first example client, its shortest document and that document's last clause."""
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    practice = load_practice(EXAMPLES / "practice.yaml")
    client = load_clients(EXAMPLES / "clients.yaml", practice, today())[0]
    context = build_context(practice, client, today())
    templates = TemplateSet()
    included = [d for d in templates.document_defs() if is_included(templates, d, context)]
    composed = [compose_document(templates, d, context) for d in included]
    sizes = [len(" ".join(c.body_text())) for c in composed]
    index = sizes.index(min(sizes))
    shortest, last = included[index], composed[index].sections[-1].clauses[-1]
    return context, shortest, last


def _lengthened(
    tmp_path: Path, paragraphs: int, css: str = ""
) -> tuple[ComposedDocument, TemplateSet]:
    """Compose the shortest example document with its last clause lengthened by an override."""
    context, target, last = _example()
    folder = tmp_path / f"n{paragraphs}"
    clause_file = folder / "clauses" / target.form_id / f"{last.id}.txt"
    clause_file.parent.mkdir(parents=True)
    original = "\n\n".join(last.paragraphs) or FILLER
    clause_file.write_text("\n\n".join([original, *[FILLER] * paragraphs]), encoding="utf-8")
    if css:
        (folder / "layout").mkdir()
        packaged = TemplateSet().find("layout/print.css").read_text(encoding="utf-8")
        (folder / "layout" / "print.css").write_text(packaged + css, encoding="utf-8")
    templates = TemplateSet(folder)
    overridden = next(d for d in templates.document_defs() if d.form_id == target.form_id)
    return compose_document(templates, overridden, context), templates


def _alone(pages: list[str], doc: ComposedDocument) -> bool:
    return last_clause_tail(doc) not in _squash(pages[signature_page(pages, doc)])


def test_a_lengthened_last_clause_takes_its_end_to_the_signature_page(tmp_path: Path) -> None:
    old_alone, new_counts = [], []
    for n in STEPS:
        doc, templates = _lengthened(tmp_path / "old", n, OLD_LAYOUT)
        old_alone.append(_alone(pdf_pages(render_pdf(doc, templates, LayoutOptions())), doc))
        doc, templates = _lengthened(tmp_path / "new", n)
        pages = pdf_pages(render_pdf(doc, templates, LayoutOptions()))
        check_not_alone(pages, doc, f"{doc.form_id} with {n} more paragraphs")
        new_counts.append(len(pages))
    assert any(old_alone), "no step would have left the signatures alone: lengthen differently"
    assert len(set(new_counts)) > 1, "the steps never crossed a page break"


@pytest.mark.slow
def test_a_lengthened_last_clause_keeps_with_the_signatures_in_word(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: run `make system-deps`"
    docs = {}
    for n in STEPS:
        doc, templates = _lengthened(tmp_path / "docx", n)
        path = tmp_path / f"lengthened-{n:02d}.docx"
        path.write_bytes(render_docx(doc, templates, LayoutOptions()))
        docs[path.stem] = doc
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless"]
    sources = sorted(str(tmp_path / f"{stem}.docx") for stem in docs)
    subprocess.run(
        [*command, "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *sources],
        capture_output=True,
        timeout=600,
        check=True,
    )
    counts = set()
    for stem, doc in docs.items():
        pages = pdf_pages((tmp_path / "pdf" / f"{stem}.pdf").read_bytes())
        check_not_alone(pages, doc, f"{stem}.docx through LibreOffice")
        counts.add(len(pages))
    assert len(counts) > 1, "the steps never crossed a page break"
