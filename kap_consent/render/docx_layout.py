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
from .docx_signing import add_signatures
from .docx_styles import drop_styles_with_effects, prune_styles
from .docx_xml import border, box, cant_split, field, keep_rows, list_level, rule, tight, widths

FONT = "DejaVu Sans"
_PAGE = {"letter": (Inches(8.5), Inches(11)), "a4": (Inches(8.27), Inches(11.69))}
_BOX_COLUMN, _BOX = Inches(1.15), (Inches(0.95), Inches(0.55))
"""The initials box is at least 0.9 x 0.5 inch, room for initials after a scan."""


def _tag(container: Any, tag: str) -> None:
    container.add_paragraph(tag)


def _spacer(container: Any, keep: bool = False) -> None:
    """Add a short empty paragraph: space, and a stop between tables Word would merge."""
    spacer = container.add_paragraph()
    tight(spacer, 5)
    spacer.paragraph_format.keep_with_next = keep or None


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


def _rows(document: Any, width: Length, keep: bool) -> None:
    table = document.add_table(rows=3, cols=2)
    widths(table, (Emu(int(width * 0.38)), Emu(int(width * 0.62))))
    table.cell(0, 0).text = "{%tr for row in clause.rows %}"
    label, value = table.cell(1, 0), table.cell(1, 1)
    label.text = "{{ row.label }}"
    label.paragraphs[0].runs[0].bold = True
    value.text = "{% if row.value is not none %}{{ row.value }}{% endif %}"
    border(value, ("bottom",))
    cant_split(table.rows[1])
    keep_rows(table, keep)
    table.cell(2, 0).text = "{%tr endfor %}"
    _spacer(document, keep)


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


def _initialed(document: Any, width: Length) -> None:
    """The clause beside its initials box, in a table row that never splits."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths(table, (Emu(width - _BOX_COLUMN), _BOX_COLUMN))
    body, box = table.cell(0, 0), table.cell(0, 1)
    _clause_text(body)
    body._tc.remove(body.paragraphs[0]._p)
    _initials_box(box)
    cant_split(table.rows[0])
    _spacer(document)


def _initialed_last(document: Any, width: Length) -> None:
    """The last clause, then its initials box at the right as a boxed paragraph, not a table.

    LibreOffice ignores "keep with next" inside a table, so a table here could stay behind
    while the signatures move to a new page alone.
    """
    _clause_text(document, keep=True)
    initials = document.add_paragraph()
    initials.add_run("Initials").font.size = Pt(7.5)
    box(initials)
    fmt = initials.paragraph_format
    fmt.left_indent = Emu(width - _BOX[0])
    fmt.line_spacing = Emu(_BOX[1] - Pt(4))  # a Length: exact, the height of the box
    fmt.space_before, fmt.space_after, fmt.keep_with_next = Pt(2), Pt(6), True


def _clauses(document: Any, width: Length) -> None:
    """Every clause of a section; the document's last clause keeps with the signatures.

    Word has no "avoid a break before" like the PDF's CSS, so the last clause's paragraphs
    (and its table rows) are kept with the next paragraph, and the signing block is kept
    together: the signatures never start a page alone.
    """
    _tag(document, "{%p for clause in section.clauses %}")
    _tag(document, "{%p if clause.initials and last_section and loop.last %}")
    _initialed_last(document, width)
    _tag(document, "{%p elif clause.initials %}")
    _initialed(document, width)
    _tag(document, "{%p elif clause.rows or (last_section and loop.last) %}")
    _clause_text(document, keep=True)
    _tag(document, "{%p else %}")
    _clause_text(document)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if clause.rows and last_section and loop.last %}")
    _rows(document, width, keep=True)
    _tag(document, "{%p elif clause.rows %}")
    _rows(document, width, keep=False)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")


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
    _tag(document, "{%p set last_section = loop.last %}")
    document.add_paragraph("{{ section.heading }}", style="Heading 2")
    _clauses(document, width)
    _tag(document, "{%p endfor %}")
    add_signatures(document, width)
    prune_styles(document)
    drop_styles_with_effects(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
