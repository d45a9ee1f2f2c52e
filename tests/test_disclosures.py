"""Required disclosures: present in both formats, and a packet missing one is never written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kap_consent import TemplateError, generate_packets
from kap_consent.disclosures import missing_disclosures, registry, required_disclosures
from kap_consent.extract import docx_text, pdf_body_text
from kap_consent.templating import TemplateSet

from .packets import EXAMPLES, example_packets

MINIMUM = {
    "KAP-MED": {
        "racemic-not-esketamine",
        "spravato-not-offered",
        "anesthetic-only-off-label",
        "compounded-not-approved",
        "fda-warning-2023",
        "schedule-iii",
        "no-guarantee",
    },
    "KAP-IC": {"therapist-does-not-prescribe", "right-to-withdraw", "no-guarantee"},
    "KAP-SAFE": {
        "no-driving-next-day",
        "water-hazards",
        "never-dose-alone",
        "locked-storage",
        "no-sharing",
        "take-back-disposal",
        "call-911",
        "call-988",
    },
    "KAP-ROI": {
        "hipaa-description",
        "hipaa-disclosing-party",
        "hipaa-receiving-party",
        "hipaa-purpose",
        "hipaa-expiration",
        "hipaa-revocation",
        "hipaa-conditioning",
        "hipaa-redisclosure",
        "hipaa-copy",
        "hipaa-psychotherapy-notes",
    },
}


def test_registry_covers_the_minimum() -> None:
    ids = {form: {d.id for d in entries} for form, entries in registry().items()}
    for form, required in MINIMUM.items():
        assert required <= ids[form], required - ids[form]


@pytest.mark.parametrize("client_id", ["CP-0001", "CP-0002", "CP-0003"])
def test_every_disclosure_in_both_formats(client_id: str) -> None:
    for doc in example_packets()[client_id].documents:
        entries = [d for d in registry()[doc.composed.form_id] if d.when is None]
        pdf = pdf_body_text(doc.pdf or b"", doc.composed.practice_name)
        assert missing_disclosures(pdf, entries) == []
        assert missing_disclosures(docx_text(doc.docx or b""), entries) == []


def test_override_removing_a_disclosure_is_refused(tmp_path: Path) -> None:
    clauses = tmp_path / "templates" / "clauses" / "KAP-MED"
    clauses.mkdir(parents=True)
    spravato = next(
        c.id
        for s in _med_sections()
        for c in s.clauses
        if "not offer" in c.text.lower() or "does not offer" in c.text.lower()
    )
    (clauses / f"{spravato}.txt").write_text("We are glad to help you.")
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as caught:
        generate_packets(
            EXAMPLES / "practice.yaml",
            EXAMPLES / "clients.yaml",
            out,
            documents=["KAP-MED"],
            templates_dir=tmp_path / "templates",
        )
    assert "KAP-MED (PDF) is missing required disclosure(s): spravato-not-offered" in str(
        caught.value
    )
    assert not out.exists()


def _med_sections():
    from kap_consent import TemplateSet

    return next(d for d in TemplateSet().document_defs() if d.form_id == "KAP-MED").sections


def test_required_disclosures_follow_their_when_for_this_client() -> None:
    templates = TemplateSet()
    emer = next(d for d in templates.document_defs() if d.form_id == "KAP-EMER")
    at_office: dict[str, object] = {
        "plan": {"has_home": False, "is_remote": False},
        "client": {"support_person": None},
    }
    at_home: dict[str, object] = {
        "plan": {"has_home": True, "is_remote": True},
        "client": {"support_person": "Ann"},
    }
    office = required_disclosures(emer, templates, at_office)
    home = required_disclosures(emer, templates, at_home)
    assert "home-session-address" not in {d.id for d in office}
    assert "home-session-address" in {d.id for d in home}
    assert len(home) == len(registry()["KAP-EMER"])
