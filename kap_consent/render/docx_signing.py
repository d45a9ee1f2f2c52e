"""The DOCX signing block: attestation, a signature table per signer and the copy-given line.

Every paragraph is kept with the next, so Word and LibreOffice move the block as one; the
layout keeps the document's last clause with it, so the block never starts a page alone.
"""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Emu, Inches, Length, Pt

from .docx_xml import border, cant_split, widths


def add_signatures(document: Any, width: Length) -> None:
    """Append the signing block, with docxtpl tags over the composed attestation and signers."""
    document.add_paragraph("{%p for paragraph in doc.attestation %}")
    attestation = document.add_paragraph()
    attestation.add_run("{{ paragraph }}").bold = True
    attestation.paragraph_format.keep_with_next = True
    attestation.paragraph_format.space_before = Pt(8)
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for signer in doc.signers %}")
    role = document.add_paragraph()
    role.add_run("{{ signer.label }}").bold = True
    role.paragraph_format.keep_with_next = True
    role.paragraph_format.space_before = Pt(14)
    _signature_table(
        document, width, ("Signature", "Date"), "Printed name: {{ signer.printed_name }}"
    )
    document.add_paragraph("{%p endfor %}")
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
