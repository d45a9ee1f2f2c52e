"""HTML → PDF with WeasyPrint, behind a fetcher that reads only packaged assets and the logo."""

from __future__ import annotations

import functools
import io
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..compose import ComposedDocument
from ..errors import TemplateError
from ..resources import packaged_dir
from ..templating import TemplateSet
from . import LayoutOptions
from .html import render_html

_MEDIA_TYPES = {
    ".ttf": "font/ttf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
PRINT_CSS = "layout/print.css"
_PAGE_SIZES = {"letter": "Letter", "a4": "A4"}
_WRAP = (
    "p, li { overflow-wrap: break-word; } "
    "td, th, .running-header * { overflow-wrap: anywhere; } "
    ".clause-body { min-width: 0; } "
    "table.rows { table-layout: fixed; } table.rows th { box-sizing: border-box; }"
)
"""A value may be one long unbroken string (an address typed without spaces): break it at the
edge of its box instead of letting it run off the page or widen a table. `anywhere` (which also
lets a table cell or a flex item shrink) is kept to short cells because it makes WeasyPrint
measure every break opportunity; paragraphs break with `break-word` inside a clause body that
may shrink. A table of values is laid out `fixed` (its columns take the widths print.css gives
them): an automatic table layout measures the narrowest width of every cell, which with
`anywhere` costs time that grows with the square of an unbroken value's length (the
emergency-contacts form with every field at its limit took 44 s of CPU time, 1 s when fixed).
Appended after print.css, so an override cannot lose it."""
_FONTCONFIG = Path(__file__).with_name("fonts.conf")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
_NOTDEF = ".notdef glyph rendered"
"""How WeasyPrint's warning about a character no font could draw begins."""


def allowed_files(logo: str | None) -> frozenset[Path]:
    """Return the only files WeasyPrint may read: packaged fonts and this practice's logo."""
    fonts = (packaged_dir() / "fonts").resolve()
    files = {p.resolve() for p in fonts.glob("*.ttf")}
    if logo:
        files.add(Path(logo).resolve())
    return frozenset(files)


def _locked_fetcher(allowed: frozenset[Path]) -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class LockedFetcher(URLFetcher):  # type: ignore[misc]
        """Serve allowed local files; refuse every other URL and stop the render."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or path not in allowed or parts.netloc not in ("", "localhost"):
                raise FatalURLFetchingError(f"refused to fetch {url}")
            media_type = _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})

    return LockedFetcher(fail_on_errors=True, allowed_protocols=["file"])


@functools.cache
def font_rules() -> str:
    """Return the packaged print.css's @font-face rules, which every stylesheet starts with.

    Without them Pango has no font at all and crashes the process (a segmentation fault), so
    an override's print.css cannot lose them; rules of its own come after and still apply.
    """
    packaged = (packaged_dir() / "layout" / "print.css").read_text(encoding="utf-8")
    return "\n".join(_FONT_FACE.findall(packaged)) + "\n"


@functools.lru_cache(maxsize=4)
def _font_config(css_text: str) -> Any:
    """Return a font configuration that knows only the stylesheet's @font-face fonts.

    WeasyPrint reads @font-face rules only through a font configuration, which it builds from
    the system's fontconfig setup; pointing FONTCONFIG_FILE at an empty setup while it is built
    hides every installed font. One configuration per stylesheet loads each font once.
    """
    from weasyprint.text.fonts import FontConfiguration

    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(_FONTCONFIG)
    try:
        return FontConfiguration()
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


class _Capture(logging.Handler):
    """Keep WeasyPrint's log records (they can quote client text) instead of letting them out."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.missing: list[int] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if str(record.msg).startswith(_NOTDEF) and isinstance(args, tuple) and len(args) == 2:
            self.missing.append(int(str(args[1])))


@contextmanager
def _missing_glyphs() -> Iterator[list[int]]:
    """Collect the code points WeasyPrint had to draw as empty boxes; nothing reaches the logs."""
    logger = logging.getLogger("weasyprint")
    capture, level, propagate = _Capture(), logger.level, logger.propagate
    logger.addHandler(capture)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield capture.missing
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)
        logger.propagate = propagate


def _missing_message(codes: list[int]) -> str:
    listed = ", ".join(f"U+{code:04X}" for code in codes[:5])
    more = f" and {len(codes) - 5} more" if len(codes) > 5 else ""
    return (
        f"no packaged font can print {listed}{more}; remove the character from the data or "
        "the wording (a print.css override must keep the packaged @font-face rules)"
    )


@dataclass(frozen=True)
class RenderedPdf:
    """A document as PDF bytes, with the text it visibly draws and WeasyPrint's pages."""

    pdf: bytes
    drawn: str
    document: Any = field(repr=False, compare=False)


@dataclass(frozen=True)
class PdfInfo:
    """What a PDF needs besides its HTML: metadata, the logo it may read, a name for errors."""

    title: str
    author: str
    generated: date
    logo: str | None
    where: str


def render_pdf(doc: ComposedDocument, templates: TemplateSet, options: LayoutOptions) -> bytes:
    """Return the document as PDF bytes; fail if the layout reaches for anything not allowed."""
    return render_pdf_drawn(doc, templates, options).pdf


def render_pdf_drawn(
    doc: ComposedDocument, templates: TemplateSet, options: LayoutOptions
) -> RenderedPdf:
    """Render the document as PDF, and read back the body text it visibly draws."""
    from .drawn import drawn_text

    info = PdfInfo(doc.title, doc.practice_name, doc.generated, doc.logo, doc.form_id)
    rendered = html_to_pdf(render_html(doc, templates, options), info, templates, options)
    return RenderedPdf(rendered.pdf, drawn_text(rendered.document), rendered.document)


def html_to_pdf(
    html: str, info: PdfInfo, templates: TemplateSet, options: LayoutOptions
) -> RenderedPdf:
    """Lay out `html` with the print CSS and write it as PDF (its drawn text is not read)."""
    variant = None if options.pdf_variant == "standard" else options.pdf_variant
    output = io.BytesIO()
    with _missing_glyphs() as missing:
        document = _layout(html, info, templates, options)
        document.write_pdf(output, pdf_variant=variant, pdf_tags=variant is not None)
    if missing:
        raise TemplateError(f"{info.where}: {_missing_message(list(dict.fromkeys(missing)))}")
    return RenderedPdf(output.getvalue(), "", document)


def _layout(html: str, info: PdfInfo, templates: TemplateSet, options: LayoutOptions) -> Any:
    """Lay out the pages with WeasyPrint behind the locked fetcher."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _locked_fetcher(allowed_files(info.logo))
    base_url = (packaged_dir() / "layout").as_uri() + "/"
    css_text = templates.read_text(PRINT_CSS)
    if templates.find(PRINT_CSS).parent.parent != packaged_dir():
        css_text = font_rules() + css_text
    fonts = _font_config(css_text)
    page_css = f"@page {{ size: {_PAGE_SIZES[options.paper]}; }} {_WRAP}"
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[
                CSS(string=css_text, base_url=base_url, url_fetcher=fetcher, font_config=fonts),
                CSS(string=page_css, url_fetcher=fetcher, font_config=fonts),
            ],
            font_config=fonts,
        )
    except FatalURLFetchingError:  # the address could hold client data, so it is not shown
        raise TemplateError(
            f"{info.where}: the layout asks for a file or web address that is not allowed; "
            "a layout may use only the packaged fonts (../fonts/...) and the practice's logo "
            "(run `kap-consent check-templates` on the templates folder)"
        ) from None
    stamp = datetime(info.generated.year, info.generated.month, info.generated.day, tzinfo=UTC)
    document.metadata.title = info.title
    document.metadata.authors = [info.author]
    document.metadata.created = stamp.isoformat()
    document.metadata.modified = stamp.isoformat()
    return document
