"""The PDF and the DOCX of a document carry the same text, in the same order.

Whitespace is ignored: a PDF's text comes back with its line breaks wherever the line wrapped.
"""

from __future__ import annotations

import pytest

from kap_consent.extract import docx_text, normalize, pdf_body_text, strip_numbering

from .packets import example_packets


def _squash(text: str) -> str:
    return "".join(normalize(text).split())


def _positions(haystack: str, needles: list[str]) -> list[int]:
    positions, start = [], 0
    for needle in needles:
        found = haystack.find(needle, start)
        assert found >= 0, f"missing or out of order: {needle[:80]!r}"
        positions.append(found)
        start = found + len(needle)
    return positions


@pytest.mark.parametrize("client_id", ["CP-0001", "CP-0002", "CP-0003"])
def test_pdf_and_docx_carry_the_same_text(client_id: str) -> None:
    for doc in example_packets()[client_id].documents:
        expected = [_squash(t) for t in doc.composed.body_text()]
        pdf = _squash(strip_numbering(pdf_body_text(doc.pdf or b"", doc.composed.practice_name)))
        word = _squash(docx_text(doc.docx or b""))
        _positions(pdf, expected)
        _positions(word, expected)
