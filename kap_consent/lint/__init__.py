"""Check a practice's override folder (`--templates DIR`) before it is used to render packets.

`check_templates(DIR)` returns every problem as `file[:line]: what is wrong and what to do`:
files the search path would never read, wording files that do not validate, Jinja syntax
errors, names the context lacks, text the fonts cannot print, tags Word broke in a DOCX layout,
and any required disclosure the overrides would remove (found by composing every document for
example clients).
"""

from __future__ import annotations

from pathlib import Path

from ..overrides import folder_problems
from ..templating import TemplateSet
from .composed import check_composed
from .layouts import check_layouts
from .wording import check_wording


def check_templates(
    folder: Path, practice_file: Path | None = None, client_file: Path | None = None
) -> list[str]:
    """Return every problem of an override folder; an empty list means it is safe to use.

    Composing checks use the practice and client files given, else the packaged examples.
    """
    folder = Path(folder)
    unsafe = folder_problems(folder)
    if unsafe:  # a link out, a pipe or a file that is not UTF-8 is not read any further
        return unsafe
    packaged = TemplateSet()
    defs = {d.form_id: d for d in packaged.document_defs()}
    problems = check_wording(folder, defs, packaged.text_env)
    problems += check_layouts(folder)
    # Composing needs sound files, so a folder with problems is fixed and checked again first.
    return problems or check_composed(folder, practice_file, client_file)


__all__ = ["check_templates"]
