"""The composed text: conditional documents, no empty values, no template leftovers."""

from __future__ import annotations

import re

import pytest

from kap_consent import TemplateSet, load_clients, load_practice
from kap_consent.compose import compose_document, is_included
from kap_consent.context import build_context
from kap_consent.errors import TemplateError

from .packets import EXAMPLES, example_packets

ALWAYS = {"KAP-KEY", "KAP-IC", "KAP-MED", "KAP-SAFE", "KAP-ROI", "KAP-FEE", "KAP-EMER"}


@pytest.mark.parametrize(
    ("client_id", "expected"),
    [
        ("CP-0001", ALWAYS),  # office only, insured: no support person, telehealth or estimate
        ("CP-0002", ALWAYS | {"KAP-SUP", "KAP-TEL", "KAP-GFE"}),  # office and home, video
        ("CP-0003", ALWAYS | {"KAP-SUP", "KAP-TEL", "KAP-GFE"}),  # home only
    ],
)
def test_documents_follow_the_plan(client_id: str, expected: set[str]) -> None:
    packet = example_packets()[client_id]
    assert {d.composed.form_id for d in packet.documents} == expected


def test_every_document_in_packet_order() -> None:
    numbers = [d.composed.stem for d in example_packets()["CP-0002"].documents]
    assert numbers == sorted(numbers)
    assert len(numbers) == 10
    assert numbers[0] == "00-key-information"


@pytest.mark.parametrize("client_id", ["CP-0001", "CP-0002", "CP-0003"])
def test_no_empty_values_or_leftover_syntax(client_id: str) -> None:
    for doc in example_packets()[client_id].documents:
        for text in doc.composed.body_text():
            assert text.strip(), f"{doc.composed.form_id}: empty paragraph"
            assert not re.search(r"\{\{|\}\}|\{%|%\}|\bNone\b|undefined", text), text
            assert "  " not in text.replace("\n", " ").replace(" \n", ""), text


def test_home_only_text_stays_out_of_office_packet() -> None:
    office = " ".join(
        t for d in example_packets()["CP-0001"].documents for t in d.composed.body_text()
    )
    assert "support person" not in office.lower() or "KAP-SUP" not in office
    assert "Tomas Ortega" not in office


def test_prescriber_numbers_only_from_protocol() -> None:
    """Dr. Okafor's packet prints her limits; Lindqvist has none, so his defers to him."""
    with_protocol = _text("CP-0002", "KAP-SAFE")
    without = _text("CP-0001", "KAP-SAFE")
    assert "your prescriber will tell you when to stop eating" in without.lower()
    assert "160/90" in with_protocol or ("160" in with_protocol and "90" in with_protocol)
    for number in ("160", "100 ", "4 hours", "24 hours"):
        assert number not in without, number


def test_document_ids_differ_per_client_and_are_stable() -> None:
    ids = {d.composed.doc_id for p in example_packets().values() for d in p.documents}
    assert len(ids) == sum(len(p.documents) for p in example_packets().values())
    assert all(re.fullmatch(r"[0-9A-F]{5}-[0-9A-F]{5}", i) for i in ids)


def test_missing_value_is_an_error_naming_it(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "clauses" / "KAP-FEE"
    folder.mkdir(parents=True)
    fees = next(d for d in TemplateSet().document_defs() if d.form_id == "KAP-FEE")
    clause = fees.sections[0].clauses[0].id
    (folder / f"{clause}.txt").write_text("Fee: {{ practice.no_such_field }}")
    practice = load_practice(EXAMPLES / "practice.yaml")
    from kap_consent.clock import today

    client = load_clients(EXAMPLES / "clients.yaml", practice, today())[0]
    templates = TemplateSet(tmp_path)
    doc = next(d for d in templates.document_defs() if d.form_id == "KAP-FEE")
    with pytest.raises(TemplateError, match="no_such_field"):
        compose_document(templates, doc, build_context(practice, client, today()))
    assert is_included(templates, doc, build_context(practice, client, today()))


def _text(client_id: str, form_id: str) -> str:
    doc = next(d for d in example_packets()[client_id].documents if d.composed.form_id == form_id)
    return " ".join(doc.composed.body_text())
