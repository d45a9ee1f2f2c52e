"""The wording hash and the printed version: packaged text keeps `1.0`, any change shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kap_consent import TemplateSet, load_clients, load_practice
from kap_consent.clock import today
from kap_consent.compose import compose_document
from kap_consent.context import build_context
from kap_consent.fingerprint import layout_hash, printed_version, wording_hash
from kap_consent.templating import packaged_dir

from .packets import EXAMPLES

LOCAL = re.compile(r"^\d+\.\d+\+local\.[0-9a-f]{8}$")
OWN = {d.form_id: d.version for d in TemplateSet().document_defs()}
"""Each packaged form's own version, as its wording file gives it."""
THERAPIST_ROLE = "roles/therapist-role"


def versions(folder: Path | None) -> dict[str, str]:
    templates = TemplateSet(folder)
    return {d.form_id: printed_version(templates, d) for d in templates.document_defs()}


def clause(folder: Path, form_id: str, clause_id: str, text: str) -> Path:
    path = folder / "clauses" / form_id / f"{clause_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return folder


def packaged_clause(form_id: str, ref: str) -> str:
    doc = next(d for d in TemplateSet().document_defs() if d.form_id == form_id)
    section_id, clause_id = ref.split("/")
    section = next(s for s in doc.sections if s.id == section_id)
    return next(c.text for c in section.clauses if c.id == clause_id)


def test_packaged_forms_print_their_own_version() -> None:
    assert versions(None) == OWN
    assert len(OWN) >= 8


def test_empty_override_folder_changes_nothing(tmp_path: Path) -> None:
    assert versions(tmp_path) == versions(None)


def test_same_text_wrapped_differently_is_not_a_change(tmp_path: Path) -> None:
    text = packaged_clause("KAP-IC", THERAPIST_ROLE)
    rewrapped = "\n".join(text.split()) + "\n\n\n"
    clause(tmp_path, "KAP-IC", "therapist-role", rewrapped)
    assert versions(tmp_path) == versions(None)


def test_clause_override_marks_only_its_form(tmp_path: Path) -> None:
    clause(tmp_path, "KAP-IC", "therapist-role", "Your therapist is {{ therapist.name }}.")
    found = versions(tmp_path)
    assert found["KAP-IC"].startswith(f"{OWN['KAP-IC']}+local."), found["KAP-IC"]
    assert LOCAL.match(found["KAP-IC"]), found["KAP-IC"]
    assert {k: v for k, v in found.items() if k != "KAP-IC"} == {
        k: v for k, v in OWN.items() if k != "KAP-IC"
    }


def test_two_different_texts_never_share_a_version(tmp_path: Path) -> None:
    one = clause(tmp_path / "one", "KAP-FEE", "no-guarantee", "No outcome is guaranteed.")
    two = clause(tmp_path / "two", "KAP-FEE", "no-guarantee", "No outcome is guaranteed!")
    assert versions(one)["KAP-FEE"] != versions(two)["KAP-FEE"]
    assert LOCAL.match(versions(one)["KAP-FEE"])
    assert LOCAL.match(versions(two)["KAP-FEE"])


def test_document_override_with_its_own_version(tmp_path: Path) -> None:
    source = (packaged_dir() / "documents" / "KAP-FEE.yaml").read_text(encoding="utf-8")
    (tmp_path / "documents").mkdir()
    bumped = re.sub(r'(?m)^version: ".*"$', 'version: "9.0"', source)
    (tmp_path / "documents" / "KAP-FEE.yaml").write_text(bumped, encoding="utf-8")
    assert re.match(r"^9\.0\+local\.[0-9a-f]{8}$", versions(tmp_path)["KAP-FEE"])
    (tmp_path / "documents" / "KAP-FEE.yaml").write_text(source, encoding="utf-8")
    assert versions(tmp_path)["KAP-FEE"] == OWN["KAP-FEE"]


@pytest.mark.parametrize("layout", ["layout/print.css", "layout/document.html.j2"])
def test_pdf_layout_override_marks_every_form(tmp_path: Path, layout: str) -> None:
    (tmp_path / "layout").mkdir()
    shutil.copy(packaged_dir() / layout, tmp_path / layout)
    assert versions(tmp_path) == versions(None)
    with (tmp_path / layout).open("a", encoding="utf-8") as handle:
        handle.write("\n/* larger margins */\n" if layout.endswith(".css") else "\n")
    found = versions(tmp_path)
    assert all(LOCAL.match(v) for v in found.values()), found
    assert len(set(found.values())) == len(OWN)


def test_word_layout_override_marks_every_form(tmp_path: Path) -> None:
    (tmp_path / "layout").mkdir()
    (tmp_path / "layout" / "document.docx").write_bytes(b"any Word layout of the practice")
    assert all(LOCAL.match(v) for v in versions(tmp_path).values())


def test_wording_hash_follows_wording_not_layout(tmp_path: Path) -> None:
    packaged = {d.form_id: wording_hash(d) for d in TemplateSet().document_defs()}
    (tmp_path / "layout").mkdir()
    (tmp_path / "layout" / "print.css").write_text("body { margin: 0 }", encoding="utf-8")
    relaid = TemplateSet(tmp_path)
    assert {d.form_id: wording_hash(d) for d in relaid.document_defs()} == packaged
    assert layout_hash(relaid) != layout_hash(TemplateSet())
    clause(tmp_path, "KAP-IC", "therapist-role", "Your therapist is {{ therapist.name }}.")
    reworded = {d.form_id: wording_hash(d) for d in TemplateSet(tmp_path).document_defs()}
    assert [k for k in packaged if reworded[k] != packaged[k]] == ["KAP-IC"]
    assert re.fullmatch(r"[0-9a-f]{64}", reworded["KAP-IC"])


def test_composed_document_prints_the_local_version_and_a_new_id(tmp_path: Path) -> None:
    practice = load_practice(EXAMPLES / "practice.yaml")
    client = load_clients(EXAMPLES / "clients.yaml", practice, today())[0]
    context = build_context(practice, client, today())
    clause(tmp_path, "KAP-IC", "therapist-role", "Your therapist is {{ therapist.name }}.")
    before, after = (
        compose_document(t, next(d for d in t.document_defs() if d.form_id == "KAP-IC"), context)
        for t in (TemplateSet(), TemplateSet(tmp_path))
    )
    assert before.version == OWN["KAP-IC"]
    assert after.version == versions(tmp_path)["KAP-IC"]
    assert before.doc_id != after.doc_id
