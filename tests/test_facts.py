"""The facts file is complete enough for review, and only checked references are printed."""

from __future__ import annotations

from kap_consent.facts import checked_references, load_facts

from .packets import example_packets


def test_every_fact_has_statement_source_date_and_status() -> None:
    facts = load_facts()["facts"]
    assert len(facts) > 20
    ids = [f["id"] for f in facts]
    assert len(ids) == len(set(ids))
    for fact in facts:
        assert fact["statement"] and fact["source"] and fact["checked"], fact["id"]
        assert fact["status"] in {"checked", "partly", "unconfirmed"}, fact["id"]


def test_only_checked_references_are_printed() -> None:
    references = load_facts()["references"]
    unchecked = [r["citation"] for r in references if r["status"] != "checked"]
    assert unchecked, "the file keeps unconfirmed references for review"
    text = " ".join(
        t
        for d in example_packets()["CP-0001"].documents
        if d.composed.form_id == "KAP-MED"
        for t in d.composed.body_text()
    )
    for citation in checked_references():
        assert citation in text
    for citation in unchecked:
        assert citation not in text


def test_dois_kept_where_known() -> None:
    assert sum("doi:10." in c for c in checked_references()) >= 3


def test_practice_can_replace_the_reference_list() -> None:
    from kap_consent import TemplateSet, load_clients, load_practice
    from kap_consent.clock import today
    from kap_consent.compose import compose_document
    from kap_consent.context import build_context

    from .packets import EXAMPLES

    practice = load_practice(EXAMPLES / "practice.yaml")
    own = practice.model_copy(update={"references": ["Our own reading list, 2026 edition."]})
    client = load_clients(EXAMPLES / "clients.yaml", practice, today())[0]
    templates = TemplateSet()
    med = next(d for d in templates.document_defs() if d.form_id == "KAP-MED")
    text = compose_document(templates, med, build_context(own, client, today())).body_text()
    assert "Our own reading list, 2026 edition." in text
    assert not any(c in text for c in checked_references())
