"""HTML → PDF with WeasyPrint, behind a fetcher that reads only packaged assets and the logo."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..compose import ComposedDocument
from ..errors import TemplateError
from ..templating import TemplateSet, packaged_dir
from . import LayoutOptions
from .html import render_html

_MEDIA_TYPES = {
    ".ttf": "font/ttf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
_PAGE_SIZES = {"letter": "Letter", "a4": "A4"}


def allowed_files(doc: ComposedDocument) -> frozenset[Path]:
    """Return the only files WeasyPrint may read: packaged fonts and this practice's logo."""
    fonts = (packaged_dir() / "fonts").resolve()
    files = {p.resolve() for p in fonts.glob("*.ttf")}
    if doc.logo:
        files.add(Path(doc.logo).resolve())
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


def render_pdf(doc: ComposedDocument, templates: TemplateSet, options: LayoutOptions) -> bytes:
    """Return the document as PDF bytes; fail if the layout reaches for anything not allowed."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _locked_fetcher(allowed_files(doc))
    layout_dir = packaged_dir() / "layout"
    css_text = templates.find("layout/print.css").read_text(encoding="utf-8")
    page_css = f"@page {{ size: {_PAGE_SIZES[options.paper]}; }}"
    stamp = datetime(doc.generated.year, doc.generated.month, doc.generated.day, tzinfo=UTC)
    try:
        document = HTML(
            string=render_html(doc, templates, options),
            base_url=layout_dir.as_uri() + "/",
            url_fetcher=fetcher,
        ).render(
            stylesheets=[
                CSS(string=css_text, base_url=layout_dir.as_uri() + "/", url_fetcher=fetcher),
                CSS(string=page_css, url_fetcher=fetcher),
            ],
        )
    except FatalURLFetchingError as exc:
        raise TemplateError(
            f"{doc.form_id}: layout {exc}; only packaged fonts and the logo may be used"
        ) from None
    document.metadata.title = doc.title
    document.metadata.authors = [doc.practice_name]
    document.metadata.created = stamp.isoformat()
    document.metadata.modified = stamp.isoformat()
    output = io.BytesIO()
    variant = None if options.pdf_variant == "standard" else options.pdf_variant
    document.write_pdf(output, pdf_variant=variant, pdf_tags=variant is not None)
    return output.getvalue()
