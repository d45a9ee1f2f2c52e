"""Composed document → DOCX with docxtpl: autoescaped, strict XML, no silent recovery."""

from __future__ import annotations

import functools
import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

from .. import overrides
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
        path = templates.override_dir / LAYOUT
        data = overrides.read_bytes(templates.override_dir, path)
        links = overrides.external_links(data)
        if links:
            raise TemplateError(overrides.external_problem(path, links))
        return data
    return _default_layout(options, logo)


@functools.lru_cache(maxsize=32)
def _patched_xml(src_xml: str) -> str:
    """Return docxtpl's tag cleanup of a layout part; it depends on the part alone, so once."""
    from docxtpl import DocxTemplate

    patched: str = DocxTemplate.patch_xml(None, src_xml)
    return patched


@functools.cache
def _template_class() -> Any:
    from docxtpl import DocxTemplate
    from lxml import etree

    class StrictDocxTemplate(DocxTemplate):  # type: ignore[misc]
        """docxtpl that refuses broken XML instead of letting lxml recover (and drop text)."""

        def patch_xml(self, src_xml: str) -> str:
            return _patched_xml(src_xml)

        def fix_tables(self, xml: str) -> Any:
            try:
                etree.fromstring(xml.encode("utf-8"))
            except etree.XMLSyntaxError as exc:
                raise TemplateError(f"the DOCX layout produced invalid Word XML ({exc})") from None
            return super().fix_tables(xml)

    return StrictDocxTemplate


def _xml_value(finalize: Any) -> Any:
    """Wrap an environment's finalize so each value is XML-escaped, braces included.

    After rendering, docxtpl turns `{_{` into `{{` (and `}_}`, `{_%`, `%_}` likewise) anywhere
    in the XML; writing braces as character references keeps a value such as `{_{` exact.
    """

    def xml_value(value: Any) -> Markup:
        escaped = str(escape(finalize(value)))  # plain str: Markup.replace would escape "&"
        return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))

    return xml_value


@functools.cache
def _xml_environment() -> Any:
    """Return the escaping environment for Word XML; it compiles each XML part once."""
    env = make_environment(autoescape=True)
    env.finalize = _xml_value(env.finalize)
    return env


def render_docx(doc: ComposedDocument, templates: TemplateSet, options: LayoutOptions) -> bytes:
    """Return the document as DOCX bytes; every value is XML-escaped."""
    from lxml import etree

    template = _template_class()(io.BytesIO(_layout_bytes(templates, options, doc.logo)))
    try:
        template.render({"doc": doc}, jinja_env=_xml_environment(), autoescape=True)
    except TemplateError as exc:
        raise TemplateError(f"{doc.form_id} DOCX: {exc}") from None
    except etree.XMLSyntaxError as exc:  # a header or footer python-docx parsed strictly
        raise TemplateError(
            f"{doc.form_id} DOCX: the layout produced invalid Word XML ({exc})"
        ) from None
    except (jinja2.TemplateSyntaxError, jinja2.UndefinedError, SecurityError) as exc:
        raise TemplateError(
            f"{doc.form_id} DOCX layout failed: {type(exc).__name__}: {exc.message}; "
            "run `kap-consent check-templates` on the templates folder"
        ) from None
    except Exception as exc:  # other messages could quote client text, so only the kind shows
        raise TemplateError(f"{doc.form_id} DOCX layout failed ({type(exc).__name__})") from None
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
    return save_stamped(template.docx.part.package, stamp)


def save_stamped(package: Any, stamp: datetime) -> bytes:
    """Return the package's DOCX bytes, every zip entry dated `stamp`, not the clock.

    The steps of python-docx's own save, written through a writer that dates each entry, so
    bytes repeat without compressing every part a second time.
    """
    from docx.opc.pkgwriter import PackageWriter

    for part in package.parts:
        part.before_marshal()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        writer: Any = _StampedWriter(archive, stamp)
        steps: Any = PackageWriter  # its write() would open its own zip, dated by the clock
        steps._write_content_types_stream(writer, package.parts)
        steps._write_pkg_rels(writer, package.rels)
        steps._write_parts(writer, package.parts)
    return buffer.getvalue()


class _StampedWriter:
    """What python-docx's package writer writes parts to: a zip whose entries are all dated."""

    def __init__(self, archive: zipfile.ZipFile, stamp: datetime) -> None:
        self._archive = archive
        self._date_time = stamp.timetuple()[:6]

    def write(self, pack_uri: Any, blob: bytes) -> None:
        """Add one part, compressed and dated like every other."""
        entry = zipfile.ZipInfo(pack_uri.membername, self._date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        self._archive.writestr(entry, blob)
