"""The serve command: local by default, a password for any other address, no access log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kap_consent.cli import app

from .web_support import EXAMPLES


def test_help_does_not_import_the_web_page() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from kap_consent.cli import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0 and 'serve' in result.output\n"
        "print(sorted(m for m in sys.modules if m.startswith(('kap_consent.web', 'starlette',"
        " 'uvicorn'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_another_address_needs_a_password(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["serve", "--practice", str(EXAMPLES / "practice.yaml"), "--host", "0.0.0.0"],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --host: another address than 127.0.0.1 needs --password as well\n"
    )


@pytest.mark.parametrize(
    ("options", "host", "password"),
    [([], "127.0.0.1", None), (["--host", "0.0.0.0", "--password", "pw"], "0.0.0.0", "pw")],
)
def test_serve_runs_uvicorn_without_access_log(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    host: str,
    password: str | None,
) -> None:
    seen: dict[str, Any] = {}

    def run(server: Any) -> None:
        seen["config"] = server.config

    monkeypatch.setattr("uvicorn.Server.run", run)
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    result = CliRunner().invoke(
        app,
        [
            "serve",
            "--practice",
            str(EXAMPLES / "practice.yaml"),
            "--out",
            str(tmp_path),
            "--port",
            "8765",
            "--no-browser",
            *options,
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"kap-consent is at http://{host}:8765/ (Ctrl-C stops it)\n"
    config = seen["config"]
    assert (config.host, config.port, config.access_log) == (host, 8765, False)
    assert config.app.state.settings.password == password
    assert config.app.state.settings.out_dir == tmp_path
    assert opened == []


def test_server_errors_are_logged_without_their_traceback() -> None:
    import logging

    from kap_consent.web.serve import without_traceback

    try:
        raise ValueError("Robin Quill")
    except ValueError:
        record = logging.LogRecord(
            "uvicorn.error",
            logging.ERROR,
            "x",
            1,
            "Exception in ASGI application",
            (),
            sys.exc_info(),
        )
    assert without_traceback(record)
    assert logging.Formatter().format(record) == (
        "Exception in ASGI application (ValueError; details withheld)"
    )
