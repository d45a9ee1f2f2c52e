"""The override folder (`--templates`): a wrong path, a link out of the folder, a print.css
without fonts, CSS that hides a required disclosure, files not saved as UTF-8 and a Word layout
that links outside itself are each refused by `render` and `check-templates`, naming the file.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kap_consent.extract import pdf_text
from kap_consent.render import LayoutOptions
from kap_consent.render.docx_layout import build_docx_layout

Write = Callable[[Path, str, Any], Path]
MED = ("--documents", "KAP-MED", "--format", "pdf")


def run(*args: str | Path) -> Result:
    from kap_consent.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def files(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> tuple[Path, Path]:
    return write(tmp_path, "practice.yaml", practice_data), write(
        tmp_path, "client.yaml", client_data
    )


def render(files: tuple[Path, Path], templates: Path, *extra: str) -> tuple[Result, Path]:
    out = templates.parent / "out"
    practice, client = files
    result = run(
        "render", "--practice", practice, "--client", client, "--out", out,
        "--templates", templates, *extra,
    )  # fmt: skip
    return result, out


def refused(result: Result, out: Path, folder: Path, *problems: str) -> None:
    """Assert exit 2, nothing written, and the folder's problems listed one per line."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: the templates folder {folder} cannot be used ({count}); nothing was written:\n"
        + "".join(f"  {p}\n" for p in problems)
    )
    assert not out.exists()


def put(folder: Path, relative: str, text: str | bytes) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# Point 1: a wrong path


def test_templates_folder_that_does_not_exist(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "overides"
    refused(
        *render(files, folder),
        folder,
        f"{folder}: no such folder; check the path given to --templates",
    )


def test_templates_path_that_is_a_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = put(tmp_path, "templates.txt", "x")
    refused(
        *render(files, folder),
        folder,
        f"{folder}: not a folder; give the folder you pass to --templates",
    )


def test_misspelled_form_folder(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    put(folder, "clauses/KAP-MEDS/not-spravato.txt", "Our own words.")
    refused(
        *render(files, folder),
        folder,
        f"{folder / 'clauses/KAP-MEDS'}: no document has this form ID; did you mean KAP-MED?",
    )


def test_misspelled_clause_id(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    put(folder, "clauses/KAP-MED/not-spravatto.txt", "Our own words.")
    refused(
        *render(files, folder),
        folder,
        f"{folder / 'clauses/KAP-MED/not-spravatto.txt'}: KAP-MED has no clause with this id; "
        "did you mean not-spravato.txt?",
    )


def test_misspelled_layout_folder(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    put(folder, "layouts/print.css", "html { font-size: 12pt; }")
    refused(
        *render(files, folder),
        folder,
        f"{folder / 'layouts'}: not used; overrides go in documents/, clauses/ or layout/ "
        "(check the spelling)",
    )


def test_misspelled_form_id_in_documents(files: tuple[Path, Path], tmp_path: Path) -> None:
    practice, client = files
    out = tmp_path / "out"
    result = run(
        "render", "--practice", practice, "--client", client, "--out", out,
        "--documents", "KAP-FEES",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "Invalid input (1 problem); nothing was written:\n"
        "  --documents: unknown form ID KAP-FEES; did you mean KAP-FEE?\n"
    )
    assert not out.exists()


# Point 2: links out of the folder

LINK_OUT = "links to a file outside the templates folder; copy the file into the folder instead "
LINK_OUT += "of linking to it"


def _other_client(tmp_path: Path) -> Path:
    other = tmp_path / "elsewhere" / "other-client.yaml"
    other.parent.mkdir()
    other.write_text("date_of_birth: 1970-01-01\naddress: 1 Secret Lane\nphone: 503-555-0199\n")
    return other


def test_clause_linked_to_a_system_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "clauses" / "KAP-MED").mkdir(parents=True)
    (folder / "clauses" / "KAP-MED" / "spravato-rems.txt").symlink_to("/etc/passwd")
    link = folder / "clauses" / "KAP-MED" / "spravato-rems.txt"
    refused(*render(files, folder), folder, f"{link}: {LINK_OUT}")
    result = run("check-templates", folder)
    assert result.exit_code == 2
    assert result.stderr == f"{folder}: 1 problem:\n  {link}: {LINK_OUT}\n"


def test_clauses_folder_linked_outside(files: tuple[Path, Path], tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "KAP-MED"
    outside.mkdir(parents=True)
    (outside / "spravato-rems.txt").write_text("Text.")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "clauses").symlink_to(outside.parent)
    refused(*render(files, folder), folder, f"{folder / 'clauses'}: {LINK_OUT}")
    assert run("check-templates", folder).stderr == (
        f"{folder}: 1 problem:\n  {folder / 'clauses'}: {LINK_OUT}\n"
    )


def test_layout_include_linked_to_another_clients_file(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    html = (Path(__file__).parent.parent / "templates/layout/document.html.j2").read_text()
    put(folder, "layout/document.html.j2", html.replace("</body>", "{% include 'x.j2' %}</body>"))
    (folder / "layout" / "x.j2").symlink_to(_other_client(tmp_path))
    problems = [
        f"{folder / 'layout/x.j2'}: {LINK_OUT}",
    ]
    refused(*render(files, folder), folder, *problems)
    result = run("check-templates", folder)
    assert result.exit_code == 2
    assert "Secret Lane" not in result.output
    assert result.stderr == f"{folder}: 1 problem:\n  {problems[0]}\n"


def test_link_that_stays_inside_is_allowed(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    target = put(folder, "clauses/KAP-MED/spravato-rems.txt", "Spravato has a REMS program.")
    (folder / "clauses" / "KAP-MED" / "enantiomer.txt").symlink_to(target)
    result, _ = render(files, folder, *MED)
    assert result.exit_code == 2  # the override drops a required disclosure: refused, but read
    assert "enantiomer-defined" in result.stderr
    assert LINK_OUT not in result.stderr


# Point 3: a print.css without the packaged fonts


def test_print_css_without_font_rules_renders(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    put(folder, "layout/print.css", "html { font-size: 11pt; }\np { margin: 0 0 6pt 0; }\n")
    practice, client = files
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kap_consent", "render", "--practice", str(practice)]
    command += ["--client", str(client), "--out", str(out), "--templates", str(folder), *MED]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr  # was -11 (a segmentation fault), no message
    text = pdf_text((out / "CP-0001" / "02-medication-disclosure.pdf").read_bytes())
    assert "We do not offer Spravato" in " ".join(text.split())
    assert run("check-templates", folder).exit_code == 0


# Point 4: CSS that hides a required disclosure

HIDING = {
    "white": "#spravato .clause.emphasis { color: #fff; }",
    "one-point": "#spravato .clause.emphasis { font-size: 1pt; }",
    "display-none": "#spravato .clause.emphasis { display: none; }",
    "transparent": "#spravato .clause.emphasis { opacity: 0; }",
    "off-the-page": "#spravato .clause.emphasis p { text-indent: -200in; }",
    "clipped": "#spravato .clause.emphasis { height: 1pt; min-height: 0; overflow: hidden; }",
}
NOTHING = "Nothing was written. Fix the problem, then run again."
MISSING = (
    "Error: CP-0001: KAP-MED (PDF) is missing required disclosure(s): not-spravato (The client's "
    "ketamine is not Spravato; its approval, research and REMS do not transfer.). Restore the "
    f"clause (check any override in your templates folder).\n{NOTHING}\n"
)


def _css(folder: Path, rule: str) -> Path:
    packaged = (Path(__file__).parent.parent / "templates/layout/print.css").read_text()
    return put(folder, "layout/print.css", packaged + "\n" + rule + "\n")


@pytest.mark.parametrize("rule", HIDING.values(), ids=HIDING.keys())
def test_css_that_hides_a_disclosure_is_refused(
    files: tuple[Path, Path], tmp_path: Path, rule: str
) -> None:
    folder = tmp_path / "templates"
    _css(folder, rule)
    result, out = render(files, folder, *MED)
    assert result.exit_code == 2, result.output
    assert result.stderr == "[1/1] rendering CP-0001\n" + MISSING
    assert not out.exists()


def test_check_templates_finds_hidden_text(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    _css(folder, HIDING["white"])
    result = run("check-templates", folder)
    assert result.exit_code == 2
    assert "KAP-MED (PDF) is missing required disclosure(s): not-spravato" in result.stderr


def test_readable_restyling_is_accepted(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    _css(folder, ".clause.emphasis { color: #333; font-size: 8pt; background: #eee; }")
    result, out = render(files, folder, *MED)
    assert result.exit_code == 0, result.output
    assert (out / "CP-0001" / "02-medication-disclosure.pdf").is_file()


# Point 5: files saved as Windows-1252

CP1252 = "The ketamine you may get is \u201cnot\u201d Spravato.\n".encode("cp1252")


def test_clause_saved_as_windows_1252(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    clause = put(folder, "clauses/KAP-MED/not-spravato.txt", b"First line\n" + CP1252)
    problem = (
        f"{clause}:2: not UTF-8 text (it looks saved as Windows-1252 or similar); open it in a "
        "text editor and save it with the encoding UTF-8"
    )
    refused(*render(files, folder), folder, problem)
    result = run("check-templates", folder)
    assert (result.exit_code, result.stderr) == (2, f"{folder}: 1 problem:\n  {problem}\n")


def test_print_css_saved_as_windows_1252(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    css = put(folder, "layout/print.css", "/* \u00a9 Cedar Path */\nh1 { }\n".encode("cp1252"))
    result = run("check-templates", folder)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"{folder}: 1 problem:\n  {css}:1: not UTF-8 text (it looks saved as Windows-1252 or "
        "similar); open it in a text editor and save it with the encoding UTF-8\n"
    )


# Point 6: a Word layout that links outside itself

SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/attachedTemplate" Target="https://example.com/t.dotm" TargetMode="External"/>'
    "</Relationships>"
)


def _remote_template_layout() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(build_docx_layout(LayoutOptions())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/_rels/settings.xml.rels", SETTINGS_RELS)
    return buffer.getvalue()


def test_word_layout_with_a_remote_template(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    layout = put(folder, "layout/document.docx", _remote_template_layout())
    problem = (
        f"{layout}: links to files outside itself (attachedTemplate), which Word fetches when a "
        "client's document is opened; remove the attached template (Word: Developer > Document "
        "Template) and any links, then save the layout again"
    )
    result, out = render(files, folder, "--documents", "KAP-MED", "--format", "docx")
    assert result.exit_code == 2, result.output
    assert result.stderr == f"[1/1] rendering CP-0001\nError: CP-0001: {problem}\n{NOTHING}\n"
    assert not out.exists()
    result = run("check-templates", folder)
    assert (result.exit_code, result.stderr) == (2, f"{folder}: 1 problem:\n  {problem}\n")
