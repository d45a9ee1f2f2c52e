"""The template environments compile each source once, and still see an edited layout."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kap_consent.errors import TemplateError
from kap_consent.render import LayoutOptions
from kap_consent.render.html import render_layout
from kap_consent.templating import TemplateSet, make_environment


def test_a_source_is_compiled_once() -> None:
    env = make_environment(autoescape=True)
    first = env.from_string("Hello {{ name }}")
    assert env.from_string("Hello {{ name }}") is first
    assert env.from_string("Bye {{ name }}") is not first


def test_values_stay_data_and_are_escaped() -> None:
    template = make_environment(autoescape=True).from_string("<p>{{ name }}</p>")
    assert template.render(name="{{ 7 * 7 }}") == "<p>{{ 7 * 7 }}</p>"
    assert template.render(name="<b>") == "<p>&lt;b&gt;</p>"


def test_a_cached_template_stays_strict() -> None:
    template = make_environment(autoescape=False).from_string("{{ missing }}")
    template.render(missing=1)
    with pytest.raises(Exception, match="missing"):
        template.render()


def test_an_edited_layout_is_read_again(tmp_path: Path) -> None:
    layout = tmp_path / "layout" / "note.html.j2"
    layout.parent.mkdir()
    layout.write_text("one {{ paper }}", encoding="utf-8")
    templates = TemplateSet(tmp_path)
    assert render_layout("layout/note.html.j2", templates, LayoutOptions(), "note") == "one letter"
    layout.write_text("two {{ paper }}", encoding="utf-8")
    stamp = layout.stat().st_mtime + 5
    os.utime(layout, (stamp, stamp))
    assert render_layout("layout/note.html.j2", templates, LayoutOptions(), "note") == "two letter"


def test_a_layout_error_still_names_the_layout(tmp_path: Path) -> None:
    layout = tmp_path / "layout" / "bad.html.j2"
    layout.parent.mkdir()
    layout.write_text("{{ nothing_here }}", encoding="utf-8")
    with pytest.raises(TemplateError, match=re.escape("bad.html.j2: 'nothing_here' is undefined")):
        render_layout("layout/bad.html.j2", TemplateSet(tmp_path), LayoutOptions(), "bad")
