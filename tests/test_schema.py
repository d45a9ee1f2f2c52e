"""The JSON Schemas editors use: they accept the documented file shapes and declare themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kap_consent.readers import read_data
from kap_consent.schema import DIALECT, json_schema


def validator(kind: str) -> Draft202012Validator:
    schema = json_schema(kind)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("kind", ["practice", "client"])
def test_schema_declares_dialect_and_id(kind: str) -> None:
    schema = json_schema(kind)
    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:kap-consent:schema:{kind}"


def test_client_schema_accepts_the_example_clients_list(examples: Path) -> None:
    data = read_data(examples / "clients.yaml")
    assert set(data) == {"clients"}
    assert list(validator("client").iter_errors(data)) == []


def test_client_schema_accepts_one_client_and_a_bare_list(client_data: dict[str, Any]) -> None:
    check = validator("client")
    assert check.is_valid(client_data)
    assert check.is_valid([client_data, {**client_data, "id": "CP-0002"}])


def test_client_schema_rejects_what_the_loader_rejects(client_data: dict[str, Any]) -> None:
    check = validator("client")
    assert not check.is_valid({"clients": []})
    assert not check.is_valid({"clients": [client_data], "practice": "x"})
    assert not check.is_valid({"clients": [{**client_data, "colour": "red"}]})
    assert not check.is_valid({**client_data, "plan": {**client_data["plan"], "settings": "x"}})


def test_practice_schema_accepts_the_example_practice(examples: Path) -> None:
    assert list(validator("practice").iter_errors(read_data(examples / "practice.yaml"))) == []


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown schema kind 'roster'"):
        json_schema("roster")
