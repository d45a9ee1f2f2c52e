"""Hostile and messy input: printed exactly in both formats, never evaluated, never fetched;
bad input gives one clear line per problem, exit code 2 and no files.

A PDF's text is compared without whitespace (lines wrap where the page ends); a DOCX's text is
compared exactly.
"""

from __future__ import annotations

import io
import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from kap_consent import TemplateSet, build_packet, load_clients, load_practice, select_documents
from kap_consent.clock import today
from kap_consent.extract import docx_paragraphs, pdf_pages
from kap_consent.generate import Packet

from .conftest import RecordingHandler, ready_for_home, write_data

Write = Callable[[Path, str, Any], Path]
TELEHEALTH = {"platform": "Doxy.me", "backup_phone": "503-555-0142"}
SUPPORT = {"name": "Tomas Ortega", "relationship": "partner", "phone": "360-555-0125"}
HOSTILE = {
    "markup": 'O\'Brien & <Sons> "Ltd" &amp; &#60;',
    "jinja": "{{ 7*7 }} {% raw %} {# note #} {_{ x }_} {%- endraw %}",
    "script": "<script>alert('x')</script>",
    "backslashes": "C:\\new\\table \\\\server \\n \\u0041",
    "emoji": "Sunny 😀 ☺ ♥ ✓ ★",
    "accents": "Siobhán Ó Súilleabháin-Nguyễn Zoë Ærøskøbing",
    "combining": "Zoe\u0308 Jose\u0301 Ma\u0301rquez A\u0332",
    "hebrew": "דנה כהן",
    "arabic": "محمد العلي",
    "mixed-direction": "Dana כהן Smith",
    "cjk": "张伟 山田太郎 김민준",
    "long": "Wolfeschlegelsteinhausenbergerdorff " * 3 + "Jr",  # names hold at most 120
    "unbroken": "W" * 120,
}


def squash(text: str) -> str:
    """Drop all whitespace: a PDF's lines wrap (and right-to-left runs move spaces)."""
    return "".join(text.split())


def run(*args: str | Path) -> Result:
    from kap_consent.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def home_client(practice_data: dict[str, Any], client_data: dict[str, Any]) -> dict[str, Any]:
    """A client with home sessions, so the emergency form prints the client's address."""
    client_data["support_person"] = SUPPORT
    ready_for_home(practice_data, client_data)
    return client_data


def _emergency_form(folder: Path, practice: dict[str, Any], client: dict[str, Any]) -> Packet:
    """Load the data from files (as the CLI does) and render only the emergency form."""
    loaded = load_practice(write_data(folder, "practice.yaml", practice))
    clients = load_clients(write_data(folder, "client.yaml", client), loaded, today())
    templates = TemplateSet()
    defs = select_documents(templates, ["KAP-EMER"])
    return build_packet(loaded, clients[0], templates, defs)


# Exact text


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_prints_exactly_in_both_formats(
    tmp_path: Path, practice_data: dict[str, Any], home_client: dict[str, Any], value: str
) -> None:
    address = f"{value}\n12 Main Street\nPortland, OR 97205"
    home_client["legal_name"] = value
    home_client["address"] = address
    home_client["emergency_contact"]["name"] = value
    practice_data["telehealth"] = TELEHEALTH
    document = _emergency_form(tmp_path, practice_data, home_client).documents[0]

    paragraphs = docx_paragraphs(document.docx or b"")
    assert paragraphs.count(value) == 2  # the client row and the emergency contact row
    assert address in paragraphs  # line breaks kept
    header = docx.Document(io.BytesIO(document.docx or b"")).sections[0].header
    assert header.paragraphs[0].text == f"Cedar Path Therapy\t{value}"

    pages = [squash(page) for page in pdf_pages(document.pdf or b"")]
    assert all(squash(value) in page for page in pages)  # the header of every page
    body = "".join(pages)
    assert body.count(squash(value)) >= len(pages) + 3  # header, two rows, the address
    assert squash(address) in body


def test_template_code_in_data_is_printed_not_run(
    tmp_path: Path, practice_data: dict[str, Any], home_client: dict[str, Any]
) -> None:
    home_client["legal_name"] = "{{ 7*7 }} {{ practice.email }}"
    home_client["emergency_contact"]["name"] = "<script>alert(1)</script>"
    practice_data["telehealth"] = TELEHEALTH
    document = _emergency_form(tmp_path, practice_data, home_client).documents[0]
    for text in (
        " ".join(pdf_pages(document.pdf or b"")),
        "\n".join(docx_paragraphs(document.docx or b"")),
    ):
        assert "{{ 7*7 }}" in text and "<script>alert(1)</script>" in text
        assert "49" not in text and "office@cedarpath.example" not in text


# Nothing is fetched


def test_urls_in_client_data_print_literally_and_are_never_fetched(
    tmp_path: Path,
    practice_data: dict[str, Any],
    home_client: dict[str, Any],
    server: str,
) -> None:
    image = f'<img src="{server}/pixel.png">'
    style = f'<p style="background: url({server}/bg.png)">'
    local = "url(file:///etc/passwd) <link rel=stylesheet href=file:///etc/passwd>"
    home_client["address"] = f"{image}\n{style}\n{local}"
    home_client["legal_name"] = f"<img src='{server}/name.png'>"
    practice_data["display_name"] = f"Cedar <img src={server}/logo.png>"
    practice_data["website"] = f"{server}/site"
    practice_data["telehealth"] = TELEHEALTH
    document = _emergency_form(tmp_path, practice_data, home_client).documents[0]
    body = "".join(squash(page) for page in pdf_pages(document.pdf or b""))
    for text in (image, style, local):
        assert squash(text) in body
    assert home_client["address"] in docx_paragraphs(document.docx or b"")
    assert "/etc/passwd" not in body.replace(squash(local), "")  # printed, never read
    assert RecordingHandler.hits == []


# Clear errors, exit code 2, nothing written


def _render(folder: Path, practice: Path, client: Path, *extra: str) -> tuple[Result, Path]:
    out = folder / "out"
    result = run("render", "--practice", practice, "--client", client, "--out", out, *extra)
    return result, out


def _invalid(*problems: str) -> str:
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return (
        "\n".join([f"Invalid input ({count}); nothing was written:", *(f"  {p}" for p in problems)])
        + "\n"
    )


def _assert_refused(result: Result, out: Path, stderr: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == stderr
    assert "Traceback" not in result.output
    assert not out.exists()


CLIENT_PROBLEMS = [
    (
        "plan.dosing_sessions",
        "three",
        "Input should be a valid integer, unable to parse string as an integer; write a whole "
        "number",
    ),
    ("plan.video_sessions", [True], "Input should be a valid boolean; write true or false"),
    (
        "emergency_contact",
        "Lena Bell",
        "Input should be a valid dictionary or instance of Person; give this section's fields "
        "(`kap-consent schema` lists them)",
    ),
    (
        "nickname",
        "Marc",
        "unknown field; check the spelling (`kap-consent schema` lists every field)",
    ),
    (
        "date_of_birth",
        "1984-02-30",
        "Input should be a valid date or datetime, day value is outside expected range; write a "
        "real date as YYYY-MM-DD",
    ),
    (
        "plan.start_date",
        "2026-13-01",
        "Input should be a valid date or datetime, month value is outside expected range of 1-12; "
        "write a real date as YYYY-MM-DD",
    ),
    (
        "date_of_birth",
        "2012-05-01",
        "the client is under 18 at the start date, and the practice file does not say it treats "
        "minors; check the date, or add `minors: {states: [...]}` to the practice file after "
        "counsel has reviewed your state's law",
    ),
    (
        "plan.prescriber",
        "nobody",
        "no prescriber with this id in the practice file (known: okafor)",
    ),
    ("legal_name", "Marcus\tBell", "contains a control character (such as a tab); remove it"),
    ("legal_name", "Marcus\u2028Bell", "contains a control character (such as a tab); remove it"),
    ("legal_name", "Marcus\nBell", "must be on one line; remove the line break"),
    (
        "id",
        "../x",
        "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit (it names the "
        "output folder, so no spaces, dots or slashes)",
    ),
    (
        "id",
        "/etc/cron.d/x",
        "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit (it names the "
        "output folder, so no spaces, dots or slashes)",
    ),
    ("id", "con", "is a name Windows reserves for devices; choose another client ID"),
    ("id", "LPT1", "is a name Windows reserves for devices; choose another client ID"),
]


def _set_field(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set `a.b.0.c` inside nested input data (list indexes are digits)."""
    *parents, name = dotted.split(".")
    target: Any = data
    for parent in parents:
        target = target[int(parent)] if parent.isdigit() else target[parent]
    target[name] = value


@pytest.mark.parametrize(("field", "value", "reason"), CLIENT_PROBLEMS)
def test_bad_client_field(
    tmp_path: Path,
    write: Write,
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
    field: str,
    value: Any,
    reason: str,
) -> None:
    _set_field(client_data, field, value)
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    where = f"CP-0001: {field}" if "under 18" in reason else field
    _assert_refused(*_render(tmp_path, practice, client), _invalid(f"{client}: {where}: {reason}"))


PRACTICE_PROBLEMS = [
    (
        "prescribers.0.npi",
        "1234567890",
        "fails the NPI check digit; copy the number again from the NPI registry",
    ),
    (
        "sessions.dosing.fee",
        float("nan"),
        "Input should be a finite number; write a number such as 250 or 99.50",
    ),
    (
        "sessions.dosing.fee",
        float("inf"),
        "Input should be a finite number; write a number such as 250 or 99.50",
    ),
    ("logo", "missing.png", "cannot read the logo file; check that missing.png exists"),
    ("logo", ".", "is not a saved image file; give the path of a PNG or JPEG file"),
    ("logo", "practice.json", "not a PNG or JPEG image; export the logo as PNG"),
]


@pytest.mark.parametrize(("field", "value", "reason"), PRACTICE_PROBLEMS)
def test_bad_practice_field(
    tmp_path: Path,
    write: Write,
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
    field: str,
    value: Any,
    reason: str,
) -> None:
    _set_field(practice_data, field, value)
    practice = write(tmp_path, "practice.json", practice_data)  # JSON can say NaN
    client = write(tmp_path, "client.yaml", client_data)
    where = field.replace(".0.", "[0].")
    _assert_refused(
        *_render(tmp_path, practice, client), _invalid(f"{practice}: {where}: {reason}")
    )


MALFORMED = [
    (
        "client.yaml",
        "id: CP-1\nlegal_name: [Marcus\n",
        "line 2, column 13: the list opened with '[' here is not closed; close it with ']', "
        "and if a value contains ',' or ':' add quotes around the value",
    ),
    (
        "client.yaml",
        "id: !!python/object/apply:os.system [echo hi]\n",
        "line 1, column 5: a value starts with '!', which YAML reads as a type tag; "
        "remove it, or add quotes around the value",
    ),
    (
        "client.json",
        '{"id": "CP-1",',
        "not valid JSON: Expecting property name enclosed in double quotes: line 1 column 15 "
        "(char 14)",
    ),
    ("client.json", "[" * 100_000, "not valid JSON: nested too deeply"),
    (
        "client.toml",
        "date_of_birth = 1984-02-30\n",
        "not valid TOML: Invalid date or datetime (at line 1, column 17)",
    ),
    (
        "client.yaml",
        "date_of_birth: !!int 1984-02-30\n",
        "not valid YAML: a value cannot be read; check numbers and dates",
    ),
]


@pytest.mark.parametrize(("name", "text", "reason"), MALFORMED)
def test_malformed_client_file(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], name: str, text: str, reason: str
) -> None:
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = tmp_path / name
    client.write_text(text, encoding="utf-8")
    _assert_refused(*_render(tmp_path, practice, client), _invalid(f"{client}: {reason}"))


def test_byte_order_mark_is_not_content(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = tmp_path / "client.json"
    client.write_bytes(b"\xef\xbb\xbf" + json.dumps(client_data).encode())
    result = run("validate", "--practice", practice, "--client", client)
    assert result.exit_code == 0, result.output


def test_output_folder_that_cannot_be_written(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    (tmp_path / "file.txt").write_text("a file, not a folder")
    out = tmp_path / "file.txt" / "out"
    result = run("render", "--practice", practice, "--client", client, "--out", out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {out}: cannot write there (no permission); choose another --out\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "client.yaml",
        "file.txt",
        "practice.yaml",
    ]


def test_every_problem_of_a_list_at_once_and_nothing_written(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    good = {**client_data, "id": "CP-0002"}
    bad = {**client_data, "id": "../escape", "date_of_birth": "1984-02-30"}
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "clients.yaml", {"clients": [good, bad]})
    result, out = _render(tmp_path, practice, client)
    _assert_refused(
        result,
        out,
        _invalid(
            f"{client}: clients[1].id: {CLIENT_PROBLEMS[11][2]}",
            f"{client}: clients[1].date_of_birth: {CLIENT_PROBLEMS[4][2]}",
        ),
    )
    assert not (tmp_path / "escape").exists()


# Privacy of what is written


def test_written_files_hold_no_client_data_in_names_or_metadata(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    name = "Zebulon Quartermaine-Xy"
    client_data["legal_name"] = name
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    result, out = _render(tmp_path, practice, client, "--documents", "KAP-FEE")
    assert result.exit_code == 0, result.output
    assert name not in result.output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert files == [
        "CP-0001",
        "CP-0001/07-fees.docx",
        "CP-0001/07-fees.pdf",
        "CP-0001/packet.pdf",
        "kap-consent-record.sqlite",
    ]
    record = (out / "kap-consent-record.sqlite").read_bytes()
    for detail in (name.split()[0], client_data["date_of_birth"], client_data["phone"]):
        assert detail.encode() not in record
    assert b"CP-0001" in record
    for pdf in ("07-fees.pdf", "packet.pdf"):
        metadata = PdfReader(out / "CP-0001" / pdf).metadata or {}
        assert not any(name.split()[0] in str(value) for value in metadata.values())
    properties = docx.Document(str(out / "CP-0001" / "07-fees.docx")).core_properties
    described = [properties.title, properties.author, properties.subject, properties.keywords]
    assert not any(name.split()[0] in (value or "") for value in described)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    assert modes == {
        "out": 0o700,
        "CP-0001": 0o700,
        "07-fees.docx": 0o600,
        "07-fees.pdf": 0o600,
        "packet.pdf": 0o600,
        "kap-consent-record.sqlite": 0o600,
    }


# Templates a practice changes run in a sandbox

SANDBOX = [
    (
        "{{ ''.__class__.__mro__ }}",
        "not allowed in a template: access to attribute '__class__' of 'str' object is unsafe.",
    ),
    (
        "{{ cycler.__init__.__globals__.os.environ }}",
        "not allowed in a template: access to attribute '__init__' of 'type' object is unsafe.",
    ),
    (
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "not allowed in a template: access to attribute '__globals__' of 'function' object is "
        "unsafe.",
    ),
    (
        "{{ client.update({'name': 'x'}) }}",
        "not allowed in a template: access to attribute 'update' of 'dict' object is unsafe.",
    ),
    ("{% include '/etc/passwd' %}", "the template failed (TypeError); check the expression"),
    ("{{ environ.HOME }}", "'environ' is undefined; the value does not exist in the context"),
]


@pytest.mark.parametrize(("source", "reason"), SANDBOX)
def test_clause_override_cannot_reach_python_files_or_environment(
    tmp_path: Path,
    write: Write,
    practice_data: dict[str, Any],
    client_data: dict[str, Any],
    source: str,
    reason: str,
) -> None:
    overrides = tmp_path / "templates"
    (overrides / "clauses" / "KAP-FEE").mkdir(parents=True)
    (overrides / "clauses" / "KAP-FEE" / "session-fees.txt").write_text(f"Fees. {source}")
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    result, out = _render(
        tmp_path, practice, client, "--templates", str(overrides), "--documents", "KAP-FEE"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "[1/1] rendering CP-0001\nError: CP-0001: KAP-FEE section therapy-fees clause "
        f"session-fees: {reason}\nNothing was written. Fix the problem, then run again.\n"
    )
    assert not out.exists()


def test_html_layout_override_cannot_read_files(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    overrides = tmp_path / "templates"
    layout = overrides / "layout" / "document.html.j2"
    layout.parent.mkdir(parents=True)
    layout.write_text("<p>{% include '../../../../../../etc/passwd' %}</p>")
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    result, out = _render(
        tmp_path, practice, client, "--templates", str(overrides), "--documents", "KAP-FEE"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"[1/1] rendering CP-0001\nError: CP-0001: KAP-FEE {layout}: the template failed "
        "(TemplateNotFound); check the expression\nNothing was written. Fix the problem, then "
        "run again.\n"
    )
    assert not out.exists()


def test_disclosure_check_finds_the_body_whatever_the_name_reads_back_as(
    tmp_path: Path, practice_data: dict[str, Any], home_client: dict[str, Any]
) -> None:
    """A ligature or a mark can read back differently in the header than in the body; the
    check must still see the whole body (found by the property tests)."""
    practice_data["display_name"] = "Ȼ §≓!\u2223𝌢ẫᾒ㈇©🂷 ﬃ Ἆṹ̋丈"
    practice_data["telehealth"] = TELEHEALTH
    home_client["support_person"]["name"] = "╖ｍṓ 圈͊ \u03a7͋Ữㅟ̞ơ"
    document = _emergency_form(tmp_path, practice_data, home_client).documents[0]
    assert len(pdf_pages(document.pdf or b"")) > 1
