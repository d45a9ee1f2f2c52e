"""The documents' wording: definition files along the search path, clause overrides applied.

Reading wording needs no template engine, so listing the documents does not load Jinja; the
clause text is rendered later, by `templating.TemplateSet`.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from . import overrides
from .content import DocumentDef
from .errors import TemplateError
from .reasons import WORDING_SPELLING, field_path, reasons
from .resources import load_yaml, packaged_dir


def search_path(override_dir: Path | None) -> list[Path]:
    """Return the folders searched for templates: the practice's override folder first."""
    return [p for p in (override_dir, packaged_dir()) if p is not None]


def find_file(folders: list[Path], relative: str) -> Path:
    """Return the first file named `relative` in `folders`."""
    for root in folders:
        candidate = root / relative
        if candidate.is_file():
            return candidate
    raise TemplateError(f"template {relative} not found in {', '.join(map(str, folders))}")


def check_folder(folder: Path) -> None:
    """Refuse an override folder that cannot be read safely (links out, not UTF-8, missing)."""
    refuse(folder, overrides.folder_problems(folder))


def load_document_defs(override_dir: Path | None = None) -> list[DocumentDef]:
    """Return every document definition, overrides applied, in packet order."""
    if override_dir is not None:
        check_folder(override_dir)
    folders = search_path(override_dir)
    names = sorted({p.name for root in folders for p in (root / "documents").glob("*.yaml")})
    docs = [_load_document(override_dir, find_file(folders, f"documents/{name}")) for name in names]
    if override_dir is not None:
        forms = {d.form_id: [c.id for s in d.sections for c in s.clauses] for d in docs}
        refuse(override_dir, overrides.name_problems(override_dir, forms))
    return sorted(docs, key=lambda d: d.number)


def _load_document(override_dir: Path | None, path: Path) -> DocumentDef:
    try:
        data = load_yaml(overrides.read_text(override_dir, path))
        doc = DocumentDef.model_validate(data)
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: cannot read the wording file: {exc}") from None
    except ValidationError as exc:
        found = reasons(exc, DocumentDef, WORDING_SPELLING)
        problems = "; ".join(f"{field_path(loc)}: {why}" for loc, why in found)
        raise TemplateError(f"{path}: invalid wording file: {problems}") from None
    if path.stem != doc.form_id:
        raise TemplateError(
            f"{path}: form_id: is {doc.form_id}, but the file is named {path.name}; "
            f"name the file {doc.form_id}.yaml"
        )
    return _apply_clause_overrides(override_dir, doc)


def _apply_clause_overrides(override_dir: Path | None, doc: DocumentDef) -> DocumentDef:
    if override_dir is None:
        return doc
    folder = override_dir / "clauses" / doc.form_id
    sections = []
    for section in doc.sections:
        clauses = []
        for clause in section.clauses:
            override = folder / f"{clause.id}.txt"
            if override.is_file():
                text = overrides.read_text(override_dir, override)
                clause = clause.model_copy(update={"text": text})
            clauses.append(clause)
        sections.append(section.model_copy(update={"clauses": clauses}))
    return doc.model_copy(update={"sections": sections})


def refuse(folder: Path, problems: list[str]) -> None:
    """Raise one TemplateError listing every problem of the override folder, if any."""
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        listed = "".join(f"\n  {p}" for p in problems)
        raise TemplateError(
            f"the templates folder {folder} cannot be used ({count}); nothing was written:{listed}"
        )
