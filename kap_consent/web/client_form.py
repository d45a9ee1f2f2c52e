"""The client form, generated from the client model: one input per roster column.

A filled form is a one-row roster, so it is checked by the same loader, with the same words,
as a roster or client file on the command line. Labels come from the field names, help from
the field docstrings; choices become selects and dates date inputs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from ..errors import Problem
from ..models import Client, Practice
from ..roster import LIST_SEPARATOR, Column, columns
from ..shape import choices, is_bool, unwrap

Kind = Literal["text", "textarea", "date", "number", "select"]

SECTION_TITLES = {
    "": "Client",
    "emergency_contact": "Emergency contact",
    "support_person": "Support person",
    "primary_care": "Primary care",
    "personal_representative": "Personal representative (parent or guardian)",
    "plan": "Treatment plan",
}
SHOW_WHEN = {"support_person": ("plan.settings", ("home", "both"))}
"""Parts of the form that apply only for some answers; shown always without JavaScript."""


@dataclass(frozen=True)
class Field:
    """One input of the form, named by its roster column (`plan.home_state`)."""

    name: str
    label: str
    help: str
    kind: Kind
    required: bool
    options: tuple[tuple[str, str], ...] = ()
    """(value, text) of a select; the empty value first when the field is optional."""


@dataclass
class Section:
    """A fieldset: the client's own fields, or one nested part such as the plan."""

    name: str
    title: str
    fields: list[Field] = field(default_factory=list)
    show_when: tuple[str, tuple[str, ...]] | None = None


def form_sections(practice: Practice | None) -> list[Section]:
    """Return the form's fieldsets, in model order, with the practice's IDs as choices."""
    sections: dict[str, Section] = {}
    for column in columns(Client):
        part = column.name.split(".")[0] if "." in column.name else ""
        section = sections.setdefault(
            part, Section(part, SECTION_TITLES.get(part, part), show_when=SHOW_WHEN.get(part))
        )
        section.fields.append(_field(column, practice))
    return list(sections.values())


def _field(column: Column, practice: Practice | None) -> Field:
    label = column.name.split(".")[-1].replace("_", " ").capitalize().replace("kap", "KAP")
    label = "Client ID" if column.name == "id" else label
    help_text = column.description
    if column.is_list:
        help_text += f" Separate several with {LIST_SEPARATOR}"
    options = _options(column, practice)
    if options:
        blank = () if column.required else (("", "(none)"),)
        return Field(column.name, label, help_text, "select", column.required, blank + options)
    annotation = unwrap(column.annotation)
    kind: Kind = "text"
    if annotation is date:
        kind = "date"
    elif annotation is int:
        kind = "number"
    elif "address" in column.name:
        kind = "textarea"
    return Field(column.name, label, help_text, kind, column.required)


def _options(column: Column, practice: Practice | None) -> tuple[tuple[str, str], ...]:
    if is_bool(column.annotation):
        return (("true", "yes"), ("false", "no"))
    allowed = choices(column.annotation)
    if allowed:
        return tuple((a, a) for a in allowed)
    if practice is None:
        return ()
    people = {
        "plan.therapist": [(c.id, f"{c.name}, {c.credentials}") for c in practice.clinicians],
        "plan.prescriber": [(p.id, f"{p.name}, {p.credentials}") for p in practice.prescribers],
        "plan.office": [(o.id, o.id) for o in practice.offices],
    }
    return tuple(people.get(column.name, ()))


def field_names() -> list[str]:
    """Return every input name, in roster column order."""
    return [column.name for column in columns(Client)]


def as_roster(values: Mapping[str, str]) -> bytes:
    """Return the form's values as a one-row CSV roster (the header names every column)."""
    names = field_names()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerow([values.get(name, "").strip() for name in names])
    return buffer.getvalue().encode("utf-8")


def values_from_row(data: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    """Return form values from a nested client record (to fill the form again)."""
    values: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            values.update(values_from_row(value, f"{name}."))
        elif isinstance(value, list):
            values[name] = f"{LIST_SEPARATOR} ".join(str(v) for v in value)
        elif value is not None:
            values[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return values


@dataclass(frozen=True)
class PlacedProblems:
    """A form's problems: beside their field, at their fieldset, or at the top of the page."""

    by_field: dict[str, list[str]]
    by_section: dict[str, list[str]]
    top: list[str]


def place_problems(problems: Sequence[Problem], practice_file: str) -> PlacedProblems:
    """Put each problem beside the input it names; the practice file's go to the top."""
    names = set(field_names())
    sections = {name.split(".")[0] for name in names if "." in name}
    by_field: dict[str, list[str]] = {}
    by_section: dict[str, list[str]] = {}
    top: list[str] = []
    for problem in problems:
        where = problem.location
        if problem.file == practice_file or where is None:
            top.append(str(problem) if problem.file == practice_file else problem.message)
        elif where in names:
            by_field.setdefault(where, []).append(problem.message)
        elif where in sections:
            by_section.setdefault(where, []).append(problem.message)
        else:
            top.append(f"{where}: {problem.message}")
    return PlacedProblems(by_field, by_section, top)
