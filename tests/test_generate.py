"""The orchestration's own rules, apart from what rendering whole packets shows."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

import pytest

from kap_consent.cli import FormatChoice
from kap_consent.generate import ALL_FORMATS, check_formats


@pytest.mark.parametrize("formats", ["both", "pdf", frozenset(), {"pdf", "html"}])
def test_formats_must_be_a_set_of_pdf_and_docx(formats: AbstractSet[str]) -> None:
    with pytest.raises(ValueError, match="is not a set of 'pdf' and 'docx'"):
        check_formats(formats)


def test_the_command_line_choices_map_to_sets_of_formats() -> None:
    check_formats(ALL_FORMATS)
    assert FormatChoice("both").formats() == ALL_FORMATS == {"pdf", "docx"}
    assert FormatChoice("docx").formats() == {"docx"}
    assert FormatChoice("pdf").formats() == {"pdf"}
