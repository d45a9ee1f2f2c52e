"""YAML syntax errors in plain words: the line and column, what is wrong and what to do."""

from __future__ import annotations

import re

import yaml

_QUOTE = "add quotes around the value"
_ESCAPE = (
    "a backslash inside double quotes must start a known escape; "
    "use single quotes around the value instead"
)
_RULES: list[tuple[str, bool, str]] = [
    (
        "mapping values are not allowed here",
        False,
        "a value contains ': '; add quotes around a value that contains ': ' "
        '(for example address: "Suite 3: 12 Pine Street")',
    ),
    (
        "found character '\\t'",
        False,
        "a tab is used for indenting; use spaces, not tabs",
    ),
    (
        "expected ',' or ']'",
        True,
        "the list opened with '[' here is not closed; close it with ']', "
        f"and if a value contains ',' or ':' {_QUOTE}",
    ),
    (
        "expected ',' or '}'",
        True,
        "the section opened with '{' here is not closed; close it with '}', "
        f"and if a value contains ',' or ':' {_QUOTE}",
    ),
    (
        "found unexpected end of stream",
        True,
        "the quote that starts here is never closed; add the closing quote",
    ),
    (
        "could not find expected ':'",
        True,
        "this line is not a `field: value` pair; add ': ' after the field name, "
        "or indent the line to continue the value above",
    ),
    (
        "found unknown escape character",
        False,
        _ESCAPE,
    ),
    (
        "expected escape sequence",
        False,
        _ESCAPE,
    ),
    (
        "could not determine a constructor for the tag",
        False,
        f"a value starts with '!', which YAML reads as a type tag; remove it, or {_QUOTE}",
    ),
    (
        "found undefined alias",
        False,
        f"a value starts with '*', which YAML reads as a reference; {_QUOTE}",
    ),
    (
        "found character",
        False,
        f"a value starts with a character YAML reserves (such as @, ` or %); {_QUOTE}",
    ),
    (
        "expected <block end>",
        False,
        "the indentation does not line up; indent the fields of one section by the same "
        "number of spaces, and start each list item with '- ' at the same indentation",
    ),
]


def describe_yaml_error(error: yaml.YAMLError) -> str:
    """Return `line L, column C: what is wrong; what to do` for a YAML syntax error."""
    problem = str(getattr(error, "problem", None) or "")
    for start, at_context, advice in _RULES:
        if problem.startswith(start):
            mark = getattr(error, "context_mark", None) if at_context else None
            return f"{_where(mark or getattr(error, 'problem_mark', None))}{advice}"
    detail = re.sub(r"\s+", " ", problem) or "the YAML cannot be read"
    return (
        f"{_where(getattr(error, 'problem_mark', None))}not valid YAML ({detail}); "
        "check this line and the one above it"
    )


def _where(mark: yaml.Mark | None) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
