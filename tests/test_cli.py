"""The command line as wiring: options reach the library, errors print and exit 2."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kap_consent.catalog import count_initials
from kap_consent.cli import app
from kap_consent.templating import TemplateSet

Write = Callable[[Path, str, Any], Path]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def files(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> tuple[Path, Path]:
    """Write the minimal practice and client; return their paths."""
    return (
        write(tmp_path, "practice.yaml", practice_data),
        write(tmp_path, "client.yaml", client_data),
    )


def invalid(*problems: str) -> str:
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    lines = [f"Invalid input ({count}); nothing was written:", *(f"  {p}" for p in problems)]
    return "\n".join(lines) + "\n"


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == "kap-consent 0.1.0\n"


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for word in (
        "render",
        "validate",
        "documents",
        "schema",
        "readability",
        "check-templates",
        "roster-template",
        "--version",
    ):
        assert word in result.stdout


def test_render_help_lists_options() -> None:
    result = run("render", "--help")
    assert result.exit_code == 0
    for option in (
        "--practice",
        "--client",
        "--out",
        "--format",
        "--force",
        "--documents",
        "--templates",
        "--paper",
        "--large-print",
        "--only",
    ):
        assert option in result.stdout


def test_validate_examples(examples: Path) -> None:
    practice, clients = examples / "practice.yaml", examples / "clients.yaml"
    result = run("validate", "--practice", practice, "--client", clients)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{practice}: OK (1 clinicians, 2 prescribers)\n{clients}: OK (3 clients)\n"
    )
    assert result.stderr == ""


def test_validate_reports_every_problem(
    tmp_path: Path, write: Write, practice_data: dict[str, Any]
) -> None:
    practice_data["phone"] = "call us"
    practice_data["clinicians"][0]["nmae"] = "Dana"
    path = write(tmp_path, "practice.json", practice_data)
    result = run("validate", "--practice", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == invalid(
        f"{path}: phone: is not a 10-digit US phone number; write it like 555-123-4567",
        f"{path}: clinicians[0].nmae: unknown field; did you mean name?",
    )


def test_validate_one_problem_is_singular(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    result = run("validate", "--practice", path)
    assert result.exit_code == 2
    assert result.stderr == invalid(f"{path}: file not found; check the path")


@pytest.mark.parametrize(
    ("kind", "title", "field", "description"),
    [
        ("practice", "Practice", "legal_name", "Legal business name."),
        (
            "client",
            "Client",
            "id",
            "Client ID; names the output folder and files, so it holds no personal data.",
        ),
    ],
)
def test_schema(kind: str, title: str, field: str, description: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"] == f"urn:kap-consent:schema:{kind}"
    schema = schema["$defs"].get(title, schema)  # a client file's schema refers to Client
    assert schema["title"] == title
    assert schema["additionalProperties"] is False
    assert schema["properties"][field]["description"] == description


def test_schema_default_is_practice() -> None:
    assert json.loads(run("schema").stdout)["title"] == "Practice"


def test_schema_unknown_kind() -> None:
    result = run("schema", "roster")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == invalid("schema: 'roster' is not one of practice, client")


def test_documents_lists_form_ids() -> None:
    result = run("documents")
    assert result.exit_code == 0
    assert "KAP-IC" in result.stdout
    assert "KAP-MED" in result.stdout


def test_documents_shows_initials_boxes_per_document(tmp_path: Path, write: Write) -> None:
    clause = {"id": "a", "text": "Initial here.", "initials": True}
    document = {
        "form_id": "KAP-TEST",
        "number": 42,
        "slug": "test",
        "title": "Test form",
        "version": "1.0",
        "facts_as_of": "2026-11-20",
        "signers": ["client"],
        "sections": [
            {"id": "s", "heading": "S", "clauses": [clause, {**clause, "id": "b", "when": "x"}]}
        ],
    }
    (tmp_path / "documents").mkdir()
    write(tmp_path / "documents", "KAP-TEST.yaml", document)
    result = CliRunner().invoke(app, ["documents", "--templates", str(tmp_path)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    at = lines.index("KAP-TEST  Test form")
    assert lines[at + 1 : at + 3] == [
        "          version 1.0, facts as of 2026-11-20",
        "          included: always; signed by: client; initials boxes: up to 2",
    ]


def test_documents_list_is_whole_at_any_width() -> None:
    """A table squeezed into a narrow terminal or a pipe cut dates ("2026-12-…"); lines do not."""
    narrow = CliRunner().invoke(app, ["documents"], env={"COLUMNS": "40"})
    wide = CliRunner().invoke(app, ["documents"], env={"COLUMNS": "200"})
    assert narrow.stdout == wide.stdout
    assert narrow.stdout.startswith("10 documents, in packet order:\n")
    for d in TemplateSet(None).document_defs():
        assert f"version {d.version}, facts as of {d.facts_as_of}" in narrow.stdout
        assert d.title in narrow.stdout
    assert "signed by: support person, client" in narrow.stdout
    assert "included: plan.has_home" in narrow.stdout
    assert "…" not in narrow.stdout


def test_documents_json() -> None:
    result = run("documents", "--json")
    assert result.exit_code == 0
    defs = TemplateSet(None).document_defs()
    listed = json.loads(result.stdout)
    assert [d["form_id"] for d in listed] == [d.form_id for d in defs]
    first = defs[0]
    assert listed[0] == {
        "form_id": first.form_id,
        "version": first.version,
        "facts_as_of": str(first.facts_as_of),
        "title": first.title,
        "included_when": first.include_when,
        "signers": list(first.signers),
        "initials": str(count_initials(first)),
    }
    support = next(d for d in listed if d["form_id"] == "KAP-SUP")
    assert support["included_when"] is not None


def test_validate_json_lists_each_problem(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice_data["phone"] = "call us"
    practice = write(tmp_path, "practice.yaml", practice_data)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,legal_name,plan.prescriber\r\nCP-0007,Marcus Bell,okafr\r\n", encoding="utf-8"
    )
    result = run("validate", "--practice", practice, "--client", roster, "--json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["problems"][0] == {
        "file": str(practice),
        "row": None,
        "client_id": None,
        "location": "phone",
        "message": "is not a 10-digit US phone number; write it like 555-123-4567",
    }
    assert report["problems"][1] == {
        "file": str(roster),
        "row": None,
        "client_id": None,
        "location": "date_of_birth",
        "message": "column missing; add it (every client needs this field)",
    }
    assert report["problems"][-1] == {
        "file": str(roster),
        "row": 2,
        "client_id": "CP-0007",
        "location": "plan.prescriber",
        "message": "no prescriber with this id in the practice file (known: okafor); "
        "did you mean okafor?",
    }
    assert result.stderr == ""


def test_validate_json_when_valid(examples: Path) -> None:
    practice, roster = examples / "practice.yaml", examples / "roster.xlsx"
    result = run("validate", "--practice", practice, "--client", roster, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "ok": True,
        "problems": [],
        "warnings": [],
        "practice": {"file": str(practice), "clinicians": 1, "prescribers": 2},
        "clients": {"file": str(roster), "ids": ["CP-0001", "CP-0002", "CP-0003"]},
    }


def test_validate_json_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    result = run("validate", "--practice", path, "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["problems"] == [
        {
            "file": None,
            "row": None,
            "client_id": None,
            "location": None,
            "message": f"{path}: file not found; check the path",
        }
    ]


def test_roster_template_command(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    result = run("roster-template", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: empty roster written; fill in one client a row\n"
    assert path.read_bytes().startswith(b"PK")
    again = run("roster-template", path)
    assert again.exit_code == 2
    assert again.stderr == f"Error: {path}: already exists; use --force to replace it\n"
    assert run("roster-template", path, "--force").exit_code == 0


def test_render_invalid_client_writes_nothing(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    client_data["plan"]["prescriber"] = "nobody"
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    out = tmp_path / "out"
    result = run("render", "--practice", practice, "--client", client, "--out", out)
    assert result.exit_code == 2
    assert result.stderr == invalid(
        f"{client}: plan.prescriber: no prescriber with this id in the practice file "
        "(known: okafor)"
    )
    assert not out.exists()


def test_render_unknown_format(tmp_path: Path, files: tuple[Path, Path]) -> None:
    practice, client = files
    out = tmp_path / "out"
    result = run(
        "render", "--practice", practice, "--client", client, "--out", out, "--format", "bogus"
    )
    # Click rejects the choice before the command runs, with its own usage message.
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr
    assert "'bogus'" in result.stderr
    assert all(f"'{choice}'" in result.stderr for choice in ("pdf", "docx", "both"))
    assert not out.exists()


def test_render_unknown_document(tmp_path: Path, files: tuple[Path, Path]) -> None:
    practice, client = files
    out = tmp_path / "out"
    known = ", ".join(d.form_id for d in TemplateSet(None).document_defs())
    result = run(
        "render", "--practice", practice, "--client", client, "--out", out, "--documents", "NOPE"
    )
    assert result.exit_code == 2
    assert result.stderr == invalid(f"--documents: unknown form ID NOPE; known: {known}")
    assert "KAP-IC, KAP-MED" in known
    assert not out.exists()


def test_render_skips_existing_packet(tmp_path: Path, files: tuple[Path, Path]) -> None:
    practice, client = files
    out = tmp_path / "out"
    (out / "CP-0001").mkdir(parents=True)
    (out / "CP-0001" / "signed.pdf").write_bytes(b"keep me")
    result = run("render", "--practice", practice, "--client", client, "--out", out)
    assert result.exit_code == 0
    assert result.stdout == (
        "CP-0001: skipped, its packet already exists (use --force to replace it)\n"
    )
    assert result.stderr == ""
    assert [p.name for p in out.iterdir()] == ["CP-0001"]
    assert [p.name for p in (out / "CP-0001").iterdir()] == ["signed.pdf"]
    assert (out / "CP-0001" / "signed.pdf").read_bytes() == b"keep me"


def test_render_one_document_as_pdf(tmp_path: Path, files: tuple[Path, Path]) -> None:
    practice, client = files
    out = tmp_path / "out"
    result = run(
        "render",
        *("--practice", practice, "--client", client, "--out", out),
        *("--documents", "KAP-MED", "--format", "pdf"),
    )
    assert result.exit_code == 0, result.output
    folder = out / "CP-0001"
    assert result.stdout == f"CP-0001: 1 documents → {folder}\n"
    assert result.stderr == "[1/1] rendering CP-0001\n"
    assert sorted(p.name for p in folder.iterdir()) == [
        "02-medication-disclosure.pdf",
        "packet.pdf",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["CP-0001", "kap-consent-record.sqlite"]
    assert (folder / "packet.pdf").read_bytes().startswith(b"%PDF-")
    assert {stat.S_IMODE(p.stat().st_mode) for p in (out, folder)} == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}


def test_render_duplex_puts_a_blank_back_after_odd_documents(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    from kap_consent.assemble import page_count
    from kap_consent.extract import pdf_pages

    practice, client = files
    out = tmp_path / "out"
    result = run(
        "render",
        *("--practice", practice, "--client", client, "--out", out),
        *("--format", "pdf", "--duplex"),
    )
    assert result.exit_code == 0, result.output
    folder = out / "CP-0001"
    counts = [page_count(p.read_bytes()) for p in sorted(folder.glob("[0-9]*.pdf"))]
    pages = pdf_pages((folder / "packet.pdf").read_bytes())
    starts = [sum(c + c % 2 for c in counts[:n]) for n in range(len(counts))]
    assert len(pages) == sum(c + c % 2 for c in counts) + 1
    for start, count in zip(starts, counts, strict=True):
        assert "Page 1 of" in pages[start]
        if count % 2:
            assert "This page is intentionally blank." in pages[start + count]
    assert any(c % 2 for c in counts) and "Signing checklist" in pages[-1]


def test_check_templates_clean(tmp_path: Path) -> None:
    result = run("check-templates", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path}: OK\n"


def test_check_templates_lists_problems(tmp_path: Path) -> None:
    (tmp_path / "clauses" / "KAP-MED").mkdir(parents=True)
    bad = tmp_path / "clauses" / "KAP-MED" / "esketamine.txt"
    bad.write_text("Hello {{ client.name }")
    (tmp_path / "notes.txt").write_text("x")
    result = run("check-templates", tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{tmp_path}: 2 problems:\n"
        f"  {tmp_path / 'notes.txt'}: not used; overrides go in documents/, clauses/ or layout/ "
        "(check the spelling)\n"
        f"  {bad}:1: Jinja syntax error: unexpected '}}'\n"
    )


def test_unexpected_error_prints_no_traceback_and_no_message(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise ValueError("Marcus Bell, 415 NE Fremont Street")

    monkeypatch.setattr("kap_consent.generate.generate_packets", explode)
    practice, client = files
    out = tmp_path / "out"
    result = run("render", "--practice", practice, "--client", client, "--out", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Unexpected error (ValueError) in kap-consent, not in your files; no packet was "
        "half-written. Please report it with the command you ran.\n"
    )
    assert not out.exists()


def test_library_warnings_are_kept_off_the_screen() -> None:
    assert run("documents").exit_code == 0
    for name in ("weasyprint", "fontTools"):
        assert logging.getLogger(name).getEffectiveLevel() == logging.ERROR
