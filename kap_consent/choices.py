"""Fixed-choice values are matched ignoring case and extra spaces: `Troche` means `troche`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .shape import as_model, choices, list_item


def normalize_choices(model: type[BaseModel], data: Any) -> Any:
    """Return `data` with each fixed-choice value spelled as the model spells it.

    Only values that differ from a choice in case or spacing change; anything else is left
    for validation to report.
    """
    if not isinstance(data, dict):
        return data
    fixed = dict(data)
    for name, value in data.items():
        info = model.model_fields.get(name) if isinstance(name, str) else None
        if info is not None:
            fixed[name] = _normalize_value(info.annotation, value)
    return fixed


def _normalize_value(annotation: Any, value: Any) -> Any:
    allowed = choices(annotation)
    if allowed is not None:
        return match_choice(value, allowed)
    nested = as_model(annotation)
    if nested is not None:
        return normalize_choices(nested, value)
    item = list_item(annotation)
    if item is not None and isinstance(value, list):
        return [_normalize_value(item, v) for v in value]
    return value


def match_choice(value: Any, allowed: tuple[str, ...]) -> Any:
    """Return the allowed spelling of `value` when it differs only in case or spacing."""
    if not isinstance(value, str):
        return value
    folded = " ".join(value.split()).casefold()
    return next((choice for choice in allowed if choice.casefold() == folded), value)
