"""Word XML that python-docx has no API for: borders, rules, fields, row and list properties."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Pt
from docx.text.paragraph import Paragraph

# Word rejects properties out of schema order, so new elements go before their successors.
_AFTER_TC_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:vAlign", "w:hideMark")
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
_AFTER_P_BDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr")


def _edge(tag: str, size: int, color: str = "000000") -> Any:
    edge = OxmlElement(tag)
    for name, value in (("w:val", "single"), ("w:sz", str(size)), ("w:color", color)):
        edge.set(qn(name), value)
    return edge


def border(cell: Any, sides: tuple[str, ...], size: int = 8) -> None:
    """Draw a cell's borders on the given sides (size in eighths of a point)."""
    borders = OxmlElement("w:tcBorders")
    for side in sides:
        borders.append(_edge(f"w:{side}", size))
    cell._tc.get_or_add_tcPr().insert_element_before(borders, *_AFTER_TC_BORDERS)


def rule(paragraph: Any, side: str) -> None:
    """Draw a thin rule above or below a paragraph (the running header and footer)."""
    borders = OxmlElement("w:pBdr")
    edge = _edge(f"w:{side}", 6, "555555")
    edge.set(qn("w:space"), "4")
    borders.append(edge)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_P_BDR)


def box(paragraph: Any, size: int = 12) -> None:
    """Draw a box around a paragraph (size in eighths of a point)."""
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = _edge(f"w:{side}", size)
        edge.set(qn("w:space"), "2")
        borders.append(edge)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_P_BDR)


def widths(table: Any, sizes: tuple[Length, ...]) -> None:
    """Fix column widths so Word and LibreOffice lay the table out the same way."""
    table.autofit = False
    for column, width in zip(table.columns, sizes, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def cant_split(row: Any) -> None:
    """Keep a table row on one page."""
    row._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:cantSplit"), *_AFTER_CANT_SPLIT)


def field(paragraph: Any, code: str, bold: bool) -> None:
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
    for run in paragraph.runs[-5:]:  # LibreOffice formats the result as the field's first run
        run.bold = bold


def tight(paragraph: Any, points: float) -> None:
    """Give a paragraph an exact line height and no space around it."""
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(points)


def list_level(document: Any, style: str, left: Length, hanging: Length) -> None:
    """Indent a list style and its Word numbering level alike.

    Word and LibreOffice differ on which of the two wins, so both say the same.
    """
    numbering = document.part.numbering_part.element
    num_id = document.styles[style].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    level = f'w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl[@w:ilvl="0"]/w:pPr'
    for tab in numbering.xpath(f"{level}/w:tabs/w:tab"):
        tab.set(qn("w:pos"), str(left.twips))
    for ind in numbering.xpath(f"{level}/w:ind"):
        ind.set(qn("w:left"), str(left.twips))
        ind.set(qn("w:hanging"), str(hanging.twips))
    paragraph = document.styles[style].paragraph_format
    paragraph.left_indent, paragraph.first_line_indent = left, Emu(-hanging)


def keep_rows(table: Any, keep: bool) -> None:
    """Keep every row of `table`, nested tables included, with the paragraph after it.

    Word keeps a table with what follows when each paragraph in its rows keeps with the next.
    """
    if not keep:
        return
    for element in table._tbl.iter(qn("w:p")):
        Paragraph(element, table).paragraph_format.keep_with_next = True
