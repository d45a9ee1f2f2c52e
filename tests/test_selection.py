"""--only picks clients from a roster; existing packets are skipped unless --force."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kap_consent.cli import app
from kap_consent.errors import DataError
from kap_consent.models import Client
from kap_consent.selection import select_clients, skip_existing


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def clients(client_data: dict[str, Any]) -> list[Client]:
    return [Client.model_validate({**client_data, "id": f"CP-000{n}"}) for n in (1, 2, 7)]


def test_only_keeps_file_order_and_ignores_repeats(clients: list[Client]) -> None:
    chosen = select_clients(clients, ["CP-0007", "CP-0001", "CP-0007"], Path("roster.csv"))
    assert [c.id for c in chosen] == ["CP-0001", "CP-0007"]
    assert select_clients(clients, None, Path("roster.csv")) == clients


def test_only_unknown_ids_are_all_reported(clients: list[Client]) -> None:
    with pytest.raises(DataError) as info:
        select_clients(clients, ["CP-0008", "cp-0002", "X"], Path("roster.csv"))
    assert info.value.problems == [
        "--only: no client CP-0008 in roster.csv; did you mean CP-0007?",
        "--only: no client cp-0002 in roster.csv; did you mean CP-0002?",
        "--only: no client X in roster.csv",
    ]


def test_skip_existing(tmp_path: Path, clients: list[Client]) -> None:
    (tmp_path / "CP-0002").mkdir()
    todo, skipped = skip_existing(tmp_path, clients, force=False)
    assert ([c.id for c in todo], skipped) == (["CP-0001", "CP-0007"], ["CP-0002"])
    assert skip_existing(tmp_path, clients, force=True) == (clients, [])


def test_render_only_from_a_roster(tmp_path: Path, examples: Path) -> None:
    """Add one client: render only the new one, skip the one done, replace with --force."""
    practice = tmp_path / "practice.yaml"
    shutil.copy(examples / "practice.yaml", practice)
    shutil.copy(examples / "logo.png", tmp_path / "logo.png")
    out = tmp_path / "out"
    (out / "CP-0001").mkdir(parents=True)
    (out / "CP-0001" / "signed.pdf").write_bytes(b"keep me")
    common = ("--practice", practice, "--client", examples / "roster.csv", "--out", out)
    fast = ("--documents", "KAP-MED", "--format", "pdf")
    result = run("render", *common, *fast, "--only", "CP-0001,CP-0002")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "CP-0001: skipped, its packet already exists (use --force to replace it)\n"
        f"CP-0002: 1 documents → {out / 'CP-0002'}\n"
    )
    assert result.stderr == "[1/1] rendering CP-0002\n"
    assert sorted(p.name for p in out.iterdir()) == [
        "CP-0001",
        "CP-0002",
        "kap-consent-record.sqlite",
    ]
    assert [p.name for p in (out / "CP-0001").iterdir()] == ["signed.pdf"]

    forced = run("render", *common, *fast, "--only", "CP-0001", "--force")
    assert forced.exit_code == 0, forced.output
    assert forced.stdout == f"CP-0001: 1 documents → {out / 'CP-0001'}\n"
    assert sorted(p.name for p in (out / "CP-0001").iterdir()) == [
        "02-medication-disclosure.pdf",
        "packet.pdf",
        "signed.pdf",  # --force replaces the files it writes and keeps the others
    ]
    assert (out / "CP-0001" / "signed.pdf").read_bytes() == b"keep me"


def test_render_only_unknown_id_writes_nothing(tmp_path: Path, examples: Path) -> None:
    out = tmp_path / "out"
    roster = examples / "roster.xlsx"
    result = run(
        "render",
        *("--practice", examples / "practice.yaml", "--client", roster, "--out", out),
        *("--only", "CP-0004"),
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Invalid input (1 problem); nothing was written:\n"
        f"  --only: no client CP-0004 in {roster}; did you mean CP-0003?\n"
    )
    assert not out.exists()
