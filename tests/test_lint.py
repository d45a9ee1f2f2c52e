"""check-templates: every kind of problem in an override folder, with its exact message."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from kap_consent import TemplateSet
from kap_consent.content import DocumentDef
from kap_consent.lint import check_templates
from kap_consent.render import LayoutOptions
from kap_consent.render.docx_layout import build_docx_layout
from kap_consent.resources import packaged_dir

from .conftest import write_data
from .packets import EXAMPLES

Write = Callable[[Path, str, Any], Path]
NAMES = (
    "client, crisis_steps, document, plan, practice, prescriber, protocol, references, sources, "
    "therapist, today"
)
FORMS = "KAP-KEY, KAP-IC, KAP-MED, KAP-SAFE, KAP-SUP, KAP-ROI, KAP-TEL, KAP-FEE, KAP-EMER, KAP-GFE"
SPLIT = "Word split the tag; retype the whole tag inside one paragraph"
WORDING = """\
form_id: KAP-IC
number: 1
slug: informed-consent
title: Informed Consent
version: "2.0"
facts_as_of: 2026-11-20
signers: [client]
sections:
  - id: start
    heading: "Hello {{ client.call_name }}"
    clauses:
      - id: first
        text: |
          Welcome.

          We see {{ client.name }} on {{ plan.start_date | longdate }}.
"""


def _defs() -> dict[str, DocumentDef]:
    return {d.form_id: d for d in TemplateSet().document_defs()}


def put(folder: Path, relative: str, text: str) -> Path:
    """Write one override file (making its folders); return its path."""
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def clause(folder: Path, form_id: str, clause_id: str, text: str) -> Path:
    return put(folder, f"clauses/{form_id}/{clause_id}.txt", text)


# Clean folders


def test_empty_folder_is_clean(tmp_path: Path) -> None:
    assert check_templates(tmp_path) == []


def test_copy_of_the_packaged_wording_is_clean(tmp_path: Path) -> None:
    shutil.copytree(packaged_dir() / "documents", tmp_path / "documents")
    esketamine = next(
        c for s in _defs()["KAP-MED"].sections for c in s.clauses if c.id == "esketamine"
    )
    clause(
        tmp_path, "KAP-MED", "esketamine", esketamine.text + "\nAsk us about {{ prescriber.name }}."
    )
    assert check_templates(tmp_path) == []


def test_packaged_word_layout_is_clean(tmp_path: Path) -> None:
    (tmp_path / "layout").mkdir()
    (tmp_path / "layout" / "document.docx").write_bytes(build_docx_layout(LayoutOptions()))
    assert check_templates(tmp_path) == []


def test_not_a_folder(tmp_path: Path) -> None:
    assert check_templates(tmp_path / "nope") == [
        f"{tmp_path / 'nope'}: no such folder; check the path given to --templates"
    ]


# Files in the wrong place


def test_files_the_search_path_never_reads(tmp_path: Path) -> None:
    clause(tmp_path, "KAP-MED", "esketamin", "Text.")
    put(tmp_path, "clause/KAP-MED/esketamine.txt", "Text.")
    put(tmp_path, "notes.txt", "mine")
    put(tmp_path, "documents/KAP-IC.yml", WORDING)
    put(tmp_path, "layout/print.cs", "")
    put(tmp_path, "clauses/KAP-MED/esketamine.md", "Text.")
    put(tmp_path, "clauses/KAP-XX/a.txt", "Text.")
    put(tmp_path, "clauses/readme.txt", "Text.")
    assert check_templates(tmp_path) == [
        f"{tmp_path / 'clause'}: not used; overrides go in documents/, clauses/ or layout/ "
        "(check the spelling)",
        f"{tmp_path / 'notes.txt'}: not used; overrides go in documents/, clauses/ or layout/ "
        "(check the spelling)",
        f"{tmp_path / 'documents/KAP-IC.yml'}: not used; a wording file is named <FORM-ID>.yaml",
        f"{tmp_path / 'clauses/KAP-MED/esketamin.txt'}: KAP-MED has no clause with this id; "
        "did you mean esketamine.txt?",
        f"{tmp_path / 'clauses/KAP-MED/esketamine.md'}: not used; a clause override is "
        "clauses/<FORM-ID>/<clause-id>.txt",
        f"{tmp_path / 'clauses/KAP-XX'}: no document has this form ID; name the folder after "
        f"one of {FORMS}",
        f"{tmp_path / 'clauses/readme.txt'}: not used; a clause override is "
        "clauses/<FORM-ID>/<clause-id>.txt",
        f"{tmp_path / 'layout/print.cs'}: not used; a layout override is one of print.css, "
        "document.html.j2, blank.html.j2, checklist.html.j2, running.html.j2, document.docx",
    ]


# Wording files


def test_wording_file_that_is_not_yaml(tmp_path: Path) -> None:
    path = put(tmp_path, "documents/KAP-IC.yaml", "form_id: KAP-IC\nsections: [\n")
    assert check_templates(tmp_path) == [
        f"{path}:3: not valid YAML: expected the node content, but found '<stream end>'"
    ]


def test_wording_file_fields_with_their_lines(tmp_path: Path) -> None:
    text = WORDING.replace("signers: [client]", "signers: [clint]").replace(
        "  - id: start\n", "  - id: start\n    colour: red\n"
    )
    path = put(tmp_path, "documents/KAP-IC.yaml", text.replace('version: "2.0"\n', ""))
    assert check_templates(tmp_path) == [
        f"{path}: version: required field is missing; add it",
        f"{path}:6: signers[0]: Input should be 'client', 'therapist' or 'support_person'; "
        "use one of those; did you mean client?",
        f"{path}:9: sections[0].colour: unknown field; check the spelling against the packaged "
        "wording files",
    ]


def test_wording_file_named_after_another_form(tmp_path: Path) -> None:
    path = put(tmp_path, "documents/KAP-MED.yaml", WORDING)
    assert check_templates(tmp_path)[0] == (
        f"{path}: form_id: is KAP-IC, but the file is named KAP-MED.yaml; name the file KAP-IC.yaml"
    )


def test_jinja_problems_in_a_wording_file_with_their_lines(tmp_path: Path) -> None:
    text = (
        WORDING.replace("{{ client.name }}", "{{ client.name }")
        .replace("title: Informed Consent", "title: Informed Consent \u0e01")
        .replace("Hello {{ client.call_name }}", "Hello {{ patient.name }}")
        .replace("      - id: first\n", "      - id: first\n        when: plan.has_home and\n")
        + '      - id: second\n        items:\n          - "Bring \u0e01 {{ x | nofilter }}"\n'
    )
    path = put(tmp_path, "documents/KAP-IC.yaml", text)
    assert check_templates(tmp_path) == [
        f"{path}:4: the character '\u0e01' (U+0E01) cannot be printed with the packaged fonts; "
        "replace it or leave it out",
        f"{path}:10: `patient` is not a value templates can use; use one of {NAMES}",
        f"{path}:17: Jinja syntax error: unexpected '}}'",
        f"{path}:13: Jinja syntax error: unexpected 'end of print statement'",
        f"{path}:20: Jinja syntax error: No filter named 'nofilter'.",
        f"{path}:20: the character '\u0e01' (U+0E01) cannot be printed with the packaged "
        "fonts; replace it or leave it out",
    ]


# Clause overrides


def test_jinja_problems_in_a_clause_file_with_their_lines(tmp_path: Path) -> None:
    syntax = clause(tmp_path, "KAP-MED", "esketamine", "First.\n\nSecond,\nby {{ clent.name }\n")
    name = clause(
        tmp_path, "KAP-MED", "enantiomer", "Hi\n\n{% if plan.has_home %}\n{{ clent }}{% endif %}\n"
    )
    tag = clause(
        tmp_path, "KAP-MED", "racemic-ketamine", "{% if plan.has_home %}\n\nHome.{% endif %}"
    )
    assert check_templates(tmp_path) == [
        f"{name}:4: `clent` is not a value templates can use; use one of {NAMES}",
        f"{syntax}:4: Jinja syntax error: unexpected '}}'",
        f"{tag}:1: Jinja syntax error: Unexpected end of template. Jinja was looking for the "
        "following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be "
        "closed is 'if'.",
        f"{tag}:3: Jinja syntax error: Encountered unknown tag 'endif'.",
    ]


def test_missing_attribute_found_by_composing_for_example_clients(tmp_path: Path) -> None:
    fees = clause(tmp_path, "KAP-FEE", "session-fees", "Fee: {{ practice.sessions.dosing.fe }}\n")
    assert check_templates(tmp_path) == [
        f"{fees}: KAP-FEE section therapy-fees clause session-fees: 'dict object' has no "
        "attribute 'fe'; the value does not exist in the context (example client CP-0001)"
    ]


def test_removed_disclosure_found_by_composing(tmp_path: Path) -> None:
    spravato = clause(tmp_path, "KAP-MED", "spravato-not-offered", "We are glad to help you.\n")
    assert check_templates(tmp_path) == [
        f"{spravato}: KAP-MED would lose the required disclosure spravato-not-offered (This "
        "practice does not offer Spravato; the client can ask a prescriber or REMS clinic.); "
        "keep that statement in the wording (example client CP-0001)"
    ]


def test_composing_with_the_practices_own_clients(tmp_path: Path, write: Write) -> None:
    """A clause that needs a support person fails for a client without one."""
    role = next(c for c in _defs()["KAP-IC"].sections[0].clauses if c.id == "therapist-role")
    text = role.text + "\nYour support person: {{ client.support_person.name }}."
    details = clause(tmp_path, "KAP-IC", "therapist-role", text)
    problems = check_templates(tmp_path)
    assert problems == [
        f"{details}: KAP-IC section roles clause therapist-role: 'None' has no attribute 'name'; "
        "the "
        "value does not exist in the context (example client CP-0001)"
    ]
    clients = yaml.safe_load((EXAMPLES / "clients.yaml").read_text())["clients"]
    own = write_data(tmp_path.parent, "own.yaml", {"clients": clients[1:]})
    assert check_templates(tmp_path, EXAMPLES / "practice.yaml", own) == []


# Layouts


def _docx(folder: Path, paragraphs: list[str], header: str = "{{ doc.practice_name }}") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.sections[0].header.paragraphs[0].text = header
    path = folder / "layout" / "document.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_word_layout_with_tags_word_split(tmp_path: Path) -> None:
    path = _docx(
        tmp_path,
        ["{{ doc.title", "}}", "Form { { doc.form_id }}", "{{ doc.version }}"],
        header="{{ doc.practice_name }",
    )
    assert check_templates(tmp_path) == [
        f'{path}: word/document.xml, near "{{{{ doc.title": a tag is not closed (no `}}}}`) in '
        f"this paragraph; {SPLIT}",
        f'{path}: word/document.xml, near "}}}}": `}}}}` closes a tag that this paragraph never '
        f"opens; {SPLIT}",
        f'{path}: word/document.xml, near "Form {{ {{ doc.form_id }}}}": `{{ {{` looks like a '
        "split tag; retype it",
        f'{path}: word/header1.xml, near "{{{{ doc.practice_name }}": a tag is not closed (no '
        f"`}}}}`) in this paragraph; {SPLIT}",
    ]


def test_word_layout_runs_split_inside_a_paragraph_are_fine(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("{{ doc.")
    paragraph.add_run("title }}").bold = True
    (tmp_path / "layout").mkdir()
    document.save(str(tmp_path / "layout" / "document.docx"))
    problems = check_templates(tmp_path)
    assert not any("word/document.xml" in p for p in problems), problems


def test_word_layout_jinja_problems(tmp_path: Path) -> None:
    unknown = _docx(tmp_path, ["{{ docs.title }}"])
    assert check_templates(tmp_path) == [
        f'{unknown}: word/document.xml, near "{{{{ docs.title }}}}": `docs` is not a value '
        "templates can use; use one of doc"
    ]
    syntax = _docx(tmp_path, ["{% for p in doc.intro %}", "{{ p }}"])
    assert check_templates(tmp_path) == [
        f'{syntax}: word/document.xml, near "{{{{ p }}}}": Jinja syntax error: Unexpected end of '
        "template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost "
        "block that needs to be closed is 'for'."
    ]


def test_word_layout_that_drops_the_wording(tmp_path: Path) -> None:
    """A layout that prints only the title loses every required disclosure."""
    path = _docx(tmp_path, ["{{ doc.title }}"])
    problems = check_templates(tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{path.parent}: rendering example client CP-0001 failed: KAP-KEY (DOCX) is missing "
        "required disclosure(s): "
    )


def test_word_layout_that_is_not_a_word_file(tmp_path: Path) -> None:
    path = put(tmp_path, "layout/document.docx", "not a zip")
    assert check_templates(tmp_path) == [
        f"{path}: cannot open it as a Word document (BadZipFile); save as .docx"
    ]


def test_word_layout_zip_without_a_document(tmp_path: Path) -> None:
    path = tmp_path / "layout" / "document.docx"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    problems = check_templates(tmp_path)
    assert len(problems) == 1 and problems[0].startswith(
        f"{path}: cannot open it as a Word document ("
    )


def test_html_layout_and_print_css(tmp_path: Path) -> None:
    html = put(tmp_path, "layout/document.html.j2", "<h1>{{ doc.title }</h1>")
    css = put(
        tmp_path, "layout/print.css", "body {\n  background: url(http://example.com/x.png);\n}\n"
    )
    assert check_templates(tmp_path) == [
        f"{css}:2: url(http://example.com/x.png) would be refused; a layout may use only the "
        "packaged fonts (../fonts/...) and the practice's logo",
        f"{html}:1: Jinja syntax error: unexpected '}}'",
    ]
    put(tmp_path, "layout/document.html.j2", "<h1>{{ doc.title }}</h1>{{ client.name }}")
    (tmp_path / "layout" / "print.css").unlink()
    assert check_templates(tmp_path) == [
        f"{html}:1: `client` is not a value templates can use; use one of doc, large_print, "
        "logo_url, paper"
    ]


def test_checklist_and_blank_page_layouts_know_their_own_values(tmp_path: Path) -> None:
    checklist = put(tmp_path, "layout/checklist.html.j2", "<h1>{{ doc.title }}</h1>")
    blank = put(tmp_path, "layout/blank.html.j2", "<p>{{ checklist.title }}</p>")
    running = put(
        tmp_path, "layout/running.html.j2", "{% macro x(a) %}{{ a }}{{ b }}{% endmacro %}"
    )
    assert check_templates(tmp_path) == [
        f"{blank}:1: `checklist` is not a value templates can use; use one of doc, large_print, "
        "logo_url, paper",
        f"{checklist}:1: `doc` is not a value templates can use; use one of checklist, logo_url, "
        "paper",
        f"{running}:1: `b` is not a value templates can use; this file holds macros, which get "
        "every value as an argument",
    ]


@pytest.mark.parametrize(
    "name",
    ["print.css", "document.html.j2", "blank.html.j2", "checklist.html.j2", "running.html.j2"],
)
def test_copies_of_the_packaged_pdf_layout_are_clean(tmp_path: Path, name: str) -> None:
    put(tmp_path, f"layout/{name}", (packaged_dir() / "layout" / name).read_text())
    assert check_templates(tmp_path) == []


def test_pdf_layout_that_hides_the_wording(tmp_path: Path) -> None:
    css = (packaged_dir() / "layout" / "print.css").read_text() + "\n.clause { display: none; }\n"
    put(tmp_path, "layout/print.css", css)
    problems = check_templates(tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{tmp_path / 'layout'}: rendering example client CP-0001 failed: KAP-KEY (PDF) is "
        "missing required disclosure(s): "
    )
