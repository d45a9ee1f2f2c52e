"""Compose (and, for layouts, render) every overridden document for example clients.

This finds what reading the files cannot: a value that does not exist for real data (a missing
attribute), and a required disclosure the overrides would remove.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..compose import compose_document, is_included
from ..content import DocumentDef
from ..context import Context, build_context
from ..disclosures import missing_disclosures, required_disclosures
from ..errors import DataError, KapConsentError, TemplateError
from ..generate import OutputFormat, build_packet
from ..models import Client, Practice
from ..overrides import LAYOUTS
from ..resources import packaged_dir
from ..sources import load_sources
from ..templating import TemplateSet

_CLAUSE = re.compile(r"\bclause ([a-z0-9][a-z0-9-]*)")


def examples_dir() -> Path:
    """Return the example practice and clients (inside the wheel, or the source checkout's)."""
    packaged = Path(__file__).parent.parent / "examples"
    return packaged if packaged.is_dir() else packaged_dir().parent / "examples"


def check_composed(
    folder: Path, practice_file: Path | None = None, client_file: Path | None = None
) -> list[str]:
    """Return the problems found by composing every overridden document for every client."""
    practice_file = practice_file or examples_dir() / "practice.yaml"
    try:
        sources = load_sources(
            practice_file, client_file or examples_dir() / "clients.yaml", folder
        )
    except DataError as exc:
        return exc.problems
    except KapConsentError as exc:
        return [str(exc)]
    practice, templates, defs = sources.practice, sources.templates, sources.defs
    clients = sources.clients
    found: dict[str, str] = {}  # one line per problem, naming the first client that shows it
    for client in clients:
        context = build_context(practice, client, sources.day)
        for doc in defs:
            for problem in _check_wording(folder, templates, doc, context):
                found.setdefault(problem, f"{problem} (example client {client.id})")
    return list(found.values()) + _check_layouts(folder, practice, clients[0], templates, defs)


def override_files(folder: Path, form_id: str) -> list[Path]:
    """Return the files in `folder` that change the wording of one document."""
    document = folder / "documents" / f"{form_id}.yaml"
    clauses = sorted((folder / "clauses" / form_id).glob("*.txt"))
    return ([document] if document.is_file() else []) + clauses


def _check_wording(
    folder: Path, templates: TemplateSet, doc: DocumentDef, context: Context
) -> list[str]:
    files = override_files(folder, doc.form_id)
    if not files:
        return []  # the packaged wording is checked by the project's own tests
    try:
        if not is_included(templates, doc, context):
            return []
        composed = compose_document(templates, doc, context)
        required = required_disclosures(doc, templates, dict(context))
    except TemplateError as exc:
        return [f"{_source(folder, doc.form_id, str(exc), files)}: {exc}"]
    missing = missing_disclosures("\n".join(composed.body_text()), required)
    named = ", ".join(map(str, files))
    return [
        f"{named}: {doc.form_id} would lose the required disclosure {d.id} ({d.description}); "
        "keep that statement in the wording"
        for d in missing
    ]


def _source(folder: Path, form_id: str, message: str, files: list[Path]) -> str:
    """Name the override file an error message points at (by its clause id), if one does."""
    match = _CLAUSE.search(message)
    clause = folder / "clauses" / form_id / f"{match.group(1)}.txt" if match else None
    if clause is not None and clause.is_file():
        return str(clause)
    document = folder / "documents" / f"{form_id}.yaml"
    return str(document) if document.is_file() else ", ".join(map(str, files))


def _check_layouts(
    folder: Path,
    practice: Practice,
    client: Client,
    templates: TemplateSet,
    defs: list[DocumentDef],
) -> list[str]:
    """Render one client's packet with the layout overrides and check what it prints."""
    layout = folder / "layout"
    pdf = any((layout / name).is_file() for name in LAYOUTS if name != "document.docx")
    docx = (layout / "document.docx").is_file()
    if not (pdf or docx):
        return []
    formats: set[OutputFormat] = {"pdf"} if pdf else set()
    formats |= {"docx"} if docx else set()
    try:
        build_packet(practice, client, templates, defs, formats)
    except KapConsentError as exc:
        return [f"{layout}: rendering example client {client.id} failed: {exc}"]
    return []
