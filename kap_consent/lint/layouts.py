"""Check a practice's own layouts: the Word layout's tags, the HTML layout, the print CSS."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ..overrides import external_links, external_problem
from ..templating import make_environment
from .jinja import jinja_problems, lint_jinja

HTML_NAMES = frozenset({"doc", "paper", "large_print", "logo_url"})
"""What render/html.py passes to the HTML layout."""
DOCX_NAMES = frozenset({"doc"})
"""What render/docx.py passes to the Word layout."""
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_DELIMITERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_ONE_PARAGRAPH = "Word split the tag; retype the whole tag inside one paragraph"
_SPLIT = re.compile(r"\{\s+[{%#]|[}%#]\s+\}")
"""`{ {` or `% }`: a tag whose two characters Word (or autocorrect) pulled apart."""
_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]*)")


def check_layouts(folder: Path) -> list[str]:
    """Return the problems of the layout overrides in `folder / "layout"`."""
    layout = folder / "layout"
    problems: list[str] = []
    checks = {
        "print.css": _check_css,
        "document.html.j2": _check_html,
        "document.docx": _check_docx,
    }
    for name, check in checks.items():
        if (layout / name).is_file():
            problems += check(layout / name)
    return problems


def _check_html(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8", errors="replace")
    return lint_jinja(path, 1, source, make_environment(autoescape=True), HTML_NAMES)


def _check_css(path: Path) -> list[str]:
    """The renderer reads only the packaged fonts and the logo, and sees no installed font."""
    text = path.read_text(encoding="utf-8", errors="replace")
    problems = [
        f"{path}:{number}: url({url}) would be refused; a layout may use only the packaged "
        "fonts (../fonts/...) and the practice's logo"
        for number, line in enumerate(text.split("\n"), start=1)
        for url in _URL.findall(line)
        if not url.startswith("../fonts/")
    ]
    return problems


def _check_docx(path: Path) -> list[str]:
    """Check each part of a Word layout: tags Word broke apart, then docxtpl's Jinja."""
    from docxtpl import DocxTemplate

    data = path.read_bytes()
    links = external_links(data)
    if links:
        return [external_problem(path, links)]
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.render_init()
        parts = [("word/document.xml", template.get_xml())]
        for uri in (template.HEADER_URI, template.FOOTER_URI):
            parts += [
                (part.partname.lstrip("/"), template.get_part_xml(part))
                for _, part in template.get_headers_footers(uri)
            ]
    except Exception as exc:  # python-docx raises many kinds for a file that is not a .docx
        return [f"{path}: cannot open it as a Word document ({type(exc).__name__}); save as .docx"]
    problems = []
    for name, xml in parts:
        problems += _broken_tags(path, name, xml) or _docx_jinja(path, name, template, xml)
    return problems


def _broken_tags(path: Path, part: str, xml: str) -> list[str]:
    """Find tags that do not open and close inside one paragraph, or that Word split apart."""
    from lxml import etree

    problems = []
    for p in etree.fromstring(xml.encode("utf-8")).iter(f"{_W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{_W}t"))
        split = [f"`{m.group()}` looks like a split tag; retype it" for m in _SPLIT.finditer(text)]
        reasons = split or _unpaired(text)
        problems += [f"{path}: {part}{_near(text)}: {why}" for why in reasons]
    return problems


def _unpaired(text: str) -> list[str]:
    """Return why the tags in one paragraph's text do not pair up (Word split them), if so."""
    expected = None
    for match in _DELIMITERS.finditer(text):
        token = match.group()
        if token in _OPENERS:
            expected = expected or _OPENERS[token]
        elif token == expected:
            expected = None
        elif expected is None:
            return [f"`{token}` closes a tag that this paragraph never opens; {_ONE_PARAGRAPH}"]
    if expected:
        return [f"a tag is not closed (no `{expected}`) in this paragraph; {_ONE_PARAGRAPH}"]
    return []


def _docx_jinja(path: Path, part: str, template: Any, xml: str) -> list[str]:
    """Run docxtpl's own clean-up, then report Jinja syntax errors and unknown names."""
    # docxtpl renders each paragraph on a line of its own, so an error's line is a paragraph.
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml)).split("\n")
    env = make_environment(autoescape=True)
    problems = []
    for line, why in jinja_problems("\n".join(lines), env, DOCX_NAMES):
        text = re.sub(r"<[^>]+>", "", lines[line - 1]) if line <= len(lines) else ""
        problems.append(f"{path}: {part}{_near(text)}: {why}")
    return problems


def _near(text: str) -> str:
    """Return `, near "text"` to help find a paragraph in Word, or nothing for an empty one."""
    text = " ".join(text.split())
    if not text:
        return ""
    return f', near "{text[:50]}..."' if len(text) > 50 else f', near "{text}"'
