"""The project's facts file: what the wording asserts, with sources, for counsel to review.

A clause names the facts it states (`facts: [id, ...]`); only facts marked `checked`, each with
a named source, may be printed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from .content import DocumentDef
from .resources import load_yaml, packaged_dir


@functools.cache
def load_facts() -> dict[str, Any]:
    """Return the packaged facts file (`templates/facts.yaml`) as data."""
    data: dict[str, Any] = load_yaml((packaged_dir() / "facts.yaml").read_text("utf-8"))
    return data


def checked_references() -> list[str]:
    """Return the citations marked checked, in file order."""
    return [r["citation"] for r in load_facts()["references"] if r["status"] == "checked"]


def checked_sources() -> list[str]:
    """Return the regulatory and label sources behind the printed facts, marked checked."""
    return [r["citation"] for r in load_facts()["sources"] if r["status"] == "checked"]


def citation_problems(defs: Sequence[DocumentDef]) -> list[str]:
    """Return one line per clause that cites a fact that is unknown or not `checked`."""
    status = {f["id"]: f["status"] for f in load_facts()["facts"]}
    problems = []
    for doc in defs:
        for section in doc.sections:
            for clause in section.clauses:
                for fact in clause.facts:
                    found = status.get(fact, "not in templates/facts.yaml")
                    if found != "checked":
                        problems.append(
                            f"{doc.form_id} clause {section.id}/{clause.id} cites fact {fact!r}, "
                            f"which is {found}; only checked facts may be printed"
                        )
    return problems
