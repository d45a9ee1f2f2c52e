"""`--help` and `--version` answered without the command framework, exactly as it would."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import kap_consent
from kap_consent.quick import HELP_FILE, PROGRAM, quick_answer, terminal_columns

from .help_text import full_help


def test_stored_help_is_what_typer_prints() -> None:
    stored = Path(HELP_FILE).read_text(encoding="utf-8")
    assert stored == full_help(), "kap_consent/help.txt is stale; run python -m tests.help_text"


def test_help_is_answered_from_the_stored_text() -> None:
    assert quick_answer(["--help"], PROGRAM, 80) == Path(HELP_FILE).read_text(encoding="utf-8")
    assert quick_answer(["--help"], PROGRAM, 200) == quick_answer(["--help"], PROGRAM, 80)


def test_narrow_terminals_other_names_and_commands_go_to_the_full_cli() -> None:
    assert quick_answer(["--help"], PROGRAM, 79) is None  # Typer wraps to the width
    assert quick_answer(["--help"], "__main__.py", 120) is None  # `python -m` names itself
    assert quick_answer(["render", "--help"], PROGRAM, 120) is None
    assert quick_answer(["--version", "documents"], PROGRAM, 120) is None
    assert quick_answer([], PROGRAM, 120) is None


def test_version_is_the_installed_one() -> None:
    assert quick_answer(["--version"], "anything", 20) == f"kap-consent {kap_consent.__version__}\n"
    assert kap_consent.__version__ == importlib.metadata.version("kap-consent")


def test_terminal_columns_follow_the_environment(monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("COLUMNS", "63")
    assert terminal_columns() == 63
    monkeypatch.setenv("COLUMNS", "wide")
    assert terminal_columns() > 0


def test_console_script_prints_the_help() -> None:
    script = Path(sys.executable).with_name(PROGRAM)
    result = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, check=True, env={"COLUMNS": "100"}
    )
    assert result.stdout == full_help()
