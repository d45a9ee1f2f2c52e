"""Render composed data to HTML with the autoescaping, sandboxed layout templates."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader

from ..compose import ComposedDocument
from ..templating import TemplateSet, guard, make_environment
from . import LayoutOptions

LAYOUT = "layout/document.html.j2"


def logo_url(logo: str | None) -> str:
    """Return the logo as a file URL for the layout, or "" when the practice has none."""
    return Path(logo).as_uri() if logo else ""


@functools.lru_cache(maxsize=16)
def _layout_environment(search_path: tuple[str, ...]) -> Any:
    """Return the escaping environment for one search path; it compiles each layout once.

    Jinja keeps the compiled layouts and checks each file's modification time before reusing
    one, so an edited layout is read again.
    """
    env = make_environment(autoescape=True)
    env.loader = FileSystemLoader(list(search_path))
    return env


def render_layout(
    name: str, templates: TemplateSet, options: LayoutOptions, where: str, **values: Any
) -> str:
    """Return the layout `name` (found along the search path) rendered with `values`, escaped."""
    env = _layout_environment(tuple(str(p) for p in templates.search_path))
    html: str = guard(
        lambda: env.get_template(name).render(paper=options.paper, **values),
        f"{where} {templates.find(name)}",
        templates.read_text(name),
    )
    return html


def render_html(doc: ComposedDocument, templates: TemplateSet, options: LayoutOptions) -> str:
    """Return the document as HTML; every value is escaped."""
    return render_layout(
        LAYOUT,
        templates,
        options,
        doc.form_id,
        doc=doc,
        large_print=options.large_print,
        logo_url=logo_url(doc.logo),
    )
