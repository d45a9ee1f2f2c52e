"""Glyph coverage: what the packaged fonts print, and a field-naming error for what they lack."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
from typer.testing import CliRunner

from kap_consent import TemplateSet
from kap_consent.cli import app
from kap_consent.clock import today
from kap_consent.errors import DataError, TemplateError
from kap_consent.extract import normalize, pdf_text
from kap_consent.glyphs import (
    COVERAGE_FILE,
    coverage_text,
    covered,
    describe,
    glyph_problem,
    printable,
    read_fonts_coverage,
    unprintable,
)
from kap_consent.loading import load_clients, load_practice
from kap_consent.models import Practice
from kap_consent.render import LayoutOptions
from kap_consent.render.docx import render_docx
from kap_consent.render.pdf import render_pdf
from kap_consent.resources import packaged_dir

from .packets import EXAMPLES, example_packets

Write = Callable[[Path, str, Any], Path]
THAI = "\u0e01"  # THAI CHARACTER KO KAI: no packaged font has it
CANNOT = "cannot be printed with the packaged fonts"


def _med(**changes: Any) -> Any:
    packet = example_packets()["CP-0001"]
    doc = next(d for d in packet.documents if d.composed.form_id == "KAP-EMER").composed
    return replace(doc, **changes)


def _fonts(pdf: bytes) -> set[str]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return {
            str(font.BaseFont).split("+", 1)[1]
            for page in document.pages
            for font in page.Resources.Font.values()
        }


# Coverage


@pytest.mark.parametrize(
    "text",
    [
        "Zoë",
        "Siobhán",
        "e\u0301",
        "Ελένη",
        "Жанна",
        "שלום",
        "مرحبا",
        "张伟",
        "山田",
        "김민준",
        "😀☺",
    ],
)
def test_scripts_the_fonts_cover(text: str) -> None:
    assert unprintable(text) == []


def test_line_break_is_printable_but_controls_are_not() -> None:
    assert printable("\n")
    assert not printable("\t")
    assert not printable("\x00")  # DejaVu maps NUL to a glyph, but it is never text


def test_uncovered_characters_listed_once_in_order() -> None:
    assert unprintable(f"a{THAI}b\u0e02{THAI}\U000e0001") == [THAI, "\u0e02", "\U000e0001"]
    assert ord(THAI) not in covered()


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        (THAI, "'\u0e01' (U+0E01)"),
        ("\u0e48", "U+0E48 (THAI CHARACTER MAI EK)"),  # a combining mark is named, not shown
        ("\U000e0001", "U+E0001 (LANGUAGE TAG)"),
        ("\u0378", "U+0378"),  # unassigned: no name
    ],
)
def test_describe(char: str, expected: str) -> None:
    assert describe(char) == expected


def test_glyph_problem_wording() -> None:
    assert (
        glyph_problem([THAI])
        == f"the character '{THAI}' (U+0E01) {CANNOT}; replace it or leave it out"
    )
    chars = [chr(0x0E01 + i) for i in range(5)]
    assert glyph_problem(chars) == (
        "the characters '\u0e01' (U+0E01), '\u0e02' (U+0E02), '\u0e03' (U+0E03) and 2 more "
        f"{CANNOT}; replace them or leave them out"
    )


# Loading names the file and the field


def test_client_field_with_uncovered_character(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    client_data["emergency_contact"]["name"] = f"Som{THAI}"
    client_data["address"] = f"1 Main Street\nBangkok {THAI}\u0e48"
    path = write(tmp_path, "clients.yaml", [client_data])
    with pytest.raises(DataError) as info:
        load_clients(path, Practice.model_validate(practice_data), today())
    assert info.value.problems == [
        f"{path}: clients[0].address: the characters '{THAI}' (U+0E01), "
        f"U+0E48 (THAI CHARACTER MAI EK) {CANNOT}; replace them or leave them out",
        f"{path}: clients[0].emergency_contact.name: the character '{THAI}' (U+0E01) {CANNOT}; "
        "replace it or leave it out",
    ]


def test_practice_field_with_uncovered_character(
    tmp_path: Path, write: Write, practice_data: dict[str, Any]
) -> None:
    practice_data["prescribers"][0]["name"] = "Adaeze \U0001f642kafor"
    path = write(tmp_path, "practice.json", practice_data)
    with pytest.raises(DataError) as info:
        load_practice(path)
    assert info.value.problems == [
        f"{path}: prescribers[0].name: the character '\U0001f642' (U+1F642) {CANNOT}; "
        "replace it or leave it out"
    ]


@pytest.mark.parametrize("command", ["validate", "render"])
def test_cli_reports_uncovered_character_and_writes_nothing(
    tmp_path: Path,
    write: Write,
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
    command: str,
) -> None:
    client_data["legal_name"] = f"Somchai {THAI}"
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    out = tmp_path / "out"
    extra = ["--out", str(out)] if command == "render" else []
    result = CliRunner().invoke(
        app, [command, "--practice", str(practice), "--client", str(client), *extra]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Invalid input (1 problem); nothing was written:\n"
        f"  {client}: legal_name: the character '{THAI}' (U+0E01) {CANNOT}; "
        "replace it or leave it out\n"
    )
    assert not out.exists()


# Rendering


def test_cjk_prints_with_the_packaged_fallback_font() -> None:
    name = "张伟 山田太郎 김민준"
    doc = _med(client_name=name)
    pdf = render_pdf(doc, TemplateSet(), LayoutOptions())
    assert name in normalize(pdf_text(pdf))
    assert _fonts(pdf) == {"KAP-Sans", "KAP-Sans-Bold", "KAP-Fallback"}


def test_emoji_and_scripts_use_only_packaged_fonts() -> None:
    name = "Zoë 😀 ☺ Ελένη Жанна"
    pdf = render_pdf(_med(client_name=name, practice_name="שלום"), TemplateSet(), LayoutOptions())
    assert name in normalize(pdf_text(pdf))
    assert "שלום" in pdf_text(pdf)
    assert _fonts(pdf) == {"KAP-Sans", "KAP-Sans-Bold"}  # no font installed on the computer


def test_uncovered_character_in_the_wording_stops_rendering_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The last line of defence: text that skipped loading (wording, API callers) still fails."""
    caplog.set_level(logging.DEBUG)
    doc = _med(client_name=f"Somchai {THAI}")
    with pytest.raises(TemplateError) as info:
        render_pdf(doc, TemplateSet(), LayoutOptions())
    assert str(info.value) == (
        "KAP-EMER: no packaged font can print U+0E01; remove the character from the data or "
        "the wording (a print.css override must keep the packaged @font-face rules)"
    )
    assert not any(THAI in record.getMessage() for record in caplog.records)
    assert logging.getLogger("weasyprint").propagate


def test_docx_keeps_every_character() -> None:
    name = "张伟 😀 שלום e\u0301"
    data = render_docx(_med(client_name=name), TemplateSet(), LayoutOptions())
    header = docx.Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text
    assert header.endswith(f"\t{name}")


def test_example_practice_and_clients_pass() -> None:
    practice = load_practice(EXAMPLES / "practice.yaml")
    assert len(load_clients(EXAMPLES / "clients.yaml", practice, today())) == 3


def test_coverage_file_matches_the_fonts() -> None:
    """The ranges `validate` reads are what the fonts map (else run tools/font_coverage.py)."""
    from_fonts = read_fonts_coverage()
    written = (packaged_dir() / "fonts" / COVERAGE_FILE).read_text(encoding="ascii")
    assert written == coverage_text(from_fonts), "run `python tools/font_coverage.py`"
    assert covered() == from_fonts
    assert printable("a") and printable("\u00e9") and printable("\u4e2d")  # Latin, CJK fallback
    assert not printable("\u0e01") and not printable("\x07")  # Thai: no font; a control


def test_coverage_text_joins_neighbours_into_ranges() -> None:
    """Consecutive code points become one range; a gap starts a new one."""
    lines = coverage_text(frozenset({0x41, 0x42, 0x43, 0x61})).splitlines()
    assert lines[1:] == ["0041-0043", "0061-0061"]
