"""Describe model fields by the docstring written under each, reading each source file once.

Pydantic can do this itself (`use_attribute_docstrings`), but it finds and tokenizes each
class's source on its own, which took about 40 ms of every command that loads the models.
Models that use this are built lazily (`defer_build`), so the descriptions are in place
before their first validation or JSON Schema.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import sys
from functools import cache

from pydantic import BaseModel


def describe_fields(module_name: str) -> None:
    """Give each field of the models defined in `module_name` the docstring under it."""
    models = [v for v in vars(sys.modules[module_name]).values() if _is_model_of(v, module_name)]
    for model in models:
        _describe(model)
    for model in models:
        if model.__pydantic_complete__:  # built early, e.g. for a default value: built again
            model.model_rebuild(force=True)


def _is_model_of(value: object, module_name: str) -> bool:
    return (
        isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module_name
    )


def _describe(model: type[BaseModel]) -> None:
    """Describe the fields without a description, from the class that declares each."""
    for name, field in model.model_fields.items():
        owner = _declaring_class(model, name)
        if field.description is None and owner is not None:
            source = sys.modules[owner.__module__].__file__ or ""
            field.description = field_docstrings(source).get((owner.__name__, name))


def _declaring_class(model: type[BaseModel], name: str) -> type | None:
    """Return the nearest class in the model's ancestry that annotates `name`."""
    return next((cls for cls in model.__mro__ if name in inspect.get_annotations(cls)), None)


@cache
def field_docstrings(path: str) -> dict[tuple[str, str], str]:
    """Map (class name, field name) to the string written right under the field in `path`."""
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read(), path)
    docs = {}
    for node in tree.body:  # models are defined at the top level of their module
        if isinstance(node, ast.ClassDef):
            for field, under in itertools.pairwise(node.body):
                text = _docstring(under)
                if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name) and text:
                    docs[(node.name, field.target.id)] = inspect.cleandoc(text)
    return docs


def _docstring(statement: ast.stmt) -> str | None:
    """Return the text of a bare string statement, else None."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        value = statement.value.value
        return value if isinstance(value, str) else None
    return None
