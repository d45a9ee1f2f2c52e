"""`--help`, `--version` and `schema` answered without the command framework, as it would."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kap_consent
from kap_consent import resources
from kap_consent.quick import PROGRAM, quick_answer, stored_answer, terminal_columns

from .quick_answers import FULL_CLI, expected_answers, full_help, schema_text


def test_stored_answers_are_what_the_full_command_line_prints() -> None:
    for name, text in expected_answers().items():
        assert stored_answer(name) == text, f"{name} is stale; run python -m tests.quick_answers"


def test_help_is_answered_from_the_stored_text() -> None:
    assert quick_answer(["--help"], PROGRAM, 80) == stored_answer("help.txt")
    assert quick_answer(["--help"], PROGRAM, 200) == quick_answer(["--help"], PROGRAM, 80)


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (["schema"], "practice"),
        (["schema", "practice"], "practice"),
        (["schema", "client"], "client"),
    ],
)
def test_schema_is_answered_from_the_stored_text(args: list[str], kind: str) -> None:
    assert quick_answer(args, "python", 20) == schema_text(kind)


@pytest.mark.parametrize(
    ("args", "listing"), [([], "documents.txt"), (["--json"], "documents.json")]
)
def test_documents_is_answered_from_the_stored_list(args: list[str], listing: str) -> None:
    assert quick_answer(["documents", *args], "python", 20) == stored_answer(listing)


def test_changed_wording_files_send_documents_to_the_full_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored list made from other wording files is never printed: the full command answers."""
    shutil.copytree(resources.packaged_dir() / "documents", tmp_path / "documents")
    monkeypatch.setattr(resources, "packaged_dir", lambda: tmp_path)
    assert quick_answer(["documents"], PROGRAM, 120) == stored_answer("documents.txt")
    form = tmp_path / "documents" / "KAP-FEE.yaml"
    form.write_text(form.read_text(encoding="utf-8").replace("1.1", "1.2", 1), encoding="utf-8")
    assert quick_answer(["documents"], PROGRAM, 120) is None
    assert quick_answer(["documents", "--json"], PROGRAM, 120) is None


def test_narrow_terminals_other_names_and_commands_go_to_the_full_cli() -> None:
    assert quick_answer(["--help"], PROGRAM, 79) is None  # Typer wraps to the width
    assert quick_answer(["--help"], "__main__.py", 120) is None  # `python -m` names itself
    assert quick_answer(["render", "--help"], PROGRAM, 120) is None
    assert quick_answer(["--version", "documents"], PROGRAM, 120) is None
    assert quick_answer(["schema", "roster"], PROGRAM, 120) is None  # the full CLI reports it
    assert quick_answer(["schema", "client", "--help"], PROGRAM, 120) is None
    assert quick_answer([], PROGRAM, 120) is None
    assert quick_answer(["documents", "--templates", "mine"], PROGRAM, 120) is None
    assert quick_answer(["documents", "--json", "--json"], PROGRAM, 120) is None
    assert quick_answer(["documents", "--help"], PROGRAM, 120) is None


def test_version_is_the_installed_one() -> None:
    assert quick_answer(["--version"], "anything", 20) == f"kap-consent {kap_consent.__version__}\n"
    assert kap_consent.__version__ == importlib.metadata.version("kap-consent")


def test_terminal_columns_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "63")
    assert terminal_columns() == 63
    monkeypatch.setenv("COLUMNS", "wide")
    assert terminal_columns() > 0


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    script = Path(sys.executable).with_name(PROGRAM)
    read, write = os.pipe()
    os.close(read)  # every write now fails as it does after `| head` has exited
    try:
        result = subprocess.run(
            [str(script), "schema", "practice"], stdout=write, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.close(write)
    assert result.returncode == 1
    assert result.stderr == ""


@pytest.mark.parametrize(
    "args", [["--help"], ["schema", "client"], ["documents"], ["documents", "--json"]]
)
def test_console_script_prints_what_the_full_command_line_prints(args: list[str]) -> None:
    script = Path(sys.executable).with_name(PROGRAM)
    env = {"COLUMNS": "100"}
    quick = subprocess.run([str(script), *args], capture_output=True, text=True, env=env)
    full = subprocess.run([sys.executable, "-c", FULL_CLI, *args], capture_output=True, text=True)
    assert quick.returncode == full.returncode == 0
    assert quick.stdout == full.stdout
    assert args != ["--help"] or quick.stdout == full_help()
