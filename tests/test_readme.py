"""The README documents every field, and its quick start is what the Makefile runs."""

from __future__ import annotations

from .readme_fields import README, field_reference, updated_readme


def test_field_reference_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert field_reference() in text
    assert updated_readme(text) == text


def test_quick_start_is_two_make_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in quick.splitlines() if line.strip().startswith("make ")]
    assert commands == ["make demo", "make test"]
