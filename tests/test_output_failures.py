"""The output folder when things go wrong: a full disk, --force over files the tool did not
write, and runs stopped by a signal. Nothing is lost, nothing is left behind, and the message
says exactly what was written.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from kap_consent import output

Write = Callable[[Path, str, Any], Path]
FEE = ("--documents", "KAP-FEE", "--format", "pdf")


def run(*args: str | Path) -> Result:
    from kap_consent.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def two_clients(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> tuple[Path, Path]:
    second = {**client_data, "id": "CP-0002"}
    return (
        write(tmp_path, "practice.yaml", practice_data),
        write(tmp_path, "clients.yaml", {"clients": [client_data, second]}),
    )


def render(files: tuple[Path, Path], out: Path, *extra: str) -> Result:
    practice, clients = files
    return run("render", "--practice", practice, "--client", clients, "--out", out, *extra)


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# Point 8: a full disk


def test_disk_full_after_the_first_packet_says_what_was_written(
    two_clients: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = output._write_file

    def full_for_the_second(path: Path, data: bytes) -> None:
        if ".CP-0002." in path.parent.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(output, "_write_file", full_for_the_second)
    out = tmp_path / "out"
    result = render(two_clients, out, *FEE)
    assert result.exit_code == 2, result.output
    assert result.stderr.split("\n")[2:] == [
        f"Error: {out / 'CP-0002'}: could not write the packet (No space left on device); this "
        "client's folder was not changed.",
        f"Written: CP-0001 ({out / 'CP-0001'}).",
        "Not written: CP-0002. Fix the problem, then run again (with --force, to replace the "
        "packets that were written)",
        "",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["CP-0001", "kap-consent-record.sqlite"]
    recorded = run("history", "CP-0001", "--out", out, "--json")
    assert {g["form_id"] for g in json.loads(recorded.stdout)} == {"KAP-FEE"}
    assert json.loads(run("history", "CP-0002", "--out", out, "--json").stdout) == []


def test_too_little_free_space_is_found_before_the_first_write(
    two_clients: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        output.shutil, "disk_usage", lambda path: type("U", (), {"free": 200 * 1024})()
    )
    out = tmp_path / "out"
    result = render(two_clients, out, *FEE)
    assert result.exit_code == 2, result.output
    last = result.stderr.split("\n")[-2]
    assert last.startswith(f"Error: {out}: not enough free space: this run needs about ")
    assert last.endswith(
        "MB, and 0.2 MB is free; nothing was written. Free some space or choose another --out"
    )
    assert list(out.iterdir()) == []


# Point 9: --force keeps what this run does not write


def test_force_with_some_documents_keeps_the_rest_and_foreign_files(
    two_clients: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert render(two_clients, out, "--format", "pdf").exit_code == 0
    folder = out / "CP-0001"
    (folder / "signed-scan.pdf").write_bytes(b"%PDF-1.4 the signed copy")
    (folder / "notes").mkdir()
    (folder / "notes" / "call.txt").write_text("called back")
    before = sorted(p.name for p in folder.iterdir())
    fee = folder / "07-fees.pdf"
    fee_inode = fee.stat().st_ino
    result = render(two_clients, out, "--force", *FEE)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == before
    assert (folder / "signed-scan.pdf").read_bytes() == b"%PDF-1.4 the signed copy"
    assert (folder / "notes" / "call.txt").read_text() == "called back"
    assert fee.stat().st_ino != fee_inode  # written again by this run
    assert hidden(out) == []


# Point 10: interrupted runs

SLOW_WRITE = """
import pathlib, sys, time
from kap_consent import output
real_write = output._write_file
marker = pathlib.Path(sys.argv[1])
def slow_write(path, data):
    real_write(path, data)
    marker.touch()
    time.sleep(120)
output._write_file = slow_write
sys.argv = ["kap-consent", *sys.argv[2:]]
from kap_consent.cli import main
main()
"""


def _start_and_stop(files: tuple[Path, Path], out: Path, signum: int) -> int:
    """Start a render whose writing hangs, send `signum` mid-write, return its exit code."""
    marker = out.parent / "writing"
    practice, clients = files
    command = [sys.executable, "-c", SLOW_WRITE, str(marker), "render", "--practice"]
    command += [str(practice), "--client", str(clients), "--out", str(out), *FEE]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the render never started writing"
        time.sleep(0.1)
    assert hidden(out), "a hidden folder is being written"
    process.send_signal(signum)
    process.communicate(timeout=60)
    return process.returncode


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_stop_signal_mid_write_leaves_nothing(
    two_clients: tuple[Path, Path], tmp_path: Path, name: str
) -> None:
    out = tmp_path / "out"
    code = _start_and_stop(two_clients, out, getattr(signal, name))
    assert code != 0
    assert hidden(out) == []
    assert list(out.iterdir()) == []


def test_the_next_run_removes_what_a_killed_run_left(
    two_clients: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert _start_and_stop(two_clients, out, signal.SIGKILL) == -signal.SIGKILL
    assert [name.endswith(".partial") for name in hidden(out)] == [True]
    result = render(two_clients, out, *FEE)
    assert result.exit_code == 0, result.output
    assert f"Removed unfinished files that interrupted runs left in {out} for CP-0001\n" in (
        result.stderr
    )
    assert hidden(out) == []
    assert sorted(p.name for p in out.iterdir()) == [
        "CP-0001",
        "CP-0002",
        "kap-consent-record.sqlite",
    ]


def test_leftovers_of_earlier_versions_are_removed(
    two_clients: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for name in (".CP-0001.k2x9q1ab.partial", ".CP-0002.old"):
        (out / name).mkdir(parents=True)
        (out / name / "01-informed-consent.pdf").write_bytes(b"%PDF client data")
    (out / ".CP-0002.old").chmod(0o500)  # what --force over a read-only packet left
    (out / "CP-0002").mkdir()
    result = render(two_clients, out, "--force", *FEE)
    assert result.exit_code == 0, result.output
    assert (
        f"Removed unfinished files that interrupted runs left in {out} for CP-0001, CP-0002\n"
        in result.stderr
    )
    assert hidden(out) == []


def test_a_running_packet_of_another_run_is_left_alone(
    two_clients: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    alive = out / f".CP-0009.{os.getppid()}.abcd1234.partial"
    alive.mkdir(parents=True)
    assert render(two_clients, out, *FEE).exit_code == 0
    assert alive.is_dir()


def test_set_aside_packet_is_put_back_when_its_run_died(tmp_path: Path) -> None:
    aside = tmp_path / ".CP-0001.999999999.old"
    aside.mkdir()
    (aside / "01-informed-consent.pdf").write_bytes(b"%PDF previous")
    assert output.clear_leftovers(tmp_path) == ["CP-0001"]
    assert (tmp_path / "CP-0001" / "01-informed-consent.pdf").read_bytes() == b"%PDF previous"
    assert hidden(tmp_path) == []


def test_packet_pdf_of_a_partial_run_holds_what_was_rendered(
    two_clients: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert render(two_clients, out, *FEE).exit_code == 0
    packet = PdfReader(out / "CP-0001" / "packet.pdf")
    single = PdfReader(out / "CP-0001" / "07-fees.pdf")
    assert len(packet.pages) == len(single.pages)
