"""DOCX output: text read back, exact escaping, Word fields, strict XML, styles."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import docx
import pytest

from kap_consent import TemplateSet
from kap_consent.errors import TemplateError
from kap_consent.extract import docx_text, normalize
from kap_consent.render import LayoutOptions
from kap_consent.render.docx import render_docx

from .packets import example_packets

HOSTILE = "O'Brien & <Sons>"


def _doc(client_id: str = "CP-0001", form_id: str = "KAP-MED"):
    packet = example_packets()[client_id]
    return next(d for d in packet.documents if d.composed.form_id == form_id)


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


@pytest.mark.parametrize("client_id", ["CP-0001", "CP-0002", "CP-0003"])
def test_every_docx_names_client_and_has_no_leftovers(client_id: str) -> None:
    for doc in example_packets()[client_id].documents:
        data = doc.docx or b""
        body = normalize(docx_text(data))
        header = _part(data, "word/header1.xml")
        assert doc.composed.title in body
        assert doc.composed.client_name.replace("'", "&apos;") in header or (
            doc.composed.client_name in header
        )
        assert not any(bad in body for bad in ("{{", "}}", "{%", "None", "undefined"))


def test_hostile_name_prints_exactly_in_body_and_header() -> None:
    composed = replace(_doc().composed, client_name=HOSTILE)
    data = render_docx(composed, TemplateSet(), LayoutOptions())
    document = docx.Document(io.BytesIO(data))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert HOSTILE in header


def test_hostile_text_in_clause_survives(tmp_path) -> None:
    composed = _doc().composed
    section = composed.sections[0]
    clause = replace(section.clauses[0], paragraphs=[HOSTILE + " {{ 7*7 }} \\ é"])
    composed = replace(composed, sections=[replace(section, clauses=[clause])])
    text = docx_text(render_docx(composed, TemplateSet(), LayoutOptions()))
    assert HOSTILE + " {{ 7*7 }} \\ é" in text


def test_page_fields_in_footer() -> None:
    footer = _part(_doc().docx or b"", "word/footer1.xml")
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "KAP-MED v" in footer and "Facts as of" in footer


def test_word_styles_and_numbering_used() -> None:
    document = docx.Document(io.BytesIO(_doc().docx or b""))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "List Number"} <= styles
    assert not any(p.text[:3].rstrip(".").isdigit() for p in document.paragraphs if p.text)


def test_invalid_xml_is_refused_not_recovered(tmp_path) -> None:
    (tmp_path / "layout").mkdir()
    layout = TemplateSet().find("layout/print.css")  # any packaged file proves the path works
    assert layout.is_file()
    broken = _broken_layout()
    (tmp_path / "layout" / "document.docx").write_bytes(broken)
    with pytest.raises(TemplateError, match="invalid Word XML"):
        render_docx(_doc().composed, TemplateSet(tmp_path), LayoutOptions())


def _broken_layout() -> bytes:
    """A layout whose tag writes raw markup (the |safe filter), as a careless edit might."""
    from kap_consent.render.docx_layout import build_docx_layout

    source = io.BytesIO(build_docx_layout(LayoutOptions()))
    target = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ doc.title }}", b"{{ '<w:p>' | safe }}")
            new.writestr(item, data)
    return target.getvalue()


def test_docx_entries_carry_the_document_date_not_the_clock() -> None:
    with zipfile.ZipFile(io.BytesIO(_doc().docx or b"")) as archive:
        dates = {entry.date_time for entry in archive.infolist()}
    assert dates == {(2026, 11, 26, 0, 0, 0)}


def test_same_document_an_hour_apart_gives_identical_docx_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    composed = _doc().composed
    first = render_docx(composed, TemplateSet(), LayoutOptions())
    later = zipfile.time.time() + 3600  # type: ignore[attr-defined]
    monkeypatch.setattr(zipfile.time, "time", lambda: later)  # type: ignore[attr-defined]
    assert render_docx(composed, TemplateSet(), LayoutOptions()) == first
