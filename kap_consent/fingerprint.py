"""What identifies a form's text: the wording hash, and the printed version that shows a change.

The wording hash covers a form's wording after overrides (title, clauses, conditions, signers),
written as the layouts print it, so re-wrapping a line does not count as a change. The printed
version is the form's own (`1.0`) only while wording and layouts are the packaged ones; any
override that changes them adds `+local.` and a short hash (`1.0+local.3f2a9c41`), so two
different texts never carry the same version.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from .content import DocumentDef
from .templating import TemplateSet, packaged_dir

PDF_LAYOUT_FILES = ("layout/document.html.j2", "layout/print.css")
DOCX_LAYOUT = "layout/document.docx"
"""A practice's own Word layout; without one the DOCX layout is built in code (render/docx.py)."""
LOCAL_DIGITS = 8
"""Hex digits of the local suffix: 8 make two different local texts sharing one a 1-in-4-billion
chance (4 would be 1 in 65,536)."""


def _paragraphs(text: str) -> list[str]:
    """Return wording paragraphs as printed: split at blank lines, line wrapping collapsed."""
    return [" ".join(chunk.split()) for chunk in text.split("\n\n") if chunk.strip()]


def _canonical(doc: DocumentDef) -> dict[str, Any]:
    data = doc.model_dump(mode="json", exclude={"version", "number", "slug"})
    data["intro"] = _paragraphs(doc.intro)
    data["attestation"] = _paragraphs(doc.attestation)
    for section in data["sections"]:
        for clause in section["clauses"]:
            clause["text"] = _paragraphs(clause["text"])
    return data


def wording_hash(doc: DocumentDef) -> str:
    """Return the SHA-256 (hex) of the form's wording after overrides."""
    text = json.dumps(_canonical(doc), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def layout_hash(templates: TemplateSet) -> str:
    """Return the SHA-256 (hex) of the layouts in effect: HTML, CSS and any Word layout."""
    digest = hashlib.sha256()
    for name in PDF_LAYOUT_FILES:
        digest.update(name.encode() + b"\x00" + templates.find(name).read_bytes() + b"\x00")
    docx = templates.override_dir / DOCX_LAYOUT if templates.override_dir else None
    digest.update(docx.read_bytes() if docx and docx.is_file() else b"built-in DOCX layout")
    return digest.hexdigest()


def _fingerprint(doc: DocumentDef, layout: str) -> str:
    parts = [doc.form_id, doc.version, wording_hash(doc), layout]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


@functools.cache
def _packaged_fingerprints(folder: Path) -> dict[str, str]:
    templates = TemplateSet()
    layout = layout_hash(templates)
    return {d.form_id: _fingerprint(d, layout) for d in templates.document_defs()}


def printed_version(templates: TemplateSet, doc: DocumentDef) -> str:
    """Return the version to print: the form's own, or `+local.` and a hash after a change."""
    if templates.override_dir is None:
        return doc.version
    mine = _fingerprint(doc, layout_hash(templates))
    if _packaged_fingerprints(packaged_dir()).get(doc.form_id) == mine:
        return doc.version
    return f"{doc.version}+local.{mine[:LOCAL_DIGITS]}"
