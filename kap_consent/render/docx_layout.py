"""Build the default DOCX layout: a Word file whose body is docxtpl tags over the composed document.

The layout is built in code (one source, no stale binary); a practice may instead put its own
`layout/document.docx` in its override folder.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from . import LayoutOptions

FONT = "DejaVu Sans"
_PAGE = {"letter": (Inches(8.5), Inches(11)), "a4": (Inches(8.27), Inches(11.69))}


def _border(cell: Any, sides: tuple[str, ...], size: int = 8) -> None:
    borders = OxmlElement("w:tcBorders")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    cell._tc.get_or_add_tcPr().append(borders)


def _widths(table: Any, widths: tuple[Any, ...]) -> None:
    """Fix column widths so Word and LibreOffice lay the table out the same way."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _cant_split(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _field(paragraph: Any, code: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that Word and LibreOffice update when laying out."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    paragraph.add_run()._r.append(instruction)
    char("separate")
    paragraph.add_run("1")
    char("end")


def _tag(container: Any, tag: str) -> None:
    container.add_paragraph(tag)


def _styles(document: Any, options: LayoutOptions) -> None:
    base = 14 if options.large_print else 10.5
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(base)
    normal.paragraph_format.space_after = Pt(4)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name, size in (("Heading 1", base * 1.5), ("Heading 2", base * 1.15)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = None
        style.paragraph_format.keep_with_next = True
    for name in ("List Number", "List Continue", "List Bullet 2", "Header", "Footer"):
        document.styles[name].font.name = FONT


def _page(document: Any, options: LayoutOptions, logo: str | None) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = _PAGE[options.paper]
    section.left_margin = section.right_margin = Inches(0.85)
    section.top_margin, section.bottom_margin = Inches(1.0), Inches(0.95)
    section.header_distance = section.footer_distance = Inches(0.4)
    width = section.page_width - section.left_margin - section.right_margin
    header = section.header.paragraphs[0]
    if logo:
        header.add_run().add_picture(logo, height=Inches(0.4))
        header.add_run(" ")
    header.add_run("{{ doc.practice_name }}").bold = True
    header.add_run("\t{{ doc.client_name }}")
    section.header.add_paragraph(
        "\tDOB {{ doc.client_dob | longdate }} · Client ID {{ doc.client_id }}"
    )
    footer = section.footer.paragraphs[0]
    footer.add_run(
        "{{ doc.title }} · {{ doc.form_id }} v{{ doc.version }}"
        " · Facts as of {{ doc.facts_as_of | longdate }}\tPage "
    )
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    section.footer.add_paragraph(
        "Generated {{ doc.generated | longdate }} · Document ID {{ doc.doc_id }}"
    )
    for paragraph in [*section.header.paragraphs, *section.footer.paragraphs]:
        paragraph.style = document.styles["Normal"]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        for run in paragraph.runs:
            run.font.size = Pt(8.5)
    section.header.paragraphs[-1].paragraph_format.space_after = Pt(6)


def _clause_text(container: Any) -> None:
    """Paragraphs (first numbered by Word, the rest continued), then bullet points."""
    _tag(container, "{%p for paragraph in clause.paragraphs %}")
    _tag(container, "{%p if loop.first %}")
    container.add_paragraph("{{ paragraph }}", style="List Number")
    _tag(container, "{%p else %}")
    container.add_paragraph("{{ paragraph }}", style="List Continue")
    _tag(container, "{%p endif %}")
    _tag(container, "{%p endfor %}")
    _tag(container, "{%p for item in clause.items %}")
    container.add_paragraph("{{ item }}", style="List Bullet 2")
    _tag(container, "{%p endfor %}")


def _rows(document: Any) -> None:
    _tag(document, "{%p if clause.rows %}")
    table = document.add_table(rows=3, cols=2)
    _widths(table, (Inches(2.6), Inches(4.1)))
    table.cell(0, 0).text = "{%tr for row in clause.rows %}"
    label, value = table.cell(1, 0), table.cell(1, 1)
    label.text = "{{ row.label }}"
    label.paragraphs[0].runs[0].bold = True
    value.text = "{% if row.value is not none %}{{ row.value }}{% endif %}"
    _border(value, ("bottom",))
    _cant_split(table.rows[1])
    table.cell(2, 0).text = "{%tr endfor %}"
    _tag(document, "{%p endif %}")


def _clauses(document: Any) -> None:
    _tag(document, "{%p for clause in section.clauses %}")
    _tag(document, "{%p if clause.initials %}")
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _widths(table, (Inches(5.7), Inches(1.0)))
    body, box = table.cell(0, 0), table.cell(0, 1)
    _clause_text(body)
    body._tc.remove(body.paragraphs[0]._p)
    box.text = "\n\n\nInitials"
    box.paragraphs[0].runs[0].font.size = Pt(7.5)
    _border(box, ("top", "left", "bottom", "right"), size=12)
    _cant_split(table.rows[0])
    _tag(document, "{%p else %}")
    _clause_text(document)
    _tag(document, "{%p endif %}")
    _rows(document)
    _tag(document, "{%p endfor %}")


def _signatures(document: Any) -> None:
    _tag(document, "{%p for paragraph in doc.attestation %}")
    attestation = document.add_paragraph()
    attestation.add_run("{{ paragraph }}").bold = True
    attestation.paragraph_format.keep_with_next = True
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p for signer in doc.signers %}")
    role = document.add_paragraph()
    role.add_run("{{ signer.label }}").bold = True
    role.paragraph_format.keep_with_next = True
    role.paragraph_format.space_before = Pt(14)
    _signature_table(document, ("Signature", "Date"), "Printed name: {{ signer.printed_name }}")
    _tag(document, "{%p endfor %}")
    given = document.add_paragraph("A copy of this signed document was given to the client.")
    given.paragraph_format.keep_with_next = True
    given.paragraph_format.space_before = Pt(14)
    _signature_table(document, ("Staff initials", "Date given"), None)


def _signature_table(document: Any, labels: tuple[str, str], printed: str | None) -> None:
    table = document.add_table(rows=3 if printed else 2, cols=3)
    for cell in (table.cell(0, 0), table.cell(0, 2)):
        cell.text = "\n"
        _border(cell, ("bottom",), size=10)
    table.cell(1, 0).text, table.cell(1, 2).text = labels
    if printed:
        merged = table.cell(2, 0).merge(table.cell(2, 2))
        merged.text = printed
    for row in table.rows:
        _cant_split(row)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = row is not table.rows[-1]
    _widths(table, (Inches(4.3), Inches(0.3), Inches(2.2)))


def build_docx_layout(options: LayoutOptions, logo: str | None = None) -> bytes:
    """Return the default DOCX layout with docxtpl tags, for the given paper and print size."""
    document = Document()
    _styles(document, options)
    _page(document, options, logo)
    document.add_paragraph("{{ doc.title }}", style="Heading 1")
    _tag(document, "{%p for paragraph in doc.intro %}")
    document.add_paragraph("{{ paragraph }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p for section in doc.sections %}")
    document.add_paragraph("{{ section.heading }}", style="Heading 2")
    _clauses(document)
    _tag(document, "{%p endfor %}")
    _signatures(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
