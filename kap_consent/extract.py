"""Read the text back out of rendered PDF and DOCX bytes, for checks and tests."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAIN_PART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def normalize(text: str) -> str:
    """Collapse whitespace and straighten quotes so patterns match across formats."""
    return " ".join(text.translate(_QUOTES).split())


def pdf_pages(data: bytes) -> list[str]:
    """Return the text of each page of a PDF."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """Return all the text of a PDF."""
    return "\n".join(pdf_pages(data))


def docx_paragraphs(data: bytes) -> list[str]:
    """Return the body paragraphs of a DOCX (tables included), in document order."""
    body = _docx_body(data)
    paragraphs = []
    for p in body.iter(f"{_W}p"):
        parts = []
        for node in p.iter(f"{_W}t", f"{_W}br", f"{_W}tab"):
            parts.append(
                node.text or "" if node.tag == f"{_W}t" else "\n" if node.tag == f"{_W}br" else "\t"
            )
        paragraphs.append("".join(parts))
    return [p for p in paragraphs if p.strip()]


def _docx_body(data: bytes) -> Any:
    """Parse only the main document part, as python-docx would, and return its body."""
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        rels = etree.fromstring(package.read("_rels/.rels"), parser)
        target = next(r.get("Target") for r in rels if r.get("Type") == _MAIN_PART)
        root = etree.fromstring(package.read(target.lstrip("/")), parser)
    return root.find(f"{_W}body")


def docx_text(data: bytes) -> str:
    """Return all the body text of a DOCX."""
    return "\n".join(docx_paragraphs(data))


def strip_numbering(text: str) -> str:
    """Remove clause numbers the PDF layout prints (Word numbers are not text)."""
    return re.sub(r"(?m)^\d+\. ", "", text)


def pdf_body_text(data: bytes, practice_name: str) -> str:
    """Return a PDF's text without the running header and footer of each page.

    WeasyPrint draws the page-margin boxes after the page body, the header first, so each
    page's body ends at the first text drawn above all the text before it. Matching the practice
    name instead would fail whenever its text does not read back exactly (a ligature, a mark, a
    right-to-left name) and could cut the body where the name also appears in it; it remains
    the fallback for a layout without a header.
    """
    from pypdf import PdfReader

    bodies = []
    for page in PdfReader(io.BytesIO(data)).pages:
        text, fragments = _fragments(page)
        body = _above_the_header(fragments)
        bodies.append(body if body is not None else _before_name(text, practice_name))
    # A line that ends in a hyphen was broken inside a hyphenated word ("S-" / "ketamine").
    return re.sub(r"-\n(?=\S)", "-", "\n".join(bodies))


def _fragments(page: Any) -> tuple[str, list[tuple[float, str]]]:
    """Return a page's text and its pieces, in drawing order, each with its height on the page."""
    fragments: list[tuple[float, str]] = []

    def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
        fragments.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

    return page.extract_text(visitor_text=visit), fragments


def _above_the_header(fragments: list[tuple[float, str]]) -> str | None:
    """Return the text drawn before the first fragment that is higher than all before it."""
    top: float | None = None
    for index, (y, text) in enumerate(fragments):
        if not text.strip():
            continue
        if top is not None and y > top + 1:
            return "".join(text for _, text in fragments[:index])
        top = y if top is None else max(top, y)
    return None


def _before_name(page: str, practice_name: str) -> str:
    """Return a page's text before the last occurrence of the practice name (any wrapping)."""
    name = re.compile(r"\s*".join(re.escape(c) for c in practice_name if not c.isspace()))
    cut = max((m.start() for m in name.finditer(page)), default=0)
    return page[:cut] if cut > 0 else page
