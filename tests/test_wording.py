"""Wording rules read back from the rendered example packets.

Every fact a clause states is `checked` with a named source; the packet does not contradict
itself (support person, information sharing); it carries the topics real packets carry; it
opens with one page of key information and asks for few initials. And the wording files
themselves: read along the search path, clause overrides applied.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kap_consent import generate_packets
from kap_consent.errors import TemplateError
from kap_consent.extract import docx_text, normalize, pdf_pages, pdf_text
from kap_consent.facts import checked_sources, citation_problems, load_facts
from kap_consent.readability import score_document
from kap_consent.templating import TemplateSet
from kap_consent.wording import load_document_defs, search_path

from .packets import EXAMPLES, example_packets

FORMS = {"CP-0001": "troche", "CP-0002": "lozenge", "CP-0003": "rapid-dissolving tablet"}


def texts(client_id: str) -> dict[str, dict[str, str]]:
    """Return form ID → format → the document's whole text, whitespace folded."""
    return {
        d.composed.form_id: {
            "pdf": normalize(pdf_text(d.pdf or b"")),
            "docx": normalize(docx_text(d.docx or b"")),
        }
        for d in example_packets()[client_id].documents
    }


def each_text(client_id: str) -> list[tuple[str, str, str]]:
    return [(form, fmt, t) for form, by in texts(client_id).items() for fmt, t in by.items()]


# Loading


def test_definitions_in_packet_order_with_a_clause_override(tmp_path: Path) -> None:
    packaged = load_document_defs()
    clause = packaged[1].sections[0].clauses[0]
    override = tmp_path / "clauses" / packaged[1].form_id / f"{clause.id}.txt"
    override.parent.mkdir(parents=True)
    override.write_text("Our own words.", encoding="utf-8")
    changed = load_document_defs(tmp_path)
    assert [d.number for d in packaged] == sorted(d.number for d in packaged)
    assert changed[1].sections[0].clauses[0].text == "Our own words."
    assert changed[0] == packaged[0]
    assert search_path(tmp_path)[0] == tmp_path


def test_a_wording_file_named_for_another_form_is_refused(tmp_path: Path) -> None:
    source = EXAMPLES.parent / "templates/documents/KAP-IC.yaml"
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents/KAP-FEE.yaml").write_text(source.read_text(), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"KAP-FEE.yaml: form_id: is KAP-IC, but the file"):
        load_document_defs(tmp_path)


# Sourcing


def test_packaged_clauses_cite_only_checked_facts() -> None:
    assert citation_problems(TemplateSet().document_defs()) == []


def test_every_checked_fact_names_a_real_source() -> None:
    for fact in load_facts()["facts"]:
        if fact["status"] == "checked":
            assert "no source named" not in fact["source"], fact["id"]
            assert not fact["source"].startswith("FACTS.md"), fact["id"]
            assert "Secondary sources" not in fact["source"], fact["id"]


def test_a_clause_citing_an_unconfirmed_fact_is_refused(tmp_path: Path) -> None:
    doc = yaml.safe_load((EXAMPLES.parent / "templates/documents/KAP-IC.yaml").read_text())
    doc["sections"][0]["clauses"][0]["facts"] = ["acute-effect-duration"]
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents/KAP-IC.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        generate_packets(
            EXAMPLES / "practice.yaml",
            EXAMPLES / "clients.yaml",
            tmp_path / "out",
            templates_dir=tmp_path,
        )
    assert str(info.value) == (
        "KAP-IC clause roles/therapist-role cites fact 'acute-effect-duration', which is "
        "unconfirmed; only checked facts may be printed"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("client_id", sorted(FORMS))
def test_no_unsourced_or_wrong_statements(client_id: str) -> None:
    others = [f for f in FORMS.values() if f != FORMS[client_id]]
    for form, fmt, text in each_text(client_id):
        lowered = text.lower()
        assert "45 to 90" not in text and "drown" not in lowered, (form, fmt)
        assert "lamotrigine" not in lowered, (form, fmt)
        assert "3 to 4 times" not in text, (form, fmt)
        for other in others:
            assert other not in lowered, (form, fmt, other)


def test_sources_list_is_what_it_says() -> None:
    med = texts("CP-0001")["KAP-MED"]
    for fmt, text in med.items():
        for source in checked_sources():
            assert normalize(source) in text, (fmt, source)
        for name in ("Ketalar", "Spravato (esketamine) nasal spray, prescribing", "REMS"):
            assert name in text, (fmt, name)
        assert "64 FR 37673" in text and "October 10, 2023" in text
        assert "Selected studies about KAP" in text
        assert "These published sources support" not in text


def test_interactions_name_their_own_sources() -> None:
    for fmt, text in texts("CP-0002")["KAP-IC"].items():
        assert "The drug labels for ketamine and Spravato warn that alcohol, opioids" in text
        assert "Some studies, not the drug labels, found that taking benzodiazepines" in text, fmt


def test_spravato_limits_where_its_approval_is_named() -> None:
    for fmt, text in texts("CP-0002")["KAP-MED"].items():
        assert "August 3, 2020" in text
        assert "has not been shown to prevent suicide or to reduce thoughts or acts of" in text
        assert "Spravato is not approved for anyone under 18." in text, fmt


# One rule, stated the same way everywhere

SUPPORT_RULE = (
    "stays in the home for the whole session, close enough to hear you. You may be alone in a "
    "private room for the video call, but your support person checks on you in person about "
    "every 15 minutes. Your support person leaves only when the session is over and you are "
    "back to your usual self."
)
CONTRADICTIONS = (
    "stays with you in person",
    "stays with you the whole time",
    "with you in the room",
)


@pytest.mark.parametrize("client_id", ["CP-0002", "CP-0003"])
def test_support_person_rule_is_the_same_everywhere(client_id: str) -> None:
    docs = texts(client_id)
    for form in ("KAP-IC", "KAP-SAFE"):
        for fmt, text in docs[form].items():
            assert SUPPORT_RULE in text, (form, fmt)
    for fmt, text in docs["KAP-SUP"].items():
        assert "Stay in the home for the whole session" in text, fmt
        assert "Check on them in person about every 15 minutes." in text, fmt
        assert "Leave only when the session is over" in text and "usual self" in text, fmt
    for fmt, text in docs["KAP-TEL"].items():
        assert "stays in the home the whole time, even if the video drops" in text, fmt
    for form, fmt, text in each_text(client_id):
        for phrase in CONTRADICTIONS:
            assert phrase not in text, (form, fmt, phrase)


@pytest.mark.parametrize("client_id", sorted(FORMS))
def test_consent_and_authorization_agree_on_sharing(client_id: str) -> None:
    docs = texts(client_id)
    for fmt in ("pdf", "docx"):
        consent, roi = docs["KAP-IC"][fmt], docs["KAP-ROI"][fmt]
        assert "lets us share with your prescriber, without your signature" in consent
        assert "If you do not sign it, or you cancel it later, you can still have KAP" in consent
        assert "does not depend on whether I sign it or later revoke it" in roi
        assert "my therapist and my prescriber still share what the law allows for my" in roi
        assert "then tells my prescriber, so that sharing stops in both directions" in roi
        assert "will not refuse to treat me" not in roi
        assert "psychotherapy notes are never shared without a separate signed form" in consent
        assert "To share them, I would have to sign a separate form just for them." in roi


# The topics real packets carry


@pytest.mark.parametrize("client_id", sorted(FORMS))
def test_topics_real_packets_carry(client_id: str) -> None:
    consent = texts(client_id)["KAP-IC"]["pdf"]
    for phrase in (
        "you and your therapist agree on what touch, if any, is okay",
        "Touch is never sexual.",
        "unless you give separate written permission first",
        "A session can bring up upsetting experiences",
        "your therapist will not ask you to make plans or decisions",
        "Besides your own right to stop, your therapist may pause or end KAP",
        "You can stop KAP at any time",
        "Your prescriber may stop prescribing ketamine",
        "licensing board of a state where your therapist is licensed",
        "We gave you our Notice of Privacy Practices.",
    ):
        assert phrase in consent, phrase
    safe = texts(client_id)["KAP-SAFE"]["pdf"]
    office = client_id != "CP-0003"
    assert ("After an office session, you may not drive yourself home." in safe) == office


def test_good_faith_estimate_for_self_pay_only() -> None:
    assert "KAP-GFE" not in texts("CP-0001")  # insured for KAP
    for fmt, text in texts("CP-0002")["KAP-GFE"].items():
        assert "3 preparation sessions at $200 each $600" in text, fmt
        assert "4 dosing sessions at $550 each $2,200" in text, fmt
        assert "Total expected charges from Cedar Path Therapy $3,600" in text, fmt
        assert "Practice NPI 1649583204" in text and "Therapist NPI 1753026495" in text
        assert "Adaeze Okafor, MD, of Willamette Integrative Psychiatry, LLC: medical" in text
        assert "The pharmacy: your ketamine lozenges" in text
        assert "If our bill is $400 or more above this estimate" in text
        assert "within 120 days of the date on the bill" in text


# Easier to sign well


@pytest.mark.parametrize("client_id", sorted(FORMS))
def test_key_information_page_opens_the_packet_on_one_page(client_id: str) -> None:
    first = example_packets()[client_id].documents[0]
    assert first.composed.form_id == "KAP-KEY"
    assert len(pdf_pages(first.pdf or b"")) == 1
    assert score_document(first.composed).flesch_kincaid_grade <= 7.0
    assert sum(c.initials for s in first.composed.sections for c in s.clauses) == 1


def test_at_most_25_initials_in_the_fullest_packet() -> None:
    counts = {
        d.composed.form_id: sum(c.initials for s in d.composed.sections for c in s.clauses)
        for d in example_packets()["CP-0002"].documents
    }
    assert sum(counts.values()) <= 25, counts


NOT_INITIALED = ("Call 911", "Call or text 988")


@pytest.mark.parametrize("client_id", sorted(FORMS))
def test_no_initials_on_calling_911(client_id: str) -> None:
    for doc in example_packets()[client_id].documents:
        for section in doc.composed.sections:
            for clause in section.clauses:
                first = clause.paragraphs[0] if clause.paragraphs else ""
                if first.startswith(NOT_INITIALED):
                    assert not clause.initials, (doc.composed.form_id, clause.id)


@pytest.mark.parametrize("client_id", sorted(FORMS))
def test_no_guarantee_only_where_it_belongs(client_id: str) -> None:
    found = {
        form
        for form, fmt, text in each_text(client_id)
        if re.search(r"guarantee", text, re.IGNORECASE)
    }
    assert found <= {"KAP-KEY", "KAP-IC", "KAP-MED", "KAP-FEE"}, found
    assert {"KAP-IC", "KAP-MED", "KAP-FEE"} <= found
