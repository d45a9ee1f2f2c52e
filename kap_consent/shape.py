"""The shape of a model's fields: nested sections, lists and fixed choices, read from types."""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel


def unwrap(annotation: Any) -> Any:
    """Return the type inside `Annotated[...]` and `X | None`."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            inner = [a for a in get_args(annotation) if a is not type(None)]
            if len(inner) != 1:
                return annotation
            annotation = inner[0]
        else:
            return annotation


def as_model(annotation: Any) -> type[BaseModel] | None:
    """Return the model class a field holds, if it holds a model."""
    annotation = unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def list_item(annotation: Any) -> Any | None:
    """Return the item type of a list field, or None for any other field."""
    annotation = unwrap(annotation)
    return unwrap(get_args(annotation)[0]) if get_origin(annotation) is list else None


def choices(annotation: Any) -> tuple[str, ...] | None:
    """Return the allowed values of a fixed-choice (Literal) text field."""
    annotation = unwrap(annotation)
    if get_origin(annotation) is Literal and all(isinstance(a, str) for a in get_args(annotation)):
        return tuple(get_args(annotation))
    return None


def is_bool(annotation: Any) -> bool:
    """Return whether a field holds true or false."""
    return unwrap(annotation) is bool


def model_at(model: type[BaseModel], loc: Sequence[int | str]) -> type[BaseModel] | None:
    """Return the model found at a field location (`('plan',)` → TreatmentPlan), if any."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None or isinstance(part, int):
            continue  # list indexes were consumed with their list field
        info = current.model_fields.get(part)
        if info is None:
            return None
        item = list_item(info.annotation)
        current = as_model(item if item is not None else info.annotation)
    return current


def field_annotation(model: type[BaseModel], loc: Sequence[int | str]) -> Any | None:
    """Return the declared type of the field at `loc` (list items for a trailing index)."""
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return None
    parent = model_at(model, loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))])
    info = parent.model_fields.get(names[-1]) if parent is not None else None
    if info is None:
        return None
    if isinstance(loc[-1], int):
        return list_item(info.annotation)
    return info.annotation
