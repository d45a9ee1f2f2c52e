"""Lint one piece of Jinja: syntax errors with their line, names the context lacks, glyphs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from jinja2 import TemplateSyntaxError, meta

from ..compose import paragraph_sources
from ..context import Context
from ..glyphs import glyph_problem, unprintable

Kind = Literal["paragraphs", "template", "expression"]
"""How compose uses a piece of wording: split at blank lines, rendered whole, or evaluated."""

CONTEXT_NAMES = frozenset(Context.__annotations__) | {"document"}
"""Every name wording may use: the template context, plus the document being composed."""


def lint_source(
    path: Path, line: int, source: str, kind: Kind, env: Any, names: frozenset[str] = CONTEXT_NAMES
) -> list[str]:
    """Return the syntax, name and glyph problems of wording whose text starts at `line`."""
    if kind == "expression":
        pieces = [(0, "{{ " + source + " }}")]
    elif kind == "paragraphs":
        pieces = paragraph_sources(source)  # compose renders each paragraph on its own
    else:
        pieces = [(0, source)]
    problems = []
    for offset, piece in pieces:
        problems += lint_jinja(path, line + offset, piece, env, names)
        for number, text in enumerate(piece.split("\n")):
            chars = unprintable(text)
            if chars:
                problems.append(f"{path}:{line + offset + number}: {glyph_problem(chars)}")
    return problems


def lint_jinja(path: Path, line: int, source: str, env: Any, names: frozenset[str]) -> list[str]:
    """Return a template's problems as `path:line: ...`, its text starting at `line`."""
    return [f"{path}:{line + at - 1}: {why}" for at, why in jinja_problems(source, env, names)]


def jinja_problems(source: str, env: Any, names: frozenset[str]) -> list[tuple[int, str]]:
    """Return (line, reason): a syntax error, or every name the template uses that is unknown."""
    try:
        tree = env.parse(source)
        env.compile(tree)  # unknown filters and tests surface only when compiling
    except TemplateSyntaxError as exc:
        return [(exc.lineno or 1, f"Jinja syntax error: {exc.message}")]
    unknown = meta.find_undeclared_variables(tree) - names - set(env.globals)
    known = (
        f"use one of {', '.join(sorted(names))}"
        if names
        else "this file holds macros, which get every value as an argument"
    )
    return [
        (_line_of(name, source), f"`{name}` is not a value templates can use; {known}")
        for name in sorted(unknown)
    ]


def _line_of(name: str, source: str) -> int:
    """Return the first line where `name` appears as a name of its own (Jinja does not say)."""
    found = re.search(rf"(?<![\w.]){re.escape(name)}\b", source)
    return source.count("\n", 0, found.start()) + 1 if found else 1
