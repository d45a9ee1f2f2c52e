"""Loading practice and client files: formats, shapes, and every problem reported at once."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kap_consent.clock import today
from kap_consent.errors import DataError
from kap_consent.loading import check_client, load_clients, load_practice
from kap_consent.models import Client, Practice

Write = Callable[[Path, str, Any], Path]

UNKNOWN = "unknown field; check the spelling (`kap-consent schema` lists every field)"
MISSING = "required field is missing; add it"
TELEHEALTH = {"platform": "Doxy.me", "backup_phone": "503-555-0142"}
SUPPORT = {"name": "Tomas Ortega", "relationship": "partner", "phone": "360-555-0125"}
GUARDIAN = {
    "name": "Ana Bell",
    "relationship": "mother",
    "phone": "503-555-0112",
    "authority": "parent of a minor",
}


@pytest.fixture
def practice(practice_data: dict[str, Any]) -> Practice:
    return Practice.model_validate(practice_data)


def problems_of(load: Callable[[], object]) -> list[str]:
    """Return the problems of the DataError that `load` raises."""
    with pytest.raises(DataError) as info:
        load()
    assert str(info.value) == "\n".join(info.value.problems)
    return info.value.problems


def client_problems(path: Path, practice: Practice) -> list[str]:
    return problems_of(lambda: load_clients(path, practice, today()))


# Formats and shapes


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".toml"])
def test_load_practice_each_format(
    tmp_path: Path, write: Write, practice_data: dict[str, Any], suffix: str
) -> None:
    practice = load_practice(write(tmp_path, f"practice{suffix}", practice_data))
    assert practice.display_name == "Cedar Path Therapy"
    assert practice.address == "2150 Alder Street\nPortland, OR 97205"
    assert [c.id for c in practice.clinicians] == ["rivera"]
    assert practice.prescribers[0].npi == "1341672115"
    assert practice.telehealth is None


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".toml"])
def test_load_clients_list_each_format(
    tmp_path: Path, write: Write, practice: Practice, client_data: dict[str, Any], suffix: str
) -> None:
    second = {**client_data, "id": "CP-0002", "legal_name": "Priya Raman"}
    path = write(tmp_path, f"clients{suffix}", {"clients": [client_data, second]})
    clients = load_clients(path, practice, today())
    assert [c.id for c in clients] == ["CP-0001", "CP-0002"]
    assert str(clients[0].plan.start_date) == "2026-12-07"


def test_toml_clients_use_array_of_tables(
    tmp_path: Path, write: Write, client_data: dict[str, Any]
) -> None:
    text = write(tmp_path, "clients.toml", {"clients": [client_data]}).read_text()
    assert text.startswith('\n[[clients]]\nid = "CP-0001"\n')


def test_single_client_file(
    tmp_path: Path, write: Write, practice: Practice, client_data: dict[str, Any]
) -> None:
    clients = load_clients(write(tmp_path, "c.yaml", client_data), practice, today())
    assert [c.id for c in clients] == ["CP-0001"]


def test_bare_list_of_clients(
    tmp_path: Path, write: Write, practice: Practice, client_data: dict[str, Any]
) -> None:
    clients = load_clients(write(tmp_path, "c.json", [client_data]), practice, today())
    assert [c.id for c in clients] == ["CP-0001"]


def test_paths_name_the_list_row_only_for_a_list(
    tmp_path: Path, write: Write, practice: Practice, client_data: dict[str, Any]
) -> None:
    client_data["plan"]["therapist"] = "nobody"
    single = write(tmp_path, "single.yaml", client_data)
    listed = write(tmp_path, "listed.yaml", [client_data])
    wrapped = write(tmp_path, "wrapped.yaml", {"clients": [client_data]})
    why = "no clinician with this id in the practice file (known: rivera)"
    assert client_problems(single, practice) == [f"{single}: plan.therapist: {why}"]
    assert client_problems(listed, practice) == [f"{listed}: clients[0].plan.therapist: {why}"]
    assert client_problems(wrapped, practice) == [f"{wrapped}: clients[0].plan.therapist: {why}"]


def test_empty_client_list(tmp_path: Path, write: Write, practice: Practice) -> None:
    path = write(tmp_path, "c.yaml", {"clients": []})
    assert client_problems(path, practice) == [f"{path}: no clients in the file; add at least one"]


# Field errors


def test_unknown_key(tmp_path: Path, write: Write, practice_data: dict[str, Any]) -> None:
    practice_data["clinicians"][0]["nmae"] = "Dana Rivera"
    path = write(tmp_path, "practice.yaml", practice_data)
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: clinicians[0].nmae: unknown field; did you mean name?"
    ]


def test_missing_required_field(
    tmp_path: Path, write: Write, practice_data: dict[str, Any]
) -> None:
    del practice_data["records_contact"]["email"]
    path = write(tmp_path, "practice.json", practice_data)
    assert problems_of(lambda: load_practice(path)) == [f"{path}: records_contact.email: {MISSING}"]


def test_every_practice_problem_reported_at_once(
    tmp_path: Path, write: Write, practice_data: dict[str, Any]
) -> None:
    practice_data["phone"] = "555-0142"
    practice_data["states"] = ["OR", "XX"]
    practice_data["clinicians"][0]["nmae"] = practice_data["clinicians"][0].pop("name")
    practice_data["prescribers"][0]["npi"] = "1341672116"
    practice_data["sessions"]["dosing"]["minutes"] = 0
    path = write(tmp_path, "practice.yaml", practice_data)
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: phone: is not a 10-digit US phone number; write it like 555-123-4567",
        f"{path}: states[1]: is not a US state code; use two letters such as CA or NY",
        f"{path}: clinicians[0].name: {MISSING}",
        f"{path}: clinicians[0].nmae: unknown field; did you mean name?",
        f"{path}: prescribers[0].npi: fails the NPI check digit; "
        "copy the number again from the NPI registry",
        f"{path}: sessions.dosing.minutes: Input should be greater than 0; check the number",
    ]


def test_every_client_problem_reported_at_once(
    tmp_path: Path, write: Write, practice: Practice, client_data: dict[str, Any]
) -> None:
    bad_fields = {**client_data, "id": "CP 2", "phone": "call me"}
    bad_plan = {**client_data, "id": "CP-0003", "plan": {**client_data["plan"], "prescriber": "x"}}
    path = write(tmp_path, "clients.yaml", [client_data, bad_plan, client_data, bad_fields])
    assert client_problems(path, practice) == [
        f"{path}: clients[1].plan.prescriber: no prescriber with this id in the practice file "
        "(known: okafor)",
        f"{path}: clients[3].id: must be 1-64 letters, digits, '-' or '_', starting with a letter "
        "or digit (it names the output folder, so no spaces, dots or slashes)",
        f"{path}: clients[3].phone: is not a 10-digit US phone number; write it like 555-123-4567",
        f"{path}: clients[2].id: repeats the id of clients[0]; each client needs its own id",
    ]


def test_bad_npi_check_digit(tmp_path: Path, write: Write, practice_data: dict[str, Any]) -> None:
    practice_data["prescribers"][0]["npi"] = "1234567890"
    path = write(tmp_path, "practice.toml", practice_data)
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: prescribers[0].npi: fails the NPI check digit; "
        "copy the number again from the NPI registry"
    ]


def test_duplicate_clinician_ids(
    tmp_path: Path, write: Write, practice_data: dict[str, Any]
) -> None:
    practice_data["clinicians"].append(practice_data["clinicians"][0])
    path = write(tmp_path, "practice.yaml", practice_data)
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: (top level): clinicians share the id rivera; ids must differ"
    ]


# Unreadable files


def test_malformed_yaml(tmp_path: Path) -> None:
    path = tmp_path / "practice.yaml"
    path.write_text("legal_name: Cedar Path\nstates: [OR, WA\nphone: 503-555-0142\n")
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: line 2, column 9: the list opened with '[' here is not closed; close it "
        "with ']', and if a value contains ',' or ':' add quotes around the value"
    ]


def test_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "practice.json"
    path.write_text('{"legal_name": "Cedar Path",}')
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: not valid JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 29 (char 28)"
    ]


def test_malformed_toml(tmp_path: Path) -> None:
    path = tmp_path / "practice.toml"
    path.write_text('legal_name = "Cedar Path\n')
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: not valid TOML: Illegal character '\\n' (at line 1, column 25)"
    ]


def test_file_not_found(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert problems_of(lambda: load_practice(path)) == [f"{path}: file not found; check the path"]


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "practice.txt"
    path.write_text("legal_name: Cedar Path\n")
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: unsupported file type; use .yaml, .yml, .json or .toml"
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "practice.yaml"
    path.write_bytes(b"legal_name: Caf\xe9\n")
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: cannot read the file (UnicodeDecodeError); save it as UTF-8 text"
    ]


# Cross-checks between client, plan and practice


def test_unknown_therapist_and_prescriber_list_known_ids(
    practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice_data["clinicians"].append({**practice_data["clinicians"][0], "id": "chen"})
    practice = Practice.model_validate(practice_data)
    client_data["plan"].update(therapist="rivero", prescriber="okafore")
    client = Client.model_validate(client_data)
    assert check_client(client, practice, today()) == [
        (
            "plan.therapist",
            "no clinician with this id in the practice file (known: rivera, chen); "
            "did you mean rivera?",
        ),
        (
            "plan.prescriber",
            "no prescriber with this id in the practice file (known: okafor); did you mean okafor?",
        ),
    ]


def test_home_plan_needs_support_person(
    practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    practice = Practice.model_validate({**practice_data, "telehealth": TELEHEALTH})
    client_data["plan"]["settings"] = "home"
    assert check_client(Client.model_validate(client_data), practice, today()) == [
        ("support_person", "required because the plan has home sessions; add the support person")
    ]
    client_data["support_person"] = SUPPORT
    assert check_client(Client.model_validate(client_data), practice, today()) == []


@pytest.mark.parametrize(
    "plan", [{"settings": "both"}, {"settings": "office", "video_sessions": True}]
)
def test_remote_plan_needs_telehealth(
    practice: Practice, client_data: dict[str, Any], plan: dict[str, Any]
) -> None:
    client_data["plan"].update(plan)
    client_data["support_person"] = SUPPORT
    assert check_client(Client.model_validate(client_data), practice, today()) == [
        (
            "plan.settings",
            "has video sessions but the practice file has no telehealth section; add one",
        )
    ]


def test_sharing_with_primary_care_needs_primary_care(
    practice: Practice, client_data: dict[str, Any]
) -> None:
    client_data["plan"]["share_with_primary_care"] = True
    assert check_client(Client.model_validate(client_data), practice, today()) == [
        (
            "primary_care",
            "required because share_with_primary_care is true; add it or set that to false",
        )
    ]
    client_data["primary_care"] = {"name": "Hazel Dell Family Medicine", "phone": "360-555-0150"}
    assert check_client(Client.model_validate(client_data), practice, today()) == []


def test_date_of_birth_in_the_future(
    tmp_path: Path, write: Write, practice: Practice, client_data: dict[str, Any]
) -> None:
    client_data["date_of_birth"] = "2026-11-27"
    path = write(tmp_path, "c.yaml", client_data)
    assert client_problems(path, practice) == [
        f"{path}: date_of_birth: is in the future; check the date (YYYY-MM-DD)"
    ]


def test_duplicate_client_ids(
    tmp_path: Path, write: Write, practice: Practice, client_data: dict[str, Any]
) -> None:
    path = write(tmp_path, "c.yaml", [client_data, client_data, client_data])
    assert client_problems(path, practice) == [
        f"{path}: clients[1].id: repeats the id of clients[0]; each client needs its own id",
        f"{path}: clients[2].id: repeats the id of clients[0]; each client needs its own id",
    ]


def test_duplicate_ids_name_the_rows_of_the_file(
    tmp_path: Path, write: Write, practice: Practice, client_data: dict[str, Any]
) -> None:
    invalid = {k: v for k, v in client_data.items() if k != "legal_name"}
    path = write(tmp_path, "c.yaml", [{**invalid, "id": "CP-0009"}, client_data, client_data])
    assert client_problems(path, practice) == [
        f"{path}: clients[0].legal_name: {MISSING}",
        f"{path}: clients[2].id: repeats the id of clients[1]; each client needs its own id",
    ]


# Logo


def test_logo_missing(tmp_path: Path, write: Write, practice_data: dict[str, Any]) -> None:
    path = write(tmp_path, "practice.yaml", {**practice_data, "logo": "logo.png"})
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: logo: cannot read the logo file; check that logo.png exists"
    ]


def test_logo_not_an_image(tmp_path: Path, write: Write, practice_data: dict[str, Any]) -> None:
    (tmp_path / "logo.png").write_text("<svg></svg>")
    path = write(tmp_path, "practice.yaml", {**practice_data, "logo": "logo.png"})
    assert problems_of(lambda: load_practice(path)) == [
        f"{path}: logo: not a PNG or JPEG image; export the logo as PNG"
    ]


def test_logo_resolved_relative_to_practice_file(
    tmp_path: Path,
    write: Write,
    practice_data: dict[str, Any],
    examples: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "data" / "img").mkdir(parents=True)
    shutil.copy(examples / "logo.png", tmp_path / "data" / "img" / "logo.png")
    write(tmp_path / "data", "practice.yaml", {**practice_data, "logo": "img/logo.png"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(tmp_path)
    practice = load_practice(Path("data/practice.yaml"))
    assert practice.logo == (tmp_path / "data" / "img" / "logo.png").resolve()
    assert practice.logo.is_absolute()


def test_jpeg_logo_accepted(tmp_path: Path, write: Write, practice_data: dict[str, Any]) -> None:
    from PIL import Image

    Image.new("RGB", (4, 4), "navy").save(tmp_path / "logo.jpg", "JPEG")
    practice = load_practice(write(tmp_path, "p.json", {**practice_data, "logo": "logo.jpg"}))
    assert practice.logo == (tmp_path / "logo.jpg").resolve()


def test_practice_and_client_problems_are_reported_together(
    tmp_path: Path, write: Any, practice_data: dict[str, Any], client_data: dict[str, Any]
) -> None:
    from kap_consent.loading import load_inputs

    del practice_data["phone"]
    client_data["phone"] = "call me"
    practice = write(tmp_path, "practice.yaml", practice_data)
    client = write(tmp_path, "client.yaml", client_data)
    with pytest.raises(DataError) as caught:
        load_inputs(practice, client, today())
    assert caught.value.problems == [
        f"{practice}: phone: required field is missing; add it",
        f"{client}: phone: is not a 10-digit US phone number; write it like 555-123-4567",
    ]
