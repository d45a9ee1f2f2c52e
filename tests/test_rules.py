"""The rules that decide whether a packet may exist: licensure, home dosing, minors, crisis plan.

Each rule is shown failing (exit 2, the exact message, nothing written) and passing, through
the Python API and the command line.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kap_consent import generate_packets, load_inputs
from kap_consent.cli import app
from kap_consent.clock import today
from kap_consent.context import build_context
from kap_consent.errors import DataError
from kap_consent.models import Client, Practice
from kap_consent.rules import review
from kap_consent.rules.minors import is_minor

from .conftest import ready_for_home

Write = Callable[[Path, str, Any], Path]
Data = dict[str, Any]

GUARDIAN = {
    "name": "Ana Bell",
    "relationship": "mother",
    "phone": "503-555-0112",
    "authority": "parent of a minor",
}
FIX_THERAPIST = "add the license to the practice file, or choose a therapist who may practice there"
FIX_PRESCRIBER = "add the license to the practice file, or choose a prescriber licensed there"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def lic(state: str, kind: str = "Licensed Psychologist") -> Data:
    return {"type": kind, "number": f"{state}-1001", "state": state}


@pytest.fixture
def home_ready(practice_data: Data, client_data: Data) -> tuple[Data, Data]:
    """The minimal practice (OR-only clinicians, serving OR and WA) and client, dosing in WA."""
    practice, client = copy.deepcopy(practice_data), copy.deepcopy(client_data)
    ready_for_home(practice, client, "WA")
    practice["states"] = ["OR", "WA"]
    return practice, client


@pytest.fixture
def home_practice(home_ready: tuple[Data, Data]) -> Data:
    return home_ready[0]


@pytest.fixture
def home_client(home_ready: tuple[Data, Data]) -> Data:
    return home_ready[1]


def problems(tmp_path: Path, write: Write, practice: Data, client: Data) -> list[str]:
    """Load both through the public API; return the problems it raises (none: [])."""
    p = write(tmp_path, "practice.yaml", practice)
    c = write(tmp_path, "client.yaml", client)
    try:
        load_inputs(p, c, today())
    except DataError as error:
        return error.problems
    return []


def cli_validate(tmp_path: Path, write: Write, practice: Data, client: Data) -> Result:
    return run(
        "validate",
        "--practice",
        write(tmp_path, "practice.yaml", practice),
        "--client",
        write(tmp_path, "client.yaml", client),
    )


# Licensure by location


def test_home_dosing_where_neither_clinician_is_licensed(
    tmp_path: Path, write: Write, home_practice: Data, home_client: Data
) -> None:
    c = tmp_path / "client.yaml"
    assert problems(tmp_path, write, home_practice, home_client) == [
        f"{c}: CP-0001: plan: home dosing in WA, but therapist rivera holds no WA license or "
        f"PSYPACT authority (licensed in: OR); {FIX_THERAPIST}",
        f"{c}: CP-0001: plan: home dosing in WA, but prescriber okafor holds no WA license "
        f"(licensed in: OR); {FIX_PRESCRIBER}",
    ]


def test_render_refuses_unlicensed_state_and_writes_nothing(
    tmp_path: Path, write: Write, home_practice: Data, home_client: Data
) -> None:
    out = tmp_path / "out"
    result = run(
        "render",
        "--practice",
        write(tmp_path, "practice.yaml", home_practice),
        "--client",
        write(tmp_path, "client.yaml", home_client),
        "--out",
        out,
    )
    assert result.exit_code == 2
    assert "CP-0001: plan: home dosing in WA, but therapist rivera holds no WA" in result.stderr
    assert not out.exists()


def test_second_licenses_cover_the_home_state(
    tmp_path: Path, write: Write, home_practice: Data, home_client: Data
) -> None:
    home_practice["clinicians"][0]["licenses"].append(lic("WA"))
    home_practice["prescribers"][0]["licenses"].append(lic("WA", "Physician (MD)"))
    assert problems(tmp_path, write, home_practice, home_client) == []
    result = cli_validate(tmp_path, write, home_practice, home_client)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stdout.lower()


def test_psypact_covers_video_but_not_the_office(
    tmp_path: Path, write: Write, home_practice: Data, home_client: Data
) -> None:
    """PSYPACT authority covers the therapist by video in WA; the prescriber still needs WA."""
    home_practice["clinicians"][0]["licenses"] = [lic("UT")]
    home_practice["clinicians"][0]["psypact"] = {
        "apit_number": "7781",
        "member_states": ["UT", "WA"],
    }
    home_practice["prescribers"][0]["licenses"].append(lic("WA", "Physician (MD)"))
    c = tmp_path / "client.yaml"
    assert problems(tmp_path, write, home_practice, home_client) == [
        f"{c}: CP-0001: plan: office sessions in OR, but therapist rivera holds no OR license "
        f"(licensed in: UT; PSYPACT covers video sessions only); {FIX_THERAPIST}",
    ]
    home_practice["clinicians"][0]["licenses"].append(lic("OR"))
    assert problems(tmp_path, write, home_practice, home_client) == []


def test_video_sessions_need_the_therapist_not_the_prescriber(
    tmp_path: Path, write: Write, practice_data: Data, client_data: Data
) -> None:
    practice_data.update(
        states=["OR", "WA", "ID"],
        telehealth={"platform": "Doxy.me", "backup_phone": "503-555-0142"},
    )
    client_data["plan"].update(video_sessions=True, video_states=["WA", "ID"])
    practice_data["clinicians"][0]["licenses"].append(lic("WA"))
    c = tmp_path / "client.yaml"
    assert problems(tmp_path, write, practice_data, client_data) == [
        f"{c}: CP-0001: plan: video sessions in ID, but therapist rivera holds no ID license or "
        f"PSYPACT authority (licensed in: OR, WA); {FIX_THERAPIST}",
    ]


def test_places_the_plan_must_name(
    tmp_path: Path, write: Write, home_practice: Data, home_client: Data
) -> None:
    del home_client["plan"]["home_state"]
    home_client["plan"]["video_sessions"] = True
    home_practice["offices"].append({"id": "salem", "address": "1 Court St, Salem", "state": "OR"})
    c = tmp_path / "client.yaml"
    assert problems(tmp_path, write, home_practice, home_client) == [
        f"{c}: CP-0001: plan.office: the practice has several offices (known: portland, salem); "
        "name the office",
        f"{c}: CP-0001: plan.home_state: required because the plan has home dosing; give the "
        "two-letter state of the home-session address",
        f"{c}: CP-0001: plan.video_states: required because video_sessions is true; list the "
        "states the client will join video sessions from, e.g. [OR]",
    ]
    home_client["plan"].update(office="eugene", home_state="OR", video_states=["OR"])
    assert problems(tmp_path, write, home_practice, home_client) == [
        f"{c}: CP-0001: plan.office: no office with this id in the practice file (known: "
        "portland, salem); name the office",
    ]
    home_client["plan"]["office"] = "salem"
    assert problems(tmp_path, write, home_practice, home_client) == []


def test_state_outside_the_practice_states(
    tmp_path: Path, write: Write, home_practice: Data, home_client: Data
) -> None:
    home_practice["states"] = ["OR"]
    home_practice["clinicians"][0]["licenses"].append(lic("WA"))
    home_practice["prescribers"][0]["licenses"].append(lic("WA", "Physician (MD)"))
    assert problems(tmp_path, write, home_practice, home_client) == [
        f"{tmp_path / 'client.yaml'}: CP-0001: plan: home dosing in WA, but the practice file's "
        "states (OR) do not include it; add WA to states, or change the plan",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"licenses": [lic("OR", "Licensed Professional Counselor")]},
            "psypact is only for psychologists; no license type names a psychologist (e.g. "
            "`Licensed Psychologist`); remove psypact or correct the license type",
        ),
        (
            {"licenses": [lic("OR")]},
            "psypact needs a license in a PSYPACT member state (the home state), but none of the "
            "licenses (OR) is in member_states; check the APIT and the member states",
        ),
    ],
)
def test_psypact_checks(
    tmp_path: Path, write: Write, practice_data: Data, change: Data, message: str
) -> None:
    practice_data["clinicians"][0].update(
        change, psypact={"apit_number": "7781", "member_states": ["WA", "UT"]}
    )
    path = write(tmp_path, "practice.yaml", practice_data)
    with pytest.raises(DataError) as info:
        load_inputs(path, None, today())
    assert info.value.problems == [f"{path}: clinicians[0]: {message}"]


def test_single_license_fields_of_version_0_1_name_the_new_list(
    tmp_path: Path, write: Write, practice_data: Data
) -> None:
    practice_data["clinicians"][0] = {
        **{k: v for k, v in practice_data["clinicians"][0].items() if k != "licenses"},
        "license_type": "Licensed Psychologist",
        "license_number": "PSY-3172",
        "license_state": "OR",
    }
    path = write(tmp_path, "practice.yaml", practice_data)
    with pytest.raises(DataError) as info:
        load_inputs(path, None, today())
    assert info.value.problems == [
        f"{path}: clinicians[0]: license_type, license_number and license_state are now one "
        "entry of a `licenses` list; write `licenses: [{type: ..., number: ..., state: ...}]`, "
        "one entry per license"
    ]


def test_packet_names_only_the_licenses_that_apply(practice_data: Data, client_data: Data) -> None:
    practice_data["clinicians"][0]["licenses"] += [lic("WA"), lic("CA")]
    practice_data["prescribers"][0]["licenses"].append(lic("WA", "Physician (MD)"))
    practice = Practice.model_validate(practice_data)
    ctx = build_context(practice, Client.model_validate(client_data), today())
    assert ctx["therapist"]["licenses_here"] == ["Licensed Psychologist, OR license PSY-3172"]
    assert ctx["prescriber"]["licenses_here"] == ["Physician (MD), OR license MD-204417"]
    assert ctx["therapist"]["video_licenses"] == []


# Home dosing needs the prescriber's numbers


def test_home_dosing_without_the_prescribers_numbers(
    tmp_path: Path, write: Write, home_practice: Data, home_client: Data
) -> None:
    home_client["plan"]["home_state"] = "OR"
    home_practice["prescribers"][0]["protocol"] = {"fasting_food_hours": 4, "max_systolic": 160}
    assert problems(tmp_path, write, home_practice, home_client) == [
        f"{tmp_path / 'practice.yaml'}: prescribers[0].protocol: prescriber okafor has "
        "home-dosing clients (CP-0001) but the protocol does not give max_diastolic, "
        "max_heart_rate, home_vitals; add them from the prescriber's written protocol",
    ]


def test_office_dosing_without_numbers_defers_to_the_prescriber(
    tmp_path: Path, write: Write, practice_data: Data, client_data: Data
) -> None:
    assert "protocol" not in practice_data["prescribers"][0]
    assert problems(tmp_path, write, practice_data, client_data) == []


def test_home_vitals_device_is_required_unless_the_prescriber_visits(
    tmp_path: Path, write: Write, practice_data: Data
) -> None:
    practice_data["prescribers"][0]["protocol"] = {"home_vitals": {"measured_by": "support_person"}}
    path = write(tmp_path, "practice.yaml", practice_data)
    with pytest.raises(DataError) as info:
        load_inputs(path, None, today())
    assert info.value.problems == [
        f"{path}: prescribers[0].protocol.home_vitals: device is required when support person "
        "measures; name it, e.g. `an automatic upper-arm blood-pressure cuff`"
    ]
    practice_data["prescribers"][0]["protocol"] = {
        "home_vitals": {"measured_by": "prescriber_visit"}
    }
    load_inputs(write(tmp_path, "practice.yaml", practice_data), None, today())


# Crisis plan


def test_home_dosing_needs_a_crisis_plan(
    tmp_path: Path, write: Write, home_practice: Data, home_client: Data
) -> None:
    home_client["plan"]["home_state"] = "OR"
    del home_practice["crisis_plan"]
    assert problems(tmp_path, write, home_practice, home_client) == [
        f"{tmp_path / 'practice.yaml'}: crisis_plan: required because CP-0001 has home dosing; "
        "list the steps the practice takes, in order, when it cannot reach a client or support "
        "person during a home session (see examples/practice.yaml)",
    ]


def test_crisis_steps_print_with_their_numbers(home_practice: Data, home_client: Data) -> None:
    home_client["plan"]["home_state"] = "OR"
    ctx = build_context(
        Practice.model_validate(home_practice), Client.model_validate(home_client), today()
    )
    assert ctx["crisis_steps"] == [
        "Step 1: Your therapist calls you, then your support person. Numbers called: your "
        "phone, 503-555-0110.",
        "Step 2: If no one answers, your therapist calls 911. Numbers called: 911.",
    ]


# Minors only by the practice's choice

TODAY = date(2026, 11, 26)  # SOURCE_DATE_EPOCH in conftest


def minor(client: Data, born: str = "2010-05-01") -> Data:
    return {**client, "date_of_birth": born, "personal_representative": GUARDIAN}


def test_minor_needs_the_practice_to_treat_minors(
    tmp_path: Path, write: Write, practice_data: Data, client_data: Data
) -> None:
    assert problems(tmp_path, write, practice_data, minor(client_data)) == [
        f"{tmp_path / 'client.yaml'}: CP-0001: date_of_birth: the client is under 18 at the "
        "start date, and the practice file does not say it treats minors; check the date, or "
        "add `minors: {states: [...]}` to the practice file after counsel has reviewed your "
        "state's law",
    ]


def test_minor_outside_the_minor_states_and_without_guardian(
    tmp_path: Path, write: Write, practice_data: Data, client_data: Data
) -> None:
    practice_data["minors"] = {"states": ["WA"]}
    client = minor(client_data)
    del client["personal_representative"]
    c = tmp_path / "client.yaml"
    assert problems(tmp_path, write, practice_data, client) == [
        f"{c}: CP-0001: plan: the client is under 18 and the plan places them in OR, but the "
        "practice treats minors only in WA (minors.states); change the plan or the practice's "
        "minors states",
        f"{c}: CP-0001: personal_representative: required because the client is under 18; add "
        "the parent or guardian who gives permission and signs",
    ]


def test_turning_18_before_the_start_date_is_an_adult(client_data: Data) -> None:
    client_data.update(date_of_birth="2008-12-01")  # 18 on 2026-12-01
    client_data["plan"]["start_date"] = "2026-12-07"
    assert not is_minor(Client.model_validate(client_data), TODAY)
    client_data["plan"]["start_date"] = "2026-11-30"
    assert is_minor(Client.model_validate(client_data), TODAY)


def test_minor_in_a_chosen_state_validates_with_a_warning(
    tmp_path: Path, write: Write, practice_data: Data, client_data: Data
) -> None:
    practice_data["minors"] = {"states": ["OR"]}
    result = cli_validate(tmp_path, write, practice_data, minor(client_data))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "1 warning (packets can be made):\n"
        f"  {tmp_path / 'client.yaml'}: CP-0001: date_of_birth: the client is under 18; before "
        "you use this packet, confirm with counsel how OR law governs a minor's consent to this "
        "treatment and who may see the minor's records\n"
    )


def test_minor_packet_has_permission_assent_and_the_under_18_fact(
    tmp_path: Path, write: Write, practice_data: Data, client_data: Data
) -> None:
    practice_data["minors"] = {"states": ["OR"]}
    warnings: list[str] = []
    [packet] = generate_packets(
        write(tmp_path, "practice.yaml", practice_data),
        write(tmp_path, "client.yaml", minor(client_data)),
        tmp_path / "out",
        formats={"docx"},
        documents=["KAP-IC", "KAP-MED"],
        on_warning=warnings.append,
    )
    assert len(warnings) == 1 and "the client is under 18" in warnings[0]
    consent, medication = packet.documents
    assert [s.label for s in consent.composed.signers] == [
        "Client, under 18 (assent)",
        "Therapist",
        "Parent or legal guardian (permission)",
    ]
    text = " ".join(consent.composed.body_text())
    assert "No ketamine product is approved by the FDA for any mental health use in anyone" in text
    assert "Your agreement is called assent." in text
    assert "Parent or guardian: By signing, I give permission for Marcus Bell" in text
    assert "under 18" in " ".join(medication.composed.body_text())


def test_adult_packet_has_no_minor_wording(
    tmp_path: Path, write: Write, practice_data: Data, client_data: Data
) -> None:
    [packet] = generate_packets(
        write(tmp_path, "practice.yaml", practice_data),
        write(tmp_path, "client.yaml", client_data),
        tmp_path / "out",
        formats={"docx"},
        documents=["KAP-IC"],
    )
    text = " ".join(packet.documents[0].composed.body_text())
    assert "assent" not in text and "under 18" not in text
    assert [s.label for s in packet.documents[0].composed.signers] == ["Client", "Therapist"]


def test_review_returns_nothing_for_the_examples(examples: Path) -> None:
    practice, clients = load_inputs(examples / "practice.yaml", examples / "clients.yaml", TODAY)
    assert review(practice, clients, TODAY) == []


def test_readme_rejected_plan_is_what_validate_prints(
    tmp_path: Path, examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worked example in the README, reproduced from the example files."""
    readme = (examples.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ kap-consent validate --practice practice.yaml --client clients.yaml\n")
    expected = block[1].split("```", 1)[0]
    practice = (examples / "practice.yaml").read_text(encoding="utf-8")
    practice = practice.replace(
        "      - {type: Licensed Psychologist, number: PY-61234567, state: WA}\n", ""
    )
    practice = practice.split("\ncrisis_plan:", 1)[0] + "\n"
    clients = (examples / "clients.yaml").read_text(encoding="utf-8")
    clients = clients.replace(
        "prescriber: okafor            # home dosing", "prescriber: lindqvist # home"
    )
    (tmp_path / "practice.yaml").write_text(practice, encoding="utf-8")
    (tmp_path / "clients.yaml").write_text(clients, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes((examples / "logo.png").read_bytes())
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--practice", "practice.yaml", "--client", "clients.yaml")
    assert result.exit_code == 2
    assert result.stderr == expected


@pytest.mark.parametrize("rule", ["licensure", "home numbers", "crisis plan", "minor"])
def test_each_rule_stops_the_command_line_and_writes_nothing(
    tmp_path: Path, write: Write, home_practice: Data, home_client: Data, rule: str
) -> None:
    home_practice["clinicians"][0]["licenses"].append(lic("WA"))
    home_practice["prescribers"][0]["licenses"].append(lic("WA", "Physician (MD)"))
    expected = {
        "licensure": "CP-0001: plan: home dosing in ID, but therapist rivera holds no ID license",
        "home numbers": "prescribers[0].protocol: prescriber okafor has home-dosing clients",
        "crisis plan": "crisis_plan: required because CP-0001 has home dosing",
        "minor": "CP-0001: date_of_birth: the client is under 18 at the start date",
    }[rule]
    if rule == "licensure":
        home_practice["states"].append("ID")
        home_client["plan"]["home_state"] = "ID"
    elif rule == "home numbers":
        del home_practice["prescribers"][0]["protocol"]
    elif rule == "crisis plan":
        del home_practice["crisis_plan"]
    else:
        home_client.update(date_of_birth="2011-01-01", personal_representative=GUARDIAN)
    out = tmp_path / "out"
    practice = write(tmp_path, "practice.yaml", home_practice)
    client = write(tmp_path, "client.yaml", home_client)
    for command in (["validate"], ["render", "--out", out]):
        result = run(*command, "--practice", practice, "--client", client)
        assert result.exit_code == 2, result.output
        assert expected in result.stderr
    assert not out.exists()
    assert problems(tmp_path, write, home_practice, home_client) != []
