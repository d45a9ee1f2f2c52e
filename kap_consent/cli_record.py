"""The record's commands (verify, outdated, history); they register on the one `app` in cli.py."""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .cli import TemplatesOpt, _fail, app, err, out
from .errors import KapConsentError

if TYPE_CHECKING:  # the record and wording modules load only when a command runs
    from .audit import Outdated, Verification
    from .record import GivenDocument

OutOpt = Annotated[Path | None, typer.Option("--out", help="The output folder you rendered into.")]
RegistryOpt = Annotated[
    Path | None, typer.Option("--registry", help="The record file, if not inside --out.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for other programs.")]


def _record_path(out_dir: Path | None, registry: Path | None) -> Path:
    from .record import find_record

    try:
        return find_record(out_dir, registry)
    except KapConsentError as error:
        _fail(error)


def _fixed(*headers: str) -> list[Any]:
    """Return rich columns that are never wrapped or cut: versions and IDs must print whole."""
    from rich.table import Column

    return [Column(h, no_wrap=True, overflow="ignore") for h in headers]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _when(doc: GivenDocument) -> str:
    """Return the time a document was generated as `2026-11-26 14:05 UTC`."""
    return f"{doc.generated_at[:10]} {doc.generated_at[11:16]} UTC"


def _describe(doc: GivenDocument) -> str:
    return (
        f"  {doc.form_id} v{doc.version} · {doc.title} · "
        f"document ID {doc.doc_id} · facts as of {doc.facts_as_of}"
    )


def _report(check: Verification, record: Path) -> None:
    docs = check.documents
    if check.status == "unknown":
        out.print(
            f"{check.file}: NOT IN THE RECORD: no file in {record} has these exact bytes, "
            "and neither its name nor a printed document ID matches one",
            markup=False,
        )
        return
    first = docs[0]
    when = f"client {first.client_id}, {_when(first)}"
    if check.status == "exact":
        made = f"{check.recorded_name} of {when}, kap-consent {first.tool_version}"
        out.print(f"{check.file}: exactly as generated ({made})", markup=False)
    else:
        out.print(
            f"{check.file}: CHANGED: its bytes differ from the file generated for {when}",
            markup=False,
        )
    for doc in docs:
        out.print(_describe(doc), markup=False)


@app.command()
def verify(
    files: Annotated[
        list[Path] | None, typer.Argument(help="PDF or DOCX files to check.", show_default=False)
    ] = None,
    doc_id: Annotated[
        str | None, typer.Option("--id", help="A document ID printed on a page, e.g. 3F2A9-C41B0.")
    ] = None,
    out_dir: OutOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Say whether files are exactly what was generated, or look up a printed document ID."""
    from .audit import find_document, verify_file

    record = _record_path(out_dir, registry)
    if bool(files) == bool(doc_id):
        err.print("Give either files to verify or --id DOCUMENT-ID.", markup=False)
        raise typer.Exit(2)
    try:
        if doc_id:
            found = find_document(doc_id, record)
        else:
            checks = [verify_file(f, record) for f in files or []]
    except KapConsentError as error:
        _fail(error)
    if doc_id:
        _report_id(doc_id, found, record)
        raise typer.Exit(0 if found else 1)
    for check in checks:
        _report(check, record)
    raise typer.Exit(0 if all(c.status == "exact" for c in checks) else 1)


def _report_id(doc_id: str, found: list[GivenDocument], record: Path) -> None:
    if not found:
        out.print(f"Document ID {doc_id}: not in the record {record}", markup=False)
        return
    doc = found[0]
    out.print(f"Document ID {doc.doc_id}: client {doc.client_id}", markup=False)
    out.print(_describe(doc), markup=False)
    for given in found:
        names = ", ".join(f.name for f in given.files)
        out.print(
            f"  generated {_when(given)} by kap-consent {given.tool_version}: {names}",
            markup=False,
        )


_OUTDATED_COLUMNS = (
    "client_id", "form_id", "given_version", "given_on", "document_id", "current_version", "why"
)  # fmt: skip


def _outdated_row(item: Outdated) -> list[str]:
    g = item.given
    return [
        *(g.client_id, g.form_id, g.version, _when(g), g.doc_id),
        *(item.current_version, item.reason),
    ]


@app.command()
def outdated(
    out_dir: OutOpt = None,
    registry: RegistryOpt = None,
    templates: TemplatesOpt = None,
    practice: Annotated[
        Path | None,
        typer.Option("--practice", help="With --client: also list texts your data changed."),
    ] = None,
    client: Annotated[
        Path | None, typer.Option("--client", help="Client file, with --practice.")
    ] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (for a spreadsheet).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List the clients who must sign again: their latest form has an older version or wording."""
    from .audit import find_outdated

    record = _record_path(out_dir, registry)
    if (practice is None) != (client is None):
        err.print("Give --practice and --client together, or neither.", markup=False)
        raise typer.Exit(2)
    try:
        inputs = (practice, client) if practice and client else None
        found = find_outdated(record, templates, inputs)
    except KapConsentError as error:
        _fail(error)
    rows = [_outdated_row(item) for item in found]
    if as_json:
        _print_json([dict(zip(_OUTDATED_COLUMNS, row, strict=True)) for row in rows])
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows([list(_OUTDATED_COLUMNS), *rows])
    elif not rows:
        out.print("Nobody needs to sign again: every latest document is current.", markup=False)
    else:
        from rich.table import Table

        table = Table("Client ID", "Form ID", *_fixed("Given", "Given on", "Now"), "Why")
        for row in rows:
            table.add_row(*row[:3], row[3][:10], *row[5:])
        out.print(table)
        clients = len({item.given.client_id for item in found})
        count = f"{_count(len(rows), 'document')} of {_count(clients, 'client')}"
        out.print(f"{count} to sign again.", markup=False)


@app.command()
def history(
    client_id: Annotated[str, typer.Argument(help="The client ID.")],
    out_dir: OutOpt = None,
    registry: RegistryOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List every document a client was given, oldest first."""
    from .audit import client_history

    record = _record_path(out_dir, registry)
    try:
        given = client_history(client_id, record)
    except KapConsentError as error:
        _fail(error)
    if as_json:
        _print_json([dataclasses.asdict(g) for g in given])
    elif not given:
        out.print(f"{client_id}: nothing in the record {record}", markup=False)
    else:
        from rich.table import Table

        table = Table(
            *_fixed("Given on", "Form ID", "Version", "Document ID", "Facts as of"), "Files"
        )
        for g in given:
            kinds = ", ".join(Path(f.name).suffix.lstrip(".").upper() for f in g.files)
            table.add_row(_when(g), g.form_id, g.version, g.doc_id, g.facts_as_of, kinds)
        out.print(table)
