"""Whole-document output matches the reviewed golden text (run `make golden` to accept changes)."""

from __future__ import annotations

from .golden import GOLDEN, golden_texts


def test_documents_match_golden_text() -> None:
    expected = golden_texts()
    on_disk = set(GOLDEN.glob("*/*.txt"))
    assert on_disk == set(expected), "documents added or removed: run `make golden`"
    for path, text in expected.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} changed: run `make golden`"
