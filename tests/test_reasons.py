"""One wording for validation errors, whichever file they come from."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kap_consent.content import DocumentDef
from kap_consent.errors import TemplateError
from kap_consent.reasons import WORDING_SPELLING, field_path, reasons
from kap_consent.wording import load_document_defs


def _reasons(data: object, spelling: str = WORDING_SPELLING) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        DocumentDef.model_validate(data)
    return [(field_path(loc), why) for loc, why in reasons(caught.value, DocumentDef, spelling)]


def test_missing_unknown_and_wrong_type_say_what_to_do() -> None:
    found = dict(_reasons({"form_id": "KAP-X", "titel": "x", "number": "one"}))
    assert found["version"] == "required field is missing; add it"
    assert found["titel"] == "unknown field; did you mean title?"
    assert found["number"].endswith("; write a whole number")


def test_an_unknown_field_without_a_near_name_gets_the_spelling_hint() -> None:
    found = dict(_reasons({"colour": "red"}, "check it"))
    assert found["colour"] == "unknown field; check it"


def test_a_wording_file_names_fields_as_the_linter_does(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents/KAP-IC.yaml").write_text("form_id: KAP-IC\ncolour: red\n")
    with pytest.raises(TemplateError) as caught:
        load_document_defs(tmp_path)
    message = str(caught.value)
    assert "KAP-IC.yaml: invalid wording file: " in message
    assert f"colour: unknown field; {WORDING_SPELLING}" in message
    assert "version: required field is missing; add it" in message
