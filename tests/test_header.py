"""The running header holds the longest name allowed (120 characters), wide letters, Chinese
and large print included: every line stays on the page and above the body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kap_consent import LayoutOptions, TemplateSet, load_clients, load_practice
from kap_consent.clock import today
from kap_consent.compose import compose_document
from kap_consent.context import build_context
from kap_consent.render.pdf import render_pdf_drawn
from kap_consent.types import NAME_MAX

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PRINTER_EDGE = 0.2 * 96  # CSS pixels: most printers cannot print the outer fifth of an inch
LONGEST = {
    "wide": "W" * NAME_MAX,
    "words": ("Wolfeschlegelsteinhausenbergerdorff " * 4)[:NAME_MAX],
    "chinese": "\u5f20" * NAME_MAX,
}
LAYOUTS = {
    "letter": LayoutOptions(),
    "a4": LayoutOptions(paper="a4"),
    "large-print": LayoutOptions(large_print=True),
}


def _text_boxes(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure.boxes import TextBox

    if isinstance(box, TextBox) and box.text.strip():
        yield box
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)


def _header_lines(name: str, field: str, options: LayoutOptions) -> tuple[list[Any], Any]:
    practice = load_practice(EXAMPLES / "practice.yaml")
    client = load_clients(EXAMPLES / "clients.yaml", practice, today())[0]
    if field == "client":
        client = client.model_copy(update={"legal_name": name})
    else:
        practice = practice.model_copy(update={"display_name": name})
    templates = TemplateSet()
    fees = next(d for d in templates.document_defs() if d.form_id == "KAP-FEE")
    doc = compose_document(templates, fees, build_context(practice, client, today()))
    page = render_pdf_drawn(doc, templates, options).document.pages[0]._page_box
    from weasyprint.formatting_structure.boxes import MarginBox

    margins = [m for m in page.children if isinstance(m, MarginBox)]
    lines = [b for m in margins for b in _text_boxes(m) if b.position_y < page.margin_top]
    return lines, page


@pytest.mark.parametrize("layout", LAYOUTS, ids=LAYOUTS.keys())
@pytest.mark.parametrize("kind", LONGEST, ids=LONGEST.keys())
@pytest.mark.parametrize("field", ["client", "practice"])
def test_longest_name_stays_inside_the_header(field: str, kind: str, layout: str) -> None:
    name = LONGEST[kind]
    lines, page = _header_lines(name, field, LAYOUTS[layout])
    printed = "".join(b.text for b in lines)
    assert "".join(name.split()) in "".join(printed.split())  # all of it, not cut off
    for box in lines:
        assert box.position_y >= PRINTER_EDGE
        assert box.position_y + box.height <= page.margin_top
        assert box.position_x >= 0
        assert box.position_x + box.width <= page.margin_width()


def test_a_name_longer_than_the_header_holds_is_refused(
    tmp_path: Path, write: Callable[..., Path], practice_data: dict[str, Any]
) -> None:
    from kap_consent.cli import app

    practice_data["display_name"] = "C" * (NAME_MAX + 1)
    practice = write(tmp_path, "practice.yaml", practice_data)
    result = CliRunner().invoke(app, ["validate", "--practice", str(practice)])
    assert result.exit_code == 2
    assert result.stderr == (
        "Invalid input (1 problem); nothing was written:\n"
        f"  {practice}: display_name: {NAME_MAX + 1} characters is too long; "
        f"at most {NAME_MAX} (shorten it)\n"
    )
