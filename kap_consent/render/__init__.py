"""Layouts that turn a composed document into bytes: HTML/PDF (WeasyPrint) and DOCX (docxtpl)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Paper = Literal["letter", "a4"]


@dataclass(frozen=True)
class LayoutOptions:
    """How pages are laid out, shared by both formats."""

    paper: Paper = "letter"
    large_print: bool = False
