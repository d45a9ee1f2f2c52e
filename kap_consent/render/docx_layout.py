"""Build the default DOCX layout: a Word file whose body is docxtpl tags over the composed document.

The layout is built in code (one source, no stale binary); a practice may instead put its own
`layout/document.docx` in its override folder. Widths follow the paper's text width, so
nothing runs past the right margin on A4.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Length, Pt

from . import LayoutOptions
from .docx_xml import border, cant_split, field, list_level, rule, tight, widths

FONT = "DejaVu Sans"
_PAGE = {"letter": (Inches(8.5), Inches(11)), "a4": (Inches(8.27), Inches(11.69))}
_BOX_COLUMN, _BOX = Inches(1.15), (Inches(0.95), Inches(0.55))
"""The initials box is at least 0.9 x 0.5 inch, room for initials after a scan."""


def _tag(container: Any, tag: str) -> None:
    container.add_paragraph(tag)


def _spacer(container: Any) -> None:
    """Add a short empty paragraph: space, and a stop between tables Word would merge."""
    tight(container.add_paragraph(), 5)


def _list_indents(document: Any, base: float) -> None:
    """Leave room for two-digit clause numbers ("10."); bullets sit under the clause text."""
    number = Pt(base * 2.4)
    list_level(document, "List Number", number, number)
    document.styles["List Continue"].paragraph_format.left_indent = number
    list_level(document, "List Bullet 2", Emu(number + Pt(base * 1.3)), Pt(base * 1.2))


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
    _list_indents(document, base)


def _running(paragraphs: list[Any], document: Any, width: Length, size: float) -> None:
    for paragraph in paragraphs:
        paragraph.style = document.styles["Normal"]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        for run in paragraph.runs:
            run.font.size = Pt(size)


def _page(document: Any, options: LayoutOptions, logo: str | None) -> Length:
    """Set the paper, margins, running header and footer; return the text width."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = _PAGE[options.paper]
    section.left_margin = section.right_margin = Inches(0.85)
    size = 10 if options.large_print else 8.5
    # The footer has three lines; the bottom margin leaves clear space above them.
    section.top_margin, section.bottom_margin = Inches(1.05), Inches(1.05 + (size - 8.5) / 8)
    section.header_distance = section.footer_distance = Inches(0.4)
    width = Length(section.page_width - section.left_margin - section.right_margin)
    header = section.header.paragraphs[0]
    if logo:
        header.add_run().add_picture(logo, height=Inches(0.4))
        header.add_run(" ")
    header.add_run("{{ doc.practice_name }}").bold = True
    header.add_run("\t{{ doc.client_name }}")
    client = section.header.add_paragraph(
        "\tDOB {{ doc.client_dob | longdate }} · Client ID {{ doc.client_id }}"
    )
    footer = section.footer.paragraphs[0]
    footer.add_run("{{ doc.title }}").bold = True
    footer.add_run("\tPage ").bold = True
    field(footer, "PAGE", bold=True)
    footer.add_run(" of ").bold = True
    field(footer, "NUMPAGES", bold=True)
    section.footer.add_paragraph(
        "{{ doc.form_id }} v{{ doc.version }} · Facts as of {{ doc.facts_as_of | longdate }}"
    )
    section.footer.add_paragraph(
        "Generated {{ doc.generated | longdate }} · Document ID {{ doc.doc_id }}"
    )
    _running([*section.header.paragraphs, *section.footer.paragraphs], document, width, size)
    rule(client, "bottom")
    rule(footer, "top")
    return width


def _text(paragraph: Any, value: str) -> None:
    """Write `value` in bold when the clause is emphasised, as the PDF prints it."""
    paragraph.add_run("{%r if clause.emphasis %}")
    paragraph.add_run(value).bold = True
    paragraph.add_run("{%r else %}")
    paragraph.add_run(value)
    paragraph.add_run("{%r endif %}")


def _clause_text(container: Any, keep: bool = False) -> None:
    """Paragraphs (first numbered by Word, the rest continued), then bullet points.

    With `keep`, every paragraph stays on the page of the next, so a clause is never parted
    from the form rows that follow it.
    """
    _tag(container, "{%p for paragraph in clause.paragraphs %}")
    _tag(container, "{%p if loop.first %}")
    paragraphs = [container.add_paragraph(style="List Number")]
    _tag(container, "{%p else %}")
    paragraphs.append(container.add_paragraph(style="List Continue"))
    _tag(container, "{%p endif %}")
    _tag(container, "{%p endfor %}")
    _tag(container, "{%p for item in clause.items %}")
    paragraphs.append(container.add_paragraph(style="List Bullet 2"))
    _tag(container, "{%p endfor %}")
    for paragraph, value in zip(paragraphs, ("paragraph", "paragraph", "item"), strict=True):
        _text(paragraph, f"{{{{ {value} }}}}")
        paragraph.paragraph_format.keep_with_next = keep or None


def _rows(document: Any, width: Length) -> None:
    _tag(document, "{%p if clause.rows %}")
    table = document.add_table(rows=3, cols=2)
    widths(table, (Emu(int(width * 0.38)), Emu(int(width * 0.62))))
    table.cell(0, 0).text = "{%tr for row in clause.rows %}"
    label, value = table.cell(1, 0), table.cell(1, 1)
    label.text = "{{ row.label }}"
    label.paragraphs[0].runs[0].bold = True
    value.text = "{% if row.value is not none %}{{ row.value }}{% endif %}"
    border(value, ("bottom",))
    cant_split(table.rows[1])
    table.cell(2, 0).text = "{%tr endfor %}"
    _spacer(document)
    _tag(document, "{%p endif %}")


def _initials_box(cell: Any) -> None:
    """Put a fixed-size box labelled Initials at the top of `cell`, however tall the clause."""
    box = cell.add_table(rows=1, cols=1)
    cell._tc.remove(cell.paragraphs[0]._p)  # the cell's empty first paragraph
    tight(cell.paragraphs[-1], 6)  # Word needs a paragraph after a table: space below the box
    inner = box.cell(0, 0)
    widths(box, (_BOX[0],))
    box.rows[0].height, box.rows[0].height_rule = _BOX[1], WD_ROW_HEIGHT_RULE.EXACTLY
    inner.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    inner.text = "Initials"
    inner.paragraphs[0].paragraph_format.space_after = Pt(1)
    inner.paragraphs[0].runs[0].font.size = Pt(7.5)
    border(inner, ("top", "left", "bottom", "right"), size=12)


def _clauses(document: Any, width: Length) -> None:
    _tag(document, "{%p for clause in section.clauses %}")
    _tag(document, "{%p if clause.initials %}")
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths(table, (Emu(width - _BOX_COLUMN), _BOX_COLUMN))
    body, box = table.cell(0, 0), table.cell(0, 1)
    _clause_text(body)
    body._tc.remove(body.paragraphs[0]._p)
    _initials_box(box)
    cant_split(table.rows[0])
    _spacer(document)
    _tag(document, "{%p elif clause.rows %}")
    _clause_text(document, keep=True)
    _tag(document, "{%p else %}")
    _clause_text(document)
    _tag(document, "{%p endif %}")
    _rows(document, width)
    _tag(document, "{%p endfor %}")


def _signatures(document: Any, width: Length) -> None:
    _tag(document, "{%p for paragraph in doc.attestation %}")
    attestation = document.add_paragraph()
    attestation.add_run("{{ paragraph }}").bold = True
    attestation.paragraph_format.keep_with_next = True
    attestation.paragraph_format.space_before = Pt(8)
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p for signer in doc.signers %}")
    role = document.add_paragraph()
    role.add_run("{{ signer.label }}").bold = True
    role.paragraph_format.keep_with_next = True
    role.paragraph_format.space_before = Pt(14)
    _signature_table(
        document, width, ("Signature", "Date"), "Printed name: {{ signer.printed_name }}"
    )
    _tag(document, "{%p endfor %}")
    given = document.add_paragraph("A copy of this signed document was given to the client.")
    given.paragraph_format.keep_with_next = True
    given.paragraph_format.space_before = Pt(14)
    _signature_table(document, width, ("Staff initials", "Date given"), None)


def _signature_table(
    document: Any, width: Length, labels: tuple[str, str], printed: str | None
) -> None:
    """Lines to sign and date on (a signature line of about 4 inches), labels, printed name."""
    table = document.add_table(rows=3 if printed else 2, cols=3)
    table.rows[0].height = Inches(0.45)
    table.rows[0].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for cell in (table.cell(0, 0), table.cell(0, 2)):
        border(cell, ("bottom",), size=10)
    for cell, label in zip((table.cell(1, 0), table.cell(1, 2)), labels, strict=True):
        cell.text = label
        cell.paragraphs[0].runs[0].font.size = Pt(8)
    if printed:
        merged = table.cell(2, 0).merge(table.cell(2, 2))
        merged.text = printed
    # Like the PDF, the attestation, every signer and the copy line stay on one page.
    for row in table.rows:
        cant_split(row)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = (
                    bool(printed) or row is not table.rows[-1]
                )
    widths(table, (Emu(int(width * 0.63)), Emu(int(width * 0.04)), Emu(int(width * 0.33))))


def build_docx_layout(options: LayoutOptions, logo: str | None = None) -> bytes:
    """Return the default DOCX layout with docxtpl tags, for the given paper and print size."""
    document = Document()
    _styles(document, options)
    width = _page(document, options, logo)
    document.add_paragraph("{{ doc.title }}", style="Heading 1")
    _tag(document, "{%p for paragraph in doc.intro %}")
    document.add_paragraph("{{ paragraph }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p for section in doc.sections %}")
    document.add_paragraph("{{ section.heading }}", style="Heading 2")
    _clauses(document, width)
    _tag(document, "{%p endfor %}")
    _signatures(document, width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
