"""A practice's override folder (`--templates DIR`): what it may hold, and reading from it safely.

Both `render` and `check-templates` refuse a folder that is missing, holds files the search path
would never read (a misspelled folder, form ID or clause id), links to files outside itself,
holds text that is not UTF-8, or a Word layout that points outside the file: any of these would
otherwise print the packaged wording, leak another file, or crash, without a word.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path

from .errors import TemplateError

FOLDERS = ("documents", "clauses", "layout")
"""The sub-folders an override folder may have."""
LAYOUTS = ("print.css", "document.html.j2", "document.docx")
"""The layout files an override folder may replace."""
TEXT_SUFFIXES = frozenset({".yaml", ".yml", ".txt", ".css", ".j2", ".html", ".htm"})
MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest override file read (a Word layout with a logo is well under this)."""
_CLAUSE_FILE = "clauses/<FORM-ID>/<clause-id>.txt"
_EXTERNAL = re.compile(rb"<Relationship\b[^>]*\bTargetMode\s*=\s*[\"']External[\"'][^>]*>")
_TYPE = re.compile(rb"\bType\s*=\s*[\"'][^\"']*/([^/\"']+)[\"']")


def folder_problems(folder: Path) -> list[str]:
    """Return why files in the folder cannot be read safely: links out, pipes, not UTF-8."""
    if not folder.exists():
        return [f"{folder}: no such folder; check the path given to --templates"]
    if not folder.is_dir():
        return [f"{folder}: not a folder; give the folder you pass to --templates"]
    root = folder.resolve()
    problems = []
    for entry in _walk(folder):
        if entry.is_symlink() and not _inside(entry.resolve(), root):
            problems.append(
                f"{entry}: links to a file outside the templates folder; copy the file into "
                "the folder instead of linking to it"
            )
        elif entry.is_symlink() and entry.is_dir():
            continue  # a link to a folder inside: its files are checked where they are
        elif not entry.is_dir():
            problems += _file_problems(entry)
    return problems


def _walk(folder: Path) -> Iterable[Path]:
    """Yield every entry under `folder` without following links (so a loop cannot hang it)."""
    for parent, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            yield Path(parent) / name


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _file_problems(path: Path) -> list[str]:
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would never finish reading
        return [f"{path}: not a regular file; remove it from the templates folder"]
    if info.st_size > MAX_FILE_BYTES:
        return [f"{path}: larger than {MAX_FILE_BYTES // 1024 // 1024} MB; check the file"]
    if path.suffix.lower() not in TEXT_SUFFIXES or path.name.startswith("."):
        return []
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return [_not_utf8(path, exc)]
    return []


def _not_utf8(path: Path, exc: UnicodeDecodeError) -> str:
    line = exc.object[: exc.start].count(b"\n") + 1
    return (
        f"{path}:{line}: not UTF-8 text (it looks saved as Windows-1252 or similar); open it in "
        "a text editor and save it with the encoding UTF-8"
    )


def read_text(folder: Path | None, path: Path) -> str:
    """Read a template file as UTF-8; a file from the override folder must stay inside it."""
    data = read_bytes(folder, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(_not_utf8(path, exc)) from None


def read_bytes(folder: Path | None, path: Path) -> bytes:
    """Read a template file; refuse one under the override folder that resolves outside it."""
    under = folder is not None and _inside(path.absolute(), folder.absolute())
    if under and folder is not None and not _inside(path.resolve(), folder.resolve()):
        raise TemplateError(
            f"{path}: links to a file outside the templates folder; copy the file into "
            "the folder instead of linking to it"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the file ({exc.strerror})") from None


def name_problems(folder: Path, forms: dict[str, list[str]]) -> list[str]:
    """Name each file the search path would never read; `forms` maps form ID → clause ids."""
    problems = [
        f"{entry}: not used; overrides go in documents/, clauses/ or layout/ (check the spelling)"
        for entry in sorted(folder.iterdir())
        if not entry.name.startswith(".") and (entry.name not in FOLDERS or not entry.is_dir())
    ]
    problems += [
        f"{entry}: not used; a wording file is named <FORM-ID>.yaml"
        for entry in sorted((folder / "documents").glob("*"))
        if entry.suffix != ".yaml" and not entry.name.startswith(".")
    ]
    problems += _clause_names(folder, forms)
    return problems + [
        f"{entry}: not used; a layout override is one of {', '.join(LAYOUTS)}"
        for entry in sorted((folder / "layout").glob("*"))
        if entry.name not in LAYOUTS and not entry.name.startswith(".")
    ]


def _clause_names(folder: Path, forms: dict[str, list[str]]) -> list[str]:
    problems = []
    for form_dir in sorted((folder / "clauses").glob("*")):
        if form_dir.name.startswith("."):
            continue
        if not form_dir.is_dir():
            problems.append(f"{form_dir}: not used; a clause override is {_CLAUSE_FILE}")
        elif form_dir.name not in forms:
            problems.append(
                f"{form_dir}: no document has this form ID; {_form_hint(form_dir, forms)}"
            )
        else:
            problems += [
                problem
                for path in sorted(form_dir.iterdir())
                if not path.name.startswith(".")
                for problem in [_clause_name(path, form_dir.name, forms[form_dir.name])]
                if problem
            ]
    return problems


def _form_hint(form_dir: Path, forms: dict[str, list[str]]) -> str:
    close = difflib.get_close_matches(form_dir.name.upper(), forms, n=1, cutoff=0.8)
    if close:
        return f"did you mean {close[0]}?"
    return f"name the folder after one of {', '.join(forms)}"


def _clause_name(path: Path, form_id: str, ids: list[str]) -> str | None:
    if path.suffix != ".txt" or not path.is_file():
        return f"{path}: not used; a clause override is {_CLAUSE_FILE}"
    if path.stem not in ids:
        close = difflib.get_close_matches(path.stem, ids, n=1)
        hint = f"did you mean {close[0]}.txt?" if close else f"see the clause ids in {form_id}"
        return f"{path}: {form_id} has no clause with this id; {hint}"
    return None


def external_links(data: bytes) -> list[str]:
    """Return the kinds of link a Word file makes to things outside it (templates, web pages)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [archive.read(n) for n in archive.namelist() if n.endswith(".rels")]
    except (zipfile.BadZipFile, OSError, ValueError):
        return []  # not a Word file at all: opening it reports that
    kinds = []
    for part in parts:
        for match in _EXTERNAL.finditer(part):
            kind = _TYPE.search(match.group())
            kinds.append(kind.group(1).decode("ascii", "replace") if kind else "link")
    return sorted(set(kinds))


def external_problem(path: Path, kinds: list[str]) -> str:
    """Say why a Word layout that links outside itself is refused."""
    return (
        f"{path}: links to files outside itself ({', '.join(kinds)}), which Word fetches when a "
        "client's document is opened; remove the attached template (Word: Developer > Document "
        "Template) and any links, then save the layout again"
    )
