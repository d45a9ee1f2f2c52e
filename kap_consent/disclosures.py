"""The registry of required disclosures and the check that every rendered packet carries them."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .errors import TemplateError
from .extract import normalize
from .resources import load_yaml

if TYPE_CHECKING:
    from .content import DocumentDef
    from .templating import TemplateSet

REGISTRY_DIR = Path(__file__).parent / "disclosures"


class Disclosure(BaseModel):
    """A statement that must appear in a document, recognised by regular expressions."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable id, named in errors."""
    description: str
    """What the statement says, in a few words."""
    patterns: list[str] = Field(min_length=1)
    """Case-insensitive regexes; each must match the document's normalized text."""
    when: str | None = None
    """Jinja expression; the disclosure is required only when it is true."""
    form_id: str = ""
    """The document it belongs to (from the registry file name)."""


@functools.cache
def registry() -> dict[str, list[Disclosure]]:
    """Return the packaged registry: form ID → its required disclosures."""
    adapter = TypeAdapter(list[Disclosure])
    result: dict[str, list[Disclosure]] = {}
    for path in sorted(REGISTRY_DIR.glob("*.yaml")):
        entries: list[dict[str, Any]] = load_yaml(path.read_text(encoding="utf-8")) or []
        result[path.stem] = [
            d.model_copy(update={"form_id": path.stem}) for d in adapter.validate_python(entries)
        ]
    return result


def required_disclosures(
    doc: DocumentDef, templates: TemplateSet, ctx: dict[str, object]
) -> list[Disclosure]:
    """Return the registry's disclosures this document must carry for this client."""
    entries = registry().get(doc.form_id, [])
    return [
        d for d in entries if not d.when or templates.evaluate(d.when, ctx, f"disclosure {d.id}")
    ]


def missing_disclosures(text: str, required: list[Disclosure]) -> list[Disclosure]:
    """Return the disclosures whose patterns are not all found in `text`."""
    flat = normalize(text)
    return [d for d in required if not all(re.search(p, flat, re.IGNORECASE) for p in d.patterns)]


def check_rendered(form_id: str, fmt: str, text: str, required: list[Disclosure]) -> None:
    """Raise TemplateError naming every required disclosure missing from one rendered file."""
    missing = missing_disclosures(text, required)
    if missing:
        listed = "; ".join(f"{d.id} ({d.description})" for d in missing)
        raise TemplateError(
            f"{form_id} ({fmt.upper()}) is missing required disclosure(s): {listed}. "
            "Restore the clause (check any override in your templates folder)."
        )
