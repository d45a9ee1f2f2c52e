"""Error output names files, fields and client IDs, never client values, and never shows a
Python traceback: not for a template error, a refused fetch, a library's logged error, or an
exception that escapes everything else.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

Write = Callable[[Path, str, Any], Path]
MED = ("--documents", "KAP-MED", "--format", "pdf")
LAYOUT = Path(__file__).parent.parent / "templates" / "layout" / "document.html.j2"


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


def render(files: tuple[Path, Path], templates: Path) -> Result:
    practice, client = files
    out = templates.parent / "out"
    return run(
        "render", "--practice", practice, "--client", client, "--out", out,
        "--templates", templates, *MED,
    )  # fmt: skip


def assert_no_client_data(text: str) -> None:
    for value in ("Marcus", "Bell", "1984", "Fremont", "503-555-0110"):
        assert value not in text
    assert "Traceback" not in text


NOTHING = "Nothing was written. Fix the problem, then run again."


def test_undefined_name_taken_from_data_is_not_quoted(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    clause = folder / "clauses" / "KAP-MED" / "not-spravato.txt"
    clause.parent.mkdir(parents=True)
    clause.write_text("Not Spravato. {{ client[client.legal_name] }}")
    result = render(files, folder)
    assert result.exit_code == 2
    assert result.stderr.split("\n")[-3:-1] == [
        "Error: CP-0001: KAP-MED section spravato clause not-spravato: 'dict object' has no "
        "attribute "
        "(a value from the data); the value does not exist in the context",
        NOTHING,
    ]
    assert_no_client_data(result.output)


def test_undefined_name_written_in_the_template_is_still_named(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    clause = folder / "clauses" / "KAP-MED" / "not-spravato.txt"
    clause.parent.mkdir(parents=True)
    clause.write_text("Not Spravato. {{ client.nickname }}")
    result = render(files, folder)
    assert result.stderr.split("\n")[-3:-1] == [
        "Error: CP-0001: KAP-MED section spravato clause not-spravato: 'dict object' has no "
        "attribute "
        "'nickname'; the value does not exist in the context",
        NOTHING,
    ]


def test_refused_fetch_does_not_quote_the_address(files: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "layout").mkdir(parents=True)
    image = '<img src="{{ doc.client_name }}-{{ doc.client_dob }}.png"></body>'
    (folder / "layout" / "document.html.j2").write_text(
        LAYOUT.read_text().replace("</body>", image)
    )
    result = render(files, folder)
    assert result.exit_code == 2
    assert result.stderr.split("\n")[-3:-1] == [
        "Error: CP-0001: KAP-MED: the layout asks for a file or web address that is not allowed; "
        "a layout may use only the packaged fonts (../fonts/...) and the practice's logo (run "
        "`kap-consent check-templates` on the templates folder)",
        NOTHING,
    ]
    assert_no_client_data(result.output)


LOGGED = """
import logging, sys
from kap_consent import generate
def logged_error(*args, **kwargs):
    try:
        raise ValueError("Marcus Bell, 415 NE Fremont Street")
    except ValueError:
        logging.getLogger("weasyprint").error("Failed on %s", "Marcus Bell", exc_info=True)
    raise SystemExit(0)
generate.build_packet = logged_error
sys.argv = ["kap-consent", *sys.argv[1:]]
from kap_consent.cli import main
main()
"""

ESCAPED = """
import sys
from kap_consent import cli
def escape():
    raise ValueError("Marcus Bell, 415 NE Fremont Street")
cli.app = escape
cli.main()
"""


def _python(script: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", script, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_a_library_error_prints_one_line_without_its_message(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    practice, client = files
    done = _python(
        LOGGED, "render", "--practice", practice, "--client", client, "--out", tmp_path / "o"
    )
    assert done.stderr == (
        "[1/1] rendering CP-0001\n"
        "weasyprint reported an error (details are not shown: they can quote client data)\n"
    )
    assert_no_client_data(done.stdout + done.stderr)


def test_an_exception_that_escapes_prints_its_kind_only() -> None:
    done = _python(ESCAPED)
    assert done.returncode == 1
    assert done.stderr == (
        "Unexpected error (ValueError) in kap-consent, not in your files. Please report it with "
        "the command you ran.\n"
    )
