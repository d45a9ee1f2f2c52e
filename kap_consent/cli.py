"""The command line: each command maps its options to one library function and prints."""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from .console import Stream
from .errors import DataError, KapConsentError, Problem

if TYPE_CHECKING:
    from .generate import OutputFormat

QUIET_LOGGERS = ("weasyprint", "fontTools", "PIL", "pydyf", "docxtpl", "docx")
"""Libraries whose warnings could quote client text (a character, a value); only errors show."""


class _Commands(TyperGroup):
    """Run a command; an unexpected failure prints one line, never a traceback or its message."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KapConsentError as error:
            _fail(error)
        except (typer.TyperException, typer.Exit, typer.Abort):  # usage errors, exits, Ctrl-C
            raise
        except Exception as error:  # the message could quote client data, so it is not shown
            err.print(
                f"Unexpected error ({type(error).__name__}) in kap-consent, not in your files; "
                "no packet was half-written. Please report it with the command you ran.",
                markup=False,
            )
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Commands,
    help="Make informed-consent packets for ketamine-assisted psychotherapy clients.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Stream()
err = Stream(stderr=True)

CLIENT_HELP = "Client file: one client or a list (.yaml, .json, .toml), or a .csv/.xlsx roster."
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for other programs.")]
PracticeOpt = Annotated[
    Path, typer.Option("--practice", help="Practice file (.yaml, .json or .toml).")
]
TemplatesOpt = Annotated[
    Path | None,
    typer.Option("--templates", help="Folder of practice overrides (wording or layouts)."),
]


def _fail(error: KapConsentError) -> NoReturn:
    if isinstance(error, DataError):
        count = len(error.problems)
        err.print(
            f"Invalid input ({count} problem{'s' if count != 1 else ''}); nothing was written:",
            markup=False,
        )
        for problem in error.problems:
            err.print(f"  {problem}", markup=False)
    else:
        err.print(f"Error: {error}", markup=False)
    raise typer.Exit(2)


def _id_list(text: str | None) -> list[str] | None:
    """Split a comma-separated option value; None when not given."""
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _version(value: bool) -> None:
    if value:
        from . import __version__

        out.print(f"kap-consent {__version__}", markup=False)
        raise typer.Exit()


def _quiet_libraries() -> None:
    """Keep library warnings (which may quote client text) off the screen; errors still show."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.simplefilter("ignore")


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Make informed-consent packets for ketamine-assisted psychotherapy clients."""
    _quiet_libraries()


class FormatChoice(StrEnum):
    """Output formats."""

    pdf = "pdf"
    docx = "docx"
    both = "both"

    def formats(self) -> frozenset[OutputFormat]:
        """Return the file formats this choice stands for."""
        return _FORMATS[self.value]


_FORMATS: dict[str, frozenset[OutputFormat]] = {
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx"}),
    "both": frozenset({"pdf", "docx"}),
}


class VariantChoice(StrEnum):
    """PDF variants."""

    standard = "standard"
    pdfa = "pdf/a-3b"
    pdfua = "pdf/ua-1"


class PaperChoice(StrEnum):
    """Paper sizes."""

    letter = "letter"
    a4 = "a4"


@app.command()
def render(
    practice: PracticeOpt,
    client: Annotated[Path, typer.Option("--client", help=CLIENT_HELP)],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Output folder; one sub-folder per client ID.")
    ],
    fmt: Annotated[
        FormatChoice, typer.Option("--format", help="File formats.", case_sensitive=False)
    ] = FormatChoice.both,
    force: Annotated[
        bool, typer.Option("--force", help="Replace packets that already exist.")
    ] = False,
    documents: Annotated[
        str | None,
        typer.Option("--documents", help="Only these form IDs, comma-separated: KAP-IC,KAP-MED."),
    ] = None,
    templates: TemplatesOpt = None,
    only: Annotated[
        str | None,
        typer.Option("--only", help="Only these client IDs, comma-separated: CP-0001,CP-0007."),
    ] = None,
    paper: Annotated[
        PaperChoice, typer.Option("--paper", help="Paper size.", case_sensitive=False)
    ] = PaperChoice.letter,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Body text at about 14 pt.")
    ] = False,
    pdf_variant: Annotated[
        VariantChoice,
        typer.Option(
            "--pdf-variant",
            help="standard; pdf/a-3b (archival); pdf/ua-1 (tagged, accessible).",
            case_sensitive=False,
        ),
    ] = VariantChoice.standard,
    duplex: Annotated[
        bool,
        typer.Option(
            "--duplex",
            help="For two-sided printing: each document in packet.pdf starts on a front page.",
        ),
    ] = False,
    registry: Annotated[
        Path | None,
        typer.Option("--registry", help="Record file (default: inside --out).", show_default=False),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes rendering clients at once (default: the number of cores).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Render each client's packet as PDF and/or DOCX, plus a combined packet.pdf."""
    from .generate import generate_packets
    from .render import LayoutOptions

    try:
        packets = generate_packets(
            practice,
            client,
            out_dir,
            formats=fmt.formats(),
            documents=_id_list(documents),
            force=force,
            templates_dir=templates,
            options=LayoutOptions(
                paper=paper.value,
                large_print=large_print,
                pdf_variant=pdf_variant.value,
                duplex=duplex,
            ),
            on_cleared=lambda ids: err.print(
                f"Removed unfinished files that interrupted runs left in {out_dir} for "
                + ", ".join(ids),
                markup=False,
            ),
            on_progress=lambda cid, i, n: err.print(f"[{i + 1}/{n}] rendering {cid}", markup=False),
            on_warning=lambda warning: err.print(f"Warning: {warning}", markup=False),
            registry=registry,
            only=_id_list(only),
            on_skip=lambda cid: out.print(
                f"{cid}: skipped, its packet already exists (use --force to replace it)",
                markup=False,
            ),
            workers=workers or os.cpu_count() or 1,
        )
    except KapConsentError as error:
        _fail(error)
    for packet in packets:
        skipped = packet.not_applicable
        note = f" (not applicable: {', '.join(skipped)})" if skipped else ""
        count = len(packet.documents)
        out.print(f"{packet.client_id}: {count} documents → {packet.folder}{note}", markup=False)


@app.command()
def validate(
    practice: PracticeOpt,
    client: Annotated[
        Path | None, typer.Option("--client", help="Client file to check too.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check a practice file (and a client file or roster): errors (exit 2), warnings (exit 0)."""
    from .clock import today
    from .loading import load_inputs, plan_warnings

    day = today()
    try:
        loaded, clients = load_inputs(practice, client, day)
    except KapConsentError as error:
        if not as_json:
            _fail(error)
        details = (
            error.details if isinstance(error, DataError) else [Problem(None, None, str(error))]
        )
        _print_json({"ok": False, "problems": [p.as_dict() for p in details]})
        raise typer.Exit(2) from None
    warnings = plan_warnings(loaded, clients, day, client, practice) if client else []
    if as_json:
        _print_json(
            {
                "ok": True,
                "problems": [],
                "warnings": warnings,
                "practice": {
                    "file": str(practice),
                    "clinicians": len(loaded.clinicians),
                    "prescribers": len(loaded.prescribers),
                },
                "clients": {"file": str(client), "ids": [c.id for c in clients]}
                if client
                else None,
            }
        )
        return
    people = f"{len(loaded.clinicians)} clinicians, {len(loaded.prescribers)} prescribers"
    out.print(f"{practice}: OK ({people})", markup=False)
    if client:
        out.print(
            f"{client}: OK ({len(clients)} client{'s' if len(clients) != 1 else ''})", markup=False
        )
        if warnings:
            count = len(warnings)
            out.print(
                f"{count} warning{'s' if count != 1 else ''} (packets can be made):", markup=False
            )
            for warning in warnings:
                out.print(f"  {warning}", markup=False)


@app.command()
def documents(templates: TemplatesOpt = None, as_json: JsonOpt = False) -> None:
    """List the documents of the packet: form IDs, versions, signers and initials boxes."""
    from .catalog import list_documents, listing_text

    try:
        entries = list_documents(templates)
    except KapConsentError as error:
        _fail(error)
    if as_json:
        _print_json([entry.as_dict() for entry in entries])
        return
    sys.stdout.write(listing_text(entries))


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="practice or client.")] = "practice",
) -> None:
    """Print the JSON Schema of a practice or client file, for editor autocompletion."""
    from .schema import KINDS, json_schema

    if kind not in KINDS:
        _fail(DataError([f"schema: {kind!r} is not one of practice, client"]))
    sys.stdout.write(json.dumps(json_schema(kind), indent=2) + "\n")


@app.command("roster-template")
def roster_template(
    file: Annotated[Path, typer.Argument(help="The roster to create: a .xlsx or .csv file.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write an empty client roster with every column and a note on each."""
    from .roster_template import write_roster_template

    write_roster_template(file, force=force)
    out.print(f"{file}: empty roster written; fill in one client a row", markup=False)


@app.command()
def serve(
    practice: PracticeOpt,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Where packets are written (and the record kept).")
    ] = Path("out"),
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)
    ] = 8000,
    host: Annotated[
        str, typer.Option("--host", help="Listen on another address; needs --password.")
    ] = "127.0.0.1",
    password: Annotated[
        str | None, typer.Option("--password", help="Password the browser asks for.")
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the browser.")
    ] = False,
) -> None:
    """Start the local web page for filling in clients and printing their packets."""
    if host != "127.0.0.1" and not password:
        _fail(KapConsentError("--host: another address than 127.0.0.1 needs --password as well"))
    from .web.actions import WebSettings
    from .web.serve import serve as run_server

    shown = "127.0.0.1" if host == "127.0.0.1" else host
    out.print(f"kap-consent is at http://{shown}:{port}/ (Ctrl-C stops it)", markup=False)
    run_server(WebSettings(practice, out_dir, password), host, port, not no_browser)


@app.command()
def readability(
    practice: PracticeOpt,
    client: Annotated[Path, typer.Option("--client", help=CLIENT_HELP)],
    templates: TemplatesOpt = None,
) -> None:
    """Score each document's reading level (Flesch-Kincaid, SMOG) for each client."""
    from rich.table import Table

    from .generate import readability_report

    try:
        report = readability_report(practice, client, templates_dir=templates)
    except KapConsentError as error:
        _fail(error)
    for client_id, scores in report:
        table = Table(
            "Form ID",
            "Document",
            "Words",
            "Sentences",
            "FK grade",
            "SMOG",
            "Ease",
            "Minutes",
            title=client_id,
        )
        for s in scores:
            table.add_row(
                s.form_id,
                s.title,
                str(s.words),
                str(s.sentences),
                f"{s.flesch_kincaid_grade:.1f}",
                f"{s.smog_grade:.1f}",
                f"{s.flesch_reading_ease:.0f}",
                f"{s.minutes:.1f}",
            )
        out.print(table)


@app.command("check-templates")
def check_templates(
    folder: Annotated[Path, typer.Argument(help="The override folder you pass to --templates.")],
    practice: Annotated[
        Path | None, typer.Option("--practice", help="Practice file to compose with.")
    ] = None,
    client: Annotated[
        Path | None, typer.Option("--client", help="Client file to compose with.")
    ] = None,
) -> None:
    """Check an override folder: syntax, names, Word tags and required disclosures."""
    from .lint import check_templates as lint

    problems = lint(folder, practice, client)
    if problems:
        count = len(problems)
        err.print(f"{folder}: {count} problem{'s' if count != 1 else ''}:", markup=False)
        for problem in problems:
            err.print(f"  {problem}", markup=False)
        raise typer.Exit(2)
    out.print(f"{folder}: OK", markup=False)


class _OneLine(logging.Handler):
    """Print a library's error as one line naming the library: its message and any traceback
    could quote client data."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(
            f"{record.name} reported an error (details are not shown: they can quote client data)",
            markup=False,
        )


def _no_traceback(kind: type[BaseException], *_: Any) -> None:
    """Report an exception that escaped everything else by its kind only, never a traceback."""
    err.print(
        f"Unexpected error ({kind.__name__}) in kap-consent, not in your files. Please report it "
        "with the command you ran.",
        markup=False,
    )


def _stop(signum: int, frame: Any) -> None:
    """Stop on SIGTERM or SIGHUP as on Ctrl-C: unfinished packet folders are removed."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point of the `kap-consent` console script."""
    import os
    import signal

    # kap-consent uses no pydantic plugins; looking for them reads every installed package's
    # metadata, a noticeable part of a quick command such as `validate`.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    import threading

    sys.excepthook = _no_traceback
    threading.excepthook = lambda args: _no_traceback(args.exc_type)
    sys.unraisablehook = lambda hook: None  # e.g. a failure inside a library's clean-up
    root = logging.getLogger()
    root.handlers = [_OneLine(logging.ERROR)]
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    app()


# The record's commands (verify, outdated, history) live in their own module and register on `app`.
from . import cli_record  # noqa: E402, F401
