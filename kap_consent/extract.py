"""Read the text back out of rendered PDF and DOCX bytes, for checks and tests."""

from __future__ import annotations

import io
import re

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    from docx import Document

    body = Document(io.BytesIO(data)).element.body
    paragraphs = []
    for p in body.iter(f"{_W}p"):
        parts = []
        for node in p.iter(f"{_W}t", f"{_W}br", f"{_W}tab"):
            parts.append(
                node.text or "" if node.tag == f"{_W}t" else "\n" if node.tag == f"{_W}br" else "\t"
            )
        paragraphs.append("".join(parts))
    return [p for p in paragraphs if p.strip()]


def docx_text(data: bytes) -> str:
    """Return all the body text of a DOCX."""
    return "\n".join(docx_paragraphs(data))


def strip_numbering(text: str) -> str:
    """Remove clause numbers the PDF layout prints (Word numbers are not text)."""
    return re.sub(r"(?m)^\d+\. ", "", text)


def pdf_body_text(data: bytes, practice_name: str) -> str:
    """Return a PDF's text without the running header and footer of each page.

    WeasyPrint draws the page-margin boxes after the page body, and the header starts with the
    practice name, so each page's body ends at the last occurrence of that name.
    """
    # The header may wrap the name anywhere (a long client name squeezes it), so any
    # whitespace may stand between its characters.
    name = re.compile(r"\s*".join(re.escape(c) for c in practice_name if not c.isspace()))
    bodies = []
    for page in pdf_pages(data):
        cut = max((m.start() for m in name.finditer(page)), default=0)
        bodies.append(page[:cut] if cut > 0 else page)
    # A line that ends in a hyphen was broken inside a hyphenated word ("S-" / "ketamine").
    return re.sub(r"-\n(?=\S)", "-", "\n".join(bodies))
