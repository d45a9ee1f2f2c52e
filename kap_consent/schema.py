"""JSON Schemas of the input files, for editors: a practice file, and a client file.

A client file holds one client or a list under `clients:` (or a bare list); the client
schema accepts all three, as the loader does.
"""

from __future__ import annotations

from typing import Any

from .models import Client, Practice

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("practice", "client")


def schema_id(kind: str) -> str:
    """Return the schema's `$id`: a URN, because the schemas are not published at a URL."""
    return f"urn:kap-consent:schema:{kind}"


def json_schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of a `practice` or `client` file."""
    if kind == "practice":
        return {"$schema": DIALECT, "$id": schema_id(kind), **Practice.model_json_schema()}
    if kind == "client":
        return _client_file_schema()
    raise ValueError(f"unknown schema kind {kind!r}")


def _client_file_schema() -> dict[str, Any]:
    client = Client.model_json_schema()
    defs = client.pop("$defs", {})
    defs["Client"] = client
    one = {"$ref": "#/$defs/Client"}
    many = {"type": "array", "items": one, "minItems": 1}
    return {
        "$schema": DIALECT,
        "$id": schema_id("client"),
        "title": "Client file",
        "description": "One client, or a list of clients under `clients:`.",
        "anyOf": [
            one,
            {
                "type": "object",
                "properties": {"clients": many},
                "required": ["clients"],
                "additionalProperties": False,
            },
            many,
        ],
        "$defs": defs,
    }
