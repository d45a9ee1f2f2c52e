"""Composed document → DOCX with docxtpl: autoescaped, strict XML, no silent recovery."""

from __future__ import annotations

import functools
import io
from datetime import UTC, datetime
from typing import Any

from ..compose import ComposedDocument
from ..errors import TemplateError
from ..templating import TemplateSet, make_environment
from . import LayoutOptions
from .docx_layout import build_docx_layout

LAYOUT = "layout/document.docx"


@functools.cache
def _default_layout(options: LayoutOptions, logo: str | None) -> bytes:
    return build_docx_layout(options, logo)


def _layout_bytes(templates: TemplateSet, options: LayoutOptions, logo: str | None) -> bytes:
    """Return the practice's own DOCX layout if its folder has one, else the default."""
    if templates.override_dir is not None and (templates.override_dir / LAYOUT).is_file():
        return (templates.override_dir / LAYOUT).read_bytes()
    return _default_layout(options, logo)


def _template_class() -> Any:
    from docxtpl import DocxTemplate
    from lxml import etree

    class StrictDocxTemplate(DocxTemplate):  # type: ignore[misc]
        """docxtpl that refuses broken XML instead of letting lxml recover (and drop text)."""

        def fix_tables(self, xml: str) -> Any:
            try:
                etree.fromstring(xml.encode("utf-8"))
            except etree.XMLSyntaxError as exc:
                raise TemplateError(f"the DOCX layout produced invalid Word XML ({exc})") from None
            return super().fix_tables(xml)

    return StrictDocxTemplate


def render_docx(doc: ComposedDocument, templates: TemplateSet, options: LayoutOptions) -> bytes:
    """Return the document as DOCX bytes; every value is XML-escaped."""
    from lxml import etree

    template = _template_class()(io.BytesIO(_layout_bytes(templates, options, doc.logo)))
    env = make_environment(autoescape=True)
    try:
        template.render({"doc": doc}, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise TemplateError(f"{doc.form_id} DOCX: {exc}") from None
    except etree.XMLSyntaxError as exc:  # a header or footer python-docx parsed strictly
        raise TemplateError(
            f"{doc.form_id} DOCX: the layout produced invalid Word XML ({exc})"
        ) from None
    except Exception as exc:  # docxtpl and jinja raise many types; name the document
        raise TemplateError(
            f"{doc.form_id} DOCX layout failed: {type(exc).__name__}: {exc}"
        ) from None
    stamp = datetime(doc.generated.year, doc.generated.month, doc.generated.day, tzinfo=UTC)
    properties = template.docx.core_properties
    properties.title, properties.author, properties.subject = (
        doc.title,
        doc.practice_name,
        doc.form_id,
    )
    properties.created = properties.modified = stamp
    properties.last_modified_by = "kap-consent"
    properties.revision = 1
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
