"""The pages packet.pdf adds around the documents: blank back pages and the signing checklist."""

from __future__ import annotations

from ..checklist import Checklist
from ..compose import ComposedDocument
from ..templating import TemplateSet
from . import LayoutOptions
from .html import logo_url, render_layout
from .pdf import PdfInfo, RenderedPdf, html_to_pdf

BLANK_LAYOUT = "layout/blank.html.j2"
CHECKLIST_LAYOUT = "layout/checklist.html.j2"


def render_blank_page(
    doc: ComposedDocument, templates: TemplateSet, options: LayoutOptions
) -> RenderedPdf:
    """Return the blank back page that follows `doc` in a duplex packet."""
    html = render_layout(
        BLANK_LAYOUT,
        templates,
        options,
        f"{doc.form_id} blank page",
        doc=doc,
        large_print=options.large_print,
        logo_url=logo_url(doc.logo),
    )
    info = PdfInfo(
        doc.title, doc.practice_name, doc.generated, doc.logo, f"{doc.form_id} blank page"
    )
    return html_to_pdf(html, info, templates, options)


def render_checklist(
    checklist: Checklist, templates: TemplateSet, options: LayoutOptions
) -> RenderedPdf:
    """Return the signing checklist page."""
    where = "signing checklist"
    html = render_layout(
        CHECKLIST_LAYOUT,
        templates,
        options,
        where,
        checklist=checklist,
        logo_url=logo_url(checklist.logo),
    )
    info = PdfInfo(
        checklist.title, checklist.practice_name, checklist.generated, checklist.logo, where
    )
    return html_to_pdf(html, info, templates, options)
