"""The document list: initials boxes counted per document, conditional ones as "up to"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kap_consent.catalog import InitialsCount, count_initials, list_documents
from kap_consent.content import DocumentDef


def _document(form_id: str, sections: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "form_id": form_id,
        "number": 42,
        "slug": "test",
        "title": "Test form",
        "version": "1.0",
        "facts_as_of": "2026-11-20",
        "signers": ["client", "support_person"],
        "sections": sections,
    }


CONDITIONAL = _document(
    "KAP-TEST",
    [
        {
            "id": "always",
            "heading": "Always",
            "clauses": [
                {"id": "a", "text": "Initialed.", "initials": True},
                {"id": "b", "text": "Not initialed."},
                {"id": "c", "text": "Only with home sessions.", "initials": True, "when": "x"},
            ],
        },
        {
            "id": "sometimes",
            "heading": "Sometimes",
            "when": "plan.has_home",
            "clauses": [{"id": "d", "text": "In a conditional section.", "initials": True}],
        },
    ],
)


def test_conditional_clauses_and_sections_count_as_up_to() -> None:
    count = count_initials(DocumentDef.model_validate(CONDITIONAL))
    assert count == InitialsCount(always=1, conditional=2)
    assert str(count) == "up to 3"


def test_fixed_and_zero_counts_print_as_numbers() -> None:
    assert str(InitialsCount(always=2, conditional=0)) == "2"
    assert str(InitialsCount(always=0, conditional=0)) == "0"
    assert str(InitialsCount(always=0, conditional=1)) == "up to 1"


def test_list_documents_counts_an_override_folders_document(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()
    text = yaml.safe_dump(CONDITIONAL, sort_keys=False)
    (tmp_path / "documents" / "KAP-TEST.yaml").write_text(text, encoding="utf-8")
    entry = next(e for e in list_documents(tmp_path) if e.form_id == "KAP-TEST")
    assert (entry.signers, entry.included_when, str(entry.initials)) == (
        ("client", "support_person"),
        None,
        "up to 3",
    )
