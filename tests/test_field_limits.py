"""Every free-text field and every list has a limit with a clear message; a document whose every
field is at its limit, in long unbroken values, lays out in seconds and stays on the page.
"""

from __future__ import annotations

import time
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from kap_consent import LayoutOptions, TemplateSet
from kap_consent.clock import today
from kap_consent.compose import compose_document
from kap_consent.context import build_context
from kap_consent.errors import DataError
from kap_consent.loading import load_clients, load_practice
from kap_consent.models import Client, Practice
from kap_consent.render.pdf import render_pdf_drawn
from kap_consent.types import CITATION_MAX

from .test_roster import row, write_csv

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
WORD = "Wolfeschlegelsteinhausenbergerdorff"
SECONDS = 5.0
"""The issue's bound for one document at the limits; it takes about 1-2 s of CPU time."""


def _problems(load: Callable[[], object]) -> list[str]:
    with pytest.raises(DataError) as info:
        load()
    return info.value.problems


PRACTICE_CASES = [
    ("legal_name", "L" * 201, "201 characters is too long; at most 200 (shorten it)"),
    ("display_name", "D" * 121, "121 characters is too long; at most 120 (shorten it)"),
    ("address", "A" * 2001, "2,001 characters is too long; at most 2,000 (shorten it)"),
    ("email", "e" * 243 + "@example.com", "255 characters is too long; at most 254 (shorten it)"),
    ("states", ["OR"] * 57, "57 entries are too many; at most 56 (remove some)"),
]


@pytest.mark.parametrize(("field", "value", "message"), PRACTICE_CASES, ids=lambda v: str(v)[:12])
def test_a_practice_field_over_its_limit_names_the_limit_and_the_length(
    tmp_path: Path, write: Any, practice_data: dict[str, Any], field: str, value: Any, message: str
) -> None:
    path = write(tmp_path, "practice.yaml", {**practice_data, field: value})
    assert _problems(lambda: load_practice(path)) == [f"{path}: {field}: {message}"]


def test_nested_texts_and_lists_name_their_path(
    tmp_path: Path, write: Any, practice_data: dict[str, Any]
) -> None:
    clinician = practice_data["clinicians"][0]
    clinicians = [{**clinician, "id": f"c{n}"} for n in range(51)]
    prescribers = [{**practice_data["prescribers"][0], "name": "N" * 121}]
    citation = "C" * (CITATION_MAX + 1)
    data = {**practice_data, "clinicians": clinicians, "prescribers": prescribers}
    data["references"] = [citation]
    path = write(tmp_path, "practice.yaml", data)
    assert _problems(lambda: load_practice(path)) == [
        f"{path}: clinicians: 51 entries are too many; at most 50 (remove some)",
        f"{path}: prescribers[0].name: 121 characters is too long; at most 120 (shorten it)",
        f"{path}: references[0]: 501 characters is too long; at most 500 (shorten it)",
    ]


def test_a_client_name_of_a_thousand_characters_is_refused(
    tmp_path: Path, write: Any, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice = Practice.model_validate(practice_data)
    path = write(tmp_path, "clients.yaml", {"clients": [{**client_data, "legal_name": "x" * 1000}]})
    assert _problems(lambda: load_clients(path, practice, today())) == [
        f"{path}: clients[0].legal_name: 1,000 characters is too long; at most 120 (shorten it)"
    ]


def test_a_roster_cell_over_its_limit_names_row_and_column(
    tmp_path: Path, practice_data: dict[str, Any]
) -> None:
    practice = Practice.model_validate(practice_data)
    path = write_csv(tmp_path / "roster.csv", [row(emergency_contact__relationship="r" * 300)])
    assert _problems(lambda: load_clients(path, practice, today())) == [
        f"{path}: row 2 (CP-0001): emergency_contact.relationship: "
        "300 characters is too long; at most 200 (shorten it)"
    ]


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def _limit(annotation: Any, metadata: list[Any]) -> int | None:
    """Return the longest text a field holds, from its own or its type's constraints."""
    for constraint in [*metadata, *getattr(annotation, "__metadata__", ())]:
        if getattr(constraint, "max_length", None):
            return int(constraint.max_length)
    for argument in typing.get_args(annotation):
        if typing.get_origin(argument) is not list and (found := _limit(argument, [])):
            return found
    return None


def _unbroken(field: str, length: int) -> str:
    if field == "email":
        return "x" * (length - len("@example.com")) + "@example.com"
    return (WORD * (length // len(WORD) + 1))[:length]


def _at_limits(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """Fill every text field of `data` (and of its sections) to its limit, with no spaces."""
    for name, info in model.model_fields.items():
        value, inner = data.get(name), next(_models_in(info.annotation), None)
        if inner is not None and isinstance(value, dict):
            _at_limits(inner, value)
        elif inner is not None and isinstance(value, list):
            data[name] = [_at_limits(inner, item) for item in value]
        elif isinstance(value, str) and (limit := _limit(info.annotation, info.metadata)):
            data[name] = _unbroken(name, limit)
    return data


@pytest.fixture(scope="module")
def longest() -> tuple[Practice, Client]:
    """Return the example practice and home-dosing client with every text at its limit."""
    practice = yaml.safe_load((EXAMPLES / "practice.yaml").read_text(encoding="utf-8"))
    practice.pop("logo")
    practice["references"] = [_unbroken("references", CITATION_MAX)] * 3
    client = yaml.safe_load((EXAMPLES / "clients.yaml").read_text(encoding="utf-8"))
    client = client["clients"][1]
    return (
        Practice.model_validate(_at_limits(Practice, practice)),
        Client.model_validate(_at_limits(Client, client)),
    )


def _text_boxes(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure.boxes import TextBox

    if isinstance(box, TextBox) and box.text.strip():
        yield box
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)


@pytest.mark.parametrize("form_id", ["KAP-EMER", "KAP-IC", "KAP-KEY"])
def test_a_document_at_every_limit_lays_out_in_seconds_inside_the_page(
    longest: tuple[Practice, Client], form_id: str
) -> None:
    practice, client = longest
    templates = TemplateSet()
    definition = next(d for d in templates.document_defs() if d.form_id == form_id)
    doc = compose_document(templates, definition, build_context(practice, client, today()))
    started = time.process_time()
    pages = render_pdf_drawn(doc, templates, LayoutOptions()).document.pages
    assert time.process_time() - started < SECONDS
    assert client.legal_name in "".join(b.text for b in _text_boxes(pages[0]._page_box))
    for page in pages:
        box = page._page_box
        right = box.margin_width() - box.margin_right
        for text in _text_boxes(box):
            assert box.margin_left - 0.5 <= text.position_x
            assert text.position_x + text.width <= right + 0.5, text.text[:40]
