"""The record's commands as wiring, and the round trip: render, verify, change, re-consent."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kap_consent import __version__
from kap_consent.cli import app
from kap_consent.record import RECORD_NAME
from kap_consent.templating import TemplateSet

Write = Callable[[Path, str, Any], Path]
DOCS = ("--documents", "KAP-IC,KAP-FEE")
FORMS = {d.form_id: d for d in TemplateSet().document_defs()}
IC, FEE = FORMS["KAP-IC"].version, FORMS["KAP-FEE"].version


def described(form_id: str, doc_id: str, version: str | None = None) -> str:
    """Return the line that describes one document under a verify result."""
    form = FORMS[form_id]
    return (
        f"  {form_id} v{version or form.version} · {form.title} · "
        f"document ID {doc_id} · facts as of {form.facts_as_of}"
    )


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def files(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> tuple[Path, Path]:
    return (
        write(tmp_path, "practice.yaml", practice_data),
        write(tmp_path, "client.yaml", client_data),
    )


def render(files: tuple[Path, Path], out: Path, *more: str | Path) -> Result:
    practice, client = files
    result = run("render", "--practice", practice, "--client", client, "--out", out, *DOCS, *more)
    assert result.exit_code == 0, result.output
    return result


def history(*where: str | Path) -> list[dict[str, Any]]:
    result = run("history", "CP-0001", *where, "--json")
    assert result.exit_code == 0, result.output
    given: list[dict[str, Any]] = json.loads(result.stdout)
    return given


def table_row(stdout: str, *cells: str) -> bool:
    """Return whether one table line holds these cells, in order."""
    pattern = r"\s*│\s*".join(re.escape(c) for c in cells)
    return any(re.search(pattern, line) for line in stdout.splitlines())


def test_round_trip(tmp_path: Path, files: tuple[Path, Path]) -> None:
    """Render, verify, change a byte, verify fails, change a clause, outdated lists the client."""
    out = tmp_path / "out"
    render(files, out)
    ic, fee = history("--out", out)
    pdf = out / "CP-0001" / "07-fees.pdf"

    result = run("verify", pdf, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{pdf}: exactly as generated (07-fees.pdf of client CP-0001, 2026-11-26 00:00 UTC, "
        f"kap-consent {__version__})\n{described('KAP-FEE', fee['doc_id'])}\n"
    )

    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x20
    pdf.write_bytes(bytes(data))
    result = run("verify", pdf, "--out", out)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{pdf}: CHANGED: its bytes differ from the file generated for client CP-0001, "
        f"2026-11-26 00:00 UTC\n{described('KAP-FEE', fee['doc_id'])}\n"
    )

    result = run("outdated", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Nobody needs to sign again: every latest document is current.\n"

    templates = tmp_path / "templates"
    (templates / "clauses" / "KAP-FEE").mkdir(parents=True)
    (templates / "clauses" / "KAP-FEE" / "no-guarantee.txt").write_text(
        "We cannot promise that ketamine-assisted psychotherapy will help you. "
        "Results differ from person to person.",
        encoding="utf-8",
    )
    result = run("outdated", "--out", out, "--templates", templates)
    assert result.exit_code == 0, result.output
    current = re.search(rf"{re.escape(FEE)}\+local\.[0-9a-f]{{8}}", result.stdout)
    assert current, result.stdout
    assert table_row(result.stdout, "CP-0001", "KAP-FEE", FEE, "2026-11-26", current[0])
    assert "KAP-IC" not in result.stdout
    assert result.stdout.endswith("1 document of 1 client to sign again.\n")

    result = run("outdated", "--out", out, "--templates", templates, "--csv")
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        [
            *("client_id", "form_id", "given_version", "given_on"),
            *("document_id", "current_version", "why"),
        ],
        [
            *("CP-0001", "KAP-FEE", FEE, "2026-11-26 00:00 UTC"),
            *(fee["doc_id"], current[0], "wording changed"),
        ],
    ]

    render(files, out, "--templates", templates, "--force")
    assert run("outdated", "--out", out, "--templates", templates).stdout == (
        "Nobody needs to sign again: every latest document is current.\n"
    )
    given = history("--out", out)
    assert [(g["form_id"], g["version"]) for g in given] == [
        ("KAP-IC", IC),
        ("KAP-FEE", FEE),
        ("KAP-IC", IC),
        ("KAP-FEE", current[0]),
    ]
    assert given[2]["doc_id"] == ic["doc_id"]  # same text, same printed ID
    assert given[3]["doc_id"] != fee["doc_id"]
    result = run("verify", pdf, "--out", out)
    assert result.exit_code == 0, result.output
    assert described("KAP-FEE", given[3]["doc_id"], current[0]) in result.stdout


def test_verify_a_docx_and_the_packet(tmp_path: Path, files: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    render(files, out)
    ic, fee = history("--out", out)
    docx, packet = out / "CP-0001" / "01-informed-consent.docx", out / "CP-0001" / "packet.pdf"
    result = run("verify", docx, packet, "--out", out)
    assert result.exit_code == 0, result.output
    made = f"client CP-0001, 2026-11-26 00:00 UTC, kap-consent {__version__}"
    ic_line, fee_line = described("KAP-IC", ic["doc_id"]), described("KAP-FEE", fee["doc_id"])
    assert result.stdout.splitlines() == [
        f"{docx}: exactly as generated (01-informed-consent.docx of {made})",
        ic_line,
        f"{packet}: exactly as generated (packet.pdf of {made})",
        ic_line,
        fee_line,
    ]


def test_verify_an_unknown_file_exits_1(tmp_path: Path, files: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    render(files, out)
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.7 something else")
    result = run("verify", other, "--out", out)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{other}: NOT IN THE RECORD: no file in {out / RECORD_NAME} has these exact bytes, "
        "and neither its name nor a printed document ID matches one\n"
    )


def test_verify_a_printed_document_id(tmp_path: Path, files: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    render(files, out)
    render(files, out, "--force")
    ic, _, _, _ = history("--out", out)
    result = run("verify", "--id", ic["doc_id"].lower(), "--out", out)
    assert result.exit_code == 0, result.output
    generated = (
        f"  generated 2026-11-26 00:00 UTC by kap-consent {__version__}: "
        "01-informed-consent.pdf, 01-informed-consent.docx"
    )
    assert result.stdout.splitlines() == [
        f"Document ID {ic['doc_id']}: client CP-0001",
        described("KAP-IC", ic["doc_id"]),
        generated,
        generated,
    ]
    result = run("verify", "--id", "00000-00000", "--out", out)
    assert result.exit_code == 1
    assert result.stdout == f"Document ID 00000-00000: not in the record {out / RECORD_NAME}\n"


def test_registry_chosen_by_the_practice(tmp_path: Path, files: tuple[Path, Path]) -> None:
    out, registry = tmp_path / "out", tmp_path / "records" / "given.sqlite"
    render(files, out, "--registry", registry, "--format", "pdf")
    assert registry.is_file()
    assert not (out / RECORD_NAME).exists()
    assert [g["form_id"] for g in history("--registry", registry)] == ["KAP-IC", "KAP-FEE"]
    result = run("verify", out / "CP-0001" / "packet.pdf", "--registry", registry)
    assert result.exit_code == 0, result.output
    result = run("history", "CP-0001", "--out", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {out / RECORD_NAME}: no record here; give the --out folder you rendered into, "
        "or --registry with the record file\n"
    )


def test_history_table_and_json(tmp_path: Path, files: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    render(files, out)
    result = run("history", "CP-0001", "--out", out)
    assert result.exit_code == 0, result.output
    ic, fee = history("--out", out)
    facts = str(FORMS["KAP-IC"].facts_as_of)
    cells = ("2026-11-26 00:00 UTC", "KAP-IC", IC, ic["doc_id"], facts, "PDF,")
    assert table_row(result.stdout, *cells), result.stdout
    assert table_row(result.stdout, "KAP-FEE", FEE, fee["doc_id"]), result.stdout
    assert set(fee) == {
        *("client_id", "doc_id", "form_id", "title", "version", "form_version"),
        *("wording_hash", "text_hash", "facts_as_of", "generated_at", "tool_version", "files"),
    }
    assert [f["name"] for f in fee["files"]] == ["07-fees.pdf", "07-fees.docx"]
    assert fee["generated_at"] == "2026-11-26T00:00:00Z"
    assert re.fullmatch(r"[0-9a-f]{64}", fee["files"][0]["sha256"])
    result = run("history", "CP-0404", "--out", out)
    assert (result.exit_code, result.stdout) == (
        0,
        f"CP-0404: nothing in the record {out / RECORD_NAME}\n",
    )
    assert json.loads(run("history", "CP-0404", "--out", out, "--json").stdout) == []


def test_outdated_json(tmp_path: Path, files: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    render(files, out)
    _, fee = history("--out", out)
    templates = tmp_path / "templates"
    (templates / "clauses" / "KAP-FEE").mkdir(parents=True)
    (templates / "clauses" / "KAP-FEE" / "no-guarantee.txt").write_text("No promise.")
    result = run("outdated", "--out", out, "--templates", templates, "--json")
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)
    assert item == {
        "client_id": "CP-0001",
        "form_id": "KAP-FEE",
        "given_version": FEE,
        "given_on": "2026-11-26 00:00 UTC",
        "document_id": fee["doc_id"],
        "current_version": item["current_version"],
        "why": "wording changed",
    }
    assert re.fullmatch(rf"{re.escape(FEE)}\+local\.[0-9a-f]{{8}}", item["current_version"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("outdated",),
            "Error: say where the record is: --out DIR (the folder you rendered into) "
            "or --registry FILE\n",
        ),
        (("verify", "--out", "out"), "Give either files to verify or --id DOCUMENT-ID.\n"),
        (
            ("outdated", "--out", "out", "--practice", "p.yaml"),
            "Give --practice and --client together, or neither.\n",
        ),
        (
            ("verify", "a.pdf", "--id", "ABCDE-12345", "--out", "out"),
            "Give either files to verify or --id DOCUMENT-ID.\n",
        ),
    ],
)
def test_usage_mistakes(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_outdated_after_a_fee_change(
    tmp_path: Path, files: tuple[Path, Path], write: Write, practice_data: dict[str, Any]
) -> None:
    out = tmp_path / "out"
    render(files, out)
    practice, client = files
    result = run("outdated", "--out", out, "--practice", practice, "--client", client)
    assert result.stdout == "Nobody needs to sign again: every latest document is current.\n"
    practice_data["sessions"]["dosing"]["fee"] = 600
    raised = write(tmp_path, "raised.yaml", practice_data)
    result = run("outdated", "--out", out, "--practice", raised, "--client", client, "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["client_id"], r["form_id"], r["current_version"], r["why"]) for r in rows] == [
        ("CP-0001", "KAP-FEE", FEE, "data changed")
    ]
    result = run("outdated", "--out", out)  # without the data, only wording is compared
    assert result.stdout == "Nobody needs to sign again: every latest document is current.\n"


def test_help_lists_the_record_commands_and_option() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for word in ("verify", "outdated", "history"):
        assert word in result.stdout
    assert "--registry" in run("render", "--help").stdout


def test_a_record_that_cannot_be_used_stops_the_run_before_writing(
    tmp_path: Path, files: tuple[Path, Path]
) -> None:
    practice, client = files
    out, notes = tmp_path / "out", tmp_path / "notes.sqlite"
    notes.write_bytes(b"shopping list: " * 200)
    result = run(
        "render", "--practice", practice, "--client", client, "--out", out, *DOCS,
        "--registry", notes,
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: {notes}: is not a kap-consent record (file is not a database); "
        "give the right --registry\n"
    )
    assert not out.exists() or list(out.iterdir()) == []
