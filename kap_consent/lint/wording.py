"""Check the wording overrides: documents/*.yaml and clauses/<FORM-ID>/<clause-id>.txt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..content import Clause, DocumentDef
from ..glyphs import Loc, glyph_problem, unprintable
from ..overrides import name_problems
from ..reasons import WORDING_SPELLING, field_path, reasons
from .jinja import Kind, lint_source


def check_wording(folder: Path, defs: dict[str, DocumentDef], env: Any) -> list[str]:
    """Return the problems of every wording file and clause override in `folder`.

    Files the search path would never read come first (a misspelled folder, form ID or clause
    id), then the problems inside each file.
    """
    problems = []
    for path in sorted((folder / "documents").glob("*.yaml")):
        doc, found = _check_document(path, env)
        problems += found
        if doc is not None:
            defs = {**defs, doc.form_id: doc}
    forms = {d.form_id: [c.id for s in d.sections for c in s.clauses] for d in defs.values()}
    return name_problems(folder, forms) + problems + _check_clause_files(folder, defs, env)


def _check_document(path: Path, env: Any) -> tuple[DocumentDef | None, list[str]]:
    """Validate one wording file, then lint every piece of Jinja in it."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{path}: cannot read the file ({type(exc).__name__}); save it as UTF-8"]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        return None, [f"{path}{where}: not valid YAML: {getattr(exc, 'problem', exc)}"]
    lines = _scalar_lines(text) if isinstance(data, dict) else {}
    try:
        doc = DocumentDef.model_validate(data)
    except ValidationError as exc:
        return None, [
            f"{path}{_at(lines, loc)}: {field_path(loc)}: {why}"
            for loc, why in reasons(exc, DocumentDef, WORDING_SPELLING)
        ]
    problems = []
    if path.stem != doc.form_id:
        problems.append(
            f"{path}: form_id: is {doc.form_id}, but the file is named {path.name}; "
            f"name the file {doc.form_id}.yaml"
        )
    if unprintable(doc.title):  # the title prints as written, so it is not Jinja
        problems.append(f"{path}{_at(lines, ('title',))}: {glyph_problem(unprintable(doc.title))}")
    for loc, source, kind in jinja_fields(doc):
        problems += lint_source(path, lines.get(loc, 1), source, kind, env)
    return doc, problems


def _check_clause_files(folder: Path, defs: dict[str, DocumentDef], env: Any) -> list[str]:
    """Lint the text of each clause override that names a real form and clause."""
    problems = []
    for form_id, doc in defs.items():
        ids = {c.id for s in doc.sections for c in s.clauses}
        for path in sorted((folder / "clauses" / form_id).glob("*.txt")):
            if path.stem in ids and path.is_file():
                text = path.read_text(encoding="utf-8")  # folder_problems checked it is UTF-8
                problems += lint_source(path, 1, text, "paragraphs", env)
    return problems


def jinja_fields(doc: DocumentDef) -> Iterator[tuple[Loc, str, Kind]]:
    """Yield (location, source, kind) for every piece of Jinja in a wording file."""
    yield ("intro",), doc.intro, "paragraphs"
    yield ("attestation",), doc.attestation, "paragraphs"
    if doc.include_when:
        yield ("include_when",), doc.include_when, "expression"
    for i, section in enumerate(doc.sections):
        at: Loc = ("sections", i)
        yield (*at, "heading"), section.heading, "template"
        if section.when:
            yield (*at, "when"), section.when, "expression"
        for j, clause in enumerate(section.clauses):
            yield from _clause_fields(clause, (*at, "clauses", j))


def _clause_fields(clause: Clause, at: Loc) -> Iterator[tuple[Loc, str, Kind]]:
    yield (*at, "text"), clause.text, "paragraphs"
    for k, item in enumerate(clause.items):
        yield (*at, "items", k), item, "template"
    for name in ("items_from", "when"):
        if getattr(clause, name):
            yield (*at, name), getattr(clause, name), "expression"
    for k, row in enumerate(clause.rows):
        yield (*at, "rows", k, "label"), row.label, "template"
        if row.value is not None:
            yield (*at, "rows", k, "value"), row.value, "template"
        if row.when:
            yield (*at, "rows", k, "when"), row.when, "expression"


def _at(lines: dict[Loc, int], loc: Loc) -> str:
    """Return `:line` for a location the file has (a missing field has none)."""
    line = lines.get(tuple(loc))
    return f":{line}" if line else ""


def _scalar_lines(text: str) -> dict[Loc, int]:
    """Map each scalar's location in a YAML file to the line where its text starts."""
    lines: dict[Loc, int] = {}

    def walk(node: Any, loc: Loc) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*loc, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*loc, index))
        else:  # a block scalar's text starts on the line after its `|` or `>`
            lines[loc] = node.start_mark.line + 1 + (node.style in ("|", ">"))

    walk(yaml.compose(text), ())
    return lines
