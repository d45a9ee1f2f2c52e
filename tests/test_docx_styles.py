"""The default DOCX layout keeps only the Word styles its parts name, and their ancestors."""

from __future__ import annotations

import io
import re
import zipfile

import docx

from kap_consent.render import LayoutOptions
from kap_consent.render.docx_layout import build_docx_layout
from kap_consent.render.docx_styles import drop_styles_with_effects, prune_styles


def _style_ids(document: docx.document.Document) -> set[str]:
    return {style.style_id for style in document.styles}


def test_unused_styles_go_and_used_ones_stay_with_their_ancestors() -> None:
    document = docx.Document()
    document.add_paragraph("quote", style="Intense Quote")
    before = _style_ids(document)
    prune_styles(document)
    after = _style_ids(document)
    assert {"IntenseQuote", "Normal", "IntenseQuoteChar"} <= after
    assert "Title" in before and "Title" not in after
    assert len(after) < len(before) / 4


def test_the_second_copy_of_every_style_is_dropped() -> None:
    document = docx.Document()
    drop_styles_with_effects(document)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        assert "word/stylesWithEffects.xml" not in archive.namelist()


def test_every_style_the_layout_names_is_defined() -> None:
    with zipfile.ZipFile(io.BytesIO(build_docx_layout(LayoutOptions()))) as archive:
        names = [name for name in archive.namelist() if name.endswith(".xml")]
        parts = {name: archive.read(name).decode() for name in names}
    defined = set(re.findall(r'w:styleId="([^"]+)"', parts["word/styles.xml"]))
    named = {
        value
        for name, text in parts.items()
        if name.startswith("word/") and name != "word/styles.xml"
        for value in re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', text)
    }
    assert named and named <= defined
    assert len(defined) < 30
