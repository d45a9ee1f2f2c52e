"""The web page's routes, through Starlette's test client."""

from __future__ import annotations

import io
import re
import stat
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kap_consent.cli import app as cli_app
from kap_consent.web import WebSettings, create_app
from kap_consent.web.app import ROUTES

from .web_support import EXAMPLES, FORM, beside, csrf, web_client

POSTS = sorted({r.path for r in ROUTES if "POST" in (getattr(r, "methods", None) or ())})


def test_practice_page_shows_clinicians_prescribers_licenses_and_fees(tmp_path: Path) -> None:
    page = web_client(tmp_path).get("/").text
    assert "<title>Practice · kap-consent</title>" in page
    assert "<td>Dana Rivera, PhD</td>" in page
    assert "Licensed Psychologist PSY-3172 (OR)" in page
    assert "<td>Adaeze Okafor, MD</td><td>Willamette Integrative Psychiatry, LLC</td>" in page
    assert "<td>Dosing</td><td>180</td><td>$550.00</td>" in page
    assert f'href="file://{(EXAMPLES / "practice.yaml").resolve()}"' in page
    assert '<form method="get" action="/"><button type="submit">Reload</button></form>' in page


def test_practice_problems_are_shown_at_the_top_in_the_cli_words(tmp_path: Path) -> None:
    practice = tmp_path / "practice.yaml"
    text = (EXAMPLES / "practice.yaml").read_text(encoding="utf-8")
    practice.write_text(text.replace("phone: 503-555-0142", "phone: 12", 1), encoding="utf-8")
    runner = CliRunner()
    cli = runner.invoke(cli_app, ["validate", "--practice", str(practice)])
    assert cli.exit_code == 2
    expected = cli.stderr.splitlines()[1].strip()
    assert expected.startswith(f"{practice}: phone: ")
    page = web_client(tmp_path / "out", practice).get("/").text
    assert f"<li>{expected}</li>" in page
    assert "1 problem to fix" in page


def test_client_form_fields_come_from_the_model(tmp_path: Path) -> None:
    page = web_client(tmp_path).get("/client").text
    assert '<input id="date_of_birth" name="date_of_birth" type="date" value="">' in page
    assert '<select id="plan.settings" name="plan.settings">' in page
    assert '<option value="okafor">Adaeze Okafor, MD</option>' in page
    assert 'data-show-field="plan.settings" data-show-values="home,both"' in page
    assert "Full legal name, printed on every page." in page


@pytest.mark.parametrize("path", POSTS)
def test_every_form_needs_the_csrf_token(tmp_path: Path, path: str) -> None:
    client = web_client(tmp_path)
    csrf(client)  # the browser has its cookie, but the form lacks the token or forges it
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post(path, data={**FORM, **data})
        assert response.status_code == 403
        assert "This form has expired or came from another page" in response.text
    assert list(tmp_path.iterdir()) == []


def test_a_bad_date_of_birth_is_shown_beside_its_field_in_the_cli_words(tmp_path: Path) -> None:
    client = web_client(tmp_path / "out")
    data = {**FORM, "date_of_birth": "2030-01-01", "csrf_token": csrf(client), "action": "generate"}
    response = client.post("/client", data=data)
    assert response.status_code == 422
    assert beside(response.text, "date_of_birth") == [
        "is in the future; check the date (YYYY-MM-DD)"
    ]
    assert (
        'name="date_of_birth" type="date" value="2030-01-01" aria-invalid="true"' in response.text
    )
    assert "Robin Quill" not in response.text.split("<main>")[0]  # not in the title or head
    assert not (tmp_path / "out").exists()
    clients = tmp_path / "clients.yaml"
    clients.write_text(
        "id: CP-0100\nlegal_name: Robin Quill\ndate_of_birth: 2030-01-01\naddress: x\n"
        "phone: 503-555-0190\nemergency_contact: {name: S, relationship: b, phone: 503-555-0191}\n"
        "plan: {therapist: rivera, prescriber: okafor, settings: office, preparation_sessions: 2,"
        " dosing_sessions: 3, integration_sessions: 3, medication_form: troche,"
        " start_date: 2027-01-11}\n",
        encoding="utf-8",
    )
    cli = CliRunner().invoke(
        cli_app,
        ["validate", "--practice", str(EXAMPLES / "practice.yaml"), "--client", str(clients)],
    )
    assert f"{clients}: date_of_birth: is in the future; check the date (YYYY-MM-DD)" in cli.stderr


def test_check_reports_a_valid_form(tmp_path: Path) -> None:
    client = web_client(tmp_path / "out")
    response = client.post("/client", data={**FORM, "csrf_token": csrf(client), "action": "check"})
    assert response.status_code == 200
    assert "No problems found: this client can be generated." in response.text
    assert not (tmp_path / "out").exists()


def test_home_sessions_need_the_support_person_beside_its_section(tmp_path: Path) -> None:
    client = web_client(tmp_path / "out")
    home = {"plan.settings": "home", "plan.home_state": "OR", "csrf_token": csrf(client)}
    response = client.post("/client", data={**FORM, **home, "action": "check"})
    assert response.status_code == 422
    assert (
        '<p class="problem">required because the plan has home sessions; add the support person</p>'
        in response.text
    )


def test_generate_shows_the_packet_and_serves_its_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    client = web_client(out)
    token = csrf(client)
    response = client.post(
        "/client", data={**FORM, "csrf_token": token, "action": "generate"}, follow_redirects=False
    )
    assert (response.status_code, response.headers["location"]) == (303, "/packets/CP-0100")
    page = client.get("/packets/CP-0100").text
    assert '<a class="button" id="print" href="/packets/CP-0100/files/packet.pdf"' in page
    assert '<img src="/packets/CP-0100/preview/01-informed-consent.png"' in page
    assert '<a href="/packets/CP-0100/files/01-informed-consent.docx">DOCX</a>' in page
    pdf = client.get("/packets/CP-0100/files/packet.pdf")
    assert pdf.headers["content-disposition"].startswith("inline")
    assert pdf.content.startswith(b"%PDF")
    download = client.get("/packets/CP-0100/files/packet.pdf?download=1")
    assert download.headers["content-disposition"].startswith("attachment")
    picture = client.get("/packets/CP-0100/preview/01-informed-consent.png")
    assert picture.content.startswith(b"\x89PNG")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/packets/CP-0100/zip").content))
    names = sorted(p.name for p in (out / "CP-0100").iterdir())
    assert sorted(archive.namelist()) == [f"CP-0100/{n}" for n in names]
    assert all(stat.S_IMODE((out / "CP-0100" / n).stat().st_mode) == 0o600 for n in names)
    assert stat.S_IMODE((out / "kap-consent-web.forms" / "CP-0100.csv").stat().st_mode) == 0o600

    again = client.post("/client", data={**FORM, "csrf_token": token, "action": "generate"})
    assert again.status_code == 409
    assert "A packet already exists for this client ID." in again.text
    replaced = client.post(
        "/client",
        data={**FORM, "csrf_token": token, "action": "generate", "replace": "yes"},
        follow_redirects=False,
    )
    assert replaced.status_code == 303

    clients = client.get("/clients").text
    assert '<h2><a href="/packets/CP-0100">CP-0100</a></h2>' in clients
    assert "<td>KAP-IC</td><td>Informed Consent for Ketamine-Assisted Psychotherapy</td>" in clients
    assert "Nobody: every client's latest documents are the current versions." in clients
    verified = client.post("/clients/verify", data={"csrf_token": token, "client_id": "CP-0100"})
    assert verified.text.count("exactly as generated") == len(names)
    (out / "CP-0100" / "01-informed-consent.pdf").write_bytes(b"%PDF-1.7 changed")
    verified = client.post("/clients/verify", data={"csrf_token": token, "client_id": "CP-0100"})
    assert (
        "<td>01-informed-consent.pdf</td>\n  <td>CHANGED since it was generated</td>"
        in verified.text
    )
    asked = client.post("/clients/regenerate", data={"csrf_token": token, "client_id": "CP-0100"})
    assert "Yes, replace the packet" in asked.text
    assert (out / "CP-0100" / "01-informed-consent.pdf").read_bytes() == b"%PDF-1.7 changed"
    done = client.post(
        "/clients/regenerate",
        data={"csrf_token": token, "client_id": "CP-0100", "confirm": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert (out / "CP-0100" / "01-informed-consent.pdf").read_bytes() != b"%PDF-1.7 changed"


@pytest.mark.parametrize(
    "path",
    [
        "/packets/..%2Fetc/files/passwd",
        "/packets/CP-0001/files/..%2F..%2Fpractice.yaml",
        "/packets/CP-0001/preview/x.png",
    ],
)
def test_packet_urls_reach_nothing_else(tmp_path: Path, path: str) -> None:
    (tmp_path / "CP-0001").mkdir()
    (tmp_path / "practice.yaml").write_text("secret", encoding="utf-8")
    response = web_client(tmp_path).get(path)
    assert response.status_code == 404
    assert "secret" not in response.text


def test_roster_problems_row_by_row_then_the_valid_rows_render(tmp_path: Path) -> None:
    out = tmp_path / "out"
    client = web_client(out)
    token = csrf(client)
    lines = (EXAMPLES / "roster.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    roster = "".join(lines).replace("1984-06-12", "1984-13-12", 1).encode("utf-8")
    response = client.post(
        "/roster",
        data={"csrf_token": token},
        files={"roster": ("clients.csv", roster, "text/csv")},
    )
    assert response.status_code == 200
    assert "<h2>3 rows, 2 ready</h2>" in response.text
    row = re.search(
        r"<tr><td>2</td><td>CP-0001</td><td>date_of_birth</td><td>([^<]*)</td>", response.text
    )
    assert row is not None and row.group(1).endswith("write a real date as YYYY-MM-DD")
    upload = re.search(r'name="token" value="([^"]+)"', response.text)
    assert upload is not None
    started = client.post(
        "/roster/generate",
        data={"csrf_token": token, "token": upload.group(1)},
        follow_redirects=False,
    )
    assert started.status_code == 303
    for _ in range(600):
        job = client.get(started.headers["location"]).text
        if "Finished." in job:
            break
        assert '<meta http-equiv="refresh" content="1">' in job  # the page follows the run
        time.sleep(0.2)
    assert '<progress id="progress" max="100" value="100">' in job
    assert '<li><a href="/packets/CP-0002">CP-0002</a></li>' in job
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["CP-0002", "CP-0003"]


def test_roster_upload_is_limited_in_size_and_type(tmp_path: Path) -> None:
    client = web_client(tmp_path)
    token = csrf(client)
    big = client.post(
        "/roster",
        data={"csrf_token": token},
        files={"roster": ("r.csv", b"x" * (7 * 1024 * 1024), "text/csv")},
    )
    assert big.status_code == 413
    assert big.text == "The upload is too large: a roster may be at most 5 MB."
    wrong = client.post(
        "/roster", data={"csrf_token": token}, files={"roster": ("r.txt", b"id\n", "text/plain")}
    )
    assert wrong.status_code == 422
    assert "<li>upload a .csv or .xlsx roster</li>" in wrong.text


def test_an_unexpected_error_shows_no_stack_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise ValueError("Robin Quill 1980-03-04")

    monkeypatch.setattr("kap_consent.web.routes_client.check_form", broken)
    client = web_client(tmp_path)
    client_no_raise = type(client)(
        client.app, base_url="http://127.0.0.1", raise_server_exceptions=False
    )
    token = csrf(client_no_raise)
    response = client_no_raise.post(
        "/client", data={**FORM, "csrf_token": token, "action": "check"}
    )
    assert response.status_code == 500
    assert "Unexpected error (ValueError) in kap-consent, not in your files" in response.text
    assert "Robin" not in response.text
    assert "Traceback" not in response.text


def test_other_host_names_are_refused(tmp_path: Path) -> None:
    response = web_client(tmp_path).get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400


def test_a_password_is_asked_when_set(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    settings = WebSettings(EXAMPLES / "practice.yaml", tmp_path, password="s3cret")
    client = TestClient(create_app(settings, ["*"]), base_url="http://192.0.2.1")
    assert client.get("/").status_code == 401
    assert client.get("/", auth=("manager", "wrong")).status_code == 401
    assert client.get("/", auth=("manager", "s3cret")).status_code == 200
