"""Render a composed document to HTML with the autoescaping, sandboxed layout template."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader

from ..compose import ComposedDocument
from ..templating import TemplateSet, guard, make_environment
from . import LayoutOptions

LAYOUT = "layout/document.html.j2"


def render_html(doc: ComposedDocument, templates: TemplateSet, options: LayoutOptions) -> str:
    """Return the document as HTML; every value is escaped."""
    env = make_environment(autoescape=True)
    env.loader = FileSystemLoader([str(p) for p in templates.search_path])
    html: str = guard(
        lambda: env.get_template(LAYOUT).render(
            doc=doc,
            paper=options.paper,
            large_print=options.large_print,
            logo_url=Path(doc.logo).as_uri() if doc.logo else "",
        ),
        f"{doc.form_id} {templates.find(LAYOUT)}",
        templates.read_text(LAYOUT),
    )
    return html
