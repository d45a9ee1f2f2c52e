"""The YAML reader: libyaml for speed, with the pure-Python parser's results and messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kap_consent.readers import _FastYamlLoader, _parse_yaml, _YamlLoader

from .packets import EXAMPLES


@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_libyaml_reads_every_example_as_python_does(path: Path) -> None:
    """Same data, dates kept as text, on both parsers."""
    text = path.read_text(encoding="utf-8")
    assert _parse_yaml(_FastYamlLoader, text) == _parse_yaml(_YamlLoader, text)


def test_libyaml_notes_a_repeated_key_with_its_lines() -> None:
    """A key given twice is reported with both lines, not silently replaced."""
    text = "name: A\nstart: 2026-01-05\nname: B\n"
    data, repeats = _parse_yaml(_FastYamlLoader, text)
    assert data == {"name": "B", "start": "2026-01-05"}
    assert repeats == [("name", 1, 3)]
    assert _FastYamlLoader is not _YamlLoader and "CParser" in str(_FastYamlLoader.__mro__)
