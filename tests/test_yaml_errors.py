"""YAML syntax errors in plain words, with line, column and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from kap_consent.errors import DataError
from kap_consent.readers import read_data

QUOTE = "add quotes around the value"
CASES = [
    (
        "id: CP-1\nnote: call first: after 5\n",
        "line 2, column 17: a value contains ': '; add quotes around a value that contains ': ' "
        '(for example address: "Suite 3: 12 Pine Street")',
    ),
    (
        "id: CP-1\nplan:\n\ttherapist: rivera\n",
        "line 3, column 1: a tab is used for indenting; use spaces, not tabs",
    ),
    (
        "states: [OR, WA\nphone: 1\n",
        "line 1, column 9: the list opened with '[' here is not closed; close it with ']', "
        f"and if a value contains ',' or ':' {QUOTE}",
    ),
    (
        "emergency_contact: {name: Lena, phone: 1\nx: 1\n",
        "line 1, column 20: the section opened with '{' here is not closed; close it with '}', "
        f"and if a value contains ',' or ':' {QUOTE}",
    ),
    (
        'id: CP-1\nname: "Marcus\nx: 1\n',
        "line 2, column 7: the quote that starts here is never closed; add the closing quote",
    ),
    (
        "id: CP-1\nlegal_name\nphone: 1\n",
        "line 2, column 1: this line is not a `field: value` pair; add ': ' after the field "
        "name, or indent the line to continue the value above",
    ),
    (
        'name: "C:\\Users\\q"\n',
        "line 1, column 12: a backslash inside double quotes must start "
        "a known escape; use single quotes around the value instead",
    ),
    (
        'name: "Dr\\q"\n',
        "line 1, column 11: a backslash inside double quotes must start a known escape; use "
        "single quotes around the value instead",
    ),
    (
        "id: !secret x\n",
        "line 1, column 5: a value starts with '!', which YAML reads as a type "
        f"tag; remove it, or {QUOTE}",
    ),
    (
        "phone: *home\n",
        f"line 1, column 8: a value starts with '*', which YAML reads as a reference; {QUOTE}",
    ),
    (
        "email: @marcus\n",
        "line 1, column 8: a value starts with a character YAML reserves "
        f"(such as @, ` or %); {QUOTE}",
    ),
    (
        "plan:\n    therapist: rivera\n  prescriber: okafor\n",
        "line 3, column 3: the indentation does not line up; indent the fields of one section "
        "by the same number of spaces, and start each list item with '- ' at the same "
        "indentation",
    ),
]


@pytest.mark.parametrize(("text", "message"), CASES)
def test_yaml_syntax_error_in_plain_words(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "clients.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_data(path)
    assert info.value.problems == [f"{path}: {message}"]


def test_other_yaml_errors_keep_the_parser_words_and_the_place(tmp_path: Path) -> None:
    path = tmp_path / "clients.yaml"
    path.write_text("a: 1\n--- x\n...\n? [\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_data(path)
    (problem,) = info.value.problems
    assert problem.startswith(f"{path}: line ")
    assert problem.endswith("; check this line and the one above it")
