"""Shared fixtures: small valid input data, a file writer, and a fixed date."""

from __future__ import annotations

import gc
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

EXAMPLES = Path(__file__).parent.parent / "examples"
SOURCE_DATE_EPOCH = "1795651200"  # 2026-11-26 UTC


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every age check and printed date see 2026-11-26."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    """Undo the heap freeze a rendering test leaves, so later tests see a plain heap."""
    yield
    gc.unfreeze()


@pytest.fixture
def examples() -> Path:
    """Return the folder of the fictional example practice and clients."""
    return EXAMPLES


@pytest.fixture
def practice_data() -> dict[str, Any]:
    """Return a minimal valid practice: one clinician, one prescriber, no telehealth."""
    return {
        "legal_name": "Cedar Path Psychological Services, PC",
        "display_name": "Cedar Path Therapy",
        "address": "2150 Alder Street\nPortland, OR 97205",
        "phone": "503-555-0142",
        "email": "office@cedarpath.example",
        "states": ["OR"],
        "offices": [
            {"id": "portland", "address": "2150 Alder Street\nPortland, OR 97205", "state": "OR"}
        ],
        "clinicians": [
            {
                "id": "rivera",
                "name": "Dana Rivera",
                "credentials": "PhD",
                "licenses": [
                    {"type": "Licensed Psychologist", "number": "PSY-3172", "state": "OR"}
                ],
            }
        ],
        "prescribers": [
            {
                "id": "okafor",
                "name": "Adaeze Okafor",
                "credentials": "MD",
                "organization": "Willamette Integrative Psychiatry, LLC",
                "licenses": [{"type": "Physician (MD)", "number": "MD-204417", "state": "OR"}],
                "npi": "1341672115",
                "phone": "503-555-0177",
                "on_call_phone": "503-555-0178",
                "email": "care@willamettepsych.example",
            }
        ],
        "sessions": {
            "preparation": {"minutes": 55, "fee": 200},
            "dosing": {"minutes": 180, "fee": 550},
            "integration": {"minutes": 55, "fee": 200},
        },
        "cancellation_policy": "Please give 48 hours' notice to cancel a session.",
        "records_contact": {
            "name": "Privacy Officer",
            "address": "2150 Alder Street\nPortland, OR 97205",
            "phone": "503-555-0142",
            "email": "privacy@cedarpath.example",
        },
    }


@pytest.fixture
def client_data() -> dict[str, Any]:
    """Return a minimal valid adult client with office dosing only."""
    return {
        "id": "CP-0001",
        "legal_name": "Marcus Bell",
        "date_of_birth": "1984-06-12",
        "address": "415 NE Fremont Street\nPortland, OR 97212",
        "phone": "503-555-0110",
        "emergency_contact": {"name": "Lena Bell", "relationship": "wife", "phone": "503-555-0111"},
        "plan": {
            "therapist": "rivera",
            "prescriber": "okafor",
            "settings": "office",
            "preparation_sessions": 2,
            "dosing_sessions": 3,
            "integration_sessions": 3,
            "medication_form": "troche",
            "start_date": "2026-12-07",
        },
    }


HOME_PROTOCOL = {
    "fasting_food_hours": 4,
    "max_systolic": 160,
    "max_diastolic": 90,
    "max_heart_rate": 100,
    "home_vitals": {"measured_by": "client", "device": "an automatic upper-arm cuff"},
}
CRISIS_PLAN = [
    {"action": "Your therapist calls you, then your support person.", "calls": ["client"]},
    {"action": "If no one answers, your therapist calls 911.", "calls": ["911"]},
]
SUPPORT_PERSON = {"name": "Tomas Ortega", "relationship": "partner", "phone": "360-555-0125"}


def ready_for_home(practice: dict[str, Any], client: dict[str, Any], state: str = "OR") -> None:
    """Give the minimal practice and client what home dosing needs (in place)."""
    practice.setdefault("telehealth", {"platform": "Doxy.me", "backup_phone": "503-555-0142"})
    practice.setdefault("crisis_plan", CRISIS_PLAN)
    prescriber = practice["prescribers"][0]
    prescriber["protocol"] = {**HOME_PROTOCOL, **prescriber.get("protocol", {})}
    client["plan"].update(settings="home", home_state=state)
    client.setdefault("support_person", SUPPORT_PERSON)


@pytest.fixture
def write() -> Callable[[Path, str, Any], Path]:
    """Return a helper that writes data as YAML, JSON or TOML, chosen by the file's suffix."""
    return write_data


def write_data(folder: Path, name: str, data: Any) -> Path:
    """Write `data` to `folder / name` in the format its suffix names; return the path."""
    path = folder / name
    if path.suffix in (".yaml", ".yml"):
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    elif path.suffix == ".json":
        text = json.dumps(data, indent=2)
    elif path.suffix == ".toml":
        text = _toml(data)
    else:
        raise ValueError(f"no writer for {path.suffix}")
    path.write_text(text, encoding="utf-8")
    return path


def _toml(data: dict[str, Any]) -> str:
    """Write top-level lists of tables as [[name]] sections, everything else inline."""
    tables = {k: v for k, v in data.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
    lines = [f"{k} = {_toml_value(v)}" for k, v in data.items() if k not in tables]
    for key, items in tables.items():
        for item in items:
            lines += ["", f"[[{key}]]", *(f"{k} = {_toml_value(v)}" for k, v in item.items())]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    # JSON's string escapes, numbers and booleans are valid TOML too.
    return json.dumps(value)


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Answers every GET and remembers its path, so a test can prove nothing was fetched."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        RecordingHandler.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """Return the base URL of a local web server on 127.0.0.1 that records every request."""
    RecordingHandler.hits.clear()
    httpd = http.server.HTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
