"""Why a value failed validation, in plain words with what to do: one wording for every file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from .shape import choices, field_annotation, model_at
from .suggest import did_you_mean, with_suggestion

SCHEMA_SPELLING = "check the spelling (`kap-consent schema` lists every field)"
"""What to do about an unknown field of a practice or client file."""
WORDING_SPELLING = "check the spelling against the packaged wording files"
"""What to do about an unknown field of a wording file."""
_DATE = "write a real date as YYYY-MM-DD"
_NUMBER = "write a number such as 250 or 99.50"
_HINTS = {
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_parsing": _DATE,
    "date_type": _DATE,
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "int_from_float": "write a whole number",
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "finite_number": _NUMBER,
    "greater_than": "check the number",
    "greater_than_equal": "check the number",
    "less_than_equal": "check the number",
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "string_type": "write text",
    "string_too_short": "fill it in, or leave the field out if it is optional",
    "string_pattern_mismatch": "use lowercase letters, digits, '-' or '_'",
    "literal_error": "use one of those",
    "list_type": "write a list (`[a, b]` or one `- item` per line)",
    "too_short": "add at least one",
    "model_type": "give this section's fields (`kap-consent schema` lists them)",
    "dict_type": "give this section's fields (`kap-consent schema` lists them)",
}
"""What to do, for pydantic's own messages (which say only what is wrong)."""


def field_path(loc: Sequence[int | str], prefix: str = "") -> str:
    """Return a location as a dotted path: `clients[1].plan.prescriber`."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(top level)"


def reasons(
    exc: ValidationError, model: type[BaseModel], spelling: str = SCHEMA_SPELLING
) -> list[tuple[tuple[int | str, ...], str]]:
    """Return (location, reason) for every error of a failed validation of `model`."""
    return [(tuple(e["loc"]), reason(e, model, spelling)) for e in exc.errors()]


def reason(error: Any, model: type[BaseModel], spelling: str = SCHEMA_SPELLING) -> str:
    """Return what is wrong with one value and what to do about it."""
    kind, loc = error["type"], error["loc"]
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        names = list(parent.model_fields) if parent is not None else []
        hint = did_you_mean(loc[-1], names) if loc else ""
        return f"unknown field; {hint or spelling}"
    if kind in ("string_too_long", "too_long"):
        return too_long_message(error)
    message = str(error["msg"]).removeprefix("Value error, ")
    message = f"{message}; {_HINTS[kind]}" if kind in _HINTS else message
    if kind == "literal_error":
        return with_suggestion(message, error["input"], choices(field_annotation(model, loc)) or ())
    return message


def too_long_message(error: Any) -> str:
    """Name the length of a too-long text or list and the limit it is over."""
    limit = error["ctx"]["max_length"]
    if error["type"] == "string_too_long":
        length = len(str(error["input"]).strip())
        return f"{length:,} characters is too long; at most {limit:,} (shorten it)"
    count = error["ctx"].get("actual_length") or len(error["input"])
    return f"{count:,} entries are too many; at most {limit:,} (remove some)"
