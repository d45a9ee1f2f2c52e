"""Layouts that turn a composed document into bytes: HTML/PDF (WeasyPrint) and DOCX (docxtpl)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Paper = Literal["letter", "a4"]
PdfVariant = Literal["standard", "pdf/a-3b", "pdf/ua-1"]
"""`standard` for printing; PDF/A-3b for archives; PDF/UA-1 for tagged, accessible PDF."""


@dataclass(frozen=True)
class LayoutOptions:
    """How pages are laid out, shared by both formats."""

    paper: Paper = "letter"
    large_print: bool = False
    pdf_variant: PdfVariant = "standard"
    duplex: bool = False
    """For two-sided printing: in packet.pdf every document starts on the front of a sheet."""
