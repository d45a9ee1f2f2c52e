"""The process pool: input order, failures as the project's errors, one worker in process, bytes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kap_consent import generate_packets, load_inputs
from kap_consent.clock import today
from kap_consent.errors import DataError, KapConsentError, TemplateError
from kap_consent.render import LayoutOptions
from kap_consent.workers import Failure, RenderJob, render_packets

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SPRAVATO = (
    "We do not offer Spravato. If you want to learn about it, you can ask a prescriber or\n"
    "a clinic certified under the Spravato REMS."
)


def _job(templates_dir: Path | None = None, documents: tuple[str, ...] = ("KAP-KEY",)):
    practice, clients = load_inputs(EXAMPLES / "practice.yaml", EXAMPLES / "clients.yaml", today())
    docx = frozenset({"docx"})
    job = RenderJob(practice, templates_dir, documents, docx, LayoutOptions(), today())
    return job, clients


def _fails_for_cp_0002(folder: Path) -> Path:
    """Write an override that drops a required disclosure for client CP-0002 only."""
    clause = folder / "clauses" / "KAP-MED" / "spravato-not-offered.txt"
    clause.parent.mkdir(parents=True)
    clause.write_text(
        '{% if client.id == "CP-0002" %}We are glad to help you.{% else %}'
        + SPRAVATO
        + "{% endif %}",
        encoding="utf-8",
    )
    return folder


def test_two_workers_return_packets_in_input_order() -> None:
    job, clients = _job()
    order = list(reversed(clients))
    results = list(render_packets(job, order, workers=2))
    assert [getattr(r, "client_id", None) for r in results] == [c.id for c in order]
    assert not any(isinstance(r, Failure) for r in results)


def test_a_client_failing_in_a_worker_comes_back_as_a_failure(tmp_path: Path) -> None:
    job, clients = _job(_fails_for_cp_0002(tmp_path), ("KAP-MED",))
    results = list(render_packets(job, clients, workers=2))
    failures = [r for r in results if isinstance(r, Failure)]
    assert [f.client_id for f in failures] == ["CP-0002"]
    assert failures[0].kind == "TemplateError"
    assert failures[0].message.startswith(
        "KAP-MED (DOCX) is missing required disclosure(s): spravato-not-offered"
    )
    error = failures[0].error()
    assert isinstance(error, TemplateError) and str(error).startswith("CP-0002: KAP-MED (DOCX)")


def test_an_unexpected_error_names_only_its_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> None:
        raise ValueError("Marcus Bell, 415 NE Fremont Street")

    monkeypatch.setattr("kap_consent.generate.build_packet", explode)
    job, clients = _job()
    [failure, *_] = list(render_packets(job, clients, workers=1))
    assert isinstance(failure, Failure) and failure.kind == "KapConsentError"
    assert "ValueError" in failure.message and "Marcus" not in failure.message


def test_one_worker_renders_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for one worker")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_pool)
    job, clients = _job()
    results = list(render_packets(job, clients, workers=1))
    assert [getattr(r, "client_id", None) for r in results] == [c.id for c in clients]


def test_zero_workers_is_refused() -> None:
    job, clients = _job()
    with pytest.raises(DataError) as caught:
        list(render_packets(job, clients, workers=0))
    assert caught.value.problems == ["--workers: 0 is not a number of processes; use 1 or more"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("TemplateError", TemplateError), ("DataError", DataError), ("OSError", KapConsentError)],
)
def test_a_failure_becomes_the_projects_own_error(
    kind: str, expected: type[KapConsentError]
) -> None:
    error = Failure("CP-0001", kind, "what went wrong").error()
    assert type(error) is expected and str(error) == "CP-0001: what went wrong"


def test_two_workers_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    documents = ["KAP-KEY", "KAP-FEE"]
    for workers in (1, 2):
        generate_packets(
            EXAMPLES / "practice.yaml",
            EXAMPLES / "clients.yaml",
            tmp_path / str(workers),
            documents=documents,
            workers=workers,
        )
    one = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    two = sorted(p.relative_to(tmp_path / "2") for p in (tmp_path / "2").rglob("*") if p.is_file())
    assert one == two and len(one) == 3 * 5 + 1  # 2 PDFs, 2 DOCX, packet.pdf each; the record
    for name in one:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_a_failed_client_leaves_no_folder_and_the_others_are_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as caught:
        generate_packets(
            EXAMPLES / "practice.yaml",
            EXAMPLES / "clients.yaml",
            out,
            formats={"docx"},
            documents=["KAP-MED"],
            templates_dir=_fails_for_cp_0002(tmp_path / "templates"),
            workers=2,
        )
    assert str(caught.value).startswith("CP-0002: KAP-MED (DOCX) is missing required disclosure")
    assert "No folder was written for CP-0002. Written: CP-0001" in str(caught.value)
    assert sorted(p.name for p in out.iterdir()) == [
        "CP-0001",
        "CP-0003",
        "kap-consent-record.sqlite",
    ]


def _start_render(out: Path) -> subprocess.Popen[bytes]:
    """Start rendering the examples on 2 workers; return as the workers start."""
    command = [sys.executable, "-m", "kap_consent", "render", "--workers", "2"]
    files = ["--practice", EXAMPLES / "practice.yaml", "--client", EXAMPLES / "clients.yaml"]
    run = subprocess.Popen(
        [*command, *files, "--out", out],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a group of its own, like a terminal's foreground job
    )
    assert run.stderr is not None and run.stderr.readline().startswith(b"[1/3] rendering")
    return run


def test_ctrl_c_ends_the_workers_and_leaves_no_half_packet(tmp_path: Path) -> None:
    run = _start_render(tmp_path / "out")  # the workers may still be importing
    os.killpg(run.pid, signal.SIGINT)
    _, errors = run.communicate(timeout=60)
    assert run.returncode != 0 and b"Traceback" not in errors, errors.decode()
    assert _group_ends(run.pid)  # the workers ended with the command
    out = tmp_path / "out"
    assert not out.exists() or not [p for p in out.iterdir() if p.name.startswith(".")]


def test_workers_end_when_the_command_is_killed_outright(tmp_path: Path) -> None:
    run = _start_render(tmp_path / "out")
    time.sleep(2)  # the workers are rendering now
    run.kill()  # the command only, as an out-of-memory killer would
    run.communicate(timeout=60)  # returns once no worker holds its output open
    assert _group_ends(run.pid)


def _group_ends(group: int) -> bool:
    """Wait up to 30 s for every process of a group to end; return whether they did."""
    # multiprocessing's resource tracker ends after the command, a moment later when busy
    deadline = time.monotonic() + 30
    while _running_in_group(group) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _running_in_group(group) == []


def _running_in_group(group: int) -> list[int]:
    """Return the processes of a process group that still run (exited ones await their reaping)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while being listed
        if int(fields[2]) == group and fields[0] != "Z":
            running.append(int(stat.parent.name))
    return running


CORES = os.cpu_count() or 1


@pytest.mark.parametrize(("given", "expected"), [([], CORES), (["--workers", "3"], 3)])
def test_render_passes_workers_and_defaults_to_the_cores(
    given: list[str], expected: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def fake(*args: object, **kwargs: object) -> list[object]:
        seen.update(kwargs)
        return []

    monkeypatch.setattr("kap_consent.generate.generate_packets", fake)
    files = ["--practice", EXAMPLES / "practice.yaml", "--client", EXAMPLES / "clients.yaml"]
    result = _cli("render", *files, "--out", tmp_path, *given)
    assert result.exit_code == 0, result.output
    assert seen["workers"] == expected


def test_render_refuses_zero_workers(tmp_path: Path) -> None:
    files = ["--practice", EXAMPLES / "practice.yaml", "--client", EXAMPLES / "clients.yaml"]
    result = _cli("render", *files, "--out", tmp_path, "--workers", "0")
    assert result.exit_code == 2 and "--workers" in result.stderr


def _cli(*args: str | Path) -> Result:
    from kap_consent.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])
